//! Property tests of the audit on broken input: documentation pages, OpenAPI documents and specs
//! (the fixtures, and the real specs and vendor documents when present) with lines deleted,
//! duplicated or cut off, and with schema nodes replaced by values of the wrong type, dangling
//! or cyclic `$ref`s. `docs_audit::audit` must return a report or an error naming the document
//! or the spec, and never panic.
//!
//! `cargo test` runs a short deterministic sample (fixed seed, a few dozen cases per property).
//! For a long run: `PROPTEST_CASES=5000 cargo test -p docs-audit --test robustness`
//! (`PROPTEST_RNG_SEED=<n>` picks another sample).

use std::cell::Cell;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{json, Value};

/// Cases per property in a plain `cargo test`.
const DEFAULT_CASES: u32 = 48;

fn config() -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    Config {
        cases: env("PROPTEST_CASES")
            .map_or(DEFAULT_CASES, |n| u32::try_from(n).unwrap_or(u32::MAX)),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(0x5EED_0002)),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A named input file.
#[derive(Debug, Clone)]
struct Input {
    name: String,
    text: String,
}

fn read_all(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<Input> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .into_iter()
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            Some(Input {
                name: path.display().to_string(),
                text,
            })
        })
        .collect()
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Pages and OpenAPI documents: the fixtures, and the vendors' when present.
fn documents() -> Vec<Input> {
    let fixtures = manifest_dir().join("tests/fixtures");
    let mut docs = read_all(&fixtures, |n| {
        (n.contains("-widgets.") && !n.ends_with(".yaml"))
            || n == "published-widgets-referenced.yaml"
            || n == "not-a-page.txt"
    });
    let shared = manifest_dir().join("../../shared/docs");
    docs.extend(read_all(&shared, |n| n != "README.md"));
    // CircleCI's 800 kB document is left to the long run: in a debug build each case would take
    // seconds; the fixtures exercise the same inlined style.
    let long_run = std::env::var_os("PROPTEST_CASES").is_some();
    docs.extend(read_all(&shared.join("published"), |n| {
        long_run || n != "circleci-openapi.json"
    }));
    assert!(docs.len() >= 6, "fixtures missing");
    docs
}

/// Specs: the fixtures and the workspace's.
fn specs() -> Vec<Input> {
    let mut specs = read_all(&manifest_dir().join("tests/fixtures"), |n| {
        n.ends_with("-widgets.yaml") || n.ends_with("-spec.yaml")
    });
    specs.extend(read_all(&manifest_dir().join("../specs"), |n| {
        n.ends_with(".yaml")
    }));
    assert!(specs.len() >= 5, "fixtures missing");
    specs
}

/// One edit of a text; indices are taken modulo what exists.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    Truncate(usize),
    /// Replace the n-th JSON node (document order) with the m-th odd value.
    ReplaceNode(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>()).prop_map(|(n, m)| Mutation::ReplaceNode(n, m)),
    ]
}

/// Odd values for a node at `pointer`: wrong types, dangling and cyclic references.
fn odd_value(which: usize, pointer: &str) -> Value {
    let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let here = format!("#{pointer}");
    let up = format!("#{parent}");
    let values = [
        Value::Null,
        json!(5),
        json!("text"),
        json!([]),
        json!({}),
        json!({"$ref": "#"}),
        json!({"$ref": "#/components/schemas/Nowhere"}),
        json!({"$ref": here}),
        json!({"allOf": [{"$ref": up}, {"$ref": up}, {"$ref": here}]}),
        json!({"allOf": [{"$ref": here}, {"$ref": here}], "anyOf": [{"$ref": here}, {"$ref": here}]}),
        json!({"oneOf": [{"$ref": here}, {"type": "string"}, {"$ref": up}]}),
        json!({"oneOf": [{"$ref": up}, {"$ref": up}], "discriminator": {"propertyName": 3}}),
        json!({"type": ["string", 7], "enum": 3, "properties": [], "items": [1]}),
        json!({"type": "object", "properties": {"a": {"$ref": up}, "b": {"$ref": up}}}),
        json!({"additionalProperties": 1, "nullable": "yes", "x-aliases": 5, "x-nullable": []}),
        json!({"minimum": "big", "maximum": [], "default": {"$ref": "#"}, "maxLength": -1}),
        json!({"name": 4, "in": "body", "required": "yes", "schema": 3}),
        json!({"x-doc-deviation": 5, "required": {"a": 1}, "content": []}),
    ];
    values[which % values.len()].clone()
}

/// Every JSON pointer of `value`, in document order.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn apply(text: &str, name: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    match *mutation {
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at % lines.len());
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let at = at % lines.len();
            let line = lines.get(at).copied().unwrap_or_default();
            lines.insert(at, line);
        }
        Mutation::Truncate(at) => {
            let mut cut = at % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text.get(..cut).unwrap_or_default().to_string();
        }
        Mutation::ReplaceNode(n, m) => {
            // Pages are not JSON or YAML mappings: for them this edit does nothing.
            let Ok(mut value @ Value::Object(_)) = spec_model::parse_value(Path::new(name), text)
            else {
                return text.to_string();
            };
            let mut all = Vec::new();
            pointers(&value, String::new(), &mut all);
            let pointer = all.get(n % all.len().max(1)).cloned().unwrap_or_default();
            let odd = odd_value(m, &pointer);
            match value.pointer_mut(&pointer) {
                Some(node) => *node = odd,
                None => return text.to_string(),
            }
            return serde_json::to_string_pretty(&value).unwrap_or_default();
        }
        _ => {}
    }
    lines.join("\n")
}

