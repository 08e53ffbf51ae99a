//! The languages ezcloud-reset speaks, how a BCP 47 tag finds one, and CLDR's plural rules for
//! each, so that the app's words and the backend's messages choose the same forms.

use serde::{Deserialize, Serialize};

/// How a language chooses among CLDR's plural categories for whole numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralRule {
    /// Chinese, Thai: one form.
    Other,
    /// English, German, Turkish: one for 1.
    One,
    /// Spanish, Italian: one for 1, many for whole millions.
    OneMillions,
    /// French, Portuguese (Brazil): one for 0 and 1, many for whole millions.
    ZeroOneMillions,
    /// Russian: one for 1, 21, 31…; few for 2–4, 22–24…; many for the rest.
    Russian,
    /// Polish: one for 1; few for 2–4, 22–24…; many for the rest.
    Polish,
    /// Arabic: zero, one, two, few (3–10), many (11–99), other.
    Arabic,
}

/// Declares the languages, one line each: variant, BCP 47 tag (also the name of the
/// language's files), its name in itself, right to left or not, and its plural rule.
macro_rules! languages {
    ($($variant:ident = $tag:literal, $name:literal, rtl: $rtl:literal, $rule:ident;)*) => {
        /// A language of the app and of the messages the backend sends.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(into = "String", try_from = "String")]
        pub enum Locale {
            #[default]
            $($variant,)*
        }

        impl Locale {
            /// Every language, English first.
            pub const ALL: &'static [Locale] = &[$(Locale::$variant,)*];

            /// The BCP 47 tag, also the name of the language's files.
            pub const fn tag(self) -> &'static str {
                match self { $(Locale::$variant => $tag,)* }
            }

            /// The language's name in itself, for a language picker.
            pub const fn native_name(self) -> &'static str {
                match self { $(Locale::$variant => $name,)* }
            }

            /// Whether the language is written right to left.
            pub const fn is_rtl(self) -> bool {
                match self { $(Locale::$variant => $rtl,)* }
            }

            /// How the language chooses its plural forms.
            pub const fn plural_rule(self) -> PluralRule {
                match self { $(Locale::$variant => PluralRule::$rule,)* }
            }
        }
    };
}

// Adding a language: a line here, its file in the app (`src/i18n/lang/<tag>.txt`) and its
// messages in the backend (`crates/reference-backend/messages/<tag>.txt`).
languages! {
    En = "en", "English", rtl: false, One;
    ZhCn = "zh-CN", "简体中文", rtl: false, Other;
    Es = "es", "Español", rtl: false, OneMillions;
    PtBr = "pt-BR", "Português (Brasil)", rtl: false, ZeroOneMillions;
    Fr = "fr", "Français", rtl: false, ZeroOneMillions;
    De = "de", "Deutsch", rtl: false, One;
    It = "it", "Italiano", rtl: false, OneMillions;
    Ru = "ru", "Русский", rtl: false, Russian;
    Pl = "pl", "Polski", rtl: false, Polish;
    Tr = "tr", "Türkçe", rtl: false, One;
    Ar = "ar", "العربية", rtl: true, Arabic;
    Th = "th", "ไทย", rtl: false, Other;
}

/// A CLDR plural category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    pub const ALL: [Plural; 6] = [
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ];

    /// CLDR's name of the category, as translation files write it.
    pub const fn name(self) -> &'static str {
        match self {
            Plural::Zero => "zero",
            Plural::One => "one",
            Plural::Two => "two",
            Plural::Few => "few",
            Plural::Many => "many",
            Plural::Other => "other",
        }
    }
}

/// A tag that names no language ezcloud-reset speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownLocale;

impl std::fmt::Display for UnknownLocale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a language of ezcloud-reset")
    }
}

