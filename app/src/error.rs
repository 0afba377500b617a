//! The one error type at the boundary between the server and its callers.

use serde::{Deserialize, Serialize};

/// What can go wrong in a request, in words a user can act on.
///
/// Internal failures carry no detail: their cause is logged on the server and the user reads a
/// plain sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Data tidak ditemukan.")]
    NotFound,
    #[error("Anda tidak berhak melakukan tindakan ini.")]
    Forbidden,
    #[error("Anda belum masuk atau sesi Anda telah berakhir. Silakan masuk.")]
    Unauthenticated,
    #[error("{}", .0.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" "))]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Conflict(String),
    #[error("Terjadi kesalahan pada server. Silakan coba lagi; bila berulang, hubungi admin.")]
    Internal,
    #[error("Gagal menghubungi server: {0}.")]
    Transport(String),
}

/// A user's mistake in one field of a form, or in one cell of an imported sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError { field: field.to_string(), message: message.into() }])
    }

    /// The answer to input that could not be read at all.
    pub fn malformed() -> Self {
        AppError::invalid("", "Isian tidak lengkap atau tidak sah; muat ulang halaman lalu coba lagi.")
    }

    /// The message for the form field `field`, if this error is about that field.
    pub fn message_for(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid(errors) => errors.iter().find(|e| e.field == field).map(|e| e.message.clone()),
            _ => None,
        }
    }

    /// The message that belongs to no particular field: everything but per-field mistakes.
    pub fn general_message(&self) -> Option<String> {
        match self {
            AppError::Invalid(errors) => {
                let general: Vec<&str> =
                    errors.iter().filter(|e| e.field.is_empty()).map(|e| e.message.as_str()).collect();
                (!general.is_empty()).then(|| general.join(" "))
            }
            other => Some(other.to_string()),
        }
    }

    /// The HTTP status that answers this error.
    #[cfg(feature = "ssr")]
    pub fn status(&self) -> axum::http::StatusCode {
        use axum::http::StatusCode;
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Internal | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Logs an unexpected failure with its cause and returns the plain error for the user.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!("{context}: {cause}");
        AppError::Internal
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            E::Args(_) | E::MissingArg(_) => AppError::malformed(),
            // On the server, a body that cannot be decoded at all is the caller's mistake too;
            // in the browser the same error means the answer did not arrive whole.
            E::Deserialization(_) | E::Request(_) if cfg!(feature = "ssr") => AppError::malformed(),
            _ => AppError::Transport("periksa sambungan lalu coba lagi".into()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::internal("database", err)
    }
}
