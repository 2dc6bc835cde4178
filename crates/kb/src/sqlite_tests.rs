//! Tests of the SQLite store on hand-built documents about fictional
//! groups, people and places.

use super::*;

use crate::testing::{attribute as attr, doc, entity as ent, event, relation as rel};
use crate::AttrName;

fn opts() -> IngestOptions {
    IngestOptions::default()
}

/// Counts of everything, to compare store states.
fn counts(s: &SqliteStore) -> Vec<i64> {
    [
        "documents",
        "sentences",
        "entities",
        "doc_entities",
        "aliases",
        "mentions",
        "relations",
        "relation_evidence",
        "events",
        "attributes",
        "overrides",
    ]
    .iter()
    .map(|t| {
        s.conn
            .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    })
    .collect()
}

fn one(s: &SqliteStore, name: &str) -> EntityRecord {
    let found = s.find_entities(name).unwrap();
    assert!(!found.is_empty(), "no entity named {name}");
    found.into_iter().next().unwrap()
}

fn temp_path(tag: &str) -> std::path::PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let p = std::env::temp_dir().join(format!("dossier-kb-{tag}-{}-{n}.db", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

/// Document 1: the Sarkhani’yun, their founder and sponsor.
fn doc1() -> Doc {
    let mut d = doc(
        "sha256:d1",
        &[
            "In 2016, Rustam Kavlani founded the Sarkhani’yun in the city of Port Essel.",
            "Kavlani is backed by the Velmar Liberation Front (VLF).",
            "The Velmar Liberation Front funds the Sarkhani’yun.",
            "Norlandia arms the Sarkhani’yun, officials said.",
            "The group had 14 members in 2016.",
        ],
    );
    let g = ent(&mut d, EntityType::ArmedGroup, &["Sarkhani’yun"]);
    let p = ent(&mut d, EntityType::Person, &["Rustam Kavlani", "Kavlani"]);
    let l = ent(&mut d, EntityType::Location, &["Port Essel"]);
    let f = ent(
        &mut d,
        EntityType::Organization,
        &["Velmar Liberation Front", "VLF"],
    );
    let c = ent(&mut d, EntityType::Country, &["Norlandia"]);
    rel(&mut d, RelationType::FounderOf, p, g, &[0], None);
    rel(&mut d, RelationType::BasedIn, g, l, &[0], None);
    rel(&mut d, RelationType::SponsorOf, f, g, &[2], None);
    rel(
        &mut d,
        RelationType::SponsorOf,
        c,
        g,
        &[3],
        Some("reported"),
    );
    attr(&mut d, g, "member_count", "14", Some("2016"), 4);
    attr(&mut d, g, "founded", "2016", None, 0);
    event(
        &mut d,
        EventType::Founding,
        Some("2016"),
        &[(Role::Agent, p), (Role::Target, g), (Role::Location, l)],
        0,
    );
    d
}

/// Document 2: other spellings, an acronym, the surname alone.
fn doc2() -> Doc {
    let mut d = doc(
        "sha256:d2",
        &[
            "The SARKHANIYOUN militia now counts about 20 fighters.",
            "The VLF funds the Sarkhaniyoun, and Kavlani leads them.",
            "Norlandia arms the Sarkhaniyoun.",
            "The Sarkhaniyoun were founded in early 2016.",
        ],
    );
    let g = ent(
        &mut d,
        EntityType::ArmedGroup,
        &["Sarkhaniyoun", "SARKHANIYOUN"],
    );
    let f = ent(&mut d, EntityType::ArmedGroup, &["VLF"]);
    let p = ent(&mut d, EntityType::Person, &["Kavlani"]);
    let c = ent(&mut d, EntityType::Country, &["Norlandia"]);
    rel(&mut d, RelationType::SponsorOf, f, g, &[1], None);
    rel(&mut d, RelationType::LeaderOf, p, g, &[1], None);
    rel(&mut d, RelationType::SponsorOf, c, g, &[2], None);
    attr(&mut d, g, "member_count", "20~", Some("2022"), 0);
    attr(&mut d, g, "founded", "2016-01/2016-04", None, 3);
    d
}

#[test]
fn migrations_from_empty_and_reopen() {
    let s = SqliteStore::open_in_memory().unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(s.documents().unwrap().is_empty());
    let path = temp_path("migrate");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.ingest(&doc1(), &opts()).unwrap();
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(s.documents().unwrap().len(), 1);
    let mode: String = s
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = s
        .conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    drop(s);
    let _ = std::fs::remove_file(&path);
}

#[test]
fn newer_schema_is_refused() {
    let path = temp_path("toonew");
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    match SqliteStore::open(&path) {
        Err(KbError::SchemaTooNew { found, supported }) => {
            assert_eq!(found, 99);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    let _ = std::fs::remove_file(&path);
}

#[test]
fn reingest_is_idempotent() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let out = s.ingest(&doc1(), &opts()).unwrap();
    assert_eq!(
        out,
        IngestOutcome::New {
            document: "sha256:d1".into(),
            entities: 5,
            relations: 4,
            events: 1
        }
    );
    let before = counts(&s);
    let ents = s.entities(&EntityFilter::default()).unwrap();
    assert_eq!(
        s.ingest(&doc1(), &opts()).unwrap(),
        IngestOutcome::Unchanged {
            document: "sha256:d1".into()
        }
    );
    assert_eq!(counts(&s), before);
    assert_eq!(s.entities(&EntityFilter::default()).unwrap(), ents);
}

#[test]
fn failed_ingest_leaves_the_store_unchanged() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    let before = counts(&s);
    let mut bad = doc2();
    bad.relations[0].target = 99;
    let err = s.ingest(&bad, &opts()).unwrap_err();
    assert!(matches!(err, KbError::Invalid(_)), "{err}");
    assert_eq!(counts(&s), before);
    assert!(s.search("fighters", 10).unwrap().is_empty());
    // Evidence pointing at a sentence that does not exist fails the same way.
    let mut bad = doc2();
    bad.attributes[0].evidence[0].sentence = 42;
    assert!(s.ingest(&bad, &opts()).is_err());
    assert_eq!(counts(&s), before);
    // A bad reliability grade is refused before anything is written.
    let r = s.ingest(
        &doc2(),
        &IngestOptions {
            reliability: Some('Z'),
            ..opts()
        },
    );
    assert!(matches!(r, Err(KbError::Invalid(_))));
    assert_eq!(counts(&s), before);
    // And the good document still goes in afterwards.
    assert!(matches!(
        s.ingest(&doc2(), &opts()).unwrap(),
        IngestOutcome::New { .. }
    ));
}

#[test]
fn spelling_variants_acronyms_and_surnames_resolve_across_documents() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    let n1 = s.entities(&EntityFilter::default()).unwrap().len();
    s.ingest(&doc2(), &opts()).unwrap();
    let all = s.entities(&EntityFilter::default()).unwrap();
    assert_eq!(
        all.len(),
        n1,
        "no new entity: every name of doc2 is known: {all:#?}"
    );
    let g = one(&s, "Sarkhani'yun");
    assert_eq!(g.etype, EntityType::ArmedGroup);
    assert_eq!(g.document_count, 2);
    // Both spellings are used by one document and are as long: the name is
    // the first in code-point order (the same whichever came first), the
    // other spelling an alias, with the document it came from.
    assert_eq!(g.name, "Sarkhaniyoun");
    let alias = |name: &str| {
        g.aliases
            .iter()
            .find(|a| a.name == name)
            .unwrap_or_else(|| panic!("alias {name} kept"))
            .documents
            .clone()
    };
    assert_eq!(alias("Sarkhani’yun"), vec!["sha256:d1".to_string()]);
    let f = one(&s, "VLF");
    assert_eq!(f.name, "Velmar Liberation Front");
    assert_eq!(f.document_count, 2);
    let p = one(&s, "Kavlani");
    assert_eq!(p.name, "Rustam Kavlani");
    assert_eq!(p.document_count, 2);
    // find_entities works on keys, not exact text.
    assert_eq!(one(&s, "sarkhani’yun").id, g.id);
    assert_eq!(one(&s, "velmar-liberation front").id, f.id);
    let filtered = s
        .entities(&EntityFilter {
            etype: Some(EntityType::Person),
            search: Some("kavl".into()),
        })
        .unwrap();
    assert_eq!(filtered.len(), 1);
    // Documents carry their grade.
    let docs = s.documents().unwrap();
    assert_eq!(docs.len(), 2);
    assert!(docs.iter().all(|d| d.reliability == 'F'));
    assert_eq!(docs[0].sentences, 5);
}

#[test]
fn people_who_only_share_a_surname_stay_apart() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    let mut d = doc(
        "sha256:d3",
        &["Darius Kavlani, a trader, met Ilse Varga in Port Essel."],
    );
    ent(&mut d, EntityType::Person, &["Darius Kavlani"]);
    ent(&mut d, EntityType::Person, &["Ilse Varga"]);
    s.ingest(&d, &opts()).unwrap();
    let persons = s
        .entities(&EntityFilter {
            etype: Some(EntityType::Person),
            search: Some("Kavlani".into()),
        })
        .unwrap();
    assert_eq!(persons.len(), 2, "{persons:#?}");
    // Now "Kavlani" alone is ambiguous: a new document's bare surname attaches to neither.
    let mut d = doc("sha256:d4", &["Kavlani spoke in Port Essel."]);
    ent(&mut d, EntityType::Person, &["Kavlani"]);
    s.ingest(&d, &opts()).unwrap();
    let persons = s
        .entities(&EntityFilter {
            etype: Some(EntityType::Person),
            search: Some("Kavlani".into()),
        })
        .unwrap();
    assert_eq!(persons.len(), 3);
    let rustam = persons.iter().find(|p| p.name == "Rustam Kavlani").unwrap();
    assert_eq!(rustam.document_count, 1);
}

