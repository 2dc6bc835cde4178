//! The extractors' integration tests, one module per former test file, in
//! one test binary (one link of the workspace and its models per crate, not
//! one per file). `common` (the upstream chain and the scorer's matching)
//! stays at `tests/common/mod.rs`.

#[path = "../common/mod.rs"]
mod common;

mod fixtures;
mod sample_chain;
