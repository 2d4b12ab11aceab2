//! The resolved view of a document, formed once when it is loaded, so that every later reader
//! (lowering, setters, mocks, pagination, render) sees the same thing:
//!
//! - each operation lists all its parameters inline: path-item parameters merged in (an
//!   operation's own parameter of the same name and place wins), `$ref` parameters and request
//!   bodies replaced by what they point at;
//! - each operation has an `operationId` that is its Rust method name: snake_case, not a keyword
//!   nor a name the client already uses, unique; formed from the document's id, or from the
//!   method and path when it has none;
//! - a `$ref` that points at nothing becomes "any value" (or is dropped where a value cannot
//!   stand), with a warning naming it and its line;
//! - websocket operations (`101 Switching Protocols`), which a request/response client cannot
//!   call, are skipped with a warning naming each;
//! - schemas never refuse unknown fields (`additionalProperties: false` goes): a vendor adding a
//!   field must not break a client; an `anyOf` of non-objects is read as a `oneOf`; a union's
//!   `default` of another type than its first member goes (the server's is used);
//! - inline `title`s that would name two types alike (or like a component) go, so type names are
//!   derived from where the schema stands instead;
//! - properties whose Rust field names would collide (`createdAt` beside `created_at`) get a
//!   unique stand-in key, mapped back to the wire name by the generator.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use serde_yaml::{Mapping as Map, Value};

use crate::error::SpecWarning;
use crate::naming::{is_keyword, rust_field_name, rust_type_name};
use crate::operations::Method;
use crate::tree::key_text;
use crate::Locator;

/// What resolving changed that the generator must know.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolution {
    /// Stand-in property keys and the wire names they stand for.
    pub property_renames: BTreeMap<String, String>,
    /// What was skipped or replaced, for the user.
    pub warnings: Vec<SpecWarning>,
}

/// Methods of the generated client that no operation may take as its name.
const CLIENT_METHODS: [&str; 4] = ["builder", "from_env", "base_url", "new"];

/// Keys whose values are data, never walked as document structure.
const DATA_KEYS: [&str; 4] = ["example", "examples", "default", "enum"];

/// Resolves `document` in place.
pub(crate) fn resolve(locator: &Locator, document: &mut Value) -> Resolution {
    let mut resolution = Resolution::default();
    replace_dangling_refs(locator, document, &mut resolution.warnings);
    distinct_component_names(document);
    skip_websockets(locator, document, &mut resolution.warnings);
    inline_operation_parts(document);
    name_operations(document);
    let mut titles = BTreeMap::new();
    count_titles(document, false, &mut titles);
    let context = Context {
        components: component_names(document),
        titles,
        types: component_types(document),
    };
    tolerate(document, false, &context, &mut resolution);
    resolution
}

/// Follows a local `$ref` (`#/a/b`, with `~1` for `/` and `~0` for `~`) in `document`.
pub(crate) fn pointer<'v>(document: &'v Value, reference: &str) -> Option<&'v Value> {
    let pointer = reference.strip_prefix("#/")?;
    pointer.split('/').try_fold(document, |node, segment| {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        index(node, &segment)
    })
}

fn index<'v>(node: &'v Value, key: &str) -> Option<&'v Value> {
    match node {
        Value::Mapping(map) => map.get(key),
        Value::Sequence(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    }
}

fn index_mut<'v>(node: &'v mut Value, key: &str) -> Option<&'v mut Value> {
    match node {
        Value::Mapping(map) => map.get_mut(key),
        Value::Sequence(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    }
}

fn pointer_mut<'v>(document: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter()
        .try_fold(document, |node, key| index_mut(node, key))
}

