//! Readers of Dossier: turn a file on disk into a [`Doc`] with its text and
//! metadata (`.txt`, `.md`/`.markdown`, `.html`/`.htm`, `.pdf`, and text
//! files with other extensions).
//!
//! The text is decoded (UTF-8, UTF-16 with BOM, or a detected legacy
//! encoding such as Windows-1252) with line endings normalized to `\n`, but
//! not Unicode-normalized: the `normalize` component of `dossier-nlp` does
//! NFC. The document id is the content hash of the raw bytes.
//!
//! ```no_run
//! use dossier_read::{read_path, ReadOptions};
//! let doc = read_path("report.md".as_ref(), &ReadOptions::default())?;
//! println!("{:?} {}", doc.meta.title, doc.text.len());
//! # Ok::<(), dossier_read::ReadError>(())
//! ```
#![warn(missing_docs)]

mod decode;
mod html;
mod markdown;
mod meta;
mod pdf;

use decode::DecodeFailure;
use dossier_doc::{Doc, Meta};
use meta::FileMeta;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Extensions read from directories by [`collect_paths`].
pub const SUPPORTED_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm", "pdf"];

/// The default size limit: 50 MB.
pub const DEFAULT_MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The default time limit of PDF text extraction: 60 s.
pub const DEFAULT_PDF_TIME_LIMIT: Duration = Duration::from_secs(60);

/// Options of [`read_path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Publication date (EDTF) to use when the file has none in its metadata.
    pub published: Option<dossier_doc::Edtf>,
    /// Source name to use when the file has none in its metadata.
    pub source: Option<String>,
    /// Files larger than this are refused ([`ReadError::TooLarge`]).
    pub max_bytes: u64,
    /// PDF text extraction taking longer is abandoned ([`ReadError::Pdf`]).
    pub pdf_time_limit: Duration,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            published: None,
            source: None,
            max_bytes: DEFAULT_MAX_BYTES,
            pdf_time_limit: DEFAULT_PDF_TIME_LIMIT,
        }
    }
}

/// Why a file could not be read. Every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path does not exist.
    #[error("{}: no such file or directory", path.display())]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// The path is a directory where a file was expected.
    #[error("{}: is a directory, not a file", path.display())]
    IsDirectory {
        /// The path.
        path: PathBuf,
    },
    /// The path is neither a regular file nor a directory (socket, device…).
    #[error("{}: not a regular file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// An I/O error.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The file is empty or holds only whitespace.
    #[error("{}: empty file (no text)", path.display())]
    Empty {
        /// The path.
        path: PathBuf,
    },
    /// The file has content but no text was found in it (markup only, a
    /// PDF without a text layer…).
    #[error("{}: no text found ({reason})", path.display())]
    NoText {
        /// The path.
        path: PathBuf,
        /// What the file held instead.
        reason: String,
    },
    /// The file holds binary data, not text.
    #[error("{}: binary content, not text", path.display())]
    Binary {
        /// The path.
        path: PathBuf,
    },
    /// The file's text encoding could not be decoded.
    #[error("{}: text is not valid UTF-8 and could not be decoded (best guess {encoding})", path.display())]
    Encoding {
        /// The path.
        path: PathBuf,
        /// The encoding that was tried last.
        encoding: String,
    },
    /// The file is over the size limit.
    #[error("{}: file is {size} bytes, over the limit of {limit} bytes", path.display())]
    TooLarge {
        /// The path.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// Text could not be extracted from a PDF.
    #[error("{}: cannot extract text from PDF: {message}", path.display())]
    Pdf {
        /// The path.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The file type is not supported.
    #[error("{}: unsupported file type ({reason})", path.display())]
    Unsupported {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl ReadError {
    /// The path the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotFound { path }
            | ReadError::IsDirectory { path }
            | ReadError::NotAFile { path }
            | ReadError::Io { path, .. }
            | ReadError::Empty { path }
            | ReadError::NoText { path, .. }
            | ReadError::Binary { path }
            | ReadError::Encoding { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Pdf { path, .. }
            | ReadError::Unsupported { path, .. } => path,
        }
    }
}

/// The format a file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// PDF.
    Pdf,
}

impl Format {
    /// The format of a path, from its extension (case-insensitive); `None`
    /// for other extensions (read as text when the content is text).
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "pdf" => Format::Pdf,
            _ => return None,
        })
    }
}

/// Reads one file into a [`Doc`] (text and metadata; no annotations).
///
/// The publication date is taken from the file's metadata, else
/// `opts.published`; the source likewise. The title comes from metadata,
/// else (Markdown) the first heading, else (text, PDF) the first line when
/// it looks like a heading.
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Doc, ReadError> {
    read_path_with_warnings(path, opts).map(|(doc, _)| doc)
}

