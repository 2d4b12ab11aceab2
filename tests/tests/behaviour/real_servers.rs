//! What real servers answer, through the generated clients, against a loopback HTTP server that
//! records the exact request lines: CircleCI's two spellings of property names, answers without
//! fields the document marks required, project slugs sent with raw slashes, the body as received
//! beside the typed value, decode errors that name the failing field, empty success bodies, and
//! the rate-limit gate one client shares with its clones.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use runtime::ErrorKind;
use serde_json::json;
use testops_circleci::{Client, Credentials};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// An answer: status, extra headers, body.
type Answer = (u16, Vec<(String, String)>, String);

/// A loopback HTTP/1.1 server: one request per connection, answered by `respond` with the
/// request line (`GET /api/v2/me HTTP/1.1`); it records every request line. Stops when dropped.
struct Loopback {
    url: String,
    lines: Arc<Mutex<Vec<String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Loopback {
    async fn start(respond: impl Fn(&str) -> Answer + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}/api/v2", listener.local_addr().unwrap());
        let lines = Arc::new(Mutex::new(Vec::new()));
        let respond = Arc::new(respond);
        let recorded = lines.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let respond = respond.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    let Some(line) = read_request(&mut stream).await else {
                        return;
                    };
                    recorded.lock().unwrap().push(line.clone());
                    let (status, headers, body) = respond(&line);
                    let mut head = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n\
                         content-length: {}\r\nconnection: close\r\n",
                        body.len()
                    );
                    for (name, value) in headers {
                        head.push_str(&format!("{name}: {value}\r\n"));
                    }
                    head.push_str("\r\n");
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(body.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        Self { url, lines, task }
    }

    /// A server answering every request with `status` and `body`.
    async fn answering(status: u16, body: &'static str) -> Self {
        Self::start(move |_| (status, vec![], body.to_string())).await
    }

    fn client(&self) -> Client {
        self.builder().build().expect("client")
    }

    fn builder(&self) -> runtime::ClientBuilder<Client> {
        Client::builder(Credentials::new("token")).base_url(&self.url)
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }
}

/// Reads one request (head and `content-length` body); its request line.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    while data.len() < head_end + length {
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    head.lines().next().map(str::to_string)
}

const USER_ID: &str = "5f1b4a0c-6c2e-4b77-9d0a-52b2f8f0b0a1";

// ---------------------------------------------------------------------------------------------
// Spellings
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn collaborations_decode_in_both_spellings_and_serialise_as_documented() {
    for spelling in ["vcs_type", "vcs-type"] {
        let body = json!([{
            "avatar_url": "https://avatars/1", "id": USER_ID, "name": "acme",
            "slug": "gh/acme", spelling: "github"
        }]);
        let server = Loopback::start(move |_| (200, vec![], body.to_string())).await;
        let collaborations = server.client().get_collaborations().send().await.unwrap();
        assert_eq!(collaborations[0].vcs_type, "github", "{spelling}");
        assert_eq!(collaborations[0].slug, "gh/acme");
        // Serialising keeps the documented name.
        let sent = serde_json::to_value(&collaborations[0]).unwrap();
        assert_eq!(sent["vcs-type"], "github");
        assert!(sent.get("vcs_type").is_none());
    }
}

#[tokio::test]
async fn checkout_keys_flaky_tests_and_env_vars_decode_in_both_spellings() {
    let kebab = |s: &str| s.replace('_', "-");
    let key = |f: &dyn Fn(&str) -> String| {
        json!({"items": [{
            f("public_key"): "ssh-ed25519 AAAA", "type": "deploy-key", "fingerprint": "ab:cd",
            "preferred": true, f("created_at"): "2024-05-01T10:00:00Z"
        }], "next_page_token": null})
    };
    let flaky = |f: &dyn Fn(&str) -> String| {
        json!({f("flaky_tests"): [{
            f("workflow_created_at"): "2024-05-01T10:00:00Z", "classname": "a.B",
            f("job_number"): 7, f("times_flaked"): 3, "source": "x", f("pipeline_number"): 12,
            "file": "a/b.rs", f("workflow_name"): "build", f("job_name"): "test",
            f("workflow_id"): USER_ID, f("test_name"): "it works"
        }], f("total_flaky_tests"): 1})
    };
    let env = |f: &dyn Fn(&str) -> String| {
        json!({"items": [{
            "variable": "TOKEN", f("created_at"): "2024-05-01T10:00:00Z",
            f("updated_at"): "2024-05-02T10:00:00Z", f("context_id"): USER_ID
        }], "next_page_token": null})
    };
    let same = |s: &str| s.to_string();
    for spell in [&same as &dyn Fn(&str) -> String, &kebab] {
        let (k, f, e) = (key(spell), flaky(spell), env(spell));
        let server = Loopback::start(move |line| {
            let body = if line.contains("checkout-key") {
                &k
            } else if line.contains("flaky-tests") {
                &f
            } else {
                &e
            };
            (200, vec![], body.to_string())
        })
        .await;
        let client = server.client();
        let keys = client
            .list_checkout_keys()
            .project_slug("gh/acme/api")
            .send()
            .await
            .unwrap();
        assert_eq!(keys.items[0].public_key, "ssh-ed25519 AAAA");
        let flaky = client
            .get_flaky_tests()
            .project_slug("gh/acme/api")
            .send()
            .await
            .unwrap();
        assert_eq!(flaky.flaky_tests[0].times_flaked, 3);
        assert_eq!(flaky.flaky_tests[0].test_name, "it works");
        assert_eq!(flaky.total_flaky_tests, 1.0);
        let vars = client
            .list_environment_variables_from_context()
            .context_id(USER_ID)
            .send()
            .await
            .unwrap();
        assert_eq!(vars.items[0].context_id.to_string(), USER_ID);
    }
}

