//! Reads: entities, events, relations and attributes loaded from their rows and
//! aggregated per canonical entity (one record per fact with all its evidence).

use super::*;

impl<D: Db> Engine<D> {
    pub(super) fn evidence_map(
        &self,
        table: &str,
        fk: &str,
        parent: &str,
    ) -> Result<HashMap<i64, Vec<EvidenceRecord>>> {
        self.evidence_where(table, fk, parent, None)
    }

    /// Evidence rows, grouped by parent id, of the parents `ids` (an SQL list
    /// or subquery) or of all.
    pub(super) fn evidence_where(
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

    pub(super) fn all_entities(&self) -> Result<Vec<EntityRecord>> {
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

    /// [`Store::entities_of_ids`]: the entities that no merge involves,
    /// read a chunk of ids at a time (rows, aliases when `with_aliases`,
    /// and the counts ingest keeps: up to four queries per chunk), the
    /// same records as [`Store::entity`]; a merged id, a canonical entity
    /// others were merged into, or a base without the counts goes through
    /// [`Store::entity`].
    pub(super) fn entities_batch(
        &self,
        ids: &[i64],
        with_aliases: bool,
    ) -> Result<Vec<EntityRecord>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let indexed = self.indexed()?;
        let mut out = Vec::with_capacity(ids.len());
        let mut seen: HashSet<i64> = HashSet::new();
        let list = |ids: &mut dyn Iterator<Item = i64>| {
            ids.map(|i| i.to_string()).collect::<Vec<_>>().join(",")
        };
        let mut one_by_one: Vec<i64> = Vec::new();
        for chunk in ids.chunks(500) {
            let mut plain: BTreeMap<i64, (EntityType, String)> = BTreeMap::new();
            let l = list(&mut chunk.iter().copied());
            for r in self.conn.rows(
                &format!("SELECT id, merged_into, type, name FROM entities WHERE id IN ({l})"),
                &[],
            )? {
                let id: i64 = r.get(0)?;
                if r.get::<Option<i64>>(1)?.is_some() || !indexed {
                    one_by_one.push(id);
                    continue;
                }
                let t: String = r.get(2)?;
                let etype = EntityType::from_str(&t).map_err(|_| bad("entity type", &t))?;
                plain.insert(id, (etype, r.get(3)?));
            }
            if !plain.is_empty() {
                let l = list(&mut plain.keys().copied());
                for c in self.conn.col::<i64>(
                    &format!(
                        "SELECT DISTINCT merged_into FROM entities WHERE merged_into IN ({l})"
                    ),
                    &[],
                )? {
                    if plain.remove(&c).is_some() {
                        one_by_one.push(c);
                    }
                }
            }
            if !plain.is_empty() {
                let l = list(&mut plain.keys().copied());
                let mut aliases: HashMap<i64, BTreeMap<String, BTreeSet<String>>> = HashMap::new();
                let alias_rows = if with_aliases {
                    self.conn.rows(
                        &format!(
                            "SELECT entity, name, document FROM aliases WHERE entity IN ({l})"
                        ),
                        &[],
                    )?
                } else {
                    Vec::new()
                };
                for r in alias_rows {
                    let (e, n, d): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
                    aliases
                        .entry(e)
                        .or_default()
                        .entry(n)
                        .or_default()
                        .insert(d);
                }
                let mut counts: HashMap<(i64, String), i64> = HashMap::new();
                for r in self.conn.rows(
                    &format!(
                        "SELECT entity, kind, n FROM entity_stats WHERE entity IN ({l}) \
                         AND kind IN ('m', 'd') AND value = ''"
                    ),
                    &[],
                )? {
                    counts.insert((r.get(0)?, r.get(1)?), r.get(2)?);
                }
                for (id, (etype, name)) in plain {
                    let count = |k: &str| counts.get(&(id, k.to_string())).copied().unwrap_or(0);
                    let (mention_count, document_count) = (count("m"), count("d"));
                    seen.insert(id);
                    out.push(entity_record(
                        id,
                        etype,
                        name,
                        aliases.remove(&id).unwrap_or_default(),
                        mention_count,
                        document_count,
                    ));
                }
            }
        }
        crate::store::push_entities_one_by_one(
            self,
            one_by_one,
            with_aliases,
            &mut seen,
            &mut out,
        )?;
        Ok(out)
    }

    pub(super) fn all_events(&self, canon: &Canon) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
        let raw = self.event_rows(None, &mut |e| Ok(canon.get(e)))?;
        self.review_events(rules::group_events(raw))
    }

