//! The model: labels, sparse averaged weights, transitions, lexicon; Viterbi
//! decoding; the binary file format.

use crate::features::{DocStats, Extractor};
use crate::lexicon::Lexicon;
use crate::{Result, TaggerError};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::path::Path;
use std::sync::OnceLock;

pub(crate) use crate::table::IdMap;
use crate::table::SpanTable;

/// One non-zero weight of a feature row: the label it scores, and by how much.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weight {
    pub(crate) label: u32,
    pub(crate) value: f32,
}

/// How output tags map to internal labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheme {
    /// Tags are atomic (POS): labels are the tags.
    Plain,
    /// Tags are IOB2 (`B-X`, `I-X`, `O`); labels are BILOU internally.
    Bilou,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Header {
    labels: Vec<String>,
    scheme: Scheme,
    column: usize,
    pos_column: Option<usize>,
    rows: usize,
    entries: usize,
    lexicon: usize,
    lexicon_max_len: usize,
    scale: f32,
    #[serde(default)]
    doc_window: usize,
    #[serde(default)]
    clusters: usize,
    /// Feature templates (0: V1; absent in V1 files).
    #[serde(default, skip_serializing_if = "is_zero")]
    templates: u8,
    /// Case prior entries (templates V2; stored under the name `tagdict`).
    #[serde(default, rename = "tagdict", skip_serializing_if = "is_zero_usize")]
    case_priors: usize,
    /// Bytes of a stacked model's first stage (a model file of its own,
    /// at the end; absent in one-stage files).
    #[serde(default, skip_serializing_if = "is_zero_usize")]
    first_stage: usize,
    /// How a stacked model's first-stage tags become its features (0:
    /// per word; absent in files of that mode).
    #[serde(default, skip_serializing_if = "is_zero")]
    stack_mode: u8,
}

fn is_zero(x: &u8) -> bool {
    *x == 0
}

fn is_zero_usize(x: &usize) -> bool {
    *x == 0
}

/// A trained sequence labeller.
#[derive(Debug, Clone)]
pub struct Model {
    pub(crate) labels: Vec<String>,
    pub(crate) scheme: Scheme,
    pub(crate) column: usize,
    pub(crate) pos_column: Option<usize>,
    /// Feature hash → its span of `weights`.
    pub(crate) index: SpanTable,
    /// Feature hashes in row order (row `r` owns `offsets[r]..offsets[r + 1]`).
    pub(crate) keys: Vec<u64>,
    pub(crate) offsets: Vec<u32>,
    /// Non-zero weights, row after row.
    pub(crate) weights: Vec<Weight>,
    /// `(L + 1) × L`: row `L` is the start state.
    pub(crate) trans: Vec<f32>,
    pub(crate) allowed: Vec<bool>,
    pub(crate) start: Vec<f32>,
    pub(crate) tt: Vec<f32>,
    pub(crate) end_ok: Vec<bool>,
    pub(crate) lexicon: Lexicon,
    /// Sentences per pseudo-document for non-local features (0: none).
    pub(crate) doc_window: usize,
    /// A stacked model's first stage: its tags give every token its
    /// document-level value (see `features::stack_values`), a feature of
    /// this model.
    pub(crate) first: Option<Box<Model>>,
    /// How the first stage's tags become document-level values.
    pub(crate) stack_mode: crate::features::StackMode,
}

/// Documents with fewer tokens than this per thread are tagged on one thread.
const PARALLEL_MIN_TOKENS: usize = 500;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) ex: Extractor,
    pub(crate) feats: Vec<u64>,
    pub(crate) offs: Vec<usize>,
    pub(crate) emit: Vec<f32>,
    pub(crate) score: Vec<f32>,
    pub(crate) back: Vec<u16>,
    pub(crate) cand: Vec<usize>,
    /// Per looked-up feature: its span of weights (`(0, 0)`: unknown).
    pub(crate) spans: Vec<(u32, u32)>,
    /// The features to look up, as indices into `feats`, in order.
    pub(crate) sel: Vec<u32>,
    /// Per token not found in the cache: the feature before which its
    /// own-word scores are complete, to be stored (`usize::MAX`: none).
    pub(crate) store_at: Vec<usize>,
}

/// Per-document memo of the emission scores a word's own features give
/// (bias, word form, shapes, affixes, flags: see
/// [`Extractor::own_end`](crate::features::Extractor::own_end)). Those
/// features come first and are summed first, into a zeroed row, so a
/// repeated word starts from its stored partial row and adds only its
/// context features: the same additions in the same order, the same scores
/// to the bit, with about half the weight lookups for words already seen.
#[derive(Default)]
pub(crate) struct EmitCache {
    /// Word hash (mixed) → row in `rows`.
    index: IdMap<u32>,
    /// Partial rows, `L` scores each.
    rows: Vec<f32>,
}

/// Words an [`EmitCache`] keeps at most (then it stops adding).
const EMIT_CACHE_WORDS: usize = 1 << 15;

impl EmitCache {
    fn get(&self, word: u64) -> Option<u32> {
        self.index.get(&crate::features::mix(word)).copied()
    }

    fn put(&mut self, word: u64, row: &[f32]) {
        if self.index.len() >= EMIT_CACHE_WORDS {
            return;
        }
        let next = (self.rows.len() / row.len().max(1)) as u32;
        if let std::collections::hash_map::Entry::Vacant(v) =
            self.index.entry(crate::features::mix(word))
        {
            v.insert(next);
            self.rows.extend_from_slice(row);
        }
    }

    fn row(&self, r: u32, l: usize) -> &[f32] {
        &self.rows[r as usize * l..(r as usize + 1) * l]
    }
}

