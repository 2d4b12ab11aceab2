//! Behaviour of the generated Checkly client (the test-session operations) against a local mock
//! server: the exact requests it sends, the typed decoding of the fixtures under
//! `tests/fixtures/checkly/`, cursor pagination, parameter limits, the documented error
//! responses and `from_env()`.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use runtime::ClientBuilder;
use serde_json::{json, Value};
use testops_checkly::types::{
    ApiError, AssetSourceType, AssetType, BackoffRetryStrategy, BackoffRetryStrategyOnlyOnItem,
    BackoffRetryStrategyType, CancelTestSessionRequest, CheckType, CompletedTestSession,
    CompletedTestSessionStatus, ListTestSessionsProvidersItem as Provider,
    PlainEnvironmentVariable, ResultType, SecretEnvironmentVariable, TestSessionDetails,
    TestSessionGitHubMetadata, TestSessionInvoker, TestSessionList, TestSessionMetadata,
    TestSessionResultDetails, TestSessionStatus, TestSessionTarget, TriggerTestSessionRequest,
    TriggeredTestSession,
};
use testops_checkly::{Client, Credentials};
use testops_checkly::{ConfigError, ErrorKind};

use crate::support::{
    assert_same_json, client, fixture, fixture_text, path_and_query, user_agent, uuid, EnvGuard,
};

const VENDOR: &str = "checkly";

const KEY: &str = "cu_7d1f0c2a9b8e4d6f";
const ACCOUNT: &str = "0f2d6a8e-41c7-4b9e-9a53-6e1c8d2b7f90";
const SESSION: &str = "3f6a9c2e-7b14-4d5e-9a08-c1e2f3a4b5d6";
const RESULT: &str = "7e2f3a4b-5c6d-4e7f-9a8b-0c1d2e3f4a5b";

const LIST_FIXTURE: &str = "list_test_sessions.response";
const TRIGGER_REQUEST: &str = "trigger_test_session.request";
const TRIGGER_FIXTURE: &str = "trigger_test_session.response";
const SESSION_FIXTURE: &str = "get_test_session.response";
const COMPLETION_FIXTURE: &str = "await_test_session_completion.response";
const RESULT_FIXTURE: &str = "get_test_session_result.response";
const ASSETS_FIXTURE: &str = "get_test_session_result_assets.response";

/// A builder with this module's credentials and `key`.
fn builder_with_key(key: &str) -> ClientBuilder<Client> {
    Client::builder(Credentials {
        api_key: key.into(),
        account_id: ACCOUNT.into(),
    })
}

/// A UTC instant built field by field, independent of any RFC 3339 parser.
fn utc(date: (i32, u32, u32), time: (u32, u32, u32), millis: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(date.0, date.1, date.2)
        .unwrap()
        .and_hms_milli_opt(time.0, time.1, time.2, millis)
        .unwrap()
        .and_utc()
}

/// The smallest session the spec accepts: only its required fields.
fn session(n: u32) -> Value {
    json!({
        "id": format!("00000000-0000-4000-8000-{n:012x}"),
        "accountId": ACCOUNT,
        "provider": "API",
        "startedAt": "2025-03-14T10:00:00Z",
        "created_at": "2025-03-14T10:00:00Z",
    })
}

fn sessions_page(ids: &[u32], next_id: Option<&str>) -> Value {
    let entries: Vec<Value> = ids.iter().map(|n| session(*n)).collect();
    json!({"length": entries.len(), "entries": entries, "nextId": next_id})
}

