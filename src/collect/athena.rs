//! The bill from the CUR 2.0 table an organization already queries in Athena
//! (`--athena DATABASE.TABLE`): the same reduction as the export reader, done where the data
//! lives, as one SQL query. Starting a query writes its results to S3 (the workgroup's output
//! location, or `--athena-output`), which is why this source has its own policy file,
//! policies/crossover-athena-reconcile.json, beside the read-only one.
//!
//! StartQueryExecution, then GetQueryExecution polled with a growing pause until the query
//! ends, then GetQueryResults page by page (`NextToken`).
//!
//! Rows the query returns: one per day × account × usage type × resource of the lines
//! reconciliation reads, and one per day with empty keys that only says the day is covered.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState, ResultConfiguration};
use chrono::NaiveDate;

use super::ctx::{CallError, CallStats, Ctx};
use super::registry::Op;
use crate::bill::{Aggregator, Bill, BillSource, Line};

/// The first pause between GetQueryExecution polls; it doubles up to [`POLL_MAX`]. A CUR
/// aggregation over a month takes seconds to minutes.
const POLL_FIRST: Duration = Duration::from_millis(250);
const POLL_MAX: Duration = Duration::from_secs(5);
/// How long to wait for the query in all.
const MAX_WAIT: Duration = Duration::from_secs(900);

#[derive(Debug, thiserror::Error)]
pub enum AthenaError {
    #[error("{0}")]
    Usage(String),
    #[error("Athena {operation}: {source}")]
    Call {
        operation: &'static str,
        #[source]
        source: CallError,
    },
    #[error("the Athena query ended {state}: {reason}")]
    Query { state: String, reason: String },
    #[error(
        "the Athena query was still running after {0} seconds; it goes on in Athena, rerun later"
    )]
    TooLong(u64),
    #[error("the Athena result has a bad row: {0}")]
    BadRow(String),
}

fn call(operation: &'static str) -> impl Fn(CallError) -> AthenaError {
    move |source| AthenaError::Call { operation, source }
}

/// `DATABASE.TABLE`, each an Athena identifier (letters, digits, underscores): they are
/// written into the SQL, so nothing else is let through.
pub fn parse_table(s: &str) -> Result<(String, String), AthenaError> {
    let ok = |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    match s.split_once('.') {
        Some((db, table)) if ok(db) && ok(table) => Ok((db.to_owned(), table.to_owned())),
        _ => Err(AthenaError::Usage(format!(
            "--athena {s}: expected DATABASE.TABLE, each of letters, digits and underscores"
        ))),
    }
}

pub struct Query<'a> {
    pub database: &'a str,
    pub table: &'a str,
    pub first: NaiveDate,
    pub last: NaiveDate,
    pub accounts: &'a [String],
    pub periods: &'a [(i32, u32)],
}

