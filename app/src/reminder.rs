//! Reminders, in the app and by e-mail, each made once: a meeting tomorrow; a row waiting for
//! the Kasi's signature more than two working days; an application with no meeting for 30
//! days. Each user can turn each kind off.

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

/// The kinds of reminder, as users turn them on and off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    MeetingTomorrow,
    AwaitingSignature,
    Idle,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MeetingTomorrow => "besok",
            Kind::AwaitingSignature => "ttd",
            Kind::Idle => "sepi",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::MeetingTomorrow => "Pertemuan besok",
            Kind::AwaitingSignature => "Baris menunggu tanda tangan Kasi lebih dari 2 hari kerja",
            Kind::Idle => "Aplikasi tanpa pertemuan selama 30 hari",
        }
    }
}

/// Days without a meeting before an application's PIC is reminded.
pub const IDLE_DAYS: i64 = 30;
/// Working days a delivered row may wait for the Kasi before the reminder.
pub const SIGNATURE_WORKING_DAYS: i64 = 2;

/// Working days (Monday to Friday) after `from` up to and including `to`.
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let mut day = from;
    let mut count = 0;
    while day < to {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            count += 1;
        }
    }
    count
}

/// A reminder shown in the app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub text: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
pub use store::run;

#[cfg(feature = "ssr")]
pub mod store {
    use super::*;
    use crate::db::{Db, DbResult, Tx};
    use crate::ids::{ApplicationId, MeetingId, UserId};
    use crate::mail::{body, store::Email};
    use crate::state::Config;
    use crate::{on_pool, on_tx};

    /// A user to remind: id, name, e-mail.
    type Person = (UserId, String, String);