fn ids_of(sessions: &[testops_checkly::types::TestSession]) -> Vec<u128> {
    sessions
        .iter()
        .map(|s| s.id.as_u128() & 0xFFFF_FFFF_FFFF)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// list_test_sessions
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn list_sends_every_parameter_and_the_auth_headers_and_decodes_the_fixture() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .header("authorization", format!("Bearer {KEY}"))
                .header("x-checkly-account", ACCOUNT)
                .header("accept", "application/json")
                .header("user-agent", user_agent::<testops_checkly::Client>())
                .header_missing("api-version")
                .is_true(|req| {
                    path_and_query(req)
                        == "/v1/test-sessions\
                            ?branches=main&branches=release%2F2025.03\
                            &errorGroupId=eg_7f3a\
                            &from=1741910400\
                            &limit=50\
                            &nextId=e9a0b7c6-2f1d-4e3c-8b5a-4d6e7f809a1b\
                            &noUsers=true\
                            &providers=GITHUB&providers=PW_REPORTER\
                            &statuses=RUNNING&statuses=PASSED\
                            &textSearch=coupon+%26+checkout%3D%C3%A9\
                            &to=1741996800\
                            &users=ada&users=u_42"
                });
            then.status(200)
                .header("content-type", "application/json")
                .body(fixture_text(VENDOR, LIST_FIXTURE));
        })
        .await;
    let response = client(builder_with_key(KEY), &server.base_url())
        .list_test_sessions()
        .branches(vec!["main".to_string(), "release/2025.03".to_string()])
        .error_group_id("eg_7f3a")
        .from(1_741_910_400)
        .limit(50)
        .next_id("e9a0b7c6-2f1d-4e3c-8b5a-4d6e7f809a1b")
        .no_users(true)
        .providers(vec![Provider::Github, Provider::PwReporter])
        .text_search("coupon & checkout=é")
        .statuses(vec![TestSessionStatus::Running, TestSessionStatus::Passed])
        .to(1_741_996_800)
        .users(vec!["ada".to_string(), "u_42".to_string()])
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(response.status(), 200);
    let page = response.into_value();

    assert_eq!(page.length, 3);
    assert_eq!(
        page.next_id.as_deref(),
        Some("e9a0b7c6-2f1d-4e3c-8b5a-4d6e7f809a1b")
    );
    assert_eq!(page.entries.len(), 3);

    // A finished session from a GitHub deployment, on a public location.
    let done = &page.entries[0];
    assert_eq!(done.id, uuid("7b1e4c52-9d3a-4f0e-8a61-2c5d9e0f3b14"));
    assert_eq!(done.account_id, uuid(ACCOUNT));
    assert_eq!(done.name.as_deref(), Some("Deploy checks: checkout flow"));
    assert_eq!(done.provider, "GITHUB");
    assert_eq!(
        done.error_group_ids,
        Some(vec![uuid("f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b")])
    );
    assert_eq!(done.status, Some(TestSessionStatus::Failed));
    assert!(done.cancelled.is_empty());
    assert_eq!(done.region.as_deref(), Some("eu-west-1"));
    assert_eq!(done.started_at, utc((2025, 3, 14), (9, 26, 53), 412));
    assert_eq!(done.created_at, utc((2025, 3, 14), (9, 26, 53), 412));
    assert_eq!(
        done.project_id,
        Some(uuid("c3a9e1f7-5b24-4d8a-b6e0-91f4a7d2c835"))
    );
    assert_eq!(done.running, Some(vec![]));
    assert_eq!(
        done.passed,
        Some(vec![
            uuid("a4f1c9e2-3b7d-4e58-9c06-d1e2f3a4b5c6"),
            uuid("b5e2d0f3-4c8e-4f69-8d17-e2f3a4b5c6d7"),
        ])
    );
    assert_eq!(
        done.failed,
        Some(vec![uuid("c6d3e1a4-5d9f-4a7a-9e28-f3a4b5c6d7e8")])
    );
    assert_eq!(done.private_location_id, None);
    assert_eq!(
        done.invoker,
        Some(
            TestSessionInvoker::try_from(
                TestSessionInvoker::builder()
                    .name(Some("Ada Lovelace".to_string()))
                    .picture(Some(
                        "https://avatars.githubusercontent.com/u/1234567?v=4".to_string()
                    ))
            )
            .unwrap()
        )
    );
    assert_eq!(
        done.repo_url.as_deref(),
        Some("https://github.com/acme/webshop")
    );
    assert_eq!(
        done.commit_id.as_deref(),
        Some("9f8e7d6c5b4a39281706f5e4d3c2b1a098765432")
    );
    assert_eq!(done.commit_owner.as_deref(), Some("ada"));
    assert_eq!(
        done.commit_message.as_deref(),
        Some("Fix coupon rounding in checkout")
    );
    assert_eq!(done.branch_name.as_deref(), Some("main"));
    assert_eq!(done.environment.as_deref(), Some("production"));
    assert_eq!(done.stopped_at, Some(utc((2025, 3, 14), (9, 28, 10), 67)));
    assert_eq!(done.updated_at, Some(utc((2025, 3, 14), (9, 28, 10), 101)));

    // A session still running on a private location, started without Git or a user.
    let running = &page.entries[1];
    assert_eq!(running.id, uuid("e9a0b7c6-2f1d-4e3c-8b5a-4d6e7f809a1b"));
    assert_eq!(running.provider, "TRIGGER");
    assert_eq!(running.status, Some(TestSessionStatus::Running));
    assert_eq!(running.error_group_ids, Some(vec![]));
    assert_eq!(running.region, None);
    assert_eq!(running.project_id, None);
    assert_eq!(
        running.running,
        Some(vec![
            uuid("d7e4f2b5-6e0a-4b8b-8f39-a4b5c6d7e8f9"),
            uuid("e8f5a3c6-7f1b-4c9c-9a4a-b5c6d7e8f9a0"),
        ])
    );
    assert_eq!(
        (&running.passed, &running.failed),
        (&Some(vec![]), &Some(vec![]))
    );
    assert_eq!(
        running.private_location_id,
        Some(uuid("5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"))
    );
    assert_eq!(running.invoker, None);
    assert_eq!(running.repo_url, None);
    assert_eq!(running.commit_id, None);
    assert_eq!(running.commit_owner, None);
    assert_eq!(running.commit_message, None);
    assert_eq!(running.branch_name, None);
    assert_eq!(running.environment, None);
    assert_eq!(running.stopped_at, None);
    assert_eq!(running.updated_at, None);

    // A cancelled API-triggered session with only the required fields, the run lists null.
    let cancelled = &page.entries[2];
    assert_eq!(cancelled.id, uuid("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"));
    assert_eq!(cancelled.status, Some(TestSessionStatus::Cancelled));
    assert_eq!(
        cancelled.cancelled,
        [uuid("1c2d3e4f-5a6b-4c7d-9e8f-0a1b2c3d4e5f")]
    );
    assert_eq!(
        (
            &cancelled.running,
            &cancelled.passed,
            &cancelled.failed,
            &cancelled.error_group_ids
        ),
        (&None, &None, &None, &None)
    );
    assert_eq!((&cancelled.name, &cancelled.region), (&None, &None));
    assert_eq!(cancelled.started_at, utc((2025, 3, 14), (8, 2, 45), 0));

    // Re-serialised, the page means the fixture (nulls and empty lists may become absent keys).
    let fixture: Value = fixture(VENDOR, LIST_FIXTURE);
    assert_same_json("page", &serde_json::to_value(&page).unwrap(), &fixture);
    // ... and decodes to the same value again.
    let again: TestSessionList =
        serde_json::from_value(serde_json::to_value(&page).unwrap()).unwrap();
    assert_eq!(again, page);
}

