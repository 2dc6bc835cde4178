//! `dossier queue add|status` and `dossier worker`: the shared ingest queue
//! of a PostgreSQL knowledge base (`dossier_kb::queue`). Workers on any
//! number of machines may point at one database; each claims one job at a
//! time per `--concurrency` slot, renews its lease while the document is
//! read and extracted, stores it in one transaction and marks it done.

use crate::commands::{pg_url, print_warnings, shown_db, terminal_safe, BudgetedRunner, Run};
use crate::process;
use crate::{BudgetArg, DbArg, ListFormat, PipelineArg};
use anyhow::{anyhow, bail, Context, Result};
use dossier_kb::queue::{Fate, Queue, QueueSettings};
use dossier_kb::{IngestOptions, IngestOutcome, PgStore, Store};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn queue_url(db: &DbArg) -> Result<&str> {
    pg_url(db).ok_or_else(|| {
        anyhow!(
            "the shared queue needs a PostgreSQL knowledge base (--db postgres://…), not {}; use `dossier ingest` for a SQLite file",
            db.db.display()
        )
    })
}

/// `dossier queue add`.
pub fn add(
    paths: &[PathBuf],
    db: &DbArg,
    published: Option<dossier_doc::Edtf>,
    source: Option<String>,
    reliability: Option<char>,
) -> Result<ExitCode> {
    // the queue keeps the date as its EDTF text
    let published = published.map(|e| e.to_string());
    let url = queue_url(db)?;
    let q = Queue::open(url, QueueSettings::default())
        .with_context(|| format!("cannot open database {}", shown_db(db)))?;
    let (files, errors) = dossier_read::collect_paths(paths);
    let mut failed: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    let mut added = 0;
    for f in &files {
        match std::fs::read(f) {
            Ok(bytes) => {
                q.add(
                    &f.display().to_string(),
                    &bytes,
                    published.as_deref(),
                    source.as_deref(),
                    reliability,
                )
                .with_context(|| format!("{}: cannot queue", f.display()))?;
                added += 1;
            }
            Err(e) => failed.push(format!("{}: {e}", f.display())),
        }
    }
    eprintln!("queued {added} files in {}", shown_db(db));
    for f in &failed {
        eprintln!("failed: {}", terminal_safe(f));
    }
    Ok(if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `dossier queue status`.
pub fn status(db: &DbArg, format: ListFormat) -> Result<ExitCode> {
    let url = queue_url(db)?;
    let q = Queue::open(url, QueueSettings::default())
        .with_context(|| format!("cannot open database {}", shown_db(db)))?;
    let s = q.status()?;
    match format {
        ListFormat::Json => println!("{}", serde_json::to_string_pretty(&s)?),
        ListFormat::Table => {
            println!(
                "pending {} (retrying {}), running {}, done {}, failed {}",
                s.pending, s.retrying, s.running, s.done, s.failed
            );
            for p in &s.parked {
                println!(
                    "failed job {} {} after {} tries: {}",
                    p.id,
                    terminal_safe(&p.name),
                    p.attempts,
                    terminal_safe(&p.error)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How `dossier worker` runs.
pub struct WorkerOptions {
    /// Documents at once.
    pub concurrency: usize,
    /// Stop when no job is pending or running.
    pub exit_when_empty: bool,
    /// Lease in seconds.
    pub lease: f64,
    /// Tries before parking.
    pub max_attempts: u32,
}

/// Counts of one worker run.
#[derive(Default)]
struct Tally {
    done: AtomicUsize,
    unchanged: AtomicUsize,
    retried: AtomicUsize,
    parked: AtomicUsize,
}

/// `dossier worker`.
pub fn worker(
    db: &DbArg,
    opts: &WorkerOptions,
    pipeline: &PipelineArg,
    budget: &BudgetArg,
) -> Result<ExitCode> {
    let url = queue_url(db)?.to_string();
    if opts.concurrency == 0 || opts.concurrency > 256 {
        bail!(
            "--concurrency must be between 1 and 256, not {}",
            opts.concurrency
        );
    }
    let lease = Duration::try_from_secs_f64(opts.lease)
        .ok()
        .filter(|d| *d >= Duration::from_millis(100))
        .ok_or_else(|| anyhow!("--lease must be at least 0.1 seconds, not {}", opts.lease))?;
    let settings = QueueSettings {
        lease,
        max_attempts: opts.max_attempts,
        ..QueueSettings::default()
    };
    // Fail early (bad URL, schema) before loading the pipeline.
    Queue::open(&url, settings)
        .with_context(|| format!("cannot open database {}", shown_db(db)))?;
    let pipeline = Arc::new(process::pipeline(pipeline)?);
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .unwrap_or_else(|| "worker".into());
    let tally = Tally::default();
    let results: Vec<Result<()>> = std::thread::scope(|t| {
        let handles: Vec<_> = (0..opts.concurrency)
            .map(|slot| {
                let name = format!("{host}:{}:{slot}", std::process::id());
                let (url, pipeline, stop, tally) = (&url, pipeline.clone(), &stop, &tally);
                t.spawn(move || {
                    work(
                        url,
                        &name,
                        settings,
                        pipeline,
                        budget,
                        opts.exit_when_empty,
                        stop,
                        tally,
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow!("a worker thread panicked")))
            })
            .collect()
    });
    eprintln!(
        "worker: {} stored, {} unchanged, {} failed tries to retry, {} parked as failed",
        tally.done.load(Ordering::SeqCst),
        tally.unchanged.load(Ordering::SeqCst),
        tally.retried.load(Ordering::SeqCst),
        tally.parked.load(Ordering::SeqCst),
    );
    let mut code = ExitCode::SUCCESS;
    for r in results {
        if let Err(e) = r {
            eprintln!("error: {e:#}");
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

/// One slot of a worker: claims, processes and stores jobs until the queue
/// is drained (with `exit_when_empty`) or Ctrl-C.
#[allow(clippy::too_many_arguments)]
fn work(
    url: &str,
    name: &str,
    settings: QueueSettings,
    pipeline: Arc<dossier_pipeline::Pipeline>,
    budget: &BudgetArg,
    exit_when_empty: bool,
    stop: &AtomicBool,
    tally: &Tally,
) -> Result<()> {
    let q = Queue::open(url, settings)?;
    let mut store = PgStore::open(url)?;
    let mut runner = BudgetedRunner::shared(pipeline, budget)?;
    let mut times = process::Timings::default();
    let scratch = tempfile::tempdir().context("cannot create a temporary directory")?;
    // Its own connection renews leases while a document is processed.
    let mut renewer = Some(Queue::open(url, settings)?);
    let mut idle = Duration::from_millis(50);
    while !stop.load(Ordering::SeqCst) {
        let Some(job) = q.claim(name)? else {
            if exit_when_empty && q.is_drained()? {
                break;
            }
            std::thread::sleep(idle);
            idle = (idle * 2).min(Duration::from_secs(2));
            continue;
        };
        idle = Duration::from_millis(50);
        // The lease is renewed from another connection while the document
        // is read and extracted.
        let renewing = AtomicBool::new(true);
        let outcome = std::thread::scope(|t| {
            let handle = renewer.take().map(|rq| {
                let (renewing, job_id) = (&renewing, job.id);
                t.spawn(move || {
                    renew(&rq, settings, job_id, name, renewing);
                    rq
                })
            });
            stall_for_tests(stop);
            let r = run_job(
                &mut runner,
                &mut store,
                &job,
                scratch.path(),
                &mut times,
                stop,
            );
            renewing.store(false, Ordering::SeqCst);
            renewer = handle.and_then(|h| h.join().ok());
            r
        });
        if renewer.is_none() {
            renewer = Some(Queue::open(url, settings)?);
        }
        match outcome {
            None => {
                q.release(job.id, name)?;
                break;
            }
            Some(Ok((doc_id, new))) => {
                q.complete(job.id, name, &doc_id)?;
                let counter = if new { &tally.done } else { &tally.unchanged };
                counter.fetch_add(1, Ordering::SeqCst);
            }
            Some(Err(e)) => {
                let msg = format!("{e:#}");
                match q.fail(job.id, name, &msg)? {
                    Fate::Retry(wait) => {
                        tally.retried.fetch_add(1, Ordering::SeqCst);
                        eprintln!(
                            "failed (retry in {:.0} s): {}",
                            wait.as_secs_f64(),
                            terminal_safe(&msg)
                        );
                    }
                    Fate::Parked => {
                        tally.parked.fetch_add(1, Ordering::SeqCst);
                        eprintln!("failed (parked): {}", terminal_safe(&msg));
                    }
                }
            }
        }
    }
    Ok(())
}

/// For tests only: `DOSSIER_TEST_STALL_JOB_SECS=N` holds each claimed job
/// N seconds (renewing its lease) before processing it, so that a test can
/// kill a worker that holds a job. Ends early on Ctrl-C.
fn stall_for_tests(stop: &AtomicBool) {
    let Some(secs) = std::env::var("DOSSIER_TEST_STALL_JOB_SECS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s > 0.0)
    else {
        return;
    };
    let until = std::time::Instant::now() + Duration::from_secs_f64(secs.min(3600.0));
    while std::time::Instant::now() < until && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Renews the lease on job `id` every third of the lease while `on`.
fn renew(q: &Queue, settings: QueueSettings, id: i64, name: &str, on: &AtomicBool) {
    let every = settings.lease / 3;
    let tick = Duration::from_millis(20).min(every);
    let mut since = Duration::ZERO;
    while on.load(Ordering::SeqCst) {
        std::thread::sleep(tick);
        since += tick;
        if since >= every {
            since = Duration::ZERO;
            if !matches!(q.renew(id, name), Ok(true)) {
                return;
            }
        }
    }
}

/// Reads, extracts and stores one job: `Some(Ok((document id, whether
/// new)))`, `Some(Err)` on failure, `None` when stopped by Ctrl-C.
fn run_job(
    runner: &mut BudgetedRunner,
    store: &mut PgStore,
    job: &dossier_kb::queue::Job,
    scratch: &std::path::Path,
    times: &mut process::Timings,
    stop: &AtomicBool,
) -> Option<Result<(String, bool)>> {
    // The file goes back under its own name (the reader may use it).
    let file_name = std::path::Path::new(&job.name)
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_else(|| "document".into());
    let dir = scratch.join(job.id.to_string());
    let path = dir.join(file_name);
    let written = std::fs::create_dir_all(&dir).and_then(|_| std::fs::write(&path, &job.content));
    if let Err(e) = written {
        return Some(Err(anyhow!(
            "{}: cannot write a working copy: {e}",
            job.name
        )));
    }
    let shown = path.display().to_string();
    let published = match job
        .published
        .as_deref()
        .map(dossier_doc::Edtf::parse)
        .transpose()
    {
        Ok(p) => p,
        Err(e) => return Some(Err(anyhow!("{}: publication date: {e}", job.name))),
    };
    let result = match runner.run(
        &crate::process::Input::File(path.clone()),
        published,
        job.source.as_deref(),
        times,
        stop,
    ) {
        Run::Interrupted => None,
        Run::Failed(e) => Some(Err(anyhow!(
            "{}",
            format!("{e:#}").replace(&shown, &job.name)
        ))),
        Run::Done(mut doc, warnings) => {
            print_warnings(&warnings);
            doc.meta.path = Some(job.name.clone());
            let opts = IngestOptions {
                source: job.source.clone(),
                reliability: job.reliability,
            };
            Some(
                store
                    .ingest(&doc, &opts)
                    .map(|o| match o {
                        IngestOutcome::New { document, .. } => (document, true),
                        IngestOutcome::Unchanged { document } => (document, false),
                    })
                    .with_context(|| format!("{}: cannot store", job.name)),
            )
        }
    };
    let _ = std::fs::remove_dir_all(&dir);
    result
}
