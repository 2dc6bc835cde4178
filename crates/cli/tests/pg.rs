//! Every command that takes `--db` gives the same output on a SQLite file
//! and on a PostgreSQL database (issue 17). Runs when
//! `DOSSIER_TEST_PG_URL` names a server (in a fresh schema, dropped
//! afterwards); skipped with a note otherwise, a failure under `CI=true`.

use std::path::Path;
use std::process::{Command, Output};

fn server() -> Option<String> {
    match std::env::var("DOSSIER_TEST_PG_URL") {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("CI=true but DOSSIER_TEST_PG_URL is not set: the PostgreSQL store must be tested in CI");
            }
            eprintln!("note: DOSSIER_TEST_PG_URL is not set; PostgreSQL CLI tests skipped");
            None
        }
    }
}

/// A schema of its own on the test server, dropped at the end.
struct Scratch {
    server: String,
    schema: String,
}

impl Scratch {
    fn new(server: &str, name: &str) -> Scratch {
        let schema = format!("dossier_cli_{}_{name}", std::process::id());
        let mut c = postgres::Client::connect(server, postgres::NoTls).unwrap();
        c.batch_execute(&format!(
            "SET client_min_messages = warning; DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .unwrap();
        Scratch {
            server: server.into(),
            schema,
        }
    }
    fn url(&self) -> String {
        let sep = if self.server.contains('?') { '&' } else { '?' };
        format!(
            "{}{sep}options=-csearch_path%3D{}",
            self.server, self.schema
        )
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.server, postgres::NoTls) {
            let _ = c.batch_execute(&format!(
                "SET client_min_messages = warning; DROP SCHEMA IF EXISTS {} CASCADE",
                self.schema
            ));
        }
    }
}

fn dossier(db: &str, args: &[&str]) -> Output {
    let out = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .env_remove("DOSSIER_PIPELINE")
        .env_remove("DOSSIER_DB")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "dossier {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn write_reports(dir: &Path) {
    let reports = [
        "The Red Dune Brigade, an armed group founded by Tomas Arvel in 2015, attacked a police post in Karsk on 3 May 2019, killing four officers.\n\nArvel still leads the Red Dune Brigade, which has about 300 fighters.\n",
        "On 3 May 2019 the Red Dune Brigade attacked a police post in Karsk. The group is backed by Norlandia.\n\nIts commander Mirela Osk was arrested in Port Essel in 2020.\n",
        "The Karsk Liberation Front clashed with the Red Dune Brigade near Velmora in June 2021. The Red Dune Brigade has about 500 fighters.\n",
    ];
    for (i, r) in reports.iter().enumerate() {
        std::fs::write(dir.join(format!("report{i}.txt")), r).unwrap();
    }
}

#[test]
fn issue17_every_command_reads_the_same_from_postgresql_as_from_sqlite() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server, "same");
    let pg = scratch.url();
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    write_reports(&reports);
    let sqlite = dir.path().join("kb.db").display().to_string();
    let reports = reports.display().to_string();
    for db in [&sqlite, &pg] {
        dossier(
            db,
            &[
                "ingest",
                &reports,
                "--published",
                "2022-02",
                "--reliability",
                "B",
            ],
        );
        // Again: nothing changes.
        let again = dossier(db, &["ingest", &reports]);
        let err = String::from_utf8_lossy(&again.stderr);
        assert!(err.contains("0 new, 3 unchanged"), "{err}");
    }
    let compare = |args: &[&str]| {
        let a = dossier(&sqlite, args);
        let b = dossier(&pg, args);
        assert_eq!(
            String::from_utf8_lossy(&a.stdout),
            String::from_utf8_lossy(&b.stdout),
            "dossier {args:?} differs"
        );
        assert!(!a.stdout.is_empty(), "dossier {args:?} printed nothing");
    };
    compare(&["entities", "--format", "json"]);
    compare(&["entities", "--search", "dune"]);
    compare(&["search", "attacked Karsk"]);
    compare(&["search", "brig*"]);
    compare(&["profile", "Red Dune Brigade", "--format", "json"]);
    compare(&["profile", "Red Dune Brigade", "--format", "md"]);
    compare(&["timeline", "--format", "csv"]);
    compare(&["graph", "--format", "json"]);
    for format in ["jsonl", "csv", "graphml"] {
        let a = dir.path().join(format!("sqlite.{format}"));
        let b = dir.path().join(format!("pg.{format}"));
        dossier(
            &sqlite,
            &[
                "export",
                "--format",
                format,
                "--out",
                &a.display().to_string(),
            ],
        );
        dossier(
            &pg,
            &[
                "export",
                "--format",
                format,
                "--out",
                &b.display().to_string(),
            ],
        );
        let read = |p: &Path| {
            if p.is_dir() {
                let mut files: Vec<_> = std::fs::read_dir(p)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .collect();
                files.sort();
                files
                    .iter()
                    .map(|f| std::fs::read_to_string(f).unwrap())
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                std::fs::read_to_string(p).unwrap()
            }
        };
        assert_eq!(read(&a), read(&b), "export {format} differs");
    }
    for db in [&sqlite, &pg] {
        dossier(db, &["merge", "Red Dune Brigade", "Karsk Liberation Front"]);
    }
    compare(&["entities", "--format", "json"]);
    compare(&["profile", "Red Dune Brigade", "--format", "json"]);
}

