//! One conformance suite for the `Store` trait, run against every store:
//! SQLite always, PostgreSQL when `DOSSIER_TEST_PG_URL` names a server (each
//! run in a fresh schema that is dropped afterwards). Without the variable
//! the PostgreSQL runs are skipped with a note, but fail under `CI=true`.
//!
//! The suite checks what any store must do (idempotent ingest, cross-document
//! resolution and aggregation, merge / split / undo, refusal of a broken
//! document without a trace) and returns everything it read, so that the
//! PostgreSQL run can be compared with the SQLite run record for record.
//! The documents are synthetic reports about fictional groups, people and
//! places.

use dossier_doc::{Doc, EntityType, EventType, RelationType, Role};
use dossier_kb::testing::{self, entity as ent};
use dossier_kb::{
    Contradiction, Decision, DocumentEdit, EntityFilter, EventRecord, FactEdit, FactKind,
    IngestOptions, IngestOutcome, KbError, OverrideKind, ParticipantRecord, SqliteStore, Store,
    Verdict,
};

// ----- synthetic documents -----

fn doc(id: &str, published: &str, sentences: &[String]) -> Doc {
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let mut d = testing::doc(id, &refs);
    d.meta.published = Some(published.parse().unwrap());
    d.meta.source = Some("Karsk Monitor".into());
    d
}

fn rel(d: &mut Doc, rtype: RelationType, source: usize, target: usize, sentence: usize) {
    testing::relation(d, rtype, source, target, &[sentence], None)
}

#[allow(clippy::too_many_arguments)]
fn event(
    d: &mut Doc,
    etype: EventType,
    date: &str,
    participants: &[(Role, usize)],
    fatalities: Option<u32>,
    modality: Option<&str>,
    sentence: usize,
) {
    let e = testing::event(d, etype, Some(date), participants, sentence);
    d.events[e].fatalities = fatalities;
    d.events[e].modality = modality.map(|m| m.parse().expect("a modality of the ontology"));
}

fn attr(d: &mut Doc, entity: usize, name: &str, value: &str, sentence: usize) {
    testing::attribute(d, entity, name, value, None, sentence)
}

const GROUPS: &[(&str, &str)] = &[
    ("Red Dune Brigade", "RDB"),
    ("Karsk Liberation Front", "KLF"),
    ("Sons of the Salt Marsh", "SSM"),
    ("Eastern Vale Movement", "EVM"),
];
const LEADERS: &[(&str, &str)] = &[
    ("Tomas Arvel", "Arvel"),
    ("Mirela Osk", "Osk"),
    ("Dagan Veller", "Veller"),
    ("Ilsa Korrin", "Korrin"),
];
const PLACES: &[&str] = &["Karsk", "Port Essel", "Velmora", "Ostrin"];

/// Document `i` of the synthetic corpus: group `i % 4` founded and led by
/// its leader, an attack on a place (the same happening told by several
/// reports), a member count that differs between reports, and a rival.
fn corpus_doc(i: usize) -> Doc {
    let g = i % GROUPS.len();
    let (group, acr) = GROUPS[g];
    let (leader, short) = LEADERS[g];
    let rival = GROUPS[(g + 1) % GROUPS.len()].0;
    let place = PLACES[(i / 2) % PLACES.len()];
    let day = 1 + (i / 8) % 2;
    let members = 100 * (1 + (i % 3));
    let sentences = vec![
        format!("The {group} ({acr}) was founded by {leader} in Karsk."),
        format!("{short} still leads the {acr}, according to residents of {place}."),
        format!(
            "On 2021-03-0{day} fighters of the {acr} attacked {place}, killing {} people.",
            2 + i % 4
        ),
        format!("The {acr} has about {members} members and is hostile to the {rival}."),
    ];
    let mut d = doc(&format!("sha256:doc{i:03}"), "2022-02", &sentences);
    let eg = ent(&mut d, EntityType::ArmedGroup, &[group, acr]);
    let ep = ent(&mut d, EntityType::Person, &[leader, short]);
    let el = ent(&mut d, EntityType::Location, &[place]);
    let er = ent(&mut d, EntityType::ArmedGroup, &[rival]);
    rel(&mut d, RelationType::FounderOf, ep, eg, 0);
    rel(&mut d, RelationType::LeaderOf, ep, eg, 1);
    rel(&mut d, RelationType::HostileTo, eg, er, 3);
    event(
        &mut d,
        EventType::Attack,
        &format!("2021-03-0{day}"),
        &[(Role::Agent, eg), (Role::Location, el)],
        Some(2 + (i % 4) as u32),
        if i.is_multiple_of(5) {
            Some("alleged")
        } else {
            None
        },
        2,
    );
    attr(&mut d, eg, "member_count", &members.to_string(), 3);
    d
}

fn corpus(n: usize) -> Vec<Doc> {
    (0..n).map(corpus_doc).collect()
}

fn opts(i: usize) -> IngestOptions {
    IngestOptions {
        source: None,
        reliability: Some(['A', 'B', 'C', 'F'][i % 4]),
    }
}

// ----- the suite -----

/// Everything the suite read, for comparing stores.
#[derive(Debug, PartialEq)]
struct Readings(Vec<(String, String)>);

