//! Averaged structured perceptron training.

use crate::conll::{doc_groups, eval_sentences, read_conll, Sentence};
use crate::features::{DocStats, Extractor};
use crate::lexicon::Lexicon;
use crate::model::{
    allowed_transitions, can_end, iob_to_bilou, is_iob, prepare_transitions, viterbi, IdMap, Model,
    Scheme,
};
use crate::{Result, TaggerError};
use std::path::Path;
use std::time::Instant;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Averaged weights with a smaller magnitude are dropped from the model.
    pub prune: f32,
    /// Features seen fewer times in training are not used.
    pub min_count: u32,
    /// A CoNLL column of POS tags to use as features (2-column chunker:
    /// `Some(1)`); at run time the model then wants POS tags.
    pub pos_column: Option<usize>,
    /// Whether to use the built-in gazetteer (stored in the model).
    pub use_lexicon: bool,
    /// Document-level features: consecutive sentences (within a
    /// `-DOCSTART-` document) are grouped into pseudo-documents of this many
    /// sentences; 0 turns the features off.
    pub doc_window: usize,
    /// Word clusters to use as features (text `CODE<TAB>WORD` lines, e.g.
    /// Brown clusters); stored in the model.
    pub clusters: Option<String>,
    /// The feature templates (V2 stores case priors from the clusters'
    /// counts in the model).
    pub templates: crate::Templates,
    /// A stacked model (0: none): a first model is trained, its tags of
    /// the training documents are jackknifed over this many folds of
    /// documents (`-DOCSTART-`), and the model is trained with features of
    /// how each word's other occurrences in its document were tagged
    /// (document-level label consistency); the first model travels inside.
    pub stack_folds: usize,
    /// How a stacked model's first-stage tags become features: per word
    /// (any occurrence of the word) or per whole name (see
    /// [`crate::StackMode`]).
    pub stack_mode: crate::StackMode,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 42,
            prune: 0.05,
            min_count: 1,
            pos_column: None,
            use_lexicon: true,
            doc_window: 0,
            clusters: None,
            templates: crate::Templates::V1,
            stack_folds: 0,
            stack_mode: crate::StackMode::Word,
        }
    }
}

/// Reported after each epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainProgress {
    /// 1-based epoch.
    pub epoch: usize,
    /// Planned epochs.
    pub epochs: usize,
    /// Training sentences decoded wrongly in this epoch.
    pub mistakes: usize,
    /// Training token accuracy in this epoch (online, before updates).
    pub train_accuracy: f64,
    /// Dev F1 (chunk-style tags) of the averaged model, if a dev set is given.
    pub dev_f1: Option<f64>,
    /// Dev token accuracy of the averaged model, if a dev set is given.
    pub dev_accuracy: Option<f64>,
    /// Seconds since training began.
    pub elapsed_s: f64,
}

/// A summary of a finished training run.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainReport {
    /// The epoch whose averaged weights were kept (best on dev, else last).
    pub best_epoch: usize,
    /// Dev F1 of the kept model.
    pub dev_f1: Option<f64>,
    /// Dev token accuracy of the kept model.
    pub dev_accuracy: Option<f64>,
    /// Feature rows in the model.
    pub features: usize,
    /// Non-zero weights in the model.
    pub weights: usize,
    /// Internal labels.
    pub labels: usize,
    /// Training sentences and tokens.
    pub sentences: usize,
    /// Training tokens.
    pub tokens: usize,
    /// Seconds spent.
    pub seconds: f64,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        crate::features::mix(self.0)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains on CoNLL files: `column` is the tag column (3 NER, 1 POS, 2 chunk).
/// With a dev file, the epoch whose averaged model scores best on dev is kept.
pub fn train_conll(
    train: &Path,
    dev: Option<&Path>,
    column: usize,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(TrainProgress),
) -> Result<(Model, TrainReport)> {
    let train = read_conll(train)?;
    let dev = dev.map(read_conll).transpose()?;
    train_sentences(&train, dev.as_deref(), column, opts, progress)
}

