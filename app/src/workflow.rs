//! Steps 2 to 6 of a meeting (the vendor's report, review, action items, documentation,
//! delivery) and the meeting page that shows all eight.

#[cfg(feature = "ssr")]
use crate::account::Viewer;
use crate::error::{AppError, FieldError};
use crate::ids::{ApplicationId, MeetingId};
#[cfg(feature = "ssr")]
use crate::step::{may_do, Parties};
use crate::step::{Progress, Step};
use chrono::{DateTime, NaiveDate, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Longest report, review or action item.
pub const MAX_TEXT: usize = crate::meeting::MAX_TEXT;

/// A feature of the application and how far it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feature {
    pub id: i64,
    pub name: String,
    pub status: String,
}

pub const FEATURE_STATUSES: [(&str, &str); 3] =
    [("rencana", "Direncanakan"), ("dikerjakan", "Dikerjakan"), ("selesai", "Selesai")];

pub fn feature_status_label(status: &str) -> &'static str {
    FEATURE_STATUSES.iter().find(|(k, _)| *k == status).map(|(_, l)| *l).unwrap_or("–")
}

/// An action item ("Catatan") and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionItem {
    pub id: i64,
    pub text: String,
    /// The meeting that opened it, and that meeting's row number if documented.
    pub opened_meeting: MeetingId,
    pub opened_no: Option<i64>,
    pub opened_date: NaiveDate,
    pub closed: bool,
    /// What this meeting decided about it, if it was decided here.
    pub decision: Option<String>,
}

/// A signed revision of the row, kept as it was signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedRow {
    pub revision: i64,
    pub no: i64,
    pub date: NaiveDate,
    pub client: String,
    pub vendor: String,
    pub progress: String,
    pub notes: String,
    pub signer_name: String,
    pub signed_at: DateTime<Utc>,
    pub fingerprint: String,
}

/// Everything the meeting page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub id: MeetingId,
    pub application: ApplicationId,
    pub application_name: String,
    pub agency_name: String,
    pub vendor_name: String,
    pub client_name: String,
    pub no: Option<i64>,
    pub date: NaiveDate,
    pub starts_at: Option<DateTime<Utc>>,
    pub duration: Option<i64>,
    pub place: Option<String>,
    pub channel: Option<String>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub report: Option<String>,
    pub review: Option<String>,
    pub progress: String,
    pub notes: String,
    pub revision: i64,
    pub signed: bool,
    pub signer_name: Option<String>,
    pub signed_at: Option<DateTime<Utc>>,
    pub fingerprint: Option<String>,
    pub progress_steps: Progress,
    pub features: Vec<Feature>,
    /// Open items of earlier meetings, and the ones this meeting decided.
    pub earlier_items: Vec<ActionItem>,
    /// Items this meeting opened.
    pub new_items: Vec<ActionItem>,
    pub signed_rows: Vec<SignedRow>,
    pub reply: Option<crate::ticket::Reply>,
    /// The steps the viewer may do now.
    pub can: Vec<Step>,
    /// Whether the viewer may start a correction of the signed row.
    pub can_correct: bool,
    /// Whether the viewer may move or cancel the meeting.
    pub can_reschedule: bool,
    /// The server's time when the page was made: the opening time of the step forms.
    pub opened_at: DateTime<Utc>,
}

impl MeetingView {
    /// Whether the row was written straight onto the form (imported, or typed in before the
    /// steps were recorded), so that it has no steps to show.
    pub fn recorded_directly(&self) -> bool {
        self.starts_at.is_none()
    }
}

/// The time a step's form was opened, if it reads as a plausible instant.
pub fn opened_at(text: &str) -> Option<DateTime<Utc>> {
    let opened = DateTime::parse_from_rfc3339(text.trim()).ok()?.to_utc();
    let now = Utc::now();
    (opened <= now && now - opened < chrono::Duration::hours(12)).then_some(opened)
}

