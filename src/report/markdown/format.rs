//! Text and number formatting for the Markdown report. Every string that came from an
//! account (names, reasons, error messages) passes through [`text`] or [`name`]: AWS lets
//! names hold Markdown and HTML metacharacters, and a report must not turn them into markup,
//! links, scripts or broken tables.

use crate::pricing::round_cents;

/// Longest name shown before it is cut with an ellipsis: past this a table stops being
/// readable, and no real naming scheme needs more to be recognised.
pub const NAME_MAX_CHARS: usize = 80;

/// Untrusted free text (reasons, details) in a table cell.
pub const CELL_TEXT_MAX_CHARS: usize = 240;

/// Untrusted free text in a paragraph: long enough for any message the analysis writes,
/// short enough that a pathological one cannot bury the report.
pub const PARAGRAPH_TEXT_MAX_CHARS: usize = 1_000;

/// One line of plain text: control characters and line breaks become spaces (a newline would
/// end a table row or a heading), bidirectional overrides are dropped (they can make a name
/// read as something else), and runs of whitespace collapse.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        if bidi {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

fn truncate(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(max_chars.saturating_sub(1)).collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// Backslash-escapes every character that CommonMark, GFM tables, GitHub math or raw HTML
/// could read as syntax. CommonMark lets any ASCII punctuation be escaped, so over-escaping is
/// harmless, while missing one character is not.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        let special = matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '|'
                | '#'
                | '~'
                | '!'
                | '&'
                | '$'
                | '{'
                | '}'
        );
        // A leading `-`, `+` or `=` starts a list or an underline; `1.` starts a list.
        let leading = i == 0 && matches!(c, '-' | '+' | '=');
        let list_number =
            matches!(c, '.' | ')') && i > 0 && s[..i].chars().all(|d| d.is_ascii_digit());
        if special || leading || list_number {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Untrusted text for a paragraph, heading or table cell, cut at `max_chars`.
pub fn text_max(s: &str, max_chars: usize) -> String {
    escape(&truncate(&one_line(s), max_chars))
}

/// Untrusted free text (a reason, an error message) for a paragraph.
pub fn text(s: &str) -> String {
    text_max(s, PARAGRAPH_TEXT_MAX_CHARS)
}

/// Untrusted free text for a table cell.
pub fn cell(s: &str) -> String {
    text_max(s, CELL_TEXT_MAX_CHARS)
}

/// A resource, account or region name.
pub fn name(s: &str) -> String {
    let shown = one_line(s);
    if shown.is_empty() {
        return "(unnamed)".to_owned();
    }
    text_max(&shown, NAME_MAX_CHARS)
}

/// Untrusted text inside raw HTML (a `<summary>` line): one line, cut at `max_chars`, with
/// the characters HTML reads as markup written as entities. Markdown escapes would show.
pub fn html(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for c in truncate(&one_line(s), max_chars).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The shortened one-line form of a name, unescaped, for contexts with their own escaping.
pub fn plain_name(s: &str, max_chars: usize) -> String {
    truncate(&one_line(s), max_chars)
}

/// `1234567` → `1,234,567`; `digits` must be ASCII digits only.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal string such as `-1234.50` with grouped thousands; `-0` and `-0.00` lose the sign.
fn grouped(formatted: &str) -> String {
    let (sign, body) = match formatted.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", formatted),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let zero = body.chars().all(|c| c == '0' || c == '.');
    let mut out = String::new();
    if !zero {
        out.push_str(sign);
    }
    out.push_str(&group(int));
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// Drops trailing zeros after a decimal point, and the point itself when nothing is left.
fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// US dollars to the cent: `$1,234.56`, `-$3.10`.
pub fn money(usd: f64) -> String {
    if !usd.is_finite() {
        return "n/a".to_owned();
    }
    let s = grouped(&format!("{:.2}", round_cents(usd)));
    match s.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${s}"),
    }
}

/// A rough one-off estimate, to the dollar: `$4,400`.
pub fn whole_money(usd: f64) -> String {
    if !usd.is_finite() {
        return "n/a".to_owned();
    }
    let s = grouped(&format!("{:.0}", usd));
    match s.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${s}"),
    }
}

/// A one-off amount that may be a fraction of a cent: to the cent, or "less than $0.01"
/// rather than a "$0.00" that would read as free.
pub fn money_or_under_a_cent(usd: f64) -> String {
    if usd > 0.0 && round_cents(usd) == 0.0 {
        "less than $0.01".to_owned()
    } else {
        money(usd)
    }
}

/// A count rounded to a whole number: `1,234,567`.
pub fn count(n: f64) -> String {
    if !n.is_finite() {
        return "n/a".to_owned();
    }
    grouped(&format!("{:.0}", n))
}

/// A billed quantity: whole numbers from 100 up, two decimals from 1, three significant
/// digits below (an idle ALB's LCU-hours are small but not nothing).
pub fn quantity(q: f64) -> String {
    if !q.is_finite() {
        return "n/a".to_owned();
    }
    let a = q.abs();
    if a >= 100.0 || a == 0.0 {
        count(q)
    } else if a >= 1.0 {
        grouped(trim_zeros(&format!("{:.2}", q)))
    } else {
        let decimals = significant_decimals(a, 3);
        grouped(trim_zeros(&format!("{:.*}", decimals, q)))
    }
}

/// Decimals that show `digits` significant digits of `a` (0 < a < 1), capped at 12.
fn significant_decimals(a: f64, digits: i32) -> usize {
    let magnitude = a.log10().floor() as i32;
    (digits - 1 - magnitude).clamp(0, 12) as usize
}

/// A price per unit: at least cents, four significant digits for fractions of a cent
/// (`$0.0225`), and per million units below a hundredth of a cent, where a reader would
/// otherwise count zeros (`$3.50 per million`).
pub fn unit_price(p: f64) -> String {
    if !p.is_finite() {
        return "n/a".to_owned();
    }
    if p != 0.0 && p.abs() < 0.000_1 {
        return format!("{} per million", dollars(p * 1e6));
    }
    dollars(p)
}

fn dollars(p: f64) -> String {
    let a = p.abs();
    let formatted = if a == 0.0 {
        "0.00".to_owned()
    } else if a >= 0.01 {
        let s = format!("{:.4}", p);
        let t = trim_zeros(&s);
        match t.split_once('.') {
            Some((_, f)) if f.len() >= 2 => t.to_owned(),
            _ => format!("{:.2}", p),
        }
    } else {
        trim_zeros(&format!("{:.*}", significant_decimals(a, 4), p)).to_owned()
    };
    let s = grouped(&formatted);
    match s.strip_prefix('-') {
        Some(rest) => format!("-${rest}"),
        None => format!("${s}"),
    }
}

/// Bytes in decimal units (AWS bills GB as 10^9 bytes): `12.3 GB`.
pub fn bytes(b: f64) -> String {
    if !b.is_finite() {
        return "n/a".to_owned();
    }
    const UNITS: [&str; 6] = ["bytes", "KB", "MB", "GB", "TB", "PB"];
    let mut v = b.max(0.0);
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} bytes", count(v))
    } else {
        format!("{} {}", trim_zeros(&format!("{:.1}", v)), UNITS[unit])
    }
}

