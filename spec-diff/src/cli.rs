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

/// Runs the binary: `[spec-diff] OLD NEW [--json]` (the first word is optional),
/// `spec-import DOC --spec FILE [--write]` or `release-check [--write]`.
pub fn main(args: &[String]) -> ExitCode {
    let args = match args.first().map(String::as_str) {
        Some("release-check") => return release_check(&args[1..]),
        Some("spec-import" | "import") => return spec_import(&args[1..]),
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

const IMPORT_USAGE: &str = "\
usage: cargo xtask spec-import DOC --spec FILE [--write]

  DOC            a vendor's OpenAPI 3.0 or 3.1 document (JSON or YAML)
  --spec FILE    our hand-written spec (YAML), e.g. specs/circleci.yaml
  --write        insert the additions into FILE (without it, print them)

Adds to the spec what DOC has and the spec lacks: operations (with their parameters, bodies and
responses), parameters, request bodies, statuses, fields, enum values, oneOf members and the
components they need. They are written in the spec's conventions (snake_case operation ids,
named components, short descriptions made from names, x-pagination and x-raw-slashes where the
spec uses them, x-enum-varnames kept complete) and inserted as text: existing lines and comments
stay as they are. Where the two disagree (a type, a required or nullable flag, a limit), the
difference is listed for a person and nothing is changed.

exit status: 0 when the spec has everything DOC has (or, with --write, when everything was
written and nothing contradicts), 1 when something is left to add or to decide, 2 when the
import could not run";

/// Runs `spec-import DOC --spec FILE [--write]`.
pub fn spec_import(args: &[String]) -> ExitCode {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{IMPORT_USAGE}");
        return ExitCode::SUCCESS;
    }
    match run_import(args) {
        Ok((text, done)) => {
            print!("{text}");
            if done {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Imports (with `--write`) or shows what would be imported; the report and whether nothing
/// is left to add or decide.
pub fn run_import(args: &[String]) -> Result<(String, bool), String> {
    let mut write = false;
    let mut spec: Option<PathBuf> = None;
    let mut doc: Option<PathBuf> = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--write" => write = true,
            "--spec" => {
                let file = rest
                    .next()
                    .ok_or_else(|| format!("--spec needs a file\n{IMPORT_USAGE}"))?;
                spec = Some(PathBuf::from(file));
            }
            flag if flag.starts_with("--") => {
                return Err(format!("unknown argument `{flag}`\n{IMPORT_USAGE}"))
            }
            file if doc.is_none() => doc = Some(PathBuf::from(file)),
            file => return Err(format!("unexpected argument `{file}`\n{IMPORT_USAGE}")),
        }
    }
    let (Some(doc), Some(spec)) = (doc, spec) else {
        return Err(format!(
            "expected a document and --spec FILE\n{IMPORT_USAGE}"
        ));
    };
    let document = crate::load(&doc)?;
    let text = std::fs::read_to_string(&spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let doc_name = doc
        .file_name()
        .map_or_else(|| shown(&doc), |n| n.to_string_lossy().into_owned());
    let import = crate::import::plan(&text, &shown(&spec), &document, &doc_name)?;
    if write && !import.insertions.is_empty() {
        let updated = import.apply(&text);
        // Never leave a spec the generator cannot read.
        spec_model::parse(&spec, &updated).map_err(|e| {
            format!("the spec would not load after the import, nothing was written: {e}")
        })?;
        std::fs::write(&spec, updated)
            .map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
    }
    let report = import.to_text(&text, &shown(&spec), &doc_name, write);
    let done = if write {
        import.contradictions.is_empty() && import.manual.is_empty()
    } else {
        import.added.is_empty() && import.contradictions.is_empty() && import.manual.is_empty()
    };
    Ok((report, done))
}

const RELEASE_USAGE: &str = "\
usage: cargo xtask release-check [--write]

  Compares each generated crate's public-API snapshot with its last release (release/<stem>/api.txt)
  and says which semver change that is (major, minor, patch, no change), with the items that
  decide it. Fails when a crate's Cargo.toml version is below what the change needs.

  --write   after a release: prepend the changes to release/<stem>/CHANGELOG.md and record the
            current API, sources and version as released

exit status: 0 when every version says enough, 1 when one understates its change, 2 when the
check could not run";

/// Runs `release-check`.
pub fn release_check(args: &[String]) -> ExitCode {
    let mut write = false;
    for arg in args {
        match arg.as_str() {
            "--write" => write = true,
            "-h" | "--help" => {
                println!("{RELEASE_USAGE}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unknown argument `{other}`\n{RELEASE_USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let layout = crate::release::Layout {
        root: workspace_root(),
    };
    match run_release_check(&layout, write) {
        Ok((text, ok)) => {
            print!("{text}");
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Checks (and with `write`, records) every generated crate; the report and whether every
/// version says enough.
pub fn run_release_check(
    layout: &crate::release::Layout,
    write: bool,
) -> Result<(String, bool), String> {
    let mut text = String::new();
    let mut ok = true;
    for stem in layout.stems()? {
        if write && !layout.released(&stem).is_file() {
            layout.record(&stem)?;
            let path = layout.released(&stem).with_file_name("CHANGELOG.md");
            let version = layout.check(&stem)?.current;
            std::fs::write(
                &path,
                format!("# Changelog\n\n## {version}\n\nFirst release.\n"),
            )
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        let check = layout.check(&stem)?;
        text.push_str(&check.to_text());
        ok &= check.ok();
        if write && check.diff.bump != crate::release::Bump::None {
            let path = layout.released(&stem).with_file_name("CHANGELOG.md");
            let old =
                std::fs::read_to_string(&path).unwrap_or_else(|_| "# Changelog\n".to_string());
            let (title, rest) = old.split_once('\n').unwrap_or((old.as_str(), ""));
            let section = crate::release::changelog_section(&check.current, &check.diff);
            std::fs::write(&path, format!("{title}\n\n{section}{rest}"))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            layout.record(&stem)?;
        }
    }
    Ok((text, ok))
}

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
