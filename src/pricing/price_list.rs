//! Reads the `PriceList` strings of AWS Price List Query API `pricing:GetProducts` responses
//! into [`PriceRow`]s, keeping only the on-demand rates of the items the tool prices.
//!
//! The same usage-type families hold rows that look like the rates we want but are not
//! (docs/prices.md, "Look-alike rates the refresh skips"): Outposts and idle LCUs (reserved
//! LCUs, `ReservedLCUUsage`, are an item of their own: an ALB's LCU reservation), the mTLS trust store (which is its own item), Local and Wavelength Zones, Classic
//! and Gateway Load Balancers, Gateway Load Balancer endpoints, idle and contiguous public
//! IPv4, API Gateway portals and GovCloud. CloudWatch's other usage types (other API
//! requests, GetMetricWidgetImage, alarms, custom metrics) are skipped the same way. Usage types are matched exactly after an
//! optional billing prefix, so a decoy never matches by containing a wanted name.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::pricing::{CacheSize, Item, PriceError, PriceRow, Service};

const REGION_LOCATION_TYPE: &str = "AWS Region";
const ALB_FAMILY: &str = "Load Balancer-Application";
const NLB_FAMILY: &str = "Load Balancer-Network";
const CACHE_USAGE: &str = "ApiGatewayCacheUsage";
const CACHE_SIZE_ATTRIBUTE: &str = "cacheMemorySizeGb";
const UNBOUNDED_RANGE: &str = "Inf";

/// Region-code prefixes outside the commercial `aws` partition, which the embedded table
/// leaves out too (docs/prices.md): GovCloud, China, the isolated regions and the
/// European Sovereign Cloud.
const OTHER_PARTITIONS: [&str; 4] = ["us-gov-", "cn-", "us-iso", "eusc-"];

#[derive(Deserialize)]
struct ProductDocument {
    product: Product,
    #[serde(rename = "serviceCode")]
    service_code: Option<String>,
    #[serde(default)]
    terms: Terms,
    #[serde(rename = "publicationDate")]
    publication_date: Option<String>,
}

#[derive(Deserialize)]
struct Product {
    #[serde(rename = "productFamily")]
    product_family: Option<String>,
    #[serde(default)]
    attributes: BTreeMap<String, Value>,
    sku: Option<String>,
}

#[derive(Deserialize, Default)]
struct Terms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, OfferTerm>,
}

#[derive(Deserialize)]
struct OfferTerm {
    #[serde(rename = "priceDimensions", default)]
    price_dimensions: BTreeMap<String, PriceDimension>,
}

#[derive(Deserialize)]
struct PriceDimension {
    #[serde(rename = "beginRange")]
    begin_range: Option<String>,
    #[serde(rename = "endRange")]
    end_range: Option<String>,
    #[serde(rename = "pricePerUnit", default)]
    price_per_unit: BTreeMap<String, String>,
}

/// Turns one page (or several pages, concatenated) of `GetProducts` `PriceList` strings for
/// `service_code` into price rows, one per on-demand price dimension of a wanted product.
/// Rows carry the real usage type, the SKU as their source and the document's
/// `publicationDate` as their date. The same tier offered by two products at the same price
/// is kept once; at different prices it is an error, as either could be the right one.
pub fn parse_products(service_code: &str, docs: &[String]) -> Result<Vec<PriceRow>, PriceError> {
    let service: Service = service_code.parse()?;
    let mut rows: Vec<PriceRow> = Vec::new();
    let mut kept: BTreeMap<(String, Item, u64), usize> = BTreeMap::new();
    for (index, text) in docs.iter().enumerate() {
        let fail = |message: String| PriceError::PriceList {
            service_code: service_code.to_string(),
            index,
            message,
        };
        let document: ProductDocument = serde_json::from_str(text)
            .map_err(|err| fail(format!("not a product document: {err}")))?;
        for row in document_rows(service, &document).map_err(fail)? {
            let key = (row.region.clone(), row.item, row.tier_start.to_bits());
            match kept.get(&key) {
                Some(&earlier) => {
                    let first = &rows[earlier];
                    if first.usd != row.usd || first.tier_end != row.tier_end {
                        return Err(fail(format!(
                            "{} in {} from {}: {} ({}) conflicts with {} ({})",
                            row.item,
                            row.region,
                            row.tier_start,
                            row.usd,
                            row.usage_type,
                            first.usd,
                            first.usage_type
                        )));
                    }
                }
                None => {
                    kept.insert(key, rows.len());
                    rows.push(row);
                }
            }
        }
    }
    Ok(rows)
}

