//! Ingest: one document into the store in one transaction (its entities
//! resolved through the index, its facts, evidence and sentences written), and
//! the refresh of an entity's index rows.

use super::*;
use crate::index::ShortForm;

impl<D: Db> Engine<D> {
    /// One attempt at [`Store::ingest`] (a write transaction taken at once).
    pub(super) fn ingest_once(&mut self, doc: &Doc, opts: &IngestOptions) -> Result<IngestOutcome> {
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
        let input = DocIn {
            doc,
            id: &doc_id,
            bounds: Bounds {
                sentences: doc.sentences.len(),
                entities: doc.entities.len(),
            },
            ent_mentions: entity_mentions(doc)?,
        };
        let incoming = incoming_entities(doc, &input.ent_mentions);
        let resolved = resolve_entities(&*tx, &mut self.keys, &input, &incoming)?;
        let de = write_doc_entities(&*tx, &mut self.keys, &input, &incoming, &resolved)?;
        write_facts(&*tx, &input, &de.ids)?;
        // Shared context for later resolution.
        write_links(&*tx, doc, &de.entities)?;
        let mut touched: BTreeSet<i64> = resolved.ids.iter().copied().collect();
        touched.extend(Self::separate_ambiguous_short_forms(
            &*tx,
            &mut self.keys,
            &short_forms_named(&incoming),
        )?);
        for id in touched {
            Self::refresh_entity(&*tx, id)?;
        }
        tx.commit()?;
        Ok(IngestOutcome::New {
            document: doc_id,
            entities: doc.entities.len(),
            relations: doc.relations.len(),
            events: doc.events.len(),
        })
    }

    // ----- ingest helpers -----

    /// Re-resolution of short forms (bare acronyms and bare surnames), so
    /// that which long name a short form joins does not depend on the order
    /// documents came in: a document entity known only by an acronym (its
    /// name is the acronym), or a person known only by a surname, belongs
    /// with the one entity of the base that holds an expansion of it (a full
    /// name with those initials, a person's full name with that surname), and
    /// with none when two or more do. For each short form a document names
    /// or spells out, when the base now holds two or more expansions (or too
    /// many to read), the bare document entities an expansion's holder took
    /// move to the entity known only by that short form (created if none).
    /// Found through the index (postings, aliases by key), never by reading
    /// the whole base. Returns the entities changed.
    fn separate_ambiguous_short_forms(
        conn: &D,
        cache: &mut HashMap<String, resolve::NameKeys>,
        forms: &BTreeSet<(ShortForm, String)>,
    ) -> Result<BTreeSet<i64>> {
        let mut changed = BTreeSet::new();
        let mut lookup = index::Lookup::new(conn)?;
        for (form, k) in forms {
            let holders = lookup.short_form_holders(*form, k, cache)?;
            if !holders.iter().any(|p| form.expands(p, k)) {
                continue;
            }
            if lookup
                .expansion_holders(*form, k, cache)?
                .is_some_and(|o| o.len() < 2)
            {
                continue;
            }
            let mut own = holders
                .iter()
                .filter(|p| form.only_short(p, k))
                .map(|p| p.id)
                .min();
            let mut moved = BTreeSet::new();
            for h in holders.iter().filter(|p| form.expands(p, k)) {
                let members = index::members(conn, h.id)?;
                let names: Vec<&str> = h
                    .names
                    .iter()
                    .filter(|n| form.is(&n.name, k))
                    .map(|n| n.name.as_str())
                    .collect();
                // The document entities of its members named by the short
                // form (index `doc_entities_key_entity`: only those rows).
                let mut found: BTreeMap<(i64, String), Vec<DocEntityRow>> = BTreeMap::new();
                for name in names {
                    for &m in &members {
                        for r in conn.rows(
                            "SELECT id, type, name, doc FROM doc_entities WHERE key = ?1 AND entity = ?2 ORDER BY id",
                            args![resolution_key(name), m],
                        )? {
                            let (id, t, n, doc): (i64, String, String, String) =
                                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
                            if form.bare(&t, &n, k) {
                                found.entry((m, doc)).or_default().push((id, t, n));
                            }
                        }
                    }
                }
                for ((e, doc), mut bare) in found {
                    bare.sort();
                    bare.dedup();
                    let others: i64 = conn.one(
                        "SELECT COUNT(*) FROM doc_entities WHERE doc = ?1 AND entity = ?2",
                        args![doc, e],
                    )?;
                    let target = match own {
                        Some(t) => t,
                        None => {
                            let (_, t, n) = &bare[0];
                            let id = conn.insert_entity(t, n)?;
                            own = Some(id);
                            id
                        }
                    };
                    for (de, _, _) in &bare {
                        conn.exec(
                            "UPDATE doc_entities SET entity = ?1 WHERE id = ?2",
                            args![target, *de],
                        )?;
                        event_actors::move_doc_entity(conn, *de, target)?;
                        conn.exec(
                            "UPDATE mentions SET entity = ?1 WHERE doc_entity = ?2 AND entity = ?3",
                            args![target, *de, e],
                        )?;
                    }
                    // The document's aliases go with its bare entities when
                    // no other document entity of it stays.
                    if bare.len() as i64 == others {
                        let rows: Vec<(i64, String)> = pairs(conn.rows(
                            "SELECT id, name FROM aliases WHERE entity = ?1 AND document = ?2",
                            args![e, doc],
                        )?)?;
                        for (aid, name) in rows {
                            let taken: bool = conn.one(
                                "SELECT EXISTS (SELECT 1 FROM aliases WHERE entity = ?1 AND name = ?2 AND document = ?3)",
                                args![target, name, doc],
                            )?;
                            if taken {
                                conn.exec("DELETE FROM aliases WHERE id = ?1", args![aid])?;
                            } else {
                                conn.exec(
                                    "UPDATE aliases SET entity = ?1 WHERE id = ?2",
                                    args![target, aid],
                                )?;
                            }
                        }
                    }
                    moved.insert(e);
                    moved.insert(target);
                }
            }
            if !moved.is_empty() {
                let ids: Vec<i64> = moved.iter().copied().collect();
                index::rebuild(conn, cache, &ids)?;
                for &id in &ids {
                    lookup.forget(id)?;
                }
                changed.extend(moved);
            }
        }
        Ok(changed)
    }

