//! Where the traffic is heading and where the costs cross.

use super::types::{Crossover, Target, Trend};
use crate::model::ResourceKind;

/// Days per month at 730 hours.
const DAYS_PER_MONTH: f64 = 730.0 / 24.0;

/// Least-squares line through the daily totals, projected 3, 6 and 12 months past the middle
/// of the window. Fewer than two days give no trend.
pub fn trend(daily: &[f64], crossover_monthly: Option<f64>, current_monthly: f64) -> Option<Trend> {
    let n = daily.len();
    if n < 2 {
        return None;
    }
    let nf = n as f64;
    let mean_x = (nf - 1.0) / 2.0;
    let mean_y = daily.iter().sum::<f64>() / nf;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in daily.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (y - mean_y);
        sxx += dx * dx;
    }
    let slope = sxy / sxx;
    // Projected volume `months` after the window's last day, never below zero.
    let at = |months: f64| {
        let day = (nf - 1.0) + months * DAYS_PER_MONTH;
        ((mean_y + slope * (day - mean_x)) * DAYS_PER_MONTH).max(0.0)
    };
    let (m3, m6, m12) = (at(3.0), at(6.0), at(12.0));
    let crossover_within_12m = crossover_monthly
        .is_some_and(|c| (current_monthly < c && m12 >= c) || (current_monthly > c && m12 <= c));
    Some(Trend {
        daily_slope: slope,
        projected_requests_monthly_3m: m3,
        projected_requests_monthly_6m: m6,
        projected_requests_monthly_12m: m12,
        crossover_within_12m,
    })
}

/// The traffic scale (× today's volume) at which `current` and `alternative` cost the same,
/// nearest to today's. Both are piecewise linear in the scale (tiers, per-hour LCUs); a
/// sign change is bracketed on a logarithmic grid and then bisected to a relative 1e-9.
pub fn crossover_scale(
    current: impl Fn(f64) -> f64,
    alternative: impl Fn(f64) -> f64,
) -> Option<f64> {
    let diff = |k: f64| current(k) - alternative(k);
    const STEPS: i32 = 140;
    let grid: Vec<f64> = (0..=STEPS)
        .map(|i| 10f64.powf(-3.0 + 7.0 * f64::from(i) / f64::from(STEPS)))
        .collect();
    // Each grid point is priced once: a bill of an ALB walks every hour of the window, and
    // this runs for every resource of the snapshot.
    let diffs: Vec<f64> = grid.iter().map(|&k| diff(k)).collect();
    let mut best: Option<f64> = None;
    for (w, d) in grid.windows(2).zip(diffs.windows(2)) {
        let (a, b) = (w[0], w[1]);
        let (da, db) = (d[0], d[1]);
        if da == 0.0 {
            best = nearest(best, a);
            continue;
        }
        if da.signum() == db.signum() {
            continue;
        }
        let (mut lo, mut hi) = (a, b);
        while (hi - lo) > 1e-9 * hi {
            let mid = (lo + hi) / 2.0;
            if diff(mid).signum() == da.signum() {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        best = nearest(best, (lo + hi) / 2.0);
    }
    best
}

fn nearest(best: Option<f64>, k: f64) -> Option<f64> {
    match best {
        Some(b) if (b.ln()).abs() <= (k.ln()).abs() => Some(b),
        _ => Some(k),
    }
}

pub fn crossover(
    against: Target,
    current_kind: ResourceKind,
    requests_monthly: f64,
    current: impl Fn(f64) -> f64,
    alternative: impl Fn(f64) -> f64,
) -> Crossover {
    let cheaper_now_is_current = current(1.0) <= alternative(1.0);
    let scale = if requests_monthly > 0.0 {
        crossover_scale(&current, &alternative)
    } else {
        None
    };
    // Below the crossover, the side that is cheaper at the smaller volume wins.
    let below_current = match scale {
        Some(k) => current(k / 2.0) <= alternative(k / 2.0),
        None => cheaper_now_is_current,
    };
    Crossover {
        against,
        requests_monthly: scale.map(|k| k * requests_monthly),
        cheaper_below: if below_current {
            current_kind
        } else {
            against.kind()
        },
    }
}

/// The 10th and 90th percentile of daily traffic, relative to the mean day: the scales the
/// low and high estimates use.
pub fn range_scales(daily: &[f64]) -> (f64, f64) {
    let mean = daily.iter().sum::<f64>() / daily.len().max(1) as f64;
    if daily.len() < 2 || mean <= 0.0 {
        return (1.0, 1.0);
    }
    let mut sorted = daily.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pct = |p: f64| {
        let pos = p * (sorted.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
    };
    (pct(0.10) / mean, pct(0.90) / mean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slope_of_a_straight_line() {
        let t = trend(&[10.0, 20.0, 30.0, 40.0], None, 0.0).unwrap();
        assert!((t.daily_slope - 10.0).abs() < 1e-9);
        // Day 3 + 3 months: 40 + 10 × 91.25 per day, times 30.42 days.
        let want = (40.0 + 10.0 * 3.0 * DAYS_PER_MONTH) * DAYS_PER_MONTH;
        assert!((t.projected_requests_monthly_3m - want).abs() < 1e-6);
    }

    #[test]
    fn crossover_of_a_fixed_and_a_linear_cost() {
        // Fixed $20 against $1 per unit of scale: they meet at 20.
        let k = crossover_scale(|_| 20.0, |k| k).unwrap();
        assert!((k - 20.0).abs() < 1e-6);
        let c = crossover(Target::HttpApi, ResourceKind::Alb, 1000.0, |_| 20.0, |k| k);
        assert!((c.requests_monthly.unwrap() - 20_000.0).abs() < 1e-3);
        assert_eq!(c.cheaper_below, ResourceKind::HttpApi);
    }

    #[test]
    fn no_crossover_when_one_is_always_cheaper() {
        assert_eq!(crossover_scale(|k| k + 1.0, |k| k), None);
    }

    #[test]
    fn ranges_use_deciles_of_daily_traffic() {
        let (lo, hi) = range_scales(&[100.0; 7]);
        assert_eq!((lo, hi), (1.0, 1.0));
        let (lo, hi) = range_scales(&[50.0, 100.0, 150.0]);
        assert!(lo < 1.0 && hi > 1.0);
    }
}
