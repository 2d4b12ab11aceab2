//! Emits, per operation builder: `send()` returning `runtime::Error` with the typed error body,
//! the parameter limit checks run before sending, and the error body decoder.

use std::collections::BTreeSet;

use heck::ToPascalCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::lower::{distinct, ErrorStatus, Limit, OperationPlan, SuccessMedia};
use spec_model::extensions::LongPoll;
use spec_model::naming::rust_field_name;

/// The Rust type of an operation's error body, and items to add to `types` for it.
pub(crate) struct ErrorBody {
    /// The type, as used from the `builder` module.
    pub ty: TokenStream,
    /// Declarations to add to the `types` module (a union of several bodies).
    pub types_items: TokenStream,
    /// The decoder function, added to the `builder` module.
    pub decoder: TokenStream,
    /// The decoder's name.
    pub decoder_name: syn::Ident,
}

/// The error body type and decoder of an operation.
pub(crate) fn error_body(plan: &OperationPlan) -> ErrorBody {
    let body_types = distinct(plan.errors.iter().filter_map(|e| e.body_type.as_ref()));
    let decoder_name = format_ident!("decode_{}_error", plan.id);
    let status_pattern = |status: &ErrorStatus| -> TokenStream {
        match status {
            ErrorStatus::Code(c) => {
                let c = Literal::u16_unsuffixed(*c);
                quote!(#c)
            }
            ErrorStatus::Range(r) => {
                let lo = Literal::u16_unsuffixed(r * 100);
                let hi = Literal::u16_unsuffixed(r * 100 + 99);
                quote!(#lo..=#hi)
            }
            ErrorStatus::Default => quote!(_),
        }
    };
    match body_types.as_slice() {
        [] => {
            let decoder = quote! {
                /// Any JSON error body (the operation documents none).
                fn #decoder_name(_status: reqwest::StatusCode, body: &[u8]) -> Option<serde_json::Value> {
                    serde_json::from_slice(body).ok()
                }
            };
            ErrorBody {
                ty: quote!(serde_json::Value),
                types_items: quote!(),
                decoder,
                decoder_name,
            }
        }
        [single] => {
            let ty = format_ident!("{}", single);
            let doc = format!(
                "Decodes the documented error body (`{single}`) of `{}`.",
                plan.id
            );
            let decoder = quote! {
                #[doc = #doc]
                fn #decoder_name(_status: reqwest::StatusCode, body: &[u8]) -> Option<types::#ty> {
                    serde_json::from_slice(body).ok()
                }
            };
            ErrorBody {
                ty: quote!(types::#ty),
                types_items: quote!(),
                decoder,
                decoder_name,
            }
        }
        many => {
            let union = format_ident!("{}ErrorBody", plan.id.to_pascal_case());
            let variants: Vec<syn::Ident> = many.iter().map(|t| format_ident!("{}", t)).collect();
            let union_doc = format!(
                "The documented error bodies of `{}`; which one depends on the status.",
                plan.id
            );
            let variant_docs: Vec<String> = many
                .iter()
                .map(|t| {
                    let statuses: Vec<String> = plan
                        .errors
                        .iter()
                        .filter(|e| e.body_type.as_deref() == Some(t.as_str()))
                        .map(|e| match e.status {
                            ErrorStatus::Code(c) => c.to_string(),
                            ErrorStatus::Range(r) => format!("{r}XX"),
                            ErrorStatus::Default => "other statuses".to_string(),
                        })
                        .collect();
                    format!("Sent with {}.", statuses.join(", "))
                })
                .collect();
            let types_items = quote! {
                #[doc = #union_doc]
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
                #[serde(untagged)]
                pub enum #union {
                    #(
                        #[doc = #variant_docs]
                        #variants(#variants),
                    )*
                }
            };
            let mut seen = BTreeSet::new();
            let arms: Vec<TokenStream> = plan
                .errors
                .iter()
                .filter(|e| seen.insert(e.status))
                .map(|e| {
                    let pattern = status_pattern(&e.status);
                    match &e.body_type {
                        Some(t) => {
                            let t = format_ident!("{}", t);
                            quote!(#pattern => serde_json::from_slice(body).ok().map(types::#union::#t),)
                        }
                        None => quote!(#pattern => None,),
                    }
                })
                .collect();
            let has_default = plan.errors.iter().any(|e| e.status == ErrorStatus::Default);
            let fallback = (!has_default).then(|| quote!(_ => None,));
            let doc = format!(
                "Decodes the documented error body of `{}` by status.",
                plan.id
            );
            let decoder = quote! {
                #[doc = #doc]
                fn #decoder_name(status: reqwest::StatusCode, body: &[u8]) -> Option<types::#union> {
                    match status.as_u16() {
                        #(#arms)*
                        #fallback
                    }
                }
            };
            ErrorBody {
                ty: quote!(types::#union),
                types_items,
                decoder,
                decoder_name,
            }
        }
    }
}

/// The union of the success bodies of an operation whose success statuses differ in body.
pub(crate) fn success_union(plan: &OperationPlan) -> TokenStream {
    let Some(members) = &plan.success_union else {
        return quote!();
    };
    let union = format_ident!("{}Response", plan.id.to_pascal_case());
    let types = distinct(members.iter().map(|(_, t)| t));
    let variants: Vec<syn::Ident> = types.iter().map(|t| format_ident!("{}", t)).collect();
    let docs: Vec<String> = types
        .iter()
        .map(|t| {
            let codes: Vec<String> = members
                .iter()
                .filter(|(_, m)| m == *t)
                .map(|(c, _)| c.to_string())
                .collect();
            format!("The body sent with status {}.", codes.join(", "))
        })
        .collect();
    let arms = variants.iter().zip(&types).map(|(variant, t)| {
        let codes = members
            .iter()
            .filter(|(_, m)| m == *t)
            .map(|(c, _)| Literal::u16_unsuffixed(*c));
        quote!(#(#codes)|* => runtime::__generated::decode_json(body).map(Self::#variant),)
    });
    let doc = format!(
        "The success body of `{}`, which depends on the status.",
        plan.id
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #union {
            #(
                #[doc = #docs]
                #variants(#variants),
            )*
        }

        impl #union {
            /// Decodes the body of a success status.
            #[doc(hidden)]
            pub fn from_status(status: u16, body: &[u8]) -> Result<Self, String> {
                match status {
                    #(#arms)*
                    other => Err(format!("status {other} has no documented body")),
                }
            }
        }
    }
}

