use crate::core::{Event, Flow, PuzzleView};
use crate::i18n::{Text, t};
use crate::shell::use_wizard;
use crate::widgets::notice::ErrorNotice;
use crate::widgets::puzzle::SliderPuzzle;
use crate::widgets::work_progress::WorkProgress;
use leptos::html;
use leptos::prelude::*;

/// Shows the human check as a modal dialog over step 1: the slider puzzle, or in its place the
/// accessible check that the browser works out alone; a word after a miss (the new puzzle or
/// check is already there), the result, and what went wrong otherwise.
///
/// Props: none; the wizard comes from context. Events: `DropPiece`, `ReloadPuzzle`,
/// `UseAccessibleCheck`, `UseSlider`, `ClosePuzzle` (the close button and Escape).
#[component]
pub fn PuzzleDialog() -> impl IntoView {
    let wizard = use_wizard();
    let view_of = wizard.select(|flow| flow.puzzle.as_ref().map(|puzzle| puzzle.view.clone()));
    let accessible = wizard.select(|flow| flow.puzzle.as_ref().is_some_and(|p| p.accessible));
    let status = wizard.select(|flow| {
        let puzzle = flow.puzzle.as_ref()?;
        match (puzzle.passed, puzzle.missed, puzzle.accessible) {
            (true, _, _) => Some(Text::CheckPassed),
            (_, true, false) => Some(Text::PuzzleFailed),
            (_, true, true) => Some(Text::WorkRestarted),
            _ => None,
        }
    });
    let busy = wizard.select(|flow| flow.busy());
    let loading = wizard.select(|flow: &Flow| {
        matches!(
            flow.puzzle.as_ref().map(|puzzle| &puzzle.view),
            Some(PuzzleView::Loading)
        )
    });
    let failure = wizard.select(
        |flow| match flow.puzzle.as_ref().map(|puzzle| &puzzle.view) {
            Some(PuzzleView::Failed(notice)) => Some(notice.clone()),
            _ => None,
        },
    );
    let percent = wizard.select(|flow| flow.work().map_or(0, |work| work.percent()));
    let seconds_left =
        wizard.select(|flow| flow.work().and_then(|work| work.seconds_left(flow.now_ms)));
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        if let Some(dialog) = dialog.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let close = move || wizard.send(Event::ClosePuzzle);
    let pick = move |slider: Text, accessible_check: Text| {
        move || {
            if accessible.get() {
                t(accessible_check)
            } else {
                t(slider)
            }
        }
    };
    view! {
        // A native modal dialog: the page behind is inert, focus stays inside, Escape cancels.
        <dialog
            class="ezr-dialog"
            node_ref=dialog
            aria-labelledby="ezr-puzzle-title"
            aria-describedby="ezr-puzzle-hint"
            on:cancel=move |event: web_sys::Event| {
                event.prevent_default();
                close();
            }
        >
            <div class="ezr-dialog__header">
                <h2 id="ezr-puzzle-title" class="ezr-dialog__title">{pick(Text::PuzzleTitle, Text::WorkTitle)}</h2>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleRefresh) title=t(Text::PuzzleRefresh) disabled=move || busy.get() || accessible.get() on:click=move |_| wizard.send(Event::ReloadPuzzle)>
                    "\u{21bb}"
                </button>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleClose) title=t(Text::PuzzleClose) on:click=move |_| close()>
                    "\u{2715}"
                </button>
            </div>
            // Said when the check changes, so that a screen reader learns what the new one asks.
            <p id="ezr-puzzle-hint" class="ezr-dialog__hint" role="status">{pick(Text::PuzzleHint, Text::WorkHint)}</p>
            <p class="ezr-field__error" role="status">{move || status.get().map(t)}</p>
            {move || match view_of.get() {
                Some(PuzzleView::Ready(puzzle)) => view! {
                    <SliderPuzzle puzzle=puzzle on_drop=wizard.sender(Event::DropPiece) disabled=Signal::derive(move || busy.get() || loading.get()) />
                }.into_any(),
                Some(PuzzleView::Working(_)) => view! { <WorkProgress percent=percent seconds_left=seconds_left /> }.into_any(),
                Some(PuzzleView::Failed(_)) => view! { <ErrorNotice notice=failure on_retry=wizard.sender(|event| event) /> }.into_any(),
                _ => view! { <p class="ezr-dialog__loading">{pick(Text::PuzzleLoading, Text::WorkLoading)}</p> }.into_any(),
            }}
            // One button that keeps focus as it switches between the two checks.
            <p class="ezr-links">
                <button
                    type="button"
                    class="ezr-button ezr-button--secondary"
                    on:click=move |_| wizard.send(if accessible.get_untracked() { Event::UseSlider } else { Event::UseAccessibleCheck })
                >
                    {pick(Text::UseAccessibleCheck, Text::UseSlider)}
                </button>
            </p>
        </dialog>
    }
}
