//! What the pages and the API show and do, over a [`Store`], knowing
//! nothing of HTTP: each function reads or changes the store and returns a
//! view (serializable, so the API hands it out as it is) or a
//! [`ServiceError`]. Views are built with the report crate's builders
//! ([`Profile::build`], [`Timeline::build`]), so the workbench says what
//! `dossier profile` and `dossier timeline` say.

use dossier_doc::Edtf;
use dossier_doc::{EntityType, EventType, RelationType, Role};
use dossier_kb::{
    Decision, DecisionRecord, DocumentEdit, DocumentRecord, EntityFilter, EntityRecord,
    EventRecord, EvidenceRecord, FactEdit, FactKind, KbError, OverrideRecord, ParticipantRecord,
    Review, SearchHit, SentenceRecord, Store, Verdict,
};
use dossier_report::profile::Profile;
use dossier_report::timeline::Timeline;
use dossier_report::{ReportError, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::collections::HashMap;
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

/// The search form's parameters, as the page and the API both take them
/// from the query string (`q`, `type`, `from`, `to`, `source`, `reliability`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SearchParams {
    /// The words or names searched for.
    #[serde(default)]
    pub q: String,
    /// An entity type the entity hits must have.
    #[serde(default, rename = "type")]
    pub etype: Option<String>,
    /// See [`DocFilter::from`].
    #[serde(default)]
    pub from: Option<String>,
    /// See [`DocFilter::to`].
    #[serde(default)]
    pub to: Option<String>,
    /// See [`DocFilter::source`].
    #[serde(default)]
    pub source: Option<String>,
    /// See [`DocFilter::reliability`].
    #[serde(default)]
    pub reliability: Option<String>,
}

impl SearchParams {
    /// The entity type and document filter the parameters name, checked.
    pub fn filters(&self) -> Result<(Option<EntityType>, DocFilter)> {
        let etype = entity_type(self.etype.as_deref())?;
        let filter = DocFilter::parse(
            self.from.as_deref(),
            self.to.as_deref(),
            self.source.as_deref(),
            self.reliability.as_deref(),
        )?;
        Ok((etype, filter))
    }
}

/// Filters of the sentences a search finds, by their document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocFilter {
    /// Documents published on or after this date (overlapping it).
    pub from: Option<Edtf>,
    /// Documents published on or before this date (overlapping it).
    pub to: Option<Edtf>,
    /// Documents whose source contains this (case-insensitive).
    pub source: Option<String>,
    /// Documents at least this reliable (A best … F).
    pub reliability: Option<char>,
}

impl DocFilter {
    /// A filter from what was typed (empty values are none); checks the
    /// dates (an error names the parameter, `from` or `to`) and grade.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        source: Option<&str>,
        reliability: Option<&str>,
    ) -> Result<DocFilter> {
        let given = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        let date = |param: &str, s: Option<&str>| -> Result<Option<Edtf>> {
            given(s)
                .map(|d| {
                    Edtf::parse(&d).map_err(|e| {
                        ServiceError::BadRequest(format!("{param}: not an EDTF date: {e}"))
                    })
                })
                .transpose()
        };
        let reliability = match given(reliability) {
            None => None,
            Some(r) => {
                let c = r.chars().next().unwrap_or('F').to_ascii_uppercase();
                if r.chars().count() != 1 || !('A'..='F').contains(&c) {
                    return Err(ServiceError::BadRequest(format!(
                        "reliability '{r}' is not a grade A to F"
                    )));
                }
                Some(c)
            }
        };
        Ok(DocFilter {
            from: date("from", from)?,
            to: date("to", to)?,
            source: given(source),
            reliability,
        })
    }

    /// Whether it filters anything.
    pub fn is_empty(&self) -> bool {
        self.from.is_none()
            && self.to.is_none()
            && self.source.is_none()
            && self.reliability.is_none()
    }

    /// Whether document `d` passes.
    pub fn admits(&self, d: &DocumentRecord) -> bool {
        let published = d.published.map(|e| e.interval());
        let date_ok = |bound: &Option<Edtf>, after: bool| -> bool {
            let Some(b) = bound.map(|e| e.interval()) else {
                return true;
            };
            match published {
                None => false,
                Some(p) if after => p.1 >= b.0,
                Some(p) => p.0 <= b.1,
            }
        };
        let source_ok = self.source.as_ref().map_or(true, |s| {
            d.source
                .as_deref()
                .is_some_and(|x| x.to_lowercase().contains(&s.to_lowercase()))
        });
        let grade_ok = self.reliability.map_or(true, |r| d.reliability <= r);
        date_ok(&self.from, true) && date_ok(&self.to, false) && source_ok && grade_ok
    }
}

