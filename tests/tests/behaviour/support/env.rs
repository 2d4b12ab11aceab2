//! Environment variables changed for one test and restored after it.

use std::ffi::{OsStr, OsString};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Held by the one test that may change the environment at a time (the tests of this binary
/// share one process).
static ENVIRONMENT: Mutex<()> = Mutex::new(());

/// Saves environment variables and restores them when dropped, even when the test panics. Only
/// the saved variables can be changed through it, and only one guard exists at a time.
pub struct EnvGuard {
    saved: Vec<(&'static str, Option<OsString>)>,
    _exclusive: MutexGuard<'static, ()>,
}

impl EnvGuard {
    /// Waits for any other guard to go, then saves `names`.
    pub fn save(names: &[&'static str]) -> Self {
        let exclusive = ENVIRONMENT.lock().unwrap_or_else(PoisonError::into_inner);
        Self {
            saved: names
                .iter()
                .map(|name| (*name, std::env::var_os(name)))
                .collect(),
            _exclusive: exclusive,
        }
    }

    /// Sets a saved variable.
    pub fn set(&self, name: &str, value: impl AsRef<OsStr>) {
        self.check(name);
        std::env::set_var(name, value);
    }

    /// Removes a saved variable.
    pub fn remove(&self, name: &str) {
        self.check(name);
        std::env::remove_var(name);
    }

    fn check(&self, name: &str) {
        assert!(
            self.saved.iter().any(|(saved, _)| *saved == name),
            "{name} was not saved, so it would not be restored"
        );
    }
}

impl Drop for EnvGuard {
    fn drop(&mut self) {
        for (name, value) in &self.saved {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}