#[tokio::test]
async fn filter_values_the_client_does_not_know_are_sent_as_written() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/test-sessions").is_true(|req| {
                path_and_query(req)
                    == "/v1/test-sessions?providers=GITLAB&statuses=SKIPPED&statuses=FAILED"
            });
            then.status(200).json_body(sessions_page(&[], None));
        })
        .await;
    let page = client(builder_with_key(KEY), &server.base_url())
        .list_test_sessions()
        .providers(vec![Provider::from("GITLAB")])
        .statuses(vec![
            TestSessionStatus::Unknown("SKIPPED".into()),
            TestSessionStatus::Failed,
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(page.length, 0);
    assert!(page.entries.is_empty());
    assert_eq!(page.next_id, None);
    assert_eq!(Provider::from("GITLAB"), Provider::Unknown("GITLAB".into()));
    assert_eq!(
        "PASSED".parse::<TestSessionStatus>().unwrap(),
        TestSessionStatus::Passed
    );
}

#[tokio::test]
async fn pages_follow_the_cursor_until_it_is_null() {
    let server = testops_checkly::mock::MockServer::start().await;
    let page = |ids: &[u32]| -> TestSessionList {
        serde_json::from_value(sessions_page(ids, None)).unwrap()
    };
    // The typed mock sets each page's `nextId` and expects it back in the `nextId` parameter.
    let pages = server
        .list_test_sessions()
        .limit(2)
        .statuses([TestSessionStatus::Failed])
        .respond_pages([page(&[1, 2]), page(&[3, 4]), page(&[5])]);
    let client = server.client();
    let request = || {
        client
            .list_test_sessions()
            .limit(2)
            .statuses(vec![TestSessionStatus::Failed])
    };

    let got: Vec<_> = request().pages().try_collect().await.unwrap();
    let cursors: Vec<_> = got.iter().map(|p| p.next_id.as_deref()).collect();
    assert_eq!(cursors, [Some("mock-page-2"), Some("mock-page-3"), None]);
    let sessions: Vec<_> = request().stream().try_collect().await.unwrap();
    assert_eq!(ids_of(&sessions), [1, 2, 3, 4, 5]);
    let hits: Vec<_> = pages.iter().map(|p| p.hits()).collect();
    assert_eq!(hits, [2, 2, 2]);
    server.verify();
}

#[tokio::test]
async fn an_empty_page_ends_the_stream_even_with_a_cursor() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .query_param_missing("nextId");
            then.status(200)
                .json_body(sessions_page(&[1], Some("cursor-2")));
        })
        .await;
    let empty = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .query_param("nextId", "cursor-2");
            then.status(200)
                .json_body(sessions_page(&[], Some("cursor-3")));
        })
        .await;
    let sessions: Vec<_> = client(builder_with_key(KEY), &server.base_url())
        .list_test_sessions()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids_of(&sessions), [1]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(empty.calls_async().await, 1);
}

#[tokio::test]
async fn a_capped_stream_stops_fetching_early() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .query_param_missing("nextId");
            then.status(200)
                .json_body(sessions_page(&[1, 2], Some("cursor-2")));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .query_param("nextId", "cursor-2");
            then.status(200)
                .json_body(sessions_page(&[3, 4], Some("cursor-3")));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .query_param("nextId", "cursor-3");
            then.status(200).json_body(sessions_page(&[5], None));
        })
        .await;
    let client = client(builder_with_key(KEY), &server.base_url());

    let two: Vec<_> = client
        .list_test_sessions()
        .stream()
        .take(2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids_of(&two), [1, 2]);
    assert_eq!(first.calls_async().await, 1);
    assert_eq!(second.calls_async().await, 0);

    let three: Vec<_> = client
        .list_test_sessions()
        .stream()
        .take(3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids_of(&three), [1, 2, 3]);
    assert_eq!(first.calls_async().await, 2);
    assert_eq!(second.calls_async().await, 1);
    assert_eq!(third.calls_async().await, 0);
}

#[tokio::test]
async fn out_of_range_parameters_are_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(sessions_page(&[], None));
        })
        .await;
    let client = client(builder_with_key(KEY), &server.base_url());
    let rejected = [
        (
            client.list_test_sessions().limit(101).send().await.err(),
            "parameter `limit` must be at most 100 (got 101)",
        ),
        (
            client
                .list_test_sessions()
                .text_search("ab")
                .send()
                .await
                .err(),
            "parameter `textSearch` must be at least 3 characters long (got 2)",
        ),
        (
            client
                .list_test_sessions()
                .text_search("x".repeat(201))
                .send()
                .await
                .err(),
            "parameter `textSearch` must be at most 200 characters long (got 201)",
        ),
        (
            client.list_test_sessions().next_id("").send().await.err(),
            "parameter `nextId` must be at least 1 characters long (got 0)",
        ),
        (
            client
                .list_test_sessions()
                .error_group_id("")
                .send()
                .await
                .err(),
            "parameter `errorGroupId` must be at least 1 characters long (got 0)",
        ),
        (
            client
                .await_test_session_completion()
                .test_session_id(uuid(SESSION))
                .max_wait_seconds(0.5)
                .send()
                .await
                .err(),
            "parameter `maxWaitSeconds` must be at least 1",
        ),
        (
            client
                .await_test_session_completion()
                .test_session_id(uuid(SESSION))
                .max_wait_seconds(31)
                .send()
                .await
                .err(),
            "parameter `maxWaitSeconds` must be at most 30",
        ),
        (
            client
                .get_test_session_result_assets()
                .test_session_id(uuid(SESSION))
                .test_session_result_id(uuid(RESULT))
                .name("*".repeat(201))
                .send()
                .await
                .err(),
            "parameter `name` must be at most 200 characters long (got 201)",
        ),
    ];
    for (err, message) in rejected {
        let err = err.expect("rejected");
        assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
        assert_eq!(err.attempts(), 0);
        assert_eq!(err.status(), None);
        assert!(err.to_string().contains(message), "{err}");
    }
    // A stream checks too, before its first request.
    let err = client
        .list_test_sessions()
        .text_search("ab")
        .stream()
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(any.calls_async().await, 0);

    // The limits themselves are accepted; lengths count characters, not bytes.
    client.list_test_sessions().limit(100).send().await.unwrap();
    client
        .list_test_sessions()
        .text_search("abc")
        .send()
        .await
        .unwrap();
    client
        .list_test_sessions()
        .text_search("é".repeat(200))
        .send()
        .await
        .unwrap();
    assert_eq!(any.calls_async().await, 3);
}

