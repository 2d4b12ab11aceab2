//! The diff on hand-made pairs (one per change class) and on the vendors' real history.

use docs_audit::openapi::Document;
use spec_diff::{diff, Change, Class, Kind};

const BASE: &str = r##"
openapi: 3.0.3
info: {title: Widgets, version: "1"}
servers: [{url: "https://api.example.com/v1"}]
paths:
  /widgets/{widget-id}:
    get:
      operationId: getWidget
      summary: One widget.
      parameters:
        - {name: widget-id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, schema: {type: string, maxLength: 10}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Widget"}
  /widgets:
    post:
      operationId: createWidget
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                colour: {type: string}
      responses:
        "201": {description: created}
components:
  schemas:
    Widget:
      type: object
      required: [id, kind]
      properties:
        id: {type: string}
        kind: {type: string, enum: [small, large]}
        size: {type: integer}
        shape:
          oneOf:
            - {type: object, properties: {radius: {type: number}}}
            - {type: object, properties: {side: {type: number}}}
"##;

fn doc(text: &str) -> Document {
    Document::parse(text, "test.yaml").unwrap_or_else(|e| panic!("{e}"))
}

fn changes(new: &str) -> Vec<Change> {
    diff(&doc(BASE), &doc(new)).changes
}

/// The single change `new` makes to [`BASE`].
fn only(new: &str) -> Change {
    let all = changes(new);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_same_document_has_no_change() {
    assert!(changes(BASE).is_empty());
}

#[test]
fn an_added_operation_is_compatible_and_a_removed_one_breaks() {
    let added = BASE.replace(
        "  /widgets:\n",
        "  /widgets/{widget-id}/parts:\n    get:\n      operationId: listParts\n      responses: {\"200\": {description: ok}}\n  /widgets:\n",
    );
    let change = only(&added);
    assert_eq!(
        (change.class, change.kind),
        (Class::Compatible, Kind::OperationAdded)
    );
    assert_eq!(change.operation, "GET /widgets/{widget-id}/parts");
    let change = diff(&doc(&added), &doc(BASE)).changes.remove(0);
    assert_eq!(
        (change.class, change.kind),
        (Class::Breaking, Kind::OperationRemoved)
    );
}

#[test]
fn a_removed_response_field_breaks_and_an_added_optional_one_does_not() {
    let removed = only(&edit("        size: {type: integer}\n", ""));
    assert_eq!(
        (removed.class, removed.kind),
        (Class::Breaking, Kind::FieldRemoved)
    );
    assert_eq!(removed.schema.as_deref(), Some("Widget"));
    assert_eq!(removed.at, "size");
    let added = only(&edit(
        "        size: {type: integer}\n",
        "        size: {type: integer}\n        weight: {type: number}\n",
    ));
    assert_eq!(
        (added.class, added.kind),
        (Class::Compatible, Kind::FieldAdded)
    );
    assert_eq!(added.at, "weight");
}

#[test]
fn a_changed_type_breaks() {
    let change = only(&edit("size: {type: integer}", "size: {type: string}"));
    assert_eq!(
        (change.class, change.kind),
        (Class::Breaking, Kind::TypeChanged)
    );
    assert_eq!(
        (change.old.as_deref(), change.new.as_deref()),
        (Some("integer"), Some("string"))
    );
    let format = only(&edit(
        "id: {type: string}",
        "id: {type: string, format: uuid}",
    ));
    assert_eq!(
        (format.class, format.kind),
        (Class::Breaking, Kind::TypeChanged)
    );
}

#[test]
fn a_request_field_becoming_required_breaks_and_the_reverse_does_not() {
    let change = only(&edit("required: [name]", "required: [name, colour]"));
    assert_eq!(
        (change.class, change.kind),
        (Class::Breaking, Kind::RequiredChanged)
    );
    assert_eq!(change.operation, "POST /widgets");
    assert_eq!(change.at, "request colour");
    let relaxed = only(&edit("required: [name]", "required: []"));
    assert_eq!(
        (relaxed.class, relaxed.kind),
        (Class::Compatible, Kind::RequiredChanged)
    );
}

#[test]
fn a_new_required_request_field_or_parameter_breaks() {
    let field = only(&edit(
        "                colour: {type: string}\n",
        "                colour: {type: string}\n                owner: {type: string}\n",
    ));
    assert_eq!(
        (field.class, field.kind),
        (Class::Compatible, Kind::FieldAdded)
    );
    let required = changes(&edit(
        "required: [name]\n              properties:\n",
        "required: [name, owner]\n              properties:\n                owner: {type: string}\n",
    ));
    assert_eq!(required.len(), 1, "{required:#?}");
    assert_eq!(
        (required[0].class, required[0].kind),
        (Class::Breaking, Kind::FieldAdded)
    );
    let param = only(&edit(
        "        - {name: expand, in: query, schema: {type: string, maxLength: 10}}\n",
        "        - {name: expand, in: query, schema: {type: string, maxLength: 10}}\n        - {name: fields, in: query, required: true, schema: {type: string}}\n",
    ));
    assert_eq!(
        (param.class, param.kind),
        (Class::Breaking, Kind::ParameterAdded)
    );
}

#[test]
fn a_response_field_becoming_required_or_non_nullable_breaks() {
    let required = only(&edit("required: [id, kind]", "required: [id, kind, size]"));
    assert_eq!(
        (required.class, required.kind),
        (Class::Breaking, Kind::RequiredChanged)
    );
    let nullable = only(&edit(
        "kind: {type: string, enum: [small, large]}",
        "kind: {type: string, enum: [small, large], nullable: true}",
    ));
    assert_eq!(
        (nullable.class, nullable.kind),
        (Class::Breaking, Kind::NullableChanged)
    );
    // On an optional field, null and absent are the same `None`.
    let optional = only(&edit(
        "size: {type: integer}",
        "size: {type: integer, nullable: true}",
    ));
    assert_eq!(
        (optional.class, optional.kind),
        (Class::Compatible, Kind::NullableChanged)
    );
}

#[test]
fn enum_values_and_one_of_members_added_are_compatible_removed_break() {
    let added = only(&edit("enum: [small, large]", "enum: [small, large, huge]"));
    assert_eq!(
        (added.class, added.kind),
        (Class::Compatible, Kind::EnumValueAdded)
    );
    assert_eq!(added.new.as_deref(), Some("huge"));
    let removed = only(&edit("enum: [small, large]", "enum: [small]"));
    assert_eq!(
        (removed.class, removed.kind),
        (Class::Breaking, Kind::EnumValueRemoved)
    );
    let member = only(&edit(
        "            - {type: object, properties: {side: {type: number}}}\n",
        "            - {type: object, properties: {side: {type: number}}}\n            - {type: object, properties: {points: {type: integer}}}\n",
    ));
    assert_eq!(
        (member.class, member.kind),
        (Class::Compatible, Kind::VariantAdded)
    );
    let gone = only(&edit(
        "            - {type: object, properties: {side: {type: number}}}\n",
        "",
    ));
    assert_eq!(
        (gone.class, gone.kind),
        (Class::Breaking, Kind::VariantRemoved)
    );
}

#[test]
fn limits_tightened_on_a_request_break_loosened_do_not() {
    let tighter = only(&edit("maxLength: 10", "maxLength: 5"));
    assert_eq!(
        (tighter.class, tighter.kind),
        (Class::Breaking, Kind::LimitChanged)
    );
    let looser = only(&edit("maxLength: 10", "maxLength: 50"));
    assert_eq!(
        (looser.class, looser.kind),
        (Class::Compatible, Kind::LimitChanged)
    );
}

#[test]
fn descriptions_are_documentation_only() {
    let change = only(&edit("summary: One widget.", "summary: One widget, by id."));
    assert_eq!(
        (change.class, change.kind),
        (Class::Documentation, Kind::DescriptionChanged)
    );
    let field = only(&edit(
        "size: {type: integer}",
        "size: {type: integer, description: In mm.}",
    ));
    assert_eq!(field.class, Class::Documentation);
}

#[test]
fn renamed_path_parameters_and_moved_schemas_are_not_changes() {
    let renamed = BASE
        .replace("/widgets/{widget-id}:", "/widgets/{widget_id}:")
        .replace("name: widget-id,", "name: widget_id,");
    assert!(changes(&renamed).is_empty(), "{:#?}", changes(&renamed));
    // Widget inlined where it was referenced, and its `oneOf` member moved into a component.
    let widget = "
                type: object
                required: [kind, id]
                properties:
                  shape:
                    oneOf:
                      - {type: object, properties: {side: {type: number}}}
                      - {$ref: '#/components/schemas/Round'}
                  size: {type: integer}
                  kind: {type: string, enum: [large, small]}
                  id: {type: string}";
    let moved = BASE
        .replace(
            "              schema: {$ref: \"#/components/schemas/Widget\"}",
            &format!("              schema:{widget}"),
        )
        .replace(
            "components:\n  schemas:\n",
            "components:\n  schemas:\n    Round: {type: object, properties: {radius: {type: number}}}\n",
        );
    assert!(changes(&moved).is_empty(), "{:#?}", changes(&moved));
}

#[test]
fn json_and_3_1_documents_read_like_yaml_and_3_0() {
    let value = docs_audit::openapi::Document::parse(BASE, "b.yaml").unwrap();
    let json = serde_json::to_string(value.root()).unwrap();
    assert!(diff(&doc(BASE), &doc(&json)).is_empty());
    // 3.1 writes `nullable` as a type list.
    let old = edit(
        "size: {type: integer}",
        "size: {type: integer, nullable: true}",
    );
    let new = edit("size: {type: integer}", "size: {type: [integer, \"null\"]}")
        .replace("openapi: 3.0.3", "openapi: 3.1.0");
    assert!(diff(&doc(&old), &doc(&new)).is_empty());
}

mod history {
    use super::*;

    fn load(path: &str) -> Document {
        spec_diff::load(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{e}"))
    }

    const DOCS: &str = "../../shared/docs/published";

    fn added_ids(diff: &spec_diff::Diff) -> Vec<String> {
        diff.of(Class::Compatible)
            .filter(|c| c.kind == Kind::OperationAdded)
            .filter_map(|c| c.operation_id.clone())
            .collect()
    }

    #[test]
    fn circleci_2025_02_to_newest_lists_the_27_added_operations_and_no_renamed_parameter() {
        let old = load(&format!("{DOCS}/history/circleci-openapi-2025-02.json"));
        let new = load(&format!("{DOCS}/circleci-openapi.json"));
        let diff = diff(&old, &new);
        assert_eq!((diff.old_operations, diff.new_operations), (83, 110));
        let added = added_ids(&diff);
        assert_eq!(added.len(), 27, "{added:?}");
        for id in [
            "rollbackProject",
            "listComponents",
            "createTrigger",
            "deleteOrganization",
        ] {
            assert!(added.iter().any(|a| a == id), "{id} in {added:?}");
        }
        assert_eq!(diff.count(Kind::OperationRemoved), 0);
        // `{context-id}` became `{context_id}`: the parameter is the same one.
        let context_params: Vec<_> = diff
            .changes
            .iter()
            .filter(|c| c.at.starts_with("path context") && c.class != Class::Documentation)
            .filter(|c| c.kind != Kind::TypeChanged)
            .collect();
        assert!(context_params.is_empty(), "{context_params:#?}");
        assert!(!diff.changes.iter().any(|c| matches!(
            c.kind,
            Kind::ParameterAdded | Kind::ParameterRemoved
        ) && c.at.contains("context")));
        // What does break: CircleCI renamed `createProject` and removed a request field.
        assert!(diff
            .changes
            .iter()
            .any(|c| c.kind == Kind::OperationIdChanged
                && c.new.as_deref() == Some("createProject1")));
        assert!(diff
            .changes
            .iter()
            .any(|c| c.kind == Kind::FieldRemoved && c.at == "request project_id"));
        assert!(diff.breaks());
    }

    #[test]
    fn circleci_2022_04_dereferenced_against_newest_pairs_renamed_parameters() {
        let old = load(&format!("{DOCS}/history/circleci-openapi-2022-04.json"));
        let new = load(&format!("{DOCS}/circleci-openapi.json"));
        let diff = diff(&old, &new);
        assert_eq!(diff.count(Kind::OperationAdded), 58);
        assert_eq!(diff.count(Kind::OperationRemoved), 2);
        assert!(!diff.changes.iter().any(|c| matches!(
            c.kind,
            Kind::ParameterAdded | Kind::ParameterRemoved
        ) && c.at.starts_with("path ")));
    }

    #[test]
    fn checkly_2026_04_to_newest_lists_the_37_added_operations() {
        let old = load(&format!("{DOCS}/history/checkly-openapi-2026-04.json"));
        let new = load("../../shared/corpus/checkly-full.json");
        let diff = diff(&old, &new);
        assert_eq!((diff.old_operations, diff.new_operations), (157, 194));
        assert_eq!(added_ids(&diff).len(), 37);
        assert_eq!(diff.count(Kind::OperationRemoved), 0);
        assert!(!diff.changes.iter().any(|c| matches!(
            c.kind,
            Kind::ParameterAdded | Kind::ParameterRemoved
        ) && c.at.starts_with("path ")));
    }
}