/// Whether a type is `()` (an operation whose success has no body).
fn is_unit(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Tuple(t) if t.elems.is_empty())
}

/// The limit checks of an operation's parameters, as statements returning `Err(String)`. A
/// path parameter sent with raw slashes is checked part by part.
fn limit_checks(plan: &OperationPlan, raw_slashes: &[String]) -> TokenStream {
    let checks = plan.limits.iter().map(|param| {
        let raw = raw_slashes.contains(&param.name);
        let field = format_ident!("{}", rust_field_name(&param.name));
        let name = &param.name;
        let each = param.limits.iter().map(|limit| match limit {
            Limit::Minimum(m) => quote!(runtime::limits::minimum(#name, *value as f64, #m)?;),
            Limit::Maximum(m) => quote!(runtime::limits::maximum(#name, *value as f64, #m)?;),
            Limit::MinLength(n) => quote!(runtime::limits::min_length(#name, value.as_ref(), #n)?;),
            Limit::MaxLength(n) => quote!(runtime::limits::max_length(#name, value.as_ref(), #n)?;),
            Limit::MinItems(n) => quote!(runtime::limits::min_items(#name, value, #n)?;),
            Limit::MaxItems(n) => quote!(runtime::limits::max_items(#name, value, #n)?;),
            Limit::PathSegment if raw => {
                quote!(runtime::limits::path_segments(#name, value.as_ref())?;)
            }
            Limit::PathSegment => quote!(runtime::limits::path_segment(#name, value.as_ref())?;),
        });
        let pattern = if param.required {
            quote!(Ok(value))
        } else {
            quote!(Ok(Some(value)))
        };
        quote! {
            if let #pattern = &self.#field {
                #(#each)*
            }
        }
    });
    quote!(#(#checks)*)
}

/// The items added to an operation's builder: `send()`, the limit checks.
pub(crate) fn builder_impl(
    plan: &OperationPlan,
    builder: &syn::Ident,
    success: &syn::Type,
    error: &ErrorBody,
    long_poll: Option<&LongPoll>,
    raw_slashes: &[String],
) -> TokenStream {
    let id = &plan.id;
    let error_ty = &error.ty;
    let decoder = &error.decoder_name;
    let checks = limit_checks(plan, raw_slashes);
    let send_doc = format!(
        "Sends `{} {}`. {}Error responses become [`runtime::Error`] with the documented body \
         when it parses.",
        plan.method.upper(),
        plan.path,
        if plan.limits.is_empty() {
            ""
        } else {
            "Parameters outside their documented limits are rejected before sending. "
        }
    );
    let (result_ty, finish) = match (&plan.optional_body, &plan.success_union) {
        (_, Some(_)) => {
            let union = format_ident!("{}Response", plan.id.to_pascal_case());
            (
                quote!(types::#union),
                quote!(runtime::__generated::finish_by_status(
                    #id,
                    self.send_raw(),
                    #decoder,
                    types::#union::from_status,
                )
                .await),
            )
        }
        (None, None) if plan.success_media == SuccessMedia::Text => (
            quote!(String),
            quote!(runtime::__generated::finish_text(#id, self.send_raw(), #decoder).await),
        ),
        (None, None) if plan.success_media == SuccessMedia::Binary => (
            quote!(runtime::Bytes),
            quote!(runtime::__generated::finish_bytes(#id, self.send_raw(), #decoder).await),
        ),
        (None, None) if is_unit(success) => (
            quote!(()),
            quote!(runtime::__generated::finish_empty(#id, self.send_raw(), #decoder).await),
        ),
        (None, None) => (
            quote!(#success),
            quote!(runtime::__generated::finish(#id, self.send_raw(), #decoder).await),
        ),
        (Some(empty), None) => {
            let codes = empty.iter().map(|c| Literal::u16_unsuffixed(*c));
            (
                quote!(Option<#success>),
                quote!(runtime::__generated::finish_optional(
                    #id,
                    self.send_raw(),
                    #decoder,
                    &[#(#codes),*],
                )
                .await),
            )
        }
    };
    // Operations without documented limits get no check.
    let (check_call, check_fn) = if plan.limits.is_empty() {
        (quote!(), quote!())
    } else {
        (
            quote! {
                if let Err(message) = self.check_limits() {
                    return Err(runtime::Error::invalid_request(#id, message));
                }
            },
            quote! {
                /// Checks the documented limits of the parameters that are set.
                fn check_limits(&self) -> Result<(), String> {
                    #checks
                    Ok(())
                }
            },
        )
    };
    let with_response_doc = "Like [`send`](Self::send), and also gives the status, headers, \
                             request id and body as received (bytes and JSON) the value came \
                             with.";
    let send = match long_poll {
        None => quote! {
            #[doc = #send_doc]
            pub async fn send(self) -> Result<#result_ty, runtime::Error<#error_ty>> {
                self.send_with_response().await.map(runtime::Response::into_value)
            }

            #[doc = #with_response_doc]
            pub async fn send_with_response(
                self,
            ) -> Result<runtime::Response<#result_ty>, runtime::Error<#error_ty>> {
                #check_call
                #finish
            }
        },
        Some(poll) => {
            let pending = Literal::u16_unsuffixed(poll.pending_status);
            let poll_doc = format!(
                "Sends `{} {}` until the result is ready: while the server answers {pending} \
                 (still pending) the request is sent again, for at most \
                 [`DEFAULT_DEADLINE`](runtime::long_poll::DEFAULT_DEADLINE); then the error kind \
                 is `PollTimeout`. Asking again does not use the retry budget. Error responses \
                 become [`Error`](runtime::Error) with the documented body when it parses.",
                plan.method.upper(),
                plan.path,
                pending = poll.pending_status,
            );
            let within_doc = "Like [`send`](Self::send), with another overall deadline.";
            quote! {
                #[doc = #poll_doc]
                pub async fn send(self) -> Result<#result_ty, runtime::Error<#error_ty>> {
                    self.send_within(runtime::long_poll::DEFAULT_DEADLINE).await
                }

                #[doc = #within_doc]
                pub async fn send_within(
                    self,
                    deadline: ::std::time::Duration,
                ) -> Result<#result_ty, runtime::Error<#error_ty>> {
                    self.send_with_response_within(deadline)
                        .await
                        .map(runtime::Response::into_value)
                }

                #[doc = #with_response_doc]
                pub async fn send_with_response(
                    self,
                ) -> Result<runtime::Response<#result_ty>, runtime::Error<#error_ty>> {
                    self.send_with_response_within(runtime::long_poll::DEFAULT_DEADLINE).await
                }

                /// Like [`send_with_response`](Self::send_with_response), with another overall
                /// deadline.
                pub async fn send_with_response_within(
                    self,
                    deadline: ::std::time::Duration,
                ) -> Result<runtime::Response<#result_ty>, runtime::Error<#error_ty>> {
                    #check_call
                    runtime::long_poll::long_poll(#id, #pending, deadline, || {
                        let round = self.clone();
                        async move { round.send_once().await }
                    })
                    .await
                }

                /// One round: sends the request once (with the usual retries).
                async fn send_once(
                    self,
                ) -> Result<runtime::Response<#result_ty>, runtime::Error<#error_ty>> {
                    #finish
                }
            }
        }
    };
    quote! {
        impl<'a> #builder<'a> {
            #send

            #check_fn
        }
    }
}

/// Path parameters whose values hold slashes by design (`x-raw-slashes`) are sent with their
/// slashes raw: in the `send_raw` of their operation's builder, progenitor's
/// `encode_path(&name.to_string())` becomes the runtime's `encode_path_raw_slashes(..)` (the
/// value was checked part by part before). Every other parameter keeps full escaping.
pub(crate) fn send_raw_slashes(
    builder: &mut [syn::Item],
    operation_id: &str,
    raw_slashes: &[String],
) -> Result<(), String> {
    if raw_slashes.is_empty() {
        return Ok(());
    }
    let builder_name = spec_model::naming::rust_type_name(operation_id);
    let fields: Vec<String> = raw_slashes.iter().map(|n| rust_field_name(n)).collect();
    let mut replaced = 0;
    for item in builder.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        let syn::Type::Path(self_ty) = &*imp.self_ty else {
            continue;
        };
        if self_ty
            .path
            .segments
            .last()
            .is_none_or(|s| s.ident != builder_name)
        {
            continue;
        }
        for impl_item in &mut imp.items {
            let syn::ImplItem::Fn(f) = impl_item else {
                continue;
            };
            if f.sig.ident != "send_raw" {
                continue;
            }
            for stmt in &mut f.block.stmts {
                let syn::Stmt::Local(local) = stmt else {
                    continue;
                };
                let Some(init) = &mut local.init else {
                    continue;
                };
                if let syn::Expr::Macro(m) = &mut *init.expr {
                    let tokens = std::mem::take(&mut m.mac.tokens);
                    m.mac.tokens = raw_encode(tokens, &fields, &mut replaced);
                }
            }
        }
    }
    if replaced != fields.len() {
        return Err(format!(
            "operation `{operation_id}`: `x-raw-slashes` parameters {raw_slashes:?} were not all \
             found in the path the builder formats"
        ));
    }
    Ok(())
}

/// `tokens` with `encode_path(& <field> ...)` calls of `fields` made raw-slash calls.
fn raw_encode(tokens: TokenStream, fields: &[String], replaced: &mut usize) -> TokenStream {
    use proc_macro2::TokenTree;
    let mut out: Vec<TokenTree> = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        let is_call = matches!(&tree, TokenTree::Ident(i) if i == "encode_path");
        let argument = match iter.peek() {
            Some(TokenTree::Group(g)) if is_call => g.stream().into_iter().find_map(|t| match t {
                TokenTree::Ident(i) => Some(i.to_string()),
                _ => None,
            }),
            _ => None,
        };
        if argument.is_some_and(|a| fields.contains(&a)) {
            *replaced += 1;
            out.extend(quote!(runtime::__generated::encode_path_raw_slashes));
        } else {
            out.push(tree);
        }
    }
    out.into_iter().collect()
}
