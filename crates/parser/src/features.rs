//! Feature templates over a configuration: words, tags, word clusters,
//! labels, distances and valencies of the stack, buffer and the outermost
//! dependents (after Zhang and Nivre 2011, "Transition-based dependency
//! parsing with rich non-local features"), each hashed to 64 bits.

use crate::system::{State, NONE};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a of a string.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    for b in s.bytes() {
        h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
    }
    h
}

/// FNV-1a of a string's lowercase form, with typographic quotes and dashes
/// folded to ASCII.
pub(crate) fn hash_lower(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201c}' | '\u{201d}' => '"',
            '\u{2013}' | '\u{2014}' => '-',
            c => c,
        };
        for l in c.to_lowercase() {
            for &b in l.encode_utf8(&mut buf).as_bytes() {
                h = (h ^ b as u64).wrapping_mul(FNV_PRIME);
            }
        }
    }
    h
}

#[inline]
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    mix(a ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1
}
#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    f1(t, a ^ mix(b).rotate_left(17))
}
#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    f1(
        t,
        a ^ mix(b).rotate_left(17) ^ mix(c ^ 0x55).rotate_left(41),
    )
}

/// What the templates know of one word, precomputed per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    /// Lowercase form.
    pub w: u64,
    /// Tag (XPOS).
    pub p: u64,
    /// Cluster path prefixes of 4 and 6 bits and the whole path (0 = none).
    pub c4: u64,
    pub c6: u64,
    pub cf: u64,
    /// Punctuation tokens before this word in the sentence.
    pub pc: u32,
    /// 1 if this word is punctuation, else 0.
    pub pu: u32,
}

const NO_WORD: WordInfo = WordInfo {
    w: 0x1357,
    p: 0x1357,
    c4: 0x1357,
    c6: 0x1357,
    cf: 0x1357,
    pc: 0,
    pu: 0,
};
const ROOT_WORD: WordInfo = WordInfo {
    w: 0x2468,
    p: 0x2468,
    c4: 0x2468,
    c6: 0x2468,
    cf: 0x2468,
    pc: 0,
    pu: 0,
};

/// A cluster path's prefix of `p` bits, tagged with its length.
pub(crate) fn cluster_prefix(code: u32, len: u8, p: u8) -> u64 {
    let k = p.min(len);
    let bits = if k == 0 {
        0
    } else {
        (code >> (len - k)) as u64
    };
    (bits | ((k as u64) << 40)) + 7
}

fn dist_bucket(d: u32) -> u64 {
    match d {
        0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// The feature sets a model can be trained with (stored in the model file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureSet {
    /// The templates of the first models (`DPARSE03` files).
    V1,
    /// V1 and third-order words (second-outermost dependents), word
    /// triples over `s1 s0 b0`, punctuation between `s0`/`b0` and
    /// `s1`/`s0`, cluster × tag conjunctions and `s0`'s word with its
    /// outermost labels (`DPARSE04` files).
    V2,
}

fn punct_bucket(words: &[WordInfo], n: usize, a: u32, b: u32) -> u64 {
    // Punctuation strictly between a and b (a < b; b may be the root).
    if a == NONE || b == NONE || a >= b || n == 0 {
        return 0xf;
    }
    let at = |i: u32| {
        if (i as usize) < n {
            words[i as usize].pc
        } else {
            words[n - 1].pc + words[n - 1].pu
        }
    };
    let k = at(b) - at(a) - words[a as usize].pu;
    k.min(3) as u64
}

/// The positions whose word alone some features read: the features of
/// [`role_features`] for a role depend on nothing but the word in that
/// position, so a decoder may sum them once per word and role and reuse
/// the sum while the word stays there ([`extract_rest`] gives the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    S0,
    S1,
    B0,
    B1,
    B2,
    S2,
}

impl Role {
    /// Every role, in the order of [`Role::index`].
    pub(crate) const ALL: [Role; 6] = [Role::S0, Role::S1, Role::B0, Role::B1, Role::B2, Role::S2];

