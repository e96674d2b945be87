//! Private REST APIs and their `execute-api` interface VPC endpoints (AWS PrivateLink). An
//! endpoint is billed to its owner per network interface (one per Availability Zone) per hour
//! and per GB it processes; crossover attributes that cost to the private REST APIs that use
//! the endpoint, in proportion to their requests, and a move or decommission of one of them
//! removes the endpoint's hours only when no other private API still needs it
//! (docs/methodology.md, "Private REST APIs and their interface endpoint").

use std::collections::BTreeMap;

use super::bill::Bill;
use super::types::{EndpointAnalysis, EndpointUser};
use crate::model::{DataNote, NoteCode, ResourceConfig, RestApi, Snapshot, VpcEndpoint};
use crate::pricing::formulas::BYTES_PER_GB;
use crate::pricing::HOURS_PER_MONTH;
use crate::pricing::{monthly_from_window, round_cents, tiered_cost, Item, PriceBook};

/// One private REST API's share of one endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    pub endpoint_id: String,
    /// Billed network interfaces of the endpoint.
    pub interfaces: usize,
    /// This API's part of the endpoint, 0–1.
    pub fraction: f64,
    /// The endpoint's whole monthly hours cost; `None` when the region has no price.
    pub hours_usd: Option<f64>,
    /// The GB a month this API's share stands for, and their price per GB (the average over
    /// the tiers the family's endpoints reach in the region); `None` when unpriced.
    pub gb_monthly: f64,
    pub usd_per_gb: Option<f64>,
    /// Other private REST APIs that use the endpoint: while there are any, it stays.
    pub other_users: usize,
}

impl Share {
    fn percent(&self) -> String {
        format!("{:.1}%", self.fraction * 100.0)
    }

    fn hours_label(&self) -> String {
        format!(
            "execute-api endpoint {}: {} AZ × {HOURS_PER_MONTH:.0} h, {} share",
            self.endpoint_id,
            self.interfaces,
            self.percent()
        )
    }

    /// This API's part of the endpoint's hours, a month.
    pub fn hours_share_usd(&self) -> Option<f64> {
        self.hours_usd.map(|h| h * self.fraction)
    }
}

/// What the endpoints of a snapshot cost and whom they are charged to.
#[derive(Debug, Default)]
pub struct Attribution {
    /// Resource index (in the snapshot) → the endpoint shares that private REST API carries.
    pub shares: BTreeMap<usize, Vec<Share>>,
    pub endpoints: Vec<EndpointAnalysis>,
    pub notes: Vec<DataNote>,
    pub assumptions: Vec<String>,
}

/// The private REST APIs that use an endpoint: those that name it (their
/// `endpointConfiguration.vpcEndpointIds`, an `aws:SourceVpce` condition with its id or an
/// `aws:SourceVpc` condition with its VPC); when none does, those of its account and region
/// that name no endpoint or VPC at all (reachable through any endpoint).
fn users_of<'a>(
    e: &VpcEndpoint,
    private: &[(usize, &'a str, &'a str, &'a str, &'a RestApi)],
) -> (Vec<usize>, &'static str) {
    let named: Vec<usize> = private
        .iter()
        .filter(|(_, _, region, _, api)| {
            *region == e.region
                && (api.vpc_endpoint_ids.contains(&e.id)
                    || api.policy_source_vpces.contains(&e.id)
                    || (!e.vpc_id.is_empty() && api.policy_source_vpcs.contains(&e.vpc_id)))
        })
        .map(|p| p.0)
        .collect();
    if !named.is_empty() {
        return (named, "named");
    }
    let open: Vec<usize> = private
        .iter()
        .filter(|(_, account, region, _, api)| {
            *account == e.account_id
                && *region == e.region
                && api.vpc_endpoint_ids.is_empty()
                && api.policy_source_vpces.is_empty()
                && api.policy_source_vpcs.is_empty()
        })
        .map(|p| p.0)
        .collect();
    if open.is_empty() {
        (open, "unused")
    } else {
        (open, "account-region")
    }
}

/// Shares in proportion to `weights` (the users' monthly requests); equal shares when none
/// has any.
pub fn proportions(weights: &[f64]) -> Vec<f64> {
    let total: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    if total > 0.0 {
        weights.iter().map(|w| w.max(0.0) / total).collect()
    } else {
        vec![1.0 / weights.len().max(1) as f64; weights.len()]
    }
}

