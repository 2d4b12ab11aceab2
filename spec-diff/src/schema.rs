//! Two schemas compared structurally: `$ref`s followed (a schema moved into a component, or
//! renamed, is the same schema), `allOf` merged, `oneOf` members matched by shape, and every
//! difference classified by whether the value travels in a request or a response.

use std::collections::BTreeSet;

use docs_audit::json_schema::{self, Additional, View};
use docs_audit::openapi::Document;
use serde_json::Value;

use crate::change::{Anchor, Change, Class, Kind};

/// Which way a value travels: what breaks a client differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Direction {
    /// Sent by the client (parameters, request bodies).
    Request,
    /// Received by the client (response bodies).
    Response,
}

/// Formats that change the generated Rust type (`date-time` is a `DateTime`, `int64` an `i64`).
const TYPING_FORMATS: [&str; 13] = [
    "date-time",
    "date",
    "uuid",
    "int32",
    "int64",
    "uint32",
    "uint64",
    "float",
    "double",
    "int8",
    "int16",
    "uint8",
    "uint16",
];

/// Where changes are written: the operation or the named schema they belong to.
#[derive(Debug, Clone, Default)]
pub(crate) struct Place {
    /// `METHOD /path`, or empty for a named schema.
    pub operation: String,
    /// The operation's id.
    pub operation_id: Option<String>,
    /// The named schema.
    pub schema: Option<String>,
}

impl Place {
    /// A change at `at`.
    pub(crate) fn change(
        &self,
        class: Class,
        kind: Kind,
        at: &str,
        old: Option<String>,
        new: Option<String>,
    ) -> Change {
        Change {
            class,
            kind,
            operation: self.operation.clone(),
            operation_id: self.operation_id.clone(),
            schema: self.schema.clone(),
            at: at.trim_end().to_string(),
            old,
            new,
            anchor: Anchor::default(),
        }
    }
}

/// Compares schemas of two documents; named schemas found under the same name on both sides
/// are queued and compared once each (per direction).
pub(crate) struct Comparer<'d> {
    old: &'d Document,
    new: &'d Document,
    queued: BTreeSet<(String, Direction)>,
    pending: Vec<(String, Direction)>,
    /// The schemas being compared, outermost first.
    levels: Vec<(&'d Value, &'d Value)>,
    /// Every change found so far.
    pub changes: Vec<Change>,
    /// Component names met at the same place: (older document's, newer document's).
    pub pairs: BTreeSet<(String, String)>,
}

