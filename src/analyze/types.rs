//! The analysis, shaped as the contract's JSON report (schema_version 1): the renderers only
//! format it, and `--format json` is its serialisation.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::model::{DataNote, Gap, ResourceKind, Window};
use crate::pricing::Item;

pub const REPORT_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Analysis {
    pub schema_version: u32,
    /// When the analysed data was collected: the analysis itself reads no clock, so the same
    /// snapshot always gives the same report.
    pub generated_at: DateTime<Utc>,
    pub account_ids: Vec<String>,
    pub window: Window,
    pub hours_per_month: f64,
    pub prices: PricesInfo,
    pub summary: Summary,
    pub resources: Vec<ResourceAnalysis>,
    pub coverage: Coverage,
    /// Facts about the data that qualify the figures (LCU cross-check, missing series,
    /// REST name collisions).
    pub data_quality: Vec<DataNote>,
    /// The assumptions every estimate shares; each alternative lists its own as well.
    pub assumptions: Vec<String>,
    /// What reading the usage cost in CloudWatch charges; absent when the snapshot does not
    /// record its requests (older snapshots, and merges that include one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scan: Option<ScanCost>,
    /// Account id → its name in AWS Organizations, where the snapshot has it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub account_names: BTreeMap<String, String>,
    /// What `--group-by` grouped the resources by (`account`, `region`, `kind`, `tag:KEY`);
    /// absent without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<String>,
    /// Subtotals and actions per group, largest spend first; they add up to the summary.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSummary>,
    /// The model beside the bill (`crossover reconcile`, `scan --reconcile`); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reconciliation: Option<super::reconcile::Reconciliation>,
    /// The `execute-api` interface endpoints of the accounts and regions with a private REST
    /// API: what each costs a month and which private REST APIs carry it; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoints: Vec<EndpointAnalysis>,
}

/// One `execute-api` interface endpoint: its monthly cost and the private REST APIs it is
/// charged to (their shares add up to 1; none for an endpoint no private API uses).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EndpointAnalysis {
    pub account_id: String,
    pub region: String,
    pub id: String,
    pub vpc_id: String,
    pub state: String,
    /// Billed network interfaces (one per subnet, so per Availability Zone).
    pub interfaces: usize,
    pub monthly_usd: f64,
    pub hours_monthly_usd: f64,
    pub data_gb_monthly: f64,
    pub data_monthly_usd: f64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unpriced: Vec<Item>,
    /// `named` (the APIs name it), `account-region` (shared by the private APIs of its
    /// account and region that name no endpoint), `unused` (no private API uses it: a
    /// `vpc-endpoint-unused` finding) or `not-billed` (not in state available).
    pub attribution: String,
    pub users: Vec<EndpointUser>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EndpointUser {
    /// The private REST API's id and name.
    pub id: String,
    pub name: String,
    /// Its part of the endpoint, 0–1, in proportion to its requests.
    pub share: f64,
    pub monthly_usd: f64,
}

/// The scan's own CloudWatch cost: GetMetricData bills each metric requested, at the rate of
/// the region asked. A one-off charge of the run that collected the data, so it is never part
/// of the monthly figures.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ScanCost {
    pub metrics_requested: u64,
    pub getmetricdata_calls: u64,
    /// USD, to a millionth of a dollar (a small scan costs a fraction of a cent); the
    /// metrics of unpriced regions are left out.
    pub cloudwatch_usd: f64,
    /// Regions metrics were requested from whose GetMetricData rate the price book lacks.
    pub unpriced_regions: Vec<String>,
    pub by_account_region: Vec<ScanCostEntry>,
    /// The metrics and USD if every NextToken page of a batch billed its metrics again (AWS
    /// does not say whether it does): the high end of the scan's cost, `cloudwatch_usd` the
    /// low. Absent when the snapshot does not record its batches' pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_requested_high: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_usd_high: Option<f64>,
}

