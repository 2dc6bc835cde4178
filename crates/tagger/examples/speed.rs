//! Load time and single-thread tagging speed of model files.
//!
//! `cargo run --release -p dossier-tagger --example speed -- [MODELS_DIR]`
//! (default `models/`). The text is a few hundred tokens of newswire-like
//! sentences about fictional people and places, tagged repeatedly.
use dossier_tagger::Model;
use std::time::Instant;

const TEXT: &str = "The Ministry of Defence said on Tuesday that General Arno Velt , commander of the Northern Brigade , had met officials in Kadra and Lisbon to discuss the ceasefire . \
Shares of Halvorsen Shipping Inc rose 3.5 percent to 41.20 dollars in Oslo after the company reported higher profits for the second quarter . \
Rebels of the Liberation Front attacked a police base near the border town of Tessa , killing four soldiers , local officials told reporters . \
In a statement posted online , the movement's spokesman Idris Malouf denied that its fighters had received weapons from abroad . \
Analysts at the Varnhold Institute say the group has grown from a few dozen members in 2014 to several thousand today .";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| "models".into());
    let sents: Vec<Vec<&str>> = TEXT
        .split(" . ")
        .map(|s| s.split_whitespace().chain(["."]).collect())
        .collect();
    let ntok: usize = sents.iter().map(|s| s.len()).sum();
    for name in ["ner", "pos", "chunk"] {
        let path = format!("{dir}/{name}.bin");
        let t = Instant::now();
        let model = Model::load(&path)?;
        let load_ms = t.elapsed().as_secs_f64() * 1e3;
        let pos: Vec<Vec<String>> = sents
            .iter()
            .map(|s| s.iter().map(|_| "NNP".to_string()).collect())
            .collect();
        let rounds = 400;
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            for (s, p) in sents.iter().zip(&pos) {
                let p: Vec<&str> = p.iter().map(String::as_str).collect();
                n += model.tag_with_pos(s, Some(&p)).len();
            }
        }
        let secs = t.elapsed().as_secs_f64();
        assert_eq!(n, ntok * rounds);
        println!(
            "{name}: {} bytes, load {load_ms:.1} ms, {:.0} tokens/s ({} labels, {} weights)",
            std::fs::metadata(&path)?.len(),
            n as f64 / secs,
            model.labels().len(),
            model.num_weights()
        );
    }
    Ok(())
}
