//! The knowledge base as a STIX 2.1 bundle.
//!
//! | Dossier | STIX |
//! |---|---|
//! | `armed_group` | `threat-actor` (`threat_actor_types`: `terrorist` when it is the agent of an attack or plot, else `unknown`) |
//! | `person` | `identity`, `identity_class: individual` (titles as `roles`) |
//! | `organization` | `identity`, `identity_class: organization` |
//! | `group_identity` | `identity`, `identity_class: class` |
//! | `country` | `location` with its ISO 3166-1 alpha-2 `country` and `region` where known |
//! | `location`, `facility` | `location`, with the `country` of the state it is located in where known, else `region: unknown` |
//! | relation | `relationship`: `located-at` (based_in, located_in), `targets` (a threat actor hostile to an identity or location), otherwise the relation type hyphenated (`leader-of`, `sponsor-of`, …) |
//! | event | `x-dossier-event`, a new SDO defined by an `extension-definition` in the bundle (properties: `event_type`, `trigger`, `attempted`, `date` (EDTF), `date_start`/`date_end`, `agent_refs`, `target_refs`, `participant_refs`, `location_refs`, `fatalities`, `injured`, `modality`, `credibility`) |
//! | document | `report` (`published`, `object_refs` to everything it supports) |
//!
//! Evidence sentences go in `description` and `external_references`
//! (source name, sentence, document id, URL); the sentence numbers of the
//! descriptions count from 1, those of `external_id` (`DOC#N`) from 0. Ids are UUIDv5 over a fixed
//! namespace and a canonical key (entity type and name; relation type and
//! endpoint keys; document id), so re-exports are stable; `created` and
//! `modified` are the earliest and latest publication dates of the
//! supporting documents, or 1970-01-01 when none is known. Every object
//! also carries `x_dossier_id` (the knowledge-base id) and `x_dossier_type`,
//! declared by a `toplevel-property-extension` definition in the bundle.

use super::spill::Spill;
use super::walk::{each_entity_id, each_entity_page, id_key, tmp_err, StoreRecords, PAGE};
use crate::countries;
use crate::dates;
use crate::profile::{event_summary, type_words, value_words};
use crate::snapshot::{unique_evidence, Snapshot};
use crate::{ReportError, Result};
use dossier_doc::edtf::Date as Day;
use dossier_doc::{AttributeName, EntityType, EventType, RelationType, Role};
use dossier_kb::{
    AttributeRecord, DocumentRecord, EntityRecord, EventRecord, EvidenceRecord, RelationRecord,
    Store,
};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeSet, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::rc::Rc;
use uuid::Uuid;

/// The namespace of all Dossier STIX ids.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x8f1d43b2_6c2e_4a7f_9b3e_d05513a00001);

/// Timestamp used when no document date is known.
pub const EPOCH: &str = "1970-01-01T00:00:00.000Z";

/// `type--uuid5(NAMESPACE, key)`.
pub fn stix_id(kind: &str, key: &str) -> String {
    format!("{kind}--{}", Uuid::new_v5(&NAMESPACE, key.as_bytes()))
}

/// A day as a STIX timestamp; none for a year STIX cannot write or an open
/// interval end.
fn timestamp(d: Day) -> Option<String> {
    ((1..=9999).contains(&d.year) && dates::bounded(d))
        .then(|| format!("{:04}-{:02}-{:02}T00:00:00.000Z", d.year, d.month, d.day))
}

fn end_timestamp(d: Day) -> Option<String> {
    ((1..=9999).contains(&d.year) && dates::bounded(d))
        .then(|| format!("{:04}-{:02}-{:02}T23:59:59.999Z", d.year, d.month, d.day))
}

/// Canonical key text: lowercase, single spaces, typographic apostrophes folded.
fn norm(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            '’' | 'ʼ' | '‘' | '`' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// STIX object type of an entity type.
pub fn object_type(t: EntityType) -> &'static str {
    match t {
        EntityType::ArmedGroup => "threat-actor",
        EntityType::Person | EntityType::Organization | EntityType::GroupIdentity => "identity",
        EntityType::Country | EntityType::Location | EntityType::Facility => "location",
    }
}

/// STIX relationship type of a relation between objects of the given STIX types.
pub fn relationship_type(r: RelationType, source: &str, target: &str) -> String {
    match r {
        RelationType::BasedIn | RelationType::LocatedIn if target == "location" => {
            "located-at".into()
        }
        RelationType::HostileTo
            if source == "threat-actor" && matches!(target, "identity" | "location") =>
        {
            "targets".into()
        }
        other => other.as_str().replace('_', "-"),
    }
}

/// What the objects need from the store, read an entity or a document at
/// a time through the store's indexed look-ups, never the whole base.
struct Reader<'a> {
    store: &'a dyn Store,
    /// Canonical keys (type and name) that two or more entities share:
    /// their ids disambiguate them.
    shared_keys: HashSet<String>,
    /// Entities and documents through a bounded cache.
    records: StoreRecords<'a>,
    producer: String,
    props_ext: String,
}

/// `entity:TYPE:name`, before disambiguation.
fn base_key(e: &EntityRecord) -> String {
    format!("entity:{}:{}", e.etype.as_str(), norm(&e.name))
}

