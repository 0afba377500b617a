//! Matching imported forms with the database, and writing them in one transaction.

use super::form::{read_form, FormRow, FormSheet};
use super::sheet::{read_file, Cell};
use super::uploads::UploadedFile;
use super::{ImportIssue, ImportReport, SheetSummary};
use crate::account::{Role, Viewer};
use crate::agency::{find_named, Agency};
use crate::application::store::NewApplication;
use crate::audit::Actor;
use crate::db::{Db, Tx};
use crate::error::AppError;
use crate::ids::{ApplicationId, UserId};
use crate::meeting::store::RowValues;
use crate::meeting::Meeting;
use crate::text::name_key;
use crate::{application, meeting, vendor};
use chrono::NaiveDate;

/// Who imports: a signed-in user, with the rights of their roles, or the command line.
#[derive(Debug, Clone)]
pub enum Importer {
    User(Viewer),
    CommandLine,
}

impl Importer {
    fn actor(&self) -> Actor {
        match self {
            Importer::User(viewer) => Actor::from(viewer),
            Importer::CommandLine => Actor::system("impor baris perintah"),
        }
    }

    /// Whether the "TTD Kasie" column is taken as the Kasi's signature on paper. Only the
    /// migration of old paper logs (the command line, an admin) may carry it; a PIC's sheet never
    /// signs its own rows: the Kasi signs them in Pendamping.
    fn carries_signatures(&self) -> bool {
        match self {
            Importer::CommandLine => true,
            Importer::User(viewer) => viewer.has(Role::Admin),
        }
    }