/// Trains on sentences already read (see [`train_conll`]).
pub fn train_sentences(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    column: usize,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(TrainProgress),
) -> Result<(Model, TrainReport)> {
    if opts.stack_folds == 0 {
        return train_stage(train, dev, column, opts, None, progress);
    }
    let start = Instant::now();
    if opts.doc_window > 0 {
        return Err(TaggerError::Train(
            "a stacked model takes whole documents: no document window".into(),
        ));
    }
    let groups = doc_groups(train, 0);
    let k = opts.stack_folds;
    if k < 2 || groups.len() < k {
        return Err(TaggerError::Train(format!(
            "stacking over {k} folds needs at least 2 folds and as many documents ({} here)",
            groups.len()
        )));
    }
    let base = TrainOptions {
        stack_folds: 0,
        stack_mode: crate::StackMode::Word,
        ..opts.clone()
    };
    let (first, _) = train_stage(train, dev, column, &base, None, &mut |_| {})?;
    // The first stage's tags of each training document, from a model
    // trained without the document's fold.
    let mut tags: Vec<Vec<String>> = vec![Vec::new(); train.len()];
    for f in 0..k {
        let rest: Vec<Sentence> = groups
            .iter()
            .enumerate()
            .filter(|(gi, _)| gi % k != f)
            .flat_map(|(_, g)| train[g.clone()].iter().cloned())
            .collect();
        let (m, _) = train_stage(&rest, None, column, &base, None, &mut |_| {})?;
        for g in groups.iter().skip(f).step_by(k) {
            let held = &train[g.clone()];
            for (i, t) in g.clone().zip(crate::conll::tag_sentences(&m, held)) {
                tags[i] = t;
            }
        }
    }
    let mut stack = Vec::with_capacity(train.len());
    for g in &groups {
        let refs: Vec<&[String]> = train[g.clone()]
            .iter()
            .map(|s| s.tokens.as_slice())
            .collect();
        stack.extend(opts.stack_mode.values(&refs, &tags[g.clone()]));
    }
    let (model, mut report) =
        train_stage(train, dev, column, opts, Some((&first, &stack)), progress)?;
    report.seconds = start.elapsed().as_secs_f64();
    Ok((model, report))
}

/// Trains one model; a stacked model's second stage with its first stage
/// and the training sentences' first-stage values.
fn train_stage(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    column: usize,
    opts: &TrainOptions,
    stacked: Option<(&Model, &[Vec<u64>])>,
    progress: &mut dyn FnMut(TrainProgress),
) -> Result<(Model, TrainReport)> {
    let start = Instant::now();
    if column == 0 {
        return Err(TaggerError::Train(
            "column 0 is the token, not a tag column".into(),
        ));
    }
    let GoldLabels {
        scheme,
        labels,
        gold,
    } = gold_labels(train, column, opts)?;
    let l = labels.len();
    let lexicon = training_lexicon(opts)?;
    let feats = FeatureRows::extract(train, opts, stacked, &lexicon);
    let mut p = Perceptron::new(feats.keys.len(), &labels, scheme);
    let mut rng = Rng(opts.seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    // (score, epoch, model, dev F1, dev accuracy) of the best epoch so far.
    type Best = (f64, usize, Model, Option<f64>, Option<f64>);
    let mut best: Option<Best> = None;
    let total_tokens: usize = train.iter().map(|s| s.tokens.len()).sum();

    for epoch in 1..=opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut mistakes, mut tok_err) = (0usize, 0usize);
        for &si in &order {
            let g = &gold[si];
            if g.is_empty() {
                continue;
            }
            if let Some(errors) = p.learn(g, &feats, feats.sent_tok[si]) {
                mistakes += 1;
                tok_err += errors;
            }
            p.c += 1.0;
        }
        // Averaged model.
        let (avg, tavg) = p.averaged();
        let mut model = Model::from_dense(
            labels.clone(),
            scheme,
            column,
            opts.pos_column,
            &feats.keys,
            &avg,
            tavg,
            lexicon.clone(),
            opts.prune,
            opts.doc_window,
        );
        drop(avg);
        model.first = stacked.map(|(m, _)| Box::new(m.clone()));
        model.stack_mode = opts.stack_mode;
        let (dev_f1, dev_acc) = dev_scores(&model, dev, scheme)?;
        progress(TrainProgress {
            epoch,
            epochs: opts.epochs,
            mistakes,
            train_accuracy: 1.0 - tok_err as f64 / total_tokens.max(1) as f64,
            dev_f1,
            dev_accuracy: dev_acc,
            elapsed_s: start.elapsed().as_secs_f64(),
        });
        let key = dev_f1.or(dev_acc).unwrap_or(epoch as f64);
        if best.as_ref().map(|b| key > b.0).unwrap_or(true) {
            best = Some((key, epoch, model, dev_f1, dev_acc));
        }
    }
    let (_, best_epoch, model, dev_f1, dev_accuracy) = best.expect("at least one epoch");
    let report = TrainReport {
        best_epoch,
        dev_f1,
        dev_accuracy,
        features: model.num_features(),
        weights: model.num_weights(),
        labels: l,
        sentences: train.len(),
        tokens: total_tokens,
        seconds: start.elapsed().as_secs_f64(),
    };
    Ok((model, report))
}

