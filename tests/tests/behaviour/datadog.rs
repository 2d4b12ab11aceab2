//! The generated Datadog client (`specs/datadog.yaml`) against its documentation: every example of
//! the two reference pages round-trips through the generated types, every `oneOf` variant decodes
//! into its own variant, and each operation sends the exact documented request to a local mock
//! server, decodes its documented errors, paginates, retries and selects its site.

use std::num::NonZeroU64;
use std::time::Duration;

use chrono::{DateTime, Utc};
use testops_datadog::mock::{Expectation, MockServer as TypedMock, Reply, Request};
use testops_datadog::types;
use testops_datadog::{Client, Credentials, ErrorKind, RetryPolicy, Site};

use crate::support::{
    assert_same_json, client, fixture, fixture_dir, hits, same_json, typed_fixture, EnvGuard,
};

const VENDOR: &str = "datadog";
use futures::{StreamExt, TryStreamExt};
use httpmock::prelude::*;
use httpmock::HttpMockRequest;
use runtime::ClientBuilder;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

const API_KEY: &str = "dd-api-key-0123456789abcdef";
const APP_KEY: &str = "dd-app-key-fedcba9876543210";

// ------------------------------------------------------------------------------------ helpers

/// `value` decoded into a generated type.
fn typed_value<T: DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap()
}

/// Decodes `input` as `T` and encodes it again.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str, input: &Value) -> Value {
    let value: T = serde_json::from_value(input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::to_value(&value).unwrap()
}

/// A builder with this module's credentials.
fn builder() -> ClientBuilder<Client> {
    Client::builder(Credentials {
        api_key: API_KEY.into(),
        application_key: APP_KEY.into(),
    })
}

/// The typed mock's client, asking once only.
fn client_without_retries(server: &TypedMock) -> Client {
    server
        .client_builder()
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap()
}

/// Matches a request whose path and percent-encoded query are exactly `expected`.
fn uri_is(expected: String) -> impl Fn(&HttpMockRequest) -> bool + Send + Sync + 'static {
    move |req| {
        let uri = req.uri_str();
        let path_and_query = uri.find("/api/").map_or(uri, |i| &uri[i..]);
        let same = path_and_query == expected;
        if !same {
            eprintln!("request URI {path_and_query}\n   expected {expected}");
        }
        same
    }
}

fn instant(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// A test event as the list and search operations return it.
fn event(id: &str) -> Value {
    json!({"id": id, "type": "citest", "attributes": {"test_level": "test", "tags": ["team:A"]}})
}

/// A page of test events whose next cursor is `after`.
fn events_page(ids: &[&str], after: &str) -> Value {
    let data: Vec<Value> = ids.iter().map(|id| event(id)).collect();
    json!({"data": data, "meta": {"page": {"after": after}, "status": "done"}})
}

/// [`events_page`] as the typed mock answers it.
fn typed_events_page(ids: &[&str], after: &str) -> types::CiAppTestEventsResponse {
    serde_json::from_value(events_page(ids, after)).unwrap()
}

fn event_ids(events: &[types::CiAppTestEvent]) -> Vec<&str> {
    events.iter().filter_map(|e| e.id.as_deref()).collect()
}

/// The four operations, to check what they share (errors, auth) in one loop.
#[derive(Clone, Copy, Debug)]
enum Op {
    List,
    Search,
    Aggregate,
    GetResult,
}

const PUBLIC_ID: &str = "abc-def-ghi";
const RESULT_ID: &str = "3420446318379485707";

impl Op {
    const ALL: [Op; 4] = [Op::List, Op::Search, Op::Aggregate, Op::GetResult];

    fn name(self) -> &'static str {
        match self {
            Op::List => "list_ci_app_test_events",
            Op::Search => "search_ci_app_test_events",
            Op::Aggregate => "aggregate_ci_app_test_events",
            Op::GetResult => "get_api_test_result",
        }
    }

    /// A typed expectation of the request [`call`](Self::call) sends, answering `status` with the
    /// documented error body, or with `Err(text)` as plain text, and `headers`.
    fn expect_failure(
        self,
        server: &TypedMock,
        status: u16,
        body: Result<types::ApiErrorResponse, &'static str>,
        headers: &[(&str, &str)],
    ) -> Expectation {
        // A reply names the operation's success type, so each arm builds its own.
        fn reply<S>(
            status: u16,
            body: &Result<types::ApiErrorResponse, &'static str>,
            headers: &[(&str, &str)],
        ) -> Reply<S, types::ApiErrorResponse> {
            let reply = match body {
                Ok(body) => Reply::error(status, body.clone()),
                Err(text) => Reply::raw(status, *text),
            };
            headers.iter().fold(reply, |r, (k, v)| r.header(*k, *v))
        }
        match self {
            Op::List => server
                .list_ci_app_test_events()
                .respond_with(reply(status, &body, headers)),
            Op::Search => server
                .search_ci_app_test_events()
                .respond_with(reply(status, &body, headers)),
            Op::Aggregate => server
                .aggregate_ci_app_test_events()
                .body(types::CiAppTestsAggregateRequest::default())
                .respond_with(reply(status, &body, headers)),
            Op::GetResult => server
                .get_api_test_result()
                .public_id(PUBLIC_ID)
                .result_id(RESULT_ID)
                .respond_with(reply(status, &body, headers)),
        }
    }

    /// Sends the operation with minimal parameters, keeping only the error.
    async fn call(self, client: &Client) -> testops_datadog::Error<types::ApiErrorResponse> {
        let result = match self {
            Op::List => client.list_ci_app_test_events().send().await.map(drop),
            Op::Search => client.search_ci_app_test_events().send().await.map(drop),
            Op::Aggregate => client
                .aggregate_ci_app_test_events()
                .body(types::CiAppTestsAggregateRequest::default())
                .send()
                .await
                .map(drop),
            Op::GetResult => client
                .get_api_test_result()
                .public_id(PUBLIC_ID)
                .result_id(RESULT_ID)
                .send()
                .await
                .map(drop),
        };
        result.expect_err("the mock answers with an error")
    }
}

/// Serves the documented error example of `op` for `status`, then checks the typed error.
async fn assert_documented_error(op: Op, status: u16, kind: ErrorKind) {
    let server = TypedMock::start().await;
    let example = fixture(VENDOR, &format!("{}.response-{status}", op.name()));
    let mock = op.expect_failure(&server, status, Ok(typed_value(&example)), &[]);
    let err = op.call(&client_without_retries(&server)).await;
    assert_eq!(err.kind(), kind, "{op:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{op:?}");
    assert_eq!(err.attempts(), 1, "{op:?}");
    assert_eq!(
        err.typed_body(),
        Some(
            &types::ApiErrorResponse::try_from(
                types::ApiErrorResponse::builder().errors(vec!["Bad Request".into()])
            )
            .unwrap()
        ),
        "{op:?}"
    );
    assert_same_json(
        op.name(),
        &serde_json::from_str(err.body().unwrap()).unwrap(),
        &example,
    );
    mock.assert_hits(1);
    server.verify();
}

// ------------------------------------------------------------------------- documented examples

#[test]
fn every_documented_example_round_trips_through_its_generated_type() {
    let mut names: Vec<String> = std::fs::read_dir(fixture_dir(VENDOR))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    names.sort();
    assert!(names.len() >= 27, "fixtures missing: {names:?}");
    for name in &names {
        let input = fixture(VENDOR, name.trim_end_matches(".json"));
        let (operation, example) = name.split_once('.').unwrap();
        let output = match (operation, example) {
            (_, e) if e.starts_with("response-4") => {
                round_trip::<types::ApiErrorResponse>(name, &input)
            }
            ("list_ci_app_test_events" | "search_ci_app_test_events", e)
                if e.starts_with("response-200") =>
            {
                round_trip::<types::CiAppTestEventsResponse>(name, &input)
            }
            ("search_ci_app_test_events", e) if e.starts_with("request") => {
                round_trip::<types::CiAppTestEventsRequest>(name, &input)
            }
            ("aggregate_ci_app_test_events", e) if e.starts_with("request") => {
                round_trip::<types::CiAppTestsAggregateRequest>(name, &input)
            }
            ("aggregate_ci_app_test_events", e) if e.starts_with("response-200") => {
                round_trip::<types::CiAppTestsAnalyticsAggregateResponse>(name, &input)
            }
            ("get_api_test_result", e) if e.starts_with("response-200") => {
                round_trip::<types::SyntheticsApiTestResultFull>(name, &input)
            }
            _ => panic!("no generated type for fixture {name}"),
        };
        assert_same_json(name, &output, &input);
    }
}

