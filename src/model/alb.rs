use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Alb {
    pub arn: String,
    pub dns_name: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    /// `ipv4`, `dualstack` or `dualstack-without-public-ipv4`.
    pub ip_address_type: String,
    pub vpc_id: String,
    pub state: String,
    pub availability_zones: Vec<String>,
    pub listeners: Vec<Listener>,
    pub target_groups: Vec<TargetGroup>,
    /// Load balancer attributes as AWS names them (`idle_timeout.timeout_seconds`, ...).
    pub attributes: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
    pub web_acl_arn: Option<String>,
    /// The LCU reservation (DescribeCapacityReservation), when the ALB has one: reserved LCUs
    /// are billed every hour whether used or not. `None` without one, and in older snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lcu_reservation: Option<LcuReservation>,
    /// The IPAM pool its public IPv4 addresses come from (`IpamPools.Ipv4IpamPoolId`): a
    /// customer's own addresses (BYOIP), which carry no public IPv4 charge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv4_ipam_pool_id: Option<String>,
}

/// An ALB's LCU reservation as DescribeCapacityReservation reports it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LcuReservation {
    /// `MinimumLoadBalancerCapacity.CapacityUnits`: the LCUs reserved for every hour.
    pub capacity_units: f64,
    /// Each availability zone's reservation state (`pending`, `provisioned`, `failed`,
    /// `rebalancing`), as `zone=state`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub states: Vec<String>,
}

impl Alb {
    /// The CloudWatch `LoadBalancer` dimension: the ARN's final part, `app/NAME/ID`.
    pub fn metric_dimension(&self) -> Option<&str> {
        self.arn.split_once(":loadbalancer/").map(|(_, d)| d)
    }

    /// Every rule of every listener, the listener defaults included.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.listeners.iter().flat_map(|l| l.rules.iter())
    }

    /// The rules this ALB would take on an ALB it shares with others: its own rules besides
    /// the defaults, and at least one host rule for what its default action serves.
    pub fn rules_when_shared(&self) -> usize {
        self.rules().filter(|r| !r.is_default).count().max(1)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Listener {
    pub arn: String,
    pub port: Option<i32>,
    pub protocol: String,
    /// `off`, `passthrough` or `verify`; None when AWS did not say.
    pub mutual_authentication: Option<MutualAuthentication>,
    pub certificate_arns: Vec<String>,
    /// All rules, the default rule (`is_default`) included.
    pub rules: Vec<Rule>,
    /// The security policy of an HTTPS listener (`ELBSecurityPolicy-TLS13-1-2-2021-06`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssl_policy: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MutualAuthentication {
    pub mode: String,
    pub trust_store_arn: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Rule {
    pub arn: String,
    pub priority: String,
    pub is_default: bool,
    pub conditions: Vec<Condition>,
    pub actions: Vec<Action>,
    /// Transform types (`url-rewrite`, `host-header-rewrite`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transforms: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Condition {
    /// `host-header`, `path-pattern`, `http-header`, `query-string`, `http-request-method`,
    /// `source-ip`.
    pub field: String,
    /// The header name, for `http-header`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_name: Option<String>,
    /// Match values; query-string pairs as `key=value` (`value` alone when no key).
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regex_values: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Action {
    /// `forward`, `authenticate-oidc`, `authenticate-cognito`, `jwt-validation`,
    /// `fixed-response`, `redirect`.
    #[serde(rename = "type")]
    pub kind: String,
    pub order: Option<i32>,
    /// Forward targets with their weights (a single-TG forward has one entry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_groups: Vec<WeightedTargetGroup>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub group_stickiness: bool,
    /// `jwt-validation`: the issuer the token's `iss` must match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_issuer: Option<String>,
    /// `jwt-validation`: where the load balancer fetches the signing keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwks_endpoint: Option<String>,
    /// `jwt-validation`: names of the additional claims checked.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jwt_claims: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct WeightedTargetGroup {
    pub arn: String,
    pub weight: Option<i32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: String,
    pub protocol: Option<String>,
    /// `HTTP1`, `HTTP2` or `GRPC`.
    pub protocol_version: Option<String>,
    /// Target group attributes as AWS names them (`stickiness.enabled`, ...).
    pub attributes: BTreeMap<String, String>,
    pub targets: u32,
    pub healthy_targets: u32,
}

impl TargetGroup {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes.get(key).map(String::as_str)
    }
}
