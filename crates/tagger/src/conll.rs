//! CoNLL reading, tagging and conlleval-style evaluation.

use crate::model::{split_tag, Model, Scheme};
use crate::{Result, TaggerError};
use std::collections::BTreeMap;
use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

/// One sentence of a CoNLL file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Column 0: the tokens.
    pub tokens: Vec<String>,
    /// Every token's other columns (column 1 at index 0).
    pub columns: Vec<Vec<String>>,
    /// 1-based line of the sentence's first token.
    pub line: usize,
    /// Index of its document: the number of `-DOCSTART-` lines before it.
    pub doc: usize,
}

impl Sentence {
    /// The values of column `c` (0 = the token), if every token has it.
    pub fn column(&self, c: usize) -> Option<Vec<&str>> {
        if c == 0 {
            return Some(self.tokens.iter().map(String::as_str).collect());
        }
        self.columns
            .iter()
            .map(|cols| cols.get(c - 1).map(String::as_str))
            .collect()
    }
}

fn is_docstart(line: &str) -> bool {
    line.split_whitespace().next() == Some("-DOCSTART-")
}

/// Reads CoNLL sentences from a reader; `name` names it in errors. Tokens
/// are whitespace-separated columns, the token first; a blank line ends a
/// sentence; `-DOCSTART-` lines are skipped. Every line of a sentence must
/// have the same number of columns.
pub fn read_conll_from(input: impl BufRead, name: &str) -> Result<Vec<Sentence>> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let mut width = 0;
    let mut doc = 0;
    for (i, line) in input.split(b'\n').enumerate() {
        let lineno = i + 1;
        let line = line.map_err(|e| TaggerError::Io {
            path: name.to_string(),
            source: e,
        })?;
        let line = String::from_utf8(line).map_err(|_| TaggerError::Conll {
            file: name.to_string(),
            line: lineno,
            message: "invalid UTF-8".into(),
        })?;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || is_docstart(line) {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if is_docstart(line) {
                doc += 1;
            }
            continue;
        }
        let mut cols = line.split_whitespace();
        let tok = cols.next().unwrap_or_default().to_string();
        let rest: Vec<String> = cols.map(str::to_string).collect();
        if cur.tokens.is_empty() {
            width = rest.len();
            cur.line = lineno;
            cur.doc = doc;
        } else if rest.len() != width {
            return Err(TaggerError::Conll {
                file: name.to_string(),
                line: lineno,
                message: format!(
                    "expected {} columns like the sentence's first line, found {}",
                    width + 1,
                    rest.len() + 1
                ),
            });
        }
        cur.tokens.push(tok);
        cur.columns.push(rest);
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads a CoNLL file (see [`read_conll_from`]).
pub fn read_conll(path: impl AsRef<Path>) -> Result<Vec<Sentence>> {
    let path = path.as_ref();
    let f = std::fs::File::open(path).map_err(|e| TaggerError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    read_conll_from(BufReader::new(f), &path.display().to_string())
}

/// Groups consecutive sentences into documents: by `-DOCSTART-` where the
/// file has them, each split into windows of at most `window` sentences
/// (`0`: no splitting).
pub(crate) fn doc_groups(sents: &[Sentence], window: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=sents.len() {
        let boundary = i == sents.len()
            || sents[i].doc != sents[start].doc
            || (window > 0 && i - start >= window);
        if boundary {
            out.push(start..i);
            start = i;
        }
    }
    out
}

/// Tags sentences document by document (see [`doc_groups`]); a stacked
/// model sees whole `-DOCSTART-` documents.
pub(crate) fn tag_sentences(model: &Model, sents: &[Sentence]) -> Vec<Vec<String>> {
    let mut out = Vec::with_capacity(sents.len());
    let window = match model.doc_window() {
        0 if model.is_stacked() => 0,
        0 => 1,
        w => w,
    };
    for g in doc_groups(sents, window) {
        let group = &sents[g];
        let toks: Vec<Vec<&str>> = group
            .iter()
            .map(|s| s.column(0).unwrap_or_default())
            .collect();
        let pos: Option<Vec<Vec<&str>>> = group.iter().map(|s| pos_of(model, s)).collect();
        out.extend(model.tag_document_with_pos(&toks, pos.as_deref()));
    }
    out
}

fn pos_of<'a>(model: &Model, s: &'a Sentence) -> Option<Vec<&'a str>> {
    model.pos_column().and_then(|c| s.column(c))
}

