//! The one error type of every generated client, and the conversion from progenitor's results.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::call_record::CallRecord;
use crate::error_kind::ErrorKind;
use crate::excerpt::{excerpt, excerpt_bytes};
use crate::refusal::Refusal;
use crate::retry::requested_wait;

/// How much of a response body an error keeps, in characters.
const BODY_LIMIT: usize = 4096;

/// How much of the body an error's message shows when it has no other detail, in characters.
const MESSAGE_BODY_LIMIT: usize = 200;

/// Headers that carry a request id, in the order they are looked for.
const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "request-id",
    "x-amzn-requestid",
    "x-correlation-id",
    "cf-ray",
];

/// An operation failed. `E` is the operation's documented error body, decoded when the response
/// matches it. Never contains credentials.
pub struct Error<E = serde_json::Value> {
    kind: ErrorKind,
    operation: &'static str,
    status: Option<StatusCode>,
    request_id: Option<String>,
    body: Option<String>,
    typed: Option<E>,
    retry_after: Option<Duration>,
    attempts: u32,
    detail: String,
}

impl<E> Error<E> {
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The operation id, e.g. `list_contexts`.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        self.status
    }

    /// The request id the server sent back, when it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The response body as text (its first 4,096 characters, then `…` if it goes on), when
    /// there was one.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// The documented error body, when the response parsed as one.
    pub fn typed_body(&self) -> Option<&E> {
        self.typed.as_ref()
    }

    /// Takes the documented error body out of the error.
    pub fn into_typed_body(self) -> Option<E> {
        self.typed
    }

    /// The wait the server asked for (`Retry-After` or a rate-limit reset header).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// HTTP attempts made, retries included (0 when nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// A request rejected before sending, e.g. a parameter outside its documented limits.
    pub fn invalid_request(operation: &'static str, message: impl Into<String>) -> Self {
        Self::bare(ErrorKind::InvalidRequest, operation, message.into())
    }

    /// The same error, as another kind with another detail (status, body and request id kept).
    pub(crate) fn with_kind(self, kind: ErrorKind, detail: String) -> Self {
        Self {
            kind,
            detail,
            ..self
        }
    }

    /// An error of `kind` without a response.
    pub(crate) fn bare(kind: ErrorKind, operation: &'static str, detail: String) -> Self {
        Self {
            kind,
            operation,
            status: None,
            request_id: None,
            body: None,
            typed: None,
            retry_after: None,
            attempts: 0,
            detail,
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.kind.describe())?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {})", status.as_u16())?;
        }
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, ", server asked to wait {:.1}s", wait.as_secs_f64())?;
        }
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        if !self.detail.is_empty() {
            write!(f, ": {}", self.detail)?;
        } else if let Some(body) = self.body.as_deref().filter(|b| !b.trim().is_empty()) {
            write!(f, ": {}", excerpt(body.trim(), MESSAGE_BODY_LIMIT))?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("attempts", &self.attempts)
            .field("retry_after", &self.retry_after)
            .field("typed", &self.typed)
            .field("body", &self.body)
            .field("detail", &self.detail)
            .finish()
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

/// Decodes a documented error body for a status.
pub(crate) type DecodeError<E> = fn(StatusCode, &[u8]) -> Option<E>;

/// The error for a request that produced no response: a parameter that did not convert (nothing
/// was sent), a refusal of the runtime (redirect, size limit), or a timeout or transport failure.
/// Responses, whatever their status, are handled by the caller.
pub(crate) fn convert<E>(
    operation: &'static str,
    error: progenitor_client::Error<()>,
    record: CallRecord,
) -> Error<E> {
    use progenitor_client::Error as P;
    let mut out = match error {
        P::InvalidRequest(message) => Error::bare(ErrorKind::InvalidRequest, operation, message),
        P::CommunicationError(e) | P::ResponseBodyError(e) | P::InvalidUpgrade(e) => {
            match Refusal::find(&e) {
                Some(refusal) => {
                    let mut out = Error::bare(refusal.kind, operation, refusal.detail.clone());
                    out.status = refusal.status;
                    out
                }
                None if e.is_timeout() => {
                    Error::bare(ErrorKind::Timeout, operation, describe_reqwest(&e))
                }
                None => Error::bare(ErrorKind::Transport, operation, describe_reqwest(&e)),
            }
        }
        // The generated requests return every response to the caller, so progenitor's response
        // variants do not occur; should one, it is reported rather than lost.
        other => Error::bare(ErrorKind::Transport, operation, other.to_string()),
    };
    out.attempts = record.attempts;
    out
}

/// The error for a response with an error status: status, request id, wait asked for, the body
/// (truncated) and the documented error body when it decodes.
pub(crate) fn status_error<E>(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    attempts: u32,
    decode: DecodeError<E>,
) -> Error<E> {
    let mut e = Error::bare(ErrorKind::from_status(status), operation, String::new());
    e.set_response(status, headers, body, attempts);
    e.retry_after = requested_wait(headers);
    e.typed = decode(status, body);
    e
}

impl<E> Error<E> {
    /// Records the response an error came with.
    pub(crate) fn set_response(
        &mut self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
        attempts: u32,
    ) {
        self.status = Some(status);
        self.request_id = request_id(headers);
        self.body = Some(excerpt_bytes(body, BODY_LIMIT));
        self.attempts = attempts;
    }
}

/// A reqwest error's message and its causes.
fn describe_reqwest(error: &reqwest::Error) -> String {
    // The URL is left out: long, and already known to the caller.
    let mut text = match error.url() {
        Some(url) => error.to_string().replace(&format!(" for url ({url})"), ""),
        None => error.to_string(),
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_and_the_message_shows_their_start() {
        let body = format!("  {}  ", "é".repeat(BODY_LIMIT + 10));
        let error: Error = status_error(
            "get_thing",
            StatusCode::BAD_GATEWAY,
            &HeaderMap::new(),
            body.as_bytes(),
            1,
            |_, _| None,
        );
        let kept = error.body().unwrap();
        assert!(kept.ends_with("é…"), "{kept}");
        assert_eq!(kept.chars().count(), BODY_LIMIT + 1);
        let message = error.to_string();
        let shown = format!("{}…", "é".repeat(MESSAGE_BODY_LIMIT));
        assert_eq!(
            message,
            format!("get_thing: server error (HTTP 502): {shown}")
        );
    }
}
