//! Reports and exports over the real SQLite store: hand-built documents about
//! a fictional group are ingested, then profiled, timelined, graphed and
//! exported.

use dossier_doc::{Doc, EntityType, EventType, RelationType, Role};
use dossier_kb::testing::{self, attribute as attr, entity as ent};
use dossier_kb::{IngestOptions, SqliteStore, Store};
use dossier_report::{
    export, graph, profile, timeline, ExportFormat, GraphFormat, ProfileFormat, TimelineFormat,
};

fn doc(id: &str, title: &str, published: &str, sentences: &[&str]) -> Doc {
    let mut d = testing::doc(id, sentences);
    d.meta.title = Some(title.into());
    d.meta.published = Some(published.parse().unwrap());
    d.meta.source = Some("Imaginary Review".into());
    d
}

fn rel(
    d: &mut Doc,
    rtype: RelationType,
    source: usize,
    target: usize,
    sentence: usize,
    date: Option<&str>,
) {
    testing::relation(d, rtype, source, target, &[sentence], None);
    if let Some(r) = d.relations.last_mut() {
        r.date = date.map(|d| d.parse().unwrap());
    }
}

fn event(
    d: &mut Doc,
    etype: EventType,
    date: Option<&str>,
    participants: &[(Role, usize)],
    sentence: usize,
) {
    testing::event(d, etype, date, participants, sentence);
}

fn first() -> Doc {
    let mut d = doc(
        "sha256:e1",
        "The Ember Front in Context",
        "2021-06",
        &[
            "The Ember Front is a militia founded in Tolvar in 2012 by Mirela Quist.",
            "Mirela Quist still commands the Ember Front.",
            "The Duchy of Averon funds the Ember Front.",
            "In 2012 the group had 40 fighters.",
            "The Ember Front bombed a depot in Kessmark on March 4, 2019.",
        ],
    );
    let g = ent(&mut d, EntityType::ArmedGroup, &["Ember Front"]);
    let p = ent(&mut d, EntityType::Person, &["Mirela Quist"]);
    let t = ent(&mut d, EntityType::Location, &["Tolvar"]);
    let a = ent(&mut d, EntityType::Organization, &["Duchy of Averon"]);
    let k = ent(&mut d, EntityType::Location, &["Kessmark"]);
    rel(&mut d, RelationType::FounderOf, p, g, 0, Some("2012"));
    rel(&mut d, RelationType::BasedIn, g, t, 0, None);
    rel(&mut d, RelationType::LeaderOf, p, g, 1, None);
    rel(&mut d, RelationType::SponsorOf, a, g, 2, None);
    attr(&mut d, g, "founded", "2012", None, 0);
    attr(&mut d, g, "member_count", "40", Some("2012"), 3);
    event(
        &mut d,
        EventType::Founding,
        Some("2012"),
        &[
            (Role::Agent, p),
            (Role::Participant, g),
            (Role::Location, t),
        ],
        0,
    );
    event(
        &mut d,
        EventType::Attack,
        Some("2019-03-04"),
        &[(Role::Agent, g), (Role::Location, k)],
        4,
    );
    d
}

fn second() -> Doc {
    let mut d = doc(
        "sha256:e2",
        "Averon's Proxies",
        "2023-01",
        &[
            "Mirela Quist leads the Ember Front, which the Duchy of Averon arms.",
            "By late 2022 the Ember Front counted about 300 fighters.",
        ],
    );
    let g = ent(&mut d, EntityType::ArmedGroup, &["Ember Front"]);
    let p = ent(&mut d, EntityType::Person, &["Mirela Quist"]);
    let a = ent(&mut d, EntityType::Organization, &["Duchy of Averon"]);
    rel(&mut d, RelationType::LeaderOf, p, g, 0, None);
    rel(&mut d, RelationType::SponsorOf, a, g, 0, None);
    attr(
        &mut d,
        g,
        "member_count",
        "300~",
        Some("2022-09/2022-12"),
        1,
    );
    d
}

fn store() -> (SqliteStore, i64) {
    let mut s = SqliteStore::open_in_memory().expect("in-memory store");
    let opts = IngestOptions {
        source: None,
        reliability: Some('C'),
    };
    s.ingest(&first(), &opts).expect("ingest first");
    s.ingest(&second(), &opts).expect("ingest second");
    let g = s
        .find_entities("Ember Front")
        .expect("find")
        .into_iter()
        .find(|e| e.etype == EntityType::ArmedGroup);
    let id = g.expect("the group is stored once").id;
    (s, id)
}

