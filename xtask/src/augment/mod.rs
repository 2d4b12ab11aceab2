//! Adds what progenitor lacks to its output, and splits the result into the crate's modules:
//! `types` (with forward-compatible enums), `builder` (with typed `send()`, limits, pagination),
//! `auth` (credentials), `server` (base URL, sites) and the crate root (client construction,
//! request execution through the runtime).

mod aliases;
mod auth;
mod crate_root;
mod docs;
pub(crate) mod enums;
mod free_form;
mod mock;
mod operations;
mod pagination;
mod server;
mod setters;
pub(crate) mod syntax;
mod unions;

use proc_macro2::TokenStream;
use quote::format_ident;
use syn::visit_mut::VisitMut;

use crate::lower::Lowered;
pub(crate) use auth::field_name as credential_field;
use crate_root::{client_items, lib_text};
pub(crate) use mock::readme_section as mock_readme_section;
use spec_model::naming::rust_type_name;
use spec_model::Spec;
use syntax::{
    body_types, parse_file, parse_items, rename_sends, set_raw_body_type, RemoveErrorImport,
};
use unions::add_union_catch_alls;

/// The Rust source of each module of a generated crate.
pub(crate) struct Modules {
    /// `src/lib.rs`: the crate documentation and module declarations, already formatted as
    /// rustfmt would (the other modules are marked `#[rustfmt::skip]`).
    pub lib: String,
    /// `src/client.rs`: the client, its construction and request execution.
    pub client: syn::File,
    /// `src/types.rs`.
    pub types: syn::File,
    /// `src/builder.rs`.
    pub builder: syn::File,
    /// `src/auth.rs`.
    pub auth: syn::File,
    /// `src/server.rs`.
    pub server: syn::File,
    /// `src/mock.rs`: the typed mock server (feature `mock`).
    pub mock: syn::File,
}

