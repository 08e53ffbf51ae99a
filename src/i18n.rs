//! Every string a user sees passes through here, so that a language is added in this one
//! place and no view changes. English only for now; the keys are an enum so that a missing
//! translation is a compile error, not a blank on screen.

use contract::{AccountError, CodeError, PasswordRule, Region};

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

/// A user-visible string.
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
    ResendIn,
    WrongCode,
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
    WaitSeconds,
    WaitMinutes,
    RegionAmericas,
    RegionEurope,
    RegionAsiaPacific,
}

/// The English text of `text`; `{0}` marks where [`tf`] puts an argument.
fn english(text: Text) -> &'static str {
    use Text::*;
    match text {
        AppTitle => "Forgot Password",
        Loading => "Loading\u{2026}",
        ConfigFailed => "The password reset page could not load its settings.",
        RegionLabel => "Region",
        RegionHint => "Your account lives in the region where it was created.",
        StepsLabel => "Progress",
        StepEnterEmail => "Enter Email Address",
        StepEnterPhone => "Enter Phone Number",
        StepVerify => "Verify Identity",
        StepReset => "Reset Password",
        StepSucceed => "Succeed",
        UseEmail => "Use email to retrieve password",
        UsePhone => "Use mobile phone number to retrieve password",
        EmailLabel => "Email Address",
        PhoneLabel => "Mobile Phone Number",
        CountryLabel => "Country/Region",
        Acquire => "Acquire",
        LoginLink => "Already have an account? Login",
        PuzzleTitle => "Complete the puzzle",
        PuzzleHint => {
            "Slide the piece into the gap. With the keyboard: arrow keys move it, Shift moves it faster, Enter drops it."
        }
        PuzzleSlider => "Piece position",
        PuzzleRefresh => "Load another puzzle",
        PuzzleClose => "Close",
        PuzzleFailed => "The piece did not fit. Try this new puzzle.",
        PuzzleLoading => "Loading the puzzle\u{2026}",
        CodeSentTo => "Please enter the verification code sent to {0}.",
        CodeLabel => "Verification Code",
        Next => "Next",
        SpamReminder => "Sometimes the code goes to the spam folder. Check it as well.",
        Resend => "Resend",
        ResendIn => "Resend ({0} s)",
        WrongCode => "The code is not correct. {0} attempts left.",
        Locked => "Too many wrong codes. For your security, please start again.",
        Expired => "This code has expired. Ask for a new one with Resend.",
        VerifyAgain => "Too much time has passed. Enter the code again to continue.",
        StartAgain => "Start again",
        ResetIntro => "Please reset your password for account security.",
        ReloadedNeedsCode => {
            "The page was reloaded, so please enter the verification code once more."
        }
        NewPassword => "New Password",
        ConfirmPassword => "Confirm Password",
        ShowPassword => "Show",
        HidePassword => "Hide",
        RulesHeading => "Your new password:",
        RuleMet => "met",
        RuleUnmet => "not met yet",
        Mismatch => "The passwords do not match.",
        Confirm => "Confirm",
        SuccessTitle => "Your password has been reset.",
        SuccessApp => {
            "The UNV-Link app signs in with the same account: use your new password there too."
        }
        GoToLogin => "Go to Login",
        HelpTitle => "Didn't receive a code?",
        HelpSpam => "Check your spam or junk folder: the code sometimes lands there.",
        HelpWait => "Wait a minute, then press Resend for a new code.",
        HelpPhone => {
            "If you signed up with a phone number, use \u{201c}Use mobile phone number to retrieve password\u{201d}."
        }
        HelpSupport => "Still stuck? Contact Uniview's support hotline.",
        Offline => "We could not reach the server. Check your connection.",
        TimedOut => "The server took too long to answer.",
        Unavailable => "The service is not available right now.",
        TryAgain => "Try again",
        WaitSeconds => "Too many requests. Please wait {0} seconds and try again.",
        WaitMinutes => "Too many requests. Please wait {0} minutes and try again.",
        RegionAmericas => "America",
        RegionEurope => "Europe",
        RegionAsiaPacific => "Asia-Pacific",
    }
}

/// The text in the current language.
pub fn t(text: Text) -> &'static str {
    english(text)
}

/// The text with `{0}`, `{1}`… filled from `args`.
pub fn tf(text: Text, args: &[&str]) -> String {
    args.iter()
        .enumerate()
        .fold(t(text).to_owned(), |filled, (index, arg)| {
            filled.replace(&format!("{{{index}}}"), arg)
        })
}

/// A region's name.
pub fn region_name(region: Region) -> &'static str {
    t(match region {
        Region::Americas => Text::RegionAmericas,
        Region::Europe => Text::RegionEurope,
        Region::AsiaPacific => Text::RegionAsiaPacific,
    })
}

/// A checklist line for a password rule.
pub fn rule_text(rule: &PasswordRule) -> String {
    rule.to_string()
}

/// What is wrong with a typed account.
pub fn account_error(error: &AccountError) -> String {
    error.to_string()
}

/// What is wrong with a typed code.
pub fn code_error(error: &CodeError) -> String {
    error.to_string()
}

/// How long to wait, in the largest unit that reads well.
pub fn wait_message(seconds: u64) -> String {
    if seconds > 120 {
        tf(Text::WaitMinutes, &[&seconds.div_ceil(60).to_string()])
    } else {
        tf(Text::WaitSeconds, &[&seconds.to_string()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_filled_in() {
        assert_eq!(
            tf(Text::CodeSentTo, &["ser****.com"]),
            "Please enter the verification code sent to ser****.com."
        );
        assert_eq!(
            tf(Text::WrongCode, &["3"]),
            "The code is not correct. 3 attempts left."
        );
    }

    #[test]
    fn waits_read_in_seconds_or_minutes() {
        assert_eq!(
            wait_message(40),
            "Too many requests. Please wait 40 seconds and try again."
        );
        assert_eq!(
            wait_message(3000),
            "Too many requests. Please wait 50 minutes and try again."
        );
    }

    #[test]
    fn the_step_texts_are_ezclouds() {
        let steps = [
            Text::StepEnterEmail,
            Text::StepVerify,
            Text::StepReset,
            Text::StepSucceed,
        ]
        .map(t);
        assert_eq!(
            steps,
            [
                "Enter Email Address",
                "Verify Identity",
                "Reset Password",
                "Succeed"
            ]
        );
        assert_eq!(region_name(Region::AsiaPacific), "Asia-Pacific");
    }
}
