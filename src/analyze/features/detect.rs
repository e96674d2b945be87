//! Evidence of each feature in a resource's configuration, worded so that a reader can find the
//! listener rule, method, route or stage that shows it.

use std::collections::BTreeMap;

use crate::model::{
    Alb, Condition, Integration, Listener, Resource, ResourceConfig, ResourceKind, RestApi, Rule,
    V2Api,
};

use super::labels::{rest_methods, v2_integration_label};
use super::Detected;

/// The actions an HTTP API reaches through a first-class integration subtype, by the service
/// name a REST `AWS` integration URI uses (integration subtype reference:
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html).
const HTTP_SUBTYPE_ACTIONS: &[(&str, &[&str])] = &[
    ("appconfig", &["GetConfiguration"]),
    ("events", &["PutEvents"]),
    ("kinesis", &["PutRecord"]),
    (
        "sqs",
        &[
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "PurgeQueue",
        ],
    ),
    (
        "states",
        &["StartExecution", "StartSyncExecution", "StopExecution"],
    ),
];

/// Request headers an HTTP API does not pass on as sent: it rewrites them into a `Forwarded`
/// header, so ALB rules behind it that match them see other values.
const FORWARDED_HEADERS: &[&str] = &["x-forwarded-for", "x-forwarded-proto", "x-forwarded-port"];

/// What makes an ALB security policy stricter than anything an HTTP API offers (TLS_1_2 only):
/// TLS 1.3 only, FIPS ciphers, or hybrid post-quantum key exchange
/// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
fn alb_policy_traits(policy: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if policy.contains("TLS13-1-3") {
        out.push("TLS 1.3 only");
    }
    if policy.contains("FIPS") {
        out.push("FIPS");
    }
    if policy.contains("-PQ-") {
        out.push("post-quantum");
    }
    out
}

/// API Gateway's enhanced security policies (`SecurityPolicy_*`): REST only, and they rule out
/// mutual TLS on the domain
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html).
fn is_enhanced_policy(policy: &str) -> bool {
    policy.starts_with("SecurityPolicy_")
}

/// The account's default burst goes with its default rate (5,000 for 10,000 requests/s, 1,250
/// for 2,500). Stages report these defaults in their settings even when nobody set a limit, so
/// only a lower value is evidence of throttling.
fn default_burst(rate: f64) -> i32 {
    (rate / 2.0) as i32
}

/// The features the configuration shows. `account_rps` is the account's API Gateway throttle
/// in the resource's region, which stages report as their limit when nobody set one.
pub(super) fn configuration(resource: &Resource, account_rps: f64) -> Vec<Detected> {
    let mut out = Finder::default();
    match &resource.config {
        ResourceConfig::Alb(alb) => alb_features(alb, &mut out),
        ResourceConfig::RestApi(api) => rest_features(api, account_rps, &mut out),
        ResourceConfig::V2Api(api) if resource.kind == ResourceKind::WebsocketApi => {
            websocket_features(api, account_rps, &mut out)
        }
        ResourceConfig::V2Api(api) => http_features(api, account_rps, &mut out),
    }
    out.0
}

#[derive(Default)]
struct Finder(Vec<Detected>);

