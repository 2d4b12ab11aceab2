//! The generated typed mock server (feature `mock`), exercised through the widgets fixture
//! client: typed parameter matching (exploded arrays, date-times as instants, bodies, path
//! parameters with slashes), replies in turn seen by the retrying client, pages wired per
//! `x-pagination`, and the readable failure for requests that match nothing.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use futures::TryStreamExt;
use testops_widgets::mock::{MockServer, Reply};
use testops_widgets::types::{
    CreateWidgetErrorBody, CreateWidgetResponse, Created, ListWidgetsColorItem, NumberedPage,
    Problems, Search, Widget, WidgetColor, WidgetPage,
};
use testops_widgets::ErrorKind;

fn widget(id: &str) -> Widget {
    Widget::try_from(
        Widget::builder()
            .id(id)
            .color(WidgetColor::Red)
            .finish(None)
            .shape(None)
            .size(None),
    )
    .unwrap()
}

fn page(ids: &[&str]) -> WidgetPage {
    WidgetPage::try_from(
        WidgetPage::builder()
            .items(ids.iter().map(|id| widget(id)).collect::<Vec<_>>())
            .next(None),
    )
    .unwrap()
}

fn ids(widgets: &[Widget]) -> Vec<&str> {
    widgets.iter().map(|w| w.id.as_str()).collect()
}

#[tokio::test]
async fn exploded_array_query_matches_repeated_keys_in_order() {
    let server = MockServer::start().await;
    let both = server
        .list_widgets()
        .color([ListWidgetsColorItem::Red, ListWidgetsColorItem::Green])
        .respond(page(&["w1"]));
    let client = server.client();

    let got = client
        .list_widgets()
        .color(vec![ListWidgetsColorItem::Red, ListWidgetsColorItem::Green])
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&got.items), ["w1"]);
    // One color only is another request: it matches nothing.
    let error = client
        .list_widgets()
        .color(vec![ListWidgetsColorItem::Red])
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    both.assert_hits(1);
    assert_eq!(server.unmatched(), ["GET /widgets?color=red"]);
}

