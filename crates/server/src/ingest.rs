//! Uploads read into the knowledge base in the background, with their
//! progress: each uploaded file is a job of a *batch* (one upload), and
//! goes through `queued` → `extracting` → `stored` (or `unchanged`, when
//! the same content is already stored, or `failed` with its reason).
//!
//! The server knows no reader and no pipeline: the [`Extractor`] it is
//! given turns a file's bytes into a [`Doc`] (`dossier serve` gives it the
//! CLI's reader and pipeline, under the same time budget per document as
//! `dossier ingest`). One worker thread takes the jobs in order, extracts
//! without holding the store, then stores the document with
//! [`Store::ingest`], one transaction per document, as `dossier ingest`
//! does. Every change of a file's state bumps a version on a
//! [`tokio::sync::watch`] channel, which the server-sent event stream of a
//! batch (`GET /api/v1/ingest/{id}/events`) follows.

use dossier_doc::{Doc, Meta};
use dossier_kb::{IngestOptions, IngestOutcome, Store};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};

/// How many batches are remembered (the oldest finished ones are forgotten first).
pub const MAX_BATCHES: usize = 100;

/// At most this many files in one upload.
pub const MAX_FILES: usize = 200;

/// What an [`Extractor`] made of a file.
#[derive(Debug)]
pub struct Extracted {
    /// The document with every layer of the pipeline.
    pub doc: Doc,
    /// The reader's warnings (invalid bytes replaced, an encoding guessed).
    pub warnings: Vec<String>,
}

/// Reads an uploaded file and runs the extraction pipeline on it.
pub trait Extractor: Send + Sync + 'static {
    /// The document in `bytes` (uploaded as `name`, whose extension tells
    /// the format), with `published` and `source` used where the file's
    /// own metadata has none; `Err` is the reason, for a person, naming the file.
    fn extract(
        &self,
        name: &str,
        bytes: &[u8],
        published: Option<dossier_doc::Edtf>,
        source: Option<&str>,
    ) -> Result<Extracted, String>;
}

/// Metadata given with an uploaded file (each optional).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UploadMeta {
    /// Title (else the file's own, or its first heading).
    pub title: Option<String>,
    /// Publication date, EDTF.
    pub published: Option<dossier_doc::Edtf>,
    /// Source name.
    pub source: Option<String>,
    /// The document's address (`http`/`https`).
    pub url: Option<String>,
    /// Admiralty reliability grade A–F.
    pub reliability: Option<char>,
}

impl UploadMeta {
    /// Sets field `field` from a form value (empty is none); `Err` names
    /// the file and what is wrong.
    pub fn set(&mut self, file: &str, field: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let given = (!v.is_empty()).then(|| v.to_string());
        match field {
            "title" => self.title = given,
            "published" | "date" => {
                self.published = match &given {
                    Some(d) => match dossier_doc::Edtf::parse(d) {
                        Ok(e) => Some(e),
                        Err(e) => return Err(format!("{file}: date {e}")),
                    },
                    None => None,
                };
            }
            "source" => self.source = given,
            "url" => {
                if let Some(u) = &given {
                    let lower = u.to_ascii_lowercase();
                    if !(lower.starts_with("http://") || lower.starts_with("https://"))
                        || u.chars().any(|c| c.is_whitespace() || c.is_control())
                    {
                        return Err(format!("{file}: '{u}' is not an http or https address"));
                    }
                }
                self.url = given;
            }
            "reliability" => {
                self.reliability = match given {
                    None => None,
                    Some(r) => {
                        let c = r.chars().next().unwrap_or(' ').to_ascii_uppercase();
                        if r.chars().count() != 1 || !('A'..='F').contains(&c) {
                            return Err(format!("{file}: reliability '{r}' is not a grade A–F"));
                        }
                        Some(c)
                    }
                }
            }
            other => return Err(format!("{file}: unknown field '{other}'")),
        }
        Ok(())
    }
}