impl<'a> Reader<'a> {
    /// Finds the shared keys: every entity's key goes through a spill
    /// (sorted on disk past a few MiB), and equal neighbours are shared.
    fn new(store: &'a dyn Store) -> Result<Reader<'a>> {
        let mut keys = Spill::default();
        each_entity_id(store, &mut |id| {
            if let Some(e) = store.entity(id)? {
                keys.push(base_key(&e), e.id.to_string()).map_err(tmp_err)?;
            }
            Ok(())
        })?;
        let mut sorted = keys.finish().map_err(tmp_err)?;
        let mut shared_keys = HashSet::new();
        let mut last: Option<String> = None;
        while let Some((k, _)) = sorted.next_pair().map_err(tmp_err)? {
            if last.as_ref() == Some(&k) {
                shared_keys.insert(k.clone());
            }
            last = Some(k);
        }
        Ok(Reader {
            store,
            shared_keys,
            records: StoreRecords::new(store),
            producer: stix_id("identity", "producer:dossier"),
            props_ext: stix_id("extension-definition", "extension:x-dossier-properties:1"),
        })
    }

    fn entity(&self, id: i64) -> Result<Option<Rc<EntityRecord>>> {
        self.records.entity(id)
    }

    fn document(&self, id: &str) -> Result<Option<Rc<DocumentRecord>>> {
        self.records.document(id)
    }

    /// An entity's canonical key, disambiguated by id where two entities
    /// share type and name.
    fn key(&self, e: &EntityRecord) -> String {
        let k = base_key(e);
        if self.shared_keys.contains(&k) {
            format!("{k}:{}", e.id)
        } else {
            k
        }
    }

    fn key_of(&self, id: i64) -> Result<Option<String>> {
        Ok(self.entity(id)?.map(|e| self.key(&e)))
    }

    /// The STIX id of entity `id`, if the store has it.
    fn sid_of(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .entity(id)?
            .map(|e| stix_id(object_type(e.etype), &self.key(&e))))
    }

    /// As [`Snapshot::document_label`].
    fn label(&self, id: &str) -> Result<String> {
        Ok(crate::snapshot::document_label(
            self.document(id)?.as_deref(),
            id,
        ))
    }

    fn published(&self, id: &str) -> Result<Option<Day>> {
        Ok(self
            .document(id)?
            .and_then(|d| Some(d.published?.interval().0)))
    }

    fn times<'b>(&self, docs: impl IntoIterator<Item = &'b str>) -> Result<(String, String)> {
        let mut days: Vec<Day> = Vec::new();
        for d in docs {
            days.extend(self.published(d)?);
        }
        let lo = days.iter().min().and_then(|d| timestamp(*d));
        let hi = days.iter().max().and_then(|d| timestamp(*d));
        Ok(match (lo, hi) {
            (Some(a), Some(b)) => (a, b),
            _ => (EPOCH.into(), EPOCH.into()),
        })
    }

    fn refs(&self, ev: &[EvidenceRecord]) -> Result<Vec<Value>> {
        let mut out = Vec::new();
        for e in unique_evidence(ev) {
            let mut r = json!({
                "source_name": self.label(&e.document)?,
                // People read the description (sentences counted
                // from 1); programs the id (`DOC#N`, counted from 0).
                "description": format!("sentence {}: {}", e.sentence + 1, e.text.trim()),
                "external_id": format!("{}#{}", e.document, e.sentence),
            });
            if let Some(url) = self.document(&e.document)?.and_then(|d| d.url.clone()) {
                // A `url` would ask for a hash of the page; the address goes in the text.
                r["description"] = json!(format!(
                    "sentence {} of <{url}>: {}",
                    e.sentence + 1,
                    e.text.trim()
                ));
            }
            out.push(r);
        }
        Ok(out)
    }

    fn evidence_text(&self, ev: &[EvidenceRecord]) -> Result<String> {
        let mut parts = Vec::new();
        for e in unique_evidence(ev) {
            parts.push(format!(
                "“{}” ({}, sentence {})",
                e.text.trim(),
                self.label(&e.document)?,
                e.sentence + 1
            ));
        }
        Ok(if parts.is_empty() {
            String::new()
        } else {
            format!(" Evidence: {}", parts.join("; "))
        })
    }

    fn base(
        &self,
        kind: &str,
        id: &str,
        times: (String, String),
        kb_id: Value,
        dtype: &str,
    ) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), json!(kind));
        m.insert("spec_version".into(), json!("2.1"));
        m.insert("id".into(), json!(id));
        m.insert("created".into(), json!(times.0));
        m.insert("modified".into(), json!(times.1));
        m.insert("created_by_ref".into(), json!(self.producer));
        m.insert("x_dossier_id".into(), kb_id);
        m.insert("x_dossier_type".into(), json!(dtype));
        m.insert(
            "extensions".into(),
            json!({ self.props_ext.clone(): {"extension_type": "toplevel-property-extension"} }),
        );
        m
    }

    /// The country (ISO code, region) a place lies in, following
    /// `located_in` up to 4 hops; `relations` are those of `id`, read
    /// already.
    fn country_of(
        &self,
        id: i64,
        relations: &[RelationRecord],
    ) -> Result<Option<(&'static str, &'static str)>> {
        let mut cur = id;
        let mut seen = BTreeSet::new();
        for _ in 0..5 {
            if !seen.insert(cur) {
                return Ok(None);
            }
            let Some(e) = self.entity(cur)? else {
                return Ok(None);
            };
            if e.etype == EntityType::Country {
                return Ok(countries::lookup(&e.name)
                    .or_else(|| e.aliases.iter().find_map(|a| countries::lookup(&a.name))));
            }
            let read;
            let of_cur = if cur == id {
                relations
            } else {
                read = self.store.relations(Some(cur))?;
                &read
            };
            let Some(next) = of_cur
                .iter()
                .filter(|r| r.rtype == RelationType::LocatedIn && r.source == cur)
                .max_by(|a, b| a.confidence.total_cmp(&b.confidence).then(b.id.cmp(&a.id)))
                .map(|r| r.target)
            else {
                return Ok(None);
            };
            cur = next;
        }
        Ok(None)
    }

    /// The entity that writes event `e`: its participant of lowest id that
    /// the store has (so each event is written once).
    fn owner(&self, e: &EventRecord) -> Result<Option<i64>> {
        self.records.owner(e)
    }

    /// The entities an event names, for [`event_summary`].
    fn around_event(&self, e: &EventRecord) -> Result<Snapshot> {
        let mut s = Snapshot::default();
        for p in &e.participants {
            if let Some(x) = self.entity(p.entity)? {
                s.entities.insert(x.id, (*x).clone());
            }
        }
        Ok(s)
    }
}

