//! Pure renderers from an [`Analysis`] to the formats people and machines read.

mod csv;
pub mod diff;
mod json;
mod markdown;
mod reconcile_csv;
pub mod redact;

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

/// How much of the analysis the Markdown report shows in full (JSON and CSV always hold all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Details {
    /// Full detail for this many resources, largest saving first; one table row for the rest.
    Top(usize),
    All,
}

impl Default for Details {
    fn default() -> Self {
        Details::Top(25)
    }
}

/// `--details N|all`.
pub fn parse_details(s: &str) -> Result<Details, String> {
    if s.eq_ignore_ascii_case("all") {
        return Ok(Details::All);
    }
    s.parse::<usize>()
        .map(Details::Top)
        .map_err(|_| format!("'{s}' is not a number of resources or 'all'"))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    pub details: Details,
}

/// The reconciliation's lines as CSV (`crossover reconcile --format csv`); `None` when the
/// analysis has no reconciliation.
pub fn render_reconciliation_csv(analysis: &Analysis) -> Option<String> {
    analysis.reconciliation.as_ref().map(reconcile_csv::render)
}

pub fn render(analysis: &Analysis, format: Format) -> String {
    render_with(analysis, format, &Options::default())
}

/// [`render_with`], streamed to `w`. The JSON report is serialised straight to `w`: for an
/// organization it is hundreds of MB, which a string would hold whole beside the analysis.
pub fn write_with(
    analysis: &Analysis,
    format: Format,
    options: &Options,
    w: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Json => json::write(analysis, w),
        _ => w.write_all(render_with(analysis, format, options).as_bytes()),
    }
}

pub fn render_with(analysis: &Analysis, format: Format, options: &Options) -> String {
    match format {
        Format::Markdown => markdown::render_with(analysis, options),
        Format::Json => json::render(analysis),
        Format::Csv => csv::render(analysis),
    }
}
