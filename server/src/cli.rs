//! The `pendamping` command line: serve, migrate, import, demo.

use crate::config::Settings;
use app::import::plan::{self, Importer, Mode};
use app::import::ImportReport;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "pendamping",
    version,
    about = "Pendamping — pendampingan pembuatan aplikasi (SOP-DINKOMINFO-012), Dinkominfo Kota Madiun"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Runs the web server (the default).
    Serve {
        /// Loads the demo data set first if the database holds no application.
        #[arg(long)]
        demo_if_empty: bool,
    },
    /// Applies the database migrations, then stops.
    Migrate,
    /// Imports progress-log sheets (FRM-DINKOMINFO-020, .xlsx or .csv); all or nothing.
    Import {
        /// The files to import.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Shows what would be imported without importing it.
        #[arg(long)]
        dry_run: bool,
    },
    /// Loads the demo data set: applications, meetings and one account per role.
    Demo {
        /// Generates a larger, reproducible data set instead: N × 30 applications, 6 agencies,
        /// 4 vendors, 1,000 meetings over ten years, 500 survey answers and 50 accounts.
        #[arg(long)]
        scale: Option<u32>,
    },
    /// Copies the whole database to FILE, consistently, while the server may run.
    Backup {
        /// The copy to write; it must not exist yet.
        file: PathBuf,
    },
    /// Brings a copy made by `backup` back into the database of DATABASE_URL, which must be new.
    Restore {
        /// The copy to read.
        file: PathBuf,
    },
    /// Manages accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Measurements for the benchmark (scripts/bench.sh).
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Adds an account. The password is asked for twice, or read from standard input.
    Add {
        /// A role: admin, kasi, pic, service_desk, klien, pihak_ketiga or pimpinan; repeat for more.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        #[arg(long)]
        email: String,
        /// The person's name; defaults to the part of the e-mail before the @.
        #[arg(long)]
        name: Option<String>,
        /// For a Klien (OPD) account: the agency's name or abbreviation.
        #[arg(long)]
        agency: Option<String>,
        /// For a Pihak Ketiga account: the vendor's name.
        #[arg(long)]
        vendor: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// Times the KPI aggregation of one year as the account EMAIL sees it, with each filter.
    Kpi {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        email: String,
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
    /// Writes a workbook of FRM-DINKOMINFO-020 sheets with ROWS rows in all, to import.
    Workbook {
        file: PathBuf,
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
    },
}

/// Runs the command; the returned code is the process's exit code.
pub async fn run(cli: Cli) -> anyhow::Result<i32> {
    let settings = cli.settings;
    // A restore writes into a database that must not exist yet: nothing may open it first.
    if let Some(Command::Restore { file }) = &cli.command {
        crate::backup::restore(&settings.database_url, file).await?;
        let db = crate::open_database(&settings).await?;
        db.close().await;
        println!("Cadangan {} dipulihkan ke {}.", file.display(), settings.redacted_database_url());
        return Ok(0);
    }
    let db = crate::open_database(&settings).await?;
    let code = match cli.command.unwrap_or(Command::Serve { demo_if_empty: false }) {
        Command::Serve { demo_if_empty } => {
            if demo_if_empty && app::demo::is_empty(&db).await? {
                load_demo(&db).await?;
            }
            crate::routes::serve(&settings, crate::app_state(&settings, db.clone())).await?;
            0
        }
        Command::Migrate => {
            println!("Basis data {} sudah mutakhir.", settings.redacted_database_url());
            0
        }
        Command::Import { files, dry_run } => import(&db, &files, dry_run).await?,
        Command::Demo { scale: None } => {
            load_demo(&db).await?;
            0
        }
        Command::Demo { scale: Some(scale) } => {
            let started = std::time::Instant::now();
            let made = app::demo::scaled::generate(&db, scale, app::date::today_wib()).await?;
            println!(
                "Data skala {scale} dibuat dalam {:.1} s: {} OPD, {} pihak ketiga, {} aplikasi, {} pertemuan, {} jawaban survei, {} akun.",
                started.elapsed().as_secs_f64(),
                made.agencies,
                made.vendors,
                made.applications,
                made.meetings,
                made.responses,
                made.users
            );
            0
        }
        Command::Backup { file } => {
            let done = crate::backup::backup(&db, &settings.database_url, &file).await?;
            println!("Cadangan {} dibuat: {} tabel, {} baris.", file.display(), done.tables, done.rows);
            0
        }
        Command::Restore { .. } => unreachable!("handled before the database is opened"),
        Command::Bench(BenchCommand::Kpi { year, email, runs }) => {
            crate::bench::kpi(&db, year, &email, runs).await?;
            0
        }
        Command::Bench(BenchCommand::Workbook { file, rows }) => {
            crate::bench::workbook(&db, &file, rows).await?;
            0
        }
        Command::User(UserCommand::Add { roles, email, name, agency, vendor }) => {
            add_user(&db, roles, email, name, agency, vendor).await?
        }
    };
    db.close().await;
    Ok(code)
}

async fn load_demo(db: &app::db::Db) -> anyhow::Result<()> {
    let loaded = app::demo::load(db, app::date::today_wib()).await?;
    println!(
        "Data demo dimuat: {} akun, {} aplikasi, {} pertemuan.",
        loaded.accounts, loaded.applications, loaded.meetings
    );
    Ok(())
}

/// Reads the new password: asked for twice on a terminal, or one line of standard input.
fn read_password() -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Kata sandi: ")?;
        let second = rpassword::prompt_password("Ulangi kata sandi: ")?;
        if first != second {
            anyhow::bail!("kedua kata sandi tidak sama");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn add_user(
    db: &app::db::Db,
    roles: Vec<String>,
    email: String,
    name: Option<String>,
    agency: Option<String>,
    vendor: Option<String>,
) -> anyhow::Result<i32> {
    let agency_id = match &agency {
        Some(text) => {
            let agencies = app::agency::store::list(db).await?;
            let found = app::agency::find_named(&agencies, text)
                .ok_or_else(|| anyhow::anyhow!("OPD \"{text}\" tidak ada dalam daftar OPD"))?;
            found.id.to_string()
        }
        None => String::new(),
    };
    let vendor_id = match &vendor {
        Some(text) => {
            let vendors = app::vendor::store::list(db).await?;
            let key = app::text::name_key(text);
            let found = vendors
                .iter()
                .find(|v| app::text::name_key(&v.name) == key)
                .ok_or_else(|| anyhow::anyhow!("pihak ketiga \"{text}\" tidak ditemukan"))?;
            found.id.to_string()
        }
        None => String::new(),
    };
    let name = name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
    let password = read_password()?;
    let form = app::account::UserForm {
        id: String::new(),
        name,
        email,
        roles,
        agency: agency_id,
        vendor: vendor_id,
        password,
    };
    let result = match form.validate() {
        Ok(entry) => app::account::store::save(db, &entry, &app::audit::Actor::system("baris perintah")).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => {
            println!("Akun {} dibuat (id {id}).", form.email.trim());
            Ok(0)
        }
        Err(app::error::AppError::Invalid(errors)) => {
            for e in errors {
                eprintln!("{}: {}", if e.field.is_empty() { "isian" } else { &e.field }, e.message);
            }
            Ok(1)
        }
        Err(e) => Err(anyhow::anyhow!("{e}")),
    }
}

async fn import(db: &app::db::Db, paths: &[PathBuf], dry_run: bool) -> anyhow::Result<i32> {
    let mut files = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("tidak dapat membaca {}: {e}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        files.push((name, bytes));
    }
    let mode = if dry_run { Mode::DryRun } else { Mode::Apply };
    let report = plan::run(db, files, mode, &Importer::CommandLine).await?;
    print!("{}", describe(&report, dry_run));
    Ok(if report.is_clean() { 0 } else { 1 })
}

/// The report as the command prints it.
pub fn describe(report: &ImportReport, dry_run: bool) -> String {
    let mut out = String::new();
    for s in &report.sheets {
        out.push_str(&format!(
            "{} › {}: \"{}\"{} (PIC {}): {} baris baru, {} diubah, {} sudah ada{}\n",
            s.file,
            s.sheet,
            s.application,
            if s.new_application { " [aplikasi baru]" } else { "" },
            s.pic,
            s.rows_new,
            s.rows_changed,
            s.rows_unchanged,
            if s.new_vendors.is_empty() {
                String::new()
            } else {
                format!("; pihak ketiga baru: {}", s.new_vendors.join(", "))
            }
        ));
    }
    for s in &report.surveys {
        out.push_str(&format!(
            "{} › jawaban survei: {} baru, {} diubah, {} sudah ada\n",
            s.file, s.responses_new, s.responses_changed, s.responses_unchanged
        ));
    }
    for issue in &report.issues {
        out.push_str(&format!("MASALAH: {issue}\n"));
    }
    out.push_str(&format!(
        "Jumlah: {} aplikasi baru, {} baris baru, {} baris diubah, {} baris sudah ada.\n",
        report.new_applications(),
        report.rows_new(),
        report.rows_changed(),
        report.rows_unchanged()
    ));
    out.push_str(if !report.is_clean() {
        "Tidak ada yang diimpor: perbaiki masalah di atas lalu ulangi.\n"
    } else if !report.has_changes() {
        "Tidak ada perubahan: semua baris sudah ada.\n"
    } else if report.applied {
        "Impor selesai.\n"
    } else if dry_run {
        "Uji coba (--dry-run): basis data tidak diubah.\n"
    } else {
        "Tidak ada yang perlu diimpor.\n"
    });
    out
}
