use std::collections::BTreeSet;

use chrono::{NaiveDate, TimeDelta};

use super::*;
use crate::analyze::{analyze, Assumptions};
use crate::bill::{Aggregator, BillSource, Line as BillLine};
use crate::pricing::PriceBook;

#[path = "fixture.rs"]
mod fixture;
pub use fixture::{alb_arn, two_albs, ACCOUNT};

pub fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// The bill of [`two_albs`] for 1–3 November: hours as modelled, LCU-hours equal to the
/// ConsumedLCUs Sum for one ALB and twice it for the other, a REST API crossover did not
/// read, and an NLB that must not count (its lines are left out by the reader's filter).
pub fn bill_lines() -> Vec<(NaiveDate, &'static str, String, f64, f64)> {
    let mut out = Vec::new();
    for d in 1..=3 {
        for (name, lcu) in [("equal", 24.0), ("double", 48.0)] {
            out.push((
                day(d),
                "LoadBalancerUsage",
                alb_arn(name),
                24.0,
                24.0 * 0.0225,
            ));
            out.push((day(d), "LCUUsage", alb_arn(name), lcu, lcu * 0.008));
        }
        out.push((
            day(d),
            "USE1-ApiGatewayRequest",
            "arn:aws:apigateway:us-east-1::/restapis/unread123/stages/prod".to_owned(),
            1000.0,
            0.0035,
        ));
    }
    out
}

fn bill(discount: f64) -> Bill {
    let mut agg = Aggregator::default();
    for (d, ut, resource, q, usd) in bill_lines() {
        agg.add(BillLine {
            day: d,
            account_id: ACCOUNT,
            usage_type: ut,
            resource_id: Some(&resource),
            quantity: q,
            unblended_usd: usd,
            net_usd: usd * (1.0 - discount),
        });
    }
    agg.finish(BillSource::Cur, true)
}

fn run(bill: &Bill) -> Reconciliation {
    let snapshot = two_albs();
    let analysis = analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
    reconcile(&snapshot, &analysis, bill)
}

fn line<'a>(
    r: &'a Reconciliation,
    usage_type: &str,
    resource: Option<&str>,
) -> &'a ReconciliationLine {
    r.lines
        .iter()
        .find(|l| l.usage_type == usage_type && l.resource_id.as_deref() == resource)
        .unwrap_or_else(|| panic!("no line {usage_type} {resource:?} in {:#?}", r.lines))
}

#[test]
fn equal_lcus_match_double_lcus_read_model_low_by_half_with_the_ratio_finding() {
    let r = run(&bill(0.0));
    assert_eq!(r.days_compared, vec![day(1), day(2), day(3)]);
    assert_eq!(r.days_missing, vec![day(4)]);

    let equal = line(&r, "LCUUsage", Some(&alb_arn("equal")));
    assert_eq!(
        (equal.modelled_quantity, equal.billed_quantity),
        (72.0, 72.0)
    );
    assert_eq!(equal.status, Status::Matches);
    let double = line(&r, "LCUUsage", Some(&alb_arn("double")));
    assert_eq!(
        (double.modelled_quantity, double.billed_quantity),
        (72.0, 144.0)
    );
    assert_eq!(double.status, Status::ModelLow);
    assert_eq!(double.difference_percent, -50.0);

    let ratio: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == "lcu-ratio")
        .collect();
    assert_eq!(ratio.len(), 1, "{:#?}", r.findings);
    assert_eq!(
        ratio[0].resource_id.as_deref(),
        Some(alb_arn("double").as_str())
    );
    assert!(ratio[0].detail.contains("2.00×"), "{}", ratio[0].detail);

    // The account's line adds both ALBs up.
    let account = line(&r, "LCUUsage", None);
    assert_eq!(
        (account.modelled_quantity, account.billed_quantity),
        (144.0, 216.0)
    );
    assert_eq!(account.status, Status::ModelLow);
    let hours = line(&r, "LoadBalancerUsage", None);
    assert_eq!(
        (hours.modelled_quantity, hours.billed_quantity),
        (144.0, 144.0)
    );
    assert_eq!(hours.status, Status::Matches);
    // Costed at the embedded us-east-1 list prices: 144 ALB-hours × $0.0225, LCUs × $0.008.
    assert_eq!(hours.modelled_usd, 3.24);
    assert_eq!(account.modelled_usd, 1.15);
}

#[test]
fn a_billed_usage_type_the_model_does_not_price_is_billed_not_modelled() {
    let r = run(&bill(0.0));
    let rest = line(&r, "USE1-ApiGatewayRequest", None);
    assert_eq!(rest.status, Status::BilledNotModelled);
    assert_eq!(rest.billed_quantity, 3000.0);
    assert_eq!(rest.modelled_quantity, 0.0);
    assert_eq!(rest.difference_percent, -100.0);
    // Per resource too, under the API id the stage ARN names.
    let by_resource = line(
        &r,
        "USE1-ApiGatewayRequest",
        Some("arn:aws:apigateway:us-east-1::/restapis/unread123/stages/prod"),
    );
    assert_eq!(by_resource.status, Status::BilledNotModelled);
}

