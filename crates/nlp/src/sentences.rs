//! Rule-based sentence splitting over chars, in linear time.

use crate::lexicon::{abbrev, is_sentence_starter, Abbrev};
use dossier_doc::{Component, ComponentError, Doc, Layer, Sentence};

/// Splits `text` into sentences, returned as char spans `(start, end)`
/// (end exclusive), trimmed, non-empty, in order and non-overlapping.
///
/// Handles abbreviations (U.S., Dr., Gen., Lt. Col., Sept., e.g.), initials,
/// decimals, ellipses, closing quotes and brackets after the final period,
/// headings and title lines without final punctuation, blank lines, footnote
/// markers (`[1]`) and citation parentheses such as `(, October 4, 2021)`,
/// which stay with the sentence they follow.
///
/// ```
/// let t = "Gen. Varo met Dr. Lenz in the U.S. capital. They talked (, May 2, 2020). Then he left.";
/// let s = dossier_nlp::split_sentences(t);
/// assert_eq!(s.len(), 3);
/// ```
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    split_sentences_chars(&chars)
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '」' | '』'
    )
}

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '„' | '‚'
    )
}

/// Horizontal whitespace (not a line break).
fn is_hspace(c: char) -> bool {
    c.is_whitespace() && c != '\n'
}

/// Splits a char slice into sentence spans (char offsets).
pub(crate) fn split_sentences_chars(c: &[char]) -> Vec<(usize, usize)> {
    let n = c.len();
    let mut out = Vec::with_capacity(n / 80 + 1);
    let mut start = 0usize;
    let mut line_start = 0usize;
    let mut depth: u32 = 0;
    let mut i = 0usize;
    while i < n {
        let ch = c[i];
        match ch {
            '\n' => {
                let mut j = i + 1;
                while j < n && is_hspace(c[j]) {
                    j += 1;
                }
                if j >= n || c[j] == '\n' {
                    // Blank line (or trailing whitespace): always a boundary.
                    push(c, &mut out, start, i);
                    start = i + 1;
                    depth = 0;
                } else if line_break_ends(c, line_start, i, j) {
                    push(c, &mut out, start, i);
                    start = i + 1;
                    depth = 0;
                }
                line_start = i + 1;
                i += 1;
            }
            '(' | '[' | '{' => {
                depth += 1;
                i += 1;
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ if is_terminal(ch) => {
                let mut j = i;
                while j < n
                    && (is_terminal(c[j])
                        || (c[j] == ' ' && j + 1 < n && c[j + 1] == '.' && c[j - 1] == '.'))
                {
                    j += 1;
                }
                let term_end = j;
                while j < n && is_closer(c[j]) {
                    if matches!(c[j], ')' | ']' | '}') {
                        depth = depth.saturating_sub(1);
                    }
                    j += 1;
                }
                if j < n && !c[j].is_whitespace() {
                    i = j;
                    continue;
                }
                if is_boundary(c, i, term_end, j, depth) {
                    let end = absorb_trailers(c, j);
                    push(c, &mut out, start, end);
                    start = end;
                    depth = 0;
                    i = end;
                } else {
                    i = j;
                }
            }
            _ => i += 1,
        }
    }
    push(c, &mut out, start, n);
    out
}

/// Pushes the trimmed span `start..end` if it is not empty, cut into
/// pieces of at most [`MAX_SENTENCE_CHARS`] chars.
fn push(c: &[char], out: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    let (mut start, end) = trim(c, start, end);
    while end - start > MAX_SENTENCE_CHARS {
        let cut = best_cut(c, start);
        let (a, b) = trim(c, start, cut);
        if a < b {
            out.push((a, b));
        }
        start = trim(c, cut, end).0;
    }
    if start < end {
        out.push((start, end));
    }
}

/// The span `start..end` without leading and trailing whitespace and
/// invisible chars.
fn trim(c: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
    while start < end && (c[start].is_whitespace() || is_invisible(c[start])) {
        start += 1;
    }
    while end > start && (c[end - 1].is_whitespace() || is_invisible(c[end - 1])) {
        end -= 1;
    }
    (start, end)
}

/// The longest sentence, in chars, that the splitter returns: a longer span
/// (a line of names, text without punctuation) is cut into pieces of at most
/// this many chars (about 300 tokens), so that no later component sees an
/// unbounded sentence.
pub const MAX_SENTENCE_CHARS: usize = 2000;

/// Where to cut a sentence longer than [`MAX_SENTENCE_CHARS`] that starts at
/// `start`: at the best break in the second half of its first
/// `MAX_SENTENCE_CHARS` chars, after the last `;`, else `:`, else `,`, else
/// at the last whitespace, else a hard cut. Each window is scanned once and
/// every piece is at least half a window long, so cutting is linear.
fn best_cut(c: &[char], start: usize) -> usize {
    let limit = start + MAX_SENTENCE_CHARS;
    let mut best: [Option<usize>; 4] = [None; 4];
    for k in (start + MAX_SENTENCE_CHARS / 2..limit).rev() {
        let slot = match c[k] {
            ';' => 0,
            ':' => 1,
            ',' => 2,
            x if x.is_whitespace() => 3,
            _ => continue,
        };
        if best[slot].is_none() {
            best[slot] = Some(if slot == 3 { k } else { k + 1 });
            if slot == 0 {
                break;
            }
        }
    }
    best.iter().flatten().next().copied().unwrap_or(limit)
}

/// Zero-width and formatting chars that never start or end a sentence.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// After a boundary at `j`, extends the sentence over footnote markers
/// (`[1]`, `[12]`) and citation parentheses (`(, October 4, 2021)`), with
/// their own final punctuation, on the same line.
fn absorb_trailers(c: &[char], mut end: usize) -> usize {
    let n = c.len();
    loop {
        let mut k = end;
        while k < n && is_hspace(c[k]) {
            k += 1;
        }
        if k >= n {
            return end;
        }
        if c[k] == '[' {
            // Footnote marker: [digits] or [letter].
            let mut m = k + 1;
            while m < n && m - k <= 4 && c[m].is_ascii_alphanumeric() {
                m += 1;
            }
            if m > k + 1 && m < n && c[m] == ']' && (c[k + 1].is_ascii_digit() || m == k + 2) {
                end = m + 1;
                continue;
            }
            return end;
        }
        if c[k] == '(' && k + 1 < n && matches!(c[k + 1], ',' | ';') {
            // Citation parenthesis with an empty author: up to its ')' on this line.
            let mut m = k + 1;
            while m < n && c[m] != ')' && c[m] != '\n' && m - k < 300 {
                m += 1;
            }
            if m < n && c[m] == ')' {
                let mut e = m + 1;
                while e < n && (is_terminal(c[e]) || is_closer(c[e])) {
                    e += 1;
                }
                end = e;
                continue;
            }
            return end;
        }
        return end;
    }
}

/// The next non-whitespace char at or after `j`, with whether a blank line
/// lies in between.
fn next_visible(c: &[char], mut j: usize) -> Option<(usize, bool)> {
    let mut newlines = 0;
    while j < c.len() && (c[j].is_whitespace() || is_invisible(c[j])) {
        if c[j] == '\n' {
            newlines += 1;
        }
        j += 1;
    }
    (j < c.len()).then_some((j, newlines >= 2))
}

/// The word starting at `k` (letters, digits, apostrophes).
fn word_at(c: &[char], k: usize) -> String {
    let mut e = k;
    while e < c.len() && (c[e].is_alphanumeric() || c[e] == '\'' || c[e] == '’') && e - k < 24 {
        e += 1;
    }
    c[k..e].iter().collect()
}

/// Decides whether the terminal punctuation at `i..term_end` (closers up to
/// `j`, then whitespace or the end) ends a sentence.
fn is_boundary(c: &[char], i: usize, term_end: usize, j: usize, depth: u32) -> bool {
    let Some((k, blank)) = next_visible(c, j) else {
        return true;
    };
    if blank {
        return true;
    }
    let nx = c[k];
    // Inside an open parenthesis that closes on this line: not a boundary.
    if depth > 0 {
        let mut m = k;
        while m < c.len() && c[m] != '\n' && m - k < 250 {
            if c[m] == ')' || c[m] == ']' {
                return false;
            }
            m += 1;
        }
    }
    // The first letter of what follows, past opening quotes and brackets.
    let mut f = k;
    while f < c.len() && is_opener(c[f]) && f - k < 3 {
        f += 1;
    }
    let first = c.get(f).copied().unwrap_or(' ');
    if first.is_lowercase() {
        return false;
    }
    if matches!(nx, ',' | ';' | ':' | ')' | ']') {
        return false;
    }
    let run: &[char] = &c[i..term_end];
    let only_periods = run.iter().all(|&x| x == '.' || x == ' ');
    if !only_periods {
        // ! ? … — or an ellipsis: ends before a capital or a digit.
        return true;
    }
    let periods = run.iter().filter(|&&x| x == '.').count();
    if periods > 1 {
        // Spelled ellipsis "..." before a capital.
        return first.is_uppercase() || first.is_numeric();
    }
    if j > term_end {
        // Closing quote/bracket after the period: `."` `.)`.
        return true;
    }
    // The word before the period.
    let mut w = i;
    while w > 0 && !c[w - 1].is_whitespace() {
        w -= 1;
    }
    while w < i && is_opener(c[w]) {
        w += 1;
    }
    if w == i {
        return true;
    }
    let word: String = c[w..i].iter().collect();
    let capitalized = c[w].is_uppercase();
    let lower = word.to_lowercase();
    let starter = || is_sentence_starter(&word_at(c, f));
    if let Some(kind) = abbrev(&lower, capitalized) {
        return match kind {
            Abbrev::Title | Abbrev::Inner => false,
            Abbrev::BeforeNumber => !first.is_numeric(),
            Abbrev::Final => starter(),
        };
    }
    let letters = c[w..i].iter().filter(|x| x.is_alphabetic()).count();
    // A single capital letter: an initial (J. R. Smith).
    if letters == 1 && i - w == 1 && capitalized {
        return false;
    }
    // A dotted acronym (U.S., a.m.): ambiguous, new sentence only before a typical opener.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return starter();
    }
    true
}

