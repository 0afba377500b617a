//! The login page.

use crate::account::{safe_next, Login};
use crate::components::FieldMessage;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let query = use_query_map();
    let next = move || safe_next(&query.with(|q| q.get("next").unwrap_or_default()));
    let login = ServerAction::<Login>::new();
    let pending = login.pending();
    let l = crate::locale::use_locale();
    // After signing in, the whole page loads again, so that every part of it knows the user.
    Effect::new(move |_| {
        if let Some(Ok(target)) = login.value().get() {
            let _ = window().location().set_href(&target);
        }
    });
    let failure = Signal::derive(move || {
        login.value().with(|v| v.as_ref().and_then(|r| r.as_ref().err().and_then(AppError::general_message)))
    });
    view! {
        <Title text=l.t("Masuk") />
        <div class="login">
            <section class="card">
                <h1>{l.t("Masuk ke Pendamping")}</h1>
                <p class="muted">{l.t("Gunakan e-mail dan kata sandi akun Anda.")}</p>
                <ActionForm action=login>
                    <input type="hidden" name="form[next]" value=next />
                    <div class="field">
                        <label for="email">{l.t("E-mail")}</label>
                        <input id="email" name="form[email]" type="email" autocomplete="username" required />
                    </div>
                    <div class="field">
                        <label for="password">{l.t("Kata sandi")}</label>
                        <input
                            id="password"
                            name="form[password]"
                            type="password"
                            autocomplete="current-password"
                            required
                        />
                    </div>
                    <FieldMessage id="masuk-pesan" message=failure />
                    <button type="submit" class="button" disabled=move || pending.get()>
                        {move || if pending.get() { l.t("Memeriksa…") } else { l.t("Masuk") }}
                    </button>
                </ActionForm>
            </section>
        </div>
    }
}
