//! The SQLite implementation of [`Store`].
//!
//! Storage is per document: each document's entities are kept as
//! `doc_entities` rows linked to a store entity, and its relations, events
//! and attributes point at those rows. Reads map store entities to their
//! canonical entity (following analyst merges) and aggregate: the same
//! relation, attribute value or happening from several sentences or
//! documents is one record with all its evidence. Because aggregation
//! happens on read, merges and splits are cheap, exact and reversible.

use crate::edtf;
use crate::grading;
use crate::index;
use crate::resolve::{self, name_key, translit_key, MatchKind, Profile};
use crate::store::*;
use dossier_doc::{Doc, EntityType, EventType, MentionKind, Meta, RelationType, Role};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::str::FromStr;

/// Schema migrations, in order: migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    title TEXT,
    published TEXT,
    source TEXT,
    url TEXT,
    path TEXT,
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ('A','B','C','D','E','F')),
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (doc, idx)
);
CREATE VIRTUAL TABLE sentence_fts USING fts5(
    text, content = 'sentences', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    merged_into INTEGER REFERENCES entities(id)
);
CREATE INDEX entities_key ON entities(key);
CREATE TABLE doc_entities (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    entity INTEGER NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    UNIQUE (doc, idx)
);
CREATE INDEX doc_entities_entity ON doc_entities(entity);
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    entity INTEGER NOT NULL REFERENCES entities(id),
    name TEXT NOT NULL,
    key TEXT NOT NULL,
    document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    UNIQUE (entity, name, document)
);
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_entity ON aliases(entity);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    entity INTEGER NOT NULL REFERENCES entities(id),
    doc_entity INTEGER NOT NULL REFERENCES doc_entities(id),
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity);
CREATE TABLE relations (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    source INTEGER NOT NULL REFERENCES doc_entities(id),
    target INTEGER NOT NULL REFERENCES doc_entities(id),
    confidence REAL NOT NULL,
    date TEXT,
    modality TEXT,
    credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE relation_evidence (
    relation INTEGER NOT NULL REFERENCES relations(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cited TEXT
);
CREATE INDEX relation_evidence_relation ON relation_evidence(relation);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    trigger TEXT NOT NULL,
    attempted INTEGER NOT NULL,
    date TEXT,
    fatalities INTEGER,
    injured INTEGER,
    modality TEXT,
    confidence REAL NOT NULL,
    credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE event_participants (
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    doc_entity INTEGER NOT NULL REFERENCES doc_entities(id)
);
CREATE INDEX event_participants_event ON event_participants(event);
CREATE TABLE event_evidence (
    event INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cited TEXT
);
CREATE INDEX event_evidence_event ON event_evidence(event);
CREATE TABLE attributes (
    id INTEGER PRIMARY KEY,
    doc TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    doc_entity INTEGER NOT NULL REFERENCES doc_entities(id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    date TEXT,
    confidence REAL NOT NULL,
    credibility INTEGER NOT NULL CHECK (credibility BETWEEN 1 AND 6)
);
CREATE TABLE attribute_evidence (
    attribute INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
    sentence INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cited TEXT
);
CREATE INDEX attribute_evidence_attribute ON attribute_evidence(attribute);
CREATE TABLE overrides (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    a INTEGER NOT NULL REFERENCES entities(id),
    b INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT,
    alias_key TEXT,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    undone_at TEXT
);
"#,
    index::SCHEMA,
];

/// The newest schema version this program knows (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version that added the resolution index (built from the stored
/// documents when an older database is migrated).
const INDEX_VERSION: i64 = 2;

/// `PRAGMA application_id` of a Dossier knowledge base ("DSSR").
pub const APPLICATION_ID: i32 = 0x4453_5352;

/// How long a connection waits for another writer before giving up.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// Tables every Dossier database since schema 1 has (recognizes one
/// written before the application id was set).
const DOSSIER_TABLES: &[&str] = &[
    "documents",
    "sentences",
    "entities",
    "doc_entities",
    "aliases",
    "mentions",
];

/// Checks that the database is Dossier's (or empty) and not newer than this
/// program, before anything is written; returns its schema version.
///
/// The header and the table list are read in one read transaction: read
/// one by one, another connection creating the schema in between would
/// show a version-0 header beside Dossier's tables, and a database being
/// created by a concurrent thread was taken for another program's (seen
/// once in CI, about 1 run in 200 of the threads test).
fn check_owner(conn: &Connection, shown: &str) -> Result<i64> {
    if !conn.is_autocommit() {
        return check_owner_now(conn, shown);
    }
    conn.execute_batch("BEGIN DEFERRED")?;
    let found = check_owner_now(conn, shown);
    let end = if found.is_ok() { "COMMIT" } else { "ROLLBACK" };
    if let Err(e) = conn.execute_batch(end) {
        if found.is_ok() {
            return Err(e.into());
        }
    }
    found
}

fn check_owner_now(conn: &Connection, shown: &str) -> Result<i64> {
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => {
                KbError::Foreign(format!("{shown} is not a SQLite database: {e}"))
            }
            _ => KbError::from(e),
        })?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app != 0 && app != APPLICATION_ID {
        return Err(KbError::Foreign(format!(
            "{shown} is another program's SQLite database (application_id {app:#x}), not a Dossier knowledge base; it was left untouched"
        )));
    }
    if version > SCHEMA_VERSION {
        return Err(KbError::SchemaTooNew {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if app == 0 {
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let ours = version >= 1 && DOSSIER_TABLES.iter().all(|t| tables.iter().any(|x| x == t));
        if !tables.is_empty() && !ours {
            let shown_tables: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
            return Err(KbError::Foreign(format!(
                "{shown} is a SQLite database of another program (tables: {}{}), not a Dossier knowledge base; it was left untouched",
                shown_tables.join(", "),
                if tables.len() > 5 { ", …" } else { "" }
            )));
        }
    }
    Ok(version)
}

/// Escapes what a SQLite URI path cannot hold as is.
fn uri_path(p: &str) -> String {
    p.replace('%', "%25")
        .replace('?', "%3F")
        .replace('#', "%23")
}

/// Runs `f` again (up to a minute in all) while the database is busy or
/// locked by another connection beyond the busy timeout.
fn retry_busy<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
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

/// Attribute names that may hold several values at once (never a contradiction).
const MULTI_VALUED: &[&str] = &["title", "alias", "role"];

impl From<rusqlite::Error> for KbError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                KbError::Busy(e.to_string())
            }
            _ => KbError::Db(e.to_string()),
        }
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

/// (document, credibility) of each claim behind an aggregated record.
type Claims = Vec<(String, u8)>;

/// Store ids → canonical ids (following analyst merges).
struct Canon(HashMap<i64, Option<i64>>);

impl Canon {
    fn load(conn: &Connection) -> Result<Canon> {
        let mut st = conn.prepare("SELECT id, merged_into FROM entities")?;
        let map = st
            .query_map([], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
            })?
            .collect::<std::result::Result<HashMap<_, _>, _>>()?;
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

/// A SQLite knowledge base (one file, WAL journal, foreign keys on).
pub struct SqliteStore {
    conn: Connection,
    /// Resolution keys of names already seen (pure, so never stale).
    keys: HashMap<String, resolve::NameKeys>,
    /// Writes made through this store (with `PRAGMA data_version`, which
    /// counts other connections' commits, it dates cached reads).
    writes: u64,
    /// The last entity's aggregated events (a profile reads them twice:
    /// for its events and for its contradictions).
    events_cache: std::cell::RefCell<Option<EventsCache>>,
    /// Whether the resolution index exists (checked once).
    indexed: std::cell::Cell<Option<bool>>,
}

/// ((entity, data_version, writes), its aggregated events with their documents).
type EventsCache = ((i64, i64, u64), Vec<(EventRecord, BTreeSet<String>)>);

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// [`SCHEMA_VERSION`]; refuses a database of a newer schema and any
    /// SQLite file that is not a Dossier knowledge base (left untouched).
    /// Safe when several processes open (or create) the same file at once.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let conn =
            Connection::open(path).map_err(|e| KbError::Db(format!("{}: {e}", path.display())))?;
        Self::init(conn, &path.display().to_string())
    }

    /// Opens an existing knowledge base for reading only: nothing is
    /// created, migrated or switched, and it works on a read-only file or
    /// in a directory the user cannot write (the file is then opened as
    /// immutable). Writes fail with an error.
    pub fn open_read_only(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        if !path.is_file() {
            return Err(KbError::NotFound(format!("database {shown}")));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let try_open = |immutable: bool| -> Result<Connection> {
            let conn = if immutable {
                let abs = std::fs::canonicalize(path)
                    .map_err(|e| KbError::Db(format!("{shown}: {e}")))?;
                let uri = format!("file:{}?immutable=1", uri_path(&abs.to_string_lossy()));
                Connection::open_with_flags(uri, flags)
            } else {
                Connection::open_with_flags(path, flags)
            }
            .map_err(|e| KbError::Db(format!("{shown}: {e}")))?;
            conn.busy_timeout(BUSY_TIMEOUT)?;
            // Reading the schema fails here when the WAL index cannot be created.
            check_owner(&conn, &shown)?;
            Ok(conn)
        };
        let conn = match try_open(false) {
            Ok(c) => c,
            Err(e @ (KbError::Foreign(_) | KbError::SchemaTooNew { .. })) => return Err(e),
            Err(first) => try_open(true).map_err(|_| first)?,
        };
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version == 0 {
            return Err(KbError::NotFound(format!(
                "{shown} is empty, not a knowledge base yet"
            )));
        }
        Ok(SqliteStore {
            conn,
            keys: HashMap::new(),
            writes: 0,
            events_cache: Default::default(),
            indexed: Default::default(),
        })
    }

    /// A fresh database in memory.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(mut conn: Connection, shown: &str) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let found = check_owner(&conn, shown)?;
        // In WAL mode, NORMAL never corrupts and keeps every commit across a
        // crash of the process; only a power cut can lose the last commits
        // (re-ingesting them is idempotent). FULL costs an fsync per document.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        if found < SCHEMA_VERSION {
            retry_busy(|| {
                let _mode: String =
                    conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
                Ok(())
            })?;
            retry_busy(|| {
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                // Another process may have created or migrated it meanwhile.
                let found = check_owner(&tx, shown)?;
                for (i, sql) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
                    tx.execute_batch(sql)?;
                    if i + 1 == INDEX_VERSION as usize && found > 0 {
                        index::rebuild_all(&tx)?;
                    }
                }
                if found < SCHEMA_VERSION {
                    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
                    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
                }
                tx.commit()?;
                Ok(())
            })?;
        }
        Ok(SqliteStore {
            conn,
            keys: HashMap::new(),
            writes: 0,
            events_cache: Default::default(),
            indexed: Default::default(),
        })
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The canonical id of `id` (itself unless merged into another), if it exists.
    pub fn canonical(&self, id: i64) -> Result<Option<i64>> {
        index::canonical(&self.conn, id)
    }

    /// Undoes the active merge that merged `entity` into another entity.
    pub fn unmerge(&mut self, entity: i64) -> Result<()> {
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM overrides WHERE kind = 'merge' AND b = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
                [entity],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.undo_override(id),
            None => Err(KbError::NotFound(format!(
                "no active merge of entity {entity}"
            ))),
        }
    }

    /// One attempt at [`Store::ingest`] (a write transaction taken at once).
    fn ingest_once(&mut self, doc: &Doc, opts: &IngestOptions) -> Result<IngestOutcome> {
        let doc_id = if doc.meta.id.trim().is_empty() {
            Meta::content_id(doc.text.as_bytes())
        } else {
            doc.meta.id.clone()
        };
        let reliability = grading::reliability(opts.reliability)?;
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
            [&doc_id],
            |r| r.get(0),
        )?;
        if exists {
            return Ok(IngestOutcome::Unchanged { document: doc_id });
        }
        let source = opts.source.clone().or_else(|| doc.meta.source.clone());
        tx.execute(
            "INSERT INTO documents (id, title, published, source, url, path, reliability) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![doc_id, doc.meta.title, doc.meta.published, source, doc.meta.url, doc.meta.path, reliability.to_string()],
        )?;
        {
            let mut ins = tx.prepare("INSERT INTO sentences (doc, idx, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            let mut fts = tx.prepare("INSERT INTO sentence_fts (rowid, text) VALUES (?1, ?2)")?;
            for (i, s) in doc.sentences.iter().enumerate() {
                let text = doc.slice(s.start, s.end);
                ins.execute(params![
                    doc_id,
                    i as i64,
                    s.start as i64,
                    s.end as i64,
                    text
                ])?;
                fts.execute(params![tx.last_insert_rowid(), text])?;
            }
        }
        let n_sent = doc.sentences.len();
        let check_sentence = |what: &str, s: usize| -> Result<()> {
            if s >= n_sent {
                return Err(KbError::Invalid(format!(
                    "{what} refers to sentence {s}, but the document has {n_sent}"
                )));
            }
            Ok(())
        };
        let n_ent = doc.entities.len();
        let check_entity = |what: &str, e: usize| -> Result<()> {
            if e >= n_ent {
                return Err(KbError::Invalid(format!(
                    "{what} refers to entity {e}, but the document has {n_ent}"
                )));
            }
            Ok(())
        };

        // Mentions of each document entity.
        let mut ent_mentions: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n_ent];
        for (i, e) in doc.entities.iter().enumerate() {
            for &m in &e.mentions {
                if m >= doc.mentions.len() {
                    return Err(KbError::Invalid(format!(
                        "entity {i} lists mention {m}, but the document has {}",
                        doc.mentions.len()
                    )));
                }
                ent_mentions[i].insert(m);
            }
        }
        for (m, mention) in doc.mentions.iter().enumerate() {
            if let Some(e) = mention.entity {
                check_entity("a mention", e)?;
                ent_mentions[e].insert(m);
            }
        }

        // --- Resolution ---
        let cache = &mut self.keys;
        let mut lookup = index::Lookup::new(&tx)?;
        let incoming: Vec<Incoming> = doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let person = e.etype == EntityType::Person;
                let mut names = vec![e.name.clone()];
                names.extend(e.aliases.iter().cloned());
                for &m in &ent_mentions[i] {
                    let mm = &doc.mentions[m];
                    let usable = match mm.kind {
                        MentionKind::Name | MentionKind::Acronym => true,
                        MentionKind::ShortName => person,
                        MentionKind::Nominal | MentionKind::Pronoun => false,
                    };
                    if usable && !names.contains(&mm.text) {
                        names.push(mm.text.clone());
                    }
                }
                names.retain(|n| !name_key(n).is_empty());
                let mut profile = Profile::new(0, e.etype, &names);
                if !person {
                    // Short forms of group names are too generic to match on.
                    profile.names.retain(|n| {
                        !ent_mentions[i].iter().any(|&m| {
                            doc.mentions[m].kind == MentionKind::ShortName
                                && doc.mentions[m].text == n.name
                        }) || n.name == e.name
                    });
                }
                Incoming {
                    profile,
                    alias_names: names,
                }
            })
            .collect();
        // Doc-level neighbours (indices of other doc entities).
        let mut doc_neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n_ent];
        for r in &doc.relations {
            if r.source < n_ent && r.target < n_ent && r.source != r.target {
                doc_neighbours[r.source].insert(r.target);
                doc_neighbours[r.target].insert(r.source);
            }
        }
        for ev in &doc.events {
            for a in &ev.participants {
                for b in &ev.participants {
                    if a.entity < n_ent && b.entity < n_ent && a.entity != b.entity {
                        doc_neighbours[a.entity].insert(b.entity);
                    }
                }
            }
        }
        let mut resolved: Vec<Option<i64>> = vec![None; n_ent];
        // Where a name was split away from the entity, it goes to the split target.
        let target_of = |redirects: &Redirects, entity: i64, name: &str| -> i64 {
            if redirects.is_empty() {
                return entity;
            }
            redirects
                .get(&(entity, translit_key(name)))
                .copied()
                .unwrap_or(entity)
        };
        // The names an entity resolved to `id` brings are candidates' names at once.
        let add_names = |lookup: &mut index::Lookup,
                         cache: &mut HashMap<String, resolve::NameKeys>,
                         id: i64,
                         names: &[resolve::NameKeys]|
         -> Result<()> {
            for n in names {
                let to = target_of(&lookup.redirects, id, &n.name);
                index::add_name(&tx, cache, to, &n.name)?;
                lookup.touch(to);
            }
            Ok(())
        };
        // Pass 1: strong, context-free matches.
        for (i, inc) in incoming.iter().enumerate() {
            if let Some((id, kind)) = lookup.resolve(&inc.profile, cache)? {
                if kind.score() >= MatchKind::Skeleton.score() {
                    resolved[i] = Some(id);
                }
            }
        }
        for (i, inc) in incoming.iter().enumerate() {
            if let Some(id) = resolved[i] {
                add_names(&mut lookup, cache, id, &inc.profile.names)?;
            }
        }
        // Pass 2: the rest, with shared context; new entities otherwise.
        for i in 0..n_ent {
            if resolved[i].is_some() {
                continue;
            }
            let mut profile = incoming[i].profile.clone();
            profile.neighbours = doc_neighbours[i]
                .iter()
                .filter_map(|&j| resolved[j])
                .collect();
            let id = match lookup.resolve(&profile, cache)? {
                Some((id, _)) => id,
                None => {
                    let e = &doc.entities[i];
                    tx.execute(
                        "INSERT INTO entities (type, name, key) VALUES (?1, ?2, ?3)",
                        params![e.etype.as_str(), e.name, name_key(&e.name)],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            add_names(&mut lookup, cache, id, &profile.names)?;
            resolved[i] = Some(id);
        }
        let resolved: Vec<i64> = resolved
            .into_iter()
            .map(|r| r.unwrap_or_default())
            .collect();
        let redirects = std::mem::take(&mut lookup.redirects);
        let target_of = |entity: i64, name: &str| target_of(&redirects, entity, name);

        // --- Document entities, aliases, mentions ---
        let mut de_ids = Vec::with_capacity(n_ent);
        let mut de_entity = Vec::with_capacity(n_ent);
        let mut names_seen: HashSet<(i64, &str)> = HashSet::new();
        let mut mention_counts: BTreeMap<i64, i64> = BTreeMap::new();
        {
            let mut ins_de = tx.prepare("INSERT INTO doc_entities (doc, idx, entity, type, name, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
            let mut ins_alias = tx.prepare("INSERT OR IGNORE INTO aliases (entity, name, key, document) VALUES (?1, ?2, ?3, ?4)")?;
            for (i, e) in doc.entities.iter().enumerate() {
                let entity = target_of(resolved[i], &e.name);
                ins_de.execute(params![
                    doc_id,
                    i as i64,
                    entity,
                    e.etype.as_str(),
                    e.name,
                    name_key(&e.name)
                ])?;
                de_ids.push(tx.last_insert_rowid());
                index::bump_stat(&tx, entity, "t", e.etype.as_str())?;
                if names_seen.insert((entity, e.name.as_str())) {
                    index::bump_stat(&tx, entity, "n", &e.name)?;
                }
                de_entity.push(entity);
                for n in &incoming[i].alias_names {
                    let to = target_of(resolved[i], n);
                    ins_alias.execute(params![to, n, name_key(n), doc_id])?;
                    index::add_name(&tx, &mut self.keys, to, n)?;
                }
            }
            let mut ins_m = tx.prepare(
                "INSERT INTO mentions (doc, sentence, start, \"end\", entity, doc_entity, text, kind) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (i, ms) in ent_mentions.iter().enumerate() {
                for &m in ms {
                    let mm = &doc.mentions[m];
                    check_sentence("a mention", mm.sentence)?;
                    let entity = match mm.kind {
                        MentionKind::Nominal | MentionKind::Pronoun => resolved[i],
                        _ => target_of(resolved[i], &mm.text),
                    };
                    ins_m.execute(params![
                        doc_id,
                        mm.sentence as i64,
                        mm.start as i64,
                        mm.end as i64,
                        entity,
                        de_ids[i],
                        mm.text,
                        mention_kind_str(mm.kind)
                    ])?;
                    *mention_counts.entry(entity).or_default() += 1;
                }
            }
        }
        // Mention and document counts of the entities this document names.
        for &e in &de_entity {
            mention_counts.entry(e).or_default();
        }
        for (&e, &n) in &mention_counts {
            index::bump_stat_by(&tx, e, "m", "", n)?;
            index::bump_stat_by(&tx, e, "d", "", 1)?;
        }

        // --- Facts ---
        {
            let mut ins_r = tx.prepare(
                "INSERT INTO relations (doc, type, source, target, confidence, date, modality, credibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            let mut ins_re = tx.prepare("INSERT INTO relation_evidence (relation, sentence, start, \"end\", cited) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for r in &doc.relations {
                check_entity("a relation", r.source)?;
                check_entity("a relation", r.target)?;
                ins_r.execute(params![
                    doc_id,
                    r.rtype.as_str(),
                    de_ids[r.source],
                    de_ids[r.target],
                    r.confidence as f64,
                    r.date,
                    r.modality,
                    grading::credibility(r.modality.as_deref())
                ])?;
                let rid = tx.last_insert_rowid();
                for e in &r.evidence {
                    check_sentence("relation evidence", e.sentence)?;
                    ins_re.execute(params![
                        rid,
                        e.sentence as i64,
                        e.start as i64,
                        e.end as i64,
                        e.cited
                    ])?;
                }
            }
            let mut ins_e = tx.prepare(
                "INSERT INTO events (doc, type, trigger, attempted, date, fatalities, injured, modality, confidence, credibility) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?;
            let mut ins_p = tx.prepare(
                "INSERT INTO event_participants (event, role, doc_entity) VALUES (?1, ?2, ?3)",
            )?;
            let mut ins_ee = tx.prepare("INSERT INTO event_evidence (event, sentence, start, \"end\", cited) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for ev in &doc.events {
                ins_e.execute(params![
                    doc_id,
                    ev.etype.as_str(),
                    ev.trigger,
                    ev.attempted,
                    ev.date,
                    ev.fatalities,
                    ev.injured,
                    ev.modality,
                    ev.confidence as f64,
                    grading::credibility(ev.modality.as_deref())
                ])?;
                let eid = tx.last_insert_rowid();
                for p in &ev.participants {
                    check_entity("an event participant", p.entity)?;
                    ins_p.execute(params![eid, p.role.as_str(), de_ids[p.entity]])?;
                }
                for e in &ev.evidence {
                    check_sentence("event evidence", e.sentence)?;
                    ins_ee.execute(params![
                        eid,
                        e.sentence as i64,
                        e.start as i64,
                        e.end as i64,
                        e.cited
                    ])?;
                }
            }
            let mut ins_a = tx.prepare(
                "INSERT INTO attributes (doc, doc_entity, name, value, date, confidence, credibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            let mut ins_ae =
                tx.prepare("INSERT INTO attribute_evidence (attribute, sentence, start, \"end\", cited) VALUES (?1, ?2, ?3, ?4, ?5)")?;
            for a in &doc.attributes {
                check_entity("an attribute", a.entity)?;
                ins_a.execute(params![
                    doc_id,
                    de_ids[a.entity],
                    a.name,
                    a.value,
                    a.date,
                    a.confidence as f64,
                    grading::credibility(None)
                ])?;
                let aid = tx.last_insert_rowid();
                for e in &a.evidence {
                    check_sentence("attribute evidence", e.sentence)?;
                    ins_ae.execute(params![
                        aid,
                        e.sentence as i64,
                        e.start as i64,
                        e.end as i64,
                        e.cited
                    ])?;
                }
            }
        }
        // Shared context for later resolution.
        for r in &doc.relations {
            index::add_link(&tx, de_entity[r.source], de_entity[r.target])?;
        }
        for ev in &doc.events {
            for a in &ev.participants {
                for b in &ev.participants {
                    index::add_link(&tx, de_entity[a.entity], de_entity[b.entity])?;
                }
            }
        }
        let touched: BTreeSet<i64> = resolved.iter().copied().collect();
        for id in touched {
            Self::refresh_entity(&tx, id)?;
        }
        tx.commit()?;
        Ok(IngestOutcome::New {
            document: doc_id,
            entities: n_ent,
            relations: doc.relations.len(),
            events: doc.events.len(),
        })
    }

    // ----- ingest helpers -----

    /// Recomputes the type and canonical name of store entity `id` from the
    /// document entities linked to it: the most frequent type (ties keep the
    /// current one) and the preferred name (not an acronym, a full name for
    /// persons, used by most documents, longest).
    fn refresh_entity(conn: &Connection, id: i64) -> Result<()> {
        let (cur_type, cur_name): (String, String) =
            conn.query_row("SELECT type, name FROM entities WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let mut type_counts: Vec<(String, i64)> = conn
            .prepare_cached(
                "SELECT value, n FROM entity_stats WHERE entity = ?1 AND kind = 't' AND n > 0",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        type_counts.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| (a.0 != cur_type).cmp(&(b.0 != cur_type)))
        });
        let new_type = type_counts
            .first()
            .map(|t| t.0.clone())
            .unwrap_or_else(|| cur_type.clone());
        let names: Vec<(String, i64)> = conn
            .prepare_cached(
                "SELECT value, n FROM entity_stats WHERE entity = ?1 AND kind = 'n' AND n > 0",
            )?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let person = new_type == "person";
        let rank = |(n, docs): &(String, i64)| {
            let toks = resolve::name_tokens(n).len();
            (
                !resolve::is_acronym(n),
                !person || toks >= 2,
                *docs,
                n.chars().count(),
                *n == cur_name,
            )
        };
        let best = names
            .iter()
            .filter(|n| !name_key(&n.0).is_empty())
            .max_by_key(|n| rank(n))
            .map(|n| n.0.clone());
        let new_name = best.unwrap_or_else(|| cur_name.clone());
        if new_type != cur_type || new_name != cur_name {
            conn.execute(
                "UPDATE entities SET type = ?2, name = ?3, key = ?4 WHERE id = ?1",
                params![id, new_type, new_name, name_key(&new_name)],
            )?;
        }
        Ok(())
    }

    fn evidence_map(
        &self,
        table: &str,
        fk: &str,
        parent: &str,
    ) -> Result<HashMap<i64, Vec<EvidenceRecord>>> {
        self.evidence_where(table, fk, parent, None)
    }

    /// Evidence rows, grouped by parent id, of the parents `ids` (an SQL list
    /// or subquery) or of all.
    fn evidence_where(
        &self,
        table: &str,
        fk: &str,
        parent: &str,
        ids: Option<&str>,
    ) -> Result<HashMap<i64, Vec<EvidenceRecord>>> {
        let filter = ids.map_or(String::new(), |ids| format!("WHERE e.{fk} IN ({ids})"));
        let sql = format!(
            "SELECT e.{fk}, x.doc, e.sentence, e.start, e.\"end\", e.cited, s.text FROM {table} e \
             JOIN {parent} x ON x.id = e.{fk} LEFT JOIN sentences s ON s.doc = x.doc AND s.idx = e.sentence \
             {filter} ORDER BY e.rowid"
        );
        let mut st = self.conn.prepare(&sql)?;
        let mut out: HashMap<i64, Vec<EvidenceRecord>> = HashMap::new();
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                EvidenceRecord {
                    document: r.get(1)?,
                    sentence: r.get::<_, i64>(2)? as usize,
                    start: r.get::<_, i64>(3)? as usize,
                    end: r.get::<_, i64>(4)? as usize,
                    cited: r.get(5)?,
                    text: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
                },
            ))
        })?;
        for row in rows {
            let (id, ev) = row?;
            out.entry(id).or_default().push(ev);
        }
        Ok(out)
    }

    fn all_entities(&self) -> Result<Vec<EntityRecord>> {
        let canon = Canon::load(&self.conn)?;
        let mut aliases: HashMap<i64, BTreeMap<String, BTreeSet<String>>> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT entity, name, document FROM aliases ORDER BY id")?;
            for row in st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })? {
                let (e, name, doc) = row?;
                aliases
                    .entry(canon.get(e))
                    .or_default()
                    .entry(name)
                    .or_default()
                    .insert(doc);
            }
        }
        let mut mentions: HashMap<i64, usize> = HashMap::new();
        let mut docs: HashMap<i64, HashSet<String>> = HashMap::new();
        {
            let mut st = self
                .conn
                .prepare("SELECT entity, doc, COUNT(*) FROM mentions GROUP BY entity, doc")?;
            for row in st.query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })? {
                let (e, doc, n) = row?;
                let c = canon.get(e);
                *mentions.entry(c).or_default() += n as usize;
                docs.entry(c).or_default().insert(doc);
            }
            let mut st = self
                .conn
                .prepare("SELECT DISTINCT entity, doc FROM doc_entities")?;
            for row in st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
                let (e, doc) = row?;
                docs.entry(canon.get(e)).or_default().insert(doc);
            }
        }
        let mut st = self
            .conn
            .prepare("SELECT id, type, name FROM entities WHERE merged_into IS NULL")?;
        let mut out = Vec::new();
        for row in st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })? {
            let (id, t, name) = row?;
            let etype = EntityType::from_str(&t).map_err(|_| bad("entity type", &t))?;
            let aliases = aliases
                .remove(&id)
                .unwrap_or_default()
                .into_iter()
                .filter(|(n, _)| *n != name)
                .map(|(name, d)| AliasRecord {
                    name,
                    documents: d.into_iter().collect(),
                })
                .collect();
            out.push(EntityRecord {
                id,
                etype,
                name,
                aliases,
                mention_count: mentions.get(&id).copied().unwrap_or(0),
                document_count: docs.get(&id).map_or(0, HashSet::len),
            });
        }
        out.sort_by(|a, b| {
            b.mention_count
                .cmp(&a.mention_count)
                .then(b.document_count.cmp(&a.document_count))
                .then_with(|| a.name.cmp(&b.name))
                .then(a.id.cmp(&b.id))
        });
        Ok(out)
    }

    fn all_events(&self, canon: &Canon) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
        let raw = self.event_rows(None, &mut |e| Ok(canon.get(e)))?;
        Ok(Self::group_events(raw))
    }

    /// Event rows (with their document) of the events `ids` (an SQL list)
    /// or of all, in id order, participants mapped through `canon`.
    fn event_rows(
        &self,
        ids: Option<&str>,
        canon: &mut dyn FnMut(i64) -> Result<i64>,
    ) -> Result<Vec<(EventRecord, String)>> {
        let mut evidence = self.evidence_where("event_evidence", "event", "events", ids)?;
        let mut participants: HashMap<i64, Vec<ParticipantRecord>> = HashMap::new();
        let where_part = ids.map_or(String::new(), |l| format!("WHERE p.event IN ({l})"));
        let parts: Vec<(i64, String, i64)> = self
            .conn
            .prepare(&format!(
                "SELECT p.event, p.role, d.entity FROM event_participants p JOIN doc_entities d ON d.id = p.doc_entity \
                 {where_part} ORDER BY p.rowid"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for (ev, role, e) in parts {
            let role = Role::from_str(&role).map_err(|_| bad("role", &role))?;
            let p = ParticipantRecord {
                role,
                entity: canon(e)?,
            };
            let list = participants.entry(ev).or_default();
            if !list.contains(&p) {
                list.push(p);
            }
        }
        let where_id = ids.map_or(String::new(), |l| format!("WHERE id IN ({l})"));
        let mut st = self.conn.prepare(&format!(
            "SELECT id, doc, type, trigger, attempted, date, fatalities, injured, modality, confidence, credibility \
             FROM events {where_id} ORDER BY id"
        ))?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<u32>>(6)?,
                r.get::<_, Option<u32>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, f64>(9)?,
                r.get::<_, u8>(10)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (
                id,
                doc,
                t,
                trigger,
                attempted,
                date,
                fatalities,
                injured,
                modality,
                confidence,
                credibility,
            ) = row?;
            let etype = EventType::from_str(&t).map_err(|_| bad("event type", &t))?;
            out.push((
                EventRecord {
                    id,
                    etype,
                    trigger,
                    attempted,
                    date,
                    participants: participants.remove(&id).unwrap_or_default(),
                    fatalities,
                    injured,
                    modality,
                    confidence: confidence as f32,
                    credibility,
                    evidence: evidence.remove(&id).unwrap_or_default(),
                },
                doc,
            ));
        }
        Ok(out)
    }

    /// Cross-document aggregation: one happening told by several documents
    /// (see `same_happening`). Candidates are bucketed by type, flag and
    /// date; `raw` is in event id order.
    fn group_events(raw: Vec<(EventRecord, String)>) -> Vec<(EventRecord, BTreeSet<String>)> {
        let mut groups: Vec<(EventRecord, BTreeSet<String>, Claims)> = Vec::new();
        let mut buckets: HashMap<(EventType, bool, String), Vec<usize>> = HashMap::new();
        for (ev, doc) in raw {
            let bucket = ev
                .date
                .as_ref()
                .map(|d| (ev.etype, ev.attempted, d.clone()));
            let slot = bucket
                .as_ref()
                .and_then(|b| buckets.get(b))
                .and_then(|cands| {
                    cands
                        .iter()
                        .copied()
                        .find(|&i| !groups[i].1.contains(&doc) && same_happening(&groups[i].0, &ev))
                });
            if slot.is_none() {
                if let Some(b) = bucket {
                    buckets.entry(b).or_default().push(groups.len());
                }
            }
            match slot {
                None => {
                    let claims = vec![(doc.clone(), ev.credibility)];
                    groups.push((ev, BTreeSet::from([doc]), claims));
                }
                Some(i) => {
                    let (g, docs, claims) = &mut groups[i];
                    docs.insert(doc.clone());
                    claims.push((doc, ev.credibility));
                    for p in ev.participants {
                        if !g.participants.contains(&p) {
                            g.participants.push(p);
                        }
                    }
                    g.fatalities = g.fatalities.max(ev.fatalities);
                    g.injured = g.injured.max(ev.injured);
                    if ev.credibility < g.credibility {
                        g.modality = ev.modality;
                    }
                    g.confidence = g.confidence.max(ev.confidence);
                    g.credibility = g.credibility.min(ev.credibility);
                    g.evidence.extend(ev.evidence);
                }
            }
        }
        groups
            .into_iter()
            .map(|(mut g, docs, claims)| {
                let c: Vec<(&str, u8)> = claims.iter().map(|(d, c)| (d.as_str(), *c)).collect();
                g.credibility = grading::aggregate(&c);
                (g, docs)
            })
            .collect()
    }

    /// Aggregates the relation rows `sql` selects (in id order).
    fn relations_from(
        &self,
        sql: &str,
        canon: &mut dyn FnMut(i64) -> Result<i64>,
        evidence: &mut dyn FnMut(i64) -> Result<Vec<EvidenceRecord>>,
    ) -> Result<Vec<RelationRecord>> {
        let mut st = self.conn.prepare(sql)?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, f64>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, u8>(7)?,
            ))
        })?;
        let mut groups: Vec<(RelationRecord, Vec<(String, u8)>)> = Vec::new();
        let mut index: HashMap<(RelationType, i64, i64), usize> = HashMap::new();
        for row in rows {
            let (id, doc, t, s, tg, conf, date, cred) = row?;
            let rtype = RelationType::from_str(&t).map_err(|_| bad("relation type", &t))?;
            let (s, tg) = (canon(s)?, canon(tg)?);
            if s == tg {
                continue;
            }
            let key = if rtype.is_symmetric() {
                (rtype, s.min(tg), s.max(tg))
            } else {
                (rtype, s, tg)
            };
            let ev = evidence(id)?;
            match index.get(&key) {
                Some(&i) => {
                    let (g, claims) = &mut groups[i];
                    g.confidence = g.confidence.max(conf as f32);
                    if g.date.is_none() {
                        g.date = date;
                    }
                    for e in ev {
                        if !g.evidence.contains(&e) {
                            g.evidence.push(e);
                        }
                    }
                    claims.push((doc, cred));
                }
                None => {
                    index.insert(key, groups.len());
                    groups.push((
                        RelationRecord {
                            id,
                            rtype,
                            source: s,
                            target: tg,
                            confidence: conf as f32,
                            date,
                            credibility: cred,
                            evidence: ev,
                            source_count: 0,
                        },
                        vec![(doc, cred)],
                    ));
                }
            }
        }
        let mut out: Vec<RelationRecord> = groups
            .into_iter()
            .map(|(mut g, claims)| {
                let c: Vec<(&str, u8)> = claims.iter().map(|(d, c)| (d.as_str(), *c)).collect();
                g.credibility = grading::aggregate(&c);
                g.source_count = claims
                    .iter()
                    .map(|c| c.0.as_str())
                    .collect::<HashSet<_>>()
                    .len();
                g
            })
            .collect();
        out.sort_by(|a, b| b.source_count.cmp(&a.source_count).then(a.id.cmp(&b.id)));
        Ok(out)
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
        let v: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entity_stats')",
            [],
            |r| r.get(0),
        )?;
        self.indexed.set(Some(v));
        Ok(v)
    }

    /// The canonical entity of `entity` and its merge group as an SQL list.
    fn member_list(&self, entity: i64) -> Result<Option<(i64, String)>> {
        let Some(c) = index::canonical(&self.conn, entity)? else {
            return Ok(None);
        };
        let list = index::members(&self.conn, c)?
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        Ok(Some((c, list)))
    }

    /// Events given by id (in id order), with canonical participants.
    fn load_events(
        &self,
        ids: &[i64],
        memo: &mut HashMap<i64, i64>,
    ) -> Result<Vec<(EventRecord, String)>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(10_000) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            out.extend(self.event_rows(Some(&list), &mut |e| self.canon_memo(memo, e))?);
        }
        Ok(out)
    }

    /// The aggregated events with `entity` as a participant, read through
    /// the indexes: the entity's own events, and per (type, flag, date)
    /// bucket of theirs the events connected to them through shared actors
    /// (the only ones aggregation can group with them), so that the records
    /// are exactly those of the whole-base aggregation.
    fn entity_events(&self, entity: i64) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
        let version: i64 = self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let stamp = (entity, version, self.writes);
        if let Some((k, v)) = self.events_cache.borrow().as_ref() {
            if *k == stamp {
                return Ok(v.clone());
            }
        }
        let v = self.entity_events_uncached(entity)?;
        *self.events_cache.borrow_mut() = Some((stamp, v.clone()));
        Ok(v)
    }

    fn entity_events_uncached(&self, entity: i64) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
        let Some((want, list)) = self.member_list(entity)? else {
            return Ok(Vec::new());
        };
        let mut memo = HashMap::new();
        let seeds = format!(
            "SELECT e.id FROM doc_entities d JOIN event_participants p ON p.doc_entity = d.id \
             JOIN events e ON e.id = p.event WHERE d.entity IN ({list})"
        );
        let mut chosen: BTreeSet<i64> = self
            .conn
            .prepare(&format!(
                "SELECT id FROM events WHERE id IN ({seeds}) AND date IS NULL"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        // Every event of the dated seeds' (type, flag, date) buckets, with
        // its participants.
        let rows: Vec<(i64, String, bool, String, String, i64)> = self
            .conn
            .prepare(&format!(
                "SELECT o.id, o.type, o.attempted, o.date, p.role, d.entity FROM events o \
                 JOIN event_participants p ON p.event = o.id JOIN doc_entities d ON d.id = p.doc_entity \
                 WHERE (o.type, o.attempted, o.date) IN \
                 (SELECT type, attempted, date FROM events WHERE id IN ({seeds}) AND date IS NOT NULL) \
                 ORDER BY o.id"
            ))?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })?
            .collect::<std::result::Result<_, _>>()?;
        // bucket → event id → (actors, whether `want` takes part)
        type Bucket = BTreeMap<i64, (HashSet<i64>, bool)>;
        let mut buckets: HashMap<(String, bool, String), Bucket> = HashMap::new();
        for (id, t, attempted, date, role, e) in rows {
            let c = self.canon_memo(&mut memo, e)?;
            let slot = buckets
                .entry((t, attempted, date))
                .or_default()
                .entry(id)
                .or_default();
            slot.1 |= c == want;
            if role != Role::Location.as_str() {
                slot.0.insert(c);
            }
        }
        for bucket in buckets.values() {
            let info: Vec<(&i64, &(HashSet<i64>, bool))> = bucket.iter().collect();
            let mut inside: Vec<bool> = info.iter().map(|i| i.1 .1).collect();
            let mut actors: HashSet<i64> = HashSet::new();
            loop {
                for (k, (_, (a, _))) in info.iter().enumerate() {
                    if inside[k] {
                        actors.extend(a.iter().copied());
                    }
                }
                let mut grew = false;
                for (k, (_, (a, _))) in info.iter().enumerate() {
                    if !inside[k] && a.iter().any(|x| actors.contains(x)) {
                        inside[k] = true;
                        grew = true;
                    }
                }
                if !grew {
                    break;
                }
            }
            chosen.extend(
                info.iter()
                    .zip(inside)
                    .filter(|(_, k)| *k)
                    .map(|((id, _), _)| **id),
            );
        }
        let chosen: Vec<i64> = chosen.into_iter().collect();
        let raw = self.load_events(&chosen, &mut memo)?;
        Ok(Self::group_events(raw)
            .into_iter()
            .filter(|(e, _)| e.participants.iter().any(|p| p.entity == want))
            .collect())
    }

    /// The aggregated relations touching `entity` (indexed).
    fn entity_relations(&self, entity: i64) -> Result<Vec<RelationRecord>> {
        let Some((_, list)) = self.member_list(entity)? else {
            return Ok(Vec::new());
        };
        let ids = format!(
            "SELECT x.id FROM doc_entities d JOIN relations x ON x.source = d.id WHERE d.entity IN ({list}) \
             UNION SELECT x.id FROM doc_entities d JOIN relations x ON x.target = d.id WHERE d.entity IN ({list})"
        );
        let sql = format!(
            "SELECT r.id, r.doc, r.type, s.entity, t.entity, r.confidence, r.date, r.credibility \
             FROM relations r JOIN doc_entities s ON s.id = r.source JOIN doc_entities t ON t.id = r.target \
             WHERE r.id IN ({ids}) ORDER BY r.id"
        );
        let mut evidence =
            self.evidence_where("relation_evidence", "relation", "relations", Some(&ids))?;
        let mut memo = HashMap::new();
        self.relations_from(&sql, &mut |id| self.canon_memo(&mut memo, id), &mut |id| {
            Ok(evidence.remove(&id).unwrap_or_default())
        })
    }

    /// The aggregated attributes of `entity` (indexed).
    fn entity_attributes(&self, entity: i64) -> Result<Vec<AttributeRecord>> {
        let Some((_, list)) = self.member_list(entity)? else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT a.id, a.doc, d.entity, a.name, a.value, a.date, a.confidence, a.credibility \
             FROM attributes a JOIN doc_entities d ON d.id = a.doc_entity WHERE d.entity IN ({list}) ORDER BY a.id"
        );
        let ids = format!(
            "SELECT a.id FROM attributes a JOIN doc_entities d ON d.id = a.doc_entity WHERE d.entity IN ({list})"
        );
        let mut evidence =
            self.evidence_where("attribute_evidence", "attribute", "attributes", Some(&ids))?;
        let mut memo = HashMap::new();
        self.attributes_from(&sql, &mut |id| self.canon_memo(&mut memo, id), &mut |id| {
            Ok(evidence.remove(&id).unwrap_or_default())
        })
    }

    fn all_attributes(&self, canon: &Canon) -> Result<Vec<AttributeRecord>> {
        let mut evidence = self.evidence_map("attribute_evidence", "attribute", "attributes")?;
        self.attributes_from(
            "SELECT a.id, a.doc, d.entity, a.name, a.value, a.date, a.confidence, a.credibility \
             FROM attributes a JOIN doc_entities d ON d.id = a.doc_entity ORDER BY a.id",
            &mut |id| Ok(canon.get(id)),
            &mut |id| Ok(evidence.remove(&id).unwrap_or_default()),
        )
    }

    /// Aggregates the attribute rows `sql` selects (in id order).
    fn attributes_from(
        &self,
        sql: &str,
        canon: &mut dyn FnMut(i64) -> Result<i64>,
        evidence: &mut dyn FnMut(i64) -> Result<Vec<EvidenceRecord>>,
    ) -> Result<Vec<AttributeRecord>> {
        let mut st = self.conn.prepare(sql)?;
        let mut groups: Vec<(AttributeRecord, Vec<(String, u8)>)> = Vec::new();
        let mut index: HashMap<(i64, String, String, Option<String>), usize> = HashMap::new();
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, f64>(6)?,
                r.get::<_, u8>(7)?,
            ))
        })?;
        for row in rows {
            let (id, doc, e, name, value, date, confidence, credibility) = row?;
            let entity = canon(e)?;
            let key = (entity, name.clone(), normalize_value(&value), date.clone());
            let ev = evidence(id)?;
            match index.get(&key) {
                Some(&i) => {
                    let (g, claims) = &mut groups[i];
                    g.confidence = g.confidence.max(confidence as f32);
                    g.evidence.extend(ev);
                    claims.push((doc, credibility));
                }
                None => {
                    index.insert(key, groups.len());
                    groups.push((
                        AttributeRecord {
                            id,
                            entity,
                            name,
                            value,
                            date,
                            confidence: confidence as f32,
                            credibility,
                            evidence: ev,
                        },
                        vec![(doc, credibility)],
                    ));
                }
            }
        }
        Ok(groups
            .into_iter()
            .map(|(mut g, claims)| {
                let c: Vec<(&str, u8)> = claims.iter().map(|(d, c)| (d.as_str(), *c)).collect();
                g.credibility = grading::aggregate(&c);
                g
            })
            .collect())
    }

    fn undo_merge(tx: &Connection, a: i64, b: i64) -> Result<()> {
        let changed = tx.execute(
            "UPDATE entities SET merged_into = NULL WHERE id = ?1 AND merged_into = ?2",
            [b, a],
        )?;
        if changed == 0 {
            return Err(KbError::Invalid(format!(
                "entity {b} is no longer merged into {a}"
            )));
        }
        Ok(())
    }
}

