//! The main menu: what the signed-in user's roles reach, who they are, and signing out.

use crate::account::{Logout, Role, Viewer};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Menu(viewer: Option<Viewer>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let Some(viewer) = viewer else {
        return view! {
            <nav aria-label=l.t("Menu utama")>
                <ul>
                    <li>
                        <a href="/masuk">{l.t("Masuk")}</a>
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
                <A href="/impor">{l.t("Impor")}</A>
            </li>
        }
    });
    // The roles' labels in the chosen language, then the agency's and the vendor's names.
    let mut roles: Vec<String> = viewer.roles.iter().map(|r| l.t(r.label()).to_string()).collect();
    if let (true, Some(agency)) = (viewer.has(Role::Klien), &viewer.agency_name) {
        roles.push(agency.clone());
    }
    if let (true, Some(vendor)) = (viewer.has(Role::PihakKetiga), &viewer.vendor_name) {
        roles.push(vendor.clone());
    }
    let roles = roles.join(" · ");
    let admin = viewer.manages_accounts().then(|| {
        view! {
            <li>
                <A href="/admin/pengguna">{l.t("Pengguna")}</A>
            </li>
            <li>
                <A href="/admin/opd">{l.t("OPD")}</A>
            </li>
            <li>
                <A href="/admin/pihak-ketiga">{l.t("Pihak Ketiga")}</A>
            </li>
            <li>
                <A href="/admin/kotak-keluar">{l.t("Kotak keluar")}</A>
            </li>
        }
    });
    view! {
        <nav aria-label=l.t("Menu utama") data-test="menu">
            <ul>
                <li>
                    <A href="/" exact=true>
                        {l.t("Dasbor")}
                    </A>
                </li>
                <li>
                    <A href="/menunggu">{l.t("Menunggu")}</A>
                </li>
                <li>
                    <A href="/tiket">{l.t("Tiket")}</A>
                </li>
                <li>
                    <A href="/kpi">"KPI"</A>
                </li>
                {import}
                {admin}
            </ul>
        </nav>
        <div class="user-box" data-test="user-box">
            <a class="user-name" href="/pengaturan" data-test="user-name" title=l.t("Pengaturan")>
                {viewer.name.clone()}
            </a>
            <span class="user-roles">{roles}</span>
            <ActionForm action=logout>
                <button type="submit" class="link-button">
                    {l.t("Keluar")}
                </button>
            </ActionForm>
        </div>
    }
    .into_any()
}
