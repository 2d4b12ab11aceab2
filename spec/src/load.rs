//! Loading a spec: YAML with file:line:column errors, then validation of the parts we rely on
//! (operation ids, `$ref` targets, our `x-` extensions).

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::extensions::{self, Extensions};

/// A problem with a spec, located in the file as precisely as we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// What is wrong, naming the place in the document (operation, `$ref`, extension).
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for SpecError {}

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
    let text = std::fs::read_to_string(path).map_err(|e| SpecError {
        file: path.to_path_buf(),
        line: None,
        column: None,
        message: format!("cannot read the file: {e}"),
    })?;
    parse(path, &text)
}

/// Parses and validates spec text; `path` is used for naming only.
pub fn parse(path: &Path, text: &str) -> Result<Spec, SpecError> {
    let locator = Locator { file: path, text };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| locator.yaml(&e))?;
    let openapi: OpenAPI = serde_yaml::from_value(value.clone()).map_err(|e| {
        // Errors from `from_value` carry no position; re-run on the text to get one.
        match serde_yaml::from_str::<OpenAPI>(text) {
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
    check_refs(&locator, &value)?;
    check_enum_varnames(&locator, &value)?;
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

    fn yaml(&self, e: &serde_yaml::Error) -> SpecError {
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

/// Every mapping of the document with its path of keys (sequence items as their index).
fn mappings(root: &serde_yaml::Value) -> Vec<(Vec<String>, &serde_yaml::Mapping)> {
    fn walk<'v>(
        value: &'v serde_yaml::Value,
        path: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, &'v serde_yaml::Mapping)>,
    ) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                out.push((path.clone(), map));
                for (k, v) in map {
                    let key = match k {
                        serde_yaml::Value::String(s) => s.clone(),
                        other => serde_yaml::to_string(other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
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

/// The mapping keys of a path, for [`Locator::at`] (sequence indices are not keys).
fn keys(path: &[String]) -> Vec<&str> {
    path.iter()
        .map(String::as_str)
        .filter(|k| k.parse::<usize>().is_err())
        .collect()
}

/// Every `$ref` must point at an existing local component.
fn check_refs(locator: &Locator, root: &serde_yaml::Value) -> Result<(), SpecError> {
    for (path, map) in mappings(root) {
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
                &keys(&path),
                format!(
                    "`$ref: {target}` points at nothing (used at {})",
                    describe_path(&path)
                ),
            ));
        }
    }
    Ok(())
}

/// `x-enum-varnames` must name every value of its sibling `enum` with a Rust type-style name.
fn check_enum_varnames(locator: &Locator, root: &serde_yaml::Value) -> Result<(), SpecError> {
    for (path, map) in mappings(root) {
        let Some(names) = map.get("x-enum-varnames") else {
            continue;
        };
        let values = map
            .get("enum")
            .and_then(|e| e.as_sequence())
            .map_or(0, Vec::len);
        let names: Vec<&str> = names
            .as_sequence()
            .map(|s| s.iter().filter_map(|n| n.as_str()).collect())
            .unwrap_or_default();
        let valid = |n: &&str| {
            n.starts_with(|c: char| c.is_ascii_uppercase())
                && n.chars().all(|c| c.is_ascii_alphanumeric())
                && *n != "Unknown"
        };
        if names.len() != values || !names.iter().all(valid) {
            return Err(locator.at(
                &keys(&path),
                format!(
                    "`x-enum-varnames` at {} must list one PascalCase name (not `Unknown`) \
                     for each of the {values} `enum` values",
                    describe_path(&path)
                ),
            ));
        }
    }
    Ok(())
}

/// Renders a document path as `paths./x.get.responses.200`.
fn describe_path(path: &[String]) -> String {
    if path.is_empty() {
        "the document root".to_string()
    } else {
        path.join(".")
    }
}

/// Every operation has a unique `operationId` usable as a Rust method name.
fn check_operation_ids(locator: &Locator, openapi: &OpenAPI) -> Result<(), SpecError> {
    let mut seen = BTreeSet::new();
    for (path, method, op) in operations(openapi) {
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
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(locator.at(
                &keys,
                format!(
                    "operationId `{id}` of {} {path} must be snake_case (it becomes a method name)",
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
    for (path, method, op) in operations(openapi) {
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

/// All operations in document order: (path, lowercase method, operation).
pub fn operations(openapi: &OpenAPI) -> Vec<(&str, &'static str, &openapiv3::Operation)> {
    let mut out = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let methods: [(&'static str, &Option<openapiv3::Operation>); 8] = [
            ("get", &item.get),
            ("put", &item.put),
            ("post", &item.post),
            ("delete", &item.delete),
            ("options", &item.options),
            ("head", &item.head),
            ("patch", &item.patch),
            ("trace", &item.trace),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                out.push((path.as_str(), method, op));
            }
        }
    }
    out
}
