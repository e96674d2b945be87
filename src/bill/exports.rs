//! AWS Data Exports exports read as a stream: CUR 2.0 or FOCUS 1.x, Parquet or gzip CSV.
//!
//! The export's own folder holds `data/BILLING_PERIOD=YYYY-MM/…` (one folder per month, one or
//! more files each; see "Understanding export delivery" in the AWS Data Exports user guide).
//! Every file of the months that overlap the window is read, only the columns reconciliation
//! needs, one record batch (Parquet) or one record (CSV) at a time, into an [`Aggregator`]
//! whose size depends on distinct days × accounts × usage types × resources, never on the
//! file: a year of an organization's export does not have to fit in memory.
//!
//! Columns read (the flavour is told by the header):
//! - CUR 2.0: `line_item_usage_start_date`, `line_item_usage_account_id`,
//!   `line_item_product_code`, `line_item_usage_type`, `line_item_operation`,
//!   `line_item_resource_id` (when the export includes resource ids), `line_item_usage_amount`,
//!   `line_item_unblended_cost`, `line_item_net_unblended_cost` (when present, else net =
//!   unblended), `line_item_line_item_type` (only `Usage` lines).
//! - FOCUS 1.x: `ChargePeriodStart`, `SubAccountId`, `x_ServiceCode` (or `ServiceName`),
//!   the usage type in `x_UsageType` (1.0) or `SkuMeter` (1.2), `x_Operation`, `ResourceId`,
//!   `ConsumedQuantity`, `BilledCost` (unblended), `EffectiveCost` (net), `ChargeCategory`
//!   (only `Usage`).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

use super::{is_relevant, Aggregator, Bill, BillSource, Line};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("{0}")]
    Layout(String),
}

fn file_error(path: &str, message: impl std::fmt::Display) -> ExportError {
    ExportError::File {
        path: path.to_owned(),
        message: message.to_string(),
    }
}

/// The billing periods (year, month) that hold the days `first..=last`.
pub fn periods(first: NaiveDate, last: NaiveDate) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let mut at = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).expect("day 1");
    while at <= last {
        out.push((at.year(), at.month()));
        at = at
            .checked_add_months(chrono::Months::new(1))
            .expect("a date far from the end of time");
    }
    out
}

pub fn period_folder(year: i32, month: u32) -> String {
    format!("BILLING_PERIOD={year:04}-{month:02}")
}

/// Reads the months `periods` of the export in the folder `root` (the one holding `data/`).
pub fn read_local(root: &Path, periods: &[(i32, u32)]) -> Result<Bill, ExportError> {
    let data = root.join("data");
    if !data.is_dir() {
        return Err(ExportError::Layout(format!(
            "{} is not an AWS Data Exports export folder: it has no data/BILLING_PERIOD=YYYY-MM/ inside; pass the export's own folder",
            root.display()
        )));
    }
    let mut agg = Aggregator::default();
    let mut files = 0;
    for (year, month) in periods {
        let folder = data.join(period_folder(*year, *month));
        if !folder.is_dir() {
            continue;
        }
        let mut found = Vec::new();
        collect_files(&folder, &mut found)
            .map_err(|e| file_error(&folder.display().to_string(), e))?;
        found.sort();
        for path in found {
            let shown = path.display().to_string();
            let format = Format::of(&shown).expect("collect_files keeps known formats");
            let file = File::open(&path).map_err(|e| file_error(&shown, e))?;
            read_file(format, file, &shown, &mut agg)?;
            files += 1;
        }
    }
    tracing::info!(files, lines = agg.lines_read(), "read the export");
    Ok(agg.finish(BillSource::Cur, true))
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, out)?;
        } else if Format::of(&path.to_string_lossy()).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Parquet,
    GzipCsv,
}

impl Format {
    /// By file name, as Data Exports names its files (`….snappy.parquet`, `….csv.gz`).
    pub fn of(name: &str) -> Option<Format> {
        if name.ends_with(".parquet") {
            Some(Format::Parquet)
        } else if name.ends_with(".csv.gz") {
            Some(Format::GzipCsv)
        } else {
            None
        }
    }
}

