//! `dossier-fuzz`: a mutation fuzzer over the targets of `dossier_fuzz`,
//! on stable Rust (no libFuzzer, no nightly).
//!
//! ```text
//! dossier-fuzz [--target NAME]... [--seconds N] [--seed S] [--corpus DIR]
//!              [--out DIR] [--slow-ms MS] [--keep-last]
//! ```
//!
//! Time is shared between the targets (all by default). Each execution
//! mutates a seed (built-in seeds with the hostile inputs of issue 14, plus
//! the files of `DIR/<target>/`) and runs the target; inputs that reach new
//! output sizes are kept as new seeds. A panic or a broken invariant is a
//! crash: the input is written to `--out` (default `fuzz-findings`) and the
//! run ends with exit status 1. An execution over `--slow-ms` (default 10 s)
//! is reported and saved as a slow input (exit status 2). A stack overflow
//! aborts the process: rerun with the printed seed and `--keep-last` to
//! have the input in `--out/last-<target>`.

use dossier_fuzz::{corpus_files, mutate, seeds, Rng, Target};
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Args {
    targets: Vec<Target>,
    seconds: f64,
    seed: u64,
    corpus: PathBuf,
    out: PathBuf,
    slow: Duration,
    keep_last: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        targets: Vec::new(),
        seconds: 60.0,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
        corpus: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")),
        out: PathBuf::from("fuzz-findings"),
        slow: Duration::from_secs(10),
        keep_last: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--target" => {
                let v = val()?;
                a.targets.push(Target::from_name(&v).ok_or(format!(
                    "unknown target {v} (one of: {})",
                    Target::ALL.map(|t| t.name()).join(", ")
                ))?);
            }
            "--seconds" => a.seconds = val()?.parse().map_err(|e| format!("--seconds: {e}"))?,
            "--seed" => a.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--corpus" => a.corpus = val()?.into(),
            "--out" => a.out = val()?.into(),
            "--slow-ms" => {
                a.slow = Duration::from_millis(val()?.parse().map_err(|e| format!("--slow-ms: {e}"))?)
            }
            "--keep-last" => a.keep_last = true,
            "-h" | "--help" => {
                return Err("usage: dossier-fuzz [--target NAME]... [--seconds N] [--seed S] [--corpus DIR] [--out DIR] [--slow-ms MS] [--keep-last]".into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.targets.is_empty() {
        a.targets = Target::ALL.to_vec();
    }
    Ok(a)
}

fn save(out: &std::path::Path, name: &str, data: &[u8]) -> PathBuf {
    let _ = std::fs::create_dir_all(out);
    let p = out.join(name);
    let _ = std::fs::write(&p, data);
    p
}

fn main() -> std::process::ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return std::process::ExitCode::from(64);
        }
    };
    // Findings are reported once, by us, not by the default hook per panic.
    std::panic::set_hook(Box::new(|_| {}));
    eprintln!(
        "dossier-fuzz: seed {} ({} s over {} targets)",
        args.seed,
        args.seconds,
        args.targets.len()
    );
    let per_target = Duration::from_secs_f64(args.seconds.max(0.0) / args.targets.len() as f64);
    let mut rng = Rng::new(args.seed);
    let mut status = 0u8;
    let mut total = 0u64;
    for &target in &args.targets {
        let mut pool = seeds(target);
        pool.extend(corpus_files(&args.corpus, target));
        // Every seed runs once as it is.
        let started = Instant::now();
        let mut execs = 0u64;
        let mut slowest = Duration::ZERO;
        let mut seen_sizes = std::collections::HashSet::new();
        let mut crashes = 0;
        let mut i = 0usize;
        while i < pool.len() || started.elapsed() < per_target {
            let input = if i < pool.len() {
                pool[i].clone()
            } else {
                let mut d = pool[rng.below(pool.len())].clone();
                let other = pool[rng.below(pool.len())].clone();
                for _ in 0..1 + rng.below(4) {
                    mutate(&mut rng, &mut d, &other, target.max_len());
                }
                d
            };
            i += 1;
            if args.keep_last {
                save(&args.out, &format!("last-{}", target.name()), &input);
            }
            let t = Instant::now();
            let result = std::panic::catch_unwind(|| target.run(&input));
            let took = t.elapsed();
            execs += 1;
            slowest = slowest.max(took);
            match result {
                Err(panic) => {
                    crashes += 1;
                    let msg = panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    let p = save(
                        &args.out,
                        &format!("crash-{}-{}-{execs}", target.name(), args.seed),
                        &input,
                    );
                    eprintln!(
                        "CRASH {}: {msg}\n  input saved to {}",
                        target.name(),
                        p.display()
                    );
                    status = 1;
                    if crashes >= 5 {
                        break;
                    }
                }
                Ok(()) => {
                    if took > args.slow {
                        let p = save(
                            &args.out,
                            &format!("slow-{}-{}-{execs}", target.name(), args.seed),
                            &input,
                        );
                        eprintln!(
                            "SLOW {}: {:.1} s on {} bytes, saved to {}",
                            target.name(),
                            took.as_secs_f64(),
                            input.len(),
                            p.display()
                        );
                        if status == 0 {
                            status = 2;
                        }
                    }
                    // Keep inputs of a new size class as seeds (cheap coverage proxy).
                    let class = (input.len().max(1).ilog2(), input.first().copied());
                    if i > pool.len() && seen_sizes.insert(class) && pool.len() < 4096 {
                        pool.push(input);
                    }
                }
            }
        }
        total += execs;
        eprintln!(
            "{:<10} {:>8} execs in {:>6.1} s, slowest {:>8.1} ms, {} crashes, {} seeds",
            target.name(),
            execs,
            started.elapsed().as_secs_f64(),
            slowest.as_secs_f64() * 1e3,
            crashes,
            pool.len()
        );
    }
    eprintln!("total: {total} executions");
    std::process::ExitCode::from(status)
}
