//! Issue 8 against the real parts: the `pendamping` binary as its own process, on the database
//! `PENDAMPING_TEST_BACKEND` names, under concurrent load, killed in the middle of it, backed up
//! while it serves, and (on PostgreSQL) two servers sharing one database. Every write the server
//! acknowledged is afterwards looked up in the database itself.
//!
//! `PENDAMPING_LOAD_CLIENTS` (default 100) and `PENDAMPING_LOAD_SECONDS` (default 60) size the load.

use app::account::{Role, UserEntry};
use app::audit::Actor;
use app::db::{Backend, Db};
use app::ids::{AgencyId, VendorId};
use app::import::plan::{run, Importer, Mode};
use app::meeting::SavedRow;
use app::on_pool;
use app::signoff::Signature;
use app::testing::{backend, fresh_db, test_file, TestDb};
use reqwest::header::ORIGIN;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_pendamping");
/// The built site; when it is missing, pages still render and only `/pkg` answers 404.
const SITE_ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site");
const PASSWORD: &str = "sandi-uji-beban-pendamping";
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// The beginning of the progress text of every row the load writes.
const MARK: &str = "beban";
/// The five elements of the survey form (see `app::survey::ELEMENTS`).
const SURVEY_FIELDS: [&str; 5] = [
    "answer[ketepatan_waktu]",
    "answer[kualitas_hasil]",
    "answer[komunikasi]",
    "answer[tindak_lanjut]",
    "answer[dokumentasi]",
];

fn email(key: &str) -> String {
    format!("{key}@beban.madiunkota.go.id")
}

/// How many clients, for how long.
struct LoadSize {
    clients: usize,
    seconds: u64,
}

fn load_size() -> LoadSize {
    let number = |name: &str, default: u64| {
        std::env::var(name).ok().and_then(|v| v.trim().parse::<u64>().ok()).filter(|n| *n > 0).unwrap_or(default)
    };
    // Four clients at least: one of each part (PIC, Kasi, Klien, reader).
    LoadSize {
        clients: (number("PENDAMPING_LOAD_CLIENTS", 100) as usize).max(4),
        seconds: number("PENDAMPING_LOAD_SECONDS", 60),
    }
}

/// The servers' log files; their last lines are printed when a test fails.
struct Logs {
    dir: tempfile::TempDir,
    files: Mutex<Vec<PathBuf>>,
}

impl Logs {
    fn new() -> Logs {
        Logs { dir: tempfile::tempdir().expect("a folder for the logs"), files: Mutex::new(Vec::new()) }
    }

    fn path(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(format!("{name}.log"));
        self.files.lock().unwrap_or_else(|e| e.into_inner()).push(path.clone());
        path
    }
}

fn tail(path: &Path, lines: usize) -> String {
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap_or_default()).to_string();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

