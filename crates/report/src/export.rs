//! Exports of the whole knowledge base that analysts load into other tools:
//! a STIX 2.1 bundle, GraphML, a directory of CSV files, JSON Lines.

mod spill;
pub mod stix;
pub(crate) mod walk;

use crate::graph::{Edge, Node};
use crate::snapshot::Snapshot;
use crate::{format_enum, ReportError, Result};
use dossier_doc::Role;
use dossier_kb::{EvidenceRecord, Store};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use walk::{Records, StoreRecords};

format_enum!(
    /// Export formats.
    ExportFormat {
        /// A STIX 2.1 bundle (one JSON file).
        Stix => ["stix", "stix2", "stix21"],
        /// GraphML of the whole graph (one file).
        GraphMl => ["graphml"],
        /// A directory with documents.csv, entities.csv, relations.csv, events.csv, attributes.csv.
        Csv => ["csv"],
        /// JSON Lines: documents, entities, relations, events, attributes (one file).
        Jsonl => ["jsonl", "ndjson"],
    }
);

/// What an export wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// Files written.
    pub files: Vec<PathBuf>,
    /// Records (STIX objects, graph nodes and edges, CSV rows, JSON lines) written.
    pub records: usize,
}

/// Exports the whole knowledge base in `format` to `out` (a file; for
/// `csv` a directory, created if missing).
pub fn export(store: &dyn Store, format: ExportFormat, out: &Path) -> Result<ExportSummary> {
    if format == ExportFormat::Csv {
        return write_csv_dir(&StoreRecords::new(store), out);
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
    }
    let file = std::fs::File::create(out).map_err(|e| io_err(out, e))?;
    let mut w = std::io::BufWriter::new(file);
    let records = write_single(store, format, &mut w, &out.display().to_string())?;
    std::io::Write::flush(&mut w).map_err(|e| io_err(out, e))?;
    Ok(ExportSummary {
        files: vec![out.to_path_buf()],
        records,
    })
}

/// Writes a one-file export (STIX, GraphML, JSON Lines) to `w` (standard
/// output, say) and returns the number of records; `name` names the
/// destination in errors. CSV is a directory of files and is refused.
pub fn export_to_writer(
    store: &dyn Store,
    format: ExportFormat,
    w: &mut dyn std::io::Write,
    name: &str,
) -> Result<usize> {
    if format == ExportFormat::Csv {
        return Err(ReportError::UnknownFormat {
            given: "csv".into(),
            expected: "stix, graphml or jsonl: csv writes a directory of files",
        });
    }
    let records = write_single(store, format, w, name)?;
    w.flush().map_err(|source| ReportError::Io {
        path: name.to_string(),
        source,
    })?;
    Ok(records)
}

/// Writes a one-file format (STIX, GraphML, JSON Lines) to `w` and returns
/// its record count; `name` names the destination in errors. Every format
/// is read from the store a page at a time and written record by record,
/// never held whole (STIX through its own reader, the others through
/// [`StoreRecords`]).
fn write_single(
    store: &dyn Store,
    format: ExportFormat,
    w: &mut dyn std::io::Write,
    name: &str,
) -> Result<usize> {
    match format {
        ExportFormat::Stix => stix::write_bundle(store, w, name),
        ExportFormat::GraphMl => graphml(store, w, name),
        ExportFormat::Jsonl => write_jsonl(&StoreRecords::new(store), w, name),
        ExportFormat::Csv => Err(ReportError::UnknownFormat {
            given: "csv".into(),
            expected: "stix, graphml or jsonl: csv writes a directory of files",
        }),
    }
}

/// The whole base's graph as GraphML, streamed from the store (see
/// [`write_graphml`]); returns the nodes and edges written.
pub(crate) fn graphml(store: &dyn Store, w: &mut dyn std::io::Write, name: &str) -> Result<usize> {
    write_graphml(&StoreRecords::new(store), w, name)
}

