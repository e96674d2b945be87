//! A realistic account, built in code so that its 720-hour series stay readable as formulas:
//! two regions; a busy ALB, an idle one and two small ones that share a VPC; a REST API with a
//! cache; an HTTP API whose name is hostile Markdown and HTML; a WebSocket API with an absurdly
//! long name; a Lambda-backed ALB; two REST APIs that share a name; calls that failed.

use std::collections::BTreeMap;

use chrono::{DateTime, TimeDelta, Timelike, Utc};

use crate::model::{Action as AlbAction, Condition, Resource, ResourceConfig, ResourceKind};
use crate::model::{
    Alb, Authorizer, CustomDomain, DataNote, Gap, Integration, Listener, MetricRequests,
    MetricSeries, RestApi, RestMethod, RestResource, RestStage, Route, Rule, Snapshot, TargetGroup,
    Usage, V2Api, V2Stage, Window,
};
use crate::pricing::{lcu_dimensions, AlbHourUsage};

pub const ACCOUNT: &str = "123456789012";
pub const HOSTILE_NAME: &str =
    "payments|v2 <script>alert(\"pwned\")</script> *beta* [internal]_\nsecond line";
pub const HOURS: u32 = 720;

pub fn window() -> Window {
    let end: DateTime<Utc> = "2026-11-25T00:00:00Z".parse().expect("a valid timestamp");
    Window {
        start: end - TimeDelta::hours(i64::from(HOURS)),
        end,
        hours: HOURS,
    }
}

/// Requests per hour: a daytime peak, quieter weekends, steady growth (or decline) and a
/// deterministic wobble, rounded to whole requests as CloudWatch counts them.
fn traffic(mean_per_hour: f64, growth_per_day: f64, seed: u64) -> Vec<f64> {
    let start = window().start;
    (0..HOURS as usize)
        .map(|h| {
            let at = start + TimeDelta::hours(h as i64);
            let hour = f64::from(at.hour());
            let daily = 1.0 + 0.6 * (std::f64::consts::TAU * (hour - 9.0) / 24.0).sin();
            let weekday = at.format("%u").to_string();
            let weekly = if weekday == "6" || weekday == "7" {
                0.7
            } else {
                1.1
            };
            let day = h as f64 / 24.0;
            let growth = 1.0 + growth_per_day * (day - 15.0);
            let wobble = 1.0 + ((h as u64 * 7919 + seed * 104_729) % 97) as f64 / 970.0 - 0.05;
            (mean_per_hour * daily * weekly * growth * wobble)
                .max(0.0)
                .round()
        })
        .collect()
}

fn series(namespace: &str, metric: &str, dims: &[(&str, &str)], hourly: Vec<f64>) -> MetricSeries {
    MetricSeries {
        namespace: namespace.to_owned(),
        metric: metric.to_owned(),
        dimensions: dims
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        stage: None,
        has_data: hourly.iter().any(|v| *v > 0.0),
        hourly: hourly.into(),
        present_hours: None,
    }
}

struct AlbTraffic {
    requests: Vec<f64>,
    bytes_per_request: f64,
    requests_per_connection: f64,
    lambda: bool,
    rules_per_request: f64,
    /// Hours whose ConsumedLCUs CloudWatch reports at three times the recomputed value.
    disagreeing_hours: Vec<usize>,
}

fn alb_usage(dimension: &str, t: AlbTraffic) -> Usage {
    let dims = [("LoadBalancer", dimension)];
    let ns = "AWS/ApplicationELB";
    let per = |f: &dyn Fn(f64) -> f64| -> Vec<f64> { t.requests.iter().map(|q| f(*q)).collect() };
    let new_connections = per(&|q| (q / t.requests_per_connection).round());
    let active = per(&|q| (q / t.requests_per_connection * 2.0).round());
    let bytes = per(&|q| q * t.bytes_per_request);
    let rules = per(&|q| q * t.rules_per_request);
    let lambda_bytes = if t.lambda {
        bytes.clone()
    } else {
        vec![0.0; t.requests.len()]
    };
    let consumed: Vec<f64> = (0..t.requests.len())
        .map(|h| {
            let lcus = lcu_dimensions(
                &AlbHourUsage {
                    new_connections: new_connections[h],
                    active_connections_sum: active[h],
                    processed_bytes: bytes[h],
                    lambda_bytes: lambda_bytes[h],
                    rule_evaluations: rules[h],
                    requests: t.requests[h],
                },
                false,
            )
            .max();
            let factor = if t.disagreeing_hours.contains(&h) {
                3.0
            } else {
                1.0
            };
            (lcus * factor * 1e6).round() / 1e6
        })
        .collect();
    Usage {
        series: vec![
            series(ns, "RequestCount", &dims, t.requests.clone()),
            series(ns, "ConsumedLCUs", &dims, consumed),
            series(ns, "NewConnectionCount", &dims, new_connections),
            series(ns, "ActiveConnectionCount", &dims, active),
            series(ns, "ProcessedBytes", &dims, bytes),
            series(ns, "RuleEvaluations", &dims, rules),
            series(ns, "LambdaTargetProcessedBytes", &dims, lambda_bytes),
        ],
    }
}

