//! Every sentence a user sees comes from here. Each language is one file in `lang/`
//! (`Key = text`, and `Key.one = …` for each CLDR plural form it uses); the app fetches only
//! the language shown and installs it with [`install`]. The keys are the enums below, so a
//! view cannot ask for a sentence that does not exist, and the tests read every file against
//! them: a missing or unknown key, a missing plural form or a placeholder one language lacks
//! fails them.

mod wording;

pub use contract::{Locale, Plural};
pub use wording::{
    account_error, code_error, notice_text, problem_text, region_name, rule_text, step_label,
};

use contract::catalog;
use std::cell::Cell;

contract::catalog_keys! {
    /// A user-visible sentence without a count.
    pub enum Text {
        AppTitle, DocumentTitle, LanguageLabel, ConfigFailed, NeedsScript,
        RegionLabel, RegionHint, RegionNotSure, RegionIs, StepsLabel, StepNumbered,
        StepEnterEmail, StepEnterPhone, StepVerify, StepReset, StepSucceed,
        UseEmail, UsePhone, EmailLabel, PhoneLabel, CountryLabel, CountryWithCode, CountrySearch, Acquire, LoginLink,
        PuzzleTitle, PuzzleHint, PuzzleCheck, PuzzleSlider, PuzzleRefresh, PuzzleClose, PuzzleFailed, PuzzleLoading,
        UseAccessibleCheck, UseSlider, WorkTitle, WorkHint, WorkLoading, WorkProgress, WorkAlmostDone,
        WorkFailed, WorkRestarted, CheckPassed, AnnounceCodeSent, AnnounceResendReady,
        CodeSentTo, CodeLabel, Next, SpamReminder, Resend, Locked, Expired, VerifyAgain, StartAgain,
        ResetIntro, ReloadedNeedsCode, NewPassword, ConfirmPassword, ShowPassword, HidePassword,
        ShowField, HideField,
        RulesHeading, RuleMet, RuleUnmet, Mismatch, Confirm,
        SuccessTitle, SuccessRegion, SuccessApp, GoToLogin, ResetAnother,
        HelpTitle, HelpSpam, HelpOtherRegion, HelpWait, HelpPhone, HelpApp, HelpSameAccount, HelpSupport,
        Offline, TimedOut, Unavailable, TryAgain, CheckExpired,
        RefusedRequest, RefusedGone, RefusedCode, RefusedPassword,
        RegionAmericas, RegionEurope, RegionAsiaPacific,
        EmailEmpty, EmailMissingAt, EmailMoreThanOneAt, EmailMissingLocalPart, EmailMissingDomain,
        EmailLocalPartTooLong, EmailTooLong, EmailSpace, EmailInvalidCharacter, EmailMisplacedDot,
        EmailDomainNeedsDot, EmailInvalidDomainLabel, EmailNumericTopLevelDomain,
        PhoneEmpty, PhoneInvalidCharacter, PhoneUnknownCallingCode, PhoneWrongLength,
        CodeEmpty, CodeNotDigits, RuleNotAccountName, RuleNotCommon,
    }
}

contract::catalog_keys! {
    /// A user-visible sentence about a count, in each plural form of the language; the count
    /// is `{0}`.
    pub enum Counted {
        AttemptsLeft, ResendIn, WaitSeconds, WaitMinutes, WorkSecondsLeft, CodeWrongLength,
        /// Too short for the country `{1}`.
        PhoneTooShort,
        /// Too long for the country `{1}`.
        PhoneTooLong,
        RuleMinLength, RuleMaxLength, RuleCharacterClasses,
    }
}

/// One language's sentences.
pub type Catalog = catalog::Catalog<'static, Text, Counted>;

thread_local! {
    static CURRENT: Cell<Option<&'static Catalog>> = const { Cell::new(None) };
}

/// Reads a language's file; the catalog lives as long as the page.
pub fn parse(locale: Locale, source: String) -> Result<&'static Catalog, catalog::CatalogError> {
    let source: &'static str = Box::leak(source.into_boxed_str());
    Catalog::parse(locale, source).map(|catalog| &*Box::leak(Box::new(catalog)))
}

/// Makes `catalog` the language every sentence is said in from now on.
pub fn install(catalog: &'static Catalog) {
    CURRENT.with(|current| current.set(Some(catalog)));
}

/// The language installed.
pub fn current() -> Option<Locale> {
    CURRENT.with(Cell::get).map(|catalog| catalog.locale)
}

/// The sentence in the current language.
pub fn t(text: Text) -> &'static str {
    CURRENT
        .with(Cell::get)
        .map_or("", |catalog| catalog.text(text))
}

/// The sentence with `{0}`, `{1}`… filled from `args`.
pub fn tf(text: Text, args: &[&str]) -> String {
    catalog::fill(t(text), args)
}

/// The sentence split around its `{0}`, so that a view can put something of its own there,
/// such as a value that must stay left to right inside a right-to-left sentence.
pub fn around(text: Text) -> (&'static str, &'static str) {
    let sentence = t(text);
    sentence.split_once("{0}").unwrap_or((sentence, ""))
}

