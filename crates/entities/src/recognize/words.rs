//! Word lists of the recognizer: stop words, calendar words and holidays, page
//! furniture, facility and place cues, insurgent words, and the predicates over
//! them.

use super::*;

/// Function words and other words that never start or continue a name even
/// when capitalized (sentence-initially, in headings).
pub(crate) const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "from",
    "by",
    "with",
    "as",
    "and",
    "or",
    "but",
    "nor",
    "so",
    "yet",
    "if",
    "although",
    "though",
    "while",
    "when",
    "where",
    "whereas",
    "after",
    "before",
    "since",
    "until",
    "upon",
    "over",
    "under",
    "during",
    "despite",
    "because",
    "however",
    "moreover",
    "furthermore",
    "meanwhile",
    "nevertheless",
    "therefore",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "his",
    "him",
    "she",
    "her",
    "hers",
    "they",
    "their",
    "them",
    "we",
    "our",
    "us",
    "you",
    "your",
    "i",
    "me",
    "my",
    "there",
    "here",
    "each",
    "every",
    "all",
    "some",
    "many",
    "most",
    "several",
    "both",
    "either",
    "neither",
    "no",
    "not",
    "such",
    "other",
    "another",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "why",
    "how",
    "then",
    "thus",
    "also",
    "only",
    "even",
    "still",
    "according",
    "following",
    "between",
    "among",
    "against",
    "within",
    "without",
    "about",
    "around",
    "into",
    "onto",
    "through",
    "across",
    "per",
    "via",
    "like",
    "unlike",
    "be",
    "is",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "shall",
    "should",
    "must",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "first",
    "second",
    "third",
    "last",
    "yes",
    "mr",
    "mrs",
    "ms",
    "dr",
    "see",
    "note",
    "notes",
    "read",
    "more",
    "less",
    "much",
    "very",
    "further",
    "whether",
    "unless",
    "once",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tomorrow",
];

/// Day names, lowercase.
pub(super) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Whether a folded word is a month (or its abbreviation) or a day name.
pub(crate) fn is_calendar_word(f: &str) -> bool {
    dossier_doc::edtf::month_or_abbreviation(f).is_some() || WEEKDAYS.contains(&f)
}

/// Holidays and festivals (folded): dates of the calendar, not entities
/// ("a Bengali New Year gathering", "during Eid al-Fitr").
pub(crate) const HOLIDAYS: &[&str] = &[
    "new year",
    "lunar new year",
    "christmas",
    "christmas eve",
    "christmas day",
    "easter",
    "good friday",
    "palm sunday",
    "ramadan",
    "ramazan",
    "eid",
    "eid al-fitr",
    "eid ul-fitr",
    "eid al-adha",
    "eid ul-adha",
    "eid al-azha",
    "bakrid",
    "mawlid",
    "mawlid al-nabi",
    "milad un-nabi",
    "ashura",
    "ashoura",
    "aashura",
    "arbaeen",
    "arba'een",
    "arbayeen",
    "arbain",
    "nowruz",
    "newroz",
    "norouz",
    "passover",
    "hanukkah",
    "yom kippur",
    "rosh hashanah",
    "diwali",
    "holi",
    "durga puja",
    "navratri",
    "vesak",
    "songkran",
    "tet",
    "thanksgiving",
    "halloween",
    "independence day",
];

/// Whether `words` name a holiday, perhaps after a nationality, language
/// or faith ("Bengali New Year", "Eid al-Fitr", "Christmas"); a trailing
/// possessive is ignored ("New Year's"). Holiday names are words, so a
/// possessive inside ("New Year's Day") is where a name ends, not part of it.
pub(crate) fn is_holiday(g: &Gazetteer, words: &[&str]) -> bool {
    let mut words = words;
    while let Some((last, rest)) = words.split_last() {
        if !is_possessive(last) {
            break;
        }
        words = rest;
    }
    let identity = |w: &str| {
        g.demonym(w).is_some()
            || g.group_identity(w).is_some()
            || g.country(w).is_some()
            || g.is_language(w)
    };
    // The holiday starts after the leading identity words, if at all.
    let lead = words.iter().take_while(|w| identity(w)).count();
    (0..=lead.min(words.len().saturating_sub(1)))
        .any(|k| HOLIDAYS.contains(&fold(&words[k..].join(" ")).as_str()))
}

/// Words of document furniture (headings, captions, citation lines).
pub(crate) const FURNITURE: &[&str] = &[
    "volume",
    "issue",
    "page",
    "pages",
    "publication",
    "published",
    "source",
    "sources",
    "notes",
    "figure",
    "fig",
    "table",
    "chapter",
    "section",
    "abstract",
    "introduction",
    "conclusion",
    "conclusions",
    "summary",
    "author",
    "authors",
    "editor",
    "photo",
    "image",
    "credit",
    "credits",
    "map",
    "appendix",
    "references",
    "bibliography",
    "endnotes",
    "footnotes",
    "contents",
    "keywords",
    "tags",
    "share",
    "print",
    "email",
    "download",
    "subscribe",
];

