//! Command-line definitions (the contract in docs/cli-and-report.md).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::Format;

/// The exit codes of docs/cli-and-report.md, decided in `commands::Outcome` and `Failure`.
const EXIT_CODES: &str = "Exit codes:
  0  report complete
  1  failed; nothing written
  2  usage error
  3  report written, but some region, service or operation could not be read
  4  report written, and the savings found exceed --fail-on-savings
  5  report written, and the modelled total differs from the bill by more than --fail-on-drift";

#[derive(Debug, Parser)]
#[command(
    name = "crossover",
    version = version_text(),
    about = "Audit an AWS account's API entry layer: API Gateway vs ALB cost and feature gaps from real usage",
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// One value per process, parsed once: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Collect and report in one run.
    Scan {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        report: ReportArgs,
        /// Also keep the snapshot the report was made from.
        #[arg(long)]
        save_snapshot: Option<PathBuf>,
        /// Also reconcile with the bill: `cost-explorer`, `cur:PATH` or `cur:s3://BUCKET/PREFIX`
        /// (an AWS Data Exports export's folder), or `athena:DATABASE.TABLE` (the CUR 2.0 table,
        /// in the workgroup `primary`).
        #[arg(long, value_name = "SOURCE")]
        reconcile: Option<String>,
        /// With --reconcile: exit 5 when the modelled total differs from the billed total by
        /// more than this percent.
        #[arg(long, requires = "reconcile", value_parser = non_negative)]
        fail_on_drift: Option<f64>,
    },
    /// Read every ALB and API Gateway API with its hourly CloudWatch usage into a snapshot.
    Collect {
        #[command(flatten)]
        common: Common,
        /// Where to write the snapshot (JSON).
        #[arg(long, short)]
        output: PathBuf,
    },
    /// Price and analyse a snapshot offline (no AWS credentials needed).
    Report {
        /// A snapshot written by `crossover collect` (or `scan --save-snapshot`).
        #[arg(long)]
        snapshot: PathBuf,
        /// A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it.
        #[arg(long)]
        prices: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// What changed between two JSON reports (added and removed resources, cost changes,
    /// blockers, recommendations).
    Diff {
        /// The earlier report (`--format json`).
        old: PathBuf,
        /// The later report.
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// Smallest monthly cost change of a resource worth listing, in USD.
        #[arg(long, default_value_t = 1.0, value_parser = non_negative)]
        threshold: f64,
        /// Write the diff here instead of stdout.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Join snapshots (shards of one organization scan, or separate accounts) into one.
    Merge {
        /// Snapshots written by `crossover collect`, all over the same window.
        #[arg(required = true, num_args = 1..)]
        snapshots: Vec<PathBuf>,
        /// Where to write the merged snapshot.
        #[arg(long, short)]
        output: PathBuf,
    },
    /// The price book: show the one in force, or rebuild it from the AWS Price List API.
    Prices {
        #[command(subcommand)]
        command: PricesCommand,
    },
    /// Set a snapshot's modelled charges beside what AWS billed for the same days.
    Reconcile(ReconcileArgs),
    /// Print the completion script for a shell on stdout.
    ///
    /// bash: `crossover completions bash > ~/.local/share/bash-completion/completions/crossover`
    ///
    /// zsh: `crossover completions zsh > "${fpath[1]}/_crossover"`
    ///
    /// fish: `crossover completions fish > ~/.config/fish/completions/crossover.fish`
    ///
    /// PowerShell: add `crossover completions powershell | Out-String | Invoke-Expression` to
    /// $PROFILE
    Completions {
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Write the man pages (crossover.1 and one page per subcommand) into a folder. For
    /// packagers; docs/man holds the pages of this version.
    #[command(hide = true)]
    Man {
        /// The folder to write the pages into (created when missing).
        #[arg(long, short)]
        output_dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ReconcileArgs {
    /// A snapshot written by `crossover collect` (or `scan --save-snapshot`).
    #[arg(long)]
    pub snapshot: PathBuf,
    #[command(flatten)]
    pub source: BillSourceArgs,
    /// Named profile (also AWS_PROFILE) for the AWS sources.
    #[arg(long)]
    pub profile: Option<String>,
    /// Region of the AWS clients (Cost Explorer itself answers in us-east-1).
    #[arg(long = "region", value_delimiter = ',', value_parser = parse_region)]
    pub regions: Vec<String>,
    /// Send every AWS call to this endpoint (emulators such as moto).
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Exit 5 when the modelled total differs from the billed total by more than this percent.
    #[arg(long, value_parser = non_negative)]
    pub fail_on_drift: Option<f64>,
    /// Report format (CSV: the reconciliation lines).
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Write the report here instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    /// With --athena: the workgroup the query runs in (default: primary).
    #[arg(long, value_name = "WG", requires = "athena")]
    pub athena_workgroup: Option<String>,
    /// With --athena: where Athena writes the query's results, when the workgroup sets no
    /// output location (s3://BUCKET/PREFIX/).
    #[arg(long, value_name = "S3_URI", requires = "athena")]
    pub athena_output: Option<String>,
}

/// Where the billed figures come from: exactly one source.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct BillSourceArgs {
    /// An AWS Data Exports export (CUR 2.0 or FOCUS 1.x, Parquet or gzip CSV): its own folder,
    /// the one that holds data/BILLING_PERIOD=YYYY-MM/.
    #[arg(long, value_name = "PATH")]
    pub cur: Option<String>,
    /// Cost Explorer (GetCostAndUsage, daily, over the snapshot's window; per resource for the
    /// last 14 days where resource-level data is enabled). AWS bills $0.01 per request.
    #[arg(long)]
    pub cost_explorer: bool,
    /// The CUR 2.0 table an organization queries in Athena: one SQL aggregation where the data
    /// lives. Starting a query writes its results to S3: see policies/crossover-athena-reconcile.json.
    #[arg(long, value_name = "DATABASE.TABLE")]
    pub athena: Option<String>,
}

/// The shells `crossover completions` writes for (the contract's list).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

impl From<CompletionShell> for clap_complete::Shell {
    fn from(shell: CompletionShell) -> Self {
        match shell {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
            CompletionShell::Powershell => clap_complete::Shell::PowerShell,
        }
    }
}

/// What `crossover --version` says: the package version and the date of the embedded price
/// book, since every figure in a report depends on both. The date is the book's own
/// (`PriceBook::as_of`, the latest `as_of` of data/prices.csv), so a refreshed book cannot be
/// shipped with a stale version line.
pub fn version_text() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{} (price book as of {})",
            env!("CARGO_PKG_VERSION"),
            crate::pricing::PriceBook::embedded().as_of()
        )
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Print the price book in force.
    Show {
        /// Only this region.
        #[arg(long, value_parser = parse_region)]
        region: Option<String>,
        /// A price book (CSV) or overrides (JSON) to show instead of the embedded book.
        #[arg(long)]
        prices: Option<PathBuf>,
    },
    /// Rebuild the price book from the AWS Price List Query API (pricing:GetProducts).
    Refresh {
        /// Regions to price; repeatable or comma-separated. Default: every region of the
        /// embedded book.
        #[arg(long = "region", value_delimiter = ',', value_parser = parse_region)]
        regions: Vec<String>,
        /// Where to write the price book (CSV); stdout when absent.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Named profile (also AWS_PROFILE).
        #[arg(long)]
        profile: Option<String>,
        /// Send the Price List calls to this endpoint.
        #[arg(long)]
        endpoint_url: Option<String>,
        /// Give up on one call (retries included) after this many seconds.
        #[arg(long, default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Write the report here instead of stdout.
    #[arg(long, short, conflicts_with = "output_dir")]
    pub output: Option<PathBuf>,
    /// Write report.md, report.json, report.csv and the snapshot here, named by collection time.
    #[arg(long)]
    pub output_dir: Option<PathBuf>,
    /// Smallest monthly saving worth a recommendation, in USD (10% of today's cost also applies).
    #[arg(long, default_value_t = 5.0, value_parser = non_negative)]
    pub min_savings: f64,
    /// Exit 4 when the monthly savings found exceed this many USD.
    #[arg(long, value_parser = non_negative)]
    pub fail_on_savings: Option<f64>,
    /// Mask account ids in every output.
    #[arg(long)]
    pub redact: bool,
    /// Mean WebSocket session length in minutes, for connection-minute estimates.
    #[arg(long, default_value_t = 10.0, value_parser = non_negative)]
    pub websocket_session_minutes: f64,
    /// Migration effort per feature gap and direction (engineer days, JSON; see docs/effort.md).
    #[arg(long)]
    pub effort: Option<PathBuf>,
    /// Cost of an engineer day in USD, for a migration's one-off cost and payback.
    #[arg(long, value_parser = non_negative)]
    pub day_rate: Option<f64>,
    /// A migration is recommended only if it pays back within this many months.
    #[arg(long, default_value_t = 12.0, value_parser = non_negative)]
    pub max_payback_months: f64,
    /// Subtotals and actions per group: account, region, kind or tag:KEY (e.g. tag:team).
    #[arg(long, value_parser = crate::analyze::groups::GroupBy::parse)]
    pub group_by: Option<crate::analyze::groups::GroupBy>,
    /// Full detail in the Markdown report for the top N resources by saving, or all.
    #[arg(long, value_parser = crate::report::parse_details, default_value = "25")]
    pub details: crate::report::Details,
}

fn non_negative(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("'{s}' is not a non-negative number")),
    }
}

