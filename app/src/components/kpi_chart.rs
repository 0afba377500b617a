//! The KPI charts, drawn as SVG so that they render on the server: meetings per month with the
//! target line, and the satisfaction index per month over the A–D bands.

use crate::components::chart::axis_max;
use crate::kpi::MonthKpi;
use crate::locale::Locale;
use crate::survey::Category;
use leptos::prelude::*;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 260.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 30.0;
const TOP: f64 = 16.0;

fn slot(n: usize) -> f64 {
    (WIDTH - LEFT) / n.max(1) as f64
}

fn month_labels(l: Locale, months: &[MonthKpi]) -> impl IntoView {
    let s = slot(months.len());
    months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            view! {
                <text x=LEFT + s * i as f64 + s / 2.0 y=HEIGHT - 10.0 class="axis" text-anchor="middle">
                    {l.short_month(m.month.month)}
                </text>
            }
        })
        .collect_view()
}

/// Meetings per month as bars, the target as a line of dashes over each month.
#[component]
pub fn MeetingsTargetChart(months: Vec<MonthKpi>, #[prop(into)] title: String) -> impl IntoView {
    let l = crate::locale::use_locale();
    let top = months.iter().map(|m| m.meetings.max(m.target_meetings.unwrap_or(0))).max().unwrap_or(0);
    let max = axis_max(top);
    let plot = HEIGHT - TOP - BOTTOM;
    let y = move |v: i64| TOP + plot - plot * v as f64 / max as f64;
    let s = slot(months.len());
    let grid = (0..=4)
        .map(|i| {
            let v = max * i / 4;
            view! {
                <line x1=LEFT x2=WIDTH y1=y(v) y2=y(v) class="grid" />
                <text x=LEFT - 6.0 y=y(v) + 4.0 class="axis" text-anchor="end">
                    {v}
                </text>
            }
        })
        .collect_view();
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let x = LEFT + s * i as f64 + s * 0.2;
            let w = s * 0.6;
            let key = format!("{}-{:02}", m.month.year, m.month.month);
            let target = m.target_meetings.map(|t| {
                view! { <line x1=x - s * 0.1 x2=x + w + s * 0.1 y1=y(t) y2=y(t) class="target" /> }
            });
            view! {
                <g data-test="kpi-bar" data-month=key data-count=m.meetings>
                    <title>
                        {l.fill(
                            "{}: {} pertemuan{}",
                            &[
                                &l.month(m.month),
                                &m.meetings,
                                &m.target_meetings.map(|t| l.fill(", target {}", &[&t])).unwrap_or_default(),
                            ],
                        )}
                    </title>
                    <rect x=x y=y(m.meetings) width=w height=TOP + plot - y(m.meetings) class="bar" />
                    {target}
                    <text x=x + w / 2.0 y=y(m.meetings) - 4.0 class="value" text-anchor="middle">
                        {(m.meetings > 0).then_some(m.meetings)}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=l.t("Grafik batang jumlah pertemuan per bulan dengan garis target")>
                {grid}
                {bars}
                {month_labels(l, &months)}
            </svg>
            <p class="legend">
                <span class="key bar-key"></span>
                {format!(" {} ", l.t("pertemuan"))}
                <span class="key target-key"></span>
                {format!(" {}", l.t("target"))}
            </p>
        </figure>
    }
}

/// The index per month as a line over the bands of the four categories.
#[component]
pub fn IndexChart(months: Vec<MonthKpi>, #[prop(into)] title: String) -> impl IntoView {
    let l = crate::locale::use_locale();
    let plot = HEIGHT - TOP - BOTTOM;
    let y = move |v: f64| TOP + plot - plot * (v - 25.0) / 75.0;
    let s = slot(months.len());
    let bands = [
        (Category::D, 25.0, 65.0),
        (Category::C, 65.0, 76.61),
        (Category::B, 76.61, 88.31),
        (Category::A, 88.31, 100.0),
    ]
    .into_iter()
    .map(|(c, low, high)| {
        view! {
            <rect x=LEFT y=y(high) width=WIDTH - LEFT height=y(low) - y(high) class=format!("band band-{}", c.letter())>
                <title>{format!("{} ({low:.2}–{high:.2})", l.t(c.label()))}</title>
            </rect>
            <text x=WIDTH - 4.0 y=y(high) + 14.0 class="band-label" text-anchor="end">
                {c.letter()}
            </text>
        }
    })
    .collect_view();
    let ticks = [25.0, 50.0, 75.0, 100.0]
        .into_iter()
        .map(|v| {
            view! {
                <text x=LEFT - 6.0 y=y(v) + 4.0 class="axis" text-anchor="end">
                    {format!("{v:.0}")}
                </text>
            }
        })
        .collect_view();
    let points: Vec<(f64, f64, &MonthKpi)> = months
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.index.map(|v| (LEFT + s * i as f64 + s / 2.0, y(v), m)))
        .collect();
    let line = points.iter().map(|(x, y, _)| format!("{x:.1},{y:.1}")).collect::<Vec<_>>().join(" ");
    let marks = points
        .iter()
        .map(|(x, yy, m)| {
            let v = m.index.unwrap_or_default();
            let key = format!("{}-{:02}", m.month.year, m.month.month);
            view! {
                <g data-test="kpi-point" data-month=key data-index=format!("{v:.2}")>
                    <title>{l.fill("{}: indeks {}, {} responden", &[&l.month(m.month), &format!("{v:.2}"), &m.responses])}</title>
                    <circle cx=*x cy=*yy r="4" class="point" />
                    <text x=*x y=*yy - 8.0 class="value" text-anchor="middle">
                        {format!("{v:.1}")}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=l.t("Grafik garis indeks kepuasan per bulan dengan pita kategori A sampai D")>
                {bands}
                {ticks}
                <polyline points=line class="index-line" />
                {marks}
                {month_labels(l, &months)}
            </svg>
        </figure>
    }
}