#[test]
fn relations_aggregate_evidence_and_sources() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(
        &doc1(),
        &IngestOptions {
            reliability: Some('b'),
            source: Some("Bulletin".into()),
        },
    )
    .unwrap();
    s.ingest(&doc2(), &opts()).unwrap();
    let d = s.document("sha256:d1").unwrap().unwrap();
    assert_eq!(
        (d.reliability, d.source.as_deref()),
        ('B', Some("Bulletin"))
    );
    let g = one(&s, "Sarkhani’yun");
    let f = one(&s, "Velmar Liberation Front");
    let c = one(&s, "Norlandia");
    let rels = s.relations(Some(g.id)).unwrap();
    let vlf: Vec<_> = rels
        .iter()
        .filter(|r| r.rtype == RelationType::SponsorOf && r.source == f.id)
        .collect();
    assert_eq!(vlf.len(), 1, "{rels:#?}");
    assert_eq!(vlf[0].source_count, 2);
    assert_eq!(vlf[0].evidence.len(), 2);
    assert!(vlf[0]
        .evidence
        .iter()
        .any(|e| e.document == "sha256:d2" && e.text.contains("VLF funds")));
    assert_eq!(
        vlf[0].credibility, 1,
        "stated as fact by two documents: confirmed"
    );
    let norl = rels
        .iter()
        .find(|r| r.rtype == RelationType::SponsorOf && r.source == c.id)
        .unwrap();
    assert_eq!(norl.source_count, 2);
    // "reported" (3) in d1 and fact (2) in d2: both ≤ 3 in distinct documents.
    assert_eq!(norl.credibility, 1);
    // A single "reported" claim stays at 3.
    let mut d = doc(
        "sha256:d5",
        &["Norlandia allegedly trains the Kestrel Band."],
    );
    let k = ent(&mut d, EntityType::ArmedGroup, &["Kestrel Band"]);
    let n = ent(&mut d, EntityType::Country, &["Norlandia"]);
    rel(&mut d, RelationType::TrainerOf, n, k, &[0], Some("alleged"));
    s.ingest(&d, &opts()).unwrap();
    let t = s
        .relations(Some(c.id))
        .unwrap()
        .into_iter()
        .find(|r| r.rtype == RelationType::TrainerOf)
        .unwrap();
    assert_eq!((t.credibility, t.source_count), (4, 1));
    // Filtering by entity.
    assert!(s
        .relations(Some(one(&s, "Kestrel Band").id))
        .unwrap()
        .iter()
        .all(|r| r.rtype == RelationType::TrainerOf));
    assert!(s.relations(None).unwrap().len() > rels.len());
}

#[test]
fn contradictions_are_kept_side_by_side() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    s.ingest(&doc2(), &opts()).unwrap();
    let g = one(&s, "Sarkhani’yun");
    let attrs = s.attributes(Some(g.id)).unwrap();
    assert_eq!(attrs.iter().filter(|a| a.name == "member_count").count(), 2);
    // 14 members in 2016 and about 20 in 2022 are a series, not a
    // contradiction; the founding dates 2016 and early 2016 agree.
    let cs = s.contradictions(Some(g.id)).unwrap();
    assert!(cs.is_empty(), "{cs:#?}");
    let series = crate::rules::series(&attrs);
    assert_eq!(series.len(), 1);
    let values: Vec<_> = series[0]
        .values
        .iter()
        .map(|v| (v.value.as_str(), v.date.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        values,
        vec![
            ("14", Some("2016".to_string())),
            ("20~", Some("2022".to_string()))
        ]
    );
    // A third document with a founding year that cannot be right too.
    let mut d = doc(
        "sha256:d6",
        &["The Sarkhani'yun were founded in 2012 by Rustam Kavlani."],
    );
    let g3 = ent(&mut d, EntityType::ArmedGroup, &["Sarkhani'yun"]);
    let p3 = ent(&mut d, EntityType::Person, &["Rustam Kavlani"]);
    attr(&mut d, g3, "founded", "2012", None, 0);
    event(
        &mut d,
        EventType::Founding,
        Some("2012"),
        &[(Role::Agent, p3), (Role::Target, g3)],
        0,
    );
    s.ingest(&d, &opts()).unwrap();
    let cs = s.contradictions(Some(g.id)).unwrap();
    let founded = cs
        .iter()
        .find(|c| c.what == "founded")
        .expect("founded conflict");
    assert_eq!(founded.values.len(), 3);
    // The founding of one group told with 2016 and 2012: listed under the
    // group, and for the founder named by both.
    let fd = cs
        .iter()
        .find(|c| c.what == "founding date")
        .expect("founding date conflict");
    assert_eq!(fd.entity, g.id);
    let dates: Vec<_> = fd.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(dates, vec!["2016", "2012"]);
    let p = one(&s, "Rustam Kavlani");
    let ev = s.contradictions(Some(p.id)).unwrap();
    assert!(ev.iter().any(|c| c.what == "founding date"), "{ev:#?}");
    assert_eq!(s.contradictions(None).unwrap().len(), cs.len());
}

#[test]
fn one_happening_told_twice_is_one_event() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let mk = |id: &str, date: &str| {
        let mut d = doc(
            id,
            &["The Kestrel Band attacked Fort Abelon near Port Essel."],
        );
        let k = ent(&mut d, EntityType::ArmedGroup, &["Kestrel Band"]);
        let f = ent(&mut d, EntityType::Facility, &["Fort Abelon"]);
        let l = ent(&mut d, EntityType::Location, &["Port Essel"]);
        event(
            &mut d,
            EventType::Attack,
            Some(date),
            &[(Role::Agent, k), (Role::Target, f), (Role::Location, l)],
            0,
        );
        d
    };
    s.ingest(&mk("sha256:e1", "2019-05-02"), &opts()).unwrap();
    s.ingest(&mk("sha256:e2", "2019-05-02"), &opts()).unwrap();
    let evs = s.events(None).unwrap();
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].evidence.len(), 2);
    assert_eq!(evs[0].credibility, 1);
    assert_eq!(evs[0].participants.len(), 3);
    assert!(s.contradictions(None).unwrap().is_empty());
    // The same group attacking another target on the same day is another event.
    let mut d = doc("sha256:e4", &["The Kestrel Band attacked the Tarn Depot."]);
    let k = ent(&mut d, EntityType::ArmedGroup, &["Kestrel Band"]);
    let t = ent(&mut d, EntityType::Facility, &["Tarn Depot"]);
    event(
        &mut d,
        EventType::Attack,
        Some("2019-05-02"),
        &[(Role::Agent, k), (Role::Target, t)],
        0,
    );
    s.ingest(&d, &opts()).unwrap();
    assert_eq!(s.events(None).unwrap().len(), 2);
    // Year-only dates need exactly the same actors.
    let mut d = doc(
        "sha256:e5",
        &["In 2017 the Kestrel Band attacked Fort Abelon and the Tarn Depot."],
    );
    let k = ent(&mut d, EntityType::ArmedGroup, &["Kestrel Band"]);
    let f = ent(&mut d, EntityType::Facility, &["Fort Abelon"]);
    let t = ent(&mut d, EntityType::Facility, &["Tarn Depot"]);
    event(
        &mut d,
        EventType::Attack,
        Some("2017"),
        &[(Role::Agent, k), (Role::Target, f), (Role::Target, t)],
        0,
    );
    s.ingest(&d, &opts()).unwrap();
    let mut d = doc(
        "sha256:e6",
        &["In 2017 the Kestrel Band attacked Fort Abelon."],
    );
    let k = ent(&mut d, EntityType::ArmedGroup, &["Kestrel Band"]);
    let f = ent(&mut d, EntityType::Facility, &["Fort Abelon"]);
    event(
        &mut d,
        EventType::Attack,
        Some("2017"),
        &[(Role::Agent, k), (Role::Target, f)],
        0,
    );
    s.ingest(&d, &opts()).unwrap();
    assert_eq!(s.events(None).unwrap().len(), 4);
    // A third report dates an attack on the fort a year later: another
    // attack, neither merged nor a contradiction (attacks repeat).
    s.ingest(&mk("sha256:e3", "2020"), &opts()).unwrap();
    let k = one(&s, "Kestrel Band");
    assert_eq!(s.events(Some(k.id)).unwrap().len(), 5);
    let cs = s.contradictions(Some(k.id)).unwrap();
    assert!(cs.is_empty(), "{cs:#?}");
    assert!(s.contradictions(None).unwrap().is_empty());
}