#[test]
fn the_json_comparison_tolerates_only_number_forms_instants_and_dropped_nulls() {
    // `same(input, re-serialised)`
    let same = |a: Value, b: Value| same_json(&b, &a, "$").is_ok();
    assert!(same(json!({"n": 42, "x": null}), json!({"n": 42.0})));
    assert!(same(
        json!({"t": "2024-02-01T00:00:00.000Z"}),
        json!({"t": "2024-02-01T00:00:00Z"})
    ));
    assert!(
        !same(json!({"a": 1, "b": 2}), json!({"a": 1})),
        "a dropped field"
    );
    assert!(
        !same(json!({"a": 1}), json!({"a": 1, "b": 2})),
        "an added field"
    );
    assert!(
        !same(json!({"a": 1}), json!({"a": 1.5})),
        "a changed number"
    );
    assert!(!same(json!({"a": "1"}), json!({"a": 1})), "a changed type");
    assert!(!same(json!([1, 2]), json!([1])), "a dropped item");
    assert!(
        !same(json!({"a": {"b": 1}}), json!({"a": null})),
        "a nulled object"
    );
    assert!(
        same(json!({"a": [], "b": {}}), json!({})),
        "empty optional members"
    );
    assert!(
        !same(
            json!({"t": "2024-02-01T00:00:00Z"}),
            json!({"t": "2024-02-01T00:00:01Z"})
        ),
        "another instant"
    );
}

#[test]
fn the_placeholder_aggregate_example_keeps_its_unknown_compute() {
    // The page's 200 example of the aggregate operation: its compute value is a placeholder
    // object, which no documented variant describes; it is kept as sent.
    let example = json!({
        "data": {"buckets": [{
            "by": {"<any-key>": "undefined"},
            "computes": {"<any-key>": {"description": "undefined", "type": "undefined"}}
        }]},
        "links": {"next": "https://app.datadoghq.com/api/v2/ci/tests/events?filter[query]=foo&page[cursor]=abc"},
        "meta": {"elapsed": 132, "page": {"after": "abc"}, "request_id": "MWlF", "status": "done",
                 "warnings": [{"code": "unknown_index", "detail": "indexes: foo, bar", "title": "t"}]}
    });
    let response: types::CiAppTestsAnalyticsAggregateResponse =
        serde_json::from_value(example.clone()).unwrap();
    let bucket = &response.data.as_ref().unwrap().buckets[0];
    assert_eq!(
        bucket.computes["<any-key>"],
        Some(types::CiAppAggregateBucketValue::Unknown(
            json!({"description": "undefined", "type": "undefined"})
        ))
    );
    assert_same_json("$", &serde_json::to_value(&response).unwrap(), &example);
}

/// The name of the variant an assertion decoded into.
fn assertion_variant(assertion: &types::SyntheticsAssertion) -> &'static str {
    use types::SyntheticsAssertion as A;
    match assertion {
        A::Target(_) => "Target",
        A::BodyHashTarget(_) => "BodyHashTarget",
        A::McpServerCapabilitiesTarget(_) => "McpServerCapabilitiesTarget",
        A::Javascript(_) => "Javascript",
        A::JsonPathTarget(_) => "JsonPathTarget",
        A::JsonSchemaTarget(_) => "JsonSchemaTarget",
        A::XPathTarget(_) => "XPathTarget",
        A::McpRespectsSpecification(_) => "McpRespectsSpecification",
        A::Unknown(_) => "Unknown",
        _ => "a variant this test does not know",
    }
}

/// The name of the variant a basic auth decoded into.
fn basic_auth_variant(auth: &types::SyntheticsBasicAuth) -> &'static str {
    use types::SyntheticsBasicAuth as B;
    match auth {
        B::OauthRop(_) => "OauthRop",
        B::OauthClient(_) => "OauthClient",
        B::Jwt(_) => "Jwt",
        B::Sigv4(_) => "Sigv4",
        B::Ntlm(_) => "Ntlm",
        B::Digest(_) => "Digest",
        B::Web(_) => "Web",
        B::Unknown(_) => "Unknown",
        _ => "a variant this test does not know",
    }
}

#[test]
fn every_result_example_decodes_into_the_expected_union_variants() {
    // The JWT member and the new assertion types and operators must not move an example into
    // another variant (or into `Unknown`): the first six are the examples from before them.
    let target = "Target";
    let expected: [(&str, Option<&str>, Vec<&str>); 11] = [
        ("response-200", Some("Web"), vec![target; 3]),
        (
            "response-200-assertions-sigv4",
            Some("Sigv4"),
            vec![
                target,
                target,
                target,
                "BodyHashTarget",
                "JsonPathTarget",
                "JsonPathTarget",
                "JsonSchemaTarget",
                "XPathTarget",
                "XPathTarget",
                "Javascript",
                "McpServerCapabilitiesTarget",
                "McpRespectsSpecification",
            ],
        ),
        ("response-200-digest", Some("Digest"), vec![target]),
        ("response-200-ntlm", Some("Ntlm"), vec![target]),
        (
            "response-200-oauth-client",
            Some("OauthClient"),
            vec![target],
        ),
        ("response-200-oauth-rop", Some("OauthRop"), vec![target]),
        ("response-200-example", None, vec![]),
        ("response-200-jwt", Some("Jwt"), vec![target; 6]),
        ("response-200-grpc", None, vec![target; 4]),
        ("response-200-network", None, vec![target; 8]),
        (
            "response-200-mcp",
            None,
            vec![
                "McpRespectsSpecification",
                target,
                target,
                "McpServerCapabilitiesTarget",
            ],
        ),
    ];
    let mut examples: Vec<String> = std::fs::read_dir(fixture_dir(VENDOR))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| {
            let example = name.strip_prefix("get_api_test_result.")?;
            let example = example.strip_suffix(".json")?;
            example
                .starts_with("response-200")
                .then(|| example.to_string())
        })
        .collect();
    examples.sort();
    let mut listed: Vec<&str> = expected.iter().map(|(name, _, _)| *name).collect();
    listed.sort();
    assert_eq!(examples, listed, "every result example is listed here");
    for (example, auth, assertions) in &expected {
        let name = format!("get_api_test_result.{example}");
        let result: types::SyntheticsApiTestResultFull = typed_fixture(VENDOR, &name);
        let config = result.check.map(|c| c.config).unwrap_or_default();
        let decoded_auth = config
            .request
            .and_then(|r| r.basic_auth)
            .map(|a| basic_auth_variant(&a));
        assert_eq!(decoded_auth, *auth, "{name}");
        let decoded: Vec<&str> = config
            .assertions
            .unwrap_or_default()
            .iter()
            .map(assertion_variant)
            .collect();
        assert_eq!(decoded, *assertions, "{name}");
    }
}

