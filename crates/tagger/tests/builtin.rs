//! Checks on the shipped models with sentences about fictional people and places.
use dossier_tagger::{spans, Model};

#[test]
fn builtin_ner_finds_obvious_entities() {
    let m = Model::builtin_ner().expect("built-in NER model");
    let toks = [
        "Foreign", "Minister", "Arno", "Velt", "arrived", "in", "Lisbon", "on", "Monday", ".",
    ];
    let tags = m.tag(&toks);
    let s = spans(&tags);
    assert!(s.contains(&(2, 4, "PER".to_string())), "{tags:?}");
    assert!(s.contains(&(6, 7, "LOC".to_string())), "{tags:?}");
    assert_eq!(tags[4], "O");
}

#[test]
fn builtin_models_load_and_tag_odd_input() {
    for m in [
        Model::builtin_ner(),
        Model::builtin_pos(),
        Model::builtin_chunk(),
    ] {
        let m = m.expect("built-in model");
        assert!(m.tag::<&str>(&[]).is_empty());
        let odd = ["", " ", "\u{200b}", "ÅÄÖ", "12,5%", "----", "x"];
        assert_eq!(m.tag(&odd).len(), odd.len());
        let long: Vec<String> = (0..2000).map(|i| format!("w{i}")).collect();
        assert_eq!(m.tag(&long).len(), 2000);
    }
    let pos = Model::builtin_pos().unwrap();
    let t = pos.tag(&["The", "soldiers", "crossed", "the", "river", "."]);
    assert_eq!(t[0], "DT");
    assert_eq!(t[5], ".");
    let chunk = Model::builtin_chunk().unwrap();
    assert!(chunk.uses_pos());
    let c = chunk.tag_with_pos(
        &["The", "soldiers", "crossed", "the", "river"],
        Some(&["DT", "NNS", "VBD", "DT", "NN"]),
    );
    assert_eq!(c, ["B-NP", "I-NP", "B-VP", "B-NP", "I-NP"]);
}

#[test]
fn damaged_model_files_are_errors_not_panics() {
    let bytes: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../models/ner.bin"));
    let m = Model::from_bytes(bytes).expect("intact model parses");
    assert_eq!(m.to_bytes(), bytes, "serialization is stable");
    for cut in [
        0,
        7,
        8,
        12,
        100,
        bytes.len() / 3,
        bytes.len() / 2,
        bytes.len() - 1,
    ] {
        assert!(Model::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    let mut extra = bytes.to_vec();
    extra.push(0);
    assert!(Model::from_bytes(&extra).is_err());
    // Flipped bytes anywhere: an error or a model that still tags, never a panic.
    let mut x = 12345u64;
    for _ in 0..200 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let mut b = bytes.to_vec();
        let i = (x as usize) % b.len();
        b[i] ^= 0xff;
        if let Ok(m) = Model::from_bytes(&b) {
            assert_eq!(
                m.tag(&["Ilse", "Marrow", "visited", "Quenby", "."]).len(),
                5
            );
        }
    }
}
