//! `dossier train extract`: runs the pipeline over a corpus's training
//! split in stages and trains the extraction model (`dossier-learn`) on
//! the keyed documents: the typing model on the documents as they are
//! where `learned_types` stands in the pipeline, then — with typing
//! applied — the relation model where `learned_relations` stands.
//! `--cross-validate K` instead scores K models, each trained on all
//! articles but one fold's and run on that fold (training split only, so
//! the dev split stays unseen while choosing settings).

use crate::eval_extract::{collect, Keyed as KeyedFile};
use crate::process;
use crate::PipelineArg;
use anyhow::{bail, Context, Result};
use dossier_doc::interchange::Interchange;
use dossier_doc::Doc;
use dossier_eval::Report;
use dossier_learn::{gold::GoldKey, Keyed, Model};
use dossier_pipeline::{builtin, Pipeline};
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Folds for typing the documents the relation model learns from.
const FOLDS: usize = 5;

/// Training settings.
pub struct Settings {
    /// Passes over the examples.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Shuffled runs averaged into each model (seeds `seed`, `seed + 1`, …).
    pub runs: usize,
    /// Score above which a relation is added.
    pub threshold: f32,
    /// How far `none` must outscore every type for an entity to be dropped.
    pub drop_margin: f32,
    /// How far another type must outscore the recognizer's to retype an entity.
    pub retype_margin: f32,
    /// Score above which the best candidate becomes an attack's agent.
    pub agent_threshold: f32,
    /// Score above which a sentence's event type becomes an event.
    pub event_threshold: f32,
    /// Cross-validate with this many folds instead of writing a model.
    pub cross_validate: Option<usize>,
    /// With `cross_validate`: print each held-out document's misses.
    pub explain: bool,
    /// With `cross_validate`: print each held-out document's missed and
    /// false relations with their causes ([`dossier_learn::diagnose`]).
    pub explain_relations: bool,
}

impl Settings {
    /// How each model is trained: epochs, seed and runs averaged.
    fn schedule(&self) -> dossier_learn::Schedule {
        dossier_learn::Schedule {
            epochs: self.epochs,
            seed: self.seed,
            runs: self.runs,
        }
    }
}

/// The pipeline cut where the learned components stand (positions in the
/// pipeline without them).
struct Staged {
    pipeline: Pipeline,
    /// Where `learned_types` stood (components before it run first).
    types_at: Option<usize>,
    /// Where `learned_events` stood (right before `learned_agents`).
    events_at: Option<usize>,
    /// Where `learned_agents` stood.
    agents_at: Option<usize>,
    /// Where `learned_relations` stood.
    relations_at: Option<usize>,
    /// Components in all.
    len: usize,
}

impl Staged {
    fn new(arg: &PipelineArg) -> Result<Staged> {
        let mut config = process::config(arg)?;
        let pos = |c: &Vec<String>, n: &str| c.iter().position(|x| x == n);
        let mut take = |name: &str| {
            let at = pos(&config.components, name);
            if let Some(i) = at {
                config.components.remove(i);
            }
            at
        };
        let types_at = take("learned_types");
        let events_at = take("learned_events");
        let agents_at = take("learned_agents");
        let relations_at = take("learned_relations");
        if types_at.is_none()
            && events_at.is_none()
            && agents_at.is_none()
            && relations_at.is_none()
        {
            bail!("the pipeline has no learned_types, learned_events, learned_agents or learned_relations: nothing to train (the default pipeline has all four)");
        }
        if events_at.is_some() && agents_at.is_some() && events_at != agents_at {
            bail!("learned_events must come right before learned_agents");
        }
        // Each position is counted with the learned components before it
        // already removed, so in the right order they are positions in the
        // pipeline without any of them.
        let order = [types_at, events_at.or(agents_at), relations_at];
        let known: Vec<usize> = order.iter().flatten().copied().collect();
        if known.windows(2).any(|w| w[0] > w[1]) {
            bail!("the learned components must come in the order learned_types, learned_events, learned_agents, learned_relations");
        }
        config.options.retain(|k, _| config.components.contains(k));
        let len = config.components.len();
        let pipeline =
            Pipeline::build(&config, &builtin::registry()).context("cannot build the pipeline")?;
        Ok(Staged {
            pipeline,
            types_at,
            events_at,
            agents_at,
            relations_at,
            len,
        })
    }

    /// Where the first stage ends (typing is applied there).
    fn first(&self) -> usize {
        self.types_at
            .or(self.events_at)
            .or(self.agents_at)
            .or(self.relations_at)
            .unwrap_or(self.len)
    }

    /// Where the second stage ends (agents are chosen there).
    fn second(&self) -> usize {
        self.agents_at
            .or(self.events_at)
            .or(self.relations_at)
            .unwrap_or(self.len)
    }

