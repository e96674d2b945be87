//! The model beside the bill: for the days the bill covers, each modelled line (mapped to the
//! usage type AWS bills it under) next to the billed quantity and cost, per account × region ×
//! usage type and, where the bill names resources, per resource. Pure: no I/O, no clock.
//!
//! The comparison is made on quantities (the difference is in percent of the billed
//! quantity), so that a discount never reads as a model error; the costs stand beside it and
//! the discount is reported on its own, with the `--prices` overrides that reproduce it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::types::{Analysis, Line};
use super::usage::{rest_share, view, UsageView};
use crate::bill::usage_types::{self, UsageKind};
use crate::bill::{Bill, BilledRow, SourceRequests};
use crate::model::{Resource, Snapshot};
use crate::pricing::{round_cents, tiered_cost, Item, PriceBook, Service, HOURS_PER_MONTH};

/// A line matches when the model's quantity is within this many percent of the billed one.
/// Both sides count the same events over the same UTC hours (bill line items and CloudWatch
/// hourly datapoints share hour boundaries), so what is left is metering noise: datapoints
/// published after the snapshot was read and quantities rounded in the bill. 2% is well
/// below the 10% saving a recommendation needs, so a matching line can never hide an error
/// large enough to change a recommendation (docs/reconcile.md).
pub const TOLERANCE_PERCENT: f64 = 2.0;

/// A difference whose cost over the compared days is under half a cent matches whatever its
/// percentage (a handful of requests on an idle API).
const NEGLIGIBLE_USD: f64 = 0.01 / 2.0;

