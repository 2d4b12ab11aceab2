//! Which requests an expectation answers: the operation's method and path template, then typed
//! conditions on its parameters and body. Wire values are decoded into the parameter's Rust type
//! before comparing, so `2024-05-01T12:00:00+02:00` matches the instant `10:00:00Z` and `5`
//! matches `5_i32`.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::excerpt::{excerpt, excerpt_bytes};

/// How much of a request body a request's summary shows, in characters.
const SUMMARY_BODY_LIMIT: usize = 200;

/// How much of an expected body a condition's description shows, in characters.
const CONDITION_BODY_LIMIT: usize = 120;

/// What a condition sees of a request.
#[derive(Debug, Clone)]
pub struct Request {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    /// Reads httpmock's view of a request.
    pub(super) fn from_http(req: &httpmock::HttpMockRequest) -> Self {
        let uri = req.uri();
        Self {
            method: req.method().as_str().to_string(),
            path: uri.path().to_string(),
            query: req.query_params(),
            headers: req.headers_vec().clone(),
            body: req.body_vec(),
        }
    }

    /// The HTTP method, upper case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path as sent (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Every value of the query parameter `name`, decoded, in order.
    pub fn query(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body decoded as JSON into `T`, if it decodes.
    pub fn json<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_slice(&self.body).ok()
    }

    /// One line: method, path and query, and the start of the body.
    pub fn summary(&self) -> String {
        let mut line = format!("{} {}", self.method, self.path);
        if !self.query.is_empty() {
            let query: Vec<String> = self.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            line = format!("{line}?{}", query.join("&"));
        }
        if !self.body.is_empty() {
            let body = excerpt_bytes(&self.body, SUMMARY_BODY_LIMIT);
            line = format!("{line}\n    body: {body}");
        }
        line
    }
}

/// A request with the values of its path parameters.
struct Incoming<'a> {
    request: &'a Request,
    path_params: Vec<(&'a str, String)>,
}

type Check = Arc<dyn Fn(&Incoming<'_>) -> bool + Send + Sync>;

/// One condition and how it reads in a failure.
#[derive(Clone)]
struct Condition {
    describe: String,
    check: Check,
}

/// The conditions a request must meet to be answered by an expectation.
#[derive(Clone)]
pub struct Matcher {
    operation: &'static str,
    method: &'static str,
    template: &'static str,
    shadowed_by: &'static [&'static str],
    conditions: Vec<Condition>,
}