/// Reads one export file into `agg`. Parquet needs a seekable file (its footer comes first);
/// CSV streams from any reader.
pub fn read_file(
    format: Format,
    file: File,
    shown: &str,
    agg: &mut Aggregator,
) -> Result<(), ExportError> {
    match format {
        Format::Parquet => parquet_files::read(file, shown, agg),
        Format::GzipCsv => read_csv(BufReader::new(file), shown, agg),
    }
}

/// Which columns hold what, by flavour.
#[derive(Debug, Clone, Copy)]
struct Columns {
    day: &'static str,
    account: &'static str,
    product: &'static str,
    usage_type: &'static str,
    operation: Option<&'static str>,
    resource: Option<&'static str>,
    quantity: &'static str,
    unblended: &'static str,
    net: Option<&'static str>,
    line_type: &'static str,
    /// FOCUS without `x_ServiceCode`: the product is `ServiceName`.
    product_is_name: bool,
}

impl Columns {
    fn detect(names: &[&str], shown: &str) -> Result<Columns, ExportError> {
        let has = |n: &str| names.contains(&n);
        let opt = |n: &'static str| has(n).then_some(n);
        let c = if has("line_item_usage_type") {
            Columns {
                day: "line_item_usage_start_date",
                account: "line_item_usage_account_id",
                product: "line_item_product_code",
                usage_type: "line_item_usage_type",
                operation: opt("line_item_operation"),
                resource: opt("line_item_resource_id"),
                quantity: "line_item_usage_amount",
                unblended: "line_item_unblended_cost",
                net: opt("line_item_net_unblended_cost"),
                line_type: "line_item_line_item_type",
                product_is_name: false,
            }
        } else if has("ChargePeriodStart") {
            let usage_type = if has("x_UsageType") {
                "x_UsageType"
            } else {
                "SkuMeter"
            };
            Columns {
                day: "ChargePeriodStart",
                account: "SubAccountId",
                product: if has("x_ServiceCode") {
                    "x_ServiceCode"
                } else {
                    "ServiceName"
                },
                usage_type,
                operation: opt("x_Operation"),
                resource: opt("ResourceId"),
                quantity: "ConsumedQuantity",
                unblended: "BilledCost",
                net: opt("EffectiveCost"),
                line_type: "ChargeCategory",
                product_is_name: !has("x_ServiceCode"),
            }
        } else {
            return Err(file_error(
                shown,
                "neither a CUR 2.0 export (no line_item_usage_type column) nor a FOCUS one (no ChargePeriodStart column)",
            ));
        };
        for needed in [
            c.day,
            c.account,
            c.product,
            c.usage_type,
            c.quantity,
            c.unblended,
            c.line_type,
        ] {
            if !has(needed) {
                return Err(file_error(
                    shown,
                    format!("the export has no {needed} column"),
                ));
            }
        }
        Ok(c)
    }

    fn all(&self) -> Vec<&'static str> {
        let mut v = vec![
            self.day,
            self.account,
            self.product,
            self.usage_type,
            self.quantity,
            self.unblended,
            self.line_type,
        ];
        v.extend(self.operation);
        v.extend(self.resource);
        v.extend(self.net);
        v
    }
}

/// The Price List service code of a FOCUS `ServiceName`.
fn service_code(product: &str, is_name: bool) -> &str {
    if !is_name {
        return product;
    }
    match product {
        "Elastic Load Balancing" => "AWSELB",
        "Amazon API Gateway" => "AmazonApiGateway",
        "Amazon Virtual Private Cloud" => "AmazonVPC",
        other => other,
    }
}

/// One line of any flavour and format, as read.
struct Raw<'a> {
    day: Option<NaiveDate>,
    account: &'a str,
    product: &'a str,
    usage_type: &'a str,
    operation: &'a str,
    resource: &'a str,
    quantity: f64,
    unblended: f64,
    net: Option<f64>,
    line_type: &'a str,
}

