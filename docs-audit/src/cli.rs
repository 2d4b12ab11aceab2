//! Command line of `cargo xtask audit`: reads the documents, the specs and the pairings file,
//! prints the reports, and turns the outcome into an exit status (0 clean, 1 gaps found, 2 could
//! not run).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::pairings::{Pairings, DEFAULT_FILE};
use crate::{audit_with, AuditError, AuditOptions, Report};

const USAGE: &str = "\
usage: cargo xtask audit --doc FILE [--doc FILE ...] [--spec FILE] [--partial] [--json]
       cargo xtask audit --docs DIR [--json]

  --doc FILE        a vendor document: a published OpenAPI 3.0 document (JSON or YAML), or a
                    captured reference page (Datadog, CircleCI, Checkly or Empirical format)
  --docs DIR        every document listed in the pairings file, found under DIR, against its spec
  --spec FILE       the spec to compare with (--doc); by default the document's spec in the
                    pairings file
  --partial         the spec may cover only some of the document's operations: the others are
                    listed as not covered, not as gaps (by default as the pairings file says)
  --pairings FILE   the pairings file (default: docs-audit/docs.yaml in the workspace)
  --json            print the findings as JSON (one object per document; an array for several)

exit status: 0 when every spec has everything its document describes, 1 when something
documented is missing or different (with --docs, only pairings the file enforces count), 2 when
the audit could not run";

/// Parsed command-line options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Documents given with `--doc`, in order.
    pub docs: Vec<PathBuf>,
    /// The directory given with `--docs`: audit every pairing, found under it.
    pub docs_dir: Option<PathBuf>,
    /// The spec to use for every `--doc`, instead of the paired one.
    pub spec: Option<PathBuf>,
    /// Allow partial coverage for every document.
    pub partial: bool,
    /// The pairings file, instead of the workspace's.
    pub pairings: Option<PathBuf>,
    /// Print JSON instead of text.
    pub json: bool,
}

/// Reads the arguments.
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
            "--docs" => options.docs_dir = Some(value("--docs")?),
            "--spec" => options.spec = Some(value("--spec")?),
            "--pairings" => options.pairings = Some(value("--pairings")?),
            "--partial" => options.partial = true,
            "--json" => options.json = true,
            other => {
                return Err(AuditError::Input(format!(
                    "unknown argument `{other}`\n{USAGE}"
                )))
            }
        }
    }
    if options.docs.is_empty() && options.docs_dir.is_none() {
        return Err(AuditError::Input(format!("no document given\n{USAGE}")));
    }
    if options.docs_dir.is_some() && options.spec.is_some() {
        return Err(AuditError::Input(format!(
            "--spec applies to --doc; with --docs each document's spec comes from the pairings \
             file\n{USAGE}"
        )));
    }
    Ok(options)
}

/// One document to audit, against one spec.
struct Job {
    doc: PathBuf,
    spec: PathBuf,
    partial: bool,
    not_enforced: Option<String>,
}

fn jobs(options: &Options, root: &Path) -> Result<Vec<Job>, AuditError> {
    let pairings_path = options
        .pairings
        .clone()
        .unwrap_or_else(|| root.join(DEFAULT_FILE));
    let needed = options.docs_dir.is_some() || options.spec.is_none();
    let pairings = if needed {
        Pairings::load(&pairings_path)?
    } else {
        Pairings::default()
    };
    let mut jobs = Vec::new();
    if let Some(dir) = &options.docs_dir {
        for entry in &pairings.entries {
            jobs.push(Job {
                doc: dir.join(&entry.doc),
                spec: root.join(&entry.spec),
                partial: options.partial || entry.partial.is_some(),
                not_enforced: entry.not_enforced.clone(),
            });
        }
        for unlisted in unlisted(dir, &pairings) {
            eprintln!(
                "note: {} is not audited: no pairing in {}",
                unlisted.display(),
                pairings_path.display()
            );
        }
    }
    for doc in &options.docs {
        let paired = pairings.find(doc);
        let spec = match (&options.spec, paired) {
            (Some(spec), _) => spec.clone(),
            (None, Some(pairing)) => root.join(&pairing.spec),
            (None, None) => {
                return Err(AuditError::Input(format!(
                    "{}: no pairing in {} says which spec documents it; use --spec",
                    doc.display(),
                    pairings_path.display()
                )))
            }
        };
        let paired_partial = options.spec.is_none() && paired.is_some_and(|p| p.partial.is_some());
        jobs.push(Job {
            doc: doc.clone(),
            spec,
            partial: options.partial || paired_partial,
            not_enforced: None,
        });
    }
    Ok(jobs)
}

/// Files under `dir` (and its subdirectories, one level down) that no pairing lists, other than
/// the directory's README.
fn unlisted(dir: &Path, pairings: &Pairings) -> Vec<PathBuf> {
    let files_in = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let mut out: Vec<PathBuf> = files_in(dir)
        .into_iter()
        .flat_map(|path| {
            if path.is_dir() {
                files_in(&path)
            } else {
                vec![path]
            }
        })
        .filter(|path| path.is_file())
        .filter(|path| path.file_name().is_some_and(|n| n != "README.md"))
        .filter(|path| pairings.find(path).is_none())
        .collect();
    out.sort();
    out
}

fn read(path: &Path) -> Result<String, AuditError> {
    std::fs::read_to_string(path)
        .map_err(|e| AuditError::Input(format!("cannot read {}: {e}", path.display())))
}

/// Audits every document of `options`, resolving specs and the pairings file under `root`, and
/// writes the reports to `out`. Returns whether the audit fails: gaps in an enforced pairing.
pub fn run(options: &Options, root: &Path, out: &mut dyn Write) -> Result<bool, AuditError> {
    let mut reports: Vec<Report> = Vec::new();
    for job in jobs(options, root)? {
        let page_text = read(&job.doc)?;
        let spec_text = read(&job.spec)?;
        let spec_name = job
            .spec
            .strip_prefix(root)
            .unwrap_or(&job.spec)
            .display()
            .to_string();
        let audit_options = AuditOptions {
            partial: job.partial,
        };
        let mut report = audit_with(
            &page_text,
            &job.doc.display().to_string(),
            &spec_text,
            &spec_name,
            audit_options,
        )?;
        report.not_enforced = job.not_enforced;
        reports.push(report);
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
    Ok(reports.iter().any(Report::fails))
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
