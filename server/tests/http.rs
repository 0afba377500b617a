//! The server on a free port, driven over HTTP, on the backend `PENDAMPING_TEST_BACKEND` names.

use app::import::plan::{run, Mode};
use app::testing::{fresh_db, test_file, TestDb};
use reqwest::header::{ACCEPT, LOCATION, REFERER};
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use server::config::Settings;

struct TestServer {
    base: String,
    client: reqwest::Client,
    t: TestDb,
}

impl TestServer {
    async fn start() -> TestServer {
        let t = fresh_db().await;
        let settings = Settings {
            database_url: t.url.clone(),
            addr: "127.0.0.1:0".parse().unwrap(),
            site_root: "target/site".into(),
        };
        let state = server::app_state(&settings, t.db.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, server::routes::router(state)).await });
        let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        TestServer { base, client, t }
    }

    async fn with_office_sheets() -> TestServer {
        let s = TestServer::start().await;
        let files = vec![test_file("log-progress-2025-2026.xlsx"), test_file("log-progress-simpeg.csv")];
        let report = run(&s.t.db, files, Mode::Apply).await.unwrap();
        assert!(report.applied);
        s
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn page(&self, path: &str) -> (StatusCode, String) {
        let response = self.client.get(self.url(path)).send().await.unwrap();
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    async fn application_id(&self, name: &str) -> i64 {
        let all = app::application::store::list(&self.t.db, Default::default()).await.unwrap();
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
    let (status, html) = s.page("/").await;
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
    let dinkes = s.agency_id("Dinkes").await;
    let (_, html) = s.page(&format!("/?opd={dinkes}")).await;
    assert!(html.contains("Sistem Informasi Rujukan Puskesmas"));
    assert!(!html.contains("E-Retribusi Pasar"));
    assert!(html.contains("Aplikasi (1)"));

    let response = s.client.get(s.url("/api/dashboard")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the dashboard without a filter");
    let data: app::dashboard::Dashboard = response.json().await.unwrap();
    assert_eq!(data.applications.len(), 5);

    let response = s.client.get(s.url(&format!("/api/dashboard?filter[agency]={dinkes}"))).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let data: app::dashboard::Dashboard = response.json().await.unwrap();
    assert_eq!(data.applications.len(), 1);
    assert_eq!(data.applications[0].meeting_count, 11);
    s.t.finish().await;
}

#[tokio::test]
async fn an_application_page_shows_the_form_with_its_dates_as_dd_mm_yy() {
    let s = TestServer::with_office_sheets().await;
    let id = s.application_id("Sistem Informasi Rujukan Puskesmas").await;
    let (status, html) = s.page(&format!("/aplikasi/{id}")).await;
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
    assert_eq!(s.page("/aplikasi/999999").await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.page("/aplikasi/bukan-angka").await.0, StatusCode::NOT_FOUND);
    assert_eq!(s.page("/tidak-ada").await.0, StatusCode::NOT_FOUND);
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
    let id = s.application_id("Sistem Informasi Kepegawaian Terpadu").await;
    let agency = s.agency_id("BKPSDM").await;
    let before = s.t.snapshot().await;
    let response = s.client.post(s.url("/api/save_meeting")).form(&row_form(id, agency, "")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: app::error::AppError = response.json().await.unwrap();
    assert_eq!(error.message_for("tanggal").as_deref(), Some("Tanggal Pertemuan wajib diisi."));
    assert_eq!(s.t.snapshot().await, before);

    let response =
        s.client.post(s.url("/api/save_meeting")).form(&row_form(id, agency, "01/06/2026")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let saved: app::meeting::SavedRow = response.json().await.unwrap();
    assert_eq!(saved.no, 7);
    let (_, html) = s.page(&format!("/aplikasi/{id}")).await;
    assert!(html.contains("Pelatihan operator selesai"));
    assert!(html.contains(">01/06/26<"));
    s.t.finish().await;
}

#[tokio::test]
async fn a_plain_form_post_returns_to_the_page_with_the_message_at_the_field() {
    let s = TestServer::with_office_sheets().await;
    let id = s.application_id("Sistem Informasi Kepegawaian Terpadu").await;
    let agency = s.agency_id("BKPSDM").await;
    let page = s.url(&format!("/aplikasi/{id}"));
    let response = s
        .client
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
    let (status, html) = s.page(location.trim_start_matches(&s.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tanggal Pertemuan wajib diisi."));

    let response = s
        .client
        .post(s.url("/api/save_meeting"))
        .header(ACCEPT, "text/html")
        .header(REFERER, &page)
        .form(&row_form(id, agency, "02/06/2026"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(response.headers()[LOCATION].to_str().unwrap().trim_end_matches('?'), page);
    assert!(s.page(&format!("/aplikasi/{id}")).await.1.contains(">02/06/26<"));
    s.t.finish().await;
}

fn multipart(files: Vec<(String, Vec<u8>)>) -> reqwest::multipart::Form {
    files.into_iter().fold(reqwest::multipart::Form::new(), |form, (name, bytes)| {
        form.part("berkas", reqwest::multipart::Part::bytes(bytes).file_name(name))
    })
}

#[tokio::test]
async fn an_upload_is_previewed_and_imported_only_when_confirmed() {
    let s = TestServer::start().await;
    let files = vec![test_file("log-progress-2025-2026.xlsx"), test_file("log-progress-simpeg.csv")];
    let response = s.client.post(s.url("/impor/unggah")).multipart(multipart(files)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let preview = response.headers()[LOCATION].to_str().unwrap().to_string();
    let batch = preview.trim_start_matches("/impor/").to_string();

    let (status, html) = s.page(&preview).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("5 aplikasi baru, 41 baris baru, 0 baris diubah, 0 baris sudah ada."), "{html}");
    assert_eq!(s.t.count("meetings").await, 0, "the preview imported rows");

    let response = s.client.post(s.url("/api/import_apply")).form(&[("batch", batch.as_str())]).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let report: app::import::ImportReport = response.json().await.unwrap();
    assert!(report.applied);
    assert_eq!(s.t.count("meetings").await, 41);
    assert_eq!(s.t.count("import_uploads").await, 0);
    let (_, html) = s.page(&preview).await;
    assert!(html.contains("sudah diimpor"));
    s.t.finish().await;
}

#[tokio::test]
async fn an_upload_with_a_bad_row_names_the_row_and_imports_nothing() {
    let s = TestServer::start().await;
    let bad = "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun\n\
               FORMULIR LOG PROGRESS PEMBUATAN APLIKASI (FRM-DINKOMINFO-020)\n\
               Nama Aplikasi,Aplikasi Uji,,PIC,Rina\n\
               No,Tanggal Pertemuan,Nama Klien (OPD),Pihak Ketiga,Deskripsi Laporan Progress,Catatan,TTD Kasie\n\
               1,31/02/25,Agus (Dinkes),PT. ABC,Kick-off,,\n";
    let response = s
        .client
        .post(s.url("/impor/unggah"))
        .multipart(multipart(vec![("salah.csv".into(), bad.as_bytes().to_vec())]))
        .send()
        .await
        .unwrap();
    let preview = response.headers()[LOCATION].to_str().unwrap().to_string();
    let (_, html) = s.page(&preview).await;
    assert!(html.contains("Tidak ada yang diimpor."));
    assert!(html.contains("B (Tanggal Pertemuan)"));
    assert!(html.contains("tidak ada di kalender"));
    let batch = preview.trim_start_matches("/impor/");
    let response = s.client.post(s.url("/api/import_apply")).form(&[("batch", batch)]).send().await.unwrap();
    let report: app::import::ImportReport = response.json().await.unwrap();
    assert!(!report.applied);
    assert_eq!(s.t.count("applications").await, 0);
    s.t.finish().await;
}

#[tokio::test]
async fn an_empty_upload_is_sent_back_with_a_message() {
    let s = TestServer::start().await;
    let form = reqwest::multipart::Form::new().text("berkas", "");
    let response = s.client.post(s.url("/impor/unggah")).multipart(form).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(location.starts_with("/impor?galat="));
    let (_, html) = s.page(&location).await;
    assert!(html.contains("Pilih minimal satu berkas"));
    s.t.finish().await;
}
