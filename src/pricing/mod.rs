//! Prices and billing arithmetic for comparing API Gateway with an Application Load Balancer.
//!
//! Nothing here talks to AWS. [`book`] holds the on-demand price table and its lookups, `items` the
//! vocabulary of what is priced, `csv_table` the table's CSV form (embedded from the AWS price
//! feed, or a user's file) and `overrides` private pricing on top of it,
//! [`formulas`] turns usage into billed quantities and dollars, and [`price_list`] turns
//! `pricing:GetProducts` responses into price rows so a fresh table can be built from the
//! Price List API.
//!
//! Billing rules cite the AWS pricing and documentation pages they come from; docs/prices.md
//! describes the price table and its sources.

pub mod book;
mod csv_table;
mod error;
pub mod formulas;
mod items;
mod overrides;
pub mod price_list;

pub use book::{Price, PriceBook, PriceRow, Tier, EMBEDDED_SOURCE};
pub use csv_table::CSV_COLUMNS;
pub use error::PriceError;
pub use formulas::{
    http_api_billed_requests, lcu_dimensions, monthly_from_window, round_cents, shared_tiered_cost,
    tiered_cost, websocket_billed_messages, AlbHourUsage, LcuDimensions, HOURS_PER_MONTH,
};
pub use items::{CacheSize, Item, Service};
pub use overrides::{load_book, load_prices_file, Overrides, RateOverride};
pub use price_list::parse_products;

#[cfg(test)]
mod tests;