/// How far the billed LCU-hours may be from the hourly ConsumedLCUs Sum before the finding is
/// raised: further than this, the statistic is being read wrongly, not noisily.
const LCU_RATIO_SLACK: f64 = 0.10;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reconciliation {
    pub source: String,
    pub days_compared: Vec<NaiveDate>,
    pub days_missing: Vec<NaiveDate>,
    pub totals: ReconciliationTotals,
    pub lines: Vec<ReconciliationLine>,
    pub findings: Vec<Finding>,
    pub requests: SourceRequests,
    /// Compared days the source marks estimated (Cost Explorer's open month).
    pub days_estimated: Vec<NaiveDate>,
    pub tolerance_percent: f64,
    /// Net over unblended cost per service, over the compared days.
    pub discounts: Vec<Discount>,
    /// The `--prices` overrides that reproduce the net figures: `{"discount_percent": {...}}`.
    pub prices_override: PricesOverride,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ReconciliationTotals {
    pub modelled_usd: f64,
    pub billed_unblended_usd: f64,
    pub billed_net_usd: f64,
    /// The modelled total against the billed unblended total, in percent of the latter.
    pub difference_percent: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReconciliationLine {
    pub account_id: String,
    pub region: String,
    pub usage_type: String,
    pub resource_id: Option<String>,
    pub modelled_quantity: f64,
    pub modelled_usd: f64,
    pub billed_quantity: f64,
    pub billed_unblended_usd: f64,
    pub billed_net_usd: f64,
    pub difference_percent: f64,
    pub status: Status,
    /// The usage type is billed for other products too (public IPv4 addresses, interface
    /// endpoints): the account's billed figure covers more than crossover reads, so the line
    /// is left out of the totals.
    pub shared: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Matches,
    ModelHigh,
    ModelLow,
    BilledNotModelled,
    ModelledNotBilled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Matches => "matches",
            Status::ModelHigh => "model-high",
            Status::ModelLow => "model-low",
            Status::BilledNotModelled => "billed-not-modelled",
            Status::ModelledNotBilled => "modelled-not-billed",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub resource_id: Option<String>,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Discount {
    /// Price List service code, as `--prices` overrides name it.
    pub service: String,
    pub billed_unblended_usd: f64,
    pub billed_net_usd: f64,
    pub discount_percent: f64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PricesOverride {
    pub discount_percent: BTreeMap<String, f64>,
}

/// What a usage type is, for grouping: a kind crossover knows, or the bill's own string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Known(UsageKind),
    Other(String),
}

#[derive(Debug, Clone, Default)]
struct Side {
    quantity: f64,
    usd: f64,
    net_usd: f64,
    present: bool,
}

/// (account, region, kind, resource id or "")
type Key = (String, String, Kind, String);

#[derive(Default)]
struct Pair {
    usage_type: Option<String>,
    modelled: Side,
    billed: Side,
}

/// Prices the source's own requests from the price book (Cost Explorer: per request, billed
/// in us-east-1). A book without the rate leaves them at $0 and says so.
pub fn price_requests(r: &mut Reconciliation, bill: &Bill, book: &PriceBook) {
    let Some((item, region)) = bill.source.request_item() else {
        return;
    };
    match book.price(region, item) {
        Some(price) => {
            let usd = tiered_cost(&price.tiers, 0.0, r.requests.count as f64);
            r.requests.usd = (usd * 1e6).round() / 1e6;
        }
        None if r.requests.count > 0 => r.findings.push(Finding {
            code: "requests-unpriced".to_owned(),
            resource_id: None,
            detail: format!(
                "the price book has no {item} rate in {region}: the {} request(s) to the bill source are not priced",
                r.requests.count
            ),
        }),
        None => {}
    }
}

pub fn reconcile(snapshot: &Snapshot, analysis: &Analysis, bill: &Bill) -> Reconciliation {
    let window = Hours::of(snapshot);
    let whole_days = window.whole_days();
    let compared: BTreeSet<NaiveDate> = whole_days.intersection(&bill.days).copied().collect();
    let missing: Vec<NaiveDate> = whole_days.difference(&bill.days).copied().collect();
    let mut findings = Vec::new();

    let shares = rest_share(snapshot);
    let views: Vec<UsageView> = snapshot
        .resources
        .iter()
        .map(|r| view(r, window.hours, &shares))
        .collect();
    let lines_by_id: HashMap<(&str, &str, &str), &[Line]> = analysis
        .resources
        .iter()
        .map(|r| {
            (
                (r.account_id.as_str(), r.region.as_str(), r.id.as_str()),
                r.current.lines.as_slice(),
            )
        })
        .collect();
    let modelled = |days: &BTreeSet<NaiveDate>, findings: &mut Vec<Finding>| {
        let mask = window.mask(days);
        let mut out: Vec<(Key, Side)> = Vec::new();
        for (r, v) in snapshot.resources.iter().zip(&views) {
            let Some(lines) =
                lines_by_id.get(&(r.account_id.as_str(), r.region.as_str(), r.id.as_str()))
            else {
                continue;
            };
            for line in lines.iter() {
                let Some(kind) = line_kind(line) else {
                    findings.push(Finding {
                        code: "unmapped-line".to_owned(),
                        resource_id: Some(r.id.clone()),
                        detail: format!(
                            "the modelled line \"{}\" ({}) has no usage type to compare with",
                            line.item, line.unit
                        ),
                    });
                    continue;
                };
                let fraction = window.fraction(&mask, profile(kind, v));
                let to_window = window.hours as f64 / HOURS_PER_MONTH;
                out.push((
                    (
                        r.account_id.clone(),
                        r.region.clone(),
                        Kind::Known(kind),
                        r.id.clone(),
                    ),
                    Side {
                        quantity: line.quantity * to_window * fraction,
                        usd: line.monthly_usd * to_window * fraction,
                        net_usd: 0.0,
                        present: true,
                    },
                ));
            }
        }
        out
    };

    let accounts: BTreeSet<&str> = snapshot.account_ids.iter().map(String::as_str).collect();
    let regions: BTreeSet<&str> = snapshot.regions.iter().map(String::as_str).collect();
    let in_scope = |row: &BilledRow| {
        accounts.contains(row.account_id.as_str())
            && regions.contains(usage_types::region_of(&row.usage_type))
    };

    // Per account × region × usage type.
    let mut pairs: BTreeMap<Key, Pair> = BTreeMap::new();
    let mut unmapped = Vec::new();
    for ((account, region, kind, _), side) in modelled(&compared, &mut unmapped) {
        add(
            &mut pairs,
            (account, region, kind, String::new()),
            None,
            side,
            false,
        );
    }
    let mut outside = (0usize, 0.0);
    for row in bill.rows.iter().filter(|r| compared.contains(&r.day)) {
        if !in_scope(row) {
            outside.0 += 1;
            outside.1 += row.unblended_usd;
            continue;
        }
        let (region, kind) = kind_of(&row.usage_type);
        add(
            &mut pairs,
            (
                row.account_id.clone(),
                region.to_owned(),
                kind,
                String::new(),
            ),
            Some(&row.usage_type),
            billed_side(row),
            true,
        );
    }
    let mut lines: Vec<ReconciliationLine> = pairs.into_iter().map(to_line).collect();
    findings.extend(unmapped);

    // Per resource, over the days the bill names resources.
    let resource_days: BTreeSet<NaiveDate> = compared
        .intersection(&bill.resource_days)
        .copied()
        .collect();
    if !resource_days.is_empty() {
        let ids = ResourceIds::new(&snapshot.resources);
        let mut pairs: BTreeMap<Key, Pair> = BTreeMap::new();
        for (key, side) in modelled(&resource_days, &mut Vec::new()) {
            // The bill does not say which addresses or endpoints are an ALB's.
            if !matches!(&key.2, Kind::Known(k) if k.is_shared()) {
                add(&mut pairs, key, None, side, false);
            }
        }
        for row in bill
            .resource_rows
            .iter()
            .filter(|r| resource_days.contains(&r.day) && in_scope(r))
        {
            let (region, kind) = kind_of(&row.usage_type);
            let raw = row.resource_id.as_deref().unwrap_or_default();
            let id = match ids.find(&row.account_id, raw) {
                Some(id) => id.to_owned(),
                None if matches!(&kind, Kind::Known(k) if k.is_shared()) => continue,
                None => raw.to_owned(),
            };
            add(
                &mut pairs,
                (row.account_id.clone(), region.to_owned(), kind, id),
                Some(&row.usage_type),
                billed_side(row),
                true,
            );
        }
        findings.extend(lcu_ratios(
            snapshot,
            &views,
            &window,
            &resource_days,
            &pairs,
        ));
        lines.extend(pairs.into_iter().map(to_line));
    }

    let mut totals = ReconciliationTotals::default();
    for l in lines
        .iter()
        .filter(|l| l.resource_id.is_none() && !l.shared)
    {
        totals.modelled_usd += l.modelled_usd;
        totals.billed_unblended_usd += l.billed_unblended_usd;
        totals.billed_net_usd += l.billed_net_usd;
    }
    totals.difference_percent =
        difference_percent(totals.modelled_usd, totals.billed_unblended_usd);
    totals.modelled_usd = round_cents(totals.modelled_usd);
    totals.billed_unblended_usd = round_cents(totals.billed_unblended_usd);
    totals.billed_net_usd = round_cents(totals.billed_net_usd);

    let (discounts, prices_override) = discounts(
        bill.rows
            .iter()
            .filter(|r| compared.contains(&r.day) && in_scope(r)),
    );
    let estimated: Vec<NaiveDate> = compared
        .intersection(&bill.estimated_days)
        .copied()
        .collect();
    findings.extend(day_findings(&window, &compared, &missing, &estimated));
    if outside.0 > 0 {
        findings.push(Finding {
            code: "outside-snapshot".to_owned(),
            resource_id: None,
            detail: format!(
                "{} billed line(s) (${:.2} unblended) are in accounts or regions the snapshot did not read; they are not compared",
                outside.0, outside.1
            ),
        });
    }
    if lines.iter().any(|l| l.shared) {
        findings.push(Finding {
            code: "shared-usage-types".to_owned(),
            resource_id: None,
            detail: "public IPv4 addresses and interface endpoints are billed for every product that holds them (EC2 instances, NAT gateways, other endpoints): their lines compare the account's whole charge with the ALBs' share and stay out of the totals".to_owned(),
        });
    }
    if let Some(f) = discount_finding(&discounts, &prices_override) {
        findings.push(f);
    }
    findings.extend(bill.notes.iter().map(|n| Finding {
        code: n.code.to_owned(),
        resource_id: None,
        detail: n.detail.clone(),
    }));

    Reconciliation {
        source: bill.source.as_str().to_owned(),
        days_compared: compared.into_iter().collect(),
        days_missing: missing,
        totals,
        lines,
        findings,
        requests: bill.requests.unwrap_or_default(),
        days_estimated: estimated,
        tolerance_percent: TOLERANCE_PERCENT,
        discounts,
        prices_override,
    }
}

fn add(
    pairs: &mut BTreeMap<Key, Pair>,
    key: Key,
    usage_type: Option<&str>,
    side: Side,
    billed: bool,
) {
    let pair = pairs.entry(key).or_default();
    if pair.usage_type.is_none() {
        pair.usage_type = usage_type.map(str::to_owned);
    }
    let s = if billed {
        &mut pair.billed
    } else {
        &mut pair.modelled
    };
    s.quantity += side.quantity;
    s.usd += side.usd;
    s.net_usd += side.net_usd;
    s.present = true;
}

fn billed_side(row: &BilledRow) -> Side {
    Side {
        quantity: row.quantity,
        usd: row.unblended_usd,
        net_usd: row.net_usd,
        present: true,
    }
}

fn kind_of(usage_type: &str) -> (&'static str, Kind) {
    match usage_types::classify(usage_type) {
        Some((region, kind)) => (region, Kind::Known(kind)),
        None => (
            usage_types::region_of(usage_type),
            Kind::Other(usage_type.to_owned()),
        ),
    }
}

fn to_line(((account_id, region, kind, resource), pair): (Key, Pair)) -> ReconciliationLine {
    let usage_type = pair.usage_type.clone().unwrap_or_else(|| match &kind {
        Kind::Known(k) => usage_types::usage_type(*k, &region).unwrap_or_default(),
        Kind::Other(s) => s.clone(),
    });
    let (m, b) = (&pair.modelled, &pair.billed);
    let unit_usd = if m.quantity > 0.0 {
        m.usd / m.quantity
    } else if b.quantity > 0.0 {
        b.usd / b.quantity
    } else {
        0.0
    };
    let status = match (m.present, b.present) {
        (true, false) => Status::ModelledNotBilled,
        (false, _) => Status::BilledNotModelled,
        (true, true) => {
            let diff = difference_percent(m.quantity, b.quantity);
            if (m.quantity - b.quantity).abs() * unit_usd < NEGLIGIBLE_USD
                || diff.abs() <= TOLERANCE_PERCENT
            {
                Status::Matches
            } else if diff > 0.0 {
                Status::ModelHigh
            } else {
                Status::ModelLow
            }
        }
    };
    ReconciliationLine {
        shared: matches!(&kind, Kind::Known(k) if k.is_shared()),
        account_id,
        region,
        usage_type,
        resource_id: (!resource.is_empty()).then_some(resource),
        modelled_quantity: round_quantity(m.quantity),
        modelled_usd: round_cents(m.usd),
        billed_quantity: round_quantity(b.quantity),
        billed_unblended_usd: round_cents(b.usd),
        billed_net_usd: round_cents(b.net_usd),
        difference_percent: difference_percent(m.quantity, b.quantity),
        status,
    }
}

/// `modelled` against `billed`, in percent of `billed`, to two decimals. Nothing billed: 0
/// when nothing is modelled either, else +100 (the whole modelled figure is excess).
pub fn difference_percent(modelled: f64, billed: f64) -> f64 {
    let p = if billed > 0.0 {
        (modelled - billed) / billed * 100.0
    } else if modelled > 0.0 {
        100.0
    } else {
        0.0
    };
    (p * 100.0).round() / 100.0
}

fn round_quantity(q: f64) -> f64 {
    (q * 1e6).round() / 1e6
}

/// The usage kind a modelled line of a resource's current cost is billed under: the price-book
/// item the line was priced as.
fn line_kind(line: &Line) -> Option<UsageKind> {
    line.priced_as.map(UsageKind::Priced)
}

/// How a kind's quantity is spread over the window's hours, to take the compared days' part
/// of the window total: `None` for a constant rate (hours of a resource that exists
/// throughout).
fn profile(kind: UsageKind, v: &UsageView) -> Option<&[f64]> {
    match kind {
        UsageKind::Priced(Item::AlbLcuHour) => v.alb.as_ref().map(|a| a.consumed_lcus.as_slice()),
        UsageKind::Priced(Item::HttpApiRequest | Item::RestApiRequest | Item::WebsocketMessage) => {
            Some(v.requests.as_slice())
        }
        UsageKind::Priced(Item::WebsocketConnectionMinute) => Some(v.connects.as_slice()),
        _ => None,
    }
}

/// The snapshot's window as hours, and which of them fall on given days.
struct Hours {
    start: chrono::DateTime<chrono::Utc>,
    end: chrono::DateTime<chrono::Utc>,
    hours: usize,
}

impl Hours {
    fn of(snapshot: &Snapshot) -> Self {
        Hours {
            start: snapshot.window.start,
            end: snapshot.window.end,
            hours: snapshot.window.hours as usize,
        }
    }

    /// UTC days whose 24 hours all lie in the window: a bill counts whole days, so a day the
    /// window covers only in part cannot be compared.
    fn whole_days(&self) -> BTreeSet<NaiveDate> {
        let mut out = BTreeSet::new();
        let mut day = self.start.date_naive();
        while let Some(next) = day.succ_opt() {
            let from = day.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
            let to = next.and_hms_opt(0, 0, 0).expect("midnight").and_utc();
            if from >= self.end {
                break;
            }
            if from >= self.start && to <= self.end {
                out.insert(day);
            }
            day = next;
        }
        out
    }

    /// Days the window touches only in part.
    fn partial_days(&self) -> Vec<NaiveDate> {
        let whole = self.whole_days();
        let mut out = BTreeSet::new();
        for h in 0..self.hours {
            let d = (self.start + TimeDelta::hours(h as i64)).date_naive();
            if !whole.contains(&d) {
                out.insert(d);
            }
        }
        out.into_iter().collect()
    }

    fn mask(&self, days: &BTreeSet<NaiveDate>) -> Vec<bool> {
        (0..self.hours)
            .map(|h| days.contains(&(self.start + TimeDelta::hours(h as i64)).date_naive()))
            .collect()
    }

    /// The part of a window total that falls in the masked hours.
    fn fraction(&self, mask: &[bool], profile: Option<&[f64]>) -> f64 {
        let uniform = || {
            if self.hours == 0 {
                0.0
            } else {
                mask.iter().filter(|m| **m).count() as f64 / self.hours as f64
            }
        };
        match profile {
            Some(p) => {
                let total: f64 = p.iter().sum();
                if total > 0.0 {
                    p.iter()
                        .zip(mask)
                        .filter(|(_, m)| **m)
                        .map(|(v, _)| v)
                        .sum::<f64>()
                        / total
                } else {
                    uniform()
                }
            }
            None => uniform(),
        }
    }
}

/// Snapshot resources by account and id, to recognise the resource ids bills carry: an ALB
/// by its ARN, an API by the id inside `…/restapis/<id>/…` or `…/apis/<id>/…` (API Gateway
/// bills stages), or by the bare id.
struct ResourceIds<'a> {
    ids: BTreeSet<(&'a str, &'a str)>,
}

impl<'a> ResourceIds<'a> {
    fn new(resources: &'a [Resource]) -> Self {
        ResourceIds {
            ids: resources
                .iter()
                .map(|r| (r.account_id.as_str(), r.id.as_str()))
                .collect(),
        }
    }

    fn find<'b>(&self, account: &str, billed: &'b str) -> Option<&'b str> {
        let candidate = api_id(billed).unwrap_or(billed);
        self.ids
            .contains(&(account, candidate))
            .then_some(candidate)
    }
}

