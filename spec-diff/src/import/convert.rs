//! A vendor document's schemas, parameters, bodies and responses rewritten in our spec's
//! conventions: facts (names, types, formats, enum values, limits, defaults, required and
//! nullable flags) kept, prose replaced by descriptions made from names, OpenAPI 3.1 and
//! Swagger-isms written as 3.0 (`type: [x, "null"]` and `x-nullable` as `nullable: true`,
//! `const` as a one-value enum), `additionalProperties: false` dropped, and references to the
//! vendor's components turned into references to ours: an existing component when the diff met
//! the two at the same place, when ours has the same name or the same content, else a new one.

use std::collections::{BTreeMap, BTreeSet};

use docs_audit::openapi::Document;
use serde_json::Value;

use super::emit::Yaml;
use super::words;

const SCHEMAS: &str = "#/components/schemas/";
const PARAMETERS: &str = "#/components/parameters/";
const RESPONSES: &str = "#/components/responses/";

/// Facts copied as they are, in the order they are written.
const FACTS: [&str; 16] = [
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "readOnly",
    "writeOnly",
];

/// Rewrites a vendor document's parts for our spec; remembers the components it needs.
pub(super) struct Converter<'d> {
    doc: &'d Document,
    spec: &'d Document,
    /// Vendor component name -> ours.
    names: BTreeMap<String, String>,
    /// Our components paired with the vendor's by the diff: vendor name -> ours.
    paired: BTreeMap<String, String>,
    /// Names in use among our components (existing and new).
    taken: BTreeSet<String>,
    /// Vendor components still to convert: (vendor name, our new name).
    pending: Vec<(String, String)>,
    /// New components, converted, in the order they were first needed.
    pub new_components: Vec<(String, Yaml)>,
    /// Our existing components standing for a vendor's: (ours, vendor's).
    pub reused: BTreeSet<(String, String)>,
    /// Our parameter and response components standing for the vendor's: vendor ref -> ours.
    pub refs: BTreeMap<String, String>,
    fingerprints: Option<BTreeMap<String, String>>,
}

impl<'d> Converter<'d> {
    /// A converter from `doc` (the vendor's) to `spec` (ours); `pairs` are the component names
    /// the diff met at the same place (ours, the vendor's).
    pub(super) fn new(
        doc: &'d Document,
        spec: &'d Document,
        pairs: &BTreeSet<(String, String)>,
    ) -> Self {
        let taken = spec
            .root()
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        let mut paired = BTreeMap::new();
        for (ours, theirs) in pairs {
            paired.entry(theirs.clone()).or_insert_with(|| ours.clone());
        }
        Converter {
            doc,
            spec,
            names: BTreeMap::new(),
            paired,
            taken,
            pending: Vec::new(),
            new_components: Vec::new(),
            reused: BTreeSet::new(),
            refs: BTreeMap::new(),
            fingerprints: None,
        }
    }

    /// Reserves a new component name (`base`, or `base2`, `base3`...).
    pub(super) fn reserve(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Our component for the vendor's component `vendor`.
    fn component(&mut self, vendor: &str) -> String {
        if let Some(name) = self.names.get(vendor) {
            return name.clone();
        }
        let existing = self
            .paired
            .get(vendor)
            .cloned()
            .or_else(|| {
                [vendor.to_string(), words::component_name(vendor)]
                    .into_iter()
                    .find(|n| self.spec.component_schema(n).is_some())
            })
            .or_else(|| self.same_content(vendor));
        let name = match existing {
            Some(ours) => {
                self.reused.insert((ours.clone(), vendor.to_string()));
                ours
            }
            None => {
                let name = self.reserve(&words::component_name(vendor));
                self.pending.push((vendor.to_string(), name.clone()));
                name
            }
        };
        self.names.insert(vendor.to_string(), name.clone());
        name
    }

    /// Our component with the same content as the vendor's `vendor` (descriptions aside).
    fn same_content(&mut self, vendor: &str) -> Option<String> {
        let schema = self.doc.component_schema(vendor)?;
        let print = crate::schema::fingerprint(schema, self.doc, 0);
        let spec = self.spec;
        let prints = self.fingerprints.get_or_insert_with(|| {
            spec.root()
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|all| {
                    all.iter()
                        .map(|(name, s)| (crate::schema::fingerprint(s, spec, 0), name.clone()))
                        .collect()
                })
                .unwrap_or_default()
        });
        prints.get(&print).cloned()
    }

