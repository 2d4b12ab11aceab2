//! Enums: inline ones are hoisted into named components and replaced by forward-compatible
//! types, except those that tell the members of a `oneOf` apart, which stay closed.

use spec_model::refs::Section;
use std::collections::BTreeMap;

use heck::ToPascalCase;
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::{EnumDef, EnumValues, NewComponents};

/// Replaces every named component enum by our own type, and hoists inline enums found inside
/// component schemas.
pub(super) fn hoist_component_enums(openapi: &mut OpenAPI, enums: &mut BTreeMap<String, EnumDef>) {
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
    let variant_names = spec_model::extensions::enum_varnames(&schema.schema_data.extensions);
    Some(EnumDef {
        name: name.to_string(),
        description,
        values,
        variant_names,
        closed: false,
    })
}

/// Hoists an inline enum at `schema` (or inside it) into a component named after `name`.
pub(super) fn hoist_enums_in(
    schema: &mut ReferenceOr<Schema>,
    name: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut NewComponents,
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
        let reference = ReferenceOr::ref_(&Section::Schemas.reference(&component));
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
    new_components: &mut NewComponents,
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
    new_components: &mut NewComponents,
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
        SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
            for (i, member) in list.iter_mut().enumerate() {
                // Not typify's `{name}Variant{i}`, which names the members' own inline types.
                let member_name = format!("{name}Member{}", i + 1);
                // A one-value enum property of an inline member is its tag: left inline, so
                // the union is told apart by it (typify makes a tagged enum).
                if let ReferenceOr::Item(Schema {
                    schema_kind: SchemaKind::Type(Type::Object(obj)),
                    ..
                }) = member
                {
                    for (prop, value) in obj.properties.iter_mut() {
                        if !is_tag(value) {
                            let child = format!("{member_name}{}", prop.to_pascal_case());
                            hoist_enums_in_boxed(value, &child, enums, new_components);
                        }
                    }
                    if let Some(AdditionalProperties::Schema(value)) =
                        &mut obj.additional_properties
                    {
                        let child = format!("{member_name}Value");
                        hoist_enums_in(value, &child, enums, new_components);
                    }
                    continue;
                }
                hoist_enums_in(member, &member_name, enums, new_components);
            }
        }
        SchemaKind::AllOf { all_of: list } => {
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

/// Whether a schema is an inline string enum of one value (a union member's tag).
fn is_tag(schema: &ReferenceOr<Box<Schema>>) -> bool {
    matches!(
        schema,
        ReferenceOr::Item(s) if matches!(
            &s.schema_kind,
            SchemaKind::Type(Type::String(t)) if t.enumeration.len() == 1
        )
    )
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
pub(super) fn close_union_member_enums(
    warnings: &mut Vec<spec_model::SpecWarning>,
    openapi: &OpenAPI,
    enums: &mut BTreeMap<String, EnumDef>,
) -> Result<(), String> {
    let Some(components) = &openapi.components else {
        return Ok(());
    };
    let resolve = |schema: &ReferenceOr<Schema>| -> Option<Schema> {
        match schema {
            ReferenceOr::Item(s) => Some(s.clone()),
            ReferenceOr::Reference { reference } => spec_model::refs::schema_name(reference)
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
        spec_model::refs::schema_name(&reference).map(str::to_string)
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
            if !def.variant_names.is_empty() {
                warnings.push(spec_model::SpecWarning {
                    kind: "x-enum-varnames not used on a closed enum",
                    line: None,
                    message: format!(
                        "`{name}` is held by a member of a `oneOf`/`anyOf`, so it stays a closed \
                         enum with names derived from its values"
                    ),
                });
                def.variant_names.clear();
            }
            def.closed = true;
        }
    }
    Ok(())
}
