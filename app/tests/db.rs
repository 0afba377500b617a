//! The database suite: run against SQLite, and against PostgreSQL with
//! `PENDAMPING_TEST_BACKEND=postgres`.

use app::account::{Role, Scope, UserEntry};
use app::application::store as applications;
use app::application::ApplicationFilter;
use app::audit::Actor;
use app::date::{format_short, Month};
use app::import::plan::{run as run_as, Importer, Mode};
use app::meeting::{store as meetings, MeetingForm};
use app::testing::{fresh_db, test_file, TestDb};
use chrono::NaiveDate;

async fn run(
    db: &app::db::Db,
    files: Vec<(String, Vec<u8>)>,
    mode: Mode,
) -> Result<app::import::ImportReport, app::error::AppError> {
    run_as(db, files, mode, &Importer::CommandLine).await
}

fn actor() -> Actor {
    Actor::system("uji")
}

fn config() -> app::state::Config {
    app::state::Config::default()
}

fn office_sheets() -> Vec<(String, Vec<u8>)> {
    vec![test_file("log-progress-2025-2026.xlsx"), test_file("log-progress-simpeg.csv")]
}

async fn application_named(t: &TestDb, name: &str) -> app::application::ApplicationSummary {
    let all = applications::list(&t.db, ApplicationFilter::default(), Scope::ALL).await.unwrap();
    all.into_iter().find(|a| a.name == name).unwrap_or_else(|| panic!("no application {name}"))
}

const SIMPLE_FORM: &str = "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun\n\
FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)\n\
Nama Aplikasi;Aplikasi Uji Coba;;PIC;Rina Wulandari\n\
No;Tanggal Pertemuan;Nama Klien (OPD);Pihak Ketiga;Deskripsi Laporan Progress;Catatan;TTD Kasie\n";

fn csv(rows: &[&str]) -> (String, Vec<u8>) {
    let mut text = SIMPLE_FORM.to_string();
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    ("uji.csv".to_string(), text.into_bytes())
}

#[tokio::test]
async fn the_offices_sheets_import_once_as_five_applications_and_41_meetings() {
    let t = fresh_db().await;
    let report = run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert!(report.applied);
    assert_eq!((report.new_applications(), report.rows_new()), (5, 41));
    assert_eq!(t.count("applications").await, 5);
    assert_eq!(t.count("meetings").await, 41);

    let before = t.snapshot().await;
    let again = run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    assert!(again.issues.is_empty(), "{:?}", again.issues);
    assert_eq!((again.new_applications(), again.rows_new(), again.rows_changed()), (0, 0, 0));
    assert_eq!(again.rows_unchanged(), 41);
    assert_eq!(t.snapshot().await, before, "a second import changed the database");

    let rujukan = application_named(&t, "Sistem Informasi Rujukan Puskesmas").await;
    assert_eq!(rujukan.meeting_count, 11);
    assert_eq!(rujukan.pic_name, "Rina Wulandari");
    assert_eq!(rujukan.agency_abbreviation, "Dinkes");
    let rows = meetings::list_for_application(&t.db, rujukan.id).await.unwrap();
    let row = rows
        .iter()
        .find(|m| m.progress == "Fitur A selesai dikerjakan dan masuk pengerjaan untuk fitur B, C, dan D")
        .expect("the row of 22/04/25");
    assert_eq!(format_short(row.date), "22/04/25");
    assert_eq!(row.no, Some(4));
    assert_eq!(row.client_label(), "Agus Prasetyo (Dinkes)");
    assert_eq!(row.vendor_name, "PT. ABC");
    assert!(row.signed);

    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    assert_eq!((simpeg.meeting_count, simpeg.agency_abbreviation.as_str()), (6, "BKPSDM"));
    assert_eq!(simpeg.last_meeting, NaiveDate::from_ymd_opt(2026, 5, 18));
    t.finish().await;
}

#[tokio::test]
async fn a_sheet_with_an_impossible_date_imports_nothing_and_names_the_row() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let before = t.snapshot().await;
    let bad = csv(&[
        "1;25/02/25;Agus (Dinkes);PT. Baru Sekali;Kick-off;;",
        "2;31/02/25;Agus (Dinkes);PT. Baru Sekali;Analisis;;",
        "3;04/03/25;Agus (Dinkes);PT. Baru Sekali;Desain;;",
    ]);
    let report = run(&t.db, vec![bad], Mode::Apply).await.unwrap();
    assert!(!report.applied);
    assert_eq!(report.issues.len(), 1, "{:?}", report.issues);
    let issue = &report.issues[0];
    assert_eq!(issue.sheet, "uji.csv");
    assert_eq!(issue.row, Some(6));
    assert_eq!(issue.column.as_deref(), Some("B (Tanggal Pertemuan)"));
    assert!(issue.message.contains("31/02/25"), "{}", issue.message);
    assert_eq!(t.snapshot().await, before, "a refused import changed the database");
    t.finish().await;
}

#[tokio::test]
async fn every_bad_row_is_reported_and_an_unknown_agency_is_a_row_error() {
    let t = fresh_db().await;
    let bad = csv(&[
        "1;25/02/25;Agus (Dinas Antah Berantah);PT. ABC;Kick-off;;",
        "2;;Agus (Dinkes);PT. ABC;Analisis;;",
        "3;04/03/25;Agus (Dinkes);PT. ABC;Desain;;",
    ]);
    let report = run(&t.db, vec![bad, ("kosong.csv".into(), b"Nama,Alamat\nBudi,Madiun\n".to_vec())], Mode::Apply)
        .await
        .unwrap();
    let found: Vec<(String, Option<u32>)> = report.issues.iter().map(|i| (i.sheet.clone(), i.row)).collect();
    assert!(found.contains(&("uji.csv".into(), Some(5))), "{found:?}");
    assert!(found.contains(&("uji.csv".into(), Some(6))), "{found:?}");
    assert!(found.contains(&("kosong.csv".into(), None)), "{found:?}");
    let unknown = report.issues.iter().find(|i| i.row == Some(5)).unwrap();
    assert_eq!(unknown.column.as_deref(), Some("C (Nama Klien (OPD))"));
    assert!(unknown.message.contains("Dinas Antah Berantah"));
    assert_eq!(t.count("applications").await, 0);
    assert_eq!(t.count("vendors").await, 0);
    t.finish().await;
}

