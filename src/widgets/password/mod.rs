//! The new password: a field with show/hide and the policy's checklist; they share
//! `password.css`.

mod password_checklist;
mod password_field;

pub use password_checklist::PasswordChecklist;
pub use password_field::PasswordField;