#[tokio::test]
async fn a_success_body_that_breaks_the_types_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mut bad = session(1);
    bad["id"] = json!("not-a-uuid");
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/test-sessions");
            then.status(200)
                .json_body(json!({"length": 1, "entries": [bad], "nextId": null}));
        })
        .await;
    let err = client(builder_with_key(KEY), &server.base_url())
        .list_test_sessions()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Decode);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(err.body().unwrap().contains("not-a-uuid"));
}

// ---------------------------------------------------------------------------------------------
// trigger, get, cancel, completion
// ---------------------------------------------------------------------------------------------

/// The request of `trigger_request.json`, built through the typed builders.
fn trigger_request() -> TriggerTestSessionRequest {
    let metadata = TestSessionMetadata::builder()
        .environment("preview".parse::<_>().ok())
        .repo_url(Some("https://github.com/acme/webshop".to_string()))
        .commit_id(Some("2b7e9d4c1a0f8e6d5c4b3a29181706f5e4d3c2b1".to_string()))
        .commit_owner(Some("ada".to_string()))
        .commit_message(Some("Round coupon totals half-up".to_string()))
        .branch_name(Some("fix/coupon-rounding".to_string()))
        .github(Some(
            TestSessionGitHubMetadata::try_from(
                TestSessionGitHubMetadata::builder()
                    .reporting(true)
                    .repository(Some("acme/webshop".to_string()))
                    .sha(Some("2b7e9d4c1a0f8e6d5c4b3a29181706f5e4d3c2b1".to_string()))
                    .run_id(Some("13612345678".to_string()))
                    .run_attempt(Some("1".to_string()))
                    .workflow(Some("Deploy preview".to_string()))
                    .job(Some("checkly".to_string()))
                    .event_name(Some("pull_request".to_string()))
                    .ref_(Some("refs/pull/42/merge".to_string()))
                    .head_ref(Some("fix/coupon-rounding".to_string()))
                    .base_ref(Some("main".to_string()))
                    .server_url(Some("https://github.com".to_string())),
            )
            .unwrap(),
        ));
    let target = TestSessionTarget::builder()
        .match_tags(vec![
            vec!["checkout".parse().unwrap(), "critical".parse().unwrap()],
            vec!["smoke".parse().unwrap()],
        ])
        .check_id(vec![uuid("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")]);
    let plain = PlainEnvironmentVariable::builder()
        .key("BASE_URL")
        .value(Some("https://pr-42.preview.acme.dev".parse().unwrap()));
    let secret = SecretEnvironmentVariable::builder()
        .key("API_TOKEN")
        .value(json!("tok_9f2c61"))
        .locked(true)
        .secret(true);
    let retry = BackoffRetryStrategy::builder()
        .type_(BackoffRetryStrategyType::Exponential)
        .base_backoff_seconds(Some(30.0))
        .max_retries(Some(3.0))
        .max_duration_seconds(Some(300.0))
        .same_region(false)
        .only_on(vec![BackoffRetryStrategyOnlyOnItem::NetworkError]);
    TriggerTestSessionRequest::builder()
        .name("Preview checks: fix/coupon-rounding")
        .run_location("eu-west-1")
        .target(Some(target.try_into().unwrap()))
        .environment_variables(vec![
            PlainEnvironmentVariable::try_from(plain).unwrap().into(),
            SecretEnvironmentVariable::try_from(secret).unwrap().into(),
        ])
        .retry_strategy(Some(BackoffRetryStrategy::try_from(retry).unwrap().into()))
        .refresh_cache(true)
        .metadata(Some(metadata.try_into().unwrap()))
        .try_into()
        .unwrap()
}

#[tokio::test]
async fn trigger_posts_the_json_body_and_decodes_the_started_session() {
    let server = MockServer::start_async().await;
    let expected = fixture(VENDOR, TRIGGER_REQUEST);
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/test-sessions/trigger")
                .header("authorization", format!("Bearer {KEY}"))
                .header("x-checkly-account", ACCOUNT)
                .header("content-type", "application/json")
                .is_true(|req| path_and_query(req) == "/v1/test-sessions/trigger")
                .json_body(expected);
            then.status(201)
                .header("content-type", "application/json")
                .body(fixture_text(VENDOR, TRIGGER_FIXTURE));
        })
        .await;
    let response = client(builder_with_key(KEY), &server.base_url())
        .trigger_test_session()
        .body(trigger_request())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(response.status(), 201);
    let started: TriggeredTestSession = response.into_value();

    assert_eq!(started.test_session_id, uuid(SESSION));
    assert_eq!(
        started.test_session_link,
        format!("https://app.checklyhq.com/test-sessions/{SESSION}")
    );
    assert_eq!(started.name, "Preview checks: fix/coupon-rounding");
    assert_eq!(started.status, TestSessionStatus::Running);
    assert!(started.error_group_ids.is_empty());
    assert_eq!(started.started_at, utc((2025, 3, 14), (11, 4, 9), 517));
    assert_eq!(started.stopped_at, None);
    assert_eq!(started.time_elapsed, 0.0);
    let metadata = started.metadata.as_ref().unwrap();
    assert_eq!(
        metadata.environment.as_deref().map(String::as_str),
        Some("preview")
    );
    let github = metadata.github.as_ref().unwrap();
    assert!(github.reporting);
    assert_eq!(github.ref_.as_deref(), Some("refs/pull/42/merge"));
    let [pending] = started.results.as_slice() else {
        panic!("one result expected: {:?}", started.results);
    };
    assert_eq!(pending.check_type, CheckType::Api);
    assert_eq!(pending.result_type, Some(ResultType::Pending));
    assert_eq!(pending.status, TestSessionStatus::Running);
    assert_eq!(
        (
            pending.response_time,
            pending.started_at,
            pending.stopped_at
        ),
        (None, None, None)
    );

    assert_same_json(
        "session",
        &serde_json::to_value(&started).unwrap(),
        &fixture(VENDOR, TRIGGER_FIXTURE),
    );
}

