//! Long polling (`x-long-poll`) as the Checkly client does it for
//! `await_test_session_completion`: `408` means "still running, ask again" until the session
//! arrives, the deadline passes, or another answer comes; none of it uses the retry budget.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use runtime::ClientBuilder;
use testops_checkly::{Client, Credentials, ErrorKind};

use crate::support::client;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const SESSION: &str = "2f6c1d0e-8a4b-4c3d-9e2f-7a1b5c8d0e4f";
const COMPLETED: &str =
    include_str!("../../fixtures/checkly/await_test_session_completion.response.json");
const PENDING: &str = r#"{"statusCode":408,"error":"Request Timeout","message":"still running"}"#;

/// A loopback server answering each connection with the next scripted `(status, body)`, the last
/// one again once the script runs out (status 0: no answer, the connection is held open);
/// records each request's first line.
async fn scripted(script: Vec<(u16, &'static str)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        let mut next = 0;
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut buffer = vec![0u8; 8192];
            let read = socket.read(&mut buffer).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..read]).to_string();
            record
                .lock()
                .unwrap()
                .push(request.lines().next().unwrap_or_default().to_string());
            let (status, body) = script[next.min(script.len() - 1)];
            next += 1;
            if status == 0 {
                tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    drop(socket);
                });
                continue;
            }
            let response = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                 connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    (base, seen)
}

/// A builder with this module's credentials.
fn builder() -> ClientBuilder<Client> {
    Client::builder(Credentials {
        api_key: "cu_test_key".into(),
        account_id: "test-account".into(),
    })
}

#[tokio::test]
async fn pending_answers_are_asked_again_until_the_session_arrives() {
    let (base, seen) = scripted(vec![(408, PENDING), (408, PENDING), (200, COMPLETED)]).await;
    let session = client(builder(), &base)
        .await_test_session_completion()
        .test_session_id(SESSION.parse::<uuid::Uuid>().unwrap())
        .send()
        .await
        .unwrap();
    let expected: serde_json::Value = serde_json::from_str(COMPLETED).unwrap();
    assert_eq!(
        Some(session.test_session_id.to_string().as_str()),
        expected["testSessionId"].as_str()
    );
    let seen = seen.lock().unwrap().clone();
    let line = format!("GET /v1/test-sessions/{SESSION}/completion HTTP/1.1");
    assert_eq!(seen, vec![line.clone(), line.clone(), line]);
}

#[tokio::test]
async fn a_session_still_pending_at_the_deadline_is_a_poll_timeout_keeping_the_last_answer() {
    let (base, seen) = scripted(vec![(408, PENDING)]).await;
    let error = client(builder(), &base)
        .await_test_session_completion()
        .test_session_id(SESSION.parse::<uuid::Uuid>().unwrap())
        .send_within(Duration::from_millis(1500))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::PollTimeout);
    assert_eq!(error.operation(), "await_test_session_completion");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(408));
    assert_eq!(error.body(), Some(PENDING));
    assert_eq!(error.attempts(), 1, "a pending answer is not retried");
    assert!(error.to_string().contains("still pending"), "{error}");
    // At most one round a second: the first round, and at most one more before 1.5 s.
    let rounds = seen.lock().unwrap().len();
    assert!((1..=2).contains(&rounds), "{rounds} rounds");
}

#[tokio::test]
async fn another_error_ends_the_polling_at_once() {
    let (base, seen) = scripted(vec![
        (408, PENDING),
        (
            404,
            r#"{"statusCode":404,"error":"Not Found","message":"no such session"}"#,
        ),
    ])
    .await;
    let error = client(builder(), &base)
        .await_test_session_completion()
        .test_session_id(SESSION.parse::<uuid::Uuid>().unwrap())
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert_eq!(
        error.typed_body().map(|b| b.message.clone()),
        Some("no such session".to_string())
    );
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_round_still_running_at_the_deadline_keeps_the_last_pending_answer() {
    let (base, seen) = scripted(vec![(408, PENDING), (0, "")]).await;
    let error = client(builder(), &base)
        .await_test_session_completion()
        .test_session_id(SESSION.parse::<uuid::Uuid>().unwrap())
        .send_within(Duration::from_secs(3))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::PollTimeout);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(408));
    assert_eq!(error.body(), Some(PENDING));
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn each_round_has_its_own_retries_and_pending_answers_use_none_of_them() {
    const UNAVAILABLE: &str = r#"{"statusCode":503,"error":"Service Unavailable","message":"x"}"#;
    // Three attempts per round (the fast retry policy): 503, 503, 408 ends the first round as
    // pending; 503, 503, 200 is the second. One shared budget would stop after three requests.
    let (base, seen) = scripted(vec![
        (503, UNAVAILABLE),
        (503, UNAVAILABLE),
        (408, PENDING),
        (503, UNAVAILABLE),
        (503, UNAVAILABLE),
        (200, COMPLETED),
    ])
    .await;
    let response = client(builder(), &base)
        .await_test_session_completion()
        .test_session_id(SESSION.parse::<uuid::Uuid>().unwrap())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 3, "the last round's attempts");
    assert_eq!(seen.lock().unwrap().len(), 6);
}
