//! Types from the words around a name: an appositive ("X, a town in Y",
//! "X, a charity registered in Y"), a naming noun before it ("the local
//! gang X"), a locative preposition ("near X", "in northern X"), a place
//! noun after it ("X province") or before it ("the town of X", "the mayor
//! of X"). These are general English patterns; they type names that no
//! gazetteer lists.

use crate::gazetteer::Gazetteer;
use crate::text::{fold, is_acronym, is_capitalized};
use dossier_doc::{Doc, EntityType};

/// Nouns naming a kind of place.
pub(crate) const PLACE_NOUNS: &[&str] = &[
    "town",
    "towns",
    "village",
    "villages",
    "city",
    "cities",
    "province",
    "provinces",
    "region",
    "regions",
    "district",
    "districts",
    "department",
    "municipality",
    "municipalities",
    "island",
    "islands",
    "county",
    "governorate",
    "state",
    "capital",
    "port",
    "hamlet",
    "settlement",
    "commune",
    "neighborhood",
    "neighbourhood",
    "suburb",
    "locality",
    "oasis",
];

/// Place nouns that may follow a place's name ("X province", "X state").
const PLACE_SUFFIXES: &[&str] = &[
    "province",
    "region",
    "district",
    "department",
    "municipality",
    "county",
    "governorate",
    "state",
];

/// Nouns before "of X" that make X a place ("the mayor of X", "residents of X").
const OF_PLACE: &[&str] = &[
    "mayor",
    "vice-mayor",
    "governor",
    "residents",
    "inhabitants",
    "outskirts",
    "outskirt",
    "suburbs",
    "streets",
];

/// Prepositions that introduce a place.
const LOCATIVE: &[&str] = &[
    "in",
    "near",
    "outside",
    "around",
    "across",
    "inside",
    "into",
    "at",
    "toward",
    "towards",
    "through",
    "throughout",
];

/// Direction adjectives between a preposition and a place ("in northern X").
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-eastern",
    "north-western",
    "south-eastern",
    "south-western",
    "upper",
    "lower",
    "rural",
    "downtown",
];

/// Head nouns of an appositive that make the name an organization.
const ORG_NOUNS: &[&str] = &[
    "charity",
    "company",
    "firm",
    "foundation",
    "ngo",
    "agency",
    "bank",
    "newspaper",
    "broadcaster",
    "ministry",
    "directorate",
    "department",
    "institute",
    "university",
    "association",
    "union",
    "party",
    "network",
    "body",
    "organization",
    "organisation",
];

/// Head nouns of an appositive, or naming nouns before a name, that make it
/// an armed group. Not the group nouns of `dossier_extract::lexicon::GROUP_HEADS`:
/// "organization" and "network" make it armed only with an armed modifier.
const ARMED_NOUNS: &[&str] = &[
    "militia",
    "cell",
    "faction",
    "gang",
    "cartel",
    "insurgency",
    "outfit",
    "group",
    "movement",
    "brigade",
    "splinter",
    "offshoot",
];

/// Modifiers that make an "organization" or "network" armed ("a trafficking
/// organization", "a jihadist network").
const ARMED_MODIFIERS: &[&str] = &["trafficking", "criminal", "smuggling", "drug", "successor"];

/// Words after an appositive's head noun that end the noun phrase.
const AFTER_HEAD: &[&str] = &[
    ",",
    ".",
    ";",
    ":",
    ")",
    "in",
    "on",
    "of",
    "near",
    "at",
    "that",
    "which",
    "who",
    "where",
    "with",
    "based",
    "headquartered",
    "registered",
    "located",
    "run",
    "led",
    "founded",
    "close",
    "across",
    "along",
    "linked",
    "known",
    "since",
    "from",
];

fn tok(doc: &Doc, k: usize, sentence: usize) -> Option<&str> {
    doc.tokens
        .get(k)
        .filter(|t| t.sentence == sentence)
        .map(|t| t.text.as_str())
}

