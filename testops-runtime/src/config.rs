//! Client configuration: what a generated crate declares about its API ([`Api`], [`ApiInfo`],
//! [`Credentials`]) and the builder users configure a client with ([`ClientBuilder`]).

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use crate::api_info::ApiInfo;
use crate::body::DEFAULT_MAX_RESPONSE_SIZE;
use crate::execute::Context;
use crate::redirect::{self, Origin};
use crate::retry::RetryPolicy;
use crate::secret::Secret;

/// A generated client type.
pub trait Api: Sized {
    /// The credentials this API needs.
    type Credentials: Credentials;
    /// Static facts about the API.
    const INFO: ApiInfo;
    /// Assembles the client from its configured parts.
    fn from_parts(base_url: &str, http: reqwest::Client, context: Context) -> Self;
}

/// Credentials that turn into request headers.
pub trait Credentials {
    /// The headers to send on every request.
    fn headers(&self) -> Vec<AuthHeader>;
}

/// One credential: a header (the usual place), a query parameter or a cookie.
#[derive(Clone)]
pub struct AuthHeader {
    /// Header, query parameter or cookie name.
    pub name: &'static str,
    /// The secret.
    pub secret: Secret,
    /// Send as `Bearer <secret>`.
    pub bearer: bool,
    /// Where it is sent, and how.
    pub place: AuthPlace,
}

/// Where a credential is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthPlace {
    /// A header whose value is the secret (or `Bearer <secret>`).
    Header,
    /// `Authorization: Basic <base64 of the secret>`, the secret being `username:password`.
    Basic,
    /// A query parameter of every request.
    Query,
    /// A cookie.
    Cookie,
}

impl fmt::Debug for AuthHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthHeader")
            .field("name", &self.name)
            .field("secret", &self.secret)
            .finish()
    }
}

impl AuthHeader {
    /// A header whose value is the secret itself.
    pub fn plain(name: &'static str, secret: &Secret) -> Self {
        Self {
            name,
            secret: secret.clone(),
            bearer: false,
            place: AuthPlace::Header,
        }
    }

    /// `Authorization: Bearer <secret>`.
    pub fn bearer(secret: &Secret) -> Self {
        Self {
            name: "authorization",
            secret: secret.clone(),
            bearer: true,
            place: AuthPlace::Header,
        }
    }

    /// `Authorization: Basic <base64>` of a `username:password` secret.
    pub fn basic(secret: &Secret) -> Self {
        Self {
            place: AuthPlace::Basic,
            ..Self::plain("authorization", secret)
        }
    }

    /// A query parameter `name=<secret>` on every request.
    pub fn query(name: &'static str, secret: &Secret) -> Self {
        Self {
            place: AuthPlace::Query,
            ..Self::plain(name, secret)
        }
    }

    /// A cookie `name=<secret>` on every request.
    pub fn cookie(name: &'static str, secret: &Secret) -> Self {
        Self {
            place: AuthPlace::Cookie,
            ..Self::plain(name, secret)
        }
    }

    /// The header, with its value marked sensitive.
    /// Query credentials are not headers: see [`Context`]'s query credentials.
    pub(crate) fn to_header(&self) -> Result<(HeaderName, HeaderValue), ConfigError> {
        use base64::Engine as _;
        let header = match self.place {
            AuthPlace::Cookie => "cookie",
            _ => self.name,
        };
        let name = HeaderName::from_bytes(header.to_ascii_lowercase().as_bytes())
            .map_err(|_| ConfigError::InvalidCredential { header: self.name })?;
        let secret = self.secret.expose();
        let text = match self.place {
            AuthPlace::Basic => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(secret)
            ),
            AuthPlace::Cookie => format!("{}={secret}", self.name),
            _ if self.bearer => format!("Bearer {secret}"),
            _ => secret.to_string(),
        };
        let mut value = HeaderValue::from_str(&text)
            .map_err(|_| ConfigError::InvalidCredential { header: self.name })?;
        value.set_sensitive(true);
        Ok((name, value))
    }
}

