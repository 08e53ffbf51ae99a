use crate::i18n::{Text, region_name, t};
use contract::Region;
use leptos::prelude::*;

/// Shows a group labelled "Region" of one radio button per EZCloud region.
///
/// Events: `on_change` with the region picked.
#[component]
pub fn RegionPicker(
    /// The selected region.
    #[prop(into)]
    region: Signal<Region>,
    /// Locked once a code has been sent, since the reset belongs to that region.
    #[prop(into)]
    disabled: Signal<bool>,
    /// Called with the region the user picks.
    on_change: Callback<Region>,
) -> impl IntoView {
    let options = Region::ALL.into_iter().map(|option| {
        view! {
            <label class="ezr-region__option">
                <input
                    type="radio"
                    name="ezr-region"
                    value=option.slug()
                    prop:checked=move || region.get() == option
                    disabled=disabled
                    on:change=move |_| on_change.run(option)
                />
                <span>{region_name(option)}</span>
            </label>
        }
    });
    view! {
        <fieldset class="ezr-region">
            <legend class="ezr-region__legend">{t(Text::RegionLabel)}</legend>
            <div class="ezr-region__options">{options.collect_view()}</div>
            <p class="ezr-region__hint">{t(Text::RegionHint)}</p>
        </fieldset>
    }
}
