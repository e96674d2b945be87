//! Today's monthly cost of each resource and the projected cost of its alternatives, as
//! functions of a traffic scale (1 = the window's traffic) so that ranges and crossover
//! volumes come from the same formulas as the point estimate.

use std::collections::BTreeSet;

use super::assumptions::Assumptions;
use super::bill::{Bill, Prices};
use super::usage::UsageView;
use crate::model::{Alb, Resource, ResourceConfig, RestApi, V2Api};
use crate::pricing::{
    http_api_billed_requests, lcu_dimensions, monthly_from_window, websocket_billed_messages,
    AlbHourUsage, CacheSize, Item, HOURS_PER_MONTH,
};

/// What the resource's billing family (its organization, or the account alone) already sends
/// through API Gateway in the resource's region, per month: tiers count that total per region
/// and API type.
#[derive(Debug, Clone, Copy, Default)]
pub struct RegionVolumes {
    pub http_billed: f64,
    pub rest: f64,
    pub websocket_billed: f64,
}

impl RegionVolumes {
    /// The month's volume of the API type an item prices (0 for items without tiers per type).
    fn of(&self, item: Item) -> f64 {
        match item {
            Item::HttpApiRequest => self.http_billed,
            Item::RestApiRequest => self.rest,
            Item::WebsocketMessage => self.websocket_billed,
            _ => 0.0,
        }
    }
}

pub struct CostContext<'a> {
    pub prices: Prices<'a>,
    pub window_hours: f64,
    pub assumptions: &'a Assumptions,
    pub volumes: RegionVolumes,
}

impl CostContext<'_> {
    fn monthly(&self, window_total: f64) -> f64 {
        monthly_from_window(window_total, self.window_hours)
    }
}

// ---------------------------------------------------------------- ALB ----------------

/// Whether any listener authenticates clients with mutual TLS: it halves the active
/// connections one LCU covers.
pub fn alb_uses_mtls(alb: &Alb) -> bool {
    alb.listeners.iter().any(|l| {
        l.mutual_authentication
            .as_ref()
            .is_some_and(|m| m.mode != "off")
    })
}

/// Trust stores associated with listeners in `verify` mode, each billed per hour.
pub fn alb_trust_stores(alb: &Alb) -> usize {
    alb.listeners
        .iter()
        .filter_map(|l| l.mutual_authentication.as_ref())
        .filter(|m| m.mode == "verify")
        .filter_map(|m| m.trust_store_arn.as_deref())
        .collect::<BTreeSet<_>>()
        .len()
}

/// Public IPv4 addresses an ALB is billed for: one per enabled AZ when internet-facing over
/// IPv4 or dual-stack; none when internal or `dualstack-without-public-ipv4`, and none when
/// its addresses come from the customer's own IPAM pool (BYOIP): AWS bills "all public IPv4
/// address types — except BYOIP" (see [`alb_byoip_note`]).
pub fn alb_public_ipv4(alb: &Alb) -> usize {
    let public = alb.scheme == "internet-facing"
        && matches!(alb.ip_address_type.as_str(), "ipv4" | "dualstack")
        && alb.ipv4_ipam_pool_id.is_none();
    if public {
        alb.availability_zones.len()
    } else {
        0
    }
}

/// Billed LCUs per hour of the window. AWS bills what ConsumedLCUs reports ("You pay for the
/// number of LCUs that you use per hour", ALB CloudWatch metrics page), so an hour with a
/// ConsumedLCUs datapoint bills its hourly Sum; only an hour without one falls back to the
/// four billing dimensions recomputed from the other metrics. The recomputation stays as a
/// cross-check: NewConnectionCount and ActiveConnectionCount also count connections from the
/// load balancer to its targets, so it can overstate the connection dimensions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlbLcus {
    pub billed_per_hour: Vec<f64>,
    /// Hours without a ConsumedLCUs datapoint whose recomputed LCUs are above zero: billed
    /// from the recomputation. Hours where no metric has a datapoint bill nothing either way.
    pub recomputed_hours: usize,
    /// LCU-hours of the window billed from the recomputation.
    pub recomputed_lcu_hours: f64,
    /// Hours with a ConsumedLCUs datapoint.
    pub consumed_hours: usize,
    /// Hours with a ConsumedLCUs datapoint where the recomputation is more than 2× higher,
    /// and more than 2× lower.
    pub recomputed_higher_hours: usize,
    pub recomputed_lower_hours: usize,
    /// In the hours recomputed more than 2× higher, how often each dimension was the largest:
    /// new connections, active connections, processed bytes, rule evaluations.
    pub higher_by_dimension: [usize; 4],
}