    /// The role's position among [`Role::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The word in this role in `s` (`NONE` if none; `s.n` is the root).
    pub(crate) fn word(self, s: &State) -> u32 {
        match self {
            Role::S0 => s.s(0),
            Role::S1 => s.s(1),
            Role::S2 => s.s(2),
            Role::B0 => s.buf(0),
            Role::B1 => s.buf(1),
            Role::B2 => s.buf(2),
        }
    }
}

/// Template ids of the single-word features: the bias is 1, the unigrams
/// of `s0 s1 b0 b1 b2` three each from 2, `s2`'s two from 17; the word
/// clusters of `s0 s1 b0 b1` three each from [`CLUSTER_TID`] + 1.
const UNIGRAM_TID: u64 = 1;
const S2_TID: u64 = 16;
const CLUSTER_TID: u64 = 101;

/// The word in position `i` of `s` as the templates see it.
#[inline]
pub(crate) fn word_info(s: &State, words: &[WordInfo], i: u32) -> WordInfo {
    if i == NONE {
        NO_WORD
    } else if i as usize == s.n {
        ROOT_WORD
    } else {
        words[i as usize]
    }
}

/// The features of [`extract`] that read the word `x` in role `role` and
/// nothing else, appended to `out`: its unigrams, then its word clusters.
pub(crate) fn role_features(role: Role, x: WordInfo, out: &mut Vec<u64>) {
    role_unigrams(role, x, out);
    role_clusters(role, x, out);
}

/// The word and tag features of `x` in `role` (with their template ids).
fn role_unigrams(role: Role, x: WordInfo, out: &mut Vec<u64>) {
    if role == Role::S2 {
        out.push(f1(S2_TID + 1, x.p));
        out.push(f2(S2_TID + 2, x.w, x.p));
        return;
    }
    let t = UNIGRAM_TID + 3 * role.index() as u64;
    out.push(f2(t + 1, x.w, x.p));
    out.push(f1(t + 2, x.w));
    out.push(f1(t + 3, x.p));
}

/// The word-cluster features of `x` in `role` (none for `b2` and `s2`).
fn role_clusters(role: Role, x: WordInfo, out: &mut Vec<u64>) {
    if matches!(role, Role::B2 | Role::S2) {
        return;
    }
    let t = CLUSTER_TID + 3 * role.index() as u64;
    out.push(f1(t + 1, x.c4));
    out.push(f1(t + 2, x.c6));
    out.push(f1(t + 3, x.cf));
}

/// Extracts every feature of configuration `s` over `words` (one entry per
/// word; the root at index `n` has its own constant) into `out`.
pub(crate) fn extract(s: &State, words: &[WordInfo], set: FeatureSet, out: &mut Vec<u64>) {
    extract_parts(s, words, set, Part::ALL, out, None);
}

/// [`extract`] without the features of [`role_features`] and of the
/// groups (the same features otherwise, in the same order).
#[cfg(test)]
pub(crate) fn extract_rest(s: &State, words: &[WordInfo], set: FeatureSet, out: &mut Vec<u64>) {
    extract_parts(s, words, set, Part::rest_and(0), out, None);
}

/// The features of [`extract`] of group `g` (see [`Group`]), into `out`.
#[cfg(test)]
pub(crate) fn group_features(
    g: Group,
    s: &State,
    words: &[WordInfo],
    set: FeatureSet,
    out: &mut Vec<u64>,
) {
    extract_parts(s, words, set, Part::group(g), out, None);
}

/// The features of [`extract`] but those of [`role_features`] and of the
/// groups not in `groups` (bit [`Group::index`] set: the group's features
/// wanted), into `out`, with each feature's group into `dests` (0: none,
/// `1 +` [`Group::index`]).
pub(crate) fn extract_rest_and(
    s: &State,
    words: &[WordInfo],
    set: FeatureSet,
    groups: u8,
    out: &mut Vec<u64>,
    dests: &mut Vec<u8>,
) {
    dests.clear();
    extract_parts(s, words, set, Part::rest_and(groups), out, Some(dests));
}

/// Which of a configuration's features to extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Part {
    /// The single-word features of [`role_features`].
    roles: bool,
    /// The features of no role and no group.
    rest: bool,
    /// The groups wanted (bit [`Group::index`]).
    groups: u8,
}

