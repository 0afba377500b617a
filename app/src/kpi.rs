//! The SOP's KPIs, measured monthly in WIB: the number of meetings with the agency and the
//! vendor, and the agency's satisfaction with the vendor, each against the Kasi's target.

use crate::agency::Agency;
use crate::date::Month;
use crate::error::{AppError, FieldError};
use crate::ids::{AgencyId, ApplicationId, VendorId};
use crate::survey::{index, Answers, Category};
use crate::vendor::Vendor;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the KPI page shows: a year, the month of the SOP table, and the filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct KpiFilter {
    pub year: i32,
    /// 1 to 12; the SOP table's month.
    pub month: u32,
    pub agency: Option<AgencyId>,
    pub vendor: Option<VendorId>,
    pub application: Option<ApplicationId>,
}

impl KpiFilter {
    pub fn chosen_month(&self) -> Month {
        Month { year: self.year, month: self.month.clamp(1, 12) }
    }

    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 1, 1).unwrap_or_default()
    }

    pub fn last_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, 12, 31).unwrap_or_default()
    }

    /// The query string of these filters, for links and downloads.
    pub fn query(&self) -> String {
        let mut q = format!("tahun={}&bulan={}", self.year, self.month);
        if let Some(a) = self.agency {
            q.push_str(&format!("&opd={a}"));
        }
        if let Some(v) = self.vendor {
            q.push_str(&format!("&vendor={v}"));
        }
        if let Some(a) = self.application {
            q.push_str(&format!("&aplikasi={a}"));
        }
        q
    }
}

/// A month of the year: meetings and satisfaction against the targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MonthKpi {
    pub month: Month,
    pub meetings: i64,
    pub target_meetings: Option<i64>,
    pub index: Option<f64>,
    pub category: Option<Category>,
    pub responses: usize,
    pub target_index: Option<f64>,
}

/// A vendor's satisfaction index and meetings over the year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VendorKpi {
    pub vendor: VendorId,
    pub name: String,
    pub index: Option<f64>,
    pub category: Option<Category>,
    pub responses: usize,
    pub meetings: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiReport {
    pub filter: KpiFilter,
    pub months: Vec<MonthKpi>,
    pub year_index: Option<f64>,
    pub vendors: Vec<VendorKpi>,
    pub agencies: Vec<Agency>,
    pub vendor_options: Vec<Vendor>,
    pub applications: Vec<(ApplicationId, String)>,
    pub can_set_targets: bool,
}

impl KpiReport {
    /// The chosen month's line.
    pub fn chosen(&self) -> Option<&MonthKpi> {
        self.months.iter().find(|m| m.month == self.filter.chosen_month())
    }
}

/// The month of each meeting day and each response, summed and indexed per month.
pub fn per_month(
    year: i32,
    meeting_days: &[(NaiveDate, i64)],
    responses: &[(NaiveDate, Answers)],
    targets: &[(Month, Option<i64>, Option<f64>)],
) -> Vec<MonthKpi> {
    (1..=12)
        .map(|m| {
            let month = Month { year, month: m };
            let meetings = meeting_days.iter().filter(|(d, _)| Month::of(*d) == month).map(|(_, n)| n).sum();
            let answers: Vec<Answers> =
                responses.iter().filter(|(d, _)| Month::of(*d) == month).map(|(_, a)| *a).collect();
            let result = index(&answers);
            let target = targets.iter().find(|(t, _, _)| *t == month);
            MonthKpi {
                month,
                meetings,
                target_meetings: target.and_then(|t| t.1),
                index: result.map(|r| r.value),
                category: result.map(|r| r.category),
                responses: answers.len(),
                target_index: target.and_then(|t| t.2),
            }
        })
        .collect()
}

#[server(endpoint = "kpi", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_kpi(#[server(default)] filter: KpiFilter) -> Result<KpiReport, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            store::report(db, filter, &viewer).await
        }
        .await,
    )
}

/// A meeting behind a KPI number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiMeeting {
    pub meeting: crate::ids::MeetingId,
    pub application_name: String,
    pub no: Option<i64>,
    pub date: NaiveDate,
    pub client: String,
    pub vendor_name: String,
}

/// A response behind a KPI number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiResponse {
    pub date: NaiveDate,
    pub application_name: String,
    pub vendor_name: String,
    pub respondent: String,
    pub answers: Answers,
    pub comment: String,
}

