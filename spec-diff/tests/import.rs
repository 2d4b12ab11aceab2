//! The import into a hand-written spec: exactly what the document adds is inserted, every byte
//! already written stays, contradictions are listed and not rewritten, and the result loads.

use std::path::Path;

use docs_audit::openapi::Document;
use openapiv3::{ReferenceOr, SchemaKind, Type};
use spec_diff::import::{plan, Import};

/// Our spec: comments, flow and block lists, an enum with `x-enum-varnames`, a raw-slashes
/// parameter component.
const SPEC: &str = r##"# Widgets API, written by hand.
openapi: 3.0.3
info:
  title: Widgets
  version: "1"
servers:
  - url: https://api.example.com/v1
tags:
  - name: Widgets
    description: Widgets and their parts.
paths:
  /widgets/{widget-id}:
    get:
      operationId: get_widget
      tags: [Widgets]
      summary: Get a widget.
      description: Returns one widget.
      parameters:
        - $ref: "#/components/parameters/WidgetId"
      responses:
        "200":
          description: The widget.
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Widget"
    # Deleting is not documented yet.
components:
  parameters:
    WidgetId:
      name: widget-id
      in: path
      required: true
      description: Path of the widget, slashes included.
      x-raw-slashes: true
      schema:
        type: string
  schemas:
    Widget:
      type: object
      description: A widget.
      required: [id]
      properties:
        id:
          type: string
          description: Unique ID of the widget.
        # The size the server reports, in millimetres.
        size:
          type: integer
          description: Size of the widget.
          x-doc-deviation: the document says number; the server sends whole millimetres
        colour:
          $ref: "#/components/schemas/Colour"
        sort:
          type: string
          description: Order of the parts.
          enum:
            - timestamp
            - -timestamp
      # End of Widget.
    Colour:
      type: string
      description: Colour of a widget.
      enum: [red, green]
      x-enum-varnames: [Red, Green]
"##;

/// The vendor's newer document: an operation, a required field, enum values in a flow list and
/// a block list, and a type our spec contradicts.
const DOC: &str = r##"{
  "openapi": "3.1.0",
  "info": {"title": "Widgets", "version": "2"},
  "servers": [{"url": "https://api.example.com/v1"}],
  "paths": {
    "/widgets/{id}": {
      "get": {
        "operationId": "getWidget",
        "tags": ["Widgets"],
        "description": "The vendor's own long prose about fetching a widget.",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/widget"}}}}}
      }
    },
    "/widgets/{id}/parts": {
      "get": {
        "operationId": "listWidgetParts",
        "tags": ["Parts"],
        "summary": "The vendor's words about listing parts.",
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
          {"name": "limit", "in": "query", "description": "Vendor prose.", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}
        ],
        "responses": {
          "200": {"description": "Vendor prose.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/part_list"}}}},
          "404": {"description": "Vendor prose.", "content": {"application/json": {"schema": {"type": "object", "properties": {"message": {"type": "string"}}}}}}
        }
      }
    }
  },
  "components": {
    "schemas": {
      "widget": {
        "type": "object",
        "description": "The vendor's description of a widget.",
        "required": ["id", "name"],
        "properties": {
          "id": {"type": "string"},
          "name": {"type": "string", "description": "Vendor prose about names."},
          "size": {"type": "number"},
          "colour": {"type": "string", "enum": ["red", "green", "ultra-violet"]},
          "sort": {"type": "string", "enum": ["timestamp", "-timestamp", "name"]}
        }
      },
      "part_list": {
        "type": "object",
        "required": ["items"],
        "properties": {
          "items": {"type": "array", "items": {"$ref": "#/components/schemas/part"}},
          "next": {"type": ["string", "null"]}
        }
      },
      "part": {
        "type": "object",
        "properties": {"serial": {"type": "string", "format": "uuid"}, "kind": {"enum": ["bolt", "nut"]}}
      }
    }
  }
}"##;

fn document(text: &str) -> Document {
    Document::parse(text, "widgets.json").unwrap_or_else(|e| panic!("{e}"))
}

fn import(spec: &str) -> Import {
    plan(spec, "widgets.yaml", &document(DOC), "widgets.json").unwrap_or_else(|e| panic!("{e}"))
}