impl Part {
    const ALL: Part = Part {
        roles: true,
        rest: true,
        groups: 0b111,
    };

    fn rest_and(groups: u8) -> Part {
        Part {
            roles: false,
            rest: true,
            groups,
        }
    }

    #[cfg(test)]
    fn group(g: Group) -> Part {
        Part {
            roles: false,
            rest: false,
            groups: 1 << g.index(),
        }
    }
}

/// Features that read one word with its dependents and nothing else that
/// changes during a parse: `s0` and `s1` with their dependents, valencies
/// and label sets, `b0` with its left dependents and the two words after
/// it (and the bias). Dependents are only ever added, the newest outermost,
/// so within one parse a group's features are fixed by [`Group::key`]: a
/// decoder may sum them once per key and reuse the sum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Group {
    S0,
    S1,
    B0,
}

impl Group {
    /// Every group, in the order of [`Group::index`].
    pub(crate) const ALL: [Group; 3] = [Group::S0, Group::S1, Group::B0];

    /// The group's position among [`Group::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The word the group reads (`NONE` if none; `s.n` is the root).
    pub(crate) fn word(self, s: &State) -> u32 {
        match self {
            Group::S0 => s.s(0),
            Group::S1 => s.s(1),
            Group::B0 => s.buf(0),
        }
    }

    /// What fixes the group's features besides the word: its outermost
    /// left and right dependents.
    pub(crate) fn key(self, s: &State, word: u32) -> [u32; 2] {
        if word == NONE {
            [NONE; 2]
        } else {
            [s.lc[word as usize][0], s.rc[word as usize][0]]
        }
    }
}

/// The configuration as the templates read it: the words in the stack's
/// and buffer's first positions, their outermost dependents and the
/// distances between them.
struct Ctx<'a> {
    s: &'a State,
    words: &'a [WordInfo],
    s0i: u32,
    s1i: u32,
    b0i: u32,
    s0: WordInfo,
    s1: WordInfo,
    s2: WordInfo,
    b0: WordInfo,
    b1: WordInfo,
    b2: WordInfo,
    /// Outermost (`l`, `r`) and second-outermost (`l2`, `r2`) dependents.
    s0l: u32,
    s0r: u32,
    s0l2: u32,
    s0r2: u32,
    s1l: u32,
    s1r: u32,
    s1r2: u32,
    b0l: u32,
    b0l2: u32,
    s0l_: WordInfo,
    s0r_: WordInfo,
    s1l_: WordInfo,
    s1r_: WordInfo,
    b0l_: WordInfo,
    /// Distance buckets of `s0`–`b0` and `s1`–`s0`.
    d: u64,
    d2: u64,
}

impl<'a> Ctx<'a> {
    fn new(s: &'a State, words: &'a [WordInfo]) -> Self {
        let info = |i: u32| word_info(s, words, i);
        let lc = |i: u32, k: usize| if i == NONE { NONE } else { s.lc[i as usize][k] };
        let rc = |i: u32, k: usize| if i == NONE { NONE } else { s.rc[i as usize][k] };
        let (s0i, s1i, s2i) = (s.s(0), s.s(1), s.s(2));
        let (b0i, b1i, b2i) = (s.buf(0), s.buf(1), s.buf(2));
        let (s0l, s0r, s0l2, s0r2) = (lc(s0i, 0), rc(s0i, 0), lc(s0i, 1), rc(s0i, 1));
        let (s1l, s1r, s1r2) = (lc(s1i, 0), rc(s1i, 0), rc(s1i, 1));
        let (b0l, b0l2) = (lc(b0i, 0), lc(b0i, 1));
        let d = if s0i != NONE {
            dist_bucket(b0i - s0i)
        } else {
            0xf
        };
        let d2 = if s1i != NONE {
            dist_bucket(s0i - s1i)
        } else {
            0xf
        };
        Ctx {
            s,
            words,
            s0i,
            s1i,
            b0i,
            s0: info(s0i),
            s1: info(s1i),
            s2: info(s2i),
            b0: info(b0i),
            b1: info(b1i),
            b2: info(b2i),
            s0l,
            s0r,
            s0l2,
            s0r2,
            s1l,
            s1r,
            s1r2,
            b0l,
            b0l2,
            s0l_: info(s0l),
            s0r_: info(s0r),
            s1l_: info(s1l),
            s1r_: info(s1r),
            b0l_: info(b0l),
            d,
            d2,
        }
    }

