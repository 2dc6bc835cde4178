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

use crate::countries;
use crate::dates;
use crate::profile::{event_summary, type_words, value_words};
use crate::snapshot::Snapshot;
use dossier_doc::edtf::Date as Day;
use dossier_doc::{EntityType, EventType, RelationType, Role};
use dossier_kb::{EntityRecord, EvidenceRecord};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
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

struct Ctx<'a> {
    snap: &'a Snapshot,
    producer: String,
    props_ext: String,
    ids: BTreeMap<i64, String>,
    published: BTreeMap<String, Day>,
}

impl Ctx<'_> {
    fn times<'a>(&self, docs: impl IntoIterator<Item = &'a str>) -> (String, String) {
        let days: Vec<Day> = docs
            .into_iter()
            .filter_map(|d| self.published.get(d).copied())
            .collect();
        let lo = days.iter().min().and_then(|d| timestamp(*d));
        let hi = days.iter().max().and_then(|d| timestamp(*d));
        match (lo, hi) {
            (Some(a), Some(b)) => (a, b),
            _ => (EPOCH.into(), EPOCH.into()),
        }
    }

    fn refs(&self, ev: &[EvidenceRecord]) -> Vec<Value> {
        let mut seen = BTreeSet::new();
        ev.iter()
            .filter(|e| seen.insert((e.document.clone(), e.sentence)))
            .map(|e| {
                let mut r = json!({
                    "source_name": self.snap.document_label(&e.document),
                    // People read the description (sentences counted
                    // from 1); programs the id (`DOC#N`, counted from 0).
                    "description": format!("sentence {}: {}", e.sentence + 1, e.text.trim()),
                    "external_id": format!("{}#{}", e.document, e.sentence),
                });
                if let Some(url) = self
                    .snap
                    .documents
                    .get(&e.document)
                    .and_then(|d| d.url.clone())
                {
                    // A `url` would ask for a hash of the page; the address goes in the text.
                    r["description"] = json!(format!(
                        "sentence {} of <{url}>: {}",
                        e.sentence + 1,
                        e.text.trim()
                    ));
                }
                r
            })
            .collect()
    }

    fn evidence_text(&self, ev: &[EvidenceRecord]) -> String {
        let mut seen = BTreeSet::new();
        let parts: Vec<String> = ev
            .iter()
            .filter(|e| seen.insert((e.document.clone(), e.sentence)))
            .map(|e| {
                format!(
                    "“{}” ({}, sentence {})",
                    e.text.trim(),
                    self.snap.document_label(&e.document),
                    e.sentence + 1
                )
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!(" Evidence: {}", parts.join("; "))
        }
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
}

/// Entity ids → canonical keys, disambiguated by id where two entities share type and name.
fn entity_keys(snap: &Snapshot) -> BTreeMap<i64, String> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    let base = |e: &EntityRecord| format!("entity:{}:{}", e.etype.as_str(), norm(&e.name));
    for e in snap.entities.values() {
        *count.entry(base(e)).or_default() += 1;
    }
    snap.entities
        .values()
        .map(|e| {
            let k = base(e);
            let k = if count[&k] > 1 {
                format!("{k}:{}", e.id)
            } else {
                k
            };
            (e.id, k)
        })
        .collect()
}

/// The country (ISO code, region) a place lies in, following `located_in` up to 4 hops.
fn country_of(snap: &Snapshot, id: i64) -> Option<(&'static str, &'static str)> {
    let mut cur = id;
    let mut seen = BTreeSet::new();
    for _ in 0..5 {
        if !seen.insert(cur) {
            return None;
        }
        let e = snap.entities.get(&cur)?;
        if e.etype == EntityType::Country {
            return countries::lookup(&e.name)
                .or_else(|| e.aliases.iter().find_map(|a| countries::lookup(&a.name)));
        }
        cur = snap
            .relations
            .iter()
            .filter(|r| r.rtype == RelationType::LocatedIn && r.source == cur)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence).then(b.id.cmp(&a.id)))?
            .target;
    }
    None
}

