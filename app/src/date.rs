//! Dates as the office writes them, and months in WIB (Asia/Jakarta, UTC+7).
//!
//! Asia/Jakarta has kept UTC+7 without daylight saving since 1964, so a fixed offset is exact.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

pub const BULAN_SINGKAT: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

/// WIB, the time zone of Kota Madiun.
pub fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The calendar date in WIB of an instant.
pub fn date_in_wib(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&wib()).date_naive()
}

/// Today's date in WIB on the server; in the browser, whose clock the wasm cannot read without
/// more code, `fallback`'s first day.
pub fn today_wib_or(fallback: Month) -> NaiveDate {
    #[cfg(feature = "ssr")]
    {
        let _ = fallback;
        today_wib()
    }
    #[cfg(not(feature = "ssr"))]
    {
        fallback.first_day()
    }
}

/// Today's date in WIB.
pub fn today_wib() -> NaiveDate {
    date_in_wib(Utc::now())
}

/// `25/02/25`, as the form prints Tanggal Pertemuan.
pub fn format_short(date: NaiveDate) -> String {
    date.format("%d/%m/%y").to_string()
}

/// `25/02/2025`.
pub fn format_numeric(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// `25 Februari 2025`.
pub fn format_long(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), BULAN[date.month0() as usize], date.year())
}

/// `25/02/2025 09:00 WIB`: an instant as the office reads it.
pub fn format_instant(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&wib()).format("%d/%m/%Y %H:%M WIB").to_string()
}

/// `09:00`: the time of an instant in WIB.
pub fn format_time(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&wib()).format("%H:%M").to_string()
}

/// Reads a time of day: `09:00`, `9.30`, `14:05`.
pub fn parse_time(input: &str) -> Result<NaiveTime, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("Jam wajib diisi.".into());
    }
    let (h, m) = text.split_once([':', '.']).unwrap_or((text, "0"));
    let hour: u32 = h.trim().parse().map_err(|_| format!("\"{text}\" bukan jam; tulis seperti 09:00."))?;
    let minute: u32 = m.trim().parse().map_err(|_| format!("\"{text}\" bukan jam; tulis seperti 09:00."))?;
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(|| format!("\"{text}\": jam {hour}:{minute:02} tidak ada."))
}

/// The instant of a date and time in WIB.
pub fn wib_instant(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    date.and_time(time).and_local_timezone(wib()).single().expect("a fixed offset maps every local time").to_utc()
}

/// Reads a date as staff write it: `25/02/25`, `25/02/2025`, `25-02-2025`, `25.02.2025`,
/// `25 Februari 2025`, `25 Feb 2025`, or ISO `2025-02-25`. Two-digit years are 20yy.
/// The error says what is wrong in Indonesian.
pub fn parse_date(input: &str) -> Result<NaiveDate, String> {
    let text = input.trim();
    if text.is_empty() {
        return Err("Tanggal wajib diisi.".into());
    }
    let invalid = || format!("\"{text}\" bukan tanggal yang dikenali; tulis seperti 25/02/2025 atau 25 Februari 2025.");
    let (day, month, year) = if let Some(parts) = split_numeric(text) {
        match parts {
            // ISO: 2025-02-25
            [y, m, d] if y.len() == 4 => (d, m, y),
            [d, m, y] => (d, m, y),
        }
    } else {
        let words: Vec<&str> = text.split_whitespace().collect();
        let [d, m, y] = words.as_slice() else { return Err(invalid()) };
        let month = month_from_name(m).ok_or_else(invalid)?;
        let day: u32 = d.parse().map_err(|_| invalid())?;
        let year = parse_year(y).ok_or_else(invalid)?;
        return checked_date(text, year, month, day);
    };
    let day: u32 = day.parse().map_err(|_| invalid())?;
    let month: u32 = month.parse().map_err(|_| invalid())?;
    let year = parse_year(year).ok_or_else(invalid)?;
    if !(1..=12).contains(&month) {
        return Err(format!("\"{text}\": bulan {month} tidak ada; bulan harus 1 sampai 12."));
    }
    checked_date(text, year, month, day)
}

fn split_numeric(text: &str) -> Option<[&str; 3]> {
    let sep = ['/', '-', '.'].into_iter().find(|c| text.contains(*c))?;
    let parts: Vec<&str> = text.split(sep).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    let all_digits = |s: &&str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    [a, b, c].iter().all(|s| all_digits(s)).then_some([*a, *b, *c])
}

fn parse_year(text: &str) -> Option<i32> {
    let digits = text.trim();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        2 => digits.parse::<i32>().ok().map(|y| 2000 + y),
        4 => digits.parse::<i32>().ok().filter(|y| (1900..=2999).contains(y)),
        _ => None,
    }
}

fn checked_date(text: &str, year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        format!("\"{text}\": tanggal {day} {} {year} tidak ada di kalender.", BULAN[(month.clamp(1, 12) - 1) as usize])
    })
}

