//! The bar chart of meetings per month, drawn as SVG so that it renders on the server.

use crate::dashboard::MonthCount;
use leptos::prelude::*;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 36.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 16.0;

/// A round axis maximum at or above `max`, so the grid lines fall on whole numbers.
pub fn axis_max(max: i64) -> i64 {
    match max {
        i64::MIN..=4 => 4,
        5..=10 => 10,
        n => {
            let step = 10_i64.pow((n as f64).log10().floor() as u32);
            let half = step / 2;
            ((n + half - 1) / half).max(1) * half
        }
    }
}

#[component]
pub fn MeetingsChart(data: Vec<MonthCount>, #[prop(into)] title: String) -> impl IntoView {
    let l = crate::locale::use_locale();
    let max = axis_max(data.iter().map(|d| d.meetings).max().unwrap_or(0));
    let plot_h = HEIGHT - TOP - BOTTOM;
    let slot = (WIDTH - LEFT) / data.len().max(1) as f64;
    let bar_w = slot * 0.6;
    let y = move |v: i64| TOP + plot_h - plot_h * v as f64 / max as f64;
    let total: i64 = data.iter().map(|d| d.meetings).sum();
    let months =
        data.iter().map(|d| format!("{} {}", l.month_short(d.month), d.meetings)).collect::<Vec<_>>().join(", ");
    let description = l.fill("{} pertemuan dalam {} bulan: {}", &[&total, &data.len(), &months]);
    let grid = (0..=4)
        .map(|i| {
            let value = max * i / 4;
            let gy = y(value);
            view! {
                <line x1=LEFT x2=WIDTH y1=gy y2=gy class="grid" />
                <text x=LEFT - 6.0 y=gy + 4.0 class="axis" text-anchor="end">
                    {value}
                </text>
            }
        })
        .collect_view();
    let bars = data
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
            let top = y(d.meetings);
            let label = l.fill("{}: {} pertemuan", &[&l.month(d.month), &d.meetings]);
            let key = format!("{}-{:02}", d.month.year, d.month.month);
            view! {
                <g data-test="chart-bar" data-month=key data-count=d.meetings>
                    <title>{label}</title>
                    <rect x=x y=top width=bar_w height=TOP + plot_h - top class="bar" />
                    <text x=x + bar_w / 2.0 y=top - 4.0 class="value" text-anchor="middle">
                        {(d.meetings > 0).then_some(d.meetings)}
                    </text>
                    <text x=x + bar_w / 2.0 y=HEIGHT - BOTTOM + 16.0 class="axis" text-anchor="middle">
                        {l.short_month(d.month.month)}
                    </text>
                    <text x=x + bar_w / 2.0 y=HEIGHT - BOTTOM + 30.0 class="axis year" text-anchor="middle">
                        {(i == 0 || d.month.month == 1).then(|| d.month.year.to_string())}
                    </text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption id="grafik-judul">{title}</figcaption>
            <svg
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                aria-labelledby="grafik-judul grafik-desk"
                preserveAspectRatio="xMidYMid meet"
            >
                <desc id="grafik-desk">{description}</desc>
                {grid}
                {bars}
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::axis_max;

    #[test]
    fn the_axis_ends_on_a_round_number_above_the_tallest_bar() {
        assert_eq!(axis_max(0), 4);
        assert_eq!(axis_max(3), 4);
        assert_eq!(axis_max(7), 10);
        assert_eq!(axis_max(11), 15);
        assert_eq!(axis_max(42), 45);
        assert_eq!(axis_max(420), 450);
        assert_eq!(axis_max(1000), 1000);
    }
}
