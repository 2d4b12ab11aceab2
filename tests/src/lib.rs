//! The tests live in `tests/tests/*.rs` (one binary per area, sharing `tests/tests/support/`), the
//! fixtures in `tests/fixtures/`, the fixture client in `tests/generated/`; this library only
//! compiles the root README's quick starts as doc tests.

/// The root README, whose quick starts are compiled as this crate's doc tests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeQuickStarts;