impl Drop for Logs {
    fn drop(&mut self) {
        if std::thread::panicking() {
            for path in self.files.lock().unwrap_or_else(|e| e.into_inner()).iter() {
                eprintln!("--- the last lines of {} ---\n{}", path.display(), tail(path, 80));
            }
        }
    }
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

/// A `pendamping serve` process; killed when dropped.
struct Server {
    child: tokio::process::Child,
    port: u16,
    log: PathBuf,
}

impl Server {
    /// Starts the server and waits until it answers.
    async fn start(url: &str, port: u16, log: &Path) -> Server {
        let out = std::fs::OpenOptions::new().create(true).append(true).open(log).expect("the server's log");
        let err = out.try_clone().expect("the server's log");
        let addr = format!("127.0.0.1:{port}");
        let child = tokio::process::Command::new(BINARY)
            .args(["serve", "--database-url", url, "--addr", addr.as_str(), "--site-root", SITE_ROOT])
            .env("RUST_LOG", "info,sqlx=warn")
            .env("NO_COLOR", "1")
            .env_remove("PENDAMPING_PUBLIC_URL")
            .env_remove("PENDAMPING_SMTP_HOST")
            .env_remove("PENDAMPING_WEBHOOK_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .kill_on_drop(true)
            .spawn()
            .expect("pendamping starts");
        let mut server = Server { child, port, log: log.to_path_buf() };
        server.wait_until_ready().await;
        server
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    async fn wait_until_ready(&mut self) {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a client");
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server stopped ({status}) before answering:\n{}", tail(&self.log, 40));
            }
            if client.get(format!("{}/", self.base())).send().await.is_ok() {
                return;
            }
            assert!(Instant::now() < deadline, "the server did not answer in 120 s:\n{}", tail(&self.log, 40));
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL: no shutdown, no flush, nothing the server can do about it.
    async fn kill(&mut self) {
        self.child.kill().await.expect("the server is killed");
    }
}

/// Runs a command of the binary to its end (at most five minutes).
async fn command(args: &[&str]) -> std::process::Output {
    let mut command = tokio::process::Command::new(BINARY);
    command.args(args).env("RUST_LOG", "warn").stdin(Stdio::null()).kill_on_drop(true);
    tokio::time::timeout(Duration::from_secs(300), command.output())
        .await
        .unwrap_or_else(|_| panic!("pendamping {} did not finish in 5 min", args.join(" ")))
        .expect("pendamping runs")
}

fn assert_success(what: &str, output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A client with its own cookie jar, as a browser.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("a client")
}

/// A client signed in as the account `key` on the server at `base`.
async fn sign_in(base: &str, key: &str) -> reqwest::Client {
    let client = browser();
    let email = email(key);
    let form = [("form[email]", email.as_str()), ("form[password]", PASSWORD), ("form[next]", "/")];
    let response =
        client.post(format!("{base}/api/login")).header(ORIGIN, base).form(&form).send().await.expect("login");
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    assert_eq!(status, StatusCode::OK, "login as {key}: {body}");
    client
}

/// A server function called as the browser's script calls it, from the server's own origin.
async fn post(
    client: &reqwest::Client,
    base: &str,
    endpoint: &str,
    form: &[(&str, String)],
) -> Result<(StatusCode, String), reqwest::Error> {
    let response = client.post(format!("{base}/api/{endpoint}")).header(ORIGIN, base).form(form).send().await?;
    let status = response.status();
    Ok((status, response.text().await?))
}

/// The fields of a row of the form; `meeting` empty for a new row.
fn row_form(application: &Application, meeting: &str, tanggal: &str, progress: &str) -> Vec<(&'static str, String)> {
    vec![
        ("row[application]", application.id.to_string()),
        ("row[meeting]", meeting.to_string()),
        ("row[tanggal]", tanggal.to_string()),
        ("row[klien]", "Klien Uji Beban".to_string()),
        ("row[opd]", application.agency.to_string()),
        ("row[progress]", progress.to_string()),
        ("row[catatan]", "Uji beban".to_string()),
    ]
}

fn sign_form(meeting: i64) -> Vec<(&'static str, String)> {
    vec![("step[meeting]", meeting.to_string()), ("step[dibuka]", chrono::Utc::now().to_rfc3339())]
}

/// An imported application and the account of its PIC.
#[derive(Clone, Debug)]
struct Application {
    id: i64,
    agency: i64,
    pic: String,
}

/// The office's sheets imported, and the accounts the load signs in with.
struct World {
    t: TestDb,
    applications: Vec<Application>,
    /// The agency of each Klien account `klien{n}`.
    klien_agencies: Vec<i64>,
}

async fn add_account(db: &Db, key: &str, name: &str, role: Role, agency: Option<i64>, vendor: Option<i64>) {
    let entry = UserEntry {
        id: None,
        name: name.into(),
        email: email(key),
        roles: vec![role],
        agency: agency.map(AgencyId),
        vendor: vendor.map(VendorId),
        password: Some(PASSWORD.into()),
    };
    app::account::store::save(db, &entry, &Actor::system("uji beban")).await.expect("an account");
}

impl World {
    async fn prepare(klien_accounts: usize) -> World {
        let t = fresh_db().await;
        let files = vec![test_file("log-progress-2025-2026.xlsx"), test_file("log-progress-simpeg.csv")];
        let report = run(&t.db, files, Mode::Apply, &Importer::CommandLine).await.expect("the import");
        assert!(report.applied, "the office's sheets are imported");
        let rows: Vec<(i64, i64, i64, String)> = on_pool!(&t.db, p => sqlx::query_as(
            "SELECT id, agency_id, vendor_id, pic_name FROM applications ORDER BY id",
        )
        .fetch_all(p)
        .await)
        .expect("the applications");
        assert!(!rows.is_empty(), "the sheets hold applications");
        let mut pic_names: Vec<String> = rows.iter().map(|r| r.3.clone()).collect();
        pic_names.sort();
        pic_names.dedup();
        // A PIC account is linked to the applications whose form names it.
        for (n, name) in pic_names.iter().enumerate() {
            add_account(&t.db, &format!("pic{n}"), name, Role::Pic, None, None).await;
        }
        add_account(&t.db, "kasi", "Kasi Beban", Role::Kasi, None, None).await;
        add_account(&t.db, "pimpinan", "Pimpinan Beban", Role::Pimpinan, None, None).await;
        add_account(&t.db, "vendor", "Rekan Vendor Beban", Role::PihakKetiga, None, Some(rows[0].2)).await;
        let klien_agencies: Vec<i64> = (0..klien_accounts).map(|n| rows[n % rows.len()].1).collect();
        for (n, agency) in klien_agencies.iter().enumerate() {
            add_account(&t.db, &format!("klien{n}"), &format!("Klien Beban {n}"), Role::Klien, Some(*agency), None)
                .await;
        }
        let (unlinked,): (i64,) = on_pool!(&t.db, p => sqlx::query_as(
            "SELECT COUNT(*) FROM applications WHERE pic_user_id IS NULL",
        )
        .fetch_one(p)
        .await)
        .expect("count");
        assert_eq!(unlinked, 0, "every application has its PIC's account");
        let applications = rows
            .iter()
            .map(|(id, agency, _, pic_name)| Application {
                id: *id,
                agency: *agency,
                pic: format!("pic{}", pic_names.iter().position(|p| p == pic_name).unwrap_or(0)),
            })
            .collect();
        World { t, applications, klien_agencies }
    }

    /// One signed row per application, which opens its survey of this month; the surveys by
    /// application.
    async fn open_surveys(&self, base: &str) -> BTreeMap<i64, i64> {
        let kasi = sign_in(base, "kasi").await;
        let mut pics: HashMap<String, reqwest::Client> = HashMap::new();
        for application in &self.applications {
            if !pics.contains_key(&application.pic) {
                pics.insert(application.pic.clone(), sign_in(base, &application.pic).await);
            }
            let pic = &pics[&application.pic];
            let form = row_form(application, "", "05/01/2026", "Pertemuan pembuka survei");
            let (status, body) = post(pic, base, "save_meeting", &form).await.expect("a row");
            assert_eq!(status, StatusCode::OK, "a row for the survey: {body}");
            let saved: SavedRow = serde_json::from_str(&body).expect("the saved row");
            let (status, body) = post(&kasi, base, "sign_meeting", &sign_form(saved.id.0)).await.expect("a signature");
            assert_eq!(status, StatusCode::OK, "the signature that opens the survey: {body}");
        }
        let surveys: Vec<(i64, i64)> =
            on_pool!(&self.t.db, p => sqlx::query_as("SELECT application_id, id FROM surveys").fetch_all(p).await)
                .expect("the surveys");
        let surveys: BTreeMap<i64, i64> = surveys.into_iter().collect();
        assert_eq!(surveys.len(), self.applications.len(), "each application has its survey");
        surveys
    }

    /// What each of `clients` does, in turn: a PIC, the Kasi, a Klien, a reader.
    fn members(&self, clients: usize, surveys: &BTreeMap<i64, i64>) -> Vec<Member> {
        let mut pics: Vec<String> = self.applications.iter().map(|a| a.pic.clone()).collect();
        pics.sort();
        pics.dedup();
        (0..clients)
            .map(|i| {
                let round = i / 4;
                match i % 4 {
                    0 => {
                        let key = pics[round % pics.len()].clone();
                        let applications = self.applications.iter().filter(|a| a.pic == key).cloned().collect();
                        Member { part: Part::Pic, key, applications, surveys: Vec::new() }
                    }
                    1 => Member { part: Part::Kasi, key: "kasi".into(), applications: Vec::new(), surveys: Vec::new() },
                    2 => {
                        let agency = self.klien_agencies[round];
                        let surveys = self
                            .applications
                            .iter()
                            .filter(|a| a.agency == agency)
                            .filter_map(|a| surveys.get(&a.id).copied())
                            .collect();
                        Member { part: Part::Klien, key: format!("klien{round}"), applications: Vec::new(), surveys }
                    }
                    _ => {
                        let key = if round % 2 == 0 { "pimpinan" } else { "vendor" };
                        Member { part: Part::Reader, key: key.into(), applications: Vec::new(), surveys: Vec::new() }
                    }
                }
            })
            .collect()
    }
}

/// The number of Klien accounts `clients` need.
fn klien_count(clients: usize) -> usize {
    (0..clients).filter(|i| i % 4 == 2).count()
}

#[derive(Clone, Copy, Debug)]
enum Part {
    /// Adds rows to the form of its applications.
    Pic,
    /// Signs the rows the PICs added.
    Kasi,
    /// Rates its agency's vendors.
    Klien,
    /// Reads what waits (Pimpinan, vendor).
    Reader,
}

struct Member {
    part: Part,
    key: String,
    applications: Vec<Application>,
    surveys: Vec<i64>,
}

/// What came of a write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// 2xx: the server says it is done.
    Acked,
    /// Another status: the server says it is not.
    Refused,
    /// No answer: it may or may not be done.
    Unknown,
}

#[derive(Clone, Debug)]
struct RowAck {
    marker: String,
    id: i64,
    no: i64,
    application: i64,
    at: Instant,
}

#[derive(Clone, Debug)]
struct SignAck {
    meeting: i64,
    fingerprint: String,
}

/// Every write the server acknowledged, and every survey answer sent.
#[derive(Clone, Default)]
struct Acks {
    rows: Vec<RowAck>,
    signatures: Vec<SignAck>,
    /// By (account, survey), in the order sent: the comment that marks it and what came of it.
    answers: BTreeMap<(String, i64), Vec<(String, Outcome)>>,
}

impl Acks {
    fn acked_answers(&self) -> usize {
        self.answers.values().flatten().filter(|(_, o)| *o == Outcome::Acked).count()
    }

