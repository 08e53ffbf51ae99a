use crate::core::RegionChoice;
use crate::i18n::{Text, region_name, t, tf};
use contract::Region;
use leptos::prelude::*;

/// Shows a group labelled "Region" of one radio button per EZCloud region, and "I'm not sure";
/// once the region is fixed, one line of text that names it.
///
/// Events: `on_change` with what was picked.
#[component]
pub fn RegionPicker(
    /// What is selected; a region found by "I'm not sure" shows as that region.
    #[prop(into)]
    region: Signal<RegionChoice>,
    /// Fixed once a code has been sent, since the reset belongs to that region: a picker
    /// that cannot be used would only take room, on a phone most of all.
    #[prop(into)]
    fixed: Signal<bool>,
    /// Called with what the user picks.
    on_change: Callback<RegionChoice>,
) -> impl IntoView {
    let name = |choice: RegionChoice| choice.region().map_or(t(Text::RegionNotSure), region_name);
    move || {
        if fixed.get() {
            let line = tf(Text::RegionIs, &[name(region.get())]);
            return view! { <p class="ezr-region ezr-region--fixed">{line}</p> }.into_any();
        }
        let choices = Region::ALL
            .map(RegionChoice::Picked)
            .into_iter()
            .chain([RegionChoice::NotSure]);
        // `checked` too, for the page rendered ahead of time, which has no properties.
        let initial = region.get_untracked().region();
        let options = choices.map(|option| {
            view! {
                <label class="ezr-region__option">
                    <input
                        type="radio"
                        name="ezr-region"
                        value=option.slug()
                        checked=initial == option.region()
                        prop:checked=move || region.get().region() == option.region()
                        on:change=move |_| on_change.run(option)
                    />
                    <span>{name(option)}</span>
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
        .into_any()
    }
}
