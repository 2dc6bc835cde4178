//! The `Store` trait over the engine: documents, entity look-ups by id and
//! name, facts, contradictions, search, merges, splits, overrides, decisions
//! and document edits.

use super::*;

/// About how many events [`Store::each_event_bucket`] passes at once from a
/// large bucket (whole components of shared actors: `bucket_in_parts`).
const EVENT_PART: usize = 1000;

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

    fn entity_ids_after(&self, after: i64, limit: usize) -> Result<Vec<i64>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.conn
            .rows(
                "SELECT id FROM entities WHERE merged_into IS NULL AND id > ?1 ORDER BY id LIMIT ?2",
                args![after, limit],
            )?
            .iter()
            .map(|r| r.get::<i64>(0))
            .collect()
    }

    fn document_ids_after(&self, after: Option<&str>, limit: usize) -> Result<Vec<String>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Byte order on every backend: the STIX export merges these pages
        // with (document, object) pairs it sorted byte by byte itself.
        let id = self.conn.bytewise("id");
        let rows = match after {
            Some(a) => self.conn.rows(
                &format!("SELECT id FROM documents WHERE {id} > ?1 ORDER BY {id} LIMIT ?2"),
                args![a, limit],
            )?,
            None => self.conn.rows(
                &format!("SELECT id FROM documents ORDER BY {id} LIMIT ?1"),
                args![limit],
            )?,
        };
        rows.iter().map(|r| r.get::<String>(0)).collect()
    }

    fn relations_of_sources(&self, entities: &[i64]) -> Result<Vec<RelationRecord>> {
        self.page_relations(entities)
    }

    fn events_of_entities(&self, entities: &[i64]) -> Result<Vec<EventRecord>> {
        self.page_events(entities)
    }

    fn attributes_of_entities(&self, entities: &[i64]) -> Result<Vec<AttributeRecord>> {
        self.page_attributes(entities)
    }

    fn contradictions_of_entities(&self, entities: &[i64]) -> Result<Vec<Contradiction>> {
        self.page_contradictions(entities)
    }

    fn entities_of_ids(&self, ids: &[i64], aliases: bool) -> Result<Vec<EntityRecord>> {
        self.entities_batch(ids, aliases)
    }

    fn documents_of_ids(&self, ids: &[String]) -> Result<Vec<DocumentRecord>> {
        let mut out = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let marks = (1..=chunk.len())
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(",");
            let args: Vec<&dyn ToValue> = chunk.iter().map(|d| d as &dyn ToValue).collect();
            let rows = self.conn.rows(
                &format!(
                    "SELECT d.id, d.title, d.published, d.source, d.url, d.path, d.reliability, \
                     (SELECT COUNT(*) FROM sentences s WHERE s.doc = d.id) FROM documents d WHERE d.id IN ({marks})"
                ),
                &args,
            )?;
            for r in &rows {
                out.push(document_row(r)?);
            }
        }
        Ok(out)
    }

    fn events_without_participants(&self) -> Result<Vec<EventRecord>> {
        // Never grouped with another (grouping needs a shared actor), so
        // the rows alone give the records of the whole-base aggregation.
        let raw = self.event_rows(
            Some("SELECT id FROM events WHERE id NOT IN (SELECT event FROM event_participants)"),
            &mut |e| Ok(e),
        )?;
        Ok(self
            .review_events(rules::group_events(raw))?
            .into_iter()
            .map(|(e, _)| e)
            .collect())
    }

    fn each_event_bucket(
        &self,
        each: &mut dyn FnMut(Vec<EventRecord>) -> Result<()>,
    ) -> Result<()> {
        self.event_buckets(EVENT_PART, each)
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
        let (lower, key) = (needle.map(str::to_lowercase), needle.map(resolution_key));
        Ok(self
            .all_entities()?
            .into_iter()
            .filter(|e| filter.etype.is_none() || filter.etype == Some(e.etype))
            .filter(|e| match (&lower, &key) {
                (Some(l), Some(k)) => std::iter::once(&e.name)
                    .chain(e.aliases.iter().map(|a| &a.name))
                    .any(|n| {
                        n.to_lowercase().contains(l.as_str())
                            || (!k.is_empty() && resolution_key(n).contains(k.as_str()))
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
        Ok(Some(entity_record(
            c,
            etype,
            name,
            aliases,
            mention_count,
            document_count,
        )))
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
                let k = resolve::resolution_key(&n);
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
        // An attribute without a date holds as of its document's
        // publication: the dates of the documents its evidence cites (one
        // entity's: those alone, not every document of the base).
        let published = match entity {
            None => self.published_dates(None)?,
            Some(_) => self.published_dates(Some(&evidence_documents(&attributes)))?,
        };
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
        let n = tx.insert_entity(&etype, written)?;
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
                    if table == "doc_entities" {
                        event_actors::move_doc_entity(&*tx, id, n)?;
                    }
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
                    args![other, resolution_key(other), e],
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
