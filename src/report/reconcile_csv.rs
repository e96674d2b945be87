//! The reconciliation as CSV (RFC 4180): one row per compared line, account lines (empty
//! `resource_id`) and resource lines alike, under the JSON names.

use crate::analyze::reconcile::Reconciliation;

const HEADER: [&str; 13] = [
    "account_id",
    "region",
    "usage_type",
    "resource_id",
    "modelled_quantity",
    "modelled_usd",
    "billed_quantity",
    "billed_unblended_usd",
    "billed_net_usd",
    "difference_percent",
    "status",
    "shared",
    "source",
];

pub fn render(r: &Reconciliation) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(HEADER).expect("writing to memory");
    for l in &r.lines {
        w.write_record([
            super::csv::text(&l.account_id),
            super::csv::text(&l.region),
            super::csv::text(&l.usage_type),
            super::csv::text(l.resource_id.as_deref().unwrap_or_default()),
            format!("{}", l.modelled_quantity),
            format!("{:.2}", l.modelled_usd),
            format!("{}", l.billed_quantity),
            format!("{:.2}", l.billed_unblended_usd),
            format!("{:.2}", l.billed_net_usd),
            format!("{:.2}", l.difference_percent),
            l.status.as_str().to_owned(),
            l.shared.to_string(),
            r.source.clone(),
        ])
        .expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("flushing memory")).expect("CSV of UTF-8 text")
}

#[cfg(test)]
mod tests {
    use crate::analyze::reconcile::tests::{alb_arn, reconciled_analysis};

    #[test]
    fn one_row_per_line_under_the_json_names() {
        let a = reconciled_analysis();
        let text = crate::report::render_reconciliation_csv(&a).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(
            header[..4],
            ["account_id", "region", "usage_type", "resource_id"]
        );
        let records: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
        assert_eq!(
            records.len(),
            a.reconciliation.as_ref().unwrap().lines.len()
        );
        let double = records
            .iter()
            .find(|r| &r[2] == "LCUUsage" && r[3] == alb_arn("double"))
            .unwrap();
        assert_eq!(
            (&double[4], &double[6], &double[9], &double[10]),
            ("72", "144", "-50.00", "model-low")
        );
        assert!(text.ends_with("\r\n"));
    }
}
