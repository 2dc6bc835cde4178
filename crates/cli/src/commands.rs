//! The commands: argument handling and printing over the library crates.

use crate::memory::MemoryBudget;
use crate::output::{self, ColorChoice};
use crate::process::{self, process_file, Input};
use crate::{
    BudgetArg, DbArg, ExportFormat, ExtractFormat, GraphFormat, ListFormat, PipelineArg,
    ProfileFormat, TaggerKind, TimelineFormat,
};
use anyhow::{anyhow, bail, Context, Result};
use dossier_doc::interchange::Interchange;
use dossier_doc::{Doc, Edtf, EntityType};
use dossier_kb::{
    EntityFilter, EntityRecord, IngestOptions, IngestOutcome, PgStore, SqliteStore, Store,
};
use indicatif::{ProgressBar, ProgressStyle};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The bundled sample report.
const SAMPLE: &str = include_str!("../data/sample-report.txt");

/// The PostgreSQL URL `--db` gives, if it is one (else it is a SQLite file).
pub(crate) fn pg_url(db: &DbArg) -> Option<&str> {
    db.db.to_str().filter(|s| PgStore::is_url(s))
}

/// The database as shown in messages (a URL without its password).
pub(crate) fn shown_db(db: &DbArg) -> String {
    match pg_url(db) {
        Some(url) => PgStore::redacted(url),
        None => db.db.display().to_string(),
    }
}

/// The knowledge base `--db` names, created or migrated if needed:
/// PostgreSQL for a `postgres://` URL, SQLite for a path.
fn open_store(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    if let Some(url) = pg_url(db) {
        let store =
            PgStore::open(url).with_context(|| format!("cannot open database {}", shown_db(db)))?;
        return Ok(Box::new(store));
    }
    let store = SqliteStore::open(&db.db)
        .with_context(|| format!("cannot open database {}", db.db.display()))?;
    Ok(Box::new(store))
}

pub(crate) fn open_existing(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    if let Some(url) = pg_url(db) {
        let store = PgStore::open_existing(url)
            .with_context(|| format!("cannot open database {}", shown_db(db)))?;
        return Ok(Box::new(store));
    }
    if !db.db.exists() {
        bail!(
            "database {} does not exist (run `dossier ingest` first, or pass --db)",
            db.db.display()
        );
    }
    open_store(db)
}

/// An existing database opened for reading only: nothing is created,
/// migrated or switched to WAL, and a read-only file or folder works.
pub(crate) fn open_reading(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    open_reading_as(db, Reading::Plain)
}

/// How a read-only SQLite connection is tuned for what it reads.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// As opened.
    Plain,
    /// One entity's scattered rows: the file mapped.
    Mapped,
    /// The whole base once, in order (the STIX export): a small page
    /// cache, so memory does not grow with the file.
    Streamed,
}

/// The page cache of a whole-base stream, in KiB: at 5,000 / 10,000 scale
/// documents the STIX export peaked at 59 / 76 MiB with the 32 MiB cache
/// and 28 / 43 MiB with 2 MiB, for the same CPU (docs/robustness.md).
const STREAM_CACHE_KIB: i64 = 2 * 1024;

/// How much of a SQLite knowledge base one entity's report may map.
const MAP_BYTES: i64 = 1 << 34;

/// As [`open_reading`], for the reads of one entity (its profile, its
/// timeline): a SQLite file is read through a memory map
/// (`SqliteStore::map_file`), which takes about a fifth off the CPU of a
/// profile of an entity named in 1,250 documents. Whole-base reads stay
/// unmapped: mapped pages count in the resident set.
pub(crate) fn open_reading_mapped(db: &DbArg) -> Result<Box<dyn Store + Send>> {
    open_reading_as(db, Reading::Mapped)
}

fn open_reading_as(db: &DbArg, how: Reading) -> Result<Box<dyn Store + Send>> {
    if pg_url(db).is_some() {
        return open_existing(db);
    }
    if !db.db.exists() {
        bail!(
            "database {} does not exist (run `dossier ingest` first, or pass --db)",
            db.db.display()
        );
    }
    let store = SqliteStore::open_read_only(&db.db)
        .with_context(|| format!("cannot open database {}", db.db.display()))?;
    match how {
        Reading::Plain => {}
        Reading::Mapped => store
            .map_file(MAP_BYTES)
            .with_context(|| format!("cannot map database {}", db.db.display()))?,
        Reading::Streamed => store
            .set_page_cache(STREAM_CACHE_KIB)
            .with_context(|| format!("cannot set the page cache of {}", db.db.display()))?,
    }
    Ok(Box::new(store))
}

/// Writes `text` to the file `out`, or to standard output (no `--out`,
/// or `--out -`), made terminal-safe and ending with a newline.
pub(crate) fn write_out(out: Option<&Path>, text: &str) -> Result<()> {
    match out.filter(|p| !output::is_std(p)) {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display())),
        None => {
            let text = terminal_safe(text);
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                stdout.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// Text made safe for a terminal: control characters other than newline
/// and tab (ESC, BEL, backspace, DEL, the C1 range with CSI) become their
/// visible Unicode "control picture" (or U+FFFD), and the bidirectional
/// overrides and isolates that reorder what is shown become U+FFFD, so a
/// document cannot move the cursor, retitle the window, hide text or
/// rewrite what the analyst sees.
pub fn terminal_safe(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.contains(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            c if !bad(c) => c,
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'),
            '\u{7f}' => '\u{2421}',
            _ => '\u{FFFD}',
        })
        .collect::<String>()
        .into()
}

