//! How the bill names what crossover models: the usage type of each priced item, with the
//! billing code of every commercial region in front of it. This is data, kept here in one
//! table each, with a test per usage type and region (docs/reconcile.md cites the sources).
//!
//! - Region billing codes: "AWS Region billing codes",
//!   <https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-region-billing-codes.html>.
//! - Usage types: the AWS Price List (`pricing:GetProducts` attribute `usagetype`) of the
//!   services AWSELB, AmazonApiGateway and AmazonVPC; see shared price feed notes in
//!   docs/reconcile.md. Elastic Load Balancing (like CloudWatch) bills us-east-1 with no
//!   prefix (`LCUUsage`), API Gateway and VPC with `USE1-` (`USE1-ApiGatewayHttpRequest`).
//! - ALBs and NLBs share `LoadBalancerUsage` and `LCUUsage`: only rows whose operation is
//!   [`ALB_OPERATION`] are an ALB's.

use crate::pricing::{CacheSize, Item, Service};

/// The operation of every Application Load Balancer charge (NLBs bill
/// `LoadBalancing:Network`, Gateway LBs `LoadBalancing:Gateway`, Classic LBs `LoadBalancing`).
pub const ALB_OPERATION: &str = "LoadBalancing:Application";

/// Region → billing code, for the 34 commercial regions of the price book.
pub const BILLING_CODES: [(&str, &str); 34] = [
    ("us-east-1", "USE1"),
    ("us-east-2", "USE2"),
    ("us-west-1", "USW1"),
    ("us-west-2", "USW2"),
    ("ca-central-1", "CAN1"),
    ("ca-west-1", "CAN2"),
    ("mx-central-1", "MXC1"),
    ("af-south-1", "AFS1"),
    ("ap-east-1", "APE1"),
    ("ap-east-2", "APE2"),
    ("ap-northeast-1", "APN1"),
    ("ap-northeast-2", "APN2"),
    ("ap-northeast-3", "APN3"),
    ("ap-southeast-1", "APS1"),
    ("ap-southeast-2", "APS2"),
    ("ap-south-1", "APS3"),
    ("ap-southeast-3", "APS4"),
    ("ap-south-2", "APS5"),
    ("ap-southeast-4", "APS6"),
    ("ap-southeast-5", "APS7"),
    ("ap-southeast-6", "APS8"),
    ("ap-southeast-7", "APS9"),
    ("eu-west-1", "EU"),
    ("eu-west-2", "EUW2"),
    ("eu-west-3", "EUW3"),
    ("eu-central-1", "EUC1"),
    ("eu-central-2", "EUC2"),
    ("eu-north-1", "EUN1"),
    ("eu-south-1", "EUS1"),
    ("eu-south-2", "EUS2"),
    ("il-central-1", "ILC1"),
    ("me-central-1", "MEC1"),
    ("me-south-1", "MES1"),
    ("sa-east-1", "SAE1"),
];

pub fn billing_code(region: &str) -> Option<&'static str> {
    BILLING_CODES
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, c)| *c)
}

fn region_of_code(code: &str) -> Option<&'static str> {
    BILLING_CODES
        .iter()
        .find(|(_, c)| *c == code)
        .map(|(r, _)| *r)
}

/// What a billed usage type is, as far as crossover is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UsageKind {
    /// A charge crossover prices.
    Priced(Item),
    /// Reserved LCUs left idle, which the model does not split from the reservation: it prices
    /// the whole reservation as `ReservedLCUUsage` (AWS's price list rates idle hours only in
    /// a few Local Zones and regions).
    IdleReservedLcu,
}

impl UsageKind {
    pub fn service(self) -> Service {
        match self {
            UsageKind::Priced(item) => item.service(),
            UsageKind::IdleReservedLcu => Service::Elb,
        }
    }

    /// Usage types other products bill too (an EC2 instance's address, an S3 endpoint): the
    /// bill's figure for the account is more than the resources crossover reads.
    pub fn is_shared(self) -> bool {
        matches!(
            self,
            UsageKind::Priced(
                Item::PublicIpv4InUseHour
                    | Item::InterfaceEndpointHour
                    | Item::InterfaceEndpointDataProcessed
            )
        )
    }
}

