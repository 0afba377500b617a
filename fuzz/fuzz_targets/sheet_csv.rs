//! CSV uploads: `sheet::read_file`, then the form and survey readers.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pendamping_fuzz::import_file("fuzz.csv", data);
});