#[test]
fn profile_of_a_stored_group_cites_both_documents() {
    let (s, id) = store();
    let md = profile(&s, id, ProfileFormat::Markdown).unwrap();
    for needle in [
        "# Ember Front",
        "## Formation",
        "**Mirela Quist** — founder (person)",
        "## Leadership",
        "## Size over time",
        "40 members",
        "about 300 members",
        "## Sponsors and backers",
        "**Duchy of Averon** — sponsor",
        "## Areas of activity",
        "## Timeline",
        "## Sources",
        "reliability C",
        "The Ember Front in Context",
        "Averon's Proxies",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    // Leadership rests on two documents, so two footnotes.
    let lead = md
        .lines()
        .find(|l| l.contains("— leader (person)"))
        .unwrap();
    assert_eq!(lead.matches("[^").count(), 2, "{lead}");
    let html = profile(&s, id, ProfileFormat::Html).unwrap();
    assert_eq!(html.matches("<svg").count(), 2);
}

#[test]
fn timeline_graph_and_exports_over_sqlite() {
    let (s, id) = store();
    let t = timeline(
        &s,
        Some(id),
        Some(&dossier_doc::Edtf::year(2019)),
        None,
        TimelineFormat::Csv,
    )
    .unwrap();
    assert_eq!(t.lines().count(), 2, "header and the 2019 attack:\n{t}");
    assert!(t.contains("2019-03-04"));
    let g = graph(&s, Some(id), 1, GraphFormat::Json).unwrap();
    let v: serde_json::Value = serde_json::from_str(&g).unwrap();
    assert_eq!(
        v["nodes"].as_array().unwrap().len(),
        4,
        "group, founder, sponsor, base"
    );
    let dir = std::env::temp_dir().join(format!("dossier-report-it-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let a = export(&s, ExportFormat::Stix, &dir.join("a.json")).unwrap();
    let b = export(&s, ExportFormat::Stix, &dir.join("b.json")).unwrap();
    assert_eq!(a.records, b.records);
    assert_eq!(
        std::fs::read(dir.join("a.json")).unwrap(),
        std::fs::read(dir.join("b.json")).unwrap()
    );
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("a.json")).unwrap()).unwrap();
    let objs = bundle["objects"].as_array().unwrap();
    assert_eq!(objs.iter().filter(|o| o["type"] == "report").count(), 2);
    assert_eq!(
        objs.iter().filter(|o| o["type"] == "threat-actor").count(),
        1
    );
    export(&s, ExportFormat::Csv, &dir.join("csv")).unwrap();
    assert!(dir.join("csv/entities.csv").is_file() && dir.join("csv/events.csv").is_file());
    let j = export(&s, ExportFormat::Jsonl, &dir.join("kb.jsonl")).unwrap();
    assert!(j.records >= 2 + 5 + 4 + 2);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The profile's JSON section `key`, as (label, detail) pairs.
fn section(store: &SqliteStore, id: i64, key: &str) -> Vec<(String, String)> {
    let json = profile(store, id, ProfileFormat::Json).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["key"] == key)
        .flat_map(|s| s["items"].as_array().unwrap().clone())
        .map(|i| {
            (
                i["label"].as_str().unwrap().to_string(),
                i["detail"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_count_over_time_is_a_series_and_a_disagreement_a_contradiction() {
    let (mut s, id) = store();
    // 40 fighters in 2012 and about 300 in late 2022: one series, in date
    // order with its dates, and no contradiction.
    let size = section(&s, id, "size");
    assert_eq!(size.len(), 2, "{size:?}");
    assert_eq!(size[0].0, "2012");
    assert!(size[0].1.starts_with("40 members"), "{size:?}");
    assert_eq!(size[1].0, "late 2022 (2022-09/2022-12)");
    assert!(size[1].1.starts_with("about 300 members"), "{size:?}");
    assert!(section(&s, id, "contradictions").is_empty());
    // A third source gives 2,000 for the end of 2022: that disagrees with
    // "about 300" at the same time, not with 40 in 2012.
    let mut d = doc(
        "sha256:e3",
        "The Ember Front Today",
        "2023-02",
        &["At the end of 2022 the Ember Front had 2,000 fighters."],
    );
    let g = ent(&mut d, EntityType::ArmedGroup, &["Ember Front"]);
    attr(&mut d, g, "member_count", "2000", Some("2022-12"), 0);
    s.ingest(&d, &IngestOptions::default()).unwrap();
    let contra = section(&s, id, "contradictions");
    assert_eq!(contra.len(), 2, "{contra:?}");
    assert!(contra.iter().any(|(_, d)| d.starts_with("about 300")));
    assert!(contra.iter().any(|(_, d)| d.starts_with("2000")));
    assert!(
        !contra.iter().any(|(_, d)| d.starts_with("40")),
        "{contra:?}"
    );
    assert_eq!(section(&s, id, "size").len(), 3);
}

/// JSON Lines and GraphML exports are read from the store a page at a
/// time; they write what the renderers write from the whole loaded base.
#[test]
fn streamed_exports_equal_those_of_the_loaded_base_over_sqlite() {
    let (s, _) = store();
    let dir = tempfile::tempdir().unwrap();
    let snap = dossier_report::Snapshot::load(&s).unwrap();

    let j = export(&s, ExportFormat::Jsonl, &dir.path().join("kb.jsonl")).unwrap();
    let lines = dossier_report::export::jsonl(&snap).unwrap();
    assert_eq!(j.records, lines.len());
    assert!(lines.iter().any(|l| l.contains(r#""record":"event""#)));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("kb.jsonl")).unwrap(),
        lines.join("\n") + "\n"
    );

    let g = export(&s, ExportFormat::GraphMl, &dir.path().join("kb.graphml")).unwrap();
    let whole = dossier_report::graph::Graph::from_snapshot(&snap, None, false);
    assert_eq!(g.records, whole.nodes.len() + whole.edges.len());
    assert!(!whole.edges.is_empty());
    let text = std::fs::read_to_string(dir.path().join("kb.graphml")).unwrap();
    assert_eq!(text, whole.to_graphml());
    assert_eq!(graph(&s, None, 1, GraphFormat::GraphMl).unwrap(), text);
    for format in [GraphFormat::Dot, GraphFormat::Json, GraphFormat::Svg] {
        assert_eq!(
            graph(&s, None, 1, format).unwrap(),
            whole.render(format),
            "{format:?}"
        );
    }
}

#[test]
fn issue14_stix_over_sqlite_writes_each_event_once_right_after_its_owner() {
    // The export reads the events a (type, date) bucket at a time and
    // writes each after the entity that owns it (its participant of
    // lowest id), as the per-entity reads did.
    let (s, group) = store();
    let dir = tempfile::tempdir().unwrap();
    export(&s, ExportFormat::Stix, &dir.path().join("kb.json")).unwrap();
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("kb.json")).unwrap()).unwrap();
    let objs = bundle["objects"].as_array().unwrap();
    let events = s.events(None).unwrap();
    assert!(events.len() >= 2);
    let mut written: Vec<i64> = Vec::new();
    let mut last_entity: Option<i64> = None;
    let mut previous: Option<(Option<i64>, i64)> = None;
    for o in objs {
        match o["type"].as_str().unwrap() {
            "x-dossier-event" => {
                let id = o["x_dossier_id"].as_i64().unwrap();
                let e = events.iter().find(|e| e.id == id).expect("a stored event");
                let owner = e.participants.iter().map(|p| p.entity).min();
                assert_eq!(owner, last_entity, "event {id} follows its owner");
                if let Some((o, prev)) = previous {
                    assert!(o != owner || prev < id, "one owner's events in id order");
                }
                previous = Some((owner, id));
                written.push(id);
            }
            "relationship" | "report" | "extension-definition" => {}
            _ if o["x_dossier_id"].is_i64() => last_entity = o["x_dossier_id"].as_i64(),
            _ => {}
        }
    }
    written.sort_unstable();
    let mut want: Vec<i64> = events.iter().map(|e| e.id).collect();
    want.sort_unstable();
    assert_eq!(written, want, "every event once");
    // The group is the agent of an attack.
    let actor = objs
        .iter()
        .find(|o| o["type"] == "threat-actor" && o["x_dossier_id"] == group)
        .unwrap();
    assert_eq!(
        actor["threat_actor_types"],
        serde_json::json!(["terrorist"])
    );
}
