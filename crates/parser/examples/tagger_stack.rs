//! Measures a stacked (two-pass) XPOS tagger against the one-pass tagger
//! `dossier train parser` trains: the first pass's tags of the training
//! set are jackknifed (FOLDS folds), a second tagger is trained with them
//! as POS features (own, ±2, bigrams, word × tag: the tags of the right
//! context too), and on dev the full first-pass model's tags feed it.
//!
//! ```text
//! cargo run --release -p dossier-parser --example tagger_stack -- TRAIN DEV CLUSTERS EPOCHS FOLDS [v2] [doc] [out=PREFIX]
//! ```
use dossier_parser::conllu;
use dossier_tagger::{Model, Sentence, TrainOptions};

/// The sentences as tagger data, numbered by document (`# newdoc`).
fn sentences(s: &[conllu::Sentence]) -> Vec<Sentence> {
    let mut doc = 0;
    let mut out = Vec::new();
    for (i, s) in s.iter().enumerate() {
        let newdoc = s
            .lines
            .iter()
            .any(|l| matches!(l, conllu::Line::Comment(c) if c.starts_with("# newdoc")));
        if newdoc && i > 0 {
            doc += 1;
        }
        if !s.words.is_empty() {
            let mut t = s.tagger_sentence();
            t.doc = doc;
            out.push(t);
        }
    }
    out
}

/// `doc` mode: the library's stacked tagger (document-level consistency of
/// the first stage's tags), dev tagged document by document.
fn doc_mode(
    train_s: &[Sentence],
    dev_s: &[Sentence],
    opts: &TrainOptions,
    k: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let opts = TrainOptions {
        stack_folds: k,
        ..opts.clone()
    };
    let m = train(train_s, &opts, "stacked (doc)")?;
    let mut tags = Vec::new();
    let mut start = 0;
    for i in 1..=dev_s.len() {
        if i == dev_s.len() || dev_s[i].doc != dev_s[start].doc {
            let doc: Vec<Vec<String>> = dev_s[start..i].iter().map(|s| s.tokens.clone()).collect();
            tags.extend(m.tag_document(&doc));
            start = i;
        }
    }
    let (r, a) = accuracy(dev_s, &tags);
    println!(
        "stacked (doc) dev {r}/{a} = {:.2}",
        100.0 * r as f64 / a as f64
    );
    Ok(())
}

fn train(
    s: &[Sentence],
    opts: &TrainOptions,
    what: &str,
) -> Result<Model, Box<dyn std::error::Error>> {
    let t = std::time::Instant::now();
    let (m, _) = dossier_tagger::train_sentences(s, None, 1, opts, &mut |_| {})?;
    eprintln!("{what}: {:.0} s", t.elapsed().as_secs_f64());
    Ok(m)
}

fn accuracy(gold: &[Sentence], tags: &[Vec<String>]) -> (usize, usize) {
    let (mut right, mut all) = (0, 0);
    for (s, t) in gold.iter().zip(tags) {
        for (g, p) in s.column(1).unwrap_or_default().iter().zip(t) {
            all += 1;
            right += (*g == p) as usize;
        }
    }
    (right, all)
}

fn with_pos(s: &Sentence, tags: &[String]) -> Sentence {
    let mut s = s.clone();
    for (c, t) in s.columns.iter_mut().zip(tags) {
        c.truncate(1);
        c.push(t.clone());
    }
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 5 {
        eprintln!("usage: tagger_stack TRAIN DEV CLUSTERS EPOCHS FOLDS [v2] [doc] [out=PREFIX]");
        std::process::exit(2);
    }
    let train_s = sentences(&conllu::read(
        &std::fs::read_to_string(&args[0])?,
        &args[0],
    )?);
    let dev_s = sentences(&conllu::read(
        &std::fs::read_to_string(&args[1])?,
        &args[1],
    )?);
    let mut opts = TrainOptions {
        epochs: args[3].parse()?,
        seed: 42,
        prune: 0.1,
        clusters: Some(std::fs::read_to_string(&args[2])?),
        ..TrainOptions::default()
    };
    let k: usize = args[4].parse()?;
    if args[5..].iter().any(|a| a == "v2") {
        opts.templates = dossier_tagger::Templates::V2;
    }
    if args[5..].iter().any(|a| a == "doc") {
        return doc_mode(&train_s, &dev_s, &opts, k);
    }
    // Jackknifed first-pass tags, two folds at a time.
    let mut jack: Vec<Vec<String>> = vec![Vec::new(); train_s.len()];
    let folds: Vec<usize> = (0..k).collect();
    for pair in folds.chunks(2) {
        let results: Vec<Result<(usize, Model), String>> = std::thread::scope(|sc| {
            let hs: Vec<_> = pair
                .iter()
                .map(|&f| {
                    let rest: Vec<Sentence> = train_s
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i % k != f)
                        .map(|(_, s)| s.clone())
                        .collect();
                    let opts = &opts;
                    sc.spawn(move || {
                        train(&rest, opts, &format!("fold {f}"))
                            .map(|m| (f, m))
                            .map_err(|e| e.to_string())
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for r in results {
            let (f, m) = r?;
            for (i, s) in train_s.iter().enumerate().filter(|(i, _)| i % k == f) {
                jack[i] = m.tag(&s.tokens);
            }
        }
    }
    let (r, a) = accuracy(&train_s, &jack);
    println!(
        "jackknifed train accuracy {:.2}",
        100.0 * r as f64 / a as f64
    );
    let first = train(&train_s, &opts, "first pass")?;
    let dev1: Vec<Vec<String>> = dev_s.iter().map(|s| first.tag(&s.tokens)).collect();
    let (r1, a1) = accuracy(&dev_s, &dev1);
    println!(
        "first pass dev {r1}/{a1} = {:.2}",
        100.0 * r1 as f64 / a1 as f64
    );
    let stacked: Vec<Sentence> = train_s
        .iter()
        .zip(&jack)
        .map(|(s, t)| with_pos(s, t))
        .collect();
    let sopts = TrainOptions {
        pos_column: Some(2),
        ..opts.clone()
    };
    let second = train(&stacked, &sopts, "second pass")?;
    let dev2: Vec<Vec<String>> = dev_s
        .iter()
        .zip(&dev1)
        .map(|(s, t)| {
            let toks: Vec<&str> = s.tokens.iter().map(String::as_str).collect();
            let tags: Vec<&str> = t.iter().map(String::as_str).collect();
            second.tag_with_pos(&toks, Some(&tags))
        })
        .collect();
    let (r2, a2) = accuracy(&dev_s, &dev2);
    println!(
        "second pass dev {r2}/{a2} = {:.2}",
        100.0 * r2 as f64 / a2 as f64
    );
    if let Some(out) = args[5..].iter().find_map(|a| a.strip_prefix("out=")) {
        first.save(format!("{out}.first"))?;
        second.save(format!("{out}.second"))?;
    }
    Ok(())
}