/// Checks that `after` is `before` with text inserted only: whole lines, or text inside a line.
/// Returns the inserted lines and the lines that gained text (as they are after).
fn insertions(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let mut old = before.lines().peekable();
    let (mut added, mut grown) = (Vec::new(), Vec::new());
    for line in after.lines() {
        match old.peek() {
            Some(&o) if o == line => {
                old.next();
            }
            Some(&o) if is_grown(o, line) => {
                old.next();
                grown.push(line.to_string());
            }
            _ => added.push(line.to_string()),
        }
    }
    let left: Vec<&str> = old.collect();
    assert!(
        left.is_empty(),
        "lines of the spec lost or changed: {left:#?}"
    );
    (added, grown)
}

/// `after` is `before` with one run of text inserted.
fn is_grown(before: &str, after: &str) -> bool {
    let common = before
        .bytes()
        .zip(after.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    after.len() > before.len()
        && after.ends_with(&before[common..])
        && after.starts_with(&before[..common])
}

#[test]
fn exactly_the_missing_operation_field_and_enum_values_are_added_and_the_rest_is_byte_identical() {
    let import = import(SPEC);
    assert_eq!(
        import.added,
        [
            "tag Parts",
            "operation GET /widgets/{widget-id}/parts (list_widget_parts)",
            "field GET /widgets/{id} (getWidget): 200 name (required)",
            "enum value GET /widgets/{id} (getWidget): 200 colour: ultra-violet",
            "enum value GET /widgets/{id} (getWidget): 200 sort: name",
            "component PartList",
            "component Part",
        ],
        "{import:#?}"
    );
    let after = import.apply(SPEC);
    let (added, grown) = insertions(SPEC, &after);
    assert_eq!(
        grown,
        [
            "      required: [id, name]",
            "      enum: [red, green, ultra-violet]",
            "      x-enum-varnames: [Red, Green, UltraViolet]",
        ]
    );
    let added = added.join("\n");
    for expected in [
        "    # Imported from widgets.json.\n    get:\n      operationId: list_widget_parts\n      tags: [Parts]\n      summary: List widget parts.",
        "      parameters:\n        - $ref: \"#/components/parameters/WidgetId\"\n        - name: limit\n          in: query\n          required: false",
        "          schema:\n            type: integer\n            minimum: 1\n            maximum: 50",
        "                $ref: \"#/components/schemas/PartList\"",
        "        name:\n          type: string\n          description: The `name` of the widget.",
        "            - name",
        "    PartList:\n      type: object\n      description: A part list.\n      required: [items]",
        "        next:\n          type: string\n          description: The `next` of the part list.\n          nullable: true",
        "        kind:\n          type: string\n          description: The `kind` of the part.\n          enum: [bolt, nut]",
        "  - name: Parts\n    description: Operations on parts.",
    ] {
        assert!(added.contains(expected), "missing\n{expected}\nin\n{added}");
    }
    // The vendor's prose is not copied.
    assert!(
        !after.contains("Vendor prose") && !after.contains("vendor's"),
        "{after}"
    );
    // Comments stay where they were, the new operation goes under the existing path item.
    assert!(after.contains("    # Deleting is not documented yet.\n"));
    assert!(after.contains("      # End of Widget.\n    Colour:"));
}

#[test]
fn contradictions_are_listed_and_not_rewritten_and_intended_ones_apart() {
    let import = import(SPEC);
    assert!(
        import.contradictions.is_empty(),
        "{:#?}",
        import.contradictions
    );
    assert_eq!(
        import.intended,
        ["GET /widgets/{id} (getWidget): 200 size: type changed (integer -> number): the document says number; the server sends whole millimetres"]
    );
    // Without the deviation, the type is a contradiction; the spec keeps its own.
    let plain = SPEC.replace(
        "          x-doc-deviation: the document says number; the server sends whole millimetres\n",
        "",
    );
    let import = self::import(&plain);
    assert_eq!(
        import.contradictions,
        ["GET /widgets/{id} (getWidget): 200 size: type changed (integer -> number)"]
    );
    assert!(import
        .apply(&plain)
        .contains("        size:\n          type: integer\n"));
}

#[test]
fn the_result_loads_and_has_the_operation_the_field_and_the_values() {
    let after = import(SPEC).apply(SPEC);
    let spec = spec_model::parse(Path::new("widgets.yaml"), &after)
        .unwrap_or_else(|e| panic!("{e}\n{after}"));
    let ids: Vec<String> = spec_model::operations(&spec.openapi)
        .iter()
        .filter_map(|op| op.op.operation_id.clone())
        .collect();
    assert!(ids.contains(&"list_widget_parts".to_string()), "{ids:?}");
    let schemas = &spec.openapi.components.as_ref().unwrap().schemas;
    let object = |name: &str| match schemas.get(name) {
        Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object.clone(),
            other => panic!("{name}: {other:?}"),
        },
        other => panic!("{name}: {other:?}"),
    };
    let widget = object("Widget");
    assert!(widget.properties.contains_key("name"));
    assert_eq!(widget.required, ["id", "name"]);
    assert!(object("PartList").properties.contains_key("items"));
    let Some(ReferenceOr::Item(colour)) = schemas.get("Colour") else {
        panic!("no Colour");
    };
    match &colour.schema_kind {
        SchemaKind::Type(Type::String(s)) => assert_eq!(
            s.enumeration,
            [
                Some("red".into()),
                Some("green".into()),
                Some("ultra-violet".into())
            ]
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        spec_model::extensions::enum_varnames(&colour.schema_data.extensions),
        ["Red", "Green", "UltraViolet"]
    );
}

#[test]
fn importing_again_adds_nothing() {
    let after = import(SPEC).apply(SPEC);
    let again = import(&after);
    assert!(again.added.is_empty(), "{:#?}", again.added);
    assert!(again.insertions.is_empty());
}

#[test]
fn the_command_prints_without_writing_and_writes_with_write() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("widgets.yaml");
    let doc = dir.path().join("widgets.json");
    std::fs::write(&spec, SPEC).unwrap();
    std::fs::write(&doc, DOC).unwrap();
    let args = |extra: &[&str]| -> Vec<String> {
        let mut args = vec![
            doc.display().to_string(),
            "--spec".into(),
            spec.display().to_string(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let (text, done) = spec_diff::cli::run_import(&args(&[])).unwrap();
    assert!(!done);
    assert!(text.contains("7 addition(s) to write"), "{text}");
    assert!(text.contains("+     PartList:"), "{text}");
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), SPEC);
    let (text, _) = spec_diff::cli::run_import(&args(&["--write"])).unwrap();
    assert!(text.contains("7 addition(s) written"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&spec).unwrap(),
        import(SPEC).apply(SPEC)
    );
    let (text, done) = spec_diff::cli::run_import(&args(&[])).unwrap();
    assert!(text.contains("0 addition(s)"), "{text}");
    assert!(done, "{text}");
}

/// CircleCI's February 2025 document, as YAML, given what the newest has.
#[test]
fn circleci_2025_02_gets_the_27_operations_of_the_newest_document() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/docs/published");
    let old = std::fs::read_to_string(docs.join("history/circleci-openapi-2025-02.json")).unwrap();
    let old: serde_json::Value = serde_json::from_str(&old).unwrap();
    let spec = serde_yaml::to_string(&old).unwrap();
    let newest = spec_diff::load(&docs.join("circleci-openapi.json")).unwrap();
    let import = plan(
        &spec,
        "circleci-2025-02.yaml",
        &newest,
        "circleci-openapi.json",
    )
    .unwrap();
    let operations = import
        .added
        .iter()
        .filter(|a| a.starts_with("operation "))
        .count();
    assert_eq!(operations, 27, "{:#?}", import.added);
    assert!(import.manual.is_empty(), "{:#?}", import.manual);
    let after = import.apply(&spec);
    insertions(&spec, &after);
    let loaded =
        spec_model::parse(Path::new("circleci.yaml"), &after).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec_model::operations(&loaded.openapi).len(), 110);
    let again = plan(
        &after,
        "circleci-2025-02.yaml",
        &newest,
        "circleci-openapi.json",
    )
    .unwrap();
    assert!(again.added.is_empty(), "{:#?}", again.added);
}

#[test]
fn a_header_the_spec_sends_as_authentication_is_not_imported_as_a_parameter() {
    let spec = SPEC
        .replace(
            "tags:\n  - name: Widgets",
            "security:\n  - account: []\ntags:\n  - name: Widgets",
        )
        .replace(
            "components:\n  parameters:",
            "components:\n  securitySchemes:\n    account:\n      type: apiKey\n      in: header\n      name: X-Account\n  parameters:",
        );
    let doc = DOC.replace(
        r#"{"name": "limit", "in": "query""#,
        r#"{"name": "x-account", "in": "header", "schema": {"type": "string"}},
          {"name": "limit", "in": "query""#,
    );
    let import = plan(&spec, "widgets.yaml", &document(&doc), "widgets.json").unwrap();
    let after = import.apply(&spec);
    assert!(after.contains("        - name: limit\n"), "{after}");
    assert!(!after.contains("x-account"), "{after}");
}
