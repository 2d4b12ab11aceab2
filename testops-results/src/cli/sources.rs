//! Which vendors to read, and their clients: from the credentials in the environment, or only the
//! vendors named on the command line.

use testops_results::adapters::checkly::Checkly;
use testops_results::adapters::circleci::CircleCi;
use testops_results::adapters::datadog::Datadog;
use testops_results::adapters::empirical::Empirical;
use testops_results::{Error, ErrorKind, Vendor};

use super::args::Options;
use super::Failure;

/// The vendors to read.
#[derive(Debug, Default)]
pub(super) struct Sources {
    /// One adapter per CircleCI project.
    pub circleci: Vec<CircleCi>,
    /// Datadog test events.
    pub datadog: Option<Datadog>,
    /// Checkly test sessions.
    pub checkly: Option<Checkly>,
    /// Empirical test runs.
    pub empirical: Option<Empirical>,
}

/// Whether every variable a vendor's `from_env` needs is set and not empty.
fn has_credentials(vendor: Vendor) -> bool {
    vendor
        .env_vars()
        .iter()
        .all(|name| std::env::var(name).is_ok_and(|v| !v.trim().is_empty()))
}

/// What to set to read `vendor`.
fn what_to_set(vendor: Vendor) -> &'static str {
    match vendor {
        Vendor::Circleci => "CIRCLE_TOKEN (a personal API token) and --circleci gh/ORG/REPO",
        Vendor::Datadog => "DD_API_KEY and DD_APP_KEY (and DD_SITE outside datadoghq.com)",
        Vendor::Checkly => "CHECKLY_API_KEY and CHECKLY_ACCOUNT_ID",
        Vendor::Empirical => "EMPIRICAL_API_KEY",
    }
}

fn config(vendor: Vendor, error: testops_circleci::ConfigError) -> Failure {
    let base = Error::from_config(vendor, &error);
    Failure::Vendor(match base.kind() {
        ErrorKind::Credentials => Error::new(
            vendor,
            ErrorKind::Credentials,
            format!("{error}; set {}", what_to_set(vendor)),
        ),
        _ => base,
    })
}

impl Sources {
    /// The vendors `options` select, with notes (to stderr) about vendors skipped.
    pub(super) fn select(options: &Options) -> Result<(Self, Vec<String>), Failure> {
        let named = options.names_vendors();
        let wants = |vendor: Vendor, flag: bool| if named { flag } else { has_credentials(vendor) };
        let mut notes = Vec::new();
        let mut sources = Sources::default();
        let concurrency = options.concurrency.max(1);

        if wants(Vendor::Circleci, !options.circleci.is_empty()) {
            if options.circleci.is_empty() {
                notes.push(
                    "circleci: CIRCLE_TOKEN is set but no project is named; pass --circleci \
                     gh/ORG/REPO to read one"
                        .to_string(),
                );
            } else {
                let credentials = testops_circleci::Credentials::from_env()
                    .map_err(|e| config(Vendor::Circleci, e))?;
                let mut builder = testops_circleci::Client::builder(credentials);
                if let Some(url) = &options.circleci_url {
                    builder = builder.base_url(url.clone());
                }
                let client = builder.build().map_err(|e| config(Vendor::Circleci, e))?;
                for project in &options.circleci {
                    let mut adapter =
                        CircleCi::new(client.clone(), project.clone()).concurrency(concurrency);
                    if let Some(count) = options.pipelines {
                        adapter = adapter.latest_pipelines(count);
                    }
                    sources.circleci.push(adapter);
                }
            }
        }
        if wants(Vendor::Datadog, options.datadog_query.is_some()) {
            let credentials =
                testops_datadog::Credentials::from_env().map_err(|e| config(Vendor::Datadog, e))?;
            let url = options
                .datadog_url
                .clone()
                .unwrap_or_else(|| testops_datadog::Site::from_env().base_url());
            let client = testops_datadog::Client::builder(credentials)
                .base_url(url)
                .build()
                .map_err(|e| config(Vendor::Datadog, e))?;
            let query = options.datadog_query.clone().unwrap_or_default();
            sources.datadog = Some(Datadog::new(client, query));
        }
        if wants(
            Vendor::Checkly,
            options.checkly || options.checkly_search.is_some(),
        ) {
            let credentials =
                testops_checkly::Credentials::from_env().map_err(|e| config(Vendor::Checkly, e))?;
            let mut builder = testops_checkly::Client::builder(credentials);
            if let Some(url) = &options.checkly_url {
                builder = builder.base_url(url.clone());
            }
            let client = builder.build().map_err(|e| config(Vendor::Checkly, e))?;
            let mut adapter = Checkly::new(client).concurrency(concurrency);
            if let Some(search) = &options.checkly_search {
                adapter = adapter.search(search.clone());
            }
            sources.checkly = Some(adapter);
        }
        if wants(
            Vendor::Empirical,
            options.empirical || options.empirical_project.is_some(),
        ) {
            let credentials = testops_empirical::Credentials::from_env()
                .map_err(|e| config(Vendor::Empirical, e))?;
            let mut builder = testops_empirical::Client::builder(credentials);
            if let Some(url) = &options.empirical_url {
                builder = builder.base_url(url.clone());
            }
            let client = builder.build().map_err(|e| config(Vendor::Empirical, e))?;
            let mut adapter = Empirical::new(client);
            if let Some(project) = &options.empirical_project {
                adapter = adapter.expect_project(project.clone());
            }
            sources.empirical = Some(adapter);
        }
        if sources.is_empty() {
            let mut message = String::from(
                "no vendor to read: set the credentials of at least one in the environment (",
            );
            let all: Vec<&str> = Vendor::ALL.iter().map(|v| what_to_set(*v)).collect();
            message.push_str(&all.join("; "));
            message.push_str(
                "), or name one with --circleci, --datadog-query, --checkly or --empirical-project",
            );
            return Err(Failure::Usage(message));
        }
        Ok((sources, notes))
    }

    /// Whether no vendor is selected.
    pub(super) fn is_empty(&self) -> bool {
        self.circleci.is_empty()
            && self.datadog.is_none()
            && self.checkly.is_none()
            && self.empirical.is_none()
    }
}