    fn info(&self, i: u32) -> WordInfo {
        word_info(self.s, self.words, i)
    }

    fn label(&self, i: u32) -> u64 {
        if i == NONE {
            0xff
        } else {
            self.s.labels[i as usize] as u64
        }
    }

    fn val(&self, i: u32, k: usize) -> u64 {
        if i == NONE {
            0xfe
        } else {
            self.s.valency[i as usize][k] as u64
        }
    }

    fn lset(&self, i: u32, k: usize) -> u64 {
        if i == NONE {
            0
        } else {
            self.s.label_sets[i as usize][k]
        }
    }
}

/// Where the templates write their features: each template takes the next
/// id, whether its feature is written or not, and is written if `part`
/// asks for its group (`None`: the rest).
struct Sink<'o> {
    t: u64,
    out: &'o mut Vec<u64>,
    part: Part,
    /// Each written feature's group (0: none, `1 +` [`Group::index`]).
    dests: Option<&'o mut Vec<u8>>,
}

impl Sink<'_> {
    /// The next template, of group `g`, its feature made by `f` from its
    /// id.
    #[inline]
    fn push(&mut self, g: Option<Group>, f: impl FnOnce(u64) -> u64) {
        self.t += 1;
        let wanted = match g {
            None => self.part.rest,
            Some(x) => self.part.groups & (1 << x.index()) != 0,
        };
        if wanted {
            self.out.push(f(self.t));
            if let Some(d) = self.dests.as_deref_mut() {
                d.push(g.map_or(0, |x| 1 + x.index() as u8));
            }
        }
    }

    /// Skips `k` template ids (features written elsewhere).
    fn skip(&mut self, k: u64) {
        self.t += k;
    }
}

const S0: Option<Group> = Some(Group::S0);
const S1: Option<Group> = Some(Group::S1);
const B0: Option<Group> = Some(Group::B0);
/// The features of no group.
const REST: Option<Group> = None;

/// The features of [`extract`] that `part` asks for (the single-word
/// features of the roles only with every feature).
fn extract_parts<'o>(
    s: &State,
    words: &[WordInfo],
    set: FeatureSet,
    part: Part,
    out: &'o mut Vec<u64>,
    dests: Option<&'o mut Vec<u8>>,
) {
    out.clear();
    let c = Ctx::new(s, words);
    let roles = part.roles;
    let mut k = Sink {
        t: 0,
        out,
        part,
        dests,
    };
    k.push(B0, |t| f1(t, 0));
    // Unigrams.
    debug_assert_eq!(k.t, UNIGRAM_TID);
    for (role, x) in [
        (Role::S0, c.s0),
        (Role::S1, c.s1),
        (Role::B0, c.b0),
        (Role::B1, c.b1),
        (Role::B2, c.b2),
    ] {
        if roles {
            role_unigrams(role, x, k.out);
        }
        k.skip(3);
    }
    debug_assert_eq!(k.t, S2_TID);
    if roles {
        role_unigrams(Role::S2, c.s2, k.out);
    }
    k.skip(2);
    dependents(&c, &mut k);
    pairs(&c, &mut k);
    tag_triples(&c, &mut k);
    distances(&c, &mut k);
    valencies(&c, &mut k);
    // Word clusters.
    debug_assert_eq!(k.t, CLUSTER_TID);
    for (role, x) in [
        (Role::S0, c.s0),
        (Role::S1, c.s1),
        (Role::B0, c.b0),
        (Role::B1, c.b1),
    ] {
        if roles {
            role_clusters(role, x, k.out);
        }
        k.skip(3);
    }
    cluster_pairs(&c, &mut k);
    if set == FeatureSet::V2 {
        v2_templates(&c, &mut k);
    }
}

