//! The export readers on files in the shapes AWS writes (see writer.rs).

use std::io::Write;

use super::*;
use crate::analyze::reconcile::tests::{alb_arn, bill_lines, day, ACCOUNT};

#[path = "writer.rs"]
mod writer;
use writer::{write_export, Flavour, TestLine};

/// The bill of the reconciliation tests, hourly as an export has it (each day's quantity in
/// 24 hourly lines), plus lines that must not count: an NLB's LCUs, a tax line, EC2 and a
/// NAT gateway, and a day of the previous month.
pub fn export_lines() -> Vec<TestLine> {
    let mut out = Vec::new();
    let line = |start: String,
                product: &str,
                ut: &str,
                op: &str,
                res: &str,
                q: f64,
                usd: f64,
                lt: &str| TestLine {
        start,
        account: ACCOUNT.to_owned(),
        product: product.to_owned(),
        usage_type: ut.to_owned(),
        operation: op.to_owned(),
        resource: res.to_owned(),
        quantity: q,
        unblended: usd,
        net: usd * 0.9,
        line_type: lt.to_owned(),
    };
    for (d, ut, resource, q, usd) in bill_lines() {
        let (product, op) = if ut.contains("ApiGateway") {
            ("AmazonApiGateway", "ApiGatewayRequest")
        } else {
            ("AWSELB", "LoadBalancing:Application")
        };
        for h in 0..24 {
            out.push(line(
                format!("{d}T{h:02}:00:00Z"),
                product,
                ut,
                op,
                &resource,
                q / 24.0,
                usd / 24.0,
                "Usage",
            ));
        }
    }
    let nlb = format!(
        "arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/net/tcp/0123456789abcdef"
    );
    out.push(line(
        format!("{}T05:00:00Z", day(1)),
        "AWSELB",
        "LCUUsage",
        "LoadBalancing:Network",
        &nlb,
        50.0,
        0.3,
        "Usage",
    ));
    out.push(line(
        format!("{}T05:00:00Z", day(1)),
        "AWSELB",
        "LCUUsage",
        "LoadBalancing:Application",
        &alb_arn("equal"),
        0.0,
        0.1,
        "Tax",
    ));
    out.push(line(
        format!("{}T05:00:00Z", day(2)),
        "AmazonEC2",
        "BoxUsage:t3.micro",
        "RunInstances",
        "i-0abc",
        1.0,
        0.0104,
        "Usage",
    ));
    out.push(line(
        format!("{}T05:00:00Z", day(2)),
        "AmazonVPC",
        "USE1-NatGateway-Hours",
        "NatGateway",
        "nat-0abc",
        1.0,
        0.045,
        "Usage",
    ));
    out
}