/// A problem that did not stop a file from being read: invalid bytes
/// replaced, a legacy encoding guessed. It names the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadWarning {
    /// The file.
    pub path: PathBuf,
    /// What happened, e.g. "not valid UTF-8 at byte offset 120; decoded as
    /// UTF-8 with that byte sequence replaced by U+FFFD".
    pub message: String,
}

impl std::fmt::Display for ReadWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// [`read_path`], also returning the warnings of reading (see [`ReadWarning`]).
pub fn read_path_with_warnings(
    path: &Path,
    opts: &ReadOptions,
) -> Result<(Doc, Vec<ReadWarning>), ReadError> {
    let p = || path.to_path_buf();
    let md = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound { path: p() },
        _ => ReadError::Io {
            path: p(),
            source: e,
        },
    })?;
    if md.is_dir() {
        return Err(ReadError::IsDirectory { path: p() });
    }
    if !md.is_file() {
        return Err(ReadError::NotAFile { path: p() });
    }
    if md.len() > opts.max_bytes {
        return Err(ReadError::TooLarge {
            path: p(),
            size: md.len(),
            limit: opts.max_bytes,
        });
    }
    if md.len() == 0 {
        return Err(ReadError::Empty { path: p() });
    }
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io {
        path: p(),
        source: e,
    })?;
    let mut bytes = Vec::with_capacity(md.len() as usize);
    file.take(opts.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io {
            path: p(),
            source: e,
        })?;
    if bytes.len() as u64 > opts.max_bytes {
        return Err(ReadError::TooLarge {
            path: p(),
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    read_bytes_with_warnings(path, &bytes, opts)
}

/// Reads a document from bytes already in memory; `path` gives its format
/// (by extension) and is recorded in the metadata and in errors.
pub fn read_bytes(path: &Path, bytes: &[u8], opts: &ReadOptions) -> Result<Doc, ReadError> {
    read_bytes_with_warnings(path, bytes, opts).map(|(doc, _)| doc)
}

/// [`read_bytes`], also returning the warnings of reading.
pub fn read_bytes_with_warnings(
    path: &Path,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<(Doc, Vec<ReadWarning>), ReadError> {
    let p = || path.to_path_buf();
    if bytes.len() as u64 > opts.max_bytes {
        return Err(ReadError::TooLarge {
            path: p(),
            size: bytes.len() as u64,
            limit: opts.max_bytes,
        });
    }
    let format = Format::of(path);
    let mut warnings = Vec::new();
    let mut decode_text = |bytes: &[u8]| -> Result<String, ReadError> {
        let (text, note) = decode::decode(bytes).map_err(|f| match f {
            DecodeFailure::Binary if format.is_none() => ReadError::Unsupported {
                path: p(),
                reason: "binary content with an unknown extension".into(),
            },
            DecodeFailure::Binary => ReadError::Binary { path: p() },
            DecodeFailure::Undecodable(encoding) => ReadError::Encoding {
                path: p(),
                encoding,
            },
        })?;
        if let Some(note) = note {
            warnings.push(ReadWarning {
                path: p(),
                message: note.to_string(),
            });
        }
        Ok(text)
    };
    let (text, fm, title_fallback) = match format {
        Some(Format::Pdf) => {
            let text = pdf_text(path, bytes, opts.pdf_time_limit)?;
            let title = meta::text_title(&text);
            (text, FileMeta::default(), title)
        }
        Some(Format::Markdown) => {
            let src = decode_text(bytes)?;
            let (fm, body) = meta::split_front_matter(&src);
            let (text, heading) = markdown::markdown_to_text(body);
            (text, fm, heading)
        }
        Some(Format::Html) => {
            let src = decode_text(bytes)?;
            let (text, fm) = html::html_to_text(&src);
            let title = meta::text_title(&text);
            (text, fm, title)
        }
        Some(Format::Text) | None => {
            let text = decode_text(bytes)?;
            let fm = meta::text_header_meta(&text);
            let title = meta::text_title(&text);
            (text, fm, title)
        }
    };
    if text.trim().is_empty() {
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(ReadError::Empty { path: p() });
        }
        let reason = match format {
            Some(Format::Pdf) => "the PDF has no text layer: scanned pages or images only?",
            Some(Format::Html) => "the HTML has no main text: markup, scripts or boilerplate only",
            Some(Format::Markdown) => "the Markdown has no text: front matter or markup only",
            _ => "only whitespace and header lines",
        };
        return Err(ReadError::NoText {
            path: p(),
            reason: reason.into(),
        });
    }
    let meta = Meta {
        id: Meta::content_id(bytes),
        title: fm.title.or(title_fallback),
        published: fm.published.or(opts.published),
        source: fm.source.or_else(|| opts.source.clone()),
        path: Some(path.display().to_string()),
        url: fm.url,
        extra: fm.extra,
    };
    Ok((Doc::new(meta, text), warnings))
}

/// Extracts the text of a PDF, turning pdf-extract's errors and panics into
/// [`ReadError::Pdf`]. The structure is checked first ([`pdf::check`]: page
/// tree cycles, self-drawing forms); extraction runs on its own thread with a
/// large stack and is abandoned after `limit` (the thread is left to finish
/// on its own; it holds only its copy of the bytes).
fn pdf_text(path: &Path, bytes: &[u8], limit: Duration) -> Result<String, ReadError> {
    let err = |message: String| ReadError::Pdf {
        path: path.to_path_buf(),
        message,
    };
    if !bytes.starts_with(b"%PDF")
        && !bytes[..bytes.len().min(1024)]
            .windows(4)
            .any(|w| w == b"%PDF")
    {
        return Err(err("not a PDF file (no %PDF header)".into()));
    }
    let owned = bytes.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("pdf-extract".into())
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let result = quietly(|| match pdf::check(&owned) {
                Err(e) => Err(e.to_string()),
                Ok(()) => pdf_extract::extract_text_from_mem(&owned).map_err(|e| e.to_string()),
            });
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        return Err(err(format!("cannot start the PDF reader: {e}")));
    }
    let raw = match rx.recv_timeout(limit) {
        Ok(Ok(Ok(t))) => t,
        Ok(Ok(Err(message))) => return Err(err(message)),
        Ok(Err(panic)) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the PDF parser failed".into());
            return Err(err(format!("malformed PDF ({msg})")));
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            return Err(err(format!(
                "text extraction took over {} s and was abandoned",
                limit.as_secs_f64()
            )))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            return Err(err("the PDF reader stopped without a result".into()))
        }
    };
    let text = decode::normalize_newlines(&raw);
    Ok(markdown::tidy(&text))
}

