//! Finding the line of a place in a spec's YAML text, for error messages.

use std::path::Path;

use crate::SpecError;

/// Finds the line of a place in the YAML text, for error messages.
pub struct Locator<'a> {
    /// The spec file, for the message.
    pub file: &'a Path,
    /// The YAML source.
    pub text: &'a str,
}

impl Locator<'_> {
    /// An error at the document path `keys` (mapping keys from the root), with the line found by
    /// following the keys through the block-style YAML text.
    pub fn at(&self, keys: &[&str], message: String) -> SpecError {
        SpecError {
            file: self.file.to_path_buf(),
            line: self.line_of(keys),
            column: None,
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
