//! The PostgreSQL implementation of [`Store`] (feature `postgres`): the
//! store logic of `engine.rs` over a [`PgConn`], with its own schema
//! (versioned in `dossier_schema`), full-text search over a `tsvector`
//! column with a GIN index, and one writer at a time store-wide through a
//! transaction-scoped advisory lock, so that several processes (ingest
//! workers on several machines) resolve entities exactly as one would.
//!
//! Search gives the same hits, order and highlighting as the SQLite store:
//! sentences are tokenized here the way SQLite's `unicode61` tokenizer
//! does (letters and digits, case and diacritics folded), the `tsvector`
//! holds those tokens with their positions, PostgreSQL finds the matching
//! sentences through the GIN index, and they are ranked with FTS5's BM25
//! (k1 = 1.2, b = 0.75) from counts kept in `fts_stats`.

use crate::engine::{delegate_store, Engine};
use crate::index;
use crate::sql::{Db, Row, ToValue, Value};
use crate::store::*;
use postgres::types::{FromSql, IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::cell::RefCell;
use std::collections::HashMap;

/// One schema migration.
enum Step {
    /// PostgreSQL DDL.
    Sql(&'static str),
    /// The resolution index: SQLite's DDL (`index::SCHEMA`, written once
    /// for both stores), translated by [`pg_ddl`].
    Index,
}

/// Schema migrations, in order: migration `i` brings the schema to version
/// `i + 1` (`dossier_schema` records each one applied). The SQL is in
/// `crates/kb/migrations/` (`pg/`, and `shared/` for what both dialects run).
const MIGRATIONS: &[Step] = &[
    Step::Sql(include_str!("../migrations/pg/1_schema.sql")),
    Step::Index,
    // The shared ingest queue (`queue.rs`).
    Step::Sql(include_str!("../migrations/pg/3_jobs.sql")),
    // Name look-ups (`find_entities`) through `pg_trgm` indexes on the
    // folded forms of every entity name, computed here in Rust as the
    // ranking reads them; the trigram indexes are added by
    // `trigram_indexes` (the extension may be missing), the rows by
    // `fill_name_lookup`.
    Step::Sql(include_str!("../migrations/pg/4_name_lookup.sql")),
    // Analysts' decisions about facts (`review.rs`, shared with SQLite).
    Step::Sql(crate::review::SCHEMA),
    // Document entities by name key within an entity (re-resolution of
    // bare acronyms and surnames, `index::SHORT_FORMS`).
    Step::Sql(crate::index::SHORT_FORMS),
    // Dated events' participants by (type, flag, date) bucket
    // (`event_actors.rs`, shared with SQLite).
    Step::Sql(crate::event_actors::PG_SCHEMA),
];

/// The newest PostgreSQL schema version this program knows.
pub const PG_SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The version that added the resolution index (built from the stored
/// documents when an older database is migrated).
const INDEX_VERSION: i64 = 2;

/// The version that added `name_lookup` (filled from the stored names
/// when an older database is migrated) and the trigram indexes.
const LOOKUP_VERSION: i64 = 4;

/// Key of the advisory lock taken while `pg_trgm` is looked for and
/// created: the extension is one per database, and two schemas migrated
/// at once would both try to create it.
const EXTENSION_LOCK: i64 = 0x4453_5354;

/// SQLite DDL as PostgreSQL DDL: 64-bit integers, no `WITHOUT ROWID`.
fn pg_ddl(sql: &str) -> String {
    sql.replace(" WITHOUT ROWID", "")
        .replace(" INTEGER ", " BIGINT ")
}

/// The most rows one multi-row `INSERT` carries.
const MAX_ROWS: usize = 64;

/// Key of the advisory lock that serializes writers ("DSSR").
const WRITE_LOCK: i64 = 0x4453_5352;

/// The URL with its password hidden, for messages.
pub(crate) fn redact(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
        if let Some(at) = rest[..auth_end].rfind('@') {
            if let Some(colon) = rest[..at].find(':') {
                return format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &rest[..colon],
                    &rest[at..]
                );
            }
        }
        return url.to_string();
    }
    // key=value form
    url.split_whitespace()
        .map(|kv| {
            if kv.starts_with("password=") {
                "password=***"
            } else {
                kv
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn pg_err(e: postgres::Error) -> KbError {
    use postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let msg = match db.detail() {
            Some(d) => format!("{}: {} ({d})", db.severity(), db.message()),
            None => format!("{}: {}", db.severity(), db.message()),
        };
        if *code == SqlState::T_R_SERIALIZATION_FAILURE
            || *code == SqlState::T_R_DEADLOCK_DETECTED
            || *code == SqlState::LOCK_NOT_AVAILABLE
        {
            return KbError::Busy(msg);
        }
        return KbError::Db(msg);
    }
    KbError::Db(e.to_string())
}

impl From<postgres::Error> for KbError {
    fn from(e: postgres::Error) -> Self {
        pg_err(e)
    }
}

/// Rewrites the shared SQL (SQLite parameters `?N`, `INSERT OR IGNORE`) for
/// PostgreSQL.
fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 32);
    let mut quoted = false;
    for c in sql.chars() {
        match c {
            '\'' => {
                quoted = !quoted;
                out.push(c);
            }
            '?' if !quoted => out.push('$'),
            _ => out.push(c),
        }
    }
    if let Some(rest) = out.strip_prefix("INSERT OR IGNORE INTO ") {
        out = format!("INSERT INTO {rest} ON CONFLICT DO NOTHING");
    }
    out
}

/// A parameter, converted to the type PostgreSQL inferred for it.
#[derive(Debug)]
struct Param(Value);

impl ToSql for Param {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match &self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                _ => i.to_string().as_str().to_sql(ty, out),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT4 => (*f as f32).to_sql(ty, out),
                Type::FLOAT8 => f.to_sql(ty, out),
                _ => f.to_string().as_str().to_sql(ty, out),
            },
            Value::Text(s) => match *ty {
                Type::INT8 => s.parse::<i64>()?.to_sql(ty, out),
                Type::INT4 => s.parse::<i32>()?.to_sql(ty, out),
                Type::BYTEA => s.as_bytes().to_sql(ty, out),
                _ => s.as_str().to_sql(ty, out),
            },
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }
    fn accepts(_: &Type) -> bool {
        true
    }
    postgres::types::to_sql_checked!();
}

