//! The knowledge base through the binary: concurrent writers (issue 14).

use std::process::Command;

#[test]
fn issue14_two_ingest_processes_on_one_new_database_store_everything() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let groups = [
        "Tallis", "Marsh", "Delta", "Hill", "Shield", "Hand", "Reed", "Stone",
    ];
    for (k, folder) in ["a", "b"].iter().enumerate() {
        let d = dir.path().join(folder);
        std::fs::create_dir_all(&d).unwrap();
        for (i, g) in groups.iter().enumerate() {
            std::fs::write(
                d.join(format!("r{i}.txt")),
                format!(
                    "The {g} Front {k}, an armed group, attacked a police post in Norvik on 3 May 2019.\n\nIts leader Orla Vance{k}{i} was arrested in Sarn in 2020.\n"
                ),
            )
            .unwrap();
        }
    }
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    let spawn = |folder: &str| {
        Command::new(&bin)
            .env_remove("DOSSIER_PIPELINE")
            .arg("ingest")
            .arg(dir.path().join(folder))
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn("a"));
        let b = s.spawn(|| spawn("b"));
        (a.join().unwrap(), b.join().unwrap())
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new(&bin)
        .args(["entities", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for k in 0..2 {
        for i in 0..groups.len() {
            let name = format!("Orla Vance{k}{i}");
            assert!(
                text.contains(&name),
                "{name} missing: both batches are stored"
            );
        }
    }
}

/// `dossier documents` and `dossier review` (issue 16): list, edit and
/// delete documents; list facts, reject one, undo; a rejection holds when
/// the document is deleted and extracted again.
#[test]
fn issue16_documents_and_review_commands() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let report = dir.path().join("report.txt");
    std::fs::write(
        &report,
        "Karsk Front report\n\nThe Karsk Front was founded by Orla Vance in 2015.\n\n\
         Orla Vance leads the Karsk Front, which attacked a police post in Norvik on 3 May 2019.\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    let run = |args: &[&str]| {
        let out = Command::new(&bin)
            .env_remove("DOSSIER_PIPELINE")
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let ok = |args: &[&str]| {
        let (ok, out, err) = run(args);
        assert!(ok, "{args:?}: {err}");
        out
    };
    ok(&["ingest", report.to_str().unwrap(), "--published", "2020"]);
    let docs: serde_json::Value =
        serde_json::from_str(&ok(&["documents", "list", "--format", "json"])).unwrap();
    let id = docs[0]["id"].as_str().unwrap().to_string();
    let prefix = &id["sha256:".len().."sha256:".len() + 12];
    ok(&[
        "documents",
        "edit",
        prefix,
        "--title",
        "Field notes",
        "--reliability",
        "B",
    ]);
    let shown = ok(&["documents", "show", &id]);
    assert!(
        shown.contains("Field notes") && shown.contains("B (usually reliable)"),
        "{shown}"
    );
    let (fine, _, err) = run(&["documents", "set-meta", &id, "--reliability", "Q"]);
    assert!(!fine && err.contains("A"), "{err}");
    // Review: facts least confident first; reject the first relation.
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["review", "list", "--format", "json"])).unwrap();
    let rel = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "relation")
        .unwrap_or_else(|| panic!("no relation: {v}"))
        .clone();
    let rel_id = rel["id"].as_i64().unwrap().to_string();
    let err = run(&[
        "review",
        "reject",
        "relation",
        &rel_id,
        "--user",
        "analyst-k",
    ])
    .2;
    assert!(err.contains("decision 1"), "{err}");
    let listed = ok(&["review", "list"]);
    assert!(
        listed.contains("rejected") && listed.contains("analyst-k"),
        "{listed}"
    );
    let text = rel["text"].as_str().unwrap().to_string();
    let facts_of = |json: &str| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["facts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!facts_of(&ok(&["review", "list", "--format", "json"])).contains(&text));
    // Delete the document and extract it again: the rejection holds.
    ok(&["documents", "remove", &id]);
    assert_eq!(ok(&["documents", "list", "--format", "json"]).trim(), "[]");
    assert_eq!(
        ok(&["entities", "--format", "json"]).trim(),
        "[]",
        "entities went with it"
    );
    ok(&["ingest", report.to_str().unwrap(), "--published", "2020"]);
    assert!(!facts_of(&ok(&["review", "list", "--format", "json"])).contains(&text));
    // Undo brings it back.
    ok(&["review", "undo", "1"]);
    assert!(facts_of(&ok(&["review", "list", "--format", "json"])).contains(&text));
    let (fine, _, err) = run(&["review", "undo", "1"]);
    assert!(!fine && err.contains("already undone"), "{err}");
}

