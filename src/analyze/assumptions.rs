//! The estimates' assumptions: named, defaulted, and printed in every report, since a
//! projection is only as good as what it assumes about traffic CloudWatch does not measure.

#[derive(Debug, Clone, PartialEq)]
pub struct Assumptions {
    /// Mean WebSocket session length; CloudWatch has no connection-minutes metric, so
    /// connection minutes are ConnectCount × this.
    pub websocket_session_minutes: f64,
    /// Mean WebSocket message size (no metric exists); 32 KB or less bills one unit.
    pub websocket_message_bytes: f64,
    /// Requests a client sends over one keep-alive connection to a projected ALB.
    pub requests_per_connection: f64,
    /// Minutes a projected ALB client connection stays open.
    pub connection_minutes: f64,
    /// Bytes per request (request plus response) where the API publishes no bytes metric.
    pub api_mean_request_bytes: f64,
    /// Availability zones of a projected new ALB (AWS requires at least two).
    pub new_alb_availability_zones: usize,
    /// Smallest monthly saving worth a recommendation, in USD and as a share of today's cost.
    pub min_savings_usd: f64,
    pub min_savings_share: f64,
    /// Engineer days per direction of migration and per feature gap, and the day rate.
    pub effort: super::effort::EffortModel,
    /// A migration is recommended only if its one-off cost pays back within this many months.
    pub max_payback_months: f64,
}

impl Default for Assumptions {
    fn default() -> Self {
        Assumptions {
            websocket_session_minutes: 10.0,
            websocket_message_bytes: 1024.0,
            requests_per_connection: 10.0,
            connection_minutes: 1.0,
            api_mean_request_bytes: 4096.0,
            new_alb_availability_zones: 2,
            min_savings_usd: 5.0,
            min_savings_share: 0.10,
            effort: super::effort::EffortModel::default(),
            max_payback_months: 12.0,
        }
    }
}

impl Assumptions {
    /// The assumptions every figure in a report rests on, in words.
    /// `tiers` says whose volume API Gateway's request tiers count (see
    /// [`crate::analyze::tier_assumptions`]).
    pub fn describe(&self, window_hours: u32, tiers: Vec<String>) -> Vec<String> {
        let mut out = vec![
            format!("A month is 730 hours; window totals ({window_hours} h) are scaled by 730 / {window_hours}."),
            "Resources are assumed to run the whole month; fixed hourly charges are billed for 730 hours.".to_owned(),
        ];
        out.extend(tiers);
        out.extend([
            "Each ALB hour bills CloudWatch's ConsumedLCUs (its hourly Sum) where the hour has a datapoint; an hour without one is billed from the LCUs recomputed from the four billing dimensions, whose connection counts include load-balancer-to-target connections.".to_owned(),
            "Free tiers, data transfer and CloudWatch charges are left out.".to_owned(),
            "Every request CloudWatch counts for an API is counted as billed: AWS does not bill some requests (for example those refused by throttling or by a missing authorization), and the metrics cannot tell which.".to_owned(),
            "A listener with mutual TLS in passthrough mode is assumed to halve the active connections one LCU covers, as verify mode does; AWS documents the halving without naming the mode.".to_owned(),
            "The scan's own GetMetricData cost counts each metric of a batch once, however many NextToken pages its answer took; AWS does not say whether a further page bills the batch's metrics again, which would raise that one-off cost by at most the extra pages' share.".to_owned(),
            format!(
                "WebSocket connection minutes = ConnectCount × {} minutes; WebSocket messages are assumed to be {} bytes (one 32 KB unit).",
                self.websocket_session_minutes, self.websocket_message_bytes
            ),
            "Ranges (low/high) price the 10th and 90th percentile of daily traffic as if it lasted the month.".to_owned(),
            format!(
                "A recommendation needs a saving of at least ${:.2} and {:.0}% a month.",
                self.min_savings_usd,
                self.min_savings_share * 100.0
            ),
            format!(
                "A migration's one-off cost is its engineer days (a base effort per direction plus each feature gap's, docs/effort.md) at ${:.0} a day; it is recommended only if its saving pays that back within {} months, else it is put up for review.",
                self.effort.day_rate_usd,
                trim_months(self.max_payback_months)
            ),
        ]);
        out
    }
}

fn trim_months(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m}")
    }
}