/// The month number (1..=12) of an Indonesian or English month name or its abbreviation.
fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    let table: [(&[&str], u32); 12] = [
        (&["januari", "jan", "january"], 1),
        (&["februari", "feb", "pebruari", "february"], 2),
        (&["maret", "mar", "march"], 3),
        (&["april", "apr"], 4),
        (&["mei", "may"], 5),
        (&["juni", "jun", "june"], 6),
        (&["juli", "jul", "july"], 7),
        (&["agustus", "agu", "agt", "ags", "aug", "august"], 8),
        (&["september", "sep", "sept"], 9),
        (&["oktober", "okt", "oct", "october"], 10),
        (&["november", "nov", "nop", "nopember"], 11),
        (&["desember", "des", "dec", "december"], 12),
    ];
    table.iter().find(|(names, _)| names.contains(&n.as_str())).map(|(_, m)| *m)
}

/// A calendar month in WIB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).expect("a Month holds a valid month")
    }

    pub fn previous(self) -> Month {
        if self.month == 1 {
            Month { year: self.year - 1, month: 12 }
        } else {
            Month { year: self.year, month: self.month - 1 }
        }
    }

    /// The `n` months that end with `self`, oldest first.
    pub fn last_n(self, n: usize) -> Vec<Month> {
        let mut months = Vec::with_capacity(n);
        let mut m = self;
        for _ in 0..n {
            months.push(m);
            m = m.previous();
        }
        months.reverse();
        months
    }

    /// The month's last day.
    pub fn last_day(self) -> NaiveDate {
        let next = if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { year: self.year, month: self.month + 1 }
        };
        next.first_day().pred_opt().expect("a month has a day before the next")
    }

    /// `Feb 2025`.
    pub fn label_short(self) -> String {
        format!("{} {}", BULAN_SINGKAT[(self.month - 1) as usize], self.year)
    }

    /// `Februari 2025`.
    pub fn label_long(self) -> String {
        format!("{} {}", BULAN[(self.month - 1) as usize], self.year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn reads_the_offices_date_forms() {
        assert_eq!(parse_date("25/02/25"), Ok(d(2025, 2, 25)));
        assert_eq!(parse_date("25/02/2025"), Ok(d(2025, 2, 25)));
        assert_eq!(parse_date(" 5/3/2026 "), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("25-02-2025"), Ok(d(2025, 2, 25)));
        assert_eq!(parse_date("25 Februari 2025"), Ok(d(2025, 2, 25)));
        assert_eq!(parse_date("1 agustus 2025"), Ok(d(2025, 8, 1)));
        assert_eq!(parse_date("9 Des 2025"), Ok(d(2025, 12, 9)));
        assert_eq!(parse_date("2025-02-25"), Ok(d(2025, 2, 25)));
    }

    #[test]
    fn impossible_dates_are_refused_with_the_reason() {
        let err = parse_date("31/02/25").unwrap_err();
        assert!(err.contains("tidak ada di kalender"), "{err}");
        assert!(parse_date("29/02/2025").is_err());
        assert_eq!(parse_date("29/02/2024"), Ok(d(2024, 2, 29)));
        assert!(parse_date("12/13/2025").unwrap_err().contains("bulan 13"));
        assert!(parse_date("").unwrap_err().contains("wajib"));
        assert!(parse_date("besok").is_err());
        assert!(parse_date("25 Brumaire 2025").is_err());
        assert!(parse_date("25/02/225").is_err());
    }

    #[test]
    fn dates_are_written_as_the_office_writes_them() {
        assert_eq!(format_short(d(2025, 4, 22)), "22/04/25");
        assert_eq!(format_numeric(d(2025, 4, 22)), "22/04/2025");
        assert_eq!(format_long(d(2025, 2, 25)), "25 Februari 2025");
        let instant = DateTime::parse_from_rfc3339("2025-02-25T02:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(format_instant(instant), "25/02/2025 09:00 WIB");
    }

    #[test]
    fn an_early_morning_in_wib_belongs_to_that_day_and_month() {
        // 1 March 2025 06:30 WIB is 28 February 23:30 UTC.
        let instant = DateTime::parse_from_rfc3339("2025-02-28T23:30:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(Month::of(date_in_wib(instant)), Month { year: 2025, month: 3 });
    }

    #[test]
    fn a_time_in_wib_is_an_instant_seven_hours_earlier_in_utc() {
        let t = parse_time("09.00").unwrap();
        let instant = wib_instant(d(2025, 2, 25), t);
        assert_eq!(instant.to_rfc3339(), "2025-02-25T02:00:00+00:00");
        assert_eq!(format_time(instant), "09:00");
        assert_eq!(parse_time("6:30"), Ok(NaiveTime::from_hms_opt(6, 30, 0).unwrap()));
        assert!(parse_time("25:00").is_err());
        assert!(parse_time("pagi").is_err());
        assert!(parse_time("").unwrap_err().contains("wajib"));
        // 06:30 WIB on 1 March is still February in UTC, and March in WIB.
        let early = wib_instant(d(2025, 3, 1), parse_time("06:30").unwrap());
        assert_eq!(early.date_naive(), d(2025, 2, 28));
        assert_eq!(date_in_wib(early), d(2025, 3, 1));
    }

    #[test]
    fn last_twelve_months_cross_the_year() {
        let months = Month { year: 2025, month: 2 }.last_n(12);
        assert_eq!(months.first(), Some(&Month { year: 2024, month: 3 }));
        assert_eq!(months.last(), Some(&Month { year: 2025, month: 2 }));
        assert_eq!(months.len(), 12);
    }
}
