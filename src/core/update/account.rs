//! Step 1: naming the account and asking for the human check.

use super::Effects;
use crate::core::{CheckKind, Effect, Field, Flow, RegionChoice};

impl Flow {
    pub(super) fn acquire(&mut self, effects: &mut Effects) {
        self.submitted = true;
        if self.draft.account(self.channel).is_err() {
            effects.push(Effect::Focus(Field::Account));
        } else if !self.busy() {
            self.notice = None;
            self.open_check(CheckKind::Slider, effects);
            if self.region == RegionChoice::NotSure {
                self.start_unattended(effects);
            }
        }
    }
}
