//! Training: an XPOS tagger on the treebank, jackknifed tags for the
//! training words (so the parser learns from tags as good as it will get
//! at run time), lemma and UPOS tables, then the averaged perceptron over
//! the arc-hybrid system with the dynamic oracle and exploration
//! (Goldberg and Nivre 2012, 2013); or, with a beam, the structured
//! perceptron over whole action sequences (global training with
//! max-violation or early updates). Seeded and deterministic.

use crate::analyze::AnalyzerCounts;
use crate::beam::{expand, top_k, Cand};
use crate::conllu::Sentence;
use crate::eval::{score, Scores};
use crate::features::{extract, hash_str, WordInfo};
use crate::model::{Parser, Scratch};
use crate::system::{Action, State};
use crate::weights::TrainWeights;
use crate::{ParseError, Result};
use std::collections::{BTreeSet, HashMap};
use std::time::Instant;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the shuffles and of exploration.
    pub seed: u64,
    /// Averaged weights smaller than this in magnitude are dropped from
    /// the model (1.0 keeps about a quarter of the weights and loses about
    /// 0.1 point of dev LAS; the model is then a fifth of its size and faster).
    pub prune: f32,
    /// From this 0-based epoch on, the parser follows its own (possibly
    /// wrong) prediction with probability `explore` and learns from the
    /// configurations it reaches.
    pub explore_from: usize,
    /// Probability of following the prediction when exploring.
    pub explore: f64,
    /// Folds for jackknifed training tags (0 or 1: gold tags).
    pub jackknife: usize,
    /// Epochs of the XPOS tagger.
    pub tagger_epochs: usize,
    /// The XPOS tagger's feature templates.
    pub tagger_templates: dossier_tagger::Templates,
    /// Word clusters (`BITS<TAB>WORD[<TAB>COUNT]` lines), used by the
    /// parser and its tagger.
    pub clusters: Option<String>,
    /// The feature templates (V1 by default: V2 measured no better on EWT
    /// dev, see ARCHITECTURE.md).
    pub features: crate::features::FeatureSet,
    /// Where to write the best model so far (pruned) after each epoch
    /// that improves it, so that a long run can be stopped early.
    pub checkpoint: Option<std::path::PathBuf>,
    /// Beam width (1: the greedy parser, trained transition by transition
    /// with the dynamic oracle). Wider: global training — the structured
    /// perceptron over whole action sequences with beam search, updated
    /// as `update` says — and a model that decodes with this width.
    pub beam: usize,
    /// Where a beam-trained parser is updated.
    pub update: BeamUpdate,
    /// A model to start from (same relation labels and templates): its
    /// weights are the starting weights (a warm start, e.g. global
    /// training from a greedy model).
    pub init: Option<std::path::PathBuf>,
    /// A file holding the XPOS tagger and the jackknifed training tags:
    /// read when it exists and was made from the same training words,
    /// tags and tagger settings, else computed and written there (the
    /// jackknife is most of a training run's preparation).
    pub tags_cache: Option<std::path::PathBuf>,
}

/// Where global (beam) training updates the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BeamUpdate {
    /// At the step where the gold sequence's score falls furthest below
    /// the beam's best (Huang, Fayong and Guo 2012).
    #[default]
    MaxViolation,
    /// At the first step where no correct configuration is left in the
    /// beam (Collins and Roark 2004), or at the end.
    Early,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 15,
            seed: 42,
            prune: 1.0,
            explore_from: 1,
            explore: 0.9,
            jackknife: 10,
            tagger_epochs: 12,
            tagger_templates: dossier_tagger::Templates::V1,
            clusters: None,
            features: crate::features::FeatureSet::V1,
            checkpoint: None,
            beam: 1,
            update: BeamUpdate::MaxViolation,
            init: None,
            tags_cache: None,
        }
    }
}

/// What training reports as it goes.
#[derive(Debug, Clone)]
pub enum Progress {
    /// A step of preparation (tagger, jackknife fold…).
    Step(String),
    /// An epoch of the parser ended.
    Epoch {
        /// 1-based epoch.
        epoch: usize,
        /// Planned epochs.
        epochs: usize,
        /// Share of training transitions the model got wrong (greedy), or
        /// of training sentences that made an update (beam).
        error_rate: f64,
        /// Dev scores of the averaged model, if a dev set was given.
        dev: Option<Scores>,
        /// Seconds since training began.
        elapsed_s: f64,
    },
}