#[tokio::test]
async fn trigger_is_not_repeated_but_cancel_is() {
    let server = MockServer::start_async().await;
    let trigger = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/test-sessions/trigger");
            then.status(503).body("unavailable");
        })
        .await;
    let cancel = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/v1/test-sessions/{SESSION}/cancel"));
            then.status(503).body("unavailable");
        })
        .await;
    let client = client(builder_with_key(KEY), &server.base_url());

    let err = client
        .trigger_test_session()
        .body(trigger_request())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 1);
    assert_eq!(trigger.calls_async().await, 1);

    // Cancelling twice cancels nothing more, so the spec marks it safe to repeat.
    let err = client
        .cancel_test_session()
        .test_session_id(uuid(SESSION))
        .body(CancelTestSessionRequest::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 3);
    assert_eq!(cancel.calls_async().await, 3);
}

#[tokio::test]
async fn a_trigger_body_outside_its_schema_is_not_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(201).body(fixture_text(VENDOR, TRIGGER_FIXTURE));
        })
        .await;
    let err = client(builder_with_key(KEY), &server.base_url())
        .trigger_test_session()
        .body(
            TriggerTestSessionRequest::builder()
                .name("")
                .run_location("eu-west-1"),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    assert_eq!(err.attempts(), 0);
    assert_eq!(any.calls_async().await, 0);
}

#[tokio::test]
async fn get_test_session_puts_the_id_in_the_path_and_decodes_a_running_session() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .header("authorization", format!("Bearer {KEY}"))
                .header("x-checkly-account", ACCOUNT)
                .is_true(|req| path_and_query(req) == format!("/v1/test-sessions/{SESSION}"));
            then.status(200).body(fixture_text(VENDOR, SESSION_FIXTURE));
        })
        .await;
    let session: TestSessionDetails = client(builder_with_key(KEY), &server.base_url())
        .get_test_session()
        .test_session_id(uuid(SESSION))
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);

    assert_eq!(session.test_session_id, uuid(SESSION));
    assert_eq!(session.status, TestSessionStatus::Running);
    assert_eq!(session.stopped_at, None);
    assert_eq!(session.time_elapsed, 41_250.0);
    let metadata = session.metadata.as_ref().unwrap();
    assert_eq!((&metadata.repo_url, &metadata.branch_name), (&None, &None));
    let github = metadata.github.as_ref().unwrap();
    assert!(!github.reporting);
    assert_eq!((&github.repository, &github.sha), (&None, &None));
    let [passed, running] = session.results.as_slice() else {
        panic!("two results expected: {:?}", session.results);
    };
    assert_eq!(passed.status, TestSessionStatus::Passed);
    assert_eq!(passed.result_type, Some(ResultType::Final));
    assert!(passed.is_degraded && !passed.has_errors && !passed.has_failures);
    assert_eq!(passed.response_time, Some(812.4));
    assert_eq!(passed.started_at, Some(utc((2025, 3, 14), (11, 4, 11), 20)));
    assert_eq!(
        passed.stopped_at,
        Some(utc((2025, 3, 14), (11, 4, 12), 101))
    );
    assert_eq!(running.check_type, CheckType::Playwright);
    assert_eq!(running.check_id, None);
    assert_eq!(running.run_location.as_deref(), Some("Frankfurt office"));
    assert_eq!(running.status, TestSessionStatus::Running);
    assert_eq!(running.stopped_at, None);

    assert_same_json(
        "session",
        &serde_json::to_value(&session).unwrap(),
        &fixture(VENDOR, SESSION_FIXTURE),
    );
}

#[tokio::test]
async fn cancel_sends_the_chosen_sequences_or_an_empty_object() {
    let server = MockServer::start_async().await;
    let path = format!("/v1/test-sessions/{SESSION}/cancel");
    let some = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path.clone())
                .header("content-type", "application/json")
                .json_body(json!({"sequenceId": [
                    "9a4b5c6d-7e8f-4a9b-8c0d-2e3f4a5b6c7d",
                    "0b5c6d7e-8f9a-4b0c-9d1e-3f4a5b6c7d8e",
                ]}));
            then.status(204);
        })
        .await;
    let all = server
        .mock_async(|when, then| {
            when.method(POST).path(path.clone()).json_body(json!({}));
            then.status(204);
        })
        .await;
    let client = client(builder_with_key(KEY), &server.base_url());

    let response = client
        .cancel_test_session()
        .test_session_id(uuid(SESSION))
        .body(
            CancelTestSessionRequest::try_from(CancelTestSessionRequest::builder().sequence_id(
                vec![
                    uuid("9a4b5c6d-7e8f-4a9b-8c0d-2e3f4a5b6c7d"),
                    uuid("0b5c6d7e-8f9a-4b0c-9d1e-3f4a5b6c7d8e"),
                ],
            ))
            .unwrap(),
        )
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(some.calls_async().await, 1);

    client
        .cancel_test_session()
        .test_session_id(uuid(SESSION))
        .body(CancelTestSessionRequest::default())
        .send()
        .await
        .unwrap();
    assert_eq!(all.calls_async().await, 1);
}