#[tokio::test]
async fn a_dry_run_reports_the_changes_and_writes_none() {
    let t = fresh_db().await;
    let report = run(&t.db, office_sheets(), Mode::DryRun).await.unwrap();
    assert!(!report.applied);
    assert_eq!((report.new_applications(), report.rows_new()), (5, 41));
    let vendors: Vec<String> = report.sheets.iter().flat_map(|s| s.new_vendors.clone()).collect();
    assert_eq!(vendors.len(), 4, "{vendors:?}");
    assert_eq!(t.count("applications").await, 0);
    assert_eq!(t.count("meetings").await, 0);
    assert_eq!(t.count("vendors").await, 0);
    t.finish().await;
}

#[tokio::test]
async fn vendors_match_by_name_and_a_missing_one_is_created() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let vendors_before = t.count("vendors").await;
    let report = run(
        &t.db,
        vec![csv(&["1;25/02/25;Agus (Dinkes);pt abc;Kick-off;;", "2;26/02/25;Agus (Dinkes);CV. Baru Jaya;Analisis;;"])],
        Mode::Apply,
    )
    .await
    .unwrap();
    assert!(report.applied, "{:?}", report.issues);
    assert_eq!(report.sheets[0].new_vendors, vec!["CV. Baru Jaya".to_string()]);
    assert_eq!(t.count("vendors").await, vendors_before + 1);
    let uji = application_named(&t, "Aplikasi Uji Coba").await;
    assert_eq!(uji.vendor_name, "PT. ABC");
    t.finish().await;
}

#[tokio::test]
async fn an_unsigned_row_is_updated_by_a_later_import_and_a_signed_one_is_not() {
    let t = fresh_db().await;
    run(
        &t.db,
        vec![csv(&["1;25/02/25;Agus (Dinkes);PT. ABC;Kick-off;;ttd", "2;26/02/25;Agus (Dinkes);PT. ABC;Analisis;;"])],
        Mode::Apply,
    )
    .await
    .unwrap();
    let changed =
        csv(&["1;25/02/25;Agus (Dinkes);PT. ABC;Kick-off;;ttd", "2;26/02/25;Agus (Dinkes);PT. ABC;Analisis selesai;;"]);
    let report = run(&t.db, vec![changed], Mode::Apply).await.unwrap();
    assert!(report.applied);
    assert_eq!((report.rows_changed(), report.rows_unchanged()), (1, 1));

    let before = t.snapshot().await;
    let signed_changed = csv(&["1;25/02/25;Agus (Dinkes);PT. ABC;Kick-off diubah;;ttd"]);
    let refused = run(&t.db, vec![signed_changed], Mode::Apply).await.unwrap();
    assert!(!refused.applied);
    assert!(refused.issues[0].message.contains("sudah ditandatangani"), "{:?}", refused.issues);
    assert_eq!(t.snapshot().await, before);
    t.finish().await;
}

#[tokio::test]
async fn a_row_from_the_form_gets_the_next_number_and_can_be_edited_until_signed() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let form = MeetingForm {
        application: simpeg.id.to_string(),
        meeting: String::new(),
        tanggal: "01/06/2026".into(),
        klien: "Yuliana Putri".into(),
        opd: "7".into(),
        progress: "Pelatihan operator selesai".into(),
        catatan: "Serahkan manual".into(),
    };
    let agencies = app::agency::store::list(&t.db).await.unwrap();
    let bkpsdm = app::agency::find_named(&agencies, "BKPSDM").unwrap().id;
    let form = MeetingForm { opd: bkpsdm.to_string(), ..form };
    let saved = meetings::save(&t.db, &form.validate().unwrap(), &actor()).await.unwrap();
    assert_eq!(saved.no, 7);

    let edit =
        MeetingForm { meeting: saved.id.to_string(), progress: "Pelatihan operator selesai (2 sesi)".into(), ..form };
    let again = meetings::save(&t.db, &edit.validate().unwrap(), &actor()).await.unwrap();
    assert_eq!(again, saved);
    let rows = meetings::list_for_application(&t.db, simpeg.id).await.unwrap();
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[6].progress, "Pelatihan operator selesai (2 sesi)");

    // Imported rows carry the Kasi's signature and are locked.
    let signed = MeetingForm { meeting: rows[0].id.to_string(), ..edit };
    let refused = meetings::save(&t.db, &signed.validate().unwrap(), &actor()).await.unwrap_err();
    assert!(matches!(refused, app::error::AppError::Conflict(_)), "{refused:?}");
    t.finish().await;
}

#[tokio::test]
async fn a_row_for_another_application_is_not_found() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let all = applications::list(&t.db, ApplicationFilter::default(), Scope::ALL).await.unwrap();
    let rows = meetings::list_for_application(&t.db, all[0].id).await.unwrap();
    let form = MeetingForm {
        application: all[1].id.to_string(),
        meeting: rows[0].id.to_string(),
        tanggal: "01/06/2026".into(),
        klien: "X".into(),
        opd: "1".into(),
        progress: "Y".into(),
        catatan: String::new(),
    };
    let err = meetings::save(&t.db, &form.validate().unwrap(), &actor()).await.unwrap_err();
    assert_eq!(err, app::error::AppError::NotFound);
    t.finish().await;
}

#[tokio::test]
async fn the_dashboard_counts_meetings_per_application_and_per_month_with_filters() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let all = applications::list(&t.db, ApplicationFilter::default(), Scope::ALL).await.unwrap();
    assert_eq!(all.iter().map(|a| a.meeting_count).sum::<i64>(), 41);

    let agencies = app::agency::store::list(&t.db).await.unwrap();
    let dinkes = app::agency::find_named(&agencies, "Dinkes").unwrap().id;
    let filter = ApplicationFilter { agency: Some(dinkes), vendor: None };
    let only = applications::list(&t.db, filter, Scope::ALL).await.unwrap();
    assert_eq!(only.len(), 1);

    let from = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let per_day =
        app::dashboard::store::meetings_per_day(&t.db, ApplicationFilter::default(), from, Scope::ALL).await.unwrap();
    let months = Month { year: 2025, month: 12 }.last_n(12);
    let counts = app::dashboard::per_month(&months, &per_day);
    let april = counts.iter().find(|c| c.month == Month { year: 2025, month: 4 }).unwrap();
    // 22/04 and 29/04 (Rujukan Puskesmas), 01/04, 15/04 and 29/04 (PPDB).
    assert_eq!(april.meetings, 5);
    let dinkes_days = app::dashboard::store::meetings_per_day(&t.db, filter, from, Scope::ALL).await.unwrap();
    assert_eq!(dinkes_days.iter().map(|(_, n)| n).sum::<i64>(), 11);
    t.finish().await;
}

