//! "Reconciliation with the bill": the modelled total beside the billed one, then only the
//! lines that disagree, then what the reconciliation found. Written to be read in a minute.

use super::format::{
    cell, count, money, money_or_under_a_cent, name, quantity, text, Align, Table,
};
use super::{resource_ref, Doc};
use crate::analyze::reconcile::{Reconciliation, ReconciliationLine, Status};
use crate::analyze::Analysis;

/// Disagreeing lines shown before "and N more": the JSON and CSV have them all.
const SHOWN_LINES: usize = 25;

pub(super) fn section(doc: &mut Doc, a: &Analysis) {
    let Some(r) = &a.reconciliation else { return };
    doc.heading(2, "Reconciliation with the bill");
    doc.block(&summary(r));
    let mut off: Vec<&ReconciliationLine> = r
        .lines
        .iter()
        .filter(|l| l.status != Status::Matches)
        .collect();
    // Largest money first, account lines before resource lines of the same size.
    off.sort_by(|x, y| {
        let gap = |l: &ReconciliationLine| (l.modelled_usd - l.billed_unblended_usd).abs();
        gap(y)
            .total_cmp(&gap(x))
            .then_with(|| x.resource_id.is_some().cmp(&y.resource_id.is_some()))
            .then_with(|| x.usage_type.cmp(&y.usage_type))
    });
    let matching = r.lines.len() - off.len();
    if off.is_empty() {
        doc.block(&format!(
            "All {} compared line(s) match within {}% of the billed quantity.",
            count(r.lines.len() as f64),
            r.tolerance_percent
        ));
    } else {
        doc.block(&format!(
            "{} line(s) match within {}% of the billed quantity; these disagree (difference in percent of the billed quantity, so a discount is not a difference):",
            count(matching as f64),
            r.tolerance_percent
        ));
        let mut t = Table::new(&[
            ("Account", Align::Left),
            ("Region", Align::Left),
            ("Usage type", Align::Left),
            ("Resource", Align::Left),
            ("Modelled", Align::Right),
            ("Billed", Align::Right),
            ("Difference", Align::Right),
            ("Modelled cost", Align::Right),
            ("Billed cost", Align::Right),
            ("Status", Align::Left),
        ]);
        for l in off.iter().take(SHOWN_LINES) {
            t.row(vec![
                name(&l.account_id),
                name(&l.region),
                name(&l.usage_type),
                l.resource_id
                    .as_deref()
                    .map_or("account".to_owned(), |id| resource_ref(a, id)),
                quantity(l.modelled_quantity),
                quantity(l.billed_quantity),
                format!("{:+.1}%", l.difference_percent),
                money(l.modelled_usd),
                money(l.billed_unblended_usd),
                format!(
                    "{}{}",
                    l.status.as_str(),
                    if l.shared { " (shared)" } else { "" }
                ),
            ]);
        }
        doc.table(&t);
        if off.len() > SHOWN_LINES {
            doc.block(&format!(
                "…and {} more in the JSON and CSV reports.",
                count((off.len() - SHOWN_LINES) as f64)
            ));
        }
    }
    if !r.findings.is_empty() {
        doc.list(r.findings.iter().map(|f| {
            let about = f
                .resource_id
                .as_deref()
                .map(|id| format!(" ({})", resource_ref(a, id)))
                .unwrap_or_default();
            format!("**{}**{about}: {}", cell(&f.code), text(&f.detail))
        }));
    }
    if !r.prices_override.discount_percent.is_empty() {
        // Built by us from service codes and numbers: safe inside a code block.
        doc.block(&format!(
            "To price at the account's net rates, save this as a file and pass it with `--prices`:\n\n```json\n{}\n```",
            serde_json::to_string(&r.prices_override).expect("overrides serialise")
        ));
    }
}

fn summary(r: &Reconciliation) -> String {
    let t = &r.totals;
    let days = match (r.days_compared.first(), r.days_compared.last()) {
        (Some(first), Some(last)) => format!(
            "{} day(s) the bill covers, {first} to {last}",
            r.days_compared.len()
        ),
        _ => "no day (the bill covers none of the window's whole days)".to_owned(),
    };
    let mut s = format!(
        "Over {days}, from {}: modelled **{}**, billed **{}** unblended ({} net), a difference of **{:+.1}%**.",
        source_label(&r.source),
        money(t.modelled_usd),
        money(t.billed_unblended_usd),
        money(t.billed_net_usd),
        t.difference_percent
    );
    if !r.days_missing.is_empty() {
        s.push_str(&format!(
            " {} day(s) of the window are not billed yet and are left out.",
            r.days_missing.len()
        ));
    }
    if !r.days_estimated.is_empty() {
        s.push_str(&format!(
            " {} compared day(s) are estimated by AWS.",
            r.days_estimated.len()
        ));
    }
    if r.requests.count > 0 {
        s.push_str(&format!(
            " Reading the bill took {} Cost Explorer request(s), {}.",
            count(r.requests.count as f64),
            money_or_under_a_cent(r.requests.usd)
        ));
    }
    s
}

fn source_label(source: &str) -> &'static str {
    match source {
        "cost-explorer" => "Cost Explorer",
        "athena" => "the CUR table in Athena",
        _ => "the Data Exports export",
    }
}

#[cfg(test)]
mod tests {
    use crate::analyze::reconcile::tests::reconciled_analysis;

    #[test]
    fn the_section_gives_the_totals_then_only_the_lines_that_disagree() {
        let a = reconciled_analysis();
        let md = crate::report::render_markdown(&a);
        let section = md
            .split("## Reconciliation with the bill")
            .nth(1)
            .expect("the section is there")
            .split("\n## ")
            .next()
            .unwrap();
        let r = a.reconciliation.as_ref().unwrap();
        assert!(
            section.contains(&format!(
                "Over 3 day(s) the bill covers, 2026-11-01 to 2026-11-03, from the Data Exports export: modelled **{}**, billed **{}** unblended",
                super::money(r.totals.modelled_usd),
                super::money(r.totals.billed_unblended_usd)
            )),
            "{section}"
        );
        assert!(section.contains("1 day(s) of the window are not billed yet"));
        assert!(section.contains("1 compared day(s) are estimated"));
        assert!(section.contains("3 Cost Explorer request(s), $0.03"));
        // The ALB billed twice its LCUs is listed, by name; the one that matches is not.
        assert!(section.contains("| double |"), "{section}");
        assert!(!section.contains("| equal |"), "{section}");
        assert!(section.contains("-50.0%"));
        assert!(section.contains("billed-not-modelled"));
        assert!(section.contains("**lcu-ratio** (double)"));
        assert!(section.contains("**days-missing**"));
        assert!(
            section.contains(
                "```json\n{\"discount_percent\":{\"AWSELB\":10.0,\"AmazonApiGateway\":10.0}}\n```"
            ),
            "{section}"
        );
    }

    #[test]
    fn no_section_without_a_reconciliation() {
        let mut a = reconciled_analysis();
        a.reconciliation = None;
        assert!(!crate::report::render_markdown(&a).contains("Reconciliation with the bill"));
    }
}
