//! Export files in the shapes AWS Data Exports writes, made with the libraries that write
//! those formats (arrow/parquet with Snappy, csv + gzip), in the export's folder layout.
//! Shared by the unit tests (src/bill/exports/tests.rs) and the end-to-end tests
//! (tests/it/reconcile_e2e.rs), so it names no crate-internal path.

use std::fs::File;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray, TimestampMillisecondArray};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use chrono::DateTime;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

/// One billed line, before it takes a flavour's column names.
#[derive(Clone)]
pub struct TestLine {
    pub start: String,
    pub account: String,
    pub product: String,
    pub usage_type: String,
    pub operation: String,
    pub resource: String,
    pub quantity: f64,
    pub unblended: f64,
    pub net: f64,
    pub line_type: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Flavour {
    Cur2,
    Focus10,
    Focus12,
}

impl Flavour {
    fn columns(self) -> [&'static str; 10] {
        match self {
            Flavour::Cur2 => [
                "line_item_usage_start_date",
                "line_item_usage_account_id",
                "line_item_product_code",
                "line_item_usage_type",
                "line_item_operation",
                "line_item_resource_id",
                "line_item_usage_amount",
                "line_item_unblended_cost",
                "line_item_net_unblended_cost",
                "line_item_line_item_type",
            ],
            Flavour::Focus10 => [
                "ChargePeriodStart",
                "SubAccountId",
                "x_ServiceCode",
                "x_UsageType",
                "x_Operation",
                "ResourceId",
                "ConsumedQuantity",
                "BilledCost",
                "EffectiveCost",
                "ChargeCategory",
            ],
            Flavour::Focus12 => [
                "ChargePeriodStart",
                "SubAccountId",
                "ServiceName",
                "SkuMeter",
                "x_Operation",
                "ResourceId",
                "ConsumedQuantity",
                "BilledCost",
                "EffectiveCost",
                "ChargeCategory",
            ],
        }
    }

    fn product(self, code: &str) -> String {
        if self != Flavour::Focus12 {
            return code.to_owned();
        }
        match code {
            "AWSELB" => "Elastic Load Balancing",
            "AmazonApiGateway" => "Amazon API Gateway",
            "AmazonVPC" => "Amazon Virtual Private Cloud",
            "AmazonEC2" => "Amazon Elastic Compute Cloud",
            other => other,
        }
        .to_owned()
    }

    fn line_type(self, t: &str) -> String {
        match (self, t) {
            (Flavour::Cur2, _) => t.to_owned(),
            (_, "Usage") => "Usage".to_owned(),
            _ => "Tax".to_owned(),
        }
    }
}

/// Writes `lines` as one export of `flavour` under `root`, split over two files per month
/// as Data Exports splits large months.
pub fn write_export(root: &Path, flavour: Flavour, parquet: bool, lines: &[TestLine]) {
    let mut by_period: std::collections::BTreeMap<String, Vec<&TestLine>> = Default::default();
    for l in lines {
        by_period
            .entry(l.start[..7].to_owned())
            .or_default()
            .push(l);
    }
    for (period, lines) in by_period {
        let dir = root.join("data").join(format!("BILLING_PERIOD={period}"));
        std::fs::create_dir_all(&dir).unwrap();
        let half = lines.len() / 2;
        for (n, part) in [&lines[..half], &lines[half..]].into_iter().enumerate() {
            let name = format!("export-{:05}", n + 1);
            if parquet {
                write_parquet(&dir.join(format!("{name}.snappy.parquet")), flavour, part);
            } else {
                write_csv_gz(&dir.join(format!("{name}.csv.gz")), flavour, part);
            }
        }
    }
}

pub fn write_parquet(path: &Path, flavour: Flavour, lines: &[&TestLine]) {
    let c = flavour.columns();
    let text = |f: &dyn Fn(&TestLine) -> String| -> ArrayRef {
        Arc::new(StringArray::from(
            lines.iter().map(|l| f(l)).collect::<Vec<_>>(),
        ))
    };
    let num = |f: &dyn Fn(&TestLine) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from(
            lines.iter().map(|l| f(l)).collect::<Vec<_>>(),
        ))
    };
    let starts: Vec<i64> = lines
        .iter()
        .map(|l| {
            DateTime::parse_from_rfc3339(&l.start)
                .unwrap()
                .timestamp_millis()
        })
        .collect();
    let ts: ArrayRef = Arc::new(TimestampMillisecondArray::from(starts).with_timezone("UTC"));
    let columns: Vec<ArrayRef> = vec![
        ts,
        text(&|l| l.account.clone()),
        text(&|l| flavour.product(&l.product)),
        text(&|l| l.usage_type.clone()),
        text(&|l| l.operation.clone()),
        text(&|l| l.resource.clone()),
        num(&|l| l.quantity),
        num(&|l| l.unblended),
        num(&|l| l.net),
        text(&|l| flavour.line_type(&l.line_type)),
    ];
    let fields: Vec<Field> = c
        .iter()
        .zip(&columns)
        .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
        .collect();
    assert_eq!(
        fields[0].data_type(),
        &DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into()))
    );
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut w =
        ArrowWriter::try_new(File::create(path).unwrap(), batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

pub fn write_csv_gz(path: &Path, flavour: Flavour, lines: &[&TestLine]) {
    let gz =
        flate2::write::GzEncoder::new(File::create(path).unwrap(), flate2::Compression::default());
    let mut w = csv::Writer::from_writer(gz);
    w.write_record(flavour.columns()).unwrap();
    for l in lines {
        // CUR 2.0 text exports write times as `2026-11-01T00:00:00Z`, FOCUS as
        // `2026-11-01 00:00:00`.
        let start = match flavour {
            Flavour::Cur2 => l.start.clone(),
            _ => l.start.replace('T', " ").trim_end_matches('Z').to_owned(),
        };
        w.write_record([
            start,
            l.account.clone(),
            flavour.product(&l.product),
            l.usage_type.clone(),
            l.operation.clone(),
            l.resource.clone(),
            l.quantity.to_string(),
            l.unblended.to_string(),
            l.net.to_string(),
            flavour.line_type(&l.line_type),
        ])
        .unwrap();
    }
    w.into_inner().unwrap().finish().unwrap().flush().unwrap();
}
