//! The three components on the sample report, and property tests of the
//! splitter and tokenizer invariants.

use dossier_doc::{Component, Doc, Meta};
use dossier_nlp::{split_sentences, tokenize, Normalizer, SentenceSplitter, Tokenizer};
use proptest::prelude::*;

const SAMPLE: &str = "../../examples/sample-report.txt";

/// The tracked sample report; its absence is a failure, not a skip.
fn sample() -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("tracked fixture {} cannot be read: {e}", p.display()))
}

fn run_all(text: &str) -> Doc {
    let mut doc = Doc::new(Meta::default(), text.to_string());
    for c in [&Normalizer as &dyn Component, &SentenceSplitter, &Tokenizer] {
        c.process(&mut doc).unwrap();
    }
    doc
}

#[test]
fn sample_report_sentences() {
    let text = sample();
    let doc = run_all(&text);
    doc.check_spans().unwrap();
    let n = doc.sentences.len();
    assert!((85..=130).contains(&n), "{n} sentences");
    for i in 0..n {
        let s = doc.sentence_text(i);
        // No sentence starts inside (or with) a citation parenthesis.
        assert!(
            !s.starts_with("(,") && !s.starts_with(',') && !s.starts_with(')'),
            "sentence {i}: {s}"
        );
        assert!(
            s.chars().next().unwrap().is_uppercase() || s.starts_with('[') || s.starts_with('“'),
            "sentence {i}: {s}"
        );
        // Citation parentheses are closed within the sentence.
        let opens = s.matches("(,").count();
        let closes_after = s
            .match_indices("(,")
            .filter(|(p, _)| s[*p..].contains(')'))
            .count();
        assert_eq!(opens, closes_after, "sentence {i}: {s}");
        assert_eq!(
            doc.sentence_tokens(i).len(),
            doc.sentences[i].token_end - doc.sentences[i].token_start
        );
        assert!(!doc.sentence_tokens(i).is_empty());
    }
    let texts: Vec<&str> = (0..n).map(|i| doc.sentence_text(i)).collect();
    assert!(texts
        .iter()
        .any(|s| s.ends_with("Ilham Aliyev (, October 4, 2021).")));
    assert!(texts
        .iter()
        .any(|s| s.ends_with("Nagorno-Karabakh (, April 30, 2021;, March 31, 2021).")));
    assert!(texts.contains(&"Husseini’yon’s Formation and Leadership"));
    assert!(texts
        .iter()
        .any(|s| s.starts_with("Yet, while Hezbollah’s claim")
            && s.contains("the U.S. military presence in Iraq")));
    let toks: Vec<&str> = doc.tokens.iter().map(|t| t.text.as_str()).collect();
    for w in [
        "Nagorno-Karabakh",
        "al-Assad",
        "Iranian-backed",
        "IRGC-sponsored",
        "Husseini’yon",
        "’s",
        "U.S.",
        "2021",
    ] {
        assert!(toks.contains(&w), "missing token {w}");
    }
    assert!(!toks.contains(&"Iran’s"));
}

#[test]
#[ignore = "throughput measurement; run with --release -- --ignored --nocapture"]
fn throughput() {
    let text = sample().repeat(100);
    let t0 = std::time::Instant::now();
    let doc = run_all(&text);
    let dt = t0.elapsed().as_secs_f64();
    let words = text.split_whitespace().count();
    println!(
        "{} chars, {} sentences, {} tokens, {words} words in {:.3}s: {:.0} tokens/s, {:.0} words/s",
        text.len(),
        doc.sentences.len(),
        doc.tokens.len(),
        dt,
        doc.tokens.len() as f64 / dt,
        words as f64 / dt
    );
}

fn text_strategy() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("Gen.".to_string()),
        Just("U.S.".to_string()),
        Just("e.g.".to_string()),
        Just("(, May 4, 2021)".to_string()),
        Just("[1]".to_string()),
        Just("’s".to_string()),
        Just("'".to_string()),
        Just("...".to_string()),
        Just(". ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("1,200".to_string()),
        Just("3.5".to_string()),
        Just("é\u{301}".to_string()),
        Just("Kata’ib".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just(" ".to_string()),
        "[a-zA-Z]{1,8}",
        "\\PC{0,4}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn sentence_invariants(text in text_strategy()) {
        let chars: Vec<char> = text.chars().collect();
        let spans = split_sentences(&text);
        let mut prev = 0;
        for &(a, b) in &spans {
            prop_assert!(a < b && b <= chars.len());
            prop_assert!(a >= prev);
            prop_assert!(!chars[a].is_whitespace() && !chars[b - 1].is_whitespace());
            prev = b;
        }
    }

    #[test]
    fn token_invariants(text in text_strategy()) {
        let chars: Vec<char> = text.chars().collect();
        let mut prev = 0;
        for (a, b) in tokenize(&text) {
            prop_assert!(a < b && b <= chars.len() && a >= prev);
            prop_assert!(!chars[a..b].iter().any(|c| c.is_whitespace()));
            prev = b;
        }
    }

    #[test]
    fn pipeline_invariants(text in text_strategy()) {
        let doc = run_all(&text);
        prop_assert!(doc.check_spans().is_ok(), "{:?}", doc.check_spans());
        let mut prev = 0;
        for (i, s) in doc.sentences.iter().enumerate() {
            prop_assert_eq!(s.token_start, prev);
            prop_assert!(s.token_end >= s.token_start);
            for t in doc.sentence_tokens(i) {
                prop_assert_eq!(t.sentence, i);
                prop_assert_eq!(doc.slice(t.start, t.end), t.text.as_str());
            }
            prev = s.token_end;
        }
        prop_assert_eq!(prev, doc.tokens.len());
        // Normalized text is NFC, and the offset map (if any) has one entry per char.
        use unicode_normalization::UnicodeNormalization;
        prop_assert_eq!(doc.text.nfc().collect::<String>(), doc.text.clone());
        if let Some(m) = &doc.original_offsets {
            prop_assert_eq!(m.len(), doc.text.chars().count());
            prop_assert!(m.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(m.iter().all(|&x| x < text.chars().count()));
        }
    }
}
