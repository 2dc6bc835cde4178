//! Reading text into a frequency-ordered vocabulary and its bigram counts.

use crate::{Error, Options};
use indicatif::ProgressBar;
use std::collections::HashMap;

/// Marks a position without a kept word (a rare word or a line break):
/// no bigram crosses it.
const BREAK: u32 = u32::MAX;

/// A vocabulary sorted by frequency (descending, ties by the word) with the
/// counts of the bigrams between its words.
///
/// Word ids are ranks: id 0 is the most frequent word. Bigrams are counted
/// within a line between two adjacent tokens that are both in the
/// vocabulary; a dropped rare word breaks the chain.
#[derive(Debug, Clone)]
pub struct Corpus {
    words: Vec<String>,
    counts: Vec<u64>,
    tokens: u64,
    types: usize,
    bigrams: u64,
    right_start: Vec<usize>,
    right: Vec<(u32, u64)>,
    left_start: Vec<usize>,
    left: Vec<(u32, u64)>,
}

impl Corpus {
    /// Reads lines of text (paragraphs; no bigram crosses a line), tokenizes
    /// them the way Dossier does ([`dossier_nlp::tokenize`]) and keeps the
    /// words seen at least `opts.min_count` times.
    pub fn from_lines<I>(lines: I, opts: &Options, progress: &ProgressBar) -> Result<Corpus, Error>
    where
        I: IntoIterator<Item = std::io::Result<String>>,
    {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut raw_counts: Vec<u64> = Vec::new();
        let mut seq: Vec<u32> = Vec::new();
        let mut bytes: Vec<usize> = Vec::new();
        let mut lowered = String::new();
        for (n, line) in lines.into_iter().enumerate() {
            let line = line?;
            if n % 10_000 == 0 {
                progress.set_message(format!("read {} tokens", seq.len()));
                progress.tick();
            }
            let spans = dossier_nlp::tokenize(&line);
            if spans.is_empty() {
                continue;
            }
            bytes.clear();
            bytes.extend(line.char_indices().map(|(b, _)| b));
            bytes.push(line.len());
            for (a, b) in spans {
                let mut tok = &line[bytes[a]..bytes[b]];
                if opts.lowercase {
                    lowered.clear();
                    lowered.extend(tok.chars().flat_map(char::to_lowercase));
                    tok = &lowered;
                }
                let id = match ids.get(tok) {
                    Some(&id) => id,
                    None => {
                        let id = names.len() as u32;
                        if id == BREAK {
                            return Err(Error::TooLarge("more than 2^32-1 word types".into()));
                        }
                        ids.insert(tok.to_string(), id);
                        names.push(tok.to_string());
                        raw_counts.push(0);
                        id
                    }
                };
                raw_counts[id as usize] += 1;
                seq.push(id);
            }
            seq.push(BREAK);
        }
        drop(ids);
        let tokens = raw_counts.iter().sum();
        let types = names.len();
        // Keep the frequent words, ranked by count then by the word.
        let mut kept: Vec<u32> = (0..names.len() as u32)
            .filter(|&i| raw_counts[i as usize] >= opts.min_count)
            .collect();
        kept.sort_unstable_by(|&x, &y| {
            raw_counts[y as usize]
                .cmp(&raw_counts[x as usize])
                .then_with(|| names[x as usize].cmp(&names[y as usize]))
        });
        let mut rank = vec![BREAK; names.len()];
        for (r, &i) in kept.iter().enumerate() {
            rank[i as usize] = r as u32;
        }
        let counts: Vec<u64> = kept.iter().map(|&i| raw_counts[i as usize]).collect();
        let words: Vec<String> = kept
            .iter()
            .map(|&i| std::mem::take(&mut names[i as usize]))
            .collect();
        drop(names);
        for t in seq.iter_mut() {
            if *t != BREAK {
                *t = rank[*t as usize];
            }
        }
        drop(rank);
        progress.set_message(format!("counting bigrams of {} words", words.len()));
        let mut keys: Vec<u64> = seq
            .windows(2)
            .filter(|w| w[0] != BREAK && w[1] != BREAK)
            .map(|w| (w[0] as u64) << 32 | w[1] as u64)
            .collect();
        drop(seq);
        let bigrams = keys.len() as u64;
        keys.sort_unstable();
        let (right_start, right) = csr(&keys, words.len());
        for k in keys.iter_mut() {
            *k = k.rotate_left(32);
        }
        keys.sort_unstable();
        let (left_start, left) = csr(&keys, words.len());
        Ok(Corpus {
            words,
            counts,
            tokens,
            types,
            bigrams,
            right_start,
            right,
            left_start,
            left,
        })
    }

