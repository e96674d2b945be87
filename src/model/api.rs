use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A REST API (API Gateway v1) and what is attached to it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RestApi {
    pub id: String,
    pub name: String,
    /// `EDGE`, `REGIONAL`, `PRIVATE`.
    pub endpoint_types: Vec<String>,
    /// Kept as a flag, not the document: a policy names principals we have no need to copy.
    pub has_resource_policy: bool,
    pub api_key_source: Option<String>,
    pub disable_execute_api_endpoint: bool,
    pub tags: BTreeMap<String, String>,
    pub stages: Vec<RestStage>,
    pub resources: Vec<RestResource>,
    pub authorizers: Vec<Authorizer>,
    pub request_validators: Vec<String>,
    /// Usage plans with a stage of this API.
    pub usage_plans: Vec<UsagePlan>,
    pub custom_domains: Vec<CustomDomain>,
    /// VPC links its integrations use.
    pub vpc_links: Vec<VpcLink>,
    /// Responses larger than this many bytes are compressed when the client accepts it; None
    /// when compression is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_compression_size: Option<i32>,
    /// `TLS_1_0`, `TLS_1_2` (legacy) or an enhanced `SecurityPolicy_*` policy of the API itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_policy: Option<String>,
    /// Private APIs: `endpointConfiguration.vpcEndpointIds`, the interface endpoints the API
    /// is associated with (its Route 53 alias names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vpc_endpoint_ids: Vec<String>,
    /// The values of `aws:SourceVpce` conditions in the resource policy (endpoints the policy
    /// is about); only these are kept of the document.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_source_vpces: Vec<String>,
    /// The values of `aws:SourceVpc` conditions in the resource policy.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub policy_source_vpcs: Vec<String>,
    /// The API Gateway portals whose products publish endpoints of this API (product REST
    /// endpoint pages), read only in a region that has a REST API; empty when none does or the
    /// portals could not be read (a coverage gap says which).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub portals: Vec<PortalListing>,
}

/// An API Gateway portal that publishes endpoints of a REST API
/// (<https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-portals.html>).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PortalListing {
    pub portal_id: String,
    /// The portal's display name.
    pub name: String,
    /// The API's stages whose endpoints the portal's products publish, sorted, each once.
    pub stages: Vec<String>,
}

