//! The pipeline's integration tests, one module per former test file, in one
//! test binary (one link of the workspace and its models per crate, not one
//! per file).

mod sample;
mod shape;
