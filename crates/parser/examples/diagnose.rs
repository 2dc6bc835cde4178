//! Where a parser model's errors are, on a CoNLL-U file with gold trees:
//! the XPOS accuracy of its own tagger, UAS/LAS with predicted and with
//! gold XPOS tags (the gap is what better tagging could give), the LAS
//! minus UAS gap by gold relation (label errors), and attachment errors
//! by gold relation and by dependency length.
//!
//! ```text
//! cargo run --release -p dossier-parser --example diagnose -- MODEL DEV.conllu
//! ```
use dossier_parser::{conllu, eval, Parser, Scratch};
use std::collections::BTreeMap;

#[derive(Default, Clone, Copy)]
struct Count {
    n: usize,
    head: usize,
    labeled: usize,
}

fn parse_with(
    p: &Parser,
    gold: &[conllu::Sentence],
    tags: &[Vec<String>],
) -> Vec<conllu::Sentence> {
    let mut scratch = Scratch::default();
    let mut sys = gold.to_vec();
    for (s, t) in sys.iter_mut().zip(tags) {
        if s.words.is_empty() {
            continue;
        }
        let forms: Vec<String> = s.words.iter().map(|w| w.form().to_string()).collect();
        let a = p.analyze_tagged(&forms, t.clone(), &mut scratch);
        dossier_parser::set_analysis(s, &a);
    }
    sys
}

fn bucket(d: usize) -> &'static str {
    match d {
        0 => "root",
        1 => "1",
        2 => "2",
        3..=4 => "3-4",
        5..=7 => "5-7",
        8..=12 => "8-12",
        _ => "13+",
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 2 {
        eprintln!("usage: diagnose MODEL GOLD.conllu");
        std::process::exit(2);
    }
    let model = Parser::load(&args[0])?;
    let gold = conllu::read(&std::fs::read_to_string(&args[1])?, &args[1])?;
    let pred_tags: Vec<Vec<String>> = gold
        .iter()
        .map(|s| model.tagger().tag(&s.forms()))
        .collect();
    let gold_tags: Vec<Vec<String>> = gold
        .iter()
        .map(|s| s.words.iter().map(|w| w.xpos().to_string()).collect())
        .collect();
    let (mut right, mut all) = (0usize, 0usize);
    for (p, g) in pred_tags.iter().zip(&gold_tags) {
        all += p.len();
        right += p.iter().zip(g).filter(|(a, b)| a == b).count();
    }
    println!(
        "XPOS accuracy of the parser's tagger: {:.2} ({} of {})",
        100.0 * right as f64 / all.max(1) as f64,
        right,
        all
    );
    let sys = parse_with(&model, &gold, &pred_tags);
    let s = eval::score(&sys, &gold)?;
    println!("predicted tags: UAS {:.2} LAS {:.2}", s.uas(), s.las());
    let sys_gold = parse_with(&model, &gold, &gold_tags);
    let sg = eval::score(&sys_gold, &gold)?;
    println!("gold tags:      UAS {:.2} LAS {:.2}", sg.uas(), sg.las());

    // Breakdowns over the predicted-tag parse.
    let mut by_rel: BTreeMap<String, Count> = BTreeMap::new();
    let mut by_len: BTreeMap<&'static str, Count> = BTreeMap::new();
    let mut tag_err = Count::default();
    let mut tag_ok = Count::default();
    let mut confusions: BTreeMap<(String, String), usize> = BTreeMap::new();
    for ((sy, g), (pt, gt)) in sys.iter().zip(&gold).zip(pred_tags.iter().zip(&gold_tags)) {
        for (i, (ws, wg)) in sy.words.iter().zip(&g.words).enumerate() {
            let rel = eval::universal(wg.deprel()).to_string();
            // HEAD is 1-based, 0 for the root.
            let len = match wg.head() {
                None | Some(0) => 0,
                Some(h) => (h - 1).abs_diff(i),
            };
            let hit = ws.head() == wg.head();
            let lab = hit && eval::universal(ws.deprel()) == rel;
            if hit && !lab {
                *confusions
                    .entry((rel.clone(), eval::universal(ws.deprel()).to_string()))
                    .or_default() += 1;
            }
            for c in [
                by_rel.entry(rel.clone()).or_default(),
                by_len.entry(bucket(len)).or_default(),
                if pt[i] == gt[i] {
                    &mut tag_ok
                } else {
                    &mut tag_err
                },
            ] {
                c.n += 1;
                c.head += hit as usize;
                c.labeled += lab as usize;
            }
        }
    }
    let total = s.words as f64;
    let line = |name: &str, c: &Count| {
        println!(
            "{name:<12} {:>6} {:>6.2} {:>6.2}   head errors {:>5} ({:>5.2} of all words)  label-only errors {:>4} ({:>5.2})",
            c.n,
            100.0 * c.head as f64 / c.n.max(1) as f64,
            100.0 * c.labeled as f64 / c.n.max(1) as f64,
            c.n - c.head,
            100.0 * (c.n - c.head) as f64 / total,
            c.head - c.labeled,
            100.0 * (c.head - c.labeled) as f64 / total,
        )
    };
    println!("\nwords by tag correctness: n UAS LAS");
    line("tag right", &tag_ok);
    line("tag wrong", &tag_err);
    println!("\nby gold relation (most lost LAS first): n UAS LAS");
    let mut rels: Vec<_> = by_rel.iter().collect();
    rels.sort_by_key(|(_, c)| std::cmp::Reverse(c.n - c.labeled));
    for (r, c) in rels.iter().take(25) {
        line(r, c);
    }
    println!("\nby dependency length: n UAS LAS");
    for k in ["root", "1", "2", "3-4", "5-7", "8-12", "13+"] {
        if let Some(c) = by_len.get(k) {
            line(k, c);
        }
    }
    println!("\nlabel confusions with the right head (gold -> predicted):");
    let mut conf: Vec<_> = confusions.into_iter().collect();
    conf.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    for ((g, p), n) in conf.iter().take(15) {
        println!("{g:>12} -> {p:<12} {n}");
    }
    Ok(())
}
