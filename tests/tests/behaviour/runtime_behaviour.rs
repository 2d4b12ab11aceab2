//! The generated fixture client (`tests/fixtures/specs/widgets.yaml`) against a local mock server:
//! auth, query encoding, typed responses and errors, lowering cases, limits, pagination, retries,
//! timeouts and secrets; and against a raw server: bodies that break off or stall (retried as one
//! attempt when the operation is safe to repeat) and bodies over the size limit. What holds here
//! holds for every generated client.

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use serde_json::json;
use testops_widgets::types;
use testops_widgets::{Client, Credentials, ErrorKind, RetryPolicy, Site};

use crate::support::{client, fast_retries, raw, EnvGuard};

const API_KEY: &str = "key-0123456789abcdef";
const TOKEN: &str = "token-fedcba9876543210";

fn credentials() -> Credentials {
    Credentials {
        api_key: API_KEY.into(),
        bearer: TOKEN.into(),
    }
}

fn widget(id: &str) -> serde_json::Value {
    json!({"id": id, "color": "red", "size": 2, "shape": "round"})
}

#[tokio::test]
async fn sends_auth_headers_and_encoded_query_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets")
                .header("x-api-key", API_KEY)
                .header("authorization", format!("Bearer {TOKEN}"))
                .header_missing("api-version")
                .header("user-agent", "testops-widgets/0.1.0")
                .is_true(|req| {
                    req.uri_str()
                        .ends_with("/widgets?color=red&color=green&limit=10&page%5Bcursor%5D=abc")
                });
            then.status(200).json_body(
                json!({"items": [widget("w1")], "next": null, "extra": {"ignored": true}}),
            );
        })
        .await;
    let page = client(Client::builder(credentials()), &server.base_url())
        .list_widgets()
        .color(vec![
            types::ListWidgetsColorItem::Red,
            types::ListWidgetsColorItem::Green,
        ])
        .limit(10)
        .page_cursor("abc")
        .send_with_response()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(page.status(), 200);
    let page = page.into_value();
    assert_eq!(page.next, None);
    assert_eq!(page.items[0].id, "w1");
    assert_eq!(page.items[0].color, types::WidgetColor::Red);
    assert_eq!(page.items[0].size, Some(types::WidgetSize::V2));
    assert_eq!(page.items[0].shape, Some(types::Shape::Round));
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode_and_round_trip() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/w9");
            then.status(200)
                .json_body(json!({"id": "w9", "color": "ultraviolet", "size": 7, "shape": "hexagon", "new_field": 1}));
        })
        .await;
    let widget = client(Client::builder(credentials()), &server.base_url())
        .get_widget()
        .widget_id("w9")
        .send()
        .await
        .unwrap()
        .expect("a 200 has a body");
    assert_eq!(
        widget.color,
        types::WidgetColor::Unknown("ultraviolet".into())
    );
    assert_eq!(widget.size, Some(types::WidgetSize::Unknown(7)));
    assert_eq!(
        serde_json::to_value(&widget).unwrap(),
        json!({"id": "w9", "color": "ultraviolet", "size": 7, "shape": "hexagon"})
    );
    for raw in types::WidgetColor::KNOWN.iter().chain(["blue"].iter()) {
        let parsed: types::WidgetColor = raw.parse().unwrap();
        let via_serde: types::WidgetColor = serde_json::from_value(json!(raw)).unwrap();
        assert_eq!(parsed, via_serde);
        assert_eq!(parsed.to_string(), *raw);
    }
}

#[tokio::test]
async fn bodyless_success_beside_a_bodied_one_is_none() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/w2");
            then.status(204);
        })
        .await;
    let response = client(Client::builder(credentials()), &server.base_url())
        .get_widget()
        .widget_id("w2")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(response.into_value(), None);
}

#[tokio::test]
async fn two_success_bodies_decode_into_the_union() {
    let server = MockServer::start_async().await;
    let dry = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets")
                .query_param("dry", "true")
                .json_body(widget("w3"));
            then.status(200).json_body(json!({"changes": ["color"]}));
        })
        .await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets")
                .query_param_missing("dry");
            then.status(201).json_body(json!({"id": "w3"}));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let body: types::Widget = serde_json::from_value(widget("w3")).unwrap();
    let diff = client
        .create_widget()
        .dry(true)
        .body(body.clone())
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(
        diff.into_value(),
        types::CreateWidgetResponse::Diff(
            types::Diff::try_from(types::Diff::builder().changes(vec!["color".into()])).unwrap()
        )
    );
    let created = client
        .create_widget()
        .body(body)
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(
        created.into_value(),
        types::CreateWidgetResponse::Created(
            types::Created::try_from(types::Created::builder().id("w3")).unwrap()
        )
    );
    dry.assert_async().await;
    create.assert_async().await;
}