/// A column value of any type this store reads.
struct Any(Value);

impl<'a> FromSql<'a> for Any {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Any(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)? as i64),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)? as i64),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)? as i64),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)? as f64),
            Type::NUMERIC => Value::Real(numeric(raw)?),
            Type::BYTEA => Value::Blob(raw.to_vec()),
            _ => Value::Text(String::from_sql(ty, raw)?),
        }))
    }
    fn from_sql_null(
        _: &Type,
    ) -> std::result::Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Any(Value::Null))
    }
    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Decodes PostgreSQL's binary NUMERIC (what `SUM` of integers returns).
fn numeric(raw: &[u8]) -> std::result::Result<f64, Box<dyn std::error::Error + Sync + Send>> {
    let word = |i: usize| -> std::result::Result<i16, Box<dyn std::error::Error + Sync + Send>> {
        raw.get(2 * i..2 * i + 2)
            .map(|b| i16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "truncated numeric".into())
    };
    let (ndigits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
    if sign == 0xC000 {
        return Ok(f64::NAN);
    }
    let mut v = 0f64;
    for i in 0..ndigits.max(0) as usize {
        v += word(4 + i)? as f64 * 10000f64.powi(weight as i32 - i as i32);
    }
    Ok(if sign == 0x4000 { -v } else { v })
}

/// One PostgreSQL connection with a cache of prepared statements.
pub struct PgConn {
    client: RefCell<Client>,
    stmts: RefCell<HashMap<String, Statement>>,
    /// Whether `name_lookup` exists and is kept (schema 4 on).
    lookup: std::cell::Cell<bool>,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConn")
            .field("statements", &self.stmts.borrow().len())
            .finish()
    }
}

impl PgConn {
    /// A connection over `client`.
    pub(crate) fn new(client: Client) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            stmts: Default::default(),
            lookup: Default::default(),
        }
    }

    fn statement(&self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.stmts.borrow().get(sql) {
            return Ok(s.clone());
        }
        let st = self.client.borrow_mut().prepare(&translate(sql))?;
        let mut cache = self.stmts.borrow_mut();
        if cache.len() >= 512 {
            cache.clear();
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn params(args: &[&dyn ToValue]) -> Vec<Param> {
        args.iter().map(|a| Param(a.to_value())).collect()
    }

    fn query_raw(&self, sql: &str, args: &[&dyn ToValue]) -> Result<Vec<postgres::Row>> {
        let st = self.statement(sql)?;
        let ps = Self::params(args);
        let refs: Vec<&(dyn ToSql + Sync)> = ps.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.borrow_mut().query(&st, &refs)?)
    }

    fn batch(&self, sql: &str) -> Result<()> {
        Ok(self.client.borrow_mut().batch_execute(sql)?)
    }
}

