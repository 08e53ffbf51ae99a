use crate::core::{Check, CheckKind, CheckStatus, Event, Loadable, TimeLeft};
use crate::i18n::{Counted, Text, count, t};
use crate::shell::use_wizard;
use crate::views::ErrorNotice;
use crate::widgets::proof_of_work::ProofOfWorkProgress;
use crate::widgets::slider::Slider;
use leptos::html;
use leptos::prelude::*;

/// Shows the human check as a modal dialog over step 1: the slider puzzle, or in its place the
/// accessible check that the browser works out alone; a word after a miss (the new puzzle or
/// check is already there), the result, and what went wrong otherwise.
///
/// Props: none; the wizard comes from context. Events: `DropPiece`, `ReloadCheck`,
/// `UseAccessibleCheck`, `UseSlider`, `CloseCheck` (the close button and Escape).
#[component]
pub fn CheckDialogView() -> impl IntoView {
    let wizard = use_wizard();
    let check = wizard.select(|flow| flow.dialog.as_ref().map(|dialog| dialog.check.clone()));
    let accessible = wizard.select(|flow| {
        flow.dialog
            .as_ref()
            .is_some_and(|dialog| dialog.check.kind() == CheckKind::ProofOfWork)
    });
    let status = wizard.select(|flow| match flow.dialog.as_ref()?.status {
        CheckStatus::Quiet => None,
        CheckStatus::PieceMissed => Some(Text::PuzzleFailed),
        CheckStatus::WorkRestarted => Some(Text::WorkRestarted),
        CheckStatus::Passed => Some(Text::CheckPassed),
    });
    let busy = wizard.select(|flow| flow.busy());
    let can_reload = wizard.select(|flow| flow.can_reload_check());
    let loading = wizard.select(|flow| {
        flow.dialog
            .as_ref()
            .is_some_and(|dialog| dialog.check.is_loading())
    });
    let failure = wizard.select(|flow| {
        flow.dialog
            .as_ref()
            .and_then(|dialog| dialog.check.failure().cloned())
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
    let close = move || wizard.send(Event::CloseCheck);
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
            aria-labelledby="ezr-check-title"
            aria-describedby="ezr-check-hint"
            on:cancel=move |event: web_sys::Event| {
                event.prevent_default();
                close();
            }
        >
            <div class="ezr-dialog__header">
                <h2 id="ezr-check-title" class="ezr-dialog__title">{pick(Text::PuzzleTitle, Text::WorkTitle)}</h2>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleRefresh) title=t(Text::PuzzleRefresh) disabled=move || !can_reload.get() on:click=move |_| wizard.send(Event::ReloadCheck)>
                    "\u{21bb}"
                </button>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleClose) title=t(Text::PuzzleClose) on:click=move |_| close()>
                    "\u{2715}"
                </button>
            </div>
            // Said when the check changes, so that a screen reader learns what the new one asks.
            <p id="ezr-check-hint" class="ezr-dialog__hint" role="status">{pick(Text::PuzzleHint, Text::WorkHint)}</p>
            <p class="ezr-field__error" role="status">{move || status.get().map(t)}</p>
            {move || match check.get() {
                Some(Check::Slider(Loadable::Ready(puzzle))) => view! {
                    <Slider puzzle=puzzle on_drop=wizard.sender(Event::DropPiece) disabled=Signal::derive(move || busy.get() || loading.get()) />
                }.into_any(),
                Some(Check::ProofOfWork(Loadable::Ready(_))) => view! { <ProofOfWorkProgress percent=percent time_left=time_left /> }.into_any(),
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
