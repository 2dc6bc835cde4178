//! The learned components end to end on invented documents: training is
//! deterministic, what is learned is applied, bad models and keys are
//! refused.

use dossier_doc::{Component, EntityType, RelationType};
use dossier_extract::fixture::doc_from_markup;
use dossier_learn::gold::GoldKey;
use dossier_learn::{
    train_relations, train_types, Keyed, LearnedRelations, LearnedTypes, Model, Schedule,
};
use serde_json::json;

/// Invented training documents: leaders named with "leads"/"heads"/
/// "commands", members with "joined", with keys quoting their sentences.
fn corpus() -> Vec<(dossier_doc::Doc, GoldKey)> {
    let leaders = [
        ("Orla Vance", "Tallis Front", "leads"),
        ("Bram Oduya", "Red Marsh Brigade", "heads"),
        ("Ines Kallas", "Sons of the Delta", "commands"),
        ("Tomas Reyne", "Grey Hill Militia", "leads"),
        ("Lidia Ferro", "Northern Shield", "heads"),
        ("Amar Tolen", "Coastal Hand", "commands"),
    ];
    let members = [
        ("Pell Orsk", "Tallis Front"),
        ("Dana Quill", "Red Marsh Brigade"),
        ("Ruo Benn", "Sons of the Delta"),
        ("Kai Marlow", "Grey Hill Militia"),
        ("Nils Arro", "Northern Shield"),
        ("Eda Voss", "Coastal Hand"),
    ];
    let mut out = Vec::new();
    for ((leader, group, verb), (member, _)) in leaders.iter().zip(members.iter()) {
        let s1 = format!("{leader} {verb} the {group}.");
        let s2 = format!("{member} joined the {group} in the hills.");
        let s3 = format!("{member} met {leader} at a market.");
        let markup = format!(
            "[{leader}|person] {verb} the [{group}|armed_group]. [{member}|person] joined the [{group}|armed_group={group}] in the hills. [{member}|person={member}] met [{leader}|person={leader}] at a market."
        );
        let doc = doc_from_markup(&markup);
        let key = json!({
            "entities": [
                {"name": leader, "type": "person"},
                {"name": member, "type": "person"},
                {"name": group, "type": "armed_group"},
            ],
            "relations": [
                {"type": "leader_of", "source": leader, "target": group, "evidence": [s1]},
                {"type": "member_of", "source": member, "target": group, "evidence": [s2]},
            ],
        });
        let _ = s3;
        out.push((doc, GoldKey::from_json(&key, "fixture").unwrap()));
    }
    out
}

fn trained() -> Model {
    let docs = corpus();
    let keyed: Vec<Keyed<'_>> = docs.iter().map(|(doc, key)| Keyed { doc, key }).collect();
    let (relations, stats) = train_relations(&keyed, &Schedule::new(8, 42));
    assert_eq!(stats.keyed, 12);
    assert_eq!(stats.reachable, 12, "every keyed relation has a candidate");
    let (types, _) = train_types(&keyed, &Schedule::new(8, 42));
    Model {
        relations,
        types,
        threshold: 0.0,
        ..Model::default()
    }
}

#[test]
fn training_is_deterministic() {
    assert_eq!(trained().to_text(), trained().to_text());
}

#[test]
fn the_model_round_trips_through_its_text_form() {
    let m = trained();
    let back = Model::from_text(&m.to_text(), "t").unwrap();
    assert_eq!(back, m);
}

