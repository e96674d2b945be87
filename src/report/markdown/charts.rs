//! Mermaid `xychart-beta` charts, which GitHub and GitLab render from a fenced block.
//!
//! Every figure plotted comes from the report itself, never from the price book: the report
//! may have been priced with another book, and a chart that disagrees with its own tables is
//! worse than none.

use super::format::plain_name;
use crate::analyze::{Alternative, ResourceAnalysis};
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

/// Slice colours in slice order (largest first), strong enough to tell apart on white;
/// Mermaid's default pie palette starts with pastels that all but vanish.
const PIE_FRONT_MATTER: &str = "---\nconfig:\n  themeVariables:\n    pie1: \"#0969da\"\n    pie2: \"#bc4c00\"\n    pie3: \"#1a7f37\"\n    pie4: \"#8250df\"\n    pie5: \"#bf8700\"\n    pie6: \"#cf222e\"\n    pie7: \"#57606a\"\n    pieStrokeColor: \"#ffffff\"\n    pieOuterStrokeColor: \"#ffffff\"\n    pieSectionTextColor: \"#ffffff\"\n---\n";

/// Slices of a pie before the rest is summed into one: more are unreadable.
const PIE_SLICES: usize = 7;

/// A pie of `(label, _, usd)` slices, largest first, the tail summed into "others"; None with
/// fewer than two slices worth drawing (a one-slice pie says less than the table beside it).
pub fn pie(title: &str, slices: &[(String, usize, f64)]) -> Option<String> {
    let mut positive: Vec<(&str, f64)> = slices
        .iter()
        .filter(|s| s.2 > 0.0)
        .map(|s| (s.0.as_str(), s.2))
        .collect();
    if positive.len() < 2 {
        return None;
    }
    positive.sort_by(|x, y| y.1.total_cmp(&x.1).then_with(|| x.0.cmp(y.0)));
    let mut lines = PIE_FRONT_MATTER.to_owned();
    lines.push_str(&format!("pie showData\n    title {}\n", label(title)));
    let shown = if positive.len() > PIE_SLICES {
        PIE_SLICES - 1
    } else {
        positive.len()
    };
    for (name, usd) in &positive[..shown] {
        lines.push_str(&format!("    \"{}\" : {}\n", label(name), number(*usd, 2)));
    }
    if positive.len() > shown {
        let rest: f64 = positive[shown..].iter().map(|s| s.1).sum();
        lines.push_str(&format!(
            "    \"{} others\" : {}\n",
            positive.len() - shown,
            number(rest, 2)
        ));
    }
    Some(lines)
}

/// Monthly cost against monthly volume, to scale: today's service as bars, the alternative
/// the crossover is computed against as a line, at the evenly spaced volumes the analysis
/// priced (`cost_by_volume`), from no traffic past today's volume and the crossover. None
/// without such points or where either side has an unpriced item.
pub fn cost_by_volume(
    r: &ResourceAnalysis,
    alt: &Alternative,
    current_label: &str,
    noun: &str,
) -> Option<String> {
    let points = &r.cost_by_volume;
    if points.len() < 2 || !r.current.unpriced.is_empty() || !alt.unpriced.is_empty() {
        return None;
    }
    let top_volume = points.last()?.requests_monthly;
    let (div, scale_words) = scale_for(top_volume);
    let current: Vec<f64> = points.iter().map(|p| p.current_monthly_usd).collect();
    let alternative: Vec<f64> = points.iter().map(|p| p.alternative_monthly_usd).collect();
    let max = current
        .iter()
        .chain(&alternative)
        .copied()
        .fold(0.0, f64::max);
    let title = label(&format!(
        "{}: cost by volume",
        plain_name(&r.name, TITLE_NAME_MAX_CHARS)
    ));
    // xychart has no legend: the y-axis title, drawn along the axis, carries it. A numeric
    // x-axis spreads the points evenly over its range, which is what they are.
    Some(format!(
        "{}xychart-beta\n    title \"{title}\"\n    x-axis \"{}\" 0 --> {}\n    y-axis \"{}\" 0 --> {}\n    bar {}\n    line {}\n",
        front_matter(COST_PALETTE),
        label(&format!("{noun} per month{scale_words}")),
        number(top_volume / div, 3),
        label(&format!(
            "USD per month: bars {current_label} today, line {}",
            alt.kind.label()
        )),
        number(nice_ceiling(max), 2),
        series(&current, 2),
        series(&alternative, 2)
    ))
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
