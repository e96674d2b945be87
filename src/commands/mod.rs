//! What each command does, wired from the stages: collect → snapshot → analyze → render.

pub(crate) mod collect;
mod logging;
mod merge;
mod prices;
mod progress;
mod reconcile;
mod report;
pub mod shell_docs;

use crate::cli::{Cli, Command};

/// How a run that produced its output ended (the contract's exit codes 0, 3 and 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Complete,
    CoverageIncomplete,
    SavingsExceeded,
    /// The modelled total differs from the billed one by more than `--fail-on-drift`.
    DriftExceeded,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Complete => 0,
            Outcome::CoverageIncomplete => 3,
            Outcome::SavingsExceeded => 4,
            Outcome::DriftExceeded => 5,
        }
    }
}

/// A run that produced nothing: exit 2 for usage errors, 1 for the rest.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Failed(String),
}

impl Failure {
    pub fn exit_code(&self) -> i32 {
        match self {
            Failure::Usage(_) => 2,
            Failure::Failed(_) => 1,
        }
    }

    fn failed(e: impl std::fmt::Display) -> Self {
        Failure::Failed(e.to_string())
    }
}

pub fn run(cli: Cli) -> Result<Outcome, Failure> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Failure::failed)?;
    match cli.command {
        Command::Collect { common, output } => {
            logging::init(&common);
            runtime.block_on(collect::run(&common, &output))
        }
        Command::Scan {
            common,
            report: args,
            save_snapshot,
            reconcile: source,
            fail_on_drift,
        } => {
            logging::init(&common);
            // A bad price file or bill source fails before a long scan, not after it.
            let book = report::load_book(common.prices.as_deref())?;
            report::assumptions(&args)?;
            let source = source
                .as_deref()
                .map(reconcile::SourceSpec::parse)
                .transpose()?;
            let snapshot =
                runtime.block_on(collect::collect_snapshot(&common, Some(&book), None))?;
            if let Some(path) = &save_snapshot {
                crate::output::write_snapshot(path, &snapshot).map_err(Failure::failed)?;
            }
            match source {
                None => report::emit(&snapshot, &book, &args),
                Some(source) => {
                    let access = reconcile::Access {
                        profile: common.profile.clone(),
                        endpoint_url: common.endpoint_url.clone(),
                        region: common.regions.first().cloned(),
                    };
                    let bill =
                        runtime.block_on(reconcile::read_bill(&snapshot, &source, &access))?;
                    let analysis = reconcile::reconciled(
                        &snapshot,
                        &book,
                        &report::assumptions(&args)?,
                        &bill,
                    );
                    let drift = reconcile::outcome(&analysis, fail_on_drift);
                    let outcome = report::emit_analysis(&snapshot, analysis, &args)?;
                    Ok(match drift {
                        Outcome::DriftExceeded => Outcome::DriftExceeded,
                        _ => outcome,
                    })
                }
            }
        }
        Command::Report {
            snapshot,
            prices,
            report: args,
        } => report::run(&snapshot, prices.as_deref(), &args),
        Command::Prices { command } => runtime.block_on(prices::run(command)),
        Command::Merge { snapshots, output } => merge::run(&snapshots, &output),
        Command::Reconcile(args) => runtime.block_on(reconcile::run(&args)),
        Command::Diff {
            old,
            new,
            format,
            threshold,
            output,
        } => {
            let old = crate::output::read_report(&old).map_err(Failure::failed)?;
            let new = crate::output::read_report(&new).map_err(Failure::failed)?;
            let d = crate::report::diff::diff(&old, &new, threshold);
            let text = match format {
                crate::cli::DiffFormat::Markdown => crate::report::diff::render_markdown(&d),
                crate::cli::DiffFormat::Json => {
                    serde_json::to_string_pretty(&d).expect("a diff always serialises") + "\n"
                }
            };
            report::write_text(output.as_deref(), &text)?;
            Ok(Outcome::Complete)
        }
        Command::Completions { shell } => shell_docs::run_completions(shell),
        Command::Man { output_dir } => shell_docs::run_man(&output_dir),
    }
}
