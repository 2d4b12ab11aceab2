//! Lowering: adapts a faithful spec to what progenitor accepts, recording everything it takes out
//! so that the augment step can emit it instead. Nothing documented is lost:
//!
//! - Error responses (`4XX`, `5XX`, single codes, `default`) are removed from progenitor's view and
//!   recorded per operation; the emitted `send()` decodes them by status into the typed error body.
//! - Success responses: several bodies with different schemas become one `oneOf` component;
//!   a bodyless success (204) beside a bodied one makes the result an `Option`.
//! - Inline enums are hoisted into named components and replaced by forward-compatible enums.
//! - Inline error bodies are hoisted into components, so typify generates them.
//! - Parameter limits (`minimum`, `maxLength`, ...) are recorded and checked by the emitted code.

use std::collections::BTreeMap;

use heck::ToPascalCase;
use openapiv3::{
    AdditionalProperties, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Response,
    Schema, SchemaKind, StatusCode, Type,
};

use crate::schema_path::rust_type_name;

/// A spec ready for progenitor, plus what was taken out of it.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The document progenitor sees.
    pub openapi: OpenAPI,
    /// Forward-compatible enums to emit, by component name.
    pub enums: BTreeMap<String, EnumDef>,
    /// What each operation needs beyond progenitor, by operation id.
    pub operations: BTreeMap<String, OperationPlan>,
}

/// An enum to emit with a catch-all variant.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Component name (the Rust type name is its PascalCase form).
    pub name: String,
    /// Description for the doc comment.
    pub description: Option<String>,
    /// String or integer values.
    pub values: EnumValues,
    /// Kept closed (typify's enum, no catch-all) because it tells the variants of a `oneOf`
    /// apart: an open enum would let the first variant match every value.
    pub closed: bool,
}

/// The values of an enum.
#[derive(Debug, Clone, PartialEq)]
pub enum EnumValues {
    /// String values.
    Strings(Vec<String>),
    /// Integer values.
    Integers(Vec<i64>),
}

/// One documented error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    /// Which statuses it covers.
    pub status: ErrorStatus,
    /// Rust type name of its JSON body, when it has one.
    pub body_type: Option<String>,
}

/// The status part of an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorStatus {
    /// One code, e.g. 404.
    Code(u16),
    /// A range, e.g. 4 for `4XX`.
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

/// A limit a parameter value must respect.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// `minimum`.
    Minimum(f64),
    /// `maximum`.
    Maximum(f64),
    /// `minLength`.
    MinLength(usize),
    /// `maxLength`.
    MaxLength(usize),
    /// `minItems`.
    MinItems(usize),
    /// `maxItems`.
    MaxItems(usize),
}

/// Limits of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamLimits {
    /// Wire name.
    pub name: String,
    /// Whether the parameter is required (the builder field is not an `Option`).
    pub required: bool,
    /// The limits.
    pub limits: Vec<Limit>,
}

/// What an operation needs beyond what progenitor emits.
#[derive(Debug, Clone)]
pub struct OperationPlan {
    /// Operation id.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template.
    pub path: String,
    /// Documented error responses, in status order (codes, ranges, default).
    pub errors: Vec<ErrorResponse>,
    /// A bodyless success beside a bodied one: the result is an `Option`.
    pub optional_body: Option<Vec<u16>>,
    /// Success statuses with different bodies: (status, Rust type), decoded by status into the
    /// emitted union `<Operation>Response`.
    pub success_union: Option<Vec<(u16, String)>>,
    /// Parameters with limits.
    pub limits: Vec<ParamLimits>,
}

