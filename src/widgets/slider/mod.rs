use crate::i18n::{Text, t};
use contract::wire::SliderChallenge;
use leptos::html;
use leptos::prelude::*;
use leptos::tachys::html::event::{KeyboardEvent, MouseEvent, PointerEvent};

/// `part` of `whole` as a CSS percentage with two decimals, in integers: formatting an `f64`
/// would pull the float formatter into the module.
fn percent(part: u32, whole: u32) -> String {
    let hundredths = u64::from(part) * 10_000 / u64::from(whole.max(1));
    format!("{}.{:02}%", hundredths / 100, hundredths % 100)
}

// `f64::clamp` would pull the float formatter into the module for its panic message; `max`
// and `min` cannot panic and give the same for every number.

/// How far, in CSS pixels, a press on the handle may move before its release and still be a tap.
const TAP_SLOP_PX: f64 = 4.0;

/// Where a click at `client_x` on an element spanning `left` to `left + span` (CSS pixels)
/// puts the piece: centred under the pointer, in image pixels, kept on the picture.
fn placed_at(client_x: f64, left: f64, span: f64, width: u32, piece: u32, max: u32) -> u32 {
    let at = (client_x - left) / span.max(1.0) * f64::from(width) - f64::from(piece) / 2.0;
    at.round().max(0.0).min(f64::from(max)) as u32
}

/// Where a drag that started at `start_x` has taken the piece, in image pixels.
fn dragged_to(start_x: u32, moved_css_px: f64, track_css_px: f64, width: u32, max: u32) -> u32 {
    let scale = f64::from(width) / track_css_px.max(1.0);
    let x = f64::from(start_x) + moved_css_px * scale;
    x.round().max(0.0).min(f64::from(max)) as u32
}

