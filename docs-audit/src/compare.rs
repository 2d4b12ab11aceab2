//! Compares a parsed page with a spec, operation by operation: operations are matched by HTTP
//! method and path (parameter names ignored, server base paths such as `/api/v2` taken into
//! account), then parameters, request body and responses are compared.

use crate::circleci_link;
use crate::fields::{self, Place};
use crate::openapi::{self, DocOperation, DocParam, DocResponse, Document};
use crate::page::{Operation, Page, PageFormat, Param, ParamLocation, Response, Status};
use crate::report::{Findings, Kind, Report};

/// Compares `page` with `spec` and builds the report. With `partial`, documented operations the
/// spec lacks are listed as not covered instead of as gaps.
pub(crate) fn compare(
    page: &Page,
    page_name: &str,
    spec: &Document,
    spec_name: &str,
    partial: bool,
) -> Report {
    let mut findings = Findings::default();
    let mut not_covered = Vec::new();
    findings.notes.extend(page.notes.iter().cloned());
    let spec_ops = spec.operations();
    let matches: Vec<Option<usize>> = page
        .operations
        .iter()
        .map(|op| find_operation(page, op, &spec_ops))
        .collect();

    let mut linked = match page.format {
        PageFormat::Circleci => circleci_link::link(page, spec, &spec_ops, &matches, &mut findings),
        _ => vec![Vec::new(); page.operations.len()],
    };

    for (index, op) in page.operations.iter().enumerate() {
        let label = op.label(&page.base_path);
        let Some(spec_op) = matches
            .get(index)
            .copied()
            .flatten()
            .and_then(|i| spec_ops.get(i))
        else {
            if partial {
                not_covered.push(label);
            } else {
                findings.add(&label, Kind::MissingOperation, "", None, None);
            }
            continue;
        };
        compare_params(op, spec_op, spec, &label, &mut findings);
        compare_request(op, spec_op, spec, &label, &mut findings);
        let extra = linked
            .get_mut(index)
            .map(std::mem::take)
            .unwrap_or_default();
        let responses: Vec<Response> = op.responses.iter().cloned().chain(extra).collect();
        let statuses_listed = page.format != PageFormat::Circleci;
        compare_responses(
            &responses,
            statuses_listed,
            spec_op,
            spec,
            &label,
            &mut findings,
        );
        if let Some(described) = op.described_responses {
            let declared = spec.responses(spec_op).len();
            if declared < described {
                findings.add_unless_accepted(
                    &label,
                    Kind::MissingStatus,
                    "responses",
                    Some(format!("{described} responses described")),
                    Some(format!("{declared} declared")),
                    spec_op.deviation(),
                );
            }
        }
    }

    compare_auth(page, spec, &mut findings);

    for (index, spec_op) in spec_ops.iter().enumerate() {
        if !matches.contains(&Some(index)) {
            findings.add(&spec_op.label(), Kind::SpecOnlyOperation, "", None, None);
        }
    }

    let Findings {
        mut gaps,
        mut accepted,
        mut spec_only,
        pairings,
        notes,
    } = findings;
    for list in [&mut gaps, &mut accepted, &mut spec_only] {
        list.sort();
        list.dedup();
    }
    Report {
        page: page_name.to_string(),
        spec: spec_name.to_string(),
        format: page.format,
        operations: page.operations.len(),
        matched: matches.iter().filter(|m| m.is_some()).count(),
        gaps,
        accepted,
        spec_only,
        not_covered,
        not_enforced: None,
        pairings,
        notes,
    }
}

