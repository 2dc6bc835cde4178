//! The `Store` trait: the one seam between the knowledge base and everything
//! that reads or writes it (CLI, reports, exports, server). The SQLite
//! implementation is the default; a PostgreSQL one plugs in behind the same
//! trait.
//!
//! Records here are the *read model*: entity ids are store-wide and stable
//! across documents; every fact carries its evidence with the document it
//! came from.

use crate::AttrName;
use dossier_doc::{Doc, Edtf, EntityType, EventType, Modality, RelationType, Role};
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
    pub published: Option<Edtf>,
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
    pub cited: Option<Edtf>,
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
    pub date: Option<Edtf>,
    /// Credibility 1–6 (1: confirmed … 6: cannot be judged), from how it was stated.
    pub credibility: u8,
    /// All supporting sentences.
    pub evidence: Vec<EvidenceRecord>,
    /// Number of distinct documents supporting it.
    pub source_count: usize,
    /// The analyst's decision about it (confirmed or edited), if any; a
    /// rejected fact is not read back at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
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
    pub date: Option<Edtf>,
    /// Participants.
    pub participants: Vec<ParticipantRecord>,
    /// Killed.
    pub fatalities: Option<u32>,
    /// Wounded.
    pub injured: Option<u32>,
    /// How the text stated it (None: as fact).
    pub modality: Option<Modality>,
    /// Confidence.
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Evidence.
    pub evidence: Vec<EvidenceRecord>,
    /// The analyst's decision about it (confirmed or edited), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
}

/// A stored attribute value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeRecord {
    /// Store-wide id.
    pub id: i64,
    /// Entity id.
    pub entity: i64,
    /// Name (`member_count`, `founded`, `title`; older bases and analyst
    /// overrides hold others, see [`AttrName`]).
    pub name: AttrName,
    /// Value.
    pub value: String,
    /// When it held.
    pub date: Option<Edtf>,
    /// Confidence.
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Evidence.
    pub evidence: Vec<EvidenceRecord>,
    /// The analyst's decision about it (confirmed or edited), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
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

/// Which kind of fact a decision is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// A relation ([`RelationRecord`]).
    Relation,
    /// An event ([`EventRecord`]).
    Event,
    /// An attribute value ([`AttributeRecord`]).
    Attribute,
}

impl FactKind {
    /// The wire name (`relation`, `event`, `attribute`).
    pub fn as_str(self) -> &'static str {
        match self {
            FactKind::Relation => "relation",
            FactKind::Event => "event",
            FactKind::Attribute => "attribute",
        }
    }
}

impl std::str::FromStr for FactKind {
    type Err = KbError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "relation" => Ok(FactKind::Relation),
            "event" => Ok(FactKind::Event),
            "attribute" => Ok(FactKind::Attribute),
            other => Err(KbError::Invalid(format!(
                "unknown fact kind '{other}' (expected relation, event or attribute)"
            ))),
        }
    }
}

/// What an analyst decided about a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The fact is right as read.
    Confirmed,
    /// The fact is wrong: it is no longer read back, shown or exported.
    Rejected,
    /// The fact is right once changed as the decision's [`FactEdit`] says.
    Edited,
}

impl Verdict {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Rejected => "rejected",
            Verdict::Edited => "edited",
        }
    }
}

impl std::str::FromStr for Verdict {
    type Err = KbError;
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "confirmed" | "confirm" | "accept" | "accepted" => Ok(Verdict::Confirmed),
            "rejected" | "reject" => Ok(Verdict::Rejected),
            "edited" | "edit" => Ok(Verdict::Edited),
            other => Err(KbError::Invalid(format!(
                "unknown verdict '{other}' (expected confirm, reject or edit)"
            ))),
        }
    }
}

/// The changes an analyst made to a fact (each `None` / `false`: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FactEdit {
    /// A relation's new type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation_type: Option<RelationType>,
    /// A relation's source and target swapped.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
    /// An event's new type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_type: Option<EventType>,
    /// An event's new date (EDTF).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// An event's participants with their roles, replacing the extracted ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participants: Option<Vec<ParticipantRecord>>,
    /// An attribute's new value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl FactEdit {
    /// Whether it changes nothing.
    pub fn is_empty(&self) -> bool {
        *self == FactEdit::default()
    }
}

/// A decision to record ([`Store::decide`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Confirm, reject or edit.
    pub verdict: Verdict,
    /// The changes of an edit (empty otherwise).
    #[serde(default)]
    pub edit: FactEdit,
    /// Who decided (a user name).
    pub user: String,
}