/// A share as a percentage with one decimal: `12.5%`.
pub fn percent(part: f64, whole: f64) -> String {
    if whole <= 0.0 || !part.is_finite() || !whole.is_finite() {
        return "n/a".to_owned();
    }
    format!("{}%", trim_zeros(&format!("{:.1}", part / whole * 100.0)))
}

/// A multiple of today's volume: `0.45×`, `3.2×`, `1,250×`.
pub fn ratio(r: f64) -> String {
    if !r.is_finite() || r <= 0.0 {
        return "n/a".to_owned();
    }
    let s = if r >= 100.0 {
        count(r)
    } else if r >= 1.0 {
        trim_zeros(&format!("{:.1}", r)).to_owned()
    } else {
        trim_zeros(&format!("{:.*}", significant_decimals(r, 2), r)).to_owned()
    };
    format!("{s}×")
}

/// A count with its sign: `+1,234`, `-56`, `0`.
pub fn signed_count(n: f64) -> String {
    let s = count(n);
    if s == "0" || s.starts_with('-') || s == "n/a" {
        s
    } else {
        format!("+{s}")
    }
}

/// A short volume for chart labels: `950`, `12k`, `1.2M`, `3.4B`.
pub fn short_volume(v: f64) -> String {
    if !v.is_finite() {
        return "n/a".to_owned();
    }
    let a = v.abs();
    let (scaled, suffix) = if a >= 1e9 {
        (v / 1e9, "B")
    } else if a >= 1e6 {
        (v / 1e6, "M")
    } else if a >= 1e3 {
        (v / 1e3, "k")
    } else {
        (v, "")
    };
    let digits = if scaled.abs() >= 100.0 || suffix.is_empty() {
        0
    } else {
        1
    };
    format!("{}{suffix}", trim_zeros(&format!("{:.*}", digits, scaled)))
}

