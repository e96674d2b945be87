//! Reading a snapshot on every core. Parsing the hourly series is most of reading a snapshot,
//! and an organization's run to hundreds of MB (the benchmark of docs/performance.md), so the
//! reading thread only splits the top-level `resources` array into each resource's JSON text,
//! which a thread per core parses into a [`Resource`] as it arrives; the rest of the document
//! is parsed on its own, with that array left empty. The texts in flight are bounded: memory
//! stays that of the resources read.
//!
//! Anything the split does not expect (no `resources` array, a text that does not parse) makes
//! it give up, and the caller reads the file again the ordinary way, one thread and
//! `serde_json` alone: that read decides, and its errors name the line in the file.

use std::io::Read;
use std::sync::mpsc;
use std::sync::Mutex;

use super::{Resource, Snapshot};

/// Resource texts waiting for a parser at most.
const IN_FLIGHT: usize = 64;

/// The snapshot in `input`, or `None` where the split read cannot tell (see the module's
/// comment): an input error, a malformed document, a resource that does not parse.
pub fn read_split(input: impl Read, parsers: usize) -> Option<Snapshot> {
    let (texts, received) = mpsc::sync_channel::<(usize, Vec<u8>)>(IN_FLIGHT);
    let received = Mutex::new(received);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..parsers.max(1))
            .map(|_| {
                scope.spawn(|| {
                    // After a text that does not parse, the parser keeps taking texts (and
                    // drops them), so that the reading thread never waits on a full channel.
                    let mut out = Some(Vec::new());
                    loop {
                        let next = received
                            .lock()
                            .unwrap_or_else(std::sync::PoisonError::into_inner)
                            .recv();
                        let Ok((i, text)) = next else {
                            return out;
                        };
                        if let Some(parsed) = out.as_mut() {
                            match serde_json::from_slice::<Resource>(&text) {
                                Ok(r) => parsed.push((i, r)),
                                Err(_) => out = None,
                            }
                        }
                    }
                })
            })
            .collect();
        let head = split(input, |i, text| texts.send((i, text)).is_ok());
        drop(texts);
        let mut parsed: Vec<(usize, Resource)> = Vec::new();
        let mut failed = false;
        for w in workers {
            match w.join() {
                Ok(Some(out)) => parsed.extend(out),
                Ok(None) => failed = true,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        let mut snapshot: Snapshot = serde_json::from_slice(&head?).ok()?;
        if failed || !snapshot.resources.is_empty() {
            return None;
        }
        parsed.sort_unstable_by_key(|(i, _)| *i);
        snapshot.resources = parsed.into_iter().map(|(_, r)| r).collect();
        Some(snapshot)
    })
}

/// Scans `input`, handing each element of the top-level object's `resources` array to `send`
/// (its index and text; `send` false stops the scan) and returning the document without them
/// (`"resources": []`). `None` on an input error, a stop, or a document whose structure does
/// not close as JSON's does.
fn split(mut input: impl Read, mut send: impl FnMut(usize, Vec<u8>) -> bool) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    let mut scan = Scan::default();
    let mut element: Vec<u8> = Vec::new();
    let mut index = 0;
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = match input.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        let mut pos = 0;
        while pos < n {
            // Runs of bytes that change nothing (digits of the hourly series, the insides of
            // strings) are copied whole: byte by byte, the scan took as long as the parse.
            let run = scan.plain_run(&buf[pos..n]);
            if run > 0 {
                let out = if scan.in_resources {
                    &mut element
                } else {
                    &mut head
                };
                out.extend_from_slice(&buf[pos..pos + run]);
                pos += run;
                continue;
            }
            let b = buf[pos];
            pos += 1;
            match scan.step(b)? {
                Place::Head => head.push(b),
                Place::Element => element.push(b),
                Place::ElementEnd => {
                    let text = std::mem::take(&mut element);
                    if text.iter().all(u8::is_ascii_whitespace) {
                        // Only an empty array has no text before its end; anything else is a
                        // missing element (`[,`, a trailing comma), which serde_json refuses.
                        if index > 0 || b != b']' {
                            return None;
                        }
                    } else {
                        if !send(index, text) {
                            return None;
                        }
                        index += 1;
                    }
                    if b == b']' {
                        head.push(b);
                    }
                }
            }
        }
    }
    (scan.depth == 0 && !scan.in_string).then_some(head)
}

/// Where a byte of the document goes.
enum Place {
    Head,
    Element,
    /// The `,` or `]` that ends an element of the resources array.
    ElementEnd,
}

/// Just enough of JSON's grammar to find the top-level `resources` array: nesting depth,
/// strings and their escapes, and the last key of the top-level object.
#[derive(Default)]
struct Scan {
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// The text of the string being read, kept only at the top level (keys).
    string: Vec<u8>,
    /// The last string that ended at the top level, and whether a `:` followed it.
    last_key: Vec<u8>,
    after_colon: bool,
    /// Inside the resources array: its elements are at depth 2.
    in_resources: bool,
}

/// Bytes that can change the scan's state outside a string, at the resources array's depth
/// (where a comma ends a resource) and deeper (where only nesting and strings count), and
/// inside a string.
const STRUCTURE: [bool; 256] = table(b"\"{}[],:");
const NESTING: [bool; 256] = table(b"\"{}[]");
const IN_STRING: [bool; 256] = table(b"\"\\");

