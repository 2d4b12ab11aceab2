//! Emits `Credentials`: one named secret per security scheme (a struct with public fields, so two
//! secrets cannot be swapped by position), `new(secret)` where there is only one, `from_env()`,
//! and the headers they become.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use spec_model::extensions::{AuthKind, AuthScheme, Security};
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
        AuthKind::Basic => {
            "`Authorization: Basic <base64>` (the secret is `username:password`)".to_string()
        }
        AuthKind::Query(name) => format!("the query parameter `{name}`"),
        AuthKind::Cookie(name) => format!("the cookie `{name}`"),
    }
}

/// Whether a scheme's description already says how the secret is sent.
fn says_how_sent(scheme: &AuthScheme, description: &str) -> bool {
    match &scheme.kind {
        AuthKind::Header(name) | AuthKind::Query(name) | AuthKind::Cookie(name) => {
            description.contains(name.as_str())
        }
        AuthKind::Bearer => description.contains("Bearer"),
        AuthKind::Basic => description.contains("Basic"),
    }
}

/// The runtime credential a scheme's secret `secret` (an expression) becomes.
fn credential(scheme: &AuthScheme, secret: TokenStream) -> TokenStream {
    match &scheme.kind {
        AuthKind::Header(name) => quote!(runtime::AuthHeader::plain(#name, #secret)),
        AuthKind::Bearer => quote!(runtime::AuthHeader::bearer(#secret)),
        AuthKind::Basic => quote!(runtime::AuthHeader::basic(#secret)),
        AuthKind::Query(name) => quote!(runtime::AuthHeader::query(#name, #secret)),
        AuthKind::Cookie(name) => quote!(runtime::AuthHeader::cookie(#name, #secret)),
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

/// The `auth.rs` module: every credential required where the document accepts one set of
/// credentials; each optional, one alternative chosen per request, where it accepts several.
pub(crate) fn emit(api_title: &str, security: &Security) -> TokenStream {
    if !security.single() {
        return emit_alternatives(api_title, security);
    }
    let schemes = &security.schemes;
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
        .map(|(s, f)| credential(s, quote!(&self.#f)))
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

/// `Credentials` of a document that accepts several sets of credentials: each secret optional,
/// and each request sends the first alternative (in the document's order) whose secrets are all
/// given; none given sends none (the server then answers `401`, a typed `Auth` error).
fn emit_alternatives(api_title: &str, security: &Security) -> TokenStream {
    let schemes = &security.schemes;
    let fields: Vec<syn::Ident> = schemes.iter().map(field_name).collect();
    let field_docs: Vec<String> = schemes.iter().map(field_doc).collect();
    let envs: Vec<&str> = schemes.iter().map(|s| s.env.as_str()).collect();
    let alternatives: Vec<TokenStream> = security
        .alternatives
        .iter()
        .filter(|alternative| !alternative.is_empty())
        .map(|alternative| {
            let present = alternative.iter().map(|&i| &fields[i]);
            let sent = alternative.iter().map(|&i| {
                let f = &fields[i];
                credential(&schemes[i], quote!(#f))
            });
            let bound = alternative.iter().map(|&i| &fields[i]);
            quote! {
                if let (#(Some(#bound),)*) = (#(&self.#present,)*) {
                    return vec![#(#sent),*];
                }
            }
        })
        .collect();
    let choices = security
        .alternatives
        .iter()
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.iter()
                .map(|&i| format!("`{}`", fields[i]))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect::<Vec<_>>()
        .join(", or ");
    let struct_doc = format!(
        "Credentials for the {api_title}, which accepts {choices}. Set the fields of one \
         choice (`..Default::default()` for the others); each request sends the first complete \
         one. `Debug` never shows them."
    );
    let env_list = envs
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let from_env_doc =
        format!("Reads each credential that is set among {env_list}; an error when none is set.");
    let first_env = envs.first().copied().unwrap_or_default();
    let what = format!("a credential (or one of {env_list})");
    quote! {
        #[doc = #struct_doc]
        #[derive(Clone, Debug, Default)]
        pub struct Credentials {
            #(
                #[doc = #field_docs]
                pub #fields: Option<runtime::Secret>,
            )*
        }

        impl Credentials {
            #[doc = #from_env_doc]
            pub fn from_env() -> Result<Self, runtime::ConfigError> {
                let credentials = Self {
                    #(#fields: runtime::env_setting(#envs).map(runtime::Secret::from),)*
                };
                if [#(credentials.#fields.is_none()),*].iter().all(|none| *none) {
                    runtime::env_secret(#first_env, #what)?;
                }
                Ok(credentials)
            }
        }

        impl runtime::Credentials for Credentials {
            fn headers(&self) -> Vec<runtime::AuthHeader> {
                #(#alternatives)*
                Vec::new()
            }
        }
    }
}
