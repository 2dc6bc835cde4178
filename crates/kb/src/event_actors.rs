//! The bucket table (issue 14, profile latency): every participant of every
//! dated event, keyed by the event's (type, flag, date) bucket, kept at
//! ingest. Aggregation only groups events of one bucket that share actors,
//! so a profile reads each bucket of its entity's events with their actors;
//! through `events` → `event_participants` → `doc_entities` that was three
//! random row look-ups per participant (26,567 rows for the hub of a
//! 10,000-document base, a third of its profile), here it is one range of
//! the table's key (clustered by bucket in SQLite: `WITHOUT ROWID`).
//!
//! The table copies `doc_entities.entity` (not the canonical entity: merges
//! stay in `entities.merged_into`), so it is written where the others are:
//! [`record_document`] after a document's events and participants,
//! [`move_doc_entity`] wherever a document entity changes entity (the
//! re-decided short forms of ingest, an analyst's split), [`forget_document`]
//! before a document's events are deleted. An older base gets the table
//! filled from its events when it is migrated; a base opened read-only
//! before that reads the buckets through the joins ([`has_table`]).

use crate::sql::{args, Db};
use crate::store::Result;

/// The table's name.
pub(crate) const TABLE: &str = "event_actors";

/// The rows of the dated events of document `?1`, for an insert or a fill.
const ROWS_OF_DOCUMENT: &str =
    "SELECT DISTINCT e.type, e.attempted, e.date, e.id, p.role, p.doc_entity, d.entity \
     FROM events e JOIN event_participants p ON p.event = e.id JOIN doc_entities d ON d.id = p.doc_entity \
     WHERE e.doc = ?1 AND e.date IS NOT NULL";

/// The SQLite migration: the table, clustered by bucket, filled from the
/// events already stored (emptied first: a base taken back to an older
/// version by hand is migrated again).
pub(crate) const SQLITE_SCHEMA: &str = "\
CREATE TABLE IF NOT EXISTS event_actors (
    type TEXT NOT NULL,
    attempted INTEGER NOT NULL,
    date TEXT NOT NULL,
    event INTEGER NOT NULL,
    role TEXT NOT NULL,
    doc_entity INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    PRIMARY KEY (type, attempted, date, event, role, doc_entity)
) WITHOUT ROWID;
DELETE FROM event_actors;
INSERT INTO event_actors (type, attempted, date, event, role, doc_entity, entity)
    SELECT DISTINCT e.type, e.attempted, e.date, e.id, p.role, p.doc_entity, d.entity
    FROM events e JOIN event_participants p ON p.event = e.id JOIN doc_entities d ON d.id = p.doc_entity
    WHERE e.date IS NOT NULL;
";

/// The PostgreSQL migration (the same table; its primary key's index
/// serves the bucket reads).
pub(crate) const PG_SCHEMA: &str = "\
CREATE TABLE IF NOT EXISTS event_actors (
    type TEXT NOT NULL,
    attempted BIGINT NOT NULL,
    date TEXT NOT NULL,
    event BIGINT NOT NULL,
    role TEXT NOT NULL,
    doc_entity BIGINT NOT NULL,
    entity BIGINT NOT NULL,
    PRIMARY KEY (type, attempted, date, event, role, doc_entity)
);
DELETE FROM event_actors;
INSERT INTO event_actors (type, attempted, date, event, role, doc_entity, entity)
    SELECT DISTINCT e.type, e.attempted, e.date, e.id, p.role, p.doc_entity, d.entity
    FROM events e JOIN event_participants p ON p.event = e.id JOIN doc_entities d ON d.id = p.doc_entity
    WHERE e.date IS NOT NULL;
";

/// Whether the base has the table (a base of an older schema opened
/// read-only has not).
pub(crate) fn has_table<D: Db + ?Sized>(conn: &D) -> Result<bool> {
    conn.has_table(TABLE)
}

/// Adds the rows of document `doc`'s dated events (called once its events
/// and participants are written).
pub(crate) fn record_document<D: Db + ?Sized>(conn: &D, doc: &str) -> Result<()> {
    conn.exec(
        &format!(
            "INSERT INTO event_actors (type, attempted, date, event, role, doc_entity, entity) {ROWS_OF_DOCUMENT}"
        ),
        args![doc],
    )?;
    Ok(())
}

/// Drops the rows of document `doc`'s events (called before they are
/// deleted).
pub(crate) fn forget_document<D: Db + ?Sized>(conn: &D, doc: &str) -> Result<()> {
    conn.exec(
        "DELETE FROM event_actors WHERE (type, attempted, date, event) IN \
         (SELECT type, attempted, date, id FROM events WHERE doc = ?1 AND date IS NOT NULL)",
        args![doc],
    )?;
    Ok(())
}

/// Follows document entity `doc_entity` to store entity `entity` (called
/// with every `UPDATE doc_entities SET entity`).
pub(crate) fn move_doc_entity<D: Db + ?Sized>(
    conn: &D,
    doc_entity: i64,
    entity: i64,
) -> Result<()> {
    conn.exec(
        "UPDATE event_actors SET entity = ?1 WHERE doc_entity = ?2 AND (type, attempted, date, event) IN \
         (SELECT e.type, e.attempted, e.date, e.id FROM event_participants p JOIN events e ON e.id = p.event \
          WHERE p.doc_entity = ?2 AND e.date IS NOT NULL)",
        args![entity, doc_entity],
    )?;
    Ok(())
}
