use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::model::{
    Action, Alb, Authorizer, Condition, Cors, CustomDomain, Integration, Listener, MethodSetting,
    MetricSeries, MutualAuthentication, PortalListing, Resource, ResourceConfig, ResourceKind,
    RestApi, RestMethod, RestResource, RestStage, Route, Rule, TargetGroup, Usage, UsagePlan,
    V2Api, V2Stage, WeightedTargetGroup,
};

mod applied_quotas;
mod aws_today;
mod catalogue;
mod detection;
mod directions;
mod doc;
mod ordering;
mod quotas;

// ---------------------------------------------------------------------------------------------
// Builders: the smallest snapshot resources that show one thing.

fn resource(kind: ResourceKind, config: ResourceConfig) -> Resource {
    Resource {
        kind,
        account_id: "123456789012".to_owned(),
        region: "us-east-1".to_owned(),
        id: "res-1".to_owned(),
        name: "res-1".to_owned(),
        config,
        usage: Usage::default(),
    }
}

fn bare(kind: ResourceKind) -> Resource {
    match kind {
        ResourceKind::Alb => alb(|_| {}),
        ResourceKind::RestApi => rest(|_| {}),
        ResourceKind::HttpApi => http(|_| {}),
        ResourceKind::WebsocketApi => ws(|_| {}),
    }
}

fn alb(edit: impl FnOnce(&mut Alb)) -> Resource {
    let mut a = Alb {
        arn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1".into(),
        scheme: "internet-facing".into(),
        ..Alb::default()
    };
    edit(&mut a);
    resource(ResourceKind::Alb, ResourceConfig::Alb(Box::new(a)))
}

fn rest(edit: impl FnOnce(&mut RestApi)) -> Resource {
    let mut a = RestApi {
        id: "abc123".into(),
        name: "orders".into(),
        endpoint_types: vec!["REGIONAL".into()],
        ..RestApi::default()
    };
    edit(&mut a);
    resource(ResourceKind::RestApi, ResourceConfig::RestApi(Box::new(a)))
}

fn v2(kind: ResourceKind, protocol: &str, edit: impl FnOnce(&mut V2Api)) -> Resource {
    let mut a = V2Api {
        id: "xyz789".into(),
        name: "events".into(),
        protocol_type: protocol.into(),
        ..V2Api::default()
    };
    edit(&mut a);
    resource(kind, ResourceConfig::V2Api(Box::new(a)))
}

fn http(edit: impl FnOnce(&mut V2Api)) -> Resource {
    v2(ResourceKind::HttpApi, "HTTP", edit)
}

fn ws(edit: impl FnOnce(&mut V2Api)) -> Resource {
    v2(ResourceKind::WebsocketApi, "WEBSOCKET", |a| {
        a.route_selection_expression = Some("$request.body.action".into());
        edit(a)
    })
}

