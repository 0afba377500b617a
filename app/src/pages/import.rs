//! The import pages: upload sheets, see what they would change, then import them.

use crate::components::{ErrorBox, Loading};
use crate::error::AppError;
use crate::import::{preview_upload, ApplyUpload, ImportIssue, ImportReport, SheetSummary};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

/// Why an upload was sent back, by the code the upload handler puts in `?galat=`.
pub fn upload_problem(code: &str) -> &'static str {
    match code {
        "besar" => "Berkas terlalu besar: paling besar 20 MB untuk seluruh unggahan.",
        "kosong" => "Pilih minimal satu berkas .xlsx atau .csv.",
        "terputus" => "Unggahan tidak terbaca utuh; coba unggah ulang.",
        _ => "Unggahan tidak dapat disimpan karena kesalahan server; coba lagi.",
    }
}

/// Largest upload accepted, in bytes (all files together).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

#[component]
pub fn ImportPage() -> impl IntoView {
    let viewer = Resource::new(|| (), |_| crate::account::current_user());
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Impor formulir") />
        <h1>{l.t("Impor formulir log progress")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(v)) if v.can_import() => view! { <UploadForm /> }.into_any(),
                    Ok(Some(_)) => view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    Ok(None) => view! { <ErrorBox error=AppError::Unauthenticated /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let query = use_query_map();
    let l = crate::locale::use_locale();
    let problem = move || query.with(|q| q.get("galat")).map(|code| l.t(upload_problem(&code)));
    // The form's own names (Nama Aplikasi, PIC and the columns) stay as the sheets spell them.
    view! {
        <section class="card">
            <p>
                {l.t("Unggah lembar kerja FRM-DINKOMINFO-020 yang selama ini disimpan staf: berkas ")}
                <strong>".xlsx"</strong> {l.t(" (satu lembar per aplikasi) atau ")} <strong>".csv"</strong>
                {l.t(" (dipisah koma atau titik koma). Kepala formulir memuat Nama Aplikasi dan PIC, di atas tabel ")}
                "No | Tanggal Pertemuan | Nama Klien (OPD) | Pihak Ketiga | Deskripsi Laporan Progress | Catatan | TTD Kasie."
            </p>
            <p>
                {l.t("Berkas diperiksa lebih dahulu; tidak ada yang disimpan sebelum Anda menekan ")}
                <em>{l.t("Impor sekarang")}</em> {l.t(". Bila satu baris salah, tidak ada yang diimpor.")}
            </p>
            {move || {
                problem()
                    .map(|p| {
                        view! {
                            <div class="alert alert-error" role="alert">
                                <p>{p}</p>
                            </div>
                        }
                    })
            }}
            <form method="post" action="/impor/unggah" enctype="multipart/form-data" class="upload" data-test="upload-form">
                <div class="field">
                    <label for="berkas">{l.t("Berkas formulir (.xlsx atau .csv, paling besar 20 MB)")}</label>
                    <input id="berkas" name="berkas" type="file" accept=".xlsx,.csv,text/csv" multiple required />
                </div>
                <button type="submit" class="button">
                    {l.t("Unggah dan periksa")}
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let batch = move || params.with(|p| p.get("batch").unwrap_or_default());
    let apply = ServerAction::<ApplyUpload>::new();
    let preview = Resource::new(batch, preview_upload);
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Periksa impor") />
        <h1>{l.t("Periksa sebelum impor")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(report) => view! { <PreviewView report batch=batch() apply /> }.into_any(),
                    Err(AppError::NotFound) => {
                        view! {
                            <div class="alert" role="status">
                                <p>{l.t("Unggahan ini sudah diimpor atau sudah kedaluwarsa.")}</p>
                                <p>
                                    <A href="/impor">{l.t("Unggah berkas lain")}</A>
                                    " · "
                                    <A href="/">{l.t("Ke dasbor")}</A>
                                </p>
                            </div>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn PreviewView(report: ImportReport, batch: String, apply: ServerAction<ApplyUpload>) -> impl IntoView {
    let pending = apply.pending();
    let clean = report.is_clean();
    let changes = report.has_changes();
    let issues = report.issues.clone();
    let l = crate::locale::use_locale();
    let decision = move || {
        if let Some(outcome) = apply.value().get() {
            return match outcome {
                Ok(done) if done.applied => view! { <ImportResult report=done /> }.into_any(),
                Ok(refused) => view! { <IssueList issues=refused.issues /> }.into_any(),
                Err(error) => view! { <ErrorBox error /> }.into_any(),
            };
        }
        if !clean {
            view! {
                <div class="alert alert-error" role="alert">
                    <p>
                        <strong>{l.t("Tidak ada yang diimpor.")}</strong>
                        {l.fill(" {} masalah ditemukan; perbaiki berkas lalu unggah ulang.", &[&issues.len()])}
                    </p>
                </div>
                <IssueList issues=issues.clone() />
                <p>
                    <A href="/impor">{l.t("Unggah ulang")}</A>
                </p>
            }
            .into_any()
        } else if !changes {
            view! {
                <div class="alert" role="status">
                    <p>{l.t("Semua baris sudah ada di Pendamping; impor tidak akan mengubah apa pun.")}</p>
                </div>
            }
            .into_any()
        } else {
            let batch = batch.clone();
            view! {
                <ActionForm action=apply>
                    <input type="hidden" name="batch" value=batch />
                    <button type="submit" class="button" disabled=move || pending.get() data-test="apply-import">
                        {move || if pending.get() { l.t("Mengimpor…") } else { l.t("Impor sekarang") }}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <section class="card">
            <h2>{l.t("Ringkasan")}</h2>
            <p data-test="import-summary">
                {l.fill(
                    "{} aplikasi baru, {} baris baru, {} baris diubah, {} baris sudah ada.",
                    &[&report.new_applications(), &report.rows_new(), &report.rows_changed(), &report.rows_unchanged()],
                )}
            </p>
            <SheetTable sheets=report.sheets.clone() />
            {(!report.surveys.is_empty())
                .then(|| {
                    let lines = report
                        .surveys
                        .iter()
                        .map(|s| {
                            view! {
                                <li data-test="survey-summary">
                                    {l.fill(
                                        "{}: {} jawaban survei baru, {} diubah, {} sudah ada",
                                        &[&s.file, &s.responses_new, &s.responses_changed, &s.responses_unchanged],
                                    )}
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="plain">{lines}</ul> }
                })}
        </section>
        <section class="card">{decision}</section>
    }
}

#[component]
fn SheetTable(sheets: Vec<SheetSummary>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let rows = sheets
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.file}</td>
                    <td>{s.sheet}</td>
                    <td>
                        {s.application}
                        {s.new_application.then(|| view! { <span class="badge badge-new">{l.t("baru")}</span> })}
                    </td>
                    <td>{s.pic}</td>
                    <td class="num">{s.rows_new}</td>
                    <td class="num">{s.rows_changed}</td>
                    <td class="num">{s.rows_unchanged}</td>
                    <td>{s.new_vendors.join(", ")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{l.t("Berkas")}</th>
                        <th scope="col">{l.t("Lembar")}</th>
                        <th scope="col">{l.t("Aplikasi")}</th>
                        <th scope="col">{l.t("PIC")}</th>
                        <th scope="col" class="num">
                            {l.t("Baris baru")}
                        </th>
                        <th scope="col" class="num">
                            {l.t("Diubah")}
                        </th>
                        <th scope="col" class="num">
                            {l.t("Sudah ada")}
                        </th>
                        <th scope="col">{l.t("Pihak ketiga baru")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn IssueList(issues: Vec<ImportIssue>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let rows = issues
        .into_iter()
        .map(|i| {
            view! {
                <tr data-test="import-issue">
                    <td>{i.sheet}</td>
                    <td class="num">{i.row.map(|r| r.to_string()).unwrap_or_else(|| "–".into())}</td>
                    <td>{i.column.unwrap_or_else(|| "–".into())}</td>
                    <td>{i.message}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data issues">
                <caption>{l.t("Masalah pada berkas")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{l.t("Lembar")}</th>
                        <th scope="col" class="num">
                            {l.t("Baris")}
                        </th>
                        <th scope="col">{l.t("Kolom")}</th>
                        <th scope="col">{l.t("Masalah")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ImportResult(report: ImportReport) -> impl IntoView {
    let l = crate::locale::use_locale();
    view! {
        <div class="alert alert-ok" role="status" data-test="import-done">
            <p>
                <strong>{l.t("Impor selesai. ")}</strong>
                {l.fill(
                    "{} aplikasi baru, {} baris baru, {} baris diubah.",
                    &[&report.new_applications(), &report.rows_new(), &report.rows_changed()],
                )}
            </p>
            <p>
                <A href="/">{l.t("Lihat dasbor")}</A>
            </p>
        </div>
    }
}

/// Where a browser without the app's script lands after importing.
#[component]
pub fn ImportDonePage() -> impl IntoView {
    let query = use_query_map();
    let number = move |key: &str| query.with(|q| q.get(key).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0));
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Impor selesai") />
        <h1>{l.t("Impor selesai")}</h1>
        <div class="alert alert-ok" role="status" data-test="import-done">
            <p>
                {move || {
                    l.fill(
                        "{} aplikasi baru, {} baris baru, {} baris diubah.",
                        &[&number("aplikasi"), &number("baris"), &number("diubah")],
                    )
                }}
            </p>
            <p>
                <A href="/">{l.t("Lihat dasbor")}</A>
            </p>
        </div>
    }
}
