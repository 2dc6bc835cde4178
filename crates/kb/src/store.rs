//! The `Store` trait: the one seam between the knowledge base and everything
//! that reads or writes it (CLI, reports, exports, server). The SQLite
//! implementation is the default; a PostgreSQL one plugs in behind the same
//! trait.
//!
//! Records here are the *read model*: entity ids are store-wide and stable
//! across documents; every fact carries its evidence with the document it
//! came from.

use dossier_doc::{Doc, EntityType, EventType, RelationType, Role};
use serde::{Deserialize, Serialize};

/// Errors of a store.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// The database failed.
    #[error("database error: {0}")]
    Db(String),
    /// The database file was written by a newer, unknown schema version.
    #[error("database schema version {found} is newer than this program's ({supported})")]
    SchemaTooNew {
        /// Version found.
        found: i64,
        /// Newest version this program knows.
        supported: i64,
    },
    /// The database stayed busy (locked by another writer) too long.
    #[error("database busy: {0}")]
    Busy(String),
    /// The file is not a Dossier knowledge base (another program's
    /// database, or not a database at all); it was not modified.
    #[error("{0}")]
    Foreign(String),
    /// No such entity / document.
    #[error("not found: {0}")]
    NotFound(String),
    /// A request that makes no sense (merge an entity with itself…).
    #[error("invalid request: {0}")]
    Invalid(String),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, KbError>;

/// Options of one ingest.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IngestOptions {
    /// Source name override (else the document's own).
    pub source: Option<String>,
    /// Admiralty source-reliability grade `A`..`F` (default `F`: cannot be judged).
    pub reliability: Option<char>,
}

/// What one ingest did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IngestOutcome {
    /// The document was new and stored.
    New {
        /// Document id.
        document: String,
        /// The document's entities, each linked to a new or an existing store entity.
        entities: usize,
        /// Relations stored.
        relations: usize,
        /// Events stored.
        events: usize,
    },
    /// The same content was already stored: nothing changed.
    Unchanged {
        /// Document id.
        document: String,
    },
}

/// A stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// `sha256:…`.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Publication date (EDTF).
    pub published: Option<String>,
    /// Source name.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Path it was read from.
    pub path: Option<String>,
    /// Admiralty reliability grade A–F.
    pub reliability: char,
    /// Number of sentences.
    pub sentences: usize,
}

/// One sentence of a stored document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// Its index in the document (0-based, as in [`EvidenceRecord::sentence`]).
    pub index: usize,
    /// First char (document offsets).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The sentence text.
    pub text: String,
}

/// One name of an entity and the documents it was seen in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AliasRecord {
    /// The name as written.
    pub name: String,
    /// Ids of documents that use it.
    pub documents: Vec<String>,
}

/// A store-wide entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// Store-wide id.
    pub id: i64,
    /// Type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Canonical name.
    pub name: String,
    /// Every other name.
    pub aliases: Vec<AliasRecord>,
    /// Mentions across documents.
    pub mention_count: usize,
    /// Documents mentioning it.
    pub document_count: usize,
}

/// A sentence that supports a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceRecord {
    /// Document id.
    pub document: String,
    /// Sentence index in that document.
    pub sentence: usize,
    /// First char (document offsets).
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The sentence text.
    pub text: String,
    /// Date of the cited source, if the sentence cites one.
    pub cited: Option<String>,
}

/// A relation aggregated over all its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// Store-wide id.
    pub id: i64,
    /// Type.
    #[serde(rename = "type")]
    pub rtype: RelationType,
    /// Source entity id.
    pub source: i64,
    /// Target entity id.
    pub target: i64,
    /// Highest confidence seen.
    pub confidence: f32,
    /// Date (EDTF) when stated.
    pub date: Option<String>,
    /// Credibility 1–6 (1: confirmed … 6: cannot be judged), from how it was stated.
    pub credibility: u8,
    /// All supporting sentences.
    pub evidence: Vec<EvidenceRecord>,
    /// Number of distinct documents supporting it.
    pub source_count: usize,
}

/// A participant of a stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParticipantRecord {
    /// Role.
    pub role: Role,
    /// Entity id.
    pub entity: i64,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Store-wide id.
    pub id: i64,
    /// Type.
    #[serde(rename = "type")]
    pub etype: EventType,
    /// Trigger phrase.
    pub trigger: String,
    /// Attempted / foiled.
    pub attempted: bool,
    /// Date (EDTF).
    pub date: Option<String>,
    /// Participants.
    pub participants: Vec<ParticipantRecord>,
    /// Killed.
    pub fatalities: Option<u32>,
    /// Wounded.
    pub injured: Option<u32>,
    /// Modality.
    pub modality: Option<String>,
    /// Confidence.
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Evidence.
    pub evidence: Vec<EvidenceRecord>,
}

