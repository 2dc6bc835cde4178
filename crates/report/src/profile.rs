//! Profiles of one entity in the shape analysts use for group profiles:
//! names, formation, leadership, size over time, sponsors and allies,
//! trainers, adversaries, areas of activity, members, a dated timeline, open
//! contradictions and sources. Every statement carries footnotes to its
//! evidence sentences. Sections appear only when they have content, so the
//! same code profiles persons (roles, memberships, events) and countries
//! (leaders, sponsored groups, allies, adversaries).

use crate::dates;
use crate::graph::Graph;
use crate::html::{esc, md, STYLE};
use crate::snapshot::{short_doc_id, Snapshot};
use crate::{credibility_label, format_enum, reliability_label, svg, Result};
use dossier_doc::{AttributeName, Edtf, EntityType, EventType, RelationType, Role};
use dossier_kb::{
    AliasRecord, AttributeRecord, EntityRecord, EventRecord, EvidenceRecord, RelationRecord, Store,
};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

format_enum!(
    /// Output formats of a profile.
    ProfileFormat {
        /// Markdown with footnotes.
        Markdown => ["md", "markdown"],
        /// One self-contained HTML page with inline SVG figures.
        Html => ["html"],
        /// The structured profile as JSON.
        Json => ["json"],
    }
);

/// The profile of `entity` in `format`.
pub fn profile(store: &dyn Store, entity: i64, format: ProfileFormat) -> Result<String> {
    let snap = Snapshot::around_named(store, entity)?;
    let p = Profile::build(&snap, entity).ok_or(crate::ReportError::NoEntity(entity))?;
    Ok(match format {
        ProfileFormat::Markdown => p.to_markdown(),
        ProfileFormat::Html => p.to_html(&snap),
        ProfileFormat::Json => serde_json::to_string_pretty(&p)? + "\n",
    })
}

/// A structured profile, ready to render.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    /// The entity's id.
    pub id: i64,
    /// Its type.
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Canonical name.
    pub name: String,
    /// Other names with the documents that use them.
    pub aliases: Vec<AliasRecord>,
    /// Mentions across documents.
    pub mention_count: usize,
    /// Documents mentioning it.
    pub document_count: usize,
    /// Sections with content, in reading order.
    pub sections: Vec<Section>,
    /// Footnotes: evidence sentences, numbered from 1.
    pub notes: Vec<Note>,
    /// Documents cited, numbered from 1 (`S1`…).
    pub sources: Vec<Source>,
}

/// A section of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Stable key (`formation`, `leadership`…).
    pub key: String,
    /// Heading.
    pub title: String,
    /// Statements.
    pub items: Vec<Item>,
}

/// One statement of a profile.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    /// What it is about (a name, a date), shown in bold.
    pub label: String,
    /// The statement.
    pub detail: String,
    /// Entity the label names, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<i64>,
    /// Date (EDTF) of the statement, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Edtf>,
    /// Footnote numbers of its evidence.
    pub notes: Vec<usize>,
    /// Source numbers of documents it rests on without a sentence (aliases).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<usize>,
}

/// A footnote: one evidence sentence.
#[derive(Debug, Clone, Serialize)]
pub struct Note {
    /// Its number.
    pub n: usize,
    /// Source number of its document.
    pub source: usize,
    /// Document id.
    pub document: String,
    /// Sentence index in the document (0-based; Markdown and HTML show it 1-based).
    pub sentence: usize,
    /// The sentence.
    pub text: String,
    /// Date of a source the sentence cites.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cited: Option<Edtf>,
}

/// A cited document.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Its number (`S1`…).
    pub n: usize,
    /// Document id.
    pub id: String,
    /// Title (or source, path or short id).
    pub label: String,
    /// Source name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Publication date (EDTF).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<Edtf>,
    /// URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Admiralty reliability grade A–F.
    pub reliability: char,
}

/// Assigns footnote and source numbers in order of first use.
struct Citer<'a> {
    snap: &'a Snapshot,
    notes: Vec<Note>,
    by_key: BTreeMap<(String, usize), usize>,
    sources: Vec<Source>,
    by_doc: BTreeMap<String, usize>,
}

