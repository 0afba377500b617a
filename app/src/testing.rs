//! Fresh databases for tests, on the backend that `PENDAMPING_TEST_BACKEND` names.
//!
//! `sqlite` (the default) gives each test its own file in a temporary folder; `postgres` gives
//! each test its own database on the server at `PENDAMPING_TEST_POSTGRES_URL`, dropped at the end.

use crate::db::{Backend, Db};
use crate::on_pool;
use std::sync::atomic::{AtomicU32, Ordering};

pub struct TestDb {
    pub db: Db,
    pub url: String,
    postgres: Option<(String, String)>,
    _dir: Option<tempfile::TempDir>,
}

/// The backend the test run is for.
pub fn backend() -> Backend {
    match std::env::var("PENDAMPING_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        _ => Backend::Sqlite,
    }
}

fn postgres_admin_url() -> String {
    std::env::var("PENDAMPING_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://pendamping:pendamping@127.0.0.1:5432/postgres".into())
}

/// A migrated database with the reference agencies and nothing else.
pub async fn fresh_db() -> TestDb {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    match backend() {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!("sqlite://{}/pendamping.db", dir.path().display());
            let db = ready(&url).await;
            TestDb { db, url, postgres: None, _dir: Some(dir) }
        }
        Backend::Postgres => {
            let admin_url = postgres_admin_url();
            let name = format!(
                "pendamping_test_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed),
                chrono::Utc::now().timestamp_micros() % 1_000_000
            );
            let admin = sqlx::PgPool::connect(&admin_url).await.expect("PostgreSQL for tests");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create test database");
            admin.close().await;
            let (base, _) = admin_url.rsplit_once('/').expect("a database URL ends with /name");
            let url = format!("{base}/{name}");
            let db = ready(&url).await;
            TestDb { db, url, postgres: Some((admin_url, name)), _dir: None }
        }
    }
}

async fn ready(url: &str) -> Db {
    let db = Db::connect(url).await.expect("connect");
    db.migrate().await.expect("migrate");
    crate::agency::store::seed_reference(&db).await.expect("reference agencies");
    db
}

impl TestDb {
    /// Closes the pool and drops a PostgreSQL test database.
    pub async fn finish(self) {
        self.db.close().await;
        if let Some((admin_url, name)) = self.postgres {
            if let Ok(admin) = sqlx::PgPool::connect(&admin_url).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin).await;
                admin.close().await;
            }
        }
    }

    /// Every application and meeting as text, to show that an operation changed nothing.
    pub async fn snapshot(&self) -> Vec<String> {
        let sql = "SELECT a.name || '|' || a.pic_name || '|' || v.name || '|' || COALESCE(CAST(m.no AS TEXT), '-') || '|' || \
                   COALESCE(CAST(m.meeting_date AS TEXT), '-') || '|' || COALESCE(m.client_name, '-') || '|' || \
                   COALESCE(m.progress, '-') || '|' || COALESCE(m.notes, '-') || '|' || \
                   CASE WHEN m.signed THEN 'ttd' ELSE '' END \
                   FROM applications a JOIN vendors v ON v.id = a.vendor_id \
                   LEFT JOIN meetings m ON m.application_id = a.id ORDER BY a.name, m.no";
        let mut rows: Vec<(String,)> =
            on_pool!(&self.db, p => sqlx::query_as(sql).fetch_all(p).await).expect("snapshot");
        let (vendors,): (i64,) =
            on_pool!(&self.db, p => sqlx::query_as("SELECT COUNT(*) FROM vendors").fetch_one(p).await)
                .expect("vendors");
        rows.push((format!("vendors={vendors}"),));
        rows.into_iter().map(|(r,)| r).collect()
    }

    /// The number of rows in `table`.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        let (n,): (i64,) = on_pool!(&self.db, p => sqlx::query_as(&sql).fetch_one(p).await).expect("count");
        n
    }
}

/// A test file shipped with the crate, by name.
pub fn test_file(name: &str) -> (String, Vec<u8>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (name.to_string(), bytes)
}
