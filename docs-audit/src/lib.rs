//! `cargo xtask audit`: compares a vendor's documentation (a captured reference page or a
//! published OpenAPI document) with a spec and reports what the spec lacks or contradicts
//! (operations, parameters and their limits, request and response fields, enum values, `oneOf`
//! variants, statuses) and, separately, what only the spec has.
//!
//! The document's format is recognised from its content: an OpenAPI 3.0 document (JSON or YAML),
//! Datadog's reference Markdown, CircleCI's reference text, or a Mintlify reference page (Checkly,
//! Empirical). Each format has its own reader producing the same [`Page`] model; `compare` does
//! the rest. Which document is audited against which spec is written in `docs-audit/docs.yaml`
//! ([`pairings`]).

mod circleci;
mod circleci_link;
pub mod cli;
mod compare;
mod datadog;
mod datadog_model;
mod example;
mod fields;
pub mod json_schema;
mod mintlify;
pub mod openapi;
mod openapi_doc;
mod page;
pub mod pairings;
mod report;
mod table;

use std::fmt;
use std::process::ExitCode;

pub use page::{Constraints, Page, PageFormat};
pub use report::{Finding, Kind, Report};

/// Why an audit could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditError {
    /// The document is in none of the known documentation formats.
    UnknownFormat {
        /// The page's name.
        page: String,
    },
    /// The page looks like a known format but could not be read as one.
    Page {
        /// The page's name.
        page: String,
        /// The format it was recognised as.
        format: PageFormat,
        /// What went wrong.
        message: String,
    },
    /// The spec is not a readable OpenAPI document.
    Spec {
        /// The spec's name.
        spec: String,
        /// What went wrong.
        message: String,
    },
    /// A file could not be read, or the command line is wrong.
    Input(String),
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditError::UnknownFormat { page } => write!(
                f,
                "{page}: not a document the audit can read (expected an OpenAPI 3.0 document \
                 in JSON or YAML, Datadog's API reference Markdown, CircleCI's API reference \
                 text, or a Mintlify API reference page as used by Checkly and Empirical)"
            ),
            AuditError::Page {
                page,
                format,
                message,
            } => write!(f, "{page}: cannot read this {format}: {message}"),
            AuditError::Spec { spec, message } => write!(f, "{spec}: {message}"),
            AuditError::Input(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for AuditError {}

/// Recognises the document's format and reads it.
pub fn parse_page(text: &str, name: &str) -> Result<Page, AuditError> {
    let (format, parsed) = if let Some(parsed) = openapi_document(text, name) {
        (PageFormat::OpenApi, parsed)
    } else if datadog::recognise(text) {
        (PageFormat::Datadog, datadog::parse(text))
    } else if circleci::recognise(text) {
        (PageFormat::Circleci, circleci::parse(text))
    } else if mintlify::recognise(text) {
        (PageFormat::Mintlify, mintlify::parse(text))
    } else {
        return Err(AuditError::UnknownFormat {
            page: name.to_string(),
        });
    };
    let page = parsed.map_err(|message| AuditError::Page {
        page: name.to_string(),
        format,
        message,
    })?;
    if page.operations.is_empty() {
        return Err(AuditError::Page {
            page: name.to_string(),
            format,
            message: "no operations found".to_string(),
        });
    }
    Ok(page)
}

/// An OpenAPI document read as a page, when the text is one (`None`: another format).
fn openapi_document(text: &str, name: &str) -> Option<Result<Page, String>> {
    match openapi::recognise(text, name) {
        openapi::Recognised::No => None,
        openapi::Recognised::Document(document) => Some(openapi_doc::parse(&document)),
        openapi::Recognised::Unreadable(message) => Some(Err(message)),
    }
}

/// How to audit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuditOptions {
    /// The spec may cover only some of the documented operations: the others are listed as not
    /// covered instead of as gaps.
    pub partial: bool,
}

/// Audits a document (its text and a name to show) against a spec (YAML text and a name to
/// show): every documented operation must be in the spec.
pub fn audit(
    page_text: &str,
    page_name: &str,
    spec_text: &str,
    spec_name: &str,
) -> Result<Report, AuditError> {
    audit_with(
        page_text,
        page_name,
        spec_text,
        spec_name,
        AuditOptions::default(),
    )
}

/// [`audit`] with options.
pub fn audit_with(
    page_text: &str,
    page_name: &str,
    spec_text: &str,
    spec_name: &str,
    options: AuditOptions,
) -> Result<Report, AuditError> {
    let page = parse_page(page_text, page_name)?;
    let spec = openapi::Document::parse_spec(spec_text, spec_name).map_err(|message| {
        AuditError::Spec {
            spec: spec_name.to_string(),
            message,
        }
    })?;
    Ok(compare::compare(
        &page,
        page_name,
        &spec,
        spec_name,
        options.partial,
    ))
}

/// Runs the audit command with its command-line arguments.
pub fn cli(args: &[String]) -> ExitCode {
    cli::main(args)
}
