//! The JSON API under `/api/v1`: what the pages show, as the service's
//! views, and the corrections they make. Errors have one shape,
//! `{"error": {"code": …, "message": …}}` (see [`crate::error`]).
//!
//! | method and path | answer |
//! |---|---|
//! | `GET /entities?type=&q=&offset=&limit=` | `{total, offset, entities}` |
//! | `GET /entities/{id}` | `{profile, timeline, documents}` (a merged id answers its canonical entity) |
//! | `GET /search?q=&type=` | `{query, type, entities, sentences}` |
//! | `GET /documents?page=` | `{total, page, per_page, documents}` |
//! | `GET /documents/{id}` | `{document, sentences}` |
//! | `GET /timeline?actor=&type=&page=` | `{actor, actor_name, type, total, page, per_page, timeline}` |
//! | `GET /overrides` | every merge and split, newest first |
//! | `POST /merge` `{"keep": ID, "other": ID}` | `{"entity": ID kept}` |
//! | `POST /split` `{"entity": ID, "alias": NAME}` | `{"entity": new ID}` |
//! | `POST /overrides/{id}/undo` | `{"undone": ID}` |
//! | `GET /review?limit=` | `{facts, undecided, contradictions, duplicates, decisions}`: facts least confident first |
//! | `GET /decisions` | every decision on a fact, newest first |
//! | `POST /decisions` `{"kind": "relation"\|"event"\|"attribute", "id": ID, "verdict": "confirm"\|"reject"\|"edit", "edit": {…}}` | `{"decision": ID}` (`edit`: `relation_type`, `reverse`, `event_type`, `date`, `participants` `[{role, entity}]`, `value`) |
//! | `POST /decisions/{id}/undo` | `{"undone": ID}` |
//! | `POST /documents/{id}` `{"title", "published", "source", "url", "reliability"}` (each optional; `""` clears) | the document's metadata |
//! | `DELETE /documents/{id}` | `{"deleted": ID}` |
//!
//! `GET /search` also takes `from`, `to` (EDTF), `source` and `reliability`
//! (a grade A–F: that grade or better), which filter the sentences by their document.

use crate::error::ApiError;
use crate::service;
use crate::AppState;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dossier_kb::{DocumentEdit, FactEdit};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// At most this many entities per `GET /entities`.
pub const MAX_LIMIT: usize = 1000;

/// The API's routes (nested under `/api/v1`).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/search", get(search))
        .route("/documents", get(documents))
        .route(
            "/documents/{id}",
            get(document).post(edit_document).delete(delete_document),
        )
        .route("/review", get(review))
        .route("/decisions", get(decisions).post(decide))
        .route("/decisions/{id}/undo", post(undo_decision))
        .route("/timeline", get(timeline))
        .route("/overrides", get(overrides))
        .route("/merge", post(merge))
        .route("/split", post(split))
        .route("/overrides/{id}/undo", post(undo))
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
