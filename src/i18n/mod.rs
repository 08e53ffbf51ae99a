//! Every sentence a user sees comes from here: a language is one table ([`en`]) and one line
//! in [`Locale`], and no view writes a word of its own. Keys are enums, so a missing
//! translation is a compile error, not a blank on screen; counts choose their plural form by
//! the language's CLDR rules, so "1 attempt left" and "4 attempts left" both read right.

mod en;
mod wording;

pub use wording::{
    account_error, code_error, notice_text, problem_text, region_name, rule_text, step_label,
};

/// The languages the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
}

impl Locale {
    /// The locale for a BCP 47 tag such as `en-GB`, falling back to English.
    pub fn from_tag(_tag: &str) -> Locale {
        Locale::En
    }

    /// The tag sent to the backend for the language of its messages.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
        }
    }
}

/// A CLDR plural category. English uses two; Arabic uses all six.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

/// A user-visible sentence without a count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Text {
    AppTitle,
    Loading,
    ConfigFailed,
    RegionLabel,
    RegionHint,
    StepsLabel,
    StepEnterEmail,
    StepEnterPhone,
    StepVerify,
    StepReset,
    StepSucceed,
    UseEmail,
    UsePhone,
    EmailLabel,
    PhoneLabel,
    CountryLabel,
    Acquire,
    LoginLink,
    PuzzleTitle,
    PuzzleHint,
    PuzzleSlider,
    PuzzleRefresh,
    PuzzleClose,
    PuzzleFailed,
    PuzzleLoading,
    CodeSentTo,
    CodeLabel,
    Next,
    SpamReminder,
    Resend,
    Locked,
    Expired,
    VerifyAgain,
    StartAgain,
    ResetIntro,
    ReloadedNeedsCode,
    NewPassword,
    ConfirmPassword,
    ShowPassword,
    HidePassword,
    RulesHeading,
    RuleMet,
    RuleUnmet,
    Mismatch,
    Confirm,
    SuccessTitle,
    SuccessApp,
    GoToLogin,
    HelpTitle,
    HelpSpam,
    HelpWait,
    HelpPhone,
    HelpSupport,
    Offline,
    TimedOut,
    Unavailable,
    TryAgain,
    CheckExpired,
    RefusedRequest,
    RefusedGone,
    RefusedCode,
    RefusedPassword,
    RegionAmericas,
    RegionEurope,
    RegionAsiaPacific,
    EmailEmpty,
    EmailMissingAt,
    EmailMoreThanOneAt,
    EmailMissingLocalPart,
    EmailMissingDomain,
    EmailLocalPartTooLong,
    EmailTooLong,
    EmailSpace,
    EmailInvalidCharacter,
    EmailMisplacedDot,
    EmailDomainNeedsDot,
    EmailInvalidDomainLabel,
    EmailNumericTopLevelDomain,
    PhoneEmpty,
    PhoneInvalidCharacter,
    PhoneUnknownCallingCode,
    CodeEmpty,
    CodeNotDigits,
    RuleNotAccountName,
    RuleNotCommon,
}

/// A user-visible sentence about a count, in each of the language's plural forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counted {
    /// `{0}` attempts left.
    AttemptsLeft,
    /// "Resend" with `{0}` seconds to go.
    ResendIn,
    WaitSeconds,
    WaitMinutes,
    /// The code has 6 digits; this one has `{0}`.
    CodeWrongLength,
    /// Too short for `{1}`: at least `{0}` digits.
    PhoneTooShort,
    /// Too long for `{1}`: at most `{0}` digits.
    PhoneTooLong,
    RuleMinLength,
    RuleMaxLength,
    RuleCharacterClasses,
}

/// The language in use.
fn locale() -> Locale {
    Locale::En
}

/// The sentence in the current language.
pub fn t(text: Text) -> &'static str {
    match locale() {
        Locale::En => en::text(text),
    }
}

/// `template` with `{0}`, `{1}`… filled from `args`.
fn fill(template: &str, args: &[&str]) -> String {
    args.iter()
        .enumerate()
        .fold(template.to_owned(), |filled, (index, arg)| {
            filled.replace(&format!("{{{index}}}"), arg)
        })
}

/// The sentence with `{0}`, `{1}`… filled from `args`.
pub fn tf(text: Text, args: &[&str]) -> String {
    fill(t(text), args)
}

/// The sentence about `count` in the plural form the language uses for it, the count
/// (formatted for the language) as `{0}` and `args` from `{1}` on.
pub fn count(text: Counted, count: u64, args: &[&str]) -> String {
    let (template, number) = match locale() {
        Locale::En => (en::counted(text, en::plural(count)), en::number(count)),
    };
    let mut all = vec![number.as_str()];
    all.extend_from_slice(args);
    fill(template, &all)
}

#[cfg(test)]
mod tests;
