//! Types that a name's own head noun fixes, whatever the recognizers or
//! the context made of it (issue 13): a building or site named by its
//! head ("Murrah Federal Building", "Oaklawn Cemetery", "Fort Dix", "Camp
//! Harrow") is a facility (corpus/GUIDE.md §2.1: a named building or site),
//! never a person, a place or, for the nouns no body is named by, an
//! organization; a state force's numbered formation ("10th Mechanized
//! Infantry Brigade", "141st Signal Battalion") is an organization (the
//! guide: state forces are organizations, never armed groups); a name
//! typed person that opens with a place name's generic word ("Wadi
//! Haddan", "Santa Lumina") is a location.
//!
//! The nouns are reference data (general English head nouns), not names.

use crate::gazetteer::Gazetteer;
use crate::text::fold;
use dossier_doc::EntityType;

/// Head nouns of buildings and sites that no body, place or person is
/// named by: a name ending in one is a facility whatever it was typed.
const BUILDING_HEADS: &[&str] = &[
    "building",
    "buildings",
    "cemetery",
    "motel",
    "hotel",
    "library",
    "memorial",
    "prison",
    "jail",
    "embassy",
    "consulate",
    "restaurant",
    "hospital",
    "mosque",
    "synagogue",
    "cathedral",
    "shrine",
    "barracks",
    "refinery",
    "stadium",
    "airport",
    "airbase",
];

/// Head nouns of buildings that also end bodies' names ("Freedom House",
/// "Carter Center") or surnames ("Tower"): a name ending in one is a
/// facility only where it was typed a place ("the White House", "South
/// Tower" read as places).
const SITE_HEADS: &[&str] = &[
    "tower",
    "towers",
    "palace",
    "house",
    "center",
    "centre",
    "headquarters",
    "station",
    "school",
    "college",
    "mall",
    "complex",
];

/// Words opening the name of a military post or camp ("Fort Dix", "Camp
/// Harrow").
const SITE_OPENERS: &[&str] = &["fort", "camp"];

/// Generic words that open place names in many languages ("Wadi Haddan",
/// "Barangay Tolvan", "Santa Lumina", "Deir Kessel", "Puerto Velm"): a
/// name opening with one is a place, never a person's name.
const PLACE_OPENERS: &[&str] = &[
    "wadi", "barangay", "santa", "santo", "puerto", "tanjong", "deir", "dayr", "kafr", "jebel",
    "jabal", "ain", "tell", "los", "las", "alto", "ciudad", "isla", "nueva", "nuevo",
];

/// Head nouns of a regular army's formations, which a numbered name
/// ("10th Mechanized Infantry Brigade") makes a state force's unit.
const UNIT_HEADS: &[&str] = &[
    "brigade",
    "battalion",
    "division",
    "regiment",
    "corps",
    "army",
    "squadron",
    "infantry",
    "artillery",
    "cavalry",
    "fleet",
];

