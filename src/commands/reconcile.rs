//! `crossover reconcile` and `scan --reconcile`: read the bill from one source, set the
//! snapshot's model beside it, render, and decide exit 5.

use std::path::Path;

use super::report::{load_book, write_text};
use super::{Failure, Outcome};
use crate::analyze::reconcile::reconcile;
use crate::analyze::{self, Analysis, Assumptions};
use crate::bill::exports;
use crate::bill::Bill;
use crate::cli::{BillSourceArgs, ReconcileArgs};
use crate::model::Snapshot;
use crate::output;
use crate::pricing::PriceBook;
use crate::report::{self, Format};

/// A bill source as `scan --reconcile` names it: `cost-explorer`, `cur:URI`,
/// `athena:DATABASE.TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    Cur(String),
}

impl SourceSpec {
    /// `scan --reconcile SOURCE`.
    pub fn parse(s: &str) -> Result<SourceSpec, Failure> {
        match s.split_once(':') {
            Some(("cur", uri)) if !uri.is_empty() => Ok(SourceSpec::Cur(uri.to_owned())),
            _ => Err(Failure::Usage(format!(
                "--reconcile {s}: expected cur:PATH (an AWS Data Exports export's folder)"
            ))),
        }
    }

    pub fn from_args(a: &BillSourceArgs) -> Result<SourceSpec, Failure> {
        match &a.cur {
            Some(uri) => Ok(SourceSpec::Cur(uri.clone())),
            None => Err(Failure::Usage("name a bill source: --cur PATH".to_owned())),
        }
    }
}

pub async fn run(args: &ReconcileArgs) -> Result<Outcome, Failure> {
    let book = load_book(args.prices.as_deref())?;
    let snapshot = output::read_snapshot(&args.snapshot).map_err(Failure::failed)?;
    let source = SourceSpec::from_args(&args.source)?;
    let bill = read_bill(&snapshot, &source).await?;
    let analysis = reconciled(&snapshot, &book, &Assumptions::default(), &bill);
    let text = match args.format {
        Format::Csv => report::render_reconciliation_csv(&analysis)
            .expect("a reconciled analysis has its reconciliation"),
        f => report::render(&analysis, f),
    };
    write_text(args.output.as_deref(), &text)?;
    Ok(outcome(&analysis, args.fail_on_drift))
}

/// The analysis with its reconciliation.
pub fn reconciled(snapshot: &Snapshot, book: &PriceBook, a: &Assumptions, bill: &Bill) -> Analysis {
    let mut analysis = analyze::analyze(snapshot, book, a);
    analysis.reconciliation = Some(reconcile(snapshot, &analysis, bill));
    analysis
}

/// Exit 5 when the totals drift further than allowed (over the days compared; with none
/// compared there is no drift to judge), else 3 for an incomplete snapshot, else 0.
pub fn outcome(analysis: &Analysis, fail_on_drift: Option<f64>) -> Outcome {
    let drift = analysis.reconciliation.as_ref().is_some_and(|r| {
        fail_on_drift.is_some_and(|limit| {
            !r.days_compared.is_empty() && r.totals.difference_percent.abs() > limit
        })
    });
    if drift {
        Outcome::DriftExceeded
    } else if !analysis.coverage.gaps.is_empty() {
        Outcome::CoverageIncomplete
    } else {
        Outcome::Complete
    }
}

/// Reads the bill over the months of the snapshot's window.
pub async fn read_bill(snapshot: &Snapshot, source: &SourceSpec) -> Result<Bill, Failure> {
    let first = snapshot.window.start.date_naive();
    let last = (snapshot.window.end - chrono::TimeDelta::seconds(1)).date_naive();
    let periods = exports::periods(first, last);
    match source {
        SourceSpec::Cur(uri) => {
            if uri.starts_with("s3://") {
                return Err(Failure::Usage(format!(
                    "--cur {uri}: exports in S3 are not read by this build; copy the export's folder locally (aws s3 sync) and pass its path"
                )));
            }
            exports::read_local(Path::new(uri), &periods).map_err(Failure::failed)
        }
    }
}