fn convert(r: &postgres::Row) -> Result<Row> {
    let mut out = Vec::with_capacity(r.len());
    for i in 0..r.len() {
        out.push(r.try_get::<_, Any>(i)?.0);
    }
    Ok(Row(out))
}

impl Db for PgConn {
    fn exec(&self, sql: &str, args: &[&dyn ToValue]) -> Result<usize> {
        let st = self.statement(sql)?;
        let ps = Self::params(args);
        let refs: Vec<&(dyn ToSql + Sync)> = ps.iter().map(|p| p as &(dyn ToSql + Sync)).collect();
        Ok(self.client.borrow_mut().execute(&st, &refs)? as usize)
    }

    fn rows(&self, sql: &str, args: &[&dyn ToValue]) -> Result<Vec<Row>> {
        self.query_raw(sql, args)?.iter().map(convert).collect()
    }

    fn insert_id(&self, sql: &str, args: &[&dyn ToValue]) -> Result<i64> {
        let rows = self.query_raw(&format!("{sql} RETURNING id"), args)?;
        match rows.first() {
            Some(r) => Ok(r.try_get::<_, i64>(0)?),
            None => Err(KbError::Db(format!("no id returned by: {sql}"))),
        }
    }

    fn begin_write(&self) -> Result<()> {
        self.batch(&format!(
            "BEGIN; SELECT pg_advisory_xact_lock({WRITE_LOCK})"
        ))
    }

    fn commit(&self) -> Result<()> {
        self.batch("COMMIT")
    }

    fn rollback(&self) {
        let _ = self.batch("ROLLBACK");
    }

    fn data_version(&self) -> Result<Option<i64>> {
        Ok(None)
    }

    fn has_table(&self, name: &str) -> Result<bool> {
        self.one(
            "SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?1)",
            crate::sql::args![name],
        )
    }

    fn insert_sentences(&self, doc: &str, sentences: &[(usize, usize, usize, &str)]) -> Result<()> {
        let mut tokens = 0i64;
        let mut rows = Vec::with_capacity(sentences.len());
        for &(i, start, end, text) in sentences {
            let toks = fts_tokens(text);
            tokens += toks.len() as i64;
            rows.push(vec![
                doc.to_value(),
                i.to_value(),
                start.to_value(),
                end.to_value(),
                text.to_value(),
                toks.len().to_value(),
                Value::Text(tsvector_literal(&toks)),
            ]);
        }
        self.insert_rows(
            "INSERT INTO sentences (doc, idx, start, \"end\", text, ntok, tsv)",
            "(?, ?, ?, ?, ?, ?, CAST(CAST(? AS TEXT) AS tsvector))",
            "",
            &rows,
        )?;
        self.exec(
            "UPDATE fts_stats SET sentences = sentences + ?1, tokens = tokens + ?2",
            crate::sql::args![sentences.len(), tokens],
        )?;
        Ok(())
    }

    fn delete_sentences(&self, doc: &str) -> Result<()> {
        self.exec(
            "UPDATE fts_stats SET sentences = sentences - (SELECT COUNT(*) FROM sentences WHERE doc = ?1), \
             tokens = tokens - (SELECT COALESCE(SUM(ntok), 0) FROM sentences WHERE doc = ?1)",
            crate::sql::args![doc],
        )?;
        self.exec(
            "DELETE FROM sentences WHERE doc = ?1",
            crate::sql::args![doc],
        )?;
        Ok(())
    }

    /// Up to 64 rows a statement, in chunks of powers of two so that few
    /// distinct statements are prepared and cached.
    fn insert_rows(&self, head: &str, row: &str, tail: &str, rows: &[Vec<Value>]) -> Result<()> {
        let mut rest = rows;
        while !rest.is_empty() {
            let n = if rest.len() >= MAX_ROWS {
                MAX_ROWS
            } else {
                1 << rest.len().ilog2()
            };
            let (now, later) = rest.split_at(n);
            let width = now[0].len();
            let values: Vec<String> = (0..n)
                .map(|i| crate::sql::number_params(row, i * width))
                .collect();
            let sql = format!("{head} VALUES {}{tail}", values.join(", "));
            let args: Vec<&dyn ToValue> = now
                .iter()
                .flat_map(|r| r.iter().map(|v| v as &dyn ToValue))
                .collect();
            self.exec(&sql, &args)?;
            rest = later;
        }
        Ok(())
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        search(self, query, limit)
    }

    fn name_added(&self, entity: i64, name: &str) -> Result<()> {
        if self.lookup.get() {
            add_lookup_name(self, entity, name)?;
        }
        Ok(())
    }

