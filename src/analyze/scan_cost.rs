//! The scan's own cost: every metric a scan asks GetMetricData for is billed at the rate of
//! the region it was asked in. A region without a rate stays unpriced; another region's price
//! is never borrowed.

use super::types::{ScanCost, ScanCostEntry};
use crate::model::MetricRequests;
use crate::pricing::{tiered_cost, Item, PriceBook};

/// Prices the GetMetricData requests a snapshot records, per account and region.
/// `cloudwatch_usd` counts each metric of a batch once; where the snapshot records its
/// batches, `cloudwatch_usd_high` is the same scan if every NextToken page billed its batch's
/// metrics again (AWS is silent on it), so the report can give the range.
pub fn price_scan(requests: &[MetricRequests], book: &PriceBook) -> ScanCost {
    let mut scan = ScanCost::default();
    let mut usd = 0.0;
    let combined = MetricRequests::combined(requests.iter().cloned());
    let mut high: Option<(u64, f64)> =
        (!combined.is_empty() && combined.iter().all(|r| r.batches.is_some())).then_some((0, 0.0));
    for r in combined {
        scan.metrics_requested = scan.metrics_requested.saturating_add(r.metrics_requested);
        scan.getmetricdata_calls = scan
            .getmetricdata_calls
            .saturating_add(r.getmetricdata_calls);
        let metrics = r.metrics_requested as f64;
        let priced = book
            .price(&r.region, Item::CloudWatchGetMetricDataMetric)
            .map(|price| {
                let cost = tiered_cost(&price.tiers, 0.0, metrics);
                let per_metric = if metrics > 0.0 {
                    cost / metrics
                } else {
                    price.tiers[0].usd
                };
                (per_metric, cost)
            });
        match priced {
            Some((_, cost)) => usd += cost,
            // Nothing requested costs nothing, priced or not.
            None if r.metrics_requested > 0 && !scan.unpriced_regions.contains(&r.region) => {
                scan.unpriced_regions.push(r.region.clone())
            }
            None => {}
        }
        let metrics_high = r.metrics_if_billed_per_page();
        let usd_high = metrics_high.and_then(|m| {
            book.price(&r.region, Item::CloudWatchGetMetricDataMetric)
                .map(|price| tiered_cost(&price.tiers, 0.0, m as f64))
        });
        if let (Some((m, u)), Some(mh)) = (high.as_mut(), metrics_high) {
            *m = m.saturating_add(mh);
            *u += usd_high.unwrap_or(0.0);
        }
        scan.by_account_region.push(ScanCostEntry {
            account_id: r.account_id,
            region: r.region,
            metrics_requested: r.metrics_requested,
            getmetricdata_calls: r.getmetricdata_calls,
            usd_per_metric: priced.map(|(rate, _)| rate),
            cloudwatch_usd: priced.map(|(_, cost)| micro_dollars(cost)),
            metrics_requested_high: metrics_high,
            cloudwatch_usd_high: usd_high.map(micro_dollars),
        });
    }
    scan.unpriced_regions.sort();
    scan.cloudwatch_usd = micro_dollars(usd);
    if let Some((m, u)) = high {
        scan.metrics_requested_high = Some(m);
        scan.cloudwatch_usd_high = Some(micro_dollars(u));
    }
    scan
}

