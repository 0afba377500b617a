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

/// A vendor as the admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorRecord {
    pub id: VendorId,
    pub name: String,
    pub active: bool,
}

/// The vendor form of the admin pages, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VendorForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// "on" when the box "aktif" is ticked.
    #[serde(default)]
    pub active: String,
}

impl VendorForm {
    pub fn validate(&self) -> Result<VendorRecord, AppError> {
        let name = crate::text::one_line(&self.name);
        if name.is_empty() {
            return Err(AppError::invalid("name", "Nama pihak ketiga wajib diisi."));
        }
        Ok(VendorRecord {
            id: self.id.parse().unwrap_or(VendorId(0)),
            name,
            active: self.id.trim().is_empty() || self.active == "on",
        })
    }
}

/// Every vendor, active or not (Admin only).
#[server(endpoint = "admin_vendors", input = leptos::server_fn::codec::GetUrl)]
pub async fn admin_vendors() -> Result<Vec<VendorRecord>, AppError> {
    crate::state::reply(
        async move {
            if !crate::auth::viewer().await?.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            Ok(store::list_all(&crate::state::app_state()?.db).await?)
        }
        .await,
    )
}

/// Adds or changes a vendor (Admin only).
#[server(endpoint = "save_vendor")]
pub async fn save_vendor(vendor: VendorForm) -> Result<VendorId, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            let record = vendor.validate()?;
            store::save(&crate::state::app_state()?.db, &record, &crate::audit::Actor::from(&viewer)).await
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

    pub async fn list_all(db: &Db) -> DbResult<Vec<VendorRecord>> {
        let sql = "SELECT id, name, active FROM vendors ORDER BY active DESC, name";
        let rows: Vec<(VendorId, String, bool)> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(id, name, active)| VendorRecord { id, name, active }).collect())
    }

    /// Adds a vendor (id 0) or changes one; a name in use is named at its field.
    pub async fn save(db: &Db, record: &VendorRecord, actor: &crate::audit::Actor) -> Result<VendorId, AppError> {
        use crate::audit::Action;
        let mut tx = db.begin().await?;
        let key = name_key(&record.name);
        let clash: Option<(VendorId, String)> = on_tx!(&mut tx, c => sqlx::query_as("SELECT id, name FROM vendors WHERE name_key = $1").bind(&key).fetch_optional(c).await)?;
        if let Some((_, name)) = clash.filter(|(id, _)| *id != record.id) {
            return Err(AppError::invalid("name", format!("Pihak ketiga \"{name}\" sudah ada.")));
        }
        let value = |r: &VendorRecord| serde_json::json!({"nama": r.name, "aktif": r.active});
        let id = if record.id.0 == 0 {
            let (id,): (VendorId,) = on_tx!(&mut tx, c => sqlx::query_as(
                "INSERT INTO vendors (name, name_key, active, created_at) VALUES ($1, $2, TRUE, $3) RETURNING id",
            )
            .bind(&record.name)
            .bind(&key)
            .bind(chrono::Utc::now())
            .fetch_one(c)
            .await)?;
            crate::audit::record(&mut tx, actor, Action::Create, "pihak_ketiga", id.0, None, None, Some(value(record)))
                .await?;
            id
        } else {
            let before: Option<(String, bool)> = on_tx!(&mut tx, c => sqlx::query_as("SELECT name, active FROM vendors WHERE id = $1")
                .bind(record.id)
                .fetch_optional(c)
                .await)?;
            let (name, active) = before.ok_or(AppError::NotFound)?;
            on_tx!(&mut tx, c => sqlx::query("UPDATE vendors SET name = $2, name_key = $3, active = $4 WHERE id = $1")
                .bind(record.id)
                .bind(&record.name)
                .bind(&key)
                .bind(record.active)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            let before = VendorRecord { id: record.id, name, active };
            crate::audit::record(
                &mut tx,
                actor,
                Action::Update,
                "pihak_ketiga",
                record.id.0,
                None,
                Some(value(&before)),
                Some(value(record)),
            )
            .await?;
            record.id
        };
        tx.commit().await?;
        Ok(id)
    }

    /// The vendor whose name matches `name` (see [`name_key`]).
    pub async fn find_by_name(tx: &mut Tx, name: &str) -> DbResult<Option<Vendor>> {
        let sql = "SELECT id, name FROM vendors WHERE name_key = $1";
        let key = name_key(name);
        let row: Option<Row> = on_tx!(tx, c => sqlx::query_as(sql).bind(&key).fetch_optional(c).await)?;
        Ok(row.map(|r| Vendor { id: r.id, name: r.name }))
    }

    /// The vendor named `name`, created if there is none yet. The flag says whether it was created.
    pub async fn find_or_create(tx: &mut Tx, name: &str, actor: &crate::audit::Actor) -> DbResult<(Vendor, bool)> {
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
        let after = serde_json::json!({"nama": name, "aktif": true});
        crate::audit::record(tx, actor, crate::audit::Action::Create, "pihak_ketiga", id.0, None, None, Some(after))
            .await?;
        Ok((Vendor { id, name }, true))
    }
}