#[tokio::test]
async fn the_reference_agencies_load_once() {
    let t = fresh_db().await;
    assert_eq!(t.count("agencies").await, 31);
    let added = app::agency::store::seed_reference(&t.db).await.unwrap();
    assert_eq!(added, 0);
    assert_eq!(t.count("agencies").await, 31);
    t.finish().await;
}

#[tokio::test]
async fn the_demo_data_loads_once() {
    let t = fresh_db().await;
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    assert!(app::demo::is_empty(&t.db).await.unwrap());
    let loaded = app::demo::load(&t.db, today).await.unwrap();
    assert_eq!((loaded.accounts, loaded.applications, loaded.meetings), (7, 5, 30));
    assert_eq!(app::demo::load(&t.db, today).await.unwrap(), app::demo::Loaded::default());
    // The demo PIC writes the log of the demo application that names them.
    let pengaduan = application_named(&t, "Aplikasi Pengaduan Warga Madiun Menjawab").await;
    let mut tx = t.db.begin().await.unwrap();
    let reach = applications::reach(&mut tx, pengaduan.id).await.unwrap().unwrap();
    tx.rollback().await.unwrap();
    let (pic, _, _) = app::account::store::find_for_login(&t.db, "pic@pendamping.demo").await.unwrap().unwrap();
    assert_eq!(reach.pic_user_id, Some(pic));
    assert!(!app::demo::is_empty(&t.db).await.unwrap());
    t.finish().await;
}

async fn account(t: &TestDb, name: &str, email: &str, roles: &[Role], agency: Option<&str>) -> app::ids::UserId {
    let agencies = app::agency::store::list(&t.db).await.unwrap();
    let entry = UserEntry {
        id: None,
        name: name.into(),
        email: email.into(),
        roles: roles.to_vec(),
        agency: agency.map(|a| app::agency::find_named(&agencies, a).unwrap().id),
        vendor: None,
        password: Some("kata-sandi-uji".into()),
    };
    app::account::store::save(&t.db, &entry, &actor()).await.unwrap()
}

#[tokio::test]
async fn changing_a_log_row_leaves_an_audit_entry_with_the_old_and_new_text() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let agencies = app::agency::store::list(&t.db).await.unwrap();
    let bkpsdm = app::agency::find_named(&agencies, "BKPSDM").unwrap().id;
    let form = MeetingForm {
        application: simpeg.id.to_string(),
        meeting: String::new(),
        tanggal: "01/06/2026".into(),
        klien: "Yuliana Putri".into(),
        opd: bkpsdm.to_string(),
        progress: "Teks lama".into(),
        catatan: String::new(),
    };
    let pic = Actor { user: None, name: "Bayu Saputra".into() };
    let saved = meetings::save(&t.db, &form.validate().unwrap(), &pic).await.unwrap();
    let edit = MeetingForm { meeting: saved.id.to_string(), progress: "Teks baru".into(), ..form };
    meetings::save(&t.db, &edit.validate().unwrap(), &pic).await.unwrap();

    let trail = app::audit::list_for_application(&t.db, simpeg.id).await.unwrap();
    let change = trail.iter().find(|e| e.entity == "baris_log" && e.action == app::audit::Action::Update).unwrap();
    assert_eq!(change.actor, "Bayu Saputra");
    assert_eq!(change.entity_id, saved.id.0);
    assert!(change.before.as_deref().unwrap().contains("Teks lama"));
    assert!(change.after.as_deref().unwrap().contains("Teks baru"));
    assert!(trail.iter().any(|e| e.entity == "baris_log" && e.action == app::audit::Action::Create));
    // The import wrote the application and its rows to the trail too.
    assert!(trail.iter().any(|e| e.entity == "aplikasi" && e.action == app::audit::Action::Create));
    t.finish().await;
}

#[tokio::test]
async fn the_audit_trail_refuses_updates_and_deletes() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let before = t.count("audit_log").await;
    assert!(before > 0);
    for sql in ["UPDATE audit_log SET actor = 'orang lain'", "DELETE FROM audit_log"] {
        let result = app::on_pool!(&t.db, p => sqlx::query(sql).execute(p).await.map(|r| r.rows_affected()));
        let err = result.expect_err(sql).to_string();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(t.count("audit_log").await, before);
    t.finish().await;
}

#[tokio::test]
async fn a_pic_account_becomes_pic_of_the_applications_that_name_them() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let bayu = account(&t, "Bayu Saputra", "bayu@madiunkota.go.id", &[Role::Pic], None).await;
    for (name, expected) in [
        ("Aplikasi Penerimaan Peserta Didik Baru", Some(bayu)),
        ("Sistem Informasi Kepegawaian Terpadu", Some(bayu)),
        ("E-Retribusi Pasar", None),
    ] {
        let app = application_named(&t, name).await;
        let mut tx = t.db.begin().await.unwrap();
        let reach = applications::reach(&mut tx, app.id).await.unwrap().unwrap();
        tx.rollback().await.unwrap();
        assert_eq!(reach.pic_user_id, expected, "{name}");
    }
    t.finish().await;
}

#[tokio::test]
async fn an_agency_and_a_vendor_see_only_their_applications() {
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let agencies = app::agency::store::list(&t.db).await.unwrap();
    let dinkes = app::agency::find_named(&agencies, "Dinkes").unwrap().id;
    let scope = Scope { all: false, agency: Some(dinkes), vendor: None };
    let seen = applications::list(&t.db, ApplicationFilter::default(), scope).await.unwrap();
    assert_eq!(seen.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["Sistem Informasi Rujukan Puskesmas"]);

    let vendors = app::vendor::store::list(&t.db).await.unwrap();
    let abc = vendors.iter().find(|v| v.name == "PT. ABC").unwrap().id;
    let scope = Scope { all: false, agency: None, vendor: Some(abc) };
    let seen = applications::list(&t.db, ApplicationFilter::default(), scope).await.unwrap();
    let names: Vec<&str> = seen.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["E-Retribusi Pasar", "Sistem Informasi Rujukan Puskesmas"]);
    let from = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let days = app::dashboard::store::meetings_per_day(&t.db, ApplicationFilter::default(), from, scope).await.unwrap();
    assert_eq!(days.iter().map(|(_, n)| n).sum::<i64>(), 18);
    let (options, _) = applications::filter_options(&t.db, scope).await.unwrap();
    assert_eq!(options.len(), 2, "only the agencies of its own applications are offered");
    t.finish().await;
}

