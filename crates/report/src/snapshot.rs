//! A read-only view of (part of) the knowledge base, assembled from
//! [`Store`] calls, that every renderer works on. Renderers are pure
//! functions of a [`Snapshot`], so they can be tested with hand-built records.

use crate::ReportError;
use dossier_kb::{
    AttributeRecord, Contradiction, DocumentRecord, EntityFilter, EntityRecord, EventRecord,
    EvidenceRecord, RelationRecord, Store,
};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Records of the knowledge base, keyed for lookup.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// Documents by id.
    pub documents: BTreeMap<String, DocumentRecord>,
    /// Entities by id.
    pub entities: BTreeMap<i64, EntityRecord>,
    /// Relations (sorted by id).
    pub relations: Vec<RelationRecord>,
    /// Events (sorted by id).
    pub events: Vec<EventRecord>,
    /// Attributes (sorted by id).
    pub attributes: Vec<AttributeRecord>,
    /// Open contradictions.
    pub contradictions: Vec<Contradiction>,
}

impl Snapshot {
    /// Everything in the store.
    pub fn load(store: &dyn Store) -> Result<Snapshot, ReportError> {
        let mut s = Snapshot::default();
        for d in store.documents()? {
            s.documents.insert(d.id.clone(), d);
        }
        for e in store.entities(&EntityFilter::default())? {
            s.entities.insert(e.id, e);
        }
        s.relations = store.relations(None)?;
        s.events = store.events(None)?;
        s.attributes = store.attributes(None)?;
        s.contradictions = store.contradictions(None)?;
        s.fill_missing_entities(store, true)?;
        s.normalize();
        Ok(s)
    }

    /// One entity and what touches it: its relations, events, attributes and
    /// contradictions, the entities those name, and the documents they cite.
    pub fn around(store: &dyn Store, entity: i64) -> Result<Snapshot, ReportError> {
        Snapshot::around_with(store, entity, true)
    }

    /// As [`Snapshot::around`], but the other entities without their
    /// aliases (their names, types and counts only), so neither those
    /// aliases nor the documents that only they cite are read: what a
    /// profile or an entity's timeline shows of them (issue 14: an entity
    /// named in 1,250 documents reaches entities with 100,000 alias rows).
    pub fn around_named(store: &dyn Store, entity: i64) -> Result<Snapshot, ReportError> {
        Snapshot::around_with(store, entity, false)
    }

    fn around_with(store: &dyn Store, entity: i64, aliases: bool) -> Result<Snapshot, ReportError> {
        let focal = store.entity(entity)?.ok_or(ReportError::NoEntity(entity))?;
        let mut s = Snapshot::default();
        s.entities.insert(focal.id, focal);
        s.relations = store.relations(Some(entity))?;
        s.events = store.events(Some(entity))?;
        s.attributes = store.attributes(Some(entity))?;
        s.contradictions = store.contradictions(Some(entity))?;
        s.fill_missing_entities(store, aliases)?;
        s.fill_documents(store)?;
        s.normalize();
        Ok(s)
    }

    /// The events of the whole base that `keep` keeps, with their
    /// participants and the documents they cite: read from the store a page
    /// of entities at a time, so that only what is shown is held.
    pub(crate) fn of_events(
        store: &dyn Store,
        keep: &dyn Fn(&EventRecord) -> bool,
    ) -> Result<Snapshot, ReportError> {
        use crate::export::walk::{Records, StoreRecords};
        let mut s = Snapshot::default();
        StoreRecords::new(store).each_event(&mut |e| {
            if keep(e) {
                s.events.push(e.clone());
            }
            Ok(())
        })?;
        s.fill_missing_entities(store, true)?;
        s.fill_documents(store)?;
        s.normalize();
        Ok(s)
    }

    /// The entities within `depth` relation hops of `center`, with the
    /// relations among them (events and attributes of those entities too).
    pub fn neighbourhood(
        store: &dyn Store,
        center: i64,
        depth: usize,
    ) -> Result<Snapshot, ReportError> {
        let focal = store.entity(center)?.ok_or(ReportError::NoEntity(center))?;
        let mut s = Snapshot::default();
        s.entities.insert(focal.id, focal);
        let mut seen_rel = BTreeSet::new();
        let mut dist: BTreeMap<i64, usize> = BTreeMap::from([(center, 0)]);
        let mut queue = VecDeque::from([center]);
        while let Some(id) = queue.pop_front() {
            let d = dist[&id];
            if d >= depth {
                continue;
            }
            for r in store.relations(Some(id))? {
                for other in [r.source, r.target] {
                    if let std::collections::btree_map::Entry::Vacant(v) = dist.entry(other) {
                        v.insert(d + 1);
                        queue.push_back(other);
                    }
                }
                if seen_rel.insert(r.id) {
                    s.relations.push(r);
                }
            }
        }
        // Relations among the frontier entities complete the picture.
        let members: BTreeSet<i64> = dist.keys().copied().collect();
        for id in dist.iter().filter(|(_, d)| **d == depth).map(|(id, _)| *id) {
            if depth == 0 {
                break;
            }
            for r in store.relations(Some(id))? {
                if members.contains(&r.source)
                    && members.contains(&r.target)
                    && seen_rel.insert(r.id)
                {
                    s.relations.push(r);
                }
            }
        }
        let missing: Vec<i64> = members
            .iter()
            .copied()
            .filter(|id| !s.entities.contains_key(id))
            .collect();
        for e in store.entities_of_ids(&missing, true)? {
            s.entities.insert(e.id, e);
        }
        s.relations
            .retain(|r| members.contains(&r.source) && members.contains(&r.target));
        s.fill_documents(store)?;
        s.normalize();
        Ok(s)
    }