impl fmt::Debug for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Matcher {
    /// Requests of `operation`: `method` on a path of the shape `template` (`/widgets/{id}`) that
    /// is not one of the more specific templates `shadowed_by` (`/widgets/search`), which belong
    /// to other operations.
    pub fn new(
        operation: &'static str,
        method: &'static str,
        template: &'static str,
        shadowed_by: &'static [&'static str],
    ) -> Self {
        Self {
            operation,
            method,
            template,
            shadowed_by,
            conditions: Vec::new(),
        }
    }

    /// The operation id this matcher is for.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// How the matcher reads in a failure: operation, method, path and conditions.
    pub fn describe(&self) -> String {
        let mut out = format!("{} ({} {})", self.operation, self.method, self.template);
        if !self.conditions.is_empty() {
            let each: Vec<&str> = self
                .conditions
                .iter()
                .map(|c| c.describe.as_str())
                .collect();
            out = format!("{out} where {}", each.join(", "));
        }
        out
    }

    /// Whether `request` meets every condition.
    pub fn matches(&self, request: &Request) -> bool {
        if !request.method.eq_ignore_ascii_case(self.method) {
            return false;
        }
        let Some(path_params) = match_template(self.template, &request.path) else {
            return false;
        };
        if self
            .shadowed_by
            .iter()
            .any(|t| match_template(t, &request.path).is_some())
        {
            return false;
        }
        let incoming = Incoming {
            request,
            path_params,
        };
        self.conditions.iter().all(|c| (c.check)(&incoming))
    }

    fn push(
        &mut self,
        describe: String,
        check: impl Fn(&Incoming<'_>) -> bool + Send + Sync + 'static,
    ) {
        self.conditions.push(Condition {
            describe,
            check: Arc::new(check),
        });
    }

    /// The path parameter `name` equals `expected` (after percent-decoding the segment).
    pub fn path_param<T: Serialize + DeserializeOwned>(&mut self, name: &'static str, expected: T) {
        let expected = to_json(&expected);
        let describe = format!("path {name} = {expected}");
        self.push(describe, move |incoming| {
            incoming
                .path_params
                .iter()
                .find(|(n, _)| *n == name)
                .is_some_and(|(_, v)| same::<T>(&expected, v))
        });
    }

    /// The query parameter `name` is sent once, with a value equal to `expected`.
    pub fn query<T: Serialize + DeserializeOwned>(&mut self, name: &'static str, expected: T) {
        let expected = to_json(&expected);
        let describe = format!("query {name} = {expected}");
        self.push(describe, move |incoming| {
            matches!(incoming.request.query(name).as_slice(), [one] if same::<T>(&expected, one))
        });
    }

    /// The query parameter `name` is sent as repeated keys (`a=1&a=2`), with values equal to
    /// `expected`, in order.
    pub fn query_all<T: Serialize + DeserializeOwned>(
        &mut self,
        name: &'static str,
        expected: Vec<T>,
    ) {
        let expected: Vec<Value> = expected.iter().map(to_json).collect();
        let describe = format!("query {name} = {}", Value::Array(expected.clone()));
        self.push(describe, move |incoming| {
            let sent = incoming.request.query(name);
            sent.len() == expected.len() && sent.iter().zip(&expected).all(|(v, e)| same::<T>(e, v))
        });
    }

    /// The query parameter `name` is not sent.
    pub fn query_absent(&mut self, name: &'static str) {
        self.push(format!("no query {name}"), move |incoming| {
            incoming.request.query(name).is_empty()
        });
    }

    /// The header `name` equals `expected`.
    pub fn header<T: Serialize + DeserializeOwned>(&mut self, name: &'static str, expected: T) {
        let expected = to_json(&expected);
        let describe = format!("header {name} = {expected}");
        self.push(describe, move |incoming| {
            incoming
                .request
                .header(name)
                .is_some_and(|v| same::<T>(&expected, v))
        });
    }

    /// The JSON body decodes into `T` and equals `expected`.
    pub fn json_body<T: Serialize + DeserializeOwned>(&mut self, expected: T) {
        let expected = to_json(&expected);
        let describe = format!(
            "body = {}",
            excerpt(&expected.to_string(), CONDITION_BODY_LIMIT)
        );
        self.push(describe, move |incoming| {
            incoming
                .request
                .json::<T>()
                .is_some_and(|body| to_json(&body) == expected)
        });
    }

    /// The JSON body decodes into `T` and `predicate` holds for it.
    pub fn json_body_matches<T: DeserializeOwned>(
        &mut self,
        predicate: impl Fn(&T) -> bool + Send + Sync + 'static,
    ) {
        self.push("body matches a predicate".into(), move |incoming| {
            incoming.request.json::<T>().is_some_and(|b| predicate(&b))
        });
    }

    /// The value at the dotted `path` of the JSON body is the string `expected`, or (with `None`)
    /// is absent, `null` or empty.
    pub fn json_at(&mut self, path: &'static str, expected: Option<String>) {
        let describe = match &expected {
            Some(v) => format!("body {path} = {v:?}"),
            None => format!("no body {path}"),
        };
        self.push(describe, move |incoming| {
            let body: Value = incoming.request.json().unwrap_or(Value::Null);
            let found = get_path(&body, path).filter(|v| !v.is_null() && *v != "");
            match (&expected, found) {
                (None, None) => true,
                (Some(e), Some(Value::String(s))) => e == s,
                _ => false,
            }
        });
    }

    /// `predicate` holds for the request.
    pub fn custom(
        &mut self,
        describe: impl Into<String>,
        predicate: impl Fn(&Request) -> bool + Send + Sync + 'static,
    ) {
        self.push(describe.into(), move |incoming| predicate(incoming.request));
    }
}

