//! The answer to a call: [`Response`] (the decoded value with the status and headers it came
//! with), and how a generated `send()` turns what its request produced into a `Response` or an
//! [`Error`]: the body is decoded here, from the bytes as received.

use std::future::Future;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::decode;
use crate::error::{convert, request_id, status_error, DecodeError};
use crate::execute::track;
use crate::{Error, ErrorKind};

/// A decoded success response, with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    value: T,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server sent back, when it sent one.
    pub fn request_id(&self) -> Option<String> {
        request_id(&self.headers)
    }

    /// How many attempts the call took (retries included).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The decoded body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// Takes the decoded body.
    pub fn into_value(self) -> T {
        self.value
    }

    /// The same response with its value changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
            value: f(self.value),
        }
    }
}

/// What a generated request produced: the response, or why there is none.
type Sent = Result<reqwest::Response, progenitor_client::Error<()>>;

/// A success: status, headers, attempts and the body bytes.
struct Success {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: bytes::Bytes,
}

impl Success {
    fn with<T>(self, value: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
            value,
        }
    }

    /// The body decoded as JSON of type `T`.
    fn decode<T: serde::de::DeserializeOwned, E>(
        self,
        operation: &'static str,
    ) -> Result<Response<T>, Error<E>> {
        match decode::from_slice(&self.body) {
            Ok(value) => Ok(self.with(value)),
            Err(e) => Err(self.undecodable(operation, e.to_string())),
        }
    }

    /// A decode error for this success's body.
    fn undecodable<E>(&self, operation: &'static str, message: String) -> Error<E> {
        let mut e = Error::bare(
            ErrorKind::Decode,
            operation,
            format!("the body does not match the documented type: {message}"),
        );
        e.set_response(self.status, &self.headers, &self.body, self.attempts);
        e
    }
}

/// Awaits the request and reads the body; an error status becomes an [`Error`] with the
/// documented error body when it decodes.
async fn receive<E, F>(
    operation: &'static str,
    call: F,
    decode: DecodeError<E>,
) -> Result<Success, Error<E>>
where
    F: Future<Output = Sent>,
{
    let (result, record) = track(call).await;
    let response = match result {
        Ok(response) => response,
        Err(e) => return Err(convert(operation, e, record)),
    };
    let status = response.status();
    let headers = response.headers().clone();
    let body = match response.bytes().await {
        Ok(body) => body,
        Err(e) => {
            let error = progenitor_client::Error::ResponseBodyError(e);
            return Err(convert(operation, error, record));
        }
    };
    if !status.is_success() {
        return Err(status_error(
            operation,
            status,
            &headers,
            &body,
            record.attempts,
            decode,
        ));
    }
    Ok(Success {
        status,
        headers,
        attempts: record.attempts,
        body,
    })
}

/// Finishes a call whose success body is JSON of type `T`.
pub async fn finish<T, E, F>(
    operation: &'static str,
    call: F,
    decode_error: DecodeError<E>,
) -> Result<Response<T>, Error<E>>
where
    T: serde::de::DeserializeOwned,
    F: Future<Output = Sent>,
{
    receive(operation, call, decode_error)
        .await?
        .decode(operation)
}

/// Finishes a call whose success has no body (any body sent is ignored).
pub async fn finish_empty<E, F>(
    operation: &'static str,
    call: F,
    decode_error: DecodeError<E>,
) -> Result<Response<()>, Error<E>>
where
    F: Future<Output = Sent>,
{
    Ok(receive(operation, call, decode_error).await?.with(()))
}

/// Finishes a call that documents a bodyless success (e.g. 204) beside a JSON one: those
/// statuses give `None`.
pub async fn finish_optional<T, E, F>(
    operation: &'static str,
    call: F,
    decode_error: DecodeError<E>,
    empty: &'static [u16],
) -> Result<Response<Option<T>>, Error<E>>
where
    T: serde::de::DeserializeOwned,
    F: Future<Output = Sent>,
{
    let success = receive(operation, call, decode_error).await?;
    if empty.contains(&success.status.as_u16()) {
        return Ok(success.with(None));
    }
    Ok(success.decode(operation)?.map(Some))
}

/// Finishes a call whose success statuses have different bodies: `decode` picks the body type
/// of the operation's union by status.
pub async fn finish_by_status<T, E, F>(
    operation: &'static str,
    call: F,
    decode_error: DecodeError<E>,
    decode: fn(u16, &[u8]) -> Result<T, String>,
) -> Result<Response<T>, Error<E>>
where
    F: Future<Output = Sent>,
{
    let success = receive(operation, call, decode_error).await?;
    match decode(success.status.as_u16(), &success.body) {
        Ok(value) => Ok(success.with(value)),
        Err(message) => Err(success.undecodable(operation, message)),
    }
}

/// Decodes JSON `body` into `T` with the runtime's parser, for generated decoders.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    decode::from_slice(body).map_err(|e| e.to_string())
}
