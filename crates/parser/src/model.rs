//! The parser model: labels, weights, lemma/UPOS tables, word clusters and
//! the tagger that gives it XPOS tags, in one self-contained file.

use crate::analyze::{Analyzer, Edit};
use crate::features::{
    cluster_prefix, extract_rest_and, hash_lower, hash_str, role_features, word_info, FeatureSet,
    Group, Role, WordInfo,
};
use crate::system::{Action, State};
use crate::weights::{Frozen, HashKeyMap, RowStats, StoredRows};
use crate::{ParseError, Result};
use std::path::Path;
use std::sync::OnceLock;

/// The file magic of models with [`FeatureSet::V1`] templates.
const MAGIC_V1: &[u8; 8] = b"DPARSE03";
/// The file magic of models with [`FeatureSet::V2`] templates.
const MAGIC_V2: &[u8; 8] = b"DPARSE04";
/// The file magic of models decoded with a beam ([`FeatureSet::V1`]
/// templates); the width follows as a `u32`.
const MAGIC_V1_BEAM: &[u8; 8] = b"DPARSB03";
/// The same with [`FeatureSet::V2`] templates.
const MAGIC_V2_BEAM: &[u8; 8] = b"DPARSB04";
/// The widest beam a model file may ask for.
pub const MAX_BEAM: usize = 256;

/// A dependency analysis of one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// XPOS (Penn Treebank) tags.
    pub xpos: Vec<String>,
    /// Universal POS tags.
    pub upos: Vec<String>,
    /// Lemmas.
    pub lemmas: Vec<String>,
    /// 0-based heads; `None` for the root.
    pub heads: Vec<Option<usize>>,
    /// Universal Dependencies relations (`root` for the root).
    pub deprels: Vec<String>,
}

/// A trained dependency parser with its tagger and lemmatizer.
#[derive(Debug, Clone)]
pub struct Parser {
    pub(crate) labels: Vec<String>,
    pub(crate) root: u8,
    pub(crate) weights: Frozen,
    pub(crate) analyzer: Analyzer,
    /// Word hash (exact form) → cluster path and length.
    pub(crate) clusters: HashKeyMap<(u32, u8)>,
    pub(crate) tagger: dossier_tagger::Model,
    /// The feature templates the weights were trained over.
    pub(crate) features: FeatureSet,
    /// Beam width of decoding (1: greedy).
    pub(crate) beam: usize,
}

/// Reusable buffers for parsing.
#[derive(Debug, Default)]
pub struct Scratch {
    state: Option<State>,
    words: Vec<WordInfo>,
    feats: Vec<u64>,
    scores: Vec<f32>,
    found: Vec<u64>,
    beam: crate::beam::Beam,
    /// Per word (the root, then "none" after the words) and role, the
    /// summed weights of the word's single-word features in that role
    /// (`Frozen::width` each), and whether they are summed yet.
    role_sums: Vec<i32>,
    role_done: Vec<bool>,
    /// Per word and [`Group`], the summed weights of the group's features
    /// and the [`Group::key`] they were summed at (`None`: not yet).
    group_sums: Vec<i32>,
    group_keys: Vec<Option<[u32; 2]>>,
    /// Each feature's sum (see [`Parser::greedy`]) and the sums.
    dests: Vec<u8>,
    accs: Vec<[i32; 256]>,
}

impl Parser {
    /// The relation labels the parser predicts.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Number of feature rows and of stored weights.
    pub fn size(&self) -> (usize, usize) {
        (self.weights.len(), self.weights.num_weights())
    }

    /// A copy without the weights smaller than `min` in magnitude (a
    /// smaller, faster model).
    pub fn pruned(&self, min: f32) -> Parser {
        Parser {
            weights: self.weights.pruned(min),
            ..self.clone()
        }
    }

    /// A copy without the features whose weights sum to less than `min_l1`
    /// in magnitude (whole rows; see [`Parser::pruned`] for single weights).
    pub fn pruned_rows(&self, min_l1: f32) -> Parser {
        Parser {
            weights: self.weights.pruned_rows(min_l1),
            ..self.clone()
        }
    }

    /// The beam width the parser decodes with (1: greedy).
    pub fn beam(&self) -> usize {
        self.beam
    }

