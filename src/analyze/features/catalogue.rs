//! The feature catalogue as data. Impacts follow the detection map of the shared reference
//! (features.md, section 3); where keeping the ALB behind the API as its private-integration
//! target preserves an ALB-only feature, a conditional workaround precedes the blocker.

use crate::model::ResourceKind;

use super::{DirectionImpact, Feature, Impact, Target, When};

macro_rules! apigw {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/apigateway/latest/developerguide/",
            $page
        )
    };
}

macro_rules! elb {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/",
            $page
        )
    };
}

macro_rules! waf {
    ($page:literal) => {
        concat!(
            "https://docs.aws.amazon.com/waf/latest/developerguide/",
            $page
        )
    };
}

const ALB: ResourceKind = ResourceKind::Alb;
const REST: ResourceKind = ResourceKind::RestApi;
const HTTP: ResourceKind = ResourceKind::HttpApi;
const WS: ResourceKind = ResourceKind::WebsocketApi;

const TO_ALB: Target = Target::Alb;
const TO_REST: Target = Target::RestApi;
const TO_HTTP: Target = Target::HttpApi;

const fn entry(
    from: ResourceKind,
    to: Target,
    when: When,
    impact: Impact,
    reason: &'static str,
    doc: &'static str,
) -> DirectionImpact {
    DirectionImpact {
        from,
        to,
        when,
        impact,
        reason,
        doc,
    }
}

const fn b(
    from: ResourceKind,
    to: Target,
    reason: &'static str,
    doc: &'static str,
) -> DirectionImpact {
    entry(from, to, When::Always, Impact::Blocker, reason, doc)
}

const fn w(
    from: ResourceKind,
    to: Target,
    reason: &'static str,
    doc: &'static str,
) -> DirectionImpact {
    entry(from, to, When::Always, Impact::Workaround, reason, doc)
}

/// The workaround that applies instead of a blocker when the ALB stays behind the API.
const fn kept(to: Target, reason: &'static str, doc: &'static str) -> DirectionImpact {
    entry(
        ALB,
        to,
        When::AlbKeptBehindApi,
        Impact::Workaround,
        reason,
        doc,
    )
}

const KEPT_HTTP_DOC: &str = apigw!("http-api-develop-integrations-private.html");
const KEPT_REST_DOC: &str = apigw!("private-integration.html");