/// Lowercase words allowed inside a multi-word name between capitalized words.
pub(super) const CONNECTORS: &[&str] = &[
    "of", "the", "al", "bin", "ibn", "bint", "abu", "de", "del", "della", "da", "das", "dos",
    "van", "von", "der", "la", "le", "du", "des", "el", "y", "and", "for", "&", "na", "nan", "di",
    "den", "ter", "zu", "ul", "ud", "ould", "ag", "wa", "wal",
];

/// Facility nouns specific enough to make "Name noun" a facility name.
pub(super) const STRONG_FACILITY: &[&str] = &[
    "embassy",
    "consulate",
    "airport",
    "airbase",
    "mosque",
    "church",
    "synagogue",
    "shrine",
    "temple",
    "cathedral",
    "hospital",
    "prison",
    "jail",
    "stadium",
    "university",
    "seminary",
    "refinery",
    "dam",
    "bridge",
    "palace",
    "port",
    "harbor",
    "harbour",
    "hotel",
];

/// Plain adjectives allowed between a name and a facility noun.
pub(super) const FACILITY_ADJECTIVES: &[&str] = &[
    "international",
    "main",
    "old",
    "new",
    "central",
    "border",
    "military",
    "federal",
    "national",
    "regional",
    "municipal",
    "public",
    "grand",
];

/// What a generic facility noun serves, making "Name modifier noun" a
/// facility name: "the Korva bus station", "the Tamsin air base".
pub(super) const FACILITY_MODIFIERS: &[&str] = &[
    "bus", "railway", "rail", "train", "metro", "subway", "ferry", "police", "power", "fire",
    "petrol", "gas", "pumping", "air", "naval",
];

/// Generic facility nouns that name a facility after a [`FACILITY_MODIFIERS`]
/// word ("bus station"), not alone ("Korva station" may be a place).
pub(super) const COMPOUND_FACILITY: &[&str] =
    &["station", "terminal", "base", "headquarters", "barracks"];

/// Ministerial portfolios after "Minister/Secretary of (the)" ("Minister of
/// Defence Wai Sorn"): the office, not a name.
pub(super) const PORTFOLIOS: &[&str] = &[
    "defence",
    "defense",
    "interior",
    "state",
    "justice",
    "finance",
    "foreign affairs",
    "home affairs",
    "internal affairs",
    "information",
    "war",
    "health",
    "education",
    "economy",
    "agriculture",
    "labour",
    "labor",
    "trade",
    "energy",
    "oil",
    "transport",
    "communications",
    "security",
    "religious affairs",
    "planning",
    "culture",
    "commerce",
    "industry",
    "the interior",
];

/// Nouns that introduce a location name ("the city of X").
pub(super) const PLACE_OF: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "governorate",
    "capital",
    "port",
];

pub(super) const POSSESSIVE: &[&str] = &["'s", "\u{2019}s", "'", "\u{2019}"];

/// Lowercase nouns after a demonym that make it stand for its country's
/// state ("Algerian authorities"). (Not "the Libyan town of X": the town is
/// the place that matters there.)
pub(super) const STATE_NOUNS: &[&str] = &["authorities", "government"];

/// Head nouns of numbered military units ("103rd Infantry Brigade").
pub(super) const UNIT_NOUNS: &[&str] = &[
    "brigade",
    "division",
    "battalion",
    "regiment",
    "corps",
    "squadron",
    "infantry",
    "army",
    "fleet",
    "company",
];

/// Whether a token is an ordinal number written with digits ("27th", "1st").
pub(crate) fn is_ordinal(t: &str) -> bool {
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && matches!(&t[digits..], "st" | "nd" | "rd" | "th")
}

/// Words in the names of insurgencies rather than state bodies.
pub(super) const INSURGENT_WORDS: &[&str] = &[
    "revolutionary",
    "liberation",
    "resistance",
    "rebel",
    "insurgent",
    "jihad",
    "mujahideen",
    "mujahidin",
    "mujahedin",
    "self-defense",
    "self-defence",
    "autodefensas",
];

/// Whether the words of a name (before any "of Country") are those of an
/// insurgency ("Revolutionary Armed Forces", "National Liberation Army"),
/// and its head is not a state body's noun ("Islamic Revolutionary Guard
/// Corps" stays a state body).
pub(crate) fn insurgent_name<S: AsRef<str>>(words: &[S]) -> bool {
    let g = Gazetteer::global();
    let head = words.last().map(|w| w.as_ref()).unwrap_or("");
    let head_ok = g.is_armed_group_cue(head) || matches!(fold(head).as_str(), "forces" | "force");
    head_ok
        && words
            .iter()
            .any(|w| INSURGENT_WORDS.contains(&fold(w.as_ref()).as_str()))
}
