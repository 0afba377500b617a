//! Reading spreadsheet files (XLSX, CSV) into plain grids of cells.

use calamine::{Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Cursor;

/// A cell's value, as the sheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers without a needless ".0", dates as dd/mm/yyyy.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => crate::date::format_numeric(*d),
        }
    }
}

/// One sheet: `rows[0]` is the sheet's row 1, `rows[r][0]` its column A.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows.get(row).and_then(|r| r.get(col)).unwrap_or(&Cell::Empty)
    }
}

/// The kind of file, from its name or, failing that, its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Xlsx,
    Csv,
}

pub fn kind_of(file_name: &str, bytes: &[u8]) -> Option<FileKind> {
    let lower = file_name.to_lowercase();
    if lower.ends_with(".xlsx") || lower.ends_with(".xlsm") {
        Some(FileKind::Xlsx)
    } else if lower.ends_with(".csv") || lower.ends_with(".txt") {
        Some(FileKind::Csv)
    } else if bytes.starts_with(b"PK\x03\x04") {
        Some(FileKind::Xlsx)
    } else {
        None
    }
}

/// Reads every sheet of a file. The error says, in Indonesian, why the file cannot be read.
pub fn read_file(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    match kind_of(file_name, bytes) {
        Some(FileKind::Xlsx) => read_xlsx(bytes),
        Some(FileKind::Csv) => read_csv(file_name, bytes).map(|s| vec![s]),
        None => Err("Jenis berkas tidak dikenali; unggah berkas .xlsx atau .csv.".into()),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let unreadable = |e: calamine::XlsxError| {
        tracing::info!("XLSX tidak terbaca: {e}");
        "Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel atau LibreOffice sebagai .xlsx.".to_string()
    };
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(unreadable)?;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        if let Some((top, left)) = range.start() {
            for (i, source) in range.rows().enumerate() {
                let mut row = vec![Cell::Empty; left as usize];
                row.extend(source.iter().map(cell_of));
                let at = top as usize + i;
                if rows.len() <= at {
                    rows.resize(at + 1, Vec::new());
                }
                rows[at] = row;
            }
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.into()),
        Data::DateTime(_) | Data::DateTimeIso(_) => match data.as_date() {
            Some(date) => Cell::Date(date),
            None => Cell::Text(data.to_string()),
        },
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

fn read_csv(file_name: &str, bytes: &[u8]) -> Result<Sheet, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "Berkas CSV bukan teks UTF-8; simpan ulang sebagai \"CSV UTF-8\".".to_string())?;
    let delimiter = detect_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            tracing::info!("CSV tidak terbaca: {e}");
            "Berkas CSV tidak dapat dibaca: periksa tanda kutip yang tidak ditutup.".to_string()
        })?;
        // A record that spans lines (a quoted newline) is placed at the line where it starts.
        let line = record.position().map(|p| p.line() as usize).unwrap_or(rows.len() + 1);
        if rows.len() < line - 1 {
            rows.resize(line - 1, Vec::new());
        }
        // A cell neutralised against formulas on export reads back as it was typed.
        rows.push(
            record.iter().map(|field| Cell::Text(crate::export_text::from_cell_text(field).to_string())).collect(),
        );
    }
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_string();
    Ok(Sheet { name, rows })
}

/// Comma or semicolon: whichever splits the form's column header line into more fields.
fn detect_delimiter(text: &str) -> u8 {
    let header = text
        .lines()
        .find(|l| l.to_lowercase().contains("tanggal pertemuan"))
        .or_else(|| text.lines().next())
        .unwrap_or("");
    let count = |d: char| header.matches(d).count();
    if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_semicolons_is_read() {
        let text = "\u{feff}Judul\nNo;Tanggal Pertemuan;Nama Klien (OPD)\n1;25/02/25;\"Agus, S.Kom (Dinkes)\"\n";
        let sheet = read_csv("log.csv", text.as_bytes()).unwrap();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.cell(0, 0), &Cell::Text("Judul".into()));
        assert_eq!(sheet.cell(2, 2), &Cell::Text("Agus, S.Kom (Dinkes)".into()));
    }

    #[test]
    fn a_quoted_newline_keeps_later_rows_on_their_lines() {
        let text = "No,Tanggal Pertemuan,Catatan\n1,25/02/25,\"dua\nbaris\"\n2,26/02/25,x\n";
        let sheet = read_csv("log.csv", text.as_bytes()).unwrap();
        assert_eq!(sheet.cell(1, 2), &Cell::Text("dua\nbaris".into()));
        assert_eq!(sheet.cell(3, 0), &Cell::Text("2".into()));
    }

    #[test]
    fn a_file_that_is_not_a_sheet_is_refused() {
        assert!(read_file("foto.png", b"\x89PNG").unwrap_err().contains(".xlsx"));
        assert!(read_file("rusak.xlsx", b"PK\x03\x04garbage").unwrap_err().contains("XLSX"));
        assert!(read_file("latin1.csv", b"No,Tanggal\n1,\xe9t\xe9").unwrap_err().contains("UTF-8"));
    }

    #[test]
    fn numbers_read_as_text_lose_no_digits() {
        assert_eq!(Cell::Number(4.0).text(), "4");
        assert_eq!(Cell::Number(2.5).text(), "2.5");
    }
}
