//! The interface's language: Indonesian first, English second, chosen per user.
//!
//! The choice is kept in the user's account and, for the pages, in a `bahasa` cookie set when
//! the user signs in or changes it. The server reads the cookie and writes it into `<html lang>`;
//! the browser reads it back from there, so both sides render the same words. The official form
//! FRM-DINKOMINFO-020 and its files stay in Indonesian whatever the choice.

use crate::date::{Month, BULAN, BULAN_SINGKAT};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The cookie that carries the choice to every page.
pub const COOKIE: &str = "bahasa";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Id,
    En,
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const MONTHS_EN_SHORT: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Id, Locale::En];

    /// `id` or `en`, as stored and as `<html lang>` says it.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Id => "id",
            Locale::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Locale> {
        match code.trim().to_lowercase().as_str() {
            "id" => Some(Locale::Id),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Locale::Id => "Bahasa Indonesia",
            Locale::En => "English",
        }
    }

    /// The interface's text: the Indonesian text itself, or its English translation.
    pub fn t(self, indonesian: &'static str) -> &'static str {
        match self {
            Locale::Id => indonesian,
            Locale::En => ENGLISH.iter().find(|(id, _)| *id == indonesian).map(|(_, en)| *en).unwrap_or(indonesian),
        }
    }

    /// A text with `{}` where values go, translated, then filled in order:
    /// `l.fill("{} baris baru", &[&3])` is `3 baris baru` / `3 new rows`. Word order may differ
    /// between the languages; the values keep theirs.
    pub fn fill(self, indonesian: &'static str, values: &[&dyn std::fmt::Display]) -> String {
        use std::fmt::Write;
        let mut pieces = self.t(indonesian).split("{}");
        let mut text = pieces.next().unwrap_or_default().to_string();
        let mut values = values.iter();
        for piece in pieces {
            if let Some(value) = values.next() {
                let _ = write!(text, "{value}");
            }
            text.push_str(piece);
        }
        text
    }

    /// A noun where English needs the singular: Indonesian says "Pertemuan" for one meeting
    /// and for many, and [`Locale::t`] gives the plural of a column of counts ("Meetings").
    pub fn singular(self, indonesian: &'static str) -> &'static str {
        match self {
            Locale::Id => indonesian,
            Locale::En => SINGULAR.iter().find(|(id, _)| *id == indonesian).map(|(_, en)| *en).unwrap_or(indonesian),
        }
    }

    /// `25 Februari 2025` / `25 February 2025`.
    pub fn long_date(self, date: NaiveDate) -> String {
        format!("{} {} {}", date.day(), self.month_name(date.month()), date.year())
    }

    /// `Februari 2025` / `February 2025`.
    pub fn month(self, month: Month) -> String {
        format!("{} {}", self.month_name(month.month), month.year)
    }

    /// `Februari` / `February`; `month` is 1 to 12.
    pub fn month_name(self, month: u32) -> &'static str {
        let i = (month.clamp(1, 12) - 1) as usize;
        match self {
            Locale::Id => BULAN[i],
            Locale::En => MONTHS_EN[i],
        }
    }

    /// `Mei` / `May`, for the axis of a chart; `month` is 1 to 12.
    pub fn short_month(self, month: u32) -> &'static str {
        let i = (month.clamp(1, 12) - 1) as usize;
        match self {
            Locale::Id => BULAN_SINGKAT[i],
            Locale::En => MONTHS_EN_SHORT[i],
        }
    }

    /// `Agu 2025` / `Aug 2025`.
    pub fn month_short(self, month: Month) -> String {
        format!("{} {}", self.short_month(month.month), month.year)
    }

    /// A number with `decimals` places: `88,31` and `1.234` in Indonesian, `88.31` and `1,234`
    /// in English.
    pub fn number(self, value: f64, decimals: usize) -> String {
        let (group, point) = match self {
            Locale::Id => ('.', ','),
            Locale::En => (',', '.'),
        };
        let text = format!("{:.*}", decimals, value.abs());
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        let sign = if value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { "-" } else { "" };
        if fraction.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{point}{fraction}")
        }
    }

    /// An index of satisfaction, or "–" when nobody answered.
    pub fn index(self, index: Option<f64>) -> String {
        index.map(|v| self.number(v, 2)).unwrap_or_else(|| "–".into())
    }

    /// The language of this request: on the server its cookie, in the browser what the server
    /// wrote into `<html lang>`.
    pub fn detect() -> Locale {
        #[cfg(feature = "ssr")]
        {
            leptos::prelude::use_context::<axum::http::request::Parts>()
                .and_then(|parts| from_cookie_header(parts.headers.get(axum::http::header::COOKIE)?.to_str().ok()?))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            leptos::prelude::document()
                .document_element()
                .and_then(|html| html.get_attribute("lang"))
                .and_then(|code| Locale::parse(&code))
                .unwrap_or_default()
        }
    }

    /// The `Set-Cookie` value that remembers this choice in the browser for a year.
    pub fn cookie(self) -> String {
        format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", self.code())
    }
}