/// Runs documents (reading and the pipeline) on a worker thread under a
/// wall-clock budget per document. A document over its budget is reported
/// as failed and its worker abandoned: it holds only its own copy of the
/// document and never touches the store (the caller stores a document only
/// once its worker has handed it back whole), so the batch goes on with a
/// fresh worker and nothing half-done is written. A panic in a component is
/// caught and reported as that document's failure.
pub(crate) struct BudgetedRunner {
    pipeline: Arc<dossier_pipeline::Pipeline>,
    budget: Duration,
    /// MiB of heap one document may add (see [`crate::memory`]).
    memory_mib: u64,
    worker: Option<Worker>,
    /// Flags of abandoned workers: set when each finally finished.
    abandoned: Vec<Arc<AtomicBool>>,
    /// The flag of the worker last abandoned for memory, until it has
    /// stopped: the next document waits for it (at most the time budget),
    /// so what it still allocates before its next step is not counted
    /// against that document's budget.
    draining: Option<Arc<AtomicBool>>,
    /// Whether the pipeline's models are loaded (before the first
    /// document's budget starts, so they are not charged to it).
    loaded: bool,
}

type Job = (
    Input,
    Option<Edtf>,
    Option<String>,
    MemoryBudget,
    Arc<AtomicBool>,
);
type JobResult = (
    std::thread::Result<Result<(Doc, Vec<dossier_read::ReadWarning>)>>,
    process::Timings,
);

struct Worker {
    jobs: mpsc::Sender<Job>,
    results: mpsc::Receiver<JobResult>,
    finished: Arc<AtomicBool>,
}

/// The stack of a worker thread: deep enough for any component's recursion.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// A document handed to the worker and not yet collected
/// ([`BudgetedRunner::submit`], [`BudgetedRunner::wait`]).
pub(crate) struct Pending {
    path: PathBuf,
    memory: MemoryBudget,
    cancel: Arc<AtomicBool>,
    /// When its time budget runs out (counted from its submission).
    deadline: Instant,
}

/// What became of one document under the budget.
pub(crate) enum Run {
    Done(Box<Doc>, Vec<dossier_read::ReadWarning>),
    Failed(anyhow::Error),
    Interrupted,
}

impl BudgetedRunner {
    fn new(pipeline: dossier_pipeline::Pipeline, budget: &BudgetArg) -> Result<Self> {
        Self::shared(Arc::new(pipeline), budget)
    }

