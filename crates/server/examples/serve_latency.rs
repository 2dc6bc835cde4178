//! Page latencies of the workbench over a large knowledge base.
//!
//! ```sh
//! cargo run --release -p dossier-server --example serve_latency [DOCS] [ROUNDS]
//! ```
//!
//! Builds a knowledge base of `DOCS` (default 2,000) synthetic documents
//! about fictional groups (`dossier_server::testing::synthetic`) in a
//! temporary SQLite file, then requests each page `ROUNDS` times (default
//! 50) through the whole router in process (security layer, handlers,
//! store, rendering; no network) and prints the median and 95th percentile
//! per page.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use dossier_kb::{EntityFilter, IngestOptions, SqliteStore, Store};
use dossier_server::testing::synthetic;
use dossier_server::{router, AppState, Config};
use http_body_util::BodyExt;
use std::time::{Duration, Instant};
use tower::ServiceExt;

fn main() {
    let mut args = std::env::args().skip(1);
    let docs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let dir = std::env::temp_dir().join(format!("dossier-serve-latency-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary directory");
    let db = dir.join("kb.db");
    let t = Instant::now();
    let mut store = SqliteStore::open(&db).expect("open database");
    for i in 0..docs {
        store
            .ingest(&synthetic(i), &IngestOptions::default())
            .expect("ingest");
    }
    let entities = store.entities(&EntityFilter::default()).expect("entities");
    let events = store.events(None).expect("events").len();
    println!(
        "knowledge base: {docs} documents, {} entities, {events} events, built in {:.1} s",
        entities.len(),
        t.elapsed().as_secs_f64()
    );
    let group = entities
        .iter()
        .find(|e| e.etype == dossier_doc::EntityType::ArmedGroup)
        .expect("a group");
    let person = entities
        .iter()
        .find(|e| e.etype == dossier_doc::EntityType::Person)
        .expect("a person");
    let doc = "synthetic-01000";
    let pages: Vec<(String, String)> = vec![
        ("search page".into(), "/?q=Karsk".into()),
        (
            "search page, type filter".into(),
            "/?q=Velmora&type=armed_group".into(),
        ),
        (
            format!("entity page (group, {} documents)", group.document_count),
            format!("/entities/{}", group.id),
        ),
        (
            format!("entity page (person, {} documents)", person.document_count),
            format!("/entities/{}", person.id),
        ),
        ("document page".into(), format!("/documents/{doc}?s=1")),
        ("documents page".into(), "/documents?page=3".into()),
        ("timeline page 1".into(), "/timeline".into()),
        ("timeline page 20".into(), "/timeline?page=20".into()),
        (
            "timeline, one actor".into(),
            format!("/timeline?actor={}", group.id),
        ),
        ("API search".into(), "/api/v1/search?q=convoy".into()),
        (
            "API entity".into(),
            format!("/api/v1/entities/{}", group.id),
        ),
        ("API entities".into(), "/api/v1/entities?type=person".into()),
        ("review page".into(), "/review".into()),
        ("ingest page".into(), "/ingest".into()),
        (
            "API network (group)".into(),
            format!("/api/v1/entities/{}/network", group.id),
        ),
        (
            "API network (person)".into(),
            format!("/api/v1/entities/{}/network", person.id),
        ),
        ("API upload batches".into(), "/api/v1/ingest".into()),
        (
            "API OpenAPI description".into(),
            "/api/v1/openapi.json".into(),
        ),
    ];
    let store: Box<dyn Store + Send> = Box::new(store);
    let config = Config {
        addr: "127.0.0.1:8080".parse().expect("address"),
        token: None,
        read_only: false,
        user: Some("analyst-t".into()),
        upload_limit: dossier_server::UPLOAD_LIMIT,
    };
    // Uploads are read by the test extractor (the form is shown as with `dossier serve`).
    let extractor: std::sync::Arc<dyn dossier_server::ingest::Extractor> =
        std::sync::Arc::new(dossier_server::testing::LinesExtractor);
    let app = router(AppState::with_extractor(store, &config, Some(extractor)));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "{:<42} {:>10} {:>10} {:>10}",
        "page", "median ms", "p95 ms", "bytes"
    );
    for (name, path) in &pages {
        let mut times = Vec::with_capacity(rounds);
        let mut bytes = 0;
        for _ in 0..rounds + 2 {
            let req = Request::get(path.as_str())
                .header(header::HOST, "127.0.0.1:8080")
                .body(Body::empty())
                .expect("request");
            let t = Instant::now();
            let (status, len) = rt.block_on(async {
                let resp = app.clone().oneshot(req).await.expect("response");
                let status = resp.status();
                let body = resp.into_body().collect().await.expect("body").to_bytes();
                (status, body.len())
            });
            times.push(t.elapsed());
            assert_eq!(status, StatusCode::OK, "{path}");
            bytes = len;
        }
        // The first two warm caches up.
        let mut times: Vec<Duration> = times.split_off(2);
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "{name:<42} {:>10.2} {:>10.2} {bytes:>10}",
            pct(0.5).as_secs_f64() * 1e3,
            pct(0.95).as_secs_f64() * 1e3
        );
    }
    drop(app);
    let _ = std::fs::remove_dir_all(&dir);
}
