//! The JSON API under `/api/v1`: what the pages show, as the service's
//! views, and the corrections they make. Errors have one shape,
//! `{"error": {"code": …, "message": …}}` (see [`crate::error`]).
//!
//! | method and path | answer |
//! |---|---|
//! | `GET /entities?type=&q=&offset=&limit=` | `{total, offset, entities}` |
//! | `GET /entities/{id}` | `{profile, timeline, documents}` (a merged id answers its canonical entity) |
//! | `GET /entities/{id}/network` | `{center, nodes, edges, truncated}`: the entity, its neighbours and the relations to them, each with its first cited sentence |
//! | `GET /search?q=&type=` | `{query, type, entities, sentences}` |
//! | `GET /documents?page=` | `{total, page, per_page, documents}` |
//! | `GET /documents/{id}` | `{document, sentences}` |
//! | `GET /timeline?actor=&type=&page=` | `{actor, actor_name, type, total, page, per_page, timeline}` |
//! | `GET /overrides` | every merge and split, newest first |
//! | `POST /merge` `{"keep": ID, "other": ID}` | `{"entity": ID kept}` |
//! | `POST /split` `{"entity": ID, "alias": NAME}` | `{"entity": new ID}` |
//! | `POST /overrides/{id}/undo` | `{"undone": ID}` |
//! | `GET /review?limit=` | `{facts, undecided, contradictions, series, duplicates, decisions}`: facts least confident first |
//! | `GET /decisions` | every decision on a fact, newest first |
//! | `POST /decisions` `{"kind": "relation"\|"event"\|"attribute", "id": ID, "verdict": "confirm"\|"reject"\|"edit", "edit": {…}}` | `{"decision": ID}` (`edit`: `relation_type`, `reverse`, `event_type`, `date`, `participants` `[{role, entity}]`, `value`) |
//! | `POST /decisions/{id}/undo` | `{"undone": ID}` |
//! | `POST /documents/{id}` `{"title", "published", "source", "url", "reliability"}` (each optional; `""` clears) | the document's metadata |
//! | `DELETE /documents/{id}` | `{"deleted": ID}` |
//! | `POST /documents` (multipart: `file` parts, each followed by its `title`, `published`, `source`, `url`, `reliability`; those before the first file apply to all) | 202 `{batch, status, events, files}`: the batch of files queued |
//! | `GET /ingest` | the recent upload batches, newest first |
//! | `GET /ingest/{id}` | one batch: `{id, user, finished, files: [{index, name, bytes, meta, state, …}]}` |
//! | `GET /ingest/{id}/events` | server-sent events: `file` (a file's status, at once for each, then on each change), `done` (the batch) |
//! | `GET /openapi.json` | the OpenAPI 3 description of these routes |
//!
//! `GET /search` also takes `from`, `to` (EDTF), `source` and `reliability`
//! (a grade A–F: that grade or better), which filter the sentences by their document.

use crate::error::ApiError;
use crate::ingest::{file_name, Upload, UploadMeta};
use crate::service;
use crate::AppState;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, MethodRouter};
use axum::{Json, Router};
use dossier_kb::{DocumentEdit, FactEdit};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// At most this many entities per `GET /entities`.
pub const MAX_LIMIT: usize = 1000;

/// Every route of the API (nested under `/api/v1`): its path, as the
/// OpenAPI description ([`crate::openapi`]) writes it, and its handlers.
/// The router is built from this table only, so a test can hold the
/// description to it.
pub fn route_table(upload_limit: usize) -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/entities", get(entities)),
        ("/entities/{id}", get(entity)),
        ("/entities/{id}/network", get(network)),
        ("/search", get(search)),
        (
            "/documents",
            get(documents)
                .post(upload)
                .layer(DefaultBodyLimit::max(upload_limit)),
        ),
        (
            "/documents/{id}",
            get(document).post(edit_document).delete(delete_document),
        ),
        ("/ingest", get(batches)),
        ("/ingest/{id}", get(batch)),
        ("/ingest/{id}/events", get(batch_events)),
        ("/review", get(review)),
        ("/decisions", get(decisions).post(decide)),
        ("/decisions/{id}/undo", post(undo_decision)),
        ("/timeline", get(timeline)),
        ("/overrides", get(overrides)),
        ("/merge", post(merge)),
        ("/split", post(split)),
        ("/overrides/{id}/undo", post(undo)),
        ("/openapi.json", get(crate::openapi::serve)),
    ]
}