#[tokio::test]
async fn completion_answered_at_once_decodes_the_finished_session() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            // `maxWaitSeconds` is a `number` in Checkly's schema, so it is sent as one.
            when.method(GET).is_true(|req| {
                path_and_query(req)
                    == format!("/v1/test-sessions/{SESSION}/completion?maxWaitSeconds=30.0")
            });
            then.status(200)
                .body(fixture_text(VENDOR, COMPLETION_FIXTURE));
        })
        .await;
    let done: CompletedTestSession = client(builder_with_key(KEY), &server.base_url())
        .await_test_session_completion()
        .test_session_id(uuid(SESSION))
        .max_wait_seconds(30)
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);

    assert_eq!(done.test_session_id, uuid(SESSION));
    assert_eq!(done.status, CompletedTestSessionStatus::Failed);
    assert_eq!(
        done.error_group_ids,
        [uuid("f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b")]
    );
    assert_eq!(done.stopped_at, utc((2025, 3, 14), (11, 5, 31), 8));
    assert_eq!(done.time_elapsed, 81_491.0);
    let outcomes: Vec<_> = done
        .results
        .iter()
        .map(|r| {
            (
                r.name.as_deref().unwrap(),
                r.check_type.clone(),
                r.status.clone(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("Cart API", CheckType::Api, TestSessionStatus::Passed),
            (
                "Checkout flow",
                CheckType::Browser,
                TestSessionStatus::Failed
            ),
        ]
    );
    let failed = &done.results[1];
    assert!(failed.has_errors && failed.has_failures && !failed.aborted);
    assert_eq!(failed.test_session_result_id, uuid(RESULT));
    assert_eq!(failed.error_group_ids, done.error_group_ids);

    assert_same_json(
        "session",
        &serde_json::to_value(&done).unwrap(),
        &fixture(VENDOR, COMPLETION_FIXTURE),
    );
}

#[tokio::test]
async fn completion_waits_through_pending_answers() {
    let server = testops_checkly::mock::MockServer::start().await;
    let finished: CompletedTestSession =
        serde_json::from_value(fixture(VENDOR, COMPLETION_FIXTURE)).unwrap();
    let expectation = server
        .await_test_session_completion()
        .test_session_id(uuid(SESSION))
        .respond_after_pending(1, finished.clone());
    let done = server
        .client()
        .await_test_session_completion()
        .test_session_id(uuid(SESSION))
        .send()
        .await
        .unwrap();
    assert_eq!(done, finished);
    // One 408 ("still running"), then the session.
    expectation.assert_hits(2);
    server.verify();
}

// ---------------------------------------------------------------------------------------------
// results and assets
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_test_session_result_decodes_the_details_of_its_check_type() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).is_true(|req| {
                path_and_query(req) == format!("/v1/test-sessions/{SESSION}/results/{RESULT}")
            });
            then.status(200).body(fixture_text(VENDOR, RESULT_FIXTURE));
        })
        .await;
    let result: TestSessionResultDetails = client(builder_with_key(KEY), &server.base_url())
        .get_test_session_result()
        .test_session_id(uuid(SESSION))
        .test_session_result_id(uuid(RESULT))
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);

    assert_eq!(result.test_session_result_id, uuid(RESULT));
    assert_eq!(result.id, uuid(RESULT));
    assert_eq!(result.check_type, CheckType::Browser);
    assert_eq!(result.status, TestSessionStatus::Failed);
    assert_eq!(result.attempts, 2);
    assert_eq!(
        result.sequence_id,
        Some(uuid("9a4b5c6d-7e8f-4a9b-8c0d-2e3f4a5b6c7d"))
    );
    assert_eq!(
        result.file_path.as_deref(),
        Some("__checks__/checkout.spec.ts")
    );
    assert_eq!((&result.trace_id, &result.schedule_error), (&None, &None));
    assert!(!result.is_cancelled && !result.over_max_response_time);
    assert_eq!(result.created_at, utc((2025, 3, 14), (11, 5, 26), 402));
    assert_eq!(result.updated_at, None);
    assert!(result.api_check_result.is_none());
    assert!(result.multi_step_check_result.is_none());
    assert!(result.playwright_check_result.is_none());
    assert!(result.agentic_check_result.is_none());

    let browser = result.browser_check_result.as_ref().unwrap();
    assert_eq!(browser.type_.as_deref(), Some("PLAYWRIGHT"));
    assert_eq!(browser.trace_summary["userScriptErrors"], json!(1));
    assert_eq!(
        browser.pages[0]["url"],
        json!("https://pr-42.preview.acme.dev/checkout")
    );
    assert_eq!(browser.errors.len(), 2);
    assert_eq!(
        browser.errors[1],
        json!({"message": "Expected total 19.99, got 19.98"})
    );
    assert_eq!(browser.start_time, Some(1_741_950_312_110.0));
    assert_eq!(browser.runtime_version.as_deref(), Some("2025.04"));
    assert_eq!(
        browser.job_log.as_ref().unwrap()[0]["msg"],
        json!("Starting job")
    );
    assert_eq!(browser.pcap_data_url, None);
    assert_eq!(browser.playwright_test_videos.len(), 1);
    assert!(browser
        .playwright_test_json_report_file
        .as_deref()
        .unwrap()
        .ends_with("/report.json"));

    assert_same_json(
        "result",
        &serde_json::to_value(&result).unwrap(),
        &fixture(VENDOR, RESULT_FIXTURE),
    );
}