#[test]
fn a_day_the_bill_does_not_cover_is_named_and_never_a_difference() {
    let r = run(&bill(0.0));
    let missing = r
        .findings
        .iter()
        .find(|f| f.code == "days-missing")
        .unwrap();
    assert!(missing.detail.contains("2026-11-04"), "{}", missing.detail);
    // Modelled figures are for the three covered days only: 72 hours per ALB, not 96.
    assert_eq!(
        line(&r, "LoadBalancerUsage", Some(&alb_arn("equal"))).modelled_quantity,
        72.0
    );
    // Totals compare like with like.
    let t = &r.totals;
    assert_eq!(
        t.billed_unblended_usd,
        round_cents(144.0 * 0.0225 + 216.0 * 0.008 + 3.0 * 0.0035)
    );
    assert_eq!(t.modelled_usd, round_cents(144.0 * 0.0225 + 144.0 * 0.008));
    assert!(t.difference_percent < 0.0);
}

#[test]
fn a_window_that_starts_mid_day_compares_only_whole_days() {
    let mut snapshot = two_albs();
    // Start at 06:00: 1 November is then only partly in the window.
    snapshot.window.start += TimeDelta::hours(6);
    snapshot.window.hours -= 6;
    for r in &mut snapshot.resources {
        for s in &mut r.usage.series {
            s.hourly = s.hourly.to_vec().split_off(6).into();
        }
    }
    let analysis = analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
    let r = reconcile(&snapshot, &analysis, &bill(0.0));
    assert_eq!(r.days_compared, vec![day(2), day(3)]);
    assert_eq!(r.days_missing, vec![day(4)]);
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "partial-days" && f.detail.contains("2026-11-01")));
    assert_eq!(
        line(&r, "LoadBalancerUsage", Some(&alb_arn("equal"))).modelled_quantity,
        48.0
    );
    assert_eq!(
        line(&r, "LoadBalancerUsage", Some(&alb_arn("equal"))).billed_quantity,
        48.0
    );
}

