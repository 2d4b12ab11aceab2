//! Behaviour of the generated Checkly (`list_test_sessions`) and Empirical (`list_test_runs`)
//! clients against a local mock server: the exact requests they send, the typed decoding of the
//! fixtures under `tests/fixtures/{checkly,empirical}/`, cursor and page-number pagination,
//! parameter limits, error responses and `from_env()`.

mod support;

use support::{assert_same_json, fast_retries, path_and_query};

use std::ffi::OsString;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use serde_json::{json, Value};
use uuid::Uuid;

const CHECKLY_KEY: &str = "cu_7d1f0c2a9b8e4d6f";
const CHECKLY_ACCOUNT: &str = "0f2d6a8e-41c7-4b9e-9a53-6e1c8d2b7f90";
const EMPIRICAL_TOKEN: &str = "emp_live_3a9c51e0f7b2";

const CHECKLY_FIXTURE: &str = include_str!("../fixtures/checkly/list_test_sessions.response.json");
const EMPIRICAL_FIXTURE: &str = include_str!("../fixtures/empirical/list_test_runs.response.json");

fn checkly(base_url: &str) -> checkly_client::Client {
    checkly_with_key(base_url, CHECKLY_KEY)
}

fn checkly_with_key(base_url: &str, key: &str) -> checkly_client::Client {
    checkly_client::Client::builder(checkly_client::Credentials::new(key, CHECKLY_ACCOUNT))
        .base_url(base_url)
        .retry(fast_retries())
        .build()
        .unwrap()
}

fn empirical(base_url: &str) -> empirical_client::Client {
    empirical_client::Client::builder(empirical_client::Credentials::new(EMPIRICAL_TOKEN))
        .base_url(base_url)
        .retry(fast_retries())
        .build()
        .unwrap()
}

fn uuid(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap()
}

/// A UTC instant built field by field, independent of any RFC 3339 parser.
fn utc(date: (i32, u32, u32), time: (u32, u32, u32), millis: u32) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(date.0, date.1, date.2)
        .unwrap()
        .and_hms_milli_opt(time.0, time.1, time.2, millis)
        .unwrap()
        .and_utc()
}

