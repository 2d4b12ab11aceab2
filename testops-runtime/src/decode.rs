//! Decoding of JSON response bodies into typed values, from the bytes as received.
//!
//! One entry point, [`from_slice`], so the parser behind it can change in one place. It is
//! `serde_json`. `sonic-rs` decodes our types 1.08x to 1.44x faster (see `benches/README.md`),
//! but it recurses without a limit when it skips a value the type does not keep, so a deeply
//! nested body from a server overflows the stack and aborts the process; `serde_json` stops at
//! 128 levels with an error. The message keeps the position and a short reason without body
//! text, so it can be shown as it is; the body excerpt stays apart in `Error::body`.
//!
//! A body that does not decode is decoded a second time, through `serde_path_to_error`, to name
//! the field that failed (`items[3].avatar_url: missing`); the successful path pays nothing for
//! it.

use std::fmt;

/// Longest message kept; longer ones (custom messages of a type) are cut.
const MAX_MESSAGE: usize = 200;

/// A body that is not valid JSON, or not JSON of the expected type.
///
/// Carries where decoding stopped and a short reason; never any text of the body (values the
/// parser quotes in its message are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    line: usize,
    column: usize,
    /// The JSON path of the value that failed (`items[3].avatar_url`), when below the root.
    path: Option<String>,
    message: String,
}

impl JsonError {
    /// 1-based line of the position where decoding stopped (0 when unknown).
    #[cfg(test)]
    pub(crate) fn line(&self) -> usize {
        self.line
    }

    /// 1-based column of the position where decoding stopped (0 when unknown).
    #[cfg(test)]
    pub(crate) fn column(&self) -> usize {
        self.column
    }

    /// The short reason, without position or body text.
    #[cfg(test)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    /// The JSON path of the value that failed, when below the root.
    #[cfg(test)]
    pub(crate) fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// Names the value that failed: the path of an object that lacks a field is completed with
    /// the field, whose reason becomes `missing`.
    fn at(mut self, path: &serde_path_to_error::Path) -> Self {
        let mut path = match path.to_string() {
            root if root == "." => String::new(),
            path => path,
        };
        if let Some(field) = self
            .message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'))
        {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(field);
            self.message = "missing".to_string();
        }
        self.path = (!path.is_empty()).then_some(path);
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{path}: {}", self.message)?;
            if self.line != 0 {
                write!(f, " (line {} column {})", self.line, self.column)?;
            }
            return Ok(());
        }
        if self.line == 0 {
            write!(f, "invalid JSON: {}", self.message)
        } else {
            write!(
                f,
                "invalid JSON at line {} column {}: {}",
                self.line, self.column, self.message
            )
        }
    }
}

impl std::error::Error for JsonError {}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        let (line, column) = (e.line(), e.column());
        // The text is "<reason> at line L column C": keep the reason only.
        let text = e.to_string();
        let suffix = format!(" at line {line} column {column}");
        let reason = text.find(&suffix).map_or(text.as_str(), |i| &text[..i]);
        Self {
            line,
            column,
            path: None,
            message: without_values(reason),
        }
    }
}

/// A serde message with the values it quotes from the body left out: `invalid type: string
/// "..", expected u32` becomes `invalid type: string, expected u32`, `unknown variant `..`,
/// expected ..` becomes `unknown variant, expected ..`. Other messages name fields and types
/// only; they are cut at [`MAX_MESSAGE`] characters.
fn without_values(message: &str) -> String {
    const EXPECTED: &str = ", expected ";
    let kept = ["invalid type: ", "invalid value: "]
        .iter()
        .find_map(|prefix| {
            let rest = message.strip_prefix(prefix)?;
            // The kind of value ("string", "floating point", ...) comes before its quoted text.
            let kind = rest.split(['`', '"', ',']).next().unwrap_or("").trim_end();
            let expected = message.rfind(EXPECTED).map_or("", |i| &message[i..]);
            Some(format!("{prefix}{kind}{expected}"))
        })
        .or_else(|| {
            ["unknown variant ", "unknown field "]
                .iter()
                .find_map(|prefix| {
                    message.strip_prefix(prefix)?;
                    let rest = message
                        .rfind(EXPECTED)
                        .or_else(|| message.rfind(", there are no"))
                        .map_or("", |i| &message[i..]);
                    Some(format!("{}{rest}", prefix.trim_end()))
                })
        })
        .unwrap_or_else(|| message.to_owned());
    match kept.char_indices().nth(MAX_MESSAGE) {
        Some((i, _)) => format!("{}...", &kept[..i]),
        None => kept,
    }
}

/// Decodes a JSON body into `T`, from the bytes as received (no extra copy of the body). On
/// failure the error names the JSON path of the value that failed.
pub(crate) fn from_slice<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, JsonError> {
    serde_json::from_slice(body).map_err(|first| {
        // Only a value of the wrong shape has a path worth naming; a syntax error (a deep
        // nesting among them) has its position.
        match first.classify() {
            serde_json::error::Category::Data => locate::<T>(body),
            _ => None,
        }
        .unwrap_or_else(|| first.into())
    })
}

