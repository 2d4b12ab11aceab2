//! `cargo xtask conformance [PATH...]`: the generator against documents nobody wrote for it.
//! Each OpenAPI document (a file, or every `.json`/`.yaml`/`.yml` in a folder) is generated into
//! a scratch workspace (never into `generated/`), compiled with its typed mock, and its smoke
//! tests run: one per operation, through the mock. A table reports, per document, the
//! operations, codegen time, generated lines, build time, smoke results, and whether plain
//! progenitor generates it; warnings are summarised by kind.

use std::collections::BTreeMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::codegen;

mod sample;
mod smoke;

/// Options of `cargo xtask conformance`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Options {
    /// Documents or folders of documents.
    pub paths: Vec<PathBuf>,
    /// Generate only: no build, no smoke tests.
    pub no_build: bool,
}

/// What happened to one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    /// File name of the document.
    pub document: String,
    /// Scratch crate folder name.
    pub stem: String,
    /// Operations generated.
    pub operations: usize,
    /// Codegen time in milliseconds (load, lower, progenitor, augment, render).
    pub codegen_ms: u128,
    /// Lines of generated Rust.
    pub lines: usize,
    /// Debug build time of the crate (with its mock) once dependencies are built, in seconds.
    pub build_s: Option<f64>,
    /// Smoke tests passed and run.
    pub smoke: Option<(usize, usize)>,
    /// Whether plain progenitor generates the document.
    pub plain_progenitor: bool,
    /// Warnings by kind.
    pub warnings: BTreeMap<String, usize>,
    /// Why the document failed, if it did.
    pub failure: Option<String>,
}

/// Runs conformance; returns the outcomes (printing progress and the table to stdout).
pub(crate) fn run(root: &Path, options: &Options) -> Result<Vec<Outcome>, String> {
    let documents = documents(&options.paths)?;
    if documents.is_empty() {
        return Err("no OpenAPI documents found in the given paths".into());
    }
    let scratch = target_dir(root).join("conformance");
    let crates = scratch.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates)
        .map_err(|e| format!("cannot create {}: {e}", crates.display()))?;
    let mut outcomes = Vec::new();
    for path in &documents {
        let outcome = generate_one(path, &crates);
        println!(
            "generated {:<36} {}",
            outcome.document,
            outcome.failure.as_deref().unwrap_or("ok")
        );
        outcomes.push(outcome);
    }
    if !options.no_build {
        write_workspace(root, &scratch)?;
        build(root, &scratch, &mut outcomes)?;
    }
    Ok(outcomes)
}

/// Every document named by `paths` (folders are read one level deep), sorted per folder.
fn documents(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && codegen::is_document(p))
                .collect();
            found.sort();
            out.extend(found);
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            return Err(format!("no such file or folder: {}", path.display()));
        }
    }
    Ok(out)
}

/// Generates one document into `crates/<stem>/`.
fn generate_one(path: &Path, crates: &Path) -> Outcome {
    let document = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut outcome = Outcome {
        document: document.clone(),
        stem: crate_stem(path),
        plain_progenitor: plain_progenitor(path),
        ..Outcome::default()
    };
    let started = Instant::now();
    let generated = codegen::generate_file(path).map_err(|e| e.to_string());
    outcome.codegen_ms = started.elapsed().as_millis();
    let (spec, files) = match generated {
        Ok(generated) => generated,
        Err(e) => {
            outcome.failure = Some(format!("codegen: {e}"));
            return outcome;
        }
    };
    outcome.operations = spec_model::operations(&spec.openapi).len();
    for warning in &spec.warnings {
        *outcome
            .warnings
            .entry(warning.kind.to_string())
            .or_default() += 1;
    }
    let dir = crates.join(&outcome.stem);
    let mut files = files;
    let krate = crate::names::crate_ident(&outcome.stem);
    let builder = files
        .get(Path::new("src/builder.rs"))
        .cloned()
        .unwrap_or_default();
    match smoke::tests(&spec, &krate, &builder) {
        Ok(tests) => {
            files.insert("tests/smoke.rs".into(), tests);
        }
        Err(e) => {
            outcome.failure = Some(format!("smoke tests: {e}"));
            return outcome;
        }
    }
    for (file, content) in &files {
        if file.extension().is_some_and(|x| x == "rs") {
            outcome.lines += content.lines().count();
        }
        let target = dir.join(file);
        let written = target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&target, content));
        if let Err(e) = written {
            outcome.failure = Some(format!("cannot write {}: {e}", target.display()));
            return outcome;
        }
    }
    outcome
}

/// The scratch folder name of a document: its stem.
fn crate_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

/// Whether progenitor alone (no lowering) generates the document as written.
fn plain_progenitor(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    // Plain progenitor reads OpenAPI 3.0 only.
    let Ok(value) = spec_model::parse_value(path, &text) else {
        return false;
    };
    if !value["openapi"]
        .as_str()
        .is_some_and(|v| v.starts_with("3.0"))
    {
        return false;
    }
    let Ok(openapi) = serde_json::from_value::<openapiv3::OpenAPI>(value) else {
        return false;
    };
    crate::progenitor_run::quietly(|| {
        let settings = progenitor_impl::GenerationSettings::new();
        panic::catch_unwind(AssertUnwindSafe(|| {
            progenitor_impl::Generator::new(&settings)
                .generate_tokens(&openapi)
                .is_ok()
        }))
        .unwrap_or(false)
    })
}