impl Readings {
    fn add(&mut self, what: &str, value: &impl serde::Serialize) {
        // Review marks differ by when the decision was made.
        let mut json = serde_json::to_string(value).unwrap();
        let mut from = 0;
        while let Some(i) = json[from..].find("\"at\":\"") {
            let start = from + i + 6;
            let end = start + json[start..].find('"').unwrap();
            json.replace_range(start..end, "");
            from = start;
        }
        self.0.push((what.to_string(), json));
    }
}

/// Runs every check on stores made by `make` (a fresh, empty store each
/// call) and returns what was read.
fn suite<S: Store>(make: &mut dyn FnMut() -> S) -> Readings {
    let mut out = Readings(Vec::new());
    empty_store(make());
    idempotent_ingest(make(), &mut out);
    whole_corpus(make(), &mut out);
    merge_split_undo(make(), &mut out);
    fact_decisions_hold(make(), &mut out);
    documents_are_edited_and_deleted(make(), &mut out);
    paged_reads(make(), &mut out);
    broken_document_leaves_no_trace(make());
    out
}

fn empty_store<S: Store>(s: S) {
    assert!(s.documents().unwrap().is_empty());
    assert!(s.entities(&EntityFilter::default()).unwrap().is_empty());
    assert!(s.search("brigade", 10).unwrap().is_empty());
    assert_eq!(s.entity(1).unwrap(), None);
    assert!(s.relations(None).unwrap().is_empty());
    assert!(s.overrides().unwrap().is_empty());
}

fn idempotent_ingest<S: Store>(mut s: S, out: &mut Readings) {
    let d = corpus_doc(0);
    let first = s.ingest(&d, &opts(0)).unwrap();
    assert!(matches!(
        first,
        IngestOutcome::New {
            entities: 4,
            relations: 3,
            events: 1,
            ..
        }
    ));
    let before = s.snapshot().unwrap();
    let again = s.ingest(&d, &opts(0)).unwrap();
    assert_eq!(
        again,
        IngestOutcome::Unchanged {
            document: "sha256:doc000".into()
        }
    );
    assert_eq!(s.snapshot().unwrap(), before);
    out.add("idempotent", &before);
}

fn whole_corpus<S: Store>(mut s: S, out: &mut Readings) {
    let docs = corpus(24);
    for (i, d) in docs.iter().enumerate() {
        s.ingest(d, &opts(i)).unwrap();
    }
    let snap = s.snapshot().unwrap();
    assert_eq!(snap.documents.len(), 24);
    // Four groups, four leaders, four places: resolved across documents.
    let groups: Vec<_> = snap
        .entities
        .iter()
        .filter(|e| e.etype == EntityType::ArmedGroup)
        .collect();
    assert_eq!(groups.len(), 4, "{groups:#?}");
    assert_eq!(snap.entities.len(), 12);
    let rdb = s.find_entities("RDB").unwrap();
    assert_eq!(rdb[0].name, "Red Dune Brigade");
    assert_eq!(rdb[0].document_count, 12, "its own 6 and 6 as a rival");
    // The founding told by six reports is one relation with six sources.
    let arvel = &s.find_entities("Tomas Arvel").unwrap()[0];
    let rels = s.relations(Some(arvel.id)).unwrap();
    let founder = rels
        .iter()
        .find(|r| r.rtype == RelationType::FounderOf)
        .unwrap();
    assert_eq!(founder.source_count, 6);
    assert_eq!(founder.target, rdb[0].id);
    // Attacks on one day by one group at one place are one event.
    let events = s.events(Some(rdb[0].id)).unwrap();
    assert!(events.iter().all(|e| !e.evidence.is_empty()));
    assert!(events.len() < 6, "{} events", events.len());
    // Member counts that differ are a contradiction.
    let contra = s.contradictions(Some(rdb[0].id)).unwrap();
    assert!(contra.iter().any(|c| c.what == "member_count"));
    // Search: all words must match; a trailing * is a prefix.
    let hits = s.search("Arvel founded", 50).unwrap();
    assert_eq!(hits.len(), 6);
    assert!(hits[0].highlighted.contains("[founded]"));
    assert!(hits[0].highlighted.contains("[Arvel]"));
    assert_eq!(s.search("liberat*", 100).unwrap().len(), 12);
    assert!(s.search("\"NEAR(\" -*", 10).unwrap().is_empty());
    assert!(s.search("Red-Dune", 100).unwrap().len() >= 6);

    // The contradictions of a page of entities at once are each entity's
    // own, whatever the page.
    let ids: Vec<i64> = snap.entities.iter().map(|e| e.id).collect();
    let key = |c: &Contradiction| (c.entity, c.what.clone());
    let mut each: Vec<Contradiction> = ids
        .iter()
        .flat_map(|&id| {
            let mut cs = s.contradictions(Some(id)).unwrap();
            cs.retain(|c| c.entity == id);
            cs
        })
        .collect();
    each.sort_by_key(key);
    assert!(each.iter().any(|c| c.what == "member_count"));
    for page in [1, 5, 1000] {
        let mut got: Vec<Contradiction> = ids
            .chunks(page)
            .flat_map(|p| s.contradictions_of_entities(p).unwrap())
            .collect();
        got.sort_by_key(key);
        assert_eq!(got, each, "contradictions by pages of {page}");
    }

    out.add("snapshot", &snap);
    for e in &snap.entities {
        out.add("entity", &s.entity(e.id).unwrap());
        out.add("relations", &s.relations(Some(e.id)).unwrap());
        out.add("events", &s.events(Some(e.id)).unwrap());
        out.add("attributes", &s.attributes(Some(e.id)).unwrap());
        out.add("contradictions", &s.contradictions(Some(e.id)).unwrap());
    }
    for q in [
        "Karsk",
        "velmora",
        "attacked Port",
        "lead*",
        "KLF members",
        "x",
    ] {
        out.add("search", &s.search(q, 7).unwrap());
    }
    // Top k of many matches (ranked by the store: FTS5's BM25 on SQLite,
    // the same in SQL on PostgreSQL): the same hits in the same order,
    // whatever k cuts.
    for (q, k) in [
        ("the", 5),
        ("the", 40),
        ("killing people", 3),
        ("fighters of the", 9),
        ("hostile to*", 4),
        ("members", 1),
        ("rdb OR klf", 6),
        ("Red-Dune brig*", 4),
        ("port-essel", 2),
        ("salt-mar*", 3),
    ] {
        let hits = s.search(q, k).unwrap();
        assert!(hits.len() <= k);
        out.add("top k", &hits);
    }
    assert_eq!(
        s.search("the", 40).unwrap()[..5],
        s.search("the", 5).unwrap()[..]
    );
    // Name look-ups: exact, folded, transliterated, acronyms, substrings
    // of names and keys, LIKE's own characters taken literally.
    for n in [
        "Arvel",
        "KLF",
        "Sons of the Salt Marsh",
        "salt",
        "Nobody",
        "Tomás Arvel",
        "red dune",
        "une Brig",
        "Red Doune Brigade",
        "Karsk Liberation Frnt",
        "rdb",
        "EVM",
        "Red_Dune",
        "50%",
        "e",
        "ARVEL",
        "Port Essel",
        "vel",
    ] {
        out.add("find", &s.find_entities(n).unwrap());
    }
    assert_eq!(
        s.find_entities("Tomás Arvel").unwrap()[0].name,
        "Tomas Arvel"
    );
    assert_eq!(
        s.find_entities("Red Doune Brigade").unwrap()[0].name,
        "Red Dune Brigade"
    );
    assert!(s
        .find_entities("Red_Dune")
        .unwrap()
        .iter()
        .any(|e| e.name == "Red Dune Brigade"));
    assert!(s.find_entities("50%").unwrap().is_empty());
    out.add(
        "filtered",
        &s.entities(&EntityFilter {
            etype: Some(EntityType::Person),
            search: Some("osk".into()),
        })
        .unwrap(),
    );
    out.add("document", &s.document("sha256:doc007").unwrap());
}

