//! Hand-built documents for tests and benchmarks of stores and of what
//! reads them (the store tests, the conformance suite, the report and
//! server tests, the latency examples): no pipeline runs, each document
//! states its entities, relations, events and attributes directly.

use dossier_doc::{
    Attribute, CharIndex, Doc, Entity, EntityType, Event, EventType, Mention, MentionKind, Meta,
    Participant, Relation, RelationType, Role, Sentence,
};

/// A document titled "Report ID" of whole sentences joined by spaces.
pub fn doc(id: &str, sentences: &[&str]) -> Doc {
    let text = sentences.join(" ");
    let mut d = Doc::new(
        Meta {
            id: id.into(),
            title: Some(format!("Report {id}")),
            ..Default::default()
        },
        text,
    );
    let mut start = 0;
    for s in sentences {
        let n = s.chars().count();
        d.sentences.push(Sentence {
            start,
            end: start + n,
            token_start: 0,
            token_end: 0,
        });
        start += n + 1;
    }
    d
}

/// Adds an entity named `names[0]` (the others are aliases) whose mentions
/// are every occurrence of each name; returns its index. A later single
/// word of a person is a short name, a word in capitals an acronym.
pub fn entity(d: &mut Doc, etype: EntityType, names: &[&str]) -> usize {
    let idx = d.entities.len();
    let ci = CharIndex::new(&d.text);
    let mut mentions = Vec::new();
    for (k, n) in names.iter().enumerate() {
        let found: Vec<usize> = d
            .text
            .match_indices(n)
            .map(|(b, _)| ci.char_of_byte(b))
            .collect();
        for start in found {
            let end = start + n.chars().count();
            let sentence = d.sentence_at(start).expect("mention inside a sentence");
            mentions.push(d.mentions.len());
            d.mentions.push(Mention {
                start,
                end,
                sentence,
                text: n.to_string(),
                label: etype,
                kind: if crate::resolve::is_acronym(n) {
                    MentionKind::Acronym
                } else if k > 0 && etype == EntityType::Person && !n.contains(' ') {
                    MentionKind::ShortName
                } else {
                    MentionKind::Name
                },
                source: "test".into(),
                confidence: 0.9,
                entity: Some(idx),
            });
        }
    }
    d.entities.push(Entity {
        etype,
        name: names[0].to_string(),
        aliases: names[1..].iter().map(|s| s.to_string()).collect(),
        mentions,
    });
    idx
}

/// Adds a relation stated by `sentences`.
pub fn relation(
    d: &mut Doc,
    rtype: RelationType,
    source: usize,
    target: usize,
    sentences: &[usize],
    modality: Option<&str>,
) {
    let evidence = sentences.iter().map(|&s| d.sentence_evidence(s)).collect();
    d.relations.push(Relation {
        rtype,
        source,
        target,
        confidence: 0.8,
        date: None,
        modality: modality.map(String::from),
        evidence,
    });
}

/// Adds an event told by sentence `sentence` (its trigger: the type's
/// name); returns its index, for setting fatalities or modality.
pub fn event(
    d: &mut Doc,
    etype: EventType,
    date: Option<&str>,
    participants: &[(Role, usize)],
    sentence: usize,
) -> usize {
    let evidence = vec![d.sentence_evidence(sentence)];
    d.events.push(Event {
        etype,
        trigger: etype.as_str().into(),
        attempted: false,
        date: date.map(String::from),
        participants: participants
            .iter()
            .map(|&(role, entity)| Participant { role, entity })
            .collect(),
        fatalities: None,
        injured: None,
        modality: None,
        confidence: 0.7,
        evidence,
    });
    d.events.len() - 1
}

/// Adds an attribute stated by sentence `sentence`.
pub fn attribute(
    d: &mut Doc,
    entity: usize,
    name: &str,
    value: &str,
    date: Option<&str>,
    sentence: usize,
) {
    let evidence = vec![d.sentence_evidence(sentence)];
    d.attributes.push(Attribute {
        entity,
        name: name.into(),
        value: value.into(),
        date: date.map(String::from),
        confidence: 0.8,
        evidence,
    });
}