/// The endpoints' monthly GB and their cost per GB: PrivateLink's data-processing tiers count
/// every interface endpoint of the region together (docs/methodology.md), per billing family
/// as API Gateway's tiers do.
fn data_rates(
    snapshot: &Snapshot,
    endpoints: &[&VpcEndpoint],
    book: &PriceBook,
    window_hours: f64,
) -> Vec<(f64, Option<f64>)> {
    let gb: Vec<f64> = endpoints
        .iter()
        .map(|e| {
            monthly_from_window(
                e.usage
                    .total(crate::model::metric::endpoint::BYTES_PROCESSED),
                window_hours,
            ) / BYTES_PER_GB
        })
        .collect();
    let mut totals: BTreeMap<(&str, &str), f64> = BTreeMap::new();
    for (e, g) in endpoints.iter().zip(&gb) {
        *totals
            .entry((snapshot.billing_family(&e.account_id), e.region.as_str()))
            .or_default() += g;
    }
    endpoints
        .iter()
        .zip(&gb)
        .map(|(e, g)| {
            let total = totals[&(snapshot.billing_family(&e.account_id), e.region.as_str())];
            let rate = book
                .price(&e.region, Item::InterfaceEndpointDataProcessed)
                .map(|p| {
                    if total > 0.0 {
                        tiered_cost(&p.tiers, 0.0, total) / total
                    } else {
                        tiered_cost(&p.tiers, 0.0, 1.0)
                    }
                });
            (*g, rate)
        })
        .collect()
}

