//! Path parameter values as they go into a request's path. Every value is escaped in full: only
//! the unreserved characters of RFC 3986 (`A-Z a-z 0-9 - . _ ~`) and `:` and `@` (which a path
//! segment holds as they are, as in `SHA256:ab..` fingerprints) stay, so no value can end a
//! segment, start a query, or be read as a separator (a `\` is one to URL parsers).
//! A parameter whose values hold slashes by design (`x-raw-slashes`, e.g. CircleCI's project
//! slug `gh/acme/api`) keeps its slashes raw; each part between them is escaped in full.

use std::fmt::Write as _;

/// `value` with everything but unreserved characters, `:` and `@` percent-encoded.
pub fn encode_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b'@') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// `value` with its slashes raw and every part between them escaped in full. The value is
/// checked first by [`crate::limits::path_segments`].
pub fn encode_path_raw_slashes(value: &str) -> String {
    value
        .split('/')
        .map(encode_path)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_but_unreserved_characters_is_escaped() {
        assert_eq!(encode_path("gh/acme/api"), "gh%2Facme%2Fapi");
        assert_eq!(encode_path(r"a\..\b"), "a%5C..%5Cb");
        assert_eq!(encode_path("a b?c#d%e"), "a%20b%3Fc%23d%25e");
        assert_eq!(encode_path("Ab-9._~:@"), "Ab-9._~:@");
        assert_eq!(encode_path("a+b;c=d&e"), "a%2Bb%3Bc%3Dd%26e");
        assert_eq!(encode_path("é"), "%C3%A9");
    }

    #[test]
    fn raw_slashes_keep_the_slashes_only() {
        assert_eq!(encode_path_raw_slashes("gh/acme/api"), "gh/acme/api");
        assert_eq!(
            encode_path_raw_slashes("gh/ac me/a?b#c%d"),
            "gh/ac%20me/a%3Fb%23c%25d"
        );
        assert_eq!(encode_path_raw_slashes(r"gh/a\b"), "gh/a%5Cb");
    }
}
