//! The release check: semver classes from public-API snapshots, versions, changelogs, and the
//! check of a whole (temporary) workspace.

use spec_diff::release::{classify, item_key, Bump, Layout, Released, Version};

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_string).collect()
}

const API: &str = "\
#[derive(Clone, Debug)] #[non_exhaustive] pub struct k::types::Pipeline
pub k::types::Pipeline::id: uuid::Uuid
pub fn k::Client::get_pipeline(&self) -> builder::GetPipeline<'_>
pub fn k::Client::list_pipelines(&self) -> builder::ListPipelines<'_>
#[derive(Clone, Debug)] pub struct k::types::Closed
pub k::types::Closed::a: i64";

#[test]
fn an_added_optional_field_is_minor() {
    let new = API.replace(
        "pub k::types::Pipeline::id: uuid::Uuid",
        "pub k::types::Pipeline::id: uuid::Uuid\npub k::types::Pipeline::name: Option<String>",
    );
    let diff = classify(&lines(API), &lines(&new), "d", "e");
    assert_eq!(diff.bump, Bump::Minor);
    assert_eq!(diff.added, ["pub k::types::Pipeline::name: Option<String>"]);
    assert_eq!(
        diff.deciding,
        ["+ pub k::types::Pipeline::name: Option<String>"]
    );
}

#[test]
fn a_field_on_a_type_without_non_exhaustive_is_major() {
    let new = format!("{API}\npub k::types::Closed::b: Option<i64>");
    assert_eq!(
        classify(&lines(API), &lines(&new), "d", "d").bump,
        Bump::Major
    );
}

#[test]
fn a_removed_method_is_major() {
    let new = API.replace(
        "pub fn k::Client::list_pipelines(&self) -> builder::ListPipelines<'_>\n",
        "",
    );
    let diff = classify(&lines(API), &lines(&new), "d", "d");
    assert_eq!(diff.bump, Bump::Major);
    assert_eq!(
        diff.removed,
        ["pub fn k::Client::list_pipelines(&self) -> builder::ListPipelines<'_>"]
    );
}

#[test]
fn a_changed_field_type_is_major_and_listed_as_changed() {
    let new = API.replace("id: uuid::Uuid", "id: String");
    let diff = classify(&lines(API), &lines(&new), "d", "d");
    assert_eq!(diff.bump, Bump::Major);
    assert_eq!(diff.changed, ["k::types::Pipeline::id"]);
    assert!(diff.added.is_empty() && diff.removed.is_empty());
}

#[test]
fn a_doc_change_is_patch_and_nothing_is_no_change() {
    assert_eq!(
        classify(&lines(API), &lines(API), "d", "e").bump,
        Bump::Patch
    );
    assert_eq!(
        classify(&lines(API), &lines(API), "d", "d").bump,
        Bump::None
    );
}

#[test]
fn versions_follow_cargo_semver_below_and_above_one() {
    let v = |s: &str| Version::parse(s).unwrap();
    assert_eq!(
        v("0.3.0+circleci-2025-10-17").bumped(Bump::Major),
        v("0.4.0")
    );
    assert_eq!(v("0.3.0").bumped(Bump::Minor), v("0.3.1"));
    assert_eq!(v("0.3.0").bumped(Bump::Patch), v("0.3.1"));
    assert_eq!(v("1.2.3").bumped(Bump::Major), v("2.0.0"));
    assert_eq!(v("1.2.3").bumped(Bump::Minor), v("1.3.0"));
    assert_eq!(v("1.2.3").bumped(Bump::None), v("1.2.3"));
    assert_eq!(
        v("0.3.0+circleci-2025-10-17").to_string(),
        "0.3.0+circleci-2025-10-17"
    );
    assert!(Version::parse("0.3").is_err());
}

#[test]
fn item_keys_are_item_paths() {
    assert_eq!(
        item_key("pub k::types::Pipeline::id: uuid::Uuid"),
        "k::types::Pipeline::id"
    );
    assert_eq!(
        item_key("pub fn k::Client::get(&self) -> builder::Get<'_>"),
        "k::Client::get"
    );
    assert_eq!(
        item_key("#[derive(Debug)] #[non_exhaustive] pub struct k::builder::Get<'a>"),
        "k::builder::Get"
    );
}

/// A workspace with one generated crate, its snapshot and its last release.
fn workspace(version: &str, api: &str) -> (tempfile::TempDir, Layout) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("generated/widgets/src")).unwrap();
    std::fs::create_dir_all(root.join("xtask/tests/snapshots")).unwrap();
    std::fs::write(
        root.join("generated/widgets/Cargo.toml"),
        format!("[package]\nname = \"k\"\nversion = \"{version}\"\n"),
    )
    .unwrap();
    std::fs::write(root.join("generated/widgets/src/lib.rs"), "//! Widgets.\n").unwrap();
    std::fs::write(root.join("generated/widgets/README.md"), "# k\n").unwrap();
    let snapshot = |api: &str| {
        std::fs::write(
            root.join("xtask/tests/snapshots/public_api__public_api_widgets.snap"),
            format!("---\nsource: xtask/tests/public_api.rs\n---\n{api}\n"),
        )
        .unwrap()
    };
    snapshot(API);
    let layout = Layout {
        root: root.to_path_buf(),
    };
    layout.record("widgets").unwrap();
    snapshot(api);
    (dir, layout)
}

#[test]
fn the_check_fails_when_cargo_toml_understates_the_change() {
    let removed = API.replace(
        "pub fn k::Client::get_pipeline(&self) -> builder::GetPipeline<'_>\n",
        "",
    );
    let (_dir, layout) = workspace("0.1.0", &removed);
    let check = layout.check("widgets").unwrap();
    assert_eq!(check.diff.bump, Bump::Major);
    assert_eq!(check.required.to_string(), "0.2.0");
    assert!(!check.ok(), "{}", check.to_text());
    assert!(
        check.to_text().contains("- pub fn k::Client::get_pipeline"),
        "{}",
        check.to_text()
    );
    let (text, ok) = spec_diff::cli::run_release_check(&layout, false).unwrap();
    assert!(!ok && text.contains("UNDERSTATED"), "{text}");
}

#[test]
fn a_version_that_says_enough_passes_and_write_records_the_release_and_changelog() {
    let added =
        format!("{API}\npub fn k::Client::cancel_pipeline(&self) -> builder::CancelPipeline<'_>");
    let (dir, layout) = workspace("0.1.0", &added);
    std::fs::write(
        dir.path().join("generated/widgets/Cargo.toml"),
        "[package]\nname = \"k\"\nversion = \"0.1.1+widgets-2025-10-17\"\n",
    )
    .unwrap();
    let (text, ok) = spec_diff::cli::run_release_check(&layout, true).unwrap();
    assert!(ok, "{text}");
    let changelog =
        std::fs::read_to_string(dir.path().join("release/widgets/CHANGELOG.md")).unwrap();
    assert!(
        changelog.starts_with("# Changelog\n\n## 0.1.1+widgets-2025-10-17\n"),
        "{changelog}"
    );
    assert!(
        changelog.contains("### Added\n\n- operation `Client::cancel_pipeline`\n"),
        "{changelog}"
    );
    let released =
        Released::parse(&std::fs::read_to_string(layout.released("widgets")).unwrap()).unwrap();
    assert_eq!(released.version.to_string(), "0.1.1+widgets-2025-10-17");
    assert_eq!(layout.check("widgets").unwrap().diff.bump, Bump::None);
}