/// The STIX 2.1 bundle of a snapshot.
pub fn bundle(snap: &Snapshot) -> Value {
    let mut objects: Vec<Value> = Vec::new();
    each_object(snap, &mut |o| {
        objects.push(o);
        Ok(())
    })
    .expect("collecting into memory cannot fail");
    let mut all_ids: Vec<&str> = objects.iter().filter_map(|o| o["id"].as_str()).collect();
    all_ids.sort_unstable();
    let bundle_id = stix_id("bundle", &all_ids.join(","));
    json!({"type": "bundle", "id": bundle_id, "objects": objects})
}

/// Writes the bundle [`bundle`] builds, byte for byte as
/// `serde_json::to_string_pretty` of it plus a newline, one object at a
/// time: only the snapshot and the objects' ids are held, never the whole
/// bundle (issue 14: exports stream what they write). Returns the number
/// of objects.
pub fn write_bundle(snap: &Snapshot, w: &mut dyn std::io::Write) -> std::io::Result<usize> {
    let keys = entity_keys(snap);
    let mut all_ids = object_ids(snap, &keys);
    all_ids.sort_unstable();
    let bundle_id = stix_id("bundle", &all_ids.join(","));
    drop(all_ids);
    write!(w, "{{\n  \"id\": {},\n  \"objects\": [", json!(bundle_id))?;
    let mut n = 0;
    each_object(snap, &mut |o| {
        w.write_all(if n == 0 { b"\n    " } else { b",\n    " })?;
        // JSON strings hold no raw newline: every newline of the pretty
        // text is structure, indented one level deeper inside the array.
        let text = serde_json::to_string_pretty(&o).map_err(std::io::Error::other)?;
        w.write_all(text.replace('\n', "\n    ").as_bytes())?;
        n += 1;
        Ok(())
    })?;
    w.write_all(if n == 0 { b"]" } else { b"\n  ]" })?;
    w.write_all(b",\n  \"type\": \"bundle\"\n}\n")?;
    Ok(n)
}

/// Every object id of the bundle, in no particular order (the bundle's own
/// id is a hash of them, written before the objects).
fn object_ids(snap: &Snapshot, keys: &BTreeMap<i64, String>) -> Vec<String> {
    let mut ids = vec![
        stix_id("identity", "producer:dossier"),
        stix_id("extension-definition", "extension:x-dossier-event:1"),
        stix_id("extension-definition", "extension:x-dossier-properties:1"),
    ];
    ids.extend(
        snap.entities
            .values()
            .map(|e| stix_id(object_type(e.etype), &keys[&e.id])),
    );
    ids.extend(
        snap.relations
            .iter()
            .filter_map(|r| relation_sid(snap, keys, r)),
    );
    ids.extend(snap.events.iter().map(|e| event_sid(keys, e)));
    ids.extend(snap.documents.values().map(report_sid));
    ids
}

/// A relation's id; `None` when an endpoint is not in the snapshot (the
/// relation is left out of the bundle).
fn relation_sid(
    snap: &Snapshot,
    keys: &BTreeMap<i64, String>,
    r: &dossier_kb::RelationRecord,
) -> Option<String> {
    let (sk, tk) = (keys.get(&r.source)?, keys.get(&r.target)?);
    snap.entities.get(&r.source)?;
    snap.entities.get(&r.target)?;
    let key = format!("relationship:{}:{sk}:{tk}", r.rtype.as_str());
    Some(stix_id("relationship", &key))
}

fn event_sid(keys: &BTreeMap<i64, String>, e: &dossier_kb::EventRecord) -> String {
    let first = e
        .evidence
        .first()
        .map(|v| format!("{}#{}", v.document, v.sentence))
        .unwrap_or_default();
    let parts: Vec<String> = e
        .participants
        .iter()
        .map(|p| {
            format!(
                "{}={}",
                p.role.as_str(),
                keys.get(&p.entity).cloned().unwrap_or_default()
            )
        })
        .collect();
    let key = format!(
        "event:{}:{}:{}:{}:{}",
        e.etype.as_str(),
        e.date.as_deref().unwrap_or(""),
        norm(&e.trigger),
        parts.join(","),
        first
    );
    stix_id("x-dossier-event", &key)
}

fn report_sid(d: &dossier_kb::DocumentRecord) -> String {
    stix_id("report", &format!("report:{}", d.id))
}

