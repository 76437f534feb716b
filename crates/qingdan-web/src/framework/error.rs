//! The API's error format: HTTP 4xx/5xx with `{"error": {"code", "message", "field"}}`, the
//! message in Chinese. Internal errors are logged here and never shown.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An API error.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorDetail,
}

/// The body of an error response.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable code, e.g. `not_found`, `invalid_query`.
    pub code: &'static str,
    /// A Chinese message for a person.
    pub message: String,
    /// The request field at fault, when there is one (a nested one as `party.name`).
    #[schema(value_type = Option<String>)]
    pub field: Option<std::borrow::Cow<'static, str>>,
}

impl ApiError {
    /// 400 for a bad field.
    pub fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ErrorDetail {
                code,
                message: message.into(),
                field: Some(field.into()),
            },
        }
    }

    /// 400 for a bad field named at run time (a nested JSON field, a form field).
    pub fn invalid_at(code: &'static str, field: String, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            body: ErrorDetail {
                code,
                message: message.into(),
                field: Some(field.into()),
            },
        }
    }

    /// 409 for a step the procedure refuses (wrong stage, a window still open, one officer):
    /// the request was understood, the case's state forbids it.
    pub fn refused(
        code: &'static str,
        field: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status: if code == "invalid_input" {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::CONFLICT
            },
            body: ErrorDetail {
                code,
                message: message.into(),
                field: field.map(Into::into),
            },
        }
    }

    /// 503: a part the server needs is missing (e.g. the Chinese fonts for documents).
    pub fn unavailable(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: ErrorDetail {
                code: "unavailable",
                message: message.into(),
                field: None,
            },
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.body.code
    }

    /// 401: sign in first (or the token is not valid).
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            body: ErrorDetail {
                code: "unauthenticated",
                message: message.into(),
                field: None,
            },
        }
    }

    /// 403: signed in, but the policy refuses.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::FORBIDDEN,
            body: ErrorDetail {
                code,
                message: message.into(),
                field: None,
            },
        }
    }

    /// 429: too many attempts.
    pub fn too_many(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::TOO_MANY_REQUESTS,
            body: ErrorDetail {
                code: "locked",
                message: message.into(),
                field: None,
            },
        }
    }

    /// 408: the request was not sent in time.
    pub fn request_timeout(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::REQUEST_TIMEOUT,
            body: ErrorDetail {
                code: "request_timeout",
                message: message.into(),
                field: None,
            },
        }
    }

    /// 413: the request body is over its limit.
    pub fn too_large(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            body: ErrorDetail {
                code: "too_large",
                message: message.into(),
                field: None,
            },
        }
    }

    /// 405: the path exists, not with this method (the response adds `Allow`).
    pub fn method_not_allowed(method: &str, allowed: &str) -> Self {
        ApiError {
            status: StatusCode::METHOD_NOT_ALLOWED,
            body: ErrorDetail {
                code: "method_not_allowed",
                message: format!("该地址不支持 {method} 请求，可用的方法：{allowed}"),
                field: None,
            },
        }
    }

    /// 409: the value is taken.
    pub fn conflict(field: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::CONFLICT,
            body: ErrorDetail {
                code: "conflict",
                message: message.into(),
                field: Some(field.into()),
            },
        }
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::NOT_FOUND,
            body: ErrorDetail {
                code: "not_found",
                message: message.into(),
                field: None,
            },
        }
    }

    /// 503 while no catalog has been imported.
    pub fn no_catalog() -> Self {
        ApiError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: ErrorDetail {
                code: "no_catalog",
                message: "尚未导入责任清单，请先运行 qingdan catalog import".into(),
                field: None,
            },
        }
    }

    /// 500; the cause is logged, not shown.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %cause, "internal error");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: ErrorDetail {
                code: "internal",
                message: "服务器内部错误，请稍后再试".into(),
                field: None,
            },
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The Chinese message.
    pub fn message(&self) -> &str {
        &self.body.message
    }

    /// The field at fault, if any.
    pub fn field(&self) -> Option<&str> {
        self.body.field.as_deref()
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.body })).into_response()
    }
}

impl From<qingdan_app::AppError> for ApiError {
    fn from(e: qingdan_app::AppError) -> Self {
        use qingdan_app::AppError as A;
        let detail = |status, code, message, field| ApiError {
            status,
            body: ErrorDetail {
                code,
                message,
                field,
            },
        };
        match e {
            A::Invalid {
                code,
                field,
                message,
            } => ApiError::invalid(code, field, message),
            A::Refused {
                code,
                field,
                message,
            } => ApiError::refused(code, field, message),
            A::Forbidden { code, message } => ApiError::forbidden(code, message),
            A::Unauthenticated(m) => ApiError::unauthenticated(m),
            A::NotFound(m) => ApiError::not_found(m),
            A::Conflict { field, message } => ApiError::conflict(field, message),
            A::Unavailable(m) => ApiError::unavailable(m),
            A::NoCatalog => ApiError::no_catalog(),
            // Logged where it arose (`AppError::internal`); never shown.
            A::Internal(_) => detail(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "服务器内部错误，请稍后再试".into(),
                None,
            ),
        }
    }
}

impl From<qingdan_store::StoreError> for ApiError {
    fn from(e: qingdan_store::StoreError) -> Self {
        qingdan_app::AppError::from(e).into()
    }
}

/// A storage failure in the API's terms: a stale version is 409, a missing record 404, the rest
/// 500 (logged).
pub fn store_error(e: qingdan_store::StoreError) -> ApiError {
    e.into()
}

/// A JSON body that could not be read, as a 400.
pub fn json_rejection(e: JsonRejection) -> ApiError {
    ApiError::invalid(
        "invalid_json",
        "body",
        format!("请求体不是有效的 JSON 或字段类型不符：{}", e.body_text()),
    )
}
