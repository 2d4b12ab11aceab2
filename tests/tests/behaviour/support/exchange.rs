//! One operation sent to a local server that answers only the exact request expected.

use std::future::Future;
use std::sync::{Arc, Mutex};

use httpmock::{HttpMockRequest, Method, Mock, MockServer};
use runtime::{Api, ClientBuilder};
use serde::Serialize;
use serde_json::Value;

use super::{assert_same_json, client, fixture, fixture_path};

/// The request's path and query exactly as sent, percent-encoding included.
pub fn path_and_query(req: &HttpMockRequest) -> String {
    req.uri()
        .path_and_query()
        .map_or("/", |pq| pq.as_str())
        .to_string()
}

/// What one operation must send, and the status it is answered with. The fixtures of
/// `tests/fixtures/<vendor>/` give the rest: `<op>.request.json`, the JSON body expected (no
/// body at all when there is no such file), and `<op>.response.json`, the answer.
pub struct Exchange<'a> {
    /// The fixture folder.
    pub vendor: &'a str,
    /// The operation, naming its fixtures.
    pub op: &'a str,
    /// The method expected.
    pub method: Method,
    /// The path and query expected, exactly as sent (percent-encoding included).
    pub uri: &'a str,
    /// Headers expected (the credentials), names in lower case.
    pub headers: &'a [(&'a str, &'a str)],
    /// The status of the answer.
    pub status: u16,
}

/// The expectation mounted on a server, and what reached it.
struct Mounted {
    mock: usize,
    seen: Arc<Mutex<Vec<String>>>,
    response: Value,
}

impl Exchange<'_> {
    /// Sends the operation with `call`, given a client `builder` makes for the server; checks
    /// that exactly the expected request was made once (and no `api-version` header), and that
    /// the value returned re-serialises to the answer; returns the value.
    pub async fn run<A, T, E, Fut>(
        &self,
        builder: ClientBuilder<A>,
        call: impl FnOnce(A) -> Fut,
    ) -> T
    where
        A: Api,
        T: Serialize,
        Fut: Future<Output = Result<T, runtime::Error<E>>>,
    {
        let server = MockServer::start_async().await;
        let mounted = self.mount(&server).await;
        let value = match call(client(builder, &server.base_url())).await {
            Ok(value) => value,
            Err(err) => self.failed(&mounted, &err.to_string(), err.body()),
        };
        let json = serde_json::to_value(&value)
            .unwrap_or_else(|e| panic!("{}: the value does not serialise: {e}", self.op));
        self.check(&server, &mounted, &json).await;
        value
    }

    /// Mounts the one expectation: method, raw path and query, headers, body.
    async fn mount(&self, server: &MockServer) -> Mounted {
        let response = fixture(self.vendor, &format!("{}.response", self.op));
        let request_name = format!("{}.request", self.op);
        let request = fixture_path(self.vendor, &request_name)
            .exists()
            .then(|| fixture(self.vendor, &request_name));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let expected_uri = self.uri.to_string();
        let mock = server
            .mock_async(|when, then| {
                let record = seen.clone();
                let mut when = when
                    .method(self.method.to_string().as_str())
                    .header_missing("api-version");
                for (name, value) in self.headers {
                    when = when.header(*name, *value);
                }
                let when = when.is_true(move |req| {
                    let sent = path_and_query(req);
                    record
                        .lock()
                        .unwrap()
                        .push(format!("{} {sent}", req.method()));
                    sent == expected_uri
                });
                match &request {
                    Some(body) => {
                        when.header("content-type", "application/json")
                            .json_body(body.clone());
                    }
                    None => {
                        when.is_true(|req| req.body_ref().is_empty());
                    }
                }
                then.status(self.status).json_body(response.clone());
            })
            .await;
        Mounted {
            mock: mock.id,
            seen,
            response,
        }
    }

    /// Fails the test with the error and what was sent.
    fn failed(&self, mounted: &Mounted, error: &str, body: Option<&str>) -> ! {
        let seen = mounted.seen.lock().unwrap().clone();
        panic!(
            "{}: {error} (body {body:?}); expected {} {}, sent {seen:?}",
            self.op, self.method, self.uri
        )
    }

    /// One request answered, and the value means the answer.
    async fn check(&self, server: &MockServer, mounted: &Mounted, value: &Value) {
        let seen = mounted.seen.lock().unwrap().clone();
        let calls = Mock::new(mounted.mock, server).calls_async().await;
        assert_eq!(calls, 1, "{}: sent {seen:?}", self.op);
        assert_same_json(self.op, value, &mounted.response);
    }
}