fn merge_split_undo<S: Store>(mut s: S, out: &mut Readings) {
    for (i, d) in corpus(8).iter().enumerate() {
        s.ingest(d, &opts(i)).unwrap();
    }
    let original = s.snapshot().unwrap();
    let rdb = s.find_entities("Red Dune Brigade").unwrap()[0].id;
    let klf = s.find_entities("Karsk Liberation Front").unwrap()[0].id;
    s.merge(rdb, klf).unwrap();
    assert!(matches!(s.merge(rdb, klf), Err(KbError::Invalid(_))));
    let merged = s.entity(klf).unwrap().unwrap();
    assert_eq!(merged.id, rdb);
    assert_eq!(
        s.entities(&EntityFilter::default()).unwrap().len(),
        original.entities.len() - 1
    );
    out.add("merged", &s.snapshot().unwrap());
    let ovs = s.overrides().unwrap();
    assert_eq!(ovs.len(), 1);
    assert_eq!(ovs[0].kind, OverrideKind::Merge);
    s.undo_override(ovs[0].id).unwrap();
    assert_eq!(s.snapshot().unwrap(), original);
    assert!(s.undo_override(ovs[0].id).is_err());

    // Split the acronym off, then undo.
    let new = s.split(rdb, "RDB").unwrap();
    let split_off = s.entity(new).unwrap().unwrap();
    assert_eq!(split_off.name, "RDB");
    assert!(s
        .entity(rdb)
        .unwrap()
        .unwrap()
        .aliases
        .iter()
        .all(|a| a.name != "RDB"));
    out.add("split", &s.snapshot().unwrap());
    // A re-ingest keeps the split.
    let later = {
        let mut d = corpus_doc(20);
        d.meta.id = "sha256:later".into();
        d
    };
    s.ingest(&later, &opts(0)).unwrap();
    assert!(s
        .entity(rdb)
        .unwrap()
        .unwrap()
        .aliases
        .iter()
        .all(|a| a.name != "RDB"));
    out.add("after split", &s.snapshot().unwrap());
    let split = s.overrides().unwrap().pop().unwrap();
    assert_eq!(split.kind, OverrideKind::Split);
    s.undo_override(split.id).unwrap();
    assert_eq!(s.entity(new).unwrap().unwrap().id, rdb);
    out.add("unsplit", &s.snapshot().unwrap());
    assert!(matches!(s.merge(rdb, 999_999), Err(KbError::NotFound(_))));
    assert!(matches!(
        s.split(rdb, "Nobody Known"),
        Err(KbError::NotFound(_))
    ));
}