    /// An admin and the command line import any sheet; a PIC only the sheets of applications
    /// they are PIC of, or of new ones that name them as PIC.
    fn may_write(&self, pic: Option<UserId>) -> bool {
        match self {
            Importer::CommandLine => true,
            Importer::User(viewer) => viewer.has(Role::Admin) || viewer.can_edit_log(pic),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Work out what would change, then leave the database as it was.
    DryRun,
    /// Write the changes, if the files have no bad row.
    Apply,
}

/// Reads `files`, compares them with the database and, in [`Mode::Apply`] and without issues,
/// writes them. The database is unchanged unless the report says `applied`.
pub async fn run(db: &Db, files: Vec<UploadedFile>, mode: Mode, importer: &Importer) -> Result<ImportReport, AppError> {
    let mut report = ImportReport::default();
    // Reading a workbook is CPU work: keep it off the async workers.
    let (forms, surveys, issues) = tokio::task::spawn_blocking(move || {
        let mut issues = Vec::new();
        let (survey_files, form_files): (Vec<UploadedFile>, Vec<UploadedFile>) =
            files.into_iter().partition(|(name, bytes)| super::survey::is_survey_csv(name, bytes));
        let forms = read_forms(&form_files, &mut issues);
        let mut surveys = Vec::new();
        for (name, bytes) in &survey_files {
            let (rows, found) = super::survey::read(name, bytes);
            issues.extend(found);
            surveys.push((name.clone(), rows));
        }
        (forms, surveys, issues)
    })
    .await
    .map_err(|e| AppError::internal("import", e))?;
    report.issues = issues;
    let agencies = crate::agency::store::list(db).await?;
    check_agencies(&forms, &agencies, &mut report.issues);

    let mut tx = db.begin().await?;
    for (file, form) in &forms {
        let summary = write_form(&mut tx, file, form, &agencies, importer, &mut report.issues).await?;
        report.sheets.push(summary);
    }
    // Survey answers after the forms: they may name an application the forms bring.
    for (file, rows) in &surveys {
        let summary = write_survey(&mut tx, file, rows, &agencies, importer, &mut report.issues).await?;
        report.surveys.push(summary);
    }
    if mode == Mode::Apply && report.issues.is_empty() {
        tx.commit().await?;
        report.applied = true;
    } else {
        tx.rollback().await?;
    }
    Ok(report)
}

/// Every sheet that reads as the form, with the file it came from. Empty sheets are skipped.
fn read_forms(files: &[UploadedFile], issues: &mut Vec<ImportIssue>) -> Vec<(String, FormSheet)> {
    let mut forms: Vec<(String, FormSheet)> = Vec::new();
    for (file, bytes) in files {
        let sheets = match read_file(file, bytes) {
            Ok(sheets) => sheets,
            Err(message) => {
                issues.push(ImportIssue { sheet: file.clone(), row: None, column: None, message });
                continue;
            }
        };
        for sheet in sheets.iter().filter(|s| !s.rows.iter().flatten().all(Cell::is_blank)) {
            let (form, found) = read_form(sheet);
            issues.extend(found);
            let Some(form) = form else { continue };
            let twin = forms.iter().find(|(_, f)| name_key(&f.application) == name_key(&form.application));
            if let Some((twin_file, twin)) = twin {
                issues.push(ImportIssue {
                    sheet: form.sheet.clone(),
                    row: None,
                    column: None,
                    message: format!(
                        "Aplikasi \"{}\" juga ada pada lembar \"{}\" ({twin_file}); satu aplikasi satu lembar.",
                        form.application, twin.sheet
                    ),
                });
            } else {
                forms.push((file.clone(), form));
            }
        }
    }
    forms
}

fn check_agencies(forms: &[(String, FormSheet)], agencies: &[Agency], issues: &mut Vec<ImportIssue>) {
    for (_, form) in forms {
        for row in &form.rows {
            if find_named(agencies, &row.agency_text).is_none() {
                issues.push(ImportIssue {
                    sheet: form.sheet.clone(),
                    row: Some(row.line),
                    column: Some(format!("{} (Nama Klien (OPD))", super::form::column_letter(form.client_column))),
                    message: format!(
                        "OPD \"{}\" tidak ada dalam daftar OPD; tulis nama atau singkatannya, misalnya \"Dinkes\".",
                        row.agency_text
                    ),
                });
            }
        }
    }
}

/// Compares one form with its application's rows in the database and writes the difference.
async fn write_form(
    tx: &mut Tx,
    file: &str,
    form: &FormSheet,
    agencies: &[Agency],
    importer: &Importer,
    issues: &mut Vec<ImportIssue>,
) -> Result<SheetSummary, AppError> {
    let actor = importer.actor();
    let signatures = importer.carries_signatures();
    let mut summary = SheetSummary {
        file: file.to_string(),
        sheet: form.sheet.clone(),
        application: form.application.clone(),
        pic: form.pic.clone(),
        new_application: false,
        rows_new: 0,
        rows_changed: 0,
        rows_unchanged: 0,
        new_vendors: Vec::new(),
    };
    // Rows whose agency is unknown were reported; the rest are still compared for the preview.
    let rows: Vec<(&FormRow, &Agency)> =
        form.rows.iter().filter_map(|r| find_named(agencies, &r.agency_text).map(|a| (r, a))).collect();
    let Some((first, first_agency)) = rows.first().copied() else {
        return Ok(summary);
    };

    let refuse = |issues: &mut Vec<ImportIssue>, message: String| {
        issues.push(ImportIssue { sheet: form.sheet.clone(), row: None, column: None, message })
    };
    let (application, existing) = match application::store::find_by_name(tx, &form.application).await? {
        Some(reach) => {
            if !importer.may_write(reach.pic_user_id) {
                refuse(
                    issues,
                    format!(
                        "Anda bukan PIC aplikasi \"{}\"; lembar ini hanya dapat diimpor oleh PIC-nya atau admin.",
                        form.application
                    ),
                );
                return Ok(summary);
            }
            (reach.id, meeting::store::list_in_tx(tx, reach.id).await?)
        }
        None => {
            let pic_user = crate::account::store::pic_named(tx, &form.pic).await?;
            if !importer.may_write(pic_user) {
                refuse(
                    issues,
                    format!(
                        "PIC pada kepala formulir (\"{}\") bukan Anda; aplikasi baru hanya dapat diimpor oleh PIC-nya atau admin.",
                        form.pic
                    ),
                );
                return Ok(summary);
            }
            let vendor = vendor_for(tx, &first.vendor, &actor, &mut summary).await?;
            let new = NewApplication {
                name: &form.application,
                agency: first_agency.id,
                vendor,
                pic_name: &form.pic,
                pic_user,
            };
            summary.new_application = true;
            (application::store::insert(tx, new, &actor).await?, Vec::new())
        }
    };

    for (row, agency) in rows {
        let row = &FormRow { signed: row.signed && signatures, ..row.clone() };
        let existing_row = existing.iter().find(|m| m.no == Some(row.no));
        match existing_row {
            Some(current) if same_content(current, row, agency) && (current.signed || !row.signed) => {
                summary.rows_unchanged += 1;
            }
            Some(current) if current.signed => issues.push(ImportIssue {
                sheet: form.sheet.clone(),
                row: Some(row.line),
                column: None,
                message: format!(
                    "Baris No {} sudah ditandatangani Kasi di Pendamping dan isinya berbeda dengan berkas; \
                     baris yang sudah ditandatangani tidak dapat diubah lewat impor.",
                    row.no
                ),
            }),
            Some(current) => {
                let vendor = vendor_for(tx, &row.vendor, &actor, &mut summary).await?;
                meeting::store::update(tx, current.id, &values(application, row, agency, vendor), &actor).await?;
                summary.rows_changed += 1;
            }
            None => {
                let vendor = vendor_for(tx, &row.vendor, &actor, &mut summary).await?;
                meeting::store::insert(tx, &values(application, row, agency, vendor), &actor).await?;
                summary.rows_new += 1;
            }
        }
    }
    Ok(summary)
}

async fn vendor_for(
    tx: &mut Tx,
    name: &str,
    actor: &Actor,
    summary: &mut SheetSummary,
) -> Result<crate::ids::VendorId, AppError> {
    let (vendor, created) = vendor::store::find_or_create(tx, name, actor).await?;
    if created {
        summary.new_vendors.push(vendor.name);
    }
    Ok(vendor.id)
}

fn same_content(current: &Meeting, row: &FormRow, agency: &Agency) -> bool {
    current.date == row.date
        && current.client_name == row.client_name
        && current.agency_id == agency.id
        && name_key(&current.vendor_name) == name_key(&row.vendor)
        && current.progress == row.progress
        && current.notes == row.notes
}

fn values<'a>(
    application: ApplicationId,
    row: &'a FormRow,
    agency: &Agency,
    vendor: crate::ids::VendorId,
) -> RowValues<'a> {
    RowValues {
        application,
        no: row.no,
        date: row.date,
        client_name: &row.client_name,
        agency: agency.id,
        vendor,
        progress: &row.progress,
        notes: &row.notes,
        signed: row.signed,
    }
}

