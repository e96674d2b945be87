//! Private pricing on top of the list prices (`--prices` with a JSON document), and reading a
//! user's price file, which is either such a document or a whole CSV table.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::book::{check_ladder, check_usd, Price, PriceBook, Tier, EMBEDDED_SOURCE};
use super::csv_table::CSV_COLUMNS;
use super::error::{invalid, PriceError};
use super::items::{Item, Service};
use crate::model::validate::is_region;

impl PriceBook {
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

/// The book a run prices with: the embedded table, or the user's `--prices` file read with
/// [`load_prices_file`].
pub fn load_book(path: Option<&Path>) -> Result<PriceBook, PriceError> {
    let Some(path) = path else {
        return Ok(PriceBook::embedded());
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| PriceError::Read {
        path: shown.clone(),
        message: e.to_string(),
    })?;
    load_prices_file(&shown, &text)
}