/// A summary of a finished training run.
#[derive(Debug, Clone)]
pub struct TrainReport {
    /// The epoch kept (best dev LAS, else the last).
    pub best_epoch: usize,
    /// Its dev scores.
    pub dev: Option<Scores>,
    /// Training sentences and words.
    pub sentences: usize,
    /// Training words.
    pub words: usize,
    /// Sentences whose tree is not projective (trained with the dynamic
    /// oracle's best-effort costs).
    pub nonprojective: usize,
    /// Feature rows and weights in the model.
    pub features: usize,
    /// Non-zero weights.
    pub weights: usize,
    /// Seconds spent.
    pub seconds: f64,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

fn tagger_sentences(s: &[&Sentence]) -> Vec<dossier_tagger::Sentence> {
    s.iter().map(|s| s.tagger_sentence()).collect()
}

fn train_tagger(train: &[&Sentence], opts: &TrainOptions) -> Result<dossier_tagger::Model> {
    let topts = dossier_tagger::TrainOptions {
        epochs: opts.tagger_epochs,
        seed: opts.seed,
        prune: 0.1,
        clusters: opts.clusters.clone(),
        templates: opts.tagger_templates,
        ..dossier_tagger::TrainOptions::default()
    };
    let (m, _) =
        dossier_tagger::train_sentences(&tagger_sentences(train), None, 1, &topts, &mut |_| {})
            .map_err(|e| ParseError::Train(format!("tagger: {e}")))?;
    Ok(m)
}

/// One training example: words, tags, gold heads (root = n) and labels.
struct Example {
    forms: Vec<String>,
    tags: Vec<String>,
    heads: Vec<u32>,
    labels: Vec<u8>,
}

/// Trains a parser on CoNLL-U sentences; with `dev`, the epoch whose
/// averaged model has the best dev LAS (with predicted tags) is kept.
pub fn train(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    opts: &TrainOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Parser, TrainReport)> {
    let start = Instant::now();
    let usable: Vec<&Sentence> = train
        .iter()
        .filter(|s| !s.words.is_empty() && s.heads().is_some())
        .collect();
    if usable.is_empty() {
        return Err(ParseError::Train("no training sentence with heads".into()));
    }
    let labels = relation_labels(&usable)?;
    let label_id: HashMap<&str, u8> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u8))
        .collect();
    let root = label_id["root"];
    // Lemma and UPOS tables from gold.
    let mut counts = AnalyzerCounts::default();
    for s in &usable {
        for w in &s.words {
            counts.add(w.form(), w.xpos(), w.lemma(), w.upos(), w.deprel());
        }
    }
    let analyzer = counts.build();
    let (tagger, tags) = training_tags(&usable, opts, progress)?;
    let clusters = cluster_ids(opts)?;
    let mut examples = examples(&usable, tags, &label_id);
    let nonprojective = examples
        .iter()
        .filter(|e| !crate::system::is_projective(&e.heads))
        .count();
    let beam = opts.beam.clamp(1, crate::model::MAX_BEAM);
    if beam > 1 {
        make_reachable(&mut examples, &label_id, root);
    }
    let mut parser = Parser {
        labels,
        root,
        weights: Default::default(),
        analyzer,
        clusters,
        tagger,
        features: opts.features,
        beam,
    };
    let dev_tags: Option<Vec<Vec<String>>> =
        dev.map(|d| d.iter().map(|s| parser.tagger.tag(&s.forms())).collect());
    let nl = parser.labels.len();
    let mut weights = initial_weights(opts, &parser)?;
    let mut bt = BeamTrain::default();
    let mut rng = Rng(opts.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut best: Option<(f64, usize, crate::weights::Frozen, Option<Scores>)> = None;
    let mut greedy = Greedy::new(1 + 2 * nl);
    for epoch in 0..opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut wrong, mut total) = (0usize, 0usize);
        for &i in &order {
            let ex = &examples[i];
            if beam > 1 {
                parser.word_infos(&ex.forms, &ex.tags, &mut greedy.infos);
                total += 1;
                let g = Global {
                    ex,
                    words: &greedy.infos,
                    features: opts.features,
                    labels: nl,
                    root,
                    width: beam,
                    update: opts.update,
                };
                wrong += usize::from(g.train(&mut weights, &mut bt));
                continue;
            }
            let explore = epoch >= opts.explore_from;
            let (w, t) = greedy.train(&parser, ex, opts, &mut weights, &mut rng, explore);
            wrong += w;
            total += t;
        }
        let frozen = weights.average(0.0);
        parser.weights = frozen;
        let dev_scores = match (dev, &dev_tags) {
            (Some(d), Some(t)) => Some(evaluate_tagged(&parser, d, t)?),
            _ => None,
        };
        progress(Progress::Epoch {
            epoch: epoch + 1,
            epochs: opts.epochs,
            error_rate: wrong as f64 / total.max(1) as f64,
            dev: dev_scores,
            elapsed_s: start.elapsed().as_secs_f64(),
        });
        let key = dev_scores.map(|s| s.las()).unwrap_or(epoch as f64);
        if best.as_ref().is_none_or(|b| key > b.0) {
            if let Some(path) = &opts.checkpoint {
                parser.pruned(opts.prune).save(path)?;
            }
            best = Some((
                key,
                epoch + 1,
                std::mem::take(&mut parser.weights),
                dev_scores,
            ));
        }
    }
    let (_, best_epoch, kept, dev_scores) = best.expect("at least one epoch");
    parser.weights = kept.pruned(opts.prune);
    let (features, nweights) = parser.size();
    Ok((
        parser,
        TrainReport {
            best_epoch,
            dev: dev_scores,
            sentences: examples.len(),
            words: examples.iter().map(|e| e.forms.len()).sum(),
            nonprojective,
            features,
            weights: nweights,
            seconds: start.elapsed().as_secs_f64(),
        },
    ))
}

