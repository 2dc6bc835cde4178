//! Ingest cost as the knowledge base grows (issue 14, item 3).
//!
//! `cargo run -p dossier-kb --release --example kb_scale [DOCS] [BATCH] [DB]`
//! (defaults: 10000 documents, batches of 1000, a temporary file database).
//!
//! Ingests DOCS short synthetic reports (invented group, person and place
//! names; a handful of entities, relations, an event and an attribute each)
//! into one SQLite file and prints, per batch, the wall and CPU time and the
//! documents per second; then the latency of the reads a profile makes
//! (entity, relations, events, attributes, contradictions) for the "hub"
//! group named in about 12 % of the documents, and of whole-base reads.
//! The documents are built directly (no NLP): this measures the store.
//! `KB_SCALE_ORDER=reverse` ingests them last to first.

use dossier_doc::{
    Attribute, Doc, Entity, EntityType, Event, EventType, Mention, MentionKind, Meta, Participant,
    Relation, RelationType, Role, Sentence,
};
use dossier_kb::{EntityFilter, IngestOptions, SqliteStore, Store};
use std::time::{Duration, Instant};

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
    "nih", "sto", "pra", "gul", "fen", "ost", "ur", "tal", "me", "shi",
];
const GROUP_NOUNS: &[&str] = &["Brigade", "Front", "Movement", "Battalion", "Army"];

