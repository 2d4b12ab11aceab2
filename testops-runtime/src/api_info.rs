//! The static facts a generated crate declares about its API, read by the builder (base URL,
//! user agent) and by every request (which operations may be retried or send no credentials).

/// Static facts about a generated API client.
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// Crate name, for the user agent.
    pub crate_name: &'static str,
    /// Crate version, for the user agent.
    pub crate_version: &'static str,
    /// Base URL used when none is configured.
    pub default_base_url: &'static str,
    /// `POST`/`PATCH` operations marked safe to repeat (`x-retry-safe: true`).
    pub retry_safe: &'static [&'static str],
    /// Operations never retried (`x-retry-safe: false`).
    pub never_retry: &'static [&'static str],
    /// Operations that send no credentials (their `security` is `[]`).
    pub anonymous: &'static [&'static str],
    /// The spec the client was generated from (`specs/circleci.yaml`), named by decode errors
    /// as the document to fix.
    pub spec: &'static str,
}