/// An ordinal opening a unit's name: "10th", "141st", "Third".
fn is_ordinal(w: &str) -> bool {
    let f = fold(w);
    let digits = f.trim_end_matches(|c: char| c.is_alphabetic());
    let suffix = &f[digits.len()..];
    (!digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th"))
        || matches!(
            f.as_str(),
            "first"
                | "second"
                | "third"
                | "fourth"
                | "fifth"
                | "sixth"
                | "seventh"
                | "eighth"
                | "ninth"
                | "tenth"
        )
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The type the head noun of `name` gives an entity typed `current`, where
/// it differs: a facility for a building's or site's name, an organization
/// for a state force's numbered unit; `None` where the name's words do not
/// decide. A name the gazetteer knows as a place ("Fort Worth") keeps its
/// type, and so do group identities.
pub fn type_from_head(g: &Gazetteer, name: &str, current: EntityType) -> Option<EntityType> {
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 || matches!(current, EntityType::GroupIdentity) {
        return None;
    }
    let (first, last) = (words[0], words[words.len() - 1]);
    let head = fold(last);
    if is_ordinal(first) && UNIT_HEADS.contains(&head.as_str()) && capitalized(last) {
        // typed an armed group, or a base, a place or a person for the
        // unit ("the 3rd Infantry Division" read as a site)
        return matches!(
            current,
            EntityType::ArmedGroup
                | EntityType::Facility
                | EntityType::Location
                | EntityType::Person
        )
        .then_some(EntityType::Organization);
    }
    if current == EntityType::Facility || g.place(name).is_some() {
        return None;
    }
    if current == EntityType::Person
        && capitalized(first)
        && capitalized(words[1])
        && PLACE_OPENERS.contains(&fold(first).as_str())
    {
        return Some(EntityType::Location);
    }
    let building = capitalized(last) && BUILDING_HEADS.contains(&head.as_str());
    let site =
        capitalized(last) && SITE_HEADS.contains(&head.as_str()) && current == EntityType::Location;
    let post = SITE_OPENERS.contains(&fold(first).as_str())
        && capitalized(first)
        && capitalized(words[1])
        && !matches!(current, EntityType::Country);
    (building || site || post).then_some(EntityType::Facility)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str, current: EntityType) -> Option<EntityType> {
        type_from_head(Gazetteer::global(), name, current)
    }

    #[test]
    fn issue13_buildings_and_sites_are_facilities() {
        use EntityType::*;
        assert_eq!(t("Varn Federal Building", Organization), Some(Facility));
        assert_eq!(t("Tolva Prison", Person), Some(Facility));
        assert_eq!(t("Ostrava Hill Cemetery", Location), Some(Facility));
        assert_eq!(t("Fort Kessel", Location), Some(Facility));
        assert_eq!(t("Camp Harrow", Organization), Some(Facility));
        assert_eq!(t("North Tower", Location), Some(Facility));
        // heads that also end bodies' names or surnames: places only
        assert_eq!(t("Amal House", Organization), None);
        assert_eq!(t("Ada Tower", Person), None);
        assert_eq!(t("Ferrin Center", Organization), None);
        // already a facility, one word, a known place, a lowercase head
        assert_eq!(t("Tolva Prison", Facility), None);
        assert_eq!(t("Prison", Organization), None);
        assert_eq!(t("Fort Worth", Location), None);
        assert_eq!(t("Tolva prison", Location), None);
        assert_eq!(t("Ada Ferrin", Person), None);
        assert_eq!(t("", Person), None);
    }

    #[test]
    fn issue13_a_person_named_like_a_place_is_a_place() {
        use EntityType::*;
        assert_eq!(t("Wadi Tolvan", Person), Some(Location));
        assert_eq!(t("Santa Orla", Person), Some(Location));
        assert_eq!(t("Barangay Kessel", Person), Some(Location));
        // only a person is retyped, and only by an opening generic word
        assert_eq!(t("Wadi Tolvan", Organization), None);
        assert_eq!(t("Ada Santa", Person), None);
        assert_eq!(t("Santa", Person), None);
        assert_eq!(t("San Vell", Person), None);
    }

    #[test]
    fn issue13_numbered_units_are_state_forces() {
        use EntityType::*;
        assert_eq!(
            t("10th Mechanized Infantry Brigade", ArmedGroup),
            Some(Organization)
        );
        assert_eq!(t("141st Signal Battalion", ArmedGroup), Some(Organization));
        assert_eq!(t("Third Army", ArmedGroup), Some(Organization));
        assert_eq!(t("10th Brigade", Organization), None);
        // issue13: a unit read as a site, a place or a person
        assert_eq!(t("3rd Infantry Division", Facility), Some(Organization));
        assert_eq!(t("2nd Battalion", Location), Some(Organization));
        assert_eq!(t("Fifth Army", Person), Some(Organization));
        assert_eq!(t("1st Army", Country), None);
        // no ordinal, or no unit head
        assert_eq!(t("Tolva Brigade", ArmedGroup), None);
        assert_eq!(t("Third Way", ArmedGroup), None);
        assert_eq!(t("1st", ArmedGroup), None);
        assert_eq!(t("May 19th Brigade", ArmedGroup), None);
    }
}