    /// Event rows (with their document) of the events `ids` (an SQL list)
    /// or of all, in id order, participants mapped through `canon`.
    pub(super) fn event_rows(
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
    pub(super) fn relations_from(
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
                    r.get::<Option<dossier_doc::Edtf>>(6)?,
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

    /// The canonical entity of `entity` and its merge group as an SQL list.
    /// Publication dates by document id: of the documents `only` names, or
    /// of every document. A stored date that does not parse is left out,
    /// as if absent.
    pub(super) fn published_dates(
        &self,
        only: Option<&BTreeSet<String>>,
    ) -> Result<HashMap<String, dossier_doc::Edtf>> {
        let rows = match only {
            None => self.conn.rows(
                "SELECT id, published FROM documents WHERE published IS NOT NULL",
                &[],
            )?,
            Some(docs) => {
                let mut rows = Vec::new();
                let docs: Vec<&String> = docs.iter().collect();
                for chunk in docs.chunks(500) {
                    let marks = (1..=chunk.len())
                        .map(|i| format!("?{i}"))
                        .collect::<Vec<_>>()
                        .join(",");
                    let args: Vec<&dyn ToValue> =
                        chunk.iter().map(|d| *d as &dyn ToValue).collect();
                    rows.extend(self.conn.rows(
                        &format!(
                            "SELECT id, published FROM documents \
                             WHERE published IS NOT NULL AND id IN ({marks})"
                        ),
                        &args,
                    )?);
                }
                rows
            }
        };
        rows.iter()
            .map(pair::<String, String>)
            .filter_map(|r| match r {
                Ok((id, p)) => dossier_doc::Edtf::parse(&p).ok().map(|p| Ok((id, p))),
                Err(e) => Some(Err(e)),
            })
            .collect()
    }

    /// The canonical ids of a page of `entities` the store has, with
    /// their entity rows (comma-separated member ids); `None` when it has
    /// none of them.
    fn page_members(&self, entities: &[i64]) -> Result<Option<(HashSet<i64>, String)>> {
        let mut lists = Vec::new();
        let mut wanted = HashSet::new();
        for &e in entities {
            if let Some((c, list)) = self.member_list(e)? {
                wanted.insert(c);
                lists.push(list);
            }
        }
        Ok((!lists.is_empty()).then(|| (wanted, lists.join(","))))
    }

    pub(super) fn member_list(&self, entity: i64) -> Result<Option<(i64, String)>> {
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
    pub(super) fn load_events(
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

    /// The whole base's aggregated events a bucket at a time (see
    /// [`Store::each_event_bucket`]): undated events in pages of ids, then
    /// each (type, flag, date) bucket's events through the bucket index,
    /// grouped alone (grouping never crosses a bucket) and reviewed; a
    /// bucket of more than `part` events in parts (`bucket_in_parts`).
    pub(crate) fn event_buckets(
        &self,
        part: usize,
        each: &mut dyn FnMut(Vec<EventRecord>) -> Result<()>,
    ) -> Result<()> {
        const UNDATED_PAGE: usize = 1000;
        let mut memo = HashMap::new();
        let mut emit = |built: Vec<(EventRecord, BTreeSet<String>)>| -> Result<()> {
            let events = self.review_events(built)?;
            each(events.into_iter().map(|(e, _)| e).collect())
        };
        let mut after = i64::MIN;
        loop {
            let ids: Vec<i64> = self.conn.col(
                "SELECT id FROM events WHERE date IS NULL AND id > ?1 ORDER BY id LIMIT ?2",
                args![after, UNDATED_PAGE],
            )?;
            let Some(&last) = ids.last() else {
                break;
            };
            emit(rules::group_events(self.load_events(&ids, &mut memo)?))?;
            after = last;
        }
        let buckets: Vec<(String, bool, String)> = self
            .conn
            .rows(
                "SELECT DISTINCT type, attempted, date FROM events WHERE date IS NOT NULL",
                &[],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .collect::<Result<_>>()?;
        for (t, attempted, date) in &buckets {
            let ids: Vec<i64> = self.conn.col(
                "SELECT id FROM events WHERE type = ?1 AND attempted = ?2 AND date = ?3 ORDER BY id",
                args![t, attempted, date],
            )?;
            self.bucket_in_parts((t, *attempted, date), &ids, part, &mut memo, &mut emit)?;
        }
        Ok(())
    }

    /// The aggregated events of one bucket (`ids`, in id order), passed to
    /// `emit` a part at a time so that a large bucket is never held with
    /// its evidence (issue 14, the STIX export's memory). Aggregation only
    /// groups events that share a (non-location) actor, so the bucket's
    /// events fall apart into components of shared actors (read from the
    /// bucket table, ids only) that never group across; the components are
    /// grouped whole, as many at a time as make about `part` events (a
    /// larger component alone), each part's records those of
    /// [`rules::group_events`] over the whole bucket, in id order.
    pub(super) fn bucket_in_parts(
        &self,
        bucket: (&str, bool, &str),
        ids: &[i64],
        part: usize,
        memo: &mut HashMap<i64, i64>,
        emit: &mut dyn FnMut(Vec<(EventRecord, BTreeSet<String>)>) -> Result<()>,
    ) -> Result<()> {
        if ids.len() <= part {
            return emit(rules::group_events(self.load_events(ids, memo)?));
        }
        let index: HashMap<i64, usize> = ids.iter().enumerate().map(|(k, &id)| (id, k)).collect();
        let mut root: Vec<usize> = (0..ids.len()).collect();
        fn find(root: &mut [usize], mut k: usize) -> usize {
            while root[k] != k {
                root[k] = root[root[k]];
                k = root[k];
            }
            k
        }
        // The first event of each actor; later ones join its component.
        let mut first_of: HashMap<i64, usize> = HashMap::new();
        let (t, attempted, date) = bucket;
        let sql = format!("{} AND event BETWEEN ?4 AND ?5", self.bucket_sql()?);
        for page in ids.chunks(part.max(1)) {
            let (lo, hi) = (page[0], page[page.len() - 1]);
            for r in self.conn.rows(&sql, args![t, attempted, date, lo, hi])? {
                let (id, role, e): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let Some(&k) = index.get(&id) else { continue };
                if role == Role::Location.as_str() {
                    continue;
                }
                let c = self.canon_memo(memo, e)?;
                match first_of.get(&c) {
                    Some(&j) => {
                        let (a, b) = (find(&mut root, k), find(&mut root, j));
                        root[a.max(b)] = a.min(b);
                    }
                    None => {
                        first_of.insert(c, k);
                    }
                }
            }
        }
        drop(first_of);
        // The components in the order of their first event.
        let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for k in 0..ids.len() {
            let r = find(&mut root, k);
            members.entry(r).or_default().push(k);
        }
        let mut chosen: Vec<i64> = Vec::new();
        let mut flush = |chosen: &mut Vec<i64>| -> Result<()> {
            chosen.sort_unstable();
            let raw = self.load_events(chosen, memo)?;
            chosen.clear();
            emit(rules::group_events(raw))
        };
        for (_, ks) in members {
            if !chosen.is_empty() && chosen.len() + ks.len() > part {
                flush(&mut chosen)?;
            }
            chosen.extend(ks.iter().map(|&k| ids[k]));
        }
        if !chosen.is_empty() {
            flush(&mut chosen)?;
        }
        Ok(())
    }

    /// The query of a bucket's participants (type, flag, date as `?1`..`?3`;
    /// event id, role, entity): one range of the bucket table, or (a base
    /// of an older schema opened read-only) through the joins.
    fn bucket_sql(&self) -> Result<&'static str> {
        Ok(if event_actors::has_table(&self.conn)? {
            "SELECT event, role, entity FROM event_actors WHERE type = ?1 AND attempted = ?2 AND date = ?3"
        } else {
            "SELECT event, role, entity FROM (SELECT o.id AS event, p.role, d.entity FROM events o \
             JOIN event_participants p ON p.event = o.id JOIN doc_entities d ON d.id = p.doc_entity \
             WHERE o.type = ?1 AND o.attempted = ?2 AND o.date = ?3) AS b WHERE 1 = 1"
        })
    }

    /// The aggregated events with `entity` as a participant, read through
    /// the indexes: the entity's own events, and per (type, flag, date)
    /// bucket of theirs the events connected to them through shared actors
    /// (the only ones aggregation can group with them), so that the records
    /// are exactly those of the whole-base aggregation.
    pub(super) fn entity_events(
        &self,
        entity: i64,
    ) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
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

    pub(super) fn entity_events_uncached(
        &self,
        entity: i64,
    ) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
        let Some((want, list)) = self.member_list(entity)? else {
            return Ok(Vec::new());
        };
        self.events_of_members(&HashSet::from([want]), &list)
    }

    /// The aggregated events in which any of `entities` takes part, read
    /// for the page at once (see [`Engine::page_relations`]).
    pub(super) fn page_events(&self, entities: &[i64]) -> Result<Vec<EventRecord>> {
        let Some((wanted, list)) = self.page_members(entities)? else {
            return Ok(Vec::new());
        };
        Ok(self
            .events_of_members(&wanted, &list)?
            .into_iter()
            .map(|(e, _)| e)
            .collect())
    }

    /// The contradictions about each of `entities` (see
    /// [`Store::contradictions_of_entities`]): the page's attributes and
    /// events read at once, the rules run over them with no entity wanted,
    /// and what concerns an entity outside the page dropped. Each entity's
    /// events are all among the page's (those in which any of the page's
    /// entities takes part), so each gets what it gets alone.
    pub(super) fn page_contradictions(&self, entities: &[i64]) -> Result<Vec<Contradiction>> {
        let Some((wanted, list)) = self.page_members(entities)? else {
            return Ok(Vec::new());
        };
        let attributes = self.attributes_of_members(&list)?;
        let events = self.events_of_members(&wanted, &list)?;
        let published = self.published_dates(Some(&evidence_documents(&attributes)))?;
        let mut out =
            rules::attribute_contradictions(attributes, &|d| published.get(d).copied(), None);
        out.extend(rules::event_contradictions(&events, None));
        out.retain(|c| wanted.contains(&c.entity));
        Ok(out)
    }

    /// The aggregated events in which an entity of `wanted` (canonical ids)
    /// takes part; `list` holds their entity rows (comma-separated member
    /// ids).
    fn events_of_members(
        &self,
        wanted: &HashSet<i64>,
        list: &str,
    ) -> Result<Vec<(EventRecord, BTreeSet<String>)>> {
        let mut memo = HashMap::new();
        let chosen = self.connected_events(wanted, list, &mut memo)?;
        let chosen: Vec<i64> = chosen.into_iter().collect();
        let raw = self.load_events(&chosen, &mut memo)?;
        Ok(self
            .review_events(rules::group_events(raw))?
            .into_iter()
            .filter(|(e, _)| e.participants.iter().any(|p| wanted.contains(&p.entity)))
            .collect())
    }

    /// The ids of the events aggregation can group with those of the entity
    /// rows `list` (which a `wanted` canonical entity holds): their undated
    /// events (never grouped), and per (type, flag, date) bucket of their
    /// dated ones every event of the bucket connected to them through
    /// shared actors. The entities' events are read once, with their
    /// buckets; then each bucket's events with their participants, a range
    /// of the bucket table (`event_actors`).
    fn connected_events(
        &self,
        wanted: &HashSet<i64>,
        list: &str,
        memo: &mut HashMap<i64, i64>,
    ) -> Result<BTreeSet<i64>> {
        let mut chosen: BTreeSet<i64> = BTreeSet::new();
        let mut buckets: BTreeSet<(String, bool, String)> = BTreeSet::new();
        for r in self.conn.rows(
            &format!(
                "SELECT DISTINCT e.id, e.type, e.attempted, e.date FROM doc_entities d \
                 JOIN event_participants p ON p.doc_entity = d.id JOIN events e ON e.id = p.event \
                 WHERE d.entity IN ({list})"
            ),
            &[],
        )? {
            match r.get::<Option<String>>(3)? {
                None => {
                    chosen.insert(r.get(0)?);
                }
                Some(date) => {
                    buckets.insert((r.get(1)?, r.get(2)?, date));
                }
            }
        }
        let bucket_sql = self.bucket_sql()?;
        for (t, attempted, date) in &buckets {
            // event id → (actors, whether a wanted entity takes part)
            let mut events: BTreeMap<i64, (HashSet<i64>, bool)> = BTreeMap::new();
            for r in self.conn.rows(bucket_sql, args![t, attempted, date])? {
                let (id, role, e): (i64, String, i64) = (r.get(0)?, r.get(1)?, r.get(2)?);
                let c = self.canon_memo(memo, e)?;
                let slot = events.entry(id).or_default();
                slot.1 |= wanted.contains(&c);
                if role != Role::Location.as_str() {
                    slot.0.insert(c);
                }
            }
            chosen.extend(connected(&events));
        }
        Ok(chosen)
    }

    /// The aggregated relations touching `entity` (indexed).
    pub(super) fn entity_relations(&self, entity: i64) -> Result<Vec<RelationRecord>> {
        let Some((_, list)) = self.member_list(entity)? else {
            return Ok(Vec::new());
        };
        self.relations_touching(&list)
    }

    /// The aggregated relations whose source is one of `entities` (each
    /// read in full, as [`Store::relations`] of its source gives it): a
    /// page of entities in three queries instead of three per entity.
    pub(super) fn page_relations(&self, entities: &[i64]) -> Result<Vec<RelationRecord>> {
        let Some((wanted, list)) = self.page_members(entities)? else {
            return Ok(Vec::new());
        };
        let mut out = self.relations_touching(&list)?;
        out.retain(|r| wanted.contains(&r.source));
        Ok(out)
    }

    /// The aggregated relations with an end among the entity rows `list`
    /// (comma-separated member ids).
    fn relations_touching(&self, list: &str) -> Result<Vec<RelationRecord>> {
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
    pub(super) fn entity_attributes(&self, entity: i64) -> Result<Vec<AttributeRecord>> {
        let Some((_, list)) = self.member_list(entity)? else {
            return Ok(Vec::new());
        };
        self.attributes_of_members(&list)
    }

    /// The aggregated attributes of each of `entities`, in one query for
    /// the page (see [`Engine::page_relations`]).
    pub(super) fn page_attributes(&self, entities: &[i64]) -> Result<Vec<AttributeRecord>> {
        match self.page_members(entities)? {
            Some((_, list)) => self.attributes_of_members(&list),
            None => Ok(Vec::new()),
        }
    }

    /// The aggregated attributes of the entity rows `list` (comma-separated
    /// member ids).
    fn attributes_of_members(&self, list: &str) -> Result<Vec<AttributeRecord>> {
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

    pub(super) fn all_attributes(&self, canon: &Canon) -> Result<Vec<AttributeRecord>> {
        let mut evidence = self.evidence_map("attribute_evidence", "attribute", "attributes")?;
        self.attributes_from(
            "SELECT a.id, a.doc, d.entity, a.name, a.value, a.date, a.confidence, a.credibility \
             FROM attributes a JOIN doc_entities d ON d.id = a.doc_entity ORDER BY a.id",
            &mut |id| Ok(canon.get(id)),
            &mut |id| Ok(evidence.remove(&id).unwrap_or_default()),
        )
    }

    /// Aggregates the attribute rows `sql` selects (in id order).
    pub(super) fn attributes_from(
        &self,
        sql: &str,
        canon: &mut dyn FnMut(i64) -> Result<i64>,
        evidence: &mut dyn FnMut(i64) -> Result<Vec<EvidenceRecord>>,
    ) -> Result<Vec<AttributeRecord>> {
        let mut groups: Vec<(AttributeRecord, Vec<(String, u8)>)> = Vec::new();
        let mut index: HashMap<(i64, AttrName, String, Option<dossier_doc::Edtf>), usize> =
            HashMap::new();
        let rows = self
            .conn
            .rows(sql, &[])?
            .iter()
            .map(|r| {
                Ok((
                    r.get::<i64>(0)?,
                    r.get::<String>(1)?,
                    r.get::<i64>(2)?,
                    r.get::<AttrName>(3)?,
                    r.get::<String>(4)?,
                    r.get::<Option<dossier_doc::Edtf>>(5)?,
                    r.get::<f64>(6)?,
                    r.get::<u8>(7)?,
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        for row in rows {
            let (id, doc, e, name, value, date, confidence, credibility) = row;
            let entity = canon(e)?;
            let key = (entity, name.clone(), normalize_value(&value), date);
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
}

/// A document row (`id, title, published, source, url, path, reliability,
/// sentence count`) as a record.
pub(super) fn document_row(r: &Row) -> Result<DocumentRecord> {
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

/// The documents the evidence of `attributes` cites: those whose
/// publication dates an attribute without its own date holds as of.
pub(super) fn evidence_documents(attributes: &[AttributeRecord]) -> BTreeSet<String> {
    attributes
        .iter()
        .flat_map(|a| a.evidence.iter().map(|e| e.document.clone()))
        .collect()
}

/// The events of one bucket (id → actors, whether a wanted entity takes
/// part) connected through shared actors to those a wanted entity takes
/// part in.
fn connected(bucket: &BTreeMap<i64, (HashSet<i64>, bool)>) -> Vec<i64> {
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
    info.iter()
        .zip(inside)
        .filter(|(_, k)| *k)
        .map(|((id, _), _)| **id)
        .collect()
}