#[test]
fn every_assertion_decodes_into_its_own_variant() {
    use types::SyntheticsAssertion as A;
    use types::SyntheticsAssertionTargetValue as V;
    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-assertions-sigv4");
    let assertions = result.check.unwrap().config.assertions.unwrap();
    let variants: Vec<&str> = assertions.iter().map(assertion_variant).collect();
    assert_eq!(
        variants,
        [
            "Target",
            "Target",
            "Target",
            "BodyHashTarget",
            "JsonPathTarget",
            "JsonPathTarget",
            "JsonSchemaTarget",
            "XPathTarget",
            "XPathTarget",
            "Javascript",
            "McpServerCapabilitiesTarget",
            "McpRespectsSpecification",
        ]
    );
    let number = |n: f64| V::Number(types::SyntheticsAssertionTargetValueNumber(n));
    let string = |s: &str| V::String(types::SyntheticsAssertionTargetValueString(s.into()));
    // Simple targets: a number, a string, a number with a timings scope.
    let A::Target(status) = &assertions[0] else {
        unreachable!()
    };
    assert_eq!(status.target, number(200.0));
    assert_eq!(status.type_, types::SyntheticsAssertionType::StatusCode);
    let A::Target(header) = &assertions[1] else {
        unreachable!()
    };
    assert_eq!(header.target, string("^[0-9a-f-]{36}$"));
    assert_eq!(header.property.as_deref(), Some("x-request-id"));
    let A::Target(time) = &assertions[2] else {
        unreachable!()
    };
    assert_eq!(time.target, number(800.0));
    assert_eq!(
        time.timings_scope,
        Some(types::SyntheticsAssertionTimingsScope::All)
    );
    let A::BodyHashTarget(hash) = &assertions[3] else {
        unreachable!()
    };
    assert_eq!(
        hash.operator,
        types::SyntheticsAssertionBodyHashOperator::Sha256
    );
    assert!(matches!(&hash.target, V::String(s) if s.0.starts_with("9f86d081")));
    // Composed targets keep their number or string target values.
    let json_path_values: Vec<_> = [&assertions[4], &assertions[5]]
        .map(|a| match a {
            A::JsonPathTarget(a) => a.target.as_ref().unwrap().target_value.clone(),
            _ => unreachable!(),
        })
        .into();
    assert_eq!(json_path_values, [Some(number(0.0)), Some(string("EUR"))]);
    let A::JsonSchemaTarget(schema) = &assertions[6] else {
        unreachable!()
    };
    assert_eq!(
        schema.target.as_ref().unwrap().meta_schema,
        Some(types::SyntheticsAssertionJsonSchemaMetaSchema::Draft07)
    );
    let xpath_values: Vec<_> = [&assertions[7], &assertions[8]]
        .map(|a| match a {
            A::XPathTarget(a) => a.target.as_ref().unwrap().target_value.clone(),
            _ => unreachable!(),
        })
        .into();
    assert_eq!(xpath_values, [Some(string("ok")), Some(number(1.0))]);
    let A::McpServerCapabilitiesTarget(mcp) = &assertions[10] else {
        unreachable!()
    };
    assert_eq!(
        mcp.target,
        [
            types::SyntheticsMcpServerCapability::Tools,
            types::SyntheticsMcpServerCapability::Resources
        ]
    );
}

/// Decodes the basic auth of a Synthetics result example and checks it with `is_expected`.
fn assert_basic_auth(example: &str, is_expected: impl Fn(&types::SyntheticsBasicAuth) -> bool) {
    let name = format!("get_api_test_result.{example}");
    let result: types::SyntheticsApiTestResultFull = typed_fixture(VENDOR, &name);
    let config = result.check.unwrap().config;
    let auth = config.request.unwrap().basic_auth.unwrap();
    assert!(is_expected(&auth), "{name}: decoded as {auth:?}");
}

#[test]
fn every_basic_auth_decodes_into_its_own_variant() {
    use types::SyntheticsBasicAuth as B;
    use types::SyntheticsBasicAuthOauthTokenApiAuthentication as TokenAuth;
    assert_basic_auth("response-200", |b| {
        matches!(b, B::Web(w) if w.username.as_deref() == Some("synthetics-bot")
            && w.password.as_deref() == Some("s3cr3t-Pa55"))
    });
    assert_basic_auth("response-200-assertions-sigv4", |b| {
        matches!(b, B::Sigv4(s) if s.access_key == "AKIAIOSFODNN7EXAMPLE"
            && s.region.as_deref() == Some("us-east-1")
            && s.service_name.as_deref() == Some("execute-api")
            && s.session_token.is_some())
    });
    assert_basic_auth("response-200-ntlm", |b| {
        matches!(b, B::Ntlm(n) if n.domain.as_deref() == Some("CORP")
            && n.workstation.as_deref() == Some("PROBE-01")
            && n.username.as_deref() == Some("svc-synthetics"))
    });
    assert_basic_auth(
        "response-200-digest",
        |b| matches!(b, B::Digest(d) if d.username == "monitor" && d.password == "d1g3st-pass"),
    );
    assert_basic_auth("response-200-oauth-client", |b| {
        matches!(b, B::OauthClient(c) if c.client_id == "synthetics-client"
            && c.token_api_authentication == TokenAuth::Header
            && c.scope.as_deref() == Some("orders:read"))
    });
    assert_basic_auth("response-200-oauth-rop", |b| {
        matches!(b, B::OauthRop(r) if r.username == "synthetics@shopist.io"
            && r.client_secret.as_deref() == Some("cl13nt-s3cr3t")
            && r.token_api_authentication == TokenAuth::Body)
    });
}

