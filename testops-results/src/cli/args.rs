//! The command line: commands and their options.

use clap::{Args, Parser, Subcommand};
use testops_results::export::Format;
use testops_results::Status;

/// Test results across CircleCI, Datadog, Checkly and Empirical, read where they already are.
///
/// Reads every vendor whose credentials are in the environment (CIRCLE_TOKEN, DD_API_KEY and
/// DD_APP_KEY, CHECKLY_API_KEY and CHECKLY_ACCOUNT_ID, EMPIRICAL_API_KEY), or only those named
/// with --circleci, --datadog-query, --checkly, --empirical-project.
///
/// Exit status: 0 done; 1 with --fail-on-failures when something was found; 2 usage or
/// credentials; 3 a vendor could not be read.
#[derive(Debug, Parser)]
#[command(name = "testops", version)]
pub(crate) struct Cli {
    /// What to list.
    #[command(subcommand)]
    pub command: Command,
}

/// What to list.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Failed tests, newest runs first, each with a link to its run.
    Failures(Options),
    /// Flaky tests (flagged by the vendor, or passed and failed on one commit), ranked by how
    /// often and how recently they flaked.
    Flaky(Options),
    /// Runs (jobs, sessions, test runs) with the counts of their tests.
    Runs(Options),
    /// Every test result; export them with --format ctrf or junit.
    Results(ResultsOptions),
}

/// Options of `results`.
#[derive(Debug, Args)]
pub(crate) struct ResultsOptions {
    /// Only results with these statuses (passed, failed, skipped, pending, other).
    #[arg(long, value_delimiter = ',', value_parser = parse_status)]
    pub status: Vec<Status>,
    /// Everything else.
    #[command(flatten)]
    pub options: Options,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub(crate) struct Options {
    /// Read this CircleCI project (a slug such as gh/acme/api); repeat for several.
    #[arg(long, value_name = "SLUG", help_heading = "Vendors")]
    pub circleci: Vec<String>,
    /// Read the Datadog test events matching this query (Datadog's search syntax; `*` for all).
    #[arg(long, value_name = "QUERY", help_heading = "Vendors")]
    pub datadog_query: Option<String>,
    /// Read Checkly test sessions.
    #[arg(long, help_heading = "Vendors")]
    pub checkly: bool,
    /// Read only the Checkly sessions matching this text (implies --checkly).
    #[arg(long, value_name = "TEXT", help_heading = "Vendors")]
    pub checkly_search: Option<String>,
    /// Read Empirical test runs, checking the API key belongs to this project.
    #[arg(long, value_name = "SLUG", help_heading = "Vendors")]
    pub empirical_project: Option<String>,
    /// Read Empirical test runs (of the API key's project).
    #[arg(long, help_heading = "Vendors")]
    pub empirical: bool,

    /// Only runs of this Git branch.
    #[arg(long, help_heading = "Filters")]
    pub branch: Option<String>,
    /// Start of the window: an age (90m, 12h, 7d, 2w), a date or an RFC 3339 instant.
    #[arg(long, default_value = "7d", help_heading = "Filters")]
    pub since: String,
    /// End of the window (same forms); now when absent.
    #[arg(long, help_heading = "Filters")]
    pub until: Option<String>,
    /// At most this many items (results, flaky tests, runs).
    #[arg(long, help_heading = "Filters")]
    pub limit: Option<usize>,
    /// CircleCI: only the latest N pipelines of the window.
    #[arg(long, value_name = "N", help_heading = "Filters")]
    pub pipelines: Option<usize>,

    /// Output format.
    #[arg(long, default_value = "table", value_parser = parse_format, help_heading = "Output")]
    pub format: Format,
    /// Exit with status 1 when anything is found (failures, flaky tests, failed runs).
    #[arg(long, help_heading = "Output")]
    pub fail_on_failures: bool,
    /// Table width in characters (default: the terminal's, else $COLUMNS, else 120).
    #[arg(long, help_heading = "Output")]
    pub width: Option<usize>,

    /// Requests (jobs, sessions) read at once per vendor.
    #[arg(long, default_value_t = 8, help_heading = "Connection")]
    pub concurrency: usize,
    /// CircleCI API base URL (a server install, a proxy).
    #[arg(long, value_name = "URL", help_heading = "Connection")]
    pub circleci_url: Option<String>,
    /// Datadog API base URL (default: from DD_SITE).
    #[arg(long, value_name = "URL", help_heading = "Connection")]
    pub datadog_url: Option<String>,
    /// Checkly API base URL.
    #[arg(long, value_name = "URL", help_heading = "Connection")]
    pub checkly_url: Option<String>,
    /// Empirical API base URL.
    #[arg(long, value_name = "URL", help_heading = "Connection")]
    pub empirical_url: Option<String>,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            format!("unknown status `{text}`: passed, failed, skipped, pending or other")
        })
}

impl Options {
    /// Whether any vendor is named on the command line.
    pub(crate) fn names_vendors(&self) -> bool {
        !self.circleci.is_empty()
            || self.datadog_query.is_some()
            || self.checkly
            || self.checkly_search.is_some()
            || self.empirical
            || self.empirical_project.is_some()
    }
}
