//! Emits `Credentials`: one secret per security scheme, a positional constructor, `from_env()`,
//! and the headers they become.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use spec_model::extensions::{AuthKind, AuthScheme};

/// The Rust field name of a scheme: its key in snake case, without an `_auth` suffix.
fn field_name(scheme: &AuthScheme) -> syn::Ident {
    let snake = scheme.name.to_snake_case();
    let trimmed = snake.strip_suffix("_auth").unwrap_or(&snake);
    format_ident!(
        "{}",
        if trimmed.is_empty() {
            "secret"
        } else {
            trimmed
        }
    )
}

fn how_sent(scheme: &AuthScheme) -> String {
    match &scheme.kind {
        AuthKind::Header(name) => format!("the `{name}` header"),
        AuthKind::Bearer => "`Authorization: Bearer <secret>`".to_string(),
    }
}

/// The `auth.rs` module.
pub fn emit(api_title: &str, schemes: &[AuthScheme]) -> TokenStream {
    let fields: Vec<syn::Ident> = schemes.iter().map(field_name).collect();
    let field_docs: Vec<String> = schemes
        .iter()
        .map(|s| {
            let mut doc = format!(
                "Sent as {} (environment variable `{}`).",
                how_sent(s),
                s.env
            );
            if let Some(d) = &s.description {
                doc = format!("{} {doc}", d.trim());
            }
            doc
        })
        .collect();
    let envs: Vec<&str> = schemes.iter().map(|s| s.env.as_str()).collect();
    let whats: Vec<String> = schemes
        .iter()
        .map(|s| format!("the secret sent as {}", how_sent(s)))
        .collect();
    let headers: Vec<TokenStream> = schemes
        .iter()
        .zip(&fields)
        .map(|(s, f)| match &s.kind {
            AuthKind::Header(name) => quote!(runtime::AuthHeader::plain(#name, &self.#f)),
            AuthKind::Bearer => quote!(runtime::AuthHeader::bearer(&self.#f)),
        })
        .collect();
    let struct_doc = format!(
        "Credentials for the {api_title}, sent on every request. `Debug` never shows them."
    );
    let env_list = envs
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let from_env_doc = if envs.is_empty() {
        "No credentials are needed; this always succeeds.".to_string()
    } else {
        format!("Reads the credentials from {env_list}; a missing or empty variable is an error naming it.")
    };
    quote! {
        #[doc = #struct_doc]
        #[derive(Clone, Debug)]
        pub struct Credentials {
            #(
                #[doc = #field_docs]
                pub #fields: runtime::Secret,
            )*
        }

        impl Credentials {
            /// Credentials from secrets held by the caller.
            pub fn new(#(#fields: impl Into<runtime::Secret>),*) -> Self {
                Self { #(#fields: #fields.into()),* }
            }

            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, runtime::ConfigError> {
                Ok(Self {
                    #(#fields: runtime::env_secret(#envs, #whats)?,)*
                })
            }
        }

        impl runtime::Credentials for Credentials {
            fn headers(&self) -> Vec<runtime::AuthHeader> {
                vec![#(#headers),*]
            }
        }
    }
}