/// A client could not be configured.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required environment variable is missing or empty.
    #[error("environment variable {name} is not set or is empty; it must hold {what}")]
    MissingEnv {
        /// The variable.
        name: &'static str,
        /// What it should hold.
        what: &'static str,
    },
    /// A credential is empty or cannot be sent in a header.
    #[error("the credential for header {header} is empty or contains characters not allowed in a header")]
    InvalidCredential {
        /// The header it was meant for.
        header: &'static str,
    },
    /// The base URL is not an absolute http(s) URL.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL given.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Reads a secret from the environment; a missing or empty variable is an error naming it.
pub fn env_secret(name: &'static str, what: &'static str) -> Result<Secret, ConfigError> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(Secret::new(value.trim())),
        _ => Err(ConfigError::MissingEnv { name, what }),
    }
}

/// Reads an optional setting from the environment (unset or empty is `None`).
pub fn env_setting(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// Configures and builds a generated client: base URL, timeouts, retries, response size limit,
/// HTTP client.
///
/// Defaults: the API's default base URL, a 10 s connect timeout, a 60 s request timeout,
/// [`RetryPolicy::default`], a 64 MiB response size limit, gzip, rustls and the user agent
/// `<crate>/<version>`.
///
/// Credentials are only ever sent to the origin (scheme, host, port) of the base URL: a
/// redirect to the same origin is followed, a redirect anywhere else (`http` to `https` on the
/// same host included) fails with [`ErrorKind::Redirect`](crate::ErrorKind::Redirect) naming
/// the target, and nothing is sent there.
#[must_use]
pub struct ClientBuilder<A: Api> {
    credentials: A::Credentials,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_response_size: u64,
    http_client: Option<reqwest::ClientBuilder>,
    user_agent: Option<String>,
    max_concurrency: Option<usize>,
    api: PhantomData<fn() -> A>,
}

impl<A: Api> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api", &A::INFO.crate_name)
            .field("credentials", &"[redacted]")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("max_response_size", &self.max_response_size)
            .field("custom_http_client", &self.http_client.is_some())
            .field("max_concurrency", &self.max_concurrency)
            .finish_non_exhaustive()
    }
}

impl<A: Api> ClientBuilder<A> {
    /// Starts from the defaults with the given credentials.
    pub fn new(credentials: A::Credentials) -> Self {
        Self {
            credentials,
            base_url: None,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_response_size: DEFAULT_MAX_RESPONSE_SIZE,
            http_client: None,
            user_agent: None,
            max_concurrency: None,
            api: PhantomData,
        }
    }

    /// Sends requests to this base URL instead of the default (a proxy, a self-hosted server, a
    /// test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Overall time limit of one HTTP attempt, body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit for establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Retry policy; [`RetryPolicy::disabled`] turns retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Largest response body accepted, in bytes (default 64 MiB). A response that declares a
    /// larger `Content-Length`, or whose body grows past it while arriving, fails with
    /// [`ErrorKind::TooLarge`](crate::ErrorKind::TooLarge) instead of being buffered.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// Builds the HTTP client from this reqwest builder, for settings this builder does not
    /// offer (proxy, TLS roots, connection pool, default headers). The timeouts and user agent
    /// of this builder (defaults included) and the redirect policy that keeps credentials on the
    /// configured origin replace the reqwest builder's own; everything else is kept.
    ///
    /// It takes a builder rather than a ready `reqwest::Client` because a ready client's
    /// redirect policy cannot be inspected or changed, and reqwest's default policy forwards
    /// credential headers other than `Authorization` to any host a server redirects to.
    pub fn http_client(mut self, builder: reqwest::ClientBuilder) -> Self {
        self.http_client = Some(builder);
        self
    }

