//! Text cut to a number of characters for messages: error bodies, error messages and the mock
//! server's request summaries all show excerpts the same way.

use std::borrow::Cow;

/// What ends an excerpt that was cut.
const MORE: char = '…';

/// `text` cut to at most `max` characters, with `…` added when something was cut. Cuts fall
/// between characters, never inside one.
pub(crate) fn excerpt(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => {
            let mut cut = String::with_capacity(end + MORE.len_utf8());
            cut.push_str(&text[..end]);
            cut.push(MORE);
            Cow::Owned(cut)
        }
    }
}

/// The excerpt of `bytes` read as UTF-8 (invalid sequences shown as `�`). Only the start of the
/// bytes is decoded: every character takes at most 4 bytes, so the first `max` characters and
/// the one telling whether there is more lie within the first `4 * (max + 1)` bytes.
pub(crate) fn excerpt_bytes(bytes: &[u8], max: usize) -> String {
    let enough = max.saturating_add(1).saturating_mul(4);
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(enough)]);
    excerpt(&text, max).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_whole() {
        assert!(matches!(excerpt("abc", 3), Cow::Borrowed("abc")));
        assert_eq!(excerpt("", 0), "");
    }

    #[test]
    fn long_text_is_cut_between_characters_and_marked() {
        assert_eq!(excerpt("abcd", 3), "abc…");
        assert_eq!(excerpt("ééé", 2), "éé…");
        assert_eq!(excerpt("日本語テキスト", 3), "日本語…");
        assert_eq!(excerpt("x", 0), "…");
    }

    #[test]
    fn bytes_are_decoded_only_as_far_as_needed() {
        let body = "€".repeat(10);
        assert_eq!(excerpt_bytes(body.as_bytes(), 10), body);
        assert_eq!(excerpt_bytes(body.as_bytes(), 3), "€€€…");
        let mut long = vec![b'x'; 5000];
        long.extend_from_slice("é".as_bytes());
        let cut = excerpt_bytes(&long, 4096);
        assert_eq!(cut.chars().count(), 4097);
        assert!(cut.ends_with("x…"));
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        assert_eq!(excerpt_bytes(b"ok\xffok", 10), "ok\u{fffd}ok");
        assert_eq!(excerpt_bytes(b"\xff\xfe\xfd", 2), "\u{fffd}\u{fffd}…");
    }
}
