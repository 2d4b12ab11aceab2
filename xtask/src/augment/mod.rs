//! Adds what progenitor lacks to its output, and splits the result into the crate's modules:
//! `types` (with forward-compatible enums), `builder` (with typed `send()`, limits, pagination),
//! `auth` (credentials), `server` (base URL, sites) and the crate root (client construction,
//! request execution through the runtime).

mod auth;
pub mod enums;
mod operations;
mod pagination;
mod server;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::visit_mut::VisitMut;

use crate::extensions::CursorInput;
use crate::lower::Lowered;
use crate::schema_path::rust_type_name;
use crate::spec::Spec;

/// The Rust source of each module of a generated crate.
pub struct Modules {
    /// `src/lib.rs`: the crate documentation and module declarations, already formatted as
    /// rustfmt would (the other modules are marked `#[rustfmt::skip]`).
    pub lib: String,
    /// `src/client.rs`: the client, its construction and request execution.
    pub client: syn::File,
    /// `src/types.rs`.
    pub types: syn::File,
    /// `src/builder.rs`.
    pub builder: syn::File,
    /// `src/auth.rs`.
    pub auth: syn::File,
    /// `src/server.rs`.
    pub server: syn::File,
}

/// Augments progenitor's tokens for `spec`.
pub fn augment(spec: &Spec, lowered: &Lowered, tokens: TokenStream) -> Result<Modules, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced invalid Rust: {e}"))?;
    let mut root = Vec::new();
    let mut types = Vec::new();
    let mut builder = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                types = m.content.map(|c| c.1).unwrap_or_default()
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                builder = m.content.map(|c| c.1).unwrap_or_default()
            }
            other => root.push(other),
        }
    }

    // `send` becomes the private `send_raw`, wrapped by our `send`; remember each success type.
    let mut success_types = BTreeMap::new();
    for item in &mut builder {
        if let syn::Item::Impl(imp) = item {
            let Some(name) = self_type_name(&imp.self_ty) else {
                continue;
            };
            for member in &mut imp.items {
                if let syn::ImplItem::Fn(f) = member {
                    if f.sig.ident == "send" {
                        f.sig.ident = format_ident!("send_raw");
                        f.vis = syn::Visibility::Inherited;
                        f.attrs.retain(|a| !a.path().is_ident("doc"));
                        f.attrs.push(syn::parse_quote!(#[doc = "Sends the request as progenitor generated it."]));
                        if let Some(t) = response_value_type(&f.sig.output) {
                            success_types.insert(name.clone(), t);
                        }
                    }
                }
            }
        }
    }
    let body_types = body_types(&builder);
    // The crate's `Error` is the runtime's; the builders keep using progenitor's internally.
    for item in root.iter_mut().chain(builder.iter_mut()) {
        if let syn::Item::Use(u) = item {
            RemoveErrorImport.visit_item_use_mut(u);
        }
    }
    builder.insert(
        0,
        syn::parse_quote!(
            use progenitor_client::Error;
        ),
    );

    let mut types_extra = TokenStream::new();
    for def in lowered.enums.values().filter(|def| !def.closed) {
        types_extra.extend(enums::emit(def));
    }
    add_union_catch_alls(&mut types);
    let mut builder_extra = TokenStream::new();
    for plan in lowered.operations.values() {
        let builder_name = format_ident!("{}", rust_type_name(&plan.id));
        let success = success_types
            .get(&builder_name.to_string())
            .ok_or_else(|| format!("no builder found for operation `{}`", plan.id))?;
        let error = operations::error_body(plan);
        types_extra.extend(error.types_items.clone());
        types_extra.extend(operations::success_union(plan));
        builder_extra.extend(error.decoder.clone());
        builder_extra.extend(operations::builder_impl(
            plan,
            &builder_name,
            success,
            &error,
        ));
        let ext = spec.extensions.operations.get(&plan.id);
        if let Some(pagination) = ext.and_then(|e| e.pagination.as_ref()) {
            if plan.optional_body.is_some() || plan.success_union.is_some() {
                return Err(format!(
                    "operation `{}`: `x-pagination` needs a single bodied success response",
                    plan.id
                ));
            }
            let needs_body = matches!(
                &pagination.style,
                crate::extensions::PaginationStyle::Cursor {
                    input: CursorInput::Body(_),
                    ..
                }
            );
            let body_ty = body_types.get(&builder_name.to_string());
            if needs_body && body_ty.is_none() {
                return Err(format!(
                    "operation `{}`: `cursor-body` needs a JSON request body",
                    plan.id
                ));
            }
            let page_required = page_param_required(spec, &plan.id, pagination);
            builder_extra.extend(
                pagination::builder_impl(
                    pagination,
                    &builder_name,
                    success,
                    &error.ty,
                    body_ty,
                    page_required,
                )
                .map_err(|e| format!("operation `{}`: {e}", plan.id))?,
            );
        }
    }
    types.extend(parse_items(types_extra)?);
    builder.extend(parse_items(builder_extra)?);

    let client = client_items(spec, root)?;
    Ok(Modules {
        lib: lib_text(spec),
        client,
        types: syn::File {
            shebang: None,
            attrs: vec![],
            items: types,
        },
        builder: syn::File {
            shebang: None,
            attrs: vec![],
            items: builder,
        },
        auth: parse_file(auth::emit(&spec.openapi.info.title, &spec.extensions.auth))?,
        server: parse_file(server::emit(&spec.extensions.server))?,
    })
}

/// Drops `Error` from progenitor's `use` groups (the crate exports the runtime's `Error`).
struct RemoveErrorImport;

impl VisitMut for RemoveErrorImport {
    fn visit_use_group_mut(&mut self, group: &mut syn::UseGroup) {
        group.items = std::mem::take(&mut group.items)
            .into_iter()
            .filter(|tree| !matches!(tree, syn::UseTree::Name(n) if n.ident == "Error"))
            .collect();
        syn::visit_mut::visit_use_group_mut(self, group);
    }
}

/// The name of a builder type (`ListWidgets` in `ListWidgets<'a>`).
fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `T` in `Result<ResponseValue<T>, Error<()>>`.
fn response_value_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let result = last_generic_args(ty)?;
    let first = result.into_iter().next()?;
    let inner = last_generic_args(&first)?;
    inner.into_iter().next()
}