const MAGIC: &[u8; 8] = b"DTAGGER1";

/// Splits `B-X` into ('B', "X").
pub(crate) fn split_tag(tag: &str) -> (char, &str) {
    let mut cs = tag.chars();
    match (cs.next(), cs.next()) {
        (Some(p @ ('B' | 'I' | 'L' | 'U' | 'E' | 'S')), Some('-')) => (p, &tag[2..]),
        _ if tag == "O" => ('O', ""),
        _ => ('?', tag),
    }
}

/// Whether every tag is `O`, `B-X` or `I-X`.
pub(crate) fn is_iob(tags: &[&str]) -> bool {
    tags.iter()
        .all(|t| matches!(split_tag(t).0, 'O' | 'B' | 'I'))
}

/// IOB (1 or 2) tags → BILOU.
pub(crate) fn iob_to_bilou(tags: &[&str]) -> Vec<String> {
    let n = tags.len();
    let mut out = Vec::with_capacity(n);
    let mut prev_ty: Option<&str> = None;
    for i in 0..n {
        let (p, ty) = split_tag(tags[i]);
        if p == 'O' || p == '?' {
            out.push("O".to_string());
            prev_ty = None;
            continue;
        }
        let begins = p == 'B' || prev_ty != Some(ty);
        let continues = i + 1 < n && {
            let (np, nty) = split_tag(tags[i + 1]);
            np == 'I' && nty == ty
        };
        let pre = match (begins, continues) {
            (true, false) => "U",
            (true, true) => "B",
            (false, true) => "I",
            (false, false) => "L",
        };
        out.push(format!("{pre}-{ty}"));
        prev_ty = Some(ty);
    }
    out
}

/// BILOU → IOB2.
pub(crate) fn bilou_to_iob2(tag: &str) -> String {
    match split_tag(tag) {
        ('B' | 'U', ty) => format!("B-{ty}"),
        ('I' | 'L', ty) => format!("I-{ty}"),
        _ => "O".to_string(),
    }
}

/// Allowed transitions `(L + 1) × L` for a label set.
pub(crate) fn allowed_transitions(labels: &[String], scheme: Scheme) -> Vec<bool> {
    let l = labels.len();
    let mut allowed = vec![true; (l + 1) * l];
    if scheme == Scheme::Bilou {
        for prev in 0..=l {
            let (pp, pty) = if prev == l {
                ('O', "")
            } else {
                split_tag(&labels[prev])
            };
            for cur in 0..l {
                let (cp, cty) = split_tag(&labels[cur]);
                let open = matches!(pp, 'B' | 'I');
                let ok = if open {
                    matches!(cp, 'I' | 'L') && cty == pty
                } else {
                    matches!(cp, 'O' | 'B' | 'U')
                };
                allowed[prev * l + cur] = ok;
            }
        }
    }
    allowed
}

/// Whether label `l` may end a sentence.
pub(crate) fn can_end(label: &str, scheme: Scheme) -> bool {
    scheme == Scheme::Plain || matches!(split_tag(label).0, 'O' | 'L' | 'U')
}

/// Transitions laid out for decoding: `(start[c], tt[c * L + p])`, with
/// disallowed transitions at −∞.
pub(crate) fn prepare_transitions(
    l: usize,
    trans: &[f32],
    allowed: &[bool],
    start: &mut Vec<f32>,
    tt: &mut Vec<f32>,
) {
    start.clear();
    start.extend((0..l).map(|c| {
        if allowed[l * l + c] {
            trans[l * l + c]
        } else {
            f32::NEG_INFINITY
        }
    }));
    tt.clear();
    tt.resize(l * l, f32::NEG_INFINITY);
    for c in 0..l {
        for p in 0..l {
            if allowed[p * l + c] {
                tt[c * l + p] = trans[p * l + c];
            }
        }
    }
}

/// First-order Viterbi over emissions `emit` (`n × L`) with transitions
/// prepared by [`prepare_transitions`]. Returns label ids.
#[allow(clippy::too_many_arguments)]
pub(crate) fn viterbi(
    n: usize,
    l: usize,
    emit: &[f32],
    start: &[f32],
    tt: &[f32],
    end_ok: &[bool],
    score: &mut Vec<f32>,
    back: &mut Vec<u16>,
) -> Vec<u16> {
    if n == 0 || l == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    score.clear();
    score.resize(n * l, NEG);
    back.clear();
    back.resize(n * l, 0);
    for c in 0..l {
        score[c] = emit[c] + start[c];
    }
    for i in 1..n {
        let (prev_rows, cur_rows) = score.split_at_mut(i * l);
        let prev = &prev_rows[(i - 1) * l..];
        let cur = &mut cur_rows[..l];
        let bk = &mut back[i * l..(i + 1) * l];
        for c in 0..l {
            let row = &tt[c * l..(c + 1) * l];
            let mut best = NEG;
            let mut arg = 0usize;
            for p in 0..l {
                let v = prev[p] + row[p];
                if v > best {
                    best = v;
                    arg = p;
                }
            }
            cur[c] = best + emit[i * l + c];
            bk[c] = arg as u16;
        }
    }
    let last = &score[(n - 1) * l..];
    let mut best = NEG;
    let mut arg = 0usize;
    for c in 0..l {
        if end_ok[c] && last[c] > best {
            best = last[c];
            arg = c;
        }
    }
    if best == NEG {
        // Unreachable with sane constraints; fall back to the unconstrained best.
        arg = (0..l)
            .max_by(|&a, &b| last[a].total_cmp(&last[b]))
            .unwrap_or(0);
    }
    let mut out = vec![0u16; n];
    out[n - 1] = arg as u16;
    for i in (1..n).rev() {
        out[i - 1] = back[i * l + out[i] as usize];
    }
    out
}

