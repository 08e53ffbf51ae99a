//! Each component mounted alone in headless Chromium, driven as a user drives it.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use contract::wire::SliderCaptcha;
use contract::{Account, Channel, PasswordPolicy, Region};
use ezcloud_reset::components::account_field::AccountField;
use ezcloud_reset::components::code_field::CodeField;
use ezcloud_reset::components::password_checklist::PasswordChecklist;
use ezcloud_reset::components::puzzle::SliderPuzzle;
use ezcloud_reset::components::region_picker::RegionPicker;
use ezcloud_reset::components::step_indicator::StepIndicator;
use ezcloud_reset::flow::{Draft, Event, Flow, Step};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the page, with `view` mounted in it.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
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

fn type_into(input: &HtmlElement, text: &str) {
    let input: &HtmlInputElement = input.unchecked_ref();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
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

#[wasm_bindgen_test]
async fn the_step_indicator_marks_the_current_step_and_names_step_one_after_the_channel() {
    let step = RwSignal::new(Step::VerifyIdentity);
    let channel = RwSignal::new(Channel::Email);
    let container = mount(move || view! { <StepIndicator current=step channel=channel /> });
    let items = find_all(&container, "li");
    assert_eq!(items.len(), 4);
    let texts: Vec<String> = items
        .iter()
        .map(|item| item.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        texts,
        [
            "1Enter Email Address",
            "2Verify Identity",
            "3Reset Password",
            "4Succeed"
        ]
    );
    let current = find(&container, "[aria-current=step]");
    assert_eq!(
        current.text_content().unwrap_or_default(),
        "2Verify Identity"
    );
    assert!(current.class_name().contains("ezr-steps__item--current"));
    assert!(items[0].class_name().contains("--done"));
    step.set(Step::EnterAccount);
    channel.set(Channel::Sms);
    settle().await;
    assert_eq!(
        find(&container, "[aria-current=step]")
            .text_content()
            .unwrap_or_default(),
        "1Enter Phone Number"
    );
    assert_eq!(find_all(&container, "[aria-current]").len(), 1);
}

#[wasm_bindgen_test]
async fn the_region_picker_is_a_labelled_radio_group_that_reports_the_choice() {
    let region = RwSignal::new(Region::Europe);
    let disabled = RwSignal::new(false);
    let container = mount(move || {
        view! { <RegionPicker region=region disabled=disabled on_change=Callback::new(move |picked| region.set(picked)) /> }
    });
    assert_eq!(
        find(&container, "legend")
            .text_content()
            .unwrap_or_default(),
        "Region"
    );
    let radios = find_all(&container, "input[type=radio]");
    let labels: Vec<String> = find_all(&container, "label")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["America", "Europe", "Asia-Pacific"]);
    assert!(radios[1].unchecked_ref::<HtmlInputElement>().checked());
    radios[2].click();
    settle().await;
    assert_eq!(region.get_untracked(), Region::AsiaPacific);
    assert!(radios[2].unchecked_ref::<HtmlInputElement>().checked());
    disabled.set(true);
    settle().await;
    assert!(
        radios
            .iter()
            .all(|radio| radio.unchecked_ref::<HtmlInputElement>().disabled())
    );
}

#[wasm_bindgen_test]
async fn the_account_field_validates_after_leaving_and_its_link_switches_to_a_phone() {
    let flow = RwSignal::new(Flow::new(Region::Europe, Channel::Email, "DE"));
    let container = mount(move || {
        view! {
            <AccountField
                channel=Signal::derive(move || flow.with(|f| f.channel))
                draft=Signal::derive(move || flow.with(|f| f.draft.clone()))
                show_errors=false
                on_event=Callback::new(move |event: Event| flow.update(|f| { f.apply(event); }))
            />
        }
    });
    assert_eq!(
        find(&container, "label").text_content().unwrap_or_default(),
        "Email Address"
    );
    let input = find(&container, "#ezr-account");
    type_into(&input, "bruno@example");
    settle().await;
    assert_eq!(
        find(&container, ".ezr-field__error")
            .text_content()
            .unwrap_or_default(),
        "",
        "quiet until the field is left"
    );
    input
        .dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        find(&container, ".ezr-field__error")
            .text_content()
            .unwrap_or_default(),
        "The domain after the @ needs a dot, as in example.com."
    );
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&input, "bruno@example.com");
    settle().await;
    assert_eq!(
        find(&container, ".ezr-field__error")
            .text_content()
            .unwrap_or_default(),
        ""
    );
    assert_eq!(
        flow.with_untracked(|f| f.draft.email.clone()),
        "bruno@example.com"
    );

    let link = find(&container, "a.ezr-link");
    assert_eq!(
        link.text_content().unwrap_or_default(),
        "Use mobile phone number to retrieve password"
    );
    link.click();
    settle().await;
    let labels: Vec<String> = find_all(&container, "label")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(labels, ["Country/Region", "Mobile Phone Number"]);
    assert_eq!(
        find(&container, "select")
            .unchecked_into::<web_sys::HtmlSelectElement>()
            .value(),
        "DE"
    );
    type_into(&find(&container, "#ezr-account"), "0151 12345678");
    settle().await;
    assert_eq!(
        flow.with_untracked(|f| f.draft.account(f.channel).map(|a| a.to_string())),
        Ok("+4915112345678".into())
    );
    assert_eq!(
        find(&container, "a.ezr-link")
            .text_content()
            .unwrap_or_default(),
        "Use email to retrieve password"
    );
    find(&container, "a.ezr-link").click();
    settle().await;
    assert_eq!(
        find(&container, "#ezr-account")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "bruno@example.com",
        "nothing typed is lost"
    );
}

