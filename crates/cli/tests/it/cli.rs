//! Integration tests: the `dossier` binary on fixtures.
//!
//! One test binary; `fixture!` writes named files into a fresh temporary
//! directory. Regression tests are named after their issue (`issue2_…`).

use super::{dossier, ok_stdout};
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Creates a temporary directory holding the given `name => contents` files.
macro_rules! fixture {
    ($($name:expr => $contents:expr),* $(,)?) => {{
        let dir = tempfile::tempdir().unwrap();
        $(
            let path = dir.path().join($name);
            if let Some(parent) = path.parent() { std::fs::create_dir_all(parent).unwrap(); }
            std::fs::write(&path, $contents).unwrap();
        )*
        dir
    }};
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample-report.txt")
}

const GOOD: &str = "The Northern Dawn Brigade, an armed militia, was founded in 2014 by Karim Aldous in the city of Mosul.\n\nAldous was arrested in Baghdad in March 2019.\n";

fn extract_json(path: &Path, extra: &[&str]) -> Value {
    let out = ok_stdout(dossier().arg("extract").arg(path).args(extra)).into_bytes();
    serde_json::from_slice(&out).expect("extract prints valid JSON")
}

#[test]
fn issue2_extract_sample_prints_interchange_json() {
    let v = extract_json(&sample(), &["--published", "2022-02", "--format", "json"]);
    assert_eq!(v["document"]["published"], "2022-02");
    assert!(v["document"]["id"].as_str().unwrap().starts_with("sha256:"));
    let sentences = v["sentences"].as_array().unwrap();
    assert!(sentences.len() > 60, "only {} sentences", sentences.len());
    let text = std::fs::read_to_string(sample()).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for s in sentences {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[a..b].iter().collect();
        assert_eq!(
            slice,
            s["text"].as_str().unwrap(),
            "sentence offsets are char offsets into the text"
        );
    }
    let names: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    for country in ["Iran", "Azerbaijan", "Israel", "Syria"] {
        assert!(names.contains(&country), "{country} missing from {names:?}");
    }
    for e in v["entities"].as_array().unwrap() {
        assert!(
            !e["mentions"].as_array().unwrap().is_empty(),
            "{} has no mention",
            e["name"]
        );
    }
    for kind in ["relations", "events", "attributes"] {
        for item in v[kind].as_array().unwrap() {
            assert!(
                !item["evidence"].as_array().unwrap().is_empty(),
                "{kind} item without evidence: {item}"
            );
        }
    }
}

#[test]
fn issue2_extract_several_files_prints_json_lines() {
    let dir = fixture!("a.txt" => GOOD, "b.md" => "---\ntitle: Second\ndate: 2020-05-01\n---\n# Heading\n\nThe militia attacked Kirkuk.\n");
    // JSON Lines only when asked for (issue 15: `json` is one JSON value).
    let out = dossier()
        .args(["extract", "--format", "jsonl"])
        .arg(dir.path().join("a.txt"))
        .arg(dir.path().join("b.md"))
        .assert()
        .success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["document"]["title"], "Second");
    assert_eq!(lines[1]["document"]["published"], "2020-05-01");
}

#[test]
fn issue2_extract_text_format_lists_facts() {
    let dir = fixture!("a.txt" => GOOD);
    dossier()
        .args(["extract", "--format", "text"])
        .arg(dir.path().join("a.txt"))
        .assert()
        .success()
        .stdout(predicate::str::contains("## Entities").and(predicate::str::contains("Mosul")));
}

