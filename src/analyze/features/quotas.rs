//! Quotas that turn into gaps: limits one side enforces and the other does not, checked against
//! the resource's configuration and its hourly usage.

use serde::{Deserialize, Serialize};

use crate::model::metric::{alb, api};
use crate::model::{
    Alb, QuotaCode, Resource, ResourceConfig, ResourceKind, RestApi, ServiceQuota, V2Api,
};

use super::labels::{rest_methods, v2_integration_label};
use super::limits::*;
use super::Detected;

/// What the quota checks need to know about one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaInput {
    /// The busiest hour's request count (messages for a WebSocket API) divided by 3600: an
    /// hourly average, so real peaks within that hour are higher.
    pub peak_requests_per_second: f64,
    /// Distinct routes an ALB would need a rule for: REST resource × method, HTTP API route keys
    /// other than `$default` (which becomes the listener's default rule).
    pub route_count: usize,
    /// The ALB idle timeout, or the longest integration timeout, in milliseconds.
    pub longest_timeout_ms: Option<u64>,
    /// The ALB idle timeout is the AWS default.
    pub idle_timeout_is_default: bool,
    pub lambda_integrations: usize,
    /// Distinct Lambda functions (with their qualifier) the API's integrations invoke: each needs
    /// a target group of its own on an ALB.
    pub lambda_functions: usize,
    /// The largest hourly average of bytes per request (ALB `ProcessedBytes` / `RequestCount`).
    pub peak_bytes_per_request: f64,
    /// The API Gateway account throttle in the resource's account and region.
    pub account_throttle: Quota,
    /// Rules one ALB holds, default rules excluded, in the resource's account and region.
    pub alb_rules: Quota,
}

/// What Service Quotas said about one quota of an account × region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Not read: a snapshot from before crossover read quotas, no check needed it, or the
    /// call failed (a coverage gap says so).
    #[default]
    NotRead,
    /// Service Quotas holds no applied value: AWS's default applies.
    NoAppliedValue,
    /// The value Service Quotas applies to the account.
    Applied(f64),
}

/// The quotas of the account × region a resource lives in, as the snapshot recorded them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct AppliedQuotas {
    pub api_gateway_throttle: Reading,
    pub alb_rules: Reading,
}

impl AppliedQuotas {
    /// Nothing read: every check uses AWS's default.
    pub const DEFAULTS: AppliedQuotas = AppliedQuotas {
        api_gateway_throttle: Reading::NotRead,
        alb_rules: Reading::NotRead,
    };

    /// The entries of `quotas` for one account and region.
    pub fn of(quotas: &[ServiceQuota], account_id: &str, region: &str) -> Self {
        let reading = |code: QuotaCode| {
            quotas
                .iter()
                .find(|q| q.account_id == account_id && q.region == region && q.quota == code)
                .map_or(Reading::NotRead, |q| match q.applied_value {
                    Some(v) => Reading::Applied(v),
                    None => Reading::NoAppliedValue,
                })
        };
        AppliedQuotas {
            api_gateway_throttle: reading(QuotaCode::ApiGatewayThrottleRate),
            alb_rules: reading(QuotaCode::AlbRulesPerLoadBalancer),
        }
    }
}

/// A quota's value, and whether it is the account's applied value or AWS's default.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quota {
    pub value: f64,
    pub reading: Reading,
}

impl Quota {
    /// The applied value where Service Quotas gave one, else `default`.
    pub fn from_reading(reading: Reading, default: f64) -> Self {
        let value = match reading {
            Reading::Applied(v) => v,
            Reading::NotRead | Reading::NoAppliedValue => default,
        };
        Quota { value, reading }
    }

    /// Which value the evidence used, in words.
    pub fn source(&self) -> &'static str {
        match self.reading {
            Reading::Applied(_) => "the account's value in Service Quotas",
            Reading::NoAppliedValue => "the AWS default; Service Quotas holds no applied value",
            Reading::NotRead => "the AWS default; the applied value was not read",
        }
    }
}

