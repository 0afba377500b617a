//! Messages that must reach people. Each is written to the outbox in the transaction of the
//! action that caused it; a worker sends it by SMTP (or posts the webhook) with retries and
//! backoff, and logs every attempt. With no SMTP server configured, mail waits in the outbox.

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Attempts before a message is left as failed (the admin can send it again).
pub const MAX_ATTEMPTS: i64 = 10;

/// Text typed by users, made safe inside HTML.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A message's body, as plain text and as HTML made from the same paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub text: String,
    pub html: String,
}

/// Builds the two bodies from paragraphs; `link` (text, URL) closes both.
pub fn body(greeting: &str, paragraphs: &[String], link: Option<(&str, &str)>) -> Body {
    let mut text = format!("{greeting}\n\n");
    let mut html = String::from(
        "<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"></head>\
         <body style=\"font-family:Arial,sans-serif;color:#1b2330\">",
    );
    html.push_str(&format!("<p>{}</p>", html_escape(greeting)));
    for p in paragraphs {
        text.push_str(p);
        text.push_str("\n\n");
        html.push_str(&format!("<p style=\"white-space:pre-wrap\">{}</p>", html_escape(p)));
    }
    if let Some((label, url)) = link {
        text.push_str(&format!("{label}: {url}\n\n"));
        html.push_str(&format!("<p><a href=\"{}\">{}</a></p>", html_escape(url), html_escape(label)));
    }
    let sign = "Salam,\nPendamping — Dinas Komunikasi dan Informatika Kota Madiun";
    text.push_str(sign);
    html.push_str(&format!("<p style=\"white-space:pre-wrap;color:#5a6577\">{}</p></body></html>", html_escape(sign)));
    Body { text, html }
}

/// A line of the admin's outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The outbox, newest first (Admin only).
#[server(endpoint = "outbox", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_outbox() -> Result<Vec<OutboxEntry>, AppError> {
    crate::state::reply(
        async move {
            if !crate::auth::viewer().await?.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            Ok(store::list(&crate::state::app_state()?.db).await?)
        }
        .await,
    )
}