#[tokio::test]
async fn error_bodies_are_typed_by_status() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/widgets");
            then.status(400)
                .header("x-request-id", "req-42")
                .json_body(json!({"errors": ["bad color"]}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/gone");
            then.status(404)
                .json_body(json!({"message": "no widget", "reason": "recycled"}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/teapot");
            then.status(418)
                .json_body(json!({"message": "short and stout"}));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let body: types::Widget = serde_json::from_value(widget("w4")).unwrap();
    let err = client.create_widget().body(body).send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Client);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(err.request_id(), Some("req-42"));
    assert_eq!(
        err.typed_body(),
        Some(&types::CreateWidgetErrorBody::Problems(
            types::Problems::try_from(types::Problems::builder().errors(vec!["bad color".into()]))
                .unwrap()
        ))
    );
    assert!(
        err.to_string()
            .contains("create_widget: client error (HTTP 400)"),
        "{err}"
    );

    let err = client
        .get_widget()
        .widget_id("gone")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let body = err.typed_body().unwrap();
    assert_eq!(
        body,
        &types::GetWidgetErrorBody::GetWidgetError404(
            types::GetWidgetError404::try_from(
                types::GetWidgetError404::builder()
                    .message(Some("no widget".to_string()))
                    .reason(Some(types::GetWidgetError404Reason::Unknown(
                        "recycled".to_string()
                    )))
            )
            .unwrap()
        )
    );

    // `default` covers every other status.
    let err = client
        .get_widget()
        .widget_id("teapot")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(418));
    assert_eq!(
        err.typed_body(),
        Some(&types::GetWidgetErrorBody::Message(
            types::Message::try_from(types::Message::builder().message("short and stout")).unwrap()
        ))
    );
}

#[tokio::test]
async fn parameters_outside_their_limits_are_rejected_before_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"items": []}));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let err = client.list_widgets().limit(101).send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(err.attempts(), 0);
    assert!(
        err.to_string()
            .contains("parameter `limit` must be at most 100 (got 101)"),
        "{err}"
    );
    let err = client.list_widgets().limit(0).send().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("parameter `limit` must be at least 1"),
        "{err}"
    );
    let err = client
        .list_numbered_widgets()
        .name("ab")
        .send()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("parameter `name` must be at least 3 characters long (got 2)"),
        "{err}"
    );
    let err = client
        .list_numbered_widgets()
        .name("x".repeat(21))
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at most 20 characters"), "{err}");
    let err = client
        .list_numbered_widgets()
        .page(0)
        .send()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("parameter `page` must be at least 1"),
        "{err}"
    );
    assert_eq!(any.calls_async().await, 0);
    // Values at the limits are sent.
    client.list_widgets().limit(100).send().await.unwrap();
    client
        .list_numbered_widgets()
        .name("abc")
        .page(1)
        .send()
        .await
        .unwrap();
    assert_eq!(any.calls_async().await, 2);
}

#[tokio::test]
async fn cursor_stream_yields_every_item_once_and_stops_on_an_empty_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets")
                .query_param_missing("page[cursor]");
            then.status(200)
                .json_body(json!({"items": [widget("a"), widget("b")], "next": "c1"}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets")
                .query_param("page[cursor]", "c1");
            then.status(200)
                .json_body(json!({"items": [widget("c")], "next": "c2"}));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets")
                .query_param("page[cursor]", "c2");
            then.status(200)
                .json_body(json!({"items": [widget("d")], "next": "c3"}));
        })
        .await;
    let empty = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets")
                .query_param("page[cursor]", "c3");
            then.status(200)
                .json_body(json!({"items": [], "next": "c4"}));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let ids: Vec<String> = client
        .list_widgets()
        .limit(2)
        .stream()
        .map_ok(|w| w.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    for mock in [&first, &second, &third, &empty] {
        assert_eq!(mock.calls_async().await, 1);
    }
    // A capped stream stops fetching once it has enough items.
    let capped: Vec<_> = client
        .list_widgets()
        .stream()
        .take(3)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(capped.len(), 3);
    assert_eq!(first.calls_async().await, 2);
    assert_eq!(second.calls_async().await, 2);
    assert_eq!(third.calls_async().await, 1);
    // Pages one at a time.
    let mut pages = client.list_widgets().pages();
    let page = pages.next().await.unwrap().unwrap();
    assert_eq!(page.next.as_deref(), Some("c1"));
}

