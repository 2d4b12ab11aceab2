//! Tests of the docs audit (`cargo xtask audit`): small pages in each documentation format
//! (`docs-audit/tests/fixtures/*-widgets.*`) are audited against fixture specs with planted
//! differences; the audit must report exactly those, at the right paths, and nothing else. When
//! the captured vendor pages are present (`../shared/docs/`), they must parse completely.

use std::path::{Path, PathBuf};

use docs_audit::{self as audit, cli, pairings, AuditError, Kind, PageFormat, Report};

fn fixture(name: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    (text, name.to_string())
}

fn run(page: &str, spec: &str) -> Report {
    let (page_text, page_name) = fixture(page);
    let (spec_text, spec_name) = fixture(spec);
    audit::audit(&page_text, &page_name, &spec_text, &spec_name)
        .unwrap_or_else(|e| panic!("audit of {page} failed: {e}"))
}

type Item<'a> = (&'a str, Kind, &'a str);

fn items(findings: &[audit::Finding]) -> Vec<(String, Kind, String)> {
    let mut out: Vec<_> = findings
        .iter()
        .map(|f| (f.operation.clone(), f.kind, f.at.clone()))
        .collect();
    out.sort();
    out
}

fn expect(found: &[audit::Finding], expected: &[Item<'_>]) {
    let mut wanted: Vec<(String, Kind, String)> = expected
        .iter()
        .map(|(op, kind, at)| (op.to_string(), *kind, at.to_string()))
        .collect();
    wanted.sort();
    assert_eq!(items(found), wanted);
}

#[test]
fn datadog_page_reports_exactly_the_planted_gaps() {
    let report = run("datadog-widgets.md", "datadog-widgets.yaml");
    assert_eq!(report.format, PageFormat::Datadog);
    assert_eq!((report.operations, report.matched), (2, 2));
    let list = "GET /api/v2/widgets";
    expect(
        &report.gaps,
        &[
            (list, Kind::MissingEnumValues, "query sort"),
            (list, Kind::MissingField, "200 data[].attributes.tags"),
            (list, Kind::MissingStatus, "429"),
            (list, Kind::TypeDiffers, "200 meta.elapsed"),
            (list, Kind::RequiredDiffers, "200 data[].id"),
            (
                "POST /api/v2/widgets/search",
                Kind::MissingVariant,
                "request group_by[].total<option 2>",
            ),
        ],
    );
    let sort = report.gaps.iter().find(|f| f.at == "query sort");
    assert_eq!(sort.and_then(|f| f.page.as_deref()), Some("-name"));
    let elapsed = report.gaps.iter().find(|f| f.at == "200 meta.elapsed");
    assert_eq!(
        elapsed.map(|f| (f.page.as_deref(), f.spec.as_deref())),
        Some((Some("integer<int64>"), Some("integer<int32>")))
    );
    expect(
        &report.accepted,
        &[(list, Kind::TypeDiffers, "200 data[].created")],
    );
    assert_eq!(
        report.accepted.first().and_then(|f| f.reason.as_deref()),
        Some("Some widgets carry dates that are not RFC 3339.")
    );
    expect(
        &report.spec_only,
        &[
            (
                "DELETE /api/v2/widgets/{widget_id} (delete_widget)",
                Kind::SpecOnlyOperation,
                "",
            ),
            (list, Kind::SpecOnlyField, "200 data[].attributes.color"),
        ],
    );
    assert!(report.notes.is_empty(), "{:?}", report.notes);
}

#[test]
fn circleci_page_reports_exactly_the_planted_gaps() {
    let report = run("circleci-widgets.txt", "circleci-widgets.yaml");
    assert_eq!(report.format, PageFormat::Circleci);
    assert_eq!((report.operations, report.matched), (5, 4));
    let list = "GET /api/v2/widget";
    expect(
        &report.gaps,
        &[
            (
                "DELETE /api/v2/widget/{widget-id}",
                Kind::MissingOperation,
                "",
            ),
            (list, Kind::MissingStatus, "default"),
            (list, Kind::MissingStatus, "responses"),
            (list, Kind::RequiredDiffers, "query owner-id"),
            (list, Kind::NullableDiffers, "200 next_page_token"),
            (
                "POST /api/v2/widget",
                Kind::MissingVariant,
                "request owner<option 2>",
            ),
        ],
    );
    expect(
        &report.spec_only,
        &[(list, Kind::SpecOnlyParameter, "query limit")],
    );
    // The unnumbered `...Response` of the create operation is its 201; path parameters the page
    // calls optional are not reported; the parts response, not shown on the page, is not compared.
    assert!(report
        .pairings
        .iter()
        .any(|p| p == "WidgetCreateWidget*Response -> POST /api/v2/widget (201, default)"));
    assert_eq!(report.pairings.len(), 3);
}

#[test]
fn checkly_page_reports_exactly_the_planted_gaps() {
    let report = run("checkly-widgets.txt", "checkly-widgets.yaml");
    assert_eq!(report.format, PageFormat::Mintlify);
    let op = "GET /v1/widgets";
    expect(
        &report.gaps,
        &[
            (op, Kind::MissingEnumValues, "query statuses[]"),
            (op, Kind::NullableDiffers, "2xx nextId"),
            (op, Kind::MissingField, "2xx entries[].owner.picture"),
        ],
    );
    expect(
        &report.spec_only,
        &[
            (op, Kind::SpecOnlyStatus, "401"),
            (op, Kind::SpecOnlyField, "2xx entries[].region"),
        ],
    );
    // The block whose name was lost is paired with the one spec parameter left over, silently.
    assert_eq!(report.notes.len(), 1);
    assert!(report.notes[0].contains("`search`"), "{:?}", report.notes);
}

#[test]
fn empirical_page_reports_exactly_the_planted_gaps() {
    let report = run("empirical-widgets.txt", "empirical-widgets.yaml");
    assert_eq!(report.format, PageFormat::Mintlify);
    let op = "GET /api/widgets";
    expect(
        &report.gaps,
        &[
            (
                "(all operations)",
                Kind::MissingAuth,
                "header Authorization",
            ),
            (op, Kind::MissingParameter, "query result"),
            (op, Kind::RequiredDiffers, "query per_page"),
            (op, Kind::TypeDiffers, "2xx data.widgets.items[].weight"),
            (op, Kind::MissingField, "2xx pagination.total_pages"),
        ],
    );
    expect(
        &report.spec_only,
        &[(op, Kind::SpecOnlyField, "2xx pagination.total")],
    );
}

#[test]
fn a_faithful_spec_has_no_gaps() {
    let (page_text, page_name) = fixture("empirical-widgets.txt");
    let spec = r#"
openapi: 3.0.3
info: {title: Widgets, version: "1"}
servers: [{url: "https://api.example.run"}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
paths:
  /api/widgets:
    get:
      parameters:
        - {name: page, in: query, schema: {type: integer}}
        - {name: per_page, in: query, schema: {type: integer}}
        - {name: result, in: query, schema: {type: string, enum: [passed, failed]}}
      responses:
        "200":
          description: Widgets.
          content:
            application/json:
              schema:
                type: object
                required: [data, pagination]
                properties:
                  data:
                    type: object
                    properties:
                      widgets:
                        type: object
                        properties:
                          items:
                            type: array
                            items:
                              type: object
                              properties:
                                id: {type: integer}
                                name: {type: string}
                                weight: {type: number}
                                created_at: {type: string, format: date-time}
                  pagination:
                    type: object
                    properties:
                      page: {type: integer}
                      per_page: {type: integer}
                      total_pages: {type: integer}
"#;
    let report =
        audit::audit(&page_text, &page_name, spec, "inline.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert!(!report.has_gaps(), "{}", report.to_text());
    assert!(report.spec_only.is_empty(), "{}", report.to_text());
}

#[test]
fn a_page_in_no_known_format_is_an_error() {
    let (page_text, page_name) = fixture("not-a-page.txt");
    let (spec_text, _) = fixture("empirical-widgets.yaml");
    let error = audit::audit(&page_text, &page_name, &spec_text, "spec.yaml")
        .expect_err("a release note is not a reference page");
    assert_eq!(
        error,
        AuditError::UnknownFormat {
            page: "not-a-page.txt".to_string()
        }
    );
    assert!(error
        .to_string()
        .contains("not a document the audit can read"));
    let empty = audit::parse_page("", "empty.txt").expect_err("an empty page");
    assert!(matches!(empty, AuditError::UnknownFormat { .. }));
}

#[test]
fn a_spec_that_is_not_openapi_is_an_error() {
    let (page_text, page_name) = fixture("checkly-widgets.txt");
    let error = audit::audit(&page_text, &page_name, "just: [a, list]", "bad.yaml")
        .expect_err("not an OpenAPI document");
    assert!(matches!(error, AuditError::Spec { ref spec, .. } if spec == "bad.yaml"));
}

#[test]
fn command_line_prints_json_and_reports_gaps() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let args: Vec<String> = [
        "--doc",
        &dir.join("checkly-widgets.txt").display().to_string(),
        "--spec",
        &dir.join("checkly-widgets.yaml").display().to_string(),
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let options = cli::parse_args(&args).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let gaps = cli::run(&options, &dir, &mut out).unwrap_or_else(|e| panic!("{e}"));
    assert!(gaps, "the fixture spec has planted gaps");
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["format"], "mintlify");
    let kinds: Vec<&str> = json["gaps"]
        .as_array()
        .map(|g| g.iter().filter_map(|f| f["kind"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        kinds,
        ["missing-field", "nullable-differs", "missing-enum-values"]
    );
    assert_eq!(json["gaps"][0]["at"], "2xx entries[].owner.picture");
}

#[test]
fn command_line_rejects_bad_arguments() {
    let no_page = cli::parse_args(&["--json".to_string()]);
    assert!(matches!(no_page, Err(AuditError::Input(ref m)) if m.contains("no document given")));
    let unknown = cli::parse_args(&["--doc".to_string(), "x".to_string(), "--fast".to_string()]);
    assert!(matches!(unknown, Err(AuditError::Input(ref m)) if m.contains("--fast")));
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn command_line_audits_every_pairing_and_enforces_only_those_marked() {
    let dir = fixtures_dir();
    let dir_text = dir.display().to_string();
    let pairings = dir.join("docs-pairings.yaml").display().to_string();
    let options = cli::parse_args(&args(&["--docs", &dir_text, "--pairings", &pairings]))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let fails = cli::run(&options, &dir, &mut out).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8_lossy(&out);
    // The referenced document is covered partially: its gaps fail; the missing DELETE does not.
    assert!(fails, "{text}");
    assert!(text.contains("not covered by the spec yet"), "{text}");
    assert!(
        text.contains("Gaps not enforced yet: the spec is being completed"),
        "{text}"
    );
    assert!(text.contains("gaps (not enforced): 6 documented"), "{text}");
    assert_eq!(text.matches("\naudit ").count() + 1, 2, "{text}");

    // Only the pairing that is not enforced: reported, not failing.
    let inlined = dir
        .join("published-widgets-inlined.json")
        .display()
        .to_string();
    let mut options = cli::parse_args(&args(&["--docs", &dir_text, "--pairings", &pairings]))
        .unwrap_or_else(|e| panic!("{e}"));
    options.docs_dir = None;
    options.docs = vec![PathBuf::from(&inlined)];
    let mut out = Vec::new();
    let fails = cli::run(&options, &dir, &mut out).unwrap_or_else(|e| panic!("{e}"));
    // Asked for by name, a document is always enforced.
    assert!(fails, "{}", String::from_utf8_lossy(&out));
}

#[test]
fn command_line_finds_the_spec_and_partial_flag_in_the_pairings() {
    let dir = fixtures_dir();
    let pairings = dir.join("docs-pairings.yaml").display().to_string();
    let doc = dir
        .join("published-widgets-referenced.yaml")
        .display()
        .to_string();
    let options = cli::parse_args(&args(&["--doc", &doc, "--pairings", &pairings, "--json"]))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    cli::run(&options, &dir, &mut out).unwrap_or_else(|e| panic!("{e}"));
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["format"], "openapi");
    assert_eq!(json["spec"], "published-widgets-spec.yaml");
    assert_eq!(json["not_covered"][0], "DELETE /api/v2/widgets/{id}");

    let unpaired = dir.join("not-a-page.txt").display().to_string();
    let options = cli::parse_args(&args(&["--doc", &unpaired, "--pairings", &pairings]))
        .unwrap_or_else(|e| panic!("{e}"));
    let error = cli::run(&options, &dir, &mut Vec::new()).expect_err("no pairing");
    assert!(error.to_string().contains("use --spec"), "{error}");
}

#[test]
fn pairings_file_errors_name_the_file_and_the_entry() {
    let file = Path::new("docs.yaml");
    let cases = [
        ("doc: a.md\nspec: b.yaml\n", "expected a list"),
        ("- doc: a.md\n", "pairing 1: `spec` must be text"),
        (
            "- doc: a.md\n  spec: b.yaml\n  partal: yes\n",
            "unknown key `partal`",
        ),
        (
            "- doc: a.md\n  spec: b.yaml\n- doc: a.md\n  spec: c.yaml\n",
            "listed twice",
        ),
        (
            "- doc: a.md\n  spec: b.yaml\n  not-enforced: true\n",
            "a reason",
        ),
        ("- [", "docs.yaml:"),
    ];
    for (text, words) in cases {
        let error = pairings::Pairings::parse(text, file).expect_err(text);
        let message = error.to_string();
        assert!(message.contains(words), "{text}: {message}");
        assert!(message.starts_with("docs.yaml"), "{message}");
    }
}

#[test]
fn workspace_pairings_list_existing_specs_and_documents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let pairings = pairings::Pairings::load(&root.join(pairings::DEFAULT_FILE))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(pairings.entries.len() >= 8);
    for entry in &pairings.entries {
        assert!(root.join(&entry.spec).is_file(), "{}", entry.spec.display());
        if let Some(docs) = vendor_docs() {
            assert!(docs.join(&entry.doc).is_file(), "{}", entry.doc.display());
        }
    }
    let found = pairings.find(Path::new("../shared/docs/published/circleci-openapi.json"));
    assert_eq!(
        found.map(|p| p.spec.as_path()),
        Some(Path::new("specs/circleci.yaml"))
    );
    assert!(pairings.find(Path::new("other/openapi.json")).is_none());
}

/// The captured vendor pages, when present next to the workspace.
fn vendor_docs() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs");
    dir.is_dir().then_some(dir)
}

#[test]
fn captured_vendor_pages_parse_completely() {
    let Some(dir) = vendor_docs() else {
        eprintln!("../shared/docs is absent; skipping");
        return;
    };
    let expected = [
        ("datadog-ci-visibility-tests.md", PageFormat::Datadog, 3),
        (
            "datadog-synthetics-get-api-test-result.md",
            PageFormat::Datadog,
            1,
        ),
        ("circleci-api-v2.txt", PageFormat::Circleci, 50),
        ("checkly-list-test-sessions.txt", PageFormat::Mintlify, 1),
        ("empirical-list-test-runs.txt", PageFormat::Mintlify, 1),
    ];
    for (name, format, operations) in expected {
        let Ok(text) = std::fs::read_to_string(dir.join(name)) else {
            eprintln!("{name} is absent; skipping");
            continue;
        };
        let page = audit::parse_page(&text, name).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(page.format, format, "{name}");
        assert_eq!(page.operations.len(), operations, "{name}");
        assert!(page.notes.is_empty(), "{name}: {:?}", page.notes);
    }
}
