//! HTTP and WebSocket APIs (API Gateway v2): APIs, routes, integrations, the authorizers the
//! routes use, stages, custom domains with their API mappings, and VPC links.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_apigatewayv2 as apigw2;
use futures::{stream, StreamExt};

use super::apigateway::{sorted, sorted_keys};
use super::ctx::{pages, Ctx};
use super::registry::Op;
use crate::model::{
    Authorizer, Cors, CustomDomain, Integration, PortalListing, Route, V2Api, V2Stage, VpcLink,
};

/// apigatewayv2 list calls take MaxResults as a string; 500 is the largest AWS accepts.
const MAX_RESULTS: &str = "500";

pub async fn collect(ctx: &Ctx, client: &apigw2::Client, concurrency: usize) -> Vec<V2Api> {
    let Some(apis) = ctx
        .paginate(
            Op::Apigw2GetApis,
            None,
            pages!(
                |t| client.get_apis().max_results(MAX_RESULTS).set_next_token(t),
                items,
                next_token
            ),
        )
        .await
    else {
        return Vec::new();
    };
    if apis.is_empty() {
        return Vec::new();
    }
    let vpc_links = vpc_links(ctx, client).await;
    let mut out: Vec<V2Api> = stream::iter(apis.iter())
        .map(|api| describe_api(ctx, client, api))
        .buffered(concurrency)
        .collect()
        .await;
    for api in &mut out {
        let used: Vec<&str> = api
            .integrations
            .iter()
            .filter_map(|i| i.connection_id.as_deref())
            .collect();
        api.vpc_links = vpc_links
            .iter()
            .filter(|l| used.contains(&l.id.as_str()))
            .cloned()
            .collect();
    }
    out
}

async fn describe_api(ctx: &Ctx, client: &apigw2::Client, api: &apigw2::types::Api) -> V2Api {
    let id = api.api_id().unwrap_or_default();
    let routes: Vec<Route> = ctx
        .paginate(
            Op::Apigw2GetRoutes,
            Some(id),
            pages!(
                |t| client
                    .get_routes()
                    .api_id(id)
                    .max_results(MAX_RESULTS)
                    .set_next_token(t),
                items,
                next_token
            ),
        )
        .await
        .unwrap_or_default()
        .iter()
        .map(|r| Route {
            id: r.route_id().unwrap_or_default().to_owned(),
            route_key: r.route_key().unwrap_or_default().to_owned(),
            authorization_type: r
                .authorization_type()
                .map(|a| a.as_str().to_owned())
                .unwrap_or_else(|| "NONE".to_owned()),
            authorizer_id: r.authorizer_id().map(str::to_owned),
            api_key_required: r.api_key_required().unwrap_or(false),
            target: r.target().map(str::to_owned),
        })
        .collect();
    let integrations = ctx
        .paginate(
            Op::Apigw2GetIntegrations,
            Some(id),
            pages!(
                |t| client
                    .get_integrations()
                    .api_id(id)
                    .max_results(MAX_RESULTS)
                    .set_next_token(t),
                items,
                next_token
            ),
        )
        .await
        .unwrap_or_default()
        .iter()
        .map(integration_from_sdk)
        .collect();
    let stages = ctx
        .paginate(
            Op::Apigw2GetStages,
            Some(id),
            pages!(
                |t| client
                    .get_stages()
                    .api_id(id)
                    .max_results(MAX_RESULTS)
                    .set_next_token(t),
                items,
                next_token
            ),
        )
        .await
        .unwrap_or_default()
        .iter()
        .map(|s| {
            let defaults = s.default_route_settings();
            V2Stage {
                name: s.stage_name().unwrap_or_default().to_owned(),
                auto_deploy: s.auto_deploy().unwrap_or(false),
                throttling_rate_limit: defaults.and_then(|d| d.throttling_rate_limit()),
                throttling_burst_limit: defaults.and_then(|d| d.throttling_burst_limit()),
                access_log_destination: s
                    .access_log_settings()
                    .and_then(|a| a.destination_arn())
                    .map(str::to_owned),
                client_certificate_id: s.client_certificate_id().map(str::to_owned),
            }
        })
        .collect();
    let authorizers = authorizers(ctx, client, id, &routes).await;
    V2Api {
        id: id.to_owned(),
        name: api.name().unwrap_or_default().to_owned(),
        protocol_type: api
            .protocol_type()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
        api_endpoint: api.api_endpoint().map(str::to_owned),
        route_selection_expression: api.route_selection_expression().map(str::to_owned),
        api_key_selection_expression: api.api_key_selection_expression().map(str::to_owned),
        cors: api.cors_configuration().map(|c| Cors {
            allow_origins: c.allow_origins().to_vec(),
            allow_methods: c.allow_methods().to_vec(),
        }),
        disable_execute_api_endpoint: api.disable_execute_api_endpoint().unwrap_or(false),
        tags: sorted(api.tags()),
        routes,
        integrations,
        authorizers,
        stages,
        custom_domains: Vec::new(),
        vpc_links: Vec::new(),
    }
}