#[test]
fn learned_relations_are_added_on_unseen_sentences() {
    let model = trained();
    let mut doc = doc_from_markup(
        "[Sera Minh|person] leads the [Ash Valley Front|armed_group]. [Joss Parr|person] joined the [Ash Valley Front|armed_group=Ash Valley Front] in the hills. [Joss Parr|person=Joss Parr] met [Sera Minh|person=Sera Minh] at a market.",
    );
    LearnedRelations::with_model(model)
        .process(&mut doc)
        .unwrap();
    let named = |i: usize| doc.entities[i].name.as_str();
    let found: Vec<(RelationType, &str, &str)> = doc
        .relations
        .iter()
        .map(|r| (r.rtype, named(r.source), named(r.target)))
        .collect();
    assert!(
        found.contains(&(RelationType::LeaderOf, "Sera Minh", "Ash Valley Front")),
        "{found:?}"
    );
    assert!(
        found.contains(&(RelationType::MemberOf, "Joss Parr", "Ash Valley Front")),
        "{found:?}"
    );
    assert!(
        !found
            .iter()
            .any(|(_, a, b)| (*a, *b) == ("Joss Parr", "Sera Minh")),
        "meeting is no relation: {found:?}"
    );
    for r in &doc.relations {
        assert_eq!(
            r.evidence.len(),
            1,
            "each learned relation cites its sentence"
        );
        assert!(r.confidence > 0.5 && r.confidence < 1.0);
    }
}

#[test]
fn a_group_pronoun_pairs_like_the_name_it_stands_for_and_cites_its_antecedent() {
    // trained on names only ("P joined the G"); "they" stands for the
    // group of the sentence before
    let model = trained();
    let markup = "[The Ash Valley Front|armed_group] grew in the hills. [Joss Parr|person] joined them in 2010.";
    let mut doc = doc_from_markup(markup);
    let cands = dossier_learn::relations::candidates(&doc);
    let through = cands
        .iter()
        .find(|c| c.sentence == 1 && c.antecedent == Some(0))
        .expect("a pair through the pronoun, its antecedent in sentence 0");
    assert!(
        through
            .features
            .iter()
            .any(|f| f.starts_with("K:") && f.contains("pronoun")),
        "{:?}",
        through.features
    );
    assert!(
        dossier_learn::relations::candidates_with(&doc, false)
            .iter()
            .all(|c| c.antecedent.is_none()),
        "without anaphora no pair goes through a pronoun"
    );
    LearnedRelations::with_model(model)
        .process(&mut doc)
        .unwrap();
    let r = doc
        .relations
        .iter()
        .find(|r| r.rtype == RelationType::MemberOf)
        .unwrap_or_else(|| panic!("member_of through 'them': {:?}", doc.relations));
    assert_eq!(doc.entities[r.source].name, "Joss Parr");
    assert_eq!(doc.entities[r.target].name, "The Ash Valley Front");
    let cited: Vec<usize> = r.evidence.iter().map(|e| e.sentence).collect();
    assert_eq!(
        cited,
        vec![0, 1],
        "cites the antecedent's sentence and its own"
    );
    // "they" as civilians (a plural noun subject before) refers to no group
    let mut doc = doc_from_markup(
        "[The Ash Valley Front|armed_group] shelled the hills. Farmers fled the valley. [Joss Parr|person] joined them in 2010.",
    );
    LearnedRelations::with_model(trained())
        .process(&mut doc)
        .unwrap();
    assert!(doc.relations.is_empty(), "{:?}", doc.relations);
}

/// Invented documents where a relation spans two sentences ("G attacked.
/// Its commander, P, was captured."), keyed with both sentences quoted, and
/// an unrelated pair across the next two.
fn cross_sentence_corpus() -> Vec<(dossier_doc::Doc, GoldKey)> {
    let cases = [
        ("Tallis Front", "Orla Vance", "Olm", "Bram Oduya"),
        ("Red Marsh Brigade", "Ines Kallas", "Varo", "Tomas Reyne"),
        ("Sons of the Delta", "Lidia Ferro", "Kessou", "Amar Tolen"),
        ("Grey Hill Militia", "Pell Orsk", "Tarvik", "Dana Quill"),
        ("Northern Shield", "Ruo Benn", "Ardal", "Kai Marlow"),
        ("Coastal Hand", "Nils Arro", "Besk", "Eda Voss"),
    ];
    cases
        .iter()
        .map(|(group, person, town, witness)| {
            let s1 = format!("The {group} attacked a convoy.");
            let s2 = format!("Its commander, {person}, was captured.");
            let markup = format!(
                "The [{group}|armed_group] attacked a convoy. Its commander, [{person}|person], was captured. A farmer saw it from [{town}|location]. [{witness}|person] spoke later."
            );
            let key = json!({
                "entities": [
                    {"name": group, "type": "armed_group"},
                    {"name": person, "type": "person"},
                    {"name": town, "type": "location"},
                    {"name": witness, "type": "person"},
                ],
                "relations": [
                    {"type": "member_of", "source": person, "target": group, "evidence": [s1, s2]},
                ],
            });
            (
                doc_from_markup(&markup),
                GoldKey::from_json(&key, "fixture").unwrap(),
            )
        })
        .collect()
}