#[test]
fn issue2_ingest_is_idempotent_and_searchable() {
    let dir = fixture!("docs/a.txt" => GOOD);
    let db = dir.path().join("kb.db");
    dossier()
        .arg("ingest")
        .arg(dir.path().join("docs"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 new, 0 unchanged, 0 failed"));
    let list = |db: &Path| -> Value {
        let out = ok_stdout(
            dossier()
                .args(["entities", "--format", "json", "--db"])
                .arg(db),
        )
        .into_bytes();
        serde_json::from_slice(&out).unwrap()
    };
    let before = list(&db);
    assert!(before
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Mosul"));
    dossier()
        .arg("ingest")
        .arg(dir.path().join("docs"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success()
        .stderr(predicate::str::contains("0 new, 1 unchanged, 0 failed"));
    // Recognized by its content hash before any processing: even a budget
    // no extraction could meet does not fail it.
    dossier()
        .arg("ingest")
        .arg(dir.path().join("docs"))
        .arg("--db")
        .arg(&db)
        .args(["--doc-timeout", "0.000001"])
        .assert()
        .success()
        .stderr(predicate::str::contains("0 new, 1 unchanged, 0 failed"));
    assert_eq!(before, list(&db), "re-ingest changed the knowledge base");
    dossier()
        .args(["search", "arrested", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("[arrested]"));
    // FTS operators and quotes in user input are taken literally, not as
    // syntax errors: no match (exit 1, issue 15), not an error (exit 2).
    dossier()
        .args(["search", "\"unbalanced AND (", "--db"])
        .arg(&db)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no sentence matches"));
}

#[test]
fn issue2_db_from_environment() {
    let dir = fixture!("a.txt" => GOOD);
    let db = dir.path().join("env.db");
    dossier()
        .arg("ingest")
        .arg(dir.path().join("a.txt"))
        .env("DOSSIER_DB", &db)
        .assert()
        .success();
    assert!(db.exists());
}

#[test]
fn issue2_bad_inputs_are_named_and_good_files_still_ingested() {
    let dir = fixture!(
        "mixed/good.txt" => GOOD,
        "mixed/empty.txt" => "",
        "mixed/binary.txt" => vec![0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 255, 0],
    );
    let db = dir.path().join("kb.db");
    dossier()
        .arg("ingest")
        .arg(dir.path().join("mixed"))
        .arg(dir.path().join("missing.txt"))
        .arg("--db")
        .arg(&db)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("1 new")
                .and(predicate::str::contains("empty.txt"))
                .and(predicate::str::contains("binary.txt"))
                .and(predicate::str::contains("missing.txt")),
        );
    let out = ok_stdout(
        dossier()
            .args(["entities", "--format", "json", "--db"])
            .arg(&db),
    )
    .into_bytes();
    let v: Value = serde_json::from_slice(&out).unwrap();
    assert!(
        !v.as_array().unwrap().is_empty(),
        "the good file was not stored"
    );
}

#[test]
fn issue2_each_bad_input_fails_cleanly() {
    let dir = fixture!("empty.txt" => "", "bin.dat" => vec![0u8; 64], "dir/x.txt" => GOOD);
    for name in ["empty.txt", "bin.dat", "nope.txt"] {
        dossier()
            .arg("extract")
            .arg(dir.path().join(name))
            .assert()
            .code(1)
            .stderr(predicate::str::contains(name).and(predicate::str::contains("panicked").not()));
    }
    // A file over 50 MB is refused with a clear message (a sparse file: cheap to make).
    let big = dir.path().join("big.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(51 * 1024 * 1024)
        .unwrap();
    dossier().arg("extract").arg(&big).assert().code(1).stderr(
        predicate::str::contains("big.txt").and(predicate::str::contains("panicked").not()),
    );
}

#[test]
fn issue2_windows_1252_is_decoded() {
    let mut bytes = b"The group met in Qarvan on 3 May 2017 and caf".to_vec();
    bytes.extend([
        0xE9, b' ', 0x93, b'q', b'u', b'o', b't', b'e', 0x94, b'.', b'\n',
    ]);
    let dir = fixture!("w.txt" => bytes);
    let v = extract_json(&dir.path().join("w.txt"), &[]);
    let text = v["sentences"][0]["text"].as_str().unwrap();
    assert!(text.contains("café “quote”"), "{text}");
}

#[test]
fn issue2_usage_errors_exit_2() {
    dossier().arg("extract").assert().code(2);
    dossier()
        .args(["ingest", "x", "--reliability", "Z"])
        .assert()
        .code(2);
    dossier().arg("no-such-command").assert().code(2);
}

#[test]
fn issue2_pipeline_config_is_validated_before_reading() {
    let dir = fixture!("bad.toml" => "components = [\"tokens\", \"sentences\"]\n", "a.txt" => GOOD, "typo.toml" => "components = [\"sentencez\"]\n");
    dossier()
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .arg("--pipeline")
        .arg(dir.path().join("bad.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("requires layer"));
    dossier()
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .arg("--pipeline")
        .arg(dir.path().join("typo.toml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown pipeline component 'sentencez'",
        ));
    dossier()
        .args(["pipeline", "--toml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("components"));
}

#[test]
fn issue2_minimal_pipeline_from_toml_runs() {
    let dir = fixture!("p.toml" => "components = [\"normalize\", \"sentences\", \"tokens\", \"gazetteer\", \"coref\"]\n", "a.txt" => GOOD);
    let v = extract_json(
        &dir.path().join("a.txt"),
        &["--pipeline", dir.path().join("p.toml").to_str().unwrap()],
    );
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["name"] == "Mosul"));
    assert!(v["relations"].as_array().unwrap().is_empty());
}

#[test]
fn issue2_demo_runs() {
    dossier().arg("demo").assert().success().stdout(
        predicate::str::contains("## Entities").and(predicate::str::contains("Knowledge base:")),
    );
}

fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The sample report and a second report that spells its actors differently,
/// ingested into one knowledge base.
/// The sample and a second report on the same actors in one knowledge
/// base, read by the fast pipeline (`pipelines/fast.toml`): these tests are
/// of resolution across reports, and the default pipeline's `learned_types`
/// drops the second report's one "Husseiniyon" (a name seen once, scored as
/// no entity), which leaves nothing to resolve.
fn two_report_kb() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    let fast = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../pipelines/fast.toml");
    dossier()
        .arg("ingest")
        .arg(sample())
        .args(["--published", "2022-02", "--reliability", "B", "--db"])
        .arg(&db)
        .arg("--pipeline")
        .arg(&fast)
        .assert()
        .success();
    dossier()
        .arg("ingest")
        .arg(fixture_path("caucasus-proxies.txt"))
        .args(["--published", "2022-06", "--db"])
        .arg(&db)
        .arg("--pipeline")
        .arg(&fast)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 new, 0 unchanged, 0 failed"));
    (dir, db)
}

fn entities_json(db: &Path) -> Vec<Value> {
    let out = ok_stdout(
        dossier()
            .args(["entities", "--format", "json", "--db"])
            .arg(db),
    )
    .into_bytes();
    serde_json::from_slice::<Value>(&out)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn issue5_one_entity_per_actor_across_reports() {
    let (_dir, db) = two_report_kb();
    let ents = entities_json(&db);
    let holding = |alias: &str| -> Vec<&Value> {
        ents.iter()
            .filter(|e| {
                e["name"] == alias || e["aliases"].as_array().unwrap().iter().any(|a| a == alias)
            })
            .collect()
    };
    // spelling variants, acronym and expansion, a shortened person name: one entity each, seen in both documents
    for (a, b) in [
        ("Hezbollah", "Hizballah"),
        ("IRGC", "Islamic Revolutionary Guard Corps"),
        ("Husseiniyon", "Husseni’yon"),
        ("Tawheed Begli", "Begli"),
    ] {
        let (ha, hb) = (holding(a), holding(b));
        assert_eq!(ha.len(), 1, "{a}: {ha:?}");
        assert_eq!(ha, hb, "{a} and {b} are different entities");
        assert_eq!(ha[0]["documents"], 2, "{a}: {:?}", ha[0]);
    }
    // different actors stay apart
    assert_ne!(holding("Iran"), holding("Azerbaijan"));
}

#[test]
fn issue5_profile_of_the_sample_group_is_cited() {
    let (_dir, db) = two_report_kb();
    let out = ok_stdout(
        dossier()
            .args(["profile", "Husseini'yon", "--format", "json", "--db"])
            .arg(&db),
    )
    .into_bytes();
    let p: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(p["type"], "armed_group");
    let section = |key: &str| -> Vec<Value> {
        p["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["key"] == key)
            .map(|s| s["items"].as_array().unwrap().clone())
            .unwrap_or_default()
    };
    let labels = |key: &str| -> Vec<String> {
        section(key)
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        labels("formation").iter().any(|l| l.contains("Begli")),
        "{:?}",
        labels("formation")
    );
    assert!(labels("leadership").iter().any(|l| l.contains("Begli")));
    for s in ["Iran", "Islamic Revolutionary Guard Corps"] {
        assert!(
            labels("sponsors").iter().any(|l| l == s),
            "{s}: {:?}",
            labels("sponsors")
        );
    }
    assert!(labels("trainers").contains(&"Hezbollah".to_string()));
    assert!(labels("areas").contains(&"Qom".to_string()));
    assert!(section("size").len() >= 2, "sizes at two dates");
    assert!(!section("members").is_empty() && !section("timeline").is_empty());
    // every statement outside the name list carries a footnote, and every footnote quotes its sentence
    for s in p["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["key"] != "names")
    {
        for i in s["items"].as_array().unwrap() {
            assert!(!i["notes"].as_array().unwrap().is_empty(), "uncited: {i}");
        }
    }
    let notes = p["notes"].as_array().unwrap();
    assert!(notes.iter().all(|n| !n["text"].as_str().unwrap().is_empty()
        && n["document"].as_str().unwrap().starts_with("sha256:")));
    assert_eq!(p["sources"].as_array().unwrap().len(), 2);
    // Markdown and self-contained HTML
    dossier()
        .args(["profile", "Husseini'yon", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("## Sponsors").and(predicate::str::contains("[^1]:")));
    let html = ok_stdout(
        dossier()
            .args(["profile", "Husseini'yon", "--format", "html", "--db"])
            .arg(&db),
    );
    assert!(
        html.contains("<svg") && !html.contains("src=\"http"),
        "self-contained HTML with SVG"
    );
    dossier()
        .args(["profile", "Nobody At All", "--db"])
        .arg(&db)
        .assert()
        .failure()
        .code(1);
}

#[test]
fn issue5_timeline_graph_and_exports() {
    let (dir, db) = two_report_kb();
    dossier()
        .args(["timeline", "--from", "2018", "--to", "2018", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::contains("2018").and(predicate::str::contains("2016").not()));
    let csv = ok_stdout(
        dossier()
            .args(["timeline", "Husseini'yon", "--format", "csv", "--db"])
            .arg(&db),
    )
    .into_bytes();
    assert!(String::from_utf8(csv).unwrap().lines().count() > 2);
    let g = ok_stdout(
        dossier()
            .args([
                "graph",
                "Husseini'yon",
                "--depth",
                "1",
                "--format",
                "json",
                "--db",
            ])
            .arg(&db),
    )
    .into_bytes();
    let g: Value = serde_json::from_slice(&g).unwrap();
    assert!(g.to_string().contains("sponsor_of"));
    dossier()
        .args(["graph", "--format", "dot", "--db"])
        .arg(&db)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("digraph"));
    for (format, out) in [
        ("stix", "b.json"),
        ("graphml", "g.graphml"),
        ("jsonl", "all.jsonl"),
        ("csv", "csv"),
    ] {
        dossier()
            .args(["export", "--format", format, "--out"])
            .arg(dir.path().join(out))
            .arg("--db")
            .arg(&db)
            .assert()
            .success();
    }
    let bundle: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("b.json")).unwrap()).unwrap();
    assert_eq!(bundle["type"], "bundle");
    let types: Vec<&str> = bundle["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["type"].as_str().unwrap())
        .collect();
    for t in [
        "threat-actor",
        "identity",
        "location",
        "relationship",
        "report",
    ] {
        assert!(types.contains(&t), "{t} missing from the bundle");
    }
    for f in ["entities.csv", "relations.csv", "events.csv"] {
        assert!(dir.path().join("csv").join(f).is_file(), "{f}");
    }
}

#[test]
fn issue5_analyst_overrides_survive_reingest() {
    let (_dir, db) = two_report_kb();
    let id_of = |alias: &str| -> Option<u64> {
        entities_json(&db)
            .iter()
            .find(|e| {
                e["name"] == alias || e["aliases"].as_array().unwrap().iter().any(|a| a == alias)
            })
            .and_then(|e| e["id"].as_u64())
    };
    let hezbollah = id_of("Hezbollah").unwrap();
    assert_eq!(id_of("Hizballah"), Some(hezbollah));
    dossier()
        .args(["split", "Hezbollah", "Hizballah", "--db"])
        .arg(&db)
        .assert()
        .success();
    let split = id_of("Hizballah").unwrap();
    assert_ne!(split, hezbollah);
    // re-ingesting an unchanged file keeps the override
    dossier()
        .arg("ingest")
        .arg(fixture_path("caucasus-proxies.txt"))
        .arg("--db")
        .arg(&db)
        .assert()
        .success();
    assert_ne!(id_of("Hizballah"), Some(hezbollah));
    dossier()
        .args(["merge", "Hezbollah", "Hizballah", "--db"])
        .arg(&db)
        .assert()
        .success();
    assert_eq!(id_of("Hizballah"), Some(hezbollah));
}

const CONLL: &str = "-DOCSTART- -X- -X- O\n\nPeter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\nvisited VBD B-VP O\nGermany NNP B-NP B-LOC\n. . O O\n\nThe DT B-NP O\nEuropean NNP I-NP B-ORG\nCommission NNP I-NP I-ORG\nsaid VBD B-VP O\nit PRP B-NP O\nwould MD B-VP O\nact VB I-VP O\n. . O O\n";

#[test]
fn issue3_ner_and_eval_on_conll() {
    let dir = fixture!("mini.conll" => CONLL);
    let out = ok_stdout(
        dossier()
            .args(["ner", "--conll"])
            .arg(dir.path().join("mini.conll")),
    );
    let sentences: Vec<&str> = out.trim_end().split("\n\n").collect();
    assert_eq!(sentences.len(), 2, "same sentences as the input:\n{out}");
    let first: Vec<(&str, &str)> = sentences[0]
        .lines()
        .map(|l| l.split_once(' ').unwrap())
        .collect();
    assert_eq!(
        first.iter().map(|t| t.0).collect::<Vec<_>>(),
        ["Peter", "Blackburn", "visited", "Germany", "."]
    );
    assert_eq!(first[0].1, "B-PER");
    assert_eq!(first[3].1, "B-LOC");
    assert!(out.lines().filter(|l| !l.is_empty()).all(|l| {
        let tag = l.rsplit(' ').next().unwrap();
        tag == "O" || ["B-", "I-"].iter().any(|p| tag.starts_with(p))
    }));
    dossier()
        .args(["eval", "ner", "--conll"])
        .arg(dir.path().join("mini.conll"))
        .assert()
        .success()
        .stdout(predicate::str::contains("FB1").and(predicate::str::contains("PER")));
    dossier()
        .args(["ner", "--conll"])
        .arg(dir.path().join("missing.conll"))
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("missing.conll"));
}

/// `dossier ingest` extracts the next document while it stores one (issue
/// 14, item 3): the same bytes under a second name, extracted while the
/// first is stored, count as unchanged; a file that fails in the middle of
/// the batch fails alone; every other document is stored.
#[test]
fn issue14_ingest_overlapping_extraction_and_storing_counts_every_document() {
    let other = "The Ostren Guard, an armed group, attacked a depot in Vellmar in May 2018.\n";
    let third = "Tarin Vosk led the Kessel Front from Dornhal until 2017.\n";
    let dir = fixture!(
        "docs/a.txt" => GOOD,
        "docs/b.txt" => GOOD,
        "docs/c.txt" => other,
        "docs/d.pdf" => "not a PDF at all",
        "docs/e.txt" => third,
    );
    let db = dir.path().join("kb.db");
    dossier()
        .arg("ingest")
        .arg(dir.path().join("docs"))
        .arg("--db")
        .arg(&db)
        .assert()
        .failure()
        .stderr(predicate::str::contains("3 new, 1 unchanged, 1 failed"))
        .stderr(predicate::str::contains("d.pdf"));
    let docs = ok_stdout(
        dossier()
            .args(["documents", "list", "--format", "json", "--db"])
            .arg(&db),
    );
    let docs: Value = serde_json::from_str(&docs).unwrap();
    assert_eq!(docs.as_array().unwrap().len(), 3, "{docs}");
}