/// Augments progenitor's tokens for `spec`.
pub(crate) fn augment(
    spec: &Spec,
    lowered: &Lowered,
    tokens: TokenStream,
) -> Result<Modules, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor produced invalid Rust: {e}"))?;
    let mut root = Vec::new();
    let mut types = Vec::new();
    let mut builder = Vec::new();
    for item in file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "types" => {
                types = m.content.map(|c| c.1).unwrap_or_default()
            }
            syn::Item::Mod(m) if m.ident == "builder" => {
                builder = m.content.map(|c| c.1).unwrap_or_default()
            }
            other => root.push(other),
        }
    }
    for items in [&mut root, &mut types, &mut builder] {
        free_form::use_json_object(items);
    }

    // `send` becomes the private `send_raw`, wrapped by our `send`.
    let success_types = rename_sends(&mut builder);
    // A multipart body needs a boundary in its media type, which only the caller's encoder
    // knows; it keeps the raw default.
    for plan in lowered.operations.values() {
        if let Some(media_type) = plan
            .raw_body_type
            .as_deref()
            .filter(|m| !m.starts_with("multipart/"))
        {
            set_raw_body_type(&mut builder, &rust_type_name(&plan.id), media_type);
        }
    }
    let mock_known = (builder.clone(), body_types(&builder));
    setters::document(
        &spec.openapi,
        &spec.extensions,
        &lowered.operations,
        &mut builder,
    );
    setters::trim_client_docs(&mut root);
    let body_types = body_types(&builder);
    // The crate's `Error` is the runtime's; the builders keep using progenitor's internally.
    for item in root.iter_mut().chain(builder.iter_mut()) {
        if let syn::Item::Use(u) = item {
            RemoveErrorImport.visit_item_use_mut(u);
        }
    }
    builder.insert(
        0,
        syn::parse_quote!(
            use progenitor_client::Error;
        ),
    );

    let mut types_extra = TokenStream::new();
    for def in lowered.enums.values().filter(|def| !def.closed) {
        types_extra.extend(enums::emit(def));
    }
    add_union_catch_alls(&mut types);
    allow_unused_defaults(&mut types);
    aliases::add(&mut types, &spec.extensions)?;
    let mut builder_extra = TokenStream::new();
    for plan in lowered.operations.values() {
        let builder_name = format_ident!("{}", rust_type_name(&plan.id));
        let success = success_types
            .get(&builder_name.to_string())
            .ok_or_else(|| format!("no builder found for operation `{}`", plan.id))?;
        let error = operations::error_body(plan);
        types_extra.extend(error.types_items.clone());
        types_extra.extend(operations::success_union(plan));
        builder_extra.extend(error.decoder.clone());
        let extensions = spec.extensions.operations.get(&plan.id);
        let raw_slashes = extensions.map_or(&[][..], |e| e.raw_slashes.as_slice());
        builder_extra.extend(operations::builder_impl(
            plan,
            &builder_name,
            success,
            &error,
            extensions.and_then(|e| e.long_poll.as_ref()),
            raw_slashes,
        ));
        operations::send_raw_slashes(&mut builder, &plan.id, raw_slashes)?;
        if let Some(pagination) = extensions.and_then(|e| e.pagination.as_ref()) {
            let body_ty = body_types.get(&builder_name.to_string());
            builder_extra.extend(
                pagination::for_operation(
                    spec,
                    plan,
                    pagination,
                    &builder_name,
                    success,
                    &error.ty,
                    body_ty,
                )
                .map_err(|e| format!("operation `{}`: {e}", plan.id))?,
            );
        }
    }
    types.extend(parse_items(types_extra)?);
    mark_non_exhaustive(&mut types);
    builder.extend(parse_items(builder_extra)?);

    docs::document_types(&mut types);
    docs::document_builders(&mut builder);
    let mock = parse_file(mock::emit(
        spec,
        lowered,
        &mock::Known {
            builder: &mock_known.0,
            success_types: &success_types,
            body_types: &mock_known.1,
        },
    )?)?;
    let mut client = client_items(spec, root)?;
    let mut types = syn::File {
        shebang: None,
        attrs: vec![],
        items: types,
    };
    let mut builder = syn::File {
        shebang: None,
        attrs: vec![],
        items: builder,
    };
    let mut mock = mock;
    for file in [&mut client, &mut types, &mut builder, &mut mock] {
        docs::escape_plain_brackets(file);
    }
    Ok(Modules {
        lib: lib_text(spec),
        client,
        types,
        builder,
        auth: parse_file(auth::emit(
            &spec.openapi.info.title,
            &spec.extensions.security,
        ))?,
        server: parse_file(server::emit(&spec.extensions.server))?,
        mock,
    })
}

/// typify's `defaults` module holds one helper per kind of default, some unused when a spec's
/// defaults are of one kind only (a number default emits an integer helper too).
fn allow_unused_defaults(types: &mut [syn::Item]) {
    for item in types {
        if let syn::Item::Mod(m) = item {
            if m.ident == "defaults" {
                m.attrs.push(syn::parse_quote!(#[allow(dead_code)]));
            }
        }
    }
}

/// Every type of the `types` module is `#[non_exhaustive]`, so that a spec adding an optional
/// field, an enum value or a `oneOf` member is not a breaking change for users: they read fields,
/// match with a wildcard arm, and build values with `Type::builder()` (or decode them).
fn mark_non_exhaustive(types: &mut [syn::Item]) {
    for item in types {
        let attrs = match item {
            // Newtypes (`struct Name(String)`) never gain fields; their constructor stays public.
            syn::Item::Struct(s)
                if matches!(s.vis, syn::Visibility::Public(_))
                    && matches!(s.fields, syn::Fields::Named(_)) =>
            {
                &mut s.attrs
            }
            syn::Item::Enum(e) if matches!(e.vis, syn::Visibility::Public(_)) => &mut e.attrs,
            _ => continue,
        };
        if !attrs.iter().any(|a| a.path().is_ident("non_exhaustive")) {
            attrs.push(syn::parse_quote!(#[non_exhaustive]));
        }
    }
}