#[tokio::test]
async fn a_pic_imports_only_the_sheets_of_their_own_applications() {
    let t = fresh_db().await;
    run(&t.db, vec![test_file("log-progress-2025-2026.xlsx")], Mode::Apply).await.unwrap();
    let bayu = account(&t, "Bayu Saputra", "bayu@madiunkota.go.id", &[Role::Pic], None).await;
    let (viewer, _) = app::account::store::for_session(&t.db, bayu).await.unwrap().unwrap();
    let importer = Importer::User(viewer);

    // The workbook holds applications of Rina and Fajar too: nothing is imported.
    let report = run_as(&t.db, office_sheets(), Mode::Apply, &importer).await.unwrap();
    assert!(!report.applied);
    assert!(report.issues.iter().any(|i| i.message.contains("bukan PIC")), "{:?}", report.issues);
    // The CSV names Bayu as PIC of a new application: his to import.
    let report = run_as(&t.db, vec![test_file("log-progress-simpeg.csv")], Mode::Apply, &importer).await.unwrap();
    assert!(report.applied, "{:?}", report.issues);
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let mut tx = t.db.begin().await.unwrap();
    assert_eq!(applications::reach(&mut tx, simpeg.id).await.unwrap().unwrap().pic_user_id, Some(bayu));
    tx.rollback().await.unwrap();
    t.finish().await;
}

#[tokio::test]
async fn a_deactivated_account_has_no_session_and_cannot_sign_in() {
    let t = fresh_db().await;
    let id = account(&t, "Agus Prasetyo", "agus@dinkes.go.id", &[Role::Klien], Some("Dinkes")).await;
    let (viewer, hash) = app::account::store::for_session(&t.db, id).await.unwrap().unwrap();
    assert_eq!(viewer.roles, vec![Role::Klien]);
    assert!(app::auth::verify_password("kata-sandi-uji", &hash));
    app::account::store::set_active(&t.db, id, false, &actor()).await.unwrap();
    assert_eq!(app::account::store::for_session(&t.db, id).await.unwrap(), None);
    let (_, _, active) = app::account::store::find_for_login(&t.db, "AGUS@dinkes.go.id").await.unwrap().unwrap();
    assert!(!active);
    t.finish().await;
}

#[tokio::test]
async fn a_taken_email_is_named_at_its_field() {
    let t = fresh_db().await;
    account(&t, "Agus", "agus@dinkes.go.id", &[Role::Kasi], None).await;
    let entry = UserEntry {
        id: None,
        name: "Agus Lain".into(),
        email: "agus@dinkes.go.id".into(),
        roles: vec![Role::Kasi],
        agency: None,
        vendor: None,
        password: Some("kata-sandi-uji".into()),
    };
    let err = app::account::store::save(&t.db, &entry, &actor()).await.unwrap_err();
    assert!(err.message_for("email").unwrap().contains("sudah dipakai"));
    assert_eq!(t.count("users").await, 1);
    t.finish().await;
}

#[tokio::test]
async fn repeated_failed_logins_block_the_account_for_a_while() {
    use app::auth::throttle;
    let t = fresh_db().await;
    // PostgreSQL keeps microseconds.
    let now = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 6);
    let key = "akun:agus@dinkes.go.id".to_string();
    for _ in 0..4 {
        throttle::record_failure(&t.db, &[(key.clone(), throttle::ACCOUNT_LIMIT)], now).await.unwrap();
    }
    assert_eq!(throttle::blocked_until(&t.db, std::slice::from_ref(&key), now).await.unwrap(), None);
    throttle::record_failure(&t.db, &[(key.clone(), throttle::ACCOUNT_LIMIT)], now).await.unwrap();
    let until = throttle::blocked_until(&t.db, std::slice::from_ref(&key), now).await.unwrap().unwrap();
    assert_eq!(until, now + chrono::Duration::minutes(1));
    assert_eq!(throttle::blocked_until(&t.db, std::slice::from_ref(&key), until).await.unwrap(), None);
    throttle::clear(&t.db, &key).await.unwrap();
    assert_eq!(t.count("login_throttle").await, 0);
    t.finish().await;
}

/// The people of one meeting's eight steps, as signed-in viewers.
struct Cast {
    pic: app::account::Viewer,
    vendor: app::account::Viewer,
    klien: app::account::Viewer,
    kasi: app::account::Viewer,
    desk: app::account::Viewer,
}

async fn viewer(t: &TestDb, id: app::ids::UserId) -> app::account::Viewer {
    app::account::store::for_session(&t.db, id).await.unwrap().unwrap().0
}

/// The office's sheets and the accounts of every step for SIMPEG (BKPSDM, PT. Cipta Karya
/// Digital, PIC Bayu Saputra).
async fn cast(t: &TestDb) -> Cast {
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let pic = account(t, "Bayu Saputra", "bayu@madiunkota.go.id", &[Role::Pic], None).await;
    let klien = account(t, "Yuliana Putri", "yuliana@bkpsdm.go.id", &[Role::Klien], Some("BKPSDM")).await;
    let kasi = account(t, "Sri Wahyuni", "kasi@madiunkota.go.id", &[Role::Kasi], None).await;
    let desk = account(t, "Andi Pratama", "sd@madiunkota.go.id", &[Role::ServiceDesk], None).await;
    let vendors = app::vendor::store::list(&t.db).await.unwrap();
    let cipta = vendors.iter().find(|v| v.name == "PT. Cipta Karya Digital").unwrap().id;
    let entry = UserEntry {
        id: None,
        name: "Rekan Cipta".into(),
        email: "rekan@cipta.co.id".into(),
        roles: vec![Role::PihakKetiga],
        agency: None,
        vendor: Some(cipta),
        password: Some("kata-sandi-uji".into()),
    };
    let vendor = app::account::store::save(&t.db, &entry, &actor()).await.unwrap();
    Cast {
        pic: viewer(t, pic).await,
        vendor: viewer(t, vendor).await,
        klien: viewer(t, klien).await,
        kasi: viewer(t, kasi).await,
        desk: viewer(t, desk).await,
    }
}

fn schedule_form(application: app::ids::ApplicationId, tanggal: &str) -> app::schedule::ScheduleForm {
    app::schedule::ScheduleForm {
        application: application.to_string(),
        tanggal: tanggal.into(),
        jam: "09:00".into(),
        durasi: "60".into(),
        tempat: "Ruang Rapat Dinkominfo".into(),
        saluran: "telepon".into(),
        klien: "Yuliana Putri".into(),
        ..Default::default()
    }
}

async fn schedule(t: &TestDb, c: &Cast, application: app::ids::ApplicationId, tanggal: &str) -> app::ids::MeetingId {
    let entry = schedule_form(application, tanggal).validate().unwrap();
    app::schedule::store::schedule(&t.db, &config(), &entry, &c.pic, None).await.unwrap()[0]
}