#[test]
fn merge_and_split_survive_new_documents_and_undo() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let mut d = doc(
        "sha256:m1",
        &["The Black Kestrels and the Dawn Column clashed in Port Essel."],
    );
    ent(&mut d, EntityType::ArmedGroup, &["Black Kestrels"]);
    ent(&mut d, EntityType::ArmedGroup, &["Dawn Column"]);
    s.ingest(&d, &opts()).unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    let a = one(&s, "Black Kestrels");
    let b = one(&s, "Dawn Column");
    assert_ne!(a.id, b.id);
    assert!(matches!(s.merge(a.id, a.id), Err(KbError::Invalid(_))));
    assert!(matches!(s.merge(a.id, 9999), Err(KbError::NotFound(_))));
    s.merge(a.id, b.id).unwrap();
    let merged = s.entity(b.id).unwrap().unwrap();
    assert_eq!(merged.id, a.id, "merged ids redirect");
    assert!(merged.aliases.iter().any(|x| x.name == "Dawn Column"));
    // A new document naming the merged-away entity lands on the merged one.
    let mut d = doc("sha256:m2", &["The Dawn Column attacked Port Essel."]);
    ent(&mut d, EntityType::ArmedGroup, &["Dawn Column"]);
    s.ingest(&d, &opts()).unwrap();
    assert_eq!(one(&s, "Dawn Column").id, a.id);
    assert_eq!(s.entity(a.id).unwrap().unwrap().document_count, 2);

    // Split the acronym off the front: later documents using it go to the new entity.
    let f = one(&s, "Velmar Liberation Front");
    assert!(matches!(
        s.split(f.id, "Nonexistent Name"),
        Err(KbError::NotFound(_))
    ));
    let n = s.split(f.id, "VLF").unwrap();
    assert_ne!(n, f.id);
    assert_eq!(s.entity(n).unwrap().unwrap().name, "VLF");
    assert!(s
        .entity(f.id)
        .unwrap()
        .unwrap()
        .aliases
        .iter()
        .all(|x| x.name != "VLF"));
    s.ingest(&doc2(), &opts()).unwrap();
    let vlf = s.find_entities("VLF").unwrap();
    assert_eq!(vlf[0].id, n, "a split alias never re-merges");
    assert_eq!(s.entity(n).unwrap().unwrap().document_count, 2);
    let mut d = doc(
        "sha256:m3",
        &["The Velmar Liberation Front (VLF) met in Port Essel."],
    );
    ent(
        &mut d,
        EntityType::Organization,
        &["Velmar Liberation Front", "VLF"],
    );
    s.ingest(&d, &opts()).unwrap();
    assert_eq!(one(&s, "Velmar Liberation Front").id, f.id);
    assert_eq!(s.entity(f.id).unwrap().unwrap().document_count, 2);
    // The acronym's mention in m3 went to the split entity too.
    assert_eq!(s.entity(n).unwrap().unwrap().document_count, 3);

    // Overrides are listed and reversible.
    let ov = s.overrides().unwrap();
    assert_eq!(ov.len(), 2);
    assert_eq!(
        (ov[0].kind, ov[0].a, ov[0].b),
        (OverrideKind::Merge, a.id, b.id)
    );
    assert_eq!(
        (ov[1].kind, ov[1].alias.as_deref()),
        (OverrideKind::Split, Some("VLF"))
    );
    s.unmerge(b.id).unwrap();
    assert_eq!(s.entity(b.id).unwrap().unwrap().id, b.id);
    assert!(matches!(
        s.undo_override(ov[0].id),
        Err(KbError::Invalid(_))
    ));
    s.undo_override(ov[1].id).unwrap();
    assert_eq!(
        s.entity(n).unwrap().unwrap().id,
        f.id,
        "undone split merges back"
    );
    assert!(s.overrides().unwrap().iter().all(|o| o.undone));
}

#[test]
fn search_is_safe_and_highlights() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    s.ingest(&doc2(), &opts()).unwrap();
    let hits = s.search("funds", 10).unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.highlighted.contains("[funds]")));
    for h in &hits {
        let chars: Vec<char> = h.text.chars().collect();
        assert!(!h.matches.is_empty(), "{h:?}");
        for &(a, b) in &h.matches {
            assert_eq!(chars[a..b].iter().collect::<String>(), "funds", "{h:?}");
        }
    }
    assert_eq!(
        hits[0].title.as_deref().map(|t| t.starts_with("Report")),
        Some(true)
    );
    // Apostrophes, quotes, operators and stars never break the query.
    for q in [
        "Sarkhani’yun",
        "\"Sarkhani",
        "fund*",
        "*",
        "\"",
        "NEAR(",
        "a OR",
        "-VLF",
        "AND",
        "(",
        "x:y",
        "''",
        "Port Essel\"*",
    ] {
        s.search(q, 5)
            .unwrap_or_else(|e| panic!("query {q:?}: {e}"));
    }
    assert_eq!(s.search("fund*", 10).unwrap().len(), 2);
    assert!(!s.search("Sarkhani’yun", 10).unwrap().is_empty());
    assert!(s.search("", 10).unwrap().is_empty());
    assert!(s.search("funds", 0).unwrap().is_empty());
    assert_eq!(s.search("funds", 1).unwrap().len(), 1);
    // Diacritics do not matter.
    assert_eq!(s.search("nórlandia", 10).unwrap().len(), 2);
}

#[test]
fn fts_query_quotes_everything() {
    assert_eq!(fts_query("a \"b\" c*"), "\"a\" \"b\" \"c\"*");
    assert_eq!(fts_query(" * \" "), "");
}

#[test]
fn snapshot_reads_everything() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    let snap = s.snapshot().unwrap();
    // entity() agrees with the listing.
    for e in &snap.entities {
        assert_eq!(s.entity(e.id).unwrap().as_ref(), Some(e));
    }
    assert_eq!(s.entity(12345).unwrap(), None);
    assert_eq!(snap.documents.len(), 1);
    assert_eq!(snap.entities.len(), 5);
    assert_eq!(snap.relations.len(), 4);
    assert_eq!(snap.events.len(), 1);
    assert_eq!(snap.attributes.len(), 2);
    assert!(snap
        .relations
        .iter()
        .all(|r| r.evidence.iter().all(|e| !e.text.is_empty())));
    let json = serde_json::to_string(&snap).unwrap();
    assert!(json.contains("\"type\":\"armed_group\""));
}

#[test]
fn document_without_id_is_keyed_by_content() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let mut d = doc1();
    d.meta.id.clear();
    let out = s.ingest(&d, &opts()).unwrap();
    let id = Meta::content_id(d.text.as_bytes());
    assert!(matches!(&out, IngestOutcome::New { document, .. } if *document == id));
    assert_eq!(
        s.ingest(&d, &opts()).unwrap(),
        IngestOutcome::Unchanged { document: id }
    );
}