#[tokio::test]
async fn body_cursor_stream_sends_the_cursor_in_the_body() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets/search")
                .json_body(json!({"query": "red"}));
            then.status(200)
                .json_body(json!({"items": [widget("a")], "next": "n1"}));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/widgets/search")
                .json_body(json!({"query": "red", "page": {"cursor": "n1"}}));
            then.status(200).json_body(json!({"items": [widget("b")]}));
        })
        .await;
    let ids: Vec<String> = client(Client::builder(credentials()), &server.base_url())
        .search_widgets()
        .body(
            types::Search::try_from(
                types::Search::builder()
                    .query(Some("red".to_string()))
                    .page(None),
            )
            .unwrap(),
        )
        .stream()
        .map_ok(|w| w.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b"]);
    first.assert_async().await;
    second.assert_async().await;
}

#[tokio::test]
async fn page_number_stream_walks_to_the_last_page() {
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for page in 2..=3 {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path("/widgets/numbered")
                    .query_param("page", page.to_string());
                then.status(200)
                    .json_body(json!({"data": [widget(&format!("p{page}"))], "total_pages": 3}));
            })
            .await;
        mocks.push(mock);
    }
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets/numbered")
                .query_param_missing("page");
            then.status(200)
                .json_body(json!({"data": [widget("p1")], "total_pages": 3}));
        })
        .await;
    let ids: Vec<String> = client(Client::builder(credentials()), &server.base_url())
        .list_numbered_widgets()
        .stream()
        .map_ok(|w| w.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["p1", "p2", "p3"]);
    first.assert_async().await;
    for mock in &mocks {
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn retries_429_after_the_wait_the_server_asks_for() {
    let server = MockServer::start_async().await;
    let limited = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets/w5")
                .header_missing("x-retried");
            then.status(429)
                .header("retry-after", "1")
                .json_body(json!({"message": "slow down"}));
        })
        .await;
    let started = Instant::now();
    let err = client(Client::builder(credentials()), &server.base_url())
        .get_widget()
        .widget_id("w5")
        .send()
        .await
        .unwrap_err();
    // Every attempt got 429; the policy allows three.
    assert_eq!(limited.calls_async().await, 3);
    assert_eq!(err.kind(), ErrorKind::RateLimited);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "two waits of one second each"
    );
    assert!(err.to_string().contains("after 3 attempts"), "{err}");
}

#[tokio::test]
async fn a_429_then_200_succeeds() {
    // A tiny server that answers 429 with Retry-After: 1 first, then 200.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let body = r#"{"id":"w6","color":"green"}"#;
        let replies = [
            "HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_string(),
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len()),
        ];
        let mut seen = Vec::new();
        for reply in replies {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let n = socket.read(&mut buf).await.unwrap();
            seen.push((
                Instant::now(),
                String::from_utf8_lossy(&buf[..n]).to_string(),
            ));
            socket.write_all(reply.as_bytes()).await.unwrap();
        }
        seen
    });
    let widget = client(Client::builder(credentials()), &format!("http://{addr}"))
        .get_widget()
        .widget_id("w6")
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(widget.id, "w6");
    let seen = server.await.unwrap();
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].0 - seen[0].0 >= Duration::from_millis(950),
        "Retry-After: 1 was honoured"
    );
    assert!(seen[1].1.starts_with("GET /widgets/w6 "));
}