const fn table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        t[bytes[i] as usize] = true;
        i += 1;
    }
    t
}

impl Scan {
    /// How many leading bytes of `bytes` [`Scan::step`] would pass over without a change:
    /// none at the top level, whose strings are kept as keys.
    fn plain_run(&self, bytes: &[u8]) -> usize {
        if self.depth < 2 || self.escaped {
            return 0;
        }
        let special = match (self.in_string, self.depth) {
            (true, _) => &IN_STRING,
            (false, 2) => &STRUCTURE,
            (false, _) => &NESTING,
        };
        bytes
            .iter()
            .position(|&b| special[b as usize])
            .unwrap_or(bytes.len())
    }

    fn step(&mut self, b: u8) -> Option<Place> {
        let place = if self.in_resources {
            Place::Element
        } else {
            Place::Head
        };
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if b == b'\\' {
                self.escaped = true;
            } else if b == b'"' {
                self.in_string = false;
                if self.depth == 1 {
                    self.last_key = std::mem::take(&mut self.string);
                    self.after_colon = false;
                }
                return Some(place);
            }
            if self.depth == 1 {
                self.string.push(b);
            }
            return Some(place);
        }
        match b {
            b'"' => {
                self.in_string = true;
                self.string.clear();
            }
            b':' if self.depth == 1 => self.after_colon = true,
            b'{' | b'[' => {
                let opens_resources = b == b'['
                    && self.depth == 1
                    && self.after_colon
                    && self.last_key == b"resources";
                self.depth += 1;
                if opens_resources {
                    self.in_resources = true;
                    return Some(Place::Head);
                }
            }
            b'}' | b']' => {
                self.depth = self.depth.checked_sub(1)?;
                if self.in_resources && self.depth == 1 {
                    self.in_resources = false;
                    return Some(Place::ElementEnd);
                }
            }
            b',' if self.in_resources && self.depth == 2 => return Some(Place::ElementEnd),
            b',' if self.depth == 1 => self.after_colon = false,
            _ => {}
        }
        Some(place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = include_bytes!("../../examples/sample-account.json");

    /// The split read gives what serde_json alone gives, on one parser or several.
    #[test]
    fn the_split_read_gives_what_serde_json_gives() {
        let whole: Snapshot = serde_json::from_slice(SAMPLE).unwrap();
        for parsers in [1, 2, 5] {
            assert_eq!(read_split(SAMPLE, parsers).as_ref(), Some(&whole));
        }
        let compact = serde_json::to_vec(&whole).unwrap();
        assert_eq!(read_split(compact.as_slice(), 2).as_ref(), Some(&whole));
        let mut none = whole.clone();
        none.resources.clear();
        let empty = serde_json::to_vec_pretty(&none).unwrap();
        assert_eq!(read_split(empty.as_slice(), 2), Some(none));
    }

    /// Keys and strings that look like the array, escapes, and anything malformed: the split
    /// finds only the top-level array, and gives up where serde_json would fail.
    #[test]
    fn only_the_top_level_array_is_split_and_anything_odd_gives_up() {
        let mut sent = Vec::new();
        let doc = br#"{"a": {"resources": [1, 2]}, "b": "resources\"", "resources" : [ {"x": "],\"{"}, [3, [4, {"y": [5, 6]}]] ], "c": []}"#;
        let head = split(&doc[..], |i, t| {
            sent.push((i, String::from_utf8(t).unwrap()));
            true
        })
        .unwrap();
        assert_eq!(
            String::from_utf8(head).unwrap(),
            r#"{"a": {"resources": [1, 2]}, "b": "resources\"", "resources" : [], "c": []}"#
        );
        assert_eq!(
            sent,
            [
                (0, r#" {"x": "],\"{"}"#.to_owned()),
                (1, r#" [3, [4, {"y": [5, 6]}]] "#.to_owned())
            ]
        );
        for bad in [
            &br#"{"resources": [{"#[..],
            br#"{"a": "#,
            br#"]}"#,
            br#"{"a": "x}"#,
            br#"{"resources": [1, ]}"#,
            br#"{"resources": [, 1]}"#,
        ] {
            assert!(
                split(bad, |_, _| true).is_none(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        let mut stops = 0;
        assert!(split(SAMPLE, |_, _| {
            stops += 1;
            false
        })
        .is_none());
        assert_eq!(stops, 1);
        // A resource that does not parse, a document serde_json refuses: no snapshot.
        let bad_resource = String::from_utf8(SAMPLE.to_vec()).unwrap().replacen(
            "\"kind\": \"alb\"",
            "\"kind\": \"nlb\"",
            1,
        );
        assert!(read_split(bad_resource.as_bytes(), 2).is_none());
        // A bad first resource among many more than are ever in flight: no parser stalls the
        // reading thread.
        let mut value: serde_json::Value = serde_json::from_slice(SAMPLE).unwrap();
        let good = value["resources"][0].clone();
        let mut many = vec![serde_json::json!({"kind": "nlb"})];
        many.extend(std::iter::repeat_n(good, 4 * IN_FLIGHT));
        value["resources"] = many.into();
        let text = serde_json::to_vec(&value).unwrap();
        assert!(read_split(text.as_slice(), 1).is_none());
        assert!(read_split(&b"[1, 2]"[..], 2).is_none());
    }
}