/// The training sentences' gold labels as label ids, with the label set
/// ("O" first) and its scheme (BILOU when every column is IOB).
struct GoldLabels {
    scheme: Scheme,
    labels: Vec<String>,
    gold: Vec<Vec<u16>>,
}

/// Reads the gold labels of column `column` (and checks the POS column).
fn gold_labels(train: &[Sentence], column: usize, opts: &TrainOptions) -> Result<GoldLabels> {
    let mut gold_raw: Vec<Vec<&str>> = Vec::with_capacity(train.len());
    for s in train {
        gold_raw.push(s.column(column).ok_or_else(|| TaggerError::Conll {
            file: "<train>".into(),
            line: s.line,
            message: format!("sentence has no column {column}"),
        })?);
        if let Some(pc) = opts.pos_column {
            if s.column(pc).is_none() {
                return Err(TaggerError::Conll {
                    file: "<train>".into(),
                    line: s.line,
                    message: format!("sentence has no POS column {pc}"),
                });
            }
        }
    }
    if gold_raw.iter().all(|g| g.is_empty()) {
        return Err(TaggerError::Train("no training sentences".into()));
    }
    let scheme = if gold_raw.iter().all(|g| is_iob(g)) {
        Scheme::Bilou
    } else {
        Scheme::Plain
    };
    let gold_lab: Vec<Vec<String>> = gold_raw
        .iter()
        .map(|g| match scheme {
            Scheme::Bilou => iob_to_bilou(g),
            Scheme::Plain => g.iter().map(|s| s.to_string()).collect(),
        })
        .collect();
    let mut labels: Vec<String> = gold_lab.iter().flatten().cloned().collect();
    labels.sort();
    labels.dedup();
    if let Some(o) = labels.iter().position(|x| x == "O") {
        let o = labels.remove(o);
        labels.insert(0, o);
    }
    let l = labels.len();
    if l > 255 {
        return Err(TaggerError::Train(format!(
            "{l} labels: at most 255 are supported"
        )));
    }
    let label_id: std::collections::HashMap<&str, u16> = labels
        .iter()
        .enumerate()
        .map(|(i, s)| (s.as_str(), i as u16))
        .collect();
    let gold: Vec<Vec<u16>> = gold_lab
        .iter()
        .map(|g| g.iter().map(|t| label_id[t.as_str()]).collect())
        .collect();

    Ok(GoldLabels {
        scheme,
        labels,
        gold,
    })
}

/// The lexicon the features read: the built-in one or none, with the
/// word clusters (and, for the V2 templates, their case priors).
fn training_lexicon(opts: &TrainOptions) -> Result<Lexicon> {
    let mut lexicon = if opts.use_lexicon {
        Lexicon::builtin()
    } else {
        Lexicon::new()
    };
    if let Some(c) = &opts.clusters {
        lexicon.add_clusters(c).map_err(TaggerError::Train)?;
    }
    lexicon.templates = opts.templates;
    if opts.templates == crate::Templates::V2 {
        if let Some(c) = &opts.clusters {
            lexicon.add_case_priors(c);
        }
    }
    Ok(lexicon)
}

