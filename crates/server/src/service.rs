//! What the pages and the API show and do, over a [`Store`], knowing
//! nothing of HTTP: each function reads or changes the store and returns a
//! view (serializable, so the API hands it out as it is) or a
//! [`ServiceError`]. Views are built with the report crate's builders
//! ([`Profile::build`], [`Timeline::build`]), so the workbench says what
//! `dossier profile` and `dossier timeline` say.

use dossier_doc::{EntityType, EventType};
use dossier_kb::{
    DocumentRecord, EntityFilter, EntityRecord, EventRecord, KbError, OverrideRecord, SearchHit,
    SentenceRecord, Store,
};
use dossier_report::edtf;
use dossier_report::profile::Profile;
use dossier_report::timeline::Timeline;
use dossier_report::{ReportError, Snapshot};
use serde::Serialize;
use std::collections::BTreeSet;
use std::str::FromStr;

/// Errors of the workbench's operations.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request is malformed (unknown type, bad number…).
    #[error("{0}")]
    BadRequest(String),
    /// The store failed or refused.
    #[error(transparent)]
    Store(#[from] KbError),
    /// Building a report failed.
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, ServiceError>;

/// At most this many sentences and entities per search.
pub const SEARCH_LIMIT: usize = 50;
/// Timeline entries per page.
pub const TIMELINE_PAGE: usize = 50;
/// Documents per page of the document list.
pub const DOCUMENTS_PAGE: usize = 100;

/// Parses an entity type given by its wire name (`armed_group`…); empty is none.
pub fn entity_type(s: Option<&str>) -> Result<Option<EntityType>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => EntityType::from_str(t).map(Some).map_err(|_| {
            ServiceError::BadRequest(format!(
                "unknown entity type '{t}' (expected one of: {})",
                names(EntityType::ALL.iter().map(|t| t.as_str()))
            ))
        }),
    }
}

/// Parses an event type given by its wire name (`attack`…); empty is none.
pub fn event_type(s: Option<&str>) -> Result<Option<EventType>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => EventType::from_str(t).map(Some).map_err(|_| {
            ServiceError::BadRequest(format!(
                "unknown event type '{t}' (expected one of: {})",
                names(EventType::ALL.iter().map(|t| t.as_str()))
            ))
        }),
    }
}

fn names<'a>(it: impl Iterator<Item = &'a str>) -> String {
    it.collect::<Vec<_>>().join(", ")
}

/// What a search found.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResult {
    /// The query as given.
    pub query: String,
    /// The entity type filter, if any.
    #[serde(rename = "type")]
    pub etype: Option<EntityType>,
    /// Entities whose name or an alias contains the query (of the type, if given).
    pub entities: Vec<EntityRecord>,
    /// Sentences matching the query (full text), best first.
    pub sentences: Vec<SearchHit>,
}

/// Full-text search over sentences and names; a type filter narrows the
/// entities listed (sentences are all that match).
pub fn search(store: &dyn Store, query: &str, etype: Option<EntityType>) -> Result<SearchResult> {
    let q = query.trim();
    if q.is_empty() {
        return Ok(SearchResult {
            query: query.to_string(),
            etype,
            entities: Vec::new(),
            sentences: Vec::new(),
        });
    }
    let mut entities = store.entities(&EntityFilter {
        etype,
        search: Some(q.to_string()),
    })?;
    entities.truncate(SEARCH_LIMIT);
    let sentences = store.search(q, SEARCH_LIMIT)?;
    Ok(SearchResult {
        query: query.to_string(),
        etype,
        entities,
        sentences,
    })
}

/// A page of the entity list.
#[derive(Debug, Clone, Serialize)]
pub struct EntityList {
    /// Entities matching the filter in all.
    pub total: usize,
    /// Index of the first one listed.
    pub offset: usize,
    /// The listed entities, most mentioned first.
    pub entities: Vec<EntityRecord>,
}

/// Entities of a type and/or containing a text, `limit` from `offset`.
pub fn entities(
    store: &dyn Store,
    etype: Option<EntityType>,
    search: Option<&str>,
    offset: usize,
    limit: usize,
) -> Result<EntityList> {
    let all = store.entities(&EntityFilter {
        etype,
        search: search
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from),
    })?;
    Ok(EntityList {
        total: all.len(),
        offset,
        entities: all.into_iter().skip(offset).take(limit).collect(),
    })
}