/// The bundle's objects as written: a temporary file and the SHA-256 of
/// what went into it (the bundle's id).
struct Body {
    w: BufWriter<File>,
    hash: Sha256,
    n: usize,
}

impl Body {
    fn emit(&mut self, o: &Value) -> Result<()> {
        self.emit_text(&render(o)?)
    }

    /// Writes an object's text as [`render`] gives it.
    fn emit_text(&mut self, text: &str) -> Result<()> {
        let sep: &[u8] = if self.n == 0 { b"\n    " } else { b",\n    " };
        for part in [sep, text.as_bytes()] {
            self.hash.update(part);
            self.w.write_all(part).map_err(tmp_err)?;
        }
        self.n += 1;
        Ok(())
    }
}

/// An object's text in the bundle: JSON strings hold no raw newline, so
/// every newline of the pretty text is structure, indented one level
/// deeper inside the array.
fn render(o: &Value) -> Result<String> {
    Ok(serde_json::to_string_pretty(o)?.replace('\n', "\n    "))
}

/// The STIX 2.1 bundle of the store, as a value (what [`write_bundle`]
/// writes, read back).
pub fn bundle(store: &dyn Store) -> Result<Value> {
    let mut out = Vec::new();
    write_bundle(store, &mut out, "memory")?;
    Ok(serde_json::from_slice(&out)?)
}

/// Writes the STIX bundle of the store to `w` (`name` names it in errors)
/// and returns the number of objects, in memory flat in the size of the
/// base (issue 14): the objects are built an entity at a time from the
/// store's per-entity reads and written to a temporary file as they come,
/// the (document, object) pairs behind each report's `object_refs` are
/// sorted through a spill to disk, and the bundle's id is a UUIDv5 of the
/// SHA-256 of the objects' text, so it is known once they are written and
/// is the same whenever the knowledge base is.
pub fn write_bundle(store: &dyn Store, w: &mut dyn std::io::Write, name: &str) -> Result<usize> {
    let file = tempfile::tempfile().map_err(tmp_err)?;
    let mut body = Body {
        w: BufWriter::new(file),
        hash: Sha256::new(),
        n: 0,
    };
    write_objects(store, &mut body)?;
    let Body { w: tmp, hash, n } = body;
    let mut tmp = tmp.into_inner().map_err(|e| tmp_err(e.into_error()))?;
    tmp.seek(SeekFrom::Start(0)).map_err(tmp_err)?;
    let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let bundle_id = stix_id("bundle", &format!("sha256:{digest}"));
    let io = |source| ReportError::Io {
        path: name.to_string(),
        source,
    };
    write!(w, "{{\n  \"id\": {},\n  \"objects\": [", json!(bundle_id)).map_err(io)?;
    let mut from = BufReader::new(tmp);
    loop {
        let chunk = from.fill_buf().map_err(tmp_err)?;
        if chunk.is_empty() {
            break;
        }
        w.write_all(chunk).map_err(io)?;
        let len = chunk.len();
        from.consume(len);
    }
    w.write_all(if n == 0 { b"]" } else { b"\n  ]" })
        .map_err(io)?;
    w.write_all(b",\n  \"type\": \"bundle\"\n}\n").map_err(io)?;
    Ok(n)
}

/// A relation's id; `None` when an endpoint is not in the store (the
/// relation is left out of the bundle).
fn relation_sid(rd: &Reader, r: &RelationRecord) -> Result<Option<String>> {
    let (Some(sk), Some(tk)) = (rd.key_of(r.source)?, rd.key_of(r.target)?) else {
        return Ok(None);
    };
    let key = format!("relationship:{}:{sk}:{tk}", r.rtype.as_str());
    Ok(Some(stix_id("relationship", &key)))
}

fn event_sid(rd: &Reader, e: &EventRecord) -> Result<String> {
    let first = e
        .evidence
        .first()
        .map(|v| format!("{}#{}", v.document, v.sentence))
        .unwrap_or_default();
    let mut parts: Vec<String> = Vec::new();
    for p in &e.participants {
        parts.push(format!(
            "{}={}",
            p.role.as_str(),
            rd.key_of(p.entity)?.unwrap_or_default()
        ));
    }
    let key = format!(
        "event:{}:{}:{}:{}:{}",
        e.etype.as_str(),
        e.date.map(|d| d.to_string()).unwrap_or_default(),
        norm(&e.trigger),
        parts.join(","),
        first
    );
    Ok(stix_id("x-dossier-event", &key))
}

