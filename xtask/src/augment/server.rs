//! Emits the API's default base URL and, when the server URL has an enumerated variable (a site),
//! a forward-compatible `Site` enum that builds base URLs and reads its environment variable.

use proc_macro2::TokenStream;
use quote::quote;

use super::enums::variant_names;
use crate::lower::{EnumDef, EnumValues};
use spec_model::extensions::Server;

/// The `server.rs` module.
pub(crate) fn emit(server: &Server) -> TokenStream {
    let Some(var) = &server.variable else {
        let url = &server.url;
        if url.is_empty() {
            return quote! {
                /// The API documents no absolute server URL: every client needs one from
                /// `.base_url(..)` (building without one is a configuration error).
                pub const DEFAULT_BASE_URL: &str = "";
            };
        }
        return quote! {
            /// The API's base URL.
            pub const DEFAULT_BASE_URL: &str = #url;
        };
    };
    let default_url = server
        .url
        .replace(&format!("{{{}}}", var.name), &var.default);
    let placeholder = format!("{{{}}}", var.name);
    let template = &server.url;
    let variants = variant_names(&var.values, &[]);
    let default_variant = var
        .values
        .iter()
        .position(|v| v == &var.default)
        .map(|i| {
            let v = &variants[i];
            quote!(Self::#v)
        })
        .unwrap_or_else(|| {
            let d = &var.default;
            quote!(Self::Unknown(#d.to_string()))
        });
    let mut doc = var.description.clone().unwrap_or_else(|| {
        format!(
            "Where the API is served (`{}` in `{}`).",
            var.name, template
        )
    });
    doc.push_str(" A value not listed here is kept as given and substituted the same way.");
    let site_enum = super::enums::emit(&EnumDef {
        name: "Site".to_string(),
        description: Some(doc),
        values: EnumValues::Strings(var.values.clone()),
        variant_names: Vec::new(),
        closed: false,
    });
    let from_env = match &var.env {
        Some(env) => {
            let env_doc =
                format!("The value of `{env}`, or the default when it is unset or empty.");
            quote! {
                #[doc = #env_doc]
                pub fn from_env() -> Self {
                    runtime::env_setting(#env).map(Self::from).unwrap_or_default()
                }
            }
        }
        None => quote!(),
    };
    quote! {
        /// The base URL of the default site.
        pub const DEFAULT_BASE_URL: &str = #default_url;

        #site_enum

        impl Site {
            /// The base URL for this site.
            pub fn base_url(&self) -> String {
                #template.replace(#placeholder, self.as_str())
            }

            #from_env
        }

        #[allow(clippy::derivable_impls)]
        impl Default for Site {
            fn default() -> Self {
                #default_variant
            }
        }
    }
}
