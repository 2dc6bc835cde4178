//! Training: an XPOS tagger on the treebank, jackknifed tags for the
//! training words (so the parser learns from tags as good as it will get
//! at run time), lemma and UPOS tables, then the averaged perceptron over
//! the arc-hybrid system with the dynamic oracle and exploration
//! (Goldberg and Nivre 2012, 2013). Seeded and deterministic.

use crate::analyze::AnalyzerCounts;
use crate::conllu::Sentence;
use crate::eval::{score, Scores};
use crate::features::extract;
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
        /// Share of training transitions the model got wrong.
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
    // Labels.
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
    let labels: Vec<String> = set.iter().map(|s| s.to_string()).collect();
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
    // Tagger and jackknifed tags.
    progress(Progress::Step("training the XPOS tagger".into()));
    let tagger = train_tagger(&usable, opts)?;
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
    let mut clusters = HashMap::new();
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
    let examples: Vec<Example> = usable
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
        .collect();
    let nonprojective = examples
        .iter()
        .filter(|e| !crate::system::is_projective(&e.heads))
        .count();
    let mut parser = Parser {
        labels,
        root,
        weights: Default::default(),
        analyzer,
        clusters,
        tagger,
        features: opts.features,
    };
    let dev_tags: Option<Vec<Vec<String>>> =
        dev.map(|d| d.iter().map(|s| parser.tagger.tag(&s.forms())).collect());
    let nl = parser.labels.len();
    let classes = 1 + 2 * nl;
    let mut weights = TrainWeights::default();
    let mut rng = Rng(opts.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut best: Option<(f64, usize, crate::weights::Frozen, Option<Scores>)> = None;
    let mut feats = Vec::new();
    let mut infos = Vec::new();
    let mut scores = vec![0.0f32; classes];
    let mut state = State::new(1);
    for epoch in 0..opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut wrong, mut total) = (0usize, 0usize);
        for &i in &order {
            let ex = &examples[i];
            let n = ex.forms.len();
            state.reset(n);
            parser.word_infos(&ex.forms, &ex.tags, &mut infos);
            while !state.is_terminal() {
                extract(&state, &infos, opts.features, &mut feats);
                weights.score(&feats, &mut scores);
                let c3 = state.costs(&ex.heads);
                let s0 = state.s(0);
                let cost = |a: Action| -> Option<u32> {
                    match a {
                        Action::Shift => c3[0],
                        Action::Left(l) => c3[1].map(|c| {
                            c + (ex.heads[s0 as usize] == state.b && ex.labels[s0 as usize] != l)
                                as u32
                        }),
                        Action::Right(l) => c3[2].map(|c| {
                            c + (ex.heads[s0 as usize] == state.s(1) && ex.labels[s0 as usize] != l)
                                as u32
                        }),
                    }
                };
                let pred = parser.best_valid(&state, &scores);
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
                    weights.update(&feats, gold.class(nl), pred.class(nl));
                }
                // A right prediction is followed; a wrong one too, while
                // exploring, with probability `explore`.
                let follow =
                    pred_cost == min || (epoch >= opts.explore_from && rng.unit() < opts.explore);
                let next = if follow { pred } else { gold };
                state.apply(next);
            }
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