#[derive(Debug, Args)]
pub struct Common {
    /// Named profile (also AWS_PROFILE); the default credential chain otherwise.
    #[arg(long)]
    pub profile: Option<String>,
    /// Region to scan; repeatable or comma-separated. Default: the profile's region.
    #[arg(long = "region", value_delimiter = ',', value_parser = parse_region)]
    pub regions: Vec<String>,
    /// Every region enabled for each account (found with ec2:DescribeRegions).
    #[arg(long, conflicts_with = "regions")]
    pub all_regions: bool,
    /// Scan every active account of the organization through this role (its name).
    #[arg(long)]
    pub org_role: Option<String>,
    /// The ExternalId the organization role requires.
    #[arg(long, requires = "org_role")]
    pub external_id: Option<String>,
    /// Limit an organization scan to these account ids (repeatable or comma-separated).
    #[arg(long, value_delimiter = ',', requires = "org_role", value_parser = parse_account)]
    pub accounts: Vec<String>,
    /// Read only slice I of N of the organization's accounts (0-based: 0/4 … 3/4), for array jobs.
    #[arg(long, requires = "org_role", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// End the window at this UTC hour instead of the last full hour (so that the shards of one
    /// run cover the same hours), e.g. 2026-11-25T08:00:00Z.
    #[arg(long, value_parser = parse_window_end)]
    pub window_end: Option<chrono::DateTime<chrono::Utc>>,
    /// Send every AWS call to this endpoint (emulators such as moto).
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Look-back window in whole days.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=i64::from(crate::model::MAX_WINDOW_DAYS)))]
    pub days: u32,
    /// Regions scanned at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// A price book (CSV) that replaces the embedded one, or overrides (JSON) on top of it.
    #[arg(long)]
    pub prices: Option<PathBuf>,
    /// Give up on one AWS call (retries included) after this many seconds.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Print API calls per operation, the wall time and the scan's own CloudWatch cost on stderr.
    #[arg(long)]
    pub stats: bool,
    /// No progress or warnings on stderr.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More logging on stderr (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

