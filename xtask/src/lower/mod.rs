//! Lowering: adapts a faithful spec to what progenitor accepts, recording everything it takes out
//! so that the augment step can emit it instead. Nothing documented is lost:
//!
//! - Error responses (`4XX`, `5XX`, single codes, `default`) are removed from progenitor's view and
//!   recorded per operation; the emitted `send()` decodes them by status into the typed error body.
//! - Success responses: several bodies with different schemas become one `oneOf` component;
//!   a bodyless success (204) beside a bodied one makes the result an `Option`.
//! - Inline enums are hoisted into named components and replaced by forward-compatible enums.
//! - Inline error bodies are hoisted into components, so typify generates them.
//! - Parameter limits (`minimum`, `maxLength`, ...) are recorded and checked by the emitted code.

mod enums;
mod media;
mod params;
mod responses;

use std::collections::BTreeMap;

use heck::ToPascalCase;
use openapiv3::{OpenAPI, ReferenceOr, Response, Schema};
use spec_model::Method;

use enums::{close_union_member_enums, hoist_component_enums, hoist_enums_in};
pub(crate) use media::SuccessMedia;
use params::{lower_parameter, param_limits};
use responses::lower_responses;

/// Schemas hoisted into `components.schemas` by the lowering, added once it is done.
type NewComponents = Vec<(String, ReferenceOr<Schema>)>;

/// A spec ready for progenitor, plus what was taken out of it.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    /// The document progenitor sees.
    pub openapi: OpenAPI,
    /// Forward-compatible enums to emit, by component name.
    pub enums: BTreeMap<String, EnumDef>,
    /// What each operation needs beyond progenitor, by operation id.
    pub operations: BTreeMap<String, OperationPlan>,
    /// What the lowering worked around, for the user.
    pub warnings: Vec<spec_model::SpecWarning>,
}

/// An enum to emit with a catch-all variant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EnumDef {
    /// Component name (the Rust type name is its PascalCase form).
    pub name: String,
    /// Description for the doc comment.
    pub description: Option<String>,
    /// String or integer values.
    pub values: EnumValues,
    /// Variant names from `x-enum-varnames`, one per value; empty when derived from the values.
    pub variant_names: Vec<String>,
    /// Kept closed (typify's enum, no catch-all) because it tells the variants of a `oneOf`
    /// apart: an open enum would let the first variant match every value.
    pub closed: bool,
}

/// The values of an enum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum EnumValues {
    /// String values.
    Strings(Vec<String>),
    /// Integer values.
    Integers(Vec<i64>),
}

/// One documented error response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorResponse {
    /// Which statuses it covers.
    pub status: ErrorStatus,
    /// Rust type name of its JSON body, when it has one.
    pub body_type: Option<String>,
}

/// The status part of an error response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ErrorStatus {
    /// One code, e.g. 404.
    Code(u16),
    /// A range, e.g. 4 for `4XX`.
    Range(u16),
    /// `default`: every status not listed.
    Default,
}

/// A limit a parameter value must respect.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Limit {
    /// `minimum`.
    Minimum(f64),
    /// `maximum`.
    Maximum(f64),
    /// `minLength`.
    MinLength(usize),
    /// `maxLength`.
    MaxLength(usize),
    /// `minItems`.
    MinItems(usize),
    /// `maxItems`.
    MaxItems(usize),
    /// A string path parameter, which cannot be `.` or `..`.
    PathSegment,
}

/// Limits of one parameter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParamLimits {
    /// Wire name.
    pub name: String,
    /// Whether the parameter is required (the builder field is not an `Option`).
    pub required: bool,
    /// The limits.
    pub limits: Vec<Limit>,
}

/// What an operation needs beyond what progenitor emits.
#[derive(Debug, Clone)]
pub(crate) struct OperationPlan {
    /// Operation id.
    pub id: String,
    /// HTTP method.
    pub method: Method,
    /// Path template.
    pub path: String,
    /// Documented error responses, in status order (codes, ranges, default).
    pub errors: Vec<ErrorResponse>,
    /// A bodyless success beside a bodied one: the result is an `Option`.
    pub optional_body: Option<Vec<u16>>,
    /// Success statuses with different bodies: (status, Rust type), decoded by status into the
    /// emitted union `<Operation>Response`.
    pub success_union: Option<Vec<(u16, String)>>,
    /// Parameters with limits.
    pub limits: Vec<ParamLimits>,
    /// How the success body is read.
    pub success_media: SuccessMedia,
    /// The documented media type of a request body sent as raw bytes (multipart, XML, ...).
    pub raw_body_type: Option<String>,
}

/// The items in first-seen order, without repeats.
pub(crate) fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// Lowers a validated spec.
pub(crate) fn lower(source: &OpenAPI) -> Result<Lowered, String> {
    let mut openapi = source.clone();
    let mut enums = BTreeMap::new();
    hoist_component_enums(&mut openapi, &mut enums);

    let mut operations = BTreeMap::new();
    let mut new_components: NewComponents = Vec::new();
    let paths: Vec<String> = openapi.paths.paths.keys().cloned().collect();
    for path in paths {
        let Some(ReferenceOr::Item(item)) = openapi.paths.paths.get_mut(&path) else {
            continue;
        };
        let item_params = item.parameters.clone();
        for method in Method::ALL {
            let Some(op) = method.slot(item).as_mut() else {
                continue;
            };
            // Paging is ours (`spec.extensions`), not progenitor's.
            op.extensions.shift_remove("x-dropshot-pagination");
            let id = op.operation_id.clone().unwrap_or_default();
            let prefix = id.to_pascal_case();
            let mut limits = Vec::new();
            for param in op.parameters.iter_mut() {
                if let ReferenceOr::Item(p) = param {
                    lower_parameter(p, &prefix, &mut enums, &mut new_components, &mut limits);
                }
            }
            for param in &item_params {
                if let ReferenceOr::Item(p) = param {
                    limits.extend(param_limits(p));
                }
            }
            let mut raw_body_type = None;
            if let Some(ReferenceOr::Item(body)) = &mut op.request_body {
                raw_body_type = media::choose_request_media(body);
                for media in body.content.values_mut() {
                    if let Some(schema) = &mut media.schema {
                        hoist_enums_in(
                            schema,
                            &format!("{prefix}Body"),
                            &mut enums,
                            &mut new_components,
                        );
                    }
                }
            }
            if op
                .request_body
                .as_ref()
                .is_some_and(|b| b.as_item().is_some_and(|b| b.content.is_empty()))
            {
                op.request_body = None;
            }
            let (errors, optional_body, success_union, success_media) = lower_responses(
                &source_components(source),
                op,
                &prefix,
                &mut enums,
                &mut new_components,
            )?;
            operations.insert(
                id.clone(),
                OperationPlan {
                    id,
                    method,
                    path: path.clone(),
                    errors,
                    optional_body,
                    success_union,
                    limits,
                    success_media,
                    raw_body_type,
                },
            );
        }
    }
    let components = openapi.components.get_or_insert_with(Default::default);
    for (name, schema) in new_components {
        components.schemas.insert(name, schema);
    }
    let mut warnings = Vec::new();
    close_union_member_enums(&mut warnings, &openapi, &mut enums)?;
    Ok(Lowered {
        openapi,
        enums,
        operations,
        warnings,
    })
}

fn source_components(source: &OpenAPI) -> BTreeMap<String, Response> {
    source
        .components
        .iter()
        .flat_map(|c| c.responses.iter())
        .filter_map(|(k, v)| v.as_item().map(|r| (k.clone(), r.clone())))
        .collect()
}
