//! Evidence in a REST API's resources, methods, integrations, stages and domains.

use super::*;

/// The service part of a REST `AWS` integration URI
/// (`arn:aws:apigateway:{region}:{subdomain.}{service}:{path|action}/...`).
pub(super) fn rest_aws_service(i: &Integration) -> String {
    i.uri
        .as_deref()
        .and_then(|u| u.split(':').nth(4))
        .map(|s| s.rsplit('.').next().unwrap_or(s).to_owned())
        .unwrap_or_else(|| "an AWS service".to_owned())
}

/// The action of an action-style REST `AWS` integration URI (`...:sqs:action/SendMessage`);
/// None for path-style URIs, whose action travels in the request.
pub(super) fn rest_aws_action(i: &Integration) -> Option<&str> {
    i.uri
        .as_deref()?
        .splitn(6, ':')
        .nth(5)?
        .strip_prefix("action/")
        .map(|a| a.split(['/', '&', '?']).next().unwrap_or(a))
}

/// Whether an HTTP API integration subtype does what the REST integration does: the action
/// must be one with a subtype; a path-style URI names no action and is judged by its service.
pub(super) fn has_http_subtype(i: &Integration) -> bool {
    let service = rest_aws_service(i);
    let service = service.strip_prefix("sync-").unwrap_or(&service);
    HTTP_SUBTYPE_ACTIONS
        .iter()
        .find(|(s, _)| *s == service)
        .is_some_and(|(_, actions)| rest_aws_action(i).is_none_or(|a| actions.contains(&a)))
}

pub(super) fn is_aws_service(i: &Integration) -> bool {
    matches!(i.kind.as_str(), "AWS" | "AWS_PROXY") && !i.is_lambda()
}

/// Request parameters that do more than hand path parameters back to the integration URI: the
/// ALB forwards the path as received, so those carry over without a gap.
pub(super) fn mapped_parameters(i: &Integration) -> Vec<&str> {
    i.request_parameters
        .iter()
        .map(String::as_str)
        .filter(|k| !k.starts_with("integration.request.path."))
        .collect()
}