/// Compares a sheet of survey answers with the database and writes the difference. Only the
/// command line and an admin import answers: they are the agencies' word, not the office's.
async fn write_survey(
    tx: &mut Tx,
    file: &str,
    rows: &[super::survey::SurveyRow],
    agencies: &[Agency],
    importer: &Importer,
    issues: &mut Vec<ImportIssue>,
) -> Result<super::SurveySummary, AppError> {
    use crate::on_tx;
    let mut summary =
        super::SurveySummary { file: file.to_string(), responses_new: 0, responses_changed: 0, responses_unchanged: 0 };
    let sheet = file.rsplit(['/', '\\']).next().unwrap_or(file).to_string();
    if !importer.carries_signatures() {
        issues.push(ImportIssue {
            sheet,
            row: None,
            column: None,
            message: "Hanya admin yang dapat mengimpor jawaban survei.".into(),
        });
        return Ok(summary);
    }
    let issue = |row: &super::survey::SurveyRow, message: String| ImportIssue {
        sheet: sheet.clone(),
        row: Some(row.line),
        column: None,
        message,
    };
    for row in rows {
        let Some(reach) = application::store::find_by_name(tx, &row.application).await? else {
            issues.push(issue(row, format!("Aplikasi \"{}\" tidak ada di Pendamping.", row.application)));
            continue;
        };
        match find_named(agencies, &row.agency) {
            Some(a) if a.id == reach.agency_id => {}
            _ => {
                issues.push(issue(row, format!("OPD \"{}\" bukan OPD aplikasi \"{}\".", row.agency, row.application)));
                continue;
            }
        }
        let vendor_ok = vendor::store::find_by_name(tx, &row.vendor).await?.is_some_and(|v| v.id == reach.vendor_id);
        if !vendor_ok {
            issues.push(issue(
                row,
                format!("Pihak ketiga \"{}\" bukan pihak ketiga aplikasi \"{}\".", row.vendor, row.application),
            ));
            continue;
        }
        let survey = crate::survey::store::survey_for(tx, reach.id, crate::date::Month::of(row.date)).await?;
        // Each line of the office's sheet is an answer of its own: the sheet has people who
        // answered twice in a month, and both answers count.
        let key = format!("n:{}:{}", name_key(&row.respondent), row.date);
        #[allow(clippy::type_complexity)]
        let existing: Option<(
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            String,
            NaiveDate,
        )> = on_tx!(tx, c => sqlx::query_as(
                "SELECT ketepatan_waktu, kualitas_hasil, komunikasi, tindak_lanjut, dokumentasi, comment, answered_on \
                 FROM survey_responses WHERE survey_id = $1 AND respondent_key = $2",
            )
            .bind(survey)
            .bind(&key)
            .fetch_optional(c)
            .await)?;
        let scores: Vec<Option<i64>> = row.answers.iter().map(|a| a.map(i64::from)).collect();
        if let Some((a, b, c, d, e, comment, date)) = &existing {
            if [*a, *b, *c, *d, *e].as_slice() == scores.as_slice() && *comment == row.comment && *date == row.date {
                summary.responses_unchanged += 1;
                continue;
            }
        }
        let now = chrono::Utc::now();
        on_tx!(tx, c => sqlx::query(
            "INSERT INTO survey_responses (survey_id, user_id, respondent, respondent_key, answered_on, ketepatan_waktu, \
             kualitas_hasil, komunikasi, tindak_lanjut, dokumentasi, comment, created_at, updated_at) \
             VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
             ON CONFLICT (survey_id, respondent_key) DO UPDATE SET answered_on = $4, ketepatan_waktu = $5, \
             kualitas_hasil = $6, komunikasi = $7, tindak_lanjut = $8, dokumentasi = $9, comment = $10, updated_at = $11",
        )
        .bind(survey)
        .bind(&row.respondent)
        .bind(&key)
        .bind(row.date)
        .bind(scores[0])
        .bind(scores[1])
        .bind(scores[2])
        .bind(scores[3])
        .bind(scores[4])
        .bind(&row.comment)
        .bind(now)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
        if existing.is_some() {
            summary.responses_changed += 1;
        } else {
            summary.responses_new += 1;
        }
    }
    Ok(summary)
}