async fn state(t: &TestDb, id: app::ids::MeetingId, who: &app::account::Viewer) -> app::workflow::store::MeetingState {
    app::workflow::store::state(&t.db, id, who).await.unwrap()
}

/// Steps 2 to 4 for a meeting: report, review, notes.
async fn hold(t: &TestDb, c: &Cast, id: app::ids::MeetingId, decisions: &[(i64, &str)], new_items: &[&str]) {
    use app::workflow::store as w;
    let s = state(t, id, &c.vendor).await;
    w::save_report(&t.db, &s, "Modul cuti selesai", &[], &["Modul cuti".into()], &c.vendor, None).await.unwrap();
    w::save_review(&t.db, &s, "Sesuai kebutuhan", &c.klien, None).await.unwrap();
    let decisions: Vec<(i64, String)> = decisions.iter().map(|(i, d)| (*i, d.to_string())).collect();
    let new_items: Vec<String> = new_items.iter().map(|s| s.to_string()).collect();
    w::save_notes(&t.db, &s, &decisions, &new_items, &c.pic, None).await.unwrap();
}

#[tokio::test]
async fn a_meeting_walks_through_the_eight_steps_and_ends_signed_and_answered() {
    use app::step::Step;
    use app::workflow::store as w;
    let t = fresh_db().await;
    let c = cast(&t).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let id = schedule(&t, &c, simpeg.id, "01/06/2026").await;
    assert_eq!(state(&t, id, &c.pic).await.progress.next(), Some(Step::Report));

    // Out of order: the Kasi cannot sign a meeting that has not been held.
    let early = app::signoff::store::sign(&t.db, &config(), id, &c.kasi, None).await.unwrap_err();
    assert!(matches!(early, app::error::AppError::Conflict(_)), "{early:?}");

    hold(&t, &c, id, &[], &["Siapkan akun uji", "Kirim manual"]).await;
    let s = state(&t, id, &c.pic).await;
    let no = w::document(&t.db, &s, &c.pic, None).await.unwrap();
    assert_eq!(no, 7, "the next row after the six of the SIMPEG sheet");
    w::deliver(&t.db, &config(), &s, &c.pic, None).await.unwrap();
    let signature = app::signoff::store::sign(&t.db, &config(), id, &c.kasi, None).await.unwrap();
    assert_eq!(signature.signer_name, "Sri Wahyuni");
    assert_eq!(signature.fingerprint.len(), 64);
    let reply =
        app::ticket::store::reply(&t.db, &config(), id, "Laporan progres terlampir.", &c.desk, None).await.unwrap();
    assert!(reply > 0);
    assert_eq!(state(&t, id, &c.pic).await.progress.next(), None, "all eight steps are done");

    // The signed row is the seventh row of the form, filled from what was entered.
    let rows = meetings::list_for_application(&t.db, simpeg.id).await.unwrap();
    let row = rows.iter().find(|m| m.no == Some(7)).unwrap();
    assert_eq!(row.progress, "Modul cuti selesai");
    assert_eq!(row.notes, "Siapkan akun uji; Kirim manual");
    assert_eq!(row.client_label(), "Yuliana Putri (BKPSDM)");
    assert_eq!(format_short(row.date), "01/06/26");
    assert!(row.signed && row.signer_name.as_deref() == Some("Sri Wahyuni"));
    // The agency reads the reply in its ticket list.
    let tickets = app::ticket::store::list(&t.db, c.klien.scope(), None).await.unwrap();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].replies, 1);
    let thread = app::ticket::store::replies(&t.db, tickets[0].id).await.unwrap();
    assert_eq!(thread[0].body, "Laporan progres terlampir.");
    t.finish().await;
}

#[tokio::test]
async fn a_signed_row_is_locked_in_the_database_and_a_correction_is_a_new_revision() {
    use app::workflow::store as w;
    let t = fresh_db().await;
    let c = cast(&t).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let id = schedule(&t, &c, simpeg.id, "01/06/2026").await;
    hold(&t, &c, id, &[], &[]).await;
    let s = state(&t, id, &c.pic).await;
    w::document(&t.db, &s, &c.pic, None).await.unwrap();
    w::deliver(&t.db, &config(), &s, &c.pic, None).await.unwrap();
    let signature = app::signoff::store::sign(&t.db, &config(), id, &c.kasi, None).await.unwrap();

    for sql in [
        format!("UPDATE meetings SET progress = 'diubah diam-diam' WHERE id = {id}"),
        format!("UPDATE meetings SET signed = FALSE WHERE id = {id}"),
        format!("DELETE FROM meetings WHERE id = {id}"),
        format!("UPDATE signed_rows SET progress = 'diubah' WHERE meeting_id = {id}"),
        format!("DELETE FROM signed_rows WHERE meeting_id = {id}"),
    ] {
        let result = app::on_pool!(&t.db, p => sqlx::query(&sql).execute(p).await.map(|r| r.rows_affected()));
        assert!(result.is_err(), "the database let through: {sql}");
    }
    // Imported rows signed on paper are locked too.
    let first = meetings::list_for_application(&t.db, simpeg.id).await.unwrap()[0].id;
    let result = app::on_pool!(&t.db, p => sqlx::query("UPDATE meetings SET notes = 'x' WHERE id = $1")
        .bind(first).execute(p).await.map(|r| r.rows_affected()));
    assert!(result.is_err());

    // Through the application: refused.
    let edit = MeetingForm {
        application: simpeg.id.to_string(),
        meeting: id.to_string(),
        tanggal: "01/06/2026".into(),
        klien: "Yuliana Putri".into(),
        opd: simpeg_agency(&t).await,
        progress: "Teks koreksi".into(),
        catatan: String::new(),
    };
    let refused = meetings::save(&t.db, &edit.validate().unwrap(), &actor()).await.unwrap_err();
    assert!(matches!(refused, app::error::AppError::Conflict(_)));

    // A correction: revision 2, unsigned, editable; revision 1 stays readable.
    let revision = app::signoff::store::start_correction(&t.db, id, &c.pic).await.unwrap();
    assert_eq!(revision, 2);
    meetings::save(&t.db, &edit.validate().unwrap(), &actor()).await.unwrap();
    let view = w::view(&t.db, id, &c.kasi).await.unwrap();
    assert_eq!((view.revision, view.signed, view.progress.as_str()), (2, false, "Teks koreksi"));
    assert_eq!(view.signed_rows.len(), 1);
    assert_eq!(view.signed_rows[0].progress, "Modul cuti selesai");
    assert_eq!(view.signed_rows[0].fingerprint, signature.fingerprint);
    assert_eq!(view.can, vec![app::step::Step::Sign], "the correction needs a new signature");
    let second = app::signoff::store::sign(&t.db, &config(), id, &c.kasi, None).await.unwrap();
    assert_eq!(second.revision, 2);
    assert_ne!(second.fingerprint, signature.fingerprint);
    t.finish().await;
}

