use crate::i18n::{Text, t};
use contract::Region;
use leptos::prelude::*;

/// Step 4, "Succeed": the way back to the region's login page.
#[component]
pub fn SuccessStep(
    /// The region whose login page to link to.
    #[prop(into)]
    region: Signal<Region>,
) -> impl IntoView {
    view! {
        <div class="ezr-step ezr-success">
            <p class="ezr-success__title">{t(Text::SuccessTitle)}</p>
            <p class="ezr-step__hint">{t(Text::SuccessApp)}</p>
            <div class="ezr-actions">
                <a class="ezr-button" href=move || region.get().login_url() target="_top">{t(Text::GoToLogin)}</a>
            </div>
        </div>
    }
}
