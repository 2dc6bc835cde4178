//! Reading a file and running the configured pipeline on it.

use crate::memory::MemoryBudget;
use crate::PipelineArg;
use anyhow::{Context, Result};
use dossier_doc::{Doc, Edtf};
use dossier_pipeline::{builtin, Pipeline, PipelineConfig};
use dossier_read::{read_bytes_with_warnings, read_path_with_warnings, ReadOptions, ReadWarning};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A document to read: a file, or what standard input held.
#[derive(Clone, Debug)]
pub enum Input {
    /// A file.
    File(PathBuf),
    /// Standard input, read whole, under the name it goes by
    /// ([`crate::output::stdin_name`]).
    Stdin {
        /// `<stdin>`, with the extension of its sniffed format.
        name: PathBuf,
        /// The bytes.
        bytes: Arc<Vec<u8>>,
    },
}

impl Input {
    /// The file's path, or standard input's name.
    pub fn path(&self) -> &Path {
        match self {
            Input::File(p) => p,
            Input::Stdin { name, .. } => name,
        }
    }
}

/// The inputs named by `paths`, `-` meaning standard input (read here,
/// whole, once: a second `-` is an error).
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>> {
    let mut stdin_read = false;
    let mut out = Vec::with_capacity(paths.len());
    for p in paths {
        if crate::output::is_std(p) {
            anyhow::ensure!(!stdin_read, "`-` (standard input) is given more than once");
            stdin_read = true;
            let bytes = crate::output::read_stdin(ReadOptions::default().max_bytes)?;
            out.push(Input::Stdin {
                name: PathBuf::from(crate::output::stdin_name(&bytes)),
                bytes: Arc::new(bytes),
            });
        } else {
            out.push(Input::File(p.clone()));
        }
    }
    Ok(out)
}

/// The pipeline configuration in force: `--pipeline FILE` or the built-in one.
pub fn config(arg: &PipelineArg) -> Result<PipelineConfig> {
    match &arg.pipeline {
        Some(path) => Ok(PipelineConfig::from_file(path)?),
        None => Ok(builtin::default_config()),
    }
}

/// Builds the pipeline in force (validated before any file is read).
pub fn pipeline(arg: &PipelineArg) -> Result<Pipeline> {
    let config = config(arg)?;
    Pipeline::build(&config, &builtin::registry()).context("cannot build the pipeline")
}

/// Reads one file and runs the pipeline on it.
pub fn process_file(
    pipeline: &Pipeline,
    path: &Path,
    published: Option<Edtf>,
    source: Option<&str>,
) -> Result<Doc> {
    process_file_timed(pipeline, path, published, source, &mut Timings::default())
}

/// Time spent per step, summed over the files processed.
#[derive(Debug, Default)]
pub struct Timings {
    steps: Vec<(String, Duration)>,
    words: usize,
}

impl Timings {
    /// Adds the step times and words of `other` (a document processed on a worker thread).
    pub fn absorb(&mut self, other: Timings) {
        for (name, d) in other.steps {
            self.add(&name, d);
        }
        self.words += other.words;
    }

    fn add(&mut self, name: &str, d: Duration) {
        match self.steps.iter_mut().find(|(n, _)| n == name) {
            Some((_, t)) => *t += d,
            None => self.steps.push((name.to_string(), d)),
        }
    }

    /// A table of the steps, their time and share, and words per second.
    pub fn render(&self) -> String {
        let total: Duration = self.steps.iter().map(|(_, d)| *d).sum();
        let mut s = String::new();
        for (name, d) in &self.steps {
            let share = if total.is_zero() {
                0.0
            } else {
                d.as_secs_f64() / total.as_secs_f64() * 100.0
            };
            s.push_str(&format!(
                "{name:<16} {:>10.2} ms {share:>5.1}%\n",
                d.as_secs_f64() * 1e3
            ));
        }
        let secs = total.as_secs_f64();
        let wps = if secs > 0.0 {
            self.words as f64 / secs
        } else {
            0.0
        };
        s.push_str(&format!(
            "{:<16} {:>10.2} ms  {} words, {wps:.0} words/s\n",
            "total",
            secs * 1e3,
            self.words
        ));
        s
    }
}

/// [`process_file`], adding the time of reading and of each component to `timings`.
pub fn process_file_timed(
    pipeline: &Pipeline,
    path: &Path,
    published: Option<Edtf>,
    source: Option<&str>,
    timings: &mut Timings,
) -> Result<Doc> {
    process_input_warned(
        pipeline,
        &Input::File(path.to_path_buf()),
        published,
        source,
        timings,
    )
    .map(|(doc, _)| doc)
}

/// [`process_file_timed`] of a file or standard input, also returning the
/// reader's warnings (invalid bytes replaced, a legacy encoding guessed).
pub fn process_input_warned(
    pipeline: &Pipeline,
    input: &Input,
    published: Option<Edtf>,
    source: Option<&str>,
    timings: &mut Timings,
) -> Result<(Doc, Vec<ReadWarning>)> {
    process_input_budgeted(pipeline, input, published, source, timings, None)
}

/// [`process_input_warned`] within a memory budget: a document whose text
/// is too large for it is refused before the pipeline runs, and one that
/// holds more than it after a component, or when `cancel` is set (the
/// runner saw it over while a component ran), is stopped there and
/// dropped.
pub(crate) fn process_input_budgeted(
    pipeline: &Pipeline,
    input: &Input,
    published: Option<Edtf>,
    source: Option<&str>,
    timings: &mut Timings,
    memory: Option<(&MemoryBudget, &AtomicBool)>,
) -> Result<(Doc, Vec<ReadWarning>)> {
    let opts = ReadOptions {
        published,
        source: source.map(str::to_string),
        ..ReadOptions::default()
    };
    let path = input.path();
    let t = Instant::now();
    let (mut doc, warnings) = match input {
        Input::File(p) => read_path_with_warnings(p, &opts)?,
        Input::Stdin { name, bytes } => read_bytes_with_warnings(name, bytes, &opts)?,
    };
    timings.add("read", t.elapsed());
    timings.words += doc.text.split_whitespace().count();
    if let Some(why) = memory.and_then(|(m, _)| m.refuse_by_size(doc.text.len())) {
        anyhow::bail!("{}: {why}", path.display());
    }
    let mut over = None;
    let steps = pipeline.run_checked(&mut doc, |step, _| match memory {
        Some((m, cancel)) if cancel.load(Ordering::SeqCst) || m.exceeded() => {
            let why = m.over(step).unwrap_or_else(|| {
                format!(
                    "exceeds the memory budget of {} MiB per document (while the {step} step ran); raise it with --doc-memory",
                    m.mib()
                )
            });
            over = Some(why.clone());
            Err(dossier_doc::ComponentError::new(step, why))
        }
        _ => Ok(()),
    });
    if let Some(why) = over {
        anyhow::bail!("{}: {why}", path.display());
    }
    let steps = steps.with_context(|| format!("{}: extraction failed", path.display()))?;
    for (name, d) in steps {
        timings.add(&name, d);
    }
    Ok((doc, warnings))
}
