//! "Menunggu": what waits for the signed-in user.

use crate::components::{ErrorBox, Loading};
use crate::date::{format_instant, format_long, format_time};
use crate::waiting::get_waiting;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

#[component]
pub fn WaitingPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_waiting());
    let surveys = Resource::new(|| (), |_| crate::survey::open_surveys());
    view! {
        <Title text="Menunggu" />
        <h1>"Menunggu Anda"</h1>
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
                                            {format!("Survei kepuasan: {} ({})", s.vendor_name, s.application_name)}
                                        </A>
                                        <span class="muted">{format!(" · terbuka sampai {}", format_instant(s.closes_at))}</span>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <section class="card">
                                <h2>"Survei yang menunggu jawaban Anda"</h2>
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
                        view! { <p class="empty">"Tidak ada yang menunggu Anda."</p> }.into_any()
                    }
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|w| {
                                let when = match w.starts_at {
                                    Some(s) => format!("{}, {} WIB", format_long(w.date), format_time(s)),
                                    None => format_long(w.date),
                                };
                                view! {
                                    <tr data-test="waiting-row">
                                        <td>{w.application_name}</td>
                                        <td>{when}</td>
                                        <td>{format!("{}. {}", w.step.number(), w.step.label())}</td>
                                        <td>{w.since.map(format_instant).unwrap_or_else(|| "–".into())}</td>
                                        <td>
                                            <A href=format!("/pertemuan/{}", w.meeting)>"Kerjakan"</A>
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
                                            <th scope="col">"Aplikasi"</th>
                                            <th scope="col">"Pertemuan"</th>
                                            <th scope="col">"Langkah"</th>
                                            <th scope="col">"Menunggu sejak"</th>
                                            <th scope="col">
                                                <span class="visually-hidden">"Tindakan"</span>
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