fn parse_account(s: &str) -> Result<String, String> {
    if s.len() == 12 && s.chars().all(|c| c.is_ascii_digit()) {
        Ok(s.to_owned())
    } else {
        Err(format!("'{s}' is not a 12-digit AWS account id"))
    }
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let err = || format!("'{s}' is not a shard I/N with 0 <= I < N (e.g. 0/4)");
    let (i, n) = s.split_once('/').ok_or_else(err)?;
    let (i, n): (usize, usize) = (i.parse().map_err(|_| err())?, n.parse().map_err(|_| err())?);
    if n == 0 || i >= n {
        return Err(err());
    }
    Ok((i, n))
}

fn parse_window_end(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    use chrono::Timelike;
    let t = chrono::DateTime::parse_from_rfc3339(s)
        .map_err(|e| format!("'{s}' is not an RFC 3339 time ({e}), e.g. 2026-11-25T08:00:00Z"))?
        .with_timezone(&chrono::Utc);
    if t.minute() != 0 || t.second() != 0 || t.nanosecond() != 0 {
        return Err(format!("'{s}' is not on the hour"));
    }
    Ok(t)
}

/// A region named on the command line, by the same rule the snapshot reader applies.
pub fn parse_region(s: &str) -> Result<String, String> {
    crate::model::validate::parse_region(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_names() {
        for ok in [
            "us-east-1",
            "ap-southeast-5",
            "us-gov-west-1",
            "eu-central-2",
        ] {
            assert_eq!(parse_region(ok).as_deref(), Ok(ok));
        }
        for bad in ["useast1", "us-east", "US-EAST-1", "us-east-1a", "", "eu--1"] {
            assert!(parse_region(bad).is_err(), "{bad}");
        }
    }
}
