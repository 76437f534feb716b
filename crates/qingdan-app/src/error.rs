//! The application's one error type: what a use case answers when it does not succeed.
//!
//! The edges map it once: the web crate's `From<AppError> for ApiError` (status and the API's
//! error body), the CLI's to a message and exit code.

use qingdan_store::StoreError;

/// Why a use case did not succeed. Every message is Chinese, for a person.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input was refused (a bad field): 400.
    #[error("{message}")]
    Invalid {
        /// Stable code, e.g. `invalid_input`.
        code: &'static str,
        /// The field at fault.
        field: &'static str,
        /// The reason.
        message: String,
    },
    /// The engine refused the act in the record's present state (a skipped step, one officer,
    /// an expired certificate): 409, or 400 when the code is `invalid_input`.
    #[error("{message}")]
    Refused {
        /// Stable code (the engine's).
        code: &'static str,
        /// The field at fault, when there is one.
        field: Option<&'static str>,
        /// The reason, citing its article.
        message: String,
    },
    /// Signed in, but the access policy refuses: 403.
    #[error("{message}")]
    Forbidden {
        /// Stable code (`forbidden`, `other_office`, `certificate_expired` …).
        code: &'static str,
        /// The reason.
        message: String,
    },
    /// Sign in first: 401.
    #[error("{0}")]
    Unauthenticated(String),
    /// No such record: 404.
    #[error("{0}")]
    NotFound(String),
    /// The value is taken, or the record moved on meanwhile: 409.
    #[error("{message}")]
    Conflict {
        /// The field (`version`, `username`, `year` …).
        field: &'static str,
        /// The reason.
        message: String,
    },
    /// A part the server needs is missing (fonts, a catalog): 503.
    #[error("{0}")]
    Unavailable(String),
    /// No catalog has been imported yet: 503.
    #[error("尚未导入责任清单，请先运行 qingdan catalog import")]
    NoCatalog,
    /// Anything else: 500; the cause is logged, never shown.
    #[error("服务器内部错误：{0}")]
    Internal(String),
}

impl AppError {
    /// A bad field (400).
    pub fn invalid(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            code,
            field,
            message: message.into(),
        }
    }

    /// The engine's refusal (409; 400 for `invalid_input`).
    pub fn refused(
        code: &'static str,
        field: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        AppError::Refused {
            code,
            field,
            message: message.into(),
        }
    }

    /// The policy's refusal (403).
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Forbidden {
            code,
            message: message.into(),
        }
    }

    /// 401.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        AppError::Unauthenticated(message.into())
    }

    /// 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        AppError::NotFound(message.into())
    }

    /// 409 for a taken value or a stale version.
    pub fn conflict(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            field,
            message: message.into(),
        }
    }

    /// 503.
    pub fn unavailable(message: impl Into<String>) -> Self {
        AppError::Unavailable(message.into())
    }

    /// 500: logs the cause here, shows nothing of it.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        tracing::error!(error = %cause, "internal error");
        AppError::Internal(cause.to_string())
    }

    /// The request field at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            AppError::Invalid { field, .. } | AppError::Conflict { field, .. } => Some(field),
            AppError::Refused { field, .. } => *field,
            _ => None,
        }
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Invalid { code, .. }
            | AppError::Refused { code, .. }
            | AppError::Forbidden { code, .. } => code,
            AppError::Unauthenticated(_) => "unauthenticated",
            AppError::NotFound(_) => "not_found",
            AppError::Conflict { .. } => "conflict",
            AppError::Unavailable(_) => "unavailable",
            AppError::NoCatalog => "no_catalog",
            AppError::Internal(_) => "internal",
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Conflict(m) => AppError::conflict("version", m),
            StoreError::NotFound(m) => AppError::not_found(m),
            other => AppError::internal(&other),
        }
    }
}

impl From<qingdan_personnel::Refusal> for AppError {
    fn from(r: qingdan_personnel::Refusal) -> Self {
        AppError::refused(r.code.as_str(), r.field, r.reason)
    }
}
