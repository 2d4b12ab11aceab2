//! `cargo xtask release-check`: the semver class of each generated crate's change since its last
//! release, from its public-API snapshot (`xtask/tests/snapshots/public_api__public_api_<stem>.snap`)
//! against the released one (`release/<stem>/api.txt`), and whether `Cargo.toml`'s version says
//! at least as much.
//!
//! - an item removed or changed (a method, a field's type, a variant) is **major**;
//! - items only added is **minor** (the generated types are `#[non_exhaustive]`, so a new field
//!   or variant breaks nobody; on a type without it, a new field is major);
//! - the same API with other generated sources (documentation) is **patch**.
//!
//! Versions follow Cargo's reading of semver: below 1.0 a major change moves the minor number
//! (`0.3.0` -> `0.4.0`) and a minor or patch change the patch number. Build metadata (the vendor
//! document's version or date, `0.3.0+circleci-2025-10-17`) does not count.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// The semver class of a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// Nothing changed.
    None,
    /// Same API, other generated sources (documentation).
    Patch,
    /// Items added only.
    Minor,
    /// Items removed or changed.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "no change",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// A version: `major.minor.patch`, with optional build metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// `[major, minor, patch]`.
    pub numbers: [u64; 3],
    /// What follows `+`, if anything.
    pub build: Option<String>,
}

impl Version {
    /// Parses `1.2.3` or `1.2.3+meta` (pre-release tags are not used here and refused).
    pub fn parse(text: &str) -> Result<Self, String> {
        let (core, build) = match text.trim().split_once('+') {
            Some((core, build)) => (core, Some(build.to_string())),
            None => (text.trim(), None),
        };
        let numbers: Vec<u64> = core
            .split('.')
            .map(|n| n.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| format!("`{text}` is not a version like 0.3.0"))?;
        let [major, minor, patch] = numbers.as_slice() else {
            return Err(format!("`{text}` is not a version like 0.3.0"));
        };
        Ok(Version {
            numbers: [*major, *minor, *patch],
            build,
        })
    }

    /// The smallest version a change of class `bump` needs after this one.
    pub fn bumped(&self, bump: Bump) -> Version {
        let [major, minor, patch] = self.numbers;
        let numbers = match (bump, major) {
            (Bump::None, _) => [major, minor, patch],
            (Bump::Major, 0) => [0, minor + 1, 0],
            (Bump::Major, _) => [major + 1, 0, 0],
            (Bump::Minor, 0) | (Bump::Patch, _) => [major, minor, patch + 1],
            (Bump::Minor, _) => [major, minor + 1, 0],
        };
        Version {
            numbers,
            build: None,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c] = self.numbers;
        write!(f, "{a}.{b}.{c}")?;
        match &self.build {
            Some(build) => write!(f, "+{build}"),
            None => Ok(()),
        }
    }
}

/// A released crate, as kept in `release/<stem>/api.txt`: its version, a digest of its
/// generated sources, and its public-API lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    /// The released version.
    pub version: Version,
    /// Digest of the generated sources ([`source_digest`]).
    pub digest: String,
    /// The public-API lines.
    pub api: Vec<String>,
}

impl Released {
    /// Reads the file's text: `# version: V`, `# source-digest: D`, then the API lines
    /// (comment lines start with `# `; API lines may start with `#[`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut version = None;
        let mut digest = None;
        let mut api = Vec::new();
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("# version: ") {
                version = Some(Version::parse(v)?);
            } else if let Some(d) = line.strip_prefix("# source-digest: ") {
                digest = Some(d.trim().to_string());
            } else if !line.starts_with("# ") && !line.trim().is_empty() {
                api.push(line.to_string());
            }
        }
        Ok(Released {
            version: version.ok_or("no `# version:` line")?,
            digest: digest.ok_or("no `# source-digest:` line")?,
            api,
        })
    }

    /// The file's text.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "# The public API of the last release (from `cargo xtask release-check --write`).\n\
             # version: {}\n# source-digest: {}\n",
            self.version, self.digest
        );
        for line in &self.api {
            out.push_str(line);
            out.push('\n');
        }
        out
    }
}

/// What changed in a crate's public API, and the class it makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiDiff {
    /// The class.
    pub bump: Bump,
    /// Items only in the current API.
    pub added: Vec<String>,
    /// Items only in the released API.
    pub removed: Vec<String>,
    /// Items in both whose line changed (by item path).
    pub changed: Vec<String>,
    /// The lines that decide the class.
    pub deciding: Vec<String>,
}

