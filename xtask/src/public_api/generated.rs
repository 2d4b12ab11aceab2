//! The listing of a generated crate: its root's items and public modules in written order,
//! with the items of its private modules that the root re-exports listed at the root.

use super::items::{inherent_lines, item_lines};
use super::tree::Crate;
use super::{item_is_pub, item_name, macro_target, use_paths};
use crate::augment::syntax::{is_pub, self_type_name as type_name, written as tokens};

/// The public API of the generated crate `krate` read into `tree`.
pub(super) fn lines(krate: &str, tree: &Crate) -> Vec<String> {
    let root = tree.items(&[]);
    let mut out = Vec::new();
    for item in root {
        match item {
            syn::Item::Mod(m) if is_pub(&m.vis) => {
                let path = format!("{krate}::{}", m.ident);
                out.push(format!("pub mod {path}"));
                walk(&path, tree.items(&[m.ident.to_string()]), &mut out);
            }
            syn::Item::Use(u) if is_pub(&u.vis) => {
                for (source, name) in use_paths(&u.tree, Vec::new()) {
                    re_export(krate, &source, &name, tree, &mut out);
                }
            }
            other => walk_item(krate, other, &mut out),
        }
    }
    out
}

/// A root re-export: the item itself when it comes from one of the crate's private modules,
/// else a `pub use` line naming where it comes from.
fn re_export(krate: &str, source: &[String], name: &str, tree: &Crate, out: &mut Vec<String>) {
    let private = |module: &String| {
        tree.items(&[])
            .iter()
            .any(|i| matches!(i, syn::Item::Mod(m) if m.ident == module && !is_pub(&m.vis)))
    };
    let local = match source {
        [module, item] if private(module) => Some((tree.items(std::slice::from_ref(module)), item)),
        _ => None,
    };
    let Some((items, item)) = local else {
        out.push(format!("pub use {krate}::{name} = {}", source.join("::")));
        return;
    };
    let named: Vec<&syn::Item> = items
        .iter()
        .filter(|i| item_name(i).as_deref() == Some(item.as_str()))
        .collect();
    for found in named {
        walk_item(krate, found, out);
    }
}

fn walk(path: &str, items: &[syn::Item], out: &mut Vec<String>) {
    for item in items {
        walk_item(path, item, out);
    }
}

fn walk_item(path: &str, item: &syn::Item, out: &mut Vec<String>) {
    match item {
        syn::Item::Struct(_)
        | syn::Item::Enum(_)
        | syn::Item::Fn(_)
        | syn::Item::Const(_)
        | syn::Item::Type(_)
            if item_is_pub(item) =>
        {
            let at = format!("{path}::{}", item_name(item).unwrap_or_default());
            item_lines(item, &at, "", out);
        }
        syn::Item::Use(u) if is_pub(&u.vis) => {
            for (source, name) in use_paths(&u.tree, Vec::new()) {
                out.push(format!("pub use {path}::{name} = {}", source.join("::")));
            }
        }
        syn::Item::Mod(m) if is_pub(&m.vis) => {
            let inner = format!("{path}::{}", m.ident);
            out.push(format!("pub mod {inner}"));
            if let Some((_, items)) = &m.content {
                walk(&inner, items, out);
            }
        }
        syn::Item::Impl(imp) => walk_impl(path, imp, out),
        syn::Item::Macro(m) => {
            if let Some(target) = macro_target(m) {
                out.push(format!(
                    "impl {}! for {path}::{target}",
                    tokens(&m.mac.path)
                ));
            }
        }
        _ => {}
    }
}

fn walk_impl(path: &str, imp: &syn::ItemImpl, out: &mut Vec<String>) {
    let self_ty = qualified(path, &tokens(&imp.self_ty));
    if let Some((_, trait_path, _)) = &imp.trait_ {
        out.push(format!(
            "impl{} {} for {self_ty}",
            tokens(&imp.generics),
            tokens(trait_path)
        ));
        return;
    }
    let owner = format!("{path}::{}", type_name(&imp.self_ty).unwrap_or_default());
    inherent_lines(imp, &owner, "", out);
}

/// A type at its public path when it is one of the module's own (not a standard one such as
/// `f64` or `String`, which a trait impl may be for).
fn qualified(path: &str, ty: &str) -> String {
    let local = ty.starts_with(|c: char| c.is_ascii_uppercase())
        && !ty.contains("::")
        && !["String", "Vec", "Option", "Box", "HashMap", "BTreeMap"]
            .iter()
            .any(|std| ty == *std || ty.starts_with(&format!("{std}<")));
    if local {
        format!("{path}::{ty}")
    } else {
        ty.to_string()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    fn api(lib: &str, modules: &[(&str, &str)]) -> Vec<String> {
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("src/lib.rs"), lib.to_string());
        for (name, text) in modules {
            files.insert(PathBuf::from(format!("src/{name}.rs")), text.to_string());
        }
        crate::public_api::lines("k", &files).unwrap()
    }

    #[test]
    fn items_fields_variants_and_signatures_at_their_public_paths() {
        let lines = api(
            "mod client; pub mod types; pub use client::Client; pub use runtime::{Error, Secret};",
            &[
                (
                    "client",
                    "pub struct Client { pub(crate) inner: u8 }
                     impl Client {
                         pub fn list<'a>(&'a self, limit: ::std::option::Option<i64>) -> crate::types::Page<'a> { todo!() }
                         pub(crate) fn hidden(&self) {}
                     }
                     pub struct NotExported;",
                ),
                (
                    "types",
                    "#[derive(Clone, Debug)]
                     pub struct Page { pub items: ::std::vec::Vec<::std::string::String>, secret: u8 }
                     pub enum Kind { A, B(crate::types::Page) }
                     impl ::std::convert::From<Kind> for Page { fn from(_: Kind) -> Self { todo!() } }",
                ),
            ],
        );
        assert_eq!(
            lines,
            [
                "pub mod k::types",
                "#[derive(Clone, Debug)] pub struct k::types::Page",
                "pub k::types::Page::items: Vec<String>",
                "pub enum k::types::Kind",
                "pub k::types::Kind::A",
                "pub k::types::Kind::B(types::Page)",
                "impl From<Kind> for k::types::Page",
                "pub struct k::Client",
                "pub fn k::Client::list<'a>(&'a self, limit: Option<i64>) -> types::Page<'a>",
                "pub use k::Error = runtime::Error",
                "pub use k::Secret = runtime::Secret",
            ]
        );
    }

    #[test]
    fn where_clauses_and_async_are_part_of_a_signature() {
        let lines = api(
            "pub mod builder;",
            &[(
                "builder",
                "pub struct B;
                 impl B {
                     pub fn limit<V>(self, value: V) -> Self where V: std::convert::TryInto<i64> { self }
                     pub async fn send(self) -> Result<(), runtime::Error<()>> { Ok(()) }
                 }",
            )],
        );
        assert_eq!(
            lines[2..],
            [
                "pub fn k::builder::B::limit<V>(self, value: V) -> Self where V: TryInto<i64>",
                "pub async fn k::builder::B::send(self) -> Result<(), runtime::Error<()>>",
            ]
        );
    }
}
