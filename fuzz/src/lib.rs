//! What the fuzz targets share: the import's pure layers, called as the import calls them.

use std::io::{Cursor, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use app::import::{form, sheet, survey};

/// Lets a panic that the import catches pass, as it passes in the server.
///
/// `sheet::read_file` runs calamine under `catch_unwind` and answers a panic there with the
/// unreadable-file message. libfuzzer-sys's panic hook aborts on every panic, caught or not; this
/// hook only reports it. A panic that reaches the fuzz target still fails the run: libfuzzer-sys
/// aborts when the target unwinds.
fn report_panics_without_aborting() {
    static INSTALL: Once = Once::new();
    static SEEN: AtomicUsize = AtomicUsize::new(0);
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            if SEEN.fetch_add(1, Ordering::Relaxed) < 5 {
                eprintln!("panic (caught by the import, or fatal below): {info}");
            }
        }))
    });
}

/// Reads `bytes` as an uploaded file named `file_name`, as `import::plan` does before it opens
/// the database: every sheet through the form reader, a survey CSV through the survey reader.
pub fn import_file(file_name: &str, bytes: &[u8]) {
    report_panics_without_aborting();
    if survey::is_survey_csv(file_name, bytes) {
        let (rows, issues) = survey::read(file_name, bytes);
        for issue in &issues {
            let _ = issue.to_string();
        }
        assert!(rows.iter().all(|r| r.line >= 1));
        return;
    }
    match sheet::read_file(file_name, bytes) {
        Ok(sheets) => {
            for sheet in &sheets {
                for row in &sheet.rows {
                    for cell in row {
                        let _ = cell.text();
                    }
                }
                let (form, issues) = form::read_form(sheet);
                for issue in &issues {
                    let _ = issue.to_string();
                }
                if let Some(form) = form {
                    assert!(!form.application.is_empty() && !form.pic.is_empty());
                }
            }
        }
        Err(message) => assert!(!message.is_empty()),
    }
}

/// The byte that separates the parts of a structured XLSX input; it never occurs in UTF-8 text.
pub const PART_SEPARATOR: u8 = 0xFF;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Lembar1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

/// A workbook whose parts come from `data`: the worksheet, the shared strings, the styles and
/// the workbook part, separated by [`PART_SEPARATOR`] (an empty or missing part is left out,
/// the workbook part replaced by one naming a single sheet). The package around them is fixed and
/// stored uncompressed, so the fuzzer mutates the XML that calamine parses rather than the
/// zip's checksums.
pub fn xlsx_from_parts(data: &[u8]) -> Vec<u8> {
    let mut parts = data.split(|b| *b == PART_SEPARATOR);
    let worksheet = parts.next().unwrap_or_default();
    // An empty part is a part the workbook does not have.
    let mut part = || parts.next().filter(|p| !p.is_empty());
    let shared = part();
    let styles = part();
    let workbook = part().unwrap_or(WORKBOOK.as_bytes());
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", worksheet),
    ];
    if let Some(shared) = shared {
        files.push(("xl/sharedStrings.xml", shared));
    }
    if let Some(styles) = styles {
        files.push(("xl/styles.xml", styles));
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in files {
        zip.start_file(name, options).expect("writing to memory");
        zip.write_all(content).expect("writing to memory");
    }
    zip.finish().expect("writing to memory").into_inner()
}
