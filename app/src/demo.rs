//! The demo data set: five applications of the city with their meetings over the past year,
//! and one account for each role (their passwords are in the README).

use crate::account::{Role, UserEntry};
use crate::agency::find_named;
use crate::application::store::NewApplication;
use crate::audit::Actor;
use crate::db::Db;
use crate::error::AppError;
use crate::meeting::store::RowValues;
use crate::{agency, application, meeting, on_pool, vendor};
use chrono::{Days, NaiveDate};

pub mod scaled;

struct DemoApplication {
    name: &'static str,
    agency: &'static str,
    client: &'static str,
    vendor: &'static str,
    pic: &'static str,
    meetings: usize,
    /// Days between meetings, and days since the last one.
    every: u64,
    last_ago: u64,
}

const APPLICATIONS: [DemoApplication; 5] = [
    DemoApplication {
        name: "Sistem Informasi Perizinan Terpadu",
        agency: "DPMPTSP",
        client: "Hendro Wibowo",
        vendor: "PT. Karya Nusa Informatika",
        pic: "Dewi Anggraini",
        meetings: 8,
        every: 28,
        last_ago: 6,
    },
    DemoApplication {
        name: "Aplikasi Pengaduan Warga Madiun Menjawab",
        agency: "Dinkominfo",
        client: "Lestari Handayani",
        vendor: "CV. Sinar Data Madiun",
        pic: "Bayu Saputra",
        meetings: 6,
        every: 35,
        last_ago: 13,
    },
    DemoApplication {
        name: "E-Posyandu",
        agency: "Dinkes",
        client: "Agus Prasetyo",
        vendor: "PT. Karya Nusa Informatika",
        pic: "Rina Wulandari",
        meetings: 7,
        every: 21,
        last_ago: 20,
    },
    DemoApplication {
        name: "Sistem Informasi Kebencanaan",
        agency: "BPBD",
        client: "Suryo Atmojo",
        vendor: "PT. Mitra Teknologi Jawa",
        pic: "Fajar Nugroho",
        meetings: 5,
        every: 42,
        last_ago: 34,
    },
    DemoApplication {
        name: "Perpustakaan Digital Kota Madiun",
        agency: "Dispussip",
        client: "Nur Aini",
        vendor: "CV. Sinar Data Madiun",
        pic: "Dewi Anggraini",
        meetings: 4,
        every: 30,
        last_ago: 3,
    },
];

const PROGRESS: [(&str, &str); 8] = [
    (
        "Kick-off: paparan rancangan arsitektur dan jadwal pengerjaan",
        "Kirimkan jadwal rinci per fitur sebelum pertemuan berikutnya",
    ),
    (
        "Analisis kebutuhan selesai; dokumen SRS diserahkan untuk ditinjau",
        "OPD meninjau SRS dan memberi tanggapan dalam 1 minggu",
    ),
    (
        "Desain antarmuka (mockup) halaman utama dan formulir selesai",
        "Sesuaikan logo dan warna dengan pedoman identitas Pemkot Madiun",
    ),
    (
        "Modul pendaftaran dan login selesai dikerjakan; modul laporan 40%",
        "Tambahkan validasi NIK 16 digit pada formulir",
    ),
    ("Integrasi dengan layanan NIK Dispendukcapil diuji di server staging", "Siapkan akun uji untuk operator OPD"),
    ("Uji fungsional internal selesai, 18 dari 20 skenario lulus", "Perbaiki 2 skenario yang gagal sebelum UAT"),
    ("User Acceptance Test bersama OPD; 4 catatan perbaikan", "Jadwalkan pengujian keamanan (pentest) sebelum live"),
    (
        "Perbaikan hasil UAT selesai, persiapan deployment ke server Dinkominfo",
        "Backup database harian wajib diaktifkan",
    ),
];

/// A demo account; its password is written in the README's demo section.
pub struct DemoAccount {
    pub role: Role,
    pub name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub agency: Option<&'static str>,
    pub vendor: Option<&'static str>,
}

const fn account(role: Role, name: &'static str, email: &'static str, password: &'static str) -> DemoAccount {
    DemoAccount { role, name, email, password, agency: None, vendor: None }
}

