use crate::i18n::{Text, t};
use crate::shell::use_wizard;
use leptos::prelude::*;

/// Shows step 4, "Succeed": the way to the region's login page.
///
/// Props: none; the wizard comes from context. Events: none.
#[component]
pub fn SuccessStep() -> impl IntoView {
    let login_url = use_wizard().select(|flow| flow.region.login_url());
    view! {
        <div class="ezr-step ezr-success">
            <p class="ezr-success__title">{t(Text::SuccessTitle)}</p>
            <p class="ezr-step__hint">{t(Text::SuccessApp)}</p>
            <div class="ezr-actions">
                <a class="ezr-button" href=login_url target="_top">{t(Text::GoToLogin)}</a>
            </div>
        </div>
    }
}