/// The meetings and responses of the chosen month behind the numbers of the SOP table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiDetail {
    pub month: Month,
    pub meetings: Vec<KpiMeeting>,
    pub responses: Vec<KpiResponse>,
}

#[server(endpoint = "kpi_detail", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_kpi_detail(#[server(default)] filter: KpiFilter) -> Result<KpiDetail, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            store::detail(db, filter, &viewer).await
        }
        .await,
    )
}

/// The Kasi's target for a month, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TargetForm {
    /// `2025-03`.
    #[serde(default)]
    pub bulan: String,
    /// Empty for the overall target.
    #[serde(default)]
    pub aplikasi: String,
    #[serde(default)]
    pub pertemuan: String,
    #[serde(default)]
    pub indeks: String,
}

/// A target that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub month: Month,
    pub application: Option<ApplicationId>,
    pub meetings: Option<i64>,
    pub satisfaction: Option<f64>,
}

impl TargetForm {
    pub fn validate(&self) -> Result<Target, AppError> {
        let mut errors = Vec::new();
        let month = self.bulan.trim().split_once('-').and_then(|(y, m)| {
            let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
            ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then_some(Month { year: y, month: m })
        });
        if month.is_none() {
            errors.push(FieldError { field: "bulan".into(), message: "Pilih bulan target.".into() });
        }
        let application = if self.aplikasi.trim().is_empty() { None } else { self.aplikasi.parse().ok() };
        let meetings = match self.pertemuan.trim() {
            "" => None,
            t => match t.parse::<i64>() {
                Ok(n) if (0..=10_000).contains(&n) => Some(n),
                _ => {
                    errors.push(FieldError {
                        field: "pertemuan".into(),
                        message: "Target pertemuan berupa bilangan bulat 0 atau lebih.".into(),
                    });
                    None
                }
            },
        };
        let satisfaction = match self.indeks.trim() {
            "" => None,
            t => match t.replace(',', ".").parse::<f64>() {
                Ok(v) if (25.0..=100.0).contains(&v) => Some(v),
                _ => {
                    errors.push(FieldError {
                        field: "indeks".into(),
                        message: "Target indeks antara 25 dan 100.".into(),
                    });
                    None
                }
            },
        };
        if meetings.is_none() && satisfaction.is_none() && errors.is_empty() {
            errors
                .push(FieldError { field: String::new(), message: "Isi target pertemuan atau target indeks.".into() });
        }
        match month {
            Some(month) if errors.is_empty() => Ok(Target { month, application, meetings, satisfaction }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// The Kasi sets a month's targets. Realization is computed, never typed.
#[server(endpoint = "save_target")]
pub async fn save_target(target: TargetForm) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.has(crate::account::Role::Kasi) {
                return Err(AppError::Forbidden);
            }
            let target = target.validate()?;
            let db = &crate::state::app_state()?.db;
            store::save_target(db, &target, &crate::audit::Actor::from(&viewer)).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::{Role, Viewer};
    use crate::db::{Db, DbResult};
    use crate::{on_pool, on_tx};

    fn key(month: Month) -> String {
        format!("{:04}-{:02}", month.year, month.month)
    }

    /// Documented meetings per day in the year, for the filter and scope.
    async fn meeting_days(
        db: &Db,
        filter: &KpiFilter,
        scope: crate::account::Scope,
    ) -> DbResult<Vec<(NaiveDate, VendorId, i64)>> {
        let sql = "SELECT m.meeting_date, a.vendor_id, COUNT(*) FROM meetings m JOIN applications a ON a.id = m.application_id \
                   WHERE m.no IS NOT NULL AND m.cancelled_at IS NULL AND m.meeting_date >= $1 AND m.meeting_date <= $2 \
                   AND ($3 IS NULL OR a.agency_id = $3) AND ($4 IS NULL OR a.vendor_id = $4) AND ($5 IS NULL OR a.id = $5) \
                   AND ($6 OR a.agency_id = $7 OR a.vendor_id = $8) GROUP BY m.meeting_date, a.vendor_id";
        on_pool!(db, p => sqlx::query_as(sql)
            .bind(filter.first_day())
            .bind(filter.last_day())
            .bind(filter.agency)
            .bind(filter.vendor)
            .bind(filter.application)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_all(p)
            .await)
    }

    /// The targets of the year: overall ones, or the application's when one is chosen.
    async fn targets(db: &Db, filter: &KpiFilter) -> DbResult<Vec<(Month, Option<i64>, Option<f64>)>> {
        let sql = "SELECT month, meetings, satisfaction FROM kpi_targets WHERE month >= $1 AND month <= $2 \
                   AND (($3 IS NULL AND application_id IS NULL) OR application_id = $3)";
        let rows: Vec<(String, Option<i64>, Option<f64>)> = on_pool!(db, p => sqlx::query_as(sql)
            .bind(format!("{:04}-01", filter.year))
            .bind(format!("{:04}-12", filter.year))
            .bind(filter.application)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(m, meetings, satisfaction)| {
                let (y, mo) = m.split_once('-')?;
                Some((Month { year: y.parse().ok()?, month: mo.parse().ok()? }, meetings, satisfaction))
            })
            .collect())
    }

    pub async fn report(db: &Db, filter: KpiFilter, viewer: &Viewer) -> Result<KpiReport, AppError> {
        let today = crate::date::today_wib();
        let mut filter = filter;
        if filter.year == 0 {
            filter.year = Month::of(today).year;
        }
        if filter.month == 0 {
            filter.month = if filter.year == Month::of(today).year { Month::of(today).month } else { 12 };
        }
        let scope = viewer.scope();
        let days = meeting_days(db, &filter, scope).await?;
        let responses =
            crate::survey::store::responses(db, filter.first_day(), filter.last_day(), &filter, scope).await?;
        let targets = targets(db, &filter).await?;
        let meeting_days: Vec<(NaiveDate, i64)> = days.iter().map(|(d, _, n)| (*d, *n)).collect();
        let answers: Vec<(NaiveDate, Answers)> = responses.iter().map(|r| (r.answered_on, r.answers())).collect();
        let months = per_month(filter.year, &meeting_days, &answers, &targets);
        let year_index = index(&answers.iter().map(|(_, a)| *a).collect::<Vec<_>>()).map(|i| i.value);

        // Vendors with meetings or responses in the year.
        let mut vendors: Vec<VendorKpi> = Vec::new();
        for r in &responses {
            if !vendors.iter().any(|v| v.vendor == r.vendor_id) {
                vendors.push(VendorKpi {
                    vendor: r.vendor_id,
                    name: r.vendor_name.clone(),
                    index: None,
                    category: None,
                    responses: 0,
                    meetings: 0,
                });
            }
        }
        let (agencies, vendor_options) = crate::application::store::filter_options(db, scope).await?;
        for (_, vendor, n) in &days {
            match vendors.iter_mut().find(|v| v.vendor == *vendor) {
                Some(v) => v.meetings += n,
                None => vendors.push(VendorKpi {
                    vendor: *vendor,
                    name: vendor_options.iter().find(|x| x.id == *vendor).map(|x| x.name.clone()).unwrap_or_default(),
                    index: None,
                    category: None,
                    responses: 0,
                    meetings: *n,
                }),
            }
        }
        for v in vendors.iter_mut() {
            let theirs: Vec<Answers> =
                responses.iter().filter(|r| r.vendor_id == v.vendor).map(|r| r.answers()).collect();
            let result = index(&theirs);
            v.index = result.map(|r| r.value);
            v.category = result.map(|r| r.category);
            v.responses = theirs.len();
        }
        vendors.sort_by(|a, b| a.name.cmp(&b.name));

        let applications = crate::application::store::names(db, scope).await?;
        Ok(KpiReport {
            filter,
            months,
            year_index,
            vendors,
            agencies,
            vendor_options,
            applications,
            can_set_targets: viewer.has(Role::Kasi),
        })
    }

    pub async fn detail(db: &Db, filter: KpiFilter, viewer: &Viewer) -> Result<KpiDetail, AppError> {
        let scope = viewer.scope();
        let month = filter.chosen_month();
        let from = month.first_day();
        let to = Month { year: month.year, month: month.month }.last_day();
        let sql = "SELECT m.id, a.name, m.no, m.meeting_date, m.client_name, g.abbreviation, v.name \
                   FROM meetings m JOIN applications a ON a.id = m.application_id JOIN agencies g ON g.id = m.agency_id \
                   JOIN vendors v ON v.id = m.vendor_id \
                   WHERE m.no IS NOT NULL AND m.cancelled_at IS NULL AND m.meeting_date >= $1 AND m.meeting_date <= $2 \
                   AND ($3 IS NULL OR a.agency_id = $3) AND ($4 IS NULL OR a.vendor_id = $4) AND ($5 IS NULL OR a.id = $5) \
                   AND ($6 OR a.agency_id = $7 OR a.vendor_id = $8) ORDER BY m.meeting_date, a.name, m.no";
        #[allow(clippy::type_complexity)]
        let rows: Vec<(crate::ids::MeetingId, String, Option<i64>, NaiveDate, String, String, String)> = on_pool!(db, p => sqlx::query_as(sql)
                .bind(from)
                .bind(to)
                .bind(filter.agency)
                .bind(filter.vendor)
                .bind(filter.application)
                .bind(scope.all)
                .bind(scope.agency)
                .bind(scope.vendor)
                .fetch_all(p)
                .await)?;
        let responses = crate::survey::store::responses(db, from, to, &filter, scope).await?;
        Ok(KpiDetail {
            month,
            meetings: rows
                .into_iter()
                .map(|(meeting, application_name, no, date, client, abbreviation, vendor_name)| KpiMeeting {
                    meeting,
                    application_name,
                    no,
                    date,
                    client: crate::agency::client_label(&client, &abbreviation),
                    vendor_name,
                })
                .collect(),
            responses: responses
                .into_iter()
                .map(|r| KpiResponse {
                    date: r.answered_on,
                    answers: r.answers(),
                    application_name: r.application_name,
                    vendor_name: r.vendor_name,
                    respondent: r.respondent,
                    comment: r.comment,
                })
                .collect(),
        })
    }

    pub async fn save_target(db: &Db, target: &Target, actor: &crate::audit::Actor) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let existing: Option<(i64,)> = on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT id FROM kpi_targets WHERE month = $1 AND (($2 IS NULL AND application_id IS NULL) OR application_id = $2)",
        )
        .bind(key(target.month))
        .bind(target.application)
        .fetch_optional(c)
        .await)?;
        let now = chrono::Utc::now();
        match existing {
            Some((id,)) => on_tx!(&mut tx, c => sqlx::query(
                "UPDATE kpi_targets SET meetings = $2, satisfaction = $3, updated_at = $4 WHERE id = $1",
            )
            .bind(id)
            .bind(target.meetings)
            .bind(target.satisfaction)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?,
            None => on_tx!(&mut tx, c => sqlx::query(
                "INSERT INTO kpi_targets (month, application_id, meetings, satisfaction, updated_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(key(target.month))
            .bind(target.application)
            .bind(target.meetings)
            .bind(target.satisfaction)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?,
        };
        crate::audit::record(
            &mut tx,
            actor,
            crate::audit::Action::Update,
            "target_kpi",
            0,
            target.application,
            None,
            Some(serde_json::json!({
                "bulan": key(target.month),
                "pertemuan": target.meetings,
                "indeks_kepuasan": target.satisfaction,
            })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meetings_and_responses_are_counted_in_their_wib_month() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let months = per_month(
            2025,
            &[(d(2, 28), 1), (d(3, 1), 2), (d(3, 31), 1)],
            &[(d(3, 11), [Some(4), Some(4), Some(3), Some(3), Some(4)])],
            &[(Month { year: 2025, month: 3 }, Some(4), Some(80.0))],
        );
        assert_eq!(months.len(), 12);
        assert_eq!(months[1].meetings, 1);
        assert_eq!(months[2].meetings, 3);
        assert_eq!(months[2].target_meetings, Some(4));
        assert_eq!(months[2].responses, 1);
        assert_eq!(months[2].index.map(|v| format!("{v:.2}")), Some("90.00".into()));
        assert_eq!(months[3].index, None);
    }

    #[test]
    fn a_target_needs_a_month_and_a_number_in_range() {
        let ok =
            TargetForm { bulan: "2025-03".into(), pertemuan: "4".into(), indeks: "80,5".into(), ..Default::default() };
        let target = ok.validate().unwrap();
        assert_eq!((target.meetings, target.satisfaction), (Some(4), Some(80.5)));
        let bad =
            TargetForm { bulan: "2025-13".into(), pertemuan: "-1".into(), indeks: "120".into(), ..Default::default() };
        let err = bad.validate().unwrap_err();
        for field in ["bulan", "pertemuan", "indeks"] {
            assert!(err.message_for(field).is_some(), "{field}");
        }
    }
}
