use crate::core::RegionChoice;
use crate::i18n::{Text, region_name, t};
use contract::Region;
use leptos::prelude::*;

/// Shows a group labelled "Region" of one radio button per EZCloud region, and "I'm not sure".
///
/// Events: `on_change` with what was picked.
#[component]
pub fn RegionPicker(
    /// What is selected; a region found by "I'm not sure" shows as that region.
    #[prop(into)]
    region: Signal<RegionChoice>,
    /// Locked once a code has been sent, since the reset belongs to that region.
    #[prop(into)]
    disabled: Signal<bool>,
    /// Called with what the user picks.
    on_change: Callback<RegionChoice>,
) -> impl IntoView {
    let choices = Region::ALL
        .map(RegionChoice::Picked)
        .into_iter()
        .chain([RegionChoice::NotSure]);
    // `checked` too, for the page rendered ahead of time, which has no properties.
    let initial = region.get_untracked().region();
    let options = choices.map(|option| {
        let name = option.region().map_or(t(Text::RegionNotSure), region_name);
        view! {
            <label class="ezr-region__option">
                <input
                    type="radio"
                    name="ezr-region"
                    value=option.slug()
                    checked=initial == option.region()
                    prop:checked=move || region.get().region() == option.region()
                    disabled=disabled
                    on:change=move |_| on_change.run(option)
                />
                <span>{name}</span>
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
