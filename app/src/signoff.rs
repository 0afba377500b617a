//! Step 7: the Kasi signs the row. The signature names the Kasi, the time and a SHA-256
//! fingerprint of the signed content; from then on the row is locked (in the database too),
//! and a correction is a new revision that needs a new signature.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ids::MeetingId;
use crate::workflow::StepForm;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A signature, as TTD Kasie shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub revision: i64,
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    pub fingerprint: String,
}

/// What is signed: the row as the form prints it, with its application, revision, signer and
/// time, one field a line.
#[allow(clippy::too_many_arguments)]
pub fn signed_content(
    application: &str,
    no: i64,
    revision: i64,
    date: chrono::NaiveDate,
    client: &str,
    vendor: &str,
    progress: &str,
    notes: &str,
    signer: &str,
    signed_at: DateTime<Utc>,
) -> String {
    [
        "FRM-DINKOMINFO-020".to_string(),
        application.to_string(),
        format!("No {no}"),
        format!("Revisi {revision}"),
        crate::date::format_numeric(date),
        client.to_string(),
        vendor.to_string(),
        progress.to_string(),
        notes.to_string(),
        signer.to_string(),
        signed_at.to_rfc3339(),
    ]
    .join("\n")
}

/// The SHA-256 of the signed content, in hexadecimal.
#[cfg(feature = "ssr")]
pub fn fingerprint(content: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(content.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The start of a fingerprint, as the form shows it.
pub fn short_fingerprint(fingerprint: &str) -> String {
    fingerprint.chars().take(16).collect()
}

/// The Kasi signs the current revision. Signing twice leaves one signature.
#[server(endpoint = "sign_meeting")]
pub async fn sign_meeting(step: StepForm) -> Result<Signature, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let id = step.meeting.parse::<MeetingId>().map_err(|_| AppError::NotFound)?;
            let app = crate::state::app_state()?;
            let state = crate::workflow::store::state(&app.db, id, &viewer).await?;
            if !crate::step::may_do(crate::step::Step::Sign, &viewer, &state.parties) {
                return Err(AppError::Forbidden);
            }
            store::sign(&app.db, &app.config, id, &viewer, crate::workflow::opened_at(&step.dibuka)).await
        }
        .await,
    )
}

