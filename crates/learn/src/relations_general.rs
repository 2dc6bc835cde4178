//! A second, smaller relation model over features that generalize across
//! dependency paths seen once (issue 13): the relation perceptron learns
//! exact paths, and a pair on a path no training pair took is decided by
//! its bias. This model describes a pair by what its path *means* — the
//! trigger classes of the relation patterns' lists (`leader_nouns`,
//! `attack_verbs`, …) and the word-cluster prefixes of the path's lowest
//! common ancestor and interior words, the ancestor's lemma with the
//! relations reaching it from each end, whether the ends are arguments of
//! one verb, distance buckets — always with the pair's entity types. It is
//! an L2-regularized logistic regression per label (one-vs-rest, seeded
//! stochastic gradient descent), stored in the relation weights under the
//! labels [`label`] gives, so the model file keeps its form; a relation is
//! added where the perceptron passes its threshold *or* this model's
//! probability passes [`THRESHOLD`] ([`crate::Model::apply_relations`]).

use crate::perceptron::{Example, Interner, Rng};
use dossier_doc::Doc;

/// The prefix of the general model's labels and features.
pub const PREFIX: &str = "G|";

/// The general model's label for a relation label ("member_of>" →
/// "G|member_of>").
pub fn label(l: &str) -> String {
    format!("{PREFIX}{l}")
}

/// The log-odds above which the general model adds a relation.
pub const THRESHOLD: f32 = 1.0;

/// Passes over the examples.
const EPOCHS: usize = 6;
/// The first learning rate (decaying as `1 / (1 + t / n)`).
const RATE: f32 = 0.2;
/// The L2 penalty per example seen.
const L2: f32 = 1e-5;

/// The general model's threshold, from `DOSSIER_RELATIONS_GENERAL`
/// where set (for measuring), else [`THRESHOLD`].
pub fn threshold() -> f32 {
    std::env::var("DOSSIER_RELATIONS_GENERAL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(THRESHOLD)
}

fn lemma(doc: &Doc, i: usize) -> String {
    let t = &doc.tokens[i];
    t.lemma.as_deref().unwrap_or(&t.text).to_lowercase()
}

/// A dependency relation without subtype, but for the subtypes that name
/// a role (`nsubj:pass`, `obl:agent`, `nmod:poss`).
fn bare(doc: &Doc, i: usize) -> &str {
    let d = doc.tokens[i].deprel.as_deref().unwrap_or("dep");
    if matches!(d, "nsubj:pass" | "obl:agent" | "nmod:poss") {
        d
    } else {
        d.split(':').next().unwrap_or(d)
    }
}

fn classes(w: &str) -> &'static [String] {
    dossier_extract::pattern::PatternSet::builtin().word_classes(w)
}

/// Word-cluster prefixes of `word` (lengths 4, 8 and 12) as `LEN:BITS`;
/// called only on parsed documents (the path exists).
fn clusters(word: &str) -> Vec<String> {
    let Ok(parser) = dossier_parser::Parser::builtin() else {
        return Vec::new();
    };
    let Some(bits) = parser.cluster_bits(word) else {
        return Vec::new();
    };
    [4, 8, 12]
        .into_iter()
        .filter(|&k| bits.len() >= k)
        .map(|k| format!("{k}:{}", &bits[..k]))
        .collect()
}

fn bucket(n: usize) -> &'static str {
    match n {
        0..=1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        _ => "6+",
    }
}

/// The general features of the words between the ends (read without the
/// parse): their trigger classes, with the type pair `t`.
pub(crate) fn lexical(words: &[String], gap: usize, t: &str, out: &mut Vec<String>) {
    out.push(format!("{PREFIX}T:{t}"));
    out.push(format!(
        "{PREFIX}N:{}|{t}",
        match gap {
            0..=2 => "near",
            3..=8 => "mid",
            _ => "far",
        }
    ));
    for w in words {
        for c in classes(w) {
            out.push(format!("{PREFIX}BK:{c}|{t}"));
        }
    }
}

