//! Every command that takes `--db` gives the same output on a SQLite file
//! and on a PostgreSQL database (issue 17). Runs when
//! `DOSSIER_TEST_PG_URL` names a server (in a fresh schema, dropped
//! afterwards); skipped with a note otherwise, a failure under `CI=true`.

use std::path::Path;
use std::process::{Command, Output};

fn server() -> Option<String> {
    dossier_kb::testing::pg::server("PostgreSQL CLI tests")
}

/// A schema of its own on the test server, dropped at the end.
struct Scratch(dossier_kb::testing::pg::Scratch);

impl Scratch {
    fn new(server: &str, name: &str) -> Scratch {
        Scratch(dossier_kb::testing::pg::Scratch::new(
            server,
            &format!("dossier_cli_{name}"),
        ))
    }
    fn url(&self) -> String {
        self.0.url()
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
    // Looked up by part of a name, folded or transliterated.
    compare(&["profile", "red dune", "--format", "json"]);
    compare(&["timeline", "Arvél", "--format", "csv"]);
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

/// `dossier queue status --format json` as JSON.
fn queue_status(db: &str) -> serde_json::Value {
    serde_json::from_slice(&dossier(db, &["queue", "status", "--format", "json"]).stdout).unwrap()
}

#[test]
fn issue17_a_worker_killed_while_it_holds_a_job_loses_nothing() {
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server, "killed");
    let pg = scratch.url();
    let dir = tempfile::tempdir().unwrap();
    write_reports(dir.path());
    let report = dir.path().join("report0.txt").display().to_string();
    dossier(&pg, &["queue", "add", &report, "--published", "2022-02"]);
    // A real worker process, made to hold its job (renewing the lease)
    // before processing it, by the test-only stall.
    let mut doomed = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
        .env_remove("DOSSIER_PIPELINE")
        .env("DOSSIER_TEST_STALL_JOB_SECS", "600")
        .args(["worker", "--lease", "1", "--db", &pg])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until it holds the job (a bound only against hanging forever).
    let mut polls = 0;
    while queue_status(&pg)["running"] != 1 {
        polls += 1;
        assert!(polls < 6000, "the worker never claimed the job");
        assert!(doomed.try_wait().unwrap().is_none(), "the worker exited");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    doomed.kill().unwrap(); // SIGKILL: no clean-up, no release
    doomed.wait().unwrap();
    let mut c = scratch.0.client();
    let count =
        |c: &mut postgres::Client, sql: &str| -> i64 { c.query_one(sql, &[]).unwrap().get(0) };
    assert_eq!(count(&mut c, "SELECT COUNT(*) FROM documents"), 0);
    let s = queue_status(&pg);
    assert_eq!((&s["running"], &s["done"]), (&1.into(), &0.into()), "{s}");
    // A second worker takes the job when the dead one's lease runs out.
    let work = dossier(&pg, &["worker", "--exit-when-empty", "--lease", "1"]);
    let err = String::from_utf8_lossy(&work.stderr);
    assert!(err.contains("1 stored"), "{err}");
    let s = queue_status(&pg);
    assert_eq!(
        (&s["pending"], &s["running"], &s["done"], &s["failed"]),
        (&0.into(), &0.into(), &1.into(), &0.into()),
        "{s}"
    );
    assert_eq!(count(&mut c, "SELECT attempts FROM jobs"), 2);
    // One document, stored once, with what one ingest stores.
    assert_eq!(count(&mut c, "SELECT COUNT(*) FROM documents"), 1);
    let sqlite = dir.path().join("kb.db").display().to_string();
    dossier(&sqlite, &["ingest", &report, "--published", "2022-02"]);
    let a = dossier(&sqlite, &["entities", "--format", "json"]);
    let b = dossier(&pg, &["entities", "--format", "json"]);
    assert_eq!(entity_summary(&a.stdout), entity_summary(&b.stdout));
}

/// One GET over plain HTTP/1.1: (status line, body).
fn http_get(addr: &str, path: &str) -> (String, String) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn issue17_serve_on_postgresql_answers_as_on_sqlite_and_stops_cleanly() {
    use std::io::BufRead;
    let Some(server) = server() else { return };
    let scratch = Scratch::new(&server, "serve");
    let pg = scratch.url();
    let dir = tempfile::tempdir().unwrap();
    write_reports(dir.path());
    let sqlite = dir.path().join("kb.db").display().to_string();
    let reports = dir.path().display().to_string();
    let mut bodies = Vec::new();
    for db in [&sqlite, &pg] {
        dossier(db, &["ingest", &reports, "--published", "2022-02"]);
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("dossier"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db", db])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        let mut got = Vec::new();
        for path in [
            "/api/v1/entities",
            "/api/v1/search?q=attacked",
            "/api/v1/timeline",
            "/?q=brigade",
        ] {
            let (status, body) = http_get(&addr, path);
            assert!(status.contains("200"), "{path}: {status}");
            got.push(body);
        }
        bodies.push(got);
        // SIGTERM: a graceful stop, exit 0, no panic (the PostgreSQL
        // client's own runtime is dropped off the server's).
        let killed = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(killed.success());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "serve --db {db}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    assert_eq!(bodies[0], bodies[1]);
    assert!(bodies[0][0].contains("Red Dune Brigade"));
}
