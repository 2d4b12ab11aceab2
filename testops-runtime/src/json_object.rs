//! A JSON object whose members the API leaves open, kept as received and parsed on first read.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The name under which `serde_json` (feature `raw_value`) hands a value over as its text.
/// Other deserializers, and a `serde_json` without that feature, pass the value itself: it is
/// then read member by member, so only the speed depends on this name, never the result.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Nesting that `serde_json` reads by default (objects and arrays inside one another).
const MAX_DEPTH: usize = 127;

/// A free-form JSON object (a schema with any `additionalProperties`, such as an event's
/// attributes), read as a [`Map`] through `Deref`.
///
/// Decoding a response only checks and keeps the object's text; its members are parsed the first
/// time they are read, once. A page of events whose attributes are never read costs no tree of
/// values; one whose attributes are read costs what a [`Map`] field would have.
///
/// ```
/// use testops_runtime::JsonObject;
///
/// let attributes: JsonObject = serde_json::from_str(r#"{"duration": 2345}"#).unwrap();
/// assert_eq!(attributes["duration"], 2345);
/// assert_eq!(attributes.raw(), Some(r#"{"duration": 2345}"#));
/// ```
#[derive(Clone, Default)]
pub struct JsonObject {
    /// The object's text as received, while nothing has changed it.
    raw: Option<Box<str>>,
    /// The members, once read (always set when `raw` is not).
    members: OnceLock<Map<String, Value>>,
}

impl JsonObject {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// The members, parsed on the first call.
    pub fn as_map(&self) -> &Map<String, Value> {
        self.members.get_or_init(|| match &self.raw {
            Some(raw) => parse(raw),
            None => Map::new(),
        })
    }

    /// The members, for changing them (the text as received is dropped).
    pub fn as_map_mut(&mut self) -> &mut Map<String, Value> {
        self.as_map();
        self.raw = None;
        self.members.get_mut().expect("members were just read")
    }

    /// The members, owned.
    pub fn into_map(mut self) -> Map<String, Value> {
        self.as_map();
        self.members.take().unwrap_or_default()
    }

    /// The object's text exactly as received, if it was decoded and has not been changed since.
    pub fn raw(&self) -> Option<&str> {
        self.raw.as_deref()
    }

    /// Whether the object has no members (answered without parsing it).
    pub fn is_empty(&self) -> bool {
        match (&self.raw, self.members.get()) {
            (_, Some(members)) => members.is_empty(),
            (Some(raw), None) => raw
                .trim()
                .trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
                .is_empty(),
            (None, None) => true,
        }
    }

    /// Keeps `text`, a JSON object `serde_json` has already checked, for parsing when read.
    fn from_checked_text<E: de::Error>(text: String) -> Result<Self, E> {
        if !text.trim_start().starts_with('{') {
            return Err(E::invalid_type(
                de::Unexpected::Other("a JSON value other than an object"),
                &"a JSON object",
            ));
        }
        if nesting_depth(&text) > MAX_DEPTH {
            return Err(E::custom("JSON object nested too deeply"));
        }
        Ok(Self {
            raw: Some(text.into_boxed_str()),
            members: OnceLock::new(),
        })
    }
}

/// Parses text that decoding checked (valid JSON, an object, not nested too deeply).
fn parse(raw: &str) -> Map<String, Value> {
    serde_json::from_str(raw).unwrap_or_else(|error| {
        // Unreachable for text that passed `from_checked_text`; logged rather than panicking.
        tracing::warn!(%error, "a free-form JSON object kept as received did not parse");
        Map::new()
    })
}

/// The deepest nesting of objects and arrays in `text` (valid JSON), outside strings.
fn nesting_depth(text: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'"' => {
                while let Some(byte) = bytes.next() {
                    match byte {
                        b'\\' => {
                            bytes.next();
                        }
                        b'"' => break,
                        _ => {}
                    }
                }
            }
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

impl Deref for JsonObject {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Self::Target {
        self.as_map()
    }
}

impl DerefMut for JsonObject {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.as_map_mut()
    }
}

impl PartialEq for JsonObject {
    fn eq(&self, other: &Self) -> bool {
        match (&self.raw, &other.raw) {
            (Some(a), Some(b)) if a == b => true,
            _ => self.as_map() == other.as_map(),
        }
    }
}

impl fmt::Debug for JsonObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_map(), f)
    }
}

impl From<Map<String, Value>> for JsonObject {
    fn from(members: Map<String, Value>) -> Self {
        Self {
            raw: None,
            members: OnceLock::from(members),
        }
    }
}

impl From<JsonObject> for Map<String, Value> {
    fn from(object: JsonObject) -> Self {
        object.into_map()
    }
}

impl From<JsonObject> for Value {
    fn from(object: JsonObject) -> Self {
        Value::Object(object.into_map())
    }
}

impl TryFrom<Value> for JsonObject {
    type Error = Value;

    /// The members of an object; any other value is given back.
    fn try_from(value: Value) -> Result<Self, Value> {
        match value {
            Value::Object(members) => Ok(members.into()),
            other => Err(other),
        }
    }
}

