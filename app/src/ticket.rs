//! Step 8: each application's service-desk ticket. Service Desk staff reply with the signed
//! row; the agency reads the thread under "Tiket > Semua Tiket", as the SOP describes.

use crate::error::AppError;
use crate::ids::{ApplicationId, MeetingId};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A reply in a ticket's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub id: i64,
    pub meeting: MeetingId,
    pub revision: i64,
    pub body: String,
    pub author_name: String,
    pub created_at: DateTime<Utc>,
}

/// A line of "Semua Tiket".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketSummary {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub application: ApplicationId,
    pub application_name: String,
    pub agency_name: String,
    pub replies: i64,
    pub last_reply_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketThread {
    pub ticket: TicketSummary,
    pub replies: Vec<Reply>,
}

/// The reply form of step 8.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub isi: String,
    #[serde(default)]
    pub dibuka: String,
}

/// The reply composed from the signed row, for Service Desk to send (and edit first if needed).
pub fn compose_reply(view: &crate::workflow::MeetingView) -> String {
    let when = view.signed_at.map(crate::date::format_instant).unwrap_or_default();
    let fingerprint = view.fingerprint.as_deref().map(crate::signoff::short_fingerprint).unwrap_or_default();
    let notes = if view.notes.is_empty() { "–".to_string() } else { view.notes.clone() };
    format!(
        "Yth. {agency},\n\nBerikut laporan progres pembuatan aplikasi {app} dari pertemuan No {no} tanggal {date} \
         (formulir FRM-DINKOMINFO-020, revisi {rev}).\n\nDeskripsi laporan progres: {progress}\nCatatan: {notes}\n\n\
         Baris ini telah ditandatangani {signer} pada {when} (sidik SHA-256 {fingerprint}).\n\n\
         Salam,\nService Desk Dinas Komunikasi dan Informatika Kota Madiun",
        agency = view.agency_name,
        app = view.application_name,
        no = view.no.unwrap_or_default(),
        date = crate::date::format_long(view.date),
        rev = view.revision,
        progress = view.progress,
        signer = view.signer_name.as_deref().unwrap_or("Kasi"),
    )
}

/// Service Desk replies on the application's ticket with the signed row. A repeated request
/// leaves one reply.
#[server(endpoint = "reply_ticket")]
pub async fn reply_ticket(reply: ReplyForm) -> Result<i64, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let id = reply.meeting.parse::<MeetingId>().map_err(|_| AppError::NotFound)?;
            let body = reply.isi.trim().to_string();
            if body.is_empty() {
                return Err(AppError::invalid("isi", "Isi balasan wajib diisi."));
            }
            if body.chars().count() > crate::meeting::MAX_TEXT {
                return Err(AppError::invalid("isi", "Isi balasan terlalu panjang."));
            }
            let app = crate::state::app_state()?;
            let state = crate::workflow::store::state(&app.db, id, &viewer).await?;
            if !crate::step::may_do(crate::step::Step::Reply, &viewer, &state.parties) {
                return Err(AppError::Forbidden);
            }
            store::reply(&app.db, &app.config, id, &body, &viewer, crate::workflow::opened_at(&reply.dibuka)).await
        }
        .await,
    )
}

/// Every ticket the viewer may see ("Tiket > Semua Tiket").
#[server(endpoint = "tickets", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_tickets() -> Result<Vec<TicketSummary>, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            Ok(store::list(db, viewer.scope(), None).await?)
        }
        .await,
    )
}

