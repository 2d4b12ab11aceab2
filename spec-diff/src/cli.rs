//! Command line: `spec-diff OLD NEW [--json]` (exit 1 when something breaks, 2 when it cannot
//! run).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask spec-diff OLD NEW [--json]

  OLD, NEW   two versions of an OpenAPI 3.0 or 3.1 document (JSON or YAML): a vendor's published
             document, or one of our specs
  --json     print the changes as JSON

Every change per operation and per schema, classified: breaking (code using a client of OLD may
stop compiling or working), compatible (new things the generated types absorb), documentation.
Renamed path parameters, reordered keys and schemas moved into or out of components are not
changes.

exit status: 0 when nothing breaks, 1 when something breaks, 2 when the diff could not run";

/// Runs the binary: `[spec-diff|diff] OLD NEW [--json]` (the first word is optional).
pub fn main(args: &[String]) -> ExitCode {
    let args = match args.first().map(String::as_str) {
        Some("spec-diff" | "diff") => &args[1..],
        _ => args,
    };
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run_diff(args) {
        Ok((text, breaks)) => {
            print!("{text}");
            if breaks {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Diffs the two documents named in `args`; the report and whether something breaks.
pub fn run_diff(args: &[String]) -> Result<(String, bool), String> {
    let mut json = false;
    let mut files: Vec<PathBuf> = Vec::new();
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            flag if flag.starts_with("--") => {
                return Err(format!("unknown argument `{flag}`\n{USAGE}"))
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new] = files.as_slice() else {
        return Err(format!("expected two documents, OLD and NEW\n{USAGE}"));
    };
    let diff = crate::diff(&crate::load(old)?, &crate::load(new)?);
    let (old_name, new_name) = (shown(old), shown(new));
    let text = if json {
        format!("{}\n", diff.to_json(&old_name, &new_name))
    } else {
        diff.to_text(&old_name, &new_name)
    };
    Ok((text, diff.breaks()))
}

fn shown(path: &Path) -> String {
    path.display().to_string()
}