/// Every `$ref` that points at nothing: replaced by "any value" in a schema, dropped from a list
/// of parameters or from its operation (a request body), a response read without a body type.
fn replace_dangling_refs(locator: &Locator, document: &mut Value, warnings: &mut Vec<SpecWarning>) {
    let mut dangling = Vec::new();
    find_refs(document, &mut Vec::new(), &mut |path, reference| {
        if pointer(document, reference).is_none() {
            dangling.push((path.to_vec(), reference.to_string()));
        }
    });
    // Last first, so removing a list item does not move the others still to visit.
    dangling.reverse();
    for (path, reference) in dangling {
        let keys: Vec<&str> = path
            .iter()
            .map(String::as_str)
            .filter(|k| k.parse::<usize>().is_err())
            .collect();
        let line = locator.at(&keys, String::new()).line;
        let Some((last, container_path)) = path.split_last() else {
            continue;
        };
        let parent_key = container_path.last().map(String::as_str);
        let Some(container) = pointer_mut(document, container_path) else {
            continue;
        };
        let what = match (parent_key, container) {
            (Some("parameters"), Value::Sequence(items)) => {
                if let Ok(i) = last.parse::<usize>() {
                    if i < items.len() {
                        items.remove(i);
                    }
                }
                "the parameter is left out"
            }
            (_, Value::Mapping(map)) if last == "requestBody" => {
                map.remove("requestBody");
                "the request body is left out"
            }
            (Some("responses"), Value::Mapping(map)) => {
                let mut response = Map::new();
                response.insert("description".into(), "".into());
                map.insert(last.as_str().into(), Value::Mapping(response));
                "the response is read without a body type"
            }
            (_, container) => {
                if let Some(slot) = index_mut(container, last) {
                    *slot = Value::Mapping(Map::new());
                }
                "it is read as any JSON value"
            }
        };
        warnings.push(SpecWarning {
            kind: "unresolved $ref",
            line,
            message: format!("`$ref: {reference}` points at nothing; {what}"),
        });
    }
}