    /// Converts the new components needed so far (and those they need).
    pub(super) fn finish(&mut self) {
        while let Some((vendor, name)) = self.pending.pop() {
            let Some(schema) = self.doc.component_schema(&vendor) else {
                continue;
            };
            let is_enum = schema.get("enum").is_some();
            let description = words::schema(&name, is_enum);
            let yaml = self.schema(schema, &name, Some(description));
            self.new_components.push((name, yaml));
        }
    }

    /// A schema. `parent` names what holds its properties (for their descriptions);
    /// `description` is written when the schema is not a reference.
    pub(super) fn schema(
        &mut self,
        value: &Value,
        parent: &str,
        description: Option<String>,
    ) -> Yaml {
        let Some(map) = value.as_object() else {
            return Yaml::Map(Vec::new());
        };
        if let Some(target) = map.get("$ref").and_then(Value::as_str) {
            if let Some(vendor) = target.strip_prefix(SCHEMAS) {
                if self.doc.component_schema(vendor).is_some() {
                    let ours = self.component(vendor);
                    return Yaml::reference(format!("{SCHEMAS}{ours}"));
                }
            }
            let resolved = self.doc.resolve(value);
            if std::ptr::eq(resolved, value) {
                return Yaml::Map(Vec::new());
            }
            return self.schema(resolved, parent, description);
        }
        let mut out: Vec<(String, Yaml)> = Vec::new();
        let mut nullable = is_true(map.get("nullable")) || is_true(map.get("x-nullable"));
        let types: Vec<&str> = match map.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        nullable |= types.contains(&"null");
        let types: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        let object = map.contains_key("properties");
        let enumerated = enum_type(map);
        match (types.as_slice(), object, enumerated) {
            ([only], _, _) => out.push(("type".into(), Yaml::text(*only))),
            ([], true, _) => out.push(("type".into(), Yaml::text("object"))),
            ([], false, Some(ty)) => out.push(("type".into(), Yaml::text(ty))),
            _ => {}
        }
        if let Some(format) = map.get("format").and_then(Value::as_str) {
            out.push(("format".into(), Yaml::text(format)));
        }
        if let Some(description) = description {
            out.push(("description".into(), Yaml::text(description)));
        }
        let mut values: Vec<Value> = match (map.get("enum"), map.get("const")) {
            (Some(Value::Array(values)), _) => values.clone(),
            (None, Some(value)) => vec![value.clone()],
            _ => Vec::new(),
        };
        if values.contains(&Value::Null) {
            nullable = true;
            values.retain(|v| !v.is_null());
        }
        if !values.is_empty() {
            out.push(("enum".into(), Yaml::Flow(values)));
        }
        for fact in FACTS {
            // A list or object default is written as JSON, which YAML reads as the same value.
            if let Some(value) = map
                .get(fact)
                .filter(|v| fact == "default" || !v.is_object() && !v.is_array())
            {
                out.push((fact.into(), Yaml::Scalar(value.clone())));
            }
        }
        if is_true(map.get("deprecated")) {
            out.push(("deprecated".into(), Yaml::Scalar(Value::Bool(true))));
        }
        if let Some(required) = map.get("required").and_then(Value::as_array) {
            if !required.is_empty() {
                out.push(("required".into(), Yaml::Flow(required.clone())));
            }
        }
        if let Some(properties) = map.get("properties").and_then(Value::as_object) {
            let mut converted = Vec::new();
            for (name, schema) in properties {
                converted.push((name.clone(), self.property(name, schema, parent)));
            }
            out.push(("properties".into(), Yaml::Map(converted)));
        }
        if let Some(items) = map.get("items") {
            let description = (!is_reference(items) && is_object(items))
                .then(|| format!("One item of the {}.", words::words(parent)));
            let items = self.schema(items, parent, description);
            out.push(("items".into(), items));
        }
        match map.get("additionalProperties") {
            Some(Value::Bool(true)) => {
                out.push(("additionalProperties".into(), Yaml::Map(Vec::new())))
            }
            Some(schema @ Value::Object(_)) => {
                let values = self.schema(schema, parent, None);
                out.push(("additionalProperties".into(), values));
            }
            _ => {}
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            let Some(members) = map.get(key).and_then(Value::as_array) else {
                continue;
            };
            let mut converted = Vec::new();
            for member in members {
                if is_null_schema(member) {
                    nullable = true;
                } else {
                    converted.push(self.schema(member, parent, None));
                }
            }
            if !converted.is_empty() {
                out.push((key.into(), Yaml::Seq(converted)));
            }
        }
        if nullable {
            let at = out
                .iter()
                .position(|(k, _)| k == "description")
                .map_or(out.len().min(2), |i| i + 1);
            out.insert(at, ("nullable".into(), Yaml::Scalar(Value::Bool(true))));
        }
        Yaml::Map(out)
    }