/// The feature rows of every training token: the features kept (seen at
/// least `min_count` times), and for each token the rows of its features.
struct FeatureRows {
    /// Feature key of each row.
    keys: Vec<u64>,
    /// Row ids per token, flattened.
    rows: Vec<u32>,
    /// Where each token's rows begin in `rows` (and the last one ends).
    row_offs: Vec<usize>,
    /// The first token of each sentence.
    sent_tok: Vec<usize>,
}

impl FeatureRows {
    /// Extracts the features of every training token and keeps the
    /// frequent ones.
    fn extract(
        train: &[Sentence],
        opts: &TrainOptions,
        stacked: Option<(&Model, &[Vec<u64>])>,
        lexicon: &Lexicon,
    ) -> FeatureRows {
        let mut ex = Extractor::default();
        let (mut buf, mut offs) = (Vec::new(), Vec::new());
        let mut all_keys: Vec<u64> = Vec::new();
        let mut tok_offs: Vec<usize> = vec![0];
        let mut sent_tok: Vec<usize> = vec![0];
        let mut counts: IdMap<u32> = IdMap::default();
        let mut stats_of = vec![0usize; train.len()];
        let mut stats = Vec::new();
        if opts.doc_window > 0 {
            for g in doc_groups(train, opts.doc_window) {
                let refs: Vec<&[String]> = train[g.clone()]
                    .iter()
                    .map(|s| s.tokens.as_slice())
                    .collect();
                for i in g {
                    stats_of[i] = stats.len();
                }
                stats.push(DocStats::new(&refs));
            }
        }
        for (si, s) in train.iter().enumerate() {
            let pos = opts.pos_column.and_then(|c| s.column(c));
            ex.extract_stacked(
                &s.tokens,
                pos.as_deref(),
                stacked.map(|(_, v)| v[si].as_slice()),
                stats.get(stats_of[si]),
                lexicon,
                &mut buf,
                &mut offs,
            );
            for i in 0..s.tokens.len() {
                for &k in &buf[offs[i]..offs[i + 1]] {
                    *counts.entry(k).or_insert(0) += 1;
                    all_keys.push(k);
                }
                tok_offs.push(all_keys.len());
            }
            sent_tok.push(tok_offs.len() - 1);
        }
        let mut keys: Vec<u64> = Vec::new();
        let mut row_of: IdMap<u32> = IdMap::default();
        for &k in &all_keys {
            if counts[&k] >= opts.min_count && !row_of.contains_key(&k) {
                row_of.insert(k, keys.len() as u32);
                keys.push(k);
            }
        }
        drop(counts);
        // Row ids per token (flattened, same offsets after filtering).
        let mut rows: Vec<u32> = Vec::with_capacity(all_keys.len());
        let mut row_offs: Vec<usize> = Vec::with_capacity(tok_offs.len());
        row_offs.push(0);
        for t in 0..tok_offs.len() - 1 {
            for k in &all_keys[tok_offs[t]..tok_offs[t + 1]] {
                if let Some(&r) = row_of.get(k) {
                    rows.push(r);
                }
            }
            row_offs.push(rows.len());
        }
        drop(all_keys);
        drop(row_of);

        FeatureRows {
            keys,
            rows,
            row_offs,
            sent_tok,
        }
    }

    /// The feature rows of token `t`.
    fn of_token(&self, t: usize) -> &[u32] {
        &self.rows[self.row_offs[t]..self.row_offs[t + 1]]
    }
}

/// The structured perceptron while it trains: emission weights per feature
/// row and label, transition weights (from each label and the start), their
/// running sums for averaging, and the decoder's buffers.
struct Perceptron {
    /// Number of labels.
    l: usize,
    w: Vec<f32>,
    u: Vec<f32>,
    tw: Vec<f32>,
    tu: Vec<f32>,
    /// The averaging counter (one more per sentence learned from).
    c: f32,
    allowed: Vec<bool>,
    end_ok: Vec<bool>,
    emit: Vec<f32>,
    score: Vec<f32>,
    back: Vec<u16>,
    tstart: Vec<f32>,
    tt: Vec<f32>,
}