/// Who may do what for an application.
#[cfg(feature = "ssr")]
pub fn parties(reach: &crate::application::store::Reach) -> Parties {
    Parties { agency: reach.agency_id, vendor: reach.vendor_id, pic: reach.pic_user_id }
}

/// The form of a step that needs nothing but a click.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub dibuka: String,
}

/// Step 2: the vendor's report and the features it marks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportForm {
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub laporan: String,
    /// `id:status` of each feature whose status is given.
    #[serde(default)]
    pub fitur: Vec<String>,
    /// New features, one per line.
    #[serde(default)]
    pub fitur_baru: String,
    #[serde(default)]
    pub dibuka: String,
}

/// Step 3: the review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub tinjauan: String,
    #[serde(default)]
    pub dibuka: String,
}

/// Step 4: the decision on each open item of earlier meetings, and the new items.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NotesForm {
    #[serde(default)]
    pub meeting: String,
    /// `id:lanjut` or `id:selesai` for each open item.
    #[serde(default)]
    pub keputusan: Vec<String>,
    /// New action items, one per line.
    #[serde(default)]
    pub baru: String,
    #[serde(default)]
    pub dibuka: String,
}

#[cfg(feature = "ssr")]
fn meeting_of(text: &str) -> Result<MeetingId, AppError> {
    text.parse::<MeetingId>().map_err(|_| AppError::NotFound)
}

#[cfg(feature = "ssr")]
fn required_text(field: &str, label: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim().to_string();
    if text.is_empty() {
        Err(AppError::invalid(field, format!("{label} wajib diisi.")))
    } else if text.chars().count() > MAX_TEXT {
        Err(AppError::invalid(field, format!("{label} paling panjang {MAX_TEXT} karakter.")))
    } else {
        Ok(text)
    }
}

/// Lines of a text area, trimmed, without empty ones.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[cfg(feature = "ssr")]
/// Reads `id:value` pairs, keeping those whose value is one of `allowed`.
fn pairs(values: &[String], allowed: &[&str]) -> Vec<(i64, String)> {
    values
        .iter()
        .filter_map(|v| {
            let (id, value) = v.split_once(':')?;
            let id = id.trim().parse().ok()?;
            allowed.contains(&value.trim()).then(|| (id, value.trim().to_string()))
        })
        .collect()
}

/// Runs a step for the viewer: the meeting must be in their scope (else it does not exist),
/// the step theirs (else refused) and open now (else a conflict that says why).
#[cfg(feature = "ssr")]
async fn checked(meeting: &str, step: Step) -> Result<(crate::db::Db, Viewer, store::MeetingState), AppError> {
    let viewer = crate::auth::viewer().await?;
    let id = meeting_of(meeting)?;
    let db = crate::state::app_state()?.db;
    let state = store::state(&db, id, &viewer).await?;
    if !may_do(step, &viewer, &state.parties) {
        return Err(AppError::Forbidden);
    }
    Ok((db, viewer, state))
}

#[server(endpoint = "meeting", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_meeting(id: MeetingId) -> Result<MeetingView, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            store::view(db, id, &viewer).await
        }
        .await,
    )
}

/// Step 2: the vendor writes its report, before or during the meeting.
#[server(endpoint = "save_report")]
pub async fn save_report(report: ReportForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let text = required_text("laporan", "Laporan progres", &report.laporan)?;
            let (db, viewer, state) = checked(&report.meeting, Step::Report).await?;
            let statuses = pairs(&report.fitur, &["rencana", "dikerjakan", "selesai"]);
            let new_features = lines(&report.fitur_baru);
            store::save_report(&db, &state, &text, &statuses, &new_features, &viewer, opened_at(&report.dibuka)).await
        }
        .await,
    )
}

/// Step 3: the review, by the PIC or the agency.
#[server(endpoint = "save_review")]
pub async fn save_review(review: ReviewForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let text = required_text("tinjauan", "Tinjauan", &review.tinjauan)?;
            let (db, viewer, state) = checked(&review.meeting, Step::Review).await?;
            store::save_review(&db, &state, &text, &viewer, opened_at(&review.dibuka)).await
        }
        .await,
    )
}