#[test]
fn relations_across_adjacent_sentences_are_learned_and_cite_both() {
    let docs = cross_sentence_corpus();
    let keyed: Vec<Keyed<'_>> = docs.iter().map(|(doc, key)| Keyed { doc, key }).collect();
    let (relations, _) = train_relations(&keyed, &Schedule::new(8, 42));
    let model = Model {
        relations,
        threshold: 0.0,
        ..Model::default()
    };
    let mut doc = doc_from_markup(
        "The [Ash Valley Front|armed_group] attacked a convoy. Its commander, [Sera Minh|person], was captured. A farmer saw it from [Lorn|location]. [Joss Parr|person] spoke later.",
    );
    LearnedRelations::with_model(model)
        .process(&mut doc)
        .unwrap();
    let named = |i: usize| doc.entities[i].name.as_str();
    let found: Vec<(RelationType, &str, &str, Vec<usize>)> = doc
        .relations
        .iter()
        .map(|r| {
            (
                r.rtype,
                named(r.source),
                named(r.target),
                r.evidence.iter().map(|e| e.sentence).collect(),
            )
        })
        .collect();
    assert!(
        found.contains(&(
            RelationType::MemberOf,
            "Sera Minh",
            "Ash Valley Front",
            vec![0, 1]
        )),
        "{found:?}"
    );
    assert!(
        !found.iter().any(|(_, a, _, _)| *a == "Joss Parr"),
        "no relation for the unrelated pair: {found:?}"
    );
}

#[test]
fn answers_find_the_quoted_sentence_after_non_ascii_text() {
    // sentence offsets are chars: the curly quotes, dashes and apostrophes
    // before the second sentence (three bytes each) must not shift its text, or its
    // quote is never found and its pair is trained as a negative
    let markup = "The “Salt Road” campaign — a long one — ended in ’98 — or ’99 — at Ta’ir’s gate. [Orla Vance|person] leads the [Tallis Front|armed_group].";
    let doc = doc_from_markup(markup);
    let key = GoldKey::from_json(
        &json!({
            "entities": [
                {"name": "Orla Vance", "type": "person"},
                {"name": "Tallis Front", "type": "armed_group"},
            ],
            "relations": [{"type": "leader_of", "source": "Orla Vance", "target": "Tallis Front",
                           "evidence": ["Orla Vance leads the Tallis Front."]}],
        }),
        "fixture",
    )
    .unwrap();
    let align = key.align(&doc);
    let cands = dossier_learn::relations::candidates(&doc);
    let labels = dossier_learn::relations::labels();
    let answers = dossier_learn::relations::answers(&doc, &key, &align, &cands, &labels);
    let li = labels.iter().position(|l| l == "leader_of>").unwrap();
    assert_eq!(cands.len(), 1, "{cands:?}");
    assert_eq!(answers[0][li], Some(true));
    assert_eq!(
        dossier_learn::relations::coverage(&doc, &key, &align, &cands),
        (1, 1)
    );
}

#[test]
fn an_empty_model_changes_nothing() {
    let mut doc = doc_from_markup("[Sera Minh|person] leads the [Ash Valley Front|armed_group].");
    let before = doc.entities.clone();
    LearnedTypes::with_model(Model::default())
        .process(&mut doc)
        .unwrap();
    LearnedRelations::with_model(Model::default())
        .process(&mut doc)
        .unwrap();
    assert_eq!(doc.entities, before);
    assert!(doc.relations.is_empty());
}

