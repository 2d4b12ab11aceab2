//! Datadog "Model" tables: rows listed depth-first, each naming only its immediate parent
//! ("Parent field"), turned back into a tree of fields.
//!
//! A parent name can be ambiguous (`data.attributes` has a child also called `attributes`;
//! every `oneOf` has an "Option 1"). The parent is the nearest row on the current branch with
//! that name that can hold fields; when several can, the one whose resulting path the page's JSON
//! example shows wins, then the deepest.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::page::{FieldPath, Property, Segment, Shape, Ty};

/// One row of a Model table.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The "Parent field" cell; empty for top-level fields.
    pub parent: String,
    /// The field name, without the required marker ("Option 2" and "<any-key>" included).
    pub name: String,
    /// Marked `[*required*]`.
    pub required: bool,
    /// The "Type" cell.
    pub ty: String,
    /// The "Description" cell.
    pub description: String,
}

/// Reads a field cell: the name and whether it carries the required marker.
pub(crate) fn field_cell(cell: &str) -> (String, bool) {
    static MARKER: OnceLock<Option<Regex>> = OnceLock::new();
    let marker = MARKER.get_or_init(|| Regex::new(r"\s*\[?\*required\*\]?").ok());
    match marker {
        Some(re) if re.is_match(cell) => (re.replace_all(cell, "").trim().to_string(), true),
        _ => (cell.trim().to_string(), false),
    }
}

