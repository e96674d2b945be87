//! Mermaid `xychart-beta` charts, which GitHub and GitLab render from a fenced block.
//!
//! Every figure plotted comes from the report itself, never from the price book: the report
//! may have been priced with another book, and a chart that disagrees with its own tables is
//! worse than none.

use super::format::{plain_name, short_volume};
use crate::analyze::{range_scales, Alternative, Line, ResourceAnalysis};
use crate::model::Window;

/// Longest resource name inside a chart title: Mermaid draws the chart 700 px wide and cuts a
/// longer title rather than wrap it.
const TITLE_NAME_MAX_CHARS: usize = 32;

/// Front matter with the plot colours, in plot order. Mermaid's default palette starts with
/// a lavender that all but vanishes on white; front matter is read by every Mermaid release
/// that has xychart (10.5 and later), GitHub's and GitLab's included.
fn front_matter(palette: &str) -> String {
    format!("---\nconfig:\n  themeVariables:\n    xyChart:\n      plotColorPalette: \"{palette}\"\n---\n")
}

/// A strong blue for the one line of a daily chart.
const DAILY_PALETTE: &str = "#0969da";

/// Light blue bars (today's service) under a dark orange line (the alternative), told apart
/// by shade as well as hue.
const COST_PALETTE: &str = "#80ccff, #bc4c00";

/// Text Mermaid can take inside a double-quoted label. Its grammar has no escape for `"`, and
/// some renderers read `<`, `#` or `;` as markup or entity syntax, so anything outside a
/// conservative set becomes a space.
pub fn label(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric()
                || matches!(
                    c,
                    ' ' | '-'
                        | '_'
                        | '.'
                        | ','
                        | ':'
                        | '/'
                        | '('
                        | ')'
                        | '+'
                        | '%'
                        | '\''
                        | '='
                        | '…'
                )
            {
                c
            } else {
                ' '
            }
        })
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number as Mermaid data: plain decimal, at most `decimals` places, no exponent.
fn number(v: f64, decimals: usize) -> String {
    let v = if v.is_finite() { v.max(0.0) } else { 0.0 };
    let s = format!("{:.*}", decimals, v);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" {
        "0".to_owned()
    } else {
        s
    }
}

fn series(values: &[f64], decimals: usize) -> String {
    let items: Vec<String> = values.iter().map(|v| number(*v, decimals)).collect();
    format!("[{}]", items.join(", "))
}

/// The divisor and axis wording that keep tick labels short.
fn scale_for(max: f64) -> (f64, &'static str) {
    if max >= 10e9 {
        (1e9, " (billions)")
    } else if max >= 10e6 {
        (1e6, " (millions)")
    } else if max >= 10e3 {
        (1e3, " (thousands)")
    } else {
        (1.0, "")
    }
}

/// Daily requests (messages) over the window, oldest first; None under two days, or when
/// every day is zero (a flat line at zero says less than the sentence that replaces it).
pub fn daily_requests(r: &ResourceAnalysis, window: &Window, noun: &str) -> Option<String> {
    let days = &r.usage.daily_requests;
    let max = days.iter().copied().fold(0.0, f64::max);
    if days.len() < 2 || max <= 0.0 {
        return None;
    }
    let (div, scale_words) = scale_for(max);
    let scaled: Vec<f64> = days.iter().map(|d| d / div).collect();
    let first = window.start.format("%Y-%m-%d");
    let last = (window.start + chrono::TimeDelta::days(days.len() as i64 - 1)).format("%Y-%m-%d");
    let title = label(&format!(
        "{}: {noun} per day",
        plain_name(&r.name, TITLE_NAME_MAX_CHARS)
    ));
    let decimals = if div > 1.0 { 2 } else { 0 };
    // Whole counts get whole ticks: a day of 3 requests should not draw an axis in tenths.
    let top = nice_ceiling(scaled.iter().copied().fold(0.0, f64::max)).max(if div > 1.0 {
        0.0
    } else {
        10.0
    });
    Some(format!(
        "{}xychart-beta\n    title \"{title}\"\n    x-axis \"{}\" 1 --> {}\n    y-axis \"{}\" 0 --> {}\n    line {}\n",
        front_matter(DAILY_PALETTE),
        label(&format!("day, {first} to {last}")),
        days.len(),
        label(&format!("{noun} per day{scale_words}")),
        number(top, 2),
        series(&scaled, decimals)
    ))
}

/// How one side's monthly cost moves with traffic, from its priced lines alone.
struct CostShape {
    /// Charges that do not depend on traffic (hours, addresses, trust stores, cache).
    fixed: f64,
    /// Traffic-driven charges at a flat unit price (LCU-hours, connection minutes), which
    /// scale exactly with volume.
    flat: f64,
    /// Whether some traffic-driven line is tiered (API Gateway requests and messages): its
    /// average unit price changes with volume, so only the priced volumes are exact.
    tiered: bool,
}

fn shape(lines: &[Line]) -> Option<CostShape> {
    let mut s = CostShape {
        fixed: 0.0,
        flat: 0.0,
        tiered: false,
    };
    for l in lines {
        let usd = l.quantity * l.unit_price_usd;
        match l.unit.as_str() {
            "hour" | "address-hour" | "trust-store-hour" => s.fixed += usd,
            "LCU-hour" | "connection-minute" => s.flat += usd,
            "request" | "message" => s.tiered = true,
            // A unit this chart does not know could be either; better no chart than a wrong one.
            _ => return None,
        }
    }
    Some(s)
}

