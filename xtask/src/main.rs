//! `cargo xtask`: the project's developer commands (code generation, spec audit).

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  codegen [--check] [--diff] [--spec NAME]   generate generated/<spec>/ from specs/<spec>.yaml
  audit --doc PAGE [--spec FILE] [--json]    compare a captured vendor docs page with a spec
";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    match command.as_deref() {
        Some("codegen") => xtask::cli::codegen(&rest),
        Some("audit") => xtask::audit::cli(&rest),
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