/// The target folder cargo uses for this workspace.
fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// The scratch workspace: this workspace's manifest with the generated crates as members and
/// absolute paths, and its lock file, so the same dependency builds are reused.
fn write_workspace(root: &Path, scratch: &Path) -> Result<(), String> {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the workspace manifest: {e}"))?;
    let mut out = String::new();
    for line in manifest.lines() {
        let line = if line.starts_with("members = ") {
            "members = [\"crates/*\", \"warmup\"]".to_string()
        } else if let Some((before, rest)) = line.split_once("path = \"") {
            let (relative, after) = rest.split_once('"').unwrap_or((rest, ""));
            format!(
                "{before}path = \"{}\"{after}",
                root.join(relative).display()
            )
        } else {
            line.to_string()
        };
        out.push_str(&line);
        out.push('\n');
    }
    let write = |name: &str, content: &str| {
        std::fs::write(scratch.join(name), content)
            .map_err(|e| format!("cannot write the scratch {name}: {e}"))
    };
    write("Cargo.toml", &out)?;
    // A crate with every dependency of the generated crates (mock feature on), built first so
    // each generated crate's build time is its own.
    std::fs::create_dir_all(scratch.join("warmup/src"))
        .map_err(|e| format!("cannot create the scratch warm-up crate: {e}"))?;
    write(
        "warmup/Cargo.toml",
        "[package]\nname = \"conformance-warmup\"\nversion = \"0.0.0\"\nedition.workspace = true\n\
         publish = false\n\n[dependencies]\nruntime = { workspace = true, features = [\"mock\"] }\n\
         progenitor-client.workspace = true\nreqwest.workspace = true\nserde.workspace = true\n\
         serde_json.workspace = true\nchrono.workspace = true\nuuid.workspace = true\n\
         regress.workspace = true\nhttpmock.workspace = true\ntokio.workspace = true\n",
    )?;
    write(
        "warmup/src/lib.rs",
        "//! Builds the generated crates' dependencies.\n",
    )?;
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    write("Cargo.lock", &lock)
}

/// Builds each generated crate (with its mock) and runs its smoke tests, timing the builds.
fn build(root: &Path, scratch: &Path, outcomes: &mut [Outcome]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = target_dir(root);
    let run = |args: &[&str]| -> Result<(bool, String), String> {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(scratch)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        Ok((
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned()
                + &String::from_utf8_lossy(&output.stdout),
        ))
    };
    // Dependencies first, so each crate's time is its own.
    let (ok, log) = run(&["test", "--no-run", "--quiet", "-p", "conformance-warmup"])?;
    if !ok {
        return Err(format!(
            "the generated crates' dependencies do not build:\n{log}"
        ));
    }
    for outcome in outcomes.iter_mut().filter(|o| o.failure.is_none()) {
        let package = crate::names::package_name(&outcome.stem);
        let started = Instant::now();
        let (ok, log) = run(&[
            "test",
            "--no-run",
            "--quiet",
            "-p",
            &package,
            "--features",
            "mock",
        ])?;
        outcome.build_s = Some(started.elapsed().as_secs_f64());
        println!(
            "built     {:<36} {:.1} s{}",
            outcome.document,
            started.elapsed().as_secs_f64(),
            if ok { "" } else { " FAILED" }
        );
        if !ok {
            outcome.failure = Some(format!("build: {}", first_error(&log)));
            continue;
        }
        let (ok, log) = run(&["test", "--quiet", "-p", &package, "--features", "mock"])?;
        let (passed, failed) = test_counts(&log);
        outcome.smoke = Some((passed, passed + failed));
        if !ok {
            outcome.failure = Some(format!("smoke tests: {}", first_error(&log)));
        }
    }
    Ok(())
}

/// The first compiler error of a cargo log, with its location line.
fn first_error(log: &str) -> String {
    let mut lines = log.lines().skip_while(|l| !l.starts_with("error"));
    let head: Vec<&str> = lines.by_ref().take(4).collect();
    if head.is_empty() {
        log.lines().rev().take(5).collect::<Vec<_>>().join(" / ")
    } else {
        head.join(" / ")
    }
}

/// Passed and failed counts summed over `test result:` lines.
fn test_counts(log: &str) -> (usize, usize) {
    let mut counts = (0, 0);
    for line in log.lines().filter(|l| l.starts_with("test result:")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        for pair in words.windows(2) {
            let n = pair[0].parse::<usize>().unwrap_or(0);
            match pair[1].trim_end_matches([';', ',']) {
                "passed" => counts.0 += n,
                "failed" => counts.1 += n,
                _ => {}
            }
        }
    }
    counts
}

/// The report: one row per document, then the warnings by kind.
pub(crate) fn table(outcomes: &[Outcome]) -> String {
    let mut out = String::from(
        "| document | ops | codegen ms | lines | lines/op | build s | smoke | plain progenitor |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n",
    );
    for o in outcomes {
        let per_op = o
            .lines
            .checked_div(o.operations)
            .map_or("-".to_string(), |n| n.to_string());
        let build = o.build_s.map_or("-".into(), |s| format!("{s:.1}"));
        let smoke = o.smoke.map_or("-".into(), |(p, n)| format!("{p}/{n}"));
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |\n",
            o.document,
            o.operations,
            o.codegen_ms,
            o.lines,
            per_op,
            build,
            smoke,
            if o.plain_progenitor { "yes" } else { "no" }
        ));
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for o in outcomes {
        for (kind, n) in &o.warnings {
            *kinds.entry(kind).or_default() += n;
        }
    }
    for (kind, n) in kinds {
        out.push_str(&format!("\nwarnings: {kind}: {n}"));
    }
    for o in outcomes {
        if let Some(failure) = &o.failure {
            out.push_str(&format!("\nFAILED {}: {failure}", o.document));
        }
    }
    out.push('\n');
    out
}