/// Full-text search over sentences and names; a type filter narrows the
/// entities listed (sentences are all that match).
pub fn search(store: &dyn Store, query: &str, etype: Option<EntityType>) -> Result<SearchResult> {
    search_filtered(store, query, etype, &DocFilter::default())
}

/// [`search`] with the sentences' documents filtered by date, source and reliability.
pub fn search_filtered(
    store: &dyn Store,
    query: &str,
    etype: Option<EntityType>,
    filter: &DocFilter,
) -> Result<SearchResult> {
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
    let sentences = if filter.is_empty() {
        store.search(q, SEARCH_LIMIT)?
    } else {
        let mut docs: HashMap<String, bool> = HashMap::new();
        let mut kept = Vec::new();
        for h in store.search(q, SEARCH_LIMIT * 20)? {
            let ok = match docs.get(&h.document) {
                Some(&ok) => ok,
                None => {
                    let ok = store
                        .document(&h.document)?
                        .is_some_and(|d| filter.admits(&d));
                    docs.insert(h.document.clone(), ok);
                    ok
                }
            };
            if ok {
                kept.push(h);
                if kept.len() == SEARCH_LIMIT {
                    break;
                }
            }
        }
        kept
    };
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

/// At most this many relations in an entity's network (the most confident).
pub const NETWORK_EDGES: usize = 150;

/// An entity in a network.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkNode {
    /// Entity id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Mentions across documents.
    pub mention_count: usize,
}

/// A relation in a network, with the sentence that states it.
#[derive(Debug, Clone, Serialize)]
pub struct NetworkEdge {
    /// Relation id.
    pub id: i64,
    /// Relation type.
    #[serde(rename = "type")]
    pub rtype: RelationType,
    /// Source entity id.
    pub source: i64,
    /// Target entity id.
    pub target: i64,
    /// Highest confidence.
    pub confidence: f32,
    /// Date (EDTF), if stated.
    pub date: Option<dossier_doc::Edtf>,
    /// Its first supporting sentence.
    pub evidence: Option<EvidenceRecord>,
    /// Supporting sentences in all.
    pub evidence_count: usize,
}

/// An entity, its neighbours and the relations between it and them.
#[derive(Debug, Clone, Serialize)]
pub struct Network {
    /// The entity.
    pub center: i64,
    /// It and its neighbours.
    pub nodes: Vec<NetworkNode>,
    /// Its relations (rejected ones are not read back at all), most confident first.
    pub edges: Vec<NetworkEdge>,
    /// Whether relations were left out ([`NETWORK_EDGES`]).
    pub truncated: bool,
}