impl Finder {
    fn found(&mut self, code: &'static str, detail: impl Into<String>) {
        self.0.push(Detected {
            code,
            detail: detail.into(),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// ALB

fn listener_label(l: &Listener) -> String {
    match l.port {
        Some(port) => format!("listener :{port}"),
        None => format!("listener {}", l.protocol),
    }
}

fn rule_label(r: &Rule, listener: &str) -> String {
    if r.is_default {
        format!("default rule of {listener}")
    } else {
        format!("rule {} of {listener}", r.priority)
    }
}

fn condition_values(c: &Condition) -> String {
    c.values
        .iter()
        .cloned()
        .chain(c.regex_values.iter().map(|r| format!("regex {r}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `*` anywhere but at the end, a `?`, or a regex: API Gateway paths cannot express these.
fn is_complex_path(c: &Condition) -> bool {
    !c.regex_values.is_empty()
        || c.values
            .iter()
            .any(|v| v.contains('?') || v.trim_end_matches('*').contains('*'))
}

fn alb_features(alb: &Alb, out: &mut Finder) {
    if alb.scheme == "internal" {
        out.found("internal-only", "scheme internal");
    }
    if let Some(acl) = &alb.web_acl_arn {
        out.found("waf", format!("web ACL {}", short_arn(acl)));
    }
    for key in ["access_logs.s3.enabled", "connection_logs.s3.enabled"] {
        if alb.attributes.get(key).is_some_and(|v| v == "true") {
            out.found("access-logs", format!("{key} = true"));
        }
    }
    let tg_names: BTreeMap<&str, &str> = alb
        .target_groups
        .iter()
        .map(|t| (t.arn.as_str(), t.name.as_str()))
        .collect();
    let tg_name = |arn: &str| -> String {
        tg_names
            .get(arn)
            .map(|n| (*n).to_owned())
            .unwrap_or_else(|| short_arn(arn))
    };
    for listener in &alb.listeners {
        let l = listener_label(listener);
        if let Some(policy) = listener.ssl_policy.as_deref() {
            let traits = alb_policy_traits(policy);
            if !traits.is_empty() {
                out.found(
                    "tls-policy",
                    format!("{l} uses {policy} ({})", traits.join(", ")),
                );
            }
        }
        if is_plain_forwarding(listener) {
            let what = if listener.protocol == "HTTPS" {
                "HTTPS on a port other than 443"
            } else {
                "plain HTTP"
            };
            out.found(
                "plain-http-listener",
                format!("{l} forwards traffic over {what}"),
            );
        }
        if let Some(m) = &listener.mutual_authentication {
            match m.mode.as_str() {
                "verify" => out.found(
                    "mutual-tls",
                    format!("{l} verifies client certificates (mode verify)"),
                ),
                "passthrough" => out.found(
                    "mutual-tls",
                    format!("{l} passes client certificates to targets (mode passthrough)"),
                ),
                _ => {}
            }
        }
        for rule in &listener.rules {
            let r = rule_label(rule, &l);
            for c in &rule.conditions {
                let values = condition_values(c);
                match c.field.as_str() {
                    "host-header" => out.found(
                        "host-based-routing",
                        format!("{r} matches host-header {values}"),
                    ),
                    "http-header" => out.found(
                        "header-routing",
                        format!(
                            "{r} matches http-header {} = {values}",
                            c.header_name.as_deref().unwrap_or("?")
                        ),
                    ),
                    "query-string" => out.found(
                        "query-string-routing",
                        format!("{r} matches query-string {values}"),
                    ),
                    "source-ip" => out.found(
                        "source-ip-routing",
                        format!("{r} matches source-ip {values}"),
                    ),
                    "path-pattern" if is_complex_path(c) => out.found(
                        "path-pattern-wildcards",
                        format!("{r} matches path-pattern {values}"),
                    ),
                    _ => {}
                }
            }
            for a in &rule.actions {
                match a.kind.as_str() {
                    "authenticate-oidc" | "authenticate-cognito" => {
                        out.found("oidc-authentication", format!("{r} runs {}", a.kind))
                    }
                    "jwt-validation" => {
                        let mut what = Vec::new();
                        if let Some(issuer) = &a.jwt_issuer {
                            what.push(format!("issuer {issuer}"));
                        }
                        if !a.jwt_claims.is_empty() {
                            what.push(format!("claims {}", a.jwt_claims.join(", ")));
                        }
                        if is_bare_jwks(a) {
                            what.push(format!(
                                "keys from {}",
                                a.jwks_endpoint.as_deref().unwrap_or_default()
                            ));
                        }
                        let what = if what.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", what.join("; "))
                        };
                        out.found("jwt-validation", format!("{r} runs jwt-validation{what}"))
                    }
                    "fixed-response" => {
                        out.found("fixed-response", format!("{r} returns a fixed response"))
                    }
                    "redirect" => out.found("redirect", format!("{r} redirects")),
                    "forward" => {
                        let weighted: Vec<String> = a
                            .target_groups
                            .iter()
                            .filter(|t| t.weight != Some(0))
                            .map(|t| match t.weight {
                                Some(w) => format!("{} (weight {w})", tg_name(&t.arn)),
                                None => tg_name(&t.arn),
                            })
                            .collect();
                        if weighted.len() > 1 {
                            let sticky = if a.group_stickiness {
                                ", with target-group stickiness"
                            } else {
                                ""
                            };
                            out.found(
                                "weighted-target-groups",
                                format!("{r} splits traffic over {}{sticky}", weighted.join(", ")),
                            );
                        }
                    }
                    _ => {}
                }
            }
            if !rule.transforms.is_empty() {
                out.found(
                    "rule-transforms",
                    format!("{r} applies {}", rule.transforms.join(", ")),
                );
            }
        }
    }
    for tg in &alb.target_groups {
        let t = format!("target group {}", tg.name);
        match tg.target_type.as_str() {
            "lambda" => out.found("lambda-targets", format!("{t} invokes a Lambda function")),
            "instance" | "ip" => out.found(
                "private-integration",
                format!(
                    "{t} forwards to {} {} target(s)",
                    tg.targets, tg.target_type
                ),
            ),
            _ => {}
        }
        if tg.protocol_version.as_deref() == Some("GRPC") {
            out.found("grpc", format!("{t} speaks gRPC (protocol version GRPC)"));
        }
        if tg.attribute("stickiness.enabled") == Some("true") {
            let kind = tg.attribute("stickiness.type").unwrap_or("lb_cookie");
            out.found(
                "sticky-sessions",
                format!("{t} keeps sessions sticky by {kind}"),
            );
        }
        if let Some(s) = tg
            .attribute("slow_start.duration_seconds")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|s| *s > 0)
        {
            out.found("slow-start", format!("{t} ramps new targets up over {s} s"));
        }
        if let Some(algo) = tg
            .attribute("load_balancing.algorithm.type")
            .filter(|a| !a.is_empty() && *a != "round_robin")
        {
            out.found("custom-lb-algorithm", format!("{t} balances by {algo}"));
        }
    }
}

/// A listener clients reach other than by HTTPS on 443 that forwards requests (a listener that
/// only redirects, typically HTTP to HTTPS, asks nothing of its clients).
fn is_plain_forwarding(l: &Listener) -> bool {
    (l.protocol != "HTTPS" || l.port != Some(443))
        && l.rules
            .iter()
            .flat_map(|r| &r.actions)
            .any(|a| a.kind == "forward")
}

/// A JWKS endpoint outside the issuer's URL: the endpoint an HTTP or REST JWT authorizer would
/// discover from the issuer's `/.well-known/openid-configuration` is then unlikely to be it.
fn is_bare_jwks(a: &crate::model::Action) -> bool {
    match (a.jwt_issuer.as_deref(), a.jwks_endpoint.as_deref()) {
        (Some(issuer), Some(jwks)) => !jwks.starts_with(issuer.trim_end_matches('/')),
        _ => false,
    }
}

fn jwt_actions(resource: &Resource) -> impl Iterator<Item = &crate::model::Action> {
    let alb = match &resource.config {
        ResourceConfig::Alb(alb) => Some(alb.as_ref()),
        _ => None,
    };
    alb.into_iter()
        .flat_map(|a| a.rules())
        .flat_map(|r| &r.actions)
        .filter(|a| a.kind == "jwt-validation")
}

pub(super) fn alb_jwt_checks_claims(resource: &Resource) -> bool {
    jwt_actions(resource).any(|a| !a.jwt_claims.is_empty())
}

pub(super) fn alb_jwt_has_bare_jwks(resource: &Resource) -> bool {
    jwt_actions(resource).any(is_bare_jwks)
}

/// A rule of the ALB matches an `X-Forwarded-*` header.
pub(super) fn matches_forwarded_headers(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::Alb(alb) => alb.rules().flat_map(|r| &r.conditions).any(|c| {
            c.field == "http-header"
                && c.header_name
                    .as_deref()
                    .is_some_and(|h| FORWARDED_HEADERS.contains(&h.to_ascii_lowercase().as_str()))
        }),
        _ => false,
    }
}

/// An ARN's resource part (`loadbalancer/app/web/1`, `regional/webacl/main/1`), short enough for
/// a report line and still unambiguous; anything that is not an ARN is shown whole.
fn short_arn(arn: &str) -> String {
    Some(arn)
        .filter(|a| a.starts_with("arn:"))
        .and_then(|a| a.splitn(6, ':').nth(5))
        .filter(|resource| !resource.is_empty())
        .unwrap_or(arn)
        .to_owned()
}

/// The ALB forwards to instance or IP targets: only then can it stay as the target of an API's
/// VPC link (a Lambda target is better integrated with the API directly).
pub(super) fn has_vpc_targets(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::Alb(alb) => alb
            .target_groups
            .iter()
            .any(|t| matches!(t.target_type.as_str(), "instance" | "ip")),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// REST

/// The service part of a REST `AWS` integration URI
/// (`arn:aws:apigateway:{region}:{subdomain.}{service}:{path|action}/...`).
fn rest_aws_service(i: &Integration) -> String {
    i.uri
        .as_deref()
        .and_then(|u| u.split(':').nth(4))
        .map(|s| s.rsplit('.').next().unwrap_or(s).to_owned())
        .unwrap_or_else(|| "an AWS service".to_owned())
}

/// The action of an action-style REST `AWS` integration URI (`...:sqs:action/SendMessage`);
/// None for path-style URIs, whose action travels in the request.
fn rest_aws_action(i: &Integration) -> Option<&str> {
    i.uri
        .as_deref()?
        .splitn(6, ':')
        .nth(5)?
        .strip_prefix("action/")
        .map(|a| a.split(['/', '&', '?']).next().unwrap_or(a))
}

/// Whether an HTTP API integration subtype does what the REST integration does: the action
/// must be one with a subtype; a path-style URI names no action and is judged by its service.
fn has_http_subtype(i: &Integration) -> bool {
    let service = rest_aws_service(i);
    let service = service.strip_prefix("sync-").unwrap_or(&service);
    HTTP_SUBTYPE_ACTIONS
        .iter()
        .find(|(s, _)| *s == service)
        .is_some_and(|(_, actions)| rest_aws_action(i).is_none_or(|a| actions.contains(&a)))
}

fn is_aws_service(i: &Integration) -> bool {
    matches!(i.kind.as_str(), "AWS" | "AWS_PROXY") && !i.is_lambda()
}

/// Request parameters that do more than hand path parameters back to the integration URI: the
/// ALB forwards the path as received, so those carry over without a gap.
fn mapped_parameters(i: &Integration) -> Vec<&str> {
    i.request_parameters
        .iter()
        .map(String::as_str)
        .filter(|k| !k.starts_with("integration.request.path."))
        .collect()
}

fn rest_features(api: &RestApi, account_rps: f64, out: &mut Finder) {
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
fn custom_throttle(rate: Option<f64>, burst: Option<i32>, default_rate: f64) -> Option<String> {
    let rate = rate.filter(|r| *r < default_rate);
    let burst = burst.filter(|b| *b < default_burst(default_rate));
    (rate.is_some() || burst.is_some()).then(|| limits(rate, burst))
}

fn limits(rate: Option<f64>, burst: Option<i32>) -> String {
    match (rate, burst) {
        (Some(r), Some(b)) => format!("{r} requests/s, burst {b}"),
        (Some(r), None) => format!("{r} requests/s"),
        (None, Some(b)) => format!("burst {b}"),
        (None, None) => "its defaults".to_owned(),
    }
}

/// Integration evidence shared by every API type; `at` names where the integration is used.
fn integration_features(i: &Integration, at: &str, out: &mut Finder) {
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

pub(super) fn aws_services_have_http_subtype(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::RestApi(api) => rest_methods(api)
            .filter_map(|(_, m)| m.integration.as_ref())
            .filter(|i| is_aws_service(i))
            .all(has_http_subtype),
        _ => false,
    }
}

/// A REST integration streams its response from a Lambda function.
pub(super) fn streams_from_lambda(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::RestApi(api) => rest_methods(api)
            .filter_map(|(_, m)| m.integration.as_ref())
            .any(|i| is_streamed(i) && i.is_lambda()),
        _ => false,
    }
}

fn is_streamed(i: &Integration) -> bool {
    i.response_transfer_mode.as_deref() == Some("STREAM")
}

pub(super) fn uses_token_authorizer(resource: &Resource) -> bool {
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

pub(super) fn uses_payload_format_2(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::V2Api(api) => api
            .integrations
            .iter()
            .any(|i| i.is_lambda() && i.payload_format_version.as_deref() == Some("2.0")),
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP and WebSocket APIs

fn v2_route_features(api: &V2Api, out: &mut Finder) {
    let authorizer = |id: Option<&str>| {
        api.authorizers
            .iter()
            .find(|a| Some(a.id.as_str()) == id)
            .map(|a| a.name.clone())
    };
    for route in &api.routes {
        let r = format!("route {}", route.route_key);
        match route.authorization_type.as_str() {
            "AWS_IAM" => out.found("iam-auth", format!("{r} requires AWS_IAM")),
            "CUSTOM" => out.found(
                "lambda-authorizer",
                match authorizer(route.authorizer_id.as_deref()) {
                    Some(name) => format!("{r} uses Lambda authorizer {name}"),
                    None => format!("{r} uses a Lambda authorizer"),
                },
            ),
            "JWT" => out.found(
                "jwt-authorizer",
                match authorizer(route.authorizer_id.as_deref()) {
                    Some(name) => format!("{r} uses JWT authorizer {name}"),
                    None => format!("{r} uses a JWT authorizer"),
                },
            ),
            _ => {}
        }
        if route.api_key_required {
            out.found("api-keys", format!("{r} requires an API key"));
        }
    }
    for i in &api.integrations {
        integration_features(i, &v2_integration_label(api, i), out);
    }
}

fn v2_stage_features(api: &V2Api, account_rps: f64, out: &mut Finder) {
    for stage in &api.stages {
        let s = format!("stage {}", stage.name);
        if let Some(l) = custom_throttle(
            stage.throttling_rate_limit,
            stage.throttling_burst_limit,
            account_rps,
        ) {
            out.found("stage-throttling", format!("{s} throttles routes to {l}"));
        }
        if let Some(dest) = &stage.access_log_destination {
            out.found("access-logs", format!("{s} logs to {}", short_arn(dest)));
        }
        if stage.client_certificate_id.is_some() {
            out.found(
                "backend-client-certificate",
                format!("{s} presents a client certificate to the backend"),
            );
        }
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
    }
}

fn http_features(api: &V2Api, account_rps: f64, out: &mut Finder) {
    if let Some(cors) = &api.cors {
        out.found(
            "cors",
            format!("CORS allows origins {}", cors.allow_origins.join(", ")),
        );
    }
    v2_route_features(api, out);
    v2_stage_features(api, account_rps, out);
}

fn websocket_features(api: &V2Api, account_rps: f64, out: &mut Finder) {
    out.found(
        "websocket",
        format!(
            "WebSocket API with {} route(s), route selection {}",
            api.routes.len(),
            api.route_selection_expression.as_deref().unwrap_or("?")
        ),
    );
    v2_route_features(api, out);
    v2_stage_features(api, account_rps, out);
}
