//! How each command's items look in each format.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use testops_results::export::ctrf::CtrfWriter;
use testops_results::export::json::JsonWriter;
use testops_results::export::junit::JunitWriter;
use testops_results::export::table::{Column, Table};
use testops_results::export::Format;
use testops_results::flaky::{FlakyReason, FlakyTest};
use testops_results::{Run, RunSummary, TestResult};

/// `2024-05-01 10:00`, or `-`.
fn when(at: Option<DateTime<Utc>>) -> String {
    at.map_or_else(|| "-".into(), |at| at.format("%Y-%m-%d %H:%M").to_string())
}

/// A short name of a run: its job, else its id.
fn run_name(run: &Run) -> String {
    run.job.clone().unwrap_or_else(|| run.id.clone())
}

fn short_commit(run: &Run) -> String {
    run.commit
        .as_deref()
        .map_or_else(|| "-".into(), |c| c.chars().take(8).collect())
}

/// Writes test results as they come, in one format.
pub(super) enum ResultSink<W: Write> {
    /// A table, written at the end.
    Table {
        /// The rows so far.
        table: Table,
        /// Where it goes.
        out: W,
        /// Its width.
        width: usize,
        /// Whether rows show the status (all results, not only failures).
        with_status: bool,
    },
    /// JSON or NDJSON.
    Json(JsonWriter<W>),
    /// CTRF.
    Ctrf(CtrfWriter<W>),
    /// JUnit XML.
    Junit(JunitWriter<W>),
}

impl<W: Write> ResultSink<W> {
    /// A sink of `format` writing to `out`.
    pub(super) fn new(format: Format, out: W, width: usize, with_status: bool) -> io::Result<Self> {
        Ok(match format {
            Format::Table => {
                let mut columns = vec![Column::fixed("WHEN"), Column::fixed("VENDOR")];
                columns.push(Column::flexible("BRANCH"));
                if with_status {
                    columns.push(Column::fixed("STATUS"));
                }
                columns.extend([
                    Column::flexible("TEST"),
                    Column::flexible("MESSAGE"),
                    Column::flexible("RUN"),
                ]);
                Self::Table {
                    table: Table::new(columns),
                    out,
                    width,
                    with_status,
                }
            }
            Format::Json => Self::Json(JsonWriter::array(out)),
            Format::Ndjson => Self::Json(JsonWriter::lines(out)),
            Format::Ctrf => Self::Ctrf(CtrfWriter::new(
                out,
                Utc::now(),
                ("testops", env!("CARGO_PKG_VERSION")),
            )?),
            Format::Junit => Self::Junit(JunitWriter::new(out)?),
        })
    }

    /// Writes one result.
    pub(super) fn write(&mut self, result: &TestResult) -> io::Result<()> {
        match self {
            Self::Table {
                table, with_status, ..
            } => {
                let mut row = vec![
                    when(result.when()),
                    result.run.vendor.to_string(),
                    result.run.branch.clone().unwrap_or_else(|| "-".into()),
                ];
                if *with_status {
                    row.push(result.status.to_string());
                }
                row.extend([
                    result.identity().to_string(),
                    result.message.clone().unwrap_or_default(),
                    run_name(&result.run),
                ]);
                table.push_linked(row, result.run.url.clone());
                Ok(())
            }
            Self::Json(writer) => writer.write(result),
            Self::Ctrf(writer) => writer.write(result),
            Self::Junit(writer) => writer.write(result),
        }
    }

    /// Ends the output; a table gets `footer` lines under it (or `empty` alone when it has no
    /// rows).
    pub(super) fn finish(self, empty: &str, footer: &[String]) -> io::Result<()> {
        match self {
            Self::Table {
                table,
                mut out,
                width,
                ..
            } => {
                if table.is_empty() {
                    writeln!(out, "{empty}")?;
                } else {
                    table.write(&mut out, width)?;
                }
                if !footer.is_empty() {
                    writeln!(out)?;
                }
                for line in footer {
                    writeln!(out, "{line}")?;
                }
                out.flush()
            }
            Self::Json(writer) => writer.finish().map(drop),
            Self::Ctrf(writer) => writer.finish().map(drop),
            Self::Junit(writer) => writer.finish().map(drop),
        }
    }
}

