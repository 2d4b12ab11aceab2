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
    match codegen::run(&codegen::workspace_root(), &options) {
        Ok((lines, clean)) => {
            for line in lines {
                println!("{line}");
            }
            if clean {
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
