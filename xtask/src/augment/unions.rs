//! Catch-all variants for typify's untagged unions.

use super::syntax::self_type_name;

/// Adds `Unknown(serde_json::Value)` as the last variant of typify's untagged unions (`oneOf`),
/// so a shape the vendor adds later decodes instead of failing the response. Unions that typify
/// gives `Display`/`FromStr` impls (matches over every variant) are left as they are.
pub(super) fn add_union_catch_alls(types: &mut [syn::Item]) {
    let mut with_impls = std::collections::BTreeSet::new();
    for item in types.iter() {
        if let syn::Item::Impl(imp) = item {
            let is_match_impl = imp.trait_.as_ref().is_some_and(|(_, path, _)| {
                path.segments
                    .last()
                    .is_some_and(|s| s.ident == "Display" || s.ident == "FromStr")
            });
            if let (true, Some(name)) = (is_match_impl, self_type_name(&imp.self_ty)) {
                with_impls.insert(name);
            }
        }
    }
    for item in types.iter_mut() {
        let syn::Item::Enum(e) = item else { continue };
        let untagged = e.attrs.iter().any(|a| {
            a.path().is_ident("serde")
                && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "untagged")
        });
        let taken = e.variants.iter().any(|v| v.ident == "Unknown");
        if untagged && !taken && !with_impls.contains(&e.ident.to_string()) {
            e.variants.push(syn::parse_quote! {
                /// A shape this client does not know yet, kept as sent.
                Unknown(::serde_json::Value)
            });
        }
    }
}
