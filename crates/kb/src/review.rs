//! Analyst corrections of facts (confirm, reject, edit; undo) and of
//! documents (edit metadata, delete), written once over [`Db`] for every
//! backend.
//!
//! A decision is keyed on the fact's stable identity ([`FactKey`]: subject,
//! predicate and object of a relation by the entities' name keys; an
//! event's type, extracted date and the sentence that told it; an
//! attribute's entity, name and value), never on row ids, so it holds when
//! its documents are ingested again, deleted and re-extracted. Reads apply
//! the latest decision in force on each fact: a rejected fact is dropped
//! (from profiles, timelines, contradictions and exports), a confirmed or
//! edited one carries a [`Review`].

use crate::engine::Engine;
use crate::grading;
use crate::index;
use crate::sql::{args, Db, Tx};
use crate::store::*;
use crate::AttrName;
use dossier_doc::{EventType, RelationType};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::str::FromStr;

/// The decisions table, in the SQL both dialects share (ids are given by
/// the writer under its write lock, timestamps by `Db::now_sql`).
pub(crate) const SCHEMA: &str = include_str!("../migrations/shared/decisions.sql");

/// An edit as stored: with the name key of each participant, so that an
/// edited role still finds its entity after the entity's id changed.
#[derive(Serialize, Deserialize)]
struct StoredEdit {
    #[serde(flatten)]
    edit: FactEdit,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    participant_keys: Vec<String>,
}

/// A decision in force.
#[derive(Clone)]
struct InForce {
    id: i64,
    verdict: Verdict,
    edit: FactEdit,
    participant_keys: Vec<String>,
    user: String,
    at: String,
}

impl InForce {
    fn review(&self) -> Review {
        Review {
            decision: self.id,
            verdict: self.verdict,
            by: self.user.clone(),
            at: self.at.clone(),
        }
    }
}

/// Decisions on attributes: (name, value) → (the entities named by the
/// decision's key, the decision).
type AttributeDecisions = HashMap<(AttrName, String), Vec<(HashSet<i64>, InForce)>>;

/// The decisions in force, resolved to current canonical entities.
pub(crate) struct Active {
    relations: Vec<(RelationType, HashSet<i64>, HashSet<i64>, InForce)>,
    events: HashMap<(EventType, Option<dossier_doc::Edtf>, String), InForce>,
    attributes: AttributeDecisions,
    /// name key → canonical entities (for edited participants).
    keys: HashMap<String, HashSet<i64>>,
}

/// Spaces collapsed (how a sentence is keyed).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Attribute values keyed as aggregation compares them.
fn value_key(v: &str) -> String {
    collapse(v).to_lowercase()
}

impl<D: Db> Engine<D> {
    /// Whether the database has the decisions table (checked once; a
    /// database opened read-only may be older).
    fn reviewed(&self) -> Result<bool> {
        if let Some(v) = self.reviewed.get() {
            return Ok(v);
        }
        let v = self.conn.has_table("fact_decisions")?;
        self.reviewed.set(Some(v));
        Ok(v)
    }

    /// The current canonical entities named by `key` (any of their names).
    fn entities_keyed(&self, key: &str, memo: &mut HashMap<i64, i64>) -> Result<HashSet<i64>> {
        let ids: Vec<i64> = self.conn.col(
            "SELECT id FROM entities WHERE key = ?1 UNION SELECT entity FROM aliases WHERE key = ?1",
            args![key],
        )?;
        let mut out = HashSet::new();
        for id in ids {
            if let Some(&c) = memo.get(&id) {
                out.insert(c);
                continue;
            }
            if let Some(c) = index::canonical(&self.conn, id)? {
                memo.insert(id, c);
                out.insert(c);
            }
        }
        Ok(out)
    }

