//! AWS's limits that a migration runs into, as data: a leaf module that every check reads and
//! that reads nothing of the analysis. Each value cites the quota page it comes from.

/// Rules per ALB, default rules excluded (adjustable).
pub const ALB_RULES_PER_LOAD_BALANCER: usize = 100;
/// HTTP API integrations give up after at most 30 s; the quota cannot be raised.
pub const HTTP_API_MAX_TIMEOUT_MS: u64 = 30_000;
/// REST integrations give up after 29 s unless the quota is raised.
pub const REST_DEFAULT_MAX_TIMEOUT_MS: u64 = 29_000;
pub const ALB_DEFAULT_IDLE_TIMEOUT_SECONDS: u64 = 60;
/// HTTP API integrations left without a timeout report the 30 s default, which is also the most.
pub const HTTP_API_DEFAULT_TIMEOUT_MS: u64 = HTTP_API_MAX_TIMEOUT_MS;
/// Request and response payloads through REST and HTTP APIs.
pub const API_PAYLOAD_MB: u64 = 10;
/// A request line and headers through a REST API, in bytes (REST API quotas table).
pub const API_REQUEST_LINE_AND_HEADERS_BYTES: u64 = 10_240;
/// An API Gateway Lambda integration is a synchronous invoke, whose request and response
/// Lambda caps at 6 MB (Lambda Invoke API reference), below the gateway's own 10 MB.
pub const LAMBDA_SYNC_PAYLOAD_MB: u64 = 6;
/// Request body and response JSON of an ALB Lambda target.
pub const ALB_LAMBDA_PAYLOAD_MB: u64 = 1;
/// Target groups per ALB (not adjustable); a Lambda target group holds one function.
pub const ALB_TARGET_GROUPS_PER_LOAD_BALANCER: usize = 100;
/// An hour whose requests averaged more bytes than this (ALB `ProcessedBytes` over
/// `RequestCount`) hints that some payloads approach API Gateway's 10 MB: a tenth of it, since
/// an hourly average hides the largest requests.
pub const LARGE_PAYLOAD_HINT_BYTES: f64 = 1_048_576.0;

const DEFAULT_ACCOUNT_THROTTLE_RPS: f64 = 10_000.0;
const LOW_ACCOUNT_THROTTLE_RPS: f64 = 2_500.0;
/// Regions whose default account throttle is 2,500 requests/s (API Gateway quotas page).
const LOW_THROTTLE_REGIONS: &[&str] = &[
    "af-south-1",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "mx-central-1",
];

/// The default API Gateway throttle of an account in `region`, shared by all its REST, HTTP and
/// WebSocket APIs there.
pub fn account_throttle_rps(region: &str) -> f64 {
    if LOW_THROTTLE_REGIONS.contains(&region) {
        LOW_ACCOUNT_THROTTLE_RPS
    } else {
        DEFAULT_ACCOUNT_THROTTLE_RPS
    }
}
