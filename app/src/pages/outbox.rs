//! The admin's outbox: every message, its state and last error, and sending again.

use crate::components::{ErrorBox, Loading};
use crate::date::format_instant;
use crate::mail::{list_outbox, ResendMessage};
use leptos::prelude::*;
use leptos_meta::Title;

fn state_label(state: &str) -> &'static str {
    match state {
        "pending" => "Menunggu dikirim",
        "sending" => "Sedang dikirim",
        "sent" => "Terkirim",
        _ => "Gagal",
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let resend = ServerAction::<ResendMessage>::new();
    let data = Resource::new(move || resend.version().get(), |_| list_outbox());
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Kotak keluar") />
        <h1>{l.t("Kotak keluar")}</h1>
        <p class="muted">
            {l.t(
                "Setiap pesan ditulis ke kotak keluar bersama tindakan yang memicunya, lalu dikirim dengan percobaan ulang. \
                 Tanpa server SMTP, e-mail menunggu di sini.",
            )}
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let rows = list
                            .into_iter()
                            .map(|m| {
                                let can_resend = m.state == "pending" || m.state == "failed";
                                view! {
                                    <tr data-test="outbox-row">
                                        <td>{format_instant(m.created_at)}</td>
                                        <td>{if m.kind == "webhook" { "Webhook" } else { l.t("E-mail") }}</td>
                                        <td>{m.recipient}</td>
                                        <td>{m.subject}</td>
                                        <td>{l.t(state_label(&m.state))}</td>
                                        <td class="num">{m.attempts}</td>
                                        <td>{m.last_error.unwrap_or_default()}</td>
                                        <td>
                                            {can_resend
                                                .then(|| {
                                                    view! {
                                                        <ActionForm action=resend>
                                                            <input type="hidden" name="id" value=m.id.to_string() />
                                                            <button type="submit" class="link-button dark">
                                                                {l.t("Kirim ulang")}
                                                            </button>
                                                        </ActionForm>
                                                    }
                                                })}
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
                                            <th scope="col">{l.t("Dibuat")}</th>
                                            <th scope="col">{l.t("Jenis")}</th>
                                            <th scope="col">{l.t("Penerima")}</th>
                                            <th scope="col">{l.t("Perihal")}</th>
                                            <th scope="col">{l.t("Status")}</th>
                                            <th scope="col" class="num">
                                                {l.t("Percobaan")}
                                            </th>
                                            <th scope="col">{l.t("Galat terakhir")}</th>
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
