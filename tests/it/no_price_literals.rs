//! Prices come from the price book, never from literals in the code: no rate of the embedded
//! price CSV may appear as a number in non-test source.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            // Test folders hold fixtures that must quote real prices.
            if name != "tests" && name != "snapshots" {
                sources(&path, out);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" {
            out.push(path);
        }
    }
}

/// The code before its first `#[cfg(test)]`: unit tests may quote the prices they check.
fn non_test_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |i| &text[..i])
}

/// A price as it would be typed in code: "0.0225", "0.008", "3.8".
fn as_literal(usd: &str) -> String {
    let trimmed = usd.trim_end_matches('0');
    trimmed.strip_suffix('.').unwrap_or(trimmed).to_owned()
}

#[test]
fn no_price_from_the_book_is_written_in_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let csv = std::fs::read_to_string(root.join("data/prices.csv")).unwrap();
    let mut prices: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| as_literal(l.split(',').nth(4).unwrap()))
        // Single-digit values (1, 0.4, 0.5 …) are far too common to mean a price.
        .filter(|p| p.len() >= 5)
        .collect();
    prices.sort();
    prices.dedup();
    assert!(prices.iter().any(|p| p == "0.0225"), "the CSV was read");
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in non_test_code(&text).lines().enumerate() {
            // Comments may cite a price's source; code may not hold one.
            let line = line.split("//").next().unwrap_or_default();
            for p in &prices {
                let hit = line.match_indices(p.as_str()).any(|(i, _)| {
                    let before = line[..i].chars().last();
                    let after = line[i + p.len()..].chars().next();
                    !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
                        && !after.is_some_and(|c| c.is_ascii_digit())
                });
                if hit {
                    found.push(format!(
                        "{}:{}: {p}: {}",
                        file.display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "price literals in the code:\n{}",
        found.join("\n")
    );
}
