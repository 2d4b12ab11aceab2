//! Operations of two documents paired by method and path (path parameter names and server base
//! paths do not matter), then compared part by part: id, parameters, request body, responses.

use docs_audit::openapi::{path_param_names, DocOperation, DocParam, Document};
use serde_json::Value;

use crate::change::{Change, Class, Kind};
use crate::schema::{Comparer, Direction, Place};

/// The old operation answering to the same method and path as `new`.
pub(crate) fn find<'a, 'd>(
    new: &DocOperation<'_>,
    old_ops: &'a [DocOperation<'d>],
) -> Option<usize> {
    old_ops
        .iter()
        .position(|old| old.method == new.method && old.keys.iter().any(|k| new.keys.contains(k)))
}

/// `METHOD /path`.
pub(crate) fn label(op: &DocOperation<'_>) -> String {
    format!("{} {}", op.method, op.path)
}

/// The place of an operation's changes.
pub(crate) fn place(op: &DocOperation<'_>) -> Place {
    Place {
        operation: label(op),
        operation_id: op.id.map(str::to_string),
        schema: None,
    }
}

/// Compares two matching operations.
pub(crate) fn compare<'d>(
    comparer: &mut Comparer<'d>,
    (old_doc, old): (&'d Document, &DocOperation<'d>),
    (new_doc, new): (&'d Document, &DocOperation<'d>),
) {
    let place = place(new);
    if old.id != new.id {
        comparer.changes.push(place.change(
            Class::Breaking,
            Kind::OperationIdChanged,
            "",
            old.id.map(str::to_string),
            new.id.map(str::to_string),
        ));
    }
    for key in ["summary", "description", "deprecated"] {
        if old.op.get(key) != new.op.get(key) {
            comparer.changes.push(place.change(
                Class::Documentation,
                Kind::DescriptionChanged,
                key,
                None,
                None,
            ));
        }
    }
    compare_params(comparer, (old_doc, old), (new_doc, new), &place);
    compare_body(comparer, (old_doc, old), (new_doc, new), &place);
    compare_responses(comparer, (old_doc, old), (new_doc, new), &place);
}

fn param_at(param: &DocParam<'_>) -> String {
    let location = param.location.map_or("unknown", |l| l.as_str());
    format!("{location} {}", param.name)
}

/// The old parameter standing for `new`: path parameters by position, others by location and
/// name (headers without regard to case).
fn find_param<'p, 'd>(
    new: &DocParam<'_>,
    new_op: &DocOperation<'_>,
    old_op: &DocOperation<'_>,
    old_params: &'p [DocParam<'d>],
) -> Option<usize> {
    let location = new.location?;
    let wanted = if location.as_str() == "path" {
        let index = path_param_names(new_op.path)
            .iter()
            .position(|n| n == new.name)?;
        path_param_names(old_op.path).get(index)?.clone()
    } else {
        new.name.to_string()
    };
    old_params.iter().position(|p| {
        p.location == Some(location)
            && if location.as_str() == "header" {
                p.name.eq_ignore_ascii_case(&wanted)
            } else {
                p.name == wanted
            }
    })
}

fn compare_params<'d>(
    comparer: &mut Comparer<'d>,
    (old_doc, old): (&'d Document, &DocOperation<'d>),
    (new_doc, new): (&'d Document, &DocOperation<'d>),
    place: &Place,
) {
    let old_params = old_doc.params(old);
    let mut used = vec![false; old_params.len()];
    for param in new_doc.params(new) {
        let at = param_at(&param);
        let Some(index) = find_param(&param, new, old, &old_params) else {
            comparer.changes.push(place.change(
                if param.required {
                    Class::Breaking
                } else {
                    Class::Compatible
                },
                Kind::ParameterAdded,
                &at,
                None,
                Some(required_word(param.required)),
            ));
            continue;
        };
        used[index] = true;
        let Some(before) = old_params.get(index) else {
            continue;
        };
        if before.required != param.required {
            comparer.changes.push(
                place
                    .change(
                        if param.required {
                            Class::Breaking
                        } else {
                            Class::Compatible
                        },
                        Kind::RequiredChanged,
                        &at,
                        Some(required_word(before.required)),
                        Some(required_word(param.required)),
                    )
                    .anchored(before.raw, param.raw, ""),
            );
        }
        if before.raw.get("description") != param.raw.get("description") {
            comparer.changes.push(place.change(
                Class::Documentation,
                Kind::DescriptionChanged,
                &at,
                None,
                None,
            ));
        }
        if let (Some(a), Some(b)) = (before.schema, param.schema) {
            comparer.compare_root(a, b, Direction::Request, !param.required, place, &at);
        }
    }
    for (param, used) in old_params.iter().zip(used) {
        if !used {
            comparer.changes.push(place.change(
                Class::Breaking,
                Kind::ParameterRemoved,
                &param_at(param),
                Some(required_word(param.required)),
                None,
            ));
        }
    }
}

