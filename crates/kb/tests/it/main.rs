//! The knowledge base's integration tests, one module per former test file,
//! in one test binary (one link per crate, not one per file).

mod conformance;
mod queue;
