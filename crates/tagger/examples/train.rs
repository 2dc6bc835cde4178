//! Trains a model on CoNLL files.
//!
//! ```text
//! cargo run --release -p dossier-tagger --example train -- \
//!     TASK TRAIN DEV OUT [EPOCHS]
//! ```
//! TASK is `ner` (column 3), `pos` (column 1) or `chunk` (column 2, with the
//! POS column as features). The seed is fixed (42), so runs are reproducible.
//! `DOC_WINDOW=n` turns on document-level features over windows of n
//! consecutive sentences (off by default: they did not help on dev);
//! `PRUNE=x` sets the weight pruning, `MIN_COUNT=n` the feature cutoff,
//! `CLUSTERS=FILE` adds word-cluster features (`CODE<TAB>WORD` lines, e.g.
//! `data/clusters/brown-wikipedia-c512.txt` from `dossier-clusters`).
//! `STACK=k` trains a stacked model (document-level label consistency from
//! a first stage jackknifed over k folds of documents); `DOCS=TRAIN,DEV`
//! names copies of the two files with `-DOCSTART-` lines (the same
//! sentences, e.g. `iob1-docstart/`), whose document boundaries are used.
//! `STACK_MODE=whole` gates the stacked features to whole names (the
//! same whole capitalized token sequence; `word`, the default: any
//! occurrence of the word).
use dossier_tagger::{eval_sentences, read_conll, train_sentences, Model, TrainOptions};
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: train ner|pos|chunk TRAIN DEV OUT [EPOCHS]");
        std::process::exit(2);
    }
    let (task, train, dev, out) = (
        &args[0],
        Path::new(&args[1]),
        Path::new(&args[2]),
        Path::new(&args[3]),
    );
    let mut opts = TrainOptions::default();
    let column = match task.as_str() {
        "ner" => 3,
        "pos" => {
            opts.prune = 0.1;
            1
        }
        "chunk" => {
            opts.pos_column = Some(1);
            opts.prune = 0.1;
            2
        }
        other => return Err(format!("unknown task {other}").into()),
    };
    if let Some(e) = args.get(4) {
        opts.epochs = e.parse()?;
    }
    if let Ok(w) = std::env::var("DOC_WINDOW") {
        opts.doc_window = w.parse()?;
    }
    if std::env::var("NO_POS").is_ok() {
        opts.pos_column = None;
    }
    if let Ok(path) = std::env::var("CLUSTERS") {
        opts.clusters = Some(std::fs::read_to_string(path)?);
    }
    if let Ok(c) = std::env::var("MIN_COUNT") {
        opts.min_count = c.parse()?;
    }
    if let Ok(s) = std::env::var("SEED") {
        opts.seed = s.parse()?;
    }
    if let Ok(p) = std::env::var("PRUNE") {
        opts.prune = p.parse()?;
    }
    if let Ok(k) = std::env::var("STACK") {
        opts.stack_folds = k.parse()?;
    }
    match std::env::var("STACK_MODE").as_deref() {
        Ok("whole") => opts.stack_mode = dossier_tagger::StackMode::Whole,
        Ok("agreed") => opts.stack_mode = dossier_tagger::StackMode::Agreed,
        Ok("untyped") => opts.stack_mode = dossier_tagger::StackMode::Untyped,
        Ok("word") | Err(_) => {}
        Ok(other) => {
            return Err(format!("STACK_MODE={other}: word, whole, agreed or untyped").into())
        }
    }
    let mut train = read_conll(train)?;
    let mut dev_sents = read_conll(dev)?;
    if let Ok(docs) = std::env::var("DOCS") {
        let (t, d) = docs.split_once(',').ok_or("DOCS=TRAIN,DEV")?;
        for (set, path) in [(&mut train, t), (&mut dev_sents, d)] {
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
    let (model, report) = train_sentences(&train, Some(&dev_sents), column, &opts, &mut |p| {
        eprintln!(
            "epoch {:>2}/{}: mistakes {:>5}, train acc {:.4}, dev F1 {}, dev acc {}, {:.1}s",
            p.epoch,
            p.epochs,
            p.mistakes,
            p.train_accuracy,
            p.dev_f1.map(|f| format!("{:.4}", f)).unwrap_or("-".into()),
            p.dev_accuracy
                .map(|f| format!("{:.4}", f))
                .unwrap_or("-".into()),
            p.elapsed_s
        )
    })?;
    eprintln!("{report:?}");
    model.save(out)?;
    let size = std::fs::metadata(out)?.len();
    let t = Instant::now();
    let loaded = Model::load(out)?;
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let t = Instant::now();
    let rep = eval_sentences(&loaded, &dev_sents, "dev")?;
    let secs = t.elapsed().as_secs_f64();
    println!("{rep}");
    println!(
        "model {} bytes ({:.1} MB), load {:.0} ms, dev tagging {:.0} tokens/s (incl. reading)",
        size,
        size as f64 / 1e6,
        load_ms,
        rep.tokens as f64 / secs
    );
    Ok(())
}
