//! The widgets alone: the step indicator, the region picker, the account field and its
//! countries, the slider puzzle by keyboard, click and drag, the code field, the password
//! checklist.

use super::*;

#[wasm_bindgen_test]
async fn the_step_indicator_marks_the_current_step_and_names_step_one_after_the_channel() {
    let step = RwSignal::new(2_u64);
    let channel = RwSignal::new(Channel::Email);
    let labels = Step::ALL
        .map(|each| Signal::derive(move || i18n::step_label(each, channel.get()).to_owned()))
        .to_vec();
    let container = mount(move || view! { <StepIndicator labels=labels.clone() current=step /> });
    let texts: Vec<String> = find_all(&container, "li")
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
    assert_eq!(text(&container, "[aria-current=step]"), "2Verify Identity");
    assert!(
        find_all(&container, "li")[0]
            .class_name()
            .contains("--done")
    );
    step.set(1);
    channel.set(Channel::Sms);
    settle().await;
    assert_eq!(
        text(&container, "[aria-current=step]"),
        "1Enter Phone Number"
    );
    assert_eq!(find_all(&container, "[aria-current]").len(), 1);
}

#[wasm_bindgen_test]
async fn the_region_picker_is_a_labelled_radio_group_that_reports_the_choice_then_a_line() {
    let region = RwSignal::new(Some(Region::Europe));
    let locked = RwSignal::new(false);
    let container = mount(move || {
        view! { <RegionPicker selected=region fixed=locked on_change=Callback::new(move |picked| region.set(picked)) /> }
    });
    assert_eq!(text(&container, "legend"), "Region");
    let radios = find_all(&container, "input[type=radio]");
    let labels: Vec<String> = find_all(&container, "label")
        .iter()
        .map(|l| l.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        labels,
        ["America", "Europe", "Asia-Pacific", "I'm not sure"]
    );
    let checked = |radio: &HtmlElement| radio.unchecked_ref::<HtmlInputElement>().checked();
    assert!(checked(&radios[1]));
    radios[2].click();
    settle().await;
    assert_eq!(region.get_untracked(), Some(Region::AsiaPacific));
    radios[3].click();
    settle().await;
    assert_eq!(region.get_untracked(), None);
    // A region "I'm not sure" found shows as that region.
    region.set(Some(Region::Americas));
    settle().await;
    assert_eq!(
        radios.iter().map(checked).collect::<Vec<_>>(),
        [true, false, false, false]
    );
    // Once a code is sent, one line names the region, and no control is left to tab past.
    locked.set(true);
    settle().await;
    assert!(find_all(&container, "input").is_empty());
    assert_eq!(text(&container, ".ezr-region--fixed"), "Region: America");
    region.set(None);
    settle().await;
    assert_eq!(
        text(&container, ".ezr-region--fixed"),
        "Region: I'm not sure"
    );
    locked.set(false);
    settle().await;
    assert_eq!(find_all(&container, "input[type=radio]").len(), 4);
}

#[wasm_bindgen_test]
async fn the_account_field_reports_edits_and_leaving_and_switches_to_a_phone() {
    let actions = RwSignal::new(Vec::<AccountAction>::new());
    let channel = RwSignal::new(Channel::Email);
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<html::Input>::new();
    let container = mount(move || {
        view! {
            <AccountField
                channel=channel
                typed=Signal::derive(move || draft().typed(channel.get()).to_owned())
                country=draft().country
                error=error
                input=input
                on_action=Callback::new(move |action| actions.update(|actions| actions.push(action)))
            />
        }
    });
    settle().await;
    assert_eq!(text(&container, "label"), "Email Address");
    let field = find(&container, "#ezr-account");
    assert_eq!(
        field.unchecked_ref::<HtmlInputElement>().value(),
        "bruno@example.com"
    );
    type_into(&field, "bruno@example");
    leave(&field);
    error.set(Some(
        "The domain after the @ needs a dot, as in example.com.".into(),
    ));
    settle().await;
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "The domain after the @ needs a dot, as in example.com."
    );
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    find(&container, "a.ezr-link").click();
    assert_eq!(
        actions.get_untracked(),
        [
            AccountAction::Edit("bruno@example".into()),
            AccountAction::Leave,
            AccountAction::Switch(Channel::Sms)
        ]
    );
    channel.set(Channel::Sms);
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
    // Countries in the language's own order: "Åland" with the A's, not after "Zimbabwe".
    let countries: Vec<String> = find_all(&container, "option")
        .iter()
        .map(|option| option.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        countries[..3],
        [
            "Afghanistan (+93)",
            "Åland Islands (+358)",
            "Albania (+355)"
        ]
    );
    assert_eq!(
        text(&container, "a.ezr-link"),
        "Use email to retrieve password"
    );
}