/// Lowers a validated spec.
pub fn lower(source: &OpenAPI) -> Result<Lowered, String> {
    let mut openapi = source.clone();
    let mut enums = BTreeMap::new();
    hoist_component_enums(&mut openapi, &mut enums);

    let mut operations = BTreeMap::new();
    let mut new_components: Vec<(String, ReferenceOr<Schema>)> = Vec::new();
    let paths: Vec<String> = openapi.paths.paths.keys().cloned().collect();
    for path in paths {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&path) else {
            continue;
        };
        let item_params = item.parameters.clone();
        let methods = [
            ("GET", &mut item.get),
            ("PUT", &mut item.put),
            ("POST", &mut item.post),
            ("DELETE", &mut item.delete),
            ("OPTIONS", &mut item.options),
            ("HEAD", &mut item.head),
            ("PATCH", &mut item.patch),
            ("TRACE", &mut item.trace),
        ];
        for (method, op) in methods {
            let Some(op) = op.as_mut() else { continue };
            let method = method.to_string();
            let id = op.operation_id.clone().unwrap_or_default();
            let prefix = id.to_pascal_case();
            let mut limits = Vec::new();
            for param in op.parameters.iter_mut() {
                if let ReferenceOr::Item(p) = param {
                    lower_parameter(p, &prefix, &mut enums, &mut new_components, &mut limits);
                }
            }
            for param in &item_params {
                if let ReferenceOr::Item(p) = param {
                    limits.extend(param_limits(p));
                }
            }
            if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
                for media in body.content.values_mut() {
                    if let Some(schema) = &mut media.schema {
                        hoist_enums_in(
                            schema,
                            &format!("{prefix}Body"),
                            &mut enums,
                            &mut new_components,
                        );
                    }
                }
            }
            let (errors, optional_body, success_union) = lower_responses(
                &source_components(source),
                op,
                &prefix,
                &mut enums,
                &mut new_components,
            )?;
            operations.insert(
                id.clone(),
                OperationPlan {
                    id,
                    method,
                    path: path.clone(),
                    errors,
                    optional_body,
                    success_union,
                    limits,
                },
            );
        }
    }
    let components = openapi.components.get_or_insert_with(Default::default);
    for (name, schema) in new_components {
        components.schemas.insert(name, schema);
    }
    close_union_member_enums(&openapi, &mut enums);
    Ok(Lowered {
        openapi,
        enums,
        operations,
    })
}

fn source_components(source: &OpenAPI) -> BTreeMap<String, Response> {
    source
        .components
        .iter()
        .flat_map(|c| c.responses.iter())
        .filter_map(|(k, v)| v.as_item().map(|r| (k.clone(), r.clone())))
        .collect()
}

/// Records a parameter's limits, strips them (so typify makes plain types), hoists its enum.
fn lower_parameter(
    param: &mut Parameter,
    prefix: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut Vec<(String, ReferenceOr<Schema>)>,
    limits: &mut Vec<ParamLimits>,
) {
    limits.extend(param_limits(param));
    let data = match param {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    };
    let name = format!("{prefix}{}", data.name.to_pascal_case());
    if let ParameterSchemaOrContent::Schema(schema) = &mut data.format {
        if let ReferenceOr::Item(s) = schema {
            strip_limits(s);
            if let SchemaKind::Type(Type::Array(a)) = &mut s.schema_kind {
                if let Some(ReferenceOr::Item(items)) = &mut a.items {
                    strip_limits(items);
                }
            }
        }
        hoist_enums_in(schema, &name, enums, new_components);
    }
}

fn param_limits(param: &Parameter) -> Option<ParamLimits> {
    let data = param.parameter_data_ref();
    let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &data.format else {
        return None;
    };
    let mut limits = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            limits.extend(t.minimum.map(|m| Limit::Minimum(m as f64)));
            limits.extend(t.maximum.map(|m| Limit::Maximum(m as f64)));
        }
        SchemaKind::Type(Type::Number(t)) => {
            limits.extend(t.minimum.map(Limit::Minimum));
            limits.extend(t.maximum.map(Limit::Maximum));
        }
        SchemaKind::Type(Type::String(t)) => {
            limits.extend(t.min_length.map(Limit::MinLength));
            limits.extend(t.max_length.map(Limit::MaxLength));
        }
        SchemaKind::Type(Type::Array(t)) => {
            limits.extend(t.min_items.map(Limit::MinItems));
            limits.extend(t.max_items.map(Limit::MaxItems));
        }
        _ => {}
    }
    (!limits.is_empty()).then(|| ParamLimits {
        name: data.name.clone(),
        required: data.required,
        limits,
    })
}

