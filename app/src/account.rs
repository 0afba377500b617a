//! Accounts: the seven roles of the SOP, who is signed in, and what each may see and do.

use crate::error::{AppError, FieldError};
use crate::ids::{AgencyId, UserId, VendorId};
use serde::{Deserialize, Serialize};

/// The roles of SOP-DINKOMINFO-012 (see DESIGN.md, "People").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Kasi,
    Pic,
    ServiceDesk,
    Klien,
    PihakKetiga,
    Pimpinan,
}

impl Role {
    pub const ALL: [Role; 7] =
        [Role::Admin, Role::Kasi, Role::Pic, Role::ServiceDesk, Role::Klien, Role::PihakKetiga, Role::Pimpinan];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Kasi => "kasi",
            Role::Pic => "pic",
            Role::ServiceDesk => "service_desk",
            Role::Klien => "klien",
            Role::PihakKetiga => "pihak_ketiga",
            Role::Pimpinan => "pimpinan",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Kasi => "Kasi",
            Role::Pic => "PIC",
            Role::ServiceDesk => "Service Desk",
            Role::Klien => "Klien (OPD)",
            Role::PihakKetiga => "Pihak Ketiga",
            Role::Pimpinan => "Pimpinan",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        let key = text.trim().to_lowercase().replace([' ', '-'], "_");
        Role::ALL.into_iter().find(|r| r.as_str() == key || r.label().to_lowercase().replace(' ', "_") == key)
    }
}

/// The signed-in user, as pages and server functions see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub agency: Option<AgencyId>,
    pub agency_name: Option<String>,
    pub vendor: Option<VendorId>,
    pub vendor_name: Option<String>,
    /// The interface language the user chose.
    #[serde(default)]
    pub locale: crate::locale::Locale,
}

/// Which applications a viewer may see, as the queries filter them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scope {
    pub all: bool,
    pub agency: Option<AgencyId>,
    pub vendor: Option<VendorId>,
}

impl Scope {
    /// Everything: for the command line and the system's own work.
    pub const ALL: Scope = Scope { all: true, agency: None, vendor: None };

    pub fn includes(&self, agency: AgencyId, vendor: VendorId) -> bool {
        self.all || self.agency == Some(agency) || self.vendor == Some(vendor)
    }
}

impl Viewer {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Dinkominfo's own staff and management see every application; an agency sees its own,
    /// a vendor the ones it builds.
    pub fn scope(&self) -> Scope {
        let staff = [Role::Admin, Role::Kasi, Role::Pic, Role::ServiceDesk, Role::Pimpinan];
        Scope {
            all: staff.iter().any(|r| self.has(*r)),
            agency: self.agency.filter(|_| self.has(Role::Klien)),
            vendor: self.vendor.filter(|_| self.has(Role::PihakKetiga)),
        }
    }

    /// Only the PIC of an application writes its log.
    pub fn can_edit_log(&self, pic: Option<UserId>) -> bool {
        self.has(Role::Pic) && pic == Some(self.id)
    }

    pub fn can_import(&self) -> bool {
        self.has(Role::Admin) || self.has(Role::Pic)
    }

    pub fn manages_accounts(&self) -> bool {
        self.has(Role::Admin)
    }

    pub fn reads_audit(&self) -> bool {
        self.has(Role::Admin) || self.has(Role::Kasi)
    }

    /// "Klien (OPD) · Dinas Kesehatan".
    pub fn role_summary(&self) -> String {
        let mut parts: Vec<String> = self.roles.iter().map(|r| r.label().to_string()).collect();
        if let (true, Some(agency)) = (self.has(Role::Klien), &self.agency_name) {
            parts.push(agency.clone());
        }
        if let (true, Some(vendor)) = (self.has(Role::PihakKetiga), &self.vendor_name) {
            parts.push(vendor.clone());
        }
        parts.join(" · ")
    }
}

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// Checks a new password; the message names what is wrong.
pub fn check_password(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(format!("Kata sandi paling sedikit {MIN_PASSWORD} karakter."));
    }
    if password.chars().count() > 200 {
        return Err("Kata sandi paling panjang 200 karakter.".into());
    }
    Ok(())
}

/// Reads an e-mail address: one `@`, something on both sides, a dot in the domain.
pub fn parse_email(text: &str) -> Result<String, String> {
    let email = text.trim().to_lowercase();
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.contains(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    };
    if email.is_empty() {
        Err("E-mail wajib diisi.".into())
    } else if !valid || email.len() > 254 {
        Err(format!("\"{}\" bukan alamat e-mail yang sah.", text.trim()))
    } else {
        Ok(email)
    }
}

