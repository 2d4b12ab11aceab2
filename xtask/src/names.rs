//! Names of a generated crate, formed in one place: its package and the crate path users write.

/// The package name of a spec's crate (`testops-circleci` for `specs/circleci.yaml`).
pub(crate) fn package_name(stem: &str) -> String {
    format!("testops-{stem}")
}

/// The crate's path in Rust code (`testops_circleci`).
pub(crate) fn crate_ident(stem: &str) -> String {
    package_name(stem).replace('-', "_")
}
