//! Each component mounted alone in headless Chromium, driven as a user drives it. The steps
//! and the puzzle dialog run the real core and shell over a scripted transport, so every
//! answer of the backend (a wrong code, 429, a timeout, a locked reset) is tried here.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use contract::wire::{
    ErrorCode, ErrorDetail, ProofOfWorkChallenge, ResetCodeSent, SliderChallenge,
};
use contract::{Account, Channel, CharClass, Locale, PasswordPolicy, PasswordRule, Region};
use ezcloud_reset::core::{
    Answer, CodeSent, Draft, Failure, Progress, RegionChoice, RegionalReset, Request, Stage, Step,
};
use ezcloud_reset::i18n::{self, Catalog};
use ezcloud_reset::shell::json;
use ezcloud_reset::shell::{SentRequests, Transport, WizardProvider};
use ezcloud_reset::views::{AccountStep, CodeStep, PasswordStep, SuccessStep, WizardView};
use ezcloud_reset::widgets::field::{AccountAction, AccountField, CodeField};
use ezcloud_reset::widgets::password::PasswordChecklist;
use ezcloud_reset::widgets::region_picker::RegionPicker;
use ezcloud_reset::widgets::slider::Slider;
use ezcloud_reset::widgets::step_indicator::StepIndicator;
use leptos::html;
use leptos::prelude::*;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// How long the scripted backend takes to answer.
const ANSWER_MS: u32 = 20;

/// A language's file, read as the app reads it once fetched.
fn catalog(locale: Locale, source: &str) -> &'static Catalog {
    i18n::parse(locale, source.to_owned()).unwrap()
}

fn polish() -> &'static Catalog {
    catalog(Locale::Pl, include_str!("../../src/i18n/lang/pl.txt"))
}

fn arabic() -> &'static Catalog {
    catalog(Locale::Ar, include_str!("../../src/i18n/lang/ar.txt"))
}

/// English, as the app would fetch it.
fn english() -> &'static Catalog {
    catalog(Locale::En, include_str!("../../src/i18n/lang/en.txt"))
}

/// A fresh container in the page, with `view` mounted in it, in English.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    i18n::install(english());
    let document = document();
    let container: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), view);
    // The test owns the page; the view stays until the page goes.
    std::mem::forget(handle);
    container
}

/// Lets effects and the DOM catch up with what a test did.
async fn settle() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Waits until the scripted backend has answered every request, those its answers led to
/// included, and the page has caught up.
async fn answered() {
    // Each round lets a click's or an answer's effects send what they send, then waits out
    // whatever is in flight; two quiet checks in a row mean nothing more is coming.
    let mut quiet = 0;
    for _ in 0..400 {
        settle().await;
        if Transport::scripted_unanswered() == 0 {
            quiet += 1;
            if quiet == 2 {
                return;
            }
        } else {
            quiet = 0;
            gloo_timers::future::TimeoutFuture::new(ANSWER_MS / 4).await;
        }
    }
    panic!(
        "the scripted backend still owes {} answers",
        Transport::scripted_unanswered()
    );
}

fn find(container: &HtmlElement, selector: &str) -> HtmlElement {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .unchecked_into()
}

fn find_all(container: &HtmlElement, selector: &str) -> Vec<HtmlElement> {
    let list = container.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|node| node.unchecked_into())
        .collect()
}

fn text(container: &HtmlElement, selector: &str) -> String {
    find(container, selector).text_content().unwrap_or_default()
}

/// The button whose text is `label`.
fn button(container: &HtmlElement, label: &str) -> HtmlElement {
    find_all(container, "button")
        .into_iter()
        .find(|button| button.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label}"))
}

fn disabled(element: &HtmlElement) -> bool {
    element.has_attribute("disabled")
}

fn type_into(input: &HtmlElement, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn leave(input: &HtmlElement) {
    input
        .dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
}

fn press(target: &HtmlElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

fn focused() -> Option<String> {
    document().active_element().map(|element| element.id())
}

fn id<T: std::str::FromStr>(text: &str) -> T {
    text.parse().unwrap_or_else(|_| unreachable!())
}

fn refused(code: ErrorCode, detail: ErrorDetail) -> Failure {
    Failure::Refused { code, detail }
}

fn puzzle(captcha_id: &str) -> SliderChallenge {
    SliderChallenge {
        captcha_id: id(captcha_id),
        background_image: "data:image/png;base64,iVBORw0KGgo=".into(),
        piece_image: "data:image/png;base64,iVBORw0KGgo=".into(),
        piece_y: 40,
        piece_size: 56,
        width: 320,
        height: 160,
        expires_in_seconds: 120,
    }
}

fn code_sent() -> ResetCodeSent {
    ResetCodeSent {
        reset_id: id("r1"),
        masked_destination: "bru****.com".into(),
        resend_after_seconds: 60,
        code_ttl_seconds: 600,
    }
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn draft() -> Draft {
    Draft {
        email: "bruno@example.com".into(),
        phone: String::new(),
        country: "DE".into(),
    }
}

/// The wizard kept on step `stage` for bruno@example.com in Europe.
fn progress(stage: Stage) -> Progress {
    Progress {
        locale: Locale::En,
        region: RegionChoice::Picked(Region::Europe),
        channel: Channel::Email,
        draft: draft(),
        stage,
    }
}

/// The one reset, in Europe.
fn europe_reset() -> Vec<RegionalReset> {
    vec![RegionalReset {
        region: Region::Europe,
        reset_id: id("r1"),
    }]
}

/// Step 2 with a code sent `ago_ms` ago and a minute's cooldown.
fn on_step_two(ago_ms: u64) -> Progress {
    progress(Stage::VerifyIdentity {
        sent: CodeSent {
            resets: europe_reset(),
            masked_destination: "bru****.com".into(),
            resend_at_ms: now_ms() + 60_000 - ago_ms,
            unanswered: Vec::new(),
        },
        problem: None,
    })
}

/// Step 3 after a reload: the token is gone, so the code is asked for again.
fn on_step_three() -> Progress {
    progress(Stage::ResetPassword {
        sent: CodeSent {
            resets: europe_reset(),
            masked_destination: "bru****.com".into(),
            resend_at_ms: 0,
            unanswered: Vec::new(),
        },
        token: None,
        problem: None,
    })
}

/// A scripted backend that answers each kind of request from `answer`, in turn for
/// requests of the same kind when it returns several.
fn backend(answer: impl Fn(&Request, u32) -> Answer + 'static) -> (Transport, SentRequests) {
    let counter = Rc::new(Cell::new(0u32));
    Transport::scripted(ANSWER_MS, move |request| {
        let turn = counter.get();
        counter.set(turn + 1);
        answer(request, turn)
    })
}

fn kinds(sent: &SentRequests) -> Vec<&'static str> {
    sent.all()
        .iter()
        .map(|request| match request {
            Request::NewSlider => "puzzle",
            Request::CheckSlider { .. } => "check",
            Request::SendCode { .. } => "send",
            Request::Resend { .. } => "resend",
            Request::Verify { .. } => "verify",
            Request::Complete { .. } => "complete",
            Request::Policy => "policy",
            Request::NewProofOfWork => "work",
            Request::CheckProofOfWork { .. } => "answer",
        })
        .collect()
}

macro_rules! mount_wizard {
    ($progress:expr, $transport:expr, $view:ident) => {{
        let (progress, transport) = ($progress, $transport);
        mount(move || {
            view! { <WizardProvider progress=progress catalog=english() transport=transport stores=false><$view /></WizardProvider> }
        })
    }};
}

mod accessible_check;
mod app;
mod browser;
mod languages;
mod steps;
mod widgets;
