//! A read-only in-memory [`Store`] holding a hand-built knowledge base about
//! a fictional group, for unit tests of the renderers.

use dossier_doc::{Doc, EntityType, EventType, Modality, RelationType, Role};
use dossier_kb::*;

/// An in-memory store (read side only).
#[derive(Debug, Clone, Default)]
pub struct MemStore {
    pub documents: Vec<DocumentRecord>,
    pub entities: Vec<EntityRecord>,
    pub relations: Vec<RelationRecord>,
    pub events: Vec<EventRecord>,
    pub attributes: Vec<AttributeRecord>,
    pub contradictions: Vec<Contradiction>,
}

impl Store for MemStore {
    fn ingest(&mut self, _doc: &Doc, _opts: &IngestOptions) -> Result<IngestOutcome> {
        Err(KbError::Invalid("read-only test store".into()))
    }
    fn documents(&self) -> Result<Vec<DocumentRecord>> {
        Ok(self.documents.clone())
    }
    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntityRecord>> {
        Ok(self
            .entities
            .iter()
            .filter(|e| filter.etype.map_or(true, |t| t == e.etype))
            .filter(|e| {
                filter.search.as_ref().map_or(true, |q| {
                    let q = q.to_lowercase();
                    e.name.to_lowercase().contains(&q)
                        || e.aliases.iter().any(|a| a.name.to_lowercase().contains(&q))
                })
            })
            .cloned()
            .collect())
    }
    fn entity(&self, id: i64) -> Result<Option<EntityRecord>> {
        Ok(self.entities.iter().find(|e| e.id == id).cloned())
    }
    fn find_entities(&self, name: &str) -> Result<Vec<EntityRecord>> {
        self.entities(&EntityFilter {
            etype: None,
            search: Some(name.to_string()),
        })
    }
    fn relations(&self, entity: Option<i64>) -> Result<Vec<RelationRecord>> {
        Ok(self
            .relations
            .iter()
            .filter(|r| entity.map_or(true, |id| r.source == id || r.target == id))
            .cloned()
            .collect())
    }
    fn events(&self, entity: Option<i64>) -> Result<Vec<EventRecord>> {
        Ok(self
            .events
            .iter()
            .filter(|e| entity.map_or(true, |id| e.participants.iter().any(|p| p.entity == id)))
            .cloned()
            .collect())
    }
    fn attributes(&self, entity: Option<i64>) -> Result<Vec<AttributeRecord>> {
        Ok(self
            .attributes
            .iter()
            .filter(|a| entity.map_or(true, |id| a.entity == id))
            .cloned()
            .collect())
    }
    fn contradictions(&self, entity: Option<i64>) -> Result<Vec<Contradiction>> {
        Ok(self
            .contradictions
            .iter()
            .filter(|c| entity.map_or(true, |id| c.entity == id))
            .cloned()
            .collect())
    }
    fn search(&self, _query: &str, _limit: usize) -> Result<Vec<SearchHit>> {
        Ok(Vec::new())
    }
    fn merge(&mut self, _a: i64, _b: i64) -> Result<()> {
        Err(KbError::Invalid("read-only test store".into()))
    }
    fn split(&mut self, _entity: i64, _alias: &str) -> Result<i64> {
        Err(KbError::Invalid("read-only test store".into()))
    }
}

pub const DOC_A: &str = "sha256:aaaa000000000000000000000000000000000000000000000000000000000001";
pub const DOC_B: &str = "sha256:bbbb000000000000000000000000000000000000000000000000000000000002";

fn ev(doc: &str, sentence: usize, text: &str) -> EvidenceRecord {
    let start = sentence * 100;
    EvidenceRecord {
        document: doc.to_string(),
        sentence,
        start,
        end: start + text.chars().count(),
        text: text.to_string(),
        cited: None,
    }
}

