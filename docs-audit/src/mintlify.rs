//! Mintlify API reference pages (Checkly, Empirical) as captured text: the method and path
//! split over lines, a curl sample, a JSON example response, then sections ("Authorizations",
//! "Headers", "Path Parameters", "Query Parameters", "Body", "Response") of blocks:
//!
//! ```text
//! limit
//! integer
//! default:20
//!
//! Maximum number of test sessions to return.
//!
//! Required range: x <= 100
//! ```
//!
//! A block whose name line was lost (a description paragraph that follows the previous block's
//! constraints) is kept as a parameter without a name.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use crate::example;
use crate::page::{
    Operation, Page, PageFormat, Param, ParamLocation, Property, RequestBody, Response, Shape,
    Status, Ty,
};

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Whether the text looks like a Mintlify reference page.
pub(crate) fn recognise(text: &str) -> bool {
    header(&lines_of(text)).is_some()
        && text
            .lines()
            .any(|l| section_of(l.trim()).is_some() && l.trim() != "Body")
}

fn lines_of(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Method, path and the index of the line after the path, from the first lines of the page.
fn header(lines: &[&str]) -> Option<(String, String, usize)> {
    let start = lines
        .iter()
        .take(5)
        .position(|l| METHODS.contains(&l.trim()))?;
    let method = lines.get(start)?.trim().to_string();
    let mut path = String::new();
    let mut index = start + 1;
    while let Some(line) = lines.get(index) {
        let piece = line.trim();
        let is_piece = piece == "/"
            || (path.ends_with('/') && !piece.is_empty() && !piece.contains(char::is_whitespace));
        if !is_piece {
            break;
        }
        path.push_str(piece);
        index += 1;
    }
    (path.starts_with('/') && path.len() > 1).then_some((method, path, index))
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Auth,
    Params(ParamLocation),
    Body,
    Response,
}

fn section_of(line: &str) -> Option<Section> {
    Some(match line {
        "Authorizations" => Section::Auth,
        "Headers" => Section::Params(ParamLocation::Header),
        "Path Parameters" => Section::Params(ParamLocation::Path),
        "Query Parameters" => Section::Params(ParamLocation::Query),
        "Cookies" => Section::Params(ParamLocation::Cookie),
        "Body" => Section::Body,
        "Response" => Section::Response,
        _ => return None,
    })
}

/// A type line: `string`, `string<uuid>`, `enum<string>[]`, `object[]`, `string | null`.
fn type_line(line: &str) -> Option<Shape> {
    static TYPE: OnceLock<Option<Regex>> = OnceLock::new();
    let re = TYPE
        .get_or_init(|| {
            Regex::new(
                r"^(enum<\w+>|string|number|integer|boolean|object|array|file|any)(<([\w-]+)>)?((\[\])*)(\s*\|\s*null)?$",
            )
            .ok()
        })
        .as_ref()?;
    let captures = re.captures(line.trim())?;
    let base = captures.get(1)?.as_str();
    let mut inner = Shape::of(match base {
        "string" | "file" => Ty::String,
        "number" => Ty::Number,
        "integer" => Ty::Integer,
        "boolean" => Ty::Boolean,
        "object" => Ty::Object,
        "array" => Ty::Array,
        "any" => Ty::Unknown,
        enumerated => match enumerated.trim_start_matches("enum<").trim_end_matches('>') {
            "string" => Ty::String,
            "integer" => Ty::Integer,
            "number" => Ty::Number,
            _ => Ty::Enum,
        },
    });
    inner.format = captures.get(3).map(|m| m.as_str().to_string());
    let depth = captures.get(4).map_or(0, |m| m.as_str().len() / 2);
    let mut shape = inner;
    for _ in 0..depth {
        shape = Shape::array_of(shape);
    }
    shape.nullable = captures.get(6).is_some();
    Some(shape)
}

fn name_line(line: &str) -> bool {
    static NAME: OnceLock<Option<Regex>> = OnceLock::new();
    NAME.get_or_init(|| Regex::new(r"^[A-Za-z_$@][\w.\[\]$@-]*$").ok())
        .as_ref()
        .is_some_and(|re| re.is_match(line.trim()))
}

fn constraint_line(line: &str) -> bool {
    [
        "Required range:",
        "Minimum ",
        "Maximum ",
        "Required string length:",
        "Pattern:",
    ]
    .iter()
    .any(|p| line.starts_with(p))
        || line.starts_with("Example:")
}

/// A parameter or field block.
#[derive(Debug)]
struct Block {
    name: Option<String>,
    shape: Shape,
    location: Option<ParamLocation>,
    required: bool,
    /// A constraint or the list of options was seen: prose after it starts a nameless block.
    after_constraints: bool,
}

impl Block {
    fn enum_target(&mut self) -> &mut Shape {
        self.shape.innermost_mut()
    }
}

/// Parses a Mintlify reference page.
pub(crate) fn parse(text: &str) -> Result<Page, String> {
    let lines = lines_of(text);
    let (method, header_path, after_header) =
        header(&lines).ok_or("no method and path at the top of the page")?;
    let path = curl_path(&lines).unwrap_or(header_path);

    let mut example_response: Option<Value> = None;
    let mut sections: Vec<(Section, Vec<Block>)> = Vec::new();
    let mut response_status = Status::Success;
    let mut notes = Vec::new();
    let mut index = after_header;
    let mut options_for: Option<usize> = None;
    while let Some(line) = lines.get(index) {
        let trimmed = line.trim();
        if let Some(section) = section_of(trimmed) {
            sections.push((section, Vec::new()));
            options_for = None;
            index += 1;
            continue;
        }
        if sections.is_empty() {
            if example_response.is_none() && trimmed.starts_with('{') {
                if let Some((value, next)) = example::take_json(&lines, index) {
                    example_response = Some(value);
                    index = next;
                    continue;
                }
                notes.push("the example response is not valid JSON; ignored".to_string());
            }
            index += 1;
            continue;
        }
        let Some((section, blocks)) = sections.last_mut() else {
            index += 1;
            continue;
        };
        index += 1;
        if trimmed.is_empty() {
            options_for = None;
            continue;
        }
        if let Some(shape) = lines.get(index).and_then(|next| type_line(next)) {
            if name_line(trimmed) {
                index += 1;
                blocks.push(Block {
                    name: Some(trimmed.to_string()),
                    shape,
                    location: None,
                    required: false,
                    after_constraints: false,
                });
                options_for = None;
                // Attribute lines directly under the type line.
                while let Some(attribute) = lines.get(index).map(|l| l.trim()) {
                    let Some(block) = blocks.last_mut() else {
                        break;
                    };
                    if attribute == "required" {
                        block.required = true;
                    } else if let Some(location) = ParamLocation::parse(attribute) {
                        block.location = Some(location);
                    } else if !attribute.starts_with("default:") {
                        break;
                    }
                    index += 1;
                }
                continue;
            }
        }
        if *section == Section::Response && blocks.is_empty() {
            if let Some(code) = trimmed
                .split_whitespace()
                .next()
                .and_then(|w| w.parse::<u16>().ok())
            {
                response_status = Status::Code(code);
            }
            continue;
        }
        if trimmed == "Available options:" {
            options_for = blocks.len().checked_sub(1);
            if let Some(block) = blocks.last_mut() {
                block.after_constraints = true;
            }
            continue;
        }
        if let Some(block) = options_for.and_then(|i| blocks.get_mut(i)) {
            let value = trimmed.trim_end_matches(',').trim().to_string();
            if !value.is_empty() {
                block.enum_target().enum_values.push(value);
            }
            continue;
        }
        if constraint_line(trimmed) {
            if let Some(block) = blocks.last_mut() {
                block.after_constraints = true;
            }
            continue;
        }
        // Prose is a block's description, unless it follows the block's constraints: then it
        // belongs to a parameter whose name line was lost.
        let lost_name = blocks.last().is_some_and(|b| b.after_constraints);
        if lost_name && matches!(section, Section::Params(_) | Section::Body) {
            blocks.push(Block {
                name: None,
                shape: Shape::of(Ty::Unknown),
                location: None,
                required: false,
                after_constraints: false,
            });
        }
    }
    if sections.is_empty() {
        return Err("no parameter or response sections found".to_string());
    }

    let mut op = Operation {
        method,
        path,
        ..Operation::default()
    };
    let mut auth_headers = Vec::new();
    let mut response_shape: Option<Shape> = None;
    for (section, blocks) in sections {
        match section {
            Section::Auth => auth_headers.extend(blocks.into_iter().filter_map(|b| b.name)),
            Section::Params(location) => {
                for block in blocks {
                    let location = block.location.unwrap_or(location);
                    op.params.push(Param {
                        name: block.name,
                        location,
                        required: block.required || location == ParamLocation::Path,
                        shape: block.shape,
                    });
                }
            }
            Section::Body => {
                op.request = Some(RequestBody {
                    required: None,
                    shape: object_of(blocks),
                })
            }
            Section::Response => response_shape = Some(object_of(blocks)),
        }
    }
    if let Some(value) = example_response {
        let shown = example::shape_of(&value);
        response_shape = Some(match response_shape {
            Some(documented) => example::merge(documented, shown),
            None => shown,
        });
    }
    op.responses.push(Response {
        status: response_status,
        shape: response_shape,
    });
    Ok(Page {
        format: PageFormat::Mintlify,
        base_path: String::new(),
        operations: vec![op],
        auth_headers,
        schemas: Vec::new(),
        notes,
    })
}

fn object_of(blocks: Vec<Block>) -> Shape {
    let mut shape = Shape::of(Ty::Object);
    shape.properties = blocks
        .into_iter()
        .filter_map(|block| {
            Some(Property {
                name: block.name?,
                required: Some(block.required),
                shape: block.shape,
            })
        })
        .collect();
    shape
}

/// The path of the URL in the curl sample (`--url https://host/v1/x`).
fn curl_path(lines: &[&str]) -> Option<String> {
    lines.iter().take(40).find_map(|line| {
        let rest = line.trim().strip_prefix("--url ")?;
        let url = rest.split_whitespace().next()?;
        let after_scheme = url.split_once("://")?.1;
        let slash = after_scheme.find('/')?;
        let path = after_scheme.get(slash..)?;
        Some(path.split('?').next().unwrap_or(path).to_string())
    })
}