/// Attributes every endpoint of the snapshot. `requests` are the resources' requests over the
/// window, in snapshot order: they weigh the shares.
pub fn attribute(
    snapshot: &Snapshot,
    requests: &[f64],
    book: &PriceBook,
    window_hours: f64,
) -> Attribution {
    let mut out = Attribution::default();
    let private: Vec<(usize, &str, &str, &str, &RestApi)> = snapshot
        .resources
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match &r.config {
            ResourceConfig::RestApi(api) if api.is_private() => Some((
                i,
                r.account_id.as_str(),
                r.region.as_str(),
                r.name.as_str(),
                api.as_ref(),
            )),
            _ => None,
        })
        .collect();
    if private.is_empty() {
        return out;
    }
    let Some(all) = snapshot.vpc_endpoints.as_deref() else {
        out.assumptions.push(format!(
            "This snapshot does not record execute-api interface endpoints (it was written before collect read them), so the {} private REST API(s) carry no endpoint cost; collect again to count it.",
            private.len()
        ));
        return out;
    };
    out.assumptions.push(ASSUMPTION.to_owned());
    let billed: Vec<&VpcEndpoint> = all.iter().filter(|e| e.is_billed()).collect();
    let rates = data_rates(snapshot, &billed, book, window_hours);
    for e in all.iter().filter(|e| !e.is_billed()) {
        out.endpoints.push(EndpointAnalysis {
            account_id: e.account_id.clone(),
            region: e.region.clone(),
            id: e.id.clone(),
            vpc_id: e.vpc_id.clone(),
            state: e.state.clone(),
            interfaces: e.billed_interfaces(),
            monthly_usd: 0.0,
            hours_monthly_usd: 0.0,
            data_gb_monthly: 0.0,
            data_monthly_usd: 0.0,
            unpriced: Vec::new(),
            attribution: "not-billed".to_owned(),
            users: Vec::new(),
        });
    }
    for (e, (gb, usd_per_gb)) in billed.iter().zip(rates) {
        let interfaces = e.billed_interfaces();
        let hours_usd = book
            .price(&e.region, Item::InterfaceEndpointHour)
            .map(|p| tiered_cost(&p.tiers, 0.0, interfaces as f64 * HOURS_PER_MONTH));
        let data_usd = usd_per_gb.map(|r| r * gb);
        let (users, attribution) = users_of(e, &private);
        let weights: Vec<f64> = users.iter().map(|&i| requests[i]).collect();
        let fractions = proportions(&weights);
        let mut unpriced = Vec::new();
        if hours_usd.is_none() {
            unpriced.push(Item::InterfaceEndpointHour);
        }
        if data_usd.is_none() {
            unpriced.push(Item::InterfaceEndpointDataProcessed);
        }
        let monthly = hours_usd.unwrap_or(0.0) + data_usd.unwrap_or(0.0);
        let mut user_rows = Vec::new();
        for (&i, &fraction) in users.iter().zip(&fractions) {
            let share = Share {
                endpoint_id: e.id.clone(),
                interfaces,
                fraction,
                hours_usd,
                gb_monthly: gb * fraction,
                usd_per_gb,
                other_users: users.len() - 1,
            };
            let r = &snapshot.resources[i];
            user_rows.push(EndpointUser {
                id: r.id.clone(),
                name: r.name.clone(),
                share: round_share(fraction),
                monthly_usd: round_cents(monthly * fraction),
            });
            out.shares.entry(i).or_default().push(share);
        }
        if users.is_empty() {
            out.notes
                .push(unused_note(e, monthly, hours_usd, gb, data_usd));
        }
        out.endpoints.push(EndpointAnalysis {
            account_id: e.account_id.clone(),
            region: e.region.clone(),
            id: e.id.clone(),
            vpc_id: e.vpc_id.clone(),
            state: e.state.clone(),
            interfaces,
            monthly_usd: round_cents(monthly),
            hours_monthly_usd: round_cents(hours_usd.unwrap_or(0.0)),
            data_gb_monthly: super::bill::round_quantity(gb),
            data_monthly_usd: round_cents(data_usd.unwrap_or(0.0)),
            unpriced,
            attribution: attribution.to_owned(),
            users: user_rows,
        });
    }
    out.endpoints
        .sort_by(|a, b| (&a.account_id, &a.region, &a.id).cmp(&(&b.account_id, &b.region, &b.id)));
    // Private APIs no endpoint of the snapshot serves: their clients' endpoint is elsewhere.
    let mut elsewhere: BTreeMap<(&str, &str), Vec<(&str, &str)>> = BTreeMap::new();
    for &(i, account, region, name, _) in &private {
        if !out.shares.contains_key(&i) {
            elsewhere
                .entry((account, region))
                .or_default()
                .push((name, snapshot.resources[i].id.as_str()));
        }
    }
    for ((account, region), apis) in elsewhere {
        out.notes.push(DataNote {
            code: NoteCode::PrivateApiEndpointElsewhere,
            account_id: account.to_owned(),
            region: region.to_owned(),
            detail: format!(
                "{} private REST API(s) use no execute-api interface endpoint this snapshot holds ({}): the endpoint their clients reach them through belongs to another account or was not read, and its cost is in none of their figures",
                apis.len(),
                apis.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
            ),
            resources: apis.iter().map(|(_, id)| (*id).to_owned()).collect(),
        });
    }
    out
}

/// Shares keep four decimals in the report.
fn round_share(f: f64) -> f64 {
    (f * 1e4).round() / 1e4
}

const ASSUMPTION: &str = "An execute-api interface endpoint in state available is billed for each of its network interfaces (one per subnet, so per Availability Zone) for 730 hours a month, plus its BytesProcessed (AWS/PrivateLinkEndpoints) in GB at the tier its account's (or organization's) endpoints reach in the region together. Its cost is shared among the private REST APIs that name it (endpointConfiguration.vpcEndpointIds, or aws:SourceVpce / aws:SourceVpc in the resource policy) or, when none does, among the private REST APIs of its account and region that name no endpoint, in proportion to their requests (equally when none has any); its bytes are assumed to be theirs. A move or decommission of one of them removes the endpoint's hours only when no other private REST API still uses it; otherwise only its data processing goes.";

