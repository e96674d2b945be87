//! `crossover reconcile` and `scan --reconcile`: read the bill from one source, set the
//! snapshot's model beside it, render, and decide exit 5.

use std::path::Path;

use super::report::{load_book, write_text};
use super::{Failure, Outcome};
use crate::analyze::reconcile::{price_requests, reconcile};
use crate::analyze::{self, Analysis, Assumptions};
use crate::bill::exports;
use crate::bill::Bill;
use crate::cli::{BillSourceArgs, ReconcileArgs};
use crate::collect::{athena, costexplorer, s3export};
use crate::model::Snapshot;
use crate::output;
use crate::pricing::PriceBook;
use crate::report::{self, Format};

/// A bill source as `scan --reconcile` names it: `cost-explorer`, `cur:URI`,
/// `athena:DATABASE.TABLE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceSpec {
    Cur(String),
    CostExplorer,
    Athena {
        database: String,
        table: String,
        workgroup: Option<String>,
        output: Option<String>,
    },
}

/// How the AWS sources reach AWS: the command's profile and endpoint.
#[derive(Debug, Clone, Default)]
pub struct Access {
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
    /// The region of regional clients (S3); the profile's when `None`.
    pub region: Option<String>,
}

impl SourceSpec {
    /// `scan --reconcile SOURCE`.
    pub fn parse(s: &str) -> Result<SourceSpec, Failure> {
        if s == "cost-explorer" {
            return Ok(SourceSpec::CostExplorer);
        }
        match s.split_once(':') {
            Some(("cur", uri)) if !uri.is_empty() => Ok(SourceSpec::Cur(uri.to_owned())),
            Some(("athena", table)) => SourceSpec::athena(table, None, None),
            _ => Err(Failure::Usage(format!(
                "--reconcile {s}: expected cost-explorer, cur:PATH (an AWS Data Exports export's folder, or s3://BUCKET/PREFIX) or athena:DATABASE.TABLE"
            ))),
        }
    }

    fn athena(
        table: &str,
        workgroup: Option<&str>,
        output: Option<&str>,
    ) -> Result<SourceSpec, Failure> {
        let (database, table) =
            athena::parse_table(table).map_err(|e| Failure::Usage(e.to_string()))?;
        if let Some(out) = output {
            if s3export::parse_uri(out).is_none() {
                return Err(Failure::Usage(format!(
                    "--athena-output {out}: expected s3://BUCKET/PREFIX/"
                )));
            }
        }
        Ok(SourceSpec::Athena {
            database,
            table,
            workgroup: workgroup.map(str::to_owned),
            output: output.map(str::to_owned),
        })
    }

    pub fn from_args(args: &ReconcileArgs) -> Result<SourceSpec, Failure> {
        let a: &BillSourceArgs = &args.source;
        match (&a.cur, &a.athena) {
            (Some(uri), _) => Ok(SourceSpec::Cur(uri.clone())),
            (None, Some(table)) => SourceSpec::athena(
                table,
                args.athena_workgroup.as_deref(),
                args.athena_output.as_deref(),
            ),
            (None, None) if a.cost_explorer => Ok(SourceSpec::CostExplorer),
            (None, None) => Err(Failure::Usage(
                "name a bill source: --cost-explorer, --cur PATH or --athena DATABASE.TABLE"
                    .to_owned(),
            )),
        }
    }
}

pub async fn run(args: &ReconcileArgs) -> Result<Outcome, Failure> {
    let book = load_book(args.prices.as_deref())?;
    let snapshot = output::read_snapshot(&args.snapshot).map_err(Failure::failed)?;
    let source = SourceSpec::from_args(args)?;
    let access = Access {
        profile: args.profile.clone(),
        endpoint_url: args.endpoint_url.clone(),
        region: args.regions.first().cloned(),
    };
    let bill = read_bill(&snapshot, &source, &access).await?;
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
    let mut r = reconcile(snapshot, &analysis, bill);
    price_requests(&mut r, bill, book);
    analysis.reconciliation = Some(r);
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
pub async fn read_bill(
    snapshot: &Snapshot,
    source: &SourceSpec,
    access: &Access,
) -> Result<Bill, Failure> {
    let first = snapshot.window.start.date_naive();
    let last = (snapshot.window.end - chrono::TimeDelta::seconds(1)).date_naive();
    let periods = exports::periods(first, last);
    match source {
        SourceSpec::Cur(uri) => {
            if uri.starts_with("s3://") {
                let Some((bucket, prefix)) = s3export::parse_uri(uri) else {
                    return Err(Failure::Usage(format!(
                        "--cur {uri}: expected s3://BUCKET/PREFIX, the export's own folder"
                    )));
                };
                let config = sdk_config(access, access.region.as_deref()).await;
                let client = s3export::client(&config, access.endpoint_url.is_some());
                return s3export::read(&client, &bucket, &prefix, &periods)
                    .await
                    .map_err(Failure::failed);
            }
            exports::read_local(Path::new(uri), &periods).map_err(Failure::failed)
        }
        SourceSpec::Athena {
            database,
            table,
            workgroup,
            output,
        } => {
            let config = sdk_config(access, access.region.as_deref()).await;
            let query = athena::Query {
                database,
                table,
                first,
                last,
                accounts: &snapshot.account_ids,
                periods: &periods,
            };
            athena::read(
                &aws_sdk_athena::Client::new(&config),
                &query,
                workgroup.as_deref(),
                output.as_deref(),
            )
            .await
            .map_err(Failure::failed)
        }
        SourceSpec::CostExplorer => {
            let config = sdk_config(access, Some(costexplorer::REGION)).await;
            let query = costexplorer::Query {
                first,
                last,
                accounts: snapshot.account_ids.clone(),
                regions: snapshot.regions.clone(),
                today: chrono::Utc::now().date_naive(),
            };
            costexplorer::read(&costexplorer::client(&config), &query)
                .await
                .map_err(|e| {
                    Failure::Failed(format!(
                        "Cost Explorer GetCostAndUsage failed ({e}); check the credentials and the ce:GetCostAndUsage permission"
                    ))
                })
        }
    }
}

/// The SDK configuration of an AWS bill source, in `region` (the profile's when `None`).
async fn sdk_config(access: &Access, region: Option<&str>) -> aws_config::SdkConfig {
    let mut opts = crate::collect::CollectOptions::basic(
        region.map(str::to_owned).into_iter().collect(),
        access.endpoint_url.clone(),
        1,
    );
    opts.profile = access.profile.clone();
    let config = crate::collect::load_sdk_config(&opts).await;
    match region {
        Some(r) => config
            .to_builder()
            .region(aws_config::Region::new(r.to_owned()))
            .build(),
        None => config,
    }
}
