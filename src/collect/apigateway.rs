//! REST APIs (API Gateway v1): APIs, stages, resources with methods and integrations,
//! authorizers, validators, usage plans, custom domains and VPC links.

use std::collections::{BTreeMap, HashMap};

use apigw::types::{Integration as SdkIntegration, Method as SdkMethod, RestApi as SdkRestApi};
use aws_sdk_apigateway as apigw;
use futures::{stream, StreamExt};

use super::ctx::{pages, Ctx};
use super::registry::Op;
use crate::model::{
    Authorizer, CustomDomain, Integration, MethodSetting, RestApi, RestMethod, RestResource,
    RestStage, UsagePlan, VpcLink,
};

/// API Gateway's largest page size (`limit`) for its list operations.
const LIMIT: i32 = 500;

pub async fn collect(ctx: &Ctx, client: &apigw::Client, concurrency: usize) -> Vec<RestApi> {
    let Some(apis) = ctx
        .paginate(
            Op::ApigwGetRestApis,
            None,
            pages!(
                |position| client.get_rest_apis().limit(LIMIT).set_position(position),
                items,
                position
            ),
        )
        .await
    else {
        return Vec::new();
    };
    if apis.is_empty() {
        return Vec::new();
    }
    let usage_plans = usage_plans(ctx, client).await;
    let domains = custom_domains(ctx, client, concurrency).await;

    let mut out: Vec<RestApi> = stream::iter(apis.iter())
        .map(|api| describe_api(ctx, client, api))
        .buffered(concurrency)
        .collect()
        .await;
    // VPC links are read only when some integration goes through one.
    let through_link = out
        .iter()
        .flat_map(|a| &a.resources)
        .flat_map(|r| &r.methods)
        .any(|m| {
            m.integration
                .as_ref()
                .is_some_and(|i| i.connection_id.is_some())
        });
    let vpc_links = if through_link {
        vpc_links(ctx, client).await
    } else {
        Vec::new()
    };
    for api in &mut out {
        api.usage_plans = usage_plans.get(&api.id).cloned().unwrap_or_default();
        api.custom_domains = domains.get(&api.id).cloned().unwrap_or_default();
        let used: Vec<&str> = api
            .resources
            .iter()
            .flat_map(|r| &r.methods)
            .filter_map(|m| m.integration.as_ref()?.connection_id.as_deref())
            .collect();
        api.vpc_links = vpc_links
            .iter()
            .filter(|l| used.contains(&l.id.as_str()))
            .cloned()
            .collect();
    }
    out
}