/// One uploaded file, waiting to be read.
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file's name as uploaded (no directories).
    pub name: String,
    /// Its content.
    pub bytes: Arc<Vec<u8>>,
    /// What was given with it.
    pub meta: UploadMeta,
}

/// Where a file of a batch is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum FileState {
    /// Waiting for the worker.
    Queued,
    /// Being read and extracted.
    Extracting,
    /// Stored as a new document.
    Stored {
        /// Its id.
        document: String,
        /// Entity mentions linked.
        entities: usize,
        /// Relations stored.
        relations: usize,
        /// Events stored.
        events: usize,
    },
    /// The same content was already stored; nothing changed (not even the metadata).
    Unchanged {
        /// The stored document's id.
        document: String,
    },
    /// Not stored.
    Failed {
        /// Why, naming the file.
        reason: String,
    },
}

impl FileState {
    /// Whether the file is done with (stored, unchanged or failed).
    pub fn is_final(&self) -> bool {
        !matches!(self, FileState::Queued | FileState::Extracting)
    }

    /// The state's wire name (`queued`, `extracting`, …).
    pub fn name(&self) -> &'static str {
        match self {
            FileState::Queued => "queued",
            FileState::Extracting => "extracting",
            FileState::Stored { .. } => "stored",
            FileState::Unchanged { .. } => "unchanged",
            FileState::Failed { .. } => "failed",
        }
    }
}

/// One file of a batch and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileStatus {
    /// Its place in the upload (from 0).
    pub index: usize,
    /// The file's name.
    pub name: String,
    /// Its size in bytes.
    pub bytes: usize,
    /// The metadata given with it.
    pub meta: UploadMeta,
    /// Where it is.
    #[serde(flatten)]
    pub state: FileState,
    /// The reader's warnings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// One upload and its files.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Batch {
    /// Its id.
    pub id: u64,
    /// Who uploaded it.
    pub user: String,
    /// Whether every file is done with.
    pub finished: bool,
    /// The files, in upload order.
    pub files: Vec<FileStatus>,
}

impl Batch {
    fn refresh(&mut self) {
        self.finished = self.files.iter().all(|f| f.state.is_final());
    }
}

/// Why an upload cannot be taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IngestError {
    /// This server reads no uploads (no extractor).
    #[error("this server takes no uploads (it was started without an extraction pipeline)")]
    Unavailable,
    /// The upload is malformed or holds no file.
    #[error("{0}")]
    BadUpload(String),
}

struct Job {
    batch: u64,
    index: usize,
    upload: Upload,
}

type SharedStore = Arc<Mutex<Box<dyn Store + Send>>>;

/// The batches of a server and the worker that reads them.
pub struct Ingests {
    extractor: Option<Arc<dyn Extractor>>,
    store: SharedStore,
    batches: Mutex<VecDeque<Batch>>,
    next: AtomicU64,
    version: tokio::sync::watch::Sender<u64>,
    queue: Mutex<Option<mpsc::Sender<Box<Job>>>>,
}

impl Ingests {
    /// Batches over `store`, read by `extractor` (none: uploads are refused).
    pub(crate) fn new(store: SharedStore, extractor: Option<Arc<dyn Extractor>>) -> Ingests {
        Ingests {
            extractor,
            store,
            batches: Mutex::new(VecDeque::new()),
            next: AtomicU64::new(1),
            version: tokio::sync::watch::channel(0).0,
            queue: Mutex::new(None),
        }
    }

    /// Whether uploads are taken.
    pub fn available(&self) -> bool {
        self.extractor.is_some()
    }