async fn simpeg_agency(t: &TestDb) -> String {
    let agencies = app::agency::store::list(&t.db).await.unwrap();
    app::agency::find_named(&agencies, "BKPSDM").unwrap().id.to_string()
}

#[tokio::test]
async fn an_action_item_not_closed_shows_at_every_later_meeting_until_it_is_closed() {
    use app::workflow::store as w;
    let t = fresh_db().await;
    let c = cast(&t).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let first = schedule(&t, &c, simpeg.id, "01/06/2026").await;
    hold(&t, &c, first, &[], &["Aktifkan backup harian"]).await;
    let item = w::view(&t.db, first, &c.pic).await.unwrap().new_items[0].id;

    let second = schedule(&t, &c, simpeg.id, "15/06/2026").await;
    let view = w::view(&t.db, second, &c.pic).await.unwrap();
    assert_eq!(view.earlier_items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(), vec!["Aktifkan backup harian"]);
    // Step 4 needs a decision on it.
    let s = state(&t, second, &c.vendor).await;
    w::save_report(&t.db, &s, "Laporan", &[], &[], &c.vendor, None).await.unwrap();
    w::save_review(&t.db, &s, "Tinjauan", &c.pic, None).await.unwrap();
    let missing = w::save_notes(&t.db, &s, &[], &[], &c.pic, None).await.unwrap_err();
    assert!(missing.message_for("keputusan").is_some());
    w::save_notes(&t.db, &s, &[(item, "lanjut".into())], &[], &c.pic, None).await.unwrap();

    let third = schedule(&t, &c, simpeg.id, "29/06/2026").await;
    let view = w::view(&t.db, third, &c.pic).await.unwrap();
    assert_eq!(view.earlier_items.len(), 1, "carried on, so still open at meeting 3");
    hold(&t, &c, third, &[(item, "selesai")], &[]).await;
    let view = w::view(&t.db, third, &c.pic).await.unwrap();
    assert!(view.earlier_items[0].closed);

    let fourth = schedule(&t, &c, simpeg.id, "13/07/2026").await;
    assert!(w::view(&t.db, fourth, &c.pic).await.unwrap().earlier_items.is_empty(), "closed at meeting 3");
    t.finish().await;
}

#[tokio::test]
async fn scheduling_twice_or_every_two_weeks_and_moving_and_cancelling() {
    let t = fresh_db().await;
    let c = cast(&t).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let first = schedule(&t, &c, simpeg.id, "01/03/2025").await;
    let again = schedule(&t, &c, simpeg.id, "01/03/2025").await;
    assert_eq!(first, again, "the same meeting scheduled twice is one meeting");
    // 09:00 WIB on 1 March: the meeting's date is 1 March in WIB.
    let view = app::workflow::store::view(&t.db, first, &c.pic).await.unwrap();
    assert_eq!(format_short(view.date), "01/03/25");

    let series = app::schedule::ScheduleForm {
        ulang: "2".into(),
        sampai: "29/03/2025".into(),
        ..schedule_form(simpeg.id, "08/03/2025")
    };
    let ids =
        app::schedule::store::schedule(&t.db, &config(), &series.validate().unwrap(), &c.pic, None).await.unwrap();
    assert_eq!(ids.len(), 2, "8 and 22 March");

    let moved = chrono::DateTime::parse_from_rfc3339("2025-03-09T03:00:00Z").unwrap().to_utc();
    app::schedule::store::move_to(&t.db, &config(), ids[0], moved, "Kasi berhalangan", &c.pic).await.unwrap();
    let view = app::workflow::store::view(&t.db, ids[0], &c.pic).await.unwrap();
    assert_eq!(format_short(view.date), "09/03/25");
    app::schedule::store::cancel(&t.db, &config(), ids[1], "Pihak ketiga mundur", &c.pic).await.unwrap();
    let view = app::workflow::store::view(&t.db, ids[1], &c.pic).await.unwrap();
    assert!(view.cancelled_at.is_some() && view.can.is_empty());
    // Meetings not documented are not rows: the counts stay at the sheet's six.
    assert_eq!(application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await.meeting_count, 6);
    t.finish().await;
}

/// Counts the meetings per month straight from the office's sheets, without the importer:
/// the XLSX's date cells through calamine, the CSV's dd/mm/yy text by hand.
fn meetings_per_month_in_the_sheets() -> std::collections::BTreeMap<(i32, u32), i64> {
    use calamine::{Data, DataType, Reader, Xlsx};
    let mut counts = std::collections::BTreeMap::new();
    let (_, bytes) = test_file("log-progress-2025-2026.xlsx");
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            if let Some(date) = row.get(1).filter(|c| matches!(c, Data::DateTime(_))).and_then(|c| c.as_date()) {
                *counts.entry((chrono::Datelike::year(&date), chrono::Datelike::month(&date))).or_insert(0) += 1;
            }
        }
    }
    let (_, bytes) = test_file("log-progress-simpeg.csv");
    for line in String::from_utf8(bytes).unwrap().lines() {
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() > 2 && fields[0].parse::<u32>().is_ok() {
            let parts: Vec<u32> = fields[1].split('/').map(|p| p.parse().unwrap()).collect();
            *counts.entry((2000 + parts[2] as i32, parts[1])).or_insert(0) += 1;
        }
    }
    counts
}

async fn kpi(t: &TestDb, year: i32) -> app::kpi::KpiReport {
    let viewer = cast_viewer(t, Role::Pimpinan).await;
    let filter = app::kpi::KpiFilter { year, month: 1, ..Default::default() };
    app::kpi::store::report(&t.db, filter, &viewer).await.unwrap()
}

async fn cast_viewer(t: &TestDb, role: Role) -> app::account::Viewer {
    let email = format!("{}@madiunkota.go.id", role.as_str());
    let id = match app::account::store::find_for_login(&t.db, &email).await.unwrap() {
        Some((id, _, _)) => id,
        None => account(t, role.label(), &email, &[role], None).await,
    };
    viewer(t, id).await
}