/// The account form of the admin pages, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UserForm {
    /// Empty for a new account.
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    /// The roles' keys (`admin`, `kasi`, ...), from the form's check boxes.
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub agency: String,
    #[serde(default)]
    pub vendor: String,
    /// A new password; empty keeps the current one.
    #[serde(default)]
    pub password: String,
}

/// An account that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct UserEntry {
    pub id: Option<UserId>,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub agency: Option<AgencyId>,
    pub vendor: Option<VendorId>,
    pub password: Option<String>,
}

impl UserForm {
    pub fn validate(&self) -> Result<UserEntry, AppError> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        let id = if self.id.trim().is_empty() { None } else { self.id.parse::<UserId>().ok() };
        let name = crate::text::one_line(&self.name);
        if name.is_empty() {
            fail("name", "Nama wajib diisi.".into());
        } else if name.chars().count() > 200 {
            fail("name", "Nama paling panjang 200 karakter.".into());
        }
        let email = parse_email(&self.email).map_err(|m| fail("email", m)).ok();
        let mut roles: Vec<Role> = Vec::new();
        for key in &self.roles {
            match Role::parse(key) {
                Some(role) if !roles.contains(&role) => roles.push(role),
                Some(_) => {}
                None => fail("roles", format!("Peran \"{key}\" tidak dikenal.")),
            }
        }
        roles.sort();
        if roles.is_empty() {
            fail("roles", "Pilih paling sedikit satu peran.".into());
        }
        let agency = self.agency.parse::<AgencyId>().ok();
        let vendor = self.vendor.parse::<VendorId>().ok();
        if roles.contains(&Role::Klien) && agency.is_none() {
            fail("agency", "Akun Klien (OPD) harus terikat pada satu OPD.".into());
        }
        if roles.contains(&Role::PihakKetiga) && vendor.is_none() {
            fail("vendor", "Akun Pihak Ketiga harus terikat pada satu pihak ketiga.".into());
        }
        let password = if self.password.is_empty() {
            if id.is_none() {
                fail("password", "Kata sandi wajib diisi untuk akun baru.".into());
            }
            None
        } else {
            check_password(&self.password).map_err(|m| fail("password", m)).ok();
            Some(self.password.clone())
        };
        match email {
            Some(email) if errors.is_empty() => Ok(UserEntry {
                id,
                name,
                email,
                agency: agency.filter(|_| roles.contains(&Role::Klien)),
                vendor: vendor.filter(|_| roles.contains(&Role::PihakKetiga)),
                roles,
                password,
            }),
            _ => Err(AppError::Invalid(errors)),
        }
    }
}

