//! XLSX uploads: `sheet::read_file` (calamine), then the form reader.
//!
//! An input that starts like a zip is read as the uploaded file itself; any other input is the
//! XML of a workbook's parts (see `xlsx_from_parts`), so that most executions get past the zip.
//! With `FUZZ_WRITE_XLSX=<path>` set, the workbook built from such an input is written there
//! (to keep an input that failed as a real .xlsx for app/tests/data/fuzz/).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        pendamping_fuzz::import_file("fuzz.xlsx", data);
    } else {
        let workbook = pendamping_fuzz::xlsx_from_parts(data);
        if let Some(path) = std::env::var_os("FUZZ_WRITE_XLSX") {
            std::fs::write(path, &workbook).expect("FUZZ_WRITE_XLSX is writable");
        }
        pendamping_fuzz::import_file("fuzz.xlsx", &workbook);
    }
});
