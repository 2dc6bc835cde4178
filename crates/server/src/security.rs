//! Safe by default. One middleware ([`guard`]) runs before every handler:
//!
//! 1. Without a token (loopback only), the `Host` header must name a
//!    loopback host (`localhost`, `127.0.0.1`, `[::1]`), so a page on
//!    another site cannot reach the server through DNS rebinding.
//! 2. With a token, every request but `/login` and the style sheet needs it:
//!    `Authorization: Bearer TOKEN` or the HttpOnly, SameSite=Strict cookie
//!    that `/login` sets. Pages redirect to `/login`; the API answers 401.
//! 3. A state-changing request (any method but GET/HEAD) is refused with
//!    403 under `--read-only`, and must be same-origin unless it carries the
//!    bearer header: its `Origin` (else its `Referer`) must be this server,
//!    or, with neither, its body must be `application/json` (which a page of
//!    another site cannot send without a CORS preflight this server never
//!    grants).
//! 4. Every response gets a strict Content-Security-Policy (scripts,
//!    styles and fetches only from this server's own files: no inline
//!    script or style, no `eval`), `nosniff`, no framing and a same-origin
//!    referrer policy.

use crate::error::{is_api, respond, ApiError, ErrorCode};
use crate::AppState;
use axum::extract::{Request, State};
use axum::http::header::{
    AUTHORIZATION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, HOST, LOCATION, ORIGIN, REFERER,
    REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The name of the session cookie (its value is the token).
pub const COOKIE: &str = "dossier_token";

/// The Content-Security-Policy of every response.
/// Scripts only from this server's own files (no inline script, no
/// `eval`), fetches and event streams only to it.
pub const CSP: &str = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Paths reachable without the token.
fn is_public(path: &str) -> bool {
    matches!(path, "/login" | "/static/style.css")
}

/// Compares a given token with the expected one in time independent of
/// where they differ.
pub fn same_token(given: &str, expected: &str) -> bool {
    let (a, b) = (given.as_bytes(), expected.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn header(h: &HeaderMap, name: axum::http::HeaderName) -> Option<&str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

fn bearer(h: &HeaderMap) -> Option<&str> {
    let v = header(h, AUTHORIZATION)?;
    let (scheme, rest) = v.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
}

fn cookie(h: &HeaderMap) -> Option<&str> {
    h.get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v)
}

/// Whether `host` (a `Host` header: name and optional port) names this machine's loopback.
pub fn loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        match rest.split_once(']') {
            Some((inner, _)) => inner,
            None => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(n, _)| n)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Whether `origin` (an `Origin` value, or a `Referer` URL) is this server as named by `host`.
fn same_origin(origin: &str, host: &str, is_referer: bool) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        let own = format!("{scheme}{host}");
        if is_referer {
            origin == own || origin.starts_with(&format!("{own}/"))
        } else {
            origin == own
        }
    })
}

enum Refusal {
    Login,
    Error(ApiError),
}

fn check(st: &AppState, method: &Method, path: &str, h: &HeaderMap) -> Result<(), Refusal> {
    let deny = |code: ErrorCode, m: String| Err(Refusal::Error(ApiError::new(code, m)));
    let host = header(h, HOST).unwrap_or("");
    if st.token.is_none() && !loopback_host(host) {
        return deny(
            ErrorCode::Forbidden,
            format!("this server answers only to loopback host names, not '{host}'"),
        );
    }
    let by_bearer = match (&st.token, bearer(h)) {
        (Some(t), Some(b)) => same_token(b, t),
        _ => false,
    };
    if let Some(t) = &st.token {
        let ok = by_bearer || cookie(h).is_some_and(|c| same_token(c, t));
        if !ok && !is_public(path) {
            if !is_api(path) && (method == Method::GET || method == Method::HEAD) {
                return Err(Refusal::Login);
            }
            return deny(
                ErrorCode::Unauthorized,
                "a valid token is required (Authorization: Bearer TOKEN, or log in at /login)"
                    .into(),
            );
        }
    }
    if method == Method::GET || method == Method::HEAD {
        return Ok(());
    }
    if st.read_only && path != "/login" && path != "/logout" {
        return deny(
            ErrorCode::ReadOnly,
            "the server is read-only (--read-only): no change is made".into(),
        );
    }
    if by_bearer {
        return Ok(());
    }
    let same = match (header(h, ORIGIN), header(h, REFERER)) {
        (Some(o), _) => same_origin(o, host, false),
        (None, Some(r)) => same_origin(r, host, true),
        (None, None) => header(h, CONTENT_TYPE).is_some_and(|c| {
            c.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        }),
    };
    if !same {
        return deny(
            ErrorCode::Forbidden,
            "cross-site request refused: a change must come from this server's own pages (same Origin), with the bearer token, or as application/json".into(),
        );
    }
    Ok(())
}

/// The middleware: checks the request, then adds the security headers.
pub async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let uri = req.uri().clone();
    let mut resp = match check(&st, req.method(), uri.path(), req.headers()) {
        Ok(()) => next.run(req).await,
        Err(Refusal::Login) => {
            let target = uri.path_and_query().map_or("/", |p| p.as_str());
            let mut r = StatusCode::SEE_OTHER.into_response();
            let to = format!("/login?next={}", crate::pages::enc(target));
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(LOCATION, v);
            }
            r
        }
        Err(Refusal::Error(e)) => respond(&uri, e),
    };
    let h = resp.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:8080",
            "127.0.0.1",
            "LOCALHOST",
            "app.localhost:3",
        ] {
            assert!(loopback_host(h), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1:80",
            "",
            "[::1",
            "localhost.evil.example",
        ] {
            assert!(!loopback_host(h), "{h}");
        }
    }

    #[test]
    fn origins() {
        assert!(same_origin(
            "http://127.0.0.1:8080",
            "127.0.0.1:8080",
            false
        ));
        assert!(!same_origin(
            "http://127.0.0.1:8080.evil.example",
            "127.0.0.1:8080",
            false
        ));
        assert!(same_origin(
            "http://127.0.0.1:8080/entities/1",
            "127.0.0.1:8080",
            true
        ));
        assert!(!same_origin(
            "http://127.0.0.1:8080.evil/x",
            "127.0.0.1:8080",
            true
        ));
        assert!(!same_origin("null", "127.0.0.1:8080", false));
    }

    #[test]
    fn tokens() {
        assert!(same_token("0123456789abcdef", "0123456789abcdef"));
        assert!(!same_token("0123456789abcdeF", "0123456789abcdef"));
        assert!(!same_token("0123", "0123456789abcdef"));
        let mut h = HeaderMap::new();
        h.insert(
            axum::http::header::COOKIE,
            HeaderValue::from_static("a=b; dossier_token=xyz; c=d"),
        );
        h.insert(AUTHORIZATION, HeaderValue::from_static("Bearer  tok "));
        assert_eq!(cookie(&h), Some("xyz"));
        assert_eq!(bearer(&h), Some("tok"));
    }
}
