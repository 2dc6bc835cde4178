use super::*;
use crate::testutil::doc_of;

fn found(text: &str) -> Vec<(String, EntityType)> {
    let mut doc = doc_of(text);
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    doc.check_spans().unwrap();
    doc.mentions
        .iter()
        .map(|m| (m.text.clone(), m.label))
        .collect()
}

fn has(v: &[(String, EntityType)], text: &str, label: EntityType) -> bool {
    v.iter().any(|(t, l)| t == text && *l == label)
}

#[test]
fn countries_cities_and_aliases() {
    let v = found("The Republic of Armenia and Türkiye met in Marseille. Later the U.S. objected.");
    assert!(has(&v, "Republic of Armenia", EntityType::Country), "{v:?}");
    assert!(has(&v, "Türkiye", EntityType::Country), "{v:?}");
    assert!(has(&v, "Marseille", EntityType::Location), "{v:?}");
    assert!(has(&v, "U.S.", EntityType::Country), "{v:?}");
    assert!(!v.iter().any(|(t, _)| t == "The" || t == "Later"), "{v:?}");
}

#[test]
fn holidays_are_not_names() {
    let v = found(
        "A Bengali New Year bomb plot was foiled. Kamal Ruswan fled before Eid al-Fitr and New Year's Day.",
    );
    assert!(
        !v.iter()
            .any(|(t, _)| t.contains("Year") || t.contains("Eid")),
        "{v:?}"
    );
    assert!(has(&v, "Kamal Ruswan", EntityType::Person), "{v:?}");
}

#[test]
fn capital_initials_are_not_an_honorific() {
    let v = found("Troops entered DR Congo. Dr Kamal Ruswan and Mr Arno Vesk spoke.");
    assert!(has(&v, "DR Congo", EntityType::Country), "{v:?}");
    assert!(has(&v, "Kamal Ruswan", EntityType::Person), "{v:?}");
    assert!(has(&v, "Arno Vesk", EntityType::Person), "{v:?}");
}

#[test]
fn titles_mark_persons_and_are_not_swallowed() {
    let v = found("Kamal Ruswan, a little-known cleric, founded the Sword of Dawn Brigade in the city of Qarvan.");
    assert!(has(&v, "Kamal Ruswan", EntityType::Person), "{v:?}");
    assert!(
        has(&v, "Sword of Dawn Brigade", EntityType::ArmedGroup),
        "{v:?}"
    );
    assert!(has(&v, "Qarvan", EntityType::Location), "{v:?}");
    let v = found("They met President Lorna Vesk and the mayor, Tomas Arvid, in Oslo.");
    assert!(has(&v, "Lorna Vesk", EntityType::Person), "{v:?}");
    assert!(has(&v, "Tomas Arvid", EntityType::Person), "{v:?}");
    let v = found("He criticized the President of the Republic of Armenia, Lorna Vesk, again.");
    assert!(has(&v, "Republic of Armenia", EntityType::Country), "{v:?}");
}

#[test]
fn cue_nouns_type_unknown_names() {
    let v = found("The Qarvani Ministry of Water and the Northern Liberation Front (NLF) clashed near the Velda River.");
    assert!(
        has(&v, "Northern Liberation Front", EntityType::ArmedGroup),
        "{v:?}"
    );
    assert!(
        has(&v, "NLF", EntityType::Organization) || has(&v, "NLF", EntityType::ArmedGroup),
        "{v:?}"
    );
    assert!(has(&v, "Velda River", EntityType::Location), "{v:?}");
    assert!(
        v.iter()
            .any(|(t, l)| t.contains("Ministry of Water") && *l == EntityType::Organization),
        "{v:?}"
    );
    let v = found("Analysts at the Brenner Research and Study Center disagree.");
    assert!(
        has(
            &v,
            "Brenner Research and Study Center",
            EntityType::Organization
        ),
        "{v:?}"
    );
    let v = found("France and Germany agreed.");
    assert!(
        has(&v, "France", EntityType::Country) && has(&v, "Germany", EntityType::Country),
        "{v:?}"
    );
}

