//! Command-line front end of `cargo xtask codegen`.

use std::process::ExitCode;

use crate::codegen::{self, Options};

/// Runs `cargo xtask codegen` with its arguments.
pub fn codegen(args: &[String]) -> ExitCode {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => options.check = true,
            "--diff" => options.diff = true,
            "--spec" => match args.next() {
                Some(name) => options.spec = Some(name.trim_end_matches(".yaml").to_string()),
                None => return usage("--spec needs a spec name, e.g. --spec datadog"),
            },
            other => return usage(&format!("unknown argument `{other}`")),
        }
    }
    report(
        codegen::run(&codegen::workspace_root(), &options)
            .map(|(lines, clean)| (lines.join("\n"), clean)),
    )
}

/// Prints a command's report; fails when it says so (`false`) or could not run.
fn report(result: Result<(String, bool), String>) -> ExitCode {
    match result {
        Ok((text, ok)) => {
            println!("{text}");
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: cargo xtask codegen [--check] [--diff] [--spec NAME]");
    ExitCode::from(2)
}

/// Runs `cargo xtask conformance [--no-build] [PATH...]`; fails when a document does not
/// generate, build or pass its smoke tests.
pub fn conformance(args: &[String]) -> ExitCode {
    let mut options = crate::conformance::Options::default();
    for arg in args {
        match arg.as_str() {
            "--no-build" => options.no_build = true,
            flag if flag.starts_with("--") => {
                eprintln!(
                    "error: unknown argument `{flag}`\nusage: cargo xtask conformance [--no-build] PATH..."
                );
                return ExitCode::from(2);
            }
            path => options.paths.push(path.into()),
        }
    }
    if options.paths.is_empty() {
        eprintln!(
            "error: name documents or folders\nusage: cargo xtask conformance [--no-build] PATH..."
        );
        return ExitCode::from(2);
    }
    report(
        crate::conformance::run(&codegen::workspace_root(), &options).map(|outcomes| {
            let ok = outcomes.iter().all(|o| o.failure.is_none());
            (format!("\n{}", crate::conformance::table(&outcomes)), ok)
        }),
    )
}

/// Runs `cargo xtask audit`: the docs audit is its own crate, so that building the generator
/// does not build it (and the other way round); this runs it through cargo with the same
/// arguments and exit status.
pub fn audit(args: &[String]) -> ExitCode {
    run_package("docs-audit", &[], args)
}

/// Runs `cargo xtask spec-diff`, `spec-import` or `release-check` (`command`): like the audit,
/// the `spec-diff` crate is run through cargo, so the generator stays out of its build.
pub fn spec_diff(command: &str, args: &[String]) -> ExitCode {
    run_package("spec-diff", &[command], args)
}

/// `cargo run` of a workspace package's binary with `leading` then `args`, passing its exit
/// status through.
fn run_package(package: &str, leading: &[&str], args: &[String]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = codegen::workspace_root().join("Cargo.toml");
    let status = std::process::Command::new(cargo)
        .args(["run", "--quiet", "--package", package, "--manifest-path"])
        .arg(manifest)
        .arg("--")
        .args(leading)
        .args(args)
        .status();
    match status {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(2)),
            None => ExitCode::from(2),
        },
        Err(e) => {
            eprintln!("error: cannot run {package} through cargo: {e}");
            ExitCode::from(2)
        }
    }
}
