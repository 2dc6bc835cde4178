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

use crate::grading;
use crate::index;
use crate::resolve::{self, name_key, translit_key, MatchKind, Profile};
use crate::rules::{self, normalize_value};
use crate::sql::{args, Db, FromValue, Row, ToValue, Tx};
use crate::store::*;
use dossier_doc::{Doc, EntityType, EventType, MentionKind, Meta, RelationType, Role};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

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

    /// Undoes the active merge that merged `entity` into another entity.
    pub(crate) fn unmerge(&mut self, entity: i64) -> Result<()> {
        let id: Option<i64> = self
            .conn
            .row(
                "SELECT id FROM overrides WHERE kind = 'merge' AND b = ?1 AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
                args![entity],
            )?
            .map(|r| r.get(0))
            .transpose()?;
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
        let tx = Tx::begin(&self.conn)?;
        if document_exists(&*tx, &doc_id)? {
            return Ok(IngestOutcome::Unchanged { document: doc_id });
        }
        let source = opts.source.clone().or_else(|| doc.meta.source.clone());
        tx.exec(
            "INSERT INTO documents (id, title, published, source, url, path, reliability) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            args![doc_id, doc.meta.title, doc.meta.published, source, doc.meta.url, doc.meta.path, reliability.to_string()],
        )?;
        {
            let sentences: Vec<(usize, usize, usize, &str)> = doc
                .sentences
                .iter()
                .enumerate()
                .map(|(i, s)| (i, s.start, s.end, doc.slice(s.start, s.end)))
                .collect();
            tx.insert_sentences(&doc_id, &sentences)?;
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
        let mut lookup = index::Lookup::new(&*tx)?;
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
        let add_names = |lookup: &mut index::Lookup<D>,
                         cache: &mut HashMap<String, resolve::NameKeys>,
                         id: i64,
                         names: &[resolve::NameKeys]|
         -> Result<()> {
            for n in names {
                let to = target_of(&lookup.redirects, id, &n.name);
                index::add_name(&*tx, cache, to, &n.name)?;
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
                    let id = tx.insert_id(
                        "INSERT INTO entities (type, name, key) VALUES (?1, ?2, ?3)",
                        args![e.etype.as_str(), e.name, name_key(&e.name)],
                    )?;
                    tx.name_added(id, &e.name)?;
                    id
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
        let mut stats: BTreeMap<(i64, &str, &str), i64> = BTreeMap::new();
        let mut mention_counts: BTreeMap<i64, i64> = BTreeMap::new();
        {
            let ins_de = "INSERT INTO doc_entities (doc, idx, entity, type, name, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
            let mut alias_rows = Vec::new();
            for (i, e) in doc.entities.iter().enumerate() {
                let entity = target_of(resolved[i], &e.name);
                de_ids.push(tx.insert_id(
                    ins_de,
                    args![
                        doc_id,
                        i as i64,
                        entity,
                        e.etype.as_str(),
                        e.name,
                        name_key(&e.name)
                    ],
                )?);
                *stats.entry((entity, "t", e.etype.as_str())).or_default() += 1;
                if names_seen.insert((entity, e.name.as_str())) {
                    *stats.entry((entity, "n", e.name.as_str())).or_default() += 1;
                }
                de_entity.push(entity);
                for n in &incoming[i].alias_names {
                    let to = target_of(resolved[i], n);
                    alias_rows.push(vec![
                        to.to_value(),
                        n.to_value(),
                        name_key(n).to_value(),
                        doc_id.to_value(),
                    ]);
                    index::add_name(&*tx, &mut self.keys, to, n)?;
                }
            }
            tx.insert_rows(
                "INSERT OR IGNORE INTO aliases (entity, name, key, document)",
                "(?, ?, ?, ?)",
                "",
                &alias_rows,
            )?;
            let mut mention_rows = Vec::new();
            for (i, ms) in ent_mentions.iter().enumerate() {
                for &m in ms {
                    let mm = &doc.mentions[m];
                    check_sentence("a mention", mm.sentence)?;
                    let entity = match mm.kind {
                        MentionKind::Nominal | MentionKind::Pronoun => resolved[i],
                        _ => target_of(resolved[i], &mm.text),
                    };
                    mention_rows.push(vec![
                        doc_id.to_value(),
                        mm.sentence.to_value(),
                        mm.start.to_value(),
                        mm.end.to_value(),
                        entity.to_value(),
                        de_ids[i].to_value(),
                        mm.text.to_value(),
                        mention_kind_str(mm.kind).to_value(),
                    ]);
                    *mention_counts.entry(entity).or_default() += 1;
                }
            }
            tx.insert_rows(
                "INSERT INTO mentions (doc, sentence, start, \"end\", entity, doc_entity, text, kind)",
                "(?, ?, ?, ?, ?, ?, ?, ?)",
                "",
                &mention_rows,
            )?;
        }
        // Mention and document counts of the entities this document names.
        for &e in &de_entity {
            mention_counts.entry(e).or_default();
        }
        for (&e, &n) in &mention_counts {
            stats.insert((e, "m", ""), n);
            stats.insert((e, "d", ""), 1);
        }
        index::bump_stats(&*tx, &stats)?;

        // --- Facts ---
        {
            let ins_r =
                "INSERT INTO relations (doc, type, source, target, confidence, date, modality, credibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
            // Evidence and participants, sent in a few statements at the end.
            let evidence = |owner: i64, e: &dossier_doc::Evidence| {
                vec![
                    owner.to_value(),
                    e.sentence.to_value(),
                    e.start.to_value(),
                    e.end.to_value(),
                    e.cited.to_value(),
                ]
            };
            let (mut rel_ev, mut ev_ev, mut attr_ev, mut parts) =
                (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for r in &doc.relations {
                check_entity("a relation", r.source)?;
                check_entity("a relation", r.target)?;
                let rid = tx.insert_id(
                    ins_r,
                    args![
                        doc_id,
                        r.rtype.as_str(),
                        de_ids[r.source],
                        de_ids[r.target],
                        r.confidence as f64,
                        r.date,
                        r.modality,
                        grading::credibility(r.modality.as_deref())
                    ],
                )?;
                for e in &r.evidence {
                    check_sentence("relation evidence", e.sentence)?;
                    rel_ev.push(evidence(rid, e));
                }
            }
            let ins_e = "INSERT INTO events (doc, type, trigger, attempted, date, fatalities, injured, modality, confidence, credibility) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
            for ev in &doc.events {
                let eid = tx.insert_id(
                    ins_e,
                    args![
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
                    ],
                )?;
                for p in &ev.participants {
                    check_entity("an event participant", p.entity)?;
                    parts.push(vec![
                        eid.to_value(),
                        p.role.as_str().to_value(),
                        de_ids[p.entity].to_value(),
                    ]);
                }
                for e in &ev.evidence {
                    check_sentence("event evidence", e.sentence)?;
                    ev_ev.push(evidence(eid, e));
                }
            }
            let ins_a = "INSERT INTO attributes (doc, doc_entity, name, value, date, confidence, credibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
            for a in &doc.attributes {
                check_entity("an attribute", a.entity)?;
                let aid = tx.insert_id(
                    ins_a,
                    args![
                        doc_id,
                        de_ids[a.entity],
                        a.name,
                        a.value,
                        a.date,
                        a.confidence as f64,
                        grading::credibility(None)
                    ],
                )?;
                for e in &a.evidence {
                    check_sentence("attribute evidence", e.sentence)?;
                    attr_ev.push(evidence(aid, e));
                }
            }
            let cols = "(?, ?, ?, ?, ?)";
            for (table, owner, rows) in [
                ("relation_evidence", "relation", &rel_ev),
                ("event_evidence", "event", &ev_ev),
                ("attribute_evidence", "attribute", &attr_ev),
            ] {
                tx.insert_rows(
                    &format!("INSERT INTO {table} ({owner}, sentence, start, \"end\", cited)"),
                    cols,
                    "",
                    rows,
                )?;
            }
            tx.insert_rows(
                "INSERT INTO event_participants (event, role, doc_entity)",
                "(?, ?, ?)",
                "",
                &parts,
            )?;
        }
        // Shared context for later resolution.
        let mut links: BTreeSet<(i64, i64)> = BTreeSet::new();
        for r in &doc.relations {
            links.insert((de_entity[r.source], de_entity[r.target]));
        }
        for ev in &doc.events {
            for a in &ev.participants {
                for b in &ev.participants {
                    links.insert((de_entity[a.entity], de_entity[b.entity]));
                }
            }
        }
        index::add_links(&*tx, &links)?;
        let touched: BTreeSet<i64> = resolved.iter().copied().collect();
        for id in touched {
            Self::refresh_entity(&*tx, id)?;
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
    pub(crate) fn refresh_entity(conn: &D, id: i64) -> Result<()> {
        let (cur_type, cur_name): (String, String) = pair(
            &conn
                .row("SELECT type, name FROM entities WHERE id = ?1", args![id])?
                .ok_or_else(|| KbError::NotFound(format!("entity {id}")))?,
        )?;
        let mut type_counts: Vec<(String, i64)> = pairs(conn.rows(
            "SELECT value, n FROM entity_stats WHERE entity = ?1 AND kind = 't' AND n > 0",
            args![id],
        )?)?;
        type_counts.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| (a.0 != cur_type).cmp(&(b.0 != cur_type)))
        });
        let new_type = type_counts
            .first()
            .map(|t| t.0.clone())
            .unwrap_or_else(|| cur_type.clone());
        let names: Vec<(String, i64)> = pairs(conn.rows(
            "SELECT value, n FROM entity_stats WHERE entity = ?1 AND kind = 'n' AND n > 0",
            args![id],
        )?)?;
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
            conn.exec(
                "UPDATE entities SET type = ?2, name = ?3, key = ?4 WHERE id = ?1",
                args![id, new_type, new_name, name_key(&new_name)],
            )?;
            conn.name_added(id, &new_name)?;
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
        let mut out: HashMap<i64, Vec<EvidenceRecord>> = HashMap::new();
        for r in self.conn.rows(&sql, &[])? {
            let ev = EvidenceRecord {
                document: r.get(1)?,
                sentence: r.get::<i64>(2)? as usize,
                start: r.get::<i64>(3)? as usize,
                end: r.get::<i64>(4)? as usize,
                cited: r.get(5)?,
                text: r.get::<Option<String>>(6)?.unwrap_or_default(),
            };
            out.entry(r.get::<i64>(0)?).or_default().push(ev);
        }
        Ok(out)
    }

    fn all_entities(&self) -> Result<Vec<EntityRecord>> {
        let canon = Canon::load(&self.conn)?;
        let mut aliases: HashMap<i64, BTreeMap<String, BTreeSet<String>>> = HashMap::new();
        {
            for r in self.conn.rows(
                "SELECT entity, name, document FROM aliases ORDER BY id",
                &[],
            )? {
                let (e, name, doc): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
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
            for r in self.conn.rows(
                "SELECT entity, doc, COUNT(*) FROM mentions GROUP BY entity, doc",
                &[],
            )? {
                let (e, doc, n): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let c = canon.get(e);
                *mentions.entry(c).or_default() += n as usize;
                docs.entry(c).or_default().insert(doc);
            }
            for r in self
                .conn
                .rows("SELECT DISTINCT entity, doc FROM doc_entities", &[])?
            {
                let (e, doc): (i64, String) = pair(&r)?;
                docs.entry(canon.get(e)).or_default().insert(doc);
            }
        }
        let mut out = Vec::new();
        for r in self.conn.rows(
            "SELECT id, type, name FROM entities WHERE merged_into IS NULL",
            &[],
        )? {
            let (id, t, name): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
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
        self.review_events(rules::group_events(raw))
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
            .rows(
                &format!(
                    "SELECT p.event, p.role, d.entity FROM event_participants p JOIN doc_entities d ON d.id = p.doc_entity \
                     {where_part} ORDER BY p.rowid"
                ),
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<_>>()?;
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
        let rows = self.conn.rows(
            &format!(
                "SELECT id, doc, type, trigger, attempted, date, fatalities, injured, modality, confidence, credibility \
                 FROM events {where_id} ORDER BY id"
            ),
            &[],
        )?;
        let mut out = Vec::new();
        for r in rows {
            let id: i64 = r.get(0)?;
            let t: String = r.get(2)?;
            let etype = EventType::from_str(&t).map_err(|_| bad("event type", &t))?;
            out.push((
                EventRecord {
                    id,
                    etype,
                    trigger: r.get(3)?,
                    attempted: r.get(4)?,
                    date: r.get(5)?,
                    participants: participants.remove(&id).unwrap_or_default(),
                    fatalities: r.get(6)?,
                    injured: r.get(7)?,
                    modality: r.get(8)?,
                    confidence: r.get::<f64>(9)? as f32,
                    credibility: r.get(10)?,
                    evidence: evidence.remove(&id).unwrap_or_default(),
                    review: None,
                },
                r.get::<String>(1)?,
            ));
        }
        Ok(out)
    }

    /// Aggregates the relation rows `sql` selects (in id order).
    fn relations_from(
        &self,
        sql: &str,
        canon: &mut dyn FnMut(i64) -> Result<i64>,
        evidence: &mut dyn FnMut(i64) -> Result<Vec<EvidenceRecord>>,
    ) -> Result<Vec<RelationRecord>> {
        let rows = self
            .conn
            .rows(sql, &[])?
            .iter()
            .map(|r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<i64>(3)?,
                    r.get::<i64>(4)?,
                    r.get::<f64>(5)?,
                    r.get::<Option<String>>(6)?,
                    r.get::<u8>(7)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut groups: Vec<(RelationRecord, Vec<(String, u8)>)> = Vec::new();
        let mut index: HashMap<(RelationType, i64, i64), usize> = HashMap::new();
        for row in rows {
            let (id, doc, t, s, tg, conf, date, cred) = row;
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
                            review: None,
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
        self.review_relations(out)
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
        let Some(version) = self.conn.data_version()? else {
            return self.entity_events_uncached(entity);
        };
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
            .col::<i64>(
                &format!("SELECT id FROM events WHERE id IN ({seeds}) AND date IS NULL"),
                &[],
            )?
            .into_iter()
            .collect();
        // Every event of the dated seeds' (type, flag, date) buckets, with
        // its participants.
        let rows: Vec<(i64, String, bool, String, String, i64)> = self
            .conn
            .rows(
                &format!(
                    "SELECT o.id, o.type, o.attempted, o.date, p.role, d.entity FROM events o \
                     JOIN event_participants p ON p.event = o.id JOIN doc_entities d ON d.id = p.doc_entity \
                     WHERE (o.type, o.attempted, o.date) IN \
                     (SELECT type, attempted, date FROM events WHERE id IN ({seeds}) AND date IS NOT NULL) \
                     ORDER BY o.id"
                ),
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
            .collect::<Result<_>>()?;
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
        Ok(self
            .review_events(rules::group_events(raw))?
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
        let mut groups: Vec<(AttributeRecord, Vec<(String, u8)>)> = Vec::new();
        let mut index: HashMap<(i64, String, String, Option<String>), usize> = HashMap::new();
        let rows = self
            .conn
            .rows(sql, &[])?
            .iter()
            .map(|r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<String>(3)?,
                    r.get::<String>(4)?,
                    r.get::<Option<String>>(5)?,
                    r.get::<f64>(6)?,
                    r.get::<u8>(7)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        for row in rows {
            let (id, doc, e, name, value, date, confidence, credibility) = row;
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
                            review: None,
                        },
                        vec![(doc, credibility)],
                    ));
                }
            }
        }
        self.review_attributes(
            groups
                .into_iter()
                .map(|(mut g, claims)| {
                    let c: Vec<(&str, u8)> = claims.iter().map(|(d, c)| (d.as_str(), *c)).collect();
                    g.credibility = grading::aggregate(&c);
                    g
                })
                .collect(),
        )
    }

    fn undo_merge(tx: &D, a: i64, b: i64) -> Result<()> {
        let changed = tx.exec(
            "UPDATE entities SET merged_into = NULL WHERE id = ?1 AND merged_into = ?2",
            args![b, a],
        )?;
        if changed == 0 {
            return Err(KbError::Invalid(format!(
                "entity {b} is no longer merged into {a}"
            )));
        }
        Ok(())
    }
}

/// A document row (`id, title, published, source, url, path, reliability,
/// sentence count`) as a record.
fn document_row(r: &Row) -> Result<DocumentRecord> {
    Ok(DocumentRecord {
        id: r.get(0)?,
        title: r.get(1)?,
        published: r.get(2)?,
        source: r.get(3)?,
        url: r.get(4)?,
        path: r.get(5)?,
        reliability: r
            .get::<String>(6)?
            .chars()
            .next()
            .unwrap_or(grading::DEFAULT_RELIABILITY),
        sentences: r.get::<i64>(7)? as usize,
    })
}

struct Incoming {
    profile: Profile,
    /// Names stored as aliases (all names, with short forms for persons).
    alias_names: Vec<String>,
}

impl<D: Db> Store for Engine<D> {
    fn ingest(&mut self, doc: &Doc, opts: &IngestOptions) -> Result<IngestOutcome> {
        self.writes += 1;
        retry_busy(|| self.ingest_once(doc, opts))
    }

    fn documents(&self) -> Result<Vec<DocumentRecord>> {
        self.conn
            .rows(
                "SELECT d.id, d.title, d.published, d.source, d.url, d.path, d.reliability, \
                 (SELECT COUNT(*) FROM sentences s WHERE s.doc = d.id) FROM documents d ORDER BY d.rowid",
                &[],
            )?
            .iter()
            .map(document_row)
            .collect()
    }

    fn document(&self, id: &str) -> Result<Option<DocumentRecord>> {
        self.conn
            .row(
                "SELECT d.id, d.title, d.published, d.source, d.url, d.path, d.reliability, \
                 (SELECT COUNT(*) FROM sentences s WHERE s.doc = d.id) FROM documents d WHERE d.id = ?1",
                args![id],
            )?
            .as_ref()
            .map(document_row)
            .transpose()
    }

    fn sentences(&self, id: &str) -> Result<Vec<SentenceRecord>> {
        if self.document(id)?.is_none() {
            return Err(KbError::NotFound(format!("document {id}")));
        }
        self.conn
            .rows(
                "SELECT idx, start, \"end\", text FROM sentences WHERE doc = ?1 ORDER BY idx",
                args![id],
            )?
            .iter()
            .map(|r| {
                Ok(SentenceRecord {
                    index: r.get::<i64>(0)? as usize,
                    start: r.get::<i64>(1)? as usize,
                    end: r.get::<i64>(2)? as usize,
                    text: r.get(3)?,
                })
            })
            .collect()
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
        let (t, name): (String, String) = pair(
            &self
                .conn
                .row("SELECT type, name FROM entities WHERE id = ?1", args![c])?
                .ok_or_else(|| KbError::NotFound(format!("entity {c}")))?,
        )?;
        let etype = EntityType::from_str(&t).map_err(|_| bad("entity type", &t))?;
        let mut aliases: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut mention_count = 0i64;
        let mut docs: HashSet<String> = HashSet::new();
        for &m in &members {
            for r in self.conn.rows(
                "SELECT name, document FROM aliases WHERE entity = ?1",
                args![m],
            )? {
                let (n, d): (String, String) = pair(&r)?;
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
                    mention_count += self
                        .conn
                        .one::<i64>("SELECT COUNT(*) FROM mentions WHERE entity = ?1", args![m])?;
                    docs.extend(self.conn.col::<String>(
                        "SELECT doc FROM mentions WHERE entity = ?1 UNION SELECT doc FROM doc_entities WHERE entity = ?1",
                        args![m],
                    )?);
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
        // The names that may match, where the backend indexes them
        // (PostgreSQL: `pg_trgm`), else every distinct name of every
        // store entity (not their documents); ranked here either way.
        let indexed = self.indexed()?;
        let candidates = if indexed {
            self.conn
                .name_candidates(&lower, &q, q.acronym.then_some(acr.as_str()))?
        } else {
            None
        };
        let rows = match candidates {
            Some(rows) => rows,
            None if indexed => self.conn.rows(
                "SELECT entity, name FROM entity_names UNION SELECT id, name FROM entities",
                &[],
            )?,
            None => self.conn.rows(
                "SELECT entity, name FROM aliases UNION SELECT id, name FROM entities",
                &[],
            )?,
        };
        let mut best: HashMap<i64, u8> = HashMap::new();
        {
            for r in rows {
                let (id, n): (i64, String) = pair(&r)?;
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
        // An attribute without a date holds as of its document's publication.
        let published: HashMap<String, dossier_doc::Edtf> = self
            .conn
            .rows(
                "SELECT id, published FROM documents WHERE published IS NOT NULL",
                &[],
            )?
            .iter()
            .map(pair::<String, String>)
            .filter_map(|r| match r {
                Ok((id, p)) => dossier_doc::Edtf::parse(&p).ok().map(|p| Ok((id, p))),
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_>>()?;
        let mut out =
            rules::attribute_contradictions(attributes, &|d| published.get(d).copied(), want);
        out.extend(rules::event_contradictions(&events, want));
        Ok(out)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        self.conn.search(query, limit)
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
        let tx = Tx::begin(&self.conn)?;
        tx.exec(
            "UPDATE entities SET merged_into = ?1 WHERE id = ?2",
            args![ca, cb],
        )?;
        tx.exec(
            "INSERT INTO overrides (kind, a, b) VALUES ('merge', ?1, ?2)",
            args![ca, cb],
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
        let tx = Tx::begin(&self.conn)?;
        let in_list = members
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let alias_rows: Vec<(i64, String)> = pairs(tx.rows(
            &format!("SELECT id, name FROM aliases WHERE entity IN ({in_list})"),
            &[],
        )?)?;
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
        let etype: String = tx.one("SELECT type FROM entities WHERE id = ?1", args![e])?;
        let n = tx.insert_id(
            "INSERT INTO entities (type, name, key) VALUES (?1, ?2, ?3)",
            args![etype, written, name_key(written)],
        )?;
        tx.name_added(n, written)?;
        for (id, _) in &moving {
            tx.exec(
                "UPDATE aliases SET entity = ?1 WHERE id = ?2",
                args![n, *id],
            )?;
        }
        let move_by_text = |table: &str, col: &str| -> Result<()> {
            let rows: Vec<(i64, String)> = pairs(tx.rows(
                &format!("SELECT id, {col} FROM {table} WHERE entity IN ({in_list})"),
                &[],
            )?)?;
            for (id, text) in rows {
                if translit_key(&text) == tk {
                    tx.exec(
                        &format!("UPDATE {table} SET entity = ?1 WHERE id = ?2"),
                        args![n, id],
                    )?;
                }
            }
            Ok(())
        };
        move_by_text("mentions", "text")?;
        move_by_text("doc_entities", "name")?;
        let affected: Vec<i64> = members.iter().copied().chain([n]).collect();
        index::rebuild(&*tx, &mut self.keys, &affected)?;
        tx.exec(
            "INSERT INTO overrides (kind, a, b, alias, alias_key) VALUES ('split', ?1, ?2, ?3, ?4)",
            args![e, n, alias, tk],
        )?;
        for id in members.iter().copied().chain([n]) {
            let has_docs: bool = tx.one(
                "SELECT EXISTS (SELECT 1 FROM doc_entities WHERE entity = ?1)",
                args![id],
            )?;
            if has_docs {
                Self::refresh_entity(&*tx, id)?;
            }
        }
        // If the kept entity's own name was the alias, rename it after a remaining alias.
        let cur: String = tx.one("SELECT name FROM entities WHERE id = ?1", args![e])?;
        if translit_key(&cur) == tk {
            if let Some((_, other)) = staying.first() {
                tx.exec(
                    "UPDATE entities SET name = ?1, key = ?2 WHERE id = ?3",
                    args![other, name_key(other), e],
                )?;
                tx.name_added(e, other)?;
            }
        }
        tx.commit()?;
        Ok(n)
    }

    fn overrides(&self) -> Result<Vec<OverrideRecord>> {
        let rows = self.conn.rows(
            "SELECT id, kind, a, b, alias, created_at, undone_at IS NOT NULL FROM overrides ORDER BY id",
            &[],
        )?;
        let mut out = Vec::new();
        for r in rows {
            let kind: String = r.get(1)?;
            let kind = match kind.as_str() {
                "merge" => OverrideKind::Merge,
                "split" => OverrideKind::Split,
                other => return Err(bad("override kind", other)),
            };
            out.push(OverrideRecord {
                id: r.get(0)?,
                kind,
                a: r.get(2)?,
                b: r.get(3)?,
                alias: r.get(4)?,
                created_at: r.get(5)?,
                undone: r.get(6)?,
            });
        }
        Ok(out)
    }

    fn undo_override(&mut self, id: i64) -> Result<()> {
        self.writes += 1;
        let row = self.conn.row(
            "SELECT kind, a, b, undone_at IS NOT NULL FROM overrides WHERE id = ?1",
            args![id],
        )?;
        let Some(r) = row else {
            return Err(KbError::NotFound(format!("override {id}")));
        };
        let (kind, a, b, undone): (String, i64, i64, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        if undone {
            return Err(KbError::Invalid(format!(
                "override {id} was already undone"
            )));
        }
        let tx = Tx::begin(&self.conn)?;
        match kind.as_str() {
            "merge" => Self::undo_merge(&*tx, a, b)?,
            _ => {
                // Undo a split: the split-off entity redirects back to the original.
                let canon = Canon::load(&*tx)?;
                let (ca, cb) = (canon.get(a), canon.get(b));
                if ca != cb {
                    tx.exec(
                        "UPDATE entities SET merged_into = ?1 WHERE id = ?2",
                        args![ca, cb],
                    )?;
                }
            }
        }
        let now = tx.now_sql();
        tx.exec(
            &format!("UPDATE overrides SET undone_at = {now} WHERE id = ?1"),
            args![id],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn decide(&mut self, kind: FactKind, id: i64, decision: &Decision) -> Result<i64> {
        self.decide_impl(kind, id, decision)
    }

    fn decisions(&self) -> Result<Vec<DecisionRecord>> {
        self.decisions_impl()
    }

    fn undo_decision(&mut self, id: i64) -> Result<()> {
        self.undo_decision_impl(id)
    }

    fn edit_document(&mut self, id: &str, edit: &DocumentEdit) -> Result<()> {
        self.edit_document_impl(id, edit)
    }

    fn delete_document(&mut self, id: &str) -> Result<()> {
        self.delete_document_impl(id)
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