/// Outermost dependents: word, tag, label; second-outermost: tag, label.
fn dependents(c: &Ctx, k: &mut Sink) {
    for (g, x, i) in [
        (S0, c.s0l_, c.s0l),
        (S0, c.s0r_, c.s0r),
        (S1, c.s1l_, c.s1l),
        (S1, c.s1r_, c.s1r),
        (B0, c.b0l_, c.b0l),
    ] {
        k.push(g, |t| f1(t, x.w));
        k.push(g, |t| f1(t, x.p));
        k.push(g, |t| f1(t, c.label(i)));
    }
    for (g, i) in [(S0, c.s0l2), (S0, c.s0r2), (B0, c.b0l2), (S1, c.s1r2)] {
        k.push(g, |t| f1(t, c.info(i).p));
        k.push(g, |t| f1(t, c.label(i)));
    }
}

/// Pairs of words and tags of `s1 s0 b0 b1`.
fn pairs(c: &Ctx, k: &mut Sink) {
    let (s0, s1, b0, b1) = (c.s0, c.s1, c.b0, c.b1);
    k.push(REST, |t| f3(t, s0.w, s0.p, b0.w ^ mix(b0.p)));
    k.push(REST, |t| f3(t, s0.w, s0.p, b0.w));
    k.push(REST, |t| f3(t, s0.w, b0.w, b0.p));
    k.push(REST, |t| f3(t, s0.w, s0.p, b0.p));
    k.push(REST, |t| f3(t, s0.p, b0.w, b0.p));
    k.push(REST, |t| f2(t, s0.w, b0.w));
    k.push(REST, |t| f2(t, s0.p, b0.p));
    k.push(B0, |t| f2(t, b0.p, b1.p));
    k.push(REST, |t| f3(t, s1.w, s1.p, s0.w ^ mix(s0.p)));
    k.push(REST, |t| f2(t, s1.w, s0.w));
    k.push(REST, |t| f2(t, s1.p, s0.p));
    k.push(REST, |t| f2(t, s1.w, s0.p));
    k.push(REST, |t| f2(t, s1.p, s0.w));
    k.push(REST, |t| f2(t, s1.p, b0.p));
    k.push(REST, |t| f2(t, s1.w, b0.w));
    k.push(B0, |t| f2(t, b0.w, b1.w));
    k.push(B0, |t| f2(t, b0.w, b1.p));
}

/// Triples of tags (and of a tag with its dependents' labels).
fn tag_triples(c: &Ctx, k: &mut Sink) {
    let (s0, s1, s2, b0, b1, b2) = (c.s0, c.s1, c.s2, c.b0, c.b1, c.b2);
    let (s0l_, s0r_, s1l_, s1r_, b0l_) = (c.s0l_, c.s0r_, c.s1l_, c.s1r_, c.b0l_);
    k.push(B0, |t| f3(t, b0.p, b1.p, b2.p));
    k.push(REST, |t| f3(t, s0.p, b0.p, b1.p));
    k.push(REST, |t| f3(t, s1.p, s0.p, b0.p));
    k.push(REST, |t| f3(t, s2.p, s1.p, s0.p));
    k.push(REST, |t| f3(t, s0.p, s0l_.p, b0.p));
    k.push(REST, |t| f3(t, s0.p, s0r_.p, b0.p));
    k.push(REST, |t| f3(t, s0.p, b0.p, b0l_.p));
    k.push(REST, |t| f3(t, s1.p, s1r_.p, s0.p));
    k.push(REST, |t| f3(t, s1.p, s1l_.p, s0.p));
    k.push(REST, |t| f3(t, s1.p, s0.p, s0l_.p));
    k.push(REST, |t| f3(t, s1.p, s0.p, s0r_.p));
    k.push(S0, |t| f3(t, s0.p, s0l_.p, c.info(c.s0l2).p));
    k.push(S0, |t| f3(t, s0.p, s0r_.p, c.info(c.s0r2).p));
    k.push(B0, |t| f3(t, b0.p, b0l_.p, c.info(c.b0l2).p));
    k.push(S0, |t| f3(t, s0.p, c.label(c.s0l), c.label(c.s0r)));
    k.push(S1, |t| f3(t, s1.p, c.label(c.s1l), c.label(c.s1r)));
}

