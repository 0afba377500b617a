//! `pendamping backup FILE` and `pendamping restore FILE`: a consistent copy of the whole
//! database, taken while the server runs, and that copy brought back into a new database.
//!
//! SQLite copies itself with `VACUUM INTO`, which reads one snapshot of the database while
//! writers go on (WAL), and the copy is checked with `PRAGMA integrity_check`. PostgreSQL uses
//! its own tools, `pg_dump` (one snapshot, custom format) and `pg_restore` (one transaction).
//! A restore goes into a database that holds nothing yet, so it never mixes two histories.

use anyhow::{anyhow, bail, Context};
use app::db::Db;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// What a backup or restore did, for the command's last line.
pub struct Done {
    pub tables: usize,
    pub rows: i64,
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// The file of a `sqlite://` URL.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let options = SqliteConnectOptions::from_str(url).context("DATABASE_URL SQLite tidak dapat dibaca")?;
    Ok(options.get_filename().to_path_buf())
}

/// Copies the live database to `file`, which must not exist yet.
pub async fn backup(db: &Db, url: &str, file: &Path) -> anyhow::Result<Done> {
    if file.exists() {
        bail!("berkas cadangan {} sudah ada: pilih nama lain", file.display());
    }
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("tidak dapat membuat folder {}", parent.display()))?;
    }
    match db {
        Db::Sqlite(pool) => {
            let target = file.to_str().ok_or_else(|| anyhow!("nama berkas cadangan harus UTF-8"))?;
            sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await.context("VACUUM INTO gagal")?;
            let done = check_sqlite_file(file).await;
            if done.is_err() {
                let _ = std::fs::remove_file(file);
            }
            done
        }
        Db::Postgres(pool) => {
            run_tool("pg_dump", &["--format=custom", "--no-owner", "--no-privileges", "--file", path_str(file)?, url])
                .await?;
            count_postgres(pool).await
        }
    }
}

/// Brings the copy in `file` back into the database at `url`, which must hold nothing yet.
pub async fn restore(url: &str, file: &Path) -> anyhow::Result<()> {
    if !file.is_file() {
        bail!("berkas cadangan {} tidak ada", file.display());
    }
    if is_postgres(url) {
        let mut conn = sqlx::PgConnection::connect(url).await.context("tidak dapat membuka basis data tujuan")?;
        let (tables,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
        )
        .fetch_one(&mut conn)
        .await?;
        conn.close().await?;
        if tables > 0 {
            bail!("basis data tujuan tidak kosong ({tables} tabel): pulihkan ke basis data baru");
        }
        run_tool(
            "pg_restore",
            &[
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                url,
                path_str(file)?,
            ],
        )
        .await
    } else {
        check_sqlite_file(file).await?;
        let target = sqlite_path(url)?;
        if target.exists() {
            bail!(
                "basis data tujuan {} sudah ada: pulihkan ke berkas baru, atau pindahkan berkas itu dulu",
                target.display()
            );
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)?;
        }
        // Copy under a temporary name, then rename: a restore cut short leaves no half database.
        let partial = target.with_extension("memulihkan");
        std::fs::copy(file, &partial).with_context(|| format!("tidak dapat menyalin ke {}", partial.display()))?;
        std::fs::File::open(&partial)?.sync_all()?;
        std::fs::rename(&partial, &target)?;
        Ok(())
    }
}

fn path_str(path: &Path) -> anyhow::Result<&str> {
    path.to_str().ok_or_else(|| anyhow!("nama berkas harus UTF-8"))
}

async fn run_tool(tool: &str, args: &[&str]) -> anyhow::Result<()> {
    let output = tokio::process::Command::new(tool)
        .args(args)
        .output()
        .await
        .with_context(|| format!("{tool} tidak dapat dijalankan (pasang klien PostgreSQL)"))?;
    if !output.status.success() {
        // The tool's message names the problem; the URL with its password is never printed.
        bail!("{tool} gagal: {}", String::from_utf8_lossy(&output.stderr).trim());
    }
    Ok(())
}

/// Opens a SQLite copy read-only, checks it whole, and counts what it holds.
async fn check_sqlite_file(file: &Path) -> anyhow::Result<Done> {
    let mut conn = SqliteConnectOptions::new()
        .filename(file)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("{} bukan basis data SQLite", file.display()))?;
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .with_context(|| format!("{} bukan basis data SQLite", file.display()))?;
    if check != "ok" {
        bail!("berkas cadangan rusak: {check}");
    }
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut conn)
    .await?;
    if !names.iter().any(|(n,)| n == "_sqlx_migrations") {
        bail!("{} bukan cadangan Pendamping", file.display());
    }
    let mut rows = 0;
    for (name,) in &names {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM \"{name}\"")).fetch_one(&mut conn).await?;
        rows += n;
    }
    conn.close().await?;
    Ok(Done { tables: names.len(), rows })
}

async fn count_postgres(pool: &sqlx::PgPool) -> anyhow::Result<Done> {
    let names: Vec<(String,)> = sqlx::query_as(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    )
    .fetch_all(pool)
    .await?;
    let mut rows = 0;
    for (name,) in &names {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM \"{name}\"")).fetch_one(pool).await?;
        rows += n;
    }
    Ok(Done { tables: names.len(), rows })
}