/// Builds the bundle's objects in order and writes each to `body`: the
/// producer and the two extension definitions; then per entity (in id
/// order) the entity, the relations it is the source of and the events it
/// is the first participant of; the events without participants; the
/// reports (in document id order).
fn write_objects(store: &dyn Store, body: &mut Body) -> Result<()> {
    let rd = Reader::new(store)?;
    body.emit(&json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": rd.producer,
        "created": EPOCH,
        "modified": EPOCH,
        "name": "Dossier",
        "identity_class": "system",
        "description": "Knowledge base built by Dossier from analytic reports; every object cites the sentences it rests on.",
    }))?;
    let ext_id = stix_id("extension-definition", "extension:x-dossier-event:1");
    body.emit(&json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": ext_id,
        "created": EPOCH,
        "modified": EPOCH,
        "created_by_ref": rd.producer,
        "name": "Dossier event",
        "description": "A dated happening extracted from a report: attack, plot, arrest, sentence, protest, crackdown, military_exercise, armed_conflict, founding, meeting, deployment, training, statement or appointment.",
        "schema": "x-dossier-event: event_type (string, one of the Dossier event types), trigger (string), attempted (boolean), date (string, EDTF), date_start and date_end (timestamps bounding the EDTF date), agent_refs, target_refs, participant_refs, location_refs (lists of identifiers), fatalities and injured (integers), modality (string), confidence (0-100), credibility (1-6, Admiralty scale), review (string: confirmed or edited by an analyst), reviewed_by (string), reviewed_at (timestamp).",
        "version": "1.0.0",
        "extension_types": ["new-sdo"],
    }))?;
    body.emit(&json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": rd.props_ext,
        "created": EPOCH,
        "modified": EPOCH,
        "created_by_ref": rd.producer,
        "name": "Dossier knowledge-base properties",
        "description": "Top-level properties Dossier adds to every object it exports.",
        "schema": "x_dossier_id (integer or string: the knowledge-base id of the entity, relation, event, or the document id), x_dossier_type (string: the Dossier entity, relation or event type, or 'document'), x_dossier_credibility (integer 1-6, Admiralty scale: how the claim was stated), x_dossier_source_count (integer: distinct documents supporting a relation), x_dossier_reliability (string A-F: Admiralty source-reliability grade of a document), x_dossier_review (string: a relation confirmed or edited by an analyst; rejected ones are not exported), x_dossier_reviewed_by (string), x_dossier_reviewed_at (timestamp).",
        "version": "1.0.0",
        "extension_types": ["toplevel-property-extension"],
        "extension_properties": ["x_dossier_id", "x_dossier_type", "x_dossier_credibility", "x_dossier_source_count", "x_dossier_reliability", "x_dossier_review", "x_dossier_reviewed_by", "x_dossier_reviewed_at"],
    }))?;

    // (document, object id): each report's `object_refs`.
    let mut by_doc = Spill::default();
    let (attackers, pending) = set_events_aside(store, &rd, &ext_id)?;
    let mut pending = pending.finish().map_err(tmp_err)?;
    let mut next = pending.next_pair().map_err(tmp_err)?;
    each_entity_page(store, &mut |ids| {
        for &id in ids {
            let Some(e) = rd.entity(id)? else {
                continue;
            };
            let mut relations = store.relations(Some(e.id))?;
            relations.sort_by_key(|r| r.id);
            let mut attrs = store.attributes(Some(e.id))?;
            attrs.sort_by_key(|a| a.id);
            attrs.retain(|a| a.entity == e.id);
            let attacker = attackers.contains(&e.id);
            write_entity(&rd, body, &mut by_doc, &e, &attrs, &relations, attacker)?;
            for r in relations.iter().filter(|r| r.source == e.id) {
                write_relation(&rd, body, &mut by_doc, r)?;
            }
            // The events it owns, in id order; those of owners the walk
            // passed without writing (none the store has) are dropped.
            let me = id_key(e.id);
            while let Some((key, entry)) = next.take() {
                match key[..me.len()].cmp(&me) {
                    std::cmp::Ordering::Greater => {
                        next = Some((key, entry));
                        break;
                    }
                    std::cmp::Ordering::Equal => write_set_aside(body, &mut by_doc, &entry)?,
                    std::cmp::Ordering::Less => {}
                }
                next = pending.next_pair().map_err(tmp_err)?;
            }
        }
        Ok(())
    })?;
    // The events without participants, last.
    while let Some((key, entry)) = next.take() {
        if key.starts_with(NO_OWNER) {
            write_set_aside(body, &mut by_doc, &entry)?;
        }
        next = pending.next_pair().map_err(tmp_err)?;
    }

    // Reports, merged with the sorted (document, object) pairs.
    let mut pairs = by_doc.finish().map_err(tmp_err)?;
    let mut head = pairs.next_pair().map_err(tmp_err)?;
    let mut after: Option<String> = None;
    loop {
        let ids = store.document_ids_after(after.as_deref(), PAGE)?;
        let Some(last) = ids.last().cloned() else {
            break;
        };
        for id in ids {
            let mut refs: Vec<String> = Vec::new();
            while let Some((doc, sid)) = head.take() {
                match doc.cmp(&id) {
                    std::cmp::Ordering::Less => {}
                    std::cmp::Ordering::Equal => refs.push(sid),
                    std::cmp::Ordering::Greater => {
                        head = Some((doc, sid));
                        break;
                    }
                }
                head = pairs.next_pair().map_err(tmp_err)?;
            }
            if let Some(d) = store.document(&id)? {
                write_report(&rd, body, &d, refs)?;
            }
        }
        after = Some(last);
    }
    Ok(())
}

/// The sort key of the events without participants: after every owner's.
const NO_OWNER: &str = "~";