/// The API's routes (nested under `/api/v1`), uploads limited to `upload_limit` bytes.
pub fn routes(upload_limit: usize) -> Router<AppState> {
    route_table(upload_limit)
        .into_iter()
        .fold(Router::new(), |r, (path, m)| r.route(path, m))
}

type ApiResult = Result<Response, ApiError>;

fn ok<T: Serialize>(v: T) -> ApiResult {
    Ok(Json(v).into_response())
}

#[derive(Deserialize)]
struct EntitiesQ {
    #[serde(default, rename = "type")]
    etype: Option<String>,
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    offset: Option<usize>,
    #[serde(default)]
    limit: Option<usize>,
}

async fn entities(
    State(st): State<AppState>,
    q: Result<Query<EntitiesQ>, QueryRejection>,
) -> ApiResult {
    let Query(q) = q?;
    let etype = service::entity_type(q.etype.as_deref())?;
    let limit = q.limit.unwrap_or(100).min(MAX_LIMIT);
    let offset = q.offset.unwrap_or(0);
    ok(st
        .with_store(move |s| service::entities(s, etype, q.q.as_deref(), offset, limit))
        .await?)
}

async fn entity(State(st): State<AppState>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let Path(id) = id?;
    ok(st
        .with_store(move |s| {
            let c = service::canonical(s, id)?;
            service::entity(s, c)
        })
        .await?)
}

async fn search(
    State(st): State<AppState>,
    q: Result<Query<service::SearchParams>, QueryRejection>,
) -> ApiResult {
    let Query(q) = q?;
    let (etype, filter) = q.filters()?;
    ok(st
        .with_store(move |s| service::search_filtered(s, &q.q, etype, &filter))
        .await?)
}

async fn edit_document(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Json<DocumentEdit>, JsonRejection>,
) -> ApiResult {
    let Path(id) = id?;
    let Json(edit) = body?;
    ok(st
        .with_store(move |s| service::edit_document(s, &id, &edit))
        .await?)
}

async fn delete_document(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(id) = id?;
    let shown = id.clone();
    st.with_store(move |s| service::delete_document(s, &id))
        .await?;
    ok(json!({ "deleted": shown }))
}

#[derive(Deserialize)]
struct ReviewQ {
    #[serde(default)]
    limit: Option<usize>,
}

async fn review(
    State(st): State<AppState>,
    q: Result<Query<ReviewQ>, QueryRejection>,
) -> ApiResult {
    let Query(q) = q?;
    let limit = q.limit.unwrap_or(100).min(MAX_LIMIT);
    ok(st.with_store(move |s| service::review(s, limit)).await?)
}