/// Tags CoNLL input: writes `TOKEN TAG` per token and a blank line after
/// each sentence (the same sentences as the input; `-DOCSTART-` lines are
/// skipped). A POS-using model takes POS tags from its POS column when the
/// input has it.
pub fn tag_conll(model: &Model, input: impl BufRead, mut output: impl Write) -> Result<()> {
    let sents = read_conll_from(input, "<input>")?;
    let io = |e| TaggerError::Io {
        path: "<output>".into(),
        source: e,
    };
    let tagged = tag_sentences(model, &sents);
    for (s, tags) in sents.iter().zip(&tagged) {
        for (t, g) in s.tokens.iter().zip(tags) {
            writeln!(output, "{t} {g}").map_err(io)?;
        }
        writeln!(output).map_err(io)?;
    }
    output.flush().map_err(io)
}

/// Counts for one chunk type (or overall).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeScore {
    /// Gold chunks.
    pub gold: usize,
    /// Predicted chunks.
    pub predicted: usize,
    /// Exactly matching chunks.
    pub correct: usize,
}

impl TypeScore {
    /// Precision in [0, 1].
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            0.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
    /// Recall in [0, 1].
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
    /// F1 in [0, 1].
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Evaluation results with conlleval semantics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    /// Tokens evaluated.
    pub tokens: usize,
    /// Tokens whose tag is exactly right.
    pub correct_tokens: usize,
    /// Per chunk type.
    pub per_type: BTreeMap<String, TypeScore>,
    /// All types together.
    pub overall: TypeScore,
}

impl EvalReport {
    /// Token accuracy in [0, 1].
    pub fn accuracy(&self) -> f64 {
        if self.tokens == 0 {
            0.0
        } else {
            self.correct_tokens as f64 / self.tokens as f64
        }
    }
    /// Overall chunk F1 in [0, 1].
    pub fn f1(&self) -> f64 {
        self.overall.f1()
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.overall;
        writeln!(
            f,
            "processed {} tokens with {} phrases; found: {} phrases; correct: {}.",
            self.tokens, o.gold, o.predicted, o.correct
        )?;
        writeln!(
            f,
            "accuracy: {:6.2}%; precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}",
            100.0 * self.accuracy(),
            100.0 * o.precision(),
            100.0 * o.recall(),
            100.0 * o.f1()
        )?;
        for (ty, s) in &self.per_type {
            writeln!(
                f,
                "{:>17}: precision: {:6.2}%; recall: {:6.2}%; FB1: {:6.2}  {}",
                ty,
                100.0 * s.precision(),
                100.0 * s.recall(),
                100.0 * s.f1(),
                s.predicted
            )?;
        }
        Ok(())
    }
}

/// Chunks of an IOB1/IOB2/BILOU tag sequence with conlleval semantics:
/// `(start, end exclusive, type)`. A chunk starts at `B-`/`U-`, or at
/// `I-`/`L-` after `O` or a different type; it ends before a tag that is
/// not a continuation of the same type.
pub fn spans<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    let mut prev_closed_here = false;
    for (i, t) in tags.iter().enumerate() {
        let (p, ty) = split_tag(t.as_ref());
        let ty = if p == '?' { t.as_ref() } else { ty };
        let continues = matches!(p, 'I' | 'L' | 'E')
            && !prev_closed_here
            && open.as_ref().map(|(_, oty)| oty == ty).unwrap_or(false);
        if !continues {
            if let Some((s, oty)) = open.take() {
                out.push((s, i, oty));
            }
            if p != 'O' {
                open = Some((i, ty.to_string()));
            }
        }
        prev_closed_here = matches!(p, 'L' | 'U' | 'E' | 'S');
    }
    if let Some((s, oty)) = open {
        out.push((s, tags.len(), oty));
    }
    out
}

