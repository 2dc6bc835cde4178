//! Attachment scores with the CoNLL 2018 shared task's semantics on a given
//! tokenization: every syntactic word counts (punctuation included), LAS
//! compares the universal part of the relation (`nmod:poss` → `nmod`).

use crate::conllu::Sentence;
use crate::ParseError;

/// Attachment scores of a parsed file against its gold file.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// Words with the right head.
    pub head: usize,
    /// Words with the right head and universal relation.
    pub labeled: usize,
    /// Words with the right head and the full relation (subtype included).
    pub labeled_full: usize,
    /// Words with the right UPOS.
    pub upos: usize,
    /// Words with the right lemma.
    pub lemma: usize,
}

impl Scores {
    fn pct(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    }
    /// Unlabeled attachment score, in percent.
    pub fn uas(&self) -> f64 {
        Self::pct(self.head, self.words)
    }
    /// Labeled attachment score (universal relations), in percent.
    pub fn las(&self) -> f64 {
        Self::pct(self.labeled, self.words)
    }
    /// Labeled attachment score with subtypes, in percent.
    pub fn las_full(&self) -> f64 {
        Self::pct(self.labeled_full, self.words)
    }
    /// UPOS accuracy, in percent.
    pub fn upos_acc(&self) -> f64 {
        Self::pct(self.upos, self.words)
    }
    /// Lemma accuracy, in percent.
    pub fn lemma_acc(&self) -> f64 {
        Self::pct(self.lemma, self.words)
    }
}

/// The universal part of a relation (`acl:relcl` → `acl`).
pub fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Scores `system` against `gold`, sentence by sentence; their words must
/// be the same (the given tokenization).
pub fn score(system: &[Sentence], gold: &[Sentence]) -> Result<Scores, ParseError> {
    if system.len() != gold.len() {
        return Err(ParseError::Mismatch(format!(
            "{} system sentences, {} gold sentences",
            system.len(),
            gold.len()
        )));
    }
    let mut s = Scores::default();
    for (k, (a, b)) in system.iter().zip(gold).enumerate() {
        if a.words.len() != b.words.len() {
            return Err(ParseError::Mismatch(format!(
                "sentence {} (gold line {}): {} system words, {} gold words",
                k + 1,
                b.line,
                a.words.len(),
                b.words.len()
            )));
        }
        for (x, y) in a.words.iter().zip(&b.words) {
            s.words += 1;
            let head_ok = x.head().is_some() && x.head() == y.head();
            if head_ok {
                s.head += 1;
                if universal(x.deprel()) == universal(y.deprel()) {
                    s.labeled += 1;
                }
                if x.deprel() == y.deprel() {
                    s.labeled_full += 1;
                }
            }
            s.upos += (x.upos() == y.upos()) as usize;
            s.lemma += (x.lemma() == y.lemma()) as usize;
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conllu::read;

    #[test]
    fn counts_heads_and_universal_labels() {
        let gold = read(
            "1\ta\ta\tX\tX\t_\t2\tnmod:poss\t_\t_\n2\tb\tb\tX\tX\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n",
            "g",
        )
        .unwrap();
        let sys = read(
            "1\ta\ta\tX\tX\t_\t2\tnmod\t_\t_\n2\tb\tb\tX\tX\t_\t0\troot\t_\t_\n3\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n",
            "s",
        )
        .unwrap();
        let s = score(&sys, &gold).unwrap();
        assert_eq!((s.words, s.head, s.labeled, s.labeled_full), (3, 2, 2, 1));
        assert!((s.uas() - 66.666).abs() < 0.01);
        assert!(score(&sys, &gold[..0]).is_err());
    }
}