/// Whether a single line break at `nl` (the current line starting at
/// `line_start`, the next line's first visible char at `next`) ends a
/// sentence: headings, title lines, bylines and list items.
fn line_break_ends(c: &[char], line_start: usize, nl: usize, next: usize) -> bool {
    let mut a = line_start;
    while a < nl && c[a].is_whitespace() {
        a += 1;
    }
    let mut b = nl;
    while b > a && c[b - 1].is_whitespace() {
        b -= 1;
    }
    if a == b {
        return true;
    }
    let last = c[b - 1];
    if is_terminal(last) || (is_closer(last) && b - a >= 2 && is_terminal(c[b - 2])) {
        // Handled by the punctuation rule.
        return false;
    }
    let starts_item = |p: usize| -> bool {
        let x = c[p];
        if matches!(x, '#' | '•' | '·' | '▪' | '◦' | '>' | '|') {
            return true;
        }
        if matches!(x, '-' | '*' | '+' | '–' | '—') {
            return c.get(p + 1).is_some_and(|y| y.is_whitespace());
        }
        if x.is_ascii_digit() {
            let mut q = p;
            while q < c.len() && c[q].is_ascii_digit() && q - p < 3 {
                q += 1;
            }
            return c.get(q).is_some_and(|&y| y == '.' || y == ')')
                && c.get(q + 1).is_some_and(|y| y.is_whitespace());
        }
        false
    };
    if starts_item(next) || starts_item(a) {
        return true;
    }
    if matches!(last, ',' | ';' | ':' | '-' | '–' | '—' | '/' | '&' | '(') {
        return false;
    }
    let nx = c[next];
    if !(nx.is_uppercase() || nx.is_numeric() || is_opener(nx)) {
        return false;
    }
    let len = b - a;
    if len > 80 {
        return false;
    }
    // Title case: most longer words capitalized.
    let mut words = 0;
    let mut caps = 0;
    let mut p = a;
    while p < b {
        while p < b && c[p].is_whitespace() {
            p += 1;
        }
        let s = p;
        while p < b && !c[p].is_whitespace() {
            p += 1;
        }
        if p - s > 3 {
            words += 1;
            if c[s..p]
                .iter()
                .find(|x| x.is_alphabetic())
                .is_some_and(|x| x.is_uppercase())
            {
                caps += 1;
            }
        }
    }
    if words <= 12 && caps * 10 >= words * 6 {
        return true;
    }
    // A short line followed by a clearly longer one.
    let mut e = next;
    while e < c.len() && c[e] != '\n' {
        e += 1;
    }
    len <= 60 && (e - next) * 10 >= len * 13
}

