//! A Data Exports export in S3 (`--cur s3://BUCKET/PREFIX`): the same readers as an export on
//! disk, over S3 objects. The files of the billing periods the window needs are listed
//! (ListObjectsV2, paginated) and each is read with one GetObject, streamed:
//!
//! - **gzip CSV** streams straight from the response body into the CSV reader, one body chunk at
//!   a time (a bounded channel of a few chunks between the download and the reader), so memory
//!   holds a few chunks and the sums, whatever the file's size.
//! - **Parquet** keeps its footer (the schema and where every column chunk lies) at the end of
//!   the file, so it cannot be read front to back: each file is streamed to a temporary file on
//!   disk, read with the projection to the needed columns, and deleted. Ranged reads of only the
//!   needed column chunks would download less, but would cost one GetObject per column chunk
//!   (billed per request) and an async Parquet reader this build does not carry; a Data Exports
//!   file is at most a few hundred MB, so disk holds one such file at a time and memory none.

use std::io::{Read, Seek, Write};
use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc;

use super::ctx::{pages, CallError, CallStats, Ctx};
use super::registry::Op;
use crate::bill::exports::{self, ExportError, Format};
use crate::bill::{Aggregator, Bill, BillSource};

#[derive(Debug, thiserror::Error)]
pub enum S3ExportError {
    #[error("s3://{bucket}/{key}: {source}")]
    Call {
        bucket: String,
        key: String,
        #[source]
        source: CallError,
    },
    #[error(transparent)]
    Export(#[from] ExportError),
    #[error("{0}")]
    Local(String),
}

/// `s3://BUCKET/PREFIX` → (bucket, prefix without a trailing slash); `None` for anything else.
pub fn parse_uri(uri: &str) -> Option<(String, String)> {
    let rest = uri.strip_prefix("s3://")?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return None;
    }
    Some((bucket.to_owned(), prefix.trim_matches('/').to_owned()))
}

/// An S3 client from the command's configuration. With an endpoint URL (an emulator, a VPC
/// endpoint by IP) buckets are addressed by path, since `BUCKET.host` does not resolve there.
pub fn client(config: &aws_config::SdkConfig, path_style: bool) -> aws_sdk_s3::Client {
    let conf = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(path_style)
        .build();
    aws_sdk_s3::Client::from_conf(conf)
}

/// How many body chunks may wait between the download and the CSV reader.
const CHUNKS_IN_FLIGHT: usize = 4;

/// Reads the months `periods` of the export under `s3://bucket/prefix`.
pub async fn read(
    client: &aws_sdk_s3::Client,
    bucket: &str,
    prefix: &str,
    periods: &[(i32, u32)],
) -> Result<Bill, S3ExportError> {
    let ctx = Ctx::new("", "", Arc::new(CallStats::default()));
    let call_error = |key: &str, source: CallError| S3ExportError::Call {
        bucket: bucket.to_owned(),
        key: key.to_owned(),
        source,
    };
    let root = if prefix.is_empty() {
        String::new()
    } else {
        format!("{prefix}/")
    };
    let mut agg = Aggregator::default();
    let mut files = 0usize;
    for (year, month) in periods {
        let folder = format!("{root}data/{}/", exports::period_folder(*year, *month));
        let under: &str = &folder;
        let objects = ctx
            .paginate(
                Op::S3ListObjectsV2,
                Some(under),
                pages!(
                    |t| client
                        .list_objects_v2()
                        .bucket(bucket)
                        .prefix(under)
                        .set_continuation_token(t),
                    contents,
                    next_continuation_token
                ),
            )
            .await;
        let Some(objects) = objects else {
            return Err(call_error(&folder, ctx.take_failure("ListObjectsV2")));
        };
        let mut keys: Vec<String> = objects
            .iter()
            .filter_map(|o| o.key().map(str::to_owned))
            .filter(|k| Format::of(k).is_some())
            .collect();
        keys.sort();
        for key in keys {
            let shown = format!("s3://{bucket}/{key}");
            let out = ctx
                .try_call(
                    Op::S3GetObject,
                    client.get_object().bucket(bucket).key(&key).send(),
                )
                .await
                .map_err(|e| call_error(&key, e))?;
            let body = out.body;
            agg = match Format::of(&key).expect("filtered on the format") {
                Format::GzipCsv => stream_csv(body, shown, agg).await?,
                Format::Parquet => via_temp_file(body, &shown, agg).await?,
            };
            files += 1;
        }
    }
    if files == 0 {
        // No file for the window's months: an export folder, or a wrong prefix? As on disk, a
        // folder with no data/ at all is an error; an export without these months is not.
        let data = format!("{root}data/");
        let any = ctx
            .try_call(
                Op::S3ListObjectsV2,
                client
                    .list_objects_v2()
                    .bucket(bucket)
                    .prefix(&data)
                    .max_keys(1)
                    .send(),
            )
            .await
            .map_err(|e| call_error(&data, e))?;
        if any.contents().is_empty() {
            return Err(S3ExportError::Local(format!(
                "s3://{bucket}/{root} is not an AWS Data Exports export folder: nothing under data/; pass the export's own folder"
            )));
        }
    }
    tracing::info!(files, lines = agg.lines_read(), "read the export from S3");
    Ok(agg.finish(BillSource::Cur, true))
}