/// The component name of a `#/components/schemas/<name>` reference.
pub(crate) fn component(value: &Value) -> Option<&str> {
    value
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

type Identity<'a> = (Vec<&'a str>, Vec<&'a str>);

const MAX_DEPTH: usize = 24;

/// Stands for "no schema" where a change is not found at one.
static NULL: Value = Value::Null;

impl<'d> Comparer<'d> {
    /// A comparer of `old` with `new`.
    pub(crate) fn new(old: &'d Document, new: &'d Document) -> Self {
        Comparer {
            old,
            new,
            queued: BTreeSet::new(),
            pending: Vec::new(),
            levels: Vec::new(),
            changes: Vec::new(),
            pairs: BTreeSet::new(),
        }
    }

    /// Compares a root value (a parameter's, body's or response's schema); `optional` says
    /// whether the value may be left out anyway (so that only its type matters, not nullability).
    pub(crate) fn compare_root(
        &mut self,
        old: &'d Value,
        new: &'d Value,
        direction: Direction,
        optional: bool,
        place: &Place,
        at: &str,
    ) {
        let (vo, vn) = (
            json_schema::view(old, self.old),
            json_schema::view(new, self.new),
        );
        if vo.nullable != vn.nullable {
            let class = nullable_class(direction, !optional, vn.nullable, false);
            self.changes.push(
                place
                    .change(
                        class,
                        Kind::NullableChanged,
                        at,
                        Some(nullable_word(vo.nullable)),
                        Some(nullable_word(vn.nullable)),
                    )
                    .anchored(old, new, ""),
            );
        }
        self.compare(old, new, direction, place, at, &mut Vec::new());
    }

    /// Compares the older document's component `old_name` with the newer one's `new_name`,
    /// reporting under the older name, then what they lead to.
    pub(crate) fn compare_named(&mut self, old_name: &str, new_name: &str) {
        let (Some(old), Some(new)) = (
            self.old.component_schema(old_name),
            self.new.component_schema(new_name),
        ) else {
            return;
        };
        let place = Place {
            schema: Some(old_name.to_string()),
            ..Place::default()
        };
        self.compare(old, new, Direction::Response, &place, "", &mut Vec::new());
        self.drain();
    }

    /// Compares the named schemas queued so far (and those they lead to), each once per
    /// direction, reporting under the schema's name.
    pub(crate) fn drain(&mut self) {
        while let Some((name, direction)) = self.pending.pop() {
            let (Some(old), Some(new)) = (
                self.old.component_schema(&name),
                self.new.component_schema(&name),
            ) else {
                continue;
            };
            let place = Place {
                schema: Some(name.clone()),
                ..Place::default()
            };
            self.compare(old, new, direction, &place, "", &mut Vec::new());
        }
    }

    fn compare(
        &mut self,
        old: &'d Value,
        new: &'d Value,
        direction: Direction,
        place: &Place,
        at: &str,
        stack: &mut Vec<Identity<'d>>,
    ) {
        if let (Some(a), Some(b)) = (component(old), component(new)) {
            self.pairs.insert((a.to_string(), b.to_string()));
            if a == b && self.old.component_schema(a).is_some() {
                if self.queued.insert((a.to_string(), direction)) {
                    self.pending.push((a.to_string(), direction));
                }
                return;
            }
        }
        if stack.len() > MAX_DEPTH {
            return;
        }
        let vo = json_schema::view(old, self.old);
        let vn = json_schema::view(new, self.new);
        let mut identity: Identity<'d> = (vo.refs.clone(), vn.refs.clone());
        identity.0.sort_unstable();
        identity.1.sort_unstable();
        if !(identity.0.is_empty() && identity.1.is_empty()) && stack.contains(&identity) {
            return;
        }
        stack.push(identity);
        self.levels.push((old, new));
        self.describe(old, new, place, at);
        self.compare_views(&vo, &vn, direction, place, at, stack);
        self.levels.pop();
        stack.pop();
    }

    /// Records `change`, found at the schemas being compared.
    fn push_here(&mut self, change: Change) {
        let change = match self.levels.last() {
            Some((old, new)) => change.anchored(old, new, ""),
            None => change,
        };
        self.changes.push(change);
    }

    /// The older and newer schemas being compared (JSON `null` outside any).
    fn here(&self) -> (&'d Value, &'d Value) {
        self.levels.last().copied().unwrap_or((&NULL, &NULL))
    }

    fn describe(&mut self, old: &'d Value, new: &'d Value, place: &Place, at: &str) {
        let text = |doc: &'d Document, value: &'d Value| {
            value
                .get("description")
                .or_else(|| doc.resolve(value).get("description"))
                .and_then(Value::as_str)
                .map(str::trim)
        };
        if text(self.old, old) != text(self.new, new) {
            self.changes.push(place.change(
                Class::Documentation,
                Kind::DescriptionChanged,
                at,
                None,
                None,
            ));
        }
    }

    fn compare_views(
        &mut self,
        vo: &View<'d>,
        vn: &View<'d>,
        direction: Direction,
        place: &Place,
        at: &str,
        stack: &mut Vec<Identity<'d>>,
    ) {
        let (ko, kn) = (vo.kind(), vn.kind());
        if ko != kn {
            self.push_here(place.change(
                Class::Breaking,
                Kind::TypeChanged,
                at,
                Some(ko.as_str().to_string()),
                Some(kn.as_str().to_string()),
            ));
            return;
        }
        if vo.format != vn.format {
            let typing = [&vo.format, &vn.format]
                .into_iter()
                .flatten()
                .any(|f| TYPING_FORMATS.contains(&f.as_str()));
            let word = |f: &Option<String>| {
                f.as_deref().map_or_else(
                    || ko.as_str().to_string(),
                    |f| format!("{}<{f}>", ko.as_str()),
                )
            };
            self.push_here(place.change(
                if typing {
                    Class::Breaking
                } else {
                    Class::Documentation
                },
                Kind::TypeChanged,
                at,
                Some(word(&vo.format)),
                Some(word(&vn.format)),
            ));
        }
        self.compare_enums(vo, vn, place, at);
        self.compare_limits(vo, vn, direction, place, at);
        self.compare_properties(vo, vn, direction, place, at, stack);
        if let (Some(old), Some(new)) = (vo.items, vn.items) {
            self.compare(old, new, direction, place, &join(at, "[]"), stack);
        }
        if let (Additional::Schema(old), Additional::Schema(new)) = (vo.additional, vn.additional) {
            self.compare(old, new, direction, place, &join(at, "{}"), stack);
        }
        self.compare_variants(vo, vn, direction, place, at, stack);
    }

    fn compare_enums(&mut self, vo: &View<'d>, vn: &View<'d>, place: &Place, at: &str) {
        match (vo.enum_values.is_empty(), vn.enum_values.is_empty()) {
            (true, true) => {}
            (false, false) => {
                for value in vn
                    .enum_values
                    .iter()
                    .filter(|v| !vo.enum_values.contains(v))
                {
                    self.push_here(place.change(
                        Class::Compatible,
                        Kind::EnumValueAdded,
                        at,
                        None,
                        Some(value.clone()),
                    ));
                }
                for value in vo
                    .enum_values
                    .iter()
                    .filter(|v| !vn.enum_values.contains(v))
                {
                    self.push_here(place.change(
                        Class::Breaking,
                        Kind::EnumValueRemoved,
                        at,
                        Some(value.clone()),
                        None,
                    ));
                }
            }
            (open, _) => {
                let word = |is_open: bool| if is_open { "open values" } else { "enum" }.to_string();
                self.push_here(place.change(
                    Class::Breaking,
                    Kind::TypeChanged,
                    at,
                    Some(word(open)),
                    Some(word(!open)),
                ));
            }
        }
    }

    fn compare_limits(
        &mut self,
        vo: &View<'d>,
        vn: &View<'d>,
        direction: Direction,
        place: &Place,
        at: &str,
    ) {
        let keywords = docs_audit::Constraints::KEYWORDS;
        let pairs = vo.constraints.values.iter().zip(&vn.constraints.values);
        for (index, (old, new)) in pairs.enumerate() {
            if old == new {
                continue;
            }
            let keyword = keywords.get(index).copied().unwrap_or_default();
            let shown = |v: &Option<Value>| {
                Some(
                    v.as_ref()
                        .map_or_else(|| format!("no {keyword}"), |v| format!("{keyword} {v}")),
                )
            };
            let (class, kind) = if keyword == "default" {
                (Class::Documentation, Kind::DefaultChanged)
            } else if direction == Direction::Response {
                (Class::Documentation, Kind::LimitChanged)
            } else if tightens(keyword, old.as_ref(), new.as_ref()) {
                (Class::Breaking, Kind::LimitChanged)
            } else {
                (Class::Compatible, Kind::LimitChanged)
            };
            self.push_here(place.change(class, kind, at, shown(old), shown(new)));
        }
    }

    fn compare_properties(
        &mut self,
        vo: &View<'d>,
        vn: &View<'d>,
        direction: Direction,
        place: &Place,
        at: &str,
        stack: &mut Vec<Identity<'d>>,
    ) {
        let (old_level, new_level) = self.here();
        let mut matched_old = BTreeSet::new();
        for (name, new_schema) in &vn.properties {
            let field = join_field(at, name);
            let new_required = vn.required.contains(name);
            let Some((old_name, old_schema)) = find_property(vo, self.old, name) else {
                let class = if direction == Direction::Request && new_required {
                    Class::Breaking
                } else {
                    Class::Compatible
                };
                self.changes.push(
                    place
                        .change(
                            class,
                            Kind::FieldAdded,
                            &field,
                            None,
                            Some(required_word(new_required).to_string()),
                        )
                        .anchored(old_level, new_schema, name),
                );
                continue;
            };
            matched_old.insert(old_name.clone());
            let old_required = vo.required.contains(&old_name);
            let old_nullable = json_schema::view(old_schema, self.old).nullable;
            let new_nullable = json_schema::view(new_schema, self.new).nullable;
            self.levels.push((old_schema, new_schema));
            self.compare_presence(
                (old_required, old_nullable),
                (new_required, new_nullable),
                direction,
                place,
                &field,
            );
            self.levels.pop();
            self.compare(old_schema, new_schema, direction, place, &field, stack);
        }
        for (name, _) in &vo.properties {
            if !matched_old.contains(name) {
                self.changes.push(
                    place
                        .change(
                            Class::Breaking,
                            Kind::FieldRemoved,
                            &join_field(at, name),
                            Some(required_word(vo.required.contains(name)).to_string()),
                            None,
                        )
                        .anchored(old_level, new_level, name),
                );
            }
        }
    }

    /// Required and nullable flags of a field that is on both sides.
    fn compare_presence(
        &mut self,
        (old_required, old_nullable): (bool, bool),
        (new_required, new_nullable): (bool, bool),
        direction: Direction,
        place: &Place,
        at: &str,
    ) {
        if old_required != new_required {
            let class = match direction {
                Direction::Request if new_required => Class::Breaking,
                Direction::Request => Class::Compatible,
                // A response field's Rust type is `Option<T>` unless it is required and not
                // nullable: a change of that breaks code reading it.
                Direction::Response
                    if (!old_required || old_nullable) != (!new_required || new_nullable) =>
                {
                    Class::Breaking
                }
                Direction::Response => Class::Compatible,
            };
            self.push_here(place.change(
                class,
                Kind::RequiredChanged,
                at,
                Some(required_word(old_required).to_string()),
                Some(required_word(new_required).to_string()),
            ));
        }
        if old_nullable != new_nullable {
            let class = nullable_class(
                direction,
                new_required,
                new_nullable,
                old_required != new_required,
            );
            self.push_here(place.change(
                class,
                Kind::NullableChanged,
                at,
                Some(nullable_word(old_nullable)),
                Some(nullable_word(new_nullable)),
            ));
        }
    }

    fn compare_variants(
        &mut self,
        vo: &View<'d>,
        vn: &View<'d>,
        direction: Direction,
        place: &Place,
        at: &str,
        stack: &mut Vec<Identity<'d>>,
    ) {
        let old_sigs: Vec<String> = vo.variants.iter().map(|v| signature(v, self.old)).collect();
        let new_sigs: Vec<String> = vn.variants.iter().map(|v| signature(v, self.new)).collect();
        let mut old_used = vec![false; vo.variants.len()];
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        // Members pair up by identical content first, then by the same field names, then by
        // kind, so that reordering members is no change.
        let old_prints: Vec<String> = vo
            .variants
            .iter()
            .map(|v| fingerprint(v, self.old, 0))
            .collect();
        let mut unmatched_new = Vec::new();
        for (j, member) in vn.variants.iter().enumerate() {
            let print = fingerprint(member, self.new, 0);
            match (0..old_prints.len()).find(|&i| !old_used[i] && old_prints[i] == print) {
                Some(i) => {
                    old_used[i] = true;
                    pairs.push((i, j));
                }
                None => unmatched_new.push(j),
            }
        }
        let mut unmatched = Vec::new();
        for j in unmatched_new {
            let sig = &new_sigs[j];
            match (0..old_sigs.len()).find(|&i| !old_used[i] && &old_sigs[i] == sig) {
                Some(i) => {
                    old_used[i] = true;
                    pairs.push((i, j));
                }
                None => unmatched.push(j),
            }
        }
        let unmatched_new = unmatched;
        // Members whose shape changed pair up by kind, in order.
        let kind_of = |sig: &String| sig.split(':').next().unwrap_or_default().to_string();
        let mut added = Vec::new();
        for j in unmatched_new {
            let want = kind_of(&new_sigs[j]);
            match (0..old_sigs.len()).find(|&i| !old_used[i] && kind_of(&old_sigs[i]) == want) {
                Some(i) => {
                    old_used[i] = true;
                    pairs.push((i, j));
                }
                None => added.push(j),
            }
        }
        for (i, j) in pairs {
            if let (Some(old), Some(new)) = (vo.variants.get(i), vn.variants.get(j)) {
                self.compare(
                    old,
                    new,
                    direction,
                    place,
                    &join(at, &format!("|{}", j + 1)),
                    stack,
                );
            }
        }
        let (old_level, _) = self.here();
        for j in added {
            let Some(member) = vn.variants.get(j).copied() else {
                continue;
            };
            self.changes.push(
                place
                    .change(
                        Class::Compatible,
                        Kind::VariantAdded,
                        at,
                        None,
                        new_sigs.get(j).cloned(),
                    )
                    .anchored(old_level, member, ""),
            );
        }
        for (i, used) in old_used.iter().enumerate() {
            if !used {
                self.push_here(place.change(
                    Class::Breaking,
                    Kind::VariantRemoved,
                    at,
                    old_sigs.get(i).cloned(),
                    None,
                ));
            }
        }
    }
}

/// The class of a nullability change: breaking where the value loses `null` that a client may
/// send, or where a required response value's type changes between `T` and `Option<T>`.
fn nullable_class(
    direction: Direction,
    required: bool,
    now_nullable: bool,
    required_changed: bool,
) -> Class {
    match direction {
        Direction::Request if !now_nullable && required => Class::Breaking,
        Direction::Request => Class::Compatible,
        // Already reported with the required change when both moved.
        Direction::Response if required && !required_changed => Class::Breaking,
        Direction::Response => Class::Compatible,
    }
}

/// The property of `view` called `name`, or one whose `x-aliases` list it.
fn find_property<'d>(
    view: &View<'d>,
    doc: &'d Document,
    name: &str,
) -> Option<(String, &'d Value)> {
    if let Some((own, schema)) = view.properties.iter().find(|(n, _)| n == name) {
        return Some((own.clone(), *schema));
    }
    view.properties.iter().find_map(|(own, schema)| {
        let aliases = json_schema::view(schema, doc).aliases;
        aliases
            .iter()
            .any(|a| a == name)
            .then(|| (own.clone(), *schema))
    })
}

