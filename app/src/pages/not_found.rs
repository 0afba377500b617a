//! The page for an address that leads nowhere.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Halaman tidak ditemukan") />
        <h1>{l.t("Halaman tidak ditemukan")}</h1>
        <p>
            {l.t("Alamat ini tidak menuju halaman mana pun. ")}
            <a href="/">{l.t("Kembali ke dasbor")}</a>
        </p>
    }
}
