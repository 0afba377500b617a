//! An application's page: the form's title block, the meeting timeline, the form's table, and
//! the form that adds and edits a row.

use crate::agency::Agency;
use crate::application::{get_application_log, ApplicationLog, ScheduledMeeting};
use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::date::{date_in_wib, format_instant, format_numeric, format_short, format_time};
use crate::error::AppError;
use crate::ids::ApplicationId;
use crate::meeting::{Meeting, SaveMeeting};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<ApplicationId>().ok())));
    let editing = Memo::new(move |_| query.with(|q| q.get("ubah").and_then(|s| s.parse::<i64>().ok())));
    let save = ServerAction::<SaveMeeting>::new();
    // The log is read again after each successful save, not after a refused one, so that a
    // refused form keeps what was typed.
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(_)) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    // The row form is updated in place when the page re-renders, and a field the user typed in
    // keeps its text over a new default; after a save or a switch of the row being edited, the
    // form is reset so that it shows its new defaults.
    Effect::new(move |seen: Option<(Option<i64>, u32)>| {
        let now = (editing.get(), saved.get());
        if seen.is_some_and(|seen| seen != now) {
            reset_form(ROW_FORM_ID);
        }
        now
    });
    let log = Resource::new(
        move || (id.get(), saved.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_application_log(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let l = crate::locale::use_locale();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) => {
                        view! { <ApplicationView log editing=editing.get() save /> }.into_any()
                    }
                    Err(error) => {
                        view! {
                            <Title text=l.t("Aplikasi") />
                            <h1>{l.t("Aplikasi")}</h1>
                            <ErrorBox error />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

const ROW_FORM_ID: &str = "baris-form";

/// Puts a form's fields back to their defaults (browser only).
fn reset_form(id: &str) {
    use leptos::wasm_bindgen::JsCast;
    let form = document().get_element_by_id(id).and_then(|e| e.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        form.reset();
    }
}

#[component]
fn ApplicationView(log: ApplicationLog, editing: Option<i64>, save: ServerAction<SaveMeeting>) -> impl IntoView {
    let ApplicationLog { application, meetings, agencies, scheduled, can_edit, reads_audit, .. } = log;
    let edited = editing.and_then(|id| meetings.iter().find(|m| m.id.0 == id).cloned());
    let last = meetings.iter().max_by_key(|m| (m.date, m.no)).cloned();
    let timeline = meetings.iter().rev().cloned().map(|m| view! { <TimelineItem meeting=m /> }).collect_view();
    let table_rows = meetings
        .iter()
        .cloned()
        .map(|m| view! { <FormRow meeting=m application=application.id can_edit /> })
        .collect_view();
    let count = meetings.len();
    let l = crate::locale::use_locale();
    view! {
        <Title text=application.name.clone() />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            <A href="/">{l.t("Dasbor")}</A>
            " / "
            <span aria-current="page">{application.name.clone()}</span>
        </nav>
        <section class="card title-block" aria-labelledby="judul-aplikasi">
            <p class="issuer">"Dinas Komunikasi dan Informatika Pemerintah Kota Madiun"</p>
            <p class="form-name">"FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-Dinkominfo-020)"</p>
            <dl class="title-fields">
                <div>
                    <dt>"Nama Aplikasi"</dt>
                    <dd>
                        <h1 id="judul-aplikasi">{application.name.clone()}</h1>
                    </dd>
                </div>
                <div>
                    <dt>"PIC"</dt>
                    <dd data-test="pic">{application.pic_name.clone()}</dd>
                </div>
                <div>
                    <dt>"OPD"</dt>
                    <dd>{format!("{} ({})", application.agency.name, application.agency.abbreviation)}</dd>
                </div>
                <div>
                    <dt>"Pihak Ketiga"</dt>
                    <dd>{application.vendor.name.clone()}</dd>
                </div>
                <div>
                    <dt>"Status"</dt>
                    <dd>{application.status.label()}</dd>
                </div>
            </dl>
            <p class="title-links">
                <A href=format!("/aplikasi/{}/cetak", application.id)>{l.t("Cetak formulir")}</A>
                " · "
                <a href=format!("/aplikasi/{}/unduh/pdf", application.id)>"PDF"</a>
                " · "
                <a href=format!("/aplikasi/{}/unduh/xlsx", application.id)>"XLSX"</a>
                " · "
                <a href=format!("/aplikasi/{}/unduh/csv", application.id)>"CSV"</a>
                {reads_audit
                    .then(|| {
                        view! {
                            " · "
                            <A href=format!("/aplikasi/{}/jejak", application.id)>{l.t("Jejak audit")}</A>
                        }
                    })}
            </p>
        </section>
        <ScheduledList application=application.id scheduled can_schedule=can_edit />
        <div class="two-columns">
            <section class="card" aria-labelledby="linimasa-judul">
                <h2 id="linimasa-judul">{format!("{} ({count})", l.t("Linimasa pertemuan"))}</h2>
                {if count == 0 {
                    view! { <p class="empty">{l.t("Belum ada pertemuan.")}</p> }.into_any()
                } else {
                    view! {
                        <ol class="timeline" data-test="timeline">
                            {timeline}
                        </ol>
                    }
                        .into_any()
                }}
            </section>
            {can_edit
                .then(|| {
                    view! {
                        <section class="card" aria-labelledby="baris-judul">
                            <RowForm
                                application=application.id
                                default_agency=application.agency.id.0
                                agencies
                                edited
                                last
                                save
                            />
                        </section>
                    }
                })}
        </div>
        <section class="card" aria-labelledby="tabel-judul">
            <h2 id="tabel-judul">{l.t("Formulir log progress")}</h2>
            <div class="table-wrap">
                <table class="data form-table" data-test="form-table">
                    <thead>
                        <tr>
                            <th scope="col" class="num">
                                "No"
                            </th>
                            <th scope="col">"Tanggal Pertemuan"</th>
                            <th scope="col">"Nama Klien (OPD)"</th>
                            <th scope="col">"Pihak Ketiga"</th>
                            <th scope="col">"Deskripsi Laporan Progress"</th>
                            <th scope="col">"Catatan"</th>
                            <th scope="col">"TTD Kasie"</th>
                            <th scope="col">
                                <span class="visually-hidden">{l.t("Tindakan")}</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn ScheduledList(application: ApplicationId, scheduled: Vec<ScheduledMeeting>, can_schedule: bool) -> impl IntoView {
    let l = crate::locale::use_locale();
    let items = scheduled
        .into_iter()
        .map(|m| {
            let status = if m.cancelled {
                l.t("Dibatalkan").to_string()
            } else {
                m.next.map(|s| l.fill("Menunggu: {}", &[&l.t(s.label())])).unwrap_or_default()
            };
            view! {
                <li data-test="scheduled-meeting" class:cancelled=m.cancelled>
                    <a href=format!("/pertemuan/{}", m.id)>
                        {format!("{}, {} WIB", l.long_date(date_in_wib(m.starts_at)), format_time(m.starts_at))}
                    </a>
                    <span class="muted">{format!(" · {} · {status}", m.place)}</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="jadwal-judul">
            <h2 id="jadwal-judul">{l.t("Pertemuan terjadwal")}</h2>
            <ul class="plain">{items}</ul>
            {can_schedule
                .then(|| {
                    view! {
                        <p>
                            <a class="button" href=format!("/pertemuan/baru?aplikasi={application}")>
                                {l.t("Jadwalkan pertemuan")}
                            </a>
                        </p>
                    }
                })}
        </section>
    }
}

#[component]
fn TimelineItem(meeting: Meeting) -> impl IntoView {
    let l = crate::locale::use_locale();
    let no = meeting.no.map(|n| format!("No {n}")).unwrap_or_else(|| l.t("Belum bernomor").into());
    view! {
        <li data-test="timeline-item">
            <time datetime=meeting.date.to_string()>{l.long_date(meeting.date)}</time>
            <span class="muted">{format!(" · {no} · {}", meeting.client_label())}</span>
            <p class="progress">{meeting.progress.clone()}</p>
            {(!meeting.notes.is_empty())
                .then(|| {
                    view! {
                        <p class="notes">
                            <strong>{l.t("Catatan: ")}</strong>
                            {meeting.notes.clone()}
                        </p>
                    }
                })}
            <p class="sign">
                {if meeting.signed {
                    view! { <span class="badge badge-ok">{l.t("Ditandatangani Kasi")}</span> }.into_any()
                } else {
                    view! { <span class="badge badge-wait">{l.t("Menunggu tanda tangan Kasi")}</span> }.into_any()
                }}
            </p>
        </li>
    }
}

/// TTD Kasie as the form shows it: the signer, when, and the start of the fingerprint.
pub fn signature_text(meeting: &Meeting) -> String {
    match (&meeting.signer_name, meeting.signed_at, &meeting.fingerprint) {
        (Some(name), Some(at), Some(fp)) if meeting.signed => {
            format!("{name}, {} (SHA-256 {})", format_instant(at), crate::signoff::short_fingerprint(fp))
        }
        _ if meeting.signed => "ttd".to_string(),
        _ => String::new(),
    }
}

#[component]
fn FormRow(meeting: Meeting, application: ApplicationId, can_edit: bool) -> impl IntoView {
    let l = crate::locale::use_locale();
    let edit_href = format!("/aplikasi/{application}?ubah={}#baris-judul", meeting.id);
    let edit_label = match meeting.no {
        Some(no) => l.fill("Ubah baris No {}", &[&no]),
        None => l.t("Ubah baris yang belum bernomor").to_string(),
    };
    view! {
        <tr data-test="form-row">
            <td class="num">
                <a href=format!("/pertemuan/{}", meeting.id) aria-label=l.fill("Pertemuan baris No {}", &[&meeting.no.unwrap_or_default()])>
                    {meeting.no.map(|n| n.to_string()).unwrap_or_default()}
                </a>
            </td>
            <td>
                <time datetime=meeting.date.to_string() title=format_numeric(meeting.date)>
                    {format_short(meeting.date)}
                </time>
            </td>
            <td>{meeting.client_label()}</td>
            <td>{meeting.vendor_name.clone()}</td>
            <td class="text">{meeting.progress.clone()}</td>
            <td class="text">{meeting.notes.clone()}</td>
            <td class="ttd" data-test="ttd">{signature_text(&meeting)}</td>
            <td>
                {(can_edit && !meeting.signed)
                    .then(|| {
                        view! {
                            <a href=edit_href aria-label=edit_label>
                                {l.t("Ubah")}
                            </a>
                        }
                    })}
            </td>
        </tr>
    }
}

#[component]
fn RowForm(
    application: ApplicationId,
    default_agency: i64,
    agencies: Vec<Agency>,
    edited: Option<Meeting>,
    last: Option<Meeting>,
    save: ServerAction<SaveMeeting>,
) -> impl IntoView {
    let l = crate::locale::use_locale();
    let message = move |field: &'static str| {
        Signal::derive(move || save.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()?.message_for(field))))
    };
    let general = Signal::derive(move || {
        save.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().and_then(AppError::general_message)))
    });
    let success = Signal::derive(move || {
        save.value().with(|v| match v {
            Some(Ok(row)) => Some(l.fill("Baris No {} tersimpan.", &[&row.no])),
            _ => None,
        })
    });
    let pending = save.pending();
    let is_edit = edited.is_some();
    let navigate = use_navigate();
    // After an edit is saved, leave edit mode. Only a save made while this form is shown counts.
    Effect::new(move |seen: Option<usize>| {
        let version = save.version().get();
        let saved_now = seen.is_some_and(|seen| seen != version);
        if is_edit && saved_now && save.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
            navigate(&format!("/aplikasi/{application}"), Default::default());
        }
        version
    });
    let (tanggal, klien, opd, progress, catatan) = match &edited {
        Some(m) => (format_numeric(m.date), m.client_name.clone(), m.agency_id.0, m.progress.clone(), m.notes.clone()),
        None => (
            String::new(),
            last.as_ref().map(|m| m.client_name.clone()).unwrap_or_default(),
            last.as_ref().map(|m| m.agency_id.0).unwrap_or(default_agency),
            String::new(),
            String::new(),
        ),
    };
    let heading = match &edited {
        Some(m) => l.fill("Ubah baris No {}", &[&m.no.unwrap_or_default()]),
        None => l.t("Tambah baris").to_string(),
    };
    let options = agencies
        .into_iter()
        .map(|a| {
            view! {
                <option value=a.id.to_string() selected=a.id.0 == opd>
                    {format!("{} ({})", a.name, a.abbreviation)}
                </option>
            }
        })
        .collect_view();
    let described = |field: &str, has_error: bool| has_error.then(|| format!("{field}-pesan"));
    view! {
        <h2 id="baris-judul">{heading}</h2>
        <ActionForm action=save attr:id=ROW_FORM_ID>
            <div class="form-grid">
                <input type="hidden" name="row[application]" value=application.to_string() />
                <input
                    type="hidden"
                    name="row[meeting]"
                    value=edited.as_ref().map(|m| m.id.to_string()).unwrap_or_default()
                />
                <div class="field">
                    <label for="tanggal">{l.t("Tanggal Pertemuan")}</label>
                    <input
                        id="tanggal"
                        name="row[tanggal]"
                        type="text"
                        inputmode="numeric"
                        placeholder="dd/mm/yyyy"
                        autocomplete="off"
                        value=tanggal
                        aria-invalid=move || message("tanggal").get().is_some().to_string()
                        aria-describedby=move || described("tanggal", message("tanggal").get().is_some())
                    />
                    <p class="hint">{l.t("Contoh: 25/02/2025 atau 25 Februari 2025")}</p>
                    <FieldMessage id="tanggal-pesan" message=message("tanggal") />
                </div>
                <div class="field">
                    <label for="klien">{l.t("Nama klien")}</label>
                    <input
                        id="klien"
                        name="row[klien]"
                        type="text"
                        value=klien
                        aria-invalid=move || message("klien").get().is_some().to_string()
                        aria-describedby=move || described("klien", message("klien").get().is_some())
                    />
                    <FieldMessage id="klien-pesan" message=message("klien") />
                </div>
                <div class="field">
                    <label for="opd">{l.t("OPD klien")}</label>
                    <select id="opd" name="row[opd]">
                        {options}
                    </select>
                    <FieldMessage id="opd-pesan" message=message("opd") />
                </div>
                <div class="field wide">
                    <label for="progress">{l.t("Deskripsi Laporan Progress")}</label>
                    <textarea
                        id="progress"
                        name="row[progress]"
                        rows="4"
                        aria-invalid=move || message("progress").get().is_some().to_string()
                        aria-describedby=move || described("progress", message("progress").get().is_some())
                    >
                        {progress}
                    </textarea>
                    <FieldMessage id="progress-pesan" message=message("progress") />
                </div>
                <div class="field wide">
                    <label for="catatan">{l.t("Catatan")}</label>
                    <textarea id="catatan" name="row[catatan]" rows="3">
                        {catatan}
                    </textarea>
                    <FieldMessage id="catatan-pesan" message=message("catatan") />
                </div>
                <div class="field wide actions">
                    <button type="submit" class="button" disabled=move || pending.get() data-test="save-row">
                        {move || if pending.get() { l.t("Menyimpan…") } else { l.t("Simpan baris") }}
                    </button>
                    {is_edit.then(|| view! { <A href=format!("/aplikasi/{application}")>{l.t("Batal")}</A> })}
                    <p class="form-status" role="status" aria-live="polite">
                        {move || success.get()}
                        {move || general.get().map(|m| view! { <span class="field-error">{m}</span> })}
                    </p>
                </div>
            </div>
        </ActionForm>
    }
}