async fn decisions(State(st): State<AppState>) -> ApiResult {
    ok(st.with_store(|s| service::decisions(s)).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecideBody {
    kind: String,
    id: i64,
    verdict: String,
    #[serde(default)]
    edit: FactEdit,
}

async fn decide(
    State(st): State<AppState>,
    body: Result<Json<DecideBody>, JsonRejection>,
) -> ApiResult {
    let Json(b) = body?;
    let kind = service::fact_kind(&b.kind)?;
    let verdict = service::verdict(&b.verdict)?;
    let user = st.user.to_string();
    let id = st
        .with_store(move |s| service::decide(s, kind, b.id, verdict, b.edit, &user))
        .await?;
    ok(json!({ "decision": id }))
}

async fn undo_decision(
    State(st): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> ApiResult {
    let Path(id) = id?;
    st.with_store(move |s| service::undo_decision(s, id))
        .await?;
    ok(json!({ "undone": id }))
}

#[derive(Deserialize)]
struct PageQ {
    #[serde(default)]
    page: Option<usize>,
}

async fn documents(
    State(st): State<AppState>,
    q: Result<Query<PageQ>, QueryRejection>,
) -> ApiResult {
    let Query(q) = q?;
    let page = q.page.unwrap_or(1);
    ok(st.with_store(move |s| service::documents(s, page)).await?)
}

async fn document(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult {
    let Path(id) = id?;
    ok(st.with_store(move |s| service::document(s, &id)).await?)
}

#[derive(Deserialize)]
struct TimelineQ {
    #[serde(default)]
    actor: Option<String>,
    #[serde(default, rename = "type")]
    etype: Option<String>,
    #[serde(default)]
    page: Option<usize>,
}

async fn timeline(
    State(st): State<AppState>,
    q: Result<Query<TimelineQ>, QueryRejection>,
) -> ApiResult {
    let Query(q) = q?;
    let etype = service::event_type(q.etype.as_deref())?;
    let page = q.page.unwrap_or(1);
    let actor = q.actor.filter(|a| !a.trim().is_empty());
    ok(st
        .with_store(move |s| {
            let actor = actor.map(|a| service::resolve_entity(s, &a)).transpose()?;
            service::timeline(s, actor, etype, page)
        })
        .await?)
}

async fn overrides(State(st): State<AppState>) -> ApiResult {
    ok(st.with_store(|s| service::overrides(s)).await?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeBody {
    keep: i64,
    other: i64,
}

async fn merge(
    State(st): State<AppState>,
    body: Result<Json<MergeBody>, JsonRejection>,
) -> ApiResult {
    let Json(b) = body?;
    let kept = st
        .with_store(move |s| service::merge(s, b.keep, b.other))
        .await?;
    ok(json!({ "entity": kept }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitBody {
    entity: i64,
    alias: String,
}

async fn split(
    State(st): State<AppState>,
    body: Result<Json<SplitBody>, JsonRejection>,
) -> ApiResult {
    let Json(b) = body?;
    let new = st
        .with_store(move |s| service::split(s, b.entity, &b.alias))
        .await?;
    ok(json!({ "entity": new }))
}

async fn undo(State(st): State<AppState>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let Path(id) = id?;
    st.with_store(move |s| service::undo(s, id)).await?;
    ok(json!({ "undone": id }))
}

async fn network(State(st): State<AppState>, id: Result<Path<i64>, PathRejection>) -> ApiResult {
    let Path(id) = id?;
    ok(st
        .with_store(move |s| {
            let c = service::canonical(s, id)?;
            service::network(s, c)
        })
        .await?)
}

/// Metadata fields of an upload.
pub const UPLOAD_FIELDS: [&str; 5] = ["title", "published", "source", "url", "reliability"];

/// `n` bytes for a person: `32 MiB`, `64 KiB`, `900 bytes`.
pub fn size_words(n: usize) -> String {
    if n >= 1024 * 1024 && n.checked_rem(1024 * 1024) == Some(0) {
        format!("{} MiB", n / (1024 * 1024))
    } else if n >= 1024 * 1024 {
        format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0))
    } else if n >= 1024 {
        format!("{} KiB", n / 1024)
    } else {
        format!("{n} bytes")
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        crate::ErrorCode::PayloadTooLarge,
        format!(
            "the upload is over the limit of {} per request (dossier serve --max-upload)",
            size_words(limit)
        ),
    )
}

fn multipart_error(e: MultipartError, limit: usize) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(limit)
    } else {
        ApiError::bad_request(format!("malformed upload: {}", e.body_text()))
    }
}

/// Reads an upload: `file` parts (with a file name), each followed by its
/// metadata parts ([`UPLOAD_FIELDS`]); metadata before the first file is the
/// default of every file. A `file` part with neither a name nor content (an
/// empty row of the upload form) is skipped, with the metadata after it.
/// Over `limit` bytes (by `Content-Length`, or as read) is 413.
pub async fn read_upload(
    headers: &HeaderMap,
    mp: Result<Multipart, MultipartRejection>,
    limit: usize,
) -> Result<Vec<Upload>, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let mut mp = mp?;
    enum Current {
        Defaults,
        File(Upload),
        Skipped,
    }
    let mut defaults = UploadMeta::default();
    let mut current = Current::Defaults;
    let mut out = Vec::new();
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|e| multipart_error(e, limit))?
    {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            let raw = field.file_name().unwrap_or("").to_string();
            let bytes = field.bytes().await.map_err(|e| multipart_error(e, limit))?;
            if let Current::File(u) = std::mem::replace(&mut current, Current::Skipped) {
                out.push(u);
            }
            match file_name(&raw) {
                None if bytes.is_empty() => {}
                None => {
                    return Err(ApiError::bad_request(format!(
                        "file {} of the upload has no file name",
                        out.len() + 1
                    )))
                }
                Some(n) => {
                    current = Current::File(Upload {
                        name: n,
                        bytes: std::sync::Arc::new(bytes.to_vec()),
                        meta: UploadMeta::default(),
                    })
                }
            }
        } else if UPLOAD_FIELDS.contains(&name.as_str()) {
            let text = field.text().await.map_err(|e| multipart_error(e, limit))?;
            match &mut current {
                Current::Defaults => defaults.set("the upload", &name, &text),
                Current::File(u) => u.meta.set(&u.name, &name, &text),
                Current::Skipped => Ok(()),
            }
            .map_err(ApiError::bad_request)?;
        } else {
            return Err(ApiError::bad_request(format!(
                "unknown part '{name}' in the upload (expected 'file' and {})",
                UPLOAD_FIELDS.join(", ")
            )));
        }
    }
    if let Current::File(u) = current {
        out.push(u);
    }
    for u in &mut out {
        let m = &mut u.meta;
        let d = &defaults;
        m.title = m.title.take().or_else(|| d.title.clone());
        m.published = m.published.take().or(d.published);
        m.source = m.source.take().or_else(|| d.source.clone());
        m.url = m.url.take().or_else(|| d.url.clone());
        m.reliability = m.reliability.or(d.reliability);
    }
    Ok(out)
}

async fn upload(
    State(st): State<AppState>,
    headers: HeaderMap,
    mp: Result<Multipart, MultipartRejection>,
) -> ApiResult {
    let uploads = read_upload(&headers, mp, st.upload_limit).await?;
    let batch = st.ingest.submit(uploads, &st.user)?;
    let body = json!({
        "batch": batch.id,
        "status": format!("/api/v1/ingest/{}", batch.id),
        "events": format!("/api/v1/ingest/{}/events", batch.id),
        "files": batch.files,
    });
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

async fn batches(State(st): State<AppState>) -> ApiResult {
    ok(st.ingest.batches())
}

fn no_batch(id: u64) -> ApiError {
    ApiError::new(
        crate::ErrorCode::NotFound,
        format!("not found: upload batch {id} (batches are kept in memory while the server runs)"),
    )
}

async fn batch(State(st): State<AppState>, id: Result<Path<u64>, PathRejection>) -> ApiResult {
    let Path(id) = id?;
    ok(st.ingest.batch(id).ok_or_else(|| no_batch(id))?)
}

/// The server-sent events of batch `id`: one `file` event per file at
/// once, then one per change of a file's state, then `done` with the
/// batch, and the stream ends.
async fn batch_events(
    State(st): State<AppState>,
    id: Result<Path<u64>, PathRejection>,
) -> ApiResult {
    let Path(id) = id?;
    if st.ingest.batch(id).is_none() {
        return Err(no_batch(id));
    }
    struct Follow {
        ingest: std::sync::Arc<crate::ingest::Ingests>,
        rx: tokio::sync::watch::Receiver<u64>,
        sent: Vec<Option<crate::ingest::FileStatus>>,
        pending: std::collections::VecDeque<Event>,
        id: u64,
        first: bool,
        over: bool,
    }
    let mut rx = st.ingest.watch();
    rx.mark_unchanged();
    let start = Follow {
        ingest: st.ingest.clone(),
        rx,
        sent: Vec::new(),
        pending: Default::default(),
        id,
        first: true,
        over: false,
    };
    let stream = futures_util::stream::unfold(start, |mut f| async move {
        loop {
            if let Some(e) = f.pending.pop_front() {
                return Some((Ok::<Event, std::convert::Infallible>(e), f));
            }
            if f.over {
                return None;
            }
            if !f.first && f.rx.changed().await.is_err() {
                return None;
            }
            f.first = false;
            let Some(b) = f.ingest.batch(f.id) else {
                f.pending
                    .push_back(Event::default().event("gone").data(no_batch(f.id).message));
                f.over = true;
                continue;
            };
            f.sent.resize(b.files.len(), None);
            for (i, file) in b.files.iter().enumerate() {
                if f.sent[i].as_ref() != Some(file) {
                    let data = serde_json::to_string(file).unwrap_or_default();
                    f.pending
                        .push_back(Event::default().event("file").data(data));
                    f.sent[i] = Some(file.clone());
                }
            }
            if b.finished {
                let data = serde_json::to_string(&b).unwrap_or_default();
                f.pending
                    .push_back(Event::default().event("done").data(data));
                f.over = true;
            }
        }
    });
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}