/// The network around entity `id` (canonical): one hop.
pub fn network(store: &dyn Store, id: i64) -> Result<Network> {
    let center = store
        .entity(id)?
        .ok_or_else(|| ServiceError::NotFound(format!("entity {id}")))?;
    let mut relations = store.relations(Some(id))?;
    relations.sort_by(|a, b| b.confidence.total_cmp(&a.confidence).then(a.id.cmp(&b.id)));
    let truncated = relations.len() > NETWORK_EDGES;
    relations.truncate(NETWORK_EDGES);
    let node = |e: EntityRecord| NetworkNode {
        id: e.id,
        name: e.name,
        etype: e.etype,
        mention_count: e.mention_count,
    };
    let mut nodes = vec![node(center)];
    let mut seen: BTreeSet<i64> = BTreeSet::from([id]);
    let mut edges = Vec::with_capacity(relations.len());
    for r in relations {
        for end in [r.source, r.target] {
            if seen.insert(end) {
                if let Some(e) = store.entity(end)? {
                    nodes.push(node(e));
                }
            }
        }
        edges.push(NetworkEdge {
            id: r.id,
            rtype: r.rtype,
            source: r.source,
            target: r.target,
            confidence: r.confidence,
            date: r.date,
            evidence_count: r.evidence.len(),
            evidence: r.evidence.into_iter().next(),
        });
    }
    // An edge whose end could not be read (deleted meanwhile) is left out.
    let known: BTreeSet<i64> = nodes.iter().map(|n| n.id).collect();
    edges.retain(|e| known.contains(&e.source) && known.contains(&e.target));
    Ok(Network {
        center: id,
        nodes,
        edges,
        truncated,
    })
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
        dossier_doc::edtf::sort_key(a.date.as_ref())
            .cmp(&dossier_doc::edtf::sort_key(b.date.as_ref()))
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

/// Changes document `id`'s metadata; returns it as it is now.
pub fn edit_document(
    store: &mut dyn Store,
    id: &str,
    edit: &DocumentEdit,
) -> Result<DocumentRecord> {
    store.edit_document(id, edit)?;
    store
        .document(id)?
        .ok_or_else(|| ServiceError::NotFound(format!("document {id}")))
}

/// Deletes document `id` with its facts and evidence.
pub fn delete_document(store: &mut dyn Store, id: &str) -> Result<()> {
    Ok(store.delete_document(id)?)
}

/// Parses a fact kind (`relation`, `event`, `attribute`).
pub fn fact_kind(s: &str) -> Result<FactKind> {
    s.trim()
        .parse()
        .map_err(|e: KbError| ServiceError::BadRequest(e.to_string()))
}

/// Parses a verdict (`confirm`, `reject`, `edit`).
pub fn verdict(s: &str) -> Result<Verdict> {
    s.trim()
        .parse()
        .map_err(|e: KbError| ServiceError::BadRequest(e.to_string()))
}

/// Parses a relation type given by its wire name; empty is none.
pub fn relation_type(s: Option<&str>) -> Result<Option<RelationType>> {
    match s.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(t) => RelationType::from_str(t).map(Some).map_err(|_| {
            ServiceError::BadRequest(format!(
                "unknown relation type '{t}' (expected one of: {})",
                names(RelationType::ALL.iter().map(|t| t.as_str()))
            ))
        }),
    }
}

/// Parses event roles as typed: `agent:12, target:7` (role, then an entity id).
pub fn roles(s: &str) -> Result<Vec<ParticipantRecord>> {
    let mut out = Vec::new();
    for part in s
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (role, id) = part.split_once(':').ok_or_else(|| {
            ServiceError::BadRequest(format!("'{part}' is not ROLE:ENTITY-ID (e.g. agent:12)"))
        })?;
        let role = Role::from_str(role.trim()).map_err(|_| {
            ServiceError::BadRequest(format!(
                "unknown role '{}' (expected one of: {})",
                role.trim(),
                names(Role::ALL.iter().map(|r| r.as_str()))
            ))
        })?;
        let entity = id
            .trim()
            .trim_start_matches('#')
            .parse::<i64>()
            .map_err(|_| {
                ServiceError::BadRequest(format!("'{}' is not an entity id", id.trim()))
            })?;
        out.push(ParticipantRecord { role, entity });
    }
    Ok(out)
}

/// Records `user`'s decision on fact `id` of kind `kind`; returns the decision id.
pub fn decide(
    store: &mut dyn Store,
    kind: FactKind,
    id: i64,
    verdict: Verdict,
    edit: FactEdit,
    user: &str,
) -> Result<i64> {
    Ok(store.decide(
        kind,
        id,
        &Decision {
            verdict,
            edit,
            user: user.to_string(),
        },
    )?)
}

/// Reverts decision `id`.
pub fn undo_decision(store: &mut dyn Store, id: i64) -> Result<()> {
    Ok(store.undo_decision(id)?)
}

