//! Downloads: the monthly KPI report as XLSX (numbers as numbers, dates as dates) and as PDF
//! (typst, with the fonts compiled into the binary: nothing is fetched at run time).

#![cfg(feature = "ssr")]

use crate::error::AppError;
use crate::kpi::KpiReport;
use crate::survey::format_index;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
use std::sync::OnceLock;
use typst_as_lib::typst_kit_options::TypstKitFontOptions;
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

/// A description of the filters, for the report's heading.
pub fn scope_line(report: &KpiReport) -> String {
    let f = &report.filter;
    let mut parts = Vec::new();
    if let Some(a) = f.agency.and_then(|id| report.agencies.iter().find(|a| a.id == id)) {
        parts.push(format!("OPD: {}", a.name));
    }
    if let Some(v) = f.vendor.and_then(|id| report.vendor_options.iter().find(|v| v.id == id)) {
        parts.push(format!("Pihak ketiga: {}", v.name));
    }
    if let Some((_, name)) = f.application.and_then(|id| report.applications.iter().find(|(a, _)| *a == id)) {
        parts.push(format!("Aplikasi: {name}"));
    }
    if parts.is_empty() {
        "Semua aplikasi yang dapat Anda lihat.".into()
    } else {
        parts.join(" · ")
    }
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::internal("xlsx", e)
}