/// Builds the bundle's objects in order and hands each to `emit`.
fn each_object(
    snap: &Snapshot,
    emit: &mut dyn FnMut(Value) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let published: BTreeMap<String, Day> = snap
        .documents
        .values()
        .filter_map(|d| Some((d.id.clone(), dates::span(d.published.as_deref()?)?.0)))
        .collect();
    let keys = entity_keys(snap);
    let ids: BTreeMap<i64, String> = snap
        .entities
        .values()
        .map(|e| (e.id, stix_id(object_type(e.etype), &keys[&e.id])))
        .collect();
    let producer = stix_id("identity", "producer:dossier");
    let props_ext = stix_id("extension-definition", "extension:x-dossier-properties:1");
    let ctx = Ctx {
        snap,
        producer: producer.clone(),
        props_ext: props_ext.clone(),
        ids,
        published,
    };
    let mut by_doc: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();

    emit(json!({
        "type": "identity",
        "spec_version": "2.1",
        "id": producer,
        "created": EPOCH,
        "modified": EPOCH,
        "name": "Dossier",
        "identity_class": "system",
        "description": "Knowledge base built by Dossier from analytic reports; every object cites the sentences it rests on.",
    }))?;
    let ext_id = stix_id("extension-definition", "extension:x-dossier-event:1");
    emit(json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": ext_id,
        "created": EPOCH,
        "modified": EPOCH,
        "created_by_ref": ctx.producer,
        "name": "Dossier event",
        "description": "A dated happening extracted from a report: attack, plot, arrest, sentence, protest, crackdown, military_exercise, armed_conflict, founding, meeting, deployment, training, statement or appointment.",
        "schema": "x-dossier-event: event_type (string, one of the Dossier event types), trigger (string), attempted (boolean), date (string, EDTF), date_start and date_end (timestamps bounding the EDTF date), agent_refs, target_refs, participant_refs, location_refs (lists of identifiers), fatalities and injured (integers), modality (string), confidence (0-100), credibility (1-6, Admiralty scale), review (string: confirmed or edited by an analyst), reviewed_by (string), reviewed_at (timestamp).",
        "version": "1.0.0",
        "extension_types": ["new-sdo"],
    }))?;

    emit(json!({
        "type": "extension-definition",
        "spec_version": "2.1",
        "id": props_ext,
        "created": EPOCH,
        "modified": EPOCH,
        "created_by_ref": ctx.producer,
        "name": "Dossier knowledge-base properties",
        "description": "Top-level properties Dossier adds to every object it exports.",
        "schema": "x_dossier_id (integer or string: the knowledge-base id of the entity, relation, event, or the document id), x_dossier_type (string: the Dossier entity, relation or event type, or 'document'), x_dossier_credibility (integer 1-6, Admiralty scale: how the claim was stated), x_dossier_source_count (integer: distinct documents supporting a relation), x_dossier_reliability (string A-F: Admiralty source-reliability grade of a document), x_dossier_review (string: a relation confirmed or edited by an analyst; rejected ones are not exported), x_dossier_reviewed_by (string), x_dossier_reviewed_at (timestamp).",
        "version": "1.0.0",
        "extension_types": ["toplevel-property-extension"],
        "extension_properties": ["x_dossier_id", "x_dossier_type", "x_dossier_credibility", "x_dossier_source_count", "x_dossier_reliability", "x_dossier_review", "x_dossier_reviewed_by", "x_dossier_reviewed_at"],
    }))?;

    // Entities.
    let attacker: BTreeSet<i64> = snap
        .events
        .iter()
        .filter(|e| matches!(e.etype, EventType::Attack | EventType::Plot))
        .flat_map(|e| {
            e.participants
                .iter()
                .filter(|p| p.role == Role::Agent)
                .map(|p| p.entity)
        })
        .collect();
    // What touches each entity, indexed once (not a scan of every
    // attribute and relation per entity: quadratic in the base).
    let mut attrs_of: BTreeMap<i64, Vec<&dossier_kb::AttributeRecord>> = BTreeMap::new();
    for a in &snap.attributes {
        attrs_of.entry(a.entity).or_default().push(a);
    }
    let mut relations_of: BTreeMap<i64, Vec<&dossier_kb::RelationRecord>> = BTreeMap::new();
    for r in &snap.relations {
        relations_of.entry(r.source).or_default().push(r);
        if r.target != r.source {
            relations_of.entry(r.target).or_default().push(r);
        }
    }
    for e in snap.entities.values() {
        let sid = ctx.ids[&e.id].clone();
        let mut docs: BTreeSet<&str> = e
            .aliases
            .iter()
            .flat_map(|a| a.documents.iter().map(String::as_str))
            .collect();
        let attrs: &[&dossier_kb::AttributeRecord] = attrs_of.get(&e.id).map_or(&[], Vec::as_slice);
        for a in attrs {
            docs.extend(a.evidence.iter().map(|v| v.document.as_str()));
        }
        for r in relations_of.get(&e.id).map_or(&[][..], Vec::as_slice) {
            docs.extend(r.evidence.iter().map(|v| v.document.as_str()));
        }
        for d in &docs {
            by_doc.entry(d.to_string()).or_default().insert(sid.clone());
        }
        let kind = object_type(e.etype);
        let mut m = ctx.base(
            kind,
            &sid,
            ctx.times(docs.iter().copied()),
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
                .as_deref()
                .map(|d| format!(" ({})", dates::describe(d)))
                .unwrap_or_default();
            desc.push_str(&format!(
                " {}: {}{}.",
                a.name.replace('_', " "),
                value_words(&a.name, &a.value),
                date
            ));
        }
        let mut ext: Vec<Value> = Vec::new();
        for a in attrs {
            ext.extend(ctx.refs(&a.evidence));
        }
        let aliases: Vec<&str> = e
            .aliases
            .iter()
            .map(|a| a.name.as_str())
            .filter(|a| *a != e.name)
            .collect();
        match e.etype {
            EntityType::ArmedGroup => {
                let t = if attacker.contains(&e.id) {
                    "terrorist"
                } else {
                    "unknown"
                };
                m.insert("threat_actor_types".into(), json!([t]));
                if !aliases.is_empty() {
                    m.insert("aliases".into(), json!(aliases));
                }
                if let Some(first) = attrs
                    .iter()
                    .filter(|a| a.name == "founded")
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
                    .filter(|a| a.name == "title")
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
                match country_of(snap, e.id) {
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
        emit(Value::Object(m))?;
    }

    // Relations.
    let stix_type_of = |id: i64| snap.entities.get(&id).map(|e| object_type(e.etype));
    for r in &snap.relations {
        let (Some(src), Some(tgt)) = (ctx.ids.get(&r.source), ctx.ids.get(&r.target)) else {
            continue;
        };
        let (Some(st), Some(tt)) = (stix_type_of(r.source), stix_type_of(r.target)) else {
            continue;
        };
        let Some(sid) = relation_sid(snap, &keys, r) else {
            continue;
        };
        let docs: BTreeSet<&str> = r.evidence.iter().map(|v| v.document.as_str()).collect();
        for d in &docs {
            by_doc.entry(d.to_string()).or_default().insert(sid.clone());
        }
        let mut m = ctx.base(
            "relationship",
            &sid,
            ctx.times(docs.iter().copied()),
            json!(r.id),
            r.rtype.as_str(),
        );
        m.insert(
            "relationship_type".into(),
            json!(relationship_type(r.rtype, st, tt)),
        );
        m.insert("source_ref".into(), json!(src));
        m.insert("target_ref".into(), json!(tgt));
        let date = r
            .date
            .as_deref()
            .map(|d| format!(" ({})", dates::describe(d)))
            .unwrap_or_default();
        m.insert(
            "description".into(),
            json!(format!(
                "{} {} {}{}; {} source{}, credibility {}.{}",
                snap.name(r.source),
                r.rtype.as_str().replace('_', " "),
                snap.name(r.target),
                date,
                r.source_count,
                if r.source_count == 1 { "" } else { "s" },
                r.credibility,
                ctx.evidence_text(&r.evidence)
            )),
        );
        m.insert("confidence".into(), json!(confidence(r.confidence)));
        if let Some(iv) = r.date.as_deref().and_then(dates::span) {
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
        let ext = ctx.refs(&r.evidence);
        if !ext.is_empty() {
            m.insert("external_references".into(), json!(ext));
        }
        emit(Value::Object(m))?;
    }

    // Events.
    for e in &snap.events {
        let sid = event_sid(&keys, e);
        let docs: BTreeSet<&str> = e.evidence.iter().map(|v| v.document.as_str()).collect();
        for d in &docs {
            by_doc.entry(d.to_string()).or_default().insert(sid.clone());
        }
        let mut m = ctx.base(
            "x-dossier-event",
            &sid,
            ctx.times(docs.iter().copied()),
            json!(e.id),
            e.etype.as_str(),
        );
        if let Some(Value::Object(exts)) = m.get_mut("extensions") {
            exts.insert(ext_id.clone(), json!({"extension_type": "new-sdo"}));
        }
        let summary = event_summary(snap, e);
        let when = e
            .date
            .as_deref()
            .map(|d| format!(", {}", dates::describe(d)))
            .unwrap_or_default();
        m.insert("name".into(), json!(format!("{summary}{when}")));
        m.insert(
            "description".into(),
            json!(format!(
                "{summary}{when}.{}",
                ctx.evidence_text(&e.evidence)
            )),
        );
        m.insert("event_type".into(), json!(e.etype.as_str()));
        m.insert("trigger".into(), json!(e.trigger));
        m.insert("attempted".into(), json!(e.attempted));
        if let Some(d) = &e.date {
            m.insert("date".into(), json!(d));
            if let Some(iv) = dates::span(d) {
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
            let refs: Vec<&String> = e
                .participants
                .iter()
                .filter(|p| p.role == role)
                .filter_map(|p| ctx.ids.get(&p.entity))
                .collect();
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
        if let Some(md) = &e.modality {
            m.insert("modality".into(), json!(md));
        }
        m.insert("confidence".into(), json!(confidence(e.confidence)));
        m.insert("credibility".into(), json!(e.credibility));
        if let Some(rv) = &e.review {
            m.insert("review".into(), json!(rv.verdict));
            m.insert("reviewed_by".into(), json!(rv.by));
            m.insert("reviewed_at".into(), json!(rv.at));
        }
        let ext = ctx.refs(&e.evidence);
        if !ext.is_empty() {
            m.insert("external_references".into(), json!(ext));
        }
        emit(Value::Object(m))?;
    }

    // Documents.
    for d in snap.documents.values() {
        let sid = report_sid(d);
        let (created, _) = ctx.times([d.id.as_str()]);
        let mut refs: Vec<String> = by_doc
            .get(&d.id)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        if refs.is_empty() {
            refs.push(ctx.producer.clone());
        }
        let mut m = ctx.base(
            "report",
            &sid,
            (created.clone(), created.clone()),
            json!(d.id),
            "document",
        );
        m.insert("name".into(), json!(snap.document_label(&d.id)));
        m.insert("report_types".into(), json!(["threat-report"]));
        m.insert("published".into(), json!(created));
        let mut desc = format!("Source document {}", d.id);
        if let Some(s) = &d.source {
            desc.push_str(&format!(" from {s}"));
        }
        if let Some(p) = &d.published {
            desc.push_str(&format!(", published {}", dates::describe(p)));
        }
        desc.push_str(&format!(
            "; source reliability {} ({}); {} sentences.",
            d.reliability,
            crate::reliability_label(d.reliability),
            d.sentences
        ));
        m.insert("description".into(), json!(desc));
        m.insert("object_refs".into(), json!(refs));
        let mut ext = json!({"source_name": d.source.clone().unwrap_or_else(|| snap.document_label(&d.id)), "external_id": d.id});
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
        emit(Value::Object(m))?;
    }

    Ok(())
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
    use crate::testkb::lantern;

    fn objects(b: &Value) -> &Vec<Value> {
        b["objects"].as_array().unwrap()
    }

    #[test]
    fn the_streamed_bundle_is_the_built_one_byte_for_byte() {
        for snap in [Snapshot::load(&lantern()).unwrap(), Snapshot::default()] {
            let mut streamed = Vec::new();
            let n = write_bundle(&snap, &mut streamed).unwrap();
            let built = bundle(&snap);
            assert_eq!(n, objects(&built).len());
            let want = serde_json::to_string_pretty(&built).unwrap() + "\n";
            assert_eq!(String::from_utf8(streamed).unwrap(), want);
        }
    }

    #[test]
    fn maps_types_and_is_deterministic() {
        let kb = lantern();
        let snap = Snapshot::load(&kb).unwrap();
        let b = bundle(&snap);
        assert_eq!(b, bundle(&snap), "re-export is identical");
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
        let b = bundle(&Snapshot::load(&kb).unwrap());
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
