//! Trains a parser the way `dossier train parser` does, without the CLI
//! (a quicker build for experiments), printing each epoch.
//!
//! ```text
//! cargo run --release -p dossier-parser --example train_parser -- TRAIN DEV OUT [EPOCHS] [CLUSTERS] [v1|v2] [tagger-v1|tagger-v2] [--beam N] [--early] [--init MODEL] [--tags-cache FILE] [--prune MIN]
//! ```
use dossier_parser::{conllu, BeamUpdate, FeatureSet, Progress, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = Vec::new();
    let mut opts = TrainOptions::default();
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--beam" => opts.beam = it.next().ok_or("--beam N")?.parse()?,
            "--early" => opts.update = BeamUpdate::Early,
            "--prune" => opts.prune = it.next().ok_or("--prune MIN")?.parse()?,
            "--init" => opts.init = Some(it.next().ok_or("--init MODEL")?.into()),
            "--tags-cache" => opts.tags_cache = Some(it.next().ok_or("--tags-cache FILE")?.into()),
            _ => args.push(a),
        }
    }
    if args.len() < 3 {
        eprintln!(
            "usage: train_parser TRAIN DEV OUT [EPOCHS] [CLUSTERS] [v1|v2] [tagger-v1|tagger-v2] [--beam N] [--early] [--init MODEL] [--tags-cache FILE] [--prune MIN]"
        );
        std::process::exit(2);
    }
    let train = conllu::read(&std::fs::read_to_string(&args[0])?, &args[0])?;
    let dev = conllu::read(&std::fs::read_to_string(&args[1])?, &args[1])?;
    opts.checkpoint = Some(args[2].clone().into());
    if let Some(e) = args.get(3) {
        opts.epochs = e.parse()?;
    }
    if let Some(c) = args.get(4) {
        opts.clusters = Some(std::fs::read_to_string(c)?);
    }
    match args.get(5).map(String::as_str) {
        None | Some("v1") => opts.features = FeatureSet::V1,
        Some("v2") => opts.features = FeatureSet::V2,
        Some(x) => return Err(format!("feature set {x}: v1 or v2").into()),
    }
    match args.get(6).map(String::as_str) {
        None | Some("tagger-v1") => opts.tagger_templates = dossier_tagger::Templates::V1,
        Some("tagger-v2") => opts.tagger_templates = dossier_tagger::Templates::V2,
        Some(x) => return Err(format!("tagger templates {x}: tagger-v1 or tagger-v2").into()),
    }
    let (model, report) = dossier_parser::train(&train, Some(&dev), &opts, &mut |p| match p {
        Progress::Step(s) => eprintln!("{s}"),
        Progress::Epoch {
            epoch,
            error_rate,
            dev,
            elapsed_s,
            ..
        } => eprintln!(
            "epoch {epoch}: wrong {:.2}% dev {} ({elapsed_s:.0} s)",
            100.0 * error_rate,
            dev.map(|s| format!("UAS {:.2} LAS {:.2}", s.uas(), s.las()))
                .unwrap_or_default()
        ),
    })?;
    model.save(&args[2])?;
    eprintln!("{report:?}");
    Ok(())
}
