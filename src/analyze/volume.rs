//! Cost by volume at evenly spaced volumes, so that a chart's volume axis is to scale: today's
//! service and its main alternative priced from no traffic to past today's volume and the
//! crossover, with the same bills the report's own figures come from (tiers included).

use serde::{Deserialize, Serialize};

use crate::pricing::round_cents;

/// Intervals between the priced volumes (so one more point).
pub const INTERVALS: usize = 12;

/// One priced volume.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VolumePoint {
    /// Requests (messages) per month.
    pub requests_monthly: f64,
    pub current_monthly_usd: f64,
    /// The alternative the crossover is computed against.
    pub alternative_monthly_usd: f64,
}

/// The costs at `INTERVALS + 1` evenly spaced volumes from zero to a round volume past twice
/// today's and, where it is within ten times today's, the crossover. Empty without traffic
/// (the bills scale today's volume, so they cannot price another).
pub fn points(
    today: f64,
    crossover: Option<f64>,
    current: impl Fn(f64) -> f64,
    alternative: impl Fn(f64) -> f64,
) -> Vec<VolumePoint> {
    if today <= 0.0 || !today.is_finite() {
        return Vec::new();
    }
    let mut reach = 2.0 * today;
    if let Some(x) = crossover.filter(|x| x.is_finite() && *x <= 10.0 * today) {
        reach = reach.max(1.2 * x);
    }
    let top = round_up(reach);
    (0..=INTERVALS)
        .map(|i| {
            let volume = top * i as f64 / INTERVALS as f64;
            let k = volume / today;
            VolumePoint {
                requests_monthly: volume,
                current_monthly_usd: round_cents(current(k)),
                alternative_monthly_usd: round_cents(alternative(k)),
            }
        })
        .collect()
}

/// A round volume at or above `v` whose twelfth is round too (1, 1.2, 2.4, 3, 6 × 10^n).
fn round_up(v: f64) -> f64 {
    let base = 10f64.powf(v.log10().floor());
    for m in [1.2, 2.4, 3.0, 6.0, 12.0] {
        if m * base >= v {
            return m * base;
        }
    }
    12.0 * base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volumes_are_evenly_spaced_from_zero_past_today_and_the_crossover() {
        let p = points(1_000_000.0, Some(5_000_000.0), |k| 10.0 + k, |k| 2.0 * k);
        assert_eq!(p.len(), INTERVALS + 1);
        assert_eq!(p[0].requests_monthly, 0.0);
        assert_eq!(p[0].current_monthly_usd, 10.0);
        assert_eq!(p[0].alternative_monthly_usd, 0.0);
        let step = p[1].requests_monthly;
        for w in p.windows(2) {
            assert!((w[1].requests_monthly - w[0].requests_monthly - step).abs() < 1e-6);
        }
        let last = p.last().unwrap().requests_monthly;
        assert!((6_000_000.0..=12_000_000.0).contains(&last), "{last}");
    }

    #[test]
    fn a_far_crossover_does_not_squash_today_and_no_traffic_gives_no_points() {
        let p = points(1_000.0, Some(1e9), |k| k, |k| k);
        assert!(p.last().unwrap().requests_monthly <= 3_000.0);
        assert!(points(0.0, None, |k| k, |k| k).is_empty());
    }

    #[test]
    fn the_top_is_round() {
        assert_eq!(round_up(2_000_000.0), 2_400_000.0);
        assert_eq!(round_up(1_000.0), 1_200.0);
        assert_eq!(round_up(7_000.0), 12_000.0);
    }
}
