//! The SQLite implementation of [`Store`]: opening, ownership checks,
//! migrations and FTS5 search. The store logic itself (ingest, resolution,
//! aggregation, merges and splits) is `engine.rs`, shared with the
//! PostgreSQL store.

use crate::engine::{delegate_store, retry_busy, Engine};
use crate::index;
#[allow(unused_imports)] // the names `sqlite_tests.rs` uses
use crate::resolve::{self, resolution_key};
use crate::store::*;
#[allow(unused_imports)]
use dossier_doc::{Doc, EntityType, EventType, MentionKind, Meta, RelationType, Role};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;

/// Schema migrations, in order: migration `i` brings the schema to version `i + 1`.
/// The SQL is in `crates/kb/migrations/` (`sqlite/`, and `shared/` for
/// what both dialects run).
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/sqlite/1_schema.sql"),
    // The resolution index (`index.rs`).
    index::SCHEMA,
    // Analysts' decisions about facts (`review.rs`).
    crate::review::SCHEMA,
    index::SHORT_FORMS,
    // Dated events' participants by (type, flag, date) bucket (`event_actors.rs`).
    crate::event_actors::SQLITE_SCHEMA,
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

/// Prepared statements kept per connection. One ingest runs several dozen
/// distinct statements (resolution, index upkeep, facts, evidence); with
/// rusqlite's default of 16 the cache cycled and most statements were
/// parsed again for every document (about a sixth of the store's time).
const STATEMENT_CACHE: usize = 256;

/// SQLite's page cache per connection, in KiB (`PRAGMA cache_size`, negative:
/// KiB; set once the file is known to be Dossier's). With the default 2 MiB,
/// the system time of 1,000 short reports doubled from an empty base to one
/// of 10,000 (a 232 MB file: 1.7 → 3.4 s) while the user time stayed flat;
/// 32 MiB took a sixth of the system time off at 10,000 (docs/robustness.md).
const PAGE_CACHE_KIB: i64 = 32 * 1024;

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
        let ours = version >= 1
            && crate::sql::DOSSIER_TABLES
                .iter()
                .all(|t| tables.iter().any(|x| x == t));
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

/// A SQLite knowledge base (one file, WAL journal, foreign keys on).
pub struct SqliteStore {
    inner: Engine<Connection>,
}

impl std::ops::Deref for SqliteStore {
    type Target = Engine<Connection>;
    fn deref(&self) -> &Engine<Connection> {
        &self.inner
    }
}

impl std::ops::DerefMut for SqliteStore {
    fn deref_mut(&mut self) -> &mut Engine<Connection> {
        &mut self.inner
    }
}

delegate_store!(SqliteStore);

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
            conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
            // Reading the schema fails here when the WAL index cannot be created.
            check_owner(&conn, &shown)?;
            conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
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
            inner: Engine::new(conn),
        })
    }

    /// Lets this connection read the file through a memory map of up to
    /// `bytes` (`PRAGMA mmap_size`) instead of copying each page it reads
    /// into its own page cache: a read of scattered rows (a profile's events
    /// and evidence, spread over a large base) spends about a fifth less
    /// CPU, most of the system time (reads, page-cache allocations) gone. The mapped pages
    /// count in the process's resident set, so a whole-base read (an
    /// export) is left unmapped. The file must not be truncated meanwhile
    /// (Dossier never shrinks a knowledge base: no `VACUUM`).
    pub fn map_file(&self, bytes: i64) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", bytes)?;
        Ok(())
    }

    /// Sets this connection's page cache to `kib` KiB (`PRAGMA cache_size`;
    /// opening gives every connection 32 MiB, which ingest needs): a read
    /// that streams the whole base once gains little from a large cache,
    /// and it fills it once the file is larger.
    pub fn set_page_cache(&self, kib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -kib.max(1))?;
        Ok(())
    }

    /// A fresh database in memory.
    pub fn open_in_memory() -> Result<Self> {
        Self::init(Connection::open_in_memory()?, ":memory:")
    }

    fn init(mut conn: Connection, shown: &str) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        conn.pragma_update(None, "foreign_keys", true)?;
        let found = check_owner(&conn, shown)?;
        conn.pragma_update(None, "cache_size", -PAGE_CACHE_KIB)?;
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
                        index::rebuild_all(&*tx)?;
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
            inner: Engine::new(conn),
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
        self.inner.canonical(id)
    }

    /// Undoes the active merge that merged `entity` into another entity.
    pub fn unmerge(&mut self, entity: i64) -> Result<()> {
        self.inner.unmerge(entity)
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

#[cfg(test)]
#[path = "sqlite_tests.rs"]
mod tests;
