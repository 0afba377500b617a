//! The date and time readers, and the round trip of a date through the form's numeric form.
#![no_main]

use app::date::{format_numeric, parse_date, parse_time};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = parse_date(text) {
        assert_eq!(parse_date(&format_numeric(date)), Ok(date), "{text:?}");
    }
    let _ = parse_time(text);
});
