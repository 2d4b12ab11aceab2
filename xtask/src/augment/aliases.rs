//! Other wire names a property may arrive under, emitted as `#[serde(alias)]` on the fields of
//! the generated structs: the one-offs of `x-aliases` (on a component's property), and the rule
//! of `x-property-spellings` (the document's or a component's), which lets every property
//! named in kebab-case also arrive in snake_case and the reverse. Serialising keeps the
//! documented name unless the rule says the server wants the other spelling.

use spec_model::extensions::{Extensions, SendSpelling, Spellings};
use spec_model::naming::{rust_field_name, rust_type_name};

/// Adds the aliases of `extensions` to the structs among `types`.
pub(crate) fn add(types: &mut [syn::Item], extensions: &Extensions) -> Result<(), String> {
    for alias in &extensions.aliases {
        let struct_name = rust_type_name(&alias.schema);
        let field_name = rust_field_name(&alias.property);
        let strukt = find_struct(types, &struct_name).ok_or_else(|| {
            format!(
                "`x-aliases` of `{}.{}`: no struct `{struct_name}` was generated",
                alias.schema, alias.property
            )
        })?;
        let field = strukt
            .fields
            .iter_mut()
            .find(|f| f.ident.as_ref().is_some_and(|i| *i == field_name))
            .ok_or_else(|| {
                format!(
                    "`x-aliases` of `{}.{}`: `{struct_name}` has no field `{field_name}`",
                    alias.schema, alias.property
                )
            })?;
        let names = &alias.names;
        field
            .attrs
            .push(syn::parse_quote!(#[serde(#(alias = #names),*)]));
    }
    for (schema, rule) in &extensions.schema_spellings {
        let struct_name = rust_type_name(schema);
        let strukt = find_struct(types, &struct_name).ok_or_else(|| {
            format!("`x-property-spellings` of `{schema}`: no struct `{struct_name}` was generated")
        })?;
        respell(strukt, *rule);
    }
    if let Some(rule) = extensions.spellings {
        let own: Vec<String> = extensions
            .schema_spellings
            .keys()
            .map(|s| rust_type_name(s))
            .collect();
        for item in types.iter_mut() {
            match item {
                syn::Item::Struct(s) if !own.iter().any(|o| s.ident == o) && decodes(s) => {
                    respell(s, rule)
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn find_struct<'a>(types: &'a mut [syn::Item], name: &str) -> Option<&'a mut syn::ItemStruct> {
    types.iter_mut().find_map(|item| match item {
        syn::Item::Struct(s) if s.ident == name => Some(s),
        _ => None,
    })
}

/// Whether a struct derives `Deserialize` (a body type, not a builder).
fn decodes(strukt: &syn::ItemStruct) -> bool {
    strukt.attrs.iter().any(|a| {
        a.path().is_ident("derive")
            && a.meta
                .require_list()
                .is_ok_and(|l| l.tokens.to_string().contains("Deserialize"))
    })
}

/// The other spelling of a wire name: kebab-case and snake_case swapped (`None` when the name
/// has neither separator, or both).
fn other_spelling(name: &str) -> Option<String> {
    match (name.contains('-'), name.contains('_')) {
        (true, false) => Some(name.replace('-', "_")),
        (false, true) => Some(name.replace('_', "-")),
        _ => None,
    }
}

/// Applies the spelling rule to the named fields of a struct: each decodes under its other
/// spelling too, unless another field of the struct has that wire name.
fn respell(strukt: &mut syn::ItemStruct, rule: Spellings) {
    let syn::Fields::Named(fields) = &mut strukt.fields else {
        return;
    };
    let wire: Vec<Option<String>> = fields.named.iter().map(|f| wire_name(f).0).collect();
    for (field, documented) in fields.named.iter_mut().zip(&wire) {
        let Some(documented) = documented else {
            continue;
        };
        let Some(other) = other_spelling(documented) else {
            continue;
        };
        if wire.iter().flatten().any(|w| *w == other) || wire_name(field).1.contains(&other) {
            continue;
        }
        let send_other = match rule.send {
            SendSpelling::Documented => false,
            SendSpelling::KebabCase => other.contains('-'),
            SendSpelling::SnakeCase => other.contains('_'),
        };
        if send_other {
            remove_rename(field);
            field
                .attrs
                .push(syn::parse_quote!(#[serde(rename = #other, alias = #documented)]));
        } else {
            field
                .attrs
                .push(syn::parse_quote!(#[serde(alias = #other)]));
        }
    }
}

/// A field's wire name (its `#[serde(rename = "..")]`, else its identifier; `None` for a
/// flattened field, which has no name of its own) and its aliases.
fn wire_name(field: &syn::Field) -> (Option<String>, Vec<String>) {
    let mut rename = None;
    let mut aliases = Vec::new();
    let mut flatten = false;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.path.is_ident("alias") {
                let value: syn::LitStr = meta.value()?.parse()?;
                aliases.push(value.value());
            } else if meta.path.is_ident("flatten") {
                flatten = true;
            } else if let Ok(value) = meta.value() {
                // Skip the value of other `key = value` entries.
                let _: syn::Expr = value.parse()?;
            }
            Ok(())
        });
    }
    if flatten {
        return (None, aliases);
    }
    let name = rename.or_else(|| {
        let ident = field.ident.as_ref()?.to_string();
        Some(ident.trim_start_matches("r#").to_string())
    });
    (name, aliases)
}

/// Drops the `rename = ".."` entries of a field's `serde` attributes (the field is renamed
/// again by the caller).
fn remove_rename(field: &mut syn::Field) {
    for attr in field
        .attrs
        .iter_mut()
        .filter(|a| a.path().is_ident("serde"))
    {
        let syn::Meta::List(list) = &mut attr.meta else {
            continue;
        };
        let Ok(entries) = list.parse_args_with(
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<syn::Meta> = entries
            .into_iter()
            .filter(|m| !m.path().is_ident("rename"))
            .collect();
        list.tokens = quote::quote!(#(#kept),*);
    }
    // An attribute left empty (`#[serde()]`) is valid but noise.
    field.attrs.retain(|a| match &a.meta {
        syn::Meta::List(l) if a.path().is_ident("serde") => !l.tokens.is_empty(),
        _ => true,
    });
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    fn rule(send: SendSpelling) -> Spellings {
        Spellings { send }
    }

    fn collaboration() -> syn::ItemStruct {
        syn::parse_quote! {
            #[derive(::serde::Deserialize, ::serde::Serialize, Clone, Debug)]
            pub struct Collaboration {
                pub avatar_url: String,
                #[serde(rename = "vcs-type")]
                pub vcs_type: String,
                pub name: String,
                #[serde(flatten)]
                pub extra: Extra,
            }
        }
    }

    fn attrs(strukt: &syn::ItemStruct) -> Vec<String> {
        strukt
            .fields
            .iter()
            .map(|f| {
                f.attrs
                    .iter()
                    .map(|a| a.to_token_stream().to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn both_spellings_decode_and_the_documented_one_is_sent() {
        let mut s = collaboration();
        respell(&mut s, rule(SendSpelling::Documented));
        assert_eq!(
            attrs(&s),
            [
                "# [serde (alias = \"avatar-url\")]",
                "# [serde (rename = \"vcs-type\")] # [serde (alias = \"vcs_type\")]",
                "",
                "# [serde (flatten)]",
            ]
        );
    }

    #[test]
    fn the_spelling_the_server_wants_is_sent() {
        let mut s = collaboration();
        respell(&mut s, rule(SendSpelling::SnakeCase));
        assert_eq!(
            attrs(&s)[1],
            "# [serde (rename = \"vcs_type\" , alias = \"vcs-type\")]"
        );
        assert_eq!(attrs(&s)[0], "# [serde (alias = \"avatar-url\")]");
    }

    #[test]
    fn a_spelling_taken_by_another_field_is_left_alone() {
        let mut s: syn::ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize)]
            pub struct Both {
                #[serde(rename = "created-at")]
                pub created_at_kebab: String,
                pub created_at: String,
            }
        };
        respell(&mut s, rule(SendSpelling::Documented));
        assert_eq!(attrs(&s), ["# [serde (rename = \"created-at\")]", ""]);
        // An `x-aliases` one-off that already names the other spelling is not repeated.
        let mut s: syn::ItemStruct = syn::parse_quote! {
            #[derive(::serde::Deserialize)]
            pub struct Key {
                #[serde(alias = "public-key")]
                pub public_key: String,
            }
        };
        respell(&mut s, rule(SendSpelling::Documented));
        assert_eq!(attrs(&s), ["# [serde (alias = \"public-key\")]"]);
    }
}
