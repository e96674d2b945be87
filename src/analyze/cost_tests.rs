//! ALB LCU-hours: ConsumedLCUs is the bill where it has a datapoint; the four dimensions
//! recompute only the hours without one.

use super::cost::alb_lcus;
use super::usage::{AlbSeries, UsageView};

/// One hour of traffic on `hours` hours whose four dimensions recompute to 1.6 LCU (new
/// connections: 1.6 × 25 × 3600 an hour), with a ConsumedLCUs reading of `consumed` where
/// `present`.
fn connection_heavy(hours: usize, consumed: f64, present: &[bool]) -> UsageView {
    UsageView {
        requests: vec![1000.0; hours],
        bytes: Some(vec![0.0; hours]),
        alb: Some(AlbSeries {
            consumed_lcus: present
                .iter()
                .map(|p| if *p { consumed } else { 0.0 })
                .collect(),
            consumed_present: present.to_vec(),
            peak_lcus: None,
            new_connections: vec![1.6 * 25.0 * 3600.0; hours],
            active_connections: vec![0.0; hours],
            lambda_bytes: vec![0.0; hours],
            rule_evaluations: vec![0.0; hours],
        }),
        connects: Vec::new(),
        has_data: true,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn consumed_lcus_are_billed_where_they_have_a_datapoint() {
    let lcus = alb_lcus(&connection_heavy(3, 0.8, &[true; 3]), false);
    assert!(
        lcus.billed_per_hour.iter().all(|h| close(*h, 0.8)),
        "{lcus:?}"
    );
    assert!(close(lcus.total(), 2.4));
    assert_eq!((lcus.consumed_hours, lcus.recomputed_hours), (3, 0));
    assert_eq!(
        lcus.recomputed_higher_hours, 0,
        "1.6 is not more than 2 × 0.8"
    );
}

#[test]
fn without_a_consumed_lcus_series_the_recomputation_is_billed() {
    let lcus = alb_lcus(&connection_heavy(3, 0.0, &[false; 3]), false);
    assert!(
        lcus.billed_per_hour.iter().all(|h| close(*h, 1.6)),
        "{lcus:?}"
    );
    assert_eq!((lcus.consumed_hours, lcus.recomputed_hours), (0, 3));
    let note = lcus.cross_check().expect("a note");
    assert!(
        note.contains("no ConsumedLCUs datapoint in the window"),
        "{note}"
    );
    assert!(note.contains("all 3 hour(s)"), "{note}");
    assert!(
        !note.contains("2×"),
        "an absent series is no disagreement: {note}"
    );
}

#[test]
fn only_hours_without_a_datapoint_are_recomputed_and_counted() {
    let lcus = alb_lcus(
        &connection_heavy(4, 0.8, &[true, false, true, false]),
        false,
    );
    assert_eq!(lcus.billed_per_hour.len(), 4);
    assert!(close(lcus.total(), 0.8 + 1.6 + 0.8 + 1.6));
    assert_eq!((lcus.consumed_hours, lcus.recomputed_hours), (2, 2));
    let note = lcus.cross_check().expect("a note");
    assert!(
        note.starts_with("2 of 4 hours have traffic but no ConsumedLCUs datapoint"),
        "{note}"
    );
}

#[test]
fn a_measured_zero_is_billed_as_zero() {
    let lcus = alb_lcus(&connection_heavy(2, 0.0, &[true; 2]), false);
    assert_eq!(lcus.total(), 0.0);
    assert_eq!(lcus.recomputed_higher_hours, 2);
    let note = lcus.cross_check().expect("a note");
    assert!(
        note.contains("more than 2× higher; ConsumedLCUs is billed"),
        "{note}"
    );
    assert!(
        note.contains("connection counts include load-balancer-to-target connections"),
        "new connections drive this recomputation: {note}"
    );
}

#[test]
fn agreeing_hours_need_no_note() {
    let lcus = alb_lcus(&connection_heavy(2, 1.6, &[true; 2]), false);
    assert_eq!(lcus.cross_check(), None);
}

/// AWS's ELB pricing-page example: 1 new connection a second lasting 2 minutes, 5 requests a
/// second, 300 KB a second and 60 rules: 1.08 LCU an hour (the processed bytes), with and
/// without a ConsumedLCUs series reporting it.
#[test]
fn the_pricing_page_example_is_1_08_lcu_an_hour_either_way() {
    let requests = 5.0 * 3600.0;
    let view = |present: bool| UsageView {
        requests: vec![requests],
        bytes: Some(vec![300_000.0 * 3600.0]),
        alb: Some(AlbSeries {
            consumed_lcus: vec![if present { 1.08 } else { 0.0 }],
            consumed_present: vec![present],
            peak_lcus: None,
            new_connections: vec![3600.0],
            active_connections: vec![120.0 * 60.0],
            lambda_bytes: vec![0.0],
            rule_evaluations: vec![60.0 * requests],
        }),
        connects: Vec::new(),
        has_data: true,
    };
    for present in [true, false] {
        let lcus = alb_lcus(&view(present), false);
        assert!(close(lcus.total(), 1.08), "{present}: {lcus:?}");
    }
    assert_eq!(alb_lcus(&view(true), false).cross_check(), None);
}

// ------------------------------------------------------------- reservations and BYOIP ----

use super::assumptions::Assumptions;
use super::bill::Prices;
use super::cost::{alb_bill, reservation_finding, AlbLcus, CostContext, LcuHours};
use crate::model::{Alb, LcuReservation};
use crate::pricing::{Item, PriceBook};

fn us_east_1<'a>(book: &'a PriceBook, a: &'a Assumptions) -> CostContext<'a> {
    CostContext {
        prices: Prices::new(book, "us-east-1"),
        window_hours: 730.0,
        assumptions: a,
        volumes: Default::default(),
    }
}

fn rate(book: &PriceBook, item: Item) -> f64 {
    book.price("us-east-1", item).unwrap().flat_usd().unwrap()
}

fn public_alb(reserved: Option<f64>, pool: Option<&str>) -> Alb {
    Alb {
        arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1".into(),
        scheme: "internet-facing".into(),
        ip_address_type: "ipv4".into(),
        availability_zones: vec!["us-east-1a".into(), "us-east-1b".into()],
        lcu_reservation: reserved.map(|u| LcuReservation {
            capacity_units: u,
            states: Vec::new(),
        }),
        ipv4_ipam_pool_id: pool.map(str::to_owned),
        ..Alb::default()
    }
}

fn line_usd(bill: &super::bill::Bill, unit: &str) -> f64 {
    bill.lines()
        .iter()
        .filter(|l| l.unit == unit)
        .map(|l| l.monthly_usd)
        .sum()
}

#[test]
fn a_100_lcu_reservation_is_billed_every_hour_and_use_beyond_it_on_top() {
    let (book, a) = (PriceBook::embedded(), Assumptions::default());
    let cx = us_east_1(&book, &a);
    let alb = public_alb(Some(100.0), None);
    // An idle window: the reservation alone, 100 × 730 × the book's reserved-LCU rate.
    let idle = alb_bill(&cx, &alb, &LcuHours::new(&[0.0; 730]), 1.0, false);
    let reserved = 100.0 * 730.0 * rate(&book, Item::AlbReservedLcuHour);
    assert!((line_usd(&idle, "reserved-LCU-hour") - reserved).abs() < 5e-3);
    assert!(
        (reserved - 584.0).abs() < 5e-3,
        "the issue's 100-LCU reservation in us-east-1"
    );
    assert_eq!(line_usd(&idle, "LCU-hour"), 0.0);
    // 150 LCUs every hour: 50 beyond the reservation, at the LCU rate.
    let busy = alb_bill(&cx, &alb, &LcuHours::new(&[150.0; 730]), 1.0, false);
    let beyond = 50.0 * 730.0 * rate(&book, Item::AlbLcuHour);
    assert!((line_usd(&busy, "LCU-hour") - beyond).abs() < 5e-3);
    assert!((busy.total() - idle.total() - beyond).abs() < 0.01);
    // Without a reservation every LCU is billed and no reserved line appears.
    let plain = alb_bill(
        &cx,
        &public_alb(None, None),
        &LcuHours::new(&[150.0; 730]),
        1.0,
        false,
    );
    assert_eq!(line_usd(&plain, "reserved-LCU-hour"), 0.0);
    assert!(
        (line_usd(&plain, "LCU-hour") - 150.0 * 730.0 * rate(&book, Item::AlbLcuHour)).abs() < 0.01
    );
}

#[test]
fn a_byoip_alb_has_no_public_ipv4_line() {
    let (book, a) = (PriceBook::embedded(), Assumptions::default());
    let cx = us_east_1(&book, &a);
    let byoip = public_alb(None, Some("ipam-pool-0123456789abcdef0"));
    let bill = alb_bill(&cx, &byoip, &LcuHours::new(&[1.0]), 1.0, false);
    assert!(
        bill.lines().iter().all(|l| l.unit != "address-hour"),
        "{:?}",
        bill.lines()
    );
    let note = super::cost::alb_byoip_note(&byoip).expect("the assumption is stated");
    assert!(
        note.contains("ipam-pool-0123456789abcdef0") && note.contains("BYOIP"),
        "{note}"
    );
    let amazon = alb_bill(
        &cx,
        &public_alb(None, None),
        &LcuHours::new(&[1.0]),
        1.0,
        false,
    );
    assert!(
        (line_usd(&amazon, "address-hour") - 2.0 * 730.0 * rate(&book, Item::PublicIpv4InUseHour))
            .abs()
            < 5e-3
    );
    assert_eq!(super::cost::alb_byoip_note(&public_alb(None, None)), None);
}

#[test]
fn a_reservation_far_above_the_peak_is_a_finding() {
    let (book, a) = (PriceBook::embedded(), Assumptions::default());
    let cx = us_east_1(&book, &a);
    let alb = public_alb(Some(100.0), None);
    let mut view = connection_heavy(3, 0.8, &[true; 3]);
    view.alb.as_mut().unwrap().peak_lcus = Some(vec![10.0, 30.0, 20.0]);
    let lcus = alb_lcus(&view, false);
    let finding = reservation_finding(&cx, &alb, &view, &lcus).expect("100 > 2 × 30");
    assert!(
        finding.contains("reserves 100 LCUs") && finding.contains("30.00"),
        "{finding}"
    );
    let idle_usd = 70.0 * 730.0 * rate(&book, Item::AlbReservedLcuHour);
    assert!(finding.contains(&format!("${idle_usd:.2}")), "{finding}");
    view.alb.as_mut().unwrap().peak_lcus = Some(vec![60.0]);
    assert_eq!(reservation_finding(&cx, &alb, &view, &lcus), None);
    assert_eq!(
        reservation_finding(&cx, &public_alb(None, None), &view, &AlbLcus::default()),
        None
    );
}

/// The LCUs beyond a reservation, found by binary search, are those of the hour-by-hour sum.
#[test]
fn lcus_beyond_a_reservation_are_the_hour_by_hour_sum() {
    let per_hour: Vec<f64> = (0..730)
        .map(|h| f64::from((h * 37 % 101) as u32) * 0.37)
        .collect();
    let hours = LcuHours::new(&per_hour);
    for reserved in [0.0, 1.0, 12.5, 36.9, 1e6] {
        for scale in [0.0, 0.001, 0.5, 1.0, 3.7, 1e4] {
            let by_hour: f64 = per_hour
                .iter()
                .map(|l| (l * scale - reserved).max(0.0))
                .sum();
            let got = hours.beyond_reservation(reserved, scale);
            assert!(
                (got - by_hour).abs() <= 1e-9 * by_hour.max(1.0),
                "{reserved} {scale}: {got} vs {by_hour}"
            );
        }
    }
    assert_eq!(LcuHours::new(&[]).beyond_reservation(0.0, 1.0), 0.0);
}
