//! Document-level label consistency: the same name should get the same
//! type throughout a document.

use crate::conll::spans;
use std::collections::HashMap;

/// Relabels entity spans so that every occurrence of the same token
/// sequence in a document gets the type it has most often there. Only the
/// type changes, never the span boundaries; ties keep each span's own type.
/// `tags` are IOB2 (as [`crate::Model::tag_document`] returns them), one
/// vector per sentence, parallel to `sentences`.
pub fn harmonize_types<S: AsRef<str>>(sentences: &[Vec<S>], tags: &mut [Vec<String>]) {
    harmonize_types_with(sentences, tags, str::to_string);
}

/// [`harmonize_types`] over tags of any type that reads as a string
/// (interned tags, say): `make` turns a new tag's text into one.
pub fn harmonize_types_with<S: AsRef<str>, T: AsRef<str>>(
    sentences: &[Vec<S>],
    tags: &mut [Vec<T>],
    make: impl Fn(&str) -> T,
) {
    let mut counts: HashMap<Vec<&str>, HashMap<String, usize>> = HashMap::new();
    let mut all = Vec::new();
    for (si, (toks, t)) in sentences.iter().zip(tags.iter()).enumerate() {
        if toks.len() != t.len() {
            continue;
        }
        for (a, b, ty) in spans(t) {
            let key: Vec<&str> = toks[a..b].iter().map(|x| x.as_ref()).collect();
            *counts
                .entry(key.clone())
                .or_default()
                .entry(ty.clone())
                .or_insert(0) += 1;
            all.push((si, a, b, ty, key));
        }
    }
    for (si, a, b, ty, key) in all {
        let Some(c) = counts.get(&key) else { continue };
        let own = c.get(&ty).copied().unwrap_or(0);
        let best = c
            .iter()
            .filter(|(_, &n)| n > own)
            .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)));
        if let Some((new_ty, _)) = best {
            let unique_max = c
                .values()
                .filter(|&&n| n == *c.get(new_ty).unwrap_or(&0))
                .count()
                == 1;
            if unique_max {
                for (i, tag) in tags[si][a..b].iter_mut().enumerate() {
                    *tag = make(&format!("{}-{}", if i == 0 { "B" } else { "I" }, new_ty));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[&str]) -> Vec<String> {
        x.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn majority_type_wins() {
        let sents = vec![
            vec!["Kessel", "Front", "attacked"],
            vec!["the", "Kessel", "Front", "said"],
            vec!["Kessel", "Front", "denied"],
            vec!["Omar", "Vey", "left"],
        ];
        let mut tags = vec![
            v(&["B-ORG", "I-ORG", "O"]),
            v(&["O", "B-ORG", "I-ORG", "O"]),
            v(&["B-LOC", "I-LOC", "O"]),
            v(&["B-PER", "I-PER", "O"]),
        ];
        harmonize_types(&sents, &mut tags);
        assert_eq!(tags[2], ["B-ORG", "I-ORG", "O"]);
        assert_eq!(tags[3], ["B-PER", "I-PER", "O"]);
        // A tie changes nothing.
        let sents = vec![vec!["Avra"], vec!["Avra"]];
        let mut tags = vec![v(&["B-LOC"]), v(&["B-PER"])];
        harmonize_types(&sents, &mut tags);
        assert_eq!(tags, vec![v(&["B-LOC"]), v(&["B-PER"])]);
        // Mismatched lengths are skipped, not a panic.
        let mut tags = vec![v(&["B-LOC", "O"])];
        harmonize_types(&[vec!["x"]], &mut tags);
        assert_eq!(tags[0], ["B-LOC", "O"]);
    }

    #[test]
    fn interned_tags_harmonize_alike() {
        use dossier_doc::Tag;
        let sents = vec![
            vec!["Kessel", "Front", "attacked"],
            vec!["Kessel", "Front", "said"],
            vec!["Kessel", "Front", "denied"],
        ];
        let t = |x: &[&str]| x.iter().map(|s| Tag::new(s)).collect::<Vec<Tag>>();
        let mut tags = vec![
            t(&["B-ORG", "I-ORG", "O"]),
            t(&["B-ORG", "I-ORG", "O"]),
            t(&["B-LOC", "I-LOC", "O"]),
        ];
        harmonize_types_with(&sents, &mut tags, Tag::new);
        assert_eq!(tags[2], t(&["B-ORG", "I-ORG", "O"]));
    }
}