/// Evaluates predicted against gold tag sequences (one per sentence).
/// Sentences whose lengths differ count their extra tokens as wrong.
pub fn evaluate<S: AsRef<str>, T: AsRef<str>>(gold: &[Vec<S>], predicted: &[Vec<T>]) -> EvalReport {
    let mut rep = EvalReport::default();
    for (i, g) in gold.iter().enumerate() {
        let empty = Vec::new();
        let p = predicted.get(i).unwrap_or(&empty);
        rep.tokens += g.len();
        rep.correct_tokens += g
            .iter()
            .zip(p.iter())
            .filter(|(a, b)| a.as_ref() == b.as_ref())
            .count();
        let gs = spans(g);
        let ps = spans(p);
        for (_, _, ty) in &gs {
            rep.per_type.entry(ty.clone()).or_default().gold += 1;
        }
        for (_, _, ty) in &ps {
            rep.per_type.entry(ty.clone()).or_default().predicted += 1;
        }
        let gset: std::collections::HashSet<&(usize, usize, String)> = gs.iter().collect();
        for s in &ps {
            if gset.contains(s) {
                rep.per_type.entry(s.2.clone()).or_default().correct += 1;
            }
        }
    }
    for s in rep.per_type.values() {
        rep.overall.gold += s.gold;
        rep.overall.predicted += s.predicted;
        rep.overall.correct += s.correct;
    }
    rep
}

/// Tags a CoNLL file with `model` and scores it against the file's own
/// column `model.column()` (conlleval semantics; for POS models, read
/// [`EvalReport::accuracy`]).
pub fn eval_conll(model: &Model, path: impl AsRef<Path>) -> Result<EvalReport> {
    let path = path.as_ref();
    let sents = read_conll(path)?;
    eval_sentences(model, &sents, &path.display().to_string())
}