impl FromIterator<(String, Value)> for JsonObject {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Self {
        Map::from_iter(members).into()
    }
}

impl<'a> IntoIterator for &'a JsonObject {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_map().iter()
    }
}

impl IntoIterator for JsonObject {
    type Item = (String, Value);
    type IntoIter = serde_json::map::IntoIter;

    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

impl Serialize for JsonObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_map().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(RAW_TOKEN, ObjectVisitor)
    }
}

/// Takes the object's text from `serde_json`, or its members from any other deserializer.
struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = JsonObject;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<JsonObject, D::Error> {
        Map::deserialize(inner).map(JsonObject::from)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<JsonObject, A::Error> {
        let Some(first) = access.next_key::<String>()? else {
            return Ok(JsonObject::new());
        };
        if first == RAW_TOKEN {
            return JsonObject::from_checked_text(access.next_value::<String>()?);
        }
        let mut members = Map::new();
        members.insert(first, access.next_value()?);
        while let Some((key, value)) = access.next_entry()? {
            members.insert(key, value);
        }
        Ok(members.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decoding_keeps_the_text_and_parses_it_on_first_read() {
        let text = r#"{ "test": {"name": "a\"}{b", "tags": [1, 2.5, null]}, "ok": true }"#;
        let object: JsonObject = serde_json::from_str(text).unwrap();
        assert_eq!(object.raw(), Some(text));
        assert!(
            object.members.get().is_none(),
            "nothing parsed before a read"
        );
        assert_eq!(object["test"]["name"], "a\"}{b");
        assert_eq!(object.get("ok"), Some(&json!(true)));
        assert_eq!(object.len(), 2);
        assert!(!object.is_empty());
    }

    #[test]
    fn decoding_from_bytes_and_from_a_value_agree() {
        let value = json!({"a": [1, {"b": "c"}], "d": "é"});
        let text = serde_json::to_vec(&value).unwrap();
        let from_bytes: JsonObject = serde_json::from_slice(&text).unwrap();
        let from_value: JsonObject = serde_json::from_value(value.clone()).unwrap();
        let from_reader: JsonObject = serde_json::from_reader(text.as_slice()).unwrap();
        assert_eq!(Value::from(from_bytes.clone()), value);
        assert_eq!(from_bytes, from_value);
        assert_eq!(from_bytes, from_reader);
    }

    #[test]
    fn other_deserializers_read_the_members() {
        // Untagged enums buffer their input and hand the members over one by one.
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        enum Either {
            Number(f64),
            Object(JsonObject),
        }
        let Either::Object(object) = serde_json::from_str::<Either>(r#"{"a": {"b": 1}}"#).unwrap()
        else {
            panic!("decoded as a number");
        };
        assert_eq!(object.raw(), None);
        assert_eq!(object["a"]["b"], 1);
    }

    #[test]
    fn values_other_than_objects_are_refused() {
        for text in ["[1]", "\"text\"", "3", "null", "true"] {
            let error = serde_json::from_str::<JsonObject>(text).unwrap_err();
            assert!(
                error.to_string().contains("expected a JSON object"),
                "{text}: {error}"
            );
        }
        assert!(serde_json::from_str::<JsonObject>("{\"a\": }").is_err());
    }

    #[test]
    fn nesting_beyond_what_parsing_reads_is_refused_when_decoding() {
        let nested = |depth: usize| {
            format!(
                "{{\"a\": {}1{}}}",
                "[".repeat(depth - 1),
                "]".repeat(depth - 1)
            )
        };
        let deepest: JsonObject = serde_json::from_str(&nested(MAX_DEPTH)).unwrap();
        assert_eq!(deepest.len(), 1, "the deepest accepted object parses");
        let error = serde_json::from_str::<JsonObject>(&nested(MAX_DEPTH + 1)).unwrap_err();
        assert!(error.to_string().contains("nested too deeply"), "{error}");
        // Brackets inside strings do not count.
        let text = format!("{{\"a\": \"{}\"}}", "[".repeat(500));
        assert_eq!(serde_json::from_str::<JsonObject>(&text).unwrap().len(), 1);
    }

    #[test]
    fn emptiness_is_answered_without_parsing() {
        let empty: JsonObject = serde_json::from_str("{ \n }").unwrap();
        assert!(empty.is_empty());
        assert!(empty.members.get().is_none());
        assert!(JsonObject::new().is_empty());
    }

    #[test]
    fn changing_drops_the_text_and_serialises_the_members() {
        let mut object: JsonObject = serde_json::from_str(r#"{"a":1}"#).unwrap();
        object.insert("b".into(), json!([true]));
        assert_eq!(object.raw(), None);
        assert_eq!(
            serde_json::to_value(&object).unwrap(),
            json!({"a": 1, "b": [true]})
        );
        let built: JsonObject = [("k".to_string(), json!("v"))].into_iter().collect();
        assert_eq!(serde_json::to_string(&built).unwrap(), r#"{"k":"v"}"#);
        assert_eq!(format!("{built:?}"), r#"{"k": String("v")}"#);
        assert_eq!(JsonObject::try_from(json!([1])), Err(json!([1])));
    }
}
