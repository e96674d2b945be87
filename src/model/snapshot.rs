use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Alb, RestApi, Usage, V2Api};

/// Bumped whenever a field changes meaning or is removed; readers refuse other versions.
pub const SNAPSHOT_SCHEMA_VERSION: u32 = 1;

/// The longest look-back window `collect` takes, in days: CloudWatch keeps hourly datapoints
/// for 455 days. Readers refuse snapshots with longer windows, whose hour-by-hour analysis
/// would need memory in proportion to a number anyone can write into the file.
pub const MAX_WINDOW_DAYS: u32 = 455;

/// Everything `collect` read from one or more accounts, ready for offline analysis.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Snapshot {
    pub schema_version: u32,
    pub tool_version: String,
    pub partition: String,
    pub account_ids: Vec<String>,
    pub regions: Vec<String>,
    pub window: Window,
    pub period_seconds: u32,
    pub collected_at: DateTime<Utc>,
    pub resources: Vec<Resource>,
    /// Calls that failed: the snapshot is complete only when this is empty.
    pub gaps: Vec<Gap>,
    /// Facts about the data itself that a reader must know (e.g. REST APIs sharing a name).
    #[serde(default)]
    pub notes: Vec<DataNote>,
    /// What reading the usage asked of CloudWatch, per account and region, so that a report
    /// can price the scan itself. `None` where it is not known: snapshots written before
    /// crossover recorded it, and merges that include one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_requests: Option<Vec<MetricRequests>>,
    /// The AWS Organizations the snapshot's accounts belong to, as far as collect could read
    /// them (organizations:DescribeOrganization): consolidated billing counts the accounts of
    /// one organization as one for API Gateway's volume tiers. Empty in older snapshots and
    /// when no account could read its organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<Organization>,
    /// Account id → the account's name in AWS Organizations, where an organization scan read
    /// it (ListAccounts); empty otherwise. Reports name accounts by it.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub account_names: std::collections::BTreeMap<String, String>,
    /// The quotas that feature checks compare with, as Service Quotas reported them for each
    /// account × region where a check needed one (GetServiceQuota). Empty in older snapshots
    /// and where no check needed one: the checks then use AWS's default.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_quotas: Vec<ServiceQuota>,
    /// The `execute-api` interface VPC endpoints of the account × regions that have a private
    /// REST API (only there does collect ask, to keep the call economy). `None` in snapshots
    /// written before collect read them; `Some(empty)` when it asked and found none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_endpoints: Option<Vec<super::VpcEndpoint>>,
}

/// A quota crossover reads from Service Quotas, serialised as `{service code}/{quota code}`
/// (the codes of the quota's Service Quotas console link on AWS's quota pages).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuotaCode {
    /// API Gateway's throttle per account and Region, in requests per second, shared by all its
    /// REST, HTTP and WebSocket APIs (adjustable; 10,000 by default, 2,500 in some Regions):
    /// https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
    #[serde(rename = "apigateway/L-8A5B8E43")]
    ApiGatewayThrottleRate,
    /// Rules per Application Load Balancer, default rules excluded (adjustable; 100 by default):
    /// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
    #[serde(rename = "elasticloadbalancing/L-7EED9B64")]
    AlbRulesPerLoadBalancer,
}

impl QuotaCode {
    /// Service Quotas' service code.
    pub fn service_code(self) -> &'static str {
        match self {
            QuotaCode::ApiGatewayThrottleRate => "apigateway",
            QuotaCode::AlbRulesPerLoadBalancer => "elasticloadbalancing",
        }
    }

    /// Service Quotas' quota code.
    pub fn quota_code(self) -> &'static str {
        match self {
            QuotaCode::ApiGatewayThrottleRate => "L-8A5B8E43",
            QuotaCode::AlbRulesPerLoadBalancer => "L-7EED9B64",
        }
    }
}

/// What Service Quotas said about one quota of one account × region.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, PartialOrd)]
pub struct ServiceQuota {
    pub account_id: String,
    pub region: String,
    pub quota: QuotaCode,
    /// The value applied to the account (GetServiceQuota's `Value`); None where Service Quotas
    /// holds no applied value for it (NoSuchResourceException), so AWS's default applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_value: Option<f64>,
}

impl ServiceQuota {
    /// One entry per account × region × quota, sorted; where merged shards read the same
    /// quota, the first applied value read wins.
    pub fn combined(entries: impl IntoIterator<Item = ServiceQuota>) -> Vec<ServiceQuota> {
        let mut by_key: std::collections::BTreeMap<(String, String, QuotaCode), Option<f64>> =
            std::collections::BTreeMap::new();
        for e in entries {
            let value = by_key.entry((e.account_id, e.region, e.quota)).or_default();
            if value.is_none() {
                *value = e.applied_value;
            }
        }
        by_key
            .into_iter()
            .map(
                |((account_id, region, quota), applied_value)| ServiceQuota {
                    account_id,
                    region,
                    quota,
                    applied_value,
                },
            )
            .collect()
    }
}

