//! The FinOps report in Markdown: written for someone who owns the bill, not the stack, and
//! rendered where such reports are read (GitHub, GitLab, a wiki). Charts are Mermaid blocks,
//! which both render natively.

mod charts;
pub(super) mod format;
mod reconcile;

use std::collections::{BTreeMap, HashMap};

use crate::analyze::{
    Action, Alternative, Analysis, Impact, Line, Recommendation, ResourceAnalysis, ScanCost, Target,
};
use crate::model::{DataNote, ResourceKind};

use format::{
    bytes, cell, count, money, money_or_under_a_cent, name, percent, quantity, ratio, short_volume,
    signed_count, text, unit_price, Align, Table,
};

/// Rows of the top-opportunities table.
const TOP_OPPORTUNITIES: usize = 10;

/// Resources that get charts: a chart per resource is what makes a report long, and past ten
/// the reader is better served by the tables.
const CHARTED_RESOURCES: usize = 10;

/// Accounts named in the title before it says "N accounts" instead.
const TITLE_ACCOUNTS: usize = 3;

pub fn render(analysis: &Analysis) -> String {
    let mut doc = Doc::default();
    let ordered = ordered_resources(analysis);
    title(&mut doc, analysis);
    summary(&mut doc, analysis);
    reconcile::section(&mut doc, analysis);
    opportunities(&mut doc, analysis);
    regions(&mut doc, analysis, &ordered);
    details(&mut doc, analysis, &ordered);
    methodology(&mut doc, analysis);
    data_quality(&mut doc, analysis);
    coverage(&mut doc, analysis);
    doc.out
}

/// Markdown under construction: blocks separated by exactly one blank line.
#[derive(Default)]
struct Doc {
    out: String,
}

impl Doc {
    fn block(&mut self, s: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(s.trim_end_matches('\n'));
        self.out.push('\n');
    }

    fn heading(&mut self, level: usize, s: &str) {
        self.block(&format!("{} {s}", "#".repeat(level)));
    }

    fn table(&mut self, t: &Table) {
        self.block(&t.render());
    }

    fn list<I: IntoIterator<Item = String>>(&mut self, items: I) {
        let body: String = items.into_iter().map(|i| format!("- {i}\n")).collect();
        if !body.is_empty() {
            self.block(&body);
        }
    }

    fn mermaid(&mut self, chart: &str) {
        self.block(&format!("```mermaid\n{}```", chart));
    }
}

// ------------------------------------------------------------------ words ------------

/// The analysis names the cheaper side of a crossover by its `as_str` code.
fn code_label(code: &str) -> String {
    match ResourceKind::from_code(code) {
        Some(kind) => kind.label().to_owned(),
        None => cell(code),
    }
}

/// What the traffic of this kind is counted in.
fn noun(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::WebsocketApi => "messages",
        _ => "requests",
    }
}

fn action_label(action: Action) -> &'static str {
    match action {
        Action::Keep => "Keep",
        Action::Migrate => "Migrate",
        Action::FrontWithApi => "Front with an API",
        Action::Consolidate => "Consolidate",
        Action::Decommission => "Decommission",
        Action::Review => "Review",
    }
}

/// Actions in the order a reader acts on them: money first, no-ops last.
const ACTION_ORDER: [Action; 6] = [
    Action::Migrate,
    Action::Consolidate,
    Action::Decommission,
    Action::FrontWithApi,
    Action::Review,
    Action::Keep,
];

fn action_from_code(code: &str) -> Option<Action> {
    ACTION_ORDER.into_iter().find(|a| a.as_str() == code)
}

fn target_label(t: Option<Target>) -> &'static str {
    t.map_or("–", Target::label)
}

/// `Migrate to HTTP API`, `Consolidate onto another ALB`, `Keep`.
fn action_phrase(rec: &Recommendation) -> String {
    match (rec.action, rec.target) {
        (Action::Migrate, Some(t)) => format!("Migrate to {}", t.label()),
        (Action::FrontWithApi, Some(t)) => format!("Front with a {}", t.label()),
        (Action::Consolidate, _) => "Consolidate onto another ALB".to_owned(),
        (Action::Review, Some(t)) => format!("Review a move to {}", t.label()),
        (a, _) => action_label(a).to_owned(),
    }
}

