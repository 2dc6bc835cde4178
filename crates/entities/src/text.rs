//! Name normalization and small string helpers shared by the recognizers and
//! coreference.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Whether `c` is one of the apostrophe-like characters found in names
/// (`'`, `’`, `‘`, `ʼ`, `ʻ`, `` ` ``, `´`).
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '\u{02bb}' | '`' | '\u{00b4}'
    )
}

/// Folds a word or phrase for case-, diacritic- and apostrophe-insensitive
/// lookup: NFD with combining marks dropped, lowercase, every apostrophe
/// variant as `'`, whitespace collapsed to single spaces, a trailing period
/// dropped (`Gen.` → `gen`).
///
/// ```
/// assert_eq!(dossier_entities::fold("  Ṣafar’s  Gen. "), "safar's gen");
/// ```
pub fn fold(s: &str) -> String {
    fold_cow(s).into_owned()
}

/// [`fold`], borrowing `s` when folding would not change it (the common
/// case of a lowercase ASCII word), so lookups need not allocate.
pub fn fold_cow(s: &str) -> std::borrow::Cow<'_, str> {
    let unchanged = !s.ends_with('.')
        && s.bytes().all(|b| {
            b.is_ascii()
                && !b.is_ascii_uppercase()
                && !b.is_ascii_whitespace()
                && b != 0x0b
                && b != b'`'
        });
    if unchanged {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(fold_owned(s))
    }
}

fn fold_owned(s: &str) -> String {
    if s.is_ascii() {
        fold_ascii(s)
    } else if s.chars().all(|c| c.is_ascii() || is_apostrophe(c)) {
        // Apostrophe variants ("Qarvan’s") have no canonical decomposition.
        fold_chars(s.chars(), s.len())
    } else {
        fold_chars(s.nfd().filter(|&c| !is_combining_mark(c)), s.len())
    }
}

/// [`fold`] of ASCII text, byte by byte (NFD changes nothing and there are
/// no combining marks).
fn fold_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        if b.is_ascii_whitespace() || b == 0x0b {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(match b {
            b'`' => '\'',
            _ => b.to_ascii_lowercase() as char,
        });
    }
    while out.ends_with('.') {
        out.pop();
    }
    out
}

fn fold_chars(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut space = false;
    for c in chars {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if is_apostrophe(c) {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
    while out.ends_with('.') {
        out.pop();
    }
    out
}

/// The matching key of a name: [`fold`], then apostrophes removed, hyphens
/// as spaces, other punctuation (except `:`) dropped, spaces collapsed and a
/// leading "the " removed. Two spellings with the same key name the same
/// thing ("Ta’ir" = "Tair" = "TA'IR"; "the Nagorno-Karabakh" = "Nagorno Karabakh").
///
/// ```
/// assert_eq!(dossier_entities::name_key("the U.S."), "us");
/// assert_eq!(dossier_entities::name_key("Qar’a-Tepe"), "qara tepe");
/// ```
pub fn name_key(s: &str) -> String {
    if s.is_ascii() {
        name_key_ascii(s)
    } else {
        name_key_unicode(s)
    }
}

/// [`name_key`] of ASCII text in one pass (no NFD, no intermediate fold).
fn name_key_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for b in s.bytes() {
        match b {
            b'\'' | b'`' | b'.' => {}
            _ if b.is_ascii_alphanumeric() || b == b':' => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(b.to_ascii_lowercase() as char);
            }
            _ => space = true,
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

fn name_key_unicode(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    let mut space = false;
    for c in f.chars() {
        if c == '\'' || c == '.' {
            continue;
        }
        if c.is_alphanumeric() || c == ':' {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        } else {
            space = true;
        }
    }
    match out.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => out,
    }
}

/// Levenshtein distance between two strings, over chars.
///
/// ```
/// assert_eq!(dossier_entities::edit_distance("qarvani", "qarwani"), 1);
/// ```
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Lowercase name particles that may begin a capitalized name token
/// ("al-Assad", "el-Sisi", "bin", "ibn"): the transliterated Arabic
/// article and its assimilated forms, and the article after "and", "with",
/// "in", "for" ("wal-", "bil-", "fil-", "lil-").
const PARTICLES: &[&str] = &[
    "al-", "el-", "ad-", "ash-", "as-", "at-", "az-", "an-", "ar-", "ul-", "ud-", "abu-", "wal-",
    "wa-", "bil-", "fil-", "lil-",
];

/// Whether a token looks like a capitalized word: its first letter is
/// uppercase, or it is a lowercase particle joined to a capitalized word
/// ("al-Assad").
pub fn is_capitalized(word: &str) -> bool {
    let first = word.chars().find(|c| c.is_alphabetic());
    match first {
        Some(c) if c.is_uppercase() && word.starts_with(|ch: char| ch.is_alphabetic()) => true,
        _ => {
            let lower = word.to_lowercase();
            PARTICLES.iter().any(|p| {
                lower.starts_with(p) && word[p.len()..].starts_with(|c: char| c.is_uppercase())
            })
        }
    }
}

/// Whether a token is an acronym: 2–8 chars, letters (and `&`, `.`, `-`)
/// with at least two uppercase letters and no lowercase run longer than one
/// ("IRGC", "U.S.", "ISIL", "NATO", "DoD").
pub fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    if !(2..=10).contains(&n) || !word.starts_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let upper = word.chars().filter(|c| c.is_uppercase()).count();
    let lower = word.chars().filter(|c| c.is_lowercase()).count();
    let other_ok = word
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '&' | '.' | '-'));
    other_ok && upper >= 2 && lower <= 1 && upper > lower
}

