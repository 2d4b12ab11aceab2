//! A flattened view of an OpenAPI / JSON schema: `$ref` followed, `allOf` merged, `oneOf` and
//! `anyOf` collected as variants, `nullable` (and CircleCI's `x-nullable`) folded in. Used for the
//! spec being audited and for the JSON schemas printed on CircleCI's page.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use spec_model::extensions::DOC_DEVIATION;

use crate::page::{Constraints, NamedSchema, Property, Shape, Ty};

/// Finds the target of a `$ref`.
pub trait Resolve {
    /// The value `reference` points to (`#/components/schemas/Name`), if known.
    fn lookup(&self, reference: &str) -> Option<&Value>;
}

/// What a schema says about values of other keys of an object.
#[derive(Debug, Clone, Copy)]
pub enum Additional<'a> {
    /// Nothing said.
    Absent,
    /// `true` or `{}`: any value.
    Any,
    /// `false`.
    Forbidden,
    /// A schema for the values.
    Schema(&'a Value),
}

/// The basic kind of a viewed schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No constraint at all (`{}`).
    Any,
    /// A `$ref` that leads nowhere known.
    Unresolved,
    /// `type: string` (or only string `enum` values).
    String,
    /// `type: integer`.
    Integer,
    /// `type: number`.
    Number,
    /// `type: boolean`.
    Boolean,
    /// `type: object`, or properties without a type.
    Object,
    /// `type: array`, or `items` without a type.
    Array,
    /// Only `oneOf` / `anyOf` variants.
    Variants,
}

impl Kind {
    /// The OpenAPI word for this kind.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Any => "any",
            Kind::Unresolved => "unresolved $ref",
            Kind::String => "string",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::Boolean => "boolean",
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::Variants => "oneOf",
        }
    }
}

/// A schema with references and compositions resolved one level deep (children stay raw).
#[derive(Debug, Clone)]
pub struct View<'a> {
    /// `type` values (several when `allOf` members or a type list say so).
    pub types: Vec<String>,
    /// `format`.
    pub format: Option<String>,
    /// `nullable: true`, `x-nullable: true`, or a `null` type or enum value.
    pub nullable: bool,
    /// `enum` values as text.
    pub enum_values: Vec<String>,
    /// Properties in declaration order.
    pub properties: Vec<(String, &'a Value)>,
    /// Required property names.
    pub required: BTreeSet<String>,
    /// Array items.
    pub items: Option<&'a Value>,
    /// `additionalProperties`.
    pub additional: Additional<'a>,
    /// `oneOf` / `anyOf` members.
    pub variants: Vec<&'a Value>,
    /// A `$ref` could not be followed.
    pub unresolved: bool,
    /// The `x-doc-deviation` reason: the spec differs from the page here on purpose.
    pub deviation: Option<&'a str>,
    /// Limits and default (the first statement of each wins).
    pub constraints: Constraints,
    /// `x-aliases`: other wire names the property may arrive under.
    pub aliases: Vec<String>,
    /// The `$ref`s followed to build this view.
    pub refs: Vec<&'a str>,
}

/// Views `value`, following references with `resolver`.
pub fn view<'a>(value: &'a Value, resolver: &'a dyn Resolve) -> View<'a> {
    let mut out = View {
        types: Vec::new(),
        format: None,
        nullable: false,
        enum_values: Vec::new(),
        properties: Vec::new(),
        required: BTreeSet::new(),
        items: None,
        additional: Additional::Absent,
        variants: Vec::new(),
        unresolved: false,
        deviation: None,
        constraints: Constraints::default(),
        aliases: Vec::new(),
        refs: Vec::new(),
    };
    fill(&mut out, value, resolver, &mut Vec::new());
    out
}

const MAX_DEPTH: usize = 32;

/// The extension listing other wire names of a property (`public_key` with `[public-key]`).
const ALIASES: &str = "x-aliases";

/// The `x-doc-deviation` reason on a spec object (parameter, operation, body, response).
pub fn deviation_of(value: &Value) -> Option<&str> {
    value.get(DOC_DEVIATION).and_then(Value::as_str)
}