impl RestApi {
    /// A private API (endpoint type `PRIVATE`): reached only through an `execute-api`
    /// interface VPC endpoint.
    pub fn is_private(&self) -> bool {
        self.endpoint_types.iter().any(|t| t == "PRIVATE")
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RestStage {
    pub name: String,
    pub deployment_id: Option<String>,
    pub cache_cluster_enabled: bool,
    /// The size AWS reports, in GB, as a string ("0.5", "1.6", ..., "237").
    pub cache_cluster_size: Option<String>,
    pub tracing_enabled: bool,
    /// Percent of traffic sent to the canary, when a canary is configured.
    pub canary_percent: Option<f64>,
    pub web_acl_arn: Option<String>,
    pub client_certificate_id: Option<String>,
    /// methodSettings keyed as AWS keys them (`*/*`, `/pets/GET`).
    pub method_settings: BTreeMap<String, MethodSetting>,
    /// CloudWatch Logs group or Firehose stream ARN of the stage's access logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log_destination: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct MethodSetting {
    pub caching_enabled: bool,
    pub throttling_rate_limit: Option<f64>,
    pub throttling_burst_limit: Option<i32>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RestResource {
    pub id: String,
    pub path: String,
    pub methods: Vec<RestMethod>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct RestMethod {
    pub http_method: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM`, `COGNITO_USER_POOLS`, `JWT`.
    pub authorization_type: String,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
    pub request_validator_id: Option<String>,
    pub integration: Option<Integration>,
}

/// An integration of any API type. REST uses `AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`, `MOCK`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Integration {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// HTTP API AWS-service integrations (`SQS-SendMessage`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// `INTERNET` or `VPC_LINK`.
    pub connection_type: Option<String>,
    pub connection_id: Option<String>,
    pub uri: Option<String>,
    /// REST private integrations through a VPC link V2 name the ALB here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration_target: Option<String>,
    pub timeout_ms: Option<i32>,
    /// Content types with a request template.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_templates: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub has_response_templates: bool,
    /// Parameter mapping keys (values are dropped: they can hold secrets).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_parameters: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_format_version: Option<String>,
    /// REST proxy integrations: `BUFFERED` (the default) or `STREAM`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_transfer_mode: Option<String>,
}

impl Integration {
    /// Lambda is reached through `AWS_PROXY`/`AWS` with a `lambda` URI.
    pub fn is_lambda(&self) -> bool {
        matches!(self.kind.as_str(), "AWS_PROXY" | "AWS")
            && self.subtype.is_none()
            && self
                .uri
                .as_deref()
                .is_some_and(|u| u.contains(":lambda:") || u.contains("function:"))
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Authorizer {
    pub id: String,
    pub name: String,
    /// REST: `TOKEN`, `REQUEST`, `COGNITO_USER_POOLS`, `JWT`; v2: `JWT`, `REQUEST`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jwt_issuer: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UsagePlan {
    pub id: String,
    pub name: String,
    /// Stages of this API the plan covers.
    pub stages: Vec<String>,
    pub has_throttle: bool,
    pub has_quota: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct CustomDomain {
    pub domain_name: String,
    pub endpoint_types: Vec<String>,
    /// S3 URI of the truststore when the domain verifies client certificates.
    pub mtls_truststore_uri: Option<String>,
    /// Stages of this API mapped on the domain.
    pub stages: Vec<String>,
    /// REST domains: `TLS_1_0`, `TLS_1_2` or an enhanced `SecurityPolicy_*` policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_policy: Option<String>,
    /// `BASE_PATH_MAPPING_ONLY`, `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_BASE_PATH_MAPPING`
    /// (the v2 API says `API_MAPPING_ONLY`, `ROUTING_RULE_THEN_API_MAPPING`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing_mode: Option<String>,
}

/// An HTTP or WebSocket API (API Gateway v2).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct V2Api {
    pub id: String,
    pub name: String,
    /// `HTTP` or `WEBSOCKET`.
    pub protocol_type: String,
    pub api_endpoint: Option<String>,
    pub route_selection_expression: Option<String>,
    pub api_key_selection_expression: Option<String>,
    pub cors: Option<Cors>,
    pub disable_execute_api_endpoint: bool,
    pub tags: BTreeMap<String, String>,
    pub routes: Vec<Route>,
    pub integrations: Vec<Integration>,
    pub authorizers: Vec<Authorizer>,
    pub stages: Vec<V2Stage>,
    pub custom_domains: Vec<CustomDomain>,
    /// VPC links its integrations use.
    pub vpc_links: Vec<VpcLink>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Cors {
    pub allow_origins: Vec<String>,
    pub allow_methods: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Route {
    pub id: String,
    pub route_key: String,
    /// `NONE`, `AWS_IAM`, `CUSTOM`, `JWT`.
    pub authorization_type: String,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
    /// `integrations/ID` when the route has an integration.
    pub target: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct V2Stage {
    pub name: String,
    pub auto_deploy: bool,
    pub throttling_rate_limit: Option<f64>,
    pub throttling_burst_limit: Option<i32>,
    pub access_log_destination: Option<String>,
    pub client_certificate_id: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct VpcLink {
    pub id: String,
    pub name: String,
    /// V1 (REST) links name their NLBs; V2 links have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_arns: Vec<String>,
}

impl RestApi {
    /// Resource × method pairs: the routes an ALB would need a listener rule for.
    pub fn method_count(&self) -> usize {
        self.resources.iter().map(|r| r.methods.len()).sum()
    }

    /// A stage or method setting that names a throttle rate or burst.
    pub fn sets_throttling(&self) -> bool {
        self.stages.iter().any(|s| {
            s.method_settings
                .values()
                .any(|m| m.throttling_rate_limit.is_some() || m.throttling_burst_limit.is_some())
        })
    }
}

impl V2Api {
    /// Route keys other than `$default`, which an ALB serves with its listener's default rule.
    pub fn routes_besides_default(&self) -> usize {
        self.routes
            .iter()
            .filter(|r| r.route_key != "$default")
            .count()
    }

    /// A stage that names a throttle rate or burst.
    pub fn sets_throttling(&self) -> bool {
        self.stages
            .iter()
            .any(|s| s.throttling_rate_limit.is_some() || s.throttling_burst_limit.is_some())
    }
}
