//! Reading a sheet as form FRM-DINKOMINFO-020: the title block, the column headers and the rows.

use super::sheet::{Cell, Sheet};
use super::ImportIssue;
use crate::agency::split_client;
use crate::date::parse_date;
use crate::text::one_line;
use chrono::NaiveDate;

/// A row of the form, read and checked, not yet matched with the database.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRow {
    /// The row's number in the sheet (1 is the first row).
    pub line: u32,
    pub no: i64,
    pub date: NaiveDate,
    pub client_name: String,
    pub agency_text: String,
    pub vendor: String,
    pub progress: String,
    pub notes: String,
    pub signed: bool,
}

/// A sheet read as one application's form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormSheet {
    pub sheet: String,
    pub application: String,
    pub pic: String,
    pub rows: Vec<FormRow>,
    /// The sheet column of "Nama Klien (OPD)", to name it in messages about agencies.
    pub client_column: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Column {
    No,
    Date,
    Client,
    Vendor,
    Progress,
    Notes,
    Signature,
}

const COLUMNS: [(Column, &str, bool); 7] = [
    (Column::No, "No", true),
    (Column::Date, "Tanggal Pertemuan", true),
    (Column::Client, "Nama Klien (OPD)", true),
    (Column::Vendor, "Pihak Ketiga", true),
    (Column::Progress, "Deskripsi Laporan Progress", true),
    (Column::Notes, "Catatan", false),
    (Column::Signature, "TTD Kasie", false),
];

fn header_key(text: &str) -> String {
    one_line(&text.to_lowercase())
        .trim_end_matches([':', '.'])
        .trim()
        .replace("kasi ", "kasie ")
        .replace(" kasi", " kasie")
}

fn column_of(text: &str) -> Option<Column> {
    let key = header_key(text);
    let key = match key.as_str() {
        "no." | "nomor" | "no urut" => "no".to_string(),
        "tanggal" => "tanggal pertemuan".to_string(),
        "ttd" | "ttd kasi" => "ttd kasie".to_string(),
        _ => key,
    };
    COLUMNS.iter().find(|(_, name, _)| header_key(name) == key).map(|(c, _, _)| *c)
}

/// The most issues reported for one sheet. A sheet that fails this often is not the form or is
/// badly broken; listing every bad cell of a large file would take the server's memory (a 2 MB
/// CSV of one-cell rows made five million issues) and bury the first ones.
pub const MAX_ISSUES_PER_SHEET: usize = 100;

/// The issue that ends a sheet's list once it holds [`MAX_ISSUES_PER_SHEET`].
pub(super) fn too_many_issues() -> String {
    format!(
        "Lebih dari {MAX_ISSUES_PER_SHEET} kesalahan pada lembar ini; baris berikutnya tidak diperiksa. \
         Perbaiki yang tercantum, lalu unggah lagi."
    )
}

