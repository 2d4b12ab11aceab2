//! Reads a whole response body within the size limit, so that a failure while reading it happens
//! inside the request loop (where it can be retried) and a huge body fails instead of being
//! buffered without bound.

use bytes::BytesMut;

use crate::error_kind::ErrorKind;
use crate::refusal::Refusal;

/// The default limit of a response body: 64 MiB. The largest documented pages (1,000 Datadog
/// events, 5,000 CircleCI flaky tests) are a few MiB.
pub const DEFAULT_MAX_RESPONSE_SIZE: u64 = 64 * 1024 * 1024;

/// Largest buffer reserved up front from a `Content-Length`, so that a large declared length
/// costs memory only as the bytes arrive.
const MAX_PREALLOCATION: u64 = 1024 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum BodyError {
    /// Reading failed (connection reset, truncated body, timeout).
    Read(reqwest::Error),
    /// The body is larger than the limit.
    TooLarge(Refusal),
}

/// Reads the body of `response` (at most `limit` bytes, checked against `Content-Length` before
/// reading and against the bytes received while reading) and returns the same response with the
/// body in memory.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<reqwest::Response, BodyError> {
    let status = response.status();
    let too_large = |what: String| {
        BodyError::TooLarge(Refusal::new(
            ErrorKind::TooLarge,
            Some(status),
            format!("the response body {what}, more than the limit of {limit} bytes"),
        ))
    };
    let declared = response.content_length();
    if let Some(length) = declared.filter(|length| *length > limit) {
        return Err(too_large(format!("is {length} bytes (Content-Length)")));
    }
    let capacity = declared.unwrap_or(0).min(MAX_PREALLOCATION);
    let mut body = BytesMut::with_capacity(usize::try_from(capacity).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Read)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large(format!(
                "reached {} bytes",
                body.len() as u64 + chunk.len() as u64
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(rebuild(&response, body.freeze()))
}

/// The response with `body` in place of its stream: same status, version and headers.
fn rebuild(response: &reqwest::Response, body: bytes::Bytes) -> reqwest::Response {
    let mut rebuilt = http::Response::new(reqwest::Body::from(body));
    *rebuilt.status_mut() = response.status();
    *rebuilt.version_mut() = response.version();
    *rebuilt.headers_mut() = response.headers().clone();
    reqwest::Response::from(rebuilt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(body: &'static str) -> reqwest::Response {
        let builder = http::Response::builder()
            .status(201)
            .header("x-request-id", "r1");
        reqwest::Response::from(builder.body(reqwest::Body::from(body)).unwrap())
    }

    #[tokio::test]
    async fn a_body_within_the_limit_is_kept_with_status_and_headers() {
        let read = read_limited(response("{\"a\":1}"), 7).await.unwrap();
        assert_eq!(read.status(), 201);
        assert_eq!(read.headers()["x-request-id"], "r1");
        assert_eq!(read.bytes().await.unwrap(), "{\"a\":1}");
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused() {
        let Err(BodyError::TooLarge(refusal)) = read_limited(response("12345678"), 7).await else {
            panic!("expected a size refusal");
        };
        assert_eq!(refusal.kind, ErrorKind::TooLarge);
        assert!(
            refusal.detail.contains("limit of 7 bytes"),
            "{}",
            refusal.detail
        );
    }
}