fn condition(field: &str, values: &[&str]) -> Condition {
    Condition {
        field: field.into(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        ..Condition::default()
    }
}

fn action(kind: &str) -> Action {
    Action {
        kind: kind.into(),
        ..Action::default()
    }
}

fn forward(tgs: &[(&str, Option<i32>)]) -> Action {
    Action {
        kind: "forward".into(),
        target_groups: tgs
            .iter()
            .map(|(arn, weight)| WeightedTargetGroup {
                arn: (*arn).to_owned(),
                weight: *weight,
            })
            .collect(),
        ..Action::default()
    }
}

fn rule(priority: &str, conditions: Vec<Condition>, actions: Vec<Action>) -> Rule {
    Rule {
        arn: format!("rule-{priority}"),
        priority: priority.into(),
        conditions,
        actions,
        ..Rule::default()
    }
}

fn https_listener(rules: Vec<Rule>) -> Listener {
    Listener {
        arn: "listener-443".into(),
        port: Some(443),
        protocol: "HTTPS".into(),
        rules,
        ..Listener::default()
    }
}

/// An ALB whose listener :443 has one rule (priority 3).
fn alb_rule(conditions: Vec<Condition>, actions: Vec<Action>) -> Resource {
    alb(|a| {
        a.listeners
            .push(https_listener(vec![rule("3", conditions, actions)]))
    })
}

fn target_group(name: &str, target_type: &str) -> TargetGroup {
    TargetGroup {
        arn: format!("arn:tg/{name}"),
        name: name.into(),
        target_type: target_type.into(),
        targets: 2,
        healthy_targets: 2,
        ..TargetGroup::default()
    }
}

fn tg_with(attribute: &str, value: &str) -> Resource {
    alb(|a| {
        let mut tg = target_group("web", "instance");
        tg.attributes.insert(attribute.into(), value.into());
        a.target_groups.push(tg);
    })
}

fn alb_attribute(key: &str, value: &str) -> Resource {
    alb(|a| {
        a.attributes.insert(key.into(), value.into());
    })
}

fn integration(kind: &str, uri: &str) -> Integration {
    Integration {
        id: "int1".into(),
        kind: kind.into(),
        uri: Some(uri.into()),
        connection_type: Some("INTERNET".into()),
        ..Integration::default()
    }
}

const LAMBDA_URI: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:orders/invocations";

fn lambda_integration() -> Integration {
    integration("AWS_PROXY", LAMBDA_URI)
}

fn method(verb: &str) -> RestMethod {
    RestMethod {
        http_method: verb.into(),
        authorization_type: "NONE".into(),
        integration: Some(integration(
            "HTTP_PROXY",
            "https://backend.example.com/orders",
        )),
        ..RestMethod::default()
    }
}

/// A REST API with one method, `GET /orders`, edited by `edit`.
fn rest_method(edit: impl FnOnce(&mut RestMethod)) -> Resource {
    let mut m = method("GET");
    edit(&mut m);
    rest(|a| {
        a.resources.push(RestResource {
            id: "r1".into(),
            path: "/orders".into(),
            methods: vec![m],
        })
    })
}

fn rest_integration(i: Integration) -> Resource {
    rest_method(|m| m.integration = Some(i))
}

fn rest_stage(edit: impl FnOnce(&mut RestStage)) -> Resource {
    let mut s = RestStage {
        name: "prod".into(),
        ..RestStage::default()
    };
    edit(&mut s);
    rest(|a| a.stages.push(s))
}

fn route(key: &str) -> Route {
    Route {
        id: format!("route-{key}"),
        route_key: key.into(),
        authorization_type: "NONE".into(),
        target: Some("integrations/int1".into()),
        ..Route::default()
    }
}

fn http_integration(i: Integration) -> Resource {
    http(|a| {
        a.routes.push(route("POST /events"));
        a.integrations.push(i);
    })
}

fn series(metric: &str, stage: Option<&str>, hourly: &[f64]) -> MetricSeries {
    MetricSeries {
        namespace: "AWS/Test".into(),
        metric: metric.into(),
        dimensions: Vec::new(),
        stage: stage.map(str::to_owned),
        has_data: true,
        hourly: hourly.to_vec().into(),
        present_hours: None,
    }
}

fn with_usage(mut r: Resource, series: Vec<MetricSeries>) -> Resource {
    r.usage = Usage { series };
    r
}

/// The minimal resource that puts `code` in use.
fn case(code: &str) -> Resource {
    match code {
        "host-based-routing" => {
            alb_rule(vec![condition("host-header", &["api.example.com"])], vec![])
        }
        "header-routing" => alb_rule(
            vec![Condition {
                header_name: Some("X-Version".into()),
                ..condition("http-header", &["beta"])
            }],
            vec![],
        ),
        "query-string-routing" => alb_rule(vec![condition("query-string", &["version=2"])], vec![]),
        "source-ip-routing" => alb_rule(vec![condition("source-ip", &["10.0.0.0/8"])], vec![]),
        "weighted-target-groups" => alb_rule(
            vec![],
            vec![forward(&[
                ("arn:tg/blue", Some(90)),
                ("arn:tg/green", Some(10)),
            ])],
        ),
        "oidc-authentication" => alb_rule(
            vec![],
            vec![
                action("authenticate-oidc"),
                forward(&[("arn:tg/web", None)]),
            ],
        ),
        "jwt-validation" => alb_jwt(
            "https://idp.example.com",
            "https://idp.example.com/jwks",
            &["tenant"],
        ),
        "fixed-response" => alb_rule(vec![], vec![action("fixed-response")]),
        "redirect" => alb_rule(vec![], vec![action("redirect")]),
        "grpc" => alb(|a| {
            let mut tg = target_group("rpc", "ip");
            tg.protocol_version = Some("GRPC".into());
            a.target_groups.push(tg);
        }),
        "sticky-sessions" => tg_with("stickiness.enabled", "true"),
        "long-timeout" => alb_attribute("idle_timeout.timeout_seconds", "120"),
        "internal-only" => alb(|a| a.scheme = "internal".into()),
        "mutual-tls" => alb(|a| {
            let mut l = https_listener(vec![]);
            l.mutual_authentication = Some(MutualAuthentication {
                mode: "verify".into(),
                trust_store_arn: Some("arn:truststore/ts".into()),
            });
            a.listeners.push(l);
        }),
        "waf" => alb(|a| {
            a.web_acl_arn =
                Some("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/main/1".into())
        }),
        "api-keys" => rest_method(|m| m.api_key_required = true),
        "usage-plans" => rest(|a| {
            a.usage_plans.push(UsagePlan {
                id: "p1".into(),
                name: "gold".into(),
                stages: vec!["prod".into()],
                has_throttle: true,
                has_quota: false,
            })
        }),
        "response-caching" => rest_stage(|s| {
            s.cache_cluster_enabled = true;
            s.cache_cluster_size = Some("0.5".into());
        }),
        "request-validation" => rest_method(|m| m.request_validator_id = Some("v1".into())),
        "mapping-templates" => rest_integration(Integration {
            request_templates: vec!["application/json".into()],
            ..integration("HTTP", "https://backend.example.com/orders")
        }),
        "iam-auth" => rest_method(|m| m.authorization_type = "AWS_IAM".into()),
        "lambda-authorizer" => rest(|a| {
            a.authorizers.push(Authorizer {
                id: "au1".into(),
                name: "tokens".into(),
                kind: "REQUEST".into(),
                jwt_issuer: None,
            });
            let mut m = method("GET");
            m.authorization_type = "CUSTOM".into();
            m.authorizer_id = Some("au1".into());
            a.resources.push(RestResource {
                id: "r1".into(),
                path: "/orders".into(),
                methods: vec![m],
            });
        }),
        "cognito-authorizer" => rest_method(|m| m.authorization_type = "COGNITO_USER_POOLS".into()),
        "jwt-authorizer" => http(|a| {
            let mut r = route("GET /me");
            r.authorization_type = "JWT".into();
            a.routes.push(r);
        }),
        "aws-service-integration" => rest_integration(integration(
            "AWS",
            "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders",
        )),
        "mock-integration" => rest_integration(integration("MOCK", "")),
        "resource-policy" => rest(|a| a.has_resource_policy = true),
        "edge-endpoint" => rest(|a| a.endpoint_types = vec!["EDGE".into()]),
        "canary" => rest_stage(|s| s.canary_percent = Some(10.0)),
        "xray-tracing" => rest_stage(|s| s.tracing_enabled = true),
        "websocket" => ws(|_| {}),
        "path-pattern-wildcards" => {
            alb_rule(vec![condition("path-pattern", &["/api/*/items"])], vec![])
        }
        "rule-transforms" => alb(|a| {
            let mut r = rule("3", vec![], vec![]);
            r.transforms = vec!["url-rewrite".into()];
            a.listeners.push(https_listener(vec![r]));
        }),
        "slow-start" => tg_with("slow_start.duration_seconds", "60"),
        "custom-lb-algorithm" => tg_with(
            "load_balancing.algorithm.type",
            "least_outstanding_requests",
        ),
        "lambda-targets" => alb(|a| a.target_groups.push(target_group("fn", "lambda"))),
        "lambda-integration" => rest_integration(lambda_integration()),
        "parameter-mapping" => rest_integration(Integration {
            request_parameters: vec!["integration.request.header.x-tenant".into()],
            ..integration("HTTP_PROXY", "https://backend.example.com/orders")
        }),
        "private-integration" => alb(|a| a.target_groups.push(target_group("web", "ip"))),
        "cloud-map-integration" => http_integration(Integration {
            connection_type: Some("VPC_LINK".into()),
            connection_id: Some("vl2".into()),
            ..integration(
                "HTTP_PROXY",
                "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1",
            )
        }),
        "cors" => http(|a| {
            a.cors = Some(Cors {
                allow_origins: vec!["https://app.example.com".into()],
                allow_methods: vec!["GET".into()],
            })
        }),
        "stage-throttling" => rest_stage(|s| {
            s.method_settings.insert(
                "*/*".into(),
                MethodSetting {
                    caching_enabled: false,
                    throttling_rate_limit: Some(100.0),
                    throttling_burst_limit: Some(50),
                },
            );
        }),
        "backend-client-certificate" => {
            rest_stage(|s| s.client_certificate_id = Some("cert1".into()))
        }
        "access-logs" => alb_attribute("access_logs.s3.enabled", "true"),
        "rule-quota" => http(|a| {
            for i in 0..=ALB_RULES_PER_LOAD_BALANCER {
                a.routes.push(route(&format!("GET /r{i}")));
            }
        }),
        "lambda-payload-limit" => http_integration(lambda_integration()),
        "api-throttle-quota" => with_usage(
            alb(|_| {}),
            vec![series("RequestCount", None, &[0.0, 40_000_000.0, 5.0])],
        ),
        "response-streaming" => rest_integration(Integration {
            response_transfer_mode: Some("STREAM".into()),
            timeout_ms: Some(900_000),
            ..integration("HTTP_PROXY", "https://backend.example.com/chat")
        }),
        "tls-policy" => alb(|a| {
            let mut l = https_listener(vec![]);
            l.ssl_policy = Some("ELBSecurityPolicy-TLS13-1-3-2021-06".into());
            a.listeners.push(l);
        }),
        "plain-http-listener" => alb(|a| {
            a.listeners
                .push(http_listener(vec![forward(&[("arn:tg/web", None)])]))
        }),
        "compression" => rest(|a| a.minimum_compression_size = Some(1024)),
        "routing-rules" => rest(|a| {
            a.custom_domains.push(CustomDomain {
                domain_name: "api.example.com".into(),
                routing_mode: Some("ROUTING_RULE_ONLY".into()),
                ..CustomDomain::default()
            })
        }),
        "target-group-quota" => lambda_functions(ALB_TARGET_GROUPS_PER_LOAD_BALANCER + 1),
        "request-size-limits" => alb_bytes_per_request(2.0 * 1_048_576.0),
        "developer-portal" => rest(|a| {
            a.portals.push(PortalListing {
                portal_id: "p0rtal1234".into(),
                name: "Partner APIs".into(),
                stages: vec!["prod".into()],
            })
        }),
        other => panic!("no test case for feature code {other}: add one to case()"),
    }
}

/// An ALB listener on HTTP :80 whose default rule runs `action`.
fn http_listener(actions: Vec<Action>) -> Listener {
    let mut default = rule("default", vec![], actions);
    default.is_default = true;
    Listener {
        arn: "listener-80".into(),
        port: Some(80),
        protocol: "HTTP".into(),
        rules: vec![default],
        ..Listener::default()
    }
}

/// An HTTP API whose routes invoke `n` distinct Lambda functions.
fn lambda_functions(n: usize) -> Resource {
    http(|a| {
        for i in 0..n {
            a.routes.push(Route {
                target: Some(format!("integrations/int{i}")),
                ..route(&format!("GET /f{i}"))
            });
            a.integrations.push(Integration {
                id: format!("int{i}"),
                ..integration(
                    "AWS_PROXY",
                    &format!("arn:aws:lambda:us-east-1:123456789012:function:f{i}"),
                )
            });
        }
    })
}

/// An ALB whose busier hour averaged `bytes` per request.
fn alb_bytes_per_request(bytes: f64) -> Resource {
    with_usage(
        alb(|_| {}),
        vec![
            series("RequestCount", None, &[1_000.0, 0.0, 10.0]),
            series(
                "ProcessedBytes",
                None,
                &[1_000.0 * 2_048.0, 0.0, 10.0 * bytes],
            ),
        ],
    )
}

fn codes(r: &Resource) -> BTreeSet<&'static str> {
    detect(r).into_iter().map(|d| d.code).collect()
}

