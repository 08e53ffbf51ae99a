//! The steps with the real core and shell over a scripted backend: what each says and does
//! for each answer, from step 1 to step 4.

use super::*;

#[wasm_bindgen_test]
async fn step_one_explains_an_invalid_account_and_focuses_it_without_a_request() {
    let (transport, sent) = backend(|_, _| Answer::SliderChallenge(Err(Failure::Offline)));
    let mut kept = progress(Stage::EnterAccount);
    kept.draft.email = "bruno@example".into();
    let container = mount_wizard!(kept, transport, AccountStep);
    button(&container, "Acquire").click();
    settle().await;
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "The domain after the @ needs a dot, as in example.com."
    );
    assert_eq!(focused().as_deref(), Some("ezr-account"));
    assert!(sent.all().is_empty());
    assert!(find_all(&container, "dialog").is_empty());
}

#[wasm_bindgen_test]
async fn the_puzzle_dialog_checks_a_drop_retries_a_miss_and_asks_for_the_code() {
    let (transport, sent) = backend(|request, turn| match request {
        Request::NewSlider => {
            Answer::SliderChallenge(Ok(puzzle(if turn == 0 { "c1" } else { "c2" })))
        }
        Request::CheckSlider { captcha_id, .. } if captcha_id.as_str() == "c1" => Answer::Checked(
            Err(refused(ErrorCode::CaptchaFailed, ErrorDetail::default())),
        ),
        Request::CheckSlider { .. } => Answer::Checked(Ok(id("ticket"))),
        _ => Answer::CodeSent(Ok(code_sent())),
    });
    let container = mount_wizard!(progress(Stage::EnterAccount), transport, WizardView);
    let acquire = button(&container, "Acquire");
    acquire.click();
    acquire.click();
    settle().await;
    assert!(
        find(&container, "dialog")
            .unchecked_ref::<web_sys::HtmlDialogElement>()
            .open()
    );
    assert_eq!(
        text(&container, ".ezr-dialog__loading"),
        "Loading the puzzle…"
    );
    answered().await;
    assert_eq!(kinds(&sent), ["puzzle"], "pressed twice, asked once");
    let slider = find(&container, "[role=slider]");
    press(&slider, "Enter", false);
    press(&slider, "Enter", false);
    answered().await;
    answered().await;
    assert_eq!(
        kinds(&sent),
        ["puzzle", "check", "puzzle"],
        "one check a drop, a new puzzle after a miss"
    );
    assert_eq!(
        text(&container, ".ezr-dialog .ezr-field__error"),
        "The piece did not fit. Try this new puzzle."
    );
    press(&find(&container, "[role=slider]"), "Enter", false);
    answered().await;
    answered().await;
    assert_eq!(kinds(&sent), ["puzzle", "check", "puzzle", "check", "send"]);
    assert!(find_all(&container, "dialog").is_empty());
    assert_eq!(text(&container, "[aria-current=step]"), "2Verify Identity");
    assert_eq!(
        text(&container, ".ezr-step__intro"),
        "Please enter the verification code sent to bru****.com."
    );
}

#[wasm_bindgen_test]
async fn step_one_says_why_a_code_was_not_sent_and_keeps_the_address() {
    let (transport, _) = backend(|request, _| match request {
        Request::NewSlider => Answer::SliderChallenge(Ok(puzzle("c1"))),
        Request::CheckSlider { .. } => Answer::Checked(Ok(id("ticket"))),
        _ => Answer::CodeSent(Err(refused(
            ErrorCode::TooManyRequests,
            ErrorDetail {
                retry_after_seconds: Some(1),
                ..ErrorDetail::default()
            },
        ))),
    });
    let container = mount_wizard!(progress(Stage::EnterAccount), transport, AccountStep);
    button(&container, "Acquire").click();
    answered().await;
    press(&find(&container, "[role=slider]"), "Enter", false);
    answered().await;
    answered().await;
    assert!(find_all(&container, "dialog").is_empty());
    assert_eq!(
        text(&container, ".ezr-notice__text"),
        "Too many requests. Please wait 1 second and try again."
    );
    assert_eq!(
        find(&container, "#ezr-account")
            .unchecked_into::<HtmlInputElement>()
            .value(),
        "bruno@example.com"
    );
}

#[wasm_bindgen_test]
async fn step_two_counts_attempts_in_the_right_plural_and_locks() {
    let (transport, sent) = backend(|_, turn| {
        Answer::CodeChecked(Err(match turn {
            0 => refused(
                ErrorCode::WrongCode,
                ErrorDetail {
                    attempts_left: Some(2),
                    ..ErrorDetail::default()
                },
            ),
            1 => refused(
                ErrorCode::WrongCode,
                ErrorDetail {
                    attempts_left: Some(1),
                    ..ErrorDetail::default()
                },
            ),
            _ => refused(ErrorCode::Locked, ErrorDetail::default()),
        }))
    });
    let container = mount_wizard!(on_step_two(0), transport, CodeStep);
    assert_eq!(
        text(&container, ".ezr-step__intro"),
        "Please enter the verification code sent to bru****.com."
    );
    let field = find(&container, "#ezr-code");
    type_into(&field, "123 456");
    button(&container, "Next").click();
    button(&container, "Next").click();
    answered().await;
    assert_eq!(kinds(&sent), ["verify"], "pressed twice, sent once");
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "The code is not correct. 2 attempts left."
    );
    button(&container, "Next").click();
    answered().await;
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "The code is not correct. 1 attempt left."
    );
    button(&container, "Next").click();
    answered().await;
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "Too many wrong codes. For your security, please start again."
    );
    assert!(disabled(&button(&container, "Next")));
    assert!(
        find_all(&container, "button").iter().any(|b| b
            .text_content()
            .unwrap_or_default()
            .starts_with("Resend")
            && disabled(b))
    );
}

