//! Fine-grained "atoms" under the tokenizer's tokens, and number words.
//!
//! The recognizers do not depend on how the tokenizer split "2014–2016",
//! "Jul." or "mid-2016": every token is cut again into words (letters and
//! inner apostrophes), numbers (digits with inner `,` or `.` between digits)
//! and single punctuation chars, each with its char span.

use dossier_doc::{Doc, SmallStr, Tag, Token};

/// What an atom is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AtomKind {
    Word,
    Num,
    Punct,
}

/// A piece of a token.
#[derive(Debug, Clone)]
pub(crate) struct Atom {
    pub start: usize,
    pub end: usize,
    pub text: SmallStr,
    pub lower: SmallStr,
    pub kind: AtomKind,
    /// POS tag of the token it comes from, if a tagger ran.
    pub pos: Option<Tag>,
}

impl Atom {
    pub fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    pub fn is_any(&self, ws: &[&str]) -> bool {
        ws.contains(&self.lower.as_str())
    }
    pub fn is_word(&self) -> bool {
        self.kind == AtomKind::Word
    }
    pub fn is_num(&self) -> bool {
        self.kind == AtomKind::Num
    }
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == AtomKind::Punct && self.text.starts_with(c)
    }
    pub fn is_dash(&self) -> bool {
        self.kind == AtomKind::Punct
            && matches!(
                self.text.chars().next(),
                Some('-' | '–' | '—' | '‐' | '‑' | '−')
            )
    }
    pub fn capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// Plain digits only (no separators).
    pub fn digits(&self) -> bool {
        self.is_num() && self.text.bytes().all(|b| b.is_ascii_digit())
    }
    /// The value of a plain-digits atom of at most 9 digits.
    pub fn small_int(&self) -> Option<u32> {
        (self.digits() && self.text.len() <= 9)
            .then(|| self.text.parse().ok())
            .flatten()
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '‘')
}

/// Cuts `text` (starting at char offset `offset`) into atoms.
pub(crate) fn atomize(text: &str, offset: usize, pos: Option<Tag>, out: &mut Vec<Atom>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let kind = if c.is_whitespace() {
            i += 1;
            continue;
        } else if c.is_alphabetic() {
            i += 1;
            while i < chars.len()
                && (chars[i].is_alphabetic()
                    || chars[i].is_mark()
                    || (is_apostrophe(chars[i])
                        && i + 1 < chars.len()
                        && chars[i + 1].is_alphabetic()
                        && !is_possessive(&chars, i)))
            {
                i += 1;
            }
            AtomKind::Word
        } else if c.is_ascii_digit() {
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || ((chars[i] == ',' || chars[i] == '.')
                        && i + 1 < chars.len()
                        && chars[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            AtomKind::Num
        } else {
            i += 1;
            AtomKind::Punct
        };
        let t: String = chars[start..i].iter().collect();
        let lower = if t.is_ascii() {
            t.to_ascii_lowercase()
        } else {
            t.to_lowercase()
        };
        out.push(Atom {
            start: offset + start,
            end: offset + i,
            lower: lower.into(),
            text: t.into(),
            kind,
            pos,
        });
    }
}

/// Whether the apostrophe at `i` starts a possessive `'s` at the end of a word.
fn is_possessive(chars: &[char], i: usize) -> bool {
    matches!(chars.get(i + 1), Some('s' | 'S'))
        && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic())
}

trait IsMark {
    fn is_mark(&self) -> bool;
}
impl IsMark for char {
    fn is_mark(&self) -> bool {
        // Combining diacritics (U+0300–U+036F) that NFC left in place.
        ('\u{300}'..='\u{36f}').contains(self)
    }
}

/// The atoms of each sentence, from the doc's tokens (grouped by
/// `Token::sentence`). Sentences without tokens get an empty list.
///
/// Dates and quantities both read them: they are kept with the document
/// ([`Doc::derived`]) under a fingerprint of the tokens, and built on
/// several threads for long documents.
pub(crate) fn sentence_atoms(doc: &Doc) -> std::sync::Arc<SentenceAtoms> {
    use std::hash::{Hash, Hasher};
    let mut h = dossier_doc::derived::Fingerprint::default();
    doc.tokens.len().hash(&mut h);
    for t in &doc.tokens {
        (t.start, t.sentence, &t.text, &t.pos).hash(&mut h);
    }
    doc.derived(h.finish(), || build_sentence_atoms(&doc.tokens))
}

/// Each sentence's index and atoms: what [`sentence_atoms`] shares.
pub(crate) type SentenceAtoms = Vec<(usize, Vec<Atom>)>;

