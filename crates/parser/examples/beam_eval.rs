//! The speed/accuracy trade-off of beam widths: a model's UAS/LAS on a
//! CoNLL-U file with gold trees (tags from the model's own tagger, tagged
//! once) and its parsing speed (words per second of the thread's CPU time,
//! so that a loaded machine's waits do not count; parsing and lemmas with
//! the tags given, and with the tagging time added), one line per width,
//! every width in one run.
//!
//! ```text
//! cargo run --release -p dossier-parser --example beam_eval -- MODEL DEV.conllu [1,4,8,16] [REPEATS]
//! ```
use dossier_parser::{conllu, eval, Parser, Scratch};

mod support;
use support::cpu_s;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: beam_eval MODEL GOLD.conllu [WIDTHS] [REPEATS]");
        std::process::exit(2);
    }
    let mut model = Parser::load(&args[0])?;
    let gold = conllu::read(&std::fs::read_to_string(&args[1])?, &args[1])?;
    let widths: Vec<usize> = args
        .get(2)
        .map(|w| w.split(',').map(str::parse).collect::<Result<_, _>>())
        .transpose()?
        .unwrap_or_else(|| vec![1, 4, 8, 16]);
    let repeats: usize = args.get(3).map(|r| r.parse()).transpose()?.unwrap_or(1);
    let forms: Vec<Vec<String>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.form().to_string()).collect())
        .collect();
    let words: usize = forms.iter().map(Vec::len).sum();
    // Tagged sentence by sentence (one thread).
    let t = cpu_s();
    let tags: Vec<Vec<String>> = forms.iter().map(|f| model.tagger().tag(f)).collect();
    let tag_s = cpu_s() - t;
    println!(
        "model {} (trained beam {}), {} sentences, {words} words; tagging {:.0} words/s",
        args[0],
        model.beam(),
        gold.len(),
        words as f64 / tag_s
    );
    println!("beam\tUAS\tLAS\tparse+lemma words/s\twith tagging words/s");
    for &w in &widths {
        model.set_beam(w);
        let mut scratch = Scratch::default();
        let mut best = f64::INFINITY;
        let mut sys = gold.clone();
        for _ in 0..repeats.max(1) {
            let t = cpu_s();
            for ((s, f), tg) in sys.iter_mut().zip(&forms).zip(&tags) {
                if f.is_empty() {
                    continue;
                }
                let a = model.analyze_tagged(f, tg.clone(), &mut scratch);
                dossier_parser::set_analysis(s, &a);
            }
            best = best.min(cpu_s() - t);
        }
        let sc = eval::score(&sys, &gold)?;
        println!(
            "{w}\t{:.2}\t{:.2}\t{:.0}\t{:.0}",
            sc.uas(),
            sc.las(),
            words as f64 / best,
            words as f64 / (best + tag_s)
        );
    }
    Ok(())
}