/// Everything the entity page shows.
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    /// The profile, as `dossier profile` builds it (statements with footnotes).
    pub profile: Profile,
    /// Its events in date order.
    pub timeline: Timeline,
    /// Every document that names it or is cited about it, by id.
    pub documents: Vec<DocumentRecord>,
}

/// The canonical id of `id` (itself unless it was merged into another).
pub fn canonical(store: &dyn Store, id: i64) -> Result<i64> {
    store
        .entity(id)?
        .map(|e| e.id)
        .ok_or_else(|| ServiceError::NotFound(format!("entity {id}")))
}

/// The profile and timeline of entity `id` (which must be canonical: see [`canonical`]).
pub fn entity(store: &dyn Store, id: i64) -> Result<EntityView> {
    let snap = match Snapshot::around(store, id) {
        Err(ReportError::NoEntity(_)) => {
            return Err(ServiceError::NotFound(format!("entity {id}")))
        }
        r => r?,
    };
    let profile =
        Profile::build(&snap, id).ok_or_else(|| ServiceError::NotFound(format!("entity {id}")))?;
    let timeline = Timeline::build(&snap, Some(id), None);
    let ids: BTreeSet<&str> = profile
        .aliases
        .iter()
        .flat_map(|a| a.documents.iter().map(String::as_str))
        .chain(profile.sources.iter().map(|s| s.id.as_str()))
        .collect();
    let mut documents = Vec::new();
    for d in ids {
        match snap.documents.get(d) {
            Some(doc) => documents.push(doc.clone()),
            None => documents.extend(store.document(d)?),
        }
    }
    Ok(EntityView {
        profile,
        timeline,
        documents,
    })
}