/// Distances between `s0` and `b0` (`d`) and between `s1` and `s0` (`d2`).
fn distances(c: &Ctx, k: &mut Sink) {
    let (s0, s1, b0, d, d2) = (c.s0, c.s1, c.b0, c.d, c.d2);
    k.push(REST, |t| f2(t, s0.w, d));
    k.push(REST, |t| f2(t, s0.p, d));
    k.push(REST, |t| f2(t, b0.w, d));
    k.push(REST, |t| f2(t, b0.p, d));
    k.push(REST, |t| f3(t, s0.w, b0.w, d));
    k.push(REST, |t| f3(t, s0.p, b0.p, d));
    k.push(REST, |t| f3(t, s1.p, s0.p, d2));
    k.push(REST, |t| f2(t, s1.w, d2));
    k.push(REST, |t| f2(t, s0.w, d2));
    k.push(REST, |t| f3(t, s1.w, s0.w, d2));
}

/// Valencies and label sets of `s0`, `b0` and `s1`.
fn valencies(c: &Ctx, k: &mut Sink) {
    let (s0, s1, b0, s0i, s1i, b0i) = (c.s0, c.s1, c.b0, c.s0i, c.s1i, c.b0i);
    k.push(S0, |t| f2(t, s0.w, c.val(s0i, 1)));
    k.push(S0, |t| f2(t, s0.p, c.val(s0i, 1)));
    k.push(S0, |t| f2(t, s0.w, c.val(s0i, 0)));
    k.push(S0, |t| f2(t, s0.p, c.val(s0i, 0)));
    k.push(B0, |t| f2(t, b0.w, c.val(b0i, 0)));
    k.push(B0, |t| f2(t, b0.p, c.val(b0i, 0)));
    k.push(S1, |t| f2(t, s1.w, c.val(s1i, 1)));
    k.push(S1, |t| f2(t, s1.p, c.val(s1i, 1)));
    k.push(S1, |t| f2(t, s1.p, c.val(s1i, 0)));
    // Label sets.
    k.push(S0, |t| f2(t, s0.w, c.lset(s0i, 1)));
    k.push(S0, |t| f2(t, s0.p, c.lset(s0i, 1)));
    k.push(S0, |t| f2(t, s0.w, c.lset(s0i, 0)));
    k.push(S0, |t| f2(t, s0.p, c.lset(s0i, 0)));
    k.push(B0, |t| f2(t, b0.w, c.lset(b0i, 0)));
    k.push(B0, |t| f2(t, b0.p, c.lset(b0i, 0)));
    k.push(S1, |t| f2(t, s1.p, c.lset(s1i, 1)));
    k.push(S1, |t| f2(t, s1.p, c.lset(s1i, 0)));
}

/// Word-cluster pairs and cluster × tag pairs of `s1 s0 b0`.
fn cluster_pairs(c: &Ctx, k: &mut Sink) {
    let (s0, s1, b0, d, d2) = (c.s0, c.s1, c.b0, c.d, c.d2);
    k.push(REST, |t| f2(t, s0.c4, b0.c4));
    k.push(REST, |t| f2(t, s0.c6, b0.c6));
    k.push(REST, |t| f2(t, s0.c4, b0.p));
    k.push(REST, |t| f2(t, s0.p, b0.c4));
    k.push(REST, |t| f2(t, s0.cf, b0.p));
    k.push(REST, |t| f2(t, s0.p, b0.cf));
    k.push(REST, |t| f2(t, s1.c4, s0.c4));
    k.push(REST, |t| f2(t, s1.c6, s0.c6));
    k.push(REST, |t| f2(t, s1.p, s0.c4));
    k.push(REST, |t| f2(t, s1.c4, s0.p));
    k.push(REST, |t| f2(t, s1.cf, s0.p));
    k.push(REST, |t| f2(t, s1.p, s0.cf));
    k.push(REST, |t| f3(t, s0.c4, b0.c4, d));
    k.push(REST, |t| f3(t, s1.c4, s0.c4, d2));
}

