//! Inputs that once broke the sheet parsers, or were made to try to, kept as tests: each must be
//! read or refused with a clear Indonesian message, never a panic, a hang or a memory blow-up.
//!
//! The fuzz targets live in fuzz/ (scripts/fuzz.sh). An input found there is kept under
//! tests/data/fuzz/ and replayed here through the same public functions the import calls.

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use app::date::{format_numeric, parse_date, parse_time};
use app::import::form::{read_form, MAX_ISSUES_PER_SHEET};
use app::import::sheet::{read_file, Cell, Sheet, MAX_CELLS, MAX_SHEETS, MAX_XLSX_UNPACKED_BYTES};
use app::import::survey;

const UNREADABLE_XLSX: &str = "Berkas XLSX tidak dapat dibaca";

fn fuzz_input(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/fuzz/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Reads a file as the import does before it opens the database, and returns what `read_file`
/// answered. Every sheet read also goes through the form reader, whose issues must be sentences.
fn import(file_name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let started = Instant::now();
    let read = read_file(file_name, bytes);
    match &read {
        Ok(sheets) => {
            for sheet in sheets {
                let (_, issues) = read_form(sheet);
                assert!(issues.iter().all(|i| !i.message.is_empty()), "{issues:?}");
            }
        }
        Err(message) => assert!(!message.is_empty()),
    }
    if survey::is_survey_csv(file_name, bytes) {
        let _ = survey::read(file_name, bytes);
    }
    assert!(started.elapsed() < Duration::from_secs(60), "{file_name} took {:?}", started.elapsed());
    read
}

fn refused(file_name: &str, bytes: &[u8]) -> String {
    match import(file_name, bytes) {
        Ok(sheets) => panic!("{file_name} was read: {} sheet(s)", sheets.len()),
        Err(message) => message,
    }
}

const SHEET_START: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_END: &str = "</sheetData></worksheet>";

/// A workbook of one sheet whose `<sheetData>` holds `rows` (and whose workbook part lists that
/// sheet `names` times), its parts stored or deflated.
fn xlsx_listing(rows: &str, names: usize, method: zip::CompressionMethod) -> Vec<u8> {
    let sheets: String =
        (1..=names).map(|i| format!(r#"<sheet name="Lembar{i}" sheetId="{i}" r:id="rId1"/>"#)).collect();
    let workbook = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>"#
    );
    let parts: [(&str, String); 5] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#
                .into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
                .into(),
        ),
        ("xl/workbook.xml", workbook),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
                .into(),
        ),
        ("xl/worksheets/sheet1.xml", format!("{SHEET_START}{rows}{SHEET_END}")),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, content) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn xlsx(rows: &str) -> Vec<u8> {
    xlsx_listing(rows, 1, zip::CompressionMethod::Stored)
}