/// `n` written as the current language writes numbers.
#[cfg(target_arch = "wasm32")]
pub fn number(n: u64) -> String {
    let locales = js_sys::Array::of1(&current().unwrap_or_default().tag().into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new()).format();
    format
        .call1(&wasm_bindgen::JsValue::NULL, &(n as f64).into())
        .ok()
        .and_then(|written| written.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// Sorts `items` by their `name`, as the current language orders words (`Intl.Collator`):
/// "Åland" with the A's, "Österreich" as German orders it.
#[cfg(target_arch = "wasm32")]
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    let locales = js_sys::Array::of1(&current().unwrap_or_default().tag().into());
    let compare = js_sys::Intl::Collator::new(&locales, &js_sys::Object::new()).compare();
    items.sort_unstable_by(|a, b| {
        let order = compare
            .call2(
                &wasm_bindgen::JsValue::NULL,
                &name(a).into(),
                &name(b).into(),
            )
            .ok()
            .and_then(|order| order.as_f64())
            .unwrap_or_default();
        order.partial_cmp(&0.0).unwrap_or(std::cmp::Ordering::Equal)
    });
}

/// Sorts `items` by their `name` in code-point order, natively, where no browser collates.
#[cfg(not(target_arch = "wasm32"))]
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_unstable_by(|a, b| name(a).cmp(name(b)));
}

/// The name of the country or territory `iso` (ISO 3166-1 alpha-2) in the current language,
/// as the browser knows it.
pub fn country_name(iso: &str) -> String {
    country_namer()(iso)
}

/// `items` as one list in the current language's words (`Intl.ListFormat`): "a, b, and c",
/// "a、b和c", "a وb وc".
#[cfg(target_arch = "wasm32")]
pub fn list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    let array: js_sys::Array = items
        .iter()
        .map(|item| wasm_bindgen::JsValue::from_str(item))
        .collect();
    intl("ListFormat", &js_sys::Object::new())
        .and_then(|format| intl_method(&format, "format"))
        .and_then(|(format, method)| method.call1(&format, &array).ok()?.as_string())
        .unwrap_or_else(|| items.join(", "))
}

/// A new `Intl.<name>` for the current language with `options`, where the browser has that
/// constructor (some older ones lack `ListFormat` or `DisplayNames`).
#[cfg(target_arch = "wasm32")]
fn intl(name: &str, options: &js_sys::Object) -> Option<wasm_bindgen::JsValue> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: js_sys::Function = js_sys::Reflect::get(&intl, &name.into()).ok()?.into();
    let locales = js_sys::Array::of1(&current().unwrap_or_default().tag().into());
    js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&locales, options)).ok()
}

/// `object` with its method `name`, to call on it.
#[cfg(target_arch = "wasm32")]
fn intl_method(
    object: &wasm_bindgen::JsValue,
    name: &str,
) -> Option<(wasm_bindgen::JsValue, js_sys::Function)> {
    let method = js_sys::Reflect::get(object, &name.into()).ok()?.into();
    Some((object.clone(), method))
}

/// `items` joined by commas, natively, where no browser formats lists.
#[cfg(not(target_arch = "wasm32"))]
pub fn list(items: impl IntoIterator<Item = String>) -> String {
    items.into_iter().collect::<Vec<_>>().join(", ")
}

/// Names countries and territories by ISO 3166-1 alpha-2 code in the current language, as the
/// browser knows them (`Intl.DisplayNames`), or by the code itself where it knows none. Made
/// once for a whole list: the browser's namer is slow to make, and the list has 245 names.
#[cfg(target_arch = "wasm32")]
pub fn country_namer() -> impl Fn(&str) -> String {
    use wasm_bindgen::JsValue;
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
    let namer = intl("DisplayNames", &options).and_then(|names| intl_method(&names, "of"));
    move |iso| {
        namer
            .as_ref()
            .and_then(|(names, of)| of.call1(names, &JsValue::from_str(iso)).ok()?.as_string())
            .unwrap_or_else(|| iso.to_owned())
    }
}

/// The ISO code itself, natively, where no browser names countries.
#[cfg(not(target_arch = "wasm32"))]
pub fn country_namer() -> impl Fn(&str) -> String {
    str::to_owned
}

/// `n` in plain digits, natively, where no browser formats numbers.
#[cfg(not(target_arch = "wasm32"))]
pub fn number(n: u64) -> String {
    n.to_string()
}

/// The sentence about `n` in its plural form for the current language, the count (written
/// for the language) as `{0}` and `args` from `{1}` on.
pub fn count(text: Counted, n: u64, args: &[&str]) -> String {
    let template = CURRENT
        .with(Cell::get)
        .map_or("", |catalog| catalog.counted(text, n));
    let written = number(n);
    let mut all = vec![written.as_str()];
    all.extend_from_slice(args);
    catalog::fill(template, &all)
}

/// A language's file as the app serves it, for the tests that read them all.
#[cfg(test)]
pub(crate) fn file(locale: Locale) -> String {
    let path = format!(
        "{}/src/i18n/lang/{}.txt",
        env!("CARGO_MANIFEST_DIR"),
        locale.tag()
    );
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
}

#[cfg(test)]
mod tests;
