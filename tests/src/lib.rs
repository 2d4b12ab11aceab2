//! Shared helpers for the workspace's tests live in `tests/tests/*.rs`; this library is empty.
