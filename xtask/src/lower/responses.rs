//! Responses: progenitor keeps one success type; errors, bodyless successes and success unions
//! are recorded for the emitted `send()`.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Response, Schema, SchemaKind, StatusCode};

use super::enums::hoist_enums_in;
use super::media::{choose_success_media, SuccessMedia};
use super::{distinct, EnumDef, ErrorResponse, ErrorStatus, NewComponents};
use spec_model::naming::rust_type_name;
use spec_model::refs::Section;

/// Errors, bodyless success statuses, a success union and how the success body is read.
pub(super) type LoweredResponses = (
    Vec<ErrorResponse>,
    Option<Vec<u16>>,
    Option<Vec<(u16, String)>>,
    SuccessMedia,
);

/// Keeps only success responses for progenitor; records the errors.
pub(super) fn lower_responses(
    component_responses: &BTreeMap<String, Response>,
    op: &mut openapiv3::Operation,
    prefix: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut NewComponents,
) -> Result<LoweredResponses, String> {
    let resolve = |r: &ReferenceOr<Response>| -> Option<Response> {
        match r {
            ReferenceOr::Item(r) => Some(r.clone()),
            ReferenceOr::Reference { reference } => {
                spec_model::refs::component_name(reference, Section::Responses)
                    .and_then(|n| component_responses.get(n).cloned())
            }
        }
    };
    let mut errors = Vec::new();
    let mut bodied: Vec<(StatusCode, ReferenceOr<Schema>)> = Vec::new();
    let mut bodyless: Vec<u16> = Vec::new();
    let mut kept = indexmap::IndexMap::new();

    let default = op.responses.default.take();
    let documents_success = op.responses.responses.keys().any(|status| match status {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    });
    // With no success documented, `default` describes the successes too.
    if let (false, Some(default)) = (documents_success, &default) {
        op.responses
            .responses
            .insert(StatusCode::Range(2), default.clone());
    }
    if let Some(default) = default {
        let response = resolve(&default).ok_or("a `default` response does not resolve")?;
        let body_type = error_body(
            &response,
            &format!("{prefix}ErrorDefault"),
            enums,
            new_components,
        );
        errors.push(ErrorResponse {
            status: ErrorStatus::Default,
            body_type,
        });
    }
    let mut medias = Vec::new();
    for (status, response) in std::mem::take(&mut op.responses.responses) {
        let mut resolved =
            resolve(&response).ok_or(format!("response {status} does not resolve"))?;
        // HTTP gives these statuses no body, whatever a document says.
        if matches!(status, StatusCode::Code(204 | 205 | 304)) {
            resolved.content.clear();
        }
        let success = match &status {
            StatusCode::Code(c) => (200..300).contains(c),
            StatusCode::Range(r) => *r == 2,
        };
        if !success {
            let (error_status, suffix) = match &status {
                StatusCode::Code(c) => (ErrorStatus::Code(*c), c.to_string()),
                StatusCode::Range(r) => (ErrorStatus::Range(*r), format!("{r}xx")),
            };
            let body_type = error_body(
                &resolved,
                &format!("{prefix}Error{suffix}"),
                enums,
                new_components,
            );
            errors.push(ErrorResponse {
                status: error_status,
                body_type,
            });
            continue;
        }
        let media = choose_success_media(&mut resolved.content);
        if !resolved.content.is_empty() {
            medias.push(media);
        }
        let schema = resolved
            .content
            .get("application/json")
            .and_then(|m| m.schema.clone());
        match schema {
            Some(schema) => bodied.push((status.clone(), schema)),
            None => {
                if let StatusCode::Code(c) = status {
                    bodyless.push(c);
                }
            }
        }
        kept.insert(status, ReferenceOr::Item(resolved));
    }
    errors.sort_by_key(|e| e.status);

    let mut optional_body = None;
    if !bodied.is_empty() && !bodyless.is_empty() {
        for code in &bodyless {
            kept.shift_remove(&StatusCode::Code(*code));
        }
        optional_body = Some(bodyless);
    }
    let bodies = distinct(bodied.iter().map(|(_, s)| s));
    let mut success_union = None;
    if bodies.len() > 1 {
        // progenitor decodes one type; we give it "any JSON" and decode by status ourselves.
        let mut union = Vec::new();
        for (status, schema) in &bodied {
            let StatusCode::Code(code) = status else {
                return Err(format!(
                    "success range {status} beside other success bodies is not supported"
                ));
            };
            let type_name = match schema {
                ReferenceOr::Reference { reference } => spec_model::refs::schema_name(reference)
                    .map(rust_type_name)
                    .ok_or(format!(
                        "response {code}: unsupported reference {reference}"
                    ))?,
                ReferenceOr::Item(_) => {
                    let name = format!("{prefix}Response{code}");
                    let mut schema = schema.clone();
                    hoist_enums_in(&mut schema, &name, enums, new_components);
                    new_components.push((name.clone(), schema));
                    rust_type_name(&name)
                }
            };
            union.push((*code, type_name));
        }
        for response in kept.values_mut() {
            if let ReferenceOr::Item(r) = response {
                for media in r.content.values_mut() {
                    media.schema = Some(ReferenceOr::Item(Schema {
                        schema_data: Default::default(),
                        schema_kind: SchemaKind::Any(Default::default()),
                    }));
                }
            }
        }
        success_union = Some(union);
    }
    for response in kept.values_mut() {
        if let ReferenceOr::Item(r) = response {
            for media in r.content.values_mut() {
                if let Some(schema) = &mut media.schema {
                    hoist_enums_in(schema, &format!("{prefix}Response"), enums, new_components);
                }
            }
            r.headers.clear();
            r.links.clear();
        }
    }
    // A single documented success accepts any 2xx: a server answering 200 where the docs say
    // 201 (or the reverse) still succeeds, decoded with the documented body.
    if kept.len() == 1 && success_union.is_none() && optional_body.is_none() {
        kept = kept
            .into_iter()
            .map(|(status, response)| match status {
                StatusCode::Code(c) if (200..300).contains(&c) => (StatusCode::Range(2), response),
                other => (other, response),
            })
            .collect();
    }
    // Successes read as JSON when one is JSON; text or bytes otherwise; an operation that
    // documents no success at all gets the body as received.
    let success_media = if kept.is_empty() {
        SuccessMedia::Binary
    } else if medias.contains(&SuccessMedia::Json) || medias.is_empty() {
        SuccessMedia::Json
    } else if medias.contains(&SuccessMedia::Binary) {
        SuccessMedia::Binary
    } else {
        SuccessMedia::Text
    };
    op.responses.responses = kept;
    Ok((errors, optional_body, success_union, success_media))
}

/// The Rust type of an error body, hoisting an inline schema into a component named `name`.
fn error_body(
    response: &Response,
    name: &str,
    enums: &mut BTreeMap<String, EnumDef>,
    new_components: &mut NewComponents,
) -> Option<String> {
    let schema = response
        .content
        .iter()
        .find(|(ct, _)| ct.contains("json"))
        .and_then(|(_, m)| m.schema.clone())?;
    match schema {
        ReferenceOr::Reference { reference } => {
            spec_model::refs::schema_name(&reference).map(rust_type_name)
        }
        ReferenceOr::Item(_) => {
            let mut schema = schema;
            hoist_enums_in(&mut schema, name, enums, new_components);
            new_components.push((name.to_string(), schema));
            Some(rust_type_name(name))
        }
    }
}
