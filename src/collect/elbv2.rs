//! Application Load Balancers: inventory through the ELBv2 Describe operations.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_elasticloadbalancingv2 as elb;
use elb::types::{
    Action as SdkAction, Listener as SdkListener, LoadBalancer, Rule as SdkRule, RuleCondition,
    TargetGroup as SdkTargetGroup,
};
use futures::{stream, StreamExt};

use super::ctx::{pages, Ctx};
use super::registry::Op;
use crate::model::{
    Action, Alb, Condition, LcuReservation, Listener, MutualAuthentication, Rule, TargetGroup,
    WeightedTargetGroup,
};

/// ELBv2's largest page size for DescribeLoadBalancers, DescribeListeners, DescribeRules and
/// DescribeTargetGroups.
const PAGE_SIZE: i32 = 400;
/// DescribeTags takes at most 20 resource ARNs per call.
const TAGS_PER_CALL: usize = 20;

pub async fn collect(ctx: &Ctx, client: &elb::Client, concurrency: usize) -> Vec<Alb> {
    let Some(lbs) = ctx
        .paginate(
            Op::Elbv2DescribeLoadBalancers,
            None,
            pages!(
                |marker| client
                    .describe_load_balancers()
                    .page_size(PAGE_SIZE)
                    .set_marker(marker),
                load_balancers,
                next_marker
            ),
        )
        .await
    else {
        return Vec::new();
    };
    let mut albs: Vec<Alb> = lbs
        .iter()
        .filter(|lb| lb.r#type().map(|t| t.as_str()) == Some("application"))
        .map(alb_from_sdk)
        .collect();
    if albs.is_empty() {
        return albs;
    }

    // Target groups in bulk (one list for the region) rather than per load balancer.
    let target_groups = ctx
        .paginate(
            Op::Elbv2DescribeTargetGroups,
            None,
            pages!(
                |marker| client
                    .describe_target_groups()
                    .page_size(PAGE_SIZE)
                    .set_marker(marker),
                target_groups,
                next_marker
            ),
        )
        .await
        .unwrap_or_default();
    let alb_arns: HashMap<&str, usize> = albs
        .iter()
        .enumerate()
        .map(|(i, a)| (a.arn.as_str(), i))
        .collect();
    let tgs: Vec<(Vec<usize>, &SdkTargetGroup)> = target_groups
        .iter()
        .filter_map(|tg| {
            let mut owners: Vec<usize> = tg
                .load_balancer_arns()
                .iter()
                .filter_map(|a| alb_arns.get(a.as_str()).copied())
                .collect();
            // A target group used by several rules may list its load balancer more than once.
            owners.sort_unstable();
            owners.dedup();
            (!owners.is_empty()).then_some((owners, tg))
        })
        .collect();
    let described_tgs: Vec<(Vec<usize>, TargetGroup)> = stream::iter(tgs)
        .map(|(owners, tg)| async move { (owners, describe_target_group(ctx, client, tg).await) })
        .buffered(concurrency)
        .collect()
        .await;
    for (owners, tg) in described_tgs {
        for i in owners {
            albs[i].target_groups.push(tg.clone());
        }
    }

    let details: Vec<(BTreeMap<String, String>, Vec<Listener>)> = stream::iter(albs.iter())
        .map(|alb| describe_alb(ctx, client, &alb.arn))
        .buffered(concurrency)
        .collect()
        .await;
    for (alb, (attributes, listeners)) in albs.iter_mut().zip(details) {
        alb.attributes = attributes;
        alb.listeners = listeners;
    }

    let reservations: Vec<Option<LcuReservation>> = stream::iter(albs.iter())
        .map(|alb| capacity_reservation(ctx, client, &alb.arn))
        .buffered(concurrency)
        .collect()
        .await;
    for (alb, reservation) in albs.iter_mut().zip(reservations) {
        alb.lcu_reservation = reservation;
    }

    let arns: Vec<String> = albs.iter().map(|a| a.arn.clone()).collect();
    let tags = describe_tags(ctx, client, &arns).await;
    for alb in &mut albs {
        alb.tags = tags.get(&alb.arn).cloned().unwrap_or_default();
    }
    albs
}

fn alb_from_sdk(lb: &LoadBalancer) -> Alb {
    Alb {
        arn: lb.load_balancer_arn().unwrap_or_default().to_owned(),
        dns_name: lb.dns_name().unwrap_or_default().to_owned(),
        // CreateLoadBalancer defaults to internet-facing; a describe that omits the scheme
        // (as emulators do) means that default.
        scheme: lb
            .scheme()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_else(|| "internet-facing".to_owned()),
        ip_address_type: lb
            .ip_address_type()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        vpc_id: lb.vpc_id().unwrap_or_default().to_owned(),
        state: lb
            .state()
            .and_then(|s| s.code())
            .map(|c| c.as_str().to_owned())
            .unwrap_or_default(),
        availability_zones: lb
            .availability_zones()
            .iter()
            .filter_map(|z| z.zone_name().map(str::to_owned))
            .collect(),
        ipv4_ipam_pool_id: lb
            .ipam_pools()
            .and_then(|p| p.ipv4_ipam_pool_id())
            .map(str::to_owned),
        ..Alb::default()
    }
}

/// The ALB's LCU reservation, or `None` when it reserves nothing (no minimum capacity, or
/// zero units). A failed call is a gap: an unread reservation would under-state the bill.
async fn capacity_reservation(
    ctx: &Ctx,
    client: &elb::Client,
    arn: &str,
) -> Option<LcuReservation> {
    let out = ctx
        .call(
            Op::Elbv2DescribeCapacityReservation,
            Some(arn),
            client
                .describe_capacity_reservation()
                .load_balancer_arn(arn)
                .send(),
        )
        .await?;
    let units = out
        .minimum_load_balancer_capacity()
        .and_then(|m| m.capacity_units())
        .filter(|u| *u > 0)?;
    Some(LcuReservation {
        capacity_units: f64::from(units),
        states: out
            .capacity_reservation_state()
            .iter()
            .map(|z| {
                format!(
                    "{}={}",
                    z.availability_zone().unwrap_or("?"),
                    z.state()
                        .and_then(|s| s.code())
                        .map(|c| c.as_str())
                        .unwrap_or("unknown")
                )
            })
            .collect(),
    })
}

async fn describe_alb(
    ctx: &Ctx,
    client: &elb::Client,
    arn: &str,
) -> (BTreeMap<String, String>, Vec<Listener>) {
    let attributes = ctx
        .call(
            Op::Elbv2DescribeLoadBalancerAttributes,
            Some(arn),
            client
                .describe_load_balancer_attributes()
                .load_balancer_arn(arn)
                .send(),
        )
        .await
        .map(|o| {
            o.attributes()
                .iter()
                .filter_map(|a| Some((a.key()?.to_owned(), a.value()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let sdk_listeners = ctx
        .paginate(
            Op::Elbv2DescribeListeners,
            Some(arn),
            pages!(
                |marker| client
                    .describe_listeners()
                    .load_balancer_arn(arn)
                    .page_size(PAGE_SIZE)
                    .set_marker(marker),
                listeners,
                next_marker
            ),
        )
        .await
        .unwrap_or_default();
    let mut listeners = Vec::with_capacity(sdk_listeners.len());
    for l in &sdk_listeners {
        listeners.push(describe_listener(ctx, client, l).await);
    }
    (attributes, listeners)
}

async fn describe_listener(ctx: &Ctx, client: &elb::Client, l: &SdkListener) -> Listener {
    let arn = l.listener_arn().unwrap_or_default();
    let rules = ctx
        .paginate(
            Op::Elbv2DescribeRules,
            Some(arn),
            pages!(
                |marker| client
                    .describe_rules()
                    .listener_arn(arn)
                    .page_size(PAGE_SIZE)
                    .set_marker(marker),
                rules,
                next_marker
            ),
        )
        .await;
    let rules = match rules {
        Some(rules) => rules.iter().map(rule_from_sdk).collect(),
        // Without DescribeRules the listener's default actions are still known.
        None => vec![Rule {
            arn: String::new(),
            priority: "default".to_owned(),
            is_default: true,
            conditions: Vec::new(),
            actions: l.default_actions().iter().map(action_from_sdk).collect(),
            transforms: Vec::new(),
        }],
    };
    Listener {
        arn: arn.to_owned(),
        port: l.port(),
        protocol: l
            .protocol()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        mutual_authentication: l.mutual_authentication().map(|m| MutualAuthentication {
            mode: m.mode().unwrap_or("off").to_owned(),
            trust_store_arn: m.trust_store_arn().map(str::to_owned),
        }),
        certificate_arns: l
            .certificates()
            .iter()
            .filter_map(|c| c.certificate_arn().map(str::to_owned))
            .collect(),
        rules,
        ssl_policy: l.ssl_policy().map(str::to_owned),
    }
}

fn rule_from_sdk(r: &SdkRule) -> Rule {
    Rule {
        arn: r.rule_arn().unwrap_or_default().to_owned(),
        priority: r.priority().unwrap_or_default().to_owned(),
        is_default: r.is_default().unwrap_or(false),
        conditions: r.conditions().iter().map(condition_from_sdk).collect(),
        actions: r.actions().iter().map(action_from_sdk).collect(),
        transforms: r
            .transforms()
            .iter()
            .filter_map(|t| t.r#type().map(|t| t.as_str().to_owned()))
            .collect(),
    }
}

fn condition_from_sdk(c: &RuleCondition) -> Condition {
    let field = c.field().unwrap_or_default().to_owned();
    // The legacy `Values` list and the typed configs say the same thing; AWS fills one or both.
    let typed: Vec<String> = match field.as_str() {
        "host-header" => c
            .host_header_config()
            .map(|h| h.values().to_vec())
            .unwrap_or_default(),
        "path-pattern" => c
            .path_pattern_config()
            .map(|p| p.values().to_vec())
            .unwrap_or_default(),
        "http-header" => c
            .http_header_config()
            .map(|h| h.values().to_vec())
            .unwrap_or_default(),
        "query-string" => c
            .query_string_config()
            .map(|q| {
                q.values()
                    .iter()
                    .map(|kv| match kv.key() {
                        Some(k) => format!("{k}={}", kv.value().unwrap_or_default()),
                        None => kv.value().unwrap_or_default().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        "http-request-method" => c
            .http_request_method_config()
            .map(|m| m.values().to_vec())
            .unwrap_or_default(),
        "source-ip" => c
            .source_ip_config()
            .map(|s| s.values().to_vec())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut values = c.values().to_vec();
    for v in typed {
        if !values.contains(&v) {
            values.push(v);
        }
    }
    Condition {
        header_name: c
            .http_header_config()
            .and_then(|h| h.http_header_name())
            .map(str::to_owned),
        field,
        values,
        regex_values: c.regex_values().to_vec(),
    }
}

fn action_from_sdk(a: &SdkAction) -> Action {
    let mut target_groups: Vec<WeightedTargetGroup> = a
        .forward_config()
        .map(|f| {
            f.target_groups()
                .iter()
                .map(|t| WeightedTargetGroup {
                    arn: t.target_group_arn().unwrap_or_default().to_owned(),
                    weight: t.weight(),
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(arn) = a.target_group_arn() {
        if !target_groups.iter().any(|t| t.arn == arn) {
            target_groups.push(WeightedTargetGroup {
                arn: arn.to_owned(),
                weight: None,
            });
        }
    }
    Action {
        kind: a
            .r#type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        order: a.order(),
        target_groups,
        group_stickiness: a
            .forward_config()
            .and_then(|f| f.target_group_stickiness_config())
            .and_then(|s| s.enabled())
            .unwrap_or(false),
        jwt_issuer: a
            .jwt_validation_config()
            .and_then(|j| j.issuer())
            .map(str::to_owned),
        jwks_endpoint: a
            .jwt_validation_config()
            .and_then(|j| j.jwks_endpoint())
            .map(str::to_owned),
        jwt_claims: a
            .jwt_validation_config()
            .map(|j| {
                j.additional_claims()
                    .iter()
                    .filter_map(|c| c.name().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

async fn describe_target_group(
    ctx: &Ctx,
    client: &elb::Client,
    tg: &SdkTargetGroup,
) -> TargetGroup {
    let arn = tg.target_group_arn().unwrap_or_default();
    let attributes = ctx
        .call(
            Op::Elbv2DescribeTargetGroupAttributes,
            Some(arn),
            client
                .describe_target_group_attributes()
                .target_group_arn(arn)
                .send(),
        )
        .await
        .map(|o| {
            o.attributes()
                .iter()
                .filter_map(|a| Some((a.key()?.to_owned(), a.value()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let health = ctx
        .call(
            Op::Elbv2DescribeTargetHealth,
            Some(arn),
            client.describe_target_health().target_group_arn(arn).send(),
        )
        .await;
    let (targets, healthy_targets) = health
        .map(|h| {
            let all = h.target_health_descriptions();
            let healthy = all
                .iter()
                .filter(|d| {
                    d.target_health()
                        .and_then(|t| t.state())
                        .map(|s| s.as_str())
                        == Some("healthy")
                })
                .count();
            (all.len() as u32, healthy as u32)
        })
        .unwrap_or_default();
    TargetGroup {
        arn: arn.to_owned(),
        name: tg.target_group_name().unwrap_or_default().to_owned(),
        target_type: tg
            .target_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        protocol: tg.protocol().map(|p| p.as_str().to_owned()),
        protocol_version: tg.protocol_version().map(str::to_owned),
        attributes,
        targets,
        healthy_targets,
    }
}

async fn describe_tags(
    ctx: &Ctx,
    client: &elb::Client,
    arns: &[String],
) -> HashMap<String, BTreeMap<String, String>> {
    let mut out = HashMap::new();
    for chunk in arns.chunks(TAGS_PER_CALL) {
        let resp = ctx
            .call(
                Op::Elbv2DescribeTags,
                None,
                client
                    .describe_tags()
                    .set_resource_arns(Some(chunk.to_vec()))
                    .send(),
            )
            .await;
        for d in resp.iter().flat_map(|r| r.tag_descriptions()) {
            let tags = d
                .tags()
                .iter()
                .filter_map(|t| {
                    Some((
                        t.key()?.to_owned(),
                        t.value().unwrap_or_default().to_owned(),
                    ))
                })
                .collect();
            out.insert(d.resource_arn().unwrap_or_default().to_owned(), tags);
        }
    }
    out
}