    /// The decisions in force (`None` when there are none: reads are unchanged).
    pub(crate) fn active(&self) -> Result<Option<Active>> {
        if !self.reviewed()? {
            return Ok(None);
        }
        let rows = self.conn.rows(
            "SELECT id, fact_key, verdict, edit, user_name, created_at FROM fact_decisions \
             WHERE undone_at IS NULL ORDER BY id",
            &[],
        )?;
        if rows.is_empty() {
            return Ok(None);
        }
        // The latest decision on each fact wins.
        let mut latest: HashMap<FactKey, InForce> = HashMap::new();
        for r in rows {
            let key: FactKey = serde_json::from_str(&r.get::<String>(1)?)
                .map_err(|e| KbError::Db(format!("a stored decision's key: {e}")))?;
            let stored: StoredEdit = serde_json::from_str(&r.get::<String>(3)?)
                .map_err(|e| KbError::Db(format!("a stored decision's edit: {e}")))?;
            latest.insert(
                key,
                InForce {
                    id: r.get(0)?,
                    verdict: Verdict::from_str(&r.get::<String>(2)?)?,
                    edit: stored.edit,
                    participant_keys: stored.participant_keys,
                    user: r.get(4)?,
                    at: r.get(5)?,
                },
            );
        }
        let mut memo = HashMap::new();
        let mut keys: HashMap<String, HashSet<i64>> = HashMap::new();
        let mut resolve = |k: &str, memo: &mut HashMap<i64, i64>| -> Result<HashSet<i64>> {
            if let Some(s) = keys.get(k) {
                return Ok(s.clone());
            }
            let s = self.entities_keyed(k, memo)?;
            keys.insert(k.to_string(), s.clone());
            Ok(s)
        };
        let mut active = Active {
            relations: Vec::new(),
            events: HashMap::new(),
            attributes: HashMap::new(),
            keys: HashMap::new(),
        };
        let mut latest: Vec<(FactKey, InForce)> = latest.into_iter().collect();
        latest.sort_by_key(|(_, d)| d.id);
        for (key, d) in latest {
            for k in &d.participant_keys {
                resolve(k, &mut memo)?;
            }
            match key {
                FactKey::Relation {
                    rtype,
                    source,
                    target,
                } => {
                    let (s, t) = (resolve(&source, &mut memo)?, resolve(&target, &mut memo)?);
                    active.relations.push((rtype, s, t, d));
                }
                FactKey::Event {
                    etype,
                    date,
                    sentence,
                } => {
                    active.events.insert((etype, date, sentence), d);
                }
                FactKey::Attribute {
                    entity,
                    name,
                    value,
                } => {
                    let e = resolve(&entity, &mut memo)?;
                    active
                        .attributes
                        .entry((name, value))
                        .or_default()
                        .push((e, d));
                }
            }
        }
        active.keys = keys;
        Ok(Some(active))
    }

    /// Applies the decisions in force to aggregated relations.
    pub(crate) fn review_relations(&self, v: Vec<RelationRecord>) -> Result<Vec<RelationRecord>> {
        let Some(active) = self.active()? else {
            return Ok(v);
        };
        let mut out = Vec::with_capacity(v.len());
        for mut r in v {
            let found = active.relations.iter().rev().find(|(t, s, g, _)| {
                *t == r.rtype
                    && ((s.contains(&r.source) && g.contains(&r.target))
                        || (r.rtype.is_symmetric()
                            && s.contains(&r.target)
                            && g.contains(&r.source)))
            });
            if let Some((_, _, _, d)) = found {
                match d.verdict {
                    Verdict::Rejected => continue,
                    Verdict::Confirmed => {}
                    Verdict::Edited => {
                        if let Some(t) = d.edit.relation_type {
                            r.rtype = t;
                        }
                        if d.edit.reverse {
                            std::mem::swap(&mut r.source, &mut r.target);
                        }
                    }
                }
                r.review = Some(d.review());
            }
            out.push(r);
        }
        Ok(out)
    }

