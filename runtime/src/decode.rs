//! Decoding of JSON response bodies into typed values, from the bytes as received.
//!
//! One entry point, [`from_slice`], so the parser behind it can change in one place.

use std::fmt;

/// A body that is not valid JSON for the expected type.
///
/// Carries where decoding stopped and a short reason; never any of the body's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    line: usize,
    column: usize,
    message: String,
}

impl DecodeError {
    /// 1-based line of the position where decoding stopped (0 when unknown).
    #[allow(dead_code)]
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the position where decoding stopped (0 when unknown).
    #[allow(dead_code)]
    pub(crate) fn column(&self) -> usize {
        self.column
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid JSON at line {} column {}: {}",
            self.line, self.column, self.message
        )
    }
}

impl std::error::Error for DecodeError {}

impl From<serde_json::Error> for DecodeError {
    fn from(e: serde_json::Error) -> Self {
        let (line, column) = (e.line(), e.column());
        // serde_json appends " at line L column C" itself; keep only the reason.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        Self {
            line,
            column,
            message,
        }
    }
}

/// Decodes a JSON body into `T`, from the bytes as received (no extra copy of the body).
#[allow(dead_code)]
pub(crate) fn from_slice<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    Ok(serde_json::from_slice(body)?)
}
