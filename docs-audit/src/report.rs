//! Findings of an audit, and their rendering as text or JSON.

use std::fmt::Write as _;

use serde::Serialize;

use crate::page::PageFormat;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The page documents an operation (method + path) the spec does not have.
    MissingOperation,
    /// A documented parameter is absent from the spec operation.
    MissingParameter,
    /// A documented parameter is in a different place (query, header, path) in the spec.
    ParameterLocation,
    /// A documented request body is absent from the spec operation.
    MissingRequestBody,
    /// A documented response status is absent from the spec operation.
    MissingStatus,
    /// A documented field is absent from the spec schema.
    MissingField,
    /// A parameter, body or field has a different type in the spec.
    TypeDiffers,
    /// A parameter, body or field has a different required flag in the spec.
    RequiredDiffers,
    /// The page says a field may be null; the spec does not allow it.
    NullableDiffers,
    /// Allowed values listed on the page are missing from the spec's `enum`.
    MissingEnumValues,
    /// A documented `oneOf` variant ("Option N") matches no member of the spec's `oneOf`.
    MissingVariant,
    /// A parameter limit (`minimum`, `maximum`, `minLength`, ...) differs from the document's.
    LimitDiffers,
    /// A parameter default differs from the document's.
    DefaultDiffers,
    /// An authentication header the page requires has no security scheme in the spec.
    MissingAuth,
    /// The spec has an operation this page does not document.
    SpecOnlyOperation,
    /// The spec has a parameter this page does not document.
    SpecOnlyParameter,
    /// The spec has a response status this page does not document.
    SpecOnlyStatus,
    /// The spec has a field this page does not document.
    SpecOnlyField,
    /// The spec allows values this page does not list.
    SpecOnlyEnumValues,
    /// The spec has a `oneOf` member no documented option matches.
    SpecOnlyVariant,
    /// The spec states a default the document does not.
    SpecOnlyDefault,
}

impl Kind {
    /// Whether the finding means the spec lacks or contradicts something documented.
    pub fn is_gap(self) -> bool {
        !matches!(
            self,
            Kind::SpecOnlyOperation
                | Kind::SpecOnlyParameter
                | Kind::SpecOnlyStatus
                | Kind::SpecOnlyField
                | Kind::SpecOnlyEnumValues
                | Kind::SpecOnlyVariant
                | Kind::SpecOnlyDefault
        )
    }

    /// A short label for text output.
    pub fn label(self) -> &'static str {
        match self {
            Kind::MissingOperation => "missing operation",
            Kind::MissingParameter => "missing parameter",
            Kind::ParameterLocation => "parameter location",
            Kind::MissingRequestBody => "missing request body",
            Kind::MissingStatus => "missing status",
            Kind::MissingField => "missing field",
            Kind::TypeDiffers => "type differs",
            Kind::RequiredDiffers => "required differs",
            Kind::NullableDiffers => "nullable differs",
            Kind::MissingEnumValues => "missing enum values",
            Kind::MissingVariant => "missing variant",
            Kind::LimitDiffers => "limit differs",
            Kind::DefaultDiffers => "default differs",
            Kind::MissingAuth => "missing auth",
            Kind::SpecOnlyOperation => "operation",
            Kind::SpecOnlyParameter => "parameter",
            Kind::SpecOnlyStatus => "status",
            Kind::SpecOnlyField => "field",
            Kind::SpecOnlyEnumValues => "enum values",
            Kind::SpecOnlyVariant => "variant",
            Kind::SpecOnlyDefault => "default",
        }
    }
}

/// One difference between the page and the spec.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The operation as the page (or, for spec-only operations, the spec) shows it:
    /// `GET /api/v2/ci/tests/events`.
    pub operation: String,
    /// What the finding is about.
    pub kind: Kind,
    /// Where: `query sort`, `request filter.query`, `200 data[].attributes.test_level`, `404`.
    pub at: String,
    /// What the page says, when useful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// What the spec says, when useful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spec: Option<String>,
    /// For an accepted difference: the spec's `x-doc-deviation` reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The result of auditing one page against one spec.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The page's name (file name or path).
    pub page: String,
    /// The spec's name.
    pub spec: String,
    /// The format the page was read as.
    pub format: PageFormat,
    /// Operations the page documents.
    pub operations: usize,
    /// Of those, operations found in the spec.
    pub matched: usize,
    /// What the spec lacks or contradicts (the audit fails when this is not empty).
    pub gaps: Vec<Finding>,
    /// Differences the spec declares on purpose with `x-doc-deviation` (reported, not failing).
    pub accepted: Vec<Finding>,
    /// What the spec has that the page does not show (informational).
    pub spec_only: Vec<Finding>,
    /// Documented operations the spec does not cover yet, when it may cover only some
    /// (`--partial`); not gaps.
    pub not_covered: Vec<String>,
    /// Why gaps of this pairing are reported without failing the audit, when they are.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_enforced: Option<String>,
    /// Which operation each named page schema was compared with (CircleCI).
    pub pairings: Vec<String>,
    /// What could not be compared, and why.
    pub notes: Vec<String>,
}