/// Shows the slider puzzle: the piece moves along the picture by dragging the handle with
/// mouse or touch, by a click or tap on the picture or the track (no dragging needed, WCAG
/// 2.5.7), or by the keyboard on the focusable `role="slider"` handle (arrows by one image
/// pixel, with Shift by ten); Enter, the end of a drag or "Check" drops it. A tap on the handle
/// places it like a tap on the track, without dropping it.
///
/// Events: `on_drop` with where the piece was dropped.
#[component]
pub fn Slider(
    /// The puzzle from the backend.
    puzzle: SliderChallenge,
    /// Called with the piece's left edge, in image pixels, when it is dropped.
    on_drop: Callback<u32>,
    /// While a drop is being checked, the piece stays put.
    #[prop(into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let SliderChallenge {
        background_image,
        piece_image,
        piece_y,
        piece_size,
        width,
        height,
        ..
    } = puzzle;
    let max = width.saturating_sub(piece_size);
    let x = RwSignal::new(0u32);
    let drag_start = StoredValue::new(None::<(f64, u32)>);
    let track = NodeRef::<html::Div>::new();
    let picture = NodeRef::<html::Div>::new();
    // A click or tap puts the piece where it landed, on the handle too: the handle's own
    // clicks do not reach the track, and its pointer events tell a tap from a drag.
    let place = move |client_x: i32, area: Option<web_sys::HtmlDivElement>| {
        if let (false, Some(area)) = (disabled.get_untracked(), area) {
            let rect = area.get_bounding_client_rect();
            x.set(placed_at(
                f64::from(client_x),
                rect.left(),
                rect.width(),
                width,
                piece_size,
                max,
            ));
        }
    };
    let handle = NodeRef::<html::Div>::new();
    Effect::new(move || {
        if let Some(handle) = handle.get() {
            let _ = handle.focus();
        }
    });
    let nudge = move |by: i64| {
        x.update(|x| *x = (i64::from(*x) + by).clamp(0, i64::from(max)) as u32);
    };
    let on_key = move |event: KeyboardEvent| {
        if disabled.get_untracked() {
            return;
        }
        let step = if event.shift_key() { 10 } else { 1 };
        match event.key().as_str() {
            "ArrowRight" | "ArrowUp" => nudge(step),
            "ArrowLeft" | "ArrowDown" => nudge(-step),
            "Home" => x.set(0),
            "End" => x.set(max),
            "Enter" | " " => on_drop.run(x.get_untracked()),
            _ => return,
        }
        event.prevent_default();
    };
    let on_pointer_down = move |event: PointerEvent| {
        if disabled.get_untracked() {
            return;
        }
        if let Some(handle) = handle.get_untracked() {
            let _ = handle.set_pointer_capture(event.pointer_id());
        }
        drag_start.set_value(Some((f64::from(event.client_x()), x.get_untracked())));
        event.prevent_default();
    };
    let on_pointer_move = move |event: PointerEvent| {
        let (Some((start_client_x, start_x)), Some(track)) =
            (drag_start.get_value(), track.get_untracked())
        else {
            return;
        };
        let moved = f64::from(event.client_x()) - start_client_x;
        let track_width = track.get_bounding_client_rect().width();
        x.set(dragged_to(start_x, moved, track_width, width, max));
    };
    // The end of a drag drops the piece; a tap (a press that hardly moved) only places it.
    let on_pointer_up = move |event: PointerEvent| {
        let Some((start_client_x, _)) = drag_start.get_value() else {
            return;
        };
        drag_start.set_value(None);
        if (f64::from(event.client_x()) - start_client_x).abs() <= TAP_SLOP_PX {
            place(event.client_x(), track.get_untracked());
        } else {
            on_drop.run(x.get_untracked());
        }
    };
    view! {
        // The picture is not text: the piece moves toward the gap in every language.
        <div class="ezr-slider" dir="ltr">
            <div class="ezr-slider__picture" node_ref=picture on:click=move |event: MouseEvent| place(event.client_x(), picture.get_untracked())>
                // Its size given, the picture's room is kept while it loads: nothing below it
                // moves under a finger or a click when it arrives.
                <img class="ezr-slider__background" src=background_image width=width.to_string() height=height.to_string() alt="" draggable="false" />
                <img
                    class="ezr-slider__piece"
                    src=piece_image
                    alt=""
                    draggable="false"
                    style:left=move || percent(x.get(), width)
                    style:top=percent(piece_y, height)
                    style:width=percent(piece_size, width)
                />
            </div>
            <div class="ezr-slider__track" node_ref=track on:click=move |event: MouseEvent| place(event.client_x(), track.get_untracked())>
                <div class="ezr-slider__fill" style:width=move || percent(x.get() + piece_size / 2, width)></div>
                <div
                    class="ezr-slider__handle"
                    node_ref=handle
                    role="slider"
                    tabindex="0"
                    aria-label=t(Text::PuzzleSlider)
                    aria-valuemin="0"
                    aria-valuemax=max.to_string()
                    aria-valuenow=move || x.get().to_string()
                    aria-disabled=move || disabled.get().then_some("true")
                    style:left=move || percent(x.get(), width)
                    style:width=percent(piece_size, width)
                    on:keydown=on_key
                    on:pointerdown=on_pointer_down
                    on:pointermove=on_pointer_move
                    on:pointerup=on_pointer_up
                    on:pointercancel=move |_| drag_start.set_value(None)
                    on:click=move |event: MouseEvent| event.stop_propagation()
                >
                    <span aria-hidden="true">"\u{2192}"</span>
                </div>
            </div>
            <div class="ezr-actions">
                <button type="button" class="ezr-button" disabled=disabled on:click=move |_| on_drop.run(x.get_untracked())>
                    {t(Text::PuzzleCheck)}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::dragged_to;

    #[test]
    fn percentages_are_exact_to_two_decimals() {
        assert_eq!(super::percent(12, 320), "3.75%");
        assert_eq!(super::percent(56, 320), "17.50%");
        assert_eq!(super::percent(1, 3), "33.33%");
        assert_eq!(
            super::percent(5, 0),
            "500.00%",
            "a zero width cannot divide by zero"
        );
    }

    #[test]
    fn a_click_centres_the_piece_under_the_pointer_and_keeps_it_on_the_picture() {
        use super::placed_at;
        assert_eq!(placed_at(200.0, 40.0, 320.0, 320, 56, 264), 132);
        assert_eq!(
            placed_at(120.0, 40.0, 160.0, 320, 56, 264),
            132,
            "half size, same place"
        );
        assert_eq!(placed_at(41.0, 40.0, 320.0, 320, 56, 264), 0);
        assert_eq!(placed_at(900.0, 40.0, 320.0, 320, 56, 264), 264);
        assert_eq!(
            placed_at(10.0, 40.0, 0.0, 320, 56, 264),
            0,
            "a collapsed picture cannot divide by zero"
        );
    }

    #[test]
    fn drags_scale_from_css_pixels_to_image_pixels_and_stay_on_the_track() {
        assert_eq!(dragged_to(0, 80.0, 160.0, 320, 264), 160);
        assert_eq!(dragged_to(100, -500.0, 320.0, 320, 264), 0);
        assert_eq!(dragged_to(100, 500.0, 320.0, 320, 264), 264);
        assert_eq!(
            dragged_to(10, 5.0, 0.0, 320, 264),
            264,
            "a collapsed track cannot divide by zero"
        );
    }
}
