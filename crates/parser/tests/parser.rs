//! Integration tests: CoNLL-U round trips, the oracle on real trees, and
//! well-formed parses from the built-in model.

use dossier_parser::conllu;
use dossier_parser::system::{is_projective, State};
use dossier_parser::{Parser, Scratch};
use proptest::prelude::*;
use std::path::PathBuf;

fn fixture() -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fictional.conllu"),
    )
    .expect("tracked fixture")
}

/// The UD English EWT file beside the repository (`../shared`), if present.
fn ewt(split: &str) -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud-english-ewt")
        .join(format!("en_ewt-ud-{split}.conllu"));
    match std::fs::read_to_string(&p) {
        Ok(t) => Some(t),
        Err(_) => {
            eprintln!("skipped: {} is not there", p.display());
            None
        }
    }
}

fn heads_of(s: &conllu::Sentence) -> Vec<u32> {
    let n = s.words.len() as u32;
    s.heads()
        .unwrap()
        .into_iter()
        .map(|h| h.map(|h| h as u32).unwrap_or(n))
        .collect()
}

fn rebuilds(heads: &[u32]) -> bool {
    let labels = vec![0u8; heads.len()];
    let mut s = State::new(heads.len());
    while !s.is_terminal() {
        match s.static_oracle(heads, &labels) {
            Some(a) => s.apply(a),
            None => return false,
        }
    }
    s.heads[..heads.len()] == *heads
}

#[test]
fn fixture_round_trips_byte_for_byte() {
    let text = fixture();
    let s = conllu::read(&text, "fictional.conllu").unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(conllu::write(&s), text);
}

#[test]
fn treebank_dev_round_trips_byte_for_byte() {
    let Some(text) = ewt("dev") else { return };
    let s = conllu::read(&text, "dev").unwrap();
    assert_eq!(s.len(), 2001);
    assert_eq!(conllu::write(&s), text);
}

#[test]
fn parsing_changes_only_predicted_columns() {
    let parser = Parser::builtin().unwrap();
    let text = fixture();
    let gold = conllu::read(&text, "f").unwrap();
    let mut sys = gold.clone();
    dossier_parser::parse_conllu(parser, &mut sys);
    for (a, b) in sys.iter().zip(&gold) {
        assert_eq!(a.lines, b.lines);
        for (x, y) in a.words.iter().zip(&b.words) {
            for k in [0, 1, 4, 5, 8, 9] {
                assert_eq!(x.cols[k], y.cols[k]);
            }
        }
    }
    let s = dossier_parser::eval::score(&sys, &gold).unwrap();
    assert_eq!(s.words, 24);
    // Simple sentences of invented names: the floors are what the shipped
    // model scores (21 and 20 of 24 words), so any loss fails.
    assert!(s.uas() >= 87.4, "UAS {}", s.uas());
    assert!(s.las() >= 83.3, "LAS {}", s.las());
}

#[test]
fn static_oracle_rebuilds_the_fixture_trees() {
    let s = conllu::read(&fixture(), "f").unwrap();
    for x in &s {
        let h = heads_of(x);
        assert!(is_projective(&h));
        assert!(rebuilds(&h));
    }
}

#[test]
fn static_oracle_rebuilds_every_projective_training_tree() {
    let Some(text) = ewt("train") else { return };
    let s = conllu::read(&text, "train").unwrap();
    let mut projective = 0;
    for x in &s {
        let h = heads_of(x);
        if is_projective(&h) {
            projective += 1;
            assert!(rebuilds(&h), "sentence at line {}", x.line);
        }
    }
    assert!(projective > 11_000, "{projective}");
}

#[test]
fn passive_agent_and_subject() {
    let parser = Parser::builtin().unwrap();
    let a = parser.analyze_sentence(
        &[
            "The", "convoy", "was", "ambushed", "by", "Zarvan", "fighters", "near", "Olm", ".",
        ],
        &mut Scratch::default(),
    );
    assert_eq!(a.deprels[1], "nsubj:pass");
    assert_eq!(a.heads[1], Some(3));
    assert_eq!(a.deprels[6], "obl:agent");
    assert_eq!(a.lemmas[3], "ambush");
    assert_eq!(a.upos[2], "AUX");
}

#[test]
fn the_builtin_model_reads_back_byte_for_byte_and_refuses_damage() {
    let bytes = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/parser.bin"
    ));
    let parser = Parser::from_bytes(bytes).unwrap();
    // Loading builds the lookup table (dense rows among them) from the
    // file's rows; writing gives the file back.
    assert!(
        parser.to_bytes() == bytes[..],
        "the model written back differs from models/parser.bin"
    );
    for cut in [7, 12, 1000, bytes.len() / 3, bytes.len() - 1] {
        assert!(Parser::from_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
    }
}

