//! Signing in (server side): passwords, the session backend, sessions stored in the database,
//! the throttle on failed logins, and the viewer of each request.

use crate::account::Viewer;
use crate::db::Db;
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use async_trait::async_trait;
use axum_login::{AuthManagerLayer, AuthManagerLayerBuilder, AuthnBackend};
use tower_sessions::cookie::{time::Duration, SameSite};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// Hashes a password with Argon2id. Slow on purpose: call it off the async workers.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("password hash", e))
}

/// Whether `password` matches `hash`. An unreadable hash matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Hashes off the async runtime.
pub async fn hash_password_blocking(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::internal("password hash task", e))?
}

/// A well-formed Argon2id hash of no one's password.
const DUMMY: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$2lKZ8f0Ke1bLt8kwqnpG7eYVnDSybcGKcq5YVYPAOjI";

/// Verifies off the async runtime. With no account, a fixed hash is checked so that a wrong
/// e-mail takes as long as a wrong password.
pub async fn verify_password_blocking(password: String, hash: Option<String>) -> bool {
    let has_account = hash.is_some();
    let hash = hash.unwrap_or_else(|| DUMMY.to_string());
    let matched = tokio::task::spawn_blocking(move || verify_password(&password, &hash)).await.unwrap_or(false);
    matched && has_account
}

/// A signed-in user as the session layer keeps them.
#[derive(Clone)]
pub struct SessionUser {
    pub viewer: Viewer,
    password_hash: String,
}

impl std::fmt::Debug for SessionUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionUser").field("id", &self.viewer.id).finish_non_exhaustive()
    }
}

impl axum_login::AuthUser for SessionUser {
    type Id = i64;

    fn id(&self) -> i64 {
        self.viewer.id.0
    }

    /// A new password ends every session made with the old one.
    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

/// Finds users for the session layer. Credentials are checked by `account::login` (with the
/// throttle) before a user id reaches `authenticate`.
#[derive(Clone, Debug)]
pub struct Backend {
    db: Db,
}

impl AuthnBackend for Backend {
    type User = SessionUser;
    type Credentials = crate::ids::UserId;
    type Error = sqlx::Error;

    async fn authenticate(&self, id: Self::Credentials) -> Result<Option<SessionUser>, sqlx::Error> {
        self.get_user(&id.0).await
    }

    /// A deactivated account has no user: its sessions end on their next request.
    async fn get_user(&self, id: &i64) -> Result<Option<SessionUser>, sqlx::Error> {
        let found = crate::account::store::for_session(&self.db, crate::ids::UserId(*id)).await?;
        Ok(found.map(|(viewer, password_hash)| SessionUser { viewer, password_hash }))
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;

/// The session store on whichever database is live.
#[derive(Clone, Debug)]
pub enum Sessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl Sessions {
    /// The store, with its table created if needed.
    pub async fn open(db: &Db) -> Result<Sessions, sqlx::Error> {
        Ok(match db {
            Db::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone());
                store.migrate().await?;
                Sessions::Sqlite(store)
            }
            Db::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone());
                store.migrate().await?;
                Sessions::Postgres(store)
            }
        })
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.create(record).await,
            Sessions::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.save(record).await,
            Sessions::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(s) => s.load(id).await,
            Sessions::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.delete(id).await,
            Sessions::Postgres(s) => s.delete(id).await,
        }
    }
}

#[async_trait]
impl ExpiredDeletion for Sessions {
    async fn delete_expired(&self) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(s) => s.delete_expired().await,
            Sessions::Postgres(s) => s.delete_expired().await,
        }
    }
}

/// Sessions last 8 hours from the last request: a working day.
pub const SESSION_HOURS: i64 = 8;

/// The session and login layers. Cookies are HttpOnly and SameSite=Lax, and Secure when the
/// site is served over HTTPS.
pub fn layer(db: &Db, sessions: Sessions, secure: bool) -> AuthManagerLayer<Backend, Sessions> {
    let session_layer = SessionManagerLayer::new(sessions)
        .with_name("pendamping_sesi")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(secure)
        .with_expiry(Expiry::OnInactivity(Duration::hours(SESSION_HOURS)));
    AuthManagerLayerBuilder::new(Backend { db: db.clone() }, session_layer).build()
}

/// The signed-in user of the request, if any.
pub async fn optional_viewer() -> Result<Option<Viewer>, AppError> {
    let session = leptos_axum::extract::<AuthSession>()
        .await
        .map_err(|e| AppError::internal("auth session", format!("{e:?}")))?;
    Ok(session.user.map(|u| u.viewer))
}