#[tokio::test]
async fn server_errors_are_retried_up_to_the_limit() {
    let server = MockServer::start_async().await;
    let failing = server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/w7");
            then.status(503).body("<html>unavailable</html>");
        })
        .await;
    let err = client(Client::builder(credentials()), &server.base_url())
        .get_widget()
        .widget_id("w7")
        .send()
        .await
        .unwrap_err();
    assert_eq!(failing.calls_async().await, 3);
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.body(), Some("<html>unavailable</html>"));
    assert!(err.typed_body().is_none());
    assert!(
        err.to_string()
            .contains("server error (HTTP 503) after 3 attempts"),
        "{err}"
    );

    // Turned off, one attempt.
    let no_retry = Client::builder(credentials())
        .base_url(server.base_url())
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    let err = no_retry
        .get_widget()
        .widget_id("w7")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(failing.calls_async().await, 4);
}

#[tokio::test]
async fn posts_are_retried_only_when_marked_safe() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path("/widgets");
            then.status(503);
        })
        .await;
    let search = server
        .mock_async(|when, then| {
            when.method(POST).path("/widgets/search");
            then.status(503);
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let body: types::Widget = serde_json::from_value(widget("w8")).unwrap();
    let err = client.create_widget().body(body).send().await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(create.calls_async().await, 1);
    let err = client
        .search_widgets()
        .body(types::Search::default())
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert_eq!(search.calls_async().await, 3);
}

#[tokio::test]
async fn html_502_keeps_status_and_kind() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets");
            then.status(502)
                .header("content-type", "text/html")
                .body("<html><body>Bad Gateway</body></html>");
        })
        .await;
    let err = client(Client::builder(credentials()), &server.base_url())
        .list_widgets()
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Server);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert!(err.typed_body().is_none());
    assert!(err.body().unwrap().contains("Bad Gateway"));
}

#[tokio::test]
async fn truncated_or_misshapen_json_is_a_decode_error_with_the_body() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/truncated");
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"id": "w1", "col"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/shape");
            then.status(200)
                .json_body(json!({"id": 5, "color": ["red"]}));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    for (id, fragment) in [
        ("truncated", r#"{"id": "w1", "col"#),
        ("shape", r#""id":5"#),
    ] {
        let err = client.get_widget().widget_id(id).send().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Decode, "{id}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
        assert!(
            err.body().unwrap().contains(fragment),
            "{id}: {:?}",
            err.body()
        );
        assert_eq!(err.attempts(), 1);
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let holder = tokio::spawn(async move {
        let mut sockets = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            sockets.push(socket);
        }
    });
    let client = Client::builder(credentials())
        .base_url(format!("http://{addr}"))
        .timeout(Duration::from_millis(300))
        .retry(fast_retries().with_max_attempts(2))
        .build()
        .unwrap();
    // Two attempts of 300 ms and a short wait: far inside this bound unless the timeout is lost.
    let err = tokio::time::timeout(
        Duration::from_secs(20),
        client.get_widget().widget_id("w1").send(),
    )
    .await
    .expect("the client's own timeout ends the call")
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(err.attempts(), 2);
    assert!(!err.to_string().contains(API_KEY));
    holder.abort();
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let err = client(Client::builder(credentials()), &format!("http://{addr}"))
        .get_widget()
        .widget_id("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.attempts(), 3, "connection errors are retried");
    assert!(err.status().is_none());
}

#[tokio::test]
async fn secrets_never_show_in_debug_display_or_errors() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(401).json_body(json!({"message": "bad key"}));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let credentials = credentials();
    let err = client
        .get_widget()
        .widget_id("w1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    let builder = Client::builder(credentials.clone());
    for text in [
        format!("{client:?}"),
        format!("{credentials:?}"),
        format!("{builder:?}"),
        format!("{err:?}"),
        err.to_string(),
        credentials.api_key.to_string(),
    ] {
        assert!(
            !text.contains(API_KEY) && !text.contains(TOKEN),
            "leaked in {text}"
        );
    }
    assert!(
        format!("{client:?}").contains("x-api-key"),
        "the header name is shown"
    );
}

#[test]
fn environment_constructors_name_the_missing_variable() {
    let env = EnvGuard::save(&["WIDGETS_API_KEY", "WIDGETS_TOKEN", "WIDGETS_SITE"]);
    env.remove("WIDGETS_API_KEY");
    env.set("WIDGETS_TOKEN", "t");
    let err = Client::from_env().unwrap_err();
    assert!(err.to_string().contains("WIDGETS_API_KEY"), "{err}");
    env.set("WIDGETS_API_KEY", "  ");
    let err = Credentials::from_env().unwrap_err();
    assert!(err.to_string().contains("WIDGETS_API_KEY"), "{err}");
    env.set("WIDGETS_API_KEY", "k");
    env.set("WIDGETS_SITE", "eu.widgets.example.com");
    assert_eq!(Site::from_env(), Site::EuWidgetsExampleCom);
    assert!(Client::from_env().is_ok());
    env.remove("WIDGETS_SITE");
    assert_eq!(Site::from_env(), Site::WidgetsExampleCom);
}

#[test]
fn sites_build_base_urls() {
    assert_eq!(
        Site::default().base_url(),
        "https://api.widgets.example.com"
    );
    assert_eq!(
        Site::EuWidgetsExampleCom.base_url(),
        "https://api.eu.widgets.example.com"
    );
    assert_eq!(
        Site::from("proxy.internal:8443").base_url(),
        "https://api.proxy.internal:8443"
    );
    assert_eq!(
        testops_widgets::DEFAULT_BASE_URL,
        "https://api.widgets.example.com"
    );
}

#[test]
fn invalid_base_urls_and_blank_credentials_are_rejected() {
    let err = Client::builder(credentials())
        .base_url("ftp://x")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("ftp://x"), "{err}");
    let err = Client::builder(Credentials {
        api_key: "".into(),
        bearer: TOKEN.into(),
    })
    .build()
    .unwrap_err();
    assert!(err.to_string().contains("X-Api-Key"), "{err}");
}

#[tokio::test]
async fn gzip_responses_are_decoded() {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(widget("wz").to_string().as_bytes())
        .unwrap();
    let compressed = encoder.finish().unwrap();
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/widgets/wz")
                .header_includes("accept-encoding", "gzip");
            then.status(200)
                .header("content-type", "application/json")
                .header("content-encoding", "gzip")
                .body(compressed);
        })
        .await;
    let widget = client(Client::builder(credentials()), &server.base_url())
        .get_widget()
        .widget_id("wz")
        .send_with_response()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(widget.into_value().unwrap().id, "wz");
}

