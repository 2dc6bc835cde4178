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

use assert_cmd::Command;

/// The `dossier` binary, with none of the settings a caller's environment
/// could pass it (database, pipeline, time budget, colour).
fn dossier() -> Command {
    let mut cmd = Command::cargo_bin("dossier").unwrap();
    cmd.env_remove("DOSSIER_DB")
        .env_remove("DOSSIER_PIPELINE")
        .env_remove("DOSSIER_DOC_TIMEOUT")
        .env_remove("NO_COLOR");
    cmd
}

/// The standard output of a finished command, as text.
fn stdout_of(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(a.get_output().stdout.clone()).unwrap()
}

/// The standard output of a command that must succeed.
fn ok_stdout(cmd: &mut Command) -> String {
    stdout_of(&cmd.assert().success())
}
