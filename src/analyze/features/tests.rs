use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::model::{
    Action, Alb, Authorizer, Condition, Cors, CustomDomain, Integration, Listener, MethodSetting,
    MetricSeries, MutualAuthentication, Resource, ResourceConfig, ResourceKind, RestApi,
    RestMethod, RestResource, RestStage, Route, Rule, TargetGroup, Usage, UsagePlan, V2Api,
    V2Stage, WeightedTargetGroup,
};

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
        hourly: hourly.to_vec(),
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
}

// ---------------------------------------------------------------------------------------------
// The catalogue itself

/// The contract's vocabulary (docs: shared contract, "Feature codes"): these may never vanish.
const CONTRACT_CODES: &[&str] = &[
    "host-based-routing",
    "header-routing",
    "query-string-routing",
    "source-ip-routing",
    "weighted-target-groups",
    "oidc-authentication",
    "jwt-validation",
    "fixed-response",
    "redirect",
    "grpc",
    "sticky-sessions",
    "long-timeout",
    "internal-only",
    "mutual-tls",
    "waf",
    "api-keys",
    "usage-plans",
    "response-caching",
    "request-validation",
    "mapping-templates",
    "iam-auth",
    "lambda-authorizer",
    "cognito-authorizer",
    "jwt-authorizer",
    "aws-service-integration",
    "mock-integration",
    "resource-policy",
    "edge-endpoint",
    "canary",
    "xray-tracing",
    "websocket",
    "response-streaming",
    "tls-policy",
    "plain-http-listener",
    "compression",
    "routing-rules",
    "target-group-quota",
    "request-size-limits",
];

#[test]
fn catalogue_holds_the_contract_vocabulary() {
    for code in CONTRACT_CODES {
        assert!(feature(code).is_some(), "contract code {code} is missing");
    }
}

#[test]
fn every_catalogue_code_has_a_detection_test() {
    let catalogue: BTreeSet<&str> = CATALOGUE.iter().map(|f| f.code).collect();
    let tested: BTreeSet<&str> = TESTED_CODES.iter().copied().collect();
    assert_eq!(catalogue, tested);
}

#[test]
fn codes_are_unique_and_kebab_case() {
    let mut seen = BTreeSet::new();
    for f in CATALOGUE {
        assert!(seen.insert(f.code), "{} twice", f.code);
        assert!(
            !f.code.is_empty()
                && !f.code.starts_with('-')
                && !f.code.ends_with('-')
                && !f.code.contains("--")
                && f.code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} is not kebab-case",
            f.code
        );
    }
}

#[test]
fn every_entry_is_one_sentence_with_an_aws_doc() {
    for f in CATALOGUE {
        assert!(!f.impacts.is_empty(), "{} has no impact at all", f.code);
        for text in [f.description, f.detection] {
            assert!(
                text.ends_with('.') && !text.contains('\n'),
                "{}: {text}",
                f.code
            );
        }
        for i in f.impacts {
            assert!(
                i.reason.ends_with('.') && !i.reason.contains('\n'),
                "{}: {}",
                f.code,
                i.reason
            );
            assert!(
                i.doc.starts_with("https://docs.aws.amazon.com/") && !i.doc.contains(' '),
                "{}: {}",
                f.code,
                i.doc
            );
            assert_ne!(i.from, i.to.kind(), "{} has a same-type entry", f.code);
        }
    }
}

#[test]
fn conditional_entries_come_before_the_unconditional_one() {
    for f in CATALOGUE {
        let mut unconditional = BTreeSet::new();
        for i in f.impacts {
            assert!(
                !unconditional.contains(&(i.from, i.to)),
                "{}: an entry after the unconditional one for {:?} → {:?} is never used",
                f.code,
                i.from,
                i.to
            );
            if i.when == When::Always {
                unconditional.insert((i.from, i.to));
            }
        }
    }
}

