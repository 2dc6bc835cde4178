//! Temporal expressions in text → EDTF.
//!
//! Recognized forms (see the table test at the bottom for examples):
//! full and partial dates (`July 3, 2018`, `3 July 2018`, `2018-07-03`,
//! `07/03/2018` when unambiguous or with a [`DateOrder`] hint, `Jul. 3`,
//! `October 2021`, `2009`, `the 1990s`, `the 19th century`); fuzzy ones
//! (`early|mid|late 2016` → thirds of the year, `the beginning|end of`,
//! halves, quarters, seasons → `YYYY-21..24`, `around 2015` → `2015~`,
//! `possibly 2015` → `2015?`); ranges (`between 2014 and 2016`, `2014–2016`,
//! `from March to May 2019`); bounds (`since 2014`, `by 2018`: the year,
//! with the bound word kept in the mention's text); relative ones.
//!
//! **Anchoring.** Anaphoric expressions (`four years earlier`, `the following
//! year`, `that month`, a date without a year such as `in March`) resolve
//! against the nearest preceding non-citation date of the text, else the
//! publication date. Deictic ones (`last year`, `this month`, `yesterday`,
//! `on Saturday`, `two years ago`, `earlier this month`) refer to the time of
//! writing and resolve against the publication date first, else the nearest
//! preceding date. A relative expression counted in years keeps year
//! precision (`four years earlier` than `2013-05` is `2009`).
//!
//! **Citations.** A parenthesis whose `;`-separated parts each end in a date
//! introduced by a comma (`(, October 4, 2021)`, `(Reuters, May 2, 2020;,
//! June 1, 2020)`) or consisting only of a date dates a cited source: its
//! dates are [`DateKind::Citation`], take the publication year when they have
//! none, and are never anchors.

use crate::lex::{atomize, number_words, sentence_atoms, small_number_word, Atom};
use dossier_doc::edtf::{days_in_month, Date, Edtf, Point, Qualifier};
use dossier_doc::{Component, ComponentError, DateKind, DateMention, Doc, Layer};

mod absolute;
mod anchoring;
mod citations;
mod ranges;
mod relative;
mod scanner;
mod words;
use self::absolute::*;
pub use self::anchoring::REPORTING_VERBS;
use self::anchoring::*;
pub use self::citations::*;
use self::ranges::*;
use self::relative::*;
use self::scanner::*;
pub use self::words::*;

/// How to read an all-numeric date like `07/03/2018` whose first two fields
/// are both ≤ 12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Not known: such dates are kept at year precision.
    #[default]
    Unknown,
    /// US order, month first (`07/03/2018` is 3 July).
    MonthFirst,
    /// Day first (`07/03/2018` is 7 March).
    DayFirst,
}

impl DateOrder {
    /// Reads a configuration name: `mdy`/`month_first`, `dmy`/`day_first`,
    /// `unknown` (case-insensitive).
    pub fn from_name(name: &str) -> Option<DateOrder> {
        match name.trim().to_lowercase().as_str() {
            "mdy" | "month_first" | "month-first" | "us" => Some(DateOrder::MonthFirst),
            "dmy" | "day_first" | "day-first" => Some(DateOrder::DayFirst),
            "unknown" | "" => Some(DateOrder::Unknown),
            _ => None,
        }
    }
}

/// A date found by [`find_dates`], with char offsets into the searched text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundDate {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// Its EDTF value.
    pub edtf: Edtf,
    /// What it is.
    pub kind: DateKind,
}

// ---------------------------------------------------------------- resolution

/// Options for finding dates.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    /// The document's publication date (anchor of deictic expressions and of
    /// citation dates without a year).
    pub published: Option<Edtf>,
    /// How to read ambiguous numeric dates.
    pub order: DateOrder,
}

/// Finds the dates of a plain text (one sentence or several; the text is
/// not split into sentences, all get sentence 0). Offsets are char offsets
/// into `text`.
///
/// ```
/// use dossier_temporal::{find_dates, DateContext};
/// let found = find_dates("In 2013 the plot failed. Four years earlier, gunmen struck.", &DateContext::default());
/// let v: Vec<String> = found.iter().map(|d| d.edtf.to_string()).collect();
/// assert_eq!(v, ["2013", "2009"]);
/// ```
pub fn find_dates(text: &str, ctx: &DateContext) -> Vec<FoundDate> {
    let mut atoms = Vec::new();
    atomize(text, 0, None, &mut atoms);
    let found = Scanner {
        atoms: &atoms,
        order: ctx.order,
    }
    .scan();
    let chars: Vec<char> = text.chars().collect();
    resolve_all(found.into_iter().map(|f| (0, f, &atoms[..])), ctx, &|_| {
        true
    })
    .into_iter()
    .map(|(_, start, end, edtf, kind)| FoundDate {
        start,
        end,
        text: chars[start..end].iter().collect(),
        edtf,
        kind,
    })
    .collect()
}