fn decision(verdict: Verdict, edit: FactEdit) -> Decision {
    Decision {
        verdict,
        edit,
        user: "analyst-a".into(),
    }
}

fn fact_decisions_hold<S: Store>(mut s: S, out: &mut Readings) {
    let docs = corpus(8);
    for (i, d) in docs.iter().enumerate() {
        s.ingest(d, &opts(i)).unwrap();
    }
    let arvel = s.find_entities("Tomas Arvel").unwrap()[0].id;
    let rdb = s.find_entities("Red Dune Brigade").unwrap()[0].id;
    let rels = s.relations(Some(arvel)).unwrap();
    let find = |rels: &[dossier_kb::RelationRecord], t: RelationType| {
        rels.iter().find(|r| r.rtype == t).cloned()
    };
    let leader = find(&rels, RelationType::LeaderOf).unwrap();
    let founder = find(&rels, RelationType::FounderOf).unwrap();
    // Reject one relation, edit another's type and direction.
    let d1 = s
        .decide(
            FactKind::Relation,
            leader.id,
            &decision(Verdict::Rejected, FactEdit::default()),
        )
        .unwrap();
    let d2 = s
        .decide(
            FactKind::Relation,
            founder.id,
            &decision(
                Verdict::Edited,
                FactEdit {
                    relation_type: Some(RelationType::MemberOf),
                    ..Default::default()
                },
            ),
        )
        .unwrap();
    assert!(d2 > d1);
    let check_relations = |s: &S, arvel: i64, rdb: i64| {
        let rels = s.relations(Some(arvel)).unwrap();
        assert!(find(&rels, RelationType::LeaderOf).is_none(), "{rels:#?}");
        assert!(find(&rels, RelationType::FounderOf).is_none());
        let member = find(&rels, RelationType::MemberOf).expect("edited");
        assert_eq!((member.source, member.target), (arvel, rdb));
        let review = member.review.expect("a review mark");
        assert_eq!(review.verdict, Verdict::Edited);
        assert_eq!(review.by, "analyst-a");
        assert!(!review.at.is_empty());
        let all = s.snapshot().unwrap().relations;
        assert!(!all
            .iter()
            .any(|r| r.rtype == RelationType::LeaderOf && r.source == arvel));
    };
    check_relations(&s, arvel, rdb);
    // Events: edit the date and roles of one, reject none yet.
    let events = s.events(Some(rdb)).unwrap();
    let attack = events[0].clone();
    let karsk = s.find_entities("Karsk Liberation Front").unwrap()[0].id;
    s.decide(
        FactKind::Event,
        attack.id,
        &decision(
            Verdict::Edited,
            FactEdit {
                date: Some("2021-04".into()),
                participants: Some(vec![
                    ParticipantRecord {
                        role: Role::Agent,
                        entity: rdb,
                    },
                    ParticipantRecord {
                        role: Role::Target,
                        entity: karsk,
                    },
                ]),
                ..Default::default()
            },
        ),
    )
    .unwrap();
    let edited = s
        .events(Some(rdb))
        .unwrap()
        .into_iter()
        .find(|e| e.id == attack.id)
        .unwrap();
    assert_eq!(
        edited.date.map(|d| d.to_string()).as_deref(),
        Some("2021-04")
    );
    assert_eq!(edited.participants.len(), 2);
    assert_eq!(edited.review.as_ref().unwrap().verdict, Verdict::Edited);
    // Attributes: RDB's member counts (100 and 200) contradict until one is rejected.
    assert!(s
        .contradictions(Some(rdb))
        .unwrap()
        .iter()
        .any(|c| c.what == "member_count"));
    let attrs = s.attributes(Some(rdb)).unwrap();
    let two = attrs.iter().find(|a| a.value == "200").unwrap();
    let one = attrs.iter().find(|a| a.value == "100").unwrap();
    s.decide(
        FactKind::Attribute,
        two.id,
        &decision(Verdict::Rejected, FactEdit::default()),
    )
    .unwrap();
    s.decide(
        FactKind::Attribute,
        one.id,
        &decision(Verdict::Confirmed, FactEdit::default()),
    )
    .unwrap();
    let attrs = s.attributes(Some(rdb)).unwrap();
    assert!(attrs.iter().all(|a| a.value != "200"), "{attrs:#?}");
    assert_eq!(
        attrs
            .iter()
            .find(|a| a.value == "100")
            .unwrap()
            .review
            .as_ref()
            .unwrap()
            .verdict,
        Verdict::Confirmed
    );
    assert!(!s
        .contradictions(Some(rdb))
        .unwrap()
        .iter()
        .any(|c| c.what == "member_count"));
    // Refusals.
    let none = decision(Verdict::Rejected, FactEdit::default());
    assert!(matches!(
        s.decide(FactKind::Relation, 999_999, &none),
        Err(KbError::NotFound(_))
    ));
    assert!(matches!(
        s.decide(
            FactKind::Event,
            attack.id,
            &decision(Verdict::Edited, FactEdit::default())
        ),
        Err(KbError::Invalid(_))
    ));
    let bad_date = FactEdit {
        date: Some("soon".into()),
        ..Default::default()
    };
    assert!(matches!(
        s.decide(
            FactKind::Event,
            attack.id,
            &decision(Verdict::Edited, bad_date)
        ),
        Err(KbError::Invalid(_))
    ));
    let anonymous = Decision {
        user: " ".into(),
        ..none.clone()
    };
    assert!(matches!(
        s.decide(FactKind::Relation, leader.id, &anonymous),
        Err(KbError::Invalid(_))
    ));
    let list = s.decisions().unwrap();
    assert_eq!(list.len(), 5);
    assert!(list.iter().all(|d| d.user == "analyst-a" && !d.undone));
    assert!(
        list[0].summary.contains("Tomas Arvel"),
        "{}",
        list[0].summary
    );
    let mut shown = list.clone();
    for d in &mut shown {
        d.created_at.clear();
    }
    out.add("decisions", &shown);
    out.add("reviewed", &s.snapshot().unwrap());

    // Re-ingest changes nothing; deleting and re-extracting the documents
    // of Arvel (he disappears with them, and comes back with a new id)
    // keeps every decision.
    for (i, d) in docs.iter().enumerate() {
        assert!(matches!(
            s.ingest(d, &opts(i)).unwrap(),
            IngestOutcome::Unchanged { .. }
        ));
    }
    check_relations(&s, arvel, rdb);
    for i in [0, 4] {
        s.delete_document(&docs[i].meta.id).unwrap();
    }
    assert!(s.find_entities("Tomas Arvel").unwrap().is_empty());
    for i in [0, 4] {
        s.ingest(&docs[i], &opts(i)).unwrap();
    }
    let arvel2 = s.find_entities("Tomas Arvel").unwrap()[0].id;
    let rdb2 = s.find_entities("Red Dune Brigade").unwrap()[0].id;
    check_relations(&s, arvel2, rdb2);
    assert!(s
        .attributes(Some(rdb2))
        .unwrap()
        .iter()
        .all(|a| a.value != "200"));
    let edited = s.events(Some(rdb2)).unwrap();
    assert!(
        edited
            .iter()
            .any(|e| e.date.map(|d| d.to_string()).as_deref() == Some("2021-04")),
        "{edited:#?}"
    );
    // Undo brings the rejected relation back.
    s.undo_decision(d1).unwrap();
    assert!(find(&s.relations(Some(arvel2)).unwrap(), RelationType::LeaderOf).is_some());
    assert!(matches!(s.undo_decision(d1), Err(KbError::Invalid(_))));
    assert!(matches!(s.undo_decision(999), Err(KbError::NotFound(_))));
    assert!(s.decisions().unwrap()[0].undone);
}

