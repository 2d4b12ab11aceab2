//! Command line of `cargo xtask audit`: reads the pages and specs, prints the reports, and
//! turns the outcome into an exit status (0 clean, 1 gaps found, 2 could not run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::{audit, default_spec, AuditError, Report};

const USAGE: &str = "\
usage: cargo xtask audit --doc PAGE [--doc PAGE ...] [--spec FILE] [--json]
       cargo xtask audit --docs DIR [--json]

  --doc PAGE   a captured documentation page (Datadog, CircleCI, Checkly or Empirical format)
  --docs DIR   every page in DIR whose name starts with datadog-, circleci-, checkly- or empirical-
  --spec FILE  the spec to compare with; by default chosen from the page's file name
               (datadog-* -> specs/datadog.yaml, circleci-*, checkly-*, empirical-* likewise)
  --json       print the findings as JSON (one object per page; an array for several pages)

exit status: 0 when every spec has everything its page documents, 1 when something documented is
missing or different, 2 when the audit could not run";

/// Parsed command-line options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Pages to audit, in order.
    pub docs: Vec<PathBuf>,
    /// The spec to use for every page, instead of the one named after the page.
    pub spec: Option<PathBuf>,
    /// Print JSON instead of text.
    pub json: bool,
}

/// Reads the arguments; `--docs DIR` is expanded to the vendor pages in `DIR`.
pub fn parse_args(args: &[String]) -> Result<Options, AuditError> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| AuditError::Input(format!("{flag} needs a value\n{USAGE}")))
        };
        match arg.as_str() {
            "--doc" => options.docs.push(value("--doc")?),
            "--docs" => options.docs.extend(pages_in(&value("--docs")?)?),
            "--spec" => options.spec = Some(value("--spec")?),
            "--json" => options.json = true,
            other => {
                return Err(AuditError::Input(format!(
                    "unknown argument `{other}`\n{USAGE}"
                )))
            }
        }
    }
    if options.docs.is_empty() {
        return Err(AuditError::Input(format!("no page given\n{USAGE}")));
    }
    Ok(options)
}

fn pages_in(dir: &Path) -> Result<Vec<PathBuf>, AuditError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| AuditError::Input(format!("cannot read {}: {e}", dir.display())))?;
    let mut pages: Vec<PathBuf> = entries
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| file_name(path).is_some_and(|name| default_spec(name).is_some()))
        .collect();
    pages.sort();
    if pages.is_empty() {
        return Err(AuditError::Input(format!(
            "no vendor pages in {}",
            dir.display()
        )));
    }
    Ok(pages)
}

fn file_name(path: &Path) -> Option<&str> {
    path.file_name().and_then(|n| n.to_str())
}

fn read(path: &Path) -> Result<String, AuditError> {
    std::fs::read_to_string(path)
        .map_err(|e| AuditError::Input(format!("cannot read {}: {e}", path.display())))
}

/// Audits every page of `options`, resolving default specs under `root`, and writes the
/// reports to `out`. Returns whether any spec lacks something its page documents.
pub fn run(options: &Options, root: &Path, out: &mut dyn Write) -> Result<bool, AuditError> {
    let mut reports: Vec<Report> = Vec::new();
    for doc in &options.docs {
        let spec_path = match &options.spec {
            Some(spec) => spec.clone(),
            None => {
                let name = file_name(doc).unwrap_or_default();
                let relative = default_spec(name).ok_or_else(|| {
                    AuditError::Input(format!(
                        "{}: cannot tell which spec this page belongs to from its name; use --spec",
                        doc.display()
                    ))
                })?;
                root.join(relative)
            }
        };
        let page_text = read(doc)?;
        let spec_text = read(&spec_path)?;
        let spec_name = spec_path
            .strip_prefix(root)
            .unwrap_or(&spec_path)
            .display()
            .to_string();
        reports.push(audit(
            &page_text,
            &doc.display().to_string(),
            &spec_text,
            &spec_name,
        )?);
    }
    let written = if options.json {
        let text = match reports.as_slice() {
            [one] => one.to_json(),
            many => serde_json::to_string_pretty(many)
                .map_err(|e| AuditError::Input(format!("cannot write JSON: {e}")))?,
        };
        writeln!(out, "{text}")
    } else {
        reports.iter().enumerate().try_for_each(|(i, report)| {
            if i > 0 {
                writeln!(out)?;
            }
            write!(out, "{}", report.to_text())
        })
    };
    written.map_err(|e| AuditError::Input(format!("cannot write the report: {e}")))?;
    Ok(reports.iter().any(Report::has_gaps))
}

/// The workspace root (the parent of the xtask crate), where `specs/` lives.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs the command: parses `args`, audits, prints, and maps the outcome to an exit status.
pub fn main(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let outcome = parse_args(args)
        .and_then(|options| run(&options, &workspace_root(), &mut std::io::stdout().lock()));
    match outcome {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
