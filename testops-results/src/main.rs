//! `testops`: failed and flaky tests and runs across CircleCI, Datadog, Checkly and Empirical.

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    cli::main(cli::args::Cli::parse())
}
