//! What the requests of one operation call did, recorded by the request loop and read when the
//! call's result becomes an [`Error`](crate::Error): a task-local record, so that it reaches the
//! error conversion through progenitor's generated code, which knows nothing of it.

use std::cell::Cell;
use std::future::Future;

/// What the last request of an operation call did; read by the error conversion.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CallRecord {
    /// Attempts made.
    pub(crate) attempts: u32,
    /// The spec file the client was generated from.
    pub(crate) spec: Option<&'static str>,
}

tokio::task_local! {
    static CALL: Cell<CallRecord>;
}

/// Runs one operation call, returning its output and what its requests did.
pub(crate) async fn track<F: Future>(call: F) -> (F::Output, CallRecord) {
    CALL.scope(Cell::new(CallRecord::default()), async move {
        let output = call.await;
        (output, CALL.with(Cell::get))
    })
    .await
}

/// Records that a request of the call being tracked made `attempts` attempts, for a client
/// generated from `spec`. Outside [`track`] nothing is recorded.
pub(crate) fn record(attempts: u32, spec: &'static str) {
    let record = CallRecord {
        attempts,
        spec: Some(spec),
    };
    let _ = CALL.try_with(|c| c.set(record));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_last_record_of_a_call_is_returned() {
        let ((), record_seen) = track(async {
            record(1, "a.yaml");
            record(3, "a.yaml");
        })
        .await;
        assert_eq!(record_seen.attempts, 3);
        assert_eq!(record_seen.spec, Some("a.yaml"));
    }

    #[tokio::test]
    async fn nothing_is_recorded_outside_a_tracked_call() {
        record(2, "b.yaml");
        let ((), record_seen) = track(async {}).await;
        assert_eq!(record_seen.attempts, 0);
        assert_eq!(record_seen.spec, None);
    }
}
