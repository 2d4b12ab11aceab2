//! Test results from Datadog, CircleCI, Checkly and Empirical in one shape.
//!
//! - [`TestResult`] and [`Run`]: one model of a test result and the run it belongs to, shaped
//!   after CTRF (the Common Test Report Format) so it exports to CTRF without loss.
//! - [`adapters`]: streaming readers over the generated clients, one per vendor; each holds a
//!   few pages in memory at a time, however long the window.
//! - [`flaky`]: flaky tests from vendor flags and from tests that both passed and failed on one
//!   commit, ranked by how often and how recently they flaked.
//! - [`export`]: a terminal table, JSON, NDJSON, CTRF and JUnit XML, each written as results
//!   arrive.
//!
//! ```no_run
//! use futures::TryStreamExt;
//! use testops_results::adapters::circleci::CircleCi;
//! use testops_results::{Query, Scope, Status};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = testops_circleci::Client::from_env()?;
//! let circleci = CircleCi::new(client, "gh/acme/api").latest_pipelines(5);
//! let query = Query { branch: Some("main".into()), scope: Scope::Failures, ..Query::default() };
//! let mut results = circleci.results(&query);
//! while let Some(result) = results.try_next().await? {
//!     if result.status == Status::Failed {
//!         println!("{} {}", result.identity(), result.run.url.as_deref().unwrap_or("-"));
//!     }
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

pub mod adapters;
mod error;
pub mod export;
pub mod flaky;
mod model;
mod query;
pub mod runs;

pub use error::{Error, ErrorKind};
pub use model::{Counts, Run, RunSummary, Status, TestIdentity, TestResult, Vendor};
pub use query::{parse_instant, Query, Scope, Window};
