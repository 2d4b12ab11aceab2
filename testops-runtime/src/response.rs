//! The answer to a call: [`Response`] (the decoded value with the status and headers it came
//! with), and how a generated `send()` turns what its request produced into a `Response` or an
//! [`Error`]: the body is decoded here, from the bytes as received.

use std::future::Future;
use std::sync::OnceLock;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::call_record::track;
use crate::decode;
use crate::error::{convert, request_id, status_error, DecodeError, Error};
use crate::error_kind::ErrorKind;

/// A decoded success response, with the status and headers it came with, and the body as
/// received: the bytes, and the JSON as a `serde_json::Value` (parsed when first asked for), to
/// reach a field the spec does not know yet.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: bytes::Bytes,
    json: OnceLock<Option<serde_json::Value>>,
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

    /// The body as received (empty for a bodyless success).
    pub fn body(&self) -> &bytes::Bytes {
        &self.body
    }

    /// The body as received, parsed as JSON (on the first call) without a schema: fields the
    /// typed value does not have are here (`response.json()?["items"][0]["created_at"]`).
    /// `None` when the body is not JSON.
    pub fn json(&self) -> Option<&serde_json::Value> {
        self.json
            .get_or_init(|| serde_json::from_slice(&self.body).ok())
            .as_ref()
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
            body: self.body,
            json: self.json,
            value: f(self.value),
        }
    }
}

/// What a generated request produced: the response, or why there is none.
type Sent = Result<reqwest::Response, progenitor_client::Error<()>>;

/// A success: status, headers, attempts, the body bytes, and the spec the client came from.
struct Success {
    status: StatusCode,
    headers: HeaderMap,
    attempts: u32,
    body: bytes::Bytes,
    spec: Option<&'static str>,
}

impl Success {
    fn with<T>(self, value: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
            body: self.body,
            json: OnceLock::new(),
            value,
        }
    }

    /// The body decoded as JSON of type `T`. An empty body is not JSON, whatever `T` is: an
    /// empty `200` is not an empty page.
    fn decode<T: serde::de::DeserializeOwned, E>(
        self,
        operation: &'static str,
    ) -> Result<Response<T>, Error<E>> {
        if let Some(message) = self.empty() {
            return Err(self.undecodable(operation, schema_name::<T>(), message));
        }
        match decode::from_slice(&self.body) {
            Ok(value) => Ok(self.with(value)),
            Err(e) => Err(self.undecodable(operation, schema_name::<T>(), e.to_string())),
        }
    }

    /// Why the body cannot be JSON at all: it is empty or only whitespace.
    fn empty(&self) -> Option<String> {
        self.body.trim_ascii().is_empty().then(|| {
            format!(
                "the status {} came with an empty body where JSON is documented",
                self.status.as_u16()
            )
        })
    }

    /// A decode error for this success's body, naming the type it should have matched and the
    /// spec that documents it.
    fn undecodable<E>(&self, operation: &'static str, ty: String, message: String) -> Error<E> {
        let spec = self.spec.unwrap_or("its spec");
        let mut e = Error::bare(
            ErrorKind::Decode,
            operation,
            format!(
                "{message}; the body does not match the documented `{ty}` (if the server is \
                 right, fix that schema in {spec})"
            ),
        );
        e.set_response(self.status, &self.headers, &self.body, self.attempts);
        e
    }
}

/// The generated type's name without module paths (`Vec<Collaboration>`): the schema's name
/// in the spec, in the generated crate's spelling.
fn schema_name<T>() -> String {
    let full = std::any::type_name::<T>();
    let mut out = String::with_capacity(full.len());
    let mut word = String::new();
    for c in full.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
        } else {
            out.push_str(word.rsplit("::").next().unwrap_or(""));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out
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
        spec: record.spec,
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

/// Finishes a call whose success body is text (`text/*`): the body as UTF-8, any invalid byte
/// replaced by U+FFFD.
pub async fn finish_text<E, F>(
    operation: &'static str,
    call: F,
    decode_error: DecodeError<E>,
) -> Result<Response<String>, Error<E>>
where
    F: Future<Output = Sent>,
{
    let success = receive(operation, call, decode_error).await?;
    let text = String::from_utf8_lossy(&success.body).into_owned();
    Ok(success.with(text))
}

/// Finishes a call whose success body is binary, of any type (`*/*`) or undocumented: the bytes
/// as received (within the client's response size limit).
pub async fn finish_bytes<E, F>(
    operation: &'static str,
    call: F,
    decode_error: DecodeError<E>,
) -> Result<Response<bytes::Bytes>, Error<E>>
where
    F: Future<Output = Sent>,
{
    let success = receive(operation, call, decode_error).await?;
    let body = success.body.clone();
    Ok(success.with(body))
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
    let message = match success.empty() {
        Some(message) => message,
        None => match decode(success.status.as_u16(), &success.body) {
            Ok(value) => return Ok(success.with(value)),
            Err(message) => message,
        },
    };
    Err(success.undecodable(operation, schema_name::<T>(), message))
}

/// Decodes JSON `body` into `T` with the runtime's parser, for generated decoders.
pub fn decode_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    decode::from_slice(body).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// A type whose fields are all optional: `{}` decodes, an empty body must not.
    #[derive(Debug, Deserialize, PartialEq)]
    struct Page {
        items: Option<Vec<u32>>,
        next_page_token: Option<String>,
    }

    fn success(body: &'static str) -> Success {
        Success {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            attempts: 1,
            body: bytes::Bytes::from_static(body.as_bytes()),
            spec: Some("specs/circleci.yaml"),
        }
    }

    #[test]
    fn an_empty_success_body_is_a_decode_error_even_for_all_optional_types() {
        for body in ["", " ", "\r\n\t "] {
            let e = success(body).decode::<Page, ()>("list").unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
            assert!(e.to_string().contains("empty body"), "{e}");
            assert_eq!(e.body(), Some(body));
        }
        let page = success("{}").decode::<Page, ()>("list").unwrap();
        assert_eq!(
            page.value(),
            &Page {
                items: None,
                next_page_token: None
            }
        );
    }

    #[test]
    fn a_decode_error_names_the_field_the_type_and_the_spec_and_keeps_the_body() {
        let body = r#"{"items": [1, 2, "three"], "next_page_token": null}"#;
        let e = success(body).decode::<Page, ()>("list").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("items[2]: invalid type: string, expected u32"),
            "{text}"
        );
        assert!(text.contains("the documented `Page`"), "{text}");
        assert!(text.contains("specs/circleci.yaml"), "{text}");
        assert_eq!(e.body(), Some(body));
    }

    #[test]
    fn the_body_as_received_is_kept_beside_the_value() {
        let body = r#"{"items": [1], "created_at": "2024-05-01T00:00:00Z"}"#;
        let response = success(body).decode::<Page, ()>("list").unwrap();
        assert_eq!(response.body().as_ref(), body.as_bytes());
        let json = response.json().expect("JSON");
        assert_eq!(json["created_at"], "2024-05-01T00:00:00Z");
        let mapped = response.map(|page| page.items);
        assert_eq!(mapped.json().unwrap()["items"][0], 1);
        assert_eq!(mapped.into_value(), Some(vec![1]));
    }

    #[test]
    fn schema_names_lose_their_module_paths() {
        assert_eq!(schema_name::<Page>(), "Page");
        assert_eq!(schema_name::<Vec<Page>>(), "Vec<Page>");
        assert_eq!(
            schema_name::<std::collections::HashMap<String, Option<Page>>>(),
            "HashMap<String, Option<Page>>"
        );
    }
}