    /// Makes the reminder for one user once: the notification, and the e-mail in the same
    /// transaction. Returns whether it was new.
    async fn remind(
        tx: &mut Tx,
        person: &Person,
        kind: Kind,
        key: &str,
        text: &str,
        path: &str,
        config: &Config,
    ) -> DbResult<bool> {
        let sql =
            "INSERT INTO notifications (user_id, kind, key, text, link, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
                   ON CONFLICT (user_id, kind, key) DO NOTHING";
        let inserted = on_tx!(tx, c => sqlx::query(sql)
            .bind(person.0)
            .bind(kind.as_str())
            .bind(key)
            .bind(text)
            .bind(path)
            .bind(Utc::now())
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        if inserted == 1 {
            let link = config.link(path);
            let message =
                body(&format!("Yth. {},", person.1), &[text.to_string()], Some(("Buka di Pendamping", &link)));
            let subject = format!("Pengingat Pendamping: {}", kind.label());
            let email =
                Email { to_name: &person.1, to_email: &person.2, subject: &subject, body: &message, attachment: None };
            crate::mail::store::enqueue(tx, &email).await?;
        }
        Ok(inserted == 1)
    }

    /// Makes the reminders that are due at `now`; returns how many were made.
    pub async fn run(db: &Db, config: &Config, now: DateTime<Utc>) -> DbResult<usize> {
        let today = crate::date::date_in_wib(now);
        let mut made = 0;
        let mut tx = db.begin().await?;

        // A meeting tomorrow: its PIC, the vendor's and the agency's accounts.
        let tomorrow = today.succ_opt().unwrap_or(today);
        let sql = "SELECT m.id, a.name, m.starts_at FROM meetings m JOIN applications a ON a.id = m.application_id \
                   WHERE m.meeting_date = $1 AND m.cancelled_at IS NULL AND m.starts_at IS NOT NULL";
        let meetings: Vec<(MeetingId, String, DateTime<Utc>)> =
            on_tx!(&mut tx, c => sqlx::query_as(sql).bind(tomorrow).fetch_all(c).await)?;
        for (meeting, application, starts_at) in meetings {
            let people_sql = "SELECT DISTINCT u.id, u.name, u.email FROM users u JOIN user_roles r ON r.user_id = u.id \
                              JOIN meetings m ON m.id = $1 JOIN applications a ON a.id = m.application_id \
                              WHERE u.active AND u.remind_meeting AND ((r.role = 'pihak_ketiga' AND u.vendor_id = a.vendor_id) \
                              OR (r.role = 'klien' AND u.agency_id = a.agency_id) OR (r.role = 'pic' AND u.id = a.pic_user_id))";
            let people: Vec<Person> =
                on_tx!(&mut tx, c => sqlx::query_as(people_sql).bind(meeting).fetch_all(c).await)?;
            let text = format!(
                "Besok, {} pukul {} WIB, pertemuan pendampingan aplikasi {application}.",
                crate::date::format_long(tomorrow),
                crate::date::format_time(starts_at)
            );
            for person in &people {
                let key = meeting.to_string();
                let path = format!("/pertemuan/{meeting}");
                made += remind(&mut tx, person, Kind::MeetingTomorrow, &key, &text, &path, config).await? as usize;
            }
        }

        // Rows delivered and not signed for more than two working days: every Kasi.
        let sql = "SELECT m.id, m.revision, a.name, s.done_at FROM meetings m JOIN applications a ON a.id = m.application_id \
                   JOIN meeting_steps s ON s.meeting_id = m.id AND s.step = 6 \
                   WHERE NOT m.signed AND m.cancelled_at IS NULL AND m.no IS NOT NULL";
        let rows: Vec<(MeetingId, i64, String, DateTime<Utc>)> =
            on_tx!(&mut tx, c => sqlx::query_as(sql).fetch_all(c).await)?;
        let late: Vec<_> = rows
            .into_iter()
            .filter(|(_, _, _, delivered)| {
                working_days_between(crate::date::date_in_wib(*delivered), today) > SIGNATURE_WORKING_DAYS
            })
            .collect();
        if !late.is_empty() {
            let kasi_sql = "SELECT u.id, u.name, u.email FROM users u JOIN user_roles r ON r.user_id = u.id \
                            WHERE u.active AND u.remind_signature AND r.role = 'kasi'";
            let kasi: Vec<Person> = on_tx!(&mut tx, c => sqlx::query_as(kasi_sql).fetch_all(c).await)?;
            for (meeting, revision, application, delivered) in late {
                let text = format!(
                    "Baris pertemuan aplikasi {application} menunggu tanda tangan Kasi sejak {}.",
                    crate::date::format_instant(delivered)
                );
                for person in &kasi {
                    let key = format!("{meeting}:{revision}");
                    let path = format!("/pertemuan/{meeting}");
                    made +=
                        remind(&mut tx, person, Kind::AwaitingSignature, &key, &text, &path, config).await? as usize;
                }
            }
        }

        // Applications still running with no meeting for 30 days, and none scheduled: their PIC.
        let since = today - chrono::Days::new(IDLE_DAYS as u64);
        let sql = "SELECT a.id, a.name, MAX(m.meeting_date), u.id, u.name, u.email FROM applications a \
                   JOIN users u ON u.id = a.pic_user_id AND u.active AND u.remind_idle \
                   LEFT JOIN meetings m ON m.application_id = a.id AND m.no IS NOT NULL \
                   WHERE a.status = 'berjalan' AND NOT EXISTS (SELECT 1 FROM meetings f WHERE f.application_id = a.id \
                   AND f.no IS NULL AND f.cancelled_at IS NULL AND f.meeting_date >= $1) \
                   GROUP BY a.id, a.name, u.id, u.name, u.email";
        #[allow(clippy::type_complexity)]
        let apps: Vec<(ApplicationId, String, Option<NaiveDate>, UserId, String, String)> =
            on_tx!(&mut tx, c => sqlx::query_as(sql).bind(today).fetch_all(c).await)?;
        for (application, name, last, user, user_name, email) in apps {
            let Some(last) = last else { continue };
            if last > since {
                continue;
            }
            let text = format!(
                "Aplikasi {name} belum mengadakan pertemuan sejak {}; jadwalkan pertemuan berikutnya.",
                crate::date::format_long(last)
            );
            let key = format!("{application}:{last}");
            let path = format!("/aplikasi/{application}");
            made += remind(&mut tx, &(user, user_name, email), Kind::Idle, &key, &text, &path, config).await? as usize;
        }
        tx.commit().await?;
        Ok(made)
    }

    /// The viewer's latest reminders.
    pub async fn for_user(db: &Db, user: UserId) -> DbResult<Vec<Notification>> {
        let sql = "SELECT text, link, created_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT 20";
        let rows: Vec<(String, String, DateTime<Utc>)> =
            on_pool!(db, p => sqlx::query_as(sql).bind(user).fetch_all(p).await)?;
        Ok(rows.into_iter().map(|(text, link, created_at)| Notification { text, link, created_at }).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_are_not_working_days() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Delivered on Friday 4 December: Monday is 1, Tuesday 2, Wednesday 3.
        assert_eq!(working_days_between(d(12, 4), d(12, 7)), 1);
        assert_eq!(working_days_between(d(12, 4), d(12, 8)), 2);
        assert_eq!(working_days_between(d(12, 4), d(12, 9)), 3);
        assert_eq!(working_days_between(d(12, 4), d(12, 4)), 0);
    }
}