/// One ticket and its thread.
#[server(endpoint = "ticket", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_ticket(id: i64) -> Result<TicketThread, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            let ticket = store::list(db, viewer.scope(), Some(id)).await?.pop().ok_or(AppError::NotFound)?;
            let replies = store::replies(db, id).await?;
            Ok(TicketThread { ticket, replies })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::{Scope, Viewer};
    use crate::audit::{self, Action, Actor};
    use crate::db::{Db, DbResult, Tx};
    use crate::step::Step;
    use crate::{on_pool, on_tx, workflow};

    /// The application's ticket, opened on its first use.
    pub async fn ensure(tx: &mut Tx, application: ApplicationId) -> DbResult<i64> {
        let sql = "INSERT INTO tickets (application_id, number, subject, agency_id, created_at) \
                   SELECT a.id, $2, 'Pendampingan pembuatan aplikasi ' || a.name, a.agency_id, $3 \
                   FROM applications a WHERE a.id = $1 ON CONFLICT (application_id) DO NOTHING";
        on_tx!(tx, c => sqlx::query(sql)
            .bind(application)
            .bind(format!("SD-{:05}", application.0))
            .bind(Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as("SELECT id FROM tickets WHERE application_id = $1")
            .bind(application)
            .fetch_one(c)
            .await)?;
        Ok(id)
    }

    pub async fn reply(
        db: &Db,
        config: &crate::state::Config,
        meeting: MeetingId,
        body: &str,
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<i64, AppError> {
        let mut tx = db.begin().await?;
        let state = workflow::store::state_in(&mut tx, meeting).await?.ok_or(AppError::NotFound)?;
        let revision = state.progress.revision;
        let existing: Option<(i64,)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT id FROM ticket_replies WHERE meeting_id = $1 AND revision = $2",
        )
        .bind(meeting)
        .bind(revision)
        .fetch_optional(c)
        .await)?;
        if let Some((id,)) = existing {
            // Sent already: a repeated request sends nothing twice.
            return Ok(id);
        }
        if !state.progress.open_for(Step::Reply) {
            return Err(AppError::Conflict("Balasan dikirim setelah Kasi menandatangani baris ini.".into()));
        }
        let ticket = ensure(&mut tx, state.application).await?;
        let sql =
            "INSERT INTO ticket_replies (ticket_id, meeting_id, revision, body, author_id, author_name, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (meeting_id, revision) DO NOTHING RETURNING id";
        let inserted: Option<(i64,)> = on_tx!(&mut tx, c => sqlx::query_as(sql)
            .bind(ticket)
            .bind(meeting)
            .bind(revision)
            .bind(body)
            .bind(viewer.id)
            .bind(&viewer.name)
            .bind(Utc::now())
            .fetch_optional(c)
            .await)?;
        let Some((id,)) = inserted else {
            let (id,): (i64,) = on_tx!(&mut tx, c => sqlx::query_as(
                "SELECT id FROM ticket_replies WHERE meeting_id = $1 AND revision = $2",
            )
            .bind(meeting)
            .bind(revision)
            .fetch_one(c)
            .await)?;
            return Ok(id);
        };
        workflow::store::record_step(&mut tx, meeting, revision, Step::Reply, opened, viewer).await?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Create,
            "balasan_tiket",
            id,
            Some(state.application),
            None,
            Some(serde_json::json!({ "isi": body, "revisi": revision })),
        )
        .await?;
        crate::notice::reply_webhook(&mut tx, config, meeting, id).await?;
        tx.commit().await?;
        Ok(id)
    }

    #[derive(sqlx::FromRow)]
    struct ReplyRow {
        id: i64,
        meeting_id: MeetingId,
        revision: i64,
        body: String,
        author_name: String,
        created_at: DateTime<Utc>,
    }

    impl From<ReplyRow> for Reply {
        fn from(r: ReplyRow) -> Reply {
            Reply {
                id: r.id,
                meeting: r.meeting_id,
                revision: r.revision,
                body: r.body,
                author_name: r.author_name,
                created_at: r.created_at,
            }
        }
    }

    const REPLY_SQL: &str = "SELECT id, meeting_id, revision, body, author_name, created_at FROM ticket_replies";

    pub async fn reply_for(db: &Db, meeting: MeetingId, revision: i64) -> DbResult<Option<Reply>> {
        let sql = format!("{REPLY_SQL} WHERE meeting_id = $1 AND revision = $2");
        let row: Option<ReplyRow> =
            on_pool!(db, p => sqlx::query_as(&sql).bind(meeting).bind(revision).fetch_optional(p).await)?;
        Ok(row.map(Reply::from))
    }

    pub async fn replies(db: &Db, ticket: i64) -> DbResult<Vec<Reply>> {
        let sql = format!("{REPLY_SQL} WHERE ticket_id = $1 ORDER BY id DESC");
        let rows: Vec<ReplyRow> = on_pool!(db, p => sqlx::query_as(&sql).bind(ticket).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Reply::from).collect())
    }

    #[derive(sqlx::FromRow)]
    struct TicketRow {
        id: i64,
        number: String,
        subject: String,
        application_id: ApplicationId,
        application_name: String,
        agency_name: String,
        replies: i64,
        last_reply_at: Option<DateTime<Utc>>,
    }

    /// The tickets in scope (or the one with id `only`), newest reply first.
    pub async fn list(db: &Db, scope: Scope, only: Option<i64>) -> DbResult<Vec<TicketSummary>> {
        let sql = "SELECT t.id, t.number, t.subject, a.id AS application_id, a.name AS application_name, \
                   g.name AS agency_name, COUNT(r.id) AS replies, MAX(r.created_at) AS last_reply_at \
                   FROM tickets t JOIN applications a ON a.id = t.application_id JOIN agencies g ON g.id = t.agency_id \
                   LEFT JOIN ticket_replies r ON r.ticket_id = t.id \
                   WHERE ($1 OR a.agency_id = $2 OR a.vendor_id = $3) AND ($4 IS NULL OR t.id = $4) \
                   GROUP BY t.id, t.number, t.subject, a.id, a.name, g.name ORDER BY COALESCE(MAX(r.id), 0) DESC, t.id DESC";
        let rows: Vec<TicketRow> = on_pool!(db, p => sqlx::query_as(sql)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .bind(only)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| TicketSummary {
                id: r.id,
                number: r.number,
                subject: r.subject,
                application: r.application_id,
                application_name: r.application_name,
                agency_name: r.agency_name,
                replies: r.replies,
                last_reply_at: r.last_reply_at,
            })
            .collect())
    }
}
