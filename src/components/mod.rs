//! The views. Each takes what it shows as props and reports what the user did through
//! callbacks, so that each can be mounted and tested alone; the wizard wires them to the flow.

pub mod account_field;
pub mod account_step;
pub mod code_field;
pub mod code_step;
pub mod help;
pub mod notice;
pub mod password_checklist;
pub mod password_field;
pub mod password_step;
pub mod puzzle;
pub mod region_picker;
pub mod step_indicator;
pub mod success_step;

use crate::flow::{Event, Flow};
use leptos::prelude::*;

/// Sends `event` to the wizard. An event that does not fit the current step (a late answer
/// for a step already left) changes nothing and wakes nothing.
pub fn send(flow: RwSignal<Flow>, event: Event) {
    flow.maybe_update(|flow| flow.apply(event));
}
