//! The user's settings: reminders and the calendar feed; and the reminders received.

use crate::calendar::NewFeed;
use crate::components::{ErrorBox, Loading};
use crate::date::format_instant;
use crate::preferences::{get_preferences, Preferences, SavePreferences};
use crate::reminder::Kind;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let save = ServerAction::<SavePreferences>::new();
    let feed = ServerAction::<NewFeed>::new();
    let data = Resource::new(move || (save.version().get(), feed.version().get()), |_| get_preferences());
    view! {
        <Title text=crate::locale::use_locale().t("Pengaturan") />
        <h1>{crate::locale::use_locale().t("Pengaturan")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(preferences) => view! { <SettingsView preferences save feed /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsView(
    preferences: Preferences,
    save: ServerAction<SavePreferences>,
    feed: ServerAction<NewFeed>,
) -> impl IntoView {
    let l = crate::locale::use_locale();
    let boxes = [
        (Kind::MeetingTomorrow, "remind_meeting", preferences.remind_meeting),
        (Kind::AwaitingSignature, "remind_signature", preferences.remind_signature),
        (Kind::Idle, "remind_idle", preferences.remind_idle),
    ]
    .into_iter()
    .map(|(kind, field, on)| {
        let id = format!("pengingat-{}", kind.as_str());
        let label_for = id.clone();
        view! {
            <label class="check" for=label_for>
                <input type="checkbox" id=id name=format!("preferences[{field}]") checked=on />
                {l.t(kind.label())}
            </label>
        }
    })
    .collect_view();
    let saved = move || save.value().with(|v| matches!(v, Some(Ok(()))).then_some(l.t("Pengaturan tersimpan.")));
    let notifications = preferences
        .notifications
        .into_iter()
        .map(|n| {
            view! {
                <li data-test="notification">
                    <a href=n.link>{n.text}</a>
                    <span class="muted">{format!(" · {}", format_instant(n.created_at))}</span>
                </li>
            }
        })
        .collect_view();
    let languages = crate::locale::Locale::ALL
        .into_iter()
        .map(|option| view! { <option value=option.code() selected=option == l>{option.name()}</option> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="bahasa-judul">
            <h2 id="bahasa-judul">{l.t("Bahasa")}</h2>
            // A plain form: the whole page is drawn again in the chosen language.
            <form method="post" action="/api/save_locale" class="inline-form">
                <div class="field">
                    <label for="bahasa">{l.t("Bahasa tampilan")}</label>
                    <select id="bahasa" name="bahasa" data-test="locale">
                        {languages}
                    </select>
                </div>
                <button type="submit" class="button" data-test="save-locale">
                    {l.t("Simpan bahasa")}
                </button>
            </form>
            <p class="muted">{l.t("Formulir resmi FRM-Dinkominfo-020 tetap berbahasa Indonesia.")}</p>
        </section>
        <section class="card">
            <h2>{l.t("Pengingat")}</h2>
            <p>{l.t("Pengingat muncul di Pendamping dan dikirim lewat e-mail, masing-masing sekali.")}</p>
            <ActionForm action=save>
                <fieldset class="field">
                    <legend>{l.t("Kirimi saya pengingat untuk")}</legend>
                    <div class="checks">{boxes}</div>
                </fieldset>
                <button type="submit" class="button">
                    {l.t("Simpan pengaturan")}
                </button>
                <p class="form-status" role="status">
                    {saved}
                </p>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{l.t("Kalender")}</h2>
            <p>
                {l.t(
                    "Langganan alamat ini di Outlook, Google Calendar atau Thunderbird untuk melihat pertemuan Anda. \
                     Alamat ini rahasia; buat alamat baru bila tersebar.",
                )}
            </p>
            {preferences
                .feed_url
                .map(|url| {
                    view! {
                        <p>
                            <code data-test="feed-url">{url}</code>
                        </p>
                    }
                })}
            <ActionForm action=feed>
                <button type="submit" class="button">
                    {l.t("Buat alamat kalender baru")}
                </button>
            </ActionForm>
        </section>
        <section class="card">
            <h2>{l.t("Pengingat yang diterima")}</h2>
            <ul class="plain">{notifications}</ul>
        </section>
    }
}
