//! Property: a document diffed with itself, reordered, re-serialised or with `$ref`s inlined,
//! has no change.

use docs_audit::openapi::Document;
use proptest::prelude::*;
use serde_json::Value;

/// A small deterministic generator, driven by the case's seed.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn chance(&mut self, in_four: u64) -> bool {
        self.next() % 4 < in_four
    }
}

/// Shuffles the arrays whose order means nothing to a client (parameters, `required`, `enum`,
/// `oneOf`, `tags`) and inlines some `$ref`s to schemas (one level: the inlined schema keeps its
/// own references, so recursive schemas stay finite).
fn scramble(value: &mut Value, root: &Value, dice: &mut Dice, depth: usize) {
    if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        if depth < 6 && reference.starts_with("#/components/schemas/") && dice.chance(1) {
            if let Some(target) = root.pointer(&reference[1..]) {
                *value = target.clone();
                scramble(value, root, dice, depth + 1);
            }
        }
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if let Value::Array(items) = child {
                    if matches!(
                        key.as_str(),
                        "parameters" | "required" | "enum" | "oneOf" | "tags"
                    ) {
                        let len = items.len();
                        for i in (1..len).rev() {
                            let j = (dice.next() as usize) % (i + 1);
                            items.swap(i, j);
                        }
                    }
                }
                scramble(child, root, dice, depth);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| scramble(item, root, dice, depth)),
        _ => {}
    }
}

fn serialise(value: &Value, form: u8) -> String {
    match form % 3 {
        0 => serde_json::to_string(value).unwrap(),
        1 => serde_json::to_string_pretty(value).unwrap(),
        _ => serde_yaml::to_string(value).unwrap(),
    }
}

fn check(path: &str, seed: u64, form: u8) -> Result<(), TestCaseError> {
    let original = spec_diff::load(std::path::Path::new(path)).unwrap();
    let mut value = original.root().clone();
    scramble(&mut value, original.root(), &mut Dice(seed), 0);
    let copy = Document::parse(&serialise(&value, form), "copy").unwrap();
    let diff = spec_diff::diff(&original, &copy);
    prop_assert!(diff.is_empty(), "{}", diff.to_text("original", "copy"));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn circleci_diffed_with_itself_reordered_is_empty(seed in any::<u64>(), form in 0u8..3) {
        check("../../shared/docs/published/circleci-openapi.json", seed, form)?;
    }

    #[test]
    fn a_spec_diffed_with_itself_reordered_is_empty(seed in any::<u64>(), form in 0u8..3) {
        check("../specs/checkly.yaml", seed, form)?;
    }
}