impl<'a> Citer<'a> {
    fn new(snap: &'a Snapshot) -> Self {
        Citer {
            snap,
            notes: Vec::new(),
            by_key: BTreeMap::new(),
            sources: Vec::new(),
            by_doc: BTreeMap::new(),
        }
    }

    fn source(&mut self, doc: &str) -> usize {
        if let Some(n) = self.by_doc.get(doc) {
            return *n;
        }
        let n = self.sources.len() + 1;
        let rec = self.snap.documents.get(doc);
        self.sources.push(Source {
            n,
            id: doc.to_string(),
            label: self.snap.document_label(doc),
            source: rec.and_then(|d| d.source.clone()),
            published: rec.and_then(|d| d.published),
            url: rec.and_then(|d| d.url.clone()),
            reliability: rec.map(|d| d.reliability).unwrap_or('F'),
        });
        self.by_doc.insert(doc.to_string(), n);
        n
    }

    fn cite(&mut self, evidence: &[EvidenceRecord]) -> Vec<usize> {
        let mut out = Vec::new();
        for e in evidence {
            let key = (e.document.clone(), e.sentence);
            let n = match self.by_key.get(&key) {
                Some(n) => *n,
                None => {
                    let source = self.source(&e.document);
                    let n = self.notes.len() + 1;
                    self.notes.push(Note {
                        n,
                        source,
                        document: e.document.clone(),
                        sentence: e.sentence,
                        text: e.text.trim().to_string(),
                        cited: e.cited,
                    });
                    self.by_key.insert(key, n);
                    n
                }
            };
            if !out.contains(&n) {
                out.push(n);
            }
        }
        out
    }
}

/// Which side of a relation the profiled entity is on.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    /// The entity is the source; the item names the target.
    Out,
    /// The entity is the target; the item names the source.
    In,
    /// Either (symmetric relations).
    Any,
}

/// Relation-driven sections: key, title, and the (type, side, phrase) they collect.
/// One relation-driven section: key, title, and the (type, side, phrase) it collects.
type RelSection = (
    &'static str,
    &'static str,
    &'static [(RelationType, Side, &'static str)],
);

const REL_SECTIONS: &[RelSection] = &[
    (
        "leadership",
        "Leadership",
        &[(RelationType::LeaderOf, Side::In, "leader")],
    ),
    (
        "roles",
        "Roles and positions",
        &[
            (RelationType::LeaderOf, Side::Out, "leader of"),
            (RelationType::FounderOf, Side::Out, "founder of"),
        ],
    ),
    (
        "memberships",
        "Memberships",
        &[(RelationType::MemberOf, Side::Out, "member of")],
    ),
    (
        "nationality",
        "Nationality",
        &[(RelationType::CitizenOf, Side::Out, "citizen of")],
    ),
    (
        "sponsors",
        "Sponsors and backers",
        &[(RelationType::SponsorOf, Side::In, "sponsor")],
    ),
    (
        "allies",
        "Allies",
        &[(RelationType::AllyOf, Side::Any, "ally")],
    ),
    (
        "sponsored",
        "Sponsored and backed actors",
        &[(RelationType::SponsorOf, Side::Out, "sponsors")],
    ),
    (
        "trainers",
        "Trainers",
        &[(RelationType::TrainerOf, Side::In, "trainer")],
    ),
    (
        "trained",
        "Trained actors",
        &[(RelationType::TrainerOf, Side::Out, "trained")],
    ),
    (
        "adversaries",
        "Adversaries",
        &[(RelationType::HostileTo, Side::Any, "hostile")],
    ),
    (
        "areas",
        "Areas of activity",
        &[
            (RelationType::BasedIn, Side::Out, "based in"),
            (RelationType::ActiveIn, Side::Out, "active in"),
        ],
    ),
    (
        "location",
        "Located in",
        &[(RelationType::LocatedIn, Side::Out, "located in")],
    ),
    (
        "present",
        "Actors based or active here",
        &[
            (RelationType::BasedIn, Side::In, "based here"),
            (RelationType::ActiveIn, Side::In, "active here"),
        ],
    ),
    (
        "places",
        "Places within",
        &[(RelationType::LocatedIn, Side::In, "located here")],
    ),
    (
        "members",
        "Members and associates",
        &[(RelationType::MemberOf, Side::In, "member")],
    ),
    (
        "citizens",
        "Citizens",
        &[(RelationType::CitizenOf, Side::In, "citizen")],
    ),
];

