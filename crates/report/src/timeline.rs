//! Timelines of events, sorted by EDTF interval (undated last), fuzzy dates
//! shown as fuzzy, filtered by overlap with a `from`/`to` window.

use crate::dates;
use crate::html::{esc, md, STYLE};
use crate::profile::event_summary;
use crate::snapshot::Snapshot;
use crate::{credibility_label, format_enum, svg, ReportError, Result};
use dossier_doc::edtf::{Date, MAX_DATE, MIN_DATE};
use dossier_doc::{Edtf, EventType, Role};
use dossier_kb::{EventRecord, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

format_enum!(
    /// Output formats of a timeline.
    TimelineFormat {
        /// Markdown list with footnotes.
        Markdown => ["md", "markdown"],
        /// CSV, one row per event.
        Csv => ["csv"],
        /// JSON array.
        Json => ["json"],
        /// One self-contained HTML page with an SVG timeline.
        Html => ["html"],
    }
);

/// The timeline of `entity`'s events (or of all events), limited to those
/// whose date overlaps `from`…`to` (either may be absent; when one is
/// given, undated events are left out).
pub fn timeline(
    store: &dyn Store,
    entity: Option<i64>,
    from: Option<&Edtf>,
    to: Option<&Edtf>,
    format: TimelineFormat,
) -> Result<String> {
    let window = window(from, to)?;
    let snap = match entity {
        Some(id) => Snapshot::around_named(store, id)?,
        // The whole base's timeline holds the events it shows, their
        // participants and the documents they cite, not the base.
        None => Snapshot::of_events(store, &|e| in_window(e, window))?,
    };
    let t = Timeline::build(&snap, entity, window);
    Ok(match format {
        TimelineFormat::Markdown => t.to_markdown(),
        TimelineFormat::Csv => t.to_csv()?,
        TimelineFormat::Json => serde_json::to_string_pretty(&t.entries)? + "\n",
        TimelineFormat::Html => t.to_html(),
    })
}

/// Whether event `e`'s date overlaps `window` (always, without one; never
/// for an undated event with one).
fn in_window(e: &EventRecord, window: Option<(Date, Date)>) -> bool {
    match window {
        None => true,
        Some(w) => e
            .date
            .map(|d| d.interval())
            .is_some_and(|iv| iv.0 <= w.1 && w.0 <= iv.1),
    }
}

/// The window `[start of from, end of to]` (first and last day); `None`
/// when neither is given.
/// An error when `from` starts after `to` ends.
pub fn window(from: Option<&Edtf>, to: Option<&Edtf>) -> Result<Option<(Date, Date)>> {
    Ok(match (from, to) {
        (None, None) => None,
        (Some(f), None) => Some((f.interval().0, MAX_DATE)),
        (None, Some(t)) => Some((MIN_DATE, t.interval().1)),
        (Some(f), Some(t)) => {
            let (start, end) = (f.interval().0, t.interval().1);
            if start > end {
                return Err(ReportError::EmptyWindow { from: *f, to: *t });
            }
            Some((start, end))
        }
    })
}

/// One evidence sentence of an entry.
#[derive(Debug, Clone, Serialize)]
pub struct EntryEvidence {
    /// Document id.
    pub document: String,
    /// Document title (or source, path).
    pub document_title: String,
    /// Sentence index.
    pub sentence: usize,
    /// The sentence.
    pub text: String,
}

/// One event on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Event id.
    pub event: i64,
    /// Date (EDTF).
    pub date: Option<dossier_doc::Edtf>,
    /// The date in words, fuzziness kept.
    pub when: String,
    /// First possible day (ISO).
    pub start: Option<String>,
    /// Last possible day (ISO).
    pub end: Option<String>,
    /// Event type.
    #[serde(rename = "type")]
    pub etype: EventType,
    /// Attempted / foiled.
    pub attempted: bool,
    /// A sentence about it.
    pub summary: String,
    /// Agents.
    pub agents: Vec<String>,
    /// Targets.
    pub targets: Vec<String>,
    /// Other participants.
    pub participants: Vec<String>,
    /// Locations.
    pub locations: Vec<String>,
    /// Killed.
    pub fatalities: Option<u32>,
    /// Injured.
    pub injured: Option<u32>,
    /// Modality.
    pub modality: Option<String>,
    /// Confidence.
    pub confidence: f32,
    /// Credibility 1–6.
    pub credibility: u8,
    /// Supporting sentences.
    pub evidence: Vec<EntryEvidence>,
}

/// A built timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// Whose (entity name), if any.
    pub subject: Option<String>,
    /// The window, if filtered.
    pub window: Option<(String, String)>,
    /// Entries in order.
    pub entries: Vec<Entry>,
}

