//! The sample report through the real text pipeline (`dossier-nlp`'s
//! normalizer, sentence splitter and tokenizer), then `gazetteer` and
//! `coref`. Set `DOSSIER_ENTITIES_SAMPLE_OUT=FILE` to write the interchange
//! JSON for `score.py`.

use dossier_doc::{Component, Doc, Meta};

#[test]
fn sample_report_through_the_real_pipeline() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/sample-report.txt"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("tracked fixture {path} cannot be read: {e}"));
    let mut doc = Doc::new(Meta::default(), text);
    let steps: Vec<Box<dyn Component>> = vec![
        Box::new(dossier_nlp::Normalizer::new()),
        Box::new(dossier_nlp::SentenceSplitter::new()),
        Box::new(dossier_nlp::Tokenizer::new()),
        dossier_entities::component("gazetteer").unwrap(),
        dossier_entities::component("coref").unwrap(),
    ];
    for s in &steps {
        s.process(&mut doc).unwrap();
    }
    doc.check_spans().unwrap();
    if let Ok(out) = std::env::var("DOSSIER_ENTITIES_SAMPLE_OUT") {
        let json =
            serde_json::to_string_pretty(&dossier_doc::interchange::Interchange::from_doc(&doc))
                .unwrap();
        std::fs::write(out, json).unwrap();
    }
    let names: Vec<String> = doc
        .entities
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .map(|n| dossier_entities::name_key(n))
        .collect();
    let expected = [
        "iran",
        "azerbaijan",
        "qom",
        "tawheed ibrahim begli",
        "ilham aliyev",
        "irgc",
        "islamic state",
        "husseiniyon",
        "hezbollah",
        "baku",
    ];
    let missing: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|n| !names.iter().any(|x| x == n))
        .collect();
    assert!(missing.len() <= 2, "missing {missing:?}");
    assert!(
        doc.entities.len() < 120,
        "too many entities: {}",
        doc.entities.len()
    );
}
