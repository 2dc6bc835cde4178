//! The whole knowledge base in record order, read a page at a time: what
//! the JSON Lines, CSV and GraphML exports write. [`Records`] is what they
//! read; a [`Snapshot`] gives it from memory (for a part of the base, and
//! as the reference the streamed walk is tested against), [`StoreRecords`]
//! from the store through its indexed look-ups, never holding the base:
//! documents and entities come in id order page by page, and relations,
//! events, attributes, which the store gives per entity, are put back in
//! id order through a [`Spill`] (sorted runs on disk past a few MiB).

use super::spill::Spill;
use crate::snapshot::Snapshot;
use crate::{ReportError, Result};
use dossier_kb::{
    AttributeRecord, Contradiction, DocumentRecord, EntityRecord, EventRecord, RelationRecord,
    Store,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Entities and documents remembered while an export runs (then forgotten
/// all at once): what is written next mostly names what was just read.
pub(super) const CACHE: usize = 4096;
/// Ids read per page.
pub(super) const PAGE: usize = 512;

/// A map forgotten whole when full: bounded memory.
pub(super) struct Bounded<K, V>(pub(super) HashMap<K, V>);

impl<K: std::hash::Hash + Eq, V: Clone> Bounded<K, V> {
    pub(super) fn get_or(&mut self, k: K, load: impl FnOnce() -> Result<V>) -> Result<V> {
        if let Some(v) = self.0.get(&k) {
            return Ok(v.clone());
        }
        let v = load()?;
        if self.0.len() >= CACHE {
            self.0.clear();
        }
        self.0.insert(k, v.clone());
        Ok(v)
    }
}

/// An I/O error of the export's temporary files.
pub(super) fn tmp_err(source: std::io::Error) -> ReportError {
    ReportError::Io {
        path: "a temporary file".into(),
        source,
    }
}

/// Calls `each` with every entity id, a page at a time.
pub(super) fn each_entity_id(
    store: &dyn Store,
    each: &mut dyn FnMut(i64) -> Result<()>,
) -> Result<()> {
    each_entity_page(store, &mut |ids| ids.iter().try_for_each(|&id| each(id)))
}

/// Calls `each` with every page of entity ids, in increasing order.
pub(super) fn each_entity_page(
    store: &dyn Store,
    each: &mut dyn FnMut(&[i64]) -> Result<()>,
) -> Result<()> {
    let mut after = i64::MIN;
    loop {
        let ids = store.entity_ids_after(after, PAGE)?;
        let Some(&last) = ids.last() else {
            return Ok(());
        };
        each(&ids)?;
        after = last;
    }
}

/// A callback over one kind of record.
pub(crate) type Each<'f, T> = &'f mut dyn FnMut(&T) -> Result<()>;

/// The whole base, kind by kind, each kind in the order of a loaded
/// [`Snapshot`]: documents by id, entities by id, relations, events and
/// attributes by id, contradictions by (entity, what).
pub(crate) trait Records {
    /// The name of an entity, or `#id` when unknown.
    fn name(&self, id: i64) -> Result<String>;
    /// Whether the base has entity `id`.
    fn has_entity(&self, id: i64) -> Result<bool>;
    /// As [`Snapshot::document_label`].
    fn document_label(&self, id: &str) -> Result<String>;
    /// Every document.
    fn each_document(&self, f: Each<DocumentRecord>) -> Result<()>;
    /// Every entity.
    fn each_entity(&self, f: Each<EntityRecord>) -> Result<()>;
    /// Every relation.
    fn each_relation(&self, f: Each<RelationRecord>) -> Result<()>;
    /// Every event.
    fn each_event(&self, f: Each<EventRecord>) -> Result<()>;
    /// Every attribute.
    fn each_attribute(&self, f: Each<AttributeRecord>) -> Result<()>;
    /// Every open contradiction.
    fn each_contradiction(&self, f: Each<Contradiction>) -> Result<()>;
}

impl Records for Snapshot {
    fn name(&self, id: i64) -> Result<String> {
        Ok(Snapshot::name(self, id))
    }
    fn has_entity(&self, id: i64) -> Result<bool> {
        Ok(self.entities.contains_key(&id))
    }
    fn document_label(&self, id: &str) -> Result<String> {
        Ok(Snapshot::document_label(self, id))
    }
    fn each_document(&self, f: Each<DocumentRecord>) -> Result<()> {
        self.documents.values().try_for_each(f)
    }
    fn each_entity(&self, f: Each<EntityRecord>) -> Result<()> {
        self.entities.values().try_for_each(f)
    }
    fn each_relation(&self, f: Each<RelationRecord>) -> Result<()> {
        self.relations.iter().try_for_each(f)
    }

    fn each_event(&self, f: Each<EventRecord>) -> Result<()> {
        self.events.iter().try_for_each(f)
    }
    fn each_attribute(&self, f: Each<AttributeRecord>) -> Result<()> {
        self.attributes.iter().try_for_each(f)
    }

    fn each_contradiction(&self, f: Each<Contradiction>) -> Result<()> {
        self.contradictions.iter().try_for_each(f)
    }
}

/// The store's records, read through its look-ups by id a page at a time.
pub(crate) struct StoreRecords<'a> {
    store: &'a dyn Store,
    entities: RefCell<Bounded<i64, Option<Rc<EntityRecord>>>>,
    documents: RefCell<Bounded<String, Option<Rc<DocumentRecord>>>>,
}

impl<'a> StoreRecords<'a> {
    /// Records of `store`.
    pub(crate) fn new(store: &'a dyn Store) -> StoreRecords<'a> {
        StoreRecords {
            store,
            entities: RefCell::new(Bounded(HashMap::new())),
            documents: RefCell::new(Bounded(HashMap::new())),
        }
    }

    /// Entity `id`, through the cache.
    pub(super) fn entity(&self, id: i64) -> Result<Option<Rc<EntityRecord>>> {
        self.entities
            .borrow_mut()
            .get_or(id, || Ok(self.store.entity(id)?.map(Rc::new)))
    }

    /// Document `id`, through the cache.
    pub(super) fn document(&self, id: &str) -> Result<Option<Rc<DocumentRecord>>> {
        self.documents
            .borrow_mut()
            .get_or(id.to_string(), || Ok(self.store.document(id)?.map(Rc::new)))
    }

    /// The records `of` gives for each page of entities and `then` after
    /// the last, in id order: each page's own (those `of` keeps for it, so
    /// that each record comes once) go through a spill as JSON and come
    /// back sorted.
    fn sorted<T: Serialize + DeserializeOwned>(
        &self,
        of: &mut dyn FnMut(&[i64]) -> Result<Vec<T>>,
        then: &mut dyn FnMut() -> Result<Vec<T>>,
        id: &dyn Fn(&T) -> i64,
        f: Each<T>,
    ) -> Result<()> {
        let mut spill = Spill::default();
        let mut push = |r: &T| -> Result<()> {
            spill
                .push(id_key(id(r)), serde_json::to_string(r)?)
                .map_err(tmp_err)
        };
        each_entity_page(self.store, &mut |ids| {
            of(ids)?.iter().try_for_each(&mut push)
        })?;
        then()?.iter().try_for_each(&mut push)?;
        let mut sorted = spill.finish().map_err(tmp_err)?;
        while let Some((_, json)) = sorted.next_pair().map_err(tmp_err)? {
            f(&serde_json::from_str(&json)?)?;
        }
        Ok(())
    }

    /// The entity that owns event `e` in the walk: its participant of
    /// lowest id that the store has (so each event comes once).
    pub(super) fn owner(&self, e: &EventRecord) -> Result<Option<i64>> {
        let mut ids: Vec<i64> = e.participants.iter().map(|p| p.entity).collect();
        ids.sort_unstable();
        ids.dedup();
        for id in ids {
            if self.entity(id)?.is_some() {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }
}

/// A sort key of a record id whose text order is the numeric order.
pub(super) fn id_key(id: i64) -> String {
    format!("{:020}", (id as u64) ^ (1 << 63))
}

impl Records for StoreRecords<'_> {
    fn name(&self, id: i64) -> Result<String> {
        Ok(self
            .entity(id)?
            .map(|e| e.name.clone())
            .unwrap_or_else(|| format!("#{id}")))
    }

    fn has_entity(&self, id: i64) -> Result<bool> {
        Ok(self.entity(id)?.is_some())
    }

    fn document_label(&self, id: &str) -> Result<String> {
        Ok(crate::snapshot::document_label(
            self.document(id)?.as_deref(),
            id,
        ))
    }

    fn each_document(&self, f: Each<DocumentRecord>) -> Result<()> {
        let mut after: Option<String> = None;
        loop {
            let ids = self.store.document_ids_after(after.as_deref(), PAGE)?;
            let Some(last) = ids.last().cloned() else {
                return Ok(());
            };
            for id in ids {
                if let Some(d) = self.store.document(&id)? {
                    f(&d)?;
                }
            }
            after = Some(last);
        }
    }

    fn each_entity(&self, f: Each<EntityRecord>) -> Result<()> {
        each_entity_id(self.store, &mut |id| match self.store.entity(id)? {
            Some(e) => f(&e),
            None => Ok(()),
        })
    }

    fn each_relation(&self, f: Each<RelationRecord>) -> Result<()> {
        let store = self.store;
        self.sorted(
            &mut |ids| store.relations_of_sources(ids).map_err(Into::into),
            &mut || Ok(Vec::new()),
            &|r: &RelationRecord| r.id,
            f,
        )
    }

    fn each_event(&self, f: Each<EventRecord>) -> Result<()> {
        let store = self.store;
        self.sorted(
            &mut |ids| {
                let mut own = Vec::new();
                for x in store.events_of_entities(ids)? {
                    if self
                        .owner(&x)?
                        .is_some_and(|o| ids.binary_search(&o).is_ok())
                    {
                        own.push(x);
                    }
                }
                Ok(own)
            },
            &mut || Ok(store.events_without_participants()?),
            &|x: &EventRecord| x.id,
            f,
        )
    }

    fn each_attribute(&self, f: Each<AttributeRecord>) -> Result<()> {
        let store = self.store;
        self.sorted(
            &mut |ids| store.attributes_of_entities(ids).map_err(Into::into),
            &mut || Ok(Vec::new()),
            &|a: &AttributeRecord| a.id,
            f,
        )
    }

    fn each_contradiction(&self, f: Each<Contradiction>) -> Result<()> {
        // Pages of entities come in id order, so a page's contradictions,
        // sorted by entity and then by what they are about (a stable sort:
        // ties keep the store's order), follow the snapshot's order.
        each_entity_page(self.store, &mut |ids| {
            let mut cs = self.store.contradictions_of_entities(ids)?;
            cs.sort_by(|a, b| (a.entity, &a.what).cmp(&(b.entity, &b.what)));
            cs.iter().try_for_each(&mut *f)
        })
    }
}
