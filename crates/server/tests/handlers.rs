//! The server in process: each request goes through the whole router
//! (security layer, body limit, handlers, store) with tower's `oneshot`,
//! over an in-memory knowledge base of fictional reports.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use dossier_kb::Store;
use dossier_server::testing::{dune_front, hostile, red_dune, store_of, HOSTILE};
use dossier_server::{router, AppState, Config};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

const HOST: &str = "127.0.0.1:8080";
const ORIGIN: &str = "http://127.0.0.1:8080";
const TOKEN: &str = "0123456789abcdef-test-token";

fn app_with(docs: &[dossier_doc::Doc], token: Option<&str>, read_only: bool) -> Router {
    let store: Box<dyn Store + Send> = Box::new(store_of(docs));
    let config = Config {
        addr: HOST.parse().unwrap(),
        token: token.map(String::from),
        read_only,
        user: Some("analyst-t".into()),
        upload_limit: dossier_server::UPLOAD_LIMIT,
    };
    router(AppState::new(store, &config))
}

fn app() -> Router {
    app_with(&[red_dune(), dune_front()], None, false)
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn send(app: &Router, req: Request<Body>) -> Answer {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = resp.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .unwrap()
}

fn form(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn json_post(path: &str, body: &str) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// The id of the entity named `name` through the API.
async fn id_of(app: &Router, name: &str) -> i64 {
    let a = send(
        app,
        get(&format!(
            "/api/v1/entities?q={}",
            dossier_server::pages::enc(name)
        )),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no entity {name}: {v}"))["id"]
        .as_i64()
        .unwrap()
}

/// The workbench's own script elements (the only ones a page may hold).
const OWN_SCRIPTS: [&str; 2] = [
    "<script src=\"/static/workbench.js\" defer></script>",
    "<script src=\"/static/cytoscape.min.js\" defer></script>",
];

/// Whether `page` holds a script element other than the workbench's own.
fn foreign_script(page: &str) -> bool {
    let mut rest = page.to_string();
    for own in OWN_SCRIPTS {
        rest = rest.replace(own, "");
    }
    rest.to_ascii_lowercase().contains("<script")
}

fn assert_error_shape(a: &Answer, status: StatusCode, code: &str) {
    assert_eq!(a.status, status, "{}", a.body);
    let v = a.json();
    assert_eq!(v["error"]["code"], code, "{v}");
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{v}"
    );
}

#[tokio::test]
async fn search_finds_places_sentences_and_filters_by_type() {
    let app = app();
    let a = send(&app, get("/?q=Karsk")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<mark>Karsk</mark>"), "{}", a.body);
    assert!(
        a.body.contains("/documents/doc-red-dune?s=1#s1"),
        "{}",
        a.body
    );
    assert!(
        a.body.contains(">Karsk</a>"),
        "the place is listed as an entity"
    );

    let v = send(&app, get("/api/v1/search?q=Dune")).await.json();
    let names: Vec<&str> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Red Dune Brigade") && names.contains(&"Dune Front"),
        "{names:?}"
    );
    assert!(!v["sentences"].as_array().unwrap().is_empty());

    let v = send(&app, get("/api/v1/search?q=Karsk&type=person"))
        .await
        .json();
    assert!(v["entities"].as_array().unwrap().is_empty(), "{v}");
    assert!(
        !v["sentences"].as_array().unwrap().is_empty(),
        "the type narrows entities only: {v}"
    );
    let v = send(&app, get("/api/v1/search?q=Karsk&type=location"))
        .await
        .json();
    assert_eq!(v["entities"][0]["name"], "Karsk", "{v}");

    let a = send(&app, get("/api/v1/search?q=Karsk&type=spaceship")).await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    assert!(a.body.contains("spaceship"));
}

#[tokio::test]
async fn entity_page_cites_every_statement() {
    let app = app();
    let id = id_of(&app, "Red Dune Brigade").await;
    let a = send(&app, get(&format!("/entities/{id}"))).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<h1>Red Dune Brigade</h1>"), "{}", a.body);
    assert!(a.body.contains("Tomas Arvel"), "the founder is shown");
    assert!(
        a.body
            .contains("The Red Dune Brigade was founded by Tomas Arvel in 2019."),
        "the cited sentence is shown"
    );
    assert!(
        a.body.contains("href=\"/documents/doc-red-dune?s=0#s0\""),
        "{}",
        a.body
    );
    assert!(
        a.body.contains("href=\"#note-1\""),
        "statements carry footnotes"
    );
    assert!(
        a.body.contains("March 2021"),
        "the timeline shows the attack: {}",
        a.body
    );

    let v = send(&app, get(&format!("/api/v1/entities/{id}")))
        .await
        .json();
    assert_eq!(v["profile"]["name"], "Red Dune Brigade");
    assert!(!v["profile"]["notes"].as_array().unwrap().is_empty());
    assert_eq!(v["timeline"]["entries"][0]["type"], "attack");
    assert_eq!(v["documents"][0]["id"], "doc-red-dune");

    assert_error_shape(
        &send(&app, get("/api/v1/entities/999999")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    assert_error_shape(
        &send(&app, get("/api/v1/entities/abc")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    let a = send(&app, get("/entities/999999")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.body.contains("entity 999999"), "{}", a.body);
}

#[tokio::test]
async fn document_page_highlights_the_evidence() {
    let app = app();
    let a = send(&app, get("/documents/doc-red-dune?s=1")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("id=\"s1\"")
            && a.body.contains(
                "<mark>In March 2021 the Red Dune Brigade attacked a checkpoint in Karsk.</mark>"
            ),
        "{}",
        a.body
    );
    assert_eq!(a.body.matches("<mark>").count(), 1);
    assert!(a.body.contains("Fictional Monitor"));

    let v = send(&app, get("/api/v1/documents/doc-red-dune"))
        .await
        .json();
    assert_eq!(v["document"]["title"], "The Red Dune Brigade in Karsk");
    assert_eq!(v["sentences"].as_array().unwrap().len(), 3);
    let v = send(&app, get("/api/v1/documents")).await.json();
    assert_eq!(v["total"], 2);
    assert_error_shape(
        &send(&app, get("/api/v1/documents/nope")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test]
async fn timeline_filters_by_actor_and_type_and_pages() {
    let app = app();
    let v = send(&app, get("/api/v1/timeline")).await.json();
    assert_eq!(v["total"], 2, "{v}");
    assert_eq!(v["timeline"]["entries"][0]["date"], "2021-03");
    assert_eq!(v["timeline"]["entries"][1]["date"], "2022");
    let v = send(&app, get("/api/v1/timeline?actor=Dune%20Front"))
        .await
        .json();
    assert_eq!(v["total"], 1, "{v}");
    assert_eq!(v["actor_name"], "Dune Front");
    let v = send(&app, get("/api/v1/timeline?type=founding"))
        .await
        .json();
    assert_eq!(v["total"], 0);
    let v = send(&app, get("/api/v1/timeline?page=2")).await.json();
    assert!(v["timeline"]["entries"].as_array().unwrap().is_empty());
    let a = send(&app, get("/timeline?type=attack")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.body.contains("2 events") && a.body.contains("Velmora"),
        "{}",
        a.body
    );
    assert_error_shape(
        &send(&app, get("/api/v1/timeline?type=picnic")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
}

#[tokio::test]
async fn merge_split_and_undo_through_forms_and_api() {
    let app = app();
    let red = id_of(&app, "Red Dune Brigade").await;
    let front = id_of(&app, "Dune Front").await;
    let a = send(
        &app,
        form(&format!("/entities/{red}/merge"), "other=Dune+Front"),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), format!("/entities/{red}"));
    let page = send(&app, get(&format!("/entities/{red}"))).await.body;
    assert!(
        page.contains("Velmora"),
        "the merged entity's attack shows: {page}"
    );
    // The merged id now leads to the entity kept.
    let a = send(&app, get(&format!("/entities/{front}"))).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.location(), format!("/entities/{red}"));

    let v = send(&app, get("/api/v1/overrides")).await.json();
    assert_eq!(v[0]["kind"], "merge", "{v}");
    let oid = v[0]["id"].as_i64().unwrap();
    let page = send(&app, get("/corrections")).await.body;
    assert!(page.contains(&format!("/overrides/{oid}/undo")), "{page}");

    let a = send(&app, form(&format!("/overrides/{oid}/undo"), "")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(id_of(&app, "Dune Front").await, front, "unmerged");

    // The API: merge, then split the other name off again.
    let a = send(
        &app,
        json_post(
            "/api/v1/merge",
            &format!(r#"{{"keep": {red}, "other": {front}}}"#),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["entity"], red);
    let a = send(
        &app,
        json_post(
            "/api/v1/split",
            &format!(r#"{{"entity": {red}, "alias": "Dune Front"}}"#),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let new = a.json()["entity"].as_i64().unwrap();
    assert_eq!(id_of(&app, "Dune Front").await, new);

    // Mistakes get the one error shape.
    let a = send(
        &app,
        json_post(
            "/api/v1/merge",
            &format!(r#"{{"keep": {red}, "other": {red}}}"#),
        ),
    )
    .await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    let a = send(&app, json_post("/api/v1/merge", r#"{"keep": "#)).await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    let a = send(
        &app,
        json_post("/api/v1/merge", r#"{"keep": 1, "other": 424242}"#),
    )
    .await;
    assert_error_shape(&a, StatusCode::NOT_FOUND, "not_found");
    let a = send(&app, json_post("/api/v1/overrides/9999/undo", "")).await;
    assert!(a.status.is_client_error(), "{}", a.body);
    assert!(a.json()["error"]["code"].is_string());
    let a = send(
        &app,
        form(&format!("/entities/{red}/merge"), "other=Nobody+Known"),
    )
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.body.contains("Nobody Known"), "{}", a.body);
}

#[tokio::test]
async fn hostile_document_shows_as_text() {
    let app = app_with(&[hostile()], None, false);
    let id = id_of(&app, "<img src=x onerror=alert(1)> Brigade").await;
    let mut pages = vec![
        send(&app, get(&format!("/entities/{id}"))).await.body,
        send(&app, get("/documents/doc-hostile?s=1")).await.body,
        send(&app, get("/documents")).await.body,
        send(&app, get("/timeline")).await.body,
        send(&app, get("/?q=Karsk")).await.body,
        send(&app, get("/?q=script")).await.body,
    ];
    let other = id_of(&app, "<script>alert('x')</script> Front").await;
    pages.push(send(&app, get(&format!("/entities/{other}"))).await.body);
    for page in &pages {
        assert!(!foreign_script(page), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("<b onmouseover"), "{page}");
        assert!(!page.contains("href=\"javascript:"), "{page}");
        assert!(!page.contains("onerror=alert(1)>"), "{page}");
    }
    let doc = &pages[1];
    assert!(
        doc.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
            || doc.contains("&lt;script&gt;alert('x')&lt;/script&gt;"),
        "{doc}"
    );
    assert!(doc.contains("&lt;img src=x onerror=alert(1)&gt;"), "{doc}");
    assert!(
        doc.contains("<code>javascript:alert(1)</code>"),
        "the URL is text: {doc}"
    );
    // JSON carries the text as it is (a JSON string, not markup).
    let v = send(&app, get("/api/v1/documents/doc-hostile"))
        .await
        .json();
    assert_eq!(v["document"]["url"], HOSTILE[2]);
    assert!(v["sentences"][0]["text"]
        .as_str()
        .unwrap()
        .contains(HOSTILE[1]));
    // Every page forbids scripts but the server's own files: no inline
    // script, no eval, no other origin.
    let a = send(&app, get("/documents/doc-hostile")).await;
    let csp = a.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("script-src 'self';")
            && !csp.contains("unsafe")
            && !csp.contains("*"),
        "{csp}"
    );
    assert_eq!(a.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
}

#[tokio::test]
async fn cross_site_and_foreign_host_requests_are_refused() {
    let app = app();
    let red = id_of(&app, "Red Dune Brigade").await;
    let mut req = form(&format!("/entities/{red}/merge"), "other=Dune+Front");
    req.headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    // A form post with neither Origin nor Referer.
    let mut req = form(&format!("/entities/{red}/merge"), "other=Dune+Front");
    req.headers_mut().remove(header::ORIGIN);
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    // A same-origin Referer is enough.
    let mut req = form(&format!("/entities/{red}/merge"), "other=Dune+Front");
    req.headers_mut().remove(header::ORIGIN);
    req.headers_mut().insert(
        header::REFERER,
        format!("{ORIGIN}/entities/{red}").parse().unwrap(),
    );
    assert_eq!(send(&app, req).await.status, StatusCode::SEE_OTHER);
    // DNS rebinding: a loopback server answers only to loopback names.
    let req = Request::get("/api/v1/documents")
        .header(header::HOST, "evil.example:8080")
        .body(Body::empty())
        .unwrap();
    assert_error_shape(&send(&app, req).await, StatusCode::FORBIDDEN, "forbidden");
    // Unknown paths and methods.
    assert_error_shape(
        &send(&app, get("/api/v1/nothing")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let a = send(&app, get("/api/v1/merge")).await;
    assert_error_shape(&a, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    assert_eq!(
        send(&app, get("/nothing")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let app = app();
    let big = format!(
        r#"{{"entity": 1, "alias": "{}"}}"#,
        "x".repeat(dossier_server::BODY_LIMIT + 10)
    );
    let a = send(&app, json_post("/api/v1/split", &big)).await;
    assert_error_shape(&a, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let a = send(
        &app,
        form(
            "/entities/1/split",
            &format!("alias={}", "y".repeat(dossier_server::BODY_LIMIT + 10)),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn read_only_refuses_every_change() {
    let app = app_with(&[red_dune(), dune_front()], None, true);
    let red = id_of(&app, "Red Dune Brigade").await;
    let front = id_of(&app, "Dune Front").await;
    let a = send(
        &app,
        form(&format!("/entities/{red}/merge"), "other=Dune+Front"),
    )
    .await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let a = send(
        &app,
        json_post(
            "/api/v1/merge",
            &format!(r#"{{"keep": {red}, "other": {front}}}"#),
        ),
    )
    .await;
    assert_error_shape(&a, StatusCode::FORBIDDEN, "read_only");
    assert_eq!(id_of(&app, "Dune Front").await, front, "nothing changed");
    let page = send(&app, get(&format!("/entities/{red}"))).await.body;
    assert!(!page.contains("/merge\""), "no correction forms: {page}");
    assert!(page.contains("read-only"));
}

#[tokio::test]
async fn a_token_guards_everything_but_login() {
    let app = app_with(&[red_dune(), dune_front()], Some(TOKEN), false);
    // No token: the API answers 401, pages send to the login form.
    assert_error_shape(
        &send(&app, get("/api/v1/documents")).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    );
    let a = send(&app, get("/entities/1")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.location(), "/login?next=%2Fentities%2F1");
    assert_eq!(send(&app, get("/login")).await.status, StatusCode::OK);
    assert_eq!(
        send(&app, get("/static/style.css")).await.status,
        StatusCode::OK
    );
    // A change without the token is refused even from the same origin.
    let a = send(
        &app,
        json_post("/api/v1/merge", r#"{"keep": 1, "other": 2}"#),
    )
    .await;
    assert_error_shape(&a, StatusCode::UNAUTHORIZED, "unauthorized");
    // A wrong token.
    let req = Request::get("/api/v1/documents")
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, "Bearer wrong-token-wrong-token")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);
    // The bearer token works, from any host name (it is not a loopback-only server).
    let req = Request::get("/api/v1/documents")
        .header(header::HOST, "dossier.example:8080")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let a = send(&app, req).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    // Logging in sets an HttpOnly cookie that opens the pages.
    let a = send(&app, form("/login", "token=wrong&next=%2F")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    let a = send(
        &app,
        form("/login", &format!("token={TOKEN}&next=%2Fdocuments")),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    assert_eq!(a.location(), "/documents");
    let cookie = a.headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let req = Request::get("/documents")
        .header(header::HOST, HOST)
        .header(header::COOKIE, &pair)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
    // With the cookie, a change still needs the same origin.
    let mut req = form("/entities/1/merge", "other=2");
    req.headers_mut()
        .insert(header::COOKIE, pair.parse().unwrap());
    req.headers_mut()
        .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
}

// ----- review, decisions, documents (issue 16) -----

fn api_delete(path: &str) -> Request<Body> {
    Request::delete(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::empty())
        .unwrap()
}

/// The review's fact rows of `kind` whose text contains `text`.
fn fact_id(review: &Value, kind: &str, text: &str) -> Option<i64> {
    review["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == kind && f["text"].as_str().unwrap().contains(text))
        .map(|f| f["id"].as_i64().unwrap())
}

#[tokio::test]
async fn review_lists_facts_by_confidence_and_records_decisions() {
    let app = app();
    let v = send(&app, get("/api/v1/review")).await.json();
    let facts = v["facts"].as_array().unwrap();
    assert!(facts.len() >= 4, "{v}");
    let conf: Vec<f64> = facts
        .iter()
        .map(|f| f["confidence"].as_f64().unwrap())
        .collect();
    assert!(conf.windows(2).all(|w| w[0] <= w[1]), "{conf:?}");
    let leads = fact_id(&v, "relation", "leader_of").expect("the leader relation");
    let page = send(&app, get("/review")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(&format!("id=\"fact-relation-{leads}\"")));
    assert!(page.body.contains("class=\"reject\""));
    // Reject it through the page's form: gone from the review, the profile
    // and the exports' source (the store's reads); recorded with who.
    let a = send(
        &app,
        form(&format!("/review/relation/{leads}"), "verdict=reject"),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), "/review");
    let v = send(&app, get("/api/v1/review")).await.json();
    assert_eq!(fact_id(&v, "relation", "leader_of"), None);
    let d = &v["decisions"][0];
    assert_eq!(d["verdict"], "rejected");
    assert_eq!(d["user"], "analyst-t");
    assert!(
        d["summary"].as_str().unwrap().contains("Tomas Arvel"),
        "{d}"
    );
    let arvel = id_of(&app, "Tomas Arvel").await;
    let profile = send(&app, get(&format!("/api/v1/entities/{arvel}")))
        .await
        .body;
    assert!(!profile.contains("leads the Red Dune"), "{profile}");
    // Edit another through the API: a founder becomes a member, reversed.
    let founder = fact_id(&v, "relation", "founder_of").unwrap();
    let a = send(
        &app,
        json_post(
            "/api/v1/decisions",
            &format!(
                r#"{{"kind": "relation", "id": {founder}, "verdict": "edit", "edit": {{"relation_type": "member_of"}}}}"#
            ),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let decision = a.json()["decision"].as_i64().unwrap();
    let list = send(&app, get("/api/v1/decisions")).await.json();
    assert_eq!(list[0]["id"], decision);
    assert_eq!(list[0]["edit"]["relation_type"], "member_of");
    // An event's date and roles through the page's edit form.
    let v = send(&app, get("/api/v1/review")).await.json();
    let attack = fact_id(&v, "event", "2021-03").unwrap();
    let red = id_of(&app, "Red Dune Brigade").await;
    let a = send(
        &app,
        form(
            &format!("/review/event/{attack}"),
            &format!("verdict=edit&event_type=attack&date=2021-04&roles=agent%3A{red}"),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let t = send(&app, get(&format!("/api/v1/timeline?actor={red}")))
        .await
        .body;
    assert!(t.contains("2021-04"), "{t}");
    // Undo the rejection through the page: the relation is back.
    let rejected = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["verdict"] == "rejected")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let a = send(&app, form(&format!("/decisions/{rejected}/undo"), "")).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let v = send(&app, get("/api/v1/review")).await.json();
    assert!(fact_id(&v, "relation", "leader_of").is_some());
    let a = send(
        &app,
        json_post(&format!("/api/v1/decisions/{rejected}/undo"), ""),
    )
    .await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    // Refusals, one error shape.
    for (body, status, code) in [
        (
            r#"{"kind": "rumour", "id": 1, "verdict": "reject"}"#,
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            r#"{"kind": "relation", "id": 1, "verdict": "maybe"}"#,
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            r#"{"kind": "relation", "id": 99999, "verdict": "reject"}"#,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            r#"{"kind": "relation", "id": 1, "verdict": "edit"}"#,
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
        (
            r#"{"kind": "event", "id": 1, "verdict": "edit", "edit": {"date": "soon"}}"#,
            StatusCode::BAD_REQUEST,
            "bad_request",
        ),
    ] {
        let a = send(&app, json_post("/api/v1/decisions", body)).await;
        assert_error_shape(&a, status, code);
    }
    let a = send(&app, form("/review/event/1", "verdict=edit&roles=boss%3A1")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.body.contains("unknown role"), "{}", a.body);
}

#[tokio::test]
async fn review_shows_duplicates_and_contradictions_and_merges_from_there() {
    // Two reports count the brigade's members at different times: a series.
    let mut first = red_dune();
    dossier_kb::testing::attribute(&mut first, 0, "member_count", "14", Some("2016"), 0);
    let mut second = red_dune();
    second.meta.id = "doc-red-dune-2".into();
    dossier_kb::testing::attribute(&mut second, 0, "member_count", "20~", Some("2022"), 2);
    let app = app_with(&[first, dune_front(), second], None, false);
    let v = send(&app, get("/api/v1/review")).await.json();
    let series = v["series"].as_array().unwrap();
    assert_eq!(series.len(), 1, "{v}");
    assert_eq!(series[0]["what"], "member_count");
    let told: Vec<(&str, &str)> = series[0]["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["value"].as_str().unwrap(), f["date"].as_str().unwrap()))
        .collect();
    assert_eq!(told, [("14", "2016"), ("20~", "2022")]);
    assert!(v["contradictions"].as_array().unwrap().is_empty(), "{v}");
    let dups = v["duplicates"].as_array().unwrap();
    let pair = dups
        .iter()
        .find(|d| {
            let names = [
                d["a"]["name"].as_str().unwrap(),
                d["b"]["name"].as_str().unwrap(),
            ];
            names.contains(&"Dune Front") && names.contains(&"Red Dune Brigade")
        })
        .unwrap_or_else(|| panic!("{v}"));
    let (a, b) = (
        pair["a"]["id"].as_i64().unwrap(),
        pair["b"]["id"].as_i64().unwrap(),
    );
    assert!(v["contradictions"].is_array());
    let page = send(&app, get("/review")).await.body;
    assert!(
        page.contains(&format!("action=\"/entities/{a}/merge\"")),
        "{page}"
    );
    let r = send(
        &app,
        form(&format!("/entities/{a}/merge"), &format!("other={b}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let v = send(&app, get("/api/v1/review")).await.json();
    assert!(v["duplicates"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["b"]["id"] != b && d["a"]["id"] != b));
}

#[tokio::test]
async fn documents_are_edited_and_deleted_through_forms_and_api() {
    let app = app();
    let a = send(
        &app,
        form(
            "/documents/doc-red-dune/edit",
            "title=%3Cscript%3Ealert(1)%3C%2Fscript%3E+field+notes&published=2021-05&source=Karsk+Monitor&url=https%3A%2F%2Fexample.org%2Fr&reliability=B",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), "/documents/doc-red-dune");
    let d = send(&app, get("/api/v1/documents/doc-red-dune"))
        .await
        .json();
    assert_eq!(
        d["document"]["title"],
        "<script>alert(1)</script> field notes"
    );
    assert_eq!(d["document"]["reliability"], "B");
    assert_eq!(d["document"]["published"], "2021-05");
    let page = send(&app, get("/documents/doc-red-dune")).await.body;
    assert!(!foreign_script(&page), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; field notes"));
    assert!(page.contains("action=\"/documents/doc-red-dune/delete\""));
    // Search filters by the documents' metadata.
    let hits = |v: &Value| v["sentences"].as_array().unwrap().len();
    let all = send(&app, get("/api/v1/search?q=Karsk")).await.json();
    let b = send(&app, get("/api/v1/search?q=Karsk&reliability=B"))
        .await
        .json();
    assert!(hits(&b) > 0 && hits(&b) < hits(&all), "{b}");
    assert!(b["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["document"] == "doc-red-dune"));
    let late = send(&app, get("/api/v1/search?q=Karsk&from=2022"))
        .await
        .json();
    assert!(
        late["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["document"] == "doc-dune-front"),
        "{late}"
    );
    let early = send(&app, get("/api/v1/search?q=Karsk&to=2021"))
        .await
        .json();
    assert_eq!(hits(&early), hits(&b), "{early}");
    let src = send(&app, get("/api/v1/search?q=Karsk&source=karsk+monitor"))
        .await
        .json();
    assert_eq!(hits(&src), hits(&b));
    let page = send(&app, get("/?q=Karsk&reliability=B&from=2021")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_error_shape(
        &send(&app, get("/api/v1/search?q=Karsk&from=soon")).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    // Bad metadata is refused; the API edits too.
    let a = send(
        &app,
        json_post(
            "/api/v1/documents/doc-red-dune",
            r#"{"url": "javascript:alert(1)"}"#,
        ),
    )
    .await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    let a = send(
        &app,
        json_post("/api/v1/documents/doc-red-dune", r#"{"reliability": "Z"}"#),
    )
    .await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    let a = send(
        &app,
        json_post("/api/v1/documents/doc-red-dune", r#"{"source": ""}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["source"], Value::Null);
    // Delete: the form needs its confirmation; Velmora, named only by the
    // deleted report, disappears; Karsk stays.
    let a = send(&app, form("/documents/doc-dune-front/delete", "")).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let a = send(
        &app,
        form("/documents/doc-dune-front/delete", "confirm=yes"),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    assert_eq!(a.location(), "/documents");
    assert_error_shape(
        &send(&app, get("/api/v1/documents/doc-dune-front")).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let v = send(&app, get("/api/v1/entities?q=Velmora")).await.json();
    assert_eq!(v["total"], 0, "{v}");
    id_of(&app, "Karsk").await;
    let a = send(&app, api_delete("/api/v1/documents/doc-red-dune")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["deleted"], "doc-red-dune");
    assert_eq!(
        send(&app, get("/api/v1/documents")).await.json()["total"],
        0
    );
    let a = send(&app, api_delete("/api/v1/documents/doc-red-dune")).await;
    assert_error_shape(&a, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn review_and_document_changes_are_refused_cross_site_and_read_only() {
    let app = app();
    for (path, body) in [
        ("/review/relation/1", "verdict=reject"),
        ("/decisions/1/undo", ""),
        ("/documents/doc-red-dune/edit", "title=x"),
        ("/documents/doc-red-dune/delete", "confirm=yes"),
    ] {
        let mut req = form(path, body);
        req.headers_mut()
            .insert(header::ORIGIN, "http://evil.example".parse().unwrap());
        let a = send(&app, req).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{path}");
    }
    // A cross-site DELETE without JSON or a token.
    let req = Request::delete("/api/v1/documents/doc-red-dune")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "http://evil.example")
        .body(Body::empty())
        .unwrap();
    assert_error_shape(&send(&app, req).await, StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(
        send(&app, get("/api/v1/documents")).await.json()["total"],
        2
    );
    assert!(send(&app, get("/api/v1/decisions"))
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    let ro = app_with(&[red_dune(), dune_front()], None, true);
    for req in [
        form("/review/relation/1", "verdict=reject"),
        form("/documents/doc-red-dune/delete", "confirm=yes"),
        json_post(
            "/api/v1/decisions",
            r#"{"kind": "relation", "id": 1, "verdict": "reject"}"#,
        ),
        json_post("/api/v1/documents/doc-red-dune", r#"{"title": "x"}"#),
        api_delete("/api/v1/documents/doc-red-dune"),
    ] {
        let a = send(&ro, req).await;
        assert_eq!(a.status, StatusCode::FORBIDDEN, "{}", a.body);
    }
    assert_error_shape(
        &send(&ro, api_delete("/api/v1/documents/doc-red-dune")).await,
        StatusCode::FORBIDDEN,
        "read_only",
    );
    let page = send(&ro, get("/review")).await.body;
    assert!(
        !page.contains("class=\"reject\""),
        "no decision forms: {page}"
    );
    let page = send(&ro, get("/documents/doc-red-dune")).await.body;
    assert!(!page.contains("/delete\""), "{page}");
}

#[tokio::test]
async fn hostile_document_on_the_review_page_shows_as_text() {
    let app = app_with(&[hostile()], None, false);
    let page = send(&app, get("/review")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!foreign_script(&page.body), "{}", page.body);
    for bad in ["<img", "href=\"javascript:", "onerror=alert(1)>"] {
        assert!(!page.body.contains(bad), "{bad}: {}", page.body);
    }
    assert!(page
        .body
        .contains("&lt;img src=x onerror=alert(1)&gt; Brigade"));
    // Reject its relation; the decision's summary is shown as text too.
    let v = send(&app, get("/api/v1/review")).await.json();
    let rel = fact_id(&v, "relation", "ally_of").unwrap();
    let a = send(
        &app,
        form(&format!("/review/relation/{rel}"), "verdict=reject"),
    )
    .await;
    assert_eq!(a.status, StatusCode::SEE_OTHER);
    let page = send(&app, get("/review")).await.body;
    assert!(!foreign_script(&page), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
}

/// The workbench over a PostgreSQL knowledge base (issue 17) shows what it
/// shows over SQLite: the same pages and API answers, before and after a
/// merge made through the API. Runs when `DOSSIER_TEST_PG_URL` names a
/// server (in a scratch schema); skipped with a note otherwise, a failure
/// under `CI=true`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_and_api_read_the_same_on_postgresql() {
    let Some(server) = dossier_kb::testing::pg::server("the workbench on PostgreSQL") else {
        return;
    };
    let config = Config {
        addr: HOST.parse().unwrap(),
        token: None,
        read_only: false,
        user: None,
        upload_limit: dossier_server::UPLOAD_LIMIT,
    };
    // The PostgreSQL client has a runtime of its own: it is made (and
    // dropped) off the async threads.
    let (scratch, pg_store) = tokio::task::spawn_blocking(move || {
        let scratch = dossier_kb::testing::pg::Scratch::new(&server, "dossier_serve");
        let mut s = dossier_kb::PgStore::open(&scratch.url()).unwrap();
        for d in &[red_dune(), dune_front()] {
            s.ingest(d, &dossier_kb::IngestOptions::default()).unwrap();
        }
        (scratch, s)
    })
    .await
    .unwrap();
    let pg = router(AppState::new(Box::new(pg_store), &config));
    let sqlite = app();
    let rdb = id_of(&sqlite, "Red Dune Brigade").await;
    assert_eq!(id_of(&pg, "Red Dune Brigade").await, rdb);
    let docs: Vec<String> = send(&sqlite, get("/api/v1/documents")).await.json()["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!docs.is_empty());
    let mut paths = vec![
        "/".to_string(),
        "/?q=brigade".into(),
        "/?q=Karsk&type=location".into(),
        format!("/entities/{rdb}"),
        "/timeline".into(),
        format!("/timeline?actor={rdb}"),
        "/timeline?actor=red%20dune&type=attack".into(),
        "/overrides".into(),
        "/api/v1/entities".into(),
        "/api/v1/entities?q=dune&limit=1".into(),
        format!("/api/v1/entities/{rdb}"),
        "/api/v1/search?q=attacked".into(),
        "/api/v1/search?q=brig*&type=armed_group".into(),
        "/api/v1/documents".into(),
        "/api/v1/timeline".into(),
        "/api/v1/overrides".into(),
        "/api/v1/entities/999999".into(),
    ];
    for d in &docs {
        paths.push(format!("/documents/{}?s=1", dossier_server::pages::enc(d)));
        paths.push(format!(
            "/api/v1/documents/{}",
            dossier_server::pages::enc(d)
        ));
    }
    let compare = |paths: Vec<String>| {
        let (sqlite, pg) = (sqlite.clone(), pg.clone());
        async move {
            for p in &paths {
                let a = send(&sqlite, get(p)).await;
                let b = send(&pg, get(p)).await;
                assert_eq!(a.status, b.status, "{p}");
                assert_eq!(a.body, b.body, "{p} differs on PostgreSQL");
            }
        }
    };
    compare(paths.clone()).await;
    // A merge through the API, on both.
    let front = id_of(&sqlite, "Dune Front").await;
    let body = format!(r#"{{"keep": {rdb}, "other": {front}}}"#);
    let a = send(&sqlite, json_post("/api/v1/merge", &body)).await;
    let b = send(&pg, json_post("/api/v1/merge", &body)).await;
    assert_eq!((a.status, &a.body), (b.status, &b.body));
    compare(paths).await;
    tokio::task::spawn_blocking(move || drop((pg, scratch)))
        .await
        .unwrap();
}

// ---- Uploads (issue 16: the ingest page and POST /api/v1/documents) ----

const BOUNDARY: &str = "dossier-test-boundary-7Hq2";

/// A multipart body of `parts`: `(name, Some(file name), content)` for a
/// file, `(name, None, value)` for a field.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut b = Vec::new();
    for (name, file, content) in parts {
        b.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match file {
            Some(f) => b.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => b.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        b.extend_from_slice(content);
        b.extend_from_slice(b"\r\n");
    }
    b.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    b
}

/// A multipart POST of `body` to `path` with `origin` (if any).
fn upload_req(path: &str, body: Vec<u8>, origin: Option<&str>) -> Request<Body> {
    let mut r = Request::post(path)
        .header(header::HOST, HOST)
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header(header::CONTENT_LENGTH, body.len());
    if let Some(o) = origin {
        r = r.header(header::ORIGIN, o);
    }
    r.body(Body::from(body)).unwrap()
}

/// An app that takes uploads (read by the test extractor) up to `limit` bytes.
fn upload_app(token: Option<&str>, read_only: bool, limit: usize) -> Router {
    let store: Box<dyn Store + Send> = Box::new(store_of(&[red_dune()]));
    let addr = if token.is_some() {
        "0.0.0.0:8080"
    } else {
        HOST
    };
    let config = Config {
        addr: addr.parse().unwrap(),
        token: token.map(String::from),
        read_only,
        user: Some("analyst-t".into()),
        upload_limit: limit,
    };
    let extractor: std::sync::Arc<dyn dossier_server::ingest::Extractor> =
        std::sync::Arc::new(dossier_server::testing::LinesExtractor);
    router(AppState::with_extractor(store, &config, Some(extractor)))
}

/// Polls batch `id` until every file is done with; returns it.
async fn finished_batch(app: &Router, id: i64) -> Value {
    for _ in 0..500 {
        let v = send(app, get(&format!("/api/v1/ingest/{id}"))).await.json();
        if v["finished"] == true {
            return v;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("batch {id} did not finish");
}

#[tokio::test]
async fn uploads_are_ingested_in_the_background_with_their_progress() {
    let app = upload_app(None, false, dossier_server::UPLOAD_LIMIT);
    let good = b"Velmora council notes\nThe Salt Front met in Velmora in 2020.\n";
    let body = multipart(&[
        ("source", None, b"Fictional Wire"),
        ("file", Some("notes.txt"), good),
        ("title", None, b"Council notes"),
        ("published", None, b"2020-06"),
        ("reliability", None, b"b"),
        ("url", None, b"https://example.org/notes"),
        // An empty row of the form: skipped, with its metadata.
        ("file", Some(""), b""),
        ("title", None, b""),
        ("file", Some("C:\\scans\\bad.txt"), b"\xff\xfe\x00bad"),
        ("file", Some("empty.txt"), b""),
    ]);
    let a = send(&app, upload_req("/api/v1/documents", body, Some(ORIGIN))).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let v = a.json();
    let id = v["batch"].as_i64().unwrap();
    assert_eq!(v["events"], format!("/api/v1/ingest/{id}/events"));
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3, "{v}");
    assert_eq!(files[1]["name"], "bad.txt", "the directories are dropped");

    // The event stream tells each file's state, then the batch, and ends.
    let events = send(&app, get(&format!("/api/v1/ingest/{id}/events"))).await;
    assert_eq!(events.status, StatusCode::OK);
    assert!(events.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    assert!(events.body.contains("event: file"), "{}", events.body);
    assert!(events.body.contains("event: done"), "{}", events.body);
    assert!(
        events.body.contains("\"state\":\"stored\""),
        "{}",
        events.body
    );

    let b = finished_batch(&app, id).await;
    let f = &b["files"];
    assert_eq!(f[0]["state"], "stored", "{b}");
    assert_eq!(f[1]["state"], "failed", "{b}");
    assert!(
        f[1]["reason"]
            .as_str()
            .unwrap()
            .contains("bad.txt: not UTF-8"),
        "{b}"
    );
    assert_eq!(f[2]["state"], "failed", "{b}");
    assert!(f[2]["reason"]
        .as_str()
        .unwrap()
        .contains("empty.txt: empty"));
    assert_eq!(b["user"], "analyst-t");

    // The stored document carries the metadata given with it, and the defaults.
    let doc = f[0]["document"].as_str().unwrap().to_string();
    let d = send(
        &app,
        get(&format!(
            "/api/v1/documents/{}",
            dossier_server::pages::enc(&doc)
        )),
    )
    .await
    .json();
    assert_eq!(d["document"]["title"], "Council notes", "{d}");
    assert_eq!(d["document"]["published"], "2020-06");
    assert_eq!(d["document"]["reliability"], "B");
    assert_eq!(d["document"]["source"], "Fictional Wire");
    assert_eq!(d["document"]["url"], "https://example.org/notes");

    // The batch's page shows each file with its state and reason.
    let page = send(&app, get(&format!("/ingest/{id}"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.body.contains("id=\"file-0\" data-state=\"stored\""),
        "{}",
        page.body
    );
    assert!(page.body.contains("bad.txt: not UTF-8"), "{}", page.body);
    assert!(
        page.body.contains("Done: 1 stored, 2 failed."),
        "{}",
        page.body
    );
    let list = send(&app, get("/ingest")).await;
    assert!(
        list.body.contains(&format!("href=\"/ingest/{id}\"")),
        "{}",
        list.body
    );
    // The form: multipart, rows of a file with its own metadata.
    assert!(
        list.body.contains("enctype=\"multipart/form-data\""),
        "{}",
        list.body
    );
    assert_eq!(
        list.body
            .matches("<fieldset class=\"upload-file\">")
            .count(),
        3
    );
    for field in ["file", "title", "published", "source", "url", "reliability"] {
        assert!(list.body.contains(&format!("name=\"{field}\"")), "{field}");
    }

    // The same content again, through the page's form: unchanged.
    let body = multipart(&[("file", Some("again.txt"), good)]);
    let a = send(&app, upload_req("/ingest", body, Some(ORIGIN))).await;
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let again: i64 = a.location().trim_start_matches("/ingest/").parse().unwrap();
    let b = finished_batch(&app, again).await;
    assert_eq!(b["files"][0]["state"], "unchanged", "{b}");
    assert_eq!(b["files"][0]["document"], doc.as_str());

    // Unknown batches are 404 in the one error shape.
    let a = send(&app, get("/api/v1/ingest/999")).await;
    assert_error_shape(&a, StatusCode::NOT_FOUND, "not_found");
    let a = send(&app, get("/api/v1/ingest/999/events")).await;
    assert_error_shape(&a, StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn bad_uploads_are_refused_with_their_reason() {
    let app = upload_app(None, false, 4096);
    // Over the limit: 413, by the declared length and as read.
    let big = vec![b'a'; 5000];
    let body = multipart(&[("file", Some("big.txt"), &big)]);
    let a = send(
        &app,
        upload_req("/api/v1/documents", body.clone(), Some(ORIGIN)),
    )
    .await;
    assert_error_shape(&a, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(a.body.contains("4 KiB"), "{}", a.body);
    let mut r = upload_req("/api/v1/documents", body, Some(ORIGIN));
    r.headers_mut().remove(header::CONTENT_LENGTH);
    let a = send(&app, r).await;
    assert_error_shape(&a, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let a = send(
        &app,
        upload_req(
            "/ingest",
            multipart(&[("file", Some("big.txt"), &big)]),
            Some(ORIGIN),
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(a.body.contains("over the limit"), "{}", a.body);
    // Metadata that is not EDTF, a grade or an http address names the file.
    for (field, value, says) in [
        ("published", "last spring", "EDTF"),
        ("reliability", "G", "A–F"),
        ("url", "javascript:alert(1)", "http"),
    ] {
        let body = multipart(&[
            ("file", Some("a.txt"), b"Some text."),
            (field, None, value.as_bytes()),
        ]);
        let a = send(&app, upload_req("/api/v1/documents", body, Some(ORIGIN))).await;
        assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
        assert!(
            a.body.contains("a.txt") && a.body.contains(says),
            "{}",
            a.body
        );
    }
    // No file; an unknown part; not multipart.
    let a = send(
        &app,
        upload_req(
            "/api/v1/documents",
            multipart(&[("title", None, b"x")]),
            Some(ORIGIN),
        ),
    )
    .await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    assert!(a.body.contains("no file"), "{}", a.body);
    let a = send(
        &app,
        upload_req(
            "/api/v1/documents",
            multipart(&[("colour", None, b"x")]),
            Some(ORIGIN),
        ),
    )
    .await;
    assert_error_shape(&a, StatusCode::BAD_REQUEST, "bad_request");
    assert!(a.body.contains("colour"), "{}", a.body);
    let mut r = json_post("/api/v1/documents", "{}");
    r.headers_mut()
        .insert(header::ORIGIN, ORIGIN.parse().unwrap());
    let a = send(&app, r).await;
    assert_eq!(a.json()["error"]["code"], "bad_request", "{}", a.body);
    // A server without an extraction pipeline takes no upload.
    let a = send(
        &app_with(&[red_dune()], None, false),
        upload_req(
            "/api/v1/documents",
            multipart(&[("file", Some("a.txt"), b"Text.")]),
            Some(ORIGIN),
        ),
    )
    .await;
    assert_error_shape(&a, StatusCode::SERVICE_UNAVAILABLE, "unavailable");
}

#[tokio::test]
async fn uploads_need_the_token_the_origin_and_a_writable_server() {
    let file = || multipart(&[("file", Some("a.txt"), b"The Ash Guard left Brask.")]);
    // Read-only: refused, and the page says so instead of a form.
    let ro = upload_app(None, true, dossier_server::UPLOAD_LIMIT);
    let a = send(&ro, upload_req("/api/v1/documents", file(), Some(ORIGIN))).await;
    assert_error_shape(&a, StatusCode::FORBIDDEN, "read_only");
    let a = send(&ro, upload_req("/ingest", file(), Some(ORIGIN))).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    let page = send(&ro, get("/ingest")).await.body;
    assert!(
        page.contains("read-only") && !page.contains("<form id=\"upload\""),
        "{page}"
    );
    // Cross-site (another Origin, or none and not JSON): refused.
    let app = upload_app(None, false, dossier_server::UPLOAD_LIMIT);
    let a = send(
        &app,
        upload_req("/api/v1/documents", file(), Some("http://evil.example")),
    )
    .await;
    assert_error_shape(&a, StatusCode::FORBIDDEN, "forbidden");
    let a = send(&app, upload_req("/ingest", file(), None)).await;
    assert_eq!(a.status, StatusCode::FORBIDDEN);
    assert!(send(&app, get("/api/v1/ingest"))
        .await
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    // With a token (a non-loopback bind): refused without it, taken with it.
    let app = upload_app(Some(TOKEN), false, dossier_server::UPLOAD_LIMIT);
    let a = send(&app, upload_req("/api/v1/documents", file(), Some(ORIGIN))).await;
    assert_error_shape(&a, StatusCode::UNAUTHORIZED, "unauthorized");
    let mut r = upload_req("/api/v1/documents", file(), None);
    r.headers_mut().insert(
        header::AUTHORIZATION,
        format!("Bearer {TOKEN}").parse().unwrap(),
    );
    let a = send(&app, r).await;
    assert_eq!(a.status, StatusCode::ACCEPTED, "{}", a.body);
    let a = send(&app, get("/api/v1/ingest/1/events")).await;
    assert_error_shape(&a, StatusCode::UNAUTHORIZED, "unauthorized");
}

// ---- The entity's network ----

#[tokio::test]
async fn the_network_api_gives_neighbours_with_their_cited_sentences() {
    let app = app();
    let id = id_of(&app, "Red Dune Brigade").await;
    let person = id_of(&app, "Tomas Arvel").await;
    let v = send(&app, get(&format!("/api/v1/entities/{id}/network")))
        .await
        .json();
    assert_eq!(v["center"], id);
    let names: Vec<&str> = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Red Dune Brigade", "Tomas Arvel"], "{v}");
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2, "founder and leader: {v}");
    let founder = edges.iter().find(|e| e["type"] == "founder_of").unwrap();
    assert_eq!(founder["source"], person);
    assert_eq!(founder["target"], id);
    assert_eq!(founder["evidence"]["document"], "doc-red-dune");
    assert_eq!(founder["evidence"]["sentence"], 0);
    assert_eq!(
        founder["evidence"]["text"],
        "The Red Dune Brigade was founded by Tomas Arvel in 2019."
    );
    // Expanding the person from there: its own network.
    let v = send(&app, get(&format!("/api/v1/entities/{person}/network")))
        .await
        .json();
    assert_eq!(v["center"], person);
    assert_eq!(v["edges"].as_array().unwrap().len(), 2);
    let a = send(&app, get("/api/v1/entities/987654/network")).await;
    assert_error_shape(&a, StatusCode::NOT_FOUND, "not_found");

    // The page: the network's place, hidden until the script draws it, the
    // script from this server only, and the static lists as before.
    let page = send(&app, get(&format!("/entities/{id}"))).await;
    assert!(
        page.body.contains(&format!(
            "<section class=\"network\" id=\"network\" hidden data-entity=\"{id}\">"
        )),
        "{}",
        page.body
    );
    assert!(page.body.contains(OWN_SCRIPTS[1]), "{}", page.body);
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe"),
        "{csp}"
    );
    for (path, marker) in [
        ("/static/workbench.js", "initNetwork"),
        ("/static/cytoscape.min.js", "Cytoscape Consortium"),
    ] {
        let a = send(&app, get(path)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/javascript"));
        assert!(a.body.contains(marker), "{path}");
    }
}

// ---- The OpenAPI description ----

#[tokio::test]
async fn the_openapi_description_lists_exactly_the_routes_and_methods() {
    let app = app();
    let a = send(&app, get("/api/v1/openapi.json")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json()["openapi"].as_str().map(|s| &s[..2]), Some("3."));
    let documented = dossier_server::openapi::documented();
    assert!(documented.len() >= 18);
    for (path, methods) in documented {
        let concrete = path.replace("{id}", "1");
        for m in ["get", "post", "put", "delete", "patch"] {
            let req = Request::builder()
                .method(m.to_uppercase().as_str())
                .uri(format!("/api/v1{concrete}"))
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap();
            let answered = send(&app, req).await;
            let routed = answered.status != StatusCode::METHOD_NOT_ALLOWED;
            assert_eq!(
                routed,
                methods.iter().any(|d| d == m),
                "{m} {path}: documented {methods:?}, router answered {}",
                answered.status
            );
            if !answered.status.is_success() && !path.ends_with("/events") {
                assert!(
                    answered.json()["error"]["code"].as_str().is_some(),
                    "{m} {path}: {}",
                    answered.body
                );
            }
        }
    }
}