/// Human words for an entity type.
pub fn type_words(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "person",
        EntityType::ArmedGroup => "armed group",
        EntityType::Organization => "organization",
        EntityType::Country => "country",
        EntityType::Location => "location",
        EntityType::Facility => "facility",
        EntityType::GroupIdentity => "group identity",
    }
}

/// An attribute value for reading: `20~` → "about 20", EDTF dates described.
pub fn value_words(name: &str, value: &str) -> String {
    let v = value.trim();
    if let Some(n) = v.strip_suffix('~') {
        if n.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
            && !n.is_empty()
        {
            return format!("about {n}");
        }
    }
    if let Some(n) = v.strip_suffix('+') {
        if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) {
            return format!("more than {n}");
        }
    }
    if (name == "founded" || name.ends_with("date")) && dates::span(v).is_some() {
        return dates::describe(v);
    }
    v.to_string()
}

fn confidence_words(conf: f32, cred: u8) -> String {
    format!("confidence {:.2}, {}", conf, credibility_label(cred))
}

/// A one-line account of an event: what, by whom, to whom, where, toll, modality.
pub fn event_summary(snap: &Snapshot, e: &EventRecord) -> String {
    let mut s = String::new();
    let what = match e.etype {
        EventType::Sentence => "sentencing".to_string(),
        other => other.as_str().replace('_', " "),
    };
    if e.attempted {
        s.push_str("attempted ");
    }
    s.push_str(&what);
    let trigger = e.trigger.trim().replace('_', " ");
    if !trigger.is_empty() && trigger != what && trigger != e.etype.as_str().replace('_', " ") {
        let _ = write!(s, " (“{}”)", e.trigger.trim());
    }
    let names = |role: Role| -> Vec<String> {
        e.participants
            .iter()
            .filter(|p| p.role == role)
            .map(|p| snap.name(p.entity))
            .collect()
    };
    let against = matches!(
        e.etype,
        EventType::Attack
            | EventType::Plot
            | EventType::ArmedConflict
            | EventType::Statement
            | EventType::Protest
            | EventType::Crackdown
    );
    let at_site = e.participants.iter().any(|p| {
        p.role == Role::Location
            && snap
                .entities
                .get(&p.entity)
                .is_some_and(|x| x.etype == EntityType::Facility)
    });
    for (role, word) in [
        (Role::Agent, "by"),
        (Role::Target, if against { "against" } else { "of" }),
        (Role::Participant, "with"),
        (Role::Location, if at_site { "at" } else { "in" }),
    ] {
        let n = names(role);
        if !n.is_empty() {
            let _ = write!(s, " {word} {}", join_and(&n));
        }
    }
    let mut toll = Vec::new();
    if let Some(k) = e.fatalities {
        toll.push(format!("{k} killed"));
    }
    if let Some(w) = e.injured {
        toll.push(format!("{w} injured"));
    }
    if !toll.is_empty() {
        let _ = write!(s, "; {}", toll.join(", "));
    }
    if let Some(m) = e.modality {
        let _ = write!(s, "; {m}");
    }
    // Capitalize the first letter.
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn join_and(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        _ => format!("{} and {}", v[..v.len() - 1].join(", "), v[v.len() - 1]),
    }
}

fn sources_phrase(n: usize) -> String {
    if n == 1 {
        "1 source".into()
    } else {
        format!("{n} sources")
    }
}

