//! The scorer agrees with the reference scorer (`eval/score.py`): its
//! figures on real extractions of corpus documents were recorded with
//! `score.py SYSTEM GOLD --json` and must be reproduced exactly.

use serde_json::Value;
use std::path::PathBuf;

fn load(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).expect("tracked fixture")).unwrap()
}

#[test]
fn same_counts_as_score_py() {
    for id in ["inc-004", "wiki-lehi-militantgroup-1", "wiki-montoneros-2"] {
        let r = dossier_eval::score(
            &load(&format!("{id}.system.json")),
            &load(&format!("{id}.gold.json")),
        );
        let want = load(&format!("{id}.expected.json"));
        for (name, c) in r.sections() {
            let w = &want[name];
            assert_eq!(
                (c.tp as u64, c.fp as u64, c.fn_ as u64),
                (
                    w["tp"].as_u64().unwrap(),
                    w["fp"].as_u64().unwrap(),
                    w["fn"].as_u64().unwrap()
                ),
                "{id} {name}"
            );
        }
        assert_eq!(
            format!("{}/{}", r.dates_exact, r.dates_total),
            want["event_dates_exact"].as_str().unwrap(),
            "{id}"
        );
        assert!(
            (r.overall() - want["overall_f1"].as_f64().unwrap()).abs() < 1e-4,
            "{id}"
        );
    }
}
