//! What a migration between API Gateway and an Application Load Balancer would lose.
//!
//! The catalogue ([`CATALOGUE`]) is data: one [`Feature`] per code of the report's `gaps[].feature`
//! vocabulary, with the consequence of moving it in every direction. [`detect`] reads the evidence
//! of each feature from a snapshot resource, and [`gaps`] turns that evidence into the gaps of one
//! migration. Both are pure: the same resource always gives the same answer, in the same order.

mod catalogue;
mod detect;
mod labels;
mod limits;
mod markdown;
mod quotas;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Resource, ResourceKind};

pub use catalogue::CATALOGUE;
pub use limits::{
    account_throttle_rps, ALB_DEFAULT_IDLE_TIMEOUT_SECONDS, ALB_LAMBDA_PAYLOAD_MB,
    ALB_RULES_PER_LOAD_BALANCER, ALB_TARGET_GROUPS_PER_LOAD_BALANCER, API_PAYLOAD_MB,
    API_REQUEST_LINE_AND_HEADERS_BYTES, HTTP_API_DEFAULT_TIMEOUT_MS, HTTP_API_MAX_TIMEOUT_MS,
    LAMBDA_SYNC_PAYLOAD_MB, REST_DEFAULT_MAX_TIMEOUT_MS,
};
pub use markdown::catalogue_markdown;
pub use quotas::{quota_input, AppliedQuotas, Quota, QuotaInput, Reading};

/// What a resource could be migrated to. A WebSocket API is only ever a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Alb,
    RestApi,
    HttpApi,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Alb, Target::RestApi, Target::HttpApi];

    pub fn as_str(self) -> &'static str {
        self.kind().as_str()
    }

    /// The resource kind a migration to this target produces.
    pub fn kind(self) -> ResourceKind {
        match self {
            Target::Alb => ResourceKind::Alb,
            Target::RestApi => ResourceKind::RestApi,
            Target::HttpApi => ResourceKind::HttpApi,
        }
    }
}

/// Declared blocker first so that sorting by impact puts blockers first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// The target has no equivalent: the feature is lost, or the design must change.
    Blocker,
    /// The target reaches the same end by a different mechanism or extra work.
    Workaround,
}

impl Impact {
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Blocker => "blocker",
            Impact::Workaround => "workaround",
        }
    }
}

/// The circumstance under which a [`DirectionImpact`] applies. Conditions are facts about the
/// resource (or the caller's [`GapContext`]) that change what a migration costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Always,
    /// The caller keeps the ALB as the API's private-integration target (VPC link V2), and the
    /// ALB forwards to instance or IP targets, so its routing features keep working behind the API.
    AlbKeptBehindApi,
    /// The ALB idle timeout, or the longest integration timeout, exceeds this many milliseconds.
    TimeoutAbove(u64),
    /// The ALB idle timeout is the 60 s AWS default, which says nothing about request durations.
    AlbDefaultIdleTimeout,
    /// Every AWS-service integration of the REST API calls a service that HTTP APIs reach
    /// through a first-class integration subtype.
    AwsServicesHaveHttpSubtype,
    /// A REST method uses a TOKEN-type Lambda authorizer.
    TokenAuthorizer,
    /// An HTTP API Lambda integration uses payload format 2.0.
    PayloadFormat2,
    /// An ALB `jwt-validation` action checks additional claims besides `iss` and `exp`.
    AlbJwtClaimChecks,
    /// An ALB `jwt-validation` action fetches its keys from a JWKS endpoint outside the
    /// issuer's URL, so the issuer may publish no OIDC discovery document.
    AlbJwtBareJwks,
    /// Every long HTTP API integration timeout is the 30 s default, which AWS also reports
    /// where nobody set a timeout.
    HttpDefaultTimeout,
    /// A streamed REST integration invokes a Lambda function.
    StreamsFromLambda,
    /// The ALB stays behind an HTTP API and a rule matches an `X-Forwarded-*` header, which
    /// HTTP APIs rewrite into a `Forwarded` header.
    AlbKeptMatchesForwardedHeaders,
}

