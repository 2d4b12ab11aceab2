//! `cargo xtask codegen`: generates every spec's crate in memory first, then writes only the
//! files whose bytes changed (or, with `check`, writes nothing and reports what is stale).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use spec_model::{Spec, SpecError, SpecWarning};

use crate::render::{self, CrateFiles};
use crate::sync::{self, Plan};

/// Spec folders and the folder their crates go to, relative to the workspace root: the vendor
/// specs, and the small fixture specs whose crates the tests compile and run.
pub(crate) const TARGETS: [(&str, &str); 2] = [
    ("specs", "generated"),
    ("tests/fixtures/specs", "tests/generated"),
];

/// The workspace root (the parent of the xtask crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The spec files in `dir`, sorted.
pub fn spec_paths(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", dir.display())),
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| is_document(p))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Whether a file is an OpenAPI document by its extension (`.yaml`, `.yml`, `.json`).
pub(crate) fn is_document(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| matches!(x, "yaml" | "yml" | "json"))
}

/// Generates the crate of one loaded spec.
pub fn generate(spec: &Spec) -> Result<CrateFiles, SpecError> {
    let fail = |message: String| SpecError {
        file: spec.path.clone(),
        line: None,
        column: None,
        message,
    };
    let lowered = crate::lower::lower(&spec.openapi).map_err(fail)?;
    let warnings: Vec<&SpecWarning> = spec.warnings.iter().chain(&lowered.warnings).collect();
    for line in warning_summary(&spec.path, &warnings) {
        eprintln!("{line}");
    }
    let tokens = crate::progenitor_run::run(&lowered).map_err(fail)?;
    let modules = crate::augment::augment(spec, &lowered, tokens).map_err(fail)?;
    Ok(render::crate_files(spec, &modules))
}

/// One line per kind of warning: how many, and the first with its line.
pub(crate) fn warning_summary(path: &Path, warnings: &[&SpecWarning]) -> Vec<String> {
    let mut kinds: BTreeMap<&str, Vec<&SpecWarning>> = BTreeMap::new();
    for warning in warnings {
        kinds.entry(warning.kind).or_default().push(warning);
    }
    kinds
        .into_iter()
        .map(|(kind, all)| {
            let first = all[0];
            let at = first.line.map(|l| format!(":{l}")).unwrap_or_default();
            format!(
                "warning: {}{at}: {kind} ({} in all; first: {})",
                path.display(),
                all.len(),
                first.message
            )
        })
        .collect()
}

/// Loads and generates the spec at `path`.
pub fn generate_file(path: &Path) -> Result<(Spec, CrateFiles), SpecError> {
    let spec = spec_model::load(path)?;
    let files = generate(&spec)?;
    Ok((spec, files))
}

/// Generates every spec (or only `only`), stopping at the first bad spec.
pub(crate) fn plan(root: &Path, only: Option<&str>) -> Result<Plan, String> {
    let mut files = BTreeMap::new();
    let mut owned_dirs = Vec::new();
    let mut found = false;
    for (specs_dir, out_dir) in TARGETS {
        let paths = spec_paths(&root.join(specs_dir))?;
        for path in &paths {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            if only.is_some_and(|name| name != stem) {
                continue;
            }
            found = true;
            let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let (spec, crate_files) = generate_file(path).map_err(|mut e| {
                e.file = relative.clone();
                e.to_string()
            })?;
            let dir = Path::new(out_dir).join(&spec.stem);
            for (file, content) in crate_files {
                files.insert(dir.join(file), content);
            }
            owned_dirs.push(dir);
        }
        if only.is_none() {
            // Crates of specs that no longer exist are orphans too.
            if let Ok(entries) = std::fs::read_dir(root.join(out_dir)) {
                let mut extra: Vec<PathBuf> = entries
                    .flatten()
                    .filter(|e| e.path().is_dir())
                    .map(|e| Path::new(out_dir).join(e.file_name()))
                    .filter(|d| !owned_dirs.contains(d))
                    .collect();
                extra.sort();
                owned_dirs.extend(extra);
            }
        }
    }
    if let (Some(name), false) = (only, found) {
        return Err(format!(
            "no spec named `{name}` in {}",
            TARGETS.map(|t| t.0).join(" or ")
        ));
    }
    Ok(Plan { files, owned_dirs })
}

/// Options of `cargo xtask codegen`.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write nothing; fail when anything differs.
    pub check: bool,
    /// With `check`, print a unified diff of each difference.
    pub diff: bool,
    /// Only this spec (file stem).
    pub spec: Option<String>,
}

/// Runs codegen at `root`; returns the report lines and whether the tree is (now) up to date.
pub fn run(root: &Path, options: &Options) -> Result<(Vec<String>, bool), String> {
    let plan = plan(root, options.spec.as_deref())?;
    if options.check {
        return Ok(sync::check(root, &plan, options.diff));
    }
    let stops: Vec<PathBuf> = TARGETS.iter().map(|(_, out)| root.join(out)).collect();
    Ok((sync::write(root, &plan, &stops)?, true))
}
