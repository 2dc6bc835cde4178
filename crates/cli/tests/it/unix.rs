//! Issue 15, item 5: the `dossier` binary behaves like a Unix tool — `-`
//! for standard input and output, a closed pipe ends quietly, EDTF options
//! are checked, JSON is one value, `search` answers like grep, global
//! options go before or after the command, `--quiet`, completions and a
//! man page.

use super::{dossier, stdout_of};
use predicates::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// Two sentences; the second has brackets of its own.
const REPORT: &str = "The Red Dune Brigade, an armed militia, was founded in 2014 by Tomas Arvel in the city of Karsk.\n\nArvel [the brigade's leader] was arrested in Karsk in March 2019.\n";
const OTHER: &str = "The Red Dune Brigade attacked a convoy near Velmar in May 2020.\n";

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// A knowledge base holding REPORT and OTHER.
fn kb() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let a = write(dir.path(), "a.txt", REPORT);
    let b = write(dir.path(), "b.txt", OTHER);
    dossier()
        .arg("ingest")
        .args([&a, &b])
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    (dir, db)
}

#[test]
fn issue15_dash_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", REPORT);
    let from_stdin: Value = serde_json::from_str(&stdout_of(
        &dossier()
            .args(["extract", "-", "--published", "2022"])
            .write_stdin(REPORT)
            .assert()
            .success(),
    ))
    .unwrap();
    let from_file: Value = serde_json::from_str(&stdout_of(
        &dossier()
            .args(["extract", "--published", "2022"])
            .arg(&file)
            .assert()
            .success(),
    ))
    .unwrap();
    assert_eq!(from_stdin["document"]["id"], from_file["document"]["id"]);
    assert_eq!(from_stdin["entities"], from_file["entities"]);
    assert_eq!(from_stdin["document"]["path"], "<stdin>");
    // Standard input can be read once.
    dossier()
        .args(["extract", "-", "-"])
        .write_stdin(REPORT)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("more than once"));
    // ingest: one document from stdin; the same bytes again change nothing.
    let db = dir.path().join("kb.db");
    for expect in ["1 new, 0 unchanged", "0 new, 1 unchanged"] {
        dossier()
            .args(["ingest", "-", "--db"])
            .arg(&db)
            .write_stdin(REPORT)
            .assert()
            .success()
            .stderr(predicate::str::contains(expect));
    }
    // ner and parse read CoNLL from stdin as from a file.
    let conll = "Tomas NNP\nArvel NNP\nwent VBD\nto TO\nKarsk NNP\n. .\n\n";
    let conll_file = write(dir.path(), "t.conll", conll);
    let tagged = stdout_of(
        &dossier()
            .args(["ner", "--conll", "-"])
            .write_stdin(conll)
            .assert()
            .success(),
    );
    let tagged_file = stdout_of(
        &dossier()
            .args(["ner", "--conll"])
            .arg(&conll_file)
            .assert()
            .success(),
    );
    assert_eq!(tagged, tagged_file);
    assert!(tagged.contains("Arvel"), "{tagged}");
}