    /// Where the third stage ends (relations are decided there).
    fn third(&self) -> usize {
        self.relations_at.unwrap_or(self.len)
    }
}

fn bar(len: usize, what: &str) -> ProgressBar {
    if std::io::stderr().is_terminal() && !crate::output::quiet() {
        let bar = ProgressBar::new(len as u64);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{what} [{{elapsed_precise}}] {{bar:40}} {{pos}}/{{len}} {{wide_msg}}"
            ))
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    }
}

/// Trains a model on `docs` (processed through the first stage) and
/// `keys`; returns it and the documents processed through the second stage
/// with typing applied.
fn train_model(
    staged: &Staged,
    docs: &[Doc],
    keys: &[&GoldKey],
    settings: &Settings,
    verbose: bool,
) -> Result<Model> {
    let mut model = Model {
        threshold: settings.threshold,
        drop_margin: settings.drop_margin,
        retype_margin: settings.retype_margin,
        agent_threshold: settings.agent_threshold,
        event_threshold: settings.event_threshold,
        ..Model::default()
    };
    fn keyed<'a>(ds: &'a [Doc], keys: &[&'a GoldKey]) -> Vec<Keyed<'a>> {
        ds.iter()
            .zip(keys)
            .map(|(doc, key)| Keyed { doc, key })
            .collect()
    }
    if staged.types_at.is_some() {
        let (w, st) = dossier_learn::train_types(&keyed(docs, keys), &settings.schedule());
        if verbose {
            info!(
                "types: {} entities ({} keyed, {} not), {} features with a weight",
                st.candidates,
                st.positives,
                st.candidates - st.positives,
                st.features
            );
        }
        model.types = w;
    }
    if staged.relations_at.is_some() || staged.agents_at.is_some() || staged.events_at.is_some() {
        // Each document is typed by a model trained without it (five
        // folds), so the relation model learns from typing as good as it
        // will be on unseen documents, not better.
        let mut typed: Vec<Doc> = docs.to_vec();
        if staged.types_at.is_some() {
            for k in 0..FOLDS {
                let train: Vec<Keyed<'_>> = keyed(docs, keys)
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| i % FOLDS != k)
                    .map(|(_, d)| d)
                    .collect();
                let (w, _) = dossier_learn::train_types(&train, &settings.schedule());
                let fold = Model {
                    types: w,
                    ..model.clone()
                };
                for (i, doc) in typed.iter_mut().enumerate() {
                    if i % FOLDS == k {
                        fold.apply_types(doc);
                    }
                }
            }
        }
        for doc in typed.iter_mut() {
            staged
                .pipeline
                .run_range(doc, staged.first()..staged.second())
                .with_context(|| format!("{}: extraction failed", doc.meta.id))?;
        }
        if staged.events_at.is_some() {
            let (w, roles, triggers, st) =
                dossier_learn::train_events(&keyed(&typed, keys), &settings.schedule());
            if verbose {
                info!(
                    "events: {} sentences, {} (sentence, type) answers, {} features with a weight; roles: {} features",
                    st.candidates,
                    st.positives,
                    st.features,
                    roles.len()
                );
            }
            model.events = w;
            model.roles = roles;
            model.triggers = triggers;
            for doc in typed.iter_mut() {
                model.apply_events(doc);
            }
        }
        if staged.agents_at.is_some() {
            let (w, st) = dossier_learn::train_agents(&keyed(&typed, keys), &settings.schedule());
            if verbose {
                info!(
                    "agents: {} candidates of agentless attacks with a keyed event, {} its agents, {} features with a weight",
                    st.candidates, st.positives, st.features
                );
            }
            model.agents = w;
        }
        for doc in typed.iter_mut() {
            model.apply_agents(doc);
            staged
                .pipeline
                .run_range(doc, staged.second()..staged.third())
                .with_context(|| format!("{}: extraction failed", doc.meta.id))?;
        }
        if staged.relations_at.is_some() {
            let (w, st) =
                dossier_learn::train_relations(&keyed(&typed, keys), &settings.schedule());
            if verbose {
                info!(
                    "relations: {} of {} keyed relations reachable (both entities found in a quoted sentence); {} candidates, {} positive answers, {} features with a weight",
                    st.reachable, st.keyed, st.candidates, st.positives, st.features
                );
            }
            model.relations = w;
        }
    }
    Ok(model)
}

/// The article of each document id, from the corpus's `manifest.tsv`.
fn articles(corpus: &Path) -> Result<HashMap<String, String>> {
    let p = corpus.join("manifest.tsv");
    let text =
        std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n);
    let (Some(ci), Some(ca)) = (col("id"), col("article")) else {
        bail!("{}: no `id` and `article` columns", p.display());
    };
    Ok(lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f.get(ci)?.to_string(), f.get(ca)?.to_string()))
        })
        .collect())
}

