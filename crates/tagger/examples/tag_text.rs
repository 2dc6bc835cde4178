//! Tags a plain-text file with the built-in models (naive tokenization:
//! punctuation split off words, one sentence per line or per `. `) and prints
//! the entities found.
//!
//! `cargo run --release -p dossier-tagger --example tag_text -- FILE`
use dossier_tagger::{spans, Model};

fn tokenize(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in line.split_whitespace() {
        let mut w = w;
        let mut tail = Vec::new();
        while let Some(c) = w.chars().next().filter(|c| "([\"'“‘".contains(*c)) {
            out.push(c.to_string());
            w = &w[c.len_utf8()..];
        }
        while let Some(c) = w.chars().last().filter(|c| ".,;:)]\"'”’?!".contains(*c)) {
            if c == '.' && w.len() <= 3 && w.chars().next().is_some_and(|f| f.is_uppercase()) {
                break;
            }
            tail.push(c.to_string());
            w = &w[..w.len() - c.len_utf8()];
        }
        if let Some(stem) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) {
            if !stem.is_empty() {
                out.push(stem.to_string());
                out.push(w[stem.len()..].to_string());
                w = "";
            }
        }
        if !w.is_empty() {
            out.push(w.to_string());
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: tag_text FILE")?;
    let text = std::fs::read_to_string(path)?;
    let m = Model::builtin_ner()?;
    for line in text.lines() {
        let toks = tokenize(line);
        let mut start = 0;
        for i in 0..toks.len() {
            if i + 1 == toks.len()
                || (toks[i] == "." && toks[i + 1].chars().next().is_some_and(|c| c.is_uppercase()))
            {
                let sent = &toks[start..=i];
                let tags = m.tag(sent);
                for (a, b, ty) in spans(&tags) {
                    println!("{ty}\t{}", sent[a..b].join(" "));
                }
                start = i + 1;
            }
        }
    }
    Ok(())
}
