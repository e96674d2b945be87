//! What AWS billed, reduced to what reconciliation compares: per day, account and usage type
//! (and per resource where the source names resources), the usage quantity and the unblended
//! and net cost. Every source (Cost Explorer, a Data Exports export on disk or in S3, Athena)
//! produces a [`Bill`]; `analyze::reconcile` compares it with the model.
//!
//! Reading export files (Parquet, gzip CSV) lives here, not in `collect/`, because a local
//! export needs no AWS call: `collect/` fetches bytes from S3 and hands them to these readers.

pub mod exports;
pub mod usage_types;

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::pricing::{Item, Service};
use usage_types::{UsageKind, ALB_OPERATION};

/// Where the billed figures came from (the JSON `reconciliation.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BillSource {
    CostExplorer,
    Cur,
    Athena,
}

impl BillSource {
    pub fn as_str(self) -> &'static str {
        match self {
            BillSource::CostExplorer => "cost-explorer",
            BillSource::Cur => "cur",
            BillSource::Athena => "athena",
        }
    }

    /// What one request of the source costs, as the price book names it, and the region it
    /// is billed in; `None` for a source whose requests crossover does not pay per request.
    pub fn request_item(self) -> Option<(Item, &'static str)> {
        match self {
            BillSource::CostExplorer => Some((Item::CostExplorerApiRequest, "us-east-1")),
            BillSource::Cur | BillSource::Athena => None,
        }
    }
}

/// One day's billed usage of one usage type in one account, for one resource where the
/// source names it.
#[derive(Debug, Clone, PartialEq)]
pub struct BilledRow {
    pub day: NaiveDate,
    pub account_id: String,
    pub usage_type: String,
    pub service: Option<Service>,
    pub resource_id: Option<String>,
    pub quantity: f64,
    pub unblended_usd: f64,
    pub net_usd: f64,
}

/// A bill over some days, as reconciliation reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Bill {
    pub source: BillSource,
    /// Per day, account and usage type (resources summed).
    pub rows: Vec<BilledRow>,
    /// Per day, account, usage type and resource, where the source names resources.
    pub resource_rows: Vec<BilledRow>,
    /// Days the bill holds figures for (a day with no charge of these services still counts
    /// when the source says it covered it).
    pub days: BTreeSet<NaiveDate>,
    /// Days whose resource-level figures the source holds (all days of an export; the last
    /// 14 days in Cost Explorer where resource-level data is enabled; none otherwise).
    pub resource_days: BTreeSet<NaiveDate>,
    /// Days the source marks estimated (Cost Explorer's open month).
    pub estimated_days: BTreeSet<NaiveDate>,
    /// Requests the source itself bills (Cost Explorer: $0.01 each); `None` when free.
    pub requests: Option<SourceRequests>,
    /// What the source could not give and the reader must know (resource-level data not
    /// enabled): reported as findings, never as differences.
    pub notes: Vec<BillNote>,
}

/// A fact about the bill's data itself, reported as a finding with this code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillNote {
    pub code: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SourceRequests {
    pub count: u64,
    pub usd: f64,
}

/// Whether a billed line is one reconciliation reads: an ALB's Elastic Load Balancing charge
/// (operation `LoadBalancing:Application`, so that NLB, GWLB and Classic charges stay out),
/// any API Gateway charge, and the VPC charges crossover models. `product_code` is the
/// Price List service code (`AWSELB`, `AmazonApiGateway`, `AmazonVPC`).
pub fn is_relevant(product_code: &str, usage_type: &str, operation: &str) -> bool {
    match product_code {
        "AWSELB" => operation == ALB_OPERATION,
        "AmazonApiGateway" => true,
        "AmazonVPC" => matches!(
            usage_types::classify(usage_type),
            Some((_, kind)) if kind.service() == Service::Vpc
        ),
        _ => false,
    }
}

/// The service of a billed usage type: from its kind when crossover knows it, else from its
/// name.
pub fn service_of(usage_type: &str) -> Option<Service> {
    match usage_types::classify(usage_type) {
        Some((_, kind)) => Some(UsageKind::service(kind)),
        None => usage_types::service_of_unclassified(usage_type),
    }
}

type Key = (NaiveDate, String, String, Option<String>);

/// Sums billed lines as they stream in, so that an export of any size needs memory only in
/// proportion to its distinct days × accounts × usage types × resources.
#[derive(Debug, Default)]
pub struct Aggregator {
    by_usage: BTreeMap<Key, (f64, f64, f64)>,
    by_resource: BTreeMap<Key, (f64, f64, f64)>,
    days: BTreeSet<NaiveDate>,
    lines_read: u64,
}

/// One billed line as a source reads it.
pub struct Line<'a> {
    pub day: NaiveDate,
    pub account_id: &'a str,
    pub usage_type: &'a str,
    pub resource_id: Option<&'a str>,
    pub quantity: f64,
    pub unblended_usd: f64,
    pub net_usd: f64,
}

impl Aggregator {
    /// Records that the source covered `day`, whether or not it has a relevant line.
    pub fn cover(&mut self, day: NaiveDate) {
        self.days.insert(day);
    }

    pub fn add(&mut self, line: Line) {
        self.lines_read += 1;
        self.days.insert(line.day);
        let add = |map: &mut BTreeMap<Key, (f64, f64, f64)>, resource: Option<String>| {
            let sums = map
                .entry((
                    line.day,
                    line.account_id.to_owned(),
                    line.usage_type.to_owned(),
                    resource,
                ))
                .or_default();
            sums.0 += line.quantity;
            sums.1 += line.unblended_usd;
            sums.2 += line.net_usd;
        };
        add(&mut self.by_usage, None);
        if let Some(r) = line.resource_id.filter(|r| !r.is_empty()) {
            add(&mut self.by_resource, Some(r.to_owned()));
        }
    }

    pub fn lines_read(&self) -> u64 {
        self.lines_read
    }

    /// The bill; `resources` says whether the source names resources on every day it covers.
    pub fn finish(self, source: BillSource, resources: bool) -> Bill {
        let rows = |map: BTreeMap<Key, (f64, f64, f64)>| -> Vec<BilledRow> {
            map.into_iter()
                .map(
                    |((day, account_id, usage_type, resource_id), (q, u, n))| BilledRow {
                        day,
                        service: service_of(&usage_type),
                        account_id,
                        usage_type,
                        resource_id,
                        quantity: q,
                        unblended_usd: u,
                        net_usd: n,
                    },
                )
                .collect()
        };
        Bill {
            source,
            rows: rows(self.by_usage),
            resource_rows: rows(self.by_resource),
            resource_days: if resources {
                self.days.clone()
            } else {
                BTreeSet::new()
            },
            days: self.days,
            estimated_days: BTreeSet::new(),
            requests: None,
            notes: Vec::new(),
        }
    }
}
