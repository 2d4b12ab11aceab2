//! Failures the runtime decides on itself (a redirect to another origin, a body over the size
//! limit), carried through the generated code's `reqwest::Result` as the source of a
//! `reqwest::Error`, and found again when that error becomes an [`Error`](crate::Error).

use std::fmt;

use reqwest::StatusCode;

use crate::error_kind::ErrorKind;

/// A call the runtime stopped, with the kind of error it becomes and why.
#[derive(Debug, Clone)]
pub(crate) struct Refusal {
    /// The kind of the resulting error.
    pub kind: ErrorKind,
    /// The status of the response that caused it.
    pub status: Option<StatusCode>,
    /// What happened, for the error message.
    pub detail: String,
}

impl Refusal {
    /// A refusal of `kind`.
    pub(crate) fn new(kind: ErrorKind, status: Option<StatusCode>, detail: String) -> Self {
        Self {
            kind,
            status,
            detail,
        }
    }

    /// The refusal as the failed result of a request: a `reqwest::Error` whose cause is the
    /// refusal. reqwest offers no constructor, so the error comes from reading a body whose only
    /// chunk is the refusal.
    pub(crate) async fn into_result(self) -> reqwest::Result<reqwest::Response> {
        let failing = move || {
            let chunk = futures::future::ready(Err::<bytes::Bytes, _>(self.clone()));
            let body = reqwest::Body::wrap_stream(futures::stream::once(chunk));
            reqwest::Response::from(http::Response::new(body))
        };
        match failing().bytes().await {
            Err(error) => Err(error),
            // Not expected; a response whose body fails with the refusal says the same.
            Ok(_) => Ok(failing()),
        }
    }

    /// The refusal inside `error`'s chain of causes, if there is one.
    pub(crate) fn find(error: &reqwest::Error) -> Option<&Refusal> {
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            if let Some(refusal) = cause.downcast_ref::<Refusal>() {
                return Some(refusal);
            }
            source = cause.source();
        }
        None
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_refusal_survives_the_trip_through_reqwest() {
        let refusal = Refusal::new(ErrorKind::TooLarge, Some(StatusCode::OK), "too big".into());
        let error = refusal.into_result().await.unwrap_err();
        let found = Refusal::find(&error).expect("the refusal is a cause");
        assert_eq!(found.kind, ErrorKind::TooLarge);
        assert_eq!(found.status, Some(StatusCode::OK));
        assert!(!error.is_timeout());
    }
}
