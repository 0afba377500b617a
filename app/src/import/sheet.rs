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

/// The most cells a file may spread over, all its sheets together (each row counts as one, and
/// each cell up to the last one filled in its row): far more than any progress log, few enough
/// that a crafted file cannot take the server's memory (a cell takes about 32 bytes).
pub const MAX_CELLS: usize = 2_000_000;

/// The most bytes an XLSX file may unpack to. The zip reader holds each part to the size its
/// directory declares, so this bounds what a small compressed file can unfold into.
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 100 * 1024 * 1024;

/// The most sheets read from one workbook; more is refused (a workbook may list one worksheet
/// under many names, and each sheet brings its own issues).
pub const MAX_SHEETS: usize = 1000;

/// Excel's last row and column: 1,048,576 rows, 16,384 columns (A to XFD).
const XLSX_ROWS: u32 = 1_048_576;
const XLSX_COLUMNS: u32 = 16_384;

const XLSX_UNREADABLE: &str = "Berkas XLSX tidak dapat dibaca; simpan ulang dari Excel atau LibreOffice sebagai .xlsx.";

fn too_many_cells(kind: &str) -> String {
    format!(
        "Berkas {kind} terlalu besar untuk diimpor: lebih dari {} juta sel. Hapus isi di luar tabel \
         formulir, atau bagi menjadi beberapa berkas.",
        MAX_CELLS / 1_000_000
    )
}

/// Rows built cell by cell, holding to [`MAX_CELLS`].
#[derive(Default)]
struct Grid {
    rows: Vec<Vec<Cell>>,
    /// Cells spread over so far, in this grid and the file's sheets before it.
    spread: usize,
}

impl Grid {
    /// Puts `value` at zero-based `row` and `col`; `false` once the grid would grow past the limit.
    fn put(&mut self, row: usize, col: usize, value: Cell) -> bool {
        let new_rows = (row + 1).saturating_sub(self.rows.len());
        let new_cells = (col + 1).saturating_sub(self.rows.get(row).map_or(0, Vec::len));
        self.spread = self.spread.saturating_add(new_rows).saturating_add(new_cells);
        if self.spread > MAX_CELLS {
            return false;
        }
        if new_rows > 0 {
            self.rows.resize(row + 1, Vec::new());
        }
        let cells = &mut self.rows[row];
        if new_cells > 0 {
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = value;
        true
    }
}

/// Runs a call into calamine, turning a panic into the unreadable-file message. Malformed XML can
/// make calamine panic (the fuzzer found an overflow on a cell reference of many letters; see
/// tests/fuzz_regressions.rs); the upload is then refused like any other broken file.
fn guarded<T>(call: impl FnOnce() -> Result<T, calamine::XlsxError>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => {
            tracing::info!("XLSX tidak terbaca: {e}");
            Err(XLSX_UNREADABLE.into())
        }
        Err(_) => {
            tracing::warn!("XLSX tidak terbaca: calamine berhenti dengan panic");
            Err(XLSX_UNREADABLE.into())
        }
    }
}

/// Refuses, before calamine opens it, a workbook whose parts together unpack to more than
/// [`MAX_XLSX_UNPACKED_BYTES`], or whose list of shared texts claims more texts than any
/// importable workbook holds: calamine reserves memory for the count the list's `uniqueCount`
/// states before reading a single text, and a count in the trillions aborts the process, which
/// no `catch_unwind` stops (found by the fuzzer; see tests/fuzz_regressions.rs).
fn check_parts(bytes: &[u8]) -> Result<(), String> {
    use std::io::Read as _;
    let parts = std::panic::catch_unwind(|| {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let (mut unpacked, mut shared_texts) = (0u64, 0u64);
        for i in 0..archive.len() {
            let (size, shared) = {
                let part = archive.by_index_raw(i).ok()?;
                (part.size(), part.name().is_ok_and(|name| name.to_ascii_lowercase().ends_with("sharedstrings.xml")))
            };
            unpacked = unpacked.saturating_add(size);
            // The count is an attribute of the list's first element, at the start of the part.
            if let Some(part) = shared.then(|| archive.by_index(i).ok()).flatten() {
                let mut head = Vec::new();
                part.take(64 * 1024).read_to_end(&mut head).ok()?;
                shared_texts = shared_texts.max(unique_count(&head).unwrap_or(0));
            }
        }
        Some((unpacked, shared_texts))
    });
    match parts {
        Ok(Some((unpacked, _))) if unpacked > MAX_XLSX_UNPACKED_BYTES => {
            tracing::info!("XLSX ditolak: {unpacked} bita setelah dibuka");
            Err(format!(
                "Berkas XLSX terlalu besar setelah dibuka (lebih dari {} MB); simpan ulang hanya lembar \
                 formulirnya.",
                MAX_XLSX_UNPACKED_BYTES / (1024 * 1024)
            ))
        }
        Ok(Some((_, shared_texts))) if shared_texts > MAX_CELLS as u64 => {
            tracing::info!("XLSX ditolak: uniqueCount {shared_texts}");
            Err(format!(
                "Berkas XLSX rusak atau terlalu besar: daftar teksnya menyebut lebih dari {} juta teks berbeda.",
                MAX_CELLS / 1_000_000
            ))
        }
        // Not a zip that can be read: calamine says so below.
        _ => Ok(()),
    }
}