fn take(c: &Columns, raw: Raw, agg: &mut Aggregator) {
    let Some(day) = raw.day else { return };
    agg.cover(day);
    if raw.line_type != "Usage" {
        return;
    }
    let product = service_code(raw.product, c.product_is_name);
    // Without an operation column, an ALB is still told by its ARN (`loadbalancer/app/`).
    let operation = if raw.operation.is_empty() && raw.resource.contains(":loadbalancer/app/") {
        super::usage_types::ALB_OPERATION
    } else {
        raw.operation
    };
    if !is_relevant(product, raw.usage_type, operation) {
        return;
    }
    agg.add(Line {
        day,
        account_id: raw.account,
        usage_type: raw.usage_type,
        resource_id: Some(raw.resource),
        quantity: raw.quantity,
        unblended_usd: raw.unblended,
        net_usd: raw.net.unwrap_or(raw.unblended),
    });
}

/// A day from the text forms exports use: RFC 3339, `YYYY-MM-DD HH:MM:SS[.fff]`, a bare date.
fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.naive_utc().date());
    }
    for f in [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.fZ",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t.date());
        }
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn parse_number(s: &str) -> f64 {
    s.trim().parse().unwrap_or(0.0)
}

/// Reads one gzip CSV export file from any reader, one record at a time: the file is never
/// held whole (an export in S3 streams through here from its GetObject body).
pub fn read_csv<R: Read>(reader: R, shown: &str, agg: &mut Aggregator) -> Result<(), ExportError> {
    let gz = flate2::read::MultiGzDecoder::new(reader);
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(gz);
    let headers = csv.headers().map_err(|e| file_error(shown, e))?.clone();
    let names: Vec<&str> = headers.iter().collect();
    let c = Columns::detect(&names, shown)?;
    let index = |name: &str| names.iter().position(|n| *n == name);
    let at = |name: &'static str| index(name).expect("detect checked the column");
    let (day, account, product, usage_type, quantity, unblended, line_type) = (
        at(c.day),
        at(c.account),
        at(c.product),
        at(c.usage_type),
        at(c.quantity),
        at(c.unblended),
        at(c.line_type),
    );
    let (operation, resource, net) = (
        c.operation.and_then(index),
        c.resource.and_then(index),
        c.net.and_then(index),
    );
    let mut rec = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(file_error(shown, e)),
        }
        let get = |i: usize| rec.get(i).unwrap_or_default();
        let opt = |i: Option<usize>| i.map(get).unwrap_or_default();
        take(
            &c,
            Raw {
                day: parse_day(get(day)),
                account: get(account),
                product: get(product),
                usage_type: get(usage_type),
                operation: opt(operation),
                resource: opt(resource),
                quantity: parse_number(get(quantity)),
                unblended: parse_number(get(unblended)),
                net: net
                    .map(get)
                    .filter(|s| !s.trim().is_empty())
                    .map(parse_number),
                line_type: get(line_type),
            },
            agg,
        );
    }
    Ok(())
}

mod parquet_files {
    //! Parquet through arrow record batches, reading only the projected columns.

    use std::fs::File;

    use ::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use ::parquet::arrow::ProjectionMask;
    use arrow_array::cast::AsArray;
    use arrow_array::types::{
        Date32Type, Decimal128Type, Float32Type, Float64Type, Int64Type, TimestampMicrosecondType,
        TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
    };
    use arrow_array::{Array, ArrayRef};
    use arrow_schema::{DataType, TimeUnit};
    use chrono::{DateTime, NaiveDate};

    use super::{file_error, parse_day, parse_number, take, Columns, ExportError, Raw};
    use crate::bill::Aggregator;

    /// Rows per batch: a few MB of the projected columns at a time.
    const BATCH_ROWS: usize = 16 * 1024;

