use crate::core::{Event, Notice};
use crate::i18n::{Text, notice_text, t};
use leptos::prelude::*;

/// Shows a failed request, said plainly, with "Try again" where trying again can help.
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
            let retry = notice.retry.map(|event| {
                view! {
                    <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| on_retry.run(event.clone())>
                        {t(Text::TryAgain)}
                    </button>
                }
            });
            view! {
                <div class="ezr-notice" role="alert">
                    <p class="ezr-notice__text">{notice_text(&notice.trouble)}</p>
                    {retry}
                </div>
            }
        })
    }
}
