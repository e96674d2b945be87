use std::io::Write;
use std::path::Path;

use super::{Failure, Outcome};
use crate::analyze::effort::EffortModel;
use crate::analyze::{self, Analysis, Assumptions};
use crate::cli::ReportArgs;
use crate::model::Snapshot;
use crate::output;
use crate::pricing::{load_prices_file, PriceBook};
use crate::report::{self, redact::redact, Format};

/// The embedded book, or the file the user named (a CSV book or JSON overrides).
pub fn load_book(path: Option<&Path>) -> Result<PriceBook, Failure> {
    let Some(path) = path else {
        return Ok(PriceBook::embedded());
    };
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Failed(format!("cannot read price file {shown}: {e}")))?;
    load_prices_file(&shown, &text).map_err(|e| {
        Failure::Failed(format!(
            "{e}; fix the price file or run without --prices to use the embedded book"
        ))
    })
}

/// The assumptions the arguments set, with the effort table of `--effort` read and checked (a
/// bad file fails here, before a scan reads anything).
pub fn assumptions(args: &ReportArgs) -> Result<Assumptions, Failure> {
    let mut effort = EffortModel::default();
    if let Some(path) = &args.effort {
        let shown = path.display();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Failed(format!("cannot read effort file {shown}: {e}")))?;
        effort = effort.with_overrides(&text).map_err(|e| {
            Failure::Failed(format!(
                "effort file {shown}: {e}; see docs/effort.md for its format"
            ))
        })?;
    }
    if let Some(rate) = args.day_rate {
        effort = effort.with_day_rate(rate);
    }
    Ok(Assumptions {
        min_savings_usd: args.min_savings,
        websocket_session_minutes: args.websocket_session_minutes,
        effort,
        max_payback_months: args.max_payback_months,
        ..Assumptions::default()
    })
}

/// Analyses the snapshot and writes the report where the arguments say.
pub fn emit(snapshot: &Snapshot, book: &PriceBook, args: &ReportArgs) -> Result<Outcome, Failure> {
    let analysis = analyze::analyze(snapshot, book, &assumptions(args)?);
    emit_analysis(snapshot, analysis, args)
}

/// Writes the report of an analysis already made (one with a reconciliation, say), grouped
/// and detailed as the arguments say.
pub fn emit_analysis(
    snapshot: &Snapshot,
    mut analysis: Analysis,
    args: &ReportArgs,
) -> Result<Outcome, Failure> {
    if let Some(by) = &args.group_by {
        analyze::groups::apply(&mut analysis, by);
    }
    let options = report::Options {
        details: args.details,
    };
    let masked = |text: String| {
        if args.redact {
            redact(&text, &analysis)
        } else {
            text
        }
    };
    match (&args.output_dir, &args.output) {
        (Some(dir), _) => {
            std::fs::create_dir_all(dir).map_err(|e| {
                Failure::Failed(format!(
                    "cannot create {}: {e}; choose a writable folder",
                    dir.display()
                ))
            })?;
            let stamp = snapshot.collected_at.format("%Y%m%dT%H%M%SZ");
            for format in [Format::Markdown, Format::Json, Format::Csv] {
                let path = dir.join(format!("crossover-{stamp}-report.{}", format.extension()));
                let text = masked(report::render_with(&analysis, format, &options));
                output::write_atomic(&path, text.as_bytes()).map_err(Failure::failed)?;
            }
            if let Some(text) = report::render_reconciliation_csv(&analysis) {
                let path = dir.join(format!("crossover-{stamp}-reconciliation.csv"));
                output::write_atomic(&path, masked(text).as_bytes()).map_err(Failure::failed)?;
            }
            let snap =
                String::from_utf8(output::snapshot_to_json(snapshot)).expect("JSON is UTF-8");
            let path = dir.join(format!("crossover-{stamp}-snapshot.json"));
            output::write_atomic(&path, masked(snap).as_bytes()).map_err(Failure::failed)?;
        }
        (None, path) => write_text(
            path.as_deref(),
            &masked(report::render_with(&analysis, args.format, &options)),
        )?,
    }
    Ok(outcome(&analysis, args))
}

/// Writes to the file (whole or not at all), or to stdout.
pub fn write_text(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    if let Some(path) = path {
        return output::write_atomic(path, text.as_bytes()).map_err(Failure::failed);
    }
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::Failed(format!("cannot write the report: {e}")))
        }
        _ => Ok(()),
    }
}

fn outcome(analysis: &Analysis, args: &ReportArgs) -> Outcome {
    if args
        .fail_on_savings
        .is_some_and(|limit| analysis.summary.savings_monthly_usd > limit)
    {
        Outcome::SavingsExceeded
    } else if !analysis.coverage.gaps.is_empty() {
        Outcome::CoverageIncomplete
    } else {
        Outcome::Complete
    }
}

pub fn run(
    snapshot_path: &Path,
    prices: Option<&Path>,
    args: &ReportArgs,
) -> Result<Outcome, Failure> {
    let book = load_book(prices)?;
    assumptions(args)?;
    let snapshot = output::read_snapshot(snapshot_path).map_err(Failure::failed)?;
    emit(&snapshot, &book, args)
}
