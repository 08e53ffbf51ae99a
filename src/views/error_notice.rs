use crate::core::{Event, Notice};
use crate::i18n::notice_text;
use crate::widgets::notice::Alert;
use leptos::prelude::*;

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
