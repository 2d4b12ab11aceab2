//! `cargo xtask`: the project's developer commands (code generation, docs audit).

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codegen [--check] [--diff] [--spec NAME]   generate generated/<spec>/ from specs/<spec>.yaml
  audit --doc PAGE [--spec FILE] [--json]    compare vendor documentation with a spec
                                             (runs the docs-audit crate; see its --help)
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    match command.as_deref() {
        Some("codegen") => xtask::codegen_command(&rest),
        Some("audit") => xtask::audit(&rest),
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
