//! Each user's calendar feed: an .ics address with a private token, listing the meetings the
//! user may see, for Outlook, Google Calendar or Thunderbird to subscribe to.

use crate::error::AppError;
use leptos::prelude::*;

/// Makes a new private address for the viewer's feed (the old one stops working).
#[server(endpoint = "new_feed")]
pub async fn new_feed() -> Result<String, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let state = crate::state::app_state()?;
            let token = store::new_token(&state.db, viewer.id).await?;
            Ok(state.config.link(&format!("/kalender/{token}.ics")))
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use crate::db::{Db, DbResult};
    use crate::ics::{self, Event, Method};
    use crate::ids::{MeetingId, UserId};
    use crate::state::Config;
    use crate::{on_pool, on_tx};
    use chrono::{DateTime, Utc};

    pub async fn new_token(db: &Db, user: UserId) -> DbResult<String> {
        let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let mut tx = db.begin().await?;
        on_tx!(&mut tx, c => sqlx::query("UPDATE users SET calendar_token = $2 WHERE id = $1")
            .bind(user)
            .bind(&token)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(token)
    }

    pub async fn token_of(db: &Db, user: UserId) -> DbResult<Option<String>> {
        let row: Option<(Option<String>,)> = on_pool!(db, p => sqlx::query_as("SELECT calendar_token FROM users WHERE id = $1").bind(user).fetch_optional(p).await)?;
        Ok(row.and_then(|(t,)| t))
    }

    #[derive(sqlx::FromRow)]
    struct Row {
        id: MeetingId,
        application_name: String,
        agency_name: String,
        vendor_name: String,
        starts_at: DateTime<Utc>,
        duration_minutes: Option<i64>,
        place: Option<String>,
        ics_sequence: i64,
        cancelled_at: Option<DateTime<Utc>>,
    }

    /// The feed of the account with this token, or none for an unknown token or an inactive
    /// account. It lists the meetings of the last 180 days and all to come, in the user's scope.
    pub async fn feed(db: &Db, config: &Config, token: &str) -> DbResult<Option<String>> {
        if token.len() < 32 {
            return Ok(None);
        }
        let row: Option<(UserId,)> = on_pool!(db, p => sqlx::query_as("SELECT id FROM users WHERE calendar_token = $1 AND active")
            .bind(token)
            .fetch_optional(p)
            .await)?;
        let Some((user,)) = row else { return Ok(None) };
        let Some((viewer, _)) = crate::account::store::for_session(db, user).await? else { return Ok(None) };
        let scope = viewer.scope();
        let since = Utc::now() - chrono::Duration::days(180);
        let sql = "SELECT m.id, a.name AS application_name, g.name AS agency_name, v.name AS vendor_name, m.starts_at, \
                   m.duration_minutes, m.place, m.ics_sequence, m.cancelled_at FROM meetings m \
                   JOIN applications a ON a.id = m.application_id JOIN agencies g ON g.id = a.agency_id \
                   JOIN vendors v ON v.id = a.vendor_id \
                   WHERE m.starts_at IS NOT NULL AND m.starts_at >= $1 AND ($2 OR a.agency_id = $3 OR a.vendor_id = $4) \
                   ORDER BY m.starts_at";
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql)
            .bind(since)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_all(p)
            .await)?;
        let events: Vec<Event> = rows
            .into_iter()
            .map(|r| Event {
                uid: format!("pertemuan-{}@{}", r.id, config.host()),
                sequence: r.ics_sequence,
                starts_at: r.starts_at,
                minutes: r.duration_minutes.unwrap_or(60),
                summary: format!("Pendampingan – {}", r.application_name),
                location: r.place.unwrap_or_default(),
                description: format!(
                    "{} ({}) bersama {}. {}",
                    r.application_name,
                    r.agency_name,
                    r.vendor_name,
                    config.link(&format!("/pertemuan/{}", r.id))
                ),
                organizer: None,
                attendees: Vec::new(),
                cancelled: r.cancelled_at.is_some(),
            })
            .collect();
        Ok(Some(ics::calendar(Method::Publish, &events, Utc::now())))
    }
}
