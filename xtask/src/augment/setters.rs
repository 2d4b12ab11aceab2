//! The request builders' setters as a user reads them: each documented from its parameter in the
//! spec (description, where it goes, limits, default, example), conversion failures that name the
//! parameter and the expected type in Rust syntax, and client methods documented without
//! progenitor's placeholder sample.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, Parameter};
use spec_model::extensions::Extensions;
use spec_model::naming::{rust_field_name, rust_type_name};
use syn::visit_mut::VisitMut;

use super::syntax::{edit_doc, self_type_name, written};
use crate::lower::{Limit, OperationPlan};

/// What a setter's documentation says, by builder name and then setter name.
type SetterDocs = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// Documents the setters and rewrites their conversion errors.
pub(crate) fn document(
    openapi: &OpenAPI,
    extensions: &Extensions,
    plans: &BTreeMap<String, OperationPlan>,
    builder: &mut [syn::Item],
) {
    let docs = setter_docs(openapi, extensions, plans);
    for item in builder {
        let syn::Item::Impl(imp) = item else { continue };
        let Some(name) = self_type_name(&imp.self_ty) else {
            continue;
        };
        let Some(setters) = docs.get(&name) else {
            continue;
        };
        for member in &mut imp.items {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            let setter = f.sig.ident.to_string();
            if let Some(lines) = setters.get(&setter) {
                f.attrs.retain(|a| !a.path().is_ident("doc"));
                f.attrs.extend(lines.iter().map(|l| -> syn::Attribute {
                    let l = format!(" {l}");
                    syn::parse_quote!(#[doc = #l])
                }));
                ConversionMessage { setter: &setter }.visit_impl_item_fn_mut(f);
            }
        }
    }
}

/// Keeps the summary and description of progenitor's client-method docs; drops its argument
/// list and placeholder sample (the setters carry those docs now).
pub(crate) fn trim_client_docs(root: &mut [syn::Item]) {
    for item in root {
        let syn::Item::Impl(imp) = item else { continue };
        for member in &mut imp.items {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            for attr in &mut f.attrs {
                edit_doc(attr, |full| {
                    let cut = ["\nArguments:", "\n```ignore"]
                        .iter()
                        .filter_map(|marker| full.find(marker))
                        .min()?;
                    Some(full[..cut].trim_end().to_string())
                });
            }
        }
    }
}

/// The docs of every parameter setter and body setter, from the spec.
fn setter_docs(
    openapi: &OpenAPI,
    extensions: &Extensions,
    plans: &BTreeMap<String, OperationPlan>,
) -> SetterDocs {
    let mut out = SetterDocs::new();
    for operation in spec_model::operations(openapi) {
        let setters = out.entry(rust_type_name(operation.id())).or_default();
        let raw_slashes = extensions
            .operations
            .get(operation.id())
            .map_or(&[][..], |e| e.raw_slashes.as_slice());
        let params = operation
            .item
            .parameters
            .iter()
            .chain(&operation.op.parameters);
        let checked = plans
            .get(operation.id())
            .map_or(&[][..], |p| p.limits.as_slice());
        for param in params.filter_map(|p| spec_model::refs::parameter(openapi, p)) {
            let data = param.parameter_data_ref();
            let limits = checked
                .iter()
                .find(|l| l.name == data.name)
                .map_or(&[][..], |l| l.limits.as_slice());
            let raw = raw_slashes.contains(&data.name);
            setters.insert(
                rust_field_name(&data.name),
                parameter_doc(openapi, param, limits, raw),
            );
        }
        let body = operation.op.request_body.as_ref();
        if let Some(body) = body.and_then(|b| spec_model::refs::request_body(openapi, b)) {
            let mut lines = vec![match &body.description {
                Some(d) => d.trim().to_string(),
                None => "The JSON request body.".to_string(),
            }];
            if body.required {
                lines.push(String::new());
                lines.push("Required.".to_string());
            }
            setters.insert("body".to_string(), lines.clone());
            lines.insert(
                0,
                "Edits the JSON request body through its builder.\n".to_string(),
            );
            setters.insert("body_map".to_string(), lines);
        }
    }
    out
}

/// A parameter setter's doc lines: description, wire name and place, limits, default, example.
/// `raw`: a path parameter sent with its slashes as they are (`x-raw-slashes`).
fn parameter_doc(openapi: &OpenAPI, param: &Parameter, limits: &[Limit], raw: bool) -> Vec<String> {
    let data = param.parameter_data_ref();
    let place = match param {
        Parameter::Query { .. } => "query parameter",
        Parameter::Path { .. } => "path parameter",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    };
    let mut lines = Vec::new();
    if let Some(d) = &data.description {
        lines.push(d.trim().to_string());
        lines.push(String::new());
    }
    let mut facts = vec![format!(
        "Sent as the {place} `{}`{}.",
        data.name,
        if data.required { "; required" } else { "" }
    )];
    if raw {
        facts.push(
            "Slashes are sent as they are (`gh/org/repo`); other reserved characters are escaped."
                .to_string(),
        );
    }
    facts.extend(limits.iter().map(|limit| limit_doc(limit, raw)));
    let schema = match &data.format {
        openapiv3::ParameterSchemaOrContent::Schema(s) => spec_model::refs::schema(openapi, s),
        openapiv3::ParameterSchemaOrContent::Content(_) => None,
    };
    if let Some(schema) = schema {
        if let Some(default) = &schema.schema_data.default {
            facts.push(format!("Default: `{default}`."));
        }
        let example = data
            .example
            .as_ref()
            .or(schema.schema_data.example.as_ref());
        if let Some(example) = example {
            facts.push(format!("Example: `{example}`."));
        }
    }
    lines.extend(facts.into_iter().map(|f| format!("- {f}")));
    lines
}

/// One limit the generated `send()` checks (the lowering's list, so the docs never promise a
/// check that is not made); `raw` as for [`parameter_doc`].
fn limit_doc(limit: &Limit, raw: bool) -> String {
    let what = match limit {
        Limit::Minimum(v) => format!("Minimum {v}"),
        Limit::Maximum(v) => format!("Maximum {v}"),
        Limit::MinLength(n) => format!("At least {n} characters"),
        Limit::MaxLength(n) => format!("At most {n} characters"),
        Limit::MinItems(n) => format!("At least {n} items"),
        Limit::MaxItems(n) => format!("At most {n} items"),
        Limit::PathSegment if raw => "No part between slashes empty, `.` or `..`".to_string(),
        Limit::PathSegment => "Not `.` or `..`".to_string(),
    };
    format!("{what} (checked before sending).")
}

/// Rewrites progenitor's "conversion to `:: std :: string :: String` for x failed" into a message
/// naming the setter and the type as a user writes it.
struct ConversionMessage<'a> {
    setter: &'a str,
}