/// Char spans of the date expressions of one atom list (used by quantities
/// to skip numbers that are dates).
pub(crate) fn date_spans(atoms: &[Atom]) -> Vec<(usize, usize)> {
    Scanner {
        atoms,
        order: DateOrder::Unknown,
    }
    .scan()
    .into_iter()
    .map(|f| (atoms[f.a].start, atoms[f.b - 1].end))
    .collect()
}

/// The `"dates"` component: fills [`Doc::dates`] (sorted by position, with
/// sentence indices). Requires tokens.
#[derive(Debug, Clone, Copy, Default)]
pub struct DatesComponent {
    /// How to read ambiguous numeric dates.
    pub order: DateOrder,
}

impl DatesComponent {
    /// A component with the given numeric date order.
    pub fn new(order: DateOrder) -> Self {
        DatesComponent { order }
    }
}

/// The order a text's own all-numeric dates (`N/N/YYYY`, `N-N-YYYY`,
/// `N.N.YYYY`) show where one field is over 12 (`03/15/2012` is month
/// first), when all that show one agree: the order of its ambiguous ones
/// (`02/03/2012` in the same report). `None` when none shows it or they
/// disagree.
pub fn numeric_order(text: &str) -> Option<DateOrder> {
    let b = text.as_bytes();
    let mut found: Option<DateOrder> = None;
    let digits = |i: usize| {
        (i..b.len().min(i + 4))
            .take_while(|&k| b[k].is_ascii_digit())
            .count()
    };
    let mut i = 0;
    while i < b.len() {
        let starts = b[i].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphanumeric());
        if !starts {
            i += 1;
            continue;
        }
        let n1 = digits(i);
        let sep = b.get(i + n1).copied();
        let read = |a: usize, n: usize| -> u32 {
            std::str::from_utf8(&b[a..a + n])
                .ok()
                .and_then(|x| x.parse().ok())
                .unwrap_or(0)
        };
        if (1..=2).contains(&n1) && matches!(sep, Some(b'/' | b'-' | b'.')) {
            let j = i + n1 + 1;
            let n2 = digits(j);
            let k = j + n2 + 1;
            let n3 = if (1..=2).contains(&n2) && b.get(j + n2).copied() == sep {
                digits(k)
            } else {
                0
            };
            let ends = b.get(k + n3).is_none_or(|c| !c.is_ascii_alphanumeric());
            if n3 == 4 && ends {
                let (x, y) = (read(i, n1), read(j, n2));
                let this = match (x, y) {
                    (13..=31, 1..=12) => Some(DateOrder::DayFirst),
                    (1..=12, 13..=31) => Some(DateOrder::MonthFirst),
                    _ => None,
                };
                if let Some(o) = this {
                    if found.is_some_and(|f| f != o) {
                        return None;
                    }
                    found = Some(o);
                }
                i = k + n3;
                continue;
            }
        }
        i += n1.max(1);
    }
    found
}

/// The order of an ambiguous all-numeric date that opens the text or one
/// of its first lines ("03/08/2013: On Friday, …", "PLACE, 12/08/2011 - …
/// on Thursday"), told by a weekday the text names: the reading on that
/// weekday, when exactly one of the two is. `None` without such a date or
/// weekday, or when both readings or neither fall on a weekday named.
pub fn weekday_order(text: &str) -> Option<DateOrder> {
    let head: String = text.chars().take(600).collect();
    let lines: Vec<&str> = head.lines().take(3).collect();
    let (a, b, year) = lines.iter().find_map(|line| {
        // the first numeric date in the line's first 80 characters
        let start: String = line.chars().take(80).collect();
        let mut words = start.split(|c: char| c.is_whitespace() || c == ',');
        words.find_map(|w| {
            let w = w.trim_end_matches([':', '-', '\u{2013}', '\u{2014}']);
            let sep = w.chars().find(|c| matches!(c, '/' | '.' | '-'))?;
            let parts: Vec<&str> = w.split(sep).collect();
            let [a, b, y] = parts[..] else { return None };
            if a.len() > 2 || b.len() > 2 || y.len() != 4 {
                return None;
            }
            let (a, b, y): (u8, u8, i32) = (a.parse().ok()?, b.parse().ok()?, y.parse().ok()?);
            ((1..=12).contains(&a) && (1..=12).contains(&b) && a != b).then_some((a, b, y))
        })
    })?;
    let named: Vec<u8> = head
        .split(|c: char| !c.is_alphabetic())
        .filter_map(|w| {
            Some(match w {
                "Monday" => 0,
                "Tuesday" => 1,
                "Wednesday" => 2,
                "Thursday" => 3,
                "Friday" => 4,
                "Saturday" => 5,
                "Sunday" => 6,
                _ => return None,
            })
        })
        .collect();
    let on = |month: u8, day: u8| named.contains(&Date { year, month, day }.weekday());
    match (on(a, b), on(b, a)) {
        (true, false) => Some(DateOrder::MonthFirst),
        (false, true) => Some(DateOrder::DayFirst),
        _ => None,
    }
}

