//! Prices and billing arithmetic for comparing API Gateway with an Application Load Balancer.
//!
//! Nothing here talks to AWS. [`book`] holds the on-demand price table (embedded from the
//! AWS price feed, or loaded from a file, optionally with private-pricing overrides),
//! [`formulas`] turns usage into billed quantities and dollars, and [`price_list`] turns
//! `pricing:GetProducts` responses into price rows so a fresh table can be built from the
//! Price List API.
//!
//! Billing rules cite the AWS pricing and documentation pages they come from; docs/prices.md
//! describes the price table and its sources.

pub mod book;
pub mod formulas;
pub mod price_list;

pub use book::{
    load_prices_file, CacheSize, Item, Overrides, Price, PriceBook, PriceError, PriceRow,
    RateOverride, Service, Tier,
};
pub use formulas::{
    http_api_billed_requests, lcu_dimensions, monthly_from_window, round_cents, shared_tiered_cost,
    tiered_cost, websocket_billed_messages, AlbHourUsage, LcuDimensions, HOURS_PER_MONTH,
};
pub use price_list::parse_products;

#[cfg(test)]
mod tests;
