//! A vendor's published OpenAPI 3.0 document (JSON or YAML) read as a [`Page`]: its operations,
//! parameters (with their limits and defaults), request bodies and responses, `$ref`s to its own
//! components followed, so that the same comparison serves pages and documents.

use std::path::Path;

use serde_json::Value;
use spec_model::Method;

use crate::json_schema::{self, Resolve};
use crate::openapi::{json_schema_of, url_path};
use crate::page::{
    Operation, Page, PageFormat, Param, ParamLocation, RequestBody, Response, Shape, Status, Ty,
};

/// What a text is, as far as OpenAPI documents go.
#[derive(Debug)]
pub enum Recognised {
    /// Not an OpenAPI document: another format may read it.
    No,
    /// An OpenAPI 3.0 document, parsed.
    Document(Value),
    /// It says it is an OpenAPI (or Swagger) document but cannot be read as OpenAPI 3.0.
    Unreadable(String),
}

/// Recognises an OpenAPI document from its content: a top-level `openapi` key (or `swagger`, to
/// refuse it clearly), in JSON or YAML.
pub fn recognise(text: &str, name: &str) -> Recognised {
    let json = text.trim_start().starts_with('{');
    let declares = |key: &str| {
        if json {
            text.contains(&format!("\"{key}\""))
        } else {
            text.lines().any(|line| {
                line.strip_prefix(key)
                    .or_else(|| line.strip_prefix(&format!("\"{key}\"")))
                    .is_some_and(|rest| rest.trim_start().starts_with(':'))
            })
        }
    };
    if !declares("openapi") && !declares("swagger") {
        return Recognised::No;
    }
    let value = match spec_model::parse_value(Path::new(name), text) {
        Ok(value) => value,
        Err(error) => {
            return Recognised::Unreadable(match error.line {
                Some(line) => format!("line {line}: {}", error.message),
                None => error.message,
            })
        }
    };
    match value.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0") => Recognised::Document(value),
        Some(other) => Recognised::Unreadable(format!(
            "expected OpenAPI 3.0.x, found `openapi: {}`",
            other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string)
        )),
        None if value.get("swagger").is_some() => Recognised::Unreadable(
            "Swagger (OpenAPI 2.0) documents are not read; expected OpenAPI 3.0.x".to_string(),
        ),
        None => Recognised::Unreadable("no top-level `openapi` version".to_string()),
    }
}

/// The document's operations as a page.
pub fn parse(document: &Value) -> Result<Page, String> {
    let doc = Doc { root: document };
    let paths = document
        .get("paths")
        .and_then(Value::as_object)
        .ok_or("no `paths` object")?;
    let mut page = Page {
        format: PageFormat::OpenApi,
        base_path: document
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .map(url_path)
            .unwrap_or_default(),
        operations: Vec::new(),
        auth_headers: doc.auth_headers(),
        schemas: Vec::new(),
        notes: Vec::new(),
    };
    for (path, item) in paths.iter().filter(|(path, _)| path.starts_with('/')) {
        let item = doc.resolve(item);
        for method in Method::ALL {
            let Some(op) = item.get(method.key()).filter(|op| op.is_object()) else {
                continue;
            };
            let mut operation = Operation {
                method: method.upper().to_string(),
                path: path.clone(),
                ..Operation::default()
            };
            let label = operation.label(&page.base_path);
            operation.params = doc.params(op, item, &label, &mut page.notes);
            operation.request = doc.request(op);
            operation.responses = doc.responses(op, &label, &mut page.notes);
            page.operations.push(operation);
        }
    }
    Ok(page)
}

/// The document, as a resolver of its own `#/...` references.
struct Doc<'a> {
    root: &'a Value,
}

impl Resolve for Doc<'_> {
    fn lookup(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }
}

impl<'a> Doc<'a> {
    /// Follows a chain of `$ref`s (to a limit); the value itself when it is not a reference or
    /// the reference leads nowhere.
    fn resolve(&self, value: &'a Value) -> &'a Value {
        let mut current = value;
        for _ in 0..16 {
            let Some(target) = current
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|reference| reference.strip_prefix('#'))
                .and_then(|pointer| self.root.pointer(pointer))
            else {
                break;
            };
            current = target;
        }
        current
    }