pub(super) fn rest_features(api: &RestApi, account_rps: f64, out: &mut Finder) {
    for t in &api.endpoint_types {
        match t.as_str() {
            "PRIVATE" => out.found("internal-only", "endpoint type PRIVATE"),
            "EDGE" => out.found("edge-endpoint", "endpoint type EDGE"),
            _ => {}
        }
    }
    if api.has_resource_policy {
        out.found("resource-policy", "a resource policy is attached");
    }
    if let Some(size) = api.minimum_compression_size {
        out.found(
            "compression",
            format!("responses above {size} bytes are compressed (minimumCompressionSize)"),
        );
    }
    if let Some(policy) = api
        .security_policy
        .as_deref()
        .filter(|p| is_enhanced_policy(p))
    {
        out.found(
            "tls-policy",
            format!("the API uses enhanced security policy {policy}"),
        );
    }
    let authorizer = |id: Option<&str>| api.authorizers.iter().find(|a| Some(a.id.as_str()) == id);
    for (m, method) in rest_methods(api) {
        match method.authorization_type.as_str() {
            "AWS_IAM" => out.found("iam-auth", format!("{m} requires AWS_IAM")),
            "CUSTOM" => {
                let what = authorizer(method.authorizer_id.as_deref())
                    .map(|a| format!("Lambda authorizer {} ({})", a.name, a.kind))
                    .unwrap_or_else(|| "a Lambda authorizer".to_owned());
                out.found("lambda-authorizer", format!("{m} uses {what}"));
            }
            "COGNITO_USER_POOLS" => {
                let what = authorizer(method.authorizer_id.as_deref())
                    .map(|a| format!("Cognito authorizer {}", a.name))
                    .unwrap_or_else(|| "a Cognito authorizer".to_owned());
                out.found("cognito-authorizer", format!("{m} uses {what}"));
            }
            "JWT" => {
                let what = authorizer(method.authorizer_id.as_deref())
                    .map(|a| format!("JWT authorizer {}", a.name))
                    .unwrap_or_else(|| "a JWT authorizer".to_owned());
                out.found("jwt-authorizer", format!("{m} uses {what}"));
            }
            _ => {}
        }
        if method.api_key_required {
            out.found("api-keys", format!("{m} requires an API key"));
        }
        if method.request_validator_id.is_some() {
            out.found("request-validation", format!("{m} has a request validator"));
        }
        if let Some(i) = &method.integration {
            integration_features(i, &m, out);
        }
    }
    for stage in &api.stages {
        let s = format!("stage {}", stage.name);
        if stage.cache_cluster_enabled {
            let size = stage.cache_cluster_size.as_deref().unwrap_or("?");
            let cached = stage
                .method_settings
                .iter()
                .filter(|(_, m)| m.caching_enabled)
                .map(|(k, _)| k.as_str())
                .collect::<Vec<_>>();
            let methods = if cached.is_empty() {
                ", no method caches".to_owned()
            } else {
                format!(", caching {}", cached.join(", "))
            };
            out.found("response-caching", format!("{s} cache {size} GB{methods}"));
        }
        if stage.tracing_enabled {
            out.found("xray-tracing", format!("{s} has X-Ray tracing enabled"));
        }
        if let Some(p) = stage.canary_percent {
            out.found(
                "canary",
                format!("{s} has a canary taking {p} % of traffic"),
            );
        }
        if let Some(acl) = &stage.web_acl_arn {
            out.found("waf", format!("{s} web ACL {}", short_arn(acl)));
        }
        if stage.client_certificate_id.is_some() {
            out.found(
                "backend-client-certificate",
                format!("{s} presents a client certificate to the backend"),
            );
        }
        if let Some(dest) = &stage.access_log_destination {
            out.found("access-logs", format!("{s} logs to {}", short_arn(dest)));
        }
        for (key, ms) in &stage.method_settings {
            if let Some(l) = custom_throttle(
                ms.throttling_rate_limit,
                ms.throttling_burst_limit,
                account_rps,
            ) {
                out.found("stage-throttling", format!("{s} throttles {key} to {l}"));
            }
        }
    }
    for portal in &api.portals {
        let stages = if portal.stages.len() == 1 {
            "stage"
        } else {
            "stages"
        };
        out.found(
            "developer-portal",
            format!(
                "portal {} ({}) publishes endpoints of {stages} {}",
                portal.name,
                portal.portal_id,
                portal.stages.join(", ")
            ),
        );
    }
    for plan in &api.usage_plans {
        let mut limits = Vec::new();
        if plan.has_throttle {
            limits.push("throttle");
        }
        if plan.has_quota {
            limits.push("quota");
        }
        let limits = if limits.is_empty() {
            String::new()
        } else {
            format!(" ({})", limits.join(", "))
        };
        out.found(
            "usage-plans",
            format!(
                "usage plan {} covers stage {}{limits}",
                plan.name,
                plan.stages.join(", ")
            ),
        );
    }
    for d in &api.custom_domains {
        if d.mtls_truststore_uri.is_some() {
            out.found(
                "mutual-tls",
                format!(
                    "custom domain {} verifies client certificates",
                    d.domain_name
                ),
            );
        }
        if let Some(policy) = d
            .security_policy
            .as_deref()
            .filter(|p| is_enhanced_policy(p))
        {
            out.found(
                "tls-policy",
                format!(
                    "custom domain {} uses enhanced security policy {policy}",
                    d.domain_name
                ),
            );
        }
        if let Some(mode) = d
            .routing_mode
            .as_deref()
            .filter(|m| m.starts_with("ROUTING_RULE"))
        {
            out.found(
                "routing-rules",
                format!(
                    "custom domain {} routes by routing rules ({mode})",
                    d.domain_name
                ),
            );
        }
    }
}

/// The limits of a throttling setting below the account's defaults, which AWS reports even
/// where nobody set them; None when nothing is lowered.
pub(super) fn custom_throttle(
    rate: Option<f64>,
    burst: Option<i32>,
    default_rate: f64,
) -> Option<String> {
    let rate = rate.filter(|r| *r < default_rate);
    let burst = burst.filter(|b| *b < default_burst(default_rate));
    (rate.is_some() || burst.is_some()).then(|| limits(rate, burst))
}

pub(super) fn limits(rate: Option<f64>, burst: Option<i32>) -> String {
    match (rate, burst) {
        (Some(r), Some(b)) => format!("{r} requests/s, burst {b}"),
        (Some(r), None) => format!("{r} requests/s"),
        (None, Some(b)) => format!("burst {b}"),
        (None, None) => "its defaults".to_owned(),
    }
}

