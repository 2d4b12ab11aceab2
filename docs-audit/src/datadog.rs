//! Datadog API reference pages (Markdown with `{% tab %}` blocks): one operation per "Datadog
//! site | API endpoint" table, then parameter tables, a request "Model", and a "Model" per
//! response status. Code samples are skipped; JSON examples are read only to place ambiguous
//! model rows.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::datadog_model::{self, Row};
use crate::example;
use crate::page::{
    Operation, Page, PageFormat, Param, ParamLocation, RequestBody, Response, Shape, Status, Ty,
};
use crate::table::{self, Table};

/// Whether the text looks like a Datadog reference page.
pub(crate) fn recognise(text: &str) -> bool {
    text.contains("{% tab title=")
        && text
            .lines()
            .any(|l| table::is_row(l) && endpoint_of(&table::cells(l)).is_some())
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Other,
    Params(ParamLocation),
    Request,
    Response,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tab {
    Other,
    Model,
    Example,
}

#[derive(Default)]
struct Body {
    rows: Option<Vec<Row>>,
    examples: Vec<Value>,
}

#[derive(Default)]
struct OpBuilder {
    method: String,
    path: String,
    params: Vec<Param>,
    body_required: Option<bool>,
    request: Body,
    responses: Vec<(u16, Body)>,
}

/// Parses a Datadog reference page.
pub(crate) fn parse(text: &str) -> Result<Page, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut ops: Vec<OpBuilder> = Vec::new();
    let mut section = Section::Other;
    let mut tab = Tab::Other;
    let mut status: Option<u16> = None;
    let mut notes = Vec::new();
    let mut index = 0;
    while let Some(line) = lines.get(index) {
        let trimmed = line.trim();
        if let Some(lang) = trimmed.strip_prefix("```") {
            let end = (index + 1..lines.len())
                .find(|&j| lines.get(j).is_some_and(|l| l.trim().starts_with("```")))
                .unwrap_or(lines.len());
            if lang.trim() == "json" && tab == Tab::Example {
                let body = lines.get(index + 1..end).unwrap_or_default().join("\n");
                if let (Ok(value), Some(op)) =
                    (serde_json::from_str::<Value>(&body), ops.last_mut())
                {
                    if let Some(target) = body_for(op, section, status) {
                        target.examples.push(value);
                    }
                }
            }
            index = end + 1;
            continue;
        }
        if table::is_row(line) {
            let (table, next) = table::read(&lines, index);
            index = next;
            if let Some((method, path)) = table.rows.first().and_then(|r| endpoint_of(r)) {
                ops.push(OpBuilder {
                    method,
                    path,
                    ..OpBuilder::default()
                });
                section = Section::Other;
                status = None;
                continue;
            }
            let Some(op) = ops.last_mut() else { continue };
            match (section, tab) {
                (Section::Params(location), _) => op.params.extend(params(&table, location)),
                (Section::Request | Section::Response, Tab::Model) => {
                    match (model_rows(&table), body_for(op, section, status)) {
                        (Some(rows), Some(target)) => target.rows = Some(rows),
                        (None, _) => notes.push(format!(
                            "{} {}: a model table without Field and Type columns was skipped",
                            op.method, op.path
                        )),
                        (Some(_), None) => {}
                    }
                }
                _ => {}
            }
            continue;
        }
        index += 1;
        if let Some(title) = tab_title(trimmed) {
            match title.as_str() {
                "Model" => tab = Tab::Model,
                "Example" => tab = Tab::Example,
                code if section == Section::Response => {
                    if let Ok(code) = code.parse::<u16>() {
                        status = Some(code);
                        if let Some(op) = ops.last_mut() {
                            op.responses.push((code, Body::default()));
                        }
                    }
                    tab = Tab::Other;
                }
                _ => tab = Tab::Other,
            }
        } else if trimmed.starts_with("{% /tab") {
            tab = Tab::Other;
        } else if let Some(heading) = heading(trimmed) {
            if let Some(next) = section_for(&heading) {
                section = next;
                status = None;
                if heading.starts_with("Body Data") {
                    if let Some(op) = ops.last_mut() {
                        op.body_required = Some(heading.contains("(required)"));
                    }
                }
            }
        }
    }
    if ops.is_empty() {
        return Err("no \"Datadog site | API endpoint\" table found".to_string());
    }
    let operations = ops.into_iter().map(|op| finish(op, &mut notes)).collect();
    Ok(Page {
        format: PageFormat::Datadog,
        base_path: String::new(),
        operations,
        auth_headers: Vec::new(),
        schemas: Vec::new(),
        notes,
    })
}

fn body_for(op: &mut OpBuilder, section: Section, status: Option<u16>) -> Option<&mut Body> {
    match section {
        Section::Request => Some(&mut op.request),
        Section::Response => {
            let code = status?;
            op.responses
                .iter_mut()
                .rev()
                .find(|(c, _)| *c == code)
                .map(|(_, body)| body)
        }
        _ => None,
    }
}

