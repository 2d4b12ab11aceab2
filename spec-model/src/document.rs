//! Reading a document's text into plain JSON data: JSON as JSON, YAML as YAML, with the
//! position of any syntax error, and the OpenAPI version it declares.

use std::path::Path;

use serde_yaml::Value;

use crate::{Locator, SpecError};

/// The syntax a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (recognised by its first character, `{`).
    Json,
    /// YAML (everything else).
    Yaml,
}

impl Syntax {
    /// The syntax of `text`: JSON when it starts with `{`, else YAML.
    pub fn of(text: &str) -> Syntax {
        if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// The OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    /// OpenAPI 3.0.x.
    V30,
    /// OpenAPI 3.1.x (converted to 3.0 by the loader).
    V31,
}

/// Reads `text` into a document tree (mapping order kept). JSON is read by a JSON parser (so `\ud83d\ude80`-style escapes
/// and compact documents keep working); control characters left raw inside JSON strings, which
/// some published documents contain, are read as the characters they are.
pub(crate) fn read_value(path: &Path, text: &str) -> Result<Value, SpecError> {
    let locator = Locator::new(path, text);
    match Syntax::of(text) {
        Syntax::Json => {
            let (cleaned, removed) = escape_raw_controls(text.trim_start_matches('\u{feff}'));
            serde_json::from_str::<Value>(&cleaned).map_err(|e| {
                let shift = removed.iter().filter(|&&l| l <= e.line()).count();
                SpecError {
                    file: path.to_path_buf(),
                    line: Some(e.line() + shift),
                    column: Some(e.column()),
                    message: format!("invalid JSON: {}", strip_position(&e.to_string())),
                }
            })
        }
        Syntax::Yaml => serde_yaml::from_str(text).map_err(|e| locator.yaml(&e)),
    }
}

/// The OpenAPI version of a document; Swagger 2.0 and unknown versions are refused clearly.
pub(crate) fn version(locator: &Locator, value: &Value) -> Result<Version, SpecError> {
    if let Some(swagger) = value.get("swagger") {
        return Err(locator.at(
            &["swagger"],
            format!(
                "this is a Swagger {} document; only OpenAPI 3.0 and 3.1 are supported \
                 (convert it first, e.g. with swagger2openapi)",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    let number;
    let declared = match value.get("openapi") {
        Some(Value::String(v)) => v.as_str(),
        // `openapi: 3.1` unquoted reads as a number.
        Some(Value::Number(n)) => {
            number = n.to_string();
            number.as_str()
        }
        Some(_) => {
            return Err(locator.at(
                &["openapi"],
                "`openapi` must be a version string such as \"3.0.3\"".into(),
            ))
        }
        None if value.is_mapping() => {
            return Err(locator.at(&[], "not an OpenAPI document: no `openapi` version".into()))
        }
        None => return Err(locator.at(&[], "not an OpenAPI document: not a mapping".into())),
    };
    if declared.starts_with("3.0") {
        Ok(Version::V30)
    } else if declared.starts_with("3.1") {
        Ok(Version::V31)
    } else {
        Err(locator.at(
            &["openapi"],
            format!("expected OpenAPI 3.0.x or 3.1.x, found `{declared}`"),
        ))
    }
}

/// serde_json appends " at line L column C"; the position is printed up front instead.
fn strip_position(message: &str) -> &str {
    message
        .find(" at line ")
        .map_or(message, |cut| &message[..cut])
}

/// Escapes control characters that stand raw inside JSON strings (a line break as `\n`, ...).
/// Returns the text to parse and, for each line break so removed, the line it stood on in the
/// returned text (to map error positions back to the original lines).
fn escape_raw_controls(text: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut removed = Vec::new();
    let (mut line, mut in_string, mut escaped, mut changed) = (1usize, false, false, false);
    for c in text.chars() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            } else if (c as u32) < 0x20 {
                changed = true;
                match c {
                    '\n' => {
                        removed.push(line);
                        out.push_str("\\n");
                    }
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    other => out.push_str(&format!("\\u{:04x}", other as u32)),
                }
                continue;
            }
        } else if c == '"' {
            in_string = true;
        }
        if c == '\n' {
            line += 1;
        }
        out.push(c);
    }
    if changed {
        (std::borrow::Cow::Owned(out), removed)
    } else {
        (std::borrow::Cow::Borrowed(text), removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_reads_surrogate_escapes_and_raw_newlines() {
        let text = "{\"openapi\": \"3.0.0\", \"info\": {\"title\": \"\\ud83d\\ude80 a\nb\"}}";
        let value = read_value(Path::new("x.json"), text).unwrap();
        assert_eq!(value["info"]["title"].as_str(), Some("\u{1f680} a\nb"));
        // An error after a raw line break is reported on its line in the original text.
        let err = read_value(Path::new("x.json"), "{\"a\": \"x\ny\",\n \"b\": ]}").unwrap_err();
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn json_errors_have_line_and_column() {
        let err = read_value(Path::new("x.json"), "{\n  \"a\": [1,,]\n}").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(11)));
        assert!(err.message.starts_with("invalid JSON: "), "{}", err.message);
    }

    #[test]
    fn swagger_is_refused_by_name() {
        let text = "swagger: '2.0'\ninfo: {}\n";
        let value = read_value(Path::new("s.yaml"), text).unwrap();
        let err = version(&Locator::new(Path::new("s.yaml"), text), &value).unwrap_err();
        assert_eq!(err.line, Some(1));
        assert!(err.message.contains("Swagger 2.0"), "{}", err.message);
    }
}