/// Decodes `body` again, tracking the path, to say where it fails; `None` if it does not fail
/// inside the value (trailing characters).
#[cold]
fn locate<T: serde::de::DeserializeOwned>(body: &[u8]) -> Option<JsonError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let error = serde_path_to_error::deserialize::<_, T>(&mut deserializer).err()?;
    let path = error.path().clone();
    Some(JsonError::from(error.into_inner()).at(&path))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed, TestRunner};
    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Typed {
        count: u32,
        name: Option<String>,
        level: Option<Level>,
    }

    #[derive(Debug, Deserialize)]
    enum Level {
        #[serde(rename = "test")]
        Test,
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        // On a thread with a small stack, like a tokio worker's; both a value that is kept and
        // one the type skips (an unknown field).
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || {
                assert!(from_slice::<Value>(nested(100).as_bytes()).is_ok());
                let e = from_slice::<Value>(nested(100_000).as_bytes()).unwrap_err();
                assert!(e.message().contains("recursion limit"), "{e}");
                // A skipped value is walked without recursion: decoded, not a crash.
                let skipped = format!(r#"{{"count": 1, "extra": {}}}"#, nested(100_000));
                assert_eq!(from_slice::<Typed>(skipped.as_bytes()).unwrap().count, 1);
            })
            .expect("thread starts")
            .join()
            .expect("no overflow");
    }

    #[test]
    fn errors_give_the_position_and_a_short_reason() {
        let e = from_slice::<Value>(b"{\n  \"a\": [1,]\n}").unwrap_err();
        assert_eq!((e.line(), e.column()), (2, 11));
        assert_eq!(
            e.to_string(),
            format!("invalid JSON at line 2 column 11: {}", e.message())
        );
        let e = from_slice::<Value>(b"{\"a\": ").unwrap_err();
        assert_eq!(e.message(), "EOF while parsing a value", "{e}");
    }

    #[test]
    fn type_errors_name_the_kind_of_value_but_not_the_value() {
        let cases: [(&str, &str); 6] = [
            (
                r#"{"count": "s3cr3t at line 9 column 9"}"#,
                "invalid type: string, expected u32",
            ),
            (r#"{"count": -7}"#, "invalid value: integer, expected u32"),
            (
                r#"{"count": 1.25}"#,
                "invalid type: floating point, expected u32",
            ),
            (
                r#"{"count": 1, "level": "s3cr3t"}"#,
                "unknown variant, expected `test`",
            ),
            (r#"{"name": "x"}"#, "missing"),
            (
                r#"{"count": 1, "name": true}"#,
                "invalid type: boolean, expected a string",
            ),
        ];
        for (text, message) in cases {
            let e = from_slice::<Typed>(text.as_bytes()).unwrap_err();
            assert_eq!(e.message(), message, "{text}");
            assert_eq!(e.line(), 1, "{text}");
            let shown = e.to_string();
            assert!(
                !shown.contains("s3cr3t") && !shown.contains("-7"),
                "{shown}"
            );
        }
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        items: Vec<User>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct User {
        id: u32,
        avatar_url: String,
        level: Option<Level>,
    }

    #[test]
    fn a_value_of_the_wrong_shape_is_named_by_its_json_path() {
        let user = |i: u32| format!(r#"{{"id": {i}, "avatar_url": "https://a/{i}"}}"#);
        let mut items: Vec<String> = (0..5).map(user).collect();
        items[3] = r#"{"id": 3, "login": "s3cr3t"}"#.to_string();
        let body = format!(r#"{{"items": [{}]}}"#, items.join(","));
        let e = from_slice::<Page>(body.as_bytes()).unwrap_err();
        assert_eq!(e.path(), Some("items[3].avatar_url"));
        assert_eq!(e.message(), "missing");
        assert!(
            e.to_string()
                .starts_with("items[3].avatar_url: missing (line 1 column "),
            "{e}"
        );
        items[3] = r#"{"id": 3, "avatar_url": "x", "level": "s3cr3t"}"#.to_string();
        let body = format!(r#"{{"items": [{}]}}"#, items.join(","));
        let e = from_slice::<Page>(body.as_bytes()).unwrap_err();
        assert_eq!(e.path(), Some("items[3].level"));
        assert_eq!(e.message(), "unknown variant, expected `test`");
        assert!(!e.to_string().contains("s3cr3t"), "{e}");
        // A missing field of the root object is named alone.
        let e = from_slice::<Page>(b"{}").unwrap_err();
        assert_eq!(e.path(), Some("items"));
        // Syntax errors keep their position only.
        let e = from_slice::<Page>(b"{\"items\": [").unwrap_err();
        assert_eq!(e.path(), None);
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let bytes = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..64),
            // Mostly JSON punctuation, so that some inputs get deep into the parser.
            proptest::collection::vec(
                proptest::sample::select(b"{}[]\":,0123456789.eE-+ truefalsnl\\u\n".to_vec()),
                0..64
            ),
        ];
        let config = Config {
            cases: 300,
            rng_seed: RngSeed::Fixed(0x00DE_C0DE),
            failure_persistence: None,
            ..Config::default()
        };
        TestRunner::new(config)
            .run(&bytes, |body| {
                if let Err(e) = from_slice::<Value>(&body) {
                    prop_assert!(!e.message().is_empty());
                }
                Ok(())
            })
            .unwrap();
    }
}
