//! The store logic, written once over [`Db`] and shared by every SQL
//! backend ([`crate::SqliteStore`], and `PgStore` with the `postgres`
//! feature).
//!
//! Storage is per document: each document's entities are kept as
//! `doc_entities` rows linked to a store entity, and its relations, events
//! and attributes point at those rows. Reads map store entities to their
//! canonical entity (following analyst merges) and aggregate: the same
//! relation, attribute value or happening from several sentences or
//! documents is one record with all its evidence. Because aggregation
//! happens on read, merges and splits are cheap, exact and reversible.

use crate::event_actors;
use crate::grading;
use crate::index;
use crate::resolve::{self, resolution_key, translit_key, MatchKind, Profile};
use crate::rules::{self, normalize_value};
use crate::sql::{args, Db, FromValue, Row, ToValue, Tx};
use crate::store::*;
use crate::AttrName;
use dossier_doc::{Doc, EntityType, EventType, MentionKind, Meta, RelationType, Role};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

mod ingest;
mod overrides;
mod reads;
mod store_impl;
use self::reads::*;

/// Runs `f` again (up to a minute in all) while the database is busy or
/// locked by another connection beyond the busy timeout (or, on
/// PostgreSQL, a transaction failed to serialize).
pub(crate) fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    let start = std::time::Instant::now();
    let mut wait = std::time::Duration::from_millis(5);
    loop {
        match f() {
            Err(KbError::Busy(_)) if start.elapsed() < std::time::Duration::from_secs(60) => {
                std::thread::sleep(wait);
                wait = (wait * 2).min(std::time::Duration::from_millis(500));
            }
            other => return other,
        }
    }
}

/// Columns 0 and 1 of a row.
fn pair<A: FromValue, B: FromValue>(r: &Row) -> Result<(A, B)> {
    Ok((r.get(0)?, r.get(1)?))
}

/// Columns 0 and 1 of every row.
fn pairs<A: FromValue, B: FromValue>(rows: Vec<Row>) -> Result<Vec<(A, B)>> {
    rows.iter().map(pair).collect()
}

/// An entity's record from its parts: the aliases other than its name, each
/// with the documents that use it, and its mention and document counts.
fn entity_record(
    id: i64,
    etype: EntityType,
    name: String,
    aliases: BTreeMap<String, BTreeSet<String>>,
    mention_count: i64,
    document_count: i64,
) -> EntityRecord {
    EntityRecord {
        id,
        etype,
        aliases: aliases
            .into_iter()
            .filter(|(n, _)| *n != name)
            .map(|(name, d)| AliasRecord {
                name,
                documents: d.into_iter().collect(),
            })
            .collect(),
        name,
        mention_count: mention_count as usize,
        document_count: document_count as usize,
    }
}

fn bad(what: &str, v: &str) -> KbError {
    KbError::Db(format!("unknown {what} '{v}' in the database"))
}

fn mention_kind_str(k: MentionKind) -> &'static str {
    match k {
        MentionKind::Name => "name",
        MentionKind::ShortName => "short_name",
        MentionKind::Acronym => "acronym",
        MentionKind::Nominal => "nominal",
        MentionKind::Pronoun => "pronoun",
    }
}

/// (entity, translit key of a split alias) → the entity the alias was split into.
type Redirects = HashMap<(i64, String), i64>;

/// Store ids → canonical ids (following analyst merges).
struct Canon(HashMap<i64, Option<i64>>);

impl Canon {
    fn load(conn: &impl Db) -> Result<Canon> {
        let map = conn
            .rows("SELECT id, merged_into FROM entities", &[])?
            .iter()
            .map(|r| Ok((r.get::<i64>(0)?, r.get::<Option<i64>>(1)?)))
            .collect::<Result<HashMap<_, _>>>()?;
        Ok(Canon(map))
    }
    fn get(&self, id: i64) -> i64 {
        let mut cur = id;
        for _ in 0..1000 {
            match self.0.get(&cur).copied().flatten() {
                Some(next) if next != cur => cur = next,
                _ => break,
            }
        }
        cur
    }
    fn exists(&self, id: i64) -> bool {
        self.0.contains_key(&id)
    }
    fn members(&self, canon: i64) -> Vec<i64> {
        let mut v: Vec<i64> = self
            .0
            .keys()
            .copied()
            .filter(|&id| self.get(id) == canon)
            .collect();
        v.sort_unstable();
        v
    }
}