#[test]
fn acronyms_and_vowel_spellings_resolve_without_a_shared_alias() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let mut d = doc(
        "sha256:a1",
        &["The Order of the Red Valley and Hizb al-Tarvala met in Port Essel."],
    );
    ent(
        &mut d,
        EntityType::Organization,
        &["Order of the Red Valley"],
    );
    ent(&mut d, EntityType::ArmedGroup, &["Hizb al-Tarvala"]);
    ent(&mut d, EntityType::Location, &["Port Essel"]);
    s.ingest(&d, &opts()).unwrap();
    let mut d = doc(
        "sha256:a2",
        &["The ORV praised Hezb Tarvalah in Port-Essel."],
    );
    ent(&mut d, EntityType::ArmedGroup, &["ORV"]);
    ent(&mut d, EntityType::ArmedGroup, &["Hezb Tarvalah"]);
    ent(&mut d, EntityType::Location, &["Port-Essel"]);
    s.ingest(&d, &opts()).unwrap();
    let all = s.entities(&EntityFilter::default()).unwrap();
    assert_eq!(all.len(), 3, "{all:#?}");
    assert!(all.iter().all(|e| e.document_count == 2));
    let orv = one(&s, "ORV");
    assert_eq!(orv.name, "Order of the Red Valley");
    // A person is never merged into a group of the same spelling.
    let mut d = doc("sha256:a3", &["Tarvala spoke."]);
    ent(&mut d, EntityType::Person, &["Hizb Tarvala"]);
    s.ingest(&d, &opts()).unwrap();
    assert_eq!(s.entities(&EntityFilter::default()).unwrap().len(), 4);
}

#[test]
fn malformed_documents_never_panic_and_fail_atomically() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc2(), &opts()).unwrap();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rnd = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n.max(1) as u64) as usize
    };
    for round in 0..60 {
        let mut d = doc1();
        d.meta.id = format!("sha256:fuzz{round}");
        let nm = d.mentions.len();
        match rnd(9) {
            0 => d.sentences[rnd(5)].end = 10_000,
            1 => d.sentences[rnd(5)].start = 9_999,
            2 => d.mentions[rnd(nm)].sentence = 77,
            3 => d.mentions[rnd(nm)].entity = Some(1_000),
            4 => d.entities[rnd(5)].mentions.push(5_000),
            5 => d.events[0].participants[0].entity = 55,
            6 => d.relations[rnd(4)].evidence[0].sentence = usize::MAX,
            7 => {
                d.entities[rnd(5)].name =
                    ["", "’", "—", "\u{0}", "A\u{301}\u{301}"][rnd(5)].to_string()
            }
            _ => d.attributes[rnd(2)].entity = usize::MAX,
        }
        let before = counts(&s);
        match s.ingest(&d, &opts()) {
            Ok(IngestOutcome::New { .. }) => assert!(counts(&s)[0] == before[0] + 1),
            Ok(other) => panic!("unexpected {other:?}"),
            Err(_) => assert_eq!(counts(&s), before, "round {round}"),
        }
        // Reads keep working whatever went in.
        s.snapshot().unwrap();
    }
}

// ----- issue 14: scale, order, concurrency, ownership -----

/// A small deterministic corpus of short reports about invented groups,
/// people and places: groups with acronyms and spelling variants, persons
/// named in full or by surname, relations, attacks on shared dates (so that
/// events aggregate across documents) and member counts that disagree.
fn synthetic_corpus(n: usize, seed: u64) -> Vec<Doc> {
    let mut x = seed;
    let mut rnd = |k: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % k as u64) as usize
    };
    let groups: &[&[&str]] = &[
        &["Velmoran Liberation Front", "VLF"],
        &["Kestrel Dawn Brigade"],
        &["Sarkhani'yun", "Sarkhaniyoun"],
        &["Orvane Hill Army"],
        &["Tamsel Relief Council"],
        &["Brotherhood of Qarnel", "Brotherhood of Karnel"],
    ];
    let persons: &[&[&str]] = &[
        &["Rustam Kavlani", "Kavlani"],
        &["Lena Ostrova"],
        &["Darius Melvane", "Melvane"],
        &["Youssef Taraki", "Yusef Taraki"],
    ];
    let places = ["Port Essel", "Tolva", "Marrik", "Upper Senn"];
    let mut docs = Vec::new();
    for i in 0..n {
        let g1 = groups[rnd(groups.len())];
        let mut g2 = groups[rnd(groups.len())];
        while g2[0] == g1[0] {
            g2 = groups[rnd(groups.len())];
        }
        let p = persons[rnd(persons.len())];
        let place = places[rnd(places.len())];
        let gv = g1[rnd(g1.len())];
        let pv = p[rnd(p.len())];
        let s = [
            format!("{gv} fighters were seen in {place}."),
            format!("{pv} leads {}.", g2[0]),
            format!("{} and {gv} clashed in {place}.", g2[0]),
        ];
        let s: Vec<&str> = s.iter().map(String::as_str).collect();
        let mut d = doc(&format!("sha256:syn{seed}-{i}"), &s);
        let a = ent(&mut d, EntityType::ArmedGroup, &[gv]);
        let b = ent(&mut d, EntityType::ArmedGroup, &[g2[0]]);
        let who = ent(&mut d, EntityType::Person, &[pv]);
        let loc = ent(&mut d, EntityType::Location, &[place]);
        rel(&mut d, RelationType::LeaderOf, who, b, &[1], None);
        rel(&mut d, RelationType::HostileTo, a, b, &[2], None);
        let date = format!("2021-03-0{}", 1 + rnd(3));
        event(
            &mut d,
            EventType::Attack,
            Some(&date),
            &[(Role::Agent, b), (Role::Target, a), (Role::Location, loc)],
            2,
        );
        attr(
            &mut d,
            a,
            "member_count",
            &format!("{}", 100 * (1 + rnd(3))),
            Some("2021"),
            0,
        );
        docs.push(d);
    }
    docs
}

/// Each entity as (type, sorted names), sorted: what resolution decided,
/// independent of ids.
fn clusters(s: &SqliteStore) -> Vec<(EntityType, Vec<String>)> {
    let mut out: Vec<(EntityType, Vec<String>)> = s
        .entities(&EntityFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| {
            let mut names: Vec<String> = std::iter::once(e.name)
                .chain(e.aliases.into_iter().map(|a| a.name))
                .collect();
            names.sort();
            (e.etype, names)
        })
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

#[test]
fn per_entity_reads_equal_the_filtered_whole_base() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let corpus = synthetic_corpus(60, 7);
    for d in &corpus[..30] {
        s.ingest(d, &opts()).unwrap();
    }
    // An analyst split (the index and counts are rebuilt for it) …
    let f = one(&s, "Velmoran Liberation Front").id;
    s.split(f, "VLF").unwrap();
    for d in &corpus[30..] {
        s.ingest(d, &opts()).unwrap();
    }
    // … and merge must be followed by the indexed reads too.
    let a = one(&s, "Orvane Hill Army").id;
    let b = one(&s, "Tamsel Relief Council").id;
    s.merge(a, b).unwrap();
    let all_rel = s.relations(None).unwrap();
    let all_ev = s.events(None).unwrap();
    let all_attr = s.attributes(None).unwrap();
    let all_con = s.contradictions(None).unwrap();
    assert!(
        all_ev.iter().any(|e| e.evidence.len() > 1),
        "events aggregate"
    );
    assert!(!all_con.is_empty());
    for e in s.entities(&EntityFilter::default()).unwrap() {
        for id in std::iter::once(e.id).chain(if e.id == a { vec![b] } else { vec![] }) {
            let want: Vec<_> = all_rel
                .iter()
                .filter(|r| r.source == e.id || r.target == e.id)
                .cloned()
                .collect();
            assert_eq!(
                s.relations(Some(id)).unwrap(),
                want,
                "relations of {}",
                e.name
            );
            let want: Vec<_> = all_ev
                .iter()
                .filter(|x| x.participants.iter().any(|p| p.entity == e.id))
                .cloned()
                .collect();
            assert_eq!(s.events(Some(id)).unwrap(), want, "events of {}", e.name);
            let want: Vec<_> = all_attr
                .iter()
                .filter(|x| x.entity == e.id)
                .cloned()
                .collect();
            assert_eq!(
                s.attributes(Some(id)).unwrap(),
                want,
                "attributes of {}",
                e.name
            );
            let mine = s.contradictions(Some(id)).unwrap();
            for c in &mine {
                assert!(all_con.contains(c), "{c:?}");
            }
            for c in all_con.iter().filter(|c| c.entity == e.id) {
                assert!(mine.contains(c), "{c:?}");
            }
            assert_eq!(s.entity(id).unwrap().unwrap(), e);
        }
    }
    // A page of entities at once: every relation by its source, every
    // attribute by its entity, whatever the page size.
    let ids = s.entity_ids_after(i64::MIN, usize::MAX).unwrap();
    let (mut all_rel, mut all_attr) = (all_rel, all_attr);
    all_rel.sort_by_key(|r| r.id);
    all_attr.sort_by_key(|a| a.id);
    for page in [1, 7, ids.len()] {
        let mut rel: Vec<_> = ids
            .chunks(page)
            .flat_map(|p| s.relations_of_sources(p).unwrap())
            .collect();
        rel.sort_by_key(|r| r.id);
        assert_eq!(rel, all_rel, "relations by pages of {page}");
        let mut attr: Vec<_> = ids
            .chunks(page)
            .flat_map(|p| s.attributes_of_entities(p).unwrap())
            .collect();
        attr.sort_by_key(|a| a.id);
        assert_eq!(attr, all_attr, "attributes by pages of {page}");
        for p in ids.chunks(page) {
            let mut want: Vec<_> = all_ev
                .iter()
                .filter(|x| x.participants.iter().any(|q| p.contains(&q.entity)))
                .cloned()
                .collect();
            want.sort_by_key(|x| x.id);
            let mut got = s.events_of_entities(p).unwrap();
            got.sort_by_key(|x| x.id);
            assert_eq!(got, want, "events of the page {p:?}");
        }
    }
    // The whole base's events a bucket at a time (the STIX export's read,
    // issue 14): the records of the whole-base aggregation, each once, a
    // part's in id order.
    let mut parts: Vec<Vec<EventRecord>> = Vec::new();
    s.each_event_bucket(&mut |p| {
        parts.push(p);
        Ok(())
    })
    .unwrap();
    assert!(parts.len() > 1, "several buckets");
    for p in &parts {
        assert!(p.windows(2).all(|w| w[0].id < w[1].id), "{p:?}");
    }
    let mut got = parts.concat();
    got.sort_by_key(|x| x.id);
    let mut want = all_ev.clone();
    want.sort_by_key(|x| x.id);
    assert_eq!(got, want, "events by bucket");
}

