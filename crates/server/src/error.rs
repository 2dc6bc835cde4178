//! One error shape for the whole server: `{"error": {"code": …, "message": …}}`
//! from the API, the same code and message on an HTML page for the pages.
//! This is the only place store and service errors become HTTP status codes.

use crate::service::ServiceError;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use dossier_kb::KbError;
use dossier_report::ReportError;
use serde::Serialize;

/// What kind of error (the `code` of the error shape).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 400: malformed request.
    BadRequest,
    /// 401: no valid token.
    Unauthorized,
    /// 403: a cross-site request, or a foreign `Host`.
    Forbidden,
    /// 403: the server is read-only.
    ReadOnly,
    /// 404: no such thing.
    NotFound,
    /// 405: the path exists, not with this method.
    MethodNotAllowed,
    /// 413: the body is over the limit.
    PayloadTooLarge,
    /// 415: the body is not of the expected type.
    UnsupportedMediaType,
    /// 503: the database stayed busy.
    Busy,
    /// 503: this server cannot do that (uploads without an extraction pipeline).
    Unavailable,
    /// 500: anything else.
    Internal,
}

impl ErrorCode {
    /// The HTTP status of this code.
    pub fn status(self) -> StatusCode {
        match self {
            ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden | ErrorCode::ReadOnly => StatusCode::FORBIDDEN,
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::Busy | ErrorCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn from_status(s: StatusCode) -> ErrorCode {
        match s {
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
            StatusCode::FORBIDDEN => ErrorCode::Forbidden,
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE => ErrorCode::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ErrorCode::UnsupportedMediaType,
            StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Busy,
            s if s.is_client_error() => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        }
    }
}

/// An error answered to a request; as a response it is the JSON error shape.
#[derive(Debug, Clone, Serialize)]
pub struct ApiError {
    /// What kind.
    pub code: ErrorCode,
    /// For a person.
    pub message: String,
}

impl ApiError {
    /// An error of `code`.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::BadRequest, message)
    }

    /// 500.
    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(ErrorCode::Internal, message)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.code.status()
    }
}

#[derive(Serialize)]
struct Shape<'a> {
    error: &'a ApiError,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status(), Json(Shape { error: &self })).into_response()
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> ApiError {
        let code = match &e {
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::BadRequest(_) => ErrorCode::BadRequest,
            ServiceError::Store(k) => kb_code(k),
            ServiceError::Report(ReportError::Kb(k)) => kb_code(k),
            ServiceError::Report(ReportError::NoEntity(_)) => ErrorCode::NotFound,
            ServiceError::Report(
                ReportError::EmptyWindow { .. } | ReportError::UnknownFormat { .. },
            ) => ErrorCode::BadRequest,
            ServiceError::Report(_) => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

fn kb_code(e: &KbError) -> ErrorCode {
    match e {
        KbError::NotFound(_) => ErrorCode::NotFound,
        KbError::Invalid(_) => ErrorCode::BadRequest,
        KbError::Busy(_) => ErrorCode::Busy,
        KbError::Db(_) | KbError::SchemaTooNew { .. } | KbError::Foreign(_) => ErrorCode::Internal,
    }
}

macro_rules! from_rejection {
    ($($t:ty),+) => {$(
        impl From<$t> for ApiError {
            fn from(r: $t) -> ApiError {
                ApiError::new(ErrorCode::from_status(r.status()), r.body_text())
            }
        }
    )+};
}
from_rejection!(
    JsonRejection,
    FormRejection,
    QueryRejection,
    PathRejection,
    MultipartRejection
);

impl From<crate::ingest::IngestError> for ApiError {
    fn from(e: crate::ingest::IngestError) -> ApiError {
        let code = match &e {
            crate::ingest::IngestError::Unavailable => ErrorCode::Unavailable,
            crate::ingest::IngestError::BadUpload(_) => ErrorCode::BadRequest,
        };
        ApiError::new(code, e.to_string())
    }
}

/// The fallback: 404 as JSON under `/api/`, as a page elsewhere.
pub async fn not_found(uri: Uri) -> Response {
    let e = ApiError::new(ErrorCode::NotFound, format!("no page {}", uri.path()));
    respond(&uri, e)
}

/// A known path with another method: 405.
pub async fn method_not_allowed(uri: Uri) -> Response {
    let e = ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{} does not take this method", uri.path()),
    );
    respond(&uri, e)
}

/// `e` as JSON for API paths, as an HTML page otherwise.
pub fn respond(uri: &Uri, e: ApiError) -> Response {
    if is_api(uri.path()) {
        e.into_response()
    } else {
        crate::pages::error_page(e)
    }
}

/// Whether `path` is under the JSON API.
pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}