    /// Applies the decisions in force to aggregated events (with their documents).
    pub(crate) fn review_events<T>(
        &self,
        v: Vec<(EventRecord, T)>,
    ) -> Result<Vec<(EventRecord, T)>> {
        let Some(active) = self.active()? else {
            return Ok(v);
        };
        let mut out = Vec::with_capacity(v.len());
        for (mut e, docs) in v {
            let found = e
                .evidence
                .iter()
                .find_map(|ev| active.events.get(&(e.etype, e.date, collapse(&ev.text))));
            if let Some(d) = found {
                match d.verdict {
                    Verdict::Rejected => continue,
                    Verdict::Confirmed => {}
                    Verdict::Edited => {
                        if let Some(t) = d.edit.event_type {
                            e.etype = t;
                        }
                        if let Some(date) = &d.edit.date {
                            // checked when the decision was written; empty clears it
                            e.date = match date.trim() {
                                "" => None,
                                t => Some(dossier_doc::Edtf::parse(t).map_err(|err| {
                                    KbError::Db(format!("a stored decision's event date: {err}"))
                                })?),
                            };
                        }
                        if let Some(parts) = &d.edit.participants {
                            e.participants = parts
                                .iter()
                                .enumerate()
                                .map(|(i, p)| {
                                    let now = d
                                        .participant_keys
                                        .get(i)
                                        .and_then(|k| active.keys.get(k))
                                        .filter(|s| !s.is_empty() && !s.contains(&p.entity))
                                        .and_then(|s| s.iter().min().copied());
                                    ParticipantRecord {
                                        role: p.role,
                                        entity: now.unwrap_or(p.entity),
                                    }
                                })
                                .collect();
                        }
                    }
                }
                e.review = Some(d.review());
            }
            out.push((e, docs));
        }
        Ok(out)
    }

    /// Applies the decisions in force to aggregated attribute values.
    pub(crate) fn review_attributes(
        &self,
        v: Vec<AttributeRecord>,
    ) -> Result<Vec<AttributeRecord>> {
        let Some(active) = self.active()? else {
            return Ok(v);
        };
        let mut out = Vec::with_capacity(v.len());
        for mut a in v {
            let found = active
                .attributes
                .get(&(a.name.clone(), value_key(&a.value)))
                .and_then(|l| l.iter().rev().find(|(s, _)| s.contains(&a.entity)));
            if let Some((_, d)) = found {
                match d.verdict {
                    Verdict::Rejected => continue,
                    Verdict::Confirmed => {}
                    Verdict::Edited => {
                        if let Some(v) = &d.edit.value {
                            a.value = v.clone();
                        }
                    }
                }
                a.review = Some(d.review());
            }
            out.push(a);
        }
        Ok(out)
    }

    /// The name and name key of the canonical entity of store entity `id`.
    fn named(&self, id: i64) -> Result<(i64, String, String)> {
        let c = index::canonical(&self.conn, id)?.unwrap_or(id);
        let r = self
            .conn
            .row("SELECT name, key FROM entities WHERE id = ?1", args![c])?
            .ok_or_else(|| KbError::NotFound(format!("entity {c}")))?;
        Ok((c, r.get(0)?, r.get(1)?))
    }

