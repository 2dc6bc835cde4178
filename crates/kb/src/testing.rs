//! Hand-built documents for tests and benchmarks of stores and of what
//! reads them (the store tests, the conformance suite, the report and
//! server tests, the latency examples): no pipeline runs, each document
//! states its entities, relations, events and attributes directly.

use dossier_doc::{
    Attribute, CharIndex, Doc, Entity, EntityType, Event, EventType, Mention, MentionKind, Meta,
    Participant, Relation, RelationType, Role, Sentence,
};

/// A document titled "Report ID" of whole sentences joined by spaces.
pub fn doc(id: &str, sentences: &[&str]) -> Doc {
    let text = sentences.join(" ");
    let mut d = Doc::new(
        Meta {
            id: id.into(),
            title: Some(format!("Report {id}")),
            ..Default::default()
        },
        text,
    );
    let mut start = 0;
    for s in sentences {
        let n = s.chars().count();
        d.sentences.push(Sentence {
            start,
            end: start + n,
            token_start: 0,
            token_end: 0,
        });
        start += n + 1;
    }
    d
}

/// Adds an entity named `names[0]` (the others are aliases) whose mentions
/// are every occurrence of each name; returns its index. A later single
/// word of a person is a short name, a word in capitals an acronym.
pub fn entity(d: &mut Doc, etype: EntityType, names: &[&str]) -> usize {
    let idx = d.entities.len();
    let ci = CharIndex::new(&d.text);
    let mut mentions = Vec::new();
    for (k, n) in names.iter().enumerate() {
        let found: Vec<usize> = d
            .text
            .match_indices(n)
            .map(|(b, _)| ci.char_of_byte(b))
            .collect();
        for start in found {
            let end = start + n.chars().count();
            let sentence = d.sentence_at(start).expect("mention inside a sentence");
            mentions.push(d.mentions.len());
            d.mentions.push(Mention {
                start,
                end,
                sentence,
                text: n.to_string(),
                label: etype,
                kind: if crate::resolve::is_acronym(n) {
                    MentionKind::Acronym
                } else if k > 0 && etype == EntityType::Person && !n.contains(' ') {
                    MentionKind::ShortName
                } else {
                    MentionKind::Name
                },
                source: "test".into(),
                confidence: 0.9,
                entity: Some(idx),
            });
        }
    }
    d.entities.push(Entity {
        etype,
        name: names[0].to_string(),
        aliases: names[1..].iter().map(|s| s.to_string()).collect(),
        mentions,
    });
    idx
}

/// Adds a relation stated by `sentences`.
pub fn relation(
    d: &mut Doc,
    rtype: RelationType,
    source: usize,
    target: usize,
    sentences: &[usize],
    modality: Option<&str>,
) {
    let evidence = sentences.iter().map(|&s| d.sentence_evidence(s)).collect();
    d.relations.push(Relation {
        rtype,
        source,
        target,
        confidence: 0.8,
        date: None,
        modality: modality.map(|m| {
            m.parse()
                .unwrap_or_else(|e| panic!("testing::relation: {e}"))
        }),
        evidence,
    });
}

/// Adds an event told by sentence `sentence` (its trigger: the type's
/// name); returns its index, for setting fatalities or modality.
pub fn event(
    d: &mut Doc,
    etype: EventType,
    date: Option<&str>,
    participants: &[(Role, usize)],
    sentence: usize,
) -> usize {
    let evidence = vec![d.sentence_evidence(sentence)];
    d.events.push(Event {
        etype,
        trigger: etype.as_str().into(),
        attempted: false,
        date: date.map(|d| d.parse().unwrap()),
        participants: participants
            .iter()
            .map(|&(role, entity)| Participant { role, entity })
            .collect(),
        fatalities: None,
        injured: None,
        modality: None,
        confidence: 0.7,
        evidence,
    });
    d.events.len() - 1
}

/// Adds an attribute stated by sentence `sentence`.
pub fn attribute(
    d: &mut Doc,
    entity: usize,
    name: &str,
    value: &str,
    date: Option<&str>,
    sentence: usize,
) {
    let evidence = vec![d.sentence_evidence(sentence)];
    d.attributes.push(Attribute {
        entity,
        name: name
            .parse()
            .unwrap_or_else(|e| panic!("testing::attribute: {e}")),
        value: value.into(),
        date: date.map(|d| d.parse().unwrap()),
        confidence: 0.8,
        evidence,
    });
}

/// A PostgreSQL server for tests, and a scratch schema on it per test
/// (the PostgreSQL store's, queue's and CLI's tests share these).
#[cfg(feature = "postgres")]
pub mod pg {
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// The server named by `DOSSIER_TEST_PG_URL`; `None` with a note on
    /// stderr when it is unset (`what`: the tests skipped), a panic under
    /// `CI=true`, where PostgreSQL must be tested.
    pub fn server(what: &str) -> Option<String> {
        match std::env::var("DOSSIER_TEST_PG_URL") {
            Ok(u) if !u.trim().is_empty() => Some(u),
            _ => {
                if std::env::var("CI").is_ok_and(|v| v == "true") {
                    panic!(
                        "CI=true but DOSSIER_TEST_PG_URL is not set: {what} must be tested in CI"
                    );
                }
                eprintln!("note: DOSSIER_TEST_PG_URL is not set; {what} skipped");
                None
            }
        }
    }

    /// A schema of its own on the test server (empty when made), dropped
    /// when this is dropped; [`Scratch::url`] selects it.
    #[derive(Debug)]
    pub struct Scratch {
        server: String,
        schema: String,
    }

    static NEXT: AtomicUsize = AtomicUsize::new(0);

    impl Scratch {
        /// A new schema named from `prefix`, the process id and a counter.
        pub fn new(server: &str, prefix: &str) -> Scratch {
            let schema = format!(
                "{prefix}_{}_{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::SeqCst)
            );
            let mut c = postgres::Client::connect(server, postgres::NoTls)
                .expect("connect to DOSSIER_TEST_PG_URL");
            c.batch_execute(&format!(
                "SET client_min_messages = warning; DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .expect("create a scratch schema");
            Scratch {
                server: server.into(),
                schema,
            }
        }

        /// The server's URL with the scratch schema as search path.
        pub fn url(&self) -> String {
            let sep = if self.server.contains('?') { '&' } else { '?' };
            format!(
                "{}{sep}options=-csearch_path%3D{}",
                self.server, self.schema
            )
        }

        /// A client on the scratch schema.
        pub fn client(&self) -> postgres::Client {
            postgres::Client::connect(&self.url(), postgres::NoTls)
                .expect("connect to the scratch schema")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            if let Ok(mut c) = postgres::Client::connect(&self.server, postgres::NoTls) {
                let _ = c.batch_execute(&format!(
                    "SET client_min_messages = warning; DROP SCHEMA IF EXISTS {} CASCADE",
                    self.schema
                ));
            }
        }
    }
}
