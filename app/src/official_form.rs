//! Form FRM-DINKOMINFO-020 as the office files it: an application's rows over a range of dates,
//! for the print view, and (on the server) as PDF, XLSX and CSV. The form is always in Indonesian.

use crate::application::{Application, ApplicationId};
use crate::date::{format_instant, format_numeric, parse_date};
use crate::error::{AppError, FieldError};
use crate::meeting::Meeting;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const OFFICE: &str = "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun";
pub const TITLE: &str = "FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-Dinkominfo-020)";
pub const COLUMNS: [&str; 7] = [
    "No",
    "Tanggal Pertemuan",
    "Nama Klien (OPD)",
    "Pihak Ketiga",
    "Deskripsi Laporan Progress",
    "Catatan",
    "TTD Kasie",
];

/// The dates a form covers; both ends are included and either may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Reads `dari` and `sampai` as typed (25/02/2025 or the date field's 2025-02-25); blank means open.
    pub fn parse(from: &str, to: &str) -> Result<DateRange, AppError> {
        let mut errors = Vec::new();
        let mut read = |field: &str, label: &str, text: &str| -> Option<NaiveDate> {
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            let parsed = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().map(Ok).unwrap_or_else(|| parse_date(text));
            match parsed {
                Ok(date) => Some(date),
                Err(message) => {
                    errors.push(FieldError { field: field.into(), message: format!("{label}: {message}") });
                    None
                }
            }
        };
        let range = DateRange { from: read("dari", "Dari tanggal", from), to: read("sampai", "Sampai tanggal", to) };
        if let (Some(from), Some(to)) = (range.from, range.to) {
            if from > to {
                errors.push(FieldError {
                    field: "sampai".into(),
                    message: "Sampai tanggal harus sama dengan atau sesudah Dari tanggal.".into(),
                });
            }
        }
        if errors.is_empty() {
            Ok(range)
        } else {
            Err(AppError::Invalid(errors))
        }
    }

    pub fn includes(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| date >= f) && self.to.is_none_or(|t| date <= t)
    }

    pub fn is_whole_project(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    /// "Seluruh proyek", or "01/02/2025 s.d. 30/04/2025".
    pub fn label(&self) -> String {
        match (self.from, self.to) {
            (None, None) => "Seluruh proyek".into(),
            (Some(f), None) => format!("Sejak {}", format_numeric(f)),
            (None, Some(t)) => format!("Sampai {}", format_numeric(t)),
            (Some(f), Some(t)) => format!("{} s.d. {}", format_numeric(f), format_numeric(t)),
        }
    }

    /// `dari=2025-02-01&sampai=2025-04-30`, for links to the same range.
    pub fn query(&self) -> String {
        let iso = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
        format!("dari={}&sampai={}", iso(self.from), iso(self.to))
    }

    /// A suffix for file names: "" or "-2025-02-01-2025-04-30".
    pub fn file_suffix(&self) -> String {
        let iso = |d: Option<NaiveDate>, open: &str| d.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or(open.into());
        if self.is_whole_project() {
            String::new()
        } else {
            format!("-{}-{}", iso(self.from, "awal"), iso(self.to, "akhir"))
        }
    }
}

/// One application's form over a range of dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficialForm {
    pub application: Application,
    pub range: DateRange,
    pub rows: Vec<Meeting>,
}

/// The TTD Kasie cell: the signer, when, and the fingerprint of what was signed; "ttd" for a row
/// signed on paper; empty for a row not signed.
pub fn signature_text(row: &Meeting) -> String {
    if !row.signed {
        return String::new();
    }
    match (&row.signer_name, row.signed_at, &row.fingerprint) {
        (Some(name), Some(at), Some(fingerprint)) => {
            format!("{name}\n{}\nSidik: {}", format_instant(at), short_fingerprint(fingerprint))
        }
        _ => "ttd (di atas kertas)".into(),
    }
}

/// The first 16 hex digits of a fingerprint, in groups of four, as a person compares them.
pub fn short_fingerprint(fingerprint: &str) -> String {
    let head: Vec<char> = fingerprint.chars().take(16).collect();
    head.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// "sistem-informasi-kepegawaian": an application's name for a file name.
pub fn file_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_matches('-');
    let stem: String = stem.chars().take(60).collect();
    if stem.is_empty() {
        "aplikasi".into()
    } else {
        stem.trim_end_matches('-').to_string()
    }
}

