//! Issue 12: the shape of a document before its names, and names whole.
//!
//! A fictional report with a title, a byline, a date line, a share bar, a
//! heading, a figure caption, an author bio, endnotes and a copyright line
//! goes through the default pipeline: each block gets its kind, and no
//! entity or fact comes from the furniture. Then a table of sentences with
//! fictional names and the entities (and types) expected from them.

use dossier_doc::{BlockKind, Doc, EntityType, Meta};
use dossier_pipeline::{builtin, Pipeline};

fn run(text: &str) -> Doc {
    let p = Pipeline::build(&builtin::default_config(), &builtin::registry()).unwrap();
    let mut doc = Doc::new(Meta::default(), text.to_string());
    p.run(&mut doc).unwrap();
    doc
}

const REPORT: &str = include_str!("../fixtures/shaped_report.txt");

fn block_of(doc: &Doc, starts: &str) -> BlockKind {
    for b in &doc.blocks {
        let s = doc.sentences[b.sentence_start].start;
        if doc
            .slice(s, doc.sentences[b.sentence_end - 1].end)
            .starts_with(starts)
        {
            return b.kind;
        }
    }
    panic!("no block starts with {starts:?}");
}

fn has_entity(doc: &Doc, name: &str) -> bool {
    doc.entities
        .iter()
        .any(|e| e.name == name || e.aliases.iter().any(|a| a == name))
}

#[test]
fn report_blocks_get_their_kinds() {
    let doc = run(REPORT);
    use BlockKind::*;
    for (starts, kind) in [
        ("Deterring the Marrow Front", Heading),
        ("By Petra Lindqvale", Byline),
        ("Published: 4 May 2022", Byline),
        ("Share this", Boilerplate),
        ("The Marrow Front is an armed group", Body),
        ("Successful Raids and Setbacks", Heading),
        ("Drovik still commands", Body),
        ("Figure 2:", Caption),
        ("About the Authors", Heading),
        ("Petra Lindqvale is a Senior Research Fellow", Bio),
        ("Notes", Heading),
        ("1. Interview with a commander", Reference),
        ("2. Ysolde Farrant", Reference),
        ("3. \"Front claims", Reference),
        ("© 2022 Corvane Institute", Boilerplate),
    ] {
        assert_eq!(block_of(&doc, starts), kind, "{starts}");
    }
}

#[test]
fn no_entity_or_fact_comes_from_the_furniture() {
    let doc = run(REPORT);
    // The report's actors, from its running text.
    for name in ["Marrow Front", "Anselm Drovik", "Kessary", "Tamsin Orwelle"] {
        assert!(has_entity(&doc, name), "{name} missing: {:?}", names(&doc));
    }
    // Authors, their employers, caption and note names: none.
    for name in [
        "Petra Lindqvale",
        "Osric Wendemeer",
        "Corvane Institute",
        "Senior Research Fellow",
        "Estavia Security Programme",
        "Bellmoor Centre",
        "Harrowgate Legion",
        "Tiverne",
        "Halvard Mapping Unit",
        "Brannock Guard",
        "Ysolde Farrant",
        "Sons of Quillon",
        "Highland Studies Review",
        "Estavia Wire",
        "Successful Raids",
        "Raids",
        "Deterring",
    ] {
        assert!(
            !doc.entities
                .iter()
                .any(|e| e.name.contains(name) || e.aliases.iter().any(|a| a.contains(name))),
            "{name} should not be an entity: {:?}",
            names(&doc)
        );
    }
    // No mention, relation, event or attribute rests on a non-body block.
    for m in &doc.mentions {
        if m.entity.is_some() {
            let k = doc.block_kind(m.sentence);
            assert!(
                k.is_body() || k == BlockKind::Heading && has_entity(&doc, &m.text),
                "mention {:?} in a {k:?} block",
                m.text
            );
        }
    }
    let evidence = doc
        .relations
        .iter()
        .flat_map(|r| &r.evidence)
        .chain(doc.events.iter().flat_map(|e| &e.evidence))
        .chain(doc.attributes.iter().flat_map(|a| &a.evidence));
    for e in evidence {
        assert!(
            doc.block_kind(e.sentence).is_body(),
            "fact from a {:?} block: {}",
            doc.block_kind(e.sentence),
            doc.sentence_text(e.sentence)
        );
    }
    assert!(
        !doc.events.is_empty(),
        "the body's attack and arrest are events"
    );
}

fn names(doc: &Doc) -> Vec<(String, EntityType)> {
    doc.entities
        .iter()
        .map(|e| (e.name.clone(), e.etype))
        .collect()
}

