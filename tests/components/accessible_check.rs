//! The proof of work (the accessible check): alone, with its progress, when it expires, is
//! refused or is asked for too often.

use super::*;

fn challenge(challenge_id: &str, difficulty: u8) -> ProofOfWorkChallenge {
    ProofOfWorkChallenge {
        challenge_id: id(challenge_id),
        algorithm: contract::PROOF_OF_WORK_ALGORITHM.into(),
        salt: contract::ProofOfWorkSalt::new([9; 16]),
        difficulty,
        expires_in_seconds: 120,
    }
}

/// A backend whose challenges take `difficulty` bits and whose answers are checked for real;
/// `refuse` answers the answer to each challenge instead, by turn.
fn work_backend(
    difficulty: u8,
    refuse: impl Fn(u32) -> Option<Failure> + 'static,
) -> (Transport, SentRequests) {
    let answers = Rc::new(Cell::new(0u32));
    backend(move |request, turn| match request {
        Request::NewSlider => Answer::SliderChallenge(Ok(puzzle("c1"))),
        Request::NewProofOfWork => {
            Answer::ProofOfWorkChallenge(Ok(challenge(&format!("w{turn}"), difficulty)))
        }
        Request::CheckProofOfWork { nonce, .. } => {
            let answer = answers.get();
            answers.set(answer + 1);
            match refuse(answer) {
                Some(failure) => Answer::Checked(Err(failure)),
                None if challenge("any", difficulty)
                    .salt
                    .accepts(*nonce, difficulty) =>
                {
                    Answer::Checked(Ok(id("ticket")))
                }
                None => Answer::Checked(Err(refused(
                    ErrorCode::CaptchaFailed,
                    ErrorDetail::default(),
                ))),
            }
        }
        _ => Answer::CodeSent(Ok(code_sent())),
    })
}

/// Step 1 with the dialog switched to the accessible check.
async fn accessible_check(transport: Transport) -> HtmlElement {
    let container = mount_wizard!(progress(Stage::EnterAccount), transport, WizardView);
    button(&container, "Acquire").click();
    answered().await;
    button(&container, "Use an accessible check instead").click();
    settle().await;
    container
}

/// Waits, a bounded while, for `done`.
async fn until(done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(25).await;
    }
}

#[wasm_bindgen_test]
async fn the_accessible_check_works_alone_and_its_answer_sends_the_code() {
    let (transport, sent) = work_backend(12, |_| None);
    let container = accessible_check(transport).await;
    assert_eq!(text(&container, "#ezr-check-title"), "Automatic check");
    assert!(text(&container, "#ezr-check-hint").starts_with("Your browser is doing"));
    until(|| find_all(&container, "dialog").is_empty()).await;
    assert_eq!(kinds(&sent), ["puzzle", "work", "answer", "send"]);
    assert_eq!(text(&container, "[aria-current=step]"), "2Verify Identity");
    assert_eq!(
        text(&container, ".ezr-sr-only[role=status]"),
        "The verification code was sent to bru****.com."
    );
}

#[wasm_bindgen_test]
async fn the_accessible_check_shows_progress_keeps_the_page_responsive_and_stops_when_closed() {
    // 2^26 hashes on average: far longer than this test waits.
    let (transport, sent) = work_backend(26, |_| None);
    let container = accessible_check(transport).await;
    until(|| {
        find_all(&container, "progress")
            .first()
            .and_then(|bar| bar.get_attribute("value"))
            .is_some_and(|value| value != "0")
    })
    .await;
    let bar = find(&container, "progress");
    assert_eq!(
        bar.get_attribute("aria-label").as_deref(),
        Some("Check progress")
    );
    until(|| text(&container, ".ezr-proof-of-work__time").starts_with("About")).await;
    assert!(text(&container, ".ezr-proof-of-work__time").ends_with("seconds left"));
    // The page answers while the search runs: a timer set now fires within a few frames.
    let started = js_sys::Date::now();
    gloo_timers::future::TimeoutFuture::new(1).await;
    assert!(
        js_sys::Date::now() - started < 200.0,
        "the search held the page"
    );
    find(&container, "button[aria-label=Close]").click();
    settle().await;
    gloo_timers::future::TimeoutFuture::new(300).await;
    assert_eq!(kinds(&sent), ["puzzle", "work"], "no answer after closing");
}

#[wasm_bindgen_test]
async fn an_expired_challenge_restarts_and_a_refused_answer_offers_another() {
    let expired = refused(ErrorCode::Expired, ErrorDetail::default());
    let wrong = refused(ErrorCode::CaptchaFailed, ErrorDetail::default());
    let (transport, sent) = work_backend(8, move |turn| match turn {
        0 => Some(expired.clone()),
        1 => Some(wrong.clone()),
        _ => None,
    });
    let container = accessible_check(transport).await;
    until(|| text(&container, ".ezr-dialog .ezr-field__error").contains("took too long")).await;
    assert_eq!(
        text(&container, ".ezr-dialog .ezr-field__error"),
        "The check took too long. A new one has started."
    );
    until(|| !find_all(&container, ".ezr-notice").is_empty()).await;
    assert_eq!(
        text(&container, ".ezr-dialog .ezr-notice__text"),
        "The check did not pass. Please try again."
    );
    assert_eq!(kinds(&sent), ["puzzle", "work", "answer", "work", "answer"]);
    button(&container, "Try again").click();
    until(|| find_all(&container, "dialog").is_empty()).await;
    assert_eq!(
        kinds(&sent),
        [
            "puzzle", "work", "answer", "work", "answer", "work", "answer", "send"
        ]
    );
}

#[wasm_bindgen_test]
async fn too_many_challenges_say_how_long_to_wait_and_the_puzzle_stays_offered() {
    let (transport, _) = backend(|request, _| match request {
        Request::NewProofOfWork => Answer::ProofOfWorkChallenge(Err(refused(
            ErrorCode::TooManyRequests,
            ErrorDetail {
                retry_after_seconds: Some(42),
                ..ErrorDetail::default()
            },
        ))),
        _ => Answer::SliderChallenge(Ok(puzzle("c1"))),
    });
    let container = accessible_check(transport).await;
    answered().await;
    assert_eq!(
        text(&container, ".ezr-dialog .ezr-notice__text"),
        "Too many requests. Please wait 42 seconds and try again."
    );
    button(&container, "Use the puzzle instead").click();
    answered().await;
    assert!(!find_all(&container, "[role=slider]").is_empty());
    // A modal left open would make every later test's page inert.
    find(&container, "button[aria-label=Close]").click();
    settle().await;
    assert!(find_all(&container, "dialog").is_empty());
}
