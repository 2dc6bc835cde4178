//! `dossier train extract`: runs the pipeline over a corpus's training
//! split in stages and trains the extraction model (`dossier-learn`) on
//! the keyed documents: the typing model on the documents as they are
//! where `learned_types` stands in the pipeline, then — with the new
//! typing applied — the relation model where `learned_relations` stands.

use crate::eval_extract::collect;
use crate::process;
use crate::PipelineArg;
use anyhow::{bail, Context, Result};
use dossier_learn::{gold::GoldKey, Keyed, Model};
use dossier_pipeline::{builtin, Pipeline};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Training settings.
pub struct Settings {
    /// Passes over the examples.
    pub epochs: usize,
    /// Shuffling seed.
    pub seed: u64,
    /// Score above which a relation is added.
    pub threshold: f32,
    /// How far `none` must outscore every type for an entity to be dropped.
    pub drop_margin: f32,
}

/// `dossier train extract --corpus DIR --out FILE`.
pub fn train_extract(
    corpus: &Path,
    out: &Path,
    settings: &Settings,
    pipeline: &PipelineArg,
) -> Result<ExitCode> {
    let gold = corpus.join("gold");
    if !gold.is_dir() {
        bail!(
            "{}: no gold/ folder (expected the corpus layout: gold/, docs/, manifest.tsv)",
            corpus.display()
        );
    }
    let docs = collect(&[gold], Some("train"))?;
    let mut keys = Vec::new();
    for d in &docs {
        keys.push(GoldKey::from_json(
            &d.key,
            &d.key_path.display().to_string(),
        )?);
    }
    let mut config = process::config(pipeline)?;
    let pos = |c: &Vec<String>, n: &str| c.iter().position(|x| x == n);
    let types_at = pos(&config.components, "learned_types");
    if let Some(i) = types_at {
        config.components.remove(i);
    }
    let relations_at = pos(&config.components, "learned_relations");
    if let Some(i) = relations_at {
        config.components.truncate(i);
    }
    if types_at.is_none() && relations_at.is_none() {
        bail!("the pipeline has neither learned_types nor learned_relations: nothing to train (try --pipeline pipelines/with-parser.toml)");
    }
    config.options.retain(|k, _| config.components.contains(k));
    let pipeline =
        Pipeline::build(&config, &builtin::registry()).context("cannot build the pipeline")?;
    let n = config.components.len();
    let split = types_at.unwrap_or(n);

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let bar = |len: usize, what: &str| {
        if std::io::stderr().is_terminal() {
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
    };
    let interrupted = |b: &ProgressBar| -> Result<()> {
        if stop.load(Ordering::SeqCst) {
            b.abandon();
            bail!("interrupted: no model written");
        }
        Ok(())
    };

    // stage 1: read and run the pipeline up to learned_types
    let b = bar(docs.len(), "reading");
    let mut processed = Vec::new();
    for d in &docs {
        interrupted(&b)?;
        b.set_message(d.id.clone());
        let mut doc = dossier_read::read_path(
            &d.text,
            &dossier_read::ReadOptions {
                published: d.published.clone(),
                ..Default::default()
            },
        )
        .with_context(|| format!("cannot read {}", d.text.display()))?;
        pipeline
            .run_range(&mut doc, 0..split)
            .with_context(|| format!("{}: extraction failed", d.text.display()))?;
        processed.push(doc);
        b.inc(1);
    }
    b.finish_and_clear();

    let mut model = Model {
        threshold: settings.threshold,
        drop_margin: settings.drop_margin,
        ..Model::default()
    };
    if types_at.is_some() {
        let keyed: Vec<Keyed<'_>> = processed
            .iter()
            .zip(&keys)
            .map(|(doc, key)| Keyed { doc, key })
            .collect();
        let (w, st) = dossier_learn::train_types(&keyed, settings.epochs, settings.seed);
        eprintln!(
            "types: {} entities ({} keyed, {} not), {} features with a weight",
            st.candidates,
            st.positives,
            st.candidates - st.positives,
            st.features
        );
        model.types = w;
    }
    if relations_at.is_some() {
        // stage 2: the new typing applied, the rest of the pipeline
        let b = bar(processed.len(), "extracting");
        for doc in processed.iter_mut() {
            interrupted(&b)?;
            model.apply_types(doc);
            pipeline
                .run_range(doc, split..n)
                .with_context(|| format!("{}: extraction failed", doc.meta.id))?;
            b.inc(1);
        }
        b.finish_and_clear();
        let keyed: Vec<Keyed<'_>> = processed
            .iter()
            .zip(&keys)
            .map(|(doc, key)| Keyed { doc, key })
            .collect();
        let (w, st) = dossier_learn::train_relations(&keyed, settings.epochs, settings.seed);
        eprintln!(
            "relations: {} of {} keyed relations reachable (both entities found in a quoted sentence); {} candidates, {} positive answers, {} features with a weight",
            st.reachable, st.keyed, st.candidates, st.positives, st.features
        );
        model.relations = w;
    }
    model
        .save(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "trained on {} documents; wrote {}",
        docs.len(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