/// The whole graph as GraphML (every entity a node, every relation between
/// two entities of the base an edge): the same text as
/// [`crate::graph::Graph::to_graphml`] of the loaded base.
fn write_graphml(rec: &dyn Records, w: &mut dyn std::io::Write, name: &str) -> Result<usize> {
    let io = |source| ReportError::Io {
        path: name.to_string(),
        source,
    };
    let mut n = 0;
    w.write_all(crate::graph::graphml_head().as_bytes())
        .map_err(io)?;
    let mut o = String::new();
    rec.each_entity(&mut |e| {
        o.clear();
        Node::of(e, None).write_graphml(&mut o);
        n += 1;
        w.write_all(o.as_bytes()).map_err(io)
    })?;
    rec.each_relation(&mut |r| {
        if !(rec.has_entity(r.source)? && rec.has_entity(r.target)?) {
            return Ok(());
        }
        o.clear();
        Edge::of(r).write_graphml(&mut o);
        n += 1;
        w.write_all(o.as_bytes()).map_err(io)
    })?;
    w.write_all(crate::graph::GRAPHML_TAIL.as_bytes())
        .map_err(io)?;
    Ok(n)
}

/// JSON Lines (see [`jsonl`]) written line by line; an empty base is one
/// empty line.
fn write_jsonl(rec: &dyn Records, w: &mut dyn std::io::Write, name: &str) -> Result<usize> {
    let io = |source| ReportError::Io {
        path: name.to_string(),
        source,
    };
    let mut n = 0;
    each_jsonl_line(rec, &mut |line| {
        n += 1;
        w.write_all(line.as_bytes()).map_err(io)?;
        w.write_all(b"\n").map_err(io)
    })?;
    if n == 0 {
        w.write_all(b"\n").map_err(io)?;
    }
    Ok(n)
}