impl Timeline {
    /// Builds the timeline from a snapshot.
    pub fn build(snap: &Snapshot, entity: Option<i64>, window: Option<(Date, Date)>) -> Timeline {
        let mut evs: Vec<&EventRecord> = snap
            .events
            .iter()
            .filter(|e| entity.map_or(true, |id| e.participants.iter().any(|p| p.entity == id)))
            .filter(|e| in_window(e, window))
            .collect();
        evs.sort_by(|a, b| {
            dates::sort_key(a.date.as_ref())
                .cmp(&dates::sort_key(b.date.as_ref()))
                .then(a.id.cmp(&b.id))
        });
        let entries = evs
            .into_iter()
            .map(|e| {
                let iv = e.date.map(|d| d.interval());
                let names = |role: Role| -> Vec<String> {
                    e.participants
                        .iter()
                        .filter(|p| p.role == role)
                        .map(|p| snap.name(p.entity))
                        .collect()
                };
                let mut seen = std::collections::BTreeSet::new();
                Entry {
                    event: e.id,
                    date: e.date,
                    when: e
                        .date
                        .as_ref()
                        .map(dates::describe_edtf)
                        .unwrap_or_else(|| "undated".into()),
                    start: iv
                        .map(|i| i.0)
                        .filter(|&d| dates::bounded(d))
                        .map(|d| d.to_string()),
                    end: iv
                        .map(|i| i.1)
                        .filter(|&d| dates::bounded(d))
                        .map(|d| d.to_string()),
                    etype: e.etype,
                    attempted: e.attempted,
                    summary: event_summary(snap, e),
                    agents: names(Role::Agent),
                    targets: names(Role::Target),
                    participants: names(Role::Participant),
                    locations: names(Role::Location),
                    fatalities: e.fatalities,
                    injured: e.injured,
                    modality: e.modality.map(|m| m.to_string()),
                    confidence: e.confidence,
                    credibility: e.credibility,
                    evidence: e
                        .evidence
                        .iter()
                        .filter(|v| seen.insert((v.document.clone(), v.sentence)))
                        .map(|v| EntryEvidence {
                            document: v.document.clone(),
                            document_title: snap.document_label(&v.document),
                            sentence: v.sentence,
                            text: v.text.trim().to_string(),
                        })
                        .collect(),
                }
            })
            .collect();
        Timeline {
            subject: entity.map(|id| snap.name(id)),
            window: window.map(|w| (w.0.to_string(), w.1.to_string())),
            entries,
        }
    }

    fn title(&self) -> String {
        let mut t = match &self.subject {
            Some(s) => format!("Timeline — {s}"),
            None => "Timeline".to_string(),
        };
        if let Some((a, b)) = &self.window {
            let a = if a.starts_with("-9999") {
                "…".to_string()
            } else {
                a.clone()
            };
            let b = if b.starts_with("9999") {
                "…".to_string()
            } else {
                b.clone()
            };
            let _ = write!(t, " ({a} to {b})");
        }
        t
    }

    /// Markdown: one bullet per event with footnotes to the evidence.
    pub fn to_markdown(&self) -> String {
        let mut o = format!("# {}\n\n", md(&self.title()));
        if self.entries.is_empty() {
            o.push_str("*No events.*\n");
            return o;
        }
        let mut notes: Vec<&EntryEvidence> = Vec::new();
        let mut num: BTreeMap<(String, usize), usize> = BTreeMap::new();
        for e in &self.entries {
            let _ = write!(
                o,
                "- **{}** — {} *({:.2}, {})*",
                md(&e.when),
                md(&e.summary),
                e.confidence,
                credibility_label(e.credibility)
            );
            for v in &e.evidence {
                let n = *num
                    .entry((v.document.clone(), v.sentence))
                    .or_insert_with(|| {
                        notes.push(v);
                        notes.len()
                    });
                let _ = write!(o, "[^{n}]");
            }
            o.push('\n');
        }
        o.push('\n');
        for (i, v) in notes.iter().enumerate() {
            let _ = writeln!(
                o,
                "[^{}]: “{}” — *{}*, sentence {}.",
                i + 1,
                md(&v.text),
                md(&v.document_title),
                v.sentence + 1
            );
        }
        o
    }