/// The head noun of an appositive after the name ending at token `b`
/// ("X (XY), a Malian town in …" → "town"), with its modifiers.
fn appositive(doc: &Doc, b: usize) -> Option<(String, Vec<String>)> {
    let sentence = doc.tokens.get(b.checked_sub(1)?)?.sentence;
    let mut k = b;
    // An acronym in parentheses first: "X (XY), a …".
    if tok(doc, k, sentence) == Some("(")
        && tok(doc, k + 1, sentence).is_some_and(is_acronym)
        && tok(doc, k + 2, sentence) == Some(")")
    {
        k += 3;
    }
    if tok(doc, k, sentence) != Some(",") {
        return None;
    }
    k += 1;
    if !matches!(
        tok(doc, k, sentence).map(fold).as_deref(),
        Some("a" | "an" | "the")
    ) {
        return None;
    }
    k += 1;
    let mut mods = Vec::new();
    for _ in 0..4 {
        let w = tok(doc, k, sentence)?;
        let f = fold(w);
        let next = tok(doc, k + 1, sentence).map(fold).unwrap_or_default();
        let is_head_noun = PLACE_NOUNS.contains(&f.as_str())
            || ORG_NOUNS.contains(&f.as_str())
            || ARMED_NOUNS.contains(&f.as_str());
        if is_head_noun
            && w.starts_with(|c: char| c.is_lowercase())
            && (AFTER_HEAD.contains(&next.as_str()) || next.is_empty())
        {
            return Some((f, mods));
        }
        if !w.chars().all(|c| c.is_alphabetic() || c == '-') {
            return None;
        }
        mods.push(f);
        k += 1;
    }
    None
}

/// Whether a place reading is possible: no cue noun of a group or
/// organization, no acronym, not a country or identity.
fn place_shaped(doc: &Doc, g: &Gazetteer, a: usize, b: usize) -> bool {
    (a..b).all(|k| {
        let w = doc.tokens[k].text.as_str();
        // "Velda-based": a hyphenated word ending in a lowercase part.
        let lowercase_tail = w.contains('-')
            && w.rsplit('-')
                .next()
                .is_some_and(|p| p.starts_with(|c: char| c.is_lowercase()));
        let not_a_place = is_acronym(w)
            || lowercase_tail
            || g.is_organization_cue(w)
            || g.is_armed_group_cue(w)
            || g.is_facility_cue(w)
            || g.demonym(w).is_some()
            || g.group_identity(w).is_some();
        !not_a_place
    }) && (a..b).any(|k| is_capitalized(&doc.tokens[k].text))
}

