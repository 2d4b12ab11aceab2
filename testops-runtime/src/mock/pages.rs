//! Serving pages of a paginated operation with the cursors (or page numbers) wired the way the
//! spec's `x-pagination` says, so a client's `stream()` walks them all.

use serde_json::Value;

use super::reply::to_json_bytes;
use super::{Answer, Expectation, Matcher, Server};

/// How an operation pages (from its `x-pagination`), with dotted JSON paths.
#[derive(Debug, Clone, Copy)]
pub enum PageStyle {
    /// The cursor goes in the query parameter `param`; the next one is at `next` in the page.
    CursorQuery {
        /// Query parameter carrying the cursor.
        param: &'static str,
        /// Where the next cursor is in a page.
        next: &'static str,
    },
    /// The cursor goes at `path` in the JSON request body; the next one is at `next`.
    CursorBody {
        /// Where the cursor is in the request body.
        path: &'static str,
        /// Where the next cursor is in a page.
        next: &'static str,
    },
    /// A 1-based page number in the query parameter `param`; the page count is at `total`.
    PageNumber {
        /// Query parameter carrying the page number.
        param: &'static str,
        /// Where the page count is in a page.
        total: &'static str,
    },
}

/// The cursor that asks for page `index` (0-based; the first page is asked without one).
fn cursor(index: usize) -> String {
    format!("mock-page-{}", index + 1)
}

/// Mounts one expectation per page (each also meeting `base`): the first page answers a request
/// without a cursor (or for page 1), page `i` the request carrying the cursor page `i - 1`
/// pointed to. Each page's next cursor (or the page count) is set; the last page has none.
pub fn serve_pages(
    server: &Server,
    base: &Matcher,
    pages: Vec<Value>,
    style: PageStyle,
) -> Vec<Expectation> {
    let count = pages.len();
    pages
        .into_iter()
        .enumerate()
        .map(|(index, mut page)| {
            let mut matcher = base.clone();
            match style {
                PageStyle::CursorQuery { param, next } => {
                    set_path(&mut page, next, next_cursor(index, count));
                    match index {
                        0 => matcher.query_absent(param),
                        _ => matcher.query(param, cursor(index)),
                    }
                }
                PageStyle::CursorBody { path, next } => {
                    set_path(&mut page, next, next_cursor(index, count));
                    matcher.json_at(path, (index > 0).then(|| cursor(index)));
                }
                PageStyle::PageNumber { param, total } => {
                    set_path(&mut page, total, Value::from(count));
                    let number = index + 1;
                    matcher.custom(
                        format!("query {param} = {number}"),
                        move |request| match request.query(param).as_slice() {
                            [] => number == 1,
                            [one] => one.parse::<usize>().is_ok_and(|n| n == number),
                            _ => false,
                        },
                    );
                }
            }
            let answer = Answer {
                status: 200,
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: to_json_bytes(&page),
                delay: None,
            };
            server.mount(matcher, vec![answer])
        })
        .collect()
}

fn next_cursor(index: usize, count: usize) -> Value {
    if index + 1 < count {
        Value::String(cursor(index + 1))
    } else {
        Value::Null
    }
}

/// Sets the value at a dotted path, creating objects on the way.
fn set_path(document: &mut Value, path: &str, value: Value) {
    let mut target = document;
    for key in path.split('.') {
        if !target.is_object() {
            *target = Value::Object(Default::default());
        }
        let Value::Object(map) = target else { return };
        target = map.entry(key.to_string()).or_insert(Value::Null);
    }
    *target = value;
}

#[cfg(test)]
mod tests {
    use super::super::matcher::get_path;
    use super::*;

    fn is_set(document: &Value, path: &str) -> bool {
        get_path(document, path).is_some_and(|v| !v.is_null())
    }

    #[test]
    fn set_path_creates_parents() {
        let mut page = serde_json::json!({"items": []});
        set_path(&mut page, "meta.page.after", Value::String("c".into()));
        assert_eq!(page["meta"]["page"]["after"], "c");
        assert!(is_set(&page, "meta.page.after"));
        set_path(&mut page, "meta.page.after", Value::Null);
        assert!(!is_set(&page, "meta.page.after"));
    }
}
