//! The dashboard: every application with its meetings, filters by OPD and vendor, and the chart
//! of meetings per month.

use crate::application::ApplicationFilter;
use crate::components::chart::MeetingsChart;
use crate::components::{ErrorBox, Loading};
use crate::dashboard::{get_dashboard, Dashboard, CHART_MONTHS, PAGE_SIZE};
use crate::date::format_numeric;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| ApplicationFilter {
            agency: q.get("opd").and_then(|s| s.parse().ok()),
            vendor: q.get("vendor").and_then(|s| s.parse().ok()),
        })
    });
    let page = Memo::new(move |_| query.with(|q| q.get("halaman").and_then(|s| s.parse().ok()).unwrap_or(1u32)));
    let data = Resource::new(move || (filter.get(), page.get()), |(filter, page)| get_dashboard(filter, page));
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Dasbor") />
        <h1>{l.t("Dasbor pendampingan aplikasi")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(dashboard) => view! { <DashboardView dashboard filter=filter.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DashboardView(dashboard: Dashboard, filter: ApplicationFilter) -> impl IntoView {
    let Dashboard { applications, page, pages, total_applications, total_meetings, monthly, agencies, vendors } =
        dashboard;
    let l = crate::locale::use_locale();
    let filtered = filter != ApplicationFilter::default();
    let agency_options = agencies
        .into_iter()
        .map(|a| {
            let selected = filter.agency == Some(a.id);
            view! {
                <option value=a.id.to_string() selected=selected>
                    {format!("{} ({})", a.name, a.abbreviation)}
                </option>
            }
        })
        .collect_view();
    let vendor_options = vendors
        .into_iter()
        .map(|v| {
            let selected = filter.vendor == Some(v.id);
            view! {
                <option value=v.id.to_string() selected=selected>
                    {v.name}
                </option>
            }
        })
        .collect_view();
    let count = total_applications;
    let first_shown = i64::from(page - 1) * i64::from(PAGE_SIZE) + 1;
    let last_shown = first_shown + applications.len() as i64 - 1;
    let rows = applications
        .into_iter()
        .map(|a| {
            let href = format!("/aplikasi/{}", a.id);
            view! {
                <tr data-test="application-row">
                    <td>
                        <A href=href>{a.name}</A>
                    </td>
                    <td>
                        <abbr title=a.agency_name>{a.agency_abbreviation}</abbr>
                    </td>
                    <td>{a.vendor_name}</td>
                    <td>{a.pic_name}</td>
                    <td class="num" data-test="meeting-count">
                        {a.meeting_count}
                    </td>
                    <td>{a.last_meeting.map(format_numeric).unwrap_or_else(|| "–".into())}</td>
                    <td>
                        <span class=format!("status status-{}", a.status.as_str())>{l.t(a.status.label())}</span>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="filter-judul" class="card">
            <h2 id="filter-judul" class="visually-hidden">
                {l.t("Saringan")}
            </h2>
            <Form method="GET" action="">
                <div class="filters">
                    <div class="field">
                        <label for="filter-opd">{l.t("OPD")}</label>
                        <select id="filter-opd" name="opd">
                            <option value="" selected=filter.agency.is_none()>
                                {l.t("Semua OPD")}
                            </option>
                            {agency_options}
                        </select>
                    </div>
                    <div class="field">
                        <label for="filter-vendor">{l.t("Pihak Ketiga")}</label>
                        <select id="filter-vendor" name="vendor">
                            <option value="" selected=filter.vendor.is_none()>
                                {l.t("Semua pihak ketiga")}
                            </option>
                            {vendor_options}
                        </select>
                    </div>
                    <div class="field actions">
                        <button type="submit" class="button">
                            {l.t("Terapkan")}
                        </button>
                        {filtered.then(|| view! { <A href="/">{l.t("Hapus saringan")}</A> })}
                    </div>
                </div>
            </Form>
        </section>
        <section class="card" aria-labelledby="grafik-judul">
            <MeetingsChart data=monthly title=l.fill("Jumlah pertemuan per bulan, {} bulan terakhir (WIB)", &[&CHART_MONTHS]) />
        </section>
        <section class="card" aria-labelledby="daftar-judul">
            <h2 id="daftar-judul">
                {l.fill("Aplikasi ({})", &[&l.number(count as f64, 0)])}
                <span class="muted">{format!(" · {} {}", l.number(total_meetings as f64, 0), l.t("pertemuan"))}</span>
            </h2>
            <p class="title-links">
                <a href="/ekspor/log.xlsx" data-test="export-all">
                    {l.t("Unduh seluruh log (XLSX, satu lembar per aplikasi)")}
                </a>
            </p>
            {if count == 0 {
                view! {
                    <p class="empty">
                        {if filtered {
                            l.t("Tidak ada aplikasi yang cocok dengan saringan ini.")
                        } else {
                            l.t("Belum ada aplikasi. Impor formulir log progress di halaman Impor.")
                        }}
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data" data-test="applications">
                            <thead>
                                <tr>
                                    <th scope="col">{l.t("Nama Aplikasi")}</th>
                                    <th scope="col">{l.t("OPD")}</th>
                                    <th scope="col">{l.t("Pihak Ketiga")}</th>
                                    <th scope="col">{l.t("PIC")}</th>
                                    <th scope="col" class="num">
                                        {l.t("Pertemuan")}
                                    </th>
                                    <th scope="col">{l.t("Pertemuan terakhir")}</th>
                                    <th scope="col">{l.t("Status")}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {(pages > 1).then(|| view! { <Pager filter page pages first_shown last_shown total=count /> })}
                }
                    .into_any()
            }}
        </section>
    }
}

/// Links to the previous and next page of the list, keeping the filter.
#[component]
fn Pager(
    filter: ApplicationFilter,
    page: u32,
    pages: u32,
    first_shown: i64,
    last_shown: i64,
    total: i64,
) -> impl IntoView {
    let l = crate::locale::use_locale();
    let filter = filter.query();
    let href =
        move |to: u32| if filter.is_empty() { format!("/?halaman={to}") } else { format!("/?halaman={to}&{filter}") };
    view! {
        <nav class="pager" aria-label=l.t("Halaman daftar aplikasi") data-test="pager">
            {(page > 1).then(|| view! { <A href=href(page - 1) attr:rel="prev">{l.t("‹ Sebelumnya")}</A> })}
            <span aria-current="page">
                {l.fill("Halaman {} dari {}", &[&page, &pages])}
                <span class="muted">
                    {format!(
                        " · {}",
                        l.fill(
                            "aplikasi {}–{} dari {}",
                            &[&l.number(first_shown as f64, 0), &l.number(last_shown as f64, 0), &l.number(total as f64, 0)],
                        ),
                    )}
                </span>
            </span>
            {(page < pages).then(|| view! { <A href=href(page + 1) attr:rel="next">{l.t("Berikutnya ›")}</A> })}
        </nav>
    }
}
