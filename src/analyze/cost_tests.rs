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
