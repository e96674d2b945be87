use super::{assert_close, flat, tiers};
use crate::pricing::{
    load_prices_file, CacheSize, Item, Overrides, PriceBook, PriceError, PriceRow, Service, Tier,
    CSV_COLUMNS, EMBEDDED_SOURCE,
};

const EMBEDDED_CSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv"));

const HEADER: &str = "region,service,item,unit,usd,tier_start,tier_end,usage_type,source,as_of";

fn csv_with(rows: &[&str]) -> String {
    let mut text = format!("{HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    text
}

fn csv_error(text: &str) -> String {
    let err = PriceBook::from_csv(text, "prices.csv").expect_err("the CSV should be rejected");
    let message = err.to_string();
    assert!(!message.contains('\n'), "not one line: {message}");
    message
}

const ALB_ROW: &str =
    "us-east-1,AWSELB,alb_hour,hour,0.0225,0,,*-LoadBalancerUsage,test,2026-07-20";

fn http_rows(first_end: &str, second_start: &str) -> [String; 2] {
    [
        format!("us-east-1,AmazonApiGateway,http_api_request,request,0.000001,0,{first_end},*-ApiGatewayHttpRequest,test,2026-09-21"),
        format!("us-east-1,AmazonApiGateway,http_api_request,request,0.0000009,{second_start},,*-ApiGatewayHttpRequest,test,2026-09-21"),
    ]
}

#[test]
fn embedded_book_covers_34_regions_with_every_feed_row() {
    let book = PriceBook::embedded();
    assert_eq!(book.regions().len(), 34);
    assert_eq!(book.source(), EMBEDDED_SOURCE);
    assert_eq!(book.as_of(), "2026-09-21");
    let tier_rows: usize = book.prices().map(|(_, price)| price.tiers.len()).sum();
    assert_eq!(tier_rows, EMBEDDED_CSV.lines().count() - 1);
}

#[test]
fn embedded_units_and_usage_types_match_the_item_definitions() {
    for (region, price) in PriceBook::embedded().prices() {
        assert_eq!(price.unit, price.item.unit(), "{} in {region}", price.item);
        assert_eq!(
            price.usage_type,
            price.item.usage_type_pattern(),
            "{} in {region}",
            price.item
        );
    }
}

#[test]
fn embedded_prices_carry_their_feed_dates() {
    let book = PriceBook::embedded();
    let date = |item| book.price("us-east-1", item).unwrap().as_of.clone();
    assert_eq!(date(Item::AlbHour), "2026-07-20");
    assert_eq!(date(Item::HttpApiRequest), "2026-09-21");
    assert_eq!(date(Item::PublicIpv4InUseHour), "2026-06-25");
}

#[test]
fn missing_prices_stay_absent() {
    let book = PriceBook::embedded();
    assert!(book
        .price("ap-southeast-5", Item::WebsocketMessage)
        .is_none());
    assert!(book
        .price("ap-southeast-5", Item::WebsocketConnectionMinute)
        .is_none());
    assert!(book
        .price("ap-southeast-6", Item::WebsocketMessage)
        .is_none());
    assert!(book
        .price("ap-southeast-6", Item::WebsocketConnectionMinute)
        .is_some());
    assert!(book.price("ap-southeast-5", Item::HttpApiRequest).is_some());
    assert!(book.price("us-gov-west-1", Item::AlbHour).is_none());
}

#[test]
fn eu_west_1_is_priced_at_its_own_rates() {
    assert_eq!(flat("eu-west-1", Item::AlbHour), 0.0252);
    assert_eq!(flat("us-east-1", Item::AlbHour), 0.0225);
    assert_eq!(flat("eu-west-1", Item::AlbTrustStoreHour), 0.0056);
    assert_eq!(flat("us-east-1", Item::AlbTrustStoreHour), 0.005);
    let http = tiers("eu-west-1", Item::HttpApiRequest);
    assert_eq!(
        http,
        vec![
            Tier {
                start: 0.0,
                end: Some(300e6),
                usd: 0.00000111
            },
            Tier {
                start: 300e6,
                end: None,
                usd: 0.000001
            },
        ]
    );
    let rest: Vec<f64> = tiers("eu-west-1", Item::RestApiRequest)
        .iter()
        .map(|t| t.usd)
        .collect();
    assert_eq!(rest, vec![0.0000035, 0.00000319, 0.00000271, 0.00000172]);
}

#[test]
fn every_item_name_parses_back_and_serializes_as_its_csv_name() {
    for item in Item::ALL {
        assert_eq!(item.name().parse::<Item>(), Ok(item));
        let json = serde_json::to_string(&item).unwrap();
        assert_eq!(json, format!("\"{}\"", item.name()));
        assert_eq!(serde_json::from_str::<Item>(&json).unwrap(), item);
    }
    assert_eq!(
        "rest_cache_1.6gb_hour".parse::<Item>(),
        Ok(Item::RestCacheHour(CacheSize::Gb1_6))
    );
    assert_eq!(
        "alb_hours".parse::<Item>(),
        Err(PriceError::UnknownItem("alb_hours".into()))
    );
}

#[test]
fn every_item_is_priced_in_us_east_1_under_its_service() {
    let book = PriceBook::embedded();
    for item in Item::ALL {
        assert!(book.price("us-east-1", item).is_some(), "{item}");
    }
    assert_eq!(Item::AlbTrustStoreHour.service(), Service::Elb);
    assert_eq!(
        Item::RestCacheHour(CacheSize::Gb237).service(),
        Service::ApiGateway
    );
    assert_eq!(Item::InterfaceEndpointHour.service().code(), "AmazonVPC");
}

#[test]
fn cache_sizes_parse_from_cluster_size_strings() {
    let labels = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];
    for (label, size) in labels.iter().zip(CacheSize::ALL) {
        assert_eq!(label.parse::<CacheSize>(), Ok(size));
        assert_eq!(size.label(), *label);
    }
    assert_eq!("1.55".parse::<CacheSize>(), Ok(CacheSize::Gb1_6));
    assert_eq!("6.05".parse::<CacheSize>(), Ok(CacheSize::Gb6_1));
    assert_eq!("118.0".parse::<CacheSize>(), Ok(CacheSize::Gb118));
    assert!("2".parse::<CacheSize>().is_err());
    assert_eq!(
        "big".parse::<CacheSize>().unwrap_err().to_string(),
        "unknown API Gateway cache size 'big' (expected 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237)"
    );
}