fn io_err(path: &Path, source: std::io::Error) -> ReportError {
    ReportError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn evidence_json(rec: &dyn Records, ev: &[EvidenceRecord]) -> Result<Value> {
    Ok(Value::Array(
        ev.iter()
            .map(|e| {
                let mut v = json!({
                    "document": e.document,
                    "document_title": rec.document_label(&e.document)?,
                    "sentence": e.sentence,
                    "start": e.start,
                    "end": e.end,
                    "text": e.text,
                });
                if let Some(c) = &e.cited {
                    v["cited"] = json!(c);
                }
                Ok(v)
            })
            .collect::<Result<_>>()?,
    ))
}

/// One JSON object per line: documents, entities, relations, events,
/// attributes, contradictions — each with a `record` kind, knowledge-base-wide
/// ids, and evidence naming its document.
pub fn jsonl(snap: &Snapshot) -> Result<Vec<String>> {
    let mut out = Vec::new();
    each_jsonl_line(snap, &mut |line| {
        out.push(line);
        Ok(())
    })?;
    Ok(out)
}

/// The lines of [`jsonl`], one by one, from any [`Records`].
fn each_jsonl_line(rec: &dyn Records, emit: &mut dyn FnMut(String) -> Result<()>) -> Result<()> {
    rec.each_document(&mut |d| {
        let mut v = serde_json::to_value(d)?;
        v["record"] = json!("document");
        emit(serde_json::to_string(&v)?)
    })?;
    rec.each_entity(&mut |e| {
        let v = json!({
            "record": "entity",
            "id": e.id,
            "type": e.etype,
            "name": e.name,
            "aliases": e.aliases.iter().map(|a| &a.name).collect::<Vec<_>>(),
            "alias_documents": e.aliases,
            "mention_count": e.mention_count,
            "document_count": e.document_count,
        });
        emit(serde_json::to_string(&v)?)
    })?;
    rec.each_relation(&mut |r| {
        let v = json!({
            "record": "relation",
            "id": r.id,
            "type": r.rtype,
            "source": r.source,
            "source_name": rec.name(r.source)?,
            "target": r.target,
            "target_name": rec.name(r.target)?,
            "confidence": r.confidence,
            "credibility": r.credibility,
            "date": r.date,
            "source_count": r.source_count,
            "evidence": evidence_json(rec, &r.evidence)?,
        });
        let v = with_review(v, r.review.as_ref());
        emit(serde_json::to_string(&v)?)
    })?;
    rec.each_event(&mut |e| {
        let participants = e
            .participants
            .iter()
            .map(|p| Ok(json!({"role": p.role, "entity": p.entity, "name": rec.name(p.entity)?})))
            .collect::<Result<Vec<_>>>()?;
        let v = json!({
            "record": "event",
            "id": e.id,
            "type": e.etype,
            "trigger": e.trigger,
            "attempted": e.attempted,
            "date": e.date,
            "participants": participants,
            "fatalities": e.fatalities,
            "injured": e.injured,
            "modality": e.modality,
            "confidence": e.confidence,
            "credibility": e.credibility,
            "evidence": evidence_json(rec, &e.evidence)?,
        });
        let v = with_review(v, e.review.as_ref());
        emit(serde_json::to_string(&v)?)
    })?;
    rec.each_attribute(&mut |a| {
        let v = json!({
            "record": "attribute",
            "id": a.id,
            "entity": a.entity,
            "entity_name": rec.name(a.entity)?,
            "name": a.name,
            "value": a.value,
            "date": a.date,
            "confidence": a.confidence,
            "credibility": a.credibility,
            "evidence": evidence_json(rec, &a.evidence)?,
        });
        let v = with_review(v, a.review.as_ref());
        emit(serde_json::to_string(&v)?)
    })?;
    rec.each_contradiction(&mut |c| {
        let v = json!({
            "record": "contradiction",
            "entity": c.entity,
            "entity_name": rec.name(c.entity)?,
            "what": c.what,
            "attributes": c.values.iter().map(|a| a.id).collect::<Vec<_>>(),
            "values": c.values.iter().map(|a| json!({"value": a.value, "date": a.date})).collect::<Vec<_>>(),
        });
        emit(serde_json::to_string(&v)?)
    })?;
    Ok(())
}

/// A JSON Lines record with the analyst's decision on it, if any
/// (`review`: `{decision, verdict, by, at}`).
fn with_review(mut v: Value, review: Option<&dossier_kb::Review>) -> Value {
    if let Some(r) = review {
        v["review"] = json!(r);
    }
    v
}

/// The review columns of a CSV row: verdict, who, when (empty if none).
fn review_cols(review: Option<&dossier_kb::Review>) -> [String; 3] {
    match review {
        Some(r) => [r.verdict.as_str().to_string(), r.by.clone(), r.at.clone()],
        None => Default::default(),
    }
}

/// Evidence columns: `doc#sentence` list and sentence texts, ` | `-separated.
fn evidence_cols(ev: &[EvidenceRecord]) -> [String; 3] {
    let docs: BTreeSet<&str> = ev.iter().map(|e| e.document.as_str()).collect();
    let refs: Vec<String> = ev
        .iter()
        .map(|e| format!("{}#{}", e.document, e.sentence))
        .collect();
    let texts: Vec<&str> = ev.iter().map(|e| e.text.trim()).collect();
    [
        docs.into_iter().collect::<Vec<_>>().join(" | "),
        refs.join(" | "),
        texts.join(" | "),
    ]
}

fn write_csv_dir(rec: &dyn Records, dir: &Path) -> Result<ExportSummary> {
    std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
    let mut out = CsvDir {
        dir,
        files: Vec::new(),
        records: 0,
    };
    write_documents_csv(rec, &mut out)?;
    write_entities_csv(rec, &mut out)?;
    write_relations_csv(rec, &mut out)?;
    write_events_csv(rec, &mut out)?;
    write_attributes_csv(rec, &mut out)?;
    Ok(ExportSummary {
        files: out.files,
        records: out.records,
    })
}

/// A CSV export's directory, the files written to it and the rows written.
struct CsvDir<'a> {
    dir: &'a Path,
    files: Vec<PathBuf>,
    records: usize,
}

