use crate::pricing::price_list::parse_products;
use crate::pricing::{CacheSize, Item, PriceBook, PriceError, PriceRow};

const FIXTURES: [(&str, &str); 9] = [
    (
        "AWSELB",
        include_str!("data/getproducts-AWSELB-us-east-1.json"),
    ),
    (
        "AWSELB",
        include_str!("data/getproducts-AWSELB-eu-west-1.json"),
    ),
    (
        "AmazonApiGateway",
        include_str!("data/getproducts-AmazonApiGateway-us-east-1.json"),
    ),
    (
        "AmazonApiGateway",
        include_str!("data/getproducts-AmazonApiGateway-eu-west-1.json"),
    ),
    (
        "AmazonVPC",
        include_str!("data/getproducts-AmazonVPC-us-east-1.json"),
    ),
    (
        "AmazonVPC",
        include_str!("data/getproducts-AmazonVPC-eu-west-1.json"),
    ),
    (
        "AmazonCloudWatch",
        include_str!("data/getproducts-AmazonCloudWatch-us-east-1.json"),
    ),
    (
        "AmazonCloudWatch",
        include_str!("data/getproducts-AmazonCloudWatch-eu-west-1.json"),
    ),
    // Cost Explorer is a global service, priced in us-east-1 only.
    (
        "AWSCostExplorer",
        include_str!("data/getproducts-AWSCostExplorer-us-east-1.json"),
    ),
];

/// Items of a global service, which the price list has in us-east-1 only.
fn global(item: Item) -> bool {
    item == Item::CostExplorerApiRequest
}

fn fixture_rows() -> Vec<PriceRow> {
    let mut rows = Vec::new();
    for (service_code, text) in FIXTURES {
        let docs: Vec<String> = serde_json::from_str(text).expect("a fixture is a JSON array");
        rows.extend(parse_products(service_code, &docs).expect("fixtures parse"));
    }
    rows
}

#[test]
fn fixtures_build_the_same_book_as_the_embedded_csv() {
    let parsed =
        PriceBook::from_rows(fixture_rows(), "GetProducts fixtures", "2026-09-21").unwrap();
    let embedded = PriceBook::embedded();
    assert_eq!(parsed.regions(), vec!["eu-west-1", "us-east-1"]);
    for region in ["us-east-1", "eu-west-1"] {
        for item in Item::ALL {
            if global(item) && region != "us-east-1" {
                assert!(parsed.price(region, item).is_none());
                continue;
            }
            let want = embedded.price(region, item).expect("the feed prices it");
            let got = parsed
                .price(region, item)
                .unwrap_or_else(|| panic!("no {item} in {region} from the fixtures"));
            assert_eq!(got.tiers, want.tiers, "{item} in {region}");
            assert_eq!(got.unit, want.unit, "{item} in {region}");
            assert_eq!(got.as_of, want.as_of, "{item} in {region}");
        }
    }
    let globals = Item::ALL.iter().filter(|i| global(**i)).count();
    assert_eq!(parsed.prices().count(), 2 * Item::ALL.len() - globals);
}

#[test]
fn fixture_decoys_are_skipped() {
    let rows = fixture_rows();
    for row in &rows {
        for decoy in [
            "Outposts",
            "Idle",
            "GWLBE",
            "Portal",
            "Contiguous",
            "NatGateway",
            "DataProcessing",
            "BOS1",
            "GMWI",
            "CW:Requests",
            "MetricMonitor",
            "AlarmMonitor",
        ] {
            assert!(
                !row.usage_type.contains(decoy),
                "{} kept for {}",
                row.usage_type,
                row.item
            );
        }
        assert!(
            row.region == "us-east-1" || row.region == "eu-west-1",
            "{}",
            row.region
        );
    }
    let us_east_alb: Vec<&PriceRow> = rows
        .iter()
        .filter(|r| r.region == "us-east-1" && r.item == Item::AlbHour)
        .collect();
    assert_eq!(us_east_alb.len(), 1);
    assert_eq!(us_east_alb[0].usd, 0.0225);
    assert_eq!(us_east_alb[0].usage_type, "LoadBalancerUsage");
    // Reserved LCUs are an item of their own, never the LCU-hour rate.
    for (region, usage_type) in [
        ("us-east-1", "ReservedLCUUsage"),
        ("eu-west-1", "EU-ReservedLCUUsage"),
    ] {
        let reserved: Vec<&PriceRow> = rows
            .iter()
            .filter(|r| r.region == region && r.usage_type.contains("Reserved"))
            .collect();
        assert_eq!(reserved.len(), 1, "{region}");
        assert_eq!(reserved[0].item, Item::AlbReservedLcuHour);
        assert_eq!(reserved[0].usage_type, usage_type);
        assert_eq!(reserved[0].usd, 0.008);
    }
    let trust_store = rows
        .iter()
        .find(|r| r.region == "us-east-1" && r.item == Item::AlbTrustStoreHour)
        .unwrap();
    assert_eq!(trust_store.usage_type, "TS-LoadBalancerUsage");
    assert_eq!(trust_store.usd, 0.005);
}

