//! The latency of one entity's profile, and of the store reads behind it,
//! on an existing knowledge base (issue 14: a profile of an entity named in
//! 1,000+ documents in under 200 ms).
//!
//! `cargo run --release -p dossier-report --example profile_bench DB NAME [RUNS]`
//!
//! Each run opens the base read-only afresh (a cold SQLite page cache, as
//! a `dossier profile` process has) and prints the wall and CPU time of the
//! entity's events, relations, and the whole Markdown profile. CPU is the
//! process's user + system time from `/proc/self/stat` (10 ms ticks: take
//! several runs).

use dossier_kb::{SqliteStore, Store};
use dossier_report::{profile, ProfileFormat};
use std::path::Path;
use std::time::{Duration, Instant};

fn cpu_time() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: u64 = f.get(11).and_then(|u| u.parse().ok()).unwrap_or(0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (db, name) = match args.as_slice() {
        [db, name, ..] => (Path::new(db), name.as_str()),
        _ => return Err("usage: profile_bench DB NAME [RUNS]".into()),
    };
    let runs: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let store = SqliteStore::open_read_only(db)?;
    let Some(entity) = store.find_entities(name)?.into_iter().next() else {
        return Err(format!("no entity named {name}").into());
    };
    drop(store);
    println!(
        "{} ({} documents): per run, wall ms / CPU ms",
        entity.name, entity.document_count
    );
    for run in 1..=runs {
        let step = |f: &mut dyn FnMut() -> Result<usize, Box<dyn std::error::Error>>| {
            let (w, c) = (Instant::now(), cpu_time());
            let n = f()?;
            Ok::<_, Box<dyn std::error::Error>>((n, ms(w.elapsed()), ms(cpu_time() - c)))
        };
        let store = SqliteStore::open_read_only(db)?;
        let ev = step(&mut || Ok(store.events(Some(entity.id))?.len()))?;
        let store = SqliteStore::open_read_only(db)?;
        let rel = step(&mut || Ok(store.relations(Some(entity.id))?.len()))?;
        let store = SqliteStore::open_read_only(db)?;
        let pro = step(&mut || Ok(profile(&store, entity.id, ProfileFormat::Markdown)?.len()))?;
        println!(
            "run {run}: events ({}) {:.1} / {:.0}; relations ({}) {:.1} / {:.0}; profile ({} bytes) {:.1} / {:.0}",
            ev.0, ev.1, ev.2, rel.0, rel.1, rel.2, pro.0, pro.1, pro.2
        );
    }
    Ok(())
}