fn documents_are_edited_and_deleted<S: Store>(mut s: S, out: &mut Readings) {
    let docs = corpus(4);
    for (i, d) in docs.iter().enumerate() {
        s.ingest(d, &opts(i)).unwrap();
    }
    let before = s.snapshot().unwrap();
    let id = "sha256:doc001";
    s.edit_document(
        id,
        &DocumentEdit {
            title: Some("Field notes <b>from</b> Velmora".into()),
            published: Some("2021-05".into()),
            source: Some(String::new()),
            url: Some("https://example.org/notes".into()),
            reliability: Some('B'),
        },
    )
    .unwrap();
    let d = s.document(id).unwrap().unwrap();
    assert_eq!(d.title.as_deref(), Some("Field notes <b>from</b> Velmora"));
    assert_eq!(
        d.published.map(|p| p.to_string()).as_deref(),
        Some("2021-05")
    );
    assert_eq!(d.source, None);
    assert_eq!(d.url.as_deref(), Some("https://example.org/notes"));
    assert_eq!(d.reliability, 'B');
    out.add("edited document", &d);
    for bad in [
        DocumentEdit {
            reliability: Some('Z'),
            ..Default::default()
        },
        DocumentEdit {
            url: Some("javascript:alert(1)".into()),
            ..Default::default()
        },
        DocumentEdit {
            published: Some("last spring".into()),
            ..Default::default()
        },
    ] {
        assert!(matches!(
            s.edit_document(id, &bad),
            Err(KbError::Invalid(_))
        ));
    }
    assert!(matches!(
        s.edit_document("sha256:none", &DocumentEdit::default()),
        Err(KbError::NotFound(_))
    ));
    // Delete: its sentences, facts and evidence go; Mirela Osk, named only
    // there, disappears; the group it names as a rival stays.
    let osk = s.search("Osk", 10).unwrap().len();
    assert!(osk > 0);
    s.delete_document(id).unwrap();
    assert_eq!(s.documents().unwrap().len(), 3);
    assert!(s.document(id).unwrap().is_none());
    assert!(s.search("Osk", 10).unwrap().is_empty());
    assert!(s.find_entities("Mirela Osk").unwrap().is_empty());
    let snap = s.snapshot().unwrap();
    assert!(snap
        .relations
        .iter()
        .all(|r| r.evidence.iter().all(|e| e.document != id)));
    assert!(snap
        .events
        .iter()
        .all(|e| e.evidence.iter().all(|v| v.document != id)));
    assert!(snap
        .attributes
        .iter()
        .all(|a| a.evidence.iter().all(|v| v.document != id)));
    let klf = s.find_entities("Karsk Liberation Front").unwrap();
    assert_eq!(klf.len(), 1, "a rival of another report stays");
    assert_eq!(klf[0].document_count, 1);
    assert_eq!(snap.entities.len(), before.entities.len() - 1);
    assert!(matches!(s.delete_document(id), Err(KbError::NotFound(_))));
    // Ingested again, it is all back (entity ids aside).
    s.ingest(&docs[1], &opts(1)).unwrap();
    let again = s.snapshot().unwrap();
    let names = |snap: &dossier_kb::Snapshot| {
        let mut v: Vec<(String, usize, usize)> = snap
            .entities
            .iter()
            .map(|e| (e.name.clone(), e.mention_count, e.document_count))
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&again), names(&before));
    assert_eq!(again.relations.len(), before.relations.len());
    assert_eq!(again.events.len(), before.events.len());
    assert_eq!(s.search("Osk", 10).unwrap().len(), osk);
}