#[test]
fn ingest_order_does_not_change_the_knowledge_base() {
    let corpus = synthetic_corpus(40, 11);
    let mut forward = SqliteStore::open_in_memory().unwrap();
    for d in &corpus {
        forward.ingest(d, &opts()).unwrap();
    }
    let mut backward = SqliteStore::open_in_memory().unwrap();
    for d in corpus.iter().rev() {
        backward.ingest(d, &opts()).unwrap();
    }
    let mut shuffled = SqliteStore::open_in_memory().unwrap();
    for k in 0..corpus.len() {
        shuffled
            .ingest(&corpus[(k * 17) % corpus.len()], &opts())
            .unwrap();
    }
    let f = clusters(&forward);
    assert_eq!(f, clusters(&backward));
    assert_eq!(f, clusters(&shuffled));
    // Spelling variants, acronyms and surnames were resolved, not just kept apart.
    let names_of = |n: &str| {
        f.iter()
            .find(|c| c.1.iter().any(|x| x == n))
            .unwrap()
            .1
            .clone()
    };
    assert!(names_of("VLF").contains(&"Velmoran Liberation Front".to_string()));
    assert!(names_of("Sarkhaniyoun").contains(&"Sarkhani'yun".to_string()));
    assert!(names_of("Kavlani").contains(&"Rustam Kavlani".to_string()));
    assert!(names_of("Yusef Taraki").contains(&"Youssef Taraki".to_string()));
}

#[test]
fn shared_words_never_chain_names_into_one_entity() {
    // Each name shares a word with the next one; every document has the
    // same neighbour, which is the context that lets weak matches through.
    let chain = [
        "Kestrel Dawn Brigade",
        "Dawn Ridge Brigade",
        "Ridge Falcon Brigade",
        "Falcon Marsh Brigade",
        "Marsh Ember Brigade",
        "Ember Tarn Brigade",
        "Tarn Osprey Brigade",
        "Osprey Vale Brigade",
    ];
    let mut s = SqliteStore::open_in_memory().unwrap();
    for (i, name) in chain.iter().enumerate() {
        let text = format!("{name} fought the Velmoran Liberation Front.");
        let mut d = doc(&format!("sha256:chain{i}"), &[&text]);
        let a = ent(&mut d, EntityType::ArmedGroup, &[name]);
        let b = ent(
            &mut d,
            EntityType::ArmedGroup,
            &["Velmoran Liberation Front"],
        );
        rel(&mut d, RelationType::HostileTo, a, b, &[0], None);
        s.ingest(&d, &opts()).unwrap();
    }
    let groups = s.entities(&EntityFilter::default()).unwrap();
    let most = groups.iter().map(|e| e.aliases.len() + 1).max().unwrap();
    assert!(most <= 2, "one entity took {most} of the chained names");
    assert!(groups.len() > chain.len() / 2);
}

#[test]
fn index_is_built_when_an_older_database_is_migrated() {
    let path = temp_path("legacy");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.ingest(&doc1(), &opts()).unwrap();
        // Make it look like a schema-1 database written before the index.
        s.conn
            .execute_batch(
                "DROP TABLE entity_names; DROP TABLE entity_keys; DROP TABLE entity_links; \
                 DROP TABLE entity_stats; PRAGMA user_version = 1; PRAGMA application_id = 0;",
            )
            .unwrap();
    }
    let mut s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    let before = one(&s, "Velmar Liberation Front").id;
    s.ingest(&doc2(), &opts()).unwrap();
    assert_eq!(
        one(&s, "VLF").id,
        before,
        "resolved through the rebuilt index"
    );
    drop(s);
    let _ = std::fs::remove_file(&path);
}

fn db_files_gone(path: &std::path::Path) {
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
}

/// Child half of the two-process test: ingests into the database named by
/// the environment (does nothing when run as an ordinary test).
#[test]
fn concurrent_writer_child() {
    let (Ok(path), Ok(tag)) = (
        std::env::var("DOSSIER_KB_TEST_DB"),
        std::env::var("DOSSIER_KB_TEST_TAG"),
    ) else {
        return;
    };
    let mut s = SqliteStore::open(&path).unwrap();
    for (i, mut d) in synthetic_corpus(25, tag.len() as u64 + 3)
        .into_iter()
        .enumerate()
    {
        d.meta.id = format!("sha256:{tag}-{i}");
        s.ingest(&d, &opts()).unwrap();
    }
}

#[test]
fn two_processes_create_and_ingest_into_one_database_at_once() {
    let path = temp_path("procs");
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["first", "second-writer"]
        .iter()
        .map(|tag| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "sqlite::tests::concurrent_writer_child",
                    "--test-threads",
                    "1",
                ])
                .env("DOSSIER_KB_TEST_DB", &path)
                .env("DOSSIER_KB_TEST_TAG", tag)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "child failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(
        s.documents().unwrap().len(),
        50,
        "all documents of both processes stored"
    );
    drop(s);
    db_files_gone(&path);
}

#[test]
fn threads_with_their_own_connections_create_and_ingest_at_once() {
    let path = temp_path("threads");
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(4));
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let (path, barrier) = (path.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let mut s = SqliteStore::open(&path).unwrap();
                for (i, mut d) in synthetic_corpus(15, t + 1).into_iter().enumerate() {
                    d.meta.id = format!("sha256:t{t}-{i}");
                    s.ingest(&d, &opts()).unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.documents().unwrap().len(), 60);
    drop(s);
    db_files_gone(&path);
}

#[test]
fn the_database_is_marked_as_dossiers() {
    let s = SqliteStore::open_in_memory().unwrap();
    let app: i32 = s
        .conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, APPLICATION_ID);
}