/// The `sentences` component: fills [`Doc::sentences`] (token ranges are
/// left empty for the tokenizer) and clears stale tokens.
#[derive(Debug, Default, Clone, Copy)]
pub struct SentenceSplitter;

impl SentenceSplitter {
    /// A new splitter.
    pub fn new() -> Self {
        SentenceSplitter
    }
}

impl Component for SentenceSplitter {
    fn name(&self) -> &str {
        "sentences"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Text]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Sentences]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        doc.sentences = split_sentences(&doc.text)
            .into_iter()
            .map(|(start, end)| Sentence {
                start,
                end,
                token_start: 0,
                token_end: 0,
            })
            .collect();
        doc.tokens.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &str) -> Vec<String> {
        let chars: Vec<char> = t.chars().collect();
        split_sentences(t)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn long_sentences_are_cut_at_the_best_break() {
        // A 250 KB line of capitalized words: pieces of at most the limit,
        // cut between words, covering every word in order.
        let line = "Alpha Bravo Kesh Varo ".repeat(12_000);
        let spans = split_sentences(&line);
        assert!(spans.len() > 100, "{}", spans.len());
        let chars: Vec<char> = line.chars().collect();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0);
        }
        let mut words = 0;
        for &(a, b) in &spans {
            assert!(b - a <= MAX_SENTENCE_CHARS, "{}", b - a);
            let piece: String = chars[a..b].iter().collect();
            assert!(!piece.starts_with(' ') && !piece.ends_with(' '));
            words += piece.split(' ').count();
        }
        assert_eq!(words, 48_000);
        // A semicolon in the window is preferred to a comma or a space.
        let mut t = "word, ".repeat(250);
        t.push_str("end; ");
        t.push_str(&"more words here ".repeat(200));
        let s = texts(&t);
        assert!(s.len() >= 2);
        assert!(s[0].ends_with("end;"), "{}", &s[0][s[0].len() - 20..]);
        // No break at all: a hard cut at the limit.
        let one = "x".repeat(MAX_SENTENCE_CHARS * 2 + 5);
        let s = split_sentences(&one);
        assert_eq!(
            s,
            vec![
                (0, MAX_SENTENCE_CHARS),
                (MAX_SENTENCE_CHARS, 2 * MAX_SENTENCE_CHARS),
                (2 * MAX_SENTENCE_CHARS, 2 * MAX_SENTENCE_CHARS + 5)
            ]
        );
        // Ordinary sentences are untouched.
        assert_eq!(texts("One. Two."), vec!["One.", "Two."]);
    }

    #[test]
    fn abbreviations_do_not_split() {
        let s = texts("Lt. Col. Arvo Brandt met Dr. Mira Soll and Gen. Tamsin Rook in Sept. 2019. They spoke.");
        assert_eq!(
            s,
            vec![
                "Lt. Col. Arvo Brandt met Dr. Mira Soll and Gen. Tamsin Rook in Sept. 2019.",
                "They spoke."
            ]
        );
        let s =
            texts("Mr. Haldor left, e.g. for Kesh, i.e. the capital, vs. staying. No. 5 was next.");
        assert_eq!(
            s,
            vec![
                "Mr. Haldor left, e.g. for Kesh, i.e. the capital, vs. staying.",
                "No. 5 was next."
            ]
        );
    }

    #[test]
    fn ambiguous_abbreviations() {
        let s = texts(
            "They bought guns, ammunition, etc. The police found them. It was at 5 p.m. He fled.",
        );
        assert_eq!(
            s,
            vec![
                "They bought guns, ammunition, etc.",
                "The police found them.",
                "It was at 5 p.m.",
                "He fled."
            ]
        );
        let s = texts("Kesh Arms Inc. sold rifles, knives etc. and more. Done.");
        assert_eq!(
            s,
            vec!["Kesh Arms Inc. sold rifles, knives etc. and more.", "Done."]
        );
        let s = texts("\"Why?\" he asked. \"Because!\" She left. It happened on Sept. 11, 2001. In Jan. The end.");
        assert_eq!(
            s,
            vec![
                "\"Why?\" he asked.",
                "\"Because!\"",
                "She left.",
                "It happened on Sept. 11, 2001.",
                "In Jan.",
                "The end."
            ]
        );
    }

    #[test]
    fn us_and_initials() {
        let s =
            texts("The U.S. military left Varnia. J. R. Talbot stayed in the U.S. He was alone.");
        assert_eq!(
            s,
            vec![
                "The U.S. military left Varnia.",
                "J. R. Talbot stayed in the U.S.",
                "He was alone."
            ]
        );
        let s = texts("They met the U.S. Army there.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn decimals_ellipses_quotes() {
        let s = texts("It grew 3.5 percent... Then it fell. He said “stop.” She left (quietly.) Why? Because.");
        assert_eq!(
            s,
            vec![
                "It grew 3.5 percent...",
                "Then it fell.",
                "He said “stop.”",
                "She left (quietly.)",
                "Why?",
                "Because."
            ]
        );
        let s = texts("He waited... and waited.");
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn citations_stay_inside() {
        let t = "The Red Dawn Brigade was formed in Ostara (, October 4, 2021). Its leader fled (, April 30, 2021;, March 31, 2021). Later it grew.";
        let s = texts(t);
        assert_eq!(
            s,
            vec![
                "The Red Dawn Brigade was formed in Ostara (, October 4, 2021).",
                "Its leader fled (, April 30, 2021;, March 31, 2021).",
                "Later it grew.",
            ]
        );
        // A citation after the period is attached to the sentence before it.
        let s = texts("The group grew. (, May 1, 2020). Then it split.");
        assert_eq!(
            s,
            vec!["The group grew. (, May 1, 2020).", "Then it split."]
        );
        // Abbreviated months inside a citation do not split.
        let s = texts("They left (Kesh Times, Oct. 4, 2021). Then more.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn footnote_markers_stay_with_their_sentence() {
        let s =
            texts("The war began in Ostara. [1] It ended soon. [12]\n\n[1] A note about Ostara.");
        assert_eq!(
            s,
            vec![
                "The war began in Ostara. [1]",
                "It ended soon. [12]",
                "[1] A note about Ostara."
            ]
        );
    }

    #[test]
    fn headings_and_blank_lines() {
        let t = "The Brigade of Kesh: A Profile\n\nBy Anna Verr\n\nThe Brigade's Formation\nThe brigade was founded in 2015 by a cleric in the city of Dorn and has grown.\n\nA line without end\n\nNext block.";
        let s = texts(t);
        assert_eq!(
            s,
            vec![
                "The Brigade of Kesh: A Profile",
                "By Anna Verr",
                "The Brigade's Formation",
                "The brigade was founded in 2015 by a cleric in the city of Dorn and has grown.",
                "A line without end",
                "Next block.",
            ]
        );
    }

    #[test]
    fn wrapped_lines_are_joined_and_lists_split() {
        let t = "The brigade was founded in 2015 by a little-known cleric from the\nmountain town of Dorn, who later moved to Kesh.\n- first item\n- second item";
        let s = texts(t);
        assert_eq!(s.len(), 3, "{s:?}");
        assert!(s[0].starts_with("The brigade") && s[0].ends_with("Kesh."));
        assert_eq!(s[1], "- first item");
    }

    #[test]
    fn trimmed_and_never_empty() {
        assert!(split_sentences("").is_empty());
        assert!(split_sentences("  \n\n \t ").is_empty());
        assert_eq!(split_sentences("  Hi.  "), vec![(2, 5)]);
        assert_eq!(texts("...!?"), vec!["...!?"]);
    }
}