/// The reads a whole-base export pages through instead of loading the
/// base: every canonical entity and every document once, in increasing
/// order, whatever the page size; and the events without participants (the
/// only ones no entity's events read returns), as the whole-base read has
/// them.
fn paged_reads<S: Store>(mut s: S, out: &mut Readings) {
    for (i, d) in corpus(10).iter().enumerate() {
        s.ingest(d, &opts(i)).unwrap();
    }
    let mut lone = doc(
        "sha256:lone",
        "2020-06",
        &["Clashes broke out on 3 May 2020.".to_string()],
    );
    event(
        &mut lone,
        EventType::ArmedConflict,
        "2020-05-03",
        &[],
        None,
        None,
        0,
    );
    s.ingest(&lone, &opts(1)).unwrap();
    // Ids a locale collation orders differently from bytes ("report-a"
    // before "report-B"): pages come in byte order on every backend.
    for id in ["report-a", "report-B"] {
        let d = doc(id, "2020-06", &["Nothing happened.".to_string()]);
        s.ingest(&d, &opts(1)).unwrap();
    }
    // A merged-away entity is not listed.
    let all = s.entities(&EntityFilter::default()).unwrap();
    let people: Vec<i64> = all
        .iter()
        .filter(|e| e.etype == EntityType::Person)
        .map(|e| e.id)
        .collect();
    s.merge(people[0], people[1]).unwrap();
    let mut want: Vec<i64> = s
        .entities(&EntityFilter::default())
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    want.sort_unstable();
    assert_eq!(want.len() + 1, all.len());
    let mut want_docs: Vec<String> = s.documents().unwrap().into_iter().map(|d| d.id).collect();
    want_docs.sort_unstable();
    for page in [1, 4, 1000] {
        let (mut got, mut after) = (Vec::new(), i64::MIN);
        loop {
            let ids = s.entity_ids_after(after, page).unwrap();
            assert!(ids.len() <= page);
            let Some(&last) = ids.last() else { break };
            got.extend(ids);
            after = last;
        }
        assert_eq!(got, want, "entities in pages of {page}");
        let (mut got, mut after) = (Vec::new(), None::<String>);
        loop {
            let ids = s.document_ids_after(after.as_deref(), page).unwrap();
            assert!(ids.len() <= page);
            let Some(last) = ids.last().cloned() else {
                break;
            };
            got.extend(ids);
            after = Some(last);
        }
        assert_eq!(got, want_docs, "documents in pages of {page}");
    }
    let lone_events = s.events_without_participants().unwrap();
    assert_eq!(lone_events.len(), 1);
    let whole: Vec<_> = s
        .events(None)
        .unwrap()
        .into_iter()
        .filter(|e| e.participants.is_empty())
        .collect();
    assert_eq!(lone_events, whole);
    // Relations, events and attributes of a page of entities at once are
    // those of the whole base (after the merge), whatever the page.
    let snap = s.snapshot().unwrap();
    fn by_id<T>(mut v: Vec<T>, id: fn(&T) -> i64) -> Vec<T> {
        v.sort_by_key(id);
        v
    }
    let all_rel = by_id(snap.relations.clone(), |r| r.id);
    let all_attr = by_id(snap.attributes.clone(), |a| a.id);
    assert!(!all_rel.is_empty() && !all_attr.is_empty());
    for page in [1, 4, 1000] {
        let rel: Vec<_> = want
            .chunks(page)
            .flat_map(|p| s.relations_of_sources(p).unwrap())
            .collect();
        assert_eq!(
            by_id(rel, |r| r.id),
            all_rel,
            "relations by pages of {page}"
        );
        let attr: Vec<_> = want
            .chunks(page)
            .flat_map(|p| s.attributes_of_entities(p).unwrap())
            .collect();
        assert_eq!(
            by_id(attr, |a| a.id),
            all_attr,
            "attributes by pages of {page}"
        );
        for p in want.chunks(page) {
            let expected: Vec<_> = snap
                .events
                .iter()
                .filter(|e| e.participants.iter().any(|x| p.contains(&x.entity)))
                .cloned()
                .collect();
            let got = s.events_of_entities(p).unwrap();
            assert_eq!(
                by_id(got, |e| e.id),
                by_id(expected, |e| e.id),
                "events of {p:?}"
            );
        }
    }
    // The whole base's events a bucket at a time (the STIX export's read):
    // the whole base's records, each once, a part's in id order.
    let mut parts: Vec<Vec<EventRecord>> = Vec::new();
    s.each_event_bucket(&mut |p| {
        parts.push(p);
        Ok(())
    })
    .unwrap();
    for p in &parts {
        assert!(p.windows(2).all(|w| w[0].id < w[1].id), "{p:?}");
    }
    assert_eq!(
        by_id(parts.concat(), |e| e.id),
        by_id(snap.events.clone(), |e| e.id),
        "events by bucket"
    );
    out.add("paged", &(want.len(), want_docs, lone_events));
}

