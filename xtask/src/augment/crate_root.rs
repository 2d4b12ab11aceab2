//! The crate root (`lib.rs`) and the client module (`client.rs`): construction from credentials and
//! settings, request execution through the runtime, re-exports.

use quote::quote;

use super::syntax::{parse_file, parse_items};
use spec_model::Spec;

/// `src/lib.rs`: documentation, module declarations and re-exports, in rustfmt's layout.
pub(super) fn lib_text(spec: &Spec) -> String {
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
    hide_raw_constructors(&mut file.items);
    Ok(file)
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
