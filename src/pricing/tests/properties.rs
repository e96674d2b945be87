use proptest::prelude::*;

use super::tiers;
use crate::pricing::formulas::{round_cents, shared_tiered_cost, tiered_cost};
use crate::pricing::{Item, Tier};

/// Every tiered ladder of the embedded book, in two regions with different rates.
fn ladders() -> Vec<Vec<Tier>> {
    let mut all = Vec::new();
    for region in ["us-east-1", "eu-west-1"] {
        for item in [
            Item::HttpApiRequest,
            Item::RestApiRequest,
            Item::WebsocketMessage,
            Item::InterfaceEndpointDataProcessed,
        ] {
            all.push(tiers(region, item));
        }
    }
    all
}

fn ladder() -> impl Strategy<Value = Vec<Tier>> {
    prop::sample::select(ladders())
}

/// Up to 30 billion units: past the last REST bound of 20 billion.
fn quantity() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..3e10,
        (0u64..30).prop_map(|b| b as f64 * 1e9),
        Just(0.0)
    ]
}

proptest! {
    #[test]
    fn tiered_cost_never_falls_as_quantity_grows(
        t in ladder(),
        offset in quantity(),
        a in quantity(),
        b in quantity(),
    ) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(tiered_cost(&t, offset, low) <= tiered_cost(&t, offset, high));
    }

    #[test]
    fn marginal_costs_add_up(t in ladder(), a in quantity(), b in quantity()) {
        let whole = tiered_cost(&t, 0.0, a + b);
        let parts = tiered_cost(&t, 0.0, a) + tiered_cost(&t, a, b);
        prop_assert!((whole - parts).abs() <= 1e-9 * whole.max(1.0));
    }

    #[test]
    fn shared_tiering_never_costs_more_than_per_api_tiering(
        t in ladder(),
        quantities in prop::collection::vec(quantity(), 1..8),
    ) {
        let shared: f64 = shared_tiered_cost(&t, &quantities).iter().sum();
        let per_api: f64 = quantities.iter().map(|q| tiered_cost(&t, 0.0, *q)).sum();
        prop_assert!(shared <= per_api * (1.0 + 1e-12) + 1e-9, "{shared} > {per_api}");
    }

    #[test]
    fn shared_tiering_adds_up_to_the_cost_of_the_total(
        t in ladder(),
        quantities in prop::collection::vec(quantity(), 0..8),
    ) {
        let shares = shared_tiered_cost(&t, &quantities);
        prop_assert_eq!(shares.len(), quantities.len());
        let total: f64 = quantities.iter().sum();
        let expected = tiered_cost(&t, 0.0, total);
        let sum: f64 = shares.iter().sum();
        prop_assert!((sum - expected).abs() <= 1e-9 * expected.max(1.0));
    }

    #[test]
    fn rounding_to_cents_is_stable_and_close(usd in -1e7..1e7f64) {
        let cents = round_cents(usd);
        prop_assert_eq!(round_cents(cents), cents);
        prop_assert!((cents - usd).abs() <= 0.005 + 1e-9);
    }
}