    /// Queues `uploads` as a new batch; returns it (every file `queued`).
    pub fn submit(
        self: &Arc<Self>,
        uploads: Vec<Upload>,
        user: &str,
    ) -> Result<Batch, IngestError> {
        let Some(extractor) = self.extractor.clone() else {
            return Err(IngestError::Unavailable);
        };
        if uploads.is_empty() {
            return Err(IngestError::BadUpload(
                "the upload holds no file (a multipart part named 'file' with a file name)".into(),
            ));
        }
        if uploads.len() > MAX_FILES {
            return Err(IngestError::BadUpload(format!(
                "the upload holds {} files; at most {MAX_FILES} at once",
                uploads.len()
            )));
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst);
        let batch = Batch {
            id,
            user: user.to_string(),
            finished: false,
            files: uploads
                .iter()
                .enumerate()
                .map(|(index, u)| FileStatus {
                    index,
                    name: u.name.clone(),
                    bytes: u.bytes.len(),
                    meta: u.meta.clone(),
                    state: FileState::Queued,
                    warnings: Vec::new(),
                })
                .collect(),
        };
        {
            let mut batches = lock(&self.batches);
            while batches.len() >= MAX_BATCHES {
                // Forget the oldest finished batch, else the oldest.
                match batches.iter().position(|b| b.finished) {
                    Some(i) => batches.remove(i),
                    None => batches.pop_front(),
                };
            }
            batches.push_back(batch.clone());
        }
        let mut queue = lock(&self.queue);
        if queue.is_none() {
            match self.start_worker(extractor) {
                Ok(q) => *queue = Some(q),
                Err(reason) => {
                    for index in 0..uploads.len() {
                        let reason = reason.clone();
                        self.set(id, index, FileState::Failed { reason }, Vec::new());
                    }
                    return Ok(self.batch(id).unwrap_or(batch));
                }
            }
        }
        for (index, upload) in uploads.into_iter().enumerate() {
            let job = Box::new(Job {
                batch: id,
                index,
                upload,
            });
            let sent = queue.as_ref().map(|q| q.send(job));
            if !matches!(sent, Some(Ok(()))) {
                // The worker is gone (it cannot be, but a batch must never wait forever).
                *queue = None;
                self.set(
                    id,
                    index,
                    FileState::Failed {
                        reason: "the ingest worker stopped".into(),
                    },
                    Vec::new(),
                );
            }
        }
        self.bump();
        Ok(batch)
    }

    fn start_worker(
        self: &Arc<Self>,
        extractor: Arc<dyn Extractor>,
    ) -> Result<mpsc::Sender<Box<Job>>, String> {
        let (tx, rx) = mpsc::channel::<Box<Job>>();
        let me = Arc::downgrade(self);
        std::thread::Builder::new()
            .name("dossier-upload".into())
            .spawn(move || {
                for job in rx {
                    let Some(me) = me.upgrade() else { break };
                    me.run(&*extractor, *job);
                }
            })
            .map_err(|e| format!("cannot start the ingest worker: {e}"))?;
        Ok(tx)
    }

    /// Reads, extracts and stores one file, telling each step.
    fn run(&self, extractor: &dyn Extractor, job: Job) {
        let Job {
            batch,
            index,
            upload,
        } = job;
        self.set(batch, index, FileState::Extracting, Vec::new());
        let (state, warnings) = self.process(extractor, &upload);
        self.set(batch, index, state, warnings);
    }