/// The templates [`FeatureSet::V2`] adds.
fn v2_templates(c: &Ctx, k: &mut Sink) {
    let (s0, s1, b0) = (c.s0, c.s1, c.b0);
    // Third-order words.
    k.push(S0, |t| f1(t, c.info(c.s0l2).w));
    k.push(S0, |t| f1(t, c.info(c.s0r2).w));
    k.push(B0, |t| f1(t, c.info(c.b0l2).w));
    // One word among the three that compete (s1 and b0 for s0's head).
    k.push(REST, |t| f3(t, s1.p, s0.w, b0.p));
    k.push(REST, |t| f3(t, s1.p, s0.p, b0.w));
    k.push(REST, |t| f3(t, s1.w, s0.p, b0.p));
    // Punctuation between the candidates.
    let pb = punct_bucket(c.words, c.s.n, c.s0i, c.b0i);
    let pb2 = punct_bucket(c.words, c.s.n, c.s1i, c.s0i);
    k.push(REST, |t| f3(t, s0.p, b0.p, pb));
    k.push(REST, |t| f3(t, s1.p, s0.p, pb2));
    // Cluster × tag.
    k.push(REST, |t| f3(t, s0.c6, s0.p, b0.p));
    k.push(REST, |t| f3(t, s0.p, b0.c6, b0.p));
    k.push(S0, |t| f3(t, s0.w, c.label(c.s0l), c.label(c.s0r)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_change_with_the_configuration() {
        let words: Vec<WordInfo> = ["vorn", "saw", "ships"]
            .iter()
            .map(|w| WordInfo {
                w: hash_lower(w),
                p: hash_str("X"),
                ..NO_WORD
            })
            .collect();
        let mut s = State::new(3);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        extract(&s, &words, FeatureSet::V2, &mut a);
        s.apply(crate::system::Action::Shift);
        extract(&s, &words, FeatureSet::V2, &mut b);
        let mut v1 = Vec::new();
        extract(&s, &words, FeatureSet::V1, &mut v1);
        assert!(v1.len() < b.len());
        assert_eq!(v1[..], b[..v1.len()]);
        assert_eq!(a.len(), b.len());
        assert_ne!(a, b);
        assert!(a.iter().all(|&f| f != 0));
        // Templates never collide within one configuration.
        let set: std::collections::HashSet<_> = b.iter().collect();
        assert_eq!(set.len(), b.len());
    }

    /// Words with their tags, distinct clusters per position, and the
    /// full stop as punctuation.
    fn fixture_words(words: &[&str], tags: &[&str]) -> Vec<WordInfo> {
        words
            .iter()
            .zip(tags)
            .enumerate()
            .map(|(i, (w, t))| WordInfo {
                w: hash_lower(w),
                p: hash_str(t),
                c4: 10 + i as u64,
                c6: 20 + i as u64,
                cf: 30 + i as u64,
                pc: 0,
                pu: u32::from(*w == "."),
            })
            .collect()
    }

    #[test]
    fn single_word_features_and_the_rest_are_every_feature() {
        // Along a whole parse (shifts, then arcs to the left and right),
        // `extract` gives exactly the features of `extract_rest` and of
        // `role_features` for the word in each role, no more, no fewer.
        let words = fixture_words(
            &["the", "vorn", "guards", "saw", "two", "ships", "."],
            &["DT", "NNP", "NNS", "VBD", "CD", "NNS", "."],
        );
        let mut s = State::new(words.len());
        let (mut all, mut rest) = (Vec::new(), Vec::new());
        let mut steps = 0;
        for set in [FeatureSet::V1, FeatureSet::V2] {
            s.reset(words.len());
            while !s.is_terminal() {
                extract(&s, &words, set, &mut all);
                extract_rest(&s, &words, set, &mut rest);
                for role in Role::ALL {
                    role_features(role, word_info(&s, &words, role.word(&s)), &mut rest);
                }
                let mut group = Vec::new();
                for g in Group::ALL {
                    group_features(g, &s, &words, set, &mut group);
                    rest.extend_from_slice(&group);
                }
                all.sort_unstable();
                rest.sort_unstable();
                assert_eq!(all, rest);
                steps += 1;
                // Shift while a word is left, then attach to the left.
                let a = if s.can_shift() && (s.b as usize) < s.n {
                    crate::system::Action::Shift
                } else if s.can_right() && s.stack.len() > 1 {
                    crate::system::Action::Right(1)
                } else {
                    crate::system::Action::Left(0)
                };
                s.apply(a);
            }
        }
        assert!(steps >= 4 * words.len(), "{steps}");
    }

    #[test]
    fn a_groups_features_are_fixed_by_its_word_and_key() {
        // Along parses that attach in several ways, whenever a group's word
        // and key come back, its features are the same as the first time
        // (what lets a decoder reuse their sum); and they do come back.
        let words = fixture_words(
            &[
                "the", "vorn", "guards", "saw", "two", "ships", "at", "dawn", ".",
            ],
            &["DT", "NNP", "NNS", "VBD", "CD", "NNS", "IN", "NN", "."],
        );
        let n = words.len();
        let mut reused = 0;
        for set in [FeatureSet::V1, FeatureSet::V2] {
            for pattern in 0..4u32 {
                let mut seen = std::collections::HashMap::new();
                let mut s = State::new(n);
                let mut step = 0u32;
                while !s.is_terminal() {
                    for g in Group::ALL {
                        let i = g.word(&s);
                        let mut f = Vec::new();
                        group_features(g, &s, &words, set, &mut f);
                        assert!(!f.is_empty());
                        match seen.entry((g, i, g.key(&s, i))) {
                            std::collections::hash_map::Entry::Occupied(e) => {
                                assert_eq!(e.get(), &f, "{g:?} {i} step {step}");
                                reused += 1;
                            }
                            std::collections::hash_map::Entry::Vacant(e) => {
                                e.insert(f);
                            }
                        }
                    }
                    // Shift, left and right arcs mixed by the pattern.
                    let wants_shift = !(step + pattern).is_multiple_of(3) || s.stack.len() < 2;
                    let a = if s.can_shift() && wants_shift {
                        crate::system::Action::Shift
                    } else if s.can_right() && (step + pattern).is_multiple_of(2) {
                        crate::system::Action::Right(1 + (step % 3) as u8)
                    } else if s.can_left() && ((s.b as usize) < n || s.stack.len() == 1) {
                        crate::system::Action::Left(if (s.b as usize) == n { 0 } else { 2 })
                    } else if s.can_right() {
                        crate::system::Action::Right(1)
                    } else {
                        crate::system::Action::Shift
                    };
                    s.apply(a);
                    step += 1;
                }
            }
        }
        assert!(reused > 20, "{reused}");
    }

    #[test]
    fn punctuation_between() {
        // "a , b . c": punctuation at 1 and 3; the root is 5.
        let pu = [0, 1, 0, 1, 0];
        let mut pc = 0;
        let words: Vec<WordInfo> = pu
            .iter()
            .map(|&p| {
                let w = WordInfo {
                    pc,
                    pu: p,
                    ..NO_WORD
                };
                pc += p;
                w
            })
            .collect();
        assert_eq!(punct_bucket(&words, 5, 0, 2), 1);
        assert_eq!(punct_bucket(&words, 5, 0, 4), 2);
        assert_eq!(punct_bucket(&words, 5, 1, 2), 0);
        assert_eq!(punct_bucket(&words, 5, 1, 3), 0);
        assert_eq!(punct_bucket(&words, 5, 2, 5), 1);
        assert_eq!(punct_bucket(&words, 5, 4, 5), 0);
        assert_eq!(punct_bucket(&words, 5, NONE, 2), 0xf);
    }

    #[test]
    fn cluster_prefixes() {
        assert_eq!(cluster_prefix(0b110101, 6, 4), (0b1101 | (4 << 40)) + 7);
        assert_eq!(cluster_prefix(0b10, 2, 4), (0b10 | (2 << 40)) + 7);
    }
}
