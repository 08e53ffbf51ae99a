use crate::core::{Event, Notice};
use crate::i18n::{Text, notice_text, t};
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

/// Shows a failed request of the wizard, with "Try again" where trying again can help.
///
/// Events: `on_retry` with the notice's retry event.
#[component]
pub fn ErrorNotice(
    /// The failure to show; nothing is shown while it is `None`.
    #[prop(into)]
    notice: Signal<Option<Notice>>,
    /// Called with the event that repeats the failed action.
    on_retry: Callback<Event>,
) -> impl IntoView {
    move || {
        notice.get().map(|notice| {
            let retry = notice
                .retry
                .map(|event| Callback::new(move |()| on_retry.run(event.clone())));
            view! { <Alert text=notice_text(&notice.trouble) on_retry=retry /> }
        })
    }
}