#[test]
fn another_programs_database_is_refused_and_left_untouched() {
    let cases: [(&str, &str); 3] = [
        ("tables", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('kept');"),
        ("appid", "PRAGMA application_id = 1234; CREATE TABLE t (x);"),
        ("appid-empty", "PRAGMA application_id = 99;"),
    ];
    for (tag, sql) in cases {
        let path = temp_path(tag);
        {
            let c = Connection::open(&path).unwrap();
            c.execute_batch(sql).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        for read_only in [false, true] {
            let r = if read_only {
                SqliteStore::open_read_only(&path)
            } else {
                SqliteStore::open(&path)
            };
            match r {
                Err(KbError::Foreign(msg)) => {
                    assert!(msg.contains("not a Dossier knowledge base"), "{msg}")
                }
                other => panic!("{tag}: expected a refusal, got {other:?}"),
            }
        }
        assert_eq!(std::fs::read(&path).unwrap(), before, "{tag}: file changed");
        assert!(!std::path::Path::new(&format!("{}-wal", path.display())).exists());
        db_files_gone(&path);
    }
    // Not a database at all.
    let path = temp_path("text");
    std::fs::write(&path, "just some notes, not a database\n".repeat(200)).unwrap();
    let before = std::fs::read(&path).unwrap();
    assert!(matches!(SqliteStore::open(&path), Err(KbError::Foreign(_))));
    assert_eq!(std::fs::read(&path).unwrap(), before);
    db_files_gone(&path);
}

#[test]
fn read_only_opening_reads_and_never_writes() {
    let dir = std::env::temp_dir().join(format!("dossier-kb-ro-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("kb.db");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        s.ingest(&doc1(), &opts()).unwrap();
    }
    // A missing file is not created.
    assert!(SqliteStore::open_read_only(dir.join("missing.db")).is_err());
    assert!(!dir.join("missing.db").exists());
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let result = std::panic::catch_unwind(|| {
        let mut s = SqliteStore::open_read_only(&path).unwrap();
        assert_eq!(s.documents().unwrap().len(), 1);
        let e = one(&s, "Velmar Liberation Front");
        assert!(s.relations(Some(e.id)).is_ok());
        assert!(
            s.ingest(&doc2(), &opts()).is_err(),
            "a read-only store refuses writes"
        );
    });
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    result.unwrap();
}

#[test]
fn sentences_of_a_document_in_order() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let d = doc(
        "doc-karsk",
        &[
            "The Red Dune Brigade attacked Karsk.",
            "Tomas Arvel leads it.",
        ],
    );
    s.ingest(&d, &opts()).unwrap();
    let got = s.sentences("doc-karsk").unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].index, 0);
    assert_eq!(got[1].index, 1);
    assert_eq!(got[1].text, "Tomas Arvel leads it.");
    assert_eq!((got[1].start, got[1].end), (37, 58));
    match s.sentences("no-such-doc") {
        Err(KbError::NotFound(m)) => assert!(m.contains("no-such-doc"), "{m}"),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

/// Everything a reader sees of the base, with store ids replaced by names:
/// each entity's type, canonical name, sorted aliases and counts, and each
/// relation and event by its entities' canonical names.
fn listing(s: &SqliteStore) -> (Vec<String>, Vec<String>, Vec<String>) {
    let ents = s.entities(&EntityFilter::default()).unwrap();
    let name: std::collections::HashMap<i64, String> =
        ents.iter().map(|e| (e.id, e.name.clone())).collect();
    let mut entities: Vec<String> = ents
        .iter()
        .map(|e| {
            let mut aliases: Vec<&str> = e.aliases.iter().map(|a| a.name.as_str()).collect();
            aliases.sort_unstable();
            format!(
                "{} {} [{}] m={} d={}",
                e.etype.as_str(),
                e.name,
                aliases.join(", "),
                e.mention_count,
                e.document_count
            )
        })
        .collect();
    entities.sort();
    let mut relations: Vec<String> = s
        .relations(None)
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} -> {} sources={}",
                r.rtype.as_str(),
                name[&r.source],
                name[&r.target],
                r.source_count
            )
        })
        .collect();
    relations.sort();
    let mut events: Vec<String> = s
        .events(None)
        .unwrap()
        .iter()
        .map(|e| {
            let mut parts: Vec<String> = e
                .participants
                .iter()
                .map(|p| format!("{}:{}", p.role.as_str(), name[&p.entity]))
                .collect();
            parts.sort();
            format!(
                "{} {:?} {}",
                e.etype.as_str(),
                e.date.map(|d| d.to_string()),
                parts.join(" ")
            )
        })
        .collect();
    events.sort();
    (entities, relations, events)
}

/// Every permutation of `0..n` (Heap's algorithm).
fn permutations(n: usize) -> Vec<Vec<usize>> {
    fn go(k: usize, a: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if k <= 1 {
            out.push(a.clone());
            return;
        }
        for i in 0..k {
            go(k - 1, a, out);
            let j = if k.is_multiple_of(2) { i } else { 0 };
            a.swap(j, k - 1);
        }
    }
    let mut a: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    go(n, &mut a, &mut out);
    out
}

/// The listing of a new base that ingested `docs` in `order`, each document
/// its own ingest.
fn ingested_in(docs: &[Doc], order: &[usize]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut s = SqliteStore::open_in_memory().unwrap();
    for &i in order {
        s.ingest(&docs[i], &opts()).unwrap();
    }
    listing(&s)
}

/// The listing every order of `docs` gives (each document its own ingest),
/// asserting that all orders give the same.
fn same_in_every_order(docs: &[Doc]) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut first = None;
    for order in permutations(docs.len()) {
        let l = ingested_in(docs, &order);
        match &first {
            None => first = Some(l),
            Some(f) => assert_eq!(&l, f, "order {order:?}"),
        }
    }
    first.expect("at least one order")
}

#[test]
fn every_ingest_order_gives_the_same_names_types_counts_and_facts() {
    // Ties that used to go to whichever came first: two spellings used by
    // as many documents and as long as each other ("Qasimov" / "Kasimov"),
    // a name typed as a group in one document and an organization in
    // another, and a person named in full and by the bare surname.
    let mut d1 = doc(
        "sha256:ord1",
        &["The Qasimov Brigade attacked Tarn Front positions near Velna."],
    );
    let a = ent(&mut d1, EntityType::ArmedGroup, &["Qasimov Brigade"]);
    let b = ent(&mut d1, EntityType::ArmedGroup, &["Tarn Front"]);
    let v = ent(&mut d1, EntityType::Location, &["Velna"]);
    rel(&mut d1, RelationType::HostileTo, a, b, &[0], None);
    event(
        &mut d1,
        EventType::Attack,
        Some("2021-03-04"),
        &[(Role::Agent, a), (Role::Target, b), (Role::Location, v)],
        0,
    );
    let mut d2 = doc(
        "sha256:ord2",
        &["The Kasimov Brigade is led by Rustam Kavlani."],
    );
    let a = ent(&mut d2, EntityType::ArmedGroup, &["Kasimov Brigade"]);
    let p = ent(&mut d2, EntityType::Person, &["Rustam Kavlani"]);
    rel(&mut d2, RelationType::LeaderOf, p, a, &[0], None);
    let mut d3 = doc(
        "sha256:ord3",
        &["Kavlani met the Orsk Relief Council in Velna."],
    );
    let p = ent(&mut d3, EntityType::Person, &["Kavlani"]);
    let c = ent(&mut d3, EntityType::Organization, &["Orsk Relief Council"]);
    ent(&mut d3, EntityType::Location, &["Velna"]);
    rel(&mut d3, RelationType::MemberOf, p, c, &[0], None);
    let mut d4 = doc(
        "sha256:ord4",
        &["The Orsk Relief Council fought the Tarn Front."],
    );
    let c = ent(&mut d4, EntityType::ArmedGroup, &["Orsk Relief Council"]);
    let b = ent(&mut d4, EntityType::ArmedGroup, &["Tarn Front"]);
    rel(&mut d4, RelationType::HostileTo, c, b, &[0], None);
    let l = same_in_every_order(&[d1, d2, d3, d4]);
    // The ties were decided by content: the first spelling in code-point
    // order, the first type by name.
    assert!(
        l.0.iter()
            .any(|e| e.starts_with("armed_group Kasimov Brigade [Qasimov Brigade]")),
        "{l:?}"
    );
    assert!(
        l.0.iter()
            .any(|e| e.starts_with("armed_group Orsk Relief Council")),
        "{l:?}"
    );
}

