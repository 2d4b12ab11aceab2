//! Helpers over a document's tree (`serde_yaml::Value`, which keeps mapping order): keys as text,
//! the same data as JSON, every mapping with its path.

/// The same data as JSON; mapping keys that are not strings (`200:`) become their YAML text.
pub(crate) fn to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(to_json).collect())
        }
        serde_yaml::Value::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (key_text(&k), to_json(v)))
                .collect(),
        ),
        serde_yaml::Value::Tagged(tagged) => to_json(tagged.value),
    }
}

/// A mapping key as text: strings as they are, other scalars as written in YAML.
pub(crate) fn key_text(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// A mapping of the document with its path of keys (sequence items as their index).
pub(crate) type Node<'v> = (Vec<String>, &'v serde_yaml::Mapping);

/// Every mapping of the document with its path of keys.
pub(crate) fn mappings(root: &serde_yaml::Value) -> Vec<Node<'_>> {
    fn walk<'v>(
        value: &'v serde_yaml::Value,
        path: &mut Vec<String>,
        out: &mut Vec<(Vec<String>, &'v serde_yaml::Mapping)>,
    ) {
        match value {
            serde_yaml::Value::Mapping(map) => {
                out.push((path.clone(), map));
                for (k, v) in map {
                    let key = key_text(k);
                    path.push(key);
                    walk(v, path, out);
                    path.pop();
                }
            }
            serde_yaml::Value::Sequence(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(i.to_string());
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}
