//! Quotas that turn into gaps: limits one side enforces and the other does not, checked against
//! the resource's configuration and its hourly usage.

use crate::model::metric::{alb, api};
use crate::model::{Alb, Resource, ResourceConfig, ResourceKind, RestApi, V2Api};

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
    /// The default API Gateway account throttle in the resource's region.
    pub account_throttle_rps: f64,
}

/// Reads the quota inputs from the resource's configuration and usage.
pub fn quota_input(resource: &Resource) -> QuotaInput {
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
                    methods.len(),
                    integrations.clone().filter_map(timeout_ms).max(),
                    false,
                    integrations.filter(|i| i.is_lambda()).count(),
                )
            }
            ResourceConfig::V2Api(api) => (
                api.routes
                    .iter()
                    .filter(|r| r.route_key != "$default")
                    .count(),
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
        account_throttle_rps: account_throttle_rps(&resource.region),
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
            if q.peak_requests_per_second > q.account_throttle_rps {
                found(
                    "api-throttle-quota",
                    format!(
                        "the busiest hour averaged {:.0} requests/s, above the {:.0} requests/s \
                         API Gateway account throttle in {}",
                        q.peak_requests_per_second, q.account_throttle_rps, resource.region
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
    if q.route_count > ALB_RULES_PER_LOAD_BALANCER {
        found(
            "rule-quota",
            format!(
                "{} {routes}, above the {ALB_RULES_PER_LOAD_BALANCER} rules of one ALB",
                q.route_count
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
