//! Measures ingest and read times on synthetic documents about fictional
//! groups and people: `cargo run -p dossier-kb --release --example ingest_bench [DOCS] [ENTITIES_PER_DOC]`.

use dossier_doc::{
    Doc, Entity, EntityType, Event, EventType, Mention, MentionKind, Meta, Participant, Relation,
    RelationType, Role, Sentence,
};
use dossier_kb::{EntityFilter, IngestOptions, SqliteStore, Store};
use std::time::Instant;

/// A deterministic pseudo-random sequence (xorshift).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const SYL: &[&str] = &[
    "ka", "ru", "vel", "mar", "tor", "is", "an", "dor", "bel", "sun", "zar", "qin", "lo", "ve",
    "nih", "sto",
];

fn word(r: &mut Rng) -> String {
    let n = 2 + r.below(2);
    let w: String = (0..n).map(|_| SYL[r.below(SYL.len())]).collect();
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let docs = args.first().copied().unwrap_or(60);
    let per_doc = args.get(1).copied().unwrap_or(40);
    let mut r = Rng(0x5eed_1234_abcd);
    let kinds = [
        EntityType::Person,
        EntityType::ArmedGroup,
        EntityType::Organization,
        EntityType::Location,
    ];
    let pool: Vec<(EntityType, String)> = (0..per_doc * docs / 3)
        .map(|i| {
            let t = kinds[i % kinds.len()];
            let name = match t {
                EntityType::Person => format!("{} {}", word(&mut r), word(&mut r)),
                EntityType::ArmedGroup => format!("{} {} Brigade", word(&mut r), word(&mut r)),
                EntityType::Organization => format!("{} Council of {}", word(&mut r), word(&mut r)),
                _ => word(&mut r),
            };
            (t, name)
        })
        .collect();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let t0 = Instant::now();
    let mut total_mentions = 0;
    let mut used = std::collections::HashSet::new();
    for d in 0..docs {
        let chosen: Vec<usize> = (0..per_doc).map(|_| r.below(pool.len())).collect();
        used.extend(chosen.iter().map(|&i| pool[i].1.clone()));
        let mut text = String::new();
        let mut doc = Doc::default();
        for (i, &p) in chosen.iter().enumerate() {
            let (t, name) = &pool[p];
            let start = text.chars().count();
            let sentence = format!("{name} was seen near the border in spring. ");
            text.push_str(&sentence);
            let n = sentence.trim_end().chars().count();
            doc.sentences.push(Sentence {
                start,
                end: start + n,
                token_start: 0,
                token_end: 0,
            });
            doc.mentions.push(Mention {
                start,
                end: start + name.chars().count(),
                sentence: i,
                text: name.clone(),
                label: *t,
                kind: MentionKind::Name,
                source: "bench".into(),
                confidence: 0.9,
                entity: Some(i),
            });
            doc.entities.push(Entity {
                etype: *t,
                name: name.clone(),
                aliases: vec![],
                mentions: vec![i],
            });
            total_mentions += 1;
        }
        for _ in 0..per_doc / 2 {
            let (a, b) = (r.below(per_doc), r.below(per_doc));
            if a != b {
                doc.relations.push(Relation {
                    rtype: RelationType::AllyOf,
                    source: a,
                    target: b,
                    confidence: 0.7,
                    date: None,
                    modality: None,
                    evidence: vec![doc.sentence_evidence(a)],
                });
            }
        }
        for _ in 0..per_doc / 4 {
            let (a, b) = (r.below(per_doc), r.below(per_doc));
            doc.events.push(Event {
                etype: EventType::Attack,
                trigger: "attack".into(),
                attempted: false,
                date: Some(dossier_doc::Edtf::year(2010 + r.below(10) as i32)),
                participants: vec![
                    Participant {
                        role: Role::Agent,
                        entity: a,
                    },
                    Participant {
                        role: Role::Target,
                        entity: b,
                    },
                ],
                fatalities: None,
                injured: None,
                modality: None,
                confidence: 0.6,
                evidence: vec![doc.sentence_evidence(a)],
            });
        }
        doc.meta = Meta {
            id: format!("sha256:bench{d}"),
            ..Default::default()
        };
        doc.set_text(text);
        store
            .ingest(&doc, &IngestOptions::default())
            .expect("ingest");
    }
    let ingest = t0.elapsed();
    let t1 = Instant::now();
    let snap = store.snapshot().expect("snapshot");
    let read = t1.elapsed();
    let t2 = Instant::now();
    let hits = store.search("border spring", 20).expect("search");
    let search = t2.elapsed();
    let t3 = Instant::now();
    let n = store
        .entities(&EntityFilter::default())
        .expect("entities")
        .len();
    for e in snap.entities.iter().take(100) {
        store.entity(e.id).expect("entity");
    }
    let lookups = t3.elapsed();
    println!(
        "{docs} documents, {total_mentions} entity mentions of {} distinct names -> {n} entities, {} relations, {} events",
        used.len(),
        snap.relations.len(),
        snap.events.len()
    );
    println!(
        "ingest: {:.1} ms total, {:.2} ms/document",
        ingest.as_secs_f64() * 1e3,
        ingest.as_secs_f64() * 1e3 / docs as f64
    );
    println!(
        "snapshot: {:.1} ms; search: {:.2} ms ({} hits); entities() + 100 entity(): {:.1} ms",
        read.as_secs_f64() * 1e3,
        search.as_secs_f64() * 1e3,
        hits.len(),
        lookups.as_secs_f64() * 1e3
    );
}