/// One account per role.
pub const ACCOUNTS: [DemoAccount; 7] = [
    account(Role::Admin, "Admin Dinkominfo", "admin@pendamping.demo", "demo-admin-2026"),
    account(Role::Kasi, "Sri Wahyuni", "kasi@pendamping.demo", "demo-kasi-2026"),
    account(Role::Pic, "Bayu Saputra", "pic@pendamping.demo", "demo-pic-2026"),
    account(Role::ServiceDesk, "Andi Pratama", "servicedesk@pendamping.demo", "demo-servicedesk-2026"),
    DemoAccount {
        agency: Some("Dinkes"),
        ..account(Role::Klien, "Agus Prasetyo", "opd@pendamping.demo", "demo-opd-2026")
    },
    DemoAccount {
        vendor: Some("PT. Karya Nusa Informatika"),
        ..account(Role::PihakKetiga, "Rudi Hartono", "vendor@pendamping.demo", "demo-vendor-2026")
    },
    account(Role::Pimpinan, "Haryanto", "pimpinan@pendamping.demo", "demo-pimpinan-2026"),
];

/// What the demo loader added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Loaded {
    pub accounts: usize,
    pub applications: usize,
    pub meetings: usize,
}

/// Whether the database holds no application yet.
pub async fn is_empty(db: &Db) -> Result<bool, AppError> {
    let (count,): (i64,) = on_pool!(db, p => sqlx::query_as("SELECT COUNT(*) FROM applications").fetch_one(p).await)?;
    Ok(count == 0)
}

/// Loads the demo data set, dated back from `today`. Accounts and applications already
/// present are left alone.
pub async fn load(db: &Db, today: NaiveDate) -> Result<Loaded, AppError> {
    let actor = Actor::system("data demo");
    let agencies = agency::store::list(db).await?;
    let find_agency = |name: &str| {
        find_named(&agencies, name).ok_or_else(|| AppError::internal("demo", format!("agency {name} missing")))
    };
    let mut loaded = Loaded::default();

    let mut tx = db.begin().await?;
    let mut vendors = Vec::new();
    for demo in &APPLICATIONS {
        vendors.push(vendor::store::find_or_create(&mut tx, demo.vendor, &actor).await?.0);
    }
    tx.commit().await?;

    let existing = crate::account::store::list(db).await?;
    for demo in &ACCOUNTS {
        if existing.iter().any(|u| u.email == demo.email) {
            continue;
        }
        let entry = UserEntry {
            id: None,
            name: demo.name.into(),
            email: demo.email.into(),
            roles: vec![demo.role],
            agency: demo.agency.map(&find_agency).transpose()?.map(|a| a.id),
            vendor: demo.vendor.and_then(|v| vendors.iter().find(|x| x.name == v)).map(|v| v.id),
            password: Some(demo.password.into()),
        };
        crate::account::store::save(db, &entry, &actor).await?;
        loaded.accounts += 1;
    }

    let mut tx = db.begin().await?;
    for (demo, vendor) in APPLICATIONS.iter().zip(&vendors) {
        if application::store::find_by_name(&mut tx, demo.name).await?.is_some() {
            continue;
        }
        let agency = find_agency(demo.agency)?;
        let pic_user = crate::account::store::pic_named(&mut tx, demo.pic).await?;
        let new =
            NewApplication { name: demo.name, agency: agency.id, vendor: vendor.id, pic_name: demo.pic, pic_user };
        let id = application::store::insert(&mut tx, new, &actor).await?;
        loaded.applications += 1;
        for k in 0..demo.meetings {
            let days_ago = demo.last_ago + demo.every * (demo.meetings - 1 - k) as u64;
            let date = today.checked_sub_days(Days::new(days_ago)).unwrap_or(today);
            let (progress, notes) = PROGRESS[k % PROGRESS.len()];
            let values = RowValues {
                application: id,
                no: k as i64 + 1,
                date,
                client_name: demo.client,
                agency: agency.id,
                vendor: vendor.id,
                progress,
                notes,
                // The latest meeting of each application still waits for the Kasi.
                signed: k + 1 < demo.meetings,
            };
            meeting::store::insert(&mut tx, &values, &actor).await?;
            loaded.meetings += 1;
        }
    }
    tx.commit().await?;
    Ok(loaded)
}
