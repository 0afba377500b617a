//! What every request needs: the database and Leptos's options, shared by all handlers.

use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
}

/// The state, as server functions and pages find it in their context.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| AppError::internal("state", "AppState missing from context"))
}

/// Whether the request is a plain HTML form post from a browser that runs no script of ours:
/// such a browser expects to be sent to a page, not given data.
pub fn is_plain_form_post() -> bool {
    use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.headers.get(axum::http::header::ACCEPT)?.to_str().ok().map(|a| a.contains("text/html")))
        .unwrap_or(false)
}

/// Gives a server function's error its HTTP status (a user's mistake is not a server failure).
/// A plain form post keeps the redirect back to its page that Leptos gives it.
pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        if !is_plain_form_post() {
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(error.status());
            }
        }
    }
    result
}