impl VisitMut for ConversionMessage<'_> {
    fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
        let text = lit.value();
        let Some(rest) = text.strip_prefix("conversion to `") else {
            return;
        };
        let Some((ty, tail)) = rest.split_once('`') else {
            return;
        };
        // The body setter appends the conversion's own message after "failed: ".
        let detail = if tail.ends_with(": {}") { ": {}" } else { "" };
        let message = format!(
            "`{}`: the value does not convert to `{}`{detail}",
            self.setter,
            readable_type(ty)
        );
        *lit = syn::LitStr::new(&message, lit.span());
    }
}

/// The type of progenitor's message (`:: std :: vec :: Vec < :: std :: string :: String >`) as a
/// user writes it (`Vec<String>`).
fn readable_type(tokens: &str) -> String {
    match syn::parse_str::<syn::Type>(tokens) {
        Ok(ty) => written(&ty),
        Err(_) => tokens.split_whitespace().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::readable_type;

    #[test]
    fn types_read_as_written() {
        assert_eq!(
            readable_type(":: std :: vec :: Vec < :: std :: string :: String >"),
            "Vec<String>"
        );
        assert_eq!(
            readable_type(":: chrono :: DateTime < :: chrono :: offset :: Utc >"),
            "chrono::DateTime<chrono::offset::Utc>"
        );
        assert_eq!(
            readable_type("crate :: types :: CiAppSort"),
            "types::CiAppSort"
        );
        assert_eq!(readable_type("i32"), "i32");
    }
}
