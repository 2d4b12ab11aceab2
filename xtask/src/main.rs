//! `cargo xtask`: the project's developer commands (code generation, docs audit, spec diff,
//! spec import, release check).

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codegen [--check] [--diff] [--spec NAME]   generate generated/<spec>/ from specs/<spec>.yaml
  conformance [--no-build] PATH...            generate, build and smoke-test any OpenAPI documents
                                             (files or folders) in a scratch workspace
  audit --doc PAGE [--spec FILE] [--json]    compare vendor documentation with a spec
                                             (runs the docs-audit crate; see its --help)
  spec-diff OLD NEW [--json]                 what changed between two versions of a document,
                                             breaking / compatible / documentation (exit 1:
                                             something breaks)
  spec-import DOC --spec FILE [--write]      add what DOC has and the spec lacks to the spec, as
                                             inserted text (without --write: print it);
                                             contradictions are listed, never rewritten
  release-check [--write]                    semver class of each generated crate's public-API
                                             change against release/<stem>.api; CHANGELOG.md
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    match command.as_deref() {
        Some("codegen") => xtask::codegen_command(&rest),
        Some("audit") => xtask::audit(&rest),
        Some("conformance") => xtask::conformance_command(&rest),
        Some(command @ ("spec-diff" | "spec-import" | "release-check")) => {
            xtask::spec_diff(command, &rest)
        }
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
