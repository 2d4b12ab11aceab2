//! Smoke tests of a generated crate, one per operation, through its typed mock: the required
//! parameters and the body set from samples of their schemas (decoded into the setters' own
//! types), a success answered with a sample of the documented body, and the typed value back.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use heck::ToPascalCase;
use openapiv3::{OpenAPI, ReferenceOr, StatusCode};
use quote::ToTokens;
use serde_json::Value;

use super::sample::sample;
use spec_model::naming::rust_field_name;
use spec_model::Spec;

/// What a builder's setters take and which fields must be set.
#[derive(Default)]
struct Builder {
    /// Setter name -> the type its value converts into (`types::Thing`, `i64`, ...).
    setters: BTreeMap<String, String>,
    /// Fields that start unset (`Err(..)`): required.
    required: Vec<String>,
}

/// The `tests/smoke.rs` file of the crate `krate` generated from `spec`, whose `builder.rs` is
/// `builder_rs`. Operations whose samples may not satisfy their schemas are `#[ignore]`d.
pub(crate) fn tests(spec: &Spec, krate: &str, builder_rs: &str) -> Result<String, String> {
    let file: syn::File = syn::parse_str(builder_rs)
        .map_err(|e| format!("the generated builder does not parse: {e}"))?;
    let builders = builders(&file);
    let mut out = format!(
        "//! Smoke tests: each operation through the typed mock.\n\
         #![allow(clippy::all)]\n\nuse {krate}::mock::{{MockServer, Reply}};\n"
    );
    for operation in spec_model::operations(&spec.openapi) {
        let id = operation.id();
        let Some(builder) = builders.get(&id.to_pascal_case()) else {
            continue;
        };
        let mut unsure = false;
        let mut calls = String::new();
        let params: BTreeMap<String, ReferenceOr<openapiv3::Schema>> = operation
            .op
            .parameters
            .iter()
            .filter_map(|p| p.as_item())
            .filter_map(|p| {
                let data = p.parameter_data_ref();
                match &data.format {
                    openapiv3::ParameterSchemaOrContent::Schema(s) => {
                        Some((rust_field_name(&data.name), s.clone()))
                    }
                    _ => None,
                }
            })
            .collect();
        // The body is always set: its default is empty, which a required field refuses.
        let mut wanted = builder.required.clone();
        if builder.setters.contains_key("body") && !wanted.iter().any(|f| f == "body") {
            wanted.push("body".into());
        }
        for field in &wanted {
            let Some(ty) = builder.setters.get(field.as_str()) else {
                continue;
            };
            let schema = if field == "body" {
                body_schema(&spec.openapi, operation.op)
            } else {
                params.get(field.as_str()).cloned()
            };
            let value = match schema {
                Some(schema) => {
                    let (value, maybe) = sample(&spec.openapi, &schema);
                    unsure |= maybe;
                    value
                }
                None => Value::Object(Default::default()),
            };
            let expression = if ty.contains("reqwest :: Body") {
                "b\"sample\".to_vec()".to_string()
            } else {
                let ty = ty
                    .replace("crate :: types ::", "types ::")
                    .replace("types ::", &format!("{krate} :: types ::"));
                let json = value.to_string();
                format!("serde_json::from_str::<{ty}>({json:?}).expect(\"the sample decodes\")")
            };
            let _ = write!(calls, "\n        .{field}({expression})");
        }
        let (status, body, maybe) = success_reply(&spec.openapi, operation.op);
        unsure |= maybe;
        let ignore = if unsure {
            "#[ignore = \"a sample may not match a documented pattern\"]\n"
        } else {
            ""
        };
        let _ = write!(
            out,
            "\n#[tokio::test]\n{ignore}async fn {id}() {{\n    let server = MockServer::start().await;\n    \
             let _expectation = server.{id}().respond_with(Reply::raw({status}, {body:?}));\n    \
             let result = server\n        .client()\n        .{id}(){calls}\n        .send()\n        .await;\n    \
             assert!(result.is_ok(), \"{{:?}}\", result.err());\n}}\n"
        );
    }
    Ok(out)
}

/// Each builder struct's setters and required fields, by builder name.
fn builders(file: &syn::File) -> BTreeMap<String, Builder> {
    let mut out: BTreeMap<String, Builder> = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(path) = &*imp.self_ty else {
            continue;
        };
        let Some(name) = path.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let builder = out.entry(name).or_default();
        for member in &imp.items {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            if f.sig.ident == "new" {
                builder.required = unset_fields(&f.block);
                continue;
            }
            let Some(where_clause) = &f.sig.generics.where_clause else {
                continue;
            };
            for predicate in &where_clause.predicates {
                let syn::WherePredicate::Type(bound) = predicate else {
                    continue;
                };
                for b in &bound.bounds {
                    let syn::TypeParamBound::Trait(t) = b else {
                        continue;
                    };
                    let Some(last) = t.path.segments.last() else {
                        continue;
                    };
                    if last.ident != "TryInto" {
                        continue;
                    }
                    if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                        if let Some(syn::GenericArgument::Type(ty)) = args.args.first() {
                            builder
                                .setters
                                .insert(f.sig.ident.to_string(), ty.to_token_stream().to_string());
                        }
                    }
                }
            }
        }
    }
    out
}

/// The fields `new` starts as `Err(..)`.
fn unset_fields(block: &syn::Block) -> Vec<String> {
    let mut out = Vec::new();
    let text = block.to_token_stream().to_string();
    for part in text.split(',') {
        if let Some((field, value)) = part.split_once(':') {
            let field = field.trim().trim_start_matches("Self {").trim();
            if value.trim_start().starts_with("Err") && !field.contains(' ') {
                out.push(field.to_string());
            }
        }
    }
    out
}

/// The JSON (or form) schema of the request body.
fn body_schema(
    openapi: &OpenAPI,
    op: &openapiv3::Operation,
) -> Option<ReferenceOr<openapiv3::Schema>> {
    let body = spec_model::refs::request_body(openapi, op.request_body.as_ref()?)?;
    let media = body
        .content
        .iter()
        .find(|(m, _)| m.contains("json"))
        .or_else(|| body.content.first())?;
    media.1.schema.clone()
}

/// The status and body a server answers the operation's first documented success with, and
/// whether the body may not satisfy its schema.
fn success_reply(openapi: &OpenAPI, op: &openapiv3::Operation) -> (u16, String, bool) {
    let success = op.responses.responses.iter().find_map(|(status, r)| {
        let code = match status {
            StatusCode::Code(c) if (200..300).contains(c) => *c,
            StatusCode::Range(2) => 200,
            _ => return None,
        };
        Some((code, r))
    });
    let (code, response) = match success {
        Some((code, r)) => (code, spec_model::refs::response(openapi, r)),
        None => (
            200,
            op.responses
                .default
                .as_ref()
                .and_then(|r| spec_model::refs::response(openapi, r)),
        ),
    };
    let Some(response) = response else {
        return (code, String::new(), false);
    };
    if let Some((_, media)) = response.content.iter().find(|(m, _)| m.contains("json")) {
        let (body, unsure) = media
            .schema
            .as_ref()
            .map_or((Value::Object(Default::default()), false), |s| {
                sample(openapi, s)
            });
        return (code, body.to_string(), unsure);
    }
    let body = match response.content.keys().next() {
        Some(m) if m.starts_with("text/") => "sample text",
        Some(_) => "sample bytes",
        None => "",
    };
    (code, body.into(), false)
}
