//! Vendors (Pihak Ketiga): the companies that build the applications.

use crate::error::AppError;
pub use crate::ids::VendorId;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vendor {
    pub id: VendorId,
    pub name: String,
}

/// Every active vendor, by name.
#[server(endpoint = "vendors", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_vendors() -> Result<Vec<Vendor>, AppError> {
    crate::state::reply(
        async move {
            let state = crate::state::app_state()?;
            Ok(store::list(&state.db).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::db::{Db, DbResult, Tx};
    use crate::text::{name_key, one_line};
    use crate::{on_pool, on_tx};

    #[derive(sqlx::FromRow)]
    struct Row {
        id: VendorId,
        name: String,
    }

    pub async fn list(db: &Db) -> DbResult<Vec<Vendor>> {
        let sql = "SELECT id, name FROM vendors WHERE active ORDER BY name";
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|r| Vendor { id: r.id, name: r.name }).collect())
    }

    /// The vendor whose name matches `name` (see [`name_key`]).
    pub async fn find_by_name(tx: &mut Tx, name: &str) -> DbResult<Option<Vendor>> {
        let sql = "SELECT id, name FROM vendors WHERE name_key = $1";
        let key = name_key(name);
        let row: Option<Row> = on_tx!(tx, c => sqlx::query_as(sql).bind(&key).fetch_optional(c).await)?;
        Ok(row.map(|r| Vendor { id: r.id, name: r.name }))
    }

    /// The vendor named `name`, created if there is none yet. The flag says whether it was created.
    pub async fn find_or_create(tx: &mut Tx, name: &str) -> DbResult<(Vendor, bool)> {
        if let Some(vendor) = find_by_name(tx, name).await? {
            return Ok((vendor, false));
        }
        let name = one_line(name);
        let sql = "INSERT INTO vendors (name, name_key, created_at) VALUES ($1, $2, $3) RETURNING id";
        let now = chrono::Utc::now();
        let (id,): (VendorId,) = on_tx!(tx, c => sqlx::query_as(sql)
            .bind(&name)
            .bind(name_key(&name))
            .bind(now)
            .fetch_one(c)
            .await)?;
        Ok((Vendor { id, name }, true))
    }
}
