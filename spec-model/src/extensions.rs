//! Our `x-` extensions (documented in `specs/README.md`), parsed and validated into plain data:
//! auth schemes with their environment variables, the server template, retry safety, pagination.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, SecurityScheme};
use serde_json::Value;

use crate::load::Node;
use crate::locate::{describe_path, keys};
use crate::operations::operations;
use crate::schema_path::{self, FieldPath};
use crate::{Locator, SpecError};

/// Everything vendor-specific that the generator turns into code besides what progenitor emits.
#[derive(Debug, Clone)]
pub struct Extensions {
    /// Credentials sent on every request, in the order of the top-level `security` requirement.
    pub auth: Vec<AuthScheme>,
    /// Where the API lives.
    pub server: Server,
    /// Per-operation settings, by operation id.
    pub operations: BTreeMap<String, OperationExt>,
    /// Other wire names of component properties (`x-aliases`), accepted when decoding.
    pub aliases: Vec<Aliases>,
    /// `x-property-spellings` at the document's root: the rule for every object.
    pub spellings: Option<Spellings>,
    /// `x-property-spellings` on component schemas, by schema name (over the root's rule).
    pub schema_spellings: BTreeMap<String, Spellings>,
}

/// `x-property-spellings`: property names documented in kebab-case also arrive in snake_case,
/// and the reverse; every such property decodes under both spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spellings {
    /// The spelling sent when serialising.
    pub send: SendSpelling,
}

/// Which spelling of a property name is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendSpelling {
    /// The name as documented (the default).
    Documented,
    /// kebab-case (`vcs-type`).
    KebabCase,
    /// snake_case (`vcs_type`).
    SnakeCase,
}

/// The key of the spelling rule.
pub const PROPERTY_SPELLINGS: &str = "x-property-spellings";

/// The key that marks a path parameter whose value is sent with its slashes raw.
pub const RAW_SLASHES: &str = "x-raw-slashes";

/// `x-aliases` on a property of a component schema: other names the property may arrive under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Aliases {
    /// The component schema's name.
    pub schema: String,
    /// The property's name in the spec (the name sent when serialising).
    pub property: String,
    /// The other names accepted when decoding.
    pub names: Vec<String>,
}

/// `x-long-poll` on an operation: a status that means "not finished yet, ask again".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LongPoll {
    /// The status the server answers while the result is still pending (Checkly's `408`).
    pub pending_status: u16,
}

/// One credential.
#[derive(Debug, Clone)]
pub struct AuthScheme {
    /// The scheme's key under `components.securitySchemes`.
    pub name: String,
    /// How it is sent.
    pub kind: AuthKind,
    /// The environment variable read by `from_env()`.
    pub env: String,
    /// `x-name`: what the vendor calls the secret, in snake_case (`api_key`, `token`); the
    /// generated credentials field. Without it the field is named after the scheme's key.
    pub field: Option<String>,
    /// The scheme's description, for docs.
    pub description: Option<String>,
}

/// How a credential is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthKind {
    /// A raw header value.
    Header(String),
    /// `Authorization: Bearer <secret>`.
    Bearer,
}

/// The API's base URL, possibly with one enumerated variable (a site).
#[derive(Debug, Clone)]
pub struct Server {
    /// The URL with `{variable}` placeholders.
    pub url: String,
    /// The enumerated variable, when there is one.
    pub variable: Option<ServerVariable>,
}

/// An enumerated server variable such as Datadog's site.
#[derive(Debug, Clone)]
pub struct ServerVariable {
    /// Placeholder name in the URL.
    pub name: String,
    /// Default value.
    pub default: String,
    /// Allowed values.
    pub values: Vec<String>,
    /// Environment variable selecting a value.
    pub env: Option<String>,
    /// Description, for docs.
    pub description: Option<String>,
}

/// Per-operation extension data.
#[derive(Debug, Clone, Default)]
pub struct OperationExt {
    /// `x-retry-safe`, when given.
    pub retry_safe: Option<bool>,
    /// `x-pagination`, when given.
    pub pagination: Option<Pagination>,
    /// `x-long-poll`, when given.
    pub long_poll: Option<LongPoll>,
    /// Path parameters (wire names) marked `x-raw-slashes: true`: their slashes are sent raw.
    pub raw_slashes: Vec<String>,
}