/// Sentences with fictional names: the entities each must give (name,
/// type), and names that must not be entities.
#[test]
fn names_whole_and_generic_words_table() {
    use EntityType::*;
    // A type of None: the name only, whatever its type.
    #[allow(clippy::type_complexity)]
    let table: &[(&str, &[(&str, Option<EntityType>)], &[&str])] = &[
        (
            "The interior minister, Karim Dhia' al-Nasiri, met the governor of Tolvara on Monday. Al-Nasiri later left for Dorvan.",
            &[("Karim Dhia' al-Nasiri", Some(Person))],
            &["Karim Dhia", "Dhia"],
        ),
        (
            "Kata'ib Sayf al-Jabal, a militia founded in 2016, attacked an army post near Dorvan. Fighters of Kata'ib Sayf al-Jabal killed two soldiers.",
            &[("Kata'ib Sayf al-Jabal", Some(ArmedGroup))],
            &["Kata", "Sayf"],
        ),
        (
            "Officers of the Police Service of Eastern Varda arrested four men in Tolvara. The Police Service of Eastern Varda said the men were armed.",
            &[("Police Service of Eastern Varda", Some(Organization))],
            &["Eastern Varda Police"],
        ),
        (
            "Deterring Ravensholt has become the priority of the government. Ravensholt militants attacked a convoy in Dorvan. Ravensholt is an armed group.",
            &[("Ravensholt", Some(ArmedGroup))],
            &["Deterring Ravensholt", "Deterring"],
        ),
        (
            "Finally Ederic Vanse agreed to the truce. Vanse is the leader of the Tolvar Liberation Front.",
            &[("Ederic Vanse", Some(Person))],
            &["Finally Ederic Vanse", "Finally"],
        ),
        (
            "Successful Kestrel Brigade raids alarmed the army. The Kestrel Brigade is an armed group based in Dorvan.",
            &[("Kestrel Brigade", Some(ArmedGroup))],
            &["Successful Kestrel Brigade", "Successful"],
        ),
        (
            "Conflict\n\nSecurity\n\nThe Marrow Front attacked a bank in Dorvan. The security of the town worsened as the conflict grew.",
            &[("Marrow Front", Some(ArmedGroup))],
            &["Conflict", "Security"],
        ),
    ];
    for (text, want, not) in table {
        let doc = run(text);
        let got = names(&doc);
        for (name, etype) in *want {
            let e = doc
                .entities
                .iter()
                .find(|e| e.name == *name || e.aliases.iter().any(|a| a == name))
                .unwrap_or_else(|| panic!("{name} missing in {text:?}: {got:?}"));
            if let Some(t) = etype {
                assert_eq!(e.etype, *t, "{name} in {text:?}: {got:?}");
            }
        }
        for name in *not {
            assert!(
                !doc.entities
                    .iter()
                    .any(|e| e.name == *name || e.aliases.iter().any(|a| a == name)),
                "{name} should not be an entity in {text:?}: {got:?}"
            );
        }
    }
}

/// Two groups sharing a word, named side by side, are two entities.
#[test]
fn groups_sharing_a_word_stay_apart() {
    let distinct: &[(&str, &str, &str)] = &[
        (
            "Kata'ib Sayf al-Jabal fought Sayf al-Jabal in Dorvan in 2019. Sayf al-Jabal is a rival armed group based in Tolvara. Kata'ib Sayf al-Jabal is an armed group based in Dorvan.",
            "Kata'ib Sayf al-Jabal",
            "Sayf al-Jabal",
        ),
        (
            "The Northern Tolvar Front broke away from the Tolvar Front in 2020. The Northern Tolvar Front is based in Kessary, while the Tolvar Front is based in Dorvan.",
            "Northern Tolvar Front",
            "Tolvar Front",
        ),
    ];
    for (text, a, b) in distinct {
        let doc = run(text);
        let ea = doc.entity_named(a);
        let eb = doc.entity_named(b);
        assert!(
            ea.is_some() && eb.is_some(),
            "{a} / {b} in {text:?}: {:?}",
            names(&doc)
        );
        assert_ne!(ea, eb, "{a} and {b} are one entity: {:?}", names(&doc));
    }
}

/// Not done yet (issue 12, part 3): a Gaelic name with a lowercase particle
/// comes out whole but typed person (the tagger's PER wins over "militant
/// group" before it) beside a stray first word; and a group's "-ites"
/// nickname and bare first word are not joined to it.
#[test]
#[ignore = "issue 12 part 3: not done yet"]
fn particle_names_typed_and_nicknames_joined() {
    let doc = run("The militant group Óglach na Saoirse claimed the bombing in Carrowmere. Óglach na Saoirse has some 200 members.");
    let e = doc.entity_named("Óglach na Saoirse").expect("whole name");
    assert_eq!(doc.entities[e].etype, EntityType::ArmedGroup);
    assert!(doc.entity_named("Óglach").is_none(), "{:?}", names(&doc));
    let doc = run("The Brennan Company, a militia based in Dorvan, attacked a convoy in 2019. Locals call its fighters the Brennanites. Brennan also runs checkpoints near Kessary.");
    let e = doc
        .entity_named("Brennan Company")
        .unwrap_or_else(|| panic!("Brennan Company missing: {:?}", names(&doc)));
    for alias in ["Brennanites", "Brennan"] {
        if let Some(other) = doc.entity_named(alias) {
            assert_eq!(other, e, "{alias} is another entity: {:?}", names(&doc));
        }
    }
}