/// A line of the admin's list of accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub agency_id: Option<AgencyId>,
    pub agency_name: Option<String>,
    pub vendor_id: Option<VendorId>,
    pub vendor_name: Option<String>,
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn viewer(roles: &[Role]) -> Viewer {
        Viewer {
            id: UserId(5),
            name: "Uji".into(),
            email: "uji@madiunkota.go.id".into(),
            roles: roles.to_vec(),
            agency: Some(AgencyId(11)),
            agency_name: Some("Dinas Kesehatan".into()),
            vendor: Some(VendorId(2)),
            vendor_name: Some("PT. ABC".into()),
            locale: Default::default(),
        }
    }

    #[test]
    fn an_agency_sees_its_own_applications_only() {
        let klien = viewer(&[Role::Klien]).scope();
        assert!(klien.includes(AgencyId(11), VendorId(9)));
        assert!(!klien.includes(AgencyId(10), VendorId(9)));
        assert!(!klien.all);
    }

    #[test]
    fn a_vendor_sees_the_applications_it_builds() {
        let vendor = viewer(&[Role::PihakKetiga]).scope();
        assert!(vendor.includes(AgencyId(3), VendorId(2)));
        assert!(!vendor.includes(AgencyId(11), VendorId(3)), "its binding to an agency means nothing");
    }

    #[test]
    fn office_staff_and_management_see_everything() {
        for role in [Role::Admin, Role::Kasi, Role::Pic, Role::ServiceDesk, Role::Pimpinan] {
            assert!(viewer(&[role]).scope().all, "{role:?}");
        }
    }

    #[test]
    fn only_the_pic_of_an_application_edits_its_log() {
        assert!(viewer(&[Role::Pic]).can_edit_log(Some(UserId(5))));
        assert!(!viewer(&[Role::Pic]).can_edit_log(Some(UserId(6))));
        assert!(!viewer(&[Role::Pic]).can_edit_log(None));
        assert!(!viewer(&[Role::Admin, Role::Kasi]).can_edit_log(Some(UserId(5))));
    }

    #[test]
    fn roles_are_read_by_key_or_label() {
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse("Service Desk"), Some(Role::ServiceDesk));
        assert_eq!(Role::parse("pihak-ketiga"), Some(Role::PihakKetiga));
        assert_eq!(Role::parse("raja"), None);
    }

    #[test]
    fn an_account_form_names_every_wrong_field() {
        let form = UserForm { email: "bukan-email".into(), roles: vec!["klien".into()], ..Default::default() };
        let err = form.validate().unwrap_err();
        assert!(err.message_for("name").is_some());
        assert!(err.message_for("email").unwrap().contains("bukan alamat e-mail"));
        assert!(err.message_for("agency").is_some());
        assert!(err.message_for("password").is_some());
    }

    #[test]
    fn a_klien_account_is_bound_to_its_agency_only() {
        let form = UserForm {
            name: "Agus".into(),
            email: " Agus@Dinkes.Madiunkota.go.id ".into(),
            roles: vec!["klien".into()],
            agency: "11".into(),
            vendor: "2".into(),
            password: "sandi-yang-panjang".into(),
            ..Default::default()
        };
        let entry = form.validate().unwrap();
        assert_eq!(entry.email, "agus@dinkes.madiunkota.go.id");
        assert_eq!(entry.agency, Some(AgencyId(11)));
        assert_eq!(entry.vendor, None);
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(check_password("pendek").is_err());
        assert!(check_password("cukup-panjang").is_ok());
    }
}

/// The sign-in form.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    /// Where to go after signing in: a path of this site.
    #[serde(default)]
    pub next: String,
}

/// The message for any failed sign-in: it does not say whether the e-mail exists.
pub const LOGIN_FAILED: &str = "E-mail atau kata sandi salah.";

/// A local path to return to after signing in; anything else goes to the dashboard.
pub fn safe_next(next: &str) -> String {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && !next.starts_with("/masuk");
    if local {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// The accounts page of the admin: every account, and the agencies and vendors to bind them to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserAdmin {
    pub users: Vec<UserSummary>,
    pub agencies: Vec<crate::agency::Agency>,
    pub vendors: Vec<crate::vendor::Vendor>,
}

use leptos::prelude::*;

/// The signed-in user, or none.
#[server(endpoint = "me", input = leptos::server_fn::codec::GetUrl)]
pub async fn current_user() -> Result<Option<Viewer>, AppError> {
    crate::state::reply(crate::auth::optional_viewer().await)
}

/// Signs in; returns the path to go to. Failures are counted per account and per address.
#[server(endpoint = "login")]
pub async fn login(form: LoginForm) -> Result<String, AppError> {
    crate::state::reply(
        async move {
            use crate::auth::{throttle, AuthSession};
            let state = crate::state::app_state()?;
            let db = &state.db;
            let email = form.email.trim().to_lowercase();
            let address = crate::auth::client_address().await;
            let account_key = format!("akun:{email}");
            let address_key = format!("alamat:{address}");
            let now = chrono::Utc::now();
            if let Some(until) = throttle::blocked_until(db, &[account_key.clone(), address_key.clone()], now).await? {
                let at = until.with_timezone(&crate::date::wib()).format("%H:%M");
                return Err(AppError::invalid(
                    "",
                    format!("Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah pukul {at} WIB."),
                ));
            }
            let found = store::find_for_login(db, &email).await?;
            let hash = found.as_ref().filter(|(_, _, active)| *active).map(|(_, hash, _)| hash.clone());
            if !crate::auth::verify_password_blocking(form.password.clone(), hash).await {
                let keys = [(account_key, throttle::ACCOUNT_LIMIT), (address_key, throttle::ADDRESS_LIMIT)];
                throttle::record_failure(db, &keys, now).await?;
                tracing::info!("login gagal untuk akun {email:?} dari {address}");
                return Err(AppError::invalid("", LOGIN_FAILED));
            }
            let (id, _, _) = found.ok_or(AppError::Internal)?;
            throttle::clear(db, &account_key).await?;
            let mut session = leptos_axum::extract::<AuthSession>()
                .await
                .map_err(|e| AppError::internal("auth session", format!("{e:?}")))?;
            let user = session
                .authenticate(id)
                .await
                .map_err(|e| AppError::internal("login", e))?
                .ok_or(AppError::Internal)?;
            session.login(&user).await.map_err(|e| AppError::internal("login", e))?;
            // The account's language follows it to this browser.
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                if let Ok(cookie) = axum::http::HeaderValue::from_str(&user.viewer.locale.cookie()) {
                    response.append_header(axum::http::header::SET_COOKIE, cookie);
                }
            }
            tracing::info!("login berhasil: pengguna {id}");
            let next = safe_next(&form.next);
            if crate::state::is_plain_form_post() {
                leptos_axum::redirect(&next);
            }
            Ok(next)
        }
        .await,
    )
}

