//! One row per resource × alternative (a resource without alternatives gets one row), RFC 4180.

use crate::analyze::{Analysis, Impact, ResourceAnalysis};

const HEADER: [&str; 25] = [
    "account_id",
    "region",
    "kind",
    "id",
    "name",
    "requests_monthly",
    "current_monthly_usd",
    "alternative",
    "alternative_monthly_usd",
    "alternative_low_monthly_usd",
    "alternative_high_monthly_usd",
    "alternative_savings_monthly_usd",
    "blockers",
    "workarounds",
    "action",
    "target",
    "recommended_savings_monthly_usd",
    "reason",
    "unpriced",
    "alternative_effort_days_low",
    "alternative_effort_days_high",
    "alternative_one_off_usd",
    "alternative_payback_months",
    "recommended_one_off_usd",
    "recommended_payback_months",
];

pub fn render(analysis: &Analysis) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    for r in &analysis.resources {
        if r.alternatives.is_empty() {
            w.write_record(row(r, None)).expect("writing to memory");
        }
        for i in 0..r.alternatives.len() {
            w.write_record(row(r, Some(i))).expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("flushing memory")).expect("CSV of UTF-8 text")
}

fn row(r: &ResourceAnalysis, alt: Option<usize>) -> Vec<String> {
    let money = |v: f64| format!("{v:.2}");
    let alt = alt.map(|i| &r.alternatives[i]);
    let effort = alt.and_then(|a| a.effort.as_ref());
    let num = |v: f64| format!("{v}");
    let codes = |impact: Impact| {
        alt.map(|a| {
            a.gaps
                .iter()
                .filter(|g| g.impact == impact)
                .map(|g| g.feature.as_str())
                .collect::<Vec<_>>()
                .join(";")
        })
        .unwrap_or_default()
    };
    let mut unpriced: Vec<&str> = r.current.unpriced.iter().map(|i| i.name()).collect();
    if let Some(a) = alt {
        unpriced.extend(a.unpriced.iter().map(|i| i.name()));
    }
    vec![
        text(&r.account_id),
        text(&r.region),
        r.kind.as_str().to_owned(),
        text(&r.id),
        text(&r.name),
        format!("{}", r.usage.requests_monthly.round()),
        money(r.current.monthly_usd),
        alt.map(|a| a.kind.as_str().to_owned()).unwrap_or_default(),
        alt.map(|a| money(a.monthly_usd)).unwrap_or_default(),
        alt.map(|a| money(a.low_monthly_usd)).unwrap_or_default(),
        alt.map(|a| money(a.high_monthly_usd)).unwrap_or_default(),
        alt.map(|a| money(r.current.monthly_usd - a.monthly_usd))
            .unwrap_or_default(),
        codes(Impact::Blocker),
        codes(Impact::Workaround),
        r.recommendation.action.as_str().to_owned(),
        r.recommendation
            .target
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        money(r.recommendation.savings_monthly_usd),
        text(&r.recommendation.reason),
        text(&unpriced.join(";")),
        effort.map(|e| num(e.days_low)).unwrap_or_default(),
        effort.map(|e| num(e.days_high)).unwrap_or_default(),
        effort.map(|e| money(e.one_off_usd)).unwrap_or_default(),
        effort
            .and_then(|e| e.payback_months)
            .map(num)
            .unwrap_or_default(),
        r.recommendation.one_off_usd.map(money).unwrap_or_default(),
        r.recommendation.payback_months.map(num).unwrap_or_default(),
    ]
}

/// Text from the account (names, reasons) may start with a character a spreadsheet takes for
/// a formula; a leading apostrophe keeps it text. Numbers are written by us and left alone.
pub(super) fn text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formula_like_text_is_neutralised() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("-1"), "'-1");
        assert_eq!(text("@cmd"), "'@cmd");
        assert_eq!(text("api"), "api");
    }
}
