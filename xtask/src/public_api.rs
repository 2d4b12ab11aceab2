//! The public API of a generated crate, one line per item, in the style of cargo-public-api:
//! every public type, field (with its type), enum variant, function and method signature,
//! trait impl, constant, type alias and re-export, at the path a user names it by. Read from the
//! crate's files, so a spec edit's effect on users shows up as a reviewable diff.

use crate::augment::syntax::{is_pub, self_type_name as type_name, written as tokens};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The public API of the crate `krate` (e.g. `testops_checkly`) made of `files` (paths relative
/// to the crate folder, as `codegen::generate` returns them).
pub fn lines(krate: &str, files: &BTreeMap<PathBuf, String>) -> Result<Vec<String>, String> {
    let parse = |path: &str| -> Result<syn::File, String> {
        let text = files
            .get(&PathBuf::from(path))
            .ok_or_else(|| format!("no {path}"))?;
        syn::parse_file(text).map_err(|e| format!("{path}: {e}"))
    };
    let root = parse("src/lib.rs")?;
    let mut modules = BTreeMap::new();
    for item in &root.items {
        if let syn::Item::Mod(m) = item {
            let name = m.ident.to_string();
            modules.insert(
                name.clone(),
                (parse(&format!("src/{name}.rs"))?, is_pub(&m.vis)),
            );
        }
    }
    let mut out = Vec::new();
    for item in &root.items {
        match item {
            syn::Item::Mod(m) if is_pub(&m.vis) => {
                let path = format!("{krate}::{}", m.ident);
                out.push(format!("pub mod {path}"));
                if let Some((file, _)) = modules.get(&m.ident.to_string()) {
                    walk(&path, &file.items, &mut out);
                }
            }
            syn::Item::Use(u) if is_pub(&u.vis) => {
                for (source, name) in use_paths(&u.tree, Vec::new()) {
                    re_export(krate, &source, &name, &modules, &mut out);
                }
            }
            other => walk_item(krate, other, &mut out),
        }
    }
    Ok(out)
}

/// A root re-export: the item itself when it comes from one of the crate's private modules,
/// else a `pub use` line naming where it comes from.
fn re_export(
    krate: &str,
    source: &[String],
    name: &str,
    modules: &BTreeMap<String, (syn::File, bool)>,
    out: &mut Vec<String>,
) {
    let local = match source {
        [module, item] => modules
            .get(module)
            .filter(|(_, public)| !public)
            .map(|(file, _)| (file, item)),
        _ => None,
    };
    let Some((file, item)) = local else {
        out.push(format!("pub use {krate}::{name} = {}", source.join("::")));
        return;
    };
    let named: Vec<&syn::Item> = file
        .items
        .iter()
        .filter(|i| item_name(i).as_deref() == Some(item.as_str()))
        .collect();
    for found in named {
        walk_item(krate, found, out);
    }
}

/// `(source path, exported name)` of each name a `use` tree brings in.
fn use_paths(tree: &syn::UseTree, prefix: Vec<String>) -> Vec<(Vec<String>, String)> {
    let with = |last: String| {
        let mut p = prefix.clone();
        p.push(last);
        p
    };
    match tree {
        syn::UseTree::Path(p) => use_paths(&p.tree, with(p.ident.to_string())),
        syn::UseTree::Name(n) => vec![(with(n.ident.to_string()), n.ident.to_string())],
        syn::UseTree::Rename(r) => vec![(with(r.ident.to_string()), r.rename.to_string())],
        syn::UseTree::Glob(_) => vec![(with("*".into()), "*".into())],
        syn::UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|t| use_paths(t, prefix.clone()))
            .collect(),
    }
}

/// The name of a type-like item, and for an inherent or trait impl the name of its self type.
fn item_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Const(c) => Some(c.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
        syn::Item::Impl(i) => type_name(&i.self_ty),
        syn::Item::Macro(m) => macro_target(m),
        _ => None,
    }
}

/// The type an item macro such as `runtime::string_enum_impls!(Site { .. })` implements for.
fn macro_target(m: &syn::ItemMacro) -> Option<String> {
    m.mac.tokens.clone().into_iter().find_map(|t| match t {
        proc_macro2::TokenTree::Ident(i) => Some(i.to_string()),
        _ => None,
    })
}

fn walk(path: &str, items: &[syn::Item], out: &mut Vec<String>) {
    for item in items {
        walk_item(path, item, out);
    }
}

fn walk_item(path: &str, item: &syn::Item, out: &mut Vec<String>) {
    match item {
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let name = format!("{path}::{}", s.ident);
            out.push(format!(
                "{}pub struct {name}{}",
                derives(&s.attrs),
                tokens(&s.generics)
            ));
            for (i, field) in s.fields.iter().enumerate() {
                if is_pub(&field.vis) {
                    let field_name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), ToString::to_string);
                    out.push(format!("pub {name}::{field_name}: {}", tokens(&field.ty)));
                }
            }
        }
        syn::Item::Enum(e) if is_pub(&e.vis) => {
            let name = format!("{path}::{}", e.ident);
            out.push(format!(
                "{}pub enum {name}{}",
                derives(&e.attrs),
                tokens(&e.generics)
            ));
            for v in &e.variants {
                out.push(format!("pub {name}::{}{}", v.ident, tokens(&v.fields)));
            }
        }
        syn::Item::Fn(f) if is_pub(&f.vis) => {
            out.push(format!("pub {}", signature(path, &f.sig)));
        }
        syn::Item::Const(c) if is_pub(&c.vis) => {
            out.push(format!("pub const {path}::{}: {}", c.ident, tokens(&c.ty)));
        }
        syn::Item::Type(t) if is_pub(&t.vis) => {
            out.push(format!(
                "pub type {path}::{}{} = {}",
                t.ident,
                tokens(&t.generics),
                tokens(&t.ty)
            ));
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
    for member in &imp.items {
        match member {
            syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                out.push(format!("pub {}", signature(&owner, &f.sig)));
            }
            syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                out.push(format!("pub const {owner}::{}: {}", c.ident, tokens(&c.ty)));
            }
            _ => {}
        }
    }
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

/// `fn path::name<..>(..) -> .. where ..`, with `async` and `unsafe` where they apply.
fn signature(path: &str, sig: &syn::Signature) -> String {
    let mut out = String::new();
    if sig.asyncness.is_some() {
        out.push_str("async ");
    }
    if sig.unsafety.is_some() {
        out.push_str("unsafe ");
    }
    let generics = &sig.generics;
    out.push_str(&format!(
        "fn {path}::{}{}({})",
        sig.ident,
        tokens(generics),
        // A binding's `mut` is not part of the API.
        tokens(&sig.inputs).replace("mut self", "self")
    ));
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        out.push_str(&format!(" -> {}", tokens(ty)));
    }
    if let Some(clause) = &generics.where_clause {
        out.push_str(&format!(" {}", tokens(clause).trim_end_matches(',')));
    }
    out
}

/// `#[derive(..)] ` of an item, when it has one, and `#[non_exhaustive] ` (both are API).
fn derives(attrs: &[syn::Attribute]) -> String {
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
            names.push(tokens(&meta.path));
            Ok(())
        });
    }
    if names.is_empty() {
        String::new()
    } else {
        format!("#[derive({})] ", names.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(lib: &str, modules: &[(&str, &str)]) -> Vec<String> {
        let mut files = BTreeMap::new();
        files.insert(PathBuf::from("src/lib.rs"), lib.to_string());
        for (name, text) in modules {
            files.insert(PathBuf::from(format!("src/{name}.rs")), text.to_string());
        }
        lines("k", &files).unwrap()
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
