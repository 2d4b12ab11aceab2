//! Our `x-` extensions (documented in `specs/README.md`), parsed and validated into plain data:
//! auth schemes with their environment variables, the server template, retry safety, pagination.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr};
use serde_json::Value;

use crate::locate::{describe_path, keys};
use crate::operations::operations;
use crate::schema_path::{self, FieldPath};
use crate::security::env_extension;
pub use crate::security::{AuthKind, AuthScheme, Security};
use crate::tree::Node;
use crate::{Locator, SpecError};

/// Everything vendor-specific that the generator turns into code besides what progenitor emits.
#[derive(Debug, Clone)]
pub struct Extensions {
    /// Every credential a requirement names (the same as `security.schemes`).
    pub auth: Vec<AuthScheme>,
    /// Which credentials the operations accept: alternatives, operations that send none.
    pub security: Security,
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
    let stem = locator
        .file
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("api");
    let security = crate::security::parse(openapi, locator, stem)?;
    let auth = security.schemes.clone();
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
        // Dropshot's convention (`x-dropshot-pagination`): a `page_token` query parameter, the
        // items in `items`, the next token in `next_page`. Followed where the shapes allow.
        if ext.pagination.is_none() && op.extensions.contains_key("x-dropshot-pagination") {
            let dropshot = serde_json::json!({
                "items": "items",
                "cursor-param": "page_token",
                "next-cursor": "next_page",
            });
            ext.pagination = parse_pagination(openapi, op, &dropshot).ok();
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
        security,
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
        return Err(
            "`same` must list `kebab-case` and `snake_case` (the one rule supported)".into(),
        );
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

/// The first server is the default base URL. Without one, or with a relative one, the client
/// needs a base URL from its user (an empty `url`). One enumerated variable becomes a typed
/// choice (the one with `x-env` when several are enumerated); the others take their defaults.
fn parse_server(openapi: &OpenAPI, locator: &Locator) -> Result<Server, SpecError> {
    let Some(server) = openapi.servers.first() else {
        return Ok(Server {
            url: String::new(),
            variable: None,
        });
    };
    let mut url = server.url.clone();
    let mut vars = server.variables.clone().unwrap_or_default();
    let typed = vars
        .iter()
        .find(|(_, v)| !v.enumeration.is_empty() && v.extensions.contains_key("x-env"))
        .or_else(|| {
            let enumerated: Vec<_> = vars
                .iter()
                .filter(|(_, v)| !v.enumeration.is_empty())
                .collect();
            (enumerated.len() == 1).then(|| enumerated[0])
        })
        .map(|(name, _)| name.clone());
    for (name, var) in &vars {
        if Some(name) != typed.as_ref() {
            url = url.replace(&format!("{{{name}}}"), &var.default);
        }
    }
    vars.retain(|name, _| Some(name) == typed.as_ref());
    if !url.starts_with("http://") && !url.starts_with("https://") {
        return Ok(Server {
            url: String::new(),
            variable: None,
        });
    }
    let variable = match vars.into_iter().next() {
        None => None,
        Some((name, var)) => {
            if !url.contains(&format!("{{{name}}}")) {
                return Err(locator.at(
                    &["servers"],
                    format!("server variable `{name}` does not appear in `{}`", url),
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
    Ok(Server { url, variable })
}

/// The `x-pagination` of Datadog's own documents (`cursorParam`, `cursorPath`, `resultsPath`,
/// `limitParam`) in our keys; `None` for any other form.
fn camel_case_pagination(
    map: &serde_json::Map<String, Value>,
) -> Option<serde_json::Map<String, Value>> {
    let text = |key: &str| map.get(key).and_then(Value::as_str);
    let (cursor, next, items) = (
        text("cursorParam")?,
        text("cursorPath")?,
        text("resultsPath")?,
    );
    let mut ours = serde_json::Map::new();
    ours.insert("items".into(), items.into());
    ours.insert("next-cursor".into(), next.into());
    match cursor.strip_prefix("body.") {
        Some(path) => ours.insert("cursor-body".into(), path.into()),
        None => ours.insert("cursor-param".into(), cursor.into()),
    };
    Some(ours)
}

fn parse_pagination(
    openapi: &OpenAPI,
    op: &openapiv3::Operation,
    value: &Value,
) -> Result<Pagination, String> {
    let Value::Object(map) = value else {
        return Err("must be a mapping".into());
    };
    let translated = camel_case_pagination(map);
    let map = translated.as_ref().unwrap_or(map);
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
                &[keys(path), vec![PROPERTY_SPELLINGS]].concat(),
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
            .filter_map(|n| n.as_str().map(variant_name))
            .collect(),
        _ => Vec::new(),
    }
}

/// A name of `x-enum-varnames` as a variant name: PascalCase names as written, others (the
/// `UPPER_SNAKE` some documents use) converted (`NOT_FOUND` is `NotFound`).
fn variant_name(name: &str) -> String {
    let pascal = name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    if pascal || name.len() == 1 {
        return name.to_string();
    }
    match heck::ToUpperCamelCase::to_upper_camel_case(name).as_str() {
        // The catch-all variant is `Unknown`; a documented `UNKNOWN` value keeps its own.
        "Unknown" => "UnknownValue".to_string(),
        other => other.to_string(),
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
        let names: Vec<String> = names
            .as_sequence()
            .map(|s| {
                s.iter()
                    .filter_map(|n| n.as_str())
                    .map(variant_name)
                    .collect()
            })
            .unwrap_or_default();
        let valid = |n: &String| {
            n.starts_with(|c: char| c.is_ascii_uppercase())
                && n.chars().all(|c| c.is_ascii_alphanumeric())
                && n != "Unknown"
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
                    "`x-enum-varnames` at {} must list one distinct PascalCase (or UPPER_SNAKE) \
                     name (not `Unknown`) for each of the {values} `enum` values",
                    describe_path(path)
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod spelling_and_slash_tests {
    use std::path::Path;

    use super::*;

    const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\nservers:\n  - url: https://example.com\n";

    fn parse(text: &str) -> Result<crate::Spec, String> {
        crate::parse(Path::new("specs/t.yaml"), text).map_err(|e| e.to_string())
    }

    fn path_op(parameter: &str) -> String {
        format!(
            "{HEAD}paths:\n  /p/{{slug}}:\n    get:\n      operationId: get_p\n      parameters:\n        - name: slug\n          in: path\n          required: true\n{parameter}      responses:\n        \"204\":\n          description: ok\n"
        )
    }

    #[test]
    fn spellings_are_read_at_the_root_and_on_component_schemas() {
        let text = format!(
            "{HEAD}x-property-spellings:\n  same: [snake_case, kebab-case]\npaths: {{}}\ncomponents:\n  schemas:\n    Key:\n      type: object\n      x-property-spellings:\n        same: [kebab-case, snake_case]\n        send: snake_case\n"
        );
        let spec = parse(&text).unwrap();
        let documented = Spellings {
            send: SendSpelling::Documented,
        };
        assert_eq!(spec.extensions.spellings, Some(documented));
        assert_eq!(
            spec.extensions.schema_spellings.get("Key").map(|s| s.send),
            Some(SendSpelling::SnakeCase)
        );
    }

    #[test]
    fn bad_spelling_rules_are_errors_at_their_line() {
        let rule = |body: &str| format!("{HEAD}x-property-spellings:\n{body}paths: {{}}\n");
        assert_eq!(
            parse(&rule("  same: [kebab-case]\n")).unwrap_err(),
            "specs/t.yaml:7: `x-property-spellings`: `same` must list `kebab-case` and \
             `snake_case` (the one rule supported)"
        );
        assert!(parse(&rule(
            "  same: [kebab-case, snake_case]\n  send: camelCase\n"
        ))
        .unwrap_err()
        .contains("`send` must be `documented`, `kebab-case` or `snake_case`"));
        let inline = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Key:\n      type: object\n      properties:\n        a:\n          type: object\n          x-property-spellings:\n            same: [kebab-case, snake_case]\n"
        );
        let e = parse(&inline).unwrap_err();
        assert!(
            e.starts_with("specs/t.yaml:15:") && e.contains("only read at the document's root"),
            "{e}"
        );
    }

    #[test]
    fn raw_slashes_are_read_on_plain_string_path_parameters_only() {
        let ok =
            path_op("          x-raw-slashes: true\n          schema:\n            type: string\n");
        let spec = parse(&ok).unwrap();
        assert_eq!(spec.extensions.operations["get_p"].raw_slashes, ["slug"]);
        let not_bool = path_op(
            "          x-raw-slashes: yes please\n          schema:\n            type: string\n",
        );
        let e = parse(&not_bool).unwrap_err();
        assert!(
            e.starts_with("specs/t.yaml:15:") && e.contains("must be true or false"),
            "{e}"
        );
        let integer = path_op(
            "          x-raw-slashes: true\n          schema:\n            type: integer\n",
        );
        assert!(parse(&integer)
            .unwrap_err()
            .contains("must be a plain `type: string`"));
        let query = path_op("          schema:\n            type: string\n").replace(
            "      responses:",
            "        - name: q\n          in: query\n          x-raw-slashes: true\n          schema:\n            type: string\n      responses:",
        );
        assert!(parse(&query)
            .unwrap_err()
            .contains("is only read on a path parameter"));
    }
}
