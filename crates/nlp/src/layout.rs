//! The shape of a document before its names: which runs of sentences are
//! running text, and which are the furniture around it (headings, bylines
//! and date lines, author bios, captions, pull quotes, references and notes,
//! navigation and page debris).
//!
//! A *block* is a run of consecutive sentences with no line break between
//! them: a paragraph, a heading, one line of a list. Each block is classified
//! from its own text (general patterns of page furniture, no names), then
//! in document order: a "References"/"Notes" heading makes what follows
//! references, an "About the author" heading makes what follows a bio, and a
//! bare list of names between the title and the first paragraph is a byline.

use dossier_doc::edtf::month_or_abbreviation;
use dossier_doc::{Block, BlockKind, Component, ComponentError, Doc, Layer};

/// The `layout` component (requires sentences, assigns [`Doc::blocks`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    _private: (),
}

impl Layout {
    /// A new layout classifier.
    pub fn new() -> Self {
        Self::default()
    }
}

impl Component for Layout {
    fn name(&self) -> &str {
        "layout"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Sentences]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Layout]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        doc.blocks = layout(doc);
        Ok(())
    }
}

/// Headings that open a list of references or notes.
const REFERENCE_HEADINGS: &[&str] = &[
    "references",
    "reference",
    "notes",
    "endnotes",
    "end notes",
    "footnotes",
    "bibliography",
    "sources",
    "works cited",
    "sources and notes",
    "notes and references",
    "further reading",
    "selected bibliography",
    "citations",
];

/// Headings that open a note about the author(s).
const BIO_HEADINGS: &[&str] = &[
    "about the author",
    "about the authors",
    "about the author s",
    "about the contributor",
    "about the contributors",
    "about the writer",
    "about the writers",
    "author",
    "authors",
    "the author",
    "the authors",
    "author bio",
    "author biography",
    "contributor",
    "contributors",
    "biography",
];

/// What page debris starts with (navigation, sharing, subscription,
/// downloads, related content).
const DEBRIS_STARTS: &[&str] = &[
    "share this",
    "share on",
    "share:",
    "share article",
    "share via",
    "subscribe",
    "sign up",
    "newsletter",
    "click here",
    "read more",
    "read next",
    "related articles",
    "related posts",
    "related content",
    "related reading",
    "related research",
    "related publications",
    "related:",
    "you may also like",
    "you might also like",
    "recommended for you",
    "recommended reading",
    "most read",
    "most popular",
    "download the pdf",
    "download pdf",
    "download the report",
    "download the full",
    "print this",
    "follow us",
    "follow on",
    "copyright",
    "privacy policy",
    "terms of use",
    "terms of service",
    "terms and conditions",
    "cookie",
    "we use cookies",
    "skip to",
    "back to top",
    "go to top",
    "advertisement",
    "sponsored content",
    "tags:",
    "topics:",
    "filed under",
    "leave a comment",
    "leave a reply",
    "post a comment",
    "email this",
    "view all",
    "see all",
    "listen to this",
    "support our work",
    "donate",
    "join our mailing list",
    "table of contents",
    "previous article",
    "next article",
    "home >",
    "home /",
    "home »",
];

/// What page debris contains anywhere.
const DEBRIS_ANYWHERE: &[&str] = &["all rights reserved", "©", "(c) 20", "(c) 19"];

/// One-word (or two-word) lines that are navigation.
const NAV_LINES: &[&str] = &[
    "menu",
    "search",
    "home",
    "print",
    "email",
    "e-mail",
    "share",
    "tweet",
    "login",
    "log in",
    "sign in",
    "register",
    "contact",
    "contact us",
    "about",
    "about us",
    "pdf",
    "download",
    "comments",
    "close",
    "next",
    "previous",
    "more",
    "top",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "reddit",
    "x",
    "copy link",
    "save",
    "print article",
];

/// Caption openers (followed by a number and/or a colon, period or dash).
const CAPTION_HEADS: &[&str] = &[
    "figure",
    "fig",
    "table",
    "chart",
    "map",
    "graph",
    "graphic",
    "image",
    "photo",
    "photograph",
    "picture",
    "exhibit",
    "infographic",
    "illustration",
    "diagram",
    "plate",
];