#[test]
fn demonym_and_possessive_prefixes_stay_separate() {
    let v =
        found("The attack was blamed on Italian Sword Brigade fighters and Greece’s Dawn Front.");
    assert!(has(&v, "Italian", EntityType::GroupIdentity), "{v:?}");
    assert!(has(&v, "Sword Brigade", EntityType::ArmedGroup), "{v:?}");
    assert!(has(&v, "Greece", EntityType::Country), "{v:?}");
    assert!(has(&v, "Dawn Front", EntityType::ArmedGroup), "{v:?}");
    let v = found("The Italian Army held drills.");
    assert!(has(&v, "Italian Army", EntityType::Organization), "{v:?}");
}

#[test]
fn collective_possessives_and_members_of_a_group() {
    let v = found("The People's Defence Committees denied it. The Tolvan Workers' Party agreed.");
    assert!(
        has(&v, "People's Defence Committees", EntityType::Organization),
        "{v:?}"
    );
    assert!(
        has(&v, "Tolvan Workers' Party", EntityType::Organization),
        "{v:?}"
    );
    // "Fighters of …" at the start of a sentence: the name follows "of"
    let v = found("Fighters of Kata'ib Sayf al-Jabal were seen nearby.");
    assert!(
        has(&v, "Kata'ib Sayf al-Jabal", EntityType::ArmedGroup),
        "{v:?}"
    );
    assert!(!v.iter().any(|m| m.0.starts_with("Fighters")), "{v:?}");
}

#[test]
fn compounds_identities_and_facilities() {
    let v = found(
        "The Brazilian-backed group attacked Sunni villages and the Chilean embassy in Lima.",
    );
    assert!(has(&v, "Brazilian", EntityType::Country), "{v:?}");
    assert!(has(&v, "Sunni", EntityType::GroupIdentity), "{v:?}");
    assert!(has(&v, "Chilean embassy", EntityType::Facility), "{v:?}");
    assert!(has(&v, "Lima", EntityType::Location), "{v:?}");
    let v = found("Protesters gathered outside Peru’s embassy.");
    assert!(has(&v, "Peru’s embassy", EntityType::Facility), "{v:?}");
}

#[test]
fn all_caps_and_title_case_headings_are_not_names() {
    let v = found("KEY JUDGMENTS\n\nThe Red Hand grew.\n\n2. FOREIGN TIES\n\nA Record of Fear\n\nIt met Ada Ferrin in Tolva.");
    assert!(
        !v.iter()
            .any(|(t, _)| t.contains("JUDGMENTS") || t.contains("FOREIGN") || t.contains("Record")),
        "{v:?}"
    );
    // A particle-capitalized word ("al-Hudra") is not lowercase vocabulary.
    let v = found("Katiba Ansar al-Hudra: A Profile\n\nThe Katiba Ansar al-Hudra grew in Tolva.");
    assert!(v.iter().any(|(t, _)| t == "Katiba Ansar al-Hudra"), "{v:?}");
}

#[test]
fn a_name_goes_on_through_the_article_after_and() {
    // "wal-" ("and the"), "wa" are transliterated particles inside a name,
    // not the end of it.
    let v = found("The governor blamed the Harakat-e-Nasr wal-Jihad, which has killed pilgrims before. Jamaat Nusrat al-Din wal-Mustadafin claimed the attack.");
    assert!(
        v.iter().any(|(t, _)| t == "Harakat-e-Nasr wal-Jihad"),
        "{v:?}"
    );
    assert!(
        v.iter()
            .any(|(t, _)| t == "Jamaat Nusrat al-Din wal-Mustadafin"),
        "{v:?}"
    );
}

#[test]
fn headings_and_furniture_are_not_names() {
    let v = found(
        "Formation and Leadership of the Militia\n\nThe militia had a formation and leadership.",
    );
    assert!(
        !v.iter()
            .any(|(t, _)| t.contains("Formation") || t.contains("Leadership")),
        "{v:?}"
    );
    let v = found("Publication: Dawn Monitor Volume: 20 Issue: 4");
    assert!(has(&v, "Dawn Monitor", EntityType::Organization), "{v:?}");
    assert!(
        !v.iter()
            .any(|(t, _)| t.contains("Volume") || t.contains("Issue")),
        "{v:?}"
    );
    assert!(found("").is_empty());
    assert!(found("In March, on Monday.").is_empty());
}

