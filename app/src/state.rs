//! What every request needs: the database and Leptos's options, shared by all handlers.

use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;

#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: std::sync::Arc<Config>,
}

/// How mail and the service-desk webhook are sent.
#[derive(Clone, Debug, Default)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    /// `none`, `starttls` or `tls`.
    pub tls: String,
    pub user: Option<String>,
    pub password: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Webhook {
    pub url: String,
    pub secret: String,
}

/// Settings the application itself needs (the server's own are in its `Settings`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Where users reach the site; links in messages and calendar UIDs use it.
    pub public_url: String,
    pub smtp: Option<Smtp>,
    /// The sender of every message.
    pub mail_from: String,
    pub webhook: Option<Webhook>,
    /// How often the outbox worker looks for work.
    pub poll: std::time::Duration,
    /// The first wait after a failed attempt; it doubles with each failure.
    pub retry_base: std::time::Duration,
    /// How often the reminders are made.
    pub reminder_every: std::time::Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            public_url: "http://127.0.0.1:3000".into(),
            smtp: None,
            mail_from: "Pendamping Dinkominfo <pendamping@madiunkota.go.id>".into(),
            webhook: None,
            poll: std::time::Duration::from_secs(2),
            retry_base: std::time::Duration::from_secs(10),
            reminder_every: std::time::Duration::from_secs(60),
        }
    }
}

impl Config {
    /// The host part of the public address, for calendar UIDs.
    pub fn host(&self) -> String {
        let rest = self.public_url.split_once("://").map(|(_, r)| r).unwrap_or(&self.public_url);
        rest.split(['/', ':']).next().unwrap_or("pendamping").to_string()
    }

    /// A full link to a path of the site.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }
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
