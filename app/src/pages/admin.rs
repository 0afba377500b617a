//! The admin's pages: accounts, agencies (OPD) and vendors.

use crate::account::{list_users, Role, SaveUser, SetUserActive, UserAdmin, UserSummary};
use crate::agency::{admin_agencies, AgencyRecord, SaveAgency};
use crate::components::{ErrorBox, FieldMessage, Loading};
use crate::error::AppError;
use crate::vendor::{admin_vendors, SaveVendor, VendorRecord};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// The message of a refused form for one field.
fn field_message<T, V>(value: V, field: &'static str) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err()?.message_for(field))))
}

/// The message of a refused form that belongs to no field.
fn general_message<T, V>(value: V) -> Signal<Option<String>>
where
    V: With<Value = Option<Result<T, AppError>>> + Copy + Send + Sync + 'static,
{
    Signal::derive(move || {
        value.with(|v| v.as_ref().and_then(|r| r.as_ref().err().and_then(AppError::general_message)))
    })
}

#[component]
fn AdminNav() -> impl IntoView {
    let l = crate::locale::use_locale();
    view! {
        <nav class="subnav" aria-label=l.t("Administrasi")>
            <A href="/admin/pengguna">{l.t("Pengguna")}</A>
            <A href="/admin/opd">{l.t("OPD")}</A>
            <A href="/admin/pihak-ketiga">{l.t("Pihak Ketiga")}</A>
        </nav>
    }
}