fn gap<'a>(gaps: &'a [FeatureGap], code: &str) -> Option<&'a FeatureGap> {
    gaps.iter().find(|g| g.feature == code)
}

fn impact_of(r: &Resource, target: Target, ctx: &GapContext, code: &str) -> Option<Impact> {
    gap(&gaps(r, target, ctx), code).map(|g| g.impact)
}

const NO_CTX: GapContext = GapContext {
    keep_alb_behind_api: false,
    quotas: AppliedQuotas::DEFAULTS,
};
const KEEP_ALB: GapContext = GapContext {
    keep_alb_behind_api: true,
    quotas: AppliedQuotas::DEFAULTS,
};

const ALL_KINDS: [ResourceKind; 4] = [
    ResourceKind::Alb,
    ResourceKind::RestApi,
    ResourceKind::HttpApi,
    ResourceKind::WebsocketApi,
];

/// The case turns the code on, and no bare resource of any kind shows it (a WebSocket API is
/// always a WebSocket API).
fn check_code(code: &str) {
    let on = case(code);
    assert!(
        codes(&on).contains(code),
        "{code} not detected in its case: {:?}",
        detect(&on)
    );
    for kind in ALL_KINDS {
        if code == "websocket" && kind == ResourceKind::WebsocketApi {
            continue;
        }
        assert!(
            !codes(&bare(kind)).contains(code),
            "{code} detected on a bare {kind:?}"
        );
    }
    // Whatever is detected must be in the catalogue, or gaps() would silently drop it.
    for d in detect(&on) {
        assert!(
            feature(d.code).is_some(),
            "{} is not in the catalogue",
            d.code
        );
    }
}