#[test]
fn connectors_particles_and_lowercase_cues() {
    // Maghrebi and Tuareg filiation particles ("son of") join a name.
    for (text, name) in [
        (
            "Commander Salek ould Bekri led the raid.",
            "Salek ould Bekri",
        ),
        ("The cell was run by Amadou ag Tirka.", "Amadou ag Tirka"),
    ] {
        let v = found(text);
        assert!(has(&v, name, EntityType::Person), "{text}: {v:?}");
    }
    let v = found(
        "Forces loyal to Omar bin Talal al-Rashid crossed the Velda river near the town of Qarvan.",
    );
    assert!(
        has(&v, "Omar bin Talal al-Rashid", EntityType::Person),
        "{v:?}"
    );
    assert!(has(&v, "Velda river", EntityType::Location), "{v:?}");
    assert!(has(&v, "Qarvan", EntityType::Location), "{v:?}");
    let v =
        found("Sheikh Arvo Brandt spoke to the Council of Free Hills about the Army of the South.");
    assert!(has(&v, "Arvo Brandt", EntityType::Person), "{v:?}");
    assert!(
        has(&v, "Council of Free Hills", EntityType::Organization),
        "{v:?}"
    );
    assert!(
        v.iter().any(|(t, l)| t == "Army of the South"
            && matches!(l, EntityType::Organization | EntityType::ArmedGroup)),
        "{v:?}"
    );
}

#[test]
fn long_names_cross_against_and_in_with_an_acronym() {
    let v = found("Agents from the Central Service for the Fight against Smuggling (CSFS) met.");
    assert!(
        v.iter()
            .any(|(t, _)| t == "Central Service for the Fight against Smuggling"),
        "{v:?}"
    );
    let v = found("He joined the Movement for Unity and Jihad in West Norland (MUJWN) in 2012.");
    assert!(
        v.iter()
            .any(|(t, _)| t == "Movement for Unity and Jihad in West Norland"),
        "{v:?}"
    );
    let v = found("Relations with the Dawn State in the Greater Tolva (DSGT) are bad.");
    assert!(
        v.iter()
            .any(|(t, _)| t == "Dawn State in the Greater Tolva"),
        "{v:?}"
    );
    // Without an acronym spelling it, "in" ends the name.
    let v = found("The Dawn Front in Tolva grew. Ada Ferrin fought against Velda.");
    assert!(v.iter().any(|(t, _)| t == "Dawn Front"), "{v:?}");
    assert!(!v.iter().any(|(t, _)| t.contains("against")), "{v:?}");
}

#[test]
fn groups_named_after_a_date() {
    for (text, name) in [
        (
            "The 4 March Movement claimed the bombing in Korva.",
            "4 March Movement",
        ),
        (
            "Members of the May 19th Revolutionary Organization were held.",
            "May 19th Revolutionary Organization",
        ),
        (
            "He joined the 26th of July Movement in Tamsin.",
            "26th of July Movement",
        ),
    ] {
        let v = found(text);
        assert!(v.iter().any(|(t, _)| t == name), "{text}: {v:?}");
    }
    // A province's name inside a longer run does not split it.
    let v = found("Fighters entered Tal Afar on Monday.");
    assert!(!v.iter().any(|(t, _)| t == "Afar" || t == "Tal"), "{v:?}");
    // A date before a name is a date.
    let v = found("On 4 March Korva Police arrested him.");
    assert!(!v.iter().any(|(t, _)| t.contains("March")), "{v:?}");
}

