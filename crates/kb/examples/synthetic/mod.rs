//! Synthetic reports for the store examples (`kb_scale`, `store_bench`):
//! invented group, person and place names, a handful of entities,
//! relations, an event and an attribute each, built directly (no NLP).
#![allow(dead_code)]

use dossier_doc::{
    Attribute, Doc, Entity, EntityType, Event, EventType, Mention, MentionKind, Meta, Participant,
    Relation, RelationType, Role, Sentence,
};
use std::time::Duration;

/// A deterministic pseudo-random sequence (xorshift).
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

pub const SYL: &[&str] = &[
    "ka", "ru", "vel", "mar", "tor", "is", "an", "dor", "bel", "sun", "zar", "qin", "lo", "ve",
    "nih", "sto", "pra", "gul", "fen", "ost", "ur", "tal", "me", "shi",
];
pub const GROUP_NOUNS: &[&str] = &["Brigade", "Front", "Movement", "Battalion", "Army"];

pub fn word(r: &mut Rng) -> String {
    let n = 2 + r.below(2);
    let w: String = (0..n).map(|_| SYL[r.below(SYL.len())]).collect();
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// CPU time of this process (user + system), from /proc (Linux); zero elsewhere.
pub fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = f.get(11).and_then(|u| u.parse().ok()).unwrap_or(0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

pub struct Pools {
    pub groups: Vec<String>,
    pub persons: Vec<String>,
    pub places: Vec<String>,
}

pub fn pools(r: &mut Rng) -> Pools {
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
pub type EntitySpec = (EntityType, String, Vec<(String, MentionKind)>);

/// One short report: a sentence per entity, a few relations, one attack.
pub fn report(r: &mut Rng, p: &Pools, n: usize) -> Doc {
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
    let date = dossier_doc::Edtf::day(
        2010 + r.below(10) as i32,
        1 + r.below(12) as u8,
        1 + r.below(28) as u8,
    )
    .expect("a day of 1..=28 of a month 1..=12 is a date");
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
        name: dossier_doc::AttributeName::MemberCount,
        value: format!("{}", 100 * (1 + r.below(30))),
        date: Some(dossier_doc::Edtf::year(2010 + r.below(10) as i32)),
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

/// A long report: a short one followed by `extra` sentences of background
/// (about 12 words each) that name no entity.
pub fn long_report(r: &mut Rng, p: &Pools, n: usize, extra: usize) -> Doc {
    let mut doc = report(r, p, n);
    let mut text = doc.text.clone();
    if !text.ends_with(' ') {
        text.push(' ');
    }
    for _ in 0..extra {
        let start = text.chars().count();
        let place = &p.places[r.below(p.places.len())];
        let s = format!(
            "Residents of {place} described the {} road as quiet until the {} season began. ",
            word(r).to_lowercase(),
            word(r).to_lowercase()
        );
        text.push_str(&s);
        doc.sentences.push(Sentence {
            start,
            end: start + s.trim_end().chars().count(),
            token_start: 0,
            token_end: 0,
        });
    }
    doc.meta.id = format!("sha256:long{n:08}");
    doc.set_text(text);
    doc
}

/// Words in a document's text.
pub fn words(d: &Doc) -> usize {
    d.text.split_whitespace().count()
}
