//! The main menu: what the signed-in user's roles reach, who they are, and signing out.

use crate::account::{Logout, Viewer};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Menu(viewer: Option<Viewer>) -> impl IntoView {
    let Some(viewer) = viewer else {
        return view! {
            <nav aria-label="Menu utama">
                <ul>
                    <li>
                        <a href="/masuk">"Masuk"</a>
                    </li>
                </ul>
            </nav>
        }
        .into_any();
    };
    let logout = ServerAction::<Logout>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = logout.value().get() {
            let _ = window().location().set_href("/masuk");
        }
    });
    let import = viewer.can_import().then(|| {
        view! {
            <li>
                <A href="/impor">"Impor"</A>
            </li>
        }
    });
    let admin = viewer.manages_accounts().then(|| {
        view! {
            <li>
                <A href="/admin/pengguna">"Pengguna"</A>
            </li>
            <li>
                <A href="/admin/opd">"OPD"</A>
            </li>
            <li>
                <A href="/admin/pihak-ketiga">"Pihak Ketiga"</A>
            </li>
            <li>
                <A href="/admin/kotak-keluar">"Kotak keluar"</A>
            </li>
        }
    });
    view! {
        <nav aria-label="Menu utama" data-test="menu">
            <ul>
                <li>
                    <A href="/" exact=true>
                        "Dasbor"
                    </A>
                </li>
                <li>
                    <A href="/menunggu">"Menunggu"</A>
                </li>
                <li>
                    <A href="/tiket">"Tiket"</A>
                </li>
                <li>
                    <A href="/kpi">"KPI"</A>
                </li>
                {import}
                {admin}
            </ul>
        </nav>
        <div class="user-box" data-test="user-box">
            <a class="user-name" href="/pengaturan" data-test="user-name" title="Pengaturan">
                {viewer.name.clone()}
            </a>
            <span class="user-roles">{viewer.role_summary()}</span>
            <ActionForm action=logout>
                <button type="submit" class="link-button">
                    "Keluar"
                </button>
            </ActionForm>
        </div>
    }
    .into_any()
}