#[test]
fn fixture_rows_carry_sku_sources_and_publication_dates() {
    let rows = fixture_rows();
    let http = rows
        .iter()
        .find(|r| r.region == "us-east-1" && r.item == Item::HttpApiRequest)
        .unwrap();
    assert_eq!(
        http.source,
        "AWS Price List GetProducts AmazonApiGateway; sku=FC2TWT2UEPTBKVBX; usagetype=USE1-ApiGatewayHttpRequest"
    );
    assert_eq!(http.as_of.as_deref(), Some("2026-09-21"));
    assert_eq!(http.unit, "request");
}

#[test]
fn cache_sizes_come_from_the_attribute_or_the_usage_type_suffix() {
    let rows = fixture_rows();
    let cache = |region: &str, size| {
        rows.iter()
            .find(|r| r.region == region && r.item == Item::RestCacheHour(size))
            .unwrap_or_else(|| panic!("no {size} GB cache in {region}"))
    };
    assert_eq!(
        cache("us-east-1", CacheSize::Gb1_6).usage_type,
        "USE1-ApiGatewayCacheUsage:1.55GB"
    );
    assert_eq!(
        cache("eu-west-1", CacheSize::Gb6_1).usage_type,
        "EU-ApiGatewayCacheUsage:Cache6.05GB"
    );
    assert_eq!(cache("eu-west-1", CacheSize::Gb237).usd, 3.8);
}

/// A minimal product document in the GetProducts shape.
fn product(
    service_code: &str,
    family: &str,
    attributes: &[(&str, &str)],
    dimensions: &[(&str, &str, &str)],
) -> String {
    let mut attrs = serde_json::Map::new();
    attrs.insert("locationType".into(), "AWS Region".into());
    attrs.insert("regionCode".into(), "us-east-1".into());
    for (key, value) in attributes {
        attrs.insert((*key).into(), (*value).into());
    }
    let mut price_dimensions = serde_json::Map::new();
    for (index, (begin, end, usd)) in dimensions.iter().enumerate() {
        price_dimensions.insert(
            format!("SKU.JRTCKXETXF.RATE{index}"),
            serde_json::json!({
                "unit": "Hrs", "beginRange": begin, "endRange": end,
                "description": "test", "pricePerUnit": {"USD": usd}
            }),
        );
    }
    serde_json::json!({
        "product": {"productFamily": family, "attributes": attrs, "sku": "SKU"},
        "serviceCode": service_code,
        "terms": {"OnDemand": {"SKU.JRTCKXETXF": {"priceDimensions": price_dimensions,
                                                  "offerTermCode": "JRTCKXETXF"}}},
        "publicationDate": "2026-07-20T18:49:50Z"
    })
    .to_string()
}

fn elb(family: &str, usage_type: &str, extra: &[(&str, &str)], usd: &str) -> String {
    let mut attributes = vec![("usagetype", usage_type)];
    attributes.extend_from_slice(extra);
    product("AWSELB", family, &attributes, &[("0", "Inf", usd)])
}

const ALB: &str = "Load Balancer-Application";
const NLB: &str = "Load Balancer-Network";

fn items(rows: &[PriceRow]) -> Vec<(Item, f64)> {
    rows.iter().map(|r| (r.item, r.usd)).collect()
}