/// The locale named by a `Cookie:` header, if any.
pub fn from_cookie_header(header: &str) -> Option<Locale> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .and_then(|(_, value)| Locale::parse(value))
}

/// The locale the app provided for this page.
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// English for the interface's Indonesian text. A text not listed stays Indonesian.
const ENGLISH: &[(&str, &str)] = &[
    // The frame and the menu.
    ("Langsung ke isi", "Skip to content"),
    ("Dinas Komunikasi dan Informatika Kota Madiun", "Communication and Informatics Office, Kota Madiun"),
    ("Menu utama", "Main menu"),
    ("Masuk", "Sign in"),
    ("Keluar", "Sign out"),
    ("Dasbor", "Dashboard"),
    ("Menunggu", "Waiting"),
    ("Tiket", "Tickets"),
    ("Impor", "Import"),
    ("Pengguna", "Users"),
    ("Pihak Ketiga", "Vendor"),
    ("Kotak keluar", "Outbox"),
    ("Pengaturan", "Settings"),
    ("Memuat…", "Loading…"),
    // The dashboard.
    ("Saringan", "Filters"),
    ("Dasbor pendampingan aplikasi", "Application supervision dashboard"),
    ("PIC", "PIC"),
    ("Semua OPD", "All agencies"),
    ("Semua pihak ketiga", "All vendors"),
    ("Terapkan", "Apply"),
    ("Hapus saringan", "Clear filters"),
    ("Aplikasi", "Application"),
    ("Aplikasi ({})", "Applications ({})"),
    ("Halaman daftar aplikasi", "Pages of the application list"),
    ("‹ Sebelumnya", "‹ Previous"),
    ("Berikutnya ›", "Next ›"),
    ("Halaman {} dari {}", "Page {} of {}"),
    ("aplikasi {}–{} dari {}", "applications {}–{} of {}"),
    ("pertemuan", "meetings"),
    ("Nama Aplikasi", "Application"),
    ("OPD", "Agency"),
    ("Pertemuan", "Meetings"),
    ("Pertemuan terakhir", "Last meeting"),
    ("Status", "Status"),
    ("Berjalan", "In progress"),
    ("Selesai", "Finished"),
    ("Ditunda", "On hold"),
    ("Unduh seluruh log (XLSX, satu lembar per aplikasi)", "Download the whole log (XLSX, one sheet per application)"),
    ("Tidak ada aplikasi yang cocok dengan saringan ini.", "No application matches these filters."),
    (
        "Belum ada aplikasi. Impor formulir log progress di halaman Impor.",
        "No applications yet. Import progress log forms on the Import page.",
    ),
    ("Jumlah pertemuan per bulan, {} bulan terakhir (WIB)", "Meetings per month, last {} months (WIB)"),
    ("{} pertemuan dalam {} bulan: {}", "{} meetings in {} months: {}"),
    ("{}: {} pertemuan", "{}: {} meetings"),
    // The application page.
    ("Cetak formulir", "Print the form"),
    ("Jejak audit", "Audit trail"),
    ("Linimasa pertemuan", "Meeting timeline"),
    ("Belum ada pertemuan.", "No meetings yet."),
    ("Pertemuan terjadwal", "Scheduled meetings"),
    ("Jadwalkan pertemuan", "Schedule a meeting"),
    ("Formulir log progress", "Progress log form"),
    ("Ditandatangani Kasi", "Signed by the Kasi"),
    ("Menunggu tanda tangan Kasi", "Waiting for the Kasi's signature"),
    ("Catatan: ", "Notes: "),
    ("Jejak", "Breadcrumb"),
    ("Tindakan", "Actions"),
    ("Dibatalkan", "Cancelled"),
    ("Menunggu: {}", "Waiting: {}"),
    ("Belum bernomor", "Not numbered yet"),
    ("Pertemuan baris No {}", "Meeting of row No {}"),
    ("Ubah", "Edit"),
    ("Ubah baris No {}", "Edit row No {}"),
    ("Ubah baris yang belum bernomor", "Edit the row without a number"),
    ("Baris No {} tersimpan.", "Row No {} saved."),
    ("Tambah baris", "Add a row"),
    ("Tanggal Pertemuan", "Meeting date"),
    ("Contoh: 25/02/2025 atau 25 Februari 2025", "For example: 25/02/2025 or 25 Februari 2025"),
    ("Nama klien", "Client's name"),
    ("OPD klien", "Client's agency"),
    ("Deskripsi Laporan Progress", "Progress report"),
    ("Catatan", "Notes"),
    ("Menyimpan…", "Saving…"),
    ("Simpan baris", "Save the row"),
    ("Batal", "Cancel"),
    // The meeting page and its steps.
    ("Pertemuan {} — {}", "Meeting of {} — {}"),
    ("Pertemuan {}", "Meeting on {}"),
    ("{}, pukul {} WIB", "{}, at {} WIB"),
    ("Dibatalkan: {}", "Cancelled: {}"),
    ("Menunggu langkah {}: {} ({})", "Waiting for step {}: {} ({})"),
    ("Kedelapan langkah selesai", "All eight steps are done"),
    ("Telepon", "Phone"),
    ("E-mail", "E-mail"),
    ("Waktu", "Time"),
    ("Tempat", "Place"),
    ("Durasi", "Duration"),
    ("{} menit", "{} minutes"),
    ("Dihubungi lewat", "Contacted by"),
    ("Baris formulir", "Form row"),
    ("No {} (revisi {})", "No {} (revision {})"),
    ("Belum didokumentasikan", "Not documented yet"),
    ("Langkah SOP-DINKOMINFO-012", "Steps of SOP-DINKOMINFO-012"),
    ("Penjadwalan pertemuan", "Scheduling the meeting"),
    ("Laporan progres pihak ketiga", "Vendor's progress report"),
    ("Tinjauan progres", "Progress review"),
    ("Catatan tindak lanjut", "Follow-up notes"),
    ("Dokumentasi FRM-DINKOMINFO-020", "Documentation in FRM-DINKOMINFO-020"),
    ("Penyampaian hasil ke pihak ketiga", "Delivery of the results to the vendor"),
    ("Tanda tangan Kasi", "Kasi's signature"),
    ("Balasan tiket service desk", "Service desk ticket reply"),
    ("OPD dan PIC", "Agency and PIC"),
    ("Belum", "Not yet"),
    ("dicatat langsung pada formulir", "recorded directly on the form"),
    ("{} mnt (standar ±{} mnt){}", "{} min (standard ±{} min){}"),
    (" — melebihi standar", " — over the standard"),
    ("waktu pengerjaan tidak tercatat (standar ±{} mnt)", "time taken not recorded (standard ±{} min)"),
    ("standar ±{} mnt", "standard ±{} min"),
    (
        "Pertemuan menjadi baris berikutnya pada formulir aplikasi ini: laporan pihak ketiga menjadi \
         Deskripsi Laporan Progress, catatan baru menjadi Catatan.",
        "The meeting becomes the next row of this application's form: the vendor's report becomes the \
         Deskripsi Laporan Progress, the new notes become the Catatan.",
    ),
    ("Dokumentasikan sebagai baris formulir", "Document as a row of the form"),
    ("Penyampaian ke pihak ketiga", "Delivery to the vendor"),
    (
        "Hasil pertemuan tampil bagi pihak ketiga di Pendamping; waktunya dicatat.",
        "The meeting's results appear to the vendor in Pendamping; the time is recorded.",
    ),
    ("Tandai sudah disampaikan", "Mark as delivered"),
    (
        "Setelah ditandatangani, baris terkunci; koreksi menjadi revisi baru yang perlu ditandatangani lagi.",
        "Once signed, the row is locked; a correction becomes a new revision that needs a new signature.",
    ),
    ("Tandatangani baris ini", "Sign this row"),
    ("Koreksi baris", "Correct the row"),
    (
        "Baris yang ditandatangani tetap tersimpan dan dapat dibaca; koreksi dibuat sebagai revisi baru.",
        "The signed row stays stored and readable; the correction is made as a new revision.",
    ),
    ("Buat revisi baru", "Make a new revision"),
    ("Direncanakan", "Planned"),
    ("Dikerjakan", "In the works"),
    ("Laporan progres", "Progress report"),
    ("Fitur aplikasi", "The application's features"),
    ("Fitur baru (satu per baris)", "New features (one per line)"),
    ("Simpan laporan", "Save the report"),
    ("Tinjauan OPD dan PIC", "Review by the agency and the PIC"),
    ("Simpan tinjauan", "Save the review"),
    ("baris No {}, {}", "row No {}, {}"),
    (" (dari {})", " (from {})"),
    ("Dilanjutkan", "Carried on"),
    ("Catatan dari pertemuan sebelumnya yang belum selesai:", "Open notes from earlier meetings:"),
    ("Catatan baru (satu per baris)", "New notes (one per line)"),
    ("Simpan catatan", "Save the notes"),
    ("Isi balasan (disusun dari baris yang ditandatangani)", "Reply (composed from the signed row)"),
    ("Kirim balasan ke tiket", "Send the reply to the ticket"),
    ("Pindahkan atau batalkan pertemuan", "Move or cancel the meeting"),
    ("Tanggal baru", "New date"),
    ("Jam baru (WIB)", "New time (WIB)"),
    ("Alasan dipindah", "Reason for moving"),
    ("Pindahkan", "Move"),
    ("Alasan dibatalkan", "Reason for cancelling"),
    ("Batalkan pertemuan", "Cancel the meeting"),
    ("selesai", "done"),
    ("dilanjutkan", "carried on"),
    ("terbuka", "open"),
    ("Revisi {} — No {}, {}", "Revision {} — No {}, {}"),
    ("Ditandatangani {} pada {}", "Signed by {} on {}"),
    ("Balasan tiket", "Ticket reply"),
    ("Dikirim {} pada {}", "Sent by {} on {}"),
    ("Isi pertemuan", "What the meeting holds"),
    ("Tinjauan", "Review"),
    ("Belum ada.", "None yet."),
    ("Fitur", "Features"),
    ("Catatan dari pertemuan sebelumnya", "Notes from earlier meetings"),
    ("Catatan baru", "New notes"),
    ("Baris yang ditandatangani", "Signed rows"),
    // Scheduling.
    ("Aplikasi: ", "Application: "),
    ("Tanggal", "Date"),
    ("Jam (WIB)", "Time (WIB)"),
    ("Durasi (menit)", "Duration (minutes)"),
    ("Nama klien (kontak OPD)", "Client's name (the agency's contact)"),
    ("Tempat atau tautan rapat daring", "Place, or link of the online meeting"),
    ("Pihak ketiga dan OPD dihubungi lewat", "The vendor and the agency were contacted by"),
    ("Ulangi", "Repeat"),
    ("Tidak diulang", "Does not repeat"),
    ("Setiap minggu", "Every week"),
    ("Setiap {} minggu", "Every {} weeks"),
    ("Sampai tanggal (bila diulang)", "Until (when repeated)"),
    ("Menjadwalkan…", "Scheduling…"),
    ("Jadwalkan", "Schedule"),
    // Waiting.
    ("Menunggu Anda", "Waiting for you"),
    ("Survei kepuasan: {} ({})", "Satisfaction survey: {} ({})"),
    (" · terbuka sampai {}", " · open until {}"),
    ("Survei yang menunggu jawaban Anda", "Surveys waiting for your answers"),
    ("Tidak ada yang menunggu Anda.", "Nothing is waiting for you."),
    ("Kerjakan", "Do it"),
    ("Langkah", "Step"),
    ("Menunggu sejak", "Waiting since"),
    // Tickets.
    ("Semua Tiket", "All tickets"),
    ("Belum ada tiket.", "No tickets yet."),
    ("Nomor", "Number"),
    ("Perihal", "Subject"),
    ("Balasan", "Replies"),
    ("Balasan terakhir", "Last reply"),
    ("{} · {} · revisi {}", "{} · {} · revision {}"),
    // The survey.
    ("Survei kepuasan", "Satisfaction survey"),
    ("Terima kasih, jawaban Anda tersimpan.", "Thank you, your answers are saved."),
    ("Ketepatan waktu", "Timeliness"),
    ("Kualitas hasil", "Quality of the results"),
    ("Komunikasi", "Communication"),
    ("Tindak lanjut catatan", "Follow-up of the notes"),
    ("Dokumentasi", "Documentation"),
    ("Tidak baik", "Poor"),
    ("Kurang baik", "Fair"),
    ("Baik", "Good"),
    ("Sangat baik", "Very good"),
    ("Survei kepuasan OPD", "Agency satisfaction survey"),
    (
        "Kinerja {} dalam pembuatan aplikasi {} untuk {} — {}.",
        "The work of {} in building the application {} for {} — {}.",
    ),
    ("Terbuka sampai {}; jawaban dapat diubah sampai saat itu.", "Open until {}; answers can be changed until then."),
    ("Survei ini sudah ditutup.", "This survey is closed."),
    ("Survei ini diisi oleh pengguna OPD yang bersangkutan.", "This survey is answered by the users of the agency concerned."),
    ("Komentar (tidak wajib)", "Comment (optional)"),
    ("Ubah jawaban", "Change the answers"),
    ("Kirim jawaban", "Send the answers"),
    // The audit trail.
    (
        "Setiap perubahan pada aplikasi ini: siapa, kapan, apa, nilai sebelum dan sesudahnya.",
        "Every change to this application: who, when, what, and the values before and after.",
    ),
    ("Belum ada catatan.", "No entries yet."),
    ("ya", "yes"),
    ("tidak", "no"),
    ("dibuat", "created"),
    ("diubah", "changed"),
    ("dihapus", "deleted"),
    ("Oleh", "By"),
    ("Perubahan", "Change"),
    ("Sebelum", "Before"),
    ("Sesudah", "After"),
    // The outbox.
    (
        "Setiap pesan ditulis ke kotak keluar bersama tindakan yang memicunya, lalu dikirim dengan percobaan ulang. \
         Tanpa server SMTP, e-mail menunggu di sini.",
        "Every message is written to the outbox together with the action that causes it, then sent with retries. \
         Without an SMTP server, e-mail waits here.",
    ),
    ("Menunggu dikirim", "Waiting to be sent"),
    ("Sedang dikirim", "Sending"),
    ("Terkirim", "Sent"),
    ("Gagal", "Failed"),
    ("Kirim ulang", "Send again"),
    ("Dibuat", "Created"),
    ("Jenis", "Kind"),
    ("Penerima", "Recipient"),
    ("Percobaan", "Attempts"),
    ("Galat terakhir", "Last error"),
    // Import.
    ("Impor formulir", "Import forms"),
    ("Impor formulir log progress", "Import progress log forms"),
    (
        "Unggah lembar kerja FRM-DINKOMINFO-020 yang selama ini disimpan staf: berkas ",
        "Upload the FRM-DINKOMINFO-020 worksheets the staff have kept so far: ",
    ),
    (" (satu lembar per aplikasi) atau ", " files (one sheet per application) or "),
    (
        " (dipisah koma atau titik koma). Kepala formulir memuat Nama Aplikasi dan PIC, di atas tabel ",
        " files (separated by commas or semicolons). The head of the form holds Nama Aplikasi and PIC, above the table ",
    ),
    (
        "Berkas diperiksa lebih dahulu; tidak ada yang disimpan sebelum Anda menekan ",
        "The files are checked first; nothing is saved before you press ",
    ),
    ("Impor sekarang", "Import now"),
    (". Bila satu baris salah, tidak ada yang diimpor.", ". If one row is wrong, nothing is imported."),
    ("Berkas formulir (.xlsx atau .csv, paling besar 20 MB)", "Form files (.xlsx or .csv, 20 MB at most)"),
    ("Unggah dan periksa", "Upload and check"),
    (
        "Berkas terlalu besar: paling besar 20 MB untuk seluruh unggahan.",
        "The files are too large: 20 MB at most for the whole upload.",
    ),
    ("Pilih minimal satu berkas .xlsx atau .csv.", "Choose at least one .xlsx or .csv file."),
    ("Unggahan tidak terbaca utuh; coba unggah ulang.", "The upload was not received whole; try uploading again."),
    (
        "Unggahan tidak dapat disimpan karena kesalahan server; coba lagi.",
        "The upload could not be stored because of a server error; try again.",
    ),
    ("Periksa impor", "Check the import"),
    ("Periksa sebelum impor", "Check before importing"),
    ("Unggahan ini sudah diimpor atau sudah kedaluwarsa.", "This upload has already been imported or has expired."),
    ("Unggah berkas lain", "Upload other files"),
    ("Ke dasbor", "To the dashboard"),
    ("Tidak ada yang diimpor.", "Nothing was imported."),
    (" {} masalah ditemukan; perbaiki berkas lalu unggah ulang.", " {} problems found; correct the files and upload them again."),
    ("Unggah ulang", "Upload again"),
    (
        "Semua baris sudah ada di Pendamping; impor tidak akan mengubah apa pun.",
        "Every row is already in Pendamping; the import would change nothing.",
    ),
    ("Mengimpor…", "Importing…"),
    ("Ringkasan", "Summary"),
    (
        "{} aplikasi baru, {} baris baru, {} baris diubah, {} baris sudah ada.",
        "{} new applications, {} new rows, {} rows changed, {} rows already there.",
    ),
    ("{}: {} jawaban survei baru, {} diubah, {} sudah ada", "{}: {} new survey answers, {} changed, {} already there"),
    ("baru", "new"),
    ("Berkas", "File"),
    ("Lembar", "Sheet"),
    ("Baris baru", "New rows"),
    ("Diubah", "Changed"),
    ("Sudah ada", "Already there"),
    ("Pihak ketiga baru", "New vendors"),
    ("Masalah pada berkas", "Problems in the files"),
    ("Baris", "Row"),
    ("Kolom", "Column"),
    ("Masalah", "Problem"),
    ("Impor selesai. ", "Import finished. "),
    ("{} aplikasi baru, {} baris baru, {} baris diubah.", "{} new applications, {} new rows, {} rows changed."),
    ("Lihat dasbor", "See the dashboard"),
    ("Impor selesai", "Import finished"),
    // Accounts, agencies and vendors.
    ("Admin", "Admin"),
    ("Kasi", "Kasi"),
    ("Service Desk", "Service Desk"),
    ("Klien (OPD)", "Client (agency)"),
    ("Pimpinan", "Management"),
    ("Administrasi", "Administration"),
    ("Tambah pengguna", "Add a user"),
    ("Aktif", "Active"),
    ("Nonaktif", "Inactive"),
    ("Nama", "Name"),
    ("Peran", "Roles"),
    ("OPD / Pihak Ketiga", "Agency / Vendor"),
    ("Akun pengguna", "User account"),
    ("Ubah akun {}", "Edit the account of {}"),
    ("OPD (untuk Klien (OPD))", "Agency (for Client (agency))"),
    ("Pihak ketiga (untuk Pihak Ketiga)", "Vendor (for Vendor)"),
    ("Kata sandi baru", "New password"),
    ("Paling sedikit 10 karakter.", "At least 10 characters."),
    (
        "Kosongkan untuk mempertahankan kata sandi. Kata sandi baru mengakhiri sesi lamanya.",
        "Leave empty to keep the password. A new password ends the account's old sessions.",
    ),
    ("Simpan akun", "Save the account"),
    ("Akun ini nonaktif: pemiliknya tidak dapat masuk.", "This account is inactive: its owner cannot sign in."),
    ("Aktifkan kembali", "Activate again"),
    ("Nonaktifkan akun {}?", "Deactivate the account of {}?"),
    (
        "Pemiliknya tidak dapat masuk lagi dan sesinya yang sedang berjalan berakhir.",
        "Its owner can no longer sign in, and their open sessions end.",
    ),
    ("Ya, nonaktifkan", "Yes, deactivate"),
    ("Nonaktifkan akun…", "Deactivate the account…"),
    ("Status akun", "Account status"),
    ("Organisasi Perangkat Daerah (OPD)", "Regional government agencies (OPD)"),
    ("Ubah OPD", "Edit the agency"),
    ("Tambah OPD", "Add an agency"),
    ("Nama OPD", "Agency name"),
    ("Singkatan", "Abbreviation"),
    ("Simpan OPD", "Save the agency"),
    ("Ubah pihak ketiga", "Edit the vendor"),
    ("Tambah pihak ketiga", "Add a vendor"),
    ("Simpan pihak ketiga", "Save the vendor"),
    // Signing in, and an address that leads nowhere.
    ("Masuk ke Pendamping", "Sign in to Pendamping"),
    ("Gunakan e-mail dan kata sandi akun Anda.", "Use your account's e-mail and password."),
    ("Kata sandi", "Password"),
    ("Memeriksa…", "Checking…"),
    ("Halaman tidak ditemukan", "Page not found"),
    ("Alamat ini tidak menuju halaman mana pun. ", "This address leads to no page. "),
    ("Kembali ke dasbor", "Back to the dashboard"),
    // The print view.
    ("Cetak formulir FRM-Dinkominfo-020", "Print form FRM-Dinkominfo-020"),
    ("Dari tanggal", "From"),
    ("Sampai tanggal", "To"),
    ("Tampilkan", "Show"),
    ("Seluruh proyek", "Whole project"),
    ("Cetak (A4 mendatar)", "Print (A4 landscape)"),
    ("Unduh PDF", "Download PDF"),
    ("Unduh XLSX", "Download XLSX"),
    ("Unduh CSV", "Download CSV"),
    ("Tidak ada baris pada periode ini.", "No rows in this period."),
    // The KPI page.
    ("Indikator Pengukuran Kinerja", "Performance indicators"),
    ("Tujuan", "Goal"),
    ("Indikator", "Indicator"),
    ("Target", "Target"),
    ("Realisasi", "Actual"),
    ("Tahun", "Year"),
    ("Bulan", "Month"),
    ("Indeks", "Index"),
    ("Kategori", "Category"),
    ("Responden", "Responses"),
    ("Indikator kinerja (KPI) pendampingan", "Performance indicators (KPI) of the supervision"),
    ("Saring", "Filter"),
    ("Bulan tabel SOP", "Month of the SOP table"),
    ("Semua aplikasi", "All applications"),
    ("A (sangat baik)", "A (very good)"),
    ("B (baik)", "B (good)"),
    ("C (kurang baik)", "C (fair)"),
    ("D (tidak baik)", "D (poor)"),
    (
        "Setiap aplikasi yang dibuat oleh pihak ketiga sesuai dengan kebutuhan OPD",
        "Every application a vendor builds meets the agency's needs",
    ),
    (
        "Jumlah pertemuan dengan OPD dan pihak ketiga selama pembuatan aplikasi",
        "Number of meetings with the agency and the vendor while the application is built",
    ),
    (
        "Kepuasan OPD terhadap kinerja pihak ketiga (indeks 25–100)",
        "The agency's satisfaction with the vendor's work (index 25–100)",
    ),
    (" ({} responden)", " ({} responses)"),
    ("Unduh laporan bulanan: ", "Download the monthly report: "),
    ("Atur target", "Set the targets"),
    ("Pertemuan per bulan, {}", "Meetings per month, {}"),
    ("Indeks kepuasan per bulan, {}", "Satisfaction index per month, {}"),
    ("Per bulan, {} · indeks setahun {}", "Per month, {} · index of the year {}"),
    ("Target indeks", "Index target"),
    ("Pihak ketiga, {}", "Vendors, {}"),
    ("Rincian KPI", "KPI details"),
    ("Rincian", "Details"),
    ("Rincian {}", "Details of {}"),
    ("Pertemuan ({})", "Meetings ({})"),
    ("Nama Klien (OPD)", "Client's name (agency)"),
    ("Jawaban survei ({})", "Survey answers ({})"),
    ("Saran", "Suggestions"),
    ("Target tersimpan.", "Targets saved."),
    ("Target KPI", "KPI targets"),
    ("Target KPI per bulan", "KPI targets per month"),
    (
        "Realisasi dihitung dari pertemuan dan jawaban survei; yang diatur di sini hanya targetnya.",
        "The actual values are counted from meetings and survey answers; only the targets are set here.",
    ),
    ("Semua aplikasi (target keseluruhan)", "All applications (the overall target)"),
    ("Target jumlah pertemuan", "Target number of meetings"),
    ("Target indeks kepuasan (25–100)", "Target satisfaction index (25–100)"),
    ("Simpan target", "Save the targets"),
    ("Grafik batang jumlah pertemuan per bulan dengan garis target", "Bar chart of meetings per month with the target line"),
    ("{}: {} pertemuan{}", "{}: {} meetings{}"),
    (", target {}", ", target {}"),
    ("target", "target"),
    (
        "Grafik garis indeks kepuasan per bulan dengan pita kategori A sampai D",
        "Line chart of the satisfaction index per month over the bands of categories A to D",
    ),
    ("{}: indeks {}, {} responden", "{}: index {}, {} responses"),
    // Settings.
    ("Bahasa", "Language"),
    ("Bahasa tampilan", "Interface language"),
    ("Simpan bahasa", "Save language"),
    (
        "Formulir resmi FRM-Dinkominfo-020 tetap berbahasa Indonesia.",
        "The official form FRM-Dinkominfo-020 stays in Indonesian.",
    ),
    ("Pengaturan tersimpan.", "Settings saved."),
    ("Pertemuan besok", "A meeting tomorrow"),
    (
        "Baris menunggu tanda tangan Kasi lebih dari 2 hari kerja",
        "A row waiting for the Kasi's signature for more than 2 working days",
    ),
    ("Aplikasi tanpa pertemuan selama 30 hari", "An application without a meeting for 30 days"),
    ("Pengingat", "Reminders"),
    (
        "Pengingat muncul di Pendamping dan dikirim lewat e-mail, masing-masing sekali.",
        "Reminders appear in Pendamping and are sent by e-mail, each of them once.",
    ),
    ("Kirimi saya pengingat untuk", "Send me reminders of"),
    ("Simpan pengaturan", "Save the settings"),
    ("Kalender", "Calendar"),
    (
        "Langganan alamat ini di Outlook, Google Calendar atau Thunderbird untuk melihat pertemuan Anda. \
         Alamat ini rahasia; buat alamat baru bila tersebar.",
        "Subscribe to this address in Outlook, Google Calendar or Thunderbird to see your meetings. \
         The address is secret; make a new one if it has spread.",
    ),
    ("Buat alamat kalender baru", "Make a new calendar address"),
    ("Pengingat yang diterima", "Reminders received"),
];