/// Reads the base's events a bucket at a time (`Store::each_event_bucket`),
/// renders each event's object and sets it aside in a spill under its
/// owner (the participant of lowest id the store has; [`NO_OWNER`] for an
/// event without participants; an event whose participants the store has
/// none of is not written) and its id, so that the entity walk writes each
/// entity's events after it, in id order, holding one bucket at a time
/// instead of a page of entities' events. Also gives the entities that are
/// the agent of an attack or plot (`threat_actor_types`).
fn set_events_aside(store: &dyn Store, rd: &Reader, ext_id: &str) -> Result<(HashSet<i64>, Spill)> {
    let mut attackers: HashSet<i64> = HashSet::new();
    let mut pending = Spill::default();
    let mut failed: Option<ReportError> = None;
    let mut each = |events: Vec<EventRecord>| -> Result<()> {
        for x in &events {
            if matches!(x.etype, EventType::Attack | EventType::Plot) {
                attackers.extend(
                    x.participants
                        .iter()
                        .filter(|p| p.role == Role::Agent)
                        .map(|p| p.entity),
                );
            }
            let owner = if x.participants.is_empty() {
                NO_OWNER.to_string()
            } else {
                match rd.owner(x)? {
                    Some(o) => id_key(o),
                    None => continue,
                }
            };
            let entry = event_entry(rd, x, ext_id)?;
            pending
                .push(format!("{owner}{}", id_key(x.id)), entry)
                .map_err(tmp_err)?;
        }
        Ok(())
    };
    let read = store.each_event_bucket(&mut |events| {
        each(events).map_err(|e| {
            let stop = dossier_kb::KbError::Invalid(format!("STIX export: {e}"));
            failed = Some(e);
            stop
        })
    });
    if let Some(e) = failed {
        return Err(e);
    }
    read?;
    Ok((attackers, pending))
}

/// An event set aside: its STIX id, the documents it cites (each report's
/// `object_refs`) and its object's text, separated by NUL (neither ids nor
/// rendered JSON hold one: JSON escapes control characters).
fn event_entry(rd: &Reader, e: &EventRecord, ext_id: &str) -> Result<String> {
    let (sid, docs, object) = event_object(rd, e, ext_id)?;
    Ok(format!(
        "{sid}\0{}\0{}",
        docs.join("\u{1}"),
        render(&object)?
    ))
}

/// Writes an event [`event_entry`] set aside.
fn write_set_aside(body: &mut Body, by_doc: &mut Spill, entry: &str) -> Result<()> {
    let mut parts = entry.splitn(3, '\0');
    let (Some(sid), Some(docs), Some(text)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(tmp_err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "an event set aside is malformed",
        )));
    };
    for d in docs.split('\u{1}').filter(|d| !d.is_empty()) {
        by_doc
            .push(d.to_string(), sid.to_string())
            .map_err(tmp_err)?;
    }
    body.emit_text(text)
}

fn write_entity(
    rd: &Reader,
    body: &mut Body,
    by_doc: &mut Spill,
    e: &EntityRecord,
    attrs: &[AttributeRecord],
    relations: &[RelationRecord],
    attacker: bool,
) -> Result<()> {
    let sid = stix_id(object_type(e.etype), &rd.key(e));
    let mut docs: BTreeSet<&str> = e
        .aliases
        .iter()
        .flat_map(|a| a.documents.iter().map(String::as_str))
        .collect();
    for a in attrs {
        docs.extend(a.evidence.iter().map(|v| v.document.as_str()));
    }
    for r in relations {
        docs.extend(r.evidence.iter().map(|v| v.document.as_str()));
    }
    for d in &docs {
        by_doc.push(d.to_string(), sid.clone()).map_err(tmp_err)?;
    }
    let kind = object_type(e.etype);
    let mut m = rd.base(
        kind,
        &sid,
        rd.times(docs.iter().copied())?,
        json!(e.id),
        e.etype.as_str(),
    );
    m.insert("name".into(), json!(e.name));
    let mut desc = format!(
        "{} named in {} document{} ({} mention{}).",
        capitalize(type_words(e.etype)),
        e.document_count,
        if e.document_count == 1 { "" } else { "s" },
        e.mention_count,
        if e.mention_count == 1 { "" } else { "s" }
    );
    for a in attrs {
        let date = a
            .date
            .as_ref()
            .map(|d| format!(" ({})", dates::describe_edtf(d)))
            .unwrap_or_default();
        desc.push_str(&format!(
            " {}: {}{}.",
            a.name.as_str().replace('_', " "),
            value_words(a.name.as_str(), &a.value),
            date
        ));
    }
    let mut ext: Vec<Value> = Vec::new();
    for a in attrs {
        ext.extend(rd.refs(&a.evidence)?);
    }
    let aliases: Vec<&str> = e
        .aliases
        .iter()
        .map(|a| a.name.as_str())
        .filter(|a| *a != e.name)
        .collect();
    match e.etype {
        EntityType::ArmedGroup => {
            let t = if attacker { "terrorist" } else { "unknown" };
            m.insert("threat_actor_types".into(), json!([t]));
            if !aliases.is_empty() {
                m.insert("aliases".into(), json!(aliases));
            }
            if let Some(first) = attrs
                .iter()
                .filter(|a| a.name == AttributeName::Founded)
                .filter_map(|a| dates::span(&a.value))
                .map(|iv| iv.0)
                .min()
                .and_then(timestamp)
            {
                m.insert("first_seen".into(), json!(first));
            }
        }
        EntityType::Person | EntityType::Organization | EntityType::GroupIdentity => {
            let class = match e.etype {
                EntityType::Person => "individual",
                EntityType::Organization => "organization",
                _ => "class",
            };
            m.insert("identity_class".into(), json!(class));
            let roles: Vec<&str> = attrs
                .iter()
                .filter(|a| a.name == AttributeName::Title)
                .map(|a| a.value.as_str())
                .collect();
            if !roles.is_empty() {
                m.insert("roles".into(), json!(roles));
            }
            if !aliases.is_empty() {
                desc.push_str(&format!(" Also known as: {}.", aliases.join(", ")));
            }
        }
        _ => {
            match rd.country_of(e.id, relations)? {
                Some((code, region)) => {
                    m.insert("country".into(), json!(code));
                    m.insert("region".into(), json!(region));
                }
                None => {
                    m.insert("region".into(), json!("unknown"));
                    desc.push_str(" Country not known.");
                }
            }
            if !aliases.is_empty() {
                desc.push_str(&format!(" Also known as: {}.", aliases.join(", ")));
            }
        }
    }
    m.insert("description".into(), json!(desc));
    if !ext.is_empty() {
        m.insert("external_references".into(), json!(ext));
    }
    body.emit(&Value::Object(m))
}

