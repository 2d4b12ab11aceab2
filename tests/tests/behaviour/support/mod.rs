//! What the modules of this binary share: a client of a local server, fixtures by vendor and
//! name, the list of specs, a guard for environment variables, the request/answer exchange of
//! one operation, a JSON comparison by meaning, and a raw HTTP server for exact bytes.

mod client;
mod env;
mod exchange;
mod fixtures;
mod json;
pub mod raw;

pub use client::{client, fast_retries};
pub use env::EnvGuard;
pub use exchange::{path_and_query, Exchange};
pub use fixtures::{fixture, fixture_dir, fixture_path, fixture_text, spec_stems, typed_fixture};
pub use json::{assert_same_json, same_json};

/// A UUID written in a test, e.g. a fixture's identifier.
pub fn uuid(text: &str) -> uuid::Uuid {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a UUID: {e}"))
}

/// The `User-Agent` a client of `A` sends: its crate's name and version.
pub fn user_agent<A: runtime::Api>() -> String {
    format!("{}/{}", A::INFO.crate_name, A::INFO.crate_version)
}

/// How many requests each expectation of a typed mock answered.
pub fn hits(expectations: &[runtime::mock::Expectation]) -> Vec<usize> {
    expectations
        .iter()
        .map(runtime::mock::Expectation::hits)
        .collect()
}