/// An AWS Organization and which of the snapshot's accounts belong to it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Organization {
    /// `o-` followed by letters and digits.
    pub id: String,
    pub management_account_id: String,
    /// The snapshot's accounts in this organization, sorted.
    pub account_ids: Vec<String>,
}

impl Organization {
    /// One entry per organization, its accounts joined, sorted and deduplicated (merged
    /// shards of one organization each name it).
    pub fn combined(entries: impl IntoIterator<Item = Organization>) -> Vec<Organization> {
        let mut by_id: std::collections::BTreeMap<String, Organization> =
            std::collections::BTreeMap::new();
        for e in entries {
            let o = by_id.entry(e.id.clone()).or_insert_with(|| Organization {
                account_ids: Vec::new(),
                ..e.clone()
            });
            o.account_ids.extend(e.account_ids);
        }
        by_id
            .into_values()
            .map(|mut o| {
                o.account_ids.sort();
                o.account_ids.dedup();
                o
            })
            .collect()
    }
}

impl Snapshot {
    /// The consolidated-billing family an account's API Gateway tiers count in: its
    /// organization's id where the snapshot knows it, else the account alone.
    pub fn billing_family<'a>(&'a self, account_id: &'a str) -> &'a str {
        self.organizations
            .iter()
            .find(|o| o.account_ids.iter().any(|a| a == account_id))
            .map_or(account_id, |o| o.id.as_str())
    }
}

/// The GetMetricData requests of one account × region.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct MetricRequests {
    pub account_id: String,
    pub region: String,
    /// Metrics named in the GetMetricData queries: each metric of each batch once, however
    /// many NextToken pages its answer took.
    pub metrics_requested: u64,
    /// GetMetricData calls made, every page and failed call included.
    pub getmetricdata_calls: u64,
    /// Each batch's metrics and the NextToken pages its answer took, so that a report can
    /// price the scan as if every page billed the batch's metrics again (AWS does not say
    /// whether it does). `None` where it is not known: snapshots written before collect
    /// recorded it, and entries combined with one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batches: Option<Vec<BatchPages>>,
}

/// One GetMetricData batch: the metrics its queries name and the pages AWS answered it in
/// (0 when its first call failed).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct BatchPages {
    pub metrics: u64,
    pub pages: u64,
}

impl MetricRequests {
    pub fn new(account_id: &str, region: &str, metrics_requested: u64, calls: u64) -> Self {
        MetricRequests {
            account_id: account_id.to_owned(),
            region: region.to_owned(),
            metrics_requested,
            getmetricdata_calls: calls,
            batches: None,
        }
    }

    /// The metrics billed if every page of a batch billed its metrics again: each batch's
    /// metrics × its pages (at least once, as the low count has them). `None` when the
    /// batches are not recorded.
    pub fn metrics_if_billed_per_page(&self) -> Option<u64> {
        self.batches.as_ref().map(|b| {
            b.iter().fold(0u64, |sum, b| {
                sum.saturating_add(b.metrics.saturating_mul(b.pages.max(1)))
            })
        })
    }

    /// One entry per account × region, sorted, with the entries of a pair added up: two
    /// scans that read the same account × region each paid for their own requests.
    pub fn combined(entries: impl IntoIterator<Item = MetricRequests>) -> Vec<MetricRequests> {
        type Sums = (u64, u64, Option<Vec<BatchPages>>);
        let mut by_pair: std::collections::BTreeMap<(String, String), Sums> =
            std::collections::BTreeMap::new();
        for e in entries {
            let sums = by_pair
                .entry((e.account_id, e.region))
                .or_insert((0, 0, Some(Vec::new())));
            sums.0 = sums.0.saturating_add(e.metrics_requested);
            sums.1 = sums.1.saturating_add(e.getmetricdata_calls);
            // One entry that does not record its batches leaves the pair's unknown.
            sums.2 = match (sums.2.take(), e.batches) {
                (Some(mut ours), Some(theirs)) => {
                    ours.extend(theirs);
                    Some(ours)
                }
                _ => None,
            };
        }
        by_pair
            .into_iter()
            .map(
                |((account_id, region), (metrics_requested, getmetricdata_calls, mut batches))| {
                    if let Some(b) = batches.as_mut() {
                        b.sort();
                    }
                    MetricRequests {
                        account_id,
                        region,
                        metrics_requested,
                        getmetricdata_calls,
                        batches,
                    }
                },
            )
            .collect()
    }
}

/// The look-back window: whole hours, `[start, end)`, ending at the last full hour.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub hours: u32,
}

impl Window {
    /// The window of `days` whole days ending at the last full hour before `now`.
    pub fn ending_before(now: DateTime<Utc>, days: u32) -> Self {
        use chrono::{DurationRound, TimeDelta};
        let end = now
            .duration_trunc(TimeDelta::hours(1))
            .expect("an hour always divides a UTC timestamp");
        let hours = days * 24;
        Window {
            start: end - TimeDelta::hours(i64::from(hours)),
            end,
            hours,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    Alb,
    RestApi,
    HttpApi,
    WebsocketApi,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Alb => "alb",
            ResourceKind::RestApi => "rest_api",
            ResourceKind::HttpApi => "http_api",
            ResourceKind::WebsocketApi => "websocket_api",
        }
    }