    fn shape(&self, schema: Option<&Value>) -> Shape {
        schema.map_or_else(
            || Shape::of(Ty::Unknown),
            |schema| json_schema::to_shape(schema, self),
        )
    }

    /// The operation's parameters, then the path item's that it does not override.
    fn params(
        &self,
        op: &'a Value,
        item: &'a Value,
        label: &str,
        notes: &mut Vec<String>,
    ) -> Vec<Param> {
        let mut out: Vec<Param> = Vec::new();
        for raw in parameters_of(op).iter().chain(parameters_of(item)) {
            let param = self.resolve(raw);
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                notes.push(format!("{label}: a parameter without a name; not compared"));
                continue;
            };
            let Some(location) = param
                .get("in")
                .and_then(Value::as_str)
                .and_then(ParamLocation::parse)
            else {
                notes.push(format!(
                    "{label}: parameter `{name}` has no known `in`; not compared"
                ));
                continue;
            };
            if out
                .iter()
                .any(|p| p.name.as_deref() == Some(name) && p.location == location)
            {
                continue;
            }
            let schema = param.get("schema").or_else(|| json_schema_of(param));
            let mut shape = self.shape(schema);
            shape.constraints = Some(
                schema
                    .map(|schema| json_schema::view(schema, self).constraints)
                    .unwrap_or_default(),
            );
            out.push(Param {
                name: Some(name.to_string()),
                location,
                required: location == ParamLocation::Path
                    || param.get("required") == Some(&Value::Bool(true)),
                shape,
            });
        }
        out
    }

    fn request(&self, op: &Value) -> Option<RequestBody> {
        let body = self.resolve(op.get("requestBody")?);
        Some(RequestBody {
            required: Some(body.get("required") == Some(&Value::Bool(true))),
            shape: self.shape(json_schema_of(body)),
        })
    }

    fn responses(&self, op: &Value, label: &str, notes: &mut Vec<String>) -> Vec<Response> {
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, response) in responses.iter().filter(|(key, _)| !key.starts_with("x-")) {
            let Some(status) = status_of(key) else {
                notes.push(format!(
                    "{label}: response `{key}` is not a status; not compared"
                ));
                continue;
            };
            let response = self.resolve(response);
            out.push(Response {
                status,
                shape: json_schema_of(response).map(|schema| self.shape(Some(schema))),
            });
        }
        out
    }

    /// Headers sent by the first alternative of the top-level `security` requirement.
    fn auth_headers(&self) -> Vec<String> {
        let Some(first) = self.root.pointer("/security/0").and_then(Value::as_object) else {
            return Vec::new();
        };
        first
            .keys()
            .filter_map(|scheme| {
                let pointer = format!("/components/securitySchemes/{}", escape(scheme));
                let scheme = self.resolve(self.root.pointer(&pointer)?);
                match scheme.get("type").and_then(Value::as_str)? {
                    "http" | "oauth2" | "openIdConnect" => Some("Authorization".to_string()),
                    "apiKey" if scheme.get("in").and_then(Value::as_str) == Some("header") => {
                        scheme
                            .get("name")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                    }
                    _ => None,
                }
            })
            .collect()
    }
}

fn parameters_of(holder: &Value) -> &[Value] {
    holder
        .get("parameters")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// A JSON pointer segment for `name`.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// `200` -> a code, `4XX` -> a range, `default` -> the default response.
fn status_of(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    match key.as_bytes() {
        [class @ b'1'..=b'5', x, y]
            if x.eq_ignore_ascii_case(&b'x') && y.eq_ignore_ascii_case(&b'x') =>
        {
            Some(Status::Range(u16::from(class - b'0')))
        }
        _ => key
            .parse::<u16>()
            .ok()
            .filter(|code| (100..600).contains(code))
            .map(Status::Code),
    }
}