fn ent(
    id: i64,
    etype: EntityType,
    name: &str,
    aliases: &[(&str, &[&str])],
    mentions: usize,
) -> EntityRecord {
    let docs: std::collections::BTreeSet<&str> = aliases
        .iter()
        .flat_map(|(_, d)| d.iter().copied())
        .collect();
    EntityRecord {
        id,
        etype,
        name: name.to_string(),
        aliases: aliases
            .iter()
            .map(|(n, d)| AliasRecord {
                name: n.to_string(),
                documents: d.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
        mention_count: mentions,
        document_count: docs.len().max(1),
    }
}

#[allow(clippy::too_many_arguments)]
fn rel(
    id: i64,
    rtype: RelationType,
    source: i64,
    target: i64,
    conf: f32,
    date: Option<&str>,
    cred: u8,
    evidence: Vec<EvidenceRecord>,
) -> RelationRecord {
    let docs: std::collections::BTreeSet<&str> =
        evidence.iter().map(|e| e.document.as_str()).collect();
    RelationRecord {
        id,
        rtype,
        source,
        target,
        confidence: conf,
        date: date.map(|d| d.parse().unwrap()),
        credibility: cred,
        source_count: docs.len(),
        evidence,
        review: None,
    }
}

fn attr(
    id: i64,
    entity: i64,
    name: &str,
    value: &str,
    date: Option<&str>,
    evidence: Vec<EvidenceRecord>,
) -> AttributeRecord {
    AttributeRecord {
        id,
        entity,
        name: name.into(),
        value: value.to_string(),
        date: date.map(|d| d.parse().unwrap()),
        confidence: 0.8,
        credibility: 2,
        evidence,
        review: None,
    }
}

/// A knowledge base about the fictional Crimson Lantern Brigade.
pub fn lantern() -> MemStore {
    use EntityType as E;
    use RelationType as R;
    let s3 = "In early 2016, Oskar Varnel, a Marovian cleric, founded the Crimson Lantern Brigade in Port Selin.";
    let s4 = "At its founding the brigade counted only 14 members.";
    let s5 = "The Marovian Interior Guard has funded and armed the brigade since 2017.";
    let s6 = "Fighters of the Ashen Hand trained the brigade's first recruits around 2015.";
    let s7 = "The brigade calls Kesh its enemy and has fought in Kesh.";
    let s8 = "Teodor Lask, a member of the brigade, was arrested in Kesh in March 2019.";
    let s9 = "Varnel claimed the brigade would strike Kesh again.";
    let s10 = "Today the brigade has about 20 members.";
    let b1 = "Varnel still leads the Lantern Brigade, officials said.";
    let b2 = "On July 3, 2018, brigade gunmen tried to kill Iren Dusk outside the Northern Harbor Depot, wounding two guards.";
    let b3 = "Port Selin lies in western Marovia.";
    MemStore {
        documents: vec![
            DocumentRecord {
                id: DOC_A.into(),
                title: Some("Lantern Rising: A Profile of the Crimson Lantern Brigade".into()),
                published: Some("2022-02".parse().unwrap()),
                source: Some("Fictional Monitor".into()),
                url: Some("https://example.org/lantern-rising".into()),
                path: Some("corpus/lantern.txt".into()),
                reliability: 'B',
                sentences: 40,
            },
            DocumentRecord {
                id: DOC_B.into(),
                title: Some("Harbor Attack Report".into()),
                published: Some("2019-03".parse().unwrap()),
                source: None,
                url: None,
                path: Some("corpus/harbor.md".into()),
                reliability: 'F',
                sentences: 12,
            },
        ],
        entities: vec![
            ent(
                1,
                E::ArmedGroup,
                "Crimson Lantern Brigade",
                &[("CLB", &[DOC_A]), ("Lantern Brigade", &[DOC_A, DOC_B])],
                14,
            ),
            ent(
                2,
                E::Person,
                "Oskar Varnel",
                &[("Varnel", &[DOC_A, DOC_B])],
                6,
            ),
            ent(3, E::Country, "Marovia", &[], 4),
            ent(4, E::Location, "Port Selin", &[], 2),
            ent(
                5,
                E::Organization,
                "Marovian Interior Guard",
                &[("MIG", &[DOC_A])],
                3,
            ),
            ent(6, E::Person, "Teodor Lask", &[], 1),
            ent(7, E::Country, "Kesh", &[], 4),
            ent(8, E::Facility, "Northern Harbor Depot", &[], 1),
            ent(9, E::Person, "Iren Dusk", &[], 1),
            ent(10, E::ArmedGroup, "Ashen Hand", &[], 2),
        ],
        relations: vec![
            rel(
                1,
                R::FounderOf,
                2,
                1,
                0.9,
                Some("2016-01/2016-04"),
                2,
                vec![ev(DOC_A, 3, s3)],
            ),
            rel(
                2,
                R::LeaderOf,
                2,
                1,
                0.85,
                None,
                2,
                vec![ev(DOC_A, 3, s3), ev(DOC_B, 1, b1)],
            ),
            rel(
                3,
                R::SponsorOf,
                5,
                1,
                0.8,
                Some("2017"),
                2,
                vec![ev(DOC_A, 5, s5)],
            ),
            rel(
                4,
                R::TrainerOf,
                10,
                1,
                0.75,
                Some("2015~"),
                3,
                vec![ev(DOC_A, 6, s6)],
            ),
            rel(5, R::HostileTo, 1, 7, 0.8, None, 2, vec![ev(DOC_A, 7, s7)]),
            rel(6, R::BasedIn, 1, 4, 0.9, None, 2, vec![ev(DOC_A, 3, s3)]),
            rel(7, R::ActiveIn, 1, 7, 0.7, None, 2, vec![ev(DOC_A, 7, s7)]),
            rel(8, R::LocatedIn, 4, 3, 0.95, None, 2, vec![ev(DOC_B, 3, b3)]),
            rel(9, R::MemberOf, 6, 1, 0.85, None, 2, vec![ev(DOC_A, 8, s8)]),
            rel(10, R::CitizenOf, 2, 3, 0.7, None, 2, vec![ev(DOC_A, 3, s3)]),
            rel(11, R::AllyOf, 10, 1, 0.6, None, 3, vec![ev(DOC_A, 6, s6)]),
        ],
        events: vec![
            EventRecord {
                id: 1,
                etype: EventType::Founding,
                trigger: "founded".into(),
                attempted: false,
                date: Some("2016-01/2016-04".parse().unwrap()),
                participants: vec![
                    ParticipantRecord {
                        role: Role::Agent,
                        entity: 2,
                    },
                    ParticipantRecord {
                        role: Role::Participant,
                        entity: 1,
                    },
                    ParticipantRecord {
                        role: Role::Location,
                        entity: 4,
                    },
                ],
                fatalities: None,
                injured: None,
                modality: None,
                confidence: 0.9,
                credibility: 2,
                evidence: vec![ev(DOC_A, 3, s3)],
                review: None,
            },
            EventRecord {
                id: 2,
                etype: EventType::Attack,
                trigger: "tried to kill".into(),
                attempted: true,
                date: Some("2018-07-03".parse().unwrap()),
                participants: vec![
                    ParticipantRecord {
                        role: Role::Agent,
                        entity: 1,
                    },
                    ParticipantRecord {
                        role: Role::Target,
                        entity: 9,
                    },
                    ParticipantRecord {
                        role: Role::Location,
                        entity: 8,
                    },
                ],
                fatalities: Some(0),
                injured: Some(2),
                modality: None,
                confidence: 0.85,
                credibility: 2,
                evidence: vec![ev(DOC_B, 2, b2)],
                review: None,
            },
            EventRecord {
                id: 3,
                etype: EventType::Arrest,
                trigger: "was arrested".into(),
                attempted: false,
                date: Some("2019-03".parse().unwrap()),
                participants: vec![
                    ParticipantRecord {
                        role: Role::Target,
                        entity: 6,
                    },
                    ParticipantRecord {
                        role: Role::Location,
                        entity: 7,
                    },
                ],
                fatalities: None,
                injured: None,
                modality: None,
                confidence: 0.8,
                credibility: 2,
                evidence: vec![ev(DOC_A, 8, s8)],
                review: None,
            },
            EventRecord {
                id: 4,
                etype: EventType::Statement,
                trigger: "claimed".into(),
                attempted: false,
                date: None,
                participants: vec![
                    ParticipantRecord {
                        role: Role::Agent,
                        entity: 2,
                    },
                    ParticipantRecord {
                        role: Role::Target,
                        entity: 7,
                    },
                    ParticipantRecord {
                        role: Role::Participant,
                        entity: 1,
                    },
                ],
                fatalities: None,
                injured: None,
                modality: Some(Modality::Claimed),
                confidence: 0.6,
                credibility: 3,
                evidence: vec![ev(DOC_A, 9, s9)],
                review: None,
            },
            EventRecord {
                id: 5,
                etype: EventType::Training,
                trigger: "trained".into(),
                attempted: false,
                date: Some("2015~".parse().unwrap()),
                participants: vec![
                    ParticipantRecord {
                        role: Role::Agent,
                        entity: 10,
                    },
                    ParticipantRecord {
                        role: Role::Target,
                        entity: 1,
                    },
                ],
                fatalities: None,
                injured: None,
                modality: None,
                confidence: 0.7,
                credibility: 3,
                evidence: vec![ev(DOC_A, 6, s6)],
                review: None,
            },
        ],
        attributes: vec![
            attr(
                1,
                1,
                "member_count",
                "14",
                Some("2016-01/2016-04"),
                vec![ev(DOC_A, 4, s4)],
            ),
            attr(
                2,
                1,
                "member_count",
                "20~",
                Some("2022-02"),
                vec![ev(DOC_A, 10, s10)],
            ),
            attr(
                3,
                1,
                "founded",
                "2016-01/2016-04",
                None,
                vec![ev(DOC_A, 3, s3)],
            ),
            attr(4, 2, "title", "cleric", None, vec![ev(DOC_A, 3, s3)]),
        ],
        contradictions: vec![Contradiction {
            entity: 1,
            what: "member_count".into(),
            values: vec![
                attr(
                    1,
                    1,
                    "member_count",
                    "14",
                    Some("2016-01/2016-04"),
                    vec![ev(DOC_A, 4, s4)],
                ),
                attr(
                    2,
                    1,
                    "member_count",
                    "20~",
                    Some("2022-02"),
                    vec![ev(DOC_A, 10, s10)],
                ),
            ],
        }],
    }
}