fn reasons(test: &FlakyTest) -> String {
    test.reasons
        .iter()
        .map(|r| match r {
            FlakyReason::VendorFlag => "flagged",
            FlakyReason::PassedAndFailed => "pass+fail",
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes ranked flaky tests.
pub(super) fn flaky(
    format: Format,
    out: &mut impl Write,
    width: usize,
    tests: &[FlakyTest],
    footer: &[String],
) -> io::Result<()> {
    match format {
        Format::Table => {
            let mut table = Table::new(vec![
                Column::number("#"),
                Column::number("SCORE"),
                Column::number("FLAKES"),
                Column::fixed("LAST SEEN"),
                Column::fixed("VENDOR"),
                Column::flexible("TEST"),
                Column::fixed("WHY"),
                Column::flexible("LAST RUN"),
            ]);
            for (rank, test) in tests.iter().enumerate() {
                table.push_linked(
                    vec![
                        (rank + 1).to_string(),
                        format!("{:.2}", test.score),
                        test.flakes.to_string(),
                        when(test.last_seen),
                        test.identity.vendor.to_string(),
                        test.identity.to_string(),
                        reasons(test),
                        run_name(&test.last_run),
                    ],
                    test.last_run.url.clone(),
                );
            }
            if table.is_empty() {
                writeln!(out, "No flaky tests found.")?;
            } else {
                table.write(out, width)?;
            }
            if !footer.is_empty() {
                writeln!(out)?;
            }
            for line in footer {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        _ => json_all(format, out, tests),
    }
}

/// Writes run summaries.
pub(super) fn runs(
    format: Format,
    out: &mut impl Write,
    width: usize,
    runs: &[RunSummary],
) -> io::Result<()> {
    match format {
        Format::Table => {
            let mut table = Table::new(vec![
                Column::fixed("WHEN"),
                Column::fixed("VENDOR"),
                Column::flexible("BRANCH"),
                Column::fixed("COMMIT"),
                Column::flexible("RUN"),
                Column::number("TESTS"),
                Column::number("PASSED"),
                Column::number("FAILED"),
                Column::number("SKIPPED"),
                Column::number("FLAKY"),
            ]);
            for summary in runs {
                let run = &summary.run;
                let mut name = run.job.clone().unwrap_or_else(|| run.id.clone());
                if !summary.per_test {
                    name.push_str(" (counts only)");
                }
                let c = summary.counts;
                table.push_linked(
                    vec![
                        when(run.started),
                        run.vendor.to_string(),
                        run.branch.clone().unwrap_or_else(|| "-".into()),
                        short_commit(run),
                        name,
                        c.tests.to_string(),
                        c.passed.to_string(),
                        c.failed.to_string(),
                        (c.skipped + c.pending + c.other).to_string(),
                        c.flaky.to_string(),
                    ],
                    run.url.clone(),
                );
            }
            if table.is_empty() {
                writeln!(out, "No runs found.")
            } else {
                table.write(out, width)
            }
        }
        _ => json_all(format, out, runs),
    }
}

fn json_all<T: serde::Serialize>(
    format: Format,
    out: &mut impl Write,
    items: &[T],
) -> io::Result<()> {
    let mut writer = match format {
        Format::Ndjson => JsonWriter::lines(out),
        _ => JsonWriter::array(out),
    };
    for item in items {
        writer.write(item)?;
    }
    writer.finish().map(drop)
}

/// The plain statement about Empirical's runs a listing of tests cannot show.
pub(super) fn counts_only(
    runs: &[RunSummary],
    what: &str,
    count: impl Fn(&RunSummary) -> u64,
) -> Vec<String> {
    let with: Vec<&RunSummary> = runs.iter().filter(|r| count(r) > 0).collect();
    if with.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "empirical: per-run counts only (its API does not list the tests); {} run(s) with {what}:",
        with.len()
    )];
    for summary in with {
        let run = &summary.run;
        lines.push(format!(
            "  run {} {} {}: {} {what} of {} tests{}",
            run.id,
            run.branch.as_deref().unwrap_or("-"),
            short_commit(run),
            count(summary),
            summary.counts.tests,
            run.url
                .as_deref()
                .map(|u| format!(" (build {u})"))
                .unwrap_or_default()
        ));
    }
    lines
}
