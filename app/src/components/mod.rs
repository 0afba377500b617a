//! Pieces of the pages that more than one page uses.

pub mod chart;
pub mod kpi_chart;
pub mod menu;

use crate::error::AppError;
use leptos::prelude::*;

/// An error from the server, said plainly; a missing thing also answers 404.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let l = crate::locale::use_locale();
    let sign_in = (error == AppError::Unauthenticated).then(|| view! { <a href="/masuk">{l.t("Masuk")}</a> });
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        let status = match error {
            AppError::NotFound => Some(axum::http::StatusCode::NOT_FOUND),
            AppError::Forbidden => Some(axum::http::StatusCode::FORBIDDEN),
            AppError::Unauthenticated => Some(axum::http::StatusCode::UNAUTHORIZED),
            AppError::Internal => Some(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            _ => None,
        };
        if let Some(status) = status {
            response.set_status(status);
        }
    }
    view! {
        <div class="alert alert-error" role="alert">
            <p>{error.to_string()} {sign_in}</p>
        </div>
    }
}

/// The message under a form field, announced to screen readers when it appears.
#[component]
pub fn FieldMessage(#[prop(into)] id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p class="field-error" id=id aria-live="polite" data-test="field-error">
            {move || message.get()}
        </p>
    }
}

/// "Memuat…", for content on its way.
#[component]
pub fn Loading() -> impl IntoView {
    let l = crate::locale::use_locale();
    view! {
        <p class="loading" role="status">
            {l.t("Memuat…")}
        </p>
    }
}
