//! The rendering of items' parts for the listings: signatures, generics, derives, and any
//! fragment printed by prettyplease on one line.

use quote::ToTokens;

use crate::augment::syntax::{one_line, shorten, written};

/// `<..>` of an item, and its `where` clause.
pub(super) fn generics(g: &syn::Generics) -> String {
    let text = pretty(g, "struct S FRAGMENT;");
    match &g.where_clause {
        Some(clause) => format!("{text} {}", pretty(clause, "struct S FRAGMENT;")),
        None => text,
    }
}

/// `fn owner::name<..>(..) -> ..`, with `const`, `async` and `unsafe` where they apply.
pub(super) fn signature(owner: &str, sig: &syn::Signature) -> String {
    let mut sig = sig.clone();
    let name = sig.ident.to_string();
    // A binding's `mut` is not part of the API.
    for input in &mut sig.inputs {
        match input {
            syn::FnArg::Receiver(r) if r.reference.is_none() => r.mutability = None,
            syn::FnArg::Typed(t) => {
                if let syn::Pat::Ident(p) = t.pat.as_mut() {
                    p.mutability = None;
                }
            }
            _ => {}
        }
    }
    let text = pretty(&sig, "FRAGMENT {}")
        .trim_end_matches(',')
        .to_string();
    text.replacen(&format!("fn {name}"), &format!("fn {owner}::{name}"), 1)
}

/// `fragment` printed by prettyplease inside the smallest item that holds it (`template`, with
/// `FRAGMENT` standing for it), joined into one line, cut out again and shortened as `written`
/// shortens; the plain tokens when the template does not hold it.
pub(super) fn pretty(fragment: &impl ToTokens, template: &str) -> String {
    let tokens = fragment.to_token_stream();
    if tokens.is_empty() {
        return String::new();
    }
    let Some((before, after)) = template.split_once("FRAGMENT") else {
        return tokens.to_string();
    };
    let source = format!("{before}{tokens}{after}");
    let Ok(file) = syn::parse_file(&source) else {
        return tokens.to_string();
    };
    let text = one_line(&prettyplease::unparse(&file));
    let (head, tail) = (one_line(before), one_line(after));
    let fragment = text
        .strip_prefix(head.as_str())
        .and_then(|t| t.strip_suffix(tail.as_str()))
        .map_or_else(|| tokens.to_string(), |t| t.trim().to_string());
    shorten(&fragment)
}

/// `#[derive(..)] ` of an item, when it has one, and `#[non_exhaustive] ` (both are API).
pub(super) fn derives(attrs: &[syn::Attribute]) -> String {
    let marker = if attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
        "#[non_exhaustive] "
    } else {
        ""
    };
    format!("{}{marker}", derive_list(attrs))
}

/// `#[derive(..)] ` of an item, when it has one.
fn derive_list(attrs: &[syn::Attribute]) -> String {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            names.push(written(&meta.path));
            Ok(())
        });
    }
    if names.is_empty() {
        String::new()
    } else {
        format!("#[derive({})] ", names.join(", "))
    }
}