    /// Fetches entities referenced by relations, events, attributes that are
    /// not in the snapshot yet (ids the store does not know are left out),
    /// in one batch; with their aliases or not (see [`Store::entities_of_ids`]).
    fn fill_missing_entities(
        &mut self,
        store: &dyn Store,
        aliases: bool,
    ) -> Result<(), ReportError> {
        let mut wanted = BTreeSet::new();
        for r in &self.relations {
            wanted.insert(r.source);
            wanted.insert(r.target);
        }
        for e in &self.events {
            wanted.extend(e.participants.iter().map(|p| p.entity));
        }
        wanted.extend(self.attributes.iter().map(|a| a.entity));
        let missing: Vec<i64> = wanted
            .into_iter()
            .filter(|id| !self.entities.contains_key(id))
            .collect();
        for e in store.entities_of_ids(&missing, aliases)? {
            self.entities.entry(e.id).or_insert(e);
        }
        Ok(())
    }

    /// Reads the documents the records cite (evidence, alias sources), in
    /// one batch, instead of every document of the store.
    fn fill_documents(&mut self, store: &dyn Store) -> Result<(), ReportError> {
        let mut wanted: BTreeSet<&str> = BTreeSet::new();
        let evidence = self
            .relations
            .iter()
            .flat_map(|r| &r.evidence)
            .chain(self.events.iter().flat_map(|e| &e.evidence))
            .chain(self.attributes.iter().flat_map(|a| &a.evidence))
            .chain(
                self.contradictions
                    .iter()
                    .flat_map(|c| c.values.iter().flat_map(|v| &v.evidence)),
            );
        wanted.extend(evidence.map(|e| e.document.as_str()));
        for e in self.entities.values() {
            wanted.extend(
                e.aliases
                    .iter()
                    .flat_map(|a| a.documents.iter().map(String::as_str)),
            );
        }
        let wanted: Vec<String> = wanted.into_iter().map(str::to_string).collect();
        for d in store.documents_of_ids(&wanted)? {
            self.documents.insert(d.id.clone(), d);
        }
        Ok(())
    }

    /// Sorts records by id so that output is deterministic whatever order
    /// the store returns them in.
    pub fn normalize(&mut self) {
        self.relations.sort_by_key(|r| r.id);
        self.relations.dedup_by_key(|r| r.id);
        self.events.sort_by_key(|e| e.id);
        self.events.dedup_by_key(|e| e.id);
        self.attributes.sort_by_key(|a| a.id);
        self.attributes.dedup_by_key(|a| a.id);
        self.contradictions
            .sort_by(|a, b| (a.entity, &a.what).cmp(&(b.entity, &b.what)));
    }

    /// The name of an entity, or `#id` when unknown.
    pub fn name(&self, id: i64) -> String {
        self.entities
            .get(&id)
            .map(|e| e.name.clone())
            .unwrap_or_else(|| format!("#{id}"))
    }

    /// Title (else source, else id) of a document.
    pub fn document_label(&self, id: &str) -> String {
        document_label(self.documents.get(id), id)
    }
}

/// Title (else source, else path, else short id) of document `id`, whose
/// record is `d` when the base has it: the one labelling rule of every
/// report and export.
pub(crate) fn document_label(d: Option<&DocumentRecord>, id: &str) -> String {
    d.and_then(|d| {
        d.title
            .clone()
            .or_else(|| d.source.clone())
            .or_else(|| d.path.clone())
    })
    .unwrap_or_else(|| short_doc_id(id))
}

/// `sha256:0123456789ab…` shortened to its first 12 hex digits.
pub fn short_doc_id(id: &str) -> String {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    let short: String = hex.chars().take(12).collect();
    if id.starts_with("sha256:") {
        format!("sha256:{short}")
    } else {
        short
    }
}

/// Evidence deduplicated by (document, sentence), in first-seen order.
pub fn unique_evidence<'a>(
    ev: impl IntoIterator<Item = &'a EvidenceRecord>,
) -> Vec<&'a EvidenceRecord> {
    let mut seen = BTreeSet::new();
    ev.into_iter()
        .filter(|e| seen.insert((e.document.clone(), e.sentence)))
        .collect()
}