/// Reads the quota inputs from the resource's configuration and usage, against the quotas of
/// its account and region.
pub fn quota_input(resource: &Resource, quotas: &AppliedQuotas) -> QuotaInput {
    let metric = match resource.kind {
        ResourceKind::Alb => alb::REQUEST_COUNT,
        ResourceKind::RestApi | ResourceKind::HttpApi => api::COUNT,
        ResourceKind::WebsocketApi => api::MESSAGE_COUNT,
    };
    let hours = resource
        .usage
        .of(metric)
        .map(|s| s.hourly.len())
        .max()
        .unwrap_or(0);
    let peak_hour = resource
        .usage
        .hourly(metric, hours)
        .into_iter()
        .fold(0.0_f64, f64::max);
    let lambda_functions = lambda_functions(resource).len();
    let peak_bytes_per_request = match resource.kind {
        ResourceKind::Alb => resource
            .usage
            .hourly(alb::PROCESSED_BYTES, hours)
            .into_iter()
            .zip(resource.usage.hourly(alb::REQUEST_COUNT, hours))
            .filter(|(_, requests)| *requests > 0.0)
            .map(|(bytes, requests)| bytes / requests)
            .fold(0.0_f64, f64::max),
        _ => 0.0,
    };
    let (route_count, longest_timeout_ms, idle_timeout_is_default, lambda_integrations) =
        match &resource.config {
            ResourceConfig::Alb(alb) => {
                let idle = idle_timeout_seconds(alb);
                (
                    0,
                    idle.map(|s| s * 1000),
                    idle == Some(ALB_DEFAULT_IDLE_TIMEOUT_SECONDS),
                    0,
                )
            }
            ResourceConfig::RestApi(api) => {
                let methods: Vec<_> = rest_methods(api).collect();
                let integrations = methods.iter().filter_map(|(_, m)| m.integration.as_ref());
                (
                    api.method_count(),
                    integrations.clone().filter_map(timeout_ms).max(),
                    false,
                    integrations.filter(|i| i.is_lambda()).count(),
                )
            }
            ResourceConfig::V2Api(api) => (
                api.routes_besides_default(),
                api.integrations.iter().filter_map(timeout_ms).max(),
                false,
                api.integrations.iter().filter(|i| i.is_lambda()).count(),
            ),
        };
    QuotaInput {
        peak_requests_per_second: peak_hour / 3600.0,
        route_count,
        longest_timeout_ms,
        idle_timeout_is_default,
        lambda_integrations,
        lambda_functions,
        peak_bytes_per_request,
        account_throttle: Quota::from_reading(
            quotas.api_gateway_throttle,
            account_throttle_rps(&resource.region),
        ),
        alb_rules: Quota::from_reading(quotas.alb_rules, ALB_RULES_PER_LOAD_BALANCER as f64),
    }
}

