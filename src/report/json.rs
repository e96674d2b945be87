use crate::analyze::Analysis;

/// The contract's JSON report: the analysis as it is, pretty-printed, with a final newline.
pub fn render(analysis: &Analysis) -> String {
    let mut out = serde_json::to_string_pretty(analysis).expect("an analysis always serialises");
    out.push('\n');
    out
}