    /// Sets the beam width of decoding (1: greedy; at most [`MAX_BEAM`]).
    /// A model trained with a beam is best decoded with the width it was
    /// trained with, which it stores; a greedy model gains little or
    /// nothing from a beam.
    pub fn set_beam(&mut self, width: usize) {
        self.beam = width.clamp(1, MAX_BEAM);
    }

    /// The tagger that supplies XPOS tags.
    pub fn tagger(&self) -> &dossier_tagger::Model {
        &self.tagger
    }

    pub(crate) fn num_classes(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    /// The word-cluster path of `word` (or of its lowercase form) as a bit
    /// string ("0110…", root to leaf), if the model carries clusters and
    /// knows the word.
    pub fn cluster_bits(&self, word: &str) -> Option<String> {
        let (code, len) = self.cluster(word)?;
        Some(format!("{:0width$b}", code, width = len as usize))
    }

    pub(crate) fn cluster(&self, word: &str) -> Option<(u32, u8)> {
        if self.clusters.is_empty() {
            return None;
        }
        if let Some(c) = self.clusters.get(&hash_str(word)) {
            return Some(*c);
        }
        // An ASCII word without capitals is its own lowercase form: no
        // second look-up (nor the allocation of its lowercase form).
        if word
            .bytes()
            .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
        {
            return None;
        }
        self.clusters.get(&hash_str(&word.to_lowercase())).copied()
    }

    pub(crate) fn word_infos<S: AsRef<str>, T: AsRef<str>>(
        &self,
        forms: &[S],
        tags: &[T],
        out: &mut Vec<WordInfo>,
    ) {
        out.clear();
        let mut pc = 0;
        for (f, t) in forms.iter().zip(tags) {
            let pu = is_punct(f.as_ref()) as u32;
            let (c4, c6, cf) = match self.cluster(f.as_ref()) {
                Some((code, len)) => (
                    cluster_prefix(code, len, 4),
                    cluster_prefix(code, len, 6),
                    cluster_prefix(code, len, 32),
                ),
                None => (1, 1, 1),
            };
            out.push(WordInfo {
                w: hash_lower(f.as_ref()),
                p: hash_str(t.as_ref()),
                c4,
                c6,
                cf,
                pc,
                pu,
            });
            pc += pu;
        }
    }

    /// The best valid action under `scores`.
    pub(crate) fn best_valid(&self, s: &State, scores: &[f32]) -> Action {
        let l = self.labels.len();
        let mut best = (f32::NEG_INFINITY, Action::Shift);
        let b_is_root = s.b as usize == s.n;
        if s.can_shift() && scores[0] > best.0 {
            best = (scores[0], Action::Shift);
        }
        if s.can_left() {
            for k in 0..l {
                let is_root = k as u8 == self.root;
                if is_root == b_is_root && scores[1 + k] > best.0 {
                    best = (scores[1 + k], Action::Left(k as u8));
                }
            }
        }
        if s.can_right() {
            for k in 0..l {
                if k as u8 != self.root && scores[1 + l + k] > best.0 {
                    best = (scores[1 + l + k], Action::Right(k as u8));
                }
            }
        }
        best.1
    }

    /// Parses a sentence with given XPOS tags: 0-based heads (`None` for
    /// the root) and relation labels.
    pub fn parse_tagged<S: AsRef<str>, T: AsRef<str>>(
        &self,
        forms: &[S],
        tags: &[T],
        scratch: &mut Scratch,
    ) -> (Vec<Option<usize>>, Vec<String>) {
        let (heads, labels) = self.parse_tagged_ids(forms, tags, scratch);
        let labels = labels
            .into_iter()
            .map(|k| self.labels[k as usize].clone())
            .collect();
        (heads, labels)
    }

    /// [`Parser::parse_tagged`] with each relation label as its index into
    /// [`Parser::labels`] (no string per word).
    pub fn parse_tagged_ids<S: AsRef<str>, T: AsRef<str>>(
        &self,
        forms: &[S],
        tags: &[T],
        scratch: &mut Scratch,
    ) -> (Vec<Option<usize>>, Vec<u8>) {
        let n = forms.len();
        if n == 0 {
            return (Vec::new(), Vec::new());
        }
        self.word_infos(forms, tags, &mut scratch.words);
        if self.beam > 1 {
            let best = scratch.beam.decode(
                n,
                self.beam,
                &scratch.words,
                self.features,
                self.labels.len(),
                self.root,
                |f, s, found| self.weights.score(f, s, found),
            );
            let heads = (0..n)
                .map(|i| {
                    let h = best.heads[i] as usize;
                    (h < n).then_some(h)
                })
                .collect();
            return (heads, best.labels[..n].to_vec());
        }
        let mut state = scratch.state.take().unwrap_or_else(|| State::new(n));
        self.greedy(n, &mut state, scratch);
        let heads = (0..n)
            .map(|i| {
                let h = state.heads[i] as usize;
                (h != n).then_some(h)
            })
            .collect();
        let labels = state.labels[..n].to_vec();
        scratch.state = Some(state);
        (heads, labels)
    }

    /// Greedy decoding of the `n` words of `scratch.words` into `state`.
    ///
    /// A word stays in a role for several configurations (the buffer's
    /// words while the stack is reduced, the stack's while it grows above
    /// them): the features that read only that word are summed once per
    /// word and role and the sum is reused; the features of a word with
    /// its dependents (a [`Group`]) once per word, group and
    /// [`Group::key`]. The features whose sums are missing are looked up
    /// with the configuration's other features in one pass, each into its
    /// own sum. Sums are of integers, so the scores are those of every
    /// feature added together, to the bit.
    fn greedy(&self, n: usize, state: &mut State, scratch: &mut Scratch) {
        /// Sums: the configuration's own features, then the groups', then
        /// the roles'.
        const OWN: usize = 0;
        const GROUPS: usize = 1;
        const ROLES: usize = GROUPS + Group::ALL.len();
        state.reset(n);
        scratch.scores.resize(self.num_classes(), 0.0);
        let width = self.weights.width();
        let (roles, groups) = (Role::ALL.len(), Group::ALL.len());
        let slots = (n + 2) * roles;
        if scratch.role_sums.len() < slots * width {
            scratch.role_sums.resize(slots * width, 0);
        }
        scratch.role_done.clear();
        scratch.role_done.resize(slots, false);
        let gslots = (n + 2) * groups;
        if scratch.group_sums.len() < gslots * width {
            scratch.group_sums.resize(gslots * width, 0);
        }
        scratch.group_keys.clear();
        scratch.group_keys.resize(gslots, None);
        scratch.accs.resize(ROLES + roles, [0; 256]);
        let slot_word = |i: u32| {
            if i == crate::system::NONE {
                n + 1
            } else {
                i as usize
            }
        };
        while !state.is_terminal() {
            let (mut gat, mut gmiss) = ([0usize; 3], 0u8);
            for g in Group::ALL {
                let i = g.word(state);
                let slot = slot_word(i) * groups + g.index();
                gat[g.index()] = slot * width;
                let key = Some(g.key(state, i));
                if scratch.group_keys[slot] != key {
                    scratch.group_keys[slot] = key;
                    gmiss |= 1 << g.index();
                }
            }
            extract_rest_and(
                state,
                &scratch.words,
                self.features,
                gmiss,
                &mut scratch.feats,
                &mut scratch.dests,
            );
            let (mut at, mut rmiss) = ([0usize; 6], 0u8);
            for role in Role::ALL {
                let i = role.word(state);
                let slot = slot_word(i) * roles + role.index();
                at[role.index()] = slot * width;
                if !scratch.role_done[slot] {
                    scratch.role_done[slot] = true;
                    rmiss |= 1 << role.index();
                    let info = word_info(state, &scratch.words, i);
                    role_features(role, info, &mut scratch.feats);
                    let d = (ROLES + role.index()) as u8;
                    scratch.dests.resize(scratch.feats.len(), d);
                }
            }
            let missed = |k: usize| {
                k == OWN
                    || (GROUPS..ROLES).contains(&k) && gmiss & (1 << (k - GROUPS)) != 0
                    || k >= ROLES && rmiss & (1 << (k - ROLES)) != 0
            };
            for (k, acc) in scratch.accs.iter_mut().enumerate() {
                if missed(k) {
                    acc[..width].fill(0);
                }
            }
            let dests = &scratch.dests;
            self.weights.add_into_each(
                &scratch.feats,
                &mut scratch.accs,
                |q| dests[q] as usize,
                &mut scratch.found,
            );
            for (k, acc) in scratch.accs.iter().enumerate().skip(GROUPS) {
                if missed(k) {
                    let a = if k < ROLES {
                        &mut scratch.group_sums[gat[k - GROUPS]..]
                    } else {
                        &mut scratch.role_sums[at[k - ROLES]..]
                    };
                    a[..width].copy_from_slice(&acc[..width]);
                }
            }
            let (sums, gsums) = (&scratch.role_sums, &scratch.group_sums);
            let rows: [&[i32]; 9] = [
                &sums[at[0]..at[0] + width],
                &sums[at[1]..at[1] + width],
                &sums[at[2]..at[2] + width],
                &sums[at[3]..at[3] + width],
                &sums[at[4]..at[4] + width],
                &sums[at[5]..at[5] + width],
                &gsums[gat[0]..gat[0] + width],
                &gsums[gat[1]..gat[1] + width],
                &gsums[gat[2]..gat[2] + width],
            ];
            self.weights
                .finish(&scratch.accs[OWN], &rows, &mut scratch.scores);
            let a = self.best_valid(state, &scratch.scores);
            state.apply(a);
        }
    }

    /// Lemmas and UPOS for a parsed sentence.
    pub fn analyze<S: AsRef<str>>(
        &self,
        forms: &[S],
        xpos: &[String],
        deprels: &[String],
    ) -> (Vec<String>, Vec<String>) {
        let lemmas: Vec<String> = forms
            .iter()
            .zip(xpos)
            .map(|(f, x)| self.analyzer.lemma(f.as_ref(), x))
            .collect();
        let upos = xpos
            .iter()
            .zip(deprels)
            .zip(&lemmas)
            .map(|((x, r), l)| self.analyzer.upos(x, r, l).to_string())
            .collect();
        (lemmas, upos)
    }

    /// Tags with the parser's own tagger, parses, lemmatizes.
    pub fn analyze_sentence<S: AsRef<str>>(&self, forms: &[S], scratch: &mut Scratch) -> Analysis {
        let xpos = self.tagger.tag(forms);
        self.analyze_tagged(forms, xpos, scratch)
    }

    /// Parses and lemmatizes a sentence whose XPOS tags are known.
    pub fn analyze_tagged<S: AsRef<str>>(
        &self,
        forms: &[S],
        xpos: Vec<String>,
        scratch: &mut Scratch,
    ) -> Analysis {
        let (heads, deprels) = self.parse_tagged(forms, &xpos, scratch);
        let (lemmas, upos) = self.analyze(forms, &xpos, &deprels);
        Analysis {
            xpos,
            upos,
            lemmas,
            heads,
            deprels,
        }
    }

    /// Serializes the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::new());
        let beam = self.beam > 1;
        w.0.extend_from_slice(match (self.features, beam) {
            (FeatureSet::V1, false) => MAGIC_V1,
            (FeatureSet::V2, false) => MAGIC_V2,
            (FeatureSet::V1, true) => MAGIC_V1_BEAM,
            (FeatureSet::V2, true) => MAGIC_V2_BEAM,
        });
        if beam {
            w.u32(self.beam as u32);
        }
        w.u32(self.labels.len() as u32);
        for l in &self.labels {
            w.str(l);
        }
        w.u32(self.root as u32);
        let (scale, rows) = self.weights.quantized_rows();
        w.0.extend_from_slice(&scale.to_le_bytes());
        w.u32(rows.len() as u32);
        for (k, row) in &rows {
            w.u64(*k);
            w.u32(row.len() as u32);
            for x in row {
                w.u32(*x);
            }
        }
        let mut lemmas: Vec<_> = self.analyzer.lemmas.iter().collect();
        lemmas.sort();
        w.u32(lemmas.len() as u32);
        for (k, l) in lemmas {
            w.u64(*k);
            w.str(l);
        }
        let mut edits: Vec<_> = self.analyzer.edits.iter().collect();
        edits.sort_by_key(|e| e.0);
        w.u32(edits.len() as u32);
        for (k, e) in edits {
            w.u64(*k);
            w.0.push(e.strip);
            w.str(&e.append);
        }
        let mut upos: Vec<_> = self.analyzer.upos.iter().collect();
        upos.sort();
        w.u32(upos.len() as u32);
        for (k, u) in upos {
            w.u64(*k);
            w.str(u);
        }
        let mut clusters: Vec<_> = self.clusters.iter().collect();
        clusters.sort();
        w.u32(clusters.len() as u32);
        for (k, (code, len)) in clusters {
            w.u64(*k);
            w.u32(*code);
            w.0.push(*len);
        }
        let tagger = self.tagger.to_bytes();
        w.u64(tagger.len() as u64);
        w.0.extend_from_slice(&tagger);
        w.0
    }