impl Perceptron {
    fn new(nrows: usize, labels: &[String], scheme: Scheme) -> Perceptron {
        let l = labels.len();
        let nt = (l + 1) * l;
        Perceptron {
            l,
            w: vec![0f32; nrows * l],
            u: vec![0f32; nrows * l],
            tw: vec![0f32; nt],
            tu: vec![0f32; nt],
            c: 1.0,
            allowed: allowed_transitions(labels, scheme),
            end_ok: labels.iter().map(|x| can_end(x, scheme)).collect(),
            emit: Vec::new(),
            score: Vec::new(),
            back: Vec::new(),
            tstart: Vec::new(),
            tt: Vec::new(),
        }
    }

    /// Decodes one sentence (gold labels `g`, its first token `t0`) and,
    /// when the path is wrong, updates the weights toward the gold one;
    /// returns the number of wrong tokens then (`None`: decoded right).
    fn learn(&mut self, g: &[u16], feats: &FeatureRows, t0: usize) -> Option<usize> {
        let (n, l) = (g.len(), self.l);
        self.emit.clear();
        self.emit.resize(n * l, 0.0);
        for i in 0..n {
            let e = &mut self.emit[i * l..(i + 1) * l];
            for &r in feats.of_token(t0 + i) {
                let wr = &self.w[r as usize * l..(r as usize + 1) * l];
                for (x, y) in e.iter_mut().zip(wr) {
                    *x += y;
                }
            }
        }
        prepare_transitions(l, &self.tw, &self.allowed, &mut self.tstart, &mut self.tt);
        let p = viterbi(
            n,
            l,
            &self.emit,
            &self.tstart,
            &self.tt,
            &self.end_ok,
            &mut self.score,
            &mut self.back,
        );
        if p == *g {
            return None;
        }
        let c = self.c;
        let mut tok_err = 0;
        for i in 0..n {
            let (gi, pi) = (g[i] as usize, p[i] as usize);
            if gi != pi {
                tok_err += 1;
                for &r in feats.of_token(t0 + i) {
                    let b = r as usize * l;
                    self.w[b + gi] += 1.0;
                    self.u[b + gi] += c;
                    self.w[b + pi] -= 1.0;
                    self.u[b + pi] -= c;
                }
            }
            let gp = if i == 0 { l } else { g[i - 1] as usize };
            let pp = if i == 0 { l } else { p[i - 1] as usize };
            if gi != pi || gp != pp {
                self.tw[gp * l + gi] += 1.0;
                self.tu[gp * l + gi] += c;
                self.tw[pp * l + pi] -= 1.0;
                self.tu[pp * l + pi] -= c;
            }
        }
        Some(tok_err)
    }

    /// The averaged emission and transition weights.
    fn averaged(&self) -> (Vec<f32>, Vec<f32>) {
        let c = self.c;
        let avg: Vec<f32> = self.w.iter().zip(&self.u).map(|(a, b)| a - b / c).collect();
        let tavg: Vec<f32> = self
            .tw
            .iter()
            .zip(&self.tu)
            .map(|(a, b)| a - b / c)
            .collect();
        (avg, tavg)
    }
}

