//! Evidence in an ALB's listeners, rules, target groups and attributes.

use super::*;

pub(super) fn listener_label(l: &Listener) -> String {
    match l.port {
        Some(port) => format!("listener :{port}"),
        None => format!("listener {}", l.protocol),
    }
}

pub(super) fn rule_label(r: &Rule, listener: &str) -> String {
    if r.is_default {
        format!("default rule of {listener}")
    } else {
        format!("rule {} of {listener}", r.priority)
    }
}

pub(super) fn condition_values(c: &Condition) -> String {
    c.values
        .iter()
        .cloned()
        .chain(c.regex_values.iter().map(|r| format!("regex {r}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A `*` anywhere but at the end, a `?`, or a regex: API Gateway paths cannot express these.
pub(super) fn is_complex_path(c: &Condition) -> bool {
    !c.regex_values.is_empty()
        || c.values
            .iter()
            .any(|v| v.contains('?') || v.trim_end_matches('*').contains('*'))
}

pub(super) fn alb_features(alb: &Alb, out: &mut Finder) {
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
pub(super) fn is_plain_forwarding(l: &Listener) -> bool {
    (l.protocol != "HTTPS" || l.port != Some(443))
        && l.rules
            .iter()
            .flat_map(|r| &r.actions)
            .any(|a| a.kind == "forward")
}

/// A JWKS endpoint outside the issuer's URL: the endpoint an HTTP or REST JWT authorizer would
/// discover from the issuer's `/.well-known/openid-configuration` is then unlikely to be it.
pub(super) fn is_bare_jwks(a: &crate::model::Action) -> bool {
    match (a.jwt_issuer.as_deref(), a.jwks_endpoint.as_deref()) {
        (Some(issuer), Some(jwks)) => !jwks.starts_with(issuer.trim_end_matches('/')),
        _ => false,
    }
}

pub(super) fn jwt_actions(resource: &Resource) -> impl Iterator<Item = &crate::model::Action> {
    let alb = match &resource.config {
        ResourceConfig::Alb(alb) => Some(alb.as_ref()),
        _ => None,
    };
    alb.into_iter()
        .flat_map(|a| a.rules())
        .flat_map(|r| &r.actions)
        .filter(|a| a.kind == "jwt-validation")
}

pub(in crate::analyze::features) fn alb_jwt_checks_claims(resource: &Resource) -> bool {
    jwt_actions(resource).any(|a| !a.jwt_claims.is_empty())
}

pub(in crate::analyze::features) fn alb_jwt_has_bare_jwks(resource: &Resource) -> bool {
    jwt_actions(resource).any(is_bare_jwks)
}

/// A rule of the ALB matches an `X-Forwarded-*` header.
pub(in crate::analyze::features) fn matches_forwarded_headers(resource: &Resource) -> bool {
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
pub(super) fn short_arn(arn: &str) -> String {
    Some(arn)
        .filter(|a| a.starts_with("arn:"))
        .and_then(|a| a.splitn(6, ':').nth(5))
        .filter(|resource| !resource.is_empty())
        .unwrap_or(arn)
        .to_owned()
}

/// The ALB forwards to instance or IP targets: only then can it stay as the target of an API's
/// VPC link (a Lambda target is better integrated with the API directly).
pub(in crate::analyze::features) fn has_vpc_targets(resource: &Resource) -> bool {
    match &resource.config {
        ResourceConfig::Alb(alb) => alb
            .target_groups
            .iter()
            .any(|t| matches!(t.target_type.as_str(), "instance" | "ip")),
        _ => false,
    }
}
