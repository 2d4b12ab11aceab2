//! The generator: feature snapshots of small fixture specs, clear errors for bad specs (with
//! nothing written), determinism and freshness of the committed crates.

use std::path::{Path, PathBuf};

use spec_model as spec;
use xtask::codegen::{self, Options};

fn root() -> PathBuf {
    codegen::workspace_root()
}

fn feature(name: &str) -> PathBuf {
    root()
        .join("xtask/tests/fixtures/features")
        .join(format!("{name}.yaml"))
}

/// The named files of a fixture's generated crate, concatenated for a snapshot.
fn generated(name: &str, files: &[&str]) -> String {
    let (_, crate_files) = codegen::generate_file(&feature(name)).unwrap_or_else(|e| panic!("{e}"));
    files
        .iter()
        .map(|f| {
            let content = crate_files
                .get(Path::new(f))
                .unwrap_or_else(|| panic!("no {f}"));
            format!("==> {f} <==\n{content}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

macro_rules! feature_snapshot {
    ($test:ident, $fixture:literal, [$($file:literal),*]) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(generated($fixture, &[$($file),*]));
        }
    };
}

feature_snapshot!(
    lowering_default_response,
    "lowering-default-response",
    ["src/builder.rs"]
);
feature_snapshot!(
    lowering_200_and_201,
    "lowering-200-and-201",
    ["src/types.rs", "src/builder.rs"]
);
feature_snapshot!(
    lowering_200_and_204,
    "lowering-200-and-204",
    ["src/builder.rs"]
);
feature_snapshot!(
    lowering_error_schemas,
    "lowering-error-schemas",
    ["src/types.rs", "src/builder.rs"]
);
feature_snapshot!(auth, "auth", ["src/auth.rs", "src/client.rs"]);
feature_snapshot!(servers, "servers", ["src/server.rs"]);
feature_snapshot!(pagination, "pagination", ["src/builder.rs"]);
feature_snapshot!(enums, "enums", ["src/types.rs"]);
feature_snapshot!(limits, "limits", ["src/builder.rs"]);
feature_snapshot!(long_poll, "long-poll", ["src/builder.rs"]);
feature_snapshot!(aliases, "aliases", ["src/types.rs"]);
feature_snapshot!(mock, "mock", ["src/mock.rs", "Cargo.toml", "README.md"]);

/// Parses spec text as if it were `specs/bad.yaml` and returns the error message.
fn error_of(text: &str) -> String {
    match spec::parse(Path::new("specs/bad.yaml"), text) {
        Ok(spec) => match codegen::generate(&spec) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        },
        Err(e) => e.to_string(),
    }
}

const GOOD_HEAD: &str = "openapi: 3.0.3
info:
  title: Bad
  version: \"1\"
servers:
  - url: https://api.example.com
";

#[test]
fn malformed_yaml_names_file_line_and_column() {
    let text = format!("{GOOD_HEAD}paths:\n  /x:\n    get: [unclosed\n");
    let message = error_of(&text);
    assert!(message.starts_with("specs/bad.yaml:10:1: "), "{message}");
    assert!(message.contains("invalid YAML"), "{message}");
}

#[test]
fn wrong_structure_names_the_place() {
    let text = format!("{GOOD_HEAD}paths:\n  /x:\n    get:\n      responses: 5\n");
    assert_eq!(
        error_of(&text),
        "specs/bad.yaml:10: not a valid OpenAPI 3.0 document at paths./x.get.responses: \
         invalid type: integer `5`, expected struct Responses"
    );
}

/// Parses and generates spec text as if it were `specs/ok.yaml`; the loaded spec.
fn loaded_and_generated(text: &str) -> spec::Spec {
    let spec = spec::parse(Path::new("specs/ok.yaml"), text).unwrap();
    if let Err(e) = codegen::generate(&spec) {
        panic!("{e}");
    }
    spec
}

#[test]
fn a_dangling_ref_is_any_value_with_a_warning_naming_it_and_its_line() {
    let text = format!(
        "{GOOD_HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: \"#/components/schemas/Nope\"\n"
    );
    let spec = loaded_and_generated(&text);
    let warnings: Vec<_> = spec
        .warnings
        .iter()
        .map(|w| (w.kind, w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [(
            "unresolved $ref",
            Some(16),
            "`$ref: #/components/schemas/Nope` points at nothing; it is read as any JSON value"
        )]
    );
}

#[test]
fn operations_without_usable_ids_are_named_from_method_and_path_or_made_unique() {
    let text = format!(
        "{GOOD_HEAD}paths:\n  /x/{{id}}:\n    get:\n      responses:\n        \"204\":\n          description: ok\n  /y:\n    get:\n      operationId: getY\n      responses:\n        \"204\":\n          description: ok\n    put:\n      operationId: get-y\n      responses:\n        \"204\":\n          description: ok\n    post:\n      operationId: type\n      responses:\n        \"204\":\n          description: ok\n"
    );
    let spec = loaded_and_generated(&text);
    let ids: Vec<String> = spec::operations(&spec.openapi)
        .iter()
        .map(|o| o.id().to_string())
        .collect();
    assert_eq!(ids, ["get_x_id", "get_y", "get_y_2", "type_op"]);
}

#[test]
fn malformed_extensions_are_rejected_with_the_reason() {
    let op = |ext: &str| {
        format!(
            "{GOOD_HEAD}paths:\n  /x:\n    get:\n      operationId: list_x\n{ext}      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  items:\n                    type: array\n                    items:\n                      type: string\n"
        )
    };
    let message = error_of(&op("      x-retry-safe: sometimes\n"));
    assert_eq!(
        message,
        "specs/bad.yaml:11: `x-retry-safe` of operation `list_x` must be true or false"
    );
    let message = error_of(&op("      x-pagination:\n        items: items\n        cursor-param: cursor\n        next-cursor: next\n"));
    assert_eq!(
        message,
        "specs/bad.yaml:11: `x-pagination` of operation `list_x`: `items: items` must be an array whose items are a `$ref` to a named schema"
    );
    let message = error_of(&op(
        "      x-pagination:\n        items: nothing\n        page-param: page\n",
    ));
    assert!(
        message.contains("`nothing`: no property `nothing` (known: items)"),
        "{message}"
    );
    let message = error_of(&op("      x-pagination:\n        itemz: items\n"));
    assert!(message.contains("unknown key `itemz`"), "{message}");
    let varnames = format!(
        "{GOOD_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Sort:\n      type: string\n      enum: [a, b]\n      x-enum-varnames: [A]\n"
    );
    let twice = varnames.replace("x-enum-varnames: [A]", "x-enum-varnames: [A, A]");
    assert!(error_of(&twice).contains("one distinct PascalCase (or UPPER_SNAKE) name"));
    assert_eq!(
        error_of(&varnames),
        "specs/bad.yaml:10: `x-enum-varnames` at components.schemas.Sort must list one distinct \
         PascalCase (or UPPER_SNAKE) name (not `Unknown`) for each of the 2 `enum` values"
    );
    let auth = format!(
        "{GOOD_HEAD}security:\n  - key: []\ncomponents:\n  securitySchemes:\n    key:\n      type: apiKey\n      in: header\n      name: X-Key\n      x-env: lower\npaths: {{}}\n"
    );
    assert_eq!(
        error_of(&auth),
        "specs/bad.yaml:11: security scheme `key`: `x-env` must be an environment variable name \
         in UPPER_SNAKE_CASE, found \"lower\""
    );
    // Without `x-env`, the variable is named after the file and the scheme.
    let derived = spec::parse(
        Path::new("specs/ok.yaml"),
        &auth.replace("      x-env: lower\n", ""),
    )
    .unwrap();
    assert_eq!(derived.extensions.auth[0].env, "OK_KEY");
}

#[test]
fn malformed_long_poll_and_aliases_are_rejected_with_the_reason() {
    let poll = |ext: &str| {
        format!(
            "{GOOD_HEAD}paths:\n  /x:\n    get:\n      operationId: await_x\n{ext}      responses:\n        \"200\":\n          description: ok\n        \"408\":\n          description: pending\n"
        )
    };
    assert_eq!(
        error_of(&poll("      x-long-poll:\n        pending-status: 425\n")),
        "specs/bad.yaml:11: `x-long-poll` of operation `await_x`: `pending-status: 425` is not a \
         documented response of the operation"
    );
    assert!(error_of(&poll("      x-long-poll: 408\n")).contains("must be a mapping"));
    assert!(error_of(&poll("      x-long-poll:\n        status: 408\n"))
        .contains("unknown key `status`"));
    let post = poll("      x-long-poll:\n        pending-status: 408\n").replace("get:", "post:");
    assert!(error_of(&post).contains("only a `get` operation may be asked again"));

    let schema = |property: &str| {
        format!(
            "{GOOD_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Key:\n      type: object\n      properties:\n        public_key:\n          type: string\n{property}        other:\n          type: string\n"
        )
    };
    assert_eq!(
        error_of(&schema("          x-aliases: public-key\n")),
        "specs/bad.yaml:15: `x-aliases` of `Key.public_key` must be a non-empty list of non-empty \
         names"
    );
    assert!(error_of(&schema("          x-aliases: [other]\n"))
        .contains("`other` is already a property of `Key`"));
    let beside_ref = format!(
        "{GOOD_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Key:\n      type: object\n      properties:\n        owner:\n          $ref: '#/components/schemas/Owner'\n          x-aliases: [Owner]\n    Owner:\n      type: string\n"
    );
    assert!(
        error_of(&beside_ref).contains("sits beside a `$ref`, where it is dropped"),
        "{}",
        error_of(&beside_ref)
    );
    let inline = format!(
        "{GOOD_HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n                  a:\n                    type: string\n                    x-aliases: [b]\n"
    );
    assert!(
        error_of(&inline).contains("is only read on a property of a component schema"),
        "{}",
        error_of(&inline)
    );
}

#[test]
fn names_that_cannot_become_rust_identifiers_are_rejected_or_adjusted() {
    let scheme = |extra: &str, key: &str| {
        format!(
            "{GOOD_HEAD}security:\n  - {key}: []\ncomponents:\n  securitySchemes:\n    {key}:\n      type: apiKey\n      in: header\n      name: X-Key\n      x-env: KEY\n{extra}paths: {{}}\n"
        )
    };
    assert!(error_of(&scheme("      x-name: type\n", "key")).contains("not a Rust keyword"));
    // A key that starts with a digit still makes a valid field name.
    let spec = spec::parse(Path::new("specs/ok.yaml"), &scheme("", "1password")).unwrap();
    assert!(codegen::generate(&spec).is_ok());
}

#[test]
fn a_schema_that_includes_itself_ends_a_pagination_path() {
    let text = format!(
        "{GOOD_HEAD}paths:\n  /x:\n    get:\n      operationId: list_x\n      parameters:\n        - name: cursor\n          in: query\n          schema:\n            type: string\n      x-pagination:\n        items: missing\n        cursor-param: cursor\n        next-cursor: next\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Loop'\ncomponents:\n  schemas:\n    Loop:\n      allOf:\n        - $ref: '#/components/schemas/Loop'\n"
    );
    assert!(
        error_of(&text).contains("no property `missing`"),
        "{}",
        error_of(&text)
    );
}

#[test]
fn enum_varnames_on_an_enum_that_stays_closed_are_not_used() {
    let text = format!(
        "{GOOD_HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Shape:\n      oneOf:\n        - $ref: '#/components/schemas/Circle'\n    Circle:\n      type: object\n      properties:\n        kind:\n          $ref: '#/components/schemas/Kind'\n    Kind:\n      type: string\n      enum: [circle]\n      x-enum-varnames: [Round]\n"
    );
    // Documents of other tools use the extension too: the enum keeps names from its values
    // (a warning says so) instead of failing the document.
    let spec = spec::parse(Path::new("specs/ok.yaml"), &text).unwrap();
    let files = codegen::generate(&spec).unwrap();
    let types = &files[Path::new("src/types.rs")];
    assert!(types.contains("Circle,"), "{types}");
    assert!(!types.contains("Round"), "{types}");
}

#[test]
fn query_styles_the_client_does_not_encode_are_sent_as_written() {
    let param = |extra: &str| {
        format!(
            "{GOOD_HEAD}paths:\n  /x:\n    get:\n      operationId: get_x\n      parameters:\n        - name: ids\n          in: query\n{extra}          schema:\n            type: array\n            items:\n              type: string\n      responses:\n        \"204\":\n          description: ok\n"
        )
    };
    let builder = |extra: &str| {
        let spec = spec::parse(Path::new("specs/ok.yaml"), &param(extra)).unwrap();
        codegen::generate(&spec).unwrap()[Path::new("src/builder.rs")].clone()
    };
    // A comma-separated list, a deep object: the setter takes the text as the API wants it.
    let comma = builder("          explode: false\n");
    assert!(comma.contains("TryInto<::std::string::String>"), "{comma}");
    let deep = builder("          style: deepObject\n");
    assert!(deep.contains("TryInto<::std::string::String>"), "{deep}");
    // The default style keeps the list, sent as repeated keys.
    let repeated = builder("");
    assert!(
        repeated.contains("TryInto<::std::vec::Vec<::std::string::String>>"),
        "{repeated}"
    );
}

#[test]
fn a_bad_spec_leaves_the_tree_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::copy(feature("auth"), specs.join("good.yaml")).unwrap();
    std::fs::write(specs.join("worse.yaml"), "openapi: [").unwrap();
    let err = codegen::run(dir.path(), &Options::default()).unwrap_err();
    assert!(
        err.starts_with("specs/worse.yaml:2:1: invalid YAML"),
        "{err}"
    );
    assert!(
        !dir.path().join("generated").exists(),
        "nothing was written"
    );

    // With the bad spec gone, a run writes the crate, a second run changes nothing, and a
    // removed spec's crate is removed.
    std::fs::remove_file(specs.join("worse.yaml")).unwrap();
    let (lines, _) = codegen::run(dir.path(), &Options::default()).unwrap();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l.starts_with("created")),
        "{lines:?}"
    );
    let (lines, _) = codegen::run(dir.path(), &Options::default()).unwrap();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l.starts_with("unchanged")),
        "{lines:?}"
    );
    let check = Options {
        check: true,
        ..Options::default()
    };
    assert!(codegen::run(dir.path(), &check).unwrap().1);

    std::fs::write(dir.path().join("generated/good/src/extra.rs"), "// stray").unwrap();
    let lib = dir.path().join("generated/good/src/lib.rs");
    std::fs::write(&lib, "// edited by hand").unwrap();
    let diff = Options {
        check: true,
        diff: true,
        spec: None,
    };
    let (lines, clean) = codegen::run(dir.path(), &diff).unwrap();
    assert!(!clean);
    assert!(
        lines.contains(&"orphaned  generated/good/src/extra.rs".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.contains(&"stale     generated/good/src/lib.rs".to_string()),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("-// edited by hand")),
        "{lines:?}"
    );
    assert_eq!(
        lines.last().unwrap(),
        "generated/ is out of date with specs/: run `cargo xtask codegen`"
    );
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "// edited by hand",
        "check writes nothing"
    );

    std::fs::remove_file(specs.join("good.yaml")).unwrap();
    let (lines, _) = codegen::run(dir.path(), &Options::default()).unwrap();
    assert!(
        !lines.is_empty() && lines.iter().all(|l| l.starts_with("removed")),
        "{lines:?}"
    );
    assert!(!dir.path().join("generated/good").exists());
}

#[test]
fn output_is_deterministic() {
    let first = codegen::generate_file(&feature("pagination")).unwrap().1;
    let second = codegen::generate_file(&feature("pagination")).unwrap().1;
    assert_eq!(first, second);
}

#[test]
fn every_generated_file_says_it_is_generated() {
    let (_, files) = codegen::generate_file(&feature("enums")).unwrap();
    for (path, content) in files {
        let first = content.lines().next().unwrap();
        assert!(
            first.contains(
                "@generated by `cargo xtask codegen` from specs/enums.yaml; do not edit by hand."
            ),
            "{}: {first}",
            path.display()
        );
    }
}

#[test]
fn committed_generated_crates_are_fresh() {
    let check = Options {
        check: true,
        diff: true,
        spec: None,
    };
    let (lines, clean) = codegen::run(&root(), &check).unwrap();
    assert!(clean, "{}", lines.join("\n"));
}