/// Finds and resolves every date of `doc` (what the component assigns).
pub fn extract_dates(doc: &Doc, order: DateOrder) -> Vec<DateMention> {
    let published = doc.meta.published;
    let order = match order {
        DateOrder::Unknown => numeric_order(&doc.text)
            .or_else(|| weekday_order(&doc.text))
            .unwrap_or(order),
        known => known,
    };
    let ctx = DateContext { published, order };
    let per_sentence = sentence_atoms(doc);
    // Sentences are scanned independently: long documents on several threads.
    let found: Vec<(usize, Vec<Found>, &[Atom])> =
        dossier_doc::parallel::map_ranges(per_sentence.len(), 200, |range| {
            per_sentence[range]
                .iter()
                .map(|(s, atoms)| (*s, Scanner { atoms, order }.scan(), &atoms[..]))
                .collect()
        });
    let items = found
        .iter()
        .flat_map(|(s, fs, atoms)| fs.iter().map(move |f| (*s, *f, *atoms)));
    // a sentence opens a line when the whitespace before it holds a line break
    let opens_line = |s: usize| {
        s == 0
            || doc.sentences.get(s).is_some_and(|cur| {
                let before = doc.slice(doc.sentences[s - 1].start, cur.start);
                before[before.trim_end().len()..].contains('\n')
            })
    };
    let mut out: Vec<DateMention> = resolve_all(items, &ctx, &opens_line)
        .into_iter()
        .map(|(sentence, start, end, e, kind)| DateMention {
            start,
            end,
            sentence,
            text: doc.slice(start, end).to_string(),
            edtf: e,
            kind,
        })
        .collect();
    out.sort_by_key(|d| (d.start, d.end));
    out
}

impl Component for DatesComponent {
    fn name(&self) -> &str {
        "dates"
    }
    fn requires(&self) -> &[Layer] {
        &[Layer::Tokens]
    }

    fn reads(&self) -> &[Layer] {
        &[Layer::Pos]
    }
    fn assigns(&self) -> &[Layer] {
        &[Layer::Dates]
    }
    /// Uses the document's own `date_order` metadata (`Meta::extra`, read
    /// with [`DateOrder::from_name`]) when present, else the component's.
    fn shares(&self) -> Vec<std::any::TypeId> {
        vec![std::any::TypeId::of::<crate::lex::SentenceAtoms>()]
    }
    fn process(&self, doc: &mut Doc) -> Result<(), ComponentError> {
        let order = doc
            .meta
            .extra
            .get("date_order")
            .and_then(|n| DateOrder::from_name(n))
            .unwrap_or(self.order);
        doc.dates = extract_dates(doc, order);
        Ok(())
    }
}

// ---------------------------------------------------------------- helpers for extractors

/// The best event date of sentence `sentence`: its first non-citation date
/// that is not a bound (`since 2014`), else its first non-citation date.
pub fn sentence_date(doc: &Doc, sentence: usize) -> Option<&DateMention> {
    let all: Vec<&DateMention> = doc
        .dates
        .iter()
        .filter(|d| d.sentence == sentence && d.kind != DateKind::Citation)
        .collect();
    all.iter()
        .copied()
        .find(|d| d.kind == DateKind::Range || bound_word(&d.text).is_none())
        .or_else(|| all.first().copied())
}

/// How far char offset `at` lies from date mention `d`, in chars: 0 inside
/// it or right after it, else the gap to its nearer edge. The one distance
/// rule of every extractor that dates a fact by the date nearest to it.
pub fn date_distance(d: &DateMention, at: usize) -> usize {
    if d.end <= at {
        at - d.end
    } else {
        d.start.saturating_sub(at)
    }
}

/// The date of `dates` nearest to char offset `at` ([`date_distance`]),
/// citation dates skipped; ties go to the earlier one.
pub fn nearest_date<'a>(
    dates: impl IntoIterator<Item = &'a DateMention>,
    at: usize,
) -> Option<&'a DateMention> {
    dates
        .into_iter()
        .filter(|d| d.kind != DateKind::Citation)
        .min_by_key(|d| date_distance(d, at))
}

/// The non-citation date of sentence `sentence` nearest to char offset
/// `char_offset` ([`nearest_date`]).
pub fn date_near(doc: &Doc, sentence: usize, char_offset: usize) -> Option<&DateMention> {
    nearest_date(
        doc.dates.iter().filter(|d| d.sentence == sentence),
        char_offset,
    )
}

#[cfg(test)]
mod tests;
