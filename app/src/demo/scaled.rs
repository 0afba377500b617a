//! `pendamping demo --scale N`: a generated, reproducible data set the size of many offices, to
//! measure Pendamping at a country's scale. One unit of scale is 30 applications, 6 agencies,
//! 4 vendors, 1,000 meetings over ten years, 500 survey answers and 50 accounts; the same N
//! always gives the same data (a fixed seed), dated back from the day it is made.
//!
//! The rows go in with multi-row INSERTs in one transaction per table, so scale 100 (100,000
//! meetings) loads in seconds. Every generated account has the password in `PASSWORD`.

use crate::db::{Db, DbResult};
use crate::error::AppError;
use crate::on_tx;
use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc};

/// The password of every generated account (see the README's benchmark section).
pub const PASSWORD: &str = "skala-pendamping-2026";

/// What one unit of scale holds.
pub const APPLICATIONS: u32 = 30;
pub const AGENCIES: u32 = 6;
pub const VENDORS: u32 = 4;
pub const MEETINGS: u32 = 1_000;
pub const RESPONSES: u32 = 500;
pub const USERS: u32 = 50;

/// What was generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Generated {
    pub agencies: u64,
    pub vendors: u64,
    pub applications: u64,
    pub meetings: u64,
    pub responses: u64,
    pub users: u64,
}

/// A small, fast generator with a fixed seed (SplitMix64): the same data on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const REGIONS: [&str; 12] = [
    "Madiun",
    "Ngawi",
    "Magetan",
    "Ponorogo",
    "Pacitan",
    "Nganjuk",
    "Kediri",
    "Blitar",
    "Tulungagung",
    "Trenggalek",
    "Bojonegoro",
    "Tuban",
];
const OFFICES: [&str; 6] =
    ["Dinas Kesehatan", "Dinas Pendidikan", "Dinas Perhubungan", "Badan Kepegawaian", "Dinas Sosial", "Bappeda"];
const SYSTEMS: [&str; 8] = [
    "Sistem Informasi",
    "Aplikasi",
    "Portal",
    "E-Layanan",
    "Dasbor",
    "Sistem Antrean",
    "Aplikasi Pelaporan",
    "Sistem Manajemen",
];
const SUBJECTS: [&str; 10] = [
    "Kepegawaian",
    "Rujukan",
    "Perizinan",
    "Retribusi",
    "Kearsipan",
    "Pengaduan",
    "Beasiswa",
    "Posyandu",
    "Aset",
    "Perpustakaan",
];
const PROGRESS: [&str; 6] = [
    "Analisis kebutuhan selesai; dokumen SRS diserahkan untuk ditinjau",
    "Desain antarmuka halaman utama dan formulir selesai",
    "Modul pendaftaran selesai dikerjakan; modul laporan dalam pengerjaan",
    "Integrasi dengan layanan NIK diuji di server staging",
    "Uji fungsional internal selesai; dua skenario perlu perbaikan",
    "User Acceptance Test bersama OPD dengan empat catatan perbaikan",
];
const NOTES: [&str; 4] = [
    "Kirimkan jadwal rinci per fitur sebelum pertemuan berikutnya",
    "Tambahkan validasi NIK 16 digit pada formulir",
    "Perbaiki skenario yang gagal sebelum UAT",
    "",
];
const PEOPLE: [&str; 10] = ["Agus", "Sri", "Budi", "Dewi", "Rina", "Fajar", "Nur", "Hendro", "Yuliana", "Bayu"];
const FAMILIES: [&str; 8] = ["Prasetyo", "Wahyuni", "Santoso", "Lestari", "Saputra", "Handayani", "Nugroho", "Putri"];

struct Agency {
    name: String,
    abbreviation: String,
}

struct Vendor {
    name: String,
}

struct User {
    name: String,
    email: String,
    role: &'static str,
    agency: Option<usize>,
    vendor: Option<usize>,
}

struct Application {
    name: String,
    agency: usize,
    vendor: usize,
    pic: usize,
}