    /// The stable key of fact `id` of kind `kind`, and how it reads.
    fn fact_key(&self, kind: FactKind, id: i64) -> Result<(FactKey, String)> {
        let missing = || KbError::NotFound(format!("{} {id}", kind.as_str()));
        match kind {
            FactKind::Relation => {
                let r = self
                    .conn
                    .row(
                        "SELECT r.type, s.entity, t.entity FROM relations r JOIN doc_entities s ON s.id = r.source \
                         JOIN doc_entities t ON t.id = r.target WHERE r.id = ?1",
                        args![id],
                    )?
                    .ok_or_else(missing)?;
                let t: String = r.get(0)?;
                let rtype = RelationType::from_str(&t)
                    .map_err(|_| KbError::Db(format!("unknown relation type '{t}'")))?;
                let (_, sn, mut sk) = self.named(r.get(1)?)?;
                let (_, tn, mut tk) = self.named(r.get(2)?)?;
                let summary = format!("{sn} {t} {tn}");
                if rtype.is_symmetric() && tk < sk {
                    std::mem::swap(&mut sk, &mut tk);
                }
                Ok((
                    FactKey::Relation {
                        rtype,
                        source: sk,
                        target: tk,
                    },
                    summary,
                ))
            }
            FactKind::Event => {
                let r = self
                    .conn
                    .row(
                        "SELECT type, date, trigger, doc FROM events WHERE id = ?1",
                        args![id],
                    )?
                    .ok_or_else(missing)?;
                let t: String = r.get(0)?;
                let etype = EventType::from_str(&t)
                    .map_err(|_| KbError::Db(format!("unknown event type '{t}'")))?;
                let date: Option<dossier_doc::Edtf> = r.get(1)?;
                let trigger: String = r.get(2)?;
                let doc: String = r.get(3)?;
                let sentence: String = self
                    .conn
                    .row(
                        "SELECT s.text FROM event_evidence e JOIN sentences s ON s.doc = ?2 AND s.idx = e.sentence \
                         WHERE e.event = ?1 ORDER BY e.sentence LIMIT 1",
                        args![id, doc],
                    )?
                    .map(|r| r.get(0))
                    .transpose()?
                    .ok_or_else(|| {
                        KbError::Invalid(format!("event {id} has no sentence to key it on"))
                    })?;
                let summary = format!(
                    "{t} ({}): {trigger} — {}",
                    date.map_or_else(|| "undated".to_string(), |d| d.to_string()),
                    collapse(&sentence)
                );
                Ok((
                    FactKey::Event {
                        etype,
                        date,
                        sentence: collapse(&sentence),
                    },
                    summary,
                ))
            }
            FactKind::Attribute => {
                let r = self
                    .conn
                    .row(
                        "SELECT d.entity, a.name, a.value FROM attributes a JOIN doc_entities d ON d.id = a.doc_entity \
                         WHERE a.id = ?1",
                        args![id],
                    )?
                    .ok_or_else(missing)?;
                let (_, en, ek) = self.named(r.get(0)?)?;
                let (name, value): (AttrName, String) = (r.get(1)?, r.get(2)?);
                let summary = format!("{en}: {name} = {value}");
                Ok((
                    FactKey::Attribute {
                        entity: ek,
                        name,
                        value: value_key(&value),
                    },
                    summary,
                ))
            }
        }
    }

    /// Checks that an edit fits its fact and its values are valid.
    fn check_edit(&self, kind: FactKind, d: &Decision) -> Result<()> {
        let e = &d.edit;
        if d.user.trim().is_empty() {
            return Err(KbError::Invalid("a decision needs a user name".into()));
        }
        match d.verdict {
            Verdict::Edited if e.is_empty() => {
                return Err(KbError::Invalid("an edit must change something".into()))
            }
            Verdict::Confirmed | Verdict::Rejected if !e.is_empty() => {
                return Err(KbError::Invalid(format!(
                    "a {} decision carries no changes",
                    d.verdict.as_str()
                )))
            }
            _ => {}
        }
        let foreign = match kind {
            FactKind::Relation => {
                e.event_type.is_some()
                    || e.date.is_some()
                    || e.participants.is_some()
                    || e.value.is_some()
            }
            FactKind::Event => e.relation_type.is_some() || e.reverse || e.value.is_some(),
            FactKind::Attribute => {
                e.relation_type.is_some()
                    || e.reverse
                    || e.event_type.is_some()
                    || e.date.is_some()
                    || e.participants.is_some()
            }
        };
        if foreign {
            return Err(KbError::Invalid(format!(
                "that change does not apply to a {}",
                kind.as_str()
            )));
        }
        if let Some(date) = e.date.as_deref().filter(|d| !d.is_empty()) {
            if let Err(err) = dossier_doc::Edtf::parse(date) {
                return Err(KbError::Invalid(format!("not an EDTF date: {err}")));
            }
        }
        if let Some(v) = &e.value {
            if v.trim().is_empty() {
                return Err(KbError::Invalid(
                    "an attribute value cannot be empty".into(),
                ));
            }
        }
        if let Some(parts) = &e.participants {
            for p in parts {
                if index::canonical(&self.conn, p.entity)?.is_none() {
                    return Err(KbError::NotFound(format!("entity {}", p.entity)));
                }
            }
        }
        Ok(())
    }