/// Caption lines that must be followed by a colon.
const CAPTION_COLON_HEADS: &[&str] = &[
    "source",
    "sources",
    "note",
    "credit",
    "credits",
    "photo credit",
    "image credit",
    "image source",
    "data",
    "data source",
    "caption",
];

/// Labels before an author's name.
const AUTHOR_LABELS: &[&str] = &[
    "author",
    "authors",
    "written by",
    "reported by",
    "words by",
    "posted by",
    "compiled by",
    "prepared by",
    "contributor",
    "contributors",
    "analysis by",
    "commentary by",
    "by:",
];

/// Labels before a date line.
const DATE_LABELS: &[&str] = &[
    "published",
    "publication date",
    "first published",
    "last updated",
    "last modified",
    "updated",
    "posted",
    "date",
    "released",
    "issued",
    "dated",
];

/// Nouns of the posts an author bio names ("X is a Senior Fellow at …").
const BIO_ROLES: &[&str] = &[
    "fellow",
    "researcher",
    "analyst",
    "professor",
    "lecturer",
    "director",
    "editor",
    "journalist",
    "scholar",
    "associate",
    "consultant",
    "student",
    "candidate",
    "correspondent",
    "writer",
    "reporter",
    "expert",
    "specialist",
    "head of research",
    "programme manager",
    "program manager",
    "adviser",
    "advisor",
    "researchers",
    "analysts",
    "fellows",
    "author",
    "co-author",
    "contributor",
    "founder and director",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
];

/// Words that never belong to a personal name (a bare author line holds
/// names only).
const NOT_NAME_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "in",
    "on",
    "at",
    "for",
    "to",
    "from",
    "with",
    "by",
    "is",
    "are",
    "was",
    "its",
    "their",
    "his",
    "her",
    "how",
    "why",
    "what",
    "who",
    "when",
    "where",
    "between",
    "after",
    "before",
    "against",
    "under",
    "over",
    "into",
    "inside",
    "beyond",
    "toward",
    "towards",
    "new",
    "old",
    "war",
    "report",
    "profile",
    "summary",
    "introduction",
    "conclusion",
    "conclusions",
    "outlook",
    "background",
    "analysis",
    "overview",
    "key",
    "findings",
    "executive",
    "origins",
    "history",
    "leadership",
    "recommendations",
    "part",
    "chapter",
    "section",
    "appendix",
    "contents",
    "abstract",
    "foreword",
    "preface",
];

/// Per block of `doc`, its kind. Blocks cover every sentence, in order.
pub fn layout(doc: &Doc) -> Vec<Block> {
    let n = doc.sentences.len();
    if n == 0 {
        return Vec::new();
    }
    // Blocks: a line break between two sentences starts a new one.
    let mut spans: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for i in 1..n {
        let gap = doc.slice(doc.sentences[i - 1].end, doc.sentences[i].start);
        if gap.contains('\n') {
            spans.push((start, i));
            start = i;
        }
    }
    spans.push((start, n));
    let texts: Vec<&str> = spans
        .iter()
        .map(|&(a, b)| {
            doc.slice(doc.sentences[a].start, doc.sentences[b - 1].end)
                .trim()
        })
        .collect();
    let mut kinds: Vec<BlockKind> = spans
        .iter()
        .zip(&texts)
        .map(|(&(a, b), t)| classify(t, b - a))
        .collect();

    // Sections opened by a heading: references and notes, author bios.
    #[derive(PartialEq)]
    enum Section {
        Text,
        References,
        Bio,
    }
    let mut section = Section::Text;
    for (k, t) in kinds.iter_mut().zip(&texts) {
        match *k {
            BlockKind::Heading => {
                let key = heading_key(t);
                if REFERENCE_HEADINGS.contains(&key.as_str()) {
                    section = Section::References;
                } else if BIO_HEADINGS.contains(&key.as_str()) {
                    section = Section::Bio;
                } else if section == Section::References && looks_like_reference(t) {
                    // A title-case entry without final punctuation.
                    *k = BlockKind::Reference;
                } else {
                    section = Section::Text;
                }
            }
            BlockKind::Boilerplate => {}
            _ => match section {
                Section::References => *k = BlockKind::Reference,
                Section::Bio => *k = BlockKind::Bio,
                Section::Text => {}
            },
        }
    }

    // Front matter: between the title and the first paragraph, a bare list
    // of names is the byline ("Leyla Senocak", "Ana Ruiz and Tom Bell").
    let first_body = kinds
        .iter()
        .position(|k| k.is_body())
        .unwrap_or(kinds.len());
    let first_heading = kinds.iter().position(|k| *k == BlockKind::Heading);
    for i in 0..first_body {
        if kinds[i] == BlockKind::Heading && Some(i) != first_heading && names_only(texts[i]) {
            kinds[i] = BlockKind::Byline;
        }
    }

    pull_quotes(&spans, &texts, &mut kinds);

    spans
        .into_iter()
        .zip(kinds)
        .map(|((a, b), kind)| Block {
            sentence_start: a,
            sentence_end: b,
            kind,
        })
        .collect()
}

