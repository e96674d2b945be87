//! What `collect` guarantees of every snapshot it writes, checked once when a snapshot is read
//! back, so that analysis and the renderers only ever see data that collect could have
//! produced. A snapshot is the file users keep, merge, edit and re-read: figures computed from
//! a zero-hour window, a series shorter than the window or a negative request count mean
//! nothing, so such a file is refused with one line that names the resource and the field.
//!
//! The rules are the ones docs/snapshot.md states for the format.

use std::collections::BTreeSet;

use chrono::Timelike;

use super::{MetricSeries, Resource, ResourceConfig, ResourceKind, Snapshot, MAX_WINDOW_DAYS};

/// CloudWatch is read at one-hour periods (docs/methodology.md); every series holds one value
/// per hour of the window.
pub const PERIOD_SECONDS: u32 = 3600;

/// The largest value one hourly datapoint may hold. A thousand trillion requests, bytes,
/// connections or LCUs in one hour of one resource is 2.2 Tbit/s or 280 billion requests a
/// second sustained for the hour: beyond any single load balancer or API. Keeping values below
/// it keeps every sum over the longest window and every product with a price finite, so no
/// figure of a report can turn into `null`.
pub const MAX_HOURLY_VALUE: f64 = 1e15;

/// An interface endpoint has one network interface per Availability Zone it is in, and no
/// region has more than a few; a larger count is an edit that would multiply its hours.
pub const MAX_ENDPOINT_INTERFACES: usize = 32;

/// Partitions collect can write (the ARN partition of the caller's identity).
const PARTITIONS: [&str; 3] = ["aws", "aws-cn", "aws-us-gov"];

/// One rule a snapshot breaks: where (the snapshot, or one resource), which field, and what is
/// wrong with it. Displayed as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub at: Option<String>,
    pub field: String,
    pub problem: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {} {}", self.field, self.problem),
            None => write!(f, "{} {}", self.field, self.problem),
        }
    }
}

fn invalid(at: Option<&str>, field: impl Into<String>, problem: impl Into<String>) -> Invalid {
    Invalid {
        at: at.map(str::to_owned),
        field: field.into(),
        problem: problem.into(),
    }
}

/// An AWS account id: exactly twelve ASCII digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// AWS region names are `<area>-<direction>-<n>` (`us-east-1`, `ap-southeast-5`,
/// `us-gov-west-1`): lowercase words joined by hyphens, ending in a number. The command line,
/// the snapshot reader and the price book all use this one rule.
pub fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

/// [`is_region`] for clap and the snapshot reader: the name, or one line saying what is wrong.
pub fn parse_region(s: &str) -> Result<String, String> {
    if is_region(s) {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "'{s}' is not an AWS region name (expected something like us-east-1)"
        ))
    }
}

/// Every rule collect guarantees, in the order a reader fixing a file by hand would want them:
/// the window first, then the lists, then each resource.
pub fn check(s: &Snapshot) -> Result<(), Invalid> {
    check_window(s)?;
    if !PARTITIONS.contains(&s.partition.as_str()) {
        return Err(invalid(
            None,
            "partition",
            format!("is '{}', not one of {}", s.partition, PARTITIONS.join(", ")),
        ));
    }
    for (i, id) in s.account_ids.iter().enumerate() {
        account(None, &format!("account_ids[{i}]"), id)?;
    }
    for (i, r) in s.regions.iter().enumerate() {
        region(None, &format!("regions[{i}]"), r)?;
    }
    for (i, m) in s.cloudwatch_requests.iter().flatten().enumerate() {
        account(
            None,
            &format!("cloudwatch_requests[{i}].account_id"),
            &m.account_id,
        )?;
        region(None, &format!("cloudwatch_requests[{i}].region"), &m.region)?;
    }
    let accounts: BTreeSet<&str> = s.account_ids.iter().map(String::as_str).collect();
    let regions: BTreeSet<&str> = s.regions.iter().map(String::as_str).collect();
    let mut seen = BTreeSet::new();
    for r in &s.resources {
        let at = describe(r);
        let at = Some(at.as_str());
        listed(at, &r.account_id, &r.region, &accounts, &regions)?;
        if r.id.trim().is_empty() {
            return Err(invalid(at, "id", "is empty"));
        }
        if !seen.insert((&r.account_id, &r.region, r.kind, &r.id)) {
            return Err(invalid(
                at,
                "id",
                "appears twice for the same account, region and kind",
            ));
        }
        config_matches_kind(at, r)?;
        for (i, series) in r.usage.series.iter().enumerate() {
            check_series(at, i, series, s.window.hours)?;
        }
    }
    check_service_quotas(s, &accounts, &regions)?;
    check_endpoints(s, &accounts, &regions)
}

