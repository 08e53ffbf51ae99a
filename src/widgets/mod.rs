//! Reusable pieces of the page. Each takes what it shows as props and reports what the user
//! did through callbacks, knows nothing of the wizard or the backend, and keeps its CSS in
//! its own folder.

pub mod field;
pub mod help;
pub mod language_picker;
pub mod notice;
pub mod password;
pub mod proof_of_work;
pub mod region_picker;
pub mod slider;
pub mod step_indicator;
