//! Runs the core: each event goes through [`Flow::update`], and each effect it returns is
//! carried out here and nowhere else.

use crate::core::{Effect as CoreEffect, Event, Field, Flow, Progress};
use crate::i18n::{self, Locale, Text, t};
use crate::shell::browser::{self, now_ms};
use crate::shell::client::load_catalog;
use crate::shell::solver;
use crate::shell::transport::Transport;
use leptos::html;
use leptos::prelude::*;

/// The wizard as the views see it: its state to read and a way to send it events. Provided
/// in context by [`WizardProvider`].
#[derive(Clone, Copy)]
pub struct Wizard {
    flow: RwSignal<Flow>,
    /// The field the core last asked to focus, numbered so that asking twice counts twice.
    focus: RwSignal<(Option<Field>, u32)>,
    transport: StoredValue<Transport, LocalStorage>,
    /// The language installed and shown, which follows the core's choice once it is loaded.
    shown: RwSignal<Locale>,
    /// Whether effects reach the browser's storage; component tests run without.
    stores: bool,
}

/// The wizard in context; views call this, never the client.
pub fn use_wizard() -> Wizard {
    expect_context::<Wizard>()
}

impl Wizard {
    /// Reads the state without subscribing to it.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&Flow) -> R) -> R {
        self.flow.with_untracked(read)
    }

    /// A memo of one part of the state, so that its readers wake only when that part changes.
    pub fn select<R: PartialEq + Send + Sync + 'static>(
        &self,
        read: impl Fn(&Flow) -> R + Send + Sync + 'static,
    ) -> Memo<R> {
        self.memo(Box::new(read))
    }

    /// [`Wizard::select`] with `read` boxed, so that the memo's machinery is made once for each
    /// type read rather than once for each reader (35 of them): 5 KB less wasm to compile.
    fn memo<R: PartialEq + Send + Sync + 'static>(
        &self,
        read: Box<dyn Fn(&Flow) -> R + Send + Sync>,
    ) -> Memo<R> {
        let flow = self.flow;
        Memo::new(move |_| flow.with(&*read))
    }

    /// The language the page is shown in; views that render words re-render when it changes.
    pub fn language(&self) -> Locale {
        self.shown.get()
    }

    /// Sends `event` to the core and runs what it asks for. An event that does not fit the
    /// current step changes nothing and wakes nothing.
    pub fn send(&self, event: Event) {
        let effects = self
            .flow
            .try_maybe_update(|flow| match flow.update(event, now_ms()) {
                Some(effects) => (true, effects),
                None => (false, Vec::new()),
            });
        for effect in effects.into_iter().flatten() {
            self.run(effect);
        }
    }

    /// A callback that sends the event `make` builds, for a view's handlers.
    pub fn sender<T: 'static>(
        &self,
        make: impl Fn(T) -> Event + Send + Sync + 'static,
    ) -> Callback<T> {
        let wizard = *self;
        Callback::new(move |value| wizard.send(make(value)))
    }

    /// Focuses `target` whenever the core asks for `field` from now on (a request made
    /// before this view existed was for another view).
    pub fn focus_on_request(&self, field: Field, target: NodeRef<html::Input>) {
        let focus = self.focus;
        let before = focus.with_untracked(|(_, number)| *number);
        Effect::new(move |handled: Option<u32>| {
            let (asked, number) = focus.get();
            if number != handled.unwrap_or(before)
                && asked == Some(field)
                && let Some(input) = target.get_untracked()
            {
                let _ = input.focus();
            }
            number
        });
    }

    /// A wizard that only renders `progress` in `catalog`'s language: nothing it is sent is
    /// carried out. For step 1 rendered into the page ahead of time (`prerender`).
    pub fn still(progress: Progress, catalog: &'static i18n::Catalog) -> Wizard {
        let (flow, _) = Flow::resume(progress, 0);
        Wizard::showing(flow, catalog, Transport::silent(), false)
    }

    /// A wizard of `flow`, shown in `catalog`'s language.
    fn showing(
        flow: Flow,
        catalog: &'static i18n::Catalog,
        transport: Transport,
        stores: bool,
    ) -> Wizard {
        let wizard = Wizard {
            flow: RwSignal::new(flow),
            focus: RwSignal::new((None, 0)),
            transport: StoredValue::new_local(transport),
            stores,
            shown: RwSignal::new(catalog.locale),
        };
        wizard.show(catalog);
        wizard
    }

    /// Installs `catalog` and shows the page in its language.
    fn show(&self, catalog: &'static i18n::Catalog) {
        i18n::install(catalog);
        if self.stores {
            browser::set_title(t(Text::DocumentTitle));
        }
        self.shown.try_set(catalog.locale);
    }

    fn run(&self, effect: CoreEffect) {
        match effect {
            CoreEffect::Send(call) => {
                let (wizard, pending) =
                    (*self, self.transport.with_value(|t| t.send(call.clone())));
                leptos::task::spawn_local(async move {
                    let answer = pending.await;
                    wizard.send(Event::Answered(call.id, answer));
                });
            }
            CoreEffect::WakeIn(ms) => {
                let wizard = *self;
                leptos::task::spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(ms).await;
                    wizard.send(Event::Tick);
                });
            }
            CoreEffect::Save(progress) if self.stores => browser::save(&progress),
            CoreEffect::RememberRegion(region) if self.stores => browser::remember_region(region),
            CoreEffect::Save(_) | CoreEffect::RememberRegion(_) => {}
            CoreEffect::LoadLanguage(locale) => {
                let wizard = *self;
                leptos::task::spawn_local(async move {
                    match load_catalog(locale).await {
                        Ok(catalog) => wizard.show(catalog),
                        // The language stays as it was, and so does the picker.
                        Err(_) => wizard.send(Event::ChooseLanguage(wizard.shown.get_untracked())),
                    }
                });
            }
            CoreEffect::Focus(field) => self.focus.update(|(asked, number)| {
                (*asked, *number) = (Some(field), number.wrapping_add(1))
            }),
            CoreEffect::Solve(challenge) => solver::solve(*self, challenge),
        }
    }
}

/// Runs a wizard from `progress` and provides it to `children`.
#[component]
pub fn WizardProvider(
    /// Where the wizard starts: a kept one after a reload, or a fresh one.
    progress: Progress,
    /// The language of `progress`, already loaded.
    catalog: &'static i18n::Catalog,
    /// How calls reach the backend.
    transport: Transport,
    /// Whether the wizard is kept in the browser's storage; off for component tests.
    #[prop(default = true)]
    stores: bool,
    /// What the person did before the app ran, on the page's own step 1, sent first.
    #[prop(optional)]
    carried: Vec<Event>,
    children: Children,
) -> impl IntoView {
    let (flow, effects) = Flow::resume(
        Progress {
            locale: catalog.locale,
            ..progress
        },
        now_ms(),
    );
    let wizard = Wizard::showing(flow, catalog, transport, stores);
    provide_context(wizard);
    for effect in effects {
        wizard.run(effect);
    }
    for event in carried {
        wizard.send(event);
    }
    children()
}
