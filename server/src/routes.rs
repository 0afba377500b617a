//! The router: pages and server functions through Leptos, sessions and login, the upload
//! handler, static files, security headers and compression.

use crate::config::Settings;
use app::auth::{AuthSession, Sessions};
use app::import::uploads;
use app::pages::import::MAX_UPLOAD_BYTES;
use app::state::AppState;
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, Multipart, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::net::SocketAddr;
use std::sync::OnceLock;
use tower_http::compression::CompressionLayer;
use tower_sessions::ExpiredDeletion;

/// The whole application: the database is open and migrated.
pub async fn app(settings: &Settings, state: AppState) -> anyhow::Result<Router> {
    let sessions = Sessions::open(&state.db).await?;
    // Expired sessions are swept hourly; a session also ends by itself when it expires.
    tokio::spawn(sessions.clone().continuously_delete_expired(tokio::time::Duration::from_secs(3600)));
    let auth = app::auth::layer(&state.db, sessions, settings.secure_cookies());
    // The outbox worker and the reminders run in every server; claims keep them from
    // sending a message twice.
    tokio::spawn(app::mail::worker::run(state.db.clone(), state.config.clone()));
    Ok(router(state).layer(middleware::from_fn(require_login)).layer(auth).layer(middleware::from_fn(guard_requests)))
}

/// The app's routes, worked out once per process. Leptos works them out by rendering the app
/// with resource loading suspended process-wide, so a page rendered meanwhile by another router in
/// the same process (the HTTP tests run many) would wait forever (leptos-rs/leptos#4773).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState) -> Router {
    let routes = route_list();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    // Leptos also registers each server function at its own path; this one catches the rest.
    let server_fn = {
        let context = context.clone();
        move |req| leptos_axum::handle_server_fns_with_context(context.clone(), req)
    };
    Router::new()
        .route("/api/{*fn_name}", get(server_fn.clone()).post(server_fn))
        .route("/impor/unggah", post(upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024)))
        .route("/kalender/{file}", get(calendar_feed))
        .route("/kpi/laporan.xlsx", get(kpi_xlsx))
        .route("/kpi/laporan.pdf", get(kpi_pdf))
        .route("/aplikasi/{id}/unduh/{format}", get(form_download))
        .route("/ekspor/log.xlsx", get(whole_log_xlsx))
        .leptos_routes_with_context(&state, routes, context, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(guard_server_functions))
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Paths anyone may reach: the login page, its server function, and the built site's files.
fn is_public(path: &str) -> bool {
    // The calendar feed carries its own private token.
    path == "/masuk" || path.starts_with("/pkg/") || path == "/favicon.ico" || path.starts_with("/kalender/")
}

/// The filters of a KPI download: `tahun`, `bulan`, `opd`, `vendor`, `aplikasi`.
#[derive(serde::Deserialize)]
struct KpiQuery {
    tahun: Option<i32>,
    bulan: Option<u32>,
    opd: Option<String>,
    vendor: Option<String>,
    aplikasi: Option<String>,
}

impl KpiQuery {
    fn filter(&self) -> app::kpi::KpiFilter {
        app::kpi::KpiFilter {
            year: self.tahun.unwrap_or(0),
            month: self.bulan.unwrap_or(0),
            agency: self.opd.as_deref().and_then(|v| v.parse().ok()),
            vendor: self.vendor.as_deref().and_then(|v| v.parse().ok()),
            application: self.aplikasi.as_deref().and_then(|v| v.parse().ok()),
        }
    }
}

/// A file to download, or the error said plainly.
fn download(result: Result<Vec<u8>, app::error::AppError>, content_type: &str, name: String) -> Response {
    match result {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type.to_string()),
                (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => (error.status(), error.to_string()).into_response(),
    }
}

async fn kpi_report(
    state: &AppState,
    session: &AuthSession,
    query: &KpiQuery,
) -> Result<app::kpi::KpiReport, app::error::AppError> {
    let user = session.user.as_ref().ok_or(app::error::AppError::Unauthenticated)?;
    app::kpi::store::report(&state.db, query.filter(), &user.viewer).await
}