async fn describe_api(ctx: &Ctx, client: &apigw::Client, api: &SdkRestApi) -> RestApi {
    let id = api.id().unwrap_or_default();
    let stages = ctx
        .call(
            Op::ApigwGetStages,
            Some(id),
            client.get_stages().rest_api_id(id).send(),
        )
        .await
        .map(|o| o.item().iter().map(stage_from_sdk).collect())
        .unwrap_or_default();
    let sdk_resources = ctx
        .paginate(
            Op::ApigwGetResources,
            Some(id),
            pages!(
                |position| client
                    .get_resources()
                    .rest_api_id(id)
                    .embed("methods")
                    .limit(LIMIT)
                    .set_position(position),
                items,
                position
            ),
        )
        .await
        .unwrap_or_default();
    let mut resources = Vec::with_capacity(sdk_resources.len());
    for r in &sdk_resources {
        let mut methods = Vec::new();
        let mut verbs: Vec<(&String, &SdkMethod)> =
            r.resource_methods().into_iter().flatten().collect();
        verbs.sort_by_key(|(verb, _)| verb.as_str());
        for (verb, m) in verbs {
            methods.push(method(ctx, client, id, r.id().unwrap_or_default(), verb, m).await);
        }
        resources.push(RestResource {
            id: r.id().unwrap_or_default().to_owned(),
            path: r.path().unwrap_or_default().to_owned(),
            methods,
        });
    }
    resources.sort_by(|a, b| a.path.cmp(&b.path));

    // Authorizers and validators matter only through the methods that name them; an API none
    // of whose methods does is spared the calls, which count against the account's 10 rps.
    let methods = || resources.iter().flat_map(|r| &r.methods);
    let names_authorizer = methods().any(|m| m.authorizer_id.is_some());
    let names_validator = methods().any(|m| m.request_validator_id.is_some());
    let authorizers = if !names_authorizer {
        Vec::new()
    } else {
        ctx.paginate(
            Op::ApigwGetAuthorizers,
            Some(id),
            pages!(
                |position| client
                    .get_authorizers()
                    .rest_api_id(id)
                    .limit(LIMIT)
                    .set_position(position),
                items,
                position
            ),
        )
        .await
        .unwrap_or_default()
        .iter()
        .map(|a| Authorizer {
            id: a.id().unwrap_or_default().to_owned(),
            name: a.name().unwrap_or_default().to_owned(),
            kind: a
                .r#type()
                .map(|t| t.as_str().to_owned())
                .unwrap_or_default(),
            jwt_issuer: None,
        })
        .collect()
    };
    let request_validators = if !names_validator {
        Vec::new()
    } else {
        ctx.paginate(
            Op::ApigwGetRequestValidators,
            Some(id),
            pages!(
                |position| client
                    .get_request_validators()
                    .rest_api_id(id)
                    .limit(LIMIT)
                    .set_position(position),
                items,
                position
            ),
        )
        .await
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.id().map(str::to_owned))
        .collect()
    };
    let endpoint = api.endpoint_configuration();
    RestApi {
        id: id.to_owned(),
        name: api.name().unwrap_or_default().to_owned(),
        endpoint_types: endpoint
            .map(|e| e.types().iter().map(|t| t.as_str().to_owned()).collect())
            .unwrap_or_default(),
        has_resource_policy: api.policy().is_some_and(|p| !p.trim().is_empty()),
        api_key_source: api.api_key_source().map(|s| s.as_str().to_owned()),
        disable_execute_api_endpoint: api.disable_execute_api_endpoint(),
        tags: sorted(api.tags()),
        stages,
        resources,
        authorizers,
        request_validators,
        minimum_compression_size: api.minimum_compression_size(),
        security_policy: api.security_policy().map(|p| p.as_str().to_owned()),
        vpc_endpoint_ids: endpoint
            .map(|e| e.vpc_endpoint_ids().to_vec())
            .unwrap_or_default(),
        policy_source_vpces: api
            .policy()
            .map(|p| policy_condition_values(p, "aws:SourceVpce"))
            .unwrap_or_default(),
        policy_source_vpcs: api
            .policy()
            .map(|p| policy_condition_values(p, "aws:SourceVpc"))
            .unwrap_or_default(),
        ..RestApi::default()
    }
}