/// How to walk the pages of a list operation.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The array of items in the success body.
    pub items: FieldPath,
    /// Cursor or page-number style.
    pub style: PaginationStyle,
}

/// The two pagination styles our vendors use.
#[derive(Debug, Clone)]
pub enum PaginationStyle {
    /// An opaque cursor from the response, sent back in a query parameter or the body.
    Cursor {
        /// Where the cursor is sent.
        input: CursorInput,
        /// Where the next cursor is read.
        next: FieldPath,
    },
    /// A 1-based page number, up to a total page count read from the response.
    PageNumber {
        /// The page number query parameter.
        param: String,
        /// Where the total page count is read.
        total_pages: FieldPath,
    },
}

/// Where a cursor is sent.
#[derive(Debug, Clone)]
pub enum CursorInput {
    /// A query parameter, by wire name.
    Query(String),
    /// A path in the JSON request body.
    Body(FieldPath),
}

const UNSUPPORTED_SCHEME: &str = "only header API keys and HTTP bearer are supported";

const KNOWN_PAGINATION_KEYS: [&str; 6] = [
    "items",
    "cursor-param",
    "cursor-body",
    "next-cursor",
    "page-param",
    "total-pages",
];

/// Parses and validates our extensions in a spec.
pub fn parse(openapi: &OpenAPI, locator: &Locator) -> Result<Extensions, SpecError> {
    let auth = parse_auth(openapi, locator)?;
    let server = parse_server(openapi, locator)?;
    let mut ops = BTreeMap::new();
    for operation in operations(openapi) {
        let (path, method, op) = (operation.path, operation.method.key(), operation.op);
        let id = op.operation_id.clone().unwrap_or_default();
        let keys = ["paths", path, method];
        let mut ext = OperationExt::default();
        for (key, value) in &op.extensions {
            match key.as_str() {
                "x-retry-safe" => {
                    let Value::Bool(b) = value else {
                        return Err(locator.at(
                            &[&keys[..], &["x-retry-safe"]].concat(),
                            format!("`x-retry-safe` of operation `{id}` must be true or false"),
                        ));
                    };
                    ext.retry_safe = Some(*b);
                }
                "x-pagination" => {
                    let at = [&keys[..], &["x-pagination"]].concat();
                    let fail = |msg: String| {
                        locator.at(&at, format!("`x-pagination` of operation `{id}`: {msg}"))
                    };
                    ext.pagination = Some(parse_pagination(openapi, op, value).map_err(fail)?);
                }
                "x-long-poll" => {
                    let at = [&keys[..], &["x-long-poll"]].concat();
                    let fail = |msg: String| {
                        locator.at(&at, format!("`x-long-poll` of operation `{id}`: {msg}"))
                    };
                    ext.long_poll = Some(parse_long_poll(op, method, value).map_err(fail)?);
                }
                // Other extensions (ours read elsewhere, or the vendor's) are left alone.
                _ => {}
            }
        }
        // Parameters are inline here; where `x-raw-slashes` may appear is checked on the
        // document (`check_raw_slashes`).
        ext.raw_slashes = op
            .parameters
            .iter()
            .filter_map(|p| p.as_item())
            .filter(|p| matches!(p, openapiv3::Parameter::Path { .. }))
            .map(|p| p.parameter_data_ref())
            .filter(|data| data.extensions.get(RAW_SLASHES) == Some(&Value::Bool(true)))
            .map(|data| data.name.clone())
            .collect();
        ops.insert(id, ext);
    }
    Ok(Extensions {
        auth,
        server,
        operations: ops,
        aliases: parse_aliases(openapi, locator)?,
        spellings: match openapi.extensions.get(PROPERTY_SPELLINGS) {
            None => None,
            Some(value) => Some(
                parse_spellings(value)
                    .map_err(|m| locator.at(&[PROPERTY_SPELLINGS], spelling_error(&m)))?,
            ),
        },
        schema_spellings: parse_schema_spellings(openapi, locator)?,
    })
}

fn spelling_error(message: &str) -> String {
    format!("`{PROPERTY_SPELLINGS}`: {message}")
}

