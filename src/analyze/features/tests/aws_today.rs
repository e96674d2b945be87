//! The catalogue against AWS's documentation today (issue 15): each behaviour on and off.

use super::*;

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

#[test]
fn a_rest_api_published_in_a_portal_is_a_workaround_towards_http_and_alb() {
    let published = rest(|a| {
        a.portals.push(PortalListing {
            portal_id: "p0rtal1234".into(),
            name: "Partner APIs".into(),
            stages: vec!["beta".into(), "prod".into()],
        })
    });
    for target in [Target::HttpApi, Target::Alb] {
        assert_eq!(
            impact_of(&published, target, &NO_CTX, "developer-portal"),
            Some(Impact::Workaround),
            "{target:?}"
        );
    }
    let found: Vec<String> = detect(&published)
        .into_iter()
        .filter(|d| d.code == "developer-portal")
        .map(|d| d.detail)
        .collect();
    assert_eq!(
        found,
        ["portal Partner APIs (p0rtal1234) publishes endpoints of stages beta, prod"]
    );
    // Only REST APIs can be in a portal; a REST API in none shows no gap.
    assert!(!codes(&rest(|_| {})).contains("developer-portal"));
    let doc = catalogue_markdown();
    assert!(!doc.contains("Codes not detected yet"));
    assert!(doc.contains("\n## `developer-portal`\n"));
}