// ---------------------------------------------------------------------------------------------
// Answers the document does not describe
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_short_me_answer_decodes() {
    let server = Loopback::answering(
        200,
        r#"{"id": "5f1b4a0c-6c2e-4b77-9d0a-52b2f8f0b0a1", "login": "octo", "name": "Octo"}"#,
    )
    .await;
    let user = server.client().get_current_user().send().await.unwrap();
    assert_eq!(user.login, "octo");
    assert_eq!(user.avatar_url, None);
}

#[tokio::test]
async fn both_rerun_acknowledgements_decode() {
    let workflow = "0b7e4c4a-1c9e-4a39-8f8e-2d1a0d1f6a11";
    let documented = format!(r#"{{"workflow_id": "{workflow}"}}"#);
    for (body, id, message) in [
        (documented.as_str(), Some(workflow), None),
        (r#"{"message": "Accepted."}"#, None, Some("Accepted.")),
        (r#"{"status": "queued"}"#, None, None),
    ] {
        let body = body.to_string();
        let server = Loopback::start(move |_| (202, vec![], body.clone())).await;
        let response = server
            .client()
            .rerun_workflow()
            .id(USER_ID)
            .body(testops_circleci::types::RerunWorkflowParameters::builder())
            .send_with_response()
            .await
            .unwrap();
        let ack = response.value();
        assert_eq!(ack.workflow_id.map(|w| w.to_string()).as_deref(), id);
        assert_eq!(ack.message.as_deref(), message);
        assert_eq!(
            server.lines(),
            [format!("POST /api/v2/workflow/{USER_ID}/rerun HTTP/1.1")]
        );
    }
}

#[tokio::test]
async fn the_body_as_received_reaches_fields_the_spec_lacks() {
    let body = json!({"items": [{
        "dependencies": [], "id": USER_ID, "name": "test", "project_slug": "gh/acme/api",
        "status": "success", "type": "build", "started_at": null,
        "created_at": "2024-05-01T10:00:00Z"
    }], "next_page_token": null});
    let text = body.to_string();
    let server = Loopback::start(move |_| (200, vec![], text.clone())).await;
    let response = server
        .client()
        .list_workflow_jobs()
        .id(USER_ID)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.value().items[0].name, "test");
    assert_eq!(response.body().as_ref(), body.to_string().as_bytes());
    let json = response.json().expect("the body is JSON");
    assert_eq!(json["items"][0]["created_at"], "2024-05-01T10:00:00Z");
}

#[tokio::test]
async fn a_decode_failure_names_the_field_the_schema_and_the_spec_and_keeps_the_body() {
    let body = json!([
        {"id": USER_ID, "vcs_type": "github", "name": "a", "slug": "gh/a"},
        {"id": USER_ID, "vcs_type": "github", "name": "b"}
    ])
    .to_string();
    let kept = body.clone();
    let server = Loopback::start(move |_| (200, vec![], kept.clone())).await;
    let e = server
        .client()
        .get_collaborations()
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let text = e.to_string();
    assert!(text.contains("[1].slug: missing"), "{text}");
    assert!(text.contains("`Vec<Collaboration>`"), "{text}");
    assert!(text.contains("specs/circleci.yaml"), "{text}");
    assert_eq!(e.body(), Some(body.as_str()));
}

#[tokio::test]
async fn an_empty_success_body_is_a_decode_error_even_when_every_field_is_optional() {
    for body in ["", "  \r\n"] {
        // Every field of the rerun acknowledgement is optional: `{}` would decode, "" must not.
        let server = Loopback::answering(202, body).await;
        let e = server
            .client()
            .rerun_workflow()
            .id(USER_ID)
            .body(testops_circleci::types::RerunWorkflowParameters::builder())
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
        assert!(e.to_string().contains("empty body"), "{e}");
        let server = Loopback::answering(200, body).await;
        let e = server.client().get_current_user().send().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Slashes
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn project_slugs_go_with_raw_slashes_and_other_parameters_fully_escaped() {
    let server = Loopback::answering(200, r#"{"items": [], "next_page_token": null}"#).await;
    let client = server.client();
    client
        .list_pipelines_for_project()
        .project_slug("gh/acme/api")
        .branch("main")
        .send()
        .await
        .unwrap();
    client
        .list_checkout_keys()
        .project_slug("gh/ac me/a?b#c%d")
        .send()
        .await
        .unwrap();
    // An ordinary parameter keeps its slashes (and a backslash) escaped; the answer (not the
    // documented message) does not matter here.
    let _ = client
        .delete_environment_variable_from_context()
        .context_id(USER_ID)
        .env_var_name(r"A/B\..\C")
        .send()
        .await;
    assert_eq!(
        server.lines(),
        [
            "GET /api/v2/project/gh/acme/api/pipeline?branch=main HTTP/1.1".to_string(),
            "GET /api/v2/project/gh/ac%20me/a%3Fb%23c%25d/checkout-key HTTP/1.1".to_string(),
            format!(
                "DELETE /api/v2/context/{USER_ID}/environment-variable/A%2FB%5C..%5CC HTTP/1.1"
            ),
        ]
    );
}

#[tokio::test]
async fn slugs_with_empty_dot_or_dot_dot_parts_are_refused_before_sending() {
    let server = Loopback::answering(200, r#"{"items": [], "next_page_token": null}"#).await;
    let client = server.client();
    for slug in [
        "",
        "gh/acme/",
        "/gh/acme",
        "gh//api",
        "gh/../api",
        "gh/./api",
        "..",
    ] {
        let e = client
            .list_pipelines_for_project()
            .project_slug(slug)
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidRequest, "{slug:?}");
        assert!(e.to_string().contains("project-slug"), "{e}");
    }
    assert!(server.lines().is_empty(), "nothing was sent");
}

// ---------------------------------------------------------------------------------------------
// The rate-limit gate
// ---------------------------------------------------------------------------------------------

/// A server that admits `per_second` requests in each second since it started, and refuses the
/// others with `429`, `Retry-After: 1` and `X-RateLimit-Remaining: 0`. Counts what it sees.
struct Limited {
    server: Loopback,
    seen: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
}

async fn limited(per_second: usize) -> Limited {
    let seen = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let windows = Arc::new(Mutex::new((Instant::now(), 0u64, 0usize)));
    let (s, r) = (seen.clone(), refused.clone());
    let server = Loopback::start(move |_| {
        s.fetch_add(1, Ordering::SeqCst);
        let mut w = windows.lock().unwrap();
        let window = w.0.elapsed().as_secs();
        if window != w.1 {
            (w.1, w.2) = (window, 0);
        }
        if w.2 < per_second {
            w.2 += 1;
            let body = format!(r#"{{"id": "{USER_ID}", "login": "octo", "name": "Octo"}}"#);
            return (200, vec![], body);
        }
        r.fetch_add(1, Ordering::SeqCst);
        let headers = vec![
            ("retry-after".to_string(), "1".to_string()),
            ("x-ratelimit-remaining".to_string(), "0".to_string()),
        ];
        (
            429,
            headers,
            r#"{"message": "Rate limit exceeded"}"#.to_string(),
        )
    })
    .await;
    Limited {
        server,
        seen,
        refused,
    }
}

/// Sends 50 requests at once through clones of `client`; how many succeeded.
async fn burst(client: Client) -> usize {
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_current_user().send().await })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(user) => {
                assert_eq!(user.login, "octo");
                ok += 1;
            }
            Err(e) => eprintln!("{e}"),
        }
    }
    ok
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_requests_through_one_client_all_succeed_within_100_requests() {
    let server = limited(10).await;
    let ok = burst(server.server.client()).await;
    let (seen, refused) = (
        server.seen.load(Ordering::SeqCst),
        server.refused.load(Ordering::SeqCst),
    );
    eprintln!("one client, 50 at once: {ok} succeeded, {seen} requests seen, {refused} refused");
    assert_eq!(ok, 50, "{seen} requests seen, {refused} refused");
    assert!(seen <= 100, "{seen} requests seen, {refused} refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_ten_in_flight_at_most_sixty_requests_are_sent() {
    let server = limited(10).await;
    let client = server.server.builder().max_concurrency(10).build().unwrap();
    let ok = burst(client).await;
    let (seen, refused) = (
        server.seen.load(Ordering::SeqCst),
        server.refused.load(Ordering::SeqCst),
    );
    eprintln!("max_concurrency(10): {ok} succeeded, {seen} requests seen, {refused} refused");
    assert_eq!(ok, 50, "{seen} requests seen, {refused} refused");
    assert!(seen <= 60, "{seen} requests seen, {refused} refused");
}

#[tokio::test]
async fn a_refusal_pauses_the_next_request_of_a_clone_until_the_reset() {
    let refused = Arc::new(AtomicUsize::new(0));
    let count = refused.clone();
    let server = Loopback::start(move |_| {
        if count.fetch_add(1, Ordering::SeqCst) == 0 {
            let headers = vec![("retry-after".to_string(), "1".to_string())];
            return (429, headers, String::new());
        }
        (
            200,
            vec![],
            format!(r#"{{"id": "{USER_ID}", "login": "octo", "name": "Octo"}}"#),
        )
    })
    .await;
    let client = server
        .builder()
        .retry(runtime::RetryPolicy::disabled())
        .build()
        .unwrap();
    let e = client.get_current_user().send().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RateLimited);
    let start = Instant::now();
    client.clone().get_current_user().send().await.unwrap();
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}