/// Resolves what an analyst typed for an entity: an id, or a name that
/// matches exactly one entity.
pub fn resolve_entity(store: &dyn Store, given: &str) -> Result<i64> {
    let g = given.trim();
    if g.is_empty() {
        return Err(ServiceError::BadRequest("no entity given".into()));
    }
    if let Ok(id) = g.trim_start_matches('#').parse::<i64>() {
        return canonical(store, id);
    }
    let found = store.find_entities(g)?;
    let ids: BTreeSet<i64> = found.iter().map(|e| e.id).collect();
    match ids.len() {
        0 => Err(ServiceError::NotFound(format!("no entity is named '{g}'"))),
        1 => Ok(found[0].id),
        _ => Err(ServiceError::BadRequest(format!(
            "'{g}' names several entities: {}; give an id",
            found
                .iter()
                .map(|e| format!("{} (#{})", e.name, e.id))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A document and its sentences.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// Its metadata.
    pub document: DocumentRecord,
    /// Its sentences in order.
    pub sentences: Vec<SentenceRecord>,
}

/// Document `id` with its text.
pub fn document(store: &dyn Store, id: &str) -> Result<DocumentView> {
    let document = store
        .document(id)?
        .ok_or_else(|| ServiceError::NotFound(format!("document {id}")))?;
    let sentences = store.sentences(id)?;
    Ok(DocumentView {
        document,
        sentences,
    })
}

/// A page of the document list.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentList {
    /// Documents in all.
    pub total: usize,
    /// Page number (from 1).
    pub page: usize,
    /// Documents per page.
    pub per_page: usize,
    /// This page's documents, in ingest order.
    pub documents: Vec<DocumentRecord>,
}

/// Page `page` (from 1) of the documents.
pub fn documents(store: &dyn Store, page: usize) -> Result<DocumentList> {
    let page = page.max(1);
    let all = store.documents()?;
    Ok(DocumentList {
        total: all.len(),
        page,
        per_page: DOCUMENTS_PAGE,
        documents: all
            .into_iter()
            .skip((page - 1).saturating_mul(DOCUMENTS_PAGE))
            .take(DOCUMENTS_PAGE)
            .collect(),
    })
}

/// A page of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelinePage {
    /// The actor filter (canonical id), if any.
    pub actor: Option<i64>,
    /// The actor's name, if any.
    pub actor_name: Option<String>,
    /// The event type filter, if any.
    #[serde(rename = "type")]
    pub etype: Option<EventType>,
    /// Matching events in all.
    pub total: usize,
    /// Page number (from 1).
    pub page: usize,
    /// Events per page.
    pub per_page: usize,
    /// This page's entries (date order, undated last).
    pub timeline: Timeline,
}

/// Page `page` (from 1) of the events, of `actor` (any role) and/or of one type.
///
/// Events are filtered and sorted first, and only the page's events are
/// named and described, so a page costs the same in a base of thousands of
/// events.
pub fn timeline(
    store: &dyn Store,
    actor: Option<i64>,
    etype: Option<EventType>,
    page: usize,
) -> Result<TimelinePage> {
    let page = page.max(1);
    let (actor, actor_name) = match actor {
        None => (None, None),
        Some(id) => {
            let e = store
                .entity(id)?
                .ok_or_else(|| ServiceError::NotFound(format!("entity {id}")))?;
            (Some(e.id), Some(e.name))
        }
    };
    let mut events: Vec<EventRecord> = store
        .events(actor)?
        .into_iter()
        .filter(|e| etype.map_or(true, |t| e.etype == t))
        .collect();
    events.sort_by(|a, b| {
        edtf::sort_key(a.date.as_deref())
            .cmp(&edtf::sort_key(b.date.as_deref()))
            .then(a.id.cmp(&b.id))
    });
    let total = events.len();
    let events: Vec<EventRecord> = events
        .into_iter()
        .skip((page - 1).saturating_mul(TIMELINE_PAGE))
        .take(TIMELINE_PAGE)
        .collect();
    let mut snap = Snapshot::default();
    for id in events
        .iter()
        .flat_map(|e| e.participants.iter().map(|p| p.entity))
        .collect::<BTreeSet<_>>()
    {
        if let Some(e) = store.entity(id)? {
            snap.entities.insert(id, e);
        }
    }
    for d in events
        .iter()
        .flat_map(|e| e.evidence.iter().map(|v| v.document.as_str()))
        .collect::<BTreeSet<_>>()
    {
        if let Some(doc) = store.document(d)? {
            snap.documents.insert(d.to_string(), doc);
        }
    }
    snap.events = events;
    let mut timeline = Timeline::build(&snap, None, None);
    timeline.subject = actor_name.clone();
    Ok(TimelinePage {
        actor,
        actor_name,
        etype,
        total,
        page,
        per_page: TIMELINE_PAGE,
        timeline,
    })
}

/// A recorded override with the names of the entities it joined or split.
#[derive(Debug, Clone, Serialize)]
pub struct OverrideView {
    /// The record.
    #[serde(flatten)]
    pub record: OverrideRecord,
    /// The name of `a` now (after later merges: of the entity it belongs to).
    pub a_name: String,
    /// The name of `b` now.
    pub b_name: String,
}

/// Every recorded override, newest first.
pub fn overrides(store: &dyn Store) -> Result<Vec<OverrideView>> {
    let mut out = Vec::new();
    for r in store.overrides()?.into_iter().rev() {
        let name = |id: i64| -> Result<String> {
            Ok(store
                .entity(id)?
                .map(|e| e.name)
                .unwrap_or_else(|| format!("#{id}")))
        };
        out.push(OverrideView {
            a_name: name(r.a)?,
            b_name: name(r.b)?,
            record: r,
        });
    }
    Ok(out)
}

/// Declares `other` the same entity as `keep`; returns the id kept.
pub fn merge(store: &mut dyn Store, keep: i64, other: i64) -> Result<i64> {
    let keep = canonical(store, keep)?;
    let other = canonical(store, other)?;
    store.merge(keep, other)?;
    Ok(keep)
}

/// Splits alias `alias` off entity `entity`; returns the new entity's id.
pub fn split(store: &mut dyn Store, entity: i64, alias: &str) -> Result<i64> {
    let entity = canonical(store, entity)?;
    Ok(store.split(entity, alias)?)
}

/// Reverts override `id`.
pub fn undo(store: &mut dyn Store, id: i64) -> Result<()> {
    Ok(store.undo_override(id)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_checked() {
        assert_eq!(
            entity_type(Some("armed_group")).unwrap(),
            Some(EntityType::ArmedGroup)
        );
        assert_eq!(entity_type(Some("  ")).unwrap(), None);
        let e = entity_type(Some("<script>")).unwrap_err().to_string();
        assert!(e.contains("'<script>'") && e.contains("person"), "{e}");
        assert_eq!(event_type(Some("attack")).unwrap(), Some(EventType::Attack));
        assert!(event_type(Some("party")).is_err());
    }
}