fn build_sentence_atoms(tokens: &[Token]) -> SentenceAtoms {
    // runs of tokens of one sentence
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match runs.last_mut() {
            Some(r) if tokens[r.start].sentence == t.sentence => r.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    dossier_doc::parallel::map_ranges(runs.len(), 200, |range| {
        runs[range]
            .iter()
            .map(|r| {
                let mut atoms = Vec::with_capacity(r.len());
                for t in &tokens[r.clone()] {
                    atomize(&t.text, t.start, t.pos, &mut atoms);
                }
                atoms.shrink_to_fit();
                (tokens[r.start].sentence, atoms)
            })
            .collect()
    })
}

/// Cardinal number words below one hundred.
pub(crate) fn small_number_word(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// A multiplier word.
pub(crate) fn scale_word(w: &str) -> Option<f64> {
    Some(match w {
        "hundred" => 1e2,
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        _ => return None,
    })
}

/// Reads a number written in words from `atoms[i..]`: "four", "twenty-five",
/// "twenty five", "a hundred", "two hundred and fifty", "three thousand".
/// Returns the index one past it and the value.
pub(crate) fn number_words(atoms: &[Atom], i: usize) -> Option<(usize, f64)> {
    let first = atoms.get(i)?;
    let mut j = i;
    let mut total = 0f64;
    let mut current: f64;
    // "a hundred", "a thousand", "a dozen" handled by callers for dozen.
    if first.is_any(&["a", "an", "one"])
        && atoms
            .get(i + 1)
            .and_then(|a| scale_word(&a.lower))
            .is_some()
    {
        current = 1.0;
        j += 1;
    } else {
        let v = small_number_word(&first.lower)?;
        current = f64::from(v);
        j += 1;
        // twenty-five / twenty five
        if v >= 20 && v % 10 == 0 {
            let mut k = j;
            if atoms
                .get(k)
                .is_some_and(|a| a.is_dash() && a.start == atoms[k - 1].end)
            {
                k += 1;
            }
            if let Some(u) = atoms.get(k).and_then(|a| small_number_word(&a.lower)) {
                if (1..10).contains(&u) {
                    current += f64::from(u);
                    j = k + 1;
                }
            }
        }
    }
    while let Some(scale) = atoms.get(j).and_then(|a| scale_word(&a.lower)) {
        // "hundreds" is not here: scale words must be singular after a count.
        if scale == 100.0 {
            current *= 100.0;
        } else {
            total += current * scale;
            current = 0.0;
        }
        j += 1;
        // "two hundred and fifty", "three thousand five hundred"
        let mut k = j;
        if atoms.get(k).is_some_and(|a| a.is("and")) {
            k += 1;
        }
        if let Some((e, v)) = atoms
            .get(k)
            .and_then(|a| small_number_word(&a.lower))
            .and_then(|_| number_words_simple(atoms, k))
        {
            current += v;
            j = e;
        }
    }
    Some((j, total + current))
}

/// "twenty-five" / "seven" only.
fn number_words_simple(atoms: &[Atom], i: usize) -> Option<(usize, f64)> {
    let v = small_number_word(&atoms.get(i)?.lower)?;
    let mut j = i + 1;
    let mut value = f64::from(v);
    if v >= 20 && v % 10 == 0 {
        let mut k = j;
        if atoms
            .get(k)
            .is_some_and(|a| a.is_dash() && a.start == atoms[k - 1].end)
        {
            k += 1;
        }
        if let Some(u) = atoms.get(k).and_then(|a| small_number_word(&a.lower)) {
            if (1..10).contains(&u) {
                value += f64::from(u);
                j = k + 1;
            }
        }
    }
    Some((j, value))
}

/// Parses a digits atom ("1,200", "3.5", "14"); `None` for malformed
/// grouping ("1,2").
pub(crate) fn digits_value(text: &str) -> Option<f64> {
    if text.contains(',') {
        let mut parts = text.split('.');
        let int = parts.next()?;
        let frac = parts.next();
        if parts.next().is_some() {
            return None;
        }
        let groups: Vec<&str> = int.split(',').collect();
        if groups[0].is_empty() || groups[0].len() > 3 || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
        let joined: String = groups.concat();
        let s = match frac {
            Some(f) => format!("{joined}.{f}"),
            None => joined,
        };
        s.parse().ok()
    } else {
        if text.matches('.').count() > 1 {
            return None;
        }
        text.parse().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atoms(s: &str) -> Vec<Atom> {
        let mut v = Vec::new();
        atomize(s, 0, None, &mut v);
        v
    }

    #[test]
    fn atomizes_numbers_words_punct() {
        let a = atoms("mid-2016, 1,200 and 3.5 Jul. Ta’ir's 2014–2016");
        let t: Vec<&str> = a.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(
            t,
            [
                "mid", "-", "2016", ",", "1,200", "and", "3.5", "Jul", ".", "Ta’ir", "'", "s",
                "2014", "–", "2016"
            ]
        );
        assert_eq!(a[4].kind, AtomKind::Num);
        assert_eq!(a[9].start, 29);
    }

    #[test]
    fn reads_number_words() {
        let cases = [
            ("four years", 4.0, 1),
            ("twenty-five men", 25.0, 3),
            ("twenty five men", 25.0, 2),
            ("a hundred men", 100.0, 2),
            ("two hundred and fifty men", 250.0, 4),
            ("three thousand five hundred men", 3500.0, 4),
            ("two million", 2e6, 2),
        ];
        for (s, v, n) in cases {
            let a = atoms(s);
            assert_eq!(number_words(&a, 0), Some((n, v)), "{s}");
        }
        assert_eq!(number_words(&atoms("many men"), 0), None);
    }

    #[test]
    fn reads_digits() {
        assert_eq!(digits_value("1,200"), Some(1200.0));
        assert_eq!(digits_value("12,000,000"), Some(12e6));
        assert_eq!(digits_value("3.5"), Some(3.5));
        assert_eq!(digits_value("1,2"), None);
        assert_eq!(digits_value("1.2.3"), None);
    }
}