/// Folds `value` into `out`; `chain` holds the `$ref`s being followed, so that a schema that
/// includes itself (`allOf: [$ref: self]`) is read once.
fn fill<'a>(
    out: &mut View<'a>,
    value: &'a Value,
    resolver: &'a dyn Resolve,
    chain: &mut Vec<&'a str>,
) {
    if chain.len() > MAX_DEPTH {
        out.unresolved = true;
        return;
    }
    let Some(map) = value.as_object() else {
        if value == &Value::Bool(true) {
            return;
        }
        out.unresolved = true;
        return;
    };
    if is_true(map.get("nullable")) || is_true(map.get("x-nullable")) {
        out.nullable = true;
    }
    if let Some(reason) = map.get(DOC_DEVIATION).and_then(Value::as_str) {
        out.deviation.get_or_insert(reason);
    }
    if let Some(aliases) = map.get(ALIASES).and_then(Value::as_array) {
        for alias in aliases.iter().filter_map(Value::as_str) {
            push_unique(&mut out.aliases, alias.to_string());
        }
    }
    out.constraints.fill_from(map);
    if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
        if chain.contains(&reference) {
            return;
        }
        match resolver.lookup(reference) {
            Some(target) => {
                push_unique_ref(&mut out.refs, reference);
                chain.push(reference);
                fill(out, target, resolver, chain);
                chain.pop();
            }
            None => out.unresolved = true,
        }
        return;
    }
    match map.get("type") {
        Some(Value::String(ty)) => push_type(out, ty),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .for_each(|ty| push_type(out, ty)),
        _ => {}
    }
    if let Some(format) = map.get("format").and_then(Value::as_str) {
        out.format.get_or_insert_with(|| format.to_string());
    }
    if let Some(values) = map.get("enum").and_then(Value::as_array) {
        for value in values {
            match value {
                Value::Null => out.nullable = true,
                Value::String(s) => push_unique(&mut out.enum_values, s.clone()),
                other => push_unique(&mut out.enum_values, other.to_string()),
            }
        }
    }
    if let Some(properties) = map.get("properties").and_then(Value::as_object) {
        for (name, schema) in properties {
            if !out.properties.iter().any(|(n, _)| n == name) {
                out.properties.push((name.clone(), schema));
            }
        }
    }
    if let Some(required) = map.get("required").and_then(Value::as_array) {
        out.required.extend(
            required
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string),
        );
    }
    if let Some(items) = map.get("items") {
        out.items.get_or_insert(items);
    }
    match map.get("additionalProperties") {
        Some(Value::Bool(true)) => out.additional = Additional::Any,
        Some(Value::Bool(false)) => {
            if matches!(out.additional, Additional::Absent) {
                out.additional = Additional::Forbidden;
            }
        }
        Some(Value::Object(schema)) if schema.is_empty() => out.additional = Additional::Any,
        Some(schema @ Value::Object(_)) => out.additional = Additional::Schema(schema),
        _ => {}
    }
    if let Some(members) = map.get("allOf").and_then(Value::as_array) {
        for member in members {
            fill(out, member, resolver, chain);
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = map.get(key).and_then(Value::as_array) {
            for member in members {
                if is_null_schema(member) {
                    out.nullable = true;
                } else {
                    out.variants.push(member);
                }
            }
        }
    }
}

fn is_true(value: Option<&Value>) -> bool {
    value == Some(&Value::Bool(true))
}

/// `{type: null}`, or OpenAPI 3.0's way of saying the same: `{nullable: true}` and nothing that
/// describes a value.
fn is_null_schema(value: &Value) -> bool {
    const DESCRIBING: [&str; 9] = [
        "type",
        "$ref",
        "properties",
        "items",
        "enum",
        "allOf",
        "oneOf",
        "anyOf",
        "additionalProperties",
    ];
    value.get("type").and_then(Value::as_str) == Some("null")
        || (is_true(value.get("nullable")) && DESCRIBING.iter().all(|key| value.get(key).is_none()))
}

fn push_type(out: &mut View<'_>, ty: &str) {
    if ty == "null" {
        out.nullable = true;
    } else {
        push_unique(&mut out.types, ty.to_string());
    }
}

