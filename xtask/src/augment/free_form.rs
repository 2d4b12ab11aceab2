//! Free-form JSON objects (a schema whose members are open: any `additionalProperties`, no
//! properties) become the runtime's `JsonObject` instead of progenitor's `serde_json::Map`: the
//! object is checked and kept as text when a response is decoded, and parsed the first time it
//! is read. Large pages of events whose attributes are free-form then decode without building a
//! tree of values nobody may read; `JsonObject` reads as a `Map` through `Deref`.

use proc_macro2::{Literal, TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::{self, VisitMut};

/// The type progenitor gives a free-form object, as `quote!` prints it.
const MAP: &str = ":: serde_json :: Map < :: std :: string :: String , :: serde_json :: Value >";

/// Replaces every free-form object type among `items` (fields, parameters, results, builders).
pub(super) fn use_json_object(items: &mut [syn::Item]) {
    for item in items {
        FreeForm.visit_item_mut(item);
    }
}

struct FreeForm;

impl VisitMut for FreeForm {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if quote!(#ty).to_string() == MAP {
            *ty = syn::parse_quote!(crate::JsonObject);
        } else {
            visit_mut::visit_type_mut(self, ty);
        }
    }

    /// `#[serde(skip_serializing_if = "::serde_json::Map::is_empty")]` names the type too.
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        if let syn::Meta::List(list) = &mut attr.meta {
            if list.path.is_ident("serde") {
                list.tokens = replace_is_empty(std::mem::take(&mut list.tokens));
            }
        }
    }
}

fn replace_is_empty(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Literal(lit) if lit.to_string() == "\"::serde_json::Map::is_empty\"" => {
                let mut new = Literal::string("crate::JsonObject::is_empty");
                new.set_span(lit.span());
                TokenTree::Literal(new)
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_form_objects_become_json_objects_wherever_they_appear() {
        let mut items: Vec<syn::Item> = vec![
            syn::parse_quote! {
                pub struct Event {
                    #[serde(default, skip_serializing_if = "::serde_json::Map::is_empty")]
                    pub attributes: ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                    pub headers: ::std::option::Option<
                        ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                    >,
                    pub other: ::std::collections::HashMap<::std::string::String, ::serde_json::Value>,
                }
            },
            syn::parse_quote! {
                pub type Pages = ::std::vec::Vec<::serde_json::Map<::std::string::String, ::serde_json::Value>>;
            },
        ];
        use_json_object(&mut items);
        let text = quote!(#(#items)*).to_string();
        assert!(!text.contains("serde_json :: Map"), "{text}");
        assert_eq!(text.matches("crate :: JsonObject").count(), 3, "{text}");
        assert!(text.contains("\"crate::JsonObject::is_empty\""), "{text}");
        assert!(text.contains("HashMap"), "{text}");
    }
}
