//! The seam between the store logic and a SQL database: values, rows and
//! the few operations the logic needs ([`Db`]). The store logic
//! (`engine.rs`: ingest, resolution through the index, aggregation, merges
//! and splits) is written once against [`Db`]; SQLite ([`rusqlite::Connection`])
//! and PostgreSQL (`pg.rs`) implement it.
//!
//! SQL text is written in the common subset of both dialects, with SQLite's
//! numbered parameters `?1`, `?2`…; the PostgreSQL side rewrites them to
//! `$1`, `$2`… and `INSERT OR IGNORE` to `ON CONFLICT DO NOTHING`.

use crate::store::{KbError, Result, SearchHit};

/// Tables every Dossier database has since schema 1, on either backend:
/// a database holding some of them but no schema record (SQLite: written
/// before the application id was set; PostgreSQL: no `dossier_schema`) is
/// recognized as Dossier's, or refused as another program's.
pub(crate) const DOSSIER_TABLES: &[&str] = &[
    "documents",
    "sentences",
    "entities",
    "doc_entities",
    "aliases",
    "mentions",
];

/// One SQL value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL.
    Null,
    /// An integer (booleans are 0 / 1).
    Int(i64),
    /// A float.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

/// What can be bound as a parameter.
pub trait ToValue {
    /// The value.
    fn to_value(&self) -> Value;
}

macro_rules! int_to_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
int_to_value!(i64, i32, u32, u8, usize);

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(*self as i64)
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for dossier_doc::Edtf {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for crate::AttrName {
    fn to_value(&self) -> Value {
        Value::Text(self.as_str().to_string())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// Parameters of one statement: `args![a, b]`.
macro_rules! args {
    ($($x:expr),* $(,)?) => {
        &[$(&$x as &dyn $crate::sql::ToValue),*] as &[&dyn $crate::sql::ToValue]
    };
}
pub(crate) use args;

/// What a column value can be read as.
pub trait FromValue: Sized {
    /// Converts, or says why not.
    fn from_value(v: &Value) -> std::result::Result<Self, String>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i),
            Value::Real(f) if f.fract() == 0.0 => Ok(*f as i64),
            other => Err(format!("expected an integer, found {other:?}")),
        }
    }
}
macro_rules! narrow_from_value {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> std::result::Result<Self, String> {
                let i = i64::from_value(v)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range for {}", stringify!($t)))
            }
        }
    )*};
}
narrow_from_value!(u8, u32);

