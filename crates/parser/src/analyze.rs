//! Lemmas and universal POS tags learned from a treebank.
//!
//! Lemmas: a word seen in training with its tag gets its most frequent
//! lemma; an unseen word gets the edit (strip a suffix, append a string)
//! most often seen for its tag and longest known suffix, as edit-script
//! lemmatizers do. Proper nouns keep their case, other words are
//! lowercased. UPOS: the most frequent tag for (XPOS, relation, lemma),
//! backing off to (XPOS, relation), then XPOS — so a copula `is` is `AUX`
//! and a `that` marking a clause `SCONJ`.

use crate::weights::HashKeyMap;
use std::borrow::Cow;
use std::collections::HashMap;

/// A lemma edit: strip `strip` chars from the end, then append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Edit {
    pub strip: u8,
    pub append: String,
}

fn edit_of(form: &str, lemma: &str) -> Option<Edit> {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    let strip = f.len() - common;
    if strip > 8 {
        return None;
    }
    Some(Edit {
        strip: strip as u8,
        append: l[common..].iter().collect(),
    })
}

fn apply(form: &str, e: &Edit) -> Option<String> {
    let n = form.chars().count();
    if (e.strip as usize) >= n {
        return None;
    }
    let mut s: String = form.chars().take(n - e.strip as usize).collect();
    s.push_str(&e.append);
    Some(s)
}

fn keeps_case(xpos: &str) -> bool {
    xpos.starts_with("NNP")
}

fn most_frequent<K: Clone + Ord>(counts: &HashMap<K, u32>) -> Option<K> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.clone())
}

/// The key of a tuple of strings: FNV-1a over the parts, each followed by
/// a separator byte.
pub(crate) fn key(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// Learned lemma and UPOS tables, keyed by a 64-bit FNV-1a hash of their strings so
/// that a look-up allocates nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Analyzer {
    /// (form as written or lowercased, XPOS) → lemma.
    pub(crate) lemmas: HashKeyMap<String>,
    /// (XPOS, suffix) → edit; suffixes of 1 to 4 chars of the lowercase form.
    pub(crate) edits: HashKeyMap<Edit>,
    /// (XPOS, relation, lowercase lemma) → UPOS, and the back-offs with an
    /// empty lemma and an empty relation.
    pub(crate) upos: HashKeyMap<String>,
}

/// Counts for building an [`Analyzer`].
#[derive(Debug, Default)]
pub(crate) struct AnalyzerCounts {
    lemmas: HashMap<(String, String), HashMap<String, u32>>,
    edits: HashMap<(String, String), HashMap<(u8, String), u32>>,
    upos: HashMap<(String, String, String), HashMap<String, u32>>,
}

impl AnalyzerCounts {
    /// Counts one gold word.
    pub(crate) fn add(&mut self, form: &str, xpos: &str, lemma: &str, upos: &str, deprel: &str) {
        if lemma != "_" {
            let key_form = if keeps_case(xpos) {
                form.to_string()
            } else {
                form.to_lowercase()
            };
            *self
                .lemmas
                .entry((key_form.clone(), xpos.to_string()))
                .or_default()
                .entry(lemma.to_string())
                .or_insert(0) += 1;
            let target = if keeps_case(xpos) {
                lemma.to_string()
            } else {
                lemma.to_lowercase()
            };
            if let Some(e) = edit_of(&key_form, &target) {
                let lower = key_form.to_lowercase();
                let chars: Vec<char> = lower.chars().collect();
                for k in 1..=4.min(chars.len()) {
                    let suf: String = chars[chars.len() - k..].iter().collect();
                    *self
                        .edits
                        .entry((xpos.to_string(), suf))
                        .or_default()
                        .entry((e.strip, e.append.clone()))
                        .or_insert(0) += 1;
                }
            }
        }
        if upos != "_" {
            let rel = crate::eval::universal(deprel).to_string();
            let lem = lemma.to_lowercase();
            for key in [
                (xpos.to_string(), rel.clone(), lem),
                (xpos.to_string(), rel, String::new()),
                (xpos.to_string(), String::new(), String::new()),
            ] {
                *self
                    .upos
                    .entry(key)
                    .or_default()
                    .entry(upos.to_string())
                    .or_insert(0) += 1;
            }
        }
    }

    /// The tables: most frequent choices, edits seen at least twice.
    pub(crate) fn build(&self) -> Analyzer {
        let mut a = Analyzer::default();
        for (k, c) in &self.lemmas {
            if let Some(l) = most_frequent(c) {
                a.lemmas.insert(key(&[&k.0, &k.1]), l);
            }
        }
        for (k, c) in &self.edits {
            if let Some(e) = most_frequent(c) {
                if c[&e] >= 2 {
                    a.edits.insert(
                        key(&[&k.0, &k.1]),
                        Edit {
                            strip: e.0,
                            append: e.1,
                        },
                    );
                }
            }
        }
        for (k, c) in &self.upos {
            // Lemma-specific entries only where the word was seen twice.
            if !k.2.is_empty() && c.values().sum::<u32>() < 2 {
                continue;
            }
            if let Some(u) = most_frequent(c) {
                a.upos.insert(key(&[&k.0, &k.1, &k.2]), u);
            }
        }
        a
    }
}