/// Integration evidence shared by every API type; `at` names where the integration is used.
pub(super) fn integration_features(i: &Integration, at: &str, out: &mut Finder) {
    let proxy_or_special = matches!(i.kind.as_str(), "MOCK" | "AWS_PROXY" | "HTTP_PROXY");
    if i.kind == "MOCK" {
        out.found("mock-integration", format!("{at} is a MOCK integration"));
    } else if i.is_lambda() {
        let kind = if i.kind == "AWS" { "custom" } else { "proxy" };
        let format = i
            .payload_format_version
            .as_deref()
            .map(|v| format!(", payload format {v}"))
            .unwrap_or_default();
        out.found(
            "lambda-integration",
            format!("{at} invokes Lambda ({kind}{format})"),
        );
    } else if let Some(subtype) = &i.subtype {
        out.found("aws-service-integration", format!("{at} calls {subtype}"));
    } else if is_aws_service(i) {
        let action = rest_aws_action(i)
            .map(|a| format!(" {a}"))
            .unwrap_or_default();
        out.found(
            "aws-service-integration",
            format!("{at} calls {}{action} directly", rest_aws_service(i)),
        );
    }
    // Templates on MOCK and AWS-service integrations are part of those integrations' gaps;
    // proxy integrations ignore templates altogether.
    if !proxy_or_special
        && !is_aws_service(i)
        && (!i.request_templates.is_empty() || i.has_response_templates)
    {
        let mut which = Vec::new();
        if !i.request_templates.is_empty() {
            which.push(format!(
                "request templates for {}",
                i.request_templates.join(", ")
            ));
        }
        if i.has_response_templates {
            which.push("response templates".to_owned());
        }
        out.found(
            "mapping-templates",
            format!("{at} has {}", which.join(" and ")),
        );
    }
    if i.subtype.is_none() {
        let mapped = mapped_parameters(i);
        if !mapped.is_empty() {
            out.found(
                "parameter-mapping",
                format!("{at} maps {}", mapped.join(", ")),
            );
        }
    }
    if is_streamed(i) {
        let timeout = i
            .timeout_ms
            .map(|t| format!(", timeout {t} ms"))
            .unwrap_or_default();
        out.found(
            "response-streaming",
            format!("{at} streams its response (transfer mode STREAM{timeout})"),
        );
    }
    if i.connection_type.as_deref() == Some("VPC_LINK") {
        let target = i
            .integration_target
            .as_deref()
            .or(i.uri.as_deref())
            .map(short_arn)
            .unwrap_or_default();
        out.found(
            "private-integration",
            format!(
                "{at} goes through VPC link {} to {target}",
                i.connection_id.as_deref().unwrap_or("?")
            ),
        );
        if i.uri
            .as_deref()
            .is_some_and(|u| u.contains(":servicediscovery:"))
        {
            out.found(
                "cloud-map-integration",
                format!("{at} resolves Cloud Map service {target}"),
            );
        }
    }
}

pub(in crate::analyze::features) fn aws_services_have_http_subtype(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::RestApi(api) => rest_methods(api)
            .filter_map(|(_, m)| m.integration.as_ref())
            .filter(|i| is_aws_service(i))
            .all(has_http_subtype),
        _ => false,
    }
}

/// A REST integration streams its response from a Lambda function.
pub(in crate::analyze::features) fn streams_from_lambda(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::RestApi(api) => rest_methods(api)
            .filter_map(|(_, m)| m.integration.as_ref())
            .any(|i| is_streamed(i) && i.is_lambda()),
        _ => false,
    }
}

pub(super) fn is_streamed(i: &Integration) -> bool {
    i.response_transfer_mode.as_deref() == Some("STREAM")
}

pub(in crate::analyze::features) fn uses_token_authorizer(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::RestApi(api) => rest_methods(api).any(|(_, m)| {
            m.authorization_type == "CUSTOM"
                && api
                    .authorizers
                    .iter()
                    .any(|a| Some(a.id.as_str()) == m.authorizer_id.as_deref() && a.kind == "TOKEN")
        }),
        _ => false,
    }
}

pub(in crate::analyze::features) fn uses_payload_format_2(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::V2Api(api) => api
            .integrations
            .iter()
            .any(|i| i.is_lambda() && i.payload_format_version.as_deref() == Some("2.0")),
        _ => false,
    }
}
