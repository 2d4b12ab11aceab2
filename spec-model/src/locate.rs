//! Finding the line of a place in a document's YAML or JSON text, for error messages.

use std::path::Path;

use crate::document::Syntax;
use crate::SpecError;

/// Finds the line (and in JSON the column) of a place in a document's text, for messages.
pub struct Locator<'a> {
    /// The spec file, for the message.
    pub file: &'a Path,
    /// The YAML or JSON source.
    pub text: &'a str,
}

impl<'a> Locator<'a> {
    /// A locator of `text`, read from `file`.
    pub fn new(file: &'a Path, text: &'a str) -> Self {
        Locator { file, text }
    }

    /// An error at the document path `keys` (mapping keys from the root, sequence indices left
    /// out), with the line found by following the keys through the text.
    pub fn at(&self, keys: &[&str], message: String) -> SpecError {
        let (line, column) = match Syntax::of(self.text) {
            Syntax::Yaml => (self.line_of(keys), None),
            Syntax::Json => json_position(self.text, keys).unzip(),
        };
        SpecError {
            file: self.file.to_path_buf(),
            line,
            column,
            message,
        }
    }

    pub(crate) fn yaml(&self, e: &serde_yaml::Error) -> SpecError {
        let location = e.location();
        let mut message = e.to_string();
        // serde_yaml appends " at line L column C"; we print the position up front instead.
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        SpecError {
            file: self.file.to_path_buf(),
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
            message: format!("invalid YAML or OpenAPI structure: {message}"),
        }
    }

    /// Follows mapping keys down the indentation of the text; returns the deepest line found.
    fn line_of(&self, keys: &[&str]) -> Option<usize> {
        let lines: Vec<&str> = self.text.lines().collect();
        let (mut start, mut end, mut min_indent) = (0usize, lines.len(), 0usize);
        let mut found = None;
        for key in keys {
            let mut hit = None;
            for (i, line) in lines.iter().enumerate().take(end).skip(start) {
                let trimmed = line.trim_start();
                let indent = line.len() - trimmed.len();
                if trimmed.is_empty() || trimmed.starts_with('#') || indent < min_indent {
                    continue;
                }
                let unquoted = trimmed.trim_start_matches("- ");
                let matches = [
                    format!("{key}:"),
                    format!("\"{key}\":"),
                    format!("'{key}':"),
                ]
                .iter()
                .any(|k| unquoted.starts_with(k.as_str()));
                if matches {
                    hit = Some((i, indent));
                    break;
                }
            }
            let (i, indent) = hit?;
            found = Some(i + 1);
            // The block of this key ends at the next line indented at most as much.
            let block_end = lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| {
                    let t = l.trim_start();
                    !t.is_empty() && !t.starts_with('#') && l.len() - t.len() <= indent
                })
                .map(|(j, _)| j)
                .unwrap_or(lines.len());
            start = i + 1;
            end = block_end;
            min_indent = indent + 1;
        }
        found
    }
}

/// The line and column of the key at the end of `keys` in JSON text (object keys from the
/// root; arrays are passed through), or of the deepest key found on the way.
fn json_position(text: &str, keys: &[&str]) -> Option<(usize, usize)> {
    if keys.is_empty() {
        return Some((1, 1));
    }
    // Per open container: `Some(key)` for an object (its key being read or last read), `None`
    // for an array.
    let mut stack: Vec<Option<String>> = Vec::new();
    let mut best: Option<((usize, usize), usize)> = None;
    let (mut line, mut column) = (1usize, 0usize);
    let mut chars = text.chars().peekable();
    let mut expect_key = false;
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '{' => {
                stack.push(Some(String::new()));
                expect_key = true;
            }
            '[' => {
                stack.push(None);
                expect_key = false;
            }
            '}' | ']' => {
                stack.pop();
                expect_key = false;
            }
            ',' => expect_key = matches!(stack.last(), Some(Some(_))),
            '"' => {
                let start = (line, column);
                let mut string = String::new();
                while let Some(c) = chars.next() {
                    column += 1;
                    match c {
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                column += 1;
                                string.push(escaped);
                            }
                        }
                        '"' => break,
                        '\n' => {
                            line += 1;
                            column = 0;
                            string.push(c);
                        }
                        other => string.push(other),
                    }
                }
                if expect_key {
                    expect_key = false;
                    if let Some(Some(slot)) = stack.last_mut() {
                        *slot = string;
                    }
                    let path: Vec<&str> = stack.iter().flatten().map(String::as_str).collect();
                    let depth = path.len();
                    if path.as_slice() == keys {
                        return Some(start);
                    }
                    if keys.starts_with(&path) && best.is_none_or(|(_, d)| depth > d) {
                        best = Some((start, depth));
                    }
                }
            }
            _ => {}
        }
    }
    best.map(|(position, _)| position)
}

/// The mapping keys of a path, for [`Locator::at`] (sequence indices are not keys).
pub(crate) fn keys(path: &[String]) -> Vec<&str> {
    path.iter()
        .map(String::as_str)
        .filter(|k| k.parse::<usize>().is_err())
        .collect()
}

/// Renders a document path as `paths./x.get.responses.200`.
pub(crate) fn describe_path(path: &[String]) -> String {
    if path.is_empty() {
        "the document root".to_string()
    } else {
        path.join(".")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keys_are_found_in_compact_and_pretty_text() {
        let compact = r#"{"info":{"title":"a"},"paths":{"/x":{"get":{"responses":{}}}}}"#;
        assert_eq!(
            json_position(compact, &["paths", "/x", "get"]),
            Some((1, 38))
        );
        let pretty = "{\n  \"paths\": {\n    \"/x\": {\n      \"get\": {}\n    }\n  }\n}";
        assert_eq!(json_position(pretty, &["paths", "/x", "get"]), Some((4, 7)));
        // A missing key: the deepest one found on the way.
        assert_eq!(json_position(pretty, &["paths", "/x", "put"]), Some((3, 5)));
    }
}