#[test]
fn the_jwt_basic_auth_keeps_every_field() {
    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-jwt");
    let request = result.check.unwrap().config.request.unwrap();
    let Some(types::SyntheticsBasicAuth::Jwt(jwt)) = request.basic_auth else {
        panic!("not a JWT: {:?}", request.basic_auth);
    };
    assert_eq!(
        jwt,
        types::SyntheticsBasicAuthJwt::try_from(
            types::SyntheticsBasicAuthJwt::builder()
                .add_claims(Some(
                    types::SyntheticsBasicAuthJwtAddClaims::try_from(
                        types::SyntheticsBasicAuthJwtAddClaims::builder()
                            .exp(Some(true))
                            .iat(Some(true))
                    )
                    .unwrap()
                ))
                .algorithm(types::SyntheticsBasicAuthJwtAlgorithm::Hs256)
                .expires_in(NonZeroU64::new(3600))
                .header(Some(r#"{"kid": "my-key-id"}"#.to_string()))
                .payload(r#"{"sub": "1234567890", "name": "John Doe"}"#)
                .secret("{{ JWT_SIGNING_KEY }}")
                .token_prefix(Some("Bearer".to_string()))
                .type_(types::SyntheticsBasicAuthJwtType::Jwt)
        )
        .unwrap()
    );
    // Only the four required fields: still a JWT, for each documented algorithm.
    for (algorithm, expected) in [
        ("HS256", types::SyntheticsBasicAuthJwtAlgorithm::Hs256),
        ("RS256", types::SyntheticsBasicAuthJwtAlgorithm::Rs256),
        ("ES256", types::SyntheticsBasicAuthJwtAlgorithm::Es256),
    ] {
        let minimal =
            json!({"algorithm": algorithm, "payload": "{}", "secret": "k", "type": "jwt"});
        let auth: types::SyntheticsBasicAuth = serde_json::from_value(minimal.clone()).unwrap();
        let types::SyntheticsBasicAuth::Jwt(jwt) = &auth else {
            panic!("{algorithm}: decoded as {auth:?}");
        };
        assert_eq!(jwt.algorithm, expected);
        assert_eq!(jwt.expires_in, None);
        assert_eq!(serde_json::to_value(&auth).unwrap(), minimal);
    }
    // A token lifetime must be at least one second.
    let zero = json!({"algorithm": "HS256", "expiresIn": 0, "payload": "{}", "secret": "k", "type": "jwt"});
    let auth: types::SyntheticsBasicAuth = serde_json::from_value(zero.clone()).unwrap();
    assert_eq!(auth, types::SyntheticsBasicAuth::Unknown(zero));
}

#[test]
fn new_assertion_types_and_operators_decode_as_simple_targets() {
    use types::SyntheticsAssertionOperator as Op;
    use types::SyntheticsAssertionType as Type;
    let simple_targets = |example: &str| -> Vec<(Type, Op)> {
        let result: types::SyntheticsApiTestResultFull =
            typed_fixture(VENDOR, &format!("get_api_test_result.{example}"));
        let assertions = result.check.unwrap().config.assertions.unwrap();
        assertions
            .into_iter()
            .filter_map(|a| match a {
                types::SyntheticsAssertion::Target(t) => Some((t.type_, t.operator)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        simple_targets("response-200-jwt"),
        [
            (Type::StatusCode, Op::Is),
            (Type::Certificate, Op::IsInMoreThan),
            (Type::Certificate, Op::IsInLessThan),
            (Type::Header, Op::DoesNotExist),
            (Type::Header, Op::IsUndefined),
            (Type::MinTlsVersion, Op::MoreThanOrEqual),
        ]
    );
    assert_eq!(
        simple_targets("response-200-grpc"),
        [
            (Type::GrpcHealthcheckStatus, Op::Is),
            (Type::GrpcMetadata, Op::Is),
            (Type::GrpcProto, Op::Validates),
            (Type::ResponseTime, Op::LessThan),
        ]
    );
    assert_eq!(
        simple_targets("response-200-network"),
        [
            (Type::Latency, Op::LessThan),
            (Type::PacketLossPercentage, Op::LessThanOrEqual),
            (Type::PacketsReceived, Op::MoreThanOrEqual),
            (Type::NetworkHop, Op::LessThan),
            (Type::MultiNetworkHop, Op::LessThan),
            (Type::Jitter, Op::LessThan),
            (Type::Connection, Op::Is),
            (Type::ReceivedMessage, Op::Contains),
        ]
    );
    assert_eq!(
        simple_targets("response-200-mcp"),
        [
            (Type::McpToolNameLength, Op::LessThanOrEqual),
            (Type::McpToolCount, Op::MoreThan),
        ]
    );
    // A property and a target of each kind stay with their assertion.
    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-network");
    let assertions = result.check.unwrap().config.assertions.unwrap();
    let types::SyntheticsAssertion::Target(latency) = &assertions[0] else {
        unreachable!()
    };
    assert_eq!(latency.property.as_deref(), Some("avg"));
    assert_eq!(
        latency.target,
        types::SyntheticsAssertionTargetValue::Number(types::SyntheticsAssertionTargetValueNumber(
            100.0
        ))
    );
    let types::SyntheticsAssertion::Target(connection) = &assertions[6] else {
        unreachable!()
    };
    assert_eq!(
        connection.target,
        types::SyntheticsAssertionTargetValue::String(types::SyntheticsAssertionTargetValueString(
            "established".into()
        ))
    );
    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-mcp");
    let assertions = result.check.unwrap().config.assertions.unwrap();
    let types::SyntheticsAssertion::McpServerCapabilitiesTarget(mcp) = &assertions[3] else {
        unreachable!()
    };
    use types::SyntheticsMcpServerCapability as Capability;
    assert_eq!(
        mcp.target,
        [
            Capability::Completions,
            Capability::Experimental,
            Capability::Logging,
            Capability::Prompts
        ]
    );
}

#[test]
fn monitor_states_failure_codes_and_new_request_fields_decode() {
    use types::SyntheticsApiTestFailureCode as Code;
    use types::SyntheticsTestMonitorStatus as Status;
    // The published document's example.
    let example: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-example");
    assert_eq!(example.status, Some(Status::Untriggered));
    assert_eq!(example.check_time, Some(1706745600000.0));
    assert_eq!(example.probe_dc.as_deref(), Some("aws:eu-west-3"));
    assert_eq!(example.result_id.as_deref(), Some("abc-123"));
    assert!(example.check.is_none() && example.result.is_none());

    let outcome = |name: &str| {
        let result: types::SyntheticsApiTestResultFull =
            typed_fixture(VENDOR, &format!("get_api_test_result.{name}"));
        let code = result.result.unwrap().failure.unwrap().code.unwrap();
        (result.status.unwrap(), code)
    };
    assert_eq!(
        outcome("response-200-jwt"),
        (Status::Untriggered, Code::IncorrectAssertion)
    );
    assert_eq!(
        outcome("response-200-grpc"),
        (Status::NoData, Code::Timeout)
    );
    assert_eq!(
        outcome("response-200-network"),
        (Status::Triggered, Code::ConnRefused)
    );
    // `UNKNOWN` is a documented code, distinct from a code this client does not know.
    let unknown: Code = serde_json::from_value(json!("UNKNOWN")).unwrap();
    assert_eq!(unknown, Code::UnknownFailure);
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("UNKNOWN"));
    let internal: Code = serde_json::from_value(json!("INTERNAL_ERROR")).unwrap();
    assert_eq!(internal, Code::InternalError);
    assert_eq!(
        serde_json::to_value(Status::NoData).unwrap(),
        json!(2),
        "monitor states are sent as numbers"
    );

    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-network");
    let request = result.check.unwrap().config.request.unwrap();
    assert_eq!(request.ignore_certificate_validation, Some(true));
    assert_eq!(request.number_of_packets, Some(4));
    assert_eq!(request.should_track_hops, Some(true));
    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200-grpc");
    let request = result.check.unwrap().config.request.unwrap();
    assert_eq!(
        request.call_type,
        Some(types::SyntheticsTestCallType::Unary)
    );
    assert_eq!(request.service.as_deref(), Some("helloworld.Greeter"));
    assert_eq!(
        request.metadata.unwrap()["authorization"],
        "Bearer {{ GRPC_TOKEN }}"
    );
}

#[test]
fn documented_request_defaults_fill_unset_fields() {
    // Filter bounds, page size and bucket count take the documented defaults, which the
    // server would apply anyway; the timezone has none, so `time_offset` can go alone.
    let filter = types::CiAppTestsQueryFilter::default();
    assert_eq!(
        serde_json::to_value(&filter).unwrap(),
        json!({"from": "now-15m", "query": "*", "to": "now"})
    );
    assert_eq!(types::CiAppQueryPageOptions::default().limit, 10);
    let options = types::CiAppQueryOptions::try_from(
        types::CiAppQueryOptions::builder().time_offset(Some(3600)),
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&options).unwrap(),
        json!({"time_offset": 3600})
    );
    let group_by: types::CiAppTestsGroupBy =
        serde_json::from_value(json!({"facet": "@test.suite"})).unwrap();
    assert_eq!(group_by.limit, 10);
    let filter: types::CiAppTestsQueryFilter =
        serde_json::from_value(json!({"query": "@test.status:fail"})).unwrap();
    assert_eq!(
        (filter.from.as_str(), filter.to.as_str()),
        ("now-15m", "now")
    );
    // A result without assertions reads as an empty list; an explicit null stays null.
    let config: types::SyntheticsTestConfig = serde_json::from_value(json!({})).unwrap();
    assert_eq!(config.assertions, Some(vec![]));
    let config: types::SyntheticsTestConfig =
        serde_json::from_value(json!({"assertions": null})).unwrap();
    assert_eq!(config.assertions, None);
}

#[test]
fn ports_decode_as_numbers_or_template_strings() {
    use types::SyntheticsTestRequestDnsServerPort as Dns;
    use types::SyntheticsTestRequestPort as Port;
    let request = |name: &str| {
        let result: types::SyntheticsApiTestResultFull = typed_fixture(VENDOR, name);
        result.check.unwrap().config.request.unwrap()
    };
    let full = request("get_api_test_result.response-200");
    assert_eq!(
        full.port,
        Some(Port::NumericalPort(
            types::SyntheticsTestRequestNumericalPort(443)
        ))
    );
    assert_eq!(
        full.dns_server_port,
        Some(Dns::VariableDnsServerPort(
            types::SyntheticsTestRequestVariableDnsServerPort("{{ DNS_PORT }}".into())
        ))
    );
    let sigv4 = request("get_api_test_result.response-200-assertions-sigv4");
    assert_eq!(
        sigv4.port,
        Some(Port::VariablePort(
            types::SyntheticsTestRequestVariablePort("{{ API_PORT }}".into())
        ))
    );
    assert_eq!(
        sigv4.dns_server_port,
        Some(Dns::NumericalDnsServerPort(
            types::SyntheticsTestRequestNumericalDnsServerPort(53)
        ))
    );
}

#[test]
fn the_full_api_test_result_keeps_its_typed_values() {
    let result: types::SyntheticsApiTestResultFull =
        typed_fixture(VENDOR, "get_api_test_result.response-200");
    assert_eq!(result.result_id.as_deref(), Some("3420446318379485707"));
    assert_eq!(result.check_time, Some(1712048700123.0));
    assert_eq!(result.check_version, Some(4));
    assert_eq!(
        result.status,
        Some(types::SyntheticsTestMonitorStatus::Triggered)
    );
    let config = result.check.unwrap().config;
    let variables = config.config_variables.unwrap();
    assert_eq!(
        variables[0].type_,
        types::SyntheticsConfigVariableType::Text
    );
    assert_eq!(
        config.variables.unwrap()[0].type_,
        types::SyntheticsBrowserVariableType::Element
    );
    let request = config.request.unwrap();
    assert_eq!(
        request.body_type,
        Some(types::SyntheticsTestRequestBodyType::ApplicationJson)
    );
    assert_eq!(
        request.call_type,
        Some(types::SyntheticsTestCallType::Unary)
    );
    assert_eq!(
        request.http_version,
        Some(types::SyntheticsTestOptionsHttpVersion::Http2)
    );
    assert_eq!(
        request.mcp_protocol_version,
        Some(types::SyntheticsMcpProtocolVersion::V20250618)
    );
    assert_eq!(request.headers.unwrap()["Accept"], "application/json");
    assert_eq!(request.tool_args.unwrap()["limit"], 5);
    assert_eq!(request.files.unwrap()[0].size, NonZeroU64::new(16));
    let data = result.result.unwrap();
    assert_eq!(
        data.event_type,
        Some(types::SyntheticsTestProcessStatus::Finished)
    );
    assert_eq!(
        data.failure.unwrap().code,
        Some(types::SyntheticsApiTestFailureCode::TooManyRedirects)
    );
    let cert = data.cert.unwrap();
    assert_eq!(cert.valid_from, Some(instant("2024-02-01T00:00:00Z")));
    assert_eq!(cert.issuer.unwrap().cn.as_deref(), Some("R3"));
    assert_eq!(cert.exponent, Some(65537.0));
    assert_eq!(
        data.response_headers.unwrap()["set-cookie"],
        json!(["session=abc123; Path=/", "region=eu; Path=/"])
    );
    assert_eq!(data.timings.unwrap().redirect, Some(412.9));
}

#[test]
fn aggregate_unions_decode_into_their_own_variants() {
    use types::CiAppAggregateBucketValue as Bucket;
    use types::CiAppGroupByMissing as Missing;
    use types::CiAppGroupByTotal as Total;
    let simple: types::CiAppTestsAggregateRequest =
        typed_fixture(VENDOR, "aggregate_ci_app_test_events.request");
    assert_eq!(
        simple.group_by[0].total,
        Some(Total::Boolean(types::CiAppGroupByTotalBoolean(false)))
    );
    let rich: types::CiAppTestsAggregateRequest =
        typed_fixture(VENDOR, "aggregate_ci_app_test_events.request-timeseries");
    assert_eq!(
        rich.group_by[0].missing,
        Some(Missing::String(types::CiAppGroupByMissingString(
            "unknown".into()
        )))
    );
    assert_eq!(
        rich.group_by[0].total,
        Some(Total::String(types::CiAppGroupByTotalString(
            "all statuses".into()
        )))
    );
    assert_eq!(
        rich.group_by[1].missing,
        Some(Missing::Number(types::CiAppGroupByMissingNumber(0.0)))
    );
    assert_eq!(
        rich.group_by[1].total,
        Some(Total::Number(types::CiAppGroupByTotalNumber(0.0)))
    );
    assert_eq!(rich.group_by[1].histogram.as_ref().unwrap().max, 1e10);

    let response: types::CiAppTestsAnalyticsAggregateResponse = typed_fixture(
        VENDOR,
        "aggregate_ci_app_test_events.response-200-timeseries",
    );
    let computes = &response.data.unwrap().buckets[0].computes;
    let Some(Bucket::Timeseries(series)) = &computes["c0"] else {
        panic!("c0 is a timeseries: {:?}", computes["c0"]);
    };
    assert_eq!(series.len(), 3);
    assert_eq!(series[0].time, Some(instant("2024-04-02T09:00:00Z")));
    assert_eq!(series[0].value, Some(12.0));
    assert_eq!(series[2].value, None);
    assert_eq!(
        computes["c1"],
        Some(Bucket::SingleNumber(
            types::CiAppAggregateBucketValueSingleNumber(1834.5)
        ))
    );
    assert_eq!(
        computes["c2"],
        Some(Bucket::SingleString(
            types::CiAppAggregateBucketValueSingleString("web-ui-tests".into())
        ))
    );
}

#[test]
fn unknown_values_and_shapes_are_kept() {
    let event: types::CiAppTestEvent = serde_json::from_value(
        json!({"id": "e1", "type": "cipipeline", "attributes": {"test_level": "benchmark"}}),
    )
    .unwrap();
    assert_eq!(
        event.type_,
        Some(types::CiAppTestEventTypeName::Unknown("cipipeline".into()))
    );
    assert_eq!(
        event.attributes.unwrap().test_level,
        Some(types::CiAppTestLevel::Unknown("benchmark".into()))
    );
    // The enums of an assertion's members are closed, so an assertion type or operator this
    // client does not know keeps the whole assertion as sent instead of a wrong member.
    for new_assertion in [
        json!({"operator": "is", "target": "SERVING", "type": "grpcStreamStatus"}),
        json!({"operator": "isAfter", "target": 3, "type": "certificate"}),
    ] {
        let assertion: types::SyntheticsAssertion =
            serde_json::from_value(new_assertion.clone()).unwrap();
        assert_eq!(
            assertion,
            types::SyntheticsAssertion::Unknown(new_assertion.clone())
        );
        assert_eq!(serde_json::to_value(&assertion).unwrap(), new_assertion);
    }
    // A basic auth of a kind this client does not know, or a JWT signed with an algorithm it
    // does not know, is kept as sent too.
    for new_auth in [
        json!({"type": "kerberos", "username": "svc", "password": "p"}),
        json!({"type": "jwt", "algorithm": "PS256", "payload": "{}", "secret": "k"}),
    ] {
        let auth: types::SyntheticsBasicAuth = serde_json::from_value(new_auth.clone()).unwrap();
        assert_eq!(auth, types::SyntheticsBasicAuth::Unknown(new_auth.clone()));
    }
    // Lists of capabilities, monitor states and failure codes keep a new value in place.
    let mcp: types::SyntheticsAssertion = serde_json::from_value(
        json!({"operator": "contains", "target": ["tools", "sampling"], "type": "mcpServerCapabilities"}),
    )
    .unwrap();
    let types::SyntheticsAssertion::McpServerCapabilitiesTarget(mcp) = mcp else {
        panic!("decoded as {mcp:?}");
    };
    assert_eq!(
        mcp.target,
        [
            types::SyntheticsMcpServerCapability::Tools,
            types::SyntheticsMcpServerCapability::Unknown("sampling".into())
        ]
    );
    let result: types::SyntheticsApiTestResultFull = serde_json::from_value(
        json!({"status": 3, "result": {"failure": {"code": "QUIC_HANDSHAKE"}}}),
    )
    .unwrap();
    assert_eq!(
        result.status,
        Some(types::SyntheticsTestMonitorStatus::Unknown(3))
    );
    assert_eq!(
        result.result.unwrap().failure.unwrap().code,
        Some(types::SyntheticsApiTestFailureCode::Unknown(
            "QUIC_HANDSHAKE".into()
        ))
    );
}

// ------------------------------------------------------------------------- exact requests

#[tokio::test]
async fn list_sends_the_encoded_query_and_both_keys_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let cursor =
        "eyJzdGFydEF0IjoiQVFBQUFYS2tMS3pPbm40NGV3QUFBQUJCV0V0clRFdDZVbG8zY3pCRmNsbHJiVmxDWlEifQ==";
    let expected_uri = format!(
        "/api/v2/ci/tests/events\
         ?filter%5Bfrom%5D=2024-04-02T09%3A00%3A00Z\
         &filter%5Bquery%5D=%40test.service%3Aweb-ui-tests+AND+%40test.status%3Afail\
         &filter%5Bto%5D=2024-04-02T10%3A00%3A00Z\
         &page%5Bcursor%5D={}\
         &page%5Blimit%5D=25\
         &sort=-timestamp",
        cursor.replace('=', "%3D")
    );
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v2/ci/tests/events")
                .header("DD-API-KEY", API_KEY)
                .header("DD-APPLICATION-KEY", APP_KEY)
                .header("accept", "application/json")
                .header_missing("api-version")
                .is_true(uri_is(expected_uri));
            then.status(200)
                .json_body(fixture(VENDOR, "list_ci_app_test_events.response-200"));
        })
        .await;
    let response = client(builder(), &server.base_url())
        .list_ci_app_test_events()
        .filter_query("@test.service:web-ui-tests AND @test.status:fail")
        .filter_from(instant("2024-04-02T09:00:00Z"))
        .filter_to(instant("2024-04-02T10:00:00Z"))
        .sort(types::CiAppSort::TimestampDescending)
        .page_cursor(cursor)
        .page_limit(25)
        .send_with_response()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let page = response.into_value();
    assert_eq!(
        event_ids(&page.data),
        ["AAAAAWgN8Xwgr1vKDQAAAABBV2dOOFh3ZzZobm1mWXJFYTR0OA"]
    );
    let event = &page.data[0];
    assert_eq!(event.type_, Some(types::CiAppTestEventTypeName::Citest));
    let attributes = event.attributes.as_ref().unwrap();
    assert_eq!(attributes.test_level, Some(types::CiAppTestLevel::Test));
    assert_eq!(
        attributes.tags.as_deref(),
        Some(&["team:A".to_string()][..])
    );
    assert_eq!(attributes.attributes["customAttribute"], 123);
    assert_eq!(attributes.attributes["duration"], 2345);
    assert!(page.links.unwrap().next.unwrap().contains("page[cursor]="));
    let meta = page.meta.unwrap();
    assert_eq!(meta.elapsed, Some(132));
    assert_eq!(meta.status, Some(types::CiAppResponseStatus::Done));
    assert_eq!(meta.page.unwrap().after.as_deref(), Some(cursor));
    assert_eq!(
        meta.request_id.as_deref(),
        Some("MWlFUjVaWGZTTTZPYzM0VXp1OXU2d3xLSVpEMjZKQ0VKUTI0dEYtM3RSOFVR")
    );
    let warning = &meta.warnings.unwrap()[0];
    assert_eq!(warning.code.as_deref(), Some("unknown_index"));
    assert_eq!(warning.detail.as_deref(), Some("indexes: foo, bar"));
}

#[tokio::test]
async fn search_posts_the_documented_body_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/ci/tests/events/search")
                .is_true(uri_is("/api/v2/ci/tests/events/search".into()))
                .header("DD-API-KEY", API_KEY)
                .header("DD-APPLICATION-KEY", APP_KEY)
                .header("content-type", "application/json")
                .header_missing("api-version")
                .json_body(fixture(VENDOR, "search_ci_app_test_events.request"));
            then.status(200)
                .json_body(fixture(VENDOR, "search_ci_app_test_events.response-200"));
        })
        .await;
    let body = types::CiAppTestEventsRequest::try_from(
        types::CiAppTestEventsRequest::builder()
            .filter(Some(
                types::CiAppTestsQueryFilter::try_from(
                    types::CiAppTestsQueryFilter::builder()
                        .from("now-15m")
                        .query("@test.service:web-ui-tests AND @test.status:skip")
                        .to("now"),
                )
                .unwrap(),
            ))
            .options(Some(
                types::CiAppQueryOptions::try_from(
                    types::CiAppQueryOptions::builder()
                        .time_offset(None)
                        .timezone(Some("GMT".to_string())),
                )
                .unwrap(),
            ))
            .page(Some(
                types::CiAppQueryPageOptions::try_from(
                    types::CiAppQueryPageOptions::builder()
                        .cursor(None)
                        .limit(25),
                )
                .unwrap(),
            ))
            .sort(Some(types::CiAppSort::TimestampAscending)),
    )
    .unwrap();
    let page = client(builder(), &server.base_url())
        .search_ci_app_test_events()
        .body(body)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(
        event_ids(&page.data),
        ["AAAAAWgN8Xwgr1vKDQAAAABBV2dOOFh3ZzZobm1mWXJFYTR0OA"]
    );
    let attributes = page.data[0].attributes.as_ref().unwrap();
    assert_eq!(attributes.test_level, Some(types::CiAppTestLevel::Test));
    let meta = page.meta.unwrap();
    assert_eq!(meta.elapsed, Some(132));
    assert_eq!(
        meta.page.unwrap().after.as_deref(),
        Some("eyJzdGFydEF0IjoiQVFBQUFYS2tMS3pPbm40NGV3QUFBQUJCV0V0clRFdDZVbG8zY3pCRmNsbHJiVmxDWlEifQ==")
    );
}

