//! The FinOps report in Markdown: written for someone who owns the bill, not the stack, and
//! rendered where such reports are read (GitHub, GitLab, a wiki). Charts are Mermaid blocks,
//! which both render natively.

mod charts;
pub(super) mod format;
mod reconcile;

use std::collections::{BTreeMap, HashMap};

use crate::analyze::{
    Action, Alternative, Analysis, Effort, Impact, Line, Recommendation, ResourceAnalysis,
    ScanCost, Target,
};
use crate::model::{DataNote, ResourceKind};

use super::{Details, Options};
use format::{
    bytes, cell, count, html, money, money_or_under_a_cent, name, percent, quantity, ratio,
    short_volume, signed_count, text, unit_price, whole_money, Align, Table, NAME_MAX_CHARS,
};

/// Rows of the top-opportunities table.
const TOP_OPPORTUNITIES: usize = 10;

/// Resources that get charts: a chart per resource is what makes a report long, and past ten
/// the reader is better served by the tables.
const CHARTED_RESOURCES: usize = 10;

/// Accounts named in the title before it says "N accounts" instead.
const TITLE_ACCOUNTS: usize = 3;

/// Accounts listed in the header: an organization's hundreds would fill the first screen.
const HEADER_ACCOUNTS: usize = 10;

pub fn render(analysis: &Analysis) -> String {
    render_with(analysis, &Options::default())
}

/// The decisions first (today's spend and its split, the savings, the top opportunities with
/// their payback), then everything else, shortest first: groups, data quality, coverage,
/// methodology, one row per resource, and the full detail of the top resources by saving.
pub fn render_with(analysis: &Analysis, options: &Options) -> String {
    let mut doc = Doc {
        out: String::new(),
        names: Names::new(analysis),
    };
    let ordered = ordered_resources(analysis);
    let detailed = detailed(analysis, options.details);
    title(&mut doc, analysis);
    summary(&mut doc, analysis);
    reconcile::section(&mut doc, analysis);
    opportunities(&mut doc, analysis);
    groups(&mut doc, analysis);
    data_quality(&mut doc, analysis);
    coverage(&mut doc, analysis);
    methodology(&mut doc, analysis);
    regions(&mut doc, analysis, &ordered, &detailed);
    details(&mut doc, analysis, &detailed);
    doc.out
}

/// Markdown under construction: blocks separated by exactly one blank line.
#[derive(Default)]
struct Doc {
    out: String,
    names: Names,
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

fn action_rank(action: Action) -> usize {
    ACTION_ORDER
        .iter()
        .position(|a| *a == action)
        .unwrap_or(ACTION_ORDER.len())
}

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

fn resource_title(names: &Names, r: &ResourceAnalysis) -> String {
    format!(
        "{} ({}, {})",
        names.shown(r),
        r.kind.label(),
        name(&r.region)
    )
}

/// How the report names resources, worked out once: a report of ten thousand resources
/// cannot look for namesakes among all of them for every row.
#[derive(Default)]
struct Names {
    /// (region, name) pairs that more than one resource has.
    shared: std::collections::HashSet<(String, String)>,
    /// id → shown name.
    by_id: HashMap<String, String>,
}

impl Names {
    fn new(a: &Analysis) -> Names {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for r in &a.resources {
            *seen.entry((&r.region, &r.name)).or_default() += 1;
        }
        let shared = seen
            .into_iter()
            .filter(|(_, n)| *n > 1)
            .map(|((region, n), _)| (region.to_owned(), n.to_owned()))
            .collect();
        let mut names = Names {
            shared,
            by_id: HashMap::new(),
        };
        for r in &a.resources {
            let shown = names.shown(r);
            names.by_id.entry(r.id.clone()).or_insert(shown);
        }
        names
    }

