//! Each user's settings: which reminders they receive, and their calendar feed.

use crate::error::AppError;
use crate::reminder::Notification;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub remind_meeting: bool,
    pub remind_signature: bool,
    pub remind_idle: bool,
    /// The private address of the calendar feed, if one was made.
    pub feed_url: Option<String>,
    pub notifications: Vec<Notification>,
}

/// The settings form: a box is "on" when ticked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    pub remind_meeting: String,
    #[serde(default)]
    pub remind_signature: String,
    #[serde(default)]
    pub remind_idle: String,
}

#[server(endpoint = "preferences", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_preferences() -> Result<Preferences, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let state = crate::state::app_state()?;
            let (remind_meeting, remind_signature, remind_idle) = store::get(&state.db, viewer.id).await?;
            let feed_url = crate::calendar::store::token_of(&state.db, viewer.id)
                .await?
                .map(|token| state.config.link(&format!("/kalender/{token}.ics")));
            let notifications = crate::reminder::store::for_user(&state.db, viewer.id).await?;
            Ok(Preferences { remind_meeting, remind_signature, remind_idle, feed_url, notifications })
        }
        .await,
    )
}

#[server(endpoint = "save_preferences")]
pub async fn save_preferences(preferences: PreferencesForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            let on = |v: &str| v == "on";
            store::set(
                db,
                viewer.id,
                on(&preferences.remind_meeting),
                on(&preferences.remind_signature),
                on(&preferences.remind_idle),
            )
            .await?;
            Ok(())
        }
        .await,
    )
}

/// Sets the user's interface language, remembers it in the account and in the browser.
#[server(endpoint = "save_locale")]
pub async fn save_locale(bahasa: String) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            let locale = crate::locale::Locale::parse(&bahasa)
                .ok_or_else(|| AppError::invalid("bahasa", "Pilih Bahasa Indonesia atau English."))?;
            store::set_locale(db, viewer.id, locale).await?;
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(cookie) = axum::http::HeaderValue::from_str(&locale.cookie()) {
                    response.append_header(axum::http::header::SET_COOKIE, cookie);
                }
            }
            if crate::state::is_plain_form_post() {
                leptos_axum::redirect("/pengaturan");
            }
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use crate::db::{Db, DbResult};
    use crate::ids::UserId;
    use crate::{on_pool, on_tx};

    pub async fn set_locale(db: &Db, user: UserId, locale: crate::locale::Locale) -> DbResult<()> {
        let mut tx = db.begin().await?;
        on_tx!(&mut tx, c => sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
            .bind(locale.code())
            .bind(user)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        tx.commit().await
    }

    pub async fn get(db: &Db, user: UserId) -> DbResult<(bool, bool, bool)> {
        let sql = "SELECT remind_meeting, remind_signature, remind_idle FROM users WHERE id = $1";
        on_pool!(db, p => sqlx::query_as(sql).bind(user).fetch_one(p).await)
    }

    pub async fn set(db: &Db, user: UserId, meeting: bool, signature: bool, idle: bool) -> DbResult<()> {
        let mut tx = db.begin().await?;
        on_tx!(&mut tx, c => sqlx::query(
            "UPDATE users SET remind_meeting = $2, remind_signature = $3, remind_idle = $4 WHERE id = $1",
        )
        .bind(user)
        .bind(meeting)
        .bind(signature)
        .bind(idle)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        tx.commit().await
    }
}
