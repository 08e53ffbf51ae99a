//! Lower case as Unicode's default case conversion defines it, which `str::to_lowercase`
//! implements. In the browser the browser's own `String.prototype.toLowerCase`, which
//! implements the same conversion, does it instead: Rust's conversion tables would weigh 6.5 KB
//! of the app's first load. A component test compares the two on every character.

/// `text` in lower case.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        unicode_lowercase(text)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn unicode_lowercase(text: &str) -> String {
    text.to_lowercase()
}

#[cfg(target_arch = "wasm32")]
fn unicode_lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(test)]
mod tests {
    use super::lowercase;

    #[test]
    fn lower_case_is_unicodes_and_stays_put() {
        for (text, lower) in [
            ("Ser@Example.COM", "ser@example.com"),
            ("ÜBER.de", "über.de"),
            ("ΟΔΟΣ", "οδος"),
            ("İstanbul", "i\u{307}stanbul"),
            ("用户", "用户"),
        ] {
            assert_eq!(lowercase(text), lower);
            assert_eq!(lowercase(lower), lower);
        }
    }
}
