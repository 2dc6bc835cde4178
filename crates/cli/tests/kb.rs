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