/// Pull quotes: a short one-sentence block of running text repeated inside
/// another, longer block of running text. Blocks are decided in order, so a
/// block already made a pull quote no longer holds a later one. Every
/// block's text is searched once for all the candidates together
/// (Aho-Corasick), not once per candidate.
fn pull_quotes(spans: &[(usize, usize)], texts: &[&str], kinds: &mut [BlockKind]) {
    let candidates: Vec<(usize, &str)> = (0..spans.len())
        .filter(|&i| kinds[i].is_body() && spans[i].1 - spans[i].0 == 1)
        .filter_map(|i| {
            let core = texts[i].trim_matches(|c: char| is_quote(c) || c.is_whitespace());
            let words = core.split_whitespace().count();
            (5..=60).contains(&words).then_some((i, core))
        })
        .collect();
    if candidates.is_empty() {
        return;
    }
    let mut patterns: Vec<&str> = Vec::new();
    let mut pattern_of: std::collections::HashMap<&str, usize> = Default::default();
    for &(_, core) in &candidates {
        pattern_of.entry(core).or_insert_with(|| {
            patterns.push(core);
            patterns.len() - 1
        });
    }
    // Per pattern, the blocks of running text longer than it that contain it.
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); patterns.len()];
    let ac = aho_corasick::AhoCorasick::new(&patterns);
    for (j, text) in texts.iter().enumerate() {
        if !kinds[j].is_body() {
            continue;
        }
        let mut hold = |p: usize| {
            if text.len() > patterns[p].len() && holders[p].last() != Some(&j) {
                holders[p].push(j);
            }
        };
        match &ac {
            Ok(ac) => ac
                .find_overlapping_iter(*text)
                .for_each(|m| hold(m.pattern().as_usize())),
            // An automaton too large to build: each pattern on its own.
            Err(_) => (0..patterns.len())
                .filter(|&p| text.contains(patterns[p]))
                .for_each(hold),
        }
    }
    for (i, core) in candidates {
        let held = holders[pattern_of[core]]
            .iter()
            .any(|&j| j != i && kinds[j].is_body());
        if held {
            kinds[i] = BlockKind::PullQuote;
        }
    }
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' | '\u{00ab}' | '\u{00bb}' | '\''
    )
}

/// A heading's text as a key: lowercase words, no numbering or punctuation.
fn heading_key(t: &str) -> String {
    let words: Vec<String> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| w.to_lowercase())
        .collect();
    // "I. References", "A. Notes": a roman or letter numbering
    let words: Vec<String> = match words.first() {
        Some(w) if words.len() > 1 && (w.len() == 1 || w.chars().all(|c| "ivx".contains(c))) => {
            words[1..].to_vec()
        }
        _ => words,
    };
    words.join(" ")
}