/// Beam-pruned Viterbi: at each position only the `k` best previous
/// states are extended (`k × L` work per token instead of `L²`). Used for
/// large label sets (POS, chunks), where it matches exact decoding on
/// nearly every sentence.
#[allow(clippy::too_many_arguments)]
pub(crate) fn viterbi_beam(
    n: usize,
    l: usize,
    emit: &[f32],
    start: &[f32],
    tt: &[f32],
    end_ok: &[bool],
    score: &mut Vec<f32>,
    back: &mut Vec<u16>,
    k: usize,
    cand: &mut Vec<usize>,
) -> Vec<u16> {
    if n == 0 || l == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    score.clear();
    score.resize(n * l, NEG);
    back.clear();
    back.resize(n * l, 0);
    for c in 0..l {
        score[c] = emit[c] + start[c];
    }
    for i in 1..n {
        let (prev_rows, cur_rows) = score.split_at_mut(i * l);
        let prev = &prev_rows[(i - 1) * l..];
        cand.clear();
        cand.extend((0..l).filter(|&p| prev[p] > NEG));
        if cand.len() > k && k > 0 {
            cand.select_nth_unstable_by(k - 1, |a, b| prev[*b].total_cmp(&prev[*a]));
            cand.truncate(k);
        }
        let cur = &mut cur_rows[..l];
        let bk = &mut back[i * l..(i + 1) * l];
        for c in 0..l {
            let row = &tt[c * l..(c + 1) * l];
            let mut best = NEG;
            let mut arg = cand.first().copied().unwrap_or(0);
            for &p in cand.iter() {
                let v = prev[p] + row[p];
                if v > best {
                    best = v;
                    arg = p;
                }
            }
            cur[c] = best + emit[i * l + c];
            bk[c] = arg as u16;
        }
    }
    let last = &score[(n - 1) * l..];
    let mut best = NEG;
    let mut arg = 0usize;
    for c in 0..l {
        if end_ok[c] && last[c] > best {
            best = last[c];
            arg = c;
        }
    }
    if best == NEG {
        arg = (0..l)
            .max_by(|&a, &b| last[a].total_cmp(&last[b]))
            .unwrap_or(0);
    }
    let mut out = vec![0u16; n];
    out[n - 1] = arg as u16;
    for i in (1..n).rev() {
        out[i - 1] = back[i * l + out[i] as usize];
    }
    out
}

/// Label sets larger than this decode with [`viterbi_beam`].
const BEAM_ABOVE_LABELS: usize = 20;
/// The beam width of [`viterbi_beam`].
const BEAM: usize = 6;

/// Threads for tagging one document: one per `PARALLEL_MIN_TOKENS` tokens,
/// at most the pool's.
fn document_threads<S>(sentences: &[Vec<S>]) -> usize {
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    dossier_doc::parallel::threads()
        .min(tokens / PARALLEL_MIN_TOKENS)
        .max(1)
}

impl Model {
    /// Internal labels (BILOU for chunk-style tasks).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The tagging scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The CoNLL column the model was trained on (1 POS, 2 chunk, 3 NER).
    pub fn column(&self) -> usize {
        self.column
    }

    /// The CoNLL column of POS tags used as features, if any.
    pub fn pos_column(&self) -> Option<usize> {
        self.pos_column
    }

    /// Whether the model uses POS tags as features.
    pub fn uses_pos(&self) -> bool {
        self.pos_column.is_some()
    }