/// Classifies the change from `released` to `current` API lines, with the source digests for a
/// change that does not show in the API.
pub fn classify(
    released: &[String],
    current: &[String],
    released_digest: &str,
    current_digest: &str,
) -> ApiDiff {
    let old: BTreeSet<&str> = released.iter().map(String::as_str).collect();
    let new: BTreeSet<&str> = current.iter().map(String::as_str).collect();
    let added_lines: Vec<&str> = current
        .iter()
        .map(String::as_str)
        .filter(|l| !old.contains(l))
        .collect();
    let removed_lines: Vec<&str> = released
        .iter()
        .map(String::as_str)
        .filter(|l| !new.contains(l))
        .collect();
    let added_keys: BTreeSet<String> = added_lines.iter().map(|l| item_key(l)).collect();
    let removed_keys: BTreeSet<String> = removed_lines.iter().map(|l| item_key(l)).collect();
    let changed: Vec<String> = added_keys.intersection(&removed_keys).cloned().collect();
    let added: Vec<String> = added_lines
        .iter()
        .filter(|l| !removed_keys.contains(&item_key(l)))
        .map(|l| l.to_string())
        .collect();
    let removed: Vec<String> = removed_lines
        .iter()
        .filter(|l| !added_keys.contains(&item_key(l)))
        .map(|l| l.to_string())
        .collect();
    let exhaustive_growth: Vec<String> = added
        .iter()
        .filter(|line| grows_exhaustive_type(line, current))
        .cloned()
        .collect();
    let (bump, deciding) = if !removed_lines.is_empty() {
        (
            Bump::Major,
            removed_lines.iter().map(|l| format!("- {l}")).collect(),
        )
    } else if !exhaustive_growth.is_empty() {
        (
            Bump::Major,
            exhaustive_growth
                .iter()
                .map(|l| format!("+ {l} (on a type without #[non_exhaustive])"))
                .collect(),
        )
    } else if !added.is_empty() {
        (
            Bump::Minor,
            added.iter().map(|l| format!("+ {l}")).collect(),
        )
    } else if released_digest != current_digest {
        (
            Bump::Patch,
            vec!["generated sources changed, public API unchanged".to_string()],
        )
    } else {
        (Bump::None, Vec::new())
    };
    ApiDiff {
        bump,
        added,
        removed,
        changed,
        deciding,
    }
}

/// The path of the item a snapshot line declares: `krate::types::Pipeline::id` for
/// `pub krate::types::Pipeline::id: uuid::Uuid`, `krate::Client::get` for
/// `pub fn krate::Client::get(&self) -> ..`.
pub fn item_key(line: &str) -> String {
    let Some(start) = line
        .split_whitespace()
        .find(|word| word.contains("::") && !word.starts_with('#') && !word.starts_with('<'))
    else {
        return line.to_string();
    };
    let end = start
        .find(['(', '<', ':'].as_slice())
        .map(|i| {
            // `::` is a path separator, not the end.
            let mut cut = i;
            let bytes = start.as_bytes();
            while cut < bytes.len() {
                let c = bytes[cut];
                if c == b':' && bytes.get(cut + 1) == Some(&b':') {
                    cut += 2;
                    continue;
                }
                if matches!(c, b'(' | b'<' | b':') {
                    break;
                }
                cut += 1;
            }
            cut
        })
        .unwrap_or(start.len());
    start[..end].to_string()
}

/// A new field or variant line on a struct or enum whose declaration lacks `#[non_exhaustive]`.
fn grows_exhaustive_type(line: &str, api: &[String]) -> bool {
    let key = item_key(line);
    let Some((owner, _)) = key.rsplit_once("::") else {
        return false;
    };
    api.iter().any(|declaration| {
        (declaration.contains(&format!("pub struct {owner}"))
            || declaration.contains(&format!("pub enum {owner}")))
            && declaration.ends_with(owner)
            && !declaration.contains("#[non_exhaustive]")
    })
}

/// The API lines of an insta snapshot (the text after its `---` header).
pub fn snapshot_lines(text: &str) -> Vec<String> {
    let body = text
        .strip_prefix("---")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body);
    body.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// A digest (FNV-1a, 64 bits) of a generated crate's sources and README, in path order.
