//! Billing arithmetic, free of I/O. Quantities and dollars are `f64`; every rule cites the AWS
//! page it comes from: the Elastic Load Balancing pricing page
//! (<https://aws.amazon.com/elasticloadbalancing/pricing/>, "ELB pricing page" below), the API
//! Gateway pricing page (<https://aws.amazon.com/api-gateway/pricing/>) and the ALB guide's
//! CloudWatch metrics page
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html>).
//! docs/methodology.md explains each formula in the report's words.

use crate::pricing::Tier;

/// Hours in a billing month, as Infracost prices a month (an ALB-hour of $0.0225 is
/// $16.425 a month, shown as $16.42; docs/methodology.md, "Today's cost").
pub const HOURS_PER_MONTH: f64 = 730.0;

const SECONDS_PER_HOUR: f64 = 3600.0;
const MINUTES_PER_HOUR: f64 = 60.0;

/// One LCU covers 25 new connections per second (ELB pricing page).
pub const NEW_CONNECTIONS_PER_SECOND_PER_LCU: f64 = 25.0;
/// One LCU covers 3,000 active connections per minute (ELB pricing page).
pub const ACTIVE_CONNECTIONS_PER_MINUTE_PER_LCU: f64 = 3000.0;
/// With mutual TLS one LCU covers only 1,500 active connections per minute (ELB pricing page).
pub const ACTIVE_CONNECTIONS_PER_MINUTE_PER_LCU_MTLS: f64 = 1500.0;
/// Processed bytes are counted in decimal GB: the ELB pricing page's worked example turns 300 KB/s into
/// 1.08 GB per hour, which only 10^9-byte gigabytes give.
pub const BYTES_PER_GB: f64 = 1e9;
/// One LCU covers 1 GB per hour for EC2 instance, container and IP targets (ELB pricing page).
pub const TARGET_GB_PER_HOUR_PER_LCU: f64 = 1.0;
/// One LCU covers 0.4 GB per hour for Lambda targets (ELB pricing page).
pub const LAMBDA_GB_PER_HOUR_PER_LCU: f64 = 0.4;
/// One LCU covers 1,000 rule evaluations per second (ELB pricing page).
pub const RULE_EVALUATIONS_PER_SECOND_PER_LCU: f64 = 1000.0;
/// The first 10 rules processed for each request are free (ELB pricing page, "free rules").
pub const FREE_RULES_PER_REQUEST: f64 = 10.0;
/// HTTP API requests are metered in 512 KB increments (API Gateway pricing page), binary KB.
pub const HTTP_API_METERING_BYTES: f64 = 512.0 * 1024.0;
/// WebSocket messages are metered in 32 KB increments, "so a 33KB message is metered as two
/// messages" (API Gateway pricing page), binary KB.
pub const WEBSOCKET_METERING_BYTES: f64 = 32.0 * 1024.0;

/// Cost of `quantity` units bought after `start_offset` units were already used in the same
/// month, so the marginal cost of extra volume on top of an account's existing volume is
/// `tiered_cost(tiers, existing, extra)`. A tier's price applies to the units that fall
/// inside it; a quantity ending exactly at a tier bound pays nothing at the next tier.
/// Tier bounds are per account, region and month (API Gateway pricing page; consolidated billing joins an
/// organization's accounts, see docs/methodology.md).
/// Negative (or NaN) offsets and quantities count as zero.
pub fn tiered_cost(tiers: &[Tier], start_offset: f64, quantity: f64) -> f64 {
    let from = start_offset.max(0.0);
    let to = from + quantity.max(0.0);
    tiers
        .iter()
        .map(|tier| {
            let low = tier.start.max(from);
            let high = tier.end.unwrap_or(f64::INFINITY).min(to);
            if high > low {
                (high - low) * tier.usd
            } else {
                0.0
            }
        })
        .sum()
}

/// API Gateway's volume tiers count "the number of API requests your AWS account makes in
/// each region" (API Gateway pricing page), so APIs of one type in one region share a ladder: this
/// prices the total and splits the cost in proportion to each API's quantity. The parts add
/// up to the cost of the total; an all-zero input costs zeros.
pub fn shared_tiered_cost(tiers: &[Tier], quantities: &[f64]) -> Vec<f64> {
    let quantities: Vec<f64> = quantities.iter().map(|q| q.max(0.0)).collect();
    let total: f64 = quantities.iter().sum();
    if total <= 0.0 {
        return vec![0.0; quantities.len()];
    }
    let cost = tiered_cost(tiers, 0.0, total);
    quantities.iter().map(|q| cost * (q / total)).collect()
}

/// One hour of an ALB's CloudWatch metrics (namespace `AWS/ApplicationELB`, ALB CloudWatch
/// metrics page).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AlbHourUsage {
    /// Sum over the hour of `NewConnectionCount`.
    pub new_connections: f64,
    /// Sum over the hour of the per-minute `ActiveConnectionCount` values; the per-minute
    /// average is this divided by 60.
    pub active_connections_sum: f64,
    /// Sum of `ProcessedBytes`, which includes the bytes to and from Lambda targets.
    pub processed_bytes: f64,
    /// Sum of `LambdaTargetProcessedBytes`.
    pub lambda_bytes: f64,
    /// Sum of `RuleEvaluations`.
    pub rule_evaluations: f64,
    /// Sum of `RequestCount`.
    pub requests: f64,
}

