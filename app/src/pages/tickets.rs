//! "Tiket > Semua Tiket": each application's service-desk ticket and its thread.

use crate::components::{ErrorBox, Loading};
use crate::date::format_instant;
use crate::error::AppError;
use crate::ticket::{get_ticket, list_tickets};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn TicketsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_tickets());
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Semua Tiket") />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            {format!("{} / ", l.t("Tiket"))}
            <span aria-current="page">{l.t("Semua Tiket")}</span>
        </nav>
        <h1>{l.t("Semua Tiket")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{l.t("Belum ada tiket.")}</p> }.into_any(),
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <tr data-test="ticket-row">
                                        <td>
                                            <A href=format!("/tiket/{}", t.id)>{t.number}</A>
                                        </td>
                                        <td>{t.subject}</td>
                                        <td>{t.agency_name}</td>
                                        <td class="num">{t.replies}</td>
                                        <td>{t.last_reply_at.map(format_instant).unwrap_or_else(|| "–".into())}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-wrap card">
                                <table class="data">
                                    <thead>
                                        <tr>
                                            <th scope="col">{l.t("Nomor")}</th>
                                            <th scope="col">{l.t("Perihal")}</th>
                                            <th scope="col">{l.t("OPD")}</th>
                                            <th scope="col" class="num">
                                                {l.t("Balasan")}
                                            </th>
                                            <th scope="col">{l.t("Balasan terakhir")}</th>
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

#[component]
pub fn TicketPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok())));
    let data = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_ticket(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.singular("Tiket") />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            <A href="/tiket">{l.t("Semua Tiket")}</A>
            " / "
            <span aria-current="page">{l.singular("Tiket")}</span>
        </nav>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(thread) => {
                        let replies = thread
                            .replies
                            .into_iter()
                            .map(|r| {
                                view! {
                                    <li class="card" data-test="ticket-reply">
                                        <p class="muted">
                                            {l.fill("{} · {} · revisi {}", &[&r.author_name, &format_instant(r.created_at), &r.revision])}
                                            " · "
                                            <A href=format!("/pertemuan/{}", r.meeting)>{l.singular("pertemuan")}</A>
                                        </p>
                                        <p class="progress">{r.body}</p>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <h1>{format!("{} — {}", thread.ticket.number, thread.ticket.subject)}</h1>
                            <p class="muted">
                                {format!("{} · {}", thread.ticket.application_name, thread.ticket.agency_name)}
                            </p>
                            <ol class="plain thread">{replies}</ol>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