    /// Number of feature rows kept.
    pub fn num_features(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Number of non-zero weights.
    pub fn num_weights(&self) -> usize {
        self.weights.len()
    }

    /// The gazetteer stored in the model.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Sentences per pseudo-document the model was trained with for its
    /// document-level features (0: the model has none).
    pub fn doc_window(&self) -> usize {
        self.doc_window
    }

    /// Whether the model is stacked: a first stage tags each document and
    /// its labels, made document-level (the type the other occurrences of
    /// each word were given), are features of this model.
    pub fn is_stacked(&self) -> bool {
        self.first.is_some()
    }

    /// Tags a sentence; returns one tag per token (IOB2 for chunk-style
    /// models). A POS-using model tags without its POS features (less
    /// accurate): prefer [`Model::tag_with_pos`]. The sentence is its own
    /// document: prefer [`Model::tag_document`] for running text.
    pub fn tag<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<String> {
        self.tag_with_pos(tokens, None)
    }

    /// Tags a sentence, with POS tags for models that use them.
    pub fn tag_with_pos<S: AsRef<str>>(&self, tokens: &[S], pos: Option<&[S]>) -> Vec<String> {
        let stats = (self.doc_window > 0).then(|| DocStats::new(&[tokens]));
        let stack = self.first.as_ref().map(|first| {
            let tags = first.tag_with_pos(tokens, pos);
            self.stack_mode.values(&[tokens], &[tags]).remove(0)
        });
        self.tag_in_doc(tokens, pos, stack.as_deref(), stats.as_ref(), None)
    }

    /// Tags the sentences of one document together, so that how a word is
    /// written elsewhere in the document informs each occurrence.
    pub fn tag_document<S: AsRef<str> + Sync>(&self, sentences: &[Vec<S>]) -> Vec<Vec<String>> {
        self.tag_document_with_pos(sentences, None)
    }

    /// [`Model::tag_document`] with POS tags (one vector per sentence).
    pub fn tag_document_with_pos<S: AsRef<str> + Sync>(
        &self,
        sentences: &[Vec<S>],
        pos: Option<&[Vec<S>]>,
    ) -> Vec<Vec<String>> {
        self.tag_document_threads(sentences, pos, document_threads(sentences))
    }

    /// [`Model::tag_document_with_pos`] on `threads` threads.
    pub(crate) fn tag_document_threads<S: AsRef<str> + Sync>(
        &self,
        sentences: &[Vec<S>],
        pos: Option<&[Vec<S>]>,
        threads: usize,
    ) -> Vec<Vec<String>> {
        let out = self.output_labels();
        self.tag_document_ids_threads(sentences, pos, threads)
            .into_iter()
            .map(|ids| ids.into_iter().map(|i| out[i as usize].clone()).collect())
            .collect()
    }

    /// The tag each label id of [`Model::tag_document_ids`] stands for:
    /// the label itself, or its IOB2 form for chunk-style (BILOU) models,
    /// so several ids may stand for one tag.
    pub fn output_labels(&self) -> Vec<String> {
        (0..self.labels.len())
            .map(|i| self.output_label(i))
            .collect()
    }

    /// The tag label id `i` stands for (see [`Model::output_labels`]).
    fn output_label(&self, i: usize) -> String {
        let lab = &self.labels[i];
        match self.scheme {
            Scheme::Plain => lab.clone(),
            Scheme::Bilou => bilou_to_iob2(lab),
        }
    }

    /// [`Model::tag_document_with_pos`] as label ids, indexes into
    /// [`Model::output_labels`]: the same tags with no string per token.
    pub fn tag_document_ids<S: AsRef<str> + Sync>(
        &self,
        sentences: &[Vec<S>],
        pos: Option<&[Vec<S>]>,
    ) -> Vec<Vec<u16>> {
        self.tag_document_ids_threads(sentences, pos, document_threads(sentences))
    }

    /// [`Model::tag_document_ids`] on `threads` threads.
    pub(crate) fn tag_document_ids_threads<S: AsRef<str> + Sync>(
        &self,
        sentences: &[Vec<S>],
        pos: Option<&[Vec<S>]>,
        threads: usize,
    ) -> Vec<Vec<u16>> {
        let stats = (self.doc_window > 0).then(|| {
            let refs: Vec<&[S]> = sentences.iter().map(|s| s.as_slice()).collect();
            DocStats::new(&refs)
        });
        // A stacked model's first stage tags the whole document first.
        let stack = self.first.as_ref().map(|first| {
            let tags = first.tag_document_threads(sentences, pos, threads);
            let refs: Vec<&[S]> = sentences.iter().map(|s| s.as_slice()).collect();
            self.stack_mode.values(&refs, &tags)
        });
        // Sentences are tagged independently (document features are fixed
        // above), so contiguous slices on several threads give the same tags.
        dossier_doc::parallel::map_parts(sentences.len(), threads, |range| {
            let mut cache = EmitCache::default();
            range
                .map(|i| {
                    let p = pos.and_then(|p| p.get(i)).map(|p| p.as_slice());
                    let st = stack.as_ref().map(|v| v[i].as_slice());
                    self.ids_in_doc(&sentences[i], p, st, stats.as_ref(), Some(&mut cache))
                })
                .collect()
        })
    }

    pub(crate) fn tag_in_doc<S: AsRef<str>>(
        &self,
        tokens: &[S],
        pos: Option<&[S]>,
        stack: Option<&[u64]>,
        doc: Option<&DocStats>,
        cache: Option<&mut EmitCache>,
    ) -> Vec<String> {
        self.ids_in_doc(tokens, pos, stack, doc, cache)
            .into_iter()
            .map(|i| self.output_label(i as usize))
            .collect()
    }

    /// The label ids of one sentence (POS ignored unless one per token and
    /// the model uses them; `stack`: a stacked model's first-stage values).
    fn ids_in_doc<S: AsRef<str>>(
        &self,
        tokens: &[S],
        pos: Option<&[S]>,
        stack: Option<&[u64]>,
        doc: Option<&DocStats>,
        cache: Option<&mut EmitCache>,
    ) -> Vec<u16> {
        let pos = pos.filter(|p| p.len() == tokens.len() && self.uses_pos());
        self.decode_stacked(tokens, pos, stack, doc, cache)
    }

    #[cfg(test)]
    pub(crate) fn decode<S: AsRef<str>>(
        &self,
        tokens: &[S],
        pos: Option<&[S]>,
        doc: Option<&DocStats>,
        cache: Option<&mut EmitCache>,
    ) -> Vec<u16> {
        self.decode_stacked(tokens, pos, None, doc, cache)
    }

    /// Label ids of a sentence (`stack`: a stacked model's first-stage
    /// values; a stacked model without them sees every word as alone in
    /// its document).
    pub(crate) fn decode_stacked<S: AsRef<str>>(
        &self,
        tokens: &[S],
        pos: Option<&[S]>,
        stack: Option<&[u64]>,
        doc: Option<&DocStats>,
        mut cache: Option<&mut EmitCache>,
    ) -> Vec<u16> {
        let no_stack = [];
        let stack = match (&self.first, stack) {
            (None, _) => None,
            (Some(_), Some(v)) if v.len() == tokens.len() => Some(v),
            (Some(_), _) => Some(&no_stack[..]),
        };
        if tokens.is_empty() || self.labels.is_empty() {
            return Vec::new();
        }
        SCRATCH.with(|s| {
            let mut guard = s.borrow_mut();
            let s = &mut *guard;
            s.ex.extract_stacked(
                tokens,
                pos,
                stack,
                doc,
                &self.lexicon,
                &mut s.feats,
                &mut s.offs,
            );
            let l = self.labels.len();
            let n = tokens.len();
            let (feats, offs, ex) = (&s.feats, &s.offs, &s.ex);
            // Words seen before in the document start from their stored
            // own-word scores and look up only their context features.
            s.emit.clear();
            s.emit.resize(n * l, 0.0);
            s.store_at.clear();
            s.sel.clear();
            for i in 0..n {
                let cached = cache
                    .as_deref()
                    .and_then(|c| Some(c.row(c.get(ex.word_hash(i))?, l)));
                let (from, store) = match (cached, cache.is_some()) {
                    (Some(row), _) => {
                        s.emit[i * l..(i + 1) * l].copy_from_slice(row);
                        (ex.own_end(i), usize::MAX)
                    }
                    (None, true) => (offs[i], ex.own_end(i)),
                    (None, false) => (offs[i], usize::MAX),
                };
                s.store_at.push(store);
                s.sel.extend(from as u32..offs[i + 1] as u32);
            }
            // A software pipeline over the features: the table slot of the
            // feature 2·AHEAD on is prefetched, the feature AHEAD on is
            // looked up (its weights prefetched), and this one is added to
            // its token's emission scores; so memory latency overlaps.
            const AHEAD: usize = 8;
            let sel = &s.sel;
            let ns = sel.len();
            s.spans.clear();
            s.spans.resize(ns, (0, 0));
            let spans = &mut s.spans;
            let resolve = |q: usize, spans: &mut Vec<(u32, u32)>| {
                let span = self.index.get(feats[sel[q] as usize]).unwrap_or((0, 0));
                if span.1 > 0 {
                    crate::table::prefetch(&self.weights[span.0 as usize]);
                }
                spans[q] = span;
            };
            for &j in sel.iter().take(2 * AHEAD) {
                self.index.prefetch(feats[j as usize]);
            }
            for q in 0..ns.min(AHEAD) {
                resolve(q, spans);
            }
            let mut i = 0;
            for q in 0..ns {
                if let Some(&j) = sel.get(q + 2 * AHEAD) {
                    self.index.prefetch(feats[j as usize]);
                }
                if q + AHEAD < ns {
                    resolve(q + AHEAD, spans);
                }
                let j = sel[q] as usize;
                while offs[i + 1] <= j {
                    i += 1;
                }
                let row = &mut s.emit[i * l..(i + 1) * l];
                if j == s.store_at[i] {
                    if let Some(c) = cache.as_deref_mut() {
                        c.put(ex.word_hash(i), row);
                    }
                }
                let (a, len) = spans[q];
                for w in &self.weights[a as usize..(a + len) as usize] {
                    row[w.label as usize] += w.value;
                }
            }
            if l > BEAM_ABOVE_LABELS {
                viterbi_beam(
                    n,
                    l,
                    &s.emit,
                    &self.start,
                    &self.tt,
                    &self.end_ok,
                    &mut s.score,
                    &mut s.back,
                    BEAM,
                    &mut s.cand,
                )
            } else {
                viterbi(
                    n,
                    l,
                    &s.emit,
                    &self.start,
                    &self.tt,
                    &self.end_ok,
                    &mut s.score,
                    &mut s.back,
                )
            }
        })
    }

    /// Builds a model from dense averaged weights (`rows × L`), pruning
    /// weights whose magnitude is below `prune`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn from_dense(
        labels: Vec<String>,
        scheme: Scheme,
        column: usize,
        pos_column: Option<usize>,
        keys: &[u64],
        weights: &[f32],
        trans: Vec<f32>,
        lexicon: Lexicon,
        prune: f32,
        doc_window: usize,
    ) -> Model {
        let l = labels.len();
        let mut kept = Vec::new();
        let mut offsets = vec![0u32];
        let mut entries = Vec::new();
        for (r, &k) in keys.iter().enumerate() {
            let row = &weights[r * l..(r + 1) * l];
            let before = entries.len();
            for (c, &w) in row.iter().enumerate() {
                if w.abs() >= prune && w != 0.0 {
                    entries.push(Weight {
                        label: c as u32,
                        value: w,
                    });
                }
            }
            if entries.len() > before {
                kept.push(k);
                offsets.push(entries.len() as u32);
            }
        }
        let index = SpanTable::from_rows(&kept, &offsets);
        let allowed = allowed_transitions(&labels, scheme);
        let mut m = Model {
            labels,
            scheme,
            column,
            pos_column,
            index,
            keys: kept,
            offsets,
            weights: entries,
            trans,
            allowed,
            start: Vec::new(),
            tt: Vec::new(),
            end_ok: Vec::new(),
            lexicon,
            doc_window,
            first: None,
            stack_mode: Default::default(),
        };
        m.prepare();
        m
    }

