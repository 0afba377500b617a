//! Step 1's page: the PIC schedules a meeting of one of their applications.

use crate::application::get_application_log;
use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::error::AppError;
use crate::ids::ApplicationId;
use crate::schedule::ScheduleMeeting;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn SchedulePage() -> impl IntoView {
    let query = use_query_map();
    let application =
        Memo::new(move |_| query.with(|q| q.get("aplikasi").and_then(|s| s.parse::<ApplicationId>().ok())));
    let log = Resource::new(
        move || application.get(),
        |id| async move {
            match id {
                Some(id) => get_application_log(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let action = ServerAction::<ScheduleMeeting>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(ids)) = action.value().get() {
            if let Some(first) = ids.first() {
                navigate(&format!("/pertemuan/{first}"), Default::default());
            }
        }
    });
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Jadwalkan pertemuan") />
        <h1>{l.t("Jadwalkan pertemuan")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match log.await {
                    Ok(log) if log.can_edit => view! { <ScheduleForm log action /> }.into_any(),
                    Ok(_) => view! { <ErrorBox error=AppError::Forbidden /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ScheduleForm(log: crate::application::ApplicationLog, action: ServerAction<ScheduleMeeting>) -> impl IntoView {
    let message = move |field: &'static str| {
        Signal::derive(move || action.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err()?.message_for(field))))
    };
    let general = Signal::derive(move || {
        action.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().and_then(AppError::general_message)))
    });
    let last_client = log.meetings.last().map(|m| m.client_name.clone()).unwrap_or_default();
    let opened = log.opened_at.to_rfc3339();
    let app = log.application;
    let pending = action.pending();
    let l = crate::locale::use_locale();
    view! {
        <p>
            {l.t("Aplikasi: ")} <A href=format!("/aplikasi/{}", app.id)>{app.name.clone()}</A>
            {format!(" · {} · {}", app.agency.name, app.vendor.name)}
        </p>
        <section class="card">
            <ActionForm action>
                <input type="hidden" name="meeting[application]" value=app.id.to_string() />
                <input type="hidden" name="meeting[dibuka]" value=opened />
                <div class="form-grid">
                    <div class="field">
                        <label for="jadwal-tanggal">{l.t("Tanggal")}</label>
                        <input id="jadwal-tanggal" name="meeting[tanggal]" type="text" placeholder="dd/mm/yyyy" />
                        <FieldMessage id="jadwal-tanggal-pesan" message=message("tanggal") />
                    </div>
                    <div class="field">
                        <label for="jadwal-jam">{l.t("Jam (WIB)")}</label>
                        <input id="jadwal-jam" name="meeting[jam]" type="text" placeholder="09:00" />
                        <FieldMessage id="jadwal-jam-pesan" message=message("jam") />
                    </div>
                    <div class="field">
                        <label for="jadwal-durasi">{l.t("Durasi (menit)")}</label>
                        <input id="jadwal-durasi" name="meeting[durasi]" type="text" inputmode="numeric" value="60" />
                        <FieldMessage id="jadwal-durasi-pesan" message=message("durasi") />
                    </div>
                    <div class="field">
                        <label for="jadwal-klien">{l.t("Nama klien (kontak OPD)")}</label>
                        <input id="jadwal-klien" name="meeting[klien]" type="text" value=last_client />
                        <FieldMessage id="jadwal-klien-pesan" message=message("klien") />
                    </div>
                    <div class="field wide">
                        <label for="jadwal-tempat">{l.t("Tempat atau tautan rapat daring")}</label>
                        <input id="jadwal-tempat" name="meeting[tempat]" type="text" />
                        <FieldMessage id="jadwal-tempat-pesan" message=message("tempat") />
                    </div>
                    <fieldset class="field wide">
                        <legend>{l.t("Pihak ketiga dan OPD dihubungi lewat")}</legend>
                        <label class="check">
                            <input type="radio" name="meeting[saluran]" value="telepon" />
                            {l.t("Telepon")}
                        </label>
                        <label class="check">
                            <input type="radio" name="meeting[saluran]" value="email" />
                            {l.t("E-mail")}
                        </label>
                        <FieldMessage id="jadwal-saluran-pesan" message=message("saluran") />
                    </fieldset>
                    <div class="field">
                        <label for="jadwal-ulang">{l.t("Ulangi")}</label>
                        <select id="jadwal-ulang" name="meeting[ulang]">
                            <option value="">{l.t("Tidak diulang")}</option>
                            <option value="1">{l.t("Setiap minggu")}</option>
                            <option value="2">{l.fill("Setiap {} minggu", &[&2])}</option>
                            <option value="3">{l.fill("Setiap {} minggu", &[&3])}</option>
                            <option value="4">{l.fill("Setiap {} minggu", &[&4])}</option>
                        </select>
                        <FieldMessage id="jadwal-ulang-pesan" message=message("ulang") />
                    </div>
                    <div class="field">
                        <label for="jadwal-sampai">{l.t("Sampai tanggal (bila diulang)")}</label>
                        <input id="jadwal-sampai" name="meeting[sampai]" type="text" placeholder="dd/mm/yyyy" />
                        <FieldMessage id="jadwal-sampai-pesan" message=message("sampai") />
                    </div>
                    <div class="field wide actions">
                        <button type="submit" class="button" disabled=move || pending.get() data-test="schedule">
                            {move || if pending.get() { l.t("Menjadwalkan…") } else { l.t("Jadwalkan") }}
                        </button>
                        <FieldMessage id="jadwal-pesan" message=general />
                    </div>
                </div>
            </ActionForm>
        </section>
    }
}
