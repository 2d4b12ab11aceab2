//! Credentials never leave the configured origin: every generated client, with its own HTTP
//! client and with one built from a user-supplied `reqwest::ClientBuilder`, against two raw
//! servers on 127.0.0.1 (two ports, two origins). A redirect to the other server stops with
//! `ErrorKind::Redirect` naming it and nothing reaches it; a redirect within the configured origin
//! is followed with the credentials.

use std::time::Duration;

use crate::support::raw::{self, json, redirect, RawServer, Recorded, Reply};
use crate::support::{fixture_text, typed_fixture};
use runtime::{ClientBuilder, ErrorKind, RetryPolicy};

/// The four auth styles: header keys, bearer plus account header, bearer, custom header.
#[derive(Debug, Clone, Copy)]
enum Vendor {
    Datadog,
    Checkly,
    Empirical,
    CircleCi,
}

const VENDORS: [Vendor; 4] = [
    Vendor::Datadog,
    Vendor::Checkly,
    Vendor::Empirical,
    Vendor::CircleCi,
];

/// How a call ended, when it failed.
#[derive(Debug)]
struct Failure {
    kind: ErrorKind,
    status: Option<u16>,
    attempts: u32,
    message: String,
}

fn failure<E: std::fmt::Debug>(error: runtime::Error<E>) -> Failure {
    Failure {
        kind: error.kind(),
        status: error.status().map(|s| s.as_u16()),
        attempts: error.attempts(),
        message: error.to_string(),
    }
}

/// The base URL on `server`, the client's own HTTP client or one from a supplied builder.
fn configure<A: runtime::Api>(builder: ClientBuilder<A>, server: &str, supplied: bool) -> A {
    let builder = builder
        .base_url(format!("{server}/base"))
        .timeout(Duration::from_secs(10))
        .retry(
            RetryPolicy::default()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        );
    let builder = if supplied {
        builder.http_client(reqwest::Client::builder().pool_max_idle_per_host(0))
    } else {
        builder
    };
    builder.build().expect("client")
}

impl Vendor {
    /// The credential headers (lower case) and the values sent.
    fn credentials(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::Datadog => &[
                ("dd-api-key", "dd-api-key-secret-1"),
                ("dd-application-key", "dd-app-key-secret-2"),
            ],
            Self::Checkly => &[
                ("authorization", "Bearer checkly-key-secret-3"),
                ("x-checkly-account", "checkly-account-secret-4"),
            ],
            Self::Empirical => &[("authorization", "Bearer empirical-token-secret-5")],
            Self::CircleCi => &[("circle-token", "circle-token-secret-6")],
        }
    }

    /// The secrets alone, as they would appear anywhere in a request.
    fn secrets(self) -> Vec<&'static str> {
        self.credentials()
            .iter()
            .map(|(_, v)| v.trim_start_matches("Bearer "))
            .collect()
    }

    /// A documented success body of the operation [`Vendor::call`] sends.
    fn success_body(self) -> String {
        let (vendor, name) = match self {
            Self::Datadog => ("datadog", "list_ci_app_test_events.response-200"),
            Self::Checkly => ("checkly", "list_test_sessions.response"),
            Self::Empirical => ("empirical", "list_test_runs.response"),
            Self::CircleCi => ("circleci", "get_project_by_slug.response"),
        };
        fixture_text(vendor, name)
    }

    /// Sends one `GET` operation of this vendor's client to `server`.
    async fn call(self, server: &str, supplied: bool) -> Result<(), Failure> {
        let secret = |i: usize| self.secrets()[i];
        match self {
            Self::Datadog => {
                let credentials = testops_datadog::Credentials {
                    api_key: secret(0).into(),
                    application_key: secret(1).into(),
                };
                let client = configure(
                    testops_datadog::Client::builder(credentials),
                    server,
                    supplied,
                );
                let result = client.list_ci_app_test_events().send().await;
                result.map(drop).map_err(failure)
            }
            Self::Checkly => {
                let credentials = testops_checkly::Credentials {
                    api_key: secret(0).into(),
                    account_id: secret(1).into(),
                };
                let client = configure(
                    testops_checkly::Client::builder(credentials),
                    server,
                    supplied,
                );
                let result = client.list_test_sessions().send().await;
                result.map(drop).map_err(failure)
            }
            Self::Empirical => {
                let credentials = testops_empirical::Credentials::new(secret(0));
                let client = configure(
                    testops_empirical::Client::builder(credentials),
                    server,
                    supplied,
                );
                let result = client.list_test_runs().send().await;
                result.map(drop).map_err(failure)
            }
            Self::CircleCi => {
                let credentials = testops_circleci::Credentials::new(secret(0));
                let client = configure(
                    testops_circleci::Client::builder(credentials),
                    server,
                    supplied,
                );
                let result = client
                    .get_project_by_slug()
                    .project_slug("gh/acme/api")
                    .send()
                    .await;
                result.map(drop).map_err(failure)
            }
        }
    }

    /// Panics unless `request` carries every credential of this vendor.
    fn assert_credentials(self, request: &Recorded) {
        for (name, value) in self.credentials() {
            assert_eq!(
                request.header(name),
                Some(*value),
                "{self:?}: {name} in {request:?}"
            );
        }
    }

    /// Panics if any secret of this vendor appears anywhere in `request`.
    fn assert_no_secret(self, request: &Recorded) {
        let text = format!(
            "{} {} {:?} {}",
            request.method,
            request.target,
            request.headers,
            String::from_utf8_lossy(&request.body)
        );
        for secret in self.secrets() {
            assert!(!text.contains(secret), "{self:?}: a secret reached {text}");
        }
        for (name, _) in self.credentials() {
            assert!(
                request.header(name).is_none(),
                "{self:?}: {name} sent in {request:?}"
            );
        }
    }
}

