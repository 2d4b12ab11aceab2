//! Exports: CTRF validated against CTRF's own JSON schema and read back without loss; JUnit XML
//! parsed back and checked against the elements and attributes of the common JUnit XSD.

mod support;

use std::collections::HashMap;
use std::sync::Arc;

use futures::TryStreamExt;
use quick_xml::events::Event;
use testops_results::adapters::checkly::Checkly;
use testops_results::adapters::circleci::CircleCi;
use testops_results::adapters::datadog::Datadog;
use testops_results::export::ctrf::{self, CtrfWriter};
use testops_results::export::junit::JunitWriter;
use testops_results::{Query, Run, Status, TestResult, Vendor, Window};

/// Every result of the scenario: CircleCI, Datadog and Checkly.
async fn scenario() -> Vec<TestResult> {
    let query = Query {
        window: Window {
            since: Some(support::at(support::SINCE)),
            until: Some(support::at(support::UNTIL)),
        },
        branch: Some("main".into()),
        ..Query::default()
    };
    let circleci = testops_circleci::mock::MockServer::start().await;
    support::circleci::mount(&circleci);
    let datadog = testops_datadog::mock::MockServer::start().await;
    let dd = Datadog::new(datadog.client(), support::DD_QUERY);
    support::datadog::mount(
        &datadog,
        &dd.search(&query),
        support::datadog::events(),
        1000,
    );
    let checkly = testops_checkly::mock::MockServer::start().await;
    support::checkly::mount(&checkly);

    let mut results: Vec<TestResult> = CircleCi::new(circleci.client(), support::SLUG)
        .results(&query)
        .try_collect()
        .await
        .unwrap();
    results.extend(dd.results(&query).try_collect::<Vec<_>>().await.unwrap());
    results.extend(
        Checkly::new(checkly.client())
            .results(&query)
            .try_collect::<Vec<_>>()
            .await
            .unwrap(),
    );
    results.push(awkward());
    results
}

/// A result with characters XML and JSON must escape, no duration, and every status field set.
fn awkward() -> TestResult {
    let mut run = Run::new(Vendor::Circleci, "p-1");
    run.job = Some("build & <test>".into());
    let mut result = TestResult::new(
        "quotes \"and\" <tags> & ümlauts",
        Status::Other,
        Arc::new(run),
    );
    result.raw_status = "canceled".into();
    result.trace = Some("line 1\nline 2 ]]> end".into());
    result
}

fn ctrf_document(results: &[TestResult]) -> serde_json::Value {
    let now = support::at("2024-05-08T00:00:00Z");
    let mut writer = CtrfWriter::new(Vec::new(), now, ("testops", "0.1.0")).unwrap();
    for result in results {
        writer.write(result).unwrap();
    }
    let bytes = writer.finish().unwrap();
    serde_json::from_slice(&bytes).expect("the CTRF output is JSON")
}

fn schema() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/ctrf-schema-0.0.json"
    );
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn schema_errors(document: &serde_json::Value) -> Vec<String> {
    schema()
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[tokio::test]
async fn ctrf_export_validates_and_reads_back_without_loss() {
    let results = scenario().await;
    let document = ctrf_document(&results);

    assert_eq!(schema_errors(&document), Vec::<String>::new());
    let summary = &document["results"]["summary"];
    assert_eq!(summary["tests"], results.len());
    let failed = results
        .iter()
        .filter(|r| r.status == Status::Failed)
        .count();
    assert_eq!(summary["failed"], failed);
    assert_eq!(summary["flaky"], 2);
    assert!(summary["start"].as_i64() <= summary["stop"].as_i64());

    let read = ctrf::read(serde_json::to_vec(&document).unwrap().as_slice()).unwrap();
    assert_eq!(read, results);
}

#[test]
fn ctrf_schema_rejects_what_it_should() {
    // The validator does check: a document missing its summary, or with an unknown status,
    // fails.
    let mut document = ctrf_document(&[awkward()]);
    assert!(schema_errors(&document).is_empty());
    document["results"]["tests"][0]["status"] = "broken".into();
    assert!(!schema_errors(&document).is_empty());
    let mut document = ctrf_document(&[]);
    assert!(schema_errors(&document).is_empty());
    document["results"]
        .as_object_mut()
        .unwrap()
        .remove("summary");
    assert!(!schema_errors(&document).is_empty());
}

/// One element of the parsed document.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: HashMap<String, String>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.children.iter().filter(move |c| c.name == name)
    }
}

fn element(start: &quick_xml::events::BytesStart<'_>) -> Element {
    Element {
        name: AsRef::<str>::as_ref(&start.name()).to_string(),
        attributes: start
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Explicit1_0)
                    .unwrap();
                (AsRef::<str>::as_ref(&a.key).to_string(), value.into_owned())
            })
            .collect(),
        ..Element::default()
    }
}