fn write_relation(
    rd: &Reader,
    body: &mut Body,
    by_doc: &mut Spill,
    r: &RelationRecord,
) -> Result<()> {
    let (Some(src), Some(tgt)) = (rd.entity(r.source)?, rd.entity(r.target)?) else {
        return Ok(());
    };
    let Some(sid) = relation_sid(rd, r)? else {
        return Ok(());
    };
    let (st, tt) = (object_type(src.etype), object_type(tgt.etype));
    let docs: BTreeSet<&str> = r.evidence.iter().map(|v| v.document.as_str()).collect();
    for d in &docs {
        by_doc.push(d.to_string(), sid.clone()).map_err(tmp_err)?;
    }
    let mut m = rd.base(
        "relationship",
        &sid,
        rd.times(docs.iter().copied())?,
        json!(r.id),
        r.rtype.as_str(),
    );
    m.insert(
        "relationship_type".into(),
        json!(relationship_type(r.rtype, st, tt)),
    );
    m.insert("source_ref".into(), json!(stix_id(st, &rd.key(&src))));
    m.insert("target_ref".into(), json!(stix_id(tt, &rd.key(&tgt))));
    let date = r
        .date
        .as_ref()
        .map(|d| format!(" ({})", dates::describe_edtf(d)))
        .unwrap_or_default();
    m.insert(
        "description".into(),
        json!(format!(
            "{} {} {}{}; {} source{}, credibility {}.{}",
            src.name,
            r.rtype.as_str().replace('_', " "),
            tgt.name,
            date,
            r.source_count,
            if r.source_count == 1 { "" } else { "s" },
            r.credibility,
            rd.evidence_text(&r.evidence)?
        )),
    );
    m.insert("confidence".into(), json!(confidence(r.confidence)));
    if let Some(iv) = r.date.map(|d| d.interval()) {
        if let (Some(a), Some(b)) = (timestamp(iv.0), end_timestamp(iv.1)) {
            m.insert("start_time".into(), json!(a));
            m.insert("stop_time".into(), json!(b));
        }
    }
    m.insert("x_dossier_credibility".into(), json!(r.credibility));
    m.insert("x_dossier_source_count".into(), json!(r.source_count));
    if let Some(rv) = &r.review {
        m.insert("x_dossier_review".into(), json!(rv.verdict));
        m.insert("x_dossier_reviewed_by".into(), json!(rv.by));
        m.insert("x_dossier_reviewed_at".into(), json!(rv.at));
    }
    let ext = rd.refs(&r.evidence)?;
    if !ext.is_empty() {
        m.insert("external_references".into(), json!(ext));
    }
    body.emit(&Value::Object(m))
}

/// An event's STIX id, the documents it cites, and its object.
fn event_object(
    rd: &Reader,
    e: &EventRecord,
    ext_id: &str,
) -> Result<(String, Vec<String>, Value)> {
    let sid = event_sid(rd, e)?;
    let docs: BTreeSet<&str> = e.evidence.iter().map(|v| v.document.as_str()).collect();
    let mut m = rd.base(
        "x-dossier-event",
        &sid,
        rd.times(docs.iter().copied())?,
        json!(e.id),
        e.etype.as_str(),
    );
    if let Some(Value::Object(exts)) = m.get_mut("extensions") {
        exts.insert(ext_id.to_string(), json!({"extension_type": "new-sdo"}));
    }
    let summary = event_summary(&rd.around_event(e)?, e);
    let when = e
        .date
        .as_ref()
        .map(|d| format!(", {}", dates::describe_edtf(d)))
        .unwrap_or_default();
    m.insert("name".into(), json!(format!("{summary}{when}")));
    m.insert(
        "description".into(),
        json!(format!(
            "{summary}{when}.{}",
            rd.evidence_text(&e.evidence)?
        )),
    );
    m.insert("event_type".into(), json!(e.etype.as_str()));
    m.insert("trigger".into(), json!(e.trigger));
    m.insert("attempted".into(), json!(e.attempted));
    if let Some(d) = &e.date {
        m.insert("date".into(), json!(d));
        {
            let iv = d.interval();
            if let (Some(a), Some(b)) = (timestamp(iv.0), end_timestamp(iv.1)) {
                m.insert("date_start".into(), json!(a));
                m.insert("date_end".into(), json!(b));
            }
        }
    }
    for (role, prop) in [
        (Role::Agent, "agent_refs"),
        (Role::Target, "target_refs"),
        (Role::Participant, "participant_refs"),
        (Role::Location, "location_refs"),
    ] {
        let mut refs: Vec<String> = Vec::new();
        for p in e.participants.iter().filter(|p| p.role == role) {
            refs.extend(rd.sid_of(p.entity)?);
        }
        if !refs.is_empty() {
            m.insert(prop.into(), json!(refs));
        }
    }
    if let Some(k) = e.fatalities {
        m.insert("fatalities".into(), json!(k));
    }
    if let Some(w) = e.injured {
        m.insert("injured".into(), json!(w));
    }
    if let Some(md) = e.modality {
        m.insert("modality".into(), json!(md));
    }
    m.insert("confidence".into(), json!(confidence(e.confidence)));
    m.insert("credibility".into(), json!(e.credibility));
    if let Some(rv) = &e.review {
        m.insert("review".into(), json!(rv.verdict));
        m.insert("reviewed_by".into(), json!(rv.by));
        m.insert("reviewed_at".into(), json!(rv.at));
    }
    let ext = rd.refs(&e.evidence)?;
    if !ext.is_empty() {
        m.insert("external_references".into(), json!(ext));
    }
    let docs = docs.into_iter().map(String::from).collect();
    Ok((sid, docs, Value::Object(m)))
}

