//! The resolution index kept inside the database, so that ingesting a
//! document costs the same whatever the size of the knowledge base.
//!
//! * `entity_names (entity, name)`: the distinct names of each store entity
//!   (its aliases and its canonical name);
//! * `entity_keys (key, entity)`: the postings of [`resolve::index_keys`] of
//!   those names;
//! * `entity_links (a, b)`: store entities that share a relation or an event
//!   (both directions), for the shared-context rule;
//! * `entity_stats (entity, kind, value, n)`: per store entity, how many
//!   document entities have each type (`t`) and in how many documents each
//!   name is the document entity's name (`n`), from which the canonical type
//!   and name are chosen; and (`m`, `d`, value '') its mention and
//!   document counts.
//!
//! All four are updated incrementally by ingest and rebuilt for the
//! entities an analyst split touches.

use crate::resolve::{self, NameKeys, Profile};
use crate::sql::{args, Db, ToValue, Value};
use crate::store::{KbError, Result};
use dossier_doc::EntityType;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

/// The schema of the index (part of migration 2).
pub(crate) const SCHEMA: &str = include_str!("../migrations/shared/index.sql");

/// The document entities of a store entity by name key, for the
/// re-resolution of bare acronyms and surnames (SQLite's migration 4,
/// PostgreSQL's 6).
pub(crate) const SHORT_FORMS: &str = include_str!("../migrations/shared/short_forms.sql");

/// Most store entities a short form's posting may hold for its bare
/// document entities to be re-decided (bounds the work per document).
pub const SHORT_FORM_CAP: usize = 1000;

fn keys_of<'a>(cache: &'a mut HashMap<String, NameKeys>, name: &str) -> &'a NameKeys {
    if !cache.contains_key(name) {
        cache.insert(name.to_string(), NameKeys::new(name));
    }
    &cache[name]
}

/// Records that store entity `entity` has the name `name` (no-op if known).
pub(crate) fn add_name<D: Db>(
    conn: &D,
    cache: &mut HashMap<String, NameKeys>,
    entity: i64,
    name: &str,
) -> Result<()> {
    let keys = keys_of(cache, name);
    if keys.key.is_empty() {
        return Ok(());
    }
    let new = conn.exec(
        "INSERT OR IGNORE INTO entity_names (entity, name) VALUES (?1, ?2)",
        args![entity, name],
    )?;
    if new > 0 {
        conn.name_added(entity, name)?;
        let rows: Vec<Vec<Value>> = resolve::index_keys(keys)
            .into_iter()
            .map(|k| vec![k.to_value(), entity.to_value()])
            .collect();
        conn.insert_rows(
            "INSERT OR IGNORE INTO entity_keys (key, entity)",
            "(?, ?)",
            "",
            &rows,
        )?;
    }
    Ok(())
}

/// Records that store entities `a` and `b` share a relation or an event.
pub(crate) fn add_link<D: Db>(conn: &D, a: i64, b: i64) -> Result<()> {
    if a == b {
        return Ok(());
    }
    let sql = "INSERT OR IGNORE INTO entity_links (a, b) VALUES (?1, ?2)";
    conn.exec(sql, args![a, b])?;
    conn.exec(sql, args![b, a])?;
    Ok(())
}

/// Records that each pair of store entities in `pairs` shares a relation
/// or an event (in a few statements).
pub(crate) fn add_links<D: Db>(conn: &D, pairs: &BTreeSet<(i64, i64)>) -> Result<()> {
    let rows: BTreeSet<(i64, i64)> = pairs
        .iter()
        .filter(|(a, b)| a != b)
        .flat_map(|&(a, b)| [(a, b), (b, a)])
        .collect();
    let rows: Vec<Vec<Value>> = rows
        .into_iter()
        .map(|(a, b)| vec![a.to_value(), b.to_value()])
        .collect();
    conn.insert_rows(
        "INSERT OR IGNORE INTO entity_links (a, b)",
        "(?, ?)",
        "",
        &rows,
    )
}

/// Adds each count to its statistic `(entity, kind, value)` (in a few
/// statements).
pub(crate) fn bump_stats<D: Db>(conn: &D, counts: &BTreeMap<(i64, &str, &str), i64>) -> Result<()> {
    let rows: Vec<Vec<Value>> = counts
        .iter()
        .map(|(&(e, kind, value), &n)| {
            vec![
                e.to_value(),
                kind.to_value(),
                value.to_value(),
                n.to_value(),
            ]
        })
        .collect();
    conn.insert_rows(
        "INSERT INTO entity_stats (entity, kind, value, n)",
        "(?, ?, ?, ?)",
        " ON CONFLICT (entity, kind, value) DO UPDATE SET n = entity_stats.n + excluded.n",
        &rows,
    )
}