fn strip_limits(schema: &mut Schema) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            t.minimum = None;
            t.maximum = None;
            t.exclusive_minimum = false;
            t.exclusive_maximum = false;
        }
        SchemaKind::Type(Type::Number(t)) => {
            t.minimum = None;
            t.maximum = None;
            t.exclusive_minimum = false;
            t.exclusive_maximum = false;
        }
        SchemaKind::Type(Type::String(t)) => {
            t.min_length = None;
            t.max_length = None;
        }
        SchemaKind::Type(Type::Array(t)) => {
            t.min_items = None;
            t.max_items = None;
        }
        _ => {}
    }
}

/// Errors, bodyless success statuses and a success union, taken out of an operation.
type LoweredResponses = (
    Vec<ErrorResponse>,
    Option<Vec<u16>>,
    Option<Vec<(u16, String)>>,
);

/// Keeps only success responses for progenitor; records the errors.
fn lower_responses(
    component_responses: &BTreeMap<String, Response>,
    op: &mut openapiv3::Operation,
    prefix: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut Vec<(String, ReferenceOr<Schema>)>,
) -> Result<LoweredResponses, String> {
    let resolve = |r: &ReferenceOr<Response>| -> Option<Response> {
        match r {
            ReferenceOr::Item(r) => Some(r.clone()),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/responses/")
                .and_then(|n| component_responses.get(n).cloned()),
        }
    };
    let mut errors = Vec::new();
    let mut bodied: Vec<(StatusCode, ReferenceOr<Schema>)> = Vec::new();
    let mut bodyless: Vec<u16> = Vec::new();
    let mut kept = indexmap::IndexMap::new();

    let default = op.responses.default.take();
    if let Some(default) = default {
        let response = resolve(&default).ok_or("a `default` response does not resolve")?;
        let body_type = error_body(
            &response,
            &format!("{prefix}ErrorDefault"),
            enums,
            new_components,
        );
        errors.push(ErrorResponse {
            status: ErrorStatus::Default,
            body_type,
        });
    }
    for (status, response) in std::mem::take(&mut op.responses.responses) {
        let resolved = resolve(&response).ok_or(format!("response {status} does not resolve"))?;
        let success = match &status {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        };
        if !success {
            let (error_status, suffix) = match &status {
                StatusCode::Code(c) => (ErrorStatus::Code(*c), c.to_string()),
                StatusCode::Range(r) => (ErrorStatus::Range(*r), format!("{r}xx")),
            };
            let body_type = error_body(
                &resolved,
                &format!("{prefix}Error{suffix}"),
                enums,
                new_components,
            );
            errors.push(ErrorResponse {
                status: error_status,
                body_type,
            });
            continue;
        }
        let schema = resolved
            .content
            .iter()
            .find(|(ct, _)| ct.contains("json"))
            .and_then(|(_, m)| m.schema.clone());
        match schema {
            Some(schema) => bodied.push((status.clone(), schema)),
            None => {
                if let StatusCode::Code(c) = status {
                    bodyless.push(c);
                }
            }
        }
        kept.insert(status, ReferenceOr::Item(resolved));
    }
    errors.sort_by_key(|e| e.status);

    let mut optional_body = None;
    if !bodied.is_empty() && !bodyless.is_empty() {
        for code in &bodyless {
            kept.shift_remove(&StatusCode::Code(*code));
        }
        optional_body = Some(bodyless);
    }
    let distinct: Vec<&ReferenceOr<Schema>> = bodied.iter().fold(Vec::new(), |mut acc, (_, s)| {
        if !acc.contains(&s) {
            acc.push(s);
        }
        acc
    });
    let mut success_union = None;
    if distinct.len() > 1 {
        // progenitor decodes one type; we give it "any JSON" and decode by status ourselves.
        let mut union = Vec::new();
        for (status, schema) in &bodied {
            let StatusCode::Code(code) = status else {
                return Err(format!(
                    "success range {status} beside other success bodies is not supported"
                ));
            };
            let type_name = match schema {
                ReferenceOr::Reference { reference } => reference
                    .strip_prefix("#/components/schemas/")
                    .map(rust_type_name)
                    .ok_or(format!(
                        "response {code}: unsupported reference {reference}"
                    ))?,
                ReferenceOr::Item(_) => {
                    let name = format!("{prefix}Response{code}");
                    let mut schema = schema.clone();
                    hoist_enums_in(&mut schema, &name, enums, new_components);
                    new_components.push((name.clone(), schema));
                    rust_type_name(&name)
                }
            };
            union.push((*code, type_name));
        }
        for response in kept.values_mut() {
            if let ReferenceOr::Item(r) = response {
                for media in r.content.values_mut() {
                    media.schema = Some(ReferenceOr::Item(Schema {
                        schema_data: Default::default(),
                        schema_kind: SchemaKind::Any(Default::default()),
                    }));
                }
            }
        }
        success_union = Some(union);
    }
    for response in kept.values_mut() {
        if let ReferenceOr::Item(r) = response {
            for media in r.content.values_mut() {
                if let Some(schema) = &mut media.schema {
                    hoist_enums_in(schema, &format!("{prefix}Response"), enums, new_components);
                }
            }
            r.headers.clear();
            r.links.clear();
        }
    }
    op.responses.responses = kept;
    Ok((errors, optional_body, success_union))
}

