//! The `testops` command: reads the selected vendors, prints what the command asks for, and
//! exits 0, 1 (`--fail-on-failures` found something), 2 (usage or credentials) or 3 (a vendor
//! could not be read).

pub(crate) mod args;
mod progress;
mod render;
mod sources;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use testops_results::adapters::ResultStream;
use testops_results::flaky::FlakyDetector;
use testops_results::runs::RunTally;
use testops_results::{
    parse_instant, Error, ErrorKind, Query, RunSummary, Scope, Status, TestResult, Vendor, Window,
};

use args::{Cli, Command, Options};
use progress::Progress;
use render::ResultSink;
use sources::Sources;

/// Why the command stopped.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Bad arguments.
    Usage(String),
    /// A vendor's credentials, request or service.
    Vendor(Error),
    /// Writing the output failed.
    Io(io::Error),
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Io(error)
    }
}

/// Exit statuses.
const FOUND: u8 = 1;
const USAGE: u8 = 2;
const UNAVAILABLE: u8 = 3;

fn exit_code(error: &Error) -> u8 {
    match error.kind() {
        ErrorKind::Credentials | ErrorKind::Request => USAGE,
        ErrorKind::Unavailable => UNAVAILABLE,
    }
}

/// Runs the command line in `cli`.
pub(crate) fn main(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("testops: cannot start: {error}");
            return ExitCode::from(UNAVAILABLE);
        }
    };
    ExitCode::from(runtime.block_on(run(cli)))
}

async fn run(cli: Cli) -> u8 {
    let (options, outcome) = match &cli.command {
        Command::Failures(options) => (options, failures(options, Some(&[Status::Failed])).await),
        Command::Results(results) => {
            let statuses = (!results.status.is_empty()).then_some(results.status.as_slice());
            (&results.options, failures(&results.options, statuses).await)
        }
        Command::Flaky(options) => (options, flaky(options).await),
        Command::Runs(options) => (options, runs(options).await),
    };
    match outcome {
        Ok(report) => {
            for error in &report.errors {
                eprintln!("testops: {error}");
            }
            if let Some(code) = report.errors.iter().map(exit_code).max() {
                code
            } else if report.found && options.fail_on_failures {
                FOUND
            } else {
                0
            }
        }
        Err(Failure::Usage(message)) => {
            eprintln!("testops: {message}");
            USAGE
        }
        Err(Failure::Vendor(error)) => {
            eprintln!("testops: {error}");
            exit_code(&error)
        }
        // A closed pipe (`testops failures | head`) is no error.
        Err(Failure::Io(error)) if error.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(Failure::Io(error)) => {
            eprintln!("testops: cannot write the output: {error}");
            UNAVAILABLE
        }
    }
}

/// What a command found, and the vendors that could not be read (the others still were).
struct Report {
    found: bool,
    errors: Vec<Error>,
}

/// The selected vendors with the query, reading them in turn.
struct Reader {
    sources: Sources,
    query: Query,
    now: DateTime<Utc>,
    progress: Progress,
    errors: Vec<Error>,
}

impl Reader {
    fn new(options: &Options, scope: Scope) -> Result<Self, Failure> {
        let now = Utc::now();
        let bound = |text: &str| parse_instant(text, now).map_err(Failure::Usage);
        let window = Window {
            since: Some(bound(&options.since)?),
            until: options.until.as_deref().map(bound).transpose()?,
        };
        if let (Some(since), Some(until)) = (window.since, window.until) {
            if since >= until {
                return Err(Failure::Usage(format!(
                    "--since ({since}) must come before --until ({until})"
                )));
            }
        }
        let (sources, notes) = Sources::select(options)?;
        for note in notes {
            eprintln!("testops: {note}");
        }
        Ok(Self {
            sources,
            query: Query {
                window,
                branch: options.branch.clone(),
                scope,
            },
            now: window.until.unwrap_or(now),
            progress: Progress::new(),
            errors: Vec::new(),
        })
    }