/// The values listed after "Allowed enum values:" in a description.
pub(crate) fn enum_values(description: &str) -> Vec<String> {
    static ALLOWED: OnceLock<Option<Regex>> = OnceLock::new();
    let allowed = ALLOWED.get_or_init(|| Regex::new(r"Allowed enum values:\s*`([^`]*)`").ok());
    let Some(captures) = allowed.as_ref().and_then(|re| re.captures(description)) else {
        return Vec::new();
    };
    captures
        .get(1)
        .map(|m| {
            m.as_str()
                .split(',')
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The shape a Datadog type cell names (`[object]`, `int64`, `<oneOf>`, `date-time`, ...).
pub(crate) fn type_cell(cell: &str) -> Shape {
    let text = cell.trim();
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        return Shape::array_of(type_cell(inner));
    }
    let with_format = |ty: Ty, format: &str| {
        let mut shape = Shape::of(ty);
        shape.format = Some(format.to_string());
        shape
    };
    match text.to_ascii_lowercase().as_str() {
        "<oneof>" => Shape::of(Ty::OneOf),
        "object" => Shape::of(Ty::Object),
        "string" => Shape::of(Ty::String),
        "enum" => Shape::of(Ty::Enum),
        "boolean" => Shape::of(Ty::Boolean),
        "integer" => Shape::of(Ty::Integer),
        "number" => Shape::of(Ty::Number),
        "int32" => with_format(Ty::Integer, "int32"),
        "int64" => with_format(Ty::Integer, "int64"),
        "double" => with_format(Ty::Number, "double"),
        "float" => with_format(Ty::Number, "float"),
        "date-time" => with_format(Ty::String, "date-time"),
        "date" => with_format(Ty::String, "date"),
        "uuid" => with_format(Ty::String, "uuid"),
        _ => Shape::of(Ty::Unknown),
    }
}

#[derive(Debug, Clone)]
enum Role {
    Root,
    Property,
    Variant,
    AnyKey,
}

#[derive(Debug)]
struct Node {
    label: String,
    role: Role,
    required: bool,
    shape: Shape,
    parent: usize,
    children: Vec<usize>,
}

/// Builds the body shape a Model table describes. `examples` are the plain field paths the
/// page's JSON examples for the same body show. Rows whose parent cannot be found are skipped
/// and named in the returned notes.
pub(crate) fn build(rows: &[Row], examples: &BTreeSet<String>) -> (Shape, Vec<String>) {
    let mut nodes = vec![Node {
        label: String::new(),
        role: Role::Root,
        required: false,
        shape: Shape::of(Ty::Object),
        parent: 0,
        children: Vec::new(),
    }];
    let mut notes = Vec::new();
    let mut stack: Vec<usize> = vec![0];
    for row in rows {
        let Some(parent) = find_parent(&nodes, &stack, row, examples) else {
            notes.push(format!(
                "model row `{}` names a parent `{}` that is not on the current branch; skipped",
                row.name, row.parent
            ));
            continue;
        };
        let role = if row.name == "<any-key>" {
            Role::AnyKey
        } else if is_option(&row.name) {
            Role::Variant
        } else {
            Role::Property
        };
        let mut shape = type_cell(&row.ty);
        let values = enum_values(&row.description);
        if !values.is_empty() {
            shape.innermost_mut().enum_values = values;
        }
        let id = nodes.len();
        nodes.push(Node {
            label: row.name.clone(),
            role,
            required: row.required,
            shape,
            parent,
            children: Vec::new(),
        });
        if let Some(node) = nodes.get_mut(parent) {
            node.children.push(id);
        }
        let keep = stack.iter().position(|&n| n == parent).map_or(1, |p| p + 1);
        stack.truncate(keep);
        stack.push(id);
    }
    (assemble(&nodes, 0), notes)
}

fn is_option(name: &str) -> bool {
    name.strip_prefix("Option ")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn can_hold_fields(node: &Node) -> bool {
    matches!(
        node.shape.innermost().ty,
        Ty::Object | Ty::OneOf | Ty::Unknown
    )
}

fn find_parent(
    nodes: &[Node],
    stack: &[usize],
    row: &Row,
    examples: &BTreeSet<String>,
) -> Option<usize> {
    if row.parent.is_empty() {
        return Some(0);
    }
    let on_branch = || stack.iter().rev().copied().filter(|&id| id != 0);
    if row.parent == "additionalProperties" {
        return on_branch().find(|&id| {
            nodes
                .get(id)
                .is_some_and(|n| matches!(n.shape.innermost().ty, Ty::Object | Ty::Unknown))
        });
    }
    let named = |id: &usize| nodes.get(*id).is_some_and(|n| n.label == row.parent);
    let mut candidates: Vec<usize> = on_branch()
        .filter(named)
        .filter(|id| nodes.get(*id).is_some_and(can_hold_fields))
        .collect();
    if candidates.is_empty() {
        candidates = on_branch().filter(named).collect();
    }
    match candidates.as_slice() {
        [] => None,
        [only] => Some(*only),
        [deepest, ..] => {
            let shown: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&id| {
                    let path = inside_path(nodes, id).join(Segment::Field(row.name.clone()));
                    examples.contains(&path.plain())
                })
                .collect();
            match shown.as_slice() {
                [only] => Some(*only),
                _ => Some(*deepest),
            }
        }
    }
}

/// The path of a node's fields: the node's own path plus `[]` for each array level.
fn inside_path(nodes: &[Node], id: usize) -> FieldPath {
    let Some(node) = nodes.get(id) else {
        return FieldPath::default();
    };
    let mut path = match node.role {
        Role::Root => FieldPath::default(),
        Role::Property => inside_path(nodes, node.parent).join(Segment::Field(node.label.clone())),
        Role::AnyKey => inside_path(nodes, node.parent).join(Segment::AnyKey),
        Role::Variant => {
            let position = nodes.get(node.parent).map_or(1, |p| {
                p.children
                    .iter()
                    .filter(|&&c| {
                        nodes
                            .get(c)
                            .is_some_and(|n| matches!(n.role, Role::Variant))
                    })
                    .position(|&c| c == id)
                    .map_or(1, |i| i + 1)
            });
            inside_path(nodes, node.parent).join(Segment::Variant(position))
        }
    };
    let mut shape = &node.shape;
    while shape.ty == Ty::Array {
        path = path.join(Segment::Items);
        match &shape.items {
            Some(items) => shape = items,
            None => break,
        }
    }
    path
}

fn assemble(nodes: &[Node], id: usize) -> Shape {
    let Some(node) = nodes.get(id) else {
        return Shape::of(Ty::Unknown);
    };
    let mut shape = node.shape.clone();
    let target = shape.innermost_mut();
    for &child_id in &node.children {
        let Some(child) = nodes.get(child_id) else {
            continue;
        };
        let child_shape = assemble(nodes, child_id);
        match child.role {
            Role::Root => {}
            Role::Property => target.properties.push(Property {
                name: child.label.clone(),
                required: Some(child.required),
                shape: child_shape,
            }),
            Role::Variant => target.variants.push(child_shape),
            Role::AnyKey => target.additional = Some(Box::new(child_shape)),
        }
    }
    if target.ty == Ty::Unknown {
        if !target.variants.is_empty() {
            target.ty = Ty::OneOf;
        } else if !target.properties.is_empty() || target.additional.is_some() {
            target.ty = Ty::Object;
        }
    }
    shape
}