/// A fact's stable identity: its natural key, not row ids, so that a
/// decision holds across re-ingest and re-extraction of its documents.
/// Entities are named by their resolution key (`resolve::resolution_key`) of any
/// of their names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FactKey {
    /// Subject, predicate, object (a symmetric relation's ends in key order).
    Relation {
        /// Relation type.
        #[serde(rename = "type")]
        rtype: RelationType,
        /// Source entity's name key.
        source: String,
        /// Target entity's name key.
        target: String,
    },
    /// Event type, date as extracted, and the sentence that told it.
    Event {
        /// Event type as extracted.
        #[serde(rename = "type")]
        etype: EventType,
        /// Date as extracted.
        date: Option<Edtf>,
        /// The text of a sentence telling it (spaces collapsed).
        sentence: String,
    },
    /// Entity, attribute name and value.
    Attribute {
        /// The entity's name key.
        entity: String,
        /// Attribute name.
        name: AttrName,
        /// Value (spaces collapsed, lower case).
        value: String,
    },
}

/// A recorded decision about a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// Decision id (for [`Store::undo_decision`]).
    pub id: i64,
    /// Kind of fact.
    pub kind: FactKind,
    /// The fact's stable identity.
    pub key: FactKey,
    /// What was decided.
    pub verdict: Verdict,
    /// The changes of an edit.
    pub edit: FactEdit,
    /// The fact as it read when decided (for people).
    pub summary: String,
    /// Who decided.
    pub user: String,
    /// When (UTC, ISO 8601).
    pub created_at: String,
    /// Whether it was undone.
    pub undone: bool,
}

/// The decision in force on a fact read back (confirmed or edited).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Decision id.
    pub decision: i64,
    /// Confirmed or edited.
    pub verdict: Verdict,
    /// Who decided.
    pub by: String,
    /// When (UTC, ISO 8601).
    pub at: String,
}

/// A change of a document's metadata (each `None`: unchanged; an empty
/// text clears the field).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentEdit {
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
    /// Publication date (EDTF).
    #[serde(default)]
    pub published: Option<String>,
    /// Source name.
    #[serde(default)]
    pub source: Option<String>,
    /// URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Admiralty reliability grade A–F.
    #[serde(default)]
    pub reliability: Option<char>,
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

