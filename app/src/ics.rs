//! Calendar files (RFC 5545): invitations, updates and cancellations of meetings, and each
//! user's feed. Lines end in CRLF and are folded at 75 octets without splitting a character.

use chrono::{DateTime, Utc};

/// What a calendar file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// An invitation, or its update (same UID, higher SEQUENCE).
    Request,
    Cancel,
    /// A subscribed feed.
    Publish,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
            Method::Publish => "PUBLISH",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: String,
}

/// A meeting as a calendar event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub uid: String,
    pub sequence: i64,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub organizer: Option<Person>,
    pub attendees: Vec<Person>,
    pub cancelled: bool,
}

/// Escapes a TEXT value: backslash, comma, semicolon and new lines.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes a parameter value (such as CN): quoted when it holds `:`, `;` or `,`.
fn param(text: &str) -> String {
    let clean: String = text.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    if clean.contains([':', ';', ',']) {
        format!("\"{clean}\"")
    } else {
        clean
    }
}

/// Folds a content line at 75 octets; continuation lines start with a space. A character is
/// never split across lines.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn local(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&crate::date::wib()).format("%Y%m%dT%H%M%S").to_string()
}

fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The calendar with its events; `now` is the DTSTAMP.
pub fn calendar(method: Method, events: &[Event], now: DateTime<Utc>) -> String {
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Dinkominfo Kota Madiun//Pendamping//ID".into(),
        "CALSCALE:GREGORIAN".into(),
        format!("METHOD:{}", method.as_str()),
        "X-WR-TIMEZONE:Asia/Jakarta".into(),
        "BEGIN:VTIMEZONE".into(),
        "TZID:Asia/Jakarta".into(),
        "BEGIN:STANDARD".into(),
        "DTSTART:19700101T000000".into(),
        "TZOFFSETFROM:+0700".into(),
        "TZOFFSETTO:+0700".into(),
        "TZNAME:WIB".into(),
        "END:STANDARD".into(),
        "END:VTIMEZONE".into(),
    ];
    for event in events {
        let ends = event.starts_at + chrono::Duration::minutes(event.minutes);
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", event.uid));
        lines.push(format!("DTSTAMP:{}", utc(now)));
        lines.push(format!("SEQUENCE:{}", event.sequence));
        lines.push(format!("DTSTART;TZID=Asia/Jakarta:{}", local(event.starts_at)));
        lines.push(format!("DTEND;TZID=Asia/Jakarta:{}", local(ends)));
        lines.push(format!("SUMMARY:{}", escape(&event.summary)));
        lines.push(format!("LOCATION:{}", escape(&event.location)));
        lines.push(format!("DESCRIPTION:{}", escape(&event.description)));
        if let Some(organizer) = &event.organizer {
            lines.push(format!("ORGANIZER;CN={}:mailto:{}", param(&organizer.name), organizer.email));
        }
        for attendee in &event.attendees {
            lines.push(format!(
                "ATTENDEE;CN={};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{}",
                param(&attendee.name),
                attendee.email
            ));
        }
        lines.push(format!("STATUS:{}", if event.cancelled { "CANCELLED" } else { "CONFIRMED" }));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Event {
        Event {
            uid: "pertemuan-7@pendamping.madiunkota.go.id".into(),
            sequence: 0,
            starts_at: DateTime::parse_from_rfc3339("2025-02-25T02:00:00Z").unwrap().to_utc(),
            minutes: 60,
            summary: "Pendampingan – \"Sistem Informasi Rujukan Puskesmas\": laporan progres, uji fitur; rapat".into(),
            location: "Ruang Rapat, Lt. 2".into(),
            description: "Baris 1\nBaris 2".into(),
            organizer: Some(Person { name: "Rina Wulandari".into(), email: "rina@madiunkota.go.id".into() }),
            attendees: vec![Person { name: "Agus Prasetyo, S.Kom".into(), email: "agus@dinkes.go.id".into() }],
            cancelled: false,
        }
    }

    #[test]
    fn every_line_ends_in_crlf_and_is_at_most_75_octets() {
        let text = calendar(Method::Request, &[event()], Utc::now());
        assert!(text.ends_with("\r\n"));
        for line in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
            assert!(!line.contains('\n') && !line.contains('\r'));
        }
        // Unfolded, the summary reads as written, escaped.
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(
            "SUMMARY:Pendampingan – \"Sistem Informasi Rujukan Puskesmas\": laporan progres\\, uji fitur\\; rapat"
        ));
        assert!(unfolded.contains("DESCRIPTION:Baris 1\\nBaris 2"));
        assert!(unfolded.contains("DTSTART;TZID=Asia/Jakarta:20250225T090000"));
        assert!(unfolded.contains("ATTENDEE;CN=\"Agus Prasetyo, S.Kom\";"));
    }

    #[test]
    fn folding_never_splits_a_character() {
        let line = format!("SUMMARY:{}", "–".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(part.len() <= 75);
            assert!(std::str::from_utf8(part.as_bytes()).is_ok());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn a_cancellation_keeps_the_uid_and_says_so() {
        let cancelled = Event { sequence: 2, cancelled: true, ..event() };
        let text = calendar(Method::Cancel, &[cancelled], Utc::now());
        assert!(text.contains("METHOD:CANCEL\r\n"));
        assert!(text.contains("STATUS:CANCELLED\r\n"));
        assert!(text.contains("SEQUENCE:2\r\n"));
        assert!(text.contains("UID:pertemuan-7@pendamping.madiunkota.go.id\r\n"));
    }
}
