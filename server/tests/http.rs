//! The server on a free port, driven over HTTP, on the backend `PENDAMPING_TEST_BACKEND` names.

use app::account::{Role, UserEntry};
use app::audit::Actor;
use app::import::plan::{run, Importer, Mode};
use app::testing::{fresh_db, test_file, TestDb};
use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use server::config::Settings;

/// The server's settings as the command line would give them.
fn settings(database_url: &str, more: &[&str]) -> Settings {
    use clap::Parser;
    let mut args = vec!["pendamping", "--database-url", database_url, "--site-root", "target/site"];
    args.extend_from_slice(more);
    server::cli::Cli::parse_from(args).settings
}

struct TestServer {
    base: String,
    client: reqwest::Client,
    t: TestDb,
}

/// The password of every account the tests make.
const PASSWORD: &str = "sandi-uji-pendamping";

/// An account of the role matrix: (key, name, role, agency, vendor).
type Account = (&'static str, &'static str, Role, Option<&'static str>, Option<&'static str>);

/// The accounts of the role matrix.
const ACCOUNTS: [Account; 8] = [
    ("admin", "Admin Uji", Role::Admin, None, None),
    ("kasi", "Kasi Uji", Role::Kasi, None, None),
    ("pic", "Bayu Saputra", Role::Pic, None, None),
    ("sd", "Service Desk Uji", Role::ServiceDesk, None, None),
    ("dinkes", "Agus Prasetyo", Role::Klien, Some("Dinkes"), None),
    ("dindik", "Sri Handayani", Role::Klien, Some("Dindik"), None),
    ("abc", "Rekan PT ABC", Role::PihakKetiga, None, Some("PT. ABC")),
    ("pimpinan", "Pimpinan Uji", Role::Pimpinan, None, None),
];

fn email(key: &str) -> String {
    format!("{key}@uji.madiunkota.go.id")
}

impl TestServer {
    /// A server with more settings, as command-line flags.
    async fn start_with(more: &[&str]) -> TestServer {
        // The test command keeps the servers' log of the whole suite and searches it for passwords.
        if let Ok(path) = std::env::var("PENDAMPING_TEST_LOG") {
            let file = std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap();
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new("debug,hyper=info,h2=info"))
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .try_init();
        }
        let t = fresh_db().await;
        let settings = settings(&t.url, more);
        let state = server::app_state(&settings, t.db.clone());
        let app = server::routes::app(&settings, state).await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(server::routes::serve_on(listener, app));
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap();
        TestServer { base, client, t }
    }

    /// The office's sheets, and the accounts of the role matrix.
    async fn with_office_sheets() -> TestServer {
        TestServer::with_office_sheets_and(&[]).await
    }

    async fn with_office_sheets_and(more: &[&str]) -> TestServer {
        let s = TestServer::with_accounts_and(more).await;
        let files = vec![test_file("log-progress-2025-2026.xlsx"), test_file("log-progress-simpeg.csv")];
        let report = run(&s.t.db, files, Mode::Apply, &Importer::CommandLine).await.unwrap();
        assert!(report.applied);
        s
    }

    /// The accounts of the role matrix, on an empty log. The vendor account needs PT. ABC.
    async fn with_accounts() -> TestServer {
        TestServer::with_accounts_and(&[]).await
    }

    async fn with_accounts_and(more: &[&str]) -> TestServer {
        let s = TestServer::start_with(more).await;
        let mut tx = s.t.db.begin().await.unwrap();
        app::vendor::store::find_or_create(&mut tx, "PT. ABC", &Actor::system("uji")).await.unwrap();
        tx.commit().await.unwrap();
        let agencies = app::agency::store::list(&s.t.db).await.unwrap();
        let vendors = app::vendor::store::list(&s.t.db).await.unwrap();
        for (key, name, role, agency, vendor) in ACCOUNTS {
            let entry = UserEntry {
                id: None,
                name: name.into(),
                email: email(key),
                roles: vec![role],
                agency: agency.map(|a| app::agency::find_named(&agencies, a).unwrap().id),
                vendor: vendor.map(|v| vendors.iter().find(|x| x.name == v).unwrap().id),
                password: Some(PASSWORD.into()),
            };
            app::account::store::save(&s.t.db, &entry, &Actor::system("uji")).await.unwrap();
        }
        s
    }

    /// A client signed in as the account `key`, keeping its session cookie.
    async fn signed_in(&self, key: &str) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .cookie_store(true)
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .unwrap();
        let email = email(key);
        let form = [("form[email]", email.as_str()), ("form[password]", PASSWORD), ("form[next]", "/")];
        let response = client.post(self.url("/api/login")).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "login as {key}");
        client
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn page_as(&self, client: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let response = client.get(self.url(path)).send().await.unwrap();
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    async fn application_id(&self, name: &str) -> i64 {
        let all =
            app::application::store::list(&self.t.db, Default::default(), app::account::Scope::ALL).await.unwrap();
        all.iter().find(|a| a.name == name).map(|a| a.id.0).unwrap()
    }

    async fn agency_id(&self, abbreviation: &str) -> i64 {
        let agencies = app::agency::store::list(&self.t.db).await.unwrap();
        app::agency::find_named(&agencies, abbreviation).unwrap().id.0
    }
}

#[tokio::test]
async fn the_dashboard_is_rendered_on_the_server_with_every_application() {
    let s = TestServer::with_office_sheets().await;
    let c = s.signed_in("kasi").await;
    let (status, html) = s.page_as(&c, "/").await;
    assert_eq!(status, StatusCode::OK);
    for name in [
        "Sistem Informasi Rujukan Puskesmas",
        "Aplikasi Penerimaan Peserta Didik Baru",
        "Antrean Online Adminduk",
        "E-Retribusi Pasar",
        "Sistem Informasi Kepegawaian Terpadu",
    ] {
        assert!(html.contains(name), "dashboard lacks {name}");
    }
    assert!(html.contains("Aplikasi (5)"));
    assert!(html.contains("41 pertemuan"));
    assert!(html.contains("Jumlah pertemuan per bulan"));
    assert_eq!(html.matches("data-test=\"chart-bar\"").count(), 12);
    assert!(html.contains("lang=\"id\""));
    s.t.finish().await;
}

