use crate::core::{Check, CheckKind, Event, Loadable, PuzzleStatus, TimeLeft};
use crate::i18n::{Counted, Text, count, t};
use crate::shell::use_wizard;
use crate::views::ErrorNotice;
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
    let check = wizard.select(|flow| flow.puzzle.as_ref().map(|puzzle| puzzle.check.clone()));
    let accessible = wizard.select(|flow| {
        flow.puzzle
            .as_ref()
            .is_some_and(|puzzle| puzzle.check.kind() == CheckKind::ProofOfWork)
    });
    let status = wizard.select(|flow| match flow.puzzle.as_ref()?.status {
        PuzzleStatus::Quiet => None,
        PuzzleStatus::PieceMissed => Some(Text::PuzzleFailed),
        PuzzleStatus::WorkRestarted => Some(Text::WorkRestarted),
        PuzzleStatus::Passed => Some(Text::CheckPassed),
    });
    let busy = wizard.select(|flow| flow.busy());
    let can_reload = wizard.select(|flow| flow.can_reload_check());
    let loading = wizard.select(|flow| {
        flow.puzzle
            .as_ref()
            .is_some_and(|puzzle| puzzle.check.is_loading())
    });
    let failure = wizard.select(|flow| {
        flow.puzzle
            .as_ref()
            .and_then(|puzzle| puzzle.check.failure().cloned())
    });
    let percent = wizard.select(|flow| flow.work().map_or(0, |work| work.percent()));
    let time_left =
        wizard.select(
            |flow| match flow.work().map(|work| work.time_left(flow.now_ms)) {
                Some(TimeLeft::Seconds(seconds)) => count(Counted::WorkSecondsLeft, seconds, &[]),
                Some(TimeLeft::AlmostDone) => t(Text::WorkAlmostDone).to_owned(),
                Some(TimeLeft::NotKnownYet) | None => String::new(),
            },
        );
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
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleRefresh) title=t(Text::PuzzleRefresh) disabled=move || !can_reload.get() on:click=move |_| wizard.send(Event::ReloadPuzzle)>
                    "\u{21bb}"
                </button>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleClose) title=t(Text::PuzzleClose) on:click=move |_| close()>
                    "\u{2715}"
                </button>
            </div>
            // Said when the check changes, so that a screen reader learns what the new one asks.
            <p id="ezr-puzzle-hint" class="ezr-dialog__hint" role="status">{pick(Text::PuzzleHint, Text::WorkHint)}</p>
            <p class="ezr-field__error" role="status">{move || status.get().map(t)}</p>
            {move || match check.get() {
                Some(Check::Slider(Loadable::Ready(puzzle))) => view! {
                    <SliderPuzzle puzzle=puzzle on_drop=wizard.sender(Event::DropPiece) disabled=Signal::derive(move || busy.get() || loading.get()) />
                }.into_any(),
                Some(Check::ProofOfWork(Loadable::Ready(_))) => view! { <WorkProgress percent=percent time_left=time_left /> }.into_any(),
                Some(Check::Slider(Loadable::Failed(_)) | Check::ProofOfWork(Loadable::Failed(_))) => view! { <ErrorNotice notice=failure on_retry=wizard.sender(|event| event) /> }.into_any(),
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
