//! What moto cannot show: API Gateway and GetMetricData pagination, batching limits and
//! failing calls, driven through the real SDK clients with `aws-smithy-mocks`.

use std::sync::{Arc, Mutex};

use aws_smithy_mocks::{mock, mock_client, RuleMode};
use aws_smithy_types::error::ErrorMetadata;
use aws_smithy_types::DateTime as SmithyDateTime;

use super::registry::Op;
use super::spill::Sink;
use super::usage::UsageRead;
use super::{apigateway, apigatewayv2, cloudwatch, elbv2, CallStats, Ctx};
use crate::model::{Resource, ResourceConfig, ResourceKind, RestApi, RestStage, Window};

fn ctx() -> Ctx {
    Ctx::new("123456789012", "us-east-1", Arc::new(CallStats::default()))
}

#[tokio::test]
async fn rest_lists_follow_position_to_the_last_page() {
    use aws_sdk_apigateway::operation::{
        get_authorizers::GetAuthorizersOutput, get_domain_names::GetDomainNamesOutput,
        get_request_validators::GetRequestValidatorsOutput, get_resources::GetResourcesOutput,
        get_rest_apis::GetRestApisOutput, get_stages::GetStagesOutput,
        get_usage_plans::GetUsagePlansOutput, get_vpc_links::GetVpcLinksOutput,
    };
    use aws_sdk_apigateway::types::{
        ApiStage, Authorizer, AuthorizerType, Integration, IntegrationType, Method, Resource,
        RestApi as SdkApi, UsagePlan,
    };
    use aws_sdk_apigateway::Client;

    let api = |id: &str| SdkApi::builder().id(id).name(format!("api-{id}")).build();
    let apis_1 = mock!(Client::get_rest_apis)
        .match_requests(|r| r.position().is_none() && r.limit() == Some(500))
        .then_output(move || {
            GetRestApisOutput::builder()
                .items(api("a1"))
                .position("page-2")
                .build()
        });
    let apis_2 = mock!(Client::get_rest_apis)
        .match_requests(|r| r.position() == Some("page-2"))
        .then_output(move || GetRestApisOutput::builder().items(api("a2")).build());
    let auth = |id: &str| {
        Authorizer::builder()
            .id(id)
            .name(id)
            .r#type(AuthorizerType::Token)
            .build()
    };
    let auth_1 = mock!(Client::get_authorizers)
        .match_requests(|r| r.position().is_none())
        .then_output(move || {
            GetAuthorizersOutput::builder()
                .items(auth("first"))
                .position("next")
                .build()
        });
    let auth_2 = mock!(Client::get_authorizers)
        .match_requests(|r| r.position() == Some("next"))
        .then_output(move || {
            GetAuthorizersOutput::builder()
                .items(auth("second"))
                .build()
        });
    let plan = |id: &str, api: &str| {
        UsagePlan::builder()
            .id(id)
            .name(id)
            .api_stages(ApiStage::builder().api_id(api).stage("prod").build())
            .build()
    };
    let plans_1 = mock!(Client::get_usage_plans)
        .match_requests(|r| r.position().is_none())
        .then_output(move || {
            GetUsagePlansOutput::builder()
                .items(plan("p1", "a1"))
                .position("x")
                .build()
        });
    let plans_2 = mock!(Client::get_usage_plans)
        .match_requests(|r| r.position() == Some("x"))
        .then_output(move || {
            GetUsagePlansOutput::builder()
                .items(plan("p2", "a2"))
                .build()
        });
    let stages = mock!(Client::get_stages).then_output(|| GetStagesOutput::builder().build());
    // Only a1 has a method that names an authorizer, so only a1's authorizers are read.
    let resources_a1 = mock!(Client::get_resources)
        .match_requests(|r| r.rest_api_id() == Some("a1"))
        .then_output(|| {
            let method = Method::builder()
                .http_method("GET")
                .authorization_type("CUSTOM")
                .authorizer_id("first")
                .method_integration(Integration::builder().r#type(IntegrationType::Mock).build())
                .build();
            GetResourcesOutput::builder()
                .items(
                    Resource::builder()
                        .id("r1")
                        .path("/")
                        .resource_methods("GET", method)
                        .build(),
                )
                .build()
        });
    let resources =
        mock!(Client::get_resources).then_output(|| GetResourcesOutput::builder().build());
    let validators = mock!(Client::get_request_validators)
        .then_output(|| GetRequestValidatorsOutput::builder().build());
    let domains =
        mock!(Client::get_domain_names).then_output(|| GetDomainNamesOutput::builder().build());
    let links = mock!(Client::get_vpc_links).then_output(|| GetVpcLinksOutput::builder().build());
    let client = mock_client!(
        aws_sdk_apigateway,
        RuleMode::MatchAny,
        [
            &apis_1,
            &apis_2,
            &auth_1,
            &auth_2,
            &plans_1,
            &plans_2,
            &stages,
            &resources_a1,
            &resources,
            &validators,
            &domains,
            &links
        ]
    );
    let ctx = ctx();
    let apis = apigateway::collect(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    let ids: Vec<&str> = apis.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2"]);
    let names: Vec<&str> = apis[0]
        .authorizers
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["first", "second"], "both authorizer pages");
    assert!(apis[1].authorizers.is_empty());
    for api in &apis {
        assert_eq!(api.usage_plans.len(), 1, "the plan from its own page");
    }
    assert_eq!(apis[1].usage_plans[0].id, "p2");
    assert_eq!((auth_1.num_calls(), auth_2.num_calls()), (1, 1), "a1 only");
    assert_eq!(validators.num_calls(), 0, "no method names a validator");
    assert_eq!(
        links.num_calls(),
        0,
        "no integration goes through a VPC link"
    );
    assert_eq!(ctx.stats().calls()[&Op::ApigwGetRestApis], 2);
    assert_eq!((apis_1.num_calls(), apis_2.num_calls()), (1, 1));
}

#[tokio::test]
async fn v2_lists_follow_next_token_to_the_last_page() {
    use aws_sdk_apigatewayv2::operation::{
        get_apis::GetApisOutput, get_integrations::GetIntegrationsOutput,
        get_routes::GetRoutesOutput, get_stages::GetStagesOutput, get_vpc_links::GetVpcLinksOutput,
    };
    use aws_sdk_apigatewayv2::types::{Api, ProtocolType, Route};
    use aws_sdk_apigatewayv2::Client;

    let api = |id: &str| {
        Api::builder()
            .api_id(id)
            .name(id)
            .protocol_type(ProtocolType::Http)
            .route_selection_expression("$request.method $request.path")
            .build()
    };
    let apis_1 = mock!(Client::get_apis)
        .match_requests(|r| r.next_token().is_none() && r.max_results() == Some("500"))
        .then_output(move || {
            GetApisOutput::builder()
                .items(api("h1"))
                .next_token("t2")
                .build()
        });
    let apis_2 = mock!(Client::get_apis)
        .match_requests(|r| r.next_token() == Some("t2"))
        .then_output(move || GetApisOutput::builder().items(api("h2")).build());
    let route = |key: &str| Route::builder().route_key(key).build();
    let routes_1 = mock!(Client::get_routes)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            GetRoutesOutput::builder()
                .items(route("GET /a"))
                .next_token("r2")
                .build()
        });
    let routes_2 = mock!(Client::get_routes)
        .match_requests(|r| r.next_token() == Some("r2"))
        .then_output(move || GetRoutesOutput::builder().items(route("GET /b")).build());
    let integrations =
        mock!(Client::get_integrations).then_output(|| GetIntegrationsOutput::builder().build());
    let stages = mock!(Client::get_stages).then_output(|| GetStagesOutput::builder().build());
    let links = mock!(Client::get_vpc_links).then_output(|| GetVpcLinksOutput::builder().build());
    let client = mock_client!(
        aws_sdk_apigatewayv2,
        RuleMode::MatchAny,
        [
            &apis_1,
            &apis_2,
            &routes_1,
            &routes_2,
            &integrations,
            &stages,
            &links
        ]
    );
    let ctx = ctx();
    let apis = apigatewayv2::collect(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    assert_eq!(apis.len(), 2);
    for a in &apis {
        let keys: Vec<&str> = a.routes.iter().map(|r| r.route_key.as_str()).collect();
        assert_eq!(keys, ["GET /a", "GET /b"]);
    }
}