fn report_name(report: &app::kpi::KpiReport, extension: &str) -> String {
    let month = report.filter.chosen_month();
    format!("laporan-kpi-{:04}-{:02}.{extension}", month.year, month.month)
}

/// The monthly KPI report as a workbook.
async fn kpi_xlsx(
    State(state): State<AppState>,
    session: AuthSession,
    axum::extract::Query(query): axum::extract::Query<KpiQuery>,
) -> Response {
    let result = match kpi_report(&state, &session, &query).await {
        Ok(report) => {
            let name = report_name(&report, "xlsx");
            let bytes = tokio::task::spawn_blocking(move || app::report::kpi_xlsx(&report)).await;
            (bytes.unwrap_or_else(|e| Err(app::error::AppError::internal("xlsx task", e))), name)
        }
        Err(e) => (Err(e), String::new()),
    };
    download(result.0, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", result.1)
}

/// The monthly KPI report as PDF.
async fn kpi_pdf(
    State(state): State<AppState>,
    session: AuthSession,
    axum::extract::Query(query): axum::extract::Query<KpiQuery>,
) -> Response {
    let result = match kpi_report(&state, &session, &query).await {
        Ok(report) => {
            let name = report_name(&report, "pdf");
            let bytes = tokio::task::spawn_blocking(move || app::report::kpi_pdf(&report)).await;
            (bytes.unwrap_or_else(|e| Err(app::error::AppError::internal("pdf task", e))), name)
        }
        Err(e) => (Err(e), String::new()),
    };
    download(result.0, "application/pdf", result.1)
}

/// The range of dates of a form download: `dari`, `sampai`.
#[derive(serde::Deserialize)]
struct RangeQuery {
    #[serde(default)]
    dari: String,
    #[serde(default)]
    sampai: String,
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Runs a file maker away from the async workers: a PDF of a long log takes a moment.
async fn make_file(
    make: impl FnOnce() -> Result<Vec<u8>, app::error::AppError> + Send + 'static,
) -> Result<Vec<u8>, app::error::AppError> {
    tokio::task::spawn_blocking(make).await.unwrap_or_else(|e| Err(app::error::AppError::internal("file task", e)))
}

/// An application's form FRM-DINKOMINFO-020 as PDF, XLSX or CSV.
async fn form_download(
    State(state): State<AppState>,
    session: AuthSession,
    axum::extract::Path((id, format)): axum::extract::Path<(String, String)>,
    axum::extract::Query(query): axum::extract::Query<RangeQuery>,
) -> Response {
    use app::error::AppError;
    use app::official_form::{file_stem, files, store, DateRange};
    let result = async {
        let user = session.user.as_ref().ok_or(AppError::Unauthenticated)?;
        let id = id.parse().map_err(|_| AppError::NotFound)?;
        let range = DateRange::parse(&query.dari, &query.sampai)?;
        let form = store::form(&state.db, id, range, &user.viewer).await?.ok_or(AppError::NotFound)?;
        let name = format!("frm-020-{}{}", file_stem(&form.application.name), range.file_suffix());
        match format.as_str() {
            "pdf" => Ok((make_file(move || files::pdf(&form)).await?, "application/pdf", format!("{name}.pdf"))),
            "xlsx" => Ok((make_file(move || files::xlsx(&[form])).await?, XLSX_TYPE, format!("{name}.xlsx"))),
            "csv" => Ok((files::csv(&form)?, "text/csv; charset=utf-8", format!("{name}.csv"))),
            _ => Err(AppError::NotFound),
        }
    }
    .await;
    match result {
        Ok((bytes, content_type, name)) => download(Ok(bytes), content_type, name),
        Err(e) => download(Err(e), "", String::new()),
    }
}

/// The whole log of every application in the viewer's scope, a sheet per application.
async fn whole_log_xlsx(
    State(state): State<AppState>,
    session: AuthSession,
    axum::extract::Query(query): axum::extract::Query<RangeQuery>,
) -> Response {
    use app::error::AppError;
    use app::official_form::{files, store, DateRange};
    let result = async {
        let user = session.user.as_ref().ok_or(AppError::Unauthenticated)?;
        let range = DateRange::parse(&query.dari, &query.sampai)?;
        let forms = store::all_forms(&state.db, range, &user.viewer).await?;
        let name = format!("log-progress-frm-020{}.xlsx", range.file_suffix());
        Ok::<_, AppError>((make_file(move || files::xlsx(&forms)).await?, name))
    }
    .await;
    match result {
        Ok((bytes, name)) => download(Ok(bytes), XLSX_TYPE, name),
        Err(e) => download(Err(e), "", String::new()),
    }
}

/// A user's calendar feed, by the private token in its address.
async fn calendar_feed(
    State(state): State<AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let token = file.trim_end_matches(".ics");
    match app::calendar::store::feed(&state.db, &state.config, token).await {
        Ok(Some(ics)) => (
            [(header::CONTENT_TYPE, "text/calendar; charset=utf-8"), (header::CACHE_CONTROL, "private, max-age=300")],
            ics,
        )
            .into_response(),
        Ok(None) => (StatusCode::NOT_FOUND, "Kalender tidak ditemukan.").into_response(),
        Err(e) => {
            tracing::error!("kalender: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Kalender tidak dapat dibuat; coba lagi.").into_response()
        }
    }
}

/// Sends a visitor who has not signed in to the login page, and back afterwards.
async fn require_login(session: AuthSession, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if session.user.is_some() || is_public(path) || path.starts_with("/api/") {
        // Server functions check the user themselves and answer 401 with a message.
        return next.run(request).await;
    }
    if request.method() == Method::GET {
        let back = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let target = if back == "/" { "/masuk".to_string() } else { format!("/masuk?next={}", url_encode(back)) };
        return Redirect::to(&target).into_response();
    }
    (StatusCode::UNAUTHORIZED, "Silakan masuk terlebih dahulu.").into_response()
}

/// Refuses state-changing requests from another site, and gives every response the security
/// headers. Pages carry their own Content-Security-Policy, with the nonce of their script.
async fn guard_requests(request: Request, next: Next) -> Response {
    let changes_state = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && !same_origin(request.headers()) {
        tracing::warn!("permintaan {} {} dari situs lain ditolak", request.method(), request.uri().path());
        return (StatusCode::FORBIDDEN, "Permintaan dari situs lain ditolak.").into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(app::security::STATIC_CSP));
    }
    response
}

/// Whether the request's Origin (or, lacking one, its Referer) is this site. A request that
/// names neither comes from no browser page and is let through; its cookies are SameSite=Lax.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else { return false };
    let source = headers.get(header::ORIGIN).or_else(|| headers.get(header::REFERER)).and_then(|v| v.to_str().ok());
    match source {
        None => true,
        Some(source) => {
            let without_scheme = source.split_once("://").map(|(_, rest)| rest).unwrap_or(source);
            let authority = without_scheme.split('/').next().unwrap_or("");
            authority.eq_ignore_ascii_case(host)
        }
    }
}

