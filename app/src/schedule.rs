//! Step 1: the PIC schedules a meeting (once or every few weeks), moves it or cancels it.

use crate::date::{parse_date, parse_time, wib_instant};
use crate::error::{AppError, FieldError};
use crate::ids::{ApplicationId, MeetingId};
use chrono::{DateTime, Days, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Most meetings one recurring schedule creates.
pub const MAX_RECURRING: usize = 52;

/// How the PIC reached the vendor and the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Telepon,
    Email,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Telepon => "telepon",
            Channel::Email => "email",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Telepon => "Telepon",
            Channel::Email => "E-mail",
        }
    }

    pub fn parse(text: &str) -> Option<Channel> {
        match text.trim() {
            "telepon" => Some(Channel::Telepon),
            "email" => Some(Channel::Email),
            _ => None,
        }
    }
}

/// The scheduling form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ScheduleForm {
    #[serde(default)]
    pub application: String,
    #[serde(default)]
    pub tanggal: String,
    #[serde(default)]
    pub jam: String,
    /// Planned duration in minutes.
    #[serde(default)]
    pub durasi: String,
    /// A room, or an online meeting's link.
    #[serde(default)]
    pub tempat: String,
    #[serde(default)]
    pub saluran: String,
    /// The agency's contact for the meeting: Nama Klien on the form.
    #[serde(default)]
    pub klien: String,
    /// Repeat every this many weeks (empty: once).
    #[serde(default)]
    pub ulang: String,
    /// Repeat until this date.
    #[serde(default)]
    pub sampai: String,
    /// When the form was opened (for the step's time).
    #[serde(default)]
    pub dibuka: String,
}

/// A schedule that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduleEntry {
    pub application: ApplicationId,
    pub starts: Vec<DateTime<Utc>>,
    pub duration: i64,
    pub place: String,
    pub channel: Channel,
    pub client_name: String,
}

impl ScheduleForm {
    pub fn validate(&self) -> Result<ScheduleEntry, AppError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        let application = self.application.parse::<ApplicationId>().ok();
        if application.is_none() {
            fail("application", "Pilih aplikasi.".into());
        }
        let date = parse_date(&self.tanggal).map_err(|m| fail("tanggal", format!("Tanggal: {m}"))).ok();
        let time = parse_time(&self.jam).map_err(|m| fail("jam", m)).ok();
        let duration = match self.durasi.trim().parse::<i64>() {
            Ok(d) if (5..=720).contains(&d) => Some(d),
            _ => {
                fail("durasi", "Durasi antara 5 dan 720 menit.".into());
                None
            }
        };
        let place = crate::text::one_line(&self.tempat);
        if place.is_empty() {
            fail("tempat", "Tulis tempat atau tautan rapat daring.".into());
        } else if place.chars().count() > 500 {
            fail("tempat", "Tempat paling panjang 500 karakter.".into());
        }
        let channel = Channel::parse(&self.saluran);
        if channel.is_none() {
            fail("saluran", "Pilih saluran yang dipakai: telepon atau e-mail.".into());
        }
        let client_name = crate::text::one_line(&self.klien);
        if client_name.is_empty() {
            fail("klien", "Nama klien (kontak OPD) wajib diisi.".into());
        }
        let weeks = if self.ulang.trim().is_empty() {
            None
        } else {
            match self.ulang.trim().parse::<u64>() {
                Ok(w) if (1..=12).contains(&w) => Some(w),
                _ => {
                    fail("ulang", "Ulangi setiap 1 sampai 12 minggu.".into());
                    None
                }
            }
        };
        let until = match (weeks, self.sampai.trim().is_empty()) {
            (Some(_), true) => {
                fail("sampai", "Tulis sampai tanggal berapa pertemuan diulang.".into());
                None
            }
            (Some(_), false) => parse_date(&self.sampai).map_err(|m| fail("sampai", format!("Sampai: {m}"))).ok(),
            (None, _) => None,
        };
        let mut starts = Vec::new();
        if let (Some(date), Some(time)) = (date, time) {
            match (weeks, until) {
                (Some(weeks), Some(until)) => {
                    if until < date {
                        fail("sampai", "Tanggal akhir pengulangan sebelum pertemuan pertama.".into());
                    }
                    let mut day = date;
                    while day <= until && starts.len() <= MAX_RECURRING {
                        starts.push(wib_instant(day, time));
                        day = day + Days::new(7 * weeks);
                    }
                    if starts.len() > MAX_RECURRING {
                        fail("sampai", format!("Paling banyak {MAX_RECURRING} pertemuan sekaligus."));
                    }
                }
                _ => starts.push(wib_instant(date, time)),
            }
        }
        match (application, duration, channel) {
            (Some(application), Some(duration), Some(channel)) if errors.is_empty() => {
                Ok(ScheduleEntry { application, starts, duration, place, channel, client_name })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// Moving a meeting: the new date and time, and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub tanggal: String,
    #[serde(default)]
    pub jam: String,
    #[serde(default)]
    pub alasan: String,
}

/// Cancelling a meeting, and why.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub alasan: String,
}

#[cfg(feature = "ssr")]
fn reason(text: &str) -> Result<String, AppError> {
    let reason = text.trim().to_string();
    if reason.is_empty() {
        Err(AppError::invalid("alasan", "Tulis alasannya."))
    } else if reason.chars().count() > 1000 {
        Err(AppError::invalid("alasan", "Alasan paling panjang 1000 karakter."))
    } else {
        Ok(reason)
    }
}

#[cfg(feature = "ssr")]
fn meeting_id(text: &str) -> Result<MeetingId, AppError> {
    text.parse::<MeetingId>().map_err(|_| AppError::NotFound)
}

/// Schedules a meeting, or a series; returns the meetings' ids. A repeated request schedules
/// nothing twice.
#[server(endpoint = "schedule_meeting")]
pub async fn schedule_meeting(meeting: ScheduleForm) -> Result<Vec<MeetingId>, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let entry = meeting.validate()?;
            let state = crate::state::app_state()?;
            let db = &state.db;
            let reach = crate::application::store::visible(db, entry.application, viewer.scope())
                .await?
                .ok_or(AppError::NotFound)?;
            let parties = crate::workflow::parties(&reach);
            if !crate::step::may_do(crate::step::Step::Schedule, &viewer, &parties) {
                return Err(AppError::Forbidden);
            }
            let opened = crate::workflow::opened_at(&meeting.dibuka);
            let ids = store::schedule(db, &state.config, &entry, &viewer, opened).await?;
            if crate::state::is_plain_form_post() {
                leptos_axum::redirect(&format!("/pertemuan/{}", ids[0]));
            }
            Ok(ids)
        }
        .await,
    )
}