macro_rules! code_tests {
    ($($name:ident => $code:literal,)*) => {
        $(
            #[test]
            fn $name() {
                check_code($code);
            }
        )*
        const TESTED_CODES: &[&str] = &[$($code),*];
    };
}

code_tests! {
    detects_host_based_routing => "host-based-routing",
    detects_header_routing => "header-routing",
    detects_query_string_routing => "query-string-routing",
    detects_source_ip_routing => "source-ip-routing",
    detects_weighted_target_groups => "weighted-target-groups",
    detects_oidc_authentication => "oidc-authentication",
    detects_jwt_validation => "jwt-validation",
    detects_fixed_response => "fixed-response",
    detects_redirect => "redirect",
    detects_grpc => "grpc",
    detects_sticky_sessions => "sticky-sessions",
    detects_long_timeout => "long-timeout",
    detects_internal_only => "internal-only",
    detects_mutual_tls => "mutual-tls",
    detects_waf => "waf",
    detects_api_keys => "api-keys",
    detects_usage_plans => "usage-plans",
    detects_response_caching => "response-caching",
    detects_request_validation => "request-validation",
    detects_mapping_templates => "mapping-templates",
    detects_iam_auth => "iam-auth",
    detects_lambda_authorizer => "lambda-authorizer",
    detects_cognito_authorizer => "cognito-authorizer",
    detects_jwt_authorizer => "jwt-authorizer",
    detects_aws_service_integration => "aws-service-integration",
    detects_mock_integration => "mock-integration",
    detects_resource_policy => "resource-policy",
    detects_edge_endpoint => "edge-endpoint",
    detects_canary => "canary",
    detects_xray_tracing => "xray-tracing",
    detects_websocket => "websocket",
    detects_path_pattern_wildcards => "path-pattern-wildcards",
    detects_rule_transforms => "rule-transforms",
    detects_slow_start => "slow-start",
    detects_custom_lb_algorithm => "custom-lb-algorithm",
    detects_lambda_targets => "lambda-targets",
    detects_lambda_integration => "lambda-integration",
    detects_parameter_mapping => "parameter-mapping",
    detects_private_integration => "private-integration",
    detects_cloud_map_integration => "cloud-map-integration",
    detects_cors => "cors",
    detects_stage_throttling => "stage-throttling",
    detects_backend_client_certificate => "backend-client-certificate",
    detects_access_logs => "access-logs",
    detects_rule_quota => "rule-quota",
    detects_lambda_payload_limit => "lambda-payload-limit",
    detects_api_throttle_quota => "api-throttle-quota",
    detects_response_streaming => "response-streaming",
    detects_tls_policy => "tls-policy",
    detects_plain_http_listener => "plain-http-listener",
    detects_compression => "compression",
    detects_routing_rules => "routing-rules",
    detects_target_group_quota => "target-group-quota",
    detects_request_size_limits => "request-size-limits",
    detects_developer_portal => "developer-portal",
}

