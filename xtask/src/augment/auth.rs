//! Emits `Credentials`: one named secret per security scheme (a struct with public fields, so two
//! secrets cannot be swapped by position), `new(secret)` where there is only one, `from_env()`,
//! and the headers they become.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use spec_model::extensions::{AuthKind, AuthScheme};
use spec_model::naming::rust_field_name;

/// The Rust field name of a scheme: its `x-name`, else its key in snake case without an `_auth`
/// suffix.
pub(crate) fn field_name(scheme: &AuthScheme) -> syn::Ident {
    if let Some(name) = &scheme.field {
        return format_ident!("{name}");
    }
    // A valid identifier whatever the scheme's key (a leading digit or a keyword is adjusted).
    let snake = rust_field_name(&scheme.name);
    match snake.strip_suffix("_auth") {
        Some("") => format_ident!("secret"),
        Some(trimmed) => format_ident!("{}", rust_field_name(trimmed)),
        None => format_ident!("{snake}"),
    }
}

fn how_sent(scheme: &AuthScheme) -> String {
    match &scheme.kind {
        AuthKind::Header(name) => format!("the `{name}` header"),
        AuthKind::Bearer => "`Authorization: Bearer <secret>`".to_string(),
    }
}

/// Whether a scheme's description already says how the secret is sent.
fn says_how_sent(scheme: &AuthScheme, description: &str) -> bool {
    match &scheme.kind {
        AuthKind::Header(name) => description.contains(name.as_str()),
        AuthKind::Bearer => description.contains("Bearer"),
    }
}

/// A field's documentation: what it is, how it is sent (once), and the variable `from_env` reads.
fn field_doc(scheme: &AuthScheme) -> String {
    let mut doc = match scheme.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => {
            let mut d = d.to_string();
            if !d.ends_with('.') {
                d.push('.');
            }
            if !says_how_sent(scheme, &d) {
                d.push_str(&format!(" Sent as {}.", how_sent(scheme)));
            }
            d
        }
        _ => format!("The secret sent as {}.", how_sent(scheme)),
    };
    doc.push_str(&format!(" `from_env` reads `{}`.", scheme.env));
    doc
}

/// The `auth.rs` module.
pub fn emit(api_title: &str, schemes: &[AuthScheme]) -> TokenStream {
    let fields: Vec<syn::Ident> = schemes.iter().map(field_name).collect();
    let field_docs: Vec<String> = schemes.iter().map(field_doc).collect();
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
    let literal = fields
        .iter()
        .map(|f| format!("{f}: \"...\".into()"))
        .collect::<Vec<_>>()
        .join(", ");
    let struct_doc = if fields.is_empty() {
        format!("Credentials for the {api_title}, which needs none: `Credentials {{}}`.")
    } else {
        format!(
            "Credentials for the {api_title}, sent on every request. `Debug` never shows them.\n\n\
             Name each part: `Credentials {{ {literal} }}`, or read them all with \
             [`Credentials::from_env`]."
        )
    };
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
    // A positional constructor only where there is nothing to swap.
    let new = match fields.as_slice() {
        [field] => {
            let doc = format!("Credentials from a `{field}` held by the caller.");
            quote! {
                #[doc = #doc]
                pub fn new(#field: impl Into<runtime::Secret>) -> Self {
                    Self { #field: #field.into() }
                }
            }
        }
        _ => quote!(),
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
            #new

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