/// Tags sentences already read and scores them against their column
/// `model.column()` (see [`eval_conll`]); `name` names them in errors.
pub fn eval_sentences(model: &Model, sents: &[Sentence], name: &str) -> Result<EvalReport> {
    let mut gold = Vec::with_capacity(sents.len());
    for s in sents {
        let g = s.column(model.column()).ok_or_else(|| TaggerError::Conll {
            file: name.to_string(),
            line: s.line,
            message: format!("sentence has no column {}", model.column()),
        })?;
        gold.push(g);
    }
    let pred = tag_sentences(model, sents);
    let mut rep = evaluate(&gold, &pred);
    if model.scheme() == Scheme::Plain {
        rep.per_type.clear();
        rep.overall = TypeScore::default();
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = "-DOCSTART- -X- O O\n\nLena NNP B-NP B-PER\nOrsk NNP I-NP I-PER\nvisited VBD B-VP O\nVarnhold NNP B-NP B-LOC\n. . O O\n\nThe DT B-NP O\nKestrel NNP I-NP B-ORG\nGuild NNP I-NP I-ORG\nmet VBD B-VP O\nin IN B-PP O\nTarsa NNP B-NP B-LOC\n.\t. O O\n";

    #[test]
    fn reads_sentences_and_skips_docstart() {
        let s = read_conll_from(FIXTURE.as_bytes(), "fx").unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["Lena", "Orsk", "visited", "Varnhold", "."]);
        assert_eq!(s[1].column(3).unwrap()[1], "B-ORG");
        assert_eq!(s[0].line, 3);
        assert_eq!((s[0].doc, s[1].doc), (1, 1));
        assert_eq!(doc_groups(&s, 0), vec![0..2]);
        assert_eq!(doc_groups(&s, 1), vec![0..1, 1..2]);
        assert!(doc_groups(&[], 5).is_empty());
        assert_eq!(s[1].column(9), None);
    }

    #[test]
    fn malformed_input_is_an_error_with_line() {
        let bad = "Lena NNP B-NP B-PER\nOrsk NNP\n";
        let e = read_conll_from(bad.as_bytes(), "bad.txt").unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("bad.txt:2:"), "{msg}");
        let bad_utf8 = b"ok O\n\xff\xfe O\n";
        assert!(matches!(
            read_conll_from(&bad_utf8[..], "x"),
            Err(TaggerError::Conll { line: 2, .. })
        ));
    }

    #[test]
    fn conlleval_spans() {
        assert_eq!(
            spans(&["B-PER", "I-PER", "I-LOC", "O", "I-ORG", "B-ORG", "B-ORG", "I-ORG"]),
            vec![
                (0, 2, "PER".to_string()),
                (2, 3, "LOC".to_string()),
                (4, 5, "ORG".to_string()),
                (5, 6, "ORG".to_string()),
                (6, 8, "ORG".to_string())
            ]
        );
        assert_eq!(
            spans(&["U-X", "L-X", "B-X", "L-X"]),
            vec![(0, 1, "X".into()), (1, 2, "X".into()), (2, 4, "X".into())]
        );
        assert!(spans::<&str>(&[]).is_empty());
    }

    #[test]
    fn known_f1_on_fixture() {
        let s = read_conll_from(FIXTURE.as_bytes(), "fx").unwrap();
        let gold: Vec<Vec<&str>> = s.iter().map(|x| x.column(3).unwrap()).collect();
        // Imperfect prediction: PER right; first LOC missed; ORG boundary wrong;
        // second LOC right; one spurious MISC.
        let pred = vec![
            vec!["B-PER", "I-PER", "O", "O", "O"],
            vec!["B-MISC", "B-ORG", "O", "O", "O", "B-LOC", "O"],
        ];
        let r = evaluate(&gold, &pred);
        // gold 4 chunks, predicted 4, correct 2 → P = R = F1 = 0.5.
        assert_eq!(
            r.overall,
            TypeScore {
                gold: 4,
                predicted: 4,
                correct: 2
            }
        );
        assert!((r.f1() - 0.5).abs() < 1e-12);
        assert_eq!(
            r.per_type["LOC"],
            TypeScore {
                gold: 2,
                predicted: 1,
                correct: 1
            }
        );
        assert!((r.per_type["LOC"].f1() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.per_type["ORG"].f1(), 0.0);
        assert_eq!(r.tokens, 12);
        assert_eq!(r.correct_tokens, 9);
        let shown = r.to_string();
        assert!(shown.contains("FB1:  50.00"), "{shown}");
        assert!(
            shown.contains("LOC: precision: 100.00%; recall:  50.00%; FB1:  66.67  1"),
            "{shown}"
        );
    }

    #[test]
    fn tag_conll_keeps_sentences() {
        let train = read_conll_from(FIXTURE.as_bytes(), "fx").unwrap();
        let opts = crate::TrainOptions {
            epochs: 3,
            use_lexicon: false,
            ..Default::default()
        };
        let (m, _) = crate::train_sentences(&train, None, 3, &opts, &mut |_| {}).unwrap();
        let input = "-DOCSTART- -X- O O\n\nLena NNP\nOrsk NNP\n\n\n\nmet\nin\nTarsa\n.\n";
        let mut out = Vec::new();
        tag_conll(&m, input.as_bytes(), &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let back = read_conll_from(out.as_bytes(), "out").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].tokens, ["Lena", "Orsk"]);
        assert_eq!(back[1].tokens, ["met", "in", "Tarsa", "."]);
        assert!(out.ends_with(". O\n\n"), "{out}");
        assert!(back.iter().all(|s| s.columns.iter().all(|c| c.len() == 1)));
        // Evaluating the model on its own training data is perfect here.
        let r = eval_sentences(&m, &train, "fx").unwrap();
        assert_eq!(r.f1(), 1.0);
        // Malformed input to tag_conll is an error, not a panic.
        assert!(tag_conll(&m, "a B\nb\tc d\n".as_bytes(), Vec::new()).is_err());
    }
}