#[test]
fn issue17_a_postgresql_url_without_a_knowledge_base_is_a_clear_error() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server, "empty");
    let out = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .args(["entities", "--db", &scratch.url()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no Dossier knowledge base"), "{err}");
    // A server that is not there: the error names it, password hidden.
    let out = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .args([
            "search",
            "x",
            "--db",
            "postgres://arvel:s3cret@127.0.0.1:1/kb",
        ])
        .output()
        .unwrap();
    // search's errors exit 2 (1 is "no match", as grep)
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("postgres://arvel:***@127.0.0.1:1/kb"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

/// Entities as (type, name, mentions, documents), without store ids.
fn entity_summary(json: &[u8]) -> Vec<(String, String, u64, u64)> {
    let v: serde_json::Value = serde_json::from_slice(json).unwrap();
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["type"].as_str().unwrap().to_string(),
                e["name"].as_str().unwrap().to_string(),
                e["mentions"].as_u64().unwrap(),
                e["documents"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn issue17_queued_files_ingested_by_two_workers_make_the_same_knowledge_base() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server, "queue");
    let pg = scratch.url();
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    write_reports(&reports);
    std::fs::write(reports.join("empty.txt"), "").unwrap();
    let reports = reports.display().to_string();
    let sqlite = dir.path().join("kb.db").display().to_string();
    let out = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .env_remove("DOSSIER_PIPELINE")
        .args(["ingest", &reports, "--reliability", "B", "--db", &sqlite])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the empty file fails");

    dossier(&pg, &["queue", "add", &reports, "--reliability", "B"]);
    let status = dossier(&pg, &["queue", "status", "--format", "json"]);
    let s: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(s["pending"], 4);
    let work = dossier(
        &pg,
        &[
            "worker",
            "--concurrency",
            "2",
            "--exit-when-empty",
            "--max-attempts",
            "1",
        ],
    );
    let err = String::from_utf8_lossy(&work.stderr);
    assert!(err.contains("3 stored"), "{err}");
    assert!(err.contains("1 parked"), "{err}");
    let status = dossier(&pg, &["queue", "status"]);
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("pending 0 (retrying 0), running 0, done 3, failed 1"),
        "{text}"
    );
    // The error names the file as queued, not the worker's working copy.
    assert!(
        text.contains(&format!("after 1 tries: {reports}/empty.txt: empty file")),
        "{text}"
    );

    let a = dossier(&sqlite, &["entities", "--format", "json"]);
    let b = dossier(&pg, &["entities", "--format", "json"]);
    assert_eq!(entity_summary(&a.stdout), entity_summary(&b.stdout));
    assert!(!entity_summary(&a.stdout).is_empty());
    // Queued again: the worker finds every document stored.
    dossier(&pg, &["queue", "add", &reports]);
    let work = dossier(&pg, &["worker", "--exit-when-empty", "--max-attempts", "1"]);
    let err = String::from_utf8_lossy(&work.stderr);
    assert!(err.contains("0 stored, 3 unchanged"), "{err}");
    // The queue is PostgreSQL's only.
    let out = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .args(["queue", "status", "--db", &sqlite])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a PostgreSQL"));
}
