//! What each command does, wired from the stages: collect → snapshot → analyze → render.

mod collect;
mod logging;

use crate::cli::{Cli, Command};

/// How a run that produced its output ended (the contract's exit codes 0, 3 and 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Complete,
    CoverageIncomplete,
}

impl Outcome {
    pub fn exit_code(self) -> i32 {
        match self {
            Outcome::Complete => 0,
            Outcome::CoverageIncomplete => 3,
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
    }
}
