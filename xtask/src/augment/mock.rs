//! Emits `src/mock.rs` (behind the crate's `mock` feature): a typed mock server of the API for
//! users' tests. `MockServer::start()` serves on 127.0.0.1 and hands out a `Client` pointed at it
//! with fake credentials and fast retries; one method per operation builds an expectation whose
//! setters take the parameters' Rust types, answered with a typed success value, a documented
//! error body, raw bytes, a sequence, pages wired per `x-pagination`, or pending rounds per
//! `x-long-poll`. The matching itself is the runtime's (`runtime::mock`).

use std::collections::BTreeMap;

use heck::{ToKebabCase, ToPascalCase};
use openapiv3::{Parameter, ReferenceOr};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::operations::error_body;
use crate::lower::{Lowered, OperationPlan, SuccessMedia};
use spec_model::extensions::{CursorInput, PaginationStyle};
use spec_model::naming::{rust_field_name, rust_type_name};
use spec_model::{OperationRef, Spec};

/// Names of the methods every expectation has; a parameter with one of these names would clash.
const RESERVED: [&str; 9] = [
    "body",
    "body_matches",
    "matching",
    "respond",
    "respond_error",
    "respond_with",
    "respond_sequence",
    "respond_pages",
    "respond_after_pending",
];

/// What the rest of the augment step knows about the operations.
pub(crate) struct Known<'a> {
    /// progenitor's builder items (for the parameters' Rust types).
    pub builder: &'a [syn::Item],
    /// Each builder's success type, by builder name.
    pub success_types: &'a BTreeMap<String, syn::Type>,
    /// Each builder's JSON body type, by builder name.
    pub body_types: &'a BTreeMap<String, syn::Path>,
}

/// The `mock` module of `spec`'s crate.
pub(crate) fn emit(
    spec: &Spec,
    lowered: &Lowered,
    known: &Known<'_>,
) -> Result<TokenStream, String> {
    let operations = spec_model::operations(&spec.openapi);
    let mut methods = TokenStream::new();
    let mut items = TokenStream::new();
    for operation in &operations {
        let id = operation.id();
        let plan = lowered
            .operations
            .get(id)
            .ok_or_else(|| format!("no plan for operation `{id}`"))?;
        let (method, item) = for_operation(spec, operation, &operations, plan, known)
            .map_err(|e| format!("operation `{id}`: {e}"))?;
        methods.extend(method);
        items.extend(item);
    }
    let server = server_items(spec);
    Ok(quote! {
        //! A typed mock server of the API, for tests of code that uses the client (feature
        //! `mock`). It listens on 127.0.0.1 only; its client sends fake credentials.

        use crate::types;
        pub use runtime::mock::{Expectation, Reply, Request};

        #server

        impl MockServer {
            #methods
        }

        #items
    })
}