pub fn source_digest(crate_dir: &Path) -> Result<String, String> {
    let mut files = Vec::new();
    collect(&crate_dir.join("src"), &mut files)?;
    files.push(crate_dir.join("README.md"));
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in files {
        let bytes =
            std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        for byte in bytes {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    Ok(format!("{hash:016x}"))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

/// The `version` of a `Cargo.toml`'s `[package]`.
pub fn manifest_version(manifest: &str) -> Result<Version, String> {
    let line = manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("version = "))
        .ok_or("no `version = ` line")?;
    Version::parse(line.trim().trim_matches('"'))
}

/// One crate's check.
#[derive(Debug, Clone)]
pub struct CrateCheck {
    /// The spec stem (`circleci`).
    pub stem: String,
    /// The last release.
    pub released: Version,
    /// `Cargo.toml`'s version.
    pub current: Version,
    /// What changed.
    pub diff: ApiDiff,
    /// The smallest version the change needs.
    pub required: Version,
}

impl CrateCheck {
    /// `Cargo.toml` says at least as much as the change needs.
    pub fn ok(&self) -> bool {
        self.current.numbers >= self.required.numbers
    }

    /// A few lines for a person.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}: {} since {} -> needs {} or later; Cargo.toml has {}: {}\n",
            self.stem,
            self.diff.bump,
            self.released,
            self.required,
            self.current,
            if self.ok() { "ok" } else { "UNDERSTATED" }
        );
        const SHOWN: usize = 12;
        for line in self.diff.deciding.iter().take(SHOWN) {
            out.push_str(&format!("    {line}\n"));
        }
        if self.diff.deciding.len() > SHOWN {
            out.push_str(&format!(
                "    ... and {} more\n",
                self.diff.deciding.len() - SHOWN
            ));
        }
        out
    }
}

/// The layout of a workspace, for the release check.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The workspace root.
    pub root: PathBuf,
}

impl Layout {
    /// Stems of the generated crates (folders of `generated/`).
    pub fn stems(&self) -> Result<Vec<String>, String> {
        let dir = self.root.join("generated");
        let mut stems: Vec<String> = std::fs::read_dir(&dir)
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .flatten()
            .filter(|e| e.path().join("Cargo.toml").is_file())
            .filter_map(|e| e.file_name().to_str().map(str::to_string))
            .collect();
        stems.sort();
        Ok(stems)
    }

    fn snapshot(&self, stem: &str) -> PathBuf {
        self.root
            .join("xtask/tests/snapshots")
            .join(format!("public_api__public_api_{stem}.snap"))
    }

    /// `release/<stem>/api.txt`.
    pub fn released(&self, stem: &str) -> PathBuf {
        self.root.join("release").join(stem).join("api.txt")
    }

    /// Checks one crate.
    pub fn check(&self, stem: &str) -> Result<CrateCheck, String> {
        let read = |path: &Path| {
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let released = Released::parse(&read(&self.released(stem))?)
            .map_err(|e| format!("{}: {e}", self.released(stem).display()))?;
        let current_api = snapshot_lines(&read(&self.snapshot(stem))?);
        let crate_dir = self.root.join("generated").join(stem);
        let digest = source_digest(&crate_dir)?;
        let current = manifest_version(&read(&crate_dir.join("Cargo.toml"))?)?;
        let diff = classify(&released.api, &current_api, &released.digest, &digest);
        let required = released.version.bumped(diff.bump);
        Ok(CrateCheck {
            stem: stem.to_string(),
            released: released.version,
            current,
            diff,
            required,
        })
    }

    /// Records the current state of a crate as released (after publishing it).
    pub fn record(&self, stem: &str) -> Result<(), String> {
        let crate_dir = self.root.join("generated").join(stem);
        let read = |path: &Path| {
            std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        };
        let released = Released {
            version: manifest_version(&read(&crate_dir.join("Cargo.toml"))?)?,
            digest: source_digest(&crate_dir)?,
            api: snapshot_lines(&read(&self.snapshot(stem))?),
        };
        let path = self.released(stem);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, released.to_text())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// A changelog section for a release: Added / Changed / Removed, operations (client methods)
/// first, then types and fields.
pub fn changelog_section(version: &Version, diff: &ApiDiff) -> String {
    let mut out = format!("## {version}\n");
    for (heading, lines) in [
        ("Added", &diff.added),
        ("Changed", &diff.changed),
        ("Removed", &diff.removed),
    ] {
        let mut items: Vec<String> = lines.iter().map(|l| item_key(l)).collect();
        items.sort_by_key(|k| (!k.contains("::Client::"), k.clone()));
        items.dedup();
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {heading}\n\n"));
        for item in items {
            let shown = item
                .split_once("::")
                .map_or(item.as_str(), |(_, rest)| rest);
            let what = if shown.starts_with("Client::") {
                "operation"
            } else if shown.matches("::").count() >= 2 {
                "field or variant"
            } else {
                "item"
            };
            out.push_str(&format!("- {what} `{shown}`\n"));
        }
    }
    if diff.bump == Bump::Patch {
        out.push_str("\n### Changed\n\n- Documentation only; the public API is unchanged.\n");
    }
    out
}