/// The largest quota value a snapshot may hold: a billion requests per second, or rules per
/// load balancer, is beyond any account AWS serves.
pub const MAX_QUOTA_VALUE: f64 = 1e9;

/// Each quota entry belongs to an account and region of the snapshot, appears once, and holds
/// what Service Quotas can apply: a whole number from 1 to [`MAX_QUOTA_VALUE`]. A zero or
/// negative throttle would flag every ALB; a fractional rule count means nothing.
fn check_service_quotas(
    s: &Snapshot,
    accounts: &BTreeSet<&str>,
    regions: &BTreeSet<&str>,
) -> Result<(), Invalid> {
    let mut seen = BTreeSet::new();
    for (i, q) in s.service_quotas.iter().enumerate() {
        let at = format!("service_quotas[{i}]");
        account(None, &format!("{at}.account_id"), &q.account_id)?;
        region(None, &format!("{at}.region"), &q.region)?;
        if !accounts.contains(q.account_id.as_str()) {
            return Err(invalid(
                None,
                format!("{at}.account_id"),
                "is not listed in the snapshot's account_ids",
            ));
        }
        if !regions.contains(q.region.as_str()) {
            return Err(invalid(
                None,
                format!("{at}.region"),
                "is not listed in the snapshot's regions",
            ));
        }
        if !seen.insert((&q.account_id, &q.region, q.quota)) {
            return Err(invalid(
                None,
                format!("{at}.quota"),
                "appears twice for the same account and region",
            ));
        }
        if let Some(v) = q.applied_value {
            if !(1.0..=MAX_QUOTA_VALUE).contains(&v) || v.fract() != 0.0 {
                return Err(invalid(
                    None,
                    format!("{at}.applied_value"),
                    format!("is {v}, not a whole number from 1 to {MAX_QUOTA_VALUE:e}"),
                ));
            }
        }
    }
    Ok(())
}

/// The interface endpoints: read by a scan of the snapshot's own accounts and regions, each
/// once, with series like a resource's (one finite, non-negative value per hour) and a
/// number of billed network interfaces no endpoint can exceed.
fn check_endpoints(
    s: &Snapshot,
    accounts: &BTreeSet<&str>,
    regions: &BTreeSet<&str>,
) -> Result<(), Invalid> {
    let mut seen = BTreeSet::new();
    for (i, e) in s.vpc_endpoints.iter().flatten().enumerate() {
        let at = format!(
            "vpc_endpoints[{i}] {} ({} {})",
            e.id, e.account_id, e.region
        );
        let at = Some(at.as_str());
        listed(at, &e.account_id, &e.region, accounts, regions)?;
        if e.id.trim().is_empty() {
            return Err(invalid(at, "id", "is empty"));
        }
        if !seen.insert((&e.account_id, &e.region, &e.id)) {
            return Err(invalid(
                at,
                "id",
                "appears twice for the same account and region",
            ));
        }
        if e.billed_interfaces() > MAX_ENDPOINT_INTERFACES {
            return Err(invalid(
                at,
                "subnet_ids",
                format!(
                    "name {} network interfaces; an endpoint has at most one per Availability Zone ({MAX_ENDPOINT_INTERFACES})",
                    e.billed_interfaces()
                ),
            ));
        }
        for (j, series) in e.usage.series.iter().enumerate() {
            check_series(at, j, series, s.window.hours)?;
        }
    }
    Ok(())
}

