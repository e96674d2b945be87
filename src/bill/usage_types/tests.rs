use super::*;
use crate::pricing::PriceBook;

/// Every kind crossover reads from a bill.
fn kinds() -> Vec<UsageKind> {
    let mut kinds: Vec<UsageKind> = Item::ALL
        .into_iter()
        .filter(|i| {
            !matches!(
                i,
                Item::NlbHour
                    | Item::NlbNlcuHour
                    | Item::CloudWatchGetMetricDataMetric
                    | Item::CostExplorerApiRequest
            )
        })
        .map(UsageKind::Priced)
        .collect();
    kinds.push(UsageKind::IdleReservedLcu);
    kinds
}

#[test]
fn every_region_of_the_price_book_has_a_billing_code_and_codes_are_unique() {
    let book = PriceBook::embedded();
    for region in book.regions() {
        assert!(
            billing_code(region).is_some(),
            "{region} has no billing code"
        );
    }
    let mut codes: Vec<&str> = BILLING_CODES.iter().map(|(_, c)| *c).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), BILLING_CODES.len());
    assert_eq!(book.regions().len(), BILLING_CODES.len());
}

#[test]
fn every_usage_type_of_every_region_reads_back_as_its_kind_and_region() {
    for (region, code) in BILLING_CODES {
        for kind in kinds() {
            let ut = usage_type(kind, region).unwrap();
            assert_eq!(classify(&ut), Some((region, kind)), "{ut}");
            let unprefixed = region == "us-east-1" && kind.service() == Service::Elb;
            if unprefixed {
                assert!(!ut.contains('-') || ut.starts_with("TS-"), "{ut}");
                // The prefixed spelling reads the same.
                assert_eq!(classify(&format!("USE1-{ut}")), Some((region, kind)));
            } else {
                assert!(ut.starts_with(&format!("{code}-")), "{ut}");
            }
            assert_eq!(region_of(&ut), region);
        }
    }
}

#[test]
fn the_strings_aws_bills() {
    let cases = [
        ("LCUUsage", "us-east-1", UsageKind::Priced(Item::AlbLcuHour)),
        (
            "LoadBalancerUsage",
            "us-east-1",
            UsageKind::Priced(Item::AlbHour),
        ),
        (
            "TS-LoadBalancerUsage",
            "us-east-1",
            UsageKind::Priced(Item::AlbTrustStoreHour),
        ),
        (
            "EU-TS-LoadBalancerUsage",
            "eu-west-1",
            UsageKind::Priced(Item::AlbTrustStoreHour),
        ),
        (
            "ReservedLCUUsage",
            "us-east-1",
            UsageKind::Priced(Item::AlbReservedLcuHour),
        ),
        (
            "EUC1-IdleProvisionedLBCapacity",
            "eu-central-1",
            UsageKind::IdleReservedLcu,
        ),
        (
            "USE1-ApiGatewayHttpRequest",
            "us-east-1",
            UsageKind::Priced(Item::HttpApiRequest),
        ),
        (
            "APS3-ApiGatewayRequest",
            "ap-south-1",
            UsageKind::Priced(Item::RestApiRequest),
        ),
        (
            "CAN2-ApiGatewayMessage",
            "ca-west-1",
            UsageKind::Priced(Item::WebsocketMessage),
        ),
        (
            "APS9-ApiGatewayMinute",
            "ap-southeast-7",
            UsageKind::Priced(Item::WebsocketConnectionMinute),
        ),
        (
            "USE1-PublicIPv4:InUseAddress",
            "us-east-1",
            UsageKind::Priced(Item::PublicIpv4InUseHour),
        ),
        (
            "EU-VpcEndpoint-Hours",
            "eu-west-1",
            UsageKind::Priced(Item::InterfaceEndpointHour),
        ),
        (
            "USW2-VpcEndpoint-Bytes",
            "us-west-2",
            UsageKind::Priced(Item::InterfaceEndpointDataProcessed),
        ),
        (
            "USE1-ApiGatewayCacheUsage:1.55GB",
            "us-east-1",
            UsageKind::Priced(Item::RestCacheHour(CacheSize::Gb1_6)),
        ),
        (
            "EU-ApiGatewayCacheUsage:Cache6.05GB",
            "eu-west-1",
            UsageKind::Priced(Item::RestCacheHour(CacheSize::Gb6_1)),
        ),
        (
            "EU-ApiGatewayCacheUsage:Cache237GB",
            "eu-west-1",
            UsageKind::Priced(Item::RestCacheHour(CacheSize::Gb237)),
        ),
    ];
    for (ut, region, kind) in cases {
        assert_eq!(classify(ut), Some((region, kind)), "{ut}");
    }
}

#[test]
fn decoys_are_not_read() {
    for ut in [
        "USE1-Outposts-LCUUsage",
        "Outposts-LoadBalancerUsage",
        "USE1-BOS1-LoadBalancerUsage",
        "USE1-WL1-BOS1-LoadBalancerUsage",
        "UGE1-LoadBalancerUsage",
        "UGW1-ApiGatewayRequest",
        "EU-PublicIPv4:IdleAddress",
        "USE1-PublicIPv4:ContiguousBlock",
        "USE1-VpcEndpoint-GWLBE-Hours",
        "USE1-NatGateway-Hours",
        "EU-DataProcessing-Bytes",
        "USE1-ApiGatewayPortal-Products",
        "USE1-ApiGatewayCacheUsage:3GB",
    ] {
        assert_eq!(classify(ut), None, "{ut}");
    }
}

#[test]
fn unclassified_usage_types_still_name_their_service() {
    assert_eq!(
        service_of_unclassified("USE1-ApiGatewayPortal-Products"),
        Some(Service::ApiGateway)
    );
    assert_eq!(
        service_of_unclassified("USE1-BOS1-LoadBalancerUsage"),
        Some(Service::Elb)
    );
    assert_eq!(service_of_unclassified("USE1-NatGateway-Hours"), None);
    assert_eq!(region_of("USE1-BOS1-LoadBalancerUsage"), "us-east-1");
    assert_eq!(region_of("APS8-ApiGatewayRequest"), "ap-southeast-6");
}

#[test]
fn only_an_albs_load_balancing_lines_are_relevant() {
    use crate::bill::is_relevant;
    assert!(is_relevant(
        "AWSELB",
        "LCUUsage",
        "LoadBalancing:Application"
    ));
    assert!(!is_relevant("AWSELB", "LCUUsage", "LoadBalancing:Network"));
    assert!(!is_relevant(
        "AWSELB",
        "EU-LoadBalancerUsage",
        "LoadBalancing"
    ));
    assert!(is_relevant(
        "AmazonApiGateway",
        "USE1-ApiGatewayRequest",
        "ApiGatewayRequest"
    ));
    assert!(is_relevant("AmazonVPC", "USE1-PublicIPv4:InUseAddress", ""));
    assert!(!is_relevant(
        "AmazonVPC",
        "USE1-NatGateway-Hours",
        "NatGateway"
    ));
    assert!(!is_relevant(
        "AmazonEC2",
        "USE1-PublicIPv4:InUseAddress",
        ""
    ));
}
