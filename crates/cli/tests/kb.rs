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