fn check_window(s: &Snapshot) -> Result<(), Invalid> {
    if s.period_seconds != PERIOD_SECONDS {
        return Err(invalid(
            None,
            "period_seconds",
            format!(
                "is {}, but collect reads CloudWatch at {PERIOD_SECONDS} s",
                s.period_seconds
            ),
        ));
    }
    let w = &s.window;
    let max_hours = MAX_WINDOW_DAYS * 24;
    if w.hours == 0 {
        return Err(invalid(
            None,
            "window.hours",
            "is 0; a window holds at least one hour",
        ));
    }
    if w.hours > max_hours {
        return Err(invalid(
            None,
            "window.hours",
            format!(
                "is {}, longer than the {max_hours} hours ({MAX_WINDOW_DAYS} days) that collect can cover",
                w.hours
            ),
        ));
    }
    for (field, t) in [("window.start", w.start), ("window.end", w.end)] {
        if t.minute() != 0 || t.second() != 0 || t.nanosecond() != 0 {
            return Err(invalid(None, field, format!("{t} is not on a whole hour")));
        }
    }
    if w.end <= w.start {
        return Err(invalid(
            None,
            "window.end",
            format!("{} is not after window.start {}", w.end, w.start),
        ));
    }
    let span = (w.end - w.start).num_hours();
    if span != i64::from(w.hours) {
        return Err(invalid(
            None,
            "window.hours",
            format!(
                "is {}, but window.start to window.end spans {span} hours",
                w.hours
            ),
        ));
    }
    Ok(())
}

/// A well-formed account and region, both listed in the snapshot's `account_ids` and
/// `regions`: collect and merge list every account and region they read.
fn listed(
    at: Option<&str>,
    account_id: &str,
    region_name: &str,
    accounts: &BTreeSet<&str>,
    regions: &BTreeSet<&str>,
) -> Result<(), Invalid> {
    account(at, "account_id", account_id)?;
    region(at, "region", region_name)?;
    if !accounts.contains(account_id) {
        return Err(invalid(
            at,
            "account_id",
            "is not listed in the snapshot's account_ids",
        ));
    }
    if !regions.contains(region_name) {
        return Err(invalid(
            at,
            "region",
            "is not listed in the snapshot's regions",
        ));
    }
    Ok(())
}

fn account(at: Option<&str>, field: &str, id: &str) -> Result<(), Invalid> {
    if is_account_id(id) {
        Ok(())
    } else {
        Err(invalid(
            at,
            field,
            format!("{id:?} is not an AWS account id (12 digits)"),
        ))
    }
}

fn region(at: Option<&str>, field: &str, name: &str) -> Result<(), Invalid> {
    parse_region(name)
        .map(drop)
        .map_err(|problem| invalid(at, field, problem))
}

/// How a refusal names a resource: its kind, id, account and region.
fn describe(r: &Resource) -> String {
    format!(
        "{} {} ({} {})",
        r.kind.as_str(),
        r.id,
        r.account_id,
        r.region
    )
}

/// `kind` and `config` say the same thing twice in the file; collect always writes them in
/// agreement, so a disagreement is an edit that would send the resource down the wrong
/// pricing path.
fn config_matches_kind(at: Option<&str>, r: &Resource) -> Result<(), Invalid> {
    let matches = match (&r.config, r.kind) {
        (ResourceConfig::Alb(_), ResourceKind::Alb) => true,
        (ResourceConfig::RestApi(_), ResourceKind::RestApi) => true,
        (ResourceConfig::V2Api(api), ResourceKind::HttpApi) => api.protocol_type == "HTTP",
        (ResourceConfig::V2Api(api), ResourceKind::WebsocketApi) => {
            api.protocol_type == "WEBSOCKET"
        }
        _ => false,
    };
    if matches {
        Ok(())
    } else {
        let config = match &r.config {
            ResourceConfig::Alb(_) => "alb".to_owned(),
            ResourceConfig::RestApi(_) => "rest_api".to_owned(),
            ResourceConfig::V2Api(api) => {
                format!("v2_api with protocol_type {}", api.protocol_type)
            }
        };
        Err(invalid(
            at,
            "config.type",
            format!("is {config}, which does not match kind {}", r.kind.as_str()),
        ))
    }
}