impl Locale {
    /// The language a BCP 47 tag names, if ezcloud-reset speaks it: `de-AT` is German,
    /// `pt` and `pt-PT` Portuguese (Brazil), `zh`, `zh-Hans` and `zh-Hans-CN` Simplified
    /// Chinese; Traditional Chinese (`zh-TW`, `zh-Hant`) is not spoken.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
        let mut subtags = tag.split('-');
        let language = subtags.next()?;
        let rest: Vec<&str> = subtags.collect();
        if language == "zh" {
            let traditional = rest
                .iter()
                .any(|subtag| matches!(*subtag, "hant" | "tw" | "hk" | "mo"));
            return (!traditional).then_some(Locale::ZhCn);
        }
        Locale::ALL.iter().copied().find(|locale| {
            locale
                .tag()
                .split('-')
                .next()
                .is_some_and(|own| own.eq_ignore_ascii_case(language))
        })
    }

    /// The first of `preferred` (most preferred first) that ezcloud-reset speaks.
    pub fn best_match<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Option<Locale> {
        preferred.into_iter().find_map(Locale::from_tag)
    }

    /// The categories the language uses for whole numbers, which a translation gives.
    pub const fn plurals(self) -> &'static [Plural] {
        use Plural::*;
        match self.plural_rule() {
            PluralRule::Other => &[Other],
            PluralRule::One => &[One, Other],
            PluralRule::OneMillions | PluralRule::ZeroOneMillions => &[One, Many, Other],
            PluralRule::Russian | PluralRule::Polish => &[One, Few, Many],
            PluralRule::Arabic => &[Zero, One, Two, Few, Many, Other],
        }
    }

    /// The one whole number `plural` stands for in this language, where CLDR's rule makes it
    /// exact: Arabic's `zero`, `one` and `two`, and `one` where it means 1 alone. Such a form
    /// may say the number in words ("محاولتان", "one attempt") instead of as `{0}`. Read off
    /// [`Locale::plural`] itself, so the two cannot disagree; every rule here repeats within
    /// 0..200, so a category met once there is met once for all numbers.
    pub fn exact(self, plural: Plural) -> Option<u64> {
        if !matches!(plural, Plural::Zero | Plural::One | Plural::Two) {
            return None;
        }
        let mut numbers = (0..200).filter(|n| self.plural(*n) == plural);
        match (numbers.next(), numbers.next()) {
            (Some(n), None) => Some(n),
            _ => None,
        }
    }

    /// CLDR's cardinal category of the whole number `n`.
    pub fn plural(self, n: u64) -> Plural {
        let (mod10, mod100) = (n % 10, n % 100);
        let millions = n != 0 && n.is_multiple_of(1_000_000);
        match self.plural_rule() {
            PluralRule::Other => Plural::Other,
            PluralRule::One if n == 1 => Plural::One,
            PluralRule::One => Plural::Other,
            PluralRule::OneMillions | PluralRule::ZeroOneMillions => match n {
                1 => Plural::One,
                0 if self.plural_rule() == PluralRule::ZeroOneMillions => Plural::One,
                _ if millions => Plural::Many,
                _ => Plural::Other,
            },
            PluralRule::Russian => match (mod10, mod100) {
                (1, m) if m != 11 => Plural::One,
                (2..=4, m) if !(12..=14).contains(&m) => Plural::Few,
                _ => Plural::Many,
            },
            PluralRule::Polish => match (n, mod10, mod100) {
                (1, _, _) => Plural::One,
                (_, 2..=4, m) if !(12..=14).contains(&m) => Plural::Few,
                _ => Plural::Many,
            },
            PluralRule::Arabic => match (n, mod100) {
                (0, _) => Plural::Zero,
                (1, _) => Plural::One,
                (2, _) => Plural::Two,
                (_, 3..=10) => Plural::Few,
                (_, 11..=99) => Plural::Many,
                _ => Plural::Other,
            },
        }
    }
}

impl From<Locale> for String {
    fn from(locale: Locale) -> String {
        locale.tag().to_owned()
    }
}

impl TryFrom<String> for Locale {
    type Error = UnknownLocale;

    fn try_from(tag: String) -> Result<Locale, UnknownLocale> {
        Locale::from_tag(&tag).ok_or(UnknownLocale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_find_their_language() {
        let cases = [
            ("de-AT", Some(Locale::De)),
            ("pt", Some(Locale::PtBr)),
            ("pt-PT", Some(Locale::PtBr)),
            ("zh-Hans-CN", Some(Locale::ZhCn)),
            ("zh", Some(Locale::ZhCn)),
            ("zh-TW", None),
            ("zh-Hant-HK", None),
            ("AR_eg", Some(Locale::Ar)),
            ("nl", None),
            ("", None),
        ];
        for (tag, locale) in cases {
            assert_eq!(Locale::from_tag(tag), locale, "{tag}");
        }
        assert_eq!(
            Locale::best_match(["nl-BE", "zh-TW", "de-AT", "en"]),
            Some(Locale::De)
        );
        assert_eq!(Locale::best_match(["xx"]), None);
        for locale in Locale::ALL.iter().copied() {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }

    #[test]
    fn plural_rules_follow_cldr() {
        let forms = |locale: Locale, numbers: &[u64]| {
            numbers
                .iter()
                .map(|n| locale.plural(*n))
                .collect::<Vec<_>>()
        };
        use Plural::*;
        assert_eq!(forms(Locale::En, &[0, 1, 2]), [Other, One, Other]);
        assert_eq!(
            forms(Locale::Fr, &[0, 1, 2, 1_000_000]),
            [One, One, Other, Many]
        );
        assert_eq!(
            forms(Locale::Pl, &[1, 2, 5, 12, 22, 25, 101]),
            [One, Few, Many, Many, Few, Many, Many]
        );
        assert_eq!(
            forms(Locale::Ru, &[1, 2, 5, 11, 21, 22, 111]),
            [One, Few, Many, Many, One, Few, Many]
        );
        assert_eq!(
            forms(Locale::Ar, &[0, 1, 2, 3, 10, 11, 99, 100, 102, 103]),
            [Zero, One, Two, Few, Few, Many, Many, Other, Other, Few]
        );
        assert_eq!(forms(Locale::Th, &[1, 2]), [Other, Other]);
        for locale in Locale::ALL.iter().copied() {
            for n in 0..2_000 {
                assert!(
                    locale.plurals().contains(&locale.plural(n)),
                    "{locale:?} {n}"
                );
            }
        }
    }

    #[test]
    fn only_forms_that_stand_for_one_number_are_exact() {
        use Plural::*;
        assert_eq!(
            [Zero, One, Two, Few].map(|plural| Locale::Ar.exact(plural)),
            [Some(0), Some(1), Some(2), None]
        );
        assert_eq!(Locale::En.exact(One), Some(1));
        assert_eq!(Locale::Pl.exact(One), Some(1));
        // French's one is 0 and 1, Russian's 1, 21, 31…: the number must be written.
        assert_eq!(Locale::Fr.exact(One), None);
        assert_eq!(Locale::Ru.exact(One), None);
        assert_eq!(Locale::ZhCn.exact(Other), None);
        for locale in Locale::ALL.iter().copied() {
            for plural in locale.plurals() {
                if let Some(n) = locale.exact(*plural) {
                    for other in (0..100_000).filter(|other| *other != n) {
                        assert_ne!(locale.plural(other), *plural, "{locale:?} {other}");
                    }
                }
            }
        }
    }
}
