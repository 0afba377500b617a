//! The dashboard: every application with its meetings, and the meetings per month.

use crate::agency::Agency;
use crate::application::{ApplicationFilter, ApplicationSummary};
use crate::date::Month;
use crate::error::AppError;
use crate::vendor::Vendor;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Number of months the dashboard's chart covers, ending with the current month.
pub const CHART_MONTHS: usize = 12;

/// Applications listed per page of the dashboard: a city's office sees all of them on one page; a
/// country's thousands are paged rather than sent at once.
pub const PAGE_SIZE: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCount {
    pub month: Month,
    pub meetings: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    /// The applications of this page.
    pub applications: Vec<ApplicationSummary>,
    /// The page shown, from 1, and the number of pages (at least 1).
    pub page: u32,
    pub pages: u32,
    /// All applications the filter selects, and the rows of their logs.
    pub total_applications: i64,
    pub total_meetings: i64,
    pub monthly: Vec<MonthCount>,
    pub agencies: Vec<Agency>,
    pub vendors: Vec<Vendor>,
}

/// Adds up meetings per day into the given months; days outside them are ignored.
pub fn per_month(months: &[Month], per_day: &[(NaiveDate, i64)]) -> Vec<MonthCount> {
    months
        .iter()
        .map(|&month| MonthCount {
            month,
            meetings: per_day.iter().filter(|(day, _)| Month::of(*day) == month).map(|(_, n)| n).sum(),
        })
        .collect()
}

/// Pages needed for `applications`, at least one.
pub fn page_count(applications: i64) -> u32 {
    let pages = (applications.max(1) as u64).div_ceil(u64::from(PAGE_SIZE));
    u32::try_from(pages).unwrap_or(u32::MAX)
}

#[server(endpoint = "dashboard", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_dashboard(
    #[server(default)] filter: ApplicationFilter,
    #[server(default)] page: u32,
) -> Result<Dashboard, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let scope = viewer.scope();
            let state = crate::state::app_state()?;
            let db = &state.db;
            let months = Month::of(crate::date::today_wib()).last_n(CHART_MONTHS);
            let first = months[0].first_day();
            let (total_applications, total_meetings) = crate::application::store::totals(db, filter, scope).await?;
            let pages = page_count(total_applications);
            // A page past the last (a link kept from a longer list) shows the last.
            let page = page.clamp(1, pages);
            let offset = i64::from(page - 1) * i64::from(PAGE_SIZE);
            let applications =
                crate::application::store::list_range(db, filter, scope, offset, i64::from(PAGE_SIZE)).await?;
            let per_day = store::meetings_per_day(db, filter, first, scope).await?;
            let (agencies, vendors) = crate::application::store::filter_options(db, scope).await?;
            Ok(Dashboard {
                applications,
                page,
                pages,
                total_applications,
                total_meetings,
                monthly: per_month(&months, &per_day),
                agencies,
                vendors,
            })
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::Scope;
    use crate::db::{Db, DbResult};
    use crate::on_pool;

    /// Meetings per day from `from` on, for the applications the filter selects.
    pub async fn meetings_per_day(
        db: &Db,
        filter: ApplicationFilter,
        from: NaiveDate,
        scope: Scope,
    ) -> DbResult<Vec<(NaiveDate, i64)>> {
        let sql = "SELECT m.meeting_date, COUNT(*) FROM meetings m \
                   JOIN applications a ON a.id = m.application_id \
                   WHERE m.no IS NOT NULL AND m.meeting_date >= $1 AND ($2 IS NULL OR a.agency_id = $2) AND ($3 IS NULL OR a.vendor_id = $3) \
                   AND ($4 OR a.agency_id = $5 OR a.vendor_id = $6) \
                   GROUP BY m.meeting_date ORDER BY m.meeting_date";
        on_pool!(db, p => sqlx::query_as(sql).bind(from).bind(filter.agency).bind(filter.vendor)
            .bind(scope.all)
            .bind(scope.agency)
            .bind(scope.vendor).fetch_all(p).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_added_into_their_months() {
        let months = Month { year: 2025, month: 3 }.last_n(2);
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        let counts = per_month(&months, &[(d(1, 31), 5), (d(2, 1), 1), (d(2, 28), 2), (d(3, 1), 3)]);
        assert_eq!(counts.iter().map(|c| c.meetings).collect::<Vec<_>>(), vec![3, 3]);
    }

    #[test]
    fn applications_fill_pages_of_fifty() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(5), 1);
        assert_eq!(page_count(50), 1);
        assert_eq!(page_count(51), 2);
        assert_eq!(page_count(3000), 60);
    }
}
