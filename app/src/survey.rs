//! The agencies' satisfaction with their vendors: a survey after a signed meeting (at most one a
//! month per application), five elements rated 1 to 4, and the index of PermenPANRB 14/2017
//! adapted to rating a vendor.

use crate::error::{AppError, FieldError};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The five elements, as keys and as the survey asks them.
pub const ELEMENTS: [(&str, &str); 5] = [
    ("ketepatan_waktu", "Ketepatan waktu"),
    ("kualitas_hasil", "Kualitas hasil"),
    ("komunikasi", "Komunikasi"),
    ("tindak_lanjut", "Tindak lanjut catatan"),
    ("dokumentasi", "Dokumentasi"),
];

/// The scale, from 1 to 4.
pub const SCALE: [(u8, &str); 4] = [(1, "Tidak baik"), (2, "Kurang baik"), (3, "Baik"), (4, "Sangat baik")];

/// One person's answers; a blank element is `None`.
pub type Answers = [Option<u8>; 5];

/// Reads a score: 1 to 4, or blank.
pub fn parse_score(text: &str) -> Result<Option<u8>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u8>() {
        Ok(n @ 1..=4) => Ok(Some(n)),
        _ => Err(format!("\"{text}\" bukan nilai 1 sampai 4.")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Category {
    A,
    B,
    C,
    D,
}

impl Category {
    pub fn letter(self) -> &'static str {
        match self {
            Category::A => "A",
            Category::B => "B",
            Category::C => "C",
            Category::D => "D",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::A => "A (sangat baik)",
            Category::B => "B (baik)",
            Category::C => "C (kurang baik)",
            Category::D => "D (tidak baik)",
        }
    }

    /// The lowest index of the category.
    pub fn floor(self) -> f64 {
        match self {
            Category::A => 88.31,
            Category::B => 76.61,
            Category::C => 65.00,
            Category::D => 25.0,
        }
    }
}

/// The category of an index, taken as shown (two decimals).
pub fn category_of(index: f64) -> Category {
    let shown = (index * 100.0).round() / 100.0;
    if shown >= 88.31 {
        Category::A
    } else if shown >= 76.61 {
        Category::B
    } else if shown >= 65.0 {
        Category::C
    } else {
        Category::D
    }
}

/// The index of a set of answers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Index {
    /// The mean of each element over the answers that rate it.
    pub element_means: [Option<f64>; 5],
    /// The mean of the element means, times 25: 25 to 100.
    pub value: f64,
    pub category: Category,
    pub responses: usize,
}

/// Computes the index; none without a single rated element. A blank is left out, never 0.
pub fn index(answers: &[Answers]) -> Option<Index> {
    let mut element_means = [None; 5];
    for (e, mean) in element_means.iter_mut().enumerate() {
        let given: Vec<f64> = answers.iter().filter_map(|a| a[e]).map(f64::from).collect();
        if !given.is_empty() {
            *mean = Some(given.iter().sum::<f64>() / given.len() as f64);
        }
    }
    let rated: Vec<f64> = element_means.iter().flatten().copied().collect();
    if rated.is_empty() {
        return None;
    }
    let value = rated.iter().sum::<f64>() / rated.len() as f64 * 25.0;
    Some(Index { element_means, value, category: category_of(value), responses: answers.len() })
}

/// `88,31` or `88.31` as the locale writes it; "–" for no index.
pub fn format_index(index: Option<f64>) -> String {
    match index {
        Some(v) => format!("{v:.2}").replace('.', ","),
        None => "–".into(),
    }
}

/// A survey as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveyView {
    pub id: i64,
    pub application_name: String,
    pub agency_name: String,
    pub vendor_name: String,
    pub month: crate::date::Month,
    pub closes_at: DateTime<Utc>,
    pub open: bool,
    /// The viewer's answers, if they answered.
    pub mine: Option<Answers>,
    pub comment: String,
    pub may_answer: bool,
}

/// The survey form, as typed: each element's score, or blank.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyForm {
    #[serde(default)]
    pub survey: String,
    #[serde(default)]
    pub ketepatan_waktu: String,
    #[serde(default)]
    pub kualitas_hasil: String,
    #[serde(default)]
    pub komunikasi: String,
    #[serde(default)]
    pub tindak_lanjut: String,
    #[serde(default)]
    pub dokumentasi: String,
    #[serde(default)]
    pub komentar: String,
}

