//! Pendamping: the supervision of vendor-built applications under SOP-DINKOMINFO-012, as a
//! Leptos app rendered on the server and hydrated in the browser.

#![recursion_limit = "256"]

pub mod account;
pub mod agency;
pub mod application;
pub mod audit;
pub mod calendar;
pub mod components;
pub mod dashboard;
pub mod date;
pub mod error;
pub mod export_text;
pub mod ics;
pub mod ids;
pub mod import;
pub mod kpi;
pub mod locale;
pub mod mail;
pub mod meeting;
#[cfg(feature = "ssr")]
pub mod notice;
pub mod official_form;
pub mod pages;
pub mod preferences;
pub mod reminder;
#[cfg(feature = "ssr")]
pub mod report;
pub mod schedule;
pub mod security;
pub mod signoff;
pub mod step;
pub mod survey;
pub mod text;
pub mod ticket;
pub mod vendor;
pub mod waiting;
pub mod workflow;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "test-support")]
pub mod testing;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The icon, inline: the site has no asset files to fetch.
const FAVICON: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='6' fill='%230b4f8a'/%3E%3Cpath d='M9 24V8h8a5 5 0 0 1 0 10h-5' fill='none' stroke='%23fff' stroke-width='3'/%3E%3Ccircle cx='24' cy='24' r='3' fill='%23e8a317'/%3E%3C/svg%3E";

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    security::set_page_policy();
    let lang = locale::Locale::detect().code();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Pendampingan pembuatan aplikasi — Dinas Komunikasi dan Informatika Kota Madiun" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = locale::Locale::detect();
    provide_context(locale);
    let viewer = Resource::new(|| (), |_| account::current_user());
    view! {
        <Stylesheet id="leptos" href="/pkg/pendamping.css" />
        <leptos_meta::Link rel="icon" href=FAVICON type_="image/svg+xml" />
        <Title formatter=|page: String| format!("{page} · Pendamping") />
        <Router>
            <a class="skip-link" href="#isi">
                {locale.t("Langsung ke isi")}
            </a>
            <header class="site-header">
                <div class="brand">
                    <a href="/">"Pendamping"</a>
                    <span class="brand-sub">{locale.t("Dinas Komunikasi dan Informatika Kota Madiun")}</span>
                </div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let viewer = viewer.await.ok().flatten();
                        view! { <components::menu::Menu viewer /> }
                    })}
                </Suspense>
            </header>
            <main id="isi" tabindex="-1">
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("") view=pages::dashboard::DashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/masuk") view=pages::login::LoginPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/aplikasi/:id")
                        view=pages::application::ApplicationPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/aplikasi/:id/cetak") view=pages::print::PrintPage ssr=SsrMode::Async />
                    <Route path=path!("/aplikasi/:id/jejak") view=pages::audit::AuditPage ssr=SsrMode::Async />
                    <Route path=path!("/impor") view=pages::import::ImportPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/impor/selesai")
                        view=pages::import::ImportDonePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/impor/:batch")
                        view=pages::import::ImportPreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/pertemuan/baru") view=pages::schedule::SchedulePage ssr=SsrMode::Async />
                    <Route path=path!("/pertemuan/:id") view=pages::meeting::MeetingPage ssr=SsrMode::Async />
                    <Route path=path!("/menunggu") view=pages::waiting::WaitingPage ssr=SsrMode::Async />
                    <Route path=path!("/tiket") view=pages::tickets::TicketsPage ssr=SsrMode::Async />
                    <Route path=path!("/tiket/:id") view=pages::tickets::TicketPage ssr=SsrMode::Async />
                    <Route path=path!("/pengaturan") view=pages::settings::SettingsPage ssr=SsrMode::Async />
                    <Route path=path!("/kpi") view=pages::kpi::KpiPage ssr=SsrMode::Async />
                    <Route path=path!("/kpi/rincian") view=pages::kpi::KpiDetailPage ssr=SsrMode::Async />
                    <Route path=path!("/kpi/target") view=pages::kpi::TargetPage ssr=SsrMode::Async />
                    <Route path=path!("/survei/:id") view=pages::survey::SurveyPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/kotak-keluar") view=pages::outbox::OutboxPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/pengguna") view=pages::admin::UsersPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/pengguna/:id") view=pages::admin::UserPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/opd") view=pages::admin::AgenciesPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/pihak-ketiga") view=pages::admin::VendorsPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>"Pendamping — SOP-DINKOMINFO-012 Prosedur Pendampingan Pembuatan Aplikasi"</p>
            </footer>
        </Router>
    }
}
