//! Any bytes as a snapshot file. Whatever `parse_snapshot` accepts is user-controlled data
//! (hand-edited or hostile names, huge or negative numbers, empty or short hourly series,
//! a zero-hour window, ...) and goes through the whole offline pipeline: analysis against
//! the embedded price book, then every report format, masked as `--redact` masks them.
//! Nothing may panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use crossover::analyze::{analyze, Assumptions};
use crossover::output::parse_snapshot;
use crossover::pricing::PriceBook;
use crossover::report::{redact::redact, render, Format};

fn book() -> &'static PriceBook {
    static BOOK: OnceLock<PriceBook> = OnceLock::new();
    BOOK.get_or_init(PriceBook::embedded)
}

fuzz_target!(|data: &[u8]| {
    let Ok(snapshot) = parse_snapshot("fuzz.json", data) else {
        return;
    };
    let analysis = analyze(&snapshot, book(), &Assumptions::default());
    for format in [Format::Markdown, Format::Json, Format::Csv] {
        let out = render(&analysis, format);
        assert!(!out.is_empty(), "{format:?} rendered nothing");
        let masked = redact(&out, &analysis);
        assert_eq!(masked.len(), out.len(), "masking changed the length");
    }
});