/// Appends to `out` the entities `ids` as [`Store::entity`] gives them, one
/// query each: unknown ids and entities already in `seen` left out, aliases
/// dropped unless `aliases` (the default of [`Store::entities_of_ids`], and
/// a batched store's way for ids it cannot batch).
pub(crate) fn push_entities_one_by_one<S: Store + ?Sized>(
    store: &S,
    ids: impl IntoIterator<Item = i64>,
    aliases: bool,
    seen: &mut std::collections::HashSet<i64>,
    out: &mut Vec<EntityRecord>,
) -> Result<()> {
    for id in ids {
        if let Some(mut e) = store.entity(id)? {
            if seen.insert(e.id) {
                if !aliases {
                    e.aliases.clear();
                }
                out.push(e);
            }
        }
    }
    Ok(())
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
    /// Records an analyst's decision about the fact `id` of kind `kind` (the
    /// id of a record read back: [`RelationRecord::id`]…); it applies to the
    /// fact's stable identity ([`FactKey`]), so it holds across re-ingest and
    /// re-extraction; the latest decision in force wins. Returns its id.
    fn decide(&mut self, _kind: FactKind, _id: i64, _decision: &Decision) -> Result<i64> {
        Err(KbError::Invalid(
            "this store does not record decisions".into(),
        ))
    }
    /// Every recorded decision about facts, oldest first (undone ones included).
    fn decisions(&self) -> Result<Vec<DecisionRecord>> {
        Err(KbError::Invalid(
            "this store does not record decisions".into(),
        ))
    }
    /// Reverts one decision.
    fn undo_decision(&mut self, _id: i64) -> Result<()> {
        Err(KbError::Invalid("this store cannot undo decisions".into()))
    }
    /// Changes a document's metadata.
    fn edit_document(&mut self, _id: &str, _edit: &DocumentEdit) -> Result<()> {
        Err(KbError::Invalid("this store cannot edit documents".into()))
    }
    /// Deletes a document with its sentences, facts and evidence; entities
    /// no longer named by any document disappear.
    fn delete_document(&mut self, _id: &str) -> Result<()> {
        Err(KbError::Invalid(
            "this store cannot delete documents".into(),
        ))
    }
    /// Up to `limit` ids of entities (canonical, not merged away) greater
    /// than `after`, in increasing order: a way through every entity a page
    /// at a time, holding none of the others (the STIX export's). The
    /// default reads every entity.
    fn entity_ids_after(&self, after: i64, limit: usize) -> Result<Vec<i64>> {
        let mut ids: Vec<i64> = self
            .entities(&EntityFilter::default())?
            .iter()
            .map(|e| e.id)
            .filter(|&id| id > after)
            .collect();
        ids.sort_unstable();
        ids.truncate(limit);
        Ok(ids)
    }
    /// Up to `limit` document ids greater than `after` (all when `None`),
    /// in increasing (byte) order, as [`Store::entity_ids_after`] for
    /// documents. The default reads every document.
    fn document_ids_after(&self, after: Option<&str>, limit: usize) -> Result<Vec<String>> {
        let mut ids: Vec<String> = self
            .documents()?
            .into_iter()
            .map(|d| d.id)
            .filter(|id| after.is_none_or(|a| id.as_str() > a))
            .collect();
        ids.sort_unstable();
        ids.truncate(limit);
        Ok(ids)
    }
    /// The relations whose source is one of `entities` (ids as
    /// [`Store::entity_ids_after`] gives them), each as
    /// [`Store::relations`]`(Some(source))` gives it: a page of entities
    /// at once, for exports that walk the base. The default asks entity by
    /// entity.
    fn relations_of_sources(&self, entities: &[i64]) -> Result<Vec<RelationRecord>> {
        let mut out = Vec::new();
        for &id in entities {
            let mut rs = self.relations(Some(id))?;
            rs.retain(|r| r.source == id);
            out.extend(rs);
        }
        Ok(out)
    }
    /// The events in which any of `entities` takes part, each as
    /// [`Store::events`]`(Some(id))` gives it, once (a page of entities at
    /// once, as [`Store::relations_of_sources`]). The default asks entity
    /// by entity.
    fn events_of_entities(&self, entities: &[i64]) -> Result<Vec<EventRecord>> {
        let mut out: Vec<EventRecord> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for &id in entities {
            for e in self.events(Some(id))? {
                if seen.insert(e.id) {
                    out.push(e);
                }
            }
        }
        Ok(out)
    }
    /// The attributes of each of `entities` (as [`Store::relations_of_sources`]
    /// for attributes). The default asks entity by entity.
    fn attributes_of_entities(&self, entities: &[i64]) -> Result<Vec<AttributeRecord>> {
        let mut out = Vec::new();
        for &id in entities {
            let mut xs = self.attributes(Some(id))?;
            xs.retain(|a| a.entity == id);
            out.extend(xs);
        }
        Ok(out)
    }
    /// The contradictions about each of `entities` (those whose
    /// [`Contradiction::entity`] is one of them), each as
    /// [`Store::contradictions`]`(Some(id))` gives it, in no particular
    /// order: a page of entities at once, for exports that walk the base.
    /// The default asks entity by entity.
    fn contradictions_of_entities(&self, entities: &[i64]) -> Result<Vec<Contradiction>> {
        let mut out = Vec::new();
        for &id in entities {
            let mut cs = self.contradictions(Some(id))?;
            cs.retain(|c| c.entity == id);
            out.extend(cs);
        }
        Ok(out)
    }
    /// The entities `ids`, each as [`Store::entity`] gives it (a merged id
    /// gives its canonical entity; ids the store does not know are left
    /// out), each once, in no particular order: the entities a report
    /// names, read in a few queries instead of several per entity. Without
    /// `aliases`, each record's `aliases` is left empty (what a report
    /// showing only the other entities' names and counts needs; an entity
    /// named in thousands of documents has as many alias rows). The
    /// default asks entity by entity.
    fn entities_of_ids(&self, ids: &[i64], aliases: bool) -> Result<Vec<EntityRecord>> {
        let mut out: Vec<EntityRecord> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        push_entities_one_by_one(self, ids.iter().copied(), aliases, &mut seen, &mut out)?;
        Ok(out)
    }
    /// The documents `ids`, each as [`Store::document`] gives it (unknown
    /// ids left out), in no particular order. The default asks document by
    /// document.
    fn documents_of_ids(&self, ids: &[String]) -> Result<Vec<DocumentRecord>> {
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.document(id)?);
        }
        Ok(out)
    }
    /// The (aggregated) events that have no participant at all, in id
    /// order: the only ones no [`Store::events`]`(Some(entity))` returns.
    /// The default reads every event.
    fn events_without_participants(&self) -> Result<Vec<EventRecord>> {
        let mut out: Vec<EventRecord> = self
            .events(None)?
            .into_iter()
            .filter(|e| e.participants.is_empty())
            .collect();
        out.sort_by_key(|e| e.id);
        Ok(out)
    }
    /// Every (aggregated) event, as [`Store::events`]`(None)` gives them,
    /// passed to `each` a part at a time: the events of one (type, flag,
    /// date) bucket — the only events aggregation groups together — or a
    /// page of undated ones (never grouped), so that a caller holds one
    /// bucket, never the whole base. Each event comes once; the parts in no
    /// particular order, the events of a part in id order. The default
    /// passes every event at once.
    fn each_event_bucket(
        &self,
        each: &mut dyn FnMut(Vec<EventRecord>) -> Result<()>,
    ) -> Result<()> {
        let mut all = self.events(None)?;
        all.sort_by_key(|e| e.id);
        each(all)
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