fn binding(user: &UserSummary) -> String {
    [user.agency_name.clone(), user.vendor_name.clone()].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| list_users());
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Pengguna") />
        <AdminNav />
        <h1>{l.t("Pengguna")}</h1>
        <p>
            <A href="/admin/pengguna/baru" attr:class="button">
                {l.t("Tambah pengguna")}
            </A>
        </p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(admin) => view! { <UsersTable users=admin.users /> }.into_any(),
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UsersTable(users: Vec<UserSummary>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let rows = users
        .into_iter()
        .map(|u| {
            let roles = u.roles.iter().map(|r| l.t(r.label())).collect::<Vec<_>>().join(", ");
            let bound = binding(&u);
            view! {
                <tr data-test="user-row" class:inactive=!u.active>
                    <td>
                        <A href=format!("/admin/pengguna/{}", u.id)>{u.name}</A>
                    </td>
                    <td>{u.email}</td>
                    <td>{roles}</td>
                    <td>{bound}</td>
                    <td>{if u.active { l.t("Aktif") } else { l.t("Nonaktif") }}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap card">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{l.t("Nama")}</th>
                        <th scope="col">{l.t("E-mail")}</th>
                        <th scope="col">{l.t("Peran")}</th>
                        <th scope="col">{l.t("OPD / Pihak Ketiga")}</th>
                        <th scope="col">{l.t("Status")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn UserPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let key = move || params.with(|p| p.get("id").unwrap_or_default());
    let confirming = move || query.with(|q| q.get("konfirmasi").is_some());
    let save = ServerAction::<SaveUser>::new();
    let toggle = ServerAction::<SetUserActive>::new();
    let data = Resource::new(move || toggle.version().get(), |_| list_users());
    let navigate = use_navigate();
    Effect::new(move |seen: Option<usize>| {
        let version = save.version().get();
        if seen.is_some_and(|s| s != version) && save.value().with_untracked(|v| matches!(v, Some(Ok(_)))) {
            navigate("/admin/pengguna", Default::default());
        }
        version
    });
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Akun pengguna") />
        <AdminNav />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(admin) => {
                        let key = key();
                        if key == "baru" {
                            return view! { <UserForm admin user=None save /> }.into_any();
                        }
                        let user = key.parse::<i64>().ok().and_then(|id| admin.users.iter().find(|u| u.id.0 == id).cloned());
                        match user {
                            Some(user) => {
                                view! {
                                    <UserForm admin user=Some(user.clone()) save />
                                    <ActiveControl user confirming=confirming() toggle />
                                }
                                    .into_any()
                            }
                            None => view! { <ErrorBox error=AppError::NotFound /> }.into_any(),
                        }
                    }
                    Err(error) => view! { <ErrorBox error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn UserForm(admin: UserAdmin, user: Option<UserSummary>, save: ServerAction<SaveUser>) -> impl IntoView {
    let UserAdmin { agencies, vendors, .. } = admin;
    let l = crate::locale::use_locale();
    let heading = match &user {
        Some(u) => l.fill("Ubah akun {}", &[&u.name]),
        None => l.t("Tambah pengguna").to_string(),
    };
    let roles_of = user.as_ref().map(|u| u.roles.clone()).unwrap_or_default();
    let agency_of = user.as_ref().and_then(|u| u.agency_id);
    let vendor_of = user.as_ref().and_then(|u| u.vendor_id);
    let is_new = user.is_none();
    let message = move |field: &'static str| field_message(save.value(), field);
    let general = general_message(save.value());
    let pending = save.pending();
    let role_boxes = Role::ALL
        .iter()
        .enumerate()
        .map(|(i, role)| {
            let id = format!("peran-{}", role.as_str());
            let label_for = id.clone();
            view! {
                <label class="check" for=label_for>
                    <input
                        type="checkbox"
                        id=id
                        name=format!("user[roles][{i}]")
                        value=role.as_str()
                        checked=roles_of.contains(role)
                    />
                    {l.t(role.label())}
                </label>
            }
        })
        .collect_view();
    let agency_options = agencies
        .into_iter()
        .map(|a| {
            view! {
                <option value=a.id.to_string() selected=agency_of == Some(a.id)>
                    {format!("{} ({})", a.name, a.abbreviation)}
                </option>
            }
        })
        .collect_view();
    let vendor_options = vendors
        .into_iter()
        .map(|v| {
            view! {
                <option value=v.id.to_string() selected=vendor_of == Some(v.id)>
                    {v.name}
                </option>
            }
        })
        .collect_view();
    view! {
        <h1>{heading}</h1>
        <section class="card">
            <ActionForm action=save>
                <div class="form-grid">
                    <input type="hidden" name="user[id]" value=user.as_ref().map(|u| u.id.to_string()).unwrap_or_default() />
                    <div class="field">
                        <label for="nama">{l.t("Nama")}</label>
                        <input id="nama" name="user[name]" type="text" value=user.as_ref().map(|u| u.name.clone()) />
                        <FieldMessage id="nama-pesan" message=message("name") />
                    </div>
                    <div class="field">
                        <label for="email">{l.t("E-mail")}</label>
                        <input id="email" name="user[email]" type="email" value=user.as_ref().map(|u| u.email.clone()) />
                        <FieldMessage id="email-pesan" message=message("email") />
                    </div>
                    <fieldset class="field wide">
                        <legend>{l.t("Peran")}</legend>
                        <div class="checks">{role_boxes}</div>
                        <FieldMessage id="peran-pesan" message=message("roles") />
                    </fieldset>
                    <div class="field">
                        <label for="opd">{l.t("OPD (untuk Klien (OPD))")}</label>
                        <select id="opd" name="user[agency]">
                            <option value="">"—"</option>
                            {agency_options}
                        </select>
                        <FieldMessage id="opd-pesan" message=message("agency") />
                    </div>
                    <div class="field">
                        <label for="vendor">{l.t("Pihak ketiga (untuk Pihak Ketiga)")}</label>
                        <select id="vendor" name="user[vendor]">
                            <option value="">"—"</option>
                            {vendor_options}
                        </select>
                        <FieldMessage id="vendor-pesan" message=message("vendor") />
                    </div>
                    <div class="field">
                        <label for="sandi">{if is_new { l.t("Kata sandi") } else { l.t("Kata sandi baru") }}</label>
                        <input id="sandi" name="user[password]" type="password" autocomplete="new-password" />
                        <p class="hint">
                            {if is_new {
                                l.t("Paling sedikit 10 karakter.")
                            } else {
                                l.t("Kosongkan untuk mempertahankan kata sandi. Kata sandi baru mengakhiri sesi lamanya.")
                            }}
                        </p>
                        <FieldMessage id="sandi-pesan" message=message("password") />
                    </div>
                    <div class="field wide actions">
                        <button type="submit" class="button" disabled=move || pending.get()>
                            {move || if pending.get() { l.t("Menyimpan…") } else { l.t("Simpan akun") }}
                        </button>
                        <A href="/admin/pengguna">{l.t("Batal")}</A>
                        <FieldMessage id="akun-pesan" message=general />
                    </div>
                </div>
            </ActionForm>
        </section>
    }
}

/// Deactivating asks first; activating does not.
#[component]
fn ActiveControl(user: UserSummary, confirming: bool, toggle: ServerAction<SetUserActive>) -> impl IntoView {
    let failure = general_message(toggle.value());
    let l = crate::locale::use_locale();
    let id = user.id.to_string();
    let body = if !user.active {
        view! {
            <p>{l.t("Akun ini nonaktif: pemiliknya tidak dapat masuk.")}</p>
            <ActionForm action=toggle>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="active" value="true" />
                <button type="submit" class="button">
                    {l.t("Aktifkan kembali")}
                </button>
            </ActionForm>
        }
        .into_any()
    } else if confirming {
        view! {
            <div class="alert alert-error" role="alertdialog" aria-labelledby="konfirmasi-judul">
                <p id="konfirmasi-judul">
                    <strong>{l.fill("Nonaktifkan akun {}?", &[&user.name])}</strong>
                </p>
                <p>{l.t("Pemiliknya tidak dapat masuk lagi dan sesinya yang sedang berjalan berakhir.")}</p>
                <ActionForm action=toggle>
                    <input type="hidden" name="id" value=id.clone() />
                    <input type="hidden" name="active" value="false" />
                    <button type="submit" class="button danger">
                        {l.t("Ya, nonaktifkan")}
                    </button>
                    " "
                    <A href=format!("/admin/pengguna/{id}")>{l.t("Batal")}</A>
                </ActionForm>
            </div>
        }
        .into_any()
    } else {
        view! {
            <p>
                <A href=format!("/admin/pengguna/{id}?konfirmasi=nonaktif") attr:class="button danger">
                    {l.t("Nonaktifkan akun…")}
                </A>
            </p>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-label=l.t("Status akun")>
            <h2>{l.t("Status akun")}</h2>
            {body}
            <FieldMessage id="status-pesan" message=failure />
        </section>
    }
}

#[component]
pub fn AgenciesPage() -> impl IntoView {
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("ubah").and_then(|s| s.parse::<i64>().ok()));
    let save = ServerAction::<SaveAgency>::new();
    let data = Resource::new(move || save.version().get(), |_| admin_agencies());
    let message = move |field: &'static str| field_message(save.value(), field);
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("OPD") />
        <AdminNav />
        <h1>{l.t("Organisasi Perangkat Daerah (OPD)")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let edited = editing().and_then(|id| list.iter().find(|a| a.id.0 == id).cloned());
                        view! {
                            <section class="card">
                                <h2>{if edited.is_some() { l.t("Ubah OPD") } else { l.t("Tambah OPD") }}</h2>
                                <ActionForm action=save>
                                    <div class="form-grid">
                                        <input
                                            type="hidden"
                                            name="agency[id]"
                                            value=edited.as_ref().map(|a| a.id.to_string()).unwrap_or_default()
                                        />
                                        <div class="field">
                                            <label for="opd-nama">{l.t("Nama OPD")}</label>
                                            <input
                                                id="opd-nama"
                                                name="agency[name]"
                                                type="text"
                                                value=edited.as_ref().map(|a| a.name.clone())
                                            />
                                            <FieldMessage id="opd-nama-pesan" message=message("name") />
                                        </div>
                                        <div class="field">
                                            <label for="opd-singkatan">{l.t("Singkatan")}</label>
                                            <input
                                                id="opd-singkatan"
                                                name="agency[abbreviation]"
                                                type="text"
                                                value=edited.as_ref().map(|a| a.abbreviation.clone())
                                            />
                                            <FieldMessage id="opd-singkatan-pesan" message=message("abbreviation") />
                                        </div>
                                        {edited
                                            .as_ref()
                                            .map(|a| {
                                                view! {
                                                    <label class="check" for="opd-aktif">
                                                        <input
                                                            type="checkbox"
                                                            id="opd-aktif"
                                                            name="agency[active]"
                                                            checked=a.active
                                                        />
                                                        {l.t("Aktif")}
                                                    </label>
                                                }
                                            })}
                                        <div class="field wide actions">
                                            <button type="submit" class="button">
                                                {l.t("Simpan OPD")}
                                            </button>
                                            <FieldMessage id="opd-umum-pesan" message=general_message(save.value()) />
                                        </div>
                                    </div>
                                </ActionForm>
                            </section>
                            <AgencyTable list />
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
fn AgencyTable(list: Vec<AgencyRecord>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let rows = list
        .into_iter()
        .map(|a| {
            view! {
                <tr class:inactive=!a.active>
                    <td>{a.name}</td>
                    <td>{a.abbreviation}</td>
                    <td>{if a.active { l.t("Aktif") } else { l.t("Nonaktif") }}</td>
                    <td>
                        <A href=format!("/admin/opd?ubah={}", a.id)>{l.t("Ubah")}</A>
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
                        <th scope="col">{l.t("Nama")}</th>
                        <th scope="col">{l.t("Singkatan")}</th>
                        <th scope="col">{l.t("Status")}</th>
                        <th scope="col">
                            <span class="visually-hidden">{l.t("Tindakan")}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn VendorsPage() -> impl IntoView {
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("ubah").and_then(|s| s.parse::<i64>().ok()));
    let save = ServerAction::<SaveVendor>::new();
    let data = Resource::new(move || save.version().get(), |_| admin_vendors());
    let message = move |field: &'static str| field_message(save.value(), field);
    let l = crate::locale::use_locale();
    view! {
        <Title text=l.t("Pihak Ketiga") />
        <AdminNav />
        <h1>{l.t("Pihak Ketiga")}</h1>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => {
                        let edited = editing().and_then(|id| list.iter().find(|v| v.id.0 == id).cloned());
                        view! {
                            <section class="card">
                                <h2>{if edited.is_some() { l.t("Ubah pihak ketiga") } else { l.t("Tambah pihak ketiga") }}</h2>
                                <ActionForm action=save>
                                    <div class="form-grid">
                                        <input
                                            type="hidden"
                                            name="vendor[id]"
                                            value=edited.as_ref().map(|v| v.id.to_string()).unwrap_or_default()
                                        />
                                        <div class="field">
                                            <label for="pk-nama">{l.t("Nama")}</label>
                                            <input
                                                id="pk-nama"
                                                name="vendor[name]"
                                                type="text"
                                                value=edited.as_ref().map(|v| v.name.clone())
                                            />
                                            <FieldMessage id="pk-nama-pesan" message=message("name") />
                                        </div>
                                        {edited
                                            .as_ref()
                                            .map(|v| {
                                                view! {
                                                    <label class="check" for="pk-aktif">
                                                        <input
                                                            type="checkbox"
                                                            id="pk-aktif"
                                                            name="vendor[active]"
                                                            checked=v.active
                                                        />
                                                        {l.t("Aktif")}
                                                    </label>
                                                }
                                            })}
                                        <div class="field wide actions">
                                            <button type="submit" class="button">
                                                {l.t("Simpan pihak ketiga")}
                                            </button>
                                            <FieldMessage id="pk-umum-pesan" message=general_message(save.value()) />
                                        </div>
                                    </div>
                                </ActionForm>
                            </section>
                            <VendorTable list />
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
fn VendorTable(list: Vec<VendorRecord>) -> impl IntoView {
    let l = crate::locale::use_locale();
    let rows = list
        .into_iter()
        .map(|v| {
            view! {
                <tr class:inactive=!v.active>
                    <td>{v.name}</td>
                    <td>{if v.active { l.t("Aktif") } else { l.t("Nonaktif") }}</td>
                    <td>
                        <A href=format!("/admin/pihak-ketiga?ubah={}", v.id)>{l.t("Ubah")}</A>
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
                        <th scope="col">{l.t("Nama")}</th>
                        <th scope="col">{l.t("Status")}</th>
                        <th scope="col">
                            <span class="visually-hidden">{l.t("Tindakan")}</span>
                        </th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
