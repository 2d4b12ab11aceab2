//! The redirect policy: credentials stay on the configured origin.
//!
//! Every HTTP client the runtime uses (its own, or one built from a `reqwest::ClientBuilder` the
//! user supplies) gets [`policy`] as its redirect policy. reqwest then follows a redirect only
//! when the target has the same origin (scheme, host and port) as the configured base URL; the
//! credential headers go along, as they would to that origin anyway. Any other target stops the
//! call with [`ErrorKind::Redirect`](crate::ErrorKind::Redirect) naming that origin, before
//! anything is sent there.
//!
//! Why an error rather than following without credentials: none of these APIs documents a
//! redirect to another origin, so one means a misconfigured base URL, a proxy or a hostile server.
//! Followed without credentials, it would end in a confusing 401 or, worse, in a body from a party
//! the caller never chose, decoded as if the API had sent it. The error names the origin instead,
//! so the caller can configure it as the base URL if it is trusted.
//!
//! Why `http` -> `https` on the same host is refused too: the credentials already crossed the
//! network in clear text to reach the `http` URL, and following silently would hide that on every
//! call; the error says which `https` origin to configure. (reqwest itself would also drop
//! `Authorization` but keep other credential headers on that hop, an inconsistent half-follow.)
//! `https` -> `http` is a different origin like any other.
//!
//! Why reqwest's following with our policy rather than following in the runtime: reqwest already
//! resolves `Location`, rewrites `POST` to `GET` on 301/302/303 and replays bodies on 307/308; the
//! only decision that was missing is which targets may be followed. A ready `reqwest::Client`
//! cannot be inspected for its policy, which is why the builder takes a `reqwest::ClientBuilder`.

use std::fmt;

use reqwest::redirect::{Attempt, Policy};
use reqwest::Url;

use crate::error_kind::ErrorKind;
use crate::refusal::Refusal;

/// Redirects followed in one request before the call fails.
pub(crate) const MAX_REDIRECTS: usize = 10;

/// Scheme, host and port of a URL: where credentials may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

impl Origin {
    /// The origin of `url` (the port made explicit when the scheme has a default one).
    pub(crate) fn of(url: &Url) -> Self {
        Self {
            scheme: url.scheme().to_ascii_lowercase(),
            host: url.host_str().unwrap_or_default().to_ascii_lowercase(),
            port: url.port_or_known_default(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// The redirect policy of a client configured for `origin`.
pub(crate) fn policy(origin: Origin) -> Policy {
    Policy::custom(move |attempt| match decide(&origin, &attempt) {
        None => attempt.follow(),
        Some(refusal) => attempt.error(refusal),
    })
}

/// `None` to follow the redirect, else why not.
fn decide(origin: &Origin, attempt: &Attempt<'_>) -> Option<Refusal> {
    let status = attempt.status();
    let target = Origin::of(attempt.url());
    if target != *origin {
        return Some(Refusal::new(
            ErrorKind::Redirect,
            Some(status),
            format!(
                "the server redirected to another origin, {target}; credentials are only sent \
                 to the configured {origin}, so the redirect was not followed (configure {target} \
                 as the base URL if it is trusted)"
            ),
        ));
    }
    // `previous` holds the original URL and every URL redirected to so far.
    if attempt.previous().len() > MAX_REDIRECTS {
        return Some(Refusal::new(
            ErrorKind::Redirect,
            Some(status),
            format!("more than {MAX_REDIRECTS} redirects"),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(url: &str) -> Origin {
        Origin::of(&Url::parse(url).unwrap())
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let base = origin("https://api.example.com/v2");
        assert_eq!(base, origin("https://API.example.com:443/other?x=1"));
        assert_ne!(base, origin("http://api.example.com/v2"));
        assert_ne!(base, origin("https://api.example.com:8443/v2"));
        assert_ne!(base, origin("https://example.com/v2"));
        assert_ne!(base, origin("https://api.example.com.evil.test/v2"));
        assert_eq!(
            origin("http://127.0.0.1:8080/x").to_string(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(base.to_string(), "https://api.example.com:443");
    }
}