fn alb_arn(region: &str, name: &str, id: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:loadbalancer/app/{name}/{id}")
}

struct AlbSpec<'a> {
    region: &'a str,
    name: &'a str,
    id: &'a str,
    scheme: &'a str,
    vpc: &'a str,
    azs: usize,
    target_type: &'a str,
    targets: u32,
    healthy: u32,
    path_rules: &'a [&'a str],
}

fn alb(spec: AlbSpec, usage: Usage) -> Resource {
    let arn = alb_arn(spec.region, spec.name, spec.id);
    let tg_arn = format!(
        "arn:aws:elasticloadbalancing:{}:{ACCOUNT}:targetgroup/{}-tg/{}",
        spec.region, spec.name, spec.id
    );
    let forward = AlbAction {
        kind: "forward".to_owned(),
        order: Some(1),
        target_groups: vec![crate::model::WeightedTargetGroup {
            arn: tg_arn.clone(),
            weight: Some(1),
        }],
        group_stickiness: false,
        ..AlbAction::default()
    };
    let mut rules = vec![Rule {
        arn: format!("{arn}/default"),
        priority: "default".to_owned(),
        is_default: true,
        conditions: Vec::new(),
        actions: vec![forward.clone()],
        transforms: Vec::new(),
    }];
    for (i, path) in spec.path_rules.iter().enumerate() {
        rules.push(Rule {
            arn: format!("{arn}/rule-{i}"),
            priority: (i + 1).to_string(),
            is_default: false,
            conditions: vec![Condition {
                field: "path-pattern".to_owned(),
                header_name: None,
                values: vec![(*path).to_owned()],
                regex_values: Vec::new(),
            }],
            actions: vec![forward.clone()],
            transforms: Vec::new(),
        });
    }
    let azs = ["a", "b", "c"]
        .iter()
        .take(spec.azs)
        .map(|z| format!("{}{z}", spec.region))
        .collect();
    let config = Alb {
        arn: arn.clone(),
        dns_name: format!(
            "{}-{}.{}.elb.amazonaws.com",
            spec.name, spec.id, spec.region
        ),
        scheme: spec.scheme.to_owned(),
        ip_address_type: "ipv4".to_owned(),
        vpc_id: spec.vpc.to_owned(),
        state: "active".to_owned(),
        availability_zones: azs,
        listeners: vec![Listener {
            arn: format!("{arn}/listener/443"),
            port: Some(443),
            protocol: "HTTPS".to_owned(),
            mutual_authentication: None,
            certificate_arns: vec![format!(
                "arn:aws:acm:{}:{ACCOUNT}:certificate/0f6e8d0c",
                spec.region
            )],
            rules,
            ..Listener::default()
        }],
        target_groups: vec![TargetGroup {
            arn: tg_arn,
            name: format!("{}-tg", spec.name),
            target_type: spec.target_type.to_owned(),
            protocol: (spec.target_type != "lambda").then(|| "HTTP".to_owned()),
            protocol_version: (spec.target_type != "lambda").then(|| "HTTP1".to_owned()),
            attributes: BTreeMap::new(),
            targets: spec.targets,
            healthy_targets: spec.healthy,
        }],
        attributes: BTreeMap::from([("idle_timeout.timeout_seconds".to_owned(), "60".to_owned())]),
        tags: BTreeMap::from([("team".to_owned(), "platform".to_owned())]),
        web_acl_arn: None,
        lcu_reservation: None,
        ipv4_ipam_pool_id: None,
    };
    Resource {
        kind: ResourceKind::Alb,
        account_id: ACCOUNT.to_owned(),
        region: spec.region.to_owned(),
        id: arn,
        name: spec.name.to_owned(),
        config: ResourceConfig::Alb(Box::new(config)),
        usage,
    }
}