/// Collects what the `fmt` subscriber writes.
#[derive(Clone, Default)]
struct Captured(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn each_request_is_one_span_with_operation_status_attempts_and_duration() {
    use tracing_subscriber::fmt::format::FmtSpan;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .without_time()
        .with_writer(move || writer.clone())
        .finish();
    // Global: a subscriber scoped to this thread races with the callsite registrations of the
    // tests running beside it. The lines of this test are told apart by the path `/widgets/wt`.
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets/wt");
            then.status(503);
        })
        .await;
    let err = client(Client::builder(credentials()), &server.base_url())
        .get_widget()
        .widget_id("wt")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let mine: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("path=\"/widgets/wt\""))
        .collect();
    let closes: Vec<&str> = mine
        .iter()
        .copied()
        .filter(|l| l.contains("close"))
        .collect();
    assert_eq!(closes.len(), 1, "one span per request:\n{log}");
    let span = closes[0];
    for field in [
        "operation=\"get_widget\"",
        "method=GET",
        "path=\"/widgets/wt\"",
        "status=503",
        "attempts=3",
        "duration_ms=",
    ] {
        assert!(span.contains(field), "missing {field} in {span}");
    }
    assert_eq!(
        mine.iter()
            .filter(|l| l.contains("retrying request"))
            .count(),
        2,
        "each retry is logged:\n{log}"
    );
    // The mock server's own entries show the requests it received; the client's must not.
    let mut client_entries = Vec::new();
    for line in log.lines() {
        let starts_entry = ["TRACE", "DEBUG", " INFO", " WARN", "ERROR"]
            .iter()
            .any(|level| line.starts_with(level));
        match client_entries.last_mut() {
            Some(entry) if !starts_entry => *entry += line,
            _ => client_entries.push(line.to_string()),
        }
    }
    client_entries.retain(|entry| !entry.contains("httpmock::"));
    for entry in &client_entries {
        assert!(
            !entry.contains(API_KEY) && !entry.contains(TOKEN),
            "{entry}"
        );
    }
}