fn read(flavour: Flavour, parquet: bool) -> Bill {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = export_lines();
    // A month the window does not reach: never read.
    let mut old = lines[0].clone();
    old.start = "2026-10-15T00:00:00Z".to_owned();
    old.quantity = 1e9;
    lines.push(old);
    write_export(dir.path(), flavour, parquet, &lines);
    read_local(dir.path(), &periods(day(1), day(4))).unwrap()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn every_flavour_and_format_reads_the_same_bill() {
    let reference = read(Flavour::Cur2, true);
    assert_eq!(reference.days, [day(1), day(2), day(3)].into());
    assert_eq!(reference.resource_days, reference.days);
    // Per day: 2 ALB usage types + the API's requests; NLB, tax, EC2 and NAT left out.
    assert_eq!(reference.rows.len(), 3 * 3, "{:#?}", reference.rows);
    let lcu = reference
        .rows
        .iter()
        .find(|r| r.day == day(1) && r.usage_type == "LCUUsage")
        .unwrap();
    assert!(close(lcu.quantity, 72.0), "{lcu:?}");
    assert!(close(lcu.net_usd, 72.0 * 0.008 * 0.9));
    assert_eq!(reference.resource_rows.len(), 3 * 5);
    for (flavour, parquet) in [
        (Flavour::Cur2, false),
        (Flavour::Focus10, false),
        (Flavour::Focus10, true),
        (Flavour::Focus12, true),
        (Flavour::Focus12, false),
    ] {
        let other = read(flavour, parquet);
        assert_eq!(other.days, reference.days, "{flavour:?} parquet={parquet}");
        assert_eq!(
            other.rows.len(),
            reference.rows.len(),
            "{flavour:?} {parquet}"
        );
        for (a, b) in other
            .rows
            .iter()
            .chain(&other.resource_rows)
            .zip(reference.rows.iter().chain(&reference.resource_rows))
        {
            assert_eq!(
                (&a.day, &a.account_id, &a.usage_type, &a.resource_id),
                (&b.day, &b.account_id, &b.usage_type, &b.resource_id)
            );
            assert!(
                close(a.quantity, b.quantity)
                    && close(a.unblended_usd, b.unblended_usd)
                    && close(a.net_usd, b.net_usd),
                "{flavour:?} {parquet}: {a:?} vs {b:?}"
            );
        }
    }
}

#[test]
fn an_alb_is_told_from_an_nlb_by_its_arn_when_the_export_has_no_operation() {
    let mut agg = Aggregator::default();
    let c = Columns::detect(
        &[
            "ChargePeriodStart",
            "SubAccountId",
            "x_ServiceCode",
            "x_UsageType",
            "ResourceId",
            "ConsumedQuantity",
            "BilledCost",
            "ChargeCategory",
        ],
        "f",
    )
    .unwrap();
    assert!(c.operation.is_none() && c.net.is_none());
    for res in [alb_arn("equal"), alb_arn("equal").replace("/app/", "/net/")] {
        take(
            &c,
            Raw {
                day: Some(day(1)),
                account: ACCOUNT,
                product: "AWSELB",
                usage_type: "LCUUsage",
                operation: "",
                resource: &res,
                quantity: 1.0,
                unblended: 0.008,
                net: None,
                line_type: "Usage",
            },
            &mut agg,
        );
    }
    let bill = agg.finish(BillSource::Cur, true);
    assert_eq!(bill.resource_rows.len(), 1);
    assert_eq!(
        bill.resource_rows[0].resource_id.as_deref(),
        Some(alb_arn("equal").as_str())
    );
    assert!(
        close(bill.rows[0].net_usd, 0.008),
        "net falls back to unblended"
    );
}

#[test]
fn bad_exports_get_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_local(dir.path(), &periods(day(1), day(2)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no data/BILLING_PERIOD=YYYY-MM/"), "{err}");
    let folder = dir.path().join("data/BILLING_PERIOD=2026-11");
    std::fs::create_dir_all(&folder).unwrap();
    let mut gz = flate2::write::GzEncoder::new(
        File::create(folder.join("x.csv.gz")).unwrap(),
        flate2::Compression::default(),
    );
    gz.write_all(b"a,b\n1,2\n").unwrap();
    gz.finish().unwrap();
    let err = read_local(dir.path(), &periods(day(1), day(2)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("neither a CUR 2.0 export"), "{err}");
    assert!(!err.contains('\n'));
    std::fs::write(folder.join("x.csv.gz"), b"not gzip").unwrap();
    let err = read_local(dir.path(), &periods(day(1), day(2)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("x.csv.gz"), "{err}");
    std::fs::remove_file(folder.join("x.csv.gz")).unwrap();
    std::fs::write(folder.join("y.snappy.parquet"), b"not parquet").unwrap();
    let err = read_local(dir.path(), &periods(day(1), day(2)))
        .unwrap_err()
        .to_string();
    assert!(err.contains("y.snappy.parquet"), "{err}");
}

#[test]
fn periods_cover_the_months_of_the_days() {
    assert_eq!(periods(day(1), day(30)), vec![(2026, 11)]);
    let jan = NaiveDate::from_ymd_opt(2027, 1, 3).unwrap();
    assert_eq!(
        periods(day(20), jan),
        vec![(2026, 11), (2026, 12), (2027, 1)]
    );
    assert_eq!(period_folder(2026, 1), "BILLING_PERIOD=2026-01");
    assert_eq!(parse_day("2026-11-01 23:00:00"), Some(day(1)));
    assert_eq!(parse_day("2026-11-01T23:00:00.000Z"), Some(day(1)));
    assert_eq!(parse_day("2026-11-01"), Some(day(1)));
    assert_eq!(parse_day(""), None);
}

#[test]
fn the_same_figures_reconcile_from_a_parquet_cur_and_a_gzip_focus_export() {
    use crate::analyze::reconcile::tests::two_albs;
    use crate::analyze::{analyze, reconcile::reconcile, Assumptions};
    let snapshot = two_albs();
    let analysis = analyze(
        &snapshot,
        &crate::pricing::PriceBook::embedded(),
        &Assumptions::default(),
    );
    let a = reconcile(&snapshot, &analysis, &read(Flavour::Cur2, true));
    let b = reconcile(&snapshot, &analysis, &read(Flavour::Focus10, false));
    assert_eq!(a, b);
    let double = a
        .lines
        .iter()
        .find(|l| {
            l.usage_type == "LCUUsage"
                && l.resource_id.as_deref() == Some(alb_arn("double").as_str())
        })
        .unwrap();
    assert_eq!(double.difference_percent, -50.0);
    assert!(a.findings.iter().any(|f| f.code == "lcu-ratio"));
    assert_eq!(
        a.prices_override.discount_percent.get("AWSELB"),
        Some(&10.0)
    );
}
