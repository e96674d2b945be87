//! Reading a snapshot's `resources` on two cores: the reading thread only splits the array
//! into each resource's raw JSON text, and a second thread parses each text into a
//! [`Resource`] as it arrives. Parsing the hourly series is most of reading a snapshot, and an
//! organization's run to hundreds of MB (the benchmark of docs/performance.md); the texts in
//! flight are bounded, so memory stays that of the resources read.

use std::cell::Cell;
use std::fmt;

use serde::de::{Error as _, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::value::RawValue;

use super::Resource;

/// Resource texts between the two threads at most.
const IN_FLIGHT: usize = 64;

thread_local! {
    /// Set while a snapshot is read again on one thread, for an error's position in the file.
    static ONE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` with resources parsed on this thread alone. A parse on two threads knows a bad
/// resource's place within the resource only; on one, serde_json names the line in the file,
/// so a snapshot that does not parse is read again this way for its error.
pub fn on_one_thread<T>(read: impl FnOnce() -> T) -> T {
    ONE_THREAD.with(|one| one.set(true));
    let out = read();
    ONE_THREAD.with(|one| one.set(false));
    out
}

pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Resource>, D::Error> {
    if ONE_THREAD.with(Cell::get) {
        return <Vec<Resource> as serde::Deserialize>::deserialize(d);
    }
    d.deserialize_seq(Resources)
}

struct Resources;

impl<'de> Visitor<'de> for Resources {
    type Value = Vec<Resource>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of resources")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Resource>, A::Error> {
        let (texts, received) = std::sync::mpsc::sync_channel::<Box<RawValue>>(IN_FLIGHT);
        std::thread::scope(|scope| {
            let parser = scope.spawn(move || {
                let mut out = Vec::new();
                for (i, text) in received.into_iter().enumerate() {
                    match serde_json::from_str::<Resource>(text.get()) {
                        Ok(r) => out.push(r),
                        Err(e) => return Err((i, e)),
                    }
                }
                Ok(out)
            });
            while let Some(text) = seq.next_element::<Box<RawValue>>()? {
                // A closed channel: the parser stopped at a bad resource, reported below.
                if texts.send(text).is_err() {
                    break;
                }
            }
            drop(texts);
            match parser.join() {
                Ok(Ok(resources)) => Ok(resources),
                Ok(Err((i, e))) => Err(A::Error::custom(format!("resources[{i}]: {e}"))),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Snapshot;

    fn sample_without_a_name(index: usize) -> Vec<u8> {
        let mut value: serde_json::Value =
            serde_json::from_slice(include_bytes!("../../examples/sample-account.json")).unwrap();
        value["resources"][index]
            .as_object_mut()
            .unwrap()
            .remove("name");
        serde_json::to_vec_pretty(&value).unwrap()
    }

    /// Read on two threads, the resources are those one thread reads; a bad one is named by
    /// its place, and read again on one thread, by its line in the file.
    #[test]
    fn two_threads_read_what_one_reads_and_errors_keep_the_files_line() {
        let text = include_bytes!("../../examples/sample-account.json");
        let two: Snapshot = serde_json::from_slice(text).unwrap();
        let one: Snapshot = super::on_one_thread(|| serde_json::from_slice(text)).unwrap();
        assert_eq!(two, one);
        assert_eq!(two.resources.len(), 15);

        let bad = sample_without_a_name(9);
        let two = serde_json::from_slice::<Snapshot>(&bad).unwrap_err();
        assert!(
            two.to_string()
                .starts_with("resources[9]: missing field `name`"),
            "{two}"
        );
        let one = super::on_one_thread(|| serde_json::from_slice::<Snapshot>(&bad)).unwrap_err();
        assert!(one.to_string().starts_with("missing field `name`"), "{one}");
        assert!(one.line() > 1000, "the line in the file: {one}");

        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.json");
        std::fs::write(&path, &bad).unwrap();
        let read = crate::output::read_snapshot(&path).unwrap_err().to_string();
        assert!(
            read.contains(&format!("at line {} column", one.line())),
            "{read}"
        );
        let parsed = crate::output::parse_snapshot("bad.json", &bad).unwrap_err();
        assert_eq!(
            parsed.to_string(),
            read.replace(&path.display().to_string(), "bad.json")
        );
    }
}
