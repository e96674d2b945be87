//! The price table: one [`Price`] (a ladder of [`Tier`]s) per region and [`Item`].
//!
//! The embedded table is `data/prices.csv`, read from AWS's own price feed for the 34
//! commercial regions (see `shared/reference/prices/README.md`). A region with no price for
//! an item has no entry: [`PriceBook::price`] returns `None` and never borrows another
//! region's figure (`prices/MISSING.md` lists the known gaps).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use thiserror::Error;

const EMBEDDED_CSV: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv"));

/// [`PriceBook::source`] of the embedded table.
pub const EMBEDDED_SOURCE: &str = "embedded";

/// Columns of a price CSV, in the order [`PriceBook::to_csv`] writes them.
pub const CSV_COLUMNS: [&str; 10] = [
    "region",
    "service",
    "item",
    "unit",
    "usd",
    "tier_start",
    "tier_end",
    "usage_type",
    "source",
    "as_of",
];

/// Joins the provenance of tiers that came from different feed entries, so one
/// [`Price::source`] still names every entry the ladder was read from.
const SOURCE_SEPARATOR: &str = " | ";

/// Everything that can go wrong reading prices. Every message is one line.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PriceError {
    /// A problem at one line of a price CSV.
    #[error("{label} line {line}: {message}")]
    Line {
        label: String,
        line: u64,
        message: String,
    },
    /// A problem with a whole file, an overrides document or a set of price rows.
    #[error("{label}: {message}")]
    Invalid { label: String, message: String },
    /// A `pricing:GetProducts` document that cannot be used.
    #[error("price list {service_code} document {index}: {message}")]
    PriceList {
        service_code: String,
        index: usize,
        message: String,
    },
    #[error("unknown item '{0}'")]
    UnknownItem(String),
    #[error("unknown service code '{0}' (expected AWSELB, AmazonApiGateway, AmazonCloudWatch, AmazonVPC or AWSCostExplorer)")]
    UnknownService(String),
    #[error(
        "unknown API Gateway cache size '{0}' (expected 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237)"
    )]
    UnknownCacheSize(String),
}

fn invalid(label: &str, message: impl Into<String>) -> PriceError {
    PriceError::Invalid {
        label: label.to_string(),
        message: message.into(),
    }
}

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
    /// API say 1.6 and 6.1; the prices are the same (pricing.md §8 item 8).
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

/// One step of a price ladder: units from `start` up to `end` (exclusive; `None` means no
/// upper bound) cost `usd` each. Bounds count units per account, region and month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub start: f64,
    #[serde(default)]
    pub end: Option<f64>,
    pub usd: f64,
}

/// The price of one item in one region. `tiers` is never empty, starts at 0, has no gaps or
/// overlaps, and its last tier is open-ended; an untiered item has a single tier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Price {
    pub item: Item,
    pub unit: String,
    pub tiers: Vec<Tier>,
    pub usage_type: String,
    pub source: String,
    pub as_of: String,
}

impl Price {
    /// The rate of an untiered price; `None` when the price has volume tiers.
    pub fn flat_usd(&self) -> Option<f64> {
        match self.tiers.as_slice() {
            [only] => Some(only.usd),
            _ => None,
        }
    }
}

/// One tier of one price, as a CSV line or a price-list dimension holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceRow {
    pub region: String,
    pub item: Item,
    pub unit: String,
    pub usd: f64,
    pub tier_start: f64,
    pub tier_end: Option<f64>,
    pub usage_type: String,
    pub source: String,
    /// `None` takes the date given to [`PriceBook::from_rows`].
    pub as_of: Option<String>,
}

/// Where rows came from, so that errors point at a CSV line or a row index.
#[derive(Clone, Copy)]
enum Origin {
    Csv,
    Rows,
}

impl Origin {
    fn at(self, position: u64) -> String {
        match self {
            Origin::Csv => format!("line {position}"),
            Origin::Rows => format!("row {position}"),
        }
    }

