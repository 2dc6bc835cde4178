//! `dossier eval extract`: runs the pipeline on keyed documents and scores
//! them with the reference scorer's semantics (`dossier-eval`).

use crate::process;
use crate::PipelineArg;
use anyhow::{bail, Context, Result};
use dossier_doc::interchange::Interchange;
use dossier_eval::{score, Report};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// One keyed document: its answer key and its text.
pub(crate) struct Keyed {
    pub(crate) id: String,
    pub(crate) key: Value,
    pub(crate) key_path: PathBuf,
    pub(crate) text: PathBuf,
    pub(crate) published: Option<dossier_doc::Edtf>,
}

/// The id of a key file: its name without `.gold.json` or `.json`.
fn key_id(p: &Path) -> String {
    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    name.strip_suffix(".gold.json")
        .or_else(|| name.strip_suffix(".json"))
        .unwrap_or(name)
        .to_string()
}

/// Where a key's text is: `NAME.txt` beside `NAME.gold.json`; `docs/ID.txt`
/// beside the key's folder (the corpus layout); the key's `document.file`
/// relative to the key's folder or one of its parents.
fn find_text(key: &Path, doc_file: Option<&str>) -> Option<PathBuf> {
    let dir = key.parent().unwrap_or(Path::new("."));
    let id = key_id(key);
    let mut cands = vec![dir.join(format!("{id}.txt"))];
    if let Some(up) = dir.parent() {
        cands.push(up.join("docs").join(format!("{id}.txt")));
    }
    if let Some(f) = doc_file {
        let mut d = Some(dir);
        while let Some(x) = d {
            cands.push(x.join(f));
            d = x.parent();
        }
    }
    cands.into_iter().find(|c| c.is_file())
}

/// The split of each document id from a `manifest.tsv` (columns `id` and
/// `split`) beside the key folder, if there is one.
fn manifest(dir: &Path) -> Result<Option<HashMap<String, String>>> {
    let Some(p) = dir
        .parent()
        .map(|d| d.join("manifest.tsv"))
        .filter(|p| p.is_file())
    else {
        return Ok(None);
    };
    let text =
        std::fs::read_to_string(&p).with_context(|| format!("cannot read {}", p.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let col = |n: &str| header.iter().position(|h| *h == n);
    let (Some(ci), Some(cs)) = (col("id"), col("split")) else {
        bail!("{}: no `id` and `split` columns", p.display());
    };
    Ok(Some(
        lines
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                Some((f.get(ci)?.to_string(), f.get(cs)?.to_string()))
            })
            .collect(),
    ))
}

pub(crate) fn collect(paths: &[PathBuf], split: Option<&str>) -> Result<Vec<Keyed>> {
    let mut keys = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json"))
                .collect();
            found.sort();
            let splits = match split {
                Some(_) => manifest(p)?,
                None => None,
            };
            if let (Some(want), None) = (split, &splits) {
                bail!("--split {want}: no manifest.tsv beside {}", p.display());
            }
            for f in found {
                if let (Some(want), Some(m)) = (split, &splits) {
                    if m.get(&key_id(&f)).map(String::as_str) != Some(want) {
                        continue;
                    }
                }
                keys.push(f);
            }
        } else if p.is_file() {
            keys.push(p.clone());
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    let mut out = Vec::new();
    for key in keys {
        let text = std::fs::read_to_string(&key)
            .with_context(|| format!("cannot read {}", key.display()))?;
        let v: Value = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a JSON answer key", key.display()))?;
        if !v.get("entities").is_some_and(Value::is_array) {
            bail!("{}: not an answer key (no `entities` list)", key.display());
        }
        let doc = v.get("document");
        let file = doc.and_then(|d| d.get("file")).and_then(Value::as_str);
        let published = doc
            .and_then(|d| d.get("published"))
            .and_then(Value::as_str)
            .map(dossier_doc::Edtf::parse)
            .transpose()
            .with_context(|| format!("{}: publication date", key.display()))?;
        let Some(text) = find_text(&key, file) else {
            bail!("{}: cannot find the document's text", key.display());
        };
        out.push(Keyed {
            id: key_id(&key),
            key: v,
            key_path: key.clone(),
            text,
            published,
        });
    }
    if out.is_empty() {
        bail!("no answer keys found");
    }
    Ok(out)
}