    /// Reads a model written by [`Parser::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser> {
        let mut r = Reader { b: bytes, at: 0 };
        let (features, has_beam) = match r.take(8)? {
            m if m == MAGIC_V1 => (FeatureSet::V1, false),
            m if m == MAGIC_V2 => (FeatureSet::V2, false),
            m if m == MAGIC_V1_BEAM => (FeatureSet::V1, true),
            m if m == MAGIC_V2_BEAM => (FeatureSet::V2, true),
            _ => return Err(ParseError::Format("not a dossier parser model".into())),
        };
        let beam = if has_beam { r.u32()? as usize } else { 1 };
        if !(2..=MAX_BEAM).contains(&beam) && has_beam {
            return Err(ParseError::Format(format!("beam width {beam}")));
        }
        let nl = r.u32()? as usize;
        if nl == 0 || nl > 127 {
            return Err(ParseError::Format(format!("{nl} labels")));
        }
        let labels = (0..nl).map(|_| r.str()).collect::<Result<Vec<_>>>()?;
        let root = r.u32()?;
        if root as usize >= nl {
            return Err(ParseError::Format("root label out of range".into()));
        }
        let classes = 1 + 2 * nl;
        let scale = f32::from_le_bytes(r.take(4)?.try_into().expect("4 bytes"));
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ParseError::Format("bad weight scale".into()));
        }
        let nrows = r.u32()? as usize;
        // The rows are checked here and built into the table straight from
        // the file's bytes (no copy of them on the way).
        // They are counted on the way, to size the table.
        let rows_start = r.at;
        let mut stats = RowStats::default();
        for _ in 0..nrows {
            let k = r.u64()?;
            let len = r.u32()? as usize;
            if len > classes {
                return Err(ParseError::Format("row longer than the classes".into()));
            }
            let entries = r.take(4 * len)?.chunks_exact(4);
            let entries = entries.map(|x| u32::from_le_bytes(x.try_into().expect("4 bytes")));
            if entries.clone().any(|x| (x >> 24) as usize >= classes) {
                return Err(ParseError::Format("class out of range".into()));
            }
            stats.add(entries);
            if k == 0 {
                return Err(ParseError::Format("zero feature key".into()));
            }
        }
        let rows = StoredRows::new(&bytes[rows_start..r.at], nrows);
        // Tables are sized before they are filled (by a count no greater
        // than the bytes left, so a corrupt count cannot reserve much).
        let count = |r: &mut Reader| -> Result<(usize, usize)> {
            let n = r.u32()? as usize;
            Ok((n, n.min(r.b.len() - r.at)))
        };
        let mut analyzer = Analyzer::default();
        let (n, cap) = count(&mut r)?;
        analyzer.lemmas.reserve(cap);
        for _ in 0..n {
            let k = r.u64()?;
            analyzer.lemmas.insert(k, r.str()?);
        }
        let (n, cap) = count(&mut r)?;
        analyzer.edits.reserve(cap);
        for _ in 0..n {
            let k = r.u64()?;
            let strip = r.take(1)?[0];
            let append = r.str()?;
            analyzer.edits.insert(k, Edit { strip, append });
        }
        let (n, cap) = count(&mut r)?;
        analyzer.upos.reserve(cap);
        for _ in 0..n {
            let k = r.u64()?;
            analyzer.upos.insert(k, r.str()?);
        }
        let (n, cap) = count(&mut r)?;
        let mut clusters = HashKeyMap::with_capacity_and_hasher(cap, Default::default());
        for _ in 0..n {
            let k = r.u64()?;
            let code = r.u32()?;
            let len = r.take(1)?[0];
            clusters.insert(k, (code, len));
        }
        let tl = r.u64()? as usize;
        let tagger = dossier_tagger::Model::from_bytes(r.take(tl)?)
            .map_err(|e| ParseError::Format(format!("tagger: {e}")))?;
        if r.at != bytes.len() {
            return Err(ParseError::Format("trailing bytes".into()));
        }
        Ok(Parser {
            labels,
            root: root as u8,
            weights: Frozen::from_stored_counted(scale, rows, stats),
            analyzer,
            clusters,
            tagger,
            features,
            beam,
        })
    }

    /// Loads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Parser> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| ParseError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Parser::from_bytes(&bytes).map_err(|e| match e {
            ParseError::Format(m) => ParseError::Format(format!("{}: {m}", path.display())),
            e => e,
        })
    }

    /// Saves the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|e| ParseError::Io {
            path: path.display().to_string(),
            source: e,
        })
    }

    /// The built-in parser (UD English EWT), parsed once.
    pub fn builtin() -> Result<&'static Parser> {
        static M: OnceLock<std::result::Result<Parser, String>> = OnceLock::new();
        M.get_or_init(|| {
            Parser::from_bytes(include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/models/parser.bin"
            )))
            .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| ParseError::Format(format!("built-in parser: {e}")))
    }
}

