//! Behaviour tests of the generated clients, one module per area, all in this one binary (one
//! link instead of one per file). Each vendor module sends its client's operations to a local
//! mock server and checks what went on the wire and what came back; `runtime_behaviour`,
//! `mock`, `long_poll`, `redirects` and `robustness` hold for every generated client.
//! `support` holds what the modules share. A new area is a new module here (`mod name;` below
//! and `name.rs` beside this file), not a new file in `tests/tests/`.
//!
//! ```sh
//! cargo test -p tests --test behaviour circleci::   # one module
//! ```

mod checkly;
mod circleci;
mod datadog;
mod empirical;
mod long_poll;
mod mock;
mod real_servers;
mod redirects;
mod robustness;
mod runtime_behaviour;
mod support;