/// Parses the document into a tree (the root's one child is the document element).
fn parse(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(start) => stack.push(element(&start)),
            Event::Empty(start) => stack.last_mut().unwrap().children.push(element(&start)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(text) => {
                let text = text.xml_content(quick_xml::XmlVersion::Explicit1_0);
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let text = match reference.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => match &*reference {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => panic!("unknown entity {other}"),
                    },
                };
                stack.last_mut().unwrap().text.push_str(&text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one document element");
    root.children.pop().unwrap()
}

/// The elements, their attributes and their children as the common JUnit XSD (Jenkins'
/// junit-10.xsd, which Ant, Maven Surefire and most CI readers follow) allows them.
fn allowed(name: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match name {
        "testsuites" => (
            &["name", "time", "tests", "failures", "disabled", "errors"],
            &["testsuite"],
        ),
        "testsuite" => (
            &[
                "name",
                "tests",
                "failures",
                "errors",
                "group",
                "time",
                "disabled",
                "skipped",
                "timestamp",
                "hostname",
                "id",
                "package",
                "file",
                "log",
                "url",
                "version",
            ],
            &["properties", "testcase", "system-out", "system-err"],
        ),
        "properties" => (&[], &["property"]),
        "property" => (&["name", "value"], &[]),
        "testcase" => (
            &[
                "name",
                "assertions",
                "time",
                "classname",
                "status",
                "class",
                "file",
                "line",
                "log",
                "group",
                "url",
            ],
            &["skipped", "error", "failure", "system-out", "system-err"],
        ),
        "failure" | "error" => (&["message", "type"], &[]),
        "skipped" => (&["message"], &[]),
        other => panic!("element {other} is not in the XSD"),
    }
}

fn check_against_xsd(element: &Element) {
    let (attributes, children) = allowed(&element.name);
    for name in element.attributes.keys() {
        assert!(
            attributes.contains(&name.as_str()),
            "{} has {name}",
            element.name
        );
    }
    for required in match element.name.as_str() {
        "testsuite" => &["name", "tests"][..],
        "testcase" | "property" => &["name"][..],
        _ => &[][..],
    } {
        assert!(
            element.attributes.contains_key(*required),
            "{} needs {required}",
            element.name
        );
    }
    for child in &element.children {
        assert!(
            children.contains(&child.name.as_str()),
            "{} in {}",
            child.name,
            element.name
        );
        check_against_xsd(child);
    }
    for number in ["tests", "failures", "errors", "skipped", "line"] {
        if let Some(value) = element.attr(number) {
            value
                .parse::<u64>()
                .unwrap_or_else(|_| panic!("{number}={value}"));
        }
    }
    if let Some(time) = element.attr("time") {
        assert!(time.parse::<f64>().unwrap() >= 0.0);
    }
}

fn junit(results: &[TestResult]) -> String {
    let mut writer = JunitWriter::new(Vec::new()).unwrap();
    for result in results {
        writer.write(result).unwrap();
    }
    String::from_utf8(writer.finish().unwrap()).unwrap()
}

#[tokio::test]
async fn junit_export_parses_back_to_the_same_results() {
    let results = scenario().await;
    let xml = junit(&results);
    let root = parse(&xml);
    assert_eq!(root.name, "testsuites");
    check_against_xsd(&root);

    // One suite per run, in order, with its counts and properties.
    let suites: Vec<&Element> = root.all("testsuite").collect();
    let cases: Vec<&Element> = suites.iter().flat_map(|s| s.all("testcase")).collect();
    assert_eq!(cases.len(), results.len());
    let first = suites[0];
    assert_eq!(
        first.attr("name"),
        Some("circleci build-and-test / lint #1051")
    );
    let properties: HashMap<&str, &str> = first
        .all("properties")
        .flat_map(|p| p.all("property"))
        .map(|p| (p.attr("name").unwrap(), p.attr("value").unwrap()))
        .collect();
    assert_eq!(properties["branch"], "main");
    assert_eq!(properties["commit"], "aaaa1111aaaa1111");
    assert!(properties["run.url"].ends_with("/jobs/1051"));
    for suite in &suites {
        let count = |f: &dyn Fn(&Element) -> bool| suite.all("testcase").filter(|c| f(c)).count();
        let tests: usize = suite.attr("tests").unwrap().parse().unwrap();
        assert_eq!(tests, count(&|_| true));
        let failures: usize = suite.attr("failures").unwrap().parse().unwrap();
        assert_eq!(failures, count(&|c| c.all("failure").next().is_some()));
        let skipped: usize = suite.attr("skipped").unwrap().parse().unwrap();
        assert_eq!(skipped, count(&|c| c.all("skipped").next().is_some()));
    }

    // Each case says what its result says, escaped characters included.
    for (case, result) in cases.iter().zip(&results) {
        assert_eq!(case.attr("name"), Some(result.name.as_str()));
        let classname = result.suite.join(".");
        assert_eq!(case.attr("classname").unwrap_or(""), classname);
        assert_eq!(case.attr("file"), result.file.as_deref());
        let failure = case.all("failure").next();
        assert_eq!(failure.is_some(), result.status == Status::Failed);
        if let Some(failure) = failure {
            assert_eq!(failure.attr("message"), result.message.as_deref());
            assert_eq!(failure.attr("type"), Some(result.raw_status.as_str()));
            assert_eq!(failure.text, result.trace.clone().unwrap_or_default());
        }
        let expected_ms = result.duration_ms.unwrap_or(0) as f64;
        let time: f64 = case.attr("time").unwrap().parse().unwrap();
        assert!((time * 1000.0 - expected_ms).abs() < 0.5);
    }
    let last = cases.last().unwrap();
    assert_eq!(last.attr("name"), Some("quotes \"and\" <tags> & ümlauts"));
    let skipped = last.all("skipped").next().unwrap();
    assert_eq!(skipped.attr("message"), Some("other: canceled"));
    assert_eq!(
        suites.last().unwrap().attr("name"),
        Some("circleci build & <test>")
    );
}

#[test]
fn junit_with_no_results_is_an_empty_document() {
    let root = parse(&junit(&[]));
    assert_eq!(root.name, "testsuites");
    assert!(root.children.is_empty());
}