fn lambda_integration(region: &str, function: &str) -> Integration {
    Integration {
        kind: "AWS_PROXY".to_owned(),
        uri: Some(format!(
            "arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/arn:aws:lambda:{region}:{ACCOUNT}:function:{function}/invocations"
        )),
        timeout_ms: Some(29_000),
        payload_format_version: Some("2.0".to_owned()),
        ..Integration::default()
    }
}

fn rest_api(
    region: &str,
    id: &str,
    name: &str,
    cache: Option<&str>,
    requests: Vec<f64>,
) -> Resource {
    let stage = "prod";
    let dims = [("ApiName", name), ("Stage", stage)];
    let ns = "AWS/ApiGateway";
    let mut usage = Usage {
        series: vec![series(ns, "Count", &dims, requests.clone())],
    };
    if cache.is_some() {
        let hits: Vec<f64> = requests.iter().map(|q| (q * 0.62).round()).collect();
        let misses: Vec<f64> = requests.iter().zip(&hits).map(|(q, h)| q - h).collect();
        usage.series.push(series(ns, "CacheHitCount", &dims, hits));
        usage
            .series
            .push(series(ns, "CacheMissCount", &dims, misses));
    }
    for s in &mut usage.series {
        s.stage = Some(stage.to_owned());
    }
    let methods = |path: &str| RestResource {
        id: format!("{id}-{}", path.len()),
        path: path.to_owned(),
        methods: ["GET", "POST"]
            .iter()
            .map(|m| RestMethod {
                http_method: (*m).to_owned(),
                authorization_type: "NONE".to_owned(),
                integration: Some(Integration {
                    kind: "AWS_PROXY".to_owned(),
                    payload_format_version: None,
                    ..lambda_integration(region, name)
                }),
                ..RestMethod::default()
            })
            .collect(),
    };
    let config = RestApi {
        id: id.to_owned(),
        name: name.to_owned(),
        endpoint_types: vec!["REGIONAL".to_owned()],
        tags: BTreeMap::from([("cost-center".to_owned(), "cc-42".to_owned())]),
        stages: vec![RestStage {
            name: stage.to_owned(),
            deployment_id: Some("d1x2y3".to_owned()),
            cache_cluster_enabled: cache.is_some(),
            cache_cluster_size: cache.map(str::to_owned),
            ..RestStage::default()
        }],
        resources: vec![methods("/orders"), methods("/orders/{id}")],
        ..RestApi::default()
    };
    Resource {
        kind: ResourceKind::RestApi,
        account_id: ACCOUNT.to_owned(),
        region: region.to_owned(),
        id: id.to_owned(),
        name: name.to_owned(),
        config: ResourceConfig::RestApi(Box::new(config)),
        usage,
    }
}

fn v2_api(
    kind: ResourceKind,
    region: &str,
    id: &str,
    name: &str,
    routes: &[&str],
    usage: Usage,
) -> Resource {
    let protocol = if kind == ResourceKind::WebsocketApi {
        "WEBSOCKET"
    } else {
        "HTTP"
    };
    let integration = Integration {
        id: "int1".to_owned(),
        ..lambda_integration(region, "handler")
    };
    let config = V2Api {
        id: id.to_owned(),
        name: name.to_owned(),
        protocol_type: protocol.to_owned(),
        api_endpoint: Some(format!("https://{id}.execute-api.{region}.amazonaws.com")),
        route_selection_expression: Some(if protocol == "HTTP" {
            "$request.method $request.path".to_owned()
        } else {
            "$request.body.action".to_owned()
        }),
        tags: BTreeMap::from([(
            "owner".to_owned(),
            "<img src=x onerror=alert(1)> | team".to_owned(),
        )]),
        routes: routes
            .iter()
            .enumerate()
            .map(|(i, key)| Route {
                id: format!("r{i}"),
                route_key: (*key).to_owned(),
                authorization_type: if protocol == "HTTP" { "JWT" } else { "NONE" }.to_owned(),
                authorizer_id: (protocol == "HTTP").then(|| "auth1".to_owned()),
                api_key_required: false,
                target: Some("integrations/int1".to_owned()),
            })
            .collect(),
        integrations: vec![integration],
        authorizers: if protocol == "HTTP" {
            vec![Authorizer {
                id: "auth1".to_owned(),
                name: "cognito-jwt".to_owned(),
                kind: "JWT".to_owned(),
                jwt_issuer: Some(
                    "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example".to_owned(),
                ),
            }]
        } else {
            Vec::new()
        },
        stages: vec![V2Stage {
            name: "$default".to_owned(),
            auto_deploy: true,
            ..V2Stage::default()
        }],
        custom_domains: vec![CustomDomain {
            domain_name: format!("{id}.example.com"),
            endpoint_types: vec!["REGIONAL".to_owned()],
            mtls_truststore_uri: None,
            stages: vec!["$default".to_owned()],
            ..CustomDomain::default()
        }],
        ..V2Api::default()
    };
    Resource {
        kind,
        account_id: ACCOUNT.to_owned(),
        region: region.to_owned(),
        id: id.to_owned(),
        name: name.to_owned(),
        config: ResourceConfig::V2Api(Box::new(config)),
        usage,
    }
}

