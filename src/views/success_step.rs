use crate::core::{Event, RegionChoice};
use crate::i18n::{Text, region_name, t, tf};
use crate::shell::use_wizard;
use leptos::prelude::*;

/// Shows step 4, "Succeed": the way to the region's login page, the region itself when "I'm
/// not sure" found it, and "Reset another account", for a family member's or a customer's.
///
/// Props: none; the wizard comes from context. Events: `ResetAnother`.
#[component]
pub fn SuccessStep() -> impl IntoView {
    let wizard = use_wizard();
    let region = wizard.select(|flow| flow.region);
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
                <button type="button" class="ezr-button ezr-button--secondary" on:click=move |_| wizard.send(Event::ResetAnother)>
                    {t(Text::ResetAnother)}
                </button>
            </div>
        </div>
    }
}
