//! The print view of form FRM-DINKOMINFO-020: the official layout for the browser's print
//! (A4 landscape), a range of dates, and the same form as PDF, XLSX and CSV.

use crate::application::ApplicationId;
use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::date::format_short;
use crate::error::AppError;
use crate::official_form::{get_official_form, signature_text, OfficialForm, COLUMNS, OFFICE, TITLE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PrintPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<ApplicationId>().ok())));
    let range =
        Memo::new(move |_| query.with(|q| (q.get("dari").unwrap_or_default(), q.get("sampai").unwrap_or_default())));
    let form = Resource::new(
        move || (id.get(), range.get()),
        |(id, (from, to))| async move {
            match id {
                Some(id) => get_official_form(id, from, to).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let l = crate::locale::use_locale();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let (from, to) = range.get_untracked();
                match (form.await, id.get_untracked()) {
                    (Ok(form), _) => view! { <PrintView form from to /> }.into_any(),
                    (Err(error @ AppError::Invalid(_)), Some(id)) => {
                        view! {
                            <Title text=l.t("Cetak formulir") />
                            <h1>{l.t("Cetak formulir")}</h1>
                            <RangeForm id from to error=Some(error) />
                        }
                            .into_any()
                    }
                    (Err(error), _) => {
                        view! {
                            <Title text=l.t("Cetak formulir") />
                            <h1>{l.t("Cetak formulir")}</h1>
                            <ErrorBox error />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The range of dates, as a plain GET form: it works before the wasm loads.
#[component]
fn RangeForm(id: ApplicationId, from: String, to: String, error: Option<AppError>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let message = |field: &'static str| {
        let error = error.clone();
        move || error.as_ref().and_then(|e| e.message_for(field))
    };
    view! {
        <form class="range-form no-print" method="get" action=format!("/aplikasi/{id}/cetak")>
            <div class="field">
                <label for="dari">{l.t("Dari tanggal")}</label>
                <input id="dari" name="dari" type="date" value=from />
                <FieldMessage id="dari-pesan" message=Signal::derive(message("dari")) />
            </div>
            <div class="field">
                <label for="sampai">{l.t("Sampai tanggal")}</label>
                <input id="sampai" name="sampai" type="date" value=to />
                <FieldMessage id="sampai-pesan" message=Signal::derive(message("sampai")) />
            </div>
            <div class="actions">
                <button type="submit">{l.t("Tampilkan")}</button>
                <a href=format!("/aplikasi/{id}/cetak")>{l.t("Seluruh proyek")}</a>
            </div>
        </form>
    }
}

#[component]
fn PrintView(form: OfficialForm, from: String, to: String) -> impl IntoView {
    let OfficialForm { application, range, rows } = form;
    let id = application.id;
    let query = range.query();
    let download = move |format: &str| format!("/aplikasi/{id}/unduh/{format}?{query}");
    let count = rows.len();
    let l = crate::locale::use_locale();
    let name = application.name.clone();
    let pic = application.pic_name.clone();
    let crumb = name.clone();
    let body = rows
        .into_iter()
        .map(|row| {
            view! {
                <tr data-test="print-row">
                    <td class="num">{row.no.map(|n| n.to_string()).unwrap_or_default()}</td>
                    <td>{format_short(row.date)}</td>
                    <td>{row.client_label()}</td>
                    <td>{row.vendor_name.clone()}</td>
                    <td class="long">{row.progress.clone()}</td>
                    <td class="long">{row.notes.clone()}</td>
                    <td class="signature">{signature_text(&row)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Title text=format!("FRM-Dinkominfo-020 · {}", name.clone()) />
        <nav class="breadcrumb no-print" aria-label=l.t("Jejak")>
            <A href="/">{l.t("Dasbor")}</A>
            " / "
            <A href=format!("/aplikasi/{id}")>{crumb}</A>
            " / "
            <span aria-current="page">{l.t("Cetak formulir")}</span>
        </nav>
        <section class="card no-print" aria-labelledby="cetak-judul">
            <h1 id="cetak-judul">{l.t("Cetak formulir FRM-Dinkominfo-020")}</h1>
            <RangeForm id from to error=None />
            <p class="downloads">
                <button
                    type="button"
                    class="button"
                    on:click=|_| {
                        let _ = window().print();
                    }
                >
                    {l.t("Cetak (A4 mendatar)")}
                </button>
                " "
                <a class="button secondary" href=download("pdf") data-test="download-pdf">
                    {l.t("Unduh PDF")}
                </a>
                " "
                <a class="button secondary" href=download("xlsx") data-test="download-xlsx">
                    {l.t("Unduh XLSX")}
                </a>
                " "
                <a class="button secondary" href=download("csv") data-test="download-csv">
                    {l.t("Unduh CSV")}
                </a>
            </p>
        </section>
        <article class="official-form" aria-label="Formulir FRM-Dinkominfo-020">
            <header class="official-head">
                <p class="issuer">{OFFICE}</p>
                <p class="form-name">{TITLE}</p>
                <dl>
                    <div>
                        <dt>"Nama Aplikasi"</dt>
                        <dd data-test="print-application">{name.clone()}</dd>
                    </div>
                    <div>
                        <dt>"PIC"</dt>
                        <dd>{pic}</dd>
                    </div>
                    <div>
                        <dt>"Periode"</dt>
                        <dd data-test="print-period">{range.label()}</dd>
                    </div>
                </dl>
            </header>
            <table class="official-table" data-test="print-table">
                <colgroup>
                    <col class="c-no" />
                    <col class="c-date" />
                    <col class="c-client" />
                    <col class="c-vendor" />
                    <col class="c-progress" />
                    <col class="c-notes" />
                    <col class="c-sign" />
                </colgroup>
                <thead>
                    <tr>{COLUMNS.iter().map(|c| view! { <th scope="col">{*c}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
            {(count == 0).then(|| view! { <p class="empty">{l.t("Tidak ada baris pada periode ini.")}</p> })}
        </article>
    }
}