fn v2_usage(id: &str, metrics: Vec<(&str, Vec<f64>)>) -> Usage {
    let dims = [("ApiId", id), ("Stage", "$default")];
    Usage {
        series: metrics
            .into_iter()
            .map(|(m, hourly)| {
                let mut s = series("AWS/ApiGateway", m, &dims, hourly);
                s.stage = Some("$default".to_owned());
                s
            })
            .collect(),
    }
}

pub fn long_websocket_name() -> String {
    format!(
        "realtime-notifications-{}-websocket",
        "customer-facing-mobile-and-web-clients-".repeat(6)
    )
}

pub fn snapshot() -> Snapshot {
    let (use1, euw1) = ("us-east-1", "eu-west-1");
    let mut resources = Vec::new();

    resources.push(alb(
        AlbSpec {
            region: use1,
            name: "web-prod",
            id: "50dc6c495c0c9188",
            scheme: "internet-facing",
            vpc: "vpc-0a1b2c3d",
            azs: 3,
            target_type: "instance",
            targets: 4,
            healthy: 4,
            path_rules: &["/api/*", "/static/*", "/admin/*"],
        },
        alb_usage(
            "app/web-prod/50dc6c495c0c9188",
            AlbTraffic {
                requests: traffic(25_000.0, 0.005, 1),
                bytes_per_request: 30_000.0,
                requests_per_connection: 12.0,
                lambda: false,
                rules_per_request: 2.0,
                disagreeing_hours: (100..112).collect(),
            },
        ),
    ));

    // Idle and broken: CloudWatch has no datapoint at all, and no target is healthy.
    let mut idle = alb_usage(
        "app/legacy-admin/7a8b9c0d1e2f3a4b",
        AlbTraffic {
            requests: vec![0.0; HOURS as usize],
            bytes_per_request: 0.0,
            requests_per_connection: 1.0,
            lambda: false,
            rules_per_request: 1.0,
            disagreeing_hours: Vec::new(),
        },
    );
    for s in &mut idle.series {
        s.has_data = false;
    }
    resources.push(alb(
        AlbSpec {
            region: use1,
            name: "legacy-admin",
            id: "7a8b9c0d1e2f3a4b",
            scheme: "internet-facing",
            vpc: "vpc-0a1b2c3d",
            azs: 2,
            target_type: "instance",
            targets: 2,
            healthy: 0,
            path_rules: &[],
        },
        idle,
    ));

    for (name, id, per_hour, seed) in [
        ("grafana", "1c2d3e4f5a6b7c8d", 150.0, 3),
        ("jenkins", "9e8d7c6b5a4f3e2d", 60.0, 4),
    ] {
        resources.push(alb(
            AlbSpec {
                region: use1,
                name,
                id,
                scheme: "internal",
                vpc: "vpc-0e5f6a7b",
                azs: 2,
                target_type: "instance",
                targets: 1,
                healthy: 1,
                path_rules: &["/*"],
            },
            alb_usage(
                &format!("app/{name}/{id}"),
                AlbTraffic {
                    requests: traffic(per_hour, 0.0, seed),
                    bytes_per_request: 8_000.0,
                    requests_per_connection: 20.0,
                    lambda: false,
                    rules_per_request: 2.0,
                    disagreeing_hours: Vec::new(),
                },
            ),
        ));
    }

    resources.push(rest_api(
        use1,
        "k3x9orders1",
        "orders-api",
        Some("0.5"),
        traffic(2_900.0, 0.002, 5),
    ));

    let http_requests = traffic(82_000.0, 0.01, 6);
    let http_bytes: Vec<f64> = http_requests.iter().map(|q| q * 3_000.0).collect();
    resources.push(v2_api(
        ResourceKind::HttpApi,
        use1,
        "a1b2c3d4e5",
        HOSTILE_NAME,
        &[
            "GET /payments",
            "POST /payments",
            "GET /payments/{id}",
            "DELETE /payments/{id}",
            "GET /refunds",
            "POST /refunds",
        ],
        v2_usage(
            "a1b2c3d4e5",
            vec![("Count", http_requests), ("DataProcessed", http_bytes)],
        ),
    ));

    let messages = traffic(7_000.0, -0.004, 7);
    let connects: Vec<f64> = messages.iter().map(|m| (m / 23.0).round()).collect();
    resources.push(v2_api(
        ResourceKind::WebsocketApi,
        euw1,
        "ws7chat9q2",
        &long_websocket_name(),
        &["$connect", "$disconnect", "$default", "sendMessage"],
        v2_usage(
            "ws7chat9q2",
            vec![("MessageCount", messages), ("ConnectCount", connects)],
        ),
    ));

    resources.push(alb(
        AlbSpec {
            region: euw1,
            name: "reports-fn",
            id: "3f4e5d6c7b8a9f0e",
            scheme: "internet-facing",
            vpc: "vpc-0c9d8e7f",
            azs: 2,
            target_type: "lambda",
            targets: 1,
            healthy: 1,
            path_rules: &["/reports/*"],
        },
        alb_usage(
            "app/reports-fn/3f4e5d6c7b8a9f0e",
            AlbTraffic {
                requests: traffic(4_200.0, 0.001, 8),
                bytes_per_request: 10_000.0,
                requests_per_connection: 5.0,
                lambda: true,
                rules_per_request: 2.0,
                disagreeing_hours: Vec::new(),
            },
        ),
    ));

    // Two REST APIs with one name: CloudWatch gives both the same series.
    let shared = traffic(1_000.0, 0.0, 9);
    for id in ["p4rtn3r0a1", "p4rtn3r0b2"] {
        resources.push(rest_api(euw1, id, "partner-api", None, shared.clone()));
    }

    let hostile_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/reports-fn/3f4e5d6c7b8a9f0e";
    Snapshot {
        schema_version: crate::model::SNAPSHOT_SCHEMA_VERSION,
        tool_version: "0.1.0".to_owned(),
        partition: "aws".to_owned(),
        account_ids: vec![ACCOUNT.to_owned()],
        regions: vec![use1.to_owned(), euw1.to_owned()],
        window: window(),
        period_seconds: 3600,
        collected_at: "2026-11-25T00:12:34Z".parse().expect("a valid timestamp"),
        resources,
        gaps: vec![
            Gap {
                account_id: ACCOUNT.to_owned(),
                region: euw1.to_owned(),
                service: "wafv2".to_owned(),
                operation: "GetWebACLForResource".to_owned(),
                error: "AccessDeniedException".to_owned(),
                message: "User: arn:aws:sts::123456789012:assumed-role/finops-audit/cli is not authorized to perform: wafv2:GetWebACLForResource | explicit deny in a service control policy".to_owned(),
                resource: Some(hostile_arn.to_owned()),
            },
            Gap {
                account_id: ACCOUNT.to_owned(),
                region: use1.to_owned(),
                service: "cloudwatch".to_owned(),
                operation: "GetMetricData".to_owned(),
                error: "Throttling".to_owned(),
                message: "Rate exceeded\n(after 5 retries)".to_owned(),
                resource: None,
            },
        ],
        notes: vec![DataNote {
            code: crate::model::NoteCode::RestNameCollision,
            account_id: ACCOUNT.to_owned(),
            region: euw1.to_owned(),
            detail: "2 REST APIs are named partner-api: CloudWatch keys REST metrics by API name and stage, so they share one series, split evenly between them".to_owned(),
            resources: vec!["p4rtn3r0a1".to_owned(), "p4rtn3r0b2".to_owned()],
        }],
        cloudwatch_requests: Some(vec![
            MetricRequests {
                account_id: ACCOUNT.to_owned(),
                region: euw1.to_owned(),
                metrics_requested: 2_412,
                getmetricdata_calls: 6,
                batches: None,
            },
            MetricRequests {
                account_id: ACCOUNT.to_owned(),
                region: use1.to_owned(),
                metrics_requested: 4_712,
                getmetricdata_calls: 10,
                batches: None,
            },
        ]),
        organizations: Vec::new(),
        account_names: Default::default(),
        service_quotas: Vec::new(),
        vpc_endpoints: None,
    }
}
