//! `cargo xtask audit`: compares a captured vendor documentation page with a spec and reports
//! what the spec lacks or contradicts (operations, parameters, request and response fields,
//! enum values, `oneOf` variants, statuses) and, separately, what only the spec has.
//!
//! The page's format is recognised from its content: Datadog's reference Markdown, CircleCI's
//! reference text, or a Mintlify reference page (Checkly, Empirical). Each format has its own
//! parser producing the same [`Page`] model; [`compare`] does the rest.

mod circleci;
mod circleci_link;
pub mod cli;
mod compare;
mod datadog;
mod datadog_model;
mod example;
mod fields;
mod json_schema;
mod mintlify;
mod openapi;
mod page;
mod report;
mod table;

use std::fmt;
use std::process::ExitCode;

pub use page::{Page, PageFormat};
pub use report::{Finding, Kind, Report};

/// Why an audit could not run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditError {
    /// The page is in none of the known documentation formats.
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
                "{page}: not a documentation page the audit can read (expected Datadog's API \
                 reference Markdown, CircleCI's API reference text, or a Mintlify API reference \
                 page as used by Checkly and Empirical)"
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

/// Recognises the page's format and parses it.
pub fn parse_page(text: &str, name: &str) -> Result<Page, AuditError> {
    let (format, parsed) = if datadog::recognise(text) {
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

/// Audits a page (its text and a name to show) against a spec (YAML text and a name to show).
pub fn audit(
    page_text: &str,
    page_name: &str,
    spec_text: &str,
    spec_name: &str,
) -> Result<Report, AuditError> {
    let page = parse_page(page_text, page_name)?;
    let spec =
        openapi::SpecDoc::parse(spec_text, spec_name).map_err(|message| AuditError::Spec {
            spec: spec_name.to_string(),
            message,
        })?;
    Ok(compare::compare(&page, page_name, &spec, spec_name))
}

/// The spec a page belongs to, from its file name: `datadog-*` -> `specs/datadog.yaml`, and the
/// same for `circleci-`, `checkly-` and `empirical-`.
pub fn default_spec(page_file_name: &str) -> Option<&'static str> {
    [
        ("datadog-", "specs/datadog.yaml"),
        ("circleci-", "specs/circleci.yaml"),
        ("checkly-", "specs/checkly.yaml"),
        ("empirical-", "specs/empirical.yaml"),
    ]
    .iter()
    .find(|(prefix, _)| page_file_name.starts_with(prefix))
    .map(|(_, spec)| *spec)
}

/// Runs the audit command with its command-line arguments.
pub fn cli(args: &[String]) -> ExitCode {
    cli::main(args)
}
