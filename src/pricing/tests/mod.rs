mod book_tests;
mod formulas_tests;
mod price_list_tests;
mod properties;

use crate::pricing::{Item, PriceBook, Tier};

/// The ladder of `item` in `region` from the embedded book; tests only ask for prices that
/// the feed has.
fn tiers(region: &str, item: Item) -> Vec<Tier> {
    PriceBook::embedded()
        .price(region, item)
        .unwrap_or_else(|| panic!("the embedded book has no {item} in {region}"))
        .tiers
        .clone()
}

fn flat(region: &str, item: Item) -> f64 {
    PriceBook::embedded()
        .price(region, item)
        .and_then(|price| price.flat_usd())
        .unwrap_or_else(|| panic!("the embedded book has no flat {item} in {region}"))
}

fn assert_close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "expected {expected}, got {actual}"
    );
}
