//! The README's quick starts, compiled (by `cargo test` and `cargo clippy --all-targets`) so they
//! stay true. Running it needs real credentials in the environment.

use futures::TryStreamExt;

/// Datadog: failed test events of the last page window, on the EU site.
async fn datadog() -> Result<(), Box<dyn std::error::Error>> {
    use datadog_client::{Client, Credentials, Site};
    let client = Client::builder(Credentials::new("api-key", "app-key"))
        .base_url(Site::DatadoghqEu.base_url())
        .build()?;
    let events: Vec<_> = client
        .list_ci_app_test_events()
        .filter_query("@test.status:fail")
        .stream()
        .try_collect()
        .await?;
    println!("{} failed test events", events.len());
    Ok(())
}

/// CircleCI: every pipeline of a project.
async fn circleci() -> Result<(), Box<dyn std::error::Error>> {
    let client = circleci_client::Client::from_env()?; // CIRCLE_TOKEN
    let pipelines: Vec<_> = client
        .list_pipelines_for_project()
        .project_slug("gh/acme/api")
        .stream()
        .try_collect()
        .await?;
    println!("{} pipelines", pipelines.len());
    Ok(())
}

/// Checkly: one page of test sessions.
async fn checkly() -> Result<(), Box<dyn std::error::Error>> {
    let client = checkly_client::Client::from_env()?; // CHECKLY_API_KEY, CHECKLY_ACCOUNT_ID
    let page = client.list_test_sessions().limit(50).send().await?;
    println!("{} test sessions", page.entries.len());
    Ok(())
}

/// Empirical: one page of test runs.
async fn empirical() -> Result<(), Box<dyn std::error::Error>> {
    let client = empirical_client::Client::from_env()?; // EMPIRICAL_API_KEY
    let runs = client.list_test_runs().per_page(100).send().await?;
    println!("{} test runs", runs.data.test_runs.items.len());
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match std::env::args().nth(1).as_deref() {
        Some("datadog") => datadog().await,
        Some("circleci") => circleci().await,
        Some("checkly") => checkly().await,
        Some("empirical") => empirical().await,
        _ => {
            eprintln!("usage: quickstart datadog|circleci|checkly|empirical");
            Ok(())
        }
    }
}