#[test]
fn union_variants_are_told_apart_and_unknown_shapes_are_kept() {
    // Paint is tried first; its closed `kind` makes it reject a sticker.
    let sticker: types::Finish =
        serde_json::from_value(json!({"kind": "sticker", "color": "red", "text": "hi"})).unwrap();
    assert!(matches!(&sticker, types::Finish::Sticker(s) if s.text.as_deref() == Some("hi")));
    let paint: types::Finish =
        serde_json::from_value(json!({"kind": "paint", "color": "red"})).unwrap();
    assert!(matches!(paint, types::Finish::Paint(_)));
    let new_shape = json!({"kind": "hologram", "angle": 30});
    let unknown: types::Finish = serde_json::from_value(new_shape.clone()).unwrap();
    assert_eq!(unknown, types::Finish::Unknown(new_shape.clone()));
    assert_eq!(serde_json::to_value(&unknown).unwrap(), new_shape);
}

#[tokio::test]
async fn a_single_documented_success_accepts_any_2xx() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/widgets");
            then.status(203).json_body(json!({"items": [widget("w")]}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/widgets/w");
            then.status(200);
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    let page = client.list_widgets().send_with_response().await.unwrap();
    assert_eq!(page.status(), 203);
    assert_eq!(page.into_value().items.len(), 1);
    let deleted = client
        .delete_widget()
        .widget_id("w")
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 200);
}

#[tokio::test]
async fn dot_path_parameters_are_rejected_before_sending() {
    // URL parsing resolves `..` (even as `%2E%2E`), which would address another endpoint.
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(widget("w"));
        })
        .await;
    let client = client(Client::builder(credentials()), &server.base_url());
    for value in [".", ".."] {
        let err = client
            .get_widget()
            .widget_id(value)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidRequest);
        assert!(
            err.to_string()
                .contains("path parameter `widget_id` cannot be"),
            "{err}"
        );
    }
    assert_eq!(any.calls_async().await, 0);
    client.get_widget().widget_id("a..b").send().await.unwrap();
    assert_eq!(any.calls_async().await, 1);
}

/// A client of the raw server with fast retries, a short timeout and a 1 KiB body limit.
fn raw_client(server: &raw::RawServer) -> Client {
    Client::builder(credentials())
        .base_url(server.url())
        .retry(fast_retries())
        .timeout(Duration::from_millis(500))
        .max_response_size(1024)
        .build()
        .unwrap()
}

const PAGE: &str = r#"{"items": [{"id": "w1", "color": "red"}], "next": null}"#;

/// A 200 that declares `PAGE` plus 40 bytes and sends only the first half of `PAGE`.
fn cut_short() -> Vec<u8> {
    let mut bytes = raw::head(200, &[("content-type", "application/json")]);
    bytes.extend_from_slice(format!("content-length: {}\r\n\r\n", PAGE.len() + 40).as_bytes());
    bytes.extend_from_slice(&PAGE.as_bytes()[..PAGE.len() / 2]);
    bytes
}

#[tokio::test]
async fn a_body_cut_short_or_stalled_is_retried_for_a_get() {
    for stall in [false, true] {
        let server = raw::RawServer::start(move |n, _| match (n, stall) {
            (0, false) => raw::Reply::Close(cut_short()),
            (0, true) => raw::Reply::Stall(cut_short()),
            _ => raw::Reply::Close(raw::json(PAGE)),
        })
        .await;
        let page = raw_client(&server)
            .list_widgets()
            .send()
            .await
            .unwrap_or_else(|e| panic!("stall {stall}: {e:?}"));
        assert_eq!(page.items[0].id, "w1");
        let sent = server.requests();
        assert_eq!(sent.len(), 2, "stall {stall}");
        assert_eq!(sent[1].header("x-api-key"), Some(API_KEY));
    }
}

