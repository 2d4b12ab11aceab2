//! The one OpenAPI walker, as both the audit's spec side and its document side use it.

use docs_audit::openapi::{Document, Recognised};

const WITH_ALTERNATIVES: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://example.com/api/v2"}]
security:
  - {key_header: [], bearer: []}
  - {basic: []}
  - {key_query: []}
components:
  securitySchemes:
    key_header: {type: apiKey, in: header, name: Circle-Token}
    bearer: {type: http, scheme: bearer}
    basic: {type: http, scheme: basic}
    key_query: {type: apiKey, in: query, name: circle-token}
    unused: {type: apiKey, in: header, name: X-Unused}
  parameters:
    Slug: {name: slug, in: path, schema: {type: string}}
paths:
  /thing/{slug}:
    parameters:
      - $ref: '#/components/parameters/Slug'
      - {name: shared, in: query, schema: {type: integer}}
    get:
      operationId: getThing
      parameters:
        - {name: shared, in: query, required: true, schema: {type: string}}
        - {in: query, schema: {type: string}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object}}}}
        4xx: {description: bad}
        x-extra: {}
  x-not-a-path: {}
"#;

fn document() -> Document {
    match docs_audit::openapi::recognise(WITH_ALTERNATIVES, "t.yaml") {
        Recognised::Document(document) => document,
        other => panic!("not read: {other:?}"),
    }
}

#[test]
fn auth_headers_are_those_of_the_first_security_alternative_only() {
    let doc = document();
    let mut headers = doc.auth_headers();
    headers.sort();
    assert_eq!(headers, ["Authorization", "Circle-Token"]);
}

#[test]
fn a_scheme_no_requirement_names_sends_nothing() {
    let text = WITH_ALTERNATIVES.replace(
        "security:\n  - {key_header: [], bearer: []}\n  - {basic: []}\n  - {key_query: []}\n",
        "",
    );
    let doc = Document::parse(&text, "t.yaml").unwrap();
    assert!(doc.auth_headers().is_empty());
}

#[test]
fn operations_params_and_responses_are_walked_once_for_every_reader() {
    let doc = document();
    let ops = doc.operations();
    assert_eq!(ops.len(), 1, "only `/...` keys hold operations");
    let op = &ops[0];
    assert_eq!(op.label(), "GET /thing/{slug} (getThing)");
    assert_eq!(op.keys, ["/thing/{}", "/api/v2/thing/{}"]);
    let params = doc.params(op);
    let names: Vec<_> = params.iter().map(|p| (p.name, p.required)).collect();
    // The operation's `shared` overrides the path item's; the `$ref`ed path parameter is
    // required although it does not say so.
    assert_eq!(names, [("shared", true), ("slug", true)]);
    assert_eq!(
        params[0]
            .schema
            .and_then(|s| s.get("type"))
            .and_then(|t| t.as_str()),
        Some("string")
    );
    assert_eq!(doc.unnamed_params(op), 1);
    let keys: Vec<_> = doc.responses(op).into_iter().map(|r| r.key).collect();
    assert_eq!(keys, ["200", "4XX"]);
}

#[test]
fn a_3_1_document_is_read_and_a_swagger_one_refused() {
    let text = WITH_ALTERNATIVES.replace("openapi: 3.0.3", "openapi: 3.1.0");
    assert_eq!(Document::parse(&text, "t.yaml").unwrap().version(), "3.1.0");
    let error = Document::parse("swagger: \"2.0\"\npaths: {}\n", "s.yaml").unwrap_err();
    assert!(error.contains("Swagger"), "{error}");
}