#[test]
fn learned_types_retype_and_drop_and_keep_indexes_consistent() {
    // a model that knows one word: "accord" names no entity, "brigade" an armed group
    let text = "dossier-learn extract model v1\nsection relations threshold=0\nlabels\tleader_of>\nfeatures\t0\nsection types drop_margin=0 retype_margin=0\nlabels\tperson\tarmed_group\torganization\tcountry\tlocation\tfacility\tgroup_identity\tnone\nfeatures\t2\nLW:accord\t7:5.0\nLW:brigade\t1:5.0\n";
    let model = Model::from_text(text, "t").unwrap();
    let mut doc = doc_from_markup(
        "The [Harbour Accord|organization] was signed. [Ada Ferrin|person] joined the [Stone Brigade|organization]. [Ada Ferrin|person=Ada Ferrin] left.",
    );
    LearnedTypes::with_model(model).process(&mut doc).unwrap();
    let names: Vec<(&str, EntityType)> = doc
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.etype))
        .collect();
    assert_eq!(
        names,
        vec![
            ("Ada Ferrin", EntityType::Person),
            ("Stone Brigade", EntityType::ArmedGroup)
        ]
    );
    for (i, e) in doc.entities.iter().enumerate() {
        for &m in &e.mentions {
            assert_eq!(doc.mentions[m].entity, Some(i));
            assert_eq!(doc.mentions[m].label, e.etype);
        }
    }
    assert!(doc.mentions.iter().all(|m| m.entity.is_some()));
    dossier_extract::check_input(&doc).unwrap();
}

#[test]
fn learned_types_refuse_to_run_after_relations() {
    let mut doc = doc_from_markup("[Sera Minh|person] leads the [Ash Valley Front|armed_group].");
    doc.relations.push(dossier_doc::Relation {
        rtype: RelationType::LeaderOf,
        source: 0,
        target: 1,
        confidence: 1.0,
        date: None,
        modality: None,
        evidence: Vec::new(),
    });
    assert!(LearnedTypes::with_model(Model::default())
        .process(&mut doc)
        .is_err());
}

#[test]
fn bad_model_text_is_an_error_naming_the_source() {
    for bad in [
        "",
        "not a model\n",
        "dossier-learn extract model v1\nsection relations threshold=x\nlabels\ta\nfeatures\t0\n",
        "dossier-learn extract model v1\nsection relations bogus=1\nlabels\ta\nfeatures\t0\n",
        "dossier-learn extract model v1\nsection nothing threshold=1\nlabels\ta\nfeatures\t0\n",
        "dossier-learn extract model v1\nsection relations threshold=1\nlabels\ta\nfeatures\t3\nx\t0:1\n",
    ] {
        let e = Model::from_text(bad, "my.model").unwrap_err();
        assert!(e.to_string().contains("my.model"), "{e}");
    }
}

#[test]
fn the_shipped_model_loads() {
    let m = Model::builtin().unwrap();
    assert!(!m.relations.is_empty());
    assert!(!m.types.is_empty());
}

/// An attack without an agent in the sentence at `0`, and `text`'s later
/// sentences naming who claimed it.
fn attack_doc(markup: &str) -> dossier_doc::Doc {
    let mut doc = doc_from_markup(markup);
    let sp = doc.sentences[0];
    doc.events.push(dossier_doc::Event {
        etype: dossier_doc::EventType::Attack,
        trigger: "attacked".into(),
        attempted: false,
        date: None,
        participants: Vec::new(),
        fatalities: None,
        injured: None,
        modality: None,
        confidence: 0.9,
        evidence: vec![dossier_doc::Evidence {
            sentence: 0,
            start: sp.start,
            end: sp.end,
            cited: None,
        }],
    });
    doc
}

