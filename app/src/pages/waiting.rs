//! "Menunggu": what waits for the signed-in user.

use crate::components::{ErrorBox, Loading};
use crate::date::{format_instant, format_time};
use crate::waiting::get_waiting;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn WaitingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_waiting());
    let surveys = Resource::new(|| (), |_| crate::survey::open_surveys());
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Menunggu") />
        <h1>{l.t("Menunggu Anda")}</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let list = surveys.await.unwrap_or_default();
                (!list.is_empty())
                    .then(|| {
                        let items = list
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <li data-test="open-survey">
                                        <A href=format!("/survei/{}", s.id)>
                                            {l.fill("Survei kepuasan: {} ({})", &[&s.vendor_name, &s.application_name])}
                                        </A>
                                        <span class="muted">{l.fill(" · terbuka sampai {}", &[&format_instant(s.closes_at)])}</span>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="card">
                                <h2>{l.t("Survei yang menunggu jawaban Anda")}</h2>
                                <ul class="plain">{items}</ul>
                            </section>
                        }
                    })
            })}
        </Transition>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => {
                        view! { <p class="empty">{l.t("Tidak ada yang menunggu Anda.")}</p> }.into_any()
                    }
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|w| {
                                let when = match w.starts_at {
                                    Some(s) => format!("{}, {} WIB", l.long_date(w.date), format_time(s)),
                                    None => l.long_date(w.date),
                                };
                                view! {
                                    <tr data-test="waiting-row">
                                        <td>{w.application_name}</td>
                                        <td>{when}</td>
                                        <td>{format!("{}. {}", w.step.number(), l.t(w.step.label()))}</td>
                                        <td>{w.since.map(format_instant).unwrap_or_else(|| "–".into())}</td>
                                        <td>
                                            <A href=format!("/pertemuan/{}", w.meeting)>{l.t("Kerjakan")}</A>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap card">
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{l.t("Aplikasi")}</th>
                                            <th scope="col">{l.singular("Pertemuan")}</th>
                                            <th scope="col">{l.t("Langkah")}</th>
                                            <th scope="col">{l.t("Menunggu sejak")}</th>
                                            <th scope="col">
                                                <span class="visually-hidden">{l.t("Tindakan")}</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
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
