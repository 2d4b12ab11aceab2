//! The tests live in `tests/tests/*.rs` (one binary per area, sharing `tests/tests/support/`), the
//! fixtures in `tests/fixtures/`, the fixture client in `tests/generated/`; this library is empty.
