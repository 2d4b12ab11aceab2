//! The public API of a crate, one line per item, in the style of cargo-public-api: every public
//! type, field (with its type), enum variant, function and method signature, trait impl,
//! constant, type alias and re-export, at the path a user names it by. Read from the crate's
//! files, so a change to what users can reach shows up as a reviewable diff.
//!
//! Two orders of listing share the module tree (`tree`), the lines of each item and inherent
//! impl (`items`) and the rendering of syntax (`render`, over `augment::syntax`): [`lines`] for a generated crate (its files as the generator returns
//! them, items in written order) and [`crate_lines`] for a hand-written crate such as the
//! runtime (folders and inline modules, traits, exported macros, hidden and feature-gated items
//! marked as such, the crate's own items listed at their re-exported path, each type followed by
//! the impls its module writes for it).

mod generated;
mod items;
mod listing;
mod render;
mod tree;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::augment::syntax::{is_pub, self_type_name};

/// The public API of the generated crate `krate` (e.g. `testops_checkly`) made of `files`
/// (paths relative to the crate folder, as `codegen::generate` returns them).
pub fn lines(krate: &str, files: &BTreeMap<PathBuf, String>) -> Result<Vec<String>, String> {
    let read = |path: &Path| files.get(path).cloned();
    let tree = tree::Crate::read(Path::new("src"), &read)?;
    Ok(generated::lines(krate, &tree))
}

/// The public API of the crate `krate` (e.g. `testops_runtime`) whose sources are in `src_dir`
/// (the folder holding its `lib.rs`).
pub fn crate_lines(krate: &str, src_dir: &Path) -> Result<Vec<String>, String> {
    let read = |path: &Path| std::fs::read_to_string(path).ok();
    let tree = tree::Crate::read(src_dir, &read)?;
    Ok(listing::lines(krate, &tree))
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

/// The name of an item, for an inherent or trait impl the name of its self type, and for an
/// item macro such as `runtime::string_enum_impls!(Site { .. })` the type it implements for.
fn item_name(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(i) => Some(i.ident.to_string()),
        syn::Item::Enum(i) => Some(i.ident.to_string()),
        syn::Item::Trait(i) => Some(i.ident.to_string()),
        syn::Item::Fn(i) => Some(i.sig.ident.to_string()),
        syn::Item::Const(i) => Some(i.ident.to_string()),
        syn::Item::Static(i) => Some(i.ident.to_string()),
        syn::Item::Type(i) => Some(i.ident.to_string()),
        syn::Item::Mod(i) => Some(i.ident.to_string()),
        syn::Item::Impl(i) => self_type_name(&i.self_ty),
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

/// Whether a type, trait, function, constant, static or type alias is `pub`.
fn item_is_pub(item: &syn::Item) -> bool {
    match item {
        syn::Item::Struct(i) => is_pub(&i.vis),
        syn::Item::Enum(i) => is_pub(&i.vis),
        syn::Item::Trait(i) => is_pub(&i.vis),
        syn::Item::Fn(i) => is_pub(&i.vis),
        syn::Item::Const(i) => is_pub(&i.vis),
        syn::Item::Static(i) => is_pub(&i.vis),
        syn::Item::Type(i) => is_pub(&i.vis),
        _ => false,
    }
}
