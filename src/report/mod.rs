mod markdown;
pub use markdown::render as render_markdown;