fn write_report(
    rd: &Reader,
    body: &mut Body,
    d: &DocumentRecord,
    mut refs: Vec<String>,
) -> Result<()> {
    let sid = stix_id("report", &format!("report:{}", d.id));
    let (created, _) = rd.times([d.id.as_str()])?;
    if refs.is_empty() {
        refs.push(rd.producer.clone());
    }
    let mut m = rd.base(
        "report",
        &sid,
        (created.clone(), created.clone()),
        json!(d.id),
        "document",
    );
    m.insert("name".into(), json!(rd.label(&d.id)?));
    m.insert("report_types".into(), json!(["threat-report"]));
    m.insert("published".into(), json!(created));
    let mut desc = format!("Source document {}", d.id);
    if let Some(s) = &d.source {
        desc.push_str(&format!(" from {s}"));
    }
    if let Some(p) = &d.published {
        desc.push_str(&format!(", published {}", dates::describe_edtf(p)));
    }
    desc.push_str(&format!(
        "; source reliability {} ({}); {} sentences.",
        d.reliability,
        crate::reliability_label(d.reliability),
        d.sentences
    ));
    m.insert("description".into(), json!(desc));
    m.insert("object_refs".into(), json!(refs));
    let source_name = match &d.source {
        Some(s) => s.clone(),
        None => rd.label(&d.id)?,
    };
    let mut ext = json!({"source_name": source_name, "external_id": d.id});
    // STIX consumers render `url` as a link: http(s) only; another
    // scheme stays in the description as text.
    if let Some(u) = &d.url {
        match crate::html::http_url(u) {
            Some(u) => ext["url"] = json!(u),
            None => {
                if let Some(Value::String(desc)) = m.get_mut("description") {
                    desc.push_str(&format!(" Address given: {u}"));
                }
            }
        }
    }
    m.insert("external_references".into(), json!([ext]));
    m.insert(
        "x_dossier_reliability".into(),
        json!(d.reliability.to_string()),
    );
    body.emit(&Value::Object(m))
}

