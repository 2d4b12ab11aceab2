//! A CI step on Checkly: start one test session per tag, wait for each to finish, print every
//! result's name and status, and exit non-zero when a session did not pass. Compiled by
//! `cargo test` and `cargo clippy --all-targets`; running it needs `CHECKLY_API_KEY` and
//! `CHECKLY_ACCOUNT_ID`:
//!
//! ```sh
//! cargo run -p tests --example checkly_ci -- smoke checkout
//! ```

use std::process::ExitCode;

use testops_checkly::types::{
    CompletedTestSessionStatus, TestSessionTarget, TriggerTestSessionRequest,
};
use testops_checkly::Client;

/// The tags to run when none are given on the command line.
const DEFAULT_TAGS: &[&str] = &["smoke"];
/// Where the checks run: a public region or a private location's slug.
const RUN_LOCATION: &str = "eu-west-1";

#[tokio::main]
async fn main() -> Result<ExitCode, Box<dyn std::error::Error>> {
    let mut tags: Vec<String> = std::env::args().skip(1).collect();
    if tags.is_empty() {
        tags = DEFAULT_TAGS.iter().map(|tag| tag.to_string()).collect();
    }
    let client = Client::from_env()?;

    let mut all_passed = true;
    for tag in &tags {
        // One tag group holding one tag: every check carrying that tag.
        let target = TestSessionTarget::builder().match_tags(vec![vec![tag.parse()?]]);
        let request = TriggerTestSessionRequest::builder()
            .name(format!("CI: {tag}"))
            .run_location(RUN_LOCATION)
            .target(Some(target.try_into()?));
        let started = client.trigger_test_session().body(request).send().await?;
        println!("{tag}: started {}", started.test_session_link);

        // Returns once the session has finished: while it runs the server answers 408, and
        // `send()` asks again (for up to ten minutes; `send_within` sets another deadline).
        let session = client
            .await_test_session_completion()
            .test_session_id(started.test_session_id)
            .max_wait_seconds(30)
            .send()
            .await?;
        for result in &session.results {
            let name = result.name.as_deref().unwrap_or("(unnamed check)");
            println!("  {:<9} {name}", result.status.as_str());
        }
        println!("{tag}: {}", session.status);
        // A cancelled session proves nothing either: only PASSED lets the job pass.
        all_passed &= session.status == CompletedTestSessionStatus::Passed;
    }
    Ok(if all_passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