/// The singular where [`ENGLISH`] has the plural (see [`Locale::singular`]).
const SINGULAR: &[(&str, &str)] =
    &[("Pertemuan", "Meeting"), ("pertemuan", "meeting"), ("Tiket", "Ticket"), ("Responden", "Respondent")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_follow_the_locale() {
        let day = NaiveDate::from_ymd_opt(2025, 2, 25).unwrap();
        assert_eq!(Locale::Id.long_date(day), "25 Februari 2025");
        assert_eq!(Locale::En.long_date(day), "25 February 2025");
        assert_eq!(Locale::En.month(Month { year: 2025, month: 3 }), "March 2025");
    }

    #[test]
    fn numbers_follow_the_locale() {
        assert_eq!(Locale::Id.number(88.314, 2), "88,31");
        assert_eq!(Locale::En.number(88.314, 2), "88.31");
        assert_eq!(Locale::Id.number(38214.0, 0), "38.214");
        assert_eq!(Locale::En.number(1234567.5, 1), "1,234,567.5");
        assert_eq!(Locale::En.number(-0.001, 2), "0.00");
        assert_eq!(Locale::Id.index(None), "–");
    }

    #[test]
    fn the_cookie_names_the_locale() {
        assert_eq!(from_cookie_header("a=b; bahasa=en; c=d"), Some(Locale::En));
        assert_eq!(from_cookie_header("bahasa=xx"), None);
        assert_eq!(Locale::En.t("Dasbor"), "Dashboard");
        assert_eq!(Locale::Id.t("Dasbor"), "Dasbor");
        assert_eq!(Locale::En.t("teks yang tidak ada"), "teks yang tidak ada");
    }

    #[test]
    fn every_translation_is_listed_once() {
        for table in [ENGLISH, SINGULAR] {
            let mut seen = std::collections::HashSet::new();
            for (id, en) in table {
                assert!(seen.insert(*id), "{id} twice");
                assert!(!en.is_empty());
            }
        }
    }

    #[test]
    fn a_translation_keeps_the_places_of_its_values() {
        for (id, en) in ENGLISH.iter().chain(SINGULAR) {
            assert_eq!(id.matches("{}").count(), en.matches("{}").count(), "{id} → {en}");
        }
    }

    #[test]
    fn a_sentence_with_numbers_reads_the_same_in_indonesian_and_translates_in_english() {
        let summary = "{} aplikasi baru, {} baris baru, {} baris diubah, {} baris sudah ada.";
        assert_eq!(
            Locale::Id.fill(summary, &[&5, &41, &0, &0]),
            format!("{} aplikasi baru, {} baris baru, {} baris diubah, {} baris sudah ada.", 5, 41, 0, 0)
        );
        assert_eq!(
            Locale::En.fill(summary, &[&5, &41, &0, &0]),
            "5 new applications, 41 new rows, 0 rows changed, 0 rows already there."
        );
        // The values keep their order when the words around them move.
        let day = NaiveDate::from_ymd_opt(2025, 4, 22).unwrap();
        assert_eq!(
            Locale::En.fill("Pertemuan {} — {}", &[&Locale::En.long_date(day), &"SIRUP"]),
            "Meeting of 22 April 2025 — SIRUP"
        );
        assert_eq!(Locale::Id.fill("Aplikasi ({})", &[&5]), "Aplikasi (5)");
        assert_eq!(Locale::En.fill("Aplikasi ({})", &[&5]), "Applications (5)");
    }

    #[test]
    fn a_noun_is_singular_where_english_needs_it() {
        assert_eq!(Locale::En.t("Pertemuan"), "Meetings");
        assert_eq!(Locale::En.singular("Pertemuan"), "Meeting");
        assert_eq!(Locale::Id.singular("Pertemuan"), "Pertemuan");
        assert_eq!(Locale::En.short_month(5), "May");
        assert_eq!(Locale::Id.month_short(Month { year: 2025, month: 8 }), "Agu 2025");
    }

    /// A label that a domain type gives the pages has its English, so a new one is not left out.
    #[test]
    fn the_labels_of_the_domain_have_english() {
        use crate::application::ApplicationStatus;
        use crate::survey::Category;
        let same_in_english = ["Admin", "Kasi", "PIC", "Service Desk"];
        let mut labels: Vec<&'static str> = crate::account::Role::ALL.iter().map(|r| r.label()).collect();
        labels.extend(crate::step::Step::ALL.iter().flat_map(|s| [s.label(), s.actor()]));
        labels.extend(
            [ApplicationStatus::Berjalan, ApplicationStatus::Selesai, ApplicationStatus::Ditunda].map(|s| s.label()),
        );
        labels.extend([Category::A, Category::B, Category::C, Category::D].map(|c| c.label()));
        labels.extend(crate::survey::ELEMENTS.iter().map(|(_, label)| *label));
        labels.extend(crate::survey::SCALE.iter().map(|(_, text)| *text));
        labels.extend(crate::workflow::FEATURE_STATUSES.iter().map(|(_, label)| *label));
        use crate::reminder::Kind;
        labels.extend([Kind::MeetingTomorrow, Kind::AwaitingSignature, Kind::Idle].map(|k| k.label()));
        use crate::audit::Action;
        labels.extend([Action::Create, Action::Update, Action::Delete].map(|a| a.label()));
        for code in ["besar", "kosong", "terputus", "lain"] {
            labels.push(crate::pages::import::upload_problem(code));
        }
        for label in labels {
            assert!(
                Locale::En.t(label) != label || same_in_english.contains(&label),
                "\"{label}\" has no English in the table"
            );
        }
    }
}