/// The API id in an API Gateway resource ARN.
fn api_id(arn: &str) -> Option<&str> {
    for marker in ["/restapis/", "/apis/"] {
        if let Some((_, rest)) = arn.split_once(marker) {
            return Some(rest.split('/').next().unwrap_or(rest));
        }
    }
    None
}

/// For each ALB the bill names: billed LCU-hours over the hourly ConsumedLCUs Sum of the same
/// days, loud when far from 1.
fn lcu_ratios(
    snapshot: &Snapshot,
    views: &[UsageView],
    window: &Hours,
    days: &BTreeSet<NaiveDate>,
    pairs: &BTreeMap<Key, Pair>,
) -> Vec<Finding> {
    let mask = window.mask(days);
    let mut out = Vec::new();
    for (r, v) in snapshot.resources.iter().zip(views) {
        let Some(alb) = &v.alb else { continue };
        let key = (
            r.account_id.clone(),
            r.region.clone(),
            Kind::Known(UsageKind::Priced(Item::AlbLcuHour)),
            r.id.clone(),
        );
        let Some(pair) = pairs.get(&key).filter(|p| p.billed.present) else {
            continue;
        };
        let consumed: f64 = alb
            .consumed_lcus
            .iter()
            .zip(&mask)
            .filter(|(_, m)| **m)
            .map(|(c, _)| c)
            .sum();
        let billed = pair.billed.quantity;
        let far = if consumed > 0.0 {
            (billed / consumed - 1.0).abs() > LCU_RATIO_SLACK
        } else {
            billed > 0.0
        };
        if far {
            let ratio = if consumed > 0.0 {
                format!("{:.2}×", billed / consumed)
            } else {
                "unbounded (no ConsumedLCUs datapoints)".to_owned()
            };
            out.push(Finding {
                code: "lcu-ratio".to_owned(),
                resource_id: Some(r.id.clone()),
                detail: format!(
                    "{}: AWS billed {billed:.3} LCU-hours where the hourly ConsumedLCUs Sum is {consumed:.3} over the same {} day(s), a ratio of {ratio}; the model reads ConsumedLCUs as billed LCU-hours, so its LCU figures for this ALB are wrong by that factor",
                    r.name,
                    days.len()
                ),
            });
        }
    }
    out
}

