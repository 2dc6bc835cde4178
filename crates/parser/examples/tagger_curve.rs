//! The XPOS accuracy on a dev file of the tagger `dossier train parser`
//! trains (its options), epoch by epoch, to choose the tagger's settings.
//!
//! ```text
//! cargo run --release -p dossier-parser --example tagger_curve -- TRAIN DEV CLUSTERS EPOCHS [nolex] [prune=X]
//! ```
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
        eprintln!("usage: tagger_curve TRAIN DEV CLUSTERS EPOCHS [nolex] [prune=X]");
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
        if a == "nolex" {
            opts.use_lexicon = false;
        } else if let Some(p) = a.strip_prefix("prune=") {
            opts.prune = p.parse()?;
        }
    }
    let (_, report) = dossier_tagger::train_sentences(
        &sentences(&train),
        Some(&sentences(&dev)),
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
    Ok(())
}
