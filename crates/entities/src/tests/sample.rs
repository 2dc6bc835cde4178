//! Gazetteer + coreference on the bundled sample report, scored loosely
//! against its answer key (measuring, with a sane minimum).

use crate::testutil::doc_of;
use crate::{Coref, GazetteerRecognizer};
use dossier_doc::Component;

/// The tracked sample report; its absence is a failure, not a skip.
fn sample() -> String {
    let root = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sample-report.txt"
    );
    std::fs::read_to_string(root)
        .unwrap_or_else(|e| panic!("tracked fixture {root} cannot be read: {e}"))
}

#[test]
fn sample_report_entities() {
    let text = sample();
    let mut doc = doc_of(&text);
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    Coref::new().process(&mut doc).unwrap();
    doc.check_spans().unwrap();
    for e in &doc.entities {
        eprintln!(
            "{:<15} {:<40} {:?} ({} mentions)",
            e.etype.as_str(),
            e.name,
            e.aliases,
            e.mentions.len()
        );
    }
    // Every mention belongs to the entity that lists it.
    for (id, e) in doc.entities.iter().enumerate() {
        for &m in &e.mentions {
            assert_eq!(doc.mentions[m].entity, Some(id));
        }
    }
    if let Ok(out) = std::env::var("DOSSIER_ENTITIES_SAMPLE_OUT") {
        let json =
            serde_json::to_string_pretty(&dossier_doc::interchange::Interchange::from_doc(&doc))
                .unwrap();
        std::fs::write(out, json).unwrap();
    }
    let key = |s: &str| crate::name_key(s);
    let names: Vec<(String, dossier_doc::EntityType)> = doc
        .entities
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(move |n| (key(n), e.etype))
        })
        .collect();
    let expected = [
        ("Iran", "country"),
        ("Azerbaijan", "country"),
        ("Turkey", "country"),
        ("Syria", "country"),
        ("Qom", "location"),
        ("Baku", "location"),
        ("Ganja", "location"),
        ("Middle East", "location"),
        ("Tawheed Ibrahim Begli", "person"),
        ("Ilham Aliyev", "person"),
        ("IRGC", "organization"),
        ("Syrian Arab Army", "organization"),
        ("Islamic State", "armed_group"),
        ("Husseini'yon", "armed_group"),
        ("Hezbollah", "armed_group"),
        ("Aras River", "location"),
        ("Israeli embassy", "facility"),
    ];
    let mut found = 0;
    for (n, t) in expected {
        let hit = names.iter().find(|(k, _)| *k == key(n));
        eprintln!(
            "{n:<25} {}",
            match hit {
                Some((_, et)) if et.as_str() == t => "found, typed".to_string(),
                Some((_, et)) => format!("found as {et}"),
                None => "MISSING".into(),
            }
        );
        found += usize::from(hit.is_some());
    }
    assert!(
        found >= 12,
        "only {found} of {} expected entities found",
        expected.len()
    );
}
