//! The generator behind `cargo xtask`: turns `specs/*.yaml` into the crates under `generated/`.

pub mod audit;
pub mod augment;
pub mod cli;
pub mod codegen;
pub mod extensions;
pub mod lower;
pub mod progenitor_run;
pub mod render;
pub mod schema_path;
pub mod spec;