fn puzzle() -> SliderCaptcha {
    SliderCaptcha {
        captcha_id: "c1".parse().unwrap_or_else(|_| unreachable!()),
        background_image: "data:image/png;base64,iVBORw0KGgo=".into(),
        piece_image: "data:image/png;base64,iVBORw0KGgo=".into(),
        piece_y: 40,
        piece_size: 56,
        width: 320,
        height: 160,
        expires_in_seconds: 120,
    }
}

#[wasm_bindgen_test]
async fn the_puzzle_slider_moves_by_keyboard_and_drops_on_enter() {
    let dropped = RwSignal::new(None::<u32>);
    let container = mount(move || {
        view! { <SliderPuzzle puzzle=puzzle() on_drop=Callback::new(move |x| dropped.set(Some(x))) disabled=false /> }
    });
    settle().await;
    let slider = find(&container, "[role=slider]");
    assert_eq!(slider.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(
        slider.get_attribute("aria-valuemax").as_deref(),
        Some("264")
    );
    for _ in 0..3 {
        press(&slider, "ArrowRight", false);
    }
    press(&slider, "ArrowRight", true);
    press(&slider, "ArrowLeft", false);
    settle().await;
    assert_eq!(slider.get_attribute("aria-valuenow").as_deref(), Some("12"));
    assert_eq!(
        find(&container, ".ezr-puzzle__piece")
            .style()
            .get_property_value("left")
            .unwrap(),
        "3.75%"
    );
    press(&slider, "ArrowLeft", true);
    press(&slider, "ArrowLeft", true);
    settle().await;
    assert_eq!(
        slider.get_attribute("aria-valuenow").as_deref(),
        Some("0"),
        "the piece stays on the picture"
    );
    press(&slider, "End", false);
    press(&slider, "ArrowRight", false);
    settle().await;
    assert_eq!(
        slider.get_attribute("aria-valuenow").as_deref(),
        Some("264")
    );
    assert_eq!(dropped.get_untracked(), None);
    press(&slider, "Enter", false);
    settle().await;
    assert_eq!(dropped.get_untracked(), Some(264));
}

#[wasm_bindgen_test]
async fn the_code_field_takes_a_pasted_code_and_explains_a_short_one() {
    let value = RwSignal::new(String::new());
    let container = mount(
        move || view! { <CodeField value=value show_errors=false refusal=Signal::derive(|| None::<String>) /> },
    );
    let input = find(&container, "input");
    assert_eq!(
        find(&container, "label").text_content().unwrap_or_default(),
        "Verification Code"
    );
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    type_into(&input, "123 456");
    settle().await;
    assert_eq!(value.get_untracked(), "123 456");
    assert_eq!(
        value
            .get_untracked()
            .parse::<contract::VerificationCode>()
            .map(|c| c.to_string()),
        Ok("123456".into())
    );
    input
        .dispatch_event(&web_sys::Event::new("blur").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(
        find(&container, ".ezr-field__error")
            .text_content()
            .unwrap_or_default(),
        ""
    );
    type_into(&input, "12 34");
    settle().await;
    assert_eq!(
        find(&container, ".ezr-field__error")
            .text_content()
            .unwrap_or_default(),
        "The verification code has 6 digits; this has 4."
    );
}

#[wasm_bindgen_test]
async fn the_password_checklist_marks_each_rule_as_it_is_met() {
    let password = RwSignal::new(String::new());
    let account = Account::parse(Channel::Email, "bruno@example.com").ok();
    let container = mount(move || {
        view! { <PasswordChecklist policy=PasswordPolicy::default() password=password account=account.clone() /> }
    });
    let state = |container: &HtmlElement| -> Vec<(String, String)> {
        find_all(container, "li")
            .iter()
            .map(|item| {
                let text = item.text_content().unwrap_or_default();
                (
                    text.split(" (")
                        .next()
                        .unwrap_or_default()
                        .trim_start_matches(['•', '✓'])
                        .to_owned(),
                    item.get_attribute("data-met").unwrap_or_default(),
                )
            })
            .collect()
    };
    let met = |container: &HtmlElement| {
        state(container)
            .into_iter()
            .map(|(_, met)| met)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        state(&container)
            .into_iter()
            .map(|(text, _)| text)
            .collect::<Vec<_>>(),
        [
            "At least 8 characters",
            "At most 64 characters",
            "Does not contain your email name or phone number",
            "Is not a commonly used password"
        ]
    );
    assert_eq!(met(&container), ["false", "true", "true", "true"]);
    password.set("password".into());
    settle().await;
    assert_eq!(met(&container), ["true", "true", "true", "false"]);
    password.set("my bruno secret".into());
    settle().await;
    assert_eq!(met(&container), ["true", "true", "false", "true"]);
    password.set("correct horse battery".into());
    settle().await;
    assert_eq!(met(&container), ["true", "true", "true", "true"]);
    assert!(
        find_all(&container, "li")[0]
            .text_content()
            .unwrap_or_default()
            .contains("(met)")
    );
}

#[wasm_bindgen_test]
fn a_flow_survives_serialisation_in_the_browser_too() {
    let mut flow = Flow::new(Region::AsiaPacific, Channel::Sms, "SG");
    flow.apply(Event::EditPhone("9123 4567".into()));
    let json = serde_json::to_string(&flow).unwrap();
    let back: Flow = serde_json::from_str(&json).unwrap();
    assert_eq!(
        back.draft,
        Draft {
            email: String::new(),
            phone: "9123 4567".into(),
            country: "SG".into()
        }
    );
}
