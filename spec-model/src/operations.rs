//! The operations of a spec, in document order, each with its path and typed HTTP method.

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

/// An HTTP method an OpenAPI path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
    /// `OPTIONS`.
    Options,
    /// `HEAD`.
    Head,
    /// `PATCH`.
    Patch,
    /// `TRACE`.
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI path items list them.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key of the method in a path item: `get`, `post`, ...
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The method as sent on the wire: `GET`, `POST`, ...
    pub fn upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }

    /// The operation of this method in `item`.
    pub fn of(self, item: &PathItem) -> Option<&Operation> {
        match self {
            Method::Get => item.get.as_ref(),
            Method::Put => item.put.as_ref(),
            Method::Post => item.post.as_ref(),
            Method::Delete => item.delete.as_ref(),
            Method::Options => item.options.as_ref(),
            Method::Head => item.head.as_ref(),
            Method::Patch => item.patch.as_ref(),
            Method::Trace => item.trace.as_ref(),
        }
    }

    /// The slot of this method's operation in `item`.
    pub fn slot(self, item: &mut PathItem) -> &mut Option<Operation> {
        match self {
            Method::Get => &mut item.get,
            Method::Put => &mut item.put,
            Method::Post => &mut item.post,
            Method::Delete => &mut item.delete,
            Method::Options => &mut item.options,
            Method::Head => &mut item.head,
            Method::Patch => &mut item.patch,
            Method::Trace => &mut item.trace,
        }
    }
}

/// One operation of a spec.
#[derive(Debug, Clone, Copy)]
pub struct OperationRef<'a> {
    /// The key under `paths`.
    pub path: &'a str,
    /// Its HTTP method.
    pub method: Method,
    /// The operation object.
    pub op: &'a Operation,
    /// The path item holding it (its `parameters` apply to every operation of the path).
    pub item: &'a PathItem,
}

impl OperationRef<'_> {
    /// The `operationId`, or `""` when missing (validated specs always have one).
    pub fn id(&self) -> &str {
        self.op.operation_id.as_deref().unwrap_or_default()
    }
}

/// All operations in document order.
pub fn operations(openapi: &OpenAPI) -> Vec<OperationRef<'_>> {
    let mut out = Vec::new();
    for (path, item) in &openapi.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for method in Method::ALL {
            if let Some(op) = method.of(item) {
                out.push(OperationRef {
                    path: path.as_str(),
                    method,
                    op,
                    item,
                });
            }
        }
    }
    out
}
