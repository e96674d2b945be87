//! Every Markdown table is a well-formed GFM pipe table: a header, a separator row with one
//! cell per column, and rows exactly as wide. A stray `|` from a name would add a cell, a
//! newline would split a row; GitHub then shows a broken table or none.

use super::{fixture_analysis, render, stress_analysis};

/// Cells of a table row, splitting on pipes that are not backslash-escaped. A backslash
/// escapes the next character whatever it is, as in GFM's own table scanner.
fn cells(row: &str) -> Result<Vec<String>, String> {
    let inner = row
        .strip_prefix('|')
        .and_then(|r| r.strip_suffix('|'))
        .ok_or_else(|| format!("a table row must start and end with '|': {row}"))?;
    let mut out = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let last = out.last_mut().expect("never empty");
                last.push('\\');
                match chars.next() {
                    Some(n) => last.push(n),
                    None => return Err(format!("a row ends in a lone backslash: {row}")),
                }
            }
            '|' => out.push(String::new()),
            c => out.last_mut().expect("never empty").push(c),
        }
    }
    Ok(out.into_iter().map(|c| c.trim().to_owned()).collect())
}

fn is_separator(cells: &[String]) -> bool {
    cells.iter().all(|c| {
        let c = c.trim();
        let body = c.trim_start_matches(':').trim_end_matches(':');
        body.len() >= 3 && body.chars().all(|x| x == '-')
    })
}

/// Checks every table of `md` and returns how many there are.
pub fn check(md: &str) -> Result<usize, String> {
    let lines: Vec<&str> = md.lines().collect();
    let mut tables = 0;
    let mut fenced = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.starts_with("```") {
            fenced = !fenced;
            i += 1;
            continue;
        }
        if fenced || !line.starts_with('|') {
            i += 1;
            continue;
        }
        if i > 0 && !lines[i - 1].trim().is_empty() {
            return Err(format!(
                "line {}: a table must follow a blank line, or the previous paragraph swallows its header: {line}",
                i + 1
            ));
        }
        let header = cells(line)?;
        let separator = lines
            .get(i + 1)
            .ok_or_else(|| format!("line {}: a table header with no separator row", i + 1))?;
        let sep = cells(separator)?;
        if !is_separator(&sep) {
            return Err(format!("line {}: no separator row under the header", i + 2));
        }
        if sep.len() != header.len() {
            return Err(format!(
                "line {}: the separator has {} cells, the header {}",
                i + 2,
                sep.len(),
                header.len()
            ));
        }
        let mut j = i + 2;
        while j < lines.len() && lines[j].starts_with('|') {
            let row = cells(lines[j])?;
            if row.len() != header.len() {
                return Err(format!(
                    "line {}: {} cells in a table of {} columns: {}",
                    j + 1,
                    row.len(),
                    header.len(),
                    lines[j]
                ));
            }
            j += 1;
        }
        if j < lines.len() && !lines[j].trim().is_empty() {
            return Err(format!(
                "line {}: text right after a table is read as another row",
                j + 1
            ));
        }
        tables += 1;
        i = j;
    }
    if fenced {
        return Err("an unclosed code fence".to_owned());
    }
    Ok(tables)
}

#[test]
fn every_table_is_well_formed() {
    for (what, a) in [
        ("fixture", fixture_analysis()),
        ("stress", stress_analysis()),
    ] {
        let md = render(&a);
        let n = check(&md).unwrap_or_else(|e| panic!("{what} report: {e}"));
        assert!(n > 20, "{what} report: only {n} tables found");
    }
}

#[test]
fn the_checker_catches_broken_tables() {
    assert!(check("| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n").is_err());
    assert!(check("| a | b |\n| 1 | 2 |\n").is_err());
    assert!(check("| a | b |\n| --- |\n").is_err());
    assert!(check("text\n| a |\n| --- |\n").is_err());
    assert_eq!(
        check("| a | b |\n| --- | ---: |\n| \\| | x \\\\ |\n"),
        Ok(1)
    );
    assert!(check("| a | b |\n| --- | --- |\n| x \\\\| y | z |\n").is_err());
}
