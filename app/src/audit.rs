//! The audit trail: who changed what and when, with the values before and after.
//! Rows are only ever added; the database refuses updates and deletes of them.

use crate::error::AppError;
use crate::ids::{ApplicationId, UserId};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    Create,
    Update,
    Delete,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Create => "dibuat",
            Action::Update => "diubah",
            Action::Delete => "dihapus",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        [Action::Create, Action::Update, Action::Delete].into_iter().find(|a| a.as_str() == text)
    }
}

/// Who made a change: a user, or the system (the command line, the demo loader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user: Option<UserId>,
    pub name: String,
}

impl Actor {
    pub fn system(what: &str) -> Actor {
        Actor { user: None, name: format!("sistem ({what})") }
    }
}

impl From<&crate::account::Viewer> for Actor {
    fn from(viewer: &crate::account::Viewer) -> Self {
        Actor { user: Some(viewer.id), name: viewer.name.clone() }
    }
}

/// A line of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: Action,
    pub entity: String,
    pub entity_id: i64,
    /// The values before and after, as JSON text.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The audit trail of an application (Admin and Kasi).
#[server(endpoint = "audit", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_audit(application: ApplicationId) -> Result<Vec<AuditEntry>, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let db = &crate::state::app_state()?.db;
            // Out of scope reads as missing; in scope without the right is refused.
            crate::application::store::visible(db, application, viewer.scope()).await?.ok_or(AppError::NotFound)?;
            if !viewer.reads_audit() {
                return Err(AppError::Forbidden);
            }
            Ok(list_for_application(db, application).await?)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub use store::{list_for_application, record};

#[cfg(feature = "ssr")]
mod store {
    use super::*;
    use crate::db::{Db, DbResult, Tx};
    use crate::{on_pool, on_tx};

    /// Adds a line to the audit trail, in the transaction of the change it records.
    #[allow(clippy::too_many_arguments)]
    pub async fn record(
        tx: &mut Tx,
        actor: &Actor,
        action: Action,
        entity: &str,
        entity_id: i64,
        application: Option<ApplicationId>,
        before: Option<serde_json::Value>,
        after: Option<serde_json::Value>,
    ) -> DbResult<()> {
        let sql =
            "INSERT INTO audit_log (at, user_id, actor, action, entity, entity_id, application_id, before, after) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
        on_tx!(tx, c => sqlx::query(sql)
            .bind(Utc::now())
            .bind(actor.user)
            .bind(&actor.name)
            .bind(action.as_str())
            .bind(entity)
            .bind(entity_id)
            .bind(application)
            .bind(before.map(|v| v.to_string()))
            .bind(after.map(|v| v.to_string()))
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(())
    }

    #[derive(sqlx::FromRow)]
    struct Row {
        at: DateTime<Utc>,
        actor: String,
        action: String,
        entity: String,
        entity_id: i64,
        before: Option<String>,
        after: Option<String>,
    }

    /// The trail of one application, newest first.
    pub async fn list_for_application(db: &Db, application: ApplicationId) -> DbResult<Vec<AuditEntry>> {
        let sql = "SELECT at, actor, action, entity, entity_id, before, after FROM audit_log \
                   WHERE application_id = $1 ORDER BY id DESC";
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql).bind(application).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| AuditEntry {
                at: r.at,
                actor: r.actor,
                action: Action::parse(&r.action).unwrap_or(Action::Update),
                entity: r.entity,
                entity_id: r.entity_id,
                before: r.before,
                after: r.after,
            })
            .collect())
    }
}
