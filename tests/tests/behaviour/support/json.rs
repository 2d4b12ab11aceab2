//! A JSON comparison that says whether a re-serialised value means what the input meant.

use chrono::DateTime;
use serde_json::Value;

/// Asserts that `actual` (a decoded value, serialised again) means what `expected` (the input)
/// means; panics with the JSON path of the first difference. See [`same_json`].
pub fn assert_same_json(context: &str, actual: &Value, expected: &Value) {
    if let Err(at) = same_json(actual, expected, "$") {
        panic!("{context}: the re-serialised value differs at {at}\n actual: {actual:#}\n expected: {expected:#}");
    }
}

/// Compares JSON by meaning: numbers by value (`42` = `42.0`, floats within the precision of a
/// 32-bit `float`), strings that are both RFC 3339 date-times by instant, and a member that is
/// `null`, `[]`, or an object of such members counts as absent (the generated types serialise an
/// empty optional field as an absent one). Anything else, a member dropped or added included, is a difference.
pub fn same_json(actual: &Value, expected: &Value, path: &str) -> Result<(), String> {
    /// `null`, `[]`, and an object whose members are all empty, say nothing.
    fn empty(value: &Value) -> bool {
        match value {
            Value::Null => true,
            Value::Array(a) => a.is_empty(),
            Value::Object(o) => o.values().all(empty),
            _ => false,
        }
    }
    fn present(value: Option<&Value>) -> Option<&Value> {
        value.filter(|v| !empty(v))
    }
    let differs = || Err(format!("{path}: {actual} != {expected}"));
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let same = match (a.as_i64(), e.as_i64()) {
                (Some(a), Some(e)) => a == e,
                _ => {
                    let (a, e) = (
                        a.as_f64().unwrap_or(f64::NAN),
                        e.as_f64().unwrap_or(f64::NAN),
                    );
                    (a - e).abs() <= 1e-6 * e.abs().max(1.0)
                }
            };
            if same {
                Ok(())
            } else {
                differs()
            }
        }
        (Value::String(a), Value::String(e)) => {
            match (
                DateTime::parse_from_rfc3339(a),
                DateTime::parse_from_rfc3339(e),
            ) {
                _ if a == e => Ok(()),
                (Ok(a), Ok(e)) if a == e => Ok(()),
                _ => differs(),
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                return differs();
            }
            for (i, (a, e)) in a.iter().zip(e).enumerate() {
                same_json(a, e, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(e)) => {
            for key in a.keys().chain(e.keys()) {
                let member = format!("{path}.{key}");
                match (present(a.get(key)), present(e.get(key))) {
                    (Some(a), Some(e)) => same_json(a, e, &member)?,
                    (None, None) => {}
                    (None, Some(e)) => return Err(format!("{member}: dropped ({e})")),
                    (Some(a), None) => return Err(format!("{member}: added ({a})")),
                }
            }
            Ok(())
        }
        _ if actual == expected => Ok(()),
        _ => differs(),
    }
}
