//! The paging workload: Datadog test-event pages served locally, read either through the
//! generated client's `stream()` or through a minimal hand-written `reqwest` loop (the baseline)
//! that sends the same requests and decodes into the same types.

use futures::TryStreamExt;
use testops_datadog::types::CiAppTestEventsResponse;
use testops_datadog::{Client, Credentials};

use crate::data;
use crate::server::PageServer;

/// Events per page.
pub const PAGE_LEN: usize = 100;

/// The cursor parameter of `list_ci_app_test_events` as reqwest encodes it.
const CURSOR_PARAM: &str = "page%5Bcursor%5D";

/// Starts a server holding `pages` pages of [`PAGE_LEN`] events, chained by cursors `c1`, `c2`...
pub fn serve_datadog_pages(pages: usize) -> PageServer {
    let bodies = (0..pages)
        .map(|i| {
            let after = (i + 1 < pages).then(|| format!("c{}", i + 1));
            data::to_bytes(&data::datadog_page(
                i * PAGE_LEN,
                PAGE_LEN,
                after.as_deref(),
            ))
        })
        .collect();
    PageServer::start(bodies, CURSOR_PARAM)
}

/// The runtime the readers run on: one client thread (the server has a thread of its own, 2
/// cores in all), which keeps the scheduling, and so the figures, steadier than a multi-threaded
/// runtime.
pub fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A Datadog client pointed at `base_url`.
pub fn testops_datadog(base_url: &str) -> Client {
    let credentials = Credentials {
        api_key: "bench-api-key".into(),
        application_key: "bench-app-key".into(),
    };
    Client::builder(credentials)
        .base_url(base_url)
        .build()
        .expect("client")
}

/// Reads every event through the generated stream; returns how many arrived.
pub async fn read_with_stream(client: &Client) -> usize {
    client
        .list_ci_app_test_events()
        .page_limit(PAGE_LEN as i32)
        .stream()
        .try_fold(0, |n, event| {
            std::hint::black_box(&event);
            async move { Ok(n + 1) }
        })
        .await
        .expect("stream")
}

/// A `reqwest` client configured like the one the generated client builds.
pub fn baseline_http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(60))
        .connect_timeout(std::time::Duration::from_secs(10))
        .user_agent("benches-baseline")
        .gzip(true)
        .build()
        .expect("reqwest client")
}

/// Reads every event with a plain request loop; returns how many arrived.
pub async fn read_with_reqwest(http: &reqwest::Client, base_url: &str) -> usize {
    let url = format!("{base_url}/api/v2/ci/tests/events");
    let limit = PAGE_LEN.to_string();
    let mut cursor: Option<String> = None;
    let mut count = 0;
    loop {
        let mut query = vec![("page[limit]", limit.as_str())];
        if let Some(cursor) = &cursor {
            query.push(("page[cursor]", cursor));
        }
        let response = http
            .get(&url)
            .header(reqwest::header::ACCEPT, "application/json")
            .header("DD-API-KEY", "bench-api-key")
            .header("DD-APPLICATION-KEY", "bench-app-key")
            .query(&query)
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("response");
        let body = response.bytes().await.expect("body");
        let page: CiAppTestEventsResponse = serde_json::from_slice(&body).expect("decode");
        let len = page.data.len();
        for event in page.data {
            std::hint::black_box(&event);
            count += 1;
        }
        cursor = page.meta.and_then(|m| m.page).and_then(|p| p.after);
        if len == 0 || cursor.as_deref().is_none_or(str::is_empty) {
            return count;
        }
    }
}