/// Issue 14, item 7: `--db` pointed at another program's SQLite file is
/// refused by reading and writing commands alike, naming the file, and the
/// file is left byte for byte as it was (no tables added, no WAL).
#[test]
fn issue14_another_programs_database_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("notes.sqlite");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('kept');")
            .unwrap();
    }
    let doc = dir.path().join("r.txt");
    std::fs::write(&doc, "The Vell Circle met in Dorn in May 2019.\n").unwrap();
    let before = std::fs::read(&db).unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    let runs: [&[&str]; 3] = [&["entities"], &["search", "Vell"], &["ingest"]];
    for args in runs {
        let mut cmd = Command::new(&bin);
        cmd.env_remove("DOSSIER_PIPELINE").args(args);
        if args[0] == "ingest" {
            cmd.arg(&doc);
        }
        let out = cmd.arg("--db").arg(&db).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} accepted a foreign file");
        assert!(
            err.contains("notes.sqlite") && err.contains("not a Dossier knowledge base"),
            "{args:?}: {err}"
        );
        assert_eq!(std::fs::read(&db).unwrap(), before, "{args:?} changed it");
        for ext in ["-wal", "-shm"] {
            assert!(!dir.path().join(format!("notes.sqlite{ext}")).exists());
        }
    }
}

/// Issue 14, item 7: read-only commands work on a knowledge base whose
/// directory cannot be written. The shared-memory file SQLite wants beside
/// a WAL database is made impossible to create (a directory of that name),
/// which blocks it for root too; the database file is not changed.
#[test]
fn issue14_read_only_commands_work_where_nothing_can_be_written() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let kb = dir.path().join("kb");
    std::fs::create_dir(&kb).unwrap();
    let db = kb.join("kb.db");
    let doc = dir.path().join("r.txt");
    std::fs::write(
        &doc,
        "The Vell Circle, an armed militia, was founded in 2014 by Arno Kessel in the city of Dorn.\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("dossier");
    let out = Command::new(&bin)
        .env_remove("DOSSIER_PIPELINE")
        .arg("ingest")
        .arg(&doc)
        .arg("--db")
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::create_dir(kb.join("kb.db-shm")).unwrap();
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&kb, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = std::fs::read(&db).unwrap();
    let runs: [&[&str]; 4] = [
        &["entities"],
        &["search", "founded"],
        &["profile", "Vell Circle"],
        &["export", "--format", "jsonl", "--out", "-"],
    ];
    let outs: Vec<_> = runs
        .iter()
        .map(|args| {
            let out = Command::new(&bin)
                .args(*args)
                .arg("--db")
                .arg(&db)
                .output()
                .unwrap();
            (args, out)
        })
        .collect();
    std::fs::set_permissions(&kb, std::fs::Permissions::from_mode(0o755)).unwrap();
    for (args, out) in outs {
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Vell Circle"),
            "{args:?}"
        );
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn issue14_one_ingest_builds_the_same_base_whatever_the_order_of_its_files() {
    // A bare acronym and two long names it fits: stored in the order given,
    // "DA" joined whichever long name came first (and then chained the
    // other one in) or stayed with one of them only.
    let dir = tempfile::tempdir().unwrap();
    let files = [
        ("a.txt", "DA fighters attacked the market in Velna on 3 May 2021, killing four people. The DA commander, Oren Malvik, said the group would fight on.\n"),
        ("b.txt", "The Dorn Army attacked a police post in Orsk on 9 June 2021. The Dorn Army is led by Oren Malvik.\n"),
        ("c.txt", "The Delva Alliance, an armed group based in Kiro, clashed with government troops on 12 July 2021. Malvik denied any link to the Delva Alliance.\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let dump = |order: &[usize]| -> (String, String) {
        let db = dir.path().join(format!("kb-{order:?}.db"));
        let mut cmd = crate::dossier();
        cmd.arg("--quiet").arg("ingest");
        for &i in order {
            cmd.arg(dir.path().join(files[i].0));
        }
        cmd.arg("--db").arg(&db).assert().success();
        let entities = crate::ok_stdout(
            crate::dossier()
                .args(["entities", "--format", "json", "--db"])
                .arg(&db),
        );
        let all = crate::ok_stdout(
            crate::dossier()
                .args(["export", "--format", "jsonl", "--out", "-", "--db"])
                .arg(&db),
        );
        (entities, all)
    };
    let first = dump(&[0, 1, 2]);
    assert!(
        first.0.contains("Dorn Army") && first.0.contains("Oren Malvik"),
        "{}",
        first.0
    );
    for order in [[2, 1, 0], [1, 0, 2], [2, 0, 1]] {
        assert_eq!(dump(&order), first, "order {order:?}");
    }
}
