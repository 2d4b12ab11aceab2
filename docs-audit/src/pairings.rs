//! The pairings file (`docs-audit/docs.yaml`): which vendor document is audited against which spec,
//! whether the spec may cover only some of the document's operations, and whether its gaps fail
//! the audit yet. The one place that says so; nothing is guessed from file names.

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::AuditError;

/// Where the pairings file lives, relative to the workspace root.
pub const DEFAULT_FILE: &str = "docs-audit/docs.yaml";

/// One document and the spec it is audited against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    /// The document, relative to the docs directory (`published/circleci-openapi.json`).
    pub doc: PathBuf,
    /// The spec, relative to the workspace root (`specs/circleci.yaml`).
    pub spec: PathBuf,
    /// Why the spec may cover only some of the document's operations, when it may.
    pub partial: Option<String>,
    /// Why gaps are reported without failing the audit, when they are.
    pub not_enforced: Option<String>,
}

/// The pairings, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pairings {
    /// Every pairing.
    pub entries: Vec<Pairing>,
}

const KEYS: [&str; 4] = ["doc", "spec", "partial", "not-enforced"];

impl Pairings {
    /// Reads the pairings file at `path`.
    pub fn load(path: &Path) -> Result<Self, AuditError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| AuditError::Input(format!("cannot read {}: {e}", path.display())))?;
        Self::parse(&text, path)
    }

    /// Parses the text of a pairings file; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, AuditError> {
        let value =
            spec_model::parse_value(path, text).map_err(|e| AuditError::Input(e.to_string()))?;
        let invalid = |message: String| AuditError::Input(format!("{}: {message}", path.display()));
        let Value::Array(items) = value else {
            return Err(invalid(
                "expected a list of pairings (`- doc: ...`, `spec: ...`)".to_string(),
            ));
        };
        let mut entries: Vec<Pairing> = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let entry = format!("pairing {}", index + 1);
            let Some(map) = item.as_object() else {
                return Err(invalid(format!("{entry} is not a mapping")));
            };
            if let Some(unknown) = map.keys().find(|k| !KEYS.contains(&k.as_str())) {
                return Err(invalid(format!(
                    "{entry}: unknown key `{unknown}` (expected {})",
                    KEYS.join(", ")
                )));
            }
            let text_of = |key: &str, required: bool| match map.get(key) {
                Some(Value::String(text)) if !text.trim().is_empty() => Ok(Some(text.clone())),
                None if !required => Ok(None),
                _ => Err(invalid(format!(
                    "{entry}: `{key}` must be {}text",
                    if required {
                        ""
                    } else {
                        "absent or a reason as "
                    }
                ))),
            };
            let pairing = Pairing {
                doc: text_of("doc", true)?.map(PathBuf::from).unwrap_or_default(),
                spec: text_of("spec", true)?
                    .map(PathBuf::from)
                    .unwrap_or_default(),
                partial: text_of("partial", false)?,
                not_enforced: text_of("not-enforced", false)?,
            };
            if entries.iter().any(|e| e.doc == pairing.doc) {
                return Err(invalid(format!(
                    "{entry}: `{}` is listed twice",
                    pairing.doc.display()
                )));
            }
            entries.push(pairing);
        }
        Ok(Pairings { entries })
    }

    /// The pairing of a document given by any path that ends with its listed path
    /// (`../shared/docs/published/circleci-openapi.json` finds `published/circleci-openapi.json`).
    pub fn find(&self, doc: &Path) -> Option<&Pairing> {
        let given = normal(doc);
        self.entries.iter().find(|entry| {
            let listed = normal(&entry.doc);
            !listed.is_empty() && given.ends_with(&listed)
        })
    }
}

fn normal(path: &Path) -> Vec<Component<'_>> {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}
