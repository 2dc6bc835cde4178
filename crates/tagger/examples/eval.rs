//! Evaluates a model on a CoNLL file (conlleval semantics).
//!
//! ```text
//! cargo run --release -p dossier-tagger --example eval -- MODEL FILE [--pred-pos] [--harmonize W]
//! ```
//! MODEL is a model file or `builtin:ner|pos|chunk`. With `--pred-pos`, the
//! file's POS column is first replaced by the built-in POS tagger's output
//! (the realistic setting for the chunker). `--harmonize W` applies
//! [`harmonize_types`] over documents (windows of W sentences, 0: whole
//! `-DOCSTART-` documents). Also prints load time and
//! tagging speed.
use dossier_tagger::{eval_sentences, evaluate, harmonize_types, read_conll, Model};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: eval MODEL FILE [--pred-pos]");
        std::process::exit(2);
    }
    let t = Instant::now();
    let model: Model = match args[0].as_str() {
        "builtin:ner" => Model::builtin_ner()?.clone(),
        "builtin:pos" => Model::builtin_pos()?.clone(),
        "builtin:chunk" => Model::builtin_chunk()?.clone(),
        path => Model::load(path)?,
    };
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let mut sents = read_conll(&args[1])?;
    if args.iter().any(|a| a == "--pred-pos") {
        let pos = Model::builtin_pos()?;
        for s in &mut sents {
            let tags = pos.tag(&s.tokens);
            for (cols, tag) in s.columns.iter_mut().zip(tags) {
                if let Some(c) = cols.get_mut(0) {
                    *c = tag;
                }
            }
        }
    }
    let t = Instant::now();
    let rep = if let Some(w) = args
        .iter()
        .position(|a| a == "--harmonize")
        .and_then(|i| args.get(i + 1))
    {
        // Document-level type consistency over windows of w sentences
        // (0: whole -DOCSTART- documents).
        let w: usize = w.parse()?;
        let mut gold = Vec::new();
        let mut pred = Vec::new();
        let mut start = 0;
        for i in 1..=sents.len() {
            if i == sents.len() || sents[i].doc != sents[start].doc || (w > 0 && i - start >= w) {
                let toks: Vec<Vec<&str>> = sents[start..i]
                    .iter()
                    .map(|s| s.tokens.iter().map(String::as_str).collect())
                    .collect();
                let mut tags = model.tag_document(&toks);
                harmonize_types(&toks, &mut tags);
                pred.extend(tags);
                gold.extend(
                    sents[start..i]
                        .iter()
                        .map(|s| s.column(model.column()).unwrap_or_default()),
                );
                start = i;
            }
        }
        evaluate(&gold, &pred)
    } else {
        eval_sentences(&model, &sents, &args[1])?
    };
    let secs = t.elapsed().as_secs_f64();
    println!("{rep}");
    println!(
        "load {:.1} ms; tagging {:.0} tokens/s",
        load_ms,
        rep.tokens as f64 / secs
    );
    Ok(())
}