#[test]
fn learned_agents_take_the_claimant_not_the_bystander() {
    let groups = [
        ("Tallis Front", "Vela Party"),
        ("Red Marsh Brigade", "Harbour Union"),
        ("Sons of the Delta", "Farmers League"),
        ("Grey Hill Militia", "Teachers Guild"),
        ("Northern Shield", "River Council"),
        ("Coastal Hand", "Miners Assembly"),
    ];
    let mut docs = Vec::new();
    for (group, other) in groups {
        let first = "Gunmen attacked a market in the town.";
        let markup = format!(
            "{first} The [{group}|armed_group] claimed responsibility. The [{other}|organization] condemned the attack."
        );
        let key = json!({
            "entities": [
                {"name": group, "type": "armed_group"},
                {"name": other, "type": "organization"},
            ],
            "events": [{"type": "attack", "date": null, "participants": {"agent": [group]}, "evidence": [first]}],
        });
        docs.push((
            attack_doc(&markup),
            GoldKey::from_json(&key, "fixture").unwrap(),
        ));
    }
    let keyed: Vec<Keyed<'_>> = docs.iter().map(|(doc, key)| Keyed { doc, key }).collect();
    let (agents, stats) = dossier_learn::train_agents(&keyed, &Schedule::new(8, 42));
    assert_eq!((stats.candidates, stats.positives), (12, 6));
    let model = Model {
        agents,
        ..Model::default()
    };
    let mut doc = attack_doc(
        "Gunmen attacked a market in the town. The [Ash Valley Front|armed_group] claimed responsibility. The [Salt Road Union|organization] condemned the attack.",
    );
    dossier_learn::LearnedAgents::with_model(model)
        .process(&mut doc)
        .unwrap();
    let agents: Vec<&str> = doc.events[0]
        .participants
        .iter()
        .filter(|p| p.role == dossier_doc::Role::Agent)
        .map(|p| doc.entities[p.entity].name.as_str())
        .collect();
    assert_eq!(agents, ["Ash Valley Front"]);
    assert_eq!(doc.events[0].modality.map(|m| m.as_str()), Some("claimed"));
}

/// Tags the tokens of a markup document as a tagger would for the few
/// verbs the event fixtures use (lemma and UPOS), nouns otherwise.
fn tagged(markup: &str) -> dossier_doc::Doc {
    let mut doc = doc_from_markup(markup);
    let verbs = [
        ("kidnapped", "kidnap"),
        ("abducted", "abduct"),
        ("seized", "seize"),
        ("visited", "visit"),
        ("praised", "praise"),
    ];
    for t in doc.tokens.iter_mut() {
        let low = t.text.to_lowercase();
        if let Some((_, lemma)) = verbs.iter().find(|(v, _)| *v == low) {
            t.upos = Some("VERB".into());
            t.lemma = Some((*lemma).into());
        } else if matches!(low.as_str(), "the" | "a" | "in" | "at" | "later") {
            t.upos = Some("X".into());
        } else if low.chars().all(char::is_alphabetic) {
            t.upos = Some("NOUN".into());
        }
    }
    doc
}

