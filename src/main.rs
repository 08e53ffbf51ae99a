// A native build (the tests of every crate build this binary for the host) lays out the
// whole page's view type, whose nesting passes the default limit of 128; the wasm build
// erases component types (`--cfg erase_components`) and never gets near it.
#![recursion_limit = "256"]

use ezcloud_reset::App;
use ezcloud_reset::shell::start_when_touched;

fn main() {
    start_when_touched(|| leptos::mount::mount_to_body(App));
}
