//! Files in and out: every file we write appears whole or not at all, and every snapshot we
//! read is checked before anything trusts it.

use std::io::Write;
use std::path::Path;

use crate::model::resources_read::read_split;
use crate::model::{Snapshot, SNAPSHOT_SCHEMA_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot write {path}: {source}; choose a writable path")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a crossover snapshot ({reason}); pass a file written by `crossover collect`"
    )]
    NotASnapshot { path: String, reason: String },
    #[error(
        "{path} is not a crossover JSON report ({reason}); pass files written with `--format json`"
    )]
    NotAReport { path: String, reason: String },
    #[error("{path} is a snapshot of schema version {found}, this crossover reads version {expected}; collect it again with this version")]
    SchemaVersion {
        path: String,
        found: u64,
        expected: u32,
    },
}

/// Writes through a temporary file in the same folder and renames it into place, so a reader
/// (or a crash) never sees half a file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FileError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `body` writes, streamed to the temporary file (a snapshot or a
/// JSON report of an organization is hundreds of MB, never held whole in memory).
pub fn write_atomic_with(
    path: &Path,
    body: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), FileError> {
    let err = |source| FileError::Write {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    // Temporary files are created owner-only; a report is an ordinary file once in place.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(err)?;
    }
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        body(&mut w).map_err(err)?;
        w.flush().map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

/// A JSON report written by `crossover report/scan --format json`.
pub fn read_report(path: &Path) -> Result<crate::analyze::Analysis, FileError> {
    let shown = path.display().to_string();
    let text = std::fs::read(path).map_err(|source| FileError::Read {
        path: shown.clone(),
        source,
    })?;
    let not = |reason: String| FileError::NotAReport {
        path: shown.clone(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| not(format!("invalid JSON: {e}")))?;
    match value
        .get("schema_version")
        .and_then(serde_json::Value::as_u64)
    {
        Some(v) if v == u64::from(crate::analyze::REPORT_SCHEMA_VERSION) => {}
        Some(v) => return Err(not(format!("schema_version {v}, this crossover reads 1"))),
        None => return Err(not("no schema_version field".to_owned())),
    }
    let report: crate::analyze::Analysis =
        serde_json::from_value(value).map_err(|e| not(e.to_string()))?;
    check_report(&report).map_err(not)?;
    Ok(report)
}

/// What `diff` relies on in a report: a window of at least one hour, and each resource once,
/// since resources are matched across two reports by kind, account, region and id. (Account
/// ids are not checked: `--redact` masks them.)
fn check_report(report: &crate::analyze::Analysis) -> Result<(), String> {
    if report.window.hours == 0 {
        return Err("window.hours is 0".to_owned());
    }
    let mut seen = std::collections::BTreeSet::new();
    for r in &report.resources {
        if !seen.insert((r.kind, &r.account_id, &r.region, &r.id)) {
            return Err(format!(
                "resource {} {} ({} {}) appears twice",
                r.kind.as_str(),
                r.id,
                r.account_id,
                r.region
            ));
        }
    }
    Ok(())
}

pub fn snapshot_to_json(snapshot: &Snapshot) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(snapshot, &mut out).expect("a snapshot always serialises");
    out
}

/// `value` as the JSON files crossover writes are (snapshots, JSON reports): pretty-printed,
/// with a final newline, streamed to `w`.
pub fn write_json(value: &impl serde::Serialize, w: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, value)?;
    w.write_all(b"\n")
}

/// Writes a snapshot file whole or not at all, streamed.
pub fn write_snapshot(path: &Path, snapshot: &Snapshot) -> Result<(), FileError> {
    write_atomic_with(path, |w| write_json(snapshot, w))
}

/// Reads a snapshot file, streamed: the file is parsed as it is read, never held whole beside
/// the snapshot it holds (an organization's hourly series are hundreds of MB; see the benchmark
/// in docs/performance.md).
pub fn read_snapshot(path: &Path) -> Result<Snapshot, FileError> {
    let shown = path.display().to_string();
    let open = || {
        std::fs::File::open(path)
            .map(|f| std::io::BufReader::with_capacity(1 << 16, f))
            .map_err(|source| FileError::Read {
                path: shown.clone(),
                source,
            })
    };
    // The split read on every core; where it cannot tell, serde_json alone decides.
    let parsed = match read_split(open()?, parsers()) {
        Some(snapshot) => Ok(snapshot),
        None => serde_json::from_reader(open()?),
    };
    checked(&shown, parsed, || Ok(serde_json::from_reader(open()?)))
}

/// A snapshot already in memory (a test's, or one a tool handed over).
pub fn parse_snapshot(shown: &str, text: &[u8]) -> Result<Snapshot, FileError> {
    let parsed = read_split(text, parsers()).map_or_else(|| serde_json::from_slice(text), Ok);
    checked(shown, parsed, || Ok(serde_json::from_slice(text)))
}

/// Threads that parse a snapshot's resources: one per core.
fn parsers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// The version a snapshot says it has, parsed on its own (everything else skipped).
#[derive(serde::Deserialize)]
struct Probe {
    schema_version: Option<serde_json::Value>,
}

