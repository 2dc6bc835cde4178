//! Store throughput and query latency, SQLite against PostgreSQL (issue 17).
//!
//! `cargo run -p dossier-kb --release --example store_bench [SHORT] [LONG]`
//! (defaults: 5000 short and 200 long synthetic reports), with
//! `DOSSIER_BENCH_PG_URL` (or `DOSSIER_TEST_PG_URL`) naming a PostgreSQL
//! server for the PostgreSQL runs (each in a fresh schema, dropped after).
//!
//! Ingests the same corpus into a SQLite file, and into PostgreSQL with 1,
//! 2 and 4 writers (threads with a connection each, documents dealt round
//! robin), and prints documents and words per second, with the figures at
//! the first fifth of the corpus to show how ingest grows with the base.
//! Then, on each store, the latency of an entity list, a search, the reads
//! of a profile and of a timeline of the most mentioned group. The
//! documents are built directly (no NLP): this measures the stores.

mod synthetic;

use dossier_doc::Doc;
use dossier_kb::{EntityFilter, IngestOptions, PgStore, SqliteStore, Store};
use std::time::{Duration, Instant};
use synthetic::{long_report, pools, report, words, Rng};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn corpus(short: usize, long: usize) -> Vec<Doc> {
    let mut r = Rng(0x5eed_1234_abcd);
    let p = pools(&mut r);
    let mut docs: Vec<Doc> = (0..short).map(|i| report(&mut r, &p, i)).collect();
    // Long reports spread through the corpus.
    for k in 0..long {
        let d = long_report(&mut r, &p, k, 150);
        // k < long, so long > 0.
        let at = (k * docs.len()) / long;
        docs.insert(at.min(docs.len()), d);
    }
    docs
}

/// Ingests `docs` with `writers` stores (one per thread) from `open`;
/// prints and returns (docs/s at the first fifth, docs/s overall). With
/// `probe`, measures the queries after the first fifth too (not counted
/// in the ingest time), to show how they grow with the base.
fn ingest<S: Store + Send>(
    label: &str,
    docs: &[Doc],
    writers: usize,
    open: &(dyn Fn() -> S + Sync),
    probe: bool,
) -> (f64, f64) {
    let total_words: usize = docs.iter().map(words).sum();
    let fifth = docs.len() / 5;
    let opts = IngestOptions::default();
    // The first fifth, then the rest, so growth shows.
    let mut marks = Vec::new();
    for (from, to) in [(0, fifth), (fifth, docs.len())] {
        let part = &docs[from..to];
        let t0 = Instant::now();
        std::thread::scope(|s| {
            for w in 0..writers {
                let opts = &opts;
                s.spawn(move || {
                    let mut store = open();
                    for d in part.iter().skip(w).step_by(writers) {
                        store.ingest(d, opts).expect("ingest");
                    }
                });
            }
        });
        marks.push((to - from, t0.elapsed()));
        if probe && from == 0 {
            queries(&format!("{label} at {to}"), &open());
        }
    }
    let wall = marks[0].1 + marks[1].1;
    let rate = |(n, d): (usize, Duration)| n as f64 / d.as_secs_f64();
    let (first, rest) = (rate(marks[0]), rate(marks[1]));
    println!(
        "{label:<22} {:>6} docs {:>8} words {:>7.1} s  {:>7.1} docs/s {:>9.0} words/s  (first fifth {:.1} docs/s, rest {:.1} docs/s)",
        docs.len(),
        total_words,
        wall.as_secs_f64(),
        docs.len() as f64 / wall.as_secs_f64(),
        total_words as f64 / wall.as_secs_f64(),
        first,
        rest
    );
    (first, docs.len() as f64 / wall.as_secs_f64())
}

/// Median of `n` runs of `f`, in ms.
fn median(n: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            ms(t.elapsed())
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn queries(label: &str, s: &dyn Store) {
    let all = s.entities(&EntityFilter::default()).expect("entities");
    let hub = all
        .iter()
        .find(|e| e.etype == dossier_doc::EntityType::ArmedGroup)
        .expect("a group")
        .id;
    let list = median(5, || {
        s.entities(&EntityFilter::default()).expect("entities");
    });
    let search = median(5, || {
        s.search("reported river", 20).expect("search");
    });
    let search_rare = median(5, || {
        s.search("Velmoran", 20).expect("search");
    });
    let profile = median(5, || {
        s.entity(hub).expect("entity");
        let rels = s.relations(Some(hub)).expect("relations");
        s.events(Some(hub)).expect("events");
        s.attributes(Some(hub)).expect("attributes");
        s.contradictions(Some(hub)).expect("contradictions");
        for r in rels.iter().take(50) {
            s.entity(if r.source == hub { r.target } else { r.source })
                .expect("entity");
        }
    });
    let timeline = median(5, || {
        let mut ev = s.events(Some(hub)).expect("events");
        ev.sort_by_key(|e| e.date.map(|d| d.to_string())); // text order, as before the dates were typed
    });
    // A name look-up by part of a name (`profile NAME`, `timeline NAME`).
    let part: String = all
        .iter()
        .find(|e| e.id == hub)
        .map(|e| e.name.chars().skip(2).take(6).collect())
        .unwrap_or_default();
    let lookup = median(5, || {
        s.find_entities(&part).expect("find");
    });
    println!(
        "{label:<22} entity list {list:>8.1} ms ({} entities) | search common {search:>7.1} ms, rare {search_rare:>6.1} ms | profile {profile:>7.1} ms | timeline {timeline:>6.1} ms | name look-up {lookup:>6.1} ms",
        all.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let short: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let long: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let docs = corpus(short, long);
    let dir = std::env::temp_dir().join(format!("dossier-store-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("kb.db");
    ingest(
        "sqlite",
        &docs,
        1,
        &|| SqliteStore::open(&path).expect("sqlite"),
        true,
    );
    let sqlite = SqliteStore::open(&path).expect("sqlite");
    queries("sqlite", &sqlite);
    drop(sqlite);
    let _ = std::fs::remove_dir_all(&dir);

    let server = std::env::var("DOSSIER_BENCH_PG_URL")
        .or_else(|_| std::env::var("DOSSIER_TEST_PG_URL"))
        .ok()
        .filter(|u| !u.is_empty());
    let Some(server) = server else {
        println!("(set DOSSIER_BENCH_PG_URL to a PostgreSQL server for the PostgreSQL runs)");
        return;
    };
    for writers in [1, 2, 4] {
        let schema = format!("dossier_bench_{}_{writers}", std::process::id());
        let mut admin = postgres::Client::connect(&server, postgres::NoTls).expect("connect");
        admin
            .batch_execute(&format!(
                "SET client_min_messages = warning; DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .expect("schema");
        let sep = if server.contains('?') { '&' } else { '?' };
        let url = format!("{server}{sep}options=-csearch_path%3D{schema}");
        drop(PgStore::open(&url).expect("postgres"));
        ingest(
            &format!("postgres, {writers} writer(s)"),
            &docs,
            writers,
            &|| PgStore::open(&url).expect("postgres"),
            writers == 1,
        );
        if writers == 1 {
            let pg = PgStore::open_existing(&url).expect("postgres");
            queries("postgres", &pg);
        }
        admin
            .batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .expect("drop");
    }
}
