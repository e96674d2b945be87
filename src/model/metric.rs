//! The CloudWatch names crossover reads: collect asks for them and analyze reads them back
//! from the snapshot, so one constant per name keeps the two stages from drifting apart.
//! Meanings: the ALB guide's CloudWatch metrics page
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html>)
//! and API Gateway's metrics pages
//! (<https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html>).

/// CloudWatch namespaces.
pub mod namespace {
    pub const ALB: &str = "AWS/ApplicationELB";
    pub const API_GATEWAY: &str = "AWS/ApiGateway";
    /// Interface VPC endpoints (AWS PrivateLink, "CloudWatch metrics for AWS PrivateLink").
    pub const PRIVATELINK_ENDPOINTS: &str = "AWS/PrivateLinkEndpoints";
}

/// `AWS/ApplicationELB`, dimension `LoadBalancer`.
pub mod alb {
    pub const REQUEST_COUNT: &str = "RequestCount";
    /// What the bill counts: the hourly Sum is the hour's LCU-hours (docs/methodology.md).
    pub const CONSUMED_LCUS: &str = "ConsumedLCUs";
    pub const NEW_CONNECTION_COUNT: &str = "NewConnectionCount";
    pub const ACTIVE_CONNECTION_COUNT: &str = "ActiveConnectionCount";
    pub const PROCESSED_BYTES: &str = "ProcessedBytes";
    pub const RULE_EVALUATIONS: &str = "RuleEvaluations";
    pub const LAMBDA_TARGET_PROCESSED_BYTES: &str = "LambdaTargetProcessedBytes";
    /// Read only for ALBs with an LCU reservation, at the hourly Maximum.
    pub const PEAK_LCUS: &str = "PeakLCUs";

    /// The metrics read for every ALB, at the hourly Sum.
    pub const READ: [&str; 7] = [
        REQUEST_COUNT,
        CONSUMED_LCUS,
        NEW_CONNECTION_COUNT,
        ACTIVE_CONNECTION_COUNT,
        PROCESSED_BYTES,
        RULE_EVALUATIONS,
        LAMBDA_TARGET_PROCESSED_BYTES,
    ];
}

/// `AWS/ApiGateway`: REST stages by `ApiName, Stage`, HTTP and WebSocket stages by
/// `ApiId, Stage`.
pub mod api {
    pub const COUNT: &str = "Count";
    pub const CACHE_HIT_COUNT: &str = "CacheHitCount";
    pub const CACHE_MISS_COUNT: &str = "CacheMissCount";
    pub const DATA_PROCESSED: &str = "DataProcessed";
    pub const MESSAGE_COUNT: &str = "MessageCount";
    pub const CONNECT_COUNT: &str = "ConnectCount";

    pub const REST_READ: [&str; 3] = [COUNT, CACHE_HIT_COUNT, CACHE_MISS_COUNT];
    pub const HTTP_READ: [&str; 2] = [COUNT, DATA_PROCESSED];
    pub const WEBSOCKET_READ: [&str; 2] = [MESSAGE_COUNT, CONNECT_COUNT];
}

/// `AWS/PrivateLinkEndpoints`, dimensions `Endpoint Type, Service Name, VPC Endpoint Id, VPC Id`.
pub mod endpoint {
    /// "The number of bytes billed to the owner of the endpoint", both directions.
    pub const BYTES_PROCESSED: &str = "BytesProcessed";
}
