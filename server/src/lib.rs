//! The Pendamping server: settings, the router, and the commands of the `pendamping` binary.

pub mod backup;
pub mod bench;
pub mod cli;
pub mod config;
pub mod routes;

use app::db::Db;
use app::state::AppState;
use config::Settings;

/// Opens the database, applies the migrations and loads the reference list of agencies.
pub async fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url)
        .await
        .map_err(|e| anyhow::anyhow!("tidak dapat membuka basis data {}: {e}", settings.redacted_database_url()))?;
    db.migrate().await.map_err(|e| anyhow::anyhow!("migrasi basis data gagal: {e}"))?;
    let added = app::agency::store::seed_reference(&db).await?;
    if added > 0 {
        tracing::info!("{added} OPD dari daftar referensi dimuat");
    }
    Ok(db)
}

/// The state every request shares.
pub fn app_state(settings: &Settings, db: Db) -> AppState {
    AppState { leptos_options: settings.leptos_options(), db, config: std::sync::Arc::new(settings.app_config()) }
}
