//! The public API of the runtime (`testops-runtime`), one line per item, as a snapshot: every
//! type, field, variant, trait, function and method signature, trait impl, constant, exported
//! macro and re-export, at the path users and the generated crates name it by. A change to what
//! the generated crates (or users) can reach shows up as a snapshot diff to review.
//!
//! Read from the runtime's source files with `syn`: modules are followed from `src/lib.rs`
//! (file, folder and inline modules), re-exports of the runtime's own items list the item at the
//! re-exported path, and the impls of a type are those written in the module that defines it.
//! Hidden modules (`#[doc(hidden)]`) and feature-gated ones are listed too, marked as such: the
//! generated code depends on them.
//!
//! After an intended change, regenerate the snapshot with
//! `INSTA_UPDATE=always cargo test -p xtask --test runtime_public_api` (or `cargo insta test`
//! then `cargo insta review`) and commit it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Attribute, Item, UseTree, Visibility};

/// The name the runtime's items are listed under.
const CRATE: &str = "testops_runtime";

/// The parsed modules of the runtime, by path below the crate root (`[]` is the root,
/// `["mock"]` the mock module, `["mock", "matcher"]` one of its submodules).
struct Crate {
    modules: BTreeMap<Vec<String>, Vec<Item>>,
}

impl Crate {
    fn read(src: &Path) -> Self {
        let mut modules = BTreeMap::new();
        let root = parse(&src.join("lib.rs"));
        load(src, Vec::new(), root.items, &mut modules);
        Self { modules }
    }

    fn items(&self, module: &[String]) -> &[Item] {
        self.modules
            .get(module)
            .unwrap_or_else(|| panic!("no module {module:?}"))
    }
}

