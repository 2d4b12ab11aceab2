//! `spec-diff` (also run as `cargo xtask spec-diff`, `cargo xtask spec-import` and
//! `cargo xtask release-check`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    spec_diff::cli::main(&args)
}