/// The signed-in user of the request; a request without one is refused.
pub async fn viewer() -> Result<Viewer, AppError> {
    optional_viewer().await?.ok_or(AppError::Unauthenticated)
}

/// The client's address, for the login throttle.
pub async fn client_address() -> String {
    use axum::extract::ConnectInfo;
    use std::net::SocketAddr;
    match leptos_axum::extract::<ConnectInfo<SocketAddr>>().await {
        Ok(ConnectInfo(addr)) => addr.ip().to_string(),
        Err(_) => "tidak-diketahui".into(),
    }
}

/// Failed logins, counted per account and per address in the database (so every server
/// instance sees them), and the wait they impose.
pub mod throttle {
    use crate::db::{Db, DbResult};
    use crate::{on_pool, on_tx};
    use chrono::{DateTime, Duration, Utc};

    /// Failures within this window count together.
    pub const WINDOW_MINUTES: i64 = 15;
    /// Failures an account may have before each further attempt waits.
    pub const ACCOUNT_LIMIT: i64 = 5;
    /// The same for one address, which may serve a whole office.
    pub const ADDRESS_LIMIT: i64 = 20;

    /// How long the key is blocked after `failures` failures: none up to the limit, then one
    /// minute, doubling with each further failure, at most an hour.
    pub fn block_for(failures: i64, limit: i64) -> Option<Duration> {
        (failures >= limit).then(|| Duration::minutes(1_i64 << (failures - limit).clamp(0, 6)).min(Duration::hours(1)))
    }

    /// The latest time until which any of the keys is blocked.
    pub async fn blocked_until(db: &Db, keys: &[String], now: DateTime<Utc>) -> DbResult<Option<DateTime<Utc>>> {
        let mut until = None;
        for key in keys {
            let sql = "SELECT blocked_until FROM login_throttle WHERE key = $1";
            let row: Option<(Option<DateTime<Utc>>,)> =
                on_pool!(db, p => sqlx::query_as(sql).bind(key).fetch_optional(p).await)?;
            if let Some((Some(blocked),)) = row {
                if blocked > now && until.is_none_or(|u| blocked > u) {
                    until = Some(blocked);
                }
            }
        }
        Ok(until)
    }

    /// Counts a failure against each key, with its limit.
    pub async fn record_failure(db: &Db, keys: &[(String, i64)], now: DateTime<Utc>) -> DbResult<()> {
        let mut tx = db.begin().await?;
        for (key, limit) in keys {
            let sql = "SELECT failures, first_failure_at FROM login_throttle WHERE key = $1";
            let row: Option<(i64, DateTime<Utc>)> =
                on_tx!(&mut tx, c => sqlx::query_as(sql).bind(key).fetch_optional(c).await)?;
            let (failures, first) = match row {
                Some((failures, first)) if now - first < Duration::minutes(WINDOW_MINUTES) => (failures + 1, first),
                _ => (1, now),
            };
            let blocked = block_for(failures, *limit).map(|d| now + d);
            let sql =
                "INSERT INTO login_throttle (key, failures, first_failure_at, blocked_until) VALUES ($1, $2, $3, $4) \
                       ON CONFLICT (key) DO UPDATE SET failures = $2, first_failure_at = $3, blocked_until = $4";
            on_tx!(&mut tx, c => sqlx::query(sql)
                .bind(key)
                .bind(failures)
                .bind(first)
                .bind(blocked)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
        }
        tx.commit().await
    }

    /// Forgets the failures of a key, after a successful login.
    pub async fn clear(db: &Db, key: &str) -> DbResult<()> {
        let mut tx = db.begin().await?;
        on_tx!(&mut tx, c => sqlx::query("DELETE FROM login_throttle WHERE key = $1")
            .bind(key)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        tx.commit().await
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn waits_start_at_the_limit_and_double_up_to_an_hour() {
            assert_eq!(block_for(4, 5), None);
            assert_eq!(block_for(5, 5), Some(Duration::minutes(1)));
            assert_eq!(block_for(6, 5), Some(Duration::minutes(2)));
            assert_eq!(block_for(8, 5), Some(Duration::minutes(8)));
            assert_eq!(block_for(30, 5), Some(Duration::hours(1)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_argon2id_hash_only() {
        let hash = hash_password("kata-sandi-rahasia").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("kata-sandi-rahasia", &hash));
        assert!(!verify_password("kata-sandi-salah", &hash));
        assert!(!verify_password("kata-sandi-rahasia", "bukan-hash"));
        assert!(PasswordHash::new(DUMMY).is_ok(), "the stand-in hash must cost a real verification");
    }
}
