use ezcloud_reset::App;

fn main() {
    leptos::mount::mount_to_body(App);
}