impl FromValue for bool {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        Ok(i64::from_value(v)? != 0)
    }
}
impl FromValue for f64 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Real(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            Value::Blob(b) => Ok(String::from_utf8_lossy(b).into_owned()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            Value::Text(s) => Ok(s.as_bytes().to_vec()),
            other => Err(format!("expected bytes, found {other:?}")),
        }
    }
}
impl FromValue for dossier_doc::Modality {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        String::from_value(v)?
            .parse()
            .map_err(|e: dossier_doc::UnknownName| format!("{e} in the database"))
    }
}
impl FromValue for dossier_doc::Edtf {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        let s = String::from_value(v)?;
        dossier_doc::Edtf::parse(&s).map_err(|e| format!("{e} in the database"))
    }
}
/// Any stored text is a name (an unknown one is `AttrName::Other`).
impl FromValue for crate::AttrName {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        String::from_value(v).map(crate::AttrName::from)
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `i` as a `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let v = self
            .0
            .get(i)
            .ok_or_else(|| KbError::Db(format!("no column {i} in the result")))?;
        T::from_value(v).map_err(|e| KbError::Db(format!("column {i}: {e}")))
    }
}

/// What the store logic needs of a database connection. Every method takes
/// `&self`: a backend with a mutable client keeps it in a cell.
pub trait Db {
    /// Runs one statement; returns the number of rows changed.
    fn exec(&self, sql: &str, args: &[&dyn ToValue]) -> Result<usize>;
    /// Runs one query; returns all its rows.
    fn rows(&self, sql: &str, args: &[&dyn ToValue]) -> Result<Vec<Row>>;
    /// Runs one `INSERT` into a table with an integer `id` key; returns the new id.
    fn insert_id(&self, sql: &str, args: &[&dyn ToValue]) -> Result<i64>;
    /// Starts a write transaction (one writer at a time store-wide: SQLite's
    /// `BEGIN IMMEDIATE`, PostgreSQL's transaction-scoped advisory lock).
    fn begin_write(&self) -> Result<()>;
    /// Commits the open transaction.
    fn commit(&self) -> Result<()>;
    /// Rolls the open transaction back (errors ignored: it may be gone).
    fn rollback(&self);
    /// A number that changes when another connection commits, if the
    /// database offers one cheaply (dates cached reads).
    fn data_version(&self) -> Result<Option<i64>>;
    /// Whether a table exists.
    fn has_table(&self, name: &str) -> Result<bool>;
    /// Stores the sentences of a new document and indexes them for
    /// full-text search: `(index, start, end, text)`.
    fn insert_sentences(&self, doc: &str, sentences: &[(usize, usize, usize, &str)]) -> Result<()>;
    /// Full-text search over sentences (see [`crate::Store::search`]).
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// Deletes document `doc`'s sentences and their full-text index entries.
    fn delete_sentences(&self, doc: &str) -> Result<()>;
    /// SQL for the current UTC time as `YYYY-MM-DDTHH:MM:SSZ` text.
    fn now_sql(&self) -> &'static str;
    /// The text column `col` compared and ordered byte by byte (UTF-8 byte
    /// order is code point order), whatever the database's collation:
    /// paged reads that a caller merges with its own sorted data need it.
    fn bytewise(&self, col: &str) -> String {
        col.to_string()
    }

    /// Inserts `rows`: `head` is `INSERT [OR IGNORE] INTO table (columns)`,
    /// `row` the SQL of one row with a `?` for each value, e.g.
    /// `(?, ?, ?)`, and `tail` what follows the values (an `ON CONFLICT`
    /// clause, or nothing; rows of one call must not conflict with each
    /// other then). One statement per row unless the backend sends
    /// several rows in one (PostgreSQL: a round trip saved per row).
    fn insert_rows(&self, head: &str, row: &str, tail: &str, rows: &[Vec<Value>]) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let sql = format!("{head} VALUES {}{tail}", number_params(row, 0));
        for r in rows {
            let args: Vec<&dyn ToValue> = r.iter().map(|v| v as &dyn ToValue).collect();
            self.exec(&sql, &args)?;
        }
        Ok(())
    }

    /// Told that store entity `entity` has (or now has, as its canonical
    /// name) the name `name`, for a backend that indexes names for
    /// [`Db::name_candidates`].
    fn name_added(&self, _entity: i64, _name: &str) -> Result<()> {
        Ok(())
    }

    /// A new store entity of type `etype` named `name` (its resolution key
    /// set and the name told to [`Db::name_added`]); its id.
    fn insert_entity(&self, etype: &str, name: &str) -> Result<i64> {
        let id = self.insert_id(
            "INSERT INTO entities (type, name, key) VALUES (?1, ?2, ?3)",
            args![etype, name, crate::resolve::resolution_key(name)],
        )?;
        self.name_added(id, name)?;
        Ok(id)
    }

    /// `(entity, name)` rows of stored names that may match a name look-up
    /// (`find_entities`) for a query folded to `folded` with keys `keys`
    /// (and `acronym`, its letters, when it reads as one): at least every
    /// name whose folded form or key contains the query's, whose
    /// transliteration key equals it, or whose initials are the acronym.
    /// `None`: no such index, read every name.
    fn name_candidates(
        &self,
        _folded: &str,
        _keys: &crate::resolve::NameKeys,
        _acronym: Option<&str>,
    ) -> Result<Option<Vec<Row>>> {
        Ok(None)
    }

    /// The first row, if any.
    fn row(&self, sql: &str, args: &[&dyn ToValue]) -> Result<Option<Row>> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
    /// Column 0 of the first row (an error if there is none).
    fn one<T: FromValue>(&self, sql: &str, args: &[&dyn ToValue]) -> Result<T>
    where
        Self: Sized,
    {
        match self.row(sql, args)? {
            Some(r) => r.get(0),
            None => Err(KbError::Db(format!("no row returned by: {sql}"))),
        }
    }
    /// Column 0 of every row.
    fn col<T: FromValue>(&self, sql: &str, args: &[&dyn ToValue]) -> Result<Vec<T>>
    where
        Self: Sized,
    {
        self.rows(sql, args)?.iter().map(|r| r.get(0)).collect()
    }
}

/// `row` with its `?`s numbered from `from + 1`: `(?, ?)` → `(?3, ?4)`.
pub(crate) fn number_params(row: &str, from: usize) -> String {
    let mut out = String::with_capacity(row.len() + 8);
    let mut n = from;
    for c in row.chars() {
        out.push(c);
        if c == '?' {
            n += 1;
            out.push_str(&n.to_string());
        }
    }
    out
}

/// A write transaction: rolled back when dropped uncommitted.
pub struct Tx<'a, D: Db> {
    db: &'a D,
    open: bool,
}

impl<'a, D: Db> Tx<'a, D> {
    /// Begins a write transaction on `db`.
    pub fn begin(db: &'a D) -> Result<Self> {
        db.begin_write()?;
        Ok(Tx { db, open: true })
    }
    /// Commits it.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        let r = self.db.commit();
        if r.is_err() {
            self.db.rollback();
        }
        r
    }
}

impl<D: Db> std::ops::Deref for Tx<'_, D> {
    type Target = D;
    fn deref(&self) -> &D {
        self.db
    }
}

impl<D: Db> Drop for Tx<'_, D> {
    fn drop(&mut self) {
        if self.open {
            self.db.rollback();
        }
    }
}

// ----- SQLite -----

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Real(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

fn sqlite_args(args: &[&dyn ToValue]) -> Vec<Value> {
    args.iter().map(|a| a.to_value()).collect()
}

fn sqlite_row(r: &rusqlite::Row<'_>, n: usize) -> rusqlite::Result<Row> {
    use rusqlite::types::ValueRef;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(match r.get_ref(i)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(i) => Value::Int(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
            ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        });
    }
    Ok(Row(out))
}

/// Statements longer than this (bytes) are prepared without the
/// statement cache (see `rows`).
const UNCACHED_SQL: usize = 2048;

impl Db for rusqlite::Connection {
    fn exec(&self, sql: &str, args: &[&dyn ToValue]) -> Result<usize> {
        let vals = sqlite_args(args);
        Ok(self
            .prepare_cached(sql)?
            .execute(rusqlite::params_from_iter(vals.iter()))?)
    }

    fn rows(&self, sql: &str, args: &[&dyn ToValue]) -> Result<Vec<Row>> {
        let vals = sqlite_args(args);
        // A long statement is a read of literal id lists, never run twice:
        // cached, each held its compiled program (up to 256 of them, 7 MB
        // in the STIX export at 10,000 documents) and pushed the statements
        // that repeat out of the cache.
        let all = |st: &mut rusqlite::Statement| -> Result<Vec<Row>> {
            let n = st.column_count();
            let rows = st.query_map(rusqlite::params_from_iter(vals.iter()), |r| {
                sqlite_row(r, n)
            })?;
            Ok(rows.collect::<std::result::Result<_, _>>()?)
        };
        if sql.len() > UNCACHED_SQL {
            all(&mut self.prepare(sql)?)
        } else {
            all(&mut *self.prepare_cached(sql)?)
        }
    }

    fn insert_id(&self, sql: &str, args: &[&dyn ToValue]) -> Result<i64> {
        self.exec(sql, args)?;
        Ok(self.last_insert_rowid())
    }

    fn begin_write(&self) -> Result<()> {
        Ok(self.execute_batch("BEGIN IMMEDIATE")?)
    }

    fn commit(&self) -> Result<()> {
        Ok(self.execute_batch("COMMIT")?)
    }

    fn rollback(&self) {
        if !self.is_autocommit() {
            let _ = self.execute_batch("ROLLBACK");
        }
    }

    fn data_version(&self) -> Result<Option<i64>> {
        Ok(Some(
            self.query_row("PRAGMA data_version", [], |r| r.get(0))?,
        ))
    }

    fn has_table(&self, name: &str) -> Result<bool> {
        self.one(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
            args![name],
        )
    }

    fn insert_sentences(&self, doc: &str, sentences: &[(usize, usize, usize, &str)]) -> Result<()> {
        let mut ins = self.prepare_cached(
            "INSERT INTO sentences (doc, idx, start, \"end\", text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut fts =
            self.prepare_cached("INSERT INTO sentence_fts (rowid, text) VALUES (?1, ?2)")?;
        for &(i, start, end, text) in sentences {
            ins.execute(rusqlite::params![
                doc,
                i as i64,
                start as i64,
                end as i64,
                text
            ])?;
            fts.execute(rusqlite::params![self.last_insert_rowid(), text])?;
        }
        Ok(())
    }

    fn delete_sentences(&self, doc: &str) -> Result<()> {
        // External-content FTS5: an entry is removed with the text it indexed.
        self.execute(
            "INSERT INTO sentence_fts (sentence_fts, rowid, text) \
             SELECT 'delete', id, text FROM sentences WHERE doc = ?1",
            rusqlite::params![doc],
        )?;
        self.execute(
            "DELETE FROM sentences WHERE doc = ?1",
            rusqlite::params![doc],
        )?;
        Ok(())
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let q = crate::sqlite::fts_query(query);
        if q.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut st = self.prepare(
            "SELECT s.doc, d.title, s.idx, s.text, highlight(sentence_fts, 0, ?3, ?4) \
             FROM sentence_fts JOIN sentences s ON s.id = sentence_fts.rowid JOIN documents d ON d.id = s.doc \
             WHERE sentence_fts MATCH ?1 ORDER BY bm25(sentence_fts), s.id LIMIT ?2",
        )?;
        let rows = st.query_map(
            rusqlite::params![
                q,
                limit.min(i64::MAX as usize) as i64,
                crate::store::MATCH_START.to_string(),
                crate::store::MATCH_END.to_string()
            ],
            |r| {
                Ok(SearchHit::from_marked(
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, i64>(2)? as usize,
                    r.get(3)?,
                    &r.get::<_, String>(4)?,
                ))
            },
        )?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    fn now_sql(&self) -> &'static str {
        "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_convert_both_ways_and_refuse_mismatches() {
        let r = Row(vec![
            Value::Int(3),
            Value::Null,
            Value::Text("x".into()),
            Value::Real(0.5),
            Value::Int(300),
        ]);
        assert_eq!(r.get::<i64>(0).unwrap(), 3);
        assert!(r.get::<bool>(0).unwrap());
        assert_eq!(r.get::<Option<String>>(1).unwrap(), None);
        assert_eq!(r.get::<String>(2).unwrap(), "x");
        assert_eq!(r.get::<f64>(3).unwrap(), 0.5);
        assert!(r.get::<u8>(4).is_err());
        assert!(r.get::<i64>(2).is_err());
        assert!(r.get::<i64>(9).is_err());
        assert_eq!(Some(2u32).to_value(), Value::Int(2));
        assert_eq!(None::<String>.to_value(), Value::Null);
        assert_eq!(true.to_value(), Value::Int(1));
    }

    #[test]
    fn dates_are_stored_as_their_edtf_text_and_bad_text_is_named() {
        let e = dossier_doc::Edtf::parse("2016-01/2016-04").unwrap();
        assert_eq!(e.to_value(), Value::Text("2016-01/2016-04".into()));
        let r = Row(vec![
            Value::Text("2019-21".into()),
            Value::Null,
            Value::Text("last spring".into()),
        ]);
        assert_eq!(
            r.get::<dossier_doc::Edtf>(0).unwrap().to_string(),
            "2019-21"
        );
        assert_eq!(r.get::<Option<dossier_doc::Edtf>>(1).unwrap(), None);
        let err = r
            .get::<Option<dossier_doc::Edtf>>(2)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("column 2") && err.contains("'last spring'"),
            "{err}"
        );
    }

    #[test]
    fn a_dropped_transaction_rolls_back() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", &[])
            .unwrap();
        {
            let tx = Tx::begin(&c).unwrap();
            tx.insert_id("INSERT INTO t (v) VALUES (?1)", args!["a"])
                .unwrap();
        }
        assert_eq!(c.one::<i64>("SELECT COUNT(*) FROM t", &[]).unwrap(), 0);
        let tx = Tx::begin(&c).unwrap();
        let id = tx
            .insert_id("INSERT INTO t (v) VALUES (?1)", args!["b"])
            .unwrap();
        tx.commit().unwrap();
        assert_eq!(
            c.one::<String>("SELECT v FROM t WHERE id = ?1", args![id])
                .unwrap(),
            "b"
        );
    }
}
