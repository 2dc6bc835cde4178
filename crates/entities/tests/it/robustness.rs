//! Arbitrary text through the real text pipeline and every component of this
//! crate: never a panic, spans always valid, entity links consistent.

use dossier_doc::{Component, Doc, Meta};
use proptest::prelude::*;

const WORDS: &[&str] = &[
    "Kamal",
    "Ruswan",
    "the",
    "The",
    "militia",
    "Front",
    "(",
    ")",
    "(NLF)",
    "NLF",
    "’s",
    "'s",
    "“",
    "”",
    "\"",
    ":",
    ",",
    ".",
    "\n",
    "\n\n",
    "of",
    "and",
    "Peru",
    "Peruvian-backed",
    "Lima",
    "embassy",
    "he",
    "his",
    "group",
    "President",
    "Sword",
    "Brigade",
    "Qarvan’s",
    "Zāhir",
    "al-Ruswan",
    "full",
    "name",
    "known",
    "as",
    "ÉTAT",
    "İstanbul",
    "🙂",
    "",
    " ",
    "U.S.",
    "Ministry",
    "River",
    "city",
    "in",
    "Sheikh",
    "1,200",
    "—",
    "-",
    "'",
    "’",
    "ß",
    "ǅ",
];

fn pipeline(text: &str, tags: &[u8]) -> Doc {
    let mut doc = Doc::new(Meta::default(), text.to_string());
    for s in [
        Box::new(dossier_nlp::Normalizer::new()) as Box<dyn Component>,
        Box::new(dossier_nlp::SentenceSplitter::new()),
        Box::new(dossier_nlp::Tokenizer::new()),
        dossier_entities::component("gazetteer").unwrap(),
    ] {
        s.process(&mut doc).unwrap();
    }
    const TAGS: &[&str] = &[
        "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "I-", "junk",
    ];
    for (t, k) in doc.tokens.iter_mut().zip(tags.iter().cycle()) {
        t.ner = Some(TAGS[*k as usize % TAGS.len()].into());
    }
    for name in ["entity_typing", "coref", "coref"] {
        dossier_entities::component(name)
            .unwrap()
            .process(&mut doc)
            .unwrap();
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn any_text_is_handled(words in proptest::collection::vec(0..WORDS.len(), 0..60), tags in proptest::collection::vec(any::<u8>(), 1..20), glue in any::<bool>()) {
        let sep = if glue { "" } else { " " };
        let text: String = words.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(sep);
        let doc = pipeline(&text, &tags);
        prop_assert!(doc.check_spans().is_ok(), "{:?}", doc.check_spans());
        prop_assert!(doc.mentions.windows(2).all(|w| w[0].start <= w[1].start));
        for (id, e) in doc.entities.iter().enumerate() {
            prop_assert!(!e.mentions.is_empty());
            prop_assert!(!e.name.is_empty());
            for &m in &e.mentions {
                prop_assert_eq!(doc.mentions[m].entity, Some(id));
            }
        }
        prop_assert!(doc.mentions.iter().all(|m| m.entity.is_some()));
    }
}
