//! Reading the survey answers staff kept in spreadsheets (CSV: tanggal, nama_aplikasi, opd,
//! pihak_ketiga, responden, the five elements, saran), with row-level messages.

use super::ImportIssue;
use crate::date::parse_date;
use crate::survey::{parse_score, Answers, ELEMENTS};
use chrono::NaiveDate;

/// An answer read from the sheet, not yet matched with the database.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyRow {
    pub line: u32,
    pub date: NaiveDate,
    pub application: String,
    pub agency: String,
    pub vendor: String,
    pub respondent: String,
    pub answers: Answers,
    pub comment: String,
}

const HEADERS: [&str; 5] = ["tanggal", "nama_aplikasi", "opd", "pihak_ketiga", "responden"];

fn header_key(text: &str) -> String {
    text.trim().trim_start_matches('\u{feff}').to_lowercase().replace(' ', "_")
}

/// Whether a CSV file is a sheet of survey answers (by its header line).
pub fn is_survey_csv(file_name: &str, bytes: &[u8]) -> bool {
    if super::sheet::kind_of(file_name, bytes) != Some(super::sheet::FileKind::Csv) {
        return false;
    }
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_lowercase();
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.contains("ketepatan_waktu") && l.contains("nama_aplikasi"))
}

/// Reads the sheet's answers and every reason a row cannot be imported.
pub fn read(file_name: &str, bytes: &[u8]) -> (Vec<SurveyRow>, Vec<ImportIssue>) {
    let sheet_name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_string();
    let issue = |row: Option<u32>, column: Option<String>, message: String| ImportIssue {
        sheet: sheet_name.clone(),
        row,
        column,
        message,
    };
    let sheets = match super::sheet::read_file(file_name, bytes) {
        Ok(sheets) => sheets,
        Err(message) => return (Vec::new(), vec![issue(None, None, message)]),
    };
    let Some(sheet) = sheets.into_iter().next() else { return (Vec::new(), Vec::new()) };
    let Some(header_row) = sheet.rows.iter().position(|r| r.iter().any(|c| header_key(&c.text()) == "ketepatan_waktu"))
    else {
        return (Vec::new(), vec![issue(None, None, "Baris judul kolom survei tidak ditemukan.".into())]);
    };
    let header: Vec<String> = sheet.rows[header_row].iter().map(|c| header_key(&c.text())).collect();
    let position = |name: &str| header.iter().position(|h| h == name);
    let element_keys = ["ketepatan_waktu", "kualitas_hasil", "komunikasi", "tindak_lanjut_catatan", "dokumentasi"];
    let missing: Vec<&str> =
        HEADERS.iter().chain(element_keys.iter()).filter(|h| position(h).is_none()).copied().collect();
    if !missing.is_empty() {
        let message =
            format!("Kolom {} tidak ada.", missing.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", "));
        return (Vec::new(), vec![issue(Some(header_row as u32 + 1), None, message)]);
    }
    let column = |name: &str| {
        let p = position(name).expect("checked above");
        Some(format!("{} ({name})", super::form::column_letter(p)))
    };
    let mut rows = Vec::new();
    let mut issues = Vec::new();
    for (r, row) in sheet.rows.iter().enumerate().skip(header_row + 1) {
        let line = r as u32 + 1;
        if issues.len() >= super::form::MAX_ISSUES_PER_SHEET {
            issues.truncate(super::form::MAX_ISSUES_PER_SHEET);
            issues.push(issue(Some(line), None, super::form::too_many_issues()));
            break;
        }
        if row.iter().all(super::sheet::Cell::is_blank) {
            continue;
        }
        let cell = |name: &str| position(name).map(|p| sheet.cell(r, p).text()).unwrap_or_default();
        let before = issues.len();
        let date = match parse_date(&cell("tanggal")) {
            Ok(d) => Some(d),
            Err(message) => {
                issues.push(issue(Some(line), column("tanggal"), message));
                None
            }
        };
        for name in ["nama_aplikasi", "opd", "pihak_ketiga", "responden"] {
            if cell(name).is_empty() {
                issues.push(issue(Some(line), column(name), format!("Kolom {name} kosong.")));
            }
        }
        let mut answers = [None; 5];
        for (i, key) in element_keys.iter().enumerate() {
            match parse_score(&cell(key)) {
                Ok(score) => answers[i] = score,
                Err(message) => issues.push(issue(Some(line), column(key), format!("{}: {message}", ELEMENTS[i].1))),
            }
        }
        if issues.len() == before && answers.iter().all(Option::is_none) {
            issues.push(issue(Some(line), None, "Tidak ada satu unsur pun yang dinilai.".into()));
        }
        if let (Some(date), true) = (date, issues.len() == before) {
            rows.push(SurveyRow {
                line,
                date,
                application: crate::text::one_line(&cell("nama_aplikasi")),
                agency: cell("opd"),
                vendor: crate::text::one_line(&cell("pihak_ketiga")),
                respondent: crate::text::one_line(&cell("responden")),
                answers,
                comment: cell("saran"),
            });
        }
    }
    (rows, issues)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "tanggal,nama_aplikasi,opd,pihak_ketiga,responden,ketepatan_waktu,kualitas_hasil,komunikasi,tindak_lanjut_catatan,dokumentasi,saran\n";

    #[test]
    fn the_offices_survey_sheet_is_recognised_and_read() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/survei-kepuasan-opd.csv")).unwrap();
        assert!(is_survey_csv("survei-kepuasan-opd.csv", &bytes));
        let (rows, issues) = read("survei-kepuasan-opd.csv", &bytes);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(rows.len(), 19);
        assert_eq!(rows[0].answers, [Some(4), Some(4), Some(3), Some(3), Some(4)]);
        assert_eq!(rows[0].comment, "Dokumentasi kurang");
        assert!(!is_survey_csv("log.csv", b"Dinas Komunikasi\nNo,Tanggal Pertemuan\n"));
    }

    #[test]
    fn bad_scores_and_dates_are_named_by_row_and_column() {
        let text = format!("{HEAD}2025-03-11,App,Dinkes,PT. ABC,Agus,5,4,,,,\n31/02/2025,App,Dinkes,PT. ABC,Agus,4,4,4,4,4,\n2025-03-12,App,Dinkes,PT. ABC,Agus,,,,,,\n");
        let (rows, issues) = read("s.csv", text.as_bytes());
        assert!(rows.is_empty());
        let found: Vec<(Option<u32>, Option<String>)> = issues.iter().map(|i| (i.row, i.column.clone())).collect();
        assert_eq!(found[0], (Some(2), Some("F (ketepatan_waktu)".into())));
        assert_eq!(found[1], (Some(3), Some("A (tanggal)".into())));
        assert_eq!(found[2].0, Some(4));
    }
}