impl Profile {
    /// Builds the profile of `id` from a snapshot (`None` if the entity is not in it).
    pub fn build(snap: &Snapshot, id: i64) -> Option<Profile> {
        let ent = snap.entities.get(&id)?;
        let mut c = Citer::new(snap);
        let mut sections = Vec::new();
        let mut push = |key: &str, title: &str, items: Vec<Item>| {
            if !items.is_empty() {
                sections.push(Section {
                    key: key.into(),
                    title: title.into(),
                    items,
                });
            }
        };
        // Items are built in the order of the sections: that order numbers
        // the sources and notes.
        push("names", "Names and aliases", name_items(&mut c, ent));
        let facts = Facts::of(snap, id);
        push("formation", "Formation", formation_items(&mut c, &facts));
        // Roles also include stated titles.
        let mut role_items = title_items(&mut c, &facts.attrs);
        for (key, title, specs) in REL_SECTIONS {
            let mut items = if *key == "roles" {
                std::mem::take(&mut role_items)
            } else {
                Vec::new()
            };
            for (rtype, side, phrase) in *specs {
                for r in facts.rels.iter().filter(|r| r.rtype == *rtype) {
                    let other = match side {
                        Side::Out if r.source == id => r.target,
                        Side::In if r.target == id => r.source,
                        Side::Any if r.source == id => r.target,
                        Side::Any if r.target == id => r.source,
                        _ => continue,
                    };
                    if other == id {
                        continue;
                    }
                    items.push(rel_item(snap, &mut c, r, other, phrase));
                }
            }
            push(key, title, items);
            if *key == "nationality" {
                // Size over time sits after who the entity is and before who backs it.
                push("size", "Size over time", size_items(&mut c, &facts.attrs));
            }
        }
        push(
            "attributes",
            "Other attributes",
            other_attribute_items(&mut c, &facts.attrs),
        );
        push(
            "timeline",
            "Timeline",
            timeline_items(&mut c, &facts.events),
        );
        push(
            "contradictions",
            "Open contradictions",
            contradiction_items(&mut c, id),
        );

        Some(Profile {
            id,
            etype: ent.etype,
            name: ent.name.clone(),
            aliases: ent.aliases.clone(),
            mention_count: ent.mention_count,
            document_count: ent.document_count,
            sections,
            notes: c.notes,
            sources: c.sources,
        })
    }

    fn header_line(&self) -> String {
        format!(
            "{} · entity #{} · {} mention{} in {} document{}",
            type_words(self.etype),
            self.id,
            self.mention_count,
            if self.mention_count == 1 { "" } else { "s" },
            self.document_count,
            if self.document_count == 1 { "" } else { "s" }
        )
    }

    /// Markdown with `[^n]` footnotes.
    pub fn to_markdown(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(o, "# {}\n\n*{}*\n", md(&self.name), self.header_line());
        for s in &self.sections {
            let _ = writeln!(o, "## {}\n", s.title);
            for it in &s.items {
                let _ = write!(o, "- **{}** — {}", md(&it.label), md(&it.detail));
                if !it.sources.is_empty() {
                    let v: Vec<String> = it.sources.iter().map(|n| format!("S{n}")).collect();
                    let _ = write!(o, " (in {})", v.join(", "));
                }
                for n in &it.notes {
                    let _ = write!(o, "[^{n}]");
                }
                o.push('\n');
            }
            o.push('\n');
        }
        if !self.sources.is_empty() {
            o.push_str("## Sources\n\n");
            for s in &self.sources {
                let _ = write!(o, "- **S{}** — *{}*", s.n, md(&s.label));
                if let Some(src) = &s.source {
                    if *src != s.label {
                        let _ = write!(o, ", {}", md(src));
                    }
                }
                if let Some(p) = &s.published {
                    let _ = write!(o, ", published {}", md(&dates::describe_edtf(p)));
                }
                let _ = write!(
                    o,
                    "; reliability {} ({})",
                    s.reliability,
                    reliability_label(s.reliability)
                );
                if let Some(u) = &s.url {
                    // Only http(s) addresses become autolinks; others stay text.
                    match crate::html::http_url(u) {
                        Some(u) => {
                            let _ = write!(o, "; <{}>", u.replace(['<', '>', ' '], ""));
                        }
                        None => {
                            let _ = write!(o, "; {}", md(u));
                        }
                    }
                }
                let _ = writeln!(o, "; `{}`", short_doc_id(&s.id));
            }
            o.push('\n');
        }
        for n in &self.notes {
            let _ = write!(
                o,
                "[^{}]: “{}” — S{}, sentence {}",
                n.n,
                md(&n.text),
                n.source,
                n.sentence + 1
            );
            if let Some(c) = &n.cited {
                let _ = write!(o, " (citing a source of {})", md(&dates::describe_edtf(c)));
            }
            o.push_str(".\n");
        }
        o
    }