/// The number in the `uniqueCount` attribute of the first `<sst` element, leading zeros and all;
/// a number too large for u64 counts as `u64::MAX`.
fn unique_count(xml: &[u8]) -> Option<u64> {
    let sst = xml.windows(4).position(|w| w == b"<sst")?;
    let rest = &xml[sst..];
    let tag = &rest[..rest.iter().position(|&b| b == b'>').unwrap_or(rest.len())];
    let at = tag.windows(12).position(|w| w == b"uniqueCount=")? + 12;
    let value = tag.get(at + 1..)?;
    let digits = value.iter().take_while(|b| b.is_ascii_digit());
    Some(digits.fold(0u64, |n, &d| n.saturating_mul(10).saturating_add(u64::from(d - b'0'))))
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    check_parts(bytes)?;
    let mut workbook = guarded(|| Xlsx::new(Cursor::new(bytes)))?;
    if workbook.sheet_names().len() > MAX_SHEETS {
        return Err(format!("Berkas XLSX memuat lebih dari {MAX_SHEETS} lembar; bagi menjadi beberapa berkas."));
    }
    let mut sheets = Vec::new();
    // The sheets share the limit: a workbook may list one worksheet part under many names.
    let mut spread = 0;
    for name in workbook.sheet_names() {
        // Cell by cell rather than `worksheet_range`, which makes one dense block from the first
        // cell to the last and so would allocate for every cell between A1 and XFD1048576.
        let mut reader = match guarded(|| workbook.worksheet_cells_reader(&name).map(Some).or_else(not_a_worksheet)) {
            Ok(Some(reader)) => reader,
            Ok(None) => {
                sheets.push(Sheet { name, rows: Vec::new() });
                continue;
            }
            Err(message) => return Err(message),
        };
        let mut grid = Grid { rows: Vec::new(), spread };
        while let Some(cell) = guarded(|| reader.next_cell())? {
            let value = cell_of(&Data::from(cell.get_value().clone()));
            if value == Cell::Empty {
                continue;
            }
            let (row, col) = cell.get_position();
            // calamine takes a reference past Excel's last row or column as it comes (and, in a
            // release build, wraps one of many letters or digits round to any number).
            if row >= XLSX_ROWS || col >= XLSX_COLUMNS {
                tracing::info!("XLSX tidak terbaca: sel di luar lembar ({row}, {col})");
                return Err(XLSX_UNREADABLE.into());
            }
            if !grid.put(row as usize, col as usize, value) {
                return Err(too_many_cells("XLSX"));
            }
        }
        spread = grid.spread;
        sheets.push(Sheet { name, rows: grid.rows });
    }
    Ok(sheets)
}

/// A chart sheet has no cells: it reads as an empty sheet, as `worksheet_range` reads it.
fn not_a_worksheet<T>(e: calamine::XlsxError) -> Result<Option<T>, calamine::XlsxError> {
    match e {
        calamine::XlsxError::NotAWorksheet(_) => Ok(None),
        e => Err(e),
    }
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
    let mut grid = Grid::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            tracing::info!("CSV tidak terbaca: {e}");
            "Berkas CSV tidak dapat dibaca: periksa tanda kutip yang tidak ditutup.".to_string()
        })?;
        // A record that spans lines (a quoted newline) is placed at the line where it starts.
        let line = record.position().map(|p| p.line() as usize).unwrap_or(grid.rows.len() + 1);
        let row = line.saturating_sub(1).max(grid.rows.len());
        // The row itself counts, so that a file of empty lines is bounded too.
        if !grid.put(row, 0, Cell::Empty) {
            return Err(too_many_cells("CSV"));
        }
        for (col, field) in record.iter().enumerate() {
            // A cell neutralised against formulas on export reads back as it was typed.
            let value = Cell::Text(crate::export_text::from_cell_text(field).to_string());
            if !grid.put(row, col, value) {
                return Err(too_many_cells("CSV"));
            }
        }
    }
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name).to_string();
    Ok(Sheet { name, rows: grid.rows })
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
