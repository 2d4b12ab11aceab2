//! Behaviour of the generated Empirical (`list_test_runs`) client against a local mock server:
//! the exact requests it sends, the typed decoding of the fixture under
//! `tests/fixtures/empirical/`, page-number pagination, parameter limits, error responses and
//! `from_env()`.

use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use runtime::ClientBuilder;
use serde_json::{json, Value};
use testops_empirical::{Client, Credentials};

use crate::support::{
    assert_same_json, client, fixture, fixture_text, path_and_query, user_agent, EnvGuard,
};

const VENDOR: &str = "empirical";
const EMPIRICAL_TOKEN: &str = "emp_live_3a9c51e0f7b2";
const LIST_FIXTURE: &str = "list_test_runs.response";

/// A builder with this module's credentials.
fn builder() -> ClientBuilder<Client> {
    Client::builder(Credentials::new(EMPIRICAL_TOKEN))
}

use testops_empirical::mock::MockServer as TypedMock;
use testops_empirical::types::{ListTestRunsResult, TestRunList, TestRunState};
use testops_empirical::{ConfigError, ErrorKind};

/// The smallest run the spec accepts: only its required fields.
fn run(id: i64) -> Value {
    json!({"id": id, "created_at": "2025-03-14T10:00:00.000Z"})
}

fn runs_page(ids: &[i64], page: i64, total_pages: i64) -> Value {
    let items: Vec<Value> = ids.iter().map(|id| run(*id)).collect();
    json!({
        "data": {
            "project": {"id": 42, "name": "Acme Webshop", "slug": "acme-webshop"},
            "test_runs": {"items": items},
        },
        "pagination": {"page": page, "per_page": 2, "total": 5, "total_pages": total_pages},
    })
}

fn ids_of(runs: &[testops_empirical::types::TestRun]) -> Vec<i64> {
    runs.iter().map(|r| r.id).collect()
}

#[tokio::test]
async fn sends_every_parameter_with_bearer_auth_and_decodes_the_fixture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .header("authorization", format!("Bearer {EMPIRICAL_TOKEN}"))
                .header("accept", "application/json")
                .header("user-agent", user_agent::<testops_empirical::Client>())
                .header_missing("api-version")
                .is_true(|req| {
                    path_and_query(req)
                        == "/api/test-runs\
                            ?branch=fix%2Fcoupon-rounding\
                            &environment_ids=3%2C7\
                            &id=18734\
                            &interval_in_days=7\
                            &page=1\
                            &per_page=20\
                            &result=failed\
                            &state=ended"
                });
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture_text(VENDOR, LIST_FIXTURE));
        })
        .await;
    let response = client(builder(), &server.base_url())
        .list_test_runs()
        .branch("fix/coupon-rounding")
        .environment_ids("3,7")
        .id(18734)
        .interval_in_days(7)
        .page(1)
        .per_page(20)
        .result(ListTestRunsResult::Failed)
        .state(TestRunState::Ended)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(response.status(), 200);
    let page = response.into_value();

    let project = &page.data.project;
    assert_eq!(project.id, 42);
    assert_eq!(project.name, "Acme Webshop");
    assert_eq!(project.slug, "acme-webshop");
    assert_eq!(project.repo_name.as_deref(), Some("acme-webshop-tests"));
    assert_eq!(page.pagination.page, 1);
    assert_eq!(page.pagination.per_page, 20);
    assert_eq!(page.pagination.total, 2);
    assert_eq!(page.pagination.total_pages, 1);

    let runs = &page.data.test_runs.items;
    assert_eq!(ids_of(runs), [18734, 18733]);
    // An ended run, with its report counts and the build it tested.
    let ended = &runs[0];
    assert_eq!(ended.total_count, Some(128));
    assert_eq!(ended.success_count, Some(121));
    assert_eq!(ended.failed_count, Some(2));
    assert_eq!(ended.skipped_count, Some(3));
    assert_eq!(ended.flaky_count, Some(2));
    assert_eq!(ended.duration, Some(412));
    assert_eq!(ended.test_run_branch.as_deref(), Some("main"));
    assert_eq!(ended.environment_slug.as_deref(), Some("staging"));
    assert_eq!(ended.environment_name.as_deref(), Some("Staging"));
    assert_eq!(
        ended.build_url.as_deref(),
        Some("https://acme-webshop-git-fix-coupon-acme.vercel.app")
    );
    assert_eq!(ended.build_branch.as_deref(), Some("fix-coupon-rounding"));
    assert_eq!(
        ended.commit.as_deref(),
        Some("9f8e7d6c5b4a39281706f5e4d3c2b1a098765432")
    );
    assert_eq!(ended.created_at, "2025-03-14T09:26:53.412Z");
    // A run still queued: no report yet, hence no counts or duration, and no build.
    let queued = &runs[1];
    assert_eq!(
        (
            queued.total_count,
            queued.success_count,
            queued.failed_count,
            queued.skipped_count,
            queued.flaky_count,
            queued.duration,
        ),
        (None, None, None, None, None, None)
    );
    assert_eq!(queued.test_run_branch.as_deref(), Some("main"));
    assert_eq!(queued.environment_slug.as_deref(), Some("production"));
    assert_eq!(queued.environment_name.as_deref(), Some("Production"));
    assert_eq!(
        (&queued.build_url, &queued.build_branch, &queued.commit),
        (&None, &None, &None)
    );
    assert_eq!(queued.created_at, "2025-03-14T09:20:11.087Z");

    // Re-serialised, the page means the fixture (nulls become absent keys).
    let fixture: Value = fixture(VENDOR, LIST_FIXTURE);
    assert_same_json("page", &serde_json::to_value(&page).unwrap(), &fixture);
}

