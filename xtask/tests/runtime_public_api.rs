//! The public API of the runtime (`testops-runtime`), one line per item, as a snapshot: every
//! type, field, variant, trait, function and method signature, trait impl, constant, exported
//! macro and re-export, at the path users and the generated crates name it by. A change to what
//! the generated crates (or users) can reach shows up as a snapshot diff to review.
//!
//! Listed by `xtask::public_api::crate_lines` from the runtime's source files: modules are
//! followed from `src/lib.rs` (file, folder and inline modules), re-exports of the runtime's own
//! items list the item at the re-exported path, and the impls of a type are those written in the
//! module that defines it. Hidden modules (`#[doc(hidden)]`) and feature-gated ones are listed
//! too, marked as such: the generated code depends on them.
//!
//! After an intended change, regenerate the snapshot with
//! `INSTA_UPDATE=always cargo test -p xtask --test runtime_public_api` (or `cargo insta test`
//! then `cargo insta review`) and commit it.

use std::path::PathBuf;

/// The name the runtime's items are listed under.
const CRATE: &str = "testops_runtime";

fn runtime_src() -> PathBuf {
    xtask::codegen::workspace_root().join("testops-runtime/src")
}

/// The runtime's public API, one line per item.
fn public_api() -> Vec<String> {
    xtask::public_api::crate_lines(CRATE, &runtime_src()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn runtime_public_api() {
    insta::assert_snapshot!(public_api().join("\n"));
}

#[test]
fn the_names_generated_crates_use_are_public() {
    let lines = public_api();
    for needed in [
        "pub struct testops_runtime::Error<E = serde_json::Value>",
        "pub enum testops_runtime::ErrorKind",
        "pub struct testops_runtime::ClientBuilder<A: Api>",
        "pub trait testops_runtime::Api: Sized",
        "pub struct testops_runtime::ApiInfo",
        "pub struct testops_runtime::Context",
        "pub mod testops_runtime::__generated",
        "macro testops_runtime::string_enum_impls!",
    ] {
        assert!(
            lines.iter().any(|l| l.ends_with(needed)),
            "no `{needed}` in {lines:#?}"
        );
    }
    for private in [
        "Refusal",
        "CallRecord",
        "BodyError",
        "Origin",
        "excerpt",
        "Gate",
    ] {
        let found: Vec<&String> = lines.iter().filter(|l| l.contains(private)).collect();
        assert!(found.is_empty(), "`{private}` is public: {found:#?}");
    }
}