    /// Calls `each` with every result of every vendor, vendor after vendor, until it breaks. A
    /// vendor that fails is noted and the next one read.
    async fn results(
        &mut self,
        mut each: impl FnMut(TestResult) -> io::Result<ControlFlow<()>>,
    ) -> io::Result<()> {
        let sources = &self.sources;
        let query = &self.query;
        let streams: Vec<(Vendor, ResultStream<'_>)> = sources
            .circleci
            .iter()
            .map(|a| (Vendor::Circleci, a.results(query)))
            .chain(
                sources
                    .datadog
                    .iter()
                    .map(|a| (Vendor::Datadog, a.results(query))),
            )
            .chain(
                sources
                    .checkly
                    .iter()
                    .map(|a| (Vendor::Checkly, a.results(query))),
            )
            .collect();
        for (vendor, mut stream) in streams {
            while let Some(item) = stream.next().await {
                match item {
                    Ok(result) => {
                        self.progress.tick(vendor);
                        if each(result)?.is_break() {
                            self.progress.finish();
                            return Ok(());
                        }
                    }
                    Err(error) => {
                        self.errors.push(error);
                        break;
                    }
                }
            }
        }
        self.progress.finish();
        Ok(())
    }

    /// Empirical's runs of the window, when it is selected.
    async fn empirical_runs(&mut self) -> Vec<RunSummary> {
        let Some(empirical) = &self.sources.empirical else {
            return Vec::new();
        };
        let mut runs = Vec::new();
        let mut stream = empirical.runs(&self.query, Utc::now());
        while let Some(item) = stream.next().await {
            match item {
                Ok(summary) => {
                    self.progress.tick(Vendor::Empirical);
                    runs.push(summary);
                }
                Err(error) => {
                    self.errors.push(error);
                    break;
                }
            }
        }
        self.progress.finish();
        runs
    }
}

/// The table width: `--width`, the terminal's, `$COLUMNS`, or 120.
fn width(options: &Options) -> usize {
    let stdout = io::stdout();
    options
        .width
        .or_else(|| {
            stdout
                .is_terminal()
                .then(|| terminal_size::terminal_size_of(&stdout))
                .flatten()
                .map(|(w, _)| usize::from(w.0))
        })
        .or_else(|| std::env::var("COLUMNS").ok()?.parse().ok())
        .unwrap_or(120)
        .max(40)
}

fn stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// `failures` (statuses = failed) and `results` (statuses given, or all).
async fn failures(options: &Options, statuses: Option<&[Status]>) -> Result<Report, Failure> {
    let only_failures = statuses == Some(&[Status::Failed][..]);
    let scope = if only_failures {
        Scope::Failures
    } else {
        Scope::All
    };
    let mut reader = Reader::new(options, scope)?;
    let mut sink = ResultSink::new(options.format, stdout(), width(options), !only_failures)?;
    let limit = options.limit.unwrap_or(usize::MAX);
    let (mut written, mut failed) = (0usize, 0usize);
    if limit > 0 {
        reader
            .results(|result| {
                if statuses.is_some_and(|s| !s.contains(&result.status)) {
                    return Ok(ControlFlow::Continue(()));
                }
                failed += usize::from(result.status == Status::Failed);
                sink.write(&result)?;
                written += 1;
                Ok(if written >= limit {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                })
            })
            .await?;
    }
    let empirical = reader.empirical_runs().await;
    let mut notes = render::counts_only(&empirical, "failed tests", |r| r.counts.failed);
    if statuses.is_some_and(|s| !s.contains(&Status::Failed)) {
        notes.clear();
    }
    let mut footer = Vec::new();
    if written > 0 {
        let what = if only_failures {
            "failed test"
        } else {
            "result"
        };
        let plural = if written == 1 { "" } else { "s" };
        let mut line = format!("{written} {what}{plural}");
        if written == limit {
            line.push_str(" (--limit reached)");
        }
        footer.push(line);
    }
    if options.format == testops_results::export::Format::Table {
        footer.extend(notes);
    } else {
        for note in notes {
            eprintln!("testops: {note}");
        }
    }
    let empty = if only_failures {
        "No failed tests found."
    } else {
        "No results found."
    };
    sink.finish(empty, &footer)?;
    let empirical_failed = empirical.iter().any(|r| r.counts.failed > 0);
    Ok(Report {
        found: failed > 0 || empirical_failed,
        errors: reader.errors,
    })
}

fn tests_only(options: &Options, command: &str) -> Result<(), Failure> {
    if options.format.tests_only() {
        return Err(Failure::Usage(format!(
            "--format {} holds test results: use it with `failures` or `results`, not `{command}`",
            options.format
        )));
    }
    Ok(())
}

/// `flaky`.
async fn flaky(options: &Options) -> Result<Report, Failure> {
    tests_only(options, "flaky")?;
    let mut reader = Reader::new(options, Scope::All)?;
    let mut detector = FlakyDetector::new(reader.now);
    reader
        .results(|result| {
            detector.observe(&result);
            Ok(ControlFlow::Continue(()))
        })
        .await?;
    let window = reader.query.window;
    for adapter in &reader.sources.circleci {
        match adapter.flaky_tests().await {
            Ok(observations) => observations
                .into_iter()
                .filter(|o| window.contains(o.seen))
                .for_each(|o| detector.record(o)),
            Err(error) => reader.errors.push(error),
        }
    }
    let empirical = reader.empirical_runs().await;
    let mut ranked = detector.ranked();
    ranked.truncate(options.limit.unwrap_or(usize::MAX));
    let notes = render::counts_only(&empirical, "flaky tests", |r| r.counts.flaky);
    let mut out = stdout();
    if options.format == testops_results::export::Format::Table {
        render::flaky(options.format, &mut out, width(options), &ranked, &notes)?;
    } else {
        render::flaky(options.format, &mut out, width(options), &ranked, &[])?;
        for note in notes {
            eprintln!("testops: {note}");
        }
    }
    out.flush()?;
    Ok(Report {
        found: !ranked.is_empty() || empirical.iter().any(|r| r.counts.flaky > 0),
        errors: reader.errors,
    })
}

/// `runs`.
async fn runs(options: &Options) -> Result<Report, Failure> {
    tests_only(options, "runs")?;
    let mut reader = Reader::new(options, Scope::All)?;
    let mut tally = RunTally::new();
    reader
        .results(|result| {
            tally.add(&result);
            Ok(ControlFlow::Continue(()))
        })
        .await?;
    let mut summaries = tally.finish();
    summaries.extend(reader.empirical_runs().await);
    summaries.truncate(options.limit.unwrap_or(usize::MAX));
    let mut out = stdout();
    render::runs(options.format, &mut out, width(options), &summaries)?;
    out.flush()?;
    Ok(Report {
        found: summaries.iter().any(|s| s.counts.failed > 0),
        errors: reader.errors,
    })
}
