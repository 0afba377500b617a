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
    view! {
        <Title text="Impor formulir" />
        <h1>"Impor formulir log progress"</h1>
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
    let problem = move || query.with(|q| q.get("galat")).map(|code| upload_problem(&code));
    view! {
        <section class="card">
            <p>
                "Unggah lembar kerja FRM-DINKOMINFO-020 yang selama ini disimpan staf: berkas "
                <strong>".xlsx"</strong> " (satu lembar per aplikasi) atau " <strong>".csv"</strong>
                " (dipisah koma atau titik koma). Kepala formulir memuat Nama Aplikasi dan PIC, di atas tabel "
                "No | Tanggal Pertemuan | Nama Klien (OPD) | Pihak Ketiga | Deskripsi Laporan Progress | Catatan | TTD Kasie."
            </p>
            <p>
                "Berkas diperiksa lebih dahulu; tidak ada yang disimpan sebelum Anda menekan "
                <em>"Impor sekarang"</em> ". Bila satu baris salah, tidak ada yang diimpor."
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
                    <label for="berkas">"Berkas formulir (.xlsx atau .csv, paling besar 20 MB)"</label>
                    <input id="berkas" name="berkas" type="file" accept=".xlsx,.csv,text/csv" multiple required />
                </div>
                <button type="submit" class="button">
                    "Unggah dan periksa"
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
    view! {
        <Title text="Periksa impor" />
        <h1>"Periksa sebelum impor"</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(report) => view! { <PreviewView report batch=batch() apply /> }.into_any(),
                    Err(AppError::NotFound) => {
                        view! {
                            <div class="alert" role="status">
                                <p>"Unggahan ini sudah diimpor atau sudah kedaluwarsa."</p>
                                <p>
                                    <A href="/impor">"Unggah berkas lain"</A>
                                    " · "
                                    <A href="/">"Ke dasbor"</A>
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
                        <strong>"Tidak ada yang diimpor."</strong>
                        {format!(" {} masalah ditemukan; perbaiki berkas lalu unggah ulang.", issues.len())}
                    </p>
                </div>
                <IssueList issues=issues.clone() />
                <p>
                    <A href="/impor">"Unggah ulang"</A>
                </p>
            }
            .into_any()
        } else if !changes {
            view! {
                <div class="alert" role="status">
                    <p>"Semua baris sudah ada di Pendamping; impor tidak akan mengubah apa pun."</p>
                </div>
            }
            .into_any()
        } else {
            let batch = batch.clone();
            view! {
                <ActionForm action=apply>
                    <input type="hidden" name="batch" value=batch />
                    <button type="submit" class="button" disabled=move || pending.get() data-test="apply-import">
                        {move || if pending.get() { "Mengimpor…" } else { "Impor sekarang" }}
                    </button>
                </ActionForm>
            }
            .into_any()
        }
    };
    view! {
        <section class="card">
            <h2>"Ringkasan"</h2>
            <p data-test="import-summary">
                {format!(
                    "{} aplikasi baru, {} baris baru, {} baris diubah, {} baris sudah ada.",
                    report.new_applications(),
                    report.rows_new(),
                    report.rows_changed(),
                    report.rows_unchanged(),
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
                                    {format!(
                                        "{}: {} jawaban survei baru, {} diubah, {} sudah ada",
                                        s.file,
                                        s.responses_new,
                                        s.responses_changed,
                                        s.responses_unchanged,
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
    let rows = sheets
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <td>{s.file}</td>
                    <td>{s.sheet}</td>
                    <td>
                        {s.application}
                        {s.new_application.then(|| view! { <span class="badge badge-new">"baru"</span> })}
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
                        <th scope="col">"Berkas"</th>
                        <th scope="col">"Lembar"</th>
                        <th scope="col">"Aplikasi"</th>
                        <th scope="col">"PIC"</th>
                        <th scope="col" class="num">
                            "Baris baru"
                        </th>
                        <th scope="col" class="num">
                            "Diubah"
                        </th>
                        <th scope="col" class="num">
                            "Sudah ada"
                        </th>
                        <th scope="col">"Pihak ketiga baru"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn IssueList(issues: Vec<ImportIssue>) -> impl IntoView {
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
                <caption>"Masalah pada berkas"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Lembar"</th>
                        <th scope="col" class="num">
                            "Baris"
                        </th>
                        <th scope="col">"Kolom"</th>
                        <th scope="col">"Masalah"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ImportResult(report: ImportReport) -> impl IntoView {
    view! {
        <div class="alert alert-ok" role="status" data-test="import-done">
            <p>
                <strong>"Impor selesai. "</strong>
                {format!(
                    "{} aplikasi baru, {} baris baru, {} baris diubah.",
                    report.new_applications(),
                    report.rows_new(),
                    report.rows_changed(),
                )}
            </p>
            <p>
                <A href="/">"Lihat dasbor"</A>
            </p>
        </div>
    }
}

/// Where a browser without the app's script lands after importing.
#[component]
pub fn ImportDonePage() -> impl IntoView {
    let query = use_query_map();
    let number = move |key: &str| query.with(|q| q.get(key).and_then(|v| v.parse::<usize>().ok()).unwrap_or(0));
    view! {
        <Title text="Impor selesai" />
        <h1>"Impor selesai"</h1>
        <div class="alert alert-ok" role="status" data-test="import-done">
            <p>
                {move || {
                    format!(
                        "{} aplikasi baru, {} baris baru, {} baris diubah.",
                        number("aplikasi"),
                        number("baris"),
                        number("diubah"),
                    )
                }}
            </p>
            <p>
                <A href="/">"Lihat dasbor"</A>
            </p>
        </div>
    }
}