    pub fn read(file: File, shown: &str, agg: &mut Aggregator) -> Result<(), ExportError> {
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| file_error(shown, e))?;
        let schema = builder.parquet_schema();
        let names: Vec<String> = schema
            .root_schema()
            .get_fields()
            .iter()
            .map(|f| f.name().to_owned())
            .collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let c = Columns::detect(&refs, shown)?;
        let wanted = c.all();
        let roots: Vec<usize> = refs
            .iter()
            .enumerate()
            .filter(|(_, n)| wanted.contains(n))
            .map(|(i, _)| i)
            .collect();
        let mask = ProjectionMask::roots(schema, roots);
        let reader = builder
            .with_projection(mask)
            .with_batch_size(BATCH_ROWS)
            .build()
            .map_err(|e| file_error(shown, e))?;
        for batch in reader {
            let batch = batch.map_err(|e| file_error(shown, e))?;
            let col = |name: &str| -> Option<Col> { batch.column_by_name(name).map(Col::new) };
            let need = |name: &'static str| {
                col(name).ok_or_else(|| file_error(shown, format!("no {name} column")))
            };
            let (day, account, product, usage_type, quantity, unblended, line_type) = (
                need(c.day)?,
                need(c.account)?,
                need(c.product)?,
                need(c.usage_type)?,
                need(c.quantity)?,
                need(c.unblended)?,
                need(c.line_type)?,
            );
            let operation = c.operation.and_then(col);
            let resource = c.resource.and_then(col);
            let net = c.net.and_then(col);
            for i in 0..batch.num_rows() {
                take(
                    &c,
                    Raw {
                        day: day.day(i),
                        account: account.str(i),
                        product: product.str(i),
                        usage_type: usage_type.str(i),
                        operation: operation.as_ref().map_or("", |o| o.str(i)),
                        resource: resource.as_ref().map_or("", |o| o.str(i)),
                        quantity: quantity.num(i).unwrap_or(0.0),
                        unblended: unblended.num(i).unwrap_or(0.0),
                        net: net.as_ref().and_then(|n| n.num(i)),
                        line_type: line_type.str(i),
                    },
                    agg,
                );
            }
        }
        Ok(())
    }

    /// One column of a batch, read as text, number or day whatever its physical type.
    struct Col(ArrayRef);

    impl Col {
        fn new(a: &ArrayRef) -> Col {
            Col(a.clone())
        }

        fn str(&self, i: usize) -> &str {
            let a = &self.0;
            if a.is_null(i) {
                return "";
            }
            match a.data_type() {
                DataType::Utf8 => a.as_string::<i32>().value(i),
                DataType::LargeUtf8 => a.as_string::<i64>().value(i),
                DataType::Utf8View => a.as_string_view().value(i),
                _ => "",
            }
        }

        fn num(&self, i: usize) -> Option<f64> {
            let a = &self.0;
            if a.is_null(i) {
                return None;
            }
            Some(match a.data_type() {
                DataType::Float64 => a.as_primitive::<Float64Type>().value(i),
                DataType::Float32 => f64::from(a.as_primitive::<Float32Type>().value(i)),
                DataType::Int64 => a.as_primitive::<Int64Type>().value(i) as f64,
                DataType::Decimal128(_, scale) => {
                    a.as_primitive::<Decimal128Type>().value(i) as f64
                        / 10f64.powi(i32::from(*scale))
                }
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
                    parse_number(self.str(i))
                }
                _ => return None,
            })
        }

        fn day(&self, i: usize) -> Option<NaiveDate> {
            let a = &self.0;
            if a.is_null(i) {
                return None;
            }
            let from = |secs: i64, nanos: i64| {
                DateTime::from_timestamp(secs, nanos as u32).map(|t| t.date_naive())
            };
            match a.data_type() {
                DataType::Timestamp(unit, _) => {
                    let v = match unit {
                        TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(i),
                        TimeUnit::Millisecond => {
                            a.as_primitive::<TimestampMillisecondType>().value(i)
                        }
                        TimeUnit::Microsecond => {
                            a.as_primitive::<TimestampMicrosecondType>().value(i)
                        }
                        TimeUnit::Nanosecond => {
                            a.as_primitive::<TimestampNanosecondType>().value(i)
                        }
                    };
                    let per_second: i64 = match unit {
                        TimeUnit::Second => 1,
                        TimeUnit::Millisecond => 1_000,
                        TimeUnit::Microsecond => 1_000_000,
                        TimeUnit::Nanosecond => 1_000_000_000,
                    };
                    from(
                        v.div_euclid(per_second),
                        v.rem_euclid(per_second) * (1_000_000_000 / per_second),
                    )
                }
                DataType::Date32 => {
                    let days = a.as_primitive::<Date32Type>().value(i);
                    from(i64::from(days) * 86_400, 0)
                }
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => parse_day(self.str(i)),
                _ => None,
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
