//! CircleCI's API reference as plain text: the base URL, one block per operation (path line,
//! description, parameter table, request body table, response descriptions, `METHOD /path`),
//! then named JSON schemas. Which operation a response schema belongs to is not printed; the
//! names (`ContextGetInformationResponse`) are linked to operations later, against the spec.

use std::sync::OnceLock;

use regex::Regex;

use crate::example;
use crate::json_schema::{self, Schemas};
use crate::page::{
    NamedSchema, Operation, Page, PageFormat, Param, ParamLocation, Property, RequestBody, Shape,
    Ty,
};
use crate::table::{self, Table};

/// Whether the text looks like CircleCI's reference text: `METHOD /path` lines closing the
/// operation blocks, and its parameter or request-body tables.
pub(crate) fn recognise(text: &str) -> bool {
    const PARAMS: [&str; 5] = ["Name", "In", "Required", "Type", "Description"];
    const BODY: [&str; 3] = ["Property", "Type", "Required"];
    text.lines().any(|l| method_line(l).is_some())
        && text.lines().any(|l| {
            table::is_row(l) && {
                let cells = table::cells(l);
                cells == PARAMS || cells == BODY
            }
        })
}

fn method_line(line: &str) -> Option<(String, String)> {
    static METHOD: OnceLock<Option<Regex>> = OnceLock::new();
    let re = METHOD
        .get_or_init(|| Regex::new(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)$").ok())
        .as_ref()?;
    let captures = re.captures(line.trim())?;
    Some((
        captures.get(1)?.as_str().to_string(),
        captures.get(2)?.as_str().to_string(),
    ))
}

fn schema_name(line: &str) -> bool {
    let line = line.trim();
    line.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && line.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parses CircleCI's reference text.
pub(crate) fn parse(text: &str) -> Result<Page, String> {
    let lines: Vec<&str> = text.lines().collect();
    let base_path = lines
        .iter()
        .take(10)
        .find_map(|l| {
            let rest = l.trim().strip_prefix("https://")?;
            let slash = rest.find('/')?;
            Some(rest.get(slash..)?.trim_end_matches('/').to_string())
        })
        .unwrap_or_default();

    let mut operations = Vec::new();
    let mut block_start = None;
    let mut last_end = 0;
    for (index, line) in lines.iter().enumerate() {
        if let Some((method, path)) = method_line(line) {
            let start = block_start.unwrap_or(last_end);
            let body = lines.get(start..index).unwrap_or_default();
            operations.push(operation(method, path, body));
            block_start = None;
            last_end = index + 1;
        } else if block_start.is_none() && line.trim().starts_with('/') {
            block_start = Some(index + 1);
        }
    }
    if operations.is_empty() {
        return Err("no `METHOD /path` operation lines found".to_string());
    }

    let mut schemas = Vec::new();
    let mut notes = Vec::new();
    let mut index = last_end;
    while let Some(line) = lines.get(index) {
        let opens = lines.get(index + 1).is_some_and(|l| l.trim() == "{");
        if schema_name(line) && opens {
            match example::take_json(&lines, index + 1) {
                Some((value, next)) => {
                    schemas.push(NamedSchema {
                        name: line.trim().to_string(),
                        value,
                    });
                    index = next;
                    continue;
                }
                None => notes.push(format!(
                    "schema `{}` is not valid JSON; skipped",
                    line.trim()
                )),
            }
        }
        index += 1;
    }

    let page_schemas = Schemas::from_named(&schemas);
    for op in &mut operations {
        attach_request_schema(op, &page_schemas);
    }
    Ok(Page {
        format: PageFormat::Circleci,
        base_path,
        operations,
        auth_headers: Vec::new(),
        schemas,
        notes,
    })
}

/// One operation block (the lines between its path line and its `METHOD /path` line).
fn operation(method: String, path: String, body: &[&str]) -> Operation {
    let mut op = Operation {
        method,
        path,
        ..Operation::default()
    };
    let mut prose_after_tables = Vec::new();
    let mut seen_table = false;
    let mut index = 0;
    while let Some(line) = body.get(index) {
        let trimmed = line.trim();
        if table::is_row(line) {
            let (table, next) = table::read(body, index);
            index = next;
            seen_table = true;
            prose_after_tables.clear();
            if table.column("In").is_some() {
                op.params = params(&table);
            } else if table.column("Property").is_some() {
                op.request = Some(RequestBody {
                    required: None,
                    shape: properties(&table),
                });
            }
            continue;
        }
        index += 1;
        if trimmed == "application/json" {
            if let Some(name) = body.get(index).filter(|l| schema_name(l)) {
                op.request_schema_name = Some(name.trim().to_string());
                index += 1;
            }
            prose_after_tables.clear();
            continue;
        }
        if !trimmed.is_empty() {
            prose_after_tables.push(trimmed);
        }
    }
    if seen_table {
        op.described_responses = Some(prose_after_tables.len());
    }
    op
}

fn type_word(word: &str) -> Option<Shape> {
    Some(Shape::of(match word.trim() {
        "string" => Ty::String,
        "integer" => Ty::Integer,
        "number" => Ty::Number,
        "boolean" => Ty::Boolean,
        "object" => Ty::Object,
        "array" => Ty::Array,
        _ => return None,
    }))
}

fn params(table: &Table) -> Vec<Param> {
    table
        .rows
        .iter()
        .filter_map(|row| {
            let name = row.first()?.trim().to_string();
            let location = ParamLocation::parse(row.get(1)?)?;
            let required = row.get(2).is_some_and(|r| r.trim() == "required");
            // A row whose type cell is missing shifts the description into it.
            let shape = row
                .get(3)
                .and_then(|t| type_word(t))
                .unwrap_or_else(|| Shape::of(Ty::Unknown));
            Some(Param {
                name: Some(name),
                location,
                // Every path parameter is required, whatever the table says.
                required: required || location == ParamLocation::Path,
                shape,
            })
        })
        .collect()
}

fn properties(table: &Table) -> Shape {
    let mut shape = Shape::of(Ty::Object);
    shape.properties = table
        .rows
        .iter()
        .filter_map(|row| {
            Some(Property {
                name: row.first()?.trim().to_string(),
                required: Some(row.get(2).is_some_and(|r| r.trim() == "required")),
                shape: row
                    .get(1)
                    .and_then(|t| type_word(t))
                    .unwrap_or_else(|| Shape::of(Ty::Unknown)),
            })
        })
        .collect();
    shape
}

/// Replaces the request table's shape with the named schema when the page prints it; the table
/// only shows top-level fields.
fn attach_request_schema(op: &mut Operation, schemas: &Schemas<'_>) {
    let Some(name) = &op.request_schema_name else {
        return;
    };
    let Some(value) = schemas.get(name) else {
        return;
    };
    let shape = json_schema::to_shape(value, schemas);
    let required = op.request.as_ref().and_then(|r| r.required);
    op.request = Some(RequestBody { required, shape });
}

/// A page schema's name split into the operation it names and the status it is for:
/// `ContextGetRestrictions401Response` -> (`ContextGetRestrictions`, Some("401")),
/// `ContextGetInformationdefaultResponse` -> (`ContextGetInformation`, Some("default")),
/// `ContextGetInformationResponse` -> (`ContextGetInformation`, None).
pub(crate) fn response_schema_name(name: &str) -> Option<(String, Option<String>)> {
    static NAME: OnceLock<Option<Regex>> = OnceLock::new();
    let re = NAME
        .get_or_init(|| Regex::new(r"^([A-Z][A-Za-z]*?)(default|\d{3})?Response$").ok())
        .as_ref()?;
    let captures = re.captures(name)?;
    let operation = captures.get(1)?.as_str().to_string();
    let status = captures.get(2).map(|m| m.as_str().to_string());
    Some((operation, status))
}

/// Splits a PascalCase name into lower-case words: `ContextGetInformation` ->
/// `["context", "get", "information"]`.
pub(crate) fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() || out.is_empty() {
            out.push(c.to_ascii_lowercase().to_string());
        } else if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}