#[tokio::test]
async fn result_assets_repeat_the_type_filter_and_decode_the_manifest() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).is_true(|req| {
                path_and_query(req)
                    == format!(
                        "/v1/test-sessions/{SESSION}/results/{RESULT}/assets\
                         ?name=**%2Fcheckout%2F*.%7Bzip%2Cwebm%7D&type=trace&type=video"
                    )
            });
            then.status(200).body(fixture_text(VENDOR, ASSETS_FIXTURE));
        })
        .await;
    let manifest = client(builder_with_key(KEY), &server.base_url())
        .get_test_session_result_assets()
        .test_session_id(uuid(SESSION))
        .test_session_result_id(uuid(RESULT))
        .type_(vec![AssetType::Trace, AssetType::Video])
        .name("**/checkout/*.{zip,webm}")
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);

    assert_eq!(manifest.truncated, Some(true));
    assert_eq!(
        (manifest.entries_returned, manifest.entries_total),
        (Some(4), Some(57))
    );
    let kinds: Vec<_> = manifest.assets.iter().map(|a| a.type_.clone()).collect();
    assert_eq!(
        kinds,
        [
            AssetType::Log,
            AssetType::Video,
            AssetType::Trace,
            AssetType::Screenshot
        ]
    );
    let trace = &manifest.assets[2];
    assert_eq!(trace.name.as_str(), "trace.zip");
    assert_eq!(
        trace.content_type.as_deref().map(String::as_str),
        Some("application/zip")
    );
    assert_eq!(
        trace.archive.as_ref().unwrap().entry_name.as_str(),
        "test-results/checkout/trace.zip"
    );
    assert_eq!(trace.source.type_, AssetSourceType::TestSessionResult);
    assert_eq!(
        trace.source.check_id,
        Some(uuid("b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e"))
    );
    assert_eq!(trace.source.test_session_id, Some(uuid(SESSION)));
    let screenshot = &manifest.assets[3];
    assert_eq!(screenshot.source.type_, AssetSourceType::CheckResult);
    assert_eq!(
        (
            &screenshot.source.check_id,
            &screenshot.content_type,
            &screenshot.archive
        ),
        (&None, &None, &None)
    );

    assert_same_json(
        "manifest",
        &serde_json::to_value(&manifest).unwrap(),
        &fixture(VENDOR, ASSETS_FIXTURE),
    );
}

#[tokio::test]
async fn values_the_client_does_not_know_still_decode() {
    let server = MockServer::start_async().await;
    let mut body = fixture(VENDOR, SESSION_FIXTURE);
    body["status"] = json!("QUEUED");
    body["results"][0]["checkType"] = json!("K6");
    body["results"][0]["resultType"] = json!("RETRYING");
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/test-sessions/{SESSION}"));
            then.status(200).json_body(body);
        })
        .await;
    let session = client(builder_with_key(KEY), &server.base_url())
        .get_test_session()
        .test_session_id(uuid(SESSION))
        .send()
        .await
        .unwrap();
    assert_eq!(session.status, TestSessionStatus::Unknown("QUEUED".into()));
    assert_eq!(
        session.results[0].check_type,
        CheckType::Unknown("K6".into())
    );
    assert_eq!(
        session.results[0].result_type,
        Some(ResultType::Unknown("RETRYING".into()))
    );
    assert_eq!(
        serde_json::to_value(&session.results[0].check_type).unwrap(),
        json!("K6")
    );
}

// ---------------------------------------------------------------------------------------------
// errors and credentials
// ---------------------------------------------------------------------------------------------