#[tokio::test]
async fn the_kpi_counts_each_months_meetings_as_the_sheets_do_and_rates_the_vendors() {
    let t = fresh_db().await;
    let mut files = office_sheets();
    files.push(test_file("survei-kepuasan-opd.csv"));
    let report = run(&t.db, files, Mode::Apply).await.unwrap();
    assert!(report.applied, "{:?}", report.issues);
    assert_eq!(report.surveys[0].responses_new, 19);
    let expected = meetings_per_month_in_the_sheets();
    assert_eq!(expected.values().sum::<i64>(), 41);
    for year in [2025, 2026] {
        let kpi = kpi(&t, year).await;
        for m in &kpi.months {
            let want = expected.get(&(m.month.year, m.month.month)).copied().unwrap_or(0);
            assert_eq!(m.meetings, want, "{}", m.month.label_long());
        }
    }
    // March 2025: one answer (4,4,3,3,4) for Rujukan Puskesmas and one (2,3,3,3,2) for PPDB.
    let kpi = kpi(&t, 2025).await;
    let march = &kpi.months[2];
    assert_eq!(march.responses, 2);
    assert_eq!(march.index.map(|v| format!("{v:.2}")), Some("77.50".into()));
    let abc = kpi.vendors.iter().find(|v| v.name == "PT. ABC").unwrap();
    assert_eq!(abc.responses, 8);
    assert_eq!(abc.meetings, 18);

    // The same file again changes nothing; a bad answer imports nothing.
    let again = run(&t.db, vec![test_file("survei-kepuasan-opd.csv")], Mode::Apply).await.unwrap();
    assert_eq!((again.surveys[0].responses_new, again.surveys[0].responses_unchanged), (0, 19));
    let before = t.count("survey_responses").await;
    let bad = "tanggal,nama_aplikasi,opd,pihak_ketiga,responden,ketepatan_waktu,kualitas_hasil,komunikasi,tindak_lanjut_catatan,dokumentasi,saran\n\
               2025-10-01,E-Retribusi Pasar,Disdag,PT. ABC,Hendra Kurniawan,4,4,4,4,4,\n\
               2025-10-02,E-Retribusi Pasar,Dinkes,PT. ABC,Hendra Kurniawan,5,4,4,4,4,\n";
    let refused = run(&t.db, vec![("survei.csv".into(), bad.as_bytes().to_vec())], Mode::Apply).await.unwrap();
    assert!(!refused.applied);
    assert!(refused.issues.iter().all(|i| i.row == Some(3)), "{:?}", refused.issues);
    assert_eq!(t.count("survey_responses").await, before);
    t.finish().await;
}

#[tokio::test]
async fn a_meeting_at_six_thirty_wib_on_the_first_of_march_counts_in_march() {
    use app::workflow::store as w;
    let t = fresh_db().await;
    let c = cast(&t).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let form = app::schedule::ScheduleForm { jam: "06:30".into(), ..schedule_form(simpeg.id, "01/03/2025") };
    let entry = form.validate().unwrap();
    assert_eq!(entry.starts[0].to_rfc3339(), "2025-02-28T23:30:00+00:00", "still February in UTC");
    let before = kpi(&t, 2025).await;
    let id = app::schedule::store::schedule(&t.db, &config(), &entry, &c.pic, None).await.unwrap()[0];
    hold(&t, &c, id, &[], &[]).await;
    let s = state(&t, id, &c.pic).await;
    w::document(&t.db, &s, &c.pic, None).await.unwrap();
    let after = kpi(&t, 2025).await;
    assert_eq!(after.months[1].meetings, before.months[1].meetings, "February");
    assert_eq!(after.months[2].meetings, before.months[2].meetings + 1, "March");
    t.finish().await;
}

#[tokio::test]
async fn a_signed_meeting_opens_one_survey_a_month_and_the_agency_rates_the_vendor() {
    use app::workflow::store as w;
    let t = fresh_db().await;
    let c = cast(&t).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    for day in ["01/06/2026", "08/06/2026"] {
        let id = schedule(&t, &c, simpeg.id, day).await;
        hold(&t, &c, id, &[], &[]).await;
        let s = state(&t, id, &c.pic).await;
        w::document(&t.db, &s, &c.pic, None).await.unwrap();
        w::deliver(&t.db, &config(), &s, &c.pic, None).await.unwrap();
        app::signoff::store::sign(&t.db, &config(), id, &c.kasi, None).await.unwrap();
    }
    assert_eq!(t.count("surveys").await, 1, "at most one survey a month per application");
    let open = app::survey::store::open_for(&t.db, &c.klien).await.unwrap();
    assert_eq!(open.len(), 1);
    let survey = open[0].id;
    // The vendor cannot answer about itself; the agency can, twice, keeping one answer.
    let err = app::survey::store::answer(&t.db, survey, &c.vendor, &[Some(4); 5], "").await.unwrap_err();
    assert_eq!(err, app::error::AppError::Forbidden);
    app::survey::store::answer(&t.db, survey, &c.klien, &[Some(4), None, None, None, None], "").await.unwrap();
    app::survey::store::answer(&t.db, survey, &c.klien, &[Some(3), Some(3), None, Some(4), Some(2)], "Cukup")
        .await
        .unwrap();
    assert_eq!(t.count("survey_responses").await, 1);
    let view = app::survey::store::view(&t.db, survey, &c.klien).await.unwrap();
    assert_eq!(view.mine, Some([Some(3), Some(3), None, Some(4), Some(2)]));
    let today = app::date::today_wib();
    let kpi = kpi(&t, chrono::Datelike::year(&today)).await;
    let month = &kpi.months[chrono::Datelike::month(&today) as usize - 1];
    // (3 + 3 + 4 + 2) / 4 × 25 = 75.00: the blank element is left out.
    assert_eq!(month.index.map(|v| format!("{v:.2}")), Some("75.00".into()));
    assert_eq!(month.category, Some(app::survey::Category::C));
    t.finish().await;
}

/// A row of the form as the paper shows it: No, date, client, vendor, progress, notes, signed.
type PrintedRow = (Option<i64>, String, String, String, String, String, bool);

fn printed_rows(rows: &[app::meeting::Meeting]) -> Vec<PrintedRow> {
    rows.iter()
        .map(|m| {
            (
                m.no,
                format_short(m.date),
                m.client_label(),
                m.vendor_name.clone(),
                m.progress.clone(),
                m.notes.clone(),
                m.signed,
            )
        })
        .collect()
}