/// Moves a meeting to another date and time, with the reason.
#[server(endpoint = "move_meeting")]
pub async fn move_meeting(change: MoveForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let id = meeting_id(&change.meeting)?;
            let mut errors = Vec::new();
            let date = parse_date(&change.tanggal)
                .map_err(|m| errors.push(FieldError { field: "tanggal".into(), message: format!("Tanggal: {m}") }))
                .ok();
            let time =
                parse_time(&change.jam).map_err(|m| errors.push(FieldError { field: "jam".into(), message: m })).ok();
            let why = reason(&change.alasan).map_err(|e| {
                if let AppError::Invalid(mut more) = e {
                    errors.append(&mut more);
                }
            });
            let (Some(date), Some(time), Ok(why)) = (date, time, why) else {
                return Err(AppError::Invalid(errors));
            };
            let app = crate::state::app_state()?;
            let state = crate::workflow::store::state(&app.db, id, &viewer).await?;
            if !crate::step::may_do(crate::step::Step::Schedule, &viewer, &state.parties) {
                return Err(AppError::Forbidden);
            }
            store::move_to(&app.db, &app.config, id, wib_instant(date, time), &why, &viewer).await
        }
        .await,
    )
}

/// Cancels a meeting, with the reason.
#[server(endpoint = "cancel_meeting")]
pub async fn cancel_meeting(change: CancelForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let id = meeting_id(&change.meeting)?;
            let why = reason(&change.alasan)?;
            let app = crate::state::app_state()?;
            let state = crate::workflow::store::state(&app.db, id, &viewer).await?;
            if !crate::step::may_do(crate::step::Step::Schedule, &viewer, &state.parties) {
                return Err(AppError::Forbidden);
            }
            store::cancel(&app.db, &app.config, id, &why, &viewer).await
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
    use crate::state::Config;
    use crate::step::Step;
    use crate::{on_tx, workflow};

    pub async fn schedule(
        db: &Db,
        config: &Config,
        entry: &ScheduleEntry,
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<Vec<MeetingId>, AppError> {
        let actor = Actor::from(viewer);
        let mut tx = db.begin().await?;
        let reach = crate::application::store::reach(&mut tx, entry.application).await?.ok_or(AppError::NotFound)?;
        let now = Utc::now();
        let mut ids = Vec::new();
        for start in &entry.starts {
            let sql = "INSERT INTO meetings (application_id, no, meeting_date, client_name, agency_id, vendor_id, \
                       progress, notes, signed, created_at, updated_at, starts_at, duration_minutes, place, channel) \
                       VALUES ($1, NULL, $2, $3, $4, $5, '', '', FALSE, $6, $6, $7, $8, $9, $10) \
                       ON CONFLICT (application_id, starts_at) WHERE starts_at IS NOT NULL AND cancelled_at IS NULL \
                       DO NOTHING RETURNING id";
            let inserted: Option<(MeetingId,)> = on_tx!(&mut tx, c => sqlx::query_as(sql)
                .bind(entry.application)
                .bind(crate::date::date_in_wib(*start))
                .bind(&entry.client_name)
                .bind(reach.agency_id)
                .bind(reach.vendor_id)
                .bind(now)
                .bind(*start)
                .bind(entry.duration)
                .bind(&entry.place)
                .bind(entry.channel.as_str())
                .fetch_optional(c)
                .await)?;
            let id = match inserted {
                Some((id,)) => {
                    workflow::store::record_step(&mut tx, id, 1, Step::Schedule, opened, viewer).await?;
                    let after = serde_json::json!({
                        "mulai": crate::date::format_instant(*start),
                        "durasi_menit": entry.duration,
                        "tempat": entry.place,
                        "saluran": entry.channel.label(),
                        "klien": entry.client_name,
                    });
                    audit::record(
                        &mut tx,
                        &actor,
                        Action::Create,
                        "pertemuan",
                        id.0,
                        Some(entry.application),
                        None,
                        Some(after),
                    )
                    .await?;
                    crate::notice::meeting_invitations(&mut tx, config, id, crate::notice::Change::New).await?;
                    id
                }
                // The same meeting was scheduled already (a double click, a retried request).
                None => {
                    let sql =
                        "SELECT id FROM meetings WHERE application_id = $1 AND starts_at = $2 AND cancelled_at IS NULL";
                    let (id,): (MeetingId,) = on_tx!(&mut tx, c => sqlx::query_as(sql)
                        .bind(entry.application)
                        .bind(*start)
                        .fetch_one(c)
                        .await)?;
                    id
                }
            };
            ids.push(id);
        }
        tx.commit().await?;
        Ok(ids)
    }

    pub async fn move_to(
        db: &Db,
        config: &Config,
        id: MeetingId,
        start: DateTime<Utc>,
        why: &str,
        viewer: &Viewer,
    ) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let state = workflow::store::state_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if state.progress.cancelled || state.progress.done(Step::Document) {
            return Err(AppError::Conflict(
                "Pertemuan yang sudah dibatalkan atau didokumentasikan tidak dapat dipindah.".into(),
            ));
        }
        let before = state.starts_at;
        let sql =
            "UPDATE meetings SET starts_at = $2, meeting_date = $3, updated_at = $4, ics_sequence = ics_sequence + 1 \
                   WHERE id = $1";
        let result = on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(id)
            .bind(start)
            .bind(crate::date::date_in_wib(start))
            .bind(Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()));
        if let Err(e) = &result {
            if crate::db::is_unique_violation(e) {
                return Err(AppError::invalid("jam", "Sudah ada pertemuan aplikasi ini pada tanggal dan jam itu."));
            }
        }
        result?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "pertemuan",
            id.0,
            Some(state.application),
            Some(serde_json::json!({ "mulai": before.map(crate::date::format_instant) })),
            Some(serde_json::json!({ "mulai": crate::date::format_instant(start), "alasan_dipindah": why })),
        )
        .await?;
        crate::notice::meeting_invitations(&mut tx, config, id, crate::notice::Change::Moved { reason: why }).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn cancel(db: &Db, config: &Config, id: MeetingId, why: &str, viewer: &Viewer) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let state = workflow::store::state_in(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if state.progress.cancelled {
            return Ok(());
        }
        if state.progress.done(Step::Document) {
            return Err(AppError::Conflict("Pertemuan yang sudah didokumentasikan tidak dapat dibatalkan.".into()));
        }
        let sql = "UPDATE meetings SET cancelled_at = $2, cancel_reason = $3, updated_at = $2, \
                   ics_sequence = ics_sequence + 1 WHERE id = $1";
        on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(id)
            .bind(Utc::now())
            .bind(why)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "pertemuan",
            id.0,
            Some(state.application),
            Some(serde_json::json!({ "status": "terjadwal" })),
            Some(serde_json::json!({ "status": "dibatalkan", "alasan": why })),
        )
        .await?;
        crate::notice::meeting_invitations(&mut tx, config, id, crate::notice::Change::Cancelled { reason: why })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ScheduleForm {
        ScheduleForm {
            application: "4".into(),
            tanggal: "25/02/2025".into(),
            jam: "09:00".into(),
            durasi: "60".into(),
            tempat: "Ruang Rapat Dinkominfo".into(),
            saluran: "telepon".into(),
            klien: "Agus Prasetyo".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_meeting_at_nine_wib_starts_at_two_utc() {
        let entry = form().validate().unwrap();
        assert_eq!(entry.starts.len(), 1);
        assert_eq!(entry.starts[0].to_rfc3339(), "2025-02-25T02:00:00+00:00");
        assert_eq!(entry.channel, Channel::Telepon);
    }

    #[test]
    fn a_recurring_meeting_repeats_every_n_weeks_until_the_date() {
        let entry = ScheduleForm { ulang: "2".into(), sampai: "25/03/2025".into(), ..form() }.validate().unwrap();
        let days: Vec<String> =
            entry.starts.iter().map(|s| crate::date::format_short(crate::date::date_in_wib(*s))).collect();
        assert_eq!(days, vec!["25/02/25", "11/03/25", "25/03/25"]);
    }

    #[test]
    fn every_missing_field_is_named() {
        let err =
            ScheduleForm { application: "4".into(), ulang: "2".into(), ..Default::default() }.validate().unwrap_err();
        for field in ["tanggal", "jam", "durasi", "tempat", "saluran", "klien", "sampai"] {
            assert!(err.message_for(field).is_some(), "{field}");
        }
    }
}
