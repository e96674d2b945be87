//! The price book's vocabulary: the AWS services, the items crossover prices and the REST API
//! cache sizes, each with the names the CSV, the price list and the bill use for it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::PriceError;

/// Price List service codes, which are also the `service` column of the CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Service {
    Elb,
    ApiGateway,
    CloudWatch,
    Vpc,
    /// Cost Explorer's own API, which `reconcile --cost-explorer` pays for per request.
    CostExplorer,
}

impl Service {
    pub const ALL: [Service; 5] = [
        Service::Elb,
        Service::ApiGateway,
        Service::CloudWatch,
        Service::Vpc,
        Service::CostExplorer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Service::Elb => "AWSELB",
            Service::ApiGateway => "AmazonApiGateway",
            Service::CloudWatch => "AmazonCloudWatch",
            Service::Vpc => "AmazonVPC",
            Service::CostExplorer => "AWSCostExplorer",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Service {
    type Err = PriceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Service::ALL
            .into_iter()
            .find(|service| service.code() == s)
            .ok_or_else(|| PriceError::UnknownService(s.to_string()))
    }
}

/// API Gateway REST cache sizes, named by the `cacheClusterSize` values the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CacheSize {
    Gb0_5,
    Gb1_6,
    Gb6_1,
    Gb13_5,
    Gb28_4,
    Gb58_2,
    Gb118,
    Gb237,
}

impl CacheSize {
    pub const ALL: [CacheSize; 8] = [
        CacheSize::Gb0_5,
        CacheSize::Gb1_6,
        CacheSize::Gb6_1,
        CacheSize::Gb13_5,
        CacheSize::Gb28_4,
        CacheSize::Gb58_2,
        CacheSize::Gb118,
        CacheSize::Gb237,
    ];

    /// The `cacheClusterSize` string, which is also the size inside the item name.
    pub fn label(self) -> &'static str {
        match self {
            CacheSize::Gb0_5 => "0.5",
            CacheSize::Gb1_6 => "1.6",
            CacheSize::Gb6_1 => "6.1",
            CacheSize::Gb13_5 => "13.5",
            CacheSize::Gb28_4 => "28.4",
            CacheSize::Gb58_2 => "58.2",
            CacheSize::Gb118 => "118",
            CacheSize::Gb237 => "237",
        }
    }

    pub fn gb(self) -> f64 {
        match self {
            CacheSize::Gb0_5 => 0.5,
            CacheSize::Gb1_6 => 1.6,
            CacheSize::Gb6_1 => 6.1,
            CacheSize::Gb13_5 => 13.5,
            CacheSize::Gb28_4 => 28.4,
            CacheSize::Gb58_2 => 58.2,
            CacheSize::Gb118 => 118.0,
            CacheSize::Gb237 => 237.0,
        }
    }

    /// Price-list documents size two caches as 1.55 GB and 6.05 GB where the console and
    /// API say 1.6 and 6.1; the prices are the same (docs/prices.md, "Known differences between sources").
    fn price_list_alias(self) -> Option<f64> {
        match self {
            CacheSize::Gb1_6 => Some(1.55),
            CacheSize::Gb6_1 => Some(6.05),
            _ => None,
        }
    }
}

impl fmt::Display for CacheSize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Parses a `cacheClusterSize` ("0.5" … "237"). Compared as numbers, so "118.0" works, and
/// the price list's "1.55" and "6.05" are read as 1.6 and 6.1.
impl FromStr for CacheSize {
    type Err = PriceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unknown = || PriceError::UnknownCacheSize(s.to_string());
        let gb: f64 = s.trim().parse().map_err(|_| unknown())?;
        CacheSize::ALL
            .into_iter()
            .find(|size| size.gb() == gb || size.price_list_alias() == Some(gb))
            .ok_or_else(unknown)
    }
}

/// A priced thing. The string form is the CSV `item` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    AlbHour,
    AlbLcuHour,
    AlbTrustStoreHour,
    NlbHour,
    NlbNlcuHour,
    HttpApiRequest,
    RestApiRequest,
    WebsocketMessage,
    WebsocketConnectionMinute,
    RestCacheHour(CacheSize),
    PublicIpv4InUseHour,
    InterfaceEndpointHour,
    InterfaceEndpointDataProcessed,
    /// One metric named in a GetMetricData request: what crossover's own scan costs, not a
    /// cost of the resources it reads.
    CloudWatchGetMetricDataMetric,
    /// One reserved LCU for one hour (an ALB's LCU reservation), billed whether used or not.
    AlbReservedLcuHour,
    /// One Cost Explorer API request (`reconcile --cost-explorer`): what reading the bill
    /// costs, priced once in us-east-1, where the global service bills it.
    CostExplorerApiRequest,
}

