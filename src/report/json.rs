use crate::analyze::Analysis;

/// The contract's JSON report: the analysis as it is, pretty-printed, with a final newline.
pub fn render(analysis: &Analysis) -> String {
    let mut out = Vec::new();
    write(analysis, &mut out).expect("an analysis always serialises");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// [`render`], streamed to `w`: an organization's JSON report is hundreds of MB.
pub fn write(analysis: &Analysis, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::output::write_json(analysis, w)
}
