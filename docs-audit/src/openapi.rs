//! The one OpenAPI walker of the workspace's tools, for our specs and the vendors' published
//! documents alike (and both sides of a spec diff): a document read as plain JSON data, its
//! operations with full paths, parameters, request bodies, responses, `$ref`s to its own
//! components followed, and the headers its authentication sends.

use std::path::Path;

use serde_json::Value;
use spec_model::Method;

use crate::json_schema::{deviation_of, Resolve};
use crate::page::ParamLocation;

/// An OpenAPI document (a spec, or a vendor's published document), read as JSON data.
#[derive(Debug, Clone)]
pub struct Document {
    root: Value,
}

/// One operation of a document.
#[derive(Debug, Clone)]
pub struct DocOperation<'a> {
    /// Upper-case HTTP method.
    pub method: String,
    /// The key under `paths`.
    pub path: &'a str,
    /// Normalised paths this operation answers to (with and without each server's base path).
    pub keys: Vec<String>,
    /// `operationId`, when set.
    pub id: Option<&'a str>,
    /// The operation object.
    pub op: &'a Value,
    /// The path item holding it (its `parameters` apply to the operation too).
    pub item: &'a Value,
}

impl<'a> DocOperation<'a> {
    /// The operation's `x-doc-deviation` reason (accepts its missing parameters, statuses and
    /// request body).
    pub fn deviation(&self) -> Option<&'a str> {
        deviation_of(self.op)
    }

    /// `METHOD /path (operationId)`.
    pub fn label(&self) -> String {
        match self.id {
            Some(id) => format!("{} {} ({id})", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }
}

/// A parameter of an operation.
#[derive(Debug, Clone)]
pub struct DocParam<'a> {
    /// Its name.
    pub name: &'a str,
    /// Where it goes; `None` for an `in` value we do not know.
    pub location: Option<ParamLocation>,
    /// `required` as written (path parameters are required whatever it says).
    pub required: bool,
    /// Its schema (of its first media type when it has `content` instead).
    pub schema: Option<&'a Value>,
    /// Its `x-doc-deviation` reason.
    pub deviation: Option<&'a str>,
    /// The parameter object, `$ref` followed.
    pub raw: &'a Value,
}

/// The request body of an operation.
#[derive(Debug, Clone)]
pub struct DocBody<'a> {
    /// `required`.
    pub required: bool,
    /// The JSON schema, when the body has JSON content.
    pub schema: Option<&'a Value>,
    /// Its `x-doc-deviation` reason.
    pub deviation: Option<&'a str>,
    /// The request body object, `$ref` followed.
    pub raw: &'a Value,
}

/// One response of an operation.
#[derive(Debug, Clone)]
pub struct DocResponse<'a> {
    /// The key under `responses`, normalised: `200`, `4XX`, `default`.
    pub key: String,
    /// The JSON schema, when the response has JSON content.
    pub schema: Option<&'a Value>,
    /// Its `x-doc-deviation` reason.
    pub deviation: Option<&'a str>,
    /// The response object, `$ref` followed.
    pub raw: &'a Value,
}

/// What a text is, as far as OpenAPI documents go.
#[derive(Debug)]
pub enum Recognised {
    /// Not an OpenAPI document: another format may read it.
    No,
    /// An OpenAPI 3.x document, parsed.
    Document(Document),
    /// It says it is an OpenAPI (or Swagger) document but cannot be read as OpenAPI 3.
    Unreadable(String),
}

/// Recognises an OpenAPI document from its content: a top-level `openapi` key (or `swagger`, to
/// refuse it clearly), in JSON or YAML. Any 3.x version is accepted here; callers that read only
/// some check [`Document::version`].
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
        Err(error) => return Recognised::Unreadable(located(error)),
    };
    match value.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.") => {
            Recognised::Document(Document { root: value })
        }
        Some(other) => Recognised::Unreadable(format!(
            "expected OpenAPI 3.0.x or 3.1.x, found `openapi: {}`",
            other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_string)
        )),
        None if value.get("swagger").is_some() => Recognised::Unreadable(
            "Swagger (OpenAPI 2.0) documents are not read; expected OpenAPI 3".to_string(),
        ),
        None => Recognised::Unreadable("no top-level `openapi` version".to_string()),
    }
}

