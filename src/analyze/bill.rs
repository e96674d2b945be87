//! Priced lines for one month, built item by item from the price book. A price the region
//! lacks is recorded as unpriced, never borrowed from another region.

use crate::analyze::types::{Cost, Line};
use crate::pricing::{round_cents, tiered_cost, Item, Price, PriceBook};

#[derive(Debug, Clone, Default)]
pub struct Bill {
    lines: Vec<RawLine>,
    pub unpriced: Vec<Item>,
}

#[derive(Debug, Clone)]
struct RawLine {
    item: Item,
    label: String,
    quantity: f64,
    /// The rate that applies to the first unit; shown when the quantity is zero.
    marginal_usd: f64,
    monthly_usd: f64,
}

/// The prices of one region of the book.
pub struct Prices<'a> {
    pub region: &'a str,
    by_item: &'a std::collections::BTreeMap<Item, Price>,
}

impl<'a> Prices<'a> {
    pub fn new(book: &'a PriceBook, region: &'a str) -> Self {
        Prices {
            region,
            by_item: book.region(region),
        }
    }

    /// The region's price of `item`; `None` where the book has none (never another region's).
    pub fn price(&self, item: Item) -> Option<&'a Price> {
        self.by_item.get(&item)
    }

    fn tiers(&self, item: Item) -> Option<&'a [crate::pricing::Tier]> {
        self.price(item).map(|p| p.tiers.as_slice())
    }
}

impl Bill {
    /// `quantity` units of `item` this month, after `offset` units the account already uses
    /// this month in the region (tiered items only; flat prices ignore it).
    pub fn add(&mut self, prices: &Prices, item: Item, label: &str, offset: f64, quantity: f64) {
        match prices.tiers(item) {
            Some(tiers) => self.lines.push(RawLine {
                item,
                label: label.to_owned(),
                quantity,
                marginal_usd: tiered_cost(tiers, offset, 1.0),
                monthly_usd: tiered_cost(tiers, offset, quantity),
            }),
            None => {
                if !self.unpriced.contains(&item) {
                    self.unpriced.push(item);
                }
            }
        }
    }

    /// A line whose cost was computed elsewhere (a share of a region-wide tiered total).
    pub fn add_costed(
        &mut self,
        item: Item,
        label: &str,
        quantity: f64,
        marginal_usd: f64,
        monthly_usd: f64,
    ) {
        self.lines.push(RawLine {
            item,
            label: label.to_owned(),
            quantity,
            marginal_usd,
            monthly_usd,
        });
    }

    pub fn mark_unpriced(&mut self, item: Item) {
        if !self.unpriced.contains(&item) {
            self.unpriced.push(item);
        }
    }

    pub fn extend(&mut self, other: Bill) {
        self.lines.extend(other.lines);
        for i in other.unpriced {
            self.mark_unpriced(i);
        }
    }

    /// The unrounded monthly total: rounding happens once, on output.
    pub fn total(&self) -> f64 {
        self.lines.iter().map(|l| l.monthly_usd).sum()
    }

    pub fn to_cost(&self) -> Cost {
        Cost {
            monthly_usd: round_cents(self.total()),
            lines: self.lines(),
            unpriced: self.unpriced.clone(),
        }
    }

    pub fn lines(&self) -> Vec<Line> {
        self.lines
            .iter()
            .map(|l| Line {
                item: l.label.clone(),
                quantity: round_quantity(l.quantity),
                unit: l.item.unit().to_owned(),
                unit_price_usd: round_price(if l.quantity > 0.0 {
                    l.monthly_usd / l.quantity
                } else {
                    l.marginal_usd
                }),
                monthly_usd: round_cents(l.monthly_usd),
                priced_as: Some(l.item),
            })
            .collect()
    }
}

/// Quantities keep six decimals: enough for LCU-hours, free of binary float noise.
pub fn round_quantity(q: f64) -> f64 {
    (q * 1e6).round() / 1e6
}

/// Unit prices keep ten decimals, the precision of the AWS price feed.
fn round_price(p: f64) -> f64 {
    (p * 1e10).round() / 1e10
}
