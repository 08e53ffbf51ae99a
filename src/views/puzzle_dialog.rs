use crate::core::{Event, Flow, PuzzleView};
use crate::i18n::{Text, t};
use crate::shell::use_wizard;
use crate::widgets::notice::ErrorNotice;
use crate::widgets::puzzle::SliderPuzzle;
use leptos::html;
use leptos::prelude::*;

/// Shows the puzzle as a modal dialog over step 1: the puzzle once loaded, a word after a
/// miss (the backend's new puzzle is already there), and what went wrong otherwise.
///
/// Props: none; the wizard comes from context. Events: `DropPiece`, `ReloadPuzzle`,
/// `ClosePuzzle` (the close button and Escape).
#[component]
pub fn PuzzleDialog() -> impl IntoView {
    let wizard = use_wizard();
    let view_of = wizard.select(|flow| flow.puzzle.as_ref().map(|puzzle| puzzle.view.clone()));
    let missed = wizard.select(|flow| flow.puzzle.as_ref().is_some_and(|puzzle| puzzle.missed));
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
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move || {
        if let Some(dialog) = dialog.get()
            && !dialog.open()
        {
            let _ = dialog.show_modal();
        }
    });
    let close = move || wizard.send(Event::ClosePuzzle);
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
                <h2 id="ezr-puzzle-title" class="ezr-dialog__title">{t(Text::PuzzleTitle)}</h2>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleRefresh) title=t(Text::PuzzleRefresh) disabled=busy on:click=move |_| wizard.send(Event::ReloadPuzzle)>
                    "\u{21bb}"
                </button>
                <button type="button" class="ezr-icon-button" aria-label=t(Text::PuzzleClose) title=t(Text::PuzzleClose) on:click=move |_| close()>
                    "\u{2715}"
                </button>
            </div>
            <p id="ezr-puzzle-hint" class="ezr-dialog__hint">{t(Text::PuzzleHint)}</p>
            <p class="ezr-field__error" role="status">{move || missed.get().then(|| t(Text::PuzzleFailed))}</p>
            {move || match view_of.get() {
                Some(PuzzleView::Ready(puzzle)) => view! {
                    <SliderPuzzle puzzle=puzzle on_drop=wizard.sender(Event::DropPiece) disabled=Signal::derive(move || busy.get() || loading.get()) />
                }.into_any(),
                Some(PuzzleView::Failed(_)) => view! { <ErrorNotice notice=failure on_retry=wizard.sender(|event| event) /> }.into_any(),
                _ => view! { <p class="ezr-dialog__loading">{t(Text::PuzzleLoading)}</p> }.into_any(),
            }}
        </dialog>
    }
}
