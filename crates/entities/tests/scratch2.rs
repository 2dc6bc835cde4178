use dossier_doc::{Component, Doc, Meta};
#[test]
fn scratch2() {
    let text = std::fs::read_to_string("/tmp/ent/incidents.txt").unwrap();
    let mut doc = Doc::new(Meta::default(), text);
    for s in [Box::new(dossier_nlp::Normalizer::new()) as Box<dyn Component>, Box::new(dossier_nlp::SentenceSplitter::new()), Box::new(dossier_nlp::Tokenizer::new()), dossier_entities::component("gazetteer").unwrap(), dossier_entities::component("coref").unwrap()] { s.process(&mut doc).unwrap(); }
    for e in &doc.entities {
        eprintln!("{:<15} {:<45} {:?} ({})", e.etype.as_str(), e.name, e.aliases, e.mentions.iter().map(|&m| format!("{:?}", doc.mentions[m].kind)).collect::<Vec<_>>().join(","));
    }
}
