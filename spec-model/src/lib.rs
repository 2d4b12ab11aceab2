//! One model of a spec of this workspace, shared by the generator and the docs audit.
//!
//! - [`load`] reads a spec with file:line:column errors and validates what the generator relies
//!   on (operation ids, `$ref` targets, query styles, our `x-` extensions);
//! - [`operations`] lists its operations with a typed [`Method`];
//! - [`refs`] resolves `$ref`s, [`naming`] gives the Rust names of spec names, [`schema_path`]
//!   follows dotted field paths through schemas;
//! - [`extensions`] parses and validates every `x-` extension of ours in one place.

mod error;
pub mod extensions;
mod load;
mod locate;
pub mod naming;
mod operations;
pub mod refs;
pub mod schema_path;

pub use error::SpecError;
pub use extensions::Extensions;
pub use load::{load, parse, parse_openapi, parse_value, read, Spec};
pub use locate::Locator;
pub use operations::{operations, Method, OperationRef};