fn check_series(
    at: Option<&str>,
    index: usize,
    s: &MetricSeries,
    hours: u32,
) -> Result<(), Invalid> {
    let field = format!("usage.series[{index}] ({})", s.metric);
    if s.hourly.len() != hours as usize {
        return Err(invalid(
            at,
            &field,
            format!(
                "has {} hourly values, but the window has {hours} hours",
                s.hourly.len()
            ),
        ));
    }
    for (h, v) in s.hourly.iter().enumerate() {
        let problem = if !v.is_finite() {
            Some("is not a finite number".to_owned())
        } else if v < 0.0 {
            Some(format!("is {v}, negative"))
        } else if v > MAX_HOURLY_VALUE {
            Some(format!(
                "is {v:e}, above the {MAX_HOURLY_VALUE:e} an hour no single resource reaches"
            ))
        } else if !s.has_data && v != 0.0 {
            Some(format!(
                "is {v}, but the series says CloudWatch returned no data"
            ))
        } else {
            None
        };
        if let Some(problem) = problem {
            return Err(invalid(at, format!("{field} hourly[{h}]"), problem));
        }
    }
    Ok(())
}

#[cfg(test)]
mod endpoint_tests {
    use super::check;
    use crate::model::{MetricSeries, Snapshot, Usage, VpcEndpoint};

    fn snapshot(e: VpcEndpoint) -> Snapshot {
        let mut s = crate::output::parse_snapshot(
            "minimal.json",
            include_bytes!("../../tests/data/minimal-snapshot.json"),
        )
        .unwrap();
        s.vpc_endpoints = Some(vec![e]);
        s
    }

    fn endpoint(s: &Snapshot, bytes: f64, subnets: usize) -> VpcEndpoint {
        VpcEndpoint {
            id: "vpce-1".to_owned(),
            account_id: s.account_ids[0].clone(),
            region: s.regions[0].clone(),
            state: "available".to_owned(),
            subnet_ids: (0..subnets).map(|i| format!("subnet-{i}")).collect(),
            usage: Usage {
                series: vec![MetricSeries {
                    namespace: "AWS/PrivateLinkEndpoints".to_owned(),
                    metric: "BytesProcessed".to_owned(),
                    dimensions: Vec::new(),
                    stage: None,
                    has_data: true,
                    hourly: vec![bytes; s.window.hours as usize].into(),
                    present_hours: None,
                }],
            },
            ..VpcEndpoint::default()
        }
    }

    #[test]
    fn an_endpoint_with_impossible_values_is_refused() {
        let base = snapshot(VpcEndpoint::default());
        assert_eq!(check(&snapshot(endpoint(&base, 1e6, 2))), Ok(()));
        let negative = check(&snapshot(endpoint(&base, -1.0, 2))).unwrap_err();
        assert!(negative.to_string().contains("negative"), "{negative}");
        let interfaces = check(&snapshot(endpoint(&base, 1e6, 33))).unwrap_err();
        assert_eq!(interfaces.field, "subnet_ids");
        let mut elsewhere = endpoint(&base, 1e6, 2);
        elsewhere.account_id = "999999999999".to_owned();
        let unlisted = check(&snapshot(elsewhere)).unwrap_err();
        assert!(unlisted.to_string().contains("not listed"), "{unlisted}");
    }
}