/// A REST API of the tests' account and region, as collect reads it, before its usage.
pub(super) fn rest_resource(api: RestApi) -> Resource {
    Resource {
        kind: ResourceKind::RestApi,
        account_id: "123456789012".into(),
        region: "us-east-1".into(),
        id: api.id.clone(),
        name: api.name.clone(),
        config: ResourceConfig::RestApi(Box::new(api)),
        usage: Default::default(),
    }
}

fn rest_resources(n: usize) -> Vec<Resource> {
    (0..n)
        .map(|i| {
            rest_resource(RestApi {
                id: format!("api{i}"),
                name: format!("api-{i}"),
                stages: vec![RestStage {
                    name: "prod".into(),
                    ..RestStage::default()
                }],
                ..RestApi::default()
            })
        })
        .collect()
}

#[tokio::test]
async fn metric_plan_of_1200_queries_takes_three_calls_and_follows_next_token() {
    use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
    use aws_sdk_cloudwatch::types::MetricDataResult;
    use aws_sdk_cloudwatch::Client;

    let window = Window::ending_before(chrono::Utc::now(), 2);
    let start = window.start.timestamp();
    let batch_sizes = Arc::new(Mutex::new(Vec::new()));
    let seen = batch_sizes.clone();
    // Each batch answers in two pages: the first half of its queries, then the rest.
    let rule = mock!(Client::get_metric_data).then_compute_output(move |req| {
        let queries = req.metric_data_queries();
        assert!(
            queries.len() <= 500,
            "{} queries in one call",
            queries.len()
        );
        assert_eq!(req.max_datapoints(), Some(100_800));
        let half = queries.len() / 2;
        let (page, next) = match req.next_token() {
            None => {
                seen.lock().unwrap().push(queries.len());
                (&queries[..half], Some("more"))
            }
            Some("more") => (&queries[half..], None),
            Some(other) => panic!("unexpected token {other}"),
        };
        let results = page.iter().map(|q| {
            MetricDataResult::builder()
                .id(q.id().unwrap())
                .timestamps(SmithyDateTime::from_secs(start))
                .values(1.0)
                .timestamps(SmithyDateTime::from_secs(start + 5 * 3600))
                .values(2.0)
                .build()
        });
        GetMetricDataOutput::builder()
            .set_metric_data_results(Some(results.collect()))
            .set_next_token(next.map(str::to_owned))
            .build()
    });
    let client = mock_client!(aws_sdk_cloudwatch, RuleMode::MatchAny, [&rule]);
    let ctx = ctx();
    let sink = Sink::new(None);
    let usage = UsageRead::new(&ctx, &client, &window, 2, &sink);
    usage.add_resources(rest_resources(400));
    assert_eq!(usage.finish().await, (400, Vec::new()));
    let resources = sink.finish().unwrap();
    let mut ids: Vec<&str> = resources.iter().map(|r| r.id.as_str()).collect();
    ids.sort_unstable();
    let mut want: Vec<String> = (0..400).map(|i| format!("api{i}")).collect();
    want.sort_unstable();
    assert_eq!(ids, want);
    assert!(ctx.take_gaps().is_empty());
    assert_eq!(*batch_sizes.lock().unwrap(), vec![500, 500, 200]);
    assert_eq!(rule.num_calls(), 6, "three batches of two pages each");
    assert_eq!(ctx.stats().metrics_requested(), 1200);
    // Priced per region: every page is a call, but a batch's metrics count once.
    assert_eq!(
        ctx.stats().metric_requests(),
        vec![crate::model::MetricRequests {
            account_id: "123456789012".to_owned(),
            region: "us-east-1".to_owned(),
            metrics_requested: 1200,
            getmetricdata_calls: 6,
            // Each batch's metrics and its pages, for the scan cost's high bound.
            batches: Some(vec![
                crate::model::BatchPages {
                    metrics: 200,
                    pages: 2
                },
                crate::model::BatchPages {
                    metrics: 500,
                    pages: 2
                },
                crate::model::BatchPages {
                    metrics: 500,
                    pages: 2
                },
            ]),
        }]
    );
    for r in &resources {
        // Each resource's own series, in the order they were planned, though a resource's
        // series may span two batches that answer in any order.
        let planned: Vec<_> = cloudwatch::plan(r)
            .into_iter()
            .map(|s| (s.metric, s.dimensions))
            .collect();
        let read: Vec<_> = r
            .usage
            .series
            .iter()
            .map(|s| (s.metric.clone(), s.dimensions.clone()))
            .collect();
        assert_eq!(read, planned);
        assert_eq!(r.usage.series.len(), 3);
        for s in &r.usage.series {
            assert!(s.has_data);
            assert_eq!(s.hourly.len(), 48);
            assert_eq!(
                (s.hourly.get(0), s.hourly.get(5), s.total()),
                (Some(1.0), Some(2.0), 3.0)
            );
        }
    }
}