/// A stored attribute value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeRecord {
    /// Store-wide id.
    pub id: i64,
    /// Entity id.
    pub entity: i64,
    /// Name (`member_count`, `founded`, `title`).
    pub name: String,
    /// Value.
    pub value: String,
    /// When it held.
    pub date: Option<String>,
    /// Confidence.
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Evidence.
    pub evidence: Vec<EvidenceRecord>,
}

/// Conflicting values of one attribute of one entity, kept side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contradiction {
    /// Entity id.
    pub entity: i64,
    /// What conflicts (`member_count`, `founded`, `event date`…).
    pub what: String,
    /// The conflicting attribute records (each with its sources and dates).
    pub values: Vec<AttributeRecord>,
}

/// A sentence matching a full-text query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// Document id.
    pub document: String,
    /// Document title.
    pub title: Option<String>,
    /// Sentence index in its document, 0-based (as in the interchange JSON
    /// and the exports); shown 1-based to people.
    pub sentence: usize,
    /// Sentence text.
    pub text: String,
    /// The text with matches wrapped in `[` `]` (for reading: a bracket of
    /// the text itself looks the same; programs use `matches`).
    pub highlighted: String,
    /// The matches: `[start, end)` char offsets into `text`, in order.
    #[serde(default)]
    pub matches: Vec<(usize, usize)>,
}

/// Opens a match in text marked by a backend's highlighter
/// ([`SearchHit::from_marked`]): a private-use character.
pub const MATCH_START: char = '\u{E000}';
/// Closes a match in marked text: a private-use character.
pub const MATCH_END: char = '\u{E001}';

impl SearchHit {
    /// A hit from the sentence `text` and the same text with its matches
    /// between [`MATCH_START`] and [`MATCH_END`] (as a highlighter such as
    /// SQLite FTS5's `highlight()` returns it). A marker character that is
    /// also in the text is taken as the text's where both readings fit, so
    /// the offsets are always within `text`; `highlighted` wraps the matches
    /// in `[` `]`.
    pub fn from_marked(
        document: String,
        title: Option<String>,
        sentence: usize,
        text: String,
        marked: &str,
    ) -> SearchHit {
        let chars: Vec<char> = text.chars().collect();
        let mut matches = Vec::new();
        let (mut at, mut open) = (0usize, None);
        for c in marked.chars() {
            if chars.get(at) == Some(&c) {
                at += 1;
            } else if c == MATCH_START && open.is_none() {
                open = Some(at);
            } else if c == MATCH_END {
                if let Some(s) = open.take() {
                    if at > s {
                        matches.push((s, at));
                    }
                }
            }
        }
        if let Some(s) = open.filter(|&s| chars.len() > s) {
            matches.push((s, chars.len()));
        }
        let mut highlighted = String::with_capacity(text.len() + 2 * matches.len());
        let mut next = matches.iter().peekable();
        for (i, c) in chars.iter().enumerate() {
            if next.peek().is_some_and(|m| m.0 == i) {
                highlighted.push('[');
            }
            highlighted.push(*c);
            if next.peek().is_some_and(|m| m.1 == i + 1) {
                highlighted.push(']');
                next.next();
            }
        }
        SearchHit {
            document,
            title,
            sentence,
            text,
            highlighted,
            matches,
        }
    }
}

/// Which entities to list.
#[derive(Debug, Clone, Default)]
pub struct EntityFilter {
    /// Only this type.
    pub etype: Option<EntityType>,
    /// Only names/aliases containing this (case-insensitive).
    pub search: Option<String>,
}

/// What an analyst override did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    /// `b` was declared the same as `a`.
    Merge,
    /// Alias `alias` was split from `a` into the new entity `b`.
    Split,
}

/// One recorded analyst override.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverrideRecord {
    /// Override id (for [`Store::undo_override`]).
    pub id: i64,
    /// Merge or split.
    pub kind: OverrideKind,
    /// Merge: the entity kept; split: the entity split from.
    pub a: i64,
    /// Merge: the entity merged into `a`; split: the entity created.
    pub b: i64,
    /// Split: the alias split off.
    pub alias: Option<String>,
    /// When it was made (UTC, ISO 8601).
    pub created_at: String,
    /// Whether it was undone.
    pub undone: bool,
}

