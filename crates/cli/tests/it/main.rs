//! The CLI's integration tests, one module per former test file, in one test
//! binary: each test binary links the whole workspace and its embedded models,
//! so one binary per crate keeps `cargo test --workspace` (and CI) minutes
//! shorter. Run one module with `cargo test -p dossier-cli --test it serve::`.

mod cli;
mod hostile;
mod kb;
mod learn;
mod pg;
mod serve;
mod unix;
