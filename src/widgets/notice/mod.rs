use crate::i18n::{Text, t};
use leptos::prelude::*;

/// Shows a sentence about a failure as an alert, with "Try again" where trying again can help.
///
/// Events: `on_retry` when "Try again" is pressed.
#[component]
pub fn Alert(
    /// What went wrong, said plainly.
    text: String,
    /// Repeats the failed action; without it there is no "Try again".
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let retry = on_retry.map(|retry| {
        view! {
            <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| retry.run(())>
                {t(Text::TryAgain)}
            </button>
        }
    });
    view! {
        <div class="ezr-notice" role="alert">
            <p class="ezr-notice__text">{text}</p>
            {retry}
        </div>
    }
}
