//! The decoding workload shared by `benches/decode.rs` (criterion) and `benches/decode_ab.rs`
//! (interleaved rounds): the pages, the parsers compared, and a check that every parser
//! decodes every page to the same value as `serde_json`.

use std::hint::black_box;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use crate::data;

/// A way of decoding a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parser {
    /// `serde_json::from_slice::<serde_json::Value>`: the untyped baseline.
    Value,
    /// `serde_json::from_slice::<T>` into the generated type.
    SerdeJson,
    /// The same, then every free-form object of the page read once (see [`ReadFreeForm`]):
    /// what a caller that reads all of them pays in all.
    SerdeJsonRead,
    /// `sonic_rs::from_slice::<T>` into the generated type.
    SonicRs,
    /// `simd_json::serde::from_slice::<T>` into the generated type, on a mutable copy of the
    /// body made in the timed code (the parser rewrites its input; the runtime would have to
    /// copy the body it received).
    SimdJson,
}

impl Parser {
    /// Every parser, the baseline first.
    pub const ALL: [Parser; 5] = [
        Parser::Value,
        Parser::SerdeJson,
        Parser::SerdeJsonRead,
        Parser::SonicRs,
        Parser::SimdJson,
    ];

    /// Short name, used as the benchmark id.
    pub fn name(self) -> &'static str {
        match self {
            Parser::Value => "value",
            Parser::SerdeJson => "serde_json",
            Parser::SerdeJsonRead => "serde_json+read",
            Parser::SonicRs => "sonic_rs",
            Parser::SimdJson => "simd_json",
        }
    }
}

/// A page type's free-form objects (`JsonObject`s, kept as text until read), read once.
pub trait ReadFreeForm {
    /// Reads every free-form object of the page; returns how many members they hold.
    fn read_free_form(&self) -> usize;
}

impl ReadFreeForm for testops_datadog::types::CiAppTestEventsResponse {
    fn read_free_form(&self) -> usize {
        self.data
            .iter()
            .filter_map(|event| event.attributes.as_ref())
            .map(|attributes| attributes.attributes.len())
            .sum()
    }
}

/// The CircleCI and Checkly pages benched hold no free-form objects.
macro_rules! nothing_free_form {
    ($($page:ty),*) => {
        $(impl ReadFreeForm for $page {
            fn read_free_form(&self) -> usize {
                0
            }
        })*
    };
}

nothing_free_form!(
    testops_circleci::types::FlakyTests,
    testops_circleci::types::InsightsGetProjectWorkflowTestMetricsResponse,
    testops_checkly::types::TestSessionList
);

/// Decodes `body` with `parser` into `T` (or into `Value` for [`Parser::Value`]).
pub fn decode<T: DeserializeOwned + ReadFreeForm>(parser: Parser, body: &[u8]) {
    match parser {
        Parser::Value => {
            black_box(serde_json::from_slice::<Value>(body).expect("value"));
        }
        Parser::SerdeJson => {
            black_box(serde_json::from_slice::<T>(body).expect("serde_json"));
        }
        Parser::SerdeJsonRead => {
            let page = serde_json::from_slice::<T>(body).expect("serde_json");
            black_box(page.read_free_form());
            black_box(page);
        }
        Parser::SonicRs => {
            black_box(sonic_rs::from_slice::<T>(body).expect("sonic_rs"));
        }
        Parser::SimdJson => {
            let mut copy = body.to_vec();
            black_box(simd_json::serde::from_slice::<T>(&mut copy).expect("simd_json"));
        }
    }
}

/// Decodes `body` into `T` with `parser`, for comparison.
fn typed<T: DeserializeOwned>(parser: Parser, body: &[u8]) -> Result<T, String> {
    match parser {
        Parser::Value | Parser::SerdeJson | Parser::SerdeJsonRead => {
            serde_json::from_slice(body).map_err(|e| e.to_string())
        }
        Parser::SonicRs => sonic_rs::from_slice(body).map_err(|e| e.to_string()),
        Parser::SimdJson => {
            simd_json::serde::from_slice(&mut body.to_vec()).map_err(|e| e.to_string())
        }
    }
}

/// The first place where two JSON values differ, as a JSON pointer.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path} (keys)"));
            }
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => first_difference(v, w, &format!("{path}/{k}")),
                None => Some(format!("{path}/{k} (missing)")),
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path} (length)"));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}/{i}")))
        }
        _ if a == b => None,
        _ => Some(format!("{path}: {a} vs {b}")),
    }
}

/// Decodes `body` into `T` with every typed parser and returns what differs from `serde_json`.
pub fn check<T>(body: &[u8]) -> Vec<String>
where
    T: DeserializeOwned + Serialize + PartialEq,
{
    let expected: T = typed(Parser::SerdeJson, body).expect("serde_json decodes the page");
    let mut problems = Vec::new();
    for parser in [Parser::SonicRs, Parser::SimdJson] {
        match typed::<T>(parser, body) {
            Err(e) => problems.push(format!("{}: {e}", parser.name())),
            Ok(got) if got != expected => {
                let (a, b) = (
                    serde_json::to_value(&expected).expect("serialises"),
                    serde_json::to_value(&got).expect("serialises"),
                );
                let at = first_difference(&a, &b, "").unwrap_or_else(|| "(NaN?)".into());
                problems.push(format!("{}: differs at {at}", parser.name()));
            }
            Ok(_) => {}
        }
    }
    problems
}

/// A body to decode, with the generated type it decodes into.
pub struct Page {
    /// Benchmark group name.
    pub name: &'static str,
    /// The JSON body.
    pub body: Vec<u8>,
    /// Decodes the body with a parser ([`decode`] for the page's type).
    pub decode: fn(Parser, &[u8]),
    /// Compares every parser with `serde_json` on the body ([`check`] for the page's type).
    pub check: fn(&[u8]) -> Vec<String>,
}

fn page<T>(name: &'static str, body: Vec<u8>) -> Page
where
    T: DeserializeOwned + Serialize + PartialEq + ReadFreeForm,
{
    Page {
        name,
        body,
        decode: decode::<T>,
        check: check::<T>,
    }
}

/// The pages decoded by the benches: the demanding 1,000-event Datadog page, the lighter one
/// the paging benches serve, CircleCI flaky tests and test metrics, and a Checkly page.
pub fn pages() -> Vec<Page> {
    use testops_checkly::types as checkly;
    use testops_circleci::types as circleci;
    use testops_datadog::types as datadog;
    vec![
        page::<datadog::CiAppTestEventsResponse>(
            "datadog_1000_rich_events",
            data::to_bytes(&data::datadog_rich_page(1_000)),
        ),
        page::<datadog::CiAppTestEventsResponse>(
            "datadog_1000_events",
            data::to_bytes(&data::datadog_page(0, 1_000, Some("c1"))),
        ),
        page::<circleci::FlakyTests>(
            "circleci_5000_flaky_tests",
            data::to_bytes(&data::circleci_flaky_tests(5_000)),
        ),
        page::<circleci::InsightsGetProjectWorkflowTestMetricsResponse>(
            "circleci_test_metrics_3x2000",
            data::to_bytes(&data::circleci_test_metrics(2_000)),
        ),
        page::<checkly::TestSessionList>(
            "checkly_100_sessions",
            data::to_bytes(&data::checkly_sessions(100)),
        ),
    ]
}
