//! Meetings: the rows of form FRM-DINKOMINFO-020, and the form that adds and edits them.

use crate::agency::client_label;
use crate::date::parse_date;
use crate::error::{AppError, FieldError};
pub use crate::ids::MeetingId;
use crate::ids::{AgencyId, ApplicationId};
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest text accepted in Deskripsi Laporan Progress or Catatan.
pub const MAX_TEXT: usize = 20_000;
/// Longest client name.
pub const MAX_NAME: usize = 200;

/// A row of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub application_id: ApplicationId,
    /// The row's number on its application's form.
    pub no: Option<i64>,
    pub date: NaiveDate,
    pub client_name: String,
    pub agency_id: AgencyId,
    pub agency_abbreviation: String,
    pub vendor_name: String,
    pub progress: String,
    pub notes: String,
    pub signed: bool,
    pub revision: i64,
    /// The Kasi's signature in Pendamping; a row signed on paper has none.
    pub signer_name: Option<String>,
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub fingerprint: Option<String>,
}

impl Meeting {
    /// "Agus Prasetyo (Dinkes)".
    pub fn client_label(&self) -> String {
        client_label(&self.client_name, &self.agency_abbreviation)
    }

    /// The row as the audit trail keeps it.
    pub fn audit_value(&self) -> serde_json::Value {
        serde_json::json!({
            "no": self.no,
            "tanggal_pertemuan": crate::date::format_numeric(self.date),
            "nama_klien_opd": self.client_label(),
            "pihak_ketiga": self.vendor_name,
            "deskripsi_laporan_progress": self.progress,
            "catatan": self.notes,
            "ttd_kasie": self.signed,
        })
    }
}

/// The row form as typed: every field is text until [`MeetingForm::validate`] reads it.
/// The same validation runs in the browser and in the server function.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingForm {
    pub application: String,
    /// Empty for a new row; the row's id when editing.
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub tanggal: String,
    #[serde(default)]
    pub klien: String,
    #[serde(default)]
    pub opd: String,
    #[serde(default)]
    pub progress: String,
    #[serde(default)]
    pub catatan: String,
}

/// A row that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct MeetingEntry {
    pub application: ApplicationId,
    pub meeting: Option<MeetingId>,
    pub date: NaiveDate,
    pub client_name: String,
    pub agency: AgencyId,
    pub progress: String,
    pub notes: String,
}