#[test]
fn issue15_out_dash_is_standard_output() {
    let (dir, db) = kb();
    for args in [
        vec!["timeline", "--out", "-"],
        vec!["profile", "Red Dune Brigade", "-o", "-"],
        vec!["graph", "--format", "json", "--out", "-"],
    ] {
        let out = stdout_of(
            &dossier()
                .current_dir(dir.path())
                .args(&args)
                .arg("--db")
                .arg(&db)
                .assert()
                .success(),
        );
        assert!(!out.trim().is_empty(), "{args:?}");
    }
    let out = stdout_of(
        &dossier()
            .current_dir(dir.path())
            .args(["export", "--format", "jsonl", "--out", "-", "--db"])
            .arg(&db)
            .assert()
            .success(),
    );
    let records: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(records.iter().any(|r| r["record"] == "entity"), "{out}");
    assert!(
        !dir.path().join("-").exists(),
        "`-` is standard output, not a file named -"
    );
    dossier()
        .current_dir(dir.path())
        .args(["export", "--format", "csv", "--out", "-", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("directory"));
}

/// Runs `dossier ARGS` with its standard output a pipe whose reader is
/// closed before the command writes (its input is written, and stdin
/// closed, only after the reader is gone).
fn with_closed_stdout(args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .args(args)
        .env_remove("DOSSIER_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    // A command that reads no input may be gone already.
    let _ = input.write_all(stdin.as_bytes());
    drop(input);
    child.wait_with_output().unwrap()
}

#[test]
fn issue15_closed_pipe_ends_quietly_with_exit_0() {
    let (_dir, db) = kb();
    let db = db.to_str().unwrap();
    for args in [
        vec!["extract", "-"],
        vec!["extract", "--format", "text", "-"],
        vec!["timeline", "--db", db],
        vec!["search", "Arvel", "--db", db],
        vec!["entities", "--db", db],
        vec!["completions", "bash"],
        vec!["pipeline"],
    ] {
        let out = with_closed_stdout(&args, REPORT);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(
            !err.contains("rror") && !err.contains("panicked"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn issue15_edtf_options_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.txt", REPORT);
    let db = dir.path().join("kb.db");
    for (args, bad) in [
        (vec!["extract", "--published", "banana"], "banana"),
        (vec!["ingest", "--published", "2019-13"], "2019-13"),
        (vec!["ingest", "--published", "2020/2019"], "2020/2019"),
    ] {
        dossier()
            .args(&args)
            .arg(&file)
            .arg("--db")
            .arg(&db)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(bad).and(predicate::str::contains("EDTF")));
    }
    assert!(!db.exists(), "nothing stored under a bad date");
    for flag in ["--from", "--to"] {
        dossier()
            .args(["timeline", flag, "March", "--db"])
            .arg(&db)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("'March'"));
    }
    // a date that clears (empty) or sets one is checked before the base is opened
    dossier()
        .args(["documents", "edit", "abc", "--published", "spring", "--db"])
        .arg(&db)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--published").and(predicate::str::contains("'spring'")));
    // The forms the subset has: a season, an approximate year, an interval.
    for date in ["2019-21", "2021~", "2016/2018"] {
        let v: Value = serde_json::from_str(&stdout_of(
            &dossier()
                .args(["extract", "--published", date])
                .arg(&file)
                .assert()
                .success(),
        ))
        .unwrap();
        assert_eq!(v["document"]["published"], date);
    }
}

#[test]
fn issue15_json_is_one_value_and_jsonl_is_lines() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "a.txt", REPORT);
    let b = write(dir.path(), "b.txt", OTHER);
    let one: Value = serde_json::from_str(&stdout_of(
        &dossier().arg("extract").arg(&a).assert().success(),
    ))
    .unwrap();
    assert!(one.is_object());
    let out = stdout_of(&dossier().arg("extract").args([&a, &b]).assert().success());
    let many: Value = serde_json::from_str(&out).expect("one JSON value");
    let many = many.as_array().expect("an array for several documents");
    assert_eq!(many.len(), 2);
    assert_eq!(many[0], one);
    // A file that fails leaves a valid array of the others (exit 1).
    let missing = dir.path().join("missing.txt");
    let out = dossier()
        .arg("extract")
        .args([&a, &missing])
        .assert()
        .code(1);
    let v: Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
    let lines = stdout_of(
        &dossier()
            .args(["extract", "--format", "jsonl"])
            .args([&a, &b])
            .assert()
            .success(),
    );
    let lines: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], one);
}

