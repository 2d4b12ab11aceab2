//! Importing into one of our hand-written specs what a vendor's document has and the spec lacks:
//! operations (with their parameters, bodies and responses), parameters, request bodies,
//! statuses, fields, enum values, `oneOf` members and the components they need.
//!
//! The diff from the spec to the document finds them (`compare`); each addition is
//! written in the spec's conventions (`convert`) and inserted as text at the end of the mapping
//! or sequence it belongs to ([`yaml_text`]): existing lines and comments are never rewritten.
//! What the two say differently (a type, a required or nullable flag, a limit, an operation id)
//! is listed for a person, never changed; differences the spec marks with `x-doc-deviation` are
//! listed apart, as intended.

mod convert;
mod emit;
mod words;
pub mod yaml_text;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use docs_audit::json_schema;
use docs_audit::openapi::{normalise_path, path_param_names, DocOperation, Document};
use heck::ToUpperCamelCase;
use serde_json::Value;

use crate::change::{Change, Kind};
use convert::Converter;
use emit::Yaml;
use yaml_text::{Insertion, Step, YamlText};

/// What an import adds, and what it leaves to a person.
#[derive(Debug, Clone, Default)]
pub struct Import {
    /// The text insertions into the spec.
    pub insertions: Vec<Insertion>,
    /// One line per thing added.
    pub added: Vec<String>,
    /// Where the spec and the document disagree (spec's value first), for a person to decide.
    pub contradictions: Vec<String>,
    /// Disagreements the spec marks with `x-doc-deviation`, with the reason.
    pub intended: Vec<String>,
    /// What only the spec has.
    pub only_in_spec: Vec<String>,
    /// Additions that could not be written into the text, to add by hand.
    pub manual: Vec<String>,
}

impl Import {
    /// The spec's text with the insertions made.
    pub fn apply(&self, text: &str) -> String {
        yaml_text::apply(text, &self.insertions)
    }

    /// The report: what is (or would be) added, then what is left to a person; without
    /// `written`, the blocks that would be inserted, each with its line in the spec.
    pub fn to_text(
        &self,
        spec_text: &str,
        spec_name: &str,
        doc_name: &str,
        written: bool,
    ) -> String {
        let mut out = format!(
            "{doc_name} into {spec_name}: {} addition(s) {}, {} contradiction(s)\n",
            self.added.len(),
            if written {
                "written"
            } else {
                "to write (run with --write)"
            },
            self.contradictions.len(),
        );
        let sections: [(&str, &[String]); 5] = [
            ("added", &self.added),
            (
                "contradictions (spec -> document), for a person to decide",
                &self.contradictions,
            ),
            ("intended differences (x-doc-deviation)", &self.intended),
            ("only in the spec", &self.only_in_spec),
            ("not written: add by hand", &self.manual),
        ];
        for (title, lines) in sections {
            if lines.is_empty() {
                continue;
            }
            out.push_str(&format!("\n{title} ({}):\n", lines.len()));
            for line in lines {
                out.push_str(&format!("  {line}\n"));
            }
        }
        if !written && !self.insertions.is_empty() {
            out.push_str("\ntext to insert:\n");
            for insertion in yaml_text::ordered(&self.insertions) {
                let line = spec_text[..insertion.offset.min(spec_text.len())]
                    .matches('\n')
                    .count()
                    + 1;
                out.push_str(&format!("@ line {line}:\n"));
                for text in insertion.text.trim_end_matches('\n').split('\n') {
                    out.push_str(&format!("+ {text}\n"));
                }
            }
        }
        out
    }
}

/// Plans the import of `doc` (named `doc_name`, for comments) into the spec whose YAML text is
/// `spec_text`.
pub fn plan(
    spec_text: &str,
    spec_name: &str,
    doc: &Document,
    doc_name: &str,
) -> Result<Import, String> {
    if spec_text.trim_start().starts_with('{') {
        return Err(format!("{spec_name}: the spec must be written in YAML"));
    }
    let spec = Document::parse(spec_text, spec_name)?;
    let (diff, pairs) = crate::compare(&spec, doc);
    let mut planner = Planner {
        spec: &spec,
        doc,
        doc_name,
        text: YamlText::new(spec_text),
        spec_index: index(spec.root()),
        doc_index: index(doc.root()),
        converter: Converter::new(doc, &spec, &pairs),
        spec_ops: spec.operations(),
        doc_ops: doc.operations(),
        out: Import::default(),
        buckets: Buckets::default(),
        seen: BTreeSet::new(),
        operation_ids: BTreeSet::new(),
    };
    planner.operation_ids = planner
        .spec_ops
        .iter()
        .filter_map(|op| op.id.map(str::to_string))
        .collect();
    planner.pair_references();
    for change in &diff.changes {
        planner.take(change);
    }
    let mut compared = pairs;
    loop {
        planner.converter.finish();
        let todo: Vec<(String, String)> = planner
            .converter
            .reused
            .difference(&compared)
            .cloned()
            .collect();
        if todo.is_empty() {
            break;
        }
        for (ours, theirs) in todo {
            let mut comparer = crate::schema::Comparer::new(&spec, doc);
            comparer.compare_named(&ours, &theirs);
            compared.insert((ours, theirs));
            compared.extend(comparer.pairs.iter().cloned());
            for change in &comparer.changes {
                planner.take(change);
            }
        }
    }
    planner.write();
    Ok(planner.out)
}

