//! The interchange JSON of ONTOLOGY.md: the wire form of one document.
//!
//! Produced by [`Interchange::from_doc`]; entity ids are `e1`, `e2`… in the
//! order of [`Doc::entities`]. Extra fields are allowed by the contract and are
//! added where useful (e.g. `modality`, `trigger`, `mentions[].text`).

use crate::edtf::Edtf;
use crate::model::{Doc, Evidence};
use crate::types::{AttributeName, EntityType, EventType, Modality, RelationType, Role};
use serde::{Deserialize, Serialize};

/// Document header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentHeader {
    /// `sha256:…`.
    pub id: String,
    /// Title.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Publication date (EDTF).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<Edtf>,
    /// Source name.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    /// File path it was read from.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
}

/// A mention in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireMention {
    /// First char.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Sentence index.
    pub sentence: usize,
    /// The text (extra field).
    #[serde(default)]
    pub text: String,
}

/// An entity in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEntity {
    /// `e1`, `e2`…
    pub id: String,
    /// Type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Canonical name.
    pub name: String,
    /// Aliases.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Mentions.
    #[serde(default)]
    pub mentions: Vec<WireMention>,
}

/// Evidence in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEvidence {
    /// Sentence index.
    pub sentence: usize,
    /// First char.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Date of the cited source (extra field).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cited: Option<Edtf>,
}

impl From<&Evidence> for WireEvidence {
    fn from(e: &Evidence) -> Self {
        WireEvidence {
            sentence: e.sentence,
            start: e.start,
            end: e.end,
            cited: e.cited,
        }
    }
}

/// A relation in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireRelation {
    /// Type.
    #[serde(rename = "type")]
    pub rtype: RelationType,
    /// Source entity id.
    pub source: String,
    /// Target entity id.
    pub target: String,
    /// Confidence.
    pub confidence: f32,
    /// Date (EDTF).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Edtf>,
    /// Modality (extra field).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modality: Option<Modality>,
    /// Evidence.
    pub evidence: Vec<WireEvidence>,
}

/// A participant in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireParticipant {
    /// Role.
    pub role: Role,
    /// Entity id.
    pub entity: String,
}

/// An event in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireEvent {
    /// Type.
    #[serde(rename = "type")]
    pub etype: EventType,
    /// Whether attempted.
    #[serde(default)]
    pub attempted: bool,
    /// Date (EDTF).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Edtf>,
    /// Participants.
    #[serde(default)]
    pub participants: Vec<WireParticipant>,
    /// Fatalities.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fatalities: Option<u32>,
    /// Injured (extra field).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub injured: Option<u32>,
    /// Modality (extra field).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub modality: Option<Modality>,
    /// Trigger (extra field).
    #[serde(default)]
    pub trigger: String,
    /// Confidence.
    pub confidence: f32,
    /// Evidence.
    pub evidence: Vec<WireEvidence>,
}

/// An attribute in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireAttribute {
    /// Entity id.
    pub entity: String,
    /// Name.
    pub name: AttributeName,
    /// Value.
    pub value: String,
    /// Date (EDTF).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub date: Option<Edtf>,
    /// Confidence (extra field).
    #[serde(default)]
    pub confidence: f32,
    /// Evidence.
    pub evidence: Vec<WireEvidence>,
}

/// A sentence in wire form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireSentence {
    /// First char.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// Its text.
    pub text: String,
}

/// One document in interchange form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interchange {
    /// Header.
    pub document: DocumentHeader,
    /// Entities.
    pub entities: Vec<WireEntity>,
    /// Relations.
    pub relations: Vec<WireRelation>,
    /// Events.
    pub events: Vec<WireEvent>,
    /// Attributes.
    pub attributes: Vec<WireAttribute>,
    /// Sentences.
    pub sentences: Vec<WireSentence>,
}

/// The wire id of entity index `i`.
pub fn entity_id(i: usize) -> String {
    format!("e{}", i + 1)
}

