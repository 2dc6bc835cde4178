use super::*;
use crate::recognize::GazetteerRecognizer;
use crate::testutil::doc_of;

fn run(text: &str) -> Doc {
    let mut doc = doc_of(text);
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    Coref::new().process(&mut doc).unwrap();
    doc.check_spans().unwrap();
    for (id, e) in doc.entities.iter().enumerate() {
        for &m in &e.mentions {
            assert_eq!(
                doc.mentions[m].entity,
                Some(id),
                "mention/entity links agree"
            );
        }
    }
    assert!(
        doc.mentions.windows(2).all(|w| w[0].start <= w[1].start),
        "mentions sorted"
    );
    doc
}

#[test]
fn wars_campaigns_charters_and_doctrines_are_no_entities() {
    let m = |text: &str, label: EntityType| Mention {
        start: 0,
        end: text.len(),
        sentence: 0,
        text: text.to_string(),
        label,
        kind: MentionKind::Name,
        source: "ner".to_string(),
        confidence: 0.8,
        entity: None,
    };
    for t in [
        "Civil War",
        "Defiance Campaign",
        "July Crisis",
        "Freedom Charter",
        "Kessism",
        "Battle of Tolva",
        "Treason Trial",
        "Kesh Ambush",
    ] {
        assert!(names_a_happening_or_text(&m(t, EntityType::Person)), "{t}");
        assert!(
            names_a_happening_or_text(&m(t, EntityType::Organization)),
            "{t}"
        );
    }
    // a group named after one, a head before "of", other types: kept
    assert!(!names_a_happening_or_text(&m(
        "Guardians of the Revolution",
        EntityType::Organization
    )));
    assert!(!names_a_happening_or_text(&m(
        "Holy War",
        EntityType::ArmedGroup
    )));
    assert!(!names_a_happening_or_text(&m(
        "Ada Ferrin",
        EntityType::Person
    )));
    assert!(!names_a_happening_or_text(&m(
        "Tolva",
        EntityType::Location
    )));
}

fn entity<'d>(doc: &'d Doc, name: &str) -> &'d Entity {
    doc.entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name}: {:#?}", doc.entities))
}

fn entity_of<'d>(doc: &'d Doc, surface: &str) -> Option<&'d Entity> {
    doc.mentions
        .iter()
        .find(|m| m.text == surface)
        .and_then(|m| m.entity)
        .map(|e| &doc.entities[e])
}

#[test]
fn surnames_and_pronouns_join_the_person() {
    let doc = run("Kamal Ruswan, a little-known cleric, founded the Sword of Dawn Brigade in the city of Qarvan. Ruswan later said he would expand it.");
    let e = entity(&doc, "Kamal Ruswan");
    assert_eq!(e.etype, EntityType::Person);
    assert!(e.aliases.contains(&"Ruswan".to_string()), "{e:?}");
    let kinds: Vec<MentionKind> = e.mentions.iter().map(|&m| doc.mentions[m].kind).collect();
    assert!(
        kinds.contains(&MentionKind::ShortName) && kinds.contains(&MentionKind::Pronoun),
        "{kinds:?}"
    );
    assert_eq!(
        entity(&doc, "Sword of Dawn Brigade").etype,
        EntityType::ArmedGroup
    );
    assert_eq!(entity(&doc, "Qarvan").etype, EntityType::Location);
}

fn same(doc: &Doc, a: &str, b: &str) -> bool {
    match (entity_of(doc, a), entity_of(doc, b)) {
        (Some(x), Some(y)) => x.name == y.name,
        _ => false,
    }
}