    fn error(self, label: &str, position: u64, message: String) -> PriceError {
        match self {
            Origin::Csv => PriceError::Line {
                label: label.to_string(),
                line: position,
                message,
            },
            Origin::Rows => invalid(label, format!("row {position}: {message}")),
        }
    }
}

struct Located {
    row: PriceRow,
    position: u64,
}

/// All prices, by region and item, plus where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    prices: BTreeMap<String, BTreeMap<Item, Price>>,
    source: String,
}

impl PriceBook {
    /// The table compiled into the binary.
    pub fn embedded() -> PriceBook {
        static EMBEDDED: OnceLock<PriceBook> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                PriceBook::from_csv(EMBEDDED_CSV, EMBEDDED_SOURCE)
                    .unwrap_or_else(|err| panic!("the embedded price table is invalid: {err}"))
            })
            .clone()
    }

    /// Reads a price CSV with the [`CSV_COLUMNS`] header (any column order). Rejects unknown
    /// or missing columns, unknown items, numbers that do not parse, and tier ladders with
    /// gaps or overlaps; the error names the line.
    pub fn from_csv(text: &str, source_label: &str) -> Result<PriceBook, PriceError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let line_error = |line: u64, message: String| PriceError::Line {
            label: source_label.to_string(),
            line,
            message,
        };
        let csv_error = |err: csv::Error| {
            let line = err.position().map_or(0, |p| p.line());
            line_error(line, err.to_string())
        };

        let header = match records.next() {
            Some(record) => record.map_err(csv_error)?,
            None => return Err(invalid(source_label, "empty file: expected a price CSV")),
        };
        let header_line = header.position().map_or(1, |p| p.line());
        let columns = column_indexes(&header).map_err(|msg| line_error(header_line, msg))?;

        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != header.len() {
                return Err(line_error(
                    line,
                    format!("expected {} fields, found {}", header.len(), record.len()),
                ));
            }
            let field = |column: usize| &record[columns[column]];
            let row = csv_row(field).map_err(|msg| line_error(line, msg))?;
            rows.push(Located {
                row,
                position: line,
            });
        }
        if rows.is_empty() {
            return Err(invalid(source_label, "no price rows after the header"));
        }
        assemble(rows, Origin::Csv, source_label, None)
    }

    /// Builds a book from rows such as [`crate::pricing::price_list::parse_products`]
    /// returns. `as_of` (YYYY-MM-DD) dates the rows that carry no date of their own.
    pub fn from_rows(
        rows: Vec<PriceRow>,
        source: &str,
        as_of: &str,
    ) -> Result<PriceBook, PriceError> {
        if !is_date(as_of) {
            return Err(invalid(
                source,
                format!("as_of '{as_of}' is not a YYYY-MM-DD date"),
            ));
        }
        if rows.is_empty() {
            return Err(invalid(source, "no price rows"));
        }
        let rows = rows
            .into_iter()
            .enumerate()
            .map(|(index, row)| Located {
                row,
                position: index as u64,
            })
            .collect();
        assemble(rows, Origin::Rows, source, Some(as_of))
    }

    /// The book as CSV with the [`CSV_COLUMNS`] header, one line per tier, ordered by
    /// service code, item, region and tier. [`PriceBook::from_csv`] reads it back equal.
    pub fn to_csv(&self) -> String {
        let mut entries: Vec<(&str, &Price)> = self.prices().collect();
        entries.sort_by(|(region_a, a), (region_b, b)| {
            (a.item.service().code(), a.item.name(), *region_a).cmp(&(
                b.item.service().code(),
                b.item.name(),
                *region_b,
            ))
        });
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut write = |record: &[String]| {
            writer
                .write_record(record)
                .expect("writing CSV into memory cannot fail");
        };
        write(&CSV_COLUMNS.map(String::from));
        for (region, price) in entries {
            for tier in &price.tiers {
                write(&[
                    region.to_string(),
                    price.item.service().code().to_string(),
                    price.item.name().to_string(),
                    price.unit.clone(),
                    format_usd(tier.usd),
                    format_bound(tier.start),
                    tier.end.map(format_bound).unwrap_or_default(),
                    price.usage_type.clone(),
                    price.source.clone(),
                    price.as_of.clone(),
                ]);
            }
        }
        let bytes = writer
            .into_inner()
            .expect("flushing CSV into memory cannot fail");
        String::from_utf8(bytes).expect("the CSV writer only copies UTF-8 input")
    }

    /// The price of `item` in `region`, or `None` when the book has none. There is no
    /// fallback to another region.
    pub fn price(&self, region: &str, item: Item) -> Option<&Price> {
        self.prices.get(region)?.get(&item)
    }

    /// Every price with its region, ordered by region and item.
    pub fn prices(&self) -> impl Iterator<Item = (&str, &Price)> + '_ {
        self.prices
            .iter()
            .flat_map(|(region, items)| items.values().map(move |price| (region.as_str(), price)))
    }

    /// Region codes with at least one price, sorted.
    pub fn regions(&self) -> Vec<&str> {
        self.prices.keys().map(String::as_str).collect()
    }

    /// The latest `as_of` date among the prices (YYYY-MM-DD).
    pub fn as_of(&self) -> String {
        self.prices()
            .map(|(_, price)| price.as_of.as_str())
            .max()
            .unwrap_or_default()
            .to_string()
    }

    /// "embedded", the label of the file the book was read from, or a description of the
    /// overrides applied on top of the embedded table.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// A copy with private pricing applied. Each rate replaces the list price of its item in
    /// its region (a `usd` rate flattens a tiered ladder to that one rate; `tiers` replaces
    /// the ladder). Then each service's `discount_percent` lowers every price of that service,
    /// overridden rates included, because an EDP-style discount is credited on top of the
    /// line-item rates of the bill. A rate may add a price the book lacks, but only for a
    /// region the book covers, so a mistyped region is caught.
    pub fn apply(&self, overrides: &Overrides) -> Result<PriceBook, PriceError> {
        const LABEL: &str = "overrides";
        overrides
            .validate()
            .map_err(|message| invalid(LABEL, message))?;
        let as_of = self.as_of();
        let mut book = self.clone();
        for (index, rate) in overrides.rates.iter().enumerate() {
            let Some(items) = book.prices.get_mut(&rate.region) else {
                return Err(invalid(
                    LABEL,
                    format!(
                        "rates[{index}]: region '{}' is not in the price book",
                        rate.region
                    ),
                ));
            };
            let tiers = match (&rate.usd, &rate.tiers) {
                (Some(usd), None) => vec![Tier {
                    start: 0.0,
                    end: None,
                    usd: *usd,
                }],
                (None, Some(tiers)) => tiers.clone(),
                _ => unreachable!("validate() requires exactly one of usd and tiers"),
            };
            let price = items.entry(rate.item).or_insert_with(|| Price {
                item: rate.item,
                unit: rate.item.unit().to_string(),
                tiers: Vec::new(),
                usage_type: rate.item.usage_type_pattern().to_string(),
                source: String::new(),
                as_of: as_of.clone(),
            });
            price.tiers = tiers;
            price.source = "private pricing override".to_string();
        }
        for (service, percent) in &overrides.discount_percent {
            if *percent == 0.0 {
                continue;
            }
            let factor = 1.0 - percent / 100.0;
            for price in book
                .prices
                .values_mut()
                .flat_map(|items| items.values_mut())
                .filter(|price| price.item.service() == *service)
            {
                for tier in &mut price.tiers {
                    tier.usd *= factor;
                }
                price.source = format!("{}; less {percent}% {service} discount", price.source);
            }
        }
        Ok(book)
    }
}

