//! Translation files: `Key = text` lines, and `Key.category = text` for each CLDR plural
//! category a language uses; `{0}`, `{1}`… mark arguments, `#` starts a comment. The app and
//! the backend each declare their keys with [`catalog_keys!`] and read their files here, so a
//! missing or unknown key, a missing plural form or a placeholder one language lacks is an
//! error that the tests of both report.

use crate::{Locale, Plural};
use std::collections::BTreeSet;
use std::fmt;

/// A set of keys: an enum whose variants are the keys.
pub trait Keys: Copy + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
    fn index(self) -> usize;
}

/// Declares an enum of translation keys that implements [`Keys`].
#[macro_export]
macro_rules! catalog_keys {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$key_meta:meta])* $key:ident),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name { $($(#[$key_meta])* $key),* }

        impl $crate::catalog::Keys for $name {
            const ALL: &'static [Self] = &[$($name::$key),*];
            fn name(self) -> &'static str {
                match self { $($name::$key => stringify!($key)),* }
            }
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}

/// What is wrong with a translation file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CatalogError {
    /// A line is neither blank, a comment nor `Key = text`.
    Malformed {
        line: usize,
    },
    Unknown {
        key: String,
    },
    Duplicate {
        key: String,
    },
    Missing {
        key: String,
    },
    /// A plural category the language does not use, or one it uses and lacks.
    WrongPlurals {
        key: String,
    },
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogError::Malformed { line } => write!(f, "line {line} is not `Key = text`"),
            CatalogError::Unknown { key } => write!(f, "unknown key {key}"),
            CatalogError::Duplicate { key } => write!(f, "{key} is given twice"),
            CatalogError::Missing { key } => write!(f, "{key} is missing"),
            CatalogError::WrongPlurals { key } => {
                write!(f, "{key} does not give exactly the language's plural forms")
            }
        }
    }
}

impl std::error::Error for CatalogError {}

/// One language's texts for the keys `T` (plain) and `C` (counted, with plural forms).
#[derive(Clone, Debug)]
pub struct Catalog<'a, T: Keys, C: Keys> {
    pub locale: Locale,
    texts: Vec<&'a str>,
    /// For each counted key, its text for each of [`Plural::ALL`]; empty where unused.
    counted: Vec<[&'a str; 6]>,
    keys: std::marker::PhantomData<(T, C)>,
}

fn plural_index(plural: Plural) -> usize {
    Plural::ALL
        .iter()
        .position(|known| *known == plural)
        .unwrap_or(5)
}

impl<'a, T: Keys, C: Keys> Catalog<'a, T, C> {
    /// Reads the file `source` of `locale`.
    pub fn parse(locale: Locale, source: &'a str) -> Result<Self, CatalogError> {
        let mut texts: Vec<Option<&'a str>> = vec![None; T::ALL.len()];
        let mut counted: Vec<[Option<&'a str>; 6]> = vec![[None; 6]; C::ALL.len()];
        for (number, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, text) = line
                .split_once('=')
                .ok_or(CatalogError::Malformed { line: number + 1 })?;
            let (key, text) = (key.trim(), text.trim());
            let slot = match key.split_once('.') {
                None => T::ALL
                    .iter()
                    .find(|known| known.name() == key)
                    .map(|known| &mut texts[known.index()]),
                Some((name, category)) => {
                    let plural = Plural::ALL.into_iter().find(|p| p.name() == category);
                    C::ALL
                        .iter()
                        .find(|known| known.name() == name)
                        .zip(plural)
                        .map(|(known, plural)| &mut counted[known.index()][plural_index(plural)])
                }
            };
            let slot = slot.ok_or_else(|| CatalogError::Unknown {
                key: key.to_owned(),
            })?;
            if slot.replace(text).is_some() {
                return Err(CatalogError::Duplicate {
                    key: key.to_owned(),
                });
            }
        }
        let texts = T::ALL
            .iter()
            .map(|key| {
                texts[key.index()].ok_or_else(|| CatalogError::Missing {
                    key: key.name().to_owned(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let counted = C::ALL
            .iter()
            .map(|key| {
                let forms = counted[key.index()];
                let given: Vec<Plural> = Plural::ALL
                    .into_iter()
                    .filter(|plural| forms[plural_index(*plural)].is_some())
                    .collect();
                if given != locale.plurals() {
                    return Err(CatalogError::WrongPlurals {
                        key: key.name().to_owned(),
                    });
                }
                Ok(forms.map(Option::unwrap_or_default))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Catalog {
            locale,
            texts,
            counted,
            keys: std::marker::PhantomData,
        })
    }

    /// The text of `key`.
    pub fn text(&self, key: T) -> &'a str {
        self.texts.get(key.index()).copied().unwrap_or_default()
    }

    /// The text of `key` in the plural form of `count`.
    pub fn counted(&self, key: C, count: u64) -> &'a str {
        let plural = plural_index(self.locale.plural(count));
        self.counted
            .get(key.index())
            .map_or("", |forms| forms[plural])
    }

    /// Every form of `key` the language uses.
    pub fn forms(&self, key: C) -> Vec<&'a str> {
        self.locale
            .plurals()
            .iter()
            .filter_map(|plural| {
                self.counted
                    .get(key.index())
                    .map(|f| f[plural_index(*plural)])
            })
            .collect()
    }
}

/// The placeholders `{0}`, `{1}`… a text uses.
pub fn placeholders(text: &str) -> BTreeSet<u8> {
    text.match_indices('{')
        .filter_map(|(at, _)| {
            let rest = &text[at + 1..];
            let end = rest.find('}')?;
            rest[..end].parse().ok()
        })
        .collect()
}

/// `template` with `{0}`, `{1}`… replaced by `args`.
pub fn fill(template: &str, args: &[&str]) -> String {
    args.iter()
        .enumerate()
        .fold(template.to_owned(), |filled, (index, arg)| {
            filled.replace(&format!("{{{index}}}"), arg)
        })
}

/// Every difference of placeholders between `english` and `other`, key by key, for tests. A
/// plural form that stands for one number alone ([`Locale::exact`]) may leave out the count
/// `{0}`, as Arabic's dual does; every other placeholder it must keep.
pub fn placeholder_mismatches<T: Keys, C: Keys>(
    english: &Catalog<'_, T, C>,
    other: &Catalog<'_, T, C>,
) -> Vec<String> {
    let mut mismatches = Vec::new();
    for key in T::ALL {
        if placeholders(english.text(*key)) != placeholders(other.text(*key)) {
            mismatches.push(format!("{}: {}", other.locale.tag(), key.name()));
        }
    }
    for key in C::ALL {
        let wanted = english
            .forms(*key)
            .iter()
            .flat_map(|form| placeholders(form))
            .collect::<BTreeSet<_>>();
        for (plural, form) in other.locale.plurals().iter().zip(other.forms(*key)) {
            let mut given = placeholders(form);
            if other.locale.exact(*plural).is_some() {
                given.insert(0);
            }
            if given != wanted {
                mismatches.push(format!(
                    "{}: {}.{} \u{201c}{form}\u{201d}",
                    other.locale.tag(),
                    key.name(),
                    plural.name()
                ));
            }
        }
    }
    mismatches
}