#[tokio::test]
async fn aggregate_posts_the_documented_body_and_decodes_the_buckets() {
    use types::CiAppAggregateBucketValue as Bucket;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v2/ci/tests/analytics/aggregate")
                .is_true(uri_is("/api/v2/ci/tests/analytics/aggregate".into()))
                .header("DD-API-KEY", API_KEY)
                .header("DD-APPLICATION-KEY", APP_KEY)
                .header("content-type", "application/json")
                .header_missing("api-version")
                .json_body(fixture(VENDOR, "aggregate_ci_app_test_events.request"));
            then.status(200)
                .json_body(fixture(VENDOR, "aggregate_ci_app_test_events.response-200"));
        })
        .await;
    let body = types::CiAppTestsAggregateRequest::try_from(
        types::CiAppTestsAggregateRequest::builder()
            .compute(vec![types::CiAppCompute::try_from(
                types::CiAppCompute::builder()
                    .aggregation(types::CiAppAggregationFunction::Count)
                    .interval(None)
                    .metric(Some("@test.is_flaky".to_string()))
                    .type_(Some(types::CiAppComputeType::Total)),
            )
            .unwrap()])
            .filter(Some(
                types::CiAppTestsQueryFilter::try_from(
                    types::CiAppTestsQueryFilter::builder()
                        .from("now-15m")
                        .query("@language:(python OR go)")
                        .to("now"),
                )
                .unwrap(),
            ))
            .group_by(vec![types::CiAppTestsGroupBy::try_from(
                types::CiAppTestsGroupBy::builder()
                    .facet("@git.branch")
                    .histogram(None)
                    .limit(10)
                    .missing(None)
                    .sort(Some(
                        types::CiAppAggregateSort::try_from(
                            types::CiAppAggregateSort::builder()
                                .order(Some(types::CiAppSortOrder::Asc)),
                        )
                        .unwrap(),
                    ))
                    .total(Some(types::CiAppGroupByTotal::Boolean(
                        types::CiAppGroupByTotalBoolean(false),
                    ))),
            )
            .unwrap()])
            .options(Some(
                types::CiAppQueryOptions::try_from(
                    types::CiAppQueryOptions::builder()
                        .time_offset(None)
                        .timezone(Some("GMT".to_string())),
                )
                .unwrap(),
            )),
    )
    .unwrap();
    let response = client(builder(), &server.base_url())
        .aggregate_ci_app_test_events()
        .body(body)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    let buckets = response.data.unwrap().buckets;
    let by_branch: Vec<(&Value, Option<f64>)> = buckets
        .iter()
        .map(|b| {
            let count = match &b.computes["c0"] {
                Some(Bucket::SingleNumber(n)) => Some(n.0),
                other => panic!("c0 is a single number: {other:?}"),
            };
            (&b.by["@git.branch"], count)
        })
        .collect();
    assert_eq!(
        by_branch,
        [
            (&json!("main"), Some(42.0)),
            (&json!("release/2024.04"), Some(7.0)),
            (&json!("feature/flaky-retry"), Some(3.0)),
        ]
    );
    let meta = response.meta.unwrap();
    assert_eq!(meta.elapsed, Some(87));
    assert_eq!(
        meta.page.unwrap().after.as_deref(),
        Some("eyJhZnRlciI6eyJAZ2l0LmJyYW5jaCI6WyJtYWluIl19fQ==")
    );
}

