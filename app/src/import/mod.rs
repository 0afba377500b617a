//! Import of the progress-log sheets staff already keep (FRM-DINKOMINFO-020 as XLSX or CSV).
//!
//! All or nothing: a batch of files with any bad row imports nothing and reports every bad row
//! by sheet, row, column and reason. Importing the same files again changes nothing.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
pub mod plan;
#[cfg(feature = "ssr")]
pub mod sheet;
#[cfg(feature = "ssr")]
pub mod survey;
#[cfg(feature = "ssr")]
pub mod uploads;

/// Why a part of a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportIssue {
    /// The sheet's name (for CSV, the file's name).
    pub sheet: String,
    /// The sheet row, 1 being the first.
    pub row: Option<u32>,
    /// The column's letter and heading, such as "B (Tanggal Pertemuan)".
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Lembar \"{}\"", self.sheet)?;
        if let Some(row) = self.row {
            write!(f, ", baris {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", kolom {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// What a sheet brings, compared with what the database holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetSummary {
    pub file: String,
    pub sheet: String,
    pub application: String,
    pub pic: String,
    pub new_application: bool,
    pub rows_new: usize,
    pub rows_changed: usize,
    pub rows_unchanged: usize,
    pub new_vendors: Vec<String>,
}

/// What a sheet of survey answers brings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub file: String,
    pub responses_new: usize,
    pub responses_changed: usize,
    pub responses_unchanged: usize,
}

/// The outcome of an import, or of its dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ImportReport {
    pub sheets: Vec<SheetSummary>,
    #[serde(default)]
    pub surveys: Vec<SurveySummary>,
    pub issues: Vec<ImportIssue>,
    /// Whether the database was changed.
    pub applied: bool,
}

impl ImportReport {
    pub fn is_clean(&self) -> bool {
        self.issues.is_empty()
    }

    pub fn new_applications(&self) -> usize {
        self.sheets.iter().filter(|s| s.new_application).count()
    }

    pub fn rows_new(&self) -> usize {
        self.sheets.iter().map(|s| s.rows_new).sum()
    }

    pub fn rows_changed(&self) -> usize {
        self.sheets.iter().map(|s| s.rows_changed).sum()
    }

    pub fn rows_unchanged(&self) -> usize {
        self.sheets.iter().map(|s| s.rows_unchanged).sum()
    }

    /// Survey answers new or changed.
    pub fn responses_changed(&self) -> usize {
        self.surveys.iter().map(|s| s.responses_new + s.responses_changed).sum()
    }

    /// Whether importing would change anything.
    pub fn has_changes(&self) -> bool {
        self.new_applications() + self.rows_new() + self.rows_changed() + self.responses_changed() > 0
    }
}

/// What an uploaded batch would import, without importing it.
#[server(endpoint = "import_preview", input = leptos::server_fn::codec::GetUrl)]
pub async fn preview_upload(batch: String) -> Result<ImportReport, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.can_import() {
                return Err(AppError::Forbidden);
            }
            let state = crate::state::app_state()?;
            let files = uploads::load(&state.db, &batch, viewer.id).await?;
            if files.is_empty() {
                return Err(AppError::NotFound);
            }
            plan::run(&state.db, files, plan::Mode::DryRun, &plan::Importer::User(viewer)).await
        }
        .await,
    )
}

/// Imports an uploaded batch; the upload is discarded once it is imported.
#[server(endpoint = "import_apply")]
pub async fn apply_upload(batch: String) -> Result<ImportReport, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            if !viewer.can_import() {
                return Err(AppError::Forbidden);
            }
            let state = crate::state::app_state()?;
            let files = uploads::load(&state.db, &batch, viewer.id).await?;
            if files.is_empty() {
                return Err(AppError::NotFound);
            }
            let report = plan::run(&state.db, files, plan::Mode::Apply, &plan::Importer::User(viewer)).await?;
            if report.applied {
                uploads::discard(&state.db, &batch).await?;
                if crate::state::is_plain_form_post() {
                    leptos_axum::redirect(&format!(
                        "/impor/selesai?aplikasi={}&baris={}&diubah={}",
                        report.new_applications(),
                        report.rows_new(),
                        report.rows_changed()
                    ));
                }
            }
            Ok(report)
        }
        .await,
    )
}