#[tokio::test]
async fn the_dashboard_filters_by_agency_and_vendor() {
    let s = TestServer::with_office_sheets().await;
    let c = s.signed_in("kasi").await;
    let dinkes = s.agency_id("Dinkes").await;
    let (_, html) = s.page_as(&c, &format!("/?opd={dinkes}")).await;
    assert!(html.contains("Sistem Informasi Rujukan Puskesmas"));
    assert!(!html.contains("E-Retribusi Pasar"));
    assert!(html.contains("Aplikasi (1)"));

    let response = c.get(s.url("/api/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the dashboard without a filter");
    let data: app::dashboard::Dashboard = response.json().await.unwrap();
    assert_eq!(data.applications.len(), 5);
    assert_eq!((data.page, data.pages, data.total_applications, data.total_meetings), (1, 1, 5, 41));

    // A page past the last, from a link kept while the list was longer, shows the last page.
    let data: app::dashboard::Dashboard =
        c.get(s.url("/api/dashboard?page=7")).send().await.unwrap().json().await.unwrap();
    assert_eq!((data.page, data.applications.len()), (1, 5));
    let (_, html) = s.page_as(&c, "/?halaman=7").await;
    assert!(html.contains("Aplikasi (5)"));
    assert!(!html.contains("data-test=\"pager\""), "one page needs no pager");

    let response = c.get(s.url(&format!("/api/dashboard?filter[agency]={dinkes}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let data: app::dashboard::Dashboard = response.json().await.unwrap();
    assert_eq!(data.applications.len(), 1);
    assert_eq!(data.applications[0].meeting_count, 11);
    s.t.finish().await;
}

#[tokio::test]
async fn an_application_page_shows_the_form_with_its_dates_as_dd_mm_yy() {
    let s = TestServer::with_office_sheets().await;
    let c = s.signed_in("kasi").await;
    let id = s.application_id("Sistem Informasi Rujukan Puskesmas").await;
    let (status, html) = s.page_as(&c, &format!("/aplikasi/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("FORMULIR LOG PROGRESS PEMBUATAN APLIKASI"));
    assert!(html.contains("Rina Wulandari"));
    assert!(html.contains("Fitur A selesai dikerjakan dan masuk pengerjaan untuk fitur B, C, dan D"));
    assert!(html.contains(">22/04/25<"));
    assert!(html.contains("22 April 2025"));
    assert_eq!(html.matches("data-test=\"form-row\"").count(), 11);
    s.t.finish().await;
}

#[tokio::test]
async fn an_unknown_application_answers_not_found() {
    let s = TestServer::with_office_sheets().await;
    let c = s.signed_in("kasi").await;
    assert_eq!(s.page_as(&c, "/aplikasi/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.page_as(&c, "/aplikasi/bukan-angka").await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.page_as(&c, "/tidak-ada").await.0, StatusCode::NOT_FOUND);
    s.t.finish().await;
}

fn row_form(application: i64, agency: i64, tanggal: &str) -> Vec<(String, String)> {
    [
        ("row[application]", application.to_string()),
        ("row[meeting]", String::new()),
        ("row[tanggal]", tanggal.to_string()),
        ("row[klien]", "Yuliana Putri".to_string()),
        ("row[opd]", agency.to_string()),
        ("row[progress]", "Pelatihan operator selesai".to_string()),
        ("row[catatan]", "Serahkan manual".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

#[tokio::test]
async fn the_row_server_function_names_the_date_field_and_saves_nothing() {
    let s = TestServer::with_office_sheets().await;
    let c = s.signed_in("pic").await;
    let id = s.application_id("Sistem Informasi Kepegawaian Terpadu").await;
    let agency = s.agency_id("BKPSDM").await;
    let before = s.t.snapshot().await;
    let response = c.post(s.url("/api/save_meeting")).form(&row_form(id, agency, "")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: app::error::AppError = response.json().await.unwrap();
    assert_eq!(error.message_for("tanggal").as_deref(), Some("Tanggal Pertemuan wajib diisi."));
    assert_eq!(s.t.snapshot().await, before);

    let response = c.post(s.url("/api/save_meeting")).form(&row_form(id, agency, "01/06/2026")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let saved: app::meeting::SavedRow = response.json().await.unwrap();
    assert_eq!(saved.no, 7);
    let (_, html) = s.page_as(&c, &format!("/aplikasi/{id}")).await;
    assert!(html.contains("Pelatihan operator selesai"));
    assert!(html.contains(">01/06/26<"));
    s.t.finish().await;
}

#[tokio::test]
async fn a_plain_form_post_returns_to_the_page_with_the_message_at_the_field() {
    let s = TestServer::with_office_sheets().await;
    let c = s.signed_in("pic").await;
    let id = s.application_id("Sistem Informasi Kepegawaian Terpadu").await;
    let agency = s.agency_id("BKPSDM").await;
    let page = s.url(&format!("/aplikasi/{id}"));
    let response = c
        .post(s.url("/api/save_meeting"))
        .header(ACCEPT, "text/html")
        .header(REFERER, &page)
        .form(&row_form(id, agency, ""))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.contains("__err="), "{location}");
    let (status, html) = s.page_as(&c, location.trim_start_matches(&s.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tanggal Pertemuan wajib diisi."));

    let response = c
        .post(s.url("/api/save_meeting"))
        .header(ACCEPT, "text/html")
        .header(REFERER, &page)
        .form(&row_form(id, agency, "02/06/2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()[LOCATION].to_str().unwrap().trim_end_matches('?'), page);
    assert!(s.page_as(&c, &format!("/aplikasi/{id}")).await.1.contains(">02/06/26<"));
    s.t.finish().await;
}

fn multipart(files: Vec<(String, Vec<u8>)>) -> reqwest::multipart::Form {
    files.into_iter().fold(reqwest::multipart::Form::new(), |form, (name, bytes)| {
        form.part("berkas", reqwest::multipart::Part::bytes(bytes).file_name(name))
    })
}

#[tokio::test]
async fn an_upload_is_previewed_and_imported_only_when_confirmed() {
    let s = TestServer::with_accounts().await;
    let c = s.signed_in("admin").await;
    let files = vec![test_file("log-progress-2025-2026.xlsx"), test_file("log-progress-simpeg.csv")];
    let response = c.post(s.url("/impor/unggah")).multipart(multipart(files)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let preview = response.headers()[LOCATION].to_str().unwrap().to_string();
    let batch = preview.trim_start_matches("/impor/").to_string();

    let (status, html) = s.page_as(&c, &preview).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("5 aplikasi baru, 41 baris baru, 0 baris diubah, 0 baris sudah ada."), "{html}");
    assert_eq!(s.t.count("meetings").await, 0, "the preview imported rows");

    // Another user cannot see or use the upload.
    let other = s.signed_in("pic").await;
    let (status, html) = s.page_as(&other, &preview).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!html.contains("41 baris baru"));
    let response = other.post(s.url("/api/import_apply")).form(&[("batch", batch.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    let response = c.post(s.url("/api/import_apply")).form(&[("batch", batch.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report: app::import::ImportReport = response.json().await.unwrap();
    assert!(report.applied);
    assert_eq!(s.t.count("meetings").await, 41);
    assert_eq!(s.t.count("import_uploads").await, 0);
    let (_, html) = s.page_as(&c, &preview).await;
    assert!(html.contains("sudah diimpor"));
    s.t.finish().await;
}

#[tokio::test]
async fn an_upload_with_a_bad_row_names_the_row_and_imports_nothing() {
    let s = TestServer::with_accounts().await;
    let c = s.signed_in("admin").await;
    let bad = "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun\n\
               FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)\n\
               Nama Aplikasi,Aplikasi Uji,,PIC,Rina\n\
               No,Tanggal Pertemuan,Nama Klien (OPD),Pihak Ketiga,Deskripsi Laporan Progress,Catatan,TTD Kasie\n\
               1,31/02/25,Agus (Dinkes),PT. ABC,Kick-off,,\n";
    let response = c
        .post(s.url("/impor/unggah"))
        .multipart(multipart(vec![("salah.csv".into(), bad.as_bytes().to_vec())]))
        .send()
        .await
        .unwrap();
    let preview = response.headers()[LOCATION].to_str().unwrap().to_string();
    let (_, html) = s.page_as(&c, &preview).await;
    assert!(html.contains("Tidak ada yang diimpor."));
    assert!(html.contains("B (Tanggal Pertemuan)"));
    assert!(html.contains("tidak ada di kalender"));
    let batch = preview.trim_start_matches("/impor/");
    let response = c.post(s.url("/api/import_apply")).form(&[("batch", batch)]).send().await.unwrap();
    let report: app::import::ImportReport = response.json().await.unwrap();
    assert!(!report.applied);
    assert_eq!(s.t.count("applications").await, 0);
    s.t.finish().await;
}

#[tokio::test]
async fn an_empty_upload_is_sent_back_with_a_message() {
    let s = TestServer::with_accounts().await;
    let c = s.signed_in("pic").await;
    let form = reqwest::multipart::Form::new().text("berkas", "");
    let response = c.post(s.url("/impor/unggah")).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/impor?galat="));
    let (_, html) = s.page_as(&c, &location).await;
    assert!(html.contains("Pilih minimal satu berkas"));
    s.t.finish().await;
}

/// What a request answers for a role: the HTTP status.
struct Case {
    what: &'static str,
    method: &'static str,
    path: String,
    form: Vec<(String, String)>,
    /// Status for admin, kasi, pic, sd, dinkes, dindik, abc, pimpinan, in the order of ACCOUNTS.
    expect: [u16; 8],
}

#[tokio::test]
async fn every_role_reaches_what_the_sop_gives_it_and_nothing_else() {
    let s = TestServer::with_office_sheets().await;
    let rujukan = s.application_id("Sistem Informasi Rujukan Puskesmas").await; // Dinkes, PT. ABC, PIC Rina
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await; // Dindik, PIC Bayu
    let dindik = s.agency_id("Dindik").await;
    let new_row = row_form(ppdb, dindik, "03/06/2025");
    let vendor_form =
        vec![("vendor[id]".to_string(), String::new()), ("vendor[name]".to_string(), "CV. Baru".to_string())];
    let agency_form = vec![
        ("agency[id]".to_string(), String::new()),
        ("agency[name]".to_string(), "Badan Uji".to_string()),
        ("agency[abbreviation]".to_string(), "BU".to_string()),
    ];
    let user_form = vec![
        ("user[id]".to_string(), String::new()),
        ("user[name]".to_string(), "Akun Baru".to_string()),
        ("user[email]".to_string(), "baru@uji.madiunkota.go.id".to_string()),
        ("user[roles][1]".to_string(), "kasi".to_string()),
        ("user[password]".to_string(), "sandi-akun-baru".to_string()),
    ];
    let (pimpinan_id, _, _) = app::account::store::find_for_login(&s.t.db, &email("pimpinan")).await.unwrap().unwrap();
    let activate = vec![("id".to_string(), pimpinan_id.to_string()), ("active".to_string(), "true".to_string())];
    let apply = vec![("batch".to_string(), "tidak-ada".to_string())];
    #[rustfmt::skip]
    let cases = vec![
        //                                                                     admin kasi pic  sd  dinkes dindik abc pimpinan
        Case { what: "dasbor", method: "GET", path: "/".into(), form: vec![], expect: [200, 200, 200, 200, 200, 200, 200, 200] },
        Case { what: "halaman aplikasi Dinkes", method: "GET", path: format!("/aplikasi/{rujukan}"), form: vec![], expect: [200, 200, 200, 200, 200, 404, 200, 200] },
        Case { what: "halaman aplikasi Dindik", method: "GET", path: format!("/aplikasi/{ppdb}"), form: vec![], expect: [200, 200, 200, 200, 404, 200, 404, 200] },
        Case { what: "jejak audit Dinkes", method: "GET", path: format!("/aplikasi/{rujukan}/jejak"), form: vec![], expect: [200, 200, 403, 403, 403, 404, 403, 403] },
        Case { what: "halaman impor", method: "GET", path: "/impor".into(), form: vec![], expect: [200, 403, 200, 403, 403, 403, 403, 403] },
        Case { what: "halaman pengguna", method: "GET", path: "/admin/pengguna".into(), form: vec![], expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "halaman OPD", method: "GET", path: "/admin/opd".into(), form: vec![], expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi dasbor", method: "GET", path: "/api/dashboard".into(), form: vec![], expect: [200, 200, 200, 200, 200, 200, 200, 200] },
        Case { what: "fungsi log Dinkes", method: "GET", path: format!("/api/application_log?id={rujukan}"), form: vec![], expect: [200, 200, 200, 200, 200, 404, 200, 200] },
        Case { what: "fungsi log Dindik", method: "GET", path: format!("/api/application_log?id={ppdb}"), form: vec![], expect: [200, 200, 200, 200, 404, 200, 404, 200] },
        Case { what: "fungsi jejak audit Dinkes", method: "GET", path: format!("/api/audit?application={rujukan}"), form: vec![], expect: [200, 200, 403, 403, 403, 404, 403, 403] },
        Case { what: "fungsi daftar pengguna", method: "GET", path: "/api/users".into(), form: vec![], expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi daftar OPD admin", method: "GET", path: "/api/admin_agencies".into(), form: vec![], expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi simpan baris (PIC Bayu)", method: "POST", path: "/api/save_meeting".into(), form: new_row, expect: [403, 403, 200, 403, 404, 403, 404, 403] },
        Case { what: "fungsi simpan pihak ketiga", method: "POST", path: "/api/save_vendor".into(), form: vendor_form, expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi pratinjau impor", method: "GET", path: "/api/import_preview?batch=tidak-ada".into(), form: vec![], expect: [404, 403, 404, 403, 403, 403, 403, 403] },
        Case { what: "fungsi jalankan impor", method: "POST", path: "/api/import_apply".into(), form: apply, expect: [404, 403, 404, 403, 403, 403, 403, 403] },
        Case { what: "fungsi simpan OPD", method: "POST", path: "/api/save_agency".into(), form: agency_form, expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi daftar pihak ketiga admin", method: "GET", path: "/api/admin_vendors".into(), form: vec![], expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi simpan akun", method: "POST", path: "/api/save_user".into(), form: user_form, expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "fungsi aktifkan akun", method: "POST", path: "/api/set_user_active".into(), form: activate, expect: [200, 403, 403, 403, 403, 403, 403, 403] },
        Case { what: "cetak formulir Dinkes", method: "GET", path: format!("/aplikasi/{rujukan}/cetak"), form: vec![], expect: [200, 200, 200, 200, 200, 404, 200, 200] },
        Case { what: "fungsi formulir Dinkes", method: "GET", path: format!("/api/official_form?id={rujukan}"), form: vec![], expect: [200, 200, 200, 200, 200, 404, 200, 200] },
        Case { what: "PDF formulir Dinkes", method: "GET", path: format!("/aplikasi/{rujukan}/unduh/pdf"), form: vec![], expect: [200, 200, 200, 200, 200, 404, 200, 200] },
        Case { what: "XLSX formulir Dinkes", method: "GET", path: format!("/aplikasi/{rujukan}/unduh/xlsx"), form: vec![], expect: [200, 200, 200, 200, 200, 404, 200, 200] },
        Case { what: "CSV formulir Dindik", method: "GET", path: format!("/aplikasi/{ppdb}/unduh/csv"), form: vec![], expect: [200, 200, 200, 200, 404, 200, 404, 200] },
        Case { what: "seluruh log XLSX", method: "GET", path: "/ekspor/log.xlsx".into(), form: vec![], expect: [200, 200, 200, 200, 200, 200, 200, 200] },
        Case { what: "halaman pihak ketiga", method: "GET", path: "/admin/pihak-ketiga".into(), form: vec![], expect: [200, 403, 403, 403, 403, 403, 403, 403] },
    ];
    let mut clients = Vec::new();
    for (key, ..) in ACCOUNTS {
        clients.push((key, s.signed_in(key).await));
    }
    let mut wrong = Vec::new();
    for case in &cases {
        for (i, (key, client)) in clients.iter().enumerate() {
            let request = match case.method {
                "GET" => client.get(s.url(&case.path)),
                _ => client.post(s.url(&case.path)).form(&case.form),
            };
            let status = request.send().await.unwrap().status().as_u16();
            if status != case.expect[i] {
                wrong.push(format!("{} as {key}: {status}, expected {}", case.what, case.expect[i]));
            }
        }
        // Without signing in: pages send to the login page, server functions answer 401.
        let request = match case.method {
            "GET" => s.client.get(s.url(&case.path)),
            _ => s.client.post(s.url(&case.path)).form(&case.form),
        };
        let status = request.send().await.unwrap().status().as_u16();
        let expected = if case.path.starts_with("/api/") { 401 } else { 303 };
        if status != expected {
            wrong.push(format!("{} without signing in: {status}, expected {expected}", case.what));
        }
    }
    // The upload handler is a route of its own.
    for (i, (key, client)) in clients.iter().enumerate() {
        let form = multipart(vec![test_file("log-progress-simpeg.csv")]);
        let status = client.post(s.url("/impor/unggah")).multipart(form).send().await.unwrap().status().as_u16();
        let expected = if matches!(ACCOUNTS[i].2, Role::Admin | Role::Pic) { 303 } else { 403 };
        if status != expected {
            wrong.push(format!("unggah impor as {key}: {status}, expected {expected}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    s.t.finish().await;
}

#[tokio::test]
async fn an_agency_sees_only_its_own_applications_and_meetings_on_the_dashboard_and_chart() {
    let s = TestServer::with_office_sheets().await;
    // Recent meetings, inside the chart's twelve months, for two agencies.
    let today = app::date::today_wib();
    let rujukan = s.application_id("Sistem Informasi Rujukan Puskesmas").await;
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await;
    let mut tx = s.t.db.begin().await.unwrap();
    for (application, agency, count) in [(rujukan, "Dinkes", 3), (ppdb, "Dindik", 2)] {
        let application = app::ids::ApplicationId(application);
        let reach = app::application::store::reach(&mut tx, application).await.unwrap().unwrap();
        for k in 0..count {
            let no = app::meeting::store::next_no(&mut tx, application).await.unwrap();
            let values = app::meeting::store::RowValues {
                application,
                no,
                date: today - chrono::Days::new(7 * (k + 1)),
                client_name: "Uji",
                agency: app::ids::AgencyId(s.agency_id(agency).await),
                vendor: reach.vendor_id,
                progress: "Pertemuan terbaru",
                notes: "",
                signed: false,
            };
            app::meeting::store::insert(&mut tx, &values, &Actor::system("uji")).await.unwrap();
        }
    }
    tx.commit().await.unwrap();

    let dinkes = s.signed_in("dinkes").await;
    let data: app::dashboard::Dashboard =
        dinkes.get(s.url("/api/dashboard")).send().await.unwrap().json().await.unwrap();
    let names: Vec<&str> = data.applications.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Sistem Informasi Rujukan Puskesmas"]);
    assert_eq!(data.monthly.iter().map(|m| m.meetings).sum::<i64>(), 3);
    assert_eq!(data.agencies.len(), 1);
    let (_, html) = s.page_as(&dinkes, "/").await;
    assert!(html.contains("Sistem Informasi Rujukan Puskesmas"));
    assert!(!html.contains("Aplikasi Penerimaan Peserta Didik Baru"));
    assert!(html.contains("Aplikasi (1)"));

    let kasi = s.signed_in("kasi").await;
    let data: app::dashboard::Dashboard = kasi.get(s.url("/api/dashboard")).send().await.unwrap().json().await.unwrap();
    assert_eq!(data.monthly.iter().map(|m| m.meetings).sum::<i64>(), 5 + recent_office_meetings(&data));
    s.t.finish().await;
}

/// The office's own meetings that fall in the chart's window (the SIMPEG sheet runs into 2026).
fn recent_office_meetings(data: &app::dashboard::Dashboard) -> i64 {
    let first = data.monthly[0].month.first_day();
    [(2026, 3, 2), (2026, 3, 16), (2026, 4, 13), (2026, 4, 27), (2026, 5, 4), (2026, 5, 18)]
        .iter()
        .filter(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(*y, *m, *d).unwrap() >= first)
        .count() as i64
}

#[tokio::test]
async fn a_wrong_email_and_a_wrong_password_get_the_same_answer_and_guessing_is_slowed() {
    let s = TestServer::with_accounts().await;
    let attempt = |email: String, password: &'static str| {
        let client = s.client.clone();
        let url = s.url("/api/login");
        async move {
            let form = [("form[email]", email), ("form[password]", password.to_string()), ("form[next]", "/".into())];
            let response = client.post(url).form(&form).send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        }
    };
    let (status_a, body_a) = attempt(email("kasi"), "kata-sandi-salah").await;
    let (status_b, body_b) = attempt("tidak-ada@uji.madiunkota.go.id".into(), PASSWORD).await;
    assert_eq!(status_a, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!((status_a, &body_a), (status_b, &body_b));
    assert!(body_a.contains(app::account::LOGIN_FAILED));

    for _ in 0..4 {
        attempt(email("kasi"), "kata-sandi-salah").await;
    }
    // Five failures: even the right password waits now.
    let (status, body) = attempt(email("kasi"), PASSWORD).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Terlalu banyak percobaan"), "{body}");
    // Another account from the same address is not blocked yet.
    let (status, _) = attempt(email("pimpinan"), PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    s.t.finish().await;
}

#[tokio::test]
async fn a_deactivated_user_is_signed_out_and_cannot_sign_in_again() {
    let s = TestServer::with_accounts().await;
    let kasi = s.signed_in("kasi").await;
    assert_eq!(s.page_as(&kasi, "/").await.0, StatusCode::OK);
    let admin = s.signed_in("admin").await;
    let (id, _, _) = app::account::store::find_for_login(&s.t.db, &email("kasi")).await.unwrap().unwrap();
    let response = admin
        .post(s.url("/api/set_user_active"))
        .form(&[("id", id.to_string()), ("active", "false".to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    // The running session has ended.
    let response = kasi.get(s.url("/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(response.headers()[LOCATION].to_str().unwrap().starts_with("/masuk"));
    let form = [("form[email]", email("kasi")), ("form[password]", PASSWORD.to_string()), ("form[next]", "/".into())];
    let response = s.client.post(s.url("/api/login")).form(&form).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    s.t.finish().await;
}

#[tokio::test]
async fn cookies_headers_and_other_sites_are_handled_safely() {
    let s = TestServer::with_accounts().await;
    let form = [("form[email]", email("kasi")), ("form[password]", PASSWORD.to_string()), ("form[next]", "/".into())];
    let response = s.client.post(s.url("/api/login")).form(&form).send().await.unwrap();
    let cookies: Vec<String> = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let cookie = cookies.iter().find(|c| c.starts_with("pendamping_sesi=")).expect("the session cookie").clone();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain HTTP in the tests: {cookie}");

    let c = s.signed_in("admin").await;
    let response = c.get(s.url("/admin/pengguna")).send().await.unwrap();
    let headers = response.headers().clone();
    let csp = headers[reqwest::header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'") && csp.contains("'nonce-"),
        "{csp}"
    );
    assert_eq!(headers[reqwest::header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[reqwest::header::REFERRER_POLICY], "same-origin");
    let html = response.text().await.unwrap();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    for script in html.split("<script").skip(1) {
        let tag = script.split('>').next().unwrap();
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "an inline script without the page's nonce: <script{tag}>"
        );
    }

    // A change sent from another site is refused before it reaches the server function.
    let response = c
        .post(s.url("/api/save_vendor"))
        .header(reqwest::header::ORIGIN, "http://situs-lain.example")
        .form(&[("vendor[id]", ""), ("vendor[name]", "CV. Palsu")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app::vendor::store::list(&s.t.db).await.unwrap().len(), 1);
    s.t.finish().await;
}

#[tokio::test]
async fn an_admin_adds_an_account_with_roles_and_a_bad_form_names_its_fields() {
    let s = TestServer::with_accounts().await;
    let c = s.signed_in("admin").await;
    let dinkes = s.agency_id("Dinkes").await.to_string();
    let bad = [
        ("user[id]", ""),
        ("user[name]", ""),
        ("user[email]", "bukan-email"),
        ("user[roles][4]", "klien"),
        ("user[agency]", ""),
        ("user[vendor]", ""),
        ("user[password]", "pendek"),
    ];
    let response = c.post(s.url("/api/save_user")).form(&bad).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: app::error::AppError = response.json().await.unwrap();
    for field in ["name", "email", "agency", "password"] {
        assert!(error.message_for(field).is_some(), "no message for {field}: {error:?}");
    }
    let users_before = s.t.count("users").await;
    let good = [
        ("user[id]", ""),
        ("user[name]", "Dewi Lestari"),
        ("user[email]", "dewi@dinkes.madiunkota.go.id"),
        ("user[roles][2]", "pic"),
        ("user[roles][4]", "klien"),
        ("user[agency]", dinkes.as_str()),
        ("user[vendor]", ""),
        ("user[password]", "sandi-baru-dewi"),
    ];
    let response = c.post(s.url("/api/save_user")).form(&good).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{}", response.text().await.unwrap());
    assert_eq!(s.t.count("users").await, users_before + 1);
    let (id, _, _) =
        app::account::store::find_for_login(&s.t.db, "dewi@dinkes.madiunkota.go.id").await.unwrap().unwrap();
    let (viewer, _) = app::account::store::for_session(&s.t.db, id).await.unwrap().unwrap();
    assert_eq!(viewer.roles, vec![Role::Pic, Role::Klien]);
    assert_eq!(viewer.agency_name.as_deref(), Some("Dinas Kesehatan"));
    // The list of accounts carries no password and no hash.
    let users = c.get(s.url("/api/users")).send().await.unwrap().text().await.unwrap();
    assert!(users.contains("dewi@dinkes.madiunkota.go.id"));
    assert!(!users.contains("sandi-baru-dewi") && !users.contains("argon2") && !users.contains(PASSWORD));
    s.t.finish().await;
}

/// Posts a form as `client` and returns the status and body.
async fn post(s: &TestServer, client: &reqwest::Client, path: &str, form: &[(&str, String)]) -> (StatusCode, String) {
    let response = client.post(s.url(path)).form(form).send().await.unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

/// The vendor account of PPDB (CV. Solusi Data Nusantara), whose PIC is Bayu.
async fn ppdb_vendor(s: &TestServer) -> reqwest::Client {
    let vendors = app::vendor::store::list(&s.t.db).await.unwrap();
    let solusi = vendors.iter().find(|v| v.name == "CV. Solusi Data Nusantara").unwrap().id;
    let entry = UserEntry {
        id: None,
        name: "Rekan Solusi".into(),
        email: email("solusi"),
        roles: vec![Role::PihakKetiga],
        agency: None,
        vendor: Some(solusi),
        password: Some(PASSWORD.into()),
    };
    app::account::store::save(&s.t.db, &entry, &Actor::system("uji")).await.unwrap();
    s.signed_in("solusi").await
}

fn schedule_fields(application: i64) -> Vec<(&'static str, String)> {
    vec![
        ("meeting[application]", application.to_string()),
        ("meeting[tanggal]", "02/06/2025".into()),
        ("meeting[jam]", "09:00".into()),
        ("meeting[durasi]", "60".into()),
        ("meeting[tempat]", "Ruang Rapat Dinkominfo".into()),
        ("meeting[saluran]", "email".into()),
        ("meeting[klien]", "Sri Handayani".into()),
    ]
}

#[tokio::test]
async fn each_step_is_done_only_by_its_role_and_twice_sent_requests_leave_one_record() {
    let s = TestServer::with_office_sheets().await;
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await;
    let pic = s.signed_in("pic").await;
    let kasi = s.signed_in("kasi").await;
    let desk = s.signed_in("sd").await;
    let dindik = s.signed_in("dindik").await;
    let dinkes = s.signed_in("dinkes").await;
    let vendor = ppdb_vendor(&s).await;

    // Step 1 by the wrong roles, then twice by the PIC 100 ms apart.
    assert_eq!(post(&s, &kasi, "/api/schedule_meeting", &schedule_fields(ppdb)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&s, &dinkes, "/api/schedule_meeting", &schedule_fields(ppdb)).await.0, StatusCode::NOT_FOUND);
    let meetings_before = s.t.count("meetings").await;
    let fields = schedule_fields(ppdb);
    let (first, second) = tokio::join!(post(&s, &pic, "/api/schedule_meeting", &fields), async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        post(&s, &pic, "/api/schedule_meeting", &fields).await
    });
    assert_eq!((first.0, second.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(first.1, second.1, "both answer with the same meeting");
    assert_eq!(s.t.count("meetings").await, meetings_before + 1);
    let id: Vec<i64> = serde_json::from_str(&first.1).unwrap();
    let meeting = id[0].to_string();
    let step = |m: &str| vec![("step[meeting]", m.to_string()), ("step[dibuka]", chrono::Utc::now().to_rfc3339())];

    // Step 2 belongs to the vendor, step 3 to the PIC or the agency.
    let report = vec![("report[meeting]", meeting.clone()), ("report[laporan]", "Modul pendaftaran selesai".into())];
    assert_eq!(post(&s, &pic, "/api/save_report", &report).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&s, &kasi, "/api/save_report", &report).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&s, &vendor, "/api/save_report", &report).await.0, StatusCode::OK);
    let review = vec![("review[meeting]", meeting.clone()), ("review[tinjauan]", "Sesuai".into())];
    assert_eq!(post(&s, &vendor, "/api/save_review", &review).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&s, &dinkes, "/api/save_review", &review).await.0, StatusCode::NOT_FOUND);
    assert_eq!(post(&s, &dindik, "/api/save_review", &review).await.0, StatusCode::OK);
    // Out of order: no signature before documentation and delivery.
    assert_eq!(post(&s, &kasi, "/api/sign_meeting", &step(&meeting)).await.0, StatusCode::CONFLICT);
    let notes = vec![("notes[meeting]", meeting.clone()), ("notes[baru]", "Uji beban sebelum live".into())];
    assert_eq!(post(&s, &dindik, "/api/save_notes", &notes).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&s, &pic, "/api/save_notes", &notes).await.0, StatusCode::OK);
    assert_eq!(post(&s, &kasi, "/api/document_meeting", &step(&meeting)).await.0, StatusCode::FORBIDDEN);
    let (status, no) = post(&s, &pic, "/api/document_meeting", &step(&meeting)).await;
    assert_eq!((status, no.as_str()), (StatusCode::OK, "10"));
    assert_eq!(post(&s, &pic, "/api/deliver_meeting", &step(&meeting)).await.0, StatusCode::OK);

    // Step 7: never the PIC or the vendor; twice by the Kasi 100 ms apart, one signature.
    assert_eq!(post(&s, &pic, "/api/sign_meeting", &step(&meeting)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&s, &vendor, "/api/sign_meeting", &step(&meeting)).await.0, StatusCode::FORBIDDEN);
    let sign = step(&meeting);
    let (a, b) = tokio::join!(post(&s, &kasi, "/api/sign_meeting", &sign), async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        post(&s, &kasi, "/api/sign_meeting", &sign).await
    });
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(a.1, b.1, "the same signature");
    assert_eq!(s.t.count("signed_rows").await, 1);

    // Step 8: Service Desk only; twice 100 ms apart, one reply.
    let reply = vec![("reply[meeting]", meeting.clone()), ("reply[isi]", "Laporan progres terlampir.".into())];
    assert_eq!(post(&s, &kasi, "/api/reply_ticket", &reply).await.0, StatusCode::FORBIDDEN);
    let (a, b) = tokio::join!(post(&s, &desk, "/api/reply_ticket", &reply), async {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        post(&s, &desk, "/api/reply_ticket", &reply).await
    });
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK));
    assert_eq!(s.t.count("ticket_replies").await, 1);

    // The agency reads it under Tiket > Semua Tiket; another agency does not.
    let tickets: Vec<app::ticket::TicketSummary> =
        dindik.get(s.url("/api/tickets")).send().await.unwrap().json().await.unwrap();
    assert_eq!(tickets.len(), 1);
    let (_, html) = s.page_as(&dindik, &format!("/tiket/{}", tickets[0].id)).await;
    assert!(html.contains("Laporan progres terlampir."));
    assert_eq!(s.page_as(&dinkes, &format!("/tiket/{}", tickets[0].id)).await.0, StatusCode::NOT_FOUND);
    let theirs: Vec<app::ticket::TicketSummary> =
        dinkes.get(s.url("/api/tickets")).send().await.unwrap().json().await.unwrap();
    assert!(theirs.is_empty());

    // The signed row cannot be edited through the row form's server function.
    let agency = s.agency_id("Dindik").await;
    let mut edit = row_form(ppdb, agency, "02/06/2025");
    edit[1].1 = meeting.clone();
    assert_eq!(post_owned(&s, &pic, "/api/save_meeting", &edit).await, StatusCode::CONFLICT);
    // The meeting page shows all eight steps done.
    let (_, html) = s.page_as(&pic, &format!("/pertemuan/{meeting}")).await;
    assert_eq!(html.matches("data-state=\"done\"").count(), 8, "{html}");
    s.t.finish().await;
}

async fn post_owned(s: &TestServer, client: &reqwest::Client, path: &str, form: &[(String, String)]) -> StatusCode {
    client.post(s.url(path)).form(form).send().await.unwrap().status()
}

#[tokio::test]
async fn the_waiting_page_shows_each_user_what_is_theirs_to_do() {
    let s = TestServer::with_office_sheets().await;
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await;
    let pic = s.signed_in("pic").await;
    let vendor = ppdb_vendor(&s).await;
    let (status, _) = post(&s, &pic, "/api/schedule_meeting", &schedule_fields(ppdb)).await;
    assert_eq!(status, StatusCode::OK);
    let waiting = |client: reqwest::Client| {
        let url = s.url("/api/waiting");
        async move { client.get(url).send().await.unwrap().json::<Vec<app::waiting::Waiting>>().await.unwrap() }
    };
    let for_vendor = waiting(vendor.clone()).await;
    assert_eq!(for_vendor.len(), 1);
    assert_eq!(for_vendor[0].step, app::step::Step::Report);
    assert!(waiting(pic.clone()).await.is_empty(), "the report is the vendor's");
    let kasi = s.signed_in("kasi").await;
    assert!(waiting(kasi).await.is_empty(), "imported rows signed on paper wait for nobody");
    let (_, html) = s.page_as(&vendor, "/menunggu").await;
    assert!(html.contains("Laporan progres pihak ketiga"));
    s.t.finish().await;
}

/// A real SMTP server (Python's aiosmtpd) writing what it receives to an mbox file.
struct SmtpServer {
    child: std::process::Child,
}

impl SmtpServer {
    fn start(port: u16, mbox: &std::path::Path) -> SmtpServer {
        let mut child = std::process::Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(mbox)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (pip install aiosmtpd)");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return SmtpServer { child };
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("aiosmtpd did not start on port {port}");
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The messages in the mbox, read by scripts/read_mail.py (which reads calendar files back with
/// Python's `icalendar`).
fn mailbox(mbox: &std::path::Path) -> Vec<serde_json::Value> {
    if !mbox.exists() {
        return Vec::new();
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/read_mail.py");
    let out = std::process::Command::new("python3").arg(script).arg(mbox).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Waits until the mbox holds at least `count` messages whose subject starts with `prefix`.
async fn wait_for_mail(mbox: &std::path::Path, prefix: &str, count: usize) -> Vec<serde_json::Value> {
    for _ in 0..150 {
        let found: Vec<serde_json::Value> =
            mailbox(mbox).into_iter().filter(|m| m["subject"].as_str().unwrap_or("").starts_with(prefix)).collect();
        if found.len() >= count {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    panic!("no {count} messages \"{prefix}…\" arrived: {:#?}", mailbox(mbox));
}

/// A CSV form for an application whose name has an en dash, quotes and commas, so that the
/// calendar summary folds around them. PIC Bayu; vendor CV. Solusi Data Nusantara; Dindik.
const QUOTED_APPLICATION: &str =
    "Sistem \"Madiun Cerdas\" – Layanan Rujukan, Konsultasi dan Pendaftaran Sekolah Terpadu";

async fn import_quoted_application(s: &TestServer) -> i64 {
    let csv = format!(
        "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun\n\
         FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)\n\
         Nama Aplikasi;\"{}\";;PIC;Bayu Saputra\n\
         No;Tanggal Pertemuan;Nama Klien (OPD);Pihak Ketiga;Deskripsi Laporan Progress;Catatan;TTD Kasie\n\
         1;10/01/2025;Sri Handayani (Dindik);CV. Solusi Data Nusantara;Kick-off;;ttd\n",
        QUOTED_APPLICATION.replace('"', "\"\"")
    );
    let report =
        run(&s.t.db, vec![("madiun-cerdas.csv".into(), csv.into_bytes())], Mode::Apply, &Importer::CommandLine)
            .await
            .unwrap();
    assert!(report.applied, "{:?}", report.issues);
    s.application_id(QUOTED_APPLICATION).await
}

fn raw_calendar(message: &serde_json::Value) -> (Vec<u8>, &serde_json::Value) {
    use base64::Engine;
    let attachment = &message["attachments"][0];
    let raw = base64::engine::general_purpose::STANDARD.decode(attachment["raw"].as_str().unwrap()).unwrap();
    (raw, &attachment["calendar"])
}

#[tokio::test]
async fn invitations_updates_cancellations_deliveries_and_reminders_reach_a_real_smtp_server() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("mbox");
    let _smtp = SmtpServer::start(port, &mbox);
    let port_text = port.to_string();
    let s = TestServer::with_office_sheets_and(&[
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &port_text,
        "--smtp-tls",
        "none",
        "--outbox-poll-ms",
        "100",
        "--retry-base-ms",
        "100",
        "--reminder-every-ms",
        "200",
        "--public-url",
        "https://pendamping.madiunkota.go.id",
    ])
    .await;
    let application = import_quoted_application(&s).await;
    let pic = s.signed_in("pic").await;
    let vendor = ppdb_vendor(&s).await;

    // Step 1: 25/02/2025 at 09:00 WIB, to the PIC, the vendor and the agency (Dindik).
    let mut fields = schedule_fields(application);
    fields[1].1 = "25/02/2025".into();
    let (status, body) = post(&s, &pic, "/api/schedule_meeting", &fields).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let meeting = serde_json::from_str::<Vec<i64>>(&body).unwrap()[0].to_string();
    let invitations = wait_for_mail(&mbox, "Undangan pertemuan", 3).await;
    let recipients: Vec<&str> = invitations.iter().map(|m| m["to"].as_str().unwrap()).collect();
    for who in ["pic@", "dindik@", "solusi@"] {
        assert!(recipients.iter().any(|r| r.contains(who)), "{who} got no invitation: {recipients:?}");
    }
    let (raw, calendar) = raw_calendar(&invitations[0]);
    assert_eq!(calendar["method"], "REQUEST");
    let event = &calendar["events"][0];
    assert_eq!(event["start_jakarta"], "2025-02-25T09:00:00+07:00");
    assert_eq!(event["start_makassar"], "2025-02-25T10:00:00+08:00");
    assert_eq!(event["summary"], format!("Pendampingan – {QUOTED_APPLICATION}"));
    assert_eq!(event["sequence"], 0);
    let uid = event["uid"].as_str().unwrap().to_string();
    assert_eq!(uid, format!("pertemuan-{meeting}@pendamping.madiunkota.go.id"));
    let text = String::from_utf8(raw).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    for line in &lines {
        assert!(line.len() <= 75 && !line.contains('\n'), "{} octets: {line:?}", line.len());
    }
    assert!(lines.iter().any(|l| l.starts_with(' ')), "the long summary was folded");
    assert!(invitations[0]["html"].as_str().unwrap().contains("&quot;Madiun Cerdas&quot;"));

    // Moved: the same UID with a higher SEQUENCE. Cancelled: METHOD:CANCEL.
    let change = [
        ("change[meeting]", meeting.clone()),
        ("change[tanggal]", "26/02/2025".into()),
        ("change[jam]", "10:00".into()),
        ("change[alasan]", "Kasi berhalangan".into()),
    ];
    assert_eq!(post(&s, &pic, "/api/move_meeting", &change).await.0, StatusCode::OK);
    let updates = wait_for_mail(&mbox, "Perubahan jadwal", 3).await;
    let (_, calendar) = raw_calendar(&updates[0]);
    assert_eq!(calendar["events"][0]["uid"], uid.as_str());
    assert_eq!(calendar["events"][0]["sequence"], 1);
    assert_eq!(calendar["events"][0]["start_jakarta"], "2025-02-26T10:00:00+07:00");
    assert!(updates[0]["text"].as_str().unwrap().contains("Kasi berhalangan"));
    let cancel = [("change[meeting]", meeting.clone()), ("change[alasan]", "Pihak ketiga mundur".into())];
    assert_eq!(post(&s, &pic, "/api/cancel_meeting", &cancel).await.0, StatusCode::OK);
    let cancellations = wait_for_mail(&mbox, "Pembatalan pertemuan", 3).await;
    let (_, calendar) = raw_calendar(&cancellations[0]);
    assert_eq!(calendar["method"], "CANCEL");
    assert_eq!(calendar["events"][0]["uid"], uid.as_str());
    assert_eq!(calendar["events"][0]["sequence"], 2);
    assert_eq!(calendar["events"][0]["status"], "CANCELLED");

    // Step 6: the delivery to the vendor, with the row's content (typed text shown as text).
    let mut fields = schedule_fields(application);
    fields[1].1 = "03/03/2025".into();
    let (_, body) = post(&s, &pic, "/api/schedule_meeting", &fields).await;
    let second = serde_json::from_str::<Vec<i64>>(&body).unwrap()[0].to_string();
    let report = vec![("report[meeting]", second.clone()), ("report[laporan]", "Modul <b>cuti</b> selesai".into())];
    assert_eq!(post(&s, &vendor, "/api/save_report", &report).await.0, StatusCode::OK);
    let review = vec![("review[meeting]", second.clone()), ("review[tinjauan]", "Sesuai".into())];
    assert_eq!(post(&s, &pic, "/api/save_review", &review).await.0, StatusCode::OK);
    let notes = vec![("notes[meeting]", second.clone()), ("notes[baru]", "Uji beban".into())];
    assert_eq!(post(&s, &pic, "/api/save_notes", &notes).await.0, StatusCode::OK);
    let step = vec![("step[meeting]", second.clone())];
    assert_eq!(post(&s, &pic, "/api/document_meeting", &step).await.0, StatusCode::OK);
    assert_eq!(post(&s, &pic, "/api/deliver_meeting", &step).await.0, StatusCode::OK);
    let delivery = wait_for_mail(&mbox, "Hasil pertemuan", 1).await;
    assert!(delivery[0]["to"].as_str().unwrap().contains("solusi@"));
    assert!(delivery[0]["text"].as_str().unwrap().contains("Modul <b>cuti</b> selesai"));
    assert!(delivery[0]["html"].as_str().unwrap().contains("Modul &lt;b&gt;cuti&lt;/b&gt; selesai"));

    // A reminder: a meeting tomorrow.
    let tomorrow = app::date::today_wib() + chrono::Days::new(1);
    let mut fields = schedule_fields(application);
    fields[1].1 = app::date::format_numeric(tomorrow);
    assert_eq!(post(&s, &pic, "/api/schedule_meeting", &fields).await.0, StatusCode::OK);
    let reminders = wait_for_mail(&mbox, "Pengingat Pendamping: Pertemuan besok", 3).await;
    assert!(reminders[0]["text"].as_str().unwrap().contains("Besok"));
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let again = mailbox(&mbox)
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().starts_with("Pengingat Pendamping: Pertemuan besok"))
        .count();
    assert_eq!(again, 3, "each reminder is sent once");
    // The PIC's applications without a meeting for 30 days are reminded too, once each.
    let idle = wait_for_mail(&mbox, "Pengingat Pendamping: Aplikasi tanpa pertemuan", 1).await;
    assert!(idle.iter().all(|m| m["to"].as_str().unwrap().contains("pic@")));
    s.t.finish().await;
}

#[tokio::test]
async fn with_the_smtp_server_stopped_an_invitation_waits_and_then_arrives_exactly_once() {
    let port = free_port();
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("mbox");
    let port_text = port.to_string();
    let s = TestServer::with_office_sheets_and(&[
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        &port_text,
        "--smtp-tls",
        "none",
        "--outbox-poll-ms",
        "100",
        "--retry-base-ms",
        "200",
    ])
    .await;
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await;
    let pic = s.signed_in("pic").await;
    assert_eq!(post(&s, &pic, "/api/schedule_meeting", &schedule_fields(ppdb)).await.0, StatusCode::OK);
    // Nobody listens: the invitations wait in the outbox, with the error of the attempt.
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let outbox = app::mail::store::list(&s.t.db).await.unwrap();
    assert_eq!(outbox.len(), 2, "the PIC and the agency (PPDB's vendor has no account here)");
    assert!(outbox.iter().all(|m| m.state == "pending" && m.attempts >= 1 && m.last_error.is_some()), "{outbox:#?}");
    assert!(mailbox(&mbox).is_empty());

    let _smtp = SmtpServer::start(port, &mbox);
    let arrived = wait_for_mail(&mbox, "Undangan pertemuan", 2).await;
    assert_eq!(arrived.len(), 2);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(mailbox(&mbox).len(), 2, "each invitation arrives exactly once");
    let outbox = app::mail::store::list(&s.t.db).await.unwrap();
    assert!(outbox.iter().all(|m| m.state == "sent"));
    s.t.finish().await;
}

#[tokio::test]
async fn the_webhook_carries_the_reply_once_signed_after_two_failures() {
    use std::sync::{Arc, Mutex};
    // A receiver that fails twice, then accepts.
    let received: Arc<Mutex<Vec<(u16, String, String)>>> = Arc::default();
    let log = received.clone();
    let receiver = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: axum::http::HeaderMap, body: String| {
            let log = log.clone();
            async move {
                let mut log = log.lock().unwrap();
                let status = if log.len() < 2 { 500 } else { 200 };
                let signature =
                    headers.get("x-pendamping-signature").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                log.push((status, signature, body));
                axum::http::StatusCode::from_u16(status).unwrap()
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, receiver).await });
    let secret = "rahasia-webhook-uji";
    let flags = [
        "--webhook-url",
        hook.as_str(),
        "--webhook-secret",
        secret,
        "--outbox-poll-ms",
        "100",
        "--retry-base-ms",
        "100",
    ];
    let s = TestServer::with_office_sheets_and(&flags).await;
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await;
    let pic = s.signed_in("pic").await;
    let vendor = ppdb_vendor(&s).await;
    let (_, body) = post(&s, &pic, "/api/schedule_meeting", &schedule_fields(ppdb)).await;
    let meeting = serde_json::from_str::<Vec<i64>>(&body).unwrap()[0].to_string();
    let step = vec![("step[meeting]", meeting.clone())];
    post(
        &s,
        &vendor,
        "/api/save_report",
        &[("report[meeting]", meeting.clone()), ("report[laporan]", "Laporan".into())],
    )
    .await;
    post(
        &s,
        &pic,
        "/api/save_review",
        &[("review[meeting]", meeting.clone()), ("review[tinjauan]", "Tinjauan".into())],
    )
    .await;
    post(&s, &pic, "/api/save_notes", &[("notes[meeting]", meeting.clone())]).await;
    post(&s, &pic, "/api/document_meeting", &step).await;
    post(&s, &pic, "/api/deliver_meeting", &step).await;
    let kasi = s.signed_in("kasi").await;
    assert_eq!(post(&s, &kasi, "/api/sign_meeting", &step).await.0, StatusCode::OK);
    let desk = s.signed_in("sd").await;
    let reply = [("reply[meeting]", meeting.clone()), ("reply[isi]", "Balasan untuk OPD".into())];
    assert_eq!(post(&s, &desk, "/api/reply_ticket", &reply).await.0, StatusCode::OK);

    for _ in 0..100 {
        if received.lock().unwrap().len() >= 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let calls = received.lock().unwrap().clone();
    assert_eq!(calls.iter().map(|c| c.0).collect::<Vec<_>>(), vec![500, 500, 200], "retried until accepted, then done");
    let (_, signature, body) = &calls[2];
    assert_eq!(signature, &format!("sha256={}", app::mail::worker::signature(secret, body.as_bytes())));
    let payload: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(payload["balasan"]["isi"], "Balasan untuk OPD");
    assert_eq!(payload["tiket"]["opd"], "Dinas Pendidikan");
    let outbox = app::mail::store::list(&s.t.db).await.unwrap();
    let webhook = outbox.iter().find(|m| m.kind == "webhook").unwrap();
    assert_eq!(webhook.state, "sent");
    let attempts = app::mail::store::attempts(&s.t.db, webhook.id).await.unwrap();
    assert_eq!(attempts.iter().map(|(ok, _)| *ok).collect::<Vec<_>>(), vec![false, false, true]);
    s.t.finish().await;
}

#[tokio::test]
async fn a_users_calendar_feed_lists_their_meetings_by_a_private_address() {
    let s = TestServer::with_office_sheets().await;
    let ppdb = s.application_id("Aplikasi Penerimaan Peserta Didik Baru").await;
    let pic = s.signed_in("pic").await;
    let mut fields = schedule_fields(ppdb);
    fields[1].1 = app::date::format_numeric(app::date::today_wib() + chrono::Days::new(3));
    assert_eq!(post(&s, &pic, "/api/schedule_meeting", &fields).await.0, StatusCode::OK);
    let dindik = s.signed_in("dindik").await;
    let (status, url) = post(&s, &dindik, "/api/new_feed", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let url: String = serde_json::from_str(&url).unwrap();
    let path = url.split_once("127.0.0.1").map(|(_, rest)| rest.split_once('/').unwrap().1).unwrap();
    let feed = s.client.get(s.url(&format!("/{path}"))).send().await.unwrap();
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(feed.headers()[reqwest::header::CONTENT_TYPE].to_str().unwrap().starts_with("text/calendar"));
    let text = feed.text().await.unwrap();
    assert!(text.contains("Aplikasi Penerimaan Peserta Didik Baru"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 1);
    // Another agency's feed does not list it; a wrong token finds nothing.
    let dinkes = s.signed_in("dinkes").await;
    let (_, other) = post(&s, &dinkes, "/api/new_feed", &[]).await;
    let other: String = serde_json::from_str(&other).unwrap();
    let other_path = other.split_once("127.0.0.1").map(|(_, rest)| rest.split_once('/').unwrap().1).unwrap();
    let text = s.client.get(s.url(&format!("/{other_path}"))).send().await.unwrap().text().await.unwrap();
    assert!(!text.contains("BEGIN:VEVENT"));
    let missing = s.client.get(s.url("/kalender/bukan-token-yang-benar-0123456789abcdef.ics")).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    s.t.finish().await;
}

async fn with_surveys(s: &TestServer) {
    let report =
        run(&s.t.db, vec![test_file("survei-kepuasan-opd.csv")], Mode::Apply, &Importer::CommandLine).await.unwrap();
    assert!(report.applied, "{:?}", report.issues);
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("laporan.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn the_kpi_page_targets_and_monthly_report_downloads_show_the_realisation() {
    let s = TestServer::with_office_sheets().await;
    with_surveys(&s).await;
    let kasi = s.signed_in("kasi").await;
    let target = [("target[bulan]", "2025-04"), ("target[pertemuan]", "6"), ("target[indeks]", "80")];
    assert_eq!(
        post(&s, &s.signed_in("pimpinan").await, "/api/save_target", &target.map(|(k, v)| (k, v.to_string()))).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(post(&s, &kasi, "/api/save_target", &target.map(|(k, v)| (k, v.to_string()))).await.0, StatusCode::OK);

    let pimpinan = s.signed_in("pimpinan").await;
    let (status, html) = s.page_as(&pimpinan, "/kpi?tahun=2025&bulan=4").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Indikator Pengukuran Kinerja — April 2025"));
    // April 2025: 22/04 and 29/04 (Rujukan Puskesmas), 01/04, 15/04 and 29/04 (PPDB).
    let realisation = html.split("data-test=\"realisasi-pertemuan\"").nth(1).unwrap();
    assert!(
        realisation.starts_with(" class=\"num\"><a href=\"/kpi/rincian?tahun=2025&amp;bulan=4\">5</a>"),
        "{}",
        &realisation[..80]
    );
    assert_eq!(html.matches("data-test=\"kpi-bar\"").count(), 12);
    assert!(html.contains("data-test=\"kpi-point\""));
    let (_, detail) = s.page_as(&pimpinan, "/kpi/rincian?tahun=2025&bulan=4").await;
    assert_eq!(detail.matches("data-test=\"detail-meeting\"").count(), 5);

    // An agency's KPI counts its own meetings only.
    let dinkes = s.signed_in("dinkes").await;
    let report: app::kpi::KpiReport =
        dinkes.get(s.url("/api/kpi?filter[year]=2025&filter[month]=4")).send().await.unwrap().json().await.unwrap();
    assert_eq!(report.months[3].meetings, 2);
    assert!(report.vendors.iter().all(|v| v.name == "PT. ABC"));

    // The monthly report as XLSX: numbers as numbers, months as dates.
    let response = pimpinan.get(s.url("/kpi/laporan.xlsx?tahun=2025&bulan=4")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("laporan-kpi-2025-04.xlsx"));
    let bytes = response.bytes().await.unwrap();
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let kpi = book.worksheet_range("KPI").unwrap();
    assert_eq!(kpi.get_value((7, 3)), Some(&Data::Float(5.0)), "realisation of meetings");
    assert_eq!(kpi.get_value((7, 2)), Some(&Data::Float(6.0)), "the target");
    let months = book.worksheet_range("Per bulan 2025").unwrap();
    assert!(matches!(months.get_value((4, 0)), Some(Data::DateTime(_))), "{:?}", months.get_value((4, 0)));
    assert_eq!(months.get_value((4, 1)), Some(&Data::Float(5.0)));

    // And as PDF, its text read back with pdftotext.
    let response = pimpinan.get(s.url("/kpi/laporan.pdf?tahun=2025&bulan=4")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let text = pdf_text(&response.bytes().await.unwrap());
    assert!(text.contains("LAPORAN INDIKATOR KINERJA PENDAMPINGAN PEMBUATAN APLIKASI"), "{text}");
    assert!(text.contains("April 2025"));
    assert!(text.contains("PT. ABC"));
    // Without signing in: sent to the login page.
    assert_eq!(
        s.client.get(s.url("/kpi/laporan.pdf?tahun=2025")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    s.t.finish().await;
}

/// A progress text of about 4,000 characters whose every word is different, and a 120-character URL.
fn long_progress() -> (String, String) {
    let stems = ["pengujian", "antarmuka", "basisdata", "laporan", "integrasi", "keamanan", "dokumentasi"];
    let mut text = String::new();
    let mut i = 0;
    while text.chars().count() < 3_900 {
        text.push_str(&format!("{}{i} ", stems[i % stems.len()]));
        i += 1;
    }
    let url = format!("https://simpeg.madiunkota.go.id/dokumen/{}", "rancangan-antarmuka-".repeat(4));
    let url = format!("{url}{}", "x".repeat(120 - url.chars().count()));
    assert_eq!(url.chars().count(), 120);
    text.push_str(&format!("Rincian di {url} selesai."));
    (text, url)
}

/// pdftotext without -layout, so that a cell's lines follow each other; `extra` adds options.
fn pdf_reading_text(bytes: &[u8], extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("formulir.pdf");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(extra)
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

const SCRIPT_TEXT: &str = "<img src=x onerror=alert(1)>";
const FORMULA_TEXT: &str = "=HYPERLINK(\"http://x\")";

#[tokio::test]
async fn the_form_prints_and_downloads_with_every_word_and_typed_text_stays_text() {
    let s = TestServer::with_accounts().await;
    let (progress, url) = long_progress();
    let quote = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
    let csv = format!(
        "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun\n\
         FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)\n\
         Nama Aplikasi,Sistem Uji Cetak,,PIC,Bayu Saputra\n\
         No,Tanggal Pertemuan,Nama Klien (OPD),Pihak Ketiga,Deskripsi Laporan Progress,Catatan,TTD Kasie\n\
         1,10/01/2025,Agus Prasetyo (Dinkes),PT. ABC,{},Tidak ada,ttd\n\
         2,24/01/2025,Agus Prasetyo (Dinkes),PT. ABC,{},{},\n",
        quote(&progress),
        quote(SCRIPT_TEXT),
        quote(FORMULA_TEXT),
    );
    let report =
        run(&s.t.db, vec![("cetak.csv".into(), csv.into_bytes())], Mode::Apply, &Importer::CommandLine).await.unwrap();
    assert!(report.applied, "{:?}", report.issues);
    let id = s.application_id("Sistem Uji Cetak").await;
    let kasi = s.signed_in("kasi").await;

    // The print view: the official title block and table, the typed text as text.
    let (status, html) = s.page_as(&kasi, &format!("/aplikasi/{id}/cetak")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Dinas Komunikasi dan Informatika Pemerintah Kota Madiun"));
    assert!(html.contains("FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-Dinkominfo-020)"));
    assert_eq!(html.matches("data-test=\"print-row\"").count(), 2);
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the script text is escaped");
    assert!(!html.contains(SCRIPT_TEXT));
    assert!(html.contains("=HYPERLINK("));
    assert!(html.contains(&url));
    assert!(html.contains(">ttd (di atas kertas)<"));

    // The PDF: every word of the long text, the whole URL, and the typed text as it was typed.
    let response = kasi.get(s.url(&format!("/aplikasi/{id}/unduh/pdf"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[reqwest::header::CONTENT_TYPE], "application/pdf");
    assert!(response.headers()[reqwest::header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("frm-020-sistem-uji-cetak.pdf"));
    let bytes = response.bytes().await.unwrap();
    // The break points the PDF has inside long runs of text are invisible; a reader ignores them.
    let text = pdf_reading_text(&bytes, &[]).replace('\u{200b}', "");
    let words: std::collections::HashSet<&str> = text.split_whitespace().collect();
    let missing: Vec<&str> =
        progress.split_whitespace().filter(|w| !w.starts_with("https://") && !words.contains(w)).collect();
    assert!(missing.is_empty(), "words missing from the PDF: {missing:?}");
    // In reading order pdftotext joins a line that ends in "-" with the next and drops the "-";
    // in the content's own order (-raw) it keeps every character.
    let raw = pdf_reading_text(&bytes, &["-raw"]);
    let joined: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '\u{200b}').collect();
    assert!(
        joined.contains(&url),
        "the URL, wrapped over lines, is whole: {}",
        &joined[joined.find("Rincian").unwrap_or(0)..].chars().take(300).collect::<String>()
    );
    assert!(text.contains(SCRIPT_TEXT), "{text}");
    assert!(text.contains(FORMULA_TEXT));
    assert!(text.contains("FORMULIR LOG PROGRESS PEMBUATAN APLIKASI"));
    assert!(text.contains("TTD Kasie"));

    // The XLSX: the texts as text cells with their exact value, and no formula anywhere.
    let response = kasi.get(s.url(&format!("/aplikasi/{id}/unduh/xlsx"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    use calamine::{Data, Reader};
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(response.bytes().await.unwrap().to_vec())).unwrap();
    let sheet = book.sheet_names()[0].clone();
    assert_eq!(sheet, "Sistem Uji Cetak");
    let cells = book.worksheet_range(&sheet).unwrap();
    assert_eq!(cells.get_value((3, 4)), Some(&Data::String("Deskripsi Laporan Progress".into())));
    assert!(matches!(cells.get_value((4, 1)), Some(Data::DateTime(_))), "dates as dates");
    assert_eq!(cells.get_value((4, 4)), Some(&Data::String(progress.clone())));
    assert_eq!(cells.get_value((5, 4)), Some(&Data::String(SCRIPT_TEXT.into())));
    assert_eq!(cells.get_value((5, 5)), Some(&Data::String(FORMULA_TEXT.into())));
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");

    // The CSV: the formula neutralised with an apostrophe; importing it again changes nothing.
    let response = kasi.get(s.url(&format!("/aplikasi/{id}/unduh/csv"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.bytes().await.unwrap().to_vec();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[3..]);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(&records[5][4], SCRIPT_TEXT);
    assert_eq!(&records[5][5], "'=HYPERLINK(\"http://x\")");
    assert!(records.iter().flat_map(|r| r.iter()).all(|f| !f.starts_with(['=', '+', '-', '@'])));
    let again = run(&s.t.db, vec![("lagi.csv".into(), bytes)], Mode::Apply, &Importer::CommandLine).await.unwrap();
    assert!(again.issues.is_empty(), "{:?}", again.issues);
    assert_eq!((again.rows_new(), again.rows_changed(), again.rows_unchanged()), (0, 0, 2));

    // A range of dates: the second row only; a reversed range is named at its field.
    let response =
        kasi.get(s.url(&format!("/aplikasi/{id}/unduh/csv?dari=2025-01-20&sampai=2025-01-31"))).send().await.unwrap();
    let text = response.text().await.unwrap();
    assert!(text.contains("Periode,20/01/2025 s.d. 31/01/2025"));
    assert_eq!(text.matches(",Agus Prasetyo (Dinkes),").count(), 1);
    let (status, html) = s.page_as(&kasi, &format!("/aplikasi/{id}/cetak?dari=2025-01-20&sampai=2025-01-10")).await;
    // The page is drawn, with the message at the field; its status says the input was wrong.
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Sampai tanggal harus sama dengan atau sesudah Dari tanggal."));
    let response =
        kasi.get(s.url(&format!("/aplikasi/{id}/unduh/pdf?dari=2025-01-20&sampai=2025-01-10"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(response.text().await.unwrap().contains("Sampai tanggal"));

    // Another agency's user gets the same answer as for an application that does not exist.
    let dindik = s.signed_in("dindik").await;
    for path in ["cetak", "unduh/pdf", "unduh/xlsx", "unduh/csv"] {
        let status = dindik.get(s.url(&format!("/aplikasi/{id}/{path}"))).send().await.unwrap().status();
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    s.t.finish().await;
}

#[tokio::test]
async fn the_whole_log_is_one_workbook_with_a_sheet_per_application_in_scope() {
    let s = TestServer::with_office_sheets().await;
    use calamine::Reader;
    let sheets_of = |bytes: Vec<u8>| calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap().sheet_names();
    let kasi = s.signed_in("kasi").await;
    let response = kasi.get(s.url("/ekspor/log.xlsx")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let all = sheets_of(response.bytes().await.unwrap().to_vec());
    assert_eq!(all.len(), 5, "{all:?}");
    let dinkes = s.signed_in("dinkes").await;
    let response = dinkes.get(s.url("/ekspor/log.xlsx")).send().await.unwrap();
    let own = sheets_of(response.bytes().await.unwrap().to_vec());
    let visible = app::application::store::list(
        &s.t.db,
        app::application::ApplicationFilter {
            agency: Some(app::ids::AgencyId(s.agency_id("Dinkes").await)),
            vendor: None,
        },
        app::account::Scope::ALL,
    )
    .await
    .unwrap();
    assert_eq!(own.len(), visible.len());
    assert!(own.len() < all.len());
    s.t.finish().await;
}

/// Every server function of the app, by its endpoint.
const ENDPOINTS: &[&str] = &[
    "me",
    "login",
    "logout",
    "users",
    "save_user",
    "set_user_active",
    "admin_agencies",
    "save_agency",
    "application_log",
    "audit",
    "new_feed",
    "dashboard",
    "kpi",
    "kpi_detail",
    "save_target",
    "outbox",
    "resend_message",
    "save_meeting",
    "official_form",
    "preferences",
    "save_preferences",
    "save_locale",
    "schedule_meeting",
    "move_meeting",
    "cancel_meeting",
    "sign_meeting",
    "start_correction",
    "survey",
    "answer_survey",
    "open_surveys",
    "reply_ticket",
    "tickets",
    "ticket",
    "admin_vendors",
    "save_vendor",
    "waiting",
    "meeting",
    "save_report",
    "save_review",
    "save_notes",
    "document_meeting",
    "deliver_meeting",
    "import_preview",
    "import_apply",
];

#[tokio::test]
async fn every_server_function_answers_malformed_input_with_a_message_and_never_500() {
    let s = TestServer::with_office_sheets().await;
    let admin = s.signed_in("admin").await;
    let pic = s.signed_in("pic").await;
    let garbage: [(&str, &[u8]); 4] = [
        ("application/x-www-form-urlencoded", b"id=bukan-angka&x[=%ZZ&&=="),
        ("application/x-www-form-urlencoded", b"\xff\xfe\x00tidak=utf8"),
        ("application/json", b"{\"id\": [1, 2"),
        ("application/x-www-form-urlencoded", b""),
    ];
    let mut answered = 0;
    for endpoint in ENDPOINTS {
        for client in [&admin, &pic] {
            for (content_type, body) in &garbage {
                let response = client
                    .post(s.url(&format!("/api/{endpoint}")))
                    .header(reqwest::header::CONTENT_TYPE, *content_type)
                    .body(body.to_vec())
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let text = response.text().await.unwrap();
                assert!(status.as_u16() < 500, "{endpoint} with {:?}: {status} {text}", String::from_utf8_lossy(body));
                if status.is_client_error() {
                    assert!(!text.contains("sqlx") && !text.contains("panicked"), "{endpoint}: {text}");
                }
                answered += 1;
            }
            let response = client.get(s.url(&format!("/api/{endpoint}?id=%ZZ&tahun=abc"))).send().await.unwrap();
            assert!(response.status().as_u16() < 500, "GET {endpoint}: {}", response.status());
        }
    }
    assert_eq!(answered, ENDPOINTS.len() * 2 * garbage.len());
    let pic = s.signed_in("pic").await;

    // A row sent without its date field names what is wrong, in Indonesian.
    let response = pic
        .post(s.url("/api/save_meeting"))
        .form(&[("row[application]", "1"), ("row[progress]", "Teks")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = response.text().await.unwrap();
    assert!(text.contains("Tanggal Pertemuan wajib diisi."), "{text}");

    // A body over the limit is refused before it is read whole, with a message.
    let big = vec![b'a'; 2 * 1024 * 1024];
    let response = pic
        .post(s.url("/api/save_meeting"))
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(response.text().await.unwrap().contains("Isian terlalu besar"));
    s.t.finish().await;
}

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_a_message_and_imports_nothing() {
    let s = TestServer::with_accounts().await;
    let c = s.signed_in("admin").await;
    let big = vec![b'x'; app::pages::import::MAX_UPLOAD_BYTES + 1024];
    let response =
        c.post(s.url("/impor/unggah")).multipart(multipart(vec![("besar.csv".into(), big)])).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let back = response.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(back, "/impor?galat=besar");
    let (_, html) = s.page_as(&c, &back).await;
    assert!(html.contains("Berkas terlalu besar: paling besar 20 MB"), "{html}");
    assert_eq!(s.t.count("import_uploads").await, 0);
    s.t.finish().await;
}