fn read_error(shown: &str, e: impl std::fmt::Display) -> S3ExportError {
    S3ExportError::Local(format!("{shown}: reading the object failed: {e}"))
}

/// The body, chunk by chunk, into the CSV reader running on a blocking thread.
async fn stream_csv(
    mut body: aws_sdk_s3::primitives::ByteStream,
    shown: String,
    mut agg: Aggregator,
) -> Result<Aggregator, S3ExportError> {
    let (tx, rx) = mpsc::channel::<std::io::Result<Bytes>>(CHUNKS_IN_FLIGHT);
    let reader = tokio::task::spawn_blocking(move || {
        let result = exports::read_csv(ChunkReader::new(rx), &shown, &mut agg);
        result.map(|()| agg)
    });
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| std::io::Error::other(e.to_string()));
        let failed = chunk.is_err();
        // The reader stops early on a bad file: then nobody listens, and its error says why.
        if tx.send(chunk).await.is_err() || failed {
            break;
        }
    }
    drop(tx);
    reader
        .await
        .map_err(|e| S3ExportError::Local(format!("the CSV reader stopped: {e}")))?
        .map_err(S3ExportError::from)
}

/// A blocking `Read` over the chunks the download sends.
struct ChunkReader {
    rx: mpsc::Receiver<std::io::Result<Bytes>>,
    current: Bytes,
}

impl ChunkReader {
    fn new(rx: mpsc::Receiver<std::io::Result<Bytes>>) -> Self {
        ChunkReader {
            rx,
            current: Bytes::new(),
        }
    }
}

impl Read for ChunkReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}

/// The body to an anonymous temporary file (deleted when closed), then the Parquet reader.
async fn via_temp_file(
    mut body: aws_sdk_s3::primitives::ByteStream,
    shown: &str,
    mut agg: Aggregator,
) -> Result<Aggregator, S3ExportError> {
    let mut file = tempfile::tempfile()
        .map_err(|e| S3ExportError::Local(format!("cannot create a temporary file: {e}")))?;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| read_error(shown, e))?;
        file.write_all(&chunk)
            .map_err(|e| S3ExportError::Local(format!("cannot write a temporary file: {e}")))?;
    }
    file.rewind()
        .map_err(|e| S3ExportError::Local(format!("cannot read a temporary file: {e}")))?;
    let shown = shown.to_owned();
    tokio::task::spawn_blocking(move || {
        exports::read_file(Format::Parquet, file, &shown, &mut agg).map(|()| agg)
    })
    .await
    .map_err(|e| S3ExportError::Local(format!("the Parquet reader stopped: {e}")))?
    .map_err(S3ExportError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_uris() {
        assert_eq!(
            parse_uri("s3://bills/cur/my-export/"),
            Some(("bills".to_owned(), "cur/my-export".to_owned()))
        );
        assert_eq!(
            parse_uri("s3://bills"),
            Some(("bills".to_owned(), String::new()))
        );
        assert_eq!(parse_uri("s3:///x"), None);
        assert_eq!(parse_uri("/local/path"), None);
    }

    #[test]
    fn the_chunk_reader_joins_chunks_and_ends_when_the_sender_is_gone() {
        let (tx, rx) = mpsc::channel(4);
        for part in ["ab", "", "cde"] {
            tx.try_send(Ok(Bytes::from(part))).unwrap();
        }
        drop(tx);
        let mut out = String::new();
        ChunkReader::new(rx).read_to_string(&mut out).unwrap();
        assert_eq!(out, "abcde");
    }
}
