//! `collect` keeps each resource in a temporary file beside its output as soon as its usage is
//! read ([`super::usage`]), so that a scan of an organization holds the series of the
//! GetMetricData batches in flight, not the organization's (docs/performance.md); the snapshot
//! is then written from that file resource by resource, in the snapshot's order, byte for byte
//! as [`crate::output::write_snapshot`] writes it.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

use crate::model::{
    DataNote, Gap, MetricRequests, Organization, Resource, ResourceKind, ServiceQuota, Snapshot,
    VpcEndpoint, Window,
};
use crate::output::{self, FileError};

/// The resources read so far, each as the text the snapshot will hold.
pub struct Spill {
    file: File,
    end: u64,
    entries: Vec<Entry>,
}

/// Where one resource's text is, under the key the snapshot sorts by ([`Resource::sort`]).
struct Entry {
    key: (String, String, ResourceKind, String, String),
    offset: u64,
    len: usize,
}

/// Where collect puts each resource once its usage is read: the snapshot's list, or a spill.
/// The account × region reads in flight share it.
pub struct Sink<'a>(Mutex<Held<'a>>);

struct Held<'a> {
    to: To<'a>,
    /// The first write that failed; the run stops on it.
    error: Option<std::io::Error>,
}

enum To<'a> {
    Memory(Vec<Resource>),
    Spill(&'a mut Spill),
}

impl<'a> Sink<'a> {
    pub fn new(spill: Option<&'a mut Spill>) -> Self {
        let to = match spill {
            Some(spill) => To::Spill(spill),
            None => To::Memory(Vec::new()),
        };
        Sink(Mutex::new(Held { to, error: None }))
    }

    /// Keeps `r`; once a write has failed, the rest are dropped, as the run fails anyway.
    pub fn put(&self, r: Resource) {
        let mut held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if held.error.is_some() {
            return;
        }
        let written = match &mut held.to {
            To::Memory(list) => {
                list.push(r);
                Ok(())
            }
            To::Spill(spill) => spill.push(&r),
        };
        if let Err(e) = written {
            held.error = Some(e);
        }
    }

    /// Whether a write failed, so that a run stops at the next account × region.
    pub fn failed(&self) -> bool {
        let held = self.0.lock().unwrap_or_else(|e| e.into_inner());
        held.error.is_some()
    }

    /// The resources kept in memory (none with a spill), or the first failed write.
    pub fn finish(self) -> std::io::Result<Vec<Resource>> {
        let held = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        match (held.error, held.to) {
            (Some(e), _) => Err(e),
            (None, To::Memory(list)) => Ok(list),
            (None, To::Spill(_)) => Ok(Vec::new()),
        }
    }
}

/// A resource as the snapshot names it, for the checks made across resources after collect.
pub struct Key<'a> {
    pub account_id: &'a str,
    pub region: &'a str,
    pub kind: ResourceKind,
    pub name: &'a str,
    pub id: &'a str,
}

impl<'a> Key<'a> {
    pub fn of(r: &'a Resource) -> Self {
        Key {
            account_id: &r.account_id,
            region: &r.region,
            kind: r.kind,
            name: &r.name,
            id: &r.id,
        }
    }
}

impl Spill {
    /// A spill in `dir` (the output's folder, which must be writable anyway), removed when
    /// dropped, whatever happens.
    pub fn new_in(dir: &Path) -> std::io::Result<Spill> {
        Ok(Spill {
            file: tempfile::tempfile_in(dir)?,
            end: 0,
            entries: Vec::new(),
        })
    }

    pub fn push(&mut self, r: &Resource) -> std::io::Result<()> {
        let text = element_text(r)?;
        self.file.write_all(text.as_bytes())?;
        self.entries.push(Entry {
            key: (
                r.account_id.clone(),
                r.region.clone(),
                r.kind,
                r.name.clone(),
                r.id.clone(),
            ),
            offset: self.end,
            len: text.len(),
        });
        self.end += text.len() as u64;
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = Key<'_>> {
        self.entries.iter().map(|e| Key {
            account_id: &e.key.0,
            region: &e.key.1,
            kind: e.key.2,
            name: &e.key.3,
            id: &e.key.4,
        })
    }

    /// Writes `head` (a snapshot whose resources are in this spill, not in it) to `path`,
    /// whole or not at all.
    pub fn write_snapshot(mut self, head: &Snapshot, path: &Path) -> Result<(), FileError> {
        self.entries.sort_by(|a, b| a.key.cmp(&b.key));
        let streamed = Streamed::of(
            head,
            Resources {
                file: &self.file,
                entries: &self.entries,
            },
        );
        output::write_atomic_with(path, |w| output::write_json(&streamed, w))
    }
}

/// A resource as an element of the snapshot's `resources` array: pretty-printed, each line
/// after the first indented to the array's depth, as the pretty printer would have written it
/// there (JSON strings hold no raw line break, so every one is the printer's).
fn element_text(r: &Resource) -> std::io::Result<String> {
    let text = serde_json::to_string_pretty(r)?;
    Ok(text.replace('\n', "\n    "))
}