fn discounts<'a>(rows: impl Iterator<Item = &'a BilledRow>) -> (Vec<Discount>, PricesOverride) {
    let mut by_service: BTreeMap<Service, (f64, f64)> = BTreeMap::new();
    for row in rows {
        if let Some(s) = row.service {
            let e = by_service.entry(s).or_default();
            e.0 += row.unblended_usd;
            e.1 += row.net_usd;
        }
    }
    let mut out = PricesOverride::default();
    let list = by_service
        .into_iter()
        .filter(|(_, (u, _))| *u > 0.0)
        .map(|(service, (u, n))| {
            let percent = (((1.0 - n / u) * 100.0) * 100.0).round() / 100.0;
            if percent > 0.0 && percent <= 100.0 {
                out.discount_percent
                    .insert(service.code().to_owned(), percent);
            }
            Discount {
                service: service.code().to_owned(),
                billed_unblended_usd: round_cents(u),
                billed_net_usd: round_cents(n),
                discount_percent: percent,
            }
        })
        .collect();
    (list, out)
}

fn discount_finding(discounts: &[Discount], o: &PricesOverride) -> Option<Finding> {
    if o.discount_percent.is_empty() {
        return None;
    }
    let each: Vec<String> = discounts
        .iter()
        .filter(|d| o.discount_percent.contains_key(&d.service))
        .map(|d| format!("{} {}%", d.service, d.discount_percent))
        .collect();
    Some(Finding {
        code: "discount".to_owned(),
        resource_id: None,
        detail: format!(
            "net cost is below unblended ({}); a price file with {} passed to --prices makes the model's figures net",
            each.join(", "),
            serde_json::to_string(o).expect("overrides serialise")
        ),
    })
}

