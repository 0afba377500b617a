//! Settings, from flags or the environment.

use clap::Args;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

/// The settings. Not `Debug`: they hold the SMTP password and the webhook secret.
#[derive(Args, Clone)]
pub struct Settings {
    /// The database: `sqlite://path` (created on first start) or `postgres://user:pass@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/pendamping.db", global = true)]
    pub database_url: String,

    /// The address the server listens on.
    #[arg(long, env = "PENDAMPING_ADDR", default_value = "127.0.0.1:3000", global = true)]
    pub addr: SocketAddr,

    /// The address users reach the site at, such as `https://pendamping.madiunkota.go.id`.
    /// Over HTTPS the session cookie is marked Secure.
    #[arg(long, env = "PENDAMPING_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// The SMTP server for e-mail; without one, messages wait in the outbox.
    #[arg(long, env = "PENDAMPING_SMTP_HOST", global = true)]
    pub smtp_host: Option<String>,

    #[arg(long, env = "PENDAMPING_SMTP_PORT", default_value_t = 587, global = true)]
    pub smtp_port: u16,

    /// `none`, `starttls` or `tls`.
    #[arg(long, env = "PENDAMPING_SMTP_TLS", default_value = "starttls", global = true)]
    pub smtp_tls: String,

    #[arg(long, env = "PENDAMPING_SMTP_USER", global = true)]
    pub smtp_user: Option<String>,

    #[arg(long, env = "PENDAMPING_SMTP_PASSWORD", hide_env_values = true, global = true)]
    pub smtp_password: Option<String>,

    /// The sender of every message.
    #[arg(
        long,
        env = "PENDAMPING_MAIL_FROM",
        default_value = "Pendamping Dinkominfo <pendamping@madiunkota.go.id>",
        global = true
    )]
    pub mail_from: String,

    /// The external service desk's webhook for step 8 replies (optional).
    #[arg(long, env = "PENDAMPING_WEBHOOK_URL", global = true)]
    pub webhook_url: Option<String>,

    /// The shared secret that signs the webhook's body (HMAC-SHA256).
    #[arg(long, env = "PENDAMPING_WEBHOOK_SECRET", hide_env_values = true, global = true)]
    pub webhook_secret: Option<String>,

    /// How often the outbox worker looks for messages, in milliseconds.
    #[arg(long, env = "PENDAMPING_OUTBOX_POLL_MS", default_value_t = 2000, global = true)]
    pub outbox_poll_ms: u64,

    /// The first wait after a failed send, in milliseconds; it doubles with each failure.
    #[arg(long, env = "PENDAMPING_RETRY_BASE_MS", default_value_t = 10_000, global = true)]
    pub retry_base_ms: u64,

    /// How often the reminders are made, in milliseconds.
    #[arg(long, env = "PENDAMPING_REMINDER_EVERY_MS", default_value_t = 60_000, global = true)]
    pub reminder_every_ms: u64,

    /// The folder with the built site (the wasm, its script and the style sheet).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: String,
}

impl Settings {
    pub fn leptos_options(&self) -> LeptosOptions {
        LeptosOptions::builder()
            .output_name("pendamping")
            .site_root(self.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(self.addr)
            .build()
    }

    /// What the application itself needs to know: addresses, mail and webhook.
    pub fn app_config(&self) -> app::state::Config {
        let smtp = self.smtp_host.as_ref().map(|host| app::state::Smtp {
            host: host.clone(),
            port: self.smtp_port,
            tls: self.smtp_tls.clone(),
            user: self.smtp_user.clone(),
            password: self.smtp_password.clone(),
        });
        let webhook = match (&self.webhook_url, &self.webhook_secret) {
            (Some(url), Some(secret)) => Some(app::state::Webhook { url: url.clone(), secret: secret.clone() }),
            _ => None,
        };
        app::state::Config {
            public_url: self.public_url.clone().unwrap_or_else(|| format!("http://{}", self.addr)),
            smtp,
            mail_from: self.mail_from.clone(),
            webhook,
            poll: std::time::Duration::from_millis(self.outbox_poll_ms.max(50)),
            retry_base: std::time::Duration::from_millis(self.retry_base_ms.max(50)),
            reminder_every: std::time::Duration::from_millis(self.reminder_every_ms.max(50)),
        }
    }

    /// Whether cookies are sent over HTTPS only.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }

    /// The database URL without its password, for messages and logs.
    pub fn redacted_database_url(&self) -> String {
        redact_url(&self.database_url)
    }
}

fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_database_password_is_never_shown() {
        assert_eq!(redact_url("postgres://app:rahasia@db:5432/p"), "postgres://app:***@db:5432/p");
        assert_eq!(redact_url("sqlite://data/pendamping.db"), "sqlite://data/pendamping.db");
    }
}
