//! Reading and adjusting progenitor's syntax tree.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::visit_mut::VisitMut;

/// Drops `Error` from progenitor's `use` groups (the crate exports the runtime's `Error`).
pub(super) struct RemoveErrorImport;

impl VisitMut for RemoveErrorImport {
    fn visit_use_group_mut(&mut self, group: &mut syn::UseGroup) {
        group.items = std::mem::take(&mut group.items)
            .into_iter()
            .filter(|tree| !matches!(tree, syn::UseTree::Name(n) if n.ident == "Error"))
            .collect();
        syn::visit_mut::visit_use_group_mut(self, group);
    }
}

/// Renames progenitor's `send` to a private `send_raw` that stops at the response: it returns
/// the `reqwest::Response` for every status, and our `send` checks the status and decodes the
/// body (through the runtime). Returns each builder's success type, by builder name.
pub(super) fn rename_sends(builder: &mut [syn::Item]) -> BTreeMap<String, syn::Type> {
    let mut success_types = BTreeMap::new();
    for item in builder {
        let syn::Item::Impl(imp) = item else { continue };
        let Some(name) = self_type_name(&imp.self_ty) else {
            continue;
        };
        for member in &mut imp.items {
            let syn::ImplItem::Fn(f) = member else {
                continue;
            };
            if f.sig.ident != "send" {
                continue;
            }
            f.sig.ident = quote::format_ident!("send_raw");
            f.vis = syn::Visibility::Inherited;
            f.attrs.retain(|a| !a.path().is_ident("doc"));
            f.attrs.push(syn::parse_quote!(
                #[doc = "Sends the request; the response is checked and decoded by `send`."]
            ));
            if let Some(t) = response_value_type(&f.sig.output) {
                success_types.insert(name.clone(), t);
            }
            f.sig.output = syn::parse_quote!(-> Result<reqwest::Response, Error<()>>);
            // progenitor ends with a `match` on the status that decodes the body, after binding
            // the response (`response`, or another name when a parameter takes that one).
            let stmts = &mut f.block.stmts;
            let bound = stmts.len().checked_sub(2).and_then(|i| match &stmts[i] {
                syn::Stmt::Local(local) => match &local.pat {
                    syn::Pat::Ident(p) => Some(p.ident.clone()),
                    _ => None,
                },
                _ => None,
            });
            let response = bound.unwrap_or_else(|| quote::format_ident!("response"));
            if let Some(last) = stmts.last_mut() {
                *last = syn::Stmt::Expr(syn::parse_quote!(Ok(#response)), None);
            }
            // progenitor sends `api-version: <info.version>` (the value from
            // `Client::api_version()`), which no vendor documents; a documented header stays.
            // Its header map may then stay empty, hence the allowance.
            f.attrs.push(syn::parse_quote!(#[allow(unused_mut)]));
            f.block.stmts.retain(|stmt| {
                !quote::ToTokens::to_token_stream(stmt)
                    .to_string()
                    .contains("Client :: api_version ()")
            });
        }
    }
    success_types
}

/// In the `send_raw` of builder `name`, the `Content-Type` progenitor gives a raw body
/// (`application/octet-stream`) becomes the documented `media_type` (XML, an archive, ...).
pub(super) fn set_raw_body_type(builder: &mut [syn::Item], name: &str, media_type: &str) {
    struct Replace<'m>(&'m str);
    impl VisitMut for Replace<'_> {
        fn visit_lit_str_mut(&mut self, lit: &mut syn::LitStr) {
            if lit.value() == "application/octet-stream" {
                *lit = syn::LitStr::new(self.0, lit.span());
            }
        }
    }
    for item in builder {
        let syn::Item::Impl(imp) = item else { continue };
        if self_type_name(&imp.self_ty).as_deref() != Some(name) {
            continue;
        }
        for member in &mut imp.items {
            if let syn::ImplItem::Fn(f) = member {
                if f.sig.ident == "send_raw" {
                    Replace(media_type).visit_block_mut(&mut f.block);
                }
            }
        }
    }
}

/// Rewrites the text of a `#[doc = "..."]` attribute with `edit` (which returns the new text, or
/// `None` to keep it); other attributes are left alone.
pub(crate) fn edit_doc(attr: &mut syn::Attribute, edit: impl FnOnce(&str) -> Option<String>) {
    if !attr.path().is_ident("doc") {
        return;
    }
    let syn::Meta::NameValue(nv) = &mut attr.meta else {
        return;
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(text),
        ..
    }) = &nv.value
    else {
        return;
    };
    if let Some(new) = edit(&text.value()) {
        nv.value = syn::parse_quote!(#new);
    }
}

/// Whether an item is public.
pub(crate) fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The name of a type (`ListWidgets` in `ListWidgets<'a>`, `Widget` in `types::Widget`).
pub(crate) fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `T` in `Result<ResponseValue<T>, Error<()>>`.
fn response_value_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let result = last_generic_args(ty)?;
    let first = result.into_iter().next()?;
    let inner = last_generic_args(&first)?;
    inner.into_iter().next()
}

pub(super) fn last_generic_args(ty: &syn::Type) -> Option<Vec<syn::Type>> {
    let syn::Type::Path(p) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &p.path.segments.last()?.arguments else {
        return None;
    };
    Some(
        args.args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// For each builder with a JSON body field (`Result<types::builder::X, String>`): `types::X`.
pub(super) fn body_types(builder: &[syn::Item]) -> BTreeMap<String, syn::Path> {
    let mut out = BTreeMap::new();
    for item in builder {
        let syn::Item::Struct(s) = item else { continue };
        for field in &s.fields {
            if field.ident.as_ref().is_some_and(|i| i == "body") {
                let Some(args) = last_generic_args(&field.ty) else {
                    continue;
                };
                let Some(syn::Type::Path(p)) = args.first() else {
                    continue;
                };
                // Only typed (JSON or form) bodies: a raw body is `reqwest::Body`.
                if p.path.segments.first().is_none_or(|s| s.ident != "types") {
                    continue;
                }
                if let Some(last) = p.path.segments.last() {
                    let name = &last.ident;
                    out.insert(s.ident.to_string(), syn::parse_quote!(types::#name));
                }
            }
        }
    }
    out
}

pub(super) fn parse_items(tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    parse_file(tokens).map(|f| f.items)
}

pub(super) fn parse_file(tokens: TokenStream) -> Result<syn::File, String> {
    syn::parse2(tokens).map_err(|e| format!("the generator emitted invalid Rust: {e}"))
}
/// A type, path, generics list or fields as a user writes them (printed by prettyplease on one
/// line), with paths of the standard library and of the crate itself shortened: the one rendering
/// of Rust syntax for people, used by the public-API snapshots and the setters' messages.
pub(crate) fn written(t: &impl ToTokens) -> String {
    let tokens = t.to_token_stream();
    if tokens.is_empty() {
        return String::new();
    }
    // Each kind of fragment is printed inside the smallest item that holds it.
    let printed = [
        (quote::quote!(type __T = #tokens;), "type __T = ", ";"),
        (quote::quote!(struct __S #tokens;), "struct __S", ";"),
        (quote::quote!(fn __f(#tokens) {}), "fn __f(", ") {}"),
        (quote::quote!(fn __f() #tokens {}), "fn __f() ", " {}"),
    ]
    .into_iter()
    .find_map(|(item, prefix, suffix)| {
        let file = syn::parse2::<syn::File>(item).ok()?;
        let text = one_line(&prettyplease::unparse(&file));
        Some(
            text.strip_prefix(prefix)?
                .strip_suffix(suffix)?
                .trim()
                .to_string(),
        )
    })
    .unwrap_or_else(|| tokens.to_string());
    shorten(&printed)
}

/// prettyplease's output joined into one line, without the breaks' trailing commas.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace("< ", "<")
        .replace(", >", ">")
        .replace(",>", ">")
        .replace(" >", ">")
        .replace("( ", "(")
        .replace(", )", ")")
        .replace(",)", ")")
}

/// `text` with the paths of the standard library and of the crate itself shortened.
pub(crate) fn shorten(text: &str) -> String {
    let mut s = strip_leading_colons(text);
    for (long, short) in [
        ("std::string::String", "String"),
        ("std::vec::Vec", "Vec"),
        ("std::option::Option", "Option"),
        ("std::boxed::Box", "Box"),
        ("std::convert::", ""),
        ("std::collections::", ""),
        ("crate::types::", "types::"),
        ("crate::", ""),
        ("super::", ""),
    ] {
        s = s.replace(long, short);
    }
    s
}

/// `::std::x` -> `std::x`: a leading `::` of a path.
fn strip_leading_colons(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let bytes: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let starts_path = bytes[i] == ':'
            && bytes.get(i + 1) == Some(&':')
            && (i == 0
                || !bytes[i - 1].is_alphanumeric() && bytes[i - 1] != '_' && bytes[i - 1] != '>');
        if starts_path {
            i += 2;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
