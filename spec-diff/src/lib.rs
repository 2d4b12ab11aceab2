//! What changed between two versions of an OpenAPI document (a vendor's published document, or
//! one of our specs), classified by what each change does to the users of a client generated
//! from it: [`Class::Breaking`], [`Class::Compatible`] or [`Class::Documentation`].
//!
//! Both documents are read by the audit's one OpenAPI walker ([`docs_audit::openapi`]): JSON or
//! YAML, OpenAPI 3.0 or 3.1. Operations pair up by method and path, whatever their path
//! parameters are called; schemas are compared by structure, so reordered keys, a schema moved
//! into a component (or out of one, or renamed) are not changes. A named schema present under
//! the same name on both sides is compared once and its changes reported under its name.
//!
//! The crate also carries the release check of the generated crates' versions ([`release`]).

mod change;
pub mod cli;
pub mod import;

mod operations;
pub mod release;
mod report;
mod schema;

use std::path::Path;

use docs_audit::openapi::Document;

pub use change::{Change, Class, Kind};
pub use report::Diff;

/// Reads an OpenAPI 3.0 or 3.1 document (JSON or YAML) from a file.
pub fn load(path: &Path) -> Result<Document, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Document::parse(&text, &path.display().to_string())
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Every change from `old` to `new`, sorted (breaking first), each reported once.
pub fn diff(old: &Document, new: &Document) -> Diff {
    compare(old, new).0
}

/// The diff, and the component names met at the same place in both documents (older
/// document's name, newer document's name).
pub(crate) fn compare(
    old: &Document,
    new: &Document,
) -> (Diff, std::collections::BTreeSet<(String, String)>) {
    let operations::Compared {
        mut changes,
        old_operations,
        new_operations,
        pairs,
    } = operations::changes(old, new);
    changes.sort();
    // A named schema used both ways is compared per direction; keep the graver class of a
    // change found both times.
    let mut seen = std::collections::BTreeSet::new();
    changes.retain(|c| {
        seen.insert((
            c.kind,
            c.operation.clone(),
            c.schema.clone(),
            c.at.clone(),
            c.old.clone(),
            c.new.clone(),
        ))
    });
    let diff = Diff {
        old_operations,
        new_operations,
        changes,
    };
    (diff, pairs)
}