/// A statistic of store entity `entity` (0 when never counted).
pub(crate) fn stat<D: Db>(conn: &D, entity: i64, kind: &str) -> Result<Option<i64>> {
    conn.row(
        "SELECT n FROM entity_stats WHERE entity = ?1 AND kind = ?2 AND value = ''",
        args![entity, kind],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Rebuilds names, keys, links and statistics of the store entities `ids`
/// from the stored documents (after an analyst split moved rows).
pub(crate) fn rebuild<D: Db>(
    conn: &D,
    cache: &mut HashMap<String, NameKeys>,
    ids: &[i64],
) -> Result<()> {
    for &id in ids {
        conn.exec("DELETE FROM entity_names WHERE entity = ?1", args![id])?;
        conn.exec("DELETE FROM entity_keys WHERE entity = ?1", args![id])?;
        conn.exec("DELETE FROM entity_stats WHERE entity = ?1", args![id])?;
        conn.exec("DELETE FROM entity_links WHERE a = ?1 OR b = ?1", args![id])?;
    }
    for &id in ids {
        let names: Vec<String> = conn.col(
            "SELECT name FROM entities WHERE id = ?1 UNION SELECT name FROM aliases WHERE entity = ?1",
            args![id],
        )?;
        for n in names {
            add_name(conn, cache, id, &n)?;
        }
        conn.exec(
            "INSERT INTO entity_stats (entity, kind, value, n) \
             SELECT entity, 't', type, COUNT(*) FROM doc_entities WHERE entity = ?1 GROUP BY entity, type",
            args![id],
        )?;
        conn.exec(
            "INSERT INTO entity_stats (entity, kind, value, n) \
             SELECT entity, 'n', name, COUNT(DISTINCT doc) FROM doc_entities WHERE entity = ?1 GROUP BY entity, name",
            args![id],
        )?;
        conn.exec(
            "INSERT INTO entity_stats (entity, kind, value, n) \
             SELECT CAST(?1 AS BIGINT), 'm', '', COUNT(*) FROM mentions WHERE entity = ?1",
            args![id],
        )?;
        conn.exec(
            "INSERT INTO entity_stats (entity, kind, value, n) SELECT CAST(?1 AS BIGINT), 'd', '', COUNT(*) FROM \
             (SELECT doc FROM mentions WHERE entity = ?1 UNION SELECT doc FROM doc_entities WHERE entity = ?1) AS docs",
            args![id],
        )?;
        let mut pairs: Vec<(i64, i64)> = conn
            .rows(
                "SELECT s.entity, t.entity FROM doc_entities s JOIN relations r ON r.source = s.id \
                 JOIN doc_entities t ON t.id = r.target WHERE s.entity = ?1 \
                 UNION SELECT s.entity, t.entity FROM doc_entities t JOIN relations r ON r.target = t.id \
                 JOIN doc_entities s ON s.id = r.source WHERE t.entity = ?1 \
                 UNION SELECT x.entity, y.entity FROM doc_entities x \
                 JOIN event_participants p ON p.doc_entity = x.id \
                 JOIN event_participants q ON q.event = p.event \
                 JOIN doc_entities y ON y.id = q.doc_entity WHERE x.entity = ?1",
                args![id],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?)))
            .collect::<Result<_>>()?;
        pairs.sort_unstable();
        for (a, b) in pairs {
            add_link(conn, a, b)?;
        }
    }
    Ok(())
}

/// Builds the whole index from the stored documents (migration of a
/// database written before the index existed).
pub(crate) fn rebuild_all<D: Db>(conn: &D) -> Result<()> {
    let ids: Vec<i64> = conn.col("SELECT id FROM entities ORDER BY id", &[])?;
    let mut cache = HashMap::new();
    rebuild(conn, &mut cache, &ids)
}

/// A short form of a name that resolution links to a long one only when
/// the base holds one long name it fits (see
/// `Engine::separate_ambiguous_short_forms`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ShortForm {
    /// A bare acronym (the key: its letters) and the full names with those
    /// initials.
    Acronym,
    /// A person's bare surname (the key: its folded token) and the persons'
    /// full names ending in it.
    Surname,
}

impl ShortForm {
    /// Whether `p` holds an expansion of short form `k`.
    pub(crate) fn expands(self, p: &Profile, k: &str) -> bool {
        match self {
            ShortForm::Acronym => resolve::holds_expansion(p, k),
            ShortForm::Surname => resolve::holds_surname(p, k),
        }
    }

