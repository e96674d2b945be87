//! Command-line definitions (the contract in shared/contract/cli-and-report.md).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "crossover",
    version,
    about = "Audit an AWS account's API entry layer: API Gateway vs ALB cost and feature gaps from real usage"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read every ALB and API Gateway API with its hourly CloudWatch usage into a snapshot.
    Collect {
        #[command(flatten)]
        common: Common,
        /// Where to write the snapshot (JSON).
        #[arg(long, short)]
        output: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct Common {
    /// Named profile (also AWS_PROFILE); the default credential chain otherwise.
    #[arg(long)]
    pub profile: Option<String>,
    /// Region to scan; repeatable or comma-separated. Default: the profile's region.
    #[arg(long = "region", value_delimiter = ',', value_parser = parse_region)]
    pub regions: Vec<String>,
    /// Send every AWS call to this endpoint (emulators such as moto).
    #[arg(long)]
    pub endpoint_url: Option<String>,
    /// Look-back window in whole days.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=455))]
    pub days: u32,
    /// Regions scanned at once.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
    /// Give up on one AWS call (retries included) after this many seconds.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Print API calls per operation and the wall time on stderr.
    #[arg(long)]
    pub stats: bool,
    /// No progress or warnings on stderr.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// More logging on stderr (-v info, -vv debug).
    #[arg(short, long, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// AWS region names are `<area>-<direction>-<n>` (`us-east-1`, `ap-southeast-5`,
/// `us-gov-west-1`); anything else would only fail later as an unreachable endpoint.
fn parse_region(s: &str) -> Result<String, String> {
    let parts: Vec<&str> = s.split('-').collect();
    let ok = parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if ok {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "'{s}' is not an AWS region name (expected something like us-east-1)"
        ))
    }
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