/// The Rust type of an error body, hoisting an inline schema into a component named `name`.
fn error_body(
    response: &Response,
    name: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut Vec<(String, ReferenceOr<Schema>)>,
) -> Option<String> {
    let schema = response
        .content
        .iter()
        .find(|(ct, _)| ct.contains("json"))
        .and_then(|(_, m)| m.schema.clone())?;
    match schema {
        ReferenceOr::Reference { reference } => reference
            .strip_prefix("#/components/schemas/")
            .map(rust_type_name),
        ReferenceOr::Item(_) => {
            let mut schema = schema;
            hoist_enums_in(&mut schema, name, enums, new_components);
            new_components.push((name.to_string(), schema));
            Some(rust_type_name(name))
        }
    }
}

/// Replaces every named component enum by our own type, and hoists inline enums found inside
/// component schemas.
fn hoist_component_enums(openapi: &mut OpenAPI, enums: &mut BTreeMap<String, EnumDef>) {
    let Some(components) = openapi.components.as_mut() else {
        return;
    };
    let mut new_components = Vec::new();
    let names: Vec<String> = components.schemas.keys().cloned().collect();
    for name in names {
        let Some(ReferenceOr::Item(schema)) = components.schemas.get_mut(&name) else {
            continue;
        };
        if let Some(def) = enum_def(schema, &name) {
            enums.insert(name.clone(), def);
            continue;
        }
        hoist_enums_in_schema(schema, &name, enums, &mut new_components);
    }
    for (name, schema) in new_components {
        components.schemas.insert(name, schema);
    }
}

/// The enum a schema defines, if it is a string or integer enum.
fn enum_def(schema: &Schema, name: &str) -> Option<EnumDef> {
    let description = schema.schema_data.description.clone();
    let values = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            EnumValues::Strings(s.enumeration.iter().flatten().cloned().collect())
        }
        SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
            EnumValues::Integers(i.enumeration.iter().flatten().copied().collect())
        }
        _ => return None,
    };
    Some(EnumDef {
        name: name.to_string(),
        description,
        values,
        closed: false,
    })
}

/// Hoists an inline enum at `schema` (or inside it) into a component named after `name`.
fn hoist_enums_in(
    schema: &mut ReferenceOr<Schema>,
    name: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut Vec<(String, ReferenceOr<Schema>)>,
) {
    let ReferenceOr::Item(inner) = schema else {
        return;
    };
    if let Some(def) = enum_def(inner, name) {
        let component = unique_name(name, enums);
        let nullable = inner.schema_data.nullable;
        enums.insert(
            component.clone(),
            EnumDef {
                name: component.clone(),
                ..def
            },
        );
        new_components.push((component.clone(), ReferenceOr::Item(inner.clone())));
        let reference = ReferenceOr::ref_(&format!("#/components/schemas/{component}"));
        *schema = if nullable {
            ReferenceOr::Item(Schema {
                schema_data: openapiv3::SchemaData {
                    nullable: true,
                    description: inner.schema_data.description.clone(),
                    ..Default::default()
                },
                schema_kind: SchemaKind::AllOf {
                    all_of: vec![reference],
                },
            })
        } else {
            reference
        };
        return;
    }
    hoist_enums_in_schema(inner, name, enums, new_components);
}

