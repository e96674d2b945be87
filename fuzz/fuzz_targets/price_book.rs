//! Any text as a user's price file, labelled as a .csv and as a .json (the content, not the
//! name, decides how it is read, so both must agree). A book that loads must write back
//! with `to_csv()` and read back to the same prices.
#![no_main]

use libfuzzer_sys::fuzz_target;

use crossover::pricing::{load_prices_file, Price, PriceBook};

fn prices(book: &PriceBook) -> Vec<(&str, &Price)> {
    book.prices().collect()
}

fn round_trip(label: &str, book: &PriceBook) {
    let csv = book.to_csv();
    let again = load_prices_file(label, &csv).unwrap_or_else(|err| {
        panic!("to_csv() output of a book loaded from {label} does not load back: {err}\n{csv}")
    });
    assert_eq!(
        prices(book),
        prices(&again),
        "to_csv() of a book loaded from {label} reads back different"
    );
    // Writing the re-read book gives the same text: the CSV form is a fixed point.
    assert_eq!(csv, again.to_csv(), "to_csv() is not stable for {label}");
}

fuzz_target!(|data: &[u8]| {
    // The CLI reads price files with read_to_string, so only UTF-8 reaches the parser.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let as_csv = load_prices_file("fuzz.csv", text);
    let as_json = load_prices_file("fuzz.json", text);
    match (&as_csv, &as_json) {
        (Ok(a), Ok(b)) => {
            assert_eq!(prices(a), prices(b), "the file's name changed its prices");
            round_trip("fuzz.csv", a);
            round_trip("fuzz.json", b);
        }
        (Err(_), Err(_)) => {}
        _ => panic!(
            "accepted under one name only: as .csv {:?}, as .json {:?}",
            as_csv.as_ref().err(),
            as_json.as_ref().err()
        ),
    }
});
