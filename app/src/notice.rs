//! What each step sends: invitations (with their calendar file), updates and cancellations of
//! step 1, the delivery of step 6, and the webhook of step 8. Written to the outbox in the
//! transaction of the step.

#![cfg(feature = "ssr")]

use crate::date::{format_long, format_time};
use crate::db::{DbResult, Tx};
use crate::ics::{self, Event, Method, Person};
use crate::ids::MeetingId;
use crate::mail::{body, store::Email};
use crate::on_tx;
use crate::state::Config;
use chrono::{DateTime, Utc};

/// What happened to a meeting's schedule.
pub enum Change<'a> {
    New,
    Moved { reason: &'a str },
    Cancelled { reason: &'a str },
}

#[derive(sqlx::FromRow)]
struct Info {
    application_name: String,
    agency_name: String,
    vendor_name: String,
    agency_id: crate::ids::AgencyId,
    vendor_id: crate::ids::VendorId,
    pic_user_id: Option<crate::ids::UserId>,
    client_name: String,
    starts_at: Option<DateTime<Utc>>,
    duration_minutes: Option<i64>,
    place: Option<String>,
    ics_sequence: i64,
    no: Option<i64>,
    progress: String,
    notes: String,
    review: Option<String>,
}

async fn info(tx: &mut Tx, meeting: MeetingId) -> DbResult<Info> {
    let sql = "SELECT a.name AS application_name, g.name AS agency_name, v.name AS vendor_name, a.agency_id, a.vendor_id, \
               a.pic_user_id, m.client_name, m.starts_at, m.duration_minutes, m.place, m.ics_sequence, m.no, m.progress, \
               m.notes, m.review FROM meetings m JOIN applications a ON a.id = m.application_id \
               JOIN agencies g ON g.id = a.agency_id JOIN vendors v ON v.id = a.vendor_id WHERE m.id = $1";
    on_tx!(tx, c => sqlx::query_as(sql).bind(meeting).fetch_one(c).await)
}

/// A person to write to, and whether they are the application's PIC.
struct Contact {
    person: Person,
    pic: bool,
    vendor: bool,
}

/// The PIC, the vendor's accounts and the agency's accounts of an application (active ones).
async fn contacts(tx: &mut Tx, info: &Info) -> DbResult<Vec<Contact>> {
    let sql = "SELECT DISTINCT u.id, u.name, u.email, r.role FROM users u JOIN user_roles r ON r.user_id = u.id \
               WHERE u.active AND ((r.role = 'pihak_ketiga' AND u.vendor_id = $1) OR (r.role = 'klien' AND u.agency_id = $2) \
               OR (r.role = 'pic' AND u.id = $3)) ORDER BY u.id";
    let rows: Vec<(crate::ids::UserId, String, String, String)> = on_tx!(tx, c => sqlx::query_as(sql)
        .bind(info.vendor_id)
        .bind(info.agency_id)
        .bind(info.pic_user_id)
        .fetch_all(c)
        .await)?;
    let mut contacts: Vec<Contact> = Vec::new();
    for (id, name, email, role) in rows {
        if contacts.iter().any(|c| c.person.email == email) {
            continue;
        }
        contacts.push(Contact {
            person: Person { name, email },
            pic: Some(id) == info.pic_user_id,
            vendor: role == "pihak_ketiga",
        });
    }
    Ok(contacts)
}

fn when(info: &Info) -> String {
    match info.starts_at {
        Some(start) => {
            format!("{} pukul {} WIB", format_long(crate::date::date_in_wib(start)), format_time(start))
        }
        None => String::new(),
    }
}

/// Sends the invitation, its update or its cancellation to everyone of the meeting, each with
/// the calendar file (same UID, the meeting's current SEQUENCE).
pub async fn meeting_invitations(
    tx: &mut Tx,
    config: &Config,
    meeting: MeetingId,
    change: Change<'_>,
) -> DbResult<usize> {
    let info = info(tx, meeting).await?;
    let Some(starts_at) = info.starts_at else { return Ok(0) };
    let people = contacts(tx, &info).await?;
    let link = config.link(&format!("/pertemuan/{meeting}"));
    let place = info.place.clone().unwrap_or_default();
    let event = Event {
        uid: format!("pertemuan-{meeting}@{}", config.host()),
        sequence: info.ics_sequence,
        starts_at,
        minutes: info.duration_minutes.unwrap_or(60),
        summary: format!("Pendampingan – {}", info.application_name),
        location: place.clone(),
        description: format!(
            "Pertemuan pendampingan pembuatan aplikasi {} ({}) bersama {}. Klien: {}. {link}",
            info.application_name, info.agency_name, info.vendor_name, info.client_name
        ),
        organizer: people.iter().find(|c| c.pic).map(|c| c.person.clone()),
        attendees: people.iter().filter(|c| !c.pic).map(|c| c.person.clone()).collect(),
        cancelled: matches!(change, Change::Cancelled { .. }),
    };
    let (method, subject, lead) = match &change {
        Change::New => (
            Method::Request,
            format!("Undangan pertemuan: {}, {}", info.application_name, when(&info)),
            "Anda diundang ke pertemuan pendampingan pembuatan aplikasi berikut.".to_string(),
        ),
        Change::Moved { reason } => (
            Method::Request,
            format!("Perubahan jadwal: {}, kini {}", info.application_name, when(&info)),
            format!("Jadwal pertemuan berikut berubah. Alasan: {reason}"),
        ),
        Change::Cancelled { reason } => (
            Method::Cancel,
            format!("Pembatalan pertemuan: {}, {}", info.application_name, when(&info)),
            format!("Pertemuan berikut dibatalkan. Alasan: {reason}"),
        ),
    };
    let calendar = ics::calendar(method, std::slice::from_ref(&event), Utc::now());
    let content_type = match method {
        Method::Cancel => "text/calendar; method=CANCEL; charset=UTF-8",
        _ => "text/calendar; method=REQUEST; charset=UTF-8",
    };
    let paragraphs = vec![
        lead,
        format!(
            "Aplikasi: {}\nOPD: {}\nPihak Ketiga: {}\nWaktu: {}\nDurasi: {} menit\nTempat: {place}",
            info.application_name,
            info.agency_name,
            info.vendor_name,
            when(&info),
            event.minutes
        ),
    ];
    for contact in &people {
        let greeting = format!("Yth. {},", contact.person.name);
        let message = body(&greeting, &paragraphs, Some(("Buka pertemuan di Pendamping", &link)));
        let email = Email {
            to_name: &contact.person.name,
            to_email: &contact.person.email,
            subject: &subject,
            body: &message,
            attachment: Some(("undangan.ics", content_type, calendar.clone().into_bytes())),
        };
        crate::mail::store::enqueue(tx, &email).await?;
    }
    Ok(people.len())
}

/// Step 6: the results go to the vendor's accounts by e-mail, with the row's content.
pub async fn delivery(tx: &mut Tx, config: &Config, meeting: MeetingId) -> DbResult<usize> {
    let info = info(tx, meeting).await?;
    let people = contacts(tx, &info).await?;
    let link = config.link(&format!("/pertemuan/{meeting}"));
    let subject = format!("Hasil pertemuan {}: baris No {}", info.application_name, info.no.unwrap_or_default());
    let paragraphs = vec![
        format!("Berikut hasil pertemuan pendampingan aplikasi {} pada {}.", info.application_name, when(&info)),
        format!("Deskripsi Laporan Progress:\n{}", info.progress),
        format!("Catatan untuk pertemuan berikutnya:\n{}", if info.notes.is_empty() { "–" } else { &info.notes }),
        format!("Tinjauan OPD dan PIC:\n{}", info.review.clone().unwrap_or_else(|| "–".into())),
    ];
    let vendors: Vec<&Contact> = people.iter().filter(|c| c.vendor).collect();
    for contact in &vendors {
        let message = body(&format!("Yth. {},", contact.person.name), &paragraphs, Some(("Buka di Pendamping", &link)));
        let email = Email {
            to_name: &contact.person.name,
            to_email: &contact.person.email,
            subject: &subject,
            body: &message,
            attachment: None,
        };
        crate::mail::store::enqueue(tx, &email).await?;
    }
    Ok(vendors.len())
}

/// Step 8: the reply goes to the external service desk too, when a webhook is configured.
pub async fn reply_webhook(tx: &mut Tx, config: &Config, meeting: MeetingId, reply: i64) -> DbResult<()> {
    if config.webhook.is_none() {
        return Ok(());
    }
    #[derive(sqlx::FromRow)]
    struct Row {
        number: String,
        subject: String,
        application_name: String,
        agency_name: String,
        no: Option<i64>,
        revision: i64,
        meeting_date: chrono::NaiveDate,
        body: String,
        author_name: String,
        created_at: DateTime<Utc>,
        signer_name: Option<String>,
        signed_at: Option<DateTime<Utc>>,
        fingerprint: Option<String>,
    }
    let sql = "SELECT t.number, t.subject, a.name AS application_name, g.name AS agency_name, m.no, r.revision, \
               m.meeting_date, r.body, r.author_name, r.created_at, m.signer_name, m.signed_at, m.fingerprint \
               FROM ticket_replies r JOIN tickets t ON t.id = r.ticket_id JOIN meetings m ON m.id = r.meeting_id \
               JOIN applications a ON a.id = m.application_id JOIN agencies g ON g.id = a.agency_id WHERE r.id = $1";
    let row: Row = on_tx!(tx, c => sqlx::query_as(sql).bind(reply).fetch_one(c).await)?;
    let payload = serde_json::json!({
        "event": "tiket.balasan",
        "tiket": { "nomor": row.number, "perihal": row.subject, "opd": row.agency_name },
        "aplikasi": row.application_name,
        "pertemuan": {
            "id": meeting.0,
            "no": row.no,
            "revisi": row.revision,
            "tanggal": row.meeting_date.to_string(),
            "tautan": config.link(&format!("/pertemuan/{meeting}")),
        },
        "balasan": { "id": reply, "isi": row.body, "oleh": row.author_name, "waktu": row.created_at.to_rfc3339() },
        "ttd_kasie": { "oleh": row.signer_name, "waktu": row.signed_at.map(|t| t.to_rfc3339()), "sidik_sha256": row.fingerprint },
    });
    crate::mail::store::enqueue_webhook(tx, "tiket.balasan", &payload).await?;
    Ok(())
}
