//! One model of an OpenAPI document, shared by the generator and the docs audit.
//!
//! - [`load`] reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) with file:line:column errors,
//!   forms its resolved view once (parameters merged and inlined, operation ids that are method
//!   names, unresolved `$ref`s and websocket operations worked around with warnings, schemas
//!   that accept unknown fields) and validates our `x-` extensions;
//! - [`operations`] lists its operations with a typed [`Method`];
//! - [`refs`] resolves `$ref`s, [`naming`] gives the Rust names of spec names, [`schema_path`]
//!   follows dotted field paths through schemas;
//! - [`extensions`] parses and validates every `x-` extension of ours in one place.

mod document;
mod downgrade;
mod error;
pub mod extensions;
mod load;
mod locate;
pub mod naming;
mod operations;
pub mod refs;
mod resolve;
pub mod schema_path;
mod security;
mod tree;

pub use document::Syntax;
pub use error::{SpecError, SpecWarning};
pub use extensions::Extensions;
pub use load::{load, parse, parse_openapi, parse_value, read, Spec};
pub use locate::Locator;
pub use operations::{operations, Method, OperationRef};
pub use resolve::method_name;