#[test]
fn alb_and_nlb_are_told_apart_by_product_family() {
    let docs = vec![
        elb(ALB, "USE1-LoadBalancerUsage", &[], "0.0225"),
        elb(NLB, "USE1-LoadBalancerUsage", &[], "0.0226"),
        elb(ALB, "USE1-LCUUsage", &[], "0.008"),
        elb(NLB, "USE1-LCUUsage", &[], "0.006"),
        elb("Load Balancer-Gateway", "USE1-LCUUsage", &[], "0.004"),
        elb("Load Balancer", "USE1-LoadBalancerUsage", &[], "0.025"),
    ];
    assert_eq!(
        items(&parse_products("AWSELB", &docs).unwrap()),
        vec![
            (Item::AlbHour, 0.0225),
            (Item::NlbHour, 0.0226),
            (Item::AlbLcuHour, 0.008),
            (Item::NlbNlcuHour, 0.006),
        ]
    );
}

#[test]
fn look_alike_elb_usage_types_are_not_the_on_demand_rates() {
    let docs = vec![
        elb(ALB, "TS-LoadBalancerUsage", &[], "0.005"),
        elb(ALB, "USE1-TS-LoadBalancerUsage", &[], "0.005"),
        elb(ALB, "Outposts-LoadBalancerUsage", &[], "0.0225"),
        elb(ALB, "USE1-Outposts-LCUUsage", &[], "0"),
        elb(ALB, "USE1-ReservedLCUUsage", &[], "0.008"),
        elb(ALB, "USE1-IdleProvisionedLBCapacity", &[], "0.008"),
        elb(
            ALB,
            "LoadBalancerUsage",
            &[("locationType", "AWS Local Zone")],
            "0.027",
        ),
        elb(
            ALB,
            "LoadBalancerUsage",
            &[("locationType", "AWS Wavelength Zone")],
            "0.030375",
        ),
        elb(
            ALB,
            "UGW1-LoadBalancerUsage",
            &[("regionCode", "us-gov-west-1")],
            "0.027",
        ),
        elb(
            ALB,
            "LoadBalancerUsage",
            &[("regionCode", "cn-north-1")],
            "0.1",
        ),
    ];
    let rows = parse_products("AWSELB", &docs).unwrap();
    // Reserved LCUs are their own item (an LCU reservation), never the LCU-hour rate; idle
    // provisioned capacity, Outposts, Local/Wavelength Zones and other partitions are skipped.
    assert_eq!(
        items(&rows),
        vec![
            (Item::AlbTrustStoreHour, 0.005),
            (Item::AlbReservedLcuHour, 0.008)
        ]
    );
    assert!(rows
        .iter()
        .all(|r| r.item != Item::AlbLcuHour && r.item != Item::AlbHour));
}

#[test]
fn the_same_price_from_two_products_is_kept_once() {
    let docs = vec![
        elb(ALB, "LoadBalancerUsage", &[], "0.0225"),
        elb(ALB, "USE1-LoadBalancerUsage", &[], "0.0225"),
    ];
    let rows = parse_products("AWSELB", &docs).unwrap();
    assert_eq!(items(&rows), vec![(Item::AlbHour, 0.0225)]);
    assert_eq!(rows[0].usage_type, "LoadBalancerUsage");
}

#[test]
fn conflicting_prices_for_one_tier_are_an_error() {
    let docs = vec![
        elb(ALB, "LoadBalancerUsage", &[], "0.0225"),
        elb(ALB, "USE1-LoadBalancerUsage", &[], "0.03"),
    ];
    assert_eq!(
        parse_products("AWSELB", &docs).unwrap_err().to_string(),
        "price list AWSELB document 1: alb_hour in us-east-1 from 0: 0.03 (USE1-LoadBalancerUsage) conflicts with 0.0225 (LoadBalancerUsage)"
    );
}

