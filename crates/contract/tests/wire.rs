//! The wire format: camelCase, EZCloud's envelope, and refusal of unknown fields.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use contract::wire::{
    CompleteRequest, Envelope, ErrorCode, ErrorDetail, ResetCodeRequest, ResetCodeSent,
};
use contract::{Channel, PasswordPolicy, PasswordRule};
use serde_json::json;

#[test]
fn a_success_envelope_is_ezclouds() {
    let sent = ResetCodeSent {
        reset_id: "r1".parse().unwrap(),
        masked_destination: "ser****.com".into(),
        resend_after_seconds: 60,
        code_ttl_seconds: 600,
    };
    let value = serde_json::to_value(Envelope::success(sent)).unwrap_or_default();
    assert_eq!(
        value,
        json!({"code": 200, "message": "success", "data": {
            "resetId": "r1", "maskedDestination": "ser****.com",
            "resendAfterSeconds": 60, "codeTtlSeconds": 600}})
    );
}

#[test]
fn requests_are_camel_case_and_refuse_unknown_fields() {
    let request: ResetCodeRequest = serde_json::from_value(json!({
        "channel": "sms", "account": "+4915112345678", "captchaTicket": "t", "locale": "en"
    }))
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(request.channel, Channel::Sms);
    let unknown = serde_json::from_value::<CompleteRequest>(json!({
        "resetToken": "t", "newPassword": "p", "extra": 1
    }));
    assert!(unknown.is_err());
    let wrong_channel = serde_json::from_value::<ResetCodeRequest>(json!({
        "channel": "fax", "account": "a", "captchaTicket": "t", "locale": "en"
    }));
    assert!(wrong_channel.is_err());
}

#[test]
fn error_codes_are_distinct_and_map_to_their_http_class() {
    let mut numbers: Vec<u32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), ErrorCode::ALL.len());
    for code in ErrorCode::ALL {
        assert_eq!(ErrorCode::from_code(code.code()), Some(code));
        assert_ne!(code.code(), contract::wire::SUCCESS);
        assert!(matches!(
            code.http_status(),
            400 | 401 | 403 | 404 | 405 | 410 | 413 | 415 | 429 | 500 | 503
        ));
        assert_eq!(u32::from(code.http_status()), code.code() / 100);
    }
    assert_eq!(ErrorCode::WrongCredentials.http_status(), 401);
    assert_eq!(ErrorCode::CaptchaTicketInvalid.http_status(), 403);
    assert_eq!(ErrorCode::MethodNotAllowed.http_status(), 405);
    assert_eq!(ErrorCode::TooManyRequests.http_status(), 429);
    assert_eq!(ErrorCode::Locked.http_status(), 410);
    assert_eq!(ErrorCode::Unavailable.http_status(), 503);
    assert_eq!(ErrorCode::from_code(200), None);
}

#[test]
fn whole_numbers_are_read_with_or_without_a_zero_fraction() {
    let answer = |nonce: serde_json::Value| {
        serde_json::from_value::<contract::wire::ProofOfWorkAnswer>(
            json!({"challengeId": "abc", "nonce": nonce}),
        )
        .map(|answer| answer.nonce)
        .ok()
    };
    assert_eq!(answer(json!(7)), Some(7));
    assert_eq!(answer(json!(7.0)), Some(7));
    assert_eq!(answer(json!(9_007_199_254_740_991.0)), Some((1 << 53) - 1));
    assert_eq!(answer(json!(9_007_199_254_740_992.0)), None);
    assert_eq!(answer(json!(7.5)), None);
    assert_eq!(answer(json!(-1)), None);
    assert_eq!(answer(json!(-1.0)), None);
    assert_eq!(answer(json!(1e300)), None);
    assert_eq!(answer(json!("7")), None);
    let slider = serde_json::from_value::<contract::wire::SliderAnswer>(
        json!({"captchaId": "abc", "x": 4_294_967_296_u64}),
    );
    assert!(slider.is_err());
}

#[test]
fn error_details_and_policies_round_trip() {
    let detail = ErrorDetail {
        unmet_rules: Some(vec![PasswordRule::MinLength(8), PasswordRule::NotCommon]),
        ..ErrorDetail::default()
    };
    let value = serde_json::to_value(&detail).unwrap_or_default();
    assert_eq!(
        value,
        json!({"unmetRules": [{"rule": "minLength", "value": 8}, {"rule": "notCommon"}]})
    );
    assert_eq!(
        serde_json::from_value::<ErrorDetail>(value).ok(),
        Some(detail)
    );
    let policy = PasswordPolicy::default();
    let text = serde_json::to_string(&policy).unwrap_or_default();
    assert!(text.contains("\"minLength\":8"));
    assert_eq!(
        serde_json::from_str::<PasswordPolicy>(&text).ok(),
        Some(policy)
    );
}

#[test]
fn opaque_values_refuse_what_the_server_never_issues_and_hide_secrets() {
    for bad in ["", "has space", "semi;colon", "é", &"a".repeat(65)] {
        assert!(bad.parse::<contract::ResetId>().is_err(), "{bad:?}");
        assert!(serde_json::from_value::<contract::ResetToken>(json!(bad)).is_err());
    }
    let token: contract::ResetToken = "Abc-_09".parse().unwrap();
    assert_eq!(format!("{token:?}"), "ResetToken(******)");
    let ticket: contract::Ticket = "t1".parse().unwrap();
    assert!(!format!("{ticket:?}").contains("t1"));
    let id: contract::ResetId = "r1".parse().unwrap();
    assert_eq!(format!("{id:?}"), "ResetId(r1)");
    assert_eq!(serde_json::to_value(&id).unwrap(), json!("r1"));
}

#[test]
fn every_endpoint_has_its_own_path_under_openapi() {
    use contract::{ALL_ENDPOINTS, Endpoint, wire::VerifyCodeRequest};
    let mut paths: Vec<&str> = ALL_ENDPOINTS.iter().map(|(_, path)| *path).collect();
    paths.sort_unstable();
    paths.dedup();
    assert_eq!(paths.len(), ALL_ENDPOINTS.len());
    assert!(paths.iter().all(|path| path.starts_with("/openapi/")));
    assert_eq!(
        VerifyCodeRequest::PATH,
        "/openapi/user/account/password/reset/verify"
    );
}
