//! A host's theme, validated: a colour is a colour, a length a length, a font name plain
//! text. Anything else is ignored, so a host cannot inject CSS through an attribute.

use contract::CharClass;

/// A light or dark palette, or the system's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorScheme {
    Light,
    Dark,
    #[default]
    Auto,
}

/// One theme setting, ready to be a CSS value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThemeSetting {
    /// A hex colour (`#0b5cc5`) or `rgb()`/`rgba()` of numbers.
    Accent(String),
    /// A length in `px`, `rem` or `em`, from 0 to 99.
    Radius(String),
    /// Font family names of letters, digits, spaces and hyphens, comma separated.
    FontFamily(String),
    Scheme(ColorScheme),
}

fn is_hex_colour(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

fn is_rgb_colour(value: &str) -> bool {
    let inner = value
        .strip_prefix("rgba(")
        .or_else(|| value.strip_prefix("rgb("))
        .and_then(|rest| rest.strip_suffix(')'));
    inner.is_some_and(|inner| {
        let parts: Vec<&str> = inner
            .split([',', ' ', '/'])
            .filter(|part| !part.is_empty())
            .collect();
        matches!(parts.len(), 3 | 4)
            && parts.iter().all(|part| {
                let number = part.strip_suffix('%').unwrap_or(part);
                !number.is_empty()
                    && number.len() <= 6
                    && number.chars().all(|c| c.is_ascii_digit() || c == '.')
            })
    })
}

fn is_length(value: &str) -> bool {
    let number = ["px", "rem", "em"]
        .iter()
        .find_map(|unit| value.strip_suffix(unit));
    // Read by hand: parsing a float would pull the float parser into the module.
    number.is_some_and(|number| {
        let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
        let digits = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
        digits(whole) && whole.len() <= 2 && digits(fraction) && fraction.len() <= 2
    })
}

fn is_font_family(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 200
        && value.split(',').all(|family| {
            let family = family.trim();
            !family.is_empty()
                && family
                    .chars()
                    .all(|c| CharClass::Alphanumeric.holds(c) || c == ' ' || c == '-')
        })
}

impl ThemeSetting {
    /// The setting a host's attribute `name` asks for, if `value` is valid for it.
    pub fn parse(name: &str, value: &str) -> Option<ThemeSetting> {
        let value = value.trim();
        match name {
            "accent-color" if is_hex_colour(value) || is_rgb_colour(value) => {
                Some(ThemeSetting::Accent(value.to_owned()))
            }
            "radius" if is_length(value) => Some(ThemeSetting::Radius(value.to_owned())),
            "font-family" if is_font_family(value) => {
                Some(ThemeSetting::FontFamily(value.to_owned()))
            }
            "color-scheme" => match value {
                "light" => Some(ThemeSetting::Scheme(ColorScheme::Light)),
                "dark" => Some(ThemeSetting::Scheme(ColorScheme::Dark)),
                "auto" => Some(ThemeSetting::Scheme(ColorScheme::Auto)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The CSS custom properties the setting sets, and their value.
    pub fn properties(&self) -> (&'static [&'static str], &str) {
        match self {
            ThemeSetting::Accent(colour) => (
                &[
                    "--ezr-color-primary",
                    "--ezr-color-primary-hover",
                    "--ezr-color-focus",
                ],
                colour,
            ),
            ThemeSetting::Radius(length) => (&["--ezr-radius"], length),
            ThemeSetting::FontFamily(family) => (&["--ezr-font"], family),
            ThemeSetting::Scheme(_) => (&[], ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_theme_values_pass_and_anything_else_is_ignored() {
        let good = [
            ("accent-color", "#0b5cc5"),
            ("accent-color", "#FA0"),
            ("accent-color", "rgb(11, 92, 197)"),
            ("accent-color", "rgba(11 92 197 / 50%)"),
            ("radius", "12px"),
            ("radius", "0.5rem"),
            ("font-family", "Open Sans, Noto Sans SC, sans-serif"),
            ("color-scheme", "dark"),
        ];
        for (name, value) in good {
            assert!(ThemeSetting::parse(name, value).is_some(), "{name}={value}");
        }
        let bad = [
            ("accent-color", "red; background: url(https://evil.example)"),
            ("accent-color", "#12345"),
            ("accent-color", "rgb(1,2)"),
            ("accent-color", "var(--x)"),
            ("accent-color", "expression(alert(1))"),
            ("radius", "12"),
            ("radius", "1e3px"),
            ("radius", "100px"),
            ("radius", "calc(1px + 1px)"),
            ("font-family", "x; } body { display: none"),
            ("font-family", "\"Quoted\""),
            ("font-family", "url(x)"),
            ("font-family", ""),
            ("color-scheme", "purple"),
            ("unknown", "#fff"),
        ];
        for (name, value) in bad {
            assert_eq!(ThemeSetting::parse(name, value), None, "{name}={value}");
        }
    }
}