    /// The kept words, most frequent first.
    pub fn words(&self) -> &[String] {
        &self.words
    }

    /// The count of each kept word (by id).
    pub fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// Number of tokens read (all words, kept or not).
    pub fn tokens(&self) -> u64 {
        self.tokens
    }

    /// Number of distinct word types read (kept or not).
    pub fn types(&self) -> usize {
        self.types
    }

    /// Number of bigram tokens counted (both words kept, same line).
    pub fn bigrams(&self) -> u64 {
        self.bigrams
    }

    /// The words following word `w`, with counts, by id.
    pub fn right(&self, w: u32) -> &[(u32, u64)] {
        &self.right[self.right_start[w as usize]..self.right_start[w as usize + 1]]
    }

    /// The words preceding word `w`, with counts, by id.
    pub fn left(&self, w: u32) -> &[(u32, u64)] {
        &self.left[self.left_start[w as usize]..self.left_start[w as usize + 1]]
    }

    /// The id of a kept word.
    pub fn id(&self, word: &str) -> Option<u32> {
        self.words.iter().position(|w| w == word).map(|i| i as u32)
    }

    /// How often word `x` is directly followed by word `y`.
    pub fn bigram(&self, x: u32, y: u32) -> u64 {
        let r = self.right(x);
        r.binary_search_by_key(&y, |&(w, _)| w)
            .map(|i| r[i].1)
            .unwrap_or(0)
    }
}

/// Compressed rows of sorted `x << 32 | y` keys: run-length counts per row.
fn csr(keys: &[u64], n: usize) -> (Vec<usize>, Vec<(u32, u64)>) {
    let mut start = vec![0usize; n + 1];
    let mut out: Vec<(u32, u64)> = Vec::new();
    let mut i = 0;
    while i < keys.len() {
        let k = keys[i];
        let mut j = i + 1;
        while j < keys.len() && keys[j] == k {
            j += 1;
        }
        let x = (k >> 32) as usize;
        start[x + 1] += 1;
        out.push((k as u32, (j - i) as u64));
        i = j;
    }
    for x in 0..n {
        start[x + 1] += start[x];
    }
    (start, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus(text: &str, min_count: u64) -> Corpus {
        let opts = Options {
            min_count,
            ..Options::default()
        };
        Corpus::from_lines(
            text.lines().map(|l| Ok(l.to_string())),
            &opts,
            &ProgressBar::hidden(),
        )
        .unwrap()
    }

    #[test]
    fn vocabulary_ranked_by_count_then_word() {
        let c = corpus("zorp blick zorp\nblick zorp quell\nquell", 1);
        assert_eq!(c.words(), ["zorp", "blick", "quell"]);
        assert_eq!(c.counts(), [3, 2, 2]);
        assert_eq!(c.tokens(), 7);
        assert_eq!(c.types(), 3);
        let c = corpus("b a c", 1);
        assert_eq!(c.words(), ["a", "b", "c"]);
    }

    #[test]
    fn bigrams_counted_within_lines_and_kept_words() {
        // "vorn" is rare (once) and breaks the chain; lines break it too.
        let c = corpus("grelk tam grelk tam\ntam grelk vorn tam\ngrelk", 2);
        assert_eq!(c.words(), ["grelk", "tam"]);
        let (g, t) = (c.id("grelk").unwrap(), c.id("tam").unwrap());
        assert_eq!(c.bigram(g, t), 2);
        assert_eq!(c.bigram(t, g), 2);
        assert_eq!(c.bigram(g, g), 0);
        assert_eq!(c.bigram(t, t), 0);
        assert_eq!(c.bigrams(), 4);
        assert_eq!(c.left(t), [(g, 2)]);
        assert_eq!(c.right(g), [(t, 2)]);
        assert_eq!(c.tokens(), 9);
    }

    #[test]
    fn tokenized_like_dossier_and_lowercase_option() {
        let c = corpus("Varn's grelk-tam (Varn).", 1);
        assert_eq!(c.words().len(), 6);
        assert!(c.id("'s").is_some());
        assert!(c.id("grelk-tam").is_some());
        assert_eq!(c.counts()[c.id("Varn").unwrap() as usize], 2);
        let opts = Options {
            min_count: 1,
            lowercase: true,
            ..Options::default()
        };
        let c = Corpus::from_lines(
            ["Grelk grelk GRELK"].iter().map(|l| Ok(l.to_string())),
            &opts,
            &ProgressBar::hidden(),
        )
        .unwrap();
        assert_eq!(c.words(), ["grelk"]);
        assert_eq!(c.bigram(0, 0), 2);
    }
}