#[tokio::test]
async fn get_api_test_result_requests_the_result_path_and_decodes_it() {
    let server = TypedMock::start().await;
    let mock = server
        .get_api_test_result()
        .public_id(PUBLIC_ID)
        .result_id(RESULT_ID)
        .matching(|request| {
            request.header("DD-API-KEY") == Some(API_KEY)
                && request.header("DD-APPLICATION-KEY") == Some(APP_KEY)
                && request.header("accept") == Some("application/json")
                && request.header("api-version").is_none()
        })
        .respond(typed_fixture(
            VENDOR,
            "get_api_test_result.response-200-oauth-rop",
        ));
    let result = client(builder(), &server.base_url())
        .get_api_test_result()
        .public_id(PUBLIC_ID)
        .result_id(RESULT_ID)
        .send()
        .await
        .unwrap();
    mock.assert_hits(1);
    server.verify();
    assert_eq!(result.result_id.as_deref(), Some("8841906627355102777"));
    assert_eq!(result.probe_dc.as_deref(), Some("aws:us-east-1"));
    assert_eq!(result.check_time, Some(1712049300456.0));
    assert_eq!(
        result.status,
        Some(types::SyntheticsTestMonitorStatus::Triggered)
    );
    let request = result.check.unwrap().config.request.unwrap();
    assert_eq!(request.method.as_deref(), Some("GET"));
    assert_eq!(
        request.url.as_deref(),
        Some("https://api.shopist.io/v1/account")
    );
    assert!(matches!(
        request.basic_auth,
        Some(types::SyntheticsBasicAuth::OauthRop(_))
    ));
    let data = result.result.unwrap();
    assert_eq!(
        data.event_type,
        Some(types::SyntheticsTestProcessStatus::FinishedWithError)
    );
    assert_eq!(data.http_status_code, Some(401));
    let failure = data.failure.unwrap();
    assert_eq!(
        failure.code,
        Some(types::SyntheticsApiTestFailureCode::AuthenticationError)
    );
    assert_eq!(
        failure.message.as_deref(),
        Some("Failed to obtain an OAuth access token.")
    );
    assert_eq!(data.timings.unwrap().total, Some(120.4));
}

