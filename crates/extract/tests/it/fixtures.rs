//! Fictional fixture reports with expected facts in the answer-key shape,
//! run through the whole chain and scored with the scorer's matching.
//! The floors are the scores the code reaches now (less rounding), so a
//! loss on any fixture fails. `DOSSIER_EXTRACT_DUMP=DIR` keeps each
//! fixture's interchange JSON in `DIR`.

use crate::common;
use dossier_doc::interchange::Interchange;
use std::path::Path;

fn check(name: &str, min_rel: f64, min_ev: f64, min_attr: f64) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let text = std::fs::read_to_string(dir.join(format!("{name}.txt"))).unwrap();
    let gold: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap())
            .unwrap();
    let published = gold["document"]["published"].as_str().unwrap_or("2022");
    let doc = common::run(&text, published);
    doc.check_spans().unwrap();
    let wire = Interchange::from_doc(&doc);
    if let Some(dir) = std::env::var_os("DOSSIER_EXTRACT_DUMP") {
        let out = Path::new(&dir).join(format!("{name}.json"));
        std::fs::write(&out, serde_json::to_string_pretty(&wire).unwrap()).unwrap();
    }
    let (r, e, a, notes) = common::score(&wire, &gold);
    eprintln!(
        "{name}: relations F1 {:.3} {r:?}; events F1 {:.3} {e:?}; attributes F1 {:.3} {a:?}",
        r.f1(),
        e.f1(),
        a.f1()
    );
    for n in &notes {
        eprintln!("  {n}");
    }
    assert!(
        r.f1() >= min_rel,
        "{name}: relations F1 {:.3} < {min_rel}",
        r.f1()
    );
    assert!(
        e.f1() >= min_ev,
        "{name}: events F1 {:.3} < {min_ev}",
        e.f1()
    );
    assert!(
        a.f1() >= min_attr,
        "{name}: attributes F1 {:.3} < {min_attr}",
        a.f1()
    );
}

#[test]
fn profile_of_a_fictional_group() {
    check("dunes-profile", 0.69, 0.99, 0.66);
}

#[test]
fn second_fictional_profile() {
    check("northern-front", 0.99, 0.99, 0.99);
}

#[test]
fn more_incident_summaries() {
    check("incidents-east", 0.99, 0.88, 0.99);
}

#[test]
fn short_incident_summaries() {
    check("incidents", 0.79, 0.99, 0.66);
}

#[test]
fn scorer_reimplementation_matches_itself() {
    // a perfect system scores 1.0: build it from the gold of one fixture
    let gold: serde_json::Value = serde_json::json!({
        "entities": [{"name": "A Group", "type": "armed_group", "aliases": ["AG"]}, {"name": "Norland", "type": "country", "aliases": []}],
        "relations": [{"type": "hostile_to", "source": "Norland", "target": "A Group"}],
        "events": [{"type": "attack", "date": "2020-05", "participants": {"agent": ["A Group"]}}],
        "attributes": [{"entity": "A Group", "name": "member_count", "value": "20~"}]
    });
    let sys: Interchange = serde_json::from_value(serde_json::json!({
        "document": {"id": "x"},
        "entities": [{"id": "e1", "type": "armed_group", "name": "AG"}, {"id": "e2", "type": "country", "name": "Norland"}],
        "relations": [{"type": "hostile_to", "source": "e1", "target": "e2", "confidence": 0.9, "evidence": []},
                      {"type": "ally_of", "source": "e1", "target": "e2", "confidence": 0.9, "evidence": []}],
        "events": [{"type": "attack", "date": "2020-05-04", "participants": [{"role": "agent", "entity": "e1"}], "confidence": 0.9, "evidence": []}],
        "attributes": [{"entity": "e1", "name": "member_count", "value": "20", "evidence": []}],
        "sentences": []
    }))
    .unwrap();
    let (r, e, a, _) = common::score(&sys, &gold);
    assert_eq!((r.tp, r.fp, r.fn_), (1, 1, 0));
    assert_eq!((e.tp, e.fp, e.fn_), (1, 0, 0));
    assert_eq!((a.tp, a.fp, a.fn_), (1, 0, 0));
}