#[tokio::test]
async fn a_denied_call_is_a_gap_and_the_run_goes_on() {
    use aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersError;
    use aws_sdk_elasticloadbalancingv2::Client;

    let denied = mock!(Client::describe_load_balancers).then_error(|| {
        DescribeLoadBalancersError::generic(
            ErrorMetadata::builder()
                .code("AccessDenied")
                .message(
                    "User is not authorized to perform: elasticloadbalancing:DescribeLoadBalancers",
                )
                .build(),
        )
    });
    let client = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&denied]
    );
    let ctx = ctx();
    let albs = elbv2::collect(&ctx, &client, 2).await;
    assert!(albs.is_empty());
    let gaps = ctx.take_gaps();
    assert_eq!(gaps.len(), 1);
    let g = &gaps[0];
    assert_eq!(
        (
            g.account_id.as_str(),
            g.region.as_str(),
            g.service.as_str(),
            g.operation.as_str(),
            g.error.as_str()
        ),
        (
            "123456789012",
            "us-east-1",
            "elbv2",
            "DescribeLoadBalancers",
            "AccessDenied"
        )
    );
}

#[test]
fn account_region_pairs_alternate_between_accounts() {
    let order = super::interleave(vec![vec!["a1", "a2", "a3"], vec!["b1"], vec!["c1", "c2"]]);
    assert_eq!(order, ["a1", "b1", "c1", "a2", "c2", "a3"]);
    assert!(super::interleave::<u8>(vec![vec![], vec![]]).is_empty());
}

