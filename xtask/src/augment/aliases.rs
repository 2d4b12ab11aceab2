//! `x-aliases`: other wire names a property may arrive under, emitted as `#[serde(alias)]` on
//! the field of the component's generated struct (serialising keeps the spec's name).

use spec_model::extensions::Aliases;
use spec_model::naming::{rust_field_name, rust_type_name};

/// Adds the aliases to the structs among `types`.
pub fn add(types: &mut [syn::Item], aliases: &[Aliases]) -> Result<(), String> {
    for alias in aliases {
        let struct_name = rust_type_name(&alias.schema);
        let field_name = rust_field_name(&alias.property);
        let strukt = types
            .iter_mut()
            .find_map(|item| match item {
                syn::Item::Struct(s) if s.ident == struct_name => Some(s),
                _ => None,
            })
            .ok_or_else(|| {
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
    Ok(())
}
