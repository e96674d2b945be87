//! One resource in detail: its usage, its cost lines, each alternative with its effort, the
//! crossover and trend, and its charts.

use super::*;

/// The resources that get full detail: the top `details` by saving, then by today's cost.
pub(super) fn detailed(a: &Analysis, details: Details) -> Vec<&ResourceAnalysis> {
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

pub(super) fn details(doc: &mut Doc, a: &Analysis, detailed: &[&ResourceAnalysis]) {
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

pub(super) fn resource(doc: &mut Doc, a: &Analysis, r: &ResourceAnalysis, charts: bool) {
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

pub(super) fn usage(doc: &mut Doc, r: &ResourceAnalysis) {
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

pub(super) fn cost_lines(doc: &mut Doc, lines: &[Line], total: f64) {
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

pub(super) fn unpriced(doc: &mut Doc, items: &[crate::pricing::Item]) {
    if !items.is_empty() {
        let items: Vec<String> = items.iter().map(|i| text(i.name())).collect();
        doc.block(&format!(
            "**Not priced:** the price book has no price in this region for {}; the total leaves it out.",
            items.join(", ")
        ));
    }
}

pub(super) fn alternative(doc: &mut Doc, alt: &Alternative) {
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

pub(super) fn dearer_alternative(doc: &mut Doc, alt: &Alternative, today: f64) {
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

pub(super) fn effort(doc: &mut Doc, to: Target, e: &Effort) {
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

pub(super) fn crossover_and_trend(doc: &mut Doc, r: &ResourceAnalysis) {
    let n = noun(r.kind);
    let today = r.usage.requests_monthly;
    let mut words = Vec::new();
    if let Some(c) = &r.crossover {
        let other = c.against.label();
        let current = r.kind.label();
        let cheaper_below = c.cheaper_below.label();
        let cheaper_above = if c.cheaper_below == c.against.kind() {
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
                let (cheap, dear) = if c.cheaper_below == c.against.kind() {
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

pub(super) fn resource_charts(doc: &mut Doc, a: &Analysis, r: &ResourceAnalysis) {
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
