//! The account's applied values of the quotas that feature checks compare with, read from
//! Service Quotas only where a check of this account × region needs them: one GetServiceQuota
//! per quota, no list of the service's quotas.

use aws_sdk_servicequotas as sq;

use super::ctx::Ctx;
use super::registry::Op;
use crate::model::{QuotaCode, Resource, ResourceConfig, ResourceKind, ServiceQuota};

/// Rules an ALB holds by default, besides its default rules. Service Quotas only ever raises
/// an adjustable quota, so a REST or HTTP API, or a group of ALBs to consolidate, within the
/// default fits whatever the account's value is, and only a larger one needs the applied value
/// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html).
const DEFAULT_ALB_RULES: usize = crate::analyze::features::ALB_RULES_PER_LOAD_BALANCER;

/// The quotas the resources of one account × region are judged against:
/// - the API Gateway throttle, for an ALB (its traffic moved onto API Gateway) or an API whose
///   stages name throttle limits (compared with the account's throttle, which stages report
///   when nobody set one);
/// - the ALB rules quota, for a REST or HTTP API with more routes than the default quota, or
///   for ALBs of one VPC and scheme whose rules together exceed it (the consolidation check).
///
/// Target groups per ALB (100) is not read: AWS does not let it be adjusted, so the account's
/// value is always the default.
///
/// The resources of a region are added as they are read (ALBs before the APIs), and each
/// leaves collect when its usage is in: what the checks need is counted as they come.
#[derive(Default)]
pub struct Needs {
    throttle: bool,
    api_rules: bool,
    /// ALBs and their rules per VPC and scheme.
    shared: std::collections::BTreeMap<(String, String), (usize, usize)>,
}

impl Needs {
    pub fn add(&mut self, resources: &[Resource]) {
        for r in resources {
            match &r.config {
                ResourceConfig::Alb(alb) => {
                    self.throttle = true;
                    let (albs, rules) = self
                        .shared
                        .entry((alb.vpc_id.clone(), alb.scheme.clone()))
                        .or_default();
                    *albs += 1;
                    *rules += alb.rules_when_shared();
                }
                ResourceConfig::RestApi(api) => {
                    self.throttle |= api.sets_throttling();
                    self.api_rules |= api.method_count() > DEFAULT_ALB_RULES;
                }
                ResourceConfig::V2Api(api) => {
                    self.throttle |= api.sets_throttling();
                    self.api_rules |= r.kind == ResourceKind::HttpApi
                        && api.routes_besides_default() > DEFAULT_ALB_RULES;
                }
            }
        }
    }

    /// The quotas to read, the throttle first.
    pub fn codes(&self) -> Vec<QuotaCode> {
        let consolidation = self
            .shared
            .values()
            .any(|&(albs, rules)| albs > 1 && rules > DEFAULT_ALB_RULES);
        let mut out = Vec::new();
        if self.throttle {
            out.push(QuotaCode::ApiGatewayThrottleRate);
        }
        if self.api_rules || consolidation {
            out.push(QuotaCode::AlbRulesPerLoadBalancer);
        }
        out
    }
}

