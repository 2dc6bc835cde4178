//! The OpenAPI 3 description of the JSON API, written by hand beside the
//! routes (`openapi.json`) and served at `/api/v1/openapi.json`. Tests hold
//! it to the router: the same paths as [`crate::api::route_table`] (here),
//! and for each path exactly the methods the router answers
//! (`tests/handlers.rs`); every operation's errors are the one error shape.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};

/// The description, as served.
pub const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        OPENAPI,
    )
        .into_response()
}

/// The methods the description gives each path, lower case (`get`, `post`, …).
pub fn documented() -> Vec<(String, Vec<String>)> {
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let v: serde_json::Value = serde_json::from_str(OPENAPI).unwrap_or_default();
    v["paths"]
        .as_object()
        .map(|paths| {
            paths
                .iter()
                .map(|(p, ops)| {
                    let methods = METHODS
                        .iter()
                        .filter(|m| ops.get(**m).is_some())
                        .map(|m| m.to_string())
                        .collect();
                    (p.clone(), methods)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_description_has_every_route_and_no_other() {
        let v: serde_json::Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
        assert!(v["openapi"].as_str().is_some_and(|s| s.starts_with("3.")));
        let documented: BTreeSet<String> = documented().into_iter().map(|(p, _)| p).collect();
        let routed: BTreeSet<String> = crate::api::route_table(1024)
            .into_iter()
            .map(|(p, _)| p.to_string())
            .collect();
        assert_eq!(documented, routed);
    }

    #[test]
    fn every_operation_documents_the_one_error_shape() {
        let v: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let error = "#/components/responses/Error";
        assert!(v["components"]["schemas"]["Error"]["properties"]["error"].is_object());
        let mut ops = 0;
        for (path, methods) in documented() {
            for m in methods {
                let op = &v["paths"][&path][&m];
                assert!(
                    op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                    "{m} {path}"
                );
                let responses = op["responses"].as_object().expect("responses");
                assert!(
                    responses.keys().any(|k| k.starts_with('2')),
                    "{m} {path}: no success"
                );
                let errors: Vec<_> = responses
                    .iter()
                    .filter(|(k, _)| k.starts_with('4') || k.starts_with('5'))
                    .collect();
                assert!(!errors.is_empty(), "{m} {path}: no error documented");
                for (code, r) in errors {
                    assert_eq!(r["$ref"], error, "{m} {path} {code}");
                }
                // Path parameters are declared.
                for seg in path.split('/').filter(|s| s.starts_with('{')) {
                    let name = seg.trim_matches(['{', '}']);
                    let declared = op["parameters"].as_array().is_some_and(|ps| {
                        ps.iter().any(|p| p["name"] == name && p["in"] == "path")
                    });
                    assert!(declared, "{m} {path}: parameter {name}");
                }
                ops += 1;
            }
        }
        assert!(ops >= 20, "{ops}");
    }
}