/// Private pricing on top of list prices, read from JSON such as
/// `{"discount_percent": {"AWSELB": 10}, "rates": [{"region": "us-east-1", "item": "alb_hour", "usd": 0.02}]}`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    /// Percent off every price of a service, 0 to 100.
    #[serde(default)]
    pub discount_percent: BTreeMap<Service, f64>,
    #[serde(default)]
    pub rates: Vec<RateOverride>,
}

/// A negotiated rate for one item in one region: exactly one of `usd` (a flat rate) or
/// `tiers` (a full ladder).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateOverride {
    pub region: String,
    pub item: Item,
    #[serde(default)]
    pub usd: Option<f64>,
    #[serde(default)]
    pub tiers: Option<Vec<Tier>>,
}

impl Overrides {
    /// Parses and validates an overrides document; `label` names it in errors.
    pub fn from_json(text: &str, label: &str) -> Result<Overrides, PriceError> {
        let overrides: Overrides = serde_json::from_str(text)
            .map_err(|err| invalid(label, format!("overrides: {err}")))?;
        overrides
            .validate()
            .map_err(|message| invalid(label, format!("overrides: {message}")))?;
        Ok(overrides)
    }

    fn validate(&self) -> Result<(), String> {
        for (service, percent) in &self.discount_percent {
            if !(0.0..=100.0).contains(percent) {
                return Err(format!(
                    "discount_percent for {service} is {percent}; it must be between 0 and 100"
                ));
            }
        }
        let mut seen: BTreeMap<(&str, Item), usize> = BTreeMap::new();
        for (index, rate) in self.rates.iter().enumerate() {
            let what = format!("rates[{index}] ({} in {})", rate.item, rate.region);
            if !is_region(&rate.region) {
                return Err(format!("{what}: bad region '{}'", rate.region));
            }
            if let Some(first) = seen.insert((rate.region.as_str(), rate.item), index) {
                return Err(format!("{what}: repeats rates[{first}]"));
            }
            match (&rate.usd, &rate.tiers) {
                (Some(usd), None) => check_usd(*usd).map_err(|msg| format!("{what}: {msg}"))?,
                (None, Some(tiers)) => {
                    check_ladder(tiers).map_err(|msg| format!("{what}: {msg}"))?
                }
                (Some(_), Some(_)) => return Err(format!("{what}: give usd or tiers, not both")),
                (None, None) => return Err(format!("{what}: give usd or tiers")),
            }
        }
        Ok(())
    }
}