#[test]
fn csv_round_trips() {
    let book = PriceBook::embedded();
    let text = book.to_csv();
    assert_eq!(
        PriceBook::from_csv(&text, EMBEDDED_SOURCE),
        Ok(book.clone())
    );
    let again = PriceBook::from_csv(&text, EMBEDDED_SOURCE)
        .unwrap()
        .to_csv();
    assert_eq!(again, text);
}

#[test]
fn exported_csv_matches_the_feed_file_apart_from_merged_tier_sources() {
    let exported = PriceBook::embedded().to_csv();
    let columns = |line: &str| {
        let mut fields: Vec<String> = line.split(',').map(String::from).collect();
        fields.remove(8);
        fields
    };
    let original: Vec<Vec<String>> = EMBEDDED_CSV.lines().map(columns).collect();
    let written: Vec<Vec<String>> = exported.lines().map(columns).collect();
    assert_eq!(written, original);
    assert_eq!(exported.lines().next(), Some(HEADER));
}

#[test]
fn tier_sources_are_merged_into_one_source() {
    let book = PriceBook::embedded();
    let rest = book.price("us-east-1", Item::RestApiRequest).unwrap();
    assert!(rest
        .source
        .contains("key=API Calls Number of up to 333 million"));
    assert!(rest
        .source
        .contains("key=API Calls Number of Request Over 20 billion"));
    let alb = book.price("us-east-1", Item::AlbHour).unwrap();
    assert!(alb.source.ends_with("key=Application Load Balancer Hours"));
    assert!(!alb.source.contains(" | "));
}