    /// Whether `name` is written as short form `k`.
    pub(crate) fn is(self, name: &str, k: &str) -> bool {
        match self {
            ShortForm::Acronym => resolve::acronym_letters(name).as_deref() == Some(k),
            ShortForm::Surname => resolve::bare_surname(name).as_deref() == Some(k),
        }
    }

    /// Whether a document entity of type `etype` named `name` is known
    /// only by short form `k`.
    pub(crate) fn bare(self, etype: &str, name: &str, k: &str) -> bool {
        match self {
            ShortForm::Acronym => self.is(name, k),
            ShortForm::Surname => etype == EntityType::Person.as_str() && self.is(name, k),
        }
    }

    /// Whether every name of `p` is short form `k`.
    pub(crate) fn only_short(self, p: &Profile, k: &str) -> bool {
        (self == ShortForm::Acronym || p.etype == EntityType::Person)
            && !p.names.is_empty()
            && p.names.iter().all(|n| self.is(&n.name, k))
    }
}

/// Looks stored entities up through the index during one ingest: canonical
/// ids, merge groups and candidate profiles are read on demand and cached
/// for the transaction.
pub(crate) struct Lookup<'c, D: Db> {
    conn: &'c D,
    canon: HashMap<i64, i64>,
    members: HashMap<i64, Vec<i64>>,
    profiles: HashMap<i64, Option<Profile>>,
    /// Canonical entity → translit keys analysts split away from it.
    blocked: HashMap<i64, HashSet<String>>,
    /// (canonical entity, translit key of a split alias) → split target.
    pub redirects: HashMap<(i64, String), i64>,
}