/// Column alignment of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A GFM pipe table. Cells are Markdown already escaped by the caller; the table itself only
/// guarantees its shape (every row as wide as the header, no line break inside a row).
/// Text columns are aligned left explicitly: unaligned headers render centred over
/// left-aligned text.
#[derive(Debug, Clone)]
pub struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(columns: &[(&str, Align)]) -> Table {
        Table {
            header: columns.iter().map(|(h, _)| (*h).to_owned()).collect(),
            align: columns.iter().map(|(_, a)| *a).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        assert_eq!(
            cells.len(),
            self.header.len(),
            "a report table row must have one cell per column"
        );
        self.rows.push(cells);
    }

    /// The same table without padding (`|a|b|`), for tables with a row per resource, where
    /// the spaces would be a sixth of a large report.
    pub fn render_compact(&self) -> String {
        let clean = |c: &str| c.replace(['\n', '\r'], " ");
        let mut out = String::new();
        let mut line = |cells: Vec<String>| {
            out.push('|');
            for c in cells {
                out.push_str(&c);
                out.push('|');
            }
            out.push('\n');
        };
        line(self.header.iter().map(|h| clean(h)).collect());
        line(
            self.align
                .iter()
                .map(|a| match a {
                    Align::Left => ":---".to_owned(),
                    Align::Right => "---:".to_owned(),
                })
                .collect(),
        );
        for row in &self.rows {
            line(row.iter().map(|c| clean(c)).collect());
        }
        out
    }

    pub fn render(&self) -> String {
        let clean = |c: &str| c.replace(['\n', '\r'], " ");
        let mut out = String::new();
        let line = |cells: &mut dyn Iterator<Item = String>, out: &mut String| {
            out.push('|');
            for c in cells {
                out.push(' ');
                out.push_str(&c);
                out.push_str(" |");
            }
            out.push('\n');
        };
        line(&mut self.header.iter().map(|h| clean(h)), &mut out);
        line(
            &mut self.align.iter().map(|a| match a {
                Align::Left => ":---".to_owned(),
                Align::Right => "---:".to_owned(),
            }),
            &mut out,
        );
        for row in &self.rows {
            line(&mut row.iter().map(|c| clean(c)), &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_cents_and_thousands() {
        assert_eq!(money(1234.5), "$1,234.50");
        assert_eq!(money(0.1 + 0.2), "$0.30");
        assert_eq!(money(1_234_567.891), "$1,234,567.89");
        assert_eq!(money(-3.1), "-$3.10");
        assert_eq!(money(-0.001), "$0.00");
        assert_eq!(money(1.005), "$1.01");
        assert_eq!(money(f64::NAN), "n/a");
        assert_eq!(money_or_under_a_cent(0.07124), "$0.07");
        assert_eq!(money_or_under_a_cent(0.005), "$0.01");
        assert_eq!(money_or_under_a_cent(0.00124), "less than $0.01");
        assert_eq!(money_or_under_a_cent(0.0), "$0.00");
    }

    #[test]
    fn counts_and_quantities_carry_no_float_noise() {
        assert_eq!(count(1_234_567.4), "1,234,567");
        assert_eq!(count(999.5), "1,000");
        assert_eq!(quantity(0.1 + 0.2), "0.3");
        assert_eq!(quantity(730.0), "730");
        assert_eq!(quantity(12.345_678), "12.35");
        assert_eq!(quantity(0.000_123_456), "0.000123");
        assert_eq!(quantity(2.0), "2");
    }

    #[test]
    fn unit_prices_keep_significant_digits() {
        assert_eq!(unit_price(0.0225), "$0.0225");
        assert_eq!(unit_price(0.02), "$0.02");
        assert_eq!(unit_price(0.000_003_5), "$3.50 per million");
        assert_eq!(unit_price(0.000_003_471_234_5), "$3.4712 per million");
        assert_eq!(unit_price(0.000_000_285), "$0.285 per million");
        assert_eq!(unit_price(0.0), "$0.00");
        assert_eq!(unit_price(0.005), "$0.005");
        assert_eq!(unit_price(0.000_8), "$0.0008");
    }

    #[test]
    fn bytes_percent_ratio_and_volumes() {
        assert_eq!(bytes(12_345_678_901.0), "12.3 GB");
        assert_eq!(bytes(512.0), "512 bytes");
        assert_eq!(percent(1.0, 8.0), "12.5%");
        assert_eq!(ratio(0.4567), "0.46×");
        assert_eq!(ratio(3.21), "3.2×");
        assert_eq!(ratio(1250.0), "1,250×");
        assert_eq!(short_volume(1_234_567.0), "1.2M");
        assert_eq!(short_volume(950.0), "950");
        assert_eq!(short_volume(250_000_000.0), "250M");
        assert_eq!(signed_count(12.4), "+12");
        assert_eq!(signed_count(-0.2), "0");
    }

    #[test]
    fn hostile_text_is_inert() {
        let shown = name("a|b <script>x</script> *c* _d_ [e](f) `g`\nh");
        assert_eq!(
            shown,
            r"a\|b \<script\>x\</script\> \*c\* \_d\_ \[e\](f) \`g\` h"
        );
        assert_eq!(text("# not a heading"), r"\# not a heading");
        assert_eq!(text("- not a list"), r"\- not a list");
        assert_eq!(text("1. not a list"), r"1\. not a list");
        assert_eq!(text("$5 and $6"), r"\$5 and \$6");
        assert_eq!(text("a\u{202E}b"), "ab");
        assert_eq!(name("  \n "), "(unnamed)");
    }

    #[test]
    fn long_names_end_with_an_ellipsis() {
        let long = "x".repeat(500);
        let shown = name(&long);
        assert_eq!(shown.chars().count(), NAME_MAX_CHARS);
        assert!(shown.ends_with('…'));
        // Cutting never splits a multi-byte character.
        let wide = "é".repeat(200);
        assert!(name(&wide).ends_with('…'));
    }

    #[test]
    fn tables_have_a_separator_and_even_rows() {
        let mut t = Table::new(&[("a", Align::Left), ("b", Align::Right)]);
        t.row(vec!["x".to_owned(), "".to_owned()]);
        assert_eq!(t.render(), "| a | b |\n| :--- | ---: |\n| x |  |\n");
    }
}
