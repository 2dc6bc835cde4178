//! Measures a two-stage (stacked) recognizer with document-level label
//! consistency (after Krishnan and Manning 2006): a first model's labels,
//! jackknifed over the training documents, give each token the majority
//! entity type of the other occurrences of its word in the same document;
//! a second model is trained with that value (and its neighbours') as POS
//! features. On dev the full first model's labels feed the second.
//!
//! ```text
//! cargo run --release -p dossier-tagger --example ner_stack -- TRAIN DEV EPOCHS FOLDS [TRAIN_DOCS DEV_DOCS]
//! ```
//! `CLUSTERS=FILE` adds word-cluster features to both stages.
use dossier_tagger::{eval_sentences, read_conll, Model, Sentence, TrainOptions};
use std::collections::HashMap;

fn type_of(tag: &str) -> &str {
    tag.split_once('-').map_or(tag, |(_, t)| t)
}

/// Per token of a document: the majority first-pass type of the other
/// occurrences of its lowercase form in the document, with the token's own
/// first-pass type when `own`.
fn doc_values(doc: &[Sentence], tags: &[Vec<String>], own: bool) -> Vec<Vec<String>> {
    let mut counts: HashMap<String, HashMap<&str, usize>> = HashMap::new();
    for (s, t) in doc.iter().zip(tags) {
        for (w, tag) in s.tokens.iter().zip(t) {
            *counts
                .entry(w.to_lowercase())
                .or_default()
                .entry(type_of(tag))
                .or_default() += 1;
        }
    }
    doc.iter()
        .zip(tags)
        .map(|(s, t)| {
            s.tokens
                .iter()
                .zip(t)
                .map(|(w, tag)| {
                    let me = type_of(tag);
                    let c = &counts[&w.to_lowercase()];
                    let best = c
                        .iter()
                        .map(|(ty, n)| (*ty, n - (*ty == me) as usize))
                        .filter(|(_, n)| *n > 0)
                        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
                        .map_or("none", |(ty, _)| ty);
                    if own {
                        format!("{me}/{best}")
                    } else {
                        best.to_string()
                    }
                })
                .collect()
        })
        .collect()
}

fn groups(s: &[Sentence]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=s.len() {
        if i == s.len() || s[i].doc != s[start].doc {
            out.push(start..i);
            start = i;
        }
    }
    out
}

fn tag_all(m: &Model, s: &[Sentence]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for g in groups(s) {
        let toks: Vec<Vec<&str>> = s[g].iter().map(|s| s.column(0).unwrap()).collect();
        out.extend(m.tag_document(&toks));
    }
    out
}

fn stacked(s: &[Sentence], tags: &[Vec<String>], own: bool) -> Vec<Sentence> {
    let mut out = s.to_vec();
    for g in groups(s) {
        let vals = doc_values(&s[g.clone()], &tags[g.clone()], own);
        for (o, v) in out[g].iter_mut().zip(vals) {
            for (c, v) in o.columns.iter_mut().zip(v) {
                c.truncate(3);
                c.push(v);
            }
        }
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: ner_stack TRAIN DEV EPOCHS FOLDS [TRAIN_DOCS DEV_DOCS]");
        std::process::exit(2);
    }
    let mut train = read_conll(&args[0])?;
    let mut dev = read_conll(&args[1])?;
    // Document boundaries from copies of the files with `-DOCSTART-` lines
    // (the same sentences).
    for (set, path) in [(&mut train, args.get(4)), (&mut dev, args.get(5))] {
        if let Some(path) = path {
            let marked = read_conll(path)?;
            if marked.len() != set.len() {
                return Err(
                    format!("{path}: {} sentences, not {}", marked.len(), set.len()).into(),
                );
            }
            for (s, m) in set.iter_mut().zip(&marked) {
                s.doc = m.doc;
            }
        }
    }
    let mut opts = TrainOptions {
        epochs: args[2].parse()?,
        ..TrainOptions::default()
    };
    if let Ok(path) = std::env::var("CLUSTERS") {
        opts.clusters = Some(std::fs::read_to_string(path)?);
    }
    let k: usize = args[3].parse()?;
    let t = std::time::Instant::now();
    let (first, rep) = dossier_tagger::train_sentences(&train, Some(&dev), 3, &opts, &mut |_| {})?;
    println!(
        "first stage: dev F1 {:.2} (epoch {}, {:.0} s)",
        100.0 * rep.dev_f1.unwrap_or(0.0),
        rep.best_epoch,
        t.elapsed().as_secs_f64()
    );
    let mut jack: Vec<Vec<String>> = vec![Vec::new(); train.len()];
    let folds: Vec<usize> = (0..k).collect();
    for pair in folds.chunks(2) {
        let models: Vec<(usize, Model)> = std::thread::scope(|sc| {
            let hs: Vec<_> = pair
                .iter()
                .map(|&f| {
                    let rest: Vec<Sentence> =
                        train.iter().filter(|s| s.doc % k != f).cloned().collect();
                    let opts = &opts;
                    sc.spawn(move || {
                        let (m, _) =
                            dossier_tagger::train_sentences(&rest, None, 3, opts, &mut |_| {})
                                .expect("fold trains");
                        (f, m)
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (f, m) in models {
            let idx: Vec<usize> = (0..train.len())
                .filter(|&i| train[i].doc % k == f)
                .collect();
            let held: Vec<Sentence> = idx.iter().map(|&i| train[i].clone()).collect();
            for (i, t) in idx.into_iter().zip(tag_all(&m, &held)) {
                jack[i] = t;
            }
        }
        eprintln!("folds {pair:?}: {:.0} s", t.elapsed().as_secs_f64());
    }
    let dev_tags = tag_all(&first, &dev);
    let variants: Vec<bool> = match std::env::var("VARIANT").as_deref() {
        Ok("own") => vec![true],
        Ok("doc") => vec![false],
        _ => vec![false, true],
    };
    for own in variants {
        let tr = stacked(&train, &jack, own);
        let dv = stacked(&dev, &dev_tags, own);
        let sopts = TrainOptions {
            pos_column: Some(4),
            ..opts.clone()
        };
        let (second, rep) =
            dossier_tagger::train_sentences(&tr, Some(&dv), 3, &sopts, &mut |_| {})?;
        let ev = eval_sentences(&second, &dv, "dev")?;
        println!(
            "second stage ({}): dev F1 {:.2} (epoch {}, report {:.2}) ({:.0} s)",
            if own { "own/doc" } else { "doc" },
            100.0 * ev.overall.f1(),
            rep.best_epoch,
            100.0 * rep.dev_f1.unwrap_or(0.0),
            t.elapsed().as_secs_f64()
        );
        if let Ok(out) = std::env::var("OUT") {
            second.save(format!("{out}.{}", if own { "own" } else { "doc" }))?;
            first.save(format!("{out}.first"))?;
        }
    }
    Ok(())
}
