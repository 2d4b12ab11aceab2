//! Streaming adapters over the generated clients: each reads one vendor's answers page by page
//! and maps them to [`TestResult`]s, holding at most a few pages (and, where
//! requests run concurrently, one answer per request in flight) in memory.

pub mod checkly;
pub mod circleci;
pub mod datadog;
pub mod empirical;

use futures::stream::BoxStream;

use crate::error::Error;
use crate::model::{RunSummary, TestResult};

/// A stream of results, in the vendor's order (newest runs first).
pub type ResultStream<'a> = BoxStream<'a, Result<TestResult, Error>>;

/// A stream of run summaries.
pub type RunStream<'a> = BoxStream<'a, Result<RunSummary, Error>>;

/// The first line of a message, and the whole text as a trace when it has more lines.
pub(crate) fn split_message(text: Option<String>) -> (Option<String>, Option<String>) {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return (None, None);
    };
    let first = text.trim().lines().next().unwrap_or_default().to_string();
    if text.trim().lines().nth(1).is_some() {
        (Some(first), Some(text))
    } else {
        (Some(first), None)
    }
}

#[cfg(test)]
mod tests {
    use super::split_message;

    #[test]
    fn message_first_line_and_trace() {
        assert_eq!(split_message(None), (None, None));
        assert_eq!(split_message(Some("  \n".into())), (None, None));
        assert_eq!(
            split_message(Some("boom".into())),
            (Some("boom".into()), None)
        );
        assert_eq!(
            split_message(Some("AssertionError: 1 != 2\n  at x.py:3".into())),
            (
                Some("AssertionError: 1 != 2".into()),
                Some("AssertionError: 1 != 2\n  at x.py:3".into())
            )
        );
    }
}