#[test]
fn csv_columns_may_come_in_any_order_and_be_quoted() {
    let text = "item,region,service,unit,usd,tier_start,tier_end,usage_type,source,as_of\n\
                alb_hour,us-east-1,AWSELB,hour,0.03,0,,*-LoadBalancerUsage,\"mine, negotiated\",2026-01-31\n";
    let book = PriceBook::from_csv(text, "mine.csv").unwrap();
    let price = book.price("us-east-1", Item::AlbHour).unwrap();
    assert_eq!(price.flat_usd(), Some(0.03));
    assert_eq!(price.source, "mine, negotiated");
    assert_eq!(book.source(), "mine.csv");
    assert_eq!(book.as_of(), "2026-01-31");
    assert_eq!(
        PriceBook::from_csv(&book.to_csv(), "mine.csv"),
        Ok(book.clone())
    );
}

#[test]
fn as_of_is_the_latest_date_in_the_book() {
    let text = csv_with(&[
        ALB_ROW,
        "eu-west-1,AmazonVPC,public_ipv4_in_use_hour,address-hour,0.005,0,,x,test,2026-10-02",
    ]);
    assert_eq!(
        PriceBook::from_csv(&text, "t").unwrap().as_of(),
        "2026-10-02"
    );
}

#[test]
fn csv_missing_columns_are_named() {
    let text = "region,service,item,unit,tier_start,tier_end,usage_type,source\nx\n";
    assert_eq!(
        csv_error(text),
        "prices.csv line 1: missing column(s) usd, as_of (expected region,service,item,unit,usd,tier_start,tier_end,usage_type,source,as_of)"
    );
}

#[test]
fn csv_unknown_and_repeated_columns_are_rejected() {
    let unknown = format!("{HEADER},note\n{ALB_ROW},x\n");
    assert!(csv_error(&unknown).starts_with("prices.csv line 1: unknown column 'note'"));
    let repeated = format!("{HEADER},usd\n{ALB_ROW},1\n");
    assert_eq!(
        csv_error(&repeated),
        "prices.csv line 1: column 'usd' appears twice"
    );
}

#[test]
fn csv_unknown_item_names_the_line() {
    let text = csv_with(&[
        ALB_ROW,
        "us-east-1,AWSELB,alb_hours,hour,0.0225,0,,*-LoadBalancerUsage,test,2026-07-20",
    ]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 3: unknown item 'alb_hours'"
    );
}

#[test]
fn csv_bad_numbers_name_the_line_and_column() {
    let text =
        csv_with(&["us-east-1,AWSELB,alb_hour,hour,0.02x,0,,*-LoadBalancerUsage,test,2026-07-20"]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 2: bad number '0.02x' in column usd"
    );
    let text =
        csv_with(&["us-east-1,AWSELB,alb_hour,hour,NaN,0,,*-LoadBalancerUsage,test,2026-07-20"]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 2: bad number 'NaN' in column usd"
    );
    let text = csv_with(&[
        "us-east-1,AWSELB,alb_hour,hour,0.02,zero,,*-LoadBalancerUsage,test,2026-07-20",
    ]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 2: bad number 'zero' in column tier_start"
    );
}

#[test]
fn csv_negative_prices_are_rejected() {
    let text =
        csv_with(&["us-east-1,AWSELB,alb_hour,hour,-0.02,0,,*-LoadBalancerUsage,test,2026-07-20"]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 2: usd -0.02 must be a non-negative number"
    );
}

#[test]
fn csv_overlapping_tiers_name_the_later_line() {
    let [first, second] = http_rows("300000000", "200000000");
    let text = csv_with(&[ALB_ROW, &first, &second]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 4: http_api_request in us-east-1: tiers overlap: the tier on line 3 runs to 300000000 but this one starts at 200000000"
    );
}