    /// Serializes to bytes (weights quantized to 16 bits).
    pub fn to_bytes(&self) -> Vec<u8> {
        let first = self
            .first
            .as_ref()
            .map(|m| m.to_bytes())
            .unwrap_or_default();
        let rows = self.num_features();
        let max = self.weights.iter().fold(0f32, |m, w| m.max(w.value.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let header = Header {
            labels: self.labels.clone(),
            scheme: self.scheme,
            column: self.column,
            pos_column: self.pos_column,
            rows,
            entries: self.weights.len(),
            lexicon: self.lexicon.entries.len(),
            lexicon_max_len: self.lexicon.max_len,
            scale,
            doc_window: self.doc_window,
            clusters: self.lexicon.clusters.len(),
            templates: self.lexicon.templates.code(),
            case_priors: self.lexicon.case_priors.len(),
            first_stage: first.len(),
            stack_mode: self.stack_mode.code(),
        };
        let hjson = serde_json::to_vec(&header).expect("header serializes");
        let mut out = Vec::with_capacity(64 + hjson.len() + rows * 10 + self.weights.len() * 3);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(hjson.len() as u32).to_le_bytes());
        out.extend_from_slice(&hjson);
        for t in &self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        // Rows in the order of their slots in the lookup table (so loading
        // fills it front to back): keys, counts, labels, weights.
        let order = SpanTable::slot_order(&self.keys);
        let row = |r: usize| &self.weights[self.offsets[r] as usize..self.offsets[r + 1] as usize];
        for &r in &order {
            out.extend_from_slice(&self.keys[r].to_le_bytes());
        }
        out.extend(order.iter().map(|&r| row(r).len() as u8));
        out.extend(order.iter().flat_map(|&r| row(r)).map(|w| w.label as u8));
        for w in order.iter().flat_map(|&r| row(r)) {
            let q = (w.value / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        let mut lex: Vec<(&u64, &u16)> = self.lexicon.entries.iter().collect();
        lex.sort();
        for (k, m) in lex {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&m.to_le_bytes());
        }
        let mut cl: Vec<(&u64, &(u32, u8))> = self.lexicon.clusters.iter().collect();
        cl.sort();
        for (k, (code, len)) in cl {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&code.to_le_bytes());
            out.push(*len);
        }
        let mut td: Vec<(&u64, &u64)> = self.lexicon.case_priors.iter().collect();
        td.sort();
        for (k, v) in td {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&first);
        out
    }

    /// Parses a model from bytes written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        Model::from_bytes_in(bytes, false)
    }