/// A millionth of a dollar keeps a single metric's price exact and drops binary float noise.
fn micro_dollars(usd: f64) -> f64 {
    (usd * 1e6).round() / 1e6
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv"));

    /// The region's GetMetricData rate, read from the CSV line itself rather than through the
    /// price book under test.
    fn csv_rate(region: &str) -> f64 {
        let rows: Vec<f64> = CSV
            .lines()
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|f| f[0] == region && f[2] == "cloudwatch_getmetricdata_metric")
            .map(|f| {
                assert_eq!(
                    (f[1], f[3], f[5], f[6]),
                    ("AmazonCloudWatch", "metric", "0", "")
                );
                f[4].parse().unwrap()
            })
            .collect();
        assert_eq!(rows.len(), 1, "one untiered row for {region}");
        rows[0]
    }

    #[test]
    fn each_region_is_priced_at_its_own_rate() {
        let (us, sa) = (csv_rate("us-east-1"), csv_rate("sa-east-1"));
        assert!(sa > us, "São Paulo is dearer: {sa} vs {us}");
        let scan = price_scan(
            &[
                MetricRequests::new("111111111111", "us-east-1", 7_000, 14),
                MetricRequests::new("111111111111", "sa-east-1", 3_500, 8),
                MetricRequests::new("222222222222", "us-east-1", 124, 1),
            ],
            &PriceBook::embedded(),
        );
        let want = 7_124.0 * us + 3_500.0 * sa;
        assert!((scan.cloudwatch_usd - want).abs() < 1e-9, "{scan:?}");
        assert_eq!(scan.metrics_requested, 10_624);
        assert_eq!(scan.getmetricdata_calls, 23);
        assert!(scan.unpriced_regions.is_empty());
        let sa_entry = scan
            .by_account_region
            .iter()
            .find(|e| e.region == "sa-east-1")
            .unwrap();
        assert_eq!(sa_entry.usd_per_metric, Some(sa));
        assert!((sa_entry.cloudwatch_usd.unwrap() - 3_500.0 * sa).abs() < 1e-9);
        assert_eq!(scan.by_account_region.len(), 3);
    }

    #[test]
    fn a_region_without_a_rate_is_unpriced_not_borrowed() {
        let us = csv_rate("us-east-1");
        let scan = price_scan(
            &[
                MetricRequests::new("111111111111", "us-east-1", 1_000, 2),
                MetricRequests::new("111111111111", "us-gov-west-1", 5_000, 10),
                MetricRequests::new("111111111111", "eu-nowhere-1", 0, 0),
            ],
            &PriceBook::embedded(),
        );
        assert_eq!(scan.unpriced_regions, vec!["us-gov-west-1"]);
        assert!((scan.cloudwatch_usd - 1_000.0 * us).abs() < 1e-9);
        assert_eq!(scan.metrics_requested, 6_000);
        let gov = scan
            .by_account_region
            .iter()
            .find(|e| e.region == "us-gov-west-1")
            .unwrap();
        assert_eq!((gov.usd_per_metric, gov.cloudwatch_usd), (None, None));
    }

    #[test]
    fn a_private_rate_replaces_the_list_price() {
        let overrides = crate::pricing::Overrides::from_json(
            r#"{"discount_percent": {"AmazonCloudWatch": 50}}"#,
            "o.json",
        )
        .unwrap();
        let book = PriceBook::embedded().apply(&overrides).unwrap();
        let scan = price_scan(&[MetricRequests::new("1", "us-east-1", 10_000, 20)], &book);
        assert!((scan.cloudwatch_usd - 10_000.0 * csv_rate("us-east-1") / 2.0).abs() < 1e-9);
    }

    #[test]
    fn further_pages_give_the_high_bound_when_the_batches_are_recorded() {
        let us = csv_rate("us-east-1");
        let batches = |b: Vec<(u64, u64)>| {
            Some(
                b.into_iter()
                    .map(|(metrics, pages)| crate::model::BatchPages { metrics, pages })
                    .collect(),
            )
        };
        // 500 metrics over 3 pages and 200 over 1: 700 requested, 1,700 if pages re-bill.
        let scan = price_scan(
            &[MetricRequests {
                batches: batches(vec![(500, 3), (200, 1)]),
                ..MetricRequests::new("111111111111", "us-east-1", 700, 4)
            }],
            &PriceBook::embedded(),
        );
        assert!((scan.cloudwatch_usd - 700.0 * us).abs() < 1e-9);
        assert_eq!(scan.metrics_requested_high, Some(1_700));
        assert!((scan.cloudwatch_usd_high.unwrap() - 1_700.0 * us).abs() < 1e-9);
        assert_eq!(
            scan.by_account_region[0].metrics_requested_high,
            Some(1_700)
        );
        // One pair without recorded batches leaves the total's high bound unknown.
        let partial = price_scan(
            &[
                MetricRequests {
                    batches: batches(vec![(500, 3)]),
                    ..MetricRequests::new("111111111111", "us-east-1", 500, 3)
                },
                MetricRequests::new("111111111111", "eu-west-1", 10, 1),
            ],
            &PriceBook::embedded(),
        );
        assert_eq!(
            (partial.metrics_requested_high, partial.cloudwatch_usd_high),
            (None, None)
        );
    }

    #[test]
    fn nothing_requested_costs_nothing() {
        let scan = price_scan(&[], &PriceBook::embedded());
        assert_eq!(scan, ScanCost::default());
    }
}
