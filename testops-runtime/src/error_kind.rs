//! What kind of failure an [`Error`](crate::Error) is: the part of an error callers branch on,
//! shared by the runtime's own refusals (redirects, size limits) and the error type.

use reqwest::StatusCode;

/// What went wrong, in terms a caller can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request was not sent: a parameter is missing or out of its documented limits.
    InvalidRequest,
    /// 401: the credentials were refused.
    Auth,
    /// 403: the credentials lack a permission.
    Forbidden,
    /// 404: the resource does not exist.
    NotFound,
    /// 429: too many requests; see [`Error::retry_after`](crate::Error::retry_after).
    RateLimited,
    /// Another 4xx status.
    Client,
    /// A 5xx status.
    Server,
    /// A status the API does not document for this operation, outside 4xx and 5xx.
    UnexpectedStatus,
    /// The request or the response timed out.
    Timeout,
    /// The connection failed or broke.
    Transport,
    /// A success response whose body does not match the documented type.
    Decode,
    /// The server redirected to another origin than the configured base URL's (the error
    /// names it), or redirected too many times. Nothing was sent to that origin.
    Redirect,
    /// The response body is larger than the configured limit
    /// ([`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size)).
    TooLarge,
    /// A long-polling operation was still pending when its deadline passed;
    /// [`Error::status`](crate::Error::status) and [`Error::body`](crate::Error::body) are those
    /// of the last pending answer.
    PollTimeout,
}

impl ErrorKind {
    /// The kind for an error status.
    pub fn from_status(status: StatusCode) -> Self {
        match status.as_u16() {
            401 => Self::Auth,
            403 => Self::Forbidden,
            404 => Self::NotFound,
            429 => Self::RateLimited,
            400..=499 => Self::Client,
            500..=599 => Self::Server,
            _ => Self::UnexpectedStatus,
        }
    }

    /// The few words an error message starts with.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::InvalidRequest => "invalid request",
            Self::Auth => "authentication failed",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not found",
            Self::RateLimited => "rate limited",
            Self::Client => "client error",
            Self::Server => "server error",
            Self::UnexpectedStatus => "unexpected status",
            Self::Timeout => "timed out",
            Self::Transport => "connection failed",
            Self::Decode => "undecodable response",
            Self::Redirect => "redirect not followed",
            Self::TooLarge => "response too large",
            Self::PollTimeout => "still pending at the deadline",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_statuses() {
        let kind = |s: u16| ErrorKind::from_status(StatusCode::from_u16(s).unwrap());
        assert_eq!(kind(401), ErrorKind::Auth);
        assert_eq!(kind(403), ErrorKind::Forbidden);
        assert_eq!(kind(404), ErrorKind::NotFound);
        assert_eq!(kind(409), ErrorKind::Client);
        assert_eq!(kind(429), ErrorKind::RateLimited);
        assert_eq!(kind(502), ErrorKind::Server);
        assert_eq!(kind(302), ErrorKind::UnexpectedStatus);
    }
}
