//! Feature extraction: every feature is a stable 64-bit hash of a template
//! id and a value, computed without allocating per feature.

use crate::lexicon::Lexicon;

pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

#[inline]
fn fnv_char(mut h: u64, c: char) -> u64 {
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h = fnv_byte(h, b);
    }
    h
}

/// Final avalanche (splitmix64).
#[inline]
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Combines a running hash with another value (order-sensitive).
#[inline]
pub(crate) fn hash_combine(h: u64, v: u64) -> u64 {
    mix(h.rotate_left(5) ^ v.wrapping_add(0x9e37_79b9_7f4a_7c15))
}

/// Maps typographic variants to their ASCII form (curly quotes and
/// apostrophes, dashes), so that text typeset differently from the
/// training data gets the same features.
#[inline]
pub(crate) fn norm_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201b}' | '\u{2032}' | '`' => '\'',
        '\u{201c}' | '\u{201d}' | '\u{201e}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        '\u{00a0}' => ' ',
        c => c,
    }
}

/// FNV-1a of a string (after [`norm_char`]).
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for c in s.chars() {
        let c = norm_char(c);
        if c.is_ascii() {
            h = fnv_byte(h, c as u8);
        } else {
            h = fnv_char(h, c);
        }
    }
    h
}

/// FNV-1a of a string's lowercase form.
pub(crate) fn hash_lower(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for c in s.chars().map(norm_char) {
        if c.is_ascii() {
            h = fnv_byte(h, c.to_ascii_lowercase() as u8);
        } else {
            for l in c.to_lowercase() {
                h = fnv_char(h, l);
            }
        }
    }
    h
}

/// FNV-1a of a word's capitalized form (first character kept, the rest
/// lowercase) when that differs from the word (capitals after the first
/// character), as [`hash_str`] would hash it.
pub(crate) fn hash_capitalized(s: &str) -> Option<u64> {
    let mut chars = s.chars().map(norm_char);
    let first = chars.next()?;
    if !s.chars().skip(1).any(char::is_uppercase) {
        return None;
    }
    let mut h = fnv_char(FNV_OFFSET, first);
    for c in chars {
        if c.is_ascii() {
            h = fnv_byte(h, c.to_ascii_lowercase() as u8);
        } else {
            for l in c.to_lowercase() {
                h = fnv_char(h, l);
            }
        }
    }
    Some(h)
}

/// FNV-1a of a word's title-case form (first character upper, the rest
/// lower), as [`hash_str`] would hash it; `None` for an empty word.
pub(crate) fn hash_title(s: &str) -> Option<u64> {
    let mut chars = s.chars().map(norm_char);
    let first = chars.next()?;
    let mut h = FNV_OFFSET;
    for u in first.to_uppercase() {
        h = fnv_char(h, u);
    }
    for c in chars {
        for l in c.to_lowercase() {
            h = fnv_char(h, l);
        }
    }
    Some(h)
}

#[inline]
fn feat(template: u64, v: u64) -> u64 {
    mix(v ^ template.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[inline]
fn feat2(template: u64, a: u64, b: u64) -> u64 {
    feat(template, a ^ mix(b).rotate_left(17))
}

/// A per-token value's context features (a POS tag, a first stage's
/// value): its own, its values at ±2 and ±1 (`at`, padded past the
/// sentence), its bigrams with each neighbour and its pair with the
/// word's lowercase form; `templates` are the own, window, left bigram,
/// right bigram and word-pair templates.
fn value_context(
    out: &mut Vec<u64>,
    [own_t, window_t, left_t, right_t, word_t]: [u64; 5],
    own: u64,
    lower: u64,
    ii: isize,
    at: &dyn Fn(isize) -> u64,
) {
    out.push(feat(own_t, own));
    for (k, d) in [-2isize, -1, 1, 2].into_iter().enumerate() {
        out.push(feat(window_t + k as u64, at(ii + d)));
    }
    out.push(feat2(left_t, at(ii - 1), own));
    out.push(feat2(right_t, own, at(ii + 1)));
    out.push(feat2(word_t, lower, own));
}

#[inline]
fn feat3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    feat(
        template,
        a ^ mix(b).rotate_left(17) ^ mix(c ^ 0x55).rotate_left(41),
    )
}

fn shape_class(c: char) -> char {
    let c = norm_char(c);
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        'x'
    } else {
        c
    }
}

/// The word shape: upper → `X`, lower → `x`, digit → `d`, other characters
/// kept, runs longer than four collapsed to four (`Xxxxx` for `Yerevanian`).
pub fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().map(shape_class) {
        if c == last {
            run += 1;
        } else {
            run = 1;
            last = c;
        }
        if run <= 4 {
            out.push(c);
        }
    }
    out
}

/// The short shape: every run collapsed to one character (`Xx`, `d.d`).
pub fn short_shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in word.chars().map(shape_class) {
        if c != last {
            out.push(c);
            last = c;
        }
    }
    out
}

fn shapes_hash(word: &str) -> (u64, u64) {
    let (mut full, mut short) = (FNV_OFFSET, FNV_OFFSET);
    let mut last = '\0';
    let mut run = 0;
    for c in word.chars().map(shape_class) {
        if c == last {
            run += 1;
        } else {
            run = 1;
            last = c;
            short = fnv_char(short, c);
        }
        if run <= 4 {
            full = fnv_char(full, c);
        }
    }
    (full, short)
}

/// Capitalization and character-class flags.
pub(crate) mod flag {
    pub const INIT_CAP: u32 = 1;
    pub const ALL_CAPS: u32 = 1 << 1;
    pub const ALL_LOWER: u32 = 1 << 2;
    pub const MIXED_CAPS: u32 = 1 << 3;
    pub const HAS_DIGIT: u32 = 1 << 4;
    pub const ALL_DIGIT: u32 = 1 << 5;
    pub const HAS_HYPHEN: u32 = 1 << 6;
    pub const HAS_APOS: u32 = 1 << 7;
    pub const HAS_PERIOD: u32 = 1 << 8;
    pub const PUNCT: u32 = 1 << 9;
    pub const LEN1: u32 = 1 << 10;
    pub const LEN_SHORT: u32 = 1 << 11;
    pub const LEN_LONG: u32 = 1 << 12;
    pub const HAS_AMP: u32 = 1 << 13;
    pub const COUNT: u32 = 14;
}

pub(crate) fn flags(word: &str) -> u32 {
    use flag::*;
    let mut f = 0;
    let (mut upper, mut lower, mut digit, mut alnum, mut n) = (0, 0, 0, 0, 0);
    let mut first_upper = false;
    let mut upper_after_first = false;
    for (i, c) in word.chars().map(norm_char).enumerate() {
        n += 1;
        if c.is_uppercase() {
            upper += 1;
            if i == 0 {
                first_upper = true;
            } else {
                upper_after_first = true;
            }
        } else if c.is_lowercase() {
            lower += 1;
        }
        if c.is_numeric() {
            digit += 1;
        }
        if c.is_alphanumeric() {
            alnum += 1;
        }
        match c {
            '-' | '\u{2010}' | '\u{2013}' => f |= HAS_HYPHEN,
            '\'' | '\u{2019}' => f |= HAS_APOS,
            '.' => f |= HAS_PERIOD,
            '&' => f |= HAS_AMP,
            _ => {}
        }
    }
    if first_upper && lower > 0 && !upper_after_first {
        f |= INIT_CAP;
    }
    if upper > 0 && lower == 0 {
        f |= ALL_CAPS;
    }
    if lower > 0 && upper == 0 {
        f |= ALL_LOWER;
    }
    if upper_after_first && lower > 0 {
        f |= MIXED_CAPS;
    }
    if digit > 0 {
        f |= HAS_DIGIT;
        if digit == n {
            f |= ALL_DIGIT;
        }
    }
    if alnum == 0 && n > 0 {
        f |= PUNCT;
    }
    if n == 0 {
        return 0;
    } else if n == 1 {
        f |= LEN1;
    } else if n <= 3 {
        f |= LEN_SHORT;
    } else if n >= 10 {
        f |= LEN_LONG;
    }
    f
}

/// Per-token precomputed hashes.
#[derive(Debug, Clone, Copy, Default)]
struct Tok {
    cluster: Option<(u32, u8)>,
    word: u64,
    lower: u64,
    shape: u64,
    short: u64,
    pre: [u64; 4],
    suf: [u64; 4],
    flags: u32,
    pos: u64,
    /// Templates V2: clusters of the lowercase and title-case forms; the
    /// case prior.
    case_cl: [Option<(u32, u8)>; 2],
    prior: Option<u64>,
    /// A stacked model's value from its first stage (see [`stack_values`]).
    stack: u64,
}

const PAD_L: u64 = 0x1111_2222_3333_4444;
const PAD_R: u64 = 0x5555_6666_7777_8888;

fn tok_info(word: &str, pos: Option<&str>) -> Tok {
    let (shape, short) = shapes_hash(word);
    let mut t = Tok {
        word: hash_str(word),
        lower: hash_lower(word),
        shape,
        short,
        flags: flags(word),
        pos: pos.map(hash_str).unwrap_or(0),
        ..Tok::default()
    };
    let n = word.chars().count();
    let mut h = FNV_OFFSET;
    for (k, c) in word.chars().map(norm_char).take(4).enumerate() {
        h = fnv_char(h, c);
        t.pre[k] = if k < n { h } else { 0 };
    }
    let mut h = FNV_OFFSET;
    for (k, c) in word.chars().rev().map(norm_char).take(4).enumerate() {
        h = fnv_char(h, c);
        t.suf[k] = h;
    }
    t
}

/// Document-level statistics over lowercase word forms: how each form is
/// written elsewhere in the same document (non-local features).
#[derive(Debug, Default, Clone)]
pub(crate) struct DocStats {
    map: crate::model::IdMap<u8>,
}

const DOC_CAP_MID: u8 = 1;
const DOC_LOWER_MID: u8 = 2;
const DOC_CAP_FIRST: u8 = 4;
const DOC_REPEATED: u8 = 8;
const DOC_SEEN: u8 = 16;

impl DocStats {
    /// Collects statistics over a document's sentences. Sentences written
    /// mostly in capitals (headlines) say nothing about case and are skipped
    /// for the case statistics.
    pub(crate) fn new<S: AsRef<str>>(sentences: &[&[S]]) -> Self {
        let mut map = crate::model::IdMap::<u8>::default();
        for sent in sentences {
            let letters_caps = sent
                .iter()
                .filter(|w| flags(w.as_ref()) & flag::ALL_CAPS != 0)
                .count();
            let headline = letters_caps * 2 > sent.len() && sent.len() > 1;
            for (j, w) in sent.iter().enumerate() {
                let w = w.as_ref();
                let f = flags(w);
                let e = map.entry(hash_lower(w)).or_insert(0);
                *e |= if *e & DOC_SEEN != 0 {
                    DOC_REPEATED
                } else {
                    DOC_SEEN
                };
                if headline {
                    continue;
                }
                if f & flag::INIT_CAP != 0 {
                    *e |= if j == 0 { DOC_CAP_FIRST } else { DOC_CAP_MID };
                } else if f & flag::ALL_LOWER != 0 && j > 0 {
                    *e |= DOC_LOWER_MID;
                }
            }
        }
        DocStats { map }
    }

    fn get(&self, lower: u64) -> u8 {
        self.map.get(&lower).copied().unwrap_or(0)
    }
}

/// The first `p` bits of a cluster path of length `len`, tagged with the
/// prefix length.
fn cluster_prefix(code: u32, len: u8, p: u8) -> u64 {
    let k = p.min(len);
    let bits = if k == 0 {
        0
    } else {
        (code >> (len - k)) as u64
    };
    bits | ((k as u64) << 40)
}

/// Reusable buffers for extraction.
#[derive(Debug, Default)]
pub(crate) struct Extractor {
    toks: Vec<Tok>,
    lower: Vec<u64>,
    gaz: Vec<u64>,
    /// Per token of the last extraction: where its own-word features end.
    own_end: Vec<usize>,
}

// Template ids.
const T_BIAS: u64 = 0;
const T_WORD: u64 = 1;
const T_LOWER: u64 = 2;
const T_SHAPE: u64 = 3;
const T_SHORT: u64 = 4;
const T_PRE: u64 = 5; // 5..=8
const T_SUF: u64 = 9; // 9..=12
const T_FLAG: u64 = 13;
const T_FIRST: u64 = 14;
const T_LOWER_W: u64 = 15; // 15..=18 : -2,-1,+1,+2
const T_SHORT_W: u64 = 19; // 19..=22
const T_BI_L: u64 = 23;
const T_BI_R: u64 = 24;
const T_SHAPE3: u64 = 25;
const T_GAZ: u64 = 26;
const T_GAZ_L: u64 = 27;
const T_GAZ_R: u64 = 28;
const T_GAZ_CAP: u64 = 29;
const T_POS: u64 = 30;
const T_POS_W: u64 = 31; // 31..=34
const T_POS_BI_L: u64 = 35;
const T_POS_BI_R: u64 = 36;
const T_WORD_POS: u64 = 37;
const T_LW_SHORT: u64 = 38;
const T_SHORT_RW: u64 = 39;
const T_GAZ_W2: u64 = 40; // 40..=41
const T_SHAPE_L2: u64 = 42;
const T_DOC: u64 = 43;
const T_CLUSTER: u64 = 44; // 44..=47: prefixes 4, 6, 10, 20 of token 0
const T_CLUSTER_W: u64 = 48; // 48..=51: prefixes 4, 10 of tokens -1, +1
const T_LOWER_W3: u64 = 52; // 52..=53: -3, +3
const T_BI_SKIP: u64 = 54;
const T_CLUSTER_BI_L: u64 = 55;
const T_CLUSTER_BI_R: u64 = 56;
// Templates V2 (part of speech; 57..=78 were measured and not kept, see
// ARCHITECTURE.md): the clusters of a word's lowercase and title-case forms
// and how often the word is capitalized in the clusters' text, which tell a
// name written in lowercase (`google`) or a common noun written with a
// capital (a title's `Service`) from what its case suggests.
const T_CASE_CL: u64 = 79; // 79..=82: prefixes 6, 12 of the lowercase, title-case forms' clusters
const T_PRIOR: u64 = 83; // 83..=84: case prior, × own case
const T_CASE_CL_OWN: u64 = 85; // lowercase form's cluster (6 bits) × own case × first word
const T_CASE_CL_W: u64 = 86; // 86..=87: lowercase forms' clusters (6 bits) of tokens -1, +1
                             // A stacked model's second stage: the first stage's document-level value
                             // of each token (see `stack_values`), its neighbours' (±2), bigrams and
                             // the word × the value.
const T_STACK: u64 = 88;
const T_STACK_W: u64 = 89; // 89..=92: -2, -1, +1, +2
const T_STACK_BI_L: u64 = 93;
const T_STACK_BI_R: u64 = 94;
const T_WORD_STACK: u64 = 95;

/// A stacked model's value for a word with no other occurrence in its
/// document.
const STACK_NONE: u64 = 0x57ac_0000_0000_0001;

/// The entity type of a tag (`B-PER` → `PER`; `O` and atomic tags as they are).
fn tag_type(tag: &str) -> &str {
    tag.split_once('-').map_or(tag, |(_, t)| t)
}

/// Document-level label consistency for a stacked model (after Krishnan
/// and Manning 2006): for each token of a document, given its first-stage
/// tags, the type (`PER`, `O`, …) the first stage gave most often to the
/// *other* occurrences of the same word (lowercase) in the document, ties
/// to the type first in byte order; [`STACK_NONE`] where the word occurs
/// only once. Returned as feature values, one vector per sentence.
pub(crate) fn stack_values<S: AsRef<str>, T: AsRef<str>>(
    sentences: &[&[S]],
    tags: &[Vec<T>],
) -> Vec<Vec<u64>> {
    let mut counts: crate::model::IdMap<Vec<(&str, u32)>> = Default::default();
    for (s, t) in sentences.iter().zip(tags) {
        for (w, tag) in s.iter().zip(t) {
            let ty = tag_type(tag.as_ref());
            let c = counts.entry(hash_lower(w.as_ref())).or_default();
            match c.iter_mut().find(|(x, _)| *x == ty) {
                Some((_, n)) => *n += 1,
                None => c.push((ty, 1)),
            }
        }
    }
    sentences
        .iter()
        .zip(tags)
        .map(|(s, t)| {
            s.iter()
                .zip(t)
                .map(|(w, tag)| {
                    let own = tag_type(tag.as_ref());
                    let mut best: Option<(&str, u32)> = None;
                    for &(ty, n) in &counts[&hash_lower(w.as_ref())] {
                        let n = n - (ty == own) as u32;
                        let better = match best {
                            None => n > 0,
                            Some((bt, bn)) => n > bn || (n == bn && ty < bt),
                        };
                        if better {
                            best = Some((ty, n));
                        }
                    }
                    best.map_or(STACK_NONE, |(ty, _)| hash_str(ty))
                })
                .collect()
        })
        .collect()
}

/// How a stacked model turns its first stage's tags into document-level
/// values (stored in the model file; see `stack_values` and
/// `stack_values_whole`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StackMode {
    /// Per word (lowercase): the type the other occurrences of the word
    /// were given, inside any name (Krishnan and Manning 2006).
    #[default]
    Word,
    /// Per whole name: only the other occurrences of the same whole
    /// capitalized token sequence, never a word inside a longer name.
    Whole,
    /// Per whole name, and only where at least two thirds of the other
    /// occurrences' votes agree (a first stage that splits its votes, as
    /// on text unlike its training data, gives no value).
    Agreed,
    /// As `Agreed`, without the type: whether the other occurrences were
    /// a name (`B`/`I`) or not (`O`), so a wrong first-stage type does not
    /// spread.
    Untyped,
}

impl StackMode {
    /// The code stored in a model file's header (0: `Word`).
    pub(crate) fn code(self) -> u8 {
        match self {
            StackMode::Word => 0,
            StackMode::Whole => 1,
            StackMode::Agreed => 2,
            StackMode::Untyped => 3,
        }
    }

    /// The mode of a header's code.
    pub(crate) fn from_code(c: u8) -> Option<StackMode> {
        match c {
            0 => Some(StackMode::Word),
            1 => Some(StackMode::Whole),
            2 => Some(StackMode::Agreed),
            3 => Some(StackMode::Untyped),
            _ => None,
        }
    }

    /// The values of a document's tokens under this mode.
    pub(crate) fn values<S: AsRef<str>, T: AsRef<str>>(
        self,
        sentences: &[&[S]],
        tags: &[Vec<T>],
    ) -> Vec<Vec<u64>> {
        match self {
            StackMode::Word => stack_values(sentences, tags),
            StackMode::Whole => stack_values_whole(sentences, tags, false, true),
            StackMode::Agreed => stack_values_whole(sentences, tags, true, true),
            StackMode::Untyped => stack_values_whole(sentences, tags, true, false),
        }
    }
}

/// Whether a word has a capital letter (a name-like token).
fn has_upper(w: &str) -> bool {
    w.chars().any(char::is_uppercase)
}

/// Document-level label consistency gated to whole names: every
/// first-stage entity whose first word has a capital names a token
/// sequence (compared in lowercase); each occurrence of such a sequence in
/// the document that is a whole name — no capitalized word just before it
/// (a sentence's first word only when the first stage put it in an entity)
/// or just after it, outside headlines written in capitals — votes for the
/// type the first stage gave it there (`O` where it tagged it all `O`, no
/// vote where its tags cover it only in part). Each occurrence's tokens get
/// the majority vote of the *other* occurrences with their position in the
/// name (`B-LOC`, `I-LOC`, `O`; ties to the type first in byte order), the
/// longest sequence first where several start at one token; every other
/// token [`STACK_NONE`]. So one word of a person's name is never typed by
/// another name that shares it, and a name's other mentions count only
/// when the same name stands alone. With `agreed`, the majority must hold
/// at least two thirds of the other votes; without `typed`, every type
/// votes as one (`ENT`: a name or not).
pub(crate) fn stack_values_whole<S: AsRef<str>, T: AsRef<str>>(
    sentences: &[&[S]],
    tags: &[Vec<T>],
    agreed: bool,
    typed: bool,
) -> Vec<Vec<u64>> {
    let lowers: Vec<Vec<u64>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| hash_lower(w.as_ref())).collect())
        .collect();
    let upper: Vec<Vec<bool>> = sentences
        .iter()
        .map(|s| s.iter().map(|w| has_upper(w.as_ref())).collect())
        .collect();
    let headline: Vec<bool> = sentences
        .iter()
        .map(|s| {
            let caps = s
                .iter()
                .filter(|w| flags(w.as_ref()) & flag::ALL_CAPS != 0)
                .count();
            caps * 2 > s.len() && s.len() > 1
        })
        .collect();
    // Names by their first word's lowercase hash: the lowercase hashes of
    // all their words, longest first.
    let mut names: crate::model::IdMap<Vec<Vec<u64>>> = Default::default();
    for (si, t) in tags.iter().enumerate() {
        if t.len() != sentences[si].len() {
            continue;
        }
        for (a, b, _) in crate::conll::spans(t) {
            if !upper[si][a] {
                continue;
            }
            let words = lowers[si][a..b].to_vec();
            let list = names.entry(words[0]).or_default();
            if !list.contains(&words) {
                list.push(words);
            }
        }
    }
    for list in names.values_mut() {
        list.sort_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
    }
    let is_inside = |t: &str| t != "O";
    // Occurrences: (sentence, start, end, name, vote).
    let mut occ: Vec<(usize, usize, usize, u64, Option<&str>)> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let n = s.len();
        let t = &tags[si];
        if t.len() != n {
            continue;
        }
        let low = &lowers[si];
        let sent_spans = crate::conll::spans(t);
        let blocks_left =
            |i: usize| !headline[si] && upper[si][i] && (i > 0 || is_inside(t[i].as_ref()));
        let blocks_right = |i: usize| !headline[si] && upper[si][i];
        let mut i = 0;
        while i < n {
            let found = if upper[si][i] && (i == 0 || !blocks_left(i - 1)) {
                names.get(&low[i]).and_then(|list| {
                    list.iter().find(|w| {
                        let e = i + w.len();
                        e <= n && low[i..e] == w[..] && (e == n || !blocks_right(e))
                    })
                })
            } else {
                None
            };
            let Some(words) = found else {
                i += 1;
                continue;
            };
            let e = i + words.len();
            let key = words.iter().fold(FNV_OFFSET, |h, &w| hash_combine(h, w));
            let span = &t[i..e];
            let vote = if span.iter().all(|x| x.as_ref() == "O") {
                Some("O")
            } else {
                sent_spans
                    .iter()
                    .any(|&(a, b, _)| a == i && b == e)
                    .then(|| {
                        if typed {
                            tag_type(span[0].as_ref())
                        } else {
                            "ENT"
                        }
                    })
            };
            occ.push((si, i, e, key, vote));
            i = e;
        }
    }
    let mut counts: crate::model::IdMap<Vec<(&str, u32)>> = Default::default();
    for &(_, _, _, key, vote) in &occ {
        if let Some(ty) = vote {
            let c = counts.entry(key).or_default();
            match c.iter_mut().find(|(x, _)| *x == ty) {
                Some((_, n)) => *n += 1,
                None => c.push((ty, 1)),
            }
        }
    }
    let mut out: Vec<Vec<u64>> = sentences
        .iter()
        .map(|s| vec![STACK_NONE; s.len()])
        .collect();
    for &(si, a, b, key, vote) in &occ {
        let mut best: Option<(&str, u32)> = None;
        let mut total = 0;
        for &(ty, n) in counts.get(&key).map_or(&[][..], |c| c.as_slice()) {
            let n = n - (Some(ty) == vote) as u32;
            total += n;
            let better = match best {
                None => n > 0,
                Some((bt, bn)) => n > bn || (n == bn && ty < bt),
            };
            if better {
                best = Some((ty, n));
            }
        }
        let Some((ty, n)) = best else { continue };
        if agreed && 3 * n < 2 * total {
            continue;
        }
        for (k, v) in out[si][a..b].iter_mut().enumerate() {
            *v = if ty == "O" {
                hash_str("O")
            } else {
                hash_combine(hash_str(ty), (k == 0) as u64 + 0x5a)
            };
        }
    }
    out
}

/// A neighbour's cluster value when it has none.
const NO_CLUSTER: u64 = 0x0dd0_0dd0_0dd0_0dd0;

/// A word's case class: its capitalization flags.
fn case_class(flags: u32) -> u64 {
    (flags & (flag::INIT_CAP | flag::ALL_CAPS | flag::ALL_LOWER | flag::MIXED_CAPS)) as u64
}

impl Extractor {
    /// The hash of token `i`'s word (after [`norm_char`]) in the last
    /// extraction: every own-word feature of the token is a function of it.
    pub(crate) fn word_hash(&self, i: usize) -> u64 {
        self.toks[i].word
    }

    /// Where token `i`'s own-word features end in the last extraction.
    /// They come first (`offs[i]..own_end(i)`: bias, word, lowercase,
    /// shapes, prefixes, suffixes, flags, cluster) and depend on nothing but the
    /// word, so their summed weights can be kept per word.
    pub(crate) fn own_end(&self, i: usize) -> usize {
        self.own_end[i]
    }

    /// Extracts the features of every token of a sentence into `out`
    /// (flattened), with `offs[i]..offs[i+1]` the features of token i.
    #[cfg(test)]
    pub(crate) fn extract<S: AsRef<str>, P: AsRef<str>>(
        &mut self,
        words: &[S],
        pos: Option<&[P]>,
        doc: Option<&DocStats>,
        lex: &Lexicon,
        out: &mut Vec<u64>,
        offs: &mut Vec<usize>,
    ) {
        self.extract_stacked(words, pos, None, doc, lex, out, offs)
    }

    #[allow(clippy::needless_range_loop, clippy::too_many_arguments)]
    /// [`Extractor::extract`] with a stacked model's first-stage values
    /// (one per word, see [`stack_values`]).
    pub(crate) fn extract_stacked<S: AsRef<str>, P: AsRef<str>>(
        &mut self,
        words: &[S],
        pos: Option<&[P]>,
        stack: Option<&[u64]>,
        doc: Option<&DocStats>,
        lex: &Lexicon,
        out: &mut Vec<u64>,
        offs: &mut Vec<usize>,
    ) {
        out.clear();
        offs.clear();
        self.own_end.clear();
        let n = words.len();
        self.toks.clear();
        let v2 = lex.templates == crate::lexicon::Templates::V2;
        for (i, w) in words.iter().enumerate() {
            let p = pos.and_then(|p| p.get(i)).map(|s| s.as_ref());
            let mut t = tok_info(w.as_ref(), p);
            t.stack = stack.and_then(|v| v.get(i)).copied().unwrap_or(STACK_NONE);
            if !lex.clusters.is_empty() {
                t.cluster = lex.cluster_of(w.as_ref(), t.word, t.lower);
            }
            if v2 {
                t.case_cl = [
                    lex.clusters.get(&t.lower).copied(),
                    hash_title(w.as_ref()).and_then(|h| lex.clusters.get(&h).copied()),
                ];
                t.prior = lex.case_prior(t.lower);
            }
            self.toks.push(t);
        }
        self.lower.clear();
        self.lower.extend(self.toks.iter().map(|t| t.lower));
        lex.match_tokens(&self.lower, &mut self.gaz);
        let use_pos = pos.is_some();
        let use_stack = stack.is_some();
        let toks = &self.toks;
        let gaz = &self.gaz;
        let at = |i: isize| -> Option<&Tok> {
            if i < 0 {
                None
            } else {
                toks.get(i as usize)
            }
        };
        let lower_at = |i: isize| {
            at(i)
                .map(|t| t.lower)
                .unwrap_or(if i < 0 { PAD_L } else { PAD_R })
        };
        let short_at = |i: isize| {
            at(i)
                .map(|t| t.short)
                .unwrap_or(if i < 0 { PAD_L } else { PAD_R })
        };
        let pos_at = |i: isize| {
            at(i)
                .map(|t| t.pos)
                .unwrap_or(if i < 0 { PAD_L } else { PAD_R })
        };
        let stack_at = |i: isize| {
            at(i)
                .map(|t| t.stack)
                .unwrap_or(if i < 0 { PAD_L } else { PAD_R })
        };
        let gaz_at = |i: isize| {
            if i < 0 {
                0
            } else {
                gaz.get(i as usize).copied().unwrap_or(0)
            }
        };
        for i in 0..n {
            offs.push(out.len());
            let t = &toks[i];
            let ii = i as isize;
            out.push(feat(T_BIAS, 0));
            out.push(feat(T_WORD, t.word));
            out.push(feat(T_LOWER, t.lower));
            out.push(feat(T_SHAPE, t.shape));
            out.push(feat(T_SHORT, t.short));
            for k in 0..4 {
                if t.pre[k] != 0 {
                    out.push(feat(T_PRE + k as u64, t.pre[k]));
                }
                if t.suf[k] != 0 {
                    out.push(feat(T_SUF + k as u64, t.suf[k]));
                }
            }
            for b in 0..flag::COUNT {
                if t.flags & (1 << b) != 0 {
                    out.push(feat(T_FLAG, b as u64));
                }
            }
            // The word's cluster is looked up by its form alone.
            if let Some((code, len)) = t.cluster {
                for (k, p) in [4u8, 6, 10, 20].into_iter().enumerate() {
                    out.push(feat(T_CLUSTER + k as u64, cluster_prefix(code, len, p)));
                }
            }
            if v2 {
                let own = case_class(t.flags);
                for (k, c) in t.case_cl.iter().enumerate() {
                    let k = 2 * k as u64;
                    match c {
                        Some((code, len)) => {
                            out.push(feat(T_CASE_CL + k, cluster_prefix(*code, *len, 6)));
                            out.push(feat(T_CASE_CL + k + 1, cluster_prefix(*code, *len, 12)));
                        }
                        None => out.push(feat(T_CASE_CL + k, NO_CLUSTER)),
                    }
                }
                let prior = t.prior.unwrap_or_else(|| {
                    100 + t.case_cl[0].is_some() as u64 + 2 * t.case_cl[1].is_some() as u64
                });
                out.push(feat(T_PRIOR, prior));
                out.push(feat2(T_PRIOR + 1, prior, own));
            }
            // The own-word features end here: nothing above depends on the
            // position or the neighbours (see `own_end`).
            self.own_end.push(out.len());
            if i == 0 {
                out.push(feat(T_FIRST, t.short));
            }
            for (k, d) in [-2isize, -1, 1, 2].into_iter().enumerate() {
                out.push(feat(T_LOWER_W + k as u64, lower_at(ii + d)));
                out.push(feat(T_SHORT_W + k as u64, short_at(ii + d)));
            }
            out.push(feat(T_LOWER_W3, lower_at(ii - 3)));
            out.push(feat(T_LOWER_W3 + 1, lower_at(ii + 3)));
            out.push(feat2(T_BI_SKIP, lower_at(ii - 1), lower_at(ii + 1)));
            out.push(feat2(T_BI_L, lower_at(ii - 1), t.lower));
            out.push(feat2(T_BI_R, t.lower, lower_at(ii + 1)));
            out.push(feat3(T_SHAPE3, short_at(ii - 1), t.short, short_at(ii + 1)));
            out.push(feat2(T_SHAPE_L2, short_at(ii - 2), short_at(ii - 1)));
            out.push(feat2(T_LW_SHORT, lower_at(ii - 1), t.short));
            out.push(feat2(T_SHORT_RW, t.short, lower_at(ii + 1)));
            if let Some(d) = doc {
                let any_upper = t.flags & (flag::INIT_CAP | flag::ALL_CAPS | flag::MIXED_CAPS) != 0;
                if any_upper {
                    let class = if t.flags & flag::ALL_CAPS != 0 {
                        2
                    } else if i == 0 {
                        0
                    } else {
                        1
                    };
                    let m = d.get(t.lower);
                    for b in 0..5u64 {
                        if m & (1 << b) != 0 {
                            out.push(feat(T_DOC, b * 4 + class));
                        }
                    }
                }
            }
            for (k, d) in [-1isize, 1].into_iter().enumerate() {
                if let Some((code, len)) = at(ii + d).and_then(|t| t.cluster) {
                    out.push(feat(
                        T_CLUSTER_W + 2 * k as u64,
                        cluster_prefix(code, len, 4),
                    ));
                    out.push(feat(
                        T_CLUSTER_W + 2 * k as u64 + 1,
                        cluster_prefix(code, len, 10),
                    ));
                }
            }
            // Cluster bigrams (6-bit prefixes) with each neighbour, which may
            // be a sentence boundary or a word without a cluster.
            if let Some((code, len)) = t.cluster {
                let prefix_at = |i: isize| -> u64 {
                    match at(i) {
                        None if i < 0 => PAD_L,
                        None => PAD_R,
                        Some(t) => t
                            .cluster
                            .map_or(NO_CLUSTER, |(c, l)| cluster_prefix(c, l, 6)),
                    }
                };
                let own = cluster_prefix(code, len, 6);
                out.push(feat2(T_CLUSTER_BI_L, prefix_at(ii - 1), own));
                out.push(feat2(T_CLUSTER_BI_R, own, prefix_at(ii + 1)));
            }
            if v2 {
                let lc =
                    |t: &Tok| t.case_cl[0].map_or(NO_CLUSTER, |(c, l)| cluster_prefix(c, l, 6));
                let own = case_class(t.flags) | ((i == 0) as u64) << 8;
                out.push(feat2(T_CASE_CL_OWN, lc(t), own));
                for (k, d) in [-1isize, 1].into_iter().enumerate() {
                    let v = at(ii + d).map_or(if d < 0 { PAD_L } else { PAD_R }, lc);
                    out.push(feat(T_CASE_CL_W + k as u64, v));
                }
            }
            let g = gaz_at(ii);
            let cap = (t.flags & (flag::INIT_CAP | flag::ALL_CAPS) != 0) as u64;
            for b in 0..64u64 {
                if g & (1 << b) != 0 {
                    out.push(feat(T_GAZ, b));
                    out.push(feat2(T_GAZ_CAP, b, cap));
                }
            }
            for (tmpl, d) in [
                (T_GAZ_L, -1isize),
                (T_GAZ_R, 1),
                (T_GAZ_W2, -2),
                (T_GAZ_W2 + 1, 2),
            ] {
                let g = gaz_at(ii + d);
                for b in 0..64u64 {
                    if g & (1 << b) != 0 {
                        out.push(feat(tmpl, b));
                    }
                }
            }
            if use_pos {
                let templates = [T_POS, T_POS_W, T_POS_BI_L, T_POS_BI_R, T_WORD_POS];
                value_context(out, templates, t.pos, t.lower, ii, &pos_at);
            }
            if use_stack {
                let templates = [T_STACK, T_STACK_W, T_STACK_BI_L, T_STACK_BI_R, T_WORD_STACK];
                value_context(out, templates, t.stack, t.lower, ii, &stack_at);
            }
        }
        offs.push(out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("Marlowe"), "Xxxxx");
        assert_eq!(shape("NATO"), "XXXX");
        assert_eq!(shape("1996-08-22"), "dddd-dd-dd");
        assert_eq!(short_shape("1996-08-22"), "d-d-d");
        assert_eq!(short_shape("McKay"), "XxXx");
        assert_eq!(short_shape("O'Neill"), "X'Xx");
        assert_eq!(shape(""), "");
    }

    #[test]
    fn shape_hash_matches_shape_strings() {
        for w in ["Marlowe", "ab-12", "ÉCOLE", "x"] {
            let (full, short) = shapes_hash(w);
            assert_eq!(full, hash_str(&shape(w)));
            assert_eq!(short, hash_str(&short_shape(w)));
        }
    }

    #[test]
    fn flag_values() {
        use flag::*;
        assert_eq!(flags("Paris") & (INIT_CAP | ALL_CAPS | ALL_LOWER), INIT_CAP);
        assert_ne!(flags("UN") & ALL_CAPS, 0);
        assert_ne!(flags("iPhone") & MIXED_CAPS, 0);
        assert_ne!(flags("1996") & ALL_DIGIT, 0);
        assert_ne!(flags("al-Qasr") & HAS_HYPHEN, 0);
        assert_ne!(flags(",") & PUNCT, 0);
        assert_eq!(flags(""), 0);
        assert_eq!(hash_lower("ÉCOLE"), hash_str("école"));
        assert_eq!(hash_capitalized("ÉCOLE"), Some(hash_str("École")));
        assert_eq!(hash_capitalized("KADRA"), Some(hash_str("Kadra")));
        assert_eq!(hash_capitalized("Kadra"), None);
        assert_eq!(hash_capitalized("kadra"), None);
        assert_eq!(hash_capitalized(""), None);
        assert_eq!(hash_str("Dar\u{2019}a"), hash_str("Dar'a"));
        assert_eq!(short_shape("Dar\u{2019}a"), "Xx'x");
    }

    #[test]
    fn features_depend_on_context_and_lexicon() {
        let mut ex = Extractor::default();
        let lex = Lexicon::new();
        let (mut a, mut oa) = (Vec::new(), Vec::new());
        let (mut b, mut ob) = (Vec::new(), Vec::new());
        ex.extract::<_, &str>(&["Zorvan", "said"], None, None, &lex, &mut a, &mut oa);
        ex.extract::<_, &str>(&["Zorvan", "ran"], None, None, &lex, &mut b, &mut ob);
        assert_eq!(oa.len(), 3);
        // Token 0 shares its own-word features but not the right-context ones.
        let fa: std::collections::HashSet<_> = a[oa[0]..oa[1]].iter().collect();
        let fb: std::collections::HashSet<_> = b[ob[0]..ob[1]].iter().collect();
        assert!(fa.contains(&feat(T_WORD, hash_str("Zorvan"))));
        assert!(fb.contains(&feat(T_WORD, hash_str("Zorvan"))));
        assert_ne!(fa, fb);
        assert!(fa.contains(&feat(T_FIRST, hash_str("Xx"))));
        // A gazetteer hit adds features.
        let mut lex2 = Lexicon::new();
        lex2.insert("Zorvan", crate::GazType::City);
        ex.extract::<_, &str>(&["Zorvan", "said"], None, None, &lex2, &mut b, &mut ob);
        assert_eq!(ob[1] - ob[0], oa[1] - oa[0] + 2);
        // POS features appear only when POS is given.
        ex.extract(
            &["Zorvan", "said"],
            Some(&["NNP", "VBD"]),
            None,
            &lex,
            &mut b,
            &mut ob,
        );
        assert!(ob[1] - ob[0] > oa[1] - oa[0]);
        // Empty input is fine.
        ex.extract::<&str, &str>(&[], None, None, &lex, &mut b, &mut ob);
        assert!(b.is_empty());
        assert_eq!(ob, vec![0]);
    }

    #[test]
    fn document_statistics() {
        let s1: &[&str] = &["Harrow", "is", "a", "town", "."];
        let s2: &[&str] = &["They", "met", "in", "Harrow", "and", "harrow", "."];
        let s3: &[&str] = &["STORM", "HITS", "HARROW"];
        let d = DocStats::new(&[s1, s2, s3]);
        let m = d.get(hash_lower("Harrow"));
        assert_ne!(m & DOC_CAP_FIRST, 0);
        assert_ne!(m & DOC_CAP_MID, 0);
        assert_ne!(m & DOC_LOWER_MID, 0);
        assert_ne!(m & DOC_REPEATED, 0);
        assert_eq!(d.get(hash_lower("storm")), DOC_SEEN);
        assert_eq!(d.get(hash_lower("absent")), 0);
        let mut ex = Extractor::default();
        let (mut a, mut oa, mut b, mut ob) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let lex = Lexicon::new();
        ex.extract::<_, &str>(s3, None, None, &lex, &mut a, &mut oa);
        ex.extract::<_, &str>(s3, None, Some(&d), &lex, &mut b, &mut ob);
        assert_eq!(ob[3] - ob[2], oa[3] - oa[2] + 5);
    }

    #[test]
    fn v2_features() {
        let words = ["Google", "fleem", "."];
        let mut lex = Lexicon::new();
        lex.add_clusters("0110\tfleem\t40\n0111\tFleem\t10\n10\tgoogle\t3\n11\tGoogle\t500\n")
            .unwrap();
        let mut ex = Extractor::default();
        let (mut a, mut oa, mut b, mut ob) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        ex.extract::<_, &str>(&words, None, None, &lex, &mut a, &mut oa);
        lex.templates = crate::lexicon::Templates::V2;
        ex.extract::<_, &str>(&words, None, None, &lex, &mut b, &mut ob);
        // V1 features are kept, V2 adds its own.
        let fb: std::collections::HashSet<_> = b.iter().collect();
        assert!(a.iter().all(|f| fb.contains(f)));
        assert!(ob[1] - ob[0] > oa[1] - oa[0]);
        // `Google`: the clusters of `google` and `Google` are own-word
        // features; `fleem` sees `google`'s cluster on its left.
        let own0 = &b[ob[0]..ex.own_end(0)];
        assert!(own0.contains(&feat(T_CASE_CL, cluster_prefix(0b10, 2, 6))));
        assert!(own0.contains(&feat(T_CASE_CL + 2, cluster_prefix(0b11, 2, 6))));
        assert!(b[ob[1]..ob[2]].contains(&feat(T_CASE_CL_W, cluster_prefix(0b10, 2, 6))));
        // Without case priors, the prior says which forms have a cluster;
        // with them, how often the word is capitalized.
        assert!(own0.contains(&feat(T_PRIOR, 103)));
        assert_eq!(
            lex.add_case_priors(
                "0\tfleem\t40\n0\tFleem\t10\n0\tgoogle\t3\n0\tGoogle\t500\n0\tzib\n"
            ),
            2
        );
        let google = lex.case_prior(hash_lower("google")).unwrap();
        let fleem = lex.case_prior(hash_lower("FLEEM")).unwrap();
        assert_eq!(google / 8, 5);
        assert_eq!(fleem / 8, 1);
        ex.extract::<_, &str>(&words, None, None, &lex, &mut b, &mut ob);
        assert!(b[ob[0]..ex.own_end(0)].contains(&feat(T_PRIOR, google)));
        // An unknown word has no clusters.
        ex.extract::<_, &str>(&["qwerty"], None, None, &lex, &mut b, &mut ob);
        assert!(b.contains(&feat(T_CASE_CL, NO_CLUSTER)));
        assert!(b.contains(&feat(T_PRIOR, 100)));
    }

    #[test]
    fn stack_values_are_the_other_occurrences_majority() {
        let s1: &[&str] = &["Harrow", "met", "Vell", "."];
        let s2: &[&str] = &["harrow", "and", "HARROW", "met", "."];
        let tags = vec![
            vec!["B-PER", "O", "B-LOC", "O"],
            vec!["B-LOC", "O", "B-LOC", "O", "O"],
        ];
        let v = stack_values(&[s1, s2], &tags);
        let (loc, o) = (hash_str("LOC"), hash_str("O"));
        // `Harrow` (PER) sees two LOC; each LOC `harrow` sees one LOC and
        // one PER: a tie goes to the type first in byte order.
        assert_eq!(v[0][0], loc);
        assert_eq!(v[1][0], loc);
        assert_eq!(v[1][2], loc);
        // `Vell` and `and` occur once; `met` and `.` were O elsewhere.
        assert_eq!(v[0][2], STACK_NONE);
        assert_eq!(v[1][1], STACK_NONE);
        assert_eq!(v[0][1], o);
        assert_eq!(v[1][4], o);
        let tie = stack_values(&[&["Ka", "Ka", "Ka"][..]], &[vec!["B-PER", "B-LOC", "O"]]);
        assert_eq!(tie[0], vec![loc, o, loc]);
        // The values are features of their token and its neighbours.
        let mut ex = Extractor::default();
        let lex = Lexicon::new();
        let (mut a, mut oa, mut b, mut ob) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        ex.extract::<_, &str>(s1, None, None, &lex, &mut a, &mut oa);
        ex.extract_stacked::<_, &str>(s1, None, Some(&v[0]), None, &lex, &mut b, &mut ob);
        for i in 0..s1.len() {
            assert_eq!(ob[i + 1] - ob[i], oa[i + 1] - oa[i] + 8);
        }
        assert!(b[ob[0]..ob[1]].contains(&feat(T_STACK, loc)));
        assert!(b[ob[1]..ob[2]].contains(&feat(T_STACK_W + 1, loc)));
        assert!(stack_values::<&str, &str>(&[], &[]).is_empty());
    }

    #[test]
    fn issue12_whole_name_stack_values() {
        let b = |ty: &str| hash_combine(hash_str(ty), 1 + 0x5a);
        let i = |ty: &str| hash_combine(hash_str(ty), 0x5a);
        let s1: &[&str] = &["Omar", "Vey", "met", "officials", "."];
        let s2: &[&str] = &["They", "went", "to", "Vey", "."];
        let s3: &[&str] = &["Vey", "is", "a", "town", "."];
        let s4: &[&str] = &["Omar", "Vey", "spoke", "."];
        let s5: &[&str] = &["Rain", "fell", "on", "Vey", "."];
        let s6: &[&str] = &["The", "Vey", "Front", "attacked", "."];
        let s7: &[&str] = &["VEY", "FRONT", "CLASH", "KILLS", "TEN"];
        let tags = vec![
            vec!["B-PER", "I-PER", "O", "O", "O"],
            vec!["O", "O", "O", "B-LOC", "O"],
            vec!["B-LOC", "O", "O", "O", "O"],
            vec!["B-PER", "I-PER", "O", "O"],
            vec!["O", "O", "O", "O", "O"],
            vec!["O", "B-ORG", "I-ORG", "O", "O"],
            vec!["B-ORG", "I-ORG", "O", "O", "O"],
        ];
        let v = stack_values_whole(&[s1, s2, s3, s4, s5, s6, s7], &tags, false, true);
        // The person's name sees its other whole occurrence, never the
        // place that shares its last word.
        assert_eq!(v[0][..2], [b("PER"), i("PER")]);
        assert_eq!(v[3][..2], [b("PER"), i("PER")]);
        // `Vey` alone: LOC twice, O once (s5); each occurrence sees the
        // others (a tie LOC/O goes to LOC).
        assert_eq!(v[1][3], b("LOC"));
        assert_eq!(v[2][0], b("LOC"));
        assert_eq!(v[4][3], b("LOC"));
        // The longest name first: `Vey Front` after a sentence's first
        // word outside any entity, and in a headline in capitals.
        assert_eq!(v[5][1..3], [b("ORG"), i("ORG")]);
        assert_eq!(v[6][..2], [b("ORG"), i("ORG")]);
        // Everything else has no value.
        for (s, k) in [(0, 2), (1, 0), (4, 0), (5, 0), (5, 3), (6, 2)] {
            assert_eq!(v[s][k], STACK_NONE, "{s} {k}");
        }
        // Agreed: `Vey` in s2 and s3 sees one LOC and one O vote, under two
        // thirds: no value; s5 sees two LOC of two.
        let a = stack_values_whole(&[s1, s2, s3, s4, s5, s6, s7], &tags, true, true);
        assert_eq!((a[1][3], a[2][0]), (STACK_NONE, STACK_NONE));
        assert_eq!(a[4][3], b("LOC"));
        assert_eq!(a[0][..2], [b("PER"), i("PER")]);
        // Untyped: a name or not.
        let u = stack_values_whole(&[s1, s2, s3, s4, s5, s6, s7], &tags, true, false);
        assert_eq!(u[0][..2], [b("ENT"), i("ENT")]);
        assert_eq!(u[4][3], b("ENT"));
        // An occurrence the first stage covers only in part does not vote
        // but gets the others' vote; a name seen once has no value.
        let p1: &[&str] = &["Ana", "Sol", "left", "Kor", "Dam", "."];
        let p2: &[&str] = &["Ana", "Sol", "wrote", "."];
        let p3: &[&str] = &["Near", "Kor", "Dam", "."];
        let t = vec![
            vec!["B-PER", "O", "O", "B-LOC", "I-LOC", "O"],
            vec!["B-PER", "I-PER", "O", "O"],
            vec!["O", "B-LOC", "I-LOC", "O"],
        ];
        let v = stack_values_whole(&[p1, p2, p3], &t, false, true);
        // `Ana Sol` in p1 is tagged in part: it takes p2's PER, p2 sees
        // no other vote.
        assert_eq!(v[0][..2], [b("PER"), i("PER")]);
        assert_eq!(v[1][..2], [STACK_NONE, STACK_NONE]);
        assert_eq!(v[2][1..3], [b("LOC"), i("LOC")]);
        // Lengths that differ from the tags, or nothing at all: no panic.
        let odd = stack_values_whole(&[p1], &[vec!["B-PER"]], false, true);
        assert_eq!(odd[0], vec![STACK_NONE; p1.len()]);
        assert!(stack_values_whole::<&str, &str>(&[], &[], true, false).is_empty());
    }

    #[test]
    fn cluster_features() {
        assert_eq!(cluster_prefix(0b110101, 6, 4), 0b1101 | (4 << 40));
        assert_eq!(cluster_prefix(0b10, 2, 4), 0b10 | (2 << 40));
        let mut lex = Lexicon::new();
        lex.add_clusters("110101\tgrelk\n").unwrap();
        let mut ex = Extractor::default();
        let (mut a, mut oa) = (Vec::new(), Vec::new());
        ex.extract::<_, &str>(
            &["grelk", "x"],
            None,
            None,
            &Lexicon::new(),
            &mut a,
            &mut oa,
        );
        let own_plain = ex.own_end(0) - oa[0];
        let (mut b, mut ob) = (Vec::new(), Vec::new());
        ex.extract::<_, &str>(&["grelk", "x"], None, None, &lex, &mut b, &mut ob);
        // Token 0: four prefixes and two cluster bigrams; token 1 (no
        // cluster): two prefixes of its left neighbour's.
        assert_eq!(ob[1] - ob[0], oa[1] - oa[0] + 6);
        assert_eq!(ob[2] - ob[1], oa[2] - oa[1] + 2);
        // The word's own cluster features are own-word features.
        assert_eq!(ex.own_end(0) - ob[0], own_plain + 4);
        // A bigram feature tells a boundary from a word without a cluster.
        ex.extract::<_, &str>(&["x", "grelk"], None, None, &lex, &mut a, &mut oa);
        ex.extract::<_, &str>(&["grelk"], None, None, &lex, &mut b, &mut ob);
        assert!(a.contains(&feat2(
            T_CLUSTER_BI_L,
            NO_CLUSTER,
            cluster_prefix(0b110101, 6, 6)
        )));
        assert!(b.contains(&feat2(
            T_CLUSTER_BI_L,
            PAD_L,
            cluster_prefix(0b110101, 6, 6)
        )));
    }
}