fn last_generic_args(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// For each builder with a JSON body field (`Result<types::builder::X, String>`): `types::X`.
fn body_types(builder: &[syn::Item]) -> BTreeMap<String, syn::Path> {
    let mut out = BTreeMap::new();
    for item in builder {
        let syn::Item::Struct(s) = item else { continue };
        for field in &s.fields {
            if field.ident.as_ref().is_some_and(|i| i == "body") {
                let Some(args) = last_generic_args(&field.ty) else {
                    continue;
                };
                let Some(syn::Type::Path(p)) = args.first() else {
                    continue;
                };
                if let Some(last) = p.path.segments.last() {
                    let name = &last.ident;
                    out.insert(s.ident.to_string(), syn::parse_quote!(types::#name));
                }
            }
        }
    }
    out
}

/// Whether the page-number parameter of a paginated operation is required.
fn page_param_required(
    spec: &Spec,
    operation: &str,
    pagination: &crate::extensions::Pagination,
) -> bool {
    let crate::extensions::PaginationStyle::PageNumber { param, .. } = &pagination.style else {
        return false;
    };
    crate::spec::operations(&spec.openapi)
        .into_iter()
        .filter(|(_, _, op)| op.operation_id.as_deref() == Some(operation))
        .flat_map(|(_, _, op)| op.parameters.iter())
        .filter_map(|p| p.as_item())
        .any(|p| p.parameter_data_ref().name == *param && p.parameter_data_ref().required)
}

fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    parse_file(tokens).map(|f| f.items)
}

fn parse_file(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("the generator emitted invalid Rust: {e}"))
}

/// `src/lib.rs`: documentation, module declarations and re-exports, in rustfmt's layout.
fn lib_text(spec: &Spec) -> String {
    let info = &spec.openapi.info;
    let mut doc = format!(
        "Typed client for the {} (version {}).",
        info.title, info.version
    );
    if let Some(d) = &info.description {
        doc.push_str("\n\n");
        doc.push_str(d.trim());
    }
    let mut out = String::new();
    for line in doc.lines() {
        if line.trim().is_empty() {
            out.push_str("//!\n");
        } else {
            out.push_str(&format!("//! {}\n", line.trim_end()));
        }
    }
    out.push_str(
        "\n#[rustfmt::skip]\nmod auth;\n#[allow(clippy::all)]\n#[rustfmt::skip]\npub mod builder;\n\
         #[rustfmt::skip]\nmod client;\n#[rustfmt::skip]\nmod server;\n#[allow(clippy::all)]\n\
         #[rustfmt::skip]\npub mod types;\n\npub use auth::Credentials;\npub use client::*;\n\
         pub use server::*;\n",
    );
    out
}

/// `src/client.rs`: progenitor's client plus construction, hooks and re-exports.
fn client_items(spec: &Spec, root: Vec<syn::Item>) -> Result<syn::File, String> {
    let marked = |safe: bool| -> Vec<&String> {
        spec.extensions
            .operations
            .iter()
            .filter(|(_, e)| e.retry_safe == Some(safe))
            .map(|(id, _)| id)
            .collect()
    };
    let (retry_safe, never_retry) = (marked(true), marked(false));
    let site_import = spec
        .extensions
        .server
        .variable
        .as_ref()
        .and_then(|v| v.env.as_ref())
        .map(|_| {
            quote!(
                use crate::server::Site;
            )
        });
    let env_names: Vec<String> = spec
        .extensions
        .auth
        .iter()
        .map(|a| format!("`{}`", a.env))
        .chain(
            spec.extensions
                .server
                .variable
                .as_ref()
                .and_then(|v| v.env.as_ref())
                .map(|e| format!("`{e}` (optional)")),
        )
        .collect();
    let from_env_doc = format!(
        "A client configured from the environment ({}) with default settings.",
        if env_names.is_empty() {
            "nothing to read".to_string()
        } else {
            env_names.join(", ")
        }
    );
    let from_env_body = if spec
        .extensions
        .server
        .variable
        .as_ref()
        .is_some_and(|v| v.env.is_some())
    {
        quote! {
            Self::builder(Credentials::from_env()?)
                .base_url(Site::from_env().base_url())
                .build()
        }
    } else {
        quote!(Self::builder(Credentials::from_env()?).build())
    };
    let header = quote! {
        //! The client: construction from credentials and settings, and request execution
        //! through the runtime (credentials, retries, tracing).

        use crate::auth::Credentials;
        #[allow(unused_imports)]
        use crate::{builder, types};
        use crate::server::DEFAULT_BASE_URL;
        #site_import
        pub use runtime::{self, BoxStream, ClientBuilder, ConfigError, Error, ErrorKind, RetryPolicy, Secret};
        pub(crate) use progenitor_client::{encode_path, ClientHooks, OperationInfo, RequestBuilderExt};
    };
    let tail = quote! {
        impl ClientHooks<runtime::Context> for Client {
            async fn exec(
                &self,
                request: reqwest::Request,
                info: &OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                self.inner.execute(&self.client, request, info.operation_id).await
            }
        }

        impl runtime::Api for Client {
            type Credentials = Credentials;
            const INFO: runtime::ApiInfo = runtime::ApiInfo {
                crate_name: env!("CARGO_PKG_NAME"),
                crate_version: env!("CARGO_PKG_VERSION"),
                default_base_url: DEFAULT_BASE_URL,
                retry_safe: &[#(#retry_safe),*],
                never_retry: &[#(#never_retry),*],
            };

            fn from_parts(base_url: &str, http: reqwest::Client, context: runtime::Context) -> Self {
                Self::new_with_client(base_url, http, context)
            }
        }

        impl Client {
            /// Starts configuring a client (base URL, timeouts, retries, HTTP client).
            pub fn builder(credentials: Credentials) -> runtime::ClientBuilder<Self> {
                runtime::ClientBuilder::new(credentials)
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, runtime::ConfigError> {
                #from_env_body
            }
        }
    };
    let mut file = parse_file(header)?;
    // progenitor's private imports are replaced by the crate-visible ones above.
    file.items.extend(root.into_iter().filter(
        |item| !matches!(item, syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Inherited)),
    ));
    file.items.extend(parse_items(tail)?);
    Ok(file)
}

/// Adds `Unknown(serde_json::Value)` as the last variant of typify's untagged unions (`oneOf`),
/// so a shape the vendor adds later decodes instead of failing the response. Unions that typify
/// gives `Display`/`FromStr` impls (matches over every variant) are left as they are.
fn add_union_catch_alls(types: &mut [syn::Item]) {
    let mut with_impls = std::collections::BTreeSet::new();
    for item in types.iter() {
        if let syn::Item::Impl(imp) = item {
            let is_match_impl = imp.trait_.as_ref().is_some_and(|(_, path, _)| {
                path.segments
                    .last()
                    .is_some_and(|s| s.ident == "Display" || s.ident == "FromStr")
            });
            if let (true, Some(name)) = (is_match_impl, self_type_name(&imp.self_ty)) {
                with_impls.insert(name);
            }
        }
    }
    for item in types.iter_mut() {
        let syn::Item::Enum(e) = item else { continue };
        let untagged = e.attrs.iter().any(|a| {
            a.path().is_ident("serde")
                && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "untagged")
        });
        let taken = e.variants.iter().any(|v| v.ident == "Unknown");
        if untagged && !taken && !with_impls.contains(&e.ident.to_string()) {
            e.variants.push(syn::parse_quote! {
                /// A shape this client does not know yet, kept as sent.
                Unknown(::serde_json::Value)
            });
        }
    }
}
