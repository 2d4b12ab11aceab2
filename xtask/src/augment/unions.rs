//! Catch-all variants for typify's untagged unions.

use std::collections::BTreeSet;

use syn::visit_mut::VisitMut;

use super::syntax::self_type_name;

/// Adds `Unknown(serde_json::Value)` as the last variant of typify's untagged unions (`oneOf`),
/// so a shape the vendor adds later decodes instead of failing the response. The `Display` impls
/// typify gives scalar unions get a matching arm.
pub(super) fn add_union_catch_alls(types: &mut [syn::Item]) {
    let mut extended = BTreeSet::new();
    for item in types.iter_mut() {
        let syn::Item::Enum(e) = item else { continue };
        let untagged = e.attrs.iter().any(|a| {
            a.path().is_ident("serde")
                && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "untagged")
        });
        let taken = e.variants.iter().any(|v| v.ident == "Unknown");
        if untagged && !taken {
            e.variants.push(syn::parse_quote! {
                /// A shape this client does not know yet, kept as sent.
                Unknown(::serde_json::Value)
            });
            extended.insert(e.ident.to_string());
        }
    }
    for item in types.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        let is_display = imp
            .trait_
            .as_ref()
            .is_some_and(|(_, path, _)| path.segments.last().is_some_and(|s| s.ident == "Display"));
        if is_display && self_type_name(&imp.self_ty).is_some_and(|n| extended.contains(&n)) {
            AddUnknownArm.visit_item_impl_mut(imp);
        }
    }
}

/// Adds `Self::Unknown(x) => x.fmt(f)` to the `match self` of a `Display` impl.
struct AddUnknownArm;

impl VisitMut for AddUnknownArm {
    fn visit_expr_match_mut(&mut self, m: &mut syn::ExprMatch) {
        if matches!(&*m.expr, syn::Expr::Path(p) if p.path.is_ident("self")) {
            m.arms
                .push(syn::parse_quote!(Self::Unknown(x) => x.fmt(f),));
        }
    }
}
