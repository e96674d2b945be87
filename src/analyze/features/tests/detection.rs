//! Detection details, and the cases that must stay off.

use super::*;

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