#[test]
fn titles_in_a_row_inside_a_run_plural_and_portfolios() {
    for (text, person, not) in [
        (
            "General Secretary Arvid Kestrel visited Korva.",
            "Arvid Kestrel",
            "Secretary Arvid Kestrel",
        ),
        (
            "The KSB President Lorn Havik said the unit would act.",
            "Lorn Havik",
            "KSB President Lorn Havik",
        ),
        (
            "Varna Supreme Court Justice Ellen Dorsey ruled on the case.",
            "Ellen Dorsey",
            "Varna Supreme Court Justice Ellen Dorsey",
        ),
        (
            "Prime Ministers Arun Pal and Dev Sen met in Korva.",
            "Arun Pal",
            "Prime Ministers Arun Pal",
        ),
        (
            "Minister of Defence Wai Sorn visited the troops.",
            "Wai Sorn",
            "Defence Wai Sorn",
        ),
    ] {
        let v = found(text);
        assert!(has(&v, person, EntityType::Person), "{text}: {v:?}");
        assert!(!v.iter().any(|(t, _)| t == not), "{text}: {v:?}");
    }
    for text in [
        "Crowds marched for Arlo Luther King Jr. in Korva.",
        "They dined at the Ocean King Restaurant.",
    ] {
        let v = found(text);
        assert!(
            !v.iter().any(|(t, _)| t == "Jr." || t == "Restaurant"),
            "{text}: {v:?}"
        );
    }
    // A title word inside a body's name with no person after it stays the body.
    let v = found("Officers of the Varna Chief Prosecutor Office met.");
    assert!(!v.iter().any(|(_, l)| *l == EntityType::Person), "{v:?}");
}

#[test]
fn titled_offices_and_facilities_with_adjectives() {
    let v = found(
        "Prosecutors at the Attorney General's Office met at the Velda international bridge.",
    );
    assert!(
        has(&v, "Attorney General's Office", EntityType::Organization),
        "{v:?}"
    );
    assert!(
        has(&v, "Velda international bridge", EntityType::Facility),
        "{v:?}"
    );
    for (text, name) in [
        (
            "A bomb exploded at the Sar Venna bus station on Monday.",
            "Sar Venna bus station",
        ),
        (
            "Rockets hit the Qasr Tamil air base overnight.",
            "Qasr Tamil air base",
        ),
        (
            "Gunmen stormed the Dorval police station.",
            "Dorval police station",
        ),
        (
            "Travellers waited at the Korvatsk railway station.",
            "Korvatsk railway station",
        ),
    ] {
        let v = found(text);
        assert!(has(&v, name, EntityType::Facility), "{text}: {v:?}");
    }
    for text in [
        "They bombed a Dorval police station in 1970.",
        "Rockets hit a Tamsini air base.",
    ] {
        let v = found(text);
        assert!(
            !v.iter().any(|(_, l)| *l == EntityType::Facility),
            "{text}: {v:?}"
        );
    }
    // A place before a plain "station" stays a place; a lone modifier
    // does not make a facility.
    let v = found("Fighting spread from Dorval to the station.");
    assert!(!v.iter().any(|(_, l)| *l == EntityType::Facility), "{v:?}");
    let v = found("Diplomats stay at the Grand Hotel du Fleuve in Lima.");
    assert!(
        has(&v, "Grand Hotel du Fleuve", EntityType::Facility),
        "{v:?}"
    );
    let v = found("Its Norwegian-language statements were read.");
    assert!(!v.iter().any(|(_, l)| *l == EntityType::Country), "{v:?}");
}

#[test]
fn capitalized_adjectives_before_nouns_are_not_names() {
    let mut doc = doc_of("Most of them were Ferrin's Vedic students. Later Kardian officials met.");
    for t in doc.tokens.iter_mut() {
        t.pos = Some(
            if matches!(t.text.as_str(), "students" | "officials") {
                "NNS"
            } else {
                "NNP"
            }
            .into(),
        );
    }
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    assert!(
        !doc.mentions
            .iter()
            .any(|m| m.text == "Vedic" || m.text == "Kardian"),
        "{:?}",
        doc.mentions
    );
}

#[test]
fn demonyms_before_state_nouns_are_countries() {
    let v = found("Peruvian authorities arrested him in the Chilean town of Arica. A Peruvian preacher spoke.");
    assert!(has(&v, "Peruvian", EntityType::Country), "{v:?}");
    assert!(has(&v, "Chilean", EntityType::GroupIdentity), "{v:?}");
    assert!(has(&v, "Peruvian", EntityType::GroupIdentity), "{v:?}");
}

#[test]
fn operations_and_country_words_spelled_by_an_acronym() {
    let v = found("In 2019 the army launched Operation Calm Waters against the Tolva Delta Avengers (TDA) and the Peru Delta Avengers (PDA).");
    assert!(!v.iter().any(|(t, _)| t.contains("Calm")), "{v:?}");
    assert!(v.iter().any(|(t, _)| t == "Peru Delta Avengers"), "{v:?}");
    let v = found("The group operates across the Peru Delta and beyond.");
    assert!(has(&v, "Peru Delta", EntityType::Location), "{v:?}");
}

