//! Date words: month and weekday names, bound words ("since", "by"), temporal
//! prepositions, counted nouns and ordinals.

use super::*;

/// Words that, before a date, bound it (`since 2014`): the mention keeps
/// them in its text and its value stays the date itself.
pub const BOUND_WORDS: &[&str] = &[
    "since",
    "from",
    "by",
    "until",
    "till",
    "before",
    "after",
    "as of",
    "as early as",
    "as late as",
];

/// The bound word a date mention's text starts with (`since`, `by`, …), if any.
pub fn bound_word(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    BOUND_WORDS
        .iter()
        .copied()
        .filter(|w| lower.starts_with(&format!("{w} ")))
        .max_by_key(|w| w.len())
}

// ---------------------------------------------------------------- lexicons

pub(super) fn month_word(a: &Atom, prev: Option<&Atom>, next: Option<&Atom>) -> Option<u8> {
    if !a.is_word() || !a.capitalized() {
        return None;
    }
    if let Some(full) = dossier_doc::edtf::month_number(&a.lower) {
        return Some(full);
    }
    let abbr = match a.lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" | "sept" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    // An abbreviation needs its dot or a number after it, or a day before
    // it ("2 Nov:", "11 JUN, 0600 hrs" in incident logs).
    let dotted_or_day_after =
        next.is_some_and(|n| (n.is_punct('.') && n.start == a.end) || n.is_num());
    let day_before = prev.is_some_and(|p| p.digits() && p.text.len() <= 2);
    (dotted_or_day_after || day_before).then_some(abbr)
}

pub(super) fn weekday_word(a: &Atom) -> Option<u8> {
    if !a.capitalized() {
        return None;
    }
    Some(match a.lower.as_str() {
        "monday" => 0,
        "tuesday" => 1,
        "wednesday" => 2,
        "thursday" => 3,
        "friday" => 4,
        "saturday" => 5,
        "sunday" => 6,
        _ => return None,
    })
}

/// Words after which a bare year or month is a date.
pub(super) const TEMPORAL_PREPS: &[&str] = &[
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "to",
    "through",
    "between",
    "during",
    "before",
    "after",
    "of",
    "early",
    "mid",
    "late",
    "around",
    "circa",
    "throughout",
    "on",
    "and",
    "or",
    "until",
    "as",
    "into",
];

/// Counted nouns that make a preceding 4-digit number a quantity.
pub(super) const COUNT_NOUNS: &[&str] = &[
    "people",
    "persons",
    "men",
    "women",
    "children",
    "fighters",
    "members",
    "troops",
    "soldiers",
    "militants",
    "civilians",
    "police",
    "policemen",
    "officers",
    "students",
    "supporters",
    "followers",
    "refugees",
    "km",
    "kilometers",
    "kilometres",
    "miles",
    "meters",
    "metres",
    "feet",
    "tons",
    "tonnes",
    "dollars",
    "euros",
    "rounds",
    "rockets",
    "missiles",
    "vehicles",
    "households",
    "families",
    "votes",
    "pages",
];

pub(super) const ORDINAL_SUFFIXES: &[&str] = &["st", "nd", "rd", "th"];

pub(super) fn ordinal_word(w: &str) -> Option<u32> {
    Some(match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "twenty-first" => 21,
        _ => return None,
    })
}
