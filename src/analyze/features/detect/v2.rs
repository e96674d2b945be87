//! Evidence in an HTTP or WebSocket API's routes, integrations and stages.

use super::*;

pub(super) fn v2_route_features(api: &V2Api, out: &mut Finder) {
    let authorizer = |id: Option<&str>| {
        api.authorizers
            .iter()
            .find(|a| Some(a.id.as_str()) == id)
            .map(|a| a.name.clone())
    };
    for route in &api.routes {
        let r = format!("route {}", route.route_key);
        match route.authorization_type.as_str() {
            "AWS_IAM" => out.found("iam-auth", format!("{r} requires AWS_IAM")),
            "CUSTOM" => out.found(
                "lambda-authorizer",
                match authorizer(route.authorizer_id.as_deref()) {
                    Some(name) => format!("{r} uses Lambda authorizer {name}"),
                    None => format!("{r} uses a Lambda authorizer"),
                },
            ),
            "JWT" => out.found(
                "jwt-authorizer",
                match authorizer(route.authorizer_id.as_deref()) {
                    Some(name) => format!("{r} uses JWT authorizer {name}"),
                    None => format!("{r} uses a JWT authorizer"),
                },
            ),
            _ => {}
        }
        if route.api_key_required {
            out.found("api-keys", format!("{r} requires an API key"));
        }
    }
    for i in &api.integrations {
        integration_features(i, &v2_integration_label(api, i), out);
    }
}

pub(super) fn v2_stage_features(api: &V2Api, account_rps: f64, out: &mut Finder) {
    for stage in &api.stages {
        let s = format!("stage {}", stage.name);
        if let Some(l) = custom_throttle(
            stage.throttling_rate_limit,
            stage.throttling_burst_limit,
            account_rps,
        ) {
            out.found("stage-throttling", format!("{s} throttles routes to {l}"));
        }
        if let Some(dest) = &stage.access_log_destination {
            out.found("access-logs", format!("{s} logs to {}", short_arn(dest)));
        }
        if stage.client_certificate_id.is_some() {
            out.found(
                "backend-client-certificate",
                format!("{s} presents a client certificate to the backend"),
            );
        }
    }
    for d in &api.custom_domains {
        if d.mtls_truststore_uri.is_some() {
            out.found(
                "mutual-tls",
                format!(
                    "custom domain {} verifies client certificates",
                    d.domain_name
                ),
            );
        }
    }
}

pub(super) fn http_features(api: &V2Api, account_rps: f64, out: &mut Finder) {
    if let Some(cors) = &api.cors {
        out.found(
            "cors",
            format!("CORS allows origins {}", cors.allow_origins.join(", ")),
        );
    }
    v2_route_features(api, out);
    v2_stage_features(api, account_rps, out);
}

pub(super) fn websocket_features(api: &V2Api, account_rps: f64, out: &mut Finder) {
    out.found(
        "websocket",
        format!(
            "WebSocket API with {} route(s), route selection {}",
            api.routes.len(),
            api.route_selection_expression.as_deref().unwrap_or("?")
        ),
    );
    v2_route_features(api, out);
    v2_stage_features(api, account_rps, out);
}
