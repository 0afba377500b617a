//! Settings, from flags or the environment.

use clap::Args;
use leptos::prelude::LeptosOptions;
use std::net::SocketAddr;

#[derive(Args, Debug, Clone)]
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