/// Reads a user's price file, deciding by its content: a CSV whose header has the price
/// columns replaces the embedded book; a JSON object is [`Overrides`] applied to the
/// embedded book. `path_text` labels errors and the resulting [`PriceBook::source`].
pub fn load_prices_file(path_text: &str, contents: &str) -> Result<PriceBook, PriceError> {
    let body = contents.strip_prefix('\u{feff}').unwrap_or(contents);
    let start = body.trim_start();
    if start.is_empty() {
        return Err(invalid(
            path_text,
            "empty file: expected a price CSV or a JSON overrides object",
        ));
    }
    if start.starts_with('{') {
        let overrides = Overrides::from_json(body, path_text)?;
        let mut book = PriceBook::embedded()
            .apply(&overrides)
            .map_err(|err| match err {
                PriceError::Invalid { message, .. } => {
                    invalid(path_text, format!("overrides: {message}"))
                }
                other => other,
            })?;
        book.source = format!("{EMBEDDED_SOURCE} + overrides from {path_text}");
        return Ok(book);
    }
    let first_line = start.lines().next().unwrap_or_default();
    let names: Vec<&str> = first_line.split(',').map(str::trim).collect();
    if names.contains(&"region") && names.contains(&"item") {
        return PriceBook::from_csv(body, path_text);
    }
    Err(invalid(
        path_text,
        format!(
            "not a price file: expected a CSV with the header {} or a JSON overrides object",
            CSV_COLUMNS.join(",")
        ),
    ))
}

fn column_indexes(header: &csv::StringRecord) -> Result<[usize; 10], String> {
    let mut indexes = [usize::MAX; 10];
    for (position, name) in header.iter().enumerate() {
        let Some(column) = CSV_COLUMNS.iter().position(|c| *c == name) else {
            return Err(format!(
                "unknown column '{name}' (expected {})",
                CSV_COLUMNS.join(",")
            ));
        };
        if indexes[column] != usize::MAX {
            return Err(format!("column '{name}' appears twice"));
        }
        indexes[column] = position;
    }
    let missing: Vec<&str> = CSV_COLUMNS
        .iter()
        .zip(indexes)
        .filter(|(_, index)| *index == usize::MAX)
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing column(s) {} (expected {})",
            missing.join(", "),
            CSV_COLUMNS.join(",")
        ));
    }
    Ok(indexes)
}