    fn name_candidates(
        &self,
        folded: &str,
        keys: &crate::resolve::NameKeys,
        acronym: Option<&str>,
    ) -> Result<Option<Vec<Row>>> {
        if !self.lookup.get() {
            return Ok(None);
        }
        // Every name that can rank: its folded form or key contains the
        // query's (trigram indexes), the same transliteration key, or
        // (an acronym) the initials. Rows left by names since dropped
        // from the index are not names any more.
        let sql = "SELECT l.entity, l.name FROM name_lookup l \
             WHERE (l.folded LIKE ?1 ESCAPE '\\' OR l.key LIKE ?2 ESCAPE '\\' OR l.translit = ?3 \
                    OR (CAST(?4 AS TEXT) <> '' AND l.initials @> ARRAY[CAST(?4 AS TEXT)])) \
             AND (EXISTS (SELECT 1 FROM entity_names n WHERE n.entity = l.entity AND n.name = l.name) \
                  OR EXISTS (SELECT 1 FROM entities e WHERE e.id = l.entity AND e.name = l.name))";
        Ok(Some(self.rows(
            sql,
            crate::sql::args![
                contains_pattern(folded),
                contains_pattern(&keys.key),
                keys.translit,
                acronym.unwrap_or("")
            ],
        )?))
    }

    fn now_sql(&self) -> &'static str {
        "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    }

    fn bytewise(&self, col: &str) -> String {
        // The database's default collation may follow a locale; "C" is
        // byte order (code point order under UTF-8), SQLite's BINARY.
        format!("{col} COLLATE \"C\"")
    }
}

// ----- full-text search -----

/// One token: byte range in the text and folded form.
#[derive(Debug, Clone, PartialEq)]
struct Token {
    start: usize,
    end: usize,
    text: String,
}

/// Tokenizes like SQLite's `unicode61 remove_diacritics 2`: runs of
/// letters and digits, lower-cased, diacritics removed.
fn fts_tokens(text: &str) -> Vec<Token> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let flush = |s: usize, e: usize, out: &mut Vec<Token>| {
        let folded: String = text[s..e]
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect();
        if !folded.is_empty() {
            out.push(Token {
                start: s,
                end: e,
                text: folded,
            });
        }
    };
    for (i, c) in text.char_indices() {
        let token_char = c.is_alphanumeric() || (is_combining_mark(c) && start.is_some());
        match (token_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                flush(s, i, &mut out);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        flush(s, text.len(), &mut out);
    }
    out
}

/// Quotes a lexeme for a `tsvector` / `tsquery` literal.
fn lexeme(t: &str) -> String {
    format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''"))
}

/// A `tsvector` literal of tokens with their 1-based positions.
fn tsvector_literal(tokens: &[Token]) -> String {
    let mut by_lexeme: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, t) in tokens.iter().enumerate() {
        // PostgreSQL limits: lexemes under 2 KB, positions up to 16383.
        if t.text.len() < 2000 {
            by_lexeme
                .entry(&t.text)
                .or_default()
                .push((i + 1).min(16383));
        }
    }
    by_lexeme
        .into_iter()
        .map(|(l, ps)| {
            let mut ps = ps;
            ps.dedup();
            format!(
                "{}:{}",
                lexeme(l),
                ps.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One phrase of a query: its tokens, the last one a prefix when `prefix`.
#[derive(Debug, Clone, PartialEq)]
struct Phrase {
    tokens: Vec<String>,
    prefix: bool,
}

/// The phrases of a query, read as [`crate::sqlite`]'s `fts_query` reads it.
fn phrases(input: &str) -> Vec<Phrase> {
    let mut out = Vec::new();
    for word in input.split_whitespace() {
        let prefix = word.ends_with('*');
        let core: String = word.chars().filter(|c| *c != '"' && *c != '*').collect();
        if !core.chars().any(char::is_alphanumeric) {
            continue;
        }
        let tokens: Vec<String> = fts_tokens(&core).into_iter().map(|t| t.text).collect();
        if !tokens.is_empty() {
            out.push(Phrase { tokens, prefix });
        }
    }
    out
}

fn phrase_tsquery(p: &Phrase) -> String {
    let n = p.tokens.len();
    p.tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if p.prefix && i + 1 == n {
                format!("{}:*", lexeme(t))
            } else {
                lexeme(t)
            }
        })
        .collect::<Vec<_>>()
        .join(" <-> ")
}

/// Token positions where `p` matches in `tokens`.
fn phrase_hits(p: &Phrase, tokens: &[Token]) -> Vec<usize> {
    let n = p.tokens.len();
    if n == 0 || tokens.len() < n {
        return Vec::new();
    }
    (0..=tokens.len() - n)
        .filter(|&i| {
            p.tokens.iter().enumerate().all(|(k, want)| {
                let have = &tokens[i + k].text;
                if p.prefix && k + 1 == n {
                    have.starts_with(want.as_str())
                } else {
                    have == want
                }
            })
        })
        .collect()
}

/// The text with every match between `open` and `close` (FTS5's
/// `highlight`: overlapping matches merge, adjacent ones do not).
fn highlight(text: &str, tokens: &[Token], ps: &[Phrase], open: char, close: char) -> String {
    let mut inst: Vec<(usize, usize)> = Vec::new();
    for p in ps {
        for i in phrase_hits(p, tokens) {
            inst.push((i, i + p.tokens.len() - 1));
        }
    }
    inst.sort_unstable();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (s, e) in inst {
        match ranges.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => ranges.push((s, e)),
        }
    }
    let mut out = String::with_capacity(text.len() + 2 * ranges.len());
    let mut at = 0;
    for (s, e) in ranges {
        let (bs, be) = (tokens[s].start, tokens[e].end);
        out.push_str(&text[at..bs]);
        out.push(open);
        out.push_str(&text[bs..be]);
        out.push(close);
        at = be;
    }
    out.push_str(&text[at..]);
    out
}