/// Whether two events of the same type and date are one happening: a
/// shared actor, agents and targets not disjoint where both name them,
/// places not disjoint where both name them; a date of year precision only
/// (or fuzzy) needs exactly the same actors.
fn same_happening(a: &EventRecord, b: &EventRecord) -> bool {
    let (aa, ab) = (actor_set(a), actor_set(b));
    if aa.is_disjoint(&ab) {
        return false;
    }
    for role in [Role::Agent, Role::Target] {
        let x: HashSet<i64> = a
            .participants
            .iter()
            .filter(|p| p.role == role)
            .map(|p| p.entity)
            .collect();
        let y: HashSet<i64> = b
            .participants
            .iter()
            .filter(|p| p.role == role)
            .map(|p| p.entity)
            .collect();
        if !x.is_empty() && !y.is_empty() && x.is_disjoint(&y) {
            return false;
        }
    }
    let (la, lb) = (location_set(a), location_set(b));
    if !la.is_empty() && !lb.is_empty() && la.is_disjoint(&lb) {
        return false;
    }
    let precise = a
        .date
        .as_deref()
        .is_some_and(|d| d.len() >= 7 && d.chars().all(|c| c.is_ascii_digit() || c == '-'));
    precise || aa == ab
}

/// The non-location participants of an event.
fn actor_set(e: &EventRecord) -> HashSet<i64> {
    e.participants
        .iter()
        .filter(|p| p.role != Role::Location)
        .map(|p| p.entity)
        .collect()
}

