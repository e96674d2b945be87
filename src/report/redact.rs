//! Masking account ids in every output, for reports shared beyond the accounts' owners
//! (`--redact`). A renderer step: it applies to the rendered text of any format, and to the
//! snapshot written beside the reports.

use crate::analyze::Analysis;

/// Masks every account id in a rendered output, keeping the last four digits so that a reader
/// can still tell accounts apart.
pub fn redact(text: &str, analysis: &Analysis) -> String {
    let mut ids: Vec<&str> = analysis
        .account_ids
        .iter()
        .chain(analysis.resources.iter().map(|r| &r.account_id))
        .chain(
            analysis
                .scan
                .iter()
                .flat_map(|s| s.by_account_region.iter().map(|e| &e.account_id)),
        )
        .map(String::as_str)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = text.to_owned();
    for id in ids {
        if let Some(masked) = mask(id) {
            out = out.replace(id, &masked);
        }
    }
    out
}

/// All but the last four characters as `*`; `None` for ids too short to mask. Counts
/// characters, not bytes: the reader refuses ids that are not twelve digits, but a mask must
/// never be the thing that panics on one.
fn mask(id: &str) -> Option<String> {
    let chars = id.chars().count();
    let (cut, _) = id.char_indices().nth(chars.checked_sub(4)?)?;
    (chars > 4).then(|| format!("{}{}", "*".repeat(chars - 4), &id[cut..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::{self, Assumptions};
    use crate::model::MetricRequests;
    use crate::output;
    use crate::pricing::PriceBook;
    use crate::report::{self, Format};

    #[test]
    fn redaction_masks_the_accounts_of_the_scan_cost_too() {
        let mut snapshot = output::parse_snapshot(
            "minimal.json",
            include_bytes!("../../tests/data/minimal-snapshot.json"),
        )
        .unwrap();
        // An account that appears nowhere else, as a hand-merged snapshot could hold.
        snapshot.cloudwatch_requests = Some(vec![MetricRequests {
            account_id: "999988887777".to_owned(),
            region: "us-east-1".to_owned(),
            metrics_requested: 10,
            getmetricdata_calls: 1,
            batches: None,
        }]);
        let analysis = analyze::analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
        let json = report::render(&analysis, Format::Json);
        assert!(json.contains("999988887777"));
        let snap = String::from_utf8(output::snapshot_to_json(&snapshot)).unwrap();
        for text in [json, snap] {
            let masked = redact(&text, &analysis);
            assert!(!masked.contains("999988887777"), "{masked}");
            assert!(masked.contains("********7777"));
        }
    }

    #[test]
    fn masks_count_characters_not_bytes() {
        assert_eq!(mask("123456789012").as_deref(), Some("********9012"));
        assert_eq!(mask("ééééééé9012").as_deref(), Some("*******9012"));
        assert_eq!(mask("1234"), None);
        assert_eq!(mask(""), None);
    }
}
