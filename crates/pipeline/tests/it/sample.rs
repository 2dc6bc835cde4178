//! The default pipeline on the bundled sample report: snapshots of what it
//! extracts (typed entities; relations, events and attributes), so that any
//! change in extraction shows up in review. Update with `cargo insta review`
//! (or `INSTA_UPDATE=always cargo test -p dossier-pipeline --test it sample`).
//! The snapshots are `tests/snapshots/sample__NAME.snap`, the names they had
//! when this file was its own test binary (`assert_sample_snapshot`).

use dossier_doc::Doc;
use dossier_pipeline::{builtin, Pipeline};
use dossier_read::{read_path, ReadOptions};
use std::fmt::Write;
use std::path::Path;

fn sample_doc() -> Doc {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/sample-report.txt");
    let opts = ReadOptions {
        published: Some("2022-02".parse().unwrap()),
        ..ReadOptions::default()
    };
    let mut doc = read_path(&path, &opts).expect("sample readable");
    let pipeline = Pipeline::build(&builtin::default_config(), &builtin::registry()).unwrap();
    pipeline.run(&mut doc).expect("pipeline runs");
    doc
}

/// Checks `s` against `tests/snapshots/sample__{name}.snap`: the directory
/// and names the snapshots had when this file was the test binary `sample`,
/// so they stay where others edit them.
fn assert_sample_snapshot(name: &str, s: &str) {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(format!("sample__{name}"), s);
    });
}

#[test]
fn sample_spans_are_consistent() {
    let doc = sample_doc();
    doc.check_spans().unwrap();
    for r in &doc.relations {
        assert!(!r.evidence.is_empty());
    }
    for e in &doc.events {
        assert!(!e.evidence.is_empty());
    }
}

#[test]
fn sample_typed_entities_snapshot() {
    let doc = sample_doc();
    let mut s = String::new();
    for e in &doc.entities {
        let _ = writeln!(
            s,
            "{:<14} {} | {} | mentions {}",
            e.etype.as_str(),
            e.name,
            e.aliases.join("; "),
            e.mentions.len()
        );
    }
    assert_sample_snapshot("sample_typed_entities_snapshot", &s);
}

#[test]
fn sample_facts_snapshot() {
    let doc = sample_doc();
    let name = |i: usize| doc.entities[i].name.clone();
    let mut s = String::new();
    let _ = writeln!(s, "## relations");
    for r in &doc.relations {
        let _ = writeln!(
            s,
            "{}({} -> {}) date={:?} conf={:.2} sentences={:?}",
            r.rtype,
            name(r.source),
            name(r.target),
            r.date.map(|d| d.to_string()),
            r.confidence,
            r.evidence.iter().map(|e| e.sentence).collect::<Vec<_>>()
        );
    }
    let _ = writeln!(s, "## events");
    for e in &doc.events {
        let parts: Vec<String> = e
            .participants
            .iter()
            .map(|p| format!("{}={}", p.role, name(p.entity)))
            .collect();
        let _ = writeln!(
            s,
            "{} '{}' date={:?} attempted={} fatalities={:?} injured={:?} [{}] sentences={:?}",
            e.etype,
            e.trigger,
            e.date.map(|d| d.to_string()),
            e.attempted,
            e.fatalities,
            e.injured,
            parts.join(", "),
            e.evidence.iter().map(|e| e.sentence).collect::<Vec<_>>()
        );
    }
    let _ = writeln!(s, "## attributes");
    for a in &doc.attributes {
        let _ = writeln!(
            s,
            "{}.{} = {} date={:?}",
            name(a.entity),
            a.name,
            a.value,
            a.date.map(|d| d.to_string())
        );
    }
    assert_sample_snapshot("sample_facts_snapshot", &s);
}