#[test]
fn a_bare_acronym_joins_its_one_expansion_and_none_of_two_in_every_order() {
    // Two groups whose names have the same initials, documents naming one
    // with its acronym spelled out, and documents that say only "VLF": in
    // whatever order they come (each its own ingest), the bare acronym is
    // its own entity, since the base holds two expansions of it; an acronym
    // with one expansion joins it in every order.
    let mut d1 = doc(
        "sha256:acr1",
        &["The Velmar Liberation Front (VLF) attacked Orsk."],
    );
    let a = ent(
        &mut d1,
        EntityType::ArmedGroup,
        &["Velmar Liberation Front", "VLF"],
    );
    let o = ent(&mut d1, EntityType::Location, &["Orsk"]);
    rel(&mut d1, RelationType::BasedIn, a, o, &[0], None);
    let mut d2 = doc(
        "sha256:acr2",
        &["The Vostok Labour Federation armed its members."],
    );
    ent(
        &mut d2,
        EntityType::ArmedGroup,
        &["Vostok Labour Federation"],
    );
    let mut d3 = doc("sha256:acr3", &["VLF fighters shelled Tarn."]);
    ent(&mut d3, EntityType::ArmedGroup, &["VLF"]);
    let mut d4 = doc("sha256:acr4", &["The VLF denied it."]);
    ent(&mut d4, EntityType::ArmedGroup, &["VLF"]);
    let mut d5 = doc("sha256:acr5", &["The Velmar Liberation Front held Orsk."]);
    ent(
        &mut d5,
        EntityType::ArmedGroup,
        &["Velmar Liberation Front"],
    );
    let l = same_in_every_order(&[d1, d2, d3, d4, d5]);
    assert!(
        l.0.iter()
            .any(|e| e.starts_with("armed_group VLF [] m=2 d=2")),
        "{l:?}"
    );
    assert!(
        l.0.iter()
            .any(|e| e.starts_with("armed_group Velmar Liberation Front [VLF] m=3 d=2")),
        "{l:?}"
    );
    assert!(
        l.0.iter()
            .any(|e| e.starts_with("armed_group Vostok Labour Federation [] m=1 d=1")),
        "{l:?}"
    );

    // One expansion: the bare acronym joins it, whichever comes first.
    let mut k1 = doc("sha256:acr6", &["KDF units entered Tarn."]);
    ent(&mut k1, EntityType::ArmedGroup, &["KDF"]);
    let mut k2 = doc("sha256:acr7", &["The Korvath Defence Force entered Tarn."]);
    ent(&mut k2, EntityType::ArmedGroup, &["Korvath Defence Force"]);
    assert_eq!(
        same_in_every_order(&[k1, k2]).0,
        vec!["armed_group Korvath Defence Force [KDF] m=2 d=2"]
    );
    // Two wordings of one body's name with the same acronym (the same last
    // two words) are one holder of it: they join, whichever comes first.
    let mut g1 = doc(
        "sha256:acr8",
        &["The Velmari Revolutionary Guard Corps (VRGC) shelled Tarn."],
    );
    ent(
        &mut g1,
        EntityType::ArmedGroup,
        &["Velmari Revolutionary Guard Corps", "VRGC"],
    );
    let mut g2 = doc(
        "sha256:acr9",
        &["The Velmar Republican Guard Corps (VRGC) entered Orsk."],
    );
    ent(
        &mut g2,
        EntityType::ArmedGroup,
        &["Velmar Republican Guard Corps", "VRGC"],
    );
    let l = same_in_every_order(&[g1, g2]);
    assert_eq!(l.0.len(), 1, "{l:?}");
}

#[test]
fn a_bare_surname_joins_its_one_full_name_and_none_of_two_in_every_order() {
    let mut d1 = doc("sha256:sur1", &["Kavlani spoke in Velna."]);
    ent(&mut d1, EntityType::Person, &["Kavlani"]);
    let mut d2 = doc(
        "sha256:sur2",
        &["Rustam Kavlani leads the Kasimov Brigade."],
    );
    ent(&mut d2, EntityType::Person, &["Rustam Kavlani"]);
    let mut d3 = doc("sha256:sur3", &["Dilnoza Kavlani fled to Orsk."]);
    ent(&mut d3, EntityType::Person, &["Dilnoza Kavlani"]);
    let mut d4 = doc("sha256:sur4", &["Kavlani denied it."]);
    ent(&mut d4, EntityType::Person, &["Kavlani"]);
    let docs = [d1, d2, d3, d4];
    assert_eq!(
        same_in_every_order(&docs).0,
        vec![
            "person Dilnoza Kavlani [] m=1 d=1",
            "person Kavlani [] m=2 d=2",
            "person Rustam Kavlani [] m=1 d=1",
        ]
    );
    // One full name: the bare surname joins it, whichever comes first.
    assert_eq!(
        same_in_every_order(&docs[..2]).0,
        vec!["person Rustam Kavlani [Kavlani] m=2 d=2"]
    );
}

#[test]
fn issue15_an_older_bases_attribute_names_read_back() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    s.ingest(&doc1(), &opts()).unwrap();
    let g = one(&s, "Sarkhani’yun");
    // An older base and an analyst's overrides hold names outside the
    // ontology's three; a newer release may write one this one does not know.
    s.conn
        .execute_batch(
            "INSERT INTO attributes (doc, doc_entity, name, value, date, confidence, credibility) \
             SELECT doc, doc_entity, 'alias', 'the Dawn Column', NULL, confidence, credibility FROM attributes WHERE name = 'founded'; \
             INSERT INTO attributes (doc, doc_entity, name, value, date, confidence, credibility) \
             SELECT doc, doc_entity, 'dissolved', '2019', NULL, confidence, credibility FROM attributes WHERE name = 'founded'; \
             INSERT INTO attributes (doc, doc_entity, name, value, date, confidence, credibility) \
             SELECT doc, doc_entity, 'banner colour', 'green', NULL, confidence, credibility FROM attributes WHERE name = 'founded';",
        )
        .unwrap();
    let attrs = s.attributes(Some(g.id)).unwrap();
    let names: Vec<&AttrName> = attrs.iter().map(|a| &a.name).collect();
    for want in [
        AttrName::Known(dossier_doc::AttributeName::MemberCount),
        AttrName::Known(dossier_doc::AttributeName::Founded),
        AttrName::Alias,
        AttrName::Dissolved,
        AttrName::Other("banner colour".into()),
    ] {
        assert!(names.contains(&&want), "{want} in {names:?}");
    }
    // Every read that goes through the names works: the whole base, the
    // contradictions and series rules, the JSON of a record.
    assert_eq!(s.attributes(None).unwrap().len(), attrs.len());
    assert!(s.contradictions(Some(g.id)).unwrap().is_empty());
    assert!(crate::rules::series(&attrs).is_empty());
    let other = attrs.iter().find(|a| a.name == "banner colour").unwrap();
    let json = serde_json::to_value(other).unwrap();
    assert_eq!(json["name"], "banner colour");
    let back: AttributeRecord = serde_json::from_value(json).unwrap();
    assert_eq!(&back, other);
}

#[test]
fn issue14_entities_of_ids_equal_the_entities_read_one_by_one() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let corpus = synthetic_corpus(40, 5);
    for d in &corpus[..20] {
        s.ingest(d, &opts()).unwrap();
    }
    let f = one(&s, "Velmoran Liberation Front").id;
    s.split(f, "VLF").unwrap();
    for d in &corpus[20..] {
        s.ingest(d, &opts()).unwrap();
    }
    // A merge: the merged id reads as its canonical entity, once.
    let a = one(&s, "Orvane Hill Army").id;
    let b = one(&s, "Tamsel Relief Council").id;
    s.merge(a, b).unwrap();
    let mut ids: Vec<i64> = s
        .entities(&EntityFilter::default())
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert!(ids.len() > 5, "{} entities", ids.len());
    ids.extend([b, a, i64::MAX]);
    let mut want: Vec<EntityRecord> = ids.iter().filter_map(|&id| s.entity(id).unwrap()).collect();
    want.sort_by_key(|e| e.id);
    want.dedup_by_key(|e| e.id);
    let mut got = s.entities_of_ids(&ids, true).unwrap();
    got.sort_by_key(|e| e.id);
    assert_eq!(got, want);
    let mut bare = s.entities_of_ids(&ids, false).unwrap();
    bare.sort_by_key(|e| e.id);
    for w in &mut want {
        w.aliases.clear();
    }
    assert_eq!(bare, want);
    assert!(s.entities_of_ids(&[], true).unwrap().is_empty());
    // Documents in one batch, as one by one.
    let docs: Vec<String> = s.documents().unwrap().into_iter().map(|d| d.id).collect();
    let mut asked = docs.clone();
    asked.push("sha256:none".into());
    let mut got = s.documents_of_ids(&asked).unwrap();
    got.sort_by(|x, y| x.id.cmp(&y.id));
    let mut want: Vec<DocumentRecord> =
        docs.iter().filter_map(|d| s.document(d).unwrap()).collect();
    want.sort_by(|x, y| x.id.cmp(&y.id));
    assert_eq!(got, want);
}