/// Sends a message again from its first attempt (Admin only).
#[server(endpoint = "resend_message")]
pub async fn resend_message(id: i64) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            if !crate::auth::viewer().await?.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            store::resend(&crate::state::app_state()?.db, id).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::db::{Db, DbResult, Tx};
    use crate::{on_pool, on_tx};

    /// An e-mail to one person.
    pub struct Email<'a> {
        pub to_name: &'a str,
        pub to_email: &'a str,
        pub subject: &'a str,
        pub body: &'a Body,
        /// File name, content type and bytes.
        pub attachment: Option<(&'a str, &'a str, Vec<u8>)>,
    }

    pub async fn enqueue(tx: &mut Tx, email: &Email<'_>) -> DbResult<i64> {
        let sql =
            "INSERT INTO outbox (kind, recipient, subject, body_text, body_html, attachment_name, attachment_type, \
                   attachment, state, attempts, next_attempt_at, created_at) \
                   VALUES ('email', $1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8) RETURNING id";
        let recipient = format!("{} <{}>", email.to_name.replace(['<', '>', '"'], ""), email.to_email);
        let (name, kind, bytes) = match &email.attachment {
            Some((name, kind, bytes)) => (Some(*name), Some(*kind), Some(bytes.clone())),
            None => (None, None, None),
        };
        let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(sql)
            .bind(recipient)
            .bind(email.subject)
            .bind(&email.body.text)
            .bind(&email.body.html)
            .bind(name)
            .bind(kind)
            .bind(bytes)
            .bind(Utc::now())
            .fetch_one(c)
            .await)?;
        Ok(id)
    }

    /// Queues a webhook call carrying `payload`.
    pub async fn enqueue_webhook(tx: &mut Tx, event: &str, payload: &serde_json::Value) -> DbResult<i64> {
        let sql =
            "INSERT INTO outbox (kind, recipient, subject, body_text, state, attempts, next_attempt_at, created_at) \
                   VALUES ('webhook', 'webhook', $1, $2, 'pending', 0, $3, $3) RETURNING id";
        let (id,): (i64,) = on_tx!(tx, c => sqlx::query_as(sql)
            .bind(event)
            .bind(payload.to_string())
            .bind(Utc::now())
            .fetch_one(c)
            .await)?;
        Ok(id)
    }

    #[derive(sqlx::FromRow)]
    struct EntryRow {
        id: i64,
        kind: String,
        recipient: String,
        subject: String,
        state: String,
        attempts: i64,
        last_error: Option<String>,
        created_at: DateTime<Utc>,
        sent_at: Option<DateTime<Utc>>,
    }

    pub async fn list(db: &Db) -> DbResult<Vec<OutboxEntry>> {
        let sql = "SELECT id, kind, recipient, subject, state, attempts, last_error, created_at, sent_at \
                   FROM outbox ORDER BY id DESC LIMIT 500";
        let rows: Vec<EntryRow> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| OutboxEntry {
                id: r.id,
                kind: r.kind,
                recipient: r.recipient,
                subject: r.subject,
                state: r.state,
                attempts: r.attempts,
                last_error: r.last_error,
                created_at: r.created_at,
                sent_at: r.sent_at,
            })
            .collect())
    }

    pub async fn resend(db: &Db, id: i64) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let changed = on_tx!(&mut tx, c => sqlx::query(
            "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, claimed_until = NULL \
             WHERE id = $1 AND state IN ('pending', 'failed')",
        )
        .bind(id)
        .bind(Utc::now())
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        tx.commit().await?;
        if changed == 0 {
            return Err(AppError::Conflict("Pesan ini sudah terkirim atau sedang dikirim.".into()));
        }
        Ok(())
    }

    /// A message due for sending, as the worker reads it.
    #[derive(sqlx::FromRow)]
    pub struct Due {
        pub id: i64,
        pub kind: String,
        pub recipient: String,
        pub subject: String,
        pub body_text: String,
        pub body_html: Option<String>,
        pub attachment_name: Option<String>,
        pub attachment_type: Option<String>,
        pub attachment: Option<Vec<u8>>,
        pub attempts: i64,
    }

    /// Takes up to `limit` due messages of the given kinds for this worker: each is claimed by
    /// a conditional update, so two servers never send the same message.
    pub async fn claim(db: &Db, kinds: &[&str], limit: i64) -> DbResult<Vec<Due>> {
        let now = Utc::now();
        let mut tx = db.begin().await?;
        // A message left "sending" by a server that stopped mid-way is due again.
        on_tx!(&mut tx, c => sqlx::query("UPDATE outbox SET state = 'pending' WHERE state = 'sending' AND claimed_until < $1")
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        let mut claimed = Vec::new();
        for kind in kinds {
            let sql = "SELECT id, kind, recipient, subject, body_text, body_html, attachment_name, attachment_type, \
                       attachment, attempts FROM outbox WHERE state = 'pending' AND kind = $1 AND next_attempt_at <= $2 \
                       ORDER BY id LIMIT $3";
            let due: Vec<Due> =
                on_tx!(&mut tx, c => sqlx::query_as(sql).bind(kind).bind(now).bind(limit).fetch_all(c).await)?;
            for message in due {
                let taken = on_tx!(&mut tx, c => sqlx::query(
                    "UPDATE outbox SET state = 'sending', claimed_until = $2 WHERE id = $1 AND state = 'pending'",
                )
                .bind(message.id)
                .bind(now + chrono::Duration::minutes(5))
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
                if taken == 1 {
                    claimed.push(message);
                }
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Records an attempt: sent, or due again after a wait that doubles with each failure.
    pub async fn finish(
        db: &Db,
        message: &Due,
        result: Result<String, String>,
        retry_base: std::time::Duration,
    ) -> DbResult<()> {
        let now = Utc::now();
        let attempts = message.attempts + 1;
        let mut tx = db.begin().await?;
        let (ok, detail) = match &result {
            Ok(detail) => (true, detail.clone()),
            Err(error) => (false, error.clone()),
        };
        on_tx!(&mut tx, c => sqlx::query("INSERT INTO outbox_attempts (outbox_id, at, ok, detail) VALUES ($1, $2, $3, $4)")
            .bind(message.id)
            .bind(now)
            .bind(ok)
            .bind(&detail)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        if ok {
            on_tx!(&mut tx, c => sqlx::query(
                "UPDATE outbox SET state = 'sent', attempts = $2, sent_at = $3, last_error = NULL, claimed_until = NULL WHERE id = $1",
            )
            .bind(message.id)
            .bind(attempts)
            .bind(now)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        } else {
            let wait = retry_base
                .saturating_mul(1 << (attempts - 1).clamp(0, 10) as u32)
                .min(std::time::Duration::from_secs(3600));
            let state = if attempts >= MAX_ATTEMPTS { "failed" } else { "pending" };
            on_tx!(&mut tx, c => sqlx::query(
                "UPDATE outbox SET state = $2, attempts = $3, last_error = $4, next_attempt_at = $5, claimed_until = NULL WHERE id = $1",
            )
            .bind(message.id)
            .bind(state)
            .bind(attempts)
            .bind(&detail)
            .bind(now + chrono::Duration::from_std(wait).unwrap_or_default())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        }
        tx.commit().await
    }

    /// The attempts logged for a message, oldest first: (ok, detail).
    pub async fn attempts(db: &Db, id: i64) -> DbResult<Vec<(bool, String)>> {
        on_pool!(db, p => sqlx::query_as("SELECT ok, detail FROM outbox_attempts WHERE outbox_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(p)
            .await)
    }
}

/// Sending: SMTP and the webhook.
#[cfg(feature = "ssr")]
pub mod worker {
    use super::store::{self, Due};
    use crate::db::Db;
    use crate::state::{Config, Smtp};
    use lettre::message::header::ContentType;
    use lettre::message::{Attachment, MultiPart};
    use lettre::transport::smtp::authentication::Credentials;
    use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

    fn transport(smtp: &Smtp) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        let builder = match smtp.tls.as_str() {
            "tls" => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host).map_err(|e| e.to_string())?,
            "starttls" => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host).map_err(|e| e.to_string())?
            }
            _ => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host),
        };
        let mut builder = builder.port(smtp.port).timeout(Some(std::time::Duration::from_secs(15)));
        if let (Some(user), Some(password)) = (&smtp.user, &smtp.password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(builder.build())
    }

    fn message(config: &Config, due: &Due) -> Result<Message, String> {
        let builder = Message::builder()
            .from(config.mail_from.parse().map_err(|e| format!("pengirim: {e}"))?)
            .to(due.recipient.parse().map_err(|e| format!("penerima: {e}"))?)
            .subject(due.subject.clone());
        let alternative =
            MultiPart::alternative_plain_html(due.body_text.clone(), due.body_html.clone().unwrap_or_default());
        let body = match (&due.attachment_name, &due.attachment_type, &due.attachment) {
            (Some(name), Some(kind), Some(bytes)) => {
                let kind = ContentType::parse(kind).map_err(|e| format!("lampiran: {e}"))?;
                MultiPart::mixed()
                    .multipart(alternative)
                    .singlepart(Attachment::new(name.clone()).body(bytes.clone(), kind))
            }
            _ => alternative,
        };
        builder.multipart(body).map_err(|e| e.to_string())
    }

    async fn send_email(config: &Config, smtp: &Smtp, due: &Due) -> Result<String, String> {
        let message = message(config, due)?;
        let response = transport(smtp)?.send(message).await.map_err(|e| format!("SMTP: {e}"))?;
        Ok(format!("SMTP {}", response.code()))
    }

    /// The signature of a webhook body: HMAC-SHA256 with the shared secret, in hexadecimal.
    pub fn signature(secret: &str, body: &[u8]) -> String {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any length");
        mac.update(body);
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    async fn post_webhook(url: &str, secret: &str, due: &Due) -> Result<String, String> {
        let body = due.body_text.clone().into_bytes();
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()
            .map_err(|e| e.to_string())?;
        let response = client
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Pendamping-Event", &due.subject)
            .header("X-Pendamping-Delivery", due.id.to_string())
            .header("X-Pendamping-Signature", format!("sha256={}", signature(secret, &body)))
            .body(body)
            .send()
            .await
            .map_err(|e| format!("HTTP: {e}"))?;
        let status = response.status();
        if status.is_success() {
            Ok(format!("HTTP {}", status.as_u16()))
        } else {
            Err(format!("HTTP {}", status.as_u16()))
        }
    }

    /// Sends what is due once; returns how many messages were attempted.
    pub async fn send_due(db: &Db, config: &Config) -> Result<usize, sqlx::Error> {
        let mut kinds = Vec::new();
        if config.smtp.is_some() {
            kinds.push("email");
        }
        if config.webhook.is_some() {
            kinds.push("webhook");
        }
        if kinds.is_empty() {
            return Ok(0);
        }
        let due = store::claim(db, &kinds, 20).await?;
        for message in &due {
            let result = match (message.kind.as_str(), &config.smtp, &config.webhook) {
                ("email", Some(smtp), _) => send_email(config, smtp, message).await,
                ("webhook", _, Some(hook)) => post_webhook(&hook.url, &hook.secret, message).await,
                _ => Err("tidak dikonfigurasi".into()),
            };
            if let Err(e) = &result {
                tracing::warn!("pesan {} belum terkirim: {e}", message.id);
            }
            store::finish(db, message, result, config.retry_base).await?;
        }
        Ok(due.len())
    }

    /// The worker: sends what is due and makes the reminders, until the process stops.
    pub async fn run(db: Db, config: std::sync::Arc<Config>) {
        let mut last_reminders = chrono::DateTime::<chrono::Utc>::UNIX_EPOCH;
        loop {
            if let Err(e) = send_due(&db, &config).await {
                tracing::error!("kotak keluar: {e}");
            }
            let now = chrono::Utc::now();
            if now - last_reminders >= chrono::Duration::from_std(config.reminder_every).unwrap_or_default() {
                match crate::reminder::run(&db, &config, now).await {
                    Ok(made) if made > 0 => tracing::info!("{made} pengingat dibuat"),
                    Ok(_) => {}
                    Err(e) => tracing::error!("pengingat: {e}"),
                }
                last_reminders = now;
            }
            tokio::time::sleep(config.poll).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_is_shown_as_text_in_html() {
        let b = body("Yth. Bapak/Ibu,", &["<img src=x onerror=alert(1)> & \"kutipan\"".into()], None);
        assert!(b.html.contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;kutipan&quot;"));
        assert!(!b.html.contains("<img"));
        assert!(b.text.contains("<img src=x onerror=alert(1)>"), "plain text stays as typed");
    }
}