/// Saves environment variables and restores them when dropped.
struct EnvGuard(Vec<(&'static str, Option<OsString>)>);

impl EnvGuard {
    fn save(names: &[&'static str]) -> Self {
        Self(
            names
                .iter()
                .map(|name| (*name, std::env::var_os(name)))
                .collect(),
        )
    }
}

impl Drop for EnvGuard {
    fn drop(&mut self) {
        for (name, value) in &self.0 {
            match value {
                Some(value) => std::env::set_var(name, value),
                None => std::env::remove_var(name),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checkly
// ---------------------------------------------------------------------------------------------

mod checkly_tests {
    use super::*;
    use checkly_client::types::{
        ListTestSessionsProvidersItem as Provider, ListTestSessionsStatusesItem as Status,
        TestSessionInvoker,
    };
    use checkly_client::{ConfigError, ErrorKind};

    /// The smallest session the spec accepts: only its required fields.
    fn session(n: u32) -> Value {
        json!({
            "id": format!("00000000-0000-4000-8000-{n:012x}"),
            "accountId": CHECKLY_ACCOUNT,
            "provider": "API",
            "startedAt": "2025-03-14T10:00:00Z",
            "created_at": "2025-03-14T10:00:00Z",
            "running": [],
            "passed": [],
            "failed": [],
        })
    }

    fn sessions_page(ids: &[u32], next_id: Option<&str>) -> Value {
        let entries: Vec<Value> = ids.iter().map(|n| session(*n)).collect();
        json!({"length": entries.len(), "entries": entries, "nextId": next_id})
    }

    fn ids_of(sessions: &[checkly_client::types::TestSession]) -> Vec<u128> {
        sessions
            .iter()
            .map(|s| s.id.as_u128() & 0xFFFF_FFFF_FFFF)
            .collect()
    }

    #[tokio::test]
    async fn sends_every_parameter_and_the_auth_headers_and_decodes_the_fixture() {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/test-sessions")
                    .header("authorization", format!("Bearer {CHECKLY_KEY}"))
                    .header("x-checkly-account", CHECKLY_ACCOUNT)
                    .header("accept", "application/json")
                    .header("user-agent", "checkly-client/0.1.0")
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
                                &search=coupon+%26+checkout%3D%C3%A9\
                                &statuses=RUNNING&statuses=PASSED\
                                &to=1741996800\
                                &users=ada&users=u_42"
                    });
                then.status(200)
                    .header("content-type", "application/json")
                    .body(CHECKLY_FIXTURE);
            })
            .await;
        let response = checkly(&server.base_url())
            .list_test_sessions()
            .branches(vec!["main".to_string(), "release/2025.03".to_string()])
            .error_group_id("eg_7f3a")
            .from(1_741_910_400)
            .limit(50)
            .next_id("e9a0b7c6-2f1d-4e3c-8b5a-4d6e7f809a1b")
            .no_users(true)
            .providers(vec![Provider::Github, Provider::PwReporter])
            .search("coupon & checkout=é")
            .statuses(vec![Status::Running, Status::Passed])
            .to(1_741_996_800)
            .users(vec!["ada".to_string(), "u_42".to_string()])
            .send()
            .await
            .unwrap();
        assert_eq!(mock.calls_async().await, 1);
        assert_eq!(response.status(), 200);
        let page = response.into_inner();

        assert_eq!(page.length, 2);
        assert_eq!(
            page.next_id.as_deref(),
            Some("e9a0b7c6-2f1d-4e3c-8b5a-4d6e7f809a1b")
        );
        assert_eq!(page.entries.len(), 2);

        // A finished session from a GitHub deployment, on a public location.
        let done = &page.entries[0];
        assert_eq!(done.id, uuid("7b1e4c52-9d3a-4f0e-8a61-2c5d9e0f3b14"));
        assert_eq!(done.account_id, uuid(CHECKLY_ACCOUNT));
        assert_eq!(done.name.as_deref(), Some("Deploy checks: checkout flow"));
        assert_eq!(done.provider, "GITHUB");
        assert!(done.cancelled.is_empty());
        assert_eq!(done.region.as_deref(), Some("eu-west-1"));
        assert_eq!(done.started_at, utc((2025, 3, 14), (9, 26, 53), 412));
        assert_eq!(done.created_at, utc((2025, 3, 14), (9, 26, 53), 412));
        assert_eq!(
            done.project_id,
            Some(uuid("c3a9e1f7-5b24-4d8a-b6e0-91f4a7d2c835"))
        );
        assert!(done.running.is_empty());
        assert_eq!(
            done.passed,
            [
                uuid("a4f1c9e2-3b7d-4e58-9c06-d1e2f3a4b5c6"),
                uuid("b5e2d0f3-4c8e-4f69-8d17-e2f3a4b5c6d7"),
            ]
        );
        assert_eq!(done.failed, [uuid("c6d3e1a4-5d9f-4a7a-9e28-f3a4b5c6d7e8")]);
        assert_eq!(done.private_location_id, None);
        assert_eq!(
            done.invoker,
            Some(TestSessionInvoker {
                name: Some("Ada Lovelace".into()),
                picture: Some("https://avatars.githubusercontent.com/u/1234567?v=4".into()),
            })
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
        assert_eq!(running.region, None);
        assert_eq!(running.project_id, None);
        assert_eq!(
            running.running,
            [
                uuid("d7e4f2b5-6e0a-4b8b-8f39-a4b5c6d7e8f9"),
                uuid("e8f5a3c6-7f1b-4c9c-9a4a-b5c6d7e8f9a0"),
            ]
        );
        assert!(running.passed.is_empty() && running.failed.is_empty());
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

        // Re-serialised, the page means the fixture (nulls and the empty `cancelled` lists
        // become absent keys).
        let fixture: Value = serde_json::from_str(CHECKLY_FIXTURE).unwrap();
        assert_same_json("page", &serde_json::to_value(&page).unwrap(), &fixture);
        // ... and decodes to the same value again.
        let again: checkly_client::types::TestSessionList =
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
        let page = checkly(&server.base_url())
            .list_test_sessions()
            .providers(vec![Provider::from("GITLAB")])
            .statuses(vec![Status::Unknown("SKIPPED".into()), Status::Failed])
            .send()
            .await
            .unwrap()
            .into_inner();
        assert_eq!(mock.calls_async().await, 1);
        assert_eq!(page.length, 0);
        assert!(page.entries.is_empty());
        assert_eq!(page.next_id, None);
        assert_eq!(Provider::from("GITLAB"), Provider::Unknown("GITLAB".into()));
        assert_eq!("PASSED".parse::<Status>().unwrap(), Status::Passed);
    }

    #[tokio::test]
    async fn pages_follow_the_cursor_until_it_is_null() {
        let server = MockServer::start_async().await;
        let first = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/test-sessions")
                    .query_param("limit", "2")
                    .query_param("statuses", "FAILED")
                    .query_param_missing("nextId");
                then.status(200)
                    .json_body(sessions_page(&[1, 2], Some("cursor-2")));
            })
            .await;
        let second = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/test-sessions").is_true(|req| {
                    path_and_query(req)
                        == "/v1/test-sessions?limit=2&nextId=cursor-2&statuses=FAILED"
                });
                then.status(200)
                    .json_body(sessions_page(&[3, 4], Some("cursor-3")));
            })
            .await;
        let third = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/test-sessions").is_true(|req| {
                    path_and_query(req)
                        == "/v1/test-sessions?limit=2&nextId=cursor-3&statuses=FAILED"
                });
                then.status(200).json_body(sessions_page(&[5], None));
            })
            .await;
        let client = checkly(&server.base_url());
        let request = || {
            client
                .list_test_sessions()
                .limit(2)
                .statuses(vec![Status::Failed])
        };

        let pages: Vec<_> = request().pages().try_collect().await.unwrap();
        let cursors: Vec<_> = pages.iter().map(|p| p.next_id.as_deref()).collect();
        assert_eq!(cursors, [Some("cursor-2"), Some("cursor-3"), None]);
        for mock in [&first, &second, &third] {
            assert_eq!(mock.calls_async().await, 1);
        }

        let sessions: Vec<_> = request().stream().try_collect().await.unwrap();
        assert_eq!(ids_of(&sessions), [1, 2, 3, 4, 5]);
        for mock in [&first, &second, &third] {
            assert_eq!(mock.calls_async().await, 2);
        }
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
        let sessions: Vec<_> = checkly(&server.base_url())
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
        let client = checkly(&server.base_url());

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
        let client = checkly(&server.base_url());
        let rejected = [
            (
                client.list_test_sessions().limit(101),
                "parameter `limit` must be at most 100 (got 101)",
            ),
            (
                client.list_test_sessions().search("ab"),
                "parameter `search` must be at least 3 characters long (got 2)",
            ),
            (
                client.list_test_sessions().search("x".repeat(201)),
                "parameter `search` must be at most 200 characters long (got 201)",
            ),
            (
                client.list_test_sessions().next_id(""),
                "parameter `nextId` must be at least 1 characters long (got 0)",
            ),
            (
                client.list_test_sessions().error_group_id(""),
                "parameter `errorGroupId` must be at least 1 characters long (got 0)",
            ),
        ];
        for (request, message) in rejected {
            let err = request.send().await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
            assert_eq!(err.attempts(), 0);
            assert_eq!(err.status(), None);
            assert!(err.to_string().contains(message), "{err}");
        }
        // A stream checks too, before its first request.
        let err = client
            .list_test_sessions()
            .limit(101)
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
            .search("abc")
            .send()
            .await
            .unwrap();
        client
            .list_test_sessions()
            .search("é".repeat(200))
            .send()
            .await
            .unwrap();
        assert_eq!(any.calls_async().await, 3);
    }

    #[tokio::test]
    async fn error_responses_keep_status_and_raw_json_body() {
        let server = MockServer::start_async().await;
        let unauthorized =
            server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path("/v1/test-sessions")
                        .header("authorization", "Bearer cu_revoked");
                    then.status(401).header("x-request-id", "req-401").json_body(
                    json!({"statusCode": 401, "error": "Unauthorized", "message": "Bad token"}),
                );
                })
                .await;
        let not_found = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/test-sessions")
                    .query_param("nextId", "gone");
                then.status(404).json_body(
                    json!({"statusCode": 404, "error": "Not Found", "message": "Not Found"}),
                );
            })
            .await;
        let limited = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/test-sessions")
                    .query_param("nextId", "busy");
                then.status(429).header("retry-after", "120").json_body(
                    json!({"statusCode": 429, "error": "Too Many Requests", "message": "Slow down"}),
                );
            })
            .await;

        let err = checkly_with_key(&server.base_url(), "cu_revoked")
            .list_test_sessions()
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
        assert_eq!(err.request_id(), Some("req-401"));
        assert_eq!(
            err.typed_body(),
            Some(&json!({"statusCode": 401, "error": "Unauthorized", "message": "Bad token"}))
        );
        assert_eq!(
            serde_json::from_str::<Value>(err.body().unwrap()).unwrap()["message"],
            "Bad token"
        );
        assert_eq!(err.attempts(), 1);
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("list_test_sessions: authentication failed (HTTP 401)"));
        assert!(!shown.contains("cu_revoked"), "{shown}");
        assert_eq!(unauthorized.calls_async().await, 1);

        let client = checkly(&server.base_url());
        let err = client
            .list_test_sessions()
            .next_id("gone")
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
        assert_eq!(err.typed_body().unwrap()["error"], "Not Found");
        assert_eq!(err.retry_after(), None);
        assert_eq!(not_found.calls_async().await, 1);

        // The server asks for a wait longer than the policy's total (60 s): no retry, no sleep.
        let started = Instant::now();
        let err = client
            .list_test_sessions()
            .next_id("busy")
            .send()
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(err.kind(), ErrorKind::RateLimited);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
        assert_eq!(err.typed_body().unwrap()["message"], "Slow down");
        assert_eq!(err.attempts(), 1);
        assert_eq!(limited.calls_async().await, 1);
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
        let err = checkly(&server.base_url())
            .list_test_sessions()
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
        assert!(err.body().unwrap().contains("not-a-uuid"));
    }

    /// The only test that touches `CHECKLY_*` variables.
    #[tokio::test]
    async fn from_env_reads_the_key_and_the_account_and_names_a_missing_one() {
        let _restore = EnvGuard::save(&["CHECKLY_API_KEY", "CHECKLY_ACCOUNT_ID"]);
        let missing = |expected: &str| {
            let err = checkly_client::Client::from_env().unwrap_err();
            assert!(
                matches!(err, ConfigError::MissingEnv { name, .. } if name == expected),
                "{err:?}"
            );
            assert!(err.to_string().contains(expected), "{err}");
        };
        std::env::remove_var("CHECKLY_API_KEY");
        std::env::remove_var("CHECKLY_ACCOUNT_ID");
        missing("CHECKLY_API_KEY");
        std::env::set_var("CHECKLY_API_KEY", CHECKLY_KEY);
        missing("CHECKLY_ACCOUNT_ID");
        std::env::set_var("CHECKLY_ACCOUNT_ID", " ");
        missing("CHECKLY_ACCOUNT_ID");
        std::env::set_var("CHECKLY_ACCOUNT_ID", CHECKLY_ACCOUNT);
        let client = checkly_client::Client::from_env().unwrap();
        assert!(!format!("{client:?}").contains(CHECKLY_KEY));

        // The variables' values are what is sent.
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/v1/test-sessions")
                    .header("authorization", format!("Bearer {CHECKLY_KEY}"))
                    .header("x-checkly-account", CHECKLY_ACCOUNT);
                then.status(200).json_body(sessions_page(&[], None));
            })
            .await;
        checkly_client::Client::builder(checkly_client::Credentials::from_env().unwrap())
            .base_url(server.base_url())
            .build()
            .unwrap()
            .list_test_sessions()
            .send()
            .await
            .unwrap();
        assert_eq!(mock.calls_async().await, 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Empirical
// ---------------------------------------------------------------------------------------------

mod empirical_tests {
    use super::*;
    use empirical_client::types::{ListTestRunsResult, TestRunState};
    use empirical_client::{ConfigError, ErrorKind};

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

    fn ids_of(runs: &[empirical_client::types::TestRun]) -> Vec<i64> {
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
                    .header("user-agent", "empirical-client/0.1.0")
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
                    .body(EMPIRICAL_FIXTURE);
            })
            .await;
        let response = empirical(&server.base_url())
            .list_test_runs()
            .branch("fix/coupon-rounding")
            .environment_ids("3,7")
            .id(18734)
            .interval_in_days(7)
            .page(1)
            .per_page(20)
            .result(ListTestRunsResult::Failed)
            .state(TestRunState::Ended)
            .send()
            .await
            .unwrap();
        assert_eq!(mock.calls_async().await, 1);
        assert_eq!(response.status(), 200);
        let page = response.into_inner();

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
        let fixture: Value = serde_json::from_str(EMPIRICAL_FIXTURE).unwrap();
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
                when.method(GET).path("/api/test-runs").is_true(|req| {
                    path_and_query(req) == "/api/test-runs?result=flaky&state=paused"
                });
                then.status(200).json_body(runs_page(&[], 1, 0));
            })
            .await;
        let page = empirical(&server.base_url())
            .list_test_runs()
            .result(ListTestRunsResult::from("flaky"))
            .state(TestRunState::Unknown("paused".into()))
            .send()
            .await
            .unwrap()
            .into_inner();
        assert!(page.data.test_runs.items.is_empty());
        assert_eq!(mock.calls_async().await, 1);
    }

    #[tokio::test]
    async fn pages_are_numbered_up_to_total_pages() {
        let server = MockServer::start_async().await;
        let mut mocks = Vec::new();
        for (page, ids) in [(1, vec![1, 2]), (2, vec![3, 4]), (3, vec![5])] {
            let body = runs_page(&ids, page, 3);
            let mock = server
                .mock_async(move |when, then| {
                    when.method(GET).path("/api/test-runs").is_true(move |req| {
                        path_and_query(req)
                            == format!("/api/test-runs?branch=main&page={page}&per_page=2")
                    });
                    then.status(200).json_body(body);
                })
                .await;
            mocks.push(mock);
        }
        // A fourth page would be a stray request.
        let beyond = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/test-runs")
                    .query_param("page", "4");
                then.status(200).json_body(runs_page(&[6], 4, 3));
            })
            .await;
        let client = empirical(&server.base_url());
        let request = || client.list_test_runs().branch("main").per_page(2).page(1);

        let pages: Vec<_> = request().pages().try_collect().await.unwrap();
        let numbers: Vec<_> = pages.iter().map(|p| p.pagination.page).collect();
        assert_eq!(numbers, [1, 2, 3]);
        for mock in &mocks {
            assert_eq!(mock.calls_async().await, 1);
        }

        let runs: Vec<_> = request().stream().try_collect().await.unwrap();
        assert_eq!(ids_of(&runs), [1, 2, 3, 4, 5]);
        for mock in &mocks {
            assert_eq!(mock.calls_async().await, 2);
        }
        assert_eq!(beyond.calls_async().await, 0);
    }

    #[tokio::test]
    async fn a_stream_without_a_page_starts_at_the_default_and_stops_when_capped() {
        let server = MockServer::start_async().await;
        let first = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/test-runs")
                    .query_param_missing("page");
                then.status(200).json_body(runs_page(&[1, 2], 1, 3));
            })
            .await;
        let second = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/test-runs")
                    .query_param("page", "2");
                then.status(200).json_body(runs_page(&[3, 4], 2, 3));
            })
            .await;
        let third = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/api/test-runs")
                    .query_param("page", "3");
                then.status(200).json_body(runs_page(&[5], 3, 3));
            })
            .await;
        let client = empirical(&server.base_url());

        let two: Vec<_> = client
            .list_test_runs()
            .stream()
            .take(2)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids_of(&two), [1, 2]);
        assert_eq!(first.calls_async().await, 1);
        assert_eq!(second.calls_async().await, 0);

        let three: Vec<_> = client
            .list_test_runs()
            .stream()
            .take(3)
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids_of(&three), [1, 2, 3]);
        assert_eq!(first.calls_async().await, 2);
        assert_eq!(second.calls_async().await, 1);
        assert_eq!(third.calls_async().await, 0);

        let all: Vec<_> = client
            .list_test_runs()
            .stream()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(ids_of(&all), [1, 2, 3, 4, 5]);
        assert_eq!(third.calls_async().await, 1);
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
        let client = empirical(&server.base_url());
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
        let client = empirical(&server.base_url());

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

    /// The only test that touches `EMPIRICAL_API_KEY`.
    #[tokio::test]
    async fn from_env_reads_the_key_and_names_it_when_missing() {
        let _restore = EnvGuard::save(&["EMPIRICAL_API_KEY"]);
        for unset in [None, Some("")] {
            match unset {
                None => std::env::remove_var("EMPIRICAL_API_KEY"),
                Some(value) => std::env::set_var("EMPIRICAL_API_KEY", value),
            }
            let err = empirical_client::Client::from_env().unwrap_err();
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
        std::env::set_var("EMPIRICAL_API_KEY", EMPIRICAL_TOKEN);
        let client = empirical_client::Client::from_env().unwrap();
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
        empirical_client::Client::builder(empirical_client::Credentials::from_env().unwrap())
            .base_url(server.base_url())
            .build()
            .unwrap()
            .list_test_runs()
            .send()
            .await
            .unwrap();
        assert_eq!(mock.calls_async().await, 1);
    }
}