impl CsvDir<'_> {
    /// Creates file `name` in the directory and writes its header row.
    fn create(&mut self, name: &str, header: &[&str]) -> Result<csv::Writer<std::fs::File>> {
        let p = self.dir.join(name);
        let mut w = csv::Writer::from_path(&p).map_err(|e| match e.into_kind() {
            csv::ErrorKind::Io(io) => io_err(&p, io),
            other => ReportError::Io {
                path: p.display().to_string(),
                source: std::io::Error::other(format!("{other:?}")),
            },
        })?;
        self.files.push(p);
        w.write_record(crate::html::csv_row(header))?;
        Ok(w)
    }

    /// Flushes a finished file.
    fn finish(&self, mut w: csv::Writer<std::fs::File>) -> Result<()> {
        w.flush().map_err(|e| io_err(self.dir, e))
    }
}

/// `documents.csv`: each document's metadata, reliability and sentence count.
fn write_documents_csv(rec: &dyn Records, out: &mut CsvDir) -> Result<()> {
    let mut w = out.create(
        "documents.csv",
        &[
            "id",
            "title",
            "published",
            "source",
            "url",
            "path",
            "reliability",
            "sentences",
        ],
    )?;
    rec.each_document(&mut |d| {
        w.write_record(crate::html::csv_row([
            d.id.clone(),
            d.title.clone().unwrap_or_default(),
            d.published.map(|p| p.to_string()).unwrap_or_default(),
            d.source.clone().unwrap_or_default(),
            d.url.clone().unwrap_or_default(),
            d.path.clone().unwrap_or_default(),
            d.reliability.to_string(),
            d.sentences.to_string(),
        ]))?;
        out.records += 1;
        Ok(())
    })?;
    out.finish(w)
}

/// `entities.csv`: each entity's type, name, aliases, counts and the documents that name them.
fn write_entities_csv(rec: &dyn Records, out: &mut CsvDir) -> Result<()> {
    let mut w = out.create(
        "entities.csv",
        &[
            "id",
            "type",
            "name",
            "aliases",
            "mention_count",
            "document_count",
            "documents",
        ],
    )?;
    rec.each_entity(&mut |e| {
        let docs: BTreeSet<&str> = e
            .aliases
            .iter()
            .flat_map(|a| a.documents.iter().map(String::as_str))
            .collect();
        w.write_record(crate::html::csv_row([
            e.id.to_string(),
            e.etype.as_str().to_string(),
            e.name.clone(),
            e.aliases
                .iter()
                .map(|a| a.name.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
            e.mention_count.to_string(),
            e.document_count.to_string(),
            docs.into_iter().collect::<Vec<_>>().join(" | "),
        ]))?;
        out.records += 1;
        Ok(())
    })?;
    out.finish(w)
}

/// `relations.csv`: each relation, with their evidence and review columns.
fn write_relations_csv(rec: &dyn Records, out: &mut CsvDir) -> Result<()> {
    let mut w = out.create(
        "relations.csv",
        &[
            "id",
            "type",
            "source",
            "source_name",
            "target",
            "target_name",
            "date",
            "confidence",
            "credibility",
            "source_count",
            "evidence_count",
            "evidence_documents",
            "evidence_sentences",
            "evidence_text",
            "review",
            "reviewed_by",
            "reviewed_at",
        ],
    )?;
    rec.each_relation(&mut |r| {
        let [docs, refs, texts] = evidence_cols(&r.evidence);
        let [rv, rb, ra] = review_cols(r.review.as_ref());
        w.write_record(crate::html::csv_row([
            r.id.to_string(),
            r.rtype.as_str().to_string(),
            r.source.to_string(),
            rec.name(r.source)?,
            r.target.to_string(),
            rec.name(r.target)?,
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:.3}", r.confidence),
            r.credibility.to_string(),
            r.source_count.to_string(),
            r.evidence.len().to_string(),
            docs,
            refs,
            texts,
            rv,
            rb,
            ra,
        ]))?;
        out.records += 1;
        Ok(())
    })?;
    out.finish(w)
}

