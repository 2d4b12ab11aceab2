//! The lines of one item at its public path: a type's header and public fields or variants, a
//! trait and its members, a function's signature, a constant, static or type alias; and the
//! public members of an inherent impl.

use syn::Item;

use super::render::{derives, generics, pretty, signature};
use crate::augment::syntax::{is_pub, written};

/// The lines of `item` named `at`, each starting with `marks`; false (and no line) for an item
/// of another kind (a module, an impl, a `use`).
pub(super) fn item_lines(item: &Item, at: &str, marks: &str, out: &mut Vec<String>) -> bool {
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
                    out.push(format!("{marks}pub {at}::{name}: {}", written(&field.ty)));
                }
            }
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
                    syn::TraitItem::Const(c) => out.push(format!(
                        "{marks}const {at}::{}: {}",
                        c.ident,
                        written(&c.ty)
                    )),
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
        Item::Const(c) => out.push(format!("{marks}pub const {at}: {}", written(&c.ty))),
        Item::Static(s) => out.push(format!("{marks}pub static {at}: {}", written(&s.ty))),
        Item::Type(t) => out.push(format!(
            "{marks}pub type {at}{} = {}",
            generics(&t.generics),
            written(&t.ty)
        )),
        _ => return false,
    }
    true
}

/// The public methods and constants of the inherent impl `imp`, named below `owner`.
pub(super) fn inherent_lines(imp: &syn::ItemImpl, owner: &str, marks: &str, out: &mut Vec<String>) {
    for member in &imp.items {
        match member {
            syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                out.push(format!("{marks}pub {}", signature(owner, &f.sig)));
            }
            syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                out.push(format!(
                    "{marks}pub const {owner}::{}: {}",
                    c.ident,
                    written(&c.ty)
                ));
            }
            _ => {}
        }
    }
}