fn mutated(input: &Input, mutations: &[Mutation]) -> String {
    mutations
        .iter()
        .fold(input.text.clone(), |text, m| apply(&text, &input.name, m))
}

/// Audits; an error must name the document or the spec.
fn audit_names_its_inputs(
    doc: &str,
    doc_name: &str,
    spec: &str,
    spec_name: &str,
) -> Result<(), TestCaseError> {
    match docs_audit::audit(doc, doc_name, spec, spec_name) {
        Ok(report) => {
            prop_assert_eq!(&report.page, doc_name);
            // Rendering must not fail either.
            prop_assert!(!report.to_text().is_empty());
            prop_assert!(!report.to_json().is_empty());
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(
                message.contains(doc_name) || message.contains(spec_name),
                "{message}"
            );
        }
    }
    Ok(())
}

fn run_property(
    label: &str,
    test: impl Fn(&Input, &Input, &[Mutation], &[Mutation]) -> Result<(), TestCaseError>,
) {
    let (docs, specs) = (documents(), specs());
    let strategy = (
        0..docs.len(),
        0..specs.len(),
        prop::collection::vec(mutation(), 0..3),
        prop::collection::vec(mutation(), 0..3),
    );
    let cases = Cell::new(0_u32);
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&strategy, |(d, s, on_doc, on_spec)| {
        cases.set(cases.get() + 1);
        test(&docs[d], &specs[s], &on_doc, &on_spec)
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    eprintln!("{label}: {} cases", cases.get());
    assert!(cases.get() >= config().cases);
}

#[test]
fn mutated_documents_and_specs_never_panic() {
    run_property(
        "mutated documents and specs",
        |doc, spec, on_doc, on_spec| {
            audit_names_its_inputs(
                &mutated(doc, on_doc),
                &doc.name,
                &mutated(spec, on_spec),
                &spec.name,
            )
        },
    );
}

#[test]
fn documents_audited_as_specs_never_panic() {
    // An OpenAPI document is also a spec: audit mutated documents against each other.
    run_property("documents as specs", |doc, _, on_doc, on_other| {
        audit_names_its_inputs(
            &mutated(doc, on_doc),
            &doc.name,
            &mutated(doc, on_other),
            "other.yaml",
        )
    });
}

#[test]
fn node_replacement_edits_documents() {
    // The structural edit must change a document, or the properties above prove little.
    let doc = "{\"openapi\": \"3.0.3\", \"paths\": {\"/a\": {\"get\": {}}}}";
    let edited = apply(doc, "doc.json", &Mutation::ReplaceNode(4, 7));
    let value: Value = serde_json::from_str(&edited).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        value.pointer("/paths/~1a/get"),
        Some(&json!({"$ref": "#/paths/~1a/get"}))
    );
    assert_eq!(
        apply("a\nb", "page.txt", &Mutation::ReplaceNode(0, 0)),
        "a\nb"
    );
}

/// A document and a spec whose schemas include themselves: a tree node with three children, an
/// `allOf` of itself twice, a `oneOf` listing itself.
const RECURSIVE_DOC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        "200":
          description: x
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Tree"}
components:
  schemas:
    Tree:
      type: object
      properties:
        left: {$ref: "#/components/schemas/Tree"}
        right: {nullable: true, allOf: [{$ref: "#/components/schemas/Tree"}]}
        loop: {$ref: "#/components/schemas/Loop"}
    Loop:
      allOf: [{$ref: "#/components/schemas/Loop"}, {$ref: "#/components/schemas/Loop"}]
"##;

const RECURSIVE_SPEC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: a
      parameters:
        - {name: q, in: query, schema: {$ref: "#/components/schemas/S"}}
      responses:
        "200":
          description: x
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Loop"}
components:
  schemas:
    S:
      oneOf: [{$ref: "#/components/schemas/S"}, {type: integer}]
    Loop:
      allOf: [{$ref: "#/components/schemas/Loop"}, {$ref: "#/components/schemas/Loop"}]
"##;

#[test]
fn schemas_that_include_themselves_are_read_once() {
    let report = docs_audit::audit(RECURSIVE_DOC, "doc.yaml", RECURSIVE_SPEC, "spec.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let found: Vec<(&str, docs_audit::Kind)> = report
        .gaps
        .iter()
        .map(|f| (f.at.as_str(), f.kind))
        .collect();
    assert_eq!(
        found,
        [
            ("200", docs_audit::Kind::TypeDiffers),
            ("query q", docs_audit::Kind::TypeDiffers)
        ],
        "{}",
        report.to_text()
    );
    // Against itself, the recursive document has no gaps: its tree is compared level by level.
    let report = docs_audit::audit(RECURSIVE_DOC, "doc.yaml", RECURSIVE_DOC, "doc.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.has_gaps(), "{}", report.to_text());
}