#[test]
fn tiered_dimensions_become_tier_rows() {
    let doc = product(
        "AmazonApiGateway",
        "API Calls",
        &[("usagetype", "APS5-ApiGatewayHttpRequest")],
        &[
            ("300000000", "Inf", "0.0000009"),
            ("0", "300000000", "0.000001"),
        ],
    )
    .replace("\"us-east-1\"", "\"ap-southeast-5\"");
    let rows = parse_products("AmazonApiGateway", &[doc]).unwrap();
    let mut tiers: Vec<(f64, Option<f64>, f64)> = rows
        .iter()
        .map(|r| (r.tier_start, r.tier_end, r.usd))
        .collect();
    tiers.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        tiers,
        vec![(0.0, Some(3e8), 0.000001), (3e8, None, 0.0000009)]
    );
    assert!(rows.iter().all(|r| r.region == "ap-southeast-5"));
    let book = PriceBook::from_rows(rows, "t", "2026-09-21").unwrap();
    assert_eq!(
        book.price("ap-southeast-5", Item::HttpApiRequest)
            .unwrap()
            .tiers
            .len(),
        2
    );
}

#[test]
fn api_gateway_and_vpc_usage_types_map_to_items() {
    let api = |usage_type: &str, extra: &[(&str, &str)]| {
        let mut attributes = vec![("usagetype", usage_type)];
        attributes.extend_from_slice(extra);
        product("AmazonApiGateway", "x", &attributes, &[("0", "Inf", "1")])
    };
    let docs = vec![
        api("USE1-ApiGatewayRequest", &[]),
        api("USE1-ApiGatewayMessage", &[]),
        api("USE1-ApiGatewayMinute", &[]),
        api("USE1-ApiGatewayCacheUsage:Cache0.5GB", &[]),
        api(
            "USE1-ApiGatewayCacheUsage:LargeCache",
            &[("cacheMemorySizeGb", "13.5")],
        ),
        api("USE1-ApiGatewayCacheUsage:Cache999GB", &[]),
        api("USE1-ApiGatewayPortal-Products", &[]),
    ];
    assert_eq!(
        items(&parse_products("AmazonApiGateway", &docs).unwrap()),
        vec![
            (Item::RestApiRequest, 1.0),
            (Item::WebsocketMessage, 1.0),
            (Item::WebsocketConnectionMinute, 1.0),
            (Item::RestCacheHour(CacheSize::Gb0_5), 1.0),
            (Item::RestCacheHour(CacheSize::Gb13_5), 1.0),
        ]
    );

    let vpc = |usage_type: &str| {
        product(
            "AmazonVPC",
            "x",
            &[("usagetype", usage_type)],
            &[("0", "Inf", "0.01")],
        )
    };
    let docs = vec![
        vpc("PublicIPv4:InUseAddress"),
        vpc("USE1-PublicIPv4:IdleAddress"),
        vpc("USE1-VpcEndpoint-Hours"),
        vpc("USE1-VpcEndpoint-GWLBE-Hours"),
        vpc("USE1-VpcEndpoint-Bytes"),
    ];
    assert_eq!(
        items(&parse_products("AmazonVPC", &docs).unwrap()),
        vec![
            (Item::PublicIpv4InUseHour, 0.01),
            (Item::InterfaceEndpointHour, 0.01),
            (Item::InterfaceEndpointDataProcessed, 0.01),
        ]
    );
}

#[test]
fn a_cache_size_attribute_that_contradicts_the_usage_type_is_an_error() {
    let doc = product(
        "AmazonApiGateway",
        "Amazon API Gateway Cache",
        &[
            ("usagetype", "USE1-ApiGatewayCacheUsage:0.5GB"),
            ("cacheMemorySizeGb", "1.6"),
        ],
        &[("0", "Inf", "0.02")],
    );
    assert_eq!(
        parse_products("AmazonApiGateway", &[doc])
            .unwrap_err()
            .to_string(),
        "price list AmazonApiGateway document 0: USE1-ApiGatewayCacheUsage:0.5GB: cacheMemorySizeGb says 1.6 GB but the usage type says 0.5 GB"
    );
}