    pub(crate) fn decide_impl(&mut self, kind: FactKind, id: i64, d: &Decision) -> Result<i64> {
        if !self.reviewed()? {
            return Err(KbError::Invalid(
                "this knowledge base predates decisions: open it for writing to upgrade it".into(),
            ));
        }
        self.check_edit(kind, d)?;
        let (key, summary) = self.fact_key(kind, id)?;
        let mut participant_keys = Vec::new();
        if let Some(parts) = &d.edit.participants {
            for p in parts {
                participant_keys.push(self.named(p.entity)?.2);
            }
        }
        let key_json = serde_json::to_string(&key).map_err(|e| KbError::Db(e.to_string()))?;
        let edit_json = serde_json::to_string(&StoredEdit {
            edit: d.edit.clone(),
            participant_keys,
        })
        .map_err(|e| KbError::Db(e.to_string()))?;
        self.writes += 1;
        let tx = Tx::begin(&self.conn)?;
        let next: i64 = tx.one("SELECT COALESCE(MAX(id), 0) + 1 FROM fact_decisions", &[])?;
        let now = tx.now_sql();
        tx.exec(
            &format!(
                "INSERT INTO fact_decisions (id, kind, fact_key, verdict, edit, summary, user_name, created_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, {now})"
            ),
            args![
                next,
                kind.as_str(),
                key_json,
                d.verdict.as_str(),
                edit_json,
                summary,
                d.user.trim()
            ],
        )?;
        tx.commit()?;
        Ok(next)
    }

    pub(crate) fn decisions_impl(&self) -> Result<Vec<DecisionRecord>> {
        if !self.reviewed()? {
            return Ok(Vec::new());
        }
        let rows = self.conn.rows(
            "SELECT id, kind, fact_key, verdict, edit, summary, user_name, created_at, undone_at IS NOT NULL \
             FROM fact_decisions ORDER BY id",
            &[],
        )?;
        rows.iter()
            .map(|r| {
                let stored: StoredEdit = serde_json::from_str(&r.get::<String>(4)?)
                    .map_err(|e| KbError::Db(format!("a stored decision's edit: {e}")))?;
                Ok(DecisionRecord {
                    id: r.get(0)?,
                    kind: FactKind::from_str(&r.get::<String>(1)?)?,
                    key: serde_json::from_str(&r.get::<String>(2)?)
                        .map_err(|e| KbError::Db(format!("a stored decision's key: {e}")))?,
                    verdict: Verdict::from_str(&r.get::<String>(3)?)?,
                    edit: stored.edit,
                    summary: r.get(5)?,
                    user: r.get(6)?,
                    created_at: r.get(7)?,
                    undone: r.get(8)?,
                })
            })
            .collect()
    }

    pub(crate) fn undo_decision_impl(&mut self, id: i64) -> Result<()> {
        if !self.reviewed()? {
            return Err(KbError::NotFound(format!("decision {id}")));
        }
        self.writes += 1;
        let tx = Tx::begin(&self.conn)?;
        let undone: Option<bool> = tx
            .row(
                "SELECT undone_at IS NOT NULL FROM fact_decisions WHERE id = ?1",
                args![id],
            )?
            .map(|r| r.get(0))
            .transpose()?;
        match undone {
            None => return Err(KbError::NotFound(format!("decision {id}"))),
            Some(true) => {
                return Err(KbError::Invalid(format!(
                    "decision {id} was already undone"
                )))
            }
            Some(false) => {}
        }
        let now = tx.now_sql();
        tx.exec(
            &format!("UPDATE fact_decisions SET undone_at = {now} WHERE id = ?1"),
            args![id],
        )?;
        tx.commit()
    }