/// The words of a text: whitespace-separated, outer punctuation stripped.
fn words(t: &str) -> Vec<&str> {
    t.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The kind of one block from its text alone (`sentences`: how many).
fn classify(t: &str, sentences: usize) -> BlockKind {
    let lower = t.to_lowercase();
    let ws = words(t);
    let nwords = ws.len();
    if nwords == 0 {
        return BlockKind::Boilerplate;
    }
    if is_debris(t, &lower, nwords) {
        return BlockKind::Boilerplate;
    }
    if is_caption(&lower) {
        return BlockKind::Caption;
    }
    if is_byline(t, &lower, &ws) || is_date_line(&lower) || is_issue_line(&lower, nwords) {
        return BlockKind::Byline;
    }
    if is_bio(t, &lower) {
        return BlockKind::Bio;
    }
    if (sentences <= 2 || nwords <= 80) && looks_like_reference(t) {
        return BlockKind::Reference;
    }
    if is_pull_quote(t) {
        return BlockKind::PullQuote;
    }
    let key = heading_key(t);
    let section_heading = (REFERENCE_HEADINGS.contains(&key.as_str())
        || BIO_HEADINGS.contains(&key.as_str()))
        && !t.trim_end().ends_with('.');
    if section_heading || is_heading(t, &ws) {
        return BlockKind::Heading;
    }
    BlockKind::Body
}

fn is_debris(t: &str, lower: &str, nwords: usize) -> bool {
    if nwords <= 25 && DEBRIS_STARTS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if nwords <= 30 && DEBRIS_ANYWHERE.iter().any(|p| lower.contains(p)) {
        return true;
    }
    let bare = lower.trim_matches(|c: char| !c.is_alphanumeric());
    if nwords <= 3 && NAV_LINES.contains(&bare) {
        return true;
    }
    // Menus and breadcrumbs: short items between bars, arrows or bullets.
    for sep in ['|', '>', '»', '•', '·', '›'] {
        let items: Vec<&str> = t.split(sep).map(str::trim).collect();
        let min = if sep == '|' || sep == '•' || sep == '·' {
            3
        } else {
            2
        };
        if items.len() >= min
            && items.iter().all(|it| it.split_whitespace().count() <= 5)
            && items.iter().filter(|it| !it.is_empty()).count() >= min
        {
            return true;
        }
    }
    false
}

fn is_caption(lower: &str) -> bool {
    let first: String = lower
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == ' ')
        .collect();
    let first = first.trim_end();
    let rest = &lower[first.len()..];
    if CAPTION_HEADS.contains(&first) {
        // "Figure 2:", "Table 1.", "Map 3 –", "Fig. 4", "Figure:"
        let r = rest.trim_start_matches('.').trim_start();
        let r = r.trim_start_matches(|c: char| c.is_ascii_alphanumeric() && !c.is_alphabetic());
        let r = r.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let numbered = rest
            .trim_start_matches('.')
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit());
        return numbered
            || r.trim_start()
                .starts_with([':', '\u{2013}', '\u{2014}', '|'])
            || r.trim_start().starts_with("- ");
    }
    CAPTION_COLON_HEADS.contains(&first) && rest.starts_with(':')
}

fn is_byline(t: &str, lower: &str, ws: &[&str]) -> bool {
    if ws.len() > 20 || t.contains(". ") && !lower.starts_with("by ") {
        return false;
    }
    // "By Jane Doe", "By Jane Doe and John Roe, Senior Fellows"
    if lower.starts_with("by ") && ws.len() <= 16 && !t.ends_with('.') {
        let next = ws.get(1).copied().unwrap_or("");
        let nl = next.to_lowercase();
        return is_capitalized(next)
            && month_or_abbreviation(&nl).is_none()
            && !WEEKDAYS.contains(&nl.as_str())
            && !matches!(
                nl.as_str(),
                "the" | "then" | "now" | "late" | "early" | "mid"
            );
    }
    AUTHOR_LABELS.iter().any(|l| {
        lower.starts_with(l)
            && lower[l.len()..].starts_with([':', ' ', '-', '\u{2013}', '\u{2014}'])
            && (l.ends_with(':')
                || lower[l.len()..].trim_start().starts_with(':')
                || l.ends_with(" by"))
    })
}