/// An application's form for the print view, within the viewer's scope.
#[server(endpoint = "official_form", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_official_form(
    id: ApplicationId,
    #[server(default)] dari: String,
    #[server(default)] sampai: String,
) -> Result<OfficialForm, AppError> {
    crate::state::reply(
        async move {
            let viewer = crate::auth::viewer().await?;
            let state = crate::state::app_state()?;
            let range = DateRange::parse(&dari, &sampai)?;
            store::form(&state.db, id, range, &viewer).await?.ok_or(AppError::NotFound)
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::account::Viewer;
    use crate::application::ApplicationFilter;
    use crate::db::{Db, DbResult};

    /// An application's form, or nothing when it does not exist or is outside the viewer's scope.
    pub async fn form(db: &Db, id: ApplicationId, range: DateRange, viewer: &Viewer) -> DbResult<Option<OfficialForm>> {
        let Some(application) =
            crate::application::store::get(db, id).await?.filter(|a| viewer.scope().includes(a.agency.id, a.vendor.id))
        else {
            return Ok(None);
        };
        let rows = crate::meeting::store::list_for_application(db, id)
            .await?
            .into_iter()
            .filter(|m| range.includes(m.date))
            .collect();
        Ok(Some(OfficialForm { application, range, rows }))
    }

    /// The forms of every application in the viewer's scope, by name.
    pub async fn all_forms(db: &Db, range: DateRange, viewer: &Viewer) -> DbResult<Vec<OfficialForm>> {
        let mut forms = Vec::new();
        for summary in crate::application::store::list(db, ApplicationFilter::default(), viewer.scope()).await? {
            if let Some(form) = form(db, summary.id, range, viewer).await? {
                forms.push(form);
            }
        }
        Ok(forms)
    }
}

/// The files: PDF (typst, fonts in the binary), XLSX and CSV in the layout the office keeps.
#[cfg(feature = "ssr")]
pub mod files {
    use super::*;
    use crate::date::format_short;
    use crate::export_text::cell_text;
    use chrono::Datelike;
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
    use std::sync::OnceLock;
    use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

    fn xlsx_error(e: XlsxError) -> AppError {
        AppError::internal("xlsx", e)
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique in the book.
    pub fn sheet_name(name: &str, taken: &mut Vec<String>) -> String {
        let clean: String =
            name.chars().map(|c| if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') { ' ' } else { c }).collect();
        let clean = clean.trim().trim_matches('\'').to_string();
        let base = if clean.is_empty() { "Aplikasi".to_string() } else { clean };
        let mut n = 1;
        loop {
            let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
            let head: String = base.chars().take(31 - suffix.chars().count()).collect();
            let candidate = format!("{}{suffix}", head.trim_end());
            if !taken.iter().any(|t| t.to_lowercase() == candidate.to_lowercase()) {
                taken.push(candidate.clone());
                return candidate;
            }
            n += 1;
        }
    }

    struct Formats {
        title: Format,
        label: Format,
        head: Format,
        text: Format,
        number: Format,
        date: Format,
    }

    impl Formats {
        fn new() -> Formats {
            let border = |f: Format| f.set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
            Formats {
                title: Format::new().set_bold(),
                label: Format::new().set_bold(),
                head: border(Format::new().set_bold().set_background_color("D9E2EC").set_text_wrap()),
                // The quote prefix keeps a cell that starts with = + - @ as text in Excel and
                // LibreOffice, while its value stays exactly what the user typed.
                text: border(Format::new().set_text_wrap().set_quote_prefix()),
                number: border(Format::new().set_num_format("0")),
                date: border(Format::new().set_num_format("dd/mm/yy")),
            }
        }
    }

    fn write_form(sheet: &mut Worksheet, form: &OfficialForm, f: &Formats) -> Result<(), XlsxError> {
        for (col, width) in [5.0, 12.0, 28.0, 26.0, 60.0, 44.0, 30.0].iter().enumerate() {
            sheet.set_column_width(col as u16, *width)?;
        }
        sheet.set_landscape();
        sheet.set_paper_size(9);
        sheet.write_string_with_format(0, 0, OFFICE, &f.title)?;
        sheet.write_string_with_format(1, 0, TITLE, &f.title)?;
        sheet.write_string_with_format(2, 0, "Nama Aplikasi", &f.label)?;
        sheet.write_string_with_format(2, 1, &form.application.name, &Format::new().set_quote_prefix())?;
        sheet.write_string_with_format(2, 3, "PIC", &f.label)?;
        sheet.write_string_with_format(2, 4, &form.application.pic_name, &Format::new().set_quote_prefix())?;
        let mut header = 3;
        if !form.range.is_whole_project() {
            sheet.write_string_with_format(3, 0, "Periode", &f.label)?;
            sheet.write_string(3, 1, form.range.label())?;
            header = 4;
        }
        for (col, name) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(header, col as u16, *name, &f.head)?;
        }
        sheet.set_repeat_rows(header, header)?;
        for (i, row) in form.rows.iter().enumerate() {
            let r = header + 1 + i as u32;
            match row.no {
                Some(no) => sheet.write_number_with_format(r, 0, no as f64, &f.number)?,
                None => sheet.write_blank(r, 0, &f.number)?,
            };
            let date = ExcelDateTime::from_ymd(row.date.year() as u16, row.date.month() as u8, row.date.day() as u8)?;
            sheet.write_datetime_with_format(r, 1, &date, &f.date)?;
            sheet.write_string_with_format(r, 2, row.client_label(), &f.text)?;
            sheet.write_string_with_format(r, 3, &row.vendor_name, &f.text)?;
            sheet.write_string_with_format(r, 4, &row.progress, &f.text)?;
            sheet.write_string_with_format(r, 5, &row.notes, &f.text)?;
            sheet.write_string_with_format(r, 6, signature_text(row), &f.text)?;
        }
        Ok(())
    }

    /// Forms as one workbook, a sheet per application.
    pub fn xlsx(forms: &[OfficialForm]) -> Result<Vec<u8>, AppError> {
        let mut book = Workbook::new();
        let formats = Formats::new();
        let mut taken = Vec::new();
        for form in forms {
            let sheet = book.add_worksheet();
            sheet.set_name(sheet_name(&form.application.name, &mut taken)).map_err(xlsx_error)?;
            write_form(sheet, form, &formats).map_err(xlsx_error)?;
        }
        if forms.is_empty() {
            let sheet = book.add_worksheet();
            sheet.write_string(0, 0, "Tidak ada aplikasi yang dapat Anda lihat.").map_err(xlsx_error)?;
        }
        book.save_to_buffer().map_err(xlsx_error)
    }

    /// A form as CSV in the office's layout: UTF-8 with a byte-order mark (so that Excel reads the
    /// letters right), comma separated, dates dd/mm/yy, formulas neutralised.
    pub fn csv(form: &OfficialForm) -> Result<Vec<u8>, AppError> {
        let mut out = Vec::from("\u{feff}".as_bytes());
        {
            let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(&mut out);
            let mut write =
                |record: Vec<String>| writer.write_record(&record).map_err(|e| AppError::internal("csv", e));
            write(vec![OFFICE.into()])?;
            write(vec![TITLE.into()])?;
            write(vec![
                "Nama Aplikasi".into(),
                cell_text(&form.application.name),
                String::new(),
                "PIC".into(),
                cell_text(&form.application.pic_name),
            ])?;
            if !form.range.is_whole_project() {
                write(vec!["Periode".into(), form.range.label()])?;
            }
            write(COLUMNS.iter().map(|c| c.to_string()).collect())?;
            for row in &form.rows {
                write(vec![
                    row.no.map(|n| n.to_string()).unwrap_or_default(),
                    format_short(row.date),
                    cell_text(&row.client_label()),
                    cell_text(&row.vendor_name),
                    cell_text(&row.progress),
                    cell_text(&row.notes),
                    cell_text(&signature_text(row)),
                ])?;
            }
            writer.flush().map_err(|e| AppError::internal("csv", e))?;
        }
        Ok(out)
    }

    /// Long runs without a space (a URL, a hash) get invisible break points, so that the PDF wraps
    /// them inside their cell instead of running past its edge. Nothing visible is added.
    pub fn breakable(text: &str) -> String {
        const RUN: usize = 18;
        let mut out = String::with_capacity(text.len() + text.len() / RUN * 3);
        let mut run = 0;
        for c in text.chars() {
            if c.is_whitespace() {
                run = 0;
            } else {
                if run >= RUN {
                    out.push('\u{200b}');
                    run = 0;
                }
                run += 1;
            }
            out.push(c);
        }
        out
    }

    /// A form as PDF: A4 landscape, the title block, the table with its header on every page.
    pub fn pdf(form: &OfficialForm) -> Result<Vec<u8>, AppError> {
        static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
        let engine = ENGINE.get_or_init(|| crate::report::engine(include_str!("../templates/form.typ")));
        let rows: Vec<serde_json::Value> = form
            .rows
            .iter()
            .map(|row| {
                serde_json::json!({
                    "no": row.no.map(|n| n.to_string()).unwrap_or_default(),
                    "date": format_short(row.date),
                    "client": breakable(&row.client_label()),
                    "vendor": breakable(&row.vendor_name),
                    "progress": breakable(&row.progress),
                    "notes": breakable(&row.notes),
                    "signature": signature_text(row),
                })
            })
            .collect();
        let data = serde_json::json!({
            "office": OFFICE,
            "title": TITLE,
            "application": breakable(&form.application.name),
            "pic": form.application.pic_name,
            "period": form.range.label(),
            "columns": COLUMNS,
            "rows": rows,
            "generated": format_instant(chrono::Utc::now()),
        });
        crate::report::render_pdf(engine, &data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_range_reads_both_date_styles_and_keeps_its_ends() {
        let range = DateRange::parse("01/02/2025", "2025-04-30").unwrap();
        assert_eq!(range, DateRange { from: Some(d(2025, 2, 1)), to: Some(d(2025, 4, 30)) });
        assert!(range.includes(d(2025, 2, 1)) && range.includes(d(2025, 4, 30)));
        assert!(!range.includes(d(2025, 1, 31)) && !range.includes(d(2025, 5, 1)));
        assert_eq!(range.label(), "01/02/2025 s.d. 30/04/2025");
        assert_eq!(DateRange::parse("", " ").unwrap().label(), "Seluruh proyek");
    }

    #[test]
    fn a_reversed_or_impossible_range_names_its_field() {
        let reversed = DateRange::parse("30/04/2025", "01/02/2025").unwrap_err();
        assert!(reversed.message_for("sampai").is_some());
        let impossible = DateRange::parse("31/02/2025", "").unwrap_err();
        assert!(impossible.message_for("dari").unwrap().starts_with("Dari tanggal"));
    }

    #[test]
    fn a_fingerprint_is_shown_in_groups_of_four() {
        assert_eq!(short_fingerprint("0123456789abcdef0123"), "0123 4567 89ab cdef");
    }

    #[test]
    fn file_stems_are_plain() {
        assert_eq!(file_stem("Sistem Informasi Kepegawaian (SIMPEG)"), "sistem-informasi-kepegawaian-simpeg");
        assert_eq!(file_stem("***"), "aplikasi");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut taken = Vec::new();
        let long = "Sistem Informasi Manajemen Kepegawaian Daerah Terpadu";
        let first = files::sheet_name(long, &mut taken);
        let second = files::sheet_name(long, &mut taken);
        assert!(first.chars().count() <= 31 && second.chars().count() <= 31);
        assert_ne!(first, second);
        assert!(second.ends_with("(2)"));
        assert_eq!(files::sheet_name("A/B: [C]?", &mut taken), "A B   C");
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn long_runs_get_invisible_break_points_only() {
        let url = format!("https://example.go.id/{}", "a".repeat(100));
        let broken = files::breakable(&url);
        assert_eq!(broken.replace('\u{200b}', ""), url);
        assert!(broken.matches('\u{200b}').count() >= 6);
        assert_eq!(files::breakable("kata biasa saja"), "kata biasa saja");
    }
}