fn day_findings(
    window: &Hours,
    compared: &BTreeSet<NaiveDate>,
    missing: &[NaiveDate],
    estimated: &[NaiveDate],
) -> Vec<Finding> {
    let list = |days: &[NaiveDate]| {
        days.iter()
            .map(NaiveDate::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    if compared.is_empty() {
        out.push(Finding {
            code: "no-days-compared".to_owned(),
            resource_id: None,
            detail: "the bill covers none of the window's whole days: nothing was compared"
                .to_owned(),
        });
    }
    if !missing.is_empty() {
        out.push(Finding {
            code: "days-missing".to_owned(),
            resource_id: None,
            detail: format!(
                "the bill does not cover {} of the window's whole days yet ({}); they are left out of the comparison, not counted as differences",
                missing.len(),
                list(missing)
            ),
        });
    }
    let partial = window.partial_days();
    if !partial.is_empty() {
        out.push(Finding {
            code: "partial-days".to_owned(),
            resource_id: None,
            detail: format!(
                "the window covers only part of {} (UTC); bills count whole days, so these are not compared",
                list(&partial)
            ),
        });
    }
    if !estimated.is_empty() {
        out.push(Finding {
            code: "estimated-days".to_owned(),
            resource_id: None,
            detail: format!(
                "the source marks {} compared day(s) estimated ({}): AWS may still revise them",
                estimated.len(),
                list(estimated)
            ),
        });
    }
    out
}

#[cfg(test)]
pub(crate) mod tests;