/// Signs out.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let mut session = leptos_axum::extract::<crate::auth::AuthSession>()
                .await
                .map_err(|e| AppError::internal("auth session", format!("{e:?}")))?;
            session.logout().await.map_err(|e| AppError::internal("logout", e))?;
            if crate::state::is_plain_form_post() {
                leptos_axum::redirect("/masuk");
            }
            Ok(())
        }
        .await,
    )
}

/// Every account (Admin only).
#[server(endpoint = "users", input = leptos::server_fn::codec::GetUrl)]
pub async fn list_users() -> Result<UserAdmin, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            let db = &crate::state::app_state()?.db;
            Ok(UserAdmin {
                users: store::list(db).await?,
                agencies: crate::agency::store::list(db).await?,
                vendors: crate::vendor::store::list(db).await?,
            })
        }
        .await,
    )
}

/// Adds or changes an account (Admin only).
#[server(endpoint = "save_user")]
pub async fn save_user(user: UserForm) -> Result<UserId, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            let entry = user.validate()?;
            let db = &crate::state::app_state()?.db;
            let id = store::save(db, &entry, &crate::audit::Actor::from(&viewer)).await?;
            if crate::state::is_plain_form_post() {
                leptos_axum::redirect("/admin/pengguna");
            }
            Ok(id)
        }
        .await,
    )
}