/// Every error status Checkly documents for each operation answers with the same JSON body,
/// decoded as `ApiError`. (The completion's 408, "still running", is the pending answer of a
/// long poll, not an error, and is not listed here.)
#[tokio::test]
async fn every_documented_error_status_decodes_the_api_error() {
    type Call = fn(
        &testops_checkly::Client,
    )
        -> futures::future::BoxFuture<'_, Result<(), testops_checkly::Error<ApiError>>>;
    let list: Call = |c| Box::pin(async move { c.list_test_sessions().send().await.map(drop) });
    let trigger: Call = |c| {
        Box::pin(async move {
            c.trigger_test_session()
                .body(
                    TriggerTestSessionRequest::builder()
                        .name("x")
                        .run_location("eu-west-1"),
                )
                .send()
                .await
                .map(drop)
        })
    };
    let get: Call = |c| {
        Box::pin(async move {
            c.get_test_session()
                .test_session_id(uuid(SESSION))
                .send()
                .await
                .map(drop)
        })
    };
    let cancel: Call = |c| {
        Box::pin(async move {
            c.cancel_test_session()
                .test_session_id(uuid(SESSION))
                .body(CancelTestSessionRequest::default())
                .send()
                .await
                .map(drop)
        })
    };
    let completion: Call = |c| {
        Box::pin(async move {
            c.await_test_session_completion()
                .test_session_id(uuid(SESSION))
                .send()
                .await
                .map(drop)
        })
    };
    let result: Call = |c| {
        Box::pin(async move {
            c.get_test_session_result()
                .test_session_id(uuid(SESSION))
                .test_session_result_id(uuid(RESULT))
                .send()
                .await
                .map(drop)
        })
    };
    let assets: Call = |c| {
        Box::pin(async move {
            c.get_test_session_result_assets()
                .test_session_id(uuid(SESSION))
                .test_session_result_id(uuid(RESULT))
                .send()
                .await
                .map(drop)
        })
    };
    let results = format!("/v1/test-sessions/{SESSION}/results/{RESULT}");
    let operations: [(&str, &str, String, Call, &[u16]); 7] = [
        (
            "list_test_sessions",
            "GET",
            "/v1/test-sessions".into(),
            list,
            &[400, 401, 402, 403, 429],
        ),
        (
            "trigger_test_session",
            "POST",
            "/v1/test-sessions/trigger".into(),
            trigger,
            &[400, 401, 402, 403, 404, 429],
        ),
        (
            "get_test_session",
            "GET",
            format!("/v1/test-sessions/{SESSION}"),
            get,
            &[400, 401, 403, 404, 429],
        ),
        (
            "cancel_test_session",
            "POST",
            format!("/v1/test-sessions/{SESSION}/cancel"),
            cancel,
            &[400, 401, 403, 404, 429],
        ),
        (
            "await_test_session_completion",
            "GET",
            format!("/v1/test-sessions/{SESSION}/completion"),
            completion,
            &[400, 401, 403, 404, 429],
        ),
        (
            "get_test_session_result",
            "GET",
            results.clone(),
            result,
            &[400, 401, 403, 404, 429],
        ),
        (
            "get_test_session_result_assets",
            "GET",
            format!("{results}/assets"),
            assets,
            &[400, 401, 403, 404, 429],
        ),
    ];
    let server = MockServer::start_async().await;
    let client = client(builder_with_key(KEY), &server.base_url());
    for (operation, method, path, call, statuses) in operations {
        for &status in statuses {
            let reason = format!("{operation} refused with {status}");
            let body = json!({"statusCode": status, "error": "Refused", "message": reason});
            let mock = server
                .mock_async(|when, then| {
                    when.method(method).path(path.clone());
                    // A wait longer than the retry policy allows: 429 is not retried.
                    then.status(status)
                        .header("x-request-id", format!("req-{status}"))
                        .header("retry-after", "120")
                        .json_body(body);
                })
                .await;
            let err = call(&client).await.unwrap_err();
            let kind = match status {
                401 => ErrorKind::Auth,
                403 => ErrorKind::Forbidden,
                404 => ErrorKind::NotFound,
                429 => ErrorKind::RateLimited,
                _ => ErrorKind::Client,
            };
            assert_eq!(err.kind(), kind, "{reason}: {err}");
            assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{reason}");
            assert_eq!(err.request_id(), Some(format!("req-{status}").as_str()));
            assert_eq!(err.attempts(), 1, "{reason}");
            assert_eq!(
                err.typed_body(),
                Some(
                    &ApiError::try_from(
                        ApiError::builder()
                            .status_code(f64::from(status))
                            .error("Refused")
                            .message(reason.clone())
                    )
                    .unwrap()
                ),
            );
            assert!(err.to_string().contains(operation), "{err}");
            assert_eq!(mock.calls_async().await, 1, "{reason}");
            mock.delete_async().await;
        }
    }
}

#[tokio::test]
async fn errors_keep_the_raw_body_and_never_show_the_key() {
    let server = MockServer::start_async().await;
    let unauthorized = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .header("authorization", "Bearer cu_revoked");
            then.status(401).json_body(
                json!({"statusCode": 401, "error": "Unauthorized", "message": "Bad token"}),
            );
        })
        .await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .query_param("nextId", "busy");
            then.status(429)
                .header("retry-after", "120")
                .body("rate limited");
        })
        .await;

    let err = client(builder_with_key("cu_revoked"), &server.base_url())
        .list_test_sessions()
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        serde_json::from_str::<Value>(err.body().unwrap()).unwrap()["message"],
        "Bad token"
    );
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("list_test_sessions: authentication failed (HTTP 401)"));
    assert!(!shown.contains("cu_revoked"), "{shown}");
    assert_eq!(unauthorized.calls_async().await, 1);

    // A body that is not the documented error keeps its text and has no typed body.
    let err = client(builder_with_key(KEY), &server.base_url())
        .list_test_sessions()
        .next_id("busy")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.typed_body(), None);
    assert_eq!(err.body(), Some("rate limited"));
    assert_eq!(limited.calls_async().await, 1);
}

#[tokio::test]
async fn from_env_reads_the_key_and_the_account_and_names_a_missing_one() {
    let env = EnvGuard::save(&["CHECKLY_API_KEY", "CHECKLY_ACCOUNT_ID"]);
    let missing = |expected: &str| {
        let err = testops_checkly::Client::from_env().unwrap_err();
        assert!(
            matches!(err, ConfigError::MissingEnv { name, .. } if name == expected),
            "{err:?}"
        );
        assert!(err.to_string().contains(expected), "{err}");
    };
    env.remove("CHECKLY_API_KEY");
    env.remove("CHECKLY_ACCOUNT_ID");
    missing("CHECKLY_API_KEY");
    env.set("CHECKLY_API_KEY", KEY);
    missing("CHECKLY_ACCOUNT_ID");
    env.set("CHECKLY_ACCOUNT_ID", " ");
    missing("CHECKLY_ACCOUNT_ID");
    env.set("CHECKLY_ACCOUNT_ID", ACCOUNT);
    let client = testops_checkly::Client::from_env().unwrap();
    assert!(!format!("{client:?}").contains(KEY));

    // The variables' values are what is sent.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/test-sessions")
                .header("authorization", format!("Bearer {KEY}"))
                .header("x-checkly-account", ACCOUNT);
            then.status(200).json_body(sessions_page(&[], None));
        })
        .await;
    testops_checkly::Client::builder(testops_checkly::Credentials::from_env().unwrap())
        .base_url(server.base_url())
        .build()
        .unwrap()
        .list_test_sessions()
        .send()
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
}
