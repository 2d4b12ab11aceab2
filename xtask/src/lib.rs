//! The generator behind `cargo xtask codegen`: turns `specs/*.yaml` into the crates under
//! `generated/`. Specs are read through the shared `spec-model` crate; the stages are
//! lowering (`lower`), progenitor (`progenitor_run`), what progenitor lacks (`augment`),
//! rendering to files in memory (`render`) and keeping the tree in step (`sync`).

mod augment;
mod cli;
pub mod codegen;
mod conformance;
mod lower;
mod names;
mod progenitor_run;
pub mod public_api;
mod render;
mod sync;

pub use cli::{audit, codegen as codegen_command, conformance as conformance_command, spec_diff};
