//! Hand-built documents about fictional groups, people and places, for the
//! server's tests and its latency benchmark (`examples/serve_latency.rs`).
//! No pipeline runs: each document states its entities, relations and
//! events directly, so a knowledge base of thousands of documents is built
//! in seconds.

use dossier_doc::{Doc, EntityType, EventType, RelationType, Role};
use dossier_kb::testing;
use dossier_kb::{IngestOptions, SqliteStore, Store};

/// A document of whole sentences joined by spaces.
pub fn doc(id: &str, title: &str, sentences: &[&str]) -> Doc {
    let mut d = testing::doc(id, sentences);
    d.meta.title = Some(title.into());
    d.meta.published = Some("2022-02".parse().unwrap());
    d.meta.source = Some("Fictional Monitor".into());
    d
}

pub use testing::entity;

/// Adds a relation stated by sentence `sentence`.
pub fn relation(d: &mut Doc, rtype: RelationType, source: usize, target: usize, sentence: usize) {
    testing::relation(d, rtype, source, target, &[sentence], None)
}

/// Adds an event told by sentence `sentence`.
pub fn event(
    d: &mut Doc,
    etype: EventType,
    date: Option<&str>,
    participants: &[(Role, usize)],
    sentence: usize,
) {
    testing::event(d, etype, date, participants, sentence);
}

/// The Red Dune Brigade's founding and its attack on Karsk.
pub fn red_dune() -> Doc {
    let mut d = doc(
        "doc-red-dune",
        "The Red Dune Brigade in Karsk",
        &[
            "The Red Dune Brigade was founded by Tomas Arvel in 2019.",
            "In March 2021 the Red Dune Brigade attacked a checkpoint in Karsk.",
            "Tomas Arvel leads the Red Dune Brigade from Karsk.",
        ],
    );
    let g = entity(&mut d, EntityType::ArmedGroup, &["Red Dune Brigade"]);
    let p = entity(&mut d, EntityType::Person, &["Tomas Arvel"]);
    let k = entity(&mut d, EntityType::Location, &["Karsk"]);
    relation(&mut d, RelationType::FounderOf, p, g, 0);
    relation(&mut d, RelationType::LeaderOf, p, g, 2);
    event(
        &mut d,
        EventType::Attack,
        Some("2021-03"),
        &[(Role::Agent, g), (Role::Location, k)],
        1,
    );
    d
}

/// A second report naming the group differently ("the Dune Front"), so
/// an analyst has two entities to merge.
pub fn dune_front() -> Doc {
    let mut d = doc(
        "doc-dune-front",
        "Raids near Velmora",
        &[
            "The Dune Front raided a depot near Velmora in 2022.",
            "Witnesses said the Dune Front withdrew to Karsk.",
        ],
    );
    let g = entity(&mut d, EntityType::ArmedGroup, &["Dune Front"]);
    let v = entity(&mut d, EntityType::Location, &["Velmora"]);
    entity(&mut d, EntityType::Location, &["Karsk"]);
    event(
        &mut d,
        EventType::Attack,
        Some("2022"),
        &[(Role::Agent, g), (Role::Location, v)],
        0,
    );
    d
}

/// The payloads a hostile document carries in its names, text and metadata.
pub const HOSTILE: [&str; 3] = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
];

/// A hostile document: script tags, event handlers and `javascript:` URLs
/// in its title, URL, entity names and text.
pub fn hostile() -> Doc {
    let mut d = doc(
        "doc-hostile",
        "<script>alert('x')</script> report",
        &[
            "The <img src=x onerror=alert(1)> Brigade met in Karsk.",
            "Visit javascript:alert(1) for more, said the <script>alert('x')</script> Front.",
        ],
    );
    d.meta.url = Some("javascript:alert(1)".into());
    d.meta.source = Some("<b onmouseover=alert(1)>".into());
    let g = entity(
        &mut d,
        EntityType::ArmedGroup,
        &["<img src=x onerror=alert(1)> Brigade"],
    );
    let f = entity(
        &mut d,
        EntityType::ArmedGroup,
        &["<script>alert('x')</script> Front"],
    );
    let k = entity(&mut d, EntityType::Location, &["Karsk"]);
    relation(&mut d, RelationType::AllyOf, g, f, 1);
    event(
        &mut d,
        EventType::Meeting,
        Some("2023"),
        &[(Role::Participant, g), (Role::Location, k)],
        0,
    );
    d
}