impl ScanCost {
    /// Metrics requested in the regions the price book has no rate for.
    pub fn unpriced_metrics(&self) -> u64 {
        self.by_account_region
            .iter()
            .filter(|e| e.usd_per_metric.is_none())
            .fold(0, |sum, e| sum.saturating_add(e.metrics_requested))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ScanCostEntry {
    pub account_id: String,
    pub region: String,
    pub metrics_requested: u64,
    pub getmetricdata_calls: u64,
    /// The region's price of one metric (the average over its tiers, should the book have
    /// tiers); `None` when the book has no rate for the region.
    pub usd_per_metric: Option<f64>,
    pub cloudwatch_usd: Option<f64>,
    /// As on [`ScanCost`]: the high end, where the batches' pages are recorded (and, for the
    /// USD, the region priced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_requested_high: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloudwatch_usd_high: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PricesInfo {
    pub source: String,
    pub as_of: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub current_monthly_usd: f64,
    pub recommended_monthly_usd: f64,
    pub savings_monthly_usd: f64,
    /// Resources per recommended action.
    pub resources_by_action: ByAction<usize>,
    pub per_account: BTreeMap<String, AccountSummary>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct AccountSummary {
    pub current_monthly_usd: f64,
    pub recommended_monthly_usd: f64,
    pub savings_monthly_usd: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResourceAnalysis {
    pub kind: ResourceKind,
    pub account_id: String,
    pub region: String,
    pub id: String,
    pub name: String,
    pub usage: UsageSummary,
    pub current: Cost,
    pub alternatives: Vec<Alternative>,
    pub recommendation: Recommendation,
    /// The monthly volume at which the best alternative costs what today's service costs.
    pub crossover: Option<Crossover>,
    pub trend: Option<Trend>,
    /// Resources this one is chained with (an API that reaches an ALB through a VPC link).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub linked: Vec<String>,
    /// The resource's tags as AWS has them (grouping by `tag:KEY` reads them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Today's cost and the crossover alternative's at evenly spaced monthly volumes (the
    /// cost-by-volume chart); absent without traffic or a fully priced alternative.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cost_by_volume: Vec<VolumePoint>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UsageSummary {
    /// Requests per month (messages for a WebSocket API), scaled from the window.
    pub requests_monthly: f64,
    /// Bytes per month where CloudWatch measures them (ALB ProcessedBytes, HTTP API
    /// DataProcessed); absent for REST and WebSocket APIs.
    pub bytes_monthly: Option<f64>,
    pub requests_window: f64,
    pub requests_per_day: f64,
    pub peak_hour_requests: f64,
    pub peak_hour: Option<DateTime<Utc>>,
    /// Requests per day over the window, oldest first.
    pub daily_requests: Vec<f64>,
    /// False when CloudWatch returned no datapoint for any of the resource's series.
    pub has_data: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Cost {
    pub monthly_usd: f64,
    pub lines: Vec<Line>,
    /// Price-book items this cost needs but the region has no price for; `monthly_usd`
    /// leaves them out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unpriced: Vec<Item>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Line {
    pub item: String,
    pub quantity: f64,
    pub unit: String,
    /// The price of one unit; for a tiered price, the average over the tiers this volume
    /// falls in.
    pub unit_price_usd: f64,
    pub monthly_usd: f64,
    /// The price-book item the line bills, so that later stages ask the line what it is
    /// instead of reading its label or unit back. Not in the report: `item` and `unit` say it
    /// in words, and a line read back from a report has none.
    #[serde(skip)]
    pub priced_as: Option<crate::pricing::Item>,
}

pub use super::features::{FeatureGap, Impact, Target};

impl Target {
    /// How a report names the target in a sentence.
    pub fn label(self) -> &'static str {
        self.kind().label()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Alternative {
    pub kind: Target,
    pub monthly_usd: f64,
    pub low_monthly_usd: f64,
    pub high_monthly_usd: f64,
    pub lines: Vec<Line>,
    pub assumptions: Vec<String>,
    pub gaps: Vec<FeatureGap>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unpriced: Vec<Item>,
    /// What the move costs to make, once, and its payback (docs/effort.md); absent in reports
    /// written before crossover estimated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<Effort>,
}

impl Alternative {
    /// Whether a feature gap rules this move out.
    pub fn has_blocker(&self) -> bool {
        self.gaps.iter().any(|g| g.impact == Impact::Blocker)
    }
}

/// The best alternative, the one crossover volumes and charts are shown against: among the
/// fully priced ones, the cheapest without a blocker, else the cheapest, compared on the monthly
/// figure the report shows; the first listed wins a tie. `alternative` reads it out of whatever
/// the caller holds alongside it.
pub fn best_alternative<T>(
    items: impl IntoIterator<Item = T>,
    alternative: impl Fn(&T) -> &Alternative,
) -> Option<T> {
    items
        .into_iter()
        .filter(|t| alternative(t).unpriced.is_empty())
        .min_by(|x, y| {
            let (x, y) = (alternative(x), alternative(y));
            x.has_blocker()
                .cmp(&y.has_blocker())
                .then(x.monthly_usd.total_cmp(&y.monthly_usd))
        })
}

impl ResourceAnalysis {
    /// [`best_alternative`] of this resource.
    pub fn best_alternative(&self) -> Option<&Alternative> {
        best_alternative(&self.alternatives, |a| a)
    }
}

pub use super::effort::{Effort, EffortItem};
pub use super::groups::GroupSummary;
pub use super::volume::VolumePoint;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Keep,
    Migrate,
    FrontWithApi,
    Consolidate,
    Decommission,
    Review,
}

/// A figure per recommended action, written as a JSON object keyed by the actions' codes in
/// their alphabetical order, as the contract's report has always listed them.
#[derive(Debug, Clone, PartialEq)]
pub struct ByAction<T>(BTreeMap<Action, T>);

impl<T> Default for ByAction<T> {
    fn default() -> Self {
        ByAction(BTreeMap::new())
    }
}

impl<T> ByAction<T> {
    pub fn get(&self, action: Action) -> Option<&T> {
        self.0.get(&action)
    }

    /// The action's figure, made the default first where it has none.
    pub fn entry(&mut self, action: Action) -> &mut T
    where
        T: Default,
    {
        self.0.entry(action).or_default()
    }

    /// The figures, in the order of [`Action`].
    pub fn iter(&self) -> impl Iterator<Item = (Action, &T)> {
        self.0.iter().map(|(a, v)| (*a, v))
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.values_mut()
    }
}

impl<T: Serialize> Serialize for ByAction<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut by_code: Vec<(&str, &T)> = self.0.iter().map(|(a, v)| (a.as_str(), v)).collect();
        by_code.sort_by_key(|(code, _)| *code);
        s.collect_map(by_code)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ByAction<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BTreeMap::<Action, T>::deserialize(d).map(ByAction)
    }
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Keep => "keep",
            Action::Migrate => "migrate",
            Action::FrontWithApi => "front-with-api",
            Action::Consolidate => "consolidate",
            Action::Decommission => "decommission",
            Action::Review => "review",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Recommendation {
    pub action: Action,
    pub target: Option<Target>,
    pub savings_monthly_usd: f64,
    pub reason: String,
    /// The one-off cost of the move recommended or put up for review (the target
    /// alternative's effort, priced); absent for actions that move nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_off_usd: Option<f64>,
    /// Months of the saving that pay the one-off cost back; absent with `one_off_usd`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payback_months: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Crossover {
    pub against: Target,
    /// Monthly requests (messages) at which both cost the same; None when the two never
    /// meet between a thousandth and ten thousand times today's volume.
    pub requests_monthly: Option<f64>,
    /// Which one is cheaper below that volume: today's kind or the alternative's.
    pub cheaper_below: ResourceKind,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Trend {
    /// Least-squares slope of daily requests, per day.
    pub daily_slope: f64,
    pub projected_requests_monthly_3m: f64,
    pub projected_requests_monthly_6m: f64,
    pub projected_requests_monthly_12m: f64,
    pub crossover_within_12m: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Coverage {
    pub regions: Vec<String>,
    pub gaps: Vec<Gap>,
}