#[tokio::test]
async fn a_body_that_keeps_breaking_uses_up_the_attempts() {
    let server = raw::RawServer::start(|_, _| raw::Reply::Close(cut_short())).await;
    let err = raw_client(&server).list_widgets().send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert_eq!(err.attempts(), 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_broken_body_is_retried_for_a_post_only_when_it_is_marked_safe() {
    for (stall, kind) in [(false, ErrorKind::Transport), (true, ErrorKind::Timeout)] {
        let reply = move || {
            if stall {
                raw::Reply::Stall(cut_short())
            } else {
                raw::Reply::Close(cut_short())
            }
        };
        let create = raw::RawServer::start(move |_, _| reply()).await;
        let widget: types::Widget = serde_json::from_value(widget("w8")).unwrap();
        let err = raw_client(&create)
            .create_widget()
            .body(widget)
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), kind, "stall {stall}: {err:?}");
        assert_eq!(err.attempts(), 1, "stall {stall}");
        assert_eq!(create.requests().len(), 1, "stall {stall}");

        let search = raw::RawServer::start(move |n, _| match n {
            0 => reply(),
            _ => raw::Reply::Close(raw::json(PAGE)),
        })
        .await;
        let page = raw_client(&search)
            .search_widgets()
            .body(types::Search::default())
            .send()
            .await
            .unwrap_or_else(|e| panic!("stall {stall}: {e:?}"));
        assert_eq!(page.items[0].id, "w1");
        assert_eq!(search.requests().len(), 2, "stall {stall}");
    }
}

#[tokio::test]
async fn a_declared_length_over_the_limit_fails_before_the_body_is_read() {
    // The body never comes: waiting for it would end in a timeout, not in `TooLarge`.
    for status in [200, 404, 503] {
        let mut head = raw::head(status, &[("content-length", "10000000")]);
        head.extend_from_slice(b"\r\n");
        let server = raw::RawServer::start(move |_, _| raw::Reply::Stall(head.clone())).await;
        let server_with_limit = Client::builder(credentials())
            .base_url(server.url())
            .retry(RetryPolicy::disabled())
            .timeout(Duration::from_secs(30))
            .max_response_size(1024)
            .build()
            .unwrap();
        let err = server_with_limit.list_widgets().send().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TooLarge, "{status}: {err:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert!(
            err.to_string().contains("10000000 bytes (Content-Length)")
                && err.to_string().contains("limit of 1024 bytes"),
            "{err}"
        );
        assert_eq!(server.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_streamed_body_over_the_limit_fails_as_it_arrives_and_is_not_retried() {
    let head = raw::head(
        200,
        &[
            ("content-type", "application/json"),
            ("transfer-encoding", "chunked"),
        ],
    );
    let mut start = head;
    start.extend_from_slice(b"\r\n");
    let chunk = format!("100\r\n{}\r\n", " ".repeat(0x100)).into_bytes();
    // An endless chunked body: only the limit can end the call before the 30 s timeout.
    let server =
        raw::RawServer::start(move |_, _| raw::Reply::Endless(start.clone(), chunk.clone())).await;
    let client = Client::builder(credentials())
        .base_url(server.url())
        .retry(fast_retries())
        .timeout(Duration::from_secs(30))
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = client.list_widgets().send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge, "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(err.to_string().contains("reached 1280 bytes"), "{err}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_body_exactly_at_the_limit_is_accepted() {
    let padded = format!("{PAGE:<1024}");
    assert_eq!(padded.len(), 1024);
    let server = raw::RawServer::start(move |_, _| raw::Reply::Close(raw::json(&padded))).await;
    let page = raw_client(&server).list_widgets().send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    let server =
        raw::RawServer::start(|_, _| raw::Reply::Close(raw::json(&format!("{PAGE:<1025}")))).await;
    let err = raw_client(&server).list_widgets().send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::TooLarge);
}

#[tokio::test]
async fn the_body_of_a_status_that_is_retried_is_not_read() {
    let mut start = raw::head(503, &[("transfer-encoding", "chunked")]);
    start.extend_from_slice(b"\r\n");
    let chunk = format!("100\r\n{}\r\n", "x".repeat(0x100)).into_bytes();
    let server = raw::RawServer::start(move |n, _| match n {
        0 => raw::Reply::Endless(start.clone(), chunk.clone()),
        _ => raw::Reply::Close(raw::json(PAGE)),
    })
    .await;
    let page = raw_client(&server).list_widgets().send().await.unwrap();
    assert_eq!(page.items[0].id, "w1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_setter_value_that_does_not_convert_is_an_invalid_request_naming_the_setter() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"items": []}));
        })
        .await;
    let err = client(Client::builder(credentials()), &server.base_url())
        .list_widgets()
        .limit(5_000_000_000_i64)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest);
    assert_eq!(err.operation(), "list_widgets");
    assert!(
        err.to_string()
            .contains("`limit`: the value does not convert to `i32`"),
        "{err}"
    );
    assert_eq!(any.calls_async().await, 0, "nothing was sent");
}
