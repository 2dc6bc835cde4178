//! Reading a file and running the configured pipeline on it.

use crate::PipelineArg;
use anyhow::{Context, Result};
use dossier_doc::Doc;
use dossier_pipeline::{builtin, Pipeline, PipelineConfig};
use dossier_read::{read_path, ReadOptions};
use std::path::Path;

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
    published: Option<&str>,
    source: Option<&str>,
) -> Result<Doc> {
    let opts = ReadOptions {
        published: published.map(str::to_string),
        source: source.map(str::to_string),
        ..ReadOptions::default()
    };
    let mut doc = read_path(path, &opts)?;
    pipeline
        .run(&mut doc)
        .with_context(|| format!("{}: extraction failed", path.display()))?;
    Ok(doc)
}
