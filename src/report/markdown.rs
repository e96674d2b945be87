//! The FinOps report in Markdown: written for someone who owns the bill, not the stack, and
//! rendered where such reports are read (GitHub, GitLab, a wiki). Charts are Mermaid blocks,
//! which both render natively.

mod appendix;
mod charts;
pub(super) mod format;
mod overview;
mod reconcile;
mod resource;
mod words;

use std::collections::{BTreeMap, HashMap};

use crate::analyze::{
    Action, Alternative, Analysis, Effort, Impact, Line, Recommendation, ResourceAnalysis,
    ScanCost, Target,
};
use crate::model::{DataNote, ResourceKind};

use super::{Details, Options};
use format::{
    bytes, cell, count, html, money, money_or_under_a_cent, name, percent, quantity, ratio,
    short_volume, signed_count, text, unit_price, whole_money, Align, Table, NAME_MAX_CHARS,
};

/// Rows of the top-opportunities table.
const TOP_OPPORTUNITIES: usize = 10;

/// Resources that get charts: a chart per resource is what makes a report long, and past ten
/// the reader is better served by the tables.
const CHARTED_RESOURCES: usize = 10;

/// Accounts named in the title before it says "N accounts" instead.
const TITLE_ACCOUNTS: usize = 3;

/// Accounts listed in the header: an organization's hundreds would fill the first screen.
const HEADER_ACCOUNTS: usize = 10;

pub fn render(analysis: &Analysis) -> String {
    render_with(analysis, &Options::default())
}

/// The decisions first (today's spend and its split, the savings, the top opportunities with
/// their payback), then everything else, shortest first: groups, data quality, coverage,
/// methodology, one row per resource, and the full detail of the top resources by saving.
pub fn render_with(analysis: &Analysis, options: &Options) -> String {
    let mut doc = Doc {
        out: String::new(),
        names: Names::new(analysis),
    };
    let ordered = ordered_resources(analysis);
    let detailed = detailed(analysis, options.details);
    title(&mut doc, analysis);
    summary(&mut doc, analysis);
    reconcile::section(&mut doc, analysis);
    opportunities(&mut doc, analysis);
    groups(&mut doc, analysis);
    data_quality(&mut doc, analysis);
    coverage(&mut doc, analysis);
    methodology(&mut doc, analysis);
    regions(&mut doc, analysis, &ordered, &detailed);
    details(&mut doc, analysis, &detailed);
    doc.out
}

/// Markdown under construction: blocks separated by exactly one blank line.
#[derive(Default)]
struct Doc {
    out: String,
    names: Names,
}

impl Doc {
    fn block(&mut self, s: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(s.trim_end_matches('\n'));
        self.out.push('\n');
    }

    fn heading(&mut self, level: usize, s: &str) {
        self.block(&format!("{} {s}", "#".repeat(level)));
    }

    fn table(&mut self, t: &Table) {
        self.block(&t.render());
    }

    fn list<I: IntoIterator<Item = String>>(&mut self, items: I) {
        let body: String = items.into_iter().map(|i| format!("- {i}\n")).collect();
        if !body.is_empty() {
            self.block(&body);
        }
    }

    fn mermaid(&mut self, chart: &str) {
        self.block(&format!("```mermaid\n{}```", chart));
    }
}

use appendix::*;
use overview::*;
use resource::*;
use words::*;

#[cfg(test)]
mod tests;