/// An in-memory knowledge base of `docs`.
pub fn store_of(docs: &[Doc]) -> SqliteStore {
    let mut s = SqliteStore::open_in_memory().expect("in-memory database");
    for d in docs {
        s.ingest(d, &IngestOptions::default()).expect("ingest");
    }
    s
}

const GROUP_WORDS: [&str; 12] = [
    "Red", "Dune", "Iron", "Salt", "Amber", "Granite", "Northern", "Silent", "Ash", "Cobalt",
    "Lantern", "Ember",
];
const GROUP_NOUNS: [&str; 6] = [
    "Brigade",
    "Front",
    "Legion",
    "Movement",
    "Battalion",
    "Guard",
];
const PLACES: [&str; 10] = [
    "Karsk",
    "Velmora",
    "Ostrava Flats",
    "Teleni",
    "Brask",
    "Moravel",
    "Quiston",
    "Halden Ridge",
    "Sarvik",
    "Oronto Pass",
];
const GIVEN: [&str; 8] = [
    "Tomas", "Mira", "Ilan", "Soren", "Katya", "Davor", "Lena", "Ruslan",
];
const FAMILY: [&str; 8] = [
    "Arvel", "Destrin", "Korvath", "Mallan", "Petrov", "Sellick", "Varga", "Ondine",
];

/// Synthetic document `i` of a large base: a group (one of a few hundred),
/// its founder, a place, a founding and an attack with dates spread over
/// twenty years. Deterministic in `i`.
pub fn synthetic(i: usize) -> Doc {
    let gname = format!(
        "{} {} {}",
        GROUP_WORDS[i % 12],
        GROUP_WORDS[(i / 12) % 12],
        GROUP_NOUNS[(i / 144) % 6]
    );
    let person = format!("{} {}", GIVEN[(i / 3) % 8], FAMILY[(i / 24) % 8]);
    let place = PLACES[(i * 7) % 10];
    let year = 2000 + (i % 20);
    let month = 1 + (i % 12);
    let s0 = format!("The {gname} was founded by {person} in {year}.");
    let s1 = format!(
        "In {year}-{month:02} the {gname} attacked a convoy near {place}, report {i} says."
    );
    let s2 = format!("{person} was seen in {place} with fighters of the {gname}.");
    let mut d = doc(
        &format!("synthetic-{i:05}"),
        &format!("Field report {i}: {gname}"),
        &[&s0, &s1, &s2],
    );
    let g = entity(&mut d, EntityType::ArmedGroup, &[&gname]);
    let p = entity(&mut d, EntityType::Person, &[&person]);
    let k = entity(&mut d, EntityType::Location, &[place]);
    relation(&mut d, RelationType::FounderOf, p, g, 0);
    let date = format!("{year}-{month:02}");
    event(
        &mut d,
        EventType::Attack,
        Some(&date),
        &[(Role::Agent, g), (Role::Location, k)],
        1,
    );
    d
}

/// An [`Extractor`](crate::ingest::Extractor) without the pipeline, for
/// the server's tests: a UTF-8 text file becomes a document of its lines
/// (each non-empty line one sentence, the first the title), with no
/// entities; anything else fails with the reason, naming the file, as
/// the real reader does (an empty file, bytes that are not UTF-8 text).
pub struct LinesExtractor;

impl crate::ingest::Extractor for LinesExtractor {
    fn extract(
        &self,
        name: &str,
        bytes: &[u8],
        published: Option<dossier_doc::Edtf>,
        source: Option<&str>,
    ) -> Result<crate::ingest::Extracted, String> {
        if bytes.is_empty() {
            return Err(format!("{name}: empty file"));
        }
        let text =
            std::str::from_utf8(bytes).map_err(|e| format!("{name}: not UTF-8 text ({e})"))?;
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return Err(format!("{name}: no text"));
        }
        let mut d = testing::doc(&dossier_doc::Meta::content_id(bytes), &lines);
        d.meta.title = Some(lines[0].to_string());
        d.meta.path = Some(name.to_string());
        d.meta.published = published;
        d.meta.source = source.map(String::from);
        Ok(crate::ingest::Extracted {
            doc: d,
            warnings: Vec::new(),
        })
    }
}