impl<'c, D: Db> Lookup<'c, D> {
    pub fn new(conn: &'c D) -> Result<Self> {
        let mut l = Lookup {
            conn,
            canon: HashMap::new(),
            members: HashMap::new(),
            profiles: HashMap::new(),
            blocked: HashMap::new(),
            redirects: HashMap::new(),
        };
        let splits: Vec<(i64, i64, String)> = conn
            .rows(
                "SELECT a, b, alias_key FROM overrides WHERE kind = 'split' AND undone_at IS NULL ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<_>>()?;
        for (a, b, key) in splits {
            let (a, b) = (l.canonical(a)?, l.canonical(b)?);
            if a != b {
                l.blocked.entry(a).or_default().insert(key.clone());
                l.redirects.insert((a, key), b);
            }
        }
        Ok(l)
    }

    /// The canonical id of `id` (following analyst merges).
    pub fn canonical(&mut self, id: i64) -> Result<i64> {
        if let Some(&c) = self.canon.get(&id) {
            return Ok(c);
        }
        let mut cur = id;
        for _ in 0..1000 {
            let next: Option<Option<i64>> = self
                .conn
                .row("SELECT merged_into FROM entities WHERE id = ?1", args![cur])?
                .map(|r| r.get(0))
                .transpose()?;
            match next.flatten() {
                Some(n) if n != cur => cur = n,
                _ => break,
            }
        }
        self.canon.insert(id, cur);
        Ok(cur)
    }

    /// The store ids merged into canonical `c` (itself included).
    pub fn members(&mut self, c: i64) -> Result<Vec<i64>> {
        if let Some(m) = self.members.get(&c) {
            return Ok(m.clone());
        }
        let m = members(self.conn, c)?;
        self.members.insert(c, m.clone());
        Ok(m)
    }

    /// Forgets the cached profile of canonical `c` (its names changed).
    pub fn touch(&mut self, c: i64) {
        self.profiles.remove(&c);
    }

    /// Forgets what is cached of store entity `id` (rows moved to or from it).
    pub fn forget(&mut self, id: i64) -> Result<()> {
        let c = self.canonical(id)?;
        self.profiles.remove(&c);
        self.profiles.remove(&id);
        Ok(())
    }

    fn profile(
        &mut self,
        c: i64,
        cache: &mut HashMap<String, NameKeys>,
    ) -> Result<Option<Profile>> {
        if let Some(p) = self.profiles.get(&c) {
            return Ok(p.clone());
        }
        let row: Option<(String, String)> = self
            .conn
            .row(
                "SELECT type, name FROM entities WHERE id = ?1 AND merged_into IS NULL",
                args![c],
            )?
            .map(|r| Ok::<_, KbError>((r.get(0)?, r.get(1)?)))
            .transpose()?;
        let p = match row {
            None => None,
            Some((t, name)) => {
                let etype = EntityType::from_str(&t).map_err(|_| {
                    KbError::Db(format!("unknown entity type '{t}' in the database"))
                })?;
                let mut names = vec![name];
                for m in self.members(c)? {
                    for n in self.conn.col::<String>(
                        "SELECT name FROM entity_names WHERE entity = ?1",
                        args![m],
                    )? {
                        if !names.contains(&n) {
                            names.push(n);
                        }
                    }
                }
                let keys = names
                    .iter()
                    .map(|n| keys_of(cache, n).clone())
                    .filter(|k| !k.key.is_empty())
                    .collect();
                let mut p = Profile::from_keys(c, etype, keys);
                p.blocked = self.blocked.get(&c).cloned().unwrap_or_default();
                Some(p)
            }
        };
        self.profiles.insert(c, p.clone());
        Ok(p)
    }

    fn posting(&mut self, key: &str, cap: Option<usize>) -> Result<Vec<i64>> {
        let ids: Vec<i64> = match cap {
            Some(c) => self.conn.col(
                "SELECT entity FROM entity_keys WHERE key = ?1 LIMIT ?2",
                args![key, c as i64 + 1],
            )?,
            None => self
                .conn
                .col("SELECT entity FROM entity_keys WHERE key = ?1", args![key])?,
        };
        if cap.is_some_and(|c| ids.len() > c) {
            return Ok(Vec::new());
        }
        let mut out = BTreeSet::new();
        for id in ids {
            out.insert(self.canonical(id)?);
        }
        Ok(out.into_iter().collect())
    }

    /// Whether canonical entities `a` and `b` share a relation or an event.
    fn linked(&mut self, a: i64, b: i64) -> Result<bool> {
        let (ma, mb) = (self.members(a)?, self.members(b)?);
        for &x in &ma {
            for &y in &mb {
                if self.conn.one::<bool>(
                    "SELECT EXISTS (SELECT 1 FROM entity_links WHERE a = ?1 AND b = ?2)",
                    args![x, y],
                )? {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Which stored entity `incoming` is, if any: [`resolve::resolve_with`]
    /// over the candidates the index proposes, each with its neighbours
    /// among `incoming.neighbours`.
    pub fn resolve(
        &mut self,
        incoming: &Profile,
        cache: &mut HashMap<String, NameKeys>,
    ) -> Result<Option<(i64, resolve::MatchKind)>> {
        let mut ids = BTreeSet::new();
        for n in &incoming.names {
            for (key, capped) in resolve::lookup_keys(n, incoming.etype) {
                let cap = capped.then_some(resolve::POSTING_CAP);
                ids.extend(self.posting(&key, cap)?);
            }
        }
        let mut cands = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(mut p) = self.profile(id, cache)? {
                for &x in &incoming.neighbours {
                    if x != id && self.linked(id, x)? {
                        p.neighbours.insert(x);
                    }
                }
                cands.push(p);
            }
        }
        // Persons holding the incoming surname in a full name, store-wide.
        let mut holders = 0;
        if let Some(s) = resolve::incoming_surname(incoming) {
            let key = format!("l:{s}");
            let ids: Vec<i64> = self.conn.col(
                "SELECT entity FROM entity_keys WHERE key = ?1 LIMIT ?2",
                args![key, resolve::POSTING_CAP as i64 + 1],
            )?;
            if ids.len() > resolve::POSTING_CAP {
                holders = ids.len();
            } else {
                let mut seen = BTreeSet::new();
                for id in ids {
                    let c = self.canonical(id)?;
                    if seen.insert(c) {
                        if let Some(p) = self.profile(c, cache)? {
                            if resolve::holds_surname(&p, s) {
                                holders += 1;
                            }
                        }
                    }
                }
            }
        }
        let mut refs: Vec<&Profile> = cands.iter().collect();
        let surname_unique = incoming.etype == EntityType::Person
            && resolve::incoming_surname(incoming).is_some()
            && if incoming.names.first().is_some_and(|n| n.tokens.len() == 1) {
                holders == 1
            } else {
                holders == 0
            };
        // A match that rests on an acronym alone holds only while one entity
        // of the whole base (counting the incoming one) holds an expansion of
        // it; otherwise the next best candidate is tried.
        loop {
            let Some((id, kind)) = resolve::resolve_with(incoming, &refs, holders) else {
                return Ok(None);
            };
            let Some(pos) = refs.iter().position(|p| p.id == id) else {
                return Ok(Some((id, kind)));
            };
            let letters = resolve::acronym_link(incoming, refs[pos], surname_unique);
            let mut unique = true;
            for k in &letters {
                // Expansions of one body in two wordings count once.
                let incoming_owns = resolve::holds_expansion(incoming, k)
                    && !(resolve::holds_expansion(refs[pos], k)
                        && resolve::expansions_akin(incoming, refs[pos], k));
                if !incoming_owns && !resolve::holds_expansion(refs[pos], k) {
                    // Two entities known by the acronym alone.
                    continue;
                }
                let mut owners = match self.expansion_holders(ShortForm::Acronym, k, cache)? {
                    Some(o) => o,
                    None => {
                        unique = false;
                        break;
                    }
                };
                if resolve::holds_expansion(refs[pos], k) {
                    owners.insert(id);
                }
                if owners.len() + usize::from(incoming_owns) != 1 {
                    unique = false;
                    break;
                }
            }
            if unique {
                return Ok(Some((id, kind)));
            }
            refs.remove(pos);
        }
    }

    /// The canonical entities holding an expansion of short form `k` (a
    /// full name with those initials, through the `i:` postings; a person's
    /// full name with that surname, through `l:`); None when the posting is
    /// too long to read ([`resolve::POSTING_CAP`]), which counts as
    /// ambiguous.
    pub fn expansion_holders(
        &mut self,
        form: ShortForm,
        k: &str,
        cache: &mut HashMap<String, NameKeys>,
    ) -> Result<Option<BTreeSet<i64>>> {
        let key = match form {
            ShortForm::Acronym => format!("i:{k}"),
            ShortForm::Surname => format!("l:{k}"),
        };
        let ids: Vec<i64> = self.conn.col(
            "SELECT entity FROM entity_keys WHERE key = ?1 LIMIT ?2",
            args![key, resolve::POSTING_CAP as i64 + 1],
        )?;
        if ids.len() > resolve::POSTING_CAP {
            return Ok(None);
        }
        let mut out = BTreeSet::new();
        for id in ids {
            let c = self.canonical(id)?;
            if out.contains(&c) {
                continue;
            }
            if let Some(p) = self.profile(c, cache)? {
                if form.expands(&p, k) {
                    out.insert(c);
                }
            }
        }
        Ok(Some(out))
    }

    /// The canonical entities holding short form `k` as a name (an acronym
    /// with those letters, through the `A:` postings; a one-word name,
    /// through `b:`), with their profiles; none when more than
    /// [`SHORT_FORM_CAP`] store entities do (not re-decided).
    pub fn short_form_holders(
        &mut self,
        form: ShortForm,
        k: &str,
        cache: &mut HashMap<String, NameKeys>,
    ) -> Result<Vec<Profile>> {
        let key = match form {
            ShortForm::Acronym => format!("A:{k}"),
            ShortForm::Surname => format!("b:{k}"),
        };
        let ids: Vec<i64> = self.conn.col(
            "SELECT entity FROM entity_keys WHERE key = ?1 LIMIT ?2",
            args![key, SHORT_FORM_CAP as i64 + 1],
        )?;
        if ids.len() > SHORT_FORM_CAP {
            return Ok(Vec::new());
        }
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for id in ids {
            let c = self.canonical(id)?;
            if seen.insert(c) {
                if let Some(p) = self.profile(c, cache)? {
                    out.push(p);
                }
            }
        }
        Ok(out)
    }
}

/// The store ids merged (directly or not) into `c`, `c` included, sorted.
pub(crate) fn members<D: Db>(conn: &D, c: i64) -> Result<Vec<i64>> {
    let mut m: Vec<i64> = conn.col(
        "WITH RECURSIVE m(id) AS (SELECT CAST(?1 AS BIGINT) UNION SELECT e.id FROM entities e JOIN m ON e.merged_into = m.id) \
         SELECT id FROM m",
        args![c],
    )?;
    m.sort_unstable();
    Ok(m)
}

/// The canonical id of `id`, if it exists.
pub(crate) fn canonical<D: Db>(conn: &D, id: i64) -> Result<Option<i64>> {
    let get = |id: i64| -> Result<Option<Option<i64>>> {
        conn.row("SELECT merged_into FROM entities WHERE id = ?1", args![id])?
            .map(|r| r.get::<Option<i64>>(0))
            .transpose()
    };
    let Some(mut next) = get(id)? else {
        return Ok(None);
    };
    let mut cur = id;
    for _ in 0..1000 {
        match next {
            Some(n) if n != cur => {
                cur = n;
                next = get(cur)?.flatten();
            }
            _ => break,
        }
    }
    Ok(Some(cur))
}
