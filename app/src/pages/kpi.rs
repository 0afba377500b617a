//! The KPI page: the SOP's own table for a month, the charts of the year, the vendors' table,
//! and the targets the Kasi sets.

use crate::components::kpi_chart::{IndexChart, MeetingsTargetChart};
use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::date::{format_numeric, Month};
use crate::error::AppError;
use crate::kpi::{get_kpi, get_kpi_detail, KpiFilter, KpiReport, SaveTarget};
use crate::survey::ELEMENTS;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Form, A};
use leptos_router::hooks::use_query_map;

/// The filters from the address: `?tahun=2025&bulan=3&opd=..&vendor=..&aplikasi=..`.
fn filter_from_query() -> Memo<KpiFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| KpiFilter {
            year: q.get("tahun").and_then(|v| v.parse().ok()).unwrap_or(0),
            month: q.get("bulan").and_then(|v| v.parse().ok()).unwrap_or(0),
            agency: q.get("opd").and_then(|v| v.parse().ok()),
            vendor: q.get("vendor").and_then(|v| v.parse().ok()),
            application: q.get("aplikasi").and_then(|v| v.parse().ok()),
        })
    })
}

#[component]
pub fn KpiPage() -> impl IntoView {
    let filter = filter_from_query();
    let data = Resource::new(move || filter.get(), get_kpi);
    let l = crate::locale::use_locale();
    view! {
        <Title text="KPI" />
        <h1>{l.t("Indikator kinerja (KPI) pendampingan")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) => view! { <KpiView report /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn link(filter: &KpiFilter, month: u32) -> String {
    format!("/kpi/rincian?{}", KpiFilter { month, ..*filter }.query())
}

#[component]
fn KpiView(report: KpiReport) -> impl IntoView {
    let l = crate::locale::use_locale();
    let filter = report.filter;
    let chosen = report.chosen().cloned();
    let this_year = Month::of(crate::date::today_wib_or(filter.chosen_month())).year;
    let years = ((this_year - 6)..=(this_year + 1))
        .rev()
        .map(move |y| {
            view! {
                <option value=y.to_string() selected=y == filter.year>
                    {y}
                </option>
            }
        })
        .collect_view();
    let months = (1..=12u32)
        .map(move |m| {
            view! {
                <option value=m.to_string() selected=m == filter.month>
                    {l.month_name(m)}
                </option>
            }
        })
        .collect_view();
    let agencies = report
        .agencies
        .iter()
        .map(move |a| {
            view! {
                <option value=a.id.to_string() selected=filter.agency == Some(a.id)>
                    {a.name.clone()}
                </option>
            }
        })
        .collect_view();
    let vendors = report
        .vendor_options
        .iter()
        .map(move |v| {
            view! {
                <option value=v.id.to_string() selected=filter.vendor == Some(v.id)>
                    {v.name.clone()}
                </option>
            }
        })
        .collect_view();
    let applications = report
        .applications
        .iter()
        .map(move |(id, name)| {
            view! {
                <option value=id.to_string() selected=filter.application == Some(*id)>
                    {name.clone()}
                </option>
            }
        })
        .collect_view();
    let month_label = l.month(filter.chosen_month());
    let (meetings, target_meetings, index, category, responses, target_index) = match &chosen {
        Some(m) => (m.meetings, m.target_meetings, m.index, m.category, m.responses, m.target_index),
        None => (0, None, None, None, 0, None),
    };
    let detail = link(&filter, filter.month);
    let rows = report
        .months
        .iter()
        .map(|m| {
            let href = link(&filter, m.month.month);
            view! {
                <tr data-test="kpi-month">
                    <th scope="row">{l.month(m.month)}</th>
                    <td class="num">
                        <a href=href.clone()>{m.meetings}</a>
                    </td>
                    <td class="num">{m.target_meetings.map(|t| t.to_string()).unwrap_or_else(|| "–".into())}</td>
                    <td class="num">
                        <a href=href>{l.index(m.index)}</a>
                    </td>
                    <td>{m.category.map(|c| l.t(c.label())).unwrap_or("–")}</td>
                    <td class="num">{m.responses}</td>
                    <td class="num">{l.index(m.target_index)}</td>
                </tr>
            }
        })
        .collect_view();
    let vendor_rows = report
        .vendors
        .iter()
        .map(|v| {
            view! {
                <tr data-test="kpi-vendor">
                    <td>{v.name.clone()}</td>
                    <td class="num">{l.index(v.index)}</td>
                    <td>{v.category.map(|c| l.t(c.label())).unwrap_or("–")}</td>
                    <td class="num">{v.responses}</td>
                    <td class="num">{v.meetings}</td>
                </tr>
            }
        })
        .collect_view();
    let downloads = filter.query();
    view! {
        <section class="card" aria-label=l.t("Saring")>
            <Form method="GET" action="">
                <div class="filters">
                    <div class="field">
                        <label for="kpi-tahun">{l.t("Tahun")}</label>
                        <select id="kpi-tahun" name="tahun">
                            {years}
                        </select>
                    </div>
                    <div class="field">
                        <label for="kpi-bulan">{l.t("Bulan tabel SOP")}</label>
                        <select id="kpi-bulan" name="bulan">
                            {months}
                        </select>
                    </div>
                    <div class="field">
                        <label for="kpi-opd">{l.t("OPD")}</label>
                        <select id="kpi-opd" name="opd">
                            <option value="">{l.t("Semua OPD")}</option>
                            {agencies}
                        </select>
                    </div>
                    <div class="field">
                        <label for="kpi-vendor">{l.t("Pihak Ketiga")}</label>
                        <select id="kpi-vendor" name="vendor">
                            <option value="">{l.t("Semua pihak ketiga")}</option>
                            {vendors}
                        </select>
                    </div>
                    <div class="field">
                        <label for="kpi-aplikasi">{l.t("Aplikasi")}</label>
                        <select id="kpi-aplikasi" name="aplikasi">
                            <option value="">{l.t("Semua aplikasi")}</option>
                            {applications}
                        </select>
                    </div>
                    <div class="field actions">
                        <button type="submit" class="button">
                            {l.t("Terapkan")}
                        </button>
                    </div>
                </div>
            </Form>
        </section>
        <section class="card" aria-labelledby="sop-judul">
            <h2 id="sop-judul">{format!("{} — {month_label}", l.t("Indikator Pengukuran Kinerja"))}</h2>
            <div class="table-wrap">
                <table class="data sop" data-test="sop-table">
                    <thead>
                        <tr>
                            <th scope="col">{l.t("Tujuan")}</th>
                            <th scope="col">{l.t("Indikator")}</th>
                            <th scope="col" class="num">
                                {l.t("Target")}
                            </th>
                            <th scope="col" class="num">
                                {l.t("Realisasi")}
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <td rowspan="2">
                                {l.t("Setiap aplikasi yang dibuat oleh pihak ketiga sesuai dengan kebutuhan OPD")}
                            </td>
                            <td>{l.t("Jumlah pertemuan dengan OPD dan pihak ketiga selama pembuatan aplikasi")}</td>
                            <td class="num">{target_meetings.map(|t| t.to_string()).unwrap_or_else(|| "–".into())}</td>
                            <td class="num" data-test="realisasi-pertemuan">
                                <a href=detail.clone()>{meetings}</a>
                            </td>
                        </tr>
                        <tr>
                            <td>{l.t("Kepuasan OPD terhadap kinerja pihak ketiga (indeks 25–100)")}</td>
                            <td class="num">{l.index(target_index)}</td>
                            <td class="num" data-test="realisasi-indeks">
                                <a href=detail>{l.index(index)}</a>
                                {category.map(|c| format!(" {}", c.letter()))}
                                <span class="muted">{l.fill(" ({} responden)", &[&responses])}</span>
                            </td>
                        </tr>
                    </tbody>
                </table>
            </div>
            <p class="downloads">
                {l.t("Unduh laporan bulanan: ")} <a href=format!("/kpi/laporan.xlsx?{downloads}")>"XLSX"</a> " · "
                <a href=format!("/kpi/laporan.pdf?{downloads}")>"PDF"</a>
                {report.can_set_targets.then(|| view! { " · " <A href="/kpi/target">{l.t("Atur target")}</A> })}
            </p>
        </section>
        <div class="two-columns">
            <section class="card">
                <MeetingsTargetChart months=report.months.clone() title=l.fill("Pertemuan per bulan, {}", &[&filter.year]) />
            </section>
            <section class="card">
                <IndexChart months=report.months.clone() title=l.fill("Indeks kepuasan per bulan, {}", &[&filter.year]) />
            </section>
        </div>
        <section class="card" aria-labelledby="tahun-judul">
            <h2 id="tahun-judul">
                {l.fill("Per bulan, {} · indeks setahun {}", &[&filter.year, &l.index(report.year_index)])}
            </h2>
            <div class="table-wrap">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{l.t("Bulan")}</th>
                            <th scope="col" class="num">
                                {l.t("Pertemuan")}
                            </th>
                            <th scope="col" class="num">
                                {l.t("Target")}
                            </th>
                            <th scope="col" class="num">
                                {l.t("Indeks")}
                            </th>
                            <th scope="col">{l.t("Kategori")}</th>
                            <th scope="col" class="num">
                                {l.t("Responden")}
                            </th>
                            <th scope="col" class="num">
                                {l.t("Target indeks")}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
        <section class="card" aria-labelledby="vendor-judul">
            <h2 id="vendor-judul">{l.fill("Pihak ketiga, {}", &[&filter.year])}</h2>
            <div class="table-wrap">
                <table class="data">
                    <thead>
                        <tr>
                            <th scope="col">{l.t("Pihak Ketiga")}</th>
                            <th scope="col" class="num">
                                {l.t("Indeks")}
                            </th>
                            <th scope="col">{l.t("Kategori")}</th>
                            <th scope="col" class="num">
                                {l.t("Responden")}
                            </th>
                            <th scope="col" class="num">
                                {l.t("Pertemuan")}
                            </th>
                        </tr>
                    </thead>
                    <tbody>{vendor_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The meetings and responses behind the numbers of a month.
#[component]
pub fn KpiDetailPage() -> impl IntoView {
    let filter = filter_from_query();
    let data = Resource::new(move || filter.get(), get_kpi_detail);
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Rincian KPI") />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            <A href=move || format!("/kpi?{}", filter.get().query())>"KPI"</A>
            " / "
            <span aria-current="page">{l.t("Rincian")}</span>
        </nav>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(detail) => {
                        let meetings = detail
                            .meetings
                            .iter()
                            .map(|m| {
                                view! {
                                    <tr data-test="detail-meeting">
                                        <td>{format_numeric(m.date)}</td>
                                        <td>{m.application_name.clone()}</td>
                                        <td class="num">
                                            <a href=format!("/pertemuan/{}", m.meeting)>
                                                {m.no.map(|n| n.to_string()).unwrap_or_default()}
                                            </a>
                                        </td>
                                        <td>{m.client.clone()}</td>
                                        <td>{m.vendor_name.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let responses = detail
                            .responses
                            .iter()
                            .map(|r| {
                                let scores = r
                                    .answers
                                    .iter()
                                    .map(|a| view! { <td class="num">{a.map(|v| v.to_string()).unwrap_or_else(|| "–".into())}</td> })
                                    .collect_view();
                                view! {
                                    <tr data-test="detail-response">
                                        <td>{format_numeric(r.date)}</td>
                                        <td>{r.application_name.clone()}</td>
                                        <td>{r.respondent.clone()}</td>
                                        {scores}
                                        <td>{r.comment.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let heads = ELEMENTS
                            .iter()
                            .map(|(_, label)| view! { <th scope="col" class="num">{l.t(label)}</th> })
                            .collect_view();
                        view! {
                            <h1>{l.fill("Rincian {}", &[&l.month(detail.month)])}</h1>
                            <section class="card">
                                <h2>{l.fill("Pertemuan ({})", &[&detail.meetings.len()])}</h2>
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead>
                                            <tr>
                                                <th scope="col">{l.t("Tanggal")}</th>
                                                <th scope="col">{l.t("Aplikasi")}</th>
                                                <th scope="col" class="num">
                                                    "No"
                                                </th>
                                                <th scope="col">{l.t("Nama Klien (OPD)")}</th>
                                                <th scope="col">{l.t("Pihak Ketiga")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{meetings}</tbody>
                                    </table>
                                </div>
                            </section>
                            <section class="card">
                                <h2>{l.fill("Jawaban survei ({})", &[&detail.responses.len()])}</h2>
                                <div class="table-wrap">
                                    <table class="data">
                                        <thead>
                                            <tr>
                                                <th scope="col">{l.t("Tanggal")}</th>
                                                <th scope="col">{l.t("Aplikasi")}</th>
                                                <th scope="col">{l.singular("Responden")}</th>
                                                {heads}
                                                <th scope="col">{l.t("Saran")}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{responses}</tbody>
                                    </table>
                                </div>
                            </section>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The Kasi sets a month's targets.
#[component]
pub fn TargetPage() -> impl IntoView {
    let save = ServerAction::<SaveTarget>::new();
    let data = Resource::new(move || save.version().get(), |_| get_kpi(KpiFilter::default()));
    let message = move |field: &'static str| {
        Signal::derive(move || save.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()?.message_for(field))))
    };
    let general = Signal::derive(move || {
        save.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().and_then(AppError::general_message)))
    });
    let l = crate::locale::use_locale();
    let saved = move || save.value().with(|v| matches!(v, Some(Ok(()))).then_some(l.t("Target tersimpan.")));
    view! {
        <Title text=l.t("Target KPI") />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            <A href="/kpi">"KPI"</A>
            " / "
            <span aria-current="page">{l.t("Target")}</span>
        </nav>
        <h1>{l.t("Target KPI per bulan")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(report) if report.can_set_targets => {
                        let applications = report
                            .applications
                            .iter()
                            .map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> })
                            .collect_view();
                        view! {
                            <section class="card">
                                <p>{l.t("Realisasi dihitung dari pertemuan dan jawaban survei; yang diatur di sini hanya targetnya.")}</p>
                                <ActionForm action=save>
                                    <div class="form-grid">
                                        <div class="field">
                                            <label for="target-bulan">{l.t("Bulan")}</label>
                                            <input id="target-bulan" name="target[bulan]" type="month" placeholder="2025-03" />
                                            <FieldMessage id="target-bulan-pesan" message=message("bulan") />
                                        </div>
                                        <div class="field">
                                            <label for="target-aplikasi">{l.t("Aplikasi")}</label>
                                            <select id="target-aplikasi" name="target[aplikasi]">
                                                <option value="">{l.t("Semua aplikasi (target keseluruhan)")}</option>
                                                {applications}
                                            </select>
                                        </div>
                                        <div class="field">
                                            <label for="target-pertemuan">{l.t("Target jumlah pertemuan")}</label>
                                            <input id="target-pertemuan" name="target[pertemuan]" type="text" inputmode="numeric" />
                                            <FieldMessage id="target-pertemuan-pesan" message=message("pertemuan") />
                                        </div>
                                        <div class="field">
                                            <label for="target-indeks">{l.t("Target indeks kepuasan (25–100)")}</label>
                                            <input id="target-indeks" name="target[indeks]" type="text" inputmode="decimal" />
                                            <FieldMessage id="target-indeks-pesan" message=message("indeks") />
                                        </div>
                                        <div class="field wide actions">
                                            <button type="submit" class="button">
                                                {l.t("Simpan target")}
                                            </button>
                                            <FieldMessage id="target-pesan" message=general />
                                            <p class="form-status" role="status">
                                                {saved}
                                            </p>
                                        </div>
                                    </div>
                                </ActionForm>
                            </section>
                        }
                            .into_any()
                    }
                    Ok(_) => view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