fn unused_note(
    e: &VpcEndpoint,
    monthly: f64,
    hours_usd: Option<f64>,
    gb: f64,
    data_usd: Option<f64>,
) -> DataNote {
    let money = |v: Option<f64>| match v {
        Some(v) => format!("${:.2}", round_cents(v)),
        None => "unpriced".to_owned(),
    };
    DataNote {
        code: NoteCode::VpcEndpointUnused,
        account_id: e.account_id.clone(),
        region: e.region.clone(),
        detail: format!(
            "execute-api interface endpoint {} (VPC {}, {} AZ) serves none of this snapshot's private REST APIs: none names it, and every private REST API of its account and region names other endpoints or VPCs. It costs ${:.2} a month ({} endpoint-AZ-hours {}, {:.3} GB processed {}), counted in no resource's figures; unless a private API of another account uses it, deleting it saves that",
            e.id,
            e.vpc_id,
            e.billed_interfaces(),
            round_cents(monthly),
            e.billed_interfaces() as f64 * HOURS_PER_MONTH,
            money(hours_usd),
            gb,
            money(data_usd),
        ),
        resources: vec![e.id.clone()],
    }
}

/// Today's lines of a private REST API for its endpoint shares, at `scale` × its traffic: its
/// part of each endpoint's hours, and its part of the bytes (which scale with its traffic).
pub fn add_current(bill: &mut Bill, shares: &[Share], scale: f64) {
    for s in shares {
        match s.hours_usd {
            Some(h) => bill.add_costed(
                Item::InterfaceEndpointHour,
                &s.hours_label(),
                s.fraction * s.interfaces as f64 * HOURS_PER_MONTH,
                h / (s.interfaces as f64 * HOURS_PER_MONTH).max(1.0),
                h * s.fraction,
            ),
            None => bill.mark_unpriced(Item::InterfaceEndpointHour),
        }
        match s.usd_per_gb {
            Some(rate) => bill.add_costed(
                Item::InterfaceEndpointDataProcessed,
                &format!(
                    "execute-api endpoint {}: data processed, {} share",
                    s.endpoint_id,
                    s.percent()
                ),
                s.gb_monthly * scale,
                rate,
                s.gb_monthly * scale * rate,
            ),
            None => bill.mark_unpriced(Item::InterfaceEndpointDataProcessed),
        }
    }
}

/// What a move or decommission leaves of the API's endpoint shares: the hours of every
/// endpoint another private REST API still uses (that endpoint stays; its data processing for
/// this API goes).
pub fn add_retained(bill: &mut Bill, shares: &[Share]) {
    for s in shares.iter().filter(|s| s.other_users > 0) {
        if let Some(h) = s.hours_usd {
            bill.add_costed(
                Item::InterfaceEndpointHour,
                &format!(
                    "{} (stays for {} other private REST API(s))",
                    s.hours_label(),
                    s.other_users
                ),
                s.fraction * s.interfaces as f64 * HOURS_PER_MONTH,
                h / (s.interfaces as f64 * HOURS_PER_MONTH).max(1.0),
                h * s.fraction,
            );
        }
    }
}

/// The monthly endpoint hours a move or decommission does not save.
pub fn retained_usd(shares: &[Share]) -> f64 {
    shares
        .iter()
        .filter(|s| s.other_users > 0)
        .filter_map(Share::hours_share_usd)
        .sum()
}

/// The alternatives' words for each endpoint share: deleted with the move, or kept.
pub fn move_notes(shares: &[Share]) -> Vec<String> {
    shares
        .iter()
        .map(|s| {
            let hours = s
                .hours_share_usd()
                .map(|h| format!("${:.2}", round_cents(h)))
                .unwrap_or_else(|| "unpriced".to_owned());
            if s.other_users > 0 {
                format!(
                    "execute-api endpoint {} stays for {} other private REST API(s): the move saves only this API's part of its data processing, not its {} share of the endpoint's hours ({hours} a month)",
                    s.endpoint_id,
                    s.other_users,
                    s.percent()
                )
            } else {
                format!(
                    "execute-api endpoint {} serves only this API and is deleted with the move (its hours, {hours} a month, and data processing are saved)",
                    s.endpoint_id
                )
            }
        })
        .collect()
}

/// Why a decommission saves less than today's cost, when it does.
pub fn retained_reason(shares: &[Share]) -> Option<String> {
    let kept: Vec<&Share> = shares.iter().filter(|s| s.other_users > 0).collect();
    if kept.is_empty() {
        return None;
    }
    Some(format!(
        "Its ${:.2} of execute-api endpoint hours stay: other private REST APIs still use {}.",
        round_cents(retained_usd(shares)),
        kept.iter()
            .map(|s| s.endpoint_id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
