//! Fills in the documentation typify and progenitor leave out, so that `#![deny(missing_docs)]`
//! holds on every generated crate, and narrows what users do not need: an operation builder's
//! `new` (the client's method makes it) and typify's `defaults` module become crate-private.

use super::syntax::{edit_doc, is_pub};
use std::collections::BTreeMap;

/// The first sentence of each documented type of `types`, by name.
type TypeDocs = BTreeMap<String, String>;

/// Documents the undocumented public items of the `types` module.
pub(super) fn document_types(items: &mut [syn::Item]) {
    let docs = type_docs(items);
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(m) if m.ident == "defaults" => m.vis = syn::Visibility::Inherited,
            syn::Item::Mod(m) if m.ident == "builder" => {
                add_doc(
                    &mut m.attrs,
                    "Builders for the types of this module: start one with `Type::builder()`, \
                     set fields, and convert it with `try_into()` (fields left unset are an \
                     error unless they are optional or have a default).",
                );
                for inner in m.content.iter_mut().flat_map(|c| c.1.iter_mut()) {
                    document_type_builder(inner);
                }
            }
            other => document_type(other, &docs),
        }
    }
}

/// Documents the undocumented public items of the `builder` module (the operation builders).
pub(super) fn document_builders(items: &mut [syn::Item]) {
    for item in items.iter_mut() {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let doc = format!("The parameters of one `{}` request.", s.ident);
                add_doc(&mut s.attrs, &doc);
            }
            syn::Item::Impl(imp) if imp.trait_.is_none() => {
                for member in &mut imp.items {
                    let syn::ImplItem::Fn(f) = member else {
                        continue;
                    };
                    if !is_pub(&f.vis) {
                        continue;
                    }
                    if f.sig.ident == "new" {
                        f.vis = syn::parse_quote!(pub(crate));
                        continue;
                    }
                    let name = f.sig.ident.to_string();
                    let doc = if name == "body_map" {
                        "Changes the request body with a function.".to_string()
                    } else {
                        format!("Sets `{name}`.")
                    };
                    add_doc(&mut f.attrs, &doc);
                }
            }
            _ => {}
        }
    }
}

fn type_docs(items: &[syn::Item]) -> TypeDocs {
    let mut docs = TypeDocs::new();
    for item in items {
        let (ident, attrs) = match item {
            syn::Item::Struct(s) => (&s.ident, &s.attrs),
            syn::Item::Enum(e) => (&e.ident, &e.attrs),
            _ => continue,
        };
        if let Some(sentence) = doc_text(attrs).as_deref().and_then(first_sentence) {
            docs.insert(ident.to_string(), sentence);
        }
    }
    docs
}

fn document_type(item: &mut syn::Item, docs: &TypeDocs) {
    match item {
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let doc = format!("The `{}` object.", s.ident);
            add_doc(&mut s.attrs, &doc);
            for field in s.fields.iter_mut().filter(|f| is_pub(&f.vis)) {
                let doc = field_doc(field, docs);
                add_doc(&mut field.attrs, &doc);
            }
        }
        syn::Item::Enum(e) if is_pub(&e.vis) => {
            let doc = format!("The `{}` choice.", e.ident);
            add_doc(&mut e.attrs, &doc);
            for variant in &mut e.variants {
                let doc = variant_doc(variant, docs);
                add_doc(&mut variant.attrs, &doc);
                // Fields of a struct-like variant are public too.
                if let syn::Fields::Named(fields) = &mut variant.fields {
                    for field in fields.named.iter_mut() {
                        let name = field.ident.as_ref().map(|i| i.to_string());
                        let doc = format!("The `{}`.", name.unwrap_or_default());
                        add_doc(&mut field.attrs, &doc);
                    }
                }
            }
        }
        syn::Item::Impl(imp) if imp.trait_.is_none() => {
            for member in &mut imp.items {
                if let syn::ImplItem::Fn(f) = member {
                    if is_pub(&f.vis) && f.sig.ident == "builder" {
                        add_doc(&mut f.attrs, "Starts a builder for this type.");
                    }
                }
            }
        }
        _ => {}
    }
}

/// A builder of `types::builder`: the struct and its setters, documented from the built type.
fn document_type_builder(item: &mut syn::Item) {
    match item {
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let doc = format!("Builder for [`super::{}`].", s.ident);
            add_doc(&mut s.attrs, &doc);
        }
        syn::Item::Impl(imp) if imp.trait_.is_none() => {
            let built = super::syntax::self_type_name(&imp.self_ty).unwrap_or_default();
            for member in &mut imp.items {
                let syn::ImplItem::Fn(f) = member else {
                    continue;
                };
                if is_pub(&f.vis) {
                    let doc = format!("Sets [`super::{built}::{}`].", f.sig.ident);
                    add_doc(&mut f.attrs, &doc);
                }
            }
        }
        _ => {}
    }
}

/// A field's documentation: the first sentence of its type's, else its wire name.
fn field_doc(field: &syn::Field, docs: &TypeDocs) -> String {
    if let Some(doc) = named_type(&field.ty).and_then(|t| docs.get(&t)) {
        return doc.clone();
    }
    let wire = serde_rename(&field.attrs)
        .or_else(|| field.ident.as_ref().map(|i| i.to_string()))
        .unwrap_or_default();
    format!("The `{wire}` field.")
}