fn resource_title(a: &Analysis, r: &ResourceAnalysis) -> String {
    format!(
        "{} ({}, {})",
        shown_name(a, r),
        r.kind.label(),
        name(&r.region)
    )
}

/// The name, and where another resource of the region has the same one (REST APIs often
/// do), the short id that tells them apart.
fn shown_name(a: &Analysis, r: &ResourceAnalysis) -> String {
    let namesakes = a
        .resources
        .iter()
        .filter(|o| o.region == r.region && o.name == r.name)
        .count();
    if namesakes > 1 {
        format!("{} · {}", name(&r.name), name(short_id(&r.id)))
    } else {
        name(&r.name)
    }
}

/// A resource named by id in a note or a gap: its shown name when the report has it.
fn resource_ref(a: &Analysis, id: &str) -> String {
    match a.resources.iter().find(|r| r.id == id) {
        Some(r) => shown_name(a, r),
        None => name(id),
    }
}

/// An API id as it is; an ARN's last path segment (an ALB's unique suffix).
fn short_id(id: &str) -> &str {
    if id.starts_with("arn:") {
        id.rsplit('/').next().unwrap_or(id)
    } else {
        id
    }
}

// ------------------------------------------------------------- selection ------------

/// Per region (sorted), the resources by today's cost, largest first, then by name.
fn ordered_resources(a: &Analysis) -> BTreeMap<&str, Vec<&ResourceAnalysis>> {
    let mut by_region: BTreeMap<&str, Vec<&ResourceAnalysis>> = BTreeMap::new();
    for r in &a.resources {
        by_region.entry(r.region.as_str()).or_default().push(r);
    }
    for list in by_region.values_mut() {
        list.sort_by(|x, y| {
            y.current
                .monthly_usd
                .total_cmp(&x.current.monthly_usd)
                .then_with(|| x.name.cmp(&y.name))
                .then_with(|| x.id.cmp(&y.id))
        });
    }
    by_region
}

/// The best alternative as the analysis defines it: among the fully priced ones, the
/// cheapest without a blocker, else the cheapest.
fn best_alternative(r: &ResourceAnalysis) -> Option<&Alternative> {
    let blocked = |a: &Alternative| a.gaps.iter().any(|g| g.impact == Impact::Blocker);
    r.alternatives
        .iter()
        .filter(|a| a.unpriced.is_empty())
        .min_by(|x, y| {
            blocked(x)
                .cmp(&blocked(y))
                .then(x.monthly_usd.total_cmp(&y.monthly_usd))
        })
}

/// The alternative the crossover volume was computed against, which the cost chart plots.
fn crossover_alternative(r: &ResourceAnalysis) -> Option<&Alternative> {
    r.crossover
        .as_ref()
        .and_then(|c| r.alternatives.iter().find(|a| a.kind == c.against))
}

/// "a REST API", "an ALB", "an HTTP API": initialisms read letter by letter take "an".
fn with_article(label: &str) -> String {
    if label.starts_with("ALB") || label.starts_with("HTTP") {
        format!("an {label}")
    } else {
        format!("a {label}")
    }
}

/// Resources whose recommendation is something to do, largest saving first, at most
/// [`CHARTED_RESOURCES`].
fn charted(a: &Analysis) -> Vec<&str> {
    let mut of_interest: Vec<&ResourceAnalysis> = a
        .resources
        .iter()
        .filter(|r| r.recommendation.action != Action::Keep)
        .collect();
    of_interest.sort_by(|x, y| {
        y.recommendation
            .savings_monthly_usd
            .total_cmp(&x.recommendation.savings_monthly_usd)
            .then_with(|| y.current.monthly_usd.total_cmp(&x.current.monthly_usd))
            .then_with(|| x.name.cmp(&y.name))
    });
    of_interest
        .into_iter()
        .take(CHARTED_RESOURCES)
        .map(|r| r.id.as_str())
        .collect()
}

// --------------------------------------------------------------- sections ------------

