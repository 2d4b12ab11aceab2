//! Tests of the audit with a vendor's published OpenAPI document as the reference: two fixture
//! documents of the same widgets API, one referencing its schemas from `components`
//! (`published-widgets-referenced.yaml`) and one inlining them under a server base path
//! (`published-widgets-inlined.json`), against a fixture spec with planted omissions
//! (`published-widgets-spec.yaml`); the audit must report exactly those, at the same paths, for
//! both. When the vendors' documents are present (`../shared/docs/published/`), they must read
//! completely.

use std::path::{Path, PathBuf};

use docs_audit::{self as audit, AuditError, AuditOptions, Kind, PageFormat, Report};

const SPEC: &str = "published-widgets-spec.yaml";
const REFERENCED: &str = "published-widgets-referenced.yaml";
const INLINED: &str = "published-widgets-inlined.json";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn run_with(doc: &str, spec_text: &str, options: AuditOptions) -> Report {
    audit::audit_with(&fixture(doc), doc, spec_text, SPEC, options)
        .unwrap_or_else(|e| panic!("audit of {doc} failed: {e}"))
}

fn run(doc: &str) -> Report {
    run_with(doc, &fixture(SPEC), AuditOptions::default())
}

fn items(findings: &[audit::Finding]) -> Vec<(String, Kind, String)> {
    let mut out: Vec<_> = findings
        .iter()
        .map(|f| (f.operation.clone(), f.kind, f.at.clone()))
        .collect();
    out.sort();
    out
}

fn expected(list: &[(&str, Kind, &str)]) -> Vec<(String, Kind, String)> {
    let mut out: Vec<_> = list
        .iter()
        .map(|(op, kind, at)| (op.to_string(), *kind, at.to_string()))
        .collect();
    out.sort();
    out
}

const LIST: &str = "GET /api/v2/widgets";
const CREATE: &str = "POST /api/v2/widgets";
const GET: &str = "GET /api/v2/widgets/{id}";
const DELETE: &str = "DELETE /api/v2/widgets/{id}";

/// The planted omissions, except the missing operation.
const PLANTED: [(&str, Kind, &str); 5] = [
    (LIST, Kind::LimitDiffers, "query page_size"),
    (CREATE, Kind::RequiredDiffers, "request state"),
    (GET, Kind::MissingField, "200 owner.email"),
    (GET, Kind::MissingEnumValues, "200 state"),
    (GET, Kind::MissingField, "200 color"),
];

fn assert_planted(report: &Report) {
    assert_eq!(report.format, PageFormat::OpenApi);
    assert_eq!((report.operations, report.matched), (4, 3));
    let mut wanted = PLANTED.to_vec();
    wanted.push((DELETE, Kind::MissingOperation, ""));
    assert_eq!(
        items(&report.gaps),
        expected(&wanted),
        "{}",
        report.to_text()
    );
    assert!(report.accepted.is_empty(), "{}", report.to_text());
    assert!(report.spec_only.is_empty(), "{}", report.to_text());
    assert!(report.notes.is_empty(), "{:?}", report.notes);
    assert!(report.not_covered.is_empty());

    let detail = |at: &str| {
        report
            .gaps
            .iter()
            .find(|f| f.at == at)
            .map(|f| (f.page.clone(), f.spec.clone()))
    };
    assert_eq!(
        detail("query page_size"),
        Some((Some("maximum 100".into()), Some("maximum 50".into())))
    );
    assert_eq!(
        detail("200 state"),
        Some((Some("draft".into()), Some("active, retired".into())))
    );
    assert_eq!(
        detail("request state"),
        Some((Some("optional".into()), Some("required".into())))
    );
}

#[test]
fn referenced_document_reports_exactly_the_planted_gaps() {
    assert_planted(&run(REFERENCED));
}

#[test]
fn inlined_document_under_a_base_path_reports_the_same_gaps() {
    let inlined = run(INLINED);
    assert_planted(&inlined);
    assert_eq!(
        items(&inlined.gaps),
        items(&run(REFERENCED).gaps),
        "both styles of the same API give the same findings"
    );
}

#[test]
fn partial_coverage_lists_missing_operations_as_not_covered() {
    let options = AuditOptions { partial: true };
    let report = run_with(REFERENCED, &fixture(SPEC), options);
    assert_eq!(items(&report.gaps), expected(&PLANTED));
    assert_eq!(report.not_covered, [DELETE]);
    assert!(report.to_text().contains("not covered"));
}

#[test]
fn a_documented_alias_counts_as_the_spec_property() {
    // Without `x-aliases`, the same spec lacks `public-key` and has an undocumented `public_key`.
    let spec = fixture(SPEC).replace("x-aliases: [public-key]", "");
    let report = run_with(REFERENCED, &spec, AuditOptions::default());
    assert!(items(&report.gaps).contains(&(
        GET.to_string(),
        Kind::MissingField,
        "200 public-key".to_string()
    )));
    assert_eq!(
        items(&report.spec_only),
        expected(&[(GET, Kind::SpecOnlyField, "200 public_key")])
    );
}

#[test]
fn a_faithful_spec_of_the_document_has_no_gaps() {
    // A document audited against itself: every keyword compared agrees.
    let text = fixture(REFERENCED);
    let report =
        audit::audit(&text, REFERENCED, &text, REFERENCED).unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.has_gaps(), "{}", report.to_text());
    assert!(report.spec_only.is_empty(), "{}", report.to_text());
}