    /// [`Model::from_bytes`]; `nested` for a stacked model's first stage,
    /// which may not be stacked itself (checked before it is read, so a
    /// file cannot nest stages deeper).
    fn from_bytes_in(bytes: &[u8], nested: bool) -> Result<Model> {
        let mut r = Reader { b: bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(TaggerError::Format(
                "not a dossier-tagger model (bad magic)".into(),
            ));
        }
        let hlen = u32::from_le_bytes(r.take(4)?.try_into().unwrap()) as usize;
        let header: Header = serde_json::from_slice(r.take(hlen)?)
            .map_err(|e| TaggerError::Format(format!("header: {e}")))?;
        let l = header.labels.len();
        if l == 0 || l > 255 {
            return Err(TaggerError::Format(format!("bad label count {l}")));
        }
        let ntrans = (l + 1) * l;
        let trans: Vec<f32> = r
            .take_items(ntrans, 4)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let rows = header.rows;
        let keys = r.take_items(rows, 8)?;
        let counts = r.take(rows)?;
        let entry_label = r.take(header.entries)?;
        if entry_label.iter().any(|&x| x as usize >= l) {
            return Err(TaggerError::Format("weight label out of range".into()));
        }
        let wbytes = r.take_items(header.entries, 2)?;
        let weights: Vec<Weight> = wbytes
            .chunks_exact(2)
            .zip(entry_label)
            .map(|(c, &label)| Weight {
                label: label as u32,
                value: i16::from_le_bytes([c[0], c[1]]) as f32 * header.scale,
            })
            .collect();
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0u32);
        let mut acc = 0u64;
        for &c in counts {
            acc += c as u64;
            offsets.push(acc as u32);
        }
        if acc as usize != header.entries {
            return Err(TaggerError::Format(
                "row counts do not add up to the weight count".into(),
            ));
        }
        let keys: Vec<u64> = keys
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let index = SpanTable::from_rows(&keys, &offsets);
        let lb = r.take_items(header.lexicon, 10)?;
        let mut lexicon = Lexicon::new();
        lexicon.entries.reserve(header.lexicon);
        for c in lb.chunks_exact(10) {
            lexicon.entries.insert(
                u64::from_le_bytes(c[..8].try_into().unwrap()),
                u16::from_le_bytes([c[8], c[9]]),
            );
        }
        lexicon.max_len = header.lexicon_max_len.min(crate::lexicon::MAX_ENTRY_TOKENS);
        let cb = r.take_items(header.clusters, 13)?;
        lexicon.clusters.reserve(header.clusters);
        for c in cb.chunks_exact(13) {
            let len = c[12].min(32);
            lexicon.clusters.insert(
                u64::from_le_bytes(c[..8].try_into().unwrap()),
                (u32::from_le_bytes(c[8..12].try_into().unwrap()), len),
            );
        }
        lexicon.templates = crate::Templates::from_code(header.templates).ok_or_else(|| {
            TaggerError::Format(format!("unknown feature templates {}", header.templates))
        })?;
        let tb = r.take_items(header.case_priors, 16)?;
        lexicon.case_priors.reserve(header.case_priors);
        for c in tb.chunks_exact(16) {
            lexicon.case_priors.insert(
                u64::from_le_bytes(c[..8].try_into().unwrap()),
                u64::from_le_bytes(c[8..].try_into().unwrap()),
            );
        }
        let stack_mode =
            crate::features::StackMode::from_code(header.stack_mode).ok_or_else(|| {
                TaggerError::Format(format!("unknown stack mode {}", header.stack_mode))
            })?;
        let first = match header.first_stage {
            0 => None,
            _ if nested => {
                return Err(TaggerError::Format(
                    "a first stage that is itself stacked".into(),
                ))
            }
            n => Some(Box::new(Model::from_bytes_in(r.take(n)?, true)?)),
        };
        if r.pos != bytes.len() {
            return Err(TaggerError::Format("trailing bytes".into()));
        }
        let allowed = allowed_transitions(&header.labels, header.scheme);
        let mut m = Model {
            labels: header.labels,
            scheme: header.scheme,
            column: header.column,
            pos_column: header.pos_column,
            index,
            keys,
            offsets,
            weights,
            trans,
            allowed,
            start: Vec::new(),
            tt: Vec::new(),
            end_ok: Vec::new(),
            lexicon,
            doc_window: header.doc_window,
            first,
            stack_mode,
        };
        m.prepare();
        Ok(m)
    }

    fn prepare(&mut self) {
        let l = self.labels.len();
        prepare_transitions(l, &self.trans, &self.allowed, &mut self.start, &mut self.tt);
        self.end_ok = self
            .labels
            .iter()
            .map(|x| can_end(x, self.scheme))
            .collect();
    }

    /// Loads a model file.
    pub fn load(path: impl AsRef<Path>) -> Result<Model> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| TaggerError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
        Model::from_bytes(&bytes)
    }

    /// Saves the model to a file.
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        std::fs::write(path, self.to_bytes()).map_err(|e| TaggerError::Io {
            path: path.display().to_string(),
            source: e,
        })
    }

    /// The built-in NER model (CoNLL-2003 PER/ORG/LOC/MISC), parsed once.
    pub fn builtin_ner() -> Result<&'static Model> {
        static M: OnceLock<std::result::Result<Model, String>> = OnceLock::new();
        builtin(
            &M,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner.bin")),
            "ner",
        )
    }

    /// The built-in POS model (Penn Treebank tags), parsed once.
    pub fn builtin_pos() -> Result<&'static Model> {
        static M: OnceLock<std::result::Result<Model, String>> = OnceLock::new();
        builtin(
            &M,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/pos.bin")),
            "pos",
        )
    }

    /// The built-in chunk model (IOB2 NP/VP/PP…; uses POS), parsed once.
    pub fn builtin_chunk() -> Result<&'static Model> {
        static M: OnceLock<std::result::Result<Model, String>> = OnceLock::new();
        builtin(
            &M,
            include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/models/chunk.bin")),
            "chunk",
        )
    }
}