fn broken_document_leaves_no_trace<S: Store>(mut s: S) {
    s.ingest(&corpus_doc(1), &opts(1)).unwrap();
    let before = s.snapshot().unwrap();
    let mut bad = corpus_doc(2);
    bad.relations[0].target = 99;
    let err = s.ingest(&bad, &opts(2)).unwrap_err();
    assert!(err.to_string().contains("entity 99"), "{err}");
    assert_eq!(s.snapshot().unwrap(), before);
    // The same document, repaired, goes in.
    s.ingest(&corpus_doc(2), &opts(2)).unwrap();
    assert_eq!(s.documents().unwrap().len(), 2);
}

#[test]
fn sqlite_conforms() {
    suite(&mut || SqliteStore::open_in_memory().unwrap());
}

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use dossier_kb::{PgStore, PG_SCHEMA_VERSION};

    fn server() -> Option<String> {
        dossier_kb::testing::pg::server("PostgreSQL store tests")
    }

    /// A scratch schema that opens as a store.
    struct Scratch(dossier_kb::testing::pg::Scratch);

    impl Scratch {
        fn new(server: &str) -> Scratch {
            Scratch(dossier_kb::testing::pg::Scratch::new(
                server,
                "dossier_test",
            ))
        }
        fn url(&self) -> String {
            self.0.url()
        }
        fn open(&self) -> PgStore {
            PgStore::open(&self.url()).unwrap()
        }
    }

    #[test]
    fn postgres_conforms_and_reads_as_sqlite_does() {
        let Some(server) = server() else { return };
        let mut scratches = Vec::new();
        let pg = suite(&mut || {
            let s = Scratch::new(&server);
            let store = s.open();
            scratches.push(s);
            store
        });
        let sqlite = suite(&mut || SqliteStore::open_in_memory().unwrap());
        assert_eq!(pg.0.len(), sqlite.0.len());
        for (p, q) in pg.0.iter().zip(&sqlite.0) {
            assert_eq!(p, q, "PostgreSQL and SQLite read differently");
        }
    }

    #[test]
    fn postgres_migrates_an_empty_database_and_the_previous_version() {
        let Some(server) = server() else { return };
        let scratch = Scratch::new(&server);
        let mut s = scratch.open();
        assert_eq!(s.schema_version().unwrap(), PG_SCHEMA_VERSION);
        // Opening again changes nothing.
        drop(s);
        s = scratch.open();
        for (i, d) in corpus(6).iter().enumerate() {
            s.ingest(d, &opts(i)).unwrap();
        }
        let before = s.snapshot().unwrap();
        let found_before = s.find_entities("Arvel").unwrap();
        // Back to schema 1: no resolution index.
        s.execute_batch(
            "DROP TABLE entity_names, entity_keys, entity_links, entity_stats; \
             DELETE FROM dossier_schema WHERE version > 1",
        )
        .unwrap();
        assert_eq!(s.schema_version().unwrap(), 1);
        drop(s);
        let mut s = scratch.open();
        assert_eq!(s.schema_version().unwrap(), PG_SCHEMA_VERSION);
        assert_eq!(s.snapshot().unwrap(), before);
        assert_eq!(s.find_entities("Arvel").unwrap(), found_before);
        // The rebuilt index resolves new documents as before.
        s.ingest(&corpus_doc(6), &opts(6)).unwrap();
        assert_eq!(s.entities(&EntityFilter::default()).unwrap().len(), 12);

        // From the previous version (3: before the name look-up table, its
        // trigram indexes and the SQL ranking of search).
        let before = s.snapshot().unwrap();
        let finds = |s: &PgStore| -> Vec<_> {
            ["Arvel", "rdb", "Red Doune Brigade", "une Brig"]
                .iter()
                .map(|n| s.find_entities(n).unwrap())
                .collect()
        };
        let found_before = finds(&s);
        let searched_before = s.search("the", 5).unwrap();
        assert!(!found_before.iter().any(Vec::is_empty));
        // (and before the analysts' decisions, version 5)
        s.execute_batch(
            "DROP TABLE name_lookup; DROP TABLE fact_decisions; \
             DELETE FROM dossier_schema WHERE version > 3",
        )
        .unwrap();
        assert_eq!(s.schema_version().unwrap(), 3);
        drop(s);
        let s = scratch.open();
        assert_eq!(s.schema_version().unwrap(), PG_SCHEMA_VERSION);
        assert_eq!(s.snapshot().unwrap(), before);
        assert_eq!(finds(&s), found_before);
        assert_eq!(s.search("the", 5).unwrap(), searched_before);
    }

    /// Whether the server offers `pg_trgm` (Debian's postgresql package does).
    fn has_pg_trgm(server: &str) -> bool {
        let mut c = ::postgres::Client::connect(server, ::postgres::NoTls).unwrap();
        c.query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm')",
            &[],
        )
        .unwrap()
        .get(0)
    }

    #[test]
    fn postgres_name_lookups_use_trigram_indexes() {
        let Some(server) = server() else { return };
        let scratch = Scratch::new(&server);
        let mut s = scratch.open();
        if !has_pg_trgm(&server) {
            eprintln!("note: the server has no pg_trgm; name look-ups read every name");
            assert!(!s.trigram_lookups().unwrap());
            return;
        }
        assert!(s.trigram_lookups().unwrap());
        for (i, d) in corpus(8).iter().enumerate() {
            s.ingest(d, &opts(i)).unwrap();
        }
        // The look-up's own query, planned with sequential scans off (the
        // table is too small to prefer an index otherwise).
        let mut c = ::postgres::Client::connect(&scratch.url(), ::postgres::NoTls).unwrap();
        c.batch_execute("SET enable_seqscan = off").unwrap();
        let plan: Vec<String> = c
            .query(
                "EXPLAIN SELECT entity, name FROM name_lookup \
                 WHERE folded LIKE '%dune brig%' OR key LIKE '%dunebrig%'",
                &[],
            )
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        let plan = plan.join("\n");
        assert!(plan.contains("name_lookup_folded_trgm"), "{plan}");
        assert!(plan.contains("name_lookup_key_trgm"), "{plan}");
        // Every stored name is in the look-up table, with its folded forms.
        let (names, looked_up): (i64, i64) = {
            let r = c
                .query_one(
                    "SELECT (SELECT COUNT(*) FROM (SELECT entity, name FROM entity_names \
                     UNION SELECT id, name FROM entities) n), (SELECT COUNT(*) FROM name_lookup)",
                    &[],
                )
                .unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!(names, looked_up);
        assert_eq!(
            s.find_entities("dune brig").unwrap()[0].name,
            "Red Dune Brigade"
        );
    }

    #[test]
    fn postgres_refuses_another_programs_tables_and_a_newer_schema() {
        let Some(server) = server() else { return };
        let scratch = Scratch::new(&server);
        let mut c = ::postgres::Client::connect(&scratch.url(), ::postgres::NoTls).unwrap();
        c.batch_execute(
            "CREATE TABLE documents (id INT, body TEXT); INSERT INTO documents VALUES (1, 'kept')",
        )
        .unwrap();
        let err = PgStore::open(&scratch.url()).unwrap_err();
        assert!(matches!(err, KbError::Foreign(_)), "{err}");
        assert!(err.to_string().contains("documents"), "{err}");
        let kept: String = c
            .query_one("SELECT body FROM documents", &[])
            .unwrap()
            .get(0);
        assert_eq!(kept, "kept");
        assert!(PgStore::open_existing(&scratch.url()).is_err());

        let other = Scratch::new(&server);
        let s = other.open();
        s.execute_batch("INSERT INTO dossier_schema (version) VALUES (99)")
            .unwrap();
        drop(s);
        assert!(matches!(
            PgStore::open(&other.url()),
            Err(KbError::SchemaTooNew { found: 99, .. })
        ));
        // An empty schema is no knowledge base for a reader.
        let empty = Scratch::new(&server);
        assert!(matches!(
            PgStore::open_existing(&empty.url()),
            Err(KbError::NotFound(_))
        ));
        // A bad address is an error naming it, without its password.
        let err = PgStore::open("postgres://arvel:s3cret@127.0.0.1:1/none").unwrap_err();
        assert!(err.to_string().contains("arvel:***@127.0.0.1:1"), "{err}");
        assert!(!err.to_string().contains("s3cret"));
    }

    #[test]
    fn concurrent_writers_resolve_one_new_actor_once() {
        let Some(server) = server() else { return };
        let scratch = Scratch::new(&server);
        drop(scratch.open());
        let url = scratch.url();
        // Four writers, each with its own connection, ingest reports that
        // all name the same groups for the first time.
        let docs = corpus(16);
        std::thread::scope(|t| {
            for w in 0..4 {
                let (url, docs) = (url.clone(), &docs);
                t.spawn(move || {
                    let mut s = PgStore::open(&url).unwrap();
                    for (i, d) in docs.iter().enumerate().skip(w).step_by(4) {
                        s.ingest(d, &opts(i)).unwrap();
                    }
                });
            }
        });
        let s = scratch.open();
        let mut seq = SqliteStore::open_in_memory().unwrap();
        for (i, d) in docs.iter().enumerate() {
            seq.ingest(d, &opts(i)).unwrap();
        }
        let names = |s: &dyn Store| {
            let mut v: Vec<(String, usize, usize)> = s
                .entities(&EntityFilter::default())
                .unwrap()
                .into_iter()
                .map(|e| (e.name, e.mention_count, e.document_count))
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&s), names(&seq));
        assert_eq!(
            s.relations(None).unwrap().len(),
            seq.relations(None).unwrap().len()
        );
        assert_eq!(
            s.events(None).unwrap().len(),
            seq.events(None).unwrap().len()
        );
    }
}