#[test]
fn malformed_documents_are_errors_naming_the_document() {
    let good = elb(ALB, "LoadBalancerUsage", &[], "0.0225");
    let err = |service: &str, docs: Vec<String>| {
        let message = parse_products(service, &docs).unwrap_err().to_string();
        assert!(!message.contains('\n'), "not one line: {message}");
        message
    };
    assert!(err("AWSELB", vec![good.clone(), "{not json".into()])
        .starts_with("price list AWSELB document 1: not a product document: "));
    assert!(err("AWSELB", vec!["{}".into()]).starts_with(
        "price list AWSELB document 0: not a product document: missing field `product`"
    ));
    assert_eq!(
        err("AmazonVPC", vec![good.clone()]),
        "price list AmazonVPC document 0: serviceCode is AWSELB, but AmazonVPC was requested"
    );
    assert_eq!(
        err("AWSELB", vec![good.replace("\"USD\"", "\"CNY\"")]),
        "price list AWSELB document 0: LoadBalancerUsage: a price dimension has no USD price"
    );
    assert_eq!(
        err("AWSELB", vec![good.replace("0.0225", "cheap")]),
        "price list AWSELB document 0: LoadBalancerUsage: bad number 'cheap' in pricePerUnit.USD"
    );
    assert_eq!(
        err("AWSELB", vec![good.replace("2026-07-20T18:49:50Z", "July")]),
        "price list AWSELB document 0: publicationDate 'July' is not a date"
    );
    assert_eq!(
        parse_products("AWSLambda", &[good]),
        Err(PriceError::UnknownService("AWSLambda".into()))
    );
}

#[test]
fn products_without_usage_type_region_or_on_demand_terms_are_skipped() {
    let no_region = product(
        "AWSELB",
        ALB,
        &[("usagetype", "LoadBalancerUsage")],
        &[("0", "Inf", "1")],
    )
    .replace("\"regionCode\":\"us-east-1\",", "");
    let reserved_only = serde_json::json!({
        "product": {"productFamily": ALB, "attributes": {
            "usagetype": "LoadBalancerUsage", "regionCode": "us-east-1", "locationType": "AWS Region"}},
        "terms": {"Reserved": {}}
    })
    .to_string();
    let rows = parse_products("AWSELB", &[no_region, reserved_only]).unwrap();
    assert!(rows.is_empty(), "{rows:?}");
}

#[test]
fn cloudwatch_keeps_only_the_getmetricdata_metric_rate() {
    let rows = fixture_rows();
    let cloudwatch: Vec<&PriceRow> = rows
        .iter()
        .filter(|r| r.item.service() == crate::pricing::Service::CloudWatch)
        .collect();
    let mut seen: Vec<(&str, &str, f64, Option<&str>)> = cloudwatch
        .iter()
        .map(|r| {
            (
                r.region.as_str(),
                r.usage_type.as_str(),
                r.usd,
                r.as_of.as_deref(),
            )
        })
        .collect();
    seen.sort_by(|a, b| a.0.cmp(b.0));
    assert_eq!(
        seen,
        vec![
            (
                "eu-west-1",
                "EU-CW:GMD-Metrics",
                0.00001,
                Some("2025-12-17")
            ),
            ("us-east-1", "CW:GMD-Metrics", 0.00001, Some("2025-12-17")),
        ]
    );
    assert!(cloudwatch
        .iter()
        .all(|r| r.item == Item::CloudWatchGetMetricDataMetric && r.unit == "metric"));

    // Usage types that share the CW: family, a billing prefix that is not one, São Paulo's
    // own rate and GovCloud.
    let cw = |usage_type: &str, region: &str, usd: &str| {
        product(
            "AmazonCloudWatch",
            "API Request",
            &[("usagetype", usage_type), ("regionCode", region)],
            &[("0", "Inf", usd)],
        )
    };
    let docs = vec![
        cw("SAE1-CW:GMD-Metrics", "sa-east-1", "0.000014"),
        cw("SAE1-CW:GMWI-Metrics", "sa-east-1", "0.000028"),
        cw("SAE1-CW:Requests", "sa-east-1", "0.00001"),
        cw("SAE1-CW:GMD-Metrics-Extra", "sa-east-1", "0.1"),
        cw("SAE1-Insights-CW:GMD-Metrics", "sa-east-1", "0.1"),
        cw("UGW1-CW:GMD-Metrics", "us-gov-west-1", "0.000012"),
    ];
    let rows = parse_products("AmazonCloudWatch", &docs).unwrap();
    assert_eq!(
        items(&rows),
        vec![(Item::CloudWatchGetMetricDataMetric, 0.000014)]
    );
    assert_eq!(rows[0].region, "sa-east-1");
}