thread_local! {
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic; while it runs, panics on this thread are not
/// reported by the panic hook (so a malformed PDF yields one clean error
/// rather than a panic message). Other threads are unaffected.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET_PANICS.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(false));
    result
}

/// Expands inputs into the files to read: files as given, directories
/// walked recursively (sorted, hidden entries skipped, only
/// [`SUPPORTED_EXTENSIONS`]). Missing inputs and walk failures are
/// returned as errors beside the paths found.
pub fn collect_paths(inputs: &[PathBuf]) -> (Vec<PathBuf>, Vec<ReadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let md = match std::fs::metadata(input) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(ReadError::NotFound {
                    path: input.clone(),
                });
                continue;
            }
            Err(e) => {
                errors.push(ReadError::Io {
                    path: input.clone(),
                    source: e,
                });
                continue;
            }
        };
        if !md.is_dir() {
            if seen.insert(input.clone()) {
                files.push(input.clone());
            }
            continue;
        }
        let walker = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_file() {
                        continue;
                    }
                    let supported =
                        e.path()
                            .extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| {
                                SUPPORTED_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                            });
                    if supported && seen.insert(e.path().to_path_buf()) {
                        files.push(e.into_path());
                    }
                }
                Err(e) => {
                    let path = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| input.clone());
                    let source = e
                        .into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                    errors.push(ReadError::Io { path, source });
                }
            }
        }
    }
    (files, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quietly_catches_panics() {
        assert_eq!(quietly(|| 5).unwrap(), 5);
        let r: std::thread::Result<()> = quietly(|| panic!("malformed"));
        assert_eq!(r.unwrap_err().downcast_ref::<&str>(), Some(&"malformed"));
        // The flag is reset afterwards.
        assert!(!QUIET_PANICS.with(|q| q.get()));
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a/B.MD")), Some(Format::Markdown));
        assert_eq!(Format::of(Path::new("x.htm")), Some(Format::Html));
        assert_eq!(Format::of(Path::new("x.pdf")), Some(Format::Pdf));
        assert_eq!(Format::of(Path::new("x.txt")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("x.log")), None);
        assert_eq!(Format::of(Path::new("noext")), None);
    }

    #[test]
    fn error_paths() {
        let e = ReadError::TooLarge {
            path: "r.txt".into(),
            size: 9,
            limit: 1,
        };
        assert_eq!(e.path(), Path::new("r.txt"));
        assert_eq!(
            e.to_string(),
            "r.txt: file is 9 bytes, over the limit of 1 bytes"
        );
    }
}

/// Small documents built in code, for tests and fuzzing.
pub mod testing {
    /// A PDF from its objects (numbered from 1, the first the catalog) with
    /// a correct cross-reference table.
    pub fn pdf_of<S: AsRef<str>>(objects: &[S]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = vec![];
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{}\nendobj\n", i + 1, o.as_ref()).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for off in offsets {
            out.extend(format!("{off:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }
}