fn located(error: spec_model::SpecError) -> String {
    match error.line {
        Some(line) => format!("line {line}: {}", error.message),
        None => error.message,
    }
}

impl Document {
    /// Parses one of our specs (YAML). The text must deserialize as an OpenAPI 3.0 document.
    pub fn parse_spec(text: &str, name: &str) -> Result<Self, String> {
        let (_, root) = spec_model::parse_openapi(Path::new(name), text).map_err(located)?;
        Ok(Document { root })
    }

    /// Reads any OpenAPI 3.0 or 3.1 document, JSON or YAML (a spec or a vendor's document).
    pub fn parse(text: &str, name: &str) -> Result<Self, String> {
        match recognise(text, name) {
            Recognised::Document(document) => Ok(document),
            Recognised::Unreadable(message) => Err(message),
            Recognised::No => Err("not an OpenAPI document (no top-level `openapi`)".to_string()),
        }
    }

    /// The document as JSON data.
    pub fn root(&self) -> &Value {
        &self.root
    }

    /// The `openapi` version string (`3.0.3`), or empty.
    pub fn version(&self) -> &str {
        self.root
            .get("openapi")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Base paths of the declared servers (`/api/v2` for `https://circleci.com/api/v2`).
    pub fn server_bases(&self) -> Vec<String> {
        let mut bases: Vec<String> = self
            .root
            .get("servers")
            .and_then(Value::as_array)
            .map(|servers| {
                servers
                    .iter()
                    .filter_map(|s| s.get("url").and_then(Value::as_str))
                    .map(url_path)
                    .collect()
            })
            .unwrap_or_default();
        bases.sort();
        bases.dedup();
        bases
    }

    /// The base path of the first server (what the document's own pages show), or empty.
    pub fn first_base(&self) -> String {
        self.root
            .pointer("/servers/0/url")
            .and_then(Value::as_str)
            .map(url_path)
            .unwrap_or_default()
    }

    /// Every operation, in document order (path keys that do not start with `/`, and method
    /// entries that are not objects, are not operations).
    pub fn operations(&self) -> Vec<DocOperation<'_>> {
        let bases = self.server_bases();
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for (path, item) in paths.iter().filter(|(path, _)| path.starts_with('/')) {
            let item = self.resolve(item);
            for method in Method::ALL {
                let Some(op) = item.get(method.key()).filter(|op| op.is_object()) else {
                    continue;
                };
                let mut keys = vec![normalise_path(path)];
                for base in &bases {
                    keys.push(normalise_path(&format!("{base}{path}")));
                }
                keys.dedup();
                out.push(DocOperation {
                    method: method.upper().to_string(),
                    path,
                    keys,
                    id: op.get("operationId").and_then(Value::as_str),
                    op,
                    item,
                });
            }
        }
        out
    }