#[wasm_bindgen_test]
async fn searching_the_countries_narrows_the_list_and_keeps_the_one_picked() {
    // The draft follows the user's pick, as the wizard's core does.
    let draft = RwSignal::new(draft());
    let container = mount(move || {
        view! {
            <AccountField
                channel=Channel::Sms
                typed=Signal::derive(move || draft.with(|draft| draft.phone.clone()))
                country=Signal::derive(move || draft.with(|draft| draft.country.clone()))
                error=Signal::stored(None::<String>)
                input=NodeRef::new()
                on_action=Callback::new(move |action| {
                    if let AccountAction::PickCountry(iso) = action {
                        draft.update(|draft| draft.country = iso);
                    }
                })
            />
        }
    });
    settle().await;
    let select = find(&container, "select").unchecked_into::<web_sys::HtmlSelectElement>();
    let options = |select: &web_sys::HtmlSelectElement| -> Vec<String> {
        (0..select.length())
            .filter_map(|index| select.item(index))
            .map(|option| option.text_content().unwrap_or_default())
            .collect()
    };
    let every_country = options(&select).len();
    assert!(every_country > 200, "{every_country} countries");
    assert_eq!(select.value(), "DE");
    // Picked by the user, the browser no longer follows that option's markup, and a search
    // that gives its place to another country must not carry the pick along.
    select.set_value("AX");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert_eq!(draft.get_untracked().country, "AX");
    let search = find(&container, "input[type=search]");
    type_into(&search, "zim");
    settle().await;
    assert_eq!(
        options(&select),
        ["Åland Islands (+358)", "Zimbabwe (+263)"]
    );
    assert_eq!(select.value(), "AX");
    // Digits find calling codes that start with them: not Angola's +244.
    type_into(&search, "+49");
    settle().await;
    assert_eq!(options(&select), ["Åland Islands (+358)", "Germany (+49)"]);
    assert_eq!(select.value(), "AX");
    // A pick made elsewhere (a saved draft) shows too.
    draft.update(|draft| draft.country = "DE".into());
    settle().await;
    assert_eq!(options(&select), ["Germany (+49)"]);
    assert_eq!(select.value(), "DE");
    type_into(&search, "+44");
    settle().await;
    assert_eq!(
        options(&select),
        [
            "Germany (+49)",
            "Guernsey (+44)",
            "Isle of Man (+44)",
            "Jersey (+44)",
            "United Kingdom (+44)"
        ]
    );
    assert_eq!(select.value(), "DE");
    type_into(&search, "");
    settle().await;
    assert_eq!(options(&select).len(), every_country);
    assert_eq!(select.value(), "DE");
}

#[wasm_bindgen_test]
async fn the_puzzle_slider_moves_by_keyboard_and_drops_on_enter() {
    let dropped = RwSignal::new(None::<u32>);
    let container = mount(move || {
        view! { <Slider puzzle=puzzle("c1") on_drop=Callback::new(move |x| dropped.set(Some(x))) disabled=false /> }
    });
    settle().await;
    // The picture carries its size, so the browser keeps its room while it loads.
    let picture = find(&container, ".ezr-slider__background");
    let size = ["width", "height"].map(|name| picture.get_attribute(name));
    assert_eq!(size, [Some("320".into()), Some("160".into())]);
    let slider = find(&container, "[role=slider]");
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
        find(&container, ".ezr-slider__piece")
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
    assert_eq!(dropped.get_untracked(), Some(264));
}

#[wasm_bindgen_test]
async fn a_click_on_the_track_places_the_piece_and_check_drops_it() {
    let dropped = RwSignal::new(None::<u32>);
    let container = mount(move || {
        view! { <Slider puzzle=puzzle("c1") on_drop=Callback::new(move |x| dropped.set(Some(x))) disabled=false /> }
    });
    settle().await;
    let track = find(&container, ".ezr-slider__track");
    let rect = track.get_bounding_client_rect();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + rect.width() / 2.0) as i32);
    init.set_client_y((rect.top() + rect.height() / 2.0) as i32);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    track.dispatch_event(&click).unwrap();
    settle().await;
    let slider = find(&container, "[role=slider]");
    let placed: u32 = slider
        .get_attribute("aria-valuenow")
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        placed.abs_diff(132) <= 1,
        "centred under the pointer: {placed}"
    );
    assert_eq!(
        dropped.get_untracked(),
        None,
        "a click places, it does not drop"
    );
    button(&container, "Check").click();
    assert_eq!(dropped.get_untracked(), Some(placed));
}