/// The initials of the capitalized words of a name, skipping lowercase
/// connectors ("Northern Liberation Front" → "NLF"; "Army of the Free Hills"
/// → "AFH"). Hyphenated parts count separately ("Anti-Tank Unit" → "ATTU"
/// is *not* produced; the hyphen joins: "ATU").
pub fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace())
        .filter(|w| w.starts_with(|c: char| c.is_uppercase()))
        .filter_map(|w| w.chars().next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_cow_borrows_only_what_folding_leaves_alone() {
        assert!(matches!(
            fold_cow("militia"),
            std::borrow::Cow::Borrowed("militia")
        ));
        assert!(matches!(
            fold_cow("al-qa'id"),
            std::borrow::Cow::Borrowed(_)
        ));
        for w in [
            "Militia",
            "gen.",
            "two  words",
            "`x",
            "caf\u{e9}",
            "x\u{b}y",
            "",
        ] {
            assert_eq!(fold_cow(w), fold_owned(w), "{w:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fold_cow_is_fold(s in "[a-zA-Z .`'\u{b}\t\u{e9}\u{2019}-]{0,12}") {
            let (a, b) = (fold_cow(&s).into_owned(), fold_owned(&s));
            proptest::prop_assert_eq!(a, b);
        }
    }

    #[test]
    fn fold_is_case_diacritic_and_apostrophe_insensitive() {
        assert_eq!(fold("Qarvan’s"), fold("QARVAN's"));
        assert_eq!(fold("Zāhirī"), "zahiri");
        assert_eq!(fold("Lt."), "lt");
        assert_eq!(fold(""), "");
    }

    #[test]
    fn name_key_drops_punctuation_and_article() {
        assert_eq!(name_key("Dawn-Riders’ Front"), "dawn riders front");
        assert_eq!(name_key("The Sword of Dawn"), "sword of dawn");
        assert_eq!(name_key("Sword: Dawn"), "sword: dawn");
        assert_eq!(name_key("..."), "");
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_name_key_is_the_general_one(s in "[ -~\t\n\x0b\x0c\r]{0,40}") {
            proptest::prop_assert_eq!(name_key_ascii(&s), name_key_unicode(&s));
        }

        #[test]
        fn fold_without_nfd_where_it_changes_nothing(s in "[ -~\u{2019}\u{2018}\u{02bc}\u{02bb}\u{00b4}]{0,30}") {
            let nfd = fold_chars(s.nfd().filter(|&c| !is_combining_mark(c)), s.len());
            proptest::prop_assert_eq!(fold(&s), nfd);
        }

        #[test]
        fn the_ascii_fold_is_the_general_one(s in "[ -~\t\n\x0b\x0c\r]{0,40}") {
            proptest::prop_assert_eq!(fold_ascii(&s), fold_chars(s.chars(), s.len()));
        }
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }

    #[test]
    fn capitalization_and_acronyms() {
        assert!(is_capitalized("Qarvan"));
        assert!(is_capitalized("al-Ruswani"));
        assert!(!is_capitalized("al-qaeda-like"));
        assert!(is_capitalized("wal-Tahrir"), "the article after \"and\"");
        assert!(!is_capitalized("wal-mart"));
        assert!(!is_capitalized("militia"));
        assert!(!is_capitalized("1990s"));
        assert!(is_acronym("NLF"));
        assert!(is_acronym("U.S."));
        assert!(!is_acronym("Nlf"));
        assert!(!is_acronym("A"));
        assert_eq!(initials("Northern Liberation Front"), "NLF");
        assert_eq!(initials("Army of the Free Hills"), "AFH");
    }
}