/// The relation labels of the training sentences, sorted (`root` among
/// them, at most 127).
fn relation_labels(usable: &[&Sentence]) -> Result<Vec<String>> {
    let set: BTreeSet<&str> = usable
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel()))
        .collect();
    if !set.contains("root") {
        return Err(ParseError::Train(
            "no `root` relation in the training data".into(),
        ));
    }
    if set.len() > 127 {
        return Err(ParseError::Train(format!(
            "{} relations (at most 127)",
            set.len()
        )));
    }
    Ok(set.iter().map(|s| s.to_string()).collect())
}

/// The XPOS tagger and the training sentences' jackknifed tags, from the
/// cache when it holds them for this data and these options.
fn training_tags(
    usable: &[&Sentence],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(dossier_tagger::Model, Vec<Vec<String>>)> {
    let fingerprint = tags_fingerprint(usable, opts);
    let cached = opts
        .tags_cache
        .as_deref()
        .and_then(|p| read_tags_cache(p, fingerprint, usable));
    Ok(match cached {
        Some(c) => {
            progress(Progress::Step(
                "XPOS tagger and training tags from the cache".into(),
            ));
            c
        }
        None => {
            let (tagger, tags) = tag_training(usable, opts, progress)?;
            if let Some(p) = &opts.tags_cache {
                write_tags_cache(p, fingerprint, &tagger, &tags)?;
            }
            (tagger, tags)
        }
    })
}

/// The word clusters of `opts.clusters` by word hash (empty without).
fn cluster_ids(opts: &TrainOptions) -> Result<crate::weights::HashKeyMap<(u32, u8)>> {
    let mut clusters = crate::weights::HashKeyMap::default();

    if let Some(text) = &opts.clusters {
        let mut lex = dossier_tagger::Lexicon::new();
        lex.add_clusters(text).map_err(ParseError::Train)?;
        for line in text.lines() {
            let mut it = line.split('\t');
            if let (Some(_), Some(word)) = (it.next(), it.next()) {
                if let Some(c) = lex.cluster(word) {
                    clusters.insert(crate::features::hash_str(word), c);
                }
            }
        }
    }
    Ok(clusters)
}

/// The training examples: each sentence's words, tags, gold heads (root =
/// n) and label ids.
fn examples(
    usable: &[&Sentence],
    tags: Vec<Vec<String>>,
    label_id: &HashMap<&str, u8>,
) -> Vec<Example> {
    usable
        .iter()
        .zip(tags)
        .map(|(s, tags)| {
            let n = s.words.len() as u32;
            Example {
                forms: s.words.iter().map(|w| w.form().to_string()).collect(),
                tags,
                heads: s
                    .heads()
                    .expect("filtered")
                    .into_iter()
                    .map(|h| h.map(|h| h as u32).unwrap_or(n))
                    .collect(),
                labels: s.words.iter().map(|w| label_id[w.deprel()]).collect(),
            }
        })
        .collect()
}

/// Global training needs a correct action sequence: a tree the system
/// cannot build is replaced by the one the dynamic oracle reaches
/// (projective, as close as its costs go).
fn make_reachable(examples: &mut [Example], label_id: &HashMap<&str, u8>, root: u8) {
    let fallback = label_id
        .get("dep")
        .copied()
        .unwrap_or(if root == 0 { 1 } else { 0 });
    for ex in examples {
        if !crate::system::is_projective(&ex.heads) {
            (ex.heads, ex.labels) = oracle_tree(&ex.heads, &ex.labels, root, fallback);
        }
    }
}

/// The weights training starts from: none, or those of `opts.init` (whose
/// labels and templates must be this training's).
fn initial_weights(opts: &TrainOptions, parser: &Parser) -> Result<TrainWeights> {
    Ok(match &opts.init {
        None => TrainWeights::default(),
        Some(p) => {
            let m = Parser::load(p)?;
            if m.labels != parser.labels || m.features != parser.features {
                return Err(ParseError::Train(format!(
                    "{}: other relation labels or templates than this training's",
                    p.display()
                )));
            }
            TrainWeights::from_frozen(&m.weights)
        }
    })
}

/// Greedy training with the dynamic oracle, and its buffers.
struct Greedy {
    feats: Vec<u64>,
    infos: Vec<WordInfo>,
    scores: Vec<f32>,
    state: State,
    /// Number of action classes (shift and each label's two arcs).
    classes: usize,
}

impl Greedy {
    fn new(classes: usize) -> Greedy {
        Greedy {
            feats: Vec::new(),
            infos: Vec::new(),
            scores: vec![0.0f32; classes],
            state: State::new(1),
            classes,
        }
    }

    /// Parses one example, updating the weights at each wrong action (one
    /// costlier than the cheapest); follows a wrong one too, when
    /// `explore`, with probability `opts.explore`. Returns the wrong and
    /// all actions.
    fn train(
        &mut self,
        parser: &Parser,
        ex: &Example,
        opts: &TrainOptions,
        weights: &mut TrainWeights,
        rng: &mut Rng,
        explore: bool,
    ) -> (usize, usize) {
        let (nl, root, classes) = (parser.labels.len(), parser.root, self.classes);
        let Greedy {
            feats,
            infos,
            scores,
            state,
            ..
        } = self;
        let (mut wrong, mut total) = (0usize, 0usize);
        let n = ex.forms.len();
        state.reset(n);
        parser.word_infos(&ex.forms, &ex.tags, infos);
        while !state.is_terminal() {
            extract(state, infos, opts.features, feats);
            weights.score(feats, scores);
            let c3 = state.costs(&ex.heads);
            let cost = |a: Action| labeled_cost(state, &c3, &ex.heads, &ex.labels, a);
            let pred = parser.best_valid(state, scores);
            // The best-scoring among the cheapest valid actions.
            let mut min = u32::MAX;
            let mut gold = Action::Shift;
            let mut gold_score = f32::NEG_INFINITY;
            for (c, &score) in scores.iter().enumerate().take(classes) {
                let a = Action::from_class(c, nl);
                if !state.is_valid(a, root) {
                    continue;
                }
                let Some(k) = cost(a) else { continue };
                if k < min || (k == min && score > gold_score) {
                    min = k;
                    gold = a;
                    gold_score = score;
                }
            }
            total += 1;
            let pred_cost = cost(pred).unwrap_or(u32::MAX);
            if pred_cost > min {
                wrong += 1;
                weights.update(feats, gold.class(nl), pred.class(nl));
            }
            // A right prediction is followed; a wrong one too, while
            // exploring, with probability `explore`.
            let follow = pred_cost == min || (explore && rng.unit() < opts.explore);
            let next = if follow { pred } else { gold };
            state.apply(next);
        }
        (wrong, total)
    }
}

/// The dynamic oracle's cost of a labeled action, from the costs of the
/// unlabeled moves `c3`: a wrong label on a gold arc costs one more.
fn labeled_cost(
    s: &State,
    c3: &[Option<u32>; 3],
    heads: &[u32],
    labels: &[u8],
    a: Action,
) -> Option<u32> {
    let s0 = s.s(0);
    match a {
        Action::Shift => c3[0],
        Action::Left(l) => {
            c3[1].map(|c| c + (heads[s0 as usize] == s.b && labels[s0 as usize] != l) as u32)
        }
        Action::Right(l) => {
            c3[2].map(|c| c + (heads[s0 as usize] == s.s(1) && labels[s0 as usize] != l) as u32)
        }
    }
}

/// The tree the dynamic oracle builds for a gold tree (the gold tree
/// itself when it is projective): the cheapest move at every step, an arc
/// before a shift on a tie, with the gold label (`fallback` where the gold
/// one is `root` away from the root).
fn oracle_tree(heads: &[u32], labels: &[u8], root: u8, fallback: u8) -> (Vec<u32>, Vec<u8>) {
    let n = heads.len();
    let mut s = State::new(n);
    while !s.is_terminal() {
        let c3 = s.costs(heads);
        let mut best: Option<(u32, usize)> = None;
        for k in [1, 2, 0] {
            if let Some(c) = c3[k] {
                if best.is_none_or(|b| c < b.0) {
                    best = Some((c, k));
                }
            }
        }
        let label = |s0: u32| {
            let l = labels[s0 as usize];
            if l == root {
                fallback
            } else {
                l
            }
        };
        let a = match best {
            Some((_, 0)) => Action::Shift,
            Some((_, 1)) if s.b as usize == n => Action::Left(root),
            Some((_, 1)) => Action::Left(label(s.s(0))),
            Some(_) => Action::Right(label(s.s(0))),
            None => break,
        };
        s.apply(a);
    }
    (s.heads[..n].to_vec(), s.labels[..n].to_vec())
}

/// Buffers of global training.
#[derive(Debug, Default)]
struct BeamTrain {
    items: Vec<State>,
    next: Vec<State>,
    /// The beam after each step: `hist[t]` holds the items after `t`
    /// actions, best first, each pointing at its parent in `hist[t - 1]`.
    hist: Vec<Vec<Cand>>,
    cands: Vec<Cand>,
    gold: Option<State>,
    gold_actions: Vec<u16>,
    violating_gold: Vec<u16>,
    pred: Vec<u16>,
    replay: Option<State>,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

/// The action classes that lead to item `j` of `hist[t]`.
fn chain(hist: &[Vec<Cand>], t: usize, j: usize, out: &mut Vec<u16>) {
    out.clear();
    let (mut t, mut j) = (t, j);
    while t > 0 {
        let c = hist[t][j];
        out.push(c.class);
        j = c.parent as usize;
        t -= 1;
    }
    out.reverse();
}

/// One sentence of global training.
struct Global<'a> {
    ex: &'a Example,
    words: &'a [WordInfo],
    features: crate::features::FeatureSet,
    labels: usize,
    root: u8,
    width: usize,
    update: BeamUpdate,
}

impl Global<'_> {
    /// Beam search under the current weights beside the gold sequence (the
    /// best-scoring correct item of the beam, or once none is left, the
    /// last one continued by its best-scoring correct actions: the
    /// correct sequences are all those the dynamic oracle gives no cost);
    /// if the beam's best parse is wrong, the structured-perceptron update
    /// at the chosen step: the gold prefix's features up, the best
    /// item's down. The averaging clock moves once per sentence. Returns
    /// whether the weights changed.
    fn train(&self, weights: &mut TrainWeights, b: &mut BeamTrain) -> bool {
        let ex = self.ex;
        let n = ex.forms.len();
        let (nl, root) = (self.labels, self.root);
        weights.tick();
        while b.items.len() < self.width {
            b.items.push(State::new(n));
        }
        while b.next.len() < self.width {
            b.next.push(State::new(n));
        }
        while b.hist.len() < 2 * n + 1 {
            b.hist.push(Vec::new());
        }
        b.scores.resize(1 + 2 * nl, 0.0);
        b.items[0].reset(n);
        b.hist[0].clear();
        b.hist[0].push(Cand {
            score: 0.0,
            parent: 0,
            class: 0,
            cost: 0,
        });
        let gold = b.gold.get_or_insert_with(|| State::new(n));
        gold.reset(n);
        b.gold_actions.clear();
        let mut gold_score = 0.0f32;
        // (violation, step, item) of the update so far.
        let mut at: Option<(f32, usize, usize)> = None;
        let mut active = 1;
        for t in 0..2 * n {
            b.cands.clear();
            for i in 0..active {
                let st = &b.items[i];
                extract(st, self.words, self.features, &mut b.feats);
                weights.score(&b.feats, &mut b.scores);
                let c3 = st.costs(&ex.heads);
                let base = b.hist[t][i];
                expand(
                    st,
                    nl,
                    root,
                    &b.scores,
                    base.score,
                    i as u32,
                    |a| labeled_cost(st, &c3, &ex.heads, &ex.labels, a).map(|c| c + base.cost),
                    &mut b.cands,
                );
            }
            if b.cands.is_empty() {
                return false;
            }
            top_k(&mut b.cands, self.width);
            for (j, c) in b.cands.iter().enumerate() {
                b.next[j].copy_from(&b.items[c.parent as usize]);
                b.next[j].apply(Action::from_class(c.class as usize, nl));
            }
            active = b.cands.len();
            std::mem::swap(&mut b.items, &mut b.next);
            b.hist[t + 1].clear();
            b.hist[t + 1].extend_from_slice(&b.cands);
            let gold = b.gold.as_mut().expect("set above");
            let in_beam = b.cands.iter().position(|c| c.cost == 0);
            match in_beam {
                Some(j) => {
                    chain(&b.hist, t + 1, j, &mut b.gold_actions);
                    gold.copy_from(&b.items[j]);
                    gold_score = b.cands[j].score;
                }
                None => {
                    extract(gold, self.words, self.features, &mut b.feats);
                    weights.score(&b.feats, &mut b.scores);
                    let c3 = gold.costs(&ex.heads);
                    let mut next = Vec::new();
                    expand(
                        gold,
                        nl,
                        root,
                        &b.scores,
                        gold_score,
                        0,
                        |a| labeled_cost(gold, &c3, &ex.heads, &ex.labels, a).filter(|&c| c == 0),
                        &mut next,
                    );
                    top_k(&mut next, 1);
                    let Some(g) = next.first() else {
                        return false;
                    };
                    gold_score = g.score;
                    gold.apply(Action::from_class(g.class as usize, nl));
                    b.gold_actions.push(g.class);
                }
            }
            let top = b.cands[0];
            if top.cost > 0 {
                let v = top.score - gold_score;
                let take = match self.update {
                    BeamUpdate::MaxViolation => v >= 0.0 && at.is_none_or(|a| v > a.0),
                    BeamUpdate::Early => in_beam.is_none() || t + 1 == 2 * n,
                };
                if take {
                    at = Some((v, t + 1, 0));
                    b.violating_gold.clone_from(&b.gold_actions);
                }
                if self.update == BeamUpdate::Early && in_beam.is_none() {
                    break;
                }
            }
        }
        // No update when the beam's best parse is right.
        let wrong_end = match self.update {
            BeamUpdate::MaxViolation => b.hist[2 * n].first().is_some_and(|c| c.cost > 0),
            BeamUpdate::Early => true,
        };
        let Some((_, t, j)) = at.filter(|_| wrong_end) else {
            return false;
        };
        chain(&b.hist, t, j, &mut b.pred);
        let common = b
            .pred
            .iter()
            .zip(&b.violating_gold)
            .take_while(|(a, g)| a == g)
            .count();
        let replay = b.replay.get_or_insert_with(|| State::new(n));
        for (seq, delta) in [(&b.violating_gold, 1.0f32), (&b.pred, -1.0)] {
            replay.reset(n);
            for (k, &c) in seq.iter().enumerate() {
                if k >= common {
                    extract(replay, self.words, self.features, &mut b.feats);
                    weights.add(&b.feats, c as usize, delta);
                }
                replay.apply(Action::from_class(c as usize, nl));
            }
        }
        true
    }
}