impl When {
    /// How the condition reads in the catalogue document; None for [`When::Always`].
    pub fn describe(self) -> Option<String> {
        Some(match self {
            When::Always => return None,
            When::AlbKeptBehindApi => {
                "when the ALB stays behind the API as its private-integration target".to_owned()
            }
            When::TimeoutAbove(ms) => format!("when the timeout exceeds {} s", ms / 1000),
            When::AlbDefaultIdleTimeout => {
                "when the ALB idle timeout is the 60 s default".to_owned()
            }
            When::AwsServicesHaveHttpSubtype => {
                "when every AWS service called has an HTTP API integration subtype".to_owned()
            }
            When::TokenAuthorizer => "when a TOKEN authorizer is used".to_owned(),
            When::PayloadFormat2 => "when a Lambda integration uses payload format 2.0".to_owned(),
            When::AlbJwtClaimChecks => "when the rule checks additional claims".to_owned(),
            When::AlbJwtBareJwks => {
                "when the JWKS endpoint lies outside the issuer's URL".to_owned()
            }
            When::HttpDefaultTimeout => {
                "when the integration keeps the 30 s default timeout".to_owned()
            }
            When::StreamsFromLambda => "when a streamed integration invokes Lambda".to_owned(),
            When::AlbKeptMatchesForwardedHeaders => {
                "when the ALB stays behind an HTTP API and a rule matches an X-Forwarded-* header"
                    .to_owned()
            }
        })
    }

    /// A few words for the summary matrix.
    pub fn short(self) -> Option<String> {
        Some(match self {
            When::Always => return None,
            When::AlbKeptBehindApi => "ALB kept".to_owned(),
            When::TimeoutAbove(ms) => format!("> {} s", ms / 1000),
            When::AlbDefaultIdleTimeout => "default idle".to_owned(),
            When::AwsServicesHaveHttpSubtype => "subtype".to_owned(),
            When::TokenAuthorizer => "TOKEN".to_owned(),
            When::PayloadFormat2 => "payload 2.0".to_owned(),
            When::AlbJwtClaimChecks => "claims".to_owned(),
            When::AlbJwtBareJwks => "bare JWKS".to_owned(),
            When::HttpDefaultTimeout => "default 30 s".to_owned(),
            When::StreamsFromLambda => "Lambda".to_owned(),
            When::AlbKeptMatchesForwardedHeaders => "ALB kept, X-Forwarded-*".to_owned(),
        })
    }
}

/// The consequence of moving a feature from one kind of resource to a target. A direction with
/// no matching entry has a direct equivalent and produces no gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DirectionImpact {
    pub from: ResourceKind,
    pub to: Target,
    pub when: When,
    pub impact: Impact,
    /// One line: what is missing on the target and what replaces it.
    pub reason: &'static str,
    /// The AWS documentation page that shows it.
    pub doc: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Feature {
    /// Kebab-case, never renamed: reports and scripts key on it.
    pub code: &'static str,
    pub description: &'static str,
    /// One sentence: which configuration field puts the feature in use.
    pub detection: &'static str,
    /// Per direction, the entries in the order they are tried: the first whose condition holds
    /// applies, so conditional entries come before the unconditional one.
    pub impacts: &'static [DirectionImpact],
}

impl Feature {
    /// The entry that applies to a migration from `from` to `to` under `holds`, if any.
    fn impact_for(
        &self,
        from: ResourceKind,
        to: Target,
        holds: impl Fn(When) -> bool,
    ) -> Option<&'static DirectionImpact> {
        self.impacts
            .iter()
            .find(|i| i.from == from && i.to == to && holds(i.when))
    }
}

/// The catalogue entry of a code.
pub fn feature(code: &str) -> Option<&'static Feature> {
    CATALOGUE.iter().find(|f| f.code == code)
}

/// One piece of evidence that a feature is in use, naming the configuration that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Detected {
    pub code: &'static str,
    pub detail: String,
}

/// One entry of a report alternative's `gaps[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureGap {
    pub feature: String,
    pub impact: Impact,
    /// The evidence, then why it matters on the target and where AWS documents it.
    pub detail: String,
}

/// Choices of the migration being assessed, and facts of the resource's account × region,
/// that change which gaps apply.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct GapContext {
    /// An ALB replaced by an API keeps serving as the API's private-integration target.
    pub keep_alb_behind_api: bool,
    /// The account's applied quotas in the resource's region, where the snapshot has them.
    #[serde(default)]
    pub quotas: AppliedQuotas,
}

/// Evidence items named in a gap's detail before the rest is only counted: a REST API with
/// hundreds of Lambda methods should not produce a page-long line.
const EVIDENCE_SHOWN: usize = 3;