/// Reads one CSV line; `field` takes a [`CSV_COLUMNS`] index.
fn csv_row<'a>(field: impl Fn(usize) -> &'a str) -> Result<PriceRow, String> {
    let item: Item = field(2)
        .parse()
        .map_err(|err: PriceError| err.to_string())?;
    let service: Service = field(1)
        .parse()
        .map_err(|err: PriceError| err.to_string())?;
    if item.service() != service {
        return Err(format!(
            "item {item} belongs to service {}, not {service}",
            item.service()
        ));
    }
    let tier_end = match field(6) {
        "" => None,
        text => Some(parse_number(text, "tier_end")?),
    };
    Ok(PriceRow {
        region: field(0).to_string(),
        item,
        unit: field(3).to_string(),
        usd: parse_number(field(4), "usd")?,
        tier_start: parse_number(field(5), "tier_start")?,
        tier_end,
        usage_type: field(7).to_string(),
        source: field(8).to_string(),
        as_of: Some(field(9).to_string()),
    })
}

fn parse_number(text: &str, column: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("bad number '{text}' in column {column}")),
    }
}

fn check_usd(usd: f64) -> Result<(), String> {
    if usd.is_finite() && usd >= 0.0 {
        Ok(())
    } else {
        Err(format!("usd {usd} must be a non-negative number"))
    }
}

fn check_bounds(start: f64, end: Option<f64>) -> Result<(), String> {
    if !(start.is_finite() && start >= 0.0) {
        return Err(format!("tier start {start} must be a non-negative number"));
    }
    match end {
        Some(end) if !(end.is_finite() && end > start) => Err(format!(
            "tier end {end} must be greater than tier start {start}"
        )),
        _ => Ok(()),
    }
}

/// A ladder must start at 0, have no gaps or overlaps, and end open so every quantity
/// has a price.
fn check_ladder(tiers: &[Tier]) -> Result<(), String> {
    let Some(first) = tiers.first() else {
        return Err("tiers must not be empty".to_string());
    };
    if first.start != 0.0 {
        return Err(format!("the first tier starts at {}, not 0", first.start));
    }
    for (index, tier) in tiers.iter().enumerate() {
        check_usd(tier.usd).map_err(|msg| format!("tiers[{index}]: {msg}"))?;
        check_bounds(tier.start, tier.end).map_err(|msg| format!("tiers[{index}]: {msg}"))?;
        if let Some(next) = tiers.get(index + 1) {
            match tier.end {
                None => {
                    return Err(format!(
                        "tiers[{index}] has no end but tiers[{}] follows it",
                        index + 1
                    ))
                }
                Some(end) if end != next.start => {
                    return Err(format!(
                        "tiers[{index}] ends at {end} but tiers[{}] starts at {}",
                        index + 1,
                        next.start
                    ))
                }
                Some(_) => {}
            }
        } else if let Some(end) = tier.end {
            return Err(format!("the last tier ends at {end}; it must have no end"));
        }
    }
    Ok(())
}