    /// The name, and where another resource of the region has the same one (REST APIs
    /// often do), the short id that tells them apart.
    fn shown(&self, r: &ResourceAnalysis) -> String {
        if self.shared.contains(&(r.region.clone(), r.name.clone())) {
            format!("{} · {}", name(&r.name), name(short_id(&r.id)))
        } else {
            name(&r.name)
        }
    }

    /// A resource named by id in a note or a gap: its shown name when the report has it.
    fn by_id(&self, id: &str) -> String {
        self.by_id.get(id).cloned().unwrap_or_else(|| name(id))
    }
}

/// A resource named by id outside the per-resource sections (the reconciliation): its shown
/// name when the report has it.
fn resource_ref(a: &Analysis, id: &str) -> String {
    Names::new(a).by_id(id)
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

/// Per account and region (sorted), the resources by today's cost, largest first, then by
/// name.
fn ordered_resources(a: &Analysis) -> BTreeMap<(&str, &str), Vec<&ResourceAnalysis>> {
    let mut by_region: BTreeMap<(&str, &str), Vec<&ResourceAnalysis>> = BTreeMap::new();
    for r in &a.resources {
        by_region
            .entry((r.account_id.as_str(), r.region.as_str()))
            .or_default()
            .push(r);
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

/// Detailed resources whose recommendation is something to do, largest saving first, at
/// most [`CHARTED_RESOURCES`].
fn charted<'a>(detailed: &[&'a ResourceAnalysis]) -> Vec<&'a str> {
    let mut of_interest: Vec<&ResourceAnalysis> = detailed
        .iter()
        .copied()
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
    let accounts_line = match a.account_ids.len() {
        0 => "none".to_owned(),
        n if n <= HEADER_ACCOUNTS => a
            .account_ids
            .iter()
            .map(|id| name(id))
            .collect::<Vec<_>>()
            .join(", "),
        n => format!(
            "{} accounts (the summary splits the spend by account; the JSON report lists them all)",
            count(n as f64)
        ),
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
    if a.resources.is_empty() {
        doc.block("No API Gateway API or Application Load Balancer was found in the regions read.");
        warnings(doc, a);
        return;
    }
    let mut by_action: BTreeMap<Action, ActionTotals> = BTreeMap::new();
    for r in &a.resources {
        let t = by_action.entry(r.recommendation.action).or_default();
        t.resources += 1;
        t.savings += r.recommendation.savings_monthly_usd;
        t.one_off += r.recommendation.one_off_usd.unwrap_or(0.0);
    }
    let review = by_action.get(&Action::Review);
    let mut headline = format!(
        "The API entry layer costs **{}** a month today across {} resources. The recommendations save **{}** a month ({}), leaving {}.",
        money(s.current_monthly_usd),
        count(a.resources.len() as f64),
        money(s.savings_monthly_usd),
        percent(s.savings_monthly_usd, s.current_monthly_usd),
        money(s.recommended_monthly_usd)
    );
    if let Some(r) = review.filter(|r| r.savings > 0.0) {
        headline.push_str(&format!(
            " Of that, {} a month is on **{} resource(s) to review** first: moves that need more workarounds than an ordinary migration, are chained with another resource, or do not pay back their one-off cost within the allowed months.",
            money(r.savings),
            count(r.resources as f64)
        ));
    }
    doc.block(&headline);

    spend_split(doc, a);

    let mut t = Table::new(&[
        ("Recommendation", Align::Left),
        ("Resources", Align::Right),
        ("Savings per month", Align::Right),
        ("One-off cost", Align::Right),
    ]);
    for action in ACTION_ORDER {
        if let Some(n) = s.resources_by_action.get(action.as_str()) {
            let totals = by_action.get(&action).cloned().unwrap_or_default();
            t.row(vec![
                action_label(action).to_owned(),
                count(*n as f64),
                money(totals.savings),
                if totals.one_off > 0.0 {
                    whole_money(totals.one_off)
                } else {
                    "–".to_owned()
                },
            ]);
        }
    }
    // Actions this renderer does not know still count: show them under their own code.
    for (code, n) in &s.resources_by_action {
        if action_from_code(code).is_none() {
            t.row(vec![
                cell(code),
                count(*n as f64),
                "–".to_owned(),
                "–".to_owned(),
            ]);
        }
    }
    doc.block("By recommendation (the one-off cost is the engineering effort of the moves, docs/effort.md):");
    doc.table(&t);
    let slices: Vec<(String, usize, f64)> = ACTION_ORDER
        .iter()
        .filter_map(|action| {
            let t = by_action.get(action)?;
            Some((action_label(*action).to_owned(), t.resources, t.savings))
        })
        .collect();
    if let Some(chart) = charts::pie("Monthly savings by action, USD", &slices) {
        doc.mermaid(&chart);
    }
    warnings(doc, a);
}

#[derive(Debug, Clone, Default)]
struct ActionTotals {
    resources: usize,
    savings: f64,
    one_off: f64,
}

/// Today's spend by service, region and account: a pie where a few slices read faster than
/// a table, a table (largest first, the tail summed) where there are many.
fn spend_split(doc: &mut Doc, a: &Analysis) {
    let total = a.summary.current_monthly_usd;
    let mut by_kind: BTreeMap<ResourceKind, (usize, f64)> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    let mut by_account: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for r in &a.resources {
        for e in [
            by_kind.entry(r.kind).or_default(),
            by_region.entry(&r.region).or_default(),
            by_account.entry(&r.account_id).or_default(),
        ] {
            e.0 += 1;
            e.1 += r.current.monthly_usd;
        }
    }
    let kinds: Vec<(String, usize, f64)> = by_kind
        .into_iter()
        .map(|(k, (n, usd))| (k.label().to_owned(), n, usd))
        .collect();
    if let Some(chart) = charts::pie("Today's spend by service, USD a month", &kinds) {
        doc.block("Today's spend by service:");
        doc.mermaid(&chart);
    }
    split_table(doc, "Service", kinds, total);
    if by_region.len() > 1 {
        let regions = by_region
            .into_iter()
            .map(|(r, (n, usd))| (name(r), n, usd))
            .collect();
        split_table(doc, "Region", regions, total);
    }
    if by_account.len() > 1 {
        let accounts = by_account
            .into_iter()
            .map(|(id, (n, usd))| (account_label(a, id), n, usd))
            .collect();
        split_table(doc, "Account", accounts, total);
    }
}

/// Rows of a split shown before the rest is summed into one.
const SPLIT_ROWS: usize = 8;

fn split_table(doc: &mut Doc, what: &str, mut rows: Vec<(String, usize, f64)>, total: f64) {
    rows.sort_by(|x, y| y.2.total_cmp(&x.2).then_with(|| x.0.cmp(&y.0)));
    let mut t = Table::new(&[
        (what, Align::Left),
        ("Resources", Align::Right),
        ("Today per month", Align::Right),
        ("Share", Align::Right),
    ]);
    let shown = if rows.len() > SPLIT_ROWS + 1 {
        SPLIT_ROWS
    } else {
        rows.len()
    };
    for (label, n, usd) in &rows[..shown] {
        t.row(vec![
            label.clone(),
            count(*n as f64),
            money(*usd),
            percent(*usd, total),
        ]);
    }
    if rows.len() > shown {
        let rest = &rows[shown..];
        let n: usize = rest.iter().map(|r| r.1).sum();
        let usd: f64 = rest.iter().map(|r| r.2).sum();
        t.row(vec![
            format!("{} other(s)", count(rest.len() as f64)),
            count(n as f64),
            money(usd),
            percent(usd, total),
        ]);
    }
    doc.table(&t);
}

/// An account as a reader knows it: its name from Organizations where the snapshot has it.
fn account_label(a: &Analysis, id: &str) -> String {
    match a.account_names.get(id) {
        Some(n) => format!("{} ({})", name(n), name(id)),
        None => name(id),
    }
}

fn warnings(doc: &mut Doc, a: &Analysis) {
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
        ("One-off cost", Align::Right),
        ("Payback", Align::Right),
        ("Reason", Align::Left),
    ]);
    for r in top.iter().take(TOP_OPPORTUNITIES) {
        let (once, payback) = one_off_and_payback(&r.recommendation);
        t.row(vec![
            money(r.recommendation.savings_monthly_usd),
            action_label(r.recommendation.action).to_owned(),
            target_label(r.recommendation.target).to_owned(),
            resource_title(&doc.names, r),
            once,
            payback,
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

/// `--group-by`: subtotals and actions per group, with a pie of the spend.
fn groups(doc: &mut Doc, a: &Analysis) {
    let Some(by) = &a.group_by else {
        return;
    };
    doc.heading(2, &format!("Groups by {}", text(by)));
    let tag = by.strip_prefix("tag:");
    let label = |key: &Option<String>| match (key, tag) {
        (None, Some(tag)) => format!("(no {} tag)", text(tag)),
        (None, None) => "(none)".to_owned(),
        (Some(k), _) if by == "account" => account_label(a, k),
        (Some(k), _) if by == "kind" => {
            ResourceKind::from_code(k).map_or_else(|| name(k), |kind| kind.label().to_owned())
        }
        (Some(k), _) => name(k),
    };
    if a.groups.is_empty() {
        doc.block("No resource to group.");
        return;
    }
    let slices: Vec<(String, usize, f64)> = a
        .groups
        .iter()
        .map(|g| (label(&g.key), g.resources, g.current_monthly_usd))
        .collect();
    if let Some(chart) = charts::pie(&format!("Today's spend by {by}, USD a month"), &slices) {
        doc.mermaid(&chart);
    }
    let mut t = Table::new(&[
        ("Group", Align::Left),
        ("Resources", Align::Right),
        ("Today per month", Align::Right),
        ("Savings per month", Align::Right),
        ("Recommended per month", Align::Right),
        ("Actions", Align::Left),
    ]);
    for g in &a.groups {
        let actions: Vec<String> = ACTION_ORDER
            .iter()
            .filter_map(|action| {
                let n = g.resources_by_action.get(action.as_str())?;
                let saving = g
                    .savings_by_action
                    .get(action.as_str())
                    .filter(|s| **s > 0.0)
                    .map(|s| format!(" ({})", money(*s)))
                    .unwrap_or_default();
                Some(format!("{n} {}{saving}", action.as_str()))
            })
            .collect();
        t.row(vec![
            label(&g.key),
            count(g.resources as f64),
            money(g.current_monthly_usd),
            money(g.savings_monthly_usd),
            money(g.recommended_monthly_usd),
            actions.join(", "),
        ]);
    }
    doc.block(&format!(
        "{} group(s), largest spend first{}; the subtotals add up to the summary.",
        count(a.groups.len() as f64),
        if tag.is_some() {
            ", resources without the tag last"
        } else {
            ""
        }
    ));
    doc.table(&t);
}

/// A recommendation's one-off cost and payback as two cells ("–" where nothing moves).
fn one_off_and_payback(rec: &Recommendation) -> (String, String) {
    match rec.one_off_usd {
        Some(once) => (
            whole_money(once),
            match rec.payback_months {
                Some(p) => format!("{} months", quantity(p)),
                None => "never".to_owned(),
            },
        ),
        None => ("–".to_owned(), "–".to_owned()),
    }
}

/// Resources in the report before its region tables fold into collapsed sections.
const OPEN_TABLE_ROWS: usize = 50;

/// One row per resource, per account and region, largest cost first; in a long report each
/// table is a collapsed section whose summary carries its totals.
fn regions(
    doc: &mut Doc,
    a: &Analysis,
    ordered: &BTreeMap<(&str, &str), Vec<&ResourceAnalysis>>,
    detailed: &[&ResourceAnalysis],
) {
    doc.heading(2, "All resources");
    if ordered.is_empty() {
        doc.block("No resource was found.");
        return;
    }
    let fold = a.resources.len() > OPEN_TABLE_ROWS;
    let shown: std::collections::HashSet<&str> = detailed.iter().map(|r| r.id.as_str()).collect();
    let mut intro = "One row per resource, by account and region; in each, by action (named on the first row of its run), largest saving and then largest cost first. **Saving** is the recommendation's monthly saving".to_owned();
    if !shown.is_empty() && shown.len() < a.resources.len() {
        intro.push_str(&format!(
            "; resources in **bold** have full detail in [Resource details](#resource-details) (the top {} by saving; `--details` sets how many)",
            count(shown.len() as f64)
        ));
    }
    intro.push_str(". The JSON and CSV reports hold every figure of every resource.");
    doc.block(&intro);
    let accounts = a.account_ids.len() > 1;
    for ((account, region), list) in ordered {
        let today: f64 = list.iter().map(|r| r.current.monthly_usd).sum();
        let savings: f64 = list
            .iter()
            .map(|r| r.recommendation.savings_monthly_usd)
            .sum();
        let place = if accounts {
            format!("{} · {}", account_label(a, account), name(region))
        } else {
            name(region)
        };
        let place_html = {
            let region = html(region, NAME_MAX_CHARS);
            match (accounts, a.account_names.get(*account)) {
                (false, _) => region,
                (true, Some(n)) => format!(
                    "{} ({}) · {region}",
                    html(n, NAME_MAX_CHARS),
                    html(account, NAME_MAX_CHARS)
                ),
                (true, None) => format!("{} · {region}", html(account, NAME_MAX_CHARS)),
            }
        };
        let totals = format!(
            "{} resource(s), {} a month today, {} saved",
            count(list.len() as f64),
            money(today),
            money(savings)
        );
        if fold {
            doc.block(&format!(
                "<details><summary><b>{place_html}</b>: {totals}</summary>"
            ));
        } else {
            doc.heading(3, &place);
            doc.block(&format!("{totals}."));
        }
        let mut t = Table::new(&[
            ("Resource", Align::Left),
            ("Kind", Align::Left),
            ("Today, USD", Align::Right),
            ("Saving, USD", Align::Right),
            ("Action", Align::Left),
        ]);
        // By action in the order a reader acts on them, the largest saving, then cost, first;
        // the action is named on the first row of its run (a blank cell repeats it), which
        // keeps ten thousand rows inside the size a Markdown viewer renders.
        let mut list = list.clone();
        list.sort_by(|x, y| {
            action_rank(x.recommendation.action)
                .cmp(&action_rank(y.recommendation.action))
                .then(
                    y.recommendation
                        .savings_monthly_usd
                        .total_cmp(&x.recommendation.savings_monthly_usd),
                )
                .then(y.current.monthly_usd.total_cmp(&x.current.monthly_usd))
                .then_with(|| x.name.cmp(&y.name))
                .then_with(|| x.id.cmp(&y.id))
        });
        let mut previous: Option<String> = None;
        for r in list {
            let action = short_action(&r.recommendation);
            let shown_action = if previous.as_deref() == Some(action.as_str()) {
                String::new()
            } else {
                action.clone()
            };
            previous = Some(action);
            let shown_name = doc.names.shown(r);
            t.row(vec![
                if shown.contains(r.id.as_str()) && shown.len() < a.resources.len() {
                    format!("**{shown_name}**")
                } else {
                    shown_name
                },
                short_kind(r.kind).to_owned(),
                bare_money(r.current.monthly_usd),
                if r.recommendation.savings_monthly_usd > 0.0 {
                    bare_money(r.recommendation.savings_monthly_usd)
                } else {
                    String::new()
                },
                shown_action,
            ]);
        }
        doc.block(&t.render_compact());
        if fold {
            doc.block("</details>");
        }
    }
}

/// A kind in a one-row-per-resource table, where every byte is paid ten thousand times.
fn short_kind(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Alb => "ALB",
        ResourceKind::RestApi => "REST",
        ResourceKind::HttpApi => "HTTP",
        ResourceKind::WebsocketApi => "WS",
    }
}

/// `migrate→HTTP`, `review→ALB`, `keep`.
fn short_action(rec: &Recommendation) -> String {
    let action = rec.action.as_str();
    match (rec.action, rec.target) {
        (Action::Migrate | Action::Review | Action::FrontWithApi, Some(t)) => {
            format!("{action}→{}", short_kind(t.kind()))
        }
        _ => action.to_owned(),
    }
}

/// `1,234.56`: money in a column whose header says USD.
fn bare_money(usd: f64) -> String {
    let m = money(usd);
    m.replacen('$', "", 1)
}

/// The resources that get full detail: the top `details` by saving, then by today's cost.
fn detailed(a: &Analysis, details: Details) -> Vec<&ResourceAnalysis> {
    let mut all: Vec<&ResourceAnalysis> = a.resources.iter().collect();
    all.sort_by(|x, y| {
        y.recommendation
            .savings_monthly_usd
            .total_cmp(&x.recommendation.savings_monthly_usd)
            .then_with(|| y.current.monthly_usd.total_cmp(&x.current.monthly_usd))
            .then_with(|| x.name.cmp(&y.name))
            .then_with(|| x.id.cmp(&y.id))
    });
    if let Details::Top(n) = details {
        all.truncate(n);
    }
    all
}

fn details(doc: &mut Doc, a: &Analysis, detailed: &[&ResourceAnalysis]) {
    if detailed.is_empty() {
        return;
    }
    doc.heading(2, "Resource details");
    if detailed.len() < a.resources.len() {
        doc.block(&format!(
            "The {} resources with the largest saving (then the largest cost), largest first; `--details N` or `--details all` shows more.",
            count(detailed.len() as f64)
        ));
    } else {
        doc.block("Every resource, largest saving (then largest cost) first.");
    }
    let charted = charted(detailed);
    for r in detailed {
        resource(doc, a, r, charted.contains(&r.id.as_str()));
    }
}

fn resource(doc: &mut Doc, a: &Analysis, r: &ResourceAnalysis, charts: bool) {
    let title = resource_title(&doc.names, r);
    doc.heading(3, &title);
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

    // The figures behind the verdict, folded: GitHub and GitLab open them on a click.
    doc.block("<details><summary>Usage, cost lines, alternatives with their effort and feature gaps, crossover and trend</summary>");
    usage(doc, r);

    doc.block(&format!(
        "**Cost today: {} a month**",
        money(r.current.monthly_usd)
    ));
    cost_lines(doc, &r.current.lines, r.current.monthly_usd);
    unpriced(doc, &r.current.unpriced);

    for alt in &r.alternatives {
        // An alternative dearer than today is no option: one line with its gaps says why,
        // and the JSON report keeps its bill.
        if alt.unpriced.is_empty() && alt.monthly_usd > r.current.monthly_usd {
            dearer_alternative(doc, alt, r.current.monthly_usd);
        } else {
            alternative(doc, alt);
        }
    }
    if r.alternatives.is_empty() {
        doc.block("No alternative was priced for this resource.");
    }

    crossover_and_trend(doc, r);
    doc.block("</details>");
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
    doc.block(&t.render_compact());
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
    doc.block(&t.render_compact());
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
    if let Some(e) = &alt.effort {
        effort(doc, alt.kind, e);
    }
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
        doc.block(&t.render_compact());
    }
}

fn dearer_alternative(doc: &mut Doc, alt: &Alternative, today: f64) {
    let mut gaps: Vec<_> = alt.gaps.iter().collect();
    gaps.sort_by(|x, y| (x.impact, &x.feature).cmp(&(y.impact, &y.feature)));
    let gaps: Vec<String> = gaps
        .iter()
        .map(|g| format!("`{}` ({})", cell(&g.feature), g.impact.as_str()))
        .collect();
    doc.block(&format!(
        "**Alternative: {}, {} a month**, {} more than today: no saving, so in brief (its bill is in the JSON report). Feature gaps: {}.",
        alt.kind.label(),
        money(alt.monthly_usd),
        money(alt.monthly_usd - today),
        if gaps.is_empty() {
            "none detected".to_owned()
        } else {
            gaps.join(", ")
        }
    ));
}

fn effort(doc: &mut Doc, to: Target, e: &Effort) {
    let days = |lo: f64, hi: f64| {
        if lo == hi {
            quantity(lo)
        } else {
            format!("{}–{}", quantity(lo), quantity(hi))
        }
    };
    let parts: Vec<String> = e
        .items
        .iter()
        .map(|i| {
            let what = if i.item == "base" {
                "the move itself".to_owned()
            } else {
                format!("`{}`", cell(&i.item))
            };
            format!("{what} {}", days(i.days_low, i.days_high))
        })
        .collect();
    let payback = match e.payback_months {
        Some(p) => format!("paid back in **{} months**", quantity(p)),
        None => "never paid back (it saves nothing)".to_owned(),
    };
    doc.block(&format!(
        "Moving to {} takes {} engineer days ({}): about **{}** once at {} a day ({} to {}), {payback}.",
        with_article(to.label()),
        days(e.days_low, e.days_high),
        parts.join(", "),
        whole_money(e.one_off_usd),
        whole_money(e.day_rate_usd),
        whole_money(e.one_off_low_usd),
        whole_money(e.one_off_high_usd),
    ));
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
        let horizons: Vec<String> = [
            ("in 3 months", t.projected_requests_monthly_3m),
            ("in 6 months", t.projected_requests_monthly_6m),
            ("in 12 months", t.projected_requests_monthly_12m),
        ]
        .into_iter()
        .map(|(label, v)| {
            let change = if today > 0.0 {
                format!(" ({}%)", signed_count((v - today) / today * 100.0))
            } else {
                String::new()
            };
            format!("{} {label}{change}", count(v))
        })
        .collect();
        let mut words = format!(
            "**Trend:** daily {n} {slope} (least-squares slope over the window). If the slope holds, {n} per month go from {} today to {}.",
            count(today),
            horizons.join(", ")
        );
        if r.crossover
            .as_ref()
            .and_then(|c| c.requests_monthly)
            .is_some()
        {
            words.push_str(if t.crossover_within_12m {
                " At this trend the crossover volume is **reached within 12 months**: the cheaper option changes."
            } else {
                " At this trend the crossover volume is not reached within 12 months."
            });
        }
        doc.block(&words);
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
    let Some(alt) = crossover_alternative(r).or_else(|| r.best_alternative()) else {
        return;
    };
    let current = r.kind.label();
    match charts::cost_by_volume(r, alt, current, n) {
        Some(chart) => {
            let top = r.cost_by_volume.last().map_or(0.0, |p| p.requests_monthly);
            let mut caption = format!(
                "Monthly cost against monthly {n}, to scale from none to {}: bars are today's {current}, the line {}, both priced at {} evenly spaced volumes with the report's own prices (tiers included). Today's volume is {}",
                short_volume(top),
                with_article(alt.kind.label()),
                r.cost_by_volume.len(),
                short_volume(r.usage.requests_monthly),
            );
            match r.crossover.as_ref().and_then(|c| c.requests_monthly) {
                Some(x) if x <= top => {
                    caption.push_str(&format!("; the two cost the same at {}.", short_volume(x)))
                }
                _ => caption.push('.'),
            }
            doc.block(&caption);
            doc.mermaid(&chart);
        }
        None => {
            if r.usage.requests_monthly > 0.0 {
                doc.block("No cost-by-volume chart: a side of the comparison has an unpriced item, or no alternative is fully priced.");
            }
        }
    }
}

fn methodology(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Methodology and assumptions");
    doc.block("Costs are on-demand list prices in USD per month, computed from each resource's hourly CloudWatch usage over the window. Every estimate rests on these assumptions; each alternative in the resource details lists the ones specific to it.");
    doc.list(a.assumptions.iter().map(|s| text(s)));
    doc.block(&format!(
        "Charts are drawn for at most {CHARTED_RESOURCES} detailed resources whose recommendation is not to keep them, largest saving first. A cost-by-volume chart prices today's service and its main alternative at evenly spaced monthly volumes, from none to past twice today's and the crossover, with the same bills as the figures above (API Gateway tiers included); its volume axis is to scale, and the straight segments between the priced volumes are drawn, not priced."
    ));
}

fn data_quality(doc: &mut Doc, a: &Analysis) {
    doc.heading(2, "Data quality");
    if a.data_quality.is_empty() {
        doc.block("No data-quality issue was found: every figure comes from complete series.");
        return;
    }
    let names = &doc.names;
    let resources = |n: &DataNote| -> String {
        let mut shown: Vec<String> = n
            .resources
            .iter()
            .take(LISTED_NAMES)
            .map(|id| names.by_id(id))
            .collect();
        if n.resources.len() > LISTED_NAMES {
            shown.push(format!(
                "and {} more",
                count((n.resources.len() - LISTED_NAMES) as f64)
            ));
        }
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
    for n in notes.iter().take(LISTED_ROWS) {
        t.row(vec![
            n.code.title().to_owned(),
            name(&n.account_id),
            name(&n.region),
            resources(n),
            cell(&n.detail),
        ]);
    }
    if notes.len() > LISTED_ROWS {
        let mut per_code: BTreeMap<crate::model::NoteCode, (usize, usize)> = BTreeMap::new();
        for n in &notes {
            let e = per_code.entry(n.code).or_default();
            e.0 += 1;
            e.1 += n.resources.len();
        }
        let mut summary = Table::new(&[
            ("Note", Align::Left),
            ("Notes", Align::Right),
            ("Resources", Align::Right),
        ]);
        for (code, (n, r)) in per_code {
            summary.row(vec![
                code.title().to_owned(),
                count(n as f64),
                count(r as f64),
            ]);
        }
        doc.table(&summary);
        doc.block(&format!(
            "<details><summary>The first {LISTED_ROWS} of {} notes (the JSON report holds them all)</summary>",
            count(notes.len() as f64)
        ));
        doc.table(&t);
        doc.block("</details>");
    } else {
        doc.table(&t);
    }
}

/// Rows of a list of notes or failed calls before the rest is left to the JSON report.
const LISTED_ROWS: usize = 20;

/// Resources named in one note before the rest are counted.
const LISTED_NAMES: usize = 10;

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
    for g in a.coverage.gaps.iter().take(LISTED_ROWS) {
        let mut detail = cell(&g.message);
        if let Some(id) = &g.resource {
            let shown = doc.names.by_id(id);
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
    if a.coverage.gaps.len() > LISTED_ROWS {
        doc.block(&format!(
            "The first {LISTED_ROWS} are listed; the JSON report holds all {}.",
            count(a.coverage.gaps.len() as f64)
        ));
    }
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
    if let (Some(high_usd), Some(high_metrics)) =
        (scan.cloudwatch_usd_high, scan.metrics_requested_high)
    {
        if high_metrics > scan.metrics_requested {
            out.push_str(&format!(
                " Some answers took more than one NextToken page, and AWS does not say whether a further page bills its batch's metrics again: if it does, the scan cost {} ({}), so the range is {} to {}.",
                money_or_under_a_cent(high_usd),
                plural(high_metrics, "metric", "metrics"),
                money_or_under_a_cent(scan.cloudwatch_usd),
                money_or_under_a_cent(high_usd)
            ));
        }
    }
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
