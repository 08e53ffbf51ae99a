use crate::i18n::{Text, region_name, t, tf};
use contract::Region;
use leptos::prelude::*;

/// Shows a group labelled "Region" of one radio button per EZCloud region, and "I'm not sure";
/// once the region is fixed, one line of text that names it.
///
/// Events: `on_change` with what was picked: a region, or `None` for "I'm not sure".
#[component]
pub fn RegionPicker(
    /// The region selected; `None` selects "I'm not sure".
    #[prop(into)]
    selected: Signal<Option<Region>>,
    /// Fixed once a code has been sent, since the reset belongs to that region: a picker
    /// that cannot be used would only take room, on a phone most of all.
    #[prop(into)]
    fixed: Signal<bool>,
    /// Called with what the user picks.
    on_change: Callback<Option<Region>>,
) -> impl IntoView {
    let name = |choice: Option<Region>| choice.map_or(t(Text::RegionNotSure), region_name);
    move || {
        if fixed.get() {
            let line = tf(Text::RegionIs, &[name(selected.get())]);
            return view! { <p class="ezr-region ezr-region--fixed">{line}</p> }.into_any();
        }
        let choices = Region::ALL.map(Some).into_iter().chain([None]);
        // `checked` too, for the page rendered ahead of time, which has no properties.
        let initial = selected.get_untracked();
        let options = choices.map(|option| {
            view! {
                <label class="ezr-region__option">
                    <input
                        type="radio"
                        name="ezr-region"
                        value=Region::slug_or_not_sure(option)
                        checked=initial == option
                        prop:checked=move || selected.get() == option
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