/// The spec operation with the same method and path as the page operation.
fn find_operation(page: &Page, op: &Operation, spec_ops: &[DocOperation<'_>]) -> Option<usize> {
    let relative = openapi::normalise_path(&op.path);
    let full = openapi::normalise_path(&format!("{}{}", page.base_path, op.path));
    spec_ops.iter().position(|s| {
        s.method == op.method && (s.keys.contains(&full) || s.keys.contains(&relative))
    })
}

fn same_name(location: ParamLocation, a: &str, b: &str) -> bool {
    if location == ParamLocation::Header {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

fn compare_params(
    op: &Operation,
    spec_op: &DocOperation<'_>,
    spec: &Document,
    label: &str,
    findings: &mut Findings,
) {
    let spec_params = spec.params(spec_op);
    let auth_headers = spec.auth_headers();
    let page_path_names = openapi::path_param_names(&op.path);
    let spec_path_names = openapi::path_param_names(spec_op.path);
    let mut used = vec![false; spec_params.len()];

    for param in &op.params {
        let Some(name) = &param.name else { continue };
        let at = format!("{} {name}", param.location.as_str());
        // Path parameters pair up by position: the spec may name them differently.
        let wanted = match param.location {
            ParamLocation::Path => page_path_names
                .iter()
                .position(|n| n == name)
                .and_then(|i| spec_path_names.get(i))
                .unwrap_or(name),
            _ => name,
        };
        let found = spec_params.iter().position(|p| {
            p.location == Some(param.location) && same_name(param.location, p.name, wanted)
        });
        let Some(index) = found else {
            let elsewhere = spec_params
                .iter()
                .position(|p| p.name.eq_ignore_ascii_case(wanted));
            if let Some(other) = elsewhere {
                if let Some(flag) = used.get_mut(other) {
                    *flag = true;
                }
                let spec_location = spec_params
                    .get(other)
                    .and_then(|p| p.location)
                    .map_or("unknown", ParamLocation::as_str);
                findings.add_unless_accepted(
                    label,
                    Kind::ParameterLocation,
                    at,
                    Some(param.location.as_str().to_string()),
                    Some(spec_location.to_string()),
                    spec_params.get(other).and_then(|p| p.deviation),
                );
            } else if param.location == ParamLocation::Header
                && auth_headers.iter().any(|h| h.eq_ignore_ascii_case(name))
            {
                // Sent by a security scheme.
            } else {
                findings.add_unless_accepted(
                    label,
                    Kind::MissingParameter,
                    at,
                    Some(param.shape.describe()),
                    None,
                    spec_op.deviation(),
                );
            }
            continue;
        };
        if let Some(flag) = used.get_mut(index) {
            *flag = true;
        }
        if let Some(spec_param) = spec_params.get(index) {
            compare_param(param, spec_param, spec, label, &at, findings);
        }
    }

    for param in op.params.iter().filter(|p| p.name.is_none()) {
        let left: Vec<usize> = (0..spec_params.len())
            .filter(|&i| !used.get(i).copied().unwrap_or(true))
            .filter(|&i| spec_params.get(i).and_then(|p| p.location) == Some(param.location))
            .collect();
        match left.as_slice() {
            [only] => {
                if let Some(flag) = used.get_mut(*only) {
                    *flag = true;
                }
                if let Some(spec_param) = spec_params.get(*only) {
                    findings.notes.push(format!(
                        "{label}: the page's {} parameter without a name is taken to be the \
                         spec's `{}`",
                        param.location.as_str(),
                        spec_param.name
                    ));
                }
            }
            _ => findings.notes.push(format!(
                "{label}: the page's {} parameter without a name matches no single spec \
                 parameter ({} left over); not compared",
                param.location.as_str(),
                left.len()
            )),
        }
    }

    for (index, spec_param) in spec_params.iter().enumerate() {
        if !used.get(index).copied().unwrap_or(true) {
            let location = spec_param.location.map_or("unknown", ParamLocation::as_str);
            findings.add(
                label,
                Kind::SpecOnlyParameter,
                format!("{location} {}", spec_param.name),
                None,
                None,
            );
        }
    }
}

fn compare_param(
    param: &Param,
    spec_param: &DocParam<'_>,
    spec: &Document,
    label: &str,
    at: &str,
    findings: &mut Findings,
) {
    if param.required != spec_param.required {
        findings.add_unless_accepted(
            label,
            Kind::RequiredDiffers,
            at,
            Some(fields::required_word(param.required)),
            Some(fields::required_word(spec_param.required)),
            spec_param.deviation,
        );
    }
    if let Some(schema) = spec_param.schema {
        let place = Place {
            operation: label,
            prefix: at.to_string(),
        };
        let mut local = Findings::default();
        fields::compare(&param.shape, schema, spec, &place, &mut local);
        // A deviation declared on the parameter covers its schema too.
        for finding in local.gaps {
            findings.add_unless_accepted(
                label,
                finding.kind,
                finding.at,
                finding.page,
                finding.spec,
                spec_param.deviation,
            );
        }
        findings.accepted.extend(local.accepted);
        findings.spec_only.extend(local.spec_only);
        findings.notes.extend(local.notes);
    }
}

fn compare_request(
    op: &Operation,
    spec_op: &DocOperation<'_>,
    spec: &Document,
    label: &str,
    findings: &mut Findings,
) {
    let Some(documented) = &op.request else {
        return;
    };
    let Some(declared) = spec.request_body(spec_op) else {
        findings.add_unless_accepted(
            label,
            Kind::MissingRequestBody,
            "request",
            Some(documented.shape.describe()),
            None,
            spec_op.deviation(),
        );
        return;
    };
    if let Some(required) = documented.required {
        if required != declared.required {
            findings.add_unless_accepted(
                label,
                Kind::RequiredDiffers,
                "request",
                Some(fields::required_word(required)),
                Some(fields::required_word(declared.required)),
                declared.deviation.or(spec_op.deviation()),
            );
        }
    }
    match declared.schema {
        Some(schema) => {
            let place = Place {
                operation: label,
                prefix: "request".to_string(),
            };
            fields::compare(&documented.shape, schema, spec, &place, findings);
        }
        None => findings.add_unless_accepted(
            label,
            Kind::MissingRequestBody,
            "request",
            Some(documented.shape.describe()),
            Some("no JSON schema".to_string()),
            declared.deviation.or(spec_op.deviation()),
        ),
    }
}

/// The spec response a documented status corresponds to: the same code, else its range
/// (`4XX`); for a success of unknown code, the first 2xx.
pub(crate) fn find_response<'s, 'a>(
    status: Status,
    responses: &'s [DocResponse<'a>],
) -> Option<&'s DocResponse<'a>> {
    match status {
        Status::Code(code) => {
            let exact = code.to_string();
            let range = format!("{}XX", code / 100);
            responses
                .iter()
                .find(|r| r.key == exact)
                .or_else(|| responses.iter().find(|r| r.key == range))
        }
        Status::Default => responses.iter().find(|r| r.key == "default"),
        Status::Range(class) => {
            let range = format!("{class}XX");
            responses.iter().find(|r| r.key == range)
        }
        Status::Success => responses.iter().find(|r| r.key.starts_with('2')),
    }
}

fn compare_responses(
    documented: &[Response],
    statuses_listed: bool,
    spec_op: &DocOperation<'_>,
    spec: &Document,
    label: &str,
    findings: &mut Findings,
) {
    let declared = spec.responses(spec_op);
    let mut used = vec![false; declared.len()];
    for response in documented {
        let at = response.status.to_string();
        let Some(found) = find_response(response.status, &declared) else {
            findings.add_unless_accepted(
                label,
                Kind::MissingStatus,
                at,
                None,
                None,
                spec_op.deviation(),
            );
            continue;
        };
        if let Some(index) = declared.iter().position(|r| r.key == found.key) {
            if let Some(flag) = used.get_mut(index) {
                *flag = true;
            }
        }
        let Some(shape) = &response.shape else {
            continue;
        };
        match found.schema {
            Some(schema) => {
                let place = Place {
                    operation: label,
                    prefix: at,
                };
                fields::compare(shape, schema, spec, &place, findings);
            }
            None => findings.add_unless_accepted(
                label,
                Kind::MissingField,
                at,
                Some(format!("{} body", shape.describe())),
                Some("no JSON body".to_string()),
                found.deviation.or(spec_op.deviation()),
            ),
        }
    }
    if statuses_listed && !documented.is_empty() {
        for (index, response) in declared.iter().enumerate() {
            if !used.get(index).copied().unwrap_or(true) {
                findings.add(
                    label,
                    Kind::SpecOnlyStatus,
                    response.key.clone(),
                    None,
                    None,
                );
            }
        }
    }
}

fn compare_auth(page: &Page, spec: &Document, findings: &mut Findings) {
    let declared = spec.auth_headers();
    for header in &page.auth_headers {
        if !declared.iter().any(|d| d.eq_ignore_ascii_case(header)) {
            findings.add(
                "(all operations)",
                Kind::MissingAuth,
                format!("header {header}"),
                None,
                Some(if declared.is_empty() {
                    "no security scheme".to_string()
                } else {
                    declared.join(", ")
                }),
            );
        }
    }
}
