//! Shared pieces of the benchmarks in `benches/benches/`: realistic response bodies
//! ([`data`]), a local HTTP server that serves them ([`server`]), and the paging workload with
//! its hand-written baseline ([`paging`]). See `benches/README.md` for the figures.

pub mod data;
pub mod decode;
pub mod paging;
pub mod server;