impl Report {
    /// Whether the spec lacks or contradicts something the page documents.
    pub fn has_gaps(&self) -> bool {
        !self.gaps.is_empty()
    }

    /// Whether the audit fails because of this report: gaps in an enforced pairing.
    pub fn fails(&self) -> bool {
        self.has_gaps() && self.not_enforced.is_none()
    }

    /// The report as JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as text for people, findings grouped by operation.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "audit {} ({}) against {}: {} operations documented, {} found in the spec",
            self.page, self.format, self.spec, self.operations, self.matched
        );
        if !self.gaps.is_empty() {
            let _ = writeln!(out, "\nMissing or different in the spec:");
            write_grouped(&mut out, &self.gaps);
        }
        if !self.accepted.is_empty() {
            let _ = writeln!(out, "\nDifferent on purpose (x-doc-deviation in the spec):");
            write_grouped(&mut out, &self.accepted);
        }
        if !self.spec_only.is_empty() {
            let _ = writeln!(out, "\nIn the spec, not on this page (informational):");
            write_grouped(&mut out, &self.spec_only);
        }
        if !self.not_covered.is_empty() {
            let _ = writeln!(
                out,
                "\nDocumented, not covered by the spec yet (partial coverage allowed):"
            );
            for operation in &self.not_covered {
                let _ = writeln!(out, "  {operation}");
            }
        }
        if !self.pairings.is_empty() {
            let _ = writeln!(out, "\nPage schemas compared with:");
            for pairing in &self.pairings {
                let _ = writeln!(out, "  - {pairing}");
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nNot compared:");
            for note in &self.notes {
                let _ = writeln!(out, "  - {note}");
            }
        }
        let verdict = match &self.not_enforced {
            Some(reason) if self.has_gaps() => {
                let _ = writeln!(out, "\nGaps not enforced yet: {reason}");
                "gaps (not enforced)"
            }
            _ if self.has_gaps() => "FAIL",
            _ => "ok",
        };
        let _ = write!(
            out,
            "\n{verdict}: {} documented item(s) missing or different, {} accepted deviation(s), {} \
             spec-only item(s)",
            self.gaps.len(),
            self.accepted.len(),
            self.spec_only.len()
        );
        if !self.not_covered.is_empty() {
            let _ = write!(out, ", {} operation(s) not covered", self.not_covered.len());
        }
        let _ = writeln!(out);
        out
    }
}

fn write_grouped(out: &mut String, findings: &[Finding]) {
    let mut current: Option<&str> = None;
    for finding in findings {
        if current != Some(finding.operation.as_str()) {
            let _ = writeln!(out, "  {}", finding.operation);
            current = Some(&finding.operation);
        }
        let mut line = format!("    {:<20} {}", finding.kind.label(), finding.at);
        match (&finding.page, &finding.spec) {
            (Some(page), Some(spec)) => {
                let _ = write!(line, " (page: {page}; spec: {spec})");
            }
            (Some(page), None) => {
                let _ = write!(line, " ({page})");
            }
            (None, Some(spec)) => {
                let _ = write!(line, " (spec: {spec})");
            }
            (None, None) => {}
        }
        if let Some(reason) = &finding.reason {
            let _ = write!(line, " -- {reason}");
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
}

/// Collects findings while comparing, sorted into gaps and spec-only items.
#[derive(Debug, Default)]
pub(crate) struct Findings {
    /// What the spec lacks or contradicts.
    pub gaps: Vec<Finding>,
    /// Differences the spec accepts with `x-doc-deviation`.
    pub accepted: Vec<Finding>,
    /// What only the spec has.
    pub spec_only: Vec<Finding>,
    /// Which operation each named page schema was compared with.
    pub pairings: Vec<String>,
    /// What could not be compared.
    pub notes: Vec<String>,
}

impl Findings {
    /// Records a finding.
    pub(crate) fn add(
        &mut self,
        operation: &str,
        kind: Kind,
        at: impl Into<String>,
        page: Option<String>,
        spec: Option<String>,
    ) {
        self.add_unless_accepted(operation, kind, at, page, spec, None);
    }

    /// Records a finding; a gap is recorded as accepted when the spec object it concerns carries
    /// an `x-doc-deviation` reason.
    pub(crate) fn add_unless_accepted(
        &mut self,
        operation: &str,
        kind: Kind,
        at: impl Into<String>,
        page: Option<String>,
        spec: Option<String>,
        deviation: Option<&str>,
    ) {
        let mut finding = Finding {
            operation: operation.to_string(),
            kind,
            at: at.into(),
            page,
            spec,
            reason: None,
        };
        match deviation {
            _ if !kind.is_gap() => self.spec_only.push(finding),
            Some(reason) => {
                finding.reason = Some(reason.to_string());
                self.accepted.push(finding);
            }
            None => self.gaps.push(finding),
        }
    }
}