#[test]
fn csv_gapped_tiers_name_the_later_line() {
    let [first, second] = http_rows("300000000", "400000000");
    let text = csv_with(&[&first, &second]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 3: http_api_request in us-east-1: gap between tiers: the tier on line 2 ends at 300000000 but this one starts at 400000000"
    );
}

#[test]
fn csv_repeated_rows_are_overlaps() {
    let text = csv_with(&[ALB_ROW, ALB_ROW]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 3: alb_hour in us-east-1: tiers overlap: the tier from 0 on line 2 has no end but this one starts at 0"
    );
}

#[test]
fn csv_ladders_must_start_at_zero_and_end_open() {
    let [first, _] = http_rows("300000000", "300000000");
    assert_eq!(
        csv_error(&csv_with(&[&first])),
        "prices.csv line 2: http_api_request in us-east-1: the last tier ends at 300000000; leave its tier_end empty"
    );
    let [_, second] = http_rows("300000000", "300000000");
    assert_eq!(
        csv_error(&csv_with(&[&second])),
        "prices.csv line 2: http_api_request in us-east-1: the first tier starts at 300000000, not 0"
    );
    let text =
        csv_with(&["us-east-1,AWSELB,alb_hour,hour,0.02,5,5,*-LoadBalancerUsage,test,2026-07-20"]);
    assert_eq!(
        csv_error(&text),
        "prices.csv line 2: tier end 5 must be greater than tier start 5"
    );
}

#[test]
fn csv_rows_must_be_complete_and_consistent() {
    let short =
        csv_with(&["us-east-1,AWSELB,alb_hour,hour,0.02,0,,*-LoadBalancerUsage,2026-07-20"]);
    assert_eq!(
        csv_error(&short),
        "prices.csv line 2: expected 10 fields, found 9"
    );
    let wrong_service = csv_with(&[
        "us-east-1,AmazonVPC,alb_hour,hour,0.02,0,,*-LoadBalancerUsage,test,2026-07-20",
    ]);
    assert_eq!(
        csv_error(&wrong_service),
        "prices.csv line 2: item alb_hour belongs to service AWSELB, not AmazonVPC"
    );
    let unknown_service = csv_with(&[
        "us-east-1,AWSLambda,alb_hour,hour,0.02,0,,*-LoadBalancerUsage,test,2026-07-20",
    ]);
    assert_eq!(
        csv_error(&unknown_service),
        "prices.csv line 2: unknown service code 'AWSLambda' (expected AWSELB, AmazonApiGateway, AmazonCloudWatch, AmazonVPC or AWSCostExplorer)"
    );
    let bad_date =
        csv_with(&["us-east-1,AWSELB,alb_hour,hour,0.02,0,,*-LoadBalancerUsage,test,20.7.2026"]);
    assert_eq!(
        csv_error(&bad_date),
        "prices.csv line 2: as_of '20.7.2026' is not a YYYY-MM-DD date"
    );
    let bad_region =
        csv_with(&["US East,AWSELB,alb_hour,hour,0.02,0,,*-LoadBalancerUsage,test,2026-07-20"]);
    assert_eq!(
        csv_error(&bad_region),
        "prices.csv line 2: bad region 'US East'"
    );
    let mut units = http_rows("300000000", "300000000");
    units[1] = units[1].replace(",request,", ",million-requests,");
    assert_eq!(
        csv_error(&csv_with(&[&units[0], &units[1]])),
        "prices.csv line 3: http_api_request in us-east-1: unit 'million-requests' differs from 'request' on line 2"
    );
}

#[test]
fn csv_without_rows_is_rejected() {
    assert_eq!(
        csv_error(""),
        "prices.csv: empty file: expected a price CSV"
    );
    assert_eq!(
        csv_error(&format!("{HEADER}\n")),
        "prices.csv: no price rows after the header"
    );
}