impl SurveyForm {
    pub fn answers(&self) -> Result<(Answers, String), AppError> {
        let values =
            [&self.ketepatan_waktu, &self.kualitas_hasil, &self.komunikasi, &self.tindak_lanjut, &self.dokumentasi];
        let mut answers = [None; 5];
        let mut errors = Vec::new();
        for (i, value) in values.iter().enumerate() {
            match parse_score(value) {
                Ok(score) => answers[i] = score,
                Err(message) => errors.push(FieldError { field: ELEMENTS[i].0.into(), message }),
            }
        }
        if errors.is_empty() && answers.iter().all(Option::is_none) {
            errors.push(FieldError { field: String::new(), message: "Beri nilai paling sedikit satu unsur.".into() });
        }
        let comment = self.komentar.trim().to_string();
        if comment.chars().count() > 2000 {
            errors.push(FieldError {
                field: "komentar".into(),
                message: "Komentar paling panjang 2000 karakter.".into(),
            });
        }
        if errors.is_empty() {
            Ok((answers, comment))
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// A survey waiting for the viewer's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenSurvey {
    pub id: i64,
    pub application_name: String,
    pub vendor_name: String,
    pub closes_at: DateTime<Utc>,
}

#[server(endpoint = "survey", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_survey(id: i64) -> Result<SurveyView, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            store::view(db, id, &viewer).await
        }
        .await,
    )
}

/// Answers a survey, or changes the answer until the survey closes.
#[server(endpoint = "answer_survey")]
pub async fn answer_survey(answer: SurveyForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let id = answer.survey.parse::<i64>().map_err(|_| AppError::NotFound)?;
            let (answers, comment) = answer.answers()?;
            let db = &crate::state::app_state()?.db;
            store::answer(db, id, &viewer, &answers, &comment).await
        }
        .await,
    )
}

