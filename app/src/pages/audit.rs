//! The audit trail of an application (Admin and Kasi).

use crate::audit::{get_audit, AuditEntry};
use crate::components::{ErrorBox, Loading};
use crate::date::format_instant;
use crate::error::AppError;
use crate::ids::ApplicationId;
use crate::locale::Locale;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn AuditPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| s.parse::<ApplicationId>().ok())));
    let entries = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => get_audit(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Jejak audit") />
        <nav class="breadcrumb" aria-label=l.t("Jejak")>
            <A href="/">{l.t("Dasbor")}</A>
            " / "
            <A href=move || id.get().map(|id| format!("/aplikasi/{id}")).unwrap_or_default()>{l.t("Aplikasi")}</A>
            " / "
            <span aria-current="page">{l.t("Jejak audit")}</span>
        </nav>
        <h1>{l.t("Jejak audit")}</h1>
        <p class="muted">{l.t("Setiap perubahan pada aplikasi ini: siapa, kapan, apa, nilai sebelum dan sesudahnya.")}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{l.t("Belum ada catatan.")}</p> }.into_any(),
                    Ok(list) => view! { <AuditTable entries=list /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The fields of a JSON object, one per line, as plain text.
fn fields(l: Locale, json: &Option<String>) -> Vec<(String, String)> {
    let Some(text) = json else { return Vec::new() };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let value = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => "–".into(),
                    serde_json::Value::Bool(true) => l.t("ya").into(),
                    serde_json::Value::Bool(false) => l.t("tidak").into(),
                    other => other.to_string(),
                };
                (k.replace('_', " "), value)
            })
            .collect(),
        _ => vec![(String::new(), text.clone())],
    }
}

#[component]
fn Values(json: Option<String>, other: Option<String>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let theirs = fields(l, &other);
    let lines = fields(l, &json)
        .into_iter()
        .map(|(k, v)| {
            let changed = !theirs.is_empty() && !theirs.iter().any(|(k2, v2)| *k2 == k && *v2 == v);
            view! {
                <div class:changed=changed>
                    <dt>{k}</dt>
                    <dd>{v}</dd>
                </div>
            }
        })
        .collect_view();
    view! { <dl class="audit-values">{lines}</dl> }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let rows = entries
        .into_iter()
        .map(|e| {
            view! {
                <tr data-test="audit-entry">
                    <td>{format_instant(e.at)}</td>
                    <td>{e.actor}</td>
                    <td>{format!("{} {} ({})", e.entity.replace('_', " "), l.t(e.action.label()), e.entity_id)}</td>
                    <td>
                        <Values json=e.before.clone() other=e.after.clone() />
                    </td>
                    <td>
                        <Values json=e.after other=e.before />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card">
            <table class="data audit">
                <thead>
                    <tr>
                        <th scope="col">{l.t("Waktu")}</th>
                        <th scope="col">{l.t("Oleh")}</th>
                        <th scope="col">{l.t("Perubahan")}</th>
                        <th scope="col">{l.t("Sebelum")}</th>
                        <th scope="col">{l.t("Sesudah")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
