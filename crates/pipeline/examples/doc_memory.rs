//! Heap memory of the built-in pipeline on one document, component by
//! component (issue 14, item 2: peak memory within a small multiple of the
//! document).
//!
//! `cargo run --release -p dossier-pipeline --example doc_memory FILE`
//!
//! Counts the bytes allocated through the global allocator: after the
//! models are loaded (a warm-up run on a one-line document), it prints for
//! each component the heap held after it and the peak while it ran, both
//! over the heap held before the document was read, and as a multiple of
//! the document's size in bytes. The example clears the values components
//! share after each component; then the whole pipeline runs at once on
//! the same file, as `dossier extract` runs it (the shared values held
//! from their first to their last user), a row per component, its peak
//! and the seconds each component took.

use dossier_read::{read_path, ReadOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = System.alloc(l);
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        System.dealloc(p, l);
        LIVE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = System.realloc(p, l, new);
        if !q.is_null() {
            if new >= l.size() {
                let now = LIVE.fetch_add(new - l.size(), Relaxed) + new - l.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                LIVE.fetch_sub(l.size() - new, Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mib(b: usize) -> f64 {
    b as f64 / (1024.0 * 1024.0)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: doc_memory FILE");
    let registry = dossier_pipeline::builtin::registry();
    let pipeline =
        dossier_pipeline::Pipeline::build(&dossier_pipeline::builtin::default_config(), &registry)
            .expect("pipeline");
    // Warm up: every model and index loaded before measuring.
    let dir = std::env::temp_dir().join(format!("dossier-docmem-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tiny = dir.join("tiny.txt");
    std::fs::write(
        &tiny,
        "The Vell Circle, an armed group led by Arno Kessel, attacked a post in Dorn on 3 May 2019.\n",
    )
    .unwrap();
    let mut warm = read_path(&tiny, &ReadOptions::default()).expect("read");
    pipeline.run(&mut warm).expect("warm-up");
    drop(warm);
    let _ = std::fs::remove_dir_all(&dir);

    let size = std::fs::metadata(&path).expect("file").len() as usize;
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let mut doc = read_path(std::path::Path::new(&path), &ReadOptions::default()).expect("read");
    let x = |b: usize| b.saturating_sub(base) as f64 / size as f64;
    println!(
        "{path}: {size} bytes; heap before reading {:.0} MiB",
        mib(base)
    );
    println!("step                 held MiB  (× size)   peak MiB  (× size)");
    let row = |name: &str| {
        let (live, peak) = (LIVE.load(Relaxed), PEAK.load(Relaxed));
        println!(
            "{name:<20} {:>8.1}  ({:>5.1}×)  {:>8.1}  ({:>5.1}×)",
            mib(live.saturating_sub(base)),
            x(live),
            mib(peak.saturating_sub(base)),
            x(peak)
        );
        PEAK.store(live, Relaxed);
    };
    row("read");
    let names: Vec<String> = pipeline.names().iter().map(|s| s.to_string()).collect();
    for (i, name) in names.iter().enumerate() {
        pipeline.run_range(&mut doc, i..i + 1).expect("component");
        row(name);
    }
    let json = serde_json::to_string(&dossier_doc::interchange::Interchange::from_doc(&doc));
    row("interchange json");
    drop(json);
    drop(doc);
    row("dropped");
    // The whole pipeline at once, as `dossier extract` runs it: the values
    // components share (the extractors' sentence views) live from their
    // first to their last user, so its peak may exceed every row above.
    println!("whole run:");
    let mut doc = read_path(std::path::Path::new(&path), &ReadOptions::default()).expect("read");
    let mut top = 0usize;
    let times = pipeline
        .run_checked(&mut doc, |name, _| {
            top = top.max(PEAK.load(Relaxed));
            row(name);
            Ok(())
        })
        .expect("run");
    top = top.max(PEAK.load(Relaxed));
    println!(
        "whole run peak: {:.1} MiB ({:.1}×)",
        mib(top.saturating_sub(base)),
        x(top)
    );
    let secs = |(n, t): &(String, std::time::Duration)| format!("{n} {:.3}", t.as_secs_f64());
    println!(
        "seconds: {}",
        times.iter().map(secs).collect::<Vec<_>>().join(", ")
    );
}
