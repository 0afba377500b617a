//! `pendamping bench`: measurements for the benchmark (scripts/bench.sh) that only the process
//! itself can make: the KPI aggregation's time on the server, and a workbook to import.

use anyhow::{anyhow, Context};
use app::db::Db;
use app::kpi::KpiFilter;
use std::path::Path;
use std::time::{Duration, Instant};

/// Times the KPI report of `year` as the account `email` sees it: without a filter, then by
/// agency, by vendor and by application (those of the first application), `runs` times each.
pub async fn kpi(db: &Db, year: i32, email: &str, runs: usize) -> anyhow::Result<()> {
    let (id, _, _) =
        app::account::store::find_for_login(db, email).await?.ok_or_else(|| anyhow!("akun {email} tidak ada"))?;
    let (viewer, _) =
        app::account::store::for_session(db, id).await?.ok_or_else(|| anyhow!("akun {email} tidak aktif"))?;
    let first = app::application::store::list(db, Default::default(), viewer.scope())
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("belum ada aplikasi: buat data dengan `pendamping demo --scale N`"))?;
    let application = app::application::store::get(db, first.id).await?.context("aplikasi pertama")?;
    let plain = KpiFilter { year, month: 12, ..Default::default() };
    let cases = [
        ("tanpa saringan", plain),
        ("per OPD", KpiFilter { agency: Some(application.agency.id), ..plain }),
        ("per pihak ketiga", KpiFilter { vendor: Some(application.vendor.id), ..plain }),
        ("per aplikasi", KpiFilter { application: Some(first.id), ..plain }),
    ];
    for (name, filter) in cases {
        let mut times = Vec::with_capacity(runs);
        let mut meetings = 0;
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let report = app::kpi::store::report(db, filter, &viewer).await?;
            times.push(started.elapsed());
            meetings = report.months.iter().map(|m| m.meetings).sum::<i64>();
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "kpi {year} {name}: p50 {:.2} ms, maks {:.2} ms ({} kali, {meetings} pertemuan setahun)",
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
            times.len()
        );
    }
    Ok(())
}

/// Writes a workbook of `rows` rows in the layout of FRM-DINKOMINFO-020 to `file`.
pub async fn workbook(db: &Db, file: &Path, rows: usize) -> anyhow::Result<()> {
    let agencies = app::agency::store::list(db).await?;
    let bytes = tokio::task::spawn_blocking(move || app::demo::scaled::workbook(rows, &agencies)).await??;
    std::fs::write(file, &bytes).with_context(|| format!("tidak dapat menulis {}", file.display()))?;
    println!("Buku kerja {} ditulis: {rows} baris, {} KB.", file.display(), bytes.len() / 1024);
    Ok(())
}