/// SQL for how many times phrase `p` occurs in the sentence `s` (as
/// [`phrase_hits`] counts over its tokens), from the positions of its
/// `tsvector`: each position of the first token's lexeme followed by the
/// other tokens' at the next positions (the last one a prefix when `p` is).
/// Its tokens are appended to `params`.
fn phrase_count(p: &Phrase, params: &mut Vec<Value>) -> String {
    let n = p.tokens.len();
    if n == 1 && !p.prefix {
        // One word: its positions, kept alone by weight, counted in the
        // text of the filtered vector (`'word':3A,17A`; words are letters
        // and digits), without unnesting the whole vector.
        params.push(Value::Text(p.tokens[0].clone()));
        let only = format!(
            "CAST(ts_filter(setweight(s.tsv, 'A', ARRAY[CAST(?{} AS TEXT)]), '{{a}}') AS TEXT)",
            params.len()
        );
        return format!(
            "CAST(length({only}) - length(replace({only}, ',', '')) + 1 AS DOUBLE PRECISION)"
        );
    }
    let mut cond = |i: usize| {
        params.push(Value::Text(p.tokens[i].clone()));
        let at = params.len();
        if p.prefix && i + 1 == n {
            format!("starts_with(u{i}.lexeme, CAST(?{at} AS TEXT))")
        } else {
            format!("u{i}.lexeme = CAST(?{at} AS TEXT)")
        }
    };
    let mut sql = format!(
        "(SELECT CAST(COUNT(*) AS DOUBLE PRECISION) FROM unnest(s.tsv) AS u0, unnest(u0.positions) AS p WHERE {}",
        cond(0)
    );
    for i in 1..n {
        let c = cond(i);
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM unnest(s.tsv) AS u{i} WHERE {c} AND p + {i} = ANY(u{i}.positions))"
        ));
    }
    sql.push(')');
    sql
}