    /// Recomputes the type and canonical name of store entity `id` from the
    /// document entities linked to it: the most frequent type (ties: the
    /// first by name) and the preferred name (not an acronym, a full name for
    /// persons, used by most documents, longest, then the first in code-point
    /// order). Both are functions of the evidence, not of the ingest order.
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
        // Most documents' type; a tie goes to the first type by name, not to
        // whichever came first, so the type does not depend on ingest order.
        type_counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
                // Last, the first name in code-point order (not the current
                // name): the same evidence gives the same name in any order.
                std::cmp::Reverse(n.clone()),
            )
        };
        let best = names
            .iter()
            .filter(|n| !resolution_key(&n.0).is_empty())
            .max_by_key(|n| rank(n))
            .map(|n| n.0.clone());
        let new_name = best.unwrap_or_else(|| cur_name.clone());
        if new_type != cur_type || new_name != cur_name {
            conn.exec(
                "UPDATE entities SET type = ?2, name = ?3, key = ?4 WHERE id = ?1",
                args![id, new_type, new_name, resolution_key(&new_name)],
            )?;
            conn.name_added(id, &new_name)?;
        }
        Ok(())
    }
}

/// A document entity's id, type and name.
type DocEntityRow = (i64, String, String);

pub(super) struct Incoming {
    pub(super) profile: Profile,
    /// Names stored as aliases (all names, with short forms for persons).
    pub(super) alias_names: Vec<String>,
}

// ----- the steps of `ingest_once` -----

/// How many sentences and entities a document has: a reference past them
/// is [`KbError::Invalid`], never a panic.
#[derive(Clone, Copy)]
struct Bounds {
    sentences: usize,
    entities: usize,
}

impl Bounds {
    /// Checks that `what` refers to a sentence of the document.
    fn sentence(self, what: &str, s: usize) -> Result<()> {
        if s >= self.sentences {
            return Err(KbError::Invalid(format!(
                "{what} refers to sentence {s}, but the document has {}",
                self.sentences
            )));
        }
        Ok(())
    }