/// Activates or deactivates an account (Admin only). A deactivated user cannot sign in and
/// their sessions end.
#[server(endpoint = "set_user_active")]
pub async fn set_user_active(id: UserId, active: bool) -> Result<(), AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            if viewer.id == id && !active {
                return Err(AppError::Conflict("Anda tidak dapat menonaktifkan akun Anda sendiri.".into()));
            }
            let db = &crate::state::app_state()?.db;
            store::set_active(db, id, active, &crate::audit::Actor::from(&viewer)).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::audit::{self, Action, Actor};
    use crate::db::{Db, DbResult, Tx};
    use crate::text::name_key;
    use crate::{on_pool, on_tx};

    #[derive(sqlx::FromRow)]
    struct Row {
        id: UserId,
        name: String,
        email: String,
        active: bool,
        agency_id: Option<AgencyId>,
        agency_name: Option<String>,
        vendor_id: Option<VendorId>,
        vendor_name: Option<String>,
        password_hash: String,
        locale: String,
    }

    const SELECT: &str = "SELECT u.id, u.name, u.email, u.active, u.agency_id, g.name AS agency_name, \
                          u.vendor_id, v.name AS vendor_name, u.password_hash, u.locale \
                          FROM users u LEFT JOIN agencies g ON g.id = u.agency_id LEFT JOIN vendors v ON v.id = u.vendor_id";

    async fn roles_of(db: &Db, id: UserId) -> DbResult<Vec<Role>> {
        let rows: Vec<(String,)> = on_pool!(db, p => sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1")
            .bind(id)
            .fetch_all(p)
            .await)?;
        let mut roles: Vec<Role> = rows.iter().filter_map(|(r,)| Role::parse(r)).collect();
        roles.sort();
        Ok(roles)
    }

    /// The account's id, password hash and whether it is active, by e-mail.
    pub async fn find_for_login(db: &Db, email: &str) -> DbResult<Option<(UserId, String, bool)>> {
        let sql = "SELECT id, password_hash, active FROM users WHERE lower(email) = $1";
        on_pool!(db, p => sqlx::query_as(sql).bind(email.trim().to_lowercase()).fetch_optional(p).await)
    }

    /// An active account as the session sees it, with its password hash.
    pub async fn for_session(db: &Db, id: UserId) -> DbResult<Option<(Viewer, String)>> {
        let sql = format!("{SELECT} WHERE u.id = $1 AND u.active");
        let row: Option<Row> = on_pool!(db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
        let Some(r) = row else { return Ok(None) };
        let roles = roles_of(db, r.id).await?;
        let viewer = Viewer {
            id: r.id,
            name: r.name,
            email: r.email,
            roles,
            agency: r.agency_id,
            agency_name: r.agency_name,
            vendor: r.vendor_id,
            vendor_name: r.vendor_name,
            locale: crate::locale::Locale::parse(&r.locale).unwrap_or_default(),
        };
        Ok(Some((viewer, r.password_hash)))
    }

    pub async fn list(db: &Db) -> DbResult<Vec<UserSummary>> {
        let sql = format!("{SELECT} ORDER BY u.active DESC, u.name");
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(&sql).fetch_all(p).await)?;
        let role_rows: Vec<(UserId, String)> =
            on_pool!(db, p => sqlx::query_as("SELECT user_id, role FROM user_roles").fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let mut roles: Vec<Role> =
                    role_rows.iter().filter(|(u, _)| *u == r.id).filter_map(|(_, role)| Role::parse(role)).collect();
                roles.sort();
                UserSummary {
                    id: r.id,
                    name: r.name,
                    email: r.email,
                    roles,
                    agency_id: r.agency_id,
                    agency_name: r.agency_name,
                    vendor_id: r.vendor_id,
                    vendor_name: r.vendor_name,
                    active: r.active,
                }
            })
            .collect())
    }

    /// What the audit trail keeps of an account: never its password.
    fn audit_value(entry: &UserEntry, active: bool) -> serde_json::Value {
        serde_json::json!({
            "nama": entry.name,
            "email": entry.email,
            "peran": entry.roles.iter().map(|r| r.label()).collect::<Vec<_>>(),
            "opd": entry.agency,
            "pihak_ketiga": entry.vendor,
            "aktif": active,
        })
    }

    async fn current_entry(tx: &mut Tx, id: UserId) -> DbResult<Option<(UserEntry, bool)>> {
        #[derive(sqlx::FromRow)]
        struct Current {
            name: String,
            email: String,
            agency_id: Option<AgencyId>,
            vendor_id: Option<VendorId>,
            active: bool,
        }
        let sql = "SELECT name, email, agency_id, vendor_id, active FROM users WHERE id = $1";
        let row: Option<Current> = on_tx!(tx, c => sqlx::query_as(sql).bind(id).fetch_optional(c).await)?;
        let Some(Current { name, email, agency_id: agency, vendor_id: vendor, active }) = row else {
            return Ok(None);
        };
        let role_rows: Vec<(String,)> = on_tx!(tx, c => sqlx::query_as("SELECT role FROM user_roles WHERE user_id = $1").bind(id).fetch_all(c).await)?;
        let mut roles: Vec<Role> = role_rows.iter().filter_map(|(r,)| Role::parse(r)).collect();
        roles.sort();
        Ok(Some((UserEntry { id: Some(id), name, email, roles, agency, vendor, password: None }, active)))
    }

    async fn write_roles(tx: &mut Tx, id: UserId, roles: &[Role]) -> DbResult<()> {
        on_tx!(tx, c => sqlx::query("DELETE FROM user_roles WHERE user_id = $1")
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        for role in roles {
            on_tx!(tx, c => sqlx::query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
                .bind(id)
                .bind(role.as_str())
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
        }
        Ok(())
    }

    /// Adds or changes an account; a taken e-mail is named at its field.
    pub async fn save(db: &Db, entry: &UserEntry, actor: &Actor) -> Result<UserId, AppError> {
        let hash = match &entry.password {
            Some(password) => Some(crate::auth::hash_password_blocking(password.clone()).await?),
            None => None,
        };
        let mut tx = db.begin().await?;
        let taken: Option<(UserId,)> = on_tx!(&mut tx, c => sqlx::query_as("SELECT id FROM users WHERE lower(email) = $1")
            .bind(&entry.email)
            .fetch_optional(c)
            .await)?;
        if taken.is_some_and(|(other,)| Some(other) != entry.id) {
            return Err(AppError::invalid("email", format!("E-mail {} sudah dipakai akun lain.", entry.email)));
        }
        let now = chrono::Utc::now();
        let id = match entry.id {
            None => {
                let hash =
                    hash.ok_or_else(|| AppError::invalid("password", "Kata sandi wajib diisi untuk akun baru."))?;
                let sql = "INSERT INTO users (name, email, password_hash, active, agency_id, vendor_id, created_at, updated_at) \
                           VALUES ($1, $2, $3, TRUE, $4, $5, $6, $6) RETURNING id";
                let (id,): (UserId,) = on_tx!(&mut tx, c => sqlx::query_as(sql)
                    .bind(&entry.name)
                    .bind(&entry.email)
                    .bind(&hash)
                    .bind(entry.agency)
                    .bind(entry.vendor)
                    .bind(now)
                    .fetch_one(c)
                    .await)?;
                write_roles(&mut tx, id, &entry.roles).await?;
                audit::record(
                    &mut tx,
                    actor,
                    Action::Create,
                    "pengguna",
                    id.0,
                    None,
                    None,
                    Some(audit_value(entry, true)),
                )
                .await?;
                id
            }
            Some(id) => {
                let (before, active) = current_entry(&mut tx, id).await?.ok_or(AppError::NotFound)?;
                let sql = "UPDATE users SET name = $2, email = $3, agency_id = $4, vendor_id = $5, \
                           password_hash = COALESCE($6, password_hash), updated_at = $7 WHERE id = $1";
                on_tx!(&mut tx, c => sqlx::query(sql)
                    .bind(id)
                    .bind(&entry.name)
                    .bind(&entry.email)
                    .bind(entry.agency)
                    .bind(entry.vendor)
                    .bind(&hash)
                    .bind(now)
                    .execute(c)
                    .await
                    .map(|r| r.rows_affected()))?;
                write_roles(&mut tx, id, &entry.roles).await?;
                let mut after = audit_value(entry, active);
                if hash.is_some() {
                    after["kata_sandi"] = "diganti".into();
                }
                audit::record(
                    &mut tx,
                    actor,
                    Action::Update,
                    "pengguna",
                    id.0,
                    None,
                    Some(audit_value(&before, active)),
                    Some(after),
                )
                .await?;
                id
            }
        };
        if entry.roles.contains(&Role::Pic) {
            link_pic_applications(&mut tx, id, &entry.name, actor).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Makes a PIC the PIC of the applications whose form names them and that have no PIC
    /// account yet.
    pub async fn link_pic_applications(tx: &mut Tx, id: UserId, name: &str, actor: &Actor) -> DbResult<usize> {
        let sql = "SELECT id, pic_name FROM applications WHERE pic_user_id IS NULL";
        let rows: Vec<(crate::ids::ApplicationId, String)> = on_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await)?;
        let key = name_key(name);
        let mut linked = 0;
        for (application, pic_name) in rows.into_iter().filter(|(_, pic)| name_key(pic) == key) {
            on_tx!(tx, c => sqlx::query("UPDATE applications SET pic_user_id = $2 WHERE id = $1")
                .bind(application)
                .bind(id)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            audit::record(
                tx,
                actor,
                Action::Update,
                "aplikasi",
                application.0,
                Some(application),
                Some(serde_json::json!({ "pic": pic_name, "akun_pic": null })),
                Some(serde_json::json!({ "pic": pic_name, "akun_pic": id })),
            )
            .await?;
            linked += 1;
        }
        Ok(linked)
    }

    /// The PIC account whose name matches `name`, if there is exactly one.
    pub async fn pic_named(tx: &mut Tx, name: &str) -> DbResult<Option<UserId>> {
        let sql =
            "SELECT u.id, u.name FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'pic' WHERE u.active";
        let rows: Vec<(UserId, String)> = on_tx!(tx, c => sqlx::query_as(sql).fetch_all(c).await)?;
        let key = name_key(name);
        let matches: Vec<UserId> = rows.into_iter().filter(|(_, n)| name_key(n) == key).map(|(id, _)| id).collect();
        Ok(if matches.len() == 1 { Some(matches[0]) } else { None })
    }

    pub async fn set_active(db: &Db, id: UserId, active: bool, actor: &Actor) -> Result<(), AppError> {
        let mut tx = db.begin().await?;
        let (entry, was) = current_entry(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        if was != active {
            on_tx!(&mut tx, c => sqlx::query("UPDATE users SET active = $2, updated_at = $3 WHERE id = $1")
                .bind(id)
                .bind(active)
                .bind(chrono::Utc::now())
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            audit::record(
                &mut tx,
                actor,
                Action::Update,
                "pengguna",
                id.0,
                None,
                Some(audit_value(&entry, was)),
                Some(audit_value(&entry, active)),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
