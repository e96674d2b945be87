//! The bill from Cost Explorer (`reconcile --cost-explorer`).
//!
//! One `GetCostAndUsage` request, paginated, covers every account and region of the snapshot:
//! daily, the three metrics reconciliation compares (UsageQuantity, UnblendedCost,
//! NetUnblendedCost), filtered to the charges crossover models, grouped by usage type and
//! linked account. Cost Explorer allows two group-bys; the region needs none of them because
//! the usage type's code names it (`USE1-…`, unprefixed ELB in us-east-1), and the REGION
//! filter keeps other regions out.
//!
//! Where the account has resource-level data enabled, `GetCostAndUsageWithResources` adds the
//! per-resource figures for the days Cost Explorer keeps them (the last 14), grouped by
//! resource and usage type, so one request (and its pages) per account. That data is
//! opt-in: when it is not there, the per-resource lines are left out and a note says why;
//! the account-level comparison stands.
//!
//! Cost Explorer is a global service answered in us-east-1, and bills every request, pages
//! included ($0.01 each, priced from the price book): the requests are counted.
//! <https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_GetCostAndUsage.html>

use std::collections::BTreeSet;
use std::sync::Arc;

use aws_sdk_costexplorer::types::{
    DateInterval, Dimension, DimensionValues, Expression, Granularity, GroupDefinition,
    GroupDefinitionType, ResultByTime,
};
use chrono::{NaiveDate, TimeDelta};

use super::ctx::{token, CallError, CallStats, Ctx};
use super::registry::Op;
use crate::bill::usage_types::{self, UsageKind, ALB_OPERATION};
use crate::bill::{Aggregator, Bill, BillNote, BillSource, Line, SourceRequests};
use crate::pricing::Item;

/// The region Cost Explorer answers in.
pub const REGION: &str = "us-east-1";

/// Cost Explorer keeps resource-level daily data for the last 14 days.
pub const RESOURCE_DAYS: i64 = 14;

const METRICS: [&str; 3] = ["UsageQuantity", "UnblendedCost", "NetUnblendedCost"];

/// Cost Explorer's SERVICE dimension values (its own names, not the Price List codes:
/// SERVICE_CODE may only be used in cost category rules).
const ELB_SERVICE: &str = "Amazon Elastic Load Balancing";
const API_GATEWAY_SERVICE: &str = "Amazon API Gateway";
const VPC_SERVICE: &str = "Amazon Virtual Private Cloud";

/// What to ask for: the whole UTC days `first..=last`, these accounts and regions.
#[derive(Debug, Clone)]
pub struct Query {
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    /// Today (UTC): resource-level data reaches back [`RESOURCE_DAYS`] from here.
    pub today: NaiveDate,
}

fn dim(key: Dimension, values: Vec<String>) -> Expression {
    Expression::builder()
        .dimensions(
            DimensionValues::builder()
                .key(key)
                .set_values(Some(values))
                .build(),
        )
        .build()
}

fn one(key: Dimension, value: &str) -> Expression {
    dim(key, vec![value.to_owned()])
}

fn all_of(parts: Vec<Expression>) -> Expression {
    // An `And` needs two operands at least.
    match <[Expression; 1]>::try_from(parts) {
        Ok([only]) => only,
        Err(parts) => Expression::builder().set_and(Some(parts)).build(),
    }
}

/// The VPC usage types crossover models, in the snapshot's regions: the VPC bills many others
/// (NAT gateways, idle addresses, Transit Gateway) that must stay out.
fn vpc_usage_types(regions: &[String]) -> Vec<String> {
    let kinds = [
        Item::PublicIpv4InUseHour,
        Item::InterfaceEndpointHour,
        Item::InterfaceEndpointDataProcessed,
    ];
    regions
        .iter()
        .flat_map(|r| {
            kinds
                .iter()
                .filter_map(|k| usage_types::usage_type(UsageKind::Priced(*k), r))
        })
        .collect()
}

