//! Tagging throughput of the built-in NER and POS models (tokens/s), sentence
//! by sentence and as one document.
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dossier_tagger::Model;

const TEXT: &str = "The Ministry of Defence said on Tuesday that General Arno Velt , commander of the Northern Brigade , had met officials in Kadra and Lisbon to discuss the ceasefire . \
Shares of Halvorsen Shipping Inc rose 3.5 percent to 41.20 dollars in Oslo after the company reported higher profits for the second quarter . \
Rebels of the Liberation Front attacked a police base near the border town of Tessa , killing four soldiers , local officials told Reuters .";

fn sentences() -> Vec<Vec<&'static str>> {
    TEXT.split(" . ")
        .map(|s| s.split_whitespace().chain(["."]).collect())
        .collect()
}

fn bench(c: &mut Criterion) {
    let sents = sentences();
    let ntok: usize = sents.iter().map(|s| s.len()).sum();
    for (name, model) in [("ner", Model::builtin_ner()), ("pos", Model::builtin_pos())] {
        let Ok(model) = model else { continue };
        let mut g = c.benchmark_group(format!("tag_{name}"));
        g.throughput(Throughput::Elements(ntok as u64));
        g.bench_function("sentences", |b| {
            b.iter(|| {
                let mut n = 0;
                for s in &sents {
                    n += model.tag(s).len();
                }
                n
            })
        });
        // The same sentences as one document (one thread: fewer tokens than
        // tagging spreads over threads): words seen before in the document
        // reuse their own-word scores.
        g.bench_function("document", |b| {
            b.iter(|| {
                model
                    .tag_document(&sents)
                    .iter()
                    .map(Vec::len)
                    .sum::<usize>()
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