/// The spilled resources, read back one at a time as the array is written.
struct Resources<'a> {
    file: &'a File,
    entries: &'a [Entry],
}

impl Serialize for Resources<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut file = self.file;
        let mut seq = s.serialize_seq(Some(self.entries.len()))?;
        let mut buf = Vec::new();
        for e in self.entries {
            buf.resize(e.len, 0);
            file.seek(SeekFrom::Start(e.offset))
                .and_then(|_| file.read_exact(&mut buf))
                .map_err(|e| S::Error::custom(format!("cannot read back the spill: {e}")))?;
            let text = std::str::from_utf8(&buf).map_err(S::Error::custom)?;
            let raw: &RawValue = serde_json::from_str(text).map_err(S::Error::custom)?;
            seq.serialize_element(raw)?;
        }
        seq.end()
    }
}

/// [`Snapshot`]'s fields in its order and with its attributes, the resources aside. Built by
/// destructuring a snapshot whole, so that a field added to it fails to compile here until it
/// is written here too.
#[derive(Serialize)]
struct Streamed<'a> {
    schema_version: u32,
    tool_version: &'a str,
    partition: &'a str,
    account_ids: &'a [String],
    regions: &'a [String],
    window: Window,
    period_seconds: u32,
    collected_at: DateTime<Utc>,
    resources: Resources<'a>,
    gaps: &'a [Gap],
    notes: &'a [DataNote],
    #[serde(skip_serializing_if = "Option::is_none")]
    cloudwatch_requests: Option<&'a Vec<MetricRequests>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    organizations: &'a [Organization],
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    account_names: &'a std::collections::BTreeMap<String, String>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    service_quotas: &'a [ServiceQuota],
    #[serde(skip_serializing_if = "Option::is_none")]
    vpc_endpoints: Option<&'a Vec<VpcEndpoint>>,
}

impl<'a> Streamed<'a> {
    fn of(head: &'a Snapshot, resources: Resources<'a>) -> Self {
        let Snapshot {
            schema_version,
            tool_version,
            partition,
            account_ids,
            regions,
            window,
            period_seconds,
            collected_at,
            resources: _,
            gaps,
            notes,
            cloudwatch_requests,
            organizations,
            account_names,
            service_quotas,
            vpc_endpoints,
        } = head;
        Streamed {
            schema_version: *schema_version,
            tool_version,
            partition,
            account_ids,
            regions,
            window: *window,
            period_seconds: *period_seconds,
            collected_at: *collected_at,
            resources,
            gaps,
            notes,
            cloudwatch_requests: cloudwatch_requests.as_ref(),
            organizations,
            account_names,
            service_quotas,
            vpc_endpoints: vpc_endpoints.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A write that fails is kept for the end of the run, and nothing is written after it.
    #[test]
    fn a_failed_spill_write_fails_the_run() {
        let sample = include_bytes!("../../examples/sample-account.json");
        let snapshot = output::parse_snapshot("sample", sample).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("read-only");
        std::fs::write(&path, b"").unwrap();
        // A file opened for reading refuses every write.
        let mut spill = Spill {
            file: File::open(&path).unwrap(),
            end: 0,
            entries: Vec::new(),
        };
        let sink = Sink::new(Some(&mut spill));
        assert!(!sink.failed());
        for r in snapshot.resources.iter().take(2) {
            sink.put(r.clone());
        }
        assert!(sink.failed());
        assert!(sink.finish().is_err());
        assert!(spill.is_empty());

        let memory = Sink::new(None);
        memory.put(snapshot.resources[0].clone());
        assert_eq!(memory.finish().unwrap().len(), 1);
    }

    /// The sample snapshot, its resources shuffled into the spill, is written byte for byte
    /// as the whole snapshot is; with every optional field cleared too.
    #[test]
    fn a_spilled_snapshot_is_written_as_the_whole_snapshot_is() {
        let sample = include_bytes!("../../examples/sample-account.json");
        let full = output::parse_snapshot("sample", sample).unwrap();
        let mut bare = full.clone();
        bare.cloudwatch_requests = None;
        bare.organizations.clear();
        bare.account_names.clear();
        bare.service_quotas.clear();
        bare.vpc_endpoints = None;
        bare.notes.clear();
        let mut empty = bare.clone();
        empty.resources.clear();
        for snapshot in [full, bare, empty] {
            let dir = tempfile::tempdir().unwrap();
            let mut spill = Spill::new_in(dir.path()).unwrap();
            for r in snapshot.resources.iter().rev() {
                spill.push(r).unwrap();
            }
            assert_eq!(spill.len(), snapshot.resources.len());
            let head = Snapshot {
                resources: Vec::new(),
                ..snapshot.clone()
            };
            let path = dir.path().join("out.json");
            spill.write_snapshot(&head, &path).unwrap();
            let written = std::fs::read(&path).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                String::from_utf8(output::snapshot_to_json(&snapshot)).unwrap()
            );
        }
    }
}
