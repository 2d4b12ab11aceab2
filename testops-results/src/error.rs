//! Errors of reading a vendor, always naming the vendor and, for credentials, what to set.

use std::fmt;

use crate::model::Vendor;

/// What went wrong, in the terms a user acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// Credentials are missing, malformed or refused: set or fix the vendor's variables.
    Credentials,
    /// The request was wrong (a project that does not exist, a query the vendor refuses).
    Request,
    /// The vendor could not be read (network, server errors, an answer that does not decode).
    Unavailable,
}

/// An error of reading one vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    vendor: Vendor,
    kind: ErrorKind,
    detail: String,
}

impl Error {
    /// An error of `vendor`.
    pub fn new(vendor: Vendor, kind: ErrorKind, detail: impl Into<String>) -> Self {
        Self {
            vendor,
            kind,
            detail: detail.into(),
        }
    }

    /// The vendor it happened with.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// What kind of error it is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// From a client error: credentials errors name the variables to check.
    pub fn from_api<E>(vendor: Vendor, error: &testops_circleci::Error<E>) -> Self {
        use testops_circleci::ErrorKind as Api;
        let kind = match error.kind() {
            Api::Auth | Api::Forbidden => ErrorKind::Credentials,
            Api::NotFound | Api::InvalidRequest | Api::Client => ErrorKind::Request,
            _ => ErrorKind::Unavailable,
        };
        let mut detail = error.to_string();
        if kind == ErrorKind::Credentials {
            detail.push_str(&format!("; check {}", vendor.env_vars().join(" and ")));
        }
        Self::new(vendor, kind, detail)
    }

    /// From a client configuration error (a missing variable, a bad base URL).
    pub fn from_config(vendor: Vendor, error: &testops_circleci::ConfigError) -> Self {
        let kind = match error {
            testops_circleci::ConfigError::InvalidBaseUrl { .. } => ErrorKind::Request,
            _ => ErrorKind::Credentials,
        };
        Self::new(vendor, kind, error.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.vendor, self.detail)
    }
}

impl std::error::Error for Error {}