/// Everything a report or an export needs, read at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// All documents.
    pub documents: Vec<DocumentRecord>,
    /// All entities, most mentioned first.
    pub entities: Vec<EntityRecord>,
    /// All aggregated relations.
    pub relations: Vec<RelationRecord>,
    /// All (cross-document aggregated) events.
    pub events: Vec<EventRecord>,
    /// All aggregated attribute values.
    pub attributes: Vec<AttributeRecord>,
    /// All open contradictions.
    pub contradictions: Vec<Contradiction>,
}

/// The knowledge base.
pub trait Store {
    /// Ingests one processed document in one transaction: on error nothing
    /// is changed. Re-ingesting the same content (same `meta.id`) changes nothing.
    fn ingest(&mut self, doc: &Doc, opts: &IngestOptions) -> Result<IngestOutcome>;
    /// All documents.
    fn documents(&self) -> Result<Vec<DocumentRecord>>;
    /// Entities matching a filter, most mentioned first.
    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntityRecord>>;
    /// One entity.
    fn entity(&self, id: i64) -> Result<Option<EntityRecord>>;
    /// Entities whose name or alias matches `name` (resolution keys, not exact text).
    fn find_entities(&self, name: &str) -> Result<Vec<EntityRecord>>;
    /// Relations touching `entity` (or all).
    fn relations(&self, entity: Option<i64>) -> Result<Vec<RelationRecord>>;
    /// Events with `entity` as a participant (or all).
    fn events(&self, entity: Option<i64>) -> Result<Vec<EventRecord>>;
    /// Attributes of `entity` (or all).
    fn attributes(&self, entity: Option<i64>) -> Result<Vec<AttributeRecord>>;
    /// Open contradictions about `entity` (or all).
    fn contradictions(&self, entity: Option<i64>) -> Result<Vec<Contradiction>>;
    /// Full-text search over sentences.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// Analyst override: `b` is the same as `a` (recorded, reversible, survives re-ingest).
    fn merge(&mut self, a: i64, b: i64) -> Result<()>;
    /// Analyst override: alias `alias` of `entity` is a different entity; returns the new id.
    fn split(&mut self, entity: i64, alias: &str) -> Result<i64>;

    /// One document by id.
    fn document(&self, id: &str) -> Result<Option<DocumentRecord>> {
        Ok(self.documents()?.into_iter().find(|d| d.id == id))
    }
    /// The sentences of document `id` in order (`NotFound` if there is no such document).
    fn sentences(&self, _id: &str) -> Result<Vec<SentenceRecord>> {
        Err(KbError::Invalid(
            "this store cannot list a document's sentences".into(),
        ))
    }
    /// Recorded analyst overrides, oldest first (undone ones included).
    fn overrides(&self) -> Result<Vec<OverrideRecord>> {
        Err(KbError::Invalid(
            "this store does not record overrides".into(),
        ))
    }
    /// Reverts one override (a merge is unmerged; a split is merged back).
    fn undo_override(&mut self, _id: i64) -> Result<()> {
        Err(KbError::Invalid("this store cannot undo overrides".into()))
    }
    /// Everything at once, for reports and exports.
    fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            documents: self.documents()?,
            entities: self.entities(&EntityFilter::default())?,
            relations: self.relations(None)?,
            events: self.events(None)?,
            attributes: self.attributes(None)?,
            contradictions: self.contradictions(None)?,
        })
    }
}

#[cfg(test)]
mod search_hit_tests {
    use super::*;

    fn hit(text: &str, marked: &str) -> SearchHit {
        SearchHit::from_marked("d".into(), None, 0, text.into(), marked)
    }

    #[test]
    fn issue15_matches_are_char_offsets_and_brackets_of_the_text_stay_apart() {
        let (s, e) = (MATCH_START, MATCH_END);
        let h = hit(
            "Arvel [sic] funds Karsk’s [2] funds.",
            &format!("Arvel [sic] {s}funds{e} Karsk’s [2] {s}funds{e}."),
        );
        assert_eq!(h.matches, vec![(12, 17), (30, 35)]);
        let chars: Vec<char> = h.text.chars().collect();
        for &(a, b) in &h.matches {
            assert_eq!(chars[a..b].iter().collect::<String>(), "funds");
        }
        assert_eq!(h.highlighted, "Arvel [sic] [funds] Karsk’s [2] [funds].");
        // No match, an unclosed one, and a marker character in the text itself.
        assert!(hit("Tomas Arvel", "Tomas Arvel").matches.is_empty());
        assert_eq!(
            hit("Tomas Arvel", &format!("Tomas {s}Arvel")).matches,
            vec![(6, 11)]
        );
        let odd = format!("x{s}y");
        assert_eq!(hit(&odd, &format!("{s}x{e}{s}y")).matches, vec![(0, 1)]);
    }
}