impl MeetingForm {
    /// Reads the form, naming every field that is wrong.
    pub fn validate(&self) -> Result<MeetingEntry, AppError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });

        let application = self.application.parse::<ApplicationId>().ok();
        if application.is_none() {
            fail("", "Aplikasi tidak dikenal.".into());
        }
        let meeting = if self.meeting.trim().is_empty() {
            None
        } else {
            let parsed = self.meeting.parse::<MeetingId>().ok();
            if parsed.is_none() {
                fail("", "Baris yang diubah tidak dikenal.".into());
            }
            parsed
        };
        let date = match parse_date(&self.tanggal) {
            Ok(date) => Some(date),
            Err(message) => {
                let message = if self.tanggal.trim().is_empty() {
                    "Tanggal Pertemuan wajib diisi.".to_string()
                } else {
                    format!("Tanggal Pertemuan: {message}")
                };
                fail("tanggal", message);
                None
            }
        };
        let client_name = crate::text::one_line(&self.klien);
        if client_name.is_empty() {
            fail("klien", "Nama klien wajib diisi.".into());
        } else if client_name.chars().count() > MAX_NAME {
            fail("klien", format!("Nama klien paling panjang {MAX_NAME} karakter."));
        }
        let agency = self.opd.parse::<AgencyId>().ok();
        if agency.is_none() {
            fail("opd", "Pilih OPD klien.".into());
        }
        let progress = self.progress.trim().to_string();
        if progress.is_empty() {
            fail("progress", "Deskripsi Laporan Progress wajib diisi.".into());
        } else if progress.chars().count() > MAX_TEXT {
            fail("progress", format!("Deskripsi Laporan Progress paling panjang {MAX_TEXT} karakter."));
        }
        let notes = self.catatan.trim().to_string();
        if notes.chars().count() > MAX_TEXT {
            fail("catatan", format!("Catatan paling panjang {MAX_TEXT} karakter."));
        }
        match (application, date, agency) {
            (Some(application), Some(date), Some(agency)) if errors.is_empty() => {
                Ok(MeetingEntry { application, meeting, date, client_name, agency, progress, notes })
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// A row just saved: its id and its number on the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedRow {
    pub id: MeetingId,
    pub no: i64,
}

/// Adds a row to an application's form, or changes one.
#[server(endpoint = "save_meeting")]
pub async fn save_meeting(row: MeetingForm) -> Result<SavedRow, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let state = crate::state::app_state()?;
            let entry = row.validate()?;
            let reach = crate::application::store::visible(&state.db, entry.application, viewer.scope())
                .await?
                .ok_or(AppError::NotFound)?;
            if !viewer.can_edit_log(reach.pic_user_id) {
                return Err(AppError::Forbidden);
            }
            store::save(&state.db, &entry, &crate::audit::Actor::from(&viewer)).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::audit::{self, Action, Actor};
    use crate::db::{Db, DbResult, Tx};
    use crate::ids::VendorId;
    use crate::{on_pool, on_tx};

    #[derive(sqlx::FromRow)]
    struct Row {
        id: MeetingId,
        application_id: ApplicationId,
        no: Option<i64>,
        meeting_date: NaiveDate,
        client_name: String,
        agency_id: AgencyId,
        agency_abbreviation: String,
        vendor_name: String,
        progress: String,
        notes: String,
        signed: bool,
        revision: i64,
        signer_name: Option<String>,
        signed_at: Option<chrono::DateTime<chrono::Utc>>,
        fingerprint: Option<String>,
    }

    impl From<Row> for Meeting {
        fn from(r: Row) -> Self {
            Meeting {
                id: r.id,
                application_id: r.application_id,
                no: r.no,
                date: r.meeting_date,
                client_name: r.client_name,
                agency_id: r.agency_id,
                agency_abbreviation: r.agency_abbreviation,
                vendor_name: r.vendor_name,
                progress: r.progress,
                notes: r.notes,
                signed: r.signed,
                revision: r.revision,
                signer_name: r.signer_name,
                signed_at: r.signed_at,
                fingerprint: r.fingerprint,
            }
        }
    }

    const SELECT: &str = "SELECT m.id, m.application_id, m.no, m.meeting_date, m.client_name, m.agency_id, \
                          g.abbreviation AS agency_abbreviation, v.name AS vendor_name, m.progress, m.notes, m.signed, \
                          m.revision, m.signer_name, m.signed_at, m.fingerprint \
                          FROM meetings m JOIN agencies g ON g.id = m.agency_id JOIN vendors v ON v.id = m.vendor_id";

    /// The rows of an application's form, by number (meetings not documented yet are not rows).
    pub async fn list_for_application(db: &Db, application: ApplicationId) -> DbResult<Vec<Meeting>> {
        let sql = format!("{SELECT} WHERE m.application_id = $1 AND m.no IS NOT NULL ORDER BY m.no, m.id");
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(&sql).bind(application).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Meeting::from).collect())
    }

    /// The same rows, read inside a write transaction.
    pub async fn list_in_tx(tx: &mut Tx, application: ApplicationId) -> DbResult<Vec<Meeting>> {
        let sql = format!("{SELECT} WHERE m.application_id = $1 ORDER BY m.no, m.id");
        let rows: Vec<Row> = on_tx!(tx, c => sqlx::query_as(&sql).bind(application).fetch_all(c).await)?;
        Ok(rows.into_iter().map(Meeting::from).collect())
    }

    pub async fn get(tx: &mut Tx, id: MeetingId) -> DbResult<Option<Meeting>> {
        let sql = format!("{SELECT} WHERE m.id = $1");
        let row: Option<Row> = on_tx!(tx, c => sqlx::query_as(&sql).bind(id).fetch_optional(c).await)?;
        Ok(row.map(Meeting::from))
    }

    /// The number the next row of an application's form gets.
    pub async fn next_no(tx: &mut Tx, application: ApplicationId) -> DbResult<i64> {
        // Two PostgreSQL writers could both read the same MAX(no); the lock on the application's
        // row lets one number at a time (SQLite's BEGIN IMMEDIATE already does).
        if let Tx::Postgres(t) = tx {
            sqlx::query("SELECT id FROM applications WHERE id = $1 FOR NO KEY UPDATE")
                .bind(application)
                .execute(&mut **t)
                .await?;
        }
        let sql = "SELECT COALESCE(MAX(no), 0) + 1 FROM meetings WHERE application_id = $1";
        let (no,): (i64,) = on_tx!(tx, c => sqlx::query_as(sql).bind(application).fetch_one(c).await)?;
        Ok(no)
    }

    /// A row as it is written to the database.
    pub struct RowValues<'a> {
        pub application: ApplicationId,
        pub no: i64,
        pub date: NaiveDate,
        pub client_name: &'a str,
        pub agency: AgencyId,
        pub vendor: VendorId,
        pub progress: &'a str,
        pub notes: &'a str,
        pub signed: bool,
    }

    /// Adds a row, with its line in the audit trail.
    pub async fn insert(tx: &mut Tx, row: &RowValues<'_>, actor: &Actor) -> DbResult<MeetingId> {
        let sql = "INSERT INTO meetings (application_id, no, meeting_date, client_name, agency_id, vendor_id, \
                   progress, notes, signed, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id";
        let now = chrono::Utc::now();
        let (id,): (MeetingId,) = on_tx!(tx, c => sqlx::query_as(sql)
            .bind(row.application)
            .bind(row.no)
            .bind(row.date)
            .bind(row.client_name)
            .bind(row.agency)
            .bind(row.vendor)
            .bind(row.progress)
            .bind(row.notes)
            .bind(row.signed)
            .bind(now)
            .fetch_one(c)
            .await)?;
        let after = get(tx, id).await?.map(|m| m.audit_value());
        audit::record(tx, actor, Action::Create, "baris_log", id.0, Some(row.application), None, after).await?;
        Ok(id)
    }

    /// Rewrites a row's content, with its line in the audit trail; its application and number stay.
    pub async fn update(tx: &mut Tx, id: MeetingId, row: &RowValues<'_>, actor: &Actor) -> DbResult<()> {
        let before = get(tx, id).await?.map(|m| m.audit_value());
        let sql = "UPDATE meetings SET meeting_date = $2, client_name = $3, agency_id = $4, vendor_id = $5, \
                   progress = $6, notes = $7, signed = $8, updated_at = $9 WHERE id = $1";
        on_tx!(tx, c => sqlx::query(sql)
            .bind(id)
            .bind(row.date)
            .bind(row.client_name)
            .bind(row.agency)
            .bind(row.vendor)
            .bind(row.progress)
            .bind(row.notes)
            .bind(row.signed)
            .bind(chrono::Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        let after = get(tx, id).await?.map(|m| m.audit_value());
        audit::record(tx, actor, Action::Update, "baris_log", id.0, Some(row.application), before, after).await?;
        Ok(())
    }

    /// Saves a row typed in the form: a new row gets the next number of its application's form.
    pub async fn save(db: &Db, entry: &MeetingEntry, actor: &Actor) -> Result<SavedRow, AppError> {
        let mut tx = db.begin().await?;
        let agency: Option<(i64,)> = on_tx!(&mut tx, c => sqlx::query_as("SELECT id FROM agencies WHERE id = $1 AND active")
            .bind(entry.agency)
            .fetch_optional(c)
            .await)?;
        if agency.is_none() {
            return Err(AppError::invalid("opd", "OPD ini tidak ada atau sudah tidak aktif; pilih OPD lain."));
        }
        let vendor =
            crate::application::store::reach(&mut tx, entry.application).await?.ok_or(AppError::NotFound)?.vendor_id;
        let saved = match entry.meeting {
            Some(id) => {
                let existing = get(&mut tx, id).await?.filter(|m| m.application_id == entry.application);
                let existing = existing.ok_or(AppError::NotFound)?;
                if existing.signed {
                    return Err(AppError::Conflict(
                        "Baris ini sudah ditandatangani Kasi dan tidak dapat diubah.".into(),
                    ));
                }
                let no = existing.no.unwrap_or(0);
                update(&mut tx, id, &entry.values(no, vendor, false), actor).await?;
                SavedRow { id, no }
            }
            None => {
                let no = next_no(&mut tx, entry.application).await?;
                let id = insert(&mut tx, &entry.values(no, vendor, false), actor).await?;
                SavedRow { id, no }
            }
        };
        tx.commit().await?;
        Ok(saved)
    }

    impl MeetingEntry {
        fn values(&self, no: i64, vendor: VendorId, signed: bool) -> RowValues<'_> {
            RowValues {
                application: self.application,
                no,
                date: self.date,
                client_name: &self.client_name,
                agency: self.agency,
                vendor,
                progress: &self.progress,
                notes: &self.notes,
                signed,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> MeetingForm {
        MeetingForm {
            application: "3".into(),
            meeting: String::new(),
            tanggal: "22/04/25".into(),
            klien: " Agus  Prasetyo ".into(),
            opd: "11".into(),
            progress: "Fitur A selesai".into(),
            catatan: String::new(),
        }
    }

    #[test]
    fn a_complete_row_is_read() {
        let entry = form().validate().unwrap();
        assert_eq!(entry.date, NaiveDate::from_ymd_opt(2025, 4, 22).unwrap());
        assert_eq!(entry.client_name, "Agus Prasetyo");
        assert_eq!(entry.agency, AgencyId(11));
        assert_eq!(entry.meeting, None);
    }

    #[test]
    fn a_row_without_a_date_names_the_date_field() {
        let err = MeetingForm { tanggal: "  ".into(), ..form() }.validate().unwrap_err();
        assert_eq!(err.message_for("tanggal").as_deref(), Some("Tanggal Pertemuan wajib diisi."));
        assert_eq!(err.message_for("progress"), None);
    }

    #[test]
    fn every_wrong_field_is_named_at_once() {
        let err = MeetingForm { tanggal: "31/02/25".into(), klien: "".into(), progress: "".into(), ..form() }
            .validate()
            .unwrap_err();
        assert!(err.message_for("tanggal").unwrap().contains("tidak ada di kalender"));
        assert!(err.message_for("klien").is_some());
        assert!(err.message_for("progress").is_some());
    }
}