#[tokio::test]
async fn aggregate_sends_the_newer_aggregation_functions_as_documented() {
    use types::CiAppAggregationFunction as F;
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .is_true(uri_is("/api/v2/ci/tests/analytics/aggregate".into()))
                .header("content-type", "application/json")
                .json_body(fixture(
                    VENDOR,
                    "aggregate_ci_app_test_events.request-functions",
                ));
            then.status(200)
                .json_body(json!({"data": {"buckets": []}, "meta": {"status": "done"}}));
        })
        .await;
    let total = |aggregation: F, metric: &str| {
        types::CiAppCompute::try_from(
            types::CiAppCompute::builder()
                .aggregation(aggregation)
                .interval(None)
                .metric(Some(metric.to_string()))
                .type_(Some(types::CiAppComputeType::Total)),
        )
        .unwrap()
    };
    let body = types::CiAppTestsAggregateRequest::try_from(
        types::CiAppTestsAggregateRequest::builder()
            .compute(vec![
                total(F::Avg, "@duration"),
                total(F::Median, "@duration"),
                total(F::Latest, "@test.status"),
                total(F::Earliest, "@test.status"),
                total(F::MostFrequent, "@test.status"),
                types::CiAppCompute::try_from(
                    types::CiAppCompute::builder()
                        .aggregation(F::Delta)
                        .interval(Some("1h".to_string()))
                        .metric(Some("@duration".to_string()))
                        .type_(Some(types::CiAppComputeType::Timeseries)),
                )
                .unwrap(),
            ])
            .filter(Some(
                types::CiAppTestsQueryFilter::try_from(
                    types::CiAppTestsQueryFilter::builder()
                        .from("now-1d")
                        .query("@test.service:web-ui-tests"),
                )
                .unwrap(),
            ))
            .group_by(vec![types::CiAppTestsGroupBy::try_from(
                types::CiAppTestsGroupBy::builder()
                    .facet("@test.suite")
                    .histogram(None)
                    .limit(25)
                    .missing(None)
                    .sort(Some(
                        types::CiAppAggregateSort::try_from(
                            types::CiAppAggregateSort::builder()
                                .aggregation(Some(F::Avg))
                                .metric(Some("@duration".to_string()))
                                .order(Some(types::CiAppSortOrder::Desc))
                                .type_(Some(types::CiAppAggregateSortType::Measure)),
                        )
                        .unwrap(),
                    ))
                    .total(None),
            )
            .unwrap()])
            .options(Some(
                types::CiAppQueryOptions::try_from(
                    types::CiAppQueryOptions::builder()
                        .time_offset(Some(3600))
                        .timezone(None),
                )
                .unwrap(),
            )),
    )
    .unwrap();
    let response = client(builder(), &server.base_url())
        .aggregate_ci_app_test_events()
        .body(body)
        .send()
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(response.data.unwrap().buckets, []);
    // Every function's wire name, in the documented order.
    let all = [
        F::Count,
        F::Cardinality,
        F::Pc75,
        F::Pc90,
        F::Pc95,
        F::Pc98,
        F::Pc99,
        F::Sum,
        F::Min,
        F::Max,
        F::Avg,
        F::Median,
        F::Latest,
        F::Earliest,
        F::MostFrequent,
        F::Delta,
    ];
    assert_eq!(
        serde_json::to_value(all).unwrap(),
        json!([
            "count",
            "cardinality",
            "pc75",
            "pc90",
            "pc95",
            "pc98",
            "pc99",
            "sum",
            "min",
            "max",
            "avg",
            "median",
            "latest",
            "earliest",
            "most_frequent",
            "delta"
        ])
    );
}

#[tokio::test]
async fn a_page_limit_above_1000_is_rejected_before_anything_is_sent() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(events_page(&[], "c1"));
        })
        .await;
    let client = client(builder(), &server.base_url());
    let err = client
        .list_ci_app_test_events()
        .page_limit(1001)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidRequest, "{err}");
    assert_eq!(err.attempts(), 0);
    assert!(
        err.to_string()
            .contains("parameter `page[limit]` must be at most 1000 (got 1001)"),
        "{err}"
    );
    let streamed = client
        .list_ci_app_test_events()
        .page_limit(1001)
        .stream()
        .next()
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(streamed.kind(), ErrorKind::InvalidRequest, "{streamed}");
    assert_eq!(any.calls_async().await, 0);
    any.delete_async().await;

    // The maximum itself is sent.
    let at_max = server
        .mock_async(|when, then| {
            when.method(GET).is_true(uri_is(
                "/api/v2/ci/tests/events?page%5Blimit%5D=1000".into(),
            ));
            then.status(200).json_body(events_page(&["e1"], "c1"));
        })
        .await;
    let page = client
        .list_ci_app_test_events()
        .page_limit(1000)
        .send()
        .await
        .unwrap();
    assert_eq!(event_ids(&page.data), ["e1"]);
    assert_eq!(at_max.calls_async().await, 1);
}

// ------------------------------------------------------------------------- documented errors

#[tokio::test]
async fn a_400_is_a_client_error_with_the_error_list() {
    for op in [Op::List, Op::Search, Op::Aggregate] {
        assert_documented_error(op, 400, ErrorKind::Client).await;
    }
}

#[tokio::test]
async fn a_403_is_forbidden_with_the_error_list() {
    for op in Op::ALL {
        assert_documented_error(op, 403, ErrorKind::Forbidden).await;
    }
}

#[tokio::test]
async fn a_404_of_a_synthetics_result_is_not_found_with_the_error_list() {
    assert_documented_error(Op::GetResult, 404, ErrorKind::NotFound).await;
}

