//! Decoding of JSON response bodies into typed values, from the bytes as received.
//!
//! One entry point, [`from_slice`], so the parser behind it can change in one place. It is
//! `sonic-rs`, which decodes the generated types 1.1x to 1.4x faster than `serde_json` (see
//! `benches/README.md`), to the same values: integers, strings, escapes and duplicate keys
//! (the last wins) as `serde_json`; floats correctly rounded, where `serde_json`'s default parser
//! can be one unit in the last place off for some 17-digit floats. The tests below hold it to
//! that on every fixture, on edge cases, and on arbitrary and truncated bodies.

use std::fmt;

/// Longest message kept; longer ones (custom messages of a type) are cut.
const MAX_MESSAGE: usize = 200;

/// A body that is not valid JSON, or not JSON of the expected type.
///
/// Carries where decoding stopped and a short reason; never any text of the body (values the
/// parser quotes in its message are left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DecodeError {
    line: usize,
    column: usize,
    offset: usize,
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

    /// The short reason, without position or body text.
    #[allow(dead_code)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "invalid JSON: {}", self.message)
        } else {
            write!(
                f,
                "invalid JSON at line {} column {} (byte {}): {}",
                self.line, self.column, self.offset, self.message
            )
        }
    }
}

impl std::error::Error for DecodeError {}