/// An ALB with instance targets, sticky sessions, slow start, a non-default algorithm, weights,
/// header/query/source-IP routing and a gRPC target group.
fn rich_alb() -> Resource {
    alb(|a| {
        a.listeners.push(https_listener(vec![
            rule(
                "1",
                vec![Condition {
                    header_name: Some("X-Tenant".into()),
                    ..condition("http-header", &["acme"])
                }],
                vec![forward(&[
                    ("arn:tg/web", Some(80)),
                    ("arn:tg/canary", Some(20)),
                ])],
            ),
            rule(
                "2",
                vec![condition("query-string", &["beta=1"])],
                vec![forward(&[("arn:tg/web", None)])],
            ),
            rule(
                "3",
                vec![condition("source-ip", &["10.0.0.0/8"])],
                vec![action("fixed-response")],
            ),
        ]));
        let mut web = target_group("web", "instance");
        web.attributes
            .insert("stickiness.enabled".into(), "true".into());
        web.attributes
            .insert("slow_start.duration_seconds".into(), "30".into());
        web.attributes.insert(
            "load_balancing.algorithm.type".into(),
            "least_outstanding_requests".into(),
        );
        a.target_groups.push(web);
        a.target_groups.push(target_group("canary", "instance"));
        let mut rpc = target_group("rpc", "ip");
        rpc.protocol_version = Some("GRPC".into());
        a.target_groups.push(rpc);
    })
}

fn reason(r: &Resource, target: Target, ctx: &GapContext, code: &str) -> String {
    gap(&gaps(r, target, ctx), code)
        .map(|g| g.detail.clone())
        .unwrap_or_default()
}

fn alb_jwt(issuer: &str, jwks: &str, claims: &[&str]) -> Resource {
    alb_rule(
        vec![],
        vec![Action {
            jwt_issuer: Some(issuer.into()),
            jwks_endpoint: Some(jwks.into()),
            jwt_claims: claims.iter().map(|c| (*c).to_owned()).collect(),
            ..action("jwt-validation")
        }],
    )
}

/// A REST stage whose `*/*` settings hold the default account's throttle, 10,000/5,000.
fn rest_stage_at_default_throttle() -> Resource {
    rest_stage(|s| {
        s.method_settings.insert(
            "*/*".into(),
            MethodSetting {
                caching_enabled: false,
                throttling_rate_limit: Some(10_000.0),
                throttling_burst_limit: Some(5_000),
            },
        );
    })
}
