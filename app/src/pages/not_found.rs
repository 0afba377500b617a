//! The page for an address that leads nowhere.

use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Halaman tidak ditemukan" />
        <h1>"Halaman tidak ditemukan"</h1>
        <p>
            "Alamat ini tidak menuju halaman mana pun. "
            <a href="/">"Kembali ke dasbor"</a>
        </p>
    }
}