    /// Replaces the `<crate>/<version>` user agent.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Caps the requests of this client (and its clones) in flight at once; the others wait
    /// their turn. No cap by default: the rate-limit gate alone keeps a burst from repeating
    /// after a `429`, and a cap also keeps the first burst within what the server admits.
    pub fn max_concurrency(mut self, requests: usize) -> Self {
        self.max_concurrency = Some(requests.max(1));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<A, ConfigError> {
        let info = A::INFO;
        let raw = self
            .base_url
            .unwrap_or_else(|| info.default_base_url.to_string());
        if raw.is_empty() {
            return Err(ConfigError::InvalidBaseUrl {
                url: raw,
                reason: "the API documents no absolute server URL; set one with `.base_url(..)`"
                    .into(),
            });
        }
        let (base_url, origin) = check_base_url(&raw)?;
        let http = self
            .http_client
            .unwrap_or_else(|| reqwest::Client::builder().gzip(true))
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .user_agent(
                self.user_agent
                    .unwrap_or_else(|| format!("{}/{}", info.crate_name, info.crate_version)),
            )
            .redirect(redirect::policy(origin))
            .build()?;
        let credentials = self.credentials.headers();
        if let Some(blank) = credentials.iter().find(|h| h.secret.is_blank()) {
            return Err(ConfigError::InvalidCredential { header: blank.name });
        }
        let (query, headers): (Vec<_>, Vec<_>) = credentials
            .into_iter()
            .partition(|h| h.place == AuthPlace::Query);
        let headers = headers
            .iter()
            .map(AuthHeader::to_header)
            .collect::<Result<Vec<_>, _>>()?;
        let query: Vec<(&'static str, Secret)> =
            query.into_iter().map(|h| (h.name, h.secret)).collect();
        let context = Context::new(
            info,
            headers,
            query,
            self.retry,
            self.max_response_size,
            self.max_concurrency,
        );
        Ok(A::from_parts(&base_url, http, context))
    }
}

/// Checks a base URL and drops its trailing slash (paths are appended to it); also returns its
/// origin, the only one credentials are sent to.
fn check_base_url(raw: &str) -> Result<(String, Origin), ConfigError> {
    let invalid = |reason: &str| ConfigError::InvalidBaseUrl {
        url: raw.to_string(),
        reason: reason.to_string(),
    };
    let url = reqwest::Url::parse(raw).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("a base URL has no query or fragment"));
    }
    Ok((raw.trim_end_matches('/').to_string(), Origin::of(&url)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_loses_trailing_slash_and_rejects_other_schemes() {
        let (url, origin) = check_base_url("http://127.0.0.1:8080/api/").unwrap();
        assert_eq!(url, "http://127.0.0.1:8080/api");
        assert_eq!(origin.to_string(), "http://127.0.0.1:8080");
        assert!(check_base_url("ftp://example.com").is_err());
        assert!(check_base_url("not a url").is_err());
    }

    #[test]
    fn auth_header_is_sensitive_and_bearer_prefixed() {
        let (name, value) = AuthHeader::bearer(&Secret::new("tok")).to_header().unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value.to_str().unwrap(), "Bearer tok");
        assert!(value.is_sensitive());
        assert!(!format!("{value:?}").contains("tok"));
    }

    #[test]
    fn basic_and_cookie_credentials_become_their_headers() {
        let (name, value) = AuthHeader::basic(&Secret::new("user:pass"))
            .to_header()
            .unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value.to_str().unwrap(), "Basic dXNlcjpwYXNz");
        assert!(value.is_sensitive());
        let (name, value) = AuthHeader::cookie("session", &Secret::new("s3"))
            .to_header()
            .unwrap();
        assert_eq!(name, "cookie");
        assert_eq!(value.to_str().unwrap(), "session=s3");
        assert!(value.is_sensitive());
        assert_eq!(
            AuthHeader::query("api_key", &Secret::new("k")).place,
            AuthPlace::Query
        );
    }
}
