//! A small tokenizer and sentence splitter for unit tests (the real ones live
//! in `dossier-nlp`).

use dossier_doc::{Doc, Meta, Sentence, Token};

fn is_apos(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Char spans of the tokens of `text`.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let ch: Vec<char> = text.chars().collect();
    let n = ch.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let c = ch[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push((i, i + 1));
            i += 1;
            continue;
        }
        let mut j = i + 1;
        loop {
            if j < n && ch[j].is_alphanumeric() {
                j += 1;
            } else if j + 1 < n
                && ch[j + 1].is_alphanumeric()
                && (ch[j] == '-'
                    || is_apos(ch[j])
                    || ch[j] == '.'
                        && (j - i == 1 || ch[i..j].contains(&'.') || ch[j - 1].is_ascii_digit())
                    || ch[j] == ',' && ch[j - 1].is_ascii_digit() && ch[j + 1].is_ascii_digit())
            {
                j += 2;
            } else {
                break;
            }
        }
        if j < n && ch[j] == '.' && ch[i..j].contains(&'.') {
            j += 1;
        }
        if j - i > 2 && is_apos(ch[j - 2]) && ch[j - 1] == 's' {
            out.push((i, j - 2));
            out.push((j - 2, j));
        } else {
            out.push((i, j));
        }
        i = j;
    }
    out
}

/// A document of `text` with sentences and tokens (no other layers).
pub fn doc_of(text: &str) -> Doc {
    let mut doc = Doc::new(Meta::default(), text.to_string());
    let spans = tokenize(text);
    let ch: Vec<char> = text.chars().collect();
    let mut sent_start_tok = 0;
    let mut bounds = Vec::new();
    for (k, &(s, e)) in spans.iter().enumerate() {
        let word: String = ch[s..e].iter().collect();
        let next = spans.get(k + 1);
        let newline_after = next.is_none_or(|&(ns, _)| ch[e..ns].contains(&'\n'));
        let prev: String = if k > 0 {
            ch[spans[k - 1].0..spans[k - 1].1].iter().collect()
        } else {
            String::new()
        };
        let abbrev = matches!(
            prev.as_str(),
            "Dr" | "Mr" | "Mrs" | "Gen" | "St" | "Lt" | "Col"
        ) || prev.chars().count() == 1 && prev.chars().all(char::is_uppercase);
        let end_punct = matches!(word.as_str(), "." | "?" | "!")
            && !abbrev
            && next.is_none_or(|&(ns, _)| ch[ns].is_uppercase() || !ch[ns].is_alphanumeric());
        if newline_after || end_punct {
            bounds.push((sent_start_tok, k + 1));
            sent_start_tok = k + 1;
        }
    }
    for (si, &(a, b)) in bounds.iter().enumerate() {
        doc.sentences.push(Sentence {
            start: spans[a].0,
            end: spans[b - 1].1,
            token_start: a,
            token_end: b,
        });
        for &(s, e) in &spans[a..b] {
            doc.tokens.push(Token {
                start: s,
                end: e,
                sentence: si,
                text: ch[s..e].iter().collect::<String>().into(),
                pos: None,
                chunk: None,
                ner: None,
                ..Default::default()
            });
        }
    }
    doc
}

#[test]
fn test_tokenizer_works() {
    let d = doc_of("Kamal’s men met in the U.S. on 3.5 days.\nNew line, 1,200 al-Ruswan.");
    let words: Vec<&str> = d.tokens.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        words,
        [
            "Kamal",
            "’s",
            "men",
            "met",
            "in",
            "the",
            "U.S.",
            "on",
            "3.5",
            "days",
            ".",
            "New",
            "line",
            ",",
            "1,200",
            "al-Ruswan",
            "."
        ]
    );
    assert_eq!(d.sentences.len(), 2);
    d.check_spans().unwrap();
}
