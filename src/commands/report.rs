use std::io::Write;
use std::path::Path;

use super::{Failure, Outcome};
use crate::analyze::effort::EffortModel;
use crate::analyze::{self, Analysis, Assumptions};
use crate::cli::ReportArgs;
use crate::model::Snapshot;
use crate::output;
use crate::pricing::{self, PriceBook, PriceError};
use crate::report::{self, redact::redact, Format};

/// The embedded book, or the file the user named (a CSV book or JSON overrides), with the
/// advice that goes with a file that does not read.
pub fn load_book(path: Option<&Path>) -> Result<PriceBook, Failure> {
    pricing::load_book(path).map_err(|e| match e {
        PriceError::Read { .. } => Failure::Failed(e.to_string()),
        e => Failure::Failed(format!(
            "{e}; fix the price file or run without --prices to use the embedded book"
        )),
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
    // Redacting masks the rendered text, so a redacted output is rendered whole first; any
    // other is streamed where it goes.
    let report = |format: Format, path: Option<&Path>| {
        if args.redact {
            let text = redact(&report::render_with(&analysis, format, &options), &analysis);
            write_out(path, |w| w.write_all(text.as_bytes()))
        } else {
            write_out(path, |w| report::write_with(&analysis, format, &options, w))
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
                report(format, Some(&path))?;
            }
            if let Some(mut text) = report::render_reconciliation_csv(&analysis) {
                let path = dir.join(format!("crossover-{stamp}-reconciliation.csv"));
                if args.redact {
                    text = redact(&text, &analysis);
                }
                write_out(Some(&path), |w| w.write_all(text.as_bytes()))?;
            }
            let path = dir.join(format!("crossover-{stamp}-snapshot.json"));
            if args.redact {
                let snap =
                    String::from_utf8(output::snapshot_to_json(snapshot)).expect("JSON is UTF-8");
                let snap = redact(&snap, &analysis);
                write_out(Some(&path), |w| w.write_all(snap.as_bytes()))?;
            } else {
                output::write_snapshot(&path, snapshot).map_err(Failure::failed)?;
            }
        }
        (None, path) => report(args.format, path.as_deref())?,
    }
    let outcome = outcome(&analysis, args);
    // As the snapshot in `run`: the command ends with the analysis.
    std::mem::forget(analysis);
    Ok(outcome)
}

/// Writes to the file (whole or not at all), or to stdout.
pub fn write_text(path: Option<&Path>, text: &str) -> Result<(), Failure> {
    write_out(path, |w| w.write_all(text.as_bytes()))
}

/// What `body` writes, to the file (whole or not at all) or to stdout, streamed.
pub fn write_out(
    path: Option<&Path>,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), Failure> {
    if let Some(path) = path {
        return output::write_atomic_with(path, body).map_err(Failure::failed);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    match body(&mut out).and_then(|()| out.flush()) {
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
    let outcome = emit(&snapshot, &book, args);
    // The process ends here: freeing an organization's snapshot piece by piece took a tenth
    // of the report's time (docs/performance.md), for memory the exit returns anyway.
    std::mem::forget(snapshot);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_args(extra: &[&str]) -> ReportArgs {
        use clap::Parser;
        let mut argv = vec!["crossover", "report", "--snapshot", "s.json"];
        argv.extend_from_slice(extra);
        match crate::cli::Cli::try_parse_from(argv).unwrap().command {
            crate::cli::Command::Report { report, .. } => report,
            _ => unreachable!(),
        }
    }

    #[test]
    fn effort_flags_set_the_assumptions_and_a_bad_effort_file_is_one_line() {
        let a = assumptions(&report_args(&[])).unwrap();
        assert_eq!(a.max_payback_months, 12.0);
        assert_eq!(a.effort, EffortModel::default());
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("effort.json");
        std::fs::write(&good, r#"{"features": {"waf": {"low": 9, "high": 9}}}"#).unwrap();
        let a = assumptions(&report_args(&[
            "--effort",
            good.to_str().unwrap(),
            "--day-rate",
            "500",
            "--max-payback-months",
            "24",
        ]))
        .unwrap();
        assert_eq!(a.effort.day_rate_usd, 500.0);
        assert_eq!(a.effort.feature("waf").low, 9.0);
        assert_eq!(a.max_payback_months, 24.0);
        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, r#"{"features": {"waf": {"low": 3, "high": 1}}}"#).unwrap();
        let Err(Failure::Failed(msg)) =
            assumptions(&report_args(&["--effort", bad.to_str().unwrap()]))
        else {
            panic!("a bad effort file must fail");
        };
        assert!(
            msg.contains("bad.json") && msg.contains("low <= high"),
            "{msg}"
        );
        assert!(!msg.contains('\n'));
        let missing = dir.path().join("missing.json");
        assert!(assumptions(&report_args(&["--effort", missing.to_str().unwrap()])).is_err());
    }

    #[test]
    fn details_and_group_by_parse_as_the_contract_says() {
        assert_eq!(report_args(&[]).details, report::Details::Top(25));
        assert_eq!(
            report_args(&["--details", "all"]).details,
            report::Details::All
        );
        assert_eq!(
            report_args(&["--details", "3"]).details,
            report::Details::Top(3)
        );
        assert_eq!(
            report_args(&["--group-by", "tag:team"]).group_by,
            Some(crate::analyze::groups::GroupBy::Tag("team".to_owned()))
        );
        use clap::Parser;
        for bad in [
            ["--details", "some"],
            ["--group-by", "team"],
            ["--day-rate", "-1"],
        ] {
            let mut argv = vec!["crossover", "report", "--snapshot", "s.json"];
            argv.extend_from_slice(&bad);
            assert!(crate::cli::Cli::try_parse_from(argv).is_err(), "{bad:?}");
        }
    }
}
