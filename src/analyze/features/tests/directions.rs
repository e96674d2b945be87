//! Gaps per direction of migration.

use super::*;

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
