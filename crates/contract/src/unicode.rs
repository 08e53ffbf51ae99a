//! Unicode's lower case and character classes, as `str::to_lowercase` and `char::is_lowercase`,
//! `is_uppercase`, `is_numeric` and `is_alphanumeric` define them. In the browser the browser
//! answers instead (`String.prototype.toLowerCase`, and regular expressions of the same Unicode
//! properties): Rust's own tables weighed 7.5 KB of the app's first load, brotli. A component
//! test compares the two on every character. ASCII never leaves Rust.

/// `text` in lower case.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        imp::lowercase(text)
    }
}

/// A property a character has or lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// Unicode's `Lowercase` (`char::is_lowercase`).
    Lowercase,
    /// Unicode's `Uppercase` (`char::is_uppercase`).
    Uppercase,
    /// A number: general category Nd, Nl or No (`char::is_numeric`).
    Numeric,
    /// Unicode's `Alphabetic`, or a number (`char::is_alphanumeric`).
    Alphanumeric,
}

impl CharClass {
    /// Whether `c` is of this class.
    pub fn holds(self, c: char) -> bool {
        if c.is_ascii() {
            match self {
                CharClass::Lowercase => c.is_ascii_lowercase(),
                CharClass::Uppercase => c.is_ascii_uppercase(),
                CharClass::Numeric => c.is_ascii_digit(),
                CharClass::Alphanumeric => c.is_ascii_alphanumeric(),
            }
        } else {
            imp::holds(self, c)
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::CharClass;

    pub fn lowercase(text: &str) -> String {
        text.to_lowercase()
    }

    pub fn holds(class: CharClass, c: char) -> bool {
        match class {
            CharClass::Lowercase => c.is_lowercase(),
            CharClass::Uppercase => c.is_uppercase(),
            CharClass::Numeric => c.is_numeric(),
            CharClass::Alphanumeric => c.is_alphanumeric(),
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::CharClass;

    pub fn lowercase(text: &str) -> String {
        js_sys::JsString::from(text).to_lower_case().into()
    }

    thread_local! {
        /// One expression a class, in `CharClass` order, made on first use.
        static EXPRESSIONS: [js_sys::RegExp; 4] = [
            r"^\p{Lowercase}$",
            r"^\p{Uppercase}$",
            r"^\p{N}$",
            r"^[\p{Alphabetic}\p{N}]$",
        ]
        .map(|pattern| js_sys::RegExp::new(pattern, "u"));
    }

    pub fn holds(class: CharClass, c: char) -> bool {
        EXPRESSIONS.with(|expressions| expressions[class as usize].test(c.encode_utf8(&mut [0; 4])))
    }
}

#[cfg(test)]
mod tests {
    use super::{CharClass, lowercase};

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

    #[test]
    fn classes_are_unicodes() {
        for (c, classes) in [
            ('a', [true, false, false, true]),
            ('Ä', [false, true, false, true]),
            ('ß', [true, false, false, true]),
            ('٣', [false, false, true, true]),
            ('Ⅻ', [false, true, true, true]),
            ('用', [false, false, false, true]),
            ('!', [false, false, false, false]),
            ('€', [false, false, false, false]),
        ] {
            let held = [
                CharClass::Lowercase,
                CharClass::Uppercase,
                CharClass::Numeric,
                CharClass::Alphanumeric,
            ]
            .map(|class| class.holds(c));
            assert_eq!(held, classes, "{c}");
        }
    }
}