/// The PIC starts a correction of a signed row: the next revision, unsigned, to be edited
/// and signed again. The signed revision stays readable.
#[server(endpoint = "start_correction")]
pub async fn start_correction(step: StepForm) -> Result<i64, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let id = step.meeting.parse::<MeetingId>().map_err(|_| AppError::NotFound)?;
            let db = &crate::state::app_state()?.db;
            let state = crate::workflow::store::state(db, id, &viewer).await?;
            if !viewer.can_edit_log(state.parties.pic) {
                return Err(AppError::Forbidden);
            }
            let revision = store::start_correction(db, id, &viewer).await?;
            if crate::state::is_plain_form_post() {
                leptos_axum::redirect(&format!("/aplikasi/{}?ubah={id}", state.application));
            }
            Ok(revision)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::Viewer;
    use crate::audit::{self, Action, Actor};
    use crate::db::Db;
    use crate::step::Step;
    use crate::{on_tx, workflow};

    async fn current_signature(tx: &mut crate::db::Tx, id: MeetingId) -> Result<Option<Signature>, AppError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            revision: i64,
            signer_name: Option<String>,
            signed_at: Option<DateTime<Utc>>,
            fingerprint: Option<String>,
        }
        let sql = "SELECT revision, signer_name, signed_at, fingerprint FROM meetings WHERE id = $1 AND signed";
        let row: Option<Row> = on_tx!(tx, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)?;
        // A row signed on paper carries no signer or fingerprint.
        Ok(row.map(|r| Signature {
            revision: r.revision,
            signer_name: r.signer_name.unwrap_or_else(|| "ttd (kertas)".into()),
            signed_at: r.signed_at.unwrap_or(DateTime::<Utc>::UNIX_EPOCH),
            fingerprint: r.fingerprint.unwrap_or_default(),
        }))
    }

    pub async fn sign(
        db: &Db,
        config: &crate::state::Config,
        id: MeetingId,
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<Signature, AppError> {
        let mut tx = db.begin().await?;
        if let Some(existing) = current_signature(&mut tx, id).await? {
            // Already signed: a repeated request changes nothing.
            return Ok(existing);
        }
        let state = workflow::store::state_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if !state.progress.open_for(Step::Sign) {
            return Err(AppError::Conflict(format!(
                "Baris ini belum dapat ditandatangani: langkah \"{}\" belum dilakukan.",
                state.progress.next().map(Step::label).unwrap_or("sebelumnya")
            )));
        }
        let row = crate::meeting::store::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        let no = row.no.ok_or_else(|| AppError::Conflict("Baris ini belum bernomor.".into()))?;
        let (application,): (String,) = on_tx!(&mut tx, c => sqlx::query_as("SELECT name FROM applications WHERE id = $1")
            .bind(state.application)
            .fetch_one(c)
            .await)?;
        // Microseconds: what both databases keep, so the fingerprint can be checked again.
        let signed_at = chrono::SubsecRound::trunc_subsecs(Utc::now(), 6);
        let revision = state.progress.revision;
        let content = signed_content(
            &application,
            no,
            revision,
            row.date,
            &row.client_label(),
            &row.vendor_name,
            &row.progress,
            &row.notes,
            &viewer.name,
            signed_at,
        );
        let fp = fingerprint(&content);
        let sql = "UPDATE meetings SET signed = TRUE, signer_name = $3, signed_at = $4, fingerprint = $5 \
                   WHERE id = $1 AND revision = $2 AND NOT signed";
        let updated = on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(id)
            .bind(revision)
            .bind(&viewer.name)
            .bind(signed_at)
            .bind(&fp)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        if updated == 0 {
            // Signed meanwhile by a request that came just before.
            let existing = current_signature(&mut tx, id).await?;
            return existing.ok_or(AppError::Internal);
        }
        let insert = "INSERT INTO signed_rows (meeting_id, revision, no, meeting_date, client, vendor, progress, notes, \
                      signer_id, signer_name, signed_at, fingerprint) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
        on_tx!(&mut tx, c => sqlx::query(insert)
            .bind(id)
            .bind(revision)
            .bind(no)
            .bind(row.date)
            .bind(row.client_label())
            .bind(&row.vendor_name)
            .bind(&row.progress)
            .bind(&row.notes)
            .bind(viewer.id)
            .bind(&viewer.name)
            .bind(signed_at)
            .bind(&fp)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        workflow::store::record_step(&mut tx, id, revision, Step::Sign, opened, viewer).await?;
        // The agency is asked to rate the vendor (at most once a month per application).
        crate::survey::store::open_after_signing(&mut tx, config, state.application, id).await?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "baris_log",
            id.0,
            Some(state.application),
            Some(serde_json::json!({ "ttd_kasie": false, "revisi": revision })),
            Some(serde_json::json!({ "ttd_kasie": true, "revisi": revision, "penanda_tangan": viewer.name, "sidik_sha256": fp })),
        )
        .await?;
        tx.commit().await?;
        Ok(Signature { revision, signer_name: viewer.name.clone(), signed_at, fingerprint: fp })
    }

    pub async fn start_correction(db: &Db, id: MeetingId, viewer: &Viewer) -> Result<i64, AppError> {
        let mut tx = db.begin().await?;
        let state = workflow::store::state_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if !state.signed {
            // Already being corrected (or never signed): nothing to start.
            return Ok(state.progress.revision);
        }
        let sql = "UPDATE meetings SET revision = revision + 1, signed = FALSE, signer_name = NULL, signed_at = NULL, \
                   fingerprint = NULL, updated_at = $3 WHERE id = $1 AND revision = $2 AND signed";
        on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(id)
            .bind(state.progress.revision)
            .bind(Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        let revision = state.progress.revision + 1;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "baris_log",
            id.0,
            Some(state.application),
            Some(serde_json::json!({ "revisi": state.progress.revision, "ttd_kasie": true })),
            Some(serde_json::json!({ "revisi": revision, "ttd_kasie": false, "koreksi": true })),
        )
        .await?;
        tx.commit().await?;
        Ok(revision)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_changes_with_any_word_of_the_row() {
        let at = DateTime::parse_from_rfc3339("2025-04-22T03:00:00Z").unwrap().to_utc();
        let date = chrono::NaiveDate::from_ymd_opt(2025, 4, 22).unwrap();
        let content = |progress: &str| {
            signed_content("Rujukan", 4, 1, date, "Agus (Dinkes)", "PT. ABC", progress, "", "Sri Wahyuni", at)
        };
        let a = fingerprint(&content("Fitur A selesai"));
        assert_eq!(a.len(), 64);
        assert_eq!(a, fingerprint(&content("Fitur A selesai")));
        assert_ne!(a, fingerprint(&content("Fitur A selesai.")));
        assert_eq!(short_fingerprint(&a).len(), 16);
    }
}