/// `events.csv`: each event's date and its interval, participants by role, toll, evidence and review.
fn write_events_csv(rec: &dyn Records, out: &mut CsvDir) -> Result<()> {
    let mut w = out.create(
        "events.csv",
        &[
            "id",
            "type",
            "trigger",
            "attempted",
            "date",
            "date_start",
            "date_end",
            "agents",
            "targets",
            "participants",
            "locations",
            "fatalities",
            "injured",
            "modality",
            "confidence",
            "credibility",
            "evidence_count",
            "evidence_documents",
            "evidence_sentences",
            "evidence_text",
            "review",
            "reviewed_by",
            "reviewed_at",
        ],
    )?;
    rec.each_event(&mut |e| {
        let iv = e.date.map(|d| d.interval());
        let who = |role: Role| -> Result<String> {
            Ok(e.participants
                .iter()
                .filter(|p| p.role == role)
                .map(|p| Ok(format!("{}:{}", p.entity, rec.name(p.entity)?)))
                .collect::<Result<Vec<_>>>()?
                .join(" | "))
        };
        let [docs, refs, texts] = evidence_cols(&e.evidence);
        let [rv, rb, ra] = review_cols(e.review.as_ref());
        w.write_record(crate::html::csv_row([
            e.id.to_string(),
            e.etype.as_str().to_string(),
            e.trigger.clone(),
            e.attempted.to_string(),
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            iv.map(|i| i.0)
                .filter(|&d| crate::dates::bounded(d))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            iv.map(|i| i.1)
                .filter(|&d| crate::dates::bounded(d))
                .map(|d| d.to_string())
                .unwrap_or_default(),
            who(Role::Agent)?,
            who(Role::Target)?,
            who(Role::Participant)?,
            who(Role::Location)?,
            e.fatalities.map(|x| x.to_string()).unwrap_or_default(),
            e.injured.map(|x| x.to_string()).unwrap_or_default(),
            e.modality.map(|m| m.to_string()).unwrap_or_default(),
            format!("{:.3}", e.confidence),
            e.credibility.to_string(),
            e.evidence.len().to_string(),
            docs,
            refs,
            texts,
            rv,
            rb,
            ra,
        ]))?;
        out.records += 1;
        Ok(())
    })?;
    out.finish(w)
}

