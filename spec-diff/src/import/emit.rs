//! YAML text for imported blocks, written the way our specs are: two-space indentation, block
//! sequences indented under their key, scalar lists in flow style (`required: [id, name]`),
//! `$ref`s and status codes double-quoted, other strings plain where YAML reads them back as the
//! same string.

use serde_json::Value;

/// A value to write, with its keys in the order they are written.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Yaml {
    /// A scalar (string, number, boolean or null).
    Scalar(Value),
    /// A string always written double-quoted (`$ref` targets).
    Quoted(String),
    /// A mapping.
    Map(Vec<(String, Yaml)>),
    /// A block sequence.
    Seq(Vec<Yaml>),
    /// A sequence of scalars, written on one line.
    Flow(Vec<Value>),
    /// A comment line written before the entry that follows it in a mapping (the key is
    /// ignored).
    Comment(String),
}

impl Yaml {
    /// A plain string scalar.
    pub(super) fn text(text: impl Into<String>) -> Self {
        Yaml::Scalar(Value::String(text.into()))
    }

    /// `{$ref: "<target>"}`.
    pub(super) fn reference(target: impl Into<String>) -> Self {
        Yaml::Map(vec![("$ref".to_string(), Yaml::Quoted(target.into()))])
    }
}

/// The lines of a mapping's entries, without base indentation.
pub(super) fn entries(entries: &[(String, Yaml)]) -> String {
    let mut out = String::new();
    for (key, value) in entries {
        if let Yaml::Comment(text) = value {
            out.push_str(&format!("# {text}\n"));
            continue;
        }
        let key = key_text(key);
        match value {
            Yaml::Map(inner) if !inner.is_empty() => {
                out.push_str(&format!("{key}:\n"));
                out.push_str(&super::yaml_text::indent(&self::entries(inner), 2));
            }
            Yaml::Seq(items) if !items.is_empty() => {
                out.push_str(&format!("{key}:\n"));
                for item in items {
                    out.push_str(&super::yaml_text::indent(&self::item(item), 2));
                }
            }
            other => out.push_str(&format!("{key}: {}\n", inline(other))),
        }
    }
    out
}

/// The lines of one sequence item, `- ` included.
pub(super) fn item(value: &Yaml) -> String {
    let body = item_body(value);
    let mut out = String::new();
    for (n, line) in body.lines().enumerate() {
        out.push_str(if n == 0 { "- " } else { "  " });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The lines of one sequence item without its `- `.
pub(super) fn item_body(value: &Yaml) -> String {
    match value {
        Yaml::Map(inner) if !inner.is_empty() => entries(inner),
        other => format!("{}\n", inline(other)),
    }
}

/// A value written on one line.
pub(super) fn inline(value: &Yaml) -> String {
    match value {
        Yaml::Scalar(value) => scalar(value, false),
        Yaml::Quoted(text) => quoted(text),
        Yaml::Map(entries) if entries.is_empty() => "{}".to_string(),
        Yaml::Map(entries) => {
            let parts: Vec<String> = entries
                .iter()
                .filter(|(_, v)| !matches!(v, Yaml::Comment(_)))
                .map(|(k, v)| format!("{}: {}", key_text(k), inline(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Yaml::Seq(items) => {
            let parts: Vec<String> = items.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        Yaml::Flow(items) => {
            let parts: Vec<String> = items.iter().map(|v| scalar(v, true)).collect();
            format!("[{}]", parts.join(", "))
        }
        Yaml::Comment(_) => String::new(),
    }
}

/// A scalar; `flow` when it is written inside `[...]`.
pub(super) fn scalar(value: &Value, flow: bool) -> String {
    match value {
        Value::String(text) if plain(text, flow) => text.clone(),
        Value::String(text) => quoted(text),
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

fn key_text(key: &str) -> String {
    if key == "$ref" || (plain(key, false) && !key.starts_with(|c: char| c.is_ascii_digit())) {
        key.to_string()
    } else {
        quoted(key)
    }
}

/// A double-quoted YAML string (JSON's escapes are YAML's).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

/// Whether `text` can be written without quotes and read back as the same string.
fn plain(text: &str, flow: bool) -> bool {
    const RESERVED: [&str; 12] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "~", "nan", "inf",
    ];
    let Some(first) = text.chars().next() else {
        return false;
    };
    let lower = text.to_ascii_lowercase();
    let numeric = first.is_ascii_digit()
        || ((first == '-' || first == '+' || first == '.')
            && text[1..].starts_with(|c: char| c.is_ascii_digit() || c == '.'));
    !(numeric
        || RESERVED.contains(&lower.trim_start_matches(['.', '+', '-']))
        || text.trim() != text
        || !(first.is_alphanumeric() || first == '_' || first == '/' || first == '(')
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.chars().any(char::is_control)
        || (flow && text.contains([',', '[', ']', '{', '}'])))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_that_yaml_would_read_otherwise_are_quoted() {
        for text in [
            "true", "No", "1.5", "-1", "", " x", "a: b", "a #b", "#x", "*x", "{a}",
        ] {
            assert!(scalar(&json!(text), false).starts_with('"'), "{text}");
            let back: Value = serde_yaml::from_str(&scalar(&json!(text), false)).unwrap();
            assert_eq!(back, json!(text));
        }
        for text in [
            "timestamp",
            "gh/org",
            "Lists the pipelines of a project.",
            "page-token",
        ] {
            assert_eq!(scalar(&json!(text), false), text);
        }
        assert_eq!(scalar(&json!("a, b"), true), "\"a, b\"");
    }

    #[test]
    fn blocks_use_indented_sequences_and_flow_scalar_lists() {
        let value = Yaml::Map(vec![
            ("type".into(), Yaml::text("object")),
            ("required".into(), Yaml::Flow(vec![json!("id")])),
            (
                "properties".into(),
                Yaml::Map(vec![(
                    "id".into(),
                    Yaml::reference("#/components/schemas/Id"),
                )]),
            ),
            (
                "parameters".into(),
                Yaml::Seq(vec![Yaml::Map(vec![
                    ("name".into(), Yaml::text("page")),
                    ("in".into(), Yaml::text("query")),
                ])]),
            ),
            ("200".into(), Yaml::Map(vec![])),
        ]);
        let Yaml::Map(inner) = &value else {
            unreachable!()
        };
        assert_eq!(
            entries(inner),
            "type: object\nrequired: [id]\nproperties:\n  id:\n    $ref: \"#/components/schemas/Id\"\nparameters:\n  - name: page\n    in: query\n\"200\": {}\n"
        );
    }
}