#[tokio::test]
async fn the_demo_log_exported_as_xlsx_and_csv_imports_into_an_empty_database_as_the_same_rows() {
    use app::official_form::{files, store as forms, DateRange};
    let source = fresh_db().await;
    let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
    app::demo::load(&source.db, today).await.unwrap();
    let kasi = cast_viewer(&source, Role::Kasi).await;
    let exported = forms::all_forms(&source.db, DateRange::default(), &kasi).await.unwrap();
    assert_eq!(exported.len(), 5, "every demo application");
    assert_eq!(exported.iter().map(|f| f.rows.len()).sum::<usize>(), 30);
    assert!(exported.iter().flat_map(|f| &f.rows).any(|m| m.signed), "the demo has signed rows");

    // The whole log as one workbook, into an empty database.
    let book = files::xlsx(&exported).unwrap();
    let target = fresh_db().await;
    let report = run(&target.db, vec![("log-progress.xlsx".into(), book)], Mode::Apply).await.unwrap();
    assert!(report.issues.is_empty(), "{:?}", report.issues);
    assert_eq!((report.new_applications(), report.rows_new()), (5, 30));
    let kasi_there = cast_viewer(&target, Role::Kasi).await;
    let imported = forms::all_forms(&target.db, DateRange::default(), &kasi_there).await.unwrap();
    assert_eq!(imported.len(), exported.len());
    for (before, after) in exported.iter().zip(&imported) {
        assert_eq!(after.application.name, before.application.name);
        assert_eq!(after.application.pic_name, before.application.pic_name);
        assert_eq!(after.application.agency.id, before.application.agency.id);
        assert_eq!(after.application.vendor.name, before.application.vendor.name);
        assert_eq!(printed_rows(&after.rows), printed_rows(&before.rows), "{}", before.application.name);
    }

    // Each application's CSV, read back into the same database, is the same log: nothing changes.
    for form in &exported {
        let csv = files::csv(form).unwrap();
        let report = run(&target.db, vec![("log.csv".into(), csv)], Mode::Apply).await.unwrap();
        assert!(report.issues.is_empty(), "{:?}", report.issues);
        assert_eq!(
            (report.rows_new(), report.rows_changed(), report.rows_unchanged()),
            (0, 0, form.rows.len()),
            "{}",
            form.application.name
        );
    }
    source.finish().await;
    target.finish().await;
}

#[tokio::test]
async fn a_range_of_dates_keeps_the_rows_between_its_ends() {
    use app::official_form::{store as forms, DateRange};
    let t = fresh_db().await;
    run(&t.db, office_sheets(), Mode::Apply).await.unwrap();
    let kasi = cast_viewer(&t, Role::Kasi).await;
    let simpeg = application_named(&t, "Sistem Informasi Kepegawaian Terpadu").await;
    let whole = forms::form(&t.db, simpeg.id, DateRange::default(), &kasi).await.unwrap().unwrap();
    let range = DateRange::parse("16/03/2026", "04/05/2026").unwrap();
    let part = forms::form(&t.db, simpeg.id, range, &kasi).await.unwrap().unwrap();
    let expected: Vec<_> = whole.rows.iter().filter(|m| range.includes(m.date)).map(|m| m.no).collect();
    assert_eq!(part.rows.iter().map(|m| m.no).collect::<Vec<_>>(), expected);
    assert_eq!(expected, vec![Some(2), Some(3), Some(4), Some(5)]);
    // Outside the viewer's scope, the form is not there.
    let dindik = account(&t, "Sri", "sri@madiunkota.go.id", &[Role::Klien], Some("Dindik")).await;
    let dindik = viewer(&t, dindik).await;
    assert!(forms::form(&t.db, simpeg.id, DateRange::default(), &dindik).await.unwrap().is_none());
    t.finish().await;
}

#[tokio::test]
async fn the_scaled_demo_makes_what_its_scale_promises_and_the_same_data_each_time() {
    use app::demo::scaled;
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let first = fresh_db().await;
    let made = scaled::generate(&first.db, 2, today).await.unwrap();
    assert_eq!(made.applications, 2 * u64::from(scaled::APPLICATIONS));
    assert_eq!(made.meetings, 2 * u64::from(scaled::MEETINGS));
    assert_eq!(made.responses, 2 * u64::from(scaled::RESPONSES));
    assert_eq!(made.users, 2 * u64::from(scaled::USERS));
    assert_eq!(first.count("applications").await, made.applications as i64);
    assert_eq!(first.count("meetings").await, made.meetings as i64);
    assert_eq!(first.count("survey_responses").await, made.responses as i64);
    let error = scaled::generate(&first.db, 2, today).await.unwrap_err();
    assert!(error.to_string().contains("basis data kosong"), "{error}");
    assert_eq!(first.count("meetings").await, made.meetings as i64, "a refused run adds nothing");

    let second = fresh_db().await;
    scaled::generate(&second.db, 2, today).await.unwrap();
    assert_eq!(first.snapshot().await, second.snapshot().await, "the same scale gives the same data");
    first.finish().await;
    second.finish().await;
}

#[tokio::test]
async fn the_dashboards_pages_hold_every_application_once_with_the_same_counts() {
    let t = fresh_db().await;
    app::demo::scaled::generate(&t.db, 2, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()).await.unwrap();
    let all = applications::list(&t.db, ApplicationFilter::default(), Scope::ALL).await.unwrap();
    assert_eq!(all.len(), 60);
    let (count, rows) = applications::totals(&t.db, ApplicationFilter::default(), Scope::ALL).await.unwrap();
    assert_eq!(count, 60);
    assert_eq!(rows, all.iter().map(|a| a.meeting_count).sum::<i64>());
    let page_size = i64::from(app::dashboard::PAGE_SIZE);
    let mut paged =
        applications::list_range(&t.db, ApplicationFilter::default(), Scope::ALL, 0, page_size).await.unwrap();
    assert_eq!(paged.len(), 50);
    paged.extend(
        applications::list_range(&t.db, ApplicationFilter::default(), Scope::ALL, page_size, page_size).await.unwrap(),
    );
    assert_eq!(paged, all, "two pages are the whole list, in order, with the same meeting counts");

    // A filter pages and counts only what it selects.
    let agency = all[0].agency_name.clone();
    let agency_id = app::agency::store::list(&t.db).await.unwrap().into_iter().find(|a| a.name == agency).unwrap().id;
    let filter = ApplicationFilter { agency: Some(agency_id), vendor: None };
    let theirs: Vec<_> = all.iter().filter(|a| a.agency_name == agency).cloned().collect();
    assert_eq!(applications::list_range(&t.db, filter, Scope::ALL, 0, page_size).await.unwrap(), theirs);
    let (count, rows) = applications::totals(&t.db, filter, Scope::ALL).await.unwrap();
    assert_eq!((count, rows), (theirs.len() as i64, theirs.iter().map(|a| a.meeting_count).sum::<i64>()));
    t.finish().await;
}
