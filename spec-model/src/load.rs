//! Loading a spec: YAML with file:line:column errors, then validation of the parts we rely on
//! (operation ids, `$ref` targets, our `x-` extensions).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::extensions::{self, Extensions};
use crate::locate::{describe_path, keys};
use crate::operations::operations;
use crate::{Locator, SpecError};

/// A spec that parsed and passed validation.
#[derive(Debug, Clone)]
pub struct Spec {
    /// File stem, e.g. `datadog`; names the generated crate folder.
    pub stem: String,
    /// Path of the YAML file, as given.
    pub path: PathBuf,
    /// The parsed document.
    pub openapi: OpenAPI,
    /// Our validated `x-` extensions.
    pub extensions: Extensions,
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

/// Parses YAML text as an OpenAPI 3.0 document, without our own validation: the typed document
/// and the same data as plain JSON (for readers that walk it, such as the docs audit).
pub fn parse_openapi(path: &Path, text: &str) -> Result<(OpenAPI, serde_json::Value), SpecError> {
    let (value, openapi) = parse_yaml(&Locator { file: path, text })?;
    Ok((openapi, to_json(value)))
}

/// YAML text read once, then checked to be an OpenAPI 3.0 document.
fn parse_yaml(locator: &Locator) -> Result<(serde_yaml::Value, OpenAPI), SpecError> {
    let value: serde_yaml::Value =
        serde_yaml::from_str(locator.text).map_err(|e| locator.yaml(&e))?;
    let openapi: OpenAPI = serde_yaml::from_value(value.clone()).map_err(|e| {
        // Errors from `from_value` carry no position; re-run on the text to get one.
        match serde_yaml::from_str::<OpenAPI>(locator.text) {
            Err(located) => locator.yaml(&located),
            Ok(_) => locator.at(&[], format!("not an OpenAPI 3.0 document: {e}")),
        }
    })?;
    if !openapi.openapi.starts_with("3.0") {
        return Err(locator.at(
            &["openapi"],
            format!("expected OpenAPI 3.0.x, found `{}`", openapi.openapi),
        ));
    }
    Ok((value, openapi))
}

/// Parses YAML text into a plain JSON value, with located errors; the one YAML reader of the
/// workspace (the audit reads specs and vendor documents through it too).
pub fn parse_value(path: &Path, text: &str) -> Result<serde_json::Value, SpecError> {
    let locator = Locator { file: path, text };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| locator.yaml(&e))?;
    Ok(to_json(value))
}

/// The same data as JSON; mapping keys that are not strings (`200:`) become their YAML text.
fn to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_text(&k), to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

/// A mapping key as text: strings as they are, other scalars as written in YAML.
fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// Parses and validates spec text; `path` is used for naming only.
pub fn parse(path: &Path, text: &str) -> Result<Spec, SpecError> {
    let locator = Locator { file: path, text };
    let (value, openapi) = parse_yaml(&locator)?;
    let nodes = mappings(&value);
    check_refs(&locator, &value, &nodes)?;
    extensions::check_schema_extensions(&locator, &nodes)?;
    check_operation_ids(&locator, &openapi)?;
    check_query_styles(&locator, &openapi)?;
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
    })
}

/// A mapping of the document with its path of keys (sequence items as their index).
pub(crate) type Node<'v> = (Vec<String>, &'v serde_yaml::Mapping);

/// Every mapping of the document with its path of keys.
fn mappings(root: &serde_yaml::Value) -> Vec<Node<'_>> {
    fn walk<'v>(
        value: &'v serde_yaml::Value,
        path: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, &'v serde_yaml::Mapping)>,
    ) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                out.push((path.clone(), map));
                for (k, v) in map {
                    let key = key_text(k);
                    path.push(key);
                    walk(v, path, out);
                    path.pop();
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(i.to_string());
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

/// Every `$ref` must point at an existing local component.
fn check_refs(
    locator: &Locator,
    root: &serde_yaml::Value,
    nodes: &[Node],
) -> Result<(), SpecError> {
    for (path, map) in nodes {
        let Some(serde_yaml::Value::String(target)) = map.get("$ref") else {
            continue;
        };
        let resolved = target.strip_prefix("#/").and_then(|pointer| {
            pointer.split('/').try_fold(root, |node, seg| {
                let seg = seg.replace("~1", "/").replace("~0", "~");
                node.get(seg.as_str())
            })
        });
        if resolved.is_none() {
            return Err(locator.at(
                &keys(path),
                format!(
                    "`$ref: {target}` points at nothing (used at {})",
                    describe_path(path)
                ),
            ));
        }
    }
    Ok(())
}

/// Every operation has a unique `operationId` usable as a Rust method name.
fn check_operation_ids(locator: &Locator, openapi: &OpenAPI) -> Result<(), SpecError> {
    let mut seen = BTreeSet::new();
    for operation in operations(openapi) {
        let (path, method, op) = (operation.path, operation.method.key(), operation.op);
        let keys = ["paths", path, method];
        let Some(id) = &op.operation_id else {
            return Err(locator.at(
                &keys,
                format!(
                    "operation {} {path} has no operationId",
                    method.to_uppercase()
                ),
            ));
        };
        let valid = id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !crate::naming::is_keyword(id);
        if !valid {
            return Err(locator.at(
                &keys,
                format!(
                    "operationId `{id}` of {} {path} must be snake_case and not a Rust keyword (it becomes a method name)",
                    method.to_uppercase()
                ),
            ));
        }
        if !seen.insert(id.clone()) {
            return Err(locator.at(
                &keys,
                format!(
                    "duplicate operationId `{id}` (again on {} {path})",
                    method.to_uppercase()
                ),
            ));
        }
    }
    Ok(())
}

/// Query parameter styles the generated client cannot send faithfully are rejected, rather than
/// silently sent in another encoding.
fn check_query_styles(locator: &Locator, openapi: &OpenAPI) -> Result<(), SpecError> {
    for operation in operations(openapi) {
        let (path, method, op) = (operation.path, operation.method.key(), operation.op);
        for param in op.parameters.iter().filter_map(|p| p.as_item()) {
            let openapiv3::Parameter::Query {
                parameter_data,
                style,
                ..
            } = param
            else {
                continue;
            };
            let name = &parameter_data.name;
            let problem = match style {
                openapiv3::QueryStyle::Form if parameter_data.explode == Some(false) => {
                    "`explode: false` is not supported (arrays are sent as repeated keys); \
                     model a comma-separated list as a string"
                }
                openapiv3::QueryStyle::Form => continue,
                _ => "only `style: form` query parameters are supported",
            };
            return Err(locator.at(
                &["paths", path, method],
                format!(
                    "query parameter `{name}` of {} {path}: {problem}",
                    method.to_uppercase()
                ),
            ));
        }
    }
    Ok(())
}
