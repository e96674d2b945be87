use tracing_subscriber::EnvFilter;

use crate::cli::Common;

/// Logs go to stderr only: stdout is reserved for the report.
pub fn init(common: &Common) {
    let level = match (common.quiet, common.verbose) {
        (true, _) => "error",
        (false, 0) => "warn",
        (false, 1) => "info",
        (false, _) => "debug",
    };
    // The SDK's own warnings duplicate what we report as coverage gaps.
    let filter = EnvFilter::try_from_env("CROSSOVER_LOG")
        .unwrap_or_else(|_| EnvFilter::new(format!("error,crossover={level}")));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