/// A variant's documentation: the wire value, or for a union member its type's first sentence.
fn variant_doc(variant: &syn::Variant, docs: &TypeDocs) -> String {
    if let Some(value) = serde_rename(&variant.attrs) {
        return format!("`{value}`");
    }
    if let syn::Fields::Unnamed(fields) = &variant.fields {
        if let Some(ty) = fields.unnamed.first().and_then(|f| named_type(&f.ty)) {
            return docs
                .get(&ty)
                .cloned()
                .unwrap_or_else(|| format!("A [`{ty}`]."));
        }
    }
    format!("`{}`", variant.ident)
}

/// The last path segment of a type, looking through `Option`, `Vec` and `Box`.
fn named_type(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let wrapper = matches!(last.ident.to_string().as_str(), "Option" | "Vec" | "Box");
    if wrapper {
        if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
            if let Some(syn::GenericArgument::Type(inner)) = args.args.first() {
                return named_type(inner);
            }
        }
        return None;
    }
    Some(last.ident.to_string())
}

fn serde_rename(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

fn doc_text(attrs: &[syn::Attribute]) -> Option<String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The first sentence (or line) of a documentation text.
fn first_sentence(doc: &str) -> Option<String> {
    let text = doc.trim();
    let line = text.lines().next()?.trim();
    let sentence = match line.find(". ") {
        Some(end) => &line[..=end],
        None => line,
    };
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// Adds `doc` unless the item already has documentation.
fn add_doc(attrs: &mut Vec<syn::Attribute>, doc: &str) {
    if !attrs.iter().any(|a| a.path().is_ident("doc")) {
        attrs.insert(0, syn::parse_quote!(#[doc = #doc]));
    }
}

/// Escapes square brackets in documentation that rustdoc would read as a link to an item:
/// spec descriptions such as `[EXPERIMENTAL] Get a job` or `see [1]`. Links stay as they are: a
/// bracket followed by `(`, `[` or `:` (Markdown links and references) or holding code
/// (`` [`Client`] ``, an intra-doc link).
pub(super) fn escape_plain_brackets(file: &mut syn::File) {
    use syn::visit_mut::VisitMut;
    struct Docs;
    impl VisitMut for Docs {
        fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
            edit_doc(attr, |text| {
                let escaped = escape_brackets(text);
                (escaped != text).then_some(escaped)
            });
        }
    }
    Docs.visit_file_mut(file);
}

/// `text` with each plain `[...]` (see [`escape_plain_brackets`]) outside code spans written
/// `\[...\]`.
fn escape_brackets(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut in_code, mut copied) = (false, 0);
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'`' => in_code = !in_code,
            b'[' if !in_code && (at == 0 || !matches!(bytes[at - 1], b'\\' | b']')) => {
                let Some(close) = text[at + 1..].find(']').map(|c| at + 1 + c) else {
                    continue;
                };
                let inner = &text[at + 1..close];
                let is_link = inner.starts_with('`')
                    || inner.contains(['[', '`'])
                    || matches!(bytes.get(close + 1), Some(b'(' | b'[' | b':'));
                if !is_link && !inner.is_empty() {
                    out.push_str(&text[copied..at]);
                    out.push_str("\\[");
                    out.push_str(inner);
                    out.push_str("\\]");
                    copied = close + 1;
                }
            }
            _ => {}
        }
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_without_a_description_takes_its_types_first_sentence() {
        let file: syn::File = syn::parse_quote! {
            /// Where an asset is stored. Kept for a week.
            pub struct AssetSource { }
            pub struct Asset {
                pub source: Option<AssetSource>,
                #[serde(rename = "type")]
                pub kind: String,
                /// Kept as is.
                pub name: String,
            }
        };
        let mut items = file.items;
        document_types(&mut items);
        let syn::Item::Struct(asset) = &items[1] else {
            panic!()
        };
        let docs: Vec<String> = asset
            .fields
            .iter()
            .map(|f| doc_text(&f.attrs).unwrap())
            .collect();
        assert_eq!(
            docs,
            [
                "Where an asset is stored.",
                "The `type` field.",
                " Kept as is."
            ]
        );
    }

    #[test]
    fn operation_builder_constructors_become_crate_private() {
        let file: syn::File = syn::parse_quote! {
            pub struct ListX<'a> { client: &'a Client }
            impl<'a> ListX<'a> {
                pub fn new(client: &'a Client) -> Self { Self { client } }
                pub fn limit(self, v: i64) -> Self { self }
            }
        };
        let mut items = file.items;
        document_builders(&mut items);
        let syn::Item::Impl(imp) = &items[1] else {
            panic!()
        };
        let syn::ImplItem::Fn(new) = &imp.items[0] else {
            panic!()
        };
        assert!(matches!(new.vis, syn::Visibility::Restricted(_)));
        let syn::ImplItem::Fn(limit) = &imp.items[1] else {
            panic!()
        };
        assert_eq!(doc_text(&limit.attrs).as_deref(), Some("Sets `limit`."));
    }

    #[test]
    fn plain_brackets_are_escaped_and_links_kept() {
        assert_eq!(
            escape_brackets("[EXPERIMENTAL] Get a job, see [1]."),
            "\\[EXPERIMENTAL\\] Get a job, see \\[1\\]."
        );
        for kept in [
            "Make one with [`Client::from_env`].",
            "Run [`client`](Self::client) then [docs](https://example.com).",
            "A [reference][ref] and [ref]: https://example.com",
            "Already \\[escaped\\], an unclosed [ bracket, and [] empty.",
            "Default: `[\"FAILED\",\"PASSED\"]`.",
        ] {
            assert_eq!(escape_brackets(kept), kept);
        }
    }
}