fn compare_body<'d>(
    comparer: &mut Comparer<'d>,
    (old_doc, old): (&'d Document, &DocOperation<'d>),
    (new_doc, new): (&'d Document, &DocOperation<'d>),
    place: &Place,
) {
    match (old_doc.request_body(old), new_doc.request_body(new)) {
        (None, None) => {}
        (None, Some(body)) => comparer.changes.push(place.change(
            if body.required {
                Class::Breaking
            } else {
                Class::Compatible
            },
            Kind::RequestBodyAdded,
            "request",
            None,
            Some(required_word(body.required)),
        )),
        (Some(_), None) => comparer.changes.push(place.change(
            Class::Breaking,
            Kind::RequestBodyRemoved,
            "request",
            None,
            None,
        )),
        (Some(before), Some(after)) => {
            if before.required != after.required {
                comparer.changes.push(
                    place
                        .change(
                            if after.required {
                                Class::Breaking
                            } else {
                                Class::Compatible
                            },
                            Kind::RequiredChanged,
                            "request",
                            Some(required_word(before.required)),
                            Some(required_word(after.required)),
                        )
                        .anchored(before.raw, after.raw, ""),
                );
            }
            compare_bodies(
                comparer,
                (before.schema, after.schema),
                Direction::Request,
                !after.required,
                place,
                "request ",
            );
        }
    }
}

fn compare_responses<'d>(
    comparer: &mut Comparer<'d>,
    (old_doc, old): (&'d Document, &DocOperation<'d>),
    (new_doc, new): (&'d Document, &DocOperation<'d>),
    place: &Place,
) {
    let before = old_doc.responses(old);
    let after = new_doc.responses(new);
    for response in &after {
        let Some(previous) = before.iter().find(|r| r.key == response.key) else {
            comparer.changes.push(place.change(
                Class::Compatible,
                Kind::StatusAdded,
                &response.key,
                None,
                None,
            ));
            continue;
        };
        compare_bodies(
            comparer,
            (previous.schema, response.schema),
            Direction::Response,
            false,
            place,
            &format!("{} ", response.key),
        );
    }
    for response in before {
        if !after.iter().any(|r| r.key == response.key) {
            comparer.changes.push(place.change(
                Class::Breaking,
                Kind::StatusRemoved,
                &response.key,
                None,
                None,
            ));
        }
    }
}

/// Two bodies' schemas; a body that appears or goes away changes the type a method takes or
/// returns.
fn compare_bodies<'d>(
    comparer: &mut Comparer<'d>,
    schemas: (Option<&'d Value>, Option<&'d Value>),
    direction: Direction,
    optional: bool,
    place: &Place,
    at: &str,
) {
    match schemas {
        (Some(a), Some(b)) => comparer.compare_root(a, b, direction, optional, place, at),
        (None, None) => {}
        (a, b) => comparer.changes.push(place.change(
            Class::Breaking,
            Kind::TypeChanged,
            at,
            Some(if a.is_some() { "JSON body" } else { "no body" }.to_string()),
            Some(if b.is_some() { "JSON body" } else { "no body" }.to_string()),
        )),
    }
}

fn required_word(required: bool) -> String {
    if required { "required" } else { "optional" }.to_string()
}

/// What comparing the operations of two documents found.
pub(crate) struct Compared {
    /// Every change, before de-duplication.
    pub changes: Vec<Change>,
    /// Operations of the older document.
    pub old_operations: usize,
    /// Operations of the newer document.
    pub new_operations: usize,
    /// Component names met at the same place: (older document's, newer document's).
    pub pairs: std::collections::BTreeSet<(String, String)>,
}

/// Every change between the operations of two documents, before de-duplication.
pub(crate) fn changes<'d>(old_doc: &'d Document, new_doc: &'d Document) -> Compared {
    let old_ops = old_doc.operations();
    let new_ops = new_doc.operations();
    let mut comparer = Comparer::new(old_doc, new_doc);
    let mut matched = vec![false; old_ops.len()];
    for op in &new_ops {
        match find(op, &old_ops) {
            Some(index) => {
                matched[index] = true;
                if let Some(old) = old_ops.get(index) {
                    compare(&mut comparer, (old_doc, old), (new_doc, op));
                }
            }
            None => comparer.changes.push(place(op).change(
                Class::Compatible,
                Kind::OperationAdded,
                "",
                None,
                None,
            )),
        }
    }
    for (op, matched) in old_ops.iter().zip(matched) {
        if !matched {
            comparer.changes.push(place(op).change(
                Class::Breaking,
                Kind::OperationRemoved,
                "",
                None,
                None,
            ));
        }
    }
    comparer.drain();
    Compared {
        changes: comparer.changes,
        old_operations: old_ops.len(),
        new_operations: new_ops.len(),
        pairs: comparer.pairs,
    }
}
