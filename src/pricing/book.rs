//! The price table: one [`Price`] (a ladder of [`Tier`]s) per region and [`Item`].
//!
//! The embedded table is `data/prices.csv`, read from AWS's own price feed for the 34
//! commercial regions (docs/prices.md). A region with no price for
//! an item has no entry: [`PriceBook::price`] returns `None` and never borrows another
//! region's figure (docs/prices.md lists the known gaps).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::csv_table::EMBEDDED_CSV;
use super::error::{invalid, PriceError};
use super::items::Item;
use crate::model::validate::is_region;

/// [`PriceBook::source`] of the embedded table.
pub const EMBEDDED_SOURCE: &str = "embedded";

/// Joins the provenance of tiers that came from different feed entries, so one
/// [`Price::source`] still names every entry the ladder was read from.
const SOURCE_SEPARATOR: &str = " | ";

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
pub(super) enum Origin {
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

pub(super) struct Located {
    pub(super) row: PriceRow,
    pub(super) position: u64,
}

/// All prices, by region and item, plus where they came from.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceBook {
    pub(super) prices: BTreeMap<String, BTreeMap<Item, Price>>,
    pub(super) source: String,
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

    /// The price of `item` in `region`, or `None` when the book has none. There is no
    /// fallback to another region.
    pub fn price(&self, region: &str, item: Item) -> Option<&Price> {
        self.region(region).get(&item)
    }

    /// Every price of `region` by item (empty where the book has none), for a caller that
    /// looks up many prices of one region: a bill is priced hundreds of times per resource.
    pub fn region(&self, region: &str) -> &BTreeMap<Item, Price> {
        static NONE: BTreeMap<Item, Price> = BTreeMap::new();
        self.prices.get(region).unwrap_or(&NONE)
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
}

pub(super) fn check_usd(usd: f64) -> Result<(), String> {
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
pub(super) fn check_ladder(tiers: &[Tier]) -> Result<(), String> {
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
pub(super) fn assemble(
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