/// Reads each quota. Service Quotas answers NoSuchResourceException where it holds no applied
/// value for the quota: AWS's default applies, which the entry records as no applied value.
/// Any other failure is a gap, and the checks fall back to the default.
pub async fn applied(ctx: &Ctx, client: &sq::Client, quotas: &[QuotaCode]) -> Vec<ServiceQuota> {
    let mut out = Vec::new();
    for &quota in quotas {
        let resp = ctx
            .try_call(
                Op::ServiceQuotasGetServiceQuota,
                client
                    .get_service_quota()
                    .service_code(quota.service_code())
                    .quota_code(quota.quota_code())
                    .send(),
            )
            .await;
        let applied_value = match resp {
            Ok(r) => r
                .quota()
                .and_then(|q| q.value())
                .filter(|v| v.is_finite() && *v > 0.0),
            Err(e) if e.is("NoSuchResourceException") => None,
            Err(e) => {
                let about = format!("{}/{}", quota.service_code(), quota.quota_code());
                ctx.record_gap(Op::ServiceQuotasGetServiceQuota, Some(&about), &e);
                continue;
            }
        };
        out.push(ServiceQuota {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            quota,
            applied_value,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    //! moto's Service Quotas knows only `vpc` quotas, so it answers every read here with
    //! NoSuchResourceException (tests/it/collect_e2e.rs covers that path end to end). An
    //! applied value and a denied call are shown here through the real SDK client with
    //! `aws-smithy-mocks`, the responses written as Service Quotas sends them (awsJson 1.1).

    use std::sync::Arc;

    use aws_sdk_servicequotas::Client;
    use aws_smithy_mocks::{mock, mock_client, RuleMode};
    use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;

    use super::*;
    use crate::collect::CallStats;
    use crate::model::{
        MethodSetting, RestApi, RestMethod, RestResource, RestStage, Route, V2Api, V2Stage,
    };

    fn new_ctx() -> Ctx {
        Ctx::new("123456789012", "eu-west-1", Arc::new(CallStats::default()))
    }

    fn response(status: u16, body: &'static str) -> HttpResponse {
        HttpResponse::new(StatusCode::try_from(status).unwrap(), SdkBody::from(body))
    }

    fn resource(kind: ResourceKind, config: ResourceConfig) -> Resource {
        Resource {
            kind,
            account_id: "123456789012".into(),
            region: "eu-west-1".into(),
            id: "r".into(),
            name: "r".into(),
            config,
            usage: Default::default(),
        }
    }

    fn http_api(routes: usize) -> Resource {
        let mut api = V2Api {
            protocol_type: "HTTP".into(),
            ..V2Api::default()
        };
        api.routes.push(Route {
            route_key: "$default".into(),
            ..Route::default()
        });
        for i in 0..routes {
            api.routes.push(Route {
                route_key: format!("GET /r{i}"),
                ..Route::default()
            });
        }
        resource(ResourceKind::HttpApi, ResourceConfig::V2Api(Box::new(api)))
    }

    fn needed(resources: &[Resource]) -> Vec<QuotaCode> {
        let mut needs = Needs::default();
        needs.add(resources);
        needs.codes()
    }

    #[test]
    fn only_the_quotas_a_check_needs_are_read() {
        assert!(needed(&[]).is_empty());
        // 100 routes fit the default rules quota, which Service Quotas only ever raises.
        assert!(needed(&[http_api(100)]).is_empty());
        assert_eq!(
            needed(&[http_api(101)]),
            [QuotaCode::AlbRulesPerLoadBalancer]
        );
        let alb = resource(ResourceKind::Alb, ResourceConfig::Alb(Box::default()));
        assert_eq!(
            needed(std::slice::from_ref(&alb)),
            [QuotaCode::ApiGatewayThrottleRate]
        );

        // ALBs of one VPC whose rules together pass the default may consolidate only under
        // a raised quota; one ALB alone, however many rules, is not consolidated.
        let mut busy = crate::model::Alb::default();
        busy.listeners.push(crate::model::Listener::default());
        for i in 0..100 {
            busy.listeners[0].rules.push(crate::model::Rule {
                priority: i.to_string(),
                ..Default::default()
            });
        }
        let busy = resource(ResourceKind::Alb, ResourceConfig::Alb(Box::new(busy)));
        assert_eq!(
            needed(std::slice::from_ref(&busy)),
            [QuotaCode::ApiGatewayThrottleRate]
        );
        // Counted across the adds, as collect adds a region's resources in parts.
        let mut needs = Needs::default();
        needs.add(std::slice::from_ref(&busy));
        needs.add(std::slice::from_ref(&alb));
        assert_eq!(needs.codes(), needed(&[busy.clone(), alb.clone()]));
        assert_eq!(
            needed(&[busy.clone(), alb]),
            [
                QuotaCode::ApiGatewayThrottleRate,
                QuotaCode::AlbRulesPerLoadBalancer
            ]
        );
        let mut elsewhere = busy.clone();
        if let ResourceConfig::Alb(a) = &mut elsewhere.config {
            a.vpc_id = "vpc-other".to_owned();
        }
        assert_eq!(
            needed(&[busy, elsewhere]),
            [QuotaCode::ApiGatewayThrottleRate]
        );

        // REST counts resource × method pairs; a stage that names a throttle needs the throttle.
        let mut rest = RestApi::default();
        for i in 0..51 {
            rest.resources.push(RestResource {
                id: format!("r{i}"),
                path: format!("/items/{i}"),
                methods: vec![
                    RestMethod {
                        http_method: "GET".into(),
                        ..RestMethod::default()
                    },
                    RestMethod {
                        http_method: "PUT".into(),
                        ..RestMethod::default()
                    },
                ],
            });
        }
        let mut stage = RestStage::default();
        stage.method_settings.insert(
            "*/*".into(),
            MethodSetting {
                caching_enabled: false,
                throttling_rate_limit: Some(500.0),
                throttling_burst_limit: None,
            },
        );
        rest.stages.push(stage);
        let rest = resource(
            ResourceKind::RestApi,
            ResourceConfig::RestApi(Box::new(rest)),
        );
        assert_eq!(
            needed(&[rest]),
            [
                QuotaCode::ApiGatewayThrottleRate,
                QuotaCode::AlbRulesPerLoadBalancer
            ]
        );
        let mut throttled = V2Api {
            protocol_type: "WEBSOCKET".into(),
            ..V2Api::default()
        };
        throttled.stages.push(V2Stage {
            throttling_burst_limit: Some(10),
            ..V2Stage::default()
        });
        let ws = resource(
            ResourceKind::WebsocketApi,
            ResourceConfig::V2Api(Box::new(throttled)),
        );
        assert_eq!(needed(&[ws]), [QuotaCode::ApiGatewayThrottleRate]);
    }

    #[tokio::test]
    async fn an_applied_value_a_missing_one_and_a_denied_call() {
        let throttle = mock!(Client::get_service_quota)
            .match_requests(|r| {
                r.service_code() == Some("apigateway") && r.quota_code() == Some("L-8A5B8E43")
            })
            .then_http_response(|| {
                response(
                    200,
                    r#"{"Quota":{"ServiceCode":"apigateway","QuotaCode":"L-8A5B8E43",
                        "QuotaName":"Throttle rate","Value":25000.0,"Adjustable":true}}"#,
                )
            });
        let rules = mock!(Client::get_service_quota)
            .match_requests(|r| {
                r.service_code() == Some("elasticloadbalancing")
                    && r.quota_code() == Some("L-7EED9B64")
            })
            .then_http_response(|| {
                response(
                    400,
                    r#"{"__type":"NoSuchResourceException","message":"The request failed because the specified resource does not exist."}"#,
                )
            });
        let client = mock_client!(
            aws_sdk_servicequotas,
            RuleMode::MatchAny,
            [&throttle, &rules]
        );
        let ctx = new_ctx();
        let read = applied(
            &ctx,
            &client,
            &[
                QuotaCode::ApiGatewayThrottleRate,
                QuotaCode::AlbRulesPerLoadBalancer,
            ],
        )
        .await;
        assert_eq!(
            read,
            [
                ServiceQuota {
                    account_id: "123456789012".into(),
                    region: "eu-west-1".into(),
                    quota: QuotaCode::ApiGatewayThrottleRate,
                    applied_value: Some(25_000.0),
                },
                ServiceQuota {
                    account_id: "123456789012".into(),
                    region: "eu-west-1".into(),
                    quota: QuotaCode::AlbRulesPerLoadBalancer,
                    applied_value: None,
                },
            ]
        );
        // "No applied value" is Service Quotas' answer, not a failure.
        assert!(ctx.take_gaps().is_empty());
        assert_eq!(ctx.stats().calls()[&Op::ServiceQuotasGetServiceQuota], 2);

        let denied = mock!(Client::get_service_quota).then_http_response(|| {
            response(
                400,
                r#"{"__type":"AccessDeniedException","message":"not authorized to perform: servicequotas:GetServiceQuota"}"#,
            )
        });
        let client = mock_client!(aws_sdk_servicequotas, RuleMode::MatchAny, [&denied]);
        let ctx = new_ctx();
        let read = applied(&ctx, &client, &[QuotaCode::ApiGatewayThrottleRate]).await;
        assert!(read.is_empty(), "a failed read records no value: {read:?}");
        let gaps = ctx.take_gaps();
        assert_eq!(gaps.len(), 1);
        assert_eq!(
            (
                gaps[0].service.as_str(),
                gaps[0].operation.as_str(),
                gaps[0].error.as_str(),
                gaps[0].resource.as_deref()
            ),
            (
                "servicequotas",
                "GetServiceQuota",
                "AccessDeniedException",
                Some("apigateway/L-8A5B8E43")
            )
        );
    }
}
