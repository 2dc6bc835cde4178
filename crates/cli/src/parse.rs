//! `dossier train parser`, `dossier parse`, `dossier eval parser`.

use anyhow::{Context, Result};
use dossier_parser::{conllu, Parser};
use indicatif::ProgressBar;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Reads a CoNLL-U file, or standard input for `-`.
fn read_conllu(path: &Path) -> Result<Vec<conllu::Sentence>> {
    if crate::output::is_std(path) {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
            .context("cannot read standard input")?;
        return Ok(conllu::read(&text, "<stdin>")?);
    }
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(conllu::read(&text, &path.display().to_string())?)
}

fn load(model: Option<&Path>, beam: Option<usize>) -> Result<std::borrow::Cow<'static, Parser>> {
    let mut p = match model {
        Some(p) => std::borrow::Cow::Owned(
            Parser::load(p).with_context(|| format!("cannot load parser model {}", p.display()))?,
        ),
        None => std::borrow::Cow::Borrowed(Parser::builtin()?),
    };
    if let Some(b) = beam {
        if b == 0 || b > dossier_parser::MAX_BEAM {
            anyhow::bail!("--beam {b}: from 1 to {}", dossier_parser::MAX_BEAM);
        }
        if b != p.beam() {
            p.to_mut().set_beam(b);
        }
    }
    Ok(p)
}

/// `dossier train parser`'s options beyond the common ones.
pub struct TrainExtra {
    pub checkpoint: Option<std::path::PathBuf>,
    pub beam: usize,
    pub update: dossier_parser::BeamUpdate,
    pub init: Option<std::path::PathBuf>,
    pub tags_cache: Option<std::path::PathBuf>,
    pub prune: Option<f32>,
}

/// `dossier train parser`.
pub fn train(
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    epochs: Option<usize>,
    seed: u64,
    clusters: Option<&Path>,
    extra: TrainExtra,
) -> Result<ExitCode> {
    if extra.beam == 0 || extra.beam > dossier_parser::MAX_BEAM {
        anyhow::bail!(
            "--beam {}: from 1 to {}",
            extra.beam,
            dossier_parser::MAX_BEAM
        );
    }
    let train_s = read_conllu(train)?;
    let dev_s = dev.map(read_conllu).transpose()?;
    let mut opts = dossier_parser::TrainOptions {
        seed,
        checkpoint: extra.checkpoint,
        beam: extra.beam,
        update: extra.update,
        init: extra.init,
        tags_cache: extra.tags_cache,
        ..Default::default()
    };
    if let Some(e) = epochs {
        opts.epochs = e;
    }
    if let Some(p) = extra.prune {
        if !(p.is_finite() && p >= 0.0) {
            anyhow::bail!("--prune {p}: a magnitude, 0 or more");
        }
        opts.prune = p;
    }
    if let Some(c) = clusters {
        opts.clusters = Some(
            std::fs::read_to_string(c).with_context(|| format!("cannot read {}", c.display()))?,
        );
    }
    let bar = if std::io::stderr().is_terminal() && !crate::output::quiet() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let mut progress = |p: dossier_parser::Progress| {
        let line = match p {
            dossier_parser::Progress::Step(s) => {
                bar.set_message(s.clone());
                s
            }
            dossier_parser::Progress::Epoch {
                epoch,
                epochs,
                error_rate,
                dev,
                elapsed_s,
            } => {
                let dev = dev
                    .map(|s| format!(", dev UAS {:.2} LAS {:.2}", s.uas(), s.las()))
                    .unwrap_or_default();
                format!(
                    "epoch {epoch}/{epochs}: wrong transitions {:.2}%{dev} ({elapsed_s:.0} s)",
                    error_rate * 100.0
                )
            }
        };
        bar.println(&line);
        if bar.is_hidden() {
            info!("{line}");
        }
    };
    let (model, report) = dossier_parser::train(&train_s, dev_s.as_deref(), &opts, &mut progress)?;
    bar.finish_and_clear();
    model
        .save(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    info!(
        "kept epoch {} of {}: {} features, {} weights; {} sentences ({} non-projective), {} words; {:.0} s",
        report.best_epoch,
        opts.epochs,
        report.features,
        report.weights,
        report.sentences,
        report.nonprojective,
        report.words,
        report.seconds
    );
    if let Some(s) = report.dev {
        info!("dev: UAS={:.2} LAS={:.2}", s.uas(), s.las());
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier parse`.
pub fn parse(path: &Path, model: Option<&Path>, beam: Option<usize>) -> Result<ExitCode> {
    let parser = load(model, beam)?;
    let mut sentences = read_conllu(path)?;
    dossier_parser::parse_conllu(&parser, &mut sentences);
    let mut out = std::io::stdout().lock();
    out.write_all(conllu::write(&sentences).as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier eval parser`.
pub fn eval(path: &Path, model: Option<&Path>, beam: Option<usize>) -> Result<ExitCode> {
    let parser = load(model, beam)?;
    let gold = read_conllu(path)?;
    let mut sys = gold.clone();
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    let t = std::time::Instant::now();
    dossier_parser::parse_conllu(&parser, &mut sys);
    let secs = t.elapsed().as_secs_f64();
    let s = dossier_parser::eval::score(&sys, &gold)?;
    outln!("sentences: {}, words: {}", gold.len(), words)?;
    outln!("UPOS accuracy: {:.2}", s.upos_acc())?;
    outln!("lemma accuracy: {:.2}", s.lemma_acc())?;
    outln!("LAS with subtypes: {:.2}", s.las_full())?;
    outln!(
        "speed: {:.0} words/s (tagging, parsing and lemmas, one thread; beam {})",
        words as f64 / secs.max(1e-9),
        parser.beam()
    )?;
    outln!("UAS={:.2} LAS={:.2}", s.uas(), s.las())?;
    Ok(ExitCode::SUCCESS)
}
