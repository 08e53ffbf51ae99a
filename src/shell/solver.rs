//! The accessible check's search for its answer, run in slices that yield to the event loop,
//! so that the page keeps painting and answering keys while the browser works.

use crate::core::Event;
use crate::shell::Wizard;
use contract::wire::ProofOfWorkChallenge;

/// The first slice's size; later slices aim at [`SLICE_MS`] each.
const FIRST_SLICE: u64 = 4096;

/// How long one slice may hold the page: about a frame, so input still feels immediate.
const SLICE_MS: f64 = 12.0;

/// How often progress is reported, at most: the bar moves smoothly without an event per slice.
const REPORT_MS: f64 = 200.0;

/// Searches for `challenge`'s answer until it is found or the wizard no longer wants it.
pub fn solve(wizard: Wizard, challenge: ProofOfWorkChallenge) {
    leptos::task::spawn_local(async move {
        let ProofOfWorkChallenge {
            challenge_id,
            salt,
            difficulty,
            ..
        } = challenge;
        let (mut next, mut slice) = (0u64, FIRST_SLICE);
        let mut reported = js_sys::Date::now();
        while wizard.with_untracked(|flow| flow.wants_work_on(&challenge_id)) {
            let started = js_sys::Date::now();
            if let Some(nonce) = salt.search(difficulty, next, slice) {
                wizard.send(Event::ProofOfWorkFound {
                    challenge_id,
                    nonce,
                });
                return;
            }
            next = next.saturating_add(slice);
            let now = js_sys::Date::now();
            // The next slice is sized by the speed this one showed.
            let per_ms = slice as f64 / (now - started).max(1.0);
            slice = ((per_ms * SLICE_MS) as u64).clamp(1024, 1 << 22);
            if now - reported >= REPORT_MS {
                reported = now;
                wizard.send(Event::ProofOfWorkProgress {
                    challenge_id: challenge_id.clone(),
                    tried: next,
                });
            }
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    });
}