/// Step 4: every open item of earlier meetings is closed or carried on, and new ones are added.
#[server(endpoint = "save_notes")]
pub async fn save_notes(notes: NotesForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let (db, viewer, state) = checked(&notes.meeting, Step::Notes).await?;
            let decisions = pairs(&notes.keputusan, &["lanjut", "selesai"]);
            let new_items = lines(&notes.baru);
            if new_items.iter().any(|i| i.chars().count() > 2000) {
                return Err(AppError::invalid("baru", "Satu catatan paling panjang 2000 karakter."));
            }
            store::save_notes(&db, &state, &decisions, &new_items, &viewer, opened_at(&notes.dibuka)).await
        }
        .await,
    )
}

/// Step 5: the meeting becomes the next numbered row of the application's form.
#[server(endpoint = "document_meeting")]
pub async fn document_meeting(step: StepForm) -> Result<i64, AppError> {
    crate::state::reply(
        async move {
            let (db, viewer, state) = checked(&step.meeting, Step::Document).await?;
            store::document(&db, &state, &viewer, opened_at(&step.dibuka)).await
        }
        .await,
    )
}

/// Step 6: the results are delivered to the vendor.
#[server(endpoint = "deliver_meeting")]
pub async fn deliver_meeting(step: StepForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let (db, viewer, state) = checked(&step.meeting, Step::Deliver).await?;
            let config = crate::state::app_state()?.config;
            store::deliver(&db, &config, &state, &viewer, opened_at(&step.dibuka)).await
        }
        .await,
    )
}