/// The SQL: CUR 2.0 column names; `billing_period` is the table's partition
/// (`BILLING_PERIOD=YYYY-MM` in the export), so only the months needed are scanned.
pub fn sql(q: &Query) -> String {
    let quoted = |v: &[String]| {
        v.iter()
            .map(|s| format!("'{}'", s.replace('\'', "''")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let periods: Vec<String> = q
        .periods
        .iter()
        .map(|(y, m)| format!("{y:04}-{m:02}"))
        .collect();
    let relevant = "line_item_line_item_type = 'Usage' \
        AND ((line_item_product_code = 'AWSELB' AND line_item_operation = 'LoadBalancing:Application') \
        OR line_item_product_code = 'AmazonApiGateway' \
        OR (line_item_product_code = 'AmazonVPC' AND (line_item_usage_type LIKE '%PublicIPv4:InUseAddress' \
        OR line_item_usage_type LIKE '%VpcEndpoint-Hours' OR line_item_usage_type LIKE '%VpcEndpoint-Bytes')))";
    let when = |col: &str| format!("CASE WHEN {relevant} THEN {col} END");
    let sum = |col: &str| format!("sum(CASE WHEN {relevant} THEN {col} ELSE 0 END)");
    format!(
        "SELECT date_format(line_item_usage_start_date, '%Y-%m-%d') AS day, \
         {account} AS account_id, {usage} AS usage_type, {resource} AS resource_id, \
         {quantity} AS quantity, {unblended} AS unblended, {net} AS net \
         FROM \"{db}\".\"{table}\" \
         WHERE billing_period IN ({periods}) \
         AND line_item_usage_start_date >= TIMESTAMP '{first} 00:00:00' \
         AND line_item_usage_start_date < TIMESTAMP '{end} 00:00:00' \
         AND line_item_usage_account_id IN ({accounts}) \
         GROUP BY 1, 2, 3, 4",
        account = when("line_item_usage_account_id"),
        usage = when("line_item_usage_type"),
        resource = when("line_item_resource_id"),
        quantity = sum("line_item_usage_amount"),
        unblended = sum("line_item_unblended_cost"),
        net = sum("coalesce(line_item_net_unblended_cost, line_item_unblended_cost)"),
        db = q.database,
        table = q.table,
        periods = quoted(&periods),
        first = q.first,
        end = q.last.succ_opt().expect("a day after"),
        accounts = quoted(q.accounts),
    )
}

pub async fn read(
    client: &aws_sdk_athena::Client,
    q: &Query<'_>,
    workgroup: Option<&str>,
    output: Option<&str>,
) -> Result<Bill, AthenaError> {
    let ctx = Ctx::new("", "", Arc::new(CallStats::default()));
    let mut start = client
        .start_query_execution()
        .query_string(sql(q))
        .query_execution_context(
            QueryExecutionContext::builder()
                .database(q.database)
                .build(),
        )
        .set_work_group(workgroup.map(str::to_owned));
    if let Some(out) = output {
        start =
            start.result_configuration(ResultConfiguration::builder().output_location(out).build());
    }
    let started = ctx
        .try_call(Op::AthenaStartQueryExecution, start.send())
        .await
        .map_err(call("StartQueryExecution"))?;
    let id = started
        .query_execution_id()
        .ok_or_else(|| AthenaError::Query {
            state: "without an id".to_owned(),
            reason: "StartQueryExecution returned no QueryExecutionId".to_owned(),
        })?
        .to_owned();
    let waited = std::time::Instant::now();
    let mut pause = POLL_FIRST;
    loop {
        let out = ctx
            .try_call(
                Op::AthenaGetQueryExecution,
                client.get_query_execution().query_execution_id(&id).send(),
            )
            .await
            .map_err(call("GetQueryExecution"))?;
        let status = out.query_execution().and_then(|e| e.status());
        match status.and_then(|s| s.state()) {
            Some(QueryExecutionState::Succeeded) => break,
            Some(state @ (QueryExecutionState::Failed | QueryExecutionState::Cancelled)) => {
                return Err(AthenaError::Query {
                    state: state.as_str().to_owned(),
                    reason: status
                        .and_then(|s| s.state_change_reason())
                        .unwrap_or("no reason given")
                        .to_owned(),
                })
            }
            _ => {}
        }
        if waited.elapsed() > MAX_WAIT {
            return Err(AthenaError::TooLong(MAX_WAIT.as_secs()));
        }
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(POLL_MAX);
    }
    let mut agg = Aggregator::default();
    let mut token: Option<String> = None;
    let mut header_seen = false;
    loop {
        let out = ctx
            .try_call(
                Op::AthenaGetQueryResults,
                client
                    .get_query_results()
                    .query_execution_id(&id)
                    .set_next_token(token.clone())
                    .send(),
            )
            .await
            .map_err(call("GetQueryResults"))?;
        for row in out.result_set().map(|r| r.rows()).unwrap_or_default() {
            let cells: Vec<&str> = row
                .data()
                .iter()
                .map(|d| d.var_char_value().unwrap_or_default())
                .collect();
            // The first row of the first page is the header.
            if !header_seen {
                header_seen = true;
                if cells.first() == Some(&"day") {
                    continue;
                }
            }
            add_row(&cells, &mut agg)?;
        }
        match super::ctx::token(out.next_token()) {
            Some(t) if Some(&t) != token.as_ref() => token = Some(t),
            _ => break,
        }
    }
    Ok(agg.finish(BillSource::Athena, true))
}

fn add_row(cells: &[&str], agg: &mut Aggregator) -> Result<(), AthenaError> {
    let bad = || AthenaError::BadRow(cells.join(","));
    let [day, account, usage_type, resource, quantity, unblended, net] = cells else {
        return Err(bad());
    };
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| bad())?;
    agg.cover(day);
    if usage_type.is_empty() {
        return Ok(());
    }
    let num = |s: &str| -> Result<f64, AthenaError> {
        if s.is_empty() {
            Ok(0.0)
        } else {
            s.parse().map_err(|_| bad())
        }
    };
    agg.add(Line {
        day,
        account_id: account,
        usage_type,
        resource_id: Some(resource),
        quantity: num(quantity)?,
        unblended_usd: num(unblended)?,
        net_usd: num(net)?,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_names_are_identifiers_only() {
        assert_eq!(
            parse_table("cur_db.cur2_table").unwrap(),
            ("cur_db".to_owned(), "cur2_table".to_owned())
        );
        for bad in ["cur", "db.", ".t", "db.t;drop", "db.t x", "a.b.c"] {
            assert!(parse_table(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_query_scans_only_the_months_accounts_and_days_needed() {
        let accounts = vec!["111122223333".to_owned()];
        let q = Query {
            database: "cur",
            table: "data",
            first: NaiveDate::from_ymd_opt(2026, 10, 30).unwrap(),
            last: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            accounts: &accounts,
            periods: &[(2026, 10), (2026, 11)],
        };
        let sql = sql(&q);
        assert!(sql.contains("FROM \"cur\".\"data\""), "{sql}");
        assert!(sql.contains("billing_period IN ('2026-10', '2026-11')"));
        assert!(sql.contains(">= TIMESTAMP '2026-10-30 00:00:00'"));
        assert!(sql.contains("< TIMESTAMP '2026-11-04 00:00:00'"));
        assert!(sql.contains("line_item_usage_account_id IN ('111122223333')"));
        assert!(sql.contains("line_item_operation = 'LoadBalancing:Application'"));
        assert!(sql.contains("GROUP BY 1, 2, 3, 4"));
    }

    #[test]
    fn rows_become_the_bill_and_empty_keys_only_cover_the_day() {
        let mut agg = Aggregator::default();
        add_row(&["2026-11-01", "", "", "", "0", "0", "0"], &mut agg).unwrap();
        add_row(
            &[
                "2026-11-02",
                "111122223333",
                "LCUUsage",
                "arn:x",
                "24",
                "0.192",
                "0.17",
            ],
            &mut agg,
        )
        .unwrap();
        assert!(add_row(&["2026-11-02", "a"], &mut agg).is_err());
        assert!(add_row(
            &["2026-11-02", "1", "LCUUsage", "", "x", "0", "0"],
            &mut agg
        )
        .is_err());
        let bill = agg.finish(BillSource::Athena, true);
        assert_eq!(bill.days.len(), 2);
        assert_eq!(bill.rows.len(), 1);
        assert_eq!(bill.rows[0].quantity, 24.0);
        assert_eq!(bill.resource_rows[0].resource_id.as_deref(), Some("arn:x"));
    }
}
