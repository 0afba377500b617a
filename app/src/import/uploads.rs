//! Uploaded files waiting on the import page, kept in the database so that any server instance
//! can show the preview and carry out the import.

use crate::db::{Db, DbResult};
use crate::ids::UserId;
use crate::on_pool;

/// A file as uploaded: its name and its bytes.
pub type UploadedFile = (String, Vec<u8>);

/// Keeps a batch of files for the user who uploaded them and returns the batch's token.
pub async fn save(db: &Db, files: &[UploadedFile], user: UserId) -> DbResult<String> {
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let now = chrono::Utc::now();
    let mut tx = db.begin().await?;
    // Uploads that were never imported are dropped after a day.
    let stale = now - chrono::Duration::days(1);
    crate::on_tx!(&mut tx, c => sqlx::query("DELETE FROM import_uploads WHERE created_at < $1").bind(stale).execute(c).await.map(|r| r.rows_affected()))?;
    for (name, content) in files {
        crate::on_tx!(&mut tx, c => sqlx::query(
            "INSERT INTO import_uploads (batch, file_name, content, created_at, user_id) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&batch)
        .bind(name)
        .bind(content)
        .bind(now)
        .bind(user)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    }
    tx.commit().await?;
    Ok(batch)
}

/// The files of a batch, for the user who uploaded them only.
pub async fn load(db: &Db, batch: &str, user: UserId) -> DbResult<Vec<UploadedFile>> {
    let sql = "SELECT file_name, content FROM import_uploads WHERE batch = $1 AND user_id = $2 ORDER BY id";
    on_pool!(db, p => sqlx::query_as(sql).bind(batch).bind(user).fetch_all(p).await)
}

pub async fn discard(db: &Db, batch: &str) -> DbResult<()> {
    let mut tx = db.begin().await?;
    crate::on_tx!(&mut tx, c => sqlx::query("DELETE FROM import_uploads WHERE batch = $1").bind(batch).execute(c).await.map(|r| r.rows_affected()))?;
    tx.commit().await
}
