//! What an expectation answers: a typed success value, a typed error body with its status, raw
//! bytes or a bare status, with optional headers and a delay.

use std::time::Duration;

use serde::Serialize;

/// One answer of an operation whose success value is `S` and documented error body is `E`.
#[derive(Debug, Clone)]
pub struct Reply<S, E> {
    kind: Kind<S, E>,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
}

#[derive(Debug, Clone)]
enum Kind<S, E> {
    Value(S),
    Error(u16, E),
    Raw(u16, Vec<u8>),
}

impl<S, E> Reply<S, E> {
    fn of(kind: Kind<S, E>) -> Self {
        Self {
            kind,
            headers: Vec::new(),
            delay: None,
        }
    }

    /// The success value, with the status the spec documents for it (`201` for a created
    /// resource, `204` for no body).
    pub fn ok(value: S) -> Self {
        Self::of(Kind::Value(value))
    }

    /// A documented error body, as JSON, with `status`.
    pub fn error(status: u16, body: E) -> Self {
        Self::of(Kind::Error(status, body))
    }

    /// `status` with these bytes as the body (no `Content-Type` unless set with
    /// [`header`](Self::header)).
    pub fn raw(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::of(Kind::Raw(status, body.into()))
    }

    /// `status` with an empty body (a `503`, a long poll's "still pending").
    pub fn status(status: u16) -> Self {
        Self::raw(status, Vec::new())
    }

    /// `429 Too Many Requests` asking the client to wait `retry_after` (whole seconds, rounded
    /// up) in `Retry-After`.
    pub fn rate_limited(retry_after: Duration) -> Self {
        let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        Self::status(429).header("Retry-After", seconds.to_string())
    }

    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Answers only after `delay` (to exercise the client's timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

impl<S, E: Serialize> Reply<S, E> {
    /// The bytes to send; `success` gives the status and body of a success value.
    pub fn encode(self, success: impl FnOnce(S) -> (u16, Vec<u8>)) -> Answer {
        let (status, body, is_json) = match self.kind {
            Kind::Value(value) => {
                let (status, body) = success(value);
                let is_json = !body.is_empty();
                (status, body, is_json)
            }
            Kind::Error(status, body) => (status, to_json_bytes(&body), true),
            Kind::Raw(status, body) => (status, body, false),
        };
        let mut headers = self.headers;
        if is_json
            && !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        {
            headers.push(("Content-Type".into(), "application/json".into()));
        }
        Answer {
            status,
            headers,
            body,
            delay: self.delay,
        }
    }
}

/// `value` as JSON bytes.
pub fn to_json_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"null".to_vec())
}

/// An encoded answer: status, headers, body, delay.
#[derive(Debug, Clone)]
pub struct Answer {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
    pub(super) delay: Option<Duration>,
}
