//! The whole app: a `config.json` that cannot be used.

use super::*;

#[wasm_bindgen_test]
async fn a_config_json_that_cannot_be_used_shows_the_settings_failure() {
    use ezcloud_reset::SettingsFailed;
    use ezcloud_reset::shell::read_config;
    let base = |region: &str, api: &str| format!(r#"{{"region":"{region}","apiBase":"{api}"}}"#);
    let config = |regions: &[String]| format!(r#"{{"regions":[{}]}}"#, regions.join(","));
    let split = config(&[
        base("americas", "https://os.ezcloud.uniview.com"),
        base("europe", "http://127.0.0.1:18080/europe/"),
        base("asia-pacific", "/asia-pacific"),
    ]);
    let read = read_config(200, &split).unwrap();
    assert_eq!(
        read.api_base(Region::Europe).as_str(),
        "http://127.0.0.1:18080/europe"
    );
    assert_eq!(
        read.api_base(Region::Americas)
            .origin()
            .map(String::from)
            .as_deref(),
        Some("https://os.ezcloud.uniview.com")
    );
    let unusable = [
        (200, "{\"regions\": [".to_owned()),
        (200, "not json".to_owned()),
        (200, "null".to_owned()),
        (
            200,
            config(&[base("americas", "/americas"), base("europe", "/europe")]),
        ),
        (
            200,
            config(&[
                base("americas", "/americas"),
                base("europe", "/europe"),
                base("asia-pacific", "/asia-pacific"),
                base("antarctica", "/antarctica"),
            ]),
        ),
        (
            200,
            config(&[
                base("americas", "/americas"),
                base("europe", "/europe"),
                base("europe", "/eu"),
                base("asia-pacific", "/asia-pacific"),
            ]),
        ),
        (
            200,
            config(&[
                base("americas", "javascript:alert(1)"),
                base("europe", "/europe"),
                base("asia-pacific", "/asia-pacific"),
            ]),
        ),
        (
            200,
            config(&[
                base("americas", "ftp://os.ezcloud.uniview.com"),
                base("europe", "/europe"),
                base("asia-pacific", "/asia-pacific"),
            ]),
        ),
        (404, split.clone()),
    ];
    for (status, text) in unusable {
        let failure = read_config(status, &text).expect_err(&text);
        let retried = RwSignal::new(0);
        let on_retry = Callback::new(move |()| retried.update(|count| *count += 1));
        let page = mount(
            move || view! { <SettingsFailed failure=failure catalog=english() on_retry=on_retry /> },
        );
        settle().await;
        assert!(
            page.text_content()
                .unwrap_or_default()
                .contains("could not load its settings"),
            "{text}: {:?}",
            page.text_content()
        );
        find(&page, "[role=alert] button").click();
        assert_eq!(retried.get_untracked(), 1, "{text}");
        page.remove();
    }
}