/// Every recorded decision, newest first.
pub fn decisions(store: &dyn Store) -> Result<Vec<DecisionRecord>> {
    let mut v = store.decisions()?;
    v.reverse();
    Ok(v)
}

/// One fact as the review page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct FactRow {
    /// Relation, event or attribute.
    pub kind: FactKind,
    /// Its id (for a decision).
    pub id: i64,
    /// How it reads.
    pub text: String,
    /// Its type (relation or event type, attribute name).
    #[serde(rename = "type")]
    pub ftype: String,
    /// Extraction confidence (0–1).
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Its first supporting sentence.
    pub evidence: Option<EvidenceRecord>,
    /// Supporting sentences in all.
    pub evidence_count: usize,
    /// A relation's source and target; an event's participants; an attribute's entity.
    pub entities: Vec<ParticipantView>,
    /// An event's or attribute's date.
    pub date: Option<dossier_doc::Edtf>,
    /// An attribute's value.
    pub value: Option<String>,
    /// The decision in force (confirmed or edited), if any.
    pub review: Option<Review>,
}

/// An entity taking part in a fact, with its name.
#[derive(Debug, Clone, Serialize)]
pub struct ParticipantView {
    /// Role (`source`/`target` for relations, `entity` for attributes).
    pub role: String,
    /// Entity id.
    pub entity: i64,
    /// Its name.
    pub name: String,
}

/// Two entities that may be one.
#[derive(Debug, Clone, Serialize)]
pub struct DuplicatePair {
    /// The more mentioned one.
    pub a: EntityRecord,
    /// The other.
    pub b: EntityRecord,
    /// Why they look alike.
    pub reason: String,
}

/// A contradiction with its entity's name and the values as fact rows.
#[derive(Debug, Clone, Serialize)]
pub struct ContradictionView {
    /// Entity id.
    pub entity: i64,
    /// Its name.
    pub name: String,
    /// What conflicts.
    pub what: String,
    /// The conflicting values (attribute facts; event dates as events).
    pub values: Vec<FactRow>,
}

/// A value told for several times (a count that grew or shrank), shown as
/// one series with its dates, never as a contradiction.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesView {
    /// Entity id.
    pub entity: i64,
    /// Its name.
    pub name: String,
    /// The attribute (`member_count`).
    pub what: String,
    /// The values, earliest first (undated last).
    pub values: Vec<FactRow>,
}

/// Everything the review page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    /// Facts not yet decided on, least confident first (at most `limit`).
    pub facts: Vec<FactRow>,
    /// Facts not yet decided on, in all.
    pub undecided: usize,
    /// Open contradictions.
    pub contradictions: Vec<ContradictionView>,
    /// Values told for several times (`kb::rules::series`).
    pub series: Vec<SeriesView>,
    /// Possible duplicate entities.
    pub duplicates: Vec<DuplicatePair>,
    /// Decisions, newest first.
    pub decisions: Vec<DecisionRecord>,
}

/// At most this many duplicate pairs on the review page.
pub const DUPLICATES_LIMIT: usize = 50;

