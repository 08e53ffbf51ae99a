#!/bin/sh
# The wasm32 linker: rust-lld, minus the exports of wasm-streams' JavaScript classes
# (IntoUnderlyingSource, IntoUnderlyingByteSource, IntoUnderlyingSink). Leptos always builds
# server_fn for the browser, which brings them; this app calls no server function, and an
# export is never dead code, so they kept 5.5 KB of brotli-compressed wasm and glue alive.
# server_fn makes these objects only to stream a server function's body, which this app has not;
# the end-to-end tests run the whole app on the release build linked this way. Should rustc
# ever pass the exports in another form, they would stay, and the size budget would fail.
for arg do
  shift
  if [ -n "$export_next" ]; then
    export_next=
    case "$arg" in
      *intounderlying*) ;;
      *) set -- "$@" --export "$arg" ;;
    esac
  elif [ "$arg" = "--export" ]; then
    export_next=1
  else
    set -- "$@" "$arg"
  fi
done
# rustc puts its own tools first on the linker's PATH, so this is the rust-lld it would call.
exec rust-lld "$@"