    fn writes(&self) -> usize {
        self.rows.len() + self.signatures.len() + self.acked_answers()
    }
}

/// Responses of one kind of request.
#[derive(Default)]
struct Tally {
    ok: u64,
    refused: u64,
    failed: u64,
    lost: u64,
    /// The slowest answer, and when it began (seconds into the load).
    slowest_ms: u64,
    slowest_at: f64,
}

#[derive(Default)]
struct Stats {
    statuses: BTreeMap<u16, u64>,
    kinds: BTreeMap<&'static str, Tally>,
    server_errors: Vec<String>,
    lost: Vec<String>,
    millis: Vec<u64>,
}

/// The load shared by its clients.
struct Load {
    base: String,
    started: Instant,
    until: Instant,
    tag: String,
    acks: Mutex<Acks>,
    stats: Mutex<Stats>,
    to_sign: Mutex<VecDeque<i64>>,
}

/// A small random source: each client its own.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Dice {
        Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }
}

impl Load {
    fn new(base: &str, seconds: u64) -> Arc<Load> {
        let started = Instant::now();
        Arc::new(Load {
            base: base.to_string(),
            started,
            until: started + Duration::from_secs(seconds),
            tag: (chrono::Utc::now().timestamp_micros() % 1_000_000_000).to_string(),
            acks: Mutex::default(),
            stats: Mutex::default(),
            to_sign: Mutex::default(),
        })
    }

    fn acks(&self) -> Acks {
        self.acks.lock().unwrap().clone()
    }

    /// Sends a request and counts its answer; `None` when there was none.
    async fn send(&self, kind: &'static str, request: reqwest::RequestBuilder) -> Option<(StatusCode, String)> {
        let started = Instant::now();
        let result = async {
            let response = request.send().await?;
            let status = response.status();
            Ok::<_, reqwest::Error>((status, response.text().await?))
        }
        .await;
        let mut guard = self.stats.lock().unwrap();
        let stats = &mut *guard;
        let millis = started.elapsed().as_millis() as u64;
        stats.millis.push(millis);
        let tally = stats.kinds.entry(kind).or_default();
        if millis > tally.slowest_ms {
            tally.slowest_ms = millis;
            tally.slowest_at = started.saturating_duration_since(self.started).as_secs_f64();
        }
        match &result {
            Ok((status, body)) => {
                *stats.statuses.entry(status.as_u16()).or_default() += 1;
                if status.is_server_error() {
                    tally.failed += 1;
                    if stats.server_errors.len() < 20 {
                        let body: String = body.chars().take(300).collect();
                        stats.server_errors.push(format!("{kind}: {status}: {body}"));
                    }
                } else if status.is_client_error() {
                    tally.refused += 1;
                } else {
                    tally.ok += 1;
                }
            }
            Err(e) => {
                tally.lost += 1;
                if stats.lost.len() < 10 {
                    stats.lost.push(format!("{kind}: {e}"));
                }
            }
        }
        result.ok()
    }

