//! docs/features.md is generated from the catalogue and stays current.

use super::*;

fn doc_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/features.md")
}

#[test]
fn features_doc_is_current() {
    let on_disk = std::fs::read_to_string(doc_path()).unwrap_or_default();
    assert!(
        on_disk == catalogue_markdown(),
        "docs/features.md differs from the catalogue; regenerate it with \
         `cargo test --lib analyze::features -- --ignored regenerate_features_doc`"
    );
}

#[test]
#[ignore = "writes docs/features.md; run on purpose after changing the catalogue"]
fn regenerate_features_doc() {
    std::fs::write(doc_path(), catalogue_markdown()).unwrap();
}

#[test]
fn doc_lists_every_code_with_its_directions() {
    let doc = catalogue_markdown();
    for f in CATALOGUE {
        assert!(doc.contains(&format!("\n## `{}`\n", f.code)), "{}", f.code);
        for i in f.impacts {
            assert!(doc.contains(i.doc) && doc.contains(i.reason), "{}", f.code);
        }
    }
    assert!(
        doc.contains(
            "| `header-routing` | W if ALB kept; W | W if ALB kept, X-Forwarded-*; W if ALB kept; \
             B |"
        ),
        "{doc}"
    );
}
