//! Loading a document: JSON or YAML with file:line:column errors, OpenAPI 3.1 read as 3.0, the
//! resolved view formed (see [`crate::resolve`]), then our `x-` extensions validated.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::document::{self, Version};
use crate::extensions::{self, Extensions};
use crate::tree::{key_text, mappings, to_json};
use crate::{Locator, SpecError, SpecWarning};

/// A document that parsed and passed validation, in its resolved view.
#[derive(Debug, Clone)]
pub struct Spec {
    /// File stem, e.g. `datadog`; names the generated crate folder.
    pub stem: String,
    /// Path of the file, as given.
    pub path: PathBuf,
    /// The parsed document, resolved: parameters inline and merged, operation ids that are
    /// method names.
    pub openapi: OpenAPI,
    /// Our validated `x-` extensions.
    pub extensions: Extensions,
    /// Stand-in property keys given to properties whose Rust names would collide, and the wire
    /// names they stand for.
    pub property_renames: BTreeMap<String, String>,
    /// What the loader worked around (unresolved `$ref`s, skipped websocket operations).
    pub warnings: Vec<SpecWarning>,
}

/// Reads, parses and validates the spec at `path`.
pub fn load(path: &Path) -> Result<Spec, SpecError> {
    parse(path, &read(path)?)
}

/// Reads a spec file's text.
pub fn read(path: &Path) -> Result<String, SpecError> {
    std::fs::read_to_string(path).map_err(|e| SpecError {
        file: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("cannot read the file: {e}"),
    })
}

/// Parses an OpenAPI 3.0 or 3.1 document (JSON or YAML) as written, without resolving it or
/// validating our extensions: the typed document (3.1 read as 3.0) and the same data as plain
/// JSON (for readers that walk it, such as the docs audit).
pub fn parse_openapi(path: &Path, text: &str) -> Result<(OpenAPI, serde_json::Value), SpecError> {
    let locator = Locator::new(path, text);
    let mut value = document::read_value(path, text)?;
    if document::version(&locator, &value)? == Version::V31 {
        crate::downgrade::to_v30(&mut value);
    }
    let openapi = typed(&locator, &value)?;
    Ok((openapi, to_json(value)))
}

/// The typed document of a tree, with the place of the first mismatch.
fn typed(locator: &Locator, value: &serde_yaml::Value) -> Result<OpenAPI, SpecError> {
    let error = match serde_path_to_error::deserialize::<_, OpenAPI>(value.clone()) {
        Ok(openapi) => return Ok(openapi),
        Err(e) => e,
    };
    // Untagged and flattened parts hide the place; look for it part by part.
    let (place, message) = mismatch_in_parts(value).unwrap_or_else(|| {
        (
            split_place(&error.path().to_string()),
            error.inner().to_string(),
        )
    });
    let keys: Vec<&str> = place
        .iter()
        .map(String::as_str)
        .filter(|k| k.parse::<usize>().is_err())
        .collect();
    Err(locator.at(
        &keys,
        format!(
            "not a valid OpenAPI 3.0 document at {}: {message}",
            place.join(".")
        ),
    ))
}

/// The place (path of keys) and message of the first operation or component schema that does
/// not read as one.
fn mismatch_in_parts(value: &serde_yaml::Value) -> Option<(Vec<String>, String)> {
    fn check<T: serde::de::DeserializeOwned>(
        value: &serde_yaml::Value,
        place: Vec<String>,
    ) -> Option<(Vec<String>, String)> {
        let error = serde_path_to_error::deserialize::<_, T>(value.clone()).err()?;
        let mut place = place;
        place.extend(split_place(&error.path().to_string()));
        Some((place, error.inner().to_string()))
    }
    let paths = value.get("paths").and_then(serde_yaml::Value::as_mapping);
    for (path, item) in paths.into_iter().flatten() {
        let path = key_text(path);
        for method in crate::Method::ALL {
            if let Some(op) = item.get(method.key()) {
                let place = vec!["paths".into(), path.clone(), method.key().into()];
                if let Some(found) = check::<openapiv3::Operation>(op, place) {
                    return Some(found);
                }
            }
        }
    }
    let schemas = value
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(serde_yaml::Value::as_mapping);
    for (name, schema) in schemas.into_iter().flatten() {
        let place = vec!["components".into(), "schemas".into(), key_text(name)];
        if let Some(found) = check::<openapiv3::ReferenceOr<openapiv3::Schema>>(schema, place) {
            return Some(found);
        }
    }
    None
}

/// `a.b[0].c` as its keys; `?` (an unknown place) left out.
fn split_place(place: &str) -> Vec<String> {
    place
        .split('.')
        .flat_map(|part| part.split('['))
        .map(|k| k.trim_end_matches(']'))
        .filter(|k| !k.is_empty() && *k != "?")
        .map(str::to_string)
        .collect()
}

/// Parses YAML or JSON text into a plain JSON value, with located errors; the one document
/// reader of the workspace (the audit reads specs and vendor documents through it too).
pub fn parse_value(path: &Path, text: &str) -> Result<serde_json::Value, SpecError> {
    document::read_value(path, text).map(to_json)
}

/// Parses, resolves and validates document text; `path` is used for naming only.
pub fn parse(path: &Path, text: &str) -> Result<Spec, SpecError> {
    let locator = Locator::new(path, text);
    let mut value = document::read_value(path, text)?;
    if document::version(&locator, &value)? == Version::V31 {
        crate::downgrade::to_v30(&mut value);
    }
    let resolution = crate::resolve::resolve(&locator, &mut value);
    extensions::check_schema_extensions(&locator, &mappings(&value))?;
    let openapi = typed(&locator, &value)?;
    let extensions = extensions::parse(&openapi, &locator)?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("spec")
        .to_string();
    Ok(Spec {
        stem,
        path: path.to_path_buf(),
        openapi,
        extensions,
        property_renames: resolution.property_renames,
        warnings: resolution.warnings,
    })
}
