//! The analyst's workbench: `dossier serve`, a web UI and a JSON API over
//! the knowledge base.
//!
//! - [`service`]: what the pages and the API show and do, over a
//!   [`Store`], knowing nothing of HTTP;
//! - [`ingest`]: uploads read and stored in the background by an
//!   [`ingest::Extractor`] the binary provides, with their progress;
//! - [`pages`]: server-rendered HTML (maud, auto-escaped), progressively
//!   enhanced by one script of our own (`assets/workbench.js`: the
//!   entity's network with the vendored cytoscape.js, live upload progress);
//! - [`openapi`]: the API's OpenAPI 3 description;
//! - [`api`]: the JSON API under `/api/v1`, one error shape everywhere:
//!   `{"error": {"code": …, "message": …}}`;
//! - [`security`]: the token (bearer header or HttpOnly cookie set by
//!   `/login`), the same-origin check of state-changing requests, the
//!   loopback `Host` check, `--read-only`, and the response headers (a strict
//!   Content-Security-Policy).
//!
//! The store is synchronous: every call runs on a blocking thread, one at
//! a time behind a mutex ([`AppState::with_store`]).
#![warn(missing_docs)]
// The workspace's rust-version (1.80) predates `Option::is_none_or`.
#![allow(clippy::unnecessary_map_or)]

pub mod api;
pub mod error;
pub mod ingest;
pub mod openapi;
pub mod pages;
pub mod security;
pub mod service;
pub mod testing;

use axum::extract::DefaultBodyLimit;
use axum::Router;
use dossier_kb::Store;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use error::{ApiError, ErrorCode};

/// The largest request body accepted (forms and JSON), in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The largest upload accepted by default (all files of one request), in bytes.
pub const UPLOAD_LIMIT: usize = 32 * 1024 * 1024;

/// Errors of starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A non-loopback address without a token.
    #[error("refusing to listen on {0} without --token-file: only loopback addresses (127.0.0.1, ::1) may be served without a token")]
    TokenRequired(SocketAddr),
    /// The token file cannot be read or holds no usable token.
    #[error("token file {path}: {problem}")]
    BadToken {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        problem: String,
    },
    /// Binding or serving failed.
    #[error("cannot serve on {addr}: {source}")]
    Io {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
}

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// The access token, if one is required.
    pub token: Option<String>,
    /// Refuse every change (403).
    pub read_only: bool,
    /// Who the analyst's decisions are recorded as: the token file's second
    /// line, else `--user`, else the OS user (`USER`, `LOGNAME`), else `analyst`.
    pub user: Option<String>,
    /// The largest upload (all files of one request), in bytes.
    pub upload_limit: usize,
}

impl Config {
    /// A configuration for `addr` with the token read from `token_file`;
    /// refuses a non-loopback address without a token file.
    pub fn new(
        addr: SocketAddr,
        token_file: Option<&Path>,
        read_only: bool,
    ) -> Result<Config, ServeError> {
        let token = token_file.map(read_token).transpose()?;
        if token.is_none() && !addr.ip().is_loopback() {
            return Err(ServeError::TokenRequired(addr));
        }
        let user = token_file.and_then(read_token_user);
        Ok(Config {
            addr,
            token,
            read_only,
            user,
            upload_limit: UPLOAD_LIMIT,
        })
    }
}

/// The user name of a token file: its second line, if any (trimmed,
/// control characters dropped, at most 64 characters).
pub fn read_token_user(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    clean_user(text.lines().nth(1)?)
}

/// A user name as recorded: trimmed, without control characters, at most
/// 64 characters; `None` if nothing is left.
pub fn clean_user(s: &str) -> Option<String> {
    let u: String = s
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(64)
        .collect();
    (!u.trim().is_empty()).then(|| u.trim().to_string())
}

/// The OS user running the server (`USER`, `LOGNAME`), else `analyst`.
pub fn os_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().and_then(|u| clean_user(&u)))
        .unwrap_or_else(|| "analyst".to_string())
}

/// The fewest characters a token may have.
pub const MIN_TOKEN_LEN: usize = 16;

/// Reads a token: the file's first line, trimmed; at least
/// [`MIN_TOKEN_LEN`] visible ASCII characters.
pub fn read_token(path: &Path) -> Result<String, ServeError> {
    let bad = |problem: String| ServeError::BadToken {
        path: path.to_path_buf(),
        problem,
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
    let token = text.lines().next().unwrap_or("").trim().to_string();
    if token.len() < MIN_TOKEN_LEN {
        return Err(bad(format!(
            "the token (first line) must have at least {MIN_TOKEN_LEN} characters"
        )));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(
            "the token must be visible ASCII characters (no spaces)".into(),
        ));
    }
    Ok(token)
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Mutex<Box<dyn Store + Send>>>,
    /// The access token, if one is required.
    pub token: Option<Arc<str>>,
    /// Whether changes are refused.
    pub read_only: bool,
    /// Who decisions are recorded as.
    pub user: Arc<str>,
    /// The largest upload, in bytes.
    pub upload_limit: usize,
    /// Uploads and their progress.
    pub ingest: Arc<ingest::Ingests>,
}

