//! The appendix: methodology and assumptions, data quality, coverage and the scan's own cost.

use super::*;

pub(super) fn methodology(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Methodology and assumptions");
    doc.block("Costs are on-demand list prices in USD per month, computed from each resource's hourly CloudWatch usage over the window. Every estimate rests on these assumptions; each alternative in the resource details lists the ones specific to it.");
    doc.list(a.assumptions.iter().map(|s| text(s)));
    doc.block(&format!(
        "Charts are drawn for at most {CHARTED_RESOURCES} detailed resources whose recommendation is not to keep them, largest saving first. A cost-by-volume chart prices today's service and its main alternative at evenly spaced monthly volumes, from none to past twice today's and the crossover, with the same bills as the figures above (API Gateway tiers included); its volume axis is to scale, and the straight segments between the priced volumes are drawn, not priced."
    ));
}

pub(super) fn data_quality(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Data quality");
    if a.data_quality.is_empty() {
        doc.block("No data-quality issue was found: every figure comes from complete series.");
        return;
    }
    let names = &doc.names;
    let resources = |n: &DataNote| -> String {
        let mut shown: Vec<String> = n
            .resources
            .iter()
            .take(LISTED_NAMES)
            .map(|id| names.by_id(id))
            .collect();
        if n.resources.len() > LISTED_NAMES {
            shown.push(format!(
                "and {} more",
                count((n.resources.len() - LISTED_NAMES) as f64)
            ));
        }
        shown.join(", ")
    };
    let mut t = Table::new(&[
        ("Note", Align::Left),
        ("Account", Align::Left),
        ("Region", Align::Left),
        ("Resources", Align::Left),
        ("Detail", Align::Left),
    ]);
    let mut notes: Vec<&DataNote> = a.data_quality.iter().collect();
    notes.sort();
    for n in notes.iter().take(LISTED_ROWS) {
        t.row(vec![
            n.code.title().to_owned(),
            name(&n.account_id),
            name(&n.region),
            resources(n),
            cell(&n.detail),
        ]);
    }
    if notes.len() > LISTED_ROWS {
        let mut per_code: BTreeMap<crate::model::NoteCode, (usize, usize)> = BTreeMap::new();
        for n in &notes {
            let e = per_code.entry(n.code).or_default();
            e.0 += 1;
            e.1 += n.resources.len();
        }
        let mut summary = Table::new(&[
            ("Note", Align::Left),
            ("Notes", Align::Right),
            ("Resources", Align::Right),
        ]);
        for (code, (n, r)) in per_code {
            summary.row(vec![
                code.title().to_owned(),
                count(n as f64),
                count(r as f64),
            ]);
        }
        doc.table(&summary);
        doc.block(&format!(
            "<details><summary>The first {LISTED_ROWS} of {} notes (the JSON report holds them all)</summary>",
            count(notes.len() as f64)
        ));
        doc.table(&t);
        doc.block("</details>");
    } else {
        doc.table(&t);
    }
}

/// Rows of a list of notes or failed calls before the rest is left to the JSON report.
pub(super) const LISTED_ROWS: usize = 20;

/// Resources named in one note before the rest are counted.
pub(super) const LISTED_NAMES: usize = 10;

pub(super) fn coverage(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Coverage");
    let regions: Vec<String> = a.coverage.regions.iter().map(|r| name(r)).collect();
    doc.block(&format!(
        "Regions read: {}.",
        if regions.is_empty() {
            "none".to_owned()
        } else {
            regions.join(", ")
        }
    ));
    doc.block(&scan_cost(a.scan.as_ref()));
    if a.coverage.gaps.is_empty() {
        doc.block("Every call succeeded: the inventory and the metrics are complete.");
        return;
    }
    doc.block(&format!(
        "{} call(s) could not be completed; what they would have read is missing from this report:",
        count(a.coverage.gaps.len() as f64)
    ));
    let mut t = Table::new(&[
        ("Account", Align::Left),
        ("Region", Align::Left),
        ("Service", Align::Left),
        ("Operation", Align::Left),
        ("Error", Align::Left),
        ("Detail", Align::Left),
    ]);
    for g in a.coverage.gaps.iter().take(LISTED_ROWS) {
        let mut detail = cell(&g.message);
        if let Some(id) = &g.resource {
            let shown = doc.names.by_id(id);
            detail = if g.message.is_empty() {
                format!("resource {shown}")
            } else {
                format!("{detail} (resource {shown})")
            };
        }
        t.row(vec![
            name(&g.account_id),
            name(&g.region),
            name(&g.service),
            name(&g.operation),
            name(&g.error),
            detail,
        ]);
    }
    doc.table(&t);
    if a.coverage.gaps.len() > LISTED_ROWS {
        doc.block(&format!(
            "The first {LISTED_ROWS} are listed; the JSON report holds all {}.",
            count(a.coverage.gaps.len() as f64)
        ));
    }
}

/// The scan's own CloudWatch cost in one sentence, plus what it leaves out.
pub(super) fn scan_cost(scan: Option<&ScanCost>) -> String {
    let Some(scan) = scan else {
        return "The snapshot does not record how many metrics the scan requested from CloudWatch (it was written by an earlier crossover, or merged with such a snapshot), so the scan's own CloudWatch cost is not known.".to_owned();
    };
    if scan.metrics_requested == 0 {
        return "The scan requested no metric from CloudWatch GetMetricData, so reading the usage cost nothing.".to_owned();
    }
    let plural = |n: u64, one: &str, many: &str| {
        format!("{} {}", count(n as f64), if n == 1 { one } else { many })
    };
    let mut out = format!(
        "The scan itself cost {} in CloudWatch charges, once ({} requested from GetMetricData in {}, priced at each region's rate); it is not part of the monthly figures.",
        money_or_under_a_cent(scan.cloudwatch_usd),
        plural(scan.metrics_requested, "metric", "metrics"),
        plural(scan.getmetricdata_calls, "call", "calls")
    );
    if let (Some(high_usd), Some(high_metrics)) =
        (scan.cloudwatch_usd_high, scan.metrics_requested_high)
    {
        if high_metrics > scan.metrics_requested {
            out.push_str(&format!(
                " Some answers took more than one NextToken page, and AWS does not say whether a further page bills its batch's metrics again: if it does, the scan cost {} ({}), so the range is {} to {}.",
                money_or_under_a_cent(high_usd),
                plural(high_metrics, "metric", "metrics"),
                money_or_under_a_cent(scan.cloudwatch_usd),
                money_or_under_a_cent(high_usd)
            ));
        }
    }
    if !scan.unpriced_regions.is_empty() {
        let unpriced = scan.unpriced_metrics();
        let regions: Vec<String> = scan.unpriced_regions.iter().map(|r| name(r)).collect();
        out.push_str(&format!(
            " The price book has no GetMetricData rate for {}, so the {} requested there {} left out.",
            regions.join(", "),
            plural(unpriced, "metric", "metrics"),
            if unpriced == 1 { "is" } else { "are" }
        ));
    }
    out
}