/// ALB charges (Elastic Load Balancing with operation `LoadBalancing:Application`, so that
/// NLB, GWLB and Classic charges stay out), API Gateway, and the VPC usage types crossover
/// models, in these accounts and the snapshot's regions.
pub fn filter(q: &Query, accounts: &[String]) -> Expression {
    let mut services = vec![
        all_of(vec![
            one(Dimension::Service, ELB_SERVICE),
            one(Dimension::Operation, ALB_OPERATION),
        ]),
        one(Dimension::Service, API_GATEWAY_SERVICE),
    ];
    let vpc = vpc_usage_types(&q.regions);
    if !vpc.is_empty() {
        services.push(all_of(vec![
            one(Dimension::Service, VPC_SERVICE),
            dim(Dimension::UsageType, vpc),
        ]));
    }
    let mut parts = vec![Expression::builder().set_or(Some(services)).build()];
    if !accounts.is_empty() {
        parts.push(dim(Dimension::LinkedAccount, accounts.to_vec()));
    }
    if !q.regions.is_empty() {
        parts.push(dim(Dimension::Region, q.regions.clone()));
    }
    all_of(parts)
}

/// `first..=last` as Cost Explorer's interval (the end is exclusive).
fn interval(first: NaiveDate, last: NaiveDate) -> DateInterval {
    DateInterval::builder()
        .start(first.to_string())
        .end((last + TimeDelta::days(1)).to_string())
        .build()
        .expect("start and end are set")
}

fn group(key: &str) -> GroupDefinition {
    GroupDefinition::builder()
        .r#type(GroupDefinitionType::Dimension)
        .key(key)
        .build()
}

fn metrics() -> Option<Vec<String>> {
    Some(METRICS.iter().map(|m| (*m).to_owned()).collect())
}

/// A client for Cost Explorer from the command's SDK configuration, in us-east-1.
pub fn client(config: &aws_config::SdkConfig) -> aws_sdk_costexplorer::Client {
    let config = config
        .to_builder()
        .region(aws_config::Region::new(REGION))
        .build();
    aws_sdk_costexplorer::Client::new(&config)
}

/// Reads the bill. A failed account-level request fails the source (there is nothing to
/// compare); a failed resource-level one only leaves the per-resource lines out, with a note.
pub async fn read(client: &aws_sdk_costexplorer::Client, q: &Query) -> Result<Bill, CallError> {
    let ctx = Ctx::new("", REGION, Arc::new(CallStats::default()));
    let mut requests = 0u64;
    let mut agg = Aggregator::default();
    let mut days = DayCoverage::default();
    let mut next: Option<String> = None;
    loop {
        requests += 1;
        let out = ctx
            .try_call(
                Op::CeGetCostAndUsage,
                client
                    .get_cost_and_usage()
                    .time_period(interval(q.first, q.last))
                    .granularity(Granularity::Daily)
                    .set_metrics(metrics())
                    .filter(filter(q, &q.accounts))
                    .group_by(group("USAGE_TYPE"))
                    .group_by(group("LINKED_ACCOUNT"))
                    .set_next_page_token(next.clone())
                    .send(),
            )
            .await?;
        for r in out.results_by_time() {
            days.add(r);
            add_groups(r, &mut agg, |keys| {
                Some((keys.first()?.as_str(), keys.get(1)?.as_str(), None))
            });
        }
        match token(out.next_page_token()) {
            Some(t) if next.as_ref() != Some(&t) => next = Some(t),
            _ => break,
        }
    }
    let covered = days.covered();
    let mut bill = agg.finish(BillSource::CostExplorer, false);
    bill.days = covered.clone();
    bill.estimated_days = days.estimated.intersection(&covered).copied().collect();

    // Resource-level data: the compared days within the last 14, one account at a time.
    let first = q.first.max(q.today - TimeDelta::days(RESOURCE_DAYS - 1));
    let last = q.last.min(q.today);
    if first <= last && !covered.is_empty() {
        match read_resources(&ctx, client, q, first, last, &mut requests).await {
            Ok(resources) => {
                bill.resource_rows = resources.resource_rows;
                bill.resource_days = covered.range(first..=last).copied().collect();
            }
            Err(e) => bill.notes.push(resource_note(&e)),
        }
    }
    bill.requests = Some(SourceRequests {
        count: requests,
        usd: 0.0,
    });
    Ok(bill)
}

