//! The wizard's views. Each reads the wizard from context and sends it events; none calls
//! the backend or decides what an answer means.

mod account_step;
mod check_dialog;
mod code_entry;
mod code_step;
mod error_notice;
mod page;
mod password_step;
mod success_step;
mod wizard;

pub use account_step::AccountStep;
pub use check_dialog::CheckDialogView;
pub use code_entry::CodeEntry;
pub use code_step::CodeStep;
pub use error_notice::ErrorNotice;
pub use page::Page;
pub use password_step::PasswordStep;
pub use success_step::SuccessStep;
pub use wizard::WizardView;
