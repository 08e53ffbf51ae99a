//! Words as each language says them: lists joined, and counts in their plural forms.

use super::*;

#[wasm_bindgen_test]
fn lists_are_joined_as_each_language_joins_them() {
    let parts = || ["a".to_owned(), "b".to_owned(), "c".to_owned()];
    i18n::install(english());
    assert_eq!(i18n::list(parts()), "a, b, and c");
    i18n::install(catalog(
        Locale::ZhCn,
        include_str!("../../src/i18n/lang/zh-CN.txt"),
    ));
    assert_eq!(i18n::list(parts()), "a、b和c");
    i18n::install(arabic());
    let arabic = i18n::list(parts());
    // CLDR's Arabic joins every item with "و", and no Latin comma or full stop.
    assert_eq!(arabic, "a \u{648}b \u{648}c");
    i18n::install(english());
}

/// Step 2 in `catalog`'s language, answering each "Next" with the next count of attempts left.
async fn attempts_left_in(catalog: &'static Catalog, counts: &'static [u32]) -> Vec<String> {
    let (transport, _) = backend(move |_, turn| {
        let left = counts.get(turn as usize).copied().unwrap_or(0);
        Answer::CodeChecked(Err(refused(
            ErrorCode::WrongCode,
            ErrorDetail {
                attempts_left: Some(left),
                ..ErrorDetail::default()
            },
        )))
    });
    let mut kept = on_step_two(0);
    kept.locale = catalog.locale;
    let container = mount(move || {
        view! { <WizardProvider progress=kept catalog=catalog transport=transport stores=false><CodeStep /></WizardProvider> }
    });
    type_into(&find(&container, "#ezr-code"), "123456");
    let next = catalog.text(i18n::Text::Next);
    let mut said = Vec::new();
    for _ in counts {
        button(&container, next).click();
        answered().await;
        said.push(text(&container, ".ezr-field__error"));
    }
    said
}

#[wasm_bindgen_test]
async fn attempts_left_take_the_plural_form_of_polish_and_arabic() {
    assert_eq!(
        attempts_left_in(polish(), &[4, 2, 1]).await,
        [
            "Kod jest nieprawidłowy. Pozostały 4 próby.",
            "Kod jest nieprawidłowy. Pozostały 2 próby.",
            "Kod jest nieprawidłowy. Pozostała 1 próba."
        ]
    );
    let arabic_said = attempts_left_in(arabic(), &[4, 2, 0]).await;
    assert!(arabic_said[0].contains("محاولات"), "few: {}", arabic_said[0]);
    assert!(
        arabic_said[1].contains("محاولتان"),
        "two: {}",
        arabic_said[1]
    );
    assert!(
        arabic_said[2].contains("المحاولات المتبقية"),
        "zero: {}",
        arabic_said[2]
    );
}
