//! Rule-based tokenization over chars, in linear time.

use crate::lexicon::abbrev;
use crate::sentences::is_invisible;
use dossier_doc::{Component, ComponentError, Doc, Layer, Token};
use unicode_normalization::char::is_combining_mark;

/// Tokenizes `text`, returning char spans `(start, end)` (end exclusive) in order.
///
/// Keeps hyphenated words (Nagorno-Karabakh, al-Assad, Iranian-backed) and
/// apostrophe names (Kata’ib, O'Brien) whole, splits the possessive `’s` and
/// a plural possessive's trailing apostrophe, keeps numbers (1,200 3.5 1990s
/// 20th) and abbreviations with periods (U.S., Gen.) whole, and makes every
/// other punctuation mark its own token.
///
/// ```
/// let t = "Gen. Ardo’s al-Varin group (1,200 men)";
/// let toks: Vec<String> = dossier_nlp::tokenize(t)
///     .into_iter()
///     .map(|(a, b)| t.chars().skip(a).take(b - a).collect())
///     .collect();
/// assert_eq!(toks, ["Gen.", "Ardo", "’s", "al-Varin", "group", "(", "1,200", "men", ")"]);
/// ```
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len() / 5 + 1);
    tokenize_chars(&chars, 0, chars.len(), &mut out);
    out
}