struct Meeting {
    application: usize,
    no: i64,
    date: NaiveDate,
    client: String,
    progress: &'static str,
    notes: &'static str,
    signed: bool,
}

struct Response {
    application: usize,
    month: String,
    respondent: usize,
    answered_on: NaiveDate,
    scores: [Option<i64>; 5],
}

/// Rows per INSERT: well below both backends' limit on bound values.
const BATCH: usize = 400;

/// Generates `scale` units of data into an empty database (only the reference agencies in it).
pub async fn generate(db: &Db, scale: u32, today: NaiveDate) -> Result<Generated, AppError> {
    if scale == 0 {
        return Err(AppError::invalid("scale", "Skala paling kecil 1."));
    }
    if !crate::demo::is_empty(db).await? {
        return Err(AppError::invalid(
            "scale",
            "Basis data sudah berisi aplikasi: data skala dibuat di basis data kosong.",
        ));
    }
    let mut dice = Dice(0x5EED_0000 + scale as u64);
    let now = Utc::now();

    let agencies: Vec<Agency> = (0..AGENCIES * scale)
        .map(|i| {
            let office = OFFICES[i as usize % OFFICES.len()];
            let region = REGIONS[(i as usize / OFFICES.len()) % REGIONS.len()];
            let batch = i as usize / (OFFICES.len() * REGIONS.len());
            Agency { name: format!("{office} {region} {}", batch + 1), abbreviation: format!("SK{:05}", i + 1) }
        })
        .collect();
    let vendors: Vec<Vendor> =
        (0..VENDORS * scale).map(|i| Vendor { name: format!("PT. Mitra Digital Skala {:04}", i + 1) }).collect();
    let users: Vec<User> = (0..(USERS * scale) as usize)
        .map(|i| {
            let name = format!("{} {} {i}", PEOPLE[i % PEOPLE.len()], FAMILIES[(i / PEOPLE.len()) % FAMILIES.len()]);
            let email = format!("pengguna{i:05}@skala.pendamping.demo");
            // Of each 50: 30 agency users, 10 vendor users, 6 PICs, a Kasi, a Service Desk, a Pimpinan, an Admin.
            let (role, agency, vendor) = match i % 50 {
                0..=29 => ("klien", Some((i / 50) * AGENCIES as usize + (i % 50) % AGENCIES as usize), None),
                30..=39 => ("pihak_ketiga", None, Some((i / 50) * VENDORS as usize + (i % 50) % VENDORS as usize)),
                40..=45 => ("pic", None, None),
                46 => ("kasi", None, None),
                47 => ("service_desk", None, None),
                48 => ("pimpinan", None, None),
                _ => ("admin", None, None),
            };
            User { name, email, role, agency, vendor }
        })
        .collect();
    let pics: Vec<usize> = (0..users.len()).filter(|&i| users[i].role == "pic").collect();
    let applications: Vec<Application> = (0..(APPLICATIONS * scale) as usize)
        .map(|i| {
            let unit = i / APPLICATIONS as usize;
            let agency = unit * AGENCIES as usize + dice.below(AGENCIES as u64) as usize;
            let vendor = unit * VENDORS as usize + dice.below(VENDORS as u64) as usize;
            Application {
                name: format!("{} {} {:05}", dice.pick(&SYSTEMS), dice.pick(&SUBJECTS), i + 1),
                agency,
                vendor,
                pic: pics[(unit * 6 + i % 6).min(pics.len() - 1)],
            }
        })
        .collect();

    // Meetings: spread over the ten years before today, numbered in date order per application.
    let span = 3_650u64;
    let start = today.checked_sub_days(Days::new(span)).unwrap_or(today);
    let mut per_application: Vec<Vec<NaiveDate>> = vec![Vec::new(); applications.len()];
    for _ in 0..(MEETINGS * scale) {
        let a = dice.below(applications.len() as u64) as usize;
        let date = start.checked_add_days(Days::new(dice.below(span + 1))).unwrap_or(today);
        per_application[a].push(date);
    }
    let mut meetings = Vec::with_capacity((MEETINGS * scale) as usize);
    for (a, dates) in per_application.iter_mut().enumerate() {
        dates.sort();
        let last = dates.len();
        for (k, date) in dates.iter().enumerate() {
            let client = format!(
                "{} {} ({})",
                PEOPLE[(a + k) % PEOPLE.len()],
                FAMILIES[a % FAMILIES.len()],
                agencies[applications[a].agency].abbreviation
            );
            meetings.push(Meeting {
                application: a,
                no: k as i64 + 1,
                date: *date,
                client,
                progress: PROGRESS[dice.below(PROGRESS.len() as u64) as usize],
                notes: NOTES[dice.below(NOTES.len() as u64) as usize],
                // The last row of each application still waits for the Kasi.
                signed: k + 1 < last,
            });
        }
    }

    // Survey answers: agency users rate the vendors of their agency's applications, a month each.
    let mut responses = Vec::with_capacity((RESPONSES * scale) as usize);
    let mut seen = std::collections::HashSet::new();
    let mut tries = 0;
    while responses.len() < (RESPONSES * scale) as usize && tries < RESPONSES * scale * 20 {
        tries += 1;
        let a = dice.below(applications.len() as u64) as usize;
        let unit = a / APPLICATIONS as usize;
        let respondent = unit * 50 + dice.below(30) as usize;
        let date = start.checked_add_days(Days::new(dice.below(span + 1))).unwrap_or(today);
        let month = format!("{:04}-{:02}", date.year(), date.month());
        if !seen.insert((a, month.clone(), respondent)) {
            continue;
        }
        let mut scores = [None; 5];
        for score in scores.iter_mut() {
            // About one answer in twenty leaves an element blank.
            if dice.below(20) > 0 {
                *score = Some(1 + dice.below(4).max(dice.below(4)) as i64);
            }
        }
        if scores.iter().all(Option::is_none) {
            scores[0] = Some(3);
        }
        responses.push(Response { application: a, month, respondent, answered_on: date, scores });
    }

    let password_hash = crate::auth::hash_password_blocking(PASSWORD.to_string()).await?;
    let mut made = Generated::default();
    let mut tx = db.begin().await?;

    // Agencies, vendors, users: their ids come back in the order they went in.
    let mut agency_ids = Vec::with_capacity(agencies.len());
    for chunk in agencies.chunks(BATCH) {
        let ids: Vec<(i64,)> = on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO agencies (name, abbreviation, active) ");
            q.push_values(chunk, |mut b, a| {
                b.push_bind(&a.name).push_bind(&a.abbreviation).push_bind(true);
            });
            q.push(" RETURNING id");
            q.build_query_as().fetch_all(c).await
        })?;
        agency_ids.extend(ids.into_iter().map(|(id,)| id));
    }
    made.agencies = agency_ids.len() as u64;
    let mut vendor_ids = Vec::with_capacity(vendors.len());
    for chunk in vendors.chunks(BATCH) {
        let ids: Vec<(i64,)> = on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO vendors (name, name_key, active, created_at) ");
            q.push_values(chunk, |mut b, v| {
                b.push_bind(&v.name).push_bind(crate::text::name_key(&v.name)).push_bind(true).push_bind(now);
            });
            q.push(" RETURNING id");
            q.build_query_as().fetch_all(c).await
        })?;
        vendor_ids.extend(ids.into_iter().map(|(id,)| id));
    }
    made.vendors = vendor_ids.len() as u64;
    let mut user_ids = Vec::with_capacity(users.len());
    for chunk in users.chunks(BATCH) {
        let ids: Vec<(i64,)> = on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO users (name, email, password_hash, active, agency_id, vendor_id, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, u| {
                b.push_bind(&u.name)
                    .push_bind(&u.email)
                    .push_bind(&password_hash)
                    .push_bind(true)
                    .push_bind(u.agency.map(|i| agency_ids[i]))
                    .push_bind(u.vendor.map(|i| vendor_ids[i]))
                    .push_bind(now)
                    .push_bind(now);
            });
            q.push(" RETURNING id");
            q.build_query_as().fetch_all(c).await
        })?;
        user_ids.extend(ids.into_iter().map(|(id,)| id));
    }
    let roles: Vec<(i64, &str)> = users.iter().zip(&user_ids).map(|(u, id)| (*id, u.role)).collect();
    for chunk in roles.chunks(BATCH) {
        on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO user_roles (user_id, role) ");
            q.push_values(chunk, |mut b, (id, role)| {
                b.push_bind(*id).push_bind(*role);
            });
            q.build().execute(c).await.map(|_| ())
        })?;
    }
    made.users = user_ids.len() as u64;

    let mut application_ids = Vec::with_capacity(applications.len());
    for chunk in applications.chunks(BATCH) {
        let ids: Vec<(i64,)> = on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO applications (name, name_key, agency_id, vendor_id, pic_name, pic_user_id, status, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, a| {
                b.push_bind(&a.name)
                    .push_bind(crate::text::name_key(&a.name))
                    .push_bind(agency_ids[a.agency])
                    .push_bind(vendor_ids[a.vendor])
                    .push_bind(&users[a.pic].name)
                    .push_bind(user_ids[a.pic])
                    .push_bind("berjalan")
                    .push_bind(now)
                    .push_bind(now);
            });
            q.push(" RETURNING id");
            q.build_query_as().fetch_all(c).await
        })?;
        application_ids.extend(ids.into_iter().map(|(id,)| id));
    }
    made.applications = application_ids.len() as u64;

    let signed_at = |date: NaiveDate| -> DateTime<Utc> {
        // 14:00 WIB on the day of the meeting.
        Utc.from_utc_datetime(&date.and_hms_opt(7, 0, 0).unwrap_or_default())
    };
    for chunk in meetings.chunks(BATCH) {
        on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO meetings (application_id, no, meeting_date, client_name, agency_id, vendor_id, progress, notes, signed, \
                 signer_name, signed_at, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, m| {
                let application = &applications[m.application];
                b.push_bind(application_ids[m.application])
                    .push_bind(m.no)
                    .push_bind(m.date)
                    .push_bind(&m.client)
                    .push_bind(agency_ids[application.agency])
                    .push_bind(vendor_ids[application.vendor])
                    .push_bind(m.progress)
                    .push_bind(m.notes)
                    .push_bind(m.signed)
                    .push_bind(m.signed.then_some("Kasi Skala"))
                    .push_bind(m.signed.then(|| signed_at(m.date)))
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(c).await.map(|_| ())
        })?;
        made.meetings += chunk.len() as u64;
    }

    // One survey per application and month that has answers, then the answers.
    let mut survey_keys: Vec<(usize, String)> = responses.iter().map(|r| (r.application, r.month.clone())).collect();
    survey_keys.sort();
    survey_keys.dedup();
    let mut survey_ids = std::collections::HashMap::new();
    for chunk in survey_keys.chunks(BATCH) {
        let ids: Vec<(i64,)> = on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new("INSERT INTO surveys (application_id, month, opened_at, closes_at) ");
            q.push_values(chunk, |mut b, (a, month)| {
                b.push_bind(application_ids[*a]).push_bind(month).push_bind(now).push_bind(now);
            });
            q.push(" RETURNING id");
            q.build_query_as().fetch_all(c).await
        })?;
        for (key, (id,)) in chunk.iter().zip(ids) {
            survey_ids.insert(key.clone(), id);
        }
    }
    for chunk in responses.chunks(BATCH) {
        on_tx!(&mut tx, c => {
            let mut q = sqlx::QueryBuilder::new(
                "INSERT INTO survey_responses (survey_id, user_id, respondent, respondent_key, answered_on, ketepatan_waktu, \
                 kualitas_hasil, komunikasi, tindak_lanjut, dokumentasi, comment, created_at, updated_at) ",
            );
            q.push_values(chunk, |mut b, r| {
                let user = &users[r.respondent];
                b.push_bind(survey_ids[&(r.application, r.month.clone())])
                    .push_bind(user_ids[r.respondent])
                    .push_bind(&user.name)
                    .push_bind(format!("akun:{}", user_ids[r.respondent]))
                    .push_bind(r.answered_on)
                    .push_bind(r.scores[0])
                    .push_bind(r.scores[1])
                    .push_bind(r.scores[2])
                    .push_bind(r.scores[3])
                    .push_bind(r.scores[4])
                    .push_bind("")
                    .push_bind(now)
                    .push_bind(now);
            });
            q.build().execute(c).await.map(|_| ())
        })?;
        made.responses += chunk.len() as u64;
    }
    let summary = serde_json::json!({
        "skala": scale, "opd": made.agencies, "pihak_ketiga": made.vendors, "aplikasi": made.applications,
        "pertemuan": made.meetings, "jawaban_survei": made.responses, "akun": made.users,
    });
    crate::audit::record(
        &mut tx,
        &crate::audit::Actor::system("data skala"),
        crate::audit::Action::Create,
        "data skala",
        scale as i64,
        None,
        None,
        Some(summary),
    )
    .await?;
    tx.commit().await?;
    analyze(db).await?;
    Ok(made)
}

