//! crossover: what an account's API entry layer costs on API Gateway and on ALB, from its own
//! CloudWatch usage. Data flows one way: collect → snapshot → analyze → render.

pub mod analyze;
pub mod cli;
pub mod collect;
pub mod commands;
pub mod model;
pub mod output;
pub mod pricing;
pub mod report;