/// A fingerprint of what the tagger and the jackknifed tags depend on.
fn tags_fingerprint(usable: &[&Sentence], opts: &TrainOptions) -> u64 {
    let mut h = hash_str(&format!(
        "{} {} {} {:?} {}",
        opts.seed,
        opts.jackknife,
        opts.tagger_epochs,
        opts.tagger_templates,
        usable.len()
    ));
    let mut add = |s: &str| h = (h ^ hash_str(s)).wrapping_mul(0x0000_0100_0000_01b3);
    add(opts.clusters.as_deref().unwrap_or(""));
    for s in usable {
        for w in &s.words {
            add(w.form());
            add(w.xpos());
        }
    }
    h
}

const TAGS_MAGIC: &[u8; 8] = b"DPTAGS01";

/// The cached tagger and tags, if `path` holds a cache with `fingerprint`
/// for the sentences `usable` (anything else — no file, another
/// fingerprint, damage — is `None`: the tags are computed again).
fn read_tags_cache(
    path: &std::path::Path,
    fingerprint: u64,
    usable: &[&Sentence],
) -> Option<(dossier_tagger::Model, Vec<Vec<String>>)> {
    let sentences = usable.len();
    let b = std::fs::read(path).ok()?;
    let mut at = 0usize;
    fn take<'a>(b: &'a [u8], at: &mut usize, n: usize) -> Option<&'a [u8]> {
        let s = b.get(*at..at.checked_add(n)?)?;
        *at += n;
        Some(s)
    }
    fn num(b: &[u8], at: &mut usize) -> Option<usize> {
        let s = take(b, at, 8)?;
        usize::try_from(u64::from_le_bytes(s.try_into().ok()?)).ok()
    }
    if take(&b, &mut at, 8)? != TAGS_MAGIC {
        return None;
    }
    let f = take(&b, &mut at, 8)?;
    if u64::from_le_bytes(f.try_into().ok()?) != fingerprint {
        return None;
    }
    let tl = num(&b, &mut at)?;
    let tagger = dossier_tagger::Model::from_bytes(take(&b, &mut at, tl)?).ok()?;
    if num(&b, &mut at)? != sentences {
        return None;
    }
    let mut tags = Vec::with_capacity(sentences);
    for _ in 0..sentences {
        let len = num(&b, &mut at)?;
        let line = std::str::from_utf8(take(&b, &mut at, len)?).ok()?;
        let t: Vec<String> = line.split(' ').map(str::to_string).collect();
        if t.len() != usable[tags.len()].words.len() {
            return None;
        }
        tags.push(t);
    }
    (at == b.len()).then_some((tagger, tags))
}

