//! Keeps generated files in step with the tree, in one place: compare the files rendered in
//! memory with what is on disk, write only what changed, remove orphans, and print diffs.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a run wants on disk: files by path relative to the root, and the folders it owns.
pub(crate) struct Plan {
    /// Every generated file.
    pub files: BTreeMap<PathBuf, String>,
    /// Crate folders whose other files are orphans.
    pub owned_dirs: Vec<PathBuf>,
}

/// The state of one file against the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FileState {
    /// Same bytes.
    Unchanged,
    /// Different bytes.
    Stale,
    /// Not in the tree yet.
    Missing,
    /// In the tree, no longer generated.
    Orphaned,
}

/// Compares wanted files under `root` with what is there; also lists orphans in `crate_dirs`.
fn compare(root: &Path, plan: &Plan) -> Vec<(PathBuf, FileState)> {
    let (wanted, owned_dirs) = (&plan.files, &plan.owned_dirs);
    let mut out = Vec::new();
    for (path, content) in wanted {
        let state = match std::fs::read(root.join(path)) {
            Ok(bytes) if bytes == content.as_bytes() => FileState::Unchanged,
            Ok(_) => FileState::Stale,
            Err(_) => FileState::Missing,
        };
        out.push((path.clone(), state));
    }
    for dir in owned_dirs {
        for file in list_files(&root.join(dir)) {
            let relative = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
            if !wanted.contains_key(&relative) {
                out.push((relative, FileState::Orphaned));
            }
        }
    }
    out
}

/// Files below `dir`, recursively, sorted; `target/` folders are skipped.
fn list_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            out.extend(list_files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A unified diff between the tree's file and the wanted content.
fn diff(root: &Path, path: &Path, wanted: Option<&str>) -> String {
    let current = std::fs::read_to_string(root.join(path)).unwrap_or_default();
    let wanted = wanted.unwrap_or("");
    similar::TextDiff::from_lines(current.as_str(), wanted)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", path.display()),
            &format!("b/{}", path.display()),
        )
        .to_string()
}

/// Compares the plan with the tree without writing; returns the report lines and whether
/// everything is up to date. With `diff`, each difference is followed by a unified diff.
pub(crate) fn check(root: &Path, plan: &Plan, diff: bool) -> (Vec<String>, bool) {
    let states = compare(root, plan);
    let mut lines = Vec::new();
    let mut clean = true;
    for (path, state) in &states {
        let label = match state {
            FileState::Unchanged => continue,
            FileState::Stale => "stale",
            FileState::Missing => "missing",
            FileState::Orphaned => "orphaned",
        };
        clean = false;
        lines.push(format!("{label:<9} {}", path.display()));
        if diff {
            lines.push(self::diff(
                root,
                path,
                plan.files.get(path).map(String::as_str),
            ));
        }
    }
    if clean {
        lines.push(format!(
            "{} generated files are up to date",
            plan.files.len()
        ));
    } else {
        lines.push("generated/ is out of date with specs/: run `cargo xtask codegen`".to_string());
    }
    (lines, clean)
}

/// Writes the files that changed and removes orphans (and folders they leave empty, up to one
/// of `stops`); returns one report line per file.
pub(crate) fn write(root: &Path, plan: &Plan, stops: &[PathBuf]) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for (path, state) in &compare(root, plan) {
        let full = root.join(path);
        let label = match state {
            FileState::Unchanged => "unchanged",
            FileState::Stale | FileState::Missing => {
                if let Some(parent) = full.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                }
                std::fs::write(&full, &plan.files[path])
                    .map_err(|e| format!("cannot write {}: {e}", full.display()))?;
                if *state == FileState::Stale {
                    "updated"
                } else {
                    "created"
                }
            }
            FileState::Orphaned => {
                std::fs::remove_file(&full)
                    .map_err(|e| format!("cannot remove {}: {e}", full.display()))?;
                remove_empty_parents(stops, &full);
                "removed"
            }
        };
        lines.push(format!("{label:<9} {}", path.display()));
    }
    Ok(lines)
}

fn remove_empty_parents(stops: &[PathBuf], file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if stops.iter().any(|s| s == d) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