    /// A property's schema, with its description unless it is a reference.
    pub(super) fn property(&mut self, name: &str, schema: &Value, parent: &str) -> Yaml {
        let description = (!is_reference(schema)).then(|| words::property(name, parent));
        let holder = if is_object(schema) || is_object_array(schema) {
            name
        } else {
            parent
        };
        self.schema(schema, holder, description)
    }

    /// A parameter (`raw` as the vendor writes it, maybe a `$ref`); `rename` gives our names of
    /// path parameters.
    pub(super) fn parameter(&mut self, raw: &Value, rename: &BTreeMap<String, String>) -> Yaml {
        if let Some(target) = raw.get("$ref").and_then(Value::as_str) {
            if let Some(ours) = self.our_ref(target, PARAMETERS) {
                return Yaml::reference(ours);
            }
        }
        let param = self.doc.resolve(raw);
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let location = param.get("in").and_then(Value::as_str).unwrap_or("query");
        let name = rename.get(name).map_or(name, String::as_str);
        if let Some(ours) = self.spec_parameter(name, location) {
            return Yaml::reference(format!("{PARAMETERS}{ours}"));
        }
        let mut out = vec![
            ("name".to_string(), Yaml::text(name)),
            ("in".to_string(), Yaml::text(location)),
            (
                "required".to_string(),
                Yaml::Scalar(Value::Bool(
                    location == "path" || is_true(param.get("required")),
                )),
            ),
            (
                "description".to_string(),
                Yaml::text(words::parameter(name, location)),
            ),
        ];
        for key in ["style", "explode"] {
            if let Some(value) = param.get(key) {
                out.push((key.to_string(), Yaml::Scalar(value.clone())));
            }
        }
        if location == "path" && self.raw_slashes(name) {
            out.push(("x-raw-slashes".to_string(), Yaml::Scalar(Value::Bool(true))));
        }
        let schema = param
            .get("schema")
            .or_else(|| docs_audit::openapi::json_schema_of(param));
        let schema = match schema {
            Some(schema) => self.schema(schema, name, None),
            None => Yaml::Map(vec![("type".into(), Yaml::text("string"))]),
        };
        out.push(("schema".to_string(), schema));
        Yaml::Map(out)
    }

    /// A response under `status` (`raw` as the vendor writes it, maybe a `$ref`); an inline
    /// object body of a success is named `<hoist>` as a new component.
    pub(super) fn response(
        &mut self,
        status: &str,
        raw: &Value,
        parent: &str,
        hoist: Option<&str>,
    ) -> Yaml {
        if let Some(target) = raw.get("$ref").and_then(Value::as_str) {
            if let Some(ours) = self.our_ref(target, RESPONSES) {
                return Yaml::reference(ours);
            }
        }
        let response = self.doc.resolve(raw);
        let mut out = vec![(
            "description".to_string(),
            Yaml::text(words::response(status)),
        )];
        if let Some(content) = self.content(response, parent, hoist) {
            out.push(("content".to_string(), content));
        }
        Yaml::Map(out)
    }

    /// A request body; an inline object body is named `<hoist>` as a new component.
    pub(super) fn request_body(&mut self, raw: &Value, parent: &str, hoist: Option<&str>) -> Yaml {
        let body = self.doc.resolve(raw);
        let mut out = Vec::new();
        if is_true(body.get("required")) {
            out.push(("required".to_string(), Yaml::Scalar(Value::Bool(true))));
        }
        let content = self
            .content(body, parent, hoist)
            .unwrap_or_else(|| Yaml::Map(Vec::new()));
        out.push(("content".to_string(), content));
        Yaml::Map(out)
    }

