//! OpenAPI 3.1 read as 3.0: the constructs of 3.1 (JSON Schema 2020-12) that real documents use
//! are rewritten into their 3.0 equivalents, so the rest of the workspace sees one dialect.
//!
//! - `type: [T, "null"]` becomes `type: T` with `nullable: true` (several non-null types: any
//!   value); `type: "null"` alone becomes a nullable schema of any value;
//! - `oneOf`/`anyOf` with a `{type: "null"}` member lose it and become nullable;
//! - `const: v` becomes `enum: [v]`;
//! - a schema's `examples: [..]` becomes `example` (the first);
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` become `minimum`/`maximum` with the boolean;
//! - `$ref` with sibling keywords keeps the reference inside an `allOf`, so `nullable` and the
//!   description are not lost;
//! - `webhooks`, `jsonSchemaDialect` and `components.pathItems` (which generate nothing) go;
//!   a document without `paths` gets an empty one.

use serde_yaml::{Mapping as Map, Value};

/// Rewrites a 3.1 document into 3.0 in place.
pub(crate) fn to_v30(document: &mut Value) {
    let Some(root) = document.as_mapping_mut() else {
        return;
    };
    root.insert("openapi".into(), "3.0.3".into());
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Mapping(Map::new()));
    }
    if let Some(components) = root.get_mut("components").and_then(Value::as_mapping_mut) {
        components.remove("pathItems");
    }
    if let Some(license) = root
        .get_mut("info")
        .and_then(|i| i.get_mut("license"))
        .and_then(Value::as_mapping_mut)
    {
        license.remove("identifier");
    }
    walk(document, false);
}

/// Walks the document; `is_schema` tells whether `value` is a schema object. Data (examples,
/// defaults, enum values) is not walked: a key named `schema` or `type` there is data.
fn walk(value: &mut Value, is_schema: bool) {
    match value {
        Value::Sequence(items) => items.iter_mut().for_each(|item| walk(item, false)),
        Value::Mapping(map) => {
            if is_schema {
                rewrite_schema(map);
            }
            for (key, child) in map.iter_mut() {
                let key = key.as_str().unwrap_or_default();
                match (is_schema, key) {
                    (_, "example" | "examples" | "default" | "enum") => {}
                    (true, "properties" | "patternProperties" | "$defs") | (false, "schemas") => {
                        walk_members(child)
                    }
                    (true, "allOf" | "oneOf" | "anyOf" | "prefixItems") => {
                        if let Value::Sequence(members) = child {
                            members.iter_mut().for_each(|m| walk(m, true));
                        }
                    }
                    (true, "items" | "not" | "additionalProperties" | "contains")
                    | (false, "schema") => {
                        let object = child.is_mapping();
                        walk(child, object);
                    }
                    _ => walk(child, false),
                }
            }
        }
        _ => {}
    }
}

/// Walks each value of a map of schemas.
fn walk_members(map: &mut Value) {
    if let Value::Mapping(members) = map {
        members.iter_mut().for_each(|(_, m)| walk(m, true));
    }
}

/// Rewrites one schema object's own keywords (its children are walked by the caller).
fn rewrite_schema(map: &mut Map) {
    match map.get("type").cloned() {
        Some(Value::Sequence(types)) => {
            let non_null: Vec<Value> = types.iter().filter(|t| !is_null_word(t)).cloned().collect();
            if non_null.len() != types.len() {
                map.insert("nullable".into(), true.into());
            }
            match non_null.as_slice() {
                [single] => {
                    map.insert("type".into(), single.clone());
                }
                _ => {
                    map.remove("type");
                }
            }
        }
        Some(t) if is_null_word(&t) => {
            map.remove("type");
            map.insert("nullable".into(), true.into());
        }
        _ => {}
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Sequence(members)) = map.get_mut(key) else {
            continue;
        };
        let before = members.len();
        members.retain(|m| !is_null_schema(m));
        if members.len() == before {
            continue;
        }
        let single = (members.len() == 1).then(|| members[0].clone());
        map.insert("nullable".into(), true.into());
        if let Some(only) = single {
            map.remove(key);
            map.insert("allOf".into(), Value::Sequence(vec![only]));
        }
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), Value::Sequence(vec![value]));
    }
    if let Some(Value::Sequence(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.into_iter().next() {
            if !map.contains_key("example") {
                map.insert("example".into(), first);
            }
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), Value::Number(n));
            map.insert(exclusive.into(), true.into());
        }
    }
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or_default();
        let mut inner = Map::new();
        inner.insert("$ref".into(), reference);
        map.insert("allOf".into(), Value::Sequence(vec![Value::Mapping(inner)]));
    }
}

fn is_null_word(value: &Value) -> bool {
    value.as_str() == Some("null")
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").is_some_and(is_null_word)
        || schema
            .get("enum")
            .and_then(Value::as_sequence)
            .is_some_and(|v| v.as_slice() == [Value::Null])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `doc` downgraded, as JSON for comparisons.
    fn downgraded(doc: serde_json::Value) -> serde_json::Value {
        let mut value: Value = serde_json::from_value(doc).unwrap();
        to_v30(&mut value);
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn schema_constructs_become_v30() {
        let doc = downgraded(json!({
            "openapi": "3.1.0",
            "webhooks": {},
            "components": {"schemas": {"A": {
                "type": "object",
                "properties": {
                    "n": {"type": ["integer", "null"], "exclusiveMinimum": 0},
                    "kind": {"const": "a"},
                    "b": {"$ref": "#/components/schemas/B", "description": "a B"},
                    "c": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                    "e": {"type": "string", "examples": ["x", "y"]},
                    "list": {"type": "array", "items": {"type": ["string", "null"]}}
                }
            }}}
        }));
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert_eq!(doc["paths"], json!({}));
        let p = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            p["n"],
            json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(p["kind"], json!({"enum": ["a"]}));
        assert_eq!(
            p["b"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "description": "a B"})
        );
        assert_eq!(
            p["c"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true})
        );
        assert_eq!(p["e"], json!({"type": "string", "example": "x"}));
        assert_eq!(
            p["list"]["items"],
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn parameter_and_media_type_schemas_are_rewritten_but_not_their_examples_maps() {
        let doc = downgraded(json!({
            "openapi": "3.1.0",
            "paths": {"/x": {"get": {
                "parameters": [{"name": "q", "in": "query", "schema": {"type": ["string", "null"]},
                                 "examples": {"one": {"value": "a"}}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": "object", "properties": {"type": {"type": "string"}}},
                    "examples": {"one": {"value": {}}}
                }}}}
            }}}
        }));
        let op = &doc["paths"]["/x"]["get"];
        assert_eq!(
            op["parameters"][0]["schema"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            op["parameters"][0]["examples"],
            json!({"one": {"value": "a"}})
        );
        let media = &op["responses"]["200"]["content"]["application/json"];
        // A property named `type` is a property, not a keyword.
        assert_eq!(
            media["schema"]["properties"]["type"],
            json!({"type": "string"})
        );
        assert_eq!(media["examples"], json!({"one": {"value": {}}}));
    }
}
