//! A meeting's page: its eight steps as a timeline, and the form of the step the viewer may
//! do now.

use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::date::{format_instant, format_time};
use crate::error::AppError;
use crate::ids::MeetingId;
use crate::schedule::{CancelMeeting, MoveMeeting};
use crate::signoff::{short_fingerprint, SignMeeting, StartCorrection};
use crate::step::Step;
use crate::ticket::{compose_reply, ReplyTicket};
use crate::workflow::{
    feature_status_label, get_meeting, DeliverMeeting, DocumentMeeting, MeetingView, SaveNotes, SaveReport, SaveReview,
    FEATURE_STATUSES,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

/// The message of a refused step form for one field, or for none.
fn message<T, V>(value: V, field: &'static str) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| {
            let error = v.as_ref()?.as_ref().err()?;
            if field.is_empty() {
                error.general_message()
            } else {
                error.message_for(field)
            }
        })
    })
}

/// The actions of the page; the meeting is read again after any of them succeeds.
#[derive(Clone, Copy)]
struct Actions {
    report: ServerAction<SaveReport>,
    review: ServerAction<SaveReview>,
    notes: ServerAction<SaveNotes>,
    document: ServerAction<DocumentMeeting>,
    deliver: ServerAction<DeliverMeeting>,
    sign: ServerAction<SignMeeting>,
    reply: ServerAction<ReplyTicket>,
    correct: ServerAction<StartCorrection>,
    moved: ServerAction<MoveMeeting>,
    cancel: ServerAction<CancelMeeting>,
}

impl Actions {
    fn new() -> Actions {
        Actions {
            report: ServerAction::new(),
            review: ServerAction::new(),
            notes: ServerAction::new(),
            document: ServerAction::new(),
            deliver: ServerAction::new(),
            sign: ServerAction::new(),
            reply: ServerAction::new(),
            correct: ServerAction::new(),
            moved: ServerAction::new(),
            cancel: ServerAction::new(),
        }
    }