/// Sends the pointer event `kind` to `target` at `client_x`, halfway down `target`.
fn point(target: &HtmlElement, kind: &str, client_x: f64) {
    let rect = target.get_bounding_client_rect();
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    init.set_pointer_id(1);
    init.set_client_x(client_x as i32);
    init.set_client_y((rect.top() + rect.height() / 2.0) as i32);
    let event = web_sys::PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_tap_on_the_handle_places_the_piece_and_a_drag_drops_it() {
    let dropped = RwSignal::new(None::<u32>);
    let container = mount(move || {
        view! { <Slider puzzle=puzzle("c1") on_drop=Callback::new(move |x| dropped.set(Some(x))) disabled=false /> }
    });
    settle().await;
    let track = find(&container, ".ezr-slider__track").get_bounding_client_rect();
    let slider = find(&container, "[role=slider]");
    let value = || -> u32 {
        slider
            .get_attribute("aria-valuenow")
            .unwrap()
            .parse()
            .unwrap()
    };
    // The handle covers the track's first 56 of 320 image pixels; a tap at 50 centres the
    // piece there, as a tap on the track beside it would.
    let at_50 = track.left() + track.width() * 50.0 / 320.0;
    point(&slider, "pointerdown", at_50);
    point(&slider, "pointerup", at_50 + 1.0);
    settle().await;
    assert!(
        value().abs_diff(22) <= 1,
        "centred under the pointer: {}",
        value()
    );
    assert_eq!(
        dropped.get_untracked(),
        None,
        "a tap places, it does not drop"
    );
    // A drag of a quarter of the track moves the piece by 80 image pixels and drops it.
    let start = value();
    point(&slider, "pointerdown", at_50);
    point(&slider, "pointermove", at_50 + track.width() / 4.0);
    point(&slider, "pointerup", at_50 + track.width() / 4.0);
    settle().await;
    assert!(value().abs_diff(start + 80) <= 1, "dragged: {}", value());
    assert_eq!(dropped.get_untracked(), Some(value()));
}

#[wasm_bindgen_test]
async fn the_code_field_is_labelled_for_one_time_codes_and_reports_what_is_typed() {
    let typed = RwSignal::new(String::new());
    let left = RwSignal::new(0);
    let container = mount(move || {
        view! {
            <CodeField
                value=typed
                message=Signal::derive(|| Some("The verification code has 6 digits; this has 4.".to_owned()))
                input=NodeRef::new()
                on_input=Callback::new(move |text| typed.set(text))
                on_leave=Callback::new(move |()| left.update(|n| *n += 1))
            />
        }
    });
    let input = find(&container, "input");
    assert_eq!(text(&container, "label"), "Verification Code");
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert_eq!(input.get_attribute("inputmode").as_deref(), Some("numeric"));
    type_into(&input, "123 456");
    leave(&input);
    assert_eq!(
        (typed.get_untracked().as_str(), left.get_untracked()),
        ("123 456", 1)
    );
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "The verification code has 6 digits; this has 4."
    );
}

#[wasm_bindgen_test]
async fn the_password_checklist_marks_each_rule_in_place_as_it_is_met() {
    let password = RwSignal::new(String::new());
    let account = Account::parse(Channel::Email, "bruno@example.com").ok();
    let container = mount(move || {
        view! { <PasswordChecklist id="rules" policy=PasswordPolicy::default() password=password account=account.clone() /> }
    });
    let met = |container: &HtmlElement| {
        find_all(container, "li")
            .iter()
            .map(|item| item.get_attribute("data-met").unwrap_or_default())
            .collect::<Vec<_>>()
    };
    let lines: Vec<String> = find_all(&container, "li")
        .iter()
        .map(|item| {
            let text = item.text_content().unwrap_or_default();
            text.split(" (")
                .next()
                .unwrap_or_default()
                .trim_start_matches(['•', '✓'])
                .to_owned()
        })
        .collect();
    assert_eq!(
        lines,
        [
            "At least 8 characters",
            "At most 64 characters",
            "Does not contain the part of your email address before the @, or your phone number",
            "Is not a commonly used password"
        ]
    );
    let first = find_all(&container, "li")[0].clone();
    assert_eq!(met(&container), ["false", "true", "true", "true"]);
    password.set("password".into());
    settle().await;
    assert_eq!(met(&container), ["true", "true", "true", "false"]);
    password.set("my bruno secret".into());
    settle().await;
    assert_eq!(met(&container), ["true", "true", "false", "true"]);
    assert!(
        first.is_same_node(Some(&find_all(&container, "li")[0])),
        "updated in place, not rebuilt"
    );
    assert!(first.text_content().unwrap_or_default().contains("(met)"));
}