/// Calls `found` with the path and target of every `$ref` in `value`, in document order.
fn find_refs(value: &Value, path: &mut Vec<String>, found: &mut dyn FnMut(&[String], &str)) {
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                found(path, reference);
                return;
            }
            for (key, child) in map {
                let key = key_text(key);
                if DATA_KEYS.contains(&key.as_str()) {
                    continue;
                }
                path.push(key);
                find_refs(child, path, found);
                path.pop();
            }
        }
        Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                find_refs(child, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Component schemas whose Rust type names collide (`incidentUpdates` beside `IncidentUpdates`):
/// each after the first gets a numbered key, and every `$ref` to it follows.
fn distinct_component_names(document: &mut Value) {
    let Some(schemas) = pointer(document, "#/components/schemas").and_then(Value::as_mapping)
    else {
        return;
    };
    let keys: Vec<String> = schemas.keys().map(key_text).collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for key in &keys {
        if taken.insert(rust_type_name(key)) {
            continue;
        }
        let new_key = (2..)
            .map(|n| format!("{key}{n}"))
            .find(|k| !keys.contains(k) && !taken.contains(&rust_type_name(k)))
            .unwrap_or_else(|| key.clone());
        taken.insert(rust_type_name(&new_key));
        renamed.insert(key.clone(), new_key);
    }
    if renamed.is_empty() {
        return;
    }
    if let Some(Value::Mapping(schemas)) = document
        .get_mut("components")
        .and_then(|c| c.get_mut("schemas"))
    {
        let old = std::mem::take(schemas);
        *schemas = old
            .into_iter()
            .map(|(k, v)| match renamed.get(&key_text(&k)) {
                Some(new_key) => (new_key.as_str().into(), v),
                None => (k, v),
            })
            .collect();
    }
    let references: BTreeMap<String, String> = renamed
        .iter()
        .map(|(old, new)| {
            let escape = |k: &str| k.replace('~', "~0").replace('/', "~1");
            (
                format!("#/components/schemas/{}", escape(old)),
                format!("#/components/schemas/{}", escape(new)),
            )
        })
        .collect();
    retarget_refs(document, &references);
}

/// Rewrites every `$ref` found in `targets` to its new target.
fn retarget_refs(value: &mut Value, targets: &BTreeMap<String, String>) {
    match value {
        Value::Mapping(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(new) = targets.get(reference.as_str()) {
                    *reference = new.clone();
                }
            }
            for (_, child) in map.iter_mut() {
                retarget_refs(child, targets);
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(|i| retarget_refs(i, targets)),
        _ => {}
    }
}

/// Each path item's operations, as (path, method key) pairs in document order.
fn operation_slots(document: &Value) -> Vec<(String, &'static str)> {
    let Some(paths) = document.get("paths").and_then(Value::as_mapping) else {
        return Vec::new();
    };
    paths
        .iter()
        .flat_map(|(path, item)| {
            let path = key_text(path);
            Method::ALL
                .iter()
                .filter(|m| item.get(m.key()).is_some_and(Value::is_mapping))
                .map(|m| (path.clone(), m.key()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn path_item_mut<'v>(document: &'v mut Value, path: &str) -> Option<&'v mut Map> {
    document.get_mut("paths")?.get_mut(path)?.as_mapping_mut()
}

/// Operations answering `101` (or marked as dropshot websockets) are removed.
fn skip_websockets(locator: &Locator, document: &mut Value, warnings: &mut Vec<SpecWarning>) {
    for (path, method) in operation_slots(document) {
        let Some(item) = path_item_mut(document, &path) else {
            continue;
        };
        let Some(op) = item.get(method) else { continue };
        let websocket = op.get("x-dropshot-websocket").is_some()
            || op
                .get("responses")
                .and_then(Value::as_mapping)
                .is_some_and(|r| r.keys().any(|k| key_text(k) == "101"));
        if !websocket {
            continue;
        }
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .map(|id| format!("`{id}` "))
            .unwrap_or_default();
        item.remove(method);
        let line = locator.at(&["paths", &path, method], String::new()).line;
        warnings.push(SpecWarning {
            kind: "websocket operation skipped",
            line,
            message: format!(
                "operation {id}({} {path}) upgrades to a websocket, which a request/response \
                 client cannot call; it is skipped",
                method.to_uppercase()
            ),
        });
    }
}

/// Follows `$ref`s (to a bounded depth) to the value they point at.
fn follow<'v>(document: &'v Value, mut value: &'v Value) -> &'v Value {
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => match pointer(document, reference) {
                Some(target) => value = target,
                None => break,
            },
            None => break,
        }
    }
    value
}

/// Parameters merged and inlined, request bodies inlined.
fn inline_operation_parts(document: &mut Value) {
    let source = document.clone();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_mapping_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let path = key_text(path);
        let Some(item) = item.as_mapping_mut() else {
            continue;
        };
        let shared: Vec<Value> = item
            .remove("parameters")
            .and_then(|p| p.as_sequence().cloned())
            .unwrap_or_default()
            .iter()
            .map(|p| follow(&source, p).clone())
            .collect();
        for method in Method::ALL {
            let Some(op) = item.get_mut(method.key()).and_then(Value::as_mapping_mut) else {
                continue;
            };
            let own: Vec<Value> = op
                .get("parameters")
                .and_then(Value::as_sequence)
                .map(|ps| ps.iter().map(|p| follow(&source, p).clone()).collect())
                .unwrap_or_default();
            let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
            let mut merged: Vec<Value> = shared
                .iter()
                .filter(|s| !own.iter().any(|o| key(o) == key(s)))
                .cloned()
                .collect();
            merged.extend(own);
            declare_path_parameters(&path, &mut merged);
            if merged.is_empty() {
                op.remove("parameters");
            } else {
                op.insert("parameters".into(), Value::Sequence(merged));
            }
            if let Some(body) = op.get("requestBody") {
                let body = follow(&source, body).clone();
                op.insert("requestBody".into(), body);
            }
        }
    }
}

/// Every `{name}` of the path template is a required path parameter: undeclared ones are
/// declared as strings, and declared ones are marked required (as OpenAPI demands).
fn declare_path_parameters(path: &str, parameters: &mut Vec<Value>) {
    let names = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name));
    for name in names {
        let declared = parameters.iter_mut().find(|p| {
            p.get("in").and_then(Value::as_str) == Some("path")
                && p.get("name").and_then(Value::as_str) == Some(name)
        });
        match declared {
            Some(Value::Mapping(p)) => {
                p.insert("required".into(), true.into());
            }
            Some(_) => {}
            None => {
                let mut schema = Map::new();
                schema.insert("type".into(), "string".into());
                let mut p = Map::new();
                p.insert("name".into(), name.into());
                p.insert("in".into(), "path".into());
                p.insert("required".into(), true.into());
                p.insert("schema".into(), Value::Mapping(schema));
                parameters.push(Value::Mapping(p));
            }
        }
    }
}

/// The method name of an operation id: snake_case words of letters and digits, not a keyword
/// nor a method the client already has.
pub fn method_name(id: &str) -> String {
    let spaced: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = spaced.to_snake_case();
    if name.is_empty() {
        name = "operation".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("op_{name}");
    }
    if is_keyword(&name) || CLIENT_METHODS.contains(&name.as_str()) {
        name.push_str("_op");
    }
    name
}