/// The surveys the viewer (an agency's user) has still to answer.
#[server(endpoint = "open_surveys", input = leptos::server_fn::codec::GetUrl)]
pub async fn open_surveys() -> Result<Vec<OpenSurvey>, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            Ok(store::open_for(db, &viewer).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::{Role, Viewer};
    use crate::db::{Db, DbResult, Tx};
    use crate::ids::{ApplicationId, MeetingId};
    use crate::mail::{body, store::Email};
    use crate::state::Config;
    use crate::{on_pool, on_tx};
    use chrono::NaiveDate;

    /// Days a survey stays open.
    pub const OPEN_DAYS: i64 = 30;

    fn month_key(month: crate::date::Month) -> String {
        format!("{:04}-{:02}", month.year, month.month)
    }

    /// After a signed meeting: the application's survey of this month, if it has none yet, and
    /// the invitation to the agency's users, in the app and by e-mail with a link.
    pub async fn open_after_signing(
        tx: &mut Tx,
        config: &Config,
        application: ApplicationId,
        meeting: MeetingId,
    ) -> DbResult<Option<i64>> {
        let now = Utc::now();
        let month = crate::date::Month::of(crate::date::date_in_wib(now));
        let sql = "INSERT INTO surveys (application_id, month, meeting_id, opened_at, closes_at) VALUES ($1, $2, $3, $4, $5) \
                   ON CONFLICT (application_id, month) DO NOTHING RETURNING id";
        let created: Option<(i64,)> = on_tx!(tx, c => sqlx::query_as(sql)
            .bind(application)
            .bind(month_key(month))
            .bind(meeting)
            .bind(now)
            .bind(now + chrono::Duration::days(OPEN_DAYS))
            .fetch_optional(c)
            .await)?;
        let Some((id,)) = created else { return Ok(None) };
        let people_sql = "SELECT u.id, u.name, u.email, a.name, v.name FROM users u \
                          JOIN user_roles r ON r.user_id = u.id AND r.role = 'klien' \
                          JOIN applications a ON a.id = $1 AND a.agency_id = u.agency_id \
                          JOIN vendors v ON v.id = a.vendor_id WHERE u.active";
        let people: Vec<(crate::ids::UserId, String, String, String, String)> =
            on_tx!(tx, c => sqlx::query_as(people_sql).bind(application).fetch_all(c).await)?;
        let path = format!("/survei/{id}");
        let link = config.link(&path);
        for (user, name, email, application_name, vendor_name) in &people {
            let text = format!(
                "Mohon nilai kinerja {vendor_name} dalam pembuatan aplikasi {application_name}: lima unsur, \
                 masing-masing 1 (tidak baik) sampai 4 (sangat baik). Survei terbuka sampai {}.",
                crate::date::format_long(crate::date::date_in_wib(now + chrono::Duration::days(OPEN_DAYS)))
            );
            on_tx!(tx, c => sqlx::query(
                "INSERT INTO notifications (user_id, kind, key, text, link, created_at) VALUES ($1, 'survei', $2, $3, $4, $5) \
                 ON CONFLICT (user_id, kind, key) DO NOTHING",
            )
            .bind(user)
            .bind(id.to_string())
            .bind(&text)
            .bind(&path)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
            let message =
                body(&format!("Yth. {name},"), std::slice::from_ref(&text), Some(("Isi survei kepuasan", &link)));
            let subject = format!("Survei kepuasan: kinerja {vendor_name} ({application_name})");
            let email = Email { to_name: name, to_email: email, subject: &subject, body: &message, attachment: None };
            crate::mail::store::enqueue(tx, &email).await?;
        }
        Ok(Some(id))
    }

    #[derive(sqlx::FromRow)]
    struct SurveyRow {
        id: i64,
        month: String,
        closes_at: DateTime<Utc>,
        application_name: String,
        agency_name: String,
        vendor_name: String,
        agency_id: crate::ids::AgencyId,
        vendor_id: crate::ids::VendorId,
    }

    const SURVEY_SQL: &str = "SELECT s.id, s.month, s.closes_at, a.name AS application_name, g.name AS agency_name, \
                              v.name AS vendor_name, a.agency_id, a.vendor_id FROM surveys s \
                              JOIN applications a ON a.id = s.application_id JOIN agencies g ON g.id = a.agency_id \
                              JOIN vendors v ON v.id = a.vendor_id WHERE s.id = $1";

    fn parse_month(key: &str) -> crate::date::Month {
        let (y, m) = key.split_once('-').unwrap_or(("1970", "1"));
        crate::date::Month { year: y.parse().unwrap_or(1970), month: m.parse().unwrap_or(1) }
    }

    fn respondent_key(viewer: &Viewer) -> String {
        format!("u:{}", viewer.id)
    }

    /// Only the agency's own users answer its surveys.
    fn may_answer(viewer: &Viewer, row: &SurveyRow) -> bool {
        viewer.has(Role::Klien) && viewer.agency == Some(row.agency_id)
    }

    pub async fn view(db: &Db, id: i64, viewer: &Viewer) -> Result<SurveyView, AppError> {
        let row: Option<SurveyRow> = on_pool!(db, p => sqlx::query_as(SURVEY_SQL).bind(id).fetch_optional(p).await)?;
        let row = row.filter(|r| viewer.scope().includes(r.agency_id, r.vendor_id)).ok_or(AppError::NotFound)?;
        let sql = "SELECT ketepatan_waktu, kualitas_hasil, komunikasi, tindak_lanjut, dokumentasi, comment \
                   FROM survey_responses WHERE survey_id = $1 AND respondent_key = $2";
        #[allow(clippy::type_complexity)]
        let mine: Option<(Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<i64>, String)> =
            on_pool!(db, p => sqlx::query_as(sql).bind(id).bind(respondent_key(viewer)).fetch_optional(p).await)?;
        let to_u8 = |v: Option<i64>| v.map(|v| v as u8);
        let (answers, comment) = match mine {
            Some((a, b, c, d, e, comment)) => (Some([to_u8(a), to_u8(b), to_u8(c), to_u8(d), to_u8(e)]), comment),
            None => (None, String::new()),
        };
        Ok(SurveyView {
            id: row.id,
            application_name: row.application_name.clone(),
            agency_name: row.agency_name.clone(),
            vendor_name: row.vendor_name.clone(),
            month: parse_month(&row.month),
            closes_at: row.closes_at,
            open: row.closes_at > Utc::now(),
            mine: answers,
            comment,
            may_answer: may_answer(viewer, &row),
        })
    }

    pub async fn answer(db: &Db, id: i64, viewer: &Viewer, answers: &Answers, comment: &str) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let row: Option<SurveyRow> = on_tx!(&mut tx, c => sqlx::query_as(SURVEY_SQL).bind(id).fetch_optional(c).await)?;
        let row = row.filter(|r| viewer.scope().includes(r.agency_id, r.vendor_id)).ok_or(AppError::NotFound)?;
        if !may_answer(viewer, &row) {
            return Err(AppError::Forbidden);
        }
        let now = Utc::now();
        if row.closes_at <= now {
            return Err(AppError::Conflict("Survei ini sudah ditutup.".into()));
        }
        let sql = "INSERT INTO survey_responses (survey_id, user_id, respondent, respondent_key, answered_on, \
                   ketepatan_waktu, kualitas_hasil, komunikasi, tindak_lanjut, dokumentasi, comment, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) \
                   ON CONFLICT (survey_id, respondent_key) DO UPDATE SET answered_on = $5, ketepatan_waktu = $6, \
                   kualitas_hasil = $7, komunikasi = $8, tindak_lanjut = $9, dokumentasi = $10, comment = $11, updated_at = $12";
        let score = |i: usize| answers[i].map(i64::from);
        on_tx!(&mut tx, c => sqlx::query(sql)
            .bind(id)
            .bind(viewer.id)
            .bind(&viewer.name)
            .bind(respondent_key(viewer))
            .bind(crate::date::date_in_wib(now))
            .bind(score(0))
            .bind(score(1))
            .bind(score(2))
            .bind(score(3))
            .bind(score(4))
            .bind(comment)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn open_for(db: &Db, viewer: &Viewer) -> DbResult<Vec<OpenSurvey>> {
        if !viewer.has(Role::Klien) {
            return Ok(Vec::new());
        }
        let sql = "SELECT s.id, a.name, v.name, s.closes_at FROM surveys s JOIN applications a ON a.id = s.application_id \
                   JOIN vendors v ON v.id = a.vendor_id WHERE a.agency_id = $1 AND s.closes_at > $2 \
                   AND NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.survey_id = s.id AND r.respondent_key = $3) \
                   ORDER BY s.id";
        let rows: Vec<(i64, String, String, DateTime<Utc>)> = on_pool!(db, p => sqlx::query_as(sql)
            .bind(viewer.agency)
            .bind(Utc::now())
            .bind(respondent_key(viewer))
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, application_name, vendor_name, closes_at)| OpenSurvey {
                id,
                application_name,
                vendor_name,
                closes_at,
            })
            .collect())
    }

    /// A response as the KPIs read it.
    #[derive(Debug, Clone, sqlx::FromRow)]
    pub struct ResponseRow {
        pub id: i64,
        pub answered_on: NaiveDate,
        pub application_id: ApplicationId,
        pub application_name: String,
        pub vendor_id: crate::ids::VendorId,
        pub vendor_name: String,
        pub agency_name: String,
        pub respondent: String,
        pub ketepatan_waktu: Option<i64>,
        pub kualitas_hasil: Option<i64>,
        pub komunikasi: Option<i64>,
        pub tindak_lanjut: Option<i64>,
        pub dokumentasi: Option<i64>,
        pub comment: String,
    }

    impl ResponseRow {
        pub fn answers(&self) -> Answers {
            let s = |v: Option<i64>| v.map(|v| v as u8);
            [
                s(self.ketepatan_waktu),
                s(self.kualitas_hasil),
                s(self.komunikasi),
                s(self.tindak_lanjut),
                s(self.dokumentasi),
            ]
        }
    }

    /// The responses answered between two dates, for the applications the filter and scope select.
    pub async fn responses(
        db: &Db,
        from: NaiveDate,
        to: NaiveDate,
        filter: &crate::kpi::KpiFilter,
        scope: crate::account::Scope,
    ) -> DbResult<Vec<ResponseRow>> {
        let sql = "SELECT r.id, r.answered_on, a.id AS application_id, a.name AS application_name, a.vendor_id, \
                   v.name AS vendor_name, g.name AS agency_name, r.respondent, r.ketepatan_waktu, r.kualitas_hasil, \
                   r.komunikasi, r.tindak_lanjut, r.dokumentasi, r.comment \
                   FROM survey_responses r JOIN surveys s ON s.id = r.survey_id JOIN applications a ON a.id = s.application_id \
                   JOIN vendors v ON v.id = a.vendor_id JOIN agencies g ON g.id = a.agency_id \
                   WHERE r.answered_on >= $1 AND r.answered_on <= $2 \
                   AND ($3 IS NULL OR a.agency_id = $3) AND ($4 IS NULL OR a.vendor_id = $4) AND ($5 IS NULL OR a.id = $5) \
                   AND ($6 OR a.agency_id = $7 OR a.vendor_id = $8) ORDER BY r.answered_on, r.id";
        on_pool!(db, p => sqlx::query_as(sql)
            .bind(from)
            .bind(to)
            .bind(filter.agency)
            .bind(filter.vendor)
            .bind(filter.application)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_all(p)
            .await)
    }

    /// The survey of an application for a month, made if missing (for imported answers).
    pub async fn survey_for(tx: &mut Tx, application: ApplicationId, month: crate::date::Month) -> DbResult<i64> {
        let first = month.first_day();
        let opened = crate::date::wib_instant(first, chrono::NaiveTime::MIN);
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO surveys (application_id, month, meeting_id, opened_at, closes_at) VALUES ($1, $2, NULL, $3, $4) \
             ON CONFLICT (application_id, month) DO NOTHING",
        )
        .bind(application)
        .bind(month_key(month))
        .bind(opened)
        .bind(opened + chrono::Duration::days(OPEN_DAYS))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as("SELECT id FROM surveys WHERE application_id = $1 AND month = $2")
            .bind(application)
            .bind(month_key(month))
            .fetch_one(c)
            .await)?;
        Ok(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_is_left_out_never_counted_as_zero() {
        let result = index(&[[Some(4), None, None, None, None], [None; 5], [None; 5]]).unwrap();
        assert_eq!(result.element_means[0], Some(4.0));
        assert_eq!(format!("{:.2}", result.element_means[0].unwrap()), "4.00");
        assert_eq!(result.element_means[1], None);
        assert_eq!(result.value, 100.0, "the only rated element is all 4s");
    }

    #[test]
    fn all_fours_give_one_hundred_and_a() {
        let result = index(&[[Some(4); 5], [Some(4); 5]]).unwrap();
        assert_eq!(format!("{:.2}", result.value), "100.00");
        assert_eq!(result.category, Category::A);
    }

    #[test]
    fn the_category_edges_fall_where_the_thresholds_say() {
        assert_eq!(category_of(88.31), Category::A);
        assert_eq!(category_of(88.30), Category::B);
        assert_eq!(category_of(76.61), Category::B);
        assert_eq!(category_of(76.60), Category::C);
        assert_eq!(category_of(65.00), Category::C);
        assert_eq!(category_of(64.99), Category::D);
        assert_eq!(category_of(25.0), Category::D);
    }

    #[test]
    fn with_no_answers_the_index_is_a_dash_not_zero() {
        assert_eq!(index(&[]), None);
        assert_eq!(index(&[[None; 5]]), None);
        assert_eq!(format_index(None), "–");
        assert_eq!(format_index(Some(88.3125)), "88,31");
    }

    #[test]
    fn the_index_is_the_mean_of_the_element_means_times_25() {
        // Element means 3.5, 3, 3, 3, 3.5: mean 3.2, index 80.00, B.
        let a = [Some(4), Some(3), Some(3), Some(3), Some(4)];
        let b = [Some(3), Some(3), Some(3), Some(3), Some(3)];
        let result = index(&[a, b]).unwrap();
        assert!((result.value - 80.0).abs() < 1e-9);
        assert_eq!(result.category, Category::B);
    }

    #[test]
    fn scores_are_one_to_four_or_blank() {
        assert_eq!(parse_score(" 3 "), Ok(Some(3)));
        assert_eq!(parse_score(""), Ok(None));
        assert!(parse_score("5").is_err());
        assert!(parse_score("0").is_err());
        assert!(parse_score("baik").is_err());
    }
}
