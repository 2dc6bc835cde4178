//! Prunes a parser model at several thresholds and reports size, dev
//! scores and speed, to choose the shipped model's threshold.
//!
//! ```text
//! cargo run --release -p dossier-parser --example prune -- MODEL DEV.conllu [MIN...] [--out MIN FILE]
//! ```
//!
//! `MIN` drops the weights under MIN in magnitude; `l1:MIN` drops whole
//! features whose weights sum to under MIN in magnitude.
//!
//! ```text
//! ```
use dossier_parser::{conllu, eval, parse_conllu, Parser};
use std::time::Instant;

/// CPU seconds this thread has used (Linux; 0 elsewhere): robust to other
/// processes on a busy machine, unlike wall time.
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/stat")
        .ok()
        .and_then(|s| {
            let rest = &s[s.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: prune MODEL DEV.conllu [MIN|l1:MIN...] [--out MIN|l1:MIN FILE]");
        std::process::exit(2);
    }
    let model = Parser::load(&args[0])?;
    let gold = conllu::read(&std::fs::read_to_string(&args[1])?, &args[1])?;
    let words: usize = gold.iter().map(|s| s.words.len()).sum();
    let mut rest = &args[2..];
    let mut out = None;
    if let Some(i) = rest.iter().position(|a| a == "--out") {
        out = Some((rest[i + 1].clone(), rest[i + 2].clone()));
        rest = &rest[..i];
    }
    // Tag once: the speed below is parsing and lemmas only.
    let tags: Vec<Vec<String>> = gold
        .iter()
        .map(|s| model.tagger().tag(&s.forms()))
        .collect();
    // `MIN`: weights under MIN in magnitude go; `l1:MIN`: whole features
    // whose weights sum to under MIN in magnitude go.
    let mut mins: Vec<String> = rest.to_vec();
    if mins.is_empty() {
        mins = vec!["0".to_string()];
    }
    let prune = |min: &str| -> Result<Parser, std::num::ParseFloatError> {
        Ok(match min.strip_prefix("l1:") {
            Some(m) => model.pruned_rows(m.parse()?),
            None => model.pruned(min.parse()?),
        })
    };
    for min in mins {
        let p = prune(&min)?;
        let mut sys = gold.clone();
        let mut scratch = dossier_parser::Scratch::default();
        let forms: Vec<Vec<String>> = sys
            .iter()
            .map(|s| s.words.iter().map(|w| w.form().to_string()).collect())
            .collect();
        // Parse the file five times over; keep the last analysis.
        let (t, c) = (Instant::now(), thread_cpu());
        for _ in 0..5 {
            for ((s, t), f) in sys.iter_mut().zip(&tags).zip(&forms) {
                let a = p.analyze_tagged(f, t.clone(), &mut scratch);
                dossier_parser::set_analysis(s, &a);
            }
        }
        let secs = t.elapsed().as_secs_f64() / 5.0;
        let cpu = (thread_cpu() - c) / 5.0;
        let sc = eval::score(&sys, &gold)?;
        let t = Instant::now();
        let mut sys2 = gold.clone();
        parse_conllu(&p, &mut sys2);
        let full = t.elapsed().as_secs_f64();
        let (f, w) = p.size();
        println!(
            "min {min:<6} features {f:>8} weights {w:>8} bytes {:>9}  UAS {:.2} LAS {:.2}  parse {:.0} w/s ({:.0} per CPU second), tag+parse {:.0} w/s",
            p.to_bytes().len(),
            sc.uas(),
            sc.las(),
            words as f64 / secs,
            words as f64 / cpu.max(1e-9),
            words as f64 / full
        );
    }
    if let Some((min, path)) = out {
        prune(&min)?.save(&path)?;
        println!("wrote {path}");
    }
    Ok(())
}