#[tokio::test]
async fn a_429_is_rate_limited_with_the_wait_and_the_error_list() {
    for op in Op::ALL {
        let server = TypedMock::start().await;
        let example = typed_fixture(VENDOR, &format!("{}.response-429", op.name()));
        let mock = op.expect_failure(&server, 429, Ok(example), &[("Retry-After", "7")]);
        let err = op.call(&client_without_retries(&server)).await;
        assert_eq!(err.kind(), ErrorKind::RateLimited, "{op:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(429), "{op:?}");
        assert_eq!(err.retry_after(), Some(Duration::from_secs(7)), "{op:?}");
        assert_eq!(err.attempts(), 1, "{op:?}");
        assert_eq!(
            err.typed_body().map(|b| &b.errors[..]),
            Some(&["Bad Request".to_string()][..]),
            "{op:?}"
        );
        mock.assert_hits(1);
        server.verify();
    }
}

// ------------------------------------------------------------------------- pagination

#[tokio::test]
async fn list_stream_follows_the_query_cursor_until_an_empty_page() {
    let server = TypedMock::start().await;
    let listing = || {
        server
            .list_ci_app_test_events()
            .filter_query("@test.status:fail")
            .page_limit(2)
    };
    let mocks = [
        listing()
            .matching(|request| request.query("page[cursor]").is_empty())
            .respond(typed_events_page(&["e1", "e2"], "c1")),
        listing()
            .page_cursor("c1")
            .respond(typed_events_page(&["e3", "e4"], "c2")),
        listing()
            .page_cursor("c2")
            .respond(typed_events_page(&["e5"], "c3")),
        // An empty page ends the walk, though it names a next cursor.
        listing()
            .page_cursor("c3")
            .respond(typed_events_page(&[], "c4")),
    ];
    let client = server.client();
    let list = || {
        client
            .list_ci_app_test_events()
            .filter_query("@test.status:fail")
            .page_limit(2)
    };
    let events: Vec<_> = list().stream().try_collect().await.unwrap();
    assert_eq!(event_ids(&events), ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(hits(&mocks), [1, 1, 1, 1]);

    // Capped at three items: the second page holds the third, so nothing after it is fetched.
    let capped: Vec<_> = list().stream().take(3).try_collect().await.unwrap();
    assert_eq!(event_ids(&capped), ["e1", "e2", "e3"]);
    assert_eq!(hits(&mocks), [2, 2, 1, 1]);

    // Pages one at a time, the empty last one included.
    let pages: Vec<_> = list().pages().try_collect().await.unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.data.len()).collect();
    assert_eq!(sizes, [2, 2, 1, 0]);
    server.verify();
}

#[tokio::test]
async fn search_stream_sends_the_cursor_in_the_body_until_an_empty_page() {
    let request = |cursor: Option<&str>| {
        types::CiAppTestEventsRequest::try_from(
            types::CiAppTestEventsRequest::builder()
                .filter(Some(
                    types::CiAppTestsQueryFilter::try_from(
                        types::CiAppTestsQueryFilter::builder().query("@test.status:fail"),
                    )
                    .unwrap(),
                ))
                .page(Some(
                    types::CiAppQueryPageOptions::try_from(
                        types::CiAppQueryPageOptions::builder()
                            .cursor(cursor.map(String::from))
                            .limit(2),
                    )
                    .unwrap(),
                ))
                .sort(Some(types::CiAppSort::TimestampDescending))
                .options(None),
        )
        .unwrap()
    };
    // The filter's unset bounds go out with their documented defaults.
    let with_default_bounds = |request: &Request| {
        request.json::<Value>().is_some_and(|body| {
            body["filter"] == json!({"from": "now-15m", "query": "@test.status:fail", "to": "now"})
        })
    };
    let server = TypedMock::start().await;
    let searching = |cursor| {
        server
            .search_ci_app_test_events()
            .body(request(cursor))
            .matching(with_default_bounds)
    };
    let mocks = [
        searching(None).respond(typed_events_page(&["e1", "e2"], "c1")),
        searching(Some("c1")).respond(typed_events_page(&["e3", "e4"], "c2")),
        searching(Some("c2")).respond(typed_events_page(&["e5"], "c3")),
        searching(Some("c3")).respond(typed_events_page(&[], "c4")),
    ];
    let client = server.client();
    let search = || client.search_ci_app_test_events().body(request(None));
    let events: Vec<_> = search().stream().try_collect().await.unwrap();
    assert_eq!(event_ids(&events), ["e1", "e2", "e3", "e4", "e5"]);
    assert_eq!(hits(&mocks), [1, 1, 1, 1]);

    let capped: Vec<_> = search().stream().take(2).try_collect().await.unwrap();
    assert_eq!(event_ids(&capped), ["e1", "e2"]);
    assert_eq!(
        hits(&mocks),
        [2, 1, 1, 1],
        "two items need only the first page"
    );
    server.verify();
}

// ------------------------------------------------------------------------- retries

#[tokio::test]
async fn search_and_aggregate_are_retried_on_503() {
    for op in [Op::Search, Op::Aggregate] {
        let server = TypedMock::start().await;
        let mock = op.expect_failure(&server, 503, Err("upstream unavailable"), &[]);
        let err = op.call(&server.client()).await;
        assert_eq!(err.kind(), ErrorKind::Server, "{op:?}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{op:?}");
        assert_eq!(err.attempts(), 3, "{op:?}");
        assert_eq!(err.body(), Some("upstream unavailable"), "{op:?}");
        assert!(err.typed_body().is_none(), "{op:?}");
        mock.assert_hits(3);
    }
}

#[tokio::test]
async fn an_aggregate_answered_after_a_503_decodes_its_timeseries() {
    use types::CiAppAggregateBucketValue as Bucket;
    let server = TypedMock::start().await;
    let mock = server
        .aggregate_ci_app_test_events()
        .body(typed_fixture(
            VENDOR,
            "aggregate_ci_app_test_events.request-timeseries",
        ))
        .respond_sequence([
            Reply::status(503),
            Reply::ok(typed_fixture(
                VENDOR,
                "aggregate_ci_app_test_events.response-200-timeseries",
            )),
        ]);
    let response = server
        .client()
        .aggregate_ci_app_test_events()
        .body(typed_fixture::<types::CiAppTestsAggregateRequest>(
            VENDOR,
            "aggregate_ci_app_test_events.request-timeseries",
        ))
        .send_with_response()
        .await
        .unwrap();
    assert_eq!(response.attempts(), 2);
    mock.assert_hits(2);
    server.verify();
    let computes = &response.into_value().data.unwrap().buckets[0].computes;
    let Some(Bucket::Timeseries(series)) = &computes["c0"] else {
        panic!("c0 is a timeseries: {:?}", computes["c0"]);
    };
    let points: Vec<_> = series.iter().map(|p| (p.time, p.value)).collect();
    assert_eq!(
        points[0],
        (Some(instant("2024-04-02T09:00:00Z")), Some(12.0))
    );
    assert_eq!((points.len(), points[2].1), (3, None));
}

// ------------------------------------------------------------------------- sites

#[test]
fn sites_give_the_documented_base_urls() {
    let sites = [
        (Site::DatadoghqCom, "https://api.datadoghq.com"),
        (Site::Us3DatadoghqCom, "https://api.us3.datadoghq.com"),
        (Site::Us5DatadoghqCom, "https://api.us5.datadoghq.com"),
        (Site::DatadoghqEu, "https://api.datadoghq.eu"),
        (Site::Ap1DatadoghqCom, "https://api.ap1.datadoghq.com"),
        (Site::Ap2DatadoghqCom, "https://api.ap2.datadoghq.com"),
        (Site::DdogGovCom, "https://api.ddog-gov.com"),
        // Listed only by the Synthetics page (an operation-level server value).
        (Site::Us2DdogGovCom, "https://api.us2.ddog-gov.com"),
        // Listed only by the published document, for the Synthetics operation.
        (Site::Uk1DatadoghqCom, "https://api.uk1.datadoghq.com"),
    ];
    for (site, url) in &sites {
        assert_eq!(site.base_url(), *url, "{site:?}");
        assert_eq!(&Site::from(site.as_str()), site);
    }
    assert_eq!(Site::KNOWN.len(), sites.len());
    assert_eq!(Site::default(), Site::DatadoghqCom);
    assert_eq!(
        testops_datadog::DEFAULT_BASE_URL,
        "https://api.datadoghq.com"
    );
    // A site not in the docs still works.
    assert_eq!(
        Site::from("eu2.datadoghq.eu").base_url(),
        "https://api.eu2.datadoghq.eu"
    );
}

#[test]
fn from_env_reads_both_keys_and_the_site() {
    let env = EnvGuard::save(&["DD_API_KEY", "DD_APP_KEY", "DD_SITE"]);

    env.set("DD_API_KEY", API_KEY);
    env.remove("DD_APP_KEY");
    env.remove("DD_SITE");
    let missing = Client::from_env().unwrap_err();
    assert!(missing.to_string().contains("DD_APP_KEY"), "{missing}");

    env.set("DD_APP_KEY", APP_KEY);
    Client::from_env().unwrap();
    assert_eq!(Site::from_env(), Site::DatadoghqCom);
    let credentials = Credentials::from_env().unwrap();
    assert_eq!(credentials.api_key.expose(), API_KEY);
    assert_eq!(credentials.application_key.expose(), APP_KEY);

    // `Client::from_env` takes its base URL from the site.
    env.set("DD_SITE", "datadoghq.eu");
    assert_eq!(
        Client::from_env().unwrap().base_url(),
        "https://api.datadoghq.eu"
    );
    assert_eq!(Site::from_env(), Site::DatadoghqEu);
    assert_eq!(Site::from_env().base_url(), "https://api.datadoghq.eu");
    env.set("DD_SITE", "ddog-gov.com");
    assert_eq!(Site::from_env().base_url(), "https://api.ddog-gov.com");
}

#[test]
fn request_headers_decode_whether_values_are_strings_or_objects() {
    // The page types header values as objects; on the wire they are strings.
    let mut result = fixture(VENDOR, "get_api_test_result.response-200");
    result["result"]["requestHeaders"] =
        json!({"User-Agent": "Datadog/Synthetics", "Accept": "*/*"});
    let decoded: types::SyntheticsApiTestResultFull = serde_json::from_value(result).unwrap();
    let headers = decoded.result.unwrap().request_headers.unwrap();
    assert_eq!(headers["User-Agent"], json!("Datadog/Synthetics"));
}