impl AppState {
    /// State over `store`, taking no uploads.
    pub fn new(store: Box<dyn Store + Send>, config: &Config) -> AppState {
        AppState::with_extractor(store, config, None)
    }

    /// State over `store`, reading uploads with `extractor` (none: uploads
    /// are refused).
    pub fn with_extractor(
        store: Box<dyn Store + Send>,
        config: &Config,
        extractor: Option<Arc<dyn ingest::Extractor>>,
    ) -> AppState {
        let store = Arc::new(Mutex::new(store));
        AppState {
            ingest: Arc::new(ingest::Ingests::new(Arc::clone(&store), extractor)),
            store,
            upload_limit: config.upload_limit,
            token: config.token.as_deref().map(Arc::from),
            read_only: config.read_only,
            user: Arc::from(
                config
                    .user
                    .as_deref()
                    .and_then(clean_user)
                    .unwrap_or_else(os_user),
            ),
        }
    }

    /// Runs `f` with the store on a blocking thread (one call at a time).
    pub async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> service::Result<T> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            // A panic in an earlier call leaves no half-written data (every
            // write is one transaction), so the store stays usable.
            let mut guard = store.lock().unwrap_or_else(|p| p.into_inner());
            f(guard.as_mut())
        })
        .await
        .map_err(|e| ApiError::internal(format!("the store call failed: {e}")))?
        .map_err(ApiError::from)
    }
}

/// The whole application: pages, API, security layers, body limit.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes(state.upload_limit))
        .nest("/api/v1", api::routes(state.upload_limit))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::guard,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves `store` on `config.addr` until Ctrl-C (or SIGTERM), reading
/// uploads with `extractor` (none: uploads are refused); calls `ready` with
/// the bound address (the port is chosen when `addr` has port 0).
pub fn run(
    store: Box<dyn Store + Send>,
    config: Config,
    extractor: Option<Arc<dyn ingest::Extractor>>,
    ready: impl FnOnce(SocketAddr),
) -> Result<(), ServeError> {
    let addr = config.addr;
    let io = |source| ServeError::Io { addr, source };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()
        .map_err(io)?;
    // The store is dropped off the runtime's threads, after it: a
    // PostgreSQL client has a runtime of its own, which may not be
    // dropped inside another's async context.
    let state = AppState::with_extractor(store, &config, extractor);
    let served = {
        let state = state.clone();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind(addr).await.map_err(io)?;
            ready(listener.local_addr().map_err(io)?);
            axum::serve(listener, router(state))
                .with_graceful_shutdown(shutdown())
                .await
                .map_err(io)
        })
    };
    drop(rt);
    drop(state);
    served
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, text: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("dossier-server-{}-{name}", std::process::id()));
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn non_loopback_needs_a_token() {
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        let e = Config::new(public, None, false).unwrap_err().to_string();
        assert!(
            e.contains("0.0.0.0:8080") && e.contains("--token-file"),
            "{e}"
        );
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        assert!(Config::new(local, None, false).unwrap().token.is_none());
        let v6: SocketAddr = "[::1]:8080".parse().unwrap();
        assert!(Config::new(v6, None, true).is_ok());
        let f = temp_file("token-ok", "0123456789abcdef-tok\n");
        let c = Config::new(public, Some(&f), false).unwrap();
        assert_eq!(c.token.as_deref(), Some("0123456789abcdef-tok"));
        let _ = std::fs::remove_file(f);
    }

    #[test]
    fn bad_token_files_are_named() {
        let short = temp_file("token-short", "abc\n");
        let e = read_token(&short).unwrap_err().to_string();
        assert!(
            e.contains("token-short") && e.contains("at least 16"),
            "{e}"
        );
        let spaced = temp_file("token-spaced", "0123456789 abcdef\n");
        let e = read_token(&spaced).unwrap_err().to_string();
        assert!(e.contains("visible ASCII"), "{e}");
        let missing = std::env::temp_dir().join("dossier-server-no-such-token-file");
        let e = read_token(&missing).unwrap_err().to_string();
        assert!(e.contains("no-such-token-file"), "{e}");
        let _ = std::fs::remove_file(short);
        let _ = std::fs::remove_file(spaced);
    }
}
