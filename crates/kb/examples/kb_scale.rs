//! Ingest cost as the knowledge base grows (issue 14, item 3).
//!
//! `cargo run -p dossier-kb --release --example kb_scale [DOCS] [BATCH] [DB]`
//! (defaults: 10000 documents, batches of 1000, a temporary file database).
//!
//! Ingests DOCS short synthetic reports (invented group, person and place
//! names; a handful of entities, relations, an event and an attribute each)
//! into one SQLite file and prints, per batch, the wall and CPU time and the
//! documents per second; then the latency of the reads a profile makes
//! (entity, relations, events, attributes, contradictions) for the "hub"
//! group named in about 12 % of the documents, and of whole-base reads.
//! The documents are built directly (no NLP): this measures the store.
//! `KB_SCALE_ORDER=reverse` ingests them last to first.

mod synthetic;

use dossier_doc::Doc;
use dossier_kb::{EntityFilter, IngestOptions, SqliteStore, Store};
use std::time::{Duration, Instant};
use synthetic::{cpu_time, pools, report, Rng};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let docs: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let batch: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let path = args
        .get(2)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::env::temp_dir().join(format!("dossier-kb-scale-{}.db", std::process::id()))
        });
    let temp = args.get(2).is_none();
    if docs > 0 {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
    let mut r = Rng(0x5eed_1234_abcd);
    let p = pools(&mut r);
    // KB_SCALE_ORDER=reverse ingests the same reports last to first (to
    // compare the resulting knowledge bases).
    let mut corpus: Vec<Doc> = (0..docs).map(|i| report(&mut r, &p, i)).collect();
    if std::env::var("KB_SCALE_ORDER").is_ok_and(|o| o == "reverse") {
        corpus.reverse();
    }
    let mut store = SqliteStore::open(&path).expect("store");
    let opts = IngestOptions::default();
    let (w0, c0) = (Instant::now(), cpu_time());
    let mut first_per_doc = None;
    let mut last_per_doc = 0.0;
    println!("batch      docs   wall_s    cpu_s   docs/s  ms/doc");
    let mut n = 0;
    while n < docs {
        let (w, c) = (Instant::now(), cpu_time());
        let end = (n + batch).min(docs);
        for d in &corpus[n..end] {
            store.ingest(d, &opts).expect("ingest");
        }
        let (wall, cpu) = (w.elapsed(), cpu_time() - c);
        let per = ms(wall) / (end - n) as f64;
        first_per_doc.get_or_insert(per);
        last_per_doc = per;
        println!(
            "{:>5}-{:<5} {:>5} {:>8.2} {:>8.2} {:>8.1} {:>7.2}",
            n,
            end,
            end - n,
            wall.as_secs_f64(),
            cpu.as_secs_f64(),
            (end - n) as f64 / wall.as_secs_f64(),
            per
        );
        n = end;
    }
    let (wall, cpu) = (w0.elapsed(), cpu_time() - c0);
    println!(
        "total: {docs} documents in {:.1} s wall, {:.1} s CPU ({:.0} docs/s); last batch / first batch per document: {:.2}",
        wall.as_secs_f64(),
        cpu.as_secs_f64(),
        docs as f64 / wall.as_secs_f64(),
        last_per_doc / first_per_doc.unwrap_or(last_per_doc)
    );
    drop(store);
    let store = SqliteStore::open(&path).expect("reopen");
    let t = Instant::now();
    let hub = store
        .find_entities("Velmoran Liberation Front")
        .expect("find")
        .into_iter()
        .next()
        .expect("hub entity");
    let find = t.elapsed();
    // The reads of a profile (dossier_report::Snapshot::around): the
    // entity, what touches it, every entity those name, the documents cited.
    let (t, c) = (Instant::now(), cpu_time());
    let e = store.entity(hub.id).expect("entity").expect("hub");
    let t_entity = t.elapsed();
    let rels = store.relations(Some(hub.id)).expect("relations");
    let t_rel = t.elapsed();
    let evs = store.events(Some(hub.id)).expect("events");
    let t_ev = t.elapsed();
    let attrs = store.attributes(Some(hub.id)).expect("attributes");
    let contra = store.contradictions(Some(hub.id)).expect("contradictions");
    let t_con = t.elapsed();
    let mut named = std::collections::BTreeSet::new();
    for r in &rels {
        named.extend([r.source, r.target]);
    }
    for v in &evs {
        named.extend(v.participants.iter().map(|p| p.entity));
    }
    for id in &named {
        store.entity(*id).expect("entity");
    }
    let t_named = t.elapsed();
    let mut cited = std::collections::BTreeSet::new();
    for ev in rels
        .iter()
        .flat_map(|r| &r.evidence)
        .chain(evs.iter().flat_map(|e| &e.evidence))
        .chain(attrs.iter().flat_map(|a| &a.evidence))
    {
        cited.insert(ev.document.clone());
    }
    cited.extend(e.aliases.iter().flat_map(|a| a.documents.iter().cloned()));
    for d in &cited {
        store.document(d).expect("document");
    }
    let n_docs = cited.len();
    let profile = t.elapsed();
    let profile_cpu = cpu_time() - c;
    println!(
        "hub '{}' ({} documents, {} aliases): find_entities {:.1} ms; profile reads {:.1} ms wall, {:.0} ms CPU \
         (entity {:.1}, {} relations {:.1}, {} events {:.1}, {} attributes + {} contradictions {:.1}, \
         {} named entities {:.1}, {n_docs} cited documents {:.1})",
        e.name,
        e.document_count,
        e.aliases.len(),
        ms(find),
        ms(profile),
        ms(profile_cpu),
        ms(t_entity),
        rels.len(),
        ms(t_rel - t_entity),
        evs.len(),
        ms(t_ev - t_rel),
        attrs.len(),
        contra.len(),
        ms(t_con - t_ev),
        named.len(),
        ms(t_named - t_con),
        ms(profile - t_named),
    );
    let t = Instant::now();
    let all = store.entities(&EntityFilter::default()).expect("entities");
    let ents = t.elapsed();
    let biggest = all.iter().map(|e| e.aliases.len()).max().unwrap_or(0);
    let t = Instant::now();
    let docs_list = store.documents().expect("documents");
    let dl = t.elapsed();
    println!(
        "entities(): {:.1} ms ({} entities, most aliases on one: {biggest}); documents(): {:.1} ms ({})",
        ms(ents),
        all.len(),
        ms(dl),
        docs_list.len()
    );
    if temp {
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
        }
    }
}