fn well_formed(heads: &[Option<usize>]) -> bool {
    let n = heads.len();
    if heads.iter().filter(|h| h.is_none()).count() != 1 {
        return false;
    }
    (0..n).all(|i| {
        let mut x = i;
        for _ in 0..=n {
            match heads[x] {
                None => return true,
                Some(h) if h < n && h != x => x = h,
                _ => return false,
            }
        }
        false
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn every_word_gets_one_head_one_root_no_cycle(
        words in prop::collection::vec("[A-Za-z]{1,8}|[.,;]|[0-9]{1,4}", 1..40)
    ) {
        let parser = Parser::builtin().unwrap();
        let a = parser.analyze_sentence(&words, &mut Scratch::default());
        prop_assert_eq!(a.heads.len(), words.len());
        prop_assert!(well_formed(&a.heads));
        let roots: Vec<usize> = (0..words.len()).filter(|&i| a.heads[i].is_none()).collect();
        prop_assert_eq!(a.deprels[roots[0]].as_str(), "root");
        prop_assert_eq!(a.deprels.iter().filter(|d| *d == "root").count(), 1);
    }
}

#[test]
fn both_feature_sets_train_save_and_load() {
    let gold = conllu::read(&fixture(), "fictional.conllu").unwrap();
    for (set, magic) in [
        (dossier_parser::FeatureSet::V1, b"DPARSE03"),
        (dossier_parser::FeatureSet::V2, b"DPARSE04"),
    ] {
        let opts = dossier_parser::TrainOptions {
            epochs: 3,
            jackknife: 0,
            tagger_epochs: 2,
            prune: 0.0,
            features: set,
            ..Default::default()
        };
        let (p, _) = dossier_parser::train(&gold, None, &opts, &mut |_| {}).unwrap();
        let bytes = p.to_bytes();
        assert_eq!(&bytes[..8], magic, "{set:?}");
        let back = Parser::from_bytes(&bytes).unwrap();
        assert!(back.to_bytes() == bytes, "{set:?} reads back");
        // The same parses from the model read back.
        for s in &gold {
            let forms = s.forms();
            let a = p.analyze_sentence(&forms, &mut Scratch::default());
            let b = back.analyze_sentence(&forms, &mut Scratch::default());
            assert_eq!(a, b);
            assert!(well_formed(&a.heads));
        }
        let mut bad = bytes.clone();
        bad[7] = b'9';
        assert!(Parser::from_bytes(&bad).is_err());
    }
}

#[test]
fn issue12_beam_models_train_save_load_and_decode_trees() {
    let gold = conllu::read(&fixture(), "fictional.conllu").unwrap();
    for update in [
        dossier_parser::BeamUpdate::MaxViolation,
        dossier_parser::BeamUpdate::Early,
    ] {
        let opts = dossier_parser::TrainOptions {
            epochs: 4,
            jackknife: 0,
            tagger_epochs: 2,
            prune: 0.0,
            beam: 4,
            update,
            ..Default::default()
        };
        let (p, report) = dossier_parser::train(&gold, Some(&gold), &opts, &mut |_| {}).unwrap();
        assert_eq!(p.beam(), 4);
        // Global training learns its own training sentences.
        let dev = report.dev.unwrap();
        assert!(dev.uas() > 60.0, "{update:?}: UAS {}", dev.uas());
        let bytes = p.to_bytes();
        assert_eq!(&bytes[..8], b"DPARSB03");
        let back = Parser::from_bytes(&bytes).unwrap();
        assert_eq!(back.beam(), 4);
        assert!(back.to_bytes() == bytes);
        let mut greedy = back.clone();
        greedy.set_beam(1);
        assert_eq!(&greedy.to_bytes()[..8], b"DPARSE03");
        for s in &gold {
            let forms = s.forms();
            let a = p.analyze_sentence(&forms, &mut Scratch::default());
            assert_eq!(a, back.analyze_sentence(&forms, &mut Scratch::default()));
            assert!(well_formed(&a.heads));
            assert!(well_formed(
                &greedy
                    .analyze_sentence(&forms, &mut Scratch::default())
                    .heads
            ));
        }
        // A width out of range is refused.
        let mut bad = bytes.clone();
        bad[8..12].copy_from_slice(&0u32.to_le_bytes());
        assert!(Parser::from_bytes(&bad).is_err());
    }
}

#[test]
fn issue12_the_builtin_model_with_a_beam_gives_trees() {
    let mut p = Parser::builtin().unwrap().clone();
    let gold = conllu::read(&fixture(), "fictional.conllu").unwrap();
    let mut scratch = Scratch::default();
    for width in [2, 8] {
        p.set_beam(width);
        for s in &gold {
            let a = p.analyze_sentence(&s.forms(), &mut scratch);
            assert!(well_formed(&a.heads), "beam {width}");
            assert_eq!(a.deprels.iter().filter(|d| *d == "root").count(), 1);
        }
    }
    p.set_beam(0);
    assert_eq!(p.beam(), 1);
}

#[test]
fn issue12_the_tags_cache_is_written_reused_and_refreshed() {
    let gold = conllu::read(&fixture(), "fictional.conllu").unwrap();
    let path = std::env::temp_dir().join(format!("dossier-tags-cache-{}", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let opts = dossier_parser::TrainOptions {
        epochs: 2,
        jackknife: 2,
        tagger_epochs: 2,
        prune: 0.0,
        tags_cache: Some(path.clone()),
        ..Default::default()
    };
    let run = |opts: &dossier_parser::TrainOptions| {
        let mut cached = false;
        let (p, _) = dossier_parser::train(&gold, None, opts, &mut |e| {
            if let dossier_parser::Progress::Step(s) = e {
                cached |= s.contains("from the cache");
            }
        })
        .unwrap();
        (p.to_bytes(), cached)
    };
    let (first, cached) = run(&opts);
    assert!(!cached && path.exists());
    let (second, cached) = run(&opts);
    assert!(cached);
    assert!(first == second, "the cached tags train the same model");
    // Other settings, or a damaged file: computed again, no error.
    let (_, cached) = run(&dossier_parser::TrainOptions {
        seed: 7,
        ..opts.clone()
    });
    assert!(!cached);
    let (again, cached) = run(&opts);
    assert!(!cached && again == first);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let (third, cached) = run(&opts);
    assert!(!cached);
    assert!(third == first);
    let _ = std::fs::remove_file(&path);
}