    async fn get(&self, client: &reqwest::Client, kind: &'static str, path: &str) -> Option<(StatusCode, String)> {
        self.send(kind, client.get(format!("{}{path}", self.base))).await
    }

    async fn post(
        &self,
        client: &reqwest::Client,
        kind: &'static str,
        endpoint: &str,
        form: &[(&str, String)],
    ) -> Option<(StatusCode, String)> {
        let request = client.post(format!("{}/api/{endpoint}", self.base)).header(ORIGIN, &self.base).form(form);
        self.send(kind, request).await
    }

    /// One client: the dashboard, the KPI page and its part's write, again and again until the
    /// end of the load.
    async fn client(self: Arc<Self>, number: usize, member: Member, client: reqwest::Client) {
        let mut dice = Dice::new(number as u64 + 1);
        let mut round = 0u64;
        while Instant::now() < self.until {
            round += 1;
            let marker = format!("{MARK} {} k{number} n{round}", self.tag);
            let mut answered = self.get(&client, "dasbor", "/").await.is_some();
            answered &= self.get(&client, "kpi", "/kpi").await.is_some();
            answered &= match member.part {
                Part::Pic => self.add_row(&client, &member, &mut dice, marker).await,
                Part::Kasi => self.sign_one(&client).await,
                Part::Klien => self.answer_survey(&client, &member, &mut dice, marker).await,
                Part::Reader => self.get(&client, "menunggu", "/menunggu").await.is_some(),
            };
            if !answered {
                // The server is down (or restarting): try again a moment later.
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
        }
    }

    async fn add_row(&self, client: &reqwest::Client, member: &Member, dice: &mut Dice, marker: String) -> bool {
        let application = &member.applications[dice.below(member.applications.len())];
        let tanggal = format!("{:02}/{:02}/2025", 1 + dice.below(28), 1 + dice.below(12));
        let form = row_form(application, "", &tanggal, &marker);
        match self.post(client, "baris", "save_meeting", &form).await {
            Some((status, body)) if status == StatusCode::OK => {
                let saved: SavedRow =
                    serde_json::from_str(&body).unwrap_or_else(|e| panic!("a saved row, not {body:?}: {e}"));
                let ack =
                    RowAck { marker, id: saved.id.0, no: saved.no, application: application.id, at: Instant::now() };
                self.acks.lock().unwrap().rows.push(ack);
                self.to_sign.lock().unwrap().push_back(saved.id.0);
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    async fn sign_one(&self, client: &reqwest::Client) -> bool {
        let next = self.to_sign.lock().unwrap().pop_front();
        let Some(meeting) = next else {
            return self.get(client, "menunggu", "/menunggu").await.is_some();
        };
        match self.post(client, "ttd", "sign_meeting", &sign_form(meeting)).await {
            Some((status, body)) if status == StatusCode::OK => {
                let signature: Signature =
                    serde_json::from_str(&body).unwrap_or_else(|e| panic!("a signature, not {body:?}: {e}"));
                self.acks.lock().unwrap().signatures.push(SignAck { meeting, fingerprint: signature.fingerprint });
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    async fn answer_survey(&self, client: &reqwest::Client, member: &Member, dice: &mut Dice, marker: String) -> bool {
        let survey = member.surveys[dice.below(member.surveys.len())];
        let mut form = vec![("answer[survey]", survey.to_string())];
        for field in SURVEY_FIELDS {
            form.push((field, (1 + dice.below(4)).to_string()));
        }
        form.push(("answer[komentar]", marker.clone()));
        let result = self.post(client, "survei", "answer_survey", &form).await;
        let outcome = match &result {
            Some((status, _)) if status.is_success() => Outcome::Acked,
            Some(_) => Outcome::Refused,
            None => Outcome::Unknown,
        };
        self.acks.lock().unwrap().answers.entry((member.key.clone(), survey)).or_default().push((marker, outcome));
        result.is_some()
    }

    /// Requests answered with 5xx.
    fn server_errors(&self) -> u64 {
        self.stats.lock().unwrap().kinds.values().map(|t| t.failed).sum()
    }

    /// Requests without an answer.
    fn lost(&self) -> u64 {
        self.stats.lock().unwrap().kinds.values().map(|t| t.lost).sum()
    }

    fn summary(&self, what: &str, clients: usize) -> String {
        let stats = self.stats.lock().unwrap();
        let acks = self.acks();
        let mut millis = stats.millis.clone();
        millis.sort_unstable();
        let at = |q: usize| millis.get(millis.len() * q / 100).copied().unwrap_or(0);
        let seconds = self.until.duration_since(self.started).as_secs();
        let kinds: Vec<String> =
            stats.kinds.iter().map(|(k, t)| format!("{k} {}/{}/{}/{}", t.ok, t.refused, t.failed, t.lost)).collect();
        let slowest: Vec<String> =
            stats.kinds.iter().map(|(k, t)| format!("{k} {} ms at {:.1} s", t.slowest_ms, t.slowest_at)).collect();
        format!(
            "{what} [{:?}, {clients} clients, {seconds} s]: {} requests ({:.1}/s), statuses {:?}; \
             acknowledged writes {} (rows {}, signatures {}, survey answers {}); per kind ok/4xx/5xx/no-answer: {}; \
             5xx {}, no answer {}; latency p50 {} ms, p95 {} ms, max {} ms; slowest per kind: {}{}{}",
            backend(),
            millis.len(),
            millis.len() as f64 / seconds.max(1) as f64,
            stats.statuses,
            acks.writes(),
            acks.rows.len(),
            acks.signatures.len(),
            acks.acked_answers(),
            kinds.join(", "),
            stats.kinds.values().map(|t| t.failed).sum::<u64>(),
            stats.kinds.values().map(|t| t.lost).sum::<u64>(),
            at(50),
            at(95),
            millis.last().copied().unwrap_or(0),
            slowest.join(", "),
            if stats.server_errors.is_empty() { String::new() } else { format!("\n5xx: {:#?}", stats.server_errors) },
            if stats.lost.is_empty() { String::new() } else { format!("\nno answer: {:#?}", stats.lost) },
        )
    }
}

/// Signs every member in, a few at a time (each login hashes a password).
async fn sign_in_all(base: &str, members: Vec<Member>) -> Vec<(usize, Member, reqwest::Client)> {
    let permits = Arc::new(tokio::sync::Semaphore::new(4));
    let mut logins = tokio::task::JoinSet::new();
    for (number, member) in members.into_iter().enumerate() {
        let permits = permits.clone();
        let base = base.to_string();
        logins.spawn(async move {
            let _permit = permits.acquire().await.expect("a permit");
            let client = sign_in(&base, &member.key).await;
            (number, member, client)
        });
    }
    let mut signed_in = Vec::new();
    while let Some(done) = logins.join_next().await {
        signed_in.push(done.expect("a login"));
    }
    signed_in
}

/// Starts the load of the signed-in members, for `seconds` from now.
fn start_load(
    base: &str,
    seconds: u64,
    signed_in: Vec<(usize, Member, reqwest::Client)>,
) -> (Arc<Load>, tokio::task::JoinSet<()>) {
    let load = Load::new(base, seconds);
    let mut clients = tokio::task::JoinSet::new();
    for (number, member, client) in signed_in {
        clients.spawn(load.clone().client(number, member, client));
    }
    (load, clients)
}

/// Waits for every client; none may take longer than the load and two request timeouts.
async fn finish(clients: tokio::task::JoinSet<()>, load: &Load) {
    let limit = load.until.saturating_duration_since(Instant::now()) + 2 * REQUEST_TIMEOUT + Duration::from_secs(30);
    tokio::time::timeout(limit, async move {
        let mut clients = clients;
        while let Some(done) = clients.join_next().await {
            done.expect("a client of the load");
        }
    })
    .await
    .expect("the load ends in time");
}

/// A row as the database holds it: its id, application and number.
type StoredRow = (i64, i64, Option<i64>);

/// What the database holds of the acknowledged writes.
#[derive(Default)]
struct Found {
    rows: usize,
    signatures: usize,
    answers: usize,
}

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows, {} signatures, the last acknowledged survey answer of {} respondents",
            self.rows, self.signatures, self.answers
        )
    }
}

/// Finds every write of `acks` in `db`, as it was acknowledged. `later` is the record of the
/// same load further on, for a database copied while the load went on: an answer sent after
/// `acks` was taken may have replaced an earlier one.
async fn verify(db: &Db, acks: &Acks, later: Option<&Acks>) -> Found {
    let mut found = Found::default();
    let mut wrong = Vec::new();

    let like = format!("{MARK} %");
    let rows: Vec<(i64, i64, Option<i64>, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, application_id, no, progress FROM meetings WHERE progress LIKE $1",
    )
    .bind(&like)
    .fetch_all(p)
    .await)
    .expect("the rows");
    let mut by_marker: HashMap<&str, Vec<StoredRow>> = HashMap::new();
    for (id, application, no, progress) in &rows {
        by_marker.entry(progress.as_str()).or_default().push((*id, *application, *no));
    }
    for ack in &acks.rows {
        match by_marker.get(ack.marker.as_str()).map(Vec::as_slice) {
            Some([(id, application, no)])
                if *id == ack.id && *application == ack.application && *no == Some(ack.no) =>
            {
                found.rows += 1
            }
            other => wrong.push(format!(
                "row {:?} acknowledged as id {} no {} of application {}; the database has {other:?}",
                ack.marker, ack.id, ack.no, ack.application
            )),
        }
    }

    let signed: Vec<(i64, bool, Option<String>)> = on_pool!(db, p => sqlx::query_as(
        "SELECT id, signed, fingerprint FROM meetings WHERE fingerprint IS NOT NULL",
    )
    .fetch_all(p)
    .await)
    .expect("the signed rows");
    let signed: HashMap<i64, (bool, Option<String>)> = signed.into_iter().map(|(id, s, f)| (id, (s, f))).collect();
    let kept: Vec<(i64, String)> =
        on_pool!(db, p => sqlx::query_as("SELECT meeting_id, fingerprint FROM signed_rows").fetch_all(p).await)
            .expect("the kept signed revisions");
    for ack in &acks.signatures {
        let on_row = signed.get(&ack.meeting);
        let kept = kept.iter().any(|(m, f)| *m == ack.meeting && *f == ack.fingerprint);
        if on_row == Some(&(true, Some(ack.fingerprint.clone()))) && kept {
            found.signatures += 1;
        } else {
            wrong.push(format!(
                "signature of meeting {} acknowledged with {}; the row has {on_row:?}, kept in signed_rows: {kept}",
                ack.meeting, ack.fingerprint
            ));
        }
    }

    let given: Vec<(String, i64, String)> = on_pool!(db, p => sqlx::query_as(
        "SELECT u.email, r.survey_id, r.comment FROM survey_responses r JOIN users u ON u.id = r.user_id",
    )
    .fetch_all(p)
    .await)
    .expect("the survey answers");
    let given: HashMap<(String, i64), String> = given.into_iter().map(|(e, s, c)| ((e, s), c)).collect();
    for ((key, survey), trail) in &acks.answers {
        // An answer replaces the one before: the last acknowledged one must be there, unless an
        // answer sent after it, whose fate is unknown, replaced it.
        let Some(last) = trail.iter().rposition(|(_, o)| *o == Outcome::Acked) else { continue };
        let mut allowed: Vec<&str> = vec![trail[last].0.as_str()];
        allowed.extend(trail[last + 1..].iter().filter(|(_, o)| *o == Outcome::Unknown).map(|(m, _)| m.as_str()));
        if let Some(more) = later.and_then(|l| l.answers.get(&(key.clone(), *survey))) {
            let after = more.get(trail.len()..).unwrap_or_default();
            allowed.extend(after.iter().filter(|(_, o)| *o != Outcome::Refused).map(|(m, _)| m.as_str()));
        }
        match given.get(&(email(key), *survey)) {
            Some(comment) if allowed.contains(&comment.as_str()) => found.answers += 1,
            other => wrong.push(format!(
                "answer of {key} to survey {survey} acknowledged as {:?}; the database has {other:?}",
                trail[last].0
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "{} acknowledged writes are not in the database as acknowledged:\n{}",
        wrong.len(),
        wrong.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
    found
}

/// Every table's rows, all columns as text, in order.
async fn contents(db: &Db) -> BTreeMap<String, Vec<String>> {
    let mut tables = BTreeMap::new();
    match db {
        Db::Sqlite(p) => {
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )
            .fetch_all(p)
            .await
            .expect("the tables");
            for (name,) in names {
                let sql = format!("SELECT name FROM pragma_table_info('{}') ORDER BY cid", name.replace('\'', "''"));
                let columns: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(p).await.expect("the columns");
                let row = columns
                    .iter()
                    .map(|(c,)| format!("quote(\"{}\")", c.replace('"', "\"\"")))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let sql = format!("SELECT {row} AS r FROM \"{}\" ORDER BY r", name.replace('"', "\"\""));
                let rows: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(p).await.expect("the rows");
                tables.insert(name, rows.into_iter().map(|(r,)| r).collect());
            }
        }
        Db::Postgres(p) => {
            let names: Vec<(String, String)> = sqlx::query_as(
                "SELECT table_schema::text, table_name::text FROM information_schema.tables \
                 WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') \
                 ORDER BY 1, 2",
            )
            .fetch_all(p)
            .await
            .expect("the tables");
            for (schema, name) in names {
                let sql = format!("SELECT CAST(t AS TEXT) AS r FROM \"{schema}\".\"{name}\" t ORDER BY r");
                let rows: Vec<(String,)> = sqlx::query_as(&sql).fetch_all(p).await.expect("the rows");
                tables.insert(format!("{schema}.{name}"), rows.into_iter().map(|(r,)| r).collect());
            }
        }
    }
    tables
}

/// Asserts two databases hold the same rows in every table; returns the tables and rows compared.
fn assert_same(
    what: &str,
    expected: &BTreeMap<String, Vec<String>>,
    actual: &BTreeMap<String, Vec<String>>,
) -> (usize, usize) {
    assert_eq!(expected.keys().collect::<Vec<_>>(), actual.keys().collect::<Vec<_>>(), "{what}: the tables");
    let mut rows = 0;
    for (table, want) in expected {
        let got = &actual[table];
        if want != got {
            let first = want.iter().zip(got).find(|(a, b)| a != b);
            panic!(
                "{what}: table {table} differs: {} rows against {}; the first difference {first:?}",
                want.len(),
                got.len()
            );
        }
        rows += want.len();
    }
    (expected.len(), rows)
}

/// A new, empty database to restore into: a file that does not exist yet, or an empty
/// PostgreSQL database.
struct Target {
    url: String,
    postgres: Option<(String, String)>,
}

impl Target {
    async fn new(dir: &Path, name: &str) -> Target {
        match backend() {
            Backend::Sqlite => {
                Target { url: format!("sqlite://{}", dir.join(format!("{name}.db")).display()), postgres: None }
            }
            Backend::Postgres => {
                let admin_url = std::env::var("PENDAMPING_TEST_POSTGRES_URL")
                    .unwrap_or_else(|_| "postgres://pendamping:pendamping@127.0.0.1:5432/postgres".into());
                let database = format!(
                    "pendamping_pulih_{}_{}_{}",
                    std::process::id(),
                    name,
                    chrono::Utc::now().timestamp_micros() % 1_000_000
                );
                let admin = sqlx::PgPool::connect(&admin_url).await.expect("PostgreSQL for tests");
                sqlx::query(&format!("CREATE DATABASE {database}")).execute(&admin).await.expect("an empty database");
                admin.close().await;
                let (base, _) = admin_url.rsplit_once('/').expect("a database URL ends with /name");
                Target { url: format!("{base}/{database}"), postgres: Some((admin_url, database)) }
            }
        }
    }

    async fn drop_database(self) {
        if let Some((admin_url, database)) = self.postgres {
            if let Ok(admin) = sqlx::PgPool::connect(&admin_url).await {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)")).execute(&admin).await;
                admin.close().await;
            }
        }
    }
}

/// A SQLite file opened read-only.
async fn read_only(file: &Path) -> Db {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(file).read_only(true);
    let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect_with(options).await.expect("the copy");
    Db::Sqlite(pool)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_write_under_load_is_in_the_database() {
    let began = Instant::now();
    let size = load_size();
    let logs = Logs::new();
    let world = World::prepare(klien_count(size.clients)).await;
    let mut server = Server::start(&world.t.url, free_port(), &logs.path("server")).await;
    let surveys = world.open_surveys(&server.base()).await;
    let members = world.members(size.clients, &surveys);

    let signed_in = sign_in_all(&server.base(), members).await;
    let (load, clients) = start_load(&server.base(), size.seconds, signed_in);
    finish(clients, &load).await;
    eprintln!("{}", load.summary("every_acknowledged_write_under_load_is_in_the_database", size.clients));

    assert_eq!(load.server_errors(), 0, "no request is answered with 5xx");
    assert_eq!(load.lost(), 0, "every request is answered within {} s", REQUEST_TIMEOUT.as_secs());
    let acks = load.acks();
    assert!(!acks.rows.is_empty(), "the PICs added rows");
    assert!(!acks.signatures.is_empty(), "the Kasi signed rows");
    assert!(acks.acked_answers() > 0, "the agencies answered surveys");
    let checked = Instant::now();
    let found = verify(&world.t.db, &acks, None).await;
    eprintln!("found every acknowledged write in {:.1} s: {found}", checked.elapsed().as_secs_f64());
    server.kill().await;
    world.t.finish().await;
    eprintln!(
        "every_acknowledged_write_under_load_is_in_the_database: {:.1} s on {:?}",
        began.elapsed().as_secs_f64(),
        backend()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_mid_load_loses_no_acknowledged_write() {
    let began = Instant::now();
    let size = load_size();
    let seconds = (size.seconds / 2).max(6);
    let logs = Logs::new();
    let log = logs.path("server");
    let world = World::prepare(klien_count(size.clients)).await;
    let port = free_port();
    let mut server = Server::start(&world.t.url, port, &log).await;
    let surveys = world.open_surveys(&server.base()).await;
    let members = world.members(size.clients, &surveys);

    let signed_in = sign_in_all(&server.base(), members).await;
    let (load, clients) = start_load(&server.base(), seconds, signed_in);
    let url = world.t.url.clone();
    let killer = async {
        tokio::time::sleep(Duration::from_secs(seconds / 2)).await;
        server.kill().await;
        let killed = Instant::now();
        let before = load.acks().writes();
        // Started again at once, on the same port and database; the clients keep their sessions.
        let restarted = Server::start(&url, port, &log).await;
        eprintln!(
            "killed the server after {before} acknowledged writes; it answered again {:.1} s later",
            killed.elapsed().as_secs_f64()
        );
        (restarted, Instant::now())
    };
    let ((restarted, back_at), ()) = tokio::join!(killer, finish(clients, &load));
    let mut server = restarted;
    eprintln!("{}", load.summary("a_server_killed_mid_load_loses_no_acknowledged_write", size.clients));

    assert_eq!(load.server_errors(), 0, "no request is answered with 5xx, before or after the kill");
    assert!(load.lost() > 0, "the kill cut requests off in the middle of the load");
    let acks = load.acks();
    let after = acks.rows.iter().filter(|r| r.at > back_at).count();
    assert!(after > 0, "the restarted server took rows from the sessions opened before the kill");
    let found = verify(&world.t.db, &acks, None).await;
    eprintln!("found every acknowledged write after the kill: {found}, {after} rows after the restart");
    if let Db::Sqlite(pool) = &world.t.db {
        let check: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check").fetch_all(pool).await.expect("the check");
        assert_eq!(check, vec![("ok".to_string(),)], "PRAGMA integrity_check");
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check").fetch_all(pool).await.expect("the check");
        assert!(broken.is_empty(), "no row points at a missing row: {broken:?}");
        eprintln!("PRAGMA integrity_check: ok; no foreign key broken");
    }
    server.kill().await;
    world.t.finish().await;
    eprintln!(
        "a_server_killed_mid_load_loses_no_acknowledged_write: {:.1} s on {:?}",
        began.elapsed().as_secs_f64(),
        backend()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_the_server_runs_restores_every_table() {
    let began = Instant::now();
    let size = load_size();
    let seconds = (size.seconds / 2).max(6);
    let logs = Logs::new();
    let world = World::prepare(klien_count(size.clients)).await;
    let mut server = Server::start(&world.t.url, free_port(), &logs.path("server")).await;
    let surveys = world.open_surveys(&server.base()).await;
    let members = world.members(size.clients, &surveys);
    let dir = tempfile::tempdir().expect("a folder for the copies");
    let extension = if backend() == Backend::Sqlite { "db" } else { "dump" };
    let under_load = dir.path().join(format!("cadangan-saat-beban.{extension}"));
    let quiet = dir.path().join(format!("cadangan-tenang.{extension}"));
    let url = world.t.url.clone();

    // A copy taken in the middle of the load.
    let signed_in = sign_in_all(&server.base(), members).await;
    let (load, clients) = start_load(&server.base(), seconds, signed_in);
    let backup = async {
        tokio::time::sleep(Duration::from_secs(seconds / 2)).await;
        let before = load.acks();
        let started = Instant::now();
        let output = command(&["backup", under_load.to_str().expect("UTF-8"), "--database-url", url.as_str()]).await;
        (before, output, started.elapsed())
    };
    let ((before, output, took), ()) = tokio::join!(backup, finish(clients, &load));
    eprintln!("{}", load.summary("a_backup_taken_while_the_server_runs_restores_every_table", size.clients));
    assert_success("the backup under load", &output);
    eprintln!(
        "backup under load, {:.1} s, after {} acknowledged writes: {}",
        took.as_secs_f64(),
        before.writes(),
        String::from_utf8_lossy(&output.stdout).trim()
    );
    assert_eq!(load.server_errors(), 0, "no request is answered with 5xx while the backup runs");

    // It restores into a new database holding every write acknowledged before it began.
    let first = Target::new(dir.path(), "saat_beban").await;
    let output = command(&["restore", under_load.to_str().expect("UTF-8"), "--database-url", first.url.as_str()]).await;
    assert_success("the restore of the copy taken under load", &output);
    let restored = Db::connect(&first.url).await.expect("the restored database");
    let found = verify(&restored, &before, Some(&load.acks())).await;
    eprintln!("the restored copy holds every write acknowledged before the backup began: {found}");
    if backend() == Backend::Sqlite {
        // The copy itself, opened read-only, and what was restored from it hold the same rows.
        let copy = read_only(&under_load).await;
        let (tables, rows) =
            assert_same("the copy against its restore", &contents(&copy).await, &contents(&restored).await);
        eprintln!("the copy taken under load and its restore: {tables} tables, {rows} rows, the same");
        copy.close().await;
    }
    restored.close().await;
    first.drop_database().await;

    // With the server stopped, a copy and its restore equal the database table by table.
    server.kill().await;
    let output = command(&["backup", quiet.to_str().expect("UTF-8"), "--database-url", url.as_str()]).await;
    assert_success("the backup of the stopped server's database", &output);
    let second = Target::new(dir.path(), "tenang").await;
    let output = command(&["restore", quiet.to_str().expect("UTF-8"), "--database-url", second.url.as_str()]).await;
    assert_success("the restore of the copy taken at rest", &output);
    let restored = Db::connect(&second.url).await.expect("the restored database");
    let (tables, rows) =
        assert_same("the database against its restored copy", &contents(&world.t.db).await, &contents(&restored).await);
    eprintln!("the database and the restore of its copy: {tables} tables, {rows} rows, the same");
    restored.close().await;
    second.drop_database().await;
    world.t.finish().await;
    eprintln!(
        "a_backup_taken_while_the_server_runs_restores_every_table: {:.1} s on {:?}",
        began.elapsed().as_secs_f64(),
        backend()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgres_share_sessions_and_signatures() {
    let began = Instant::now();
    if backend() != Backend::Postgres {
        eprintln!(
            "two_servers_on_one_postgres_share_sessions_and_signatures is a PostgreSQL test: \
             skipped on SQLite (run it with PENDAMPING_TEST_BACKEND=postgres)"
        );
        return;
    }
    let logs = Logs::new();
    let world = World::prepare(0).await;
    let a = Server::start(&world.t.url, free_port(), &logs.path("server-a")).await;
    let port_b = std::iter::repeat_with(free_port).find(|p| *p != a.port).expect("another port");
    let b = Server::start(&world.t.url, port_b, &logs.path("server-b")).await;
    let (a_base, b_base) = (a.base(), b.base());

    // Signed in on A, known on B: the session lives in the database.
    let kasi = sign_in(&a_base, "kasi").await;
    for path in ["/pengaturan", "/menunggu"] {
        let response = kasi.get(format!("{b_base}{path}")).send().await.expect("a page from B");
        let status = response.status();
        let html = response.text().await.expect("the page");
        assert_eq!(status, StatusCode::OK, "{path} on B with the session from A");
        assert!(html.contains("Kasi Beban"), "{path} on B names the user signed in on A");
    }

    // The PIC, signed in on B, adds a row through A; the Kasi signs it through A.
    let application = world.applications[0].clone();
    let pic = sign_in(&b_base, &application.pic).await;
    let form = row_form(&application, "", "10/02/2026", "Baris yang ditandatangani di server A");
    let (status, body) = post(&pic, &a_base, "save_meeting", &form).await.expect("a row");
    assert_eq!(status, StatusCode::OK, "{body}");
    let saved: SavedRow = serde_json::from_str(&body).expect("the saved row");
    let (status, body) = post(&kasi, &a_base, "sign_meeting", &sign_form(saved.id.0)).await.expect("a signature");
    assert_eq!(status, StatusCode::OK, "{body}");
    let signature: Signature = serde_json::from_str(&body).expect("the signature");

    // Through B the signed row is locked, and signing again gives the same signature.
    let edit = row_form(&application, &saved.id.to_string(), "10/02/2026", "Diubah lewat server B");
    let (status, body) = post(&pic, &b_base, "save_meeting", &edit).await.expect("an edit");
    assert_eq!(status, StatusCode::CONFLICT, "the signed row cannot be edited through B: {body}");
    let (status, body) = post(&kasi, &b_base, "sign_meeting", &sign_form(saved.id.0)).await.expect("a signature");
    assert_eq!(status, StatusCode::OK, "{body}");
    let again: Signature = serde_json::from_str(&body).expect("the signature");
    assert_eq!(again.fingerprint, signature.fingerprint, "one signature, whichever server is asked");

    let (progress, fingerprint): (String, Option<String>) = on_pool!(&world.t.db, p => sqlx::query_as(
        "SELECT progress, fingerprint FROM meetings WHERE id = $1",
    )
    .bind(saved.id.0)
    .fetch_one(p)
    .await)
    .expect("the row");
    assert_eq!(progress, "Baris yang ditandatangani di server A");
    assert_eq!(fingerprint.as_deref(), Some(signature.fingerprint.as_str()));
    let (kept,): (i64,) = on_pool!(&world.t.db, p => sqlx::query_as(
        "SELECT COUNT(*) FROM signed_rows WHERE meeting_id = $1",
    )
    .bind(saved.id.0)
    .fetch_one(p)
    .await)
    .expect("the kept revisions");
    assert_eq!(kept, 1, "one signed revision");
    drop((a, b));
    world.t.finish().await;
    eprintln!(
        "two_servers_on_one_postgres_share_sessions_and_signatures: {:.1} s on {:?}",
        began.elapsed().as_secs_f64(),
        backend()
    );
}