    /// Checks that `what` refers to an entity of the document.
    fn entity(self, what: &str, e: usize) -> Result<()> {
        if e >= self.entities {
            return Err(KbError::Invalid(format!(
                "{what} refers to entity {e}, but the document has {}",
                self.entities
            )));
        }
        Ok(())
    }
}

/// A document on its way in: what the steps of `ingest_once` share.
struct DocIn<'a> {
    doc: &'a Doc,
    /// The document's id in the store.
    id: &'a str,
    bounds: Bounds,
    /// The mentions of each document entity (its own list and the mentions
    /// that point at it).
    ent_mentions: Vec<BTreeSet<usize>>,
}

/// The mentions of each document entity: those it lists and those that
/// point at it.
fn entity_mentions(doc: &Doc) -> Result<Vec<BTreeSet<usize>>> {
    let n_ent = doc.entities.len();
    let bounds = Bounds {
        sentences: doc.sentences.len(),
        entities: n_ent,
    };
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
            bounds.entity("a mention", e)?;
            ent_mentions[e].insert(m);
        }
    }
    Ok(ent_mentions)
}

/// Each document entity as resolution reads it: its profile (names usable
/// for matching) and the names stored as its aliases.
fn incoming_entities(doc: &Doc, ent_mentions: &[BTreeSet<usize>]) -> Vec<Incoming> {
    doc.entities
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
            names.retain(|n| !resolution_key(n).is_empty());
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
        .collect()
}

/// Doc-level neighbours of each document entity (the indices of the other
/// document entities it shares a relation or an event with).
fn doc_neighbours(doc: &Doc) -> Vec<BTreeSet<usize>> {
    let n_ent = doc.entities.len();
    let mut neighbours: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n_ent];
    for r in &doc.relations {
        if r.source < n_ent && r.target < n_ent && r.source != r.target {
            neighbours[r.source].insert(r.target);
            neighbours[r.target].insert(r.source);
        }
    }
    for ev in &doc.events {
        for a in &ev.participants {
            for b in &ev.participants {
                if a.entity < n_ent && b.entity < n_ent && a.entity != b.entity {
                    neighbours[a.entity].insert(b.entity);
                }
            }
        }
    }
    neighbours
}

/// Where a name of `entity` goes: the target it was split away to, or the
/// entity itself.
fn split_target(redirects: &Redirects, entity: i64, name: &str) -> i64 {
    if redirects.is_empty() {
        return entity;
    }
    redirects
        .get(&(entity, translit_key(name)))
        .copied()
        .unwrap_or(entity)
}

/// The store entity of each document entity, and the analysts' splits
/// (name → target) read on the way.
struct Resolved {
    /// Store entity id of each document entity.
    ids: Vec<i64>,
    redirects: Redirects,
}

impl Resolved {
    /// Where name `name` of document entity `i` goes.
    fn target_of(&self, i: usize, name: &str) -> i64 {
        split_target(&self.redirects, self.ids[i], name)
    }
}

/// Resolves each document entity to a store entity through the index:
/// strong, context-free matches first, then the rest with the context the
/// first pass resolved; a new entity where nothing matches. The names an
/// entity brings are candidates' names at once.
fn resolve_entities<D: Db>(
    conn: &D,
    cache: &mut HashMap<String, resolve::NameKeys>,
    input: &DocIn,
    incoming: &[Incoming],
) -> Result<Resolved> {
    let doc = input.doc;
    let n_ent = doc.entities.len();
    let mut lookup = index::Lookup::new(conn)?;
    let doc_neighbours = doc_neighbours(doc);
    let mut resolved: Vec<Option<i64>> = vec![None; n_ent];
    // The names an entity resolved to `id` brings are candidates' names at once.
    let add_names = |lookup: &mut index::Lookup<D>,
                     cache: &mut HashMap<String, resolve::NameKeys>,
                     id: i64,
                     names: &[resolve::NameKeys]|
     -> Result<()> {
        for n in names {
            let to = split_target(&lookup.redirects, id, &n.name);
            index::add_name(conn, cache, to, &n.name)?;
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
                conn.insert_entity(e.etype.as_str(), &e.name)?
            }
        };
        add_names(&mut lookup, cache, id, &profile.names)?;
        resolved[i] = Some(id);
    }
    Ok(Resolved {
        ids: resolved
            .into_iter()
            .map(|r| r.unwrap_or_default())
            .collect(),
        redirects: std::mem::take(&mut lookup.redirects),
    })
}