/// Fresh statistics for the query planners after a bulk load.
async fn analyze(db: &Db) -> DbResult<()> {
    crate::on_pool!(db, p => sqlx::query("ANALYZE").execute(p).await.map(|_| ()))
}

/// A workbook of FRM-DINKOMINFO-020 sheets, `rows` rows in all (50 an application), in the
/// layout the export writes and staff keep, for the import benchmark. The clients belong to
/// `agencies`, so the sheets import into any database that holds them.
pub fn workbook(rows: usize, agencies: &[crate::agency::Agency]) -> Result<Vec<u8>, AppError> {
    use crate::application::{Application, ApplicationStatus};
    use crate::ids::{ApplicationId, MeetingId, VendorId};
    use crate::meeting::Meeting;
    use crate::official_form::{DateRange, OfficialForm};
    use crate::vendor::Vendor;
    const PER_SHEET: usize = 50;
    if agencies.is_empty() {
        return Err(AppError::invalid("agencies", "Daftar OPD kosong."));
    }
    let mut dice = Dice(0xB00C_0000 + rows as u64);
    let start = NaiveDate::from_ymd_opt(2016, 1, 4).unwrap_or_default();
    let forms = (0..rows.div_ceil(PER_SHEET))
        .map(|s| {
            let agency = agencies[s % agencies.len()].clone();
            let vendor = Vendor { id: VendorId(0), name: format!("PT. Mitra Impor {:03}", s % 40 + 1) };
            let application = Application {
                id: ApplicationId(0),
                name: format!("{} {} Impor {:04}", dice.pick(&SYSTEMS), dice.pick(&SUBJECTS), s + 1),
                agency: agency.clone(),
                vendor: vendor.clone(),
                pic_name: format!("{} {}", PEOPLE[s % PEOPLE.len()], FAMILIES[s % FAMILIES.len()]),
                pic_user: None,
                status: ApplicationStatus::default(),
            };
            let count = PER_SHEET.min(rows - s * PER_SHEET);
            let rows = (0..count)
                .map(|k| Meeting {
                    id: MeetingId(0),
                    application_id: ApplicationId(0),
                    no: Some(k as i64 + 1),
                    date: start.checked_add_days(Days::new(k as u64 * 14 + s as u64 % 7)).unwrap_or(start),
                    client_name: format!("{} {}", PEOPLE[(s + k) % PEOPLE.len()], FAMILIES[s % FAMILIES.len()]),
                    agency_id: agency.id,
                    agency_abbreviation: agency.abbreviation.clone(),
                    vendor_name: vendor.name.clone(),
                    progress: PROGRESS[dice.below(PROGRESS.len() as u64) as usize].into(),
                    notes: NOTES[dice.below(NOTES.len() as u64) as usize].into(),
                    signed: false,
                    revision: 1,
                    signer_name: None,
                    signed_at: None,
                    fingerprint: None,
                })
                .collect();
            OfficialForm { application, range: DateRange::default(), rows }
        })
        .collect::<Vec<_>>();
    crate::official_form::files::xlsx(&forms)
}