/// The values a resource policy's conditions give `key` (case-insensitive, under any
/// operator), sorted and without wildcards: which endpoints or VPCs the policy is about.
/// API Gateway returns the document with its quotes escaped (`{\"Version\":…}`), so a
/// document that does not parse as it is is read again unescaped. A document that still does
/// not parse names nothing.
pub(crate) fn policy_condition_values(policy: &str, key: &str) -> Vec<String> {
    let doc: Option<serde_json::Value> = serde_json::from_str(policy)
        .ok()
        .or_else(|| serde_json::from_str(&policy.replace("\\\"", "\"").replace("\\/", "/")).ok());
    let mut out = Vec::new();
    let Some(doc) = doc else { return out };
    let statements = match doc.get("Statement") {
        Some(serde_json::Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for operators in statements
        .iter()
        .filter_map(|st| st.get("Condition")?.as_object())
    {
        for (k, v) in operators.values().filter_map(|o| o.as_object()).flatten() {
            if !k.eq_ignore_ascii_case(key) {
                continue;
            }
            let values = match v {
                serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                other => other.as_str().into_iter().collect::<Vec<_>>(),
            };
            out.extend(
                values
                    .into_iter()
                    .filter(|x| !x.contains(['*', '?']))
                    .map(str::to_owned),
            );
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `GetResources?embed=methods` is documented to embed each method with its integration; where
/// the integration is missing we ask for the method itself rather than report no integration.
async fn method(
    ctx: &Ctx,
    client: &apigw::Client,
    api_id: &str,
    resource_id: &str,
    verb: &str,
    m: &SdkMethod,
) -> RestMethod {
    let mut integration = m.method_integration().map(integration_from_sdk);
    if integration.is_none() {
        let full = ctx
            .try_call(
                Op::ApigwGetMethod,
                client
                    .get_method()
                    .rest_api_id(api_id)
                    .resource_id(resource_id)
                    .http_method(verb)
                    .send(),
            )
            .await;
        match full {
            Ok(full) => integration = full.method_integration().map(integration_from_sdk),
            // A method without an integration is a valid, if unusual, configuration.
            Err(e) if e.is("NotFoundException") => {}
            Err(e) => ctx.record_gap(Op::ApigwGetMethod, Some(api_id), &e),
        }
    }
    RestMethod {
        http_method: m.http_method().unwrap_or(verb).to_owned(),
        authorization_type: m.authorization_type().unwrap_or("NONE").to_owned(),
        authorizer_id: m.authorizer_id().map(str::to_owned),
        api_key_required: m.api_key_required().unwrap_or(false),
        request_validator_id: m.request_validator_id().map(str::to_owned),
        integration,
    }
}

fn integration_from_sdk(i: &SdkIntegration) -> Integration {
    Integration {
        id: String::new(),
        kind: i
            .r#type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        subtype: None,
        connection_type: i.connection_type().map(|c| c.as_str().to_owned()),
        connection_id: i.connection_id().map(str::to_owned),
        uri: i.uri().map(str::to_owned),
        integration_target: i.integration_target().map(str::to_owned),
        timeout_ms: Some(i.timeout_in_millis()).filter(|t| *t > 0),
        request_templates: sorted_keys(i.request_templates()),
        has_response_templates: i
            .integration_responses()
            .into_iter()
            .flatten()
            .any(|(_, r)| r.response_templates().is_some_and(|t| !t.is_empty())),
        request_parameters: sorted_keys(i.request_parameters()),
        payload_format_version: None,
        response_transfer_mode: i.response_transfer_mode().map(|m| m.as_str().to_owned()),
    }
}

fn stage_from_sdk(s: &apigw::types::Stage) -> RestStage {
    RestStage {
        name: s.stage_name().unwrap_or_default().to_owned(),
        deployment_id: s.deployment_id().map(str::to_owned),
        cache_cluster_enabled: s.cache_cluster_enabled(),
        cache_cluster_size: s.cache_cluster_size().map(|c| c.as_str().to_owned()),
        tracing_enabled: s.tracing_enabled(),
        canary_percent: s.canary_settings().map(|c| c.percent_traffic()),
        web_acl_arn: s.web_acl_arn().filter(|a| !a.is_empty()).map(str::to_owned),
        client_certificate_id: s.client_certificate_id().map(str::to_owned),
        method_settings: s
            .method_settings()
            .into_iter()
            .flatten()
            .map(|(k, m)| {
                (
                    k.clone(),
                    MethodSetting {
                        caching_enabled: m.caching_enabled(),
                        throttling_rate_limit: Some(m.throttling_rate_limit()).filter(|r| *r > 0.0),
                        throttling_burst_limit: Some(m.throttling_burst_limit()).filter(|b| *b > 0),
                    },
                )
            })
            .collect(),
        access_log_destination: s
            .access_log_settings()
            .and_then(|a| a.destination_arn())
            .filter(|a| !a.is_empty())
            .map(str::to_owned),
    }
}

/// Usage plans are account-level; each names the API stages it covers.
async fn usage_plans(ctx: &Ctx, client: &apigw::Client) -> HashMap<String, Vec<UsagePlan>> {
    let plans = ctx
        .paginate(
            Op::ApigwGetUsagePlans,
            None,
            pages!(
                |position| client.get_usage_plans().limit(LIMIT).set_position(position),
                items,
                position
            ),
        )
        .await
        .unwrap_or_default();
    let mut by_api: HashMap<String, Vec<UsagePlan>> = HashMap::new();
    for p in &plans {
        let mut stages_by_api: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for s in p.api_stages() {
            if let (Some(api), Some(stage)) = (s.api_id(), s.stage()) {
                stages_by_api.entry(api).or_default().push(stage.to_owned());
            }
        }
        for (api, stages) in stages_by_api {
            by_api.entry(api.to_owned()).or_default().push(UsagePlan {
                id: p.id().unwrap_or_default().to_owned(),
                name: p.name().unwrap_or_default().to_owned(),
                stages,
                has_throttle: p.throttle().is_some(),
                has_quota: p.quota().is_some(),
            });
        }
    }
    by_api
}

/// Custom domains and the REST stages mapped on them, keyed by REST API id.
async fn custom_domains(
    ctx: &Ctx,
    client: &apigw::Client,
    concurrency: usize,
) -> HashMap<String, Vec<CustomDomain>> {
    let domains = ctx
        .paginate(
            Op::ApigwGetDomainNames,
            None,
            pages!(
                |position| client
                    .get_domain_names()
                    .limit(LIMIT)
                    .set_position(position),
                items,
                position
            ),
        )
        .await
        .unwrap_or_default();
    let mappings: Vec<Vec<apigw::types::BasePathMapping>> = stream::iter(domains.iter())
        .map(|d| {
            let name = d.domain_name().unwrap_or_default();
            ctx.paginate(
                Op::ApigwGetBasePathMappings,
                Some(name),
                pages!(
                    |position| client
                        .get_base_path_mappings()
                        .domain_name(name)
                        .limit(LIMIT)
                        .set_position(position),
                    items,
                    position
                ),
            )
        })
        .buffered(concurrency)
        .map(Option::unwrap_or_default)
        .collect()
        .await;
    let mut by_api: HashMap<String, Vec<CustomDomain>> = HashMap::new();
    for (d, maps) in domains.iter().zip(mappings) {
        let mut stages_by_api: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for m in &maps {
            if let Some(api) = m.rest_api_id() {
                stages_by_api
                    .entry(api)
                    .or_default()
                    .push(m.stage().unwrap_or("*").to_owned());
            }
        }
        for (api, stages) in stages_by_api {
            by_api
                .entry(api.to_owned())
                .or_default()
                .push(CustomDomain {
                    domain_name: d.domain_name().unwrap_or_default().to_owned(),
                    endpoint_types: d
                        .endpoint_configuration()
                        .map(|e| e.types().iter().map(|t| t.as_str().to_owned()).collect())
                        .unwrap_or_default(),
                    mtls_truststore_uri: d
                        .mutual_tls_authentication()
                        .and_then(|m| m.truststore_uri())
                        .filter(|u| !u.is_empty())
                        .map(str::to_owned),
                    stages,
                    security_policy: d.security_policy().map(|p| p.as_str().to_owned()),
                    routing_mode: d.routing_mode().map(|m| m.as_str().to_owned()),
                });
        }
    }
    by_api
}

async fn vpc_links(ctx: &Ctx, client: &apigw::Client) -> Vec<VpcLink> {
    ctx.paginate(
        Op::ApigwGetVpcLinks,
        None,
        pages!(
            |position| client.get_vpc_links().limit(LIMIT).set_position(position),
            items,
            position
        ),
    )
    .await
    .unwrap_or_default()
    .iter()
    .map(|l| VpcLink {
        id: l.id().unwrap_or_default().to_owned(),
        name: l.name().unwrap_or_default().to_owned(),
        target_arns: l.target_arns().to_vec(),
    })
    .collect()
}

pub(crate) fn sorted(tags: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    tags.map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// The keys of a mapping whose values we do not keep (templates and parameter mappings can
/// hold secrets), in a stable order.
pub(crate) fn sorted_keys<V>(map: Option<&HashMap<String, V>>) -> Vec<String> {
    let mut keys: Vec<String> = map.into_iter().flatten().map(|(k, _)| k.clone()).collect();
    keys.sort();
    keys
}

#[cfg(test)]
mod policy_tests {
    use super::policy_condition_values;

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*"},{"Effect":"Deny","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringNotEquals":{"aws:sourceVpce":["vpce-2","vpce-1"]},"StringLike":{"aws:SourceVpc":"vpc-*"}}},{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/*","Condition":{"StringEquals":{"aws:SourceVpc":"vpc-9"}}}]}"#;

    #[test]
    fn the_endpoints_and_vpcs_a_policy_names_are_read_whatever_the_operator() {
        assert_eq!(
            policy_condition_values(POLICY, "aws:SourceVpce"),
            vec!["vpce-1", "vpce-2"]
        );
        // A wildcard names no VPC in particular.
        assert_eq!(
            policy_condition_values(POLICY, "aws:SourceVpc"),
            vec!["vpc-9"]
        );
    }

    #[test]
    fn api_gateways_escaped_documents_are_read_and_others_name_nothing() {
        let escaped = POLICY.replace('"', "\\\"").replace('/', "\\/");
        assert_eq!(
            policy_condition_values(&escaped, "aws:SourceVpce"),
            vec!["vpce-1", "vpce-2"]
        );
        assert!(policy_condition_values("not a policy", "aws:SourceVpce").is_empty());
    }
}
