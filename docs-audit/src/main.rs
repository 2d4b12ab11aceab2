//! `docs-audit` (also run as `cargo xtask audit`): audits vendor documentation against specs.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    docs_audit::cli(&args)
}