fn write_tags_cache(
    path: &std::path::Path,
    fingerprint: u64,
    tagger: &dossier_tagger::Model,
    tags: &[Vec<String>],
) -> Result<()> {
    let mut b = TAGS_MAGIC.to_vec();
    b.extend_from_slice(&fingerprint.to_le_bytes());
    let t = tagger.to_bytes();
    b.extend_from_slice(&(t.len() as u64).to_le_bytes());
    b.extend_from_slice(&t);
    b.extend_from_slice(&(tags.len() as u64).to_le_bytes());
    for s in tags {
        let line = s.join(" ");
        b.extend_from_slice(&(line.len() as u64).to_le_bytes());
        b.extend_from_slice(line.as_bytes());
    }
    std::fs::write(path, b).map_err(|e| ParseError::Io {
        path: path.display().to_string(),
        source: e,
    })
}

/// Trains the XPOS tagger on every training sentence and tags the
/// training words with jackknifed taggers (gold tags without folds).
fn tag_training(
    usable: &[&Sentence],
    opts: &TrainOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<(dossier_tagger::Model, Vec<Vec<String>>)> {
    progress(Progress::Step("training the XPOS tagger".into()));
    let tagger = train_tagger(usable, opts)?;
    let mut tags: Vec<Vec<String>> = usable
        .iter()
        .map(|s| s.words.iter().map(|w| w.xpos().to_string()).collect())
        .collect();
    if opts.jackknife > 1 {
        let k = opts.jackknife;
        for fold in 0..k {
            progress(Progress::Step(format!("jackknife fold {}/{k}", fold + 1)));
            let rest: Vec<&Sentence> = usable
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k != fold)
                .map(|(_, s)| *s)
                .collect();
            let m = train_tagger(&rest, opts)?;
            for (i, s) in usable.iter().enumerate() {
                if i % k == fold {
                    tags[i] = m.tag(&s.forms());
                }
            }
        }
    }
    Ok((tagger, tags))
}

/// Parses `sentences` with the given tags and scores them against their
/// own heads.
fn evaluate_tagged(parser: &Parser, gold: &[Sentence], tags: &[Vec<String>]) -> Result<Scores> {
    let mut scratch = Scratch::default();
    let mut sys = gold.to_vec();
    for (s, t) in sys.iter_mut().zip(tags) {
        let forms = s.forms().iter().map(|f| f.to_string()).collect::<Vec<_>>();
        let a = parser.analyze_tagged(&forms, t.clone(), &mut scratch);
        crate::set_analysis(s, &a);
    }
    score(&sys, gold)
}