/// The month's report as a workbook: the SOP table, the year by month, the vendors.
pub fn kpi_xlsx(report: &KpiReport) -> Result<Vec<u8>, AppError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_background_color("D9E2EC").set_border(FormatBorder::Thin).set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top);
    // Text a user typed: the quote prefix keeps a leading = + - @ from being read as a formula.
    let typed = cell.clone().set_quote_prefix();
    let number = Format::new().set_border(FormatBorder::Thin).set_num_format("0");
    let decimal = Format::new().set_border(FormatBorder::Thin).set_num_format("0.00");
    let month_format = Format::new().set_border(FormatBorder::Thin).set_num_format("mmmm yyyy");
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let month = report.filter.chosen_month();
    let chosen = report.chosen();

    let sheet = book.add_worksheet();
    sheet.set_name("KPI").map_err(xlsx_error)?;
    sheet.set_column_width(0, 42).map_err(xlsx_error)?;
    sheet.set_column_width(1, 48).map_err(xlsx_error)?;
    sheet.set_column_width(2, 12).map_err(xlsx_error)?;
    sheet.set_column_width(3, 14).map_err(xlsx_error)?;
    sheet
        .write_with_format(0, 0, "Dinas Komunikasi dan Informatika Pemerintah Kota Madiun", &bold)
        .map_err(xlsx_error)?;
    sheet
        .write_with_format(
            1,
            0,
            "LAPORAN INDIKATOR KINERJA PENDAMPINGAN PEMBUATAN APLIKASI (SOP-DINKOMINFO-012)",
            &bold,
        )
        .map_err(xlsx_error)?;
    sheet.write(2, 0, "Bulan").map_err(xlsx_error)?;
    let first = ExcelDateTime::from_ymd(month.year as u16, month.month as u8, 1).map_err(xlsx_error)?;
    sheet.write_datetime_with_format(2, 1, &first, &Format::new().set_num_format("mmmm yyyy")).map_err(xlsx_error)?;
    sheet.write(3, 0, "Cakupan").map_err(xlsx_error)?;
    sheet.write(3, 1, scope_line(report)).map_err(xlsx_error)?;
    let today = crate::date::today_wib();
    sheet.write(4, 0, "Dibuat").map_err(xlsx_error)?;
    let made = ExcelDateTime::from_ymd(
        today.format("%Y").to_string().parse().unwrap_or(2025),
        today.format("%m").to_string().parse().unwrap_or(1),
        today.format("%d").to_string().parse().unwrap_or(1),
    )
    .map_err(xlsx_error)?;
    sheet.write_datetime_with_format(4, 1, &made, &date_format).map_err(xlsx_error)?;

    for (c, title) in ["Tujuan", "Indikator", "Target", "Realisasi"].iter().enumerate() {
        sheet.write_with_format(6, c as u16, *title, &head).map_err(xlsx_error)?;
    }
    let goal = "Setiap aplikasi yang dibuat oleh pihak ketiga sesuai dengan kebutuhan OPD";
    sheet.merge_range(7, 0, 8, 0, goal, &cell).map_err(xlsx_error)?;
    sheet
        .write_with_format(7, 1, "Jumlah pertemuan dengan OPD dan pihak ketiga selama pembuatan aplikasi", &cell)
        .map_err(xlsx_error)?;
    sheet
        .write_with_format(8, 1, "Kepuasan OPD terhadap kinerja pihak ketiga (indeks 25–100)", &cell)
        .map_err(xlsx_error)?;
    match chosen.and_then(|m| m.target_meetings) {
        Some(t) => sheet.write_number_with_format(7, 2, t as f64, &number).map_err(xlsx_error)?,
        None => sheet.write_with_format(7, 2, "–", &cell).map_err(xlsx_error)?,
    };
    sheet
        .write_number_with_format(7, 3, chosen.map(|m| m.meetings).unwrap_or(0) as f64, &number)
        .map_err(xlsx_error)?;
    match chosen.and_then(|m| m.target_index) {
        Some(t) => sheet.write_number_with_format(8, 2, t, &decimal).map_err(xlsx_error)?,
        None => sheet.write_with_format(8, 2, "–", &cell).map_err(xlsx_error)?,
    };
    match chosen.and_then(|m| m.index) {
        Some(v) => sheet.write_number_with_format(8, 3, (v * 100.0).round() / 100.0, &decimal).map_err(xlsx_error)?,
        None => sheet.write_with_format(8, 3, "–", &cell).map_err(xlsx_error)?,
    };

    let months = book.add_worksheet();
    months.set_name(format!("Per bulan {}", report.filter.year)).map_err(xlsx_error)?;
    for (c, (title, width)) in [
        ("Bulan", 16.0),
        ("Pertemuan", 11.0),
        ("Target pertemuan", 16.0),
        ("Indeks", 9.0),
        ("Kategori", 16.0),
        ("Responden", 11.0),
        ("Target indeks", 13.0),
    ]
    .iter()
    .enumerate()
    {
        months.write_with_format(0, c as u16, *title, &head).map_err(xlsx_error)?;
        months.set_column_width(c as u16, *width).map_err(xlsx_error)?;
    }
    for (i, m) in report.months.iter().enumerate() {
        let r = i as u32 + 1;
        let day = ExcelDateTime::from_ymd(m.month.year as u16, m.month.month as u8, 1).map_err(xlsx_error)?;
        months.write_datetime_with_format(r, 0, &day, &month_format).map_err(xlsx_error)?;
        months.write_number_with_format(r, 1, m.meetings as f64, &number).map_err(xlsx_error)?;
        if let Some(t) = m.target_meetings {
            months.write_number_with_format(r, 2, t as f64, &number).map_err(xlsx_error)?;
        }
        if let Some(v) = m.index {
            months.write_number_with_format(r, 3, (v * 100.0).round() / 100.0, &decimal).map_err(xlsx_error)?;
        }
        months.write_with_format(r, 4, m.category.map(|c| c.label()).unwrap_or("–"), &cell).map_err(xlsx_error)?;
        months.write_number_with_format(r, 5, m.responses as f64, &number).map_err(xlsx_error)?;
        if let Some(t) = m.target_index {
            months.write_number_with_format(r, 6, t, &decimal).map_err(xlsx_error)?;
        }
    }

    let vendors = book.add_worksheet();
    vendors.set_name("Pihak ketiga").map_err(xlsx_error)?;
    for (c, (title, width)) in
        [("Pihak Ketiga", 34.0), ("Indeks", 9.0), ("Kategori", 16.0), ("Responden", 11.0), ("Pertemuan", 11.0)]
            .iter()
            .enumerate()
    {
        vendors.write_with_format(0, c as u16, *title, &head).map_err(xlsx_error)?;
        vendors.set_column_width(c as u16, *width).map_err(xlsx_error)?;
    }
    for (i, v) in report.vendors.iter().enumerate() {
        let r = i as u32 + 1;
        vendors.write_string_with_format(r, 0, &v.name, &typed).map_err(xlsx_error)?;
        if let Some(x) = v.index {
            vendors.write_number_with_format(r, 1, (x * 100.0).round() / 100.0, &decimal).map_err(xlsx_error)?;
        }
        vendors.write_with_format(r, 2, v.category.map(|c| c.label()).unwrap_or("–"), &cell).map_err(xlsx_error)?;
        vendors.write_number_with_format(r, 3, v.responses as f64, &number).map_err(xlsx_error)?;
        vendors.write_number_with_format(r, 4, v.meetings as f64, &number).map_err(xlsx_error)?;
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// The engine with a template and the fonts shipped in the binary; made once.
pub fn engine(template: &'static str) -> TypstEngine<TypstTemplateMainFile> {
    TypstEngine::builder()
        .main_file(template)
        .search_fonts_with(TypstKitFontOptions::default().include_system_fonts(false).include_embedded_fonts(true))
        .build()
}

/// Renders a template with its data (JSON in `sys.inputs.data`) to PDF.
pub fn render_pdf(engine: &TypstEngine<TypstTemplateMainFile>, data: &serde_json::Value) -> Result<Vec<u8>, AppError> {
    use typst::foundations::{Dict, IntoValue};
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let doc: typst_layout::PagedDocument =
        engine.compile_with_input(inputs).output.map_err(|e| AppError::internal("typst", format!("{e:?}")))?;
    typst_pdf::pdf(&doc, &Default::default()).map_err(|e| AppError::internal("pdf", format!("{e:?}")))
}

/// The month's report as PDF.
pub fn kpi_pdf(report: &KpiReport) -> Result<Vec<u8>, AppError> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    let engine = ENGINE.get_or_init(|| engine(include_str!("../templates/kpi.typ")));
    let chosen = report.chosen();
    let text = |v: Option<String>| v.unwrap_or_else(|| "–".into());
    let data = serde_json::json!({
        "month_label": report.filter.chosen_month().label_long(),
        "year": report.filter.year.to_string(),
        "scope": scope_line(report),
        "meetings": chosen.map(|m| m.meetings).unwrap_or(0).to_string(),
        "target_meetings": text(chosen.and_then(|m| m.target_meetings).map(|t| t.to_string())),
        "index": format_index(chosen.and_then(|m| m.index)),
        "category": chosen.and_then(|m| m.category).map(|c| c.letter()).unwrap_or(""),
        "target_index": format_index(chosen.and_then(|m| m.target_index)),
        "months": report.months.iter().map(|m| serde_json::json!({
            "month": m.month.label_long(),
            "meetings": m.meetings.to_string(),
            "target": text(m.target_meetings.map(|t| t.to_string())),
            "index": format_index(m.index),
            "category": m.category.map(|c| c.label()).unwrap_or("–"),
            "responses": m.responses.to_string(),
        })).collect::<Vec<_>>(),
        "vendors": report.vendors.iter().map(|v| serde_json::json!({
            "name": v.name,
            "index": format_index(v.index),
            "category": v.category.map(|c| c.label()).unwrap_or("–"),
            "responses": v.responses.to_string(),
            "meetings": v.meetings.to_string(),
        })).collect::<Vec<_>>(),
        "generated": crate::date::format_instant(chrono::Utc::now()),
    });
    render_pdf(engine, &data)
}
