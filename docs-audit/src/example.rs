//! JSON examples printed on pages: cutting them out of the text, the field paths they show, and
//! the (weak) shape they imply.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::page::{Property, Shape, Ty};

/// Reads the JSON value that starts on `lines[start]` (a line beginning with `{` or `[`) and
/// returns it with the index of the line after it. `None` when the brackets never balance or the
/// text is not JSON.
pub(crate) fn take_json(lines: &[&str], start: usize) -> Option<(Value, usize)> {
    let mut depth: i64 = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut text = String::new();
    for (offset, line) in lines.get(start..)?.iter().enumerate() {
        text.push_str(line);
        text.push('\n');
        for c in line.chars() {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => in_string = true,
                '{' | '[' => depth += 1,
                '}' | ']' => depth -= 1,
                _ => {}
            }
        }
        if depth <= 0 {
            let value = serde_json::from_str(&text).ok()?;
            return Some((value, start + offset + 1));
        }
    }
    None
}

/// Every field path an example shows, written like [`crate::page::FieldPath::plain`]
/// (`data[].attributes.tags`).
pub(crate) fn plain_paths(value: &Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect_paths(value, String::new(), &mut out);
    out
}

fn collect_paths(value: &Value, prefix: String, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                out.insert(path.clone());
                collect_paths(child, path, out);
            }
        }
        Value::Array(items) => {
            let path = format!("{prefix}[]");
            for item in items {
                collect_paths(item, path.clone(), out);
            }
        }
        _ => {}
    }
}

/// The shape an example implies. Fields it shows have an unknown required flag; whole numbers
/// are [`Ty::Numeric`] (an example cannot tell an integer field from a number field), numbers
/// with a fraction are [`Ty::Number`]; `null` and empty arrays say nothing about the type.
pub(crate) fn shape_of(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::of(Ty::Unknown),
        Value::Bool(_) => Shape::of(Ty::Boolean),
        Value::Number(n) if n.is_f64() => Shape::of(Ty::Number),
        Value::Number(_) => Shape::of(Ty::Numeric),
        Value::String(_) => Shape::of(Ty::String),
        Value::Array(items) => {
            let mut merged: Option<Shape> = None;
            for item in items {
                let shape = shape_of(item);
                merged = Some(match merged {
                    None => shape,
                    Some(previous) => merge(previous, shape),
                });
            }
            Shape::array_of(merged.unwrap_or_else(|| Shape::of(Ty::Unknown)))
        }
        Value::Object(map) => {
            let mut shape = Shape::of(Ty::Object);
            shape.properties = map
                .iter()
                .map(|(name, child)| Property {
                    name: name.clone(),
                    required: None,
                    shape: shape_of(child),
                })
                .collect();
            shape
        }
    }
}

/// Adds to `documented` what `example` shows and `documented` does not: fields of objects whose
/// fields the page does not list, and the items of arrays whose items it does not describe.
/// What the page states explicitly always wins.
pub(crate) fn merge(mut documented: Shape, example: Shape) -> Shape {
    if documented.ty == Ty::Unknown {
        return example;
    }
    match (documented.ty, example.ty) {
        (Ty::Object, Ty::Object) => {
            for property in example.properties {
                match documented
                    .properties
                    .iter_mut()
                    .find(|p| p.name == property.name)
                {
                    Some(existing) => {
                        let shape = std::mem::replace(&mut existing.shape, Shape::of(Ty::Unknown));
                        existing.shape = merge(shape, property.shape);
                    }
                    None => documented.properties.push(property),
                }
            }
        }
        (Ty::Array, Ty::Array) => {
            documented.items = match (documented.items.take(), example.items) {
                (Some(doc), Some(ex)) => Some(Box::new(merge(*doc, *ex))),
                (doc, ex) => doc.or(ex),
            };
        }
        _ => {}
    }
    documented
}