    fn content(&mut self, holder: &Value, parent: &str, hoist: Option<&str>) -> Option<Yaml> {
        let content = holder.get("content")?.as_object()?;
        let mut out = Vec::new();
        for (media, entry) in content {
            let mut media_out = Vec::new();
            if let Some(schema) = entry.get("schema") {
                let converted = match hoist {
                    Some(base)
                        if !is_reference(schema) && is_object(schema) && media.contains("json") =>
                    {
                        let name = self.reserve(base);
                        let description = words::schema(&name, false);
                        let yaml = self.schema(schema, &name, Some(description));
                        self.new_components.push((name.clone(), yaml));
                        Yaml::reference(format!("{SCHEMAS}{name}"))
                    }
                    _ => self.schema(schema, parent, None),
                };
                media_out.push(("schema".to_string(), converted));
            }
            out.push((media.clone(), Yaml::Map(media_out)));
        }
        Some(Yaml::Map(out))
    }

    /// Our `#/components/<kind>/...` reference for a vendor's, when we have one: paired by the
    /// import, or under the same name.
    fn our_ref(&self, target: &str, kind: &str) -> Option<String> {
        if let Some(ours) = self.refs.get(target) {
            return Some(ours.clone());
        }
        let name = target.strip_prefix(kind)?;
        let pointer = format!(
            "/{}/{}",
            &kind[2..kind.len() - 1],
            docs_audit::openapi::escape(name)
        );
        self.spec
            .root()
            .pointer(&pointer)
            .map(|_| target.to_string())
    }

    /// Our parameter component with this name and location.
    fn spec_parameter(&self, name: &str, location: &str) -> Option<String> {
        let all = self
            .spec
            .root()
            .pointer("/components/parameters")?
            .as_object()?;
        all.iter()
            .find(|(_, p)| {
                p.get("name").and_then(Value::as_str) == Some(name)
                    && p.get("in").and_then(Value::as_str) == Some(location)
            })
            .map(|(key, _)| key.clone())
    }

    /// Whether our spec sends a path parameter of this name with raw slashes somewhere.
    fn raw_slashes(&self, name: &str) -> bool {
        let mut found = false;
        walk(self.spec.root(), &mut |value| {
            found |= value.get("in").and_then(Value::as_str) == Some("path")
                && value.get("name").and_then(Value::as_str) == Some(name)
                && is_true(value.get("x-raw-slashes"));
        });
        found
    }
}

fn walk(value: &Value, visit: &mut dyn FnMut(&Value)) {
    visit(value);
    match value {
        Value::Object(map) => map.values().for_each(|v| walk(v, visit)),
        Value::Array(items) => items.iter().for_each(|v| walk(v, visit)),
        _ => {}
    }
}

/// The type every value of an untyped `enum` (or `const`) has: `string`, `integer`,
/// `number` or `boolean`.
fn enum_type(map: &serde_json::Map<String, Value>) -> Option<&'static str> {
    let values: Vec<&Value> = match (map.get("enum"), map.get("const")) {
        (Some(Value::Array(values)), _) => values.iter().filter(|v| !v.is_null()).collect(),
        (None, Some(value)) => vec![value],
        _ => return None,
    };
    let of = |value: &Value| match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    let first = of(values.first()?)?;
    values.iter().all(|v| of(v) == Some(first)).then_some(first)
}

fn is_true(value: Option<&Value>) -> bool {
    value == Some(&Value::Bool(true))
}

fn is_reference(value: &Value) -> bool {
    value.get("$ref").is_some()
}

fn is_object(value: &Value) -> bool {
    value.get("properties").is_some() || value.get("type").and_then(Value::as_str) == Some("object")
}

fn is_object_array(value: &Value) -> bool {
    value
        .get("items")
        .is_some_and(|items| !is_reference(items) && is_object(items))
}

/// `{type: null}`, or `{nullable: true}` and nothing that describes a value.
fn is_null_schema(value: &Value) -> bool {
    value.get("type").and_then(Value::as_str) == Some("null")
        || (is_true(value.get("nullable"))
            && [
                "type",
                "$ref",
                "properties",
                "items",
                "enum",
                "allOf",
                "oneOf",
                "anyOf",
            ]
            .iter()
            .all(|key| value.get(key).is_none()))
}