impl Item {
    pub const ALL: [Item; 23] = [
        Item::AlbHour,
        Item::AlbLcuHour,
        Item::AlbTrustStoreHour,
        Item::NlbHour,
        Item::NlbNlcuHour,
        Item::HttpApiRequest,
        Item::RestApiRequest,
        Item::WebsocketMessage,
        Item::WebsocketConnectionMinute,
        Item::RestCacheHour(CacheSize::Gb0_5),
        Item::RestCacheHour(CacheSize::Gb1_6),
        Item::RestCacheHour(CacheSize::Gb6_1),
        Item::RestCacheHour(CacheSize::Gb13_5),
        Item::RestCacheHour(CacheSize::Gb28_4),
        Item::RestCacheHour(CacheSize::Gb58_2),
        Item::RestCacheHour(CacheSize::Gb118),
        Item::RestCacheHour(CacheSize::Gb237),
        Item::PublicIpv4InUseHour,
        Item::InterfaceEndpointHour,
        Item::InterfaceEndpointDataProcessed,
        Item::CloudWatchGetMetricDataMetric,
        Item::AlbReservedLcuHour,
        Item::CostExplorerApiRequest,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Item::AlbHour => "alb_hour",
            Item::AlbLcuHour => "alb_lcu_hour",
            Item::AlbTrustStoreHour => "alb_trust_store_hour",
            Item::NlbHour => "nlb_hour",
            Item::NlbNlcuHour => "nlb_nlcu_hour",
            Item::HttpApiRequest => "http_api_request",
            Item::RestApiRequest => "rest_api_request",
            Item::WebsocketMessage => "websocket_message",
            Item::WebsocketConnectionMinute => "websocket_connection_minute",
            Item::RestCacheHour(size) => match size {
                CacheSize::Gb0_5 => "rest_cache_0.5gb_hour",
                CacheSize::Gb1_6 => "rest_cache_1.6gb_hour",
                CacheSize::Gb6_1 => "rest_cache_6.1gb_hour",
                CacheSize::Gb13_5 => "rest_cache_13.5gb_hour",
                CacheSize::Gb28_4 => "rest_cache_28.4gb_hour",
                CacheSize::Gb58_2 => "rest_cache_58.2gb_hour",
                CacheSize::Gb118 => "rest_cache_118gb_hour",
                CacheSize::Gb237 => "rest_cache_237gb_hour",
            },
            Item::PublicIpv4InUseHour => "public_ipv4_in_use_hour",
            Item::InterfaceEndpointHour => "interface_endpoint_hour",
            Item::InterfaceEndpointDataProcessed => "interface_endpoint_data_processed",
            Item::CloudWatchGetMetricDataMetric => "cloudwatch_getmetricdata_metric",
            Item::AlbReservedLcuHour => "alb_reserved_lcu_hour",
            Item::CostExplorerApiRequest => "cost_explorer_api_request",
        }
    }

    pub fn service(self) -> Service {
        match self {
            Item::AlbHour
            | Item::AlbLcuHour
            | Item::AlbTrustStoreHour
            | Item::NlbHour
            | Item::NlbNlcuHour
            | Item::AlbReservedLcuHour => Service::Elb,
            Item::HttpApiRequest
            | Item::RestApiRequest
            | Item::WebsocketMessage
            | Item::WebsocketConnectionMinute
            | Item::RestCacheHour(_) => Service::ApiGateway,
            Item::PublicIpv4InUseHour
            | Item::InterfaceEndpointHour
            | Item::InterfaceEndpointDataProcessed => Service::Vpc,
            Item::CloudWatchGetMetricDataMetric => Service::CloudWatch,
            Item::CostExplorerApiRequest => Service::CostExplorer,
        }
    }

    /// The unit one `usd` buys, as the embedded CSV spells it.
    pub fn unit(self) -> &'static str {
        match self {
            Item::AlbHour | Item::NlbHour | Item::RestCacheHour(_) => "hour",
            Item::AlbLcuHour => "LCU-hour",
            Item::AlbTrustStoreHour => "trust-store-hour",
            Item::NlbNlcuHour => "NLCU-hour",
            Item::HttpApiRequest | Item::RestApiRequest => "request",
            Item::WebsocketMessage => "message",
            Item::WebsocketConnectionMinute => "connection-minute",
            Item::PublicIpv4InUseHour => "address-hour",
            Item::InterfaceEndpointHour => "endpoint-AZ-hour",
            Item::InterfaceEndpointDataProcessed => "GB",
            Item::CloudWatchGetMetricDataMetric => "metric",
            Item::AlbReservedLcuHour => "reserved-LCU-hour",
            Item::CostExplorerApiRequest => "request",
        }
    }

    /// The Price List usage type, with `*` for the region's billing prefix.
    pub fn usage_type_pattern(self) -> &'static str {
        match self {
            Item::AlbHour | Item::NlbHour => "*-LoadBalancerUsage",
            Item::AlbLcuHour | Item::NlbNlcuHour => "*-LCUUsage",
            Item::AlbTrustStoreHour => "*-TS-LoadBalancerUsage",
            Item::HttpApiRequest => "*-ApiGatewayHttpRequest",
            Item::RestApiRequest => "*-ApiGatewayRequest",
            Item::WebsocketMessage => "*-ApiGatewayMessage",
            Item::WebsocketConnectionMinute => "*-ApiGatewayMinute",
            Item::RestCacheHour(_) => "*-ApiGatewayCacheUsage:*",
            Item::PublicIpv4InUseHour => "*-PublicIPv4:InUseAddress",
            Item::InterfaceEndpointHour => "*-VpcEndpoint-Hours",
            Item::InterfaceEndpointDataProcessed => "*-VpcEndpoint-Bytes",
            Item::CloudWatchGetMetricDataMetric => "*-CW:GMD-Metrics",
            Item::AlbReservedLcuHour => "*-ReservedLCUUsage",
            Item::CostExplorerApiRequest => "*-APIRequest",
        }
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Item {
    type Err = PriceError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Item::ALL
            .into_iter()
            .find(|item| item.name() == s)
            .ok_or_else(|| PriceError::UnknownItem(s.to_string()))
    }
}

macro_rules! serde_as_string {
    ($ty:ty, $as_str:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str($as_str(*self))
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_as_string!(Service, Service::code);
serde_as_string!(CacheSize, CacheSize::label);
serde_as_string!(Item, Item::name);