fn location_set(e: &EventRecord) -> HashSet<i64> {
    e.participants
        .iter()
        .filter(|p| p.role == Role::Location)
        .map(|p| p.entity)
        .collect()
}

/// Attribute values compared case- and space-insensitively.
fn normalize_value(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A number at the start of a value (`20~` → 20, `about 14` → None).
fn leading_number(v: &str) -> Option<f64> {
    let t: String = v
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
        .filter(|c| *c != ',')
        .collect();
    t.parse().ok()
}

/// Whether two values of attribute `name` can both be right at once.
fn values_compatible(name: &str, a: &str, b: &str) -> bool {
    if normalize_value(a) == normalize_value(b) {
        return true;
    }
    let date_like = name == "founded"
        || name.ends_with("_date")
        || name.ends_with("_on")
        || name == "dissolved";
    if date_like {
        if let Some(o) = edtf::overlaps(a, b) {
            return o;
        }
    }
    match (leading_number(a), leading_number(b)) {
        (Some(x), Some(y)) => (x - y).abs() < f64::EPSILON,
        _ => false,
    }
}

/// Builds a safe FTS5 query: every whitespace-separated word becomes a
/// quoted phrase (so `"`, `*`, `(`, `-`, `NEAR`, `AND` lose any special
/// meaning), a trailing `*` is kept as a prefix search, and words without a
/// letter or digit are dropped. All words must match.
pub(crate) fn fts_query(input: &str) -> String {
    let mut parts = Vec::new();
    for word in input.split_whitespace() {
        let prefix = word.ends_with('*');
        let core: String = word.chars().filter(|c| *c != '"' && *c != '*').collect();
        if !core.chars().any(char::is_alphanumeric) {
            continue;
        }
        parts.push(format!("\"{}\"{}", core, if prefix { "*" } else { "" }));
    }
    parts.join(" ")
}

/// A document row (`id, title, published, source, url, path, reliability,
/// sentence count`) as a record.
fn document_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: r.get(0)?,
        title: r.get(1)?,
        published: r.get(2)?,
        source: r.get(3)?,
        url: r.get(4)?,
        path: r.get(5)?,
        reliability: r
            .get::<_, String>(6)?
            .chars()
            .next()
            .unwrap_or(grading::DEFAULT_RELIABILITY),
        sentences: r.get::<_, i64>(7)? as usize,
    })
}