    /// CSV with one row per event.
    pub fn to_csv(&self) -> Result<String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(crate::html::csv_row([
            "event",
            "date",
            "when",
            "start",
            "end",
            "type",
            "attempted",
            "summary",
            "agents",
            "targets",
            "participants",
            "locations",
            "fatalities",
            "injured",
            "modality",
            "confidence",
            "credibility",
            "documents",
            "evidence",
        ]))?;
        for e in &self.entries {
            let docs: Vec<String> = e
                .evidence
                .iter()
                .map(|v| format!("{}#{}", v.document, v.sentence))
                .collect();
            let texts: Vec<&str> = e.evidence.iter().map(|v| v.text.as_str()).collect();
            w.write_record(crate::html::csv_row([
                e.event.to_string(),
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.when.clone(),
                e.start.clone().unwrap_or_default(),
                e.end.clone().unwrap_or_default(),
                e.etype.as_str().to_string(),
                e.attempted.to_string(),
                e.summary.clone(),
                e.agents.join("; "),
                e.targets.join("; "),
                e.participants.join("; "),
                e.locations.join("; "),
                e.fatalities.map(|x| x.to_string()).unwrap_or_default(),
                e.injured.map(|x| x.to_string()).unwrap_or_default(),
                e.modality.clone().unwrap_or_default(),
                format!("{:.2}", e.confidence),
                e.credibility.to_string(),
                docs.join(" | "),
                texts.join(" | "),
            ]))?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| ReportError::Csv(e.into_error().into()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// One self-contained HTML page: SVG timeline and a table with evidence.
    pub fn to_html(&self) -> String {
        let title = self.title();
        let mut o = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            esc(&title),
            STYLE,
            esc(&title)
        );
        let rows: Vec<svg::TimeRow> = self
            .entries
            .iter()
            .map(|e| svg::TimeRow {
                label: e.summary.clone(),
                date: e.date,
            })
            .collect();
        let _ = writeln!(o, "<div class=\"figure\">{}</div>", svg::timeline(&rows));
        o.push_str(
            "<table>\n<tr><th>When</th><th>What</th><th>Confidence</th><th>Evidence</th></tr>\n",
        );
        for e in &self.entries {
            let fuzzy = e
                .date
                .map(|d| d.to_string())
                .is_some_and(|d| d.contains(['~', '?', '%', '/']) || d.len() < 10);
            let ev: Vec<String> = e
                .evidence
                .iter()
                .map(|v| {
                    format!(
                        "“{}” <em>— {}, sentence {}</em>",
                        esc(&v.text),
                        esc(&v.document_title),
                        v.sentence + 1
                    )
                })
                .collect();
            let _ = writeln!(
                o,
                "<tr id=\"event-{}\"><td{}>{}</td><td>{}</td><td>{:.2}, {}</td><td>{}</td></tr>",
                e.event,
                if fuzzy { " class=\"fuzzy\"" } else { "" },
                esc(&e.when),
                esc(&e.summary),
                e.confidence,
                credibility_label(e.credibility),
                ev.join("<br>")
            );
        }
        o.push_str("</table>\n</body>\n</html>\n");
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkb::lantern;

    #[test]
    fn whole_timeline_markdown_snapshot() {
        let kb = lantern();
        let md = timeline(&kb, None, None, None, TimelineFormat::Markdown).unwrap();
        insta::assert_snapshot!("timeline_md", md);
    }

    #[test]
    fn sorted_by_interval_undated_last() {
        let kb = lantern();
        let t = Timeline::build(&Snapshot::load(&kb).unwrap(), None, None);
        let texts: Vec<Option<String>> = t
            .entries
            .iter()
            .map(|e| e.date.map(|d| d.to_string()))
            .collect();
        let dates: Vec<Option<&str>> = texts.iter().map(|d| d.as_deref()).collect();
        assert_eq!(
            dates,
            [
                Some("2015~"),
                Some("2016-01/2016-04"),
                Some("2018-07-03"),
                Some("2019-03"),
                None
            ]
        );
        assert_eq!(t.entries[0].when, "2015 (approx.)");
        assert_eq!(t.entries[1].start.as_deref(), Some("2016-01-01"));
        assert_eq!(t.entries[1].end.as_deref(), Some("2016-04-30"));
    }

    #[test]
    fn window_filters_by_overlap() {
        let kb = lantern();
        let e = |s: &str| Edtf::parse(s).unwrap();
        let j = timeline(
            &kb,
            None,
            Some(&e("2016-03")),
            Some(&e("2018")),
            TimelineFormat::Json,
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        let ids: Vec<i64> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"].as_i64().unwrap())
            .collect();
        assert_eq!(
            ids,
            [1, 2],
            "early 2016 overlaps March 2016; undated left out"
        );
        let j = timeline(&kb, Some(6), Some(&e("2019")), None, TimelineFormat::Json).unwrap();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&j)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let err = timeline(
            &kb,
            None,
            Some(&e("2020")),
            Some(&e("2019")),
            TimelineFormat::Json,
        );
        assert!(matches!(err, Err(ReportError::EmptyWindow { .. })));
        assert_eq!(
            err.unwrap_err().to_string(),
            "the window from 2020 to 2019 is empty: it starts after it ends"
        );
        // a season and the month it ends in overlap: a window of one month
        assert!(timeline(
            &kb,
            None,
            Some(&e("2019-21")),
            Some(&e("2019-05")),
            TimelineFormat::Json
        )
        .is_ok());
    }

    #[test]
    fn csv_and_html_render() {
        let kb = lantern();
        let csv = timeline(&kb, Some(1), None, None, TimelineFormat::Csv).unwrap();
        let mut r = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(&rows[2][1], "2018-07-03");
        assert_eq!(&rows[2][6], "true");
        assert!(rows[2][18].contains("Iren Dusk"));
        let html = timeline(&kb, Some(1), None, None, TimelineFormat::Html).unwrap();
        assert!(
            html.contains("<svg") && html.contains("class=\"fuzzy\"") && !html.contains("<script")
        );
    }
}
