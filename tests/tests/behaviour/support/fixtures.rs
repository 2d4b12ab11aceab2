//! Fixtures by vendor and name (`tests/fixtures/<vendor>/<name>.json`), and the specs.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::Value;

/// `tests/fixtures/<vendor>/`.
pub fn fixture_dir(vendor: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(vendor)
}

/// `tests/fixtures/<vendor>/<name>.json`, e.g. `fixture_path("circleci", "get_context.response")`.
pub fn fixture_path(vendor: &str, name: &str) -> PathBuf {
    fixture_dir(vendor).join(format!("{name}.json"))
}

/// A fixture's text.
pub fn fixture_text(vendor: &str, name: &str) -> String {
    let path = fixture_path(vendor, name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A fixture as JSON.
pub fn fixture(vendor: &str, name: &str) -> Value {
    serde_json::from_str(&fixture_text(vendor, name))
        .unwrap_or_else(|e| panic!("{vendor}/{name}.json: {e}"))
}

/// A fixture decoded into a generated type.
pub fn typed_fixture<T: DeserializeOwned>(vendor: &str, name: &str) -> T {
    serde_json::from_value(fixture(vendor, name))
        .unwrap_or_else(|e| panic!("{vendor}/{name}.json does not fit the type: {e}"))
}

/// The stem of every spec in `specs/` (`circleci`, ...), sorted: each names a generated crate
/// under `generated/<stem>/` and a fixture folder.
pub fn spec_stems() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut stems: Vec<String> = entries
        .map(|entry| entry.expect("a specs/ entry").path())
        .filter(|path| path.extension().is_some_and(|x| x == "yaml"))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_string()))
        .collect();
    stems.sort();
    assert!(!stems.is_empty(), "no spec in {}", dir.display());
    stems
}
