//! JUnit XML: one `<testsuite>` per run (a CircleCI job, a Checkly session, a Datadog pipeline),
//! with the run's vendor, link, branch and commit as properties. Results are written a run at a
//! time: the writer holds the results of the current run only (a run's results come together
//! from every adapter but Datadog's, whose events of one pipeline may come apart and then make
//! several suites).

use std::io::{self, Write};
use std::sync::Arc;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use crate::model::{Counts, Run, Status, TestResult};

/// Writes a `<testsuites>` document.
pub struct JunitWriter<W: Write> {
    xml: Writer<W>,
    run: Option<Arc<Run>>,
    pending: Vec<TestResult>,
    total: Counts,
}

impl<W: Write> std::fmt::Debug for JunitWriter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JunitWriter")
            .field("pending", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl<W: Write> JunitWriter<W> {
    /// Starts the document.
    pub fn new(out: W) -> io::Result<Self> {
        let mut xml = Writer::new_with_indent(out, b' ', 2);
        xml.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        xml.write_event(Event::Start(BytesStart::new("testsuites")))?;
        Ok(Self {
            xml,
            run: None,
            pending: Vec::new(),
            total: Counts::default(),
        })
    }

    /// Writes one result (its run's suite is written when the run changes or at the end).
    pub fn write(&mut self, result: &TestResult) -> io::Result<()> {
        let same = self
            .run
            .as_ref()
            .is_some_and(|run| Arc::ptr_eq(run, &result.run) || run.key() == result.run.key());
        if !same {
            self.flush_suite()?;
            self.run = Some(result.run.clone());
        }
        self.total.add(result);
        self.pending.push(result.clone());
        Ok(())
    }

    /// Writes the last suite, closes the document and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.flush_suite()?;
        self.xml
            .write_event(Event::End(BytesEnd::new("testsuites")))?;
        let mut out = self.xml.into_inner();
        out.write_all(b"\n")?;
        out.flush()?;
        Ok(out)
    }

    fn flush_suite(&mut self) -> io::Result<()> {
        let Some(run) = self.run.take() else {
            return Ok(());
        };
        let results = std::mem::take(&mut self.pending);
        write_suite(&mut self.xml, &run, &results)
    }
}

fn seconds(ms: Option<u64>) -> String {
    format!("{:.3}", ms.unwrap_or(0) as f64 / 1000.0)
}

fn write_suite<W: Write>(xml: &mut Writer<W>, run: &Run, results: &[TestResult]) -> io::Result<()> {
    let mut counts = Counts::default();
    results.iter().for_each(|r| counts.add(r));
    let time: u64 = results.iter().filter_map(|r| r.duration_ms).sum();
    let name = match &run.job {
        Some(job) => format!("{} {job}", run.vendor),
        None => format!("{} {}", run.vendor, run.id),
    };
    let tests = counts.tests.to_string();
    let failures = counts.failed.to_string();
    let skipped = (counts.skipped + counts.pending + counts.other).to_string();
    let time = seconds(Some(time));
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", name.as_str()));
    suite.push_attribute(("tests", tests.as_str()));
    suite.push_attribute(("failures", failures.as_str()));
    suite.push_attribute(("errors", "0"));
    suite.push_attribute(("skipped", skipped.as_str()));
    suite.push_attribute(("time", time.as_str()));
    let timestamp = run
        .started
        .map(|at| at.format("%Y-%m-%dT%H:%M:%S").to_string());
    if let Some(timestamp) = &timestamp {
        suite.push_attribute(("timestamp", timestamp.as_str()));
    }
    xml.write_event(Event::Start(suite))?;
    write_properties(xml, run)?;
    for result in results {
        write_case(xml, result)?;
    }
    xml.write_event(Event::End(BytesEnd::new("testsuite")))?;
    Ok(())
}

fn write_properties<W: Write>(xml: &mut Writer<W>, run: &Run) -> io::Result<()> {
    let number = run.number.map(|n| n.to_string());
    let properties = [
        ("vendor", Some(run.vendor.as_str())),
        ("project", run.project.as_deref()),
        ("run.id", Some(run.id.as_str())),
        ("run.number", number.as_deref()),
        ("run.url", run.url.as_deref()),
        ("branch", run.branch.as_deref()),
        ("commit", run.commit.as_deref()),
        ("repository", run.repository.as_deref()),
    ];
    xml.write_event(Event::Start(BytesStart::new("properties")))?;
    for (name, value) in properties {
        if let Some(value) = value {
            let mut property = BytesStart::new("property");
            property.push_attribute(("name", name));
            property.push_attribute(("value", value));
            xml.write_event(Event::Empty(property))?;
        }
    }
    xml.write_event(Event::End(BytesEnd::new("properties")))?;
    Ok(())
}

fn write_case<W: Write>(xml: &mut Writer<W>, result: &TestResult) -> io::Result<()> {
    let classname = result.suite.join(".");
    let time = seconds(result.duration_ms);
    let line = result.line.map(|l| l.to_string());
    let mut case = BytesStart::new("testcase");
    case.push_attribute(("name", result.name.as_str()));
    if !classname.is_empty() {
        case.push_attribute(("classname", classname.as_str()));
    }
    case.push_attribute(("time", time.as_str()));
    if let Some(file) = &result.file {
        case.push_attribute(("file", file.as_str()));
    }
    if let Some(line) = &line {
        case.push_attribute(("line", line.as_str()));
    }
    let outcome = match result.status {
        Status::Passed => None,
        Status::Failed => Some("failure"),
        Status::Skipped | Status::Pending | Status::Other => Some("skipped"),
    };
    let Some(element) = outcome else {
        return xml.write_event(Event::Empty(case));
    };
    xml.write_event(Event::Start(case))?;
    let mut inner = BytesStart::new(element);
    let message = match (result.status, &result.message) {
        (Status::Failed | Status::Skipped, Some(message)) => Some(message.clone()),
        (Status::Failed | Status::Skipped, None) => None,
        (status, _) => Some(format!("{status}: {}", result.raw_status)),
    };
    if let Some(message) = &message {
        inner.push_attribute(("message", message.as_str()));
    }
    if result.status == Status::Failed {
        inner.push_attribute(("type", result.raw_status.as_str()));
    }
    match result
        .trace
        .as_deref()
        .filter(|_| result.status == Status::Failed)
    {
        Some(trace) => {
            xml.write_event(Event::Start(inner))?;
            xml.write_event(Event::Text(BytesText::new(trace)))?;
            xml.write_event(Event::End(BytesEnd::new(element)))?;
        }
        None => xml.write_event(Event::Empty(inner))?,
    }
    xml.write_event(Event::End(BytesEnd::new("testcase")))?;
    Ok(())
}