#[test]
fn sentence_initial_common_nouns_before_of_are_not_names() {
    let v = found("Estimates of the Dawn Front vary. Unless the Dawn Front splits, it grows.");
    assert!(v.iter().any(|(t, _)| t == "Dawn Front"), "{v:?}");
    assert!(
        !v.iter()
            .any(|(t, _)| t.contains("Estimates") || t.contains("Unless")),
        "{v:?}"
    );
    let v = found("Army of the Free Hills fighters attacked. The Army of the Free Hills grew.");
    assert!(
        v.iter()
            .any(|(t, _)| t.starts_with("Army of the Free Hills")),
        "{v:?}"
    );
}

#[test]
fn numbered_units_are_state_forces() {
    let v = found("Soldiers of the army's 27th Jungle Brigade and the 3rd Division raided Tolva.");
    assert!(
        has(&v, "27th Jungle Brigade", EntityType::Organization),
        "{v:?}"
    );
    assert!(has(&v, "3rd Division", EntityType::Organization), "{v:?}");
    assert!(is_ordinal("103rd") && !is_ordinal("2019") && !is_ordinal("th"));
}

#[test]
fn cue_noun_of_a_country_is_one_name() {
    let v = found("Soldiers from the Armed Forces of the Philippines and the Revolutionary Armed Forces of Peru clashed.");
    assert!(
        has(
            &v,
            "Armed Forces of the Philippines",
            EntityType::Organization
        ),
        "{v:?}"
    );
    assert!(
        has(
            &v,
            "Revolutionary Armed Forces of Peru",
            EntityType::ArmedGroup
        ),
        "{v:?}"
    );
    assert!(insurgent_name(&["National", "Liberation", "Army"]));
    assert!(!insurgent_name(&[
        "Islamic",
        "Revolutionary",
        "Guard",
        "Corps"
    ]));
}

#[test]
fn acronyms_are_marked() {
    let mut doc = doc_of("Officials of the VDF met in Lima.");
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    let m = doc
        .mentions
        .iter()
        .find(|m| m.text == "VDF")
        .expect("acronym mention");
    assert_eq!(m.kind, MentionKind::Acronym);
}

#[test]
fn a_wire_dateline_is_one_place() {
    for (text, place) in [
        ("SANTA LUCIA DEL RIO, 12/08/2011 - Armed men hijacked a bus on the coast road.", "SANTA LUCIA DEL RIO"),
        ("PORT VARNA, 9 November 2017 \u{2013} A car bomb exploded outside a hotel.", "PORT VARNA"),
        ("KUALA TEMBIR, Jan 22 (Wire) \u{2014} Gunmen shot dead two teachers.", "KUALA TEMBIR"),
        ("TELL ASHRAF, March 27, 2015 \u{2014} Twenty people were killed in a blast.", "TELL ASHRAF"),
        ("SAN PEDRO DE LAS LOMAS, Alto Verde, June 4, 2014 \u{2014} Rebels burned a depot.", "SAN PEDRO DE LAS LOMAS"),
        ("NOVI GRADEC-JUG, Aug 30 (VNA) \u{2013} Unknown attackers threw petrol bombs.", "NOVI GRADEC-JUG"),
        ("Sunday Edition\nJUBA NORTE, March 3 \u{2014} Suspected members of a militia opened fire.", "JUBA NORTE"),
    ] {
        let v = found(text);
        assert!(has(&v, place, EntityType::Location), "{text}: {v:?}");
        assert_eq!(
            v.iter().filter(|(t, _)| place.contains(t.as_str())).count(),
            1,
            "{text}: {v:?}"
        );
    }
}

#[test]
fn capitals_that_open_no_dateline_are_left_alone() {
    // no date and dash after the comma, or not at a line's start
    for text in [
        "NATO, the alliance, said the talks would go on.",
        "Gunmen struck at dawn. KARVASH, 12 May \u{2014} a town in ruins.",
        "UNITED FRONT, A HISTORY\nThe front was founded in 1990.",
    ] {
        let mut doc = doc_of(text);
        GazetteerRecognizer::new().process(&mut doc).unwrap();
        assert!(dateline_place(&doc).is_none(), "{text}");
        assert!(
            !doc.mentions.iter().any(|m| m.source == "dateline"),
            "{text}"
        );
    }
}

