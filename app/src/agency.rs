//! Agencies (OPD): the city's organisational units that commission applications.

use crate::error::AppError;
pub use crate::ids::AgencyId;
use crate::text::name_key;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    pub id: AgencyId,
    pub name: String,
    pub abbreviation: String,
}

impl Agency {
    /// Whether `text` names this agency, by its full name or its abbreviation.
    pub fn is_named(&self, text: &str) -> bool {
        let key = name_key(text);
        !key.is_empty() && (key == name_key(&self.name) || key == name_key(&self.abbreviation))
    }
}

/// Finds the agency that `text` names, by full name or abbreviation.
pub fn find_named<'a>(agencies: &'a [Agency], text: &str) -> Option<&'a Agency> {
    agencies.iter().find(|a| a.is_named(text))
}

/// Splits "Nama Klien (OPD)" such as "Agus Prasetyo (Dinkes)" into the contact's name and the
/// agency text. Without parentheses the whole text is the agency.
pub fn split_client(text: &str) -> (String, String) {
    let text = text.trim();
    if let (Some(open), true) = (text.rfind('('), text.ends_with(')')) {
        let name = text[..open].trim().to_string();
        let agency = text[open + 1..text.len() - 1].trim().to_string();
        return (name, agency);
    }
    (String::new(), text.to_string())
}

/// "Agus Prasetyo (Dinkes)", as the form writes Nama Klien (OPD).
pub fn client_label(client_name: &str, agency_abbreviation: &str) -> String {
    if client_name.is_empty() {
        agency_abbreviation.to_string()
    } else {
        format!("{client_name} ({agency_abbreviation})")
    }
}

/// The city's agencies, shipped with Pendamping as reference data.
pub const REFERENCE_CSV: &str = include_str!("../data/opd-kota-madiun.csv");

/// An agency as the admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRecord {
    pub id: AgencyId,
    pub name: String,
    pub abbreviation: String,
    pub active: bool,
}

/// The agency form of the admin pages, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgencyForm {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub abbreviation: String,
    /// "on" when the box "aktif" is ticked.
    #[serde(default)]
    pub active: String,
}

impl AgencyForm {
    pub fn validate(&self) -> Result<AgencyRecord, AppError> {
        let mut errors = Vec::new();
        let name = crate::text::one_line(&self.name);
        let abbreviation = crate::text::one_line(&self.abbreviation);
        if name.is_empty() {
            errors.push(crate::error::FieldError { field: "name".into(), message: "Nama OPD wajib diisi.".into() });
        }
        if abbreviation.is_empty() {
            errors.push(crate::error::FieldError {
                field: "abbreviation".into(),
                message: "Singkatan wajib diisi.".into(),
            });
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(AgencyRecord {
            id: self.id.parse().unwrap_or(AgencyId(0)),
            name,
            abbreviation,
            active: self.id.trim().is_empty() || self.active == "on",
        })
    }
}

/// Every agency, active or not (Admin only).
#[server(endpoint = "admin_agencies", input = leptos::server_fn::codec::GetUrl)]
pub async fn admin_agencies() -> Result<Vec<AgencyRecord>, AppError> {
    crate::state::reply(
        async move {
            if !crate::auth::viewer().await?.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            Ok(store::list_all(&crate::state::app_state()?.db).await?)
        }
        .await,
    )
}

/// Adds or changes an agency (Admin only).
#[server(endpoint = "save_agency")]
pub async fn save_agency(agency: AgencyForm) -> Result<AgencyId, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.manages_accounts() {
                return Err(AppError::Forbidden);
            }
            let record = agency.validate()?;
            store::save(&crate::state::app_state()?.db, &record, &crate::audit::Actor::from(&viewer)).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::db::{Db, DbResult};
    use crate::on_pool;

    #[derive(sqlx::FromRow)]
    struct Row {
        id: AgencyId,
        name: String,
        abbreviation: String,
    }

    impl From<Row> for Agency {
        fn from(r: Row) -> Self {
            Agency { id: r.id, name: r.name, abbreviation: r.abbreviation }
        }
    }

    pub async fn list(db: &Db) -> DbResult<Vec<Agency>> {
        let sql = "SELECT id, name, abbreviation FROM agencies WHERE active ORDER BY name";
        let rows: Vec<Row> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
        Ok(rows.into_iter().map(Agency::from).collect())
    }