#[wasm_bindgen_test]
async fn step_two_offers_to_try_again_after_a_timeout_and_explains_a_short_code() {
    let (transport, sent) = backend(|_, turn| match turn {
        0 => Answer::CodeChecked(Err(Failure::TimedOut)),
        _ => Answer::CodeChecked(Err(refused(ErrorCode::Expired, ErrorDetail::default()))),
    });
    let container = mount_wizard!(on_step_two(0), transport, CodeStep);
    let field = find(&container, "#ezr-code");
    type_into(&field, "12 34");
    button(&container, "Next").click();
    settle().await;
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "The verification code has 6 digits; this has 4."
    );
    assert_eq!(focused().as_deref(), Some("ezr-code"));
    assert!(sent.all().is_empty());
    type_into(&field, "123456");
    button(&container, "Next").click();
    answered().await;
    assert_eq!(
        text(&container, ".ezr-notice__text"),
        "The server took too long to answer."
    );
    button(&container, "Try again").click();
    answered().await;
    assert_eq!(kinds(&sent), ["verify", "verify"]);
    assert!(find_all(&container, ".ezr-notice").is_empty());
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "This code has expired. Ask for a new one with Resend."
    );
}

#[wasm_bindgen_test]
async fn step_two_counts_down_to_resend_and_resends_once() {
    let (transport, sent) = backend(|_, _| Answer::CodeSent(Ok(code_sent())));
    // The code went 58.5 s ago: "Resend" is two ticks away.
    let container = mount_wizard!(on_step_two(58_500), transport, CodeStep);
    let resend = || {
        find_all(&container, "button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().starts_with("Resend"))
            .unwrap()
    };
    assert_eq!(resend().text_content().unwrap_or_default(), "Resend (2 s)");
    assert!(disabled(&resend()));
    gloo_timers::future::TimeoutFuture::new(1_700).await;
    assert_eq!(resend().text_content().unwrap_or_default(), "Resend");
    assert!(!disabled(&resend()));
    resend().click();
    resend().click();
    answered().await;
    assert_eq!(kinds(&sent), ["resend"]);
    assert_eq!(resend().text_content().unwrap_or_default(), "Resend (60 s)");
}

#[wasm_bindgen_test]
async fn step_three_after_a_reload_verifies_the_code_then_sets_the_password() {
    let (transport, sent) = backend(|request, _| match request {
        Request::Policy => Answer::Policy(Ok(PasswordPolicy {
            min_length: 10,
            ..PasswordPolicy::default()
        })),
        Request::Verify { .. } => Answer::CodeChecked(Ok(id("t1"))),
        _ => Answer::PasswordSet(Ok(())),
    });
    let container = mount_wizard!(on_step_three(), transport, WizardView);
    answered().await;
    assert_eq!(
        text(&container, ".ezr-rules__item"),
        "•At least 10 characters (not met yet)"
    );
    button(&container, "Confirm").click();
    settle().await;
    assert_eq!(focused().as_deref(), Some("ezr-code"));
    type_into(&find(&container, "#ezr-code"), "654321");
    type_into(&find(&container, "#ezr-new-password"), "correct horse");
    type_into(&find(&container, "#ezr-confirm-password"), "correct hose");
    button(&container, "Confirm").click();
    settle().await;
    assert_eq!(
        text(&container, "#ezr-confirm-password-error"),
        "The passwords do not match."
    );
    assert_eq!(focused().as_deref(), Some("ezr-confirm-password"));
    type_into(&find(&container, "#ezr-confirm-password"), "correct horse");
    button(&container, "Confirm").click();
    button(&container, "Confirm").click();
    answered().await;
    answered().await;
    assert_eq!(kinds(&sent), ["policy", "verify", "complete"]);
    assert_eq!(text(&container, "[aria-current=step]"), "4Succeed");
    assert_eq!(
        text(&container, ".ezr-success__title"),
        "Your password has been reset."
    );
}

/// A backend whose every completion is refused with `failure`.
fn refusing_completion(failure: Failure) -> (Transport, SentRequests) {
    backend(move |request, _| match request {
        Request::Policy => Answer::Policy(Err(Failure::Offline)),
        Request::Verify { .. } => Answer::CodeChecked(Ok(id("t1"))),
        _ => Answer::PasswordSet(Err(failure.clone())),
    })
}

fn fill_step_three(container: &HtmlElement) {
    type_into(&find(container, "#ezr-code"), "654321");
    type_into(&find(container, "#ezr-new-password"), "correct horse");
    type_into(&find(container, "#ezr-confirm-password"), "correct horse");
    button(container, "Confirm").click();
}

#[wasm_bindgen_test]
async fn step_three_names_the_rules_the_backend_refused() {
    let (transport, _) = refusing_completion(refused(
        ErrorCode::PasswordPolicy,
        ErrorDetail {
            unmet_rules: Some(vec![PasswordRule::CharacterClasses(3)]),
            ..ErrorDetail::default()
        },
    ));
    let container = mount_wizard!(on_step_three(), transport, PasswordStep);
    fill_step_three(&container);
    answered().await;
    answered().await;
    assert_eq!(
        text(&container, "#ezr-new-password-error"),
        "At least 3 of: lower-case letters, capital letters, digits, special characters"
    );
    assert_eq!(
        find(&container, "#ezr-new-password")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn step_three_offers_to_try_again_when_offline() {
    let (transport, sent) = refusing_completion(Failure::Offline);
    let container = mount_wizard!(on_step_three(), transport, PasswordStep);
    fill_step_three(&container);
    answered().await;
    answered().await;
    assert_eq!(
        text(&container, ".ezr-notice__text"),
        "We could not reach the server. Check your connection."
    );
    button(&container, "Try again").click();
    answered().await;
    assert_eq!(kinds(&sent), ["policy", "verify", "complete", "complete"]);
}

#[wasm_bindgen_test]
async fn step_three_goes_back_to_the_code_when_the_token_expired() {
    let (transport, _) = refusing_completion(refused(ErrorCode::Expired, ErrorDetail::default()));
    let container = mount_wizard!(on_step_three(), transport, WizardView);
    fill_step_three(&container);
    answered().await;
    answered().await;
    assert_eq!(text(&container, "[aria-current=step]"), "2Verify Identity");
    assert_eq!(
        text(&container, ".ezr-field__error"),
        "Too much time has passed. Enter the code again to continue."
    );
}

#[wasm_bindgen_test]
async fn step_four_links_to_the_regions_login() {
    let (transport, sent) = backend(|_, _| Answer::Policy(Err(Failure::Offline)));
    let container = mount_wizard!(progress(Stage::Succeed), transport, SuccessStep);
    let link = find(&container, "a.ezr-button");
    assert_eq!(link.text_content().unwrap_or_default(), "Go to Login");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some(Region::Europe.login_url())
    );
    assert!(sent.all().is_empty());
}

#[wasm_bindgen_test]
async fn step_four_names_the_region_only_when_i_m_not_sure_found_it() {
    let hint = ".ezr-success .ezr-step__hint";
    let (transport, _) = backend(|_, _| Answer::Policy(Err(Failure::Offline)));
    let picked = mount_wizard!(progress(Stage::Succeed), transport, SuccessStep);
    assert!(!text(&picked, hint).contains("region"));
    let found = Progress {
        region: RegionChoice::Found(Region::AsiaPacific),
        ..progress(Stage::Succeed)
    };
    let (transport, _) = backend(|_, _| Answer::Policy(Err(Failure::Offline)));
    let container = mount_wizard!(found, transport, SuccessStep);
    assert_eq!(
        text(&container, hint),
        "Your account is in the Asia-Pacific region."
    );
    assert_eq!(
        find(&container, "a.ezr-button")
            .get_attribute("href")
            .as_deref(),
        Some(Region::AsiaPacific.login_url())
    );
}

/// What the account field holds, once step 1 shows again.
fn account_on_step_one(container: &HtmlElement) -> String {
    assert_eq!(
        text(container, "[aria-current=step]"),
        "1Enter Email Address"
    );
    find(container, "#ezr-account")
        .unchecked_into::<HtmlInputElement>()
        .value()
}

#[wasm_bindgen_test]
async fn step_two_starts_again_keeping_the_address() {
    let (transport, _) = backend(|_, _| Answer::Policy(Err(Failure::Offline)));
    let container = mount_wizard!(on_step_two(0), transport, WizardView);
    button(&container, "Start again").click();
    settle().await;
    assert_eq!(account_on_step_one(&container), "bruno@example.com");
    let radios = find_all(&container, "input[type=radio]");
    assert_eq!(radios.len(), 4);
    assert!(radios.iter().all(|radio| !disabled(radio)));
}

#[wasm_bindgen_test]
async fn step_four_offers_another_account_and_no_help_about_a_code() {
    let (transport, _) = backend(|_, _| Answer::Policy(Err(Failure::Offline)));
    let container = mount_wizard!(progress(Stage::Succeed), transport, WizardView);
    assert_eq!(text(&container, ".ezr-region--fixed"), "Region: Europe");
    assert!(find_all(&container, ".ezr-help").is_empty());
    button(&container, "Reset another account").click();
    settle().await;
    assert_eq!(account_on_step_one(&container), "");
    let radios = find_all(&container, "input[type=radio]");
    assert!(radios[1].unchecked_ref::<HtmlInputElement>().checked());
    assert_eq!(find_all(&container, ".ezr-help").len(), 1);
}