#[test]
fn rows_without_a_date_take_the_given_one() {
    let row = |item, usd, as_of: Option<&str>| PriceRow {
        region: "us-east-1".into(),
        item,
        unit: "hour".into(),
        usd,
        tier_start: 0.0,
        tier_end: None,
        usage_type: "LoadBalancerUsage".into(),
        source: "test".into(),
        as_of: as_of.map(String::from),
    };
    let book = PriceBook::from_rows(
        vec![
            row(Item::AlbHour, 0.0225, None),
            row(Item::NlbHour, 0.0225, Some("2026-07-20")),
        ],
        "price list",
        "2026-10-01",
    )
    .unwrap();
    assert_eq!(
        book.price("us-east-1", Item::AlbHour).unwrap().as_of,
        "2026-10-01"
    );
    assert_eq!(
        book.price("us-east-1", Item::NlbHour).unwrap().as_of,
        "2026-07-20"
    );
    assert_eq!(book.source(), "price list");

    let err = PriceBook::from_rows(
        vec![
            row(Item::AlbHour, 0.0225, None),
            row(Item::AlbHour, 0.03, None),
        ],
        "price list",
        "2026-10-01",
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "price list: row 1: alb_hour in us-east-1: tiers overlap: the tier from 0 on row 0 has no end but this one starts at 0"
    );
    assert!(PriceBook::from_rows(Vec::new(), "price list", "2026-10-01").is_err());
    assert!(PriceBook::from_rows(vec![row(Item::AlbHour, 1.0, None)], "p", "soon").is_err());
}

const EXAMPLE_OVERRIDES: &str = r#"{"discount_percent": {"AWSELB": 10, "AmazonApiGateway": 5, "AmazonVPC": 0},
 "rates": [{"region": "us-east-1", "item": "alb_hour", "usd": 0.02}]}"#;

#[test]
fn overrides_set_rates_then_discount_each_service() {
    let overrides = Overrides::from_json(EXAMPLE_OVERRIDES, "private.json").unwrap();
    assert_eq!(overrides.discount_percent.get(&Service::Elb), Some(&10.0));
    let list = PriceBook::embedded();
    let book = list.apply(&overrides).unwrap();

    let alb = book.price("us-east-1", Item::AlbHour).unwrap();
    assert_close(alb.flat_usd().unwrap(), 0.02 * 0.9);
    assert!(alb.source.starts_with("private pricing override"));
    assert!(alb.source.contains("less 10% AWSELB discount"));
    assert_close(
        book.price("eu-west-1", Item::AlbLcuHour)
            .unwrap()
            .flat_usd()
            .unwrap(),
        0.008 * 0.9,
    );
    let http = &book.price("us-east-1", Item::HttpApiRequest).unwrap().tiers;
    let list_http = tiers("us-east-1", Item::HttpApiRequest);
    assert_eq!(http.len(), 2);
    for (discounted, listed) in http.iter().zip(&list_http) {
        assert_close(discounted.usd, listed.usd * 0.95);
        assert_eq!(
            (discounted.start, discounted.end),
            (listed.start, listed.end)
        );
    }
    assert_eq!(
        book.price("us-east-1", Item::PublicIpv4InUseHour),
        list.price("us-east-1", Item::PublicIpv4InUseHour)
    );
    assert_eq!(
        list.price("us-east-1", Item::AlbHour).unwrap().flat_usd(),
        Some(0.0225)
    );
}

#[test]
fn a_flat_rate_replaces_a_whole_ladder() {
    let overrides = Overrides::from_json(
        r#"{"rates": [{"region": "eu-west-1", "item": "rest_api_request", "usd": 0.000003}]}"#,
        "o.json",
    )
    .unwrap();
    let book = PriceBook::embedded().apply(&overrides).unwrap();
    let rest = book.price("eu-west-1", Item::RestApiRequest).unwrap();
    assert_eq!(rest.flat_usd(), Some(0.000003));
    assert_eq!(rest.unit, "request");
    assert_eq!(
        book.price("us-east-1", Item::RestApiRequest)
            .unwrap()
            .tiers
            .len(),
        4
    );
}