#[tokio::test]
async fn date_time_query_is_compared_as_an_instant() {
    let server = MockServer::start().await;
    let since: DateTime<Utc> = Utc.with_ymd_and_hms(2024, 5, 1, 10, 0, 0).unwrap();
    let expectation = server
        .list_widgets()
        .updated_since(since)
        .respond(page(&["w1"]));

    server
        .client()
        .list_widgets()
        .updated_since(since)
        .send()
        .await
        .unwrap();
    // The same instant written with another offset and fractional seconds matches too; another
    // instant does not.
    let http = reqwest::Client::new();
    for (text, status) in [
        ("2024-05-01T12:00:00.000+02:00", 200),
        ("2024-05-01T10:00:01Z", 404),
    ] {
        let url = format!("{}/widgets", server.base_url());
        let response = http
            .get(url)
            .query(&[("updated_since", text)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{text}");
    }
    expectation.assert_hits(2);
}

#[tokio::test]
async fn typed_body_match_and_documented_success_status() {
    let server = MockServer::start().await;
    let created =
        server
            .create_widget()
            .body(widget("new"))
            .respond(CreateWidgetResponse::Created(
                Created::try_from(Created::builder().id("w9")).unwrap(),
            ));
    let by_predicate = server
        .create_widget()
        .body_matches(|w: &Widget| w.id.starts_with("draft-"))
        .respond_error(
            400,
            CreateWidgetErrorBody::Problems(
                Problems::try_from(
                    Problems::builder().errors(vec!["drafts are not accepted".into()]),
                )
                .unwrap(),
            ),
        );
    let client = server.client();

    let response = client
        .create_widget()
        .body(widget("new"))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        response.into_value(),
        CreateWidgetResponse::Created(Created::try_from(Created::builder().id("w9")).unwrap())
    );
    let error = client
        .create_widget()
        .body(widget("draft-1"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(
        error.typed_body().cloned(),
        Some(CreateWidgetErrorBody::Problems(
            Problems::try_from(Problems::builder().errors(vec!["drafts are not accepted".into()]))
                .unwrap()
        ))
    );
    created.assert_hits(1);
    by_predicate.assert_hits(1);
    server.verify();
}

#[tokio::test]
async fn path_parameter_with_slashes_is_matched_decoded() {
    let server = MockServer::start().await;
    let expectation = server
        .get_widget()
        .widget_id("gh/acme/api")
        .respond(Some(widget("gh/acme/api")));
    // The literal `/widgets/numbered` belongs to another operation.
    let numbered = server.list_numbered_widgets().respond(
        NumberedPage::try_from(NumberedPage::builder().data(vec![]).total_pages(Some(1))).unwrap(),
    );
    let client = server.client();

    let got = client
        .get_widget()
        .widget_id("gh/acme/api")
        .send()
        .await
        .unwrap();
    assert_eq!(got.map(|w| w.id), Some("gh/acme/api".to_string()));
    client.list_numbered_widgets().send().await.unwrap();
    expectation.assert_hits(1);
    numbered.assert_hits(1);
    server.verify();
}

#[tokio::test]
async fn replies_in_turn_503_then_200_seen_by_the_retrying_client() {
    let server = MockServer::start().await;
    let expectation = server
        .list_widgets()
        .respond_sequence([Reply::status(503), Reply::ok(page(&["w1"]))]);

    let response = server
        .client()
        .list_widgets()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(ids(&response.into_value().items), ["w1"]);
    expectation.assert_hits(2);
}

#[tokio::test]
async fn rate_limited_then_value() {
    let server = MockServer::start().await;
    let expectation = server.list_widgets().respond_sequence([
        Reply::rate_limited(Duration::ZERO),
        Reply::ok(page(&["w1"])),
    ]);
    let got = server
        .client()
        .list_widgets()
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(got.attempts(), 2, "the 429 was retried");
    assert_eq!(ids(&got.into_value().items), ["w1"]);
    expectation.assert_hits(2);
}

#[tokio::test]
async fn three_pages_streamed_with_cursors_wired() {
    let server = MockServer::start().await;
    let pages = server.list_widgets().limit(2).respond_pages([
        page(&["a", "b"]),
        page(&["c", "d"]),
        page(&["e"]),
    ]);

    let got: Vec<Widget> = server
        .client()
        .list_widgets()
        .limit(2)
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&got), ["a", "b", "c", "d", "e"]);
    assert_eq!(
        pages.iter().map(|p| p.hits()).collect::<Vec<_>>(),
        [1, 1, 1]
    );
    server.verify();
}

#[tokio::test]
async fn pages_by_body_cursor_and_by_page_number() {
    let server = MockServer::start().await;
    server
        .search_widgets()
        .respond_pages([page(&["a"]), page(&["b"])]);
    let numbered = |ids: &[&str]| {
        NumberedPage::try_from(
            NumberedPage::builder()
                .data(ids.iter().map(|id| widget(id)).collect::<Vec<_>>())
                .total_pages(None),
        )
        .unwrap()
    };
    server.list_numbered_widgets().respond_pages([
        numbered(&["x"]),
        numbered(&["y"]),
        numbered(&["z"]),
    ]);
    let client = server.client();

    let searched: Vec<Widget> = client
        .search_widgets()
        .body(Search::try_from(Search::builder().query(Some("q".to_string())).page(None)).unwrap())
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&searched), ["a", "b"]);
    let listed: Vec<Widget> = client
        .list_numbered_widgets()
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids(&listed), ["x", "y", "z"]);
    server.verify();
}

#[tokio::test]
async fn unmatched_requests_give_a_readable_failure() {
    let server = MockServer::start().await;
    let expectation = server.get_widget().widget_id("w1").respond(None);
    let client = server.client();

    let error = client.list_widgets().limit(5).send().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    // The client's error already says what the server expected.
    assert!(
        error.to_string().contains(
            "no mock expectation matches this request; expected: get_widget (GET /widgets/{widget_id})"
        ),
        "{error}"
    );
    client
        .create_widget()
        .body(widget("w2"))
        .send()
        .await
        .unwrap_err();

    let failure = catch_unwind(AssertUnwindSafe(|| server.verify())).unwrap_err();
    let message = failure.downcast_ref::<String>().unwrap();
    assert!(
        message.contains("2 request(s) matched no expectation"),
        "{message}"
    );
    assert!(message.contains("GET /widgets?limit=5"), "{message}");
    assert!(message.contains("POST /widgets"), "{message}");
    assert!(
        message.contains(r#"body: {"color":"red","id":"w2"}"#),
        "{message}"
    );
    assert!(
        message.contains("get_widget (GET /widgets/{widget_id}) where path widget_id = \"w1\": matched 0 time(s)"),
        "{message}"
    );
    let miss = catch_unwind(AssertUnwindSafe(|| expectation.assert_hits(1))).unwrap_err();
    assert!(miss
        .downcast_ref::<String>()
        .unwrap()
        .contains("expected 1 request(s) to match get_widget"));
}

#[tokio::test]
async fn the_mock_client_sends_fake_credentials_only() {
    let server = MockServer::start().await;
    let expectation = server
        .delete_widget()
        .widget_id("w1")
        .matching(|request| {
            request.header("X-Api-Key") == Some("mock-api-key")
                && request.header("Authorization") == Some("Bearer mock-bearer")
        })
        .respond(());
    server
        .client()
        .delete_widget()
        .widget_id("w1")
        .send()
        .await
        .unwrap();
    expectation.assert_hits(1);
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
}
