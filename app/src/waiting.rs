//! "Menunggu": what waits for the signed-in user — reports to write, meetings to review or
//! document, rows to sign, replies to send.

use crate::error::AppError;
use crate::ids::{ApplicationId, MeetingId};
use crate::step::Step;
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub meeting: MeetingId,
    pub application: ApplicationId,
    pub application_name: String,
    pub date: NaiveDate,
    pub starts_at: Option<DateTime<Utc>>,
    pub no: Option<i64>,
    pub step: Step,
    /// Since when it waits: when the step before was done.
    pub since: Option<DateTime<Utc>>,
}

#[server(endpoint = "waiting", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_waiting() -> Result<Vec<Waiting>, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            store::for_viewer(db, &viewer).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::Viewer;
    use crate::db::Db;
    use crate::on_pool;
    use crate::step::may_do;

    #[derive(sqlx::FromRow)]
    struct Row {
        id: MeetingId,
        application_id: ApplicationId,
        application_name: String,
        meeting_date: NaiveDate,
        starts_at: Option<DateTime<Utc>>,
        no: Option<i64>,
    }

    /// The meetings in the viewer's scope whose next step is the viewer's to do, oldest first.
    pub async fn for_viewer(db: &Db, viewer: &Viewer) -> Result<Vec<Waiting>, AppError> {
        let scope = viewer.scope();
        // Meetings not finished yet: not cancelled, no reply for the current revision, and not
        // an old row signed on paper.
        let sql = "SELECT m.id, m.application_id, a.name AS application_name, m.meeting_date, m.starts_at, m.no \
                   FROM meetings m JOIN applications a ON a.id = m.application_id \
                   WHERE m.cancelled_at IS NULL AND ($1 OR a.agency_id = $2 OR a.vendor_id = $3) \
                   AND NOT (m.starts_at IS NULL AND m.signed AND m.fingerprint IS NULL) \
                   AND NOT EXISTS (SELECT 1 FROM meeting_steps s WHERE s.meeting_id = m.id AND s.step = 8 AND s.revision = m.revision) \
                   ORDER BY m.meeting_date, m.id";
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_all(p)
            .await)?;
        let ids: Vec<MeetingId> = rows.iter().map(|r| r.id).collect();
        let mut states: std::collections::HashMap<MeetingId, _> =
            crate::workflow::store::states(db, &ids).await?.into_iter().map(|s| (s.id, s)).collect();
        let mut waiting = Vec::new();
        for row in rows {
            let Some(state) = states.remove(&row.id) else { continue };
            let Some(step) = state.progress.next() else { continue };
            if !may_do(step, viewer, &state.parties) {
                continue;
            }
            let since = step.previous().and_then(|p| state.progress.record(p)).map(|r| r.done_at);
            waiting.push(Waiting {
                meeting: row.id,
                application: row.application_id,
                application_name: row.application_name,
                date: row.meeting_date,
                starts_at: row.starts_at,
                no: row.no,
                step,
                since: since.filter(|t| *t > DateTime::<Utc>::UNIX_EPOCH),
            });
        }
        Ok(waiting)
    }
}
