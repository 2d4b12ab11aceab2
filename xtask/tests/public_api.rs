//! The public API of each generated crate, one line per item (types, fields with their types,
//! variants, signatures, impls, re-exports): a spec edit's effect on users is a snapshot diff.
//! Also what must never be part of it: the generator's plumbing.

use std::path::PathBuf;

use xtask::codegen;

/// Every spec with a committed crate: the vendors' and the fixture client's.
fn spec_paths() -> Vec<PathBuf> {
    let root = codegen::workspace_root();
    let mut paths = codegen::spec_paths(&root.join("specs")).unwrap();
    paths.extend(codegen::spec_paths(&root.join("tests/fixtures/specs")).unwrap());
    assert!(paths.len() >= 5, "{paths:?}");
    paths
}

/// `(crate name, public API lines)` of each generated crate.
fn public_apis() -> Vec<(String, Vec<String>)> {
    spec_paths()
        .iter()
        .map(|path| {
            let (spec, files) = codegen::generate_file(path).unwrap_or_else(|e| panic!("{e}"));
            let krate = format!("testops_{}", spec.stem);
            let lines = xtask::public_api::lines(&krate, &files).unwrap();
            (spec.stem, lines)
        })
        .collect()
}

#[test]
fn public_api_of_each_generated_crate() {
    for (stem, lines) in public_apis() {
        insta::assert_snapshot!(format!("public_api_{stem}"), lines.join("\n"));
    }
}

#[test]
fn the_crate_root_offers_what_users_need_and_nothing_of_the_generator() {
    for (stem, lines) in public_apis() {
        let root: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| !l.contains(&format!("testops_{stem}::types::")))
            .filter(|l| !l.contains(&format!("testops_{stem}::builder::")))
            .collect();
        for needed in [
            "pub struct {k}::Client",
            "pub struct {k}::Credentials",
            "pub use {k}::Error = runtime::Error",
            "pub use {k}::ErrorKind = runtime::ErrorKind",
            "pub use {k}::ClientBuilder = runtime::ClientBuilder",
            "pub use {k}::RetryPolicy = runtime::RetryPolicy",
            "pub use {k}::ConfigError = runtime::ConfigError",
            "pub use {k}::Secret = runtime::Secret",
            "pub use {k}::Response = runtime::Response",
            "pub mod {k}::types",
            "pub mod {k}::builder",
        ] {
            let needed = needed.replace("{k}", &format!("testops_{stem}"));
            assert!(
                root.iter().any(|l| l.ends_with(&needed)),
                "{stem}: no `{needed}`"
            );
        }
        for plumbing in [
            "ClientInfo",
            "ClientHooks",
            "runtime::Context",
            "prelude",
            "fn exec",
            "fn inner",
        ] {
            let found: Vec<&&str> = root.iter().filter(|l| l.contains(plumbing)).collect();
            assert!(found.is_empty(), "{stem}: `{plumbing}` in {found:#?}");
        }
    }
}

/// How many secrets each spec's client takes (its security schemes), by stem.
fn secrets() -> Vec<(String, usize)> {
    spec_paths()
        .iter()
        .map(|path| {
            let spec = spec_model::load(path).unwrap_or_else(|e| panic!("{e}"));
            let schemes = spec.openapi.components.map(|c| c.security_schemes.len());
            (spec.stem, schemes.unwrap_or_default())
        })
        .collect()
}

#[test]
fn two_secrets_are_named_fields_never_positional() {
    let secrets = secrets();
    assert!(
        secrets.iter().any(|(_, n)| *n == 2),
        "no spec with two secrets: {secrets:?}"
    );
    for (stem, lines) in public_apis() {
        let fields = lines
            .iter()
            .filter(|l| l.starts_with(&format!("pub testops_{stem}::Credentials::")))
            .count();
        let new = lines
            .iter()
            .find(|l| l.contains(&format!("fn testops_{stem}::Credentials::new(")));
        if secrets.contains(&(stem.clone(), 2)) {
            assert_eq!(
                fields, 2,
                "{stem}: the listing shows its two secrets as fields"
            );
        }
        assert!(
            fields < 2 || new.is_none(),
            "{stem}: positional constructor over {fields} secrets: {new:?}"
        );
    }
}

#[test]
fn no_public_signature_mentions_the_generator() {
    for (stem, lines) in public_apis() {
        let leaks: Vec<&String> = lines
            .iter()
            .filter(|l| l.contains("progenitor") || l.contains("ResponseValue"))
            .collect();
        assert!(leaks.is_empty(), "{stem}: {leaks:#?}");
    }
}
