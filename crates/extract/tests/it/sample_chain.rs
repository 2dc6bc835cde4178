//! Runs the whole upstream chain (normalize → sentences → tokens → taggers →
//! entities → dates/quantities) and then relations, events and attributes
//! on the reference sample; when python3, the reference scorer and the
//! sample's answer key are beside the repository (`../shared`), prints the
//! scorer's figures (otherwise a note says they were skipped). Set
//! `DOSSIER_EXTRACT_DUMP=DIR` to keep the interchange JSON and a per-sentence
//! dump in `DIR` (`sample.json`, `sample.txt`).

use dossier_doc::interchange::Interchange;
use std::path::Path;

use crate::common::run;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/sample-report.txt"
);
/// The sample's answer key, in the shared material beside the repository.
const GOLD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/gold/husseiniyon-profile.json"
);
/// The reference scorer, beside the repository.
const SCORER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/eval/score.py");

#[test]
fn sample_report_through_the_whole_chain() {
    let text = std::fs::read_to_string(SAMPLE)
        .unwrap_or_else(|e| panic!("tracked fixture {SAMPLE} cannot be read: {e}"));
    let doc = run(&text, "2022-02");
    doc.check_spans().unwrap();
    let wire = Interchange::from_doc(&doc);
    let ctx = dossier_extract::Ctx::new(&doc, &dossier_extract::GazetteerGeo);
    let mut dump = String::new();
    for v in &ctx.views {
        dump.push_str(&format!("#{} p{}: ", v.sentence, ctx.para[v.sentence]));
        for u in &v.units {
            match (u.ent, u.etype) {
                (Some(e), Some(t)) => {
                    dump.push_str(&format!("[{}|{}#{}] ", u.text, t, doc.entities[e].name))
                }
                _ if u.country.is_some() => dump.push_str(&format!(
                    "{}(c:{}) ",
                    u.text,
                    doc.entities[u.country.unwrap()].name
                )),
                _ => dump.push_str(&format!("{} ", u.text)),
            }
        }
        for d in doc.dates.iter().filter(|d| d.sentence == v.sentence) {
            dump.push_str(&format!(" <{:?} {}={}>", d.kind, d.text, d.edtf));
        }
        dump.push('\n');
    }
    for r in &doc.relations {
        dump.push_str(&format!(
            "R {} {} -> {} {:?}\n",
            r.rtype,
            doc.entities[r.source].name,
            doc.entities[r.target].name,
            r.evidence.iter().map(|e| e.sentence).collect::<Vec<_>>()
        ));
    }
    for e in &doc.events {
        let p: Vec<String> = e
            .participants
            .iter()
            .map(|p| format!("{}:{}", p.role, doc.entities[p.entity].name))
            .collect();
        dump.push_str(&format!(
            "E {} {:?} {} {:?} {:?}\n",
            e.etype,
            e.date.map(|d| d.to_string()),
            e.trigger,
            p,
            e.evidence.iter().map(|e| e.sentence).collect::<Vec<_>>()
        ));
    }
    for a in &doc.attributes {
        dump.push_str(&format!(
            "A {} {}={} {:?} {:?}\n",
            doc.entities[a.entity].name,
            a.name,
            a.value,
            a.date.map(|d| d.to_string()),
            a.evidence.iter().map(|e| e.sentence).collect::<Vec<_>>()
        ));
    }
    let json = serde_json::to_string_pretty(&wire).unwrap();
    if let Some(dir) = std::env::var_os("DOSSIER_EXTRACT_DUMP") {
        let dir = Path::new(&dir);
        std::fs::write(dir.join("sample.txt"), &dump).unwrap();
        std::fs::write(dir.join("sample.json"), &json).unwrap();
    }
    assert!(!doc.relations.is_empty() && !doc.events.is_empty() && !doc.attributes.is_empty());
    assert!(doc.relations.iter().all(|r| !r.evidence.is_empty()));
    assert!(doc
        .events
        .iter()
        .all(|e| !e.evidence.is_empty() && !e.participants.is_empty()));
    if !(Path::new(GOLD).is_file() && Path::new(SCORER).is_file()) {
        eprintln!(
            "note: {SCORER} or {GOLD} is not there; the reference scorer's figures are skipped"
        );
        return;
    }
    let out = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(out.path(), &json).unwrap();
    match std::process::Command::new("python3")
        .arg(SCORER)
        .arg(out.path())
        .arg(GOLD)
        .output()
    {
        Ok(o) => eprintln!("{}", String::from_utf8_lossy(&o.stdout)),
        Err(e) => {
            eprintln!("note: python3 cannot run ({e}); the reference scorer's figures are skipped")
        }
    }
}