/// A line holding a date only, with an optional label ("Published: 9
/// October 2023", "March 14, 2023", "Updated 3 May 2021, 10:32 GMT").
fn is_date_line(lower: &str) -> bool {
    let mut rest = lower.trim();
    for l in DATE_LABELS {
        if let Some(r) = rest.strip_prefix(l) {
            if r.is_empty() || r.starts_with([':', ' ', '-']) {
                rest = r.trim_start_matches([':', ' ', '-']);
                rest = rest.strip_prefix("on ").unwrap_or(rest);
                break;
            }
        }
    }
    let ws = words(rest);
    if ws.is_empty() || ws.len() > 10 {
        return false;
    }
    let mut year = false;
    let mut month = false;
    for w in &ws {
        let digits = w.chars().all(|c| c.is_ascii_digit() || "-/.:".contains(c));
        let ordinal = ["st", "nd", "rd", "th"].iter().any(|s| {
            w.strip_suffix(s)
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        });
        if digits {
            year |= w.chars().filter(char::is_ascii_digit).count() >= 4;
            continue;
        }
        if month_or_abbreviation(w).is_some() {
            month = true;
            continue;
        }
        if ordinal
            || WEEKDAYS.contains(w)
            || matches!(
                *w,
                "at" | "am"
                    | "pm"
                    | "gmt"
                    | "utc"
                    | "et"
                    | "est"
                    | "edt"
                    | "cet"
                    | "bst"
                    | "of"
                    | "the"
            )
        {
            continue;
        }
        return false;
    }
    year || month && ws.iter().any(|w| w.chars().all(|c| c.is_ascii_digit()))
}

/// "Security Monitor, Volume 6, Issue 9": a periodical's issue line.
fn is_issue_line(lower: &str, nwords: usize) -> bool {
    if nwords > 14 || lower.contains('"') || lower.contains('\u{201c}') {
        return false;
    }
    let ws = words(lower);
    ws.windows(2).any(|p| {
        matches!(p[0], "volume" | "vol" | "issue" | "number" | "no")
            && p[1].chars().next().is_some_and(|c| c.is_ascii_digit())
    }) && !lower.trim_end().ends_with('.')
}

/// "X is a Senior Fellow at …", "X is the author of …", "X and Y are
/// researchers at …": a note about an author.
fn is_bio(t: &str, lower: &str) -> bool {
    let first = t.split(". ").next().unwrap_or(t);
    let ws: Vec<&str> = first.split_whitespace().collect();
    // The subject: one to six capitalized words (and "and" between names).
    let mut i = 0;
    while i < ws.len() && i < 8 && (is_capitalized(ws[i]) || ws[i] == "and") {
        i += 1;
    }
    if i == 0 || i > 7 {
        return false;
    }
    let verb = ws.get(i).copied().unwrap_or("");
    if !matches!(
        verb,
        "is" | "was" | "are" | "serves" | "works" | "has" | "leads" | "directs"
    ) {
        return false;
    }
    let after: Vec<String> = ws[i + 1..]
        .iter()
        .take(10)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    let joined = after.join(" ");
    if joined.starts_with("the author of") || joined.starts_with("a co-author of") {
        return true;
    }
    let role = after.iter().position(|w| BIO_ROLES.contains(&w.as_str()));
    match role {
        // "… Fellow at the Institute", "… researcher with", "… of"
        Some(r) => {
            after[r + 1..]
                .iter()
                .take(4)
                .any(|w| matches!(w.as_str(), "at" | "with" | "of" | "in" | "for" | "on"))
                && !lower.contains(" killed")
                && !lower.contains(" arrested")
        }
        None => false,
    }
}