#[test]
fn learned_events_find_what_the_patterns_missed_with_date_and_roles() {
    let cases = [
        (
            "Tallis Front",
            "Orla Vance",
            "Norvik",
            "kidnapped",
            "2004-03",
            "March 2004",
        ),
        (
            "Red Marsh Brigade",
            "Bram Oduya",
            "Sarn",
            "abducted",
            "2007-06",
            "June 2007",
        ),
        (
            "Sons of the Delta",
            "Ines Kallas",
            "Tor",
            "seized",
            "2009-01",
            "January 2009",
        ),
        (
            "Grey Hill Militia",
            "Tomas Reyne",
            "Velm",
            "kidnapped",
            "2011-09",
            "September 2011",
        ),
        (
            "Northern Shield",
            "Lidia Ferro",
            "Oska",
            "abducted",
            "2013-02",
            "February 2013",
        ),
        (
            "Coastal Hand",
            "Amar Tolen",
            "Brisk",
            "seized",
            "2015-11",
            "November 2015",
        ),
    ];
    let mut docs = Vec::new();
    for (group, person, place, verb, edtf, when) in cases {
        let s1 = format!("The {group} {verb} {person} in {place} in {when}.");
        let markup = format!(
            "The [{group}|armed_group] {verb} [{person}|person] in [{place}|location] in [{when}|date:{edtf}]. [{person}|person={person}] visited [{place}|location={place}] later. The [{group}|armed_group={group}] praised the farmers."
        );
        let key = json!({
            "entities": [
                {"name": group, "type": "armed_group"},
                {"name": person, "type": "person"},
                {"name": place, "type": "location"},
            ],
            "events": [{"type": "attack", "date": edtf,
                        "participants": {"agent": [group], "target": [person], "location": [place]},
                        "evidence": [s1]}],
        });
        docs.push((
            tagged(&markup),
            GoldKey::from_json(&key, "fixture").unwrap(),
        ));
    }
    let keyed: Vec<Keyed<'_>> = docs.iter().map(|(doc, key)| Keyed { doc, key }).collect();
    let (events, roles, triggers, stats) =
        dossier_learn::train_events(&keyed, &Schedule::new(8, 42));
    assert_eq!((stats.candidates, stats.positives), (18, 6));
    let again = dossier_learn::train_events(&keyed, &Schedule::new(8, 42));
    assert_eq!((&again.0, &again.1), (&events, &roles), "deterministic");
    let model = Model {
        events,
        roles,
        triggers,
        ..Model::default()
    };
    let read = Model::from_text(&model.to_text(), "written").unwrap();
    assert_eq!(read, model, "the event sections read back as written");

    let mut doc = tagged(
        "The [Ash Valley Front|armed_group] abducted [Mira Sol|person] in [Karsk|location] in [May 2019|date:2019-05]. [Mira Sol|person=Mira Sol] visited [Karsk|location=Karsk] later.",
    );
    dossier_learn::LearnedEvents::with_model(read)
        .process(&mut doc)
        .unwrap();
    assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
    let ev = &doc.events[0];
    assert_eq!(ev.etype, dossier_doc::EventType::Attack);
    assert_eq!(ev.trigger, "abducted");
    assert_eq!(ev.date.map(|d| d.to_string()).as_deref(), Some("2019-05"));
    assert_eq!(ev.evidence[0].sentence, 0);
    let role = |r: dossier_doc::Role| -> Vec<&str> {
        ev.participants
            .iter()
            .filter(|p| p.role == r)
            .map(|p| doc.entities[p.entity].name.as_str())
            .collect()
    };
    assert_eq!(role(dossier_doc::Role::Agent), ["Ash Valley Front"]);
    assert_eq!(role(dossier_doc::Role::Target), ["Mira Sol"]);
    assert_eq!(role(dossier_doc::Role::Location), ["Karsk"]);

    // the dead and wounded its sentence counts, counted as the patterns count them
    let mut doc = tagged(
        "The [Ash Valley Front|armed_group] abducted [Mira Sol|person] in [Karsk|location] in [May 2019|date:2019-05], killing two guards and wounding three others.",
    );
    dossier_learn::LearnedEvents::with_model(model.clone())
        .process(&mut doc)
        .unwrap();
    assert_eq!(doc.events.len(), 1, "{:?}", doc.events);
    assert_eq!(
        (doc.events[0].fatalities, doc.events[0].injured),
        (Some(2), Some(3))
    );

    // an attack the patterns already found in that sentence is not told twice
    let mut doc = tagged(
        "The [Ash Valley Front|armed_group] abducted [Mira Sol|person] in [Karsk|location] in [May 2019|date:2019-05].",
    );
    let sp = doc.sentences[0];
    doc.events.push(dossier_doc::Event {
        etype: dossier_doc::EventType::Attack,
        trigger: "abducted".into(),
        attempted: false,
        date: Some("2019-05".parse().unwrap()),
        participants: Vec::new(),
        fatalities: None,
        injured: None,
        modality: None,
        confidence: 0.9,
        evidence: vec![dossier_doc::Evidence {
            sentence: 0,
            start: sp.start,
            end: sp.end,
            cited: None,
        }],
    });
    dossier_learn::LearnedEvents::with_model(model)
        .process(&mut doc)
        .unwrap();
    assert_eq!(doc.events.len(), 1);
    // but the roles it left empty are filled
    assert_eq!(doc.events[0].participants.len(), 3, "{:?}", doc.events[0]);
}

