//! The CPU time of loading a parser model from its bytes (the start-up
//! every `dossier` process pays for the parser): the file read once, then
//! `Parser::from_bytes` timed REPEATS times, the minimum and median
//! milliseconds of this thread's CPU time.
//!
//! ```text
//! cargo run --release -p dossier-parser --example load -- models/parser.bin [REPEATS]
//! ```
use dossier_parser::Parser;

mod support;
use support::cpu_s;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: load MODEL [REPEATS]");
        std::process::exit(2);
    };
    let repeats: usize = args.get(1).map(|r| r.parse()).transpose()?.unwrap_or(10);
    let bytes = std::fs::read(path)?;
    let mut ms = Vec::new();
    for _ in 0..repeats.max(1) {
        let t = cpu_s();
        let p = Parser::from_bytes(&bytes)?;
        ms.push((cpu_s() - t) * 1e3);
        drop(p);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "{path}: load min {:.1} ms, median {:.1} ms of CPU ({} runs)",
        ms[0],
        ms[ms.len() / 2],
        ms.len()
    );
    Ok(())
}
