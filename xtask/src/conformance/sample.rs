//! A sample JSON value for a schema: what a server could send (or a caller could pass), built
//! from the document's examples, enums, formats and limits. Smoke tests decode it into the
//! generated types, so it must satisfy what those types check.

use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type};
use serde_json::{json, Map, Value};

/// How deep a sample follows nested schemas before it leaves optional parts out.
const MAX_DEPTH: usize = 8;

/// A sample value of `schema`, and whether it may not satisfy it (a `pattern` without an
/// example).
pub(crate) fn sample(openapi: &OpenAPI, schema: &ReferenceOr<Schema>) -> (Value, bool) {
    UNSURE.with(|u| u.set(false));
    let value = value_of(openapi, schema, 0);
    (value, UNSURE.with(|u| u.get()))
}

thread_local! {
    /// Set while sampling when a string has a `pattern` the sample may not match.
    static UNSURE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn value_of(openapi: &OpenAPI, schema: &ReferenceOr<Schema>, depth: usize) -> Value {
    match spec_model::refs::schema(openapi, schema) {
        Some(s) => of_schema(openapi, s, depth),
        None => json!({}),
    }
}

fn boxed(openapi: &OpenAPI, schema: &ReferenceOr<Box<Schema>>, depth: usize) -> Value {
    match schema {
        ReferenceOr::Item(s) => of_schema(openapi, s, depth),
        ReferenceOr::Reference { reference } => value_of(
            openapi,
            &ReferenceOr::Reference {
                reference: reference.clone(),
            },
            depth,
        ),
    }
}

fn of_schema(openapi: &OpenAPI, schema: &Schema, depth: usize) -> Value {
    if let Some(example) = &schema.schema_data.example {
        return example.clone();
    }
    if let Some(default) = &schema.schema_data.default {
        return default.clone();
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if let Some(first) = s.enumeration.iter().flatten().next() {
                return json!(first);
            }
            let formatted = match &s.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(f) => match f {
                    StringFormat::DateTime => Some("2024-01-02T03:04:05Z"),
                    StringFormat::Date => Some("2024-01-02"),
                    StringFormat::Byte => Some("AA=="),
                    _ => None,
                },
                openapiv3::VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
                    "uuid" => Some("00000000-0000-4000-8000-000000000000"),
                    "ipv4" | "ip" => Some("127.0.0.1"),
                    "ipv6" => Some("::1"),
                    "email" => Some("a@example.com"),
                    "uri" | "url" => Some("https://example.com/"),
                    "date-time" => Some("2024-01-02T03:04:05Z"),
                    _ => None,
                },
                openapiv3::VariantOrUnknownOrEmpty::Empty => None,
            };
            if let Some(text) = formatted {
                return json!(text);
            }
            if s.pattern.is_some() {
                UNSURE.with(|u| u.set(true));
            }
            let length = s
                .min_length
                .unwrap_or(1)
                .max(1)
                .min(s.max_length.unwrap_or(usize::MAX));
            json!("x".repeat(length))
        }
        SchemaKind::Type(Type::Integer(i)) => {
            let low = i
                .minimum
                .unwrap_or(1)
                .max(if i.exclusive_minimum { 1 } else { 0 });
            let value = if i.exclusive_minimum {
                low + 1
            } else {
                low.max(1)
            };
            match i.enumeration.iter().flatten().next() {
                Some(first) => json!(first),
                None => json!(i.maximum.map_or(value, |m| value.min(m))),
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            json!(n.minimum.map_or(1.0, |m| m.max(1.0)))
        }
        SchemaKind::Type(Type::Boolean(_)) => json!(true),
        SchemaKind::Type(Type::Array(a)) => {
            let count = a.min_items.unwrap_or(0);
            match (&a.items, count) {
                (Some(items), n) if n > 0 => {
                    Value::Array((0..n).map(|_| boxed(openapi, items, depth + 1)).collect())
                }
                _ => json!([]),
            }
        }
        SchemaKind::Type(Type::Object(o)) => {
            let mut map = Map::new();
            for (name, property) in &o.properties {
                let required = o.required.contains(name);
                if required || depth < 2 {
                    if depth > MAX_DEPTH && !required {
                        continue;
                    }
                    map.insert(name.clone(), boxed(openapi, property, depth + 1));
                }
            }
            Value::Object(map)
        }
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => members
            .first()
            .map_or(json!({}), |m| value_of(openapi, m, depth + 1)),
        SchemaKind::AllOf { all_of } => {
            let mut merged = Map::new();
            for part in all_of {
                match value_of(openapi, part, depth + 1) {
                    Value::Object(fields) => merged.extend(fields),
                    other if all_of.len() == 1 => return other,
                    _ => {}
                }
            }
            Value::Object(merged)
        }
        SchemaKind::Not { .. } => json!({}),
        SchemaKind::Any(any) => {
            if !any.properties.is_empty() {
                let mut map = Map::new();
                for (name, property) in &any.properties {
                    if any.required.contains(name) || depth < 2 {
                        map.insert(name.clone(), boxed(openapi, property, depth + 1));
                    }
                }
                return Value::Object(map);
            }
            json!({})
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_follow_formats_limits_and_required_fields() {
        let openapi: OpenAPI = serde_json::from_value(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": {
                "Id": {"type": "string", "format": "uuid"},
                "Thing": {"type": "object", "required": ["id", "name", "tags"], "properties": {
                    "id": {"$ref": "#/components/schemas/Id"},
                    "name": {"type": "string", "minLength": 3},
                    "kind": {"type": "string", "enum": ["b", "a"]},
                    "tags": {"type": "array", "minItems": 1, "items": {"type": "integer", "minimum": 5}}
                }}
            }}
        }))
        .unwrap();
        let thing = ReferenceOr::Reference {
            reference: "#/components/schemas/Thing".into(),
        };
        assert_eq!(
            sample(&openapi, &thing).0,
            json!({
                "id": "00000000-0000-4000-8000-000000000000",
                "name": "xxx",
                "kind": "b",
                "tags": [5]
            })
        );
    }
}
