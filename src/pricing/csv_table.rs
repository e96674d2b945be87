//! The price book as CSV: the embedded table, a user's price file, and `prices refresh`'s
//! output, all in the [`CSV_COLUMNS`] layout that docs/prices.md describes.

use super::book::{assemble, Located, Origin, Price, PriceBook, PriceRow};
use super::error::{invalid, PriceError};
use super::items::{Item, Service};

pub(super) const EMBEDDED_CSV: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/prices.csv"));

/// Columns of a price CSV, in the order [`PriceBook::to_csv`] writes them.
pub const CSV_COLUMNS: [&str; 10] = [
    "region",
    "service",
    "item",
    "unit",
    "usd",
    "tier_start",
    "tier_end",
    "usage_type",
    "source",
    "as_of",
];

impl PriceBook {
    /// Reads a price CSV with the [`CSV_COLUMNS`] header (any column order). Rejects unknown
    /// or missing columns, unknown items, numbers that do not parse, and tier ladders with
    /// gaps or overlaps; the error names the line.
    pub fn from_csv(text: &str, source_label: &str) -> Result<PriceBook, PriceError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let line_error = |line: u64, message: String| PriceError::Line {
            label: source_label.to_string(),
            line,
            message,
        };
        let csv_error = |err: csv::Error| {
            let line = err.position().map_or(0, |p| p.line());
            line_error(line, err.to_string())
        };

        let header = match records.next() {
            Some(record) => record.map_err(csv_error)?,
            None => return Err(invalid(source_label, "empty file: expected a price CSV")),
        };
        let header_line = header.position().map_or(1, |p| p.line());
        let columns = column_indexes(&header).map_err(|msg| line_error(header_line, msg))?;

        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(csv_error)?;
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != header.len() {
                return Err(line_error(
                    line,
                    format!("expected {} fields, found {}", header.len(), record.len()),
                ));
            }
            let field = |column: usize| &record[columns[column]];
            let row = csv_row(field).map_err(|msg| line_error(line, msg))?;
            rows.push(Located {
                row,
                position: line,
            });
        }
        if rows.is_empty() {
            return Err(invalid(source_label, "no price rows after the header"));
        }
        assemble(rows, Origin::Csv, source_label, None)
    }

    /// The book as CSV with the [`CSV_COLUMNS`] header, one line per tier, ordered by
    /// service code, item, region and tier. [`PriceBook::from_csv`] reads it back equal.
    pub fn to_csv(&self) -> String {
        let mut entries: Vec<(&str, &Price)> = self.prices().collect();
        entries.sort_by(|(region_a, a), (region_b, b)| {
            (a.item.service().code(), a.item.name(), *region_a).cmp(&(
                b.item.service().code(),
                b.item.name(),
                *region_b,
            ))
        });
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let mut write = |record: &[String]| {
            writer
                .write_record(record)
                .expect("writing CSV into memory cannot fail");
        };
        write(&CSV_COLUMNS.map(String::from));
        for (region, price) in entries {
            for tier in &price.tiers {
                write(&[
                    region.to_string(),
                    price.item.service().code().to_string(),
                    price.item.name().to_string(),
                    price.unit.clone(),
                    format_usd(tier.usd),
                    format_bound(tier.start),
                    tier.end.map(format_bound).unwrap_or_default(),
                    price.usage_type.clone(),
                    price.source.clone(),
                    price.as_of.clone(),
                ]);
            }
        }
        let bytes = writer
            .into_inner()
            .expect("flushing CSV into memory cannot fail");
        String::from_utf8(bytes).expect("the CSV writer only copies UTF-8 input")
    }
}

fn column_indexes(header: &csv::StringRecord) -> Result<[usize; 10], String> {
    let mut indexes = [usize::MAX; 10];
    for (position, name) in header.iter().enumerate() {
        let Some(column) = CSV_COLUMNS.iter().position(|c| *c == name) else {
            return Err(format!(
                "unknown column '{name}' (expected {})",
                CSV_COLUMNS.join(",")
            ));
        };
        if indexes[column] != usize::MAX {
            return Err(format!("column '{name}' appears twice"));
        }
        indexes[column] = position;
    }
    let missing: Vec<&str> = CSV_COLUMNS
        .iter()
        .zip(indexes)
        .filter(|(_, index)| *index == usize::MAX)
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "missing column(s) {} (expected {})",
            missing.join(", "),
            CSV_COLUMNS.join(",")
        ));
    }
    Ok(indexes)
}

/// Reads one CSV line; `field` takes a [`CSV_COLUMNS`] index.
fn csv_row<'a>(field: impl Fn(usize) -> &'a str) -> Result<PriceRow, String> {
    let item: Item = field(2)
        .parse()
        .map_err(|err: PriceError| err.to_string())?;
    let service: Service = field(1)
        .parse()
        .map_err(|err: PriceError| err.to_string())?;
    if item.service() != service {
        return Err(format!(
            "item {item} belongs to service {}, not {service}",
            item.service()
        ));
    }
    let tier_end = match field(6) {
        "" => None,
        text => Some(parse_number(text, "tier_end")?),
    };
    Ok(PriceRow {
        region: field(0).to_string(),
        item,
        unit: field(3).to_string(),
        usd: parse_number(field(4), "usd")?,
        tier_start: parse_number(field(5), "tier_start")?,
        tier_end,
        usage_type: field(7).to_string(),
        source: field(8).to_string(),
        as_of: Some(field(9).to_string()),
    })
}

fn parse_number(text: &str, column: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(format!("bad number '{text}' in column {column}")),
    }
}

/// The feed's own ten-decimal form when it is exact, so the embedded table writes back as
/// it was read; otherwise the shortest form that reads back to the same number.
fn format_usd(usd: f64) -> String {
    let fixed = format!("{usd:.10}");
    if fixed.parse::<f64>() == Ok(usd) {
        fixed
    } else {
        usd.to_string()
    }
}

fn format_bound(bound: f64) -> String {
    bound.to_string()
}