    pub(crate) fn edit_document_impl(&mut self, id: &str, edit: &DocumentEdit) -> Result<()> {
        let reliability = edit
            .reliability
            .map(|c| grading::reliability(Some(c)))
            .transpose()?;
        if let Some(p) = edit
            .published
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            if let Err(err) = dossier_doc::Edtf::parse(p) {
                return Err(KbError::Invalid(format!("not an EDTF date: {err}")));
            }
        }
        if let Some(u) = edit.url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            let lower = u.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://")) {
                return Err(KbError::Invalid(format!(
                    "'{u}' is not an http or https address"
                )));
            }
        }
        self.writes += 1;
        let tx = Tx::begin(&self.conn)?;
        if !crate::engine::document_exists(&*tx, id)? {
            return Err(KbError::NotFound(format!("document {id}")));
        }
        let text = |v: &Option<String>| -> Option<Option<String>> {
            v.as_ref()
                .map(|s| Some(s.trim().to_string()).filter(|s| !s.is_empty()))
        };
        for (col, v) in [
            ("title", text(&edit.title)),
            ("published", text(&edit.published)),
            ("source", text(&edit.source)),
            ("url", text(&edit.url)),
            ("reliability", reliability.map(|c| Some(c.to_string()))),
        ] {
            if let Some(v) = v {
                tx.exec(
                    &format!("UPDATE documents SET {col} = ?2 WHERE id = ?1"),
                    args![id, v],
                )?;
            }
        }
        tx.commit()
    }

    pub(crate) fn delete_document_impl(&mut self, id: &str) -> Result<()> {
        self.writes += 1;
        let tx = Tx::begin(&self.conn)?;
        if !crate::engine::document_exists(&*tx, id)? {
            return Err(KbError::NotFound(format!("document {id}")));
        }
        // The store entities the document touches.
        let touched: BTreeSet<i64> = tx
            .col::<i64>(
                "SELECT entity FROM doc_entities WHERE doc = ?1 UNION SELECT entity FROM mentions WHERE doc = ?1 \
                 UNION SELECT entity FROM aliases WHERE document = ?1",
                args![id],
            )?
            .into_iter()
            .collect();
        crate::event_actors::forget_document(&*tx, id)?;
        for sql in [
            "DELETE FROM relation_evidence WHERE relation IN (SELECT id FROM relations WHERE doc = ?1)",
            "DELETE FROM relations WHERE doc = ?1",
            "DELETE FROM event_evidence WHERE event IN (SELECT id FROM events WHERE doc = ?1)",
            "DELETE FROM event_participants WHERE event IN (SELECT id FROM events WHERE doc = ?1)",
            "DELETE FROM events WHERE doc = ?1",
            "DELETE FROM attribute_evidence WHERE attribute IN (SELECT id FROM attributes WHERE doc = ?1)",
            "DELETE FROM attributes WHERE doc = ?1",
            "DELETE FROM mentions WHERE doc = ?1",
            "DELETE FROM aliases WHERE document = ?1",
            "DELETE FROM doc_entities WHERE doc = ?1",
        ] {
            tx.exec(sql, args![id])?;
        }
        tx.delete_sentences(id)?;
        tx.exec("DELETE FROM documents WHERE id = ?1", args![id])?;
        // Entities no document names any more disappear (with the overrides
        // that name them), unless another entity was merged into them.
        let indexed = tx.has_table("entity_stats")?;
        let mut gone: BTreeSet<i64> = BTreeSet::new();
        loop {
            let mut changed = false;
            for &e in &touched {
                if gone.contains(&e) {
                    continue;
                }
                let used: bool = tx.one(
                    "SELECT EXISTS (SELECT 1 FROM doc_entities WHERE entity = ?1) \
                     OR EXISTS (SELECT 1 FROM mentions WHERE entity = ?1) \
                     OR EXISTS (SELECT 1 FROM aliases WHERE entity = ?1) \
                     OR EXISTS (SELECT 1 FROM entities WHERE merged_into = ?1)",
                    args![e],
                )?;
                if used {
                    continue;
                }
                tx.exec("DELETE FROM overrides WHERE a = ?1 OR b = ?1", args![e])?;
                if indexed {
                    for sql in [
                        "DELETE FROM entity_names WHERE entity = ?1",
                        "DELETE FROM entity_keys WHERE entity = ?1",
                        "DELETE FROM entity_stats WHERE entity = ?1",
                        "DELETE FROM entity_links WHERE a = ?1 OR b = ?1",
                    ] {
                        tx.exec(sql, args![e])?;
                    }
                }
                tx.exec("DELETE FROM entities WHERE id = ?1", args![e])?;
                gone.insert(e);
                changed = true;
            }
            if !changed {
                break;
            }
        }
        let kept: Vec<i64> = touched.difference(&gone).copied().collect();
        if indexed {
            index::rebuild(&*tx, &mut self.keys, &kept)?;
        }
        for &e in &kept {
            let has_docs: bool = tx.one(
                "SELECT EXISTS (SELECT 1 FROM doc_entities WHERE entity = ?1)",
                args![e],
            )?;
            if has_docs {
                Self::refresh_entity(&tx, e)?;
            }
        }
        tx.commit()
    }
}
