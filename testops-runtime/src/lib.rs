//! Shared runtime of the generated API clients.
//!
//! Everything that is the same for every vendor lives here, written once: secrets that never
//! print ([`Secret`]), client configuration ([`ClientBuilder`]), request execution with auth,
//! retries, bounded bodies and tracing ([`Context`]), a redirect policy that keeps credentials on
//! the configured origin, the error type users act on ([`Error`]), pagination streams
//! ([`paginate`]), long polling ([`long_poll`]), parameter limit checks ([`limits`]) and
//! forward-compatible enums
//! ([`string_enum_impls!`], [`int_enum_impls!`]). The generated crates supply the vendor-specific data.
//!
//! # What a call does when the network or the server misbehaves
//!
//! | fault | what the call does |
//! | --- | --- |
//! | redirect within the base URL's origin | followed (at most 10), credentials kept |
//! | redirect to another origin (`http` -> `https` included) | [`ErrorKind::Redirect`] naming the origin; nothing is sent there; not retried |
//! | connection refused or reset, request timeout | retried if the operation is safe to repeat, else [`ErrorKind::Transport`] / [`ErrorKind::Timeout`] |
//! | body cut short, reset or stalled while being read | the same: the whole response is one attempt |
//! | 429, 500, 502, 503, 504 | retried (body not read), waiting what `Retry-After` / rate-limit reset headers ask within the wait budget |
//! | `Content-Length` or streamed body over [`ClientBuilder::max_response_size`] (64 MiB by default) | [`ErrorKind::TooLarge`], not buffered, not retried |
//! | undecodable success body, deeply nested JSON | [`ErrorKind::Decode`] with the body excerpt |
//! | absurd `Retry-After` / reset values, non-text headers | ignored (no wait asked) |

mod api_info;
mod body;
mod call_record;
mod config;
mod decode;
mod enums;
mod error;
mod error_kind;
mod excerpt;
mod execute;
mod gate;
mod json_object;
pub mod limits;
pub mod long_poll;
#[cfg(feature = "mock")]
pub mod mock;
pub mod paginate;
mod path;
mod plumbing;
mod redirect;
mod refusal;
mod response;
mod retry;
mod secret;

pub use api_info::ApiInfo;
pub use body::DEFAULT_MAX_RESPONSE_SIZE;
/// The body of a binary success, as received.
pub use bytes::Bytes;
pub use config::{
    env_secret, env_setting, Api, AuthHeader, AuthPlace, ClientBuilder, ConfigError, Credentials,
};
pub use error::Error;
pub use error_kind::ErrorKind;
pub use execute::Context;
pub use json_object::JsonObject;
pub use paginate::BoxStream;
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::Secret;

/// Re-exported for the generated crates' enum macros and streams.
#[doc(hidden)]
pub mod __private {
    pub use futures;
    #[cfg(feature = "mock")]
    pub use httpmock;
    pub use progenitor_client;
    pub use reqwest;
    pub use serde;
}

/// What generated code calls to finish a request; not for direct use.
#[doc(hidden)]
pub mod __generated {
    pub use crate::path::{encode_path, encode_path_raw_slashes};
    pub use crate::response::{
        decode_json, finish, finish_by_status, finish_bytes, finish_empty, finish_optional,
        finish_text,
    };
}
