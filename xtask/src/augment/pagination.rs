//! Emits `pages()` and `stream()` on the builders of operations with `x-pagination`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::lower::OperationPlan;
use spec_model::extensions::{CursorInput, Pagination, PaginationStyle};
use spec_model::naming::rust_field_name;
use spec_model::schema_path::FieldPath;
use spec_model::Spec;

/// The pagination methods of an operation's builder, after checking that its responses allow them.
pub(crate) fn for_operation(
    spec: &Spec,
    plan: &OperationPlan,
    pagination: &Pagination,
    builder: &syn::Ident,
    page_ty: &syn::Type,
    error_ty: &TokenStream,
    body_ty: Option<&syn::Path>,
) -> Result<TokenStream, String> {
    if plan.optional_body.is_some() || plan.success_union.is_some() {
        return Err("`x-pagination` needs a single bodied success response".into());
    }
    let page_param_required = match &pagination.style {
        PaginationStyle::PageNumber { param, .. } => spec_model::operations(&spec.openapi)
            .into_iter()
            .filter(|operation| operation.id() == plan.id)
            .flat_map(|operation| operation.op.parameters.iter())
            .filter_map(|p| p.as_item())
            .any(|p| p.parameter_data_ref().name == *param && p.parameter_data_ref().required),
        PaginationStyle::Cursor { .. } => false,
    };
    builder_impl(
        pagination,
        builder,
        page_ty,
        error_ty,
        body_ty,
        page_param_required,
    )
}

/// `Option<&leaf>` from a reference to the page.
fn by_ref(root: TokenStream, path: &FieldPath) -> TokenStream {
    let mut expr = quote!(Some(#root));
    for hop in &path.hops {
        let field = format_ident!("{}", hop.field);
        expr = if hop.optional {
            quote!(#expr.and_then(|v| v.#field.as_ref()))
        } else {
            quote!(#expr.map(|v| &v.#field))
        };
    }
    expr
}

/// `Option<leaf>`, moving out of the page.
fn by_value(root: TokenStream, path: &FieldPath) -> TokenStream {
    let mut expr = quote!(Some(#root));
    for hop in &path.hops {
        let field = format_ident!("{}", hop.field);
        expr = if hop.optional {
            quote!(#expr.and_then(|v| v.#field))
        } else {
            quote!(#expr.map(|v| v.#field))
        };
    }
    expr
}

/// A place expression for `path` inside `root`, creating absent optional parents.
fn place(root: TokenStream, path: &FieldPath) -> (TokenStream, bool) {
    let mut expr = root;
    let last = path.hops.len().saturating_sub(1);
    for (i, hop) in path.hops.iter().enumerate() {
        let field = format_ident!("{}", hop.field);
        expr = quote!(#expr.#field);
        if i < last && hop.optional {
            expr = quote!((*#expr.get_or_insert_with(Default::default)));
        }
    }
    (expr, path.hops.last().is_some_and(|h| h.optional))
}

/// The pagination methods of one builder.
fn builder_impl(
    pagination: &Pagination,
    builder: &syn::Ident,
    page_ty: &syn::Type,
    error_ty: &TokenStream,
    body_ty: Option<&syn::Path>,
    page_param_required: bool,
) -> Result<TokenStream, String> {
    let item = format_ident!(
        "{}",
        pagination
            .items
            .item_type
            .as_deref()
            .ok_or("pagination items must be a `$ref` array")?
    );
    let items_value = by_value(quote!(page), &pagination.items);
    let items_ref = by_ref(quote!(&page), &pagination.items);
    let (setup, next) = match &pagination.style {
        PaginationStyle::Cursor { input, next } => {
            let cursor = by_ref(quote!(&page), next);
            let apply = match input {
                CursorInput::Query(param) => {
                    let setter = format_ident!("{}", rust_field_name(param));
                    quote!(next_request.#setter(cursor))
                }
                CursorInput::Body(path) => {
                    let body_ty = body_ty.ok_or("`cursor-body` needs a JSON request body")?;
                    let (target, optional) = place(quote!(body), path);
                    let value = if optional {
                        quote!(Some(cursor))
                    } else {
                        quote!(cursor)
                    };
                    quote! {{
                        let mut request = next_request;
                        request.body = request.body.and_then(|body| {
                            let mut body = #body_ty::try_from(body).map_err(|e| e.to_string())?;
                            #target = #value;
                            Ok(body.into())
                        });
                        request
                    }}
                }
            };
            (
                quote!(),
                quote! {
                    let cursor = #cursor.map(|value| value.to_string());
                    let next = runtime::paginate::next_cursor(cursor, len)
                        .map(|cursor| #apply);
                },
            )
        }
        PaginationStyle::PageNumber { param, total_pages } => {
            let field = format_ident!("{}", rust_field_name(param));
            let total = by_ref(quote!(&page), total_pages);
            let current = if page_param_required {
                quote!(Ok(number))
            } else {
                quote!(Ok(Some(number)))
            };
            (
                quote! {
                    let current = match &request.#field {
                        #current => *number as i64,
                        _ => 1,
                    };
                },
                quote! {
                    let total = #total.map(|value| *value as i64);
                    let next = runtime::paginate::next_page(current, total, len)
                        .map(|number| next_request.#field(number));
                },
            )
        }
    };
    let pages_doc = "Streams the pages of this request, fetching each only when the previous one \
                     was consumed. Ends on an empty page or when the API says there is no next page.";
    let stream_doc = "Streams the items of every page, in order, fetching pages lazily; \
                      cap it with `StreamExt::take` to stop fetching early.";
    Ok(quote! {
        impl<'a> #builder<'a> {
            #[doc = #pages_doc]
            pub fn pages(self) -> runtime::BoxStream<'a, Result<#page_ty, runtime::Error<#error_ty>>> {
                runtime::paginate::pages(self, |request: Self| async move {
                    #setup
                    let next_request = request.clone();
                    let page = request.send().await?;
                    let len = #items_ref.map_or(0, |items| items.len());
                    #next
                    Ok((page, next))
                })
            }

            #[doc = #stream_doc]
            pub fn stream(self) -> runtime::BoxStream<'a, Result<types::#item, runtime::Error<#error_ty>>> {
                runtime::paginate::items(self.pages(), |page: #page_ty| #items_value.unwrap_or_default())
            }
        }
    })
}