#[tokio::test]
async fn run_states_keep_values_the_client_does_not_know() {
    for (raw, state) in [
        ("pending", TestRunState::Pending),
        ("queued", TestRunState::Queued),
        ("started", TestRunState::Started),
        ("ended", TestRunState::Ended),
        ("error", TestRunState::Error),
        ("cancelling", TestRunState::Cancelling),
        ("cancelled", TestRunState::Cancelled),
        ("paused", TestRunState::Unknown("paused".into())),
    ] {
        assert_eq!(
            serde_json::from_value::<TestRunState>(json!(raw)).unwrap(),
            state
        );
        assert_eq!(raw.parse::<TestRunState>().unwrap(), state);
        assert_eq!(serde_json::to_value(&state).unwrap(), json!(raw));
    }
    assert_eq!(TestRunState::KNOWN.len(), 7);

    // An unknown state or result is sent as written.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .is_true(|req| path_and_query(req) == "/api/test-runs?result=flaky&state=paused");
            then.status(200).json_body(runs_page(&[], 1, 0));
        })
        .await;
    let page = client(builder(), &server.base_url())
        .list_test_runs()
        .result(ListTestRunsResult::from("flaky"))
        .state(TestRunState::Unknown("paused".into()))
        .send()
        .await
        .unwrap();
    assert!(page.data.test_runs.items.is_empty());
    assert_eq!(mock.calls_async().await, 1);
}

/// A typed page of runs (the mock wires `pagination.total_pages` itself).
fn typed_page(ids: &[i64], page: i64) -> TestRunList {
    serde_json::from_value(runs_page(ids, page, 0)).unwrap()
}

#[tokio::test]
async fn pages_are_numbered_up_to_total_pages() {
    let server = TypedMock::start().await;
    let pages = server
        .list_test_runs()
        .branch("main")
        .per_page(2)
        .respond_pages([
            typed_page(&[1, 2], 1),
            typed_page(&[3, 4], 2),
            typed_page(&[5], 3),
        ]);
    let client = server.client();
    let request = || client.list_test_runs().branch("main").per_page(2).page(1);

    let got: Vec<_> = request().pages().try_collect().await.unwrap();
    let numbers: Vec<_> = got.iter().map(|p| p.pagination.page).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert_eq!(got[0].pagination.total_pages, 3);

    let runs: Vec<_> = request().stream().try_collect().await.unwrap();
    assert_eq!(ids_of(&runs), [1, 2, 3, 4, 5]);
    // No fourth page was asked for.
    let hits: Vec<_> = pages.iter().map(|p| p.hits()).collect();
    assert_eq!(hits, [2, 2, 2]);
    server.verify();
}

#[tokio::test]
async fn a_stream_without_a_page_starts_at_the_default_and_stops_when_capped() {
    let server = TypedMock::start().await;
    let pages = server.list_test_runs().respond_pages([
        typed_page(&[1, 2], 1),
        typed_page(&[3, 4], 2),
        typed_page(&[5], 3),
    ]);
    let hits = || pages.iter().map(|p| p.hits()).collect::<Vec<_>>();
    let client = server.client();
    let first_runs = |n| {
        client
            .list_test_runs()
            .stream()
            .take(n)
            .try_collect::<Vec<_>>()
    };

    assert_eq!(ids_of(&first_runs(2).await.unwrap()), [1, 2]);
    assert_eq!(hits(), [1, 0, 0]);
    assert_eq!(ids_of(&first_runs(3).await.unwrap()), [1, 2, 3]);
    assert_eq!(hits(), [2, 1, 0]);
    assert_eq!(ids_of(&first_runs(10).await.unwrap()), [1, 2, 3, 4, 5]);
    assert_eq!(hits(), [3, 2, 1]);
    server.verify();
}