#[test]
fn cued_aliases_join_their_person_or_group() {
    let doc = run("Tomas Arvid Velk, known by the alias \u{201c}Caltro,\u{201d} commanded a company. Later Ada Ferrin, alias \u{201c}La Ronda,\u{201d} joined him. Police in Lima caught Caltro and La Ronda.");
    assert!(
        same(&doc, "Caltro", "Tomas Arvid Velk"),
        "{:#?}",
        doc.entities
    );
    assert!(same(&doc, "La Ronda", "Ada Ferrin"), "{:#?}", doc.entities);
    assert_eq!(
        entity_of(&doc, "Tomas Arvid Velk").unwrap().name,
        "Tomas Arvid Velk"
    );
    let doc = run("Ada Ferrin Osk, who goes by the nickname \u{201c}Commander Blue,\u{201d} left. Police sought Blue in Lima.");
    assert!(same(&doc, "Blue", "Ada Ferrin Osk"), "{:#?}", doc.entities);
    let doc = run(
        "Leadership passed to Ivo Marten Dask, who is also known by his nom de guerre, Abu Falk.",
    );
    assert!(
        same(&doc, "Abu Falk", "Ivo Marten Dask"),
        "{:#?}",
        doc.entities
    );
    let doc = run("The Sword of Dawn Brigade was founded in Tolva. Its communiqués spell it Saif al-Fajr Brigade.");
    assert!(
        same(&doc, "Saif al-Fajr Brigade", "Sword of Dawn Brigade"),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn place_suffixes_short_forms_and_variants_merge() {
    let doc = run("The militia holds the Tolva region. Fighters were seen near Tolva last week.");
    let e = entity_of(&doc, "Tolva").expect("Tolva");
    assert_eq!(
        (e.mentions.len(), e.etype),
        (2, EntityType::Location),
        "{:#?}",
        doc.entities
    );
    let doc = run("The Katiba Ansar al-Hudra grew in Tolva. Officials blame the Katiba for the raid. Norlandic officials met the Katiba Ansar al-Hudra.");
    assert!(
        same(&doc, "Katiba", "Katiba Ansar al-Hudra"),
        "{:#?}",
        doc.entities
    );
    let doc = run(
        "The Lorun Mujahideen Front grew in Tolva. Its followers prefer Rorun Mujahideen Front.",
    );
    assert!(
        same(&doc, "Rorun Mujahideen Front", "Lorun Mujahideen Front"),
        "{:#?}",
        doc.entities
    );
    let doc = run("The Red Front of the North grew in Tolva. The Red Front, or Northern Red Movement (NRM), attacked Velda.");
    assert!(
        same(&doc, "Northern Red Movement", "Red Front of the North"),
        "{:#?}",
        doc.entities
    );
    assert!(
        same(&doc, "NRM", "Red Front of the North"),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn part_names_need_the_article_and_are_not_places() {
    let doc = run("The Islamic Council of Kardia met in Lima. Ships patrol the coast near Kardia. Kardian officials met the Kardian Directorate of General Security.");
    let council = entity_of(&doc, "Islamic Council of Kardia").expect("council");
    assert!(
        !council.aliases.iter().any(|a| a == "Kardia"),
        "{council:?}"
    );
    let dgs = entity_of(&doc, "Kardian Directorate of General Security").expect("dgs");
    assert!(!dgs.aliases.iter().any(|a| a == "Kardian"), "{dgs:?}");
}

#[test]
fn a_unit_named_after_its_group_is_not_the_group() {
    let doc = run("The Tarvos Front Mountain Company was formed in 1974. Later the Tarvos Front attacked a police post in Olm. The Tarvos Front's leaders fled.");
    assert!(
        entity_of(&doc, "Tarvos Front Mountain Company").is_some(),
        "{:#?}",
        doc.entities
    );
    assert!(
        !same(&doc, "Tarvos Front", "Tarvos Front Mountain Company"),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn a_heading_piece_of_a_long_name_joins_it() {
    let mut doc = doc_of(
        "Jund Sayyid al-Velka: A Profile\n\nThe Jund Sayyid al-Velka attacked Lima in 2020.",
    );
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    // A tagger's person reading of the heading's last words.
    let start = doc.text.find("Sayyid").unwrap();
    doc.mentions.retain(|m| m.sentence != 0);
    doc.mentions.insert(
        0,
        Mention {
            start,
            end: start + "Sayyid al-Velka".len(),
            sentence: 0,
            text: "Sayyid al-Velka".into(),
            label: EntityType::Person,
            kind: MentionKind::Name,
            source: "entity_typing".into(),
            confidence: 0.8,
            entity: None,
        },
    );
    Coref::new().process(&mut doc).unwrap();
    assert!(
        same(&doc, "Sayyid al-Velka", "Jund Sayyid al-Velka"),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn a_name_in_parentheses_after_an_organization_is_its_alias() {
    let doc = run(
        "Prosecutors at the Velda Ministry of Justice (Ministerio de Justicia Veldano) objected.",
    );
    let e = entity_of(&doc, "Velda Ministry of Justice").expect("ministry");
    assert!(
        e.aliases
            .iter()
            .any(|a| a == "Ministerio de Justicia Veldano"),
        "{e:?}"
    );
    assert_eq!(
        doc.entities
            .iter()
            .filter(|e| e.etype != EntityType::GroupIdentity)
            .count(),
        1,
        "{:#?}",
        doc.entities
    );
}

#[test]
fn organizations_in_armed_context_become_armed_groups() {
    let doc = run("The VDK said on Monday that many of its young fighters had left. Officials said that the VDK, according to a police report, ambushed a patrol. The VDK also met in Lima.");
    assert_eq!(
        entity_of(&doc, "VDK").unwrap().etype,
        EntityType::ArmedGroup,
        "{:#?}",
        doc.entities
    );
    // A name with a strong organization cue stays an organization.
    let doc = run("The Norland Ministry of Defence sent fighters to Tolva. The ministry said militants attacked.");
    assert_eq!(
        entity_of(&doc, "Norland Ministry of Defence")
            .unwrap()
            .etype,
        EntityType::Organization
    );
}

#[test]
fn surname_that_is_a_city_name_joins_the_person() {
    // "Barry" is a listed city; outside any place context it is the surname.
    let doc = run("Hamadoun Barry, a preacher, founded it. Most were Barry's students.");
    assert!(same(&doc, "Barry", "Hamadoun Barry"), "{:#?}", doc.entities);
    assert_eq!(entity_of(&doc, "Barry").unwrap().etype, EntityType::Person);
}

#[test]
fn surname_shared_by_two_people_is_not_merged() {
    let doc = run("Kamal Ruswan and Leila Ruswan met the envoy in Lima. Ruswan spoke first.");
    let short = entity_of(&doc, "Ruswan").expect("Ruswan mention");
    assert_eq!(
        short.name, "Ruswan",
        "ambiguous surname stays apart: {:#?}",
        doc.entities
    );
    assert_ne!(
        entity_of(&doc, "Kamal Ruswan").unwrap().name,
        entity_of(&doc, "Leila Ruswan").unwrap().name
    );
}

#[test]
fn short_name_before_full_name() {
    let doc =
        run("Vesk denied it.\n\nLater, Commander Arno Vesk of the Dawn Front admitted the raid.");
    let e = entity_of(&doc, "Vesk").unwrap();
    assert_eq!(e.name, "Arno Vesk", "{:#?}", doc.entities);
}

#[test]
fn acronyms_follow_their_definition_even_when_misspelled() {
    let doc = run(
        "The Northren Liberaton Front (NLF) attacked a convoy. The NLF later retreated to Lima.",
    );
    let e = entity_of(&doc, "NLF").unwrap();
    assert_eq!(e.name, "Northren Liberaton Front");
    assert_eq!(e.etype, EntityType::ArmedGroup);
    assert_eq!(e.mentions.len(), 3);
    let doc = run("The Velda Revolutionary Corps (VRK) sent advisers. VRK officers stayed.");
    assert_eq!(
        entity_of(&doc, "VRK").unwrap().name,
        "Velda Revolutionary Corps"
    );
}

#[test]
fn initialisms_match_earlier_long_names() {
    let doc = run("The Northern Liberation Front struck first. Weeks later the NLF struck again.");
    assert_eq!(
        entity_of(&doc, "NLF").unwrap().name,
        "Northern Liberation Front",
        "{:#?}",
        doc.entities
    );
}

#[test]
fn full_names_in_quotes_and_after_colons_are_aliases() {
    let doc = run("Velkari fighters attacked Lima. Later the militia took its full name, “Velkari: Army of the Free Hills,” from its founder.");
    let e = entity_of(&doc, "Velkari").unwrap();
    assert!(
        e.aliases
            .iter()
            .any(|a| a == "Velkari: Army of the Free Hills"),
        "{e:?}"
    );
    assert!(
        e.aliases.iter().any(|a| a == "Army of the Free Hills"),
        "{e:?}"
    );
    assert_eq!(
        doc.entities
            .iter()
            .filter(|x| x.name.contains("Free Hills"))
            .count(),
        0,
        "{:#?}",
        doc.entities
    );
}

#[test]
fn spelling_variants_of_long_names_merge() {
    let doc = run("Qarvaniyoun fighters shelled Lima. Later, Qarvaniyun fighters withdrew. Qarvani’youn militants returned.");
    let e = entity_of(&doc, "Qarvaniyoun").unwrap();
    assert!(
        e.aliases.iter().any(|a| a == "Qarvaniyun"),
        "{:#?}",
        doc.entities
    );
    assert!(
        e.aliases.iter().any(|a| a == "Qarvani’youn"),
        "{:#?}",
        doc.entities
    );
    // A variant spelling of a person's full name merges; a different surname does not.
    let doc = run("Arvo Brandt met Mira Kallas in Lima. Arvo Brant later met Mira Dallas.");
    assert_eq!(entity_of(&doc, "Arvo Brant").unwrap().name, "Arvo Brandt");
    assert_ne!(
        entity_of(&doc, "Mira Kallas").unwrap().name,
        entity_of(&doc, "Mira Dallas").unwrap().name
    );
}

#[test]
fn apostrophe_and_diacritic_variants_are_one_entity() {
    let doc = run("The Ta’ir Front attacked. The Ta'ir Front denied it. The Tāir Front regrouped.");
    let e = entity_of(&doc, "Ta’ir Front").unwrap();
    assert_eq!(
        e.mentions
            .iter()
            .filter(|&&m| doc.mentions[m].kind == MentionKind::Name)
            .count(),
        3,
        "{e:?}"
    );
}

#[test]
fn demonym_and_possessive_prefixes_become_aliases() {
    let doc =
        run("Italian Sword Brigade fighters crossed over. Italy’s Sword Brigade later denied it.");
    let e = entity(&doc, "Sword Brigade");
    assert!(
        e.aliases.iter().any(|a| a == "Italian Sword Brigade"),
        "{e:?}"
    );
    assert!(
        e.aliases.iter().any(|a| a == "Italy’s Sword Brigade"),
        "{e:?}"
    );
    let italy = entity(&doc, "Italy");
    assert_eq!(italy.etype, EntityType::Country);
}

#[test]
fn nominals_resolve_to_the_recent_group() {
    let doc = run(
        "The Sword of Dawn Brigade attacked Lima in 2019. The group later withdrew to the hills.",
    );
    let e = entity(&doc, "Sword of Dawn Brigade");
    let nominal = e
        .mentions
        .iter()
        .map(|&m| &doc.mentions[m])
        .find(|m| m.kind == MentionKind::Nominal)
        .expect("nominal mention");
    assert_eq!(nominal.text, "The group");
    // No group in reach: nothing is added.
    let doc = run("Kamal Ruswan spoke in Lima. The group was not named.");
    assert!(doc.mentions.iter().all(|m| m.kind != MentionKind::Nominal));
}

#[test]
fn the_group_may_be_an_organization_when_no_armed_group_is_named() {
    let nominal_of = |doc: &Doc| {
        doc.mentions
            .iter()
            .find(|m| m.kind == MentionKind::Nominal)
            .and_then(|m| m.entity)
            .map(|e| doc.entities[e].name.clone())
    };
    let doc = run("The Brenner Valley Association claimed the attack. The group's leader spoke.");
    assert_eq!(
        doc.entities[0].etype,
        EntityType::Organization,
        "{:?}",
        doc.entities
    );
    assert_eq!(
        nominal_of(&doc).as_deref(),
        Some("Brenner Valley Association")
    );
    // an armed group named earlier: "the group" is not the organization
    let doc = run(
        "The Sword of Dawn Brigade attacked Lima in 2019. Its rivals fled. The hills were quiet. \
             The Brenner Valley Association protested. The group's leader spoke.",
    );
    assert_eq!(nominal_of(&doc), None, "{:?}", doc.mentions);
    // two organizations in reach: ambiguous, nothing is added
    let doc = run(
        "The Brenner Valley Association and the Orla Trade Union met. The group's leader spoke.",
    );
    assert_eq!(nominal_of(&doc), None, "{:?}", doc.mentions);
}

#[test]
fn pronouns_stay_unresolved_when_ambiguous() {
    let doc = run("Kamal Ruswan met Tomas Arvid in Lima. He left early.");
    assert!(
        doc.mentions.iter().all(|m| m.kind != MentionKind::Pronoun),
        "{:?}",
        doc.mentions
    );
}

#[test]
fn countries_group_by_country_and_keep_their_names() {
    let doc = run("Peruvian-backed militias entered Peru. The Republic of Peru protested.");
    let e = entity(&doc, "Peru");
    assert_eq!(e.etype, EntityType::Country);
    assert!(e.mentions.len() >= 3, "{e:?}");
}

#[test]
fn empty_and_rerun_are_safe() {
    let mut doc = doc_of("");
    Coref::new().process(&mut doc).unwrap();
    assert!(doc.entities.is_empty());
    let mut doc = run("The Sword of Dawn Brigade attacked Lima. The group withdrew.");
    let n = (doc.mentions.len(), doc.entities.len());
    Coref::new().process(&mut doc).unwrap();
    assert_eq!(
        (doc.mentions.len(), doc.entities.len()),
        n,
        "coref is idempotent"
    );
}

#[test]
fn one_entity_despite_a_taggers_inconsistent_types() {
    let mut doc = doc_of("The Velkari militia attacked Lima. Later Velkari fighters left. Officials blamed Velkari for it.");
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    let mut seen = 0;
    for t in doc.tokens.iter_mut() {
        t.ner = Some("O".into());
        if t.text == "Velkari" {
            t.ner = Some(["B-ORG", "B-PER", "B-LOC"][seen].into());
            seen += 1;
        }
    }
    crate::typing::EntityTyping::new()
        .process(&mut doc)
        .unwrap();
    Coref::new().process(&mut doc).unwrap();
    let named: Vec<&Entity> = doc
        .entities
        .iter()
        .filter(|e| e.name == "Velkari")
        .collect();
    assert_eq!(named.len(), 1, "{:#?}", doc.entities);
    assert_eq!(
        named[0].etype,
        EntityType::ArmedGroup,
        "a single-word person guess yields to group evidence"
    );
    assert_eq!(named[0].mentions.len(), 3);
}

#[test]
fn colon_full_name_outside_quotes() {
    let doc = run("Their banner read Velkari: Army of the Free Hills, in red letters. Velkari fighters stayed.");
    let e = entity_of(&doc, "Velkari").expect("Velkari");
    assert!(
        e.aliases.iter().any(|a| a == "Army of the Free Hills"),
        "{:#?}",
        doc.entities
    );
    assert!(
        e.aliases
            .iter()
            .any(|a| a == "Velkari: Army of the Free Hills"),
        "{e:?}"
    );
    assert_eq!(e.name, "Velkari");
}

#[test]
fn the_rules_hold_among_many_names() {
    // A long document: the short name and the initialism each fit one of
    // hundreds of names (found through the name indexes, not a scan of
    // every cluster), and the many others that share a word with it do not
    // take it.
    let heads = ["Dar", "Kel", "Mun", "Tos", "Bix", "Gup", "Wef", "Hoy"];
    let tails = [
        "velo", "munt", "dorik", "kasta", "lin", "rotte", "pek", "zanbu",
    ];
    // Names far apart in spelling (no two are spelling variants).
    let mut names: Vec<String> = Vec::new();
    for i in 0..64 {
        let name = format!("{}{}", heads[i % 8], tails[i / 8]);
        if names.iter().all(|n| edit_distance(n, &name) >= 3) {
            names.push(name);
        }
    }
    assert!(names.len() >= 20, "{names:?}");
    let mut text = String::from("Vesk denied it.\n\n");
    for name in &names {
        text.push_str(&format!(
            "Commander Arno {name} of the {name} Liberation Front spoke in Tolvane.\n\n"
        ));
    }
    text.push_str("The Northern Liberation Front struck first.\n\n");
    text.push_str("Later, Commander Arno Vesk of the Dawn Front admitted the raid.\n\n");
    text.push_str("Weeks later the NLF struck again.");
    let doc = run(&text);
    let e = entity_of(&doc, "Vesk").unwrap();
    assert_eq!(e.name, "Arno Vesk", "{:#?}", doc.entities);
    assert_eq!(
        entity_of(&doc, "NLF").unwrap().name,
        "Northern Liberation Front"
    );
    // Every commander is his own person, every front its own group.
    for e in &doc.entities {
        let mut full: Vec<&str> = e
            .mentions
            .iter()
            .map(|&m| doc.mentions[m].text.as_str())
            .filter(|t| t.starts_with("Arno "))
            .collect();
        full.sort_unstable();
        full.dedup();
        assert!(full.len() <= 1, "{e:?}");
    }
    let fronts: HashSet<&str> = names
        .iter()
        .filter_map(|n| entity_of(&doc, &format!("{n} Liberation Front")))
        .map(|e| e.name.as_str())
        .collect();
    assert!(fronts.len() >= 20, "{fronts:?}");
}

#[test]
fn issue13_a_name_after_a_language_label_in_parentheses_is_the_same_entity() {
    let doc = run(
        "Ada Ferrin (Hebrew: Adá Ferrinova; Russian: Ада Феррин, romanized: Ada Ferrina; \
         3 May 1950 – 2 June 2001) was a Tolvar politician. Ferrin led the party.",
    );
    let e = entity_of(&doc, "Ada Ferrin").expect("person");
    assert!(e.aliases.iter().any(|a| a == "Ada Ferrina"), "{e:?}");
    let persons = doc
        .entities
        .iter()
        .filter(|e| e.etype == EntityType::Person)
        .count();
    assert_eq!(persons, 1, "{:#?}", doc.entities);
    // a name after another label stays its own entity
    let doc = run("The Kessel Union (chairman: Ada Ferrin) met in Varna.");
    assert!(
        entity_of(&doc, "Ada Ferrin").is_some(),
        "{:#?}",
        doc.entities
    );
}

#[test]
fn issue13_a_parenthesized_name_may_end_in_a_particle_word() {
    let doc = run(
        "Fighting between the Tolvar Dawn Movement (Harakat al-Fajr al-Tolvari) and \
         the police spread.",
    );
    let e = entity_of(&doc, "Tolvar Dawn Movement").expect("movement");
    assert!(
        e.aliases.iter().any(|a| a == "Harakat al-Fajr al-Tolvari"),
        "{e:?}"
    );
}
