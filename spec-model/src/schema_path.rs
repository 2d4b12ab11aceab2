//! Resolving dotted field paths (`meta.page.after`) through spec schemas into Rust field accesses,
//! following the naming and optionality rules of the types progenitor (typify) generates.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use crate::naming::{rust_field_name, rust_type_name};
use crate::refs::{self, Section};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// Rust field name in the generated struct.
    pub field: String,
    /// Whether the Rust field is an `Option`.
    pub optional: bool,
}

/// A resolved dotted path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath {
    /// Steps from the root object.
    pub hops: Vec<Hop>,
    /// When the leaf is an array of a named schema: the Rust type name of its items.
    pub item_type: Option<String>,
    /// The path as the spec writes it, in JSON member names (`meta.page.after`).
    pub wire: String,
}

/// The JSON schema of the operation's success body (the first 2xx with a JSON body).
pub fn success_schema(openapi: &OpenAPI, op: &openapiv3::Operation) -> Option<ReferenceOr<Schema>> {
    op.responses
        .responses
        .iter()
        .find_map(|(status, response)| {
            let is_success = match status {
                openapiv3::StatusCode::Code(c) => (200..300).contains(c),
                openapiv3::StatusCode::Range(r) => *r == 2,
            };
            if !is_success {
                return None;
            }
            let response = refs::response(openapi, response)?;
            response
                .content
                .iter()
                .find(|(ct, _)| ct.contains("json"))
                .and_then(|(_, media)| media.schema.clone())
        })
}

/// The JSON schema of the operation's request body.
pub fn request_schema(openapi: &OpenAPI, op: &openapiv3::Operation) -> Option<ReferenceOr<Schema>> {
    let body = refs::request_body(openapi, op.request_body.as_ref()?)?;
    body.content
        .iter()
        .find(|(ct, _)| ct.contains("json"))
        .and_then(|(_, media)| media.schema.clone())
}

/// A referenced parameter's wire name and whether it is a query parameter.
pub fn resolve_parameter(openapi: &OpenAPI, reference: &str) -> Option<(String, bool)> {
    let name = refs::component_name(reference, Section::Parameters)?;
    let p = openapi
        .components
        .as_ref()?
        .parameters
        .get(name)?
        .as_item()?;
    Some((
        p.parameter_data_ref().name.clone(),
        matches!(p, openapiv3::Parameter::Query { .. }),
    ))
}

/// How deep `allOf` members are followed for properties.
const MAX_ALL_OF_DEPTH: usize = 16;

/// Properties of an object schema, including those of `allOf` members: (name, schema, required).
fn properties<'a>(
    openapi: &'a OpenAPI,
    schema: &'a Schema,
) -> Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, bool)> {
    all_of_properties(openapi, schema, 0)
}

/// [`properties`], following nested `allOf`s at most [`MAX_ALL_OF_DEPTH`] deep, so that a schema
/// that includes itself ends instead of recursing for ever.
fn all_of_properties<'a>(
    openapi: &'a OpenAPI,
    schema: &'a Schema,
    depth: usize,
) -> Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, bool)> {
    if depth > MAX_ALL_OF_DEPTH {
        return Vec::new();
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(obj)) => obj
            .properties
            .iter()
            .map(|(k, v)| (k.as_str(), v, obj.required.contains(k)))
            .collect(),
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .filter_map(|s| refs::schema(openapi, s))
            .flat_map(|s| all_of_properties(openapi, s, depth + 1))
            .collect(),
        _ => Vec::new(),
    }
}

/// Resolves `dotted` from `root`, checking that every step exists.
pub fn resolve(
    openapi: &OpenAPI,
    root: &ReferenceOr<Schema>,
    dotted: &str,
) -> Result<FieldPath, String> {
    let mut current = refs::schema(openapi, root).ok_or("the schema's `$ref` does not resolve")?;
    let mut hops = Vec::new();
    for segment in dotted.split('.') {
        let props = properties(openapi, current);
        let Some((name, prop, required)) = props.iter().find(|(n, _, _)| n == &segment) else {
            let known: Vec<&str> = props.iter().map(|(n, _, _)| *n).collect();
            return Err(format!(
                "`{dotted}`: no property `{segment}` (known: {})",
                known.join(", ")
            ));
        };
        let unresolved = || format!("`{dotted}`: `{segment}` does not resolve");
        let (target, via_ref) = refs::boxed_schema(openapi, prop).ok_or_else(unresolved)?;
        // (schema, written inline, nullable); a nullable `allOf: [$ref]` wrapper is an Option of
        // the referenced type.
        let (inner, inline, nullable) = match (&target.schema_kind, via_ref) {
            (SchemaKind::AllOf { all_of }, None) if all_of.len() == 1 => (
                refs::schema(openapi, &all_of[0]).ok_or_else(unresolved)?,
                false,
                target.schema_data.nullable,
            ),
            (_, None) => (target, true, target.schema_data.nullable),
            (_, Some(_)) => (target, false, false),
        };
        // typify gives optional inline arrays and maps an empty default instead of an `Option`.
        let empty_default = inline
            && match &inner.schema_kind {
                SchemaKind::Type(Type::Array(_)) => true,
                SchemaKind::Type(Type::Object(o)) => {
                    o.properties.is_empty() && o.additional_properties.is_some()
                }
                _ => false,
            };
        let has_default = empty_default || target.schema_data.default.is_some();
        hops.push(Hop {
            field: rust_field_name(name),
            optional: nullable || (!required && !has_default),
        });
        current = inner;
    }
    // The leaf `current` is an array of a named schema when the path names pagination items.
    let item_type = match &current.schema_kind {
        SchemaKind::Type(Type::Array(array)) => match &array.items {
            Some(ReferenceOr::Reference { reference }) => {
                refs::schema_name(reference).map(rust_type_name)
            }
            _ => None,
        },
        _ => None,
    };
    Ok(FieldPath {
        hops,
        item_type,
        wire: dotted.to_string(),
    })
}
