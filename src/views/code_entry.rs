use crate::core::{Event, Field};
use crate::i18n::{code_error, problem_text};
use crate::shell::use_wizard;
use crate::widgets::field::CodeField;
use leptos::html;
use leptos::prelude::*;

/// Shows the code field wired to the wizard: what is wrong with the code typed, else what
/// the backend said about it; focus moves to it when the core asks for the code.
///
/// Props: none; the wizard comes from context. Events: `EditCode`, `LeaveField(Code)`.
#[component]
pub fn CodeEntry() -> impl IntoView {
    let wizard = use_wizard();
    let code = wizard.select(|flow| flow.typed.code.clone());
    let message = wizard.select(|flow| {
        flow.code_error()
            .map(|error| code_error(&error))
            .or_else(|| flow.problem().map(problem_text))
    });
    let input = NodeRef::<html::Input>::new();
    wizard.focus_on_request(Field::Code, input);
    view! {
        <CodeField
            value=code
            message=message
            input=input
            on_input=wizard.sender(Event::EditCode)
            on_leave=wizard.sender(|()| Event::LeaveField(Field::Code))
        />
    }
}