#[test]
fn learned_types_leave_names_built_from_a_designation_alone() {
    let labels = dossier_learn::types::labels();
    let person = labels.iter().position(|l| l == "person").unwrap();
    // a model that calls everything a person, by far
    let model = Model {
        types: dossier_learn::perceptron::Weights::from_entries(
            labels.clone(),
            [("bias".to_string(), person, 50.0)],
        ),
        ..Model::default()
    };
    let mut doc =
        doc_from_markup("[Kestral Air Flight 212|facility] landed at [Velm Field|facility].");
    let flight = doc
        .mentions
        .iter()
        .position(|m| m.text == "Kestral Air Flight 212")
        .unwrap();
    doc.mentions[flight].source = "designation".into();
    model.apply_types(&mut doc);
    let ty = |n: &str| doc.entities.iter().find(|e| e.name == n).unwrap().etype;
    assert_eq!(ty("Kestral Air Flight 212"), EntityType::Facility);
    assert_eq!(
        ty("Velm Field"),
        EntityType::Person,
        "the model does retype the others"
    );
}

#[test]
fn learned_types_read_gazetteer_cues_titles_and_the_pronoun_that_follows() {
    let mut doc = doc_from_markup(
        "General [Ada Ferrin|person] left the [Tolva River|organization]. She joined the [Stone Brigade|organization] at [Kesh Prison|organization].",
    );
    // the name's head is its sentence's subject
    let t = doc.tokens.iter().position(|t| t.text == "Ada").unwrap();
    doc.tokens[t].deprel = Some("nsubj".into());
    let feats = |doc: &dossier_doc::Doc, name: &str| {
        let e = doc.entities.iter().position(|e| e.name == name).unwrap();
        dossier_learn::types::features(doc, e)
    };
    let has = |f: &[String], x: &str| f.iter().any(|y| y == x);
    let ada = feats(&doc, "Ada Ferrin");
    assert!(has(&ada, "PT:title"), "{ada:?}");
    assert!(has(&ada, "PN:she"), "{ada:?}");
    let river = feats(&doc, "Tolva River");
    assert!(
        has(&river, "CUEL:loc") && has(&river, "PT:the"),
        "{river:?}"
    );
    assert!(!has(&river, "PT:title") && !has(&river, "CUE:armed"));
    let brigade = feats(&doc, "Stone Brigade");
    assert!(has(&brigade, "CUEL:armed"), "{brigade:?}");
    assert!(!has(&brigade, "PN:she"), "not a subject: {brigade:?}");
    assert!(has(&feats(&doc, "Kesh Prison"), "CUEL:fac"));

    // a model that knows the cue nouns retypes by them
    let text = "dossier-learn extract model v1\nsection relations threshold=0\nlabels\tleader_of>\nfeatures\t0\nsection types drop_margin=0 retype_margin=0\nlabels\tperson\tarmed_group\torganization\tcountry\tlocation\tfacility\tgroup_identity\tnone\nfeatures\t3\nCUEL:armed\t1:5.0\nCUEL:fac\t5:5.0\nCUEL:loc\t4:5.0\n";
    LearnedTypes::with_model(Model::from_text(text, "t").unwrap())
        .process(&mut doc)
        .unwrap();
    let types: Vec<(&str, EntityType)> = doc
        .entities
        .iter()
        .map(|e| (e.name.as_str(), e.etype))
        .collect();
    assert_eq!(
        types,
        vec![
            ("Ada Ferrin", EntityType::Person),
            ("Tolva River", EntityType::Location),
            ("Stone Brigade", EntityType::ArmedGroup),
            ("Kesh Prison", EntityType::Facility),
        ]
    );
}