#[tokio::test]
async fn cross_origin_redirects_stop_before_anything_reaches_the_other_origin() {
    for vendor in VENDORS {
        for status in [301, 302, 303, 307, 308] {
            for supplied in [false, true] {
                let case = format!("{vendor:?} {status} supplied client: {supplied}");
                let other = RawServer::start(|_, _| Reply::Close(json("{}"))).await;
                let location = format!("{}/collect?from=redirect", other.url());
                let origin =
                    RawServer::start(move |_, _| Reply::Close(redirect(status, &location))).await;
                let err = vendor.call(&origin.url(), supplied).await.expect_err(&case);
                assert_eq!(err.kind, ErrorKind::Redirect, "{case}: {err:?}");
                assert_eq!(err.status, Some(status), "{case}");
                assert_eq!(err.attempts, 1, "{case}: a refused redirect is not retried");
                assert!(
                    err.message
                        .contains(&format!("http://127.0.0.1:{}", other.port())),
                    "{case}: the error names the target origin: {}",
                    err.message
                );
                for secret in vendor.secrets() {
                    assert!(!err.message.contains(secret), "{case}: {}", err.message);
                }
                let received = other.requests();
                for request in &received {
                    vendor.assert_no_secret(request);
                }
                assert!(received.is_empty(), "{case}: {received:?}");
                let sent = origin.requests();
                assert_eq!(sent.len(), 1, "{case}");
                vendor.assert_credentials(&sent[0]);
            }
        }
    }
}

#[tokio::test]
async fn same_origin_redirects_are_followed_with_the_credentials() {
    for vendor in VENDORS {
        for status in [301, 302, 307, 308] {
            for supplied in [false, true] {
                let case = format!("{vendor:?} {status} supplied client: {supplied}");
                let body = vendor.success_body();
                let server = RawServer::start(move |n, _| match n {
                    0 => Reply::Close(redirect(status, "/moved/here?page=2")),
                    _ => Reply::Close(json(&body)),
                })
                .await;
                vendor
                    .call(&server.url(), supplied)
                    .await
                    .unwrap_or_else(|e| panic!("{case}: {e:?}"));
                let sent = server.requests();
                assert_eq!(sent.len(), 2, "{case}");
                assert!(sent[0].target.starts_with("/base/"), "{case}: {sent:?}");
                assert_eq!(sent[1].target, "/moved/here?page=2", "{case}");
                for request in &sent {
                    vendor.assert_credentials(request);
                }
            }
        }
    }
}

