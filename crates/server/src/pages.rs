//! The HTML pages: search, entity, documents, document, timeline,
//! corrections and login. Rendered on the server with maud, which escapes
//! every interpolated string (text and attributes); links are built with
//! percent-encoded path segments and query values, and only `http`/`https`
//! document URLs become links. Every page works without JavaScript: forms
//! post and the server answers with a redirect (303) to the page that shows
//! the result. One script of our own (`/static/workbench.js`, no inline
//! script anywhere) enhances two pages: the entity page gains an
//! interactive network (the vendored cytoscape.js, `/static/cytoscape.min.js`)
//! above the static lists, and an upload's page follows its progress by
//! server-sent events instead of reloading.

use crate::error::{ApiError, ErrorCode};
use crate::service::{self, EntityView, FactRow, ReviewView, SearchResult, TimelinePage};
use crate::AppState;
use axum::extract::rejection::{FormRejection, PathRejection, QueryRejection};
use axum::extract::{Form, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use dossier_doc::RelationType;
use dossier_doc::{EntityType, EventType};
use dossier_kb::{DocumentEdit, DocumentRecord, FactEdit, FactKind, SentenceRecord, Verdict};
use dossier_report::profile::{type_words, Profile};
use dossier_report::timeline::Timeline;
use dossier_report::{credibility_label, reliability_label};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;

/// The style sheet (served as `/static/style.css`; no inline styles, so the
/// Content-Security-Policy can forbid them).
pub const STYLE: &str = include_str!("../assets/style.css");

/// The workbench's own script (served as `/static/workbench.js`).
pub const SCRIPT: &str = include_str!("../assets/workbench.js");

/// cytoscape.js, vendored from npm (MIT; `assets/cytoscape.LICENSE`), served
/// as `/static/cytoscape.min.js`.
pub const CYTOSCAPE: &str = include_str!("../assets/cytoscape.min.js");

/// The pages' routes (uploads limited to `upload_limit` bytes).
pub fn routes(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .route("/", get(search_page))
        .route("/entities/{id}", get(entity_page))
        .route("/entities/{id}/merge", post(merge_form))
        .route("/entities/{id}/split", post(split_form))
        .route("/documents", get(documents_page))
        .route("/documents/{id}", get(document_page))
        .route("/documents/{id}/edit", post(edit_document_form))
        .route("/documents/{id}/delete", post(delete_document_form))
        .route("/review", get(review_page))
        .route("/review/{kind}/{id}", post(decide_form))
        .route("/decisions/{id}/undo", post(undo_decision_form))
        .route("/timeline", get(timeline_page))
        .route("/corrections", get(corrections_page))
        .route("/overrides/{id}/undo", post(undo_form))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/static/style.css", get(style))
        .route("/static/workbench.js", get(script))
        .route("/static/cytoscape.min.js", get(cytoscape))
        .route(
            "/ingest",
            get(ingest_page)
                .post(upload_form)
                .layer(axum::extract::DefaultBodyLimit::max(upload_limit)),
        )
        .route("/ingest/{id}", get(batch_page))
}

/// An error shown as a page.
pub struct PageError(pub ApiError);

impl<E: Into<ApiError>> From<E> for PageError {
    fn from(e: E) -> PageError {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0)
    }
}

type PageResult = Result<Response, PageError>;

/// An error as an HTML page with its status.
pub fn error_page(e: ApiError) -> Response {
    let status = e.status();
    let title = match e.code {
        ErrorCode::NotFound => "Not found",
        ErrorCode::Unauthorized => "Token required",
        ErrorCode::Forbidden | ErrorCode::ReadOnly => "Refused",
        ErrorCode::BadRequest => "Cannot do that",
        _ => "Error",
    };
    let body = layout(
        title,
        None,
        html! {
            h1 { (title) }
            p.error { (e.message) }
            p { a href="/" { "Back to search" } }
        },
    );
    (status, html_response(body)).into_response()
}

fn html_response(m: Markup) -> Response {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        m.into_string(),
    )
        .into_response()
}

fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(LOCATION, v);
    }
    r
}

async fn style() -> Response {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("max-age=3600")),
        ],
        STYLE,
    )
        .into_response()
}

