//! The fuzz targets under proptest (runs in `cargo test`), and the seed
//! corpus (with the hostile inputs of issue 14) run once.

use dossier_fuzz::{corpus_files, mutate, seeds, Rng, Target};
use proptest::prelude::*;

#[test]
fn seed_corpus_passes_every_target() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for t in Target::ALL {
        let mut all = seeds(t);
        all.extend(corpus_files(&corpus, t));
        for s in all {
            t.run(&s);
        }
    }
}

#[test]
fn mutated_seeds_pass_every_target_but_the_pipeline() {
    // A fixed-seed mini run of the mutation fuzzer (the pipeline target is
    // exercised by the seed run above and by `dossier-fuzz` in .ci/run).
    let mut rng = Rng::new(14);
    for t in Target::ALL.into_iter().filter(|&t| t != Target::Pipeline) {
        let pool = seeds(t);
        for _ in 0..150 {
            let mut d = pool[rng.below(pool.len())].clone();
            let other = pool[rng.below(pool.len())].clone();
            for _ in 0..3 {
                mutate(&mut rng, &mut d, &other, t.max_len());
            }
            t.run(&d);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn text_targets_on_arbitrary_strings(s in "\\PC{0,300}") {
        for t in [Target::Sentences, Target::Tokens, Target::Dates, Target::Edtf, Target::Txt, Target::Md, Target::Html] {
            t.run(s.as_bytes());
        }
    }

    #[test]
    fn readers_on_arbitrary_bytes(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        for t in [Target::Txt, Target::Md, Target::Html, Target::Pdf] {
            t.run(&b);
        }
    }

    #[test]
    fn edtf_on_edtf_like_strings(s in "(-?[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[~?%]?)?(/(\\.\\.|-?[0-9X]{4}(-[0-9X]{2}(-[0-9X]{2})?)?[~?%]?)?)?") {
        Target::Edtf.run(s.as_bytes());
    }

    #[test]
    fn text_targets_on_report_like_strings(s in "([A-Z][a-z]{1,8} |[0-9]{1,4} |(May|March) |[.,;:!?\"“”()\\-] |\n){0,60}") {
        for t in [Target::Sentences, Target::Tokens, Target::Dates] {
            t.run(s.as_bytes());
        }
    }
}

#[test]
fn no_unit_tests_or_doctests_in_src() {
    // Cargo.toml sets `test = false` and `doctest = false` for the library
    // and the binary (two test binaries fewer to link in `cargo test`): a
    // unit test or a Rust code block in a doc comment here would never run.
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = 0;
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("a folder of crates/fuzz/src") {
            let path = entry.expect("an entry of crates/fuzz/src").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some("rs") {
                files += 1;
                check_no_tests(&path);
            }
        }
    }
    assert!(files >= 2, "read {files} source files in {}", src.display());
}

/// Panics at a unit test or a Rust doc block in `path`.
fn check_no_tests(path: &std::path::Path) {
    let text = std::fs::read_to_string(path).expect("a source file");
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim_start();
        assert!(
            !t.starts_with("#[test]") && !t.starts_with("#[cfg(test)]"),
            "{}:{}: a unit test here never runs (test = false): move it to tests/",
            path.display(),
            n + 1
        );
        let doc = t.strip_prefix("//!").or_else(|| t.strip_prefix("///"));
        let Some(info) = doc.map(str::trim).and_then(|d| d.strip_prefix("```")) else {
            continue;
        };
        if in_block {
            in_block = false;
            continue;
        }
        in_block = true;
        assert!(
            info == "text",
            "{}:{}: a doctest here never runs (doctest = false): ```text or tests/",
            path.display(),
            n + 1
        );
    }
}
