//! The spec being audited, read as plain JSON data (after checking it is an OpenAPI document):
//! its operations with full paths, parameters, request bodies, responses and auth headers.

use std::path::Path;

use serde_json::Value;
use spec_model::Method;

use crate::json_schema::{deviation_of, Resolve};
use crate::page::ParamLocation;

/// A parsed spec.
#[derive(Debug, Clone)]
pub struct SpecDoc {
    root: Value,
}

/// One operation of the spec.
#[derive(Debug, Clone)]
pub struct SpecOp<'a> {
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
    /// Parameters declared on the path item.
    pub shared_params: &'a [Value],
}

impl<'a> SpecOp<'a> {
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

/// A parameter of a spec operation.
#[derive(Debug, Clone)]
pub struct SpecParam<'a> {
    /// Its name.
    pub name: &'a str,
    /// Where it goes; `None` for an `in` value we do not know.
    pub location: Option<ParamLocation>,
    /// `required`.
    pub required: bool,
    /// Its schema.
    pub schema: Option<&'a Value>,
    /// Its `x-doc-deviation` reason.
    pub deviation: Option<&'a str>,
}

/// The request body of a spec operation.
#[derive(Debug, Clone)]
pub struct SpecBody<'a> {
    /// `required`.
    pub required: bool,
    /// The JSON schema, when the body has JSON content.
    pub schema: Option<&'a Value>,
    /// Its `x-doc-deviation` reason.
    pub deviation: Option<&'a str>,
}

/// One response of a spec operation.
#[derive(Debug, Clone)]
pub struct SpecResponse<'a> {
    /// The key under `responses`: `200`, `4XX`, `default`.
    pub key: String,
    /// The JSON schema, when the response has JSON content.
    pub schema: Option<&'a Value>,
    /// Its `x-doc-deviation` reason.
    pub deviation: Option<&'a str>,
}

impl SpecDoc {
    /// Parses spec YAML. The text must deserialize as an OpenAPI 3.0 document.
    pub fn parse(text: &str, name: &str) -> Result<Self, String> {
        let (_, root) =
            spec_model::parse_openapi(Path::new(name), text).map_err(|e| match e.line {
                Some(line) => format!("line {line}: {}", e.message),
                None => e.message,
            })?;
        Ok(SpecDoc { root })
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

    /// Every operation, in document order.
    pub fn operations(&self) -> Vec<SpecOp<'_>> {
        let bases = self.server_bases();
        let mut out = Vec::new();
        let Some(paths) = self.root.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for (path, item) in paths {
            let item = self.resolve(item);
            let shared_params = item
                .get("parameters")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            for method in Method::ALL {
                let Some(op) = item.get(method.key()) else {
                    continue;
                };
                let mut keys = vec![normalise_path(path)];
                for base in &bases {
                    keys.push(normalise_path(&format!("{base}{path}")));
                }
                keys.dedup();
                out.push(SpecOp {
                    method: method.upper().to_string(),
                    path,
                    keys,
                    id: op.get("operationId").and_then(Value::as_str),
                    op,
                    shared_params,
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

    /// The operation's parameters: its own, plus the path item's that it does not override.
    pub fn params<'a>(&'a self, op: &SpecOp<'a>) -> Vec<SpecParam<'a>> {
        let own = op
            .op
            .get("parameters")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        let mut out: Vec<SpecParam<'a>> = Vec::new();
        for raw in own.iter().chain(op.shared_params) {
            let param = self.resolve(raw);
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
            let schema = param.get("schema").or_else(|| {
                param
                    .get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.values().next())
                    .and_then(|m| m.get("schema"))
            });
            out.push(SpecParam {
                name,
                location,
                required: param.get("required") == Some(&Value::Bool(true)),
                schema,
                deviation: deviation_of(param),
            });
        }
        out
    }

    /// The operation's request body.
    pub fn request_body<'a>(&'a self, op: &SpecOp<'a>) -> Option<SpecBody<'a>> {
        let body = self.resolve(op.op.get("requestBody")?);
        Some(SpecBody {
            required: body.get("required") == Some(&Value::Bool(true)),
            schema: json_schema_of(body),
            deviation: deviation_of(body),
        })
    }

    /// The operation's responses, in document order.
    pub fn responses<'a>(&'a self, op: &SpecOp<'a>) -> Vec<SpecResponse<'a>> {
        let Some(responses) = op.op.get("responses").and_then(Value::as_object) else {
            return Vec::new();
        };
        responses
            .iter()
            .filter(|(key, _)| !key.starts_with("x-"))
            .map(|(key, response)| {
                let response = self.resolve(response);
                SpecResponse {
                    key: key.to_ascii_uppercase().replace("DEFAULT", "default"),
                    schema: json_schema_of(response),
                    deviation: deviation_of(response),
                }
            })
            .collect()
    }

    /// Header names the security schemes send (`Authorization` for HTTP auth).
    pub fn auth_headers(&self) -> Vec<String> {
        let Some(schemes) = self
            .root
            .pointer("/components/securitySchemes")
            .and_then(Value::as_object)
        else {
            return Vec::new();
        };
        schemes
            .values()
            .map(|s| self.resolve(s))
            .filter_map(|s| match s.get("type").and_then(Value::as_str) {
                Some("http") | Some("oauth2") | Some("openIdConnect") => {
                    Some("Authorization".to_string())
                }
                Some("apiKey") if s.get("in").and_then(Value::as_str) == Some("header") => {
                    s.get("name").and_then(Value::as_str).map(str::to_string)
                }
                _ => None,
            })
            .collect()
    }

    /// The component schema called `name`.
    pub fn component_schema(&self, name: &str) -> Option<&Value> {
        self.root.get("components")?.get("schemas")?.get(name)
    }
}

impl Resolve for SpecDoc {
    fn lookup(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }
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