/// Validates the decisions of step 4: each open item needs exactly one.
pub fn check_decisions(open_items: &[i64], decisions: &[(i64, String)]) -> Result<(), AppError> {
    let missing = open_items.iter().filter(|id| !decisions.iter().any(|(d, _)| d == *id)).count();
    if missing > 0 {
        return Err(AppError::Invalid(vec![FieldError {
            field: "keputusan".into(),
            message: format!(
                "{missing} catatan lama belum ditentukan: pilih \"dilanjutkan\" atau \"selesai\" untuk setiap catatan."
            ),
        }]));
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::audit::{self, Action, Actor};
    use crate::db::{Db, DbResult, Tx};
    use crate::step::StepRecord;
    use crate::{on_pool, on_tx};

    /// What a step needs to know about a meeting.
    #[derive(Debug, Clone)]
    pub struct MeetingState {
        pub id: MeetingId,
        pub application: ApplicationId,
        pub parties: Parties,
        pub progress: Progress,
        pub starts_at: Option<DateTime<Utc>>,
        pub no: Option<i64>,
        pub signed: bool,
    }

    #[derive(sqlx::FromRow)]
    struct StateRow {
        id: MeetingId,
        application_id: ApplicationId,
        agency_id: crate::ids::AgencyId,
        vendor_id: crate::ids::VendorId,
        pic_user_id: Option<crate::ids::UserId>,
        starts_at: Option<DateTime<Utc>>,
        cancelled_at: Option<DateTime<Utc>>,
        no: Option<i64>,
        revision: i64,
        signed: bool,
        fingerprint: Option<String>,
    }

    /// A meeting's row with its application's parties; the callers add the condition.
    const STATE_SELECT: &str = "SELECT m.id, m.application_id, a.agency_id, a.vendor_id, a.pic_user_id, m.starts_at, \
                                m.cancelled_at, m.no, m.revision, m.signed, m.fingerprint \
                                FROM meetings m JOIN applications a ON a.id = m.application_id";

    #[derive(sqlx::FromRow)]
    struct StepRow {
        step: i64,
        revision: i64,
        started_at: Option<DateTime<Utc>>,
        done_at: DateTime<Utc>,
        user_name: String,
    }

    const STEPS_SQL: &str =
        "SELECT step, revision, started_at, done_at, user_name FROM meeting_steps WHERE meeting_id = $1 ORDER BY done_at";

    fn state_sql() -> String {
        format!("{STATE_SELECT} WHERE m.id = $1")
    }

    fn to_state(row: StateRow, steps: Vec<StepRow>) -> MeetingState {
        let mut records: Vec<StepRecord> = steps
            .into_iter()
            .filter_map(|s| {
                Some(StepRecord {
                    step: Step::from_number(s.step)?,
                    revision: s.revision,
                    started_at: s.started_at,
                    done_at: s.done_at,
                    user_name: s.user_name,
                })
            })
            .collect();
        // A row written straight onto the form (imported, or typed in) counts as documented,
        // and as signed when it carries the signature, though no step was recorded.
        if row.starts_at.is_none() && row.no.is_some() {
            for step in [Step::Schedule, Step::Report, Step::Review, Step::Notes, Step::Document, Step::Deliver] {
                if !records.iter().any(|r| r.step == step) {
                    records.push(StepRecord {
                        step,
                        revision: row.revision,
                        started_at: None,
                        done_at: DateTime::<Utc>::UNIX_EPOCH,
                        user_name: String::new(),
                    });
                }
            }
            // Signed on paper: the reply to the agency went the old way too.
            let paper = row.signed && row.fingerprint.is_none();
            for step in [Step::Sign, Step::Reply].into_iter().filter(|_| paper) {
                if !records.iter().any(|r| r.step == step && r.revision == row.revision) {
                    records.push(StepRecord {
                        step,
                        revision: row.revision,
                        started_at: None,
                        done_at: DateTime::<Utc>::UNIX_EPOCH,
                        user_name: String::new(),
                    });
                }
            }
        }
        MeetingState {
            id: row.id,
            application: row.application_id,
            parties: Parties { agency: row.agency_id, vendor: row.vendor_id, pic: row.pic_user_id },
            progress: Progress { records, revision: row.revision, cancelled: row.cancelled_at.is_some() },
            starts_at: row.starts_at,
            no: row.no,
            signed: row.signed,
        }
    }

    #[derive(sqlx::FromRow)]
    struct StepRowOf {
        meeting_id: MeetingId,
        #[sqlx(flatten)]
        step: StepRow,
    }

    /// The states of many meetings in a few queries, whatever their number (the "Menunggu"
    /// page reads every unfinished meeting in scope). The caller has checked the scope.
    pub async fn states(db: &Db, ids: &[MeetingId]) -> DbResult<Vec<MeetingState>> {
        let mut states = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(500) {
            let placeholders = (1..=chunk.len()).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ");
            let rows_sql = format!("{STATE_SELECT} WHERE m.id IN ({placeholders})");
            let steps_sql = format!(
                "SELECT meeting_id, step, revision, started_at, done_at, user_name FROM meeting_steps \
                 WHERE meeting_id IN ({placeholders}) ORDER BY done_at"
            );
            let rows: Vec<StateRow> = on_pool!(db, p => chunk
                .iter()
                .fold(sqlx::query_as(&rows_sql), |q, id| q.bind(*id))
                .fetch_all(p)
                .await)?;
            let steps: Vec<StepRowOf> = on_pool!(db, p => chunk
                .iter()
                .fold(sqlx::query_as(&steps_sql), |q, id| q.bind(*id))
                .fetch_all(p)
                .await)?;
            let mut by_meeting: std::collections::HashMap<MeetingId, Vec<StepRow>> = std::collections::HashMap::new();
            for s in steps {
                by_meeting.entry(s.meeting_id).or_default().push(s.step);
            }
            for row in rows {
                let steps = by_meeting.remove(&row.id).unwrap_or_default();
                states.push(to_state(row, steps));
            }
        }
        Ok(states)
    }

    /// The meeting if it is in the viewer's scope; otherwise as if it did not exist.
    pub async fn state(db: &Db, id: MeetingId, viewer: &Viewer) -> Result<MeetingState, AppError> {
        let row: Option<StateRow> = on_pool!(db, p => sqlx::query_as(&state_sql()).bind(id).fetch_optional(p).await)?;
        let row = row.ok_or(AppError::NotFound)?;
        if !viewer.scope().includes(row.agency_id, row.vendor_id) {
            return Err(AppError::NotFound);
        }
        let steps: Vec<StepRow> = on_pool!(db, p => sqlx::query_as(STEPS_SQL).bind(id).fetch_all(p).await)?;
        Ok(to_state(row, steps))
    }

    /// The same, read inside a write transaction (no scope: the caller checked it).
    pub async fn state_in(tx: &mut Tx, id: MeetingId) -> DbResult<Option<MeetingState>> {
        let row: Option<StateRow> = on_tx!(tx, c => sqlx::query_as(&state_sql()).bind(id).fetch_optional(c).await)?;
        let Some(row) = row else { return Ok(None) };
        let steps: Vec<StepRow> = on_tx!(tx, c => sqlx::query_as(STEPS_SQL).bind(id).fetch_all(c).await)?;
        Ok(Some(to_state(row, steps)))
    }

    /// Re-reads the meeting inside the write transaction and checks the step is open now.
    async fn open_step(tx: &mut Tx, id: MeetingId, step: Step) -> Result<MeetingState, AppError> {
        let state = state_in(tx, id).await?.ok_or(AppError::NotFound)?;
        if state.progress.open_for(step) {
            return Ok(state);
        }
        let why = if state.progress.cancelled {
            "Pertemuan ini sudah dibatalkan.".to_string()
        } else if let Some(previous) = step.previous().filter(|p| !state.progress.done(*p)) {
            format!("Langkah \"{}\" belum dilakukan.", previous.label())
        } else {
            format!("Langkah \"{}\" sudah dilakukan.", step.label())
        };
        Err(AppError::Conflict(why))
    }

    /// Records that a step was done. A second record of the same step is ignored: a double
    /// click or a retried request does nothing twice.
    pub async fn record_step(
        tx: &mut Tx,
        meeting: MeetingId,
        revision: i64,
        step: Step,
        opened: Option<DateTime<Utc>>,
        viewer: &Viewer,
    ) -> DbResult<bool> {
        let sql = "INSERT INTO meeting_steps (meeting_id, revision, step, started_at, done_at, user_id, user_name) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (meeting_id, revision, step) DO NOTHING";
        let inserted = on_tx!(tx, c => sqlx::query(sql)
            .bind(meeting)
            .bind(revision)
            .bind(step.number())
            .bind(opened)
            .bind(Utc::now())
            .bind(viewer.id)
            .bind(&viewer.name)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(inserted == 1)
    }

    pub async fn save_report(
        db: &Db,
        state: &MeetingState,
        text: &str,
        statuses: &[(i64, String)],
        new_features: &[String],
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let current = open_step(&mut tx, state.id, Step::Report).await?;
        let now = Utc::now();
        on_tx!(&mut tx, c => sqlx::query("UPDATE meetings SET report = $2, updated_at = $3 WHERE id = $1")
            .bind(state.id)
            .bind(text)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        for (feature, status) in statuses {
            on_tx!(&mut tx, c => sqlx::query(
                "UPDATE features SET status = $3, updated_at = $4 WHERE id = $1 AND application_id = $2",
            )
            .bind(feature)
            .bind(state.application)
            .bind(status)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
        for name in new_features {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO features (application_id, name, status, updated_at) VALUES ($1, $2, 'dikerjakan', $3) \
                 ON CONFLICT (application_id, name) DO NOTHING",
            )
            .bind(state.application)
            .bind(crate::text::one_line(name))
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
        record_step(&mut tx, state.id, current.progress.revision, Step::Report, opened, viewer).await?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "pertemuan",
            state.id.0,
            Some(state.application),
            None,
            Some(serde_json::json!({ "laporan_progres": text, "fitur_baru": new_features })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn save_review(
        db: &Db,
        state: &MeetingState,
        text: &str,
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let current = open_step(&mut tx, state.id, Step::Review).await?;
        on_tx!(&mut tx, c => sqlx::query("UPDATE meetings SET review = $2, updated_at = $3 WHERE id = $1")
            .bind(state.id)
            .bind(text)
            .bind(Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        record_step(&mut tx, state.id, current.progress.revision, Step::Review, opened, viewer).await?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "pertemuan",
            state.id.0,
            Some(state.application),
            None,
            Some(serde_json::json!({ "tinjauan": text })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The ids of the items still open from the application's other meetings.
    async fn open_items_before(tx: &mut Tx, application: ApplicationId, meeting: MeetingId) -> DbResult<Vec<i64>> {
        let sql = "SELECT id FROM action_items WHERE application_id = $1 AND closed_at IS NULL AND meeting_id <> $2 ORDER BY id";
        let rows: Vec<(i64,)> =
            on_tx!(tx, c => sqlx::query_as(sql).bind(application).bind(meeting).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    pub async fn save_notes(
        db: &Db,
        state: &MeetingState,
        decisions: &[(i64, String)],
        new_items: &[String],
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let current = open_step(&mut tx, state.id, Step::Notes).await?;
        let open = open_items_before(&mut tx, state.application, state.id).await?;
        check_decisions(&open, decisions)?;
        let now = Utc::now();
        for (item, decision) in decisions.iter().filter(|(id, _)| open.contains(id)) {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO action_item_decisions (item_id, meeting_id, decision, decided_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (item_id, meeting_id) DO NOTHING",
            )
            .bind(item)
            .bind(state.id)
            .bind(decision)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
            if decision == "selesai" {
                on_tx!(&mut tx, c => sqlx::query(
                    "UPDATE action_items SET closed_at = $2, closed_meeting_id = $3 WHERE id = $1 AND closed_at IS NULL",
                )
                .bind(item)
                .bind(now)
                .bind(state.id)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            }
        }
        for text in new_items {
            on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO action_items (application_id, meeting_id, text, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(state.application)
            .bind(state.id)
            .bind(text)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
        record_step(&mut tx, state.id, current.progress.revision, Step::Notes, opened, viewer).await?;
        let decided: Vec<String> = decisions.iter().map(|(id, d)| format!("{id}: {d}")).collect();
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "pertemuan",
            state.id.0,
            Some(state.application),
            None,
            Some(serde_json::json!({ "catatan_baru": new_items, "keputusan_catatan_lama": decided })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Numbers the row and fills it from what was entered: the report as Deskripsi Laporan
    /// Progress, this meeting's new action items as Catatan. Returns the row's number.
    pub async fn document(
        db: &Db,
        state: &MeetingState,
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<i64, AppError> {
        let mut tx = db.begin().await?;
        let current = open_step(&mut tx, state.id, Step::Document).await?;
        let (report,): (Option<String>,) = on_tx!(&mut tx, c => sqlx::query_as("SELECT report FROM meetings WHERE id = $1")
            .bind(state.id)
            .fetch_one(c)
            .await)?;
        let items: Vec<(String,)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT text FROM action_items WHERE meeting_id = $1 ORDER BY id",
        )
        .bind(state.id)
        .fetch_all(c)
        .await)?;
        let notes = items.into_iter().map(|(t,)| t).collect::<Vec<_>>().join("; ");
        let no = crate::meeting::store::next_no(&mut tx, state.application).await?;
        let sql =
            "UPDATE meetings SET no = $2, progress = $3, notes = $4, updated_at = $5 WHERE id = $1 AND no IS NULL";
        on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(state.id)
            .bind(no)
            .bind(report.unwrap_or_default())
            .bind(&notes)
            .bind(Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        record_step(&mut tx, state.id, current.progress.revision, Step::Document, opened, viewer).await?;
        let after = crate::meeting::store::get(&mut tx, state.id).await?.map(|m| m.audit_value());
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "baris_log",
            state.id.0,
            Some(state.application),
            None,
            after,
        )
        .await?;
        tx.commit().await?;
        Ok(no)
    }

    pub async fn deliver(
        db: &Db,
        config: &crate::state::Config,
        state: &MeetingState,
        viewer: &Viewer,
        opened: Option<DateTime<Utc>>,
    ) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let current = open_step(&mut tx, state.id, Step::Deliver).await?;
        record_step(&mut tx, state.id, current.progress.revision, Step::Deliver, opened, viewer).await?;
        audit::record(
            &mut tx,
            &Actor::from(viewer),
            Action::Update,
            "pertemuan",
            state.id.0,
            Some(state.application),
            None,
            Some(serde_json::json!({ "disampaikan_ke_pihak_ketiga": crate::date::format_instant(Utc::now()) })),
        )
        .await?;
        crate::notice::delivery(&mut tx, config, state.id).await?;
        tx.commit().await?;
        Ok(())
    }

    #[derive(sqlx::FromRow)]
    struct ViewRow {
        application_name: String,
        agency_name: String,
        vendor_name: String,
        client_name: String,
        meeting_date: NaiveDate,
        duration_minutes: Option<i64>,
        place: Option<String>,
        channel: Option<String>,
        cancel_reason: Option<String>,
        report: Option<String>,
        review: Option<String>,
        progress: String,
        notes: String,
        signer_name: Option<String>,
        signed_at: Option<DateTime<Utc>>,
        fingerprint: Option<String>,
    }

    #[derive(sqlx::FromRow)]
    struct ItemRow {
        id: i64,
        text: String,
        meeting_id: MeetingId,
        opened_no: Option<i64>,
        opened_date: NaiveDate,
        closed: bool,
        decision: Option<String>,
    }

    #[derive(sqlx::FromRow)]
    struct SignedRowRow {
        revision: i64,
        no: i64,
        meeting_date: NaiveDate,
        client: String,
        vendor: String,
        progress: String,
        notes: String,
        signer_name: String,
        signed_at: DateTime<Utc>,
        fingerprint: String,
    }

    /// Everything the meeting page shows, for a viewer who may see the meeting.
    pub async fn view(db: &Db, id: MeetingId, viewer: &Viewer) -> Result<MeetingView, AppError> {
        let state = state(db, id, viewer).await?;
        let sql = "SELECT a.name AS application_name, g.name AS agency_name, v.name AS vendor_name, m.client_name, \
                   m.meeting_date, m.duration_minutes, m.place, m.channel, m.cancel_reason, m.report, m.review, \
                   m.progress, m.notes, m.signer_name, m.signed_at, m.fingerprint \
                   FROM meetings m JOIN applications a ON a.id = m.application_id \
                   JOIN agencies g ON g.id = a.agency_id JOIN vendors v ON v.id = a.vendor_id WHERE m.id = $1";
        let row: ViewRow = on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_one(p).await)?;
        let (cancelled_at,): (Option<DateTime<Utc>>,) = on_pool!(db, p => sqlx::query_as("SELECT cancelled_at FROM meetings WHERE id = $1").bind(id).fetch_one(p).await)?;
        let features: Vec<(i64, String, String)> = on_pool!(db, p => sqlx::query_as(
            "SELECT id, name, status FROM features WHERE application_id = $1 ORDER BY id",
        )
        .bind(state.application)
        .fetch_all(p)
        .await)?;
        let items_sql = "SELECT i.id, i.text, i.meeting_id, o.no AS opened_no, o.meeting_date AS opened_date, \
                         i.closed_at IS NOT NULL AS closed, d.decision \
                         FROM action_items i JOIN meetings o ON o.id = i.meeting_id \
                         LEFT JOIN action_item_decisions d ON d.item_id = i.id AND d.meeting_id = $2 \
                         WHERE i.application_id = $1 AND (i.meeting_id = $2 OR d.item_id IS NOT NULL \
                         OR (i.closed_at IS NULL AND i.meeting_id <> $2)) ORDER BY i.id";
        let items: Vec<ItemRow> =
            on_pool!(db, p => sqlx::query_as(items_sql).bind(state.application).bind(id).fetch_all(p).await)?;
        let to_item = |r: ItemRow| ActionItem {
            id: r.id,
            text: r.text,
            opened_meeting: r.meeting_id,
            opened_no: r.opened_no,
            opened_date: r.opened_date,
            closed: r.closed,
            decision: r.decision,
        };
        let (new_items, earlier_items): (Vec<ActionItem>, Vec<ActionItem>) =
            items.into_iter().map(to_item).partition(|i| i.opened_meeting == id);
        let signed_sql = "SELECT revision, no, meeting_date, client, vendor, progress, notes, signer_name, signed_at, \
                          fingerprint FROM signed_rows WHERE meeting_id = $1 ORDER BY revision DESC";
        let signed: Vec<SignedRowRow> = on_pool!(db, p => sqlx::query_as(signed_sql).bind(id).fetch_all(p).await)?;
        let reply = crate::ticket::store::reply_for(db, id, state.progress.revision).await?;
        let can: Vec<Step> = Step::ALL
            .into_iter()
            .filter(|s| state.progress.open_for(*s) && may_do(*s, viewer, &state.parties))
            .collect();
        let can_correct = state.signed && state.no.is_some() && viewer.can_edit_log(state.parties.pic);
        let can_reschedule = state.starts_at.is_some()
            && !state.progress.cancelled
            && !state.progress.done(Step::Document)
            && may_do(Step::Schedule, viewer, &state.parties);
        Ok(MeetingView {
            id,
            application: state.application,
            application_name: row.application_name,
            agency_name: row.agency_name,
            vendor_name: row.vendor_name,
            client_name: row.client_name,
            no: state.no,
            date: row.meeting_date,
            starts_at: state.starts_at,
            duration: row.duration_minutes,
            place: row.place,
            channel: row.channel,
            cancelled_at,
            cancel_reason: row.cancel_reason,
            report: row.report,
            review: row.review,
            progress: row.progress,
            notes: row.notes,
            revision: state.progress.revision,
            signed: state.signed,
            signer_name: row.signer_name,
            signed_at: row.signed_at,
            fingerprint: row.fingerprint,
            progress_steps: state.progress,
            features: features.into_iter().map(|(id, name, status)| Feature { id, name, status }).collect(),
            earlier_items,
            new_items,
            signed_rows: signed
                .into_iter()
                .map(|r| SignedRow {
                    revision: r.revision,
                    no: r.no,
                    date: r.meeting_date,
                    client: r.client,
                    vendor: r.vendor,
                    progress: r.progress,
                    notes: r.notes,
                    signer_name: r.signer_name,
                    signed_at: r.signed_at,
                    fingerprint: r.fingerprint,
                })
                .collect(),
            reply,
            can,
            can_correct,
            can_reschedule,
            opened_at: Utc::now(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_open_item_needs_a_decision() {
        assert!(check_decisions(&[1, 2], &[(1, "lanjut".into()), (2, "selesai".into())]).is_ok());
        let err = check_decisions(&[1, 2], &[(1, "lanjut".into())]).unwrap_err();
        assert!(err.message_for("keputusan").unwrap().starts_with("1 catatan lama"));
    }

    #[test]
    fn pairs_keep_only_known_values() {
        let values = vec!["3:selesai".to_string(), "4:hapus".into(), "x:lanjut".into(), " 5 : lanjut ".into()];
        assert_eq!(pairs(&values, &["lanjut", "selesai"]), vec![(3, "selesai".into()), (5, "lanjut".into())]);
    }

    #[test]
    fn an_opening_time_in_the_future_or_long_ago_is_ignored() {
        let now = Utc::now();
        assert_eq!(
            opened_at(&(now - chrono::Duration::minutes(3)).to_rfc3339()).map(|t| t.timestamp()),
            Some((now - chrono::Duration::minutes(3)).timestamp())
        );
        assert_eq!(opened_at(&(now + chrono::Duration::minutes(3)).to_rfc3339()), None);
        assert_eq!(opened_at(&(now - chrono::Duration::days(2)).to_rfc3339()), None);
        assert_eq!(opened_at("kemarin"), None);
    }
}