/// A method name from the method and path: `GET /projects/{id}/builds` is
/// `get_projects_id_builds`.
fn name_from_path(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    method_name(&format!("{method} {}", words.join(" ")))
}

/// Every operation gets its unique method name as `operationId`.
fn name_operations(document: &mut Value) {
    let mut taken = BTreeSet::new();
    for (path, method) in operation_slots(document) {
        let Some(op) = path_item_mut(document, &path)
            .and_then(|item| item.get_mut(method))
            .and_then(Value::as_mapping_mut)
        else {
            continue;
        };
        let base = match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !id.trim().is_empty() => method_name(id),
            _ => name_from_path(method, &path),
        };
        let mut name = base.clone();
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        op.insert("operationId".into(), name.into());
    }
}

/// Rust type names of the component schemas.
fn component_names(document: &Value) -> BTreeSet<String> {
    pointer(document, "#/components/schemas")
        .and_then(Value::as_mapping)
        .map(|schemas| {
            schemas
                .keys()
                .map(|k| rust_type_name(&key_text(k)))
                .collect()
        })
        .unwrap_or_default()
}

/// The `type` of each component schema that has one, by its `$ref`.
fn component_types(document: &Value) -> BTreeMap<String, String> {
    pointer(document, "#/components/schemas")
        .and_then(Value::as_mapping)
        .map(|schemas| {
            schemas
                .iter()
                .filter_map(|(k, v)| {
                    let t = v.get("type")?.as_str()?;
                    Some((
                        format!("#/components/schemas/{}", key_text(k)),
                        t.to_string(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Counts the Rust names of inline schemas' titles (component schemas are named by their key).
fn count_titles(value: &Value, component: bool, counts: &mut BTreeMap<String, usize>) {
    match value {
        Value::Mapping(map) => {
            if !component {
                if let Some(Value::String(title)) = map.get("title") {
                    *counts.entry(rust_type_name(title)).or_default() += 1;
                }
            }
            for (key, child) in map {
                match key.as_str().unwrap_or_default() {
                    k if DATA_KEYS.contains(&k) => {}
                    "schemas" => {
                        if let Value::Mapping(members) = child {
                            for member in members.values() {
                                count_titles(member, true, counts);
                            }
                        }
                    }
                    _ => count_titles(child, false, counts),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|i| count_titles(i, false, counts)),
        _ => {}
    }
}

/// What `tolerate` needs to know of the whole document.
struct Context {
    /// Rust type names of the component schemas.
    components: BTreeSet<String>,
    /// How often each inline title's Rust name occurs.
    titles: BTreeMap<String, usize>,
    /// The JSON type (`type`) of each component schema that has one, by `$ref`.
    types: BTreeMap<String, String>,
}

/// A union's `default` the generated code would build as its first member's value, where that
/// member is of another JSON type (`"FALLBACK"` for an object): left to the server.
fn default_misses_first_member(map: &Map, types: &BTreeMap<String, String>) -> bool {
    let Some(default) = map.get("default") else {
        return false;
    };
    let first = ["oneOf", "anyOf", "allOf"]
        .iter()
        .find_map(|k| map.get(*k).and_then(Value::as_sequence)?.first());
    let Some(first) = first else { return false };
    let member_type = match first.get("$ref").and_then(Value::as_str) {
        Some(reference) => types.get(reference).map(String::as_str),
        None => first.get("type").and_then(Value::as_str),
    };
    let default_type = match default {
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Sequence(_) => "array",
        Value::Mapping(_) => "object",
        _ => return false,
    };
    match member_type {
        Some("number") => !matches!(default_type, "number" | "integer"),
        Some(t) => t != default_type,
        None => true,
    }
}

/// An `anyOf` of values that are not objects (`uri` string, `""`, null) is read as a `oneOf`:
/// the first member a value matches is the one it is (typify would make a struct of flattened
/// optional members, which cannot hold a plain string).
fn scalar_any_of_as_one_of(map: &mut Map, types: &BTreeMap<String, String>) {
    let Some(Value::Sequence(members)) = map.get("anyOf") else {
        return;
    };
    let object = |member: &Value| {
        let declared = match member.get("$ref").and_then(Value::as_str) {
            Some(reference) => types.get(reference).map(String::as_str),
            None => member.get("type").and_then(Value::as_str),
        };
        declared == Some("object")
            || member.get("properties").is_some()
            || member.get("allOf").is_some()
            || (member.get("$ref").is_some() && declared.is_none())
    };
    if members.iter().any(object) || map.contains_key("oneOf") {
        return;
    }
    if let Some(members) = map.remove("anyOf") {
        map.insert("oneOf".into(), members);
    }
}

/// Unknown fields accepted, colliding titles dropped, colliding property names given stand-ins.
fn tolerate(value: &mut Value, component: bool, context: &Context, resolution: &mut Resolution) {
    match value {
        Value::Mapping(map) => {
            if map.get("additionalProperties") == Some(&Value::Bool(false)) {
                map.remove("additionalProperties");
            }
            if default_misses_first_member(map, &context.types) {
                map.remove("default");
            }
            scalar_any_of_as_one_of(map, &context.types);
            if !component {
                if let Some(Value::String(title)) = map.get("title") {
                    let name = rust_type_name(title);
                    if context.components.contains(&name)
                        || context.titles.get(&name).is_some_and(|&n| n > 1)
                    {
                        map.remove("title");
                    }
                }
            }
            distinct_fields(map, resolution);
            for (key, child) in map.iter_mut() {
                match key.as_str().unwrap_or_default() {
                    k if DATA_KEYS.contains(&k) => {}
                    "schemas" => {
                        if let Value::Mapping(members) = child {
                            for (_, member) in members.iter_mut() {
                                tolerate(member, true, context, resolution);
                            }
                        }
                    }
                    _ => tolerate(child, false, context, resolution),
                }
            }
        }
        Value::Sequence(items) => items
            .iter_mut()
            .for_each(|i| tolerate(i, false, context, resolution)),
        _ => {}
    }
}

/// In a schema whose properties' Rust field names collide, each property after the first of a
/// name gets a stand-in key (also in `required`), recorded with the wire name it stands for.
fn distinct_fields(schema: &mut Map, resolution: &mut Resolution) {
    let Some(Value::Mapping(properties)) = schema.get("properties") else {
        return;
    };
    let keys: Vec<String> = properties.keys().map(key_text).collect();
    let mut seen = BTreeSet::new();
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for key in &keys {
        if seen.insert(rust_field_name(key)) {
            continue;
        }
        let mut n = 2;
        let stand_in = loop {
            let candidate = format!("{key}__{n}");
            if !keys.contains(&candidate) && seen.insert(rust_field_name(&candidate)) {
                break candidate;
            }
            n += 1;
        };
        resolution
            .property_renames
            .insert(stand_in.clone(), key.clone());
        renamed.insert(key.clone(), stand_in);
    }
    if renamed.is_empty() {
        return;
    }
    let rename = |key: &Value| -> Value {
        match renamed.get(&key_text(key)) {
            Some(stand_in) => stand_in.as_str().into(),
            None => key.clone(),
        }
    };
    if let Some(Value::Mapping(properties)) = schema.remove("properties") {
        let properties: Map = properties
            .into_iter()
            .map(|(k, v)| (rename(&k), v))
            .collect();
        schema.insert("properties".into(), Value::Mapping(properties));
    }
    if let Some(Value::Sequence(required)) = schema.get_mut("required") {
        for name in required.iter_mut() {
            *name = rename(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    /// `text` (JSON, read in its own order) resolved; the result as JSON for comparisons.
    fn resolved(text: &str) -> (serde_json::Value, Resolution) {
        let mut doc: Value = serde_json::from_str(text).unwrap();
        let locator = Locator::new(Path::new("t.json"), text);
        let resolution = resolve(&locator, &mut doc);
        (serde_json::to_value(doc).unwrap(), resolution)
    }

    #[test]
    fn operation_ids_become_unique_method_names() {
        assert_eq!(method_name("listPipelines"), "list_pipelines");
        assert_eq!(method_name("get-job-output"), "get_job_output");
        assert_eq!(method_name("projects.list"), "projects_list");
        assert_eq!(method_name("2fa"), "op_2fa");
        assert_eq!(method_name("type"), "type_op");
        assert_eq!(method_name("builder"), "builder_op");
        let (doc, _) = resolved(
            r##"{"paths": {
            "/a": {"get": {"operationId": "getA"}, "post": {"operationId": "get_a"}},
            "/projects/{id}/builds": {"get": {}}
        }}"##,
        );
        assert_eq!(doc["paths"]["/a"]["get"]["operationId"], "get_a");
        assert_eq!(doc["paths"]["/a"]["post"]["operationId"], "get_a_2");
        assert_eq!(
            doc["paths"]["/projects/{id}/builds"]["get"]["operationId"],
            "get_projects_id_builds"
        );
    }

    #[test]
    fn parameters_are_merged_and_inlined() {
        let (doc, _) = resolved(
            r##"{
            "components": {"parameters": {"Slug": {"name": "slug", "in": "path", "required": true,
                                                    "schema": {"type": "string"}}}},
            "paths": {"/p/{slug}": {
                "parameters": [{"$ref": "#/components/parameters/Slug"},
                               {"name": "q", "in": "query", "schema": {"type": "string"}}],
                "get": {"operationId": "g", "parameters": [
                    {"name": "q", "in": "query", "schema": {"type": "integer"}}]}
            }}
        }"##,
        );
        let item = &doc["paths"]["/p/{slug}"];
        assert!(item.get("parameters").is_none());
        assert_eq!(
            item["get"]["parameters"],
            json!([
                {"name": "slug", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "q", "in": "query", "schema": {"type": "integer"}}
            ])
        );
    }

    #[test]
    fn dangling_refs_and_websockets_warn() {
        let (doc, resolution) = resolved(
            r##"{
            "paths": {
                "/ws": {"get": {"operationId": "ws", "responses": {"101": {"description": "up"}}}},
                "/x": {"get": {"operationId": "x", "parameters": [{"$ref": "#/nope/p"}],
                    "responses": {"200": {"description": "ok", "content": {"application/json":
                        {"schema": {"$ref": "#/components/schemas/Missing"}}}}}}}
            }
        }"##,
        );
        assert!(doc["paths"]["/ws"].get("get").is_none());
        let op = &doc["paths"]["/x"]["get"];
        assert!(op.get("parameters").is_none());
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({})
        );
        let kinds: Vec<&str> = resolution.warnings.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [
                "unresolved $ref",
                "unresolved $ref",
                "websocket operation skipped"
            ]
        );
        assert!(resolution.warnings.iter().all(|w| w.line.is_some()));
    }

    #[test]
    fn component_names_that_would_collide_are_numbered_with_their_refs() {
        let (doc, _) = resolved(
            r##"{"components": {"schemas": {
                "IncidentUpdates": {"type": "string"},
                "incidentUpdates": {"type": "integer"},
                "Page": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/IncidentUpdates"},
                    "b": {"$ref": "#/components/schemas/incidentUpdates"}}}
            }}}"##,
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["incidentUpdates2"], json!({"type": "integer"}));
        assert!(schemas.get("incidentUpdates").is_none());
        assert_eq!(
            schemas["Page"]["properties"]["b"]["$ref"],
            "#/components/schemas/incidentUpdates2"
        );
        assert_eq!(
            schemas["Page"]["properties"]["a"]["$ref"],
            "#/components/schemas/IncidentUpdates"
        );
    }

    #[test]
    fn schemas_tolerate_unknown_fields_and_names_do_not_collide() {
        let (doc, resolution) = resolved(
            r##"{
            "components": {"schemas": {
                "Context": {"type": "object", "additionalProperties": false,
                    "required": ["createdAt", "created_at"],
                    "properties": {
                        "created_at": {"type": "string"},
                        "createdAt": {"type": "string"},
                        "inner": {"title": "Context", "type": "object"}
                    }}
            }}
        }"##,
        );
        let context = &doc["components"]["schemas"]["Context"];
        assert!(context.get("additionalProperties").is_none());
        assert!(context["properties"]["inner"].get("title").is_none());
        assert_eq!(context["required"], json!(["createdAt__2", "created_at"]));
        assert!(context["properties"].get("createdAt__2").is_some());
        assert_eq!(
            resolution
                .property_renames
                .get("createdAt__2")
                .map(String::as_str),
            Some("createdAt")
        );
    }
}
