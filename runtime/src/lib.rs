//! Shared runtime of the generated API clients.
//!
//! Everything that is the same for every vendor lives here, written once: secrets that never
//! print ([`Secret`]), client configuration ([`ClientBuilder`]), request execution with auth,
//! retries, bounded bodies and tracing ([`Context`]), a redirect policy that keeps credentials on
//! the configured origin, the error type users act on ([`Error`]), pagination streams
//! ([`paginate`]), long polling ([`long_poll`]), parameter limit checks ([`limits`]) and
//! forward-compatible enums
//! ([`string_enum_impls!`], [`int_enum_impls!`]). The generated crates supply the vendor-specific data.

mod body;
mod config;
mod decode;
mod enums;
mod error;
mod execute;
pub mod limits;
pub mod long_poll;
pub mod paginate;
mod redirect;
mod refusal;
mod response;
mod retry;
mod secret;

pub use body::DEFAULT_MAX_RESPONSE_SIZE;
pub use config::{
    env_secret, env_setting, Api, ApiInfo, AuthHeader, ClientBuilder, ConfigError, Credentials,
};
pub use error::{Error, ErrorKind};
pub use execute::Context;
pub use paginate::BoxStream;
pub use response::Response;
pub use retry::RetryPolicy;
pub use secret::Secret;

/// Re-exported for the generated crates' enum macros and streams.
#[doc(hidden)]
pub mod __private {
    pub use futures;
    pub use serde;
}

/// What generated code calls to finish a request; not for direct use.
#[doc(hidden)]
pub mod __generated {
    pub use crate::response::{
        decode_json, finish, finish_by_status, finish_empty, finish_optional,
    };
}
