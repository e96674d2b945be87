//! Pure renderers from an [`Analysis`] to the formats people and machines read.

mod csv;
pub mod diff;
mod json;
mod markdown;
mod reconcile_csv;

pub use markdown::format::{count, money_or_under_a_cent};
pub use markdown::render as render_markdown;

use crate::analyze::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Json,
    Csv,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// The reconciliation's lines as CSV (`crossover reconcile --format csv`); `None` when the
/// analysis has no reconciliation.
pub fn render_reconciliation_csv(analysis: &Analysis) -> Option<String> {
    analysis.reconciliation.as_ref().map(reconcile_csv::render)
}

pub fn render(analysis: &Analysis, format: Format) -> String {
    match format {
        Format::Markdown => markdown::render(analysis),
        Format::Json => json::render(analysis),
        Format::Csv => csv::render(analysis),
    }
}