fn is_apos(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ' | '`')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Appends the tokens of `c[start..end]` to `out` (absolute char offsets).
pub(crate) fn tokenize_chars(c: &[char], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let end = end.min(c.len());
    let mut i = start;
    while i < end {
        let ch = c[i];
        if ch.is_whitespace() || is_invisible(ch) {
            i += 1;
            continue;
        }
        if let Some(e) = url_at(c, i, end) {
            out.push((i, e));
            i = e;
            continue;
        }
        if is_apos(ch) {
            let e = clitic_at(c, i, end).unwrap_or(i + 1);
            out.push((i, e));
            i = e;
            continue;
        }
        if is_word_char(ch) && !is_combining_mark(ch) {
            let e = word_end(c, i, end);
            out.push((i, e));
            i = e;
            continue;
        }
        // Punctuation: runs of periods and of hyphens are one token.
        let mut e = i + 1;
        if ch == '.' || ch == '-' {
            while e < end && c[e] == ch {
                e += 1;
            }
        }
        out.push((i, e));
        i = e;
    }
}

/// A URL starting at `i`: `http://…`, `https://…` or `www.…`, up to
/// whitespace, without trailing punctuation.
fn url_at(c: &[char], i: usize, end: usize) -> Option<usize> {
    if c[i] != 'h' && c[i] != 'w' && c[i] != 'H' && c[i] != 'W' {
        return None;
    }
    if i > 0 && is_word_char(c[i - 1]) {
        return None;
    }
    let starts = |p: &str| -> bool {
        let mut k = i;
        for pc in p.chars() {
            if k >= end || c[k].to_ascii_lowercase() != pc {
                return false;
            }
            k += 1;
        }
        k < end && is_word_char(c[k])
    };
    if !(starts("http://") || starts("https://") || starts("www.")) {
        return None;
    }
    let mut e = i;
    while e < end && !c[e].is_whitespace() {
        e += 1;
    }
    while e > i
        && matches!(
            c[e - 1],
            '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '”' | '’'
        )
    {
        e -= 1;
    }
    (e > i).then_some(e)
}

/// Whether the letters after an apostrophe form a clitic to split off
/// (`’s`, `n’t`, `’re`, `’ve`, `’ll`, `’m`), given the char before it.
fn is_clitic(rest: &[char], before: char) -> bool {
    let lower: String = rest.iter().flat_map(|c| c.to_lowercase()).collect();
    match lower.as_str() {
        "s" => true,
        "t" => before == 'n' || before == 'N',
        "re" | "ve" | "ll" => before.is_ascii_lowercase(),
        "m" => before == 'I',
        _ => false,
    }
}

/// A clitic token starting at the apostrophe `i` (`’s`, `'re`…), if any.
fn clitic_at(c: &[char], i: usize, end: usize) -> Option<usize> {
    let mut r = i + 1;
    while r < end && c[r].is_alphabetic() {
        r += 1;
    }
    if r == i + 1 || r - i > 3 || (r < end && is_word_char(c[r])) {
        return None;
    }
    let lower: String = c[i + 1..r].iter().flat_map(|c| c.to_lowercase()).collect();
    matches!(lower.as_str(), "s" | "re" | "ve" | "ll" | "m" | "d").then_some(r)
}

/// The end of the word starting at `i`.
fn word_end(c: &[char], i: usize, end: usize) -> usize {
    // "n't" as a token of its own.
    if (c[i] == 'n' || c[i] == 'N')
        && i + 2 < end
        && is_apos(c[i + 1])
        && (c[i + 2] == 't' || c[i + 2] == 'T')
        && (i + 3 >= end || !is_word_char(c[i + 3]))
    {
        return i + 3;
    }
    let numeric = c[i].is_ascii_digit();
    let mut j = i;
    loop {
        while j < end && is_word_char(c[j]) {
            j += 1;
        }
        if j + 1 >= end {
            break;
        }
        let x = c[j];
        let prev = c[j - 1];
        let nxt = c[j + 1];
        if is_hyphen(x) && prev.is_alphanumeric() && nxt.is_alphanumeric() {
            j += 1;
            continue;
        }
        if is_apos(x) && x != '`' && prev.is_alphabetic() && nxt.is_alphabetic() {
            let mut r = j + 1;
            while r < end && c[r].is_alphabetic() {
                r += 1;
            }
            let continues = r < end && (is_word_char(c[r]) || is_apos(c[r]) || is_hyphen(c[r]));
            if !continues && is_clitic(&c[j + 1..r], prev) {
                if c[j + 1].eq_ignore_ascii_case(&'t') && j - 1 > i {
                    return j - 1; // "do" + "n't"
                }
                if !c[j + 1].eq_ignore_ascii_case(&'t') {
                    return j;
                }
            }
            j += 1;
            continue;
        }
        if numeric && prev.is_ascii_digit() && nxt.is_ascii_digit() {
            if x == '.' || x == ':' {
                j += 1;
                continue;
            }
            if x == ',' {
                // Thousands separator: exactly three digits follow.
                let three = j + 4 <= end
                    && c[j + 1..j + 4].iter().all(|d| d.is_ascii_digit())
                    && (j + 4 >= end || !c[j + 4].is_ascii_digit());
                if three {
                    j += 1;
                    continue;
                }
            }
        }
        break;
    }
    if j < end && c[j] == '.' {
        return abbrev_end(c, i, j, end);
    }
    if name_apostrophe(c, i, j, end) {
        return j + 1;
    }
    j
}

/// Whether the apostrophe at `j` closing the word `c[i..j]` belongs to it:
/// a transliterated hamza or ayn ending a capitalized word inside a name
/// ("Liwa’ Ansar", "Dhia’ al-Nasiri"), followed by a capitalized word or an
/// Arabic article. A plural possessive ("Houthis’ leader") ends in *s*,
/// and a closing single quote has an opening one before it on its line.
fn name_apostrophe(c: &[char], i: usize, j: usize, end: usize) -> bool {
    if j + 2 >= end
        || !is_apos(c[j])
        || c[j] == '`'
        || j <= i + 1
        || !c[i].is_uppercase()
        || !c[j - 1].is_alphabetic()
        || matches!(c[j - 1], 's' | 'S')
        || c[j + 1] != ' '
    {
        return false;
    }
    let next = j + 2;
    let article = {
        let mut k = next;
        while k < end && k < next + 4 && c[k].is_ascii_lowercase() {
            k += 1;
        }
        k > next && k < end && is_hyphen(c[k]) && k + 1 < end && c[k + 1].is_alphabetic()
    };
    if !(c[next].is_uppercase() || article) {
        return false;
    }
    // An opening single quote earlier on the line: this one closes it.
    let mut k = i;
    while k > 0 && i - k < 200 && c[k - 1] != '\n' {
        k -= 1;
        let q = c[k];
        let opens = q == '\u{2018}'
            || (q == '\'' || q == '\u{2019}')
                && (k == 0 || c[k - 1].is_whitespace() || matches!(c[k - 1], '(' | '['))
                && k + 1 < end
                && c[k + 1].is_alphabetic();
        if opens {
            return false;
        }
    }
    true
}

/// Given the word `c[i..j]` followed by a period at `j`, the end of the
/// token: past the period when it belongs to an abbreviation.
fn abbrev_end(c: &[char], i: usize, j: usize, end: usize) -> usize {
    let single = j - i == 1 && c[i].is_alphabetic();
    // Dotted acronym: U.S., e.g., a.m.
    if single
        && j + 1 < end
        && c[j + 1].is_alphabetic()
        && (j + 2 >= end || !is_word_char(c[j + 2]))
    {
        let mut k = j;
        while k + 1 < end
            && c[k] == '.'
            && c[k + 1].is_alphabetic()
            && (k + 2 >= end || !is_word_char(c[k + 2]))
        {
            k += 2;
        }
        if k < end && c[k] == '.' {
            k += 1;
            // "U.S.-backed": a hyphenated compound on an acronym.
            if k + 1 < end && is_hyphen(c[k]) && c[k + 1].is_alphanumeric() {
                return word_end(c, k + 1, end);
            }
        }
        return k;
    }
    let at_end = c[j + 1..end]
        .iter()
        .all(|x| x.is_whitespace() || matches!(x, '"' | '”' | '’' | '\'' | ')' | ']'));
    if single && c[i].is_uppercase() {
        // An initial, unless it is the sentence's final period.
        return if at_end { j } else { j + 1 };
    }
    let word: String = c[i..j].iter().collect();
    let lower = word.to_lowercase();
    match abbrev(&lower, c[i].is_uppercase()) {
        Some(crate::lexicon::Abbrev::BeforeNumber) if lower == "no" || lower == "nos" => {
            let mut k = j + 1;
            while k < end && c[k].is_whitespace() {
                k += 1;
            }
            if k < end && c[k].is_ascii_digit() {
                j + 1
            } else {
                j
            }
        }
        Some(_) => j + 1,
        None => j,
    }
}

/// The `tokens` component: fills [`Doc::tokens`] and every sentence's token range.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tokenizer;

impl Tokenizer {
    /// A new tokenizer.
    pub fn new() -> Self {
        Tokenizer
    }
}

impl Component for Tokenizer {
    fn name(&self) -> &str {
        "tokens"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Tokens]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let chars: Vec<char> = doc.text.chars().collect();
        let n = chars.len();
        let mut spans = Vec::with_capacity(n / 5 + 1);
        let mut tokens = Vec::with_capacity(n / 5 + 1);
        let idx = doc.char_index();
        for (si, s) in doc.sentences.iter().enumerate() {
            if s.start > s.end || s.end > n {
                return Err(ComponentError::new(
                    "tokens",
                    format!("sentence {si} {}..{} out of bounds", s.start, s.end),
                ));
            }
            spans.clear();
            tokenize_chars(&chars, s.start, s.end, &mut spans);
            for &(a, b) in &spans {
                tokens.push(Token {
                    start: a,
                    end: b,
                    sentence: si,
                    text: doc.text[idx.byte(a)..idx.byte(b)].into(),
                    pos: None,
                    chunk: None,
                    ner: None,
                    ..Default::default()
                });
            }
        }
        // Token ranges per sentence.
        let mut t = 0;
        let mut ranges = Vec::with_capacity(doc.sentences.len());
        for si in 0..doc.sentences.len() {
            let ts = t;
            while t < tokens.len() && tokens[t].sentence == si {
                t += 1;
            }
            ranges.push((ts, t));
        }
        for (s, (a, b)) in doc.sentences.iter_mut().zip(ranges) {
            s.token_start = a;
            s.token_end = b;
        }
        // the estimate of n / 5 tokens may have been doubled: no spare
        // capacity kept for the rest of the run
        tokens.shrink_to_fit();
        doc.tokens = tokens;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(t: &str) -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        tokenize(t)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn hyphenated_names_whole() {
        assert_eq!(
            toks("Nagorno-Karabakh, al-Assad and the Varnian-backed, KSF-sponsored group"),
            [
                "Nagorno-Karabakh",
                ",",
                "al-Assad",
                "and",
                "the",
                "Varnian-backed",
                ",",
                "KSF-sponsored",
                "group"
            ]
        );
    }

    #[test]
    fn apostrophes_and_possessives() {
        assert_eq!(
            toks("Kata’ib O'Brien Dar’yon"),
            ["Kata’ib", "O'Brien", "Dar’yon"]
        );
        assert_eq!(
            toks("Varnia’s militias’ support"),
            ["Varnia", "’s", "militias", "’", "support"]
        );
        assert_eq!(
            toks("Dar’yon’s leader's"),
            ["Dar’yon", "’s", "leader", "'s"]
        );
        assert_eq!(
            toks("[Varnia’s] enemies"),
            ["[", "Varnia", "’s", "]", "enemies"]
        );
        assert_eq!(
            toks("Liwa’ Ansar, Dhia' al-Nasiri, the Houthis’ Abu, 'the Front' Said"),
            [
                "Liwa’",
                "Ansar",
                ",",
                "Dhia'",
                "al-Nasiri",
                ",",
                "the",
                "Houthis",
                "’",
                "Abu",
                ",",
                "'",
                "the",
                "Front",
                "'",
                "Said"
            ]
        );
        assert_eq!(toks("don't they're"), ["do", "n't", "they", "'re"]);
        assert_eq!(toks("'quoted'"), ["'", "quoted", "'"]);
    }

    #[test]
    fn numbers_whole() {
        assert_eq!(
            toks("1,200 men, 3.5 percent, in 2021, the 1990s, the 20th century, 10:30, 12,34"),
            [
                "1,200", "men", ",", "3.5", "percent", ",", "in", "2021", ",", "the", "1990s", ",",
                "the", "20th", "century", ",", "10:30", ",", "12", ",", "34"
            ]
        );
        assert_eq!(toks("in 2021."), ["in", "2021", "."]);
    }

    #[test]
    fn abbreviations_whole() {
        assert_eq!(toks("the U.S. army"), ["the", "U.S.", "army"]);
        assert_eq!(toks("a U.S.-backed force"), ["a", "U.S.-backed", "force"]);
        assert_eq!(
            toks("Lt. Col. Brand and Gen. Orr"),
            ["Lt.", "Col.", "Brand", "and", "Gen.", "Orr"]
        );
        assert_eq!(
            toks("J. R. Talbot, e.g. here"),
            ["J.", "R.", "Talbot", ",", "e.g.", "here"]
        );
        assert_eq!(toks("No. 5 but no."), ["No.", "5", "but", "no", "."]);
        assert_eq!(toks("in the U.S."), ["in", "the", "U.S."]);
        assert_eq!(toks("Plan B."), ["Plan", "B", "."]);
        assert_eq!(toks("It ended."), ["It", "ended", "."]);
    }

    #[test]
    fn punctuation_split() {
        assert_eq!(
            toks("“the three brothers.” A—B – C/D (x) \"y\" ‘z’ wait..."),
            [
                "“", "the", "three", "brothers", ".", "”", "A", "—", "B", "–", "C", "/", "D", "(",
                "x", ")", "\"", "y", "\"", "‘", "z", "’", "wait", "..."
            ]
        );
        assert_eq!(
            toks("(, October 4, 2021)."),
            ["(", ",", "October", "4", ",", "2021", ")", "."]
        );
    }

    #[test]
    fn urls_whole() {
        assert_eq!(
            toks("see https://example.org/a?b=1."),
            ["see", "https://example.org/a?b=1", "."]
        );
    }
}