fn builtin(
    cell: &'static OnceLock<std::result::Result<Model, String>>,
    bytes: &'static [u8],
    name: &str,
) -> Result<&'static Model> {
    cell.get_or_init(|| Model::from_bytes(bytes).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| TaggerError::Format(format!("built-in {name} model: {e}")))
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The next `count` items of `size` bytes each.
    fn take_items(&mut self, count: usize, size: usize) -> Result<&'a [u8]> {
        let n = count
            .checked_mul(size)
            .ok_or_else(|| TaggerError::Format("overflow".into()))?;
        self.take(n)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.pos..e];
                self.pos = e;
                Ok(s)
            }
            None => Err(TaggerError::Format(format!(
                "truncated at byte {}",
                self.pos
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The emission scores of the last decode on this thread, as bits.
    fn last_emissions() -> Vec<u32> {
        SCRATCH.with(|s| s.borrow().emit.iter().map(|x| x.to_bits()).collect())
    }

    #[test]
    fn cached_own_word_scores_are_the_same_to_the_bit() {
        let text = [
            "General Arno Velt of the Northern Brigade met officials in Kadra .",
            "Velt said the Brigade had met the officials of Kadra twice .",
            "In Kadra , officials said General Velt and the Northern Brigade left .",
            "Velt Velt Kadra Kadra the the , , .",
        ];
        let sents: Vec<Vec<&str>> = text.iter().map(|t| t.split(' ').collect()).collect();
        let pos: Vec<Vec<&str>> = sents
            .iter()
            .map(|s| s.iter().map(|_| "NNP").collect())
            .collect();
        for model in [
            Model::builtin_ner().unwrap(),
            Model::builtin_pos().unwrap(),
            Model::builtin_chunk().unwrap(),
        ] {
            let mut cache = EmitCache::default();
            for (s, p) in sents.iter().zip(&pos) {
                let p = model.uses_pos().then_some(p.as_slice());
                let plain = model.decode(s, p, None, None);
                let plain_emit = last_emissions();
                let cached = model.decode(s, p, None, Some(&mut cache));
                assert_eq!(cached, plain);
                assert_eq!(last_emissions(), plain_emit, "{s:?}");
            }
            // Every distinct word was stored once; the repeats were served.
            let distinct: std::collections::HashSet<&str> =
                sents.iter().flatten().copied().collect();
            assert_eq!(cache.index.len(), distinct.len());
            // And the stored rows are what repeated words start from.
            cache.rows.iter_mut().for_each(|x| *x = 1e6);
            let p = model.uses_pos().then_some(pos[1].as_slice());
            model.decode(&sents[1], p, None, None);
            let plain_emit = last_emissions();
            model.decode(&sents[1], p, None, Some(&mut cache));
            assert_ne!(last_emissions(), plain_emit);
        }
    }

    #[test]
    fn parallel_tagging_matches_serial() {
        let model = Model::builtin_ner().expect("built-in NER model");
        let base = [
            "General Arno Velt of the Northern Brigade met officials in Kadra .",
            "Rebels of the Liberation Front attacked a police base near Tessa .",
            "The movement's spokesman Idris Malouf spoke in Lisbon on Tuesday .",
        ];
        let sents: Vec<Vec<&str>> = (0..40)
            .map(|i| base[i % base.len()].split(' ').collect())
            .collect();
        let serial = model.tag_document_threads(&sents, None, 1);
        for threads in [2, 3, 7, 100] {
            assert_eq!(
                model.tag_document_threads(&sents, None, threads),
                serial,
                "{threads} threads"
            );
        }
        assert_eq!(serial.len(), sents.len());
        assert!(model.tag_document_threads::<&str>(&[], None, 4).is_empty());
    }

    #[test]
    fn label_ids_name_the_same_tags_as_strings() {
        let sents: Vec<Vec<&str>> = [
            "General Arno Velt of the Northern Brigade met officials in Kadra .",
            "Rebels of the Liberation Front attacked a police base near Tessa .",
        ]
        .iter()
        .map(|t| t.split(' ').collect())
        .collect();
        for model in [
            Model::builtin_ner().unwrap(),
            Model::builtin_pos().unwrap(),
            Model::builtin_chunk().unwrap(),
        ] {
            let pos = model
                .uses_pos()
                .then(|| Model::builtin_pos().unwrap().tag_document(&sents));
            let pos: Option<Vec<Vec<&str>>> = pos.as_ref().map(|p| {
                p.iter()
                    .map(|s| s.iter().map(String::as_str).collect())
                    .collect()
            });
            let tags = model.tag_document_with_pos(&sents, pos.as_deref());
            let ids = model.tag_document_ids(&sents, pos.as_deref());
            let out = model.output_labels();
            let named: Vec<Vec<String>> = ids
                .iter()
                .map(|s| s.iter().map(|&i| out[i as usize].clone()).collect())
                .collect();
            assert_eq!(named, tags);
            assert!(tags.iter().flatten().any(|t| t != "O"));
        }
        // Chunk-style models name several ids with one IOB2 tag.
        let ner = Model::builtin_ner().unwrap().output_labels();
        assert!(ner
            .iter()
            .all(|t| t == "O" || t.starts_with("B-") || t.starts_with("I-")));
        assert!(Model::builtin_ner()
            .unwrap()
            .tag_document_ids::<&str>(&[], None)
            .is_empty());
    }

    #[test]
    fn bilou_conversion() {
        let t = [
            "B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "I-LOC", "I-ORG",
        ];
        let b = iob_to_bilou(&t);
        assert_eq!(
            b,
            ["B-PER", "L-PER", "O", "U-LOC", "B-LOC", "I-LOC", "L-LOC", "U-ORG"]
        );
        let back: Vec<String> = b.iter().map(|x| bilou_to_iob2(x)).collect();
        assert_eq!(
            back,
            ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "I-LOC", "B-ORG"]
        );
        assert!(is_iob(&t));
        assert!(!is_iob(&["NN", "O"]));
    }

    #[test]
    fn viterbi_respects_constraints() {
        let labels: Vec<String> = ["O", "B-X", "L-X", "U-X"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let allowed = allowed_transitions(&labels, Scheme::Bilou);
        let l = 4;
        let trans = vec![0.0; (l + 1) * l];
        // Emissions favour B-X then O, which is invalid: must end the span.
        let emit = vec![0.0, 5.0, 0.0, 0.0, 3.0, 0.0, 1.0, 0.0];
        let end_ok: Vec<bool> = labels.iter().map(|x| can_end(x, Scheme::Bilou)).collect();
        let (mut start, mut tt) = (Vec::new(), Vec::new());
        prepare_transitions(l, &trans, &allowed, &mut start, &mut tt);
        let out = viterbi(
            2,
            l,
            &emit,
            &start,
            &tt,
            &end_ok,
            &mut Vec::new(),
            &mut Vec::new(),
        );
        assert_eq!(out, vec![1, 2]);
        assert!(viterbi(
            0,
            l,
            &emit,
            &start,
            &tt,
            &end_ok,
            &mut Vec::new(),
            &mut Vec::new()
        )
        .is_empty());
        // Unconstrained, the emissions win.
        let free = vec![true; (l + 1) * l];
        prepare_transitions(l, &trans, &free, &mut start, &mut tt);
        let ok = vec![true; l];
        assert_eq!(
            viterbi(
                2,
                l,
                &emit,
                &start,
                &tt,
                &ok,
                &mut Vec::new(),
                &mut Vec::new()
            ),
            vec![1, 0]
        );
    }

    #[test]
    fn beam_with_full_width_is_exact() {
        let l = 5;
        let labels: Vec<String> = (0..l).map(|i| format!("T{i}")).collect();
        let allowed = allowed_transitions(&labels, Scheme::Plain);
        let mut x = 7u64;
        let mut rnd = || {
            x = crate::features::mix(x);
            (x % 1000) as f32 / 100.0 - 5.0
        };
        let trans: Vec<f32> = (0..(l + 1) * l).map(|_| rnd()).collect();
        let emit: Vec<f32> = (0..9 * l).map(|_| rnd()).collect();
        let (mut start, mut tt) = (Vec::new(), Vec::new());
        prepare_transitions(l, &trans, &allowed, &mut start, &mut tt);
        let ok = vec![true; l];
        let exact = viterbi(
            9,
            l,
            &emit,
            &start,
            &tt,
            &ok,
            &mut Vec::new(),
            &mut Vec::new(),
        );
        let beam = viterbi_beam(
            9,
            l,
            &emit,
            &start,
            &tt,
            &ok,
            &mut Vec::new(),
            &mut Vec::new(),
            l,
            &mut Vec::new(),
        );
        assert_eq!(exact, beam);
        let narrow = viterbi_beam(
            9,
            l,
            &emit,
            &start,
            &tt,
            &ok,
            &mut Vec::new(),
            &mut Vec::new(),
            1,
            &mut Vec::new(),
        );
        assert_eq!(narrow.len(), 9);
    }

    #[test]
    fn garbage_bytes_are_errors() {
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"DTAGGER1\xff\xff\xff\xff").is_err());
        assert!(Model::from_bytes(b"nonsense at all").is_err());
    }
}
