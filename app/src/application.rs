//! Applications under supervision: what a vendor builds for an agency, with its PIC and status.

use crate::agency::Agency;
use crate::error::AppError;
pub use crate::ids::ApplicationId;
use crate::ids::{AgencyId, UserId, VendorId};
use crate::meeting::Meeting;
use crate::vendor::Vendor;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ApplicationStatus {
    #[default]
    Berjalan,
    Selesai,
    Ditunda,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Berjalan => "berjalan",
            ApplicationStatus::Selesai => "selesai",
            ApplicationStatus::Ditunda => "ditunda",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ApplicationStatus::Berjalan => "Berjalan",
            ApplicationStatus::Selesai => "Selesai",
            ApplicationStatus::Ditunda => "Ditunda",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "berjalan" => Some(ApplicationStatus::Berjalan),
            "selesai" => Some(ApplicationStatus::Selesai),
            "ditunda" => Some(ApplicationStatus::Ditunda),
            _ => None,
        }
    }
}

/// A line of the dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationSummary {
    pub id: ApplicationId,
    pub name: String,
    pub agency_name: String,
    pub agency_abbreviation: String,
    pub vendor_name: String,
    pub pic_name: String,
    pub status: ApplicationStatus,
    pub meeting_count: i64,
    pub last_meeting: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    pub name: String,
    pub agency: Agency,
    pub vendor: Vendor,
    pub pic_name: String,
    /// The PIC's account, who alone writes the application's log.
    pub pic_user: Option<UserId>,
    pub status: ApplicationStatus,
}

/// Which applications a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ApplicationFilter {
    pub agency: Option<AgencyId>,
    pub vendor: Option<VendorId>,
}

impl ApplicationFilter {
    /// The dashboard's query string of this filter (`opd=…&vendor=…`), empty when it selects all.
    pub fn query(&self) -> String {
        let agency = self.agency.map(|a| format!("opd={a}"));
        let vendor = self.vendor.map(|v| format!("vendor={v}"));
        agency.into_iter().chain(vendor).collect::<Vec<_>>().join("&")
    }
}

/// A meeting on its way to becoming a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduledMeeting {
    pub id: crate::ids::MeetingId,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub place: String,
    pub cancelled: bool,
    /// The step it waits for.
    pub next: Option<crate::step::Step>,
}

/// An application's page: its title block and the rows of its form, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationLog {
    pub application: Application,
    pub meetings: Vec<Meeting>,
    /// Agencies a row's client may belong to, for the row form.
    pub agencies: Vec<Agency>,
    /// Meetings scheduled and not documented yet (cancelled ones too), by date.
    pub scheduled: Vec<ScheduledMeeting>,
    /// Whether the viewer writes this log (its PIC).
    pub can_edit: bool,
    /// Whether the viewer may read the audit trail.
    pub reads_audit: bool,
    /// The server's time when the page was made: the opening time of the forms on it.
    pub opened_at: chrono::DateTime<chrono::Utc>,
}

