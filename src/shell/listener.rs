//! Browser callbacks that go with the component that registered them.

use leptos::prelude::{LocalStorage, StoredValue};

/// Runs its function when dropped.
struct OnDrop(Option<Box<dyn FnOnce()>>);

impl Drop for OnDrop {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            release();
        }
    }
}

/// Calls `release` when the current component goes: it unregisters a callback it owns, and
/// the callback is dropped with it, so that nothing calls into a wizard that is gone
/// (component tests mount the app many times in one page).
pub fn release_with_owner(release: impl FnOnce() + 'static) {
    // A value stored under the owner is dropped when the owner is cleaned up.
    let _: StoredValue<OnDrop, LocalStorage> =
        StoredValue::new_local(OnDrop(Some(Box::new(release))));
}

#[cfg(test)]
mod tests {
    use super::release_with_owner;
    use leptos::prelude::Owner;
    use std::cell::Cell;
    use std::rc::Rc;

    #[test]
    fn the_release_runs_once_when_its_owner_goes_and_not_before() {
        let released = Rc::new(Cell::new(0));
        let owner = Owner::new();
        let counter = Rc::clone(&released);
        owner.with(|| release_with_owner(move || counter.set(counter.get() + 1)));
        assert_eq!(released.get(), 0, "released while its owner lives");
        owner.cleanup();
        assert_eq!(released.get(), 1, "not released with its owner");
        drop(owner);
        assert_eq!(released.get(), 1, "released twice");
    }
}