pub static CATALOGUE: &[Feature] = &[
    Feature {
        code: "host-based-routing",
        description: "Routing on the request's host name.",
        detection: "An ALB listener rule has a `host-header` condition.",
        impacts: &[
            w(ALB, TO_REST, "A REST API routes by host name only through a custom domain and base-path mapping per host; a wildcard domain (*.example.com) covers one level of subdomains, but other wildcard forms and regex hosts have no counterpart.", apigw!("how-to-custom-domains.html")),
            w(ALB, TO_HTTP, "An HTTP API routes by host name only through a custom domain and API mapping per host; a wildcard domain (*.example.com) covers one level of subdomains, but other wildcard forms and regex hosts have no counterpart.", apigw!("http-api-custom-domain-names.html")),
        ],
    },
    Feature {
        code: "header-routing",
        description: "Routing on the value of a request header.",
        detection: "An ALB listener rule has an `http-header` condition.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind a VPC link V2 still routes on the headers the API forwards to it.", KEPT_REST_DOC),
            w(ALB, TO_REST, "REST custom-domain routing rules match at most two headers and a base path, and can only pick a whole REST API stage.", apigw!("rest-api-routing-rules.html")),
            entry(ALB, TO_HTTP, When::AlbKeptMatchesForwardedHeaders, Impact::Workaround, "The ALB kept behind the API still routes on headers, but the X-Forwarded-* values it sees now describe the API's connection, not the client's, and an HTTP API cannot set them: Forwarded and X-Forwarded-For, -Host and -Proto are reserved headers. Match a header that a parameter mapping fills from $context.identity.sourceIp instead.", apigw!("http-api-parameter-mapping.html")),
            kept(TO_HTTP, "The ALB kept behind a VPC link V2 still routes on the headers the API forwards to it.", KEPT_HTTP_DOC),
            b(ALB, TO_HTTP, "HTTP API routes match method and path only: requests cannot be routed on headers.", apigw!("http-api-develop-routes.html")),
        ],
    },
    Feature {
        code: "query-string-routing",
        description: "Routing on query-string keys or values.",
        detection: "An ALB listener rule has a `query-string` condition.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind a VPC link V2 still routes on the query strings the API forwards to it.", KEPT_REST_DOC),
            b(ALB, TO_REST, "REST APIs route on resource paths and methods (routing rules on headers and base paths), never on query strings.", apigw!("rest-api-routing-rules.html")),
            kept(TO_HTTP, "The ALB kept behind a VPC link V2 still routes on the query strings the API forwards to it.", KEPT_HTTP_DOC),
            b(ALB, TO_HTTP, "HTTP API routes match method and path only: requests cannot be routed on query strings.", apigw!("http-api-develop-routes.html")),
        ],
    },
    Feature {
        code: "source-ip-routing",
        description: "Routing on the client's IP address.",
        detection: "An ALB listener rule has a `source-ip` condition.",
        impacts: &[
            b(ALB, TO_REST, "REST resource policies can deny by aws:SourceIp but not route on it; an ALB kept behind a VPC link sees the link's addresses, not the client's.", apigw!("apigateway-resource-policies.html")),
            b(ALB, TO_HTTP, "HTTP APIs cannot route on the client address; an ALB kept behind a VPC link sees the link's addresses, not the client's.", elb!("rule-condition-types.html")),
        ],
    },
    Feature {
        code: "weighted-target-groups",
        description: "One rule splitting traffic over several weighted target groups (blue/green, canary).",
        detection: "An ALB `forward` action lists more than one target group with a non-zero weight.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind a VPC link V2 keeps splitting traffic over its weighted target groups.", KEPT_REST_DOC),
            w(ALB, TO_REST, "REST canary releases split a whole stage between two deployments, not one route between backends.", apigw!("canary-release.html")),
            kept(TO_HTTP, "The ALB kept behind a VPC link V2 keeps splitting traffic over its weighted target groups.", KEPT_HTTP_DOC),
            b(ALB, TO_HTTP, "HTTP APIs have neither weighted integrations nor canary releases.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "oidc-authentication",
        description: "Browser sign-in handled by the load balancer (redirect to the identity provider, session cookie, user claims in headers).",
        detection: "An ALB listener rule has an `authenticate-oidc` or `authenticate-cognito` action.",
        impacts: &[
            b(ALB, TO_REST, "API Gateway has no sign-in flow: clients must obtain tokens themselves for a JWT, Cognito or Lambda authorizer, and the x-amzn-oidc-* headers disappear.", apigw!("rest-api-jwt-authorizer.html")),
            b(ALB, TO_HTTP, "API Gateway has no sign-in flow: clients must obtain tokens themselves for a JWT authorizer, and the x-amzn-oidc-* headers disappear.", apigw!("http-api-jwt-authorizer.html")),
        ],
    },
    Feature {
        code: "jwt-validation",
        description: "Bearer-token (JWT) verification by the load balancer.",
        detection: "An ALB listener rule has a `jwt-validation` action.",
        impacts: &[
            entry(ALB, TO_REST, When::AlbJwtBareJwks, Impact::Workaround, "A REST JWT authorizer finds the keys through the issuer's OIDC discovery document, which must be public: an issuer with only a bare JWKS endpoint needs a Lambda authorizer.", apigw!("rest-api-jwt-authorizer-create.html")),
            entry(ALB, TO_HTTP, When::AlbJwtClaimChecks, Impact::Workaround, "An HTTP API JWT authorizer checks the issuer, audience or client_id, expiry and route scopes, but no other claims: the rule's additional claim checks move to a Lambda authorizer or the backend.", apigw!("http-api-jwt-authorizer.html")),
            entry(ALB, TO_HTTP, When::AlbJwtBareJwks, Impact::Workaround, "An HTTP API JWT authorizer finds the keys through the issuer's OIDC discovery document and needs an audience: an issuer with only a bare JWKS endpoint needs a Lambda authorizer.", apigw!("http-api-jwt-authorizer.html")),
        ],
    },
    Feature {
        code: "fixed-response",
        description: "Static responses returned by the load balancer without a backend.",
        detection: "An ALB listener rule has a `fixed-response` action.",
        impacts: &[
            kept(TO_HTTP, "The ALB kept behind the API keeps returning its fixed responses through the VPC link.", KEPT_HTTP_DOC),
            w(ALB, TO_HTTP, "HTTP APIs have no mock integration: a static response needs a Lambda integration (unmatched routes get API Gateway's own 404).", apigw!("http-api-develop-integrations.html")),
        ],
    },
    Feature {
        code: "redirect",
        description: "Redirect responses returned by the load balancer.",
        detection: "An ALB listener rule has a `redirect` action.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind the API keeps returning its redirects through the VPC link.", KEPT_REST_DOC),
            w(ALB, TO_REST, "A REST API redirects through a MOCK integration that maps a Location header; an HTTP-to-HTTPS redirect has no counterpart, as API Gateway serves HTTPS only.", apigw!("how-to-mock-integration.html")),
            kept(TO_HTTP, "The ALB kept behind the API keeps returning its redirects through the VPC link.", KEPT_HTTP_DOC),
            w(ALB, TO_HTTP, "An HTTP API redirects only through a Lambda integration; an HTTP-to-HTTPS redirect has no counterpart, as API Gateway serves HTTPS only.", apigw!("http-api-develop-integrations-lambda.html")),
        ],
    },
    Feature {
        code: "grpc",
        description: "gRPC traffic to the targets.",
        detection: "An ALB target group has protocol version `GRPC`.",
        impacts: &[
            b(ALB, TO_REST, "API Gateway does not speak gRPC, so keeping the ALB behind the API does not help.", elb!("load-balancer-target-groups.html#target-group-protocol-version")),
            b(ALB, TO_HTTP, "API Gateway does not speak gRPC, so keeping the ALB behind the API does not help.", elb!("load-balancer-target-groups.html#target-group-protocol-version")),
        ],
    },
    Feature {
        code: "sticky-sessions",
        description: "Session affinity of a client to one target.",
        detection: "An ALB target group has the attribute `stickiness.enabled` = `true`.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind a VPC link V2 keeps its stickiness cookies, which pass through the API.", KEPT_REST_DOC),
            b(ALB, TO_REST, "API Gateway has no session affinity to backend targets.", elb!("sticky-sessions.html")),
            kept(TO_HTTP, "The ALB kept behind a VPC link V2 keeps its stickiness cookies, which pass through the API.", KEPT_HTTP_DOC),
            b(ALB, TO_HTTP, "API Gateway has no session affinity to backend targets.", elb!("sticky-sessions.html")),
        ],
    },
    Feature {
        code: "long-timeout",
        description: "Requests allowed to run longer than API Gateway's integration timeout (29 s for REST by default, 30 s at most for HTTP APIs).",
        detection: "The ALB attribute `idle_timeout.timeout_seconds` is above 29, or an integration's `timeoutInMillis` is above 29000.",
        impacts: &[
            entry(ALB, TO_REST, When::TimeoutAbove(super::REST_DEFAULT_MAX_TIMEOUT_MS), Impact::Workaround, "REST integrations stop at 29 s unless the quota is raised (Regional and private APIs only, possibly lowering the account throttle) or the response is streamed.", apigw!("api-gateway-execution-service-limits-table.html")),
            entry(ALB, TO_HTTP, When::AlbDefaultIdleTimeout, Impact::Workaround, "The ALB keeps the 60 s default idle timeout, which shows no intent to run long requests; HTTP APIs stop every request at 30 s, so check TargetResponseTime first.", apigw!("http-api-quotas.html")),
            entry(ALB, TO_HTTP, When::TimeoutAbove(super::HTTP_API_MAX_TIMEOUT_MS), Impact::Blocker, "HTTP API integrations stop at 30 s and the quota cannot be raised.", apigw!("http-api-quotas.html")),
            entry(REST, TO_HTTP, When::TimeoutAbove(super::HTTP_API_MAX_TIMEOUT_MS), Impact::Blocker, "HTTP API integrations stop at 30 s and the quota cannot be raised.", apigw!("http-api-quotas.html")),
            entry(HTTP, TO_REST, When::HttpDefaultTimeout, Impact::Workaround, "The integration keeps the HTTP API's 30 s default, which shows no intent to run long requests; REST integrations stop at 29 s unless the quota is raised, so check IntegrationLatency first.", apigw!("api-gateway-execution-service-limits-table.html")),
        ],
    },
    Feature {
        code: "internal-only",
        description: "An entry point reachable only from inside the network.",
        detection: "An ALB has scheme `internal`, or a REST API has endpoint type `PRIVATE`.",
        impacts: &[
            w(ALB, TO_REST, "A PRIVATE REST API is reached through an execute-api interface VPC endpoint and needs a resource policy.", apigw!("apigateway-private-apis.html")),
            b(ALB, TO_HTTP, "HTTP APIs have no private endpoint: they are always reachable from the internet.", apigw!("http-api-vs-rest.html")),
            w(REST, TO_ALB, "An internal ALB is reachable from its VPC and connected networks, not through interface endpoints in other VPCs; the resource policy's conditions move to security groups.", elb!("application-load-balancers.html")),
            b(REST, TO_HTTP, "HTTP APIs have no private endpoint: they are always reachable from the internet.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "mutual-tls",
        description: "Client-certificate authentication at the entry point.",
        detection: "An ALB listener has mutual authentication in `verify` or `passthrough` mode, or an API custom domain has an mTLS truststore.",
        impacts: &[
            w(ALB, TO_REST, "REST APIs verify client certificates only on a Regional custom domain with an S3 truststore and a legacy TLS policy (not with an enhanced security policy, not for private APIs), without the revocation lists an ALB trust store takes; targets lose the X-Amzn-Mtls-Clientcert-* headers and passthrough mode has no counterpart.", apigw!("rest-api-mutual-tls.html")),
            w(ALB, TO_HTTP, "HTTP APIs verify client certificates only on a Regional custom domain with an S3 truststore, without the revocation lists an ALB trust store takes; targets lose the X-Amzn-Mtls-Clientcert-* headers and passthrough mode has no counterpart.", apigw!("http-api-mutual-tls.html")),
        ],
    },
    Feature {
        code: "waf",
        description: "An AWS WAF web ACL filtering requests at the entry point.",
        detection: "A web ACL is associated with the ALB or with a REST stage.",
        impacts: &[
            b(ALB, TO_HTTP, "AWS WAF cannot be associated with HTTP APIs; a CloudFront distribution with the web ACL in front is the workaround.", waf!("how-aws-waf-works-resources.html")),
            b(REST, TO_HTTP, "AWS WAF cannot be associated with HTTP APIs; a CloudFront distribution with the web ACL in front is the workaround.", waf!("how-aws-waf-works-resources.html")),
        ],
    },
    Feature {
        code: "api-keys",
        description: "API keys that clients must send.",
        detection: "A REST method or a WebSocket route has `apiKeyRequired` = `true`.",
        impacts: &[
            b(REST, TO_ALB, "ALB has no API keys: the application must check them.", apigw!("api-gateway-api-usage-plans.html")),
            b(REST, TO_HTTP, "HTTP APIs have no API keys.", apigw!("http-api-vs-rest.html")),
            b(WS, TO_ALB, "ALB has no API keys: the WebSocket server must check them.", apigw!("api-gateway-api-usage-plans.html")),
        ],
    },
    Feature {
        code: "usage-plans",
        description: "Per-client throttling and request quotas tied to API keys.",
        detection: "A usage plan covers a stage of the REST API.",
        impacts: &[
            b(REST, TO_ALB, "ALB has no usage plans: WAF rate-based rules can limit a rate per client key (IP, forwarded IP, header such as the API key, cookie, query argument, path, method, label, fingerprint or ASN, up to five combined) over a window, but nothing counts daily, weekly or monthly quotas per client.", waf!("waf-rule-statement-type-rate-based-aggregation-options.html")),
            b(REST, TO_HTTP, "HTTP APIs have no usage plans.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "response-caching",
        description: "Responses cached by the API stage.",
        detection: "A REST stage has `cacheClusterEnabled` = `true`.",
        impacts: &[
            b(REST, TO_ALB, "ALB caches nothing; a CloudFront distribution in front is the workaround.", apigw!("api-gateway-caching.html")),
            b(REST, TO_HTTP, "HTTP APIs cache nothing; a CloudFront distribution in front is the workaround.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "request-validation",
        description: "Requests checked against parameter rules and JSON-schema models before the backend sees them.",
        detection: "A REST method has a `requestValidatorId`.",
        impacts: &[
            w(REST, TO_ALB, "ALB does not validate requests: the backend must.", apigw!("api-gateway-method-request-validation.html")),
            w(REST, TO_HTTP, "HTTP APIs do not validate requests: the backend must.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "mapping-templates",
        description: "VTL templates that rewrite request or response bodies.",
        detection: "A non-proxy REST integration (Lambda custom or HTTP), or a WebSocket integration, has request templates or integration-response templates.",
        impacts: &[
            b(REST, TO_ALB, "ALB cannot transform bodies: the templates' logic moves into a Lambda function or the backend.", apigw!("models-mappings.html")),
            b(REST, TO_HTTP, "HTTP APIs have no body transforms: parameter mapping rewrites headers, query strings and the path only.", apigw!("http-api-parameter-mapping.html")),
            w(WS, TO_ALB, "ALB passes WebSocket messages through untouched: the WebSocket server must transform them.", elb!("load-balancer-listeners.html")),
        ],
    },
    Feature {
        code: "iam-auth",
        description: "Callers authenticated by SigV4-signed requests and IAM policies.",
        detection: "A REST method or a v2 route has authorization type `AWS_IAM`.",
        impacts: &[
            b(REST, TO_ALB, "ALB cannot verify SigV4-signed requests.", apigw!("api-gateway-control-access-using-iam-policies-to-invoke-api.html")),
            b(HTTP, TO_ALB, "ALB cannot verify SigV4-signed requests.", apigw!("http-api-access-control-iam.html")),
            b(WS, TO_ALB, "ALB cannot verify SigV4-signed requests.", apigw!("apigateway-websocket-control-access-iam.html")),
        ],
    },
    Feature {
        code: "lambda-authorizer",
        description: "A Lambda function that authorizes each request.",
        detection: "A REST method or a v2 route has authorization type `CUSTOM` (a TOKEN or REQUEST authorizer).",
        impacts: &[
            b(REST, TO_ALB, "ALB cannot call an authorizer function; a jwt-validation action replaces it only when the authorizer merely verifies JWTs.", apigw!("apigateway-use-lambda-authorizer.html")),
            entry(REST, TO_HTTP, When::TokenAuthorizer, Impact::Workaround, "HTTP APIs have REQUEST authorizers only: a TOKEN authorizer must read its header from the request payload.", apigw!("http-api-lambda-authorizer.html")),
            b(HTTP, TO_ALB, "ALB cannot call an authorizer function; a jwt-validation action replaces it only when the authorizer merely verifies JWTs.", apigw!("http-api-lambda-authorizer.html")),
            w(HTTP, TO_REST, "REST authorizers must return an IAM policy: simple responses and payload format 2.0 are not available.", apigw!("apigateway-use-lambda-authorizer.html")),
            w(WS, TO_ALB, "ALB cannot call an authorizer function: authenticate in the WebSocket server, or with a jwt-validation action when tokens are JWTs.", elb!("listener-verify-jwt.html")),
        ],
    },
    Feature {
        code: "cognito-authorizer",
        description: "Cognito user-pool tokens verified by the API.",
        detection: "A REST method has authorization type `COGNITO_USER_POOLS`.",
        impacts: &[
            w(REST, TO_ALB, "A jwt-validation action with the user pool's issuer and JWKS endpoint verifies access tokens; scopes become claim checks.", elb!("listener-verify-jwt.html")),
            w(REST, TO_HTTP, "A JWT authorizer with the user pool as issuer replaces it; it checks `aud` or `client_id`, so ID and access tokens behave differently.", apigw!("http-api-jwt-authorizer.html")),
        ],
    },
    Feature {
        code: "jwt-authorizer",
        description: "JWT bearer tokens verified by the API against an issuer and audiences.",
        detection: "An HTTP API route, or a REST method, has authorization type `JWT`.",
        impacts: &[
            w(REST, TO_ALB, "An ALB jwt-validation action accepts RS256 tokens of one issuer per action, with the JWKS endpoint configured explicitly and at most 10 additional claim checks: other algorithms, several issuers and scopes need rules per issuer, claim checks or the backend.", elb!("listener-verify-jwt.html")),
            w(REST, TO_HTTP, "An HTTP API JWT authorizer trusts one issuer, supports only RSA-based signing algorithms and checks audience, expiry and scopes but no other claims: several issuers, EC keys or claim rules need a Lambda authorizer.", apigw!("http-api-jwt-authorizer.html")),
            w(HTTP, TO_ALB, "An ALB jwt-validation action needs the JWKS endpoint configured explicitly; audiences and scopes become additional claim checks.", elb!("listener-verify-jwt.html")),
        ],
    },
    Feature {
        code: "aws-service-integration",
        description: "An AWS service other than Lambda called directly by the API.",
        detection: "A REST or WebSocket integration of type `AWS` calls a non-Lambda service, or an HTTP API integration has an `IntegrationSubtype`.",
        impacts: &[
            b(REST, TO_ALB, "ALB cannot call AWS services: a Lambda target must make the call.", elb!("lambda-functions.html")),
            entry(REST, TO_HTTP, When::AwsServicesHaveHttpSubtype, Impact::Workaround, "HTTP APIs call these services through first-class integration subtypes, with parameter mapping instead of VTL.", apigw!("http-api-develop-integrations-aws-services-reference.html")),
            b(REST, TO_HTTP, "HTTP API integration subtypes cover only EventBridge PutEvents, SQS SendMessage, ReceiveMessage, DeleteMessage and PurgeQueue, AppConfig GetConfiguration, Kinesis PutRecord and Step Functions StartExecution, StartSyncExecution and StopExecution: other actions need a Lambda function.", apigw!("http-api-develop-integrations-aws-services-reference.html")),
            b(HTTP, TO_ALB, "ALB cannot call AWS services: a Lambda target must make the call.", elb!("lambda-functions.html")),
            w(HTTP, TO_REST, "A REST API calls the service through an AWS integration with an IAM role and a VTL mapping template.", apigw!("api-gateway-api-integration-types.html")),
            b(WS, TO_ALB, "ALB passes WebSocket connections only to servers: nothing calls AWS services for it.", elb!("load-balancer-listeners.html")),
        ],
    },
    Feature {
        code: "mock-integration",
        description: "Responses produced by the API itself, without a backend.",
        detection: "A REST or WebSocket integration has type `MOCK`.",
        impacts: &[
            w(REST, TO_ALB, "A fixed-response action returns a static status, content type and body of at most 1024 characters, without templates.", elb!("rule-action-types.html")),
            w(REST, TO_HTTP, "HTTP APIs have no mock integration: a Lambda integration must produce the response.", apigw!("http-api-vs-rest.html")),
            b(WS, TO_ALB, "ALB passes WebSocket connections only to servers: nothing answers messages without a backend.", elb!("load-balancer-listeners.html")),
        ],
    },
    Feature {
        code: "resource-policy",
        description: "An IAM resource policy deciding who may call the API (principals, source IPs, VPC endpoints).",
        detection: "A REST API has a `policy`.",
        impacts: &[
            w(REST, TO_ALB, "ALB has no resource policy: network conditions move to security groups and WAF IP sets, and IAM-principal conditions are lost.", apigw!("apigateway-resource-policies.html")),
            b(REST, TO_HTTP, "HTTP APIs have no resource policy.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "edge-endpoint",
        description: "An edge-optimized endpoint served through an AWS-managed CloudFront distribution.",
        detection: "A REST API has endpoint type `EDGE`.",
        impacts: &[
            w(REST, TO_ALB, "An ALB is regional: edge delivery needs your own CloudFront distribution in front.", "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/restrict-access-to-load-balancer.html"),
            w(REST, TO_HTTP, "HTTP APIs are regional: edge delivery needs your own CloudFront distribution in front.", apigw!("api-gateway-api-endpoint-types.html")),
        ],
    },
    Feature {
        code: "canary",
        description: "A canary deployment taking a share of a stage's traffic.",
        detection: "A REST stage has `canarySettings`.",
        impacts: &[
            w(REST, TO_ALB, "Weighted target groups split traffic between backends per rule, not between API deployments.", elb!("rule-action-types.html")),
            b(REST, TO_HTTP, "HTTP APIs have no canary releases.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "xray-tracing",
        description: "AWS X-Ray active tracing of requests through the API.",
        detection: "A REST stage has `tracingEnabled` = `true`.",
        impacts: &[
            w(REST, TO_ALB, "ALB only adds an X-Amzn-Trace-Id header: the application must send its own segments to X-Ray.", elb!("load-balancer-request-tracing.html")),
            b(REST, TO_HTTP, "HTTP APIs do not support X-Ray tracing: the backend must be instrumented instead.", apigw!("http-api-vs-rest.html")),
        ],
    },
    Feature {
        code: "websocket",
        description: "A managed WebSocket API: route selection over messages, $connect/$disconnect integrations, @connections callbacks.",
        detection: "The API is an apigatewayv2 API with protocol type `WEBSOCKET`.",
        impacts: &[
            w(WS, TO_ALB, "ALB only passes WebSocket connections through to your own server on instance or IP targets: no route selection, no $connect/$disconnect integrations, no @connections API.", elb!("load-balancer-listeners.html")),
            b(WS, TO_REST, "REST APIs do not accept WebSocket connections.", apigw!("apigateway-websocket-api.html")),
            b(WS, TO_HTTP, "HTTP APIs do not accept WebSocket connections: WebSocket APIs are a separate API type.", apigw!("apigateway-websocket-api.html")),
        ],
    },
    // Beyond the contract's vocabulary: features the detection map grades B or W that the
    // snapshot can show.
    Feature {
        code: "path-pattern-wildcards",
        description: "Path patterns with wildcards inside the path, single-character wildcards or regular expressions.",
        detection: "An ALB `path-pattern` condition has a regex value, a `?`, or a `*` anywhere but at the end.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind the API still matches its patterns: a greedy {proxy+} resource forwards everything to it.", KEPT_REST_DOC),
            w(ALB, TO_REST, "REST resources match literal segments, {param} segments and a greedy {proxy+} only at the end: restructure the paths or route in the backend.", apigw!("api-gateway-set-up-simple-proxy.html")),
            kept(TO_HTTP, "The ALB kept behind the API still matches its patterns: a greedy {proxy+} route forwards everything to it.", KEPT_HTTP_DOC),
            w(ALB, TO_HTTP, "HTTP API routes match literal segments, {param} segments and a greedy {proxy+} only at the end: restructure the paths or route in the backend.", apigw!("http-api-develop-routes.html")),
        ],
    },
    Feature {
        code: "rule-transforms",
        description: "Rules that rewrite the URL or the Host header before forwarding.",
        detection: "An ALB listener rule has a `url-rewrite` or `host-header-rewrite` transform.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind the API keeps applying its transforms.", KEPT_REST_DOC),
            w(ALB, TO_REST, "REST integration URIs and request parameters set the backend path, query and host, without regex rewriting.", apigw!("rest-api-parameter-mapping.html")),
            kept(TO_HTTP, "The ALB kept behind the API keeps applying its transforms.", KEPT_HTTP_DOC),
            w(ALB, TO_HTTP, "HTTP API parameter mapping overwrites the path and query strings, and the integration URI sets the host, without regex rewriting.", apigw!("http-api-parameter-mapping.html")),
        ],
    },
    Feature {
        code: "slow-start",
        description: "New targets ramped up gradually before taking their full share of requests.",
        detection: "An ALB target group has `slow_start.duration_seconds` above 0.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind a VPC link V2 keeps ramping up its new targets.", KEPT_REST_DOC),
            b(ALB, TO_REST, "API Gateway balances over no targets of its own, so nothing ramps new targets up.", elb!("edit-target-group-attributes.html#slow-start-mode")),
            kept(TO_HTTP, "The ALB kept behind a VPC link V2 keeps ramping up its new targets.", KEPT_HTTP_DOC),
            b(ALB, TO_HTTP, "API Gateway balances over no targets of its own, so nothing ramps new targets up.", elb!("edit-target-group-attributes.html#slow-start-mode")),
        ],
    },
    Feature {
        code: "custom-lb-algorithm",
        description: "Targets chosen by least outstanding requests or weighted random instead of round robin.",
        detection: "An ALB target group has `load_balancing.algorithm.type` other than `round_robin`.",
        impacts: &[
            kept(TO_REST, "The ALB kept behind a VPC link V2 keeps its routing algorithm.", KEPT_REST_DOC),
            b(ALB, TO_REST, "API Gateway has no choice of load-balancing algorithm.", elb!("edit-target-group-attributes.html#modify-routing-algorithm")),
            kept(TO_HTTP, "The ALB kept behind a VPC link V2 keeps its routing algorithm.", KEPT_HTTP_DOC),
            b(ALB, TO_HTTP, "API Gateway has no choice of load-balancing algorithm.", elb!("edit-target-group-attributes.html#modify-routing-algorithm")),
        ],
    },
    Feature {
        code: "lambda-targets",
        description: "Lambda functions invoked by the load balancer.",
        detection: "An ALB target group has target type `lambda`.",
        impacts: &[
            w(ALB, TO_REST, "The function is integrated directly and receives the REST proxy event instead of the ALB event: its request and response handling must change.", apigw!("set-up-lambda-proxy-integrations.html")),
            w(ALB, TO_HTTP, "The function is integrated directly and receives the HTTP API event (payload format 1.0 or 2.0) instead of the ALB event: its request and response handling must change.", apigw!("http-api-develop-integrations-lambda.html")),
        ],
    },
    Feature {
        code: "lambda-integration",
        description: "Lambda functions invoked by the API.",
        detection: "An integration of type `AWS_PROXY` or `AWS` invokes a Lambda function.",
        impacts: &[
            w(REST, TO_ALB, "An ALB Lambda target sends the ALB event (multi-value headers only when enabled) and invokes one function per target group.", elb!("lambda-functions.html")),
            w(HTTP, TO_ALB, "An ALB Lambda target sends the ALB event (multi-value headers only when enabled) and invokes one function per target group.", elb!("lambda-functions.html")),
            entry(HTTP, TO_REST, When::PayloadFormat2, Impact::Workaround, "REST Lambda proxy integrations send the payload format 1.0 event: functions written for 2.0 must change.", apigw!("http-api-develop-integrations-lambda.html")),
            b(WS, TO_ALB, "ALB Lambda targets do not accept WebSocket connections.", elb!("lambda-functions.html")),
        ],
    },
    Feature {
        code: "parameter-mapping",
        description: "Request parameters rewritten on their way to the backend (headers, query strings, path).",
        detection: "An integration has `requestParameters`, not counting REST path parameters handed back to the integration URI or HTTP API AWS-service parameters.",
        impacts: &[
            w(REST, TO_ALB, "ALB transforms rewrite only the URL and the Host header: other header mapping moves to the backend.", elb!("rule-transforms.html")),
            w(HTTP, TO_ALB, "ALB transforms rewrite only the URL and the Host header: header and status-code mapping moves to the backend.", elb!("rule-transforms.html")),
            w(WS, TO_ALB, "ALB passes WebSocket connections through untouched: the WebSocket server must map parameters.", elb!("load-balancer-listeners.html")),
        ],
    },
    Feature {
        code: "private-integration",
        description: "Backends inside a VPC: an API's VPC-link integrations, or an ALB's instance and IP targets.",
        detection: "An API integration has connection type `VPC_LINK`, or an ALB target group has target type `instance` or `ip`.",
        impacts: &[
            w(ALB, TO_REST, "A REST API reaches VPC targets only through a VPC link V2 to an ALB or NLB: keep this ALB (or an NLB) behind the API.", apigw!("private-integration.html")),
            w(ALB, TO_HTTP, "An HTTP API reaches VPC targets only through a VPC link V2 to a load balancer listener or Cloud Map: keep this ALB (or an NLB) behind the API. Targets that read the client from X-Forwarded-For or -Proto then see the API's connection, and an HTTP API cannot set those reserved headers: pass the client in a header mapped from $context.identity.sourceIp.", apigw!("http-api-develop-integrations-private.html")),
        ],
    },
    Feature {
        code: "cloud-map-integration",
        description: "An HTTP API private integration that finds its backends through AWS Cloud Map.",
        detection: "An HTTP API `VPC_LINK` integration has a Cloud Map (`servicediscovery`) service ARN as its URI.",
        impacts: &[
            w(HTTP, TO_ALB, "An ALB does not resolve Cloud Map services: register the service's tasks as ip targets (for example through the ECS service's load balancer settings).", elb!("load-balancer-target-groups.html")),
            w(HTTP, TO_REST, "REST private integrations do not support Cloud Map: put an ALB or NLB in front of the service.", apigw!("private-integration.html")),
        ],
    },
    Feature {
        code: "cors",
        description: "CORS preflight and response headers handled by the API.",
        detection: "An HTTP API has a `CorsConfiguration`.",
        impacts: &[
            w(HTTP, TO_ALB, "ALB listener attributes add static CORS response headers; preflight OPTIONS requests must be answered by a rule or the backend.", elb!("header-modification.html")),
            w(HTTP, TO_REST, "REST APIs need OPTIONS methods (usually MOCK) and response headers configured by hand.", apigw!("how-to-cors.html")),
        ],
    },
    Feature {
        code: "stage-throttling",
        description: "Request-rate limits on a stage, method or route.",
        detection: "A REST stage's method settings, or an HTTP or WebSocket stage's default route settings, limit the rate or burst below the account's API Gateway throttle in the Region (its applied value in Service Quotas, or the default).",
        impacts: &[
            w(REST, TO_ALB, "ALB does not throttle; WAF rate-based rules limit requests per client address or key over a time window instead.", waf!("waf-rule-statement-type-rate-based.html")),
            w(HTTP, TO_ALB, "ALB does not throttle; WAF rate-based rules limit requests per client address or key over a time window instead.", waf!("waf-rule-statement-type-rate-based.html")),
            w(WS, TO_ALB, "ALB does not throttle messages: the WebSocket server must.", apigw!("websocket-api-protect.html")),
        ],
    },
    Feature {
        code: "backend-client-certificate",
        description: "A client certificate the API presents to its HTTP backend.",
        detection: "A REST or WebSocket stage has a `clientCertificateId`.",
        impacts: &[
            w(REST, TO_ALB, "ALB presents no client certificate to targets: rely on security groups, or on mTLS in the application.", apigw!("getting-started-client-side-ssl-authentication.html")),
            b(REST, TO_HTTP, "HTTP API stages cannot present a client certificate to the backend.", apigw!("http-api-vs-rest.html")),
            w(WS, TO_ALB, "ALB presents no client certificate to targets: rely on security groups, or on mTLS in the application.", apigw!("getting-started-client-side-ssl-authentication.html")),
        ],
    },
    Feature {
        code: "access-logs",
        description: "Request logs written by the entry point.",
        detection: "An ALB has `access_logs.s3.enabled` or `connection_logs.s3.enabled` = `true`, or a REST, HTTP or WebSocket stage has an access-log destination.",
        impacts: &[
            w(REST, TO_ALB, "ALB writes access logs as files to S3 in a fixed format: log consumers must change.", elb!("load-balancer-access-logs.html")),
            w(ALB, TO_REST, "REST APIs log to CloudWatch Logs or Firehose in a format you define, not ALB's S3 files: log consumers must change.", apigw!("set-up-logging.html")),
            w(ALB, TO_HTTP, "HTTP APIs log to CloudWatch Logs in a format you define, not ALB's S3 files: log consumers must change.", apigw!("http-api-logging.html")),
            w(HTTP, TO_ALB, "ALB writes access logs as files to S3 in a fixed format: log consumers must change.", elb!("load-balancer-access-logs.html")),
            w(WS, TO_ALB, "ALB writes access logs as files to S3 in a fixed format: log consumers must change.", elb!("load-balancer-access-logs.html")),
        ],
    },
    Feature {
        code: "rule-quota",
        description: "More distinct routes than one ALB's listener rules.",
        detection: "A REST API's resource × method pairs, or an HTTP API's routes other than `$default`, number more than the account's rules per ALB (its applied value in Service Quotas, quota L-7EED9B64, or the default 100).",
        impacts: &[
            w(REST, TO_ALB, "An ALB holds the account's rules-per-ALB quota (100 by default) besides the default rules, across all its listeners: merge routes with wildcard patterns, raise the quota or split the routes over several load balancers.", elb!("load-balancer-limits.html")),
            w(HTTP, TO_ALB, "An ALB holds the account's rules-per-ALB quota (100 by default) besides the default rules, across all its listeners: merge routes with wildcard patterns, raise the quota or split the routes over several load balancers.", elb!("load-balancer-limits.html")),
        ],
    },
    Feature {
        code: "lambda-payload-limit",
        description: "Lambda payloads up to 6 MB through API Gateway (a synchronous invoke) against 1 MB for ALB Lambda targets.",
        detection: "A REST or HTTP API has a Lambda integration (payload sizes are not in the configuration).",
        impacts: &[
            w(REST, TO_ALB, "API Gateway passes up to 6 MB each way to a function, ALB Lambda targets at most 1 MB of request body and response JSON: larger payloads must move to S3 (pre-signed URLs).", elb!("lambda-functions.html")),
            w(HTTP, TO_ALB, "API Gateway passes up to 6 MB each way to a function, ALB Lambda targets at most 1 MB of request body and response JSON: larger payloads must move to S3 (pre-signed URLs).", elb!("lambda-functions.html")),
        ],
    },
    Feature {
        code: "api-throttle-quota",
        description: "The API Gateway account throttle, shared by all REST, HTTP and WebSocket APIs of an account in a Region.",
        detection: "The ALB's busiest hour averaged more requests per second than the account's API Gateway throttle in the Region: its applied value in Service Quotas (quota L-8A5B8E43), or the default (10,000, or 2,500 in some Regions).",
        impacts: &[
            w(ALB, TO_REST, "API Gateway throttles all APIs of the account in the Region together: request a higher throttle quota through Service Quotas before moving.", apigw!("limits.html")),
            w(ALB, TO_HTTP, "API Gateway throttles all APIs of the account in the Region together: request a higher throttle quota through Service Quotas before moving.", apigw!("limits.html")),
        ],
    },
    Feature {
        code: "response-streaming",
        description: "Responses streamed to the client as the integration produces them, beyond 10 MB and 29 s (up to 15 minutes).",
        detection: "A REST integration has `responseTransferMode` = `STREAM`.",
        impacts: &[
            entry(REST, TO_ALB, When::StreamsFromLambda, Impact::Blocker, "ALB Lambda targets return one buffered response of at most 1 MB: a streamed function response has no counterpart.", elb!("lambda-functions.html")),
            w(REST, TO_ALB, "An ALB passes the target's response on as it arrives, but drops connections idle longer than its idle timeout (60 s by default, up to 4000 s): raise it to match the stream's pauses.", elb!("edit-load-balancer-attributes.html")),
            b(REST, TO_HTTP, "Only REST APIs stream responses: HTTP APIs buffer every response, capped at 10 MB and 30 s.", apigw!("response-transfer-mode.html")),
        ],
    },
    Feature {
        code: "tls-policy",
        description: "A TLS security policy stricter than TLS 1.2 with standard ciphers: TLS 1.3 only, FIPS or post-quantum.",
        detection: "An ALB listener's SSL policy is TLS 1.3-only (`TLS13-1-3`), FIPS or post-quantum (`PQ`), or a REST API or its custom domain has an enhanced `SecurityPolicy_*` policy.",
        impacts: &[
            w(ALB, TO_REST, "REST APIs and their custom domains offer enhanced security policies (TLS 1.3-only, FIPS, post-quantum) with an endpoint access mode, but a domain on one cannot use mutual TLS.", apigw!("apigateway-security-policies.html")),
            b(ALB, TO_HTTP, "HTTP APIs negotiate with the TLS_1_2 policy only: no TLS 1.3-only, FIPS or post-quantum policy.", apigw!("apigateway-custom-domain-tls-version.html")),
            b(REST, TO_HTTP, "HTTP APIs support the TLS_1_2 policy only and cannot be mapped to a custom domain on an enhanced security policy.", apigw!("apigateway-custom-domain-tls-version.html")),
        ],
    },
    Feature {
        code: "plain-http-listener",
        description: "Clients served over plain HTTP, or on a port other than 443.",
        detection: "An ALB listener on protocol HTTP, or on a port other than 443, has a rule that forwards (a listener that only redirects does not count).",
        impacts: &[
            w(ALB, TO_REST, "API Gateway exposes HTTPS endpoints only, never unencrypted HTTP, and its endpoints and custom domain names have no port setting (HTTPS's default, 443): the listener's clients must move to https:// without a port of their own.", apigw!("data-protection-encryption.html")),
            w(ALB, TO_HTTP, "API Gateway exposes HTTPS endpoints only, never unencrypted HTTP, and its endpoints and custom domain names have no port setting (HTTPS's default, 443): the listener's clients must move to https:// without a port of their own.", apigw!("data-protection-encryption.html")),
        ],
    },
    Feature {
        code: "compression",
        description: "Responses compressed by the API for clients that accept it.",
        detection: "A REST API has a `minimumCompressionSize`.",
        impacts: &[
            w(REST, TO_ALB, "ALB does not compress responses: the targets must, or a CloudFront distribution in front.", apigw!("api-gateway-gzip-compression-decompression.html")),
            w(REST, TO_HTTP, "HTTP APIs do not compress responses: the backend must, or a CloudFront distribution in front.", apigw!("api-gateway-gzip-compression-decompression.html")),
        ],
    },
    Feature {
        code: "routing-rules",
        description: "A custom domain that routes requests to REST API stages by header and base-path routing rules.",
        detection: "A custom domain of the REST API has routing mode `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_BASE_PATH_MAPPING` (`ROUTING_RULE_THEN_API_MAPPING` in the v2 API), whether it reaches the API by routing rule or by mapping.",
        impacts: &[
            w(REST, TO_ALB, "ALB listener rules with http-header and path-pattern conditions take over the domain's routing rules.", elb!("rule-condition-types.html")),
            b(REST, TO_HTTP, "Routing rules invoke REST API stages only: an HTTP API cannot be their target, so the domain must go back to API mappings.", apigw!("rest-api-routing-rules.html")),
        ],
    },
    Feature {
        code: "target-group-quota",
        description: "More distinct Lambda functions than one ALB has target groups.",
        detection: "A REST or HTTP API's Lambda integrations invoke more than 100 distinct functions.",
        impacts: &[
            b(REST, TO_ALB, "An ALB holds at most 100 target groups, not adjustable, and a Lambda target group invokes one function: the API cannot move onto one load balancer whatever its rule quota.", elb!("load-balancer-limits.html")),
            b(HTTP, TO_ALB, "An ALB holds at most 100 target groups, not adjustable, and a Lambda target group invokes one function: the API cannot move onto one load balancer whatever its rule quota.", elb!("load-balancer-limits.html")),
        ],
    },
    Feature {
        code: "request-size-limits",
        description: "Requests or responses larger than API Gateway accepts.",
        detection: "The ALB's busiest hour for bytes averaged more than 1 MB per request (`ProcessedBytes` over `RequestCount`).",
        impacts: &[
            w(ALB, TO_REST, "REST APIs take payloads of at most 10 MB and 10,240 bytes of request line and headers, where an ALB takes 64 KB of headers: check the largest requests and responses before moving.", apigw!("api-gateway-execution-service-limits-table.html")),
            w(ALB, TO_HTTP, "HTTP APIs take payloads of at most 10 MB, where an ALB takes 64 KB of headers and any body: check the largest requests and responses before moving.", apigw!("http-api-quotas.html")),
        ],
    },    Feature {
        code: "developer-portal",
        description: "A REST API published to its consumers in an API Gateway portal: its endpoint documentation, \"try it\" pages and, where the portal has one, its Amazon Cognito sign-in.",
        detection: "A product REST endpoint page of a portal product that an API Gateway portal of the account includes names the REST API (ListPortals, ListPortalProducts, ListProductRestEndpointPages).",
        impacts: &[
            w(REST, TO_ALB, "API Gateway portals share REST APIs only: the endpoints leave the portal, with their \"try it\" pages; export the REST API's OpenAPI definition before the move and publish it in another developer portal, with its own access control.", apigw!("apigateway-portals.html")),
            w(REST, TO_HTTP, "API Gateway portals share REST APIs only: the HTTP API's endpoints cannot stay in the portal or its \"try it\" pages; publish the HTTP API's exported OpenAPI definition in another developer portal, with its own access control.", apigw!("apigateway-portals.html")),
        ],
    },
];