#[test]
fn south_asian_head_nouns_name_armed_groups() {
    // "sena" (army), "morcha" (front), "lashkar" (army), "tehreek" /
    // "tehrik" (movement): not a person's name (a hyphenated first word,
    // "Tehreek-e-…", is one token and not yet read as its head noun)
    for (text, name) in [
        (
            "Fighters of the Gram Mukti Sena attacked a police post.",
            "Gram Mukti Sena",
        ),
        (
            "The Lok Raksha Morcha claimed the bombing of a bridge.",
            "Lok Raksha Morcha",
        ),
        (
            "Police blamed the Janata Azad Sena for the ambush.",
            "Janata Azad Sena",
        ),
        (
            "A faction broke away to form the Nava Kranti Morcha last year.",
            "Nava Kranti Morcha",
        ),
        (
            "Gunmen of Lashkar Sarfaroshan opened fire on a bus.",
            "Lashkar Sarfaroshan",
        ),
        (
            "The Tehrik Insaf Watan denied any role in the blast.",
            "Tehrik Insaf Watan",
        ),
    ] {
        let v = found(text);
        assert!(has(&v, name, EntityType::ArmedGroup), "{text}: {v:?}");
    }
}

#[test]
fn issue13_a_hedge_or_a_doer_noun_opening_a_report_is_no_name() {
    let mut doc = doc_of("04/22/2014: Suspected Orsk Valley Brigade militants attacked a post in Verro. Assailants fled. Police had heard a song called \"Unknown Heroes\" in Verro.");
    GazetteerRecognizer::new().process(&mut doc).unwrap();
    // as the NER spans may read them
    let span = |doc: &Doc, text: &str| {
        let b = doc.text.find(text).unwrap();
        let start = doc.text[..b].chars().count();
        let sentence = doc
            .sentences
            .iter()
            .position(|s| s.start <= start && start < s.end)
            .unwrap();
        Mention {
            start,
            end: start + text.chars().count(),
            sentence,
            text: text.to_string(),
            label: EntityType::Organization,
            kind: MentionKind::Name,
            source: "test".into(),
            confidence: 0.9,
            entity: None,
        }
    };
    doc.mentions = vec![
        span(&doc, "Suspected Orsk Valley Brigade"),
        span(&doc, "Assailants"),
        span(&doc, "Unknown Heroes"),
    ];
    hedged_leads(&mut doc);
    doc.check_spans().unwrap();
    let v: Vec<&str> = doc.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(v, ["Orsk Valley Brigade", "Unknown Heroes"]);
    assert_eq!(
        doc.slice(doc.mentions[0].start, doc.mentions[0].end),
        "Orsk Valley Brigade"
    );
}

#[test]
fn issue13_a_one_word_body_the_document_keeps_naming_is_found() {
    // "the X" twice, ending its noun phrase, never in lowercase: a body,
    // armed where a sentence naming it holds armed context
    let v = found(
        "Talks stalled in March. Later the Orvani held the bridge at Kesh after \
         rival militias withdrew. The truce lasted until the Orvani said it would end. \
         Donors wrote to Orvani leaders.",
    );
    assert!(has(&v, "Orvani", EntityType::ArmedGroup), "{v:?}");
    assert!(
        v.iter().filter(|(t, _)| t == "Orvani").count() >= 3,
        "every mention, with \"the\" or not: {v:?}"
    );
    let v = found(
        "Aid arrived in June. Officials of the Mirvela visited the port, and the \
         Mirvela said it would fund two clinics.",
    );
    assert!(has(&v, "Mirvela", EntityType::Organization), "{v:?}");
    // once only, or only as a modifier ("the Tolvani camp"), or also written
    // in lowercase: too vague to keep
    for text in [
        "Aid arrived in June. The ministry thanked the Tolvani for it.",
        "Aid arrived in June. The Tolvani camp and the Tolvani estate were closed.",
        "Aid arrived in June. The Tolvani thanked the Tolvani and the tolvani.",
    ] {
        let v = found(text);
        assert!(!v.iter().any(|(t, _)| t == "Tolvani"), "{text}: {v:?}");
    }
}