/// The general features of the dependency path: `up` runs from the first
/// end's head to the lowest common ancestor, `down` from the second's
/// (both including the ancestor).
pub(crate) fn path(doc: &Doc, up: &[usize], down: &[usize], t: &str, out: &mut Vec<String>) {
    let (Some(&lca), Some(_)) = (up.last(), down.last()) else {
        return;
    };
    let hops = up.len() + down.len() - 2;
    out.push(format!("{PREFIX}PN:{}|{t}", bucket(hops)));
    // the relation each end's branch reaches the ancestor by ("*" for an
    // end that is the ancestor)
    let into = |v: &[usize]| {
        if v.len() >= 2 {
            bare(doc, v[v.len() - 2]).to_string()
        } else {
            "*".to_string()
        }
    };
    let (r1, r2) = (into(up), into(down));
    out.push(format!("{PREFIX}E:{r1}|{r2}|{t}"));
    let own = |v: &[usize]| bare(doc, v[0]).to_string();
    out.push(format!("{PREFIX}O:{}|{}|{t}", own(up), own(down)));
    let trigger = up.len() > 1 && down.len() > 1;
    if trigger {
        let w = lemma(doc, lca);
        out.push(format!("{PREFIX}LE:{w}|{r1}|{r2}|{t}"));
        out.push(format!("{PREFIX}L:{w}|{t}"));
        let verb = doc.tokens[lca]
            .upos
            .as_ref()
            .is_some_and(|u| u.as_str() == "VERB");
        if verb && is_argument(&r1) && is_argument(&r2) {
            out.push(format!("{PREFIX}SV:{r1}|{r2}|{t}"));
        }
        for c in classes(&w) {
            out.push(format!("{PREFIX}K:{c}|{t}"));
            out.push(format!("{PREFIX}KE:{c}|{r1}|{r2}|{t}"));
        }
        for c in clusters(&doc.tokens[lca].text.to_lowercase()) {
            out.push(format!("{PREFIX}C{c}|{t}"));
            out.push(format!("{PREFIX}CE{c}|{r1}|{r2}"));
        }
    }
    // interior words (neither end nor the ancestor)
    let inner = |v: &'_ [usize]| v.get(1..v.len().saturating_sub(1)).unwrap_or(&[]).to_vec();
    let interior = inner(up).into_iter().chain(inner(down));
    for i in interior {
        let w = lemma(doc, i);
        for c in classes(&w) {
            out.push(format!("{PREFIX}IK:{c}|{t}"));
        }
        if let Some(c) = clusters(&doc.tokens[i].text.to_lowercase())
            .into_iter()
            .nth(1)
        {
            out.push(format!("{PREFIX}IC{c}|{t}"));
        }
    }
}

fn is_argument(r: &str) -> bool {
    matches!(
        r,
        "nsubj" | "obj" | "iobj" | "nsubj:pass" | "obl:agent" | "obl" | "nmod" | "nmod:poss"
    )
}

/// Trains the general model on `examples` (interned by `interner`), one
/// logistic regression per label of `labels`: the weights as
/// `(feature, label index, weight)` entries under `labels`' order.
/// Deterministic for a given seed.
pub fn train(
    nl: usize,
    interner: &Interner,
    examples: &[Example],
    seed: u64,
) -> Vec<(String, usize, f32)> {
    let nf = interner.len();
    let mut w = vec![0f32; nf * nl];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(seed);
    let n = examples.len().max(1) as f32;
    let mut t = 0f32;
    for _ in 0..EPOCHS {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            let rate = RATE / (1.0 + t / n);
            t += 1.0;
            for (l, want) in ex.labels.iter().enumerate().take(nl) {
                let Some(want) = *want else { continue };
                let z: f32 = ex.features.iter().map(|&f| w[f as usize * nl + l]).sum();
                let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
                let g = p - if want { 1.0 } else { 0.0 };
                if g.abs() < 1e-4 {
                    continue;
                }
                for &f in &ex.features {
                    let k = f as usize * nl + l;
                    w[k] -= rate * (g + L2 * w[k]);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (f, name) in interner.names().iter().enumerate() {
        for l in 0..nl {
            let x = w[f * nl + l];
            if x.abs() >= 0.0005 {
                out.push((name.clone(), l, x));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue13_general_model_learns_a_class_from_other_words() {
        // two trigger words of one class: trained on one, the class carries
        // the answer to the other
        let mut interner = Interner::default();
        let mut examples = Vec::new();
        for k in 0..40 {
            let pos = k % 2 == 0;
            let f: Vec<String> = if pos {
                vec![
                    "G|K:leader_nouns|person>armed_group".into(),
                    "G|L:head".into(),
                ]
            } else {
                vec![
                    "G|K:member_nouns|person>armed_group".into(),
                    "G|L:fighter".into(),
                ]
            };
            let mut f = f;
            f.push("G|T:person>armed_group".into());
            examples.push(Example {
                features: interner.ids(&f),
                labels: vec![Some(pos)],
            });
        }
        let entries = train(1, &interner, &examples, 42);
        let w = crate::perceptron::Weights::from_entries(vec!["leader_of>".into()], entries);
        let unseen = w.scores(&[
            "G|K:leader_nouns|person>armed_group",
            "G|T:person>armed_group",
        ]);
        let other = w.scores(&[
            "G|K:member_nouns|person>armed_group",
            "G|T:person>armed_group",
        ]);
        assert!(unseen[0] > THRESHOLD, "{unseen:?}");
        assert!(other[0] < 0.0, "{other:?}");
        // deterministic
        assert_eq!(
            train(1, &interner, &examples, 42),
            train(1, &interner, &examples, 42)
        );
    }
}