fn finish(op: OpBuilder, notes: &mut Vec<String>) -> Operation {
    let label = format!("{} {}", op.method, op.path);
    let mut shape_of = |body: &Body| -> Option<Shape> {
        let rows = body.rows.as_ref()?;
        let mut examples = BTreeSet::new();
        for value in &body.examples {
            examples.extend(example::plain_paths(value));
        }
        let (shape, skipped) = datadog_model::build(rows, &examples);
        notes.extend(skipped.into_iter().map(|n| format!("{label}: {n}")));
        Some(shape)
    };
    let request = shape_of(&op.request).map(|shape| RequestBody {
        required: op.body_required,
        shape,
    });
    let responses = op
        .responses
        .iter()
        .map(|(code, body)| Response {
            status: Status::Code(*code),
            shape: shape_of(body),
        })
        .collect();
    Operation {
        method: op.method,
        path: op.path,
        params: op.params,
        request,
        responses,
        described_responses: None,
        request_schema_name: None,
    }
}

/// `GET https://api.datadoghq.com/api/v2/x` in the endpoint column of a site table.
fn endpoint_of(row: &[String]) -> Option<(String, String)> {
    static ENDPOINT: OnceLock<Option<Regex>> = OnceLock::new();
    let re = ENDPOINT
        .get_or_init(|| {
            Regex::new(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+https?://[^/\s]+(/\S*)$").ok()
        })
        .as_ref()?;
    let captures = re.captures(row.get(1)?)?;
    Some((
        captures.get(1)?.as_str().to_string(),
        captures.get(2)?.as_str().to_string(),
    ))
}

fn tab_title(line: &str) -> Option<String> {
    static TAB: OnceLock<Option<Regex>> = OnceLock::new();
    let re = TAB
        .get_or_init(|| Regex::new(r#"^\{%\s*tab\s+title="([^"]*)"\s*%\}$"#).ok())
        .as_ref()?;
    Some(re.captures(line)?.get(1)?.as_str().trim().to_string())
}

/// The text of a Markdown heading, without its `{% #anchor %}`; `None` for other lines and for
/// empty headings (the code-sample tabs use `#####` alone).
fn heading(line: &str) -> Option<String> {
    let text = line.strip_prefix('#')?.trim_start_matches('#');
    if !text.starts_with(' ') {
        return None;
    }
    let text = text.split("{%").next().unwrap_or_default().trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn section_for(heading: &str) -> Option<Section> {
    let lower = heading.to_ascii_lowercase();
    Some(if lower.starts_with("path param") {
        Section::Params(ParamLocation::Path)
    } else if lower.starts_with("query") {
        Section::Params(ParamLocation::Query)
    } else if lower.starts_with("header") {
        Section::Params(ParamLocation::Header)
    } else if lower.starts_with("cookie") {
        Section::Params(ParamLocation::Cookie)
    } else if lower == "request" || lower.starts_with("body data") {
        Section::Request
    } else if lower == "response" {
        Section::Response
    } else {
        Section::Other
    })
}

fn params(table: &Table, location: ParamLocation) -> Vec<Param> {
    let (Some(name_col), Some(type_col)) = (table.column("Name"), table.column("Type")) else {
        return Vec::new();
    };
    let description_col = table.column("Description");
    table
        .rows
        .iter()
        .filter_map(|row| {
            let (name, marked) = datadog_model::field_cell(row.get(name_col)?);
            if name.is_empty() {
                return None;
            }
            let mut shape = datadog_model::type_cell(row.get(type_col).map_or("", String::as_str));
            let description = description_col
                .and_then(|c| row.get(c))
                .map_or("", String::as_str);
            let values = datadog_model::enum_values(description);
            if !values.is_empty() {
                if shape.ty == Ty::Array {
                    if let Some(items) = shape.items.as_mut() {
                        items.enum_values = values;
                    }
                } else {
                    shape.enum_values = values;
                }
            }
            Some(Param {
                name: Some(name),
                location,
                required: marked || location == ParamLocation::Path,
                shape,
            })
        })
        .collect()
}

fn model_rows(table: &Table) -> Option<Vec<Row>> {
    let field = table.column("Field")?;
    let ty = table.column("Type")?;
    let parent = table.column("Parent field");
    let description = table.column("Description");
    let cell = |row: &Vec<String>, col: Option<usize>| {
        col.and_then(|c| row.get(c)).cloned().unwrap_or_default()
    };
    Some(
        table
            .rows
            .iter()
            .filter_map(|row| {
                let (name, required) = datadog_model::field_cell(row.get(field)?);
                if name.is_empty() {
                    return None;
                }
                let mut rest = cell(row, description);
                // A description containing `|` spills into extra cells: keep it whole.
                if let Some(d) = description {
                    for extra in row.iter().skip(d + 1) {
                        rest.push('|');
                        rest.push_str(extra);
                    }
                }
                Some(Row {
                    parent: cell(row, parent),
                    name,
                    required,
                    ty: cell(row, Some(ty)),
                    description: rest,
                })
            })
            .collect(),
    )
}