fn title(doc: &mut Doc, a: &Analysis) {
    let accounts = match a.account_ids.len() {
        0 => "no account".to_owned(),
        n if n <= TITLE_ACCOUNTS => {
            let names: Vec<String> = a.account_ids.iter().map(|id| name(id)).collect();
            format!(
                "{} {}",
                if n == 1 { "account" } else { "accounts" },
                names.join(", ")
            )
        }
        n => format!("{n} accounts"),
    };
    // The window ends at a whole hour, exclusive: its last day is the day of the hour before.
    let last_day = a.window.end - chrono::TimeDelta::seconds(1);
    doc.heading(
        1,
        &format!(
            "API entry layer costs: {accounts}, {} to {}",
            a.window.start.format("%Y-%m-%d"),
            last_day.format("%Y-%m-%d")
        ),
    );
    let regions: Vec<String> = a.coverage.regions.iter().map(|r| name(r)).collect();
    let days = f64::from(a.window.hours) / 24.0;
    let accounts_line = if a.account_ids.is_empty() {
        "none".to_owned()
    } else {
        a.account_ids
            .iter()
            .map(|id| name(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    doc.list([
        format!("**Accounts:** {accounts_line}"),
        format!(
            "**Regions:** {}",
            if regions.is_empty() {
                "none".to_owned()
            } else {
                regions.join(", ")
            }
        ),
        format!(
            "**Window:** {} to {} UTC ({} hours, {} days), scaled to a {}-hour month",
            a.window.start.format("%Y-%m-%d %H:%M"),
            a.window.end.format("%Y-%m-%d %H:%M"),
            count(f64::from(a.window.hours)),
            quantity(days),
            quantity(a.hours_per_month)
        ),
        format!(
            "**Prices:** {} price book, prices as of {}",
            name(&a.prices.source),
            name(&a.prices.as_of)
        ),
        format!(
            "**Data collected:** {} UTC",
            a.generated_at.format("%Y-%m-%d %H:%M")
        ),
    ]);
}

fn summary(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Summary");
    let s = &a.summary;
    let mut t = Table::new(&[("Monthly cost", Align::Left), ("USD", Align::Right)]);
    t.row(vec![
        "Today".to_owned(),
        format!("**{}**", money(s.current_monthly_usd)),
    ]);
    t.row(vec![
        "With every recommendation applied".to_owned(),
        money(s.recommended_monthly_usd),
    ]);
    t.row(vec![
        "Savings".to_owned(),
        format!(
            "**{}** ({})",
            money(s.savings_monthly_usd),
            percent(s.savings_monthly_usd, s.current_monthly_usd)
        ),
    ]);
    doc.table(&t);

    let mut savings_by_action: HashMap<Action, f64> = HashMap::new();
    for r in &a.resources {
        *savings_by_action
            .entry(r.recommendation.action)
            .or_default() += r.recommendation.savings_monthly_usd;
    }
    let mut t = Table::new(&[
        ("Recommendation", Align::Left),
        ("Resources", Align::Right),
        ("Savings per month", Align::Right),
    ]);
    for action in ACTION_ORDER {
        if let Some(n) = s.resources_by_action.get(action.as_str()) {
            t.row(vec![
                action_label(action).to_owned(),
                count(*n as f64),
                money(savings_by_action.get(&action).copied().unwrap_or(0.0)),
            ]);
        }
    }
    // Actions this renderer does not know still count: show them under their own code.
    for (code, n) in &s.resources_by_action {
        if action_from_code(code).is_none() {
            t.row(vec![cell(code), count(*n as f64), "–".to_owned()]);
        }
    }
    if t.is_empty() {
        doc.block("No API Gateway API or Application Load Balancer was found in the regions read.");
    } else {
        doc.block(&format!(
            "{} resources, by recommendation:",
            count(a.resources.len() as f64)
        ));
        doc.table(&t);
    }

    if s.per_account.len() > 1 {
        let mut t = Table::new(&[
            ("Account", Align::Left),
            ("Today", Align::Right),
            ("Recommended", Align::Right),
            ("Savings", Align::Right),
        ]);
        for (account, acc) in &s.per_account {
            t.row(vec![
                name(account),
                money(acc.current_monthly_usd),
                money(acc.recommended_monthly_usd),
                money(acc.savings_monthly_usd),
            ]);
        }
        doc.table(&t);
    }

    let mut warnings = Vec::new();
    if !a.coverage.gaps.is_empty() {
        warnings.push(format!(
            "**Coverage is incomplete:** {} call(s) failed, so some resources or figures may be missing (see [Coverage](#coverage)).",
            count(a.coverage.gaps.len() as f64)
        ));
    }
    if !a.data_quality.is_empty() {
        warnings.push(format!(
            "**{} data-quality note(s)** qualify some figures (see [Data quality](#data-quality)).",
            count(a.data_quality.len() as f64)
        ));
    }
    if !warnings.is_empty() {
        let quoted: Vec<String> = warnings.iter().map(|w| format!("> {w}")).collect();
        doc.block(&quoted.join("\n>\n"));
    }
}

fn opportunities(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Top opportunities");
    let mut top: Vec<&ResourceAnalysis> = a
        .resources
        .iter()
        .filter(|r| r.recommendation.savings_monthly_usd > 0.0)
        .collect();
    top.sort_by(|x, y| {
        y.recommendation
            .savings_monthly_usd
            .total_cmp(&x.recommendation.savings_monthly_usd)
            .then_with(|| x.name.cmp(&y.name))
            .then_with(|| x.id.cmp(&y.id))
    });
    if top.is_empty() {
        doc.block("No resource has a saving worth acting on.");
        return;
    }
    let mut t = Table::new(&[
        ("Savings per month", Align::Right),
        ("Action", Align::Left),
        ("Target", Align::Left),
        ("Resource", Align::Left),
        ("Reason", Align::Left),
    ]);
    for r in top.iter().take(TOP_OPPORTUNITIES) {
        t.row(vec![
            money(r.recommendation.savings_monthly_usd),
            action_label(r.recommendation.action).to_owned(),
            target_label(r.recommendation.target).to_owned(),
            resource_title(a, r),
            cell(&r.recommendation.reason),
        ]);
    }
    doc.table(&t);
    if top.len() > TOP_OPPORTUNITIES {
        doc.block(&format!(
            "{} more resource(s) have a smaller saving; the tables below list them all.",
            count((top.len() - TOP_OPPORTUNITIES) as f64)
        ));
    }
}

fn regions(doc: &mut Doc, a: &Analysis, ordered: &BTreeMap<&str, Vec<&ResourceAnalysis>>) {
    doc.heading(2, "Resources by region");
    if ordered.is_empty() {
        doc.block("No resource was found.");
        return;
    }
    let accounts = a.account_ids.len() > 1;
    for (region, list) in ordered {
        let today: f64 = list.iter().map(|r| r.current.monthly_usd).sum();
        let savings: f64 = list
            .iter()
            .map(|r| r.recommendation.savings_monthly_usd)
            .sum();
        doc.heading(3, &name(region));
        doc.block(&format!(
            "{} resource(s), {} a month today, {} of it saved by the recommendations.",
            count(list.len() as f64),
            money(today),
            money(savings)
        ));
        let mut columns = vec![("Resource", Align::Left), ("Kind", Align::Left)];
        if accounts {
            columns.push(("Account", Align::Left));
        }
        columns.extend([
            ("Requests per month", Align::Right),
            ("Today per month", Align::Right),
            ("Best alternative per month", Align::Right),
            ("Action", Align::Left),
        ]);
        let mut t = Table::new(&columns);
        for r in list {
            let mut row = vec![shown_name(a, r), r.kind.label().to_owned()];
            if accounts {
                row.push(name(&r.account_id));
            }
            row.push(count(r.usage.requests_monthly));
            row.push(money(r.current.monthly_usd));
            row.push(match best_alternative(r) {
                Some(alt) => format!("{} ({})", money(alt.monthly_usd), alt.kind.label()),
                None => "–".to_owned(),
            });
            row.push(action_phrase(&r.recommendation));
            t.row(row);
        }
        doc.table(&t);
    }
}

fn details(doc: &mut Doc, a: &Analysis, ordered: &BTreeMap<&str, Vec<&ResourceAnalysis>>) {
    if ordered.is_empty() {
        return;
    }
    doc.heading(2, "Resource details");
    let charted = charted(a);
    for list in ordered.values() {
        for r in list {
            resource(doc, a, r, charted.contains(&r.id.as_str()));
        }
    }
}

fn resource(doc: &mut Doc, a: &Analysis, r: &ResourceAnalysis, charts: bool) {
    doc.heading(3, &resource_title(a, r));
    doc.block(&format!(
        "{} in account {}, {}. Id: {}",
        r.kind.label(),
        name(&r.account_id),
        name(&r.region),
        text(&r.id)
    ));
    let rec = &r.recommendation;
    let mut verdict = format!("**Recommendation: {}**", action_phrase(rec));
    if rec.savings_monthly_usd > 0.0 {
        verdict.push_str(&format!(
            ", saving **{}** a month",
            money(rec.savings_monthly_usd)
        ));
    }
    verdict.push_str(&format!(". {}", text(&rec.reason)));
    doc.block(&verdict);
    if !r.linked.is_empty() {
        let linked: Vec<String> = r.linked.iter().map(|l| name(l)).collect();
        doc.block(&format!(
            "Chained (through a VPC link) with: {}.",
            linked.join(", ")
        ));
    }

    usage(doc, r);

    doc.block(&format!(
        "**Cost today: {} a month**",
        money(r.current.monthly_usd)
    ));
    cost_lines(doc, &r.current.lines, r.current.monthly_usd);
    unpriced(doc, &r.current.unpriced);

    for alt in &r.alternatives {
        alternative(doc, alt);
    }
    if r.alternatives.is_empty() {
        doc.block("No alternative was priced for this resource.");
    }

    crossover_and_trend(doc, r);
    if charts {
        resource_charts(doc, a, r);
    }
}

fn usage(doc: &mut Doc, r: &ResourceAnalysis) {
    let u = &r.usage;
    let n = noun(r.kind);
    let mut t = Table::new(&[("Usage", Align::Left), ("Value", Align::Right)]);
    t.row(vec![format!("{n} per month"), count(u.requests_monthly)]);
    t.row(vec![
        format!("{n} per day (mean)"),
        count(u.requests_per_day),
    ]);
    t.row(vec![format!("{n} in the window"), count(u.requests_window)]);
    if let Some(b) = u.bytes_monthly {
        t.row(vec!["bytes per month".to_owned(), bytes(b)]);
    }
    t.row(vec![
        format!("peak hour ({n})"),
        match u.peak_hour {
            Some(at) => format!(
                "{} at {} UTC",
                count(u.peak_hour_requests),
                at.format("%Y-%m-%d %H:%M")
            ),
            None => "no traffic".to_owned(),
        },
    ]);
    doc.table(&t);
    if !u.has_data {
        doc.block("CloudWatch returned no datapoint for any of this resource's metrics over the window: it is counted as idle, which a missing metric can also cause (see [Data quality](#data-quality)).");
    }
}

fn cost_lines(doc: &mut Doc, lines: &[Line], total: f64) {
    let mut t = Table::new(&[
        ("Item", Align::Left),
        ("Quantity", Align::Right),
        ("Unit", Align::Left),
        ("Unit price", Align::Right),
        ("Per month", Align::Right),
    ]);
    for l in lines {
        t.row(vec![
            cell(&l.item),
            quantity(l.quantity),
            cell(&l.unit),
            unit_price(l.unit_price_usd),
            money(l.monthly_usd),
        ]);
    }
    t.row(vec![
        "**Total**".to_owned(),
        String::new(),
        String::new(),
        String::new(),
        format!("**{}**", money(total)),
    ]);
    doc.table(&t);
}

fn unpriced(doc: &mut Doc, items: &[String]) {
    if !items.is_empty() {
        let items: Vec<String> = items.iter().map(|i| text(i)).collect();
        doc.block(&format!(
            "**Not priced:** the price book has no price in this region for {}; the total leaves it out.",
            items.join(", ")
        ));
    }
}

fn alternative(doc: &mut Doc, alt: &Alternative) {
    let range = if alt.low_monthly_usd == alt.high_monthly_usd {
        String::new()
    } else {
        format!(
            " (range {} to {} between the 10th and 90th percentile day)",
            money(alt.low_monthly_usd),
            money(alt.high_monthly_usd)
        )
    };
    doc.block(&format!(
        "**Alternative: {}, {} a month**{range}",
        alt.kind.label(),
        money(alt.monthly_usd)
    ));
    cost_lines(doc, &alt.lines, alt.monthly_usd);
    unpriced(doc, &alt.unpriced);
    if !alt.assumptions.is_empty() {
        doc.block("Assumptions:");
        doc.list(alt.assumptions.iter().map(|s| text(s)));
    }
    if alt.gaps.is_empty() {
        doc.block(&format!(
            "Feature gaps moving to {}: none detected.",
            alt.kind.label()
        ));
    } else {
        let mut gaps: Vec<_> = alt.gaps.iter().collect();
        gaps.sort_by(|x, y| {
            (x.impact != Impact::Blocker)
                .cmp(&(y.impact != Impact::Blocker))
                .then_with(|| x.feature.cmp(&y.feature))
        });
        let mut t = Table::new(&[
            ("Impact", Align::Left),
            ("Feature", Align::Left),
            ("Detail", Align::Left),
        ]);
        for g in gaps {
            t.row(vec![
                match g.impact {
                    Impact::Blocker => "**blocker**".to_owned(),
                    Impact::Workaround => "workaround".to_owned(),
                },
                cell(&g.feature),
                cell(&g.detail),
            ]);
        }
        doc.block(&format!("Feature gaps moving to {}:", alt.kind.label()));
        doc.table(&t);
    }
}

fn crossover_and_trend(doc: &mut Doc, r: &ResourceAnalysis) {
    let n = noun(r.kind);
    let today = r.usage.requests_monthly;
    let mut words = Vec::new();
    if let Some(c) = &r.crossover {
        let other = c.against.label();
        let current = r.kind.label();
        let cheaper_below = code_label(&c.cheaper_below);
        let cheaper_above = if c.cheaper_below == c.against.as_str() {
            current.to_owned()
        } else {
            other.to_owned()
        };
        match c.requests_monthly {
            Some(x) => words.push(format!(
                "**Crossover:** today's {current} and {} cost the same at **{} {n} a month** ({} today's volume); below it the {cheaper_below} is cheaper, above it the {cheaper_above}.",
                with_article(other),
                count(x),
                ratio(if today > 0.0 { x / today } else { f64::NAN })
            )),
            None if today > 0.0 => {
                let (cheap, dear) = if c.cheaper_below == c.against.as_str() {
                    (with_article(other), format!("today's {current}"))
                } else {
                    (format!("today's {current}"), with_article(other))
                };
                words.push(format!(
                    "**Crossover:** none between a thousandth and ten thousand times today's volume: {cheap} stays cheaper than {dear} throughout."
                ))
            }
            None => words.push(format!(
                "**Crossover:** no traffic in the window, so no crossover volume against {}.",
                with_article(other)
            )),
        }
    }
    if !words.is_empty() {
        doc.block(&words.join(" "));
    }
    let idle = r.trend.as_ref().is_some_and(|t| {
        today == 0.0
            && t.projected_requests_monthly_3m == 0.0
            && t.projected_requests_monthly_6m == 0.0
            && t.projected_requests_monthly_12m == 0.0
    });
    if idle {
        doc.block(&format!(
            "**Trend:** no {n} in the window, so nothing to project."
        ));
    } else if let Some(t) = &r.trend {
        let slope = if t.daily_slope.abs() < 0.5 {
            "are flat".to_owned()
        } else if t.daily_slope > 0.0 {
            format!("grow by {} a day", count(t.daily_slope))
        } else {
            format!("fall by {} a day", count(-t.daily_slope))
        };
        doc.block(&format!(
            "**Trend:** daily {n} {slope} (least-squares slope over the window). Projected {n} per month, if the slope holds:"
        ));
        let mut table = Table::new(&[
            ("Horizon", Align::Left),
            ("Per month", Align::Right),
            ("Change from today", Align::Right),
        ]);
        table.row(vec!["today".to_owned(), count(today), "–".to_owned()]);
        for (label, v) in [
            ("in 3 months", t.projected_requests_monthly_3m),
            ("in 6 months", t.projected_requests_monthly_6m),
            ("in 12 months", t.projected_requests_monthly_12m),
        ] {
            table.row(vec![
                label.to_owned(),
                count(v),
                if today > 0.0 {
                    let change = (v - today) / today * 100.0;
                    format!("{}%", signed_count(change))
                } else {
                    "–".to_owned()
                },
            ]);
        }
        doc.table(&table);
        let reached = r.crossover.as_ref().and_then(|c| c.requests_monthly).map(|_| {
            if t.crossover_within_12m {
                "At this trend the crossover volume is **reached within 12 months**: the cheaper option changes."
            } else {
                "At this trend the crossover volume is not reached within 12 months."
            }
        });
        if let Some(s) = reached {
            doc.block(s);
        }
    } else {
        doc.block("**Trend:** under two days of data, so no trend.");
    }
}

fn resource_charts(doc: &mut Doc, a: &Analysis, r: &ResourceAnalysis) {
    let n = noun(r.kind);
    match charts::daily_requests(r, &a.window, n) {
        Some(chart) => {
            doc.block(&format!("Daily {n} over the window:"));
            doc.mermaid(&chart);
        }
        None if r.usage.daily_requests.len() >= 2 => {
            doc.block(&format!("No daily chart: no {n} on any day of the window."));
        }
        None => doc.block("No daily chart: the window is under two days."),
    }
    let Some(alt) = crossover_alternative(r).or_else(|| best_alternative(r)) else {
        return;
    };
    let current = r.kind.label();
    match charts::cost_vs_volume(r, alt, current, alt.kind.label(), n) {
        Some(chart) => {
            let mut caption = format!(
                "Monthly cost against monthly {n}: bars are today's {current}, the line {}. Each point is a volume at which the report's own figures fix both costs exactly ({}); the volume axis is not to scale, and the straight segments between points are not priced.",
                with_article(alt.kind.label()),
                point_words(&chart.points)
            );
            if !chart.crossover_plotted {
                if let Some(x) = r.crossover.as_ref().and_then(|c| c.requests_monthly) {
                    caption.push_str(&format!(
                        " The crossover at {} {n} a month is not plotted: both sides have tiered prices, so its cost is not in the report.",
                        short_volume(x)
                    ));
                }
            }
            doc.block(&caption);
            doc.mermaid(&chart.mermaid);
        }
        None => {
            if r.usage.requests_monthly > 0.0 {
                doc.block("No cost-by-volume chart: the report's figures do not fix both costs at more than one volume.");
            }
        }
    }
}

fn point_words(points: &[String]) -> String {
    let words: Vec<&str> = points
        .iter()
        .map(|p| match p.as_str() {
            "none" => "no traffic: fixed charges only",
            "today" => "today's volume",
            "p10 day" => "the 10th percentile day as a month",
            "p90 day" => "the 90th percentile day as a month",
            "crossover" => "the crossover, where both cost the same",
            _ => "a priced volume",
        })
        .collect();
    words.join("; ")
}

fn methodology(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Methodology and assumptions");
    doc.block("Costs are on-demand list prices in USD per month, computed from each resource's hourly CloudWatch usage over the window. Every estimate rests on these assumptions; each alternative in the resource details lists the ones specific to it.");
    doc.list(a.assumptions.iter().map(|s| text(s)));
    doc.block(&format!(
        "Charts are drawn for at most {CHARTED_RESOURCES} resources whose recommendation is not to keep them, largest saving first. A cost-by-volume chart plots only volumes at which the report fixes both costs exactly: with no traffic (fixed charges), today, the 10th and 90th percentile days where today's service is priced linearly (ALB), and the crossover. API Gateway request prices are tiered, so a straight line between two points is not the cost in between."
    ));
}

fn note_label(code: &str) -> String {
    match code {
        "lcu-cross-check" => "LCU cross-check".to_owned(),
        "no-metrics" => "Missing metrics".to_owned(),
        "rest-name-collision" => "REST API name collision".to_owned(),
        other => cell(other),
    }
}

fn data_quality(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Data quality");
    if a.data_quality.is_empty() {
        doc.block("No data-quality issue was found: every figure comes from complete series.");
        return;
    }
    let resources = |n: &DataNote| -> String {
        let shown: Vec<String> = n.resources.iter().map(|id| resource_ref(a, id)).collect();
        shown.join(", ")
    };
    let mut t = Table::new(&[
        ("Note", Align::Left),
        ("Account", Align::Left),
        ("Region", Align::Left),
        ("Resources", Align::Left),
        ("Detail", Align::Left),
    ]);
    let mut notes: Vec<&DataNote> = a.data_quality.iter().collect();
    notes.sort();
    for n in notes {
        t.row(vec![
            note_label(&n.code),
            name(&n.account_id),
            name(&n.region),
            resources(n),
            cell(&n.detail),
        ]);
    }
    doc.table(&t);
}

fn coverage(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Coverage");
    let regions: Vec<String> = a.coverage.regions.iter().map(|r| name(r)).collect();
    doc.block(&format!(
        "Regions read: {}.",
        if regions.is_empty() {
            "none".to_owned()
        } else {
            regions.join(", ")
        }
    ));
    doc.block(&scan_cost(a.scan.as_ref()));
    if a.coverage.gaps.is_empty() {
        doc.block("Every call succeeded: the inventory and the metrics are complete.");
        return;
    }
    doc.block(&format!(
        "{} call(s) could not be completed; what they would have read is missing from this report:",
        count(a.coverage.gaps.len() as f64)
    ));
    let mut t = Table::new(&[
        ("Account", Align::Left),
        ("Region", Align::Left),
        ("Service", Align::Left),
        ("Operation", Align::Left),
        ("Error", Align::Left),
        ("Detail", Align::Left),
    ]);
    for g in &a.coverage.gaps {
        let mut detail = cell(&g.message);
        if let Some(id) = &g.resource {
            let shown = resource_ref(a, id);
            detail = if g.message.is_empty() {
                format!("resource {shown}")
            } else {
                format!("{detail} (resource {shown})")
            };
        }
        t.row(vec![
            name(&g.account_id),
            name(&g.region),
            name(&g.service),
            name(&g.operation),
            name(&g.error),
            detail,
        ]);
    }
    doc.table(&t);
}

/// The scan's own CloudWatch cost in one sentence, plus what it leaves out.
fn scan_cost(scan: Option<&ScanCost>) -> String {
    let Some(scan) = scan else {
        return "The snapshot does not record how many metrics the scan requested from CloudWatch (it was written by an earlier crossover, or merged with such a snapshot), so the scan's own CloudWatch cost is not known.".to_owned();
    };
    if scan.metrics_requested == 0 {
        return "The scan requested no metric from CloudWatch GetMetricData, so reading the usage cost nothing.".to_owned();
    }
    let plural = |n: u64, one: &str, many: &str| {
        format!("{} {}", count(n as f64), if n == 1 { one } else { many })
    };
    let mut out = format!(
        "The scan itself cost {} in CloudWatch charges, once ({} requested from GetMetricData in {}, priced at each region's rate); it is not part of the monthly figures.",
        money_or_under_a_cent(scan.cloudwatch_usd),
        plural(scan.metrics_requested, "metric", "metrics"),
        plural(scan.getmetricdata_calls, "call", "calls")
    );
    if !scan.unpriced_regions.is_empty() {
        let unpriced = scan.unpriced_metrics();
        let regions: Vec<String> = scan.unpriced_regions.iter().map(|r| name(r)).collect();
        out.push_str(&format!(
            " The price book has no GetMetricData rate for {}, so the {} requested there {} left out.",
            regions.join(", "),
            plural(unpriced, "metric", "metrics"),
            if unpriced == 1 { "is" } else { "are" }
        ));
    }
    out
}

#[cfg(test)]
mod tests;