impl Analyzer {
    /// The lemma of a word with its XPOS tag.
    pub fn lemma(&self, form: &str, xpos: &str) -> String {
        self.lemma_cow(form, xpos).into_owned()
    }

    /// [`Analyzer::lemma`], borrowed from the table where the word is in
    /// it (no string made for the most frequent words).
    pub fn lemma_cow<'a>(&'a self, form: &'a str, xpos: &str) -> Cow<'a, str> {
        let lower;
        let key_form_is_form = keeps_case(xpos) || !form.chars().any(char::is_uppercase);
        let key_form = if key_form_is_form {
            form
        } else {
            lower = form.to_lowercase();
            &lower
        };
        if let Some(l) = self.lemmas.get(&key(&[key_form, xpos])) {
            return Cow::Borrowed(l);
        }
        let lower = key_form.to_lowercase();
        let ends: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
        for k in (1..=4.min(ends.len())).rev() {
            let suf = &lower[ends[ends.len() - k]..];
            if let Some(e) = self.edits.get(&key(&[xpos, suf])) {
                if let Some(l) = apply(key_form, e) {
                    return Cow::Owned(l);
                }
            }
        }
        match key_form_is_form {
            true => Cow::Borrowed(form),
            false => Cow::Owned(key_form.to_string()),
        }
    }

    /// The UPOS of a word from its XPOS, relation and lemma.
    pub fn upos(&self, xpos: &str, deprel: &str, lemma: &str) -> &str {
        let rel = crate::eval::universal(deprel);
        let lower;
        let lem = if lemma.chars().any(char::is_uppercase) {
            lower = lemma.to_lowercase();
            &lower
        } else {
            lemma
        };
        self.upos
            .get(&key(&[xpos, rel, lem]))
            .or_else(|| self.upos.get(&key(&[xpos, rel, ""])))
            .or_else(|| self.upos.get(&key(&[xpos, "", ""])))
            .map(String::as_str)
            .unwrap_or("X")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyzer() -> Analyzer {
        let mut c = AnalyzerCounts::default();
        for (f, x, l, u, r) in [
            ("walked", "VBD", "walk", "VERB", "root"),
            ("talked", "VBD", "talk", "VERB", "root"),
            ("ships", "NNS", "ship", "NOUN", "obj"),
            ("boats", "NNS", "boat", "NOUN", "obj"),
            ("Vorn", "NNP", "Vorn", "PROPN", "nsubj"),
            ("is", "VBZ", "be", "AUX", "cop"),
            ("is", "VBZ", "be", "AUX", "cop"),
            ("runs", "VBZ", "run", "VERB", "root"),
            ("The", "DT", "the", "DET", "det"),
        ] {
            c.add(f, x, l, u, r);
        }
        c.build()
    }

    #[test]
    fn lemmas_from_table_and_edits() {
        let a = analyzer();
        assert_eq!(a.lemma("Walked", "VBD"), "walk");
        assert_eq!(a.lemma("jumped", "VBD"), "jump");
        assert_eq!(a.lemma("harbours", "NNS"), "harbour");
        assert_eq!(a.lemma("Vorn", "NNP"), "Vorn");
        assert_eq!(a.lemma("Kessa", "NNP"), "Kessa");
        assert_eq!(a.lemma("the", "DT"), "the");
        // The borrowed form is the same lemma, borrowed where it can be.
        for (f, x) in [
            ("Walked", "VBD"),
            ("jumped", "VBD"),
            ("Vorn", "NNP"),
            ("THE", "DT"),
            ("", "NN"),
        ] {
            assert_eq!(a.lemma_cow(f, x), a.lemma(f, x));
        }
        assert!(matches!(a.lemma_cow("ships", "NNS"), Cow::Borrowed("ship")));
        assert!(matches!(
            a.lemma_cow("Kessa", "NNP"),
            Cow::Borrowed("Kessa")
        ));
    }

    #[test]
    fn upos_backs_off() {
        let a = analyzer();
        assert_eq!(a.upos("VBZ", "cop", "be"), "AUX");
        assert_eq!(a.upos("NNS", "nsubj", "harbour"), "NOUN");
        assert_eq!(a.upos("ZZZ", "dep", "x"), "X");
    }

    #[test]
    fn edits() {
        assert_eq!(
            edit_of("walked", "walk"),
            Some(Edit {
                strip: 2,
                append: String::new()
            })
        );
        assert_eq!(
            apply("carried", &edit_of("married", "marry").unwrap()).unwrap(),
            "carry"
        );
    }
}