impl AlbLcus {
    pub fn total(&self) -> f64 {
        self.billed_per_hour.iter().sum()
    }

    /// The cross-check in words, worded for what happened; `None` when there is nothing to
    /// say (every hour billed from ConsumedLCUs, and the recomputation agrees within 2×).
    pub fn cross_check(&self) -> Option<String> {
        let hours = self.billed_per_hour.len();
        let mut parts = Vec::new();
        if self.recomputed_hours > 0 {
            parts.push(if self.consumed_hours == 0 {
                format!(
                    "CloudWatch has no ConsumedLCUs datapoint in the window, so all {} hour(s) with traffic are billed from the LCUs recomputed from the four billing dimensions ({:.3} LCU-hours); connection counts include load-balancer-to-target connections, so the recomputation can overstate the bill",
                    self.recomputed_hours, self.recomputed_lcu_hours
                )
            } else {
                format!(
                    "{} of {hours} hours have traffic but no ConsumedLCUs datapoint and are billed from the LCUs recomputed from the four billing dimensions ({:.3} LCU-hours); the other hours bill ConsumedLCUs",
                    self.recomputed_hours, self.recomputed_lcu_hours
                )
            });
        }
        if self.recomputed_higher_hours > 0 {
            let (dominant, _) = self
                .higher_by_dimension
                .iter()
                .enumerate()
                .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
                .expect("four dimensions");
            let why = match dominant {
                0 | 1 => "whose connection counts include load-balancer-to-target connections",
                2 => "driven by processed bytes",
                _ => "driven by rule evaluations",
            };
            parts.push(format!(
                "in {} of {} hours with a ConsumedLCUs datapoint the LCUs recomputed from the four billing dimensions ({why}) are more than 2× higher; ConsumedLCUs is billed",
                self.recomputed_higher_hours, self.consumed_hours
            ));
        }
        if self.recomputed_lower_hours > 0 {
            parts.push(format!(
                "in {} of {} hours with a ConsumedLCUs datapoint the LCUs recomputed from the four billing dimensions are less than half of ConsumedLCUs; ConsumedLCUs is billed",
                self.recomputed_lower_hours, self.consumed_hours
            ));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

pub fn alb_lcus(view: &UsageView, mtls: bool) -> AlbLcus {
    let Some(s) = &view.alb else {
        return AlbLcus::default();
    };
    let bytes = view.bytes.as_deref().unwrap_or_default();
    let mut out = AlbLcus {
        billed_per_hour: Vec::with_capacity(view.requests.len()),
        ..AlbLcus::default()
    };
    for h in 0..view.requests.len() {
        let at = |v: &[f64]| v.get(h).copied().unwrap_or(0.0);
        let each = lcu_dimensions(
            &AlbHourUsage {
                new_connections: at(&s.new_connections),
                active_connections_sum: at(&s.active_connections),
                processed_bytes: at(bytes),
                lambda_bytes: at(&s.lambda_bytes),
                rule_evaluations: at(&s.rule_evaluations),
                requests: at(&view.requests),
            },
            mtls,
        );
        let dims = each.max();
        if s.consumed_present.get(h).copied().unwrap_or(false) {
            let consumed = at(&s.consumed_lcus);
            out.consumed_hours += 1;
            // Tiny hours (a few requests) disagree by large ratios for no billing reason.
            if dims.max(consumed) > LCU_NOISE_FLOOR {
                if dims > 2.0 * consumed {
                    out.recomputed_higher_hours += 1;
                    let by = [
                        each.new_connections,
                        each.active_connections,
                        each.processed_bytes,
                        each.rule_evaluations,
                    ];
                    if let Some(i) = (0..4).find(|&i| by[i] == dims) {
                        out.higher_by_dimension[i] += 1;
                    }
                } else if consumed > 2.0 * dims {
                    out.recomputed_lower_hours += 1;
                }
            }
            out.billed_per_hour.push(consumed);
        } else {
            if dims > 0.0 {
                out.recomputed_hours += 1;
                out.recomputed_lcu_hours += dims;
            }
            out.billed_per_hour.push(dims);
        }
    }
    out
}

/// The assumption behind an ALB without a public IPv4 line because its addresses come from an
/// IPAM pool (BYOIP), or `None` for other ALBs.
pub fn alb_byoip_note(alb: &Alb) -> Option<String> {
    let pool = alb.ipv4_ipam_pool_id.as_deref()?;
    let public = alb.scheme == "internet-facing"
        && matches!(alb.ip_address_type.as_str(), "ipv4" | "dualstack");
    public.then(|| format!(
        "its public IPv4 addresses come from IPAM pool {pool} (BYOIP), which AWS does not bill, so no public IPv4 charge is counted; assumed the pool covers all {} address(es) (addresses AWS assigns when the pool runs out are billed)",
        alb.availability_zones.len()
    ))
}

/// An ALB's billed LCUs of each hour of the window, ordered so that the LCUs beyond a
/// reservation at any traffic scale take one binary search: the bills of an ALB are priced a
/// few hundred times each (the crossover search, the cost-by-volume chart), for every ALB of
/// an organization.
#[derive(Debug, Clone, Default)]
pub struct LcuHours {
    /// The hours' LCUs, highest first.
    descending: Vec<f64>,
    /// `sums[i]`: the sum of the `i` highest.
    sums: Vec<f64>,
}

impl LcuHours {
    pub fn new(per_hour: &[f64]) -> Self {
        let mut descending = per_hour.to_vec();
        descending.sort_by(|a, b| b.total_cmp(a));
        let mut sums = Vec::with_capacity(descending.len() + 1);
        sums.push(0.0);
        for l in &descending {
            sums.push(sums.last().copied().unwrap_or(0.0) + l);
        }
        LcuHours { descending, sums }
    }

    /// LCUs billed beyond an LCU reservation, over the window, at `scale` × the window's
    /// traffic: each hour's use above the reserved LCUs (AWS's ELB pricing page: usage beyond
    /// the reservation is billed at the LCU rate). Without a reservation, every LCU.
    pub fn beyond_reservation(&self, reserved: f64, scale: f64) -> f64 {
        let above = self.descending.partition_point(|l| l * scale > reserved);
        (scale * self.sums[above] - reserved * above as f64).max(0.0)
    }
}

/// The reserved LCUs of an ALB (0 without a reservation).
pub fn alb_reserved_lcus(alb: &Alb) -> f64 {
    alb.lcu_reservation
        .as_ref()
        .map_or(0.0, |r| r.capacity_units.max(0.0))
}

/// A reservation "far above" the hourly peak: more than twice the highest hour's peak LCUs.
const RESERVATION_SLACK_FACTOR: f64 = 2.0;

/// A finding when an ALB reserves far more LCUs than it ever used in an hour: the highest
/// hourly PeakLCUs (or, without that series, the highest hour's billed LCUs), and what the
/// reserved LCUs above it cost a month.
pub fn reservation_finding(
    cx: &CostContext,
    alb: &Alb,
    view: &UsageView,
    lcus: &AlbLcus,
) -> Option<String> {
    let reserved = alb_reserved_lcus(alb);
    if reserved <= 0.0 {
        return None;
    }
    let (peak, source) = match view.alb.as_ref().and_then(|s| s.peak_lcus.as_ref()) {
        Some(p) => (
            p.iter().copied().fold(0.0, f64::max),
            "PeakLCUs, the hour's highest minute",
        ),
        None => (
            lcus.billed_per_hour.iter().copied().fold(0.0, f64::max),
            "the busiest hour's LCUs; no PeakLCUs datapoint",
        ),
    };
    if reserved <= RESERVATION_SLACK_FACTOR * peak {
        return None;
    }
    let idle = reserved - peak;
    let rate = cx
        .prices
        .price(Item::AlbReservedLcuHour)
        .and_then(|p| p.flat_usd());
    let cost = match rate {
        Some(r) => format!(
            "; the {idle:.2} reserved LCUs above it cost ${:.2} a month",
            crate::pricing::round_cents(idle * HOURS_PER_MONTH * r)
        ),
        None => String::new(),
    };
    Some(format!(
        "reserves {reserved:.0} LCUs, more than {RESERVATION_SLACK_FACTOR}× its highest hourly peak of {peak:.2} LCUs over the window ({source}){cost}"
    ))
}

/// Below a hundredth of an LCU an hour costs less than a tenth of a cent: not worth a note.
const LCU_NOISE_FLOOR: f64 = 0.01;

/// An ALB as it runs today at `scale` × the window's traffic. `keep_internal` prices it as the
/// private-integration target behind an API: no public addresses, no trust stores (the API's
/// custom domain takes over client TLS).
/// `lcus_per_hour` are the window's billed LCUs hour by hour; with an LCU reservation, the
/// reserved LCUs are billed every hour and only each hour's use beyond them at the LCU rate.
/// A kept ALB keeps its reservation.
pub fn alb_bill(
    cx: &CostContext,
    alb: &Alb,
    lcus_per_hour: &LcuHours,
    scale: f64,
    keep_internal: bool,
) -> Bill {
    let (suffix, ips, stores) = if keep_internal {
        (" (kept as the API's private target)", 0, 0)
    } else {
        ("", alb_public_ipv4(alb), alb_trust_stores(alb))
    };
    let reserved = alb_reserved_lcus(alb);
    let mut bill = alb_lines(
        cx,
        suffix,
        cx.monthly(lcus_per_hour.beyond_reservation(reserved, scale)),
        ips,
        stores,
    );
    if reserved > 0.0 {
        bill.add(
            &cx.prices,
            Item::AlbReservedLcuHour,
            &format!("Reserved LCUs ({reserved:.0}, billed every hour){suffix}"),
            0.0,
            reserved * HOURS_PER_MONTH,
        );
    }
    bill
}

/// The lines of one ALB for a month: hours, LCU-hours, public IPv4 addresses and trust stores.
fn alb_lines(
    cx: &CostContext,
    suffix: &str,
    lcu_hours: f64,
    public_ipv4: usize,
    trust_stores: usize,
) -> Bill {
    let mut bill = Bill::default();
    bill.add(
        &cx.prices,
        Item::AlbHour,
        &format!("ALB hours{suffix}"),
        0.0,
        HOURS_PER_MONTH,
    );
    bill.add(
        &cx.prices,
        Item::AlbLcuHour,
        &format!("LCU-hours{suffix}"),
        0.0,
        lcu_hours,
    );
    if public_ipv4 > 0 {
        bill.add(
            &cx.prices,
            Item::PublicIpv4InUseHour,
            &format!("Public IPv4 addresses ({public_ipv4})"),
            0.0,
            public_ipv4 as f64 * HOURS_PER_MONTH,
        );
    }
    if trust_stores > 0 {
        bill.add(
            &cx.prices,
            Item::AlbTrustStoreHour,
            &format!("mTLS trust stores ({trust_stores})"),
            0.0,
            trust_stores as f64 * HOURS_PER_MONTH,
        );
    }
    bill
}

// ----------------------------------------------------- API Gateway, today ------------

/// Monthly billed units of an HTTP API: requests × started 512 KB of the mean request size.
pub fn http_billed_monthly(cx: &CostContext, view: &UsageView) -> f64 {
    let requests = cx.monthly(view.total_requests());
    http_api_billed_requests(requests, view.mean_request_bytes().unwrap_or(0.0))
}

pub fn websocket_billed_monthly(cx: &CostContext, view: &UsageView) -> f64 {
    let messages = cx.monthly(view.total_requests());
    websocket_billed_messages(messages, cx.assumptions.websocket_message_bytes)
}

/// This API's share of its type's region-wide tiered cost: the tiers price the total of all
/// the APIs of the type, split in proportion to billed units. `today` is this API's monthly
/// units, which `scale` multiplies; the region's other APIs keep the volume they have.
fn shared_line(cx: &CostContext, bill: &mut Bill, item: Item, label: &str, today: f64, scale: f64) {
    let others = (cx.volumes.of(item) - today).max(0.0);
    let own = today * scale;
    match cx.prices.price(item) {
        Some(p) => {
            let total = others + own;
            let cost = if total > 0.0 {
                crate::pricing::tiered_cost(&p.tiers, 0.0, total) * own / total
            } else {
                0.0
            };
            let first_unit = crate::pricing::tiered_cost(&p.tiers, others, 1.0);
            bill.add_costed(item, label, own, first_unit, cost);
        }
        None => bill.mark_unpriced(item),
    }
}

pub fn rest_bill(cx: &CostContext, api: &RestApi, requests_monthly: f64, scale: f64) -> Bill {
    let mut bill = Bill::default();
    shared_line(
        cx,
        &mut bill,
        Item::RestApiRequest,
        "REST API requests",
        requests_monthly,
        scale,
    );
    for stage in api.stages.iter().filter(|s| s.cache_cluster_enabled) {
        let size = stage.cache_cluster_size.as_deref().unwrap_or("0.5");
        match size.parse::<CacheSize>() {
            Ok(size) => bill.add(
                &cx.prices,
                Item::RestCacheHour(size),
                &format!("Cache {} GB (stage {})", size.label(), stage.name),
                0.0,
                HOURS_PER_MONTH,
            ),
            Err(_) => bill.mark_unpriced(Item::RestCacheHour(CacheSize::Gb0_5)),
        }
    }
    bill
}

pub fn http_bill(cx: &CostContext, billed_monthly: f64, scale: f64) -> Bill {
    let mut bill = Bill::default();
    shared_line(
        cx,
        &mut bill,
        Item::HttpApiRequest,
        "HTTP API requests (512 KB units)",
        billed_monthly,
        scale,
    );
    bill
}

pub fn websocket_bill(
    cx: &CostContext,
    billed_monthly: f64,
    connects_monthly: f64,
    scale: f64,
) -> Bill {
    let mut bill = Bill::default();
    shared_line(
        cx,
        &mut bill,
        Item::WebsocketMessage,
        "WebSocket messages (32 KB units)",
        billed_monthly,
        scale,
    );
    bill.add(
        &cx.prices,
        Item::WebsocketConnectionMinute,
        "WebSocket connection minutes",
        0.0,
        connects_monthly * scale * cx.assumptions.websocket_session_minutes,
    );
    bill
}

// ------------------------------------------------------ alternatives --------------------

/// An API of `target`'s type carrying `units` more per month, priced from where the region's
/// existing volume of that type already sits on the tiers (the marginal cost).
pub fn api_marginal(cx: &CostContext, item: Item, label: &str, units: f64) -> Bill {
    let mut bill = Bill::default();
    bill.add(&cx.prices, item, label, cx.volumes.of(item), units);
    bill
}

/// How an API's traffic would load an ALB, hour by hour, under the stated assumptions.
pub struct AlbProjection {
    pub lcu_window_total: f64,
    pub public_ipv4: usize,
    pub assumptions: Vec<String>,
}

pub fn alb_projection_for_api(cx: &CostContext, r: &Resource, view: &UsageView) -> AlbProjection {
    let a = cx.assumptions;
    // An ALB that does not exist yet has no ConsumedLCUs to bill: its LCUs can only come
    // from the four billing dimensions of the projected traffic.
    let mut notes = vec![
        "LCUs recomputed hour by hour from the four billing dimensions of the projected traffic (a new ALB has no ConsumedLCUs to read)".to_owned(),
    ];
    let (rules, lambda, private) = match &r.config {
        ResourceConfig::RestApi(api) => (
            api.resources.iter().map(|x| x.methods.len()).sum::<usize>(),
            all_lambda(
                api.resources
                    .iter()
                    .flat_map(|x| &x.methods)
                    .filter_map(|m| m.integration.as_ref()),
            ),
            api.endpoint_types.iter().any(|t| t == "PRIVATE"),
        ),
        ResourceConfig::V2Api(api) => (api.routes.len(), v2_all_lambda(api), false),
        ResourceConfig::Alb(_) => (0, false, false),
    };
    let bytes: Vec<f64> = match &view.bytes {
        Some(b) => b.clone(),
        None => {
            notes.push(format!(
                "{} bytes per request (REST and WebSocket APIs publish no bytes metric)",
                a.api_mean_request_bytes
            ));
            view.requests
                .iter()
                .map(|q| q * a.api_mean_request_bytes)
                .collect()
        }
    };
    notes.push(format!(
        "{} requests per client connection (keep-alive), each connection open {} minute(s)",
        a.requests_per_connection, a.connection_minutes
    ));
    // Rules in priority order: on average a request is matched half-way down the list.
    let processed_rules = (rules as f64 + 1.0) / 2.0;
    notes.push(format!(
        "{rules} routes become ALB rules; a request is evaluated against {processed_rules:.1} of them on average"
    ));
    if lambda {
        notes.push("Lambda targets: processed bytes count at 0.4 GB per LCU".to_owned());
    }
    let connects = if view.connects.is_empty() {
        None
    } else {
        Some(&view.connects)
    };
    let mut total = 0.0;
    for (h, q) in view.requests.iter().enumerate() {
        let new = match connects {
            Some(c) => c[h],
            None => q / a.requests_per_connection,
        };
        let minutes = if connects.is_some() {
            a.websocket_session_minutes
        } else {
            a.connection_minutes
        };
        let b = bytes.get(h).copied().unwrap_or(0.0);
        let dims = lcu_dimensions(
            &AlbHourUsage {
                new_connections: new,
                active_connections_sum: new * minutes,
                processed_bytes: b,
                lambda_bytes: if lambda { b } else { 0.0 },
                rule_evaluations: q * processed_rules,
                requests: *q,
            },
            false,
        );
        total += dims.max();
    }
    let public_ipv4 = if private {
        0
    } else {
        a.new_alb_availability_zones
    };
    notes.push(if private {
        "internal ALB (the API is private): no public IPv4 addresses".to_owned()
    } else {
        format!(
            "internet-facing over IPv4 in {} availability zones (one public IPv4 address each)",
            a.new_alb_availability_zones
        )
    });
    AlbProjection {
        lcu_window_total: total,
        public_ipv4,
        assumptions: notes,
    }
}

pub fn new_alb_bill(cx: &CostContext, p: &AlbProjection, scale: f64) -> Bill {
    alb_lines(
        cx,
        "",
        cx.monthly(p.lcu_window_total) * scale,
        p.public_ipv4,
        0,
    )
}

fn all_lambda<'a>(mut integrations: impl Iterator<Item = &'a crate::model::Integration>) -> bool {
    let mut any = false;
    let all = integrations.all(|i| {
        any = true;
        i.is_lambda()
    });
    any && all
}

pub fn v2_all_lambda(api: &V2Api) -> bool {
    all_lambda(api.integrations.iter())
}

/// An ALB whose target groups are all Lambda needs no ALB behind an API; instance and IP
/// targets keep the ALB as the API's private integration (VPC link).
pub fn alb_needs_keeping(alb: &Alb) -> bool {
    alb.target_groups.iter().any(|t| t.target_type != "lambda")
}