/// The most a server function's request may carry: its forms are short texts.
pub const MAX_FORM_BYTES: usize = 1024 * 1024;

/// Server functions: a body over the limit is refused, and input that cannot be read is answered
/// as the caller's mistake.
async fn guard_server_functions(request: Request, next: Next) -> Response {
    if !request.uri().path().starts_with("/api/") {
        return next.run(request).await;
    }
    match limit_body(request).await {
        Ok(request) => answer_malformed_input(next.run(request).await).await,
        Err(refused) => refused,
    }
}

/// Refuses a server function's request whose body is larger than [`MAX_FORM_BYTES`], with a
/// message a person can act on, before anything reads it whole.
async fn limit_body(request: Request) -> Result<Request, Response> {
    let path = request.uri().path().to_string();
    let too_large = move || {
        tracing::warn!("permintaan {path} melebihi {MAX_FORM_BYTES} bita: ditolak");
        let error = app::error::AppError::invalid("", "Isian terlalu besar: paling banyak 1 MB per kiriman.");
        (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(error)).into_response()
    };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_FORM_BYTES) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => Ok(Request::from_parts(parts, axum::body::Body::from(bytes))),
        Err(_) => Err(too_large()),
    }
}

/// A server function whose input could not be read at all (a missing or malformed field)
/// fails before its body runs, and Leptos answers that with 500. It is the caller's mistake:
/// answer it with the error's own status, and keep 500 for failures of the server.
async fn answer_malformed_input(response: Response) -> Response {
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Keeps the uploaded sheets and sends the browser to their preview.
async fn upload(State(state): State<AppState>, session: AuthSession, mut multipart: Multipart) -> Response {
    let Some(user) = session.user.filter(|u| u.viewer.can_import()) else {
        return (StatusCode::FORBIDDEN, "Anda tidak berhak mengimpor formulir.").into_response();
    };
    let mut files = Vec::new();
    let mut total = 0usize;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return back_with(upload_error_message(&e.to_string())),
        };
        let Some(name) = field.file_name().map(str::to_string) else { continue };
        if name.is_empty() {
            continue;
        }
        match field.bytes().await {
            Ok(bytes) => {
                total += bytes.len();
                if total > MAX_UPLOAD_BYTES {
                    return back_with("besar");
                }
                files.push((name, bytes.to_vec()));
            }
            Err(e) => return back_with(upload_error_message(&e.to_string())),
        }
    }
    if files.is_empty() {
        return back_with("kosong");
    }
    match uploads::save(&state.db, &files, user.viewer.id).await {
        Ok(batch) => Redirect::to(&format!("/impor/{batch}")).into_response(),
        Err(e) => {
            tracing::error!("menyimpan unggahan: {e}");
            back_with("galat")
        }
    }
}