/// `dossier train extract --corpus DIR --out FILE`.
pub fn train_extract(
    corpus: &Path,
    out: Option<&Path>,
    settings: &Settings,
    pipeline: &PipelineArg,
) -> Result<ExitCode> {
    if settings.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let gold = corpus.join("gold");
    if !gold.is_dir() {
        bail!(
            "{}: no gold/ folder (expected the corpus layout: gold/, docs/, manifest.tsv)",
            corpus.display()
        );
    }
    let staged = Staged::new(pipeline)?;
    let files: Vec<KeyedFile> = collect(&[gold], Some("train"))?;
    let mut keys = Vec::new();
    for d in &files {
        keys.push(GoldKey::from_json(
            &d.key,
            &d.key_path.display().to_string(),
        )?);
    }
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }

    // stage 1: read and run the pipeline up to the first learned component
    let b = bar(files.len(), "reading");
    let mut docs = Vec::new();
    for d in &files {
        if stop.load(Ordering::SeqCst) {
            b.abandon();
            bail!("interrupted: no model written");
        }
        b.set_message(d.id.clone());
        let mut doc = dossier_read::read_path(
            &d.text,
            &dossier_read::ReadOptions {
                published: d.published,
                ..Default::default()
            },
        )
        .with_context(|| format!("cannot read {}", d.text.display()))?;
        staged
            .pipeline
            .run_range(&mut doc, 0..staged.first())
            .with_context(|| format!("{}: extraction failed", d.text.display()))?;
        docs.push(doc);
        b.inc(1);
    }
    b.finish_and_clear();

    if let Some(k) = settings.cross_validate {
        if k < 2 {
            bail!("--cross-validate needs at least 2 folds");
        }
        let arts = articles(corpus)?;
        let mut names: Vec<&str> = files
            .iter()
            .map(|f| arts.get(&f.id).map(String::as_str).unwrap_or(f.id.as_str()))
            .collect();
        names.sort_unstable();
        names.dedup();
        let fold_of = |id: &str| {
            let a = arts.get(id).map(String::as_str).unwrap_or(id);
            names.iter().position(|n| *n == a).unwrap_or(0) % k
        };
        let mut total = Report::default();
        let b = bar(k, "folds");
        for fold in 0..k {
            if stop.load(Ordering::SeqCst) {
                b.abandon();
                bail!("interrupted");
            }
            let (mut tr_docs, mut tr_keys) = (Vec::new(), Vec::new());
            for (i, f) in files.iter().enumerate() {
                if fold_of(&f.id) != fold {
                    tr_docs.push(docs[i].clone());
                    tr_keys.push(&keys[i]);
                }
            }
            let model = train_model(&staged, &tr_docs, &tr_keys, settings, false)?;
            for (i, f) in files.iter().enumerate() {
                if fold_of(&f.id) != fold {
                    continue;
                }
                let mut doc = docs[i].clone();
                model.apply_types(&mut doc);
                staged
                    .pipeline
                    .run_range(&mut doc, staged.first()..staged.second())?;
                model.apply_events(&mut doc);
                model.apply_agents(&mut doc);
                staged
                    .pipeline
                    .run_range(&mut doc, staged.second()..staged.third())?;
                let before = settings.explain_relations.then(|| doc.clone());
                model.apply_relations(&mut doc);
                staged
                    .pipeline
                    .run_range(&mut doc, staged.third()..staged.len)?;
                if let Some(before) = &before {
                    for l in dossier_learn::diagnose::explain(before, &doc, &keys[i], &model, &f.id)
                    {
                        outln!("{l}")?;
                    }
                }
                let system = serde_json::to_value(Interchange::from_doc(&doc))?;
                let r = dossier_eval::score(&system, &f.key);
                if settings.explain {
                    for n in &r.notes {
                        outln!("{}: {n}", f.id)?;
                    }
                }
                total.add(&r);
            }
            b.inc(1);
        }
        b.finish_and_clear();
        crate::eval_extract::print_misses(&total)?;
        crate::eval_extract::print_sections(&total)?;
        outln!(
            "{k}-fold cross-validation on {} training documents: overall F1={:.3}",
            files.len(),
            total.overall()
        )?;
        return Ok(ExitCode::SUCCESS);
    }

    let Some(out) = out else {
        bail!("--out FILE is required (unless --cross-validate)");
    };
    let key_refs: Vec<&GoldKey> = keys.iter().collect();
    let model = train_model(&staged, &docs, &key_refs, settings, true)?;
    model
        .save(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    info!(
        "trained on {} documents; wrote {}",
        files.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
