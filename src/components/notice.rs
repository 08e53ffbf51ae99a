use crate::client::ApiError;
use crate::i18n::{Text, t, wait_message};
use contract::wire::ErrorCode;
use leptos::prelude::*;

/// What to tell the user about a failed call.
pub fn describe(error: &ApiError) -> String {
    match error {
        ApiError::Offline => t(Text::Offline).to_owned(),
        ApiError::TimedOut => t(Text::TimedOut).to_owned(),
        ApiError::Unavailable => t(Text::Unavailable).to_owned(),
        ApiError::Refused {
            code: Some(ErrorCode::TooManyRequests),
            detail,
            ..
        } => wait_message(detail.retry_after_seconds.unwrap_or(60)),
        ApiError::Refused {
            code: Some(ErrorCode::Internal),
            ..
        } => t(Text::Unavailable).to_owned(),
        ApiError::Refused { message, .. } => message.clone(),
    }
}

/// A failed call, said plainly, with "Try again" where trying again can help.
#[component]
pub fn ErrorNotice(
    /// The failure to show; nothing is shown while it is `None`.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
    /// Repeats the failed request; offered for network and server faults only.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        error.get().map(|error| {
            let retry = on_retry.filter(|_| error.is_transient()).map(|retry| {
                view! {
                    <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| retry.run(())>
                        {t(Text::TryAgain)}
                    </button>
                }
            });
            view! {
                <div class="ezr-notice" role="alert">
                    <p class="ezr-notice__text">{describe(&error)}</p>
                    {retry}
                </div>
            }
        })
    }
}