fn document_rows(service: Service, document: &ProductDocument) -> Result<Vec<PriceRow>, String> {
    if let Some(code) = &document.service_code {
        if code != service.code() {
            return Err(format!(
                "serviceCode is {code}, but {} was requested",
                service.code()
            ));
        }
    }
    let attribute = |name: &str| {
        document
            .product
            .attributes
            .get(name)
            .and_then(Value::as_str)
    };
    let (Some(usage_type), Some(region)) = (attribute("usagetype"), attribute("regionCode")) else {
        return Ok(Vec::new());
    };
    // Local and Wavelength Zones price differently from their parent region.
    if attribute("locationType") != Some(REGION_LOCATION_TYPE)
        || OTHER_PARTITIONS
            .iter()
            .any(|prefix| region.starts_with(prefix))
    {
        return Ok(Vec::new());
    }
    let family = document
        .product
        .product_family
        .as_deref()
        .unwrap_or_default();
    let Some(item) = classify(service, family, usage_type, attribute(CACHE_SIZE_ATTRIBUTE))? else {
        return Ok(Vec::new());
    };
    let as_of = match &document.publication_date {
        Some(date) => Some(publication_day(date)?),
        None => None,
    };
    let sku = document.product.sku.as_deref().unwrap_or("unknown");
    let source = format!(
        "AWS Price List GetProducts {}; sku={sku}; usagetype={usage_type}",
        service.code()
    );

    let mut rows = Vec::new();
    for term in document.terms.on_demand.values() {
        for dimension in term.price_dimensions.values() {
            let usd = dimension
                .price_per_unit
                .get("USD")
                .ok_or_else(|| format!("{usage_type}: a price dimension has no USD price"))?;
            let tier_end = match dimension.end_range.as_deref() {
                None | Some(UNBOUNDED_RANGE) => None,
                Some(end) => Some(number(end, "endRange", usage_type)?),
            };
            rows.push(PriceRow {
                region: region.to_string(),
                item,
                unit: item.unit().to_string(),
                usd: number(usd, "pricePerUnit.USD", usage_type)?,
                tier_start: number(
                    dimension.begin_range.as_deref().unwrap_or("0"),
                    "beginRange",
                    usage_type,
                )?,
                tier_end,
                usage_type: usage_type.to_string(),
                source: source.clone(),
                as_of: as_of.clone(),
            });
        }
    }
    Ok(rows)
}