impl Interchange {
    /// Builds the wire form of a processed document.
    pub fn from_doc(doc: &Doc) -> Self {
        let ev = |v: &[Evidence]| v.iter().map(WireEvidence::from).collect::<Vec<_>>();
        Interchange {
            document: DocumentHeader {
                id: doc.meta.id.clone(),
                title: doc.meta.title.clone(),
                published: doc.meta.published,
                source: doc.meta.source.clone(),
                path: doc.meta.path.clone(),
                url: doc.meta.url.clone(),
            },
            entities: doc
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| WireEntity {
                    id: entity_id(i),
                    etype: e.etype,
                    name: e.name.clone(),
                    aliases: e.aliases.clone(),
                    mentions: e
                        .mentions
                        .iter()
                        .filter_map(|&m| doc.mentions.get(m))
                        .map(|m| WireMention {
                            start: m.start,
                            end: m.end,
                            sentence: m.sentence,
                            text: m.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
            relations: doc
                .relations
                .iter()
                .map(|r| WireRelation {
                    rtype: r.rtype,
                    source: entity_id(r.source),
                    target: entity_id(r.target),
                    confidence: r.confidence,
                    date: r.date,
                    modality: r.modality,
                    evidence: ev(&r.evidence),
                })
                .collect(),
            events: doc
                .events
                .iter()
                .map(|e| WireEvent {
                    etype: e.etype,
                    attempted: e.attempted,
                    date: e.date,
                    participants: e
                        .participants
                        .iter()
                        .map(|p| WireParticipant {
                            role: p.role,
                            entity: entity_id(p.entity),
                        })
                        .collect(),
                    fatalities: e.fatalities,
                    injured: e.injured,
                    modality: e.modality,
                    trigger: e.trigger.clone(),
                    confidence: e.confidence,
                    evidence: ev(&e.evidence),
                })
                .collect(),
            attributes: doc
                .attributes
                .iter()
                .map(|a| WireAttribute {
                    entity: entity_id(a.entity),
                    name: a.name,
                    value: a.value.clone(),
                    date: a.date,
                    confidence: a.confidence,
                    evidence: ev(&a.evidence),
                })
                .collect(),
            sentences: doc
                .sentences
                .iter()
                .map(|s| WireSentence {
                    start: s.start,
                    end: s.end,
                    text: doc.slice(s.start, s.end).to_string(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn wire_shape_matches_ontology() {
        let mut doc = Doc::new(
            Meta {
                id: "sha256:00".into(),
                ..Default::default()
            },
            "Marek founded the group.".into(),
        );
        doc.sentences.push(Sentence {
            start: 0,
            end: 24,
            token_start: 0,
            token_end: 0,
        });
        doc.mentions.push(Mention {
            start: 0,
            end: 5,
            sentence: 0,
            text: "Marek".into(),
            label: EntityType::Person,
            kind: MentionKind::Name,
            source: "test".into(),
            confidence: 1.0,
            entity: Some(0),
        });
        doc.entities.push(Entity {
            etype: EntityType::Person,
            name: "Marek".into(),
            aliases: vec![],
            mentions: vec![0],
        });
        doc.entities.push(Entity {
            etype: EntityType::ArmedGroup,
            name: "G".into(),
            aliases: vec![],
            mentions: vec![],
        });
        doc.relations.push(Relation {
            rtype: RelationType::FounderOf,
            source: 0,
            target: 1,
            confidence: 0.9,
            date: None,
            modality: None,
            evidence: vec![Evidence {
                cited: Some("2021-10-04".parse().unwrap()),
                ..doc.sentence_evidence(0)
            }],
        });
        let v = serde_json::to_value(Interchange::from_doc(&doc)).unwrap();
        assert_eq!(v["entities"][0]["id"], "e1");
        assert_eq!(v["entities"][0]["type"], "person");
        assert_eq!(v["entities"][0]["mentions"][0]["end"], 5);
        assert_eq!(v["relations"][0]["type"], "founder_of");
        assert_eq!(v["relations"][0]["target"], "e2");
        assert_eq!(v["relations"][0]["evidence"][0]["end"], 24);
        assert_eq!(v["sentences"][0]["text"], "Marek founded the group.");
        assert!(v["relations"][0].get("date").is_none());
        // Dates are typed and travel as their EDTF text.
        assert_eq!(v["relations"][0]["evidence"][0]["cited"], "2021-10-04");
        let mut bad = v.clone();
        bad["relations"][0]["evidence"][0]["cited"] = "last autumn".into();
        let err = serde_json::from_value::<Interchange>(bad).unwrap_err();
        assert!(err.to_string().contains("'last autumn'"), "{err}");
        let back: Interchange = serde_json::from_value(v).unwrap();
        assert_eq!(back.relations.len(), 1);
        assert_eq!(
            back.relations[0].evidence[0].cited,
            Some(crate::Edtf::day(2021, 10, 4).unwrap())
        );
    }
}