/// The usage type after the region code, per kind. A REST cache is
/// `ApiGatewayCacheUsage:<size>GB` (the price list also spells it `…:Cache<size>GB`, and sizes
/// 1.6 and 6.1 as 1.55 and 6.05; [`classify`] reads every spelling).
const SUFFIXES: [(&str, UsageKind); 13] = [
    ("LoadBalancerUsage", UsageKind::Priced(Item::AlbHour)),
    ("LCUUsage", UsageKind::Priced(Item::AlbLcuHour)),
    (
        "TS-LoadBalancerUsage",
        UsageKind::Priced(Item::AlbTrustStoreHour),
    ),
    (
        "ReservedLCUUsage",
        UsageKind::Priced(Item::AlbReservedLcuHour),
    ),
    ("IdleProvisionedLBCapacity", UsageKind::IdleReservedLcu),
    (
        "ApiGatewayHttpRequest",
        UsageKind::Priced(Item::HttpApiRequest),
    ),
    ("ApiGatewayRequest", UsageKind::Priced(Item::RestApiRequest)),
    (
        "ApiGatewayMessage",
        UsageKind::Priced(Item::WebsocketMessage),
    ),
    (
        "ApiGatewayMinute",
        UsageKind::Priced(Item::WebsocketConnectionMinute),
    ),
    (
        "PublicIPv4:InUseAddress",
        UsageKind::Priced(Item::PublicIpv4InUseHour),
    ),
    (
        "VpcEndpoint-Hours",
        UsageKind::Priced(Item::InterfaceEndpointHour),
    ),
    (
        "VpcEndpoint-Bytes",
        UsageKind::Priced(Item::InterfaceEndpointDataProcessed),
    ),
    // The cache sizes: one entry stands for all, see `cache_suffix`.
    (
        "ApiGatewayCacheUsage:",
        UsageKind::Priced(Item::RestCacheHour(CacheSize::Gb0_5)),
    ),
];

const CACHE_PREFIX: &str = "ApiGatewayCacheUsage:";

/// Whether the service bills its us-east-1 usage types with no region code.
fn unprefixed_in_us_east_1(service: Service) -> bool {
    matches!(service, Service::Elb | Service::CloudWatch)
}

/// The usage type the bill shows for `kind` in `region`; `None` for a region with no
/// billing code.
pub fn usage_type(kind: UsageKind, region: &str) -> Option<String> {
    let code = billing_code(region)?;
    let suffix = match kind {
        UsageKind::Priced(Item::RestCacheHour(size)) => format!("{CACHE_PREFIX}{}GB", size.label()),
        _ => SUFFIXES
            .iter()
            .find(|(s, k)| *k == kind && *s != CACHE_PREFIX)?
            .0
            .to_owned(),
    };
    if region == "us-east-1" && unprefixed_in_us_east_1(kind.service()) {
        Some(suffix)
    } else {
        Some(format!("{code}-{suffix}"))
    }
}

/// The region and kind of a billed usage type; `None` for usage types crossover does not
/// read (Outposts, Local and Wavelength Zones, NAT gateways, idle addresses, GovCloud).
pub fn classify(usage_type: &str) -> Option<(&'static str, UsageKind)> {
    let (region, rest) = match usage_type.split_once('-') {
        Some((code, rest)) => match region_of_code(code) {
            Some(region) => (region, rest),
            None => ("us-east-1", usage_type),
        },
        None => ("us-east-1", usage_type),
    };
    if let Some(size) = rest.strip_prefix(CACHE_PREFIX) {
        let size = size.strip_prefix("Cache").unwrap_or(size);
        let size = size.strip_suffix("GB")?;
        let size: CacheSize = size.parse().ok()?;
        return Some((region, UsageKind::Priced(Item::RestCacheHour(size))));
    }
    // Read leniently: an unprefixed usage type is us-east-1 whichever service bills it.
    let kind = SUFFIXES
        .iter()
        .find(|(s, _)| *s != CACHE_PREFIX && *s == rest)?
        .1;
    Some((region, kind))
}

/// The service of a usage type crossover does not classify, read from its name (Cost
/// Explorer groups carry no product code); `None` when it names none of the three.
pub fn service_of_unclassified(usage_type: &str) -> Option<Service> {
    if usage_type.contains("ApiGateway") {
        Some(Service::ApiGateway)
    } else if usage_type.contains("LoadBalancer")
        || usage_type.contains("LCU")
        || usage_type.contains("LBCapacity")
    {
        Some(Service::Elb)
    } else {
        None
    }
}

/// The region a usage type's code names, whatever follows it (`USE1-BOS1-LoadBalancerUsage`
/// is us-east-1); unprefixed ones are us-east-1.
pub fn region_of(usage_type: &str) -> &'static str {
    usage_type
        .split_once('-')
        .and_then(|(code, _)| region_of_code(code))
        .unwrap_or("us-east-1")
}

#[cfg(test)]
mod tests;