/// A model's F1 (BILOU labels only) and accuracy on the dev sentences.
fn dev_scores(
    model: &Model,
    dev: Option<&[Sentence]>,
    scheme: Scheme,
) -> Result<(Option<f64>, Option<f64>)> {
    Ok(match dev {
        Some(d) => {
            let r = eval_sentences(model, d, "<dev>")?;
            (
                if scheme == Scheme::Bilou {
                    Some(r.f1())
                } else {
                    None
                },
                Some(r.accuracy()),
            )
        }
        None => (None, None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::read_conll_from;

    fn toy() -> Vec<Sentence> {
        let mut text = String::new();
        let names = ["Orrin", "Maelis", "Tovald", "Brisa"];
        let places = ["Quenmar", "Daltra", "Ostvik", "Pellor"];
        for (i, n) in names.iter().enumerate() {
            for p in places.iter() {
                text.push_str(&format!(
                    "{n} NNP B-PER\nTeller NNP I-PER\nwent VBD O\nto TO O\n{p} NNP B-LOC\n. . O\n\nthe DT O\nguards NNS O\nof IN O\n{p} NNP B-LOC\nsaw VBD O\n{} NNP B-PER\n\n",
                    names[(i + 1) % 4]
                ));
            }
        }
        read_conll_from(text.as_bytes(), "toy").unwrap()
    }

    #[test]
    fn learns_toy_data_and_round_trips() {
        let data = toy();
        let opts = TrainOptions {
            epochs: 5,
            use_lexicon: false,
            prune: 0.0,
            ..TrainOptions::default()
        };
        let mut seen = 0;
        let (m, rep) = train_sentences(&data, Some(&data), 2, &opts, &mut |_| seen += 1).unwrap();
        assert_eq!(seen, 5);
        assert_eq!(rep.dev_f1, Some(1.0));
        let tags = m.tag(&["Brisa", "Teller", "went", "to", "Daltra", "."]);
        assert_eq!(tags, ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]);
        // Save / load round trip gives the same tags and structure.
        let dir = std::env::temp_dir().join(format!("dossier-tagger-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.bin");
        m.save(&path).unwrap();
        let m2 = Model::load(&path).unwrap();
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(m2.labels(), m.labels());
        assert_eq!(m2.num_weights(), m.num_weights());
        assert_eq!(m2.column(), 2);
        for s in &data {
            assert_eq!(m2.tag(&s.tokens), m.tag(&s.tokens));
        }
        assert!(m.tag::<&str>(&[]).is_empty());
        // POS (plain) training on column 1.
        let (pm, prep) = train_sentences(&data, Some(&data), 1, &opts, &mut |_| {}).unwrap();
        assert_eq!(pm.scheme(), Scheme::Plain);
        assert!(prep.dev_accuracy.unwrap() > 0.99);
    }

    #[test]
    fn training_is_reproducible() {
        let data = toy();
        let opts = TrainOptions {
            epochs: 2,
            use_lexicon: false,
            ..TrainOptions::default()
        };
        let (a, _) = train_sentences(&data, None, 2, &opts, &mut |_| {}).unwrap();
        let (b, _) = train_sentences(&data, None, 2, &opts, &mut |_| {}).unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes());
    }

    #[test]
    fn v2_templates_travel_with_the_model() {
        let data = toy();
        let opts = TrainOptions {
            epochs: 3,
            use_lexicon: false,
            prune: 0.0,
            templates: crate::Templates::V2,
            clusters: Some("0\tguards\t7\n1\tGuards\t3\n0\tteller\t5\n".into()),
            ..TrainOptions::default()
        };
        let (m, rep) = train_sentences(&data, Some(&data), 1, &opts, &mut |_| {}).unwrap();
        assert!(rep.dev_accuracy.unwrap() > 0.99);
        assert_eq!(m.lexicon().templates, crate::Templates::V2);
        assert_eq!(m.lexicon().case_priors.len(), 1);
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).unwrap();
        assert_eq!(m2.lexicon(), m.lexicon());
        assert_eq!(m2.to_bytes(), bytes);
        for s in &data {
            assert_eq!(m2.tag(&s.tokens), m.tag(&s.tokens));
        }
        // V2 extracts more features than V1 from the same data.
        let v1 = TrainOptions {
            templates: crate::Templates::V1,
            ..opts.clone()
        };
        let (m1, _) = train_sentences(&data, None, 1, &v1, &mut |_| {}).unwrap();
        assert!(m.num_features() > m1.num_features());
        // A V1 file says nothing of templates (V1 files are unchanged);
        // an unknown template number is refused.
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert!(!text(&m1.to_bytes()).contains("\"templates\""));
        let key = b"\"templates\":2";
        let pos = bytes.windows(key.len()).position(|w| w == key).unwrap();
        let mut bad = bytes.clone();
        bad[pos + "\"templates\":".len()] = b'9';
        let err = Model::from_bytes(&bad).unwrap_err().to_string();
        assert!(err.contains("templates"), "{err}");
    }

    #[test]
    fn stacked_model_trains_round_trips_and_tags_documents() {
        // The toy sentences as documents of four sentences each.
        let mut data = toy();
        for (i, s) in data.iter_mut().enumerate() {
            s.doc = i / 4;
        }
        let opts = TrainOptions {
            epochs: 3,
            use_lexicon: false,
            prune: 0.0,
            stack_folds: 2,
            ..TrainOptions::default()
        };
        let (m, rep) = train_sentences(&data, Some(&data), 2, &opts, &mut |_| {}).unwrap();
        assert!(m.is_stacked());
        assert_eq!(rep.dev_f1, Some(1.0));
        let bytes = m.to_bytes();
        let m2 = Model::from_bytes(&bytes).unwrap();
        assert!(m2.is_stacked());
        assert_eq!(m2.to_bytes(), bytes);
        let doc: Vec<Vec<String>> = data[..4].iter().map(|s| s.tokens.clone()).collect();
        assert_eq!(m2.tag_document(&doc), m.tag_document(&doc));
        for (s, t) in data[..4].iter().zip(m.tag_document(&doc)) {
            assert_eq!(s.column(2).unwrap(), t);
        }
        // The file holds the first stage after the second; a cut one is an
        // error, as is a first stage that is itself stacked.
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut nested = m.clone();
        nested.first.as_mut().unwrap().first = Some(Box::new(m.clone()));
        let err = Model::from_bytes(&nested.to_bytes())
            .unwrap_err()
            .to_string();
        assert!(err.contains("itself stacked"), "{err}");
        // A whole-name stacked model says so in its file and keeps it.
        assert!(!String::from_utf8_lossy(&bytes).contains("stack_mode"));
        let whole = TrainOptions {
            stack_mode: crate::StackMode::Whole,
            ..opts.clone()
        };
        let (mw, _) = train_sentences(&data, None, 2, &whole, &mut |_| {}).unwrap();
        let wb = mw.to_bytes();
        assert!(String::from_utf8_lossy(&wb).contains("\"stack_mode\":1"));
        let mw2 = Model::from_bytes(&wb).unwrap();
        assert_eq!(mw2.stack_mode, crate::StackMode::Whole);
        assert_eq!(mw2.tag_document(&doc), mw.tag_document(&doc));
        let key = b"\"stack_mode\":1";
        let pos = wb.windows(key.len()).position(|w| w == key).unwrap();
        let mut bad = wb.clone();
        bad[pos + key.len() - 1] = b'7';
        let err = Model::from_bytes(&bad).unwrap_err().to_string();
        assert!(err.contains("stack mode"), "{err}");
        // One-stage models do not change.
        let one = TrainOptions {
            stack_folds: 0,
            ..opts.clone()
        };
        let (m1, _) = train_sentences(&data, None, 2, &one, &mut |_| {}).unwrap();
        assert!(!m1.is_stacked());
        assert!(!String::from_utf8_lossy(&m1.to_bytes()).contains("first_stage"));
        // Too few documents, too few folds, or a document window.
        let few = TrainOptions {
            stack_folds: 9,
            ..opts.clone()
        };
        assert!(train_sentences(&data, None, 2, &few, &mut |_| {}).is_err());
        assert!(train_sentences(&toy(), None, 2, &opts, &mut |_| {}).is_err());
        let one_fold = TrainOptions {
            stack_folds: 1,
            ..opts.clone()
        };
        assert!(train_sentences(&data, None, 2, &one_fold, &mut |_| {}).is_err());
        let window = TrainOptions {
            doc_window: 4,
            ..opts.clone()
        };
        assert!(train_sentences(&data, None, 2, &window, &mut |_| {}).is_err());
    }

    #[test]
    fn bad_training_input() {
        let data = toy();
        assert!(train_sentences(&data, None, 0, &TrainOptions::default(), &mut |_| {}).is_err());
        assert!(train_sentences(&data, None, 7, &TrainOptions::default(), &mut |_| {}).is_err());
        assert!(train_sentences(&[], None, 2, &TrainOptions::default(), &mut |_| {}).is_err());
    }
}