/// The Lambda functions an API's integrations invoke, as the ARN in the integration URI names
/// them, qualifier included.
fn lambda_functions(resource: &Resource) -> std::collections::BTreeSet<String> {
    let function = |i: &crate::model::Integration| -> Option<String> {
        let uri = i.uri.as_deref()?;
        // `.../functions/{arn}/invocations` (or `/response-streaming-invocations`); HTTP APIs
        // may name the function ARN alone. A function ARN holds no `/`.
        let arn = uri
            .split_once("/functions/")
            .map_or(uri, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or(uri);
        Some(arn.to_owned())
    };
    match &resource.config {
        ResourceConfig::RestApi(api) => rest_methods(api)
            .filter_map(|(_, m)| m.integration.as_ref())
            .filter(|i| i.is_lambda())
            .filter_map(function)
            .collect(),
        ResourceConfig::V2Api(api) => api
            .integrations
            .iter()
            .filter(|i| i.is_lambda())
            .filter_map(function)
            .collect(),
        ResourceConfig::Alb(_) => Default::default(),
    }
}

fn idle_timeout_seconds(alb: &Alb) -> Option<u64> {
    alb.attributes
        .get("idle_timeout.timeout_seconds")
        .and_then(|v| v.trim().parse().ok())
}

fn timeout_ms(i: &crate::model::Integration) -> Option<u64> {
    i.timeout_ms.and_then(|t| u64::try_from(t).ok())
}

/// Evidence of the quota features: `long-timeout`, `rule-quota`, `lambda-payload-limit`,
/// `api-throttle-quota`, `target-group-quota` and `request-size-limits`.
pub fn detect(resource: &Resource, q: &QuotaInput) -> Vec<Detected> {
    let mut out = Vec::new();
    let mut found = |code: &'static str, detail: String| out.push(Detected { code, detail });
    match &resource.config {
        ResourceConfig::Alb(alb) => {
            if let Some(idle) = idle_timeout_seconds(alb) {
                if idle * 1000 > REST_DEFAULT_MAX_TIMEOUT_MS {
                    let default = if idle == ALB_DEFAULT_IDLE_TIMEOUT_SECONDS {
                        " (the AWS default)"
                    } else {
                        ""
                    };
                    found("long-timeout", format!("idle timeout {idle} s{default}"));
                }
            }
            if q.peak_requests_per_second > q.account_throttle.value {
                found(
                    "api-throttle-quota",
                    format!(
                        "the busiest hour averaged {:.0} requests/s, above the {:.0} requests/s \
                         API Gateway account throttle in {} ({})",
                        q.peak_requests_per_second,
                        q.account_throttle.value,
                        resource.region,
                        q.account_throttle.source()
                    ),
                );
            }
            if q.peak_bytes_per_request > LARGE_PAYLOAD_HINT_BYTES {
                found(
                    "request-size-limits",
                    format!(
                        "the largest hourly average was {:.1} MB per request, a hint that some \
                         payloads approach API Gateway's {API_PAYLOAD_MB} MB",
                        q.peak_bytes_per_request / 1_048_576.0
                    ),
                );
            }
        }
        ResourceConfig::RestApi(api) => {
            rest_timeouts(api, &mut found);
            api_quotas(q, "REST resource × method pairs", &mut found);
        }
        ResourceConfig::V2Api(api) if resource.kind == ResourceKind::HttpApi => {
            v2_timeouts(api, &mut found);
            api_quotas(q, "HTTP API routes besides $default", &mut found);
        }
        // WebSocket integrations cannot exceed 29 s, and its routes select messages, not paths.
        ResourceConfig::V2Api(_) => {}
    }
    out
}

fn rest_timeouts(api: &RestApi, found: &mut impl FnMut(&'static str, String)) {
    for (label, method) in rest_methods(api) {
        if let Some(t) = method.integration.as_ref().and_then(timeout_ms) {
            if t > REST_DEFAULT_MAX_TIMEOUT_MS {
                found(
                    "long-timeout",
                    format!("{label} integration timeout {t} ms"),
                );
            }
        }
    }
}

fn v2_timeouts(api: &V2Api, found: &mut impl FnMut(&'static str, String)) {
    for integration in &api.integrations {
        if let Some(t) = timeout_ms(integration) {
            if t > REST_DEFAULT_MAX_TIMEOUT_MS {
                let default = if t == HTTP_API_DEFAULT_TIMEOUT_MS {
                    " (the AWS default)"
                } else {
                    ""
                };
                found(
                    "long-timeout",
                    format!(
                        "{} timeout {t} ms{default}",
                        v2_integration_label(api, integration)
                    ),
                );
            }
        }
    }
}

fn api_quotas(q: &QuotaInput, routes: &str, found: &mut impl FnMut(&'static str, String)) {
    if q.route_count as f64 > q.alb_rules.value {
        found(
            "rule-quota",
            format!(
                "{} {routes}, above the {:.0} rules of one ALB ({})",
                q.route_count,
                q.alb_rules.value,
                q.alb_rules.source()
            ),
        );
    }
    if q.lambda_integrations > 0 {
        found(
            "lambda-payload-limit",
            format!(
                "{} Lambda integration(s) take payloads up to {LAMBDA_SYNC_PAYLOAD_MB} MB, an \
                 ALB Lambda target {ALB_LAMBDA_PAYLOAD_MB} MB",
                q.lambda_integrations
            ),
        );
    }
    if q.lambda_functions > ALB_TARGET_GROUPS_PER_LOAD_BALANCER {
        found(
            "target-group-quota",
            format!(
                "{} distinct Lambda functions, each needing its own target group, above the \
                 {ALB_TARGET_GROUPS_PER_LOAD_BALANCER} target groups of one ALB",
                q.lambda_functions
            ),
        );
    }
}