#[tokio::test]
async fn a_307_replays_a_post_body_within_the_origin() {
    let body = fixture_text("datadog", "search_ci_app_test_events.response-200");
    let server = RawServer::start(move |n, _| match n {
        0 => Reply::Close(redirect(307, "/elsewhere/search")),
        _ => Reply::Close(json(&body)),
    })
    .await;
    let credentials = testops_datadog::Credentials {
        api_key: "dd-api".into(),
        application_key: "dd-app".into(),
    };
    let client = configure(
        testops_datadog::Client::builder(credentials),
        &server.url(),
        false,
    );
    let request: testops_datadog::types::CiAppTestEventsRequest =
        typed_fixture("datadog", "search_ci_app_test_events.request");
    client
        .search_ci_app_test_events()
        .body(request)
        .send()
        .await
        .unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].method, "POST");
    assert_eq!(sent[1].target, "/elsewhere/search");
    assert_eq!(sent[1].body, sent[0].body);
    assert!(!sent[1].body.is_empty());
    assert_eq!(sent[1].header("dd-api-key"), Some("dd-api"));
    assert_eq!(sent[1].header("dd-application-key"), Some("dd-app"));
}

#[tokio::test]
async fn an_upgrade_to_https_on_the_same_host_is_refused_too() {
    for supplied in [false, true] {
        let server = RawServer::start(|_, request| {
            let location = format!("https://127.0.0.1{}", request.target);
            Reply::Close(redirect(301, &location))
        })
        .await;
        let err = Vendor::CircleCi
            .call(&server.url(), supplied)
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Redirect, "{err:?}");
        assert!(
            err.message.contains("https://127.0.0.1:443"),
            "{}",
            err.message
        );
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_redirect_to_another_port_or_host_name_of_the_same_machine_is_another_origin() {
    let other = RawServer::start(|_, _| Reply::Close(json("{}"))).await;
    for host in ["127.0.0.1", "localhost"] {
        let location = format!("http://{host}:{}/x", other.port());
        let origin = RawServer::start(move |_, _| Reply::Close(redirect(302, &location))).await;
        let err = Vendor::Datadog
            .call(&origin.url(), false)
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Redirect, "{host}: {err:?}");
    }
    assert!(other.requests().is_empty());
}

#[tokio::test]
async fn endless_same_origin_redirects_stop_after_ten() {
    let server = RawServer::start(|n, _| Reply::Close(redirect(302, &format!("/loop/{n}")))).await;
    let err = Vendor::Empirical
        .call(&server.url(), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Redirect, "{err:?}");
    assert!(
        err.message.contains("more than 10 redirects"),
        "{}",
        err.message
    );
    assert_eq!(err.attempts, 1);
    assert_eq!(server.requests().len(), 11);
}

#[tokio::test]
async fn a_redirect_without_location_is_an_unexpected_status() {
    let server =
        RawServer::start(|_, _| Reply::Close(raw::response(302, &[], b"moved somewhere"))).await;
    let err = Vendor::Checkly
        .call(&server.url(), false)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::UnexpectedStatus, "{err:?}");
    assert_eq!(err.status, Some(302));
    assert_eq!(server.requests().len(), 1);
}

/// The control: the same servers catch what reqwest's default policy forwards on a cross-origin
/// redirect (every header but `Authorization`), so the tests above would see a leak.
#[tokio::test]
async fn the_servers_catch_what_a_default_reqwest_client_forwards() {
    let other = RawServer::start(|_, _| Reply::Close(json("{}"))).await;
    let location = format!("{}/collect", other.url());
    let origin = RawServer::start(move |_, _| Reply::Close(redirect(302, &location))).await;
    reqwest::Client::new()
        .get(origin.url())
        .header("dd-api-key", "leaked-key")
        .header("circle-token", "leaked-token")
        .send()
        .await
        .unwrap();
    let received = other.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("dd-api-key"), Some("leaked-key"));
    assert_eq!(received[0].header("circle-token"), Some("leaked-token"));
}