/// Reads each authorizer the routes reference, one GetAuthorizer each: the routes name every
/// authorizer that matters, and the emulator our tests use has no GetAuthorizers list.
async fn authorizers(
    ctx: &Ctx,
    client: &apigw2::Client,
    api_id: &str,
    routes: &[Route],
) -> Vec<Authorizer> {
    let mut ids: Vec<&str> = routes
        .iter()
        .filter_map(|r| r.authorizer_id.as_deref())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for auth_id in ids {
        let got = ctx
            .call(
                Op::Apigw2GetAuthorizer,
                Some(api_id),
                client
                    .get_authorizer()
                    .api_id(api_id)
                    .authorizer_id(auth_id)
                    .send(),
            )
            .await;
        if let Some(a) = got {
            out.push(Authorizer {
                id: a.authorizer_id().unwrap_or(auth_id).to_owned(),
                name: a.name().unwrap_or_default().to_owned(),
                kind: a
                    .authorizer_type()
                    .map(|t| t.as_str().to_owned())
                    .unwrap_or_default(),
                jwt_issuer: a
                    .jwt_configuration()
                    .and_then(|j| j.issuer())
                    .map(str::to_owned),
            });
        }
    }
    out
}

fn integration_from_sdk(i: &apigw2::types::Integration) -> Integration {
    Integration {
        id: i.integration_id().unwrap_or_default().to_owned(),
        kind: i
            .integration_type()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default(),
        subtype: i.integration_subtype().map(str::to_owned),
        connection_type: i.connection_type().map(|c| c.as_str().to_owned()),
        connection_id: i.connection_id().map(str::to_owned),
        uri: i.integration_uri().map(str::to_owned),
        integration_target: None,
        timeout_ms: i.timeout_in_millis(),
        request_templates: sorted_keys(i.request_templates()),
        has_response_templates: false,
        request_parameters: sorted_keys(i.request_parameters()),
        payload_format_version: i.payload_format_version().map(str::to_owned),
        response_transfer_mode: None,
    }
}

/// Custom domains (apigatewayv2 lists REST and HTTP domains alike) and their API mappings,
/// keyed by the mapped API's id.
pub async fn custom_domains(
    ctx: &Ctx,
    client: &apigw2::Client,
    concurrency: usize,
) -> HashMap<String, Vec<CustomDomain>> {
    let domains = ctx
        .paginate(
            Op::Apigw2GetDomainNames,
            None,
            pages!(
                |t| client
                    .get_domain_names()
                    .max_results(MAX_RESULTS)
                    .set_next_token(t),
                items,
                next_token
            ),
        )
        .await
        .unwrap_or_default();
    let mappings: Vec<Vec<apigw2::types::ApiMapping>> = stream::iter(domains.iter())
        .map(|d| {
            let name = d.domain_name().unwrap_or_default();
            ctx.paginate(
                Op::Apigw2GetApiMappings,
                Some(name),
                pages!(
                    |t| client
                        .get_api_mappings()
                        .domain_name(name)
                        .max_results(MAX_RESULTS)
                        .set_next_token(t),
                    items,
                    next_token
                ),
            )
        })
        .buffered(concurrency)
        .map(Option::unwrap_or_default)
        .collect()
        .await;
    // A REST domain in a routing-rules mode reaches its APIs through rules, with or without
    // mappings: only such domains are asked for their rules.
    let rules: Vec<Vec<apigw2::types::RoutingRule>> = stream::iter(domains.iter())
        .map(|d| async move {
            let name = d.domain_name().unwrap_or_default();
            if !uses_routing_rules(d) {
                return Vec::new();
            }
            ctx.paginate(
                Op::Apigw2ListRoutingRules,
                Some(name),
                pages!(
                    |t| client
                        .list_routing_rules()
                        .domain_name(name)
                        .set_next_token(t),
                    routing_rules,
                    next_token
                ),
            )
            .await
            .unwrap_or_default()
        })
        .buffered(concurrency)
        .collect()
        .await;
    let mut by_api: HashMap<String, Vec<CustomDomain>> = HashMap::new();
    for ((d, maps), rules) in domains.iter().zip(mappings).zip(rules) {
        let mut stages_by_api: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for m in &maps {
            if let Some(api) = m.api_id() {
                stages_by_api
                    .entry(api)
                    .or_default()
                    .push(m.stage().unwrap_or_default().to_owned());
            }
        }
        for invoke in rules
            .iter()
            .flat_map(|r| r.actions())
            .filter_map(|a| a.invoke_api())
        {
            if let Some(api) = invoke.api_id() {
                let stages = stages_by_api.entry(api).or_default();
                let stage = invoke.stage().unwrap_or_default().to_owned();
                if !stages.contains(&stage) {
                    stages.push(stage);
                }
            }
        }
        for (api, stages) in stages_by_api {
            by_api
                .entry(api.to_owned())
                .or_default()
                .push(CustomDomain {
                    domain_name: d.domain_name().unwrap_or_default().to_owned(),
                    endpoint_types: d
                        .domain_name_configurations()
                        .iter()
                        .filter_map(|c| c.endpoint_type().map(|t| t.as_str().to_owned()))
                        .collect(),
                    mtls_truststore_uri: d
                        .mutual_tls_authentication()
                        .and_then(|m| m.truststore_uri())
                        .filter(|u| !u.is_empty())
                        .map(str::to_owned),
                    stages,
                    // HTTP and WebSocket APIs support TLS_1_2 only; the REST collector records
                    // REST domains' policies.
                    security_policy: None,
                    routing_mode: d.routing_mode().map(|m| m.as_str().to_owned()),
                });
        }
    }
    by_api
}