#[tokio::test]
async fn out_of_range_parameters_are_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(runs_page(&[], 1, 0));
        })
        .await;
    let client = client(builder(), &server.base_url());
    let rejected = [
        (
            client.list_test_runs().per_page(0),
            "parameter `per_page` must be at least 1 (got 0)",
        ),
        (
            client.list_test_runs().per_page(101),
            "parameter `per_page` must be at most 100 (got 101)",
        ),
        (
            client.list_test_runs().page(0),
            "parameter `page` must be at least 1 (got 0)",
        ),
        (
            client.list_test_runs().id(0),
            "parameter `id` must be at least 1 (got 0)",
        ),
        (
            client.list_test_runs().interval_in_days(0),
            "parameter `interval_in_days` must be at least 1 (got 0)",
        ),
    ];
    for (request, message) in rejected {
        let err = request.send().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
        assert_eq!(err.attempts(), 0);
        assert!(err.to_string().contains(message), "{err}");
    }
    let err = client
        .list_test_runs()
        .page(0)
        .pages()
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(any.calls_async().await, 0);

    for request in [
        client.list_test_runs().per_page(1),
        client.list_test_runs().per_page(100),
        client.list_test_runs().page(1),
        client.list_test_runs().id(1).interval_in_days(1),
    ] {
        request.send().await.unwrap();
    }
    assert_eq!(any.calls_async().await, 4);
}

#[tokio::test]
async fn error_responses_keep_status_and_raw_json_body() {
    let server = MockServer::start_async().await;
    let unauthorized = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .query_param("branch", "auth");
            then.status(401)
                .json_body(json!({"error": "Invalid API key"}));
        })
        .await;
    let not_found = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .query_param("id", "999999");
            then.status(404)
                .json_body(json!({"error": "Test run not found"}));
        })
        .await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .query_param("branch", "busy");
            then.status(429)
                .header("retry-after", "0")
                .json_body(json!({"error": "Rate limit exceeded", "retry_in": 0}));
        })
        .await;
    let broken = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .query_param("branch", "broken");
            then.status(502).body("<html>Bad gateway</html>");
        })
        .await;
    let client = client(builder(), &server.base_url());

    let err = client
        .list_test_runs()
        .branch("auth")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.typed_body(), Some(&json!({"error": "Invalid API key"})));
    assert!(!format!("{err} {err:?}").contains(EMPIRICAL_TOKEN));
    assert_eq!(unauthorized.calls_async().await, 1);

    let err = client
        .list_test_runs()
        .id(999_999)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        err.typed_body(),
        Some(&json!({"error": "Test run not found"}))
    );
    assert_eq!(err.attempts(), 1);
    assert_eq!(not_found.calls_async().await, 1);

    // 429 is retried after the wait the server asks for, up to the policy's three attempts.
    let err = client
        .list_test_runs()
        .branch("busy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::ZERO));
    assert_eq!(
        err.into_typed_body(),
        Some(json!({"error": "Rate limit exceeded", "retry_in": 0}))
    );
    assert_eq!(limited.calls_async().await, 3);

    // A body that is not JSON is kept as text, with no typed body.
    let err = client
        .list_test_runs()
        .branch("broken")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.typed_body(), None);
    assert_eq!(err.body(), Some("<html>Bad gateway</html>"));
    assert_eq!(broken.calls_async().await, 3);
}

#[tokio::test]
async fn from_env_reads_the_key_and_names_it_when_missing() {
    let env = EnvGuard::save(&["EMPIRICAL_API_KEY"]);
    for unset in [None, Some("")] {
        match unset {
            None => env.remove("EMPIRICAL_API_KEY"),
            Some(value) => env.set("EMPIRICAL_API_KEY", value),
        }
        let err = testops_empirical::Client::from_env().unwrap_err();
        assert!(
            matches!(
                err,
                ConfigError::MissingEnv {
                    name: "EMPIRICAL_API_KEY",
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("EMPIRICAL_API_KEY"), "{err}");
    }
    env.set("EMPIRICAL_API_KEY", EMPIRICAL_TOKEN);
    let client = testops_empirical::Client::from_env().unwrap();
    assert!(!format!("{client:?}").contains(EMPIRICAL_TOKEN));

    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/test-runs")
                .header("authorization", format!("Bearer {EMPIRICAL_TOKEN}"));
            then.status(200).json_body(runs_page(&[], 1, 0));
        })
        .await;
    testops_empirical::Client::builder(testops_empirical::Credentials::from_env().unwrap())
        .base_url(server.base_url())
        .build()
        .unwrap()
        .list_test_runs()
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
}
