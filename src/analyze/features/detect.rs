//! Evidence of each feature in a resource's configuration, worded so that a reader can find the
//! listener rule, method, route or stage that shows it.

use std::collections::BTreeMap;

use crate::model::{
    Alb, Condition, Integration, Listener, Resource, ResourceConfig, ResourceKind, RestApi, Rule,
    V2Api,
};

use super::labels::{rest_methods, v2_integration_label};
use super::Detected;

mod alb;
mod rest;
mod v2;

use alb::*;
pub(super) use alb::{
    alb_jwt_checks_claims, alb_jwt_has_bare_jwks, has_vpc_targets, matches_forwarded_headers,
};
use rest::*;
pub(super) use rest::{
    aws_services_have_http_subtype, streams_from_lambda, uses_payload_format_2,
    uses_token_authorizer,
};
use v2::*;

/// The actions an HTTP API reaches through a first-class integration subtype, by the service
/// name a REST `AWS` integration URI uses (integration subtype reference:
/// https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-aws-services-reference.html).
const HTTP_SUBTYPE_ACTIONS: &[(&str, &[&str])] = &[
    ("appconfig", &["GetConfiguration"]),
    ("events", &["PutEvents"]),
    ("kinesis", &["PutRecord"]),
    (
        "sqs",
        &[
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "PurgeQueue",
        ],
    ),
    (
        "states",
        &["StartExecution", "StartSyncExecution", "StopExecution"],
    ),
];

/// Request headers an HTTP API does not pass on as sent: it rewrites them into a `Forwarded`
/// header, so ALB rules behind it that match them see other values.
const FORWARDED_HEADERS: &[&str] = &["x-forwarded-for", "x-forwarded-proto", "x-forwarded-port"];

/// What makes an ALB security policy stricter than anything an HTTP API offers (TLS_1_2 only):
/// TLS 1.3 only, FIPS ciphers, or hybrid post-quantum key exchange
/// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
fn alb_policy_traits(policy: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if policy.contains("TLS13-1-3") {
        out.push("TLS 1.3 only");
    }
    if policy.contains("FIPS") {
        out.push("FIPS");
    }
    if policy.contains("-PQ-") {
        out.push("post-quantum");
    }
    out
}

/// API Gateway's enhanced security policies (`SecurityPolicy_*`): REST only, and they rule out
/// mutual TLS on the domain
/// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html).
fn is_enhanced_policy(policy: &str) -> bool {
    policy.starts_with("SecurityPolicy_")
}

/// The account's default burst goes with its default rate (5,000 for 10,000 requests/s, 1,250
/// for 2,500). Stages report these defaults in their settings even when nobody set a limit, so
/// only a lower value is evidence of throttling.
fn default_burst(rate: f64) -> i32 {
    (rate / 2.0) as i32
}

/// The features the configuration shows. `account_rps` is the account's API Gateway throttle
/// in the resource's region, which stages report as their limit when nobody set one.
pub(super) fn configuration(resource: &Resource, account_rps: f64) -> Vec<Detected> {
    let mut out = Finder::default();
    match &resource.config {
        ResourceConfig::Alb(alb) => alb_features(alb, &mut out),
        ResourceConfig::RestApi(api) => rest_features(api, account_rps, &mut out),
        ResourceConfig::V2Api(api) if resource.kind == ResourceKind::WebsocketApi => {
            websocket_features(api, account_rps, &mut out)
        }
        ResourceConfig::V2Api(api) => http_features(api, account_rps, &mut out),
    }
    out.0
}

#[derive(Default)]
struct Finder(Vec<Detected>);

impl Finder {
    fn found(&mut self, code: &'static str, detail: impl Into<String>) {
        self.0.push(Detected {
            code,
            detail: detail.into(),
        });
    }
}