fn text_cell(reference: &str, text: &str) -> String {
    format!(r#"<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

// ---- Found by the fuzzer (fuzz target sheet_xlsx) ----

/// `<c r="nlineSt">`: a cell reference of seven letters overflowed calamine's column arithmetic
/// ("attempt to multiply with overflow" in a debug build; a wrapped column, then a dense block of
/// billions of cells, in a release build).
#[test]
fn a_cell_reference_of_many_letters_is_refused_not_a_panic() {
    let message = refused("upload.xlsx", &fuzz_input("cell-reference-overflow.xlsx"));
    assert!(message.contains(UNREADABLE_XLSX), "{message}");
}

/// `<sst uniqueCount="0…01000067063930">`: calamine reserved room for a trillion shared texts
/// before reading one, and the failed allocation aborted the whole process, which no
/// `catch_unwind` stops (the fuzzer's input is kept as fuzz/seeds/sheet_xlsx/shared-text-count).
#[test]
fn a_shared_text_count_in_the_trillions_is_refused_before_it_is_reserved() {
    let with_shared_texts = |unique_count: &str| {
        let sst = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="{unique_count}"><si><t>No</t></si></sst>"#
        );
        let mut zip = zip::ZipWriter::new_append(Cursor::new(xlsx(&text_cell("A1", "No")))).unwrap();
        zip.start_file("xl/sharedStrings.xml", zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(sst.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    };
    let message = refused("upload.xlsx", &with_shared_texts("000000000001000067063930"));
    assert!(message.contains("lebih dari 2 juta teks berbeda"), "{message}");
    let message = refused("upload.xlsx", &with_shared_texts("99999999999999999999999999"));
    assert!(message.contains("lebih dari 2 juta teks berbeda"), "{message}");
    // The count an office workbook states is read as before.
    let sheets = import("upload.xlsx", &with_shared_texts("1")).expect("a workbook with one shared text");
    assert_eq!(sheets[0].cell(0, 0).text(), "No");
}

// ---- Made by hand ----

#[test]
fn an_empty_file_is_refused_or_read_as_empty() {
    assert!(refused("kosong.xlsx", b"").contains(UNREADABLE_XLSX));
    assert!(refused("kosong", b"").contains("Jenis berkas tidak dikenali"));
    let sheets = import("kosong.csv", b"").expect("an empty CSV is an empty sheet");
    assert_eq!(sheets.len(), 1);
    assert!(sheets[0].rows.is_empty());
    let (form, issues) = read_form(&sheets[0]);
    assert_eq!(form, None);
    assert!(issues[0].message.contains("bukan formulir FRM-DINKOMINFO-020"), "{issues:?}");
}

#[test]
fn a_truncated_workbook_is_refused() {
    let whole = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/log-progress-2025-2026.xlsx")).unwrap();
    for cut in [4, 30, whole.len() / 2, whole.len() - 30, whole.len() - 1] {
        let message = refused("terpotong.xlsx", &whole[..cut]);
        assert!(message.contains(UNREADABLE_XLSX), "cut at {cut}: {message}");
    }
}

#[test]
fn a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_read() {
    // About 110 MB of one repeated row, deflated to a few hundred kilobytes.
    let row = format!("<row>{}</row>", text_cell("A1", "x"));
    let rows = row.repeat((MAX_XLSX_UNPACKED_BYTES as usize + 10_000_000) / row.len());
    let bomb = xlsx_listing(&rows, 1, zip::CompressionMethod::Deflated);
    assert!(bomb.len() < 2_000_000, "{} bytes", bomb.len());
    let message = refused("bom.xlsx", &bomb);
    assert!(message.contains("terlalu besar setelah dibuka"), "{message}");
}

#[test]
fn a_part_longer_than_its_declared_size_is_not_read_past_it() {
    // The directory says the worksheet holds 300 bytes; it holds far more. The zip reader stops
    // at the declared size, so the sheet ends in the middle of its XML.
    let rows = format!("<row r=\"1\">{}</row>", text_cell("A1", "x")).repeat(1000);
    let mut bytes = xlsx_listing(&rows, 1, zip::CompressionMethod::Deflated);
    let actual = (SHEET_START.len() + rows.len() + SHEET_END.len()) as u32;
    let mut patched = 0;
    for at in 0..bytes.len() - 4 {
        // The uncompressed size of the worksheet, in its local header (offset 22) and its
        // central directory entry (offset 24); only that part has this size.
        let field = match &bytes[at..at + 4] {
            [0x50, 0x4b, 0x03, 0x04] => at + 22,
            [0x50, 0x4b, 0x01, 0x02] => at + 24,
            _ => continue,
        };
        if bytes[field..field + 4] == actual.to_le_bytes() {
            bytes[field..field + 4].copy_from_slice(&300u32.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2);
    let message = refused("berbohong.xlsx", &bytes);
    assert!(message.contains(UNREADABLE_XLSX), "{message}");
}

#[test]
fn a_cell_in_the_last_row_and_column_of_excel_costs_no_dense_block() {
    let started = Instant::now();
    let bytes = xlsx(&format!(
        "<row r=\"1\">{}</row><row r=\"1048576\">{}</row>",
        text_cell("A1", "awal"),
        text_cell("XFD1048576", "akhir")
    ));
    let sheets = import("jauh.xlsx", &bytes).expect("a far cell is still a sheet");
    assert_eq!(sheets[0].cell(0, 0), &Cell::Text("awal".into()));
    assert_eq!(sheets[0].cell(1_048_575, 16_383), &Cell::Text("akhir".into()));
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn a_cell_past_the_last_row_of_excel_is_refused() {
    for reference in ["A1048577", "XFE1", "ZZZZ1"] {
        let bytes = xlsx(&format!("<row>{}</row>", text_cell(reference, "x")));
        let message = refused("di-luar.xlsx", &bytes);
        assert!(message.contains(UNREADABLE_XLSX), "{reference}: {message}");
    }
}

#[test]
fn a_sheet_spread_over_too_many_cells_is_refused() {
    // One cell in column XFD per row: each row spreads over 16,384 cells.
    let rows: String =
        (1..=MAX_CELLS / 16_384 + 1).map(|r| format!("<row>{}</row>", text_cell(&format!("XFD{r}"), "x"))).collect();
    let message = refused("lebar.xlsx", &xlsx(&rows));
    assert!(message.contains("terlalu besar untuk diimpor"), "{message}");
}

#[test]
fn one_worksheet_listed_under_many_names_shares_the_limit() {
    let rows: String =
        (1..=MAX_CELLS / 16_384 / 4).map(|r| format!("<row>{}</row>", text_cell(&format!("XFD{r}"), "x"))).collect();
    let bytes = xlsx_listing(&rows, 2, zip::CompressionMethod::Stored);
    assert_eq!(import("dua.xlsx", &bytes).expect("two sheets within the limit").len(), 2);
    let bytes = xlsx_listing(&rows, 10, zip::CompressionMethod::Stored);
    let message = refused("sepuluh.xlsx", &bytes);
    assert!(message.contains("terlalu besar untuk diimpor"), "{message}");
}

#[test]
fn malformed_xml_is_refused() {
    for rows in [
        "<row><c r=\"A1\" t=\"s\"><v>7</v></c></row>",
        "<row><c r=\"A1\"><v>1e999999</v></c></row>",
        "<row><c r=\"A1\" t=\"inlineStr\"><is><t>tidak ditutup",
        "<row><c r=\"\"><v>1</v></c></row>",
        "<row><c r=\"1A\"><v>1</v></c></row>",
        // Past u32: calamine's row arithmetic overflows (a panic in a debug build).
        "<row><c r=\"A4294967297\"><v>1</v></c></row>",
        "<row r=\"4294967296\"><c><v>1</v></c></row>",
    ] {
        // Either refused or read: what matters is a clear answer.
        if let Err(message) = import("rusak.xlsx", &xlsx(rows)) {
            assert!(message.contains(UNREADABLE_XLSX), "{rows}: {message}");
        }
    }
}

#[test]
fn a_csv_that_is_not_utf8_is_refused() {
    let message = refused("latin1.csv", b"No,Tanggal Pertemuan\n1,\xe9t\xe9\n");
    assert!(message.contains("UTF-8"), "{message}");
    let message = refused("setengah.csv", "Catatan\nsekolah \u{2014}".as_bytes().split_last().unwrap().1);
    assert!(message.contains("UTF-8"), "{message}");
}

#[test]
fn a_huge_csv_field_is_read_whole() {
    let field = "a".repeat(8 * 1024 * 1024);
    let sheets = import("panjang.csv", format!("Catatan\n\"{field}\"\n").as_bytes()).unwrap();
    assert_eq!(sheets[0].cell(1, 0).text().len(), field.len());
}

#[test]
fn an_unclosed_quote_in_a_csv_is_read_or_refused() {
    for text in ["No,Catatan\n1,\"tidak ditutup\n2,x\n", "\"", "a,\"b\"c\"\n", "\r\r\r\n\n;;;\"\n"] {
        let _ = import("kutip.csv", text.as_bytes());
    }
}

#[test]
fn a_csv_of_empty_lines_costs_no_memory() {
    // The csv reader skips empty lines without counting them, so they make no rows; were they
    // counted, the limit on cells would refuse the file rather than hold a row for each.
    let mut text = "\n".repeat(MAX_CELLS + 1);
    text.push('x');
    match import("kosong-banyak.csv", text.as_bytes()) {
        Ok(sheets) => assert!(sheets[0].rows.len() <= 2, "{} rows", sheets[0].rows.len()),
        Err(message) => assert!(message.contains("terlalu besar untuk diimpor"), "{message}"),
    }
}

#[test]
fn a_csv_of_too_many_cells_is_refused() {
    let message = refused("sel-banyak.csv", ",".repeat(MAX_CELLS + 1).as_bytes());
    assert!(message.contains("terlalu besar untuk diimpor"), "{message}");
}

#[test]
fn a_form_of_a_million_bad_rows_reports_a_bounded_list() {
    // 2 MB of one-cell rows once made five million issues and took 1.2 GB.
    let mut text = String::from(
        "Nama Aplikasi,Uji,,PIC,Rina\nNo,Tanggal Pertemuan,Nama Klien (OPD),Pihak Ketiga,Deskripsi Laporan Progress\n",
    );
    text.push_str(&"x\n".repeat(990_000));
    let sheets = import("buruk.csv", text.as_bytes()).unwrap();
    let (_, issues) = read_form(&sheets[0]);
    assert_eq!(issues.len(), MAX_ISSUES_PER_SHEET + 1);
    assert_eq!(issues[0].row, Some(3));
    assert!(issues.last().unwrap().message.contains("Lebih dari 100 kesalahan"), "{issues:?}");
}

#[test]
fn a_survey_of_many_bad_rows_reports_a_bounded_list() {
    let mut text = String::from(
        "tanggal,nama_aplikasi,opd,pihak_ketiga,responden,ketepatan_waktu,kualitas_hasil,komunikasi,tindak_lanjut_catatan,dokumentasi\n",
    );
    text.push_str(&"x,,,,,9,9,9,9,9\n".repeat(100_000));
    let (rows, issues) = survey::read("survei.csv", text.as_bytes());
    assert!(rows.is_empty());
    assert_eq!(issues.len(), MAX_ISSUES_PER_SHEET + 1);
}

#[test]
fn a_workbook_of_too_many_sheets_is_refused() {
    let row = format!("<row>{}</row>", text_cell("A1", "x"));
    assert_eq!(
        import("banyak.xlsx", &xlsx_listing(&row, MAX_SHEETS, zip::CompressionMethod::Stored)).unwrap().len(),
        MAX_SHEETS
    );
    let message = refused("terlalu-banyak.xlsx", &xlsx_listing(&row, MAX_SHEETS + 1, zip::CompressionMethod::Stored));
    assert!(message.contains("lebih dari 1000 lembar"), "{message}");
}

#[test]
fn a_survey_sheet_with_odd_rows_gives_issues_not_a_panic() {
    let head = "tanggal,nama_aplikasi,opd,pihak_ketiga,responden,ketepatan_waktu,kualitas_hasil,komunikasi,tindak_lanjut_catatan,dokumentasi,saran\n";
    for rows in ["\u{feff}\n,,,,,,,,,,\n", "2025-02-30,a,b,c,d,9,-1,4.0,+4,\u{0663},\n", "x\n\"\n", "2025-02-25"] {
        let text = format!("{head}{rows}");
        assert!(survey::is_survey_csv("survei.csv", text.as_bytes()));
        let (_, issues) = survey::read("survei.csv", text.as_bytes());
        assert!(issues.iter().all(|i| !i.message.is_empty()));
    }
    let (rows, issues) = survey::read("survei.csv", b"\xff\xfeketepatan_waktu,nama_aplikasi\n");
    assert!(rows.is_empty());
    assert!(issues[0].message.contains("UTF-8"), "{issues:?}");
}

#[test]
fn odd_dates_are_refused_or_read_back_the_same() {
    for text in [
        "",
        "\u{0}",
        "//",
        "1/1/0000",
        "0/0/00",
        "31/12/2999",
        "1/1/3000",
        "99999999999999999999/1/2025",
        "1/99999999999999999999/2025",
        "\u{0663}/\u{0663}/\u{0662}\u{0660}\u{0662}\u{0665}",
        "25 Februari",
        "25 . 2025",
        "-1/-1/-1",
        "2025-02-29",
        "2024-02-29",
        "+1 feb 2025",
        "1 \u{1e9e} 2025",
        "ﬀ/01/2025",
    ] {
        if let Ok(date) = parse_date(text) {
            assert_eq!(parse_date(&format_numeric(date)), Ok(date), "{text:?}");
        }
        let _ = parse_time(text);
    }
}