/// `MockServer`: the part every API shares (from the runtime), and its fake credentials.
fn server_items(spec: &Spec) -> TokenStream {
    let security = &spec.extensions.security;
    // Where the document accepts several sets of credentials, the mock client sends its first.
    let (sent, rest) = if security.single() {
        ((0..security.schemes.len()).collect(), quote!())
    } else {
        let first = security.alternatives.iter().find(|a| !a.is_empty());
        (
            first.cloned().unwrap_or_default(),
            quote!(..Default::default()),
        )
    };
    let fields = sent.into_iter().map(|i: usize| {
        let field = super::credential_field(&security.schemes[i]);
        let value = format!("mock-{}", field.to_string().to_kebab_case());
        if security.single() {
            quote!(#field: #value.into())
        } else {
            quote!(#field: Some(#value.into()))
        }
    });
    quote! {
        runtime::mock_server!(MockServer for crate::Client);

        impl MockServer {
            /// Credentials with fake values (`mock-...`), never real secrets.
            pub fn credentials() -> crate::Credentials {
                crate::Credentials { #(#fields,)* #rest }
            }
        }
    }
}

/// The `MockServer` method and the expectation type of one operation.
fn for_operation(
    spec: &Spec,
    operation: &OperationRef<'_>,
    all: &[OperationRef<'_>],
    plan: &OperationPlan,
    known: &Known<'_>,
) -> Result<(TokenStream, TokenStream), String> {
    let id = operation.id();
    let builder_name = rust_type_name(id);
    let mock = format_ident!("{}Mock", builder_name);
    let method_ident = format_ident!("{}", id);
    let http_method = operation.method.upper();
    let template = operation.path;
    // A parameter sent with raw slashes is `{+name}` (RFC 6570): it spans one or more segments.
    let raw = |template: &str| {
        let names = spec.extensions.operations.get(id).map(|e| &e.raw_slashes);
        names
            .into_iter()
            .flatten()
            .fold(template.to_string(), |t, name| {
                t.replace(&format!("{{{name}}}"), &format!("{{+{name}}}"))
            })
    };
    let match_template = raw(template);
    let shadowed: Vec<String> = shadowing_templates(operation, all)
        .iter()
        .map(|t| raw(t))
        .collect();
    let success = success_type(plan, known, &builder_name)?;
    let error = error_body(plan).ty;
    let encode = encode_fn(plan, &success, operation)?;
    let setters = param_setters(spec, operation, known, &builder_name)?;
    let body = body_setters(known, &builder_name);
    let pages = pages_method(spec, operation, &success);
    let poll = long_poll_method(spec, id, &success);
    let expect_doc = format!(
        "Expects `{http_method} {template}` ([`Client::{id}`](crate::Client::{id})): narrow it \
         with the parameter methods, then answer with a `respond` method."
    );
    let type_doc = format!(
        "An expectation of `{id}` being built: which requests it matches, then what it answers."
    );
    let method = quote! {
        #[doc = #expect_doc]
        pub fn #method_ident(&self) -> #mock<'_> {
            #mock {
                server: self,
                matcher: runtime::mock::Matcher::new(#id, #http_method, #match_template, &[#(#shadowed),*]),
            }
        }
    };
    let item = quote! {
        #[doc = #type_doc]
        #[must_use = "an expectation is mounted by one of its `respond` methods"]
        pub struct #mock<'a> {
            server: &'a MockServer,
            matcher: runtime::mock::Matcher,
        }

        impl<'a> #mock<'a> {
            #setters
            #body

            /// Also requires `predicate` to hold for the request.
            pub fn matching(
                mut self,
                predicate: impl Fn(&Request) -> bool + Send + Sync + 'static,
            ) -> Self {
                self.matcher.custom("a custom predicate", predicate);
                self
            }

            /// Answers every matching request with `value`, with its documented success status.
            pub fn respond(self, value: #success) -> Expectation {
                self.respond_with(Reply::ok(value))
            }

            /// Answers every matching request with `status` and the documented error `body`.
            pub fn respond_error(self, status: u16, body: #error) -> Expectation {
                self.respond_with(Reply::error(status, body))
            }

            /// Answers every matching request with `reply`.
            pub fn respond_with(self, reply: Reply<#success, #error>) -> Expectation {
                self.respond_sequence([reply])
            }

            /// Answers matching requests with `replies` in turn; the last one answers every
            /// later request (`503` then a value, for a retry).
            pub fn respond_sequence(
                self,
                replies: impl IntoIterator<Item = Reply<#success, #error>>,
            ) -> Expectation {
                let answers = replies.into_iter().map(|reply| reply.encode(#encode)).collect();
                self.server.inner.mount(self.matcher, answers)
            }

            #pages
            #poll
        }
    };
    Ok((method, item))
}

/// Templates of other operations with the same method that a request for this one's template
/// could also fit, but that are more specific (a literal where this one has a parameter).
fn shadowing_templates(operation: &OperationRef<'_>, all: &[OperationRef<'_>]) -> Vec<String> {
    let segments = |t: &str| -> Vec<String> { t.split('/').map(str::to_string).collect() };
    let is_param = |s: &str| s.starts_with('{');
    let own = segments(operation.path);
    all.iter()
        .filter(|other| other.method == operation.method && other.path != operation.path)
        .filter(|other| {
            let theirs = segments(other.path);
            theirs.len() == own.len()
                && own.iter().zip(&theirs).all(|(o, t)| is_param(o) || o == t)
                && own
                    .iter()
                    .zip(&theirs)
                    .any(|(o, t)| is_param(o) && !is_param(t))
        })
        .map(|other| other.path.to_string())
        .collect()
}

/// The value `send()` returns for an operation.
fn success_type(
    plan: &OperationPlan,
    known: &Known<'_>,
    builder_name: &str,
) -> Result<TokenStream, String> {
    if plan.success_union.is_some() {
        let union = format_ident!("{}Response", plan.id.to_pascal_case());
        return Ok(quote!(types::#union));
    }
    match plan.success_media {
        SuccessMedia::Text => return Ok(quote!(String)),
        SuccessMedia::Binary => return Ok(quote!(runtime::Bytes)),
        SuccessMedia::Json => {}
    }
    let success = known
        .success_types
        .get(builder_name)
        .ok_or("no success type")?;
    Ok(match &plan.optional_body {
        Some(_) => quote!(Option<#success>),
        None => quote!(#success),
    })
}

/// The documented 2xx status codes of an operation, in order.
fn success_codes(operation: &OperationRef<'_>) -> Vec<u16> {
    let mut codes: Vec<u16> = operation
        .op
        .responses
        .responses
        .keys()
        .filter_map(|status| match status {
            openapiv3::StatusCode::Code(c) if (200..300).contains(c) => Some(*c),
            _ => None,
        })
        .collect();
    codes.sort_unstable();
    codes
}

/// A closure turning a success value into (status, body bytes).
fn encode_fn(
    plan: &OperationPlan,
    success: &TokenStream,
    operation: &OperationRef<'_>,
) -> Result<TokenStream, String> {
    let codes = success_codes(operation);
    let first = Literal::u16_unsuffixed(codes.first().copied().unwrap_or(200));
    if let Some(members) = &plan.success_union {
        let union = format_ident!("{}Response", plan.id.to_pascal_case());
        let mut seen = Vec::new();
        let arms = members.iter().filter(|(_, t)| {
            let new = !seen.contains(t);
            seen.push((*t).clone());
            new
        });
        let arms: Vec<TokenStream> = arms
            .map(|(code, t)| {
                let variant = format_ident!("{}", t);
                let code = Literal::u16_unsuffixed(*code);
                quote!(types::#union::#variant(v) => (#code, runtime::mock::to_json_bytes(&v)),)
            })
            .collect();
        return Ok(quote!(|value: #success| match value { #(#arms)* }));
    }
    if let Some(empty) = &plan.optional_body {
        let empty_code = Literal::u16_unsuffixed(empty.first().copied().unwrap_or(204));
        let bodied = codes
            .iter()
            .find(|c| !empty.contains(c))
            .copied()
            .unwrap_or(200);
        let bodied = Literal::u16_unsuffixed(bodied);
        return Ok(quote!(|value: #success| match value {
            Some(v) => (#bodied, runtime::mock::to_json_bytes(&v)),
            None => (#empty_code, Vec::new()),
        }));
    }
    match plan.success_media {
        SuccessMedia::Text => return Ok(quote!(|value: String| (#first, value.into_bytes()))),
        SuccessMedia::Binary => {
            return Ok(quote!(|value: runtime::Bytes| (#first, value.to_vec())))
        }
        SuccessMedia::Json => {}
    }
    if success.to_string() == "()" {
        return Ok(quote!(|_: ()| (#first, Vec::new())));
    }
    Ok(quote!(|value: #success| (#first, runtime::mock::to_json_bytes(&value))))
}

/// Where a parameter is sent.
#[derive(Clone, Copy, PartialEq)]
enum Location {
    Path,
    Query,
    Header,
}

/// Each parameter of an operation by Rust field name: (wire name, where it is sent).
fn params_of(spec: &Spec, operation: &OperationRef<'_>) -> BTreeMap<String, (String, Location)> {
    let item_params = match spec.openapi.paths.paths.get(operation.path) {
        Some(ReferenceOr::Item(item)) => item.parameters.iter().collect(),
        _ => Vec::new(),
    };
    item_params
        .into_iter()
        .chain(operation.op.parameters.iter())
        .filter_map(|p| spec_model::refs::parameter(&spec.openapi, p))
        .filter_map(|p| {
            let location = match p {
                Parameter::Path { .. } => Location::Path,
                Parameter::Query { .. } => Location::Query,
                Parameter::Header { .. } => Location::Header,
                Parameter::Cookie { .. } => return None,
            };
            let name = p.parameter_data_ref().name.clone();
            Some((rust_field_name(&name), (name, location)))
        })
        .collect()
}

/// `T` from a builder field type `Result<T, String>` or `Result<Option<T>, String>`.
fn field_value_type(ty: &syn::Type) -> Option<syn::Type> {
    let inner = super::syntax::last_generic_args(ty)?.into_iter().next()?;
    let is_option = matches!(&inner, syn::Type::Path(p)
        if p.path.segments.last().is_some_and(|s| s.ident == "Option"));
    if is_option {
        super::syntax::last_generic_args(&inner)?.into_iter().next()
    } else {
        Some(inner)
    }
}

/// `U` when `ty` is a `Vec<U>`.
fn vec_item(ty: &syn::Type) -> Option<syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    if p.path.segments.last()?.ident != "Vec" {
        return None;
    }
    super::syntax::last_generic_args(ty)?.into_iter().next()
}

/// One matching method per parameter, taking the parameter's Rust type.
fn param_setters(
    spec: &Spec,
    operation: &OperationRef<'_>,
    known: &Known<'_>,
    builder_name: &str,
) -> Result<TokenStream, String> {
    let params = params_of(spec, operation);
    let fields = known
        .builder
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == builder_name => Some(&s.fields),
            _ => None,
        })
        .ok_or("no builder struct")?;
    let mut out = TokenStream::new();
    for field in fields {
        let Some(ident) = &field.ident else { continue };
        let Some((wire, location)) = params.get(&ident.to_string()) else {
            continue;
        };
        if RESERVED.contains(&ident.to_string().as_str()) {
            return Err(format!(
                "parameter `{wire}` clashes with the mock method `{ident}`"
            ));
        }
        let ty = field_value_type(&field.ty).ok_or("unexpected builder field type")?;
        let (call, value_ty, what) = match (location, vec_item(&ty)) {
            (Location::Query, Some(item)) => (
                quote!(query_all),
                quote!(::std::vec::Vec<#item>),
                "query parameter (sent as repeated keys, compared in order)",
            ),
            (Location::Query, None) => (quote!(query), quote!(#ty), "query parameter"),
            (Location::Path, _) => (
                quote!(path_param),
                quote!(#ty),
                "path parameter (percent-decoded)",
            ),
            (Location::Header, _) => (quote!(header), quote!(#ty), "header"),
        };
        let doc = format!(
            "Matches requests whose `{wire}` {what} equals `value`, compared as the Rust type \
             (date-times as instants)."
        );
        out.extend(quote! {
            #[doc = #doc]
            pub fn #ident(mut self, value: impl Into<#value_ty>) -> Self {
                self.matcher.#call(#wire, value.into());
                self
            }
        });
    }
    Ok(out)
}

/// `body` and `body_matches` on operations with a JSON body.
fn body_setters(known: &Known<'_>, builder_name: &str) -> TokenStream {
    let Some(body) = known.body_types.get(builder_name) else {
        return quote!();
    };
    quote! {
        /// Matches requests whose JSON body decodes into the body type and equals `value`.
        pub fn body(mut self, value: #body) -> Self {
            self.matcher.json_body(value);
            self
        }

        /// Matches requests whose JSON body decodes into the body type and meets `predicate`.
        pub fn body_matches(
            mut self,
            predicate: impl Fn(&#body) -> bool + Send + Sync + 'static,
        ) -> Self {
            self.matcher.json_body_matches(predicate);
            self
        }
    }
}

/// `respond_pages` on operations with `x-pagination`.
fn pages_method(spec: &Spec, operation: &OperationRef<'_>, success: &TokenStream) -> TokenStream {
    let pagination = spec
        .extensions
        .operations
        .get(operation.id())
        .and_then(|e| e.pagination.as_ref());
    let Some(pagination) = pagination else {
        return quote!();
    };
    let (style, wiring) = match &pagination.style {
        PaginationStyle::Cursor {
            input: CursorInput::Query(param),
            next,
        } => {
            let next = &next.wire;
            (
                quote!(runtime::mock::PageStyle::CursorQuery { param: #param, next: #next }),
                format!("the cursor in the `{param}` query parameter, from `{next}` of each page"),
            )
        }
        PaginationStyle::Cursor {
            input: CursorInput::Body(path),
            next,
        } => {
            let (path, next) = (&path.wire, &next.wire);
            (
                quote!(runtime::mock::PageStyle::CursorBody { path: #path, next: #next }),
                format!("the cursor at `{path}` of the request body, from `{next}` of each page"),
            )
        }
        PaginationStyle::PageNumber { param, total_pages } => {
            let total = &total_pages.wire;
            (
                quote!(runtime::mock::PageStyle::PageNumber { param: #param, total: #total }),
                format!(
                    "the page number in the `{param}` query parameter, `{total}` set on each page"
                ),
            )
        }
    };
    let doc = format!(
        "Serves `pages` in order to a client walking them with `stream()` or `pages()`: \
         {wiring}; the last page has no next. One expectation per page."
    );
    quote! {
        #[doc = #doc]
        pub fn respond_pages(self, pages: impl IntoIterator<Item = #success>) -> Vec<Expectation> {
            let pages = pages
                .into_iter()
                .map(|page| serde_json::to_value(page).unwrap_or_default())
                .collect();
            runtime::mock::serve_pages(&self.server.inner, &self.matcher, pages, #style)
        }
    }
}

/// `respond_after_pending` on operations with `x-long-poll`.
fn long_poll_method(spec: &Spec, id: &str, success: &TokenStream) -> TokenStream {
    let Some(poll) = spec
        .extensions
        .operations
        .get(id)
        .and_then(|e| e.long_poll.as_ref())
    else {
        return quote!();
    };
    let status = Literal::u16_unsuffixed(poll.pending_status);
    let doc = format!(
        "Answers `{}` (still pending) `times` times, then `value`: what `send()` waits through.",
        poll.pending_status
    );
    quote! {
        #[doc = #doc]
        pub fn respond_after_pending(self, times: usize, value: #success) -> Expectation {
            let pending = (0..times).map(|_| Reply::status(#status));
            self.respond_sequence(pending.chain([Reply::ok(value)]))
        }
    }
}

/// The README section on testing with the mock server: an example compiled as a doc test when
/// the feature is on (`example_operation` is a `GET` needing no parameter).
pub(crate) fn readme_section(spec: &Spec, example_operation: Option<&str>) -> String {
    let krate = crate::names::crate_ident(&spec.stem);
    let mut out = String::from(
        "## Testing code that uses the client\n\n\
         The feature `mock` adds `mock::MockServer`: a mock server of this API on 127.0.0.1, \
         with one typed expectation per operation (match parameters by their Rust types, \
         answer with a value, a documented error body, raw bytes, a delay or a sequence; \
         serve pages wired per the API's pagination), a `Client` pointed at it with fake \
         credentials and fast retries, hit counts, and a failure listing the requests that \
         matched nothing. Enable it for tests only:\n\n\
         ```toml\n[dev-dependencies]\n",
    );
    out.push_str(&format!(
        "{} = {{ version = \"0.1\", features = [\"mock\"] }}\n```\n",
        crate::names::package_name(&spec.stem)
    ));
    let Some(op) = example_operation else {
        return out;
    };
    out.push_str(&format!(
        "\n```rust\n\
         # #[cfg(feature = \"mock\")]\n\
         # #[tokio::main]\n\
         # async fn main() {{\n\
         use {krate}::mock::{{MockServer, Reply}};\n\n\
         let server = MockServer::start().await;\n\
         let expectation = server.{op}().respond_with(Reply::status(503));\n\n\
         // The code under test gets a client pointed at the server.\n\
         let error = server.client().{op}().send().await.unwrap_err();\n\
         assert_eq!(error.status().map(|s| s.as_u16()), Some(503));\n\
         assert!(expectation.hits() >= 1);\n\
         server.verify(); // panics, listing them, if requests matched no expectation\n\
         # }}\n\
         # #[cfg(not(feature = \"mock\"))]\n\
         # fn main() {{}}\n\
         ```\n"
    ));
    out
}