/// The rows written for the document's entities.
struct DocEntities {
    /// `doc_entities` row id of each document entity.
    ids: Vec<i64>,
    /// Store entity of each document entity (after splits).
    entities: Vec<i64>,
}

/// Writes the document entities, their aliases and mentions, and bumps the
/// index's statistics (types, names, mention and document counts).
fn write_doc_entities<D: Db>(
    conn: &D,
    cache: &mut HashMap<String, resolve::NameKeys>,
    input: &DocIn,
    incoming: &[Incoming],
    resolved: &Resolved,
) -> Result<DocEntities> {
    let (doc, doc_id) = (input.doc, input.id);
    let n_ent = doc.entities.len();
    let mut de_ids = Vec::with_capacity(n_ent);
    let mut de_entity = Vec::with_capacity(n_ent);
    let mut names_seen: HashSet<(i64, &str)> = HashSet::new();
    let mut stats: BTreeMap<(i64, &str, &str), i64> = BTreeMap::new();
    let mut mention_counts: BTreeMap<i64, i64> = BTreeMap::new();
    {
        let ins_de = "INSERT INTO doc_entities (doc, idx, entity, type, name, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
        let mut alias_rows = Vec::new();
        for (i, e) in doc.entities.iter().enumerate() {
            let entity = resolved.target_of(i, &e.name);
            de_ids.push(conn.insert_id(
                ins_de,
                args![
                    doc_id,
                    i as i64,
                    entity,
                    e.etype.as_str(),
                    e.name,
                    resolution_key(&e.name)
                ],
            )?);
            *stats.entry((entity, "t", e.etype.as_str())).or_default() += 1;
            if names_seen.insert((entity, e.name.as_str())) {
                *stats.entry((entity, "n", e.name.as_str())).or_default() += 1;
            }
            de_entity.push(entity);
            for n in &incoming[i].alias_names {
                let to = resolved.target_of(i, n);
                alias_rows.push(vec![
                    to.to_value(),
                    n.to_value(),
                    resolution_key(n).to_value(),
                    doc_id.to_value(),
                ]);
                index::add_name(conn, cache, to, n)?;
            }
        }
        conn.insert_rows(
            "INSERT OR IGNORE INTO aliases (entity, name, key, document)",
            "(?, ?, ?, ?)",
            "",
            &alias_rows,
        )?;
        let mut mention_rows = Vec::new();
        for (i, ms) in input.ent_mentions.iter().enumerate() {
            for &m in ms {
                let mm = &doc.mentions[m];
                input.bounds.sentence("a mention", mm.sentence)?;
                let entity = match mm.kind {
                    MentionKind::Nominal | MentionKind::Pronoun => resolved.ids[i],
                    _ => resolved.target_of(i, &mm.text),
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
        conn.insert_rows(
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
    index::bump_stats(conn, &stats)?;
    Ok(DocEntities {
        ids: de_ids,
        entities: de_entity,
    })
}

/// An evidence row of the fact with row id `owner`.
fn evidence_row(owner: i64, e: &dossier_doc::Evidence) -> Vec<crate::sql::Value> {
    vec![
        owner.to_value(),
        e.sentence.to_value(),
        e.start.to_value(),
        e.end.to_value(),
        e.cited.to_value(),
    ]
}

/// Writes the document's relations, events (with their participants) and
/// attributes, and their evidence; `de_ids` are the `doc_entities` rows.
/// Evidence and participants are sent in a few statements at the end.
fn write_facts<D: Db>(conn: &D, input: &DocIn, de_ids: &[i64]) -> Result<()> {
    let (doc, doc_id, bounds) = (input.doc, input.id, input.bounds);
    let ins_r =
        "INSERT INTO relations (doc, type, source, target, confidence, date, modality, credibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    let (mut rel_ev, mut ev_ev, mut attr_ev, mut parts) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for r in &doc.relations {
        bounds.entity("a relation", r.source)?;
        bounds.entity("a relation", r.target)?;
        let rid = conn.insert_id(
            ins_r,
            args![
                doc_id,
                r.rtype.as_str(),
                de_ids[r.source],
                de_ids[r.target],
                r.confidence as f64,
                r.date,
                r.modality.map(|m| m.as_str()),
                grading::credibility(r.modality)
            ],
        )?;
        for e in &r.evidence {
            bounds.sentence("relation evidence", e.sentence)?;
            rel_ev.push(evidence_row(rid, e));
        }
    }
    let ins_e = "INSERT INTO events (doc, type, trigger, attempted, date, fatalities, injured, modality, confidence, credibility) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    for ev in &doc.events {
        let eid = conn.insert_id(
            ins_e,
            args![
                doc_id,
                ev.etype.as_str(),
                ev.trigger,
                ev.attempted,
                ev.date,
                ev.fatalities,
                ev.injured,
                ev.modality.map(|m| m.as_str()),
                ev.confidence as f64,
                grading::credibility(ev.modality)
            ],
        )?;
        for p in &ev.participants {
            bounds.entity("an event participant", p.entity)?;
            parts.push(vec![
                eid.to_value(),
                p.role.as_str().to_value(),
                de_ids[p.entity].to_value(),
            ]);
        }
        for e in &ev.evidence {
            bounds.sentence("event evidence", e.sentence)?;
            ev_ev.push(evidence_row(eid, e));
        }
    }
    let ins_a = "INSERT INTO attributes (doc, doc_entity, name, value, date, confidence, credibility) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    for a in &doc.attributes {
        bounds.entity("an attribute", a.entity)?;
        let aid = conn.insert_id(
            ins_a,
            args![
                doc_id,
                de_ids[a.entity],
                a.name.as_str(),
                a.value,
                a.date,
                a.confidence as f64,
                grading::credibility(None)
            ],
        )?;
        for e in &a.evidence {
            bounds.sentence("attribute evidence", e.sentence)?;
            attr_ev.push(evidence_row(aid, e));
        }
    }
    let cols = "(?, ?, ?, ?, ?)";
    for (table, owner, rows) in [
        ("relation_evidence", "relation", &rel_ev),
        ("event_evidence", "event", &ev_ev),
        ("attribute_evidence", "attribute", &attr_ev),
    ] {
        conn.insert_rows(
            &format!("INSERT INTO {table} ({owner}, sentence, start, \"end\", cited)"),
            cols,
            "",
            rows,
        )?;
    }
    conn.insert_rows(
        "INSERT INTO event_participants (event, role, doc_entity)",
        "(?, ?, ?)",
        "",
        &parts,
    )?;
    if !doc.events.is_empty() {
        event_actors::record_document(conn, doc_id)?;
    }
    Ok(())
}

/// Records which store entities the document links (by a relation or a
/// shared event): shared context for later resolution.
fn write_links<D: Db>(conn: &D, doc: &Doc, de_entity: &[i64]) -> Result<()> {
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
    index::add_links(conn, &links)
}

/// The short forms (acronyms, persons' surnames) the document's entities
/// name or spell out, to be re-decided.
fn short_forms_named(incoming: &[Incoming]) -> BTreeSet<(ShortForm, String)> {
    let mut forms: BTreeSet<(ShortForm, String)> = BTreeSet::new();
    for inc in incoming {
        let person = inc.profile.etype == EntityType::Person;
        for n in &inc.profile.names {
            if let Some(k) = resolve::acronym_letters(&n.name) {
                forms.insert((ShortForm::Acronym, k));
            } else if n.tokens.len() >= 2 {
                forms.extend(n.initials.iter().map(|i| (ShortForm::Acronym, i.clone())));
            }
            if person {
                if let Some(last) = n.tokens.last() {
                    forms.insert((ShortForm::Surname, last.clone()));
                }
            }
        }
    }
    forms
}
