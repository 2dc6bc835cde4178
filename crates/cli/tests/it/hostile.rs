//! Issue 14: hostile inputs in a batch. Each bad file fails on its own with
//! a message naming it and the problem; the rest of the batch is stored;
//! nothing from a document reaches the terminal as an escape sequence.
//! The crafted files are generated here (no fixtures).

use super::dossier;
use dossier_read::testing::pdf_of;
use std::path::Path;

const GOOD: &str = "The Vell Circle, an armed militia, was founded in 2014 by Arno Kessel in the city of Dorn.\n\nKessel was arrested in Ostara in March 2019.\n";

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Ingests a batch in which some files fail (exit status 1); its stderr.
fn ingest_failing(batch: &Path, db: &Path, args: &[&str]) -> String {
    let out = dossier()
        .arg("ingest")
        .arg(batch)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    err
}

/// How many search hits "founded" has in the knowledge base.
fn founded_hits(db: &Path) -> usize {
    let out = dossier()
        .args(["search", "founded", "--format", "json", "--db"])
        .arg(db)
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    hits.as_array().map_or(0, Vec::len)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn issue14_hostile_batch_fails_per_file_and_stores_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    // 50,000 unclosed <b>: aborted the process (stack overflow, exit 134).
    let mut bold = String::from("<html><body><p>The Ostren Guard met in Dorn.</p>");
    bold.push_str(&"<b>".repeat(50_000));
    bold.push_str("end</body></html>");
    write(&batch, "a_bold.html", bold);
    // 30,000 nested <div>.
    write(
        &batch,
        "b_div.html",
        format!(
            "<html><body>{}The Ostren Guard held the bridge.{}</body></html>",
            "<div>".repeat(30_000),
            "</div>".repeat(30_000)
        ),
    );
    // A page that is its own parent: hung extract and ingest forever.
    let content = "BT /F1 18 Tf 72 700 Td (The Vell Circle) Tj ET";
    let stream = format!(
        "<< /Length {} >>\nstream\n{content}\nendstream",
        content.len()
    );
    write(
        &batch,
        "c_cycle.pdf",
        pdf_of(&[
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            &stream,
        ]),
    );
    // A broken PDF: was "empty file (no text)".
    write(&batch, "d_junk.pdf", b"%PDF-1.7\n\x01\x02 not really a pdf");
    // One stray 0x96 among UTF-8 curly quotes: was decoded as Windows-1252.
    let mut stray = "The “Vell Circle” met the “Ostren Guard” in Dorn "
        .as_bytes()
        .to_vec();
    let at = stray.len();
    stray.push(0x96);
    stray.extend(" in May 2019.\n".as_bytes());
    write(&batch, "e_stray.txt", &stray);
    write(&batch, "f_good.txt", GOOD);
    // Escape sequences that retitle the terminal and clear the screen.
    write(
        &batch,
        "g_escape.txt",
        "The Ostren Guard met the Vell Circle in Dorn.\x1b]0;owned\x07 Then \x1b[2J the Ostren Guard left Dorn.\n",
    );
    let db = dir.path().join("kb.db");
    let t = std::time::Instant::now();
    let out = dossier()
        .arg("ingest")
        .arg(&batch)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    let elapsed = t.elapsed();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(elapsed.as_secs() < 120, "{elapsed:?}");
    assert!(
        err.contains("documents: 5 new, 0 unchanged, 2 failed"),
        "{err}"
    );
    assert!(
        err.contains("c_cycle.pdf: cannot extract text from PDF: PDF page tree has a cycle"),
        "{err}"
    );
    assert!(
        err.contains("d_junk.pdf: cannot extract text from PDF"),
        "{err}"
    );
    assert!(!err.contains("empty file"), "{err}");
    assert!(
        err.contains(&format!(
            "e_stray.txt: not valid UTF-8 at byte offset {at};"
        )),
        "{err}"
    );
    // The rest of the batch is stored and searchable.
    for (query, file) in [
        ("founded", "f_good"),
        ("bridge", "b_div"),
        ("\"Ostren Guard met in Dorn\"", "a_bold"),
        ("left", "g_escape"),
    ] {
        let out = dossier()
            .args(["search", query, "--format", "json", "--db"])
            .arg(&db)
            .output()
            .unwrap();
        let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            hits.as_array().is_some_and(|h| !h.is_empty()),
            "{file}: no hit for {query}: {}",
            stderr_of(&out)
        );
    }
    // The curly quotes of the stray-byte file survived.
    let out = dossier()
        .args(["search", "May", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("“Ostren Guard”"), "{text}");
    // No escape sequence reaches the terminal through search or entities.
    for args in [
        vec!["search", "Ostren"],
        vec!["search", "left"],
        vec!["entities"],
    ] {
        let out = dossier().args(&args).arg("--db").arg(&db).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert!(
            !out.stdout.contains(&0x1b) && !out.stdout.contains(&0x07),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        if args.get(1) == Some(&"left") {
            let s = String::from_utf8(out.stdout).unwrap();
            assert!(
                s.contains('\u{241B}'),
                "ESC shown as a control picture: {s}"
            );
        }
    }
}

#[test]
fn issue14_document_over_the_memory_budget_fails_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    let line = "The Vell Circle attacked the Ostren Guard in Dorn on 3 May 2019, and Arno Kessel was arrested. ";
    // 600 KB of text: refused at once by its size (36 MiB estimated).
    write(&batch, "a_large.txt", line.repeat(600_000 / line.len()));
    // 250 KB of short words (a token every 3 bytes, more than the 60× of
    // the estimate): under the estimate (14 MiB), over the budget once
    // extracted (about 18 MiB after the relations step).
    let short = "Al and Bo met Cy in Do, as Ed saw. ";
    write(&batch, "b_growing.txt", short.repeat(250_000 / short.len()));
    write(&batch, "c_good.txt", GOOD);
    let db = dir.path().join("kb.db");
    let err = ingest_failing(&batch, &db, &["--doc-memory", "16"]);
    assert!(
        err.contains("documents: 1 new, 0 unchanged, 2 failed"),
        "{err}"
    );
    assert!(
        err.contains("a_large.txt: exceeds the memory budget of 16 MiB per document: its 599"),
        "{err}"
    );
    assert!(
        err.contains("b_growing.txt: exceeds the memory budget of 16 MiB per document"),
        "{err}"
    );
    assert_eq!(founded_hits(&db), 1, "the good file is stored");
    // The default budget takes the same batch whole.
    let out = dossier()
        .args(["extract", "--format", "jsonl"])
        .arg(batch.join("b_growing.txt"))
        .arg(batch.join("c_good.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    // A budget of nothing is a usage error.
    let out = dossier()
        .args(["extract", "x.txt", "--doc-memory=0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn issue14_document_over_budget_fails_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let batch = dir.path().join("batch");
    std::fs::create_dir(&batch).unwrap();
    // About 2 MB of report text: seconds of work, over a 1.5 s budget.
    let line = "The Vell Circle attacked the Ostren Guard in Dorn on 3 May 2019, and Arno Kessel was arrested. ";
    write(&batch, "a_long.txt", line.repeat(2_000_000 / line.len()));
    write(&batch, "b_good.txt", GOOD);
    let db = dir.path().join("kb.db");
    let err = ingest_failing(&batch, &db, &["--doc-timeout", "1.5"]);
    assert!(
        err.contains("documents: 1 new, 0 unchanged, 1 failed"),
        "{err}"
    );
    assert!(
        err.contains("a_long.txt: over the time budget of 1.5 s per document"),
        "{err}"
    );
    assert_eq!(founded_hits(&db), 1, "the good file is stored");
    // extract: the same, one JSON line for the good file.
    let out = dossier()
        .arg("extract")
        .arg(batch.join("a_long.txt"))
        .arg(batch.join("b_good.txt"))
        .args(["--format", "jsonl", "--doc-timeout", "1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("a_long.txt: over the time budget"));
    let lines: Vec<&[u8]> = out
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 1);
    let v: serde_json::Value = serde_json::from_slice(lines[0]).unwrap();
    assert!(v["document"]["path"]
        .as_str()
        .unwrap()
        .ends_with("b_good.txt"));
    // Nonsense budgets are refused before any work.
    for bad in ["0", "-1", "nan"] {
        let out = dossier()
            .args(["extract", "x.txt", &format!("--doc-timeout={bad}")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            stderr_of(&out).contains("--doc-timeout"),
            "{bad}: {}",
            stderr_of(&out)
        );
    }
}

#[test]
fn issue14_script_urls_and_formulas_do_not_reach_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let doc = format!(
        "---\ntitle: \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"\nurl: \"javascript:alert(document.cookie)\"\ndate: 2020-05-01\n---\n\n{GOOD}"
    );
    write(dir.path(), "front.md", doc);
    write(
        dir.path(),
        "og.html",
        format!("<html><head><meta property=\"og:url\" content=\"JaVaScRiPt:alert(1)\"><title>@SUM(1+1)</title></head><body><p>{GOOD}</p></body></html>"),
    );
    let db = dir.path().join("kb.db");
    dossier()
        .arg("ingest")
        .arg(dir.path().join("front.md"))
        .arg(dir.path().join("og.html"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    let out = dossier()
        .args(["entities", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = list
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|e| e["documents"].as_u64())
        .expect("an entity")["id"]
        .to_string();
    let html = dossier()
        .args(["profile", &id, "--format", "html", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(html.status.success(), "{}", stderr_of(&html));
    let html = String::from_utf8(html.stdout).unwrap().to_lowercase();
    assert!(
        html.contains("javascript:alert"),
        "the address is shown as text"
    );
    assert!(!html.contains("href=\"javascript"), "{html}");
    let md = dossier()
        .args(["profile", &id, "--format", "md", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap().to_lowercase();
    assert!(!md.contains("<javascript"), "{md}");
    let csv_dir = dir.path().join("csv");
    dossier()
        .args(["export", "--format", "csv", "--db"])
        .arg(&db)
        .arg("--out")
        .arg(&csv_dir)
        .assert()
        .success();
    let docs = std::fs::read_to_string(csv_dir.join("documents.csv")).unwrap();
    assert!(docs.contains("'=HYPERLINK"), "{docs}");
    assert!(docs.contains("'@SUM(1+1)"), "{docs}");
    for line in docs.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{line}");
        }
    }
}