fn search(conn: &PgConn, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
    let ps = phrases(query);
    if ps.is_empty() || limit == 0 {
        return Ok(Vec::new());
    }
    let tsq: Vec<String> = ps.iter().map(phrase_tsquery).collect();
    let all = tsq
        .iter()
        .map(|q| format!("({q})"))
        .collect::<Vec<_>>()
        .join(" & ");
    let (n_rows, n_tokens): (i64, i64) = {
        let r = conn
            .row("SELECT sentences, tokens FROM fts_stats", &[])?
            .ok_or_else(|| KbError::Db("fts_stats is empty".into()))?;
        (r.get(0)?, r.get(1)?)
    };
    let avgdl = if n_rows > 0 {
        n_tokens as f64 / n_rows as f64
    } else {
        1.0
    };
    // FTS5's BM25: idf from how many sentences hold each phrase.
    let mut idf = Vec::with_capacity(ps.len());
    for q in &tsq {
        let hits: i64 = conn.one(
            "SELECT COUNT(*) FROM sentences WHERE tsv @@ CAST(CAST(?1 AS TEXT) AS tsquery)",
            crate::sql::args![q],
        )?;
        let v = ((n_rows as f64 - hits as f64 + 0.5) / (hits as f64 + 0.5)).ln();
        idf.push(if v <= 0.0 { 1e-6 } else { v });
    }
    // The top `limit` by BM25, ranked in SQL: each phrase's count in a
    // sentence from the positions its `tsvector` holds (`phrase_count`),
    // ties by sentence id as FTS5's rowid.
    let (k1, b) = (1.2f64, 0.75f64);
    let mut params: Vec<Value> = vec![
        Value::Text(all),
        Value::Int(limit.min(i64::MAX as usize) as i64),
        Value::Real(avgdl),
    ];
    // Each phrase's count once per sentence (OFFSET 0 keeps the planner
    // from copying the expressions into the score), then the score.
    let mut counts = Vec::with_capacity(ps.len());
    let mut terms = Vec::with_capacity(ps.len());
    for (i, (p, w)) in ps.iter().zip(&idf).enumerate() {
        counts.push(format!("{} AS f{i}", phrase_count(p, &mut params)));
        params.push(Value::Real(*w));
        terms.push(format!(
            "CAST(?{} AS DOUBLE PRECISION) * (f{i} * {}) / (f{i} + {k1} * ({} + {b} * ntok / CAST(?3 AS DOUBLE PRECISION)))",
            params.len(),
            k1 + 1.0,
            1.0 - b,
        ));
    }
    let sql = format!(
        "SELECT s.doc, d.title, s.idx, s.text FROM ( \
           SELECT id, doc, idx, text, {} AS score FROM ( \
             SELECT s.id, s.doc, s.idx, s.text, s.ntok, {} FROM sentences s \
             WHERE s.tsv @@ CAST(CAST(?1 AS TEXT) AS tsquery) OFFSET 0) c \
           ORDER BY score DESC, id LIMIT ?2) s \
         JOIN documents d ON d.id = s.doc ORDER BY s.score DESC, s.id",
        terms.join(" + "),
        counts.join(", ")
    );
    let args: Vec<&dyn ToValue> = params.iter().map(|v| v as &dyn ToValue).collect();
    let mut out = Vec::new();
    for r in conn.rows(&sql, &args)? {
        let text: String = r.get(3)?;
        let tokens = fts_tokens(&text);
        let marked = highlight(
            &text,
            &tokens,
            &ps,
            crate::store::MATCH_START,
            crate::store::MATCH_END,
        );
        out.push(SearchHit::from_marked(
            r.get(0)?,
            r.get(1)?,
            r.get::<i64>(2)? as usize,
            text,
            &marked,
        ));
    }
    Ok(out)
}

// ----- the store -----

/// A PostgreSQL knowledge base, selected by a `postgres://` URL. Several
/// processes (on several machines) may read and ingest at once: writes
/// take a store-wide advisory lock for their transaction, so entity
/// resolution sees every committed document, as in one sequential ingest.
pub struct PgStore {
    inner: Engine<PgConn>,
    shown: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.shown).finish()
    }
}

delegate_store!(PgStore);

impl PgStore {
    /// `url` with its password hidden, for messages.
    pub fn redacted(url: &str) -> String {
        redact(url)
    }

    /// Whether `s` names a PostgreSQL database (`postgres://` or `postgresql://`).
    pub fn is_url(s: &str) -> bool {
        s.starts_with("postgres://") || s.starts_with("postgresql://")
    }

    pub(crate) fn connect(url: &str) -> Result<(Client, String)> {
        let shown = redact(url);
        let mut client = Client::connect(url, NoTls)
            .map_err(|e| KbError::Db(format!("cannot connect to {shown}: {}", pg_err(e))))?;
        client
            .batch_execute("SET client_min_messages = warning")
            .map_err(pg_err)?;
        Ok((client, shown))
    }

    /// Connects to the database at `url`, creating or migrating the schema
    /// to [`PG_SCHEMA_VERSION`]; refuses a newer schema, and a database
    /// holding Dossier's table names without its version table (another
    /// program's, left untouched). Safe when several processes open the
    /// same database at once.
    pub fn open(url: &str) -> Result<Self> {
        let (client, shown) = Self::connect(url)?;
        let conn = PgConn::new(client);
        migrate(&conn, &shown)?;
        if !has_trigram_indexes(&conn)? {
            // The extension may have been installed since.
            let tx = crate::sql::Tx::begin(&conn)?;
            trigram_indexes(&tx)?;
            tx.commit()?;
        }
        conn.lookup.set(true);
        Ok(PgStore {
            inner: Engine::new(conn),
            shown,
        })
    }