/// `value` as JSON (a value that cannot be serialised matches nothing: `null`).
fn to_json<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// Whether the wire text `sent` decodes into `T` and equals `expected` once encoded again. Text
/// is tried as a JSON string first (strings, enums, date-times), then as JSON (numbers, booleans).
fn same<T: Serialize + DeserializeOwned>(expected: &Value, sent: &str) -> bool {
    let decoded = serde_json::from_value::<T>(Value::String(sent.to_string()))
        .ok()
        .or_else(|| serde_json::from_str::<T>(sent).ok());
    decoded.is_some_and(|v| to_json(&v) == *expected)
}

/// The value at a dotted path of a JSON document.
pub(super) fn get_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(value, |v, key| v.get(key))
}

/// The path parameter values of `path` if it has the shape of `template`. A parameter `{name}`
/// takes one segment; `{+name}`, whose values are sent with raw slashes (`gh/acme/api`), takes
/// one or more: the first split that fits the template's other segments wins.
fn match_template<'a>(template: &'a str, path: &str) -> Option<Vec<(&'a str, String)>> {
    let wanted: Vec<&str> = template.trim_start_matches('/').split('/').collect();
    let sent: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let mut params = Vec::new();
    fits(&wanted, &sent, &mut params).then_some(params)
}

/// Whether `sent` fits `wanted`, collecting parameter values into `params`.
fn fits<'a>(wanted: &[&'a str], sent: &[&str], params: &mut Vec<(&'a str, String)>) -> bool {
    let Some((first, rest)) = wanted.split_first() else {
        return sent.is_empty();
    };
    let Some(name) = first.strip_prefix('{').and_then(|w| w.strip_suffix('}')) else {
        return sent.first() == Some(first) && fits(rest, &sent[1..], params);
    };
    let (name, most) = match name.strip_prefix('+') {
        // Every template segment after this one needs a sent segment.
        Some(name) => (name, sent.len().saturating_sub(rest.len())),
        None => (name, sent.len().min(1)),
    };
    for take in 1..=most {
        let parts = &sent[..take];
        if parts.iter().any(|p| p.is_empty()) {
            return false;
        }
        let mark = params.len();
        let value = parts
            .iter()
            .map(|p| percent_decode(p))
            .collect::<Vec<_>>()
            .join("/");
        params.push((name, value));
        if fits(rest, &sent[take..], params) {
            return true;
        }
        params.truncate(mark);
    }
    false
}

/// Decodes `%XX` escapes (a path segment; `+` stays `+`).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_capture_decoded_segments() {
        assert_eq!(
            match_template("/projects/{slug}/runs", "/projects/gh%2Facme%2Fapi/runs"),
            Some(vec![("slug", "gh/acme/api".to_string())])
        );
        assert_eq!(
            match_template(
                "/projects/{+slug}/{n}/tests",
                "/projects/gh/acme/api/12/tests"
            ),
            Some(vec![
                ("slug", "gh/acme/api".to_string()),
                ("n", "12".to_string())
            ])
        );
        assert_eq!(
            match_template("/projects/{+slug}", "/projects/a/b"),
            Some(vec![("slug", "a/b".to_string())])
        );
        assert_eq!(match_template("/projects/{slug}", "/projects/a/b"), None);
        assert_eq!(
            match_template("/projects/{+slug}/runs", "/projects/a//runs"),
            None
        );
        assert_eq!(match_template("/projects/{slug}", "/projects/"), None);
        assert_eq!(match_template("/a/b", "/a/c"), None);
    }

    #[test]
    fn wire_text_is_compared_as_the_rust_type() {
        assert!(same::<i32>(&to_json(&5), "5"));
        assert!(!same::<i32>(&to_json(&5), "6"));
        assert!(same::<String>(&to_json(&"5"), "5"));
        assert!(same::<bool>(&to_json(&true), "true"));
        assert!(!same::<String>(&to_json(&"x"), "\"x\""));
    }
}