#[test]
fn issue15_search_answers_like_grep() {
    let (_dir, db) = kb();
    let search = |args: &[&str]| {
        let mut c = dossier();
        c.arg("search").args(args).arg("--db").arg(&db);
        c
    };
    // A match: exit 0; the sentence counted from 1; the text's own
    // brackets escaped, the match between bare brackets.
    let out = stdout_of(&search(&["arrested"]).assert().code(0));
    assert!(
        out.contains("#2: Arvel \\[the brigade's leader\\] was [arrested] in Karsk"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour into a pipe: {out}");
    // NO_COLOR, --color never: no escapes; --color always: escapes.
    let out = stdout_of(&search(&["arrested"]).env("NO_COLOR", "1").assert().code(0));
    assert!(!out.contains('\x1b'));
    let out = stdout_of(&search(&["arrested", "--color", "always"]).assert().code(0));
    assert!(
        out.contains("Arvel [the brigade's leader] was \x1b[1;31marrested\x1b[0m"),
        "{out:?}"
    );
    // JSON: `sentence` counted from 0, match offsets into `text`.
    let hits: Value = serde_json::from_str(&stdout_of(
        &search(&["arrested", "--format", "json"]).assert().code(0),
    ))
    .unwrap();
    let hit = &hits[0];
    assert_eq!(hit["sentence"], 1);
    let text: Vec<char> = hit["text"].as_str().unwrap().chars().collect();
    let m = &hit["matches"][0];
    let (a, b) = (
        m[0].as_u64().unwrap() as usize,
        m[1].as_u64().unwrap() as usize,
    );
    assert_eq!(text[a..b].iter().collect::<String>(), "arrested");
    // No match: exit 1, nothing on stdout; an error: exit 2.
    search(&["zeppelin"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no sentence matches"));
    search(&["zeppelin", "--format", "json"]).assert().code(1);
    dossier()
        .args(["search", "Arvel", "--db"])
        .arg(db.with_file_name("missing.db"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.db"));
}

#[test]
fn issue15_global_options_before_or_after_the_command_and_quiet() {
    let (dir, db) = kb();
    let after = stdout_of(
        &dossier()
            .args(["entities", "--format", "json", "--db"])
            .arg(&db)
            .assert()
            .success(),
    );
    let before = stdout_of(
        &dossier()
            .arg("--db")
            .arg(&db)
            .args(["entities", "--format", "json"])
            .assert()
            .success(),
    );
    assert_eq!(before, after);
    assert!(before.contains("Red Dune Brigade"));
    // --quiet: no summary, note or "no match" on stderr; errors stay.
    let c = write(
        dir.path(),
        "c.txt",
        "Tomas Arvel met envoys in Karsk in 2021.\n",
    );
    for args in [vec!["-q", "ingest"], vec!["ingest", "--quiet"]] {
        dossier()
            .args(&args)
            .arg(&c)
            .arg("--db")
            .arg(&db)
            .assert()
            .success()
            .stderr("");
    }
    dossier()
        .args(["--quiet", "search", "zeppelin", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr("");
    dossier()
        .args(["--quiet", "profile", "Nobody At All", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("Nobody At All"));
}

#[test]
fn issue15_completions_and_man_pages() {
    let bash = stdout_of(&dossier().args(["completions", "bash"]).assert().success());
    assert!(
        bash.contains("_dossier") && bash.contains("timeline"),
        "{bash}"
    );
    let zsh = stdout_of(&dossier().args(["completions", "zsh"]).assert().success());
    assert!(zsh.starts_with("#compdef dossier"));
    dossier().args(["completions", "tcsh"]).assert().code(2);
    let man = stdout_of(&dossier().arg("man").assert().success());
    assert!(
        man.contains(".TH dossier 1") && man.contains("timeline"),
        "{man}"
    );
    let page = stdout_of(&dossier().args(["man", "search"]).assert().success());
    assert!(page.contains(".TH dossier-search 1") && page.contains("NO_COLOR"));
    dossier()
        .args(["man", "nosuch"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no command 'nosuch'"));
}