/// A knowledge base over one database connection of any backend.
pub struct Engine<D: Db> {
    /// The connection.
    pub(crate) conn: D,
    /// Resolution keys of names already seen (pure, so never stale).
    pub(crate) keys: HashMap<String, resolve::NameKeys>,
    /// Writes made through this store (with the backend's data version,
    /// which counts other connections' commits, it dates cached reads).
    pub(crate) writes: u64,
    /// Whether the decisions table exists (checked once; see `review.rs`).
    pub(crate) reviewed: std::cell::Cell<Option<bool>>,
    /// The last entity's aggregated events (a profile reads them twice:
    /// for its events and for its contradictions).
    events_cache: std::cell::RefCell<Option<EventsCache>>,
    /// Whether the resolution index exists (checked once).
    indexed: std::cell::Cell<Option<bool>>,
}

/// ((entity, data_version, writes), its aggregated events with their documents).
type EventsCache = ((i64, i64, u64), Vec<(EventRecord, BTreeSet<String>)>);

impl<D: Db> Engine<D> {
    /// The store over `conn` (its schema already current).
    pub(crate) fn new(conn: D) -> Self {
        Engine {
            conn,
            keys: HashMap::new(),
            writes: 0,
            reviewed: Default::default(),
            events_cache: Default::default(),
            indexed: Default::default(),
        }
    }

    /// The canonical id of `id` (itself unless merged into another), if it exists.
    pub(crate) fn canonical(&self, id: i64) -> Result<Option<i64>> {
        index::canonical(&self.conn, id)
    }

    // ----- per-entity reads (indexed: cost follows what is shown) -----

    /// The canonical id of `id`, memoized.
    fn canon_memo(&self, memo: &mut HashMap<i64, i64>, id: i64) -> Result<i64> {
        if let Some(&c) = memo.get(&id) {
            return Ok(c);
        }
        let c = index::canonical(&self.conn, id)?.unwrap_or(id);
        memo.insert(id, c);
        Ok(c)
    }

    /// Whether the database has the resolution index (schema 2; a database
    /// opened read-only may be older).
    fn indexed(&self) -> Result<bool> {
        if let Some(v) = self.indexed.get() {
            return Ok(v);
        }
        let v = self.conn.has_table("entity_stats")?;
        self.indexed.set(Some(v));
        Ok(v)
    }
}

