//! The XPOS accuracy on a dev file of the tagger `dossier train parser`
//! trains (its options), epoch by epoch, to choose the tagger's settings.
//!
//! ```text
//! cargo run --release -p dossier-parser --example tagger_curve -- TRAIN DEV CLUSTERS EPOCHS [nolex] [prune=X] [v2]
//! ```
//!
//! After training it prints the dev set's most frequent confusions
//! (`GOLD -> PREDICTED count`).
use dossier_parser::conllu;

fn sentences(s: &[conllu::Sentence]) -> Vec<dossier_tagger::Sentence> {
    s.iter()
        .filter(|s| !s.words.is_empty())
        .map(conllu::Sentence::tagger_sentence)
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 4 {
        eprintln!("usage: tagger_curve TRAIN DEV CLUSTERS EPOCHS [nolex] [prune=X] [v2]");
        std::process::exit(2);
    }
    let train = conllu::read(&std::fs::read_to_string(&args[0])?, &args[0])?;
    let dev = conllu::read(&std::fs::read_to_string(&args[1])?, &args[1])?;
    let mut opts = dossier_tagger::TrainOptions {
        epochs: args[3].parse()?,
        seed: 42,
        prune: 0.1,
        clusters: Some(std::fs::read_to_string(&args[2])?),
        ..dossier_tagger::TrainOptions::default()
    };
    for a in &args[4..] {
        if a == "v2" {
            opts.templates = dossier_tagger::Templates::V2;
        } else if a == "nolex" {
            opts.use_lexicon = false;
        } else if let Some(p) = a.strip_prefix("prune=") {
            opts.prune = p.parse()?;
        }
    }
    let dev_sents = sentences(&dev);
    let (model, report) = dossier_tagger::train_sentences(
        &sentences(&train),
        Some(&dev_sents),
        1,
        &opts,
        &mut |p| {
            println!(
                "epoch {} dev accuracy {:.2} ({:.0} s)",
                p.epoch,
                100.0 * p.dev_accuracy.unwrap_or(0.0),
                p.elapsed_s
            )
        },
    )?;
    println!("{report:?}");
    let mut confusions = std::collections::HashMap::<(String, String), usize>::new();
    let (mut right, mut all) = (0usize, 0usize);
    for s in &dev_sents {
        let gold = s.column(1).unwrap_or_default();
        for (g, p) in gold.iter().zip(model.tag(&s.tokens)) {
            all += 1;
            if *g == p {
                right += 1;
            } else {
                *confusions.entry((g.to_string(), p)).or_insert(0) += 1;
            }
        }
    }
    let mut confusions: Vec<_> = confusions.into_iter().collect();
    confusions.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    println!("dev {right}/{all} right; most frequent confusions:");
    for ((g, p), c) in confusions.iter().take(25) {
        println!("  {g} -> {p} {c}");
    }
    Ok(())
}