/// Groups rows into prices and checks every ladder, reporting the offending line or row.
fn assemble(
    rows: Vec<Located>,
    origin: Origin,
    label: &str,
    default_as_of: Option<&str>,
) -> Result<PriceBook, PriceError> {
    let fail = |position: u64, message: String| origin.error(label, position, message);
    let mut groups: BTreeMap<(String, Item), Vec<Located>> = BTreeMap::new();
    for located in rows {
        let row = &located.row;
        let check = || -> Result<(), String> {
            if !is_region(&row.region) {
                return Err(format!("bad region '{}'", row.region));
            }
            if row.unit.is_empty() {
                return Err("unit is empty".to_string());
            }
            check_usd(row.usd)?;
            check_bounds(row.tier_start, row.tier_end)?;
            if let Some(as_of) = &row.as_of {
                if !is_date(as_of) {
                    return Err(format!("as_of '{as_of}' is not a YYYY-MM-DD date"));
                }
            } else if default_as_of.is_none() {
                return Err("as_of is missing".to_string());
            }
            Ok(())
        };
        check().map_err(|msg| fail(located.position, msg))?;
        groups
            .entry((row.region.clone(), row.item))
            .or_default()
            .push(located);
    }

    let mut prices: BTreeMap<String, BTreeMap<Item, Price>> = BTreeMap::new();
    for ((region, item), mut tiers) in groups {
        tiers.sort_by(|a, b| a.row.tier_start.total_cmp(&b.row.tier_start));
        let what = format!("{item} in {region}");
        let first = &tiers[0];
        if first.row.tier_start != 0.0 {
            return Err(fail(
                first.position,
                format!(
                    "{what}: the first tier starts at {}, not 0",
                    first.row.tier_start
                ),
            ));
        }
        for pair in tiers.windows(2) {
            let (lower, upper) = (&pair[0], &pair[1]);
            let at = origin.at(lower.position);
            let message = match lower.row.tier_end {
                None => Some(format!(
                    "{what}: tiers overlap: the tier from {} on {at} has no end but this one starts at {}",
                    lower.row.tier_start, upper.row.tier_start
                )),
                Some(end) if end > upper.row.tier_start => Some(format!(
                    "{what}: tiers overlap: the tier on {at} runs to {end} but this one starts at {}",
                    upper.row.tier_start
                )),
                Some(end) if end < upper.row.tier_start => Some(format!(
                    "{what}: gap between tiers: the tier on {at} ends at {end} but this one starts at {}",
                    upper.row.tier_start
                )),
                Some(_) => None,
            };
            if let Some(message) = message {
                return Err(fail(upper.position, message));
            }
            if upper.row.unit != lower.row.unit {
                return Err(fail(
                    upper.position,
                    format!(
                        "{what}: unit '{}' differs from '{}' on {at}",
                        upper.row.unit, lower.row.unit
                    ),
                ));
            }
            if upper.row.usage_type != lower.row.usage_type {
                return Err(fail(
                    upper.position,
                    format!(
                        "{what}: usage_type '{}' differs from '{}' on {at}",
                        upper.row.usage_type, lower.row.usage_type
                    ),
                ));
            }
        }
        let last = &tiers[tiers.len() - 1];
        if let Some(end) = last.row.tier_end {
            return Err(fail(
                last.position,
                format!("{what}: the last tier ends at {end}; leave its tier_end empty"),
            ));
        }

        let mut sources: Vec<&str> = Vec::new();
        for located in &tiers {
            if !sources.contains(&located.row.source.as_str()) {
                sources.push(&located.row.source);
            }
        }
        let as_of = tiers
            .iter()
            .filter_map(|located| located.row.as_of.as_deref().or(default_as_of))
            .max()
            .unwrap_or_default()
            .to_string();
        let price = Price {
            item,
            unit: first.row.unit.clone(),
            usage_type: first.row.usage_type.clone(),
            source: sources.join(SOURCE_SEPARATOR),
            as_of,
            tiers: tiers
                .iter()
                .map(|located| Tier {
                    start: located.row.tier_start,
                    end: located.row.tier_end,
                    usd: located.row.usd,
                })
                .collect(),
        };
        prices.entry(region).or_default().insert(item, price);
    }
    Ok(PriceBook {
        prices,
        source: label.to_string(),
    })
}

/// Region codes such as `us-east-1` or `ap-southeast-5`: lower-case letters, digits and
/// hyphens, starting with a letter.
fn is_region(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.contains('-')
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let month: u32 = text[5..7].parse().unwrap_or(0);
    let day: u32 = text[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// The feed's own ten-decimal form when it is exact, so the embedded table writes back as
/// it was read; otherwise the shortest form that reads back to the same number.
fn format_usd(usd: f64) -> String {
    let fixed = format!("{usd:.10}");
    if fixed.parse::<f64>() == Ok(usd) {
        fixed
    } else {
        usd.to_string()
    }
}

fn format_bound(bound: f64) -> String {
    bound.to_string()
}
