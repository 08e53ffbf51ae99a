//! English, in EZCloud's own words where it has them ("Acquire", the step names).

use super::{Counted, Plural, Text};

/// CLDR's cardinal rule for English: one for 1, other for everything else.
pub fn plural(count: u64) -> Plural {
    if count == 1 {
        Plural::One
    } else {
        Plural::Other
    }
}

/// A count with thousands separated by commas.
pub fn number(count: u64) -> String {
    let digits = count.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

pub fn counted(text: Counted, plural: Plural) -> &'static str {
    use Counted::*;
    let one = plural == Plural::One;
    match text {
        AttemptsLeft if one => "The code is not correct. {0} attempt left.",
        AttemptsLeft => "The code is not correct. {0} attempts left.",
        ResendIn => "Resend ({0} s)",
        WaitSeconds if one => "Too many requests. Please wait {0} second and try again.",
        WaitSeconds => "Too many requests. Please wait {0} seconds and try again.",
        WaitMinutes if one => "Too many requests. Please wait {0} minute and try again.",
        WaitMinutes => "Too many requests. Please wait {0} minutes and try again.",
        CodeWrongLength => "The verification code has 6 digits; this has {0}.",
        PhoneTooShort if one => {
            "This number is too short for {1}: it needs at least {0} digit after the country code."
        }
        PhoneTooShort => {
            "This number is too short for {1}: it needs at least {0} digits after the country code."
        }
        PhoneTooLong if one => {
            "This number is too long for {1}: it has at most {0} digit after the country code."
        }
        PhoneTooLong => {
            "This number is too long for {1}: it has at most {0} digits after the country code."
        }
        RuleMinLength if one => "At least {0} character",
        RuleMinLength => "At least {0} characters",
        RuleMaxLength if one => "At most {0} character",
        RuleMaxLength => "At most {0} characters",
        RuleCharacterClasses => {
            "At least {0} of: lower-case letters, capital letters, digits, symbols"
        }
    }
}

pub fn text(text: Text) -> &'static str {
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
        CheckExpired => "The check did not go through in time. Please solve a new puzzle.",
        RefusedRequest => {
            "The server could not accept this request. Check what you typed and try again."
        }
        RefusedGone => "This reset is no longer valid. Please start again.",
        RefusedCode => "The code is not correct.",
        RefusedPassword => "The new password does not meet the rules.",
        RegionAmericas => "America",
        RegionEurope => "Europe",
        RegionAsiaPacific => "Asia-Pacific",
        EmailEmpty => "Enter your email address.",
        EmailMissingAt => "An email address needs an @, as in name@example.com.",
        EmailMoreThanOneAt => "An email address has only one @.",
        EmailMissingLocalPart => "Enter the part before the @.",
        EmailMissingDomain => "Enter the domain after the @, as in example.com.",
        EmailLocalPartTooLong => "The part before the @ is too long (64 characters at most).",
        EmailTooLong => "This email address is too long (254 characters at most).",
        EmailSpace => "An email address cannot contain spaces.",
        EmailInvalidCharacter => {
            "An email address cannot contain the character \u{201c}{0}\u{201d}."
        }
        EmailMisplacedDot => {
            "A dot cannot start or end the part before the @, or follow another dot."
        }
        EmailDomainNeedsDot => "The domain after the @ needs a dot, as in example.com.",
        EmailInvalidDomainLabel => "\u{201c}{0}\u{201d} is not a valid part of a domain name.",
        EmailNumericTopLevelDomain => "The domain must end in a name such as .com, not a number.",
        PhoneEmpty => "Enter your mobile phone number.",
        PhoneInvalidCharacter => {
            "A phone number has only digits, spaces, dashes and parentheses, not \u{201c}{0}\u{201d}."
        }
        PhoneUnknownCallingCode => {
            "Start with a country calling code such as +1 or +49, or choose the country."
        }
        CodeEmpty => "Enter the verification code.",
        CodeNotDigits => "The verification code has only digits.",
        RuleNotAccountName => "Does not contain your email name or phone number",
        RuleNotCommon => "Is not a commonly used password",
    }
}