impl From<sonic_rs::Error> for DecodeError {
    fn from(e: sonic_rs::Error) -> Self {
        let (line, column) = (e.line(), e.column());
        // The text is "<reason> at line L column C" and, for syntax errors, a window of the
        // body after it: keep the reason only.
        let text = e.to_string();
        let reason = match e.classify() {
            // A fixed text, without " at line ".
            sonic_rs::error::Category::Syntax
            | sonic_rs::error::Category::Eof
            | sonic_rs::error::Category::Io => text.split(" at line ").next().unwrap_or(""),
            // The message of a type, which may quote the body: cut at the first position
            // suffix (cutting more is safe), then leave quoted values out.
            _ => {
                let suffix = format!(" at line {line} column {column}");
                text.find(&suffix).map_or(text.as_str(), |i| &text[..i])
            }
        };
        Self {
            line,
            column,
            offset: e.offset(),
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

/// Stack that sonic-rs may need on the most deeply nested body it accepts (254 levels; deeper
/// is an error): about 1 KiB a level optimised, about 16 KiB unoptimised.
const STACK_NEEDED: usize = if cfg!(debug_assertions) {
    8 << 20
} else {
    1 << 20
};

/// Decodes a JSON body into `T`, from the bytes as received (no extra copy of the body).
///
/// Runs on a separate stack when the current one has less than [`STACK_NEEDED`] left (as on a
/// 2 MiB tokio worker in a debug build), so that no body can overflow it.
#[allow(dead_code)]
pub(crate) fn from_slice<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, DecodeError> {
    stacker::maybe_grow(STACK_NEEDED, STACK_NEEDED, || {
        Ok(sonic_rs::from_slice(body)?)
    })
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    /// Every JSON file under `tests/fixtures/`.
    fn fixtures() -> Vec<(PathBuf, Vec<u8>)> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let entries =
                std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            for entry in entries {
                let path = entry.expect("directory entry").path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "json") {
                    out.push(path);
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut paths = Vec::new();
        walk(&root, &mut paths);
        paths.sort();
        assert!(
            paths.len() > 50,
            "fixtures not found under {}",
            root.display()
        );
        paths
            .into_iter()
            .map(|p| {
                let body = std::fs::read(&p).expect("fixture reads");
                (p, body)
            })
            .collect()
    }

    /// The same value, down to the representation of every number (integer or float, sign of
    /// zero, every bit of a float): their `serde_json` texts are equal.
    fn same(a: &Value, b: &Value) -> bool {
        serde_json::to_string(a).ok() == serde_json::to_string(b).ok()
    }

    #[test]
    fn every_fixture_decodes_to_the_same_value_as_serde_json() {
        for (path, body) in fixtures() {
            let expected: Value =
                serde_json::from_slice(&body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let got: Value =
                from_slice(&body).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(
                same(&got, &expected),
                "{} decodes differently",
                path.display()
            );
        }
    }

    #[test]
    fn integers_strings_and_keys_decode_as_serde_json_does() {
        let cases = [
            "0",
            "-1",
            "9007199254740993",
            "18446744073709551615",
            "-9223372036854775808",
            // Beyond 64 bits: a float, in both.
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "1E2",
            "100e-2",
            "1e-7",
            "5e-324",
            "1.7976931348623157e308",
            "0.30000000000000004",
            "3.141592653589793238462643383279",
            r#""\u00e9\ud83d\ude00\n\t\r\b\f\"\\\/""#,
            "\"é😀 — 修复 \u{2028}\"",
            r#"{"a":1,"a":2}"#,
            r#"{"a":{"b":[1,{"c":null}]},"a":true}"#,
            " \n[1, 2.5, -0.5, true, false, null, {}, []]\n ",
        ];
        for text in cases {
            let expected: Value = serde_json::from_str(text).expect(text);
            let got: Value = from_slice(text.as_bytes()).expect(text);
            assert!(same(&got, &expected), "{text}: {got} vs {expected}");
        }
    }

    #[test]
    fn floats_are_correctly_rounded() {
        // serde_json's default parser returns the neighbouring float for the first two.
        for text in [
            "0.42241591898205877",
            "2.2250738585072011e-308",
            "0.1",
            "2.718281828459045",
            "-1.5e-7",
            "6.02214076e23",
        ] {
            let got: f64 = from_slice(text.as_bytes()).expect(text);
            let exact: f64 = text.parse().expect(text);
            assert_eq!(got.to_bits(), exact.to_bits(), "{text}");
        }
    }

    #[test]
    fn negative_zero_decodes_to_zero() {
        // The one value that differs from serde_json (which keeps the sign): equal as numbers.
        for text in ["-0", "-0.0"] {
            let got: f64 = from_slice(text.as_bytes()).expect(text);
            assert_eq!(got, 0.0);
        }
    }

    #[test]
    fn invalid_json_is_an_error_wherever_serde_json_rejects_it() {
        for text in [
            "",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "NaN",
            "1e400",
            "nul",
            "[1] x",
            "\"\u{1}\"",
            r#""\ud800""#,
            r#""\x""#,
            "{\"a\" 1}",
            "[\"unterminated",
        ] {
            assert!(serde_json::from_str::<Value>(text).is_err(), "{text}");
            assert!(from_slice::<Value>(text.as_bytes()).is_err(), "{text}");
        }
        assert!(from_slice::<Value>(b"\"\xff\"").is_err());
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let nested = |depth: usize| "[".repeat(depth) + &"]".repeat(depth);
        // On a thread with a small stack, like a tokio worker's.
        std::thread::Builder::new()
            .stack_size(256 << 10)
            .spawn(move || {
                // Accepted up to 254 levels (serde_json stops at 128).
                assert!(from_slice::<Value>(nested(254).as_bytes()).is_ok());
                let e = from_slice::<Value>(nested(100_000).as_bytes()).unwrap_err();
                assert!(
                    e.message().contains("128 layers") || e.message().contains("deep"),
                    "{e}"
                );
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
            format!(
                "invalid JSON at line 2 column 11 (byte 12): {}",
                e.message()
            )
        );
        assert!(!e.message().contains('\n'), "{e}");

        let e = from_slice::<Value>(b"{\"a\": ").unwrap_err();
        assert_eq!(e.message(), "EOF while parsing", "{e}");
    }

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
            (r#"{"name": "x"}"#, "missing field `count`"),
            (
                r#"{"count": 1, "name": true}"#,
                "invalid type: boolean, expected a string",
            ),
        ];
        for (text, message) in cases {
            let e = from_slice::<Typed>(text.as_bytes()).unwrap_err();
            assert_eq!(e.message(), message, "{text}");
            assert_eq!(e.line(), 1, "{text}");
            assert!(e.column() > 0, "{text}");
            let shown = e.to_string();
            assert!(
                !shown.contains("s3cr3t") && !shown.contains("-7"),
                "{shown}"
            );
        }
    }

    fn config(cases: u32) -> Config {
        Config {
            cases,
            rng_seed: RngSeed::Fixed(0x00DE_C0DE),
            failure_persistence: None,
            ..Config::default()
        }
    }

    /// Decodes with both parsers: both fail, or both succeed with the same value.
    fn agrees_with_serde_json(body: &[u8]) -> Result<(), TestCaseError> {
        let expected = serde_json::from_slice::<Value>(body);
        let got = from_slice::<Value>(body);
        match (&expected, &got) {
            (Ok(a), Ok(b)) => prop_assert!(same_but_zero_sign(a, b), "{a} vs {b}"),
            (Err(_), Err(e)) => prop_assert!(!e.message().is_empty()),
            _ => prop_assert!(false, "serde_json {expected:?}, here {got:?}"),
        }
        Ok(())
    }

    /// [`same`], but with `-0` and `0` taken as the same (see `negative_zero_decodes_to_zero`).
    fn same_but_zero_sign(a: &Value, b: &Value) -> bool {
        let unsign = |v: &Value| serde_json::to_string(v).map(|s| s.replace("-0.0", "0.0"));
        same(a, b) || unsign(a).ok() == unsign(b).ok()
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_fail_where_serde_json_fails() {
        let bytes = prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..64),
            // Mostly JSON punctuation, so that some inputs get deep into the parser.
            proptest::collection::vec(
                proptest::sample::select(b"{}[]\":,0123456789.eE-+ truefalsnl\\u\n".to_vec()),
                0..64
            ),
        ];
        TestRunner::new(config(300))
            .run(&bytes, |body| agrees_with_serde_json(&body))
            .unwrap();
    }

    #[test]
    fn truncated_and_altered_fixtures_never_panic_and_agree_with_serde_json() {
        let fixtures = fixtures();
        let edit = (
            0..fixtures.len(),
            any::<prop::sample::Index>(),
            any::<u8>(),
            any::<bool>(),
        );
        TestRunner::new(config(300))
            .run(&edit, |(which, at, byte, truncate)| {
                let mut body = fixtures[which].1.clone();
                let at = at.index(body.len().max(1));
                if truncate {
                    body.truncate(at);
                } else if let Some(b) = body.get_mut(at) {
                    *b = byte;
                }
                agrees_with_serde_json(&body)
            })
            .unwrap();
    }
}