    /// Connects to an existing knowledge base without creating or
    /// migrating anything (for commands that only read).
    pub fn open_existing(url: &str) -> Result<Self> {
        let (client, shown) = Self::connect(url)?;
        let conn = PgConn::new(client);
        let version = check_owner(&conn, &shown)?;
        if version == 0 {
            return Err(KbError::NotFound(format!(
                "{shown} holds no Dossier knowledge base yet"
            )));
        }
        conn.lookup.set(version >= LOOKUP_VERSION);
        Ok(PgStore {
            inner: Engine::new(conn),
            shown,
        })
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64> {
        check_owner(&self.inner.conn, &self.shown)
    }

    /// Whether name look-ups go through `pg_trgm` indexes (false on a
    /// server without the extension: they read every stored name then).
    pub fn trigram_lookups(&self) -> Result<bool> {
        has_trigram_indexes(&self.inner.conn)
    }

    /// The canonical id of `id` (itself unless merged into another), if it exists.
    pub fn canonical(&self, id: i64) -> Result<Option<i64>> {
        self.inner.canonical(id)
    }

    /// Undoes the active merge that merged `entity` into another entity.
    pub fn unmerge(&mut self, entity: i64) -> Result<()> {
        self.inner.unmerge(entity)
    }

    /// Runs SQL on the connection (tests and tools: e.g. building an
    /// older schema to migrate from).
    #[doc(hidden)]
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        self.inner.conn.batch(sql)
    }
}

/// The schema version recorded in the database (0: none yet); refuses
/// another program's tables and a newer schema.
fn check_owner(conn: &PgConn, shown: &str) -> Result<i64> {
    if !conn.has_table("dossier_schema")? {
        let mut found = Vec::new();
        for t in crate::sql::DOSSIER_TABLES {
            if conn.has_table(t)? {
                found.push(*t);
            }
        }
        if !found.is_empty() {
            return Err(KbError::Foreign(format!(
                "{shown} has tables named like Dossier's ({}) but no dossier_schema table: another program's database, left untouched",
                found.join(", ")
            )));
        }
        return Ok(0);
    }
    let version: Option<i64> = conn.one("SELECT MAX(version) FROM dossier_schema", &[])?;
    let version = version.unwrap_or(0);
    if version > PG_SCHEMA_VERSION {
        return Err(KbError::SchemaTooNew {
            found: version,
            supported: PG_SCHEMA_VERSION,
        });
    }
    Ok(version)
}

pub(crate) fn migrate(conn: &PgConn, shown: &str) -> Result<()> {
    if check_owner(conn, shown)? == PG_SCHEMA_VERSION {
        return Ok(());
    }
    crate::engine::retry_busy(|| {
        let tx = crate::sql::Tx::begin(conn)?;
        // Another process may have created or migrated it meanwhile.
        let found = check_owner(conn, shown)?;
        if found == 0 {
            conn.batch(
                "CREATE TABLE dossier_schema (version BIGINT PRIMARY KEY, \
                 applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')))",
            )?;
        }
        for (i, step) in MIGRATIONS.iter().enumerate().skip(found.max(0) as usize) {
            match step {
                Step::Sql(sql) => conn.batch(sql)?,
                Step::Index => conn.batch(&pg_ddl(index::SCHEMA))?,
            }
            let version = i as i64 + 1;
            if version == INDEX_VERSION && found > 0 {
                index::rebuild_all(conn)?;
            }
            if version == LOOKUP_VERSION {
                trigram_indexes(conn)?;
                if found > 0 {
                    fill_name_lookup(conn)?;
                }
            }
            conn.exec(
                "INSERT INTO dossier_schema (version) VALUES (?1)",
                crate::sql::args![version],
            )?;
        }
        tx.commit()
    })
}