/// A short text standing for a `oneOf` member's shape: its kind, then its component name or its
/// property names and enum values.
fn signature(value: &Value, doc: &Document) -> String {
    let view = json_schema::view(value, doc);
    let mut parts: Vec<String> = view.properties.iter().map(|(n, _)| n.clone()).collect();
    parts.sort();
    let mut values = view.enum_values.clone();
    values.sort();
    parts.extend(values);
    format!("{}:{}", view.kind().as_str(), parts.join(","))
}

/// The content of a schema with `$ref`s followed (a few levels), keys sorted, order-free lists
/// sorted and descriptions left out: equal for two writings of the same schema.
pub(crate) fn fingerprint(value: &Value, doc: &Document, depth: usize) -> String {
    const UNORDERED: [&str; 5] = ["required", "enum", "oneOf", "anyOf", "allOf"];
    const IGNORED: [&str; 5] = [
        "description",
        "title",
        "example",
        "examples",
        "x-doc-deviation",
    ];
    if depth > 4 {
        return component(value).unwrap_or("...").to_string();
    }
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                return fingerprint(doc.resolve(value), doc, depth + 1);
            }
            let parts: Vec<String> = map
                .iter()
                .filter(|(key, _)| !IGNORED.contains(&key.as_str()))
                .map(|(key, child)| {
                    let text = match child {
                        Value::Array(items) if UNORDERED.contains(&key.as_str()) => {
                            let mut items: Vec<String> =
                                items.iter().map(|i| fingerprint(i, doc, depth)).collect();
                            items.sort();
                            items.join(",")
                        }
                        other => fingerprint(other, doc, depth),
                    };
                    format!("{key}={text}")
                })
                .collect();
            format!("{{{}}}", parts.join(";"))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|i| fingerprint(i, doc, depth)).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

fn tightens(keyword: &str, old: Option<&Value>, new: Option<&Value>) -> bool {
    let (Some(new), Some(old)) = (new.and_then(Value::as_f64), old.and_then(Value::as_f64)) else {
        // A limit added tightens; one removed loosens.
        return new.is_some();
    };
    if keyword.starts_with("min") {
        new > old
    } else {
        new < old
    }
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn nullable_word(nullable: bool) -> String {
    if nullable { "nullable" } else { "not nullable" }.to_string()
}

/// `at` followed by `suffix` (`[]`, `{}`, `|2`).
fn join(at: &str, suffix: &str) -> String {
    format!("{at}{suffix}")
}

/// `at` followed by a field name.
fn join_field(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else if at.ends_with(' ') {
        format!("{at}{name}")
    } else {
        format!("{at}.{name}")
    }
}
