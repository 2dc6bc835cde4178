//! Word lists of coreference: determiners and nominal heads, splinter
//! qualifiers, formation nouns, pronouns, full-name cues.

pub(super) const NOMINAL_DET: &[&str] = &["the", "this", "that", "its", "his", "her", "their"];

/// Heads of a definite description of an armed group ("the militia"); the
/// organisations' heads are `NOMINAL_ORG` (together they are not
/// `dossier_extract::lexicon::GROUP_HEADS`: the split decides the type).
pub(super) const NOMINAL_ARMED: &[&str] = &[
    "group",
    "militia",
    "movement",
    "brigade",
    "faction",
    "network",
    "insurgency",
    "outfit",
];

pub(super) const NOMINAL_ORG: &[&str] = &["organization", "organisation", "agency", "party"];

/// Words that, before a group's whole name, name another group: a
/// regional wing or a splinter ("the Northern X", "the Real X").
pub(super) const SPLINTER_QUALIFIERS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "new",
    "real",
    "true",
    "continuity",
    "provisional",
    "official",
    "reformed",
    "renewed",
    "revolutionary",
    "united",
];

/// Head nouns of a formation inside a group ("the Ash Front's Jungle
/// Company", "the Red Hand Northern Column"): a name that is another
/// group's name plus a descriptor and one of these names a unit of that
/// group, not the group itself.
pub(super) const FORMATION_NOUNS: &[&str] = &[
    "brigade",
    "brigades",
    "battalion",
    "battalions",
    "regiment",
    "company",
    "column",
    "cell",
    "detachment",
    "platoon",
    "squad",
    "squadron",
    "wing",
    "unit",
    "division",
    "corps",
];

pub(super) const PRONOUNS: &[&str] = &["he", "his", "him", "she", "her"];

pub(super) const FULL_NAME_CUES: &[&str] = &[
    "full name",
    "official name",
    "also known as",
    "known as",
    "calls itself",
    "called itself",
    "renamed",
    "name means",
    "translates as",
];