/// The API Gateway portals of the region that publish REST API endpoints, keyed by REST API id
/// (<https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-portals.html>):
/// the portals, the portal products, and the product REST endpoint pages of each listed product
/// a portal includes, which name the REST API and stage. A product a portal includes that
/// ListPortalProducts does not list (one another account shares) holds that account's APIs and
/// is not read. A portal holds only REST APIs of its own Region, so the caller asks only where
/// the region has a REST API. A failed read is a coverage gap, and the APIs it would have named
/// show no portal.
pub async fn portals(
    ctx: &Ctx,
    client: &apigw2::Client,
    concurrency: usize,
) -> HashMap<String, Vec<PortalListing>> {
    let mut by_api: HashMap<String, Vec<PortalListing>> = HashMap::new();
    let Some(portals) = ctx
        .paginate(
            Op::Apigw2ListPortals,
            None,
            pages!(
                |t| client.list_portals().set_next_token(t),
                items,
                next_token
            ),
        )
        .await
    else {
        return by_api;
    };
    if portals
        .iter()
        .all(|p| p.included_portal_product_arns().is_empty())
    {
        return by_api;
    }
    let Some(products) = ctx
        .paginate(
            Op::Apigw2ListPortalProducts,
            None,
            pages!(
                |t| client.list_portal_products().set_next_token(t),
                items,
                next_token
            ),
        )
        .await
    else {
        return by_api;
    };
    let included = |arn: &str| {
        portals
            .iter()
            .any(|p| p.included_portal_product_arns().iter().any(|a| a == arn))
    };
    let listed: Vec<(&str, &str)> = products
        .iter()
        .filter_map(|p| Some((p.portal_product_arn()?, p.portal_product_id()?)))
        .filter(|(arn, _)| included(arn))
        .collect();
    let pages: Vec<Vec<apigw2::types::ProductRestEndpointPageSummaryNoBody>> =
        stream::iter(listed.iter())
            .map(|(_, id)| {
                ctx.paginate(
                    Op::Apigw2ListProductRestEndpointPages,
                    Some(id),
                    pages!(
                        |t| client
                            .list_product_rest_endpoint_pages()
                            .portal_product_id(*id)
                            .set_next_token(t),
                        items,
                        next_token
                    ),
                )
            })
            .buffered(concurrency)
            .map(Option::unwrap_or_default)
            .collect()
            .await;
    // (REST API id, stage) of every endpoint each product publishes.
    let endpoints: HashMap<&str, Vec<(&str, &str)>> = listed
        .iter()
        .zip(&pages)
        .map(|((arn, _), pages)| {
            let parts = pages
                .iter()
                .filter_map(|p| p.rest_endpoint_identifier()?.identifier_parts())
                .filter_map(|i| Some((i.rest_api_id()?, i.stage()?)))
                .collect();
            (*arn, parts)
        })
        .collect();
    for portal in &portals {
        let mut stages_by_api: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (api, stage) in portal
            .included_portal_product_arns()
            .iter()
            .filter_map(|arn| endpoints.get(arn.as_str()))
            .flatten()
        {
            stages_by_api
                .entry(api)
                .or_default()
                .push((*stage).to_owned());
        }
        for (api, mut stages) in stages_by_api {
            stages.sort_unstable();
            stages.dedup();
            by_api
                .entry(api.to_owned())
                .or_default()
                .push(PortalListing {
                    portal_id: portal.portal_id().unwrap_or_default().to_owned(),
                    name: portal
                        .portal_content()
                        .and_then(|c| c.display_name())
                        .unwrap_or_default()
                        .to_owned(),
                    stages,
                });
        }
    }
    for listings in by_api.values_mut() {
        listings.sort_by(|a, b| a.portal_id.cmp(&b.portal_id));
    }
    by_api
}

/// `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_BASE_PATH_MAPPING`
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-routing-mode.html).
fn uses_routing_rules(d: &apigw2::types::DomainName) -> bool {
    d.routing_mode()
        .is_some_and(|m| m.as_str().starts_with("ROUTING_RULE"))
}

async fn vpc_links(ctx: &Ctx, client: &apigw2::Client) -> Vec<VpcLink> {
    ctx.paginate(
        Op::Apigw2GetVpcLinks,
        None,
        pages!(
            |t| client
                .get_vpc_links()
                .max_results(MAX_RESULTS)
                .set_next_token(t),
            items,
            next_token
        ),
    )
    .await
    .unwrap_or_default()
    .iter()
    .map(|l| VpcLink {
        id: l.vpc_link_id().unwrap_or_default().to_owned(),
        name: l.name().unwrap_or_default().to_owned(),
        target_arns: Vec::new(),
    })
    .collect()
}