fn hoist_enums_in_boxed(
    schema: &mut ReferenceOr<Box<Schema>>,
    name: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut Vec<(String, ReferenceOr<Schema>)>,
) {
    let ReferenceOr::Item(boxed) = schema else {
        return;
    };
    let mut unboxed = ReferenceOr::Item((**boxed).clone());
    hoist_enums_in(&mut unboxed, name, enums, new_components);
    *schema = match unboxed {
        ReferenceOr::Item(s) => ReferenceOr::Item(Box::new(s)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    };
}

/// Hoists enums found in the properties, items, map values and variants of `schema`.
fn hoist_enums_in_schema(
    schema: &mut Schema,
    name: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut Vec<(String, ReferenceOr<Schema>)>,
) {
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(obj)) => {
            for (prop, value) in obj.properties.iter_mut() {
                let child = format!("{name}{}", prop.to_pascal_case());
                hoist_enums_in_boxed(value, &child, enums, new_components);
            }
            if let Some(AdditionalProperties::Schema(value)) = &mut obj.additional_properties {
                hoist_enums_in(value, &format!("{name}Value"), enums, new_components);
            }
        }
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &mut array.items {
                hoist_enums_in_boxed(items, &format!("{name}Item"), enums, new_components);
            }
        }
        SchemaKind::OneOf { one_of: list }
        | SchemaKind::AllOf { all_of: list }
        | SchemaKind::AnyOf { any_of: list } => {
            for (i, member) in list.iter_mut().enumerate() {
                hoist_enums_in(
                    member,
                    &format!("{name}Variant{}", i + 1),
                    enums,
                    new_components,
                );
            }
        }
        _ => {}
    }
}

fn unique_name(base: &str, enums: &BTreeMap<String, EnumDef>) -> String {
    if !enums.contains_key(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}{i}"))
        .find(|n| !enums.contains_key(n))
        .unwrap_or_else(|| base.to_string())
}

/// Marks closed the enums held by properties of `oneOf`/`anyOf` members: untagged decoding tries
/// the members in order, and only a closed enum makes a member reject another member's value.
/// (The unions themselves get a catch-all variant, so a new value still decodes.)
fn close_union_member_enums(openapi: &OpenAPI, enums: &mut BTreeMap<String, EnumDef>) {
    let Some(components) = &openapi.components else {
        return;
    };
    let resolve = |schema: &ReferenceOr<Schema>| -> Option<Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s.clone()),
            ReferenceOr::Reference { reference } => reference
                .strip_prefix("#/components/schemas/")
                .and_then(|n| components.schemas.get(n))
                .and_then(|s| s.as_item().cloned()),
        }
    };
    let enum_ref = |schema: &ReferenceOr<Box<Schema>>| -> Option<String> {
        let reference = match schema {
            ReferenceOr::Reference { reference } => reference.clone(),
            ReferenceOr::Item(s) => match &s.schema_kind {
                SchemaKind::AllOf { all_of } if all_of.len() == 1 => match &all_of[0] {
                    ReferenceOr::Reference { reference } => reference.clone(),
                    ReferenceOr::Item(_) => return None,
                },
                _ => return None,
            },
        };
        reference
            .strip_prefix("#/components/schemas/")
            .map(str::to_string)
    };
    let mut closed = Vec::new();
    for schema in components.schemas.values().filter_map(|s| s.as_item()) {
        let members = match &schema.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            _ => continue,
        };
        for member in members.iter().filter_map(&resolve) {
            let mut parts = vec![member];
            while let Some(part) = parts.pop() {
                match &part.schema_kind {
                    SchemaKind::Type(Type::Object(obj)) => {
                        closed.extend(obj.properties.values().filter_map(&enum_ref));
                    }
                    SchemaKind::AllOf { all_of } => {
                        parts.extend(all_of.iter().filter_map(&resolve))
                    }
                    _ => {}
                }
            }
        }
    }
    for name in closed {
        if let Some(def) = enums.get_mut(&name) {
            def.closed = true;
        }
    }
}