    /// How a report names the kind in a sentence or a table.
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::Alb => "ALB",
            ResourceKind::RestApi => "REST API",
            ResourceKind::HttpApi => "HTTP API",
            ResourceKind::WebsocketApi => "WebSocket API",
        }
    }

    /// The kind whose `as_str` code this is.
    pub fn from_code(code: &str) -> Option<ResourceKind> {
        [
            ResourceKind::Alb,
            ResourceKind::RestApi,
            ResourceKind::HttpApi,
            ResourceKind::WebsocketApi,
        ]
        .into_iter()
        .find(|k| k.as_str() == code)
    }
}

/// One API entry point with its configuration and hourly usage.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Resource {
    pub kind: ResourceKind,
    pub account_id: String,
    pub region: String,
    /// The ALB ARN, or the API id.
    pub id: String,
    pub name: String,
    pub config: ResourceConfig,
    pub usage: Usage,
}

impl Resource {
    /// The resource's tags, whatever its kind (ALB DescribeTags, REST and v2 API inline tags).
    pub fn tags(&self) -> &std::collections::BTreeMap<String, String> {
        match &self.config {
            ResourceConfig::Alb(a) => &a.tags,
            ResourceConfig::RestApi(a) => &a.tags,
            ResourceConfig::V2Api(a) => &a.tags,
        }
    }

    /// The order a snapshot keeps its resources in: by account, region, kind, name and id,
    /// so that reports and diffs do not depend on the order AWS answered in.
    pub fn sort(resources: &mut [Resource]) {
        resources.sort_by(|a, b| {
            (&a.account_id, &a.region, a.kind, &a.name, &a.id).cmp(&(
                &b.account_id,
                &b.region,
                b.kind,
                &b.name,
                &b.id,
            ))
        });
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ResourceConfig {
    Alb(Box<Alb>),
    RestApi(Box<RestApi>),
    /// HTTP and WebSocket APIs share the apigatewayv2 model.
    V2Api(Box<V2Api>),
}

/// A call that could not be completed; the run went on without it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gap {
    pub account_id: String,
    pub region: String,
    pub service: String,
    pub operation: String,
    /// The AWS error code (e.g. `AccessDenied`), or a transport class such as `Timeout`.
    pub error: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    /// The resource the call was about, when it was about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct DataNote {
    pub code: NoteCode,
    pub account_id: String,
    pub region: String,
    pub detail: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<String>,
}

/// What a data note is about: stable kebab-case codes that reports and snapshots carry and
/// scripts may match on. Declared in the alphabetical order of the codes, so that notes sort
/// as their codes do.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum NoteCode {
    /// An ALB's public IPv4 addresses come from the customer's own pool (BYOIP): no charge.
    ByoipPublicIpv4,
    /// ConsumedLCUs and the LCUs recomputed from the billing dimensions, compared.
    LcuCrossCheck,
    /// An ALB reserves far more LCUs than its busiest hour used.
    LcuReservationAbovePeak,
    /// Resources without any CloudWatch datapoint in the window.
    NoMetrics,
    /// The organization of an account could not be read: its tiers count per account.
    OrganizationUnknown,
    /// Private REST APIs that no execute-api endpoint of the snapshot serves.
    PrivateApiEndpointElsewhere,
    /// REST APIs of one region share a name, and so CloudWatch series.
    RestNameCollision,
    /// An execute-api interface endpoint that no private REST API uses, and its cost.
    VpcEndpointUnused,
}

impl NoteCode {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteCode::ByoipPublicIpv4 => "byoip-public-ipv4",
            NoteCode::LcuCrossCheck => "lcu-cross-check",
            NoteCode::LcuReservationAbovePeak => "lcu-reservation-above-peak",
            NoteCode::NoMetrics => "no-metrics",
            NoteCode::OrganizationUnknown => "organization-unknown",
            NoteCode::PrivateApiEndpointElsewhere => "private-api-endpoint-elsewhere",
            NoteCode::RestNameCollision => "rest-name-collision",
            NoteCode::VpcEndpointUnused => "vpc-endpoint-unused",
        }
    }

    /// How a report titles the note.
    pub fn title(self) -> &'static str {
        match self {
            NoteCode::ByoipPublicIpv4 => "BYOIP public IPv4",
            NoteCode::LcuCrossCheck => "LCU cross-check",
            NoteCode::LcuReservationAbovePeak => "LCU reservation above peak",
            NoteCode::NoMetrics => "Missing metrics",
            NoteCode::OrganizationUnknown => "Organization unknown",
            NoteCode::PrivateApiEndpointElsewhere => "Private API endpoint elsewhere",
            NoteCode::RestNameCollision => "REST API name collision",
            NoteCode::VpcEndpointUnused => "Unused execute-api endpoint",
        }
    }
}