fn confidence(c: f32) -> u8 {
    if c.is_finite() {
        (c.clamp(0.0, 1.0) * 100.0).round() as u8
    } else {
        0
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkb::{lantern, MemStore};

    fn objects(b: &Value) -> &Vec<Value> {
        b["objects"].as_array().unwrap()
    }

    #[test]
    fn the_bundle_is_the_same_whenever_the_base_is_and_its_id_follows_the_contents() {
        let kb = lantern();
        let export = |kb: &MemStore| {
            let mut out = Vec::new();
            let n = write_bundle(kb, &mut out, "memory").unwrap();
            (n, String::from_utf8(out).unwrap())
        };
        let (n, text) = export(&kb);
        assert_eq!(export(&kb), (n, text.clone()), "byte-identical re-export");
        // The written text is the pretty JSON of the bundle it parses to.
        let b: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(objects(&b).len(), n);
        assert_eq!(serde_json::to_string_pretty(&b).unwrap() + "\n", text);
        // The bundle id changes with what the bundle holds.
        let mut other = kb.clone();
        other.entities[1].name.push_str(" Front");
        let b2 = bundle(&other).unwrap();
        assert_ne!(b["id"], b2["id"]);
        assert!(b["id"].as_str().unwrap().starts_with("bundle--"));
        // An empty base: the producer and the two extension definitions.
        let (n0, t0) = export(&MemStore::default());
        assert_eq!(n0, 3);
        assert_eq!(
            objects(&serde_json::from_str(&t0).unwrap()).len(),
            3,
            "{t0}"
        );
    }

    #[test]
    fn each_object_once_and_every_document_cites_what_it_supports() {
        let kb = lantern();
        let b = bundle(&kb).unwrap();
        let objs = objects(&b);
        // Every relation, event and document of the base is written once.
        let count = |t: &str| objs.iter().filter(|o| o["type"] == t).count();
        assert_eq!(count("relationship"), kb.relations.len());
        assert_eq!(count("x-dossier-event"), kb.events.len());
        assert_eq!(count("report"), kb.documents.len());
        // A report's refs are exactly the objects with evidence (or names)
        // in its document, sorted.
        for r in objs.iter().filter(|o| o["type"] == "report") {
            let doc = r["x_dossier_id"].as_str().unwrap();
            let refs: Vec<&str> = r["object_refs"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|x| x.as_str())
                .collect();
            let mut sorted = refs.clone();
            sorted.sort_unstable();
            assert_eq!(refs, sorted);
            for o in objs {
                let cites = o["external_references"].as_array().is_some_and(|x| {
                    x.iter().any(|e| {
                        e["external_id"]
                            .as_str()
                            .is_some_and(|i| i.starts_with(&format!("{doc}#")))
                    })
                });
                if cites && o["type"] != "report" {
                    let id = o["id"].as_str().unwrap();
                    assert!(refs.contains(&id), "{doc} does not cite {id}");
                }
            }
        }
    }

    #[test]
    fn an_event_without_participants_is_written_once() {
        let mut kb = lantern();
        let mut e = kb.events[0].clone();
        e.id = 999;
        e.participants.clear();
        e.trigger = "clashes".into();
        kb.events.push(e);
        let b = bundle(&kb).unwrap();
        let found: Vec<&Value> = objects(&b)
            .iter()
            .filter(|o| o["x_dossier_id"] == 999 && o["type"] == "x-dossier-event")
            .collect();
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn entities_sharing_type_and_name_get_distinct_ids() {
        let mut kb = lantern();
        let mut twin = kb.entities[0].clone();
        twin.id = 500;
        twin.aliases.clear();
        kb.entities.push(twin.clone());
        let b = bundle(&kb).unwrap();
        let ids: Vec<&str> = objects(&b)
            .iter()
            .filter(|o| o["name"] == json!(twin.name))
            .filter_map(|o| o["id"].as_str())
            .collect();
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
        let key = format!("entity:{}:{}", twin.etype.as_str(), norm(&twin.name));
        assert!(ids.contains(&stix_id(object_type(twin.etype), &format!("{key}:500")).as_str()));
    }

    #[test]
    fn maps_types_and_is_deterministic() {
        let kb = lantern();
        let b = bundle(&kb).unwrap();
        assert_eq!(b, bundle(&kb).unwrap(), "re-export is identical");
        let objs = objects(&b);
        let by_name = |n: &str| objs.iter().find(|o| o["name"] == n).unwrap();
        let g = by_name("Crimson Lantern Brigade");
        assert_eq!(g["type"], "threat-actor");
        assert_eq!(g["threat_actor_types"], json!(["terrorist"]));
        assert_eq!(g["aliases"], json!(["CLB", "Lantern Brigade"]));
        assert_eq!(g["first_seen"], "2016-01-01T00:00:00.000Z");
        assert_eq!(g["created"], "2019-03-01T00:00:00.000Z");
        assert_eq!(g["modified"], "2022-02-01T00:00:00.000Z");
        assert_eq!(
            by_name("Ashen Hand")["threat_actor_types"],
            json!(["unknown"])
        );
        let p = by_name("Oskar Varnel");
        assert_eq!(
            (p["type"].as_str(), p["identity_class"].as_str()),
            (Some("identity"), Some("individual"))
        );
        assert_eq!(p["roles"], json!(["cleric"]));
        assert_eq!(
            by_name("Marovian Interior Guard")["identity_class"],
            "organization"
        );
        assert_eq!(by_name("Marovia")["region"], "unknown");
        assert_eq!(by_name("Northern Harbor Depot")["type"], "location");
        // Ids are UUIDv5 of the canonical key.
        assert_eq!(
            g["id"],
            stix_id("threat-actor", "entity:armed_group:crimson lantern brigade")
        );
        let rels: Vec<&Value> = objs
            .iter()
            .filter(|o| o["type"] == "relationship")
            .collect();
        assert_eq!(rels.len(), 11);
        let types: BTreeSet<&str> = rels
            .iter()
            .filter_map(|r| r["relationship_type"].as_str())
            .collect();
        for t in [
            "located-at",
            "targets",
            "founder-of",
            "leader-of",
            "sponsor-of",
            "trainer-of",
            "member-of",
            "ally-of",
        ] {
            assert!(types.contains(t), "{t} missing from {types:?}");
        }
        assert!(rels
            .iter()
            .all(|r| r["description"].as_str().unwrap().contains("Evidence: “")));
        let ev: Vec<&Value> = objs
            .iter()
            .filter(|o| o["type"] == "x-dossier-event")
            .collect();
        assert_eq!(ev.len(), 5);
        let attack = ev.iter().find(|e| e["event_type"] == "attack").unwrap();
        assert_eq!(attack["target_refs"], json!([by_name("Iren Dusk")["id"]]));
        assert_eq!(attack["date_start"], "2018-07-03T00:00:00.000Z");
        let reports: Vec<&Value> = objs.iter().filter(|o| o["type"] == "report").collect();
        assert_eq!(reports.len(), 2);
        assert!(reports
            .iter()
            .all(|r| !r["object_refs"].as_array().unwrap().is_empty()));
        // Every reference points into the bundle.
        let ids: BTreeSet<&str> = objs.iter().filter_map(|o| o["id"].as_str()).collect();
        assert_eq!(ids.len(), objs.len(), "ids are unique");
        for o in objs {
            for (k, v) in o.as_object().unwrap() {
                let refs: Vec<&str> = if k.ends_with("_refs") {
                    v.as_array()
                        .unwrap()
                        .iter()
                        .filter_map(|x| x.as_str())
                        .collect()
                } else if k.ends_with("_ref") {
                    v.as_str().into_iter().collect()
                } else {
                    continue;
                };
                for r in refs {
                    assert!(ids.contains(r), "{k} → {r} dangles");
                }
            }
        }
    }

    #[test]
    fn places_get_their_country_code() {
        let mut kb = lantern();
        kb.entities.push(dossier_kb::EntityRecord {
            id: 11,
            etype: EntityType::Country,
            name: "Georgia".into(),
            aliases: vec![],
            mention_count: 1,
            document_count: 1,
        });
        // Port Selin now lies in a real state, through the located_in chain.
        kb.relations[7].target = 11;
        let b = bundle(&kb).unwrap();
        let objs = objects(&b);
        let ps = objs.iter().find(|o| o["name"] == "Port Selin").unwrap();
        assert_eq!(
            (ps["country"].as_str(), ps["region"].as_str()),
            (Some("GE"), Some("western-asia"))
        );
        let ge = objs.iter().find(|o| o["name"] == "Georgia").unwrap();
        assert_eq!(ge["country"], "GE");
    }

    #[test]
    fn relationship_types() {
        assert_eq!(
            relationship_type(RelationType::BasedIn, "threat-actor", "location"),
            "located-at"
        );
        assert_eq!(
            relationship_type(RelationType::BasedIn, "threat-actor", "identity"),
            "based-in"
        );
        assert_eq!(
            relationship_type(RelationType::HostileTo, "threat-actor", "location"),
            "targets"
        );
        assert_eq!(
            relationship_type(RelationType::HostileTo, "identity", "location"),
            "hostile-to"
        );
        assert_eq!(
            relationship_type(RelationType::SponsorOf, "location", "threat-actor"),
            "sponsor-of"
        );
        assert_eq!(confidence(0.856), 86);
        assert_eq!(confidence(f32::NAN), 0);
    }
}