#[test]
fn discounts_are_reported_with_the_overrides_that_reproduce_them() {
    let r = run(&bill(0.1));
    let elb = r.discounts.iter().find(|d| d.service == "AWSELB").unwrap();
    assert_eq!(elb.discount_percent, 10.0);
    assert_eq!(
        r.prices_override.discount_percent.get("AWSELB"),
        Some(&10.0)
    );
    assert_eq!(
        r.prices_override.discount_percent.get("AmazonApiGateway"),
        Some(&10.0)
    );
    let f = r.findings.iter().find(|f| f.code == "discount").unwrap();
    assert!(
        f.detail
            .contains(r#"{"discount_percent":{"AWSELB":10.0,"AmazonApiGateway":10.0}}"#),
        "{}",
        f.detail
    );
    // The overrides are a valid --prices file and give the net figures.
    let text = serde_json::to_string(&r.prices_override).unwrap();
    let book = crate::pricing::load_prices_file("override.json", &text).unwrap();
    let snapshot = two_albs();
    let analysis = analyze(&snapshot, &book, &Assumptions::default());
    let again = reconcile(&snapshot, &analysis, &bill(0.1));
    let hours = line(&again, "LoadBalancerUsage", None);
    assert_eq!(hours.modelled_usd, hours.billed_net_usd);
    // Quantities, not costs, decide the status: a discount is no model error.
    assert_eq!(line(&r, "LoadBalancerUsage", None).status, Status::Matches);
}

#[test]
fn modelled_but_not_billed_and_estimated_days() {
    let mut b = bill(0.0);
    b.rows.retain(|r| r.usage_type != "LoadBalancerUsage");
    b.resource_rows
        .retain(|r| r.usage_type != "LoadBalancerUsage");
    b.estimated_days = BTreeSet::from([day(3), day(4)]);
    let r = run(&b);
    assert_eq!(
        line(&r, "LoadBalancerUsage", None).status,
        Status::ModelledNotBilled
    );
    assert_eq!(
        line(&r, "LoadBalancerUsage", None).difference_percent,
        100.0
    );
    assert_eq!(r.days_estimated, vec![day(3)]);
    assert!(r.findings.iter().any(|f| f.code == "estimated-days"));
}

#[test]
fn rows_outside_the_snapshots_accounts_and_regions_are_not_compared() {
    let mut agg = Aggregator::default();
    for (d, ut, _, q, usd) in bill_lines() {
        agg.add(BillLine {
            day: d,
            account_id: ACCOUNT,
            usage_type: ut,
            resource_id: None,
            quantity: q,
            unblended_usd: usd,
            net_usd: usd,
        });
    }
    agg.add(BillLine {
        day: day(1),
        account_id: "999999999999",
        usage_type: "LCUUsage",
        resource_id: None,
        quantity: 5.0,
        unblended_usd: 0.04,
        net_usd: 0.04,
    });
    agg.add(BillLine {
        day: day(1),
        account_id: ACCOUNT,
        usage_type: "EU-LCUUsage",
        resource_id: None,
        quantity: 5.0,
        unblended_usd: 0.04,
        net_usd: 0.04,
    });
    let r = run(&agg.finish(BillSource::CostExplorer, false));
    assert!(r
        .findings
        .iter()
        .any(|f| f.code == "outside-snapshot" && f.detail.starts_with("2 billed")));
    assert!(r
        .lines
        .iter()
        .all(|l| l.region == "us-east-1" && l.account_id == ACCOUNT));
    // No resource-level data: no per-resource lines and no ratio finding.
    assert!(r.lines.iter().all(|l| l.resource_id.is_none()));
    assert!(!r.findings.iter().any(|f| f.code == "lcu-ratio"));
}

#[test]
fn tolerance_and_negligible_differences() {
    assert_eq!(difference_percent(101.0, 100.0), 1.0);
    assert_eq!(difference_percent(0.0, 0.0), 0.0);
    assert_eq!(difference_percent(3.0, 0.0), 100.0);
    assert_eq!(difference_percent(0.0, 3.0), -100.0);
    let pair = |m: f64, b: f64, usd_per_unit: f64| Pair {
        usage_type: Some("LCUUsage".to_owned()),
        modelled: Side {
            quantity: m,
            usd: m * usd_per_unit,
            net_usd: 0.0,
            present: true,
        },
        billed: Side {
            quantity: b,
            usd: b * usd_per_unit,
            net_usd: b * usd_per_unit,
            present: true,
        },
    };
    let key = || {
        (
            ACCOUNT.to_owned(),
            "us-east-1".to_owned(),
            Kind::Other("x".to_owned()),
            String::new(),
        )
    };
    assert_eq!(
        to_line((key(), pair(1019.0, 1000.0, 1.0))).status,
        Status::Matches
    );
    assert_eq!(
        to_line((key(), pair(1021.0, 1000.0, 1.0))).status,
        Status::ModelHigh
    );
    assert_eq!(
        to_line((key(), pair(979.0, 1000.0, 1.0))).status,
        Status::ModelLow
    );
    // 30% off, but the difference costs a tenth of a cent.
    assert_eq!(
        to_line((key(), pair(1300.0, 1000.0, 0.000_001))).status,
        Status::Matches
    );
}

/// A reconciled analysis of [`two_albs`], for renderers and the schema test.
pub fn reconciled_analysis() -> Analysis {
    let snapshot = two_albs();
    let mut analysis = analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
    let mut b = bill(0.1);
    b.estimated_days = BTreeSet::from([day(3)]);
    b.requests = Some(SourceRequests {
        count: 3,
        usd: 0.03,
    });
    analysis.reconciliation = Some(reconcile(&snapshot, &analysis, &b));
    analysis
}

/// A reserved ALB's modelled lines map to the bill by the item they were priced as: the
/// reservation to `ReservedLCUUsage`, billed every hour, and no use beyond it to `LCUUsage`.
/// (While lines were told apart by their unit, the reservation's line had no usage type.)
#[test]
fn an_lcu_reservation_is_compared_with_reserved_lcu_usage() {
    let mut snapshot = two_albs();
    snapshot.resources.truncate(1);
    let crate::model::ResourceConfig::Alb(alb) = &mut snapshot.resources[0].config else {
        unreachable!("the fixture's first resource is an ALB")
    };
    alb.lcu_reservation = Some(crate::model::LcuReservation {
        capacity_units: 10.0,
        states: Vec::new(),
    });
    let arn = alb_arn("equal");
    let mut agg = Aggregator::default();
    for d in 1..=3 {
        for (usage_type, q) in [("LoadBalancerUsage", 24.0), ("ReservedLCUUsage", 240.0)] {
            agg.add(BillLine {
                day: day(d),
                account_id: ACCOUNT,
                usage_type,
                resource_id: Some(&arn),
                quantity: q,
                unblended_usd: 0.0,
                net_usd: 0.0,
            });
        }
    }
    let analysis = analyze(&snapshot, &PriceBook::embedded(), &Assumptions::default());
    let r = reconcile(&snapshot, &analysis, &agg.finish(BillSource::Cur, true));

    assert!(
        !r.findings.iter().any(|f| f.code == "unmapped-line"),
        "{:#?}",
        r.findings
    );
    let reserved = line(&r, "ReservedLCUUsage", Some(&arn));
    assert_eq!(
        (reserved.modelled_quantity, reserved.billed_quantity),
        (720.0, 720.0)
    );
    assert_eq!(reserved.status, Status::Matches);
}
