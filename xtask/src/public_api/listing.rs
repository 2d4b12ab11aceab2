//! The listing of a hand-written crate: modules followed from its root (files, folders, inline),
//! the crate's own items listed at the path they are re-exported at, each type followed by the
//! impls its module writes for it, and exported macros at the crate root. Hidden
//! (`#[doc(hidden)]`) and feature-gated items are listed too, marked as such.

use syn::{Attribute, Item};

use super::items::{inherent_lines, item_lines};
use super::render::{generics, pretty};
use super::tree::Crate;
use super::{item_is_pub, item_name, use_paths};
use crate::augment::syntax::{is_pub, self_type_name};

/// The public API of the crate `name` read into `krate`, one line per item.
pub(super) fn lines(name: &str, krate: &Crate) -> Vec<String> {
    let mut out = Vec::new();
    walk_module(krate, &[], name, "", &mut out);
    for items in krate.modules() {
        for item in items {
            if let Item::Macro(m) = item {
                let exported = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                if let (true, Some(macro_name)) = (exported, &m.ident) {
                    out.push(format!("{}macro {name}::{macro_name}!", marks(&m.attrs)));
                }
            }
        }
    }
    out
}

/// Lists the public items of `module`, named below `public` (the path users write), each line
/// starting with `marks` (the hidden and feature marks of the modules around it).
fn walk_module(krate: &Crate, module: &[String], public: &str, marks: &str, out: &mut Vec<String>) {
    let items = krate.items(module);
    for item in items {
        let marks = format!("{marks}{}", self::marks(attrs(item)));
        match item {
            Item::Mod(m) if is_pub(&m.vis) => {
                let inner = format!("{public}::{}", m.ident);
                out.push(format!("{marks}pub mod {inner}"));
                let mut child = module.to_vec();
                child.push(m.ident.to_string());
                walk_module(krate, &child, &inner, &marks, out);
            }
            Item::Use(u) if is_pub(&u.vis) => {
                for (source, name) in use_paths(&u.tree, Vec::new()) {
                    let at = format!("{public}::{name}");
                    match resolve(krate, module, &source) {
                        Some((owner, found)) => {
                            for item in found {
                                list_item(krate, &owner, item, &at, &marks, out);
                            }
                        }
                        None => out.push(format!("{marks}pub use {at} = {}", source.join("::"))),
                    }
                }
            }
            Item::Mod(_) | Item::Use(_) => {}
            other => {
                if let Some(name) = item_name(other).filter(|_| item_is_pub(other)) {
                    list_item(
                        krate,
                        module,
                        other,
                        &format!("{public}::{name}"),
                        &marks,
                        out,
                    );
                }
            }
        }
    }
}

/// The module and the items a `use` path within the runtime names (a type and a function may
/// share a name), or `None` for a path into another crate.
fn resolve<'a>(
    krate: &'a Crate,
    from: &[String],
    source: &[String],
) -> Option<(Vec<String>, Vec<&'a Item>)> {
    let (last, dirs) = source.split_last()?;
    // Where the path starts: the crate root, this module, its parent, or (a path without such a
    // start) a child module of this one; a bare name (`pub use futures;`) is another crate.
    let (mut module, rest) = match dirs.split_first() {
        None => return None,
        Some((start, rest)) if start == "crate" => (Vec::new(), rest),
        Some((start, rest)) if start == "self" => (from.to_vec(), rest),
        Some((start, rest)) if start == "super" => {
            (from[..from.len().saturating_sub(1)].to_vec(), rest)
        }
        Some(_) => (from.to_vec(), dirs),
    };
    for part in rest {
        module.push(part.clone());
        if !krate.has(&module) {
            // `pub use bytes::Bytes`: no module `bytes` here, so another crate's item.
            return None;
        }
    }
    let found: Vec<&Item> = krate
        .items(&module)
        .iter()
        .filter(|i| {
            !matches!(i, Item::Impl(_) | Item::Macro(_))
                && item_name(i).as_deref() == Some(last.as_str())
        })
        .collect();
    (!found.is_empty()).then_some((module, found))
}

/// One item at its public path `at`, with its members and the impls its module writes for it.
fn list_item(
    krate: &Crate,
    module: &[String],
    item: &Item,
    at: &str,
    marks: &str,
    out: &mut Vec<String>,
) {
    let marks = format!("{marks}{}", self::marks(attrs(item)));
    if let Item::Mod(_) = item {
        out.push(format!("{marks}pub mod {at}"));
        let mut child = module.to_vec();
        child.push(item_name(item).unwrap_or_default());
        walk_module(krate, &child, at, &marks, out);
    } else if item_lines(item, at, &marks, out) {
        if let Item::Struct(_) | Item::Enum(_) = item {
            let name = item_name(item).unwrap_or_default();
            list_impls(krate, module, &name, at, &marks, out);
        }
    }
}

/// The impls written in `module` for the type `name`: trait impls as one line each, inherent
/// impls as their public methods and constants.
fn list_impls(
    krate: &Crate,
    module: &[String],
    name: &str,
    at: &str,
    marks: &str,
    out: &mut Vec<String>,
) {
    for item in krate.items(module) {
        let Item::Impl(imp) = item else { continue };
        if self_type_name(&imp.self_ty).as_deref() != Some(name) {
            continue;
        }
        if let Some((negative, path, _)) = &imp.trait_ {
            let not = if negative.is_some() { "!" } else { "" };
            out.push(format!(
                "{marks}impl{} {not}{} for {at}{}",
                generics(&imp.generics),
                pretty(path, "impl FRAGMENT for S {}"),
                self_type_args(&imp.self_ty),
            ));
            continue;
        }
        inherent_lines(imp, at, marks, out);
    }
}

fn attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Struct(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Const(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// `#[doc(hidden)] ` and `#[cfg(..)] ` of an item: both change who sees it.
fn marks(attrs: &[Attribute]) -> String {
    let mut out = String::new();
    for attr in attrs {
        let text = pretty(attr, "FRAGMENT struct S;");
        if text == "#[doc(hidden)]" || text.starts_with("#[cfg(") {
            out.push_str(&text);
            out.push(' ');
        }
    }
    out
}

/// The generic arguments of an impl's self type (`<E>` for `Error<E>`).
fn self_type_args(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .map(|s| pretty(&s.arguments, "type T = S FRAGMENT;"))
            .unwrap_or_default(),
        _ => String::new(),
    }
}