/// The review page: facts by confidence (lowest first), contradictions,
/// possible duplicates, decisions.
pub fn review(store: &dyn Store, limit: usize) -> Result<ReviewView> {
    let entities = store.entities(&EntityFilter::default())?;
    let names: HashMap<i64, &str> = entities.iter().map(|e| (e.id, e.name.as_str())).collect();
    let name = |id: i64| {
        names
            .get(&id)
            .map_or_else(|| format!("#{id}"), |n| n.to_string())
    };
    let pv = |role: &str, id: i64| ParticipantView {
        role: role.to_string(),
        entity: id,
        name: name(id),
    };
    let mut facts = Vec::new();
    for r in store.relations(None)? {
        facts.push(FactRow {
            kind: FactKind::Relation,
            id: r.id,
            text: format!("{} {} {}", name(r.source), r.rtype.as_str(), name(r.target)),
            ftype: r.rtype.as_str().to_string(),
            confidence: r.confidence,
            credibility: r.credibility,
            evidence_count: r.evidence.len(),
            evidence: r.evidence.into_iter().next(),
            entities: vec![pv("source", r.source), pv("target", r.target)],
            date: r.date,
            value: None,
            review: r.review,
        });
    }
    let event_row = |e: EventRecord| FactRow {
        kind: FactKind::Event,
        id: e.id,
        text: format!(
            "{} ({}): {}",
            e.etype.as_str(),
            e.date
                .map_or_else(|| "undated".to_string(), |d| d.to_string()),
            e.participants
                .iter()
                .map(|p| format!("{} {}", p.role.as_str(), name(p.entity)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ftype: e.etype.as_str().to_string(),
        confidence: e.confidence,
        credibility: e.credibility,
        evidence_count: e.evidence.len(),
        evidence: e.evidence.into_iter().next(),
        entities: e
            .participants
            .iter()
            .map(|p| pv(p.role.as_str(), p.entity))
            .collect(),
        date: e.date,
        value: None,
        review: e.review,
    };
    let attribute_row = |a: dossier_kb::AttributeRecord| FactRow {
        kind: FactKind::Attribute,
        id: a.id,
        text: format!("{}: {} = {}", name(a.entity), a.name, a.value),
        ftype: a.name.to_string(),
        confidence: a.confidence,
        credibility: a.credibility,
        evidence_count: a.evidence.len(),
        evidence: a.evidence.into_iter().next(),
        entities: vec![pv("entity", a.entity)],
        date: a.date,
        value: Some(a.value),
        review: a.review,
    };
    for e in store.events(None)? {
        facts.push(event_row(e));
    }
    let attributes = store.attributes(None)?;
    let series = dossier_kb::rules::series(&attributes)
        .into_iter()
        .map(|s| SeriesView {
            entity: s.entity,
            name: name(s.entity),
            what: s.name.to_string(),
            values: s.values.into_iter().map(attribute_row).collect(),
        })
        .collect();
    for a in attributes {
        facts.push(attribute_row(a));
    }
    facts.retain(|f| f.review.is_none());
    facts.sort_by(|a, b| {
        a.confidence
            .total_cmp(&b.confidence)
            .then(b.credibility.cmp(&a.credibility))
            .then(a.kind.as_str().cmp(b.kind.as_str()))
            .then(a.id.cmp(&b.id))
    });
    let undecided = facts.len();
    facts.truncate(limit);
    let contradictions = store
        .contradictions(None)?
        .into_iter()
        .map(|c| ContradictionView {
            entity: c.entity,
            name: name(c.entity),
            values: c
                .values
                .into_iter()
                .map(|a| {
                    let mut row = attribute_row(a);
                    if c.what.ends_with(" date") {
                        // An event date conflict: the values are events.
                        row.kind = FactKind::Event;
                    }
                    row
                })
                .collect(),
            what: c.what,
        })
        .collect();
    Ok(ReviewView {
        facts,
        undecided,
        contradictions,
        series,
        duplicates: duplicates(&entities),
        decisions: decisions(store)?,
    })
}

/// Words of names too common to suggest two entities are one.
const COMMON_NAME_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "for",
    "al",
    "el",
    "front",
    "brigade",
    "brigades",
    "army",
    "movement",
    "group",
    "forces",
    "force",
    "party",
    "union",
    "council",
    "people",
    "peoples",
    "national",
    "liberation",
    "islamic",
    "state",
    "republic",
    "democratic",
    "revolutionary",
    "united",
    "popular",
    "battalion",
    "organization",
    "organisation",
    "committee",
    "city",
    "province",
];

/// Entities of one type that share a name (by resolution key), whose full
/// name holds the other's whole name, or that share a distinctive word
/// (one no more than three entities of the type use): possible duplicates.
pub fn duplicates(entities: &[EntityRecord]) -> Vec<DuplicatePair> {
    use dossier_kb::resolve::{name_tokens, resolution_key};
    let mut by_key: HashMap<(EntityType, String), Vec<usize>> = HashMap::new();
    let mut tokens: Vec<BTreeSet<String>> = Vec::with_capacity(entities.len());
    for (i, e) in entities.iter().enumerate() {
        let mut keys: BTreeSet<String> = BTreeSet::new();
        keys.insert(resolution_key(&e.name));
        keys.extend(e.aliases.iter().map(|a| resolution_key(&a.name)));
        for k in keys.into_iter().filter(|k| !k.is_empty()) {
            by_key.entry((e.etype, k)).or_default().push(i);
        }
        tokens.push(name_tokens(&e.name).into_iter().collect());
    }
    let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut out = Vec::new();
    let mut push = |i: usize, j: usize, reason: String, out: &mut Vec<DuplicatePair>| {
        let (i, j) = (i.min(j), i.max(j));
        if i != j && seen.insert((i, j)) && out.len() < DUPLICATES_LIMIT {
            out.push(DuplicatePair {
                a: entities[i].clone(),
                b: entities[j].clone(),
                reason,
            });
        }
    };
    let mut keyed: Vec<(&(EntityType, String), &Vec<usize>)> = by_key.iter().collect();
    keyed.sort();
    for ((_, k), list) in keyed {
        for (n, &i) in list.iter().enumerate() {
            for &j in &list[n + 1..] {
                push(i, j, format!("both are called “{k}”"), &mut out);
            }
        }
    }
    // A name that is all of another's words (a person's surname with a
    // first name, a group's name with more words), of the same type.
    // (Among the most mentioned entities only: the pairs grow with the square.)
    let n = entities.len().min(1000);
    for i in 0..n {
        for j in 0..n {
            if i == j || entities[i].etype != entities[j].etype || tokens[j].is_empty() {
                continue;
            }
            if tokens[j].len() < tokens[i].len() && tokens[j].is_subset(&tokens[i]) {
                let reason = format!("“{}” is part of “{}”", entities[j].name, entities[i].name);
                push(i, j, reason, &mut out);
            }
        }
    }
    // A distinctive shared word.
    let mut by_word: HashMap<(EntityType, &str), Vec<usize>> = HashMap::new();
    for (i, t) in tokens.iter().enumerate().take(n) {
        for w in t {
            if w.chars().count() >= 4 && !COMMON_NAME_WORDS.contains(&w.as_str()) {
                by_word
                    .entry((entities[i].etype, w.as_str()))
                    .or_default()
                    .push(i);
            }
        }
    }
    let mut words: Vec<(&(EntityType, &str), &Vec<usize>)> = by_word.iter().collect();
    words.sort();
    for ((_, w), list) in words {
        if list.len() > 3 {
            continue;
        }
        for (k, &i) in list.iter().enumerate() {
            for &j in &list[k + 1..] {
                push(i, j, format!("both names have “{w}”"), &mut out);
            }
        }
    }
    out
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

    #[test]
    fn issue15_filter_dates_are_values_and_a_bad_one_names_its_parameter() {
        let f = DocFilter::parse(Some(" 2019-21 "), Some(""), None, None).unwrap();
        assert_eq!(f.from, Some(Edtf::parse("2019-21").unwrap()));
        assert_eq!(f.to, None);
        for (from, to, param) in [
            (Some("soon"), None, "from"),
            (Some("2019"), Some("2019-13"), "to"),
        ] {
            let e = DocFilter::parse(from, to, None, None)
                .unwrap_err()
                .to_string();
            assert!(e.contains(&format!("{param}: not an EDTF date")), "{e}");
        }
        let doc = |published: &str| DocumentRecord {
            id: "sha256:a".into(),
            title: None,
            published: Some(Edtf::parse(published).unwrap()),
            source: None,
            url: None,
            path: None,
            reliability: 'C',
            sentences: 1,
        };
        // spring 2019 (March–May) admits May 2019, not June
        assert!(f.admits(&doc("2019-05")));
        let to = DocFilter::parse(None, Some("2019-21"), None, None).unwrap();
        assert!(to.admits(&doc("2019-05")) && !to.admits(&doc("2019-06")));
    }
}
