use crate::core::RegionChoice;
use crate::i18n::{Text, region_name, t, tf};
use crate::shell::use_wizard;
use leptos::prelude::*;

/// Shows step 4, "Succeed": the way to the region's login page, and the region itself when
/// "I'm not sure" found it.
///
/// Props: none; the wizard comes from context. Events: none.
#[component]
pub fn SuccessStep() -> impl IntoView {
    let region = use_wizard().select(|flow| flow.region);
    let login_url = move || region.get().login_url();
    let found = move || match region.get() {
        RegionChoice::Found(found) => Some(view! {
            <p class="ezr-step__hint">{tf(Text::SuccessRegion, &[region_name(found)])}</p>
        }),
        _ => None,
    };
    view! {
        <div class="ezr-step ezr-success">
            <p class="ezr-success__title">{t(Text::SuccessTitle)}</p>
            {found}
            <p class="ezr-step__hint">{t(Text::SuccessApp)}</p>
            <div class="ezr-actions">
                <a class="ezr-button" href=login_url target="_top">{t(Text::GoToLogin)}</a>
            </div>
        </div>
    }
}
