//! CoNLL-U reading and writing with the given tokenization.
//!
//! Every line is kept as read: comments, multiword-token ranges (`3-4`) and
//! empty nodes (`8.1`) are written back untouched, and a word line is
//! written back column for column, so only the columns a caller changes
//! differ from the input.

use crate::ParseError;
use std::fmt::Write as _;

/// One syntactic word of a sentence (a CoNLL-U line whose id is an integer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The ten columns as read (ID, FORM, LEMMA, UPOS, XPOS, FEATS, HEAD,
    /// DEPREL, DEPS, MISC).
    pub cols: [String; 10],
}

impl Word {
    /// The word form.
    pub fn form(&self) -> &str {
        &self.cols[1]
    }
    /// The lemma column.
    pub fn lemma(&self) -> &str {
        &self.cols[2]
    }
    /// The UPOS column.
    pub fn upos(&self) -> &str {
        &self.cols[3]
    }
    /// The XPOS column.
    pub fn xpos(&self) -> &str {
        &self.cols[4]
    }
    /// The head: 0 for the root, the 1-based id of the head otherwise;
    /// `None` when the column is `_`.
    pub fn head(&self) -> Option<usize> {
        self.cols[6].parse().ok()
    }
    /// The DEPREL column.
    pub fn deprel(&self) -> &str {
        &self.cols[7]
    }
}

/// A line of a sentence block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A `#` comment, kept verbatim.
    Comment(String),
    /// A multiword-token range line (`3-4 …`) or an empty node (`8.1 …`),
    /// kept verbatim.
    Other(String),
    /// A syntactic word: an index into [`Sentence::words`].
    Word(usize),
}

/// A sentence block of a CoNLL-U file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// Its lines in order.
    pub lines: Vec<Line>,
    /// Its syntactic words in order (word `i` has id `i + 1`).
    pub words: Vec<Word>,
    /// 1-based line number of its first line in the file.
    pub line: usize,
}

impl Sentence {
    /// The sentence as XPOS-tagger training data: its forms, each with its
    /// gold XPOS as the one column.
    pub fn tagger_sentence(&self) -> dossier_tagger::Sentence {
        dossier_tagger::Sentence {
            tokens: self.words.iter().map(|w| w.form().to_string()).collect(),
            columns: self
                .words
                .iter()
                .map(|w| vec![w.xpos().to_string()])
                .collect(),
            line: self.line,
            doc: 0,
        }
    }

    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(Word::form).collect()
    }

    /// The gold heads as 0-based indices, `None` for the root, if every
    /// word has a head.
    pub fn heads(&self) -> Option<Vec<Option<usize>>> {
        self.words
            .iter()
            .map(|w| w.head().map(|h| h.checked_sub(1)))
            .collect()
    }
}

/// Reads a whole CoNLL-U text. `file` names the input in errors.
pub fn read(text: &str, file: &str) -> Result<Vec<Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    let bad = |line: usize, message: String| ParseError::Conllu {
        file: file.to_string(),
        line,
        message,
    };
    for (i, raw) in text.split('\n').enumerate() {
        let lineno = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if !cur.lines.is_empty() {
                finish(&mut cur, file)?;
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if cur.lines.is_empty() {
            cur.line = lineno;
        }
        if line.starts_with('#') {
            cur.lines.push(Line::Comment(line.to_string()));
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(bad(
                lineno,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            cur.lines.push(Line::Other(line.to_string()));
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| bad(lineno, format!("bad word id {id:?}")))?;
        if n != cur.words.len() + 1 {
            return Err(bad(
                lineno,
                format!(
                    "word id {n} out of order (expected {})",
                    cur.words.len() + 1
                ),
            ));
        }
        let head = cols[6];
        if head != "_" && head.parse::<usize>().is_err() {
            return Err(bad(lineno, format!("bad head {head:?}")));
        }
        cur.lines.push(Line::Word(cur.words.len()));
        cur.words.push(Word {
            cols: std::array::from_fn(|k| cols[k].to_string()),
        });
    }
    if !cur.lines.is_empty() {
        finish(&mut cur, file)?;
        out.push(cur);
    }
    Ok(out)
}

fn finish(s: &mut Sentence, file: &str) -> Result<(), ParseError> {
    let n = s.words.len();
    for (i, w) in s.words.iter().enumerate() {
        if let Some(h) = w.head() {
            if h > n {
                return Err(ParseError::Conllu {
                    file: file.to_string(),
                    line: s.line,
                    message: format!("word {} has head {h}, past the sentence's {n} words", i + 1),
                });
            }
        }
    }
    Ok(())
}

/// Writes sentences back as CoNLL-U: every line as read, words from their
/// (possibly changed) columns, a blank line after each sentence.
pub fn write(sentences: &[Sentence]) -> String {
    let mut out = String::new();
    for s in sentences {
        for l in &s.lines {
            match l {
                Line::Comment(t) | Line::Other(t) => out.push_str(t),
                Line::Word(i) => {
                    let w = &s.words[*i];
                    for (k, c) in w.cols.iter().enumerate() {
                        if k > 0 {
                            out.push('\t');
                        }
                        out.push_str(c);
                    }
                }
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Writes one sentence of plain tokens as CoNLL-U with the given analysis
/// (`heads` 0-based, `None` for the root).
pub fn format_analysis(
    forms: &[&str],
    lemmas: &[String],
    upos: &[String],
    xpos: &[String],
    heads: &[Option<usize>],
    deprels: &[String],
) -> String {
    let mut out = String::new();
    for i in 0..forms.len() {
        let h = heads[i].map(|h| h + 1).unwrap_or(0);
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t_",
            i + 1,
            forms[i],
            lemmas[i],
            upos[i],
            xpos[i],
            h,
            deprels[i]
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = a-1\n# text = Vorn didn't go.\n1\tVorn\tVorn\tPROPN\tNNP\t_\t4\tnsubj\t4:nsubj\t_\n2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdid\tdo\tAUX\tVBD\t_\t4\taux\t4:aux\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n4\tgo\tgo\tVERB\tVB\t_\t0\troot\t0:root\t_\n4.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t4:conj\tCopyOf=4\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n\n";

    #[test]
    fn reads_words_and_keeps_other_lines() {
        let s = read(SAMPLE, "t").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].forms(), vec!["Vorn", "did", "n't", "go", "."]);
        assert_eq!(s[0].lines.len(), 9);
        assert_eq!(
            s[0].heads().unwrap(),
            vec![Some(3), Some(3), Some(3), None, Some(3)]
        );
        assert_eq!(write(&s), SAMPLE);
    }

    #[test]
    fn errors_name_file_and_line() {
        let e = read("1\ta\n", "x.conllu").unwrap_err().to_string();
        assert!(e.contains("x.conllu:1"), "{e}");
        let e = read("1\ta\ta\tX\tX\t_\t9\tdep\t_\t_\n", "y")
            .unwrap_err()
            .to_string();
        assert!(e.contains("past the sentence"), "{e}");
        let e = read("2\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "y")
            .unwrap_err()
            .to_string();
        assert!(e.contains("out of order"), "{e}");
    }

    #[test]
    fn crlf_and_missing_final_blank_line() {
        let s = read("1\ta\ta\tX\tX\t_\t0\troot\t_\t_\r\n", "t").unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].words[0].deprel(), "root");
    }
}
