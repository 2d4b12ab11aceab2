//! The crate root (`lib.rs`) and the client module (`client.rs`): construction from credentials and
//! settings, request execution through the runtime, re-exports.

use quote::quote;

use super::syntax::{parse_file, parse_items};
use spec_model::Spec;

/// `src/lib.rs`: the crate documentation (the README), module declarations and the re-exports a
/// user needs, in rustfmt's layout. What only generated code uses stays crate-private.
pub(super) fn lib_text(spec: &Spec) -> String {
    let site = if spec.extensions.server.variable.is_some() {
        "pub use server::{Site, DEFAULT_BASE_URL};"
    } else {
        "pub use server::DEFAULT_BASE_URL;"
    };
    format!(
        "#![doc = include_str!(\"../README.md\")]\n#![deny(missing_docs)]\n\n\
         #[rustfmt::skip]\nmod auth;\n\
         /// Request builders, one per operation: set parameters, then `send()` (or `stream()`).\n\
         #[allow(clippy::all)]\n#[rustfmt::skip]\npub mod builder;\n\
         #[rustfmt::skip]\nmod client;\n#[rustfmt::skip]\nmod server;\n\
         /// The API's data: request and response bodies, enums and unions.\n\
         #[allow(clippy::all)]\n#[rustfmt::skip]\npub mod types;\n\
         /// A typed mock server of the API for tests (feature `mock`).\n\
         #[cfg(feature = \"mock\")]\n#[rustfmt::skip]\npub mod mock;\n\n\
         pub use auth::Credentials;\npub use client::Client;\n\
         pub use runtime::{{\n    ClientBuilder, ConfigError, Error, ErrorKind, JsonObject, Response, RetryPolicy, Secret,\n}};\n\
         {site}\n\n\
         // What the generated modules use from progenitor and the runtime, visible to them only.\n\
         #[allow(unused_imports)]\n\
         use progenitor_client::{{\n    ByteStream, ClientHooks, ClientInfo, OperationInfo, RequestBuilderExt, ResponseValue,\n}};\n\
         // Path parameters are escaped in full (progenitor's `encode_path` leaves backslashes and more as they are).\n\
         #[allow(unused_imports)]\n\
         use runtime::__generated::encode_path;\n"
    )
}

/// `src/client.rs`: progenitor's client plus construction, hooks and re-exports.
pub(super) fn client_items(spec: &Spec, root: Vec<syn::Item>) -> Result<syn::File, String> {
    let marked = |safe: bool| -> Vec<&String> {
        spec.extensions
            .operations
            .iter()
            .filter(|(_, e)| e.retry_safe == Some(safe))
            .map(|(id, _)| id)
            .collect()
    };
    let (retry_safe, never_retry) = (marked(true), marked(false));
    let anonymous = &spec.extensions.security.anonymous_operations;
    // Named by decode errors as the document to fix.
    let spec_file = match spec.path.file_name() {
        Some(name) => format!("specs/{}", name.to_string_lossy()),
        None => format!("specs/{}.yaml", spec.stem),
    };
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
    };
    let tail = quote! {
        // What progenitor's builders call on the client: requests go through the runtime.
        runtime::client_hooks!(Client);

        impl runtime::Api for Client {
            type Credentials = Credentials;
            const INFO: runtime::ApiInfo = runtime::ApiInfo {
                crate_name: env!("CARGO_PKG_NAME"),
                crate_version: env!("CARGO_PKG_VERSION"),
                default_base_url: DEFAULT_BASE_URL,
                retry_safe: &[#(#retry_safe),*],
                never_retry: &[#(#never_retry),*],
                anonymous: &[#(#anonymous),*],
                spec: #spec_file,
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

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.baseurl
            }
        }
    };
    let mut file = parse_file(header)?;
    file.items.extend(
        root.into_iter()
            .filter(|item| !is_progenitor_plumbing(item)),
    );
    file.items.extend(parse_items(tail)?);
    hide_raw_constructors(&mut file.items);
    document_client(&mut file.items, &spec.openapi.info.title);
    Ok(file)
}

/// progenitor's imports and re-exports, its `ClientInfo` impl (whose `inner()` would hand out the
/// runtime context), its hooks assertion and its `prelude`: replaced by the items above.
fn is_progenitor_plumbing(item: &syn::Item) -> bool {
    match item {
        syn::Item::Use(_) | syn::Item::Const(_) => true,
        syn::Item::Mod(m) => m.ident == "prelude",
        syn::Item::Impl(imp) => imp.trait_.is_some(),
        _ => false,
    }
}

/// Replaces progenitor's `Client` documentation (the whole API description, which the crate
/// documentation already shows) with what the type is and how to make one.
fn document_client(items: &mut [syn::Item], title: &str) {
    let doc = format!(
        "A client of the {title}: one method per operation, each returning a builder whose \
         `send()` makes the request. Make one with [`Client::from_env`] or [`Client::builder`]; \
         clones share the connection pool."
    );
    for item in items {
        if let syn::Item::Struct(s) = item {
            if s.ident == "Client" {
                s.attrs.retain(|a| !a.path().is_ident("doc"));
                s.attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
            }
        }
    }
}

/// progenitor's `Client::new(baseurl, inner)` and `new_with_client` need a `runtime::Context`,
/// which only `ClientBuilder` makes: `new` goes, `new_with_client` stays for the builder only.
fn hide_raw_constructors(items: &mut [syn::Item]) {
    for item in items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some()
            || !matches!(&*imp.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"))
        {
            continue;
        }
        imp.items
            .retain(|member| !matches!(member, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
        for member in &mut imp.items {
            if let syn::ImplItem::Fn(f) = member {
                if f.sig.ident == "new_with_client" {
                    f.vis = syn::parse_quote!(pub(crate));
                }
            }
        }
    }
}