    /// Counts the actions that succeeded, so the page knows when to read the meeting again.
    fn successes(&self) -> usize {
        fn ok<T: Send + Sync + 'static, V: With<Value = Option<Result<T, AppError>>>>(v: V) -> usize {
            v.with(|v| matches!(v, Some(Ok(_))) as usize)
        }
        let versions = [
            self.report.version().get() * ok(self.report.value()),
            self.review.version().get() * ok(self.review.value()),
            self.notes.version().get() * ok(self.notes.value()),
            self.document.version().get() * ok(self.document.value()),
            self.deliver.version().get() * ok(self.deliver.value()),
            self.sign.version().get() * ok(self.sign.value()),
            self.reply.version().get() * ok(self.reply.value()),
            self.moved.version().get() * ok(self.moved.value()),
            self.cancel.version().get() * ok(self.cancel.value()),
        ];
        versions.iter().sum()
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<MeetingId>().ok())));
    let actions = Actions::new();
    let successes = Memo::new(move |_| actions.successes());
    let data = Resource::new(
        move || (id.get(), successes.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_meeting(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // A correction is edited with the row form of the application's page.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(Ok(view))) = (actions.correct.value().get(), data.get_untracked()) {
            navigate(&format!("/aplikasi/{}?ubah={}#baris-judul", view.application, view.id), Default::default());
        }
    });
    let l = crate::locale::use_locale();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(view) => view! { <MeetingView view actions /> }.into_any(),
                    Err(error) => {
                        view! {
                            <Title text=l.singular("Pertemuan") />
                            <h1>{l.singular("Pertemuan")}</h1>
                            <ErrorBox error />
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn MeetingView(view: MeetingView, actions: Actions) -> impl IntoView {
    let l = crate::locale::use_locale();
    let title = l.fill("Pertemuan {} — {}", &[&l.long_date(view.date), &view.application_name]);
    let when = match view.starts_at {
        Some(start) => l.fill("{}, pukul {} WIB", &[&l.long_date(view.date), &format_time(start)]),
        None => l.long_date(view.date),
    };
    let status = if view.cancelled_at.is_some() {
        l.fill("Dibatalkan: {}", &[&view.cancel_reason.clone().unwrap_or_default()])
    } else if let Some(next) = view.progress_steps.next() {
        l.fill("Menunggu langkah {}: {} ({})", &[&next.number(), &l.t(next.label()), &l.t(next.actor())])
    } else {
        l.t("Kedelapan langkah selesai").to_string()
    };
    let channel = view.channel.clone().map(|c| if c == "email" { l.t("E-mail") } else { l.t("Telepon") });
    let heading = l.fill("Pertemuan {}", &[&view.application_name]);
    let app_name = view.application_name.clone();
    view! {
        <Title text=title />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            <A href="/">{l.t("Dasbor")}</A>
            " / "
            <A href=format!("/aplikasi/{}", view.application)>{app_name}</A>
            " / "
            <span aria-current="page">{l.singular("Pertemuan")}</span>
        </nav>
        <section class="card">
            <h1>{heading}</h1>
            <dl class="title-fields">
                <div>
                    <dt>{l.t("Waktu")}</dt>
                    <dd data-test="meeting-when">{when}</dd>
                </div>
                <div>
                    <dt>{l.t("Tempat")}</dt>
                    <dd>{view.place.clone().unwrap_or_else(|| "–".into())}</dd>
                </div>
                <div>
                    <dt>{l.t("Durasi")}</dt>
                    <dd>{view.duration.map(|d| l.fill("{} menit", &[&d])).unwrap_or_else(|| "–".into())}</dd>
                </div>
                <div>
                    <dt>{l.t("Dihubungi lewat")}</dt>
                    <dd>{channel.unwrap_or("–")}</dd>
                </div>
                <div>
                    <dt>{l.t("Klien (OPD)")}</dt>
                    <dd>{format!("{} ({})", view.client_name, view.agency_name)}</dd>
                </div>
                <div>
                    <dt>{l.t("Pihak Ketiga")}</dt>
                    <dd>{view.vendor_name.clone()}</dd>
                </div>
                <div>
                    <dt>{l.t("Baris formulir")}</dt>
                    <dd data-test="meeting-no">
                        {view
                            .no
                            .map(|n| l.fill("No {} (revisi {})", &[&n, &view.revision]))
                            .unwrap_or_else(|| l.t("Belum didokumentasikan").into())}
                    </dd>
                </div>
            </dl>
            <p class="status-line" data-test="meeting-status">
                <strong>{status}</strong>
            </p>
        </section>
        <div class="two-columns">
            <section class="card" aria-labelledby="langkah-judul">
                <h2 id="langkah-judul">{l.t("Langkah SOP-DINKOMINFO-012")}</h2>
                <StepTimeline view=view.clone() />
            </section>
            <div>
                <ActionPanels view=view.clone() actions />
                <MeetingContent view />
            </div>
        </div>
    }
}

#[component]
fn StepTimeline(view: MeetingView) -> impl IntoView {
    let l = crate::locale::use_locale();
    let progress = view.progress_steps.clone();
    let next = progress.next();
    let items = Step::ALL
        .into_iter()
        .map(|step| {
            let record = progress.record(step).cloned();
            let (state, class) = match (&record, Some(step) == next) {
                (Some(_), _) => (l.t("Selesai"), "done"),
                (None, true) => (l.t("Menunggu"), "waiting"),
                (None, false) => (l.t("Belum"), "todo"),
            };
            let detail = record.map(|r| {
                if r.done_at == chrono::DateTime::<chrono::Utc>::UNIX_EPOCH {
                    l.t("dicatat langsung pada formulir").to_string()
                } else {
                    let taken = match r.minutes_taken() {
                        Some(m) => l.fill(
                            "{} mnt (standar ±{} mnt){}",
                            &[
                                &m,
                                &step.standard_minutes(),
                                &if r.over_standard() { l.t(" — melebihi standar") } else { "" },
                            ],
                        ),
                        None => {
                            l.fill("waktu pengerjaan tidak tercatat (standar ±{} mnt)", &[&step.standard_minutes()])
                        }
                    };
                    format!("{} · {} · {taken}", r.user_name, format_instant(r.done_at))
                }
            });
            view! {
                <li class=format!("step step-{class}") data-test="step" data-step=step.number() data-state=class>
                    <span class="step-no" aria-hidden="true">{step.number()}</span>
                    <div>
                        <p class="step-title">
                            {l.t(step.label())} <span class="muted">{format!(" · {}", l.t(step.actor()))}</span>
                        </p>
                        <p class="step-state">
                            <span class=format!("badge badge-{class}")>{state}</span>
                            " "
                            {detail.unwrap_or_else(|| l.fill("standar ±{} mnt", &[&step.standard_minutes()]))}
                        </p>
                    </div>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="steps">{items}</ol> }
}

/// The hidden fields of a one-click step: which meeting, and when its page was opened.
fn step_fields(meeting: String, opened: String) -> impl IntoView {
    view! {
        <input type="hidden" name="step[meeting]" value=meeting />
        <input type="hidden" name="step[dibuka]" value=opened />
    }
}

/// The forms of the steps the viewer may do now.
#[component]
fn ActionPanels(view: MeetingView, actions: Actions) -> impl IntoView {
    let l = crate::locale::use_locale();
    let meeting = view.id.to_string();
    let opened = view.opened_at.to_rfc3339();

    let mut panels: Vec<AnyView> = Vec::new();
    for step in view.can.clone() {
        let panel = match step {
            Step::Report => view! { <ReportPanel view=view.clone() action=actions.report /> }.into_any(),
            Step::Review => view! { <ReviewPanel view=view.clone() action=actions.review /> }.into_any(),
            Step::Notes => view! { <NotesPanel view=view.clone() action=actions.notes /> }.into_any(),
            Step::Document => {
                let action = actions.document;
                let fields = step_fields(meeting.clone(), opened.clone());
                view! {
                    <section class="card action" aria-labelledby="dok-judul">
                        <h2 id="dok-judul">{format!("5. {}", l.t("Dokumentasi FRM-DINKOMINFO-020"))}</h2>
                        <p>
                            {l.t(
                                "Pertemuan menjadi baris berikutnya pada formulir aplikasi ini: laporan pihak ketiga menjadi \
                                 Deskripsi Laporan Progress, catatan baru menjadi Catatan.",
                            )}
                        </p>
                        <ActionForm action>
                            {fields}
                            <button type="submit" class="button" data-test="step-document">
                                {l.t("Dokumentasikan sebagai baris formulir")}
                            </button>
                        </ActionForm>
                        <FieldMessage id="dok-pesan" message=message(action.value(), "") />
                    </section>
                }
                    .into_any()
            }
            Step::Deliver => {
                let action = actions.deliver;
                let fields = step_fields(meeting.clone(), opened.clone());
                view! {
                    <section class="card action" aria-labelledby="kirim-judul">
                        <h2 id="kirim-judul">{format!("6. {}", l.t("Penyampaian ke pihak ketiga"))}</h2>
                        <p>{l.t("Hasil pertemuan tampil bagi pihak ketiga di Pendamping; waktunya dicatat.")}</p>
                        <ActionForm action>
                            {fields}
                            <button type="submit" class="button" data-test="step-deliver">
                                {l.t("Tandai sudah disampaikan")}
                            </button>
                        </ActionForm>
                        <FieldMessage id="kirim-pesan" message=message(action.value(), "") />
                    </section>
                }
                .into_any()
            }
            Step::Sign => {
                let action = actions.sign;
                let fields = step_fields(meeting.clone(), opened.clone());
                view! {
                    <section class="card action" aria-labelledby="ttd-judul">
                        <h2 id="ttd-judul">{format!("7. {}", l.t("Tanda tangan Kasi"))}</h2>
                        <p>
                            {l.t(
                                "Setelah ditandatangani, baris terkunci; koreksi menjadi revisi baru yang perlu ditandatangani lagi.",
                            )}
                        </p>
                        <ActionForm action>
                            {fields}
                            <button type="submit" class="button" data-test="step-sign">
                                {l.t("Tandatangani baris ini")}
                            </button>
                        </ActionForm>
                        <FieldMessage id="ttd-pesan" message=message(action.value(), "") />
                    </section>
                }
                    .into_any()
            }
            Step::Reply => view! { <ReplyPanel view=view.clone() action=actions.reply /> }.into_any(),
            Step::Schedule => ().into_any(),
        };
        panels.push(panel);
    }
    let correct = view.can_correct.then(|| {
        let action = actions.correct;
        let fields = step_fields(meeting.clone(), opened.clone());
        view! {
            <section class="card action" aria-labelledby="koreksi-judul">
                <h2 id="koreksi-judul">{l.t("Koreksi baris")}</h2>
                <p>{l.t("Baris yang ditandatangani tetap tersimpan dan dapat dibaca; koreksi dibuat sebagai revisi baru.")}</p>
                <ActionForm action>
                    {fields}
                    <button type="submit" class="button" data-test="start-correction">
                        {l.t("Buat revisi baru")}
                    </button>
                </ActionForm>
                <FieldMessage id="koreksi-pesan" message=message(action.value(), "") />
            </section>
        }
    });
    let reschedule = view.can_reschedule.then(|| view! { <ReschedulePanel view=view.clone() actions /> });
    view! {
        {panels}
        {correct}
        {reschedule}
    }
}

#[component]
fn ReportPanel(view: MeetingView, action: ServerAction<SaveReport>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let features = view
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let id = format!("fitur-{}", f.id);
            let options = FEATURE_STATUSES
                .iter()
                .map(|(key, label)| {
                    view! {
                        <option value=format!("{}:{key}", f.id) selected=f.status == *key>
                            {l.t(label)}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field inline">
                    <label for=id.clone()>{f.name.clone()}</label>
                    <select id=id name=format!("report[fitur][{i}]")>
                        {options}
                    </select>
                </div>
            }
        })
        .collect_view();
    view! {
        <section class="card action" aria-labelledby="lap-judul">
            <h2 id="lap-judul">{format!("2. {}", l.t("Laporan progres pihak ketiga"))}</h2>
            <ActionForm action>
                <input type="hidden" name="report[meeting]" value=view.id.to_string() />
                <input type="hidden" name="report[dibuka]" value=view.opened_at.to_rfc3339() />
                <div class="field">
                    <label for="laporan">{l.t("Laporan progres")}</label>
                    <textarea id="laporan" name="report[laporan]" rows="5">
                        {view.report.clone().unwrap_or_default()}
                    </textarea>
                    <FieldMessage id="laporan-pesan" message=message(action.value(), "laporan") />
                </div>
                <fieldset class="field">
                    <legend>{l.t("Fitur aplikasi")}</legend>
                    {features}
                    <label for="fitur-baru">{l.t("Fitur baru (satu per baris)")}</label>
                    <textarea id="fitur-baru" name="report[fitur_baru]" rows="2"></textarea>
                </fieldset>
                <button type="submit" class="button" data-test="step-report">
                    {l.t("Simpan laporan")}
                </button>
                <FieldMessage id="lap-pesan" message=message(action.value(), "") />
            </ActionForm>
        </section>
    }
}

#[component]
fn ReviewPanel(view: MeetingView, action: ServerAction<SaveReview>) -> impl IntoView {
    let l = crate::locale::use_locale();
    view! {
        <section class="card action" aria-labelledby="tinjau-judul">
            <h2 id="tinjau-judul">{format!("3. {}", l.t("Tinjauan progres"))}</h2>
            <ActionForm action>
                <input type="hidden" name="review[meeting]" value=view.id.to_string() />
                <input type="hidden" name="review[dibuka]" value=view.opened_at.to_rfc3339() />
                <div class="field">
                    <label for="tinjauan">{l.t("Tinjauan OPD dan PIC")}</label>
                    <textarea id="tinjauan" name="review[tinjauan]" rows="4">
                        {view.review.clone().unwrap_or_default()}
                    </textarea>
                    <FieldMessage id="tinjauan-pesan" message=message(action.value(), "tinjauan") />
                </div>
                <button type="submit" class="button" data-test="step-review">
                    {l.t("Simpan tinjauan")}
                </button>
                <FieldMessage id="tinjau-pesan" message=message(action.value(), "") />
            </ActionForm>
        </section>
    }
}

#[component]
fn NotesPanel(view: MeetingView, action: ServerAction<SaveNotes>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let open: Vec<_> = view.earlier_items.iter().filter(|i| !i.closed && i.decision.is_none()).cloned().collect();
    let decisions = open
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let origin = match item.opened_no {
                Some(no) => l.fill("baris No {}, {}", &[&no, &l.long_date(item.opened_date)]),
                None => l.long_date(item.opened_date),
            };
            let name = format!("notes[keputusan][{i}]");
            view! {
                <fieldset class="decision" data-test="open-item">
                    <legend>
                        {item.text.clone()} <span class="muted">{l.fill(" (dari {})", &[&origin])}</span>
                    </legend>
                    <label class="check">
                        <input type="radio" name=name.clone() value=format!("{}:lanjut", item.id) />
                        {l.t("Dilanjutkan")}
                    </label>
                    <label class="check">
                        <input type="radio" name=name value=format!("{}:selesai", item.id) />
                        {l.t("Selesai")}
                    </label>
                </fieldset>
            }
        })
        .collect_view();
    let has_open = !open.is_empty();
    view! {
        <section class="card action" aria-labelledby="catatan-judul">
            <h2 id="catatan-judul">{format!("4. {}", l.t("Catatan tindak lanjut"))}</h2>
            <ActionForm action>
                <input type="hidden" name="notes[meeting]" value=view.id.to_string() />
                <input type="hidden" name="notes[dibuka]" value=view.opened_at.to_rfc3339() />
                {has_open.then(|| view! { <p>{l.t("Catatan dari pertemuan sebelumnya yang belum selesai:")}</p> })}
                {decisions}
                <FieldMessage id="keputusan-pesan" message=message(action.value(), "keputusan") />
                <div class="field">
                    <label for="catatan-baru">{l.t("Catatan baru (satu per baris)")}</label>
                    <textarea id="catatan-baru" name="notes[baru]" rows="3"></textarea>
                    <FieldMessage id="baru-pesan" message=message(action.value(), "baru") />
                </div>
                <button type="submit" class="button" data-test="step-notes">
                    {l.t("Simpan catatan")}
                </button>
                <FieldMessage id="catatan-pesan" message=message(action.value(), "") />
            </ActionForm>
        </section>
    }
}

#[component]
fn ReplyPanel(view: MeetingView, action: ServerAction<ReplyTicket>) -> impl IntoView {
    let l = crate::locale::use_locale();
    // The reply itself goes to the agency in Indonesian.
    let composed = compose_reply(&view);
    view! {
        <section class="card action" aria-labelledby="balas-judul">
            <h2 id="balas-judul">{format!("8. {}", l.t("Balasan tiket service desk"))}</h2>
            <ActionForm action>
                <input type="hidden" name="reply[meeting]" value=view.id.to_string() />
                <input type="hidden" name="reply[dibuka]" value=view.opened_at.to_rfc3339() />
                <div class="field">
                    <label for="isi-balasan">{l.t("Isi balasan (disusun dari baris yang ditandatangani)")}</label>
                    <textarea id="isi-balasan" name="reply[isi]" rows="10">
                        {composed}
                    </textarea>
                    <FieldMessage id="isi-pesan" message=message(action.value(), "isi") />
                </div>
                <button type="submit" class="button" data-test="step-reply">
                    {l.t("Kirim balasan ke tiket")}
                </button>
                <FieldMessage id="balas-pesan" message=message(action.value(), "") />
            </ActionForm>
        </section>
    }
}

#[component]
fn ReschedulePanel(view: MeetingView, actions: Actions) -> impl IntoView {
    let id = view.id.to_string();
    let cancel_id = id.clone();
    let moved = actions.moved;
    let cancel = actions.cancel;
    let l = crate::locale::use_locale();
    view! {
        <details class="card action">
            <summary>{l.t("Pindahkan atau batalkan pertemuan")}</summary>
            <ActionForm action=moved>
                <input type="hidden" name="change[meeting]" value=id />
                <div class="form-grid">
                    <div class="field">
                        <label for="pindah-tanggal">{l.t("Tanggal baru")}</label>
                        <input id="pindah-tanggal" name="change[tanggal]" type="text" placeholder="dd/mm/yyyy" />
                        <FieldMessage id="pindah-tanggal-pesan" message=message(moved.value(), "tanggal") />
                    </div>
                    <div class="field">
                        <label for="pindah-jam">{l.t("Jam baru (WIB)")}</label>
                        <input id="pindah-jam" name="change[jam]" type="text" placeholder="09:00" />
                        <FieldMessage id="pindah-jam-pesan" message=message(moved.value(), "jam") />
                    </div>
                    <div class="field wide">
                        <label for="pindah-alasan">{l.t("Alasan dipindah")}</label>
                        <input id="pindah-alasan" name="change[alasan]" type="text" />
                        <FieldMessage id="pindah-alasan-pesan" message=message(moved.value(), "alasan") />
                    </div>
                </div>
                <button type="submit" class="button">
                    {l.t("Pindahkan")}
                </button>
                <FieldMessage id="pindah-pesan" message=message(moved.value(), "") />
            </ActionForm>
            <ActionForm action=cancel>
                <input type="hidden" name="change[meeting]" value=cancel_id />
                <div class="field">
                    <label for="batal-alasan">{l.t("Alasan dibatalkan")}</label>
                    <input id="batal-alasan" name="change[alasan]" type="text" />
                    <FieldMessage id="batal-alasan-pesan" message=message(cancel.value(), "alasan") />
                </div>
                <button type="submit" class="button danger">
                    {l.t("Batalkan pertemuan")}
                </button>
                <FieldMessage id="batal-pesan" message=message(cancel.value(), "") />
            </ActionForm>
        </details>
    }
}

/// What was written at each step, and the signed revisions.
#[component]
fn MeetingContent(view: MeetingView) -> impl IntoView {
    let l = crate::locale::use_locale();
    let features = view
        .features
        .iter()
        .map(|f| view! { <li>{format!("{} — {}", f.name, l.t(feature_status_label(&f.status)))}</li> })
        .collect_view();
    let earlier = view
        .earlier_items
        .iter()
        .map(|i| {
            let state = match (i.closed, i.decision.as_deref()) {
                (true, _) => l.t("selesai"),
                (false, Some("lanjut")) => l.t("dilanjutkan"),
                _ => l.t("terbuka"),
            };
            view! { <li data-test="earlier-item">{format!("{} — {state}", i.text)}</li> }
        })
        .collect_view();
    let new_items =
        view.new_items.iter().map(|i| view! { <li data-test="new-item">{i.text.clone()}</li> }).collect_view();
    let signed = view
        .signed_rows
        .iter()
        .map(|r| {
            view! {
                <li data-test="signed-revision">
                    <strong>{l.fill("Revisi {} — No {}, {}", &[&r.revision, &r.no, &l.long_date(r.date)])}</strong>
                    <p class="progress">{r.progress.clone()}</p>
                    {(!r.notes.is_empty()).then(|| view! { <p class="notes">{format!("{}{}", l.t("Catatan: "), r.notes)}</p> })}
                    <p class="muted">
                        {l.fill("Ditandatangani {} pada {}", &[&r.signer_name, &format_instant(r.signed_at)])}
                        <span title=r.fingerprint.clone()>{format!(" · SHA-256 {}", short_fingerprint(&r.fingerprint))}</span>
                    </p>
                </li>
            }
        })
        .collect_view();
    let reply = view.reply.clone().map(|r| {
        view! {
            <section class="card">
                <h2>{l.t("Balasan tiket")}</h2>
                <p class="muted">{l.fill("Dikirim {} pada {}", &[&r.author_name, &format_instant(r.created_at)])}</p>
                <p class="progress">{r.body}</p>
            </section>
        }
    });
    view! {
        <section class="card">
            <h2>{l.t("Isi pertemuan")}</h2>
            <h3>{l.t("Laporan progres pihak ketiga")}</h3>
            <p class="progress" data-test="report">{view.report.clone().unwrap_or_else(|| l.t("Belum ada.").into())}</p>
            <h3>{l.t("Tinjauan")}</h3>
            <p class="progress" data-test="review">{view.review.clone().unwrap_or_else(|| l.t("Belum ada.").into())}</p>
            {(!view.features.is_empty()).then(|| view! { <h3>{l.t("Fitur")}</h3> <ul class="plain">{features}</ul> })}
            <h3>{l.t("Catatan dari pertemuan sebelumnya")}</h3>
            <ul class="plain">{earlier}</ul>
            <h3>{l.t("Catatan baru")}</h3>
            <ul class="plain">{new_items}</ul>
        </section>
        {(!view.signed_rows.is_empty())
            .then(|| {
                view! {
                    <section class="card">
                        <h2>{l.t("Baris yang ditandatangani")}</h2>
                        <ol class="plain">{signed}</ol>
                    </section>
                }
            })}
        {reply}
    }
}
