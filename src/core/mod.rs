//! The wizard as a pure core: [`Flow`] takes [`Event`]s (what the user did, what the backend
//! answered, what time it is) and returns [`Effect`]s as data (which request to send, when
//! to wake, what to store, where to move focus). Every decision about what an answer means is
//! made here, once, and tested natively; the shell runs the effects and the views only render.

mod effect;
mod event;
mod state;
mod theme;
mod update;

pub use effect::{Call, Effect, Request, RequestId};
pub use event::{Answer, Event, Failure};
pub use state::{
    Announcement, Asked, Check, CheckDialog, CheckKind, CheckStatus, CodeSent, Draft, Field, Flow,
    Loadable, Notice, Problem, Progress, ProofOfWork, RegionChoice, RegionalReset, Stage, Step,
    TimeLeft, Trouble, Typed, UnattendedCheck, UnattendedState,
};
pub use theme::{ColorScheme, ThemeSetting};

#[cfg(test)]
mod tests;
