//! Text fields with a label and a message under them; they share `field.css`.

mod account_field;
mod code_field;

pub use account_field::{AccountAction, AccountField};
pub use code_field::CodeField;