/// Implements [`Store`] for a wrapper type with a field `inner: Engine<_>`.
macro_rules! delegate_store {
    ($t:ty) => {
        impl $crate::store::Store for $t {
            fn ingest(
                &mut self,
                doc: &dossier_doc::Doc,
                opts: &$crate::store::IngestOptions,
            ) -> $crate::store::Result<$crate::store::IngestOutcome> {
                self.inner.ingest(doc, opts)
            }
            fn documents(&self) -> $crate::store::Result<Vec<$crate::store::DocumentRecord>> {
                self.inner.documents()
            }
            fn entities(
                &self,
                filter: &$crate::store::EntityFilter,
            ) -> $crate::store::Result<Vec<$crate::store::EntityRecord>> {
                self.inner.entities(filter)
            }
            fn entity(
                &self,
                id: i64,
            ) -> $crate::store::Result<Option<$crate::store::EntityRecord>> {
                self.inner.entity(id)
            }
            fn find_entities(
                &self,
                name: &str,
            ) -> $crate::store::Result<Vec<$crate::store::EntityRecord>> {
                self.inner.find_entities(name)
            }
            fn relations(
                &self,
                entity: Option<i64>,
            ) -> $crate::store::Result<Vec<$crate::store::RelationRecord>> {
                self.inner.relations(entity)
            }
            fn events(
                &self,
                entity: Option<i64>,
            ) -> $crate::store::Result<Vec<$crate::store::EventRecord>> {
                self.inner.events(entity)
            }
            fn attributes(
                &self,
                entity: Option<i64>,
            ) -> $crate::store::Result<Vec<$crate::store::AttributeRecord>> {
                self.inner.attributes(entity)
            }
            fn contradictions(
                &self,
                entity: Option<i64>,
            ) -> $crate::store::Result<Vec<$crate::store::Contradiction>> {
                self.inner.contradictions(entity)
            }
            fn search(
                &self,
                query: &str,
                limit: usize,
            ) -> $crate::store::Result<Vec<$crate::store::SearchHit>> {
                self.inner.search(query, limit)
            }
            fn merge(&mut self, a: i64, b: i64) -> $crate::store::Result<()> {
                self.inner.merge(a, b)
            }
            fn split(&mut self, entity: i64, alias: &str) -> $crate::store::Result<i64> {
                self.inner.split(entity, alias)
            }
            fn document(
                &self,
                id: &str,
            ) -> $crate::store::Result<Option<$crate::store::DocumentRecord>> {
                self.inner.document(id)
            }
            fn sentences(
                &self,
                id: &str,
            ) -> $crate::store::Result<Vec<$crate::store::SentenceRecord>> {
                self.inner.sentences(id)
            }
            fn overrides(&self) -> $crate::store::Result<Vec<$crate::store::OverrideRecord>> {
                self.inner.overrides()
            }
            fn undo_override(&mut self, id: i64) -> $crate::store::Result<()> {
                self.inner.undo_override(id)
            }
            fn decide(
                &mut self,
                kind: $crate::store::FactKind,
                id: i64,
                decision: &$crate::store::Decision,
            ) -> $crate::store::Result<i64> {
                self.inner.decide(kind, id, decision)
            }
            fn decisions(&self) -> $crate::store::Result<Vec<$crate::store::DecisionRecord>> {
                self.inner.decisions()
            }
            fn undo_decision(&mut self, id: i64) -> $crate::store::Result<()> {
                self.inner.undo_decision(id)
            }
            fn edit_document(
                &mut self,
                id: &str,
                edit: &$crate::store::DocumentEdit,
            ) -> $crate::store::Result<()> {
                self.inner.edit_document(id, edit)
            }
            fn delete_document(&mut self, id: &str) -> $crate::store::Result<()> {
                self.inner.delete_document(id)
            }
            fn entity_ids_after(
                &self,
                after: i64,
                limit: usize,
            ) -> $crate::store::Result<Vec<i64>> {
                self.inner.entity_ids_after(after, limit)
            }
            fn document_ids_after(
                &self,
                after: Option<&str>,
                limit: usize,
            ) -> $crate::store::Result<Vec<String>> {
                self.inner.document_ids_after(after, limit)
            }
            fn events_without_participants(
                &self,
            ) -> $crate::store::Result<Vec<$crate::store::EventRecord>> {
                self.inner.events_without_participants()
            }
            fn each_event_bucket(
                &self,
                each: &mut dyn FnMut(Vec<$crate::store::EventRecord>) -> $crate::store::Result<()>,
            ) -> $crate::store::Result<()> {
                self.inner.each_event_bucket(each)
            }
            fn relations_of_sources(
                &self,
                entities: &[i64],
            ) -> $crate::store::Result<Vec<$crate::store::RelationRecord>> {
                self.inner.relations_of_sources(entities)
            }
            fn events_of_entities(
                &self,
                entities: &[i64],
            ) -> $crate::store::Result<Vec<$crate::store::EventRecord>> {
                self.inner.events_of_entities(entities)
            }
            fn attributes_of_entities(
                &self,
                entities: &[i64],
            ) -> $crate::store::Result<Vec<$crate::store::AttributeRecord>> {
                self.inner.attributes_of_entities(entities)
            }
            fn contradictions_of_entities(
                &self,
                entities: &[i64],
            ) -> $crate::store::Result<Vec<$crate::store::Contradiction>> {
                self.inner.contradictions_of_entities(entities)
            }
            fn entities_of_ids(
                &self,
                ids: &[i64],
                aliases: bool,
            ) -> $crate::store::Result<Vec<$crate::store::EntityRecord>> {
                self.inner.entities_of_ids(ids, aliases)
            }
            fn documents_of_ids(
                &self,
                ids: &[String],
            ) -> $crate::store::Result<Vec<$crate::store::DocumentRecord>> {
                self.inner.documents_of_ids(ids)
            }
        }
    };
}
pub(crate) use delegate_store;

/// Whether the knowledge base holds document `id`.
pub(crate) fn document_exists<D: Db>(db: &D, id: &str) -> Result<bool> {
    db.one(
        "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
        args![id],
    )
}