fn word(r: &mut Rng) -> String {
    let n = 2 + r.below(2);
    let w: String = (0..n).map(|_| SYL[r.below(SYL.len())]).collect();
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// CPU time of this process (user + system), from /proc (Linux); zero elsewhere.
fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = f.get(11).and_then(|u| u.parse().ok()).unwrap_or(0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

struct Pools {
    groups: Vec<String>,
    persons: Vec<String>,
    places: Vec<String>,
}

fn pools(r: &mut Rng) -> Pools {
    let mut seen = std::collections::HashSet::new();
    let mut uniq = |s: String| seen.insert(s.clone()).then_some(s);
    let mut groups = vec!["Velmoran Liberation Front".to_string()];
    while groups.len() < 800 {
        let noun = GROUP_NOUNS[r.below(GROUP_NOUNS.len())];
        if let Some(g) = uniq(format!("{} {} {noun}", word(r), word(r))) {
            groups.push(g);
        }
    }
    let mut persons = Vec::new();
    while persons.len() < 2500 {
        if let Some(p) = uniq(format!("{} {}", word(r), word(r))) {
            persons.push(p);
        }
    }
    let mut places = Vec::new();
    while places.len() < 400 {
        if let Some(p) = uniq(word(r)) {
            places.push(p);
        }
    }
    Pools {
        groups,
        persons,
        places,
    }
}

/// An entity of a report: type, name, mentions (text, kind).
type EntitySpec = (EntityType, String, Vec<(String, MentionKind)>);

/// One short report: a sentence per entity, a few relations, one attack.
fn report(r: &mut Rng, p: &Pools, n: usize) -> Doc {
    let mut doc = Doc::default();
    let mut text = String::new();
    let mut ents: Vec<EntitySpec> = Vec::new();
    let hub = r.below(100) < 12;
    let mut chosen = std::collections::HashSet::new();
    chosen.insert(p.groups[0].clone());
    let mut pick = |r: &mut Rng, list: &[String]| loop {
        let s = list[r.below(list.len())].clone();
        if chosen.insert(s.clone()) {
            break s;
        }
    };
    if hub {
        let mut m = vec![(p.groups[0].clone(), MentionKind::Name)];
        if r.below(2) == 0 {
            m.push(("VLF".into(), MentionKind::Acronym));
        }
        ents.push((EntityType::ArmedGroup, p.groups[0].clone(), m));
    }
    for _ in 0..2 + r.below(2) {
        let g = pick(r, &p.groups[1..]);
        ents.push((
            EntityType::ArmedGroup,
            g.clone(),
            vec![(g, MentionKind::Name)],
        ));
    }
    for _ in 0..2 {
        let name = pick(r, &p.persons);
        let mut m = vec![(name.clone(), MentionKind::Name)];
        if r.below(3) == 0 {
            let surname = name.rsplit(' ').next().unwrap_or(&name).to_string();
            m.push((surname, MentionKind::ShortName));
        }
        ents.push((EntityType::Person, name, m));
    }
    let place = pick(r, &p.places);
    ents.push((
        EntityType::Location,
        place.clone(),
        vec![(place, MentionKind::Name)],
    ));
    for (i, (t, name, ms)) in ents.iter().enumerate() {
        let mut idxs = Vec::new();
        for (k, (m, kind)) in ms.iter().enumerate() {
            let start = text.chars().count();
            let sentence = if k == 0 {
                format!("{m} was reported near the river crossing in the spring. ")
            } else {
                format!("Officials said {m} had moved on. ")
            };
            let off = if k == 0 { 0 } else { "Officials said ".len() };
            text.push_str(&sentence);
            let si = doc.sentences.len();
            doc.sentences.push(Sentence {
                start,
                end: start + sentence.trim_end().chars().count(),
                token_start: 0,
                token_end: 0,
            });
            idxs.push(doc.mentions.len());
            doc.mentions.push(Mention {
                start: start + off,
                end: start + off + m.chars().count(),
                sentence: si,
                text: m.clone(),
                label: *t,
                kind: *kind,
                source: "bench".into(),
                confidence: 0.9,
                entity: Some(i),
            });
        }
        doc.entities.push(Entity {
            etype: *t,
            name: name.clone(),
            aliases: vec![],
            mentions: idxs,
        });
    }
    let by_type = |t: EntityType| -> Vec<usize> {
        ents.iter()
            .enumerate()
            .filter(|(_, e)| e.0 == t)
            .map(|(i, _)| i)
            .collect()
    };
    let (groups, persons, places) = (
        by_type(EntityType::ArmedGroup),
        by_type(EntityType::Person),
        by_type(EntityType::Location),
    );
    let ev = |doc: &Doc, e: usize| {
        doc.sentence_evidence(doc.mentions[doc.entities[e].mentions[0]].sentence)
    };
    let mut rels = vec![
        (RelationType::MemberOf, persons[0], groups[0]),
        (RelationType::LeaderOf, persons[1], groups[1]),
        (RelationType::AllyOf, groups[0], groups[1]),
        (RelationType::LocatedIn, groups[0], places[0]),
    ];
    if groups.len() > 2 {
        rels.push((RelationType::HostileTo, groups[2], groups[0]));
    }
    for (t, s, o) in rels {
        let e = ev(&doc, s);
        doc.relations.push(Relation {
            rtype: t,
            source: s,
            target: o,
            confidence: 0.7,
            date: None,
            modality: None,
            evidence: vec![e],
        });
    }
    let date = format!(
        "{}-{:02}-{:02}",
        2010 + r.below(10),
        1 + r.below(12),
        1 + r.below(28)
    );
    let e = ev(&doc, groups[0]);
    doc.events.push(Event {
        etype: EventType::Attack,
        trigger: "attack".into(),
        attempted: false,
        date: Some(date),
        participants: vec![
            Participant {
                role: Role::Agent,
                entity: groups[0],
            },
            Participant {
                role: Role::Location,
                entity: places[0],
            },
        ],
        fatalities: Some(r.below(20) as u32),
        injured: None,
        modality: None,
        confidence: 0.6,
        evidence: vec![e],
    });
    let e = ev(&doc, groups[1]);
    doc.attributes.push(Attribute {
        entity: groups[1],
        name: "member_count".into(),
        value: format!("{}", 100 * (1 + r.below(30))),
        date: Some(format!("{}", 2010 + r.below(10))),
        confidence: 0.6,
        evidence: vec![e],
    });
    doc.meta = Meta {
        id: format!("sha256:scale{n:08}"),
        title: Some(format!("Report {n}")),
        ..Default::default()
    };
    doc.set_text(text);
    doc
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let docs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let batch: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let path = args
        .get(2)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("dossier-kb-scale-{}.db", std::process::id()))
        });
    let temp = args.get(2).is_none();
    if docs > 0 {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
    let mut r = Rng(0x5eed_1234_abcd);
    let p = pools(&mut r);
    // KB_SCALE_ORDER=reverse ingests the same reports last to first (to
    // compare the resulting knowledge bases).
    let mut corpus: Vec<Doc> = (0..docs).map(|i| report(&mut r, &p, i)).collect();
    if std::env::var("KB_SCALE_ORDER").is_ok_and(|o| o == "reverse") {
        corpus.reverse();
    }
    let mut store = SqliteStore::open(&path).expect("store");
    let opts = IngestOptions::default();
    let (w0, c0) = (Instant::now(), cpu_time());
    let mut first_per_doc = None;
    let mut last_per_doc = 0.0;
    println!("batch      docs   wall_s    cpu_s   docs/s  ms/doc");
    let mut n = 0;
    while n < docs {
        let (w, c) = (Instant::now(), cpu_time());
        let end = (n + batch).min(docs);
        for d in &corpus[n..end] {
            store.ingest(d, &opts).expect("ingest");
        }
        let (wall, cpu) = (w.elapsed(), cpu_time() - c);
        let per = ms(wall) / (end - n) as f64;
        first_per_doc.get_or_insert(per);
        last_per_doc = per;
        println!(
            "{:>5}-{:<5} {:>5} {:>8.2} {:>8.2} {:>8.1} {:>7.2}",
            n,
            end,
            end - n,
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            (end - n) as f64 / wall.as_secs_f64(),
            per
        );
        n = end;
    }
    let (wall, cpu) = (w0.elapsed(), cpu_time() - c0);
    println!(
        "total: {docs} documents in {:.1} s wall, {:.1} s CPU ({:.0} docs/s); last batch / first batch per document: {:.2}",
        wall.as_secs_f64(),
        cpu.as_secs_f64(),
        docs as f64 / wall.as_secs_f64(),
        last_per_doc / first_per_doc.unwrap_or(last_per_doc)
    );
    drop(store);
    let store = SqliteStore::open(&path).expect("reopen");
    let t = Instant::now();
    let hub = store
        .find_entities("Velmoran Liberation Front")
        .expect("find")
        .into_iter()
        .next()
        .expect("hub entity");
    let find = t.elapsed();
    // The reads of a profile (dossier_report::Snapshot::around): the
    // entity, what touches it, every entity those name, the documents cited.
    let (t, c) = (Instant::now(), cpu_time());
    let e = store.entity(hub.id).expect("entity").expect("hub");
    let t_entity = t.elapsed();
    let rels = store.relations(Some(hub.id)).expect("relations");
    let t_rel = t.elapsed();
    let evs = store.events(Some(hub.id)).expect("events");
    let t_ev = t.elapsed();
    let attrs = store.attributes(Some(hub.id)).expect("attributes");
    let contra = store.contradictions(Some(hub.id)).expect("contradictions");
    let t_con = t.elapsed();
    let mut named = std::collections::BTreeSet::new();
    for r in &rels {
        named.extend([r.source, r.target]);
    }
    for v in &evs {
        named.extend(v.participants.iter().map(|p| p.entity));
    }
    for id in &named {
        store.entity(*id).expect("entity");
    }
    let t_named = t.elapsed();
    let mut cited = std::collections::BTreeSet::new();
    for ev in rels
        .iter()
        .flat_map(|r| &r.evidence)
        .chain(evs.iter().flat_map(|e| &e.evidence))
        .chain(attrs.iter().flat_map(|a| &a.evidence))
    {
        cited.insert(ev.document.clone());
    }
    cited.extend(e.aliases.iter().flat_map(|a| a.documents.iter().cloned()));
    for d in &cited {
        store.document(d).expect("document");
    }
    let n_docs = cited.len();
    let profile = t.elapsed();
    let profile_cpu = cpu_time() - c;
    println!(
        "hub '{}' ({} documents, {} aliases): find_entities {:.1} ms; profile reads {:.1} ms wall, {:.0} ms CPU \
         (entity {:.1}, {} relations {:.1}, {} events {:.1}, {} attributes + {} contradictions {:.1}, \
         {} named entities {:.1}, {n_docs} cited documents {:.1})",
        e.name,
        e.document_count,
        e.aliases.len(),
        ms(find),
        ms(profile),
        ms(profile_cpu),
        ms(t_entity),
        rels.len(),
        ms(t_rel - t_entity),
        evs.len(),
        ms(t_ev - t_rel),
        attrs.len(),
        contra.len(),
        ms(t_con - t_ev),
        named.len(),
        ms(t_named - t_con),
        ms(profile - t_named),
    );
    let t = Instant::now();
    let all = store.entities(&EntityFilter::default()).expect("entities");
    let ents = t.elapsed();
    let biggest = all.iter().map(|e| e.aliases.len()).max().unwrap_or(0);
    let t = Instant::now();
    let docs_list = store.documents().expect("documents");
    let dl = t.elapsed();
    println!(
        "entities(): {:.1} ms ({} entities, most aliases on one: {biggest}); documents(): {:.1} ms ({})",
        ms(ents),
        all.len(),
        ms(dl),
        docs_list.len()
    );
    if temp {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
}