/// A JSON body as API Gateway sends it, so that the SDK's own deserializer reads the fields
/// (authorizer type `JWT` is newer than the SDK's enum, moto rejects it).
fn json_response(body: &'static str) -> aws_smithy_runtime_api::client::orchestrator::HttpResponse {
    aws_smithy_runtime_api::client::orchestrator::HttpResponse::new(
        aws_smithy_runtime_api::http::StatusCode::try_from(200u16).unwrap(),
        aws_smithy_types::body::SdkBody::from(body),
    )
}

#[tokio::test]
async fn rest_jwt_authorizers_streaming_and_tls_settings_are_read() {
    use aws_sdk_apigateway::Client;

    let apis = mock!(Client::get_rest_apis).then_http_response(|| {
        json_response(
            r#"{"item":[{"id":"a1","name":"chat","minimumCompressionSize":1024,
                "securityPolicy":"SecurityPolicy_TLS13_1_3_2025_09",
                "endpointConfiguration":{"types":["REGIONAL"]}}]}"#,
        )
    });
    let stages = mock!(Client::get_stages).then_http_response(|| {
        json_response(
            r#"{"item":[{"stageName":"prod","accessLogSettings":{"format":"$context.requestId",
                "destinationArn":"arn:aws:logs:us-east-1:123456789012:log-group:chat"}}]}"#,
        )
    });
    let resources = mock!(Client::get_resources).then_http_response(|| {
        json_response(
            r#"{"item":[{"id":"r1","path":"/chat","resourceMethods":{"POST":{
                "httpMethod":"POST","authorizationType":"JWT","authorizerId":"j1",
                "methodIntegration":{"type":"AWS_PROXY","httpMethod":"POST",
                  "uri":"arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/arn:aws:lambda:us-east-1:123456789012:function:chat/response-streaming-invocations",
                  "responseTransferMode":"STREAM","timeoutInMillis":900000}}}}]}"#,
        )
    });
    let authorizers = mock!(Client::get_authorizers).then_http_response(|| {
        json_response(
            r#"{"item":[{"id":"j1","name":"idp","type":"JWT","identitySource":"method.request.header.Authorization",
                "jwtConfiguration":{"defaultAlgorithms":["ES256"],"issuers":[
                  {"issuer":"https://idp.example.com","audiences":["chat"]},
                  {"issuer":"https://cognito-idp.us-east-1.amazonaws.com/pool","audiences":["client"]}]}}]}"#,
        )
    });
    let plans =
        mock!(Client::get_usage_plans).then_http_response(|| json_response(r#"{"item":[]}"#));
    let domains = mock!(Client::get_domain_names).then_http_response(|| {
        json_response(
            r#"{"item":[{"domainName":"chat.example.com","securityPolicy":"SecurityPolicy_TLS13_1_3_2025_09",
                "routingMode":"ROUTING_RULE_THEN_BASE_PATH_MAPPING",
                "endpointConfiguration":{"types":["REGIONAL"]}}]}"#,
        )
    });
    let mappings = mock!(Client::get_base_path_mappings).then_http_response(|| {
        json_response(r#"{"item":[{"basePath":"(none)","restApiId":"a1","stage":"prod"}]}"#)
    });
    let client = mock_client!(
        aws_sdk_apigateway,
        RuleMode::MatchAny,
        [
            &apis,
            &stages,
            &resources,
            &authorizers,
            &plans,
            &domains,
            &mappings
        ]
    );
    let ctx = ctx();
    let mut apis = apigateway::collect(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    let api = apis.remove(0);
    assert_eq!(api.minimum_compression_size, Some(1024));
    assert_eq!(
        api.security_policy.as_deref(),
        Some("SecurityPolicy_TLS13_1_3_2025_09")
    );
    assert_eq!(api.authorizers[0].kind, "JWT");
    let method = &api.resources[0].methods[0];
    assert_eq!(method.authorization_type, "JWT");
    let integration = method.integration.as_ref().unwrap();
    assert_eq!(
        integration.response_transfer_mode.as_deref(),
        Some("STREAM")
    );
    assert!(integration.is_lambda());
    assert_eq!(
        api.stages[0].access_log_destination.as_deref(),
        Some("arn:aws:logs:us-east-1:123456789012:log-group:chat")
    );
    let domain = &api.custom_domains[0];
    assert_eq!(
        (
            domain.security_policy.as_deref(),
            domain.routing_mode.as_deref()
        ),
        (
            Some("SecurityPolicy_TLS13_1_3_2025_09"),
            Some("ROUTING_RULE_THEN_BASE_PATH_MAPPING")
        )
    );

    // What the catalogue makes of it.
    use crate::analyze::features::{gaps, GapContext, Impact, Target};
    let resource = rest_resource(api);
    let impact = |target, code: &str| {
        gaps(&resource, target, &GapContext::default())
            .into_iter()
            .find(|g| g.feature == code)
            .map(|g| g.impact)
    };
    assert_eq!(
        impact(Target::Alb, "jwt-authorizer"),
        Some(Impact::Workaround)
    );
    assert_eq!(
        impact(Target::HttpApi, "jwt-authorizer"),
        Some(Impact::Workaround)
    );
    assert_eq!(
        impact(Target::HttpApi, "response-streaming"),
        Some(Impact::Blocker)
    );
    assert_eq!(
        impact(Target::Alb, "response-streaming"),
        Some(Impact::Blocker)
    );
    assert_eq!(impact(Target::HttpApi, "tls-policy"), Some(Impact::Blocker));
    assert_eq!(
        impact(Target::HttpApi, "routing-rules"),
        Some(Impact::Blocker)
    );
    assert_eq!(impact(Target::Alb, "compression"), Some(Impact::Workaround));
    assert_eq!(impact(Target::Alb, "access-logs"), Some(Impact::Workaround));
}

#[tokio::test]
async fn alb_listener_policies_and_jwt_validation_settings_are_read() {
    use aws_sdk_elasticloadbalancingv2::operation::{
        describe_capacity_reservation::DescribeCapacityReservationOutput,
        describe_listeners::DescribeListenersOutput,
        describe_load_balancer_attributes::DescribeLoadBalancerAttributesOutput,
        describe_load_balancers::DescribeLoadBalancersOutput, describe_rules::DescribeRulesOutput,
        describe_tags::DescribeTagsOutput, describe_target_groups::DescribeTargetGroupsOutput,
    };
    use aws_sdk_elasticloadbalancingv2::types::{
        Action as SdkAction, ActionTypeEnum, JwtValidationActionAdditionalClaim,
        JwtValidationActionAdditionalClaimFormatEnum, JwtValidationActionConfig, Listener,
        LoadBalancer, LoadBalancerTypeEnum, ProtocolEnum, Rule,
    };
    use aws_sdk_elasticloadbalancingv2::Client;

    const LB: &str = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1";
    let lbs = mock!(Client::describe_load_balancers).then_output(|| {
        DescribeLoadBalancersOutput::builder()
            .load_balancers(
                LoadBalancer::builder()
                    .load_balancer_arn(LB)
                    .r#type(LoadBalancerTypeEnum::Application)
                    .build(),
            )
            .build()
    });
    let tgs = mock!(Client::describe_target_groups)
        .then_output(|| DescribeTargetGroupsOutput::builder().build());
    let attrs = mock!(Client::describe_load_balancer_attributes)
        .then_output(|| DescribeLoadBalancerAttributesOutput::builder().build());
    let listeners = mock!(Client::describe_listeners).then_output(|| {
        DescribeListenersOutput::builder()
            .listeners(
                Listener::builder()
                    .listener_arn("l-443")
                    .port(443)
                    .protocol(ProtocolEnum::Https)
                    .ssl_policy("ELBSecurityPolicy-TLS13-1-3-2021-06")
                    .build(),
            )
            .build()
    });
    let rules = mock!(Client::describe_rules).then_output(|| {
        let jwt = JwtValidationActionConfig::builder()
            .issuer("https://idp.example.com")
            .jwks_endpoint("https://keys.example.net/jwks")
            .additional_claims(
                JwtValidationActionAdditionalClaim::builder()
                    .name("tenant")
                    .format(JwtValidationActionAdditionalClaimFormatEnum::SingleString)
                    .values("acme")
                    .build(),
            )
            .build();
        DescribeRulesOutput::builder()
            .rules(
                Rule::builder()
                    .rule_arn("r1")
                    .priority("1")
                    .is_default(false)
                    .actions(
                        SdkAction::builder()
                            .r#type(ActionTypeEnum::JwtValidation)
                            .order(1)
                            .jwt_validation_config(jwt)
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let tags = mock!(Client::describe_tags).then_output(|| DescribeTagsOutput::builder().build());
    // No reservation: an ALB that reserves no capacity answers with none.
    let reservation = mock!(Client::describe_capacity_reservation)
        .then_output(|| DescribeCapacityReservationOutput::builder().build());
    let client = mock_client!(
        aws_sdk_elasticloadbalancingv2,
        RuleMode::MatchAny,
        [&lbs, &tgs, &attrs, &listeners, &rules, &tags, &reservation]
    );
    let ctx = ctx();
    let albs = elbv2::collect(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    let listener = &albs[0].listeners[0];
    assert_eq!(
        listener.ssl_policy.as_deref(),
        Some("ELBSecurityPolicy-TLS13-1-3-2021-06")
    );
    let action = &listener.rules[0].actions[0];
    assert_eq!(
        action.jwt_issuer.as_deref(),
        Some("https://idp.example.com")
    );
    assert_eq!(
        action.jwks_endpoint.as_deref(),
        Some("https://keys.example.net/jwks")
    );
    assert_eq!(action.jwt_claims, ["tenant"]);
}

#[tokio::test]
async fn a_routing_rules_domain_is_attached_to_the_rest_apis_its_rules_invoke() {
    use aws_sdk_apigatewayv2::operation::{
        get_api_mappings::GetApiMappingsOutput, get_domain_names::GetDomainNamesOutput,
        list_routing_rules::ListRoutingRulesOutput,
    };
    use aws_sdk_apigatewayv2::types::{
        DomainName, RoutingMode, RoutingRule, RoutingRuleAction, RoutingRuleActionInvokeApi,
    };
    use aws_sdk_apigatewayv2::Client;

    let domains = mock!(Client::get_domain_names).then_output(|| {
        GetDomainNamesOutput::builder()
            .items(
                DomainName::builder()
                    .domain_name("rules.example.com")
                    .routing_mode(RoutingMode::RoutingRuleOnly)
                    .build(),
            )
            .items(
                DomainName::builder()
                    .domain_name("plain.example.com")
                    .routing_mode(RoutingMode::ApiMappingOnly)
                    .build(),
            )
            .build()
    });
    let mappings =
        mock!(Client::get_api_mappings).then_output(|| GetApiMappingsOutput::builder().build());
    let rules = mock!(Client::list_routing_rules)
        .match_requests(|r| r.domain_name() == Some("rules.example.com"))
        .then_output(|| {
            let invoke = |stage: &str| {
                RoutingRuleAction::builder()
                    .invoke_api(
                        RoutingRuleActionInvokeApi::builder()
                            .api_id("a1")
                            .stage(stage)
                            .build(),
                    )
                    .build()
            };
            ListRoutingRulesOutput::builder()
                .routing_rules(RoutingRule::builder().actions(invoke("prod")).build())
                .routing_rules(RoutingRule::builder().actions(invoke("beta")).build())
                .routing_rules(RoutingRule::builder().actions(invoke("prod")).build())
                .build()
        });
    let client = mock_client!(
        aws_sdk_apigatewayv2,
        RuleMode::MatchAny,
        [&domains, &mappings, &rules]
    );
    let ctx = ctx();
    let by_api = apigatewayv2::custom_domains(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    assert_eq!(
        rules.num_calls(),
        1,
        "only the routing-rules domain is asked"
    );
    let d = &by_api["a1"][0];
    assert_eq!(d.domain_name, "rules.example.com");
    assert_eq!(d.routing_mode.as_deref(), Some("ROUTING_RULE_ONLY"));
    assert_eq!(d.stages, ["prod", "beta"]);
    assert_eq!(by_api.len(), 1, "the plain domain maps nothing");
}

/// A portal summary that includes `products` (ARNs).
fn portal_summary(
    id: &str,
    name: &str,
    products: &[&str],
) -> aws_sdk_apigatewayv2::types::PortalSummary {
    use aws_sdk_apigatewayv2::types::{PortalContent, PortalSummary};
    PortalSummary::builder()
        .portal_id(id)
        .portal_content(PortalContent::builder().display_name(name).build())
        .set_included_portal_product_arns(Some(products.iter().map(|p| (*p).to_owned()).collect()))
        .build()
}

fn product_arn(id: &str) -> String {
    format!("arn:aws:apigateway:us-east-1::/portalproducts/{id}")
}

fn endpoint_page(
    api: &str,
    stage: &str,
) -> aws_sdk_apigatewayv2::types::ProductRestEndpointPageSummaryNoBody {
    use aws_sdk_apigatewayv2::types::{
        IdentifierParts, ProductRestEndpointPageSummaryNoBody, RestEndpointIdentifier,
    };
    ProductRestEndpointPageSummaryNoBody::builder()
        .rest_endpoint_identifier(
            RestEndpointIdentifier::builder()
                .identifier_parts(
                    IdentifierParts::builder()
                        .rest_api_id(api)
                        .stage(stage)
                        .method("GET")
                        .path("/pets")
                        .build(),
                )
                .build(),
        )
        .build()
}

#[tokio::test]
async fn portal_lists_follow_next_token_and_only_included_products_are_read() {
    use aws_sdk_apigatewayv2::operation::{
        list_portal_products::ListPortalProductsOutput, list_portals::ListPortalsOutput,
        list_product_rest_endpoint_pages::ListProductRestEndpointPagesOutput,
    };
    use aws_sdk_apigatewayv2::types::PortalProductSummary;
    use aws_sdk_apigatewayv2::Client;

    let (p1, p2, shared) = (
        product_arn("prod1"),
        product_arn("prod2"),
        product_arn("other"),
    );
    let (a, b) = (p1.clone(), [p1.clone(), shared.clone()]);
    let portals_1 = mock!(Client::list_portals)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            ListPortalsOutput::builder()
                .items(portal_summary("portal-a", "Partners", &[&a]))
                .next_token("portals-2")
                .build()
        });
    let portals_2 = mock!(Client::list_portals)
        .match_requests(|r| r.next_token() == Some("portals-2"))
        .then_output(move || {
            // `other` is a product another account shares: not this account's REST APIs.
            ListPortalsOutput::builder()
                .items(portal_summary("portal-b", "Public", &[&b[0], &b[1]]))
                .build()
        });
    let summary = |id: &str, arn: &str| {
        PortalProductSummary::builder()
            .portal_product_id(id)
            .portal_product_arn(arn)
            .build()
    };
    let (arn1, arn2) = (p1.clone(), p2.clone());
    let products_1 = mock!(Client::list_portal_products)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            ListPortalProductsOutput::builder()
                .items(summary("prod1", &arn1))
                .next_token("products-2")
                .build()
        });
    let products_2 = mock!(Client::list_portal_products)
        .match_requests(|r| r.next_token() == Some("products-2"))
        .then_output(move || {
            // In no portal: never asked for its pages.
            ListPortalProductsOutput::builder()
                .items(summary("prod2", &arn2))
                .build()
        });
    let pages_1 = mock!(Client::list_product_rest_endpoint_pages)
        .match_requests(|r| r.portal_product_id() == Some("prod1") && r.next_token().is_none())
        .then_output(|| {
            ListProductRestEndpointPagesOutput::builder()
                .items(endpoint_page("a1", "prod"))
                .items(endpoint_page("a1", "prod"))
                .next_token("pages-2")
                .build()
        });
    let pages_2 = mock!(Client::list_product_rest_endpoint_pages)
        .match_requests(|r| {
            r.portal_product_id() == Some("prod1") && r.next_token() == Some("pages-2")
        })
        .then_output(|| {
            ListProductRestEndpointPagesOutput::builder()
                .items(endpoint_page("a1", "beta"))
                .items(endpoint_page("a2", "prod"))
                .build()
        });
    let other_pages = mock!(Client::list_product_rest_endpoint_pages)
        .match_requests(|r| r.portal_product_id() != Some("prod1"))
        .then_output(|| ListProductRestEndpointPagesOutput::builder().build());
    let client = mock_client!(
        aws_sdk_apigatewayv2,
        RuleMode::MatchAny,
        [
            &portals_1,
            &portals_2,
            &products_1,
            &products_2,
            &pages_1,
            &pages_2,
            &other_pages
        ]
    );
    let ctx = ctx();
    let by_api = apigatewayv2::portals(&ctx, &client, 2).await;
    assert!(ctx.take_gaps().is_empty());
    assert_eq!((portals_1.num_calls(), portals_2.num_calls()), (1, 1));
    assert_eq!((products_1.num_calls(), products_2.num_calls()), (1, 1));
    assert_eq!((pages_1.num_calls(), pages_2.num_calls()), (1, 1));
    assert_eq!(
        other_pages.num_calls(),
        0,
        "only included products are read"
    );
    let listing = |id: &str, name: &str, stages: &[&str]| crate::model::PortalListing {
        portal_id: id.into(),
        name: name.into(),
        stages: stages.iter().map(|s| (*s).to_owned()).collect(),
    };
    assert_eq!(
        by_api["a1"],
        [
            listing("portal-a", "Partners", &["beta", "prod"]),
            listing("portal-b", "Public", &["beta", "prod"]),
        ]
    );
    assert_eq!(
        by_api["a2"],
        [
            listing("portal-a", "Partners", &["prod"]),
            listing("portal-b", "Public", &["prod"]),
        ]
    );
    assert_eq!(by_api.len(), 2);
}

#[tokio::test]
async fn a_denied_portal_read_is_a_coverage_gap_not_a_failure() {
    use aws_sdk_apigatewayv2::operation::{
        list_portal_products::{ListPortalProductsError, ListPortalProductsOutput},
        list_portals::{ListPortalsError, ListPortalsOutput},
        list_product_rest_endpoint_pages::ListProductRestEndpointPagesError,
    };
    use aws_sdk_apigatewayv2::types::PortalProductSummary;
    use aws_sdk_apigatewayv2::Client;

    let denied = |op: &str| {
        ErrorMetadata::builder()
            .code("AccessDeniedException")
            .message(format!(
                "User is not authorized to perform: apigateway:GET on resource {op}"
            ))
            .build()
    };
    // An older policy without the portal paths: the list of portals is denied.
    let portals = mock!(Client::list_portals)
        .then_error(move || ListPortalsError::generic(denied("/portals")));
    let products = mock!(Client::list_portal_products)
        .then_error(move || ListPortalProductsError::generic(denied("/portalproducts")));
    let client = mock_client!(
        aws_sdk_apigatewayv2,
        RuleMode::MatchAny,
        [&portals, &products]
    );
    let ctx = ctx();
    assert!(apigatewayv2::portals(&ctx, &client, 2).await.is_empty());
    let gaps = ctx.take_gaps();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0].operation, "ListPortals");
    assert_eq!(gaps[0].error, "AccessDeniedException");
    assert_eq!(products.num_calls(), 0);

    // A product whose pages cannot be read: a gap naming it, and the others still count.
    let arns = [product_arn("p1"), product_arn("p2")];
    let listed = arns.clone();
    let portals = mock!(Client::list_portals).then_output(move || {
        ListPortalsOutput::builder()
            .items(portal_summary(
                "portal-a",
                "Partners",
                &[&arns[0], &arns[1]],
            ))
            .build()
    });
    let products = mock!(Client::list_portal_products).then_output(move || {
        let summary = |id: &str, arn: &str| {
            PortalProductSummary::builder()
                .portal_product_id(id)
                .portal_product_arn(arn)
                .build()
        };
        ListPortalProductsOutput::builder()
            .items(summary("p1", &listed[0]))
            .items(summary("p2", &listed[1]))
            .build()
    });
    let pages_denied = mock!(Client::list_product_rest_endpoint_pages)
        .match_requests(|r| r.portal_product_id() == Some("p1"))
        .then_error(move || {
            ListProductRestEndpointPagesError::generic(denied("/portalproducts/p1"))
        });
    let pages = mock!(Client::list_product_rest_endpoint_pages)
        .match_requests(|r| r.portal_product_id() == Some("p2"))
        .then_output(|| {
            aws_sdk_apigatewayv2::operation::list_product_rest_endpoint_pages::ListProductRestEndpointPagesOutput::builder()
                .items(endpoint_page("a2", "prod"))
                .build()
        });
    let client = mock_client!(
        aws_sdk_apigatewayv2,
        RuleMode::MatchAny,
        [&portals, &products, &pages_denied, &pages]
    );
    let ctx = super::Ctx::new("123456789012", "us-east-1", Arc::new(CallStats::default()));
    let by_api = apigatewayv2::portals(&ctx, &client, 2).await;
    let gaps = ctx.take_gaps();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0].operation, "ListProductRestEndpointPages");
    assert_eq!(gaps[0].resource.as_deref(), Some("p1"));
    assert_eq!(by_api.keys().collect::<Vec<_>>(), ["a2"]);
}