async fn read_resources(
    ctx: &Ctx,
    client: &aws_sdk_costexplorer::Client,
    q: &Query,
    first: NaiveDate,
    last: NaiveDate,
    requests: &mut u64,
) -> Result<Bill, CallError> {
    let mut agg = Aggregator::default();
    for account in &q.accounts {
        let mut next: Option<String> = None;
        loop {
            *requests += 1;
            let out = ctx
                .try_call(
                    Op::CeGetCostAndUsageWithResources,
                    client
                        .get_cost_and_usage_with_resources()
                        .time_period(interval(first, last))
                        .granularity(Granularity::Daily)
                        .set_metrics(metrics())
                        .filter(filter(q, std::slice::from_ref(account)))
                        .group_by(group("RESOURCE_ID"))
                        .group_by(group("USAGE_TYPE"))
                        .set_next_page_token(next.clone())
                        .send(),
                )
                .await?;
            for r in out.results_by_time() {
                add_groups(r, &mut agg, |keys| {
                    Some((
                        keys.get(1)?.as_str(),
                        account.as_str(),
                        Some(keys.first()?.as_str()),
                    ))
                });
            }
            match token(out.next_page_token()) {
                Some(t) if next.as_ref() != Some(&t) => next = Some(t),
                _ => break,
            }
        }
    }
    Ok(agg.finish(BillSource::CostExplorer, true))
}

/// Why there are no per-resource lines.
fn resource_note(e: &CallError) -> BillNote {
    let detail = if e.is("DataUnavailableException") {
        format!(
            "Cost Explorer has no resource-level data for these days ({e}): per-resource lines and the LCU ratio need \"Daily granularity\" for resource-level data, enabled in Cost Management preferences; the account-level comparison stands"
        )
    } else {
        format!(
            "Cost Explorer's resource-level data could not be read ({e}): per-resource lines and the LCU ratio are left out; the account-level comparison stands"
        )
    };
    BillNote {
        code: "resource-data-unavailable",
        detail,
    }
}

/// Which days the answer covers. Cost Explorer answers every day asked for, but a day it has
/// no data for yet (it lags up to a day) has no groups: the days after the last one with
/// groups are not covered. A day with no groups before it is a day with no such charges.
#[derive(Default)]
struct DayCoverage {
    asked: BTreeSet<NaiveDate>,
    with_data: BTreeSet<NaiveDate>,
    estimated: BTreeSet<NaiveDate>,
}

impl DayCoverage {
    fn add(&mut self, r: &ResultByTime) {
        let Some(day) = day_of(r) else { return };
        self.asked.insert(day);
        if !r.groups().is_empty() {
            self.with_data.insert(day);
        }
        if r.estimated() {
            self.estimated.insert(day);
        }
    }

    fn covered(&self) -> BTreeSet<NaiveDate> {
        match self.with_data.last() {
            Some(last) => self.asked.range(..=*last).copied().collect(),
            None => BTreeSet::new(),
        }
    }
}

fn day_of(r: &ResultByTime) -> Option<NaiveDate> {
    r.time_period()
        .and_then(|p| NaiveDate::parse_from_str(p.start(), "%Y-%m-%d").ok())
}

/// Adds one day's groups; `keys` reads (usage type, account, resource) from a group's keys.
fn add_groups<'a>(
    r: &'a ResultByTime,
    agg: &mut Aggregator,
    keys: impl Fn(&'a [String]) -> Option<(&'a str, &'a str, Option<&'a str>)>,
) {
    let Some(day) = day_of(r) else { return };
    for g in r.groups() {
        let Some((usage_type, account, resource)) = keys(g.keys()) else {
            continue;
        };
        let metric = |name: &str| -> f64 {
            g.metrics()
                .and_then(|m| m.get(name))
                .and_then(|v| v.amount())
                .and_then(|a| a.parse().ok())
                .unwrap_or(0.0)
        };
        // Cost Explorer groups a charge without a resource under "NoResourceId".
        let resource = resource.filter(|r| !r.is_empty() && *r != "NoResourceId");
        agg.add(Line {
            day,
            account_id: account,
            usage_type,
            resource_id: resource,
            quantity: metric("UsageQuantity"),
            unblended_usd: metric("UnblendedCost"),
            net_usd: metric("NetUnblendedCost"),
        });
    }
}

#[cfg(test)]
mod tests;