/// The typed parse of a snapshot, checked: its version, then everything collect guarantees
/// (model::validate). Only when the typed parse fails is the file read a second time, for its
/// version alone, so that a snapshot of another version is named as such rather than by the
/// first field this version does not know.
fn checked(
    shown: &str,
    parsed: Result<Snapshot, serde_json::Error>,
    probe: impl FnOnce() -> Result<Result<Probe, serde_json::Error>, FileError>,
) -> Result<Snapshot, FileError> {
    let not = |reason: String| FileError::NotASnapshot {
        path: shown.to_owned(),
        reason,
    };
    let wrong_version = |found: u64| FileError::SchemaVersion {
        path: shown.to_owned(),
        found,
        expected: SNAPSHOT_SCHEMA_VERSION,
    };
    let snapshot = match parsed {
        Ok(snapshot) => snapshot,
        Err(e) if e.is_io() => {
            return Err(FileError::Read {
                path: shown.to_owned(),
                source: e.into(),
            })
        }
        Err(e) => {
            let version = match probe()? {
                // Valid JSON but not an object (an array, a string): it has no version to read.
                Err(p) if p.is_data() => return Err(not("no schema_version field".to_owned())),
                Err(p) => return Err(not(format!("invalid JSON: {p}"))),
                Ok(p) => p
                    .schema_version
                    .ok_or_else(|| not("no schema_version field".to_owned()))?
                    .as_u64()
                    .ok_or_else(|| not("schema_version is not a number".to_owned()))?,
            };
            if version != u64::from(SNAPSHOT_SCHEMA_VERSION) {
                return Err(wrong_version(version));
            }
            return Err(not(e.to_string()));
        }
    };
    if snapshot.schema_version != SNAPSHOT_SCHEMA_VERSION {
        return Err(wrong_version(u64::from(snapshot.schema_version)));
    }
    crate::model::validate::check(&snapshot).map_err(|e| not(e.to_string()))?;
    Ok(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MAX_WINDOW_DAYS;

    const MINIMAL: &[u8] = include_bytes!("../tests/data/minimal-snapshot.json");

    fn with_hours(hours: u64) -> Vec<u8> {
        let mut value: serde_json::Value = serde_json::from_slice(MINIMAL).unwrap();
        value["window"]["hours"] = hours.into();
        serde_json::to_vec(&value).unwrap()
    }

    /// The minimal snapshot stretched to a window of `hours`, consistent in every other way
    /// (end, series lengths), so that only the length itself is on trial.
    fn stretched(hours: u64) -> Vec<u8> {
        let mut value: serde_json::Value = serde_json::from_slice(MINIMAL).unwrap();
        let start: chrono::DateTime<chrono::Utc> =
            serde_json::from_value(value["window"]["start"].clone()).unwrap();
        let end = start + chrono::TimeDelta::hours(hours as i64);
        value["window"]["hours"] = hours.into();
        value["window"]["end"] = serde_json::to_value(end).unwrap();
        for r in value["resources"].as_array_mut().unwrap() {
            for s in r["usage"]["series"].as_array_mut().unwrap() {
                s["hourly"] = serde_json::Value::Array(vec![0.into(); hours as usize]);
            }
        }
        serde_json::to_vec(&value).unwrap()
    }

    #[test]
    fn parses_the_minimal_snapshot() {
        let snapshot = parse_snapshot("minimal.json", MINIMAL).unwrap();
        assert_eq!(snapshot.window.hours, 48);
        // Written before snapshots recorded their CloudWatch requests: unknown, not zero.
        assert_eq!(snapshot.cloudwatch_requests, None);
        let written = String::from_utf8(snapshot_to_json(&snapshot)).unwrap();
        assert!(!written.contains("cloudwatch_requests"));
    }

    #[test]
    fn cloudwatch_requests_round_trip_and_refuse_nonsense() {
        let mut value: serde_json::Value = serde_json::from_slice(MINIMAL).unwrap();
        value["cloudwatch_requests"] = serde_json::json!([
            {"account_id": "123456789012", "region": "us-east-1", "metrics_requested": 7124, "getmetricdata_calls": 16}
        ]);
        let text = serde_json::to_vec(&value).unwrap();
        let snapshot = parse_snapshot("s.json", &text).unwrap();
        let requests = snapshot.cloudwatch_requests.clone().unwrap();
        assert_eq!(
            (
                requests[0].metrics_requested,
                requests[0].getmetricdata_calls
            ),
            (7124, 16)
        );
        let again = parse_snapshot("s.json", &snapshot_to_json(&snapshot)).unwrap();
        assert_eq!(again, snapshot);

        value["cloudwatch_requests"][0]["metrics_requested"] = serde_json::json!(-1);
        let err = parse_snapshot("s.json", &serde_json::to_vec(&value).unwrap()).unwrap_err();
        assert!(matches!(err, FileError::NotASnapshot { .. }), "{err}");
        assert!(!err.to_string().contains('\n'), "{err}");
    }

    /// Found while writing the `snapshot` fuzz target: a window of u32::MAX hours parsed, and
    /// analysis then asked for a 32 GiB hourly vector and aborted the process.
    #[test]
    fn refuses_a_window_longer_than_collect_can_take() {
        let longest = u64::from(MAX_WINDOW_DAYS) * 24;
        assert!(parse_snapshot("s.json", &stretched(longest)).is_ok());
        for hours in [longest + 1, u64::from(u32::MAX)] {
            let err = parse_snapshot("s.json", &with_hours(hours)).unwrap_err();
            assert!(
                matches!(err, FileError::NotASnapshot { .. }),
                "{hours} hours: {err}"
            );
            assert!(err.to_string().contains("window.hours"), "{err}");
        }
    }
}