#[server(endpoint = "application_log", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_application_log(id: ApplicationId) -> Result<ApplicationLog, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let state = crate::state::app_state()?;
            let application = store::get(&state.db, id)
                .await?
                .filter(|a| viewer.scope().includes(a.agency.id, a.vendor.id))
                .ok_or(AppError::NotFound)?;
            let meetings = crate::meeting::store::list_for_application(&state.db, id).await?;
            let agencies = crate::agency::store::list(&state.db).await?;
            let can_edit = viewer.can_edit_log(application.pic_user);
            let scheduled = store::scheduled(&state.db, id, &viewer).await?;
            Ok(ApplicationLog {
                application,
                meetings,
                agencies,
                scheduled,
                can_edit,
                reads_audit: viewer.reads_audit(),
                opened_at: chrono::Utc::now(),
            })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::Scope;
    use crate::db::{Db, DbResult, Tx};
    use crate::text::{name_key, one_line};
    use crate::{on_pool, on_tx};

    #[derive(sqlx::FromRow)]
    struct SummaryRow {
        id: ApplicationId,
        name: String,
        agency_name: String,
        agency_abbreviation: String,
        vendor_name: String,
        pic_name: String,
        status: String,
        meeting_count: i64,
        last_meeting: Option<NaiveDate>,
    }

    /// The applications (`a`) the filter and scope select: binds $1 to $5 as `list_range` and
    /// `totals` give them.
    const SELECTED: &str = "($1 IS NULL OR a.agency_id = $1) AND ($2 IS NULL OR a.vendor_id = $2) \
                            AND ($3 OR a.agency_id = $4 OR a.vendor_id = $5)";

    /// Every application the filter and scope select, by name.
    pub async fn list(db: &Db, filter: ApplicationFilter, scope: Scope) -> DbResult<Vec<ApplicationSummary>> {
        list_range(db, filter, scope, 0, i64::MAX).await
    }

    /// `limit` applications from the `offset`th on, by name. The page is chosen before the
    /// meetings are counted, so a page costs the same whatever the number of applications.
    pub async fn list_range(
        db: &Db,
        filter: ApplicationFilter,
        scope: Scope,
        offset: i64,
        limit: i64,
    ) -> DbResult<Vec<ApplicationSummary>> {
        let sql = format!(
            "SELECT p.id, p.name, p.agency_name, p.agency_abbreviation, p.vendor_name, p.pic_name, p.status, \
             COUNT(m.id) AS meeting_count, MAX(m.meeting_date) AS last_meeting \
             FROM (SELECT a.id, a.name, g.name AS agency_name, g.abbreviation AS agency_abbreviation, \
                   v.name AS vendor_name, a.pic_name, a.status \
                   FROM applications a \
                   JOIN agencies g ON g.id = a.agency_id \
                   JOIN vendors v ON v.id = a.vendor_id \
                   WHERE {SELECTED} \
                   ORDER BY a.name, a.id LIMIT $6 OFFSET $7) p \
             LEFT JOIN meetings m ON m.application_id = p.id AND m.no IS NOT NULL \
             GROUP BY p.id, p.name, p.agency_name, p.agency_abbreviation, p.vendor_name, p.pic_name, p.status \
             ORDER BY p.name, p.id"
        );
        let rows: Vec<SummaryRow> = on_pool!(db, p => sqlx::query_as(&sql)
            .bind(filter.agency)
            .bind(filter.vendor)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .bind(limit)
            .bind(offset)
            .fetch_all(p)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|r| ApplicationSummary {
                id: r.id,
                name: r.name,
                agency_name: r.agency_name,
                agency_abbreviation: r.agency_abbreviation,
                vendor_name: r.vendor_name,
                pic_name: r.pic_name,
                status: ApplicationStatus::parse(&r.status).unwrap_or_default(),
                meeting_count: r.meeting_count,
                last_meeting: r.last_meeting,
            })
            .collect())
    }

    /// The id and name of every application in scope, by name (a choice of application).
    pub async fn names(db: &Db, scope: Scope) -> DbResult<Vec<(ApplicationId, String)>> {
        let sql = "SELECT a.id, a.name FROM applications a WHERE ($1 OR a.agency_id = $2 OR a.vendor_id = $3) \
                   ORDER BY a.name, a.id";
        on_pool!(db, p => sqlx::query_as(sql).bind(scope.all).bind(scope.agency).bind(scope.vendor).fetch_all(p).await)
    }

    /// How many applications the filter and scope select, and how many rows their logs hold.
    pub async fn totals(db: &Db, filter: ApplicationFilter, scope: Scope) -> DbResult<(i64, i64)> {
        let sql = format!(
            "SELECT (SELECT COUNT(*) FROM applications a WHERE {SELECTED}), \
             (SELECT COUNT(*) FROM meetings m JOIN applications a ON a.id = m.application_id \
              WHERE m.no IS NOT NULL AND {SELECTED})"
        );
        on_pool!(db, p => sqlx::query_as(&sql)
            .bind(filter.agency)
            .bind(filter.vendor)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_one(p)
            .await)
    }

    #[derive(sqlx::FromRow)]
    struct DetailRow {
        id: ApplicationId,
        name: String,
        agency_id: AgencyId,
        agency_name: String,
        agency_abbreviation: String,
        vendor_id: VendorId,
        vendor_name: String,
        pic_name: String,
        pic_user_id: Option<UserId>,
        status: String,
    }

    pub async fn get(db: &Db, id: ApplicationId) -> DbResult<Option<Application>> {
        let sql = "SELECT a.id, a.name, a.agency_id, g.name AS agency_name, g.abbreviation AS agency_abbreviation, \
                   a.vendor_id, v.name AS vendor_name, a.pic_name, a.pic_user_id, a.status \
                   FROM applications a \
                   JOIN agencies g ON g.id = a.agency_id \
                   JOIN vendors v ON v.id = a.vendor_id \
                   WHERE a.id = $1";
        let row: Option<DetailRow> = on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await)?;
        Ok(row.map(|r| Application {
            id: r.id,
            name: r.name,
            agency: Agency { id: r.agency_id, name: r.agency_name, abbreviation: r.agency_abbreviation },
            vendor: Vendor { id: r.vendor_id, name: r.vendor_name },
            pic_name: r.pic_name,
            pic_user: r.pic_user_id,
            status: ApplicationStatus::parse(&r.status).unwrap_or_default(),
        }))
    }

    /// What decides who reaches an application: its agency, its vendor and its PIC.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
    pub struct Reach {
        pub id: ApplicationId,
        pub agency_id: AgencyId,
        pub vendor_id: VendorId,
        pub pic_user_id: Option<UserId>,
    }

    /// The application if the scope includes it; otherwise none, as if it did not exist.
    pub async fn visible(db: &Db, id: ApplicationId, scope: Scope) -> DbResult<Option<Reach>> {
        let sql = "SELECT id, agency_id, vendor_id, pic_user_id FROM applications WHERE id = $1";
        let row: Option<Reach> = on_pool!(db, p => sqlx::query_as(sql).bind(id).fetch_optional(p).await)?;
        Ok(row.filter(|r| scope.includes(r.agency_id, r.vendor_id)))
    }

    /// The same, read inside a write transaction.
    pub async fn reach(tx: &mut Tx, id: ApplicationId) -> DbResult<Option<Reach>> {
        let sql = "SELECT id, agency_id, vendor_id, pic_user_id FROM applications WHERE id = $1";
        on_tx!(tx, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)
    }

    /// The application whose name matches `name`.
    pub async fn find_by_name(tx: &mut Tx, name: &str) -> DbResult<Option<Reach>> {
        let sql = "SELECT id, agency_id, vendor_id, pic_user_id FROM applications WHERE name_key = $1";
        on_tx!(tx, c => sqlx::query_as(sql).bind(name_key(name)).fetch_optional(c).await)
    }

    pub struct NewApplication<'a> {
        pub name: &'a str,
        pub agency: AgencyId,
        pub vendor: VendorId,
        pub pic_name: &'a str,
        pub pic_user: Option<UserId>,
    }

    /// Adds an application, with its line in the audit trail.
    pub async fn insert(tx: &mut Tx, new: NewApplication<'_>, actor: &crate::audit::Actor) -> DbResult<ApplicationId> {
        let sql = "INSERT INTO applications (name, name_key, agency_id, vendor_id, pic_name, pic_user_id, status, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $7, 'berjalan', $6, $6) RETURNING id";
        let name = one_line(new.name);
        let now = chrono::Utc::now();
        let (id,): (ApplicationId,) = on_tx!(tx, c => sqlx::query_as(sql)
            .bind(&name)
            .bind(name_key(&name))
            .bind(new.agency)
            .bind(new.vendor)
            .bind(one_line(new.pic_name))
            .bind(now)
            .bind(new.pic_user)
            .fetch_one(c)
            .await)?;
        let after = serde_json::json!({
            "nama": name,
            "opd": new.agency,
            "pihak_ketiga": new.vendor,
            "pic": one_line(new.pic_name),
            "akun_pic": new.pic_user,
            "status": "berjalan",
        });
        crate::audit::record(tx, actor, crate::audit::Action::Create, "aplikasi", id.0, Some(id), None, Some(after))
            .await?;
        Ok(id)
    }

    /// The meetings of an application that are not rows of its form yet.
    pub async fn scheduled(
        db: &Db,
        application: ApplicationId,
        viewer: &crate::account::Viewer,
    ) -> Result<Vec<ScheduledMeeting>, crate::error::AppError> {
        let sql = "SELECT id, starts_at, place FROM meetings WHERE application_id = $1 AND no IS NULL \
                   AND starts_at IS NOT NULL ORDER BY starts_at";
        let rows: Vec<(crate::ids::MeetingId, chrono::DateTime<chrono::Utc>, Option<String>)> =
            on_pool!(db, p => sqlx::query_as(sql).bind(application).fetch_all(p).await)?;
        let mut meetings = Vec::new();
        for (id, starts_at, place) in rows {
            let state = crate::workflow::store::state(db, id, viewer).await?;
            meetings.push(ScheduledMeeting {
                id,
                starts_at,
                place: place.unwrap_or_default(),
                cancelled: state.progress.cancelled,
                next: state.progress.next(),
            });
        }
        Ok(meetings)
    }

    /// The agencies and vendors that have at least one application, for the dashboard's filters.
    pub async fn filter_options(db: &Db, scope: Scope) -> DbResult<(Vec<Agency>, Vec<Vendor>)> {
        let agencies_sql = "SELECT DISTINCT g.id, g.name, g.abbreviation FROM agencies g \
                            JOIN applications a ON a.agency_id = g.id \
                            WHERE ($1 OR a.agency_id = $2 OR a.vendor_id = $3) ORDER BY g.name";
        let vendors_sql = "SELECT DISTINCT v.id, v.name FROM vendors v \
                           JOIN applications a ON a.vendor_id = v.id \
                           WHERE ($1 OR a.agency_id = $2 OR a.vendor_id = $3) ORDER BY v.name";
        let agencies: Vec<(AgencyId, String, String)> = on_pool!(db, p => sqlx::query_as(agencies_sql)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_all(p)
            .await)?;
        let vendors: Vec<(VendorId, String)> = on_pool!(db, p => sqlx::query_as(vendors_sql)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor)
            .fetch_all(p)
            .await)?;
        Ok((
            agencies.into_iter().map(|(id, name, abbreviation)| Agency { id, name, abbreviation }).collect(),
            vendors.into_iter().map(|(id, name)| Vendor { id, name }).collect(),
        ))
    }
}