#[test]
fn kept_alb_entries_are_workarounds_from_an_alb() {
    for f in CATALOGUE {
        for i in f
            .impacts
            .iter()
            .filter(|i| i.when == When::AlbKeptBehindApi)
        {
            assert_eq!(i.from, ResourceKind::Alb, "{}", f.code);
            assert_eq!(i.impact, Impact::Workaround, "{}", f.code);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Detection details and the cases that must stay off

#[test]
fn detail_names_the_rule_listener_and_value() {
    let found = detect(&case("host-based-routing"));
    assert_eq!(
        found,
        vec![Detected {
            code: "host-based-routing",
            detail: "rule 3 of listener :443 matches host-header api.example.com".into(),
        }]
    );
    let cache = detect(&case("response-caching"));
    assert_eq!(cache[0].detail, "stage prod cache 0.5 GB, no method caches");
}

#[test]
fn simple_prefix_paths_need_no_wildcard_gap() {
    for path in ["/api/*", "/api", "*", "/static/*"] {
        let r = alb_rule(vec![condition("path-pattern", &[path])], vec![]);
        assert!(!codes(&r).contains("path-pattern-wildcards"), "{path}");
    }
    for path in ["/api/*/items", "/v?/items", "*.png"] {
        let r = alb_rule(vec![condition("path-pattern", &[path])], vec![]);
        assert!(codes(&r).contains("path-pattern-wildcards"), "{path}");
    }
    let regex = alb_rule(
        vec![Condition {
            regex_values: vec!["^/v[0-9]+/".into()],
            ..condition("path-pattern", &[])
        }],
        vec![],
    );
    assert!(codes(&regex).contains("path-pattern-wildcards"));
}

#[test]
fn defaults_are_not_evidence() {
    assert!(!codes(&tg_with("stickiness.enabled", "false")).contains("sticky-sessions"));
    assert!(!codes(&tg_with("slow_start.duration_seconds", "0")).contains("slow-start"));
    assert!(
        !codes(&tg_with("load_balancing.algorithm.type", "round_robin"))
            .contains("custom-lb-algorithm")
    );
    assert!(!codes(&alb_attribute("access_logs.s3.enabled", "false")).contains("access-logs"));
    assert!(!codes(&alb_attribute("idle_timeout.timeout_seconds", "29")).contains("long-timeout"));
    // A weight of 0 takes no traffic: one live target group is no split.
    let one_live = alb_rule(
        vec![],
        vec![forward(&[
            ("arn:tg/blue", Some(100)),
            ("arn:tg/green", Some(0)),
        ])],
    );
    assert!(!codes(&one_live).contains("weighted-target-groups"));
    // Stages report the account's default limits in `*/*` even when nobody set one.
    let defaults = rest_stage_at_default_throttle();
    assert!(!codes(&defaults).contains("stage-throttling"));
}

#[test]
fn proxy_path_parameters_and_template_bound_integrations_are_not_double_counted() {
    let proxy = rest_integration(Integration {
        request_parameters: vec!["integration.request.path.proxy".into()],
        ..integration("HTTP_PROXY", "https://backend.example.com/{proxy}")
    });
    assert!(!codes(&proxy).contains("parameter-mapping"));
    let mock = rest_integration(Integration {
        request_templates: vec!["application/json".into()],
        has_response_templates: true,
        ..integration("MOCK", "")
    });
    assert_eq!(codes(&mock), BTreeSet::from(["mock-integration"]));
    let sqs = rest_integration(Integration {
        request_templates: vec!["application/json".into()],
        ..integration(
            "AWS",
            "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders",
        )
    });
    assert_eq!(codes(&sqs), BTreeSet::from(["aws-service-integration"]));
}

#[test]
fn websocket_features_are_read_from_routes_integrations_and_stages() {
    let r = ws(|a| {
        let mut connect = route("$connect");
        connect.api_key_required = true;
        connect.authorization_type = "AWS_IAM".into();
        a.routes.push(connect);
        a.integrations.push(lambda_integration());
        a.stages.push(V2Stage {
            name: "prod".into(),
            client_certificate_id: Some("cert".into()),
            access_log_destination: Some("arn:aws:logs:us-east-1:123456789012:log-group:ws".into()),
            ..V2Stage::default()
        });
    });
    assert_eq!(
        codes(&r),
        BTreeSet::from([
            "access-logs",
            "api-keys",
            "backend-client-certificate",
            "iam-auth",
            "lambda-integration",
            "websocket",
        ])
    );
}

#[test]
fn api_custom_domain_with_truststore_is_mutual_tls() {
    let r = http(|a| {
        a.custom_domains.push(CustomDomain {
            domain_name: "api.example.com".into(),
            endpoint_types: vec!["REGIONAL".into()],
            mtls_truststore_uri: Some("s3://trust/store.pem".into()),
            stages: vec!["$default".into()],
            ..CustomDomain::default()
        })
    });
    assert!(codes(&r).contains("mutual-tls"));
    assert!(gaps(&r, Target::Alb, &NO_CTX).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Gaps per direction

#[test]
fn websocket_is_a_blocker_towards_apis_and_a_redesign_towards_alb() {
    let r = case("websocket");
    assert_eq!(
        impact_of(&r, Target::RestApi, &NO_CTX, "websocket"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        impact_of(&r, Target::HttpApi, &NO_CTX, "websocket"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        impact_of(&r, Target::Alb, &NO_CTX, "websocket"),
        Some(Impact::Workaround)
    );
    // Lambda backends cannot sit behind an ALB WebSocket: that part is a blocker.
    let lambda = ws(|a| a.integrations.push(lambda_integration()));
    assert_eq!(
        impact_of(&lambda, Target::Alb, &NO_CTX, "lambda-integration"),
        Some(Impact::Blocker)
    );
    // Towards the other API types only the API type itself is reported.
    let gaps_to_http = gaps(&lambda, Target::HttpApi, &NO_CTX);
    assert_eq!(gaps_to_http.len(), 1);
    assert_eq!(gaps_to_http[0].feature, "websocket");
}

#[test]
fn same_type_migration_has_no_gaps() {
    assert!(gaps(&case("response-caching"), Target::RestApi, &NO_CTX).is_empty());
    assert!(gaps(&case("cors"), Target::HttpApi, &NO_CTX).is_empty());
    assert!(gaps(&case("grpc"), Target::Alb, &NO_CTX).is_empty());
}

#[test]
fn features_with_a_direct_equivalent_make_no_gap() {
    let jwt = alb_jwt(
        "https://idp.example.com",
        "https://idp.example.com/.well-known/jwks.json",
        &[],
    );
    assert!(gap(&gaps(&jwt, Target::HttpApi, &NO_CTX), "jwt-validation").is_none());
    assert!(gap(&gaps(&case("waf"), Target::RestApi, &NO_CTX), "waf").is_none());
    assert!(gap(
        &gaps(&case("iam-auth"), Target::HttpApi, &NO_CTX),
        "iam-auth"
    )
    .is_none());
    let vpc_link = rest_integration(Integration {
        connection_type: Some("VPC_LINK".into()),
        connection_id: Some("vl1".into()),
        integration_target: Some(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1".into(),
        ),
        ..integration("HTTP_PROXY", "http://internal.example.com/orders")
    });
    assert!(codes(&vpc_link).contains("private-integration"));
    for target in [Target::Alb, Target::HttpApi] {
        assert!(gaps(&vpc_link, target, &NO_CTX).is_empty(), "{target:?}");
    }
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

#[test]
fn keeping_the_alb_behind_the_api_turns_its_routing_blockers_into_workarounds() {
    let r = rich_alb();
    for target in [Target::HttpApi, Target::RestApi] {
        for code in [
            "query-string-routing",
            "sticky-sessions",
            "slow-start",
            "custom-lb-algorithm",
        ] {
            assert_eq!(
                impact_of(&r, target, &NO_CTX, code),
                Some(Impact::Blocker),
                "{code} → {target:?}"
            );
            assert_eq!(
                impact_of(&r, target, &KEEP_ALB, code),
                Some(Impact::Workaround),
                "{code} → {target:?} kept"
            );
        }
        // gRPC never crosses API Gateway; source-IP rules would see the VPC link's addresses.
        for code in ["grpc", "source-ip-routing"] {
            assert_eq!(
                impact_of(&r, target, &KEEP_ALB, code),
                Some(Impact::Blocker),
                "{code} → {target:?} kept"
            );
        }
    }
    for code in ["header-routing", "weighted-target-groups"] {
        assert_eq!(
            impact_of(&r, Target::HttpApi, &NO_CTX, code),
            Some(Impact::Blocker),
            "{code}"
        );
        assert_eq!(
            impact_of(&r, Target::HttpApi, &KEEP_ALB, code),
            Some(Impact::Workaround),
            "{code}"
        );
        assert_eq!(
            impact_of(&r, Target::RestApi, &NO_CTX, code),
            Some(Impact::Workaround),
            "{code}"
        );
    }
    let kept = gaps(&r, Target::HttpApi, &KEEP_ALB);
    assert!(gap(&kept, "sticky-sessions")
        .unwrap()
        .detail
        .contains("VPC link V2"));
}

#[test]
fn keeping_an_alb_of_lambda_targets_changes_nothing() {
    let r = alb(|a| {
        a.listeners.push(https_listener(vec![rule(
            "1",
            vec![],
            vec![forward(&[
                ("arn:tg/fn-a", Some(50)),
                ("arn:tg/fn-b", Some(50)),
            ])],
        )]));
        a.target_groups.push(target_group("fn-a", "lambda"));
        a.target_groups.push(target_group("fn-b", "lambda"));
    });
    assert_eq!(
        impact_of(&r, Target::HttpApi, &KEEP_ALB, "weighted-target-groups"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        impact_of(&r, Target::HttpApi, &KEEP_ALB, "lambda-targets"),
        Some(Impact::Workaround)
    );
}

#[test]
fn conditional_impacts_follow_the_resource() {
    let sqs = case("aws-service-integration");
    assert_eq!(
        impact_of(&sqs, Target::HttpApi, &NO_CTX, "aws-service-integration"),
        Some(Impact::Workaround)
    );
    assert_eq!(
        impact_of(&sqs, Target::Alb, &NO_CTX, "aws-service-integration"),
        Some(Impact::Blocker)
    );
    let dynamo = rest_integration(integration(
        "AWS",
        "arn:aws:apigateway:us-east-1:dynamodb:action/PutItem",
    ));
    assert_eq!(
        impact_of(&dynamo, Target::HttpApi, &NO_CTX, "aws-service-integration"),
        Some(Impact::Blocker)
    );

    let request = case("lambda-authorizer");
    assert_eq!(
        impact_of(&request, Target::HttpApi, &NO_CTX, "lambda-authorizer"),
        None
    );
    assert_eq!(
        impact_of(&request, Target::Alb, &NO_CTX, "lambda-authorizer"),
        Some(Impact::Blocker)
    );
    let token = rest(|a| {
        a.authorizers.push(Authorizer {
            id: "au1".into(),
            name: "tokens".into(),
            kind: "TOKEN".into(),
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
    });
    assert_eq!(
        impact_of(&token, Target::HttpApi, &NO_CTX, "lambda-authorizer"),
        Some(Impact::Workaround)
    );

    let v1 = http_integration(Integration {
        payload_format_version: Some("1.0".into()),
        ..lambda_integration()
    });
    assert_eq!(
        impact_of(&v1, Target::RestApi, &NO_CTX, "lambda-integration"),
        None
    );
    let v2 = http_integration(Integration {
        payload_format_version: Some("2.0".into()),
        ..lambda_integration()
    });
    assert_eq!(
        impact_of(&v2, Target::RestApi, &NO_CTX, "lambda-integration"),
        Some(Impact::Workaround)
    );
}

// ---------------------------------------------------------------------------------------------
// Quotas

#[test]
fn alb_idle_timeout_against_api_integration_timeouts() {
    let idle = |s: &str| alb_attribute("idle_timeout.timeout_seconds", s);
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "long-timeout");
    // The untouched default says nothing about request durations: verify, don't block.
    assert_eq!(at(&idle("60"), Target::HttpApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("60"), Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("120"), Target::HttpApi), Some(Impact::Blocker));
    assert_eq!(at(&idle("120"), Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("31"), Target::HttpApi), Some(Impact::Blocker));
    assert_eq!(at(&idle("30"), Target::HttpApi), None);
    assert_eq!(at(&idle("30"), Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&idle("29"), Target::RestApi), None);
    assert_eq!(at(&idle("29"), Target::HttpApi), None);
    let default_detail = &detect(&idle("60"))[0].detail;
    assert_eq!(default_detail, "idle timeout 60 s (the AWS default)");
}

#[test]
fn api_integration_timeouts_across_api_types() {
    let rest_timeout = |ms| {
        rest_integration(Integration {
            timeout_ms: Some(ms),
            ..integration("HTTP_PROXY", "https://backend.example.com/slow")
        })
    };
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "long-timeout");
    assert_eq!(at(&rest_timeout(29_000), Target::HttpApi), None);
    assert!(!codes(&rest_timeout(29_000)).contains("long-timeout"));
    // A raised REST timeout still within HTTP's 30 s fits.
    assert_eq!(at(&rest_timeout(30_000), Target::HttpApi), None);
    assert_eq!(
        at(&rest_timeout(30_001), Target::HttpApi),
        Some(Impact::Blocker)
    );
    assert_eq!(at(&rest_timeout(120_000), Target::Alb), None);
    assert_eq!(
        detect(&rest_timeout(45_000))
            .iter()
            .find(|d| d.code == "long-timeout")
            .unwrap()
            .detail,
        "GET /orders integration timeout 45000 ms"
    );

    let http_timeout = http_integration(Integration {
        timeout_ms: Some(30_000),
        ..integration("HTTP_PROXY", "https://backend.example.com/slow")
    });
    assert_eq!(at(&http_timeout, Target::RestApi), Some(Impact::Workaround));
    assert_eq!(at(&http_timeout, Target::Alb), None);
}

#[test]
fn routes_beyond_one_albs_rules_are_a_workaround() {
    let with_routes = |n: usize| {
        http(|a| {
            a.routes.push(route("$default"));
            for i in 0..n {
                a.routes.push(route(&format!("GET /r{i}")));
            }
        })
    };
    assert_eq!(
        quota_input(&with_routes(100), &AppliedQuotas::DEFAULTS).route_count,
        100
    );
    assert!(gap(&gaps(&with_routes(100), Target::Alb, &NO_CTX), "rule-quota").is_none());
    let over = gaps(&with_routes(101), Target::Alb, &NO_CTX);
    let g = gap(&over, "rule-quota").unwrap();
    assert_eq!(g.impact, Impact::Workaround);
    assert!(
        g.detail.starts_with("101 HTTP API routes besides $default"),
        "{}",
        g.detail
    );
    assert!(gap(
        &gaps(&with_routes(101), Target::RestApi, &NO_CTX),
        "rule-quota"
    )
    .is_none());

    // REST counts resource × method.
    let rest_api = rest(|a| {
        for i in 0..51 {
            a.resources.push(RestResource {
                id: format!("r{i}"),
                path: format!("/items/{i}"),
                methods: vec![method("GET"), method("PUT")],
            });
        }
    });
    assert_eq!(
        quota_input(&rest_api, &AppliedQuotas::DEFAULTS).route_count,
        102
    );
    assert_eq!(
        impact_of(&rest_api, Target::Alb, &NO_CTX, "rule-quota"),
        Some(Impact::Workaround)
    );
}

#[test]
fn lambda_payload_limit_applies_only_towards_alb() {
    let r = case("lambda-payload-limit");
    assert_eq!(
        quota_input(&r, &AppliedQuotas::DEFAULTS).lambda_integrations,
        1
    );
    assert_eq!(
        impact_of(&r, Target::Alb, &NO_CTX, "lambda-payload-limit"),
        Some(Impact::Workaround)
    );
    assert_eq!(
        impact_of(&r, Target::RestApi, &NO_CTX, "lambda-payload-limit"),
        None
    );
    assert!(!codes(&case("lambda-payload-limit")).contains("rule-quota"));
    assert!(!codes(&rest_integration(integration(
        "HTTP_PROXY",
        "https://b.example.com"
    )))
    .contains("lambda-payload-limit"));
}

#[test]
fn peak_rate_sums_series_per_hour() {
    let r = with_usage(
        http(|_| {}),
        vec![
            series("Count", Some("prod"), &[3600.0, 7200.0, 0.0]),
            series("Count", Some("beta"), &[3600.0, 0.0, 0.0]),
            series("DataProcessed", Some("prod"), &[1e12, 1e12, 1e12]),
        ],
    );
    let q = quota_input(&r, &AppliedQuotas::DEFAULTS);
    // Hour 0 and hour 1 both total 7200 requests: 2 requests/s.
    assert_eq!(q.peak_requests_per_second, 2.0);
    assert_eq!(
        quota_input(&bare(ResourceKind::Alb), &AppliedQuotas::DEFAULTS).peak_requests_per_second,
        0.0
    );
}

#[test]
fn alb_traffic_against_the_regions_account_throttle() {
    let hour_at = |rps: f64, region: &str| {
        let mut r = with_usage(
            alb(|_| {}),
            vec![series("RequestCount", None, &[rps * 3600.0])],
        );
        r.region = region.into();
        r
    };
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "api-throttle-quota");
    assert_eq!(at(&hour_at(10_000.0, "us-east-1"), Target::HttpApi), None);
    assert_eq!(
        at(&hour_at(10_001.0, "us-east-1"), Target::HttpApi),
        Some(Impact::Workaround)
    );
    assert_eq!(
        at(&hour_at(10_001.0, "us-east-1"), Target::RestApi),
        Some(Impact::Workaround)
    );
    // Some Regions start at 2,500 requests/s.
    assert_eq!(account_throttle_rps("eu-south-1"), 2_500.0);
    assert_eq!(
        at(&hour_at(3_000.0, "eu-south-1"), Target::HttpApi),
        Some(Impact::Workaround)
    );
    assert_eq!(at(&hour_at(3_000.0, "eu-west-1"), Target::HttpApi), None);
    let g = gaps(&hour_at(12_000.0, "us-east-1"), Target::HttpApi, &NO_CTX);
    let detail = &gap(&g, "api-throttle-quota").unwrap().detail;
    assert!(
        detail.contains("12000 requests/s") && detail.contains("Service Quotas"),
        "{detail}"
    );
}

// ---------------------------------------------------------------------------------------------
// Ordering, determinism, serialisation

#[test]
fn blockers_come_first_then_codes_in_order() {
    let g = gaps(&rich_alb(), Target::HttpApi, &NO_CTX);
    let listed: Vec<(Impact, &str)> = g.iter().map(|g| (g.impact, g.feature.as_str())).collect();
    assert_eq!(
        listed,
        vec![
            (Impact::Blocker, "custom-lb-algorithm"),
            (Impact::Blocker, "grpc"),
            (Impact::Blocker, "header-routing"),
            (Impact::Blocker, "query-string-routing"),
            (Impact::Blocker, "slow-start"),
            (Impact::Blocker, "source-ip-routing"),
            (Impact::Blocker, "sticky-sessions"),
            (Impact::Blocker, "weighted-target-groups"),
            (Impact::Workaround, "fixed-response"),
            (Impact::Workaround, "private-integration"),
        ]
    );
}

#[test]
fn the_same_resource_always_gives_the_same_answer() {
    let r = rich_alb();
    for target in Target::ALL {
        for ctx in [NO_CTX, KEEP_ALB] {
            assert_eq!(gaps(&r, target, &ctx), gaps(&r.clone(), target, &ctx));
        }
    }
    assert_eq!(detect(&r), detect(&r));
    let found = detect(&r);
    assert!(found.windows(2).all(|w| w[0].code <= w[1].code));
}

#[test]
fn evidence_is_shown_up_to_three_items() {
    let r = rest(|a| {
        for i in 0..5 {
            let mut m = method("GET");
            m.api_key_required = true;
            a.resources.push(RestResource {
                id: format!("r{i}"),
                path: format!("/k{i}"),
                methods: vec![m],
            });
        }
    });
    let g = gaps(&r, Target::HttpApi, &NO_CTX);
    let detail = &gap(&g, "api-keys").unwrap().detail;
    assert!(
        detail.starts_with(
            "GET /k0 requires an API key; GET /k1 requires an API key; GET /k2 requires an API key (and 2 more) — HTTP APIs have no API keys."
        ),
        "{detail}"
    );
    assert!(detail.ends_with(
        "(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html)"
    ));
}

#[test]
fn gaps_serialise_as_the_report_contract_says() {
    let g = gaps(&case("grpc"), Target::HttpApi, &NO_CTX);
    let json = serde_json::to_value(&g[0]).unwrap();
    let object = json.as_object().unwrap();
    assert_eq!(
        object.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["detail", "feature", "impact"])
    );
    assert_eq!(json["feature"], "grpc");
    assert_eq!(json["impact"], "blocker");
    assert_eq!(
        serde_json::to_value(Impact::Workaround).unwrap(),
        "workaround"
    );
    let targets: Vec<_> = Target::ALL
        .iter()
        .map(|t| serde_json::to_value(t).unwrap())
        .collect();
    assert_eq!(targets, vec!["alb", "rest_api", "http_api"]);
    assert_eq!(Target::RestApi.as_str(), "rest_api");
    let back: FeatureGap = serde_json::from_value(json).unwrap();
    assert_eq!(back, g[0]);
}

#[test]
fn every_case_is_assessed_in_every_direction_without_panicking() {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for code in TESTED_CODES {
        let r = case(code);
        for target in Target::ALL {
            for ctx in [NO_CTX, KEEP_ALB] {
                *seen.entry(*code).or_default() += gaps(&r, target, &ctx).len();
            }
        }
    }
    // Every feature costs something somewhere, or it would not be in the catalogue.
    for (code, n) in seen {
        assert!(n > 0, "{code} never produces a gap from its own case");
    }
}

// ---------------------------------------------------------------------------------------------
// docs/features.md

fn doc_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/features.md")
}

#[test]
fn features_doc_is_current() {
    let on_disk = std::fs::read_to_string(doc_path()).unwrap_or_default();
    assert!(
        on_disk == catalogue_markdown(),
        "docs/features.md differs from the catalogue; regenerate it with \
         `cargo test --lib analyze::features -- --ignored regenerate_features_doc`"
    );
}

#[test]
#[ignore = "writes docs/features.md; run on purpose after changing the catalogue"]
fn regenerate_features_doc() {
    std::fs::write(doc_path(), catalogue_markdown()).unwrap();
}

#[test]
fn doc_lists_every_code_with_its_directions() {
    let doc = catalogue_markdown();
    for f in CATALOGUE {
        assert!(doc.contains(&format!("\n## `{}`\n", f.code)), "{}", f.code);
        for i in f.impacts {
            assert!(doc.contains(i.doc) && doc.contains(i.reason), "{}", f.code);
        }
    }
    assert!(
        doc.contains(
            "| `header-routing` | W if ALB kept; W | W if ALB kept, X-Forwarded-*; W if ALB kept; \
             B |"
        ),
        "{doc}"
    );
}

// ---------------------------------------------------------------------------------------------
// The catalogue against AWS's documentation today (issue 15): each behaviour on and off.

fn reason(r: &Resource, target: Target, ctx: &GapContext, code: &str) -> String {
    gap(&gaps(r, target, ctx), code)
        .map(|g| g.detail.clone())
        .unwrap_or_default()
}

fn rest_jwt_method(authorization_type: &str) -> Resource {
    rest(|a| {
        a.authorizers.push(Authorizer {
            id: "j1".into(),
            name: "idp".into(),
            kind: "JWT".into(),
            jwt_issuer: None,
        });
        let mut m = method("GET");
        m.authorization_type = authorization_type.into();
        m.authorizer_id = Some("j1".into());
        a.resources.push(RestResource {
            id: "r1".into(),
            path: "/me".into(),
            methods: vec![m],
        });
    })
}

#[test]
fn a_rest_method_with_a_jwt_authorizer_is_a_gap_towards_alb_and_http() {
    let jwt = rest_jwt_method("JWT");
    for target in [Target::Alb, Target::HttpApi] {
        assert_eq!(
            impact_of(&jwt, target, &NO_CTX, "jwt-authorizer"),
            Some(Impact::Workaround),
            "{target:?}"
        );
    }
    assert!(reason(&jwt, Target::Alb, &NO_CTX, "jwt-authorizer")
        .starts_with("GET /me uses JWT authorizer idp — "));
    assert!(reason(&jwt, Target::Alb, &NO_CTX, "jwt-authorizer").contains("RS256"));
    assert!(reason(&jwt, Target::HttpApi, &NO_CTX, "jwt-authorizer").contains("one issuer"));
    let open = rest_jwt_method("NONE");
    assert!(!codes(&open).contains("jwt-authorizer"));
    // REST now verifies JWTs natively: an HTTP API's JWT authorizer has a direct equivalent.
    assert_eq!(
        impact_of(
            &case("jwt-authorizer"),
            Target::RestApi,
            &NO_CTX,
            "jwt-authorizer"
        ),
        None
    );
}

#[test]
fn a_streamed_rest_integration_is_a_blocker_towards_http() {
    let stream = case("response-streaming");
    assert_eq!(
        impact_of(&stream, Target::HttpApi, &NO_CTX, "response-streaming"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        impact_of(&stream, Target::Alb, &NO_CTX, "response-streaming"),
        Some(Impact::Workaround)
    );
    let lambda_stream = rest_integration(Integration {
        response_transfer_mode: Some("STREAM".into()),
        ..lambda_integration()
    });
    assert_eq!(
        impact_of(&lambda_stream, Target::Alb, &NO_CTX, "response-streaming"),
        Some(Impact::Blocker)
    );
    let buffered = rest_integration(Integration {
        response_transfer_mode: Some("BUFFERED".into()),
        ..integration("HTTP_PROXY", "https://backend.example.com/chat")
    });
    assert!(!codes(&buffered).contains("response-streaming"));
    assert_eq!(
        detect(&stream)
            .iter()
            .find(|d| d.code == "response-streaming")
            .unwrap()
            .detail,
        "GET /orders streams its response (transfer mode STREAM, timeout 900000 ms)"
    );
}

#[test]
fn a_forwarding_http_listener_is_a_workaround_and_a_redirect_only_one_is_not() {
    let forwards = case("plain-http-listener");
    for target in [Target::RestApi, Target::HttpApi] {
        assert_eq!(
            impact_of(&forwards, target, &NO_CTX, "plain-http-listener"),
            Some(Impact::Workaround),
            "{target:?}"
        );
    }
    let redirects = alb(|a| a.listeners.push(http_listener(vec![action("redirect")])));
    assert!(!codes(&redirects).contains("plain-http-listener"));
    let odd_port = alb(|a| {
        let mut l = https_listener(vec![rule(
            "1",
            vec![],
            vec![forward(&[("arn:tg/web", None)])],
        )]);
        l.port = Some(8443);
        a.listeners.push(l);
    });
    assert_eq!(
        detect(&odd_port)
            .iter()
            .find(|d| d.code == "plain-http-listener")
            .unwrap()
            .detail,
        "listener :8443 forwards traffic over HTTPS on a port other than 443"
    );
    let on_443 = alb(|a| {
        a.listeners.push(https_listener(vec![rule(
            "1",
            vec![],
            vec![forward(&[("arn:tg/web", None)])],
        )]))
    });
    assert!(!codes(&on_443).contains("plain-http-listener"));
}

fn alb_with_policy(policy: &str) -> Resource {
    alb(|a| {
        let mut l = https_listener(vec![]);
        l.ssl_policy = Some(policy.into());
        a.listeners.push(l);
    })
}

#[test]
fn a_tls13_only_fips_or_post_quantum_policy_blocks_a_move_to_http() {
    for policy in [
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
    ] {
        let r = alb_with_policy(policy);
        assert_eq!(
            impact_of(&r, Target::HttpApi, &NO_CTX, "tls-policy"),
            Some(Impact::Blocker),
            "{policy}"
        );
        assert_eq!(
            impact_of(&r, Target::RestApi, &NO_CTX, "tls-policy"),
            Some(Impact::Workaround),
            "{policy}"
        );
    }
    for policy in [
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-2016-08",
    ] {
        assert!(
            !codes(&alb_with_policy(policy)).contains("tls-policy"),
            "{policy}"
        );
    }
    assert!(reason(
        &alb_with_policy("ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09"),
        Target::HttpApi,
        &NO_CTX,
        "tls-policy"
    )
    .starts_with(
        "listener :443 uses ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09 (TLS 1.3 only, FIPS, \
         post-quantum)"
    ));

    let domain = |policy: &str| {
        rest(|a| {
            a.custom_domains.push(CustomDomain {
                domain_name: "api.example.com".into(),
                security_policy: Some(policy.into()),
                ..CustomDomain::default()
            })
        })
    };
    let enhanced = domain("SecurityPolicy_TLS13_1_3_2025_09");
    assert_eq!(
        impact_of(&enhanced, Target::HttpApi, &NO_CTX, "tls-policy"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        impact_of(&enhanced, Target::Alb, &NO_CTX, "tls-policy"),
        None
    );
    assert!(!codes(&domain("TLS_1_2")).contains("tls-policy"));
    let api_policy =
        rest(|a| a.security_policy = Some("SecurityPolicy_TLS13_1_2_PQ_2025_09".into()));
    assert_eq!(
        impact_of(&api_policy, Target::HttpApi, &NO_CTX, "tls-policy"),
        Some(Impact::Blocker)
    );
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

#[test]
fn alb_jwt_validation_needs_work_on_api_gateway_only_for_claims_or_a_bare_jwks() {
    let at = |r: &Resource, t| impact_of(r, t, &NO_CTX, "jwt-validation");
    let plain = alb_jwt(
        "https://idp.example.com/",
        "https://idp.example.com/.well-known/jwks.json",
        &[],
    );
    assert_eq!(at(&plain, Target::HttpApi), None);
    assert_eq!(at(&plain, Target::RestApi), None);
    let claims = alb_jwt(
        "https://idp.example.com",
        "https://idp.example.com/keys",
        &["tenant", "scope"],
    );
    assert_eq!(at(&claims, Target::HttpApi), Some(Impact::Workaround));
    assert!(reason(&claims, Target::HttpApi, &NO_CTX, "jwt-validation").contains("no other claims"));
    assert_eq!(at(&claims, Target::RestApi), None);
    let bare = alb_jwt(
        "https://idp.example.com",
        "https://keys.example.net/jwks",
        &[],
    );
    assert_eq!(at(&bare, Target::HttpApi), Some(Impact::Workaround));
    assert_eq!(at(&bare, Target::RestApi), Some(Impact::Workaround));
    assert_eq!(
        detect(&bare)[0].detail,
        "rule 3 of listener :443 runs jwt-validation (issuer https://idp.example.com; keys \
         from https://keys.example.net/jwks)"
    );
}

#[test]
fn corrected_texts_say_what_aws_offers_today() {
    let text = |code: &str, target: Target| reason(&case(code), target, &NO_CTX, code);
    assert!(text("host-based-routing", Target::HttpApi).contains("wildcard domain (*.example.com)"));
    assert!(text("lambda-payload-limit", Target::Alb).contains("up to 6 MB"));
    assert!(detect(&case("lambda-payload-limit"))[1]
        .detail
        .contains("payloads up to 6 MB"));
    assert!(text("rule-quota", Target::Alb).contains("across all its listeners"));
    assert!(!text("rule-quota", Target::Alb).contains("over listeners"));
    assert!(text("usage-plans", Target::Alb).contains("header such as the API key"));
    assert!(text("mutual-tls", Target::RestApi).contains("enhanced security policy"));
    assert!(text("mutual-tls", Target::HttpApi).contains("revocation lists"));
    assert!(text("oidc-authentication", Target::RestApi).contains("JWT, Cognito or Lambda"));
    // The same remedy (a Lambda function answers) is the same impact on both sides.
    assert_eq!(
        impact_of(
            &case("mock-integration"),
            Target::HttpApi,
            &NO_CTX,
            "mock-integration"
        ),
        impact_of(
            &case("fixed-response"),
            Target::HttpApi,
            &NO_CTX,
            "fixed-response"
        ),
    );
}

#[test]
fn an_http_api_at_its_default_timeout_reads_as_the_default() {
    let at_default = http_integration(Integration {
        timeout_ms: Some(HTTP_API_DEFAULT_TIMEOUT_MS as i32),
        ..integration("HTTP_PROXY", "https://backend.example.com/x")
    });
    let d = reason(&at_default, Target::RestApi, &NO_CTX, "long-timeout");
    assert!(
        d.starts_with(
            "route POST /events timeout 30000 ms (the AWS default) — The integration keeps"
        ),
        "{d}"
    );
    let short = http_integration(Integration {
        timeout_ms: Some(10_000),
        ..integration("HTTP_PROXY", "https://backend.example.com/x")
    });
    assert!(!codes(&short).contains("long-timeout"));
}

#[test]
fn rest_aws_integrations_match_http_subtypes_by_action() {
    let at = |uri: &str| {
        impact_of(
            &rest_integration(integration("AWS", uri)),
            Target::HttpApi,
            &NO_CTX,
            "aws-service-integration",
        )
    };
    let arn = |rest: &str| format!("arn:aws:apigateway:us-east-1:{rest}");
    assert_eq!(at(&arn("sqs:action/SendMessage")), Some(Impact::Workaround));
    assert_eq!(
        at(&arn("sqs:action/ChangeMessageVisibility")),
        Some(Impact::Blocker)
    );
    assert_eq!(
        at(&arn("events:action/PutEvents")),
        Some(Impact::Workaround)
    );
    assert_eq!(at(&arn("kinesis:action/PutRecords")), Some(Impact::Blocker));
    assert_eq!(
        at(&arn("states:action/StartSyncExecution")),
        Some(Impact::Workaround)
    );
    assert_eq!(
        at(&arn("states:action/DescribeExecution")),
        Some(Impact::Blocker)
    );
    // A path-style URI carries its action in the request: judged by the service.
    assert_eq!(
        at(&arn("sqs:path/123456789012/orders")),
        Some(Impact::Workaround)
    );
    assert_eq!(
        detect(&rest_integration(integration(
            "AWS",
            &arn("sqs:action/SendMessage")
        )))[0]
            .detail,
        "GET /orders calls sqs SendMessage directly"
    );
}

#[test]
fn rules_on_forwarded_headers_change_behind_an_http_api() {
    let with_header = |name: &str| {
        alb(|a| {
            a.listeners.push(https_listener(vec![rule(
                "1",
                vec![Condition {
                    header_name: Some(name.into()),
                    ..condition("http-header", &["https"])
                }],
                vec![forward(&[("arn:tg/web", None)])],
            )]));
            a.target_groups.push(target_group("web", "ip"));
        })
    };
    // AWS documents the X-Forwarded-* and Forwarded headers as reserved for HTTP APIs
    // (http-api-parameter-mapping.html, "Reserved headers"); the remedy is a header mapped
    // from the source IP context variable.
    let remedy = "$context.identity.sourceIp";
    let proto = with_header("X-Forwarded-Proto");
    let r = reason(&proto, Target::HttpApi, &KEEP_ALB, "header-routing");
    assert!(r.contains("reserved headers") && r.contains(remedy), "{r}");
    assert!(!reason(&proto, Target::RestApi, &KEEP_ALB, "header-routing").contains(remedy));
    let tenant = with_header("X-Tenant");
    assert!(!reason(&tenant, Target::HttpApi, &KEEP_ALB, "header-routing").contains(remedy));
    assert!(reason(&tenant, Target::HttpApi, &NO_CTX, "private-integration").contains(remedy));
}

#[test]
fn rest_stage_access_logs_are_a_workaround_towards_alb() {
    let logged = rest_stage(|s| {
        s.access_log_destination =
            Some("arn:aws:logs:us-east-1:123456789012:log-group:api-logs".into())
    });
    assert_eq!(
        impact_of(&logged, Target::Alb, &NO_CTX, "access-logs"),
        Some(Impact::Workaround)
    );
    assert!(!codes(&rest_stage(|_| {})).contains("access-logs"));
}

#[test]
fn new_codes_turn_on_and_off() {
    let at = |r: &Resource, t, code| impact_of(r, t, &NO_CTX, code);
    let compressed = case("compression");
    assert_eq!(
        at(&compressed, Target::HttpApi, "compression"),
        Some(Impact::Workaround)
    );
    assert_eq!(
        at(&compressed, Target::Alb, "compression"),
        Some(Impact::Workaround)
    );
    assert!(!codes(&rest(|a| a.minimum_compression_size = None)).contains("compression"));

    let routed = case("routing-rules");
    assert_eq!(
        at(&routed, Target::HttpApi, "routing-rules"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        at(&routed, Target::Alb, "routing-rules"),
        Some(Impact::Workaround)
    );
    let mapped = rest(|a| {
        a.custom_domains.push(CustomDomain {
            domain_name: "api.example.com".into(),
            routing_mode: Some("BASE_PATH_MAPPING_ONLY".into()),
            ..CustomDomain::default()
        })
    });
    assert!(!codes(&mapped).contains("routing-rules"));

    let many = case("target-group-quota");
    assert_eq!(
        at(&many, Target::Alb, "target-group-quota"),
        Some(Impact::Blocker)
    );
    assert_eq!(at(&many, Target::RestApi, "target-group-quota"), None);
    assert!(
        !codes(&lambda_functions(ALB_TARGET_GROUPS_PER_LOAD_BALANCER))
            .contains("target-group-quota")
    );

    let large = case("request-size-limits");
    for target in [Target::RestApi, Target::HttpApi] {
        assert_eq!(
            at(&large, target, "request-size-limits"),
            Some(Impact::Workaround)
        );
    }
    assert!(detect(&large).iter().any(|d| d
        .detail
        .starts_with("the largest hourly average was 2.0 MB per request")));
    assert!(!codes(&alb_bytes_per_request(512.0 * 1024.0)).contains("request-size-limits"));
}

#[test]
fn websocket_rows_towards_rest_and_http_read_not_applicable() {
    let doc = catalogue_markdown();
    assert!(
        doc.contains("| WebSocket API → REST API, WebSocket API → HTTP API | n/a, see `websocket`")
    );
    let iam_row = doc
        .lines()
        .find(|l| l.starts_with("| `iam-auth` |"))
        .unwrap();
    assert!(iam_row.ends_with("| B | n/a | n/a |"), "{iam_row}");
}

// ---------------------------------------------------------------------------------------------
// Quotas applied to the account (Service Quotas) instead of AWS's defaults

fn applied(throttle: Reading, rules: Reading) -> GapContext {
    GapContext {
        keep_alb_behind_api: false,
        quotas: AppliedQuotas {
            api_gateway_throttle: throttle,
            alb_rules: rules,
        },
    }
}

#[test]
fn the_account_throttle_is_the_applied_value_where_service_quotas_has_one() {
    let alb_at = |rps: f64| {
        with_usage(
            alb(|_| {}),
            vec![series("RequestCount", None, &[rps * 3600.0])],
        )
    };
    let detail = |r: &Resource, ctx: &GapContext| {
        gap(&gaps(r, Target::HttpApi, ctx), "api-throttle-quota").map(|g| g.detail.clone())
    };
    // Raised to 20,000: 12,000 requests/s fit; the default would have flagged them.
    let raised = applied(Reading::Applied(20_000.0), Reading::NotRead);
    assert!(detail(&alb_at(12_000.0), &NO_CTX).is_some());
    assert_eq!(detail(&alb_at(12_000.0), &raised), None);
    let over = detail(&alb_at(21_000.0), &raised).unwrap();
    assert!(
        over.contains("above the 20000 requests/s")
            && over.contains("the account's value in Service Quotas"),
        "{over}"
    );
    // Lower than the default: 6,000 requests/s are too many.
    let lowered = applied(Reading::Applied(5_000.0), Reading::NotRead);
    assert!(detail(&alb_at(6_000.0), &NO_CTX).is_none());
    assert!(detail(&alb_at(6_000.0), &lowered).is_some());
    // Read, but nothing applied: the default, and the evidence says why.
    let none = applied(Reading::NoAppliedValue, Reading::NotRead);
    let d = detail(&alb_at(12_000.0), &none).unwrap();
    assert!(
        d.contains("above the 10000 requests/s")
            && d.contains("the AWS default; Service Quotas holds no applied value"),
        "{d}"
    );
    let d = detail(&alb_at(12_000.0), &NO_CTX).unwrap();
    assert!(d.contains("the applied value was not read"), "{d}");
}

#[test]
fn the_alb_rule_quota_is_the_applied_value_where_service_quotas_has_one() {
    let with_routes = |n: usize| {
        http(|a| {
            for i in 0..n {
                a.routes.push(route(&format!("GET /r{i}")));
            }
        })
    };
    let raised = applied(Reading::NotRead, Reading::Applied(200.0));
    assert!(impact_of(&with_routes(150), Target::Alb, &NO_CTX, "rule-quota").is_some());
    assert_eq!(
        impact_of(&with_routes(150), Target::Alb, &raised, "rule-quota"),
        None
    );
    let g = gaps(&with_routes(201), Target::Alb, &raised);
    let d = &gap(&g, "rule-quota").unwrap().detail;
    assert!(
        d.starts_with("201 HTTP API routes besides $default, above the 200 rules of one ALB (the account's value in Service Quotas)"),
        "{d}"
    );
    let none = applied(Reading::NotRead, Reading::NoAppliedValue);
    let g = gaps(&with_routes(101), Target::Alb, &none);
    let d = &gap(&g, "rule-quota").unwrap().detail;
    assert!(
        d.contains("above the 100 rules of one ALB (the AWS default; Service Quotas holds no applied value)"),
        "{d}"
    );
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

#[test]
fn stage_limits_are_judged_against_the_accounts_applied_throttle() {
    // A stage at 10,000/5,000 is the default account's own limit, but a real limit in an
    // account whose throttle is 20,000.
    let rest_at_default = rest_stage_at_default_throttle();
    let http_at_default = http(|a| {
        a.stages.push(V2Stage {
            name: "prod".into(),
            throttling_rate_limit: Some(10_000.0),
            throttling_burst_limit: Some(5_000),
            ..V2Stage::default()
        })
    });
    let raised = applied(Reading::Applied(20_000.0), Reading::NotRead);
    for r in [&rest_at_default, &http_at_default] {
        let at = |ctx| impact_of(r, Target::Alb, ctx, "stage-throttling");
        assert_eq!((at(&NO_CTX), at(&raised)), (None, Some(Impact::Workaround)));
    }
}

#[test]
fn a_resource_takes_the_quotas_of_its_own_account_and_region() {
    use crate::model::{QuotaCode, ServiceQuota};
    let entry = |account: &str, region: &str, quota, applied_value| ServiceQuota {
        account_id: account.into(),
        region: region.into(),
        quota,
        applied_value,
    };
    let quotas = [
        entry(
            "123456789012",
            "us-east-1",
            QuotaCode::ApiGatewayThrottleRate,
            Some(30_000.0),
        ),
        entry(
            "123456789012",
            "eu-west-1",
            QuotaCode::ApiGatewayThrottleRate,
            Some(1_000.0),
        ),
        entry(
            "210987654321",
            "us-east-1",
            QuotaCode::AlbRulesPerLoadBalancer,
            Some(300.0),
        ),
        entry(
            "123456789012",
            "us-east-1",
            QuotaCode::AlbRulesPerLoadBalancer,
            None,
        ),
    ];
    assert_eq!(
        AppliedQuotas::of(&quotas, "123456789012", "us-east-1"),
        AppliedQuotas {
            api_gateway_throttle: Reading::Applied(30_000.0),
            alb_rules: Reading::NoAppliedValue,
        }
    );
    assert_eq!(
        AppliedQuotas::of(&quotas, "210987654321", "eu-west-1"),
        AppliedQuotas::DEFAULTS
    );
}

#[test]
fn a_code_not_detected_yet_is_documented_and_never_reported() {
    use super::markdown::NOT_DETECTED;
    let doc = catalogue_markdown();
    for (code, _, _) in NOT_DETECTED {
        assert!(
            feature(code).is_none(),
            "{code} is in the catalogue: drop it from NOT_DETECTED"
        );
        assert!(doc.contains(&format!("\n### `{code}`\n")), "{code}");
    }
    // The contract lists it; docs/features.md says why no report carries it yet.
    assert!(doc.contains("You can only create portals to share REST APIs"));
}