/// A bibliographic entry or a note: a web address, an access date, or a
/// numbered note citing a title, a year or pages.
fn looks_like_reference(t: &str) -> bool {
    let lower = t.to_lowercase();
    if lower.contains("http://")
        || lower.contains("https://")
        || lower.contains("www.")
        || lower.contains("doi:")
        || lower.contains("doi.org")
        || lower.contains("accessed ")
        || lower.contains("accessed:")
        || lower.contains("retrieved ")
        || lower.contains("available at:")
        || lower.contains("available from:")
        || lower.starts_with("ibid")
    {
        return true;
    }
    // A numbered note ("[3] …", "3. …", "3) …") that cites: a quoted
    // title ("“Title,”"), pages or volume, an interview, or a year in
    // brackets or closing a comma-separated entry.
    let s = t.trim_start_matches(['[', '^', '(']);
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let marker = (1..=3).contains(&digits) && s[digits..].starts_with([']', '.', ')']);
    let nwords = t.split_whitespace().count();
    if !marker || nwords > 60 {
        return false;
    }
    let quoted_title = [",\u{201d}", ".\u{201d}", ",\"", ".\""]
        .iter()
        .any(|q| t.contains(q));
    let bare = t.trim_end();
    let year_at = |i: usize| {
        bare.get(i..i + 4).is_some_and(|y| {
            y.chars().all(|c| c.is_ascii_digit()) && (y.starts_with("19") || y.starts_with("20"))
        })
    };
    let bracketed_year = bare
        .char_indices()
        .any(|(i, c)| c == '(' && year_at(i + 1) && bare[i + 5..].starts_with([')', ':', ',']));
    let closing_year = bare.len() >= 5
        && bare.is_char_boundary(bare.len() - 5)
        && year_at(bare.len() - 5)
        && bare.ends_with(['.', ')'])
        && t.matches(',').count() >= 2;
    quoted_title
        || bracketed_year
        || closing_year
        || lower.contains(" pp.")
        || lower.contains(" p. ")
        || lower.contains("vol.")
        || lower.contains(" no. ")
        || lower.contains("op. cit")
        || lower.contains("interview")
}

/// A block that is a quotation only, with at most a dash and a name after
/// it: "“We will return.” — a commander".
fn is_pull_quote(t: &str) -> bool {
    let t = t.trim();
    if !t.starts_with(['"', '\u{201c}', '\u{00ab}']) {
        return false;
    }
    let close = t
        .char_indices()
        .skip(1)
        .filter(|&(_, c)| matches!(c, '"' | '\u{201d}' | '\u{00bb}'))
        .last();
    let Some((ci, c)) = close else {
        return false;
    };
    let after = t[ci + c.len_utf8()..].trim();
    after.is_empty()
        || after.starts_with(['\u{2014}', '\u{2013}', '-', '~'])
            && after.split_whitespace().count() <= 8
}

/// Heading shape: no final punctuation, short, written in capitals or in
/// title case, or one or two capitalized words alone.
fn is_heading(t: &str, ws: &[&str]) -> bool {
    let t = t.trim_end();
    if t.ends_with(['.', '!', '?', '\u{2026}', ';', ',']) || ws.len() > 20 {
        return false;
    }
    let alpha: Vec<&&str> = ws
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    if alpha.is_empty() {
        return false;
    }
    let all_caps = alpha
        .iter()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .all(|w| !w.chars().any(char::is_lowercase));
    if all_caps && alpha.iter().any(|w| w.chars().count() >= 4) {
        return true;
    }
    let long: Vec<&&&str> = alpha.iter().filter(|w| w.chars().count() > 3).collect();
    let caps = long.iter().filter(|w| is_capitalized(w)).count();
    if long.len() >= 2 && caps * 10 >= long.len() * 6 {
        return true;
    }
    // Title case: every word capitalized but the short function words
    // ("The Split of 2021", "A Preacher's Militia").
    let title_case = alpha.len() <= 12
        && alpha
            .iter()
            .any(|w| is_capitalized(w) && w.chars().count() > 2)
        && alpha.iter().enumerate().all(|(i, w)| {
            is_capitalized(w) || i > 0 && TITLE_SMALL.contains(&w.to_lowercase().as_str())
        });
    title_case || alpha.len() <= 2 && long.len() == 1 && caps == 1
}