/// `{same: [kebab-case, snake_case], send: documented}` (`send` optional).
fn parse_spellings(value: &Value) -> Result<Spellings, String> {
    let Value::Object(map) = value else {
        return Err("must be a mapping with `same: [kebab-case, snake_case]`".into());
    };
    if let Some(key) = map.keys().find(|k| !["same", "send"].contains(&k.as_str())) {
        return Err(format!("unknown key `{key}` (expected same, send)"));
    }
    let mut same: Vec<&str> = map
        .get("same")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    same.sort_unstable();
    if same != ["kebab-case", "snake_case"] {
        return Err("`same` must list `kebab-case` and `snake_case` (the one rule supported)".into());
    }
    let send = match map.get("send").map(|v| v.as_str()) {
        None | Some(Some("documented")) => SendSpelling::Documented,
        Some(Some("kebab-case")) => SendSpelling::KebabCase,
        Some(Some("snake_case")) => SendSpelling::SnakeCase,
        Some(_) => return Err("`send` must be `documented`, `kebab-case` or `snake_case`".into()),
    };
    Ok(Spellings { send })
}

/// The rules of component schemas.
fn parse_schema_spellings(
    openapi: &OpenAPI,
    locator: &Locator,
) -> Result<BTreeMap<String, Spellings>, SpecError> {
    let mut out = BTreeMap::new();
    let Some(components) = &openapi.components else {
        return Ok(out);
    };
    for (name, schema) in &components.schemas {
        let Some(value) = schema
            .as_item()
            .and_then(|s| s.schema_data.extensions.get(PROPERTY_SPELLINGS))
        else {
            continue;
        };
        let at = ["components", "schemas", name.as_str(), PROPERTY_SPELLINGS];
        let rule = parse_spellings(value).map_err(|m| locator.at(&at, spelling_error(&m)))?;
        out.insert(name.clone(), rule);
    }
    Ok(out)
}