/// A document and a spec that differ in one keyword at each place the audit compares.
const KEYWORDS_DOC: &str = r##"
openapi: 3.0.1
info: {title: Keywords, version: "1"}
paths:
  /things:
    get:
      parameters:
        - {name: mode, in: query, schema: {type: string, default: fast, minLength: 2}}
        - {name: level, in: query, schema: {type: integer, enum: [1, 2, 3]}}
        - {name: limit, in: query, schema: {type: integer, nullable: true, maximum: 10}}
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema:
                type: object
                properties:
                  counts: {type: object, additionalProperties: {type: integer}}
                  pet:
                    oneOf:
                      - {$ref: "#/components/schemas/Cat"}
                      - {$ref: "#/components/schemas/Dog"}
                    discriminator: {propertyName: kind}
components:
  schemas:
    Cat:
      type: object
      required: [kind, meows]
      properties: {kind: {type: string, enum: [cat]}, meows: {type: boolean}}
    Dog:
      type: object
      required: [kind, barks]
      properties: {kind: {type: string, enum: [dog]}, barks: {type: boolean}}
"##;

const KEYWORDS_SPEC: &str = r##"
openapi: 3.0.3
info: {title: Keywords, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      parameters:
        - {name: mode, in: query, schema: {type: string, default: slow, minLength: 1}}
        - {name: level, in: query, schema: {type: integer, enum: [1, 2]}}
        - {name: limit, in: query, schema: {type: integer, maximum: 10, default: 5}}
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema:
                type: object
                properties:
                  counts: {type: object, additionalProperties: {type: string}}
                  pet:
                    oneOf:
                      - type: object
                        required: [kind, meows]
                        properties: {kind: {type: string, enum: [cat]}, meows: {type: boolean}}
"##;

#[test]
fn limits_defaults_enums_maps_nullability_and_unions_are_compared() {
    let report = audit::audit(KEYWORDS_DOC, "keywords.yaml", KEYWORDS_SPEC, "spec.yaml")
        .unwrap_or_else(|e| panic!("{e}"));
    let op = "GET /things";
    assert_eq!(
        items(&report.gaps),
        expected(&[
            (op, Kind::DefaultDiffers, "query mode"),
            (op, Kind::LimitDiffers, "query mode"),
            (op, Kind::MissingEnumValues, "query level"),
            (op, Kind::NullableDiffers, "query limit"),
            (op, Kind::TypeDiffers, "200 counts.<any-key>"),
            (op, Kind::MissingVariant, "200 pet<option 2>"),
        ]),
        "{}",
        report.to_text()
    );
    let level = report.gaps.iter().find(|f| f.at == "query level");
    assert_eq!(level.and_then(|f| f.page.as_deref()), Some("3"));
    // A default only the spec states is informational.
    assert_eq!(
        items(&report.spec_only),
        expected(&[(op, Kind::SpecOnlyDefault, "query limit")])
    );
}

#[test]
fn a_file_of_neither_kind_is_a_clear_error() {
    let spec = fixture(SPEC);
    let release_notes = fixture("not-a-page.txt");
    let error = audit::audit(&release_notes, "not-a-page.txt", &spec, SPEC)
        .expect_err("release notes are neither a page nor a document");
    assert!(matches!(error, AuditError::UnknownFormat { .. }));
    assert!(
        error.to_string().contains("OpenAPI 3.0 document"),
        "{error}"
    );

    let cases = [
        ("{\"openapi\": \"3.0.3\", \"paths\": {", "line"),
        ("openapi: 3.1.0\npaths: {}\n", "expected OpenAPI 3.0.x"),
        ("swagger: \"2.0\"\npaths: {}\n", "Swagger"),
        ("openapi: 3.0.3\ninfo: {title: x}\n", "no `paths`"),
    ];
    for (text, words) in cases {
        let error = audit::audit(text, "doc.json", &spec, SPEC).expect_err(text);
        match &error {
            AuditError::Page {
                format: PageFormat::OpenApi,
                message,
                ..
            } => assert!(message.contains(words), "{text}: {message}"),
            other => panic!("{text}: unexpected error {other:?}"),
        }
        assert!(error.to_string().starts_with("doc.json: "), "{error}");
    }
}

/// The vendors' published documents, when present next to the workspace.
fn published_docs() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs/published");
    dir.is_dir().then_some(dir)
}

#[test]
fn published_vendor_documents_read_completely() {
    let Some(dir) = published_docs() else {
        eprintln!("../shared/docs/published is absent; skipping");
        return;
    };
    let expected = [
        ("circleci-openapi.json", 110, "/api/v2"),
        ("checkly-openapi-test-sessions.json", 7, ""),
        ("datadog-openapi-ci-tests-synthetics-result.yaml", 4, ""),
    ];
    for (name, operations, base) in expected {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            eprintln!("{name} is absent; skipping");
            continue;
        };
        let page = audit::parse_page(&text, name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.format, PageFormat::OpenApi, "{name}");
        assert_eq!(page.operations.len(), operations, "{name}");
        assert_eq!(page.base_path, base, "{name}");
        assert!(page.notes.is_empty(), "{name}: {:?}", page.notes);
        assert!(!page.auth_headers.is_empty(), "{name}");
    }
}