fn javascript(body: &'static str) -> Response {
    (
        [
            (
                CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (CACHE_CONTROL, HeaderValue::from_static("max-age=3600")),
        ],
        body,
    )
        .into_response()
}

async fn script() -> Response {
    javascript(SCRIPT)
}

async fn cytoscape() -> Response {
    javascript(CYTOSCAPE)
}

/// Percent-encodes `s` for a path segment or a query value (everything but
/// RFC 3986 unreserved characters).
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The link to sentence `sentence` of document `doc`, highlighted.
pub fn sentence_link(doc: &str, sentence: usize) -> String {
    format!("/documents/{}?s={sentence}#s{sentence}", enc(doc))
}

fn doc_link(doc: &str) -> String {
    format!("/documents/{}", enc(doc))
}

fn entity_link(id: i64) -> String {
    format!("/entities/{id}")
}

/// The URL if it may become a link: `http`/`https` without spaces or controls.
pub fn http_url(u: &str) -> Option<&str> {
    let u = u.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    let ok = (lower.starts_with("http://") && u.len() > 7)
        || (lower.starts_with("https://") && u.len() > 8);
    (ok && !u.chars().any(|c| c.is_control() || c.is_whitespace())).then_some(u)
}

fn doc_title(d: &DocumentRecord) -> String {
    d.title
        .clone()
        .or_else(|| d.source.clone())
        .or_else(|| d.path.clone())
        .unwrap_or_else(|| dossier_report::snapshot::short_doc_id(&d.id))
}

/// The page frame: head, navigation, main.
fn layout(title: &str, st: Option<&AppState>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Dossier" }
                link rel="stylesheet" href="/static/style.css";
                script src="/static/workbench.js" defer {}
            }
            body {
                nav {
                    a href="/" { "Search" }
                    a href="/documents" { "Documents" }
                    a href="/timeline" { "Timeline" }
                    a href="/review" { "Review" }
                    a href="/corrections" { "Corrections" }
                    a href="/ingest" { "Ingest" }
                    @if let Some(st) = st {
                        @if st.read_only { span.badge { "read-only" } }
                        @if st.token.is_some() {
                            form.inline method="post" action="/logout" {
                                button type="submit" { "Log out" }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn type_options(selected: Option<EntityType>) -> Markup {
    html! {
        option value="" { "any type" }
        @for t in EntityType::ALL {
            option value=(t.as_str()) selected[selected == Some(*t)] { (type_words(*t)) }
        }
    }
}

/// Splits `text` into (matched, piece) segments where words of `query`
/// occur (case-insensitive, whole-word prefixes, as the full-text index matches).
pub fn highlight<'a>(text: &'a str, query: &str) -> Vec<(bool, &'a str)> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = Vec::new();
    let mut last = 0;
    let mut i = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        let at_word_start = c.is_alphanumeric() && (i == 0 || !bytes[i - 1].1.is_alphanumeric());
        if at_word_start {
            let mut j = i;
            while j < bytes.len() && bytes[j].1.is_alphanumeric() {
                j += 1;
            }
            let end = bytes.get(j).map_or(text.len(), |b| b.0);
            let word = text[pos..end].to_lowercase();
            if words.contains(&word) {
                if last < pos {
                    out.push((false, &text[last..pos]));
                }
                out.push((true, &text[pos..end]));
                last = end;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    if last < text.len() {
        out.push((false, &text[last..]));
    }
    out
}

async fn search_page(
    State(st): State<AppState>,
    q: Result<Query<service::SearchParams>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let (etype, filter) = q.filters()?;
    let query = q.q.clone();
    let f = filter.clone();
    let res = st
        .with_store(move |s| service::search_filtered(s, &query, etype, &f))
        .await?;
    Ok(html_response(layout(
        "Search",
        Some(&st),
        search_body(&res, &filter),
    )))
}

fn search_body(r: &SearchResult, f: &service::DocFilter) -> Markup {
    html! {
        h1 { "Search" }
        form.search method="get" action="/" {
            input type="search" name="q" value=(r.query) placeholder="names or words" autofocus;
            select name="type" { (type_options(r.etype)) }
            button type="submit" { "Search" }
            br;
            label { "published from " input type="text" name="from" size="10" value=(f.from.map(|d| d.to_string()).unwrap_or_default()) placeholder="EDTF"; }
            label { " to " input type="text" name="to" size="10" value=(f.to.map(|d| d.to_string()).unwrap_or_default()) placeholder="EDTF"; }
            label { " source " input type="text" name="source" size="14" value=(f.source.as_deref().unwrap_or("")); }
            label { " reliability " select name="reliability" {
                option value="" { "any" }
                @for g in ['A', 'B', 'C', 'D', 'E'] {
                    option value=(g) selected[f.reliability == Some(g)] { (g) " or better" }
                }
            } }
        }
        @if !r.query.trim().is_empty() {
            h2 { "Entities (" (r.entities.len()) ")" }
            @if r.entities.is_empty() { p.meta { "No entity is named so." } }
            ul.entities {
                @for e in &r.entities {
                    li {
                        a.entity href=(entity_link(e.id)) { (e.name) }
                        " " span.meta { (type_words(e.etype)) " · " (count(e.mention_count, "mention")) " in " (count(e.document_count, "document")) }
                    }
                }
            }
            h2 { "Sentences (" (r.sentences.len()) ")" }
            @if r.sentences.is_empty() { p.meta { "No sentence matches." } }
            ol.hits {
                @for h in &r.sentences {
                    li {
                        a.hit href=(sentence_link(&h.document, h.sentence)) {
                            @for (m, piece) in highlight(&h.text, &r.query) {
                                @if m { mark { (piece) } } @else { (piece) }
                            }
                        }
                        br;
                        span.meta { (h.title.as_deref().unwrap_or(&h.document)) ", sentence " (h.sentence + 1) }
                    }
                }
            }
        }
    }
}

async fn entity_page(
    State(st): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Path(id) = id?;
    let canon = st.with_store(move |s| service::canonical(s, id)).await?;
    if canon != id {
        return Ok(see_other(&entity_link(canon)));
    }
    let view = st.with_store(move |s| service::entity(s, id)).await?;
    let title = view.profile.name.clone();
    Ok(html_response(layout(
        &title,
        Some(&st),
        entity_body(&view, st.read_only),
    )))
}

/// "1 document", "3 documents".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn note_refs(notes: &[usize]) -> Markup {
    html! {
        @for n in notes {
            sup { a href=(format!("#note-{n}")) { "[" (n) "]" } }
        }
    }
}

fn entity_body(v: &EntityView, read_only: bool) -> Markup {
    let p: &Profile = &v.profile;
    let label = |doc: &str| -> String {
        v.documents
            .iter()
            .find(|d| d.id == doc)
            .map(doc_title)
            .unwrap_or_else(|| dossier_report::snapshot::short_doc_id(doc))
    };
    html! {
        h1 { (p.name) }
        p.meta { (type_words(p.etype)) " · " (count(p.mention_count, "mention")) " in " (count(p.document_count, "document")) " · "
            a href=(format!("/timeline?actor={}", p.id)) { "on the timeline" } }
        (network_section(p.id))
        @for s in &p.sections {
            h2 { (s.title) }
            ul {
                @for it in &s.items {
                    li.statement {
                        @if let Some(e) = it.entity {
                            a.entity href=(entity_link(e)) { b { (it.label) } }
                        } @else {
                            b { (it.label) }
                        }
                        @if !it.detail.is_empty() { " — " (it.detail) }
                        (note_refs(&it.notes))
                    }
                }
            }
        }
        (timeline_table(&v.timeline))
        @if !p.notes.is_empty() {
            h2 { "Evidence" }
            ol.notes {
                @for n in &p.notes {
                    li id=(format!("note-{}", n.n)) value=(n.n) {
                        a.cite href=(sentence_link(&n.document, n.sentence)) { "“" (n.text.trim()) "”" }
                        " " span.meta { "S" (n.source) ", sentence " (n.sentence + 1)
                            @if let Some(c) = &n.cited { ", citing a source of " (c.to_string()) } }
                    }
                }
            }
        }
        @if !p.aliases.is_empty() {
            h2 { "Names and their documents" }
            ul.aliases {
                @for a in &p.aliases {
                    li { b { (a.name) } " — "
                        @for (i, d) in a.documents.iter().enumerate() {
                            @if i > 0 { ", " }
                            a href=(doc_link(d)) { (label(d)) }
                        }
                    }
                }
            }
        }
        h2 { "Documents" }
        ul.documents {
            @for d in &v.documents {
                li { a href=(doc_link(&d.id)) { (doc_title(d)) }
                    " " span.meta { (d.published.map_or_else(|| "undated".to_string(), |p| p.to_string())) " · reliability " (d.reliability) } }
            }
        }
        @if !read_only {
            h2 { "Corrections" }
            form.correction method="post" action=(format!("/entities/{}/merge", p.id)) {
                label { "Merge into this entity: " input type="text" name="other" required placeholder="id or name"; }
                button type="submit" name="merge" { "Merge" }
            }
            @if p.aliases.len() > 1 {
                form.correction method="post" action=(format!("/entities/{}/split", p.id)) {
                    label { "Split off the name " select name="alias" {
                        @for a in &p.aliases { option value=(a.name) { (a.name) } }
                    } }
                    button type="submit" { "Split" }
                }
            }
            p { a href="/corrections" { "All corrections (undo)" } }
        }
    }
}

/// The network's place on the entity page: hidden, and left so without
/// JavaScript (the lists below say the same); `workbench.js` shows it and
/// draws the network with cytoscape.js.
fn network_section(id: i64) -> Markup {
    html! {
        section #network .network hidden data-entity=(id) {
            h2 { "Network" }
            p.meta { "Click a name to see it, double-click it (or use its Expand button) to add its own relations; click a relation to see the sentence that states it. Untick a relation type to hide it." }
            div #net-filters .net-filters {}
            div #net-canvas .net-canvas {}
            div #net-info .net-info aria-live="polite" {}
            details .net-lists {
                summary { "The network as lists" }
                h3 { "Entities" }
                ul #net-nodes {}
                h3 { "Relations shown" }
                ul #net-edges {}
            }
        }
        script src="/static/cytoscape.min.js" defer {}
    }
}

fn timeline_table(t: &Timeline) -> Markup {
    html! {
        h2 { "Timeline" }
        @if t.entries.is_empty() { p.meta { "No events." } }
        @else {
            table.timeline {
                thead { tr { th { "When" } th { "What" } th { "Who, where" } th { "Sources" } } }
                tbody {
                    @for e in &t.entries {
                        tr {
                            td.when.fuzzy[e.date.map_or(true, |d| d.to_string().contains(['~', '?', 'X', '/', '%']))] { (e.when) }
                            td { b { (e.etype.as_str()) @if e.attempted { " (attempted)" } } br; (e.summary) }
                            td {
                                @if !e.agents.is_empty() { "by " (e.agents.join(", ")) br; }
                                @if !e.targets.is_empty() { "against " (e.targets.join(", ")) br; }
                                @if !e.locations.is_empty() { "in " (e.locations.join(", ")) }
                            }
                            td {
                                @for (i, v) in e.evidence.iter().enumerate() {
                                    @if i > 0 { br; }
                                    a.cite href=(sentence_link(&v.document, v.sentence)) title=(v.text) { (v.document_title) ", s. " (v.sentence + 1) }
                                }
                                br; span.meta { (credibility_label(e.credibility)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[derive(Deserialize, Default)]
struct PageQ {
    #[serde(default)]
    page: Option<usize>,
}

async fn documents_page(
    State(st): State<AppState>,
    q: Result<Query<PageQ>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let page = q.page.unwrap_or(1);
    let list = st.with_store(move |s| service::documents(s, page)).await?;
    let pages = list.total.div_ceil(list.per_page).max(1);
    let body = html! {
        h1 { "Documents (" (list.total) ")" }
        table.documents {
            thead { tr { th { "Title" } th { "Published" } th { "Source" } th { "Reliability" } th { "Sentences" } } }
            tbody {
                @for d in &list.documents {
                    tr {
                        td { a href=(doc_link(&d.id)) { (doc_title(d)) } }
                        td { (d.published.map_or_else(|| "".to_string(), |p| p.to_string())) }
                        td { (d.source.as_deref().unwrap_or("")) }
                        td { (d.reliability) " — " (reliability_label(d.reliability)) }
                        td { (d.sentences) }
                    }
                }
            }
        }
        (pager("/documents?", list.page, pages))
    };
    Ok(html_response(layout("Documents", Some(&st), body)))
}

fn pager(base: &str, page: usize, pages: usize) -> Markup {
    html! {
        p.pager {
            @if page > 1 { a rel="prev" href=(format!("{base}page={}", page - 1)) { "← previous" } " " }
            "page " (page) " of " (pages)
            @if page < pages { " " a rel="next" href=(format!("{base}page={}", page + 1)) { "next →" } }
        }
    }
}

#[derive(Deserialize, Default)]
struct DocQ {
    #[serde(default)]
    s: Option<usize>,
}

async fn document_page(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    q: Result<Query<DocQ>, QueryRejection>,
) -> PageResult {
    let Path(id) = id?;
    let Query(q) = q?;
    let view = st.with_store(move |s| service::document(s, &id)).await?;
    let d = &view.document;
    let title = doc_title(d);
    let body = html! {
        h1 { (title) }
        dl.meta-table {
            dt { "Published" } dd { (d.published.map_or_else(|| "unknown".to_string(), |p| p.to_string())) }
            dt { "Source" } dd { (d.source.as_deref().unwrap_or("unknown")) }
            dt { "Reliability" } dd { (d.reliability) " — " (reliability_label(d.reliability)) }
            @if let Some(u) = &d.url {
                dt { "URL" } dd {
                    @if let Some(h) = http_url(u) { a href=(h) rel="noopener noreferrer nofollow" { (h) } }
                    @else { code { (u) } }
                }
            }
            @if let Some(p) = &d.path { dt { "Read from" } dd { code { (p) } } }
            dt { "Id" } dd { code { (d.id) } }
        }
        @if !st.read_only {
            details.edit {
                summary { "Edit metadata" }
                form.correction method="post" action=(format!("/documents/{}/edit", enc(&d.id))) {
                    label { "Title " input type="text" name="title" value=(d.title.as_deref().unwrap_or("")); } br;
                    label { "Published (EDTF) " input type="text" name="published" value=(d.published.map_or_else(|| "".to_string(), |p| p.to_string())); } br;
                    label { "Source " input type="text" name="source" value=(d.source.as_deref().unwrap_or("")); } br;
                    label { "URL " input type="url" name="url" value=(d.url.as_deref().unwrap_or("")); } br;
                    label { "Reliability " select name="reliability" {
                        @for g in ['A', 'B', 'C', 'D', 'E', 'F'] {
                            option value=(g) selected[d.reliability == g] { (g) " — " (reliability_label(g)) }
                        }
                    } } br;
                    button type="submit" name="save" { "Save" }
                }
            }
            details.delete {
                summary { "Delete this document" }
                form.correction method="post" action=(format!("/documents/{}/delete", enc(&d.id))) {
                    p { "Its sentences, facts and evidence go with it; entities no other document names disappear." }
                    label { input type="checkbox" name="confirm" value="yes" required; " I mean it" }
                    " " button type="submit" name="delete" { "Delete" }
                }
            }
        }
        @if let Some(s) = q.s {
            @if s < view.sentences.len() {
                p.meta { "Sentence " (s + 1) " is highlighted. " a href=(format!("#s{s}")) { "Go to it" } }
            }
        }
        (sentences(&view.sentences, q.s))
    };
    Ok(html_response(layout(&title, Some(&st), body)))
}

fn sentences(list: &[SentenceRecord], hl: Option<usize>) -> Markup {
    html! {
        div.text {
            @for s in list {
                p.sentence.evidence[hl == Some(s.index)] id=(format!("s{}", s.index)) {
                    a.n href=(format!("#s{}", s.index)) { (s.index + 1) }
                    " "
                    @if hl == Some(s.index) { mark { (s.text) } } @else { (s.text) }
                }
            }
        }
    }
}

#[derive(Deserialize, Default)]
struct TimelineQ {
    #[serde(default)]
    actor: Option<String>,
    #[serde(default, rename = "type")]
    etype: Option<String>,
    #[serde(default)]
    page: Option<usize>,
}

async fn timeline_page(
    State(st): State<AppState>,
    q: Result<Query<TimelineQ>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let etype = service::event_type(q.etype.as_deref())?;
    let actor = q.actor.clone().filter(|a| !a.trim().is_empty());
    let page = q.page.unwrap_or(1);
    let t = st
        .with_store(move |s| {
            let actor = actor.map(|a| service::resolve_entity(s, &a)).transpose()?;
            service::timeline(s, actor, etype, page)
        })
        .await?;
    Ok(html_response(layout(
        "Timeline",
        Some(&st),
        timeline_body(&t, q.actor.as_deref()),
    )))
}

fn timeline_body(t: &TimelinePage, actor_given: Option<&str>) -> Markup {
    let pages = t.total.div_ceil(t.per_page).max(1);
    let mut base = String::from("/timeline?");
    if let Some(a) = t.actor {
        base.push_str(&format!("actor={a}&"));
    }
    if let Some(e) = t.etype {
        base.push_str(&format!("type={}&", e.as_str()));
    }
    html! {
        h1 { "Timeline" @if let Some(n) = &t.actor_name { " — " (n) } }
        form.search method="get" action="/timeline" {
            input type="text" name="actor" value=(actor_given.unwrap_or("")) placeholder="actor: id or name";
            select name="type" {
                option value="" { "any event" }
                @for e in EventType::ALL {
                    option value=(e.as_str()) selected[t.etype == Some(*e)] { (e.as_str()) }
                }
            }
            button type="submit" { "Filter" }
        }
        p.meta { (t.total) " events" }
        (timeline_table(&t.timeline))
        (pager(&base, t.page, pages))
    }
}

async fn corrections_page(State(st): State<AppState>) -> PageResult {
    let list = st.with_store(|s| service::overrides(s)).await?;
    let read_only = st.read_only;
    let body = html! {
        h1 { "Corrections" }
        @if list.is_empty() { p.meta { "No correction yet." } }
        @else {
            table.overrides {
                thead { tr { th { "#" } th { "What" } th { "When" } th { "" } } }
                tbody {
                    @for o in &list {
                        tr.undone[o.record.undone] {
                            td { (o.record.id) }
                            td {
                                @match o.record.kind {
                                    dossier_kb::OverrideKind::Merge => {
                                        "merged " a href=(entity_link(o.record.b)) { (o.b_name) } " into " a href=(entity_link(o.record.a)) { (o.a_name) }
                                    }
                                    dossier_kb::OverrideKind::Split => {
                                        "split “" (o.record.alias.as_deref().unwrap_or("")) "” off " a href=(entity_link(o.record.a)) { (o.a_name) }
                                        " as " a href=(entity_link(o.record.b)) { (o.b_name) }
                                    }
                                }
                            }
                            td { (o.record.created_at) }
                            td {
                                @if o.record.undone { "undone" }
                                @else if !read_only {
                                    form.inline method="post" action=(format!("/overrides/{}/undo", o.record.id)) {
                                        button type="submit" { "Undo" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(html_response(layout("Corrections", Some(&st), body)))
}

#[derive(Deserialize)]
struct MergeForm {
    other: String,
}

async fn merge_form(
    State(st): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    f: Result<Form<MergeForm>, FormRejection>,
) -> PageResult {
    let Path(id) = id?;
    let Form(f) = f?;
    let kept = st
        .with_store(move |s| {
            let other = service::resolve_entity(s, &f.other)?;
            service::merge(s, id, other)
        })
        .await?;
    Ok(see_other(&entity_link(kept)))
}

#[derive(Deserialize)]
struct SplitForm {
    alias: String,
}

async fn split_form(
    State(st): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
    f: Result<Form<SplitForm>, FormRejection>,
) -> PageResult {
    let Path(id) = id?;
    let Form(f) = f?;
    let new = st
        .with_store(move |s| service::split(s, id, &f.alias))
        .await?;
    Ok(see_other(&entity_link(new)))
}

async fn undo_form(State(st): State<AppState>, id: Result<Path<i64>, PathRejection>) -> PageResult {
    let Path(id) = id?;
    st.with_store(move |s| service::undo(s, id)).await?;
    Ok(see_other("/corrections"))
}

#[derive(Deserialize)]
struct DocumentForm {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    reliability: Option<String>,
}

async fn edit_document_form(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    f: Result<Form<DocumentForm>, FormRejection>,
) -> PageResult {
    let Path(id) = id?;
    let Form(f) = f?;
    let reliability = match f.reliability.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(r) if r.chars().count() == 1 => r.chars().next(),
        Some(r) => {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("reliability '{r}' is not a grade A to F"),
            )
            .into())
        }
    };
    let edit = DocumentEdit {
        title: f.title,
        published: f.published,
        source: f.source,
        url: f.url,
        reliability,
    };
    let to = doc_link(&id);
    st.with_store(move |s| service::edit_document(s, &id, &edit))
        .await?;
    Ok(see_other(&to))
}

#[derive(Deserialize)]
struct DeleteForm {
    #[serde(default)]
    confirm: Option<String>,
}

async fn delete_document_form(
    State(st): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    f: Result<Form<DeleteForm>, FormRejection>,
) -> PageResult {
    let Path(id) = id?;
    let Form(f) = f?;
    if f.confirm.as_deref() != Some("yes") {
        return Err(ApiError::new(
            ErrorCode::BadRequest,
            "tick “I mean it” to delete a document".to_string(),
        )
        .into());
    }
    st.with_store(move |s| service::delete_document(s, &id))
        .await?;
    Ok(see_other("/documents"))
}

#[derive(Deserialize, Default)]
struct ReviewQ {
    #[serde(default)]
    limit: Option<usize>,
}

async fn review_page(
    State(st): State<AppState>,
    q: Result<Query<ReviewQ>, QueryRejection>,
) -> PageResult {
    let Query(q) = q?;
    let limit = q.limit.unwrap_or(100).min(1000);
    let view = st.with_store(move |s| service::review(s, limit)).await?;
    Ok(html_response(layout(
        "Review",
        Some(&st),
        review_body(&view, st.read_only),
    )))
}

fn fact_text(f: &FactRow) -> Markup {
    html! {
        b { (f.kind.as_str()) } " "
        @match f.kind {
            FactKind::Relation => {
                @if let [s, t] = f.entities.as_slice() {
                    a.entity href=(entity_link(s.entity)) { (s.name) } " " i { (f.ftype) } " " a.entity href=(entity_link(t.entity)) { (t.name) }
                }
            }
            FactKind::Event => {
                i { (f.ftype) } " (" (f.date.map_or_else(|| "undated".to_string(), |d| d.to_string())) ")"
                @for p in &f.entities { " · " (p.role) " " a.entity href=(entity_link(p.entity)) { (p.name) } }
            }
            FactKind::Attribute => {
                @for p in &f.entities { a.entity href=(entity_link(p.entity)) { (p.name) } }
                ": " i { (f.ftype) } " = " (f.value.as_deref().unwrap_or(""))
            }
        }
        @if let Some(r) = &f.review {
            " " span.badge { (r.verdict.as_str()) " by " (r.by) }
        }
    }
}

fn fact_evidence(f: &FactRow) -> Markup {
    html! {
        @if let Some(e) = &f.evidence {
            a.cite href=(sentence_link(&e.document, e.sentence)) { "“" (e.text.trim()) "”" }
            @if f.evidence_count > 1 { " " span.meta { "and " (f.evidence_count - 1) " more" } }
        }
    }
}

fn decide_forms(f: &FactRow) -> Markup {
    let action = format!("/review/{}/{}", f.kind.as_str(), f.id);
    let roles = f
        .entities
        .iter()
        .map(|p| format!("{}:{}", p.role, p.entity))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        form.inline method="post" action=(action) {
            input type="hidden" name="verdict" value="confirm";
            button.confirm type="submit" { "Confirm" }
        }
        " "
        form.inline method="post" action=(action) {
            input type="hidden" name="verdict" value="reject";
            button.reject type="submit" { "Reject" }
        }
        details.edit {
            summary { "Edit" }
            form.correction method="post" action=(action) {
                input type="hidden" name="verdict" value="edit";
                @match f.kind {
                    FactKind::Relation => {
                        label { "type " select name="relation_type" {
                            @for t in RelationType::ALL {
                                option value=(t.as_str()) selected[t.as_str() == f.ftype] { (t.as_str()) }
                            }
                        } }
                        " " label { input type="checkbox" name="reverse" value="yes"; " reverse direction" }
                    }
                    FactKind::Event => {
                        label { "type " select name="event_type" {
                            @for t in EventType::ALL {
                                option value=(t.as_str()) selected[t.as_str() == f.ftype] { (t.as_str()) }
                            }
                        } }
                        " " label { "date " input type="text" name="date" size="10" value=(f.date.map(|d| d.to_string()).unwrap_or_default()) placeholder="EDTF"; }
                        br; label { "roles " input type="text" name="roles" size="40" value=(roles) placeholder="agent:12, target:7"; }
                    }
                    FactKind::Attribute => {
                        label { "value " input type="text" name="value" value=(f.value.as_deref().unwrap_or("")) required; }
                    }
                }
                " " button type="submit" { "Save" }
            }
        }
    }
}

fn review_body(v: &ReviewView, read_only: bool) -> Markup {
    html! {
        h1 { "Review" }
        h2 { "Facts, least confident first" }
        p.meta { (v.undecided) " facts not yet confirmed or edited; " (v.facts.len()) " shown. A rejected fact disappears from profiles, timelines and exports (undo below)." }
        @if v.facts.is_empty() { p.meta { "Nothing to review." } }
        @else {
            table.review {
                thead { tr { th { "Fact" } th { "Confidence" } th { "Evidence" } @if !read_only { th { "Decide" } } } }
                tbody {
                    @for f in &v.facts {
                        tr id=(format!("fact-{}-{}", f.kind.as_str(), f.id)) {
                            td { (fact_text(f)) }
                            td { (format!("{:.0}%", f.confidence * 100.0)) br; span.meta { (credibility_label(f.credibility)) } }
                            td { (fact_evidence(f)) }
                            @if !read_only { td { (decide_forms(f)) } }
                        }
                    }
                }
            }
        }
        h2 { "Contradictions (" (v.contradictions.len()) ")" }
        @if v.contradictions.is_empty() { p.meta { "No open contradiction." } }
        ul.contradictions {
            @for c in &v.contradictions {
                li {
                    a.entity href=(entity_link(c.entity)) { (c.name) } ": " b { (c.what) }
                    ul {
                        @for f in &c.values {
                            li id=(format!("contradiction-{}-{}", f.kind.as_str(), f.id)) {
                                (f.value.as_deref().unwrap_or("")) " — " (fact_evidence(f))
                                @if !read_only {
                                    " "
                                    form.inline method="post" action=(format!("/review/{}/{}", f.kind.as_str(), f.id)) {
                                        input type="hidden" name="verdict" value="confirm";
                                        button.confirm type="submit" { "Confirm" }
                                    }
                                    " "
                                    form.inline method="post" action=(format!("/review/{}/{}", f.kind.as_str(), f.id)) {
                                        input type="hidden" name="verdict" value="reject";
                                        button.reject type="submit" { "Reject" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Possible duplicates (" (v.duplicates.len()) ")" }
        @if v.duplicates.is_empty() { p.meta { "None found." } }
        ul.duplicates {
            @for d in &v.duplicates {
                li {
                    a.entity href=(entity_link(d.a.id)) { (d.a.name) } " (#" (d.a.id) ") and "
                    a.entity href=(entity_link(d.b.id)) { (d.b.name) } " (#" (d.b.id) "): " span.meta { (d.reason) }
                    @if !read_only {
                        " "
                        form.inline method="post" action=(format!("/entities/{}/merge", d.a.id)) {
                            input type="hidden" name="other" value=(d.b.id);
                            button type="submit" { "Merge" }
                        }
                    }
                }
            }
        }
        h2 { "Decisions" }
        @if v.decisions.is_empty() { p.meta { "No decision yet." } }
        @else {
            table.decisions {
                thead { tr { th { "#" } th { "Decision" } th { "Fact" } th { "By" } th { "When" } th { "" } } }
                tbody {
                    @for d in &v.decisions {
                        tr.undone[d.undone] id=(format!("decision-{}", d.id)) {
                            td { (d.id) }
                            td { (d.verdict.as_str())
                                @if d.verdict == Verdict::Edited { br; span.meta { (edit_words(&d.edit)) } } }
                            td { (d.kind.as_str()) ": " (d.summary) }
                            td { (d.user) }
                            td { (d.created_at) }
                            td {
                                @if d.undone { "undone" }
                                @else if !read_only {
                                    form.inline method="post" action=(format!("/decisions/{}/undo", d.id)) {
                                        button type="submit" { "Undo" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What an edit changed, in words.
fn edit_words(e: &FactEdit) -> String {
    let mut v = Vec::new();
    if let Some(t) = e.relation_type {
        v.push(format!("type → {}", t.as_str()));
    }
    if e.reverse {
        v.push("direction reversed".into());
    }
    if let Some(t) = e.event_type {
        v.push(format!("type → {}", t.as_str()));
    }
    if let Some(d) = &e.date {
        v.push(format!("date → {d}"));
    }
    if let Some(p) = &e.participants {
        v.push(format!(
            "roles → {}",
            p.iter()
                .map(|p| format!("{} #{}", p.role.as_str(), p.entity))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(x) = &e.value {
        v.push(format!("value → {x}"));
    }
    v.join("; ")
}

#[derive(Deserialize)]
struct DecideForm {
    verdict: String,
    #[serde(default)]
    relation_type: Option<String>,
    #[serde(default)]
    reverse: Option<String>,
    #[serde(default)]
    event_type: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    roles: Option<String>,
    #[serde(default)]
    value: Option<String>,
}

async fn decide_form(
    State(st): State<AppState>,
    p: Result<Path<(String, i64)>, PathRejection>,
    f: Result<Form<DecideForm>, FormRejection>,
) -> PageResult {
    let Path((kind, id)) = p?;
    let Form(f) = f?;
    let kind = service::fact_kind(&kind)?;
    let verdict = service::verdict(&f.verdict)?;
    let mut edit = FactEdit::default();
    if verdict == Verdict::Edited {
        match kind {
            FactKind::Relation => {
                edit.relation_type = service::relation_type(f.relation_type.as_deref())?;
                edit.reverse = f.reverse.as_deref() == Some("yes");
            }
            FactKind::Event => {
                edit.event_type = service::event_type(f.event_type.as_deref())?;
                edit.date = f.date.map(|d| d.trim().to_string());
                if let Some(r) = f.roles.as_deref().filter(|r| !r.trim().is_empty()) {
                    edit.participants = Some(service::roles(r)?);
                }
            }
            FactKind::Attribute => edit.value = f.value.map(|v| v.trim().to_string()),
        }
    }
    let user = st.user.to_string();
    st.with_store(move |s| service::decide(s, kind, id, verdict, edit, &user))
        .await?;
    Ok(see_other("/review"))
}

async fn undo_decision_form(
    State(st): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> PageResult {
    let Path(id) = id?;
    st.with_store(move |s| service::undo_decision(s, id))
        .await?;
    Ok(see_other("/review"))
}

#[derive(Deserialize, Default)]
struct LoginQ {
    #[serde(default)]
    next: Option<String>,
}

/// Where to go after logging in: a local path only (no `//host`, no scheme).
fn local_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

fn login_body(next: &str, message: Option<&str>) -> Markup {
    html! {
        h1 { "Log in" }
        @if let Some(m) = message { p.error { (m) } }
        form.login method="post" action="/login" {
            input type="hidden" name="next" value=(next);
            label { "Access token " input type="password" name="token" required autocomplete="current-password"; }
            button type="submit" { "Log in" }
        }
    }
}

async fn login_page(q: Result<Query<LoginQ>, QueryRejection>) -> PageResult {
    let Query(q) = q?;
    let next = local_next(q.next.as_deref());
    Ok(html_response(layout(
        "Log in",
        None,
        login_body(&next, None),
    )))
}

#[derive(Deserialize)]
struct LoginForm {
    token: String,
    #[serde(default)]
    next: Option<String>,
}

async fn login(
    State(st): State<AppState>,
    f: Result<Form<LoginForm>, FormRejection>,
) -> PageResult {
    let Form(f) = f?;
    let next = local_next(f.next.as_deref());
    let Some(token) = st.token.as_deref() else {
        return Ok(see_other(&next));
    };
    if !crate::security::same_token(f.token.trim(), token) {
        let body = layout(
            "Log in",
            None,
            login_body(&next, Some("That is not the token.")),
        );
        return Ok((StatusCode::UNAUTHORIZED, html_response(body)).into_response());
    }
    let mut r = see_other(&next);
    let cookie = format!(
        "{}={token}; HttpOnly; SameSite=Strict; Path=/",
        crate::security::COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(SET_COOKIE, v);
    }
    Ok(r)
}

async fn logout(_headers: HeaderMap) -> Response {
    let mut r = see_other("/login");
    let cookie = format!(
        "{}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0",
        crate::security::COOKIE
    );
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(SET_COOKIE, v);
    }
    r
}

async fn ingest_page(State(st): State<AppState>) -> PageResult {
    let batches = st.ingest.batches();
    Ok(html_response(layout(
        "Ingest",
        Some(&st),
        ingest_body(&st, &batches),
    )))
}

/// Empty file rows of the upload form (JavaScript adds more).
const UPLOAD_ROWS: usize = 3;

fn upload_row(i: usize) -> Markup {
    html! {
        fieldset.upload-file {
            legend { "File " (i + 1) }
            label { "File " input type="file" name="file" accept=".txt,.md,.markdown,.html,.htm,.pdf,text/plain,text/markdown,text/html,application/pdf"; }
            label { "Title " input type="text" name="title" size="30"; }
            label { "Date " input type="text" name="published" size="10" placeholder="EDTF: 2022-02"; }
            br;
            label { "Source " input type="text" name="source" size="20"; }
            label { "URL " input type="url" name="url" size="30" placeholder="https://"; }
            label { "Reliability " select name="reliability" {
                option value="" { "—" }
                @for g in ['A', 'B', 'C', 'D', 'E', 'F'] { option value=(g) { (g) " — " (reliability_label(g)) } }
            } }
        }
    }
}

fn ingest_body(st: &AppState, batches: &[crate::ingest::Batch]) -> Markup {
    html! {
        h1 { "Ingest" }
        @if st.read_only {
            p.error { "The server is read-only (--read-only): no upload is taken." }
        } @else if !st.ingest.available() {
            p.error { "This server takes no uploads (it was started without an extraction pipeline)." }
        } @else {
            p.meta { "Text, Markdown (front matter is metadata), HTML or PDF files, at most " (crate::api::size_words(st.upload_limit)) " per upload. Each file's metadata is optional: a date must be EDTF (2022, 2022-02, 2022-02-14, 2021~, 2016/2018); reliability is the source's Admiralty grade. The same content uploaded again is recognized and left as it is." }
            form #upload .upload method="post" action="/ingest" enctype="multipart/form-data" {
                div #upload-files {
                    @for i in 0..UPLOAD_ROWS { (upload_row(i)) }
                }
                button #add-file type="button" hidden { "Add a file" }
                " "
                button #upload-submit .primary type="submit" { "Upload and ingest" }
            }
        }
        h2 { "Recent uploads" }
        @if batches.is_empty() { p.meta { "None since the server started." } }
        @else {
            table.batches {
                thead { tr { th { "Upload" } th { "By" } th { "Files" } th { "State" } } }
                tbody {
                    @for b in batches {
                        tr {
                            td { a href=(format!("/ingest/{}", b.id)) { "#" (b.id) } }
                            td { (b.user) }
                            td { @for (i, f) in b.files.iter().enumerate() { @if i > 0 { ", " } (f.name) } }
                            td { (batch_summary(b)) }
                        }
                    }
                }
            }
        }
    }
}

/// "2 stored, 1 failed", or "in progress (1 of 3 done)".
fn batch_summary(b: &crate::ingest::Batch) -> String {
    let n = |name: &str| b.files.iter().filter(|f| f.state.name() == name).count();
    if !b.finished {
        let done = b.files.iter().filter(|f| f.state.is_final()).count();
        return format!("in progress ({done} of {} done)", b.files.len());
    }
    ["stored", "unchanged", "failed"]
        .iter()
        .map(|s| (n(s), s))
        .filter(|(k, _)| *k > 0)
        .map(|(k, s)| format!("{k} {s}"))
        .collect::<Vec<_>>()
        .join(", ")
}

async fn upload_form(
    State(st): State<AppState>,
    headers: HeaderMap,
    mp: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> PageResult {
    let uploads = crate::api::read_upload(&headers, mp, st.upload_limit).await?;
    let batch = st.ingest.submit(uploads, &st.user)?;
    Ok(see_other(&format!("/ingest/{}", batch.id)))
}

async fn batch_page(
    State(st): State<AppState>,
    id: Result<Path<u64>, PathRejection>,
) -> PageResult {
    let Path(id) = id?;
    let b = st.ingest.batch(id).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotFound,
            format!("not found: upload {id} (uploads are remembered while the server runs)"),
        )
    })?;
    Ok(html_response(layout(
        &format!("Upload #{id}"),
        Some(&st),
        batch_body(&b),
    )))
}

fn file_detail(f: &crate::ingest::FileStatus) -> Markup {
    use crate::ingest::FileState;
    html! {
        @match &f.state {
            FileState::Queued => { "waiting for the files before it" }
            FileState::Extracting => { "reading and extracting" }
            FileState::Stored { document, entities, relations, events } => {
                a.doc href=(doc_link(document)) { "the document" } " · "
                (count(*entities, "entity mention")) ", " (count(*relations, "relation")) ", " (count(*events, "event"))
            }
            FileState::Unchanged { document } => {
                "already stored: " a.doc href=(doc_link(document)) { "the document" } " (its metadata is left as it is)"
            }
            FileState::Failed { reason } => { span.error { (reason) } }
        }
        @for w in &f.warnings { br; span.meta { "warning: " (w) } }
    }
}

fn batch_body(b: &crate::ingest::Batch) -> Markup {
    html! {
        @if !b.finished {
            noscript { meta http-equiv="refresh" content="2"; }
        }
        h1 { "Upload #" (b.id) }
        p #batch-state .meta data-batch=(b.id) data-finished=(b.finished) {
            @if b.finished { "Done: " (batch_summary(b)) "." }
            @else { "In progress: " (batch_summary(b)) ". This page follows the files as they are read." }
        }
        table #ingest-status .ingest data-batch=(b.id) {
            thead { tr { th { "File" } th { "Title" } th { "Size" } th { "State" } th { "Detail" } } }
            tbody {
                @for f in &b.files {
                    tr id=(format!("file-{}", f.index)) data-state=(f.state.name()) {
                        td { (f.name) }
                        td { (f.meta.title.as_deref().unwrap_or("")) }
                        td { (crate::api::size_words(f.bytes)) }
                        td.state { (f.state.name()) }
                        td.detail { (file_detail(f)) }
                    }
                }
            }
        }
        p { a href="/ingest" { "Upload more" } " · " a href="/documents" { "All documents" } }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding_and_links() {
        assert_eq!(enc("sha256:ab/c d"), "sha256%3Aab%2Fc%20d");
        assert_eq!(sentence_link("x\"><", 3), "/documents/x%22%3E%3C?s=3#s3");
        assert_eq!(http_url("javascript:alert(1)"), None);
        assert_eq!(
            http_url(" https://example.org/r "),
            Some("https://example.org/r")
        );
    }

    #[test]
    fn next_is_local_only() {
        assert_eq!(local_next(Some("/entities/3")), "/entities/3");
        assert_eq!(local_next(Some("//evil.example/")), "/");
        assert_eq!(local_next(Some("https://evil.example/")), "/");
        assert_eq!(local_next(Some("/\\evil.example")), "/");
        assert_eq!(local_next(None), "/");
    }

    #[test]
    fn highlight_marks_query_words() {
        let segs = highlight("The Red Dune Brigade attacked Karsk [1].", "karsk red");
        let marked: Vec<&str> = segs.iter().filter(|s| s.0).map(|s| s.1).collect();
        assert_eq!(marked, vec!["Red", "Karsk"]);
        let joined: String = segs.iter().map(|s| s.1).collect();
        assert_eq!(joined, "The Red Dune Brigade attacked Karsk [1].");
        assert_eq!(highlight("abc", ""), vec![(false, "abc")]);
    }
}