/// The schema `pg_trgm` is installed in, if it is.
fn trigram_schema(conn: &PgConn) -> Result<Option<String>> {
    conn.row(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace \
         WHERE e.extname = 'pg_trgm'",
        &[],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Creates the trigram indexes of `name_lookup`, creating the `pg_trgm`
/// extension first if the server has it and the user may (in `public`,
/// else in the current schema); returns whether they exist. Without the
/// extension (a server without PostgreSQL's contrib modules, or a user
/// without the right to create it) name look-ups still work, by reading
/// all of `name_lookup`, and a later [`PgStore::open`] tries again.
fn trigram_indexes(conn: &PgConn) -> Result<bool> {
    conn.exec(
        "SELECT pg_advisory_xact_lock(?1)",
        crate::sql::args![EXTENSION_LOCK],
    )?;
    let mut schema = trigram_schema(conn)?;
    if schema.is_none() {
        for create in [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        ] {
            conn.batch("SAVEPOINT dossier_trgm")?;
            if conn.batch(create).is_ok() {
                conn.batch("RELEASE SAVEPOINT dossier_trgm")?;
                schema = trigram_schema(conn)?;
                break;
            }
            conn.batch("ROLLBACK TO SAVEPOINT dossier_trgm")?;
        }
    }
    let Some(schema) = schema else {
        return Ok(false);
    };
    let ops = format!("\"{}\".gin_trgm_ops", schema.replace('"', "\"\""));
    conn.batch(&format!(
        "CREATE INDEX IF NOT EXISTS name_lookup_folded_trgm ON name_lookup USING GIN (folded {ops}); \
         CREATE INDEX IF NOT EXISTS name_lookup_key_trgm ON name_lookup USING GIN (key {ops})"
    ))?;
    Ok(true)
}

/// Whether `name_lookup` has its trigram indexes.
fn has_trigram_indexes(conn: &PgConn) -> Result<bool> {
    conn.one(
        "SELECT COUNT(*) = 2 FROM pg_indexes WHERE schemaname = current_schema() \
         AND indexname IN ('name_lookup_folded_trgm', 'name_lookup_key_trgm')",
        &[],
    )
}

/// Records the folded forms of a name of store entity `entity` for
/// [`Db::name_candidates`].
fn add_lookup_name(conn: &PgConn, entity: i64, name: &str) -> Result<()> {
    let keys = crate::resolve::NameKeys::new(name);
    let initials = if crate::resolve::name_tokens(name).len() >= 2 {
        keys.initials.join(" ")
    } else {
        String::new()
    };
    conn.exec(
        "INSERT OR IGNORE INTO name_lookup (entity, name, folded, key, translit, initials) \
         VALUES (?1, ?2, ?3, ?4, ?5, string_to_array(CAST(?6 AS TEXT), ' '))",
        crate::sql::args![
            entity,
            name,
            name.to_lowercase(),
            keys.key,
            keys.translit,
            initials
        ],
    )?;
    Ok(())
}

/// Fills `name_lookup` from every stored name (migration of an older
/// database).
fn fill_name_lookup(conn: &PgConn) -> Result<()> {
    for r in conn.rows(
        "SELECT entity, name FROM entity_names UNION SELECT id, name FROM entities",
        &[],
    )? {
        add_lookup_name(conn, r.get(0)?, &r.get::<String>(1)?)?;
    }
    Ok(())
}

/// `s` as a LIKE pattern matching any text that contains it.
fn contains_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_is_rewritten_for_postgres() {
        assert_eq!(
            translate("INSERT OR IGNORE INTO t (a, b) VALUES (?1, ?2)"),
            "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        );
        assert_eq!(
            translate("SELECT '?' FROM t WHERE a = ?1"),
            "SELECT '?' FROM t WHERE a = $1"
        );
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://arvel:s3cret@db.karsk:5432/kb"),
            "postgres://arvel:***@db.karsk:5432/kb"
        );
        assert_eq!(
            redact("postgres://arvel@db.karsk/kb"),
            "postgres://arvel@db.karsk/kb"
        );
        assert_eq!(
            redact("host=/tmp user=a password=x dbname=kb"),
            "host=/tmp user=a password=*** dbname=kb"
        );
    }

    #[test]
    fn tokens_fold_case_and_diacritics() {
        let t: Vec<String> = fts_tokens("Émile's Red-Dune 42nd")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(t, ["emile", "s", "red", "dune", "42nd"]);
    }

    #[test]
    fn highlighting_merges_overlaps_only() {
        let text = "The Red Dune Brigade met the Red Dune council.";
        let toks = fts_tokens(text);
        // A word with inner punctuation is a phrase of its tokens.
        let ps = phrases("red-dune dun*");
        assert_eq!(
            highlight(text, &toks, &ps, '[', ']'),
            "The [Red Dune] Brigade met the [Red Dune] council."
        );
        let ps = phrases("red dune");
        assert_eq!(
            highlight(text, &toks, &ps, '[', ']'),
            "The [Red] [Dune] Brigade met the [Red] [Dune] council."
        );
    }

    #[test]
    fn numeric_values_decode() {
        // 12345.6 = digits [1, 2345, 6000], weight 1, dscale 1
        let raw: Vec<u8> = [3i16, 1, 0, 1, 1, 2345, 6000]
            .iter()
            .flat_map(|w| w.to_be_bytes())
            .collect();
        assert!((numeric(&raw).unwrap() - 12345.6).abs() < 1e-9);
    }
}