    pub async fn list_all(db: &Db) -> DbResult<Vec<AgencyRecord>> {
        let sql = "SELECT id, name, abbreviation, active FROM agencies ORDER BY active DESC, name";
        let rows: Vec<(AgencyId, String, String, bool)> = on_pool!(db, p => sqlx::query_as(sql).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, name, abbreviation, active)| AgencyRecord { id, name, abbreviation, active })
            .collect())
    }

    /// Adds an agency (id 0) or changes one; a name or abbreviation in use is named at its field.
    pub async fn save(db: &Db, record: &AgencyRecord, actor: &crate::audit::Actor) -> Result<AgencyId, AppError> {
        use crate::audit::Action;
        let mut tx = db.begin().await?;
        let clash: Vec<(AgencyId, String, String)> = crate::on_tx!(&mut tx, c => sqlx::query_as(
            "SELECT id, name, abbreviation FROM agencies WHERE lower(name) = lower($1) OR lower(abbreviation) = lower($2)",
        )
        .bind(&record.name)
        .bind(&record.abbreviation)
        .fetch_all(c)
        .await)?;
        if let Some((_, name, abbreviation)) = clash.iter().find(|(id, _, _)| *id != record.id) {
            if name.eq_ignore_ascii_case(&record.name) {
                return Err(AppError::invalid("name", format!("OPD \"{name}\" sudah ada.")));
            }
            return Err(AppError::invalid("abbreviation", format!("Singkatan \"{abbreviation}\" sudah dipakai.")));
        }
        let value =
            |r: &AgencyRecord| serde_json::json!({"nama": r.name, "singkatan": r.abbreviation, "aktif": r.active});
        let id = if record.id.0 == 0 {
            let (id,): (AgencyId,) = crate::on_tx!(&mut tx, c => sqlx::query_as(
                "INSERT INTO agencies (name, abbreviation, active) VALUES ($1, $2, TRUE) RETURNING id",
            )
            .bind(&record.name)
            .bind(&record.abbreviation)
            .fetch_one(c)
            .await)?;
            crate::audit::record(&mut tx, actor, Action::Create, "opd", id.0, None, None, Some(value(record))).await?;
            id
        } else {
            let before: Option<(String, String, bool)> = crate::on_tx!(&mut tx, c => sqlx::query_as(
                "SELECT name, abbreviation, active FROM agencies WHERE id = $1",
            )
            .bind(record.id)
            .fetch_optional(c)
            .await)?;
            let (name, abbreviation, active) = before.ok_or(AppError::NotFound)?;
            crate::on_tx!(&mut tx, c => sqlx::query("UPDATE agencies SET name = $2, abbreviation = $3, active = $4 WHERE id = $1")
                .bind(record.id)
                .bind(&record.name)
                .bind(&record.abbreviation)
                .bind(record.active)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            let before = AgencyRecord { id: record.id, name, abbreviation, active };
            crate::audit::record(
                &mut tx,
                actor,
                Action::Update,
                "opd",
                record.id.0,
                None,
                Some(value(&before)),
                Some(value(record)),
            )
            .await?;
            record.id
        };
        tx.commit().await?;
        Ok(id)
    }

    /// Loads the city's list into an empty agencies table; a table that has agencies is left as
    /// the admin keeps it. Returns the number added.
    pub async fn seed_reference(db: &Db) -> DbResult<usize> {
        let mut reader = csv::Reader::from_reader(REFERENCE_CSV.as_bytes());
        let mut entries = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| sqlx::Error::Protocol(format!("reference OPD list: {e}")))?;
            entries.push((record[0].trim().to_string(), record[1].trim().to_string()));
        }
        let mut tx = db.begin().await?;
        let added = crate::on_tx!(&mut tx, c => {
            let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM agencies").fetch_one(&mut *c).await?;
            if count > 0 {
                0
            } else {
                for (name, abbreviation) in &entries {
                    sqlx::query("INSERT INTO agencies (name, abbreviation) VALUES ($1, $2)")
                        .bind(name)
                        .bind(abbreviation)
                        .execute(&mut *c)
                        .await?;
                }
                entries.len()
            }
        });
        tx.commit().await?;
        Ok(added)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dinkes() -> Agency {
        Agency { id: AgencyId(11), name: "Dinas Kesehatan".into(), abbreviation: "Dinkes".into() }
    }

    #[test]
    fn a_client_is_split_into_name_and_agency() {
        assert_eq!(split_client("Agus Prasetyo (Dinkes)"), ("Agus Prasetyo".into(), "Dinkes".into()));
        assert_eq!(split_client(" Dinkes "), (String::new(), "Dinkes".into()));
        assert_eq!(
            split_client("Rudi (Kepala Seksi) (Dinas Kesehatan)"),
            ("Rudi (Kepala Seksi)".into(), "Dinas Kesehatan".into())
        );
    }

    #[test]
    fn an_agency_is_named_by_name_or_abbreviation() {
        let a = dinkes();
        assert!(a.is_named("Dinkes"));
        assert!(a.is_named("DINKES"));
        assert!(a.is_named("dinas  kesehatan"));
        assert!(!a.is_named("Dindik"));
        assert!(!a.is_named(""));
    }

    #[test]
    fn the_reference_list_has_the_citys_agencies() {
        let lines: Vec<&str> = REFERENCE_CSV.lines().skip(1).filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 31);
        assert!(REFERENCE_CSV.contains("Dinas Kesehatan,Dinkes"));
    }
}
