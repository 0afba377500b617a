//! The router: pages and server functions through Leptos, uploads, static files, compression.

use crate::config::Settings;
use app::import::uploads;
use app::pages::import::MAX_UPLOAD_BYTES;
use app::state::AppState;
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let server_fn = {
        let context = context.clone();
        move |req| leptos_axum::handle_server_fns_with_context(context.clone(), req)
    };
    Router::new()
        .route("/api/{*fn_name}", get(server_fn.clone()).post(server_fn))
        .route("/impor/unggah", post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)))
        .leptos_routes_with_context(&state, routes, context, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Keeps the uploaded sheets and sends the browser to their preview.
async fn upload(State(state): State<AppState>, mut multipart: Multipart) -> Response {
    let mut files = Vec::new();
    let mut total = 0usize;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return back_with(&upload_error_message(&e.to_string())),
        };
        let Some(name) = field.file_name().map(str::to_string) else { continue };
        if name.is_empty() {
            continue;
        }
        match field.bytes().await {
            Ok(bytes) => {
                total += bytes.len();
                if total > MAX_UPLOAD_BYTES {
                    return back_with("Berkas terlalu besar: paling besar 20 MB untuk seluruh unggahan.");
                }
                files.push((name, bytes.to_vec()));
            }
            Err(e) => return back_with(&upload_error_message(&e.to_string())),
        }
    }
    if files.is_empty() {
        return back_with("Pilih minimal satu berkas .xlsx atau .csv.");
    }
    match uploads::save(&state.db, &files).await {
        Ok(batch) => Redirect::to(&format!("/impor/{batch}")).into_response(),
        Err(e) => {
            tracing::error!("menyimpan unggahan: {e}");
            back_with("Unggahan tidak dapat disimpan karena kesalahan server; coba lagi.")
        }
    }
}

fn upload_error_message(cause: &str) -> String {
    tracing::warn!("unggahan gagal dibaca: {cause}");
    if cause.contains("length limit") || cause.contains("too large") {
        "Berkas terlalu besar: paling besar 20 MB untuk seluruh unggahan.".into()
    } else {
        "Unggahan tidak terbaca utuh; coba unggah ulang.".into()
    }
}

fn back_with(message: &str) -> Response {
    let query: String = url_encode(message);
    Redirect::to(&format!("/impor?galat={query}")).into_response()
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Serves the app on the settings' address until the process is stopped.
pub async fn serve(settings: &Settings, state: AppState) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|e| anyhow::anyhow!("tidak dapat mendengarkan di {}: {e}", settings.addr))?;
    tracing::info!("Pendamping siap di http://{}", listener.local_addr()?);
    axum::serve(listener, router(state)).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