    fn process(&self, extractor: &dyn Extractor, u: &Upload) -> (FileState, Vec<String>) {
        let failed = |reason: String| (FileState::Failed { reason }, Vec::new());
        // The same content already stored is recognized before any extraction.
        let id = Meta::content_id(&u.bytes);
        match lock(&self.store).document(&id) {
            Ok(Some(_)) => return (FileState::Unchanged { document: id }, Vec::new()),
            Ok(None) => {}
            Err(e) => return failed(format!("{}: cannot read the knowledge base: {e}", u.name)),
        }
        let m = &u.meta;
        let extracted = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            extractor.extract(&u.name, &u.bytes, m.published, m.source.as_deref())
        }));
        let Extracted { mut doc, warnings } = match extracted {
            Ok(Ok(x)) => x,
            Ok(Err(reason)) => return failed(reason),
            Err(_) => return failed(format!("{}: extraction failed: internal error", u.name)),
        };
        if let Some(t) = &m.title {
            doc.meta.title = Some(t.clone());
        }
        if let Some(url) = &m.url {
            doc.meta.url = Some(url.clone());
        }
        if let Some(p) = m.published {
            doc.meta.published = Some(p);
        }
        let opts = IngestOptions {
            source: m.source.clone(),
            reliability: m.reliability,
        };
        let stored = lock(&self.store).ingest(&doc, &opts);
        let state = match stored {
            Ok(IngestOutcome::New {
                document,
                entities,
                relations,
                events,
            }) => FileState::Stored {
                document,
                entities,
                relations,
                events,
            },
            Ok(IngestOutcome::Unchanged { document }) => FileState::Unchanged { document },
            Err(e) => FileState::Failed {
                reason: format!("{}: cannot store: {e}", u.name),
            },
        };
        (state, warnings)
    }

    fn set(&self, batch: u64, index: usize, state: FileState, warnings: Vec<String>) {
        {
            let mut batches = lock(&self.batches);
            if let Some(b) = batches.iter_mut().find(|b| b.id == batch) {
                if let Some(f) = b.files.get_mut(index) {
                    f.state = state;
                    f.warnings = warnings;
                }
                b.refresh();
            }
        }
        self.bump();
    }

    fn bump(&self) {
        self.version.send_modify(|v| *v += 1);
    }

    /// Batch `id` as it is now.
    pub fn batch(&self, id: u64) -> Option<Batch> {
        lock(&self.batches).iter().find(|b| b.id == id).cloned()
    }

    /// The remembered batches, newest first.
    pub fn batches(&self) -> Vec<Batch> {
        lock(&self.batches).iter().rev().cloned().collect()
    }

    /// A receiver that wakes on every change of any batch.
    pub fn watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.version.subscribe()
    }
}

fn lock<T: ?Sized>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere leaves no half-written state here (each change is
    // one assignment) nor in the store (each write is one transaction).
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The base name of an uploaded file's name (browsers may send a path):
/// its last `/` or `\` component, without control characters, at most 200
/// characters; `None` when nothing is left.
pub fn file_name(raw: &str) -> Option<String> {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let clean = clean.trim().to_string();
    (!clean.is_empty() && clean != "." && clean != "..").then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_is_checked_and_names_the_file() {
        let mut m = UploadMeta::default();
        m.set("a.txt", "published", "2022-02").unwrap();
        m.set("a.txt", "reliability", "b").unwrap();
        m.set("a.txt", "url", "https://example.org/r").unwrap();
        m.set("a.txt", "title", "  ").unwrap();
        assert_eq!(
            m.published.map(|p| p.to_string()).as_deref(),
            Some("2022-02")
        );
        assert_eq!(m.reliability, Some('B'));
        assert_eq!(m.title, None);
        let e = m.set("a.txt", "published", "last spring").unwrap_err();
        assert!(
            e.contains("a.txt") && e.contains("last spring") && e.contains("EDTF"),
            "{e}"
        );
        let e = m.set("b.pdf", "reliability", "G").unwrap_err();
        assert!(e.contains("b.pdf") && e.contains("A–F"), "{e}");
        let e = m.set("c.md", "url", "javascript:alert(1)").unwrap_err();
        assert!(e.contains("c.md") && e.contains("http"), "{e}");
        assert!(m.set("c.md", "colour", "red").is_err());
    }

    #[test]
    fn file_names_lose_their_directories() {
        assert_eq!(
            file_name("C:\\Users\\x\\report.pdf").as_deref(),
            Some("report.pdf")
        );
        assert_eq!(file_name("/tmp/a/b.txt").as_deref(), Some("b.txt"));
        assert_eq!(file_name("../..").as_deref(), None);
        assert_eq!(file_name("").as_deref(), None);
        assert_eq!(file_name("a\u{0}b.txt").as_deref(), Some("ab.txt"));
    }
}