/// Spreadsheet letters of a zero-based column: 0 → A, 27 → AB.
pub fn column_letter(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

fn column_label(col: usize, name: &str) -> String {
    format!("{} ({name})", column_letter(col))
}

/// Reads `sheet` as the form: the rows that read well, and every reason a part of it cannot be
/// imported. There is no form when the sheet is not this form or its title block is incomplete.
pub fn read_form(sheet: &Sheet) -> (Option<FormSheet>, Vec<ImportIssue>) {
    let issue = |row: Option<usize>, column: Option<String>, message: String| ImportIssue {
        sheet: sheet.name.clone(),
        row: row.map(|r| r as u32 + 1),
        column,
        message,
    };

    // The column header row: the first row that names both "No" and "Tanggal Pertemuan".
    let header_row = sheet.rows.iter().position(|row| {
        let cols: Vec<Column> = row.iter().filter_map(|c| column_of(&c.text())).collect();
        cols.contains(&Column::No) && cols.contains(&Column::Date)
    });
    let Some(header_row) = header_row else {
        return (
            None,
            vec![issue(
                None,
                None,
                "Tabel ini bukan formulir FRM-DINKOMINFO-020: baris judul kolom \"No | Tanggal Pertemuan | \
             Nama Klien (OPD) | Pihak Ketiga | Deskripsi Laporan Progress | Catatan | TTD Kasie\" tidak ditemukan."
                    .into(),
            )],
        );
    };
    let mut positions: Vec<(Column, usize)> = Vec::new();
    for (col, cell) in sheet.rows[header_row].iter().enumerate() {
        if let Some(column) = column_of(&cell.text()) {
            if !positions.iter().any(|(c, _)| *c == column) {
                positions.push((column, col));
            }
        }
    }
    let position = |column: Column| positions.iter().find(|(c, _)| *c == column).map(|(_, p)| *p);
    let mut issues = Vec::new();
    let missing: Vec<&str> =
        COLUMNS.iter().filter(|(c, _, required)| *required && position(*c).is_none()).map(|(_, n, _)| *n).collect();
    if !missing.is_empty() {
        issues.push(issue(
            Some(header_row),
            None,
            format!(
                "Tabel ini bukan formulir FRM-DINKOMINFO-020: kolom {} tidak ada.",
                missing.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
            ),
        ));
        return (None, issues);
    }

    // The title block, above the column headers.
    let title_value = |label: &str| -> Option<(usize, String)> {
        sheet.rows[..header_row].iter().enumerate().find_map(|(r, row)| {
            let at = row.iter().position(|c| header_key(&c.text()) == header_key(label))?;
            let value = row[at + 1..].iter().map(Cell::text).find(|t| !t.is_empty()).unwrap_or_default();
            Some((r, one_line(&value)))
        })
    };
    let application = match title_value("Nama Aplikasi") {
        Some((_, name)) if !name.is_empty() => name,
        Some((r, _)) => {
            issues.push(issue(Some(r), None, "Nama Aplikasi kosong pada kepala formulir.".into()));
            String::new()
        }
        None => {
            issues.push(issue(None, None, "Kepala formulir tidak memuat \"Nama Aplikasi\".".into()));
            String::new()
        }
    };
    let pic = match title_value("PIC") {
        Some((_, pic)) if !pic.is_empty() => pic,
        Some((r, _)) => {
            issues.push(issue(Some(r), None, "PIC kosong pada kepala formulir.".into()));
            String::new()
        }
        None => {
            issues.push(issue(None, None, "Kepala formulir tidak memuat \"PIC\".".into()));
            String::new()
        }
    };

    let col = |c: Column| position(c).expect("required columns were checked");
    let mut rows = Vec::new();
    let mut seen_no: Vec<(i64, usize)> = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
        if issues.len() >= MAX_ISSUES_PER_SHEET {
            issues.truncate(MAX_ISSUES_PER_SHEET);
            issues.push(issue(Some(r), None, too_many_issues()));
            break;
        }
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let cell = |c: Column| position(c).map(|p| sheet.cell(r, p)).unwrap_or(&Cell::Empty);
        let at = |c: Column, name: &str| Some(column_label(col(c), name));
        let before = issues.len();

        let no = match cell(Column::No) {
            Cell::Number(n) if *n >= 1.0 && n.fract() == 0.0 => Some(*n as i64),
            Cell::Text(t) if t.trim().parse::<i64>().is_ok_and(|n| n >= 1) => t.trim().parse::<i64>().ok(),
            c if c.is_blank() => {
                issues.push(issue(Some(r), at(Column::No, "No"), "No kosong.".into()));
                None
            }
            other => {
                issues.push(issue(
                    Some(r),
                    at(Column::No, "No"),
                    format!("No \"{}\" bukan bilangan bulat positif.", other.text()),
                ));
                None
            }
        };
        if let Some(no) = no {
            if let Some((_, first)) = seen_no.iter().find(|(n, _)| *n == no) {
                issues.push(issue(
                    Some(r),
                    at(Column::No, "No"),
                    format!("No {no} sudah dipakai pada baris {}.", first + 1),
                ));
            } else {
                seen_no.push((no, r));
            }
        }

        let date = match cell(Column::Date) {
            Cell::Date(d) => Some(*d),
            Cell::Number(serial) if (1.0..=2_958_465.0).contains(serial) => NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|base| base.checked_add_days(chrono::Days::new(*serial as u64))),
            c if c.is_blank() => {
                issues.push(issue(Some(r), at(Column::Date, "Tanggal Pertemuan"), "Tanggal Pertemuan kosong.".into()));
                None
            }
            other => match parse_date(&other.text()) {
                Ok(d) => Some(d),
                Err(message) => {
                    issues.push(issue(Some(r), at(Column::Date, "Tanggal Pertemuan"), message));
                    None
                }
            },
        };

        let (client_name, agency_text) = split_client(&cell(Column::Client).text());
        if agency_text.is_empty() {
            issues.push(issue(
                Some(r),
                at(Column::Client, "Nama Klien (OPD)"),
                "Nama Klien (OPD) kosong; tulis seperti \"Agus Prasetyo (Dinkes)\".".into(),
            ));
        }
        let vendor = one_line(&cell(Column::Vendor).text());
        if vendor.is_empty() {
            issues.push(issue(Some(r), at(Column::Vendor, "Pihak Ketiga"), "Pihak Ketiga kosong.".into()));
        }
        let progress = cell(Column::Progress).text();
        if progress.is_empty() {
            issues.push(issue(
                Some(r),
                at(Column::Progress, "Deskripsi Laporan Progress"),
                "Deskripsi Laporan Progress kosong.".into(),
            ));
        }
        let notes = cell(Column::Notes).text();
        let signature = cell(Column::Signature).text().to_lowercase();
        let signed = !matches!(signature.trim(), "" | "-" | "belum" | "tidak" | "false");

        if issues.len() == before {
            if let (Some(no), Some(date)) = (no, date) {
                rows.push(FormRow {
                    line: r as u32 + 1,
                    no,
                    date,
                    client_name: one_line(&client_name),
                    agency_text,
                    vendor,
                    progress,
                    notes,
                    signed,
                });
            }
        }
    }
    if rows.is_empty() && issues.is_empty() {
        issues.push(issue(Some(header_row), None, "Formulir tidak memuat satu baris pun.".into()));
    }
    let form = (!application.is_empty() && !pic.is_empty()).then(|| FormSheet {
        sheet: sheet.name.clone(),
        application,
        pic,
        rows,
        client_column: col(Column::Client),
    });
    (form, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    fn sheet(rows: Vec<Vec<Cell>>) -> Sheet {
        Sheet { name: "Uji".into(), rows }
    }

    fn title_and_header() -> Vec<Vec<Cell>> {
        vec![
            vec![t("Dinas Komunikasi dan Informatika Pemerintah Kota Madiun")],
            vec![t("FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)")],
            vec![],
            vec![t("Nama Aplikasi"), t("Sistem Uji"), Cell::Empty, t("PIC"), t("Rina")],
            vec![],
            [
                "No",
                "Tanggal Pertemuan",
                "Nama Klien (OPD)",
                "Pihak Ketiga",
                "Deskripsi Laporan Progress",
                "Catatan",
                "TTD Kasie",
            ]
            .map(t)
            .to_vec(),
        ]
    }

    fn row(no: &str, date: Cell) -> Vec<Cell> {
        vec![t(no), date, t("Agus (Dinkes)"), t("PT. ABC"), t("Fitur A selesai"), t(""), t("ttd")]
    }

    #[test]
    fn the_form_is_read_with_its_title_block() {
        let mut rows = title_and_header();
        rows.push(row("1", t("25/02/25")));
        rows.push(vec![]);
        rows.push(row("2", Cell::Date(NaiveDate::from_ymd_opt(2025, 3, 4).unwrap())));
        let (form, issues) = read_form(&sheet(rows));
        assert_eq!(issues, vec![]);
        let form = form.unwrap();
        assert_eq!(form.application, "Sistem Uji");
        assert_eq!(form.pic, "Rina");
        assert_eq!(form.rows.len(), 2);
        assert_eq!(form.rows[0].line, 7);
        assert_eq!(form.rows[0].client_name, "Agus");
        assert_eq!(form.rows[0].agency_text, "Dinkes");
        assert!(form.rows[0].signed);
        assert_eq!(form.rows[1].line, 9);
    }

    #[test]
    fn an_impossible_date_is_named_by_sheet_row_and_column() {
        let mut rows = title_and_header();
        rows.push(row("1", t("25/02/25")));
        rows.push(row("2", t("31/02/25")));
        let (form, issues) = read_form(&sheet(rows));
        assert_eq!(form.unwrap().rows.len(), 1, "the good row is still read");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].sheet, "Uji");
        assert_eq!(issues[0].row, Some(8));
        assert_eq!(issues[0].column.as_deref(), Some("B (Tanggal Pertemuan)"));
        assert!(issues[0].message.contains("tidak ada di kalender"), "{}", issues[0].message);
    }

    #[test]
    fn every_bad_row_is_reported() {
        let mut rows = title_and_header();
        rows.push(row("1", Cell::Empty));
        rows.push(row("1", t("26/02/25")));
        rows.push(row("x", t("27/02/25")));
        let (_, issues) = read_form(&sheet(rows));
        let rows: Vec<Option<u32>> = issues.iter().map(|i| i.row).collect();
        assert_eq!(rows, vec![Some(7), Some(8), Some(9)]);
        assert!(issues[0].message.contains("Tanggal Pertemuan kosong"));
        assert!(issues[1].message.contains("No 1 sudah dipakai pada baris 7"));
    }

    #[test]
    fn the_issues_of_a_sheet_stop_at_the_limit() {
        let mut rows = title_and_header();
        rows.extend((0..MAX_ISSUES_PER_SHEET).map(|_| vec![t("x")]));
        let (_, issues) = read_form(&sheet(rows));
        assert_eq!(issues.len(), MAX_ISSUES_PER_SHEET + 1);
        assert!(issues.last().unwrap().message.contains("baris berikutnya tidak diperiksa"));
    }

    #[test]
    fn a_table_that_is_not_the_form_is_refused() {
        let other = sheet(vec![vec![t("Nama"), t("Alamat")], vec![t("Budi"), t("Jl. Pahlawan")]]);
        let (form, issues) = read_form(&other);
        assert_eq!(form, None);
        assert!(issues[0].message.contains("bukan formulir FRM-DINKOMINFO-020"));
    }

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