#[test]
fn a_tiered_rate_replaces_the_ladder_and_can_fill_a_gap() {
    let overrides = Overrides::from_json(
        r#"{"rates": [
            {"region": "us-east-1", "item": "http_api_request",
             "tiers": [{"start": 0, "end": 100000000, "usd": 0.0000009}, {"start": 100000000, "usd": 0.0000007}]},
            {"region": "ap-southeast-5", "item": "websocket_message", "usd": 0.0000012}
        ]}"#,
        "o.json",
    )
    .unwrap();
    let book = PriceBook::embedded().apply(&overrides).unwrap();
    assert_eq!(
        book.price("us-east-1", Item::HttpApiRequest).unwrap().tiers,
        vec![
            Tier {
                start: 0.0,
                end: Some(1e8),
                usd: 0.0000009
            },
            Tier {
                start: 1e8,
                end: None,
                usd: 0.0000007
            },
        ]
    );
    let added = book
        .price("ap-southeast-5", Item::WebsocketMessage)
        .unwrap();
    assert_eq!(added.flat_usd(), Some(0.0000012));
    assert_eq!(added.unit, "message");
    assert_eq!(added.usage_type, "*-ApiGatewayMessage");
    assert_eq!(added.as_of, PriceBook::embedded().as_of());
}

fn overrides_error(json: &str) -> String {
    let err = Overrides::from_json(json, "o.json")
        .and_then(|overrides| PriceBook::embedded().apply(&overrides))
        .expect_err("the overrides should be rejected");
    let message = err.to_string();
    assert!(!message.contains('\n'), "not one line: {message}");
    message
}