/// Asserts that the bucket table (`event_actors`) holds exactly the rows
/// the joins give: every participant of every dated event with its
/// document entity's current entity.
fn assert_bucket_table_fresh(s: &SqliteStore, when: &str) {
    type Row = (String, bool, String, i64, String, i64, i64);
    let read = |sql: &str| -> Vec<Row> {
        let mut st = s.conn.prepare(sql).unwrap();
        st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .collect::<std::result::Result<_, _>>()
        .unwrap()
    };
    let kept = read(
        "SELECT type, attempted, date, event, role, doc_entity, entity FROM event_actors ORDER BY 1, 2, 3, 4, 5, 6",
    );
    let want = read(
        "SELECT DISTINCT e.type, e.attempted, e.date, e.id, p.role, p.doc_entity, d.entity \
         FROM events e JOIN event_participants p ON p.event = e.id JOIN doc_entities d ON d.id = p.doc_entity \
         WHERE e.date IS NOT NULL ORDER BY 1, 2, 3, 4, 5, 6",
    );
    assert_eq!(kept, want, "bucket table {when}");
}

/// A report that the group `names[0]` (named `names[1]` when given)
/// attacked `place` on `date`.
fn attack_report(id: &str, text: &str, names: &[&str], place: &str, date: &str) -> Doc {
    let mut d = doc(id, &[text]);
    let g = ent(&mut d, EntityType::ArmedGroup, names);
    let l = ent(&mut d, EntityType::Location, &[place]);
    event(
        &mut d,
        EventType::Attack,
        Some(date),
        &[(Role::Agent, g), (Role::Location, l)],
        0,
    );
    d
}

#[test]
fn issue14_bucket_table_follows_ingest_moves_splits_merges_and_deletes() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    assert_bucket_table_fresh(&s, "empty");
    // A bare acronym first (its own entity), then its one expansion (the
    // bare acronym's document entities move to it), then a second
    // expansion (they move apart again): re-decided in ingest.
    let bare = attack_report(
        "sha256:bt1",
        "KDF units shelled Tarn.",
        &["KDF"],
        "Tarn",
        "2021-03-02",
    );
    let first = attack_report(
        "sha256:bt2",
        "The Korvath Defence Force shelled Tarn.",
        &["Korvath Defence Force"],
        "Tarn",
        "2021-03-02",
    );
    let second = attack_report(
        "sha256:bt3",
        "The Kelmar Desert Front shelled Tarn.",
        &["Kelmar Desert Front"],
        "Tarn",
        "2021-03-02",
    );
    s.ingest(&bare, &opts()).unwrap();
    assert_bucket_table_fresh(&s, "after one document");
    let holder = |s: &SqliteStore| -> i64 {
        s.conn
            .query_row(
                "SELECT entity FROM doc_entities WHERE doc = 'sha256:bt1' AND name = 'KDF'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    s.ingest(&first, &opts()).unwrap();
    assert_bucket_table_fresh(&s, "after the expansion");
    let joined = holder(&s);
    s.ingest(&second, &opts()).unwrap();
    assert_bucket_table_fresh(&s, "after a second expansion");
    assert_ne!(holder(&s), joined, "the bare acronym moved apart");
    for d in synthetic_corpus(30, 5) {
        s.ingest(&d, &opts()).unwrap();
    }
    assert_bucket_table_fresh(&s, "after a corpus");
    // An analyst's split moves document entities; a merge does not (it is
    // read through `merged_into`) but must read the same.
    let f = one(&s, "Velmoran Liberation Front").id;
    s.split(f, "VLF").unwrap();
    assert_bucket_table_fresh(&s, "after a split");
    let a = one(&s, "Orvane Hill Army").id;
    let b = one(&s, "Tamsel Relief Council").id;
    s.merge(a, b).unwrap();
    assert_bucket_table_fresh(&s, "after a merge");
    let all = s.events(None).unwrap();
    for e in s.entities(&EntityFilter::default()).unwrap() {
        let want: Vec<_> = all
            .iter()
            .filter(|x| x.participants.iter().any(|p| p.entity == e.id))
            .cloned()
            .collect();
        assert_eq!(s.events(Some(e.id)).unwrap(), want, "events of {}", e.name);
    }
    s.delete_document("sha256:bt2").unwrap();
    s.delete_document("sha256:syn5-3").unwrap();
    assert_bucket_table_fresh(&s, "after deletes");
    let rows: i64 = s
        .conn
        .query_row("SELECT COUNT(*) FROM event_actors", [], |r| r.get(0))
        .unwrap();
    assert!(rows > 60, "{rows} rows");
}

#[test]
fn issue14_an_older_base_gets_its_bucket_table_and_reads_the_same_before() {
    let path = temp_path("buckets");
    {
        let mut s = SqliteStore::open(&path).unwrap();
        for d in synthetic_corpus(60, 7) {
            s.ingest(&d, &opts()).unwrap();
        }
        // As written by the version before the table.
        s.conn
            .execute_batch(&format!(
                "DROP TABLE event_actors; PRAGMA user_version = {};",
                SCHEMA_VERSION - 1
            ))
            .unwrap();
    }
    // Read-only, the older base is not migrated: its buckets are read
    // through the joins.
    let old = SqliteStore::open_read_only(&path).unwrap();
    assert_eq!(old.schema_version().unwrap(), SCHEMA_VERSION - 1);
    let entities = old.entities(&EntityFilter::default()).unwrap();
    let before: Vec<_> = entities
        .iter()
        .map(|e| old.events(Some(e.id)).unwrap())
        .collect();
    assert!(before
        .iter()
        .any(|v| v.iter().any(|e| e.evidence.len() > 1)));
    // The whole base in parts, the components read through the joins.
    let mut parts: Vec<Vec<EventRecord>> = Vec::new();
    old.event_buckets(4, &mut |p| {
        parts.push(p);
        Ok(())
    })
    .unwrap();
    let mut in_parts = parts.concat();
    in_parts.sort_by_key(|x| x.id);
    drop(old);
    let s = SqliteStore::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    assert_bucket_table_fresh(&s, "filled by the migration");
    let after: Vec<_> = entities
        .iter()
        .map(|e| s.events(Some(e.id)).unwrap())
        .collect();
    assert_eq!(after, before);
    let mut all = s.events(None).unwrap();
    all.sort_by_key(|x| x.id);
    assert_eq!(in_parts, all);
    drop(s);
    db_files_gone(&path);
}

#[test]
fn issue14_large_buckets_come_in_parts_of_whole_components_with_the_same_records() {
    let mut s = SqliteStore::open_in_memory().unwrap();
    let corpus = synthetic_corpus(80, 3);
    for d in &corpus {
        s.ingest(d, &opts()).unwrap();
    }
    // Events with no actor (a place only) and none at all: never grouped.
    let mut d = doc("sha256:bp1", &["Shelling hit Tolva.", "Shelling went on."]);
    let l = ent(&mut d, EntityType::Location, &["Tolva"]);
    event(
        &mut d,
        EventType::Attack,
        Some("2021-03-02"),
        &[(Role::Location, l)],
        0,
    );
    event(&mut d, EventType::Attack, Some("2021-03-02"), &[], 1);
    s.ingest(&d, &opts()).unwrap();
    let f = one(&s, "Velmoran Liberation Front").id;
    s.split(f, "VLF").unwrap();
    let a = one(&s, "Orvane Hill Army").id;
    let b = one(&s, "Kestrel Dawn Brigade").id;
    s.merge(a, b).unwrap();
    let mut all = s.events(None).unwrap();
    all.sort_by_key(|x| x.id);
    assert!(all.iter().any(|e| e.evidence.len() > 1), "events aggregate");
    let mut count = Vec::new();
    for part in [1, 3, 10, 1000] {
        let mut parts: Vec<Vec<EventRecord>> = Vec::new();
        s.event_buckets(part, &mut |p| {
            parts.push(p);
            Ok(())
        })
        .unwrap();
        for p in &parts {
            assert!(p.windows(2).all(|w| w[0].id < w[1].id), "{p:?}");
        }
        let mut got = parts.concat();
        got.sort_by_key(|x| x.id);
        assert_eq!(got, all, "events in parts of {part}");
        count.push(parts.len());
    }
    assert!(count[0] > count[3], "small parts split buckets: {count:?}");
}