fn push_unique_ref<'a>(list: &mut Vec<&'a str>, reference: &'a str) {
    if !list.contains(&reference) {
        list.push(reference);
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

impl View<'_> {
    /// The basic kind: the declared type, else what the keywords imply.
    pub fn kind(&self) -> Kind {
        match self.types.first().map(String::as_str) {
            Some("string") => return Kind::String,
            Some("integer") => return Kind::Integer,
            Some("number") => return Kind::Number,
            Some("boolean") => return Kind::Boolean,
            Some("object") => return Kind::Object,
            Some("array") => return Kind::Array,
            _ => {}
        }
        if !self.properties.is_empty()
            || matches!(self.additional, Additional::Schema(_) | Additional::Any)
        {
            Kind::Object
        } else if self.items.is_some() {
            Kind::Array
        } else if !self.variants.is_empty() {
            Kind::Variants
        } else if !self.enum_values.is_empty() {
            Kind::String
        } else if self.unresolved {
            Kind::Unresolved
        } else {
            Kind::Any
        }
    }

    /// The schema of property `name`.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }
}

/// Named schemas printed on a page, addressable as `#/components/schemas/<name>`.
pub struct Schemas<'a> {
    by_name: BTreeMap<&'a str, &'a Value>,
}

impl<'a> Schemas<'a> {
    /// Indexes the page's named schemas.
    pub fn from_named(schemas: &'a [NamedSchema]) -> Self {
        Schemas {
            by_name: schemas
                .iter()
                .map(|s| (s.name.as_str(), &s.value))
                .collect(),
        }
    }

    /// The schema called `name`.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        self.by_name.get(name).copied()
    }
}

impl Resolve for Schemas<'_> {
    fn lookup(&self, reference: &str) -> Option<&Value> {
        let name = reference.rsplit('/').next()?;
        self.get(name)
    }
}

/// Converts a printed JSON schema into a page shape (references to schemas the page does not
/// print become unknown types, so nothing is claimed about them).
pub fn to_shape(value: &Value, resolver: &dyn Resolve) -> Shape {
    shape_at(value, resolver, &mut Vec::new())
}

const MAX_SHAPE_DEPTH: usize = 16;

/// The shape of `value`. `enclosing` holds the `$ref`s of each enclosing shape, so that a
/// recursive schema (a tree node whose children are tree nodes) ends, as an unknown type, where
/// the same schema comes round again.
fn shape_at<'a>(
    value: &'a Value,
    resolver: &'a dyn Resolve,
    enclosing: &mut Vec<Vec<&'a str>>,
) -> Shape {
    if enclosing.len() > MAX_SHAPE_DEPTH {
        return Shape::of(Ty::Unknown);
    }
    let v = view(value, resolver);
    let mut identity = v.refs.clone();
    identity.sort_unstable();
    if !identity.is_empty() && enclosing.contains(&identity) {
        return Shape::of(Ty::Unknown);
    }
    enclosing.push(identity);
    let shape = shape_of_view(&v, resolver, enclosing);
    enclosing.pop();
    shape
}

fn shape_of_view<'a>(
    v: &View<'a>,
    resolver: &'a dyn Resolve,
    enclosing: &mut Vec<Vec<&'a str>>,
) -> Shape {
    let mut shape = Shape::of(match v.kind() {
        Kind::Any | Kind::Unresolved => Ty::Unknown,
        Kind::String => Ty::String,
        Kind::Integer => Ty::Integer,
        Kind::Number => Ty::Number,
        Kind::Boolean => Ty::Boolean,
        Kind::Object => Ty::Object,
        Kind::Array => Ty::Array,
        Kind::Variants => Ty::OneOf,
    });
    shape.format = v.format.clone();
    shape.nullable = v.nullable;
    shape.enum_values = v.enum_values.clone();
    shape.properties = v
        .properties
        .iter()
        .map(|(name, child)| Property {
            name: name.clone(),
            required: Some(v.required.contains(name)),
            shape: shape_at(child, resolver, enclosing),
        })
        .collect();
    shape.items = v
        .items
        .map(|items| Box::new(shape_at(items, resolver, enclosing)));
    shape.additional = match v.additional {
        Additional::Schema(schema) => Some(Box::new(shape_at(schema, resolver, enclosing))),
        Additional::Any => Some(Box::new(Shape::of(Ty::Unknown))),
        Additional::Absent | Additional::Forbidden => None,
    };
    if shape.ty == Ty::OneOf {
        shape.variants = v
            .variants
            .iter()
            .map(|variant| shape_at(variant, resolver, enclosing))
            .collect();
    }
    shape
}