fn upload_error_message(cause: &str) -> &'static str {
    tracing::warn!("unggahan gagal dibaca: {cause}");
    if cause.contains("length limit") || cause.contains("too large") {
        "besar"
    } else {
        "terputus"
    }
}

/// Back to the import page, with the code of what went wrong (see `upload_problem`).
fn back_with(code: &str) -> Response {
    Redirect::to(&format!("/impor?galat={code}")).into_response()
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Serves the app on a bound listener until the process is stopped.
pub async fn serve_on(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt as _;
    // Without TCP_NODELAY the last small segment of a response waits for the client's delayed
    // acknowledgement: about 40 ms added to many answers (found by scripts/bench.sh).
    let listener = listener.tap_io(|stream| {
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY tidak dapat dipasang: {e}");
        }
    });
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
}

/// Serves the app on the settings' address until the process is stopped.
pub async fn serve(settings: &Settings, state: AppState) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(settings.addr)
        .await
        .map_err(|e| anyhow::anyhow!("tidak dapat mendengarkan di {}: {e}", settings.addr))?;
    let app = app(settings, state).await?;
    tracing::info!("Pendamping siap di http://{}", listener.local_addr()?);
    serve_on(listener, app).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn a_post_from_another_site_is_not_same_origin() {
        let host = (header::HOST, "127.0.0.1:3000");
        assert!(same_origin(&headers(&[host.clone(), (header::ORIGIN, "http://127.0.0.1:3000")])));
        assert!(!same_origin(&headers(&[host.clone(), (header::ORIGIN, "http://jahat.example")])));
        assert!(!same_origin(&headers(&[host.clone(), (header::REFERER, "https://jahat.example/x")])));
        assert!(same_origin(&headers(&[host.clone(), (header::REFERER, "http://127.0.0.1:3000/aplikasi/1")])));
        assert!(same_origin(&headers(&[host])));
    }
}