fn row(name: &str, r: &Report) -> String {
    format!(
        "{name:<44} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>7}",
        r.entities_typed.f1(),
        r.relations.f1(),
        r.events.f1(),
        r.attributes.f1(),
        r.overall(),
        format!("{}/{}", r.dates_exact, r.dates_total)
    )
}

/// Prints each section's micro-averaged precision, recall and F1.
pub(crate) fn print_sections(total: &Report) -> std::io::Result<()> {
    for (name, c) in total.sections() {
        outln!(
            "{name:<15} P={:.3} R={:.3} F1={:.3} (tp={} fp={} fn={})",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp,
            c.fp,
            c.fn_
        )?;
    }
    Ok(())
}

/// Prints what became of the required perpetrators and death tolls: one
/// line per class (`found`, or why it was missed), most frequent first,
/// with how many of them are attacks.
pub(crate) fn print_misses(total: &Report) -> std::io::Result<()> {
    for (what, all) in [
        ("perpetrator", total.agents_total),
        ("toll", total.fatalities_total),
    ] {
        let mut rows: Vec<(&str, usize, usize)> = Vec::new();
        for (k, &n) in total.misses.iter().filter(|(k, _)| k.what == what) {
            let attacks = if k.etype == "attack" { n } else { 0 };
            match rows.iter_mut().find(|r| r.0 == k.class) {
                Some(r) => {
                    r.1 += n;
                    r.2 += attacks;
                }
                None => rows.push((k.class, n, attacks)),
            }
        }
        rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let attacks: usize = rows.iter().map(|r| r.2).sum();
        outln!(
            "{what} breakdown ({all} required, {attacks} of them attacks): all (attacks) class"
        )?;
        for (class, n, a) in rows {
            outln!("  {n:>5} ({a:>4})  {class}")?;
        }
    }
    Ok(())
}

/// `dossier eval extract`.
pub fn eval_extract(
    gold: &[PathBuf],
    split: Option<&str>,
    explain: bool,
    pipeline: &PipelineArg,
) -> Result<ExitCode> {
    let docs = collect(gold, split)?;
    let pipeline = process::pipeline(pipeline)?;
    let mut total = Report::default();
    outln!(
        "{:<44} {:>6} {:>6} {:>6} {:>6} {:>6} {:>7}",
        "document",
        "ents",
        "rels",
        "events",
        "attrs",
        "all",
        "dates"
    )?;
    for d in &docs {
        let doc = process::process_file(&pipeline, &d.text, d.published, None)
            .with_context(|| format!("{}: extraction failed", d.text.display()))?;
        let system = serde_json::to_value(Interchange::from_doc(&doc))?;
        let r = score(&system, &d.key);
        outln!("{}", row(&d.id, &r))?;
        if explain {
            for n in &r.notes {
                outln!("    {n}")?;
            }
        }
        total.add(&r);
    }
    outln!()?;
    // the breakdown first: the last eight lines stay the figures
    // (`models/extract.dev-scores.txt` records them)
    print_misses(&total)?;
    print_sections(&total)?;
    outln!(
        "documents: {}; event dates exact: {}/{} (of matched events with a dated answer)",
        docs.len(),
        total.dates_exact,
        total.dates_total
    )?;
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    outln!(
        "perpetrator found: {}/{} ({:.0}%); death toll found: {}/{} ({:.0}%) (of required answer events that state one)",
        total.agents_found,
        total.agents_total,
        pct(total.agents_found, total.agents_total),
        total.fatalities_found,
        total.fatalities_total,
        pct(total.fatalities_found, total.fatalities_total)
    )?;
    outln!(
        "overall F1={:.3} (entities {:.3}, relations {:.3}, events {:.3}, attributes {:.3}; micro-averaged)",
        total.overall(),
        total.entities_typed.f1(),
        total.relations.f1(),
        total.events.f1(),
        total.attributes.f1()
    )?;
    Ok(ExitCode::SUCCESS)
}