/// Where each value of a document is, by address.
type Index<'d> = HashMap<usize, (Vec<Step>, &'d Value)>;

fn index(root: &Value) -> Index<'_> {
    fn walk<'d>(value: &'d Value, path: &mut Vec<Step>, out: &mut Index<'d>) {
        out.insert(crate::change::Anchor::address(value), (path.clone(), value));
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    path.push(Step::Key(key.clone()));
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    walk(child, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = HashMap::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

/// Mapping entries to write, in order.
type Entries = Vec<(String, Yaml)>;

/// Additions gathered per place of the spec, written once each.
#[derive(Default)]
struct Buckets {
    /// Per object schema (by address): new properties, and those of them that are required.
    fields: Vec<(usize, Entries, Vec<String>)>,
    /// Per enum holder: new values.
    enums: Vec<(usize, Vec<Value>)>,
    /// Per `oneOf` / `anyOf` holder: the key and the new members.
    variants: Vec<(usize, String, Vec<Yaml>)>,
    /// Per operation: new parameters, request body and responses.
    operations: Vec<(usize, Vec<Yaml>, Option<Yaml>, Entries)>,
    /// New operations per path: our path key, whether the spec has it, and the methods.
    paths: Vec<(String, bool, Entries)>,
    /// Tags to declare at the root.
    tags: Vec<String>,
}

struct Planner<'d, 't> {
    spec: &'d Document,
    doc: &'d Document,
    doc_name: &'t str,
    text: YamlText<'t>,
    spec_index: Index<'d>,
    doc_index: Index<'d>,
    converter: Converter<'d>,
    spec_ops: Vec<DocOperation<'d>>,
    doc_ops: Vec<DocOperation<'d>>,
    out: Import,
    buckets: Buckets,
    /// Report lines already given (a change met through several operations is one).
    seen: BTreeSet<String>,
    operation_ids: BTreeSet<String>,
}

impl<'d> Planner<'d, '_> {
    /// Pairs the vendor's parameter and response components with ours where matched
    /// operations use one each at the same place.
    fn pair_references(&mut self) {
        for new in &self.doc_ops {
            let Some(old) =
                crate::operations::find(new, &self.spec_ops).and_then(|i| self.spec_ops.get(i))
            else {
                continue;
            };
            if let (Some(ours), Some(theirs)) = (
                old.op.get("responses").and_then(Value::as_object),
                new.op.get("responses").and_then(Value::as_object),
            ) {
                for (key, theirs) in theirs {
                    let ours = ours
                        .get(key)
                        .and_then(|r| r.get("$ref"))
                        .and_then(Value::as_str);
                    let theirs = theirs.get("$ref").and_then(Value::as_str);
                    if let (Some(ours), Some(theirs)) = (ours, theirs) {
                        self.converter
                            .refs
                            .entry(theirs.to_string())
                            .or_insert_with(|| ours.to_string());
                    }
                }
            }
            let ours: Vec<&Value> = raw_params(old).collect();
            for theirs in raw_params(new) {
                let Some(target) = theirs.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                let resolved = self.doc.resolve(theirs);
                let name = resolved.get("name").and_then(Value::as_str);
                let location = resolved.get("in").and_then(Value::as_str);
                let name = match (location, name) {
                    (Some("path"), Some(name)) => {
                        let index = path_param_names(new.path).iter().position(|n| n == name);
                        index.and_then(|i| path_param_names(old.path).get(i).cloned())
                    }
                    (_, name) => name.map(str::to_string),
                };
                let matching = ours.iter().find(|p| {
                    let r = self.spec.resolve(p);
                    r.get("name").and_then(Value::as_str) == name.as_deref()
                        && r.get("in").and_then(Value::as_str) == location
                });
                if let Some(reference) =
                    matching.and_then(|p| p.get("$ref")).and_then(Value::as_str)
                {
                    self.converter
                        .refs
                        .entry(target.to_string())
                        .or_insert_with(|| reference.to_string());
                }
            }
        }
    }

    fn note(&mut self, list: fn(&mut Import) -> &mut Vec<String>, line: String) {
        if self.seen.insert(line.clone()) {
            list(&mut self.out).push(line);
        }
    }

    /// Takes one change of the diff from the spec to the document.
    fn take(&mut self, change: &Change) {
        match change.kind {
            Kind::OperationAdded => self.add_operation(change),
            Kind::ParameterAdded | Kind::RequestBodyAdded | Kind::StatusAdded => {
                self.add_part(change)
            }
            Kind::FieldAdded => self.add_field(change),
            Kind::EnumValueAdded => self.add_enum_value(change),
            Kind::VariantAdded => self.add_variant(change),
            Kind::OperationRemoved
            | Kind::ParameterRemoved
            | Kind::RequestBodyRemoved
            | Kind::StatusRemoved
            | Kind::FieldRemoved
            | Kind::EnumValueRemoved
            | Kind::VariantRemoved => {
                let line = change.place();
                let line = match &change.old {
                    Some(old) if change.kind == Kind::EnumValueRemoved => {
                        format!("{line}: enum value {old}")
                    }
                    _ => format!("{line}: {}", only_word(change.kind)),
                };
                self.note(|o| &mut o.only_in_spec, line);
            }
            Kind::OperationIdChanged => {
                let new = self
                    .doc_ops
                    .iter()
                    .find(|op| crate::operations::label(op) == change.operation);
                let ours = change.old.as_deref();
                let derived = new.map(|op| words::operation_id(op.id, &op.method, op.path));
                if derived.is_some() && derived.as_deref() != ours {
                    self.note(|o| &mut o.contradictions, change.to_string());
                }
            }
            Kind::TypeChanged
            | Kind::RequiredChanged
            | Kind::NullableChanged
            | Kind::LimitChanged
            | Kind::DefaultChanged => {
                let reason = self.deviation(change.anchor.old);
                match reason {
                    Some(reason) => self.note(|o| &mut o.intended, format!("{change}: {reason}")),
                    None => self.note(|o| &mut o.contradictions, change.to_string()),
                }
            }
            Kind::DescriptionChanged => {}
        }
    }

    /// The `x-doc-deviation` reason of the spec's value at `address` (its `$ref` followed), or
    /// of what holds it up to the operation or component (a parameter holding a schema).
    fn deviation(&self, address: usize) -> Option<&'d str> {
        let (path, value) = self.spec_value(address)?;
        if let Some(reason) = json_schema::view(value, self.spec).deviation {
            return Some(reason);
        }
        let mut holder = self.spec.root();
        let mut holders = Vec::new();
        for step in &path {
            holder = match step {
                Step::Key(key) => holder.get(key)?,
                Step::Index(i) => holder.get(i)?,
            };
            holders.push(holder);
        }
        // Below the operation (`paths./x.get`) or the component (`components.schemas.X`).
        holders
            .iter()
            .skip(3)
            .rev()
            .find_map(|h| json_schema::deviation_of(h))
    }

    fn doc_op(&self, label: &str) -> Option<&DocOperation<'d>> {
        self.doc_ops
            .iter()
            .find(|op| crate::operations::label(op) == label)
    }

    /// The spec's operation answering to the document's `new`.
    fn spec_op(&self, new: &DocOperation<'_>) -> Option<&DocOperation<'d>> {
        crate::operations::find(new, &self.spec_ops).and_then(|i| self.spec_ops.get(i))
    }

    fn add_operation(&mut self, change: &Change) {
        let Some(new) = self.doc_op(&change.operation).cloned() else {
            return;
        };
        let full = format!("{}{}", self.doc.first_base(), new.path);
        let key = normalise_path(&full);
        let existing = self
            .spec_ops
            .iter()
            .find(|op| op.keys.contains(&key) || new.keys.iter().any(|k| op.keys.contains(k)))
            .map(|op| op.path.to_string());
        let path = existing.clone().unwrap_or_else(|| {
            let base = self.spec.first_base();
            let path = match full.strip_prefix(&base) {
                Some(rest) if !base.is_empty() && rest.starts_with('/') => rest,
                _ => new.path,
            };
            self.spec_parameter_names(path)
        });
        let rename: BTreeMap<String, String> = path_param_names(new.path)
            .into_iter()
            .zip(path_param_names(&path))
            .collect();
        let mut id = words::operation_id(new.id, &new.method, new.path);
        if self.operation_ids.contains(&id) {
            let base = id.clone();
            let mut n = 2;
            while self.operation_ids.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
        }
        self.operation_ids.insert(id.clone());
        let operation = self.operation(&new, &id, &path, &rename);
        let method = new.method.to_ascii_lowercase();
        let comment = (
            String::new(),
            Yaml::Comment(format!("Imported from {}.", self.doc_name)),
        );
        match self.buckets.paths.iter_mut().find(|(p, _, _)| *p == path) {
            Some((_, _, methods)) => methods.extend([comment, (method, operation)]),
            None => self.buckets.paths.push((
                path.clone(),
                existing.is_some(),
                vec![comment, (method, operation)],
            )),
        }
        self.out
            .added
            .push(format!("operation {} {path} ({id})", new.method));
    }

    /// Whether a parameter is a header our spec's authentication already sends.
    fn sent_by_auth(&self, param: &Value) -> bool {
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            return false;
        };
        param.get("in").and_then(Value::as_str) == Some("header")
            && self
                .spec
                .auth_headers()
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name))
    }

    /// `path` with the path parameters our spec already names, in the paths it has that lead
    /// to this one, named as ours (`/widgets/{id}/parts` under `/widgets/{widget-id}`).
    fn spec_parameter_names(&self, path: &str) -> String {
        let segments: Vec<&str> = path.split('/').collect();
        let is_param = |s: &str| s.starts_with('{') && s.ends_with('}');
        let longest = self
            .spec_ops
            .iter()
            .map(|op| op.path.split('/').collect::<Vec<&str>>())
            .filter(|ours| {
                ours.len() <= segments.len()
                    && ours
                        .iter()
                        .zip(&segments)
                        .all(|(a, b)| a == b || (is_param(a) && is_param(b)))
            })
            .max_by_key(Vec::len);
        let Some(ours) = longest else {
            return path.to_string();
        };
        segments
            .iter()
            .enumerate()
            .map(|(i, segment)| ours.get(i).copied().unwrap_or(segment))
            .collect::<Vec<&str>>()
            .join("/")
    }

    /// A new operation in our conventions.
    fn operation(
        &mut self,
        new: &DocOperation<'d>,
        id: &str,
        path: &str,
        rename: &BTreeMap<String, String>,
    ) -> Yaml {
        let mut out: Vec<(String, Yaml)> = vec![("operationId".into(), Yaml::text(id))];
        let tags: Vec<Value> = new
            .op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter(|t| t.is_string()).cloned().collect())
            .unwrap_or_default();
        for tag in tags.iter().filter_map(Value::as_str) {
            self.declare_tag(tag);
        }
        if !tags.is_empty() {
            out.push(("tags".into(), Yaml::Flow(tags)));
        }
        out.push(("summary".into(), Yaml::text(words::summary(id))));
        out.push((
            "description".into(),
            Yaml::text(words::operation_description(&new.method, path)),
        ));
        if is_true(new.op.get("deprecated")) {
            out.push(("deprecated".into(), Yaml::Scalar(Value::Bool(true))));
        }
        let mut params = Vec::new();
        let mut names = BTreeSet::new();
        for raw in raw_params(new) {
            let resolved = self.doc.resolve(raw);
            if self.sent_by_auth(resolved) {
                continue;
            }
            let key = (
                resolved
                    .get("in")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
                resolved
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string(),
            );
            if names.insert(key) {
                params.push(self.converter.parameter(raw, rename));
            }
        }
        if !params.is_empty() {
            out.push(("parameters".into(), Yaml::Seq(params)));
        }
        let pascal = id.to_upper_camel_case();
        if let Some(body) = new.op.get("requestBody") {
            let body = self
                .converter
                .request_body(body, id, Some(&format!("{pascal}Request")));
            out.push(("requestBody".into(), body));
        }
        if let Some(pagination) = self.pagination(new) {
            out.push(("x-pagination".into(), pagination));
        }
        let mut responses = Vec::new();
        if let Some(all) = new.op.get("responses").and_then(Value::as_object) {
            for (status, raw) in all.iter().filter(|(k, _)| !k.starts_with("x-")) {
                let hoist = status.starts_with('2').then(|| format!("{pascal}Response"));
                let response = self.converter.response(status, raw, id, hoist.as_deref());
                responses.push((status.clone(), response));
            }
        }
        out.push(("responses".into(), Yaml::Map(responses)));
        Yaml::Map(out)
    }

    /// The spec's `x-pagination` of another operation, when this one takes the same cursor
    /// parameter and its success body has the same items and next-cursor fields.
    fn pagination(&self, new: &DocOperation<'d>) -> Option<Yaml> {
        let params = self.doc.params(new);
        let success = self
            .doc
            .responses(new)
            .into_iter()
            .find(|r| r.key.starts_with('2'))?
            .schema?;
        let view = json_schema::view(success, self.doc);
        let has = |path: &str| {
            let first = path.split('.').next().unwrap_or_default();
            view.properties.iter().any(|(n, _)| n == first)
        };
        self.spec_ops.iter().find_map(|op| {
            let pagination = op.op.get("x-pagination")?;
            let cursor = pagination.get("cursor-param")?.as_str()?;
            let items = pagination.get("items")?.as_str()?;
            let next = pagination.get("next-cursor")?.as_str()?;
            let takes = params
                .iter()
                .any(|p| p.name == cursor && p.location.is_some_and(|l| l.as_str() == "query"));
            (takes && has(items) && has(next)).then(|| yaml_of(pagination))
        })
    }

    fn declare_tag(&mut self, tag: &str) {
        let declared = self
            .spec
            .root()
            .get("tags")
            .and_then(Value::as_array)
            .is_some_and(|tags| {
                tags.iter()
                    .any(|t| t.get("name").and_then(Value::as_str) == Some(tag))
            });
        if !declared && !self.buckets.tags.iter().any(|t| t == tag) {
            self.buckets.tags.push(tag.to_string());
            self.out.added.push(format!("tag {tag}"));
        }
    }

    /// A parameter, request body or status of an operation both have.
    fn add_part(&mut self, change: &Change) {
        let Some(new) = self.doc_op(&change.operation).cloned() else {
            return;
        };
        let Some(old) = self.spec_op(&new).cloned() else {
            return;
        };
        if let Some(header) = change.at.strip_prefix("header ") {
            let auth = self.spec.auth_headers();
            if auth.iter().any(|h| h.eq_ignore_ascii_case(header)) {
                return;
            }
        }
        let address = crate::change::Anchor::address(old.op);
        let id = old.id.unwrap_or_default().to_string();
        let position = match self
            .buckets
            .operations
            .iter()
            .position(|(a, ..)| *a == address)
        {
            Some(i) => i,
            None => {
                self.buckets
                    .operations
                    .push((address, Vec::new(), None, Vec::new()));
                self.buckets.operations.len() - 1
            }
        };
        let line = format!(
            "{} on {}",
            change.kind.words().replace(" added", ""),
            change.place()
        );
        match change.kind {
            Kind::ParameterAdded => {
                let Some((location, name)) = change.at.split_once(' ') else {
                    return;
                };
                let raw = raw_params(&new).find(|raw| {
                    let r = self.doc.resolve(raw);
                    r.get("name").and_then(Value::as_str) == Some(name)
                        && r.get("in").and_then(Value::as_str) == Some(location)
                });
                let Some(raw) = raw else {
                    return;
                };
                let rename: BTreeMap<String, String> = path_param_names(new.path)
                    .into_iter()
                    .zip(path_param_names(old.path))
                    .collect();
                let param = self.converter.parameter(raw, &rename);
                self.buckets.operations[position].1.push(param);
            }
            Kind::RequestBodyAdded => {
                let Some(raw) = new.op.get("requestBody") else {
                    return;
                };
                let hoist = format!("{}Request", id.to_upper_camel_case());
                let body = self.converter.request_body(raw, &id, Some(&hoist));
                self.buckets.operations[position].2 = Some(body);
            }
            _ => {
                let Some((status, raw)) = new
                    .op
                    .get("responses")
                    .and_then(Value::as_object)
                    .and_then(|all| all.iter().find(|(k, _)| k.eq_ignore_ascii_case(&change.at)))
                else {
                    return;
                };
                let hoist = status
                    .starts_with('2')
                    .then(|| format!("{}Response", id.to_upper_camel_case()));
                let response = self.converter.response(status, raw, &id, hoist.as_deref());
                self.buckets.operations[position]
                    .3
                    .push((status.clone(), response));
            }
        }
        self.out.added.push(line);
    }

    /// The spec's schema an anchored change was found at, and where it is.
    fn spec_value(&self, address: usize) -> Option<(Vec<Step>, &'d Value)> {
        self.spec_index.get(&address).cloned()
    }

    /// The schema holding `key` that `value` stands for: itself (`$ref` followed) or the last
    /// `allOf` member that has it.
    fn holder(&self, value: &'d Value, key: &str) -> Option<&'d Value> {
        let resolved = self.spec.resolve(value);
        if resolved.get(key).is_some() {
            return Some(resolved);
        }
        resolved
            .get("allOf")
            .and_then(Value::as_array)?
            .iter()
            .rev()
            .find_map(|member| self.holder(member, key))
    }

    fn add_field(&mut self, change: &Change) {
        let name = change.anchor.name.clone();
        let (Some((_, level)), Some((_, schema))) = (
            self.spec_value(change.anchor.old),
            self.doc_index.get(&change.anchor.new).cloned(),
        ) else {
            return;
        };
        let container = self.holder(level, "properties").or_else(|| {
            let resolved = self.spec.resolve(level);
            (resolved.get("type").and_then(Value::as_str) == Some("object")).then_some(resolved)
        });
        let Some(container) = container else {
            self.note(
                |o| &mut o.manual,
                format!(
                    "{}: field {name} (no object schema to add it to)",
                    change.place()
                ),
            );
            return;
        };
        if self.spelled_otherwise(container, &name) {
            return;
        }
        let address = crate::change::Anchor::address(container);
        let parent = self
            .spec_value(address)
            .map(|(path, _)| parent_name(&path))
            .unwrap_or_default();
        let position = match self.buckets.fields.iter().position(|(a, ..)| *a == address) {
            Some(i) => i,
            None => {
                self.buckets.fields.push((address, Vec::new(), Vec::new()));
                self.buckets.fields.len() - 1
            }
        };
        if self.buckets.fields[position]
            .1
            .iter()
            .any(|(n, _)| *n == name)
        {
            return;
        }
        let yaml = self.converter.property(&name, schema, &parent);
        let bucket = &mut self.buckets.fields[position];
        bucket.1.push((name.clone(), yaml));
        let required = change.new.as_deref() == Some("required");
        if required {
            bucket.2.push(name.clone());
        }
        self.out.added.push(format!(
            "field {} ({})",
            change.place(),
            if required { "required" } else { "optional" }
        ));
    }

    /// Whether the spec reads `name` under its other spelling (`vcs-type` as `vcs_type`)
    /// through `x-property-spellings`.
    fn spelled_otherwise(&self, container: &Value, name: &str) -> bool {
        let rule = self.spec.root().get("x-property-spellings").is_some()
            || container.get("x-property-spellings").is_some();
        let properties = container.get("properties").and_then(Value::as_object);
        rule && properties.is_some_and(|p| {
            p.contains_key(&name.replace('-', "_")) || p.contains_key(&name.replace('_', "-"))
        })
    }

    fn add_enum_value(&mut self, change: &Change) {
        let (Some((_, level)), Some((_, new_level))) = (
            self.spec_value(change.anchor.old),
            self.doc_index.get(&change.anchor.new).cloned(),
        ) else {
            return;
        };
        let Some(wanted) = change.new.as_deref() else {
            return;
        };
        let Some(holder) = self.holder(level, "enum") else {
            self.note(
                |o| &mut o.manual,
                format!(
                    "{}: enum value {wanted} (no enum to add it to)",
                    change.place()
                ),
            );
            return;
        };
        let Some(value) = enum_value(self.doc, new_level, wanted) else {
            return;
        };
        let address = crate::change::Anchor::address(holder);
        let position = match self.buckets.enums.iter().position(|(a, _)| *a == address) {
            Some(i) => i,
            None => {
                self.buckets.enums.push((address, Vec::new()));
                self.buckets.enums.len() - 1
            }
        };
        if !self.buckets.enums[position].1.contains(&value) {
            self.buckets.enums[position].1.push(value);
            self.out
                .added
                .push(format!("enum value {}: {wanted}", change.place()));
        }
    }

    fn add_variant(&mut self, change: &Change) {
        let (Some((_, level)), Some((_, member))) = (
            self.spec_value(change.anchor.old),
            self.doc_index.get(&change.anchor.new).cloned(),
        ) else {
            return;
        };
        if member.get("$ref").is_some() && std::ptr::eq(self.doc.resolve(member), member) {
            self.note(
                |o| &mut o.manual,
                format!(
                    "{}: oneOf member whose $ref the document does not resolve",
                    change.place()
                ),
            );
            return;
        }
        let found = ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|key| self.holder(level, key).map(|h| (key, h)));
        let Some((key, holder)) = found else {
            self.note(
                |o| &mut o.manual,
                format!("{}: oneOf member (no oneOf to add it to)", change.place()),
            );
            return;
        };
        let address = crate::change::Anchor::address(holder);
        let parent = self
            .spec_value(address)
            .map(|(path, _)| parent_name(&path))
            .unwrap_or_default();
        let yaml = self.converter.schema(member, &parent, None);
        match self
            .buckets
            .variants
            .iter_mut()
            .find(|(a, ..)| *a == address)
        {
            Some((_, _, members)) if members.contains(&yaml) => return,
            Some((_, _, members)) => members.push(yaml),
            None => self
                .buckets
                .variants
                .push((address, key.to_string(), vec![yaml])),
        }
        self.out.added.push(format!(
            "oneOf member {} ({})",
            change.place(),
            change.new.as_deref().unwrap_or_default()
        ));
    }

    /// Turns the gathered additions into insertions.
    fn write(&mut self) {
        let buckets = std::mem::take(&mut self.buckets);
        for (address, properties, required) in &buckets.fields {
            let Some((path, container)) = self.spec_value(*address) else {
                continue;
            };
            let mut entries = Vec::new();
            if container.get("properties").is_some() {
                self.insert_entries(&child(&path, "properties"), properties);
            } else {
                entries.push(("properties".to_string(), Yaml::Map(properties.clone())));
            }
            if !required.is_empty() {
                if container.get("required").is_some() {
                    for name in required {
                        self.insert_item(
                            &child(&path, "required"),
                            &Yaml::text(name.clone()),
                            true,
                        );
                    }
                } else {
                    let names = required.iter().map(|n| Value::String(n.clone())).collect();
                    entries.push(("required".to_string(), Yaml::Flow(names)));
                }
            }
            if !entries.is_empty() {
                self.insert_entries(&path, &entries);
            }
        }
        for (address, values) in &buckets.enums {
            let Some((path, holder)) = self.spec_value(*address) else {
                continue;
            };
            let mut names: Vec<String> = holder
                .get("x-enum-varnames")
                .and_then(Value::as_array)
                .map(|n| {
                    n.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let varnames = holder.get("x-enum-varnames").is_some();
            for value in values {
                self.insert_item(&child(&path, "enum"), &Yaml::Scalar(value.clone()), true);
                if varnames {
                    let text = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_string);
                    let base = words::variant_name(&text);
                    let mut name = base.clone();
                    let mut n = 2;
                    while names.contains(&name) {
                        name = format!("{base}{n}");
                        n += 1;
                    }
                    names.push(name.clone());
                    self.insert_item(&child(&path, "x-enum-varnames"), &Yaml::text(name), true);
                }
            }
        }
        for (address, key, members) in &buckets.variants {
            let Some((path, _)) = self.spec_value(*address) else {
                continue;
            };
            for member in members {
                self.insert_item(&child(&path, key), member, false);
            }
        }
        for (address, params, body, statuses) in &buckets.operations {
            let Some((path, op)) = self.spec_value(*address) else {
                continue;
            };
            let mut entries = Vec::new();
            if !params.is_empty() {
                if op.get("parameters").is_some() {
                    for param in params {
                        self.insert_item(&child(&path, "parameters"), param, false);
                    }
                } else {
                    entries.push(("parameters".to_string(), Yaml::Seq(params.clone())));
                }
            }
            if let Some(body) = body {
                entries.push(("requestBody".to_string(), body.clone()));
            }
            if !statuses.is_empty() {
                if op.get("responses").is_some() {
                    self.insert_entries(&child(&path, "responses"), statuses);
                } else {
                    entries.push(("responses".to_string(), Yaml::Map(statuses.clone())));
                }
            }
            if !entries.is_empty() {
                self.insert_entries(&path, &entries);
            }
        }
        let mut new_paths = Vec::new();
        for (path, existing, methods) in &buckets.paths {
            if *existing {
                let at = vec![Step::Key("paths".into()), Step::Key(path.clone())];
                self.insert_entries(&at, methods);
            } else {
                new_paths.push((path.clone(), Yaml::Map(methods.clone())));
            }
        }
        if !new_paths.is_empty() {
            self.insert_entries(&[Step::Key("paths".into())], &new_paths);
        }
        self.write_components();
        if !buckets.tags.is_empty() {
            for tag in &buckets.tags {
                let entry = Yaml::Map(vec![
                    ("name".into(), Yaml::text(tag.clone())),
                    ("description".into(), Yaml::text(words::tag(tag))),
                ]);
                if self.spec.root().get("tags").is_some() {
                    self.insert_item(&[Step::Key("tags".into())], &entry, false);
                } else {
                    self.insert_entries(&[], &[("tags".into(), Yaml::Seq(vec![entry]))]);
                }
            }
        }
    }

    fn write_components(&mut self) {
        let components = std::mem::take(&mut self.converter.new_components);
        if components.is_empty() {
            return;
        }
        let mut entries = Vec::new();
        for (name, yaml) in components {
            self.out.added.push(format!("component {name}"));
            entries.push((
                String::new(),
                Yaml::Comment(format!("Imported from {}.", self.doc_name)),
            ));
            entries.push((name, yaml));
        }
        let root = self.spec.root();
        if root.pointer("/components/schemas").is_some() {
            self.insert_entries(
                &[Step::Key("components".into()), Step::Key("schemas".into())],
                &entries,
            );
        } else if root.get("components").is_some() {
            self.insert_entries(
                &[Step::Key("components".into())],
                &[("schemas".into(), Yaml::Map(entries))],
            );
        } else {
            let schemas = Yaml::Map(vec![("schemas".into(), Yaml::Map(entries))]);
            self.insert_entries(&[], &[("components".into(), schemas)]);
        }
    }

    fn insert_entries(&mut self, path: &[Step], entries: &[(String, Yaml)]) {
        match self.text.append_entries(path, &emit::entries(entries)) {
            Ok(insertion) => self.out.insertions.push(insertion),
            Err(reason) => {
                let block = emit::entries(entries);
                self.out.manual.push(format!(
                    "{reason}:\n{}",
                    yaml_text::indent(&block, 4).trim_end()
                ));
            }
        }
    }

    fn insert_item(&mut self, path: &[Step], item: &Yaml, flow: bool) {
        let scalar = match item {
            Yaml::Scalar(value) if flow => Some(emit::scalar(value, true)),
            _ => None,
        };
        match self
            .text
            .append_item(path, &emit::item_body(item), scalar.as_deref())
        {
            Ok(insertion) => self.out.insertions.push(insertion),
            Err(reason) => {
                let block = emit::item(item);
                self.out.manual.push(format!(
                    "{reason}:\n{}",
                    yaml_text::indent(&block, 4).trim_end()
                ));
            }
        }
    }
}

