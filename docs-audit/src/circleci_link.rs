//! Ties CircleCI's named response schemas to operations. The page prints
//! `ContextGetRestrictions401Response` without saying which operation "ContextGetRestrictions"
//! is. A name is tied to the operation whose request schema carries the same prefix
//! (`ContextCreateNewContextRequest`); otherwise to the operation, among those under the same
//! first path segment with a compatible verb, whose spec responses resemble the schemas most
//! (then whose path shares most words with the name). Names that stay ambiguous are not
//! compared, and the report says so.
//!
//! A schema name without a status (`...Response`) is usually the success response, but not
//! always (some carry the 400 error); it is compared with the spec response it resembles most.

use std::collections::{BTreeMap, BTreeSet};

use crate::circleci;
use crate::fields::{self, Place};
use crate::json_schema::{self, Schemas};
use crate::openapi::{DocOperation, DocResponse, Document};
use crate::page::{NamedSchema, Page, Response, Shape, Status};
use crate::report::Findings;

struct Member {
    status: Option<String>,
    shape: Shape,
}

/// The responses each page operation gains from the named schemas (indexed like
/// `page.operations`). Standalone schemas are compared with the spec component of the same
/// name, when there is one.
pub(crate) fn link(
    page: &Page,
    spec: &Document,
    spec_ops: &[DocOperation<'_>],
    matches: &[Option<usize>],
    findings: &mut Findings,
) -> Vec<Vec<Response>> {
    let schemas = Schemas::from_named(&page.schemas);
    let mut out = vec![Vec::new(); page.operations.len()];
    let mut groups: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    let requests: BTreeSet<&str> = page
        .operations
        .iter()
        .filter_map(|op| op.request_schema_name.as_deref())
        .collect();
    for named in &page.schemas {
        match circleci::response_schema_name(&named.name) {
            Some((operation, status)) if circleci::words(&operation).len() >= 2 => {
                groups.entry(operation).or_default().push(Member {
                    status,
                    shape: json_schema::to_shape(&named.value, &schemas),
                });
            }
            _ if requests.contains(named.name.as_str()) || is_referenced(page, &named.name) => {}
            _ => compare_standalone(named, &schemas, spec, findings),
        }
    }

    let by_request: BTreeMap<String, usize> = page
        .operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            let prefix = op.request_schema_name.as_ref()?.strip_suffix("Request")?;
            Some((prefix.to_string(), i))
        })
        .collect();
    let mut assigned: BTreeMap<String, usize> = BTreeMap::new();
    for name in groups.keys() {
        if let Some(&index) = by_request.get(name) {
            assigned.insert(name.clone(), index);
        }
    }
    let mut taken: BTreeSet<usize> = assigned.values().copied().collect();
    loop {
        let mut progress = false;
        for (name, members) in &groups {
            if assigned.contains_key(name) {
                continue;
            }
            if let Some(index) =
                best_operation(name, members, page, spec, spec_ops, matches, &taken)
            {
                assigned.insert(name.clone(), index);
                taken.insert(index);
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }

    for (name, members) in groups {
        let Some(&index) = assigned.get(&name) else {
            findings.notes.push(format!(
                "schemas named `{name}...Response` could not be tied to one operation of the page; \
                 not compared"
            ));
            continue;
        };
        let Some(spec_op) = matches
            .get(index)
            .copied()
            .flatten()
            .and_then(|i| spec_ops.get(i))
        else {
            continue;
        };
        let declared = spec.responses(spec_op);
        let mut statuses = Vec::new();
        let claimed: BTreeSet<String> = members
            .iter()
            .filter_map(|m| m.status.as_ref().map(|s| s.to_ascii_uppercase()))
            .map(|s| s.replace("DEFAULT", "default"))
            .collect();
        for member in members {
            let status = match member.status.as_deref() {
                Some("default") => Status::Default,
                Some(code) => code.parse().map_or(Status::Success, Status::Code),
                None => closest_status(&member.shape, &declared, &claimed, spec),
            };
            statuses.push(status.to_string());
            if let Some(responses) = out.get_mut(index) {
                responses.push(Response {
                    status,
                    shape: Some(member.shape),
                });
            }
        }
        if let Some(op) = page.operations.get(index) {
            findings.pairings.push(format!(
                "{name}*Response -> {} ({})",
                op.label(&page.base_path),
                statuses.join(", ")
            ));
        }
    }
    out
}

fn is_referenced(page: &Page, name: &str) -> bool {
    let target = format!("/{name}\"");
    page.schemas
        .iter()
        .any(|s| s.name != name && s.value.to_string().contains(&target))
}

fn compare_standalone(
    named: &NamedSchema,
    schemas: &Schemas<'_>,
    spec: &Document,
    findings: &mut Findings,
) {
    let Some(component) = spec.component_schema(&named.name) else {
        findings.notes.push(format!(
            "schema `{}` is not tied to an operation on the page and the spec has no component \
             of that name; not compared",
            named.name
        ));
        return;
    };
    let shape = json_schema::to_shape(&named.value, schemas);
    let operation = format!("schema {}", named.name);
    let place = Place {
        operation: &operation,
        prefix: "schema".to_string(),
    };
    fields::compare(&shape, component, spec, &place, findings);
}

fn stem(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    match lower.strip_suffix('s') {
        Some(stemmed) if stemmed.len() > 3 => stemmed.to_string(),
        _ => lower,
    }
}

fn verb_fits(verb: &str, method: &str) -> bool {
    match verb {
        "get" | "list" => method == "GET",
        "create" | "trigger" | "continue" => matches!(method, "POST" | "PUT"),
        "update" | "patch" => matches!(method, "PUT" | "PATCH" | "POST"),
        "delete" | "remove" => method == "DELETE",
        _ => true,
    }
}

fn best_operation(
    name: &str,
    members: &[Member],
    page: &Page,
    spec: &Document,
    spec_ops: &[DocOperation<'_>],
    matches: &[Option<usize>],
    taken: &BTreeSet<usize>,
) -> Option<usize> {
    let words = circleci::words(name);
    let tag = stem(words.first()?);
    let verb = words.get(1)?.as_str();
    let rest: BTreeSet<String> = words.iter().skip(2).map(|w| stem(w)).collect();
    let mut scored: Vec<(i64, usize, usize)> = Vec::new();
    for (index, op) in page.operations.iter().enumerate() {
        if taken.contains(&index) || !verb_fits(verb, &op.method) {
            continue;
        }
        let tokens: BTreeSet<String> = op
            .path
            .split(['/', '-', '_', '{', '}'])
            .filter(|t| !t.is_empty())
            .map(stem)
            .collect();
        let first = op.path.split('/').find(|s| !s.is_empty()).map(stem);
        if first.as_deref() != Some(tag.as_str()) {
            continue;
        }
        let Some(spec_op) = matches
            .get(index)
            .copied()
            .flatten()
            .and_then(|i| spec_ops.get(i))
        else {
            continue;
        };
        let declared = spec.responses(spec_op);
        let structural: i64 = members
            .iter()
            .map(|m| member_score(m, &declared, spec))
            .sum();
        let words_shared = rest.intersection(&tokens).count();
        scored.push((structural, words_shared, index));
    }
    scored.sort_by_key(|s| std::cmp::Reverse((s.0, s.1)));
    match scored.as_slice() {
        [] => None,
        [only] => Some(only.2),
        [first, second, ..] if (first.0, first.1) > (second.0, second.1) => Some(first.2),
        _ => None,
    }
}

fn member_score(member: &Member, declared: &[DocResponse<'_>], spec: &Document) -> i64 {
    let score_of = |response: &DocResponse<'_>| {
        response
            .schema
            .map_or(0, |schema| fields::similarity(&member.shape, schema, spec))
    };
    match member.status.as_deref() {
        Some(status) => {
            let key = status.to_ascii_uppercase().replace("DEFAULT", "default");
            declared.iter().find(|r| r.key == key).map_or(-1, score_of)
        }
        None => declared.iter().map(score_of).max().unwrap_or(0),
    }
}

fn closest_status(
    shape: &Shape,
    declared: &[DocResponse<'_>],
    claimed: &BTreeSet<String>,
    spec: &Document,
) -> Status {
    // Most similar first; on a tie a success, then the first declared.
    let mut best: Option<(i64, bool, &str)> = None;
    for response in declared.iter().filter(|r| !claimed.contains(&r.key)) {
        let Some(schema) = response.schema else {
            continue;
        };
        let candidate = (
            fields::similarity(shape, schema, spec),
            response.key.starts_with('2'),
            response.key.as_str(),
        );
        if best.is_none_or(|b| (candidate.0, candidate.1) > (b.0, b.1)) {
            best = Some(candidate);
        }
    }
    match best.map(|(_, _, key)| key) {
        Some("default") => Status::Default,
        Some(key) => match key.strip_suffix("XX").and_then(|d| d.parse::<u16>().ok()) {
            Some(class) => Status::Code(class * 100),
            None => key.parse().map_or(Status::Success, Status::Code),
        },
        None => Status::Success,
    }
}