struct Incoming {
    profile: Profile,
    /// Names stored as aliases (all names, with short forms for persons).
    alias_names: Vec<String>,
}

impl Store for SqliteStore {
    fn ingest(&mut self, doc: &Doc, opts: &IngestOptions) -> Result<IngestOutcome> {
        self.writes += 1;
        retry_busy(|| self.ingest_once(doc, opts))
    }

    fn documents(&self) -> Result<Vec<DocumentRecord>> {
        let mut st = self.conn.prepare(
            "SELECT d.id, d.title, d.published, d.source, d.url, d.path, d.reliability, \
             (SELECT COUNT(*) FROM sentences s WHERE s.doc = d.id) FROM documents d ORDER BY d.rowid",
        )?;
        let rows = st.query_map([], document_row)?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn document(&self, id: &str) -> Result<Option<DocumentRecord>> {
        let mut st = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.published, d.source, d.url, d.path, d.reliability, \
             (SELECT COUNT(*) FROM sentences s WHERE s.doc = d.id) FROM documents d WHERE d.id = ?1",
        )?;
        Ok(st.query_row([id], document_row).optional()?)
    }

    fn sentences(&self, id: &str) -> Result<Vec<SentenceRecord>> {
        let exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(KbError::NotFound(format!("document {id}")));
        }
        let mut st = self.conn.prepare_cached(
            "SELECT idx, start, \"end\", text FROM sentences WHERE doc = ?1 ORDER BY idx",
        )?;
        let rows = st.query_map([id], |r| {
            Ok(SentenceRecord {
                index: r.get::<_, i64>(0)? as usize,
                start: r.get::<_, i64>(1)? as usize,
                end: r.get::<_, i64>(2)? as usize,
                text: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn entities(&self, filter: &EntityFilter) -> Result<Vec<EntityRecord>> {
        let needle = filter
            .search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let (lower, key) = (needle.map(str::to_lowercase), needle.map(name_key));
        Ok(self
            .all_entities()?
            .into_iter()
            .filter(|e| filter.etype.is_none() || filter.etype == Some(e.etype))
            .filter(|e| match (&lower, &key) {
                (Some(l), Some(k)) => std::iter::once(&e.name)
                    .chain(e.aliases.iter().map(|a| &a.name))
                    .any(|n| {
                        n.to_lowercase().contains(l.as_str())
                            || (!k.is_empty() && name_key(n).contains(k.as_str()))
                    }),
                _ => true,
            })
            .collect())
    }

    fn entity(&self, id: i64) -> Result<Option<EntityRecord>> {
        let Some(c) = index::canonical(&self.conn, id)? else {
            return Ok(None);
        };
        let members = index::members(&self.conn, c)?;
        let (t, name): (String, String) = self
            .conn
            .prepare_cached("SELECT type, name FROM entities WHERE id = ?1")?
            .query_row([c], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let etype = EntityType::from_str(&t).map_err(|_| bad("entity type", &t))?;
        let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut mention_count = 0i64;
        let mut docs: HashSet<String> = HashSet::new();
        let mut st_alias = self
            .conn
            .prepare_cached("SELECT name, document FROM aliases WHERE entity = ?1")?;
        let mut st_count = self
            .conn
            .prepare_cached("SELECT COUNT(*) FROM mentions WHERE entity = ?1")?;
        let mut st_docs = self.conn.prepare_cached(
            "SELECT doc FROM mentions WHERE entity = ?1 UNION SELECT doc FROM doc_entities WHERE entity = ?1",
        )?;
        for &m in &members {
            for row in st_alias.query_map([m], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })? {
                let (n, d) = row?;
                aliases.entry(n).or_default().insert(d);
            }
        }
        // One store entity (no merge): the counts ingest keeps.
        let kept = match members.as_slice() {
            [one] if self.indexed()? => Some((
                index::stat(&self.conn, *one, "m")?.unwrap_or(0),
                index::stat(&self.conn, *one, "d")?.unwrap_or(0),
            )),
            _ => None,
        };
        let (mention_count, document_count) = match kept {
            Some(counts) => counts,
            None => {
                for &m in &members {
                    mention_count += st_count.query_row([m], |r| r.get::<_, i64>(0))?;
                    for d in st_docs.query_map([m], |r| r.get::<_, String>(0))? {
                        docs.insert(d?);
                    }
                }
                (mention_count, docs.len() as i64)
            }
        };
        Ok(Some(EntityRecord {
            id: c,
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
        }))
    }

    fn find_entities(&self, name: &str) -> Result<Vec<EntityRecord>> {
        let q = resolve::NameKeys::new(name);
        if q.key.is_empty() {
            return Ok(Vec::new());
        }
        let lower = name.trim().to_lowercase();
        let acr: String = name
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        // Every distinct name of every store entity (not their documents).
        let sql = if self.indexed()? {
            "SELECT entity, name FROM entity_names UNION SELECT id, name FROM entities"
        } else {
            "SELECT entity, name FROM aliases UNION SELECT id, name FROM entities"
        };
        let mut best: HashMap<i64, u8> = HashMap::new();
        {
            let mut st = self.conn.prepare(sql)?;
            let rows = st.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (id, n) = row?;
                let substring = n.to_lowercase().contains(&lower);
                let k = resolve::name_key(&n);
                let rank = if k == q.key {
                    Some(0)
                } else if translit_key(&n) == q.translit {
                    Some(1)
                } else if q.acronym
                    && resolve::name_tokens(&n).len() >= 2
                    && resolve::initials(&n).contains(&acr)
                {
                    Some(2)
                } else if substring || k.contains(&q.key) {
                    Some(3)
                } else {
                    None
                };
                if let Some(rank) = rank {
                    let slot = best.entry(id).or_insert(rank);
                    *slot = (*slot).min(rank);
                }
            }
        }
        let mut canon_rank: BTreeMap<i64, u8> = BTreeMap::new();
        let mut memo = HashMap::new();
        for (id, rank) in best {
            let c = self.canon_memo(&mut memo, id)?;
            let slot = canon_rank.entry(c).or_insert(rank);
            *slot = (*slot).min(rank);
        }
        let mut scored: Vec<(u8, EntityRecord)> = Vec::with_capacity(canon_rank.len());
        for (c, rank) in canon_rank {
            if let Some(e) = self.entity(c)? {
                scored.push((rank, e));
            }
        }
        scored.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(b.1.mention_count.cmp(&a.1.mention_count))
                .then(a.1.id.cmp(&b.1.id))
        });
        Ok(scored.into_iter().map(|s| s.1).collect())
    }

    fn relations(&self, entity: Option<i64>) -> Result<Vec<RelationRecord>> {
        if let Some(e) = entity {
            return self.entity_relations(e);
        }
        let canon = Canon::load(&self.conn)?;
        let mut evidence = self.evidence_map("relation_evidence", "relation", "relations")?;
        self.relations_from(
            "SELECT r.id, r.doc, r.type, s.entity, t.entity, r.confidence, r.date, r.credibility \
             FROM relations r JOIN doc_entities s ON s.id = r.source JOIN doc_entities t ON t.id = r.target ORDER BY r.id",
            &mut |id| Ok(canon.get(id)),
            &mut |id| Ok(evidence.remove(&id).unwrap_or_default()),
        )
    }

    fn events(&self, entity: Option<i64>) -> Result<Vec<EventRecord>> {
        if let Some(e) = entity {
            return Ok(self.entity_events(e)?.into_iter().map(|(e, _)| e).collect());
        }
        let canon = Canon::load(&self.conn)?;
        Ok(self
            .all_events(&canon)?
            .into_iter()
            .map(|(e, _)| e)
            .collect())
    }

    fn attributes(&self, entity: Option<i64>) -> Result<Vec<AttributeRecord>> {
        if let Some(e) = entity {
            return self.entity_attributes(e);
        }
        let canon = Canon::load(&self.conn)?;
        self.all_attributes(&canon)
    }

    fn contradictions(&self, entity: Option<i64>) -> Result<Vec<Contradiction>> {
        let (want, attributes, events) = match entity {
            Some(e) => (
                Some(index::canonical(&self.conn, e)?.unwrap_or(e)),
                self.entity_attributes(e)?,
                self.entity_events(e)?,
            ),
            None => {
                let canon = Canon::load(&self.conn)?;
                (None, self.all_attributes(&canon)?, self.all_events(&canon)?)
            }
        };
        let mut out = Vec::new();
        // Attribute values that cannot all hold.
        let mut by_key: BTreeMap<(i64, String), Vec<AttributeRecord>> = BTreeMap::new();
        for a in attributes {
            if MULTI_VALUED.contains(&a.name.as_str()) {
                continue;
            }
            by_key
                .entry((a.entity, a.name.clone()))
                .or_default()
                .push(a);
        }
        for ((e, name), values) in by_key {
            if want.is_some_and(|w| w != e) || values.len() < 2 {
                continue;
            }
            let conflict = values.iter().enumerate().any(|(i, a)| {
                values[i + 1..]
                    .iter()
                    .any(|b| !values_compatible(&name, &a.value, &b.value))
            });
            if conflict {
                out.push(Contradiction {
                    entity: e,
                    what: name,
                    values,
                });
            }
        }
        // The same happening (same type, same actors, a compatible place)
        // told with incompatible dates by different documents.
        // Candidate pairs: foundings sharing an actor; other happenings with
        // the very same actors, at a shared place or with one naming none
        // (a lone actor always needs a shared place). The checks below decide.
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        {
            let all_pairs = |list: &[usize], pairs: &mut BTreeSet<(usize, usize)>| {
                for (k, &i) in list.iter().enumerate() {
                    for &j in &list[k + 1..] {
                        pairs.insert((i.min(j), i.max(j)));
                    }
                }
            };
            let mut by_actor: HashMap<(EventType, i64), Vec<usize>> = HashMap::new();
            let mut by_set: HashMap<(EventType, Vec<i64>), Vec<usize>> = HashMap::new();
            for (i, (e, _)) in events.iter().enumerate() {
                if e.date.is_none() {
                    continue;
                }
                if e.etype == EventType::Founding {
                    for x in actor_set(e) {
                        by_actor.entry((e.etype, x)).or_default().push(i);
                    }
                } else {
                    let mut set: Vec<i64> = actor_set(e).into_iter().collect();
                    if set.is_empty() {
                        continue;
                    }
                    set.sort_unstable();
                    by_set.entry((e.etype, set)).or_default().push(i);
                }
            }
            for list in by_actor.values() {
                all_pairs(list, &mut pairs);
            }
            for ((_, set), list) in &by_set {
                let mut by_place: HashMap<i64, Vec<usize>> = HashMap::new();
                let mut placeless = Vec::new();
                for &i in list {
                    let places = location_set(&events[i].0);
                    if places.is_empty() {
                        placeless.push(i);
                    }
                    for p in places {
                        by_place.entry(p).or_default().push(i);
                    }
                }
                for l in by_place.values() {
                    all_pairs(l, &mut pairs);
                }
                if set.len() >= 2 {
                    for &i in &placeless {
                        for &j in list {
                            if i != j {
                                pairs.insert((i.min(j), i.max(j)));
                            }
                        }
                    }
                }
            }
        }
        for (i, j) in pairs {
            let ((a, da), (b, db)) = (&events[i], &events[j]);
            {
                if a.etype != b.etype || !da.is_disjoint(db) {
                    continue;
                }
                let (Some(x), Some(y)) = (&a.date, &b.date) else {
                    continue;
                };
                if edtf::overlaps(x, y) != Some(false) {
                    continue;
                }
                let (aa, ab) = (actor_set(a), actor_set(b));
                let shared: BTreeSet<i64> = aa.intersection(&ab).copied().collect();
                let union = aa.union(&ab).count();
                // A group is founded once: any shared actor makes two foundings
                // one happening. Repeatable happenings need the very same actors
                // (two or more, or one at a shared place).
                // A lone actor also needs a shared place.
                let (la, lb) = (location_set(a), location_set(b));
                let shared_place = !la.is_disjoint(&lb);
                let same_actors = !shared.is_empty()
                    && (a.etype == EventType::Founding
                        || (shared.len() == union && (union >= 2 || shared_place)));
                let same_place = la.is_empty() || lb.is_empty() || shared_place;
                if !same_actors || !same_place {
                    continue;
                }
                if want.is_some_and(|w| !shared.contains(&w)) {
                    continue;
                }
                let agent = a
                    .participants
                    .iter()
                    .find(|p| p.role == Role::Agent && shared.contains(&p.entity))
                    .map(|p| p.entity)
                    .or_else(|| shared.iter().next().copied())
                    .unwrap_or_default();
                let what = format!("{} date", a.etype);
                let as_attr = |e: &EventRecord| AttributeRecord {
                    id: e.id,
                    entity: agent,
                    name: what.clone(),
                    value: e.date.clone().unwrap_or_default(),
                    date: e.date.clone(),
                    confidence: e.confidence,
                    credibility: e.credibility,
                    evidence: e.evidence.clone(),
                };
                out.push(Contradiction {
                    entity: agent,
                    what: what.clone(),
                    values: vec![as_attr(a), as_attr(b)],
                });
            }
        }
        Ok(out)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = fts_query(query);
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut st = self.conn.prepare(
            "SELECT s.doc, d.title, s.idx, s.text, highlight(sentence_fts, 0, '[', ']') \
             FROM sentence_fts JOIN sentences s ON s.id = sentence_fts.rowid JOIN documents d ON d.id = s.doc \
             WHERE sentence_fts MATCH ?1 ORDER BY bm25(sentence_fts), s.id LIMIT ?2",
        )?;
        let rows = st.query_map(params![q, limit.min(i64::MAX as usize) as i64], |r| {
            Ok(SearchHit {
                document: r.get(0)?,
                title: r.get(1)?,
                sentence: r.get::<_, i64>(2)? as usize,
                text: r.get(3)?,
                highlighted: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn merge(&mut self, a: i64, b: i64) -> Result<()> {
        self.writes += 1;
        let canon = Canon::load(&self.conn)?;
        for id in [a, b] {
            if !canon.exists(id) {
                return Err(KbError::NotFound(format!("entity {id}")));
            }
        }
        let (ca, cb) = (canon.get(a), canon.get(b));
        if ca == cb {
            return Err(KbError::Invalid(format!(
                "entities {a} and {b} are already the same entity ({ca})"
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE entities SET merged_into = ?1 WHERE id = ?2",
            [ca, cb],
        )?;
        tx.execute(
            "INSERT INTO overrides (kind, a, b) VALUES ('merge', ?1, ?2)",
            [ca, cb],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn split(&mut self, entity: i64, alias: &str) -> Result<i64> {
        self.writes += 1;
        let canon = Canon::load(&self.conn)?;
        if !canon.exists(entity) {
            return Err(KbError::NotFound(format!("entity {entity}")));
        }
        let e = canon.get(entity);
        let members = canon.members(e);
        let tk = translit_key(alias);
        if tk.is_empty() {
            return Err(KbError::Invalid(format!("'{alias}' is not a name")));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let in_list = members
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let alias_rows: Vec<(i64, String)> = tx
            .prepare(&format!(
                "SELECT id, name FROM aliases WHERE entity IN ({in_list})"
            ))?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<std::result::Result<_, _>>()?;
        let (moving, staying): (Vec<_>, Vec<_>) =
            alias_rows.iter().partition(|(_, n)| translit_key(n) == tk);
        let Some((_, written)) = moving.first() else {
            return Err(KbError::NotFound(format!("alias '{alias}' of entity {e}")));
        };
        if staying.is_empty() {
            return Err(KbError::Invalid(format!(
                "'{alias}' is the only name of entity {e}: nothing to split from"
            )));
        }
        let etype: String =
            tx.query_row("SELECT type FROM entities WHERE id = ?1", [e], |r| r.get(0))?;
        tx.execute(
            "INSERT INTO entities (type, name, key) VALUES (?1, ?2, ?3)",
            params![etype, written, name_key(written)],
        )?;
        let n = tx.last_insert_rowid();
        for (id, _) in &moving {
            tx.execute("UPDATE aliases SET entity = ?1 WHERE id = ?2", [n, *id])?;
        }
        let move_by_text = |table: &str, col: &str| -> Result<()> {
            let rows: Vec<(i64, String)> = tx
                .prepare(&format!(
                    "SELECT id, {col} FROM {table} WHERE entity IN ({in_list})"
                ))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<std::result::Result<_, _>>()?;
            for (id, text) in rows {
                if translit_key(&text) == tk {
                    tx.execute(
                        &format!("UPDATE {table} SET entity = ?1 WHERE id = ?2"),
                        [n, id],
                    )?;
                }
            }
            Ok(())
        };
        move_by_text("mentions", "text")?;
        move_by_text("doc_entities", "name")?;
        let affected: Vec<i64> = members.iter().copied().chain([n]).collect();
        index::rebuild(&tx, &mut self.keys, &affected)?;
        tx.execute(
            "INSERT INTO overrides (kind, a, b, alias, alias_key) VALUES ('split', ?1, ?2, ?3, ?4)",
            params![e, n, alias, tk],
        )?;
        for id in members.iter().copied().chain([n]) {
            let has_docs: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM doc_entities WHERE entity = ?1)",
                [id],
                |r| r.get(0),
            )?;
            if has_docs {
                Self::refresh_entity(&tx, id)?;
            }
        }
        // If the kept entity's own name was the alias, rename it after a remaining alias.
        let cur: String =
            tx.query_row("SELECT name FROM entities WHERE id = ?1", [e], |r| r.get(0))?;
        if translit_key(&cur) == tk {
            if let Some((_, other)) = staying.first() {
                tx.execute(
                    "UPDATE entities SET name = ?1, key = ?2 WHERE id = ?3",
                    params![other, name_key(other), e],
                )?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    fn overrides(&self) -> Result<Vec<OverrideRecord>> {
        let mut st = self.conn.prepare("SELECT id, kind, a, b, alias, created_at, undone_at IS NOT NULL FROM overrides ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, bool>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, a, b, alias, created_at, undone) = row?;
            let kind = match kind.as_str() {
                "merge" => OverrideKind::Merge,
                "split" => OverrideKind::Split,
                other => return Err(bad("override kind", other)),
            };
            out.push(OverrideRecord {
                id,
                kind,
                a,
                b,
                alias,
                created_at,
                undone,
            });
        }
        Ok(out)
    }

    fn undo_override(&mut self, id: i64) -> Result<()> {
        self.writes += 1;
        let row: Option<(String, i64, i64, bool)> = self
            .conn
            .query_row(
                "SELECT kind, a, b, undone_at IS NOT NULL FROM overrides WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        let Some((kind, a, b, undone)) = row else {
            return Err(KbError::NotFound(format!("override {id}")));
        };
        if undone {
            return Err(KbError::Invalid(format!(
                "override {id} was already undone"
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        match kind.as_str() {
            "merge" => Self::undo_merge(&tx, a, b)?,
            _ => {
                // Undo a split: the split-off entity redirects back to the original.
                let canon = Canon::load(&tx)?;
                let (ca, cb) = (canon.get(a), canon.get(b));
                if ca != cb {
                    tx.execute(
                        "UPDATE entities SET merged_into = ?1 WHERE id = ?2",
                        [ca, cb],
                    )?;
                }
            }
        }
        tx.execute(
            "UPDATE overrides SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
            [id],
        )?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