impl CostShape {
    /// Cost at `k` × today's traffic, where the lines determine it exactly.
    fn at(&self, k: f64) -> Option<f64> {
        if k == 0.0 {
            Some(self.fixed)
        } else if self.tiered {
            None
        } else {
            Some(self.fixed + self.flat * k)
        }
    }
}

/// A chart of monthly cost against monthly volume for today's service (bars) and the best
/// alternative (line), with the caption that says what its points are.
pub struct CostChart {
    pub mermaid: String,
    pub points: Vec<String>,
    pub crossover_plotted: bool,
}

/// Plots only volumes at which both costs are known exactly from the report: no traffic
/// (fixed charges), the 10th/90th-percentile days (the alternative's range, when today's
/// cost scales linearly), today, and the crossover (where both cost what the side without
/// tiered prices costs). Straight segments between points are drawn by Mermaid, not priced.
pub fn cost_vs_volume(
    r: &ResourceAnalysis,
    alt: &Alternative,
    current_label: &str,
    alt_label: &str,
    noun: &str,
) -> Option<CostChart> {
    let today = r.usage.requests_monthly;
    if today <= 0.0 || !r.current.unpriced.is_empty() || !alt.unpriced.is_empty() {
        return None;
    }
    let cur = shape(&r.current.lines)?;
    let other = shape(&alt.lines)?;
    let (k_low, k_high) = range_scales(&r.usage.daily_requests);
    let k_cross = r
        .crossover
        .as_ref()
        .filter(|c| c.against == alt.kind)
        .and_then(|c| c.requests_monthly)
        .map(|x| x / today)
        .filter(|k| k.is_finite() && *k > 0.0);

    let mut points: Vec<(f64, &str, f64, f64)> = Vec::new();
    let mut push = |k: f64, what: &'static str, c: Option<f64>, a: Option<f64>| {
        if let (Some(c), Some(a)) = (c, a) {
            if !points
                .iter()
                .any(|(pk, ..)| (pk - k).abs() <= 1e-9 * k.max(1.0))
            {
                points.push((k, what, c, a));
            }
        }
    };
    push(0.0, "none", cur.at(0.0), other.at(0.0));
    push(
        1.0,
        "today",
        Some(r.current.monthly_usd),
        Some(alt.monthly_usd),
    );
    push(k_low, "p10 day", cur.at(k_low), Some(alt.low_monthly_usd));
    push(
        k_high,
        "p90 day",
        cur.at(k_high),
        Some(alt.high_monthly_usd),
    );
    let mut crossover_plotted = false;
    if let Some(k) = k_cross {
        // At the crossover both cost the same, so the side priced linearly gives the value.
        let v = cur.at(k).or_else(|| other.at(k));
        if v.is_some() {
            crossover_plotted = true;
        }
        push(k, "crossover", v, v);
    }
    if points.len() < 2 {
        return None;
    }
    points.sort_by(|x, y| x.0.total_cmp(&y.0));

    let categories: Vec<String> = points
        .iter()
        .map(|(k, what, ..)| {
            let v = short_volume(k * today);
            let text = if *what == "none" {
                "0".to_owned()
            } else {
                format!("{what} {v}")
            };
            format!("\"{}\"", label(&text))
        })
        .collect();
    let current: Vec<f64> = points.iter().map(|p| p.2).collect();
    let alternative: Vec<f64> = points.iter().map(|p| p.3).collect();
    let max = current
        .iter()
        .chain(&alternative)
        .copied()
        .fold(0.0, f64::max);
    let title = label(&format!(
        "{}: cost by volume",
        plain_name(&r.name, TITLE_NAME_MAX_CHARS)
    ));
    // xychart has no legend: the y-axis title, drawn along the axis, carries it.
    let mermaid = format!(
        "{}xychart-beta\n    title \"{title}\"\n    x-axis \"{}\" [{}]\n    y-axis \"{}\" 0 --> {}\n    bar {}\n    line {}\n",
        front_matter(COST_PALETTE),
        label(&format!("{noun} per month (points not to scale)")),
        categories.join(", "),
        label(&format!("USD per month: bars {current_label} today, line {alt_label}")),
        number(nice_ceiling(max), 2),
        series(&current, 2),
        series(&alternative, 2)
    );
    Some(CostChart {
        mermaid,
        points: points.iter().map(|p| p.1.to_owned()).collect(),
        crossover_plotted,
    })
}

/// The y-axis top: a round number at least 5% above the largest value, so nothing is drawn
/// against the chart's edge.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 || !max.is_finite() {
        return 1.0;
    }
    let base = 10f64.powf(max.log10().floor());
    for m in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * base >= max * 1.05 {
            return m * base;
        }
    }
    15.0 * base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_drop_what_mermaid_could_misread() {
        assert_eq!(
            label("pay|ments <script>alert(\"x\")</script> #1; `a`"),
            "pay ments script alert( x ) /script 1 a"
        );
        assert_eq!(label("line\nbreak"), "line break");
    }

    #[test]
    fn numbers_are_plain_decimals() {
        assert_eq!(number(0.1 + 0.2, 2), "0.3");
        assert_eq!(number(1e21, 0), "1000000000000000000000");
        assert_eq!(number(f64::NAN, 2), "0");
        assert_eq!(series(&[1.0, 2.5], 2), "[1, 2.5]");
    }

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_ceiling(16.43), 20.0);
        assert_eq!(nice_ceiling(19.5), 25.0);
        assert_eq!(nice_ceiling(96.0), 150.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }
}
