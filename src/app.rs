//! The app: its runtime configuration, the wizard's state, and which step to show.

use crate::browser::{self, local, session};
use crate::client::{Api, load_config};
use crate::components::account_step::AccountStep;
use crate::components::code_step::CodeStep;
use crate::components::help::Help;
use crate::components::notice::ErrorNotice;
use crate::components::password_step::PasswordStep;
use crate::components::region_picker::RegionPicker;
use crate::components::send;
use crate::components::step_indicator::{self, StepIndicator};
use crate::components::success_step::SuccessStep;
use crate::flow::{Event, Flow, Step};
use crate::i18n::{Locale, Text, t};
use contract::wire::AppConfig;
use contract::{Channel, Region};
use leptos::html;
use leptos::prelude::*;

/// Where the wizard is kept for this tab, so that a reload returns to the same step.
const FLOW_KEY: &str = "ezcloud-reset.flow";
/// The region remembered for the next visit.
const REGION_KEY: &str = "ezcloud-reset.region";

/// The wizard as it was before a reload, or a new one preselected from the query string
/// (`region`, `channel`), the remembered region and the browser's time zone and language.
fn initial_flow() -> Flow {
    if let Some(saved) = session::get(FLOW_KEY).and_then(|json| serde_json::from_str(&json).ok()) {
        return saved;
    }
    let region = browser::query_param("region")
        .and_then(|slug| slug.parse::<Region>().ok())
        .unwrap_or_else(|| browser::guess_region(local::get(REGION_KEY)));
    let channel = browser::query_param("channel")
        .and_then(|name| Channel::from_name(&name))
        .unwrap_or(Channel::Email);
    Flow::new(region, channel, browser::guess_country(region))
}

/// The name of a step, for the section that holds it.
fn step_name(step: Step, channel: Channel) -> String {
    format!("{} {}", step.number(), step_indicator::label(step, channel))
}

/// The whole page: loads `config.json`, then shows the wizard.
#[component]
pub fn App() -> impl IntoView {
    let settings = LocalResource::new(load_config);
    let locale = browser::query_param("lang")
        .map(|tag| Locale::from_tag(&tag))
        .unwrap_or_default();
    view! {
        <main class="ezr-app" lang=locale.tag()>
            <h1 class="ezr-app__title">{t(Text::AppTitle)}</h1>
            <Suspense fallback=|| view! { <p class="ezr-app__loading">{t(Text::Loading)}</p> }>
                {move || settings.get().map(|loaded| match loaded {
                    Ok(config) => view! { <Wizard config=config locale=locale /> }.into_any(),
                    Err(error) => view! {
                        <p>{t(Text::ConfigFailed)}</p>
                        <ErrorNotice error=Signal::derive(move || Some(error.clone())) on_retry=Callback::new(move |()| settings.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

/// The reset wizard: region, step indicator, the current step and help.
#[component]
pub fn Wizard(
    /// The regions and their API bases.
    config: AppConfig,
    /// The language of the page and of the messages sent.
    locale: Locale,
) -> impl IntoView {
    let flow = RwSignal::new(initial_flow());
    Effect::new(move || {
        flow.with(|flow| {
            if let Ok(json) = serde_json::to_string(flow) {
                session::set(FLOW_KEY, &json);
            }
        })
    });
    // Memos, so that readers (the policy, the remembered region) wake only when the region
    // changes, not on every keystroke the flow records.
    let region = Memo::new(move |_| flow.with(|flow| flow.region));
    Effect::new(move || local::set(REGION_KEY, region.get().slug()));
    let api = Memo::new(move |_| {
        let region = region.get();
        let endpoint = config
            .regions
            .iter()
            .find(|endpoint| endpoint.region == region);
        Api::new(&endpoint.map_or_else(
            || format!("/{}", region.slug()),
            |endpoint| endpoint.api_base.clone(),
        ))
    });
    let step = Memo::new(move |_| flow.with(Flow::step));
    let channel = Signal::derive(move || flow.with(|flow| flow.channel));

    // A screen reader hears the new step: focus moves to it whenever the step changes.
    let section = NodeRef::<html::Section>::new();
    Effect::new(move |previous: Option<Step>| {
        let current = step.get();
        if let (true, Some(section)) = (
            previous.is_some_and(|previous| previous != current),
            section.get_untracked(),
        ) {
            let _ = section.focus();
        }
        current
    });
    view! {
        <RegionPicker
            region=region
            disabled=Signal::derive(move || !flow.with(Flow::can_change_account))
            on_change=Callback::new(move |region| send(flow, Event::ChooseRegion(region)))
        />
        <StepIndicator current=step channel=channel />
        <section class="ezr-app__step" node_ref=section tabindex="-1" aria-label=move || step_name(step.get(), channel.get())>
            {move || match step.get() {
                Step::EnterAccount => view! { <AccountStep flow=flow api=api locale=locale /> }.into_any(),
                Step::VerifyIdentity => view! { <CodeStep flow=flow api=api /> }.into_any(),
                Step::ResetPassword => view! { <PasswordStep flow=flow api=api /> }.into_any(),
                Step::Succeed => view! { <SuccessStep region=region /> }.into_any(),
            }}
        </section>
        <Help />
    }
}