    /// One self-contained HTML page with an SVG network and an SVG timeline.
    pub fn to_html(&self, snap: &Snapshot) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} — profile</title>\n<style>{}</style>\n</head>\n<body>",
            esc(&self.name),
            STYLE
        );
        let _ = writeln!(
            o,
            "<h1>{}</h1>\n<p class=\"meta\">{}</p>",
            esc(&self.name),
            esc(&self.header_line())
        );
        let graph = Graph::from_snapshot(snap, Some(self.id), true);
        let network = (!graph.edges.is_empty()).then(|| svg::network(&graph));
        for s in &self.sections {
            let _ = writeln!(
                o,
                "<section id=\"{}\">\n<h2>{}</h2>",
                esc(&s.key),
                esc(&s.title)
            );
            if s.key == "timeline" {
                let rows: Vec<svg::TimeRow> = s
                    .items
                    .iter()
                    .map(|it| svg::TimeRow {
                        label: it.detail.clone(),
                        date: it.date,
                    })
                    .collect();
                let _ = writeln!(o, "<div class=\"figure\">{}</div>", svg::timeline(&rows));
            }
            o.push_str("<ul>\n");
            for it in &s.items {
                let _ = write!(
                    o,
                    "<li><strong>{}</strong> — {}",
                    esc(&it.label),
                    esc(&it.detail)
                );
                if !it.sources.is_empty() {
                    let v: Vec<String> = it
                        .sources
                        .iter()
                        .map(|n| format!("<a href=\"#src-{n}\">S{n}</a>"))
                        .collect();
                    let _ = write!(o, " (in {})", v.join(", "));
                }
                for n in &it.notes {
                    let _ = write!(o, "<sup><a href=\"#fn-{n}\">[{n}]</a></sup>");
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ul>\n</section>\n");
            if s.key == "names" {
                if let Some(svg) = &network {
                    let _ = writeln!(
                        o,
                        "<section id=\"network\">\n<h2>Network</h2>\n<div class=\"figure\">{svg}</div>\n</section>"
                    );
                }
            }
        }
        if !self.sources.is_empty() {
            o.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ol>\n");
            for s in &self.sources {
                let _ = write!(
                    o,
                    "<li id=\"src-{}\"><strong>S{}</strong> — <em>{}</em>",
                    s.n,
                    s.n,
                    esc(&s.label)
                );
                if let Some(src) = s.source.as_ref().filter(|x| **x != s.label) {
                    let _ = write!(o, ", {}", esc(src));
                }
                if let Some(p) = &s.published {
                    let _ = write!(o, ", published {}", esc(&dates::describe_edtf(p)));
                }
                let _ = write!(
                    o,
                    "; reliability {} ({})",
                    esc(&s.reliability.to_string()),
                    reliability_label(s.reliability)
                );
                if let Some(u) = &s.url {
                    // Only http(s) addresses become links; others stay text.
                    match crate::html::http_url(u) {
                        Some(u) => {
                            let _ = write!(o, "; <a href=\"{}\">{}</a>", esc(u), esc(u));
                        }
                        None => {
                            let _ = write!(o, "; {}", esc(u));
                        }
                    }
                }
                let _ = writeln!(o, "; <code>{}</code></li>", esc(&short_doc_id(&s.id)));
            }
            o.push_str("</ol>\n</section>\n");
        }
        if !self.notes.is_empty() {
            o.push_str("<section id=\"notes\">\n<h2>Notes</h2>\n<ol class=\"notes\">\n");
            for n in &self.notes {
                let _ = write!(
                    o,
                    "<li id=\"fn-{}\">“{}” — <a href=\"#src-{}\">S{}</a>, sentence {}",
                    n.n,
                    esc(&n.text),
                    n.source,
                    n.source,
                    n.sentence + 1
                );
                if let Some(c) = &n.cited {
                    let _ = write!(o, " (citing a source of {})", esc(&dates::describe_edtf(c)));
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ol>\n</section>\n");
        }
        o.push_str("</body>\n</html>\n");
        o
    }
}

/// The facts of the snapshot about one entity: its attributes, the
/// relations it is a side of, and the events it takes part in (by date).
struct Facts<'a> {
    snap: &'a Snapshot,
    id: i64,
    attrs: Vec<&'a AttributeRecord>,
    rels: Vec<&'a RelationRecord>,
    events: Vec<&'a EventRecord>,
}

impl<'a> Facts<'a> {
    fn of(snap: &'a Snapshot, id: i64) -> Facts<'a> {
        let attrs: Vec<&AttributeRecord> =
            snap.attributes.iter().filter(|a| a.entity == id).collect();
        let rels: Vec<&RelationRecord> = snap
            .relations
            .iter()
            .filter(|r| r.source == id || r.target == id)
            .collect();
        let mut events: Vec<&EventRecord> = snap
            .events
            .iter()
            .filter(|e| e.participants.iter().any(|p| p.entity == id))
            .collect();
        events.sort_by(|a, b| {
            dates::sort_key(a.date.as_ref())
                .cmp(&dates::sort_key(b.date.as_ref()))
                .then(a.id.cmp(&b.id))
        });

        Facts {
            snap,
            id,
            attrs,
            rels,
            events,
        }
    }
}

/// Names and aliases: the canonical name, then each alias with its sources.
fn name_items(c: &mut Citer, ent: &EntityRecord) -> Vec<Item> {
    let mut names = vec![Item {
        label: ent.name.clone(),
        detail: format!("canonical name; {}", type_words(ent.etype)),
        entity: None,
        date: None,
        notes: vec![],
        sources: vec![],
    }];
    for a in &ent.aliases {
        let sources: Vec<usize> = a.documents.iter().map(|d| c.source(d)).collect();
        names.push(Item {
            label: a.name.clone(),
            detail: "alias".into(),
            entity: None,
            date: None,
            notes: vec![],
            sources,
        });
    }
    names
}

/// Formation: founding date, founders, founding events.
fn formation_items(c: &mut Citer, facts: &Facts) -> Vec<Item> {
    let (snap, id) = (facts.snap, facts.id);
    let (attrs, rels, events) = (&facts.attrs, &facts.rels, &facts.events);
    let mut formation = Vec::new();
    for a in attrs.iter().filter(|a| a.name == AttributeName::Founded) {
        formation.push(Item {
            label: "Founded".into(),
            detail: format!(
                "{}; {}",
                value_words("founded", &a.value),
                confidence_words(a.confidence, a.credibility)
            ),
            entity: None,
            // a founded value is EDTF; one an analyst wrote otherwise is undated here
            date: a.value.parse().ok(),
            notes: c.cite(&a.evidence),
            sources: vec![],
        });
    }
    for r in rels
        .iter()
        .filter(|r| r.rtype == RelationType::FounderOf && r.target == id)
    {
        formation.push(rel_item(snap, c, r, r.source, "founder"));
    }
    for e in events.iter().filter(|e| {
        e.etype == EventType::Founding
            && e.participants
                .iter()
                .any(|p| p.entity == id && p.role != Role::Agent)
    }) {
        let places: Vec<String> = e
            .participants
            .iter()
            .filter(|p| p.role == Role::Location)
            .map(|p| snap.name(p.entity))
            .collect();
        let mut detail = event_summary(snap, e);
        if let Some(d) = &e.date {
            let _ = write!(detail, "; {}", dates::describe_edtf(d));
        }
        let _ = write!(
            detail,
            "; {}",
            confidence_words(e.confidence, e.credibility)
        );
        formation.push(Item {
            label: if places.is_empty() {
                "Founding".into()
            } else {
                format!("Founded in {}", join_and(&places))
            },
            detail,
            entity: None,
            date: e.date,
            notes: c.cite(&e.evidence),
            sources: vec![],
        });
    }
    formation
}

/// The stated titles (the first items of the roles section).
fn title_items(c: &mut Citer, attrs: &[&AttributeRecord]) -> Vec<Item> {
    attrs
        .iter()
        .filter(|a| a.name == AttributeName::Title)
        .map(|a| {
            let detail = format!(
                "title{}; {}",
                date_suffix(a),
                confidence_words(a.confidence, a.credibility)
            );
            attribute_item(c, a, a.value.clone(), detail)
        })
        .collect()
}

/// Size over time: the member counts, by date.
fn size_items(c: &mut Citer, attrs: &[&AttributeRecord]) -> Vec<Item> {
    let mut sizes: Vec<&&AttributeRecord> = attrs
        .iter()
        .filter(|a| a.name == AttributeName::MemberCount)
        .collect();
    sizes.sort_by(|a, b| {
        dates::sort_key(a.date.as_ref())
            .cmp(&dates::sort_key(b.date.as_ref()))
            .then(a.id.cmp(&b.id))
    });
    sizes
        .into_iter()
        .map(|a| {
            let label = a
                .date
                .as_ref()
                .map(dates::describe_edtf)
                .unwrap_or_else(|| "undated".into());
            let detail = format!(
                "{} members; {}",
                value_words(a.name.as_str(), &a.value),
                confidence_words(a.confidence, a.credibility)
            );
            attribute_item(c, a, label, detail)
        })
        .collect()
}

/// The attributes no other section shows.
fn other_attribute_items(c: &mut Citer, attrs: &[&AttributeRecord]) -> Vec<Item> {
    attrs
        .iter()
        .filter(|a| {
            !matches!(
                a.name.known(),
                Some(AttributeName::Founded | AttributeName::Title | AttributeName::MemberCount)
            )
        })
        .map(|a| {
            let detail = format!(
                "{}{}; {}",
                value_words(a.name.as_str(), &a.value),
                date_suffix(a),
                confidence_words(a.confidence, a.credibility)
            );
            attribute_item(c, a, a.name.as_str().replace('_', " "), detail)
        })
        .collect()
}

/// An attribute's item: dated with the attribute, citing its evidence.
fn attribute_item(c: &mut Citer, a: &AttributeRecord, label: String, detail: String) -> Item {
    Item {
        label,
        detail,
        entity: None,
        date: a.date,
        notes: c.cite(&a.evidence),
        sources: vec![],
    }
}

/// ", DATE" in words for a dated attribute, nothing for an undated one.
fn date_suffix(a: &AttributeRecord) -> String {
    a.date
        .as_ref()
        .map(|d| format!(", {}", dates::describe_edtf(d)))
        .unwrap_or_default()
}

/// The entity's events, by date.
fn timeline_items(c: &mut Citer, events: &[&EventRecord]) -> Vec<Item> {
    let snap = c.snap;
    events
        .iter()
        .map(|e| Item {
            label: e
                .date
                .as_ref()
                .map(dates::describe_edtf)
                .unwrap_or_else(|| "undated".into()),
            detail: format!(
                "{}; {}",
                event_summary(snap, e),
                confidence_words(e.confidence, e.credibility)
            ),
            entity: None,
            date: e.date,
            notes: c.cite(&e.evidence),
            sources: vec![],
        })
        .collect()
}

/// Open contradictions: each value with the values it conflicts with.
fn contradiction_items(c: &mut Citer, id: i64) -> Vec<Item> {
    let snap = c.snap;
    let mut contra = Vec::new();
    for k in snap.contradictions.iter().filter(|k| k.entity == id) {
        for (i, v) in k.values.iter().enumerate() {
            let others: Vec<String> = k
                .values
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| value_words(o.name.as_str(), &o.value))
                .collect();
            let date = v
                .date
                .as_ref()
                .map(|d| format!(" as of {}", dates::describe_edtf(d)))
                .unwrap_or_default();
            contra.push(Item {
                label: k.what.replace('_', " "),
                detail: format!(
                    "{}{}; conflicts with {}",
                    value_words(v.name.as_str(), &v.value),
                    date,
                    if others.is_empty() {
                        "another value".into()
                    } else {
                        join_and(&others)
                    }
                ),
                entity: None,
                date: v.date,
                notes: c.cite(&v.evidence),
                sources: vec![],
            });
        }
    }
    contra
}

fn rel_item(snap: &Snapshot, c: &mut Citer, r: &RelationRecord, other: i64, phrase: &str) -> Item {
    let otype = snap
        .entities
        .get(&other)
        .map(|e| type_words(e.etype))
        .unwrap_or("entity");
    let mut detail = format!("{phrase} ({otype})");
    if let Some(d) = &r.date {
        let _ = write!(detail, ", {}", dates::describe_edtf(d));
    }
    let _ = write!(
        detail,
        "; {}; {}",
        confidence_words(r.confidence, r.credibility),
        sources_phrase(r.source_count)
    );
    Item {
        label: snap.name(other),
        detail,
        entity: Some(other),
        date: r.date,
        notes: c.cite(&r.evidence),
        sources: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkb::lantern;

    #[test]
    fn group_profile_markdown_snapshot() {
        let kb = lantern();
        let md = profile(&kb, 1, ProfileFormat::Markdown).unwrap();
        insta::assert_snapshot!("group_profile_md", md);
    }

    #[test]
    fn group_profile_has_analyst_sections_and_cites_everything() {
        let kb = lantern();
        let snap = Snapshot::around(&kb, 1).unwrap();
        let p = Profile::build(&snap, 1).unwrap();
        let keys: Vec<&str> = p.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "names",
                "formation",
                "leadership",
                "size",
                "sponsors",
                "allies",
                "trainers",
                "adversaries",
                "areas",
                "members",
                "timeline",
                "contradictions"
            ]
        );
        for s in &p.sections {
            for it in &s.items {
                assert!(
                    s.key == "names" || !it.notes.is_empty(),
                    "{}: {} has no footnote",
                    s.key,
                    it.label
                );
            }
        }
        // Sources: both documents, reliability kept; each note points at a source.
        assert_eq!(p.sources.len(), 2);
        assert!(p
            .notes
            .iter()
            .all(|n| n.source >= 1 && n.source <= p.sources.len()));
        let founders = &p.sections[1].items;
        assert!(founders
            .iter()
            .any(|i| i.label == "Oskar Varnel" && i.detail.starts_with("founder (person)")));
        let size: Vec<&str> = p.sections[3]
            .items
            .iter()
            .map(|i| i.detail.as_str())
            .collect();
        assert!(
            size[0].starts_with("14 members") && size[1].starts_with("about 20 members"),
            "{size:?}"
        );
        let timeline: Vec<&str> = p.sections[10]
            .items
            .iter()
            .map(|i| i.label.as_str())
            .collect();
        assert_eq!(
            timeline,
            [
                "2015 (approx.)",
                "early 2016 (2016-01/2016-04)",
                "3 July 2018",
                "undated"
            ]
        );
    }

    #[test]
    fn person_and_country_profiles_show_their_own_sections() {
        let kb = lantern();
        let snap = Snapshot::around(&kb, 2).unwrap();
        let p = Profile::build(&snap, 2).unwrap();
        let keys: Vec<&str> = p.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["names", "roles", "nationality", "timeline"]);
        let roles: Vec<&str> = p.sections[1]
            .items
            .iter()
            .map(|i| i.label.as_str())
            .collect();
        assert_eq!(
            roles,
            [
                "cleric",
                "Crimson Lantern Brigade",
                "Crimson Lantern Brigade"
            ]
        );

        let snap = Snapshot::around(&kb, 3).unwrap();
        let p = Profile::build(&snap, 3).unwrap();
        let keys: Vec<&str> = p.sections.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["names", "places", "citizens"]);
    }

    #[test]
    fn html_is_self_contained_with_figures_and_anchors() {
        let kb = lantern();
        let html = profile(&kb, 1, ProfileFormat::Html).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(!html.contains("<link") && !html.contains("<script") && !html.contains("src=\""));
        assert_eq!(html.matches("<svg").count(), 2, "network and timeline");
        assert!(html.contains("href=\"#fn-1\"") && html.contains("id=\"fn-1\""));
        assert!(html.contains("id=\"src-2\""));
        assert!(html.contains("Crimson Lantern Brigade"));
    }

    #[test]
    fn json_profile_parses() {
        let kb = lantern();
        let j = profile(&kb, 1, ProfileFormat::Json).unwrap();
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["type"], "armed_group");
        assert_eq!(v["sections"][0]["key"], "names");
        assert!(v["notes"].as_array().unwrap().len() >= 8);
    }

    #[test]
    fn unknown_entity_is_an_error() {
        let kb = lantern();
        assert!(matches!(
            profile(&kb, 99, ProfileFormat::Markdown),
            Err(crate::ReportError::NoEntity(99))
        ));
    }

    #[test]
    fn values_read_well() {
        assert_eq!(value_words("member_count", "20~"), "about 20");
        assert_eq!(value_words("member_count", "100+"), "more than 100");
        assert_eq!(
            value_words("founded", "2016-01/2016-04"),
            "early 2016 (2016-01/2016-04)"
        );
        assert_eq!(value_words("title", "mayor of Ostrel"), "mayor of Ostrel");
    }
}