/// Whether a token is punctuation (no letter, digit or symbol of a word).
fn is_punct(form: &str) -> bool {
    !form.is_empty()
        && form
            .chars()
            .all(|c| !c.is_alphanumeric() && !matches!(c, '$' | '%' | '&' | '#' | '@' | '+'))
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, x: u32) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn u64(&mut self, x: u64) {
        self.0.extend_from_slice(&x.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if self.b.len() - self.at < n {
            return Err(ParseError::Format("truncated model".into()));
        }
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Ok(s)
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().expect("8 bytes"),
        ))
    }
    fn str(&mut self) -> Result<String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec())
            .map_err(|_| ParseError::Format("bad UTF-8 string".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue12_cached_sums_parse_as_every_feature_scored() {
        // Greedy decoding with the role and group sums reused gives the
        // parse of scoring every feature of every configuration afresh.
        let parser = Parser::builtin().unwrap();
        let sentences = [
            "The Vorn Brigade , led by Asel Marek , attacked two checkpoints near Tarsk on 3 May , killing eleven soldiers .",
            "Officials said the group , which had claimed the bombing , was founded in 2009 by former members of the Northern Front .",
            "Marek denied it .",
            "In the weeks that followed , police arrested nine people , seized weapons and explosives , and closed the roads to Kel and Ostra .",
        ];
        let mut scratch = Scratch::default();
        let (mut feats, mut scores, mut found) = (Vec::new(), Vec::new(), Vec::new());
        for text in sentences {
            let forms: Vec<&str> = text.split(' ').collect();
            let tags = parser.tagger.tag(&forms);
            let (heads, labels) = parser.parse_tagged_ids(&forms, &tags, &mut scratch);
            let mut words = Vec::new();
            parser.word_infos(&forms, &tags, &mut words);
            let mut s = State::new(forms.len());
            scores.resize(parser.num_classes(), 0.0);
            while !s.is_terminal() {
                crate::features::extract(&s, &words, parser.features, &mut feats);
                parser.weights.score(&feats, &mut scores, &mut found);
                s.apply(parser.best_valid(&s, &scores));
            }
            let n = forms.len();
            let want: Vec<Option<usize>> = (0..n)
                .map(|i| Some(s.heads[i] as usize).filter(|&h| h != n))
                .collect();
            assert_eq!(heads, want, "{text}");
            assert_eq!(labels, s.labels[..n].to_vec(), "{text}");
        }
    }

    #[test]
    fn punctuation_tokens() {
        for p in [",", ".", "...", "--", "(", "\u{201c}"] {
            assert!(is_punct(p), "{p}");
        }
        for w in ["a", "U.S.", "$", "5%", "&", "", "3", "-RRB-"] {
            assert!(!is_punct(w), "{w}");
        }
    }
}