#[test]
fn invalid_overrides_are_rejected() {
    assert_eq!(
        overrides_error(r#"{"discount_percent": {"AWSELB": 120}}"#),
        "o.json: overrides: discount_percent for AWSELB is 120; it must be between 0 and 100"
    );
    assert_eq!(
        overrides_error(r#"{"discount_percent": {"AmazonVPC": -1}}"#),
        "o.json: overrides: discount_percent for AmazonVPC is -1; it must be between 0 and 100"
    );
    assert!(overrides_error(r#"{"discount_percent": {"AWSLambda": 5}}"#)
        .contains("unknown service code 'AWSLambda'"));
    assert!(overrides_error(
        r#"{"rates": [{"region": "us-east-1", "item": "lambda_request", "usd": 1}]}"#
    )
    .contains("unknown item 'lambda_request'"));
    assert!(overrides_error(r#"{"discounts": {}}"#).contains("unknown field `discounts`"));
    assert_eq!(
        overrides_error(r#"{"rates": [{"region": "us-east-1", "item": "alb_hour", "usd": -0.02}]}"#),
        "o.json: overrides: rates[0] (alb_hour in us-east-1): usd -0.02 must be a non-negative number"
    );
    assert_eq!(
        overrides_error(
            r#"{"rates": [{"region": "us-east-1", "item": "alb_hour", "usd": 0.02, "tiers": [{"start": 0, "usd": 0.02}]}]}"#
        ),
        "o.json: overrides: rates[0] (alb_hour in us-east-1): give usd or tiers, not both"
    );
    assert_eq!(
        overrides_error(r#"{"rates": [{"region": "us-east-1", "item": "alb_hour"}]}"#),
        "o.json: overrides: rates[0] (alb_hour in us-east-1): give usd or tiers"
    );
    assert_eq!(
        overrides_error(
            r#"{"rates": [{"region": "us-east-1", "item": "http_api_request", "tiers": [{"start": 0, "end": 10, "usd": 1}, {"start": 20, "usd": 1}]}]}"#
        ),
        "o.json: overrides: rates[0] (http_api_request in us-east-1): tiers[0] ends at 10 but tiers[1] starts at 20"
    );
    assert_eq!(
        overrides_error(
            r#"{"rates": [{"region": "us-east-1", "item": "alb_hour", "usd": 1}, {"region": "us-east-1", "item": "alb_hour", "usd": 2}]}"#
        ),
        "o.json: overrides: rates[1] (alb_hour in us-east-1): repeats rates[0]"
    );
    assert_eq!(
        overrides_error(r#"{"rates": [{"region": "us-east-7", "item": "alb_hour", "usd": 1}]}"#),
        "overrides: rates[0]: region 'us-east-7' is not in the price book"
    );
    assert!(overrides_error("{\"rates\": [").starts_with("o.json: overrides: EOF"));
}

#[test]
fn a_price_file_csv_replaces_the_book() {
    let text = csv_with(&[ALB_ROW]);
    let book = load_prices_file("./my-prices.csv", &text).unwrap();
    assert_eq!(book.source(), "./my-prices.csv");
    assert_eq!(book.regions(), vec!["us-east-1"]);
    assert!(book.price("us-east-1", Item::HttpApiRequest).is_none());
    let with_bom = format!("\u{feff}{text}");
    assert_eq!(load_prices_file("./my-prices.csv", &with_bom), Ok(book));
}

#[test]
fn a_price_file_json_object_overrides_the_embedded_book() {
    let book = load_prices_file("private.json", EXAMPLE_OVERRIDES).unwrap();
    assert_eq!(book.source(), "embedded + overrides from private.json");
    assert_eq!(book.regions().len(), 34);
    assert_close(
        book.price("us-east-1", Item::AlbHour)
            .unwrap()
            .flat_usd()
            .unwrap(),
        0.018,
    );
    let err = load_prices_file(
        "private.json",
        r#"{"rates": [{"region": "mars-north-1", "item": "alb_hour", "usd": 1}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "private.json: overrides: rates[0]: region 'mars-north-1' is not in the price book"
    );
}

#[test]
fn malformed_price_files_are_rejected_with_one_line() {
    let cases = [
        ("", "p: empty file: expected a price CSV or a JSON overrides object"),
        ("  \n ", "p: empty file: expected a price CSV or a JSON overrides object"),
        ("[1, 2]", "p: not a price file: expected a CSV with the header region,service,item,unit,usd,tier_start,tier_end,usage_type,source,as_of or a JSON overrides object"),
        ("hello world", "p: not a price file: expected a CSV with the header region,service,item,unit,usd,tier_start,tier_end,usage_type,source,as_of or a JSON overrides object"),
        ("region,item\nus-east-1,alb_hour\n", "p line 1: missing column(s) service, unit, usd, tier_start, tier_end, usage_type, source, as_of (expected region,service,item,unit,usd,tier_start,tier_end,usage_type,source,as_of)"),
    ];
    for (contents, expected) in cases {
        let message = load_prices_file("p", contents).unwrap_err().to_string();
        assert_eq!(message, expected, "for {contents:?}");
    }
    let broken_json = load_prices_file("p", "{\"discount_percent\": 5}").unwrap_err();
    assert!(broken_json
        .to_string()
        .starts_with("p: overrides: invalid type: integer `5`, expected a map"));
}

#[test]
fn csv_columns_constant_is_the_feed_header() {
    assert_eq!(CSV_COLUMNS.join(","), HEADER);
    assert_eq!(EMBEDDED_CSV.lines().next(), Some(HEADER));
}

#[test]
fn csv_with_windows_line_endings_parses() {
    let text = csv_with(&[ALB_ROW]).replace('\n', "\r\n");
    let book = PriceBook::from_csv(&text, "win.csv").unwrap();
    assert_eq!(
        book.price("us-east-1", Item::AlbHour).unwrap().as_of,
        "2026-07-20"
    );
}

#[test]
fn prices_serialize_with_csv_item_names() {
    let book = PriceBook::embedded();
    let price = book
        .price("us-east-1", Item::RestCacheHour(CacheSize::Gb0_5))
        .unwrap();
    let json = serde_json::to_value(price).unwrap();
    assert_eq!(json["item"], "rest_cache_0.5gb_hour");
    assert_eq!(json["tiers"][0]["end"], serde_json::Value::Null);
    assert_eq!(json["tiers"][0]["usd"], 0.02);
}