/// Words a title leaves in lowercase.
const TITLE_SMALL: &[&str] = &[
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "nor", "but", "by", "with",
    "from", "as", "into", "vs", "via", "over", "after", "against", "between", "under", "its",
    "their", "s",
];

/// A bare list of personal names: two to eight capitalized words, with
/// "and", "&" or commas between names, and no word a name never holds.
fn names_only(t: &str) -> bool {
    let ws: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let names: Vec<&&str> = ws.iter().filter(|w| !matches!(**w, "and" | "&")).collect();
    (2..=8).contains(&names.len())
        && names.iter().all(|w| {
            is_capitalized(w)
                && !NOT_NAME_WORDS.contains(&w.to_lowercase().as_str())
                && !w.ends_with(':')
                && w.chars().all(|c| c.is_alphabetic() || "'’.-".contains(c))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_doc::Meta;

    fn kinds(text: &str) -> Vec<(String, BlockKind)> {
        let mut doc = Doc::new(Meta::default(), text.to_string());
        for (a, b) in crate::split_sentences(text) {
            doc.sentences.push(dossier_doc::Sentence {
                start: a,
                end: b,
                token_start: 0,
                token_end: 0,
            });
        }
        layout(&doc)
            .into_iter()
            .map(|b| {
                let s = doc.sentences[b.sentence_start].start;
                let e = doc.sentences[b.sentence_end - 1].end;
                (doc.slice(s, e).to_string(), b.kind)
            })
            .collect()
    }

    fn kind_of(text: &str, line: &str) -> BlockKind {
        kinds(text)
            .into_iter()
            .find(|(t, _)| t.starts_with(line))
            .unwrap_or_else(|| panic!("no block {line:?} in {:?}", kinds(text)))
            .1
    }

    #[test]
    fn furniture_lines_are_classified() {
        use BlockKind::*;
        let cases: &[(&str, BlockKind)] = &[
            ("By Jane Doe and Tom Reyes", Byline),
            ("Author: Claire Vennard", Byline),
            ("Published: 9 October 2023", Byline),
            ("March 14, 2023", Byline),
            ("Updated Tuesday, 3 May 2021 at 10:32 GMT", Byline),
            ("Border Studies Quarterly, Volume 6, Issue 9", Byline),
            ("Figure 2: Areas held by the brigade, 2022.", Caption),
            ("Table 1. Attacks by province", Caption),
            ("Source: Orvane Mapping Project.", Caption),
            ("Share this: Twitter | Facebook | Email", Boilerplate),
            ("Subscribe to our newsletter", Boilerplate),
            ("Click here to download the PDF", Boilerplate),
            ("Related articles", Boilerplate),
            ("© 2023 Orvane Institute. All rights reserved.", Boilerplate),
            ("Home > Research > West Africa", Boilerplate),
            ("ORVANE INSTITUTE | Analysis | Projects", Boilerplate),
            ("Mira Halloran is a Senior Fellow at the Orvane Institute, where she directs its Levant program.", Bio),
            ("[2] Karl Tabb, \u{201c}The New Militias,\u{201d} Border Review 14 (2021): 33-51.", Reference),
            ("3. Interview with a former commander, Dorn, June 2022.", Reference),
            ("\u{201c}The valley belongs to those who defend it.\u{201d} \u{2014} a commander", PullQuote),
            ("Origins and Leadership", Heading),
            ("Outlook", Heading),
            ("By 2015 the brigade had grown to some 800 fighters.", Body),
            ("By April the group controlled the valley.", Body),
            ("Tuzlo is a former police officer who joined the brigade in 2014.", Body),
            ("\u{201c}They came at dawn,\u{201d} a survivor said.", Body),
            ("The brigade was founded in 2013. Its 1,500 fighters are paid by Orvane.", Body),
            ("In the summer of 2018, instructors from the front trained 300 recruits.", Body),
        ];
        for (line, want) in cases {
            let text = format!("A Title Line\n\nThe first paragraph of the report is here.\n\n{line}\n\nAnother paragraph follows here.");
            assert_eq!(kind_of(&text, line), *want, "{line}");
        }
    }

    #[test]
    fn sections_make_references_and_bios() {
        use BlockKind::*;
        let text = "The Valley Front\n\nVera Oskin\n\nThe Valley Front was founded in 2013 in Dorn.\n\nOrigins\n\nIt grew fast.\n\nAbout the Author\n\nVera Oskin studied in Kesh and writes often.\n\nNotes\n\nOn the founding, see the annex.\n\nA Study of the Front\n\nRelated articles";
        let k = kinds(text);
        let got: Vec<BlockKind> = k.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            got,
            vec![
                Heading,
                Byline,
                Body,
                Heading,
                Body,
                Heading,
                Bio,
                Heading,
                Reference,
                Heading,
                Boilerplate
            ],
            "{k:?}"
        );
    }

    #[test]
    fn a_repeated_sentence_set_apart_is_a_pull_quote() {
        let text = "Title Here\n\nThe commander said the valley belongs to those who defend it and left.\n\nthe valley belongs to those who defend it\n\nMore text follows.";
        assert_eq!(kind_of(text, "the valley belongs"), BlockKind::PullQuote);
    }

    /// The pull-quote rule as first written: every candidate against every block.
    fn pull_quotes_one_by_one(spans: &[(usize, usize)], texts: &[&str], kinds: &mut [BlockKind]) {
        for i in 0..spans.len() {
            if !kinds[i].is_body() || spans[i].1 - spans[i].0 != 1 {
                continue;
            }
            let core = texts[i].trim_matches(|c: char| is_quote(c) || c.is_whitespace());
            let words = core.split_whitespace().count();
            if !(5..=60).contains(&words) {
                continue;
            }
            if (0..spans.len()).any(|j| {
                j != i
                    && kinds[j].is_body()
                    && texts[j].len() > core.len()
                    && texts[j].contains(core)
            }) {
                kinds[i] = BlockKind::PullQuote;
            }
        }
    }

    #[test]
    fn pull_quotes_are_decided_in_order() {
        // One-sentence blocks of running text (no line is quoted whole, which
        // would make it a pull quote by its own shape), some repeated inside
        // others, some repeated twice with a trailing quote mark: the search
        // of all blocks at once decides as the one-by-one rule does.
        let texts = [
            "Tolvane holds the river forts this year",
            "Tolvane holds the river forts this year\u{201d}",
            "The envoy said Tolvane holds the river forts this year and left.",
            "Tolvane holds the river forts this year\u{201d}",
            "The Ash Front of Dorn took the pass",
            "The Ash Front of Dorn took the pass",
            "Nobody in Vell said a word about it",
            "x Nobody in Vell said a word about it",
            "short one",
        ];
        let spans: Vec<(usize, usize)> = (0..texts.len()).map(|i| (i, i + 1)).collect();
        let mut fast = vec![BlockKind::Body; texts.len()];
        fast[6] = BlockKind::Heading;
        let mut slow = fast.clone();
        pull_quotes(&spans, &texts, &mut fast);
        pull_quotes_one_by_one(&spans, &texts, &mut slow);
        assert_eq!(fast, slow);
        assert_eq!(fast[0], BlockKind::PullQuote);
        assert_eq!(fast[4], BlockKind::Body);
        assert_eq!(fast[6], BlockKind::Heading);
        // Many quoted lines, each also inside one paragraph: all are pull
        // quotes, the paragraphs stay running text.
        let mut text = String::from("Title Here\n\n");
        for i in 0..40 {
            text.push_str(&format!(
                "The envoy said that brigade number {i} would hold the ridge. Then she left.\n\n\u{201c}brigade number {i} would hold the ridge\u{201d}\n\n"
            ));
        }
        let k = kinds(&text);
        let pulls = k.iter().filter(|(_, k)| *k == BlockKind::PullQuote).count();
        let body = k
            .iter()
            .filter(|(t, k)| *k == BlockKind::Body && t.starts_with("The envoy"))
            .count();
        assert_eq!((pulls, body), (40, 40));
    }
}
