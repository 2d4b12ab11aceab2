//! Property tests of the spec loader and the generator on broken specs: the real specs
//! (`specs/*.yaml`) with lines deleted, duplicated or cut off, and with wrong types under our `x-`
//! extensions (`x-pagination`, `x-retry-safe`, `x-env`, `x-enum-varnames`). Loading
//! (`spec_model::parse`) then generating (`xtask::codegen::generate`) must return `Ok` or an
//! error naming the file (with a line for YAML that does not parse and for a malformed
//! extension), and never panic.
//!
//! `cargo test` runs a short deterministic sample (fixed seed, a few dozen cases per property).
//! For a long run: `PROPTEST_CASES=5000 cargo test -p xtask --test robustness`
//! (`PROPTEST_RNG_SEED=<n>` picks another sample).

use std::cell::Cell;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

/// Cases per property in a plain `cargo test`.
const DEFAULT_CASES: u32 = 48;

fn config() -> Config {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    Config {
        cases: env("PROPTEST_CASES")
            .map_or(DEFAULT_CASES, |n| u32::try_from(n).unwrap_or(u32::MAX)),
        rng_seed: RngSeed::Fixed(env("PROPTEST_RNG_SEED").unwrap_or(0x5EED_0001)),
        failure_persistence: None,
        ..Config::default()
    }
}

/// The vendor specs: path and text.
fn specs() -> Vec<(PathBuf, String)> {
    let root = xtask::codegen::workspace_root();
    let paths = xtask::codegen::spec_paths(&root.join("specs")).unwrap_or_else(|e| panic!("{e}"));
    assert!(!paths.is_empty(), "no specs under specs/");
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (path, text)
        })
        .collect()
}

/// One edit of a spec's text; indices are taken modulo what exists.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    Truncate(usize),
    WrongExtension(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<usize>())
            .prop_map(|(at, value)| Mutation::WrongExtension(at, value)),
    ]
}

const EXTENSIONS: [&str; 4] = ["x-pagination", "x-retry-safe", "x-env", "x-enum-varnames"];

/// Values of the wrong type for at least one of the extensions (each is wrong for all four).
const WRONG_VALUES: [&str; 8] = [
    "42",
    "\"yes\"",
    "[1, 2]",
    "{}",
    "null",
    "{items: 3, next-cursor: [a]}",
    "[[Nested]]",
    "-1.5",
];

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    match *mutation {
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at % lines.len());
        }
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let at = at % lines.len();
            let line = lines.get(at).cloned().unwrap_or_default();
            lines.insert(at, line);
        }
        Mutation::Truncate(at) => {
            let mut cut = at % (text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text.get(..cut).unwrap_or_default().to_string();
        }
        Mutation::WrongExtension(at, value) => {
            return wrong_extension(&lines, at, WRONG_VALUES[value % WRONG_VALUES.len()]);
        }
        _ => {}
    }
    lines.join("\n")
}

/// The lines of `x-` extensions of ours: (line index, indentation, key).
fn extension_lines(lines: &[String]) -> Vec<(usize, usize, &'static str)> {
    lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let trimmed = line.trim_start();
            let key = EXTENSIONS.iter().find(|key| {
                trimmed
                    .strip_prefix(**key)
                    .is_some_and(|r| r.starts_with(':'))
            })?;
            Some((index, line.len() - trimmed.len(), *key))
        })
        .collect()
}

/// Replaces the value of one of our extensions (block values included) with `value`.
fn wrong_extension(lines: &[String], at: usize, value: &str) -> String {
    let found = extension_lines(lines);
    let Some(&(index, indent, key)) = found.get(at % found.len().max(1)) else {
        return lines.join("\n");
    };
    let block_end = lines
        .iter()
        .enumerate()
        .skip(index + 1)
        .find(|(_, line)| !line.trim().is_empty() && line.len() - line.trim_start().len() <= indent)
        .map_or(lines.len(), |(i, _)| i);
    let mut out: Vec<String> = lines.get(..index).unwrap_or_default().to_vec();
    out.push(format!("{}{key}: {value}", " ".repeat(indent)));
    out.extend(lines.get(block_end..).unwrap_or_default().iter().cloned());
    out.join("\n")
}

/// Loads and generates `text` as the spec at `path`: `Ok`, or an error that names the file.
fn load_and_generate(path: &Path, text: &str) -> Result<(), TestCaseError> {
    let file = path.display().to_string();
    match spec_model::parse(path, text) {
        Ok(spec) => {
            if let Err(error) = xtask::codegen::generate(&spec) {
                let message = error.to_string();
                prop_assert!(message.starts_with(&file), "{message}");
            }
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(message.starts_with(&file), "{message}");
            if serde_yaml::from_str::<serde_yaml::Value>(text).is_err() {
                prop_assert!(error.line.is_some(), "YAML error without a line: {message}");
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_specs_load_or_fail_with_the_file_named() {
    let specs = specs();
    let strategy = (0..specs.len(), prop::collection::vec(mutation(), 1..4));
    let mut runner = TestRunner::new(config());
    let cases = Cell::new(0_u32);
    let outcome = runner.run(&strategy, |(which, mutations)| {
        cases.set(cases.get() + 1);
        let (path, text) = &specs[which];
        let mutated = mutations.iter().fold(text.clone(), |t, m| apply(&t, m));
        load_and_generate(path, &mutated)
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    eprintln!("mutated specs: {} cases", cases.get());
    assert!(cases.get() >= config().cases);
}

#[test]
fn wrong_types_under_our_extensions_are_located_errors() {
    let specs = specs();
    let strategy = (0..specs.len(), any::<usize>(), any::<usize>());
    let mut runner = TestRunner::new(config());
    let cases = Cell::new(0_u32);
    let outcome = runner.run(&strategy, |(which, at, value)| {
        let (path, text) = &specs[which];
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let found = extension_lines(&lines);
        let Some(&(index, _, key)) = found.get(at % found.len().max(1)) else {
            return Ok(());
        };
        cases.set(cases.get() + 1);
        let mutated = wrong_extension(&lines, at, WRONG_VALUES[value % WRONG_VALUES.len()]);
        load_and_generate(path, &mutated)?;
        let error = spec_model::parse(path, &mutated);
        prop_assert!(error.is_err(), "{key} at line {} accepted", index + 1);
        if let Err(error) = error {
            let message = error.to_string();
            prop_assert!(error.line.is_some(), "no line: {message}");
            prop_assert!(message.contains(key), "{message}");
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    eprintln!("wrong extension types: {} cases", cases.get());
    assert!(cases.get() > 0);
}

#[test]
fn mutations_change_the_text() {
    // The mutation helpers must actually edit: a property over unchanged specs proves nothing.
    let text = "a: 1\nx-retry-safe: true\nx-pagination:\n  items: data\nb: 2";
    assert_eq!(
        apply(text, &Mutation::DeleteLine(0)),
        "x-retry-safe: true\nx-pagination:\n  items: data\nb: 2"
    );
    assert_eq!(apply(text, &Mutation::Truncate(3)), "a: ");
    assert!(apply(text, &Mutation::DuplicateLine(4)).ends_with("b: 2\nb: 2"));
    assert_eq!(
        apply(text, &Mutation::WrongExtension(1, 0)),
        "a: 1\nx-retry-safe: true\nx-pagination: 42\nb: 2"
    );
}