    /// Follows `$ref` chains (up to a limit); returns the value itself when it is not a reference
    /// or the reference leads nowhere.
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        let mut current = value;
        for _ in 0..16 {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => match self.lookup(reference) {
                    Some(target) => current = target,
                    None => return current,
                },
                None => return current,
            }
        }
        current
    }

    /// The operation's parameters with a name: its own, then the path item's that it does not
    /// override.
    pub fn params<'a>(&'a self, op: &DocOperation<'a>) -> Vec<DocParam<'a>> {
        let mut out: Vec<DocParam<'a>> = Vec::new();
        for param in self.raw_params(op) {
            let Some(name) = param.get("name").and_then(Value::as_str) else {
                continue;
            };
            let location = param
                .get("in")
                .and_then(Value::as_str)
                .and_then(ParamLocation::parse);
            if out.iter().any(|p| p.name == name && p.location == location) {
                continue;
            }
            out.push(DocParam {
                name,
                location,
                required: location == Some(ParamLocation::Path)
                    || param.get("required") == Some(&Value::Bool(true)),
                schema: param.get("schema").or_else(|| json_schema_of(param)),
                deviation: deviation_of(param),
                raw: param,
            });
        }
        out
    }

    /// How many of the operation's parameters have no name (and so are not in
    /// [`Document::params`]).
    pub fn unnamed_params(&self, op: &DocOperation<'_>) -> usize {
        self.raw_params(op)
            .filter(|p| p.get("name").and_then(Value::as_str).is_none())
            .count()
    }

    fn raw_params<'a>(&'a self, op: &DocOperation<'a>) -> impl Iterator<Item = &'a Value> + 'a {
        parameters_of(op.op)
            .iter()
            .chain(parameters_of(op.item))
            .map(|raw| self.resolve(raw))
    }

    /// The operation's request body.
    pub fn request_body<'a>(&'a self, op: &DocOperation<'a>) -> Option<DocBody<'a>> {
        let body = self.resolve(op.op.get("requestBody")?);
        Some(DocBody {
            required: body.get("required") == Some(&Value::Bool(true)),
            schema: json_schema_of(body),
            deviation: deviation_of(body),
            raw: body,
        })
    }

    /// The operation's responses, in document order.
    pub fn responses<'a>(&'a self, op: &DocOperation<'a>) -> Vec<DocResponse<'a>> {
        let Some(responses) = op.op.get("responses").and_then(Value::as_object) else {
            return Vec::new();
        };
        responses
            .iter()
            .filter(|(key, _)| !key.starts_with("x-"))
            .map(|(key, response)| {
                let response = self.resolve(response);
                DocResponse {
                    key: key.to_ascii_uppercase().replace("DEFAULT", "default"),
                    schema: json_schema_of(response),
                    deviation: deviation_of(response),
                    raw: response,
                }
            })
            .collect()
    }

    /// The headers a client sends on every request: those of the security schemes in the first
    /// alternative of the top-level `security` requirement (a client meets one alternative; our
    /// specs have exactly one, and the generated clients send all of its schemes).
    /// `Authorization` for HTTP, OAuth 2 and OpenID Connect schemes; the named header for API
    /// keys in a header; nothing for keys in the query or a cookie.
    pub fn auth_headers(&self) -> Vec<String> {
        let Some(first) = self.root.pointer("/security/0").and_then(Value::as_object) else {
            return Vec::new();
        };
        let mut headers: Vec<String> = Vec::new();
        for name in first.keys() {
            let pointer = format!("/components/securitySchemes/{}", escape(name));
            let Some(scheme) = self.root.pointer(&pointer).map(|s| self.resolve(s)) else {
                continue;
            };
            let header = match scheme.get("type").and_then(Value::as_str) {
                Some("http" | "oauth2" | "openIdConnect") => Some("Authorization"),
                Some("apiKey") if scheme.get("in").and_then(Value::as_str) == Some("header") => {
                    scheme.get("name").and_then(Value::as_str)
                }
                _ => None,
            };
            if let Some(header) = header {
                if !headers.iter().any(|h| h.eq_ignore_ascii_case(header)) {
                    headers.push(header.to_string());
                }
            }
        }
        headers
    }

    /// The component schema called `name`.
    pub fn component_schema(&self, name: &str) -> Option<&Value> {
        self.root.get("components")?.get("schemas")?.get(name)
    }
}

impl Resolve for Document {
    fn lookup(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }
}

fn parameters_of(holder: &Value) -> &[Value] {
    holder
        .get("parameters")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice)
}

/// A JSON pointer segment for `name`.
pub fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The schema of a body or response: of its JSON media type, else of its first one.
pub fn json_schema_of(holder: &Value) -> Option<&Value> {
    let content = holder.get("content")?.as_object()?;
    content
        .iter()
        .find(|(media, _)| media.contains("json"))
        .or_else(|| content.iter().next())
        .and_then(|(_, media)| media.get("schema"))
}

/// The path part of a server URL: `https://api.{site}` -> ``, `https://circleci.com/api/v2` ->
/// `/api/v2`, `/v1` -> `/v1`.
pub fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = if url.contains("://") {
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    } else {
        after_scheme
    };
    path.trim_end_matches('/').to_string()
}

/// A path for matching: parameter names dropped (`{}`), no trailing slash.
pub fn normalise_path(path: &str) -> String {
    let mut out = String::new();
    let mut in_braces = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push_str("{}");
            }
            '}' => in_braces = false,
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    while out.contains("//") {
        out = out.replace("//", "/");
    }
    if out.len() > 1 {
        out = out.trim_end_matches('/').to_string();
    }
    out
}

/// The names of a path's parameters, in order: `/a/{x}/b/{y}` -> `["x", "y"]`.
pub fn path_param_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}
