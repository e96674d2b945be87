//! The first screens of the report: the title, the summary, the spend split, warnings, the top
//! opportunities, the groups and the per-region tables. What a reviewer reads before deciding.

use super::*;

// ------------------------------------------------------------- selection ------------

/// Per account and region (sorted), the resources by today's cost, largest first, then by
/// name.
pub(super) fn ordered_resources(a: &Analysis) -> BTreeMap<(&str, &str), Vec<&ResourceAnalysis>> {
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
pub(super) fn crossover_alternative(r: &ResourceAnalysis) -> Option<&Alternative> {
    r.crossover
        .as_ref()
        .and_then(|c| r.alternatives.iter().find(|a| a.kind == c.against))
}

/// "a REST API", "an ALB", "an HTTP API": initialisms read letter by letter take "an".
pub(super) fn with_article(label: &str) -> String {
    if label.starts_with("ALB") || label.starts_with("HTTP") {
        format!("an {label}")
    } else {
        format!("a {label}")
    }
}

/// Detailed resources whose recommendation is something to do, largest saving first, at
/// most [`CHARTED_RESOURCES`].
pub(super) fn charted<'a>(detailed: &[&'a ResourceAnalysis]) -> Vec<&'a str> {
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

pub(super) fn title(doc: &mut Doc, a: &Analysis) {
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

pub(super) fn summary(doc: &mut Doc, a: &Analysis) {
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
        if let Some(n) = s.resources_by_action.get(action) {
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
pub(super) struct ActionTotals {
    resources: usize,
    savings: f64,
    one_off: f64,
}

/// Today's spend by service, region and account: a pie where a few slices read faster than
/// a table, a table (largest first, the tail summed) where there are many.
pub(super) fn spend_split(doc: &mut Doc, a: &Analysis) {
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
pub(super) const SPLIT_ROWS: usize = 8;

pub(super) fn split_table(
    doc: &mut Doc,
    what: &str,
    mut rows: Vec<(String, usize, f64)>,
    total: f64,
) {
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
pub(super) fn account_label(a: &Analysis, id: &str) -> String {
    match a.account_names.get(id) {
        Some(n) => format!("{} ({})", name(n), name(id)),
        None => name(id),
    }
}

pub(super) fn warnings(doc: &mut Doc, a: &Analysis) {
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

pub(super) fn opportunities(doc: &mut Doc, a: &Analysis) {
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
pub(super) fn groups(doc: &mut Doc, a: &Analysis) {
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
                let n = g.resources_by_action.get(*action)?;
                let saving = g
                    .savings_by_action
                    .get(*action)
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
pub(super) fn one_off_and_payback(rec: &Recommendation) -> (String, String) {
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
pub(super) const OPEN_TABLE_ROWS: usize = 50;

/// One row per resource, per account and region, largest cost first; in a long report each
/// table is a collapsed section whose summary carries its totals.
pub(super) fn regions(
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
pub(super) fn short_kind(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Alb => "ALB",
        ResourceKind::RestApi => "REST",
        ResourceKind::HttpApi => "HTTP",
        ResourceKind::WebsocketApi => "WS",
    }
}

/// `migrate→HTTP`, `review→ALB`, `keep`.
pub(super) fn short_action(rec: &Recommendation) -> String {
    let action = rec.action.as_str();
    match (rec.action, rec.target) {
        (Action::Migrate | Action::Review | Action::FrontWithApi, Some(t)) => {
            format!("{action}→{}", short_kind(t.kind()))
        }
        _ => action.to_owned(),
    }
}

/// `1,234.56`: money in a column whose header says USD.
pub(super) fn bare_money(usd: f64) -> String {
    let m = money(usd);
    m.replacen('$', "", 1)
}