fn parse(path: &Path) -> syn::File {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Records `items` as the module `path`, whose child modules' files live in `dir`, and the
/// modules below it.
fn load(
    dir: &Path,
    path: Vec<String>,
    items: Vec<Item>,
    modules: &mut BTreeMap<Vec<String>, Vec<Item>>,
) {
    for item in &items {
        let Item::Mod(m) = item else { continue };
        let name = m.ident.to_string();
        let mut child = path.clone();
        child.push(name.clone());
        match &m.content {
            Some((_, inline)) => load(&dir.join(&name), child, inline.clone(), modules),
            None => {
                let file = dir.join(format!("{name}.rs"));
                let (file, child_dir) = if file.exists() {
                    (file, dir.join(&name))
                } else {
                    (dir.join(&name).join("mod.rs"), dir.join(&name))
                };
                load(&child_dir, child, parse(&file).items, modules);
            }
        }
    }
    modules.insert(path, items);
}

/// The runtime's public API, one line per item.
fn public_api(krate: &Crate) -> Vec<String> {
    let mut out = Vec::new();
    walk_module(krate, &[], CRATE, "", &mut out);
    for items in krate.modules.values() {
        for item in items {
            if let Item::Macro(m) = item {
                let exported = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                if let (true, Some(name)) = (exported, &m.ident) {
                    out.push(format!("{}macro {CRATE}::{name}!", marks(&m.attrs)));
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
        if !krate.modules.contains_key(&module) {
            // `pub use bytes::Bytes`: no module `bytes` here, so another crate's item.
            return None;
        }
    }
    let found: Vec<&Item> = krate
        .items(&module)
        .iter()
        .filter(|i| !matches!(i, Item::Impl(_)) && item_name(i).as_deref() == Some(last.as_str()))
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
    match item {
        Item::Struct(s) => {
            out.push(format!(
                "{marks}{}pub struct {at}{}",
                derives(&s.attrs),
                generics(&s.generics)
            ));
            for (i, field) in s.fields.iter().enumerate() {
                if is_pub(&field.vis) {
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| i.to_string(), ToString::to_string);
                    out.push(format!("{marks}pub {at}::{name}: {}", ty(&field.ty)));
                }
            }
            list_impls(krate, module, &s.ident.to_string(), at, &marks, out);
        }
        Item::Enum(e) => {
            out.push(format!(
                "{marks}{}pub enum {at}{}",
                derives(&e.attrs),
                generics(&e.generics)
            ));
            for v in &e.variants {
                // Field attributes (docs, `#[from]`) are not part of the shape.
                let mut fields = v.fields.clone();
                fields.iter_mut().for_each(|f| f.attrs.clear());
                let fields = match &fields {
                    syn::Fields::Named(_) => {
                        format!(
                            " {}",
                            pretty(&fields, "struct S FRAGMENT").replace(", }", " }")
                        )
                    }
                    _ => pretty(&fields, "struct S FRAGMENT;"),
                };
                out.push(format!("{marks}pub {at}::{}{fields}", v.ident));
            }
            list_impls(krate, module, &e.ident.to_string(), at, &marks, out);
        }
        Item::Trait(t) => {
            let supertraits = if t.supertraits.is_empty() {
                String::new()
            } else {
                format!(": {}", pretty(&t.supertraits, "trait T: FRAGMENT {}"))
            };
            out.push(format!(
                "{marks}pub trait {at}{}{supertraits}",
                generics(&t.generics)
            ));
            for member in &t.items {
                match member {
                    syn::TraitItem::Fn(f) => out.push(format!("{marks}{}", signature(at, &f.sig))),
                    syn::TraitItem::Const(c) => {
                        out.push(format!("{marks}const {at}::{}: {}", c.ident, ty(&c.ty)))
                    }
                    syn::TraitItem::Type(t) => {
                        let bounds = pretty(&t.bounds, "trait T: FRAGMENT {}");
                        out.push(format!("{marks}type {at}::{}: {bounds}", t.ident));
                    }
                    _ => {}
                }
            }
        }
        Item::Fn(f) => out.push(format!(
            "{marks}pub {}",
            signature(at.rsplit_once("::").map_or(at, |(p, _)| p), &f.sig)
        )),
        Item::Const(c) => out.push(format!("{marks}pub const {at}: {}", ty(&c.ty))),
        Item::Static(s) => out.push(format!("{marks}pub static {at}: {}", ty(&s.ty))),
        Item::Type(t) => out.push(format!(
            "{marks}pub type {at}{} = {}",
            generics(&t.generics),
            ty(&t.ty)
        )),
        Item::Mod(_) => {
            out.push(format!("{marks}pub mod {at}"));
            let mut child = module.to_vec();
            child.push(item_name(item).unwrap_or_default());
            walk_module(krate, &child, at, &marks, out);
        }
        _ => {}
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
        for member in &imp.items {
            match member {
                syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                    out.push(format!("{marks}pub {}", signature(at, &f.sig)));
                }
                syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                    out.push(format!("{marks}pub const {at}::{}: {}", c.ident, ty(&c.ty)));
                }
                _ => {}
            }
        }
    }
}

/// `(source path, exported name)` of each name a `use` tree brings in.
fn use_paths(tree: &UseTree, prefix: Vec<String>) -> Vec<(Vec<String>, String)> {
    let with = |last: String| {
        let mut p = prefix.clone();
        p.push(last);
        p
    };
    match tree {
        UseTree::Path(p) => use_paths(&p.tree, with(p.ident.to_string())),
        UseTree::Name(n) => vec![(with(n.ident.to_string()), n.ident.to_string())],
        UseTree::Rename(r) => vec![(with(r.ident.to_string()), r.rename.to_string())],
        UseTree::Glob(_) => vec![(with("*".into()), "*".into())],
        UseTree::Group(g) => g
            .items
            .iter()
            .flat_map(|t| use_paths(t, prefix.clone()))
            .collect(),
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

fn item_name(item: &Item) -> Option<String> {
    match item {
        Item::Struct(i) => Some(i.ident.to_string()),
        Item::Enum(i) => Some(i.ident.to_string()),
        Item::Trait(i) => Some(i.ident.to_string()),
        Item::Fn(i) => Some(i.sig.ident.to_string()),
        Item::Const(i) => Some(i.ident.to_string()),
        Item::Static(i) => Some(i.ident.to_string()),
        Item::Type(i) => Some(i.ident.to_string()),
        Item::Mod(i) => Some(i.ident.to_string()),
        _ => None,
    }
}

fn item_is_pub(item: &Item) -> bool {
    match item {
        Item::Struct(i) => is_pub(&i.vis),
        Item::Enum(i) => is_pub(&i.vis),
        Item::Trait(i) => is_pub(&i.vis),
        Item::Fn(i) => is_pub(&i.vis),
        Item::Const(i) => is_pub(&i.vis),
        Item::Static(i) => is_pub(&i.vis),
        Item::Type(i) => is_pub(&i.vis),
        _ => false,
    }
}

/// Plain `pub` (not `pub(crate)` or narrower).
fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
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

/// `#[derive(..)] ` and `#[non_exhaustive] ` of an item (both are API).
fn derives(attrs: &[Attribute]) -> String {
    let mut out = String::new();
    for attr in attrs {
        if attr.path().is_ident("derive") || attr.path().is_ident("non_exhaustive") {
            out.push_str(&pretty(attr, "FRAGMENT struct S;"));
            out.push(' ');
        }
    }
    out
}

/// The name of an impl's self type (`Error` for `Error<E>`).
fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
    }
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

/// `<..>` of an item, and its `where` clause.
fn generics(g: &syn::Generics) -> String {
    let text = pretty(g, "struct S FRAGMENT;");
    match &g.where_clause {
        Some(clause) => format!("{text} {}", pretty(clause, "struct S FRAGMENT;")),
        None => text,
    }
}

fn ty(t: &syn::Type) -> String {
    pretty(t, "type T = FRAGMENT;")
}

/// `fn owner::name<..>(..) -> ..`, with `const`, `async` and `unsafe` where they apply.
fn signature(owner: &str, sig: &syn::Signature) -> String {
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
/// `FRAGMENT` standing for it), joined into one line and cut out again.
fn pretty(fragment: &impl ToTokens, template: &str) -> String {
    let tokens = fragment.to_token_stream();
    if tokens.is_empty() {
        return String::new();
    }
    let (before, after) = template
        .split_once("FRAGMENT")
        .expect("a template names its fragment");
    let source = format!("{before}{tokens}{after}");
    let file = syn::parse_file(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let text = one_line(&prettyplease::unparse(&file));
    let (head, tail) = (one_line(before), one_line(after));
    text.strip_prefix(head.as_str())
        .and_then(|t| t.strip_suffix(tail.as_str()))
        .unwrap_or_else(|| panic!("`{text}` is not `{template}`"))
        .trim()
        .to_string()
}

/// Printed text joined into one line, without the trailing commas of broken lists.
fn one_line(text: &str) -> String {
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

fn runtime_src() -> PathBuf {
    xtask::codegen::workspace_root().join("testops-runtime/src")
}

#[test]
fn runtime_public_api() {
    let krate = Crate::read(&runtime_src());
    insta::assert_snapshot!(public_api(&krate).join("\n"));
}

#[test]
fn the_names_generated_crates_use_are_public() {
    let lines = public_api(&Crate::read(&runtime_src()));
    for needed in [
        "pub struct testops_runtime::Error<E = serde_json::Value>",
        "pub enum testops_runtime::ErrorKind",
        "pub struct testops_runtime::ClientBuilder<A: Api>",
        "pub trait testops_runtime::Api: Sized",
        "pub struct testops_runtime::ApiInfo",
        "pub struct testops_runtime::Context",
        "pub mod testops_runtime::__generated",
        "macro testops_runtime::string_enum_impls!",
    ] {
        assert!(
            lines.iter().any(|l| l.ends_with(needed)),
            "no `{needed}` in {lines:#?}"
        );
    }
    for private in [
        "Refusal",
        "CallRecord",
        "BodyError",
        "Origin",
        "excerpt",
        "Gate",
    ] {
        let found: Vec<&String> = lines.iter().filter(|l| l.contains(private)).collect();
        assert!(found.is_empty(), "`{private}` is public: {found:#?}");
    }
}