    /// A runner over a pipeline shared with other runners (one per
    /// concurrent document).
    pub(crate) fn shared(
        pipeline: Arc<dossier_pipeline::Pipeline>,
        budget: &BudgetArg,
    ) -> Result<Self> {
        let memory_mib = budget;
        let budget = Duration::try_from_secs_f64(budget.doc_timeout)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                anyhow!(
                    "--doc-timeout must be a positive number of seconds, not {}",
                    budget.doc_timeout
                )
            })?;
        Ok(BudgetedRunner {
            pipeline,
            budget,
            memory_mib: memory_mib.doc_memory,
            worker: None,
            abandoned: Vec::new(),
            draining: None,
            loaded: false,
        })
    }

    fn spawn(&self) -> Result<Worker> {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (result_tx, results) = mpsc::channel::<JobResult>();
        let finished = Arc::new(AtomicBool::new(false));
        let pipeline = self.pipeline.clone();
        let done = finished.clone();
        std::thread::Builder::new()
            .name("dossier-document".into())
            .stack_size(WORKER_STACK)
            .spawn(move || {
                for (input, published, source, memory, cancel) in job_rx {
                    let mut t = process::Timings::default();
                    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        process::process_input_budgeted(
                            &pipeline,
                            &input,
                            published,
                            source.as_deref(),
                            &mut t,
                            Some((&memory, &cancel)),
                        )
                    }));
                    if result_tx.send((r, t)).is_err() {
                        break;
                    }
                }
                done.store(true, Ordering::SeqCst);
            })
            .context("cannot start a worker thread")?;
        Ok(Worker {
            jobs,
            results,
            finished,
        })
    }

    /// Reads and processes one file within the budget, adding its step
    /// times to `times`; gives up early when `stop` is set (Ctrl-C).
    pub(crate) fn run(
        &mut self,
        input: &Input,
        published: Option<Edtf>,
        source: Option<&str>,
        times: &mut process::Timings,
        stop: &AtomicBool,
    ) -> Run {
        match self.submit(input, published, source, stop) {
            Ok(pending) => self.wait(pending, times, stop),
            Err(run) => run,
        }
    }

    /// Hands one file to the worker and returns at once (its budget runs
    /// from now); [`BudgetedRunner::wait`] collects it. One document at a
    /// time: submit the next only after waiting for the previous one.
    pub(crate) fn submit(
        &mut self,
        input: &Input,
        published: Option<Edtf>,
        source: Option<&str>,
        stop: &AtomicBool,
    ) -> std::result::Result<Pending, Run> {
        if self.worker.is_none() {
            match self.spawn() {
                Ok(w) => self.worker = Some(w),
                Err(e) => return Err(Run::Failed(e)),
            }
        }
        let Some(worker) = self.worker.as_ref() else {
            return Err(Run::Failed(anyhow!("no worker thread")));
        };
        let path = input.path();
        if let Some(flag) = self.draining.take() {
            let until = Instant::now() + self.budget;
            while !flag.load(Ordering::SeqCst) && Instant::now() < until {
                if stop.load(Ordering::SeqCst) {
                    return Err(Run::Interrupted);
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        if !self.loaded {
            self.loaded = true;
            if let Err(e) = self.pipeline.load_models() {
                return Err(Run::Failed(anyhow!("{}: {e}", path.display())));
            }
        }
        let memory = MemoryBudget::from_now(self.memory_mib);
        let cancel = Arc::new(AtomicBool::new(false));
        let job = (
            input.clone(),
            published,
            source.map(str::to_string),
            memory,
            cancel.clone(),
        );
        if worker.jobs.send(job).is_err() {
            self.worker = None;
            return Err(Run::Failed(anyhow!(
                "{}: the worker thread stopped",
                path.display()
            )));
        }
        Ok(Pending {
            path: path.to_path_buf(),
            memory,
            cancel,
            deadline: Instant::now() + self.budget,
        })
    }

    /// Waits for the document `pending` (submitted last) within its budget,
    /// adding its step times to `times`; gives up early when `stop` is set.
    pub(crate) fn wait(
        &mut self,
        pending: Pending,
        times: &mut process::Timings,
        stop: &AtomicBool,
    ) -> Run {
        let Pending {
            path,
            memory,
            cancel,
            deadline,
        } = pending;
        let Some(worker) = self.worker.as_ref() else {
            return Run::Failed(anyhow!("{}: no worker thread", path.display()));
        };
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match worker
                .results
                .recv_timeout(left.min(Duration::from_millis(200)))
            {
                Ok((result, t)) => {
                    times.absorb(t);
                    return match result {
                        Ok(Ok((doc, warnings))) => Run::Done(Box::new(doc), warnings),
                        Ok(Err(e)) => Run::Failed(e),
                        Err(panic) => {
                            let msg = panic
                                .downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| panic.downcast_ref::<String>().cloned())
                                .unwrap_or_else(|| "unknown cause".into());
                            Run::Failed(anyhow!(
                                "{}: extraction failed: internal error ({msg})",
                                path.display()
                            ))
                        }
                    };
                }
                Err(RecvTimeoutError::Timeout) => {
                    if stop.load(Ordering::SeqCst) {
                        self.abandon();
                        return Run::Interrupted;
                    }
                    if memory.exceeded() {
                        // Stopped at its next step (where it drops what it
                        // holds); the batch goes on with a fresh worker.
                        cancel.store(true, Ordering::SeqCst);
                        self.draining = self.worker.as_ref().map(|w| w.finished.clone());
                        self.abandon();
                        return Run::Failed(anyhow!(
                            "{}: exceeds the memory budget of {} MiB per document (seen while it was processed); abandoned (raise it with --doc-memory)",
                            path.display(),
                            memory.mib()
                        ));
                    }
                    if Instant::now() >= deadline {
                        self.abandon();
                        return Run::Failed(anyhow!(
                            "{}: over the time budget of {} s per document; abandoned (raise it with --doc-timeout)",
                            path.display(),
                            self.budget.as_secs_f64()
                        ));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.worker = None;
                    return Run::Failed(anyhow!(
                        "{}: the worker thread stopped without a result",
                        path.display()
                    ));
                }
            }
        }
    }

    /// Leaves the current worker to finish on its own (its result is
    /// dropped) and starts afresh with the next document.
    fn abandon(&mut self) {
        if let Some(w) = self.worker.take() {
            self.abandoned.push(w.finished);
        }
    }

    /// Abandoned workers still running (their documents failed; the
    /// process ends them at exit).
    fn still_running(&self) -> usize {
        self.abandoned
            .iter()
            .filter(|f| !f.load(Ordering::SeqCst))
            .count()
    }
}

pub(crate) fn print_warnings(warnings: &[dossier_read::ReadWarning]) {
    for w in warnings {
        info!("warning: {}", terminal_safe(&w.to_string()));
    }
}

/// `dossier extract`.
pub fn extract(
    files: &[PathBuf],
    published: Option<Edtf>,
    source: Option<String>,
    format: ExtractFormat,
    timings: bool,
    pipeline: &PipelineArg,
    budget: &BudgetArg,
) -> Result<ExitCode> {
    let t0 = std::time::Instant::now();
    let pipeline = process::pipeline(pipeline)?;
    let setup = t0.elapsed();
    let mut runner = BudgetedRunner::new(pipeline, budget)?;
    let mut times = process::Timings::default();
    let mut failed = 0;
    let never = AtomicBool::new(false);
    let inputs = process::inputs(files)?;
    let mut stdout = std::io::stdout().lock();
    // Several documents in JSON: one array, written as the documents come.
    let array = format == ExtractFormat::Json && inputs.len() > 1;
    let mut written = 0usize;
    if array {
        stdout.write_all(b"[")?;
    }
    for input in &inputs {
        let run = runner.run(input, published, source.as_deref(), &mut times, &never);
        let result = match run {
            Run::Done(doc, warnings) => {
                print_warnings(&warnings);
                Ok(doc)
            }
            Run::Failed(e) => Err(e),
            Run::Interrupted => continue,
        };
        match result {
            Ok(doc) => {
                let wire = Interchange::from_doc(&doc);
                // Serialized whole before writing, so that a closed pipe
                // is an io::Error the caller recognizes.
                let text = match format {
                    ExtractFormat::Json if array => {
                        let sep = if written == 0 { "\n" } else { ",\n" };
                        let pretty = serde_json::to_string_pretty(&wire)?;
                        let mut t = String::from(sep);
                        for (i, line) in pretty.lines().enumerate() {
                            if i > 0 {
                                t.push('\n');
                            }
                            t.push_str("  ");
                            t.push_str(line);
                        }
                        t
                    }
                    ExtractFormat::Json => serde_json::to_string_pretty(&wire)? + "\n",
                    ExtractFormat::Jsonl => serde_json::to_string(&wire)? + "\n",
                    ExtractFormat::Text => terminal_safe(&render_doc_text(&doc)).into_owned(),
                };
                stdout.write_all(text.as_bytes())?;
                written += 1;
            }
            Err(e) => {
                failed += 1;
                errln!("error: {}", terminal_safe(&format!("{e:#}")));
            }
        }
    }
    if array {
        stdout.write_all(if written == 0 { b"]\n" } else { b"\n]\n" })?;
    }
    stdout.flush()?;
    let running = runner.still_running();
    if running > 0 {
        info!("note: {running} document(s) over the time budget were still being processed; their work is dropped");
    }
    if timings {
        errln!(
            "pipeline built (models and gazetteers loaded) in {:.2} ms",
            setup.as_secs_f64() * 1e3
        );
        errf!("{}", times.render());
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A readable listing of one processed document.
pub fn render_doc_text(doc: &Doc) -> String {
    let mut s = String::new();
    let title = doc
        .meta
        .title
        .as_deref()
        .or(doc.meta.path.as_deref())
        .unwrap_or("(untitled)");
    let _ = writeln!(s, "# {title}");
    let _ = writeln!(
        s,
        "published: {}   sentences: {}   tokens: {}   id: {}",
        doc.meta
            .published
            .map_or_else(|| "unknown".to_string(), |p| p.to_string()),
        doc.sentences.len(),
        doc.tokens.len(),
        doc.meta.id
    );
    let _ = writeln!(s, "\n## Entities ({})", doc.entities.len());
    for e in &doc.entities {
        let aliases = if e.aliases.is_empty() {
            String::new()
        } else {
            format!("  (also: {})", e.aliases.join("; "))
        };
        let _ = writeln!(
            s,
            "- {} [{}] ×{}{}",
            e.name,
            e.etype,
            e.mentions.len(),
            aliases
        );
    }
    let name = |i: usize| doc.entities.get(i).map(|e| e.name.as_str()).unwrap_or("?");
    let quote = |ev: &[dossier_doc::Evidence]| {
        ev.first()
            .map(|e| doc.slice(e.start, e.end).replace('\n', " "))
            .unwrap_or_default()
    };
    let _ = writeln!(s, "\n## Relations ({})", doc.relations.len());
    for r in &doc.relations {
        let date = r.date.map(|d| format!(" [{d}]")).unwrap_or_default();
        let _ = writeln!(
            s,
            "- {} —{}→ {}{} ({:.2})\n    “{}”",
            name(r.source),
            r.rtype,
            name(r.target),
            date,
            r.confidence,
            quote(&r.evidence)
        );
    }
    let _ = writeln!(s, "\n## Events ({})", doc.events.len());
    for e in &doc.events {
        let parts: Vec<String> = e
            .participants
            .iter()
            .map(|p| format!("{}: {}", p.role, name(p.entity)))
            .collect();
        let _ = writeln!(
            s,
            "- {} {}{} {} [{}] ({:.2})\n    “{}”",
            e.date
                .map_or_else(|| "undated".to_string(), |d| d.to_string()),
            e.etype,
            if e.attempted { " (attempted)" } else { "" },
            e.trigger,
            parts.join(", "),
            e.confidence,
            quote(&e.evidence)
        );
    }
    let _ = writeln!(s, "\n## Attributes ({})", doc.attributes.len());
    for a in &doc.attributes {
        let date = a.date.map(|d| format!(" [{d}]")).unwrap_or_default();
        let _ = writeln!(
            s,
            "- {}: {} = {}{}\n    “{}”",
            name(a.entity),
            a.name,
            a.value,
            date,
            quote(&a.evidence)
        );
    }
    s
}

/// Counts of one ingest run.
#[derive(Default)]
struct IngestSummary {
    new: usize,
    unchanged: usize,
    failed: Vec<String>,
    entities: usize,
    relations: usize,
    events: usize,
    interrupted: bool,
}

/// The content id of an input: the hash of its bytes, as the reader
/// computes it (the id of a document without one of its own). `None` for a
/// file that cannot be read here or is over the reader's size limit: it is
/// left to the reader and its error.
fn content_id(input: &Input) -> Option<String> {
    let path = match input {
        Input::File(p) => p,
        Input::Stdin { bytes, .. } => return Some(dossier_doc::Meta::content_id(bytes)),
    };
    let limit = dossier_read::ReadOptions::default().max_bytes;
    if std::fs::metadata(path).map_or(true, |m| m.len() > limit) {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(dossier_doc::Meta::content_id(&bytes))
}

/// Whether an input with content id `id` is a document already stored.
fn already_stored(store: &dyn Store, id: Option<&str>) -> bool {
    id.is_some_and(|id| matches!(store.document(id), Ok(Some(_))))
}

/// Puts a batch in the order it is stored in: by content id (then by
/// path, for the same bytes under two names; unreadable files first, to
/// fail at once). Each document's entities resolve against those stored
/// before it, so storing in an order fixed by the documents themselves
/// makes what one `dossier ingest` builds a function of the set of files,
/// not of their names or of the order they were given in.
fn storing_order(files: Vec<Input>) -> Vec<(Option<String>, Input)> {
    let mut keyed: Vec<(Option<String>, Input)> =
        files.into_iter().map(|i| (content_id(&i), i)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.path().cmp(b.1.path())));
    keyed
}

/// Text length up to which a document is stored while the next one is
/// extracted (larger ones are stored first: see `ingest`).
const OVERLAP_MAX_TEXT: usize = 256 * 1024;

/// The next document of the batch `files` from `*next` on to extract,
/// handed to the worker: (its index, what was submitted or why not).
/// Documents already stored (their content id found) are counted
/// unchanged and skipped without reading; None when the batch is done or
/// `stop` is set (then `*next` is the first document not submitted).
#[allow(clippy::too_many_arguments)]
fn submit_next(
    runner: &mut BudgetedRunner,
    files: &[(Option<String>, Input)],
    next: &mut usize,
    store: &dyn Store,
    summary: &mut IngestSummary,
    bar: &ProgressBar,
    (published, source): (Option<Edtf>, Option<&str>),
    stop: &AtomicBool,
) -> Option<(usize, std::result::Result<Pending, Run>)> {
    while *next < files.len() {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        let i = *next;
        *next += 1;
        let (id, input) = &files[i];
        // An unchanged document (its content hash already stored) is
        // recognized before any reading or extraction. (The same bytes
        // under a second name come right after the first, extracted while
        // the first is stored: the store finds them unchanged.)
        if already_stored(store, id.as_deref()) {
            summary.unchanged += 1;
            bar.inc(1);
            continue;
        }
        return Some((i, runner.submit(input, published, source, stop)));
    }
    None
}

/// `dossier ingest`.
pub fn ingest(
    paths: &[PathBuf],
    db: &DbArg,
    published: Option<Edtf>,
    source: Option<String>,
    reliability: Option<char>,
    pipeline: &PipelineArg,
    budget: &BudgetArg,
) -> Result<ExitCode> {
    let pipeline = process::pipeline(pipeline)?;
    let mut runner = BudgetedRunner::new(pipeline, budget)?;
    let mut times = process::Timings::default();
    // `-`: one document from standard input, after the files.
    let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| output::is_std(p));
    let (files, errors) = dossier_read::collect_paths(&paths);
    let mut files: Vec<Input> = files.into_iter().map(Input::File).collect();
    files.extend(process::inputs(&stdin)?);
    let files = storing_order(files);
    let mut store = open_store(db)?;
    let mut summary = IngestSummary::default();
    summary.failed.extend(errors.iter().map(|e| e.to_string()));
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C while finishing the current document is ignored:
        // the document's transaction either commits or rolls back as a whole.
        let _ = ctrlc::set_handler(move || stop.store(true, Ordering::SeqCst));
    }
    let bar = if std::io::stderr().is_terminal() && !output::quiet() {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let opts = IngestOptions {
        source: source.clone(),
        reliability,
    };
    // While one document is stored, the worker extracts the next (the
    // two cores of a small machine both busy); it is submitted only after
    // the previous one came back, so one document at a time is extracted
    // and each keeps its own budgets.
    let mut next = 0;
    let mut inflight = submit_next(
        &mut runner,
        &files,
        &mut next,
        store.as_ref(),
        &mut summary,
        &bar,
        (published, source.as_deref()),
        &stop,
    );
    while let Some((i, pending)) = inflight.take() {
        let path = files[i].1.path();
        bar.set_message(terminal_safe(&path.display().to_string()).into_owned());
        let run = match pending {
            Ok(p) => runner.wait(p, &mut times, &stop),
            Err(run) => run,
        };
        let outcome = match run {
            Run::Done(doc, warnings) => {
                bar.suspend(|| print_warnings(&warnings));
                // A large document is stored before the next one starts, so
                // that the heap it frees is not credited to the next one's
                // memory budget.
                if doc.text.len() <= OVERLAP_MAX_TEXT {
                    inflight = submit_next(
                        &mut runner,
                        &files,
                        &mut next,
                        store.as_ref(),
                        &mut summary,
                        &bar,
                        (published, source.as_deref()),
                        &stop,
                    );
                }
                let stored = store
                    .ingest(&doc, &opts)
                    .with_context(|| format!("{}: cannot store", path.display()));
                drop(doc);
                stored
            }
            Run::Failed(e) => Err(e),
            Run::Interrupted => {
                summary.interrupted = true;
                break;
            }
        };
        match outcome {
            Ok(IngestOutcome::New {
                entities,
                relations,
                events,
                ..
            }) => {
                summary.new += 1;
                summary.entities += entities;
                summary.relations += relations;
                summary.events += events;
            }
            Ok(IngestOutcome::Unchanged { .. }) => summary.unchanged += 1,
            Err(e) => summary.failed.push(format!("{e:#}")),
        }
        bar.inc(1);
        if inflight.is_none() {
            inflight = submit_next(
                &mut runner,
                &files,
                &mut next,
                store.as_ref(),
                &mut summary,
                &bar,
                (published, source.as_deref()),
                &stop,
            );
        }
    }
    if next < files.len() {
        summary.interrupted = true;
    }
    bar.finish_and_clear();
    info!(
        "documents: {} new, {} unchanged, {} failed; stored {} entity mentions, {} relations, {} events into {}",
        summary.new,
        summary.unchanged,
        summary.failed.len(),
        summary.entities,
        summary.relations,
        summary.events,
        shown_db(db)
    );
    if summary.interrupted {
        errln!("interrupted: the documents above are stored; the rest were not read");
    }
    let running = runner.still_running();
    if running > 0 {
        info!("note: {running} document(s) over the time budget were still being processed; nothing of theirs was stored");
    }
    if !summary.failed.is_empty() {
        errln!("failed:");
        for f in &summary.failed {
            errln!("  {}", terminal_safe(f));
        }
        return Ok(ExitCode::from(1));
    }
    Ok(if summary.interrupted {
        ExitCode::from(130)
    } else {
        ExitCode::SUCCESS
    })
}

/// `dossier entities`.
pub fn entities(
    db: &DbArg,
    etype: Option<&str>,
    search: Option<&str>,
    format: ListFormat,
) -> Result<ExitCode> {
    let etype = etype
        .map(|t| {
            t.parse::<EntityType>()
                .map_err(|e| anyhow!("{e} (one of: {})", type_names()))
        })
        .transpose()?;
    let store = open_reading(db)?;
    let list = store.entities(&EntityFilter {
        etype,
        search: search.map(str::to_string),
    })?;
    match format {
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = list
                .iter()
                .map(|e| {
                    serde_json::json!({
                        "id": e.id, "type": e.etype, "name": e.name,
                        "aliases": e.aliases.iter().map(|a| &a.name).collect::<Vec<_>>(),
                        "mentions": e.mention_count, "documents": e.document_count,
                    })
                })
                .collect();
            write_out(None, &serde_json::to_string_pretty(&items)?)?;
        }
        ListFormat::Table => write_out(None, &entity_table(&list))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn type_names() -> String {
    EntityType::ALL
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn entity_table(list: &[EntityRecord]) -> String {
    let width = list
        .iter()
        .map(|e| e.name.chars().count())
        .max()
        .unwrap_or(4)
        .clamp(4, 48);
    let mut s = format!(
        "{:>5}  {:<14} {:<width$} {:>8} {:>5}  aliases\n",
        "id", "type", "name", "mentions", "docs"
    );
    for e in list {
        let aliases: Vec<&str> = e.aliases.iter().map(|a| a.name.as_str()).collect();
        let _ = writeln!(
            s,
            "{:>5}  {:<14} {:<width$} {:>8} {:>5}  {}",
            e.id,
            e.etype.as_str(),
            e.name,
            e.mention_count,
            e.document_count,
            aliases.join("; ")
        );
    }
    s
}

/// `dossier search`: exit status 0 with a match, 1 without.
pub fn search(
    db: &DbArg,
    query: &str,
    limit: usize,
    format: ListFormat,
    color: ColorChoice,
) -> Result<ExitCode> {
    let store = open_reading(db)?;
    let hits = store.search(query, limit)?;
    match format {
        ListFormat::Json => write_out(None, &serde_json::to_string_pretty(&hits)?)?,
        ListFormat::Table => {
            let no_color = std::env::var("NO_COLOR").ok();
            let color =
                output::use_color(color, std::io::stdout().is_terminal(), no_color.as_deref());
            let mut s = String::new();
            for h in &hits {
                let title = terminal_safe(h.title.as_deref().unwrap_or(&h.document));
                let text = mark_matches(&h.text, &h.matches, color);
                // Sentences are counted from 1 for people (`sentence` is 0-based).
                let _ = writeln!(s, "{title} #{}: {text}", h.sentence + 1);
            }
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(s.as_bytes())?;
            stdout.flush()?;
        }
    }
    if hits.is_empty() {
        info!("no sentence matches '{}'", terminal_safe(query));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// A sentence with its matches (char offsets) shown: in bold red with
/// `color`, otherwise between `[` `]` with the text's own `[`, `]` and `\`
/// escaped by a backslash, so that a marker is never confused with the
/// text. The text is made terminal-safe before any escape is added.
pub fn mark_matches(text: &str, matches: &[(usize, usize)], color: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let piece = |a: usize, b: usize| -> String {
        let raw: String = chars[a.min(chars.len())..b.min(chars.len())]
            .iter()
            .collect();
        let safe = terminal_safe(&raw).into_owned();
        if color {
            safe
        } else {
            safe.replace('\\', "\\\\")
                .replace('[', "\\[")
                .replace(']', "\\]")
        }
    };
    let (open, close) = if color {
        ("\x1b[1;31m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    let mut out = String::with_capacity(text.len() + 8 * matches.len());
    let mut at = 0;
    for &(a, b) in matches {
        if a < at || b <= a {
            continue;
        }
        out.push_str(&piece(at, a));
        out.push_str(open);
        out.push_str(&piece(a, b));
        out.push_str(close);
        at = b;
    }
    out.push_str(&piece(at, chars.len()));
    out
}

/// Finds one entity by id, name or alias.
fn resolve_entity(store: &dyn Store, name: &str) -> Result<EntityRecord> {
    if let Ok(id) = name.trim().parse::<i64>() {
        if let Some(e) = store.entity(id)? {
            return Ok(e);
        }
    }
    let found = store.find_entities(name)?;
    let Some(first) = found.first() else {
        bail!("no entity named '{name}' (see `dossier entities --search …`)");
    };
    if found.len() > 1 {
        let others: Vec<String> = found[1..]
            .iter()
            .take(5)
            .map(|e| format!("{} (id {})", e.name, e.id))
            .collect();
        info!(
            "{}",
            terminal_safe(&format!(
                "note: '{name}' also matches {}; showing {} (id {})",
                others.join(", "),
                first.name,
                first.id
            ))
        );
    }
    Ok(first.clone())
}

/// `dossier profile`.
pub fn profile(
    db: &DbArg,
    name: &str,
    format: ProfileFormat,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let store = open_reading_mapped(db)?;
    let entity = resolve_entity(store.as_ref(), name)?;
    let format = match format {
        ProfileFormat::Md => dossier_report::ProfileFormat::Markdown,
        ProfileFormat::Html => dossier_report::ProfileFormat::Html,
        ProfileFormat::Json => dossier_report::ProfileFormat::Json,
    };
    let text = dossier_report::profile(store.as_ref(), entity.id, format)?;
    write_out(out, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier timeline`.
pub fn timeline(
    db: &DbArg,
    name: Option<&str>,
    from: Option<&Edtf>,
    to: Option<&Edtf>,
    format: TimelineFormat,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let store = if name.is_some() {
        open_reading_mapped(db)?
    } else {
        open_reading(db)?
    };
    let entity = name
        .map(|n| resolve_entity(store.as_ref(), n))
        .transpose()?
        .map(|e| e.id);
    let format = match format {
        TimelineFormat::Md => dossier_report::TimelineFormat::Markdown,
        TimelineFormat::Csv => dossier_report::TimelineFormat::Csv,
        TimelineFormat::Json => dossier_report::TimelineFormat::Json,
        TimelineFormat::Html => dossier_report::TimelineFormat::Html,
    };
    let text = dossier_report::timeline(store.as_ref(), entity, from, to, format)?;
    write_out(out, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier graph`.
pub fn graph(
    db: &DbArg,
    name: Option<&str>,
    depth: usize,
    format: GraphFormat,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let store = open_reading(db)?;
    let center = name
        .map(|n| resolve_entity(store.as_ref(), n))
        .transpose()?
        .map(|e| e.id);
    let format = match format {
        GraphFormat::Graphml => dossier_report::GraphFormat::GraphMl,
        GraphFormat::Dot => dossier_report::GraphFormat::Dot,
        GraphFormat::Json => dossier_report::GraphFormat::Json,
        GraphFormat::Svg => dossier_report::GraphFormat::Svg,
    };
    let text = dossier_report::graph(store.as_ref(), center, depth, format)?;
    write_out(out, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier export`.
pub fn export(db: &DbArg, format: ExportFormat, out: &Path) -> Result<ExitCode> {
    if output::is_std(out) && format == ExportFormat::Csv {
        bail!("--format csv writes a directory of files; --out - (stdout) is for stix, graphml and jsonl");
    }
    let store = if format == ExportFormat::Stix {
        open_reading_as(db, Reading::Streamed)?
    } else {
        open_reading(db)?
    };
    let format = match format {
        ExportFormat::Stix => dossier_report::ExportFormat::Stix,
        ExportFormat::Graphml => dossier_report::ExportFormat::GraphMl,
        ExportFormat::Csv => dossier_report::ExportFormat::Csv,
        ExportFormat::Jsonl => dossier_report::ExportFormat::Jsonl,
    };
    if output::is_std(out) {
        let mut stdout = std::io::stdout().lock();
        let records =
            dossier_report::export_to_writer(store.as_ref(), format, &mut stdout, "stdout")
                .context("cannot export to stdout")?;
        info!("wrote {records} records to stdout");
        return Ok(ExitCode::SUCCESS);
    }
    let summary = dossier_report::export(store.as_ref(), format, out)
        .with_context(|| format!("cannot export to {}", out.display()))?;
    info!("wrote {} records to {}", summary.records, out.display());
    Ok(ExitCode::SUCCESS)
}

/// `dossier merge`.
pub fn merge(db: &DbArg, a: &str, b: &str) -> Result<ExitCode> {
    let mut store = open_existing(db)?;
    let ea = resolve_entity(store.as_ref(), a)?;
    let eb = resolve_entity(store.as_ref(), b)?;
    store.merge(ea.id, eb.id)?;
    info!(
        "merged {} (id {}) into {} (id {})",
        eb.name, eb.id, ea.name, ea.id
    );
    Ok(ExitCode::SUCCESS)
}

/// `dossier split`.
pub fn split(db: &DbArg, entity: &str, alias: &str) -> Result<ExitCode> {
    let mut store = open_existing(db)?;
    let e = resolve_entity(store.as_ref(), entity)?;
    let id = store.split(e.id, alias)?;
    info!(
        "split '{alias}' from {} (id {}) into a new entity (id {id})",
        e.name, e.id
    );
    Ok(ExitCode::SUCCESS)
}

/// The options of `dossier serve`.
pub struct ServeOptions<'a> {
    /// Where to listen.
    pub addr: std::net::SocketAddr,
    /// `--token-file`.
    pub token_file: Option<&'a Path>,
    /// `--read-only`.
    pub read_only: bool,
    /// `--user`.
    pub user: Option<&'a str>,
    /// `--max-upload`, in MiB.
    pub max_upload_mib: u32,
}

/// The workbench's uploads, read and extracted as `dossier ingest` reads a
/// file: the same reader and pipeline, under the same time budget per
/// document (`--doc-timeout`). The pipeline is built on the first upload.
struct UploadExtractor {
    pipeline: PipelineArg,
    budget: BudgetArg,
    runner: std::sync::Mutex<Option<BudgetedRunner>>,
}

impl dossier_server::ingest::Extractor for UploadExtractor {
    fn extract(
        &self,
        name: &str,
        bytes: &[u8],
        published: Option<Edtf>,
        source: Option<&str>,
    ) -> std::result::Result<dossier_server::ingest::Extracted, String> {
        let mut runner = self.runner.lock().unwrap_or_else(|p| p.into_inner());
        if runner.is_none() {
            let pipeline = process::pipeline(&self.pipeline)
                .map_err(|e| format!("{name}: cannot build the pipeline: {e:#}"))?;
            *runner =
                Some(BudgetedRunner::new(pipeline, &self.budget).map_err(|e| format!("{e:#}"))?);
        }
        let Some(runner) = runner.as_mut() else {
            return Err(format!("{name}: no pipeline"));
        };
        let input = Input::Stdin {
            name: PathBuf::from(name),
            bytes: Arc::new(bytes.to_vec()),
        };
        let stop = AtomicBool::new(false);
        let mut times = process::Timings::default();
        match runner.run(&input, published, source, &mut times, &stop) {
            Run::Done(doc, warnings) => Ok(dossier_server::ingest::Extracted {
                doc: *doc,
                warnings: warnings.iter().map(|w| w.to_string()).collect(),
            }),
            Run::Failed(e) => Err(format!("{e:#}")),
            Run::Interrupted => Err(format!("{name}: interrupted")),
        }
    }
}

/// `dossier serve`: the workbench until Ctrl-C. The address, token and
/// pipeline configuration are checked before the database is opened; the
/// address is printed once listening (`--addr 127.0.0.1:0` picks a free
/// port). Uploads are read by the pipeline in force (built on the first).
pub fn serve(
    db: &DbArg,
    o: ServeOptions<'_>,
    pipeline: &PipelineArg,
    budget: &BudgetArg,
) -> Result<ExitCode> {
    let mut config = dossier_server::Config::new(o.addr, o.token_file, o.read_only)?;
    if config.user.is_none() {
        config.user = o.user.and_then(dossier_server::clean_user);
    }
    config.upload_limit = o.max_upload_mib as usize * 1024 * 1024;
    let extractor: Option<Arc<dyn dossier_server::ingest::Extractor>> = if o.read_only {
        None
    } else {
        // A bad --pipeline file or --doc-timeout is an error now, not at the first upload.
        process::config(pipeline)?;
        anyhow::ensure!(
            budget.doc_timeout.is_finite() && budget.doc_timeout > 0.0,
            "--doc-timeout must be a positive number of seconds, not {}",
            budget.doc_timeout
        );
        Some(Arc::new(UploadExtractor {
            pipeline: pipeline.clone(),
            budget: budget.clone(),
            runner: std::sync::Mutex::new(None),
        }))
    };
    let store: Box<dyn Store + Send> = if o.read_only {
        open_reading(db)?
    } else {
        open_existing(db)?
    };
    dossier_server::run(store, config, extractor, |bound| {
        let _ = outln!("Dossier workbench on http://{bound}/ (Ctrl-C stops)");
        let _ = std::io::stdout().flush();
    })?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier demo`.
pub fn demo(keep: Option<&Path>) -> Result<ExitCode> {
    let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
    let sample = dir.path().join("sample-report.txt");
    std::fs::write(&sample, SAMPLE)?;
    let db_path = keep
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.path().join("demo.db"));
    let pipeline = process::pipeline(&PipelineArg { pipeline: None })?;
    let t0 = std::time::Instant::now();
    let doc = process_file(
        &pipeline,
        &sample,
        Edtf::month(2022, 2),
        Some("Terrorism Monitor (Jamestown Foundation)"),
    )?;
    let elapsed = t0.elapsed();
    let mut store = SqliteStore::open(&db_path)
        .with_context(|| format!("cannot open {}", db_path.display()))?;
    store.ingest(
        &doc,
        &IngestOptions {
            source: None,
            reliability: Some('B'),
        },
    )?;
    outln!(
        "Dossier demo: the bundled sample report ({} sentences, {} tokens) read in {:.1} ms and stored in {}\n",
        doc.sentences.len(),
        doc.tokens.len(),
        elapsed.as_secs_f64() * 1000.0,
        db_path.display()
    )?;
    out!("{}", render_doc_text(&doc))?;
    let stored = store.entities(&EntityFilter::default())?;
    outln!(
        "\nKnowledge base: {} entities, {} relations, {} events.",
        stored.len(),
        store.relations(None)?.len(),
        store.events(None)?.len()
    )?;
    if keep.is_some() {
        outln!("Try: dossier profile <NAME> --db {}", db_path.display())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `dossier train`.
pub fn train(
    kind: TaggerKind,
    train: &Path,
    dev: Option<&Path>,
    out: &Path,
    epochs: Option<usize>,
    seed: u64,
) -> Result<ExitCode> {
    // The settings the shipped models were trained with (see models/NOTICE.md).
    let mut opts = dossier_tagger::TrainOptions {
        seed,
        ..Default::default()
    };
    let column = match kind {
        TaggerKind::Ner => 3,
        TaggerKind::Pos => {
            opts.prune = 0.1;
            1
        }
        TaggerKind::Chunk => {
            opts.pos_column = Some(1);
            opts.prune = 0.1;
            2
        }
        TaggerKind::Parser => anyhow::bail!("the parser is trained by `dossier train parser`"),
        TaggerKind::Extract => {
            anyhow::bail!("the extraction model is trained by `dossier train extract --corpus DIR`")
        }
    };
    if let Some(e) = epochs {
        opts.epochs = e;
    }
    let bar = if std::io::stderr().is_terminal() && !output::quiet() {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::hidden()
    };
    let mut progress = |p: dossier_tagger::TrainProgress| {
        let dev = p
            .dev_f1
            .map(|f| format!(", dev F1 {:.2}", f * 100.0))
            .unwrap_or_default();
        let line = format!(
            "epoch {}/{}: train accuracy {:.2}%{dev} ({:.0} s)",
            p.epoch,
            p.epochs,
            p.train_accuracy * 100.0,
            p.elapsed_s
        );
        if bar.is_hidden() {
            info!("{line}");
        } else {
            bar.set_message(line);
        }
    };
    let (model, report) = dossier_tagger::train_conll(train, dev, column, &opts, &mut progress)
        .with_context(|| format!("training on {} failed", train.display()))?;
    bar.finish_and_clear();
    model
        .save(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let dev = report
        .dev_f1
        .map(|f| format!("; dev F1 {:.2}", f * 100.0))
        .unwrap_or_default();
    info!(
        "kept epoch {}{dev}; {} sentences, {} tokens; {} features, {} non-zero weights; {:.0} s",
        report.best_epoch,
        report.sentences,
        report.tokens,
        report.features,
        report.weights,
        report.seconds
    );
    info!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}

fn load_model(model: Option<&Path>) -> Result<dossier_tagger::Model> {
    match model {
        Some(p) => dossier_tagger::Model::load(p)
            .with_context(|| format!("cannot load model {}", p.display())),
        None => Ok(dossier_tagger::Model::builtin_ner()?.clone()),
    }
}

/// `dossier ner`.
pub fn ner(conll: &Path, model: Option<&Path>) -> Result<ExitCode> {
    let model = load_model(model)?;
    let input: Box<dyn std::io::BufRead> = if output::is_std(conll) {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(conll)
            .with_context(|| format!("cannot open {}", conll.display()))?;
        Box::new(std::io::BufReader::new(file))
    };
    let stdout = std::io::stdout().lock();
    dossier_tagger::tag_conll(&model, input, std::io::BufWriter::new(stdout))
        .with_context(|| format!("{}: tagging failed", conll.display()))?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier eval ner`.
pub fn eval_ner(conll: &Path, model: Option<&Path>) -> Result<ExitCode> {
    let model = load_model(model)?;
    let report = dossier_tagger::eval_conll(&model, conll)
        .with_context(|| format!("{}: evaluation failed", conll.display()))?;
    outln!("{report}")?;
    Ok(ExitCode::SUCCESS)
}

/// `dossier pipeline`.
pub fn show_pipeline(arg: &PipelineArg, toml: bool) -> Result<ExitCode> {
    let config = process::config(arg)?;
    if toml {
        write_out(None, &config.to_toml())?;
        return Ok(ExitCode::SUCCESS);
    }
    let pipeline = process::pipeline(arg)?;
    outln!(
        "pipeline ({}):",
        if arg.pipeline.is_some() {
            "from file"
        } else {
            "built-in"
        }
    )?;
    for (name, req, reads, asg) in pipeline.describe() {
        if reads.is_empty() {
            outln!("  {name:<14} requires {req:?}  assigns {asg:?}")?;
        } else {
            outln!("  {name:<14} requires {req:?}  reads if present {reads:?}  assigns {asg:?}")?;
        }
    }
    outln!("\nregistered components:")?;
    for (name, desc) in dossier_pipeline::builtin::registry().describe() {
        outln!("  {name:<14} {desc}")?;
    }
    Ok(ExitCode::SUCCESS)
}