/// Every feature in use by the resource, grouped by code (codes in alphabetical order, evidence
/// within a code in configuration order), judged against AWS's default quotas.
pub fn detect(resource: &Resource) -> Vec<Detected> {
    detect_in(resource, &AppliedQuotas::DEFAULTS)
}

/// [`detect`] against the quotas of the resource's account and region.
pub fn detect_in(resource: &Resource, applied: &AppliedQuotas) -> Vec<Detected> {
    let q = quota_input(resource, applied);
    let mut found = detect::configuration(resource, q.account_throttle.value);
    found.extend(quotas::detect(resource, &q));
    // Stable: evidence of one code keeps the order in which the configuration lists it.
    found.sort_by_key(|d| d.code);
    found
}

/// The gaps of migrating `resource` to `target`: blockers first, then by code. A resource is
/// never migrated to its own kind, so that question has no gaps.
pub fn gaps(resource: &Resource, target: Target, ctx: &GapContext) -> Vec<FeatureGap> {
    if resource.kind == target.kind() {
        return Vec::new();
    }
    let facts = Facts::of(resource, ctx);
    let mut by_code: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for d in detect_in(resource, &ctx.quotas) {
        by_code.entry(d.code).or_default().push(d.detail);
    }
    let mut out: Vec<FeatureGap> = by_code
        .into_iter()
        .filter_map(|(code, evidence)| {
            let feature = feature(code)?;
            let entry = feature.impact_for(resource.kind, target, |w| facts.holds(w))?;
            Some(FeatureGap {
                feature: code.to_owned(),
                impact: entry.impact,
                detail: format!(
                    "{} — {} ({})",
                    summarise(&evidence),
                    entry.reason,
                    entry.doc
                ),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.impact, &a.feature).cmp(&(b.impact, &b.feature)));
    out
}

fn summarise(evidence: &[String]) -> String {
    let shown = evidence
        .iter()
        .take(EVIDENCE_SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    match evidence.len().saturating_sub(EVIDENCE_SHOWN) {
        0 => shown,
        more => format!("{shown} (and {more} more)"),
    }
}

/// The facts [`When`] conditions are judged on, read once per resource.
struct Facts {
    quota: QuotaInput,
    alb_kept: bool,
    aws_services_have_http_subtype: bool,
    token_authorizer: bool,
    payload_format_2: bool,
    alb_jwt_claim_checks: bool,
    alb_jwt_bare_jwks: bool,
    streams_from_lambda: bool,
    forwarded_header_rules: bool,
}

impl Facts {
    fn of(resource: &Resource, ctx: &GapContext) -> Self {
        Facts {
            quota: quota_input(resource, &ctx.quotas),
            alb_kept: ctx.keep_alb_behind_api && detect::has_vpc_targets(resource),
            aws_services_have_http_subtype: detect::aws_services_have_http_subtype(resource),
            token_authorizer: detect::uses_token_authorizer(resource),
            payload_format_2: detect::uses_payload_format_2(resource),
            alb_jwt_claim_checks: detect::alb_jwt_checks_claims(resource),
            alb_jwt_bare_jwks: detect::alb_jwt_has_bare_jwks(resource),
            streams_from_lambda: detect::streams_from_lambda(resource),
            forwarded_header_rules: ctx.keep_alb_behind_api
                && detect::has_vpc_targets(resource)
                && detect::matches_forwarded_headers(resource),
        }
    }

    fn holds(&self, when: When) -> bool {
        match when {
            When::Always => true,
            When::AlbKeptBehindApi => self.alb_kept,
            When::TimeoutAbove(ms) => self.quota.longest_timeout_ms.is_some_and(|t| t > ms),
            When::AlbDefaultIdleTimeout => self.quota.idle_timeout_is_default,
            When::AwsServicesHaveHttpSubtype => self.aws_services_have_http_subtype,
            When::TokenAuthorizer => self.token_authorizer,
            When::PayloadFormat2 => self.payload_format_2,
            When::AlbJwtClaimChecks => self.alb_jwt_claim_checks,
            When::AlbJwtBareJwks => self.alb_jwt_bare_jwks,
            When::HttpDefaultTimeout => {
                self.quota.longest_timeout_ms == Some(HTTP_API_DEFAULT_TIMEOUT_MS)
            }
            When::StreamsFromLambda => self.streams_from_lambda,
            When::AlbKeptMatchesForwardedHeaders => self.forwarded_header_rules,
        }
    }
}
