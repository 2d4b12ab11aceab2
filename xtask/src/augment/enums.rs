//! Emits the forward-compatible enums that replace typify's closed ones.

use heck::ToPascalCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::lower::{EnumDef, EnumValues};
use spec_model::naming::rust_type_name;

/// Variant names for enum values: the spec's `x-enum-varnames` when given, otherwise the values in
/// PascalCase (a leading `-` becomes `Minus`), made unique, never `Unknown` (the catch-all).
pub(crate) fn variant_names(values: &[String], explicit: &[String]) -> Vec<syn::Ident> {
    if explicit.len() == values.len() && !explicit.is_empty() {
        return explicit.iter().map(|n| format_ident!("{}", n)).collect();
    }
    let mut used: Vec<String> = vec!["Unknown".to_string()];
    values
        .iter()
        .map(|value| {
            let mut base = match value.strip_prefix('-') {
                Some(rest) => format!("Minus{}", rest.to_pascal_case()),
                None => value.to_pascal_case(),
            };
            if base.is_empty() {
                base = "Empty".to_string();
            }
            if !base.starts_with(|c: char| c.is_alphabetic()) {
                base = format!("V{base}");
            }
            if base == "Unknown" || base == "Self" {
                base.push_str("Value");
            }
            let mut name = base.clone();
            let mut n = 2;
            while used.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            used.push(name.clone());
            format_ident!("{}", name)
        })
        .collect()
}

/// One enum: the declaration as a plain item, the impls through the runtime's macro.
pub(crate) fn emit(def: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", rust_type_name(&def.name));
    let doc = def
        .description
        .clone()
        .unwrap_or_else(|| format!("Values of `{}`.", def.name));
    let (variants, docs, values, unknown, derives, impls): (
        _,
        Vec<String>,
        Vec<TokenStream>,
        _,
        _,
        _,
    ) = match &def.values {
        EnumValues::Strings(values) => (
            variant_names(values, &def.variant_names),
            values.iter().map(|v| format!("`{v}`")).collect(),
            values.iter().map(|v| quote!(#v)).collect(),
            quote!(Unknown(::std::string::String)),
            quote!(#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]),
            quote!(string_enum_impls),
        ),
        EnumValues::Integers(values) => {
            let texts: Vec<String> = values
                .iter()
                .map(|v| format!("V{v}").replace('-', "Minus"))
                .collect();
            (
                variant_names(&texts, &def.variant_names),
                values.iter().map(|v| format!("`{v}`")).collect(),
                values
                    .iter()
                    .map(|v| {
                        let lit = proc_macro2::Literal::i64_unsuffixed(*v);
                        quote!(#lit)
                    })
                    .collect(),
                quote!(Unknown(i64)),
                quote!(#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]),
                quote!(int_enum_impls),
            )
        }
    };
    quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(
                #[doc = #docs]
                #variants,
            )*
            /// A value this client does not know yet, kept as sent.
            #unknown,
        }

        runtime::#impls!(#name { #(#variants = #values,)* });
    }
}