/// Which item a product prices, or `None` for products the tool does not use.
fn classify(
    service: Service,
    family: &str,
    usage_type: &str,
    cache_size_attribute: Option<&str>,
) -> Result<Option<Item>, String> {
    let item = match service {
        Service::Elb => {
            // Before the plain hour: an unprefixed "TS-LoadBalancerUsage" would otherwise
            // read as "LoadBalancerUsage" behind a billing prefix "TS-".
            if usage_is(usage_type, "TS-LoadBalancerUsage") {
                Some(Item::AlbTrustStoreHour)
            } else {
                let hour = usage_is(usage_type, "LoadBalancerUsage");
                let lcu = usage_is(usage_type, "LCUUsage");
                let reserved = usage_is(usage_type, "ReservedLCUUsage");
                match (family, hour, lcu) {
                    (ALB_FAMILY, true, _) => Some(Item::AlbHour),
                    (ALB_FAMILY, _, true) => Some(Item::AlbLcuHour),
                    (ALB_FAMILY, _, _) if reserved => Some(Item::AlbReservedLcuHour),
                    (NLB_FAMILY, true, _) => Some(Item::NlbHour),
                    (NLB_FAMILY, _, true) => Some(Item::NlbNlcuHour),
                    _ => None,
                }
            }
        }
        Service::ApiGateway => {
            if usage_is(usage_type, "ApiGatewayHttpRequest") {
                Some(Item::HttpApiRequest)
            } else if usage_is(usage_type, "ApiGatewayRequest") {
                Some(Item::RestApiRequest)
            } else if usage_is(usage_type, "ApiGatewayMessage") {
                Some(Item::WebsocketMessage)
            } else if usage_is(usage_type, "ApiGatewayMinute") {
                Some(Item::WebsocketConnectionMinute)
            } else {
                cache_size(usage_type, cache_size_attribute)?.map(Item::RestCacheHour)
            }
        }
        // CloudWatch prices dozens of usage types per region (alarms, logs, dashboards, other
        // API requests); only GetMetricData's per-metric rate prices a scan.
        Service::CloudWatch => {
            usage_is(usage_type, "CW:GMD-Metrics").then_some(Item::CloudWatchGetMetricDataMetric)
        }
        // Cost Explorer prices its API requests (USE1-APIRequest) and nothing else crossover
        // uses.
        Service::CostExplorer => {
            usage_is(usage_type, "APIRequest").then_some(Item::CostExplorerApiRequest)
        }
        Service::Vpc => {
            if usage_is(usage_type, "PublicIPv4:InUseAddress") {
                Some(Item::PublicIpv4InUseHour)
            } else if usage_is(usage_type, "VpcEndpoint-Hours") {
                Some(Item::InterfaceEndpointHour)
            } else if usage_is(usage_type, "VpcEndpoint-Bytes") {
                Some(Item::InterfaceEndpointDataProcessed)
            } else {
                None
            }
        }
    };
    Ok(item)
}

/// The cache size of an `ApiGatewayCacheUsage:<size>` product, read from the
/// `cacheMemorySizeGb` attribute or the usage-type suffix (`0.5GB`, `Cache0.5GB`,
/// `Cache1.55GB`). Sizes the tool has no item for are skipped rather than failing the whole
/// price list; an attribute and a suffix that disagree are an error.
fn cache_size(usage_type: &str, attribute: Option<&str>) -> Result<Option<CacheSize>, String> {
    let Some((usage, suffix)) = usage_type.split_once(':') else {
        return Ok(None);
    };
    if !usage_is(usage, CACHE_USAGE) {
        return Ok(None);
    }
    let label = suffix.strip_prefix("Cache").unwrap_or(suffix);
    let label = label
        .strip_suffix("GB")
        .or_else(|| label.strip_suffix("Gb"))
        .unwrap_or(label);
    let from_suffix = label.parse::<CacheSize>().ok();
    let from_attribute = attribute.and_then(|gb| gb.parse::<CacheSize>().ok());
    match (from_attribute, from_suffix) {
        (Some(a), Some(s)) if a != s => Err(format!(
            "{usage_type}: {CACHE_SIZE_ATTRIBUTE} says {} GB but the usage type says {} GB",
            attribute.unwrap_or_default(),
            label
        )),
        (Some(size), _) | (None, Some(size)) => Ok(Some(size)),
        (None, None) => Ok(None),
    }
}

/// True when `usage_type` is `wanted`, alone or behind one billing prefix such as `USE1-`,
/// `EU-` or `APS3-` (us-east-1 rows often carry no prefix). A longer head such as
/// `USE1-Outposts-` or `USE1-Reserved` does not count as a prefix.
fn usage_is(usage_type: &str, wanted: &str) -> bool {
    match usage_type.strip_suffix(wanted) {
        Some("") => true,
        Some(head) => head.strip_suffix('-').is_some_and(is_billing_prefix),
        None => false,
    }
}

fn is_billing_prefix(text: &str) -> bool {
    let letters = text.trim_end_matches(|c: char| c.is_ascii_digit());
    letters.len() >= 2 && letters.chars().all(|c| c.is_ascii_uppercase())
}

/// `publicationDate` is an RFC 3339 timestamp; the book dates prices by day.
fn publication_day(timestamp: &str) -> Result<String, String> {
    let day = timestamp.get(..10).unwrap_or(timestamp);
    let well_formed = day.len() == 10
        && day.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if well_formed {
        Ok(day.to_string())
    } else {
        Err(format!("publicationDate '{timestamp}' is not a date"))
    }
}

fn number(text: &str, field: &str, usage_type: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("{usage_type}: bad number '{text}' in {field}")),
    }
}