fn parse_auth(openapi: &OpenAPI, locator: &Locator) -> Result<Vec<AuthScheme>, SpecError> {
    let schemes = openapi
        .components
        .as_ref()
        .map(|c| &c.security_schemes)
        .cloned()
        .unwrap_or_default();
    let mut names: Vec<String> = Vec::new();
    for requirement in openapi.security.iter().flatten() {
        for name in requirement.keys() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    let mut out = Vec::new();
    for name in names {
        let at = ["components", "securitySchemes", name.as_str()];
        let Some(ReferenceOr::Item(scheme)) = schemes.get(&name) else {
            return Err(locator.at(
                &["security"],
                format!("security requirement `{name}` has no entry in components.securitySchemes"),
            ));
        };
        let (kind, description, extensions) = match scheme {
            SecurityScheme::APIKey {
                location: openapiv3::APIKeyLocation::Header,
                name: header,
                description,
                extensions,
            } => (AuthKind::Header(header.clone()), description, extensions),
            SecurityScheme::HTTP {
                scheme: http,
                description,
                extensions,
                ..
            } if http.eq_ignore_ascii_case("bearer") => (AuthKind::Bearer, description, extensions),
            _ => {
                let message = format!("security scheme `{name}`: {UNSUPPORTED_SCHEME}");
                return Err(locator.at(&at, message));
            }
        };
        let env = env_extension(extensions)
            .map_err(|m| locator.at(&at, format!("security scheme `{name}`: {m}")))?;
        let Some(env) = env else {
            return Err(locator.at(
                &at,
                format!("security scheme `{name}` needs `x-env` naming its environment variable"),
            ));
        };
        let field = name_extension(extensions)
            .map_err(|m| locator.at(&at, format!("security scheme `{name}`: {m}")))?;
        out.push(AuthScheme {
            name,
            kind,
            env,
            field,
            description: description.clone(),
        });
    }
    Ok(out)
}

fn env_extension(extensions: &indexmap::IndexMap<String, Value>) -> Result<Option<String>, String> {
    match extensions.get("x-env") {
        None => Ok(None),
        Some(Value::String(s))
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') =>
        {
            Ok(Some(s.clone()))
        }
        Some(other) => Err(format!(
            "`x-env` must be an environment variable name in UPPER_SNAKE_CASE, found {other}"
        )),
    }
}

fn name_extension(
    extensions: &indexmap::IndexMap<String, Value>,
) -> Result<Option<String>, String> {
    match extensions.get("x-name") {
        None => Ok(None),
        Some(Value::String(s))
            if s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !crate::naming::is_keyword(s) =>
        {
            Ok(Some(s.clone()))
        }
        Some(other) => Err(format!(
            "`x-name` must be a snake_case name starting with a letter, not a Rust keyword, \
             found {other}"
        )),
    }
}

fn parse_server(openapi: &OpenAPI, locator: &Locator) -> Result<Server, SpecError> {
    let Some(server) = openapi.servers.first() else {
        return Err(locator.at(
            &[],
            "the spec needs a `servers` entry (the base URL)".into(),
        ));
    };
    let vars = server.variables.clone().unwrap_or_default();
    if vars.len() > 1 {
        return Err(locator.at(&["servers"], "only one server variable is supported".into()));
    }
    let variable = match vars.into_iter().next() {
        None => None,
        Some((name, var)) => {
            if !server.url.contains(&format!("{{{name}}}")) {
                return Err(locator.at(
                    &["servers"],
                    format!(
                        "server variable `{name}` does not appear in `{}`",
                        server.url
                    ),
                ));
            }
            let env = env_extension(&var.extensions)
                .map_err(|m| locator.at(&["servers"], format!("server variable `{name}`: {m}")))?;
            // Operations may list more values of the same variable (a site that serves only
            // some operations); they join the typed choice.
            let mut values = var.enumeration;
            let extra = operations(openapi)
                .into_iter()
                .flat_map(|operation| operation.op.servers.iter())
                .filter(|s| s.url == server.url)
                .filter_map(|s| s.variables.as_ref()?.get(&name))
                .flat_map(|v| v.enumeration.iter());
            for value in extra {
                if !values.contains(value) {
                    values.push(value.clone());
                }
            }
            Some(ServerVariable {
                name,
                default: var.default,
                values,
                env,
                description: var.description,
            })
        }
    };
    Ok(Server {
        url: server.url.clone(),
        variable,
    })
}

fn parse_pagination(
    openapi: &OpenAPI,
    op: &openapiv3::Operation,
    value: &Value,
) -> Result<Pagination, String> {
    let Value::Object(map) = value else {
        return Err("must be a mapping".into());
    };
    for key in map.keys() {
        if !KNOWN_PAGINATION_KEYS.contains(&key.as_str()) {
            return Err(format!(
                "unknown key `{key}` (expected one of {})",
                KNOWN_PAGINATION_KEYS.join(", ")
            ));
        }
    }
    let text = |key: &str| -> Result<Option<String>, String> {
        match map.get(key) {
            None => Ok(None),
            Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{key}` must be a non-empty string")),
        }
    };
    let success = schema_path::success_schema(openapi, op)
        .ok_or("the operation has no JSON success response to paginate")?;
    let items_path = text("items")?.ok_or("`items` is required")?;
    let items = schema_path::resolve(openapi, &success, &items_path)?;
    if items.item_type.is_none() {
        return Err(format!(
            "`items: {items_path}` must be an array whose items are a `$ref` to a named schema"
        ));
    }
    let param_exists = |name: &str| {
        op.parameters.iter().any(|p| match p {
            ReferenceOr::Item(openapiv3::Parameter::Query { parameter_data, .. }) => {
                parameter_data.name == name
            }
            ReferenceOr::Item(_) => false,
            ReferenceOr::Reference { reference } => {
                schema_path::resolve_parameter(openapi, reference)
                    .is_some_and(|(n, query)| query && n == name)
            }
        })
    };
    let style = match (
        text("cursor-param")?,
        text("cursor-body")?,
        text("page-param")?,
    ) {
        (Some(param), None, None) => {
            if !param_exists(&param) {
                return Err(format!(
                    "`cursor-param: {param}` is not a query parameter of the operation"
                ));
            }
            let next =
                text("next-cursor")?.ok_or("`next-cursor` is required with `cursor-param`")?;
            PaginationStyle::Cursor {
                input: CursorInput::Query(param),
                next: schema_path::resolve(openapi, &success, &next)?,
            }
        }
        (None, Some(body_path), None) => {
            let body = schema_path::request_schema(openapi, op)
                .ok_or("`cursor-body` needs a JSON request body")?;
            let next =
                text("next-cursor")?.ok_or("`next-cursor` is required with `cursor-body`")?;
            PaginationStyle::Cursor {
                input: CursorInput::Body(schema_path::resolve(openapi, &body, &body_path)?),
                next: schema_path::resolve(openapi, &success, &next)?,
            }
        }
        (None, None, Some(param)) => {
            if !param_exists(&param) {
                return Err(format!(
                    "`page-param: {param}` is not a query parameter of the operation"
                ));
            }
            let total =
                text("total-pages")?.ok_or("`total-pages` is required with `page-param`")?;
            PaginationStyle::PageNumber {
                param,
                total_pages: schema_path::resolve(openapi, &success, &total)?,
            }
        }
        _ => {
            return Err("give exactly one of `cursor-param`, `cursor-body` or `page-param`".into())
        }
    };
    Ok(Pagination { items, style })
}

/// Validates the extensions we read on schemas, wherever they appear in the document.
pub(crate) fn check_schema_extensions(locator: &Locator, nodes: &[Node]) -> Result<(), SpecError> {
    check_enum_varnames(locator, nodes)?;
    check_alias_places(locator, nodes)?;
    check_spelling_places(locator, nodes)?;
    check_raw_slashes(locator, nodes)
}

/// `x-property-spellings` is read at the document's root and on component schemas only.
fn check_spelling_places(locator: &Locator, nodes: &[Node]) -> Result<(), SpecError> {
    for (path, map) in nodes {
        if map.get(PROPERTY_SPELLINGS).is_none() {
            continue;
        }
        let segments: Vec<&str> = path.iter().map(String::as_str).collect();
        if !matches!(segments.as_slice(), [] | ["components", "schemas", _]) {
            return Err(locator.at(
                &keys(path),
                format!(
                    "`{PROPERTY_SPELLINGS}` at {} is only read at the document's root and on a \
                     component schema (components.schemas.<Name>)",
                    describe_path(path)
                ),
            ));
        }
    }
    Ok(())
}

/// `x-raw-slashes` is `true` or `false`, on a path parameter whose schema is a plain string.
fn check_raw_slashes(locator: &Locator, nodes: &[Node]) -> Result<(), SpecError> {
    for (path, map) in nodes {
        let Some(value) = map.get(RAW_SLASHES) else {
            continue;
        };
        let fail = |what: &str| {
            Err(locator.at(
                &[keys(path), vec![RAW_SLASHES]].concat(),
                format!("`{RAW_SLASHES}` at {}: {what}", describe_path(path)),
            ))
        };
        if !value.is_bool() {
            return fail("must be true or false");
        }
        if map.get("in").and_then(|v| v.as_str()) != Some("path") {
            return fail("is only read on a path parameter (`in: path`)");
        }
        let schema = map.get("schema").and_then(|s| s.as_mapping());
        let plain_string = schema.is_some_and(|s| {
            s.get("type").and_then(|t| t.as_str()) == Some("string")
                && s.get("format").is_none()
                && s.get("enum").is_none()
        });
        if !plain_string {
            return fail("the parameter's schema must be a plain `type: string`");
        }
    }
    Ok(())
}

/// `x-aliases` is read only on the properties of component schemas (where the generated type
/// and field are known by name); anywhere else it would be silently ignored, so it is an error.
fn check_alias_places(locator: &Locator, nodes: &[Node]) -> Result<(), SpecError> {
    for (path, map) in nodes {
        if map.get("x-aliases").is_none() {
            continue;
        }
        let placed = matches!(
            path.iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .as_slice(),
            ["components", "schemas", _, "properties", _]
        );
        if placed && map.get("$ref").is_some() {
            return Err(locator.at(
                &keys(path),
                format!(
                    "`x-aliases` at {} sits beside a `$ref`, where it is dropped; wrap the \
                     reference as `allOf: [$ref: ...]`",
                    describe_path(path)
                ),
            ));
        }
        if !placed {
            return Err(locator.at(
                &keys(path),
                format!(
                    "`x-aliases` at {} is only read on a property of a component schema \
                     (components.schemas.<Name>.properties.<property>); name the schema",
                    describe_path(path)
                ),
            ));
        }
    }
    Ok(())
}

/// Every `x-aliases` of the component schemas' properties: a list of other non-empty names,
/// none equal to a property of the same schema.
fn parse_aliases(openapi: &OpenAPI, locator: &Locator) -> Result<Vec<Aliases>, SpecError> {
    let mut out = Vec::new();
    let Some(components) = &openapi.components else {
        return Ok(out);
    };
    for (schema_name, schema) in &components.schemas {
        let Some(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)),
            ..
        }) = schema.as_item()
        else {
            continue;
        };
        for (property, value) in &object.properties {
            let Some(extensions) = value.as_item().map(|s| &s.schema_data.extensions) else {
                continue;
            };
            let Some(raw) = extensions.get("x-aliases") else {
                continue;
            };
            let at = [
                "components",
                "schemas",
                schema_name.as_str(),
                "properties",
                property.as_str(),
                "x-aliases",
            ];
            let names: Vec<String> = match raw {
                Value::Array(items) if !items.is_empty() => items
                    .iter()
                    .map(|n| n.as_str().filter(|n| !n.is_empty()).map(str::to_string))
                    .collect::<Option<_>>()
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            if names.is_empty() {
                return Err(locator.at(
                    &at,
                    format!(
                        "`x-aliases` of `{schema_name}.{property}` must be a non-empty list of \
                         non-empty names"
                    ),
                ));
            }
            if let Some(clash) = names.iter().find(|n| object.properties.contains_key(*n)) {
                return Err(locator.at(
                    &at,
                    format!(
                        "`x-aliases` of `{schema_name}.{property}`: `{clash}` is already a \
                         property of `{schema_name}`"
                    ),
                ));
            }
            out.push(Aliases {
                schema: schema_name.clone(),
                property: property.clone(),
                names,
            });
        }
    }
    Ok(out)
}

const KNOWN_LONG_POLL_KEYS: [&str; 1] = ["pending-status"];

/// `x-long-poll: {pending-status: 408}`: the status must be a documented non-success response of
/// a `GET` (asking again must be harmless).
fn parse_long_poll(
    op: &openapiv3::Operation,
    method: &str,
    value: &Value,
) -> Result<LongPoll, String> {
    let Value::Object(map) = value else {
        return Err("must be a mapping with `pending-status`".into());
    };
    if let Some(key) = map
        .keys()
        .find(|k| !KNOWN_LONG_POLL_KEYS.contains(&k.as_str()))
    {
        return Err(format!(
            "unknown key `{key}` (expected {})",
            KNOWN_LONG_POLL_KEYS.join(", ")
        ));
    }
    if method != "get" {
        return Err("only a `get` operation may be asked again".into());
    }
    let status = map
        .get("pending-status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| (300..=599).contains(s))
        .ok_or("`pending-status` must be an HTTP status from 300 to 599")?;
    let documented = op
        .responses
        .responses
        .keys()
        .any(|code| *code == openapiv3::StatusCode::Code(status));
    if !documented {
        return Err(format!(
            "`pending-status: {status}` is not a documented response of the operation"
        ));
    }
    Ok(LongPoll {
        pending_status: status,
    })
}

/// The `x-enum-varnames` of a schema (validated at load): one Rust variant name per enum value,
/// or empty when the names are derived from the values.
pub fn enum_varnames(extensions: &indexmap::IndexMap<String, Value>) -> Vec<String> {
    match extensions.get("x-enum-varnames") {
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The extension that marks a deliberate difference from the vendor's documents, with a reason;
/// read by the docs audit.
pub const DOC_DEVIATION: &str = "x-doc-deviation";

/// `x-enum-varnames` must name every value of its sibling `enum` with a Rust type-style name.
fn check_enum_varnames(locator: &Locator, nodes: &[Node]) -> Result<(), SpecError> {
    for (path, map) in nodes {
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
        let distinct = names
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            == names.len();
        if names.len() != values || !names.iter().all(valid) || !distinct {
            return Err(locator.at(
                &keys(path),
                format!(
                    "`x-enum-varnames` at {} must list one distinct PascalCase name (not \
                     `Unknown`) for each of the {values} `enum` values",
                    describe_path(path)
                ),
            ));
        }
    }
    Ok(())
}