/// `attributes.csv`: each attribute, with their evidence and review columns.
fn write_attributes_csv(rec: &dyn Records, out: &mut CsvDir) -> Result<()> {
    let mut w = out.create(
        "attributes.csv",
        &[
            "id",
            "entity",
            "entity_name",
            "name",
            "value",
            "date",
            "confidence",
            "credibility",
            "evidence_count",
            "evidence_documents",
            "evidence_sentences",
            "evidence_text",
            "review",
            "reviewed_by",
            "reviewed_at",
        ],
    )?;
    rec.each_attribute(&mut |a| {
        let [docs, refs, texts] = evidence_cols(&a.evidence);
        let [rv, rb, ra] = review_cols(a.review.as_ref());
        w.write_record(crate::html::csv_row([
            a.id.to_string(),
            a.entity.to_string(),
            rec.name(a.entity)?,
            a.name.to_string(),
            a.value.clone(),
            a.date.map(|d| d.to_string()).unwrap_or_default(),
            format!("{:.3}", a.confidence),
            a.credibility.to_string(),
            a.evidence.len().to_string(),
            docs,
            refs,
            texts,
            rv,
            rb,
            ra,
        ]))?;
        out.records += 1;
        Ok(())
    })?;
    out.finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkb::lantern;

    fn tmpdir(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("dossier-report-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        d
    }

    #[test]
    fn analysts_decisions_are_exported_as_extra_fields() {
        let mut kb = lantern();
        let review = dossier_kb::Review {
            decision: 7,
            verdict: dossier_kb::Verdict::Edited,
            by: "analyst-b".into(),
            at: "2026-01-02T03:04:05Z".into(),
        };
        kb.relations[0].review = Some(review.clone());
        kb.events[0].review = Some(review.clone());
        kb.attributes[0].review = Some(review);
        let snap = Snapshot::load(&kb).unwrap();
        let lines = jsonl(&snap).unwrap();
        let reviewed: Vec<&String> = lines.iter().filter(|l| l.contains("analyst-b")).collect();
        assert_eq!(reviewed.len(), 3, "{reviewed:#?}");
        assert!(reviewed[0].contains(r#""verdict":"edited""#));
        let stix = stix::bundle(&kb).unwrap().to_string();
        assert!(stix.contains(r#""x_dossier_reviewed_by":"analyst-b""#));
        assert!(stix.contains(r#""reviewed_by":"analyst-b""#));
        let dir = tmpdir("csv-review");
        export(&kb, ExportFormat::Csv, &dir).unwrap();
        for table in ["relations.csv", "events.csv", "attributes.csv"] {
            let mut r = csv::Reader::from_path(dir.join(table)).unwrap();
            let h = r.headers().unwrap().clone();
            let col = h.iter().position(|c| c == "reviewed_by").unwrap();
            let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
            assert_eq!(
                rows.iter().filter(|r| &r[col] == "analyst-b").count(),
                1,
                "{table}"
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn csv_directory_has_all_tables_with_evidence() {
        let kb = lantern();
        let dir = tmpdir("csv");
        let s = export(&kb, ExportFormat::Csv, &dir).unwrap();
        assert_eq!(s.files.len(), 5);
        assert_eq!(s.records, 2 + 10 + 11 + 5 + 4);
        let mut r = csv::Reader::from_path(dir.join("relations.csv")).unwrap();
        let h = r.headers().unwrap().clone();
        assert!(h.iter().any(|c| c == "evidence_text"));
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 11);
        let leader = rows.iter().find(|r| &r[1] == "leader_of").unwrap();
        assert_eq!(&leader[9], "2");
        assert!(leader[13].contains(" | "), "two evidence sentences");
        let mut r = csv::Reader::from_path(dir.join("events.csv")).unwrap();
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(&rows[0][5], "2016-01-01");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The exports read from the store a page at a time write what the
    /// same renderers write from the loaded base, byte for byte.
    #[test]
    fn streamed_exports_equal_those_of_the_loaded_base() {
        let mut kb = lantern();
        kb.relations.reverse();
        kb.events.reverse();
        kb.attributes.reverse();
        let snap = Snapshot::load(&kb).unwrap();
        let streamed = StoreRecords::new(&kb);

        let (mut a, mut b) = (Vec::new(), Vec::new());
        let n = write_jsonl(&streamed, &mut a, "a").unwrap();
        assert_eq!(n, write_jsonl(&snap, &mut b, "b").unwrap());
        assert_eq!(n, 2 + 10 + 11 + 5 + 4 + 1);
        assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());

        let mut a = Vec::new();
        let n = write_graphml(&streamed, &mut a, "a").unwrap();
        let g = crate::graph::Graph::from_snapshot(&snap, None, false);
        assert_eq!(n, g.nodes.len() + g.edges.len());
        assert_eq!(String::from_utf8(a).unwrap(), g.to_graphml());

        let tmp = tempfile::tempdir().unwrap();
        let (da, db) = (tmp.path().join("streamed"), tmp.path().join("loaded"));
        let sa = write_csv_dir(&streamed, &da).unwrap();
        let sb = write_csv_dir(&snap, &db).unwrap();
        assert_eq!(sa.records, sb.records);
        for (fa, fb) in sa.files.iter().zip(&sb.files) {
            assert_eq!(fa.file_name(), fb.file_name());
            assert_eq!(
                std::fs::read_to_string(fa).unwrap(),
                std::fs::read_to_string(fb).unwrap(),
                "{}",
                fa.display()
            );
        }
    }

    #[test]
    fn jsonl_lines_are_objects_with_kinds() {
        let kb = lantern();
        let lines = jsonl(&Snapshot::load(&kb).unwrap()).unwrap();
        assert_eq!(lines.len(), 2 + 10 + 11 + 5 + 4 + 1);
        let kinds: BTreeSet<String> = lines
            .iter()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["record"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(kinds.len(), 6);
        let rel: Value =
            serde_json::from_str(lines.iter().find(|l| l.contains("\"founder_of\"")).unwrap())
                .unwrap();
        assert_eq!(rel["evidence"][0]["document"], crate::testkb::DOC_A);
        assert_eq!(rel["source"], 2);
    }

    /// A tool of the CI virtual environment: the path in `env_var` (or a
    /// sibling of it named like one of `names`, as pip names the validator's
    /// script `stix2_validator`), else the first of `names` under
    /// `<workspace>/.venv-ci/bin`. `None` (after a skip notice) when missing
    /// outside CI; a failure when missing with `CI` set.
    fn ci_tool(env_var: &str, names: &[&str], what: &str) -> Option<PathBuf> {
        let mut candidates = Vec::new();
        if let Some(p) = std::env::var_os(env_var)
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
        {
            if let Some(dir) = p.parent() {
                candidates.extend(names.iter().map(|n| dir.join(n)));
            }
            candidates.insert(0, p);
        }
        let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-ci/bin");
        candidates.extend(names.iter().map(|n| bin.join(n)));
        if let Some(p) = candidates.into_iter().find(|p| p.is_file()) {
            return Some(p);
        }
        let msg = format!(
            "{what} not found: set {env_var} or create the venv \
             (python3 -m venv .venv-ci && .venv-ci/bin/pip install stix2-validator networkx)"
        );
        if std::env::var_os("CI").is_some() {
            panic!("{msg}");
        }
        eprintln!("SKIPPED: {msg}");
        None
    }

    #[test]
    fn stix_bundle_passes_the_oasis_validator() {
        let Some(validator) = ci_tool(
            "DOSSIER_STIX_VALIDATOR",
            &["stix2_validator", "stix2_validate"],
            "stix2-validator",
        ) else {
            return;
        };
        let kb = lantern();
        let dir = tmpdir("stix");
        let out = dir.join("bundle.json");
        let s = export(&kb, ExportFormat::Stix, &out).unwrap();
        assert!(s.records > 25);
        let run = std::process::Command::new(&validator)
            .arg("--enforce-refs")
            .arg(&out)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
        let report = String::from_utf8_lossy(&run.stdout).into_owned()
            + &String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success(),
            "validator rejected the bundle:\n{report}"
        );
        assert!(report.contains("STIX JSON: Valid"), "{report}");
        // Stable across exports.
        let again = dir.join("again.json");
        export(&kb, ExportFormat::Stix, &again).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&again).unwrap());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn graphml_loads_in_networkx() {
        let Some(python) = ci_tool(
            "DOSSIER_PYTHON",
            &["python3", "python"],
            "python with networkx",
        ) else {
            return;
        };
        let kb = lantern();
        let dir = tmpdir("graphml");
        let out = dir.join("kb.graphml");
        export(&kb, ExportFormat::GraphMl, &out).unwrap();
        let script = "import sys, networkx as nx\n\
g = nx.read_graphml(sys.argv[1])\n\
n = g.nodes['n1']\n\
e = [d for _, _, d in g.edges(data=True) if d['type'] == 'leader_of'][0]\n\
assert isinstance(e['confidence'], float) and isinstance(e['source_count'], int), e\n\
print(g.number_of_nodes(), g.number_of_edges(), n['type'], n['name'], e['source_count'])\n";
        let run = std::process::Command::new(&python)
            .arg("-c")
            .arg(script)
            .arg(&out)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", python.display()));
        let stdout = String::from_utf8_lossy(&run.stdout);
        assert!(
            run.status.success(),
            "networkx failed: {}{}",
            stdout,
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(stdout.trim(), "10 11 armed_group Crimson Lantern Brigade 2");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn unwritable_path_is_an_error_not_a_panic() {
        let kb = lantern();
        let dir = tmpdir("blocked");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("plain-file");
        std::fs::write(&file, "x").unwrap();
        // A path below a regular file cannot be created.
        let err = export(&kb, ExportFormat::Jsonl, &file.join("out.jsonl")).unwrap_err();
        assert!(matches!(err, ReportError::Io { .. }), "{err}");
        let err = export(&kb, ExportFormat::Csv, &file.join("csvdir")).unwrap_err();
        assert!(err.to_string().contains("csvdir"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
