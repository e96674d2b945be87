//! crossover: what an account's API entry layer costs on API Gateway and on ALB, from its own
//! CloudWatch usage. Data flows one way: collect → snapshot → analyze → render.

pub mod analyze;
pub mod bill;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod model;
pub mod output;
pub mod pricing;
pub mod report;

// Test fixtures shared with the integration tests name the crate as `crossover`.
#[cfg(test)]
extern crate self as crossover;