/// LCUs one hour uses on each of the four ALB dimensions (ELB pricing page).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LcuDimensions {
    pub new_connections: f64,
    pub active_connections: f64,
    pub processed_bytes: f64,
    pub rule_evaluations: f64,
}

impl LcuDimensions {
    /// The billed LCUs: "Whichever of these dimensions produces the highest LCU for an hour
    /// is what is used to create the charge for LCU-hour" (ELB pricing page).
    pub fn max(&self) -> f64 {
        self.new_connections
            .max(self.active_connections)
            .max(self.processed_bytes)
            .max(self.rule_evaluations)
    }
}

/// LCUs per dimension for one hour of ALB usage (ELB pricing page; docs/methodology.md).
///
/// - New connections: per-second average (hourly sum / 3600) ÷ 25.
/// - Active connections: per-minute average (sum of per-minute values / 60) ÷ 3000, or
///   ÷ 1500 when the listener uses mutual TLS.
/// - Processed bytes: non-Lambda GB ÷ 1 plus Lambda GB ÷ 0.4, with decimal GB.
///   Assumption: AWS does not say how the two kinds of bytes combine; adding each kind's share of an LCU is the reading that charges an all-Lambda or
///   an all-instance ALB exactly as the AWS definitions do.
/// - Rule evaluations: per-second billed evaluations ÷ 1000, where billed evaluations are
///   `RuleEvaluations − 10 × RequestCount` (never below zero), since the first 10 rules of
///   each request are free.
///
/// `NewConnectionCount` and `ActiveConnectionCount` also count load-balancer-to-target
/// connections (ALB CloudWatch metrics page), so these figures can overstate the bill.
pub fn lcu_dimensions(usage: &AlbHourUsage, mtls: bool) -> LcuDimensions {
    let active_capacity = if mtls {
        ACTIVE_CONNECTIONS_PER_MINUTE_PER_LCU_MTLS
    } else {
        ACTIVE_CONNECTIONS_PER_MINUTE_PER_LCU
    };
    let lambda_bytes = usage.lambda_bytes.max(0.0);
    let target_bytes = (usage.processed_bytes - lambda_bytes).max(0.0);
    let billed_rule_evaluations =
        (usage.rule_evaluations - FREE_RULES_PER_REQUEST * usage.requests.max(0.0)).max(0.0);
    LcuDimensions {
        new_connections: usage.new_connections.max(0.0)
            / SECONDS_PER_HOUR
            / NEW_CONNECTIONS_PER_SECOND_PER_LCU,
        active_connections: usage.active_connections_sum.max(0.0)
            / MINUTES_PER_HOUR
            / active_capacity,
        processed_bytes: target_bytes / BYTES_PER_GB / TARGET_GB_PER_HOUR_PER_LCU
            + lambda_bytes / BYTES_PER_GB / LAMBDA_GB_PER_HOUR_PER_LCU,
        rule_evaluations: billed_rule_evaluations
            / SECONDS_PER_HOUR
            / RULE_EVALUATIONS_PER_SECOND_PER_LCU,
    }
}

/// Billed HTTP API requests: each request counts once per started 512 KB (524,288 bytes),
/// and at least once (API Gateway pricing page). CloudWatch gives only an average size
/// (`DataProcessed` / `Count`), so a mix of small and very large requests is undercounted.
pub fn http_api_billed_requests(requests: f64, avg_request_bytes: f64) -> f64 {
    requests.max(0.0) * increments(avg_request_bytes, HTTP_API_METERING_BYTES)
}

/// Billed WebSocket messages: each message counts once per started 32 KB (32,768 bytes), and
/// at least once (API Gateway pricing page).
pub fn websocket_billed_messages(messages: f64, avg_message_bytes: f64) -> f64 {
    messages.max(0.0) * increments(avg_message_bytes, WEBSOCKET_METERING_BYTES)
}

fn increments(bytes: f64, increment: f64) -> f64 {
    (bytes / increment).ceil().max(1.0)
}

/// Scales a total observed over `window_hours` to a 730-hour month; a window of no hours
/// gives 0, as nothing was observed.
pub fn monthly_from_window(total: f64, window_hours: f64) -> f64 {
    if window_hours > 0.0 {
        total * HOURS_PER_MONTH / window_hours
    } else {
        0.0
    }
}

/// Dollars rounded to cents, halves away from zero. Sums such as 0.1 + 0.2 or 1.005 sit a
/// hair off the decimal value they stand for, so the cent figure is first snapped to a
/// millionth of a cent; below $10 million that step stays exact in an `f64`.
pub fn round_cents(usd: f64) -> f64 {
    const SNAP: f64 = 1e6;
    const SNAP_LIMIT_CENTS: f64 = 1e9;
    let cents = usd * 100.0;
    let snapped = if cents.abs() < SNAP_LIMIT_CENTS {
        (cents * SNAP).round() / SNAP
    } else {
        cents
    };
    let rounded = snapped.round() / 100.0;
    // Normalise -0.0 so that a rounded-away loss never prints as "-0.00".
    if rounded == 0.0 {
        0.0
    } else {
        rounded
    }
}