/// The type the context of tokens `a..b` (one name) gives it, with a
/// confidence, if the context is clear.
pub(crate) fn context_type(
    doc: &Doc,
    g: &Gazetteer,
    a: usize,
    b: usize,
    org_reading: bool,
) -> Option<(EntityType, f32)> {
    if a >= b || b > doc.tokens.len() {
        return None;
    }
    let sentence = doc.tokens[a].sentence;
    let word = |k: usize| tok(doc, k, sentence).unwrap_or("");
    let lower = |k: usize| {
        let w = word(k);
        if w.starts_with(|c: char| c.is_lowercase()) {
            fold(w)
        } else {
            String::new()
        }
    };
    let text = doc.slice(doc.tokens[a].start, doc.tokens[b - 1].end);
    if g.country(text).is_some() {
        return None;
    }
    let shaped = place_shaped(doc, g, a, b);
    let possessive_next = crate::recognize::is_possessive(word(b));
    // "X, a Malian town in …", "X, a charity registered in …".
    if let Some((head, mods)) = appositive(doc, b) {
        if PLACE_NOUNS.contains(&head.as_str()) && shaped {
            return Some((EntityType::Location, 0.85));
        }
        let armed_mod = mods
            .iter()
            .any(|m| ARMED_MODIFIERS.contains(&m.as_str()) || g.is_armed_context_cue(m));
        if ARMED_NOUNS.contains(&head.as_str()) || armed_mod && ORG_NOUNS.contains(&head.as_str()) {
            return Some((EntityType::ArmedGroup, 0.85));
        }
        if ORG_NOUNS.contains(&head.as_str()) {
            return Some((EntityType::Organization, 0.85));
        }
    }
    // "the local gang X", "the militia X".
    if a > 0 && !possessive_next {
        let p = lower(a - 1);
        if matches!(
            p.as_str(),
            "gang" | "militia" | "cartel" | "faction" | "cell"
        ) {
            return Some((EntityType::ArmedGroup, 0.8));
        }
    }
    if !shaped || possessive_next {
        return None;
    }
    // "X province", "X state".
    if PLACE_SUFFIXES.contains(&lower(b).as_str()) {
        return Some((EntityType::Location, 0.8));
    }
    // "the town of X", "the mayor of X", "the municipalities of X".
    if a >= 2 && lower(a - 1) == "of" {
        let n = lower(a - 2);
        if PLACE_NOUNS.contains(&n.as_str()) || OF_PLACE.contains(&n.as_str()) {
            return Some((EntityType::Location, 0.8));
        }
    }
    // "near X", "in northern X".
    let mut p = a;
    while p > 0 && DIRECTIONS.contains(&lower(p - 1).as_str()) {
        p -= 1;
    }
    let weak = matches!(
        lower(p.saturating_sub(1)).as_str(),
        "in" | "at" | "into" | "through"
    );
    let away_from = p > 1 && lower(p - 1) == "from" && lower(p - 2) == "away";
    if away_from
        || p > 0 && LOCATIVE.contains(&lower(p - 1).as_str()) && !(org_reading && weak && p == a)
    {
        return Some((EntityType::Location, if p < a { 0.8 } else { 0.75 }));
    }
    // "… to X, where …".
    if word(b) == "," && lower(b + 1) == "where" {
        return Some((EntityType::Location, 0.75));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::doc_of;

    fn typed(text: &str, name: &str) -> Option<EntityType> {
        let doc = doc_of(text);
        let words: Vec<&str> = name.split(' ').collect();
        let a = (0..doc.tokens.len())
            .find(|&i| {
                words
                    .iter()
                    .enumerate()
                    .all(|(j, w)| doc.tokens.get(i + j).is_some_and(|t| t.text == *w))
            })
            .expect("name in text");
        context_type(&doc, Gazetteer::global(), a, a + words.len(), false).map(|x| x.0)
    }

    #[test]
    fn appositives_type_names() {
        assert_eq!(
            typed(
                "They met in Tolva, a small town in eastern Norland.",
                "Tolva"
            ),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed(
                "Ferrin Amal, a charity registered in Tolva, paid.",
                "Ferrin Amal"
            ),
            Some(EntityType::Organization)
        );
        assert_eq!(
            typed(
                "Red Hand Rising (RHR), a Norlandic cell based in Tolva.",
                "Red Hand Rising"
            ),
            Some(EntityType::ArmedGroup)
        );
        assert_eq!(
            typed(
                "It paid the Vask Cartel, a trafficking organization based in Tolva.",
                "Vask Cartel"
            ),
            Some(EntityType::ArmedGroup)
        );
        // "a village chief": the head noun is "chief", not "village".
        assert_eq!(
            typed("Ada Ferrin, a village chief, spoke.", "Ada Ferrin"),
            None
        );
    }

    #[test]
    fn places_from_prepositions_and_place_nouns() {
        assert_eq!(
            typed("Fighters camped near Tolva last year.", "Tolva"),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed("It is strong in northern Tolva.", "Tolva"),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed("They hid in Tolva province.", "Tolva"),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed("He was the mayor of Tolva until 2019.", "Tolva"),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed("He sent men to Tolva, where they stayed.", "Tolva"),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed(
                "The local gang Sombra Negra collects money.",
                "Sombra Negra"
            ),
            Some(EntityType::ArmedGroup)
        );
        assert_eq!(
            typed("He moved it away from Tolva: it failed.", "Tolva"),
            Some(EntityType::Location)
        );
        assert_eq!(
            typed(
                "It is known in Norland-language reports.",
                "Norland-language"
            ),
            None
        );
        // A possessive is a person's or a group's, not a place's.
        assert_eq!(typed("It grew in Ferrin's absence.", "Ferrin"), None);
        // A name the tagger read as an organization needs a clearly spatial preposition.
        let doc = doc_of("There was a rift in Velkari over money.");
        assert_eq!(context_type(&doc, Gazetteer::global(), 5, 6, true), None);
        // Cue nouns of groups are not places.
        assert_eq!(
            typed("He fought in the Tolva Brigade.", "Tolva Brigade"),
            None
        );
        assert_eq!(typed("Ada Ferrin said so.", "Ada Ferrin"), None);
    }
}
