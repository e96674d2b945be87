//! `docs/features.md`, written from the catalogue so that the document cannot drift from what
//! the tool reports.

use std::fmt::Write;

use crate::model::ResourceKind;

use super::{DirectionImpact, Feature, Impact, Target, CATALOGUE};

/// Every migration the tool assesses, in the order the document lists them.
const DIRECTIONS: [(ResourceKind, Target); 9] = [
    (ResourceKind::Alb, Target::RestApi),
    (ResourceKind::Alb, Target::HttpApi),
    (ResourceKind::RestApi, Target::Alb),
    (ResourceKind::RestApi, Target::HttpApi),
    (ResourceKind::HttpApi, Target::Alb),
    (ResourceKind::HttpApi, Target::RestApi),
    (ResourceKind::WebsocketApi, Target::Alb),
    (ResourceKind::WebsocketApi, Target::RestApi),
    (ResourceKind::WebsocketApi, Target::HttpApi),
];

fn short_label(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Alb => "ALB",
        ResourceKind::RestApi => "REST",
        ResourceKind::HttpApi => "HTTP",
        ResourceKind::WebsocketApi => "WS",
    }
}

fn letter(impact: Impact) -> &'static str {
    match impact {
        Impact::Blocker => "B",
        Impact::Workaround => "W",
    }
}

/// Table cells must not break on a pipe inside the text.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// A WebSocket API cannot become a REST or HTTP API at all (the `websocket` blocker): its other
/// features have no direction of their own there, and "no gap" would wrongly suggest one.
fn only_via_websocket(f: &Feature, from: ResourceKind, to: Target) -> bool {
    from == ResourceKind::WebsocketApi && to != Target::Alb && f.code != "websocket"
}

fn entries(f: &Feature, from: ResourceKind, to: Target) -> impl Iterator<Item = &DirectionImpact> {
    f.impacts
        .iter()
        .filter(move |i| i.from == from && i.to == to)
}

/// The whole of `docs/features.md`.
pub fn catalogue_markdown() -> String {
    let mut out = String::new();
    out.push_str(
        "# Feature gaps\n\
         \n\
         <!-- Generated from src/analyze/features/catalogue.rs by `catalogue_markdown()`. Do not \
         edit by hand: regenerate with\n\
         `cargo test --lib analyze::features -- --ignored regenerate_features_doc`. -->\n\
         \n\
         Every code that can appear in a report's `gaps[].feature`, how crossover detects it in \
         a snapshot, and what it costs to migrate it. Codes are kebab-case and never renamed.\n\
         \n\
         - **blocker** (B): the target has no equivalent; the feature is lost or the design \
         must change.\n\
         - **workaround** (W): the target reaches the same end by another mechanism or extra \
         work.\n\
         - A direction without an entry has a direct equivalent: no gap.\n\
         - **n/a**: a WebSocket API cannot become a REST or HTTP API (see `websocket`), so its \
         other features are not assessed in those directions.\n\
         - Where a direction has several entries, the first whose condition holds applies. \
         \"ALB kept\" means the ALB, with instance or IP targets, stays behind the API as its \
         private-integration target (VPC link V2).\n\
         \n\
         ## Summary\n\
         \n",
    );
    out.push_str("| code |");
    for (from, to) in DIRECTIONS {
        let _ = write!(out, " {} → {} |", short_label(from), short_label(to.kind()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(DIRECTIONS.len()));
    out.push('\n');
    for f in CATALOGUE {
        let _ = write!(out, "| `{}` |", f.code);
        for (from, to) in DIRECTIONS {
            let parts: Vec<String> = entries(f, from, to)
                .map(|e| match e.when.short() {
                    Some(when) => format!("{} if {when}", letter(e.impact)),
                    None => letter(e.impact).to_owned(),
                })
                .collect();
            let text =
                if only_via_websocket(f, from, to) && f.impacts.iter().any(|i| i.from == from) {
                    "n/a".to_owned()
                } else if parts.is_empty() {
                    "–".to_owned()
                } else {
                    parts.join("; ")
                };
            let _ = write!(out, " {} |", cell(&text));
        }
        out.push('\n');
    }
    for f in CATALOGUE {
        let _ = write!(
            out,
            "\n## `{}`\n\n| | |\n|---|---|\n| Description | {} |\n| In use when | {} |\n",
            f.code,
            cell(f.description),
            cell(f.detection)
        );
        for (from, to) in DIRECTIONS {
            for e in entries(f, from, to) {
                let when = e
                    .when
                    .describe()
                    .map(|w| format!(", {w}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| {} → {}{when} | **{}**: {} ([docs]({})) |",
                    from.label(),
                    to.kind().label(),
                    e.impact.as_str(),
                    cell(e.reason),
                    e.doc
                );
            }
        }
        let unlisted = |(from, to): &&(ResourceKind, Target)| {
            entries(f, *from, *to).next().is_none() && f.impacts.iter().any(|i| i.from == *from)
        };
        let label = |(from, to): &(ResourceKind, Target)| {
            format!("{} → {}", from.label(), to.kind().label())
        };
        let assessed: Vec<String> = DIRECTIONS
            .iter()
            .filter(unlisted)
            .filter(|(from, to)| !only_via_websocket(f, *from, *to))
            .map(label)
            .collect();
        if !assessed.is_empty() {
            let _ = writeln!(
                out,
                "| {} | direct equivalent, no gap |",
                assessed.join(", ")
            );
        }
        let websocket_only: Vec<String> = DIRECTIONS
            .iter()
            .filter(unlisted)
            .filter(|(from, to)| only_via_websocket(f, *from, *to))
            .map(label)
            .collect();
        if !websocket_only.is_empty() {
            let _ = writeln!(
                out,
                "| {} | n/a, see `websocket`: a WebSocket API has no REST or HTTP counterpart |",
                websocket_only.join(", ")
            );
        }
    }
    out
}