/// The operation's parameters as written: its own, then its path item's.
fn raw_params<'a>(op: &DocOperation<'a>) -> impl Iterator<Item = &'a Value> {
    let list = |holder: &'a Value| {
        holder
            .get("parameters")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice)
    };
    list(op.op).iter().chain(list(op.item))
}

/// The enum value of the document's schema `level` written `wanted` in the diff.
fn enum_value(doc: &Document, level: &Value, wanted: &str) -> Option<Value> {
    let resolved = doc.resolve(level);
    if let Some(values) = resolved.get("enum").and_then(Value::as_array) {
        let found = values.iter().find(|v| match v {
            Value::String(s) => s == wanted,
            other => serde_json::to_string(other).is_ok_and(|text| text == wanted),
        });
        if found.is_some() {
            return found.cloned();
        }
    }
    if let Some(value) = resolved.get("const").filter(|v| v.as_str() == Some(wanted)) {
        return Some(value.clone());
    }
    resolved
        .get("allOf")
        .and_then(Value::as_array)?
        .iter()
        .find_map(|member| enum_value(doc, member, wanted))
}

/// The name descriptions of a schema's properties mention: its component, or the property
/// holding it.
fn parent_name(path: &[Step]) -> String {
    if let [Step::Key(a), Step::Key(b), Step::Key(name), ..] = path {
        if a == "components" && b == "schemas" && path.len() == 3 {
            return name.clone();
        }
    }
    path.windows(2)
        .rev()
        .find_map(|pair| match pair {
            [Step::Key(p), Step::Key(name)] if p == "properties" => Some(name.clone()),
            _ => None,
        })
        .or_else(|| match path {
            [Step::Key(a), Step::Key(b), Step::Key(name), ..]
                if a == "components" && b == "schemas" =>
            {
                Some(name.clone())
            }
            _ => None,
        })
        .unwrap_or_default()
}

fn child(path: &[Step], key: &str) -> Vec<Step> {
    let mut out = path.to_vec();
    out.push(Step::Key(key.to_string()));
    out
}

fn is_true(value: Option<&Value>) -> bool {
    value == Some(&Value::Bool(true))
}

/// A JSON value as YAML, keys in the value's order.
fn yaml_of(value: &Value) -> Yaml {
    match value {
        Value::Object(map) => Yaml::Map(map.iter().map(|(k, v)| (k.clone(), yaml_of(v))).collect()),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            Yaml::Flow(items.clone())
        }
        Value::Array(items) => Yaml::Seq(items.iter().map(yaml_of).collect()),
        other => Yaml::Scalar(other.clone()),
    }
}

fn only_word(kind: Kind) -> &'static str {
    match kind {
        Kind::OperationRemoved => "operation",
        Kind::ParameterRemoved => "parameter",
        Kind::RequestBodyRemoved => "request body",
        Kind::StatusRemoved => "status",
        Kind::FieldRemoved => "field",
        Kind::VariantRemoved => "oneOf member",
        _ => "value",
    }
}
